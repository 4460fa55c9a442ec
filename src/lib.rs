//! # keyaccounts
//!
//! Reads a company's sales file (xlsx, xlsm, xlsb, xls, ods, csv) and tells
//! which clients are key accounts and where the business depends on a few.

pub mod core;

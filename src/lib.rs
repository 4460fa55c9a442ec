//! # keyaccounts
//!
//! Reads a company's sales file (xlsx, xlsm, xlsb, xls, ods, csv) and tells
//! which clients are key accounts and where the business depends on a few.

pub mod core;

pub use crate::core::analyze::{analyze, analyze_files};
pub use crate::core::error::{Error, ErrorKind};
pub use crate::core::options::{ColumnOverrides, Identity, Limits, Options, Thresholds};
pub use crate::core::report::Report;

#[cfg(target_arch = "wasm32")]
pub mod web;

//! # keyaccounts
//!
//! Reads a company's sales file (xlsx, xlsm, xlsb, xls, ods, csv) and tells
//! which clients are key accounts and where the business depends on a few.

pub mod core;

pub use crate::core::error::{Error, ErrorCode, ErrorKind};
pub use crate::core::options::{
    ColumnOverrides, IdentityOptions, Limits, MethodOptions, Options, ReadOptions, Thresholds,
};
pub use crate::core::report::Report;
pub use crate::core::role::Role;
pub use crate::core::session::{Session, SessionStats, analyze, analyze_files};

#[cfg(target_arch = "wasm32")]
pub mod web;

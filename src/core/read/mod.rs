//! Bytes to a [`Workbook`]: sniff the format from the bytes, then read it
//! with calamine (spreadsheets) or the csv crate (delimited text), streaming
//! cells into the engine's sparse table under the caller's [`Limits`].
// INTERFACE STUB — replaced by the read helper.

pub mod sniff;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::table::Workbook;

/// Reads a whole file.
///
/// # Errors
/// `unsupported_format`, `damaged_file`, `password_protected`, `too_large`, `empty_workbook`.
pub fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<Workbook> {
    let _ = (bytes, limits);
    Err(Error::new(ErrorKind::UnsupportedFormat { hint: None }))
}

//! The whole run: bytes and options in, a report out.

use crate::core::error::Result;
use crate::core::options::Options;
use crate::core::report::Report;

/// Reads a sales file and builds its report.
///
/// # Errors
/// Any [`crate::core::error::ErrorKind`]: unreadable, protected or oversized
/// files, or no client / amount column.
pub fn analyze(bytes: &[u8], options: &Options) -> Result<Report> {
    let workbook = crate::core::read::read_workbook(bytes, &options.limits)?;
    let _ = workbook;
    Err(crate::core::error::Error::new(crate::core::error::ErrorKind::EmptyWorkbook))
}

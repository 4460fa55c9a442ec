//! Bytes to a [`Workbook`]: sniff the format from the bytes, then read it
//! with calamine (spreadsheets) or the csv crate (delimited text), streaming
//! cells into the engine's sparse table under the caller's [`Limits`].
//!
//! The pipeline, cheapest checks first:
//! 1. `max_file_bytes`;
//! 2. [`sniff::sniff_format`] on the first bytes (zip, OLE, text, and the
//!    recognised-but-unsupported 1C .mxl, HTML, SpreadsheetML 2003, PDF);
//! 3. for zip, [`zip_guard::inspect_zip`] checks each entry's declared size and
//!    tells xlsx / xlsb / ods (and encrypted ods) apart, then
//!    [`inflate_guard::check_inflation`] inflates the parts once, counting (an
//!    xlsx's worksheet parts are counted as [`xlsx_fast`] inflates them, by the
//!    same checks, and in full before calamine reads any); for OLE,
//!    [`ole::inspect_ole`] tells xls (BIFF8 or BIFF5/7) from an encrypted xlsx;
//! 4. for ods, [`ods_guard::check_ods_repeats`] bounds the repeat counts
//!    before calamine expands them; for xls, [`xls_guard::check_xls`] bounds
//!    the DIMENSIONS records and dense ranges calamine would allocate; for
//!    xlsb, [`xlsb_guard::check_xlsb`] walks the records calamine indexes
//!    without bounds checks (workbook, string table, styles, every sheet);
//! 5. [`workbook`] or [`csv`] fills the sparse table, charging every kept cell
//!    to one budget (`max_cells`, `max_text_bytes`, `max_rows`); xlsx sheets in
//!    the dialect Excel writes are scanned by [`xlsx_fast`] (calamine reads the
//!    rest), and xlsx merged areas come from a byte scan of the sheet part
//!    ([`xlsx_merges`]).

pub mod codepage;
pub mod csv;
mod csv_repair;
pub mod inflate_guard;
pub mod ods_guard;
pub mod ole;
pub mod progress;
pub mod sink;
pub mod sniff;
pub mod source;
mod text;
pub mod workbook;
pub mod xls_guard;
pub mod xlsb_guard;
pub mod xlsx_fast;
pub mod xlsx_guard;
pub mod xlsx_merges;
pub mod zip_guard;

#[cfg(test)]
mod tests;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::table::Workbook;
use progress::{Progress, Sink};

use ole::OleKind;
use sniff::Sniffed;
use source::{Source, SourceCursor};
use zip_guard::ZipKind;

fn unsupported(hint: Option<&'static str>, detail: &str) -> Error {
    Error::new(ErrorKind::UnsupportedFormat { hint }).with_detail(detail.to_string())
}

/// Reads a whole file.
///
/// # Errors
/// `unsupported_format`, `damaged_file`, `password_protected`, `too_large`.
/// (An empty workbook is returned as such; `empty_workbook` is the caller's
/// decision.)
#[cfg(test)]
pub fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<Workbook> {
    read_workbook_with(bytes, limits, &mut |_| {})
}

/// Reads a whole file, telling `progress` how far it has come: every few
/// thousand rows of a streamed xlsx/xlsb sheet, and once when the file is read.
///
/// # Errors
/// As [`read_workbook`].
#[cfg(test)]
pub fn read_workbook_with(bytes: &[u8], limits: &Limits, progress: Sink<'_>) -> Result<Workbook> {
    read_source_with(&bytes, limits, progress)
}

/// [`read_workbook_with`] from a [`Source`]: an xlsx is read from it part by part, never
/// copied whole; the other formats copy it in.
///
/// # Errors
/// As [`read_workbook`].
pub fn read_source_with(src: &dyn Source, limits: &Limits, progress: Sink<'_>) -> Result<Workbook> {
    let workbook = read_any(src, limits, progress)?;
    let rows = workbook.sheets.iter().map(|s| u64::from(s.height())).sum();
    progress(Progress {
        rows,
        fraction: Some(1.0),
    });
    Ok(workbook)
}

fn read_any(src: &dyn Source, limits: &Limits, progress: Sink<'_>) -> Result<Workbook> {
    if src.size() > limits.max_file_bytes {
        return Err(Error::new(ErrorKind::TooLarge {
            limit: "max_file_bytes",
            max: limits.max_file_bytes,
        }));
    }
    let cursor = SourceCursor::new(src);
    match sniff::sniff_format(&cursor.head(sniff::HEAD)) {
        Sniffed::Zip => match zip_guard::inspect_zip(src, limits)? {
            kind @ (ZipKind::Xlsx | ZipKind::Xlsb | ZipKind::Ods) => {
                // An xlsx's worksheets are checked as the fast reader inflates them.
                // (xlsb and ods readers take no scans: their guard only checks.)
                let guard = if matches!(kind, ZipKind::Xlsx) {
                    inflate_guard::check_inflation_streaming(src, limits)?
                } else {
                    inflate_guard::check_inflation(src, limits)?;
                    inflate_guard::StreamGuard::new(limits)
                };
                read_package(src, limits, progress, kind, guard)
            }
            ZipKind::OdsEncrypted => {
                Err(Error::new(ErrorKind::PasswordProtected).with_detail("ods manifest declares encryption-data"))
            }
            ZipKind::Other => Err(unsupported(None, "zip without a spreadsheet workbook part")),
        },
        Sniffed::Ole => {
            let bytes = cursor.read_all();
            match ole::inspect_ole(&bytes) {
                OleKind::EncryptedPackage => Err(Error::new(ErrorKind::PasswordProtected)
                    .with_detail("OLE container with EncryptedPackage (encrypted Office Open XML)")),
                kind @ (OleKind::Biff8 | OleKind::Biff5) => {
                    xls_guard::check_xls(&bytes, limits)?;
                    workbook::read_xls(&bytes, limits, kind)
                }
                OleKind::Other => Err(unsupported(None, "OLE container without a Workbook/Book stream")),
            }
        }
        Sniffed::Text => csv::read_csv(&cursor.read_all(), limits),
        Sniffed::Mxl => Err(unsupported(Some("mxl"), "1C spreadsheet document")),
        Sniffed::Html => Err(unsupported(Some("html"), "an HTML page, not a spreadsheet")),
        Sniffed::XmlSpreadsheet => Err(unsupported(Some("xml_spreadsheet_2003"), "Excel 2003 XML Spreadsheet")),
        Sniffed::Pdf => Err(unsupported(Some("pdf"), "a PDF document")),
        Sniffed::Unknown => Err(unsupported(None, "unrecognised bytes")),
    }
}

/// A zip package whose parts passed the guards: the format's own pre-check, then its reader.
fn read_package(
    src: &dyn Source,
    limits: &Limits,
    progress: Sink<'_>,
    kind: ZipKind,
    guard: inflate_guard::StreamGuard,
) -> Result<Workbook> {
    match kind {
        ZipKind::Xlsb => {
            xlsb_guard::check_xlsb(src)?;
            workbook::read_xlsb(src, limits, progress)
        }
        ZipKind::Ods => {
            ods_guard::check_ods_repeats(src, limits)?;
            workbook::read_ods(src, limits)
        }
        _ => {
            xlsx_guard::check_shared_strings(src, limits)?;
            workbook::read_xlsx(src, limits, progress, guard)
        }
    }
}

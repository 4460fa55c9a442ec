//! Exports of a finished report, in Russian or English ([`Lang`]):
//!
//! - [`xlsx`]: an Excel workbook — summary with a Pareto chart, findings, clients,
//!   key accounts, managers, departments, periods, data quality (feature `export`);
//! - [`clients_csv`]: the client table as CSV for Excel (BOM, the locale's
//!   separator, formula injection neutralised);
//! - [`text`]: a summary for the terminal.
//!
//! The exports read the report through its JSON contract ([`ReportView`],
//! `docs/report.md`): the page hands over `JSON.stringify(report)`, the command
//! line its [`Report`], and both take the same path. An anonymised report
//! (`report::anonymize`) exports as it is: the exports add no name of their own.
//! Sheets, columns and dialects: `docs/exports.md`.

mod clients;
pub mod clients_csv;
mod format;
pub mod sentences;
pub mod text;
pub mod view;
pub mod words;
#[cfg(feature = "export")]
pub mod xlsx;

use crate::core::error::{Error, ErrorKind, Result};
pub use crate::core::options::Lang;
use crate::core::report::Report;
pub use view::ReportView;

/// The language of `code` (`ru`, `en`).
///
/// # Errors
/// `bad_options` (option `lang`) for another code.
pub fn lang(code: &str) -> Result<Lang> {
    Lang::from_code(code).ok_or_else(|| {
        Error::new(ErrorKind::BadOptions {
            option: "lang",
            reason: "ru or en",
        })
    })
}

/// The client table of `report` as CSV text, starting with a byte-order mark.
///
/// # Errors
/// `bad_options` (option `report`) if the report cannot be read (never expected).
///
/// # Examples
/// ```
/// use keyaccounts::core::export::{Lang, clients_csv};
/// let csv = "Клиент;Сумма\nООО Ромашка;900\n=cmd;100\n";
/// let report = keyaccounts::analyze(csv.as_bytes(), &Default::default())?;
/// let out = clients_csv(&report, Lang::Ru)?;
/// assert!(out.starts_with('\u{feff}'));
/// assert!(out.contains(";'=cmd;100,00;"));
/// # Ok::<(), keyaccounts::Error>(())
/// ```
pub fn clients_csv(report: &Report, lang: Lang) -> Result<String> {
    Ok(clients_csv::clients_csv(&ReportView::of(report)?, lang))
}

/// `report` as text for a terminal.
///
/// # Errors
/// `bad_options` (option `report`) if the report cannot be read (never expected).
pub fn text(report: &Report, lang: Lang) -> Result<String> {
    Ok(text::text(&ReportView::of(report)?, lang))
}

/// `report` as an Excel workbook (the bytes of an `.xlsx` file).
///
/// # Errors
/// `bad_options` (option `report`) if the report cannot be read or written (never expected).
#[cfg(feature = "export")]
pub fn xlsx(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    xlsx::xlsx(&ReportView::of(report)?, lang)
}

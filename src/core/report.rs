//! The serde Report: the one contract the CLI, the page and the tests share.
//! Documented field by field in docs/report.md; bump [`SCHEMA_VERSION`] on
//! any incompatible change.

use crate::core::table::Visibility;
use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

/// The result of one analysis run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub source: Source,
    /// "Today" for time-based findings (ISO): the caller's, else the latest sale date; null without dates.
    pub as_of: Option<String>,
    /// Net total of the used lines (returns subtracted), rounded to cents.
    pub total: f64,
    /// Clients, largest net amount first (ties by folded name).
    pub clients: Vec<ClientShare>,
    /// What was skipped, coerced or decided, with row references.
    pub data_quality: Vec<QualityNote>,
}

/// Where the numbers came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// `xlsx`, `xlsb`, `xls`, `ods` or `csv` (xlsm reads as xlsx).
    pub format: String,
    /// The sheet analysed.
    pub sheet: String,
    /// Why this sheet: `requested`, `only_sheet` or `best_table`.
    pub sheet_reason: String,
    /// Every sheet of the file, in file order.
    pub sheets: Vec<SheetInfo>,
    /// 1-based row of the header (the first one, when it spans two rows).
    pub header_row: u32,
    /// How many rows the header spans (1 or 2).
    pub header_rows: u32,
    /// Role → header text as in the file (`client`, `amount`, `date`, `manager`,
    /// `department`, `product`, `quantity`); only roles found are present.
    pub columns: BTreeMap<String, String>,
    /// Role → column letter, same keys as `columns`.
    pub column_letters: BTreeMap<String, String>,
    /// Rows below the header up to the last non-empty row of the sheet.
    pub rows_in_table: u32,
    /// Rows that became sales lines. `rows_in_table = rows_used + Σ skipped`.
    pub rows_used: u32,
    /// Rows skipped, by reason code (the same codes as in `data_quality`).
    pub rows_skipped: BTreeMap<String, u32>,
    /// First and last sale date among used lines (ISO), when there is a date column.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

/// One sheet of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    pub visibility: Visibility,
    /// Number of non-empty rows.
    pub rows: u32,
    /// True for chart sheets (never analysed).
    pub chart: bool,
}

/// A client's net amount and share of the net total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientShare {
    /// The most frequent spelling in the file.
    pub name: String,
    /// Net amount, rounded to cents.
    pub amount: f64,
    /// Fraction of the net total (0.25 = 25%); 0 when the total is not positive.
    pub share: f64,
    /// Number of sales lines.
    pub lines: u32,
}

/// A data-quality note: rows skipped, values coerced, decisions made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityNote {
    /// Stable snake_case code (see docs/report.md for the list).
    pub code: String,
    /// Rows (or values) concerned.
    pub count: u32,
    pub sheet: Option<String>,
    /// Header text of the column concerned, if any.
    pub column: Option<String>,
    /// The first few 1-based row numbers.
    pub rows: Vec<u32>,
    /// Machine-readable detail (a currency, an encoding, the chosen column…).
    pub detail: Option<String>,
}

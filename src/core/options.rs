//! What the caller can set. Everything has a sane default.

use crate::core::value::Date;

/// Resource limits: beyond any of them the run stops with `too_large`,
/// never an out-of-memory, a hang or a panic.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Most non-empty cells kept over the whole workbook.
    pub max_cells: u64,
    /// Most bytes of cell text kept over the whole workbook.
    pub max_text_bytes: u64,
    /// Most bytes a zip entry (xlsx/ods part) may inflate to.
    pub max_decompressed_bytes: u64,
    /// Most cells an ODS repeat attribute may expand to (checked before calamine expands it).
    pub max_ods_repeat: u64,
    /// Highest row index accepted (0-based); Excel's own maximum by default.
    pub max_rows: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_cells: 30_000_000,
            max_text_bytes: 512 * 1024 * 1024,
            max_decompressed_bytes: 2 * 1024 * 1024 * 1024,
            max_ods_repeat: 10_000_000,
            max_rows: 1_048_576,
        }
    }
}

/// Caller's choice of columns, each by header text (as in the file, case- and
/// space-insensitive) or by column letter ("C").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnOverrides {
    pub client: Option<String>,
    pub amount: Option<String>,
    pub date: Option<String>,
    pub manager: Option<String>,
    pub department: Option<String>,
    pub product: Option<String>,
    pub quantity: Option<String>,
}

/// Options for one analysis run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Sheet to analyse; chosen automatically when `None`.
    pub sheet: Option<String>,
    pub columns: ColumnOverrides,
    /// "Today" for time-based findings; defaults to the latest date in the file.
    pub as_of: Option<Date>,
    /// Read dates like `03/04/2024` as month first (US). `None`: decided from the column.
    pub month_first: Option<bool>,
    pub limits: Limits,
}

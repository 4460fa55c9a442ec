//! The engine's own compact, sparse table, independent of calamine: only
//! non-empty cells are stored, so a sheet that declares A1:XFD1048576 costs
//! what it holds, not what it declares.

use crate::core::parse::name::is_invisible_format;
use crate::core::quality::Note;
use std::sync::Arc;

/// A cell's number, stored 4-byte aligned: on wasm32 an `f64` field would make every stored
/// cell (column and value) 24 bytes instead of 16 — 56 MB more for a million 7-column rows.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct Num(pub f64);

impl Num {
    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

// What `Num` is for: a stored cell is 16 bytes in the page's wasm32 build.
#[cfg(target_arch = "wasm32")]
const _: () = assert!(std::mem::size_of::<(u32, Cell)>() == 16);

/// One cell value as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(Num),
    /// Shared: the reader interns each distinct text once, so a name on a
    /// million rows is stored once ([`crate::core::read::sink`]).
    Text(Arc<str>),
    Bool(bool),
    /// A date-typed cell: the raw serial as stored in the file (in the
    /// workbook's date system, see [`Workbook::epoch_1904`]). Kept raw so a
    /// date-formatted cell in a money column still reads as the number it is.
    DateTime(Num),
    /// An ISO 8601 date/time stored as text by the format (ods).
    DateIso(Arc<str>),
    /// A formula error such as `#DIV/0!`.
    Error(Arc<str>),
}

impl Cell {
    /// A number cell.
    pub fn number(n: f64) -> Cell {
        Cell::Number(Num(n))
    }
    /// A date-typed cell's raw serial.
    pub fn date_time(n: f64) -> Cell {
        Cell::DateTime(Num(n))
    }
    /// The cell as display text (numbers without exponent noise).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Number(n) | Cell::DateTime(n) => format_number(n.get()),
            Cell::Text(s) | Cell::DateIso(s) | Cell::Error(s) => s.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
    /// The cell as display text, sharing a text cell's own string.
    pub fn to_shared_text(&self) -> Arc<str> {
        match self {
            Cell::Text(s) | Cell::DateIso(s) | Cell::Error(s) => Arc::clone(s),
            other => other.to_text().into(),
        }
    }
    /// The shared text, if the cell is text.
    pub fn as_shared_text(&self) -> Option<&Arc<str>> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
    /// Text content, if the cell is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
    /// True for text that is empty or whitespace only (1C writes `' '` into empty cells),
    /// zero-width and bidirectional formatting characters included: they show nothing.
    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(s) if s.chars().all(|c| c.is_whitespace() || is_invisible_format(c)))
    }
}

/// Formats a number the way a spreadsheet shows it by default (no `1e7`).
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n == n.trunc() && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A stored row: its 0-based index in the sheet and its non-empty cells,
/// sorted by column (0-based).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<(u32, Cell)>,
}

impl Row {
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|(_, cell)| cell)
    }
    /// True when no cell holds anything but whitespace.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, c)| c.is_blank())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    Hidden,
    VeryHidden,
}

/// A merged area, 0-based inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One worksheet's content.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetTable {
    pub name: String,
    pub visibility: Visibility,
    /// Non-empty rows in ascending `index` order.
    pub rows: Vec<Row>,
    /// Merged areas where the format records them (xlsx, xls); empty otherwise.
    pub merges: Vec<Merge>,
    /// (0-based row, outline level ≥ 1) of grouped rows, ascending; only xlsx
    /// keeps them for us (calamine exposes none for xls, xlsb or ods).
    pub outline: Vec<(u32, u8)>,
    /// True for chart, dialog and macro sheets: listed, never analysed.
    pub is_chart: bool,
}

impl SheetTable {
    pub fn new(name: impl Into<String>) -> Self {
        SheetTable {
            name: name.into(),
            visibility: Visibility::Visible,
            rows: Vec::new(),
            merges: Vec::new(),
            outline: Vec::new(),
            is_chart: false,
        }
    }
    /// Number of stored non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).sum()
    }
    /// One past the largest row index used (rows are in ascending order).
    pub fn height(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.index.saturating_add(1))
    }

    /// One past the largest column index used.
    pub fn width(&self) -> u32 {
        self.rows
            .iter()
            .filter_map(|r| r.cells.last().map(|(c, _)| c + 1))
            .max()
            .unwrap_or(0)
    }
    /// The outline level of a row (0 when not grouped or not recorded).
    pub fn outline_level(&self, index: u32) -> u8 {
        self.outline
            .binary_search_by_key(&index, |(r, _)| *r)
            .ok()
            .and_then(|i| self.outline.get(i))
            .map_or(0, |(_, l)| *l)
    }
    /// The stored row with this 0-based index.
    pub fn row(&self, index: u32) -> Option<&Row> {
        self.rows
            .binary_search_by_key(&index, |r| r.index)
            .ok()
            .and_then(|i| self.rows.get(i))
    }
}

/// File format, as sniffed from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

/// A whole file read into sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub format: Format,
    /// True when date serials count from 1904 (old Mac Excel).
    pub epoch_1904: bool,
    /// All sheets in file order, including hidden and chart sheets.
    pub sheets: Vec<SheetTable>,
    /// What the reader decided (`csv_dialect`, `encoding_repaired`).
    pub notes: Vec<Note>,
}

/// Column letter for a 0-based index: 0 → "A", 27 → "AB".
pub fn column_letter(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// 0-based index for a column letter ("ab" or "AB" → 27); `None` if not letters.
pub fn parse_column_letter(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in s.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for (i, s) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ] {
            assert_eq!(column_letter(i), s);
            assert_eq!(parse_column_letter(s), Some(i));
        }
        assert_eq!(parse_column_letter("Сумма"), None);
        assert_eq!(parse_column_letter("ab"), Some(27));
    }

    #[test]
    fn row_lookup_is_by_column() {
        let row = Row {
            index: 3,
            cells: vec![(1, Cell::number(2.0)), (4, Cell::Text("x".into()))],
        };
        assert_eq!(row.get(4), Some(&Cell::Text("x".into())));
        assert_eq!(row.get(2), None);
    }
}

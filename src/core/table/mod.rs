//! The engine's own compact, sparse table, independent of calamine: only
//! non-empty cells are stored, so a sheet that declares A1:XFD1048576 costs
//! what it holds, not what it declares.

mod cell;
mod rows;

pub use cell::{Cell, Row};
pub use rows::{PACK_AFTER_CELLS, Rows};

use crate::core::quality::Note;
use std::borrow::Cow;

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
    /// Non-empty rows in ascending `index` order (packed once the sheet is large).
    pub rows: Rows,
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
            rows: Rows::default(),
            merges: Vec::new(),
            outline: Vec::new(),
            is_chart: false,
        }
    }
    /// Number of stored non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.rows.cell_count()
    }
    /// One past the largest row index used (rows are in ascending order).
    pub fn height(&self) -> u32 {
        self.rows
            .len()
            .checked_sub(1)
            .and_then(|pos| self.rows.index_at(pos))
            .map_or(0, |i| i.saturating_add(1))
    }

    /// One past the largest column index used.
    pub fn width(&self) -> u32 {
        self.rows.width()
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
    pub fn row(&self, index: u32) -> Option<Cow<'_, Row>> {
        self.rows.position_of(index).and_then(|pos| self.rows.get(pos))
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

//! A cell's value and a stored row.

use crate::core::parse::name::is_invisible_format;
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

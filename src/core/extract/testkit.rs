//! Sheets and layouts written by hand for the extraction tests of every shape.

use crate::core::detect::Layout;
use crate::core::detect::layout::{Chosen, ColumnChoice};
use crate::core::model::TableLines;
use crate::core::role::Role;
use crate::core::table::{Cell, Row, SheetTable};

pub(super) fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

/// A sheet from (0-based row, [(column, cell)]).
pub(super) fn sheet(rows: Vec<(u32, Vec<(u32, Cell)>)>) -> SheetTable {
    let mut t = SheetTable::new("Лист1");
    t.rows = rows.into_iter().map(|(index, cells)| Row { index, cells }).collect();
    t
}

/// A column with its role, as the header chose it.
pub(super) fn choice(role: Role, col: u32) -> ColumnChoice {
    ColumnChoice {
        role,
        col,
        header: String::new(),
        chosen: Chosen::Header,
        alternatives: vec![],
    }
}

/// The layout the detector would report: header texts from the sheet's header row.
pub(super) fn layout(sheet: &SheetTable, header_row: u32, client: u32, amount: u32) -> Layout {
    let headers = sheet
        .row(header_row)
        .map(|r| r.cells.iter().map(|(c, cell)| (*c, cell.to_text())).collect())
        .unwrap_or_default();
    Layout {
        header_row,
        header_rows: 1,
        columns: vec![choice(Role::Client, client), choice(Role::Amount, amount)],
        notes: vec![],
        headers,
        wide: None,
    }
}

/// Every row below the header, counted once: used or skipped.
pub(super) fn used_plus_skipped(l: &TableLines) -> u32 {
    l.rows_used() + l.skipped.values().map(|r| r.count).sum::<u32>()
}

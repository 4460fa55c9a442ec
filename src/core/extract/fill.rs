//! Values written once for several rows: a vertically merged cell (client,
//! manager, department, date, status, client ID, parent) applies to every row
//! it spans.
//!
//! - Formats that keep merge records (xlsx, xls): only the recorded areas
//!   are filled ([`from_merges`]); a blank client outside them stays a row
//!   without a client.
//! - Formats without them (ods through calamine, csv, xlsb): a blank cell in
//!   a grouping column of a sale right below a sale with a value takes that
//!   value ([`ShapeFill`]) — only in a column where that shape repeats, and
//!   never across a blank row, a total, a header or a skipped row.
//!
//! Amount and quantity columns are never filled.

use crate::core::role::Role;
use crate::core::table::{Cell, Row, SheetTable};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

/// Roles whose value a merged cell spreads down its rows.
pub(super) const FILL_ROLES: [Role; 7] = [
    Role::Client,
    Role::Manager,
    Role::Department,
    Role::Date,
    Role::Status,
    Role::ClientId,
    Role::Parent,
];

/// Rows (0-based index) patched from vertical merge records at or below
/// `first` (the first data row), with the roles filled in each.
pub(super) fn from_merges(sheet: &SheetTable, cols: &[(Role, u32)], first: u32) -> HashMap<u32, (Row, Vec<Role>)> {
    let mut out: HashMap<u32, (Row, Vec<Role>)> = HashMap::default();
    for m in sheet
        .merges
        .iter()
        .filter(|m| m.last_row > m.first_row && m.first_row >= first)
    {
        let Some(value) = sheet
            .row(m.first_row)
            .and_then(|r| r.get(m.first_col).cloned())
            .filter(|c| !c.is_blank())
        else {
            continue;
        };
        for &(role, col) in cols.iter().filter(|(_, c)| (m.first_col..=m.last_col).contains(c)) {
            for index in m.first_row + 1..=m.last_row {
                // Rows the sheet does not store hold nothing else: they stay blank rows.
                let Some(row) = sheet.row(index) else { continue };
                let entry = out.entry(index).or_insert_with(|| (row.into_owned(), Vec::new()));
                if entry.0.get(col).is_none_or(Cell::is_blank) {
                    set(&mut entry.0, col, value.clone());
                    entry.1.push(role);
                }
            }
        }
    }
    out
}

fn set(row: &mut Row, col: u32, cell: Cell) {
    match row.cells.binary_search_by_key(&col, |(c, _)| *c) {
        Ok(i) => {
            if let Some(slot) = row.cells.get_mut(i) {
                slot.1 = cell;
            }
        }
        Err(i) => row.cells.insert(i, (col, cell)),
    }
}

/// Fills blank grouping cells from the sale right above, for formats that
/// keep no merge records.
pub(super) struct ShapeFill {
    /// Columns where the shape repeats.
    cols: Vec<(Role, u32)>,
    /// The last sale's row index and its values in those columns.
    prev: Option<(u32, Vec<(u32, Cell)>)>,
}

impl ShapeFill {
    /// Looks for the shape in `rows` (the data rows): blank cells in sales
    /// (rows with an amount) right below a sale with a value, at least three times,
    /// in a third of the sales, while two touching sales never repeat a written
    /// value (a repeat would have been merged). Missing data is scattered and
    /// repeats values; it is not filled.
    pub(crate) fn new<'r>(
        rows: impl Iterator<Item = Cow<'r, Row>>,
        cols: &[(Role, u32)],
        amount_col: u32,
    ) -> ShapeFill {
        let has = |r: &Row, c: u32| r.get(c).is_some_and(|x| !x.is_blank());
        let mut sales = 0usize;
        // (starts, blanks, repeats) per column: blank cells right below a written value,
        // blank cells below a sale, and touching sales repeating a written value.
        let mut counts = vec![(0usize, 0usize, 0usize); cols.len()];
        let mut above: Option<Cow<'r, Row>> = None;
        for row in rows {
            let sale = has(&row, amount_col);
            sales += usize::from(sale);
            if let Some(above) = above
                .as_ref()
                .filter(|a| sale && has(a, amount_col) && a.index + 1 == row.index)
            {
                for (&(_, col), (starts, blanks, repeats)) in cols.iter().zip(counts.iter_mut()) {
                    match (
                        above.get(col).filter(|c| !c.is_blank()),
                        row.get(col).filter(|c| !c.is_blank()),
                    ) {
                        (Some(_), None) => {
                            *starts += 1;
                            *blanks += 1;
                        }
                        (None, None) => *blanks += 1,
                        (Some(a), Some(b)) => {
                            if a.to_text().trim() == b.to_text().trim() {
                                *repeats += 1;
                            }
                        }
                        (None, Some(_)) => {}
                    }
                }
            }
            above = Some(row);
        }
        // A blank client loses the sale, so the client column fills on the plain shape; a blank
        // manager or department only loses a label, and scattered missing labels look alike in a
        // small table — those fill when merged cells never repeat a written value (a repeat would
        // have been one merge) and the table is large enough to show it, or the client column
        // shows the same shape (a hierarchy of merges).
        let shapes: Vec<(Role, u32, (usize, usize, usize))> = cols
            .iter()
            .zip(counts)
            .map(|(&(role, col), counts)| (role, col, counts))
            .collect();
        let client_shape = shapes
            .iter()
            .any(|&(role, _, (starts, blanks, _))| role == Role::Client && starts >= 2 && blanks * 3 >= sales);
        let cols = shapes
            .into_iter()
            .filter(|&(role, _, (starts, blanks, repeats))| {
                if role == Role::Client {
                    return client_shape;
                }
                starts >= 2 && repeats == 0 && blanks * 3 >= sales && (client_shape || sales >= 24)
            })
            .map(|(role, col, _)| (role, col))
            .collect();
        ShapeFill { cols, prev: None }
    }

    pub(crate) fn is_active(&self) -> bool {
        !self.cols.is_empty()
    }

    /// `row` (a sale) with its blank cells filled from the sale right above,
    /// and the roles filled; `None` when nothing was. `client` false keeps the
    /// client cell as it is (the row may be an unlabelled total).
    pub(crate) fn fill(&self, row: &Row, client: bool) -> Option<(Row, Vec<Role>)> {
        let (index, values) = self.prev.as_ref()?;
        if index + 1 != row.index {
            return None;
        }
        let mut out: Option<(Row, Vec<Role>)> = None;
        for &(role, col) in &self.cols {
            if (role == Role::Client && !client) || row.get(col).is_some_and(|c| !c.is_blank()) {
                continue;
            }
            let Some((_, value)) = values.iter().find(|(c, _)| *c == col) else {
                continue;
            };
            let entry = out.get_or_insert_with(|| (row.clone(), Vec::new()));
            set(&mut entry.0, col, value.clone());
            entry.1.push(role);
        }
        out
    }

    /// Remembers `row` (as filled) as the last sale.
    pub(crate) fn remember(&mut self, row: &Row) {
        if self.cols.is_empty() {
            return;
        }
        let values = self
            .cols
            .iter()
            .filter_map(|&(_, col)| row.get(col).filter(|c| !c.is_blank()).map(|c| (col, c.clone())))
            .collect();
        self.prev = Some((row.index, values));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::table::Merge;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn row(index: u32, cells: Vec<(u32, Cell)>) -> Row {
        Row { index, cells }
    }

    #[test]
    fn merge_records_fill_only_their_own_rows_and_columns() {
        let mut s = SheetTable::new("s");
        s.rows = vec![
            row(0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            row(1, vec![(0, text("Ромашка")), (1, Cell::number(1.0))]),
            row(2, vec![(1, Cell::number(2.0))]),
            row(3, vec![(1, Cell::number(3.0))]),
        ]
        .into();
        s.merges = vec![
            Merge {
                first_row: 1,
                first_col: 0,
                last_row: 2,
                last_col: 0,
            },
            // A header merge reaching into the data does not spread the header text.
            Merge {
                first_row: 0,
                first_col: 1,
                last_row: 1,
                last_col: 1,
            },
        ];
        let filled = from_merges(&s, &[(Role::Client, 0)], 1);
        assert_eq!(filled.len(), 1);
        let (r, roles) = &filled[&2];
        assert_eq!(r.get(0), Some(&text("Ромашка")));
        assert_eq!(r.get(1), Some(&Cell::number(2.0)), "amount untouched");
        assert_eq!(roles, &vec![Role::Client]);
    }

    #[test]
    fn the_shape_fills_only_where_it_repeats_and_rows_touch() {
        let rows = [
            row(1, vec![(0, text("А")), (1, Cell::number(1.0))]),
            row(2, vec![(1, Cell::number(2.0))]),
            row(3, vec![(0, text("Б")), (1, Cell::number(3.0))]),
            row(4, vec![(1, Cell::number(4.0))]),
            row(6, vec![(1, Cell::number(5.0))]),
        ];
        let mut f = ShapeFill::new(rows.iter().map(Cow::Borrowed), &[(Role::Client, 0)], 1);
        assert!(f.is_active());
        f.remember(&rows[0]);
        let (r, roles) = f.fill(&rows[1], true).unwrap();
        assert_eq!((r.get(0), roles), (Some(&text("А")), vec![Role::Client]));
        assert!(f.fill(&rows[1], false).is_none(), "client held back");
        f.remember(&rows[3]);
        assert!(f.fill(&rows[4], true).is_none(), "a row between");
        // One gap only: missing data, not a merged shape.
        let one = [rows[0].clone(), rows[1].clone(), rows[2].clone()];
        assert!(!ShapeFill::new(one.iter().map(Cow::Borrowed), &[(Role::Client, 0)], 1).is_active());
    }
}

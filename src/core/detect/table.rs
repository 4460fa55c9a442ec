//! Finding the table in one sheet: its header, the role of each column, and
//! whether periods stand in columns (a wide layout).

use super::header;
use super::layout::{Layout, WideLayout};
use super::periods;
use super::roles;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::ColumnOverrides;
use crate::core::role::Role;
use crate::core::table::SheetTable;

/// Finds the header row and the role of each column.
///
/// The header is searched among the first 50 non-empty rows (title lines,
/// parameter blocks and blank rows above it are skipped; the table may start
/// in any column; a second header row under merged cells is joined as
/// `"top / sub"`). Roles come from caller overrides, then header synonyms
/// (Russian and English, checked against the values), then the values alone
/// for uninformative headers (`Column1`, empty, `Наименование`).
///
/// `epoch_1904` is accepted for symmetry with the value parsers; detection
/// only needs to know that a cell is date-typed, not which day it is.
///
/// # Errors
/// `no_client_column`, `no_amount_column` (with candidates), `column_not_found`
/// for a bad override. Errors carry the sheet name.
pub fn detect_layout(sheet: &SheetTable, epoch_1904: bool, overrides: &ColumnOverrides) -> Result<Layout> {
    let _ = epoch_1904;
    let in_sheet = |e: Error| e.or_in_sheet(&sheet.name);
    let Some(header) = header::find_header(sheet) else {
        return Err(in_sheet(Error::new(ErrorKind::NoClientColumn { candidates: vec![] })));
    };
    let cols = roles::columns(sheet, &header);
    let wide = wide_layout(sheet, &header, &cols, epoch_1904, overrides);
    let assigned = match &wide {
        // The period and total columns take no other role; no amount column is needed.
        Some(w) => {
            let mut own: Vec<u32> = w.periods.iter().map(|p| p.col).collect();
            own.extend(w.total.as_ref().map(|(c, _)| *c));
            roles::assign_wide(sheet, &cols, overrides, &own)
        }
        None => roles::assign(sheet, &cols, overrides),
    }
    .map_err(in_sheet)?;
    let mut headers: Vec<(u32, String)> = header
        .cols
        .iter()
        .map(|c| (c.col, c.joined.clone()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    // A date-typed period header reads as its date, not as the serial number it stores.
    if let Some(w) = &wide {
        for (col, text) in headers.iter_mut() {
            if let Some(p) = w.periods.iter().find(|p| p.col == *col) {
                text.clone_from(&p.header);
            }
        }
    }
    Ok(Layout {
        header_row: header.row,
        header_rows: header.rows,
        columns: assigned.columns,
        notes: assigned.notes,
        headers,
        wide,
    })
}

/// A wide layout when the header holds a run of period columns with numbers
/// under them, unless the caller named an amount or date column (then one sale per row).
fn wide_layout(
    sheet: &SheetTable,
    header: &super::layout::Header,
    cols: &[roles::Column],
    epoch_1904: bool,
    overrides: &ColumnOverrides,
) -> Option<WideLayout> {
    if overrides.get(Role::Amount).is_some() || overrides.get(Role::Date).is_some() {
        return None;
    }
    let w = periods::find(sheet, header, epoch_1904)?;
    let (mut nonblank, mut num) = (0u32, 0u32);
    for p in &w.periods {
        if let Some(c) = cols.iter().find(|c| c.col == p.col) {
            nonblank += c.profile.nonblank;
            num += c.profile.num + c.profile.date_cells;
        }
    }
    // Dashes and notes aside, the cells under the periods are numbers.
    (nonblank > 0 && f64::from(num) >= 0.6 * f64::from(nonblank)).then_some(w)
}

#[cfg(test)]
mod tests {
    /// The example the function's documentation gave.
    #[test]
    fn detect_layout_example() {
        use super::detect_layout;
        use crate::core::options::ColumnOverrides;
        use crate::core::role::Role;
        use crate::core::table::{Cell, Row, SheetTable};
        let mut sheet = SheetTable::new("Sheet1");
        let text = |s: &str| Cell::Text(s.into());
        sheet.rows.push(Row {
            index: 0,
            cells: vec![(0, text("Клиент")), (1, text("Сумма"))],
        });
        sheet.rows.push(Row {
            index: 1,
            cells: vec![(0, text("ООО Ромашка")), (1, Cell::number(1500.0))],
        });
        sheet.rows.push(Row {
            index: 2,
            cells: vec![(0, text("ИП Петров")), (1, Cell::number(700.0))],
        });
        let layout = detect_layout(&sheet, false, &ColumnOverrides::default()).unwrap();
        assert_eq!(layout.header_row, 0);
        assert_eq!(layout.column(Role::Amount).map(|c| c.col), Some(1));
    }
}

//! Finding the sales table: which sheet, which row is the header, which
//! column plays which role.
//!
//! The model, in the order things are decided:
//! 1. **Sheet** ([`choose_sheet`]): every non-chart sheet with cells is tried
//!    with [`detect_layout`] and rated; pivot/summary sheets lose, hidden
//!    sheets are used only when no visible sheet works.
//! 2. **Header** (`header.rs`): among the first 50 non-empty rows, the row
//!    that is mostly text, hits header synonyms, does not repeat in the rows
//!    below, and has rows of the same shape under it. A text-only row right
//!    under it, below a merged or spanning cell, is a second header row.
//! 3. **Roles** (`roles.rs`): caller overrides are final; then header
//!    synonyms (`synonyms.rs`, Russian and English, with vetoes such as
//!    contact/seller/VAT/id) checked against the values; then, only for
//!    uninformative headers (`Column1`, empty, `Наименование`), the values
//!    alone (`values.rs`).
//!
//! Decisions the user should see (which amount column was taken, a constant
//! column ignored) come back as [`DetectNote`]s with stable codes:
//! `amount_vat_choice`, `amount_choice`, `constant_column_ignored`.

use crate::core::error::{Error, ErrorKind, Result};
pub use crate::core::model::Role;
use crate::core::options::ColumnOverrides;
use crate::core::table::{SheetTable, Workbook};
pub use periods::{Period, PeriodColumn, WideLayout};
use serde::Serialize;

/// How a column got its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chosen {
    /// The caller named it.
    Caller,
    /// Its header matched a synonym.
    Header,
    /// Its values decided (the header said nothing useful).
    Values,
}

/// One column with its role.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChoice {
    pub role: Role,
    /// 0-based column index.
    pub col: u32,
    /// Header text as in the file (two header rows joined with " / ").
    pub header: String,
    pub chosen: Chosen,
}

/// A decision the detector made that the user should see
/// (becomes a data-quality note), e.g. which of "с НДС"/"без НДС" it took.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectNote {
    pub code: &'static str,
    /// 0-based column it is about, if any.
    pub col: Option<u32>,
    pub detail: String,
}

/// Where the table is in a sheet and what its columns mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// 0-based index of the (first) header row.
    pub header_row: u32,
    /// 1, or 2 when the header spans two rows.
    pub header_rows: u32,
    pub columns: Vec<ColumnChoice>,
    pub notes: Vec<DetectNote>,
    /// Every non-empty header column, left to right: (0-based column, text as
    /// shown — two rows joined with " / ", a merged header named in each column it spans).
    pub headers: Vec<(u32, String)>,
    /// Clients in rows, periods in columns: the period columns and the row-total
    /// column (then there is no amount column); `None` for one sale per row.
    pub wide: Option<WideLayout>,
}

impl Layout {
    pub fn column(&self, role: Role) -> Option<&ColumnChoice> {
        self.columns.iter().find(|c| c.role == role)
    }
    /// 0-based index of the first row below the header.
    pub fn first_data_row(&self) -> u32 {
        self.header_row + self.header_rows
    }
}

/// The sheet chosen and why (`requested`, `only_sheet`, `best_table`).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetChoice {
    pub index: usize,
    pub reason: &'static str,
    /// Layouts found while rating the sheets (sheet index, layout), so the caller
    /// need not detect them again; empty when no rating was needed.
    pub layouts: Vec<(usize, Layout)>,
}

/// Chooses the sheet holding the sales table.
///
/// `requested` is matched by exact name, then case-insensitively after
/// trimming. Otherwise every non-chart sheet with cells is tried with
/// [`detect_layout`] and rated (data rows with a client and an amount, roles
/// named by the header, pivot-table markers count against); visible sheets
/// win over hidden ones. Reasons: `requested`, `only_sheet`, `best_table`.
///
/// # Errors
/// `sheet_not_found` for an unknown requested name; `empty_workbook` when no
/// sheet holds cells; when no sheet has a usable table, the error of the most
/// promising sheet (e.g. `no_client_column` with candidates).
///
/// # Examples
/// ```
/// use keyaccounts::core::detect::choose_sheet;
/// use keyaccounts::core::options::ColumnOverrides;
/// use keyaccounts::core::table::{Format, Workbook};
/// let wb = Workbook { format: Format::Csv, epoch_1904: false, sheets: vec![], notes: vec![] };
/// assert_eq!(choose_sheet(&wb, None, &ColumnOverrides::default()).unwrap_err().code(), "empty_workbook");
/// ```
pub fn choose_sheet(wb: &Workbook, requested: Option<&str>, overrides: &ColumnOverrides) -> Result<SheetChoice> {
    sheet::choose(wb, requested, overrides)
}

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
///
/// # Examples
/// ```
/// use keyaccounts::core::detect::{detect_layout, Role};
/// use keyaccounts::core::options::ColumnOverrides;
/// use keyaccounts::core::table::{Cell, Row, SheetTable};
/// let mut sheet = SheetTable::new("Sheet1");
/// let text = |s: &str| Cell::Text(s.into());
/// sheet.rows.push(Row { index: 0, cells: vec![(0, text("Клиент")), (1, text("Сумма"))] });
/// sheet.rows.push(Row { index: 1, cells: vec![(0, text("ООО Ромашка")), (1, Cell::Number(1500.0))] });
/// sheet.rows.push(Row { index: 2, cells: vec![(0, text("ИП Петров")), (1, Cell::Number(700.0))] });
/// let layout = detect_layout(&sheet, false, &ColumnOverrides::default()).unwrap();
/// assert_eq!(layout.header_row, 0);
/// assert_eq!(layout.column(Role::Amount).map(|c| c.col), Some(1));
/// ```
pub fn detect_layout(sheet: &SheetTable, epoch_1904: bool, overrides: &ColumnOverrides) -> Result<Layout> {
    let _ = epoch_1904;
    let in_sheet = |e: Error| {
        if e.sheet.is_none() {
            e.in_sheet(sheet.name.clone())
        } else {
            e
        }
    };
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
    header: &header::Header,
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

/// Rows below the header that have a client cell and a number in the amount
/// column: a quick size of the table (used to rate sheets).
pub fn count_data_rows(sheet: &SheetTable, layout: &Layout) -> u32 {
    sheet::data_rows(sheet, layout)
}

mod header;
pub mod periods;
mod roles;
mod sheet;
mod synonyms;
mod values;

#[cfg(test)]
mod tests;

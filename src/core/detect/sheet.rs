//! Choosing the sheet that holds the sales table.
//!
//! Every non-chart sheet with cells is tried with [`detect_layout`];
//! a sheet whose layout was found is rated by its data rows, by how many
//! roles its header named, and loses heavily when it shows pivot-table
//! markers. Visible sheets come before hidden ones.

use super::layout::{Chosen, Layout, SheetChoice, SheetReason};
use super::synonyms;
use super::table::detect_layout;
use super::values::{Kind, classify};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::ColumnOverrides;
use crate::core::role::Role;
use crate::core::table::{SheetTable, Visibility, Workbook};

/// Finds a sheet by exact name, then by case-insensitive trimmed name.
fn find_requested(wb: &Workbook, name: &str) -> Option<usize> {
    wb.sheets.iter().position(|s| s.name == name).or_else(|| {
        let want = name.trim().to_lowercase();
        wb.sheets.iter().position(|s| s.name.trim().to_lowercase() == want)
    })
}

fn has_cells(s: &SheetTable) -> bool {
    s.rows.iter().any(|r| !r.is_blank())
}

/// Rows below the header with a client and a number in the amount column (or a period column).
pub fn count_data_rows(sheet: &SheetTable, layout: &Layout) -> u32 {
    let Some(client) = layout.column(Role::Client) else {
        return 0;
    };
    // The amount is one column, or (wide layouts) any period column.
    let amount_cols: Vec<u32> = match (layout.column(Role::Amount), &layout.wide) {
        (Some(a), _) => vec![a.col],
        (None, Some(w)) => w.periods.iter().map(|p| p.col).collect(),
        (None, None) => return 0,
    };
    let first = layout.first_data_row();
    let mut n = 0u32;
    sheet.rows.each_from(first, |row| {
        let has_client = row.get(client.col).is_some_and(|c| classify(c) != Kind::Blank);
        let has_amount = amount_cols
            .iter()
            .any(|&col| row.get(col).is_some_and(|c| classify(c).is_numberish()));
        if has_client && has_amount {
            n += 1;
        }
    });
    n
}

/// Pivot-table markers in the first rows of a sheet ("Grand Total" counts
/// only next to another marker).
fn pivot_markers(sheet: &SheetTable) -> usize {
    let rows: Vec<_> = sheet.rows.iter().take(60).collect();
    let texts = || {
        rows.iter()
            .flat_map(|r| r.cells.iter())
            .filter_map(|(_, c)| c.as_text())
    };
    let strong = texts().filter(|t| synonyms::is_pivot_marker(t)).count();
    if strong == 0 {
        return 0;
    }
    strong + texts().filter(|t| synonyms::is_pivot_total(t)).count()
}

fn rate(sheet: &SheetTable, layout: &Layout) -> f64 {
    let rows = f64::from(count_data_rows(sheet, layout));
    let by_header = layout.columns.iter().filter(|c| c.chosen != Chosen::Values).count() as f64;
    let roles = layout.columns.len() as f64;
    let pivot = if pivot_markers(sheet) > 0 { 500.0 } else { 0.0 };
    1000.0 + 100.0 * (1.0 + rows).ln() + 20.0 * by_header + 5.0 * roles - pivot
}

/// How promising a failed sheet is (its error is reported when no sheet works).
fn rate_error(sheet: &SheetTable, e: &Error) -> f64 {
    let kind = match e.kind {
        ErrorKind::NoAmountColumn { .. } => 300.0,
        ErrorKind::NoClientColumn { .. } => 200.0,
        _ => 100.0,
    };
    let pivot = if pivot_markers(sheet) > 0 { 150.0 } else { 0.0 };
    kind + (1.0 + sheet.cell_count() as f64).ln() - pivot
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
pub fn choose_sheet(wb: &Workbook, requested: Option<&str>, overrides: &ColumnOverrides) -> Result<SheetChoice> {
    if let Some(name) = requested {
        return find_requested(wb, name)
            .map(|index| SheetChoice {
                index,
                reason: SheetReason::Requested,
                layouts: vec![],
            })
            .ok_or_else(|| Error::new(ErrorKind::SheetNotFound { name: name.to_string() }));
    }
    let candidates: Vec<usize> = wb
        .sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_chart && has_cells(s))
        .map(|(i, _)| i)
        .collect();
    match candidates.as_slice() {
        [] => return Err(Error::new(ErrorKind::EmptyWorkbook)),
        [only] => {
            return Ok(SheetChoice {
                index: *only,
                reason: SheetReason::OnlySheet,
                layouts: vec![],
            });
        }
        _ => {}
    }
    // (visible, rating, index) of the best working sheet; the best error otherwise.
    let mut best_ok: Option<(bool, f64, usize)> = None;
    let mut best_err: Option<(bool, f64, Error)> = None;
    let mut layouts = Vec::new();
    for &i in &candidates {
        let Some(sheet) = wb.sheets.get(i) else { continue };
        let visible = sheet.visibility == Visibility::Visible;
        match detect_layout(sheet, wb.epoch_1904, overrides) {
            Ok(layout) => {
                let r = rate(sheet, &layout);
                if best_ok.as_ref().is_none_or(|(v, br, _)| (visible, r) > (*v, *br)) {
                    best_ok = Some((visible, r, i));
                }
                layouts.push((i, layout));
            }
            Err(e) => {
                let r = rate_error(sheet, &e);
                if best_err.as_ref().is_none_or(|(v, br, _)| (visible, r) > (*v, *br)) {
                    best_err = Some((visible, r, e));
                }
            }
        }
    }
    if let Some((_, _, index)) = best_ok {
        return Ok(SheetChoice {
            index,
            reason: SheetReason::BestTable,
            layouts,
        });
    }
    Err(best_err
        .map(|(_, _, e)| e)
        .unwrap_or_else(|| Error::new(ErrorKind::EmptyWorkbook)))
}

#[cfg(test)]
mod tests {
    /// The example the function's documentation gave.
    #[test]
    fn choose_sheet_example() {
        use super::choose_sheet;
        use crate::core::options::ColumnOverrides;
        use crate::core::table::{Format, Workbook};
        let wb = Workbook {
            format: Format::Csv,
            epoch_1904: false,
            sheets: vec![],
            notes: vec![],
        };
        assert_eq!(
            choose_sheet(&wb, None, &ColumnOverrides::default()).unwrap_err().code(),
            "empty_workbook"
        );
    }
}

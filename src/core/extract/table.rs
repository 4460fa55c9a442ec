//! One table out of one sheet whose layout is known: the dispatcher between
//! the table shapes, then the cross-check against the file's own grand total.

use super::{rows, totals, wide};
use crate::core::detect::Layout;
use crate::core::error::Result;
use crate::core::model::TableLines;
use crate::core::table::SheetTable;

/// Builds one table's raw lines: one sale per row, or periods in columns
/// (`layout.wide`). `merge_records`: the format keeps merged areas (xlsx,
/// xls). The file's own grand total, when it prints one, is checked against
/// the lines (`file_total_matches` / `file_total_differs`).
///
/// # Errors
/// `no_client_column`, `mixed_currencies`; the error names the sheet.
pub(super) fn extract_table(
    sheet: &SheetTable,
    layout: &Layout,
    epoch_1904: bool,
    month_first: Option<bool>,
    merge_records: bool,
) -> Result<TableLines> {
    let table = match &layout.wide {
        Some(w) => wide::extract_wide(sheet, layout, w),
        None => rows::extract_rows(sheet, layout, epoch_1904, month_first, merge_records),
    };
    let mut table = table.map_err(|e| e.or_in_sheet(&sheet.name))?;
    let checks = totals::grand_total(sheet, layout, &mut table);
    table.notes.extend(checks);
    Ok(table)
}

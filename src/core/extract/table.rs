//! One table out of one sheet whose layout is known: the dispatcher between
//! the table shapes, then the cross-check against the file's own grand total.

use super::budget::ClientNames;
use super::{rows, totals, wide};
use crate::core::detect::Layout;
use crate::core::error::Result;
use crate::core::model::TableLines;
use crate::core::role::Role;
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
    names: &mut ClientNames,
) -> Result<TableLines> {
    // Before any row is classified: the run's budget of client names.
    if let Some(c) = layout.column(Role::Client) {
        names
            .see_column(sheet, c.col, layout.first_data_row())
            .map_err(|e| e.or_in_sheet(&sheet.name))?;
    }
    let table = match &layout.wide {
        Some(w) => wide::extract_wide(sheet, layout, w),
        None => rows::extract_rows(sheet, layout, epoch_1904, month_first, merge_records),
    };
    let mut table = table.map_err(|e| e.or_in_sheet(&sheet.name))?;
    let checks = totals::grand_total(sheet, layout, &mut table);
    table.notes.extend(checks);
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{layout, sheet, text, used_plus_skipped};
    use super::*;
    use crate::core::table::Cell;
    use crate::core::value::Money;

    #[test]
    fn the_client_names_budget_is_spent_over_tables_before_rows_are_read() {
        let n = Cell::number;
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Альфа")), (1, n(10.0))]),
            (2, vec![(0, text("ООО Бета")), (1, n(20.0))]),
            (3, vec![(0, text("ООО Альфа")), (1, n(5.0))]),
            (4, vec![(0, n(77.0)), (1, n(5.0))]),
        ]);
        let lay = layout(&s, 0, 0, 1);
        // Three names (a number is a name too); the header is not one.
        assert!(extract_table(&s, &lay, false, None, true, &mut ClientNames::new(3)).is_ok());
        let e = extract_table(&s, &lay, false, None, true, &mut ClientNames::new(2)).unwrap_err();
        assert_eq!(e.code(), "too_large");
        // A second table of the same run meets its names again: the budget is the run's.
        let mut names = ClientNames::new(3);
        extract_table(&s, &lay, false, None, true, &mut names).unwrap();
        extract_table(&s, &lay, false, None, true, &mut names).unwrap();
        let other = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Гамма")), (1, n(1.0))]),
        ]);
        let e = extract_table(&other, &layout(&other, 0, 0, 1), false, None, true, &mut names).unwrap_err();
        assert_eq!(e.code(), "too_large");
    }

    #[test]
    fn subtotals_without_a_label_are_found_by_the_file_total() {
        let n = Cell::number;
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Альфа")), (1, n(10.0))]),
            (2, vec![(0, text("ООО Бета")), (1, n(20.0))]),
            (3, vec![(0, text("Группа А")), (1, n(30.0))]),
            (4, vec![(0, text("ООО Гамма")), (1, n(40.0))]),
            (5, vec![(0, text("ООО Дельта")), (1, n(50.0))]),
            (6, vec![(0, text("Группа Б")), (1, n(90.0))]),
            (7, vec![(0, text("Итого")), (1, n(120.0))]),
        ]);
        let l = extract_table(
            &s,
            &layout(&s, 0, 0, 1),
            false,
            None,
            true,
            &mut ClientNames::unlimited(),
        )
        .unwrap();
        let total: i64 = l.lines.iter().map(|x| x.amount.0 / Money::SCALE).sum();
        assert_eq!(total, 120);
        let codes: Vec<&str> = l.notes.iter().map(|n| n.code.as_str()).collect();
        assert!(
            codes.contains(&"file_total_explained") && codes.contains(&"file_total_matches"),
            "{codes:?}"
        );
        assert_eq!(used_plus_skipped(&l), l.rows_in_table);
    }

    #[test]
    fn a_difference_nothing_explains_stays_reported() {
        let n = Cell::number;
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Альфа")), (1, n(10.0))]),
            (2, vec![(0, text("ООО Бета")), (1, n(20.0))]),
            (3, vec![(0, text("ООО Гамма")), (1, n(40.0))]),
            (4, vec![(0, text("Итого")), (1, n(65.0))]),
        ]);
        let l = extract_table(
            &s,
            &layout(&s, 0, 0, 1),
            false,
            None,
            true,
            &mut ClientNames::unlimited(),
        )
        .unwrap();
        assert_eq!(l.lines.len(), 3);
        let n = l.notes.iter().find(|n| n.code == "file_total_differs").unwrap();
        assert_eq!(n.detail.as_deref(), Some("file=65.00;lines=70.00"));
    }
}

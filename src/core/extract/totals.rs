//! Cross-checks against the file's own numbers. A report that prints a grand
//! total under its table ("Итого", "Total") must add up to it from the lines
//! read: equal → said so (the user can tick it off against the file);
//! different → said so with both numbers, never hidden.

use crate::core::detect::Layout;
use crate::core::model::TableLines;
use crate::core::parse::amount::{infer_number_style, parse_amount_text};
use crate::core::parse::labels::is_total_label;
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::role::Role;
use crate::core::table::{Cell, SheetTable};
use crate::core::value::Money;

/// One cent, in ten-thousandths.
const TOLERANCE: i128 = 100;

/// The table's grand total row (the last total-labelled row below every sales
/// line) compared with the sum of the lines: `file_total_matches` or
/// `file_total_differs`. `None` when there is no such row or it holds no amount.
pub(super) fn grand_total(sheet: &SheetTable, layout: &Layout, table: &TableLines) -> Option<Note> {
    // A wide layout's grand total stands in its total column.
    let amount_col = match (&layout.wide, layout.column(Role::Amount)) {
        (_, Some(c)) => c.col,
        (Some(w), None) => w.total.as_ref()?.0,
        (None, None) => return None,
    };
    let client_col = layout.column(Role::Client)?.col;
    let last_line = table.lines.iter().map(|l| l.row).max()?;
    let amount_of = |cell: &Cell| match cell {
        Cell::Number(n) | Cell::DateTime(n) => Money::from_f64(*n),
        Cell::Text(t) => parse_amount_text(t, infer_number_style([t.as_ref()]))
            .ok()
            .map(|p| p.value),
        _ => None,
    };
    let sum: i128 = table.lines.iter().map(|l| i128::from(l.amount.0)).sum();
    // Rows below the last sales line (1-based `last_line` is the 0-based index + 1), last first.
    let below = || sheet.rows.iter().rev().take_while(|r| r.index + 1 > last_line);
    let labelled = below().find(|r| r.cells.iter().any(|(_, c)| c.as_text().is_some_and(is_total_label)));
    let (row, stated) = match labelled {
        Some(r) => (r, r.get(amount_col).and_then(amount_of)?),
        // A lone amount with no label and no client counts only when it is the sum (else it is no total).
        None => below().find_map(|r| {
            let no_client = r.get(client_col).is_none_or(Cell::is_blank);
            let stated = r.get(amount_col).and_then(amount_of)?;
            (no_client && (sum - i128::from(stated.0)).abs() <= TOLERANCE).then_some((r, stated))
        })?,
    };
    let matches = (sum - i128::from(stated.0)).abs() <= TOLERANCE;
    let mut rows = RowSet::default();
    rows.add(row.index + 1);
    let lines = Money(i64::try_from(sum).unwrap_or(i64::MAX));
    let (code, detail) = if matches {
        (QualityCode::FileTotalMatches, money_text(stated))
    } else {
        let detail = format!("file={};lines={}", money_text(stated), money_text(lines));
        (QualityCode::FileTotalDiffers, detail)
    };
    Some(Note::new(code).role(Some(Role::Amount)).rows(rows).detail(detail))
}

/// Exact decimal text with cents ("1532277.12", "-5.00").
fn money_text(m: Money) -> String {
    let cents = (i128::from(m.0) + if m.0 >= 0 { 50 } else { -50 }) / 100;
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_text_is_exact_with_cents() {
        assert_eq!(money_text(Money(15_322_771_200)), "1532277.12");
        assert_eq!(money_text(Money(-50_000)), "-5.00");
        assert_eq!(money_text(Money(0)), "0.00");
    }
}

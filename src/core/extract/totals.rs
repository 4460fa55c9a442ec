//! Cross-checks against the file's own numbers. A report that prints a grand
//! total under its table ("Итого", "Total") must add up to it from the lines
//! read: equal → said so (the user can tick it off against the file);
//! different → said so with both numbers, never hidden.

use crate::core::detect::Layout;
use crate::core::model::TableLines;
use crate::core::parse::amount::{infer_number_style, parse_amount_text};
use crate::core::parse::labels::is_total_label;
use crate::core::quality::{Note, QualityCode, RowSet, SkipReason};
use crate::core::role::Role;
use crate::core::table::{Cell, SheetTable};
use crate::core::value::Money;
use rustc_hash::FxHashMap as HashMap;

/// One cent, in ten-thousandths.
const TOLERANCE: i128 = 100;

/// The table's grand total row (the last total-labelled row below every sales
/// line) compared with the sum of the lines: `file_total_matches` or
/// `file_total_differs`. When the lines add up to more, rows that explain the
/// difference exactly (subtotals among the data: each the sum of a run of its
/// neighbours) leave the lines first, with `file_total_explained`. Nothing
/// when there is no such row or it holds no amount.
pub(super) fn grand_total(sheet: &SheetTable, layout: &Layout, table: &mut TableLines) -> Vec<Note> {
    let Some((row, stated)) = stated_total(sheet, layout, table) else {
        return vec![];
    };
    let mut notes = Vec::new();
    if layout.wide.is_none()
        && let Some(n) = explain_difference(table, stated)
    {
        notes.push(n);
    }
    let sum = lines_sum(table);
    let matches = (sum - i128::from(stated.0)).abs() <= TOLERANCE;
    let mut rows = RowSet::default();
    rows.add(row);
    let (code, detail) = if matches {
        (QualityCode::FileTotalMatches, money_text(stated))
    } else {
        let detail = format!("file={};lines={}", money_text(stated), money_text(clamp(sum)));
        (QualityCode::FileTotalDiffers, detail)
    };
    notes.push(Note::new(code).role(Some(Role::Amount)).rows(rows).detail(detail));
    notes
}

fn lines_sum(table: &TableLines) -> i128 {
    table.lines.iter().map(|l| i128::from(l.amount.0)).sum()
}

fn clamp(sum: i128) -> Money {
    Money(i64::try_from(sum).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX }))
}

/// The 1-based row and the amount of the table's own grand total.
fn stated_total(sheet: &SheetTable, layout: &Layout, table: &TableLines) -> Option<(u32, Money)> {
    // A wide layout's grand total stands in its total column.
    let amount_col = match (&layout.wide, layout.column(Role::Amount)) {
        (_, Some(c)) => c.col,
        (Some(w), None) => w.total.as_ref()?.0,
        (None, None) => return None,
    };
    let client_col = layout.column(Role::Client)?.col;
    let last_line = table.lines.iter().map(|l| l.row).max()?;
    let amount_of = |cell: &Cell| match cell {
        Cell::Number(n) | Cell::DateTime(n) => Money::from_f64(n.get()),
        Cell::Text(t) => parse_amount_text(t, infer_number_style([t.as_ref()]))
            .ok()
            .map(|p| p.value),
        _ => None,
    };
    let sum = lines_sum(table);
    // Rows below the last sales line (1-based `last_line` is the 0-based index + 1), last first.
    let below = || sheet.rows.iter().rev().take_while(|r| r.index + 1 > last_line);
    let labelled = below().find(|r| r.cells.iter().any(|(_, c)| c.as_text().is_some_and(is_total_label)));
    let (row, stated) = match labelled {
        Some(r) => {
            let stated = r.get(amount_col).and_then(amount_of)?;
            (r, stated)
        }
        // A lone amount with no label and no client counts only when it is the sum (else it is no total).
        None => below().find_map(|r| {
            let no_client = r.get(client_col).is_none_or(Cell::is_blank);
            let stated = r.get(amount_col).and_then(amount_of)?;
            (no_client && (sum - i128::from(stated.0)).abs() <= TOLERANCE).then_some((r, stated))
        })?,
    };
    Some((row.index + 1, stated))
}

/// Most passes over the lines looking for nested subtotals.
const EXPLAIN_PASSES: usize = 3;

/// Lines whose amount equals the sum of a run of at least two lines right
/// above or right below them (in row order), by index.
fn run_sum_lines(amounts: &[i128]) -> Vec<usize> {
    let n = amounts.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0i128);
    for a in amounts {
        prefix.push(prefix.last().copied().unwrap_or(0) + a);
    }
    // Prefix value → the last and the first index it occurs at.
    let mut last_at: HashMap<i128, usize> = HashMap::with_capacity_and_hasher(n + 1, Default::default());
    let mut first_at: HashMap<i128, usize> = HashMap::with_capacity_and_hasher(n + 1, Default::default());
    for (k, p) in prefix.iter().enumerate() {
        last_at.insert(*p, k);
        first_at.entry(*p).or_insert(k);
    }
    let mut out = Vec::new();
    for (i, a) in amounts.iter().enumerate() {
        if *a == 0 {
            continue;
        }
        let (before, after) = (
            prefix.get(i).copied().unwrap_or(0),
            prefix.get(i + 1).copied().unwrap_or(0),
        );
        // Above: prefix[j] = prefix[i] - a for some j ≤ i - 2.
        let above = first_at.get(&(before - a)).is_some_and(|&j| j + 2 <= i);
        // Below: prefix[k] = prefix[i + 1] + a for some k ≥ i + 3.
        let below = last_at.get(&(after + a)).is_some_and(|&k| k >= i + 3);
        if above || below {
            out.push(i);
        }
    }
    out
}

/// When the lines add up to more than the file says, looks for lines that are
/// sums of their neighbours and together make up exactly the difference
/// (nested levels in up to three passes); removes them and says so.
fn explain_difference(table: &mut TableLines, stated: Money) -> Option<Note> {
    let before = lines_sum(table);
    let difference = before - i128::from(stated.0);
    if difference <= TOLERANCE || table.lines.len() < 3 {
        return None;
    }
    let mut keep: Vec<usize> = (0..table.lines.len()).collect();
    let mut removed: Vec<usize> = Vec::new();
    let mut found: i128 = 0;
    for _ in 0..EXPLAIN_PASSES {
        let amounts: Vec<i128> = keep
            .iter()
            .filter_map(|&i| table.lines.get(i))
            .map(|l| i128::from(l.amount.0))
            .collect();
        // Indexes into `table.lines`, increasing as `keep` is.
        let hits: Vec<usize> = run_sum_lines(&amounts)
            .into_iter()
            .filter_map(|k| keep.get(k).copied())
            .collect();
        if hits.is_empty() {
            return None;
        }
        let sum: i128 = hits
            .iter()
            .filter_map(|&i| table.lines.get(i))
            .map(|l| i128::from(l.amount.0))
            .sum();
        found += sum;
        keep.retain(|i| hits.binary_search(i).is_err());
        removed.extend(hits);
        if (found - difference).abs() <= TOLERANCE {
            break;
        }
        if found > difference {
            return None;
        }
    }
    if (found - difference).abs() > TOLERANCE {
        return None;
    }
    removed.sort_unstable();
    let removed_rows: Vec<u32> = removed
        .iter()
        .filter_map(|&i| table.lines.get(i))
        .map(|l| l.row)
        .collect();
    let mut i = 0usize;
    table.lines.retain(|_| {
        let keep_it = removed.binary_search(&i).is_err();
        i += 1;
        keep_it
    });
    let mut rows = RowSet::default();
    for r in removed_rows {
        rows.add(r);
        table.skip(SkipReason::Total, r);
    }
    let detail = format!("file={};lines={}", money_text(stated), money_text(clamp(before)));
    Some(
        Note::new(QualityCode::FileTotalExplained)
            .role(Some(Role::Amount))
            .rows(rows)
            .detail(detail),
    )
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
    fn run_sums_are_lines_equal_to_two_or_more_neighbours() {
        // 10 20 [30] 5 12 7: 30 = 10 + 20 right above; 12 has one neighbour each side, no run.
        assert_eq!(run_sum_lines(&[10, 20, 30, 5, 12, 7]), vec![2]);
        // A parent before its children: [30] 10 20.
        assert_eq!(run_sum_lines(&[30, 10, 20, 7]), vec![0]);
        // One neighbour equal is no subtotal.
        assert!(run_sum_lines(&[10, 10, 10]).is_empty());
    }

    #[test]
    fn money_text_is_exact_with_cents() {
        assert_eq!(money_text(Money(15_322_771_200)), "1532277.12");
        assert_eq!(money_text(Money(-50_000)), "-5.00");
        assert_eq!(money_text(Money(0)), "0.00");
    }
}

//! Order status: lines whose status says the order was cancelled or not
//! shipped leave the sales (`status_excluded` rows of their table) or stay
//! with a `status_kept` note when the caller keeps them.

use crate::core::model::{RawLine, TableLines};
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::role::Role;
use std::collections::HashMap;

/// Words that alone say an order did not happen (after `ё` → `е`, lowercase).
const CANCEL_WORDS: &[&str] = &[
    "отменен",
    "отменена",
    "отменено",
    "отменены",
    "отмена",
    "аннулирован",
    "аннулирована",
    "аннулировано",
    "аннулированы",
    "отказ",
    "удален",
    "удалена",
    "удалено",
    "cancelled",
    "canceled",
    "cancel",
    "cancellation",
    "void",
    "voided",
    "rejected",
    "annulled",
    "deleted",
];

/// Words that say it only after a negation: `Не проведен`, `Не отгружен`, `Not shipped`.
const NEGATED_WORDS: &[&str] = &[
    "проведен",
    "проведена",
    "проведено",
    "отгружен",
    "отгружена",
    "отгружено",
    "shipped",
];

/// Does this status say the order was cancelled or not shipped?
///
/// Matched on whole folded words: `Отменён`, `Cancelled`, `Аннулирован`,
/// `Не проведен`, `Не отгружено`, `Void`, `Rejected`, `Помечен на удаление`
/// do; `Shipped`, `Проведен`, `On Hold`, `Disputed`, `In Process`,
/// `Resolved`, `Не отменен` (negated) and `Частично отменен` (part of it
/// stands) do not.
pub fn is_cancelled_status(status: &str) -> bool {
    let folded: String = status
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let negation = |w: &str| matches!(w, "не" | "not" | "no" | "un");
    if words
        .iter()
        .any(|w| matches!(*w, "частично" | "partially" | "partial" | "part"))
    {
        return false;
    }
    let mut prev: Option<&str> = None;
    for &w in &words {
        let negated = prev.is_some_and(negation);
        if CANCEL_WORDS.contains(&w) && !negated {
            return true;
        }
        if NEGATED_WORDS.contains(&w) && negated {
            return true;
        }
        if matches!(w, "unshipped" | "непроведен" | "неотгружен") {
            return true;
        }
        if w == "удаление" && words.first() == Some(&"помечен") {
            return true;
        }
        prev = Some(w);
    }
    false
}

/// What the status column says about one table's lines.
pub(super) struct Status {
    /// Per line: cancelled (or not shipped).
    pub cancelled: Vec<bool>,
    /// The rows of cancelled lines, each counted once.
    pub rows: RowSet,
    /// `status_excluded` (the detail of that skip reason) or `status_kept`, with
    /// the statuses seen.
    pub note: Note,
    /// The cancelled lines stay (the caller keeps them).
    pub kept: bool,
}

/// The cancelled lines of a table, or `None` when it has no status or none is cancelled.
pub(super) fn cancelled_lines(table: &TableLines, keep: bool) -> Option<Status> {
    if table.lines.iter().all(|l| l.status.is_none()) {
        return None;
    }
    let mut verdicts: HashMap<&str, bool> = HashMap::new();
    let cancelled: Vec<bool> = table
        .lines
        .iter()
        .map(|line| match line.status.as_deref() {
            Some(s) => *verdicts.entry(s).or_insert_with(|| is_cancelled_status(s)),
            None => false,
        })
        .collect();
    if !cancelled.contains(&true) {
        return None;
    }
    let mut statuses: Vec<String> = Vec::new();
    let mut rows = RowSet::default();
    let mut last_row = None;
    for (line, _) in table.lines.iter().zip(&cancelled).filter(|(_, c)| **c) {
        // One row may hold several lines (a wide layout's periods): count it once.
        if last_row != Some(line.row) {
            rows.add(line.row);
            last_row = Some(line.row);
        }
        if let Some(s) = &line.status
            && !statuses.contains(s)
        {
            statuses.push(s.clone());
        }
    }
    let code = if keep {
        QualityCode::StatusKept
    } else {
        QualityCode::StatusExcluded
    };
    let note = Note::new(code)
        .role(Some(Role::Status))
        .rows(rows.clone())
        .detail(statuses.join(", "));
    Some(Status {
        cancelled,
        rows,
        note,
        kept: keep,
    })
}

/// The `negative_amount` note rebuilt from the lines still counted (returns that were
/// cancelled are no longer returns); `None` when none is left.
pub(super) fn recount_negative<'a>(note: &Note, lines: impl Iterator<Item = &'a RawLine>) -> Option<Note> {
    let mut rows = RowSet::default();
    let mut last_row = None;
    for line in lines.filter(|l| l.amount.0 < 0) {
        if last_row != Some(line.row) {
            rows.add(line.row);
            last_row = Some(line.row);
        }
    }
    (rows.count > 0).then(|| {
        let mut n = note.clone();
        n.rows = rows;
        n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelled_and_not_shipped_statuses_are_recognised() {
        for s in [
            "Cancelled",
            "Canceled",
            "CANCELLED",
            "Отменен",
            "Отменён",
            "Отменено",
            "отменена клиентом",
            "Аннулирован",
            "Не проведен",
            "Не проведён",
            "Не отгружен",
            "Не отгружено",
            "Void",
            "Voided",
            "Rejected",
            "Order cancelled",
            "Not shipped",
            "Помечен на удаление",
        ] {
            assert!(is_cancelled_status(s), "{s}");
        }
        for s in [
            "Shipped",
            "On Hold",
            "Disputed",
            "In Process",
            "Resolved",
            "Проведен",
            "Проведён",
            "Отгружен",
            "Отгружено",
            "Не отменен",
            "Not cancelled",
            "Частично отменен",
            "Оплачен",
            "Не оплачен",
            "",
            "Выполнен",
        ] {
            assert!(!is_cancelled_status(s), "{s}");
        }
    }
}

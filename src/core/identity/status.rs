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
    // Marketplaces and shops: refused at pick-up, removed by the supplier, money returned.
    "снято",
    "снят",
    "снята",
    "refunded",
    "refund",
    "returned",
    "возвращен",
    "возвращено",
    "возвращена",
    "declined",
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
    "выкуплен",
    "выкуплено",
    "выкуплена",
];

/// Does this status say the order was cancelled or not shipped?
///
/// Matched on whole folded words: `Отменён`, `Cancelled`, `Аннулирован`,
/// `Не проведен`, `Не отгружено`, `Void`, `Rejected`, `Помечен на удаление`,
/// `Выдано - отказ`, `Снято поставщиком`, `Refunded`, `Не выкуплен` do;
/// `Shipped`, `Проведен`, `On Hold`, `Disputed`, `In Process`, `Resolved`,
/// `Не отменен` (negated) and `Частично отменен` (part of it stands) do not.
fn is_cancelled_words(words: &[String]) -> bool {
    let negation = |w: &str| matches!(w, "не" | "not" | "no" | "un");
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "частично" | "partially" | "partial" | "part"))
    {
        return false;
    }
    let mut prev: Option<&str> = None;
    for w in words {
        let w = w.as_str();
        let negated = prev.is_some_and(negation);
        if CANCEL_WORDS.contains(&w) && !negated {
            return true;
        }
        if NEGATED_WORDS.contains(&w) && negated {
            return true;
        }
        if matches!(w, "unshipped" | "непроведен" | "неотгружен" | "невыкуп" | "невыкуплен")
        {
            return true;
        }
        if w == "удаление" && words.first().map(String::as_str) == Some("помечен") {
            return true;
        }
        prev = Some(w);
    }
    false
}

/// What a status means for revenue (docs/statuses.md has the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A sale: shipped, delivered, paid, partly refunded (counted by its amount).
    Counted,
    /// Not a sale: cancelled, not shipped, refused, removed by the supplier, refunded.
    Excluded,
    /// A CRM deal that is not won (an open stage of the pipeline or a lost deal).
    NotWon,
    /// A return document: revenue goes down by its amount.
    Return,
}

/// Folded words of a status: lowercase, `ё` → `е`, punctuation as spaces.
fn fold_words(status: &str) -> Vec<String> {
    status
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A won deal of a CRM: «Сделка успешна» (Bitrix24), «Успешно реализовано»
/// (amoCRM), "Won", "Closed Won" (Salesforce, HubSpot, Pipedrive).
pub fn is_won_stage(status: &str) -> bool {
    let w = fold_words(status);
    let has = |x: &str| w.iter().any(|t| t == x);
    (has("сделка") && (has("успешна") || has("выиграна")))
        || (has("успешно") && has("реализовано"))
        || (has("won") && !has("not"))
        || has("выиграна")
}

/// A return document: «Возврат», «Возврат товара», "Return" (the noun; an order
/// whose status is "Returned" / «Возвращен» was undone: excluded instead).
fn is_return(words: &[String]) -> bool {
    words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "возврат" | "return" | "возвраты" | "returns"))
}

/// What a status means. `crm`: the table's statuses are deal stages (some deal is won).
pub fn meaning(status: &str, crm: bool) -> Meaning {
    if crm {
        return if is_won_stage(status) {
            Meaning::Counted
        } else {
            Meaning::NotWon
        };
    }
    let words = fold_words(status);
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "частично" | "partially" | "partial" | "part"))
    {
        return Meaning::Counted;
    }
    if is_return(&words) {
        return Meaning::Return;
    }
    if is_cancelled_words(&words) {
        Meaning::Excluded
    } else {
        Meaning::Counted
    }
}

/// How one table's lines stand by their status.
pub(super) struct Status {
    /// Per line: what its status means.
    pub meanings: Vec<Meaning>,
    /// The rows left out (excluded and not-won lines), each counted once.
    pub rows: RowSet,
    /// One note per status as written: `status_excluded`, `status_not_won`,
    /// `status_return`, or `status_kept` when the caller keeps what would be left out.
    pub notes: Vec<Note>,
    /// Per line: it would be left out, but the caller keeps it.
    pub kept: Vec<bool>,
}

impl Status {
    /// Is line `i` left out?
    pub fn excluded(&self, i: usize) -> bool {
        !self.kept.get(i).copied().unwrap_or(false)
            && matches!(self.meanings.get(i), Some(Meaning::Excluded | Meaning::NotWon))
    }
    /// Does line `i` count with the sign turned (a return written positive)?
    pub fn negated(&self, i: usize, line: &RawLine) -> bool {
        self.meanings.get(i) == Some(&Meaning::Return) && line.amount.0 > 0
    }
}

/// The statuses of a table's lines, or `None` when it has no status or every line counts as written.
/// `keep_all` keeps every line that would be left out; `keep` the lines of these statuses (as written).
pub(super) fn status_of(table: &TableLines, keep_all: bool, keep: &[String]) -> Option<Status> {
    if table.lines.iter().all(|l| l.status().is_none()) {
        return None;
    }
    let crm = table.lines.iter().any(|l| l.status().is_some_and(is_won_stage));
    let mut verdicts: HashMap<&str, Meaning> = HashMap::new();
    let meanings: Vec<Meaning> = table
        .lines
        .iter()
        .map(|line| match line.status() {
            Some(s) => *verdicts.entry(s).or_insert_with(|| meaning(s, crm)),
            None if crm => Meaning::NotWon,
            None => Meaning::Counted,
        })
        .collect();
    let kept: Vec<bool> = table
        .lines
        .iter()
        .map(|l| keep_all || l.status().is_some_and(|s| keep.iter().any(|k| k == s)))
        .collect();
    // Per status as written, in first-seen order: (code, rows).
    let mut by_status: Vec<(String, QualityCode, RowSet)> = Vec::new();
    let mut rows = RowSet::default();
    let mut last_row = None;
    for ((line, m), &keep) in table.lines.iter().zip(&meanings).zip(&kept) {
        let code = match m {
            Meaning::Counted => continue,
            Meaning::Return if line.amount.0 <= 0 => continue,
            Meaning::Return => QualityCode::StatusReturn,
            _ if keep => QualityCode::StatusKept,
            Meaning::Excluded => QualityCode::StatusExcluded,
            Meaning::NotWon => QualityCode::StatusNotWon,
        };
        let status = line.status().unwrap_or_default();
        // One row may hold several lines (a wide layout's periods): count it once.
        let new_row = last_row != Some(line.row);
        last_row = Some(line.row);
        if code != QualityCode::StatusReturn && !keep && new_row {
            rows.add(line.row);
        }
        match by_status.iter_mut().find(|(s, c, _)| *s == status && *c == code) {
            Some((_, _, r)) => {
                if r.first.last() != Some(&line.row) {
                    r.add(line.row);
                }
            }
            None => {
                let mut r = RowSet::default();
                r.add(line.row);
                by_status.push((status.to_string(), code, r));
            }
        }
    }
    if by_status.is_empty() {
        return None;
    }
    let notes = by_status
        .into_iter()
        .map(|(status, code, r)| Note::new(code).role(Some(Role::Status)).rows(r).detail(status))
        .collect();
    Some(Status {
        meanings,
        rows,
        notes,
        kept,
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
    fn returns_won_deals_and_the_pipeline() {
        assert_eq!(meaning("Возврат", false), Meaning::Return);
        assert_eq!(meaning("Возврат товара", false), Meaning::Return);
        assert_eq!(meaning("Return", false), Meaning::Return);
        assert_eq!(meaning("Returned", false), Meaning::Excluded, "an order undone");
        assert_eq!(meaning("Partially refunded", false), Meaning::Counted);
        for won in ["Сделка успешна", "Успешно реализовано", "Won", "Closed Won"] {
            assert!(is_won_stage(won), "{won}");
            assert_eq!(meaning(won, true), Meaning::Counted);
        }
        for open in [
            "В работе",
            "Новая",
            "Сделка провалена",
            "Закрыто и не реализовано",
            "Closed Lost",
            "Not won",
        ] {
            assert!(!is_won_stage(open), "{open}");
            assert_eq!(meaning(open, true), Meaning::NotWon);
        }
    }

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
            "Выдано - отказ",
            "Снято поставщиком",
            "Refunded",
            "Returned",
            "Не выкуплен",
        ] {
            assert!((meaning(s, false) == Meaning::Excluded), "{s}");
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
            "Partially refunded",
            "Частично возвращен",
            "Выкуплен",
        ] {
            assert!(!(meaning(s, false) == Meaning::Excluded), "{s}");
        }
    }
}

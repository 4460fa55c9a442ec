//! The walk over a table's rows that every table shape shares: rows the sheet
//! does not store are blank, a total row resets the running sums, and rows
//! that are not sales after a total wait — if no sale follows, they are the
//! table's footer (signatures, counts), not rows without a client.

use super::memo::TextMemo;
use crate::core::detect::Layout;
use crate::core::model::TableLines;
use crate::core::quality::SkipReason;
use crate::core::role::Role;
use crate::core::table::{Cell, Row};
use rustc_hash::FxHashMap;

/// Where the walk is and what waits.
pub(super) struct RowWalk {
    /// The 0-based row index expected next.
    next_index: u32,
    /// Non-sales rows after a total, held until a sale or the end tells what they are.
    tail: Vec<(SkipReason, u32)>,
    after_total: bool,
    /// Sums of the sales so far and since the last total, to recognise totals that carry no label.
    running: i128,
    since_total: i128,
    /// The sales' sums, for "do the last k sales add up to this?" ([`Prefix`]).
    prefix: Prefix,
    sales: usize,
}

/// Running sum after each counted sale → how many sales it covers (the latest wins), so a
/// subtotal's run is one lookup. Built only when a row asks ([`RowWalk::run_sum`]): most tables
/// have no labelled subtotal, and on a million rows the map took ~100 MB of a tab's memory
/// while the amounts take 8 bytes a sale.
#[derive(Default)]
struct Prefix {
    /// Each counted sale's amount, in order, until the map is built.
    amounts: Vec<i64>,
    map: Option<FxHashMap<i128, usize>>,
}

impl Prefix {
    /// Counts a sale: `running` is the sum and `sales` the count after it.
    fn sale(&mut self, amount: i128, running: i128, sales: usize) {
        match (&mut self.map, i64::try_from(amount)) {
            (None, Ok(a)) => self.amounts.push(a),
            // A sum of periods beyond an i64 (a wide row): the map from now on.
            _ => {
                self.built().insert(running, sales);
            }
        }
    }

    /// The map, built from the amounts on first use (which then go).
    fn built(&mut self) -> &mut FxHashMap<i128, usize> {
        let amounts = std::mem::take(&mut self.amounts);
        self.map.get_or_insert_with(|| {
            let mut map = FxHashMap::with_capacity_and_hasher(amounts.len() + 1, Default::default());
            map.insert(0, 0);
            let mut running = 0i128;
            for (i, &a) in amounts.iter().enumerate() {
                running += i128::from(a);
                map.insert(running, i + 1);
            }
            map
        })
    }
}

impl RowWalk {
    /// A walk from the first row below the header (0-based).
    pub(super) fn new(first: u32) -> RowWalk {
        RowWalk {
            next_index: first,
            tail: Vec::new(),
            after_total: false,
            running: 0,
            since_total: 0,
            prefix: Prefix::default(),
            sales: 0,
        }
    }

    /// Enters the row at 0-based `index`: rows skipped over since the last one are blank.
    pub(super) fn enter(&mut self, index: u32, out: &mut TableLines) {
        if index > self.next_index {
            out.skip_many(SkipReason::Blank, self.next_index + 1, index - self.next_index);
        }
        self.next_index = index + 1;
    }

    /// A total row (1-based `row`): what waited before it was not the footer.
    pub(super) fn total(&mut self, row: u32, out: &mut TableLines) {
        self.flush_tail(out);
        self.after_total = true;
        self.since_total = 0;
        out.skip(SkipReason::Total, row);
    }

    /// Skips now, or holds the row when it may turn out to be part of the footer.
    pub(super) fn skip_or_hold(&mut self, reason: SkipReason, row: u32, out: &mut TableLines) {
        if self.after_total {
            self.tail.push((reason, row));
        } else {
            out.skip(reason, row);
        }
    }

    /// A sale: what waited was not the footer; `amount` (when it counts) adds to the sums.
    pub(super) fn sale(&mut self, amount: Option<i128>, out: &mut TableLines) {
        self.flush_tail(out);
        self.after_total = false;
        if let Some(a) = amount {
            self.running += a;
            self.since_total += a;
            self.sales += 1;
            self.prefix.sale(a, self.running, self.sales);
        }
    }

    /// Does `value` equal the sum of the sales above it (all of them, or since the last total)?
    pub(super) fn is_sum_above(&self, value: i128) -> bool {
        value == self.running || value == self.since_total
    }

    /// How many of the last sales add up to `value` (non-zero), a run ending
    /// right above? A subtotal of a customer hierarchy sums its children, which
    /// may follow other customers and nested subtotals.
    pub(super) fn run_sum(&mut self, value: i128) -> Option<usize> {
        if value == 0 {
            return None;
        }
        let k = *self.prefix.built().get(&(self.running - value))?;
        (k < self.sales).then(|| self.sales - k)
    }

    /// Any sale counted in the sums yet?
    pub(super) fn has_sum(&self) -> bool {
        self.running != 0
    }

    fn flush_tail(&mut self, out: &mut TableLines) {
        for (reason, row) in self.tail.drain(..) {
            out.skip(reason, row);
        }
    }

    /// The end of the table: nothing was sold after the last total, so what waits is the footer.
    pub(super) fn finish(&mut self, out: &mut TableLines) {
        for (_, row) in self.tail.drain(..) {
            out.skip(SkipReason::Footer, row);
        }
    }
}

/// Client, manager, department, parent: the columns where a total word labels the row.
pub(super) fn label_columns(layout: &Layout) -> Vec<u32> {
    [Role::Client, Role::Manager, Role::Department, Role::Parent]
        .iter()
        .filter_map(|r| layout.column(*r).map(|c| c.col))
        .collect()
}

/// What the total words in a row say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TotalLabel {
    /// No total word where it would label the row.
    None,
    /// «Итого», "Total", "Grand Total" labelling the row: a total.
    Sure,
    /// A total only if its amount is the sum of the sales right above it:
    /// "Total Acme Corp", or «Итого» in a first text column beside a client.
    IfSum,
}

/// The total words of a row: in a label column, or in its first text cell.
pub(super) fn total_label(row: &Row, label_cols: &[u32], client_col: u32, memo: &TextMemo) -> TotalLabel {
    // Each cell looked up once: the client cell is a label column and, on most rows, the
    // first cell with letters too.
    let mut client = None;
    for &c in label_cols {
        if let Some(t) = row.get(c).and_then(Cell::as_shared_text) {
            let f = memo.facts(t);
            if f.total {
                return TotalLabel::Sure;
            }
            if c == client_col {
                client = Some(f);
            }
        }
    }
    let facts = |c: u32, t: &std::sync::Arc<str>| match client {
        Some(f) if c == client_col => f,
        _ => memo.facts(t),
    };
    // The first cell with letters: numbers stored as text (CSV) label nothing.
    let first = row
        .cells
        .iter()
        .find_map(|(c, cell)| cell.as_shared_text().map(|t| facts(*c, t)).filter(|f| f.letters));
    let client_blank = row.get(client_col).is_none_or(Cell::is_blank);
    let client_subtotal = || {
        row.get(client_col)
            .and_then(Cell::as_shared_text)
            .is_some_and(|t| facts(client_col, t).subtotal)
    };
    match first {
        Some(f) if f.total => {
            if client_blank {
                TotalLabel::Sure
            } else {
                TotalLabel::IfSum
            }
        }
        _ if client_subtotal() => TotalLabel::IfSum,
        Some(f) if client_blank && f.subtotal => TotalLabel::IfSum,
        _ => TotalLabel::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(amounts: &[i128]) -> RowWalk {
        let mut w = RowWalk::new(0);
        let mut out = TableLines::default();
        for &a in amounts {
            w.sale(Some(a), &mut out);
        }
        w
    }

    #[test]
    fn a_run_is_found_before_and_after_the_sums_are_indexed() {
        let mut w = walk(&[5, 7, 3]);
        assert_eq!(w.run_sum(10), Some(2));
        assert_eq!(w.run_sum(15), Some(3));
        assert_eq!(w.run_sum(4), None);
        // Sales after the first question are indexed as they come.
        w.sale(Some(20), &mut TableLines::default());
        assert_eq!(w.run_sum(23), Some(2));
        assert_eq!(w.run_sum(35), Some(4));
    }

    #[test]
    fn a_sale_beyond_an_i64_still_sums_exactly() {
        let big = i128::from(i64::MAX) + 10;
        let w = &mut walk(&[1, big, 5]);
        assert_eq!(w.run_sum(5), Some(1));
        assert_eq!(w.run_sum(big + 5), Some(2));
        assert_eq!(w.run_sum(big + 6), Some(3));
    }
}

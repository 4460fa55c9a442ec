//! The lines the method measures: the caller's date range and measure applied
//! to the resolved lines (revenue over all days by default), with the count of
//! lines each left out, so nothing disappears silently.

use crate::core::model::{SalesLine, SalesLines};
use crate::core::options::{DateRange, Measure};
use crate::core::value::Money;
use std::borrow::Cow;

/// The lines measured, and what the range and the measure left out.
#[derive(Debug)]
pub(crate) struct View<'a> {
    /// The lines in the range, their `amount` the measure's value.
    pub lines: Cow<'a, SalesLines>,
    /// Lines left out of a range because they have no date.
    pub undated: u32,
    /// Lines left out because they have no value of the measure (a blank profit or quantity cell).
    pub unmeasured: u32,
}

/// The measures the lines offer: revenue always; profit and quantity when some line has one.
pub(crate) fn measures(lines: &SalesLines) -> Vec<Measure> {
    let mut out = vec![Measure::Revenue];
    if lines.lines.iter().any(|l| l.profit.get().is_some()) {
        out.push(Measure::Profit);
    }
    if lines.lines.iter().any(|l| l.quantity.get().is_some()) {
        out.push(Measure::Quantity);
    }
    out
}

/// The measure's value of one line (`None`: the line has none).
pub(crate) fn value(line: &SalesLine, measure: Measure) -> Option<Money> {
    match measure {
        Measure::Revenue => Some(line.amount),
        Measure::Profit => line.profit.get(),
        Measure::Quantity => line.quantity.get().and_then(Money::from_f64),
    }
}

/// The lines in `range`, measured by `measure`. Borrows when nothing changes.
pub(crate) fn view(lines: &SalesLines, range: DateRange, measure: Measure) -> View<'_> {
    if range.is_open() && measure == Measure::Revenue {
        return View {
            lines: Cow::Borrowed(lines),
            undated: 0,
            unmeasured: 0,
        };
    }
    let (mut undated, mut unmeasured) = (0u32, 0u32);
    let kept: Vec<SalesLine> = lines
        .lines
        .iter()
        .filter(|l| match l.date {
            Some(d) => range.contains(d),
            None if range.is_open() => true,
            None => {
                undated += 1;
                false
            }
        })
        .filter_map(|l| match value(l, measure) {
            Some(amount) => Some(SalesLine { amount, ..l.clone() }),
            None => {
                unmeasured += 1;
                None
            }
        })
        .collect();
    // Notes and suggestions are the report's, from the resolved lines; the method needs neither.
    let out = SalesLines {
        lines: kept,
        clients: lines.clients.clone(),
        labels: lines.labels.clone(),
        parts: lines.parts.clone(),
        notes: Vec::new(),
        suggestions: Vec::new(),
    };
    View {
        lines: Cow::Owned(out),
        undated,
        unmeasured,
    }
}

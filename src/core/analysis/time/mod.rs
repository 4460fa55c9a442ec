//! Time: the data's calendar periods (months, quarters, years) with their
//! concentration, the complete-month windows the trend rules compare, each
//! client's purchase rhythm and the stability of its monthly sales (XYZ), and
//! two periods side by side. Partial periods (the data misses their first or
//! last days) are shown but never feed a trend rule or XYZ.

pub(crate) mod calendar;
pub(crate) mod compare;
pub(crate) mod rhythm;
pub(crate) mod sums;
pub(crate) mod xyz;

pub use calendar::Coverage;
pub use compare::{Comparison, ComparisonBasis, Movement, Side, SideClient};
pub use rhythm::{Rhythm, RhythmStatus};
pub(crate) use sums::{Monthly, Slice};
pub use xyz::{Xyz, XyzCell, XyzView};

use super::concentration::Concentration;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::{Date, MoneySum};
use calendar::{Length, Span};

/// Where the lines' dates come from, which decides what time can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The table has no date column.
    NoColumn,
    /// A date column: the days of purchases.
    Column,
    /// A wide table's period columns, each `months` long (1, 3 or 12), from `from` to `to`:
    /// lines are dated their period's first day, so there are periods but no rhythm.
    Periods {
        /// Months per period column.
        months: u32,
        /// First day of the first period.
        from: Date,
        /// Last day of the last period.
        to: Date,
    },
    /// A wide table's period columns name months without a year: no dates at all.
    PeriodsWithoutYear,
}

/// How fine the dates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// Days of purchases.
    Day,
    /// Month columns.
    Month,
    /// Quarter columns.
    Quarter,
    /// Year columns.
    Year,
}

impl Granularity {
    /// `day`, `month`, `quarter` or `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }
    fn shows(self, length: Length) -> bool {
        match self {
            Granularity::Day | Granularity::Month => true,
            Granularity::Quarter => length >= Length::Quarter,
            Granularity::Year => length == Length::Year,
        }
    }
}

/// One calendar period's sales and concentration.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodStats {
    /// "2024-03", "2024-Q1" or "2024".
    pub period: String,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// The data misses its first or last days.
    pub partial: bool,
    /// Net total.
    pub total: MoneySum,
    /// Clients with lines in it.
    pub clients: u32,
    /// Indices over its positive client sums; `None` without any.
    pub concentration: Option<Concentration>,
    /// Clients at or above the key share of its total (client indexes, largest first).
    pub key_accounts: Vec<usize>,
}

/// A run of complete months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day of its first month.
    pub from: Date,
    /// Last day of its last month.
    pub to: Date,
    /// Months in it.
    pub months: u32,
    /// First month's number (internal).
    pub(crate) first_month: i32,
}

/// The two windows the trend rules compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// The latest complete months.
    pub recent: Window,
    /// As many months right before.
    pub previous: Window,
}

/// What time shows about the analysed lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeView {
    /// The days the data covers.
    pub coverage: Coverage,
    /// How fine the dates are.
    pub granularity: Granularity,
    /// Whether purchase days are known (a date column), so each client has a rhythm.
    pub rhythm: bool,
    /// Months, quarters and years, oldest first (empty where the dates are coarser).
    pub months: Vec<PeriodStats>,
    /// See `months`.
    pub quarters: Vec<PeriodStats>,
    /// See `months`.
    pub years: Vec<PeriodStats>,
    /// Complete months, oldest first (month numbers).
    pub(crate) complete: Vec<i32>,
    /// The trend windows; `None` with too few complete months.
    pub windows: Option<Windows>,
}

/// The time view of the measured lines, or `None` without dates.
pub(crate) fn time_view(
    lines: &SalesLines,
    monthly: &Monthly,
    coverage: Option<Coverage>,
    dates: DateSource,
    t: &Thresholds,
) -> Option<TimeView> {
    let coverage = coverage?;
    let granularity = match dates {
        DateSource::NoColumn | DateSource::PeriodsWithoutYear => return None,
        DateSource::Column => Granularity::Day,
        DateSource::Periods { months, .. } if months >= 12 => Granularity::Year,
        DateSource::Periods { months, .. } if months >= 3 => Granularity::Quarter,
        DateSource::Periods { .. } => Granularity::Month,
    };
    let periods = |length: Length| -> Vec<PeriodStats> {
        if !granularity.shows(length) {
            return vec![];
        }
        coverage
            .spans(length)
            .into_iter()
            .map(|s| period_stats(&s, coverage.partial(&s), monthly, lines, t))
            .collect()
    };
    let months = periods(Length::Month);
    let complete: Vec<i32> = if matches!(granularity, Granularity::Day | Granularity::Month) {
        complete_run(&coverage)
    } else {
        vec![]
    };
    Some(TimeView {
        coverage,
        granularity,
        rhythm: granularity == Granularity::Day,
        quarters: periods(Length::Quarter),
        years: periods(Length::Year),
        months,
        windows: windows(&complete, t),
        complete,
    })
}

fn period_stats(span: &Span, partial: bool, monthly: &Monthly, lines: &SalesLines, t: &Thresholds) -> PeriodStats {
    let slice = Slice::of(
        &monthly.sums(span.first_month, span.first_month + span.months - 1),
        lines,
        t,
    );
    PeriodStats {
        period: span.label(),
        from: span.from,
        to: span.to,
        partial,
        total: slice.total,
        clients: slice.clients,
        key_accounts: slice.key_accounts(t.key_share),
        concentration: slice.concentration,
    }
}

/// The complete months, oldest first: partial months lie only at the coverage's ends.
fn complete_run(coverage: &Coverage) -> Vec<i32> {
    coverage
        .spans(Length::Month)
        .iter()
        .filter(|s| !coverage.partial(s))
        .map(|s| s.first_month)
        .collect()
}

fn window(months: &[i32]) -> Option<Window> {
    let (&first, &last) = (months.first()?, months.last()?);
    let a = Span::holding(first, Length::Month);
    let b = Span::holding(last, Length::Month);
    Some(Window {
        from: a.from,
        to: b.to,
        months: months.len() as u32,
        first_month: first,
    })
}

/// The last `w` complete months against the `w` before: `w` is the window when
/// twice as many exist, else half of them, and never under the minimum.
fn windows(complete: &[i32], t: &Thresholds) -> Option<Windows> {
    let n = complete.len();
    let full = t.trend_window_months as usize;
    let w = if n >= 2 * full { full } else { n / 2 };
    if w < t.trend_min_months as usize || w == 0 {
        return None;
    }
    let recent = complete.get(n - w..)?;
    let previous = complete.get(n - 2 * w..n - w)?;
    Some(Windows {
        recent: window(recent)?,
        previous: window(previous)?,
    })
}

impl Window {
    /// Its last month's number.
    pub(crate) fn last_month(&self) -> i32 {
        self.first_month + self.months as i32 - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(n: i32) -> Vec<i32> {
        (0..n).map(|i| 2023 * 12 + i).collect()
    }

    #[test]
    fn windows_are_twelve_months_with_two_years_else_half_and_never_under_six() {
        let t = Thresholds::default();
        let w = windows(&months(30), &t).expect("windows");
        assert_eq!((w.recent.months, w.previous.months), (12, 12));
        assert_eq!(w.recent.to.to_string(), "2025-06-30");
        assert_eq!(w.previous.from.to_string(), "2023-07-01");
        let w = windows(&months(17), &t).expect("windows");
        assert_eq!((w.recent.months, w.previous.months), (8, 8));
        assert_eq!(w.recent.to.to_string(), "2024-05-31");
        assert!(windows(&months(11), &t).is_none(), "5 + 5 is under the minimum");
        assert_eq!(windows(&months(12), &t).map(|w| w.recent.months), Some(6));
    }

    #[test]
    fn only_the_edges_of_the_coverage_are_partial() {
        let d = |s: &str| Date::parse_iso(s).expect("date");
        let c = Coverage {
            from: d("2023-01-16"),
            to: d("2024-03-09"),
        };
        let run = complete_run(&c);
        assert_eq!(
            run.first().copied(),
            Some(2023 * 12 + 1),
            "February 2023 is the first complete month"
        );
        assert_eq!(run.last().copied(), Some(2024 * 12 + 1), "February 2024 the last");
        assert_eq!(run.len(), 13);
    }
}

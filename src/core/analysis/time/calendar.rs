//! Months, quarters and years as numbered periods, and the days the data covers.

use crate::core::value::Date;

/// Days by which the data may miss a period's first or last day and still
/// cover it: a file ending on a Friday the 29th covers its month.
pub(crate) const EDGE_DAYS: i32 = 3;

/// How long one calendar period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Length {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Length {
    fn months(self) -> i32 {
        match self {
            Length::Month => 1,
            Length::Quarter => 3,
            Length::Year => 12,
        }
    }
}

/// Months since year 0: `y * 12 + m − 1`.
pub(crate) fn month_of(d: Date) -> i32 {
    let (y, m, _) = d.ymd();
    y * 12 + m as i32 - 1
}

/// The first day of month number `i`.
pub(crate) fn month_start(i: i32) -> Date {
    let m = (i.rem_euclid(12) + 1) as u32;
    Date::from_ymd(i.div_euclid(12), m, 1).unwrap_or(Date(0))
}

/// One calendar period: its number (months since year 0 of its first month), bounds and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// First month's number.
    pub first_month: i32,
    /// Months in it.
    pub months: i32,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Span {
    /// The `length` period holding month `m`.
    pub(crate) fn holding(m: i32, length: Length) -> Span {
        let n = length.months();
        let first_month = m - m.rem_euclid(n);
        Span {
            first_month,
            months: n,
            from: month_start(first_month),
            to: Date(month_start(first_month + n).0 - 1),
        }
    }
    /// "2024-03", "2024-Q1" or "2024".
    pub(crate) fn label(&self) -> String {
        let y = self.first_month.div_euclid(12);
        let m = self.first_month.rem_euclid(12);
        match self.months {
            1 => format!("{y:04}-{:02}", m + 1),
            3 => format!("{y:04}-Q{}", m / 3 + 1),
            _ => format!("{y:04}"),
        }
    }
    /// The period of the same length right after this one.
    pub(crate) fn next(&self) -> Span {
        let first_month = self.first_month + self.months;
        Span {
            first_month,
            months: self.months,
            from: month_start(first_month),
            to: Date(month_start(first_month + self.months).0 - 1),
        }
    }
}

/// The days the data covers, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Coverage {
    /// Whether the data misses the period's first or last days (beyond [`EDGE_DAYS`]).
    pub(crate) fn partial(&self, span: &Span) -> bool {
        self.from.0 > span.from.0 + EDGE_DAYS || self.to.0 < span.to.0 - EDGE_DAYS
    }
    /// The `length` periods from the one holding the first day to the one holding the last.
    pub(crate) fn spans(&self, length: Length) -> Vec<Span> {
        let last = month_of(self.to);
        let mut out = Vec::new();
        let mut s = Span::holding(month_of(self.from), length);
        while s.first_month <= last {
            out.push(s);
            s = s.next();
        }
        out
    }
}

/// The same day one year earlier (29 February becomes the 28th).
pub(crate) fn year_before(d: Date) -> Date {
    let (y, m, day) = d.ymd();
    Date::from_ymd(y - 1, m, day)
        .or_else(|| Date::from_ymd(y - 1, m, day - 1))
        .unwrap_or(Date(d.0 - 365))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).expect("date")
    }

    #[test]
    fn spans_and_labels() {
        let c = Coverage {
            from: d("2023-11-15"),
            to: d("2024-02-09"),
        };
        let months: Vec<String> = c.spans(Length::Month).iter().map(Span::label).collect();
        assert_eq!(months, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        let quarters: Vec<String> = c.spans(Length::Quarter).iter().map(Span::label).collect();
        assert_eq!(quarters, ["2023-Q4", "2024-Q1"]);
        let years: Vec<String> = c.spans(Length::Year).iter().map(Span::label).collect();
        assert_eq!(years, ["2023", "2024"]);
        let m = c.spans(Length::Month);
        let partial: Vec<bool> = m.iter().map(|s| c.partial(s)).collect();
        assert_eq!(partial, [true, false, false, true]);
        assert_eq!(m[1].to, d("2023-12-31"));
    }

    #[test]
    fn a_file_ending_on_the_29th_covers_its_month_and_one_ending_on_the_9th_does_not() {
        let jan = Span::holding(month_of(d("2024-01-10")), Length::Month);
        let covers = |to: &str| {
            !Coverage {
                from: d("2024-01-01"),
                to: d(to),
            }
            .partial(&jan)
        };
        assert!(covers("2024-01-29"));
        assert!(!covers("2024-01-09"));
    }

    #[test]
    fn year_before_keeps_the_day_and_leap_days_fall_back() {
        assert_eq!(year_before(d("2024-03-09")), d("2023-03-09"));
        assert_eq!(year_before(d("2024-02-29")), d("2023-02-28"));
    }
}

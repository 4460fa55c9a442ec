//! Each client's purchase rhythm: first and last purchase, purchase days, the
//! median gap between them, days silent as of "today", and a status by its own
//! rhythm. The usual gap is the client's own median gap, or all clients'
//! median gap when it bought on fewer than `lost_min_purchases` days.
//!
//! - lost: silent more than `lost_gap_multiplier` × the usual gap and at least `lost_min_days`;
//! - overdue: not lost, silent longer than the usual gap and more than
//!   [`OVERDUE_MIN_DAYS`] (a daily buyer is not overdue after a weekend);
//! - active: otherwise.

use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::Date;

/// Days of silence below which no client is overdue.
pub const OVERDUE_MIN_DAYS: u32 = 7;

/// A client's status by its own rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RhythmStatus {
    /// Bought within its usual gap.
    Active,
    /// Silent longer than its usual gap.
    Overdue,
    /// Silent far longer than its usual gap (the lost rule).
    Lost,
}

impl RhythmStatus {
    /// `active`, `overdue` or `lost`.
    pub fn as_str(self) -> &'static str {
        match self {
            RhythmStatus::Active => "active",
            RhythmStatus::Overdue => "overdue",
            RhythmStatus::Lost => "lost",
        }
    }
}

/// One client's purchase rhythm.
#[derive(Debug, Clone, PartialEq)]
pub struct Rhythm {
    /// First purchase.
    pub first: Date,
    /// Last purchase.
    pub last: Date,
    /// Distinct purchase days.
    pub purchase_days: u32,
    /// Median days between consecutive purchase days; `None` under two.
    pub median_gap: Option<f64>,
    /// The gap the status judges by (its own median, or all clients' under `lost_min_purchases` days).
    pub usual_gap: Option<f64>,
    /// Days from the last purchase to "today" (0 when it bought later).
    pub days_silent: u32,
    /// Its status.
    pub status: RhythmStatus,
}

/// Every client's rhythm by client index (`None`: no dated line).
pub(crate) fn rhythms(lines: &SalesLines, t: &Thresholds, as_of: Option<Date>) -> Vec<Option<Rhythm>> {
    let mut purchases: Vec<Vec<Date>> = vec![Vec::new(); lines.clients.len()];
    for line in &lines.lines {
        if let (Some(d), Some(p)) = (line.date, purchases.get_mut(line.client as usize)) {
            p.push(d);
        }
    }
    for p in &mut purchases {
        p.sort_unstable();
        p.dedup();
    }
    let Some(as_of) = as_of else {
        return vec![None; lines.clients.len()];
    };
    let pooled = median(purchases.iter().flat_map(|p| gaps(p)).collect());
    purchases
        .iter()
        .map(|p| {
            let (&first, &last) = (p.first()?, p.last()?);
            let silent = (as_of.0 - last.0).max(0) as u32;
            let own = median(gaps(p));
            let usual = if p.len() as u32 >= t.lost_min_purchases {
                own
            } else {
                pooled
            };
            let lost = silent >= t.lost_min_days && usual.is_none_or(|g| f64::from(silent) > t.lost_gap_multiplier * g);
            let status = if lost {
                RhythmStatus::Lost
            } else if silent > OVERDUE_MIN_DAYS && usual.is_some_and(|g| f64::from(silent) > g) {
                RhythmStatus::Overdue
            } else {
                RhythmStatus::Active
            };
            Some(Rhythm {
                first,
                last,
                purchase_days: p.len() as u32,
                median_gap: own,
                usual_gap: usual,
                days_silent: silent,
                status,
            })
        })
        .collect()
}

/// Days between consecutive purchase dates.
fn gaps(p: &[Date]) -> Vec<f64> {
    p.windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(f64::from(b.0 - a.0)),
            _ => None,
        })
        .collect()
}

pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(mid).copied()
    } else {
        Some((v.get(mid - 1).copied().unwrap_or(0.0) + v.get(mid).copied().unwrap_or(0.0)) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Client, SalesLine};
    use crate::core::value::Money;

    fn lines(dates: &[(u32, &str)]) -> SalesLines {
        let clients = (0..2)
            .map(|i| Client {
                key: format!("c{i}"),
                name: format!("C{i}"),
                spellings: 1,
                id: None,
                names: vec![],
                ..Default::default()
            })
            .collect();
        SalesLines {
            lines: dates
                .iter()
                .map(|&(client, d)| SalesLine {
                    client,
                    amount: Money(1),
                    date: Date::parse_iso(d),
                    manager: None,
                    department: None,
                    product: None,
                    quantity: crate::core::value::MaybeF64::NONE,
                    profit: crate::core::value::MaybeMoney::NONE,
                    row: 1,
                    part: 0,
                })
                .collect(),
            clients,
            ..Default::default()
        }
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(vec![30.0, 10.0, 20.0]), Some(20.0));
        assert_eq!(median(vec![30.0, 10.0]), Some(20.0));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn status_by_each_clients_own_gap() {
        // C0 buys every 10 days, C1 every 30; both last bought on 1 March.
        let mut d: Vec<(u32, &str)> = vec![(0, "2024-02-10"), (0, "2024-02-20"), (0, "2024-03-01")];
        d.extend([
            (1, "2023-12-02"),
            (1, "2024-01-01"),
            (1, "2024-01-31"),
            (1, "2024-03-01"),
        ]);
        let l = lines(&d);
        let t = Thresholds::default();
        let at = |day: &str| rhythms(&l, &t, Date::parse_iso(day));
        let r = at("2024-03-20");
        let (c0, c1) = (r[0].as_ref().expect("c0"), r[1].as_ref().expect("c1"));
        assert_eq!((c0.purchase_days, c0.median_gap, c0.days_silent), (3, Some(10.0), 19));
        assert_eq!(c0.status, RhythmStatus::Overdue, "19 days against its usual 10");
        assert_eq!(
            at("2024-03-08")[0].as_ref().map(|r| r.status),
            Some(RhythmStatus::Active),
            "7 days: never overdue"
        );
        assert_eq!(c1.status, RhythmStatus::Active, "19 days against its usual 30");
        // Lost needs more than twice the gap and at least 60 days.
        let status = |day: &str, c: usize| at(day)[c].as_ref().map(|r| r.status);
        assert_eq!(
            status("2024-04-29", 0),
            Some(RhythmStatus::Overdue),
            "59 days: under 60"
        );
        assert_eq!(status("2024-05-01", 0), Some(RhythmStatus::Lost));
        assert_eq!(
            status("2024-04-29", 1),
            Some(RhythmStatus::Overdue),
            "59 days: under twice 30"
        );
        assert_eq!(
            status("2024-05-01", 1),
            Some(RhythmStatus::Lost),
            "61 days: over twice 30"
        );
    }
}

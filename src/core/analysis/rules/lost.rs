//! Lost key clients: a company key client silent for longer than its own
//! rhythm — more than `lost_gap_multiplier` times its median gap between
//! purchase dates (all clients' median gap when it bought on fewer than
//! `lost_min_purchases` dates) and at least `lost_min_days` — up to the
//! as-of date. Without dates the check is said to be impossible.

use super::super::findings::{Finding, FindingKind, Scope, Unchecked};
use super::super::shares::ClientTotal;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::Date;

/// Whether dates could be used for time-based findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The table has no date column.
    NoColumn,
    /// There is a date column (it may still hold no readable date).
    Column,
}

/// The lost-client findings, in key-account order, or the reason they cannot be checked.
pub(crate) fn findings(
    company_key: &[&ClientTotal],
    lines: &SalesLines,
    t: &Thresholds,
    as_of: Option<Date>,
    dates: DateSource,
) -> Vec<Finding> {
    let as_of = match (dates, as_of) {
        (DateSource::NoColumn, _) => return vec![unchecked(Unchecked::NoDateColumn)],
        (DateSource::Column, None) => return vec![unchecked(Unchecked::NoDates)],
        (DateSource::Column, Some(d)) => d,
    };
    // Each client's distinct purchase dates, ascending.
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
    let pooled = median(purchases.iter().flat_map(|p| gaps(p)).collect());
    let mut out = Vec::new();
    for c in company_key {
        let Some(p) = purchases.get(c.client) else { continue };
        let Some(last) = p.iter().next_back().copied() else {
            continue;
        };
        let silent = (as_of.0 - last.0).max(0) as u32;
        let typical = if p.len() as u32 >= t.lost_min_purchases {
            median(gaps(p))
        } else {
            pooled
        };
        let long_enough = typical.is_none_or(|g| f64::from(silent) > t.lost_gap_multiplier * g);
        if silent >= t.lost_min_days && long_enough {
            let kind = FindingKind::LostKeyClient {
                client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
                share: c.share,
                last_date: last,
                days_silent: silent,
            };
            out.push(Finding::new(kind, f64::from(t.lost_min_days), Scope::Company));
        }
    }
    out
}

fn unchecked(reason: Unchecked) -> Finding {
    Finding::new(FindingKind::LostClientsUnchecked { reason }, 0.0, Scope::Company)
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

fn median(mut v: Vec<f64>) -> Option<f64> {
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

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(vec![30.0, 10.0, 20.0]), Some(20.0));
        assert_eq!(median(vec![30.0, 10.0]), Some(20.0));
        assert_eq!(median(vec![]), None);
    }
}

//! Sums per client over months and over any set of them, with their totals,
//! indices and key accounts: what periods, windows, XYZ and comparisons share.

use super::super::concentration::{Concentration, concentration};
use super::super::shares::ratio;
use super::calendar::month_of;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::MoneySum;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Each month's sums per client (month number → client → sum).
#[derive(Debug, Default)]
pub(crate) struct Monthly(BTreeMap<i32, HashMap<u32, MoneySum>>);

impl Monthly {
    pub(crate) fn of(lines: &SalesLines) -> Monthly {
        let mut out: BTreeMap<i32, HashMap<u32, MoneySum>> = BTreeMap::new();
        for l in &lines.lines {
            if let Some(d) = l.date {
                out.entry(month_of(d))
                    .or_default()
                    .entry(l.client)
                    .or_default()
                    .add(l.amount);
            }
        }
        Monthly(out)
    }
    /// Per-client sums over the months `first ..= last`.
    pub(crate) fn sums(&self, first: i32, last: i32) -> HashMap<u32, MoneySum> {
        let mut out: HashMap<u32, MoneySum> = HashMap::default();
        for (_, m) in self.0.range(first..=last) {
            for (&c, s) in m {
                out.entry(c).or_default().0 += s.0;
            }
        }
        out
    }
    /// One client's sum in month `m`.
    pub(crate) fn of_client(&self, m: i32, client: u32) -> i128 {
        self.0.get(&m).and_then(|x| x.get(&client)).map_or(0, |s| s.0)
    }
}

/// Totals of one set of client sums: net total, indices, key accounts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slice {
    pub total: MoneySum,
    pub clients: u32,
    pub concentration: Option<Concentration>,
    /// Positive clients by sum, largest first (ties by folded name): (client, sum).
    pub ranked: Vec<(usize, i128)>,
}

impl Slice {
    pub(crate) fn of(sums: &HashMap<u32, MoneySum>, lines: &SalesLines, t: &Thresholds) -> Slice {
        let key_of = |i: usize| lines.clients.get(i).map_or("", |c| c.key.as_str());
        let total = MoneySum(sums.values().map(|s| s.0).sum());
        let mut ranked: Vec<(usize, i128)> = sums
            .iter()
            .filter(|(_, s)| s.0 > 0)
            .map(|(&c, s)| (c as usize, s.0))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key_of(a.0).cmp(key_of(b.0))));
        let positive: Vec<i128> = ranked.iter().map(|&(_, s)| s).collect();
        Slice {
            total,
            clients: sums.len() as u32,
            concentration: concentration(&positive, t),
            ranked,
        }
    }
    /// A client's share of the net total (0 when the total is not positive).
    pub(crate) fn share(&self, client: usize) -> f64 {
        let s = self.ranked.iter().find(|(c, _)| *c == client).map_or(0, |&(_, s)| s);
        ratio(s, self.total.0)
    }
    /// Clients at or above the key share, largest first.
    pub(crate) fn key_accounts(&self, key_share: f64) -> Vec<usize> {
        if self.total.0 <= 0 {
            return vec![];
        }
        self.ranked
            .iter()
            .filter(|&&(_, s)| ratio(s, self.total.0) >= key_share)
            .map(|&(c, _)| c)
            .collect()
    }
}

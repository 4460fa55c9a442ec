//! Each client's net amount, share, rank and ABC class: the company scope the
//! rest of the method reads. Amounts stay exact ([`MoneySum`]); shares are
//! ratios of exact sums.

use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::MoneySum;
use serde::Serialize;

/// ABC class: A for the largest clients up to the cumulative share `abc_a`, B up to `abc_b`, C the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Abc {
    /// The largest clients.
    A,
    /// The middle.
    B,
    /// The tail.
    C,
}

/// One client's totals, in the order of [`Shares::order`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClientTotal {
    /// Index into [`SalesLines::clients`].
    pub client: usize,
    /// Net amount, exact.
    pub amount: MoneySum,
    /// Fraction of the net total; 0 when the total is not positive.
    pub share: f64,
    /// Sales lines.
    pub lines: u32,
    /// 1-based rank.
    pub rank: u32,
    /// Running share of the positive sum up to and including this client (positive amounts only).
    pub cumulative_share: Option<f64>,
    /// Positive amounts only.
    pub abc: Option<Abc>,
}

/// The company's net total and every client's totals, largest first (ties by folded name).
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    /// Net total of the lines.
    pub total: MoneySum,
    /// Clients largest first.
    pub clients: Vec<ClientTotal>,
}

/// `part / whole` as a float; 0 when the whole is not positive.
pub(super) fn ratio(part: i128, whole: i128) -> f64 {
    if whole > 0 { part as f64 / whole as f64 } else { 0.0 }
}

impl Shares {
    /// Sums the lines per client and ranks the clients.
    pub fn of(lines: &SalesLines, t: &Thresholds) -> Shares {
        let n = lines.clients.len();
        let mut sums = vec![MoneySum::default(); n];
        let mut counts = vec![0u32; n];
        let mut total = MoneySum::default();
        for line in &lines.lines {
            if let Some(s) = sums.get_mut(line.client as usize) {
                s.add(line.amount);
            }
            if let Some(c) = counts.get_mut(line.client as usize) {
                *c += 1;
            }
            total.add(line.amount);
        }
        let key_of = |i: usize| lines.clients.get(i).map(|c| c.key.as_str()).unwrap_or("");
        let amount_of = |i: usize| sums.get(i).copied().unwrap_or_default();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| amount_of(b).cmp(&amount_of(a)).then_with(|| key_of(a).cmp(key_of(b))));

        let positive_sum: i128 = order.iter().map(|&i| amount_of(i).0).filter(|&a| a > 0).sum();
        let mut clients = Vec::with_capacity(n);
        let mut before: i128 = 0;
        for (pos, &i) in order.iter().enumerate() {
            let amount = amount_of(i);
            let (cumulative_share, abc) = if amount.0 > 0 {
                let reached = ratio(before, positive_sum);
                let class = if reached < t.abc_a {
                    Abc::A
                } else if reached < t.abc_b {
                    Abc::B
                } else {
                    Abc::C
                };
                before += amount.0;
                (Some(ratio(before, positive_sum)), Some(class))
            } else {
                (None, None)
            };
            clients.push(ClientTotal {
                client: i,
                amount,
                share: ratio(amount.0, total.0),
                lines: counts.get(i).copied().unwrap_or(0),
                rank: pos as u32 + 1,
                cumulative_share,
                abc,
            });
        }
        Shares { total, clients }
    }

    /// Clients with a positive net amount, largest first.
    pub fn positive(&self) -> impl Iterator<Item = &ClientTotal> {
        self.clients.iter().filter(|c| c.amount.0 > 0)
    }

    /// Company key accounts: positive clients at or above the key share of a positive total.
    pub fn company_key(&self, key_share: f64) -> Vec<&ClientTotal> {
        if self.total.0 <= 0 {
            return vec![];
        }
        self.positive().filter(|c| c.share >= key_share).collect()
    }
}

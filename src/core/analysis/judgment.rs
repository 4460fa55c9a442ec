//! Key by judgment: what the data cannot show and the owner knows — large
//! potential, a famous name, an innovator, a partner, a demanding client. The
//! owner's marks and the file's marks columns are joined per client; a client
//! whose potential is given is key by potential when we sell it little of
//! what it buys (`wallet_share_max`) and it could matter (`potential_min_share`
//! of our annual sales).

use super::findings::{Finding, FindingKind, Scope};
use super::shares::Shares;
use super::time::Coverage;
use crate::core::model::{Mark, MarkSet, SalesLines};
use crate::core::options::{ClientMark, Thresholds};
use crate::core::value::MoneySum;
use std::collections::HashMap;

/// One client's judgment, by client index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientJudgment {
    /// The owner's marks ∪ the file's (∪ potential when its potential makes it key).
    pub marks: MarkSet,
    /// Its potential per year: the owner's, else the file's.
    pub potential: Option<f64>,
    /// Our revenue in the range, per year; `None` without dates.
    pub annual: Option<f64>,
    /// `annual` ÷ `potential`.
    pub wallet_share: Option<f64>,
}

/// The judgment of every client and the marks that found no client.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgment {
    /// By client index.
    pub clients: Vec<ClientJudgment>,
    /// Marked names not among the clients.
    pub unmatched: Vec<String>,
}

/// Days in a year, for annualising.
const YEAR_DAYS: f64 = 365.0;

impl Judgment {
    /// Joins the marks with the clients. `revenue`: each client's revenue in the range;
    /// `coverage`: the days the range covers (annualises it).
    pub fn of(
        lines: &SalesLines,
        marks: &[ClientMark],
        revenue: &[MoneySum],
        coverage: Option<Coverage>,
        t: &Thresholds,
    ) -> Judgment {
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (i, c) in lines.clients.iter().enumerate() {
            for n in c.names.iter().chain(std::iter::once(&c.name)) {
                by_name.entry(n.as_str()).or_insert(i);
            }
        }
        // The client's own name wins over another client's alias.
        for (i, c) in lines.clients.iter().enumerate() {
            by_name.insert(c.name.as_str(), i);
        }
        let days = coverage.map(|c| f64::from((c.to.0 - c.from.0 + 1).max(1)));
        let annual_of = |i: usize| {
            let r = revenue.get(i).copied().unwrap_or_default().to_f64();
            days.map(|d| r * YEAR_DAYS / d)
        };
        let mut clients: Vec<ClientJudgment> = lines
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| ClientJudgment {
                marks: c.file_marks,
                potential: c.potential,
                annual: annual_of(i),
                wallet_share: None,
            })
            .collect();
        let mut unmatched = Vec::new();
        for m in marks {
            match by_name.get(m.client.as_str()).and_then(|&i| clients.get_mut(i)) {
                Some(j) => {
                    j.marks = j.marks.union(m.marks);
                    j.potential = m.potential.or(j.potential);
                }
                None => unmatched.push(m.client.clone()),
            }
        }
        let our_annual: f64 = clients.iter().filter_map(|c| c.annual).filter(|a| *a > 0.0).sum();
        for j in &mut clients {
            if let (Some(p), Some(a)) = (j.potential, j.annual) {
                let wallet = a.max(0.0) / p;
                j.wallet_share = Some(wallet);
                if wallet < t.wallet_share_max && our_annual > 0.0 && p >= t.potential_min_share * our_annual {
                    j.marks.insert(Mark::Potential);
                }
            }
        }
        Judgment { clients, unmatched }
    }

    /// The marks of client `i`.
    pub fn marks(&self, i: usize) -> MarkSet {
        self.clients.get(i).map(|c| c.marks).unwrap_or_default()
    }

    /// `key_by_judgment` for each marked client that is not key by volume (largest first),
    /// and `innovators_overmarked`.
    pub(super) fn findings(
        &self,
        shares: &Shares,
        volume_key: &[usize],
        lines: &SalesLines,
        t: &Thresholds,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        for c in &shares.clients {
            let Some(j) = self.clients.get(c.client).filter(|j| !j.marks.is_empty()) else {
                continue;
            };
            if volume_key.contains(&c.client) {
                continue;
            }
            let kind = FindingKind::KeyByJudgment {
                client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
                share: c.share,
                marks: j.marks,
                wallet_share: j.wallet_share,
                potential: j.potential,
            };
            out.push(Finding::new(kind, t.wallet_share_max, Scope::Company));
        }
        let clients = shares.clients.len();
        let innovators = self
            .clients
            .iter()
            .filter(|j| j.marks.contains(Mark::Innovator))
            .count();
        // One innovator among few clients is no over-marking: more than one is needed.
        if clients > 0 && innovators > 1 && innovators as f64 > t.innovator_max_share * clients as f64 {
            let kind = FindingKind::InnovatorsOvermarked {
                count: innovators as u32,
                share: innovators as f64 / clients as f64,
            };
            out.push(Finding::new(kind, t.innovator_max_share, Scope::Company));
        }
        out
    }
}

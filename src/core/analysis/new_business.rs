//! How much new business: the method's advice to a company that depends on a
//! client is to grow the others, not to shrink the key client. For each company
//! key account, the sales from other clients that would bring its share down
//! to each of the method's levels, in money and in "clients like your average
//! class B client".

use super::shares::{Abc, Shares};
use crate::core::options::Thresholds;

/// What a level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelKind {
    /// The critical share.
    Critical,
    /// A dependency level.
    Dependency,
    /// The key-account share.
    Key,
}

impl LevelKind {
    /// `critical`, `dependency` or `key`.
    pub fn as_str(self) -> &'static str {
        match self {
            LevelKind::Critical => "critical",
            LevelKind::Dependency => "dependency",
            LevelKind::Key => "key",
        }
    }
}

/// The new business one level takes.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelNeed {
    /// The share to reach.
    pub level: f64,
    /// What the level is.
    pub kind: LevelKind,
    /// Sales from other clients to add (0 when the share is already at or below it).
    pub needed: f64,
    /// `needed` in average clients, rounded up; `None` without an average.
    pub clients_needed: Option<u64>,
}

/// One key account's needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientNeed {
    /// Client index.
    pub client: usize,
    /// Its net amount.
    pub amount: f64,
    /// Its company share.
    pub share: f64,
    /// Highest level first.
    pub levels: Vec<LevelNeed>,
}

/// The new business each company key account takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBusiness {
    /// The average client the needs are counted in.
    pub average: Option<f64>,
    /// `class_b` (the average class B client) or `all_clients` (without class B).
    pub basis: &'static str,
    /// Largest first.
    pub clients: Vec<ClientNeed>,
}

/// The method's levels, highest first, each once.
pub(super) fn levels(t: &Thresholds) -> Vec<(f64, LevelKind)> {
    let mut out = vec![(t.critical_share, LevelKind::Critical)];
    let mut dependency = t.dependency_levels.clone();
    dependency.sort_by(|a, b| b.total_cmp(a));
    out.extend(dependency.into_iter().map(|l| (l, LevelKind::Dependency)));
    out.push((t.key_share, LevelKind::Key));
    let mut seen: Vec<(f64, LevelKind)> = Vec::new();
    for (l, k) in out {
        if !seen.iter().any(|(s, _)| (s - l).abs() < 1e-12) {
            seen.push((l, k));
        }
    }
    seen.sort_by(|a, b| b.0.total_cmp(&a.0));
    seen
}

/// Sales from others that bring a client of `amount` in `total` down to `level`: a / level − total.
pub(super) fn needed(amount: f64, total: f64, level: f64) -> f64 {
    if level <= 0.0 || total <= 0.0 {
        return 0.0;
    }
    (amount / level - total).max(0.0)
}

/// The needs of every company key account (`keys`: client indexes, largest first).
pub(super) fn new_business(shares: &Shares, keys: &[usize], t: &Thresholds) -> Option<NewBusiness> {
    if keys.is_empty() || shares.total.0 <= 0 {
        return None;
    }
    let mean = |xs: Vec<f64>| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
    let class_b = mean(
        shares
            .positive()
            .filter(|c| c.abc == Some(Abc::B))
            .map(|c| c.amount.to_f64())
            .collect(),
    );
    let (average, basis) = match class_b {
        Some(a) => (Some(a), "class_b"),
        None => (
            mean(shares.positive().map(|c| c.amount.to_f64()).collect()),
            "all_clients",
        ),
    };
    let total = shares.total.to_f64();
    let levels = levels(t);
    let clients = keys
        .iter()
        .filter_map(|&k| shares.clients.iter().find(|c| c.client == k))
        .map(|c| {
            let amount = c.amount.to_f64();
            ClientNeed {
                client: c.client,
                amount,
                share: c.share,
                levels: levels
                    .iter()
                    .map(|&(level, kind)| {
                        let needed = needed(amount, total, level);
                        LevelNeed {
                            level,
                            kind,
                            needed,
                            clients_needed: average.filter(|a| *a > 0.0).map(|a| (needed / a).ceil() as u64),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Some(NewBusiness {
        average,
        basis,
        clients,
    })
}

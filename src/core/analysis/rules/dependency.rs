//! Dependency on a few clients: one client only (`mono_client`), a client
//! above the critical share (`critical_dependency`), a client at one of the
//! dependency levels (`dependency`, the highest level reached).

use super::super::findings::{Finding, FindingKind, Scope};
use super::super::shares::Shares;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;

/// The dependency findings, in client order.
pub(crate) fn findings(shares: &Shares, lines: &SalesLines, t: &Thresholds) -> Vec<Finding> {
    let name = |i: usize| lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    let mut out = Vec::new();
    if shares.total.0 <= 0 {
        return out;
    }
    let positive: Vec<_> = shares.positive().collect();
    if let [only] = positive.as_slice() {
        out.push(Finding::new(
            FindingKind::MonoClient {
                client: name(only.client),
                share: only.share,
            },
            1.0,
            Scope::Company,
        ));
    }
    for c in positive {
        if c.share > t.critical_share {
            let kind = FindingKind::CriticalDependency {
                client: name(c.client),
                share: c.share,
                supplier: None,
            };
            out.push(Finding::new(kind, t.critical_share, Scope::Company));
        } else if let Some(level) = t
            .dependency_levels
            .iter()
            .copied()
            .filter(|l| c.share >= *l)
            .reduce(f64::max)
        {
            let kind = FindingKind::Dependency {
                client: name(c.client),
                share: c.share,
                level,
            };
            out.push(Finding::new(kind, level, Scope::Company));
        }
    }
    out
}

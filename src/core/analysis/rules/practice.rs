//! Manager practice: a manager who leads key accounts should not also run many
//! small orders (`kam_mixed_with_small_orders`: the "fast one" and the
//! "analyst" are different jobs); a key client needs one responsible manager
//! (`key_client_split` when several share its sales, `key_client_no_manager`
//! when none leads it).

use super::super::findings::{Finding, FindingKind, Scope};
use super::super::scopes::ScopeGroups;
use super::super::shares::{Abc, ClientTotal, Shares, ratio};
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;

/// The practice findings: mixed managers by name, then split and unmanaged key clients in key order.
pub(crate) fn findings(
    managers: &ScopeGroups,
    shares: &Shares,
    company_key: &[&ClientTotal],
    lines: &SalesLines,
    t: &Thresholds,
) -> Vec<Finding> {
    let name = |i: usize| lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    let mut out = Vec::new();
    if managers.is_empty() {
        return out;
    }
    let small: Vec<&ClientTotal> = shares.clients.iter().filter(|c| c.abc == Some(Abc::C)).collect();
    let small_led = managers.led(&small);
    for (manager, led) in managers.led(company_key) {
        let count = small_led.get(manager).map_or(0, |s| s.len() as u32);
        if count >= t.small_orders_min {
            let kind = FindingKind::KamMixedWithSmallOrders {
                manager: manager.clone(),
                clients: led.iter().map(|&c| name(c)).collect(),
                small: count,
            };
            out.push(Finding::new(kind, f64::from(t.small_orders_min), Scope::Manager));
        }
    }
    for c in company_key {
        let parts = managers.parts_of(c.client);
        let sharing: Vec<(String, f64)> = parts
            .iter()
            .map(|(m, s)| ((*m).clone(), ratio(s.0, c.amount.0)))
            .filter(|(_, s)| *s >= t.split_min_share)
            .collect();
        if sharing.len() >= 2 {
            let kind = FindingKind::KeyClientSplit {
                client: name(c.client),
                share: c.share,
                managers: sharing,
            };
            out.push(Finding::new(kind, t.split_min_share, Scope::Manager));
        } else if parts.iter().all(|(_, s)| s.0 <= 0) {
            let kind = FindingKind::KeyClientNoManager {
                client: name(c.client),
                share: c.share,
            };
            out.push(Finding::new(kind, t.key_share, Scope::Company));
        }
    }
    out
}

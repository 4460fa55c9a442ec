//! Manager load: one manager should lead at most a few company key accounts
//! (`manager_overload`), the ones where the manager has the largest part of
//! the client's sales.

use super::super::findings::{Finding, FindingKind, Scope};
use super::super::scopes::ScopeGroups;
use super::super::shares::ClientTotal;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;

/// One finding per overloaded manager, by manager name.
pub(crate) fn findings(
    managers: &ScopeGroups,
    company_key: &[&ClientTotal],
    lines: &SalesLines,
    t: &Thresholds,
) -> Vec<Finding> {
    let name = |i: usize| lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    managers
        .led(company_key)
        .into_iter()
        .filter(|(_, led)| led.len() as u32 > t.max_key_accounts_per_manager)
        .map(|(manager, led)| {
            let kind = FindingKind::ManagerOverload {
                manager: manager.clone(),
                clients: led.iter().map(|&c| name(c)).collect(),
            };
            Finding::new(kind, f64::from(t.max_key_accounts_per_manager), Scope::Manager)
        })
        .collect()
}

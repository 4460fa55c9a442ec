//! The key accounts as findings (`key_account`, one per client and scope) and
//! the clients left out of the indices (`non_positive_clients`).

use super::super::findings::{Finding, FindingKind, Scope};
use super::super::scopes::KeyAccount;
use super::super::shares::Shares;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;

/// One `key_account` finding per key account, in key-account order.
pub(crate) fn findings(key_accounts: &[KeyAccount], t: &Thresholds) -> Vec<Finding> {
    key_accounts
        .iter()
        .map(|k| {
            let kind = FindingKind::KeyAccount {
                client: k.client.clone(),
                share: k.share,
                scope: k.scope,
                group: k.group.clone(),
            };
            Finding::new(kind, t.key_share, k.scope)
        })
        .collect()
}

/// Clients whose net amount is zero or negative, when there are any.
pub(crate) fn non_positive(shares: &Shares, lines: &SalesLines) -> Option<Finding> {
    let clients: Vec<String> = shares
        .clients
        .iter()
        .filter(|c| c.amount.0 <= 0)
        .map(|c| lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default())
        .collect();
    (!clients.is_empty()).then(|| Finding::new(FindingKind::NonPositiveClients { clients }, 0.0, Scope::Company))
}

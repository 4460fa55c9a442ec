//! What to do on Monday: at most seven actions, most urgent first, each built
//! from one finding with its client, manager and numbers.

use super::findings::{Finding, FindingKind, Severity};
use super::new_business::{levels, needed};
use super::shares::Shares;
use crate::core::codes::codes;
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;

codes! {
    /// What to do, in the order of urgency within one severity.
    pub enum ActionCode {
        /// Meet a lost key client and find out why, fast.
        Reactivate = "reactivate",
        /// Keep the supplier's discount that one client holds up.
        ProtectSupplier = "protect_supplier",
        /// Grow the others: new clients, a larger sales team.
        Diversify = "diversify",
        /// Meet a slipping key client before it stops.
        MeetSlipping = "meet_slipping",
        /// Hand some key accounts of an overloaded manager to another.
        RebalanceManager = "rebalance_manager",
        /// Give a key-account manager's small orders to another manager.
        SeparateSmallOrders = "separate_small_orders",
        /// Give a key client a responsible manager.
        AssignManager = "assign_manager",
        /// Review prices and terms of a loss-making key client.
        ReviewPrices = "review_prices",
        /// Name one manager responsible for a shared key client.
        SingleOwner = "single_owner",
        /// Treat a new or judged key client as a key account.
        PlanKey = "plan_key",
    }
}

/// At most this many actions.
pub const MAX_ACTIONS: usize = 7;

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// What to do.
    pub code: ActionCode,
    /// Index of its finding in the findings.
    pub finding: usize,
    /// The client concerned.
    pub client: Option<String>,
    /// The manager concerned.
    pub manager: Option<String>,
    /// Clients concerned (a manager's key accounts).
    pub clients: Option<Vec<String>>,
    /// Money: for `diversify`, the sales from other clients that bring the client down to `level`.
    pub amount: Option<f64>,
    /// The client's share.
    pub share: Option<f64>,
    /// For `reactivate`: days silent.
    pub days_silent: Option<u32>,
    /// A count (small clients of a manager).
    pub count: Option<u32>,
    /// For `diversify`: the level to reach.
    pub level: Option<f64>,
}

impl Action {
    fn new(code: ActionCode, finding: usize) -> Action {
        Action {
            code,
            finding,
            client: None,
            manager: None,
            clients: None,
            amount: None,
            share: None,
            days_silent: None,
            count: None,
            level: None,
        }
    }
}

/// The actions the findings call for (the findings in report order).
pub(super) fn actions(findings: &[Finding], shares: &Shares, lines: &SalesLines, t: &Thresholds) -> Vec<Action> {
    let total = shares.total.to_f64();
    let amount_of = |client: &str| {
        shares
            .clients
            .iter()
            .find(|c| lines.clients.get(c.client).is_some_and(|x| x.name == client))
            .map_or(0.0, |c| c.amount.to_f64())
    };
    // The highest of the method's levels below the share: the next step down.
    let next_level = |share: f64| levels(t).into_iter().map(|(l, _)| l).find(|l| *l < share - 1e-12);
    let diversify = |i: usize, client: &str, share: f64| {
        let mut a = Action::new(ActionCode::Diversify, i);
        a.client = Some(client.to_string());
        a.share = Some(share);
        if let Some(level) = next_level(share) {
            a.level = Some(level);
            a.amount = Some((needed(amount_of(client), total, level) * 100.0).round() / 100.0);
        }
        a
    };
    let mut out: Vec<(Severity, Action)> = Vec::new();
    let mut diversified = false;
    for (i, f) in findings.iter().enumerate() {
        let action = match &f.kind {
            FindingKind::LostKeyClient {
                client,
                share,
                days_silent,
                ..
            } => {
                let mut a = Action::new(ActionCode::Reactivate, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                a.days_silent = Some(*days_silent);
                Some(a)
            }
            FindingKind::CriticalDependency {
                client,
                share,
                supplier: Some(_),
            } => {
                let mut a = Action::new(ActionCode::ProtectSupplier, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                Some(a)
            }
            FindingKind::MonoClient { client, share } if !diversified => {
                diversified = true;
                Some(diversify(i, client, *share))
            }
            FindingKind::CriticalDependency {
                client,
                share,
                supplier: None,
            }
            | FindingKind::Dependency { client, share, .. }
            | FindingKind::ConcentrationRising { client, share, .. }
                if !diversified =>
            {
                diversified = true;
                let share = shares
                    .clients
                    .iter()
                    .find(|c| lines.clients.get(c.client).is_some_and(|x| &x.name == client))
                    .map_or(*share, |c| c.share);
                Some(diversify(i, client, share))
            }
            FindingKind::SlippingKeyClient { client, share, .. } => {
                let mut a = Action::new(ActionCode::MeetSlipping, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                Some(a)
            }
            FindingKind::ManagerOverload { manager, clients } => {
                let mut a = Action::new(ActionCode::RebalanceManager, i);
                a.manager = Some(manager.clone());
                a.clients = Some(clients.clone());
                a.count = Some(clients.len() as u32);
                Some(a)
            }
            FindingKind::KamMixedWithSmallOrders {
                manager,
                clients,
                small,
            } => {
                let mut a = Action::new(ActionCode::SeparateSmallOrders, i);
                a.manager = Some(manager.clone());
                a.clients = Some(clients.clone());
                a.count = Some(*small);
                Some(a)
            }
            FindingKind::KeyClientNoManager { client, share } => {
                let mut a = Action::new(ActionCode::AssignManager, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                Some(a)
            }
            FindingKind::LossMakingKeyClient { client, share, .. } => {
                let mut a = Action::new(ActionCode::ReviewPrices, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                Some(a)
            }
            FindingKind::KeyClientSplit {
                client,
                share,
                managers,
            } => {
                let mut a = Action::new(ActionCode::SingleOwner, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                a.manager = managers.first().map(|(m, _)| m.clone());
                a.clients = Some(managers.iter().map(|(m, _)| m.clone()).collect());
                Some(a)
            }
            FindingKind::NewKeyAccount { client, share, .. } | FindingKind::KeyByJudgment { client, share, .. } => {
                let mut a = Action::new(ActionCode::PlanKey, i);
                a.client = Some(client.clone());
                a.share = Some(*share);
                Some(a)
            }
            _ => None,
        };
        if let Some(a) = action {
            out.push((f.severity(), a));
        }
    }
    // Severity first, then urgency; the findings' own order within one code.
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    out.into_iter().map(|(_, a)| a).take(MAX_ACTIONS).collect()
}

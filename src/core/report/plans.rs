//! The report's parts about what to do: the what-if scenario, the new business
//! each key account takes, the supplier conditions, the action list and the
//! products a condition can name. Types and their assembly from the analysis.

use crate::core::analysis::FlatFinding;
use crate::core::analysis::actions::{Action, ActionCode};
use crate::core::analysis::new_business::NewBusiness;
use crate::core::analysis::scenario::{Applied, Changed, Diff, ManagerChange, Side};
use crate::core::analysis::supplier::SupplierCheck;
use crate::core::model::SalesLines;
use crate::core::options::SupplierUnit;
use crate::core::value::MoneySum;
use serde::Serialize;

/// Rounds money to cents (a float computed from exact sums).
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `new_business`: the sales from other clients each company key account's share needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewBusinessReport {
    /// The average client counted in (`clients_needed`): of class B, else of all clients.
    pub average: Option<f64>,
    /// `class_b` or `all_clients`.
    pub basis: String,
    /// Each company key account by volume, largest first.
    pub clients: Vec<ClientNeedReport>,
}

/// One key account's needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientNeedReport {
    /// The client's name.
    pub client: String,
    /// Its net amount.
    pub amount: f64,
    /// Its company share.
    pub share: f64,
    /// Highest level first.
    pub levels: Vec<LevelNeedReport>,
}

/// The new business one level takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelNeedReport {
    /// The share to come down to.
    pub level: f64,
    /// `critical`, `dependency` or `key`.
    pub kind: String,
    /// Sales from other clients to add (0: already at or below).
    pub needed: f64,
    /// `needed` in average clients, rounded up.
    pub clients_needed: Option<u64>,
}

/// `supplier[]`: one condition checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierReport {
    /// The condition's name.
    pub name: String,
    /// The products counted; empty: all.
    pub products: Vec<String>,
    /// `units` or `money`.
    pub unit: SupplierUnit,
    /// The volume per month that keeps the discount.
    pub tier: f64,
    /// Complete months averaged.
    pub months: u32,
    /// First day of those months (ISO).
    pub from: String,
    /// Last day (ISO).
    pub to: String,
    /// The monthly average today.
    pub volume: f64,
    /// Whether today's volume keeps the discount.
    pub met: bool,
    /// The clients by their part, largest first: at most 20 and every one that breaks the tier.
    pub clients: Vec<SupplierClient>,
}

/// One client's part of a supplier condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierClient {
    /// The client's name.
    pub client: String,
    /// Its monthly average.
    pub volume: f64,
    /// The monthly average without it.
    pub volume_without: f64,
    /// Whether its departure drops the volume below the tier.
    pub breaks: bool,
}

/// `scenario`: what if some clients left or bought less.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    /// Clients removed.
    pub removed: Vec<ChangedReport>,
    /// Clients cut.
    pub cut: Vec<ChangedReport>,
    /// Names given that are no client of this file.
    pub missing: Vec<String>,
    /// Today.
    pub before: SideReport,
    /// After the scenario (the rest of the report).
    pub after: SideReport,
    /// `before.total − after.total`.
    pub fall: f64,
    /// `fall / before.total`; null when today's total is not positive.
    pub fall_ratio: Option<f64>,
    /// Clients that become company key accounts.
    pub became_key: Vec<String>,
    /// Clients that are company key accounts no more.
    pub no_longer_key: Vec<String>,
    /// Managers losing company key accounts.
    pub managers: Vec<ManagerChangeReport>,
    /// Findings that appear (as after).
    pub appeared: Vec<FlatFinding>,
    /// Findings that vanish (as today).
    pub vanished: Vec<FlatFinding>,
}

/// A client removed or cut.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedReport {
    /// The client's name.
    pub client: String,
    /// The fraction taken away (1: removed).
    pub by: f64,
    /// The amount taken away.
    pub amount: f64,
    /// Its company share today.
    pub share: f64,
}

/// One side of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideReport {
    /// Net total.
    pub total: f64,
    /// Clients with sales lines.
    pub clients: u32,
    /// HHI.
    pub hhi: Option<f64>,
    /// Effective number of clients.
    pub effective_clients: Option<f64>,
    /// The largest client's share.
    pub top1_share: Option<f64>,
    /// The three largest clients' share.
    pub top3_share: Option<f64>,
    /// Company key accounts by volume.
    pub key_accounts: Vec<String>,
    /// Findings by severity.
    pub critical: u32,
    /// See `critical`.
    pub warning: u32,
    /// See `critical`.
    pub info: u32,
}

/// A manager losing key accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagerChangeReport {
    /// The manager.
    pub manager: String,
    /// Company key accounts led today.
    pub before: u32,
    /// After.
    pub after: u32,
    /// No longer led.
    pub lost: Vec<String>,
}

/// `actions[]`: what to do first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionReport {
    /// What to do.
    pub code: ActionCode,
    /// Index of its finding in `findings`.
    pub finding: usize,
    /// The client concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The manager concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Clients concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<String>>,
    /// For `diversify`: sales from other clients that bring the client to `level`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// The client's company share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// For `reactivate`: days silent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_silent: Option<u32>,
    /// Key accounts of an overloaded manager; small clients of a mixed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// For `diversify`: the level to come down to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<f64>,
}

/// `products[]`: a product label of the lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductReport {
    /// As in the file.
    pub name: String,
    /// Net amount.
    pub amount: f64,
    /// Quantity sold; null when no line of it has one.
    pub quantity: Option<f64>,
}

pub(crate) fn new_business(n: &NewBusiness, lines: &SalesLines) -> NewBusinessReport {
    NewBusinessReport {
        average: n.average.map(cents),
        basis: n.basis.to_string(),
        clients: n
            .clients
            .iter()
            .map(|c| ClientNeedReport {
                client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
                amount: cents(c.amount),
                share: c.share,
                levels: c
                    .levels
                    .iter()
                    .map(|l| LevelNeedReport {
                        level: l.level,
                        kind: l.kind.as_str().to_string(),
                        needed: cents(l.needed),
                        clients_needed: l.clients_needed,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Supplier volumes keep three decimals (units may be fractional).
fn volume(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(crate) fn supplier(s: &SupplierCheck, lines: &SalesLines) -> SupplierReport {
    const SHOWN: usize = 20;
    SupplierReport {
        name: s.condition.name.clone(),
        products: s.condition.products.clone(),
        unit: s.condition.unit,
        tier: s.condition.per_month,
        months: s.condition.months,
        from: s.from.to_string(),
        to: s.to.to_string(),
        volume: volume(s.volume),
        met: s.met(),
        clients: s
            .clients
            .iter()
            .enumerate()
            .filter(|(i, (_, v))| *v > 0.0 && (*i < SHOWN || s.breaks(*v)))
            .map(|(_, &(c, v))| SupplierClient {
                client: lines.clients.get(c).map(|x| x.name.clone()).unwrap_or_default(),
                volume: volume(v),
                volume_without: volume(s.without(v)),
                breaks: s.breaks(v),
            })
            .collect(),
    }
}

fn changed(c: &Changed) -> ChangedReport {
    ChangedReport {
        client: c.client.clone(),
        by: c.by,
        amount: c.amount,
        share: c.share,
    }
}

fn side(s: &Side) -> SideReport {
    SideReport {
        total: s.total,
        clients: s.clients,
        hhi: s.hhi,
        effective_clients: s.effective_clients,
        top1_share: s.top1_share,
        top3_share: s.top3_share,
        key_accounts: s.key_accounts.clone(),
        critical: s.critical,
        warning: s.warning,
        info: s.info,
    }
}

fn manager_change(m: &ManagerChange) -> ManagerChangeReport {
    ManagerChangeReport {
        manager: m.manager.clone(),
        before: m.before,
        after: m.after,
        lost: m.lost.clone(),
    }
}

pub(crate) fn scenario(applied: &Applied, diff: &Diff) -> ScenarioReport {
    let fall = cents(diff.before.total - diff.after.total);
    ScenarioReport {
        removed: applied.removed.iter().map(changed).collect(),
        cut: applied.cut.iter().map(changed).collect(),
        missing: applied.missing.clone(),
        before: side(&diff.before),
        after: side(&diff.after),
        fall,
        fall_ratio: (diff.before.total > 0.0).then(|| fall / diff.before.total),
        became_key: diff.became_key.clone(),
        no_longer_key: diff.no_longer_key.clone(),
        managers: diff.managers.iter().map(manager_change).collect(),
        appeared: diff.appeared.clone(),
        vanished: diff.vanished.clone(),
    }
}

pub(crate) fn action(a: &Action) -> ActionReport {
    ActionReport {
        code: a.code,
        finding: a.finding,
        client: a.client.clone(),
        manager: a.manager.clone(),
        clients: a.clients.clone(),
        amount: a.amount,
        share: a.share,
        days_silent: a.days_silent,
        count: a.count,
        level: a.level,
    }
}

/// Every product label on the lines, largest amount first (ties by name).
pub(crate) fn products(lines: &SalesLines) -> Vec<ProductReport> {
    let mut sums: Vec<(MoneySum, Option<f64>)> = vec![(MoneySum::default(), None); lines.labels.len()];
    for l in &lines.lines {
        if let Some(slot) = l.product.and_then(|p| sums.get_mut(p.index() as usize)) {
            slot.0.add(l.amount);
            if let Some(q) = l.quantity.get() {
                slot.1 = Some(slot.1.unwrap_or(0.0) + q);
            }
        }
    }
    let used: std::collections::HashSet<u32> = lines
        .lines
        .iter()
        .filter_map(|l| l.product.map(crate::core::model::LabelId::index))
        .collect();
    let mut out: Vec<(MoneySum, ProductReport)> = lines
        .labels
        .iter()
        .zip(sums)
        .enumerate()
        .filter(|(i, _)| used.contains(&(*i as u32)))
        .map(|(_, (name, (amount, quantity)))| {
            (
                amount,
                ProductReport {
                    name: name.clone(),
                    amount: amount.to_f64_cents(),
                    quantity: quantity.map(volume),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    out.into_iter().map(|(_, p)| p).collect()
}

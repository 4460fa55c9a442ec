//! What if some clients left, or bought less: the lines without them (or with
//! their lines cut), so the method on them equals a fresh analysis of the file
//! without those rows, and the difference from today's analysis.

use super::Analysis;
use super::findings::{FindingCode, FlatFinding, Scope, Severity};
use crate::core::model::SalesLines;
use crate::core::options::Scenario;
use crate::core::value::Money;
use std::collections::{BTreeMap, HashMap};

/// One client removed or cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    /// The client's name.
    pub client: String,
    /// The fraction of its sales taken away (1 when removed).
    pub by: f64,
    /// The net amount taken away.
    pub amount: f64,
    /// Its company share today.
    pub share: f64,
}

/// The lines a scenario leaves, and what it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The lines without the removed clients (clients re-indexed) and with the cut lines scaled.
    pub lines: SalesLines,
    /// Clients removed, in the caller's order.
    pub removed: Vec<Changed>,
    /// Clients cut, in the caller's order.
    pub cut: Vec<Changed>,
    /// Names given that are no client.
    pub missing: Vec<String>,
}

/// Client indexes by every name they go by (their own name first).
fn names(lines: &SalesLines) -> HashMap<&str, usize> {
    let mut out: HashMap<&str, usize> = HashMap::new();
    for (i, c) in lines.clients.iter().enumerate() {
        for n in &c.names {
            out.entry(n.as_str()).or_insert(i);
        }
    }
    for (i, c) in lines.clients.iter().enumerate() {
        out.insert(c.name.as_str(), i);
    }
    out
}

/// Applies the scenario to the lines; `today`: the analysis without it (amounts and shares).
pub fn apply(lines: &SalesLines, scenario: &Scenario, today: &Analysis) -> Applied {
    let by_name = names(lines);
    let mut missing = Vec::new();
    // Fraction of each client's lines kept: 0 removes the client.
    let mut keep: BTreeMap<usize, f64> = BTreeMap::new();
    let mut removed = Vec::new();
    let mut cut = Vec::new();
    let today_of = |i: usize| {
        today
            .shares
            .clients
            .iter()
            .find(|c| c.client == i)
            .map_or((0.0, 0.0), |c| (c.amount.to_f64_cents(), c.share))
    };
    for name in &scenario.remove {
        match by_name.get(name.as_str()) {
            Some(&i) if !keep.contains_key(&i) => {
                keep.insert(i, 0.0);
                let (amount, share) = today_of(i);
                removed.push(Changed {
                    client: lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default(),
                    by: 1.0,
                    amount,
                    share,
                });
            }
            Some(_) => {}
            None => missing.push(name.clone()),
        }
    }
    for (name, by) in &scenario.cut {
        match by_name.get(name.as_str()) {
            Some(&i) if !keep.contains_key(&i) => {
                let by = by.clamp(0.0, 1.0);
                keep.insert(i, 1.0 - by);
                let (amount, share) = today_of(i);
                cut.push(Changed {
                    client: lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default(),
                    by,
                    amount: (amount * by * 100.0).round() / 100.0,
                    share,
                });
            }
            Some(_) => {}
            None => missing.push(name.clone()),
        }
    }
    let gone = |i: usize| keep.get(&i).is_some_and(|k| *k <= 0.0);
    // New indexes for the clients that stay.
    let mut index = vec![None; lines.clients.len()];
    let mut clients = Vec::with_capacity(lines.clients.len());
    for (i, c) in lines.clients.iter().enumerate() {
        if !gone(i) {
            if let Some(slot) = index.get_mut(i) {
                *slot = Some(clients.len() as u32);
            }
            clients.push(c.clone());
        }
    }
    let scale = |m: Money, k: f64| Money((m.0 as f64 * k).round() as i64);
    let out_lines = lines
        .lines
        .iter()
        .filter_map(|l| {
            let old = l.client as usize;
            let new = index.get(old).copied().flatten()?;
            let mut l = l.clone();
            l.client = new;
            if let Some(&k) = keep.get(&old) {
                l.amount = scale(l.amount, k);
                l.profit = l.profit.get().map(|p| scale(p, k)).into();
                l.quantity = l.quantity.get().map(|q| q * k).into();
            }
            Some(l)
        })
        .collect();
    let suggestions = lines
        .suggestions
        .iter()
        .filter_map(|s| {
            let mut s = s.clone();
            s.clients = s
                .clients
                .iter()
                .filter_map(|&c| index.get(c as usize).copied().flatten())
                .collect();
            (s.clients.len() >= 2).then_some(s)
        })
        .collect();
    Applied {
        lines: SalesLines {
            lines: out_lines,
            clients,
            labels: lines.labels.clone(),
            parts: lines.parts.clone(),
            notes: lines.notes.clone(),
            suggestions,
        },
        removed,
        cut,
        missing,
    }
}

/// One side of a scenario: today or after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Net total (rounded to cents).
    pub total: f64,
    /// Clients with sales lines.
    pub clients: u32,
    /// HHI; `None` without positive clients.
    pub hhi: Option<f64>,
    /// 10,000 / HHI.
    pub effective_clients: Option<f64>,
    /// The largest client's share.
    pub top1_share: Option<f64>,
    /// The three largest clients' share.
    pub top3_share: Option<f64>,
    /// Company key accounts by volume, largest first.
    pub key_accounts: Vec<String>,
    /// Findings by severity.
    pub critical: u32,
    /// See `critical`.
    pub warning: u32,
    /// See `critical`.
    pub info: u32,
}

/// A manager whose company key accounts change.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerChange {
    /// The manager.
    pub manager: String,
    /// Key accounts led today…
    pub before: u32,
    /// …and after.
    pub after: u32,
    /// Those no longer led.
    pub lost: Vec<String>,
}

/// Today against the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Today.
    pub before: Side,
    /// After the scenario.
    pub after: Side,
    /// Clients that become company key accounts.
    pub became_key: Vec<String>,
    /// Clients that are company key accounts no more.
    pub no_longer_key: Vec<String>,
    /// Managers losing company key accounts, by name.
    pub managers: Vec<ManagerChange>,
    /// Findings that appear (as after the scenario)…
    pub appeared: Vec<FlatFinding>,
    /// …and that vanish (as today).
    pub vanished: Vec<FlatFinding>,
}

fn side(a: &Analysis, lines: &SalesLines) -> Side {
    let c = a.concentration.as_ref();
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity() == s).count() as u32;
    Side {
        total: a.shares.total.to_f64_cents(),
        clients: a.shares.clients.iter().filter(|c| c.lines > 0).count() as u32,
        hhi: c.map(|c| c.hhi),
        effective_clients: c.map(|c| c.effective_clients),
        top1_share: c.map(|c| c.top1_share),
        top3_share: c.map(|c| c.top3_share),
        key_accounts: company_keys(a, lines),
        critical: count(Severity::Critical),
        warning: count(Severity::Warning),
        info: count(Severity::Info),
    }
}

fn company_keys(a: &Analysis, _lines: &SalesLines) -> Vec<String> {
    a.key_accounts
        .iter()
        .filter(|k| k.scope == Scope::Company && k.basis == super::Basis::Volume)
        .map(|k| k.client.clone())
        .collect()
}

/// What makes two findings the same finding, whatever their numbers.
type FindingId = (
    FindingCode,
    Option<String>,
    Option<String>,
    Option<Scope>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn id(f: &FlatFinding) -> FindingId {
    (
        f.code,
        f.client.clone(),
        f.manager.clone(),
        f.scope,
        f.group.clone(),
        f.reason.clone(),
        f.condition.clone(),
    )
}

/// Today's analysis against the scenario's.
pub fn diff(today: &Analysis, today_lines: &SalesLines, after: &Analysis, after_lines: &SalesLines) -> Diff {
    let before = side(today, today_lines);
    let after_side = side(after, after_lines);
    let became_key = after_side
        .key_accounts
        .iter()
        .filter(|k| !before.key_accounts.contains(k))
        .cloned()
        .collect();
    let no_longer_key = before
        .key_accounts
        .iter()
        .filter(|k| !after_side.key_accounts.contains(k))
        .cloned()
        .collect();
    let managers = today
        .manager_keys
        .iter()
        .filter_map(|(m, led)| {
            let now: &[String] = after.manager_keys.get(m).map_or(&[], Vec::as_slice);
            let lost: Vec<String> = led.iter().filter(|c| !now.contains(c)).cloned().collect();
            (!lost.is_empty()).then(|| ManagerChange {
                manager: m.clone(),
                before: led.len() as u32,
                after: now.len() as u32,
                lost,
            })
        })
        .collect();
    let flat_today: Vec<FlatFinding> = today.findings.iter().map(|f| f.flat()).collect();
    let flat_after: Vec<FlatFinding> = after.findings.iter().map(|f| f.flat()).collect();
    let ids_today: Vec<FindingId> = flat_today.iter().map(id).collect();
    let ids_after: Vec<FindingId> = flat_after.iter().map(id).collect();
    Diff {
        appeared: flat_after
            .iter()
            .filter(|f| !ids_today.contains(&id(f)))
            .cloned()
            .collect(),
        vanished: flat_today
            .iter()
            .filter(|f| !ids_after.contains(&id(f)))
            .cloned()
            .collect(),
        before,
        after: after_side,
        became_key,
        no_longer_key,
        managers,
    }
}

//! The three scopes of the method — the company, each department, each
//! manager's book: key accounts within each, and which department and which
//! manager leads each company key account (the one with the largest part of
//! its sales).

use super::findings::Scope;
use super::shares::{ClientTotal, Shares, ratio};
use crate::core::model::{MarkSet, SalesLine, SalesLines};
use crate::core::value::MoneySum;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for pairs of small integer ids (no untrusted keys: ids are ours).
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        // Fx-style: rotate, xor, multiply by a large odd constant.
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A client at or above the key-account share within a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyAccount {
    /// The client's `name` as in `clients`.
    pub client: String,
    /// Company, department or manager.
    pub scope: Scope,
    /// Null for the company; the department's or manager's name otherwise.
    pub group: Option<String>,
    /// Share within that scope (of the department's or manager's net sales).
    pub share: f64,
    /// Key by its volume, or by the owner's judgment (then of the company, `share` its company share).
    pub basis: Basis,
    /// The client's marks: why it is key by judgment, or what else it is besides its volume.
    pub reasons: MarkSet,
}

/// Why a key account is key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Its share of the scope's sales reached the key share.
    Volume,
    /// The owner marked it (or its potential makes it key).
    Judgment,
}

/// A manager's or department's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTotal {
    /// The manager's or department's name.
    pub name: String,
    /// Net amount, exact.
    pub amount: MoneySum,
    /// Share of the company's net total.
    pub share: f64,
    /// Distinct clients with lines in the group.
    pub clients: u32,
    /// Company key accounts this group leads.
    pub key_accounts: u32,
}

/// One department's or manager's sales, per client.
#[derive(Debug, Default)]
struct Group {
    total: MoneySum,
    by_client: BTreeMap<usize, MoneySum>,
}

/// The groups of one scope (departments or managers), by name.
pub(super) struct ScopeGroups {
    scope: Scope,
    groups: BTreeMap<String, Group>,
}

impl ScopeGroups {
    /// Groups the lines by the label `pick` gives (a department or a manager).
    pub(super) fn of(lines: &SalesLines, scope: Scope, pick: fn(&SalesLine) -> Option<u32>) -> ScopeGroups {
        // Summed by (label id, client) in one hash map first: the per-group maps are then
        // built once per pair, not touched once per line (the method re-runs on every
        // threshold change).
        let mut pairs: HashMap<(u32, u32), MoneySum, BuildHasherDefault<PairHasher>> = HashMap::default();
        for line in &lines.lines {
            if let Some(label) = pick(line) {
                pairs.entry((label, line.client)).or_default().add(line.amount);
            }
        }
        let mut by_label: rustc_hash::FxHashMap<u32, Group> = Default::default();
        for ((label, client), sum) in pairs {
            let g = by_label.entry(label).or_default();
            g.total.0 += sum.0;
            g.by_client.insert(client as usize, sum);
        }
        let groups = by_label
            .into_iter()
            .filter_map(|(id, g)| lines.labels.get(id as usize).map(|name| (name.clone(), g)))
            .collect();
        ScopeGroups { scope, groups }
    }

    /// Key accounts within each group (by name; within a group by share, largest first).
    pub(super) fn key_accounts(&self, key_share: f64, lines: &SalesLines) -> Vec<KeyAccount> {
        let key_of = |i: usize| lines.clients.get(i).map(|c| c.key.as_str()).unwrap_or("");
        let mut out = Vec::new();
        for (name, g) in &self.groups {
            if g.total.0 <= 0 {
                continue;
            }
            let mut keys: Vec<(usize, f64)> = g
                .by_client
                .iter()
                .filter(|(_, s)| s.0 > 0)
                .map(|(&c, s)| (c, ratio(s.0, g.total.0)))
                .filter(|(_, s)| *s >= key_share)
                .collect();
            keys.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| key_of(a.0).cmp(key_of(b.0))));
            out.extend(keys.into_iter().map(|(c, share)| KeyAccount {
                client: lines.clients.get(c).map(|c| c.name.clone()).unwrap_or_default(),
                scope: self.scope,
                group: Some(name.clone()),
                share,
                basis: Basis::Volume,
                reasons: MarkSet::default(),
            }));
        }
        out
    }

    /// Each group's part of a client's sales, largest first (ties by name).
    pub(super) fn parts_of(&self, client: usize) -> Vec<(&String, MoneySum)> {
        let mut out: Vec<(&String, MoneySum)> = self
            .groups
            .iter()
            .filter_map(|(name, g)| g.by_client.get(&client).map(|&s| (name, s)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        out
    }

    /// Whether any line has this scope's label.
    pub(super) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Company key accounts (client indexes) per group that leads them, in key-account order.
    pub(super) fn led(&self, company_key: &[&ClientTotal]) -> BTreeMap<&String, Vec<usize>> {
        // One pass over the groups' clients, not a walk of every group per client (the small
        // clients may be a million). The leader: the first group, by name, with the largest part.
        let mut best: FxHashMap<usize, Option<(&String, MoneySum)>> =
            company_key.iter().map(|c| (c.client, None)).collect();
        for (name, g) in &self.groups {
            for (c, &s) in &g.by_client {
                if let Some(slot) = best.get_mut(c)
                    && slot.is_none_or(|(_, b)| s > b)
                {
                    *slot = Some((name, s));
                }
            }
        }
        let mut led: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
        for c in company_key {
            if let Some(Some((name, _))) = best.get(&c.client) {
                led.entry(*name).or_default().push(c.client);
            }
        }
        led
    }

    /// Every group's totals, largest first (ties by name).
    pub(super) fn summaries(&self, shares: &Shares, company_key: &[&ClientTotal]) -> Vec<GroupTotal> {
        let led = self.led(company_key);
        let mut out: Vec<GroupTotal> = self
            .groups
            .iter()
            .map(|(name, g)| GroupTotal {
                name: name.clone(),
                amount: g.total,
                share: ratio(g.total.0, shares.total.0),
                clients: g.by_client.len() as u32,
                key_accounts: led.get(name).map_or(0, |l| l.len() as u32),
            })
            .collect();
        out.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.name.cmp(&b.name)));
        out
    }
}

/// Company key accounts, largest first.
pub(super) fn company_key_accounts(company_key: &[&ClientTotal], lines: &SalesLines) -> Vec<KeyAccount> {
    company_key
        .iter()
        .map(|c| KeyAccount {
            client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
            scope: Scope::Company,
            group: None,
            share: c.share,
            basis: Basis::Volume,
            reasons: MarkSet::default(),
        })
        .collect()
}

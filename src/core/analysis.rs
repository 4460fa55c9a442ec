//! The key-account method on clean sales lines: shares and ABC classes, key
//! accounts at three scopes, the dependency ladder, manager load,
//! concentration indices and lost key clients. A pure function of
//! (lines, thresholds, as_of): no clock, no I/O.

use crate::core::codes::codes;
use crate::core::lines::SalesLines;
use crate::core::options::Thresholds;
use crate::core::report::{ClientShare, Concentration, Finding, GroupSummary, KeyAccount, Rule, Scope, Severity};
use crate::core::value::{Date, MoneySum};
use std::collections::{BTreeMap, BTreeSet};

/// Everything the method derives from the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub total: MoneySum,
    pub clients: Vec<ClientShare>,
    pub key_accounts: Vec<KeyAccount>,
    pub managers: Vec<GroupSummary>,
    pub departments: Vec<GroupSummary>,
    pub concentration: Option<Concentration>,
    pub findings: Vec<Finding>,
}

/// Whether dates could be used for time-based findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The table has no date column.
    NoColumn,
    /// There is a date column (it may still hold no readable date).
    Column,
}

/// Runs the method.
pub fn analyze_lines(lines: &SalesLines, t: &Thresholds, as_of: Option<Date>, dates: DateSource) -> Analysis {
    let n = lines.clients.len();
    let mut sums = vec![MoneySum::default(); n];
    let mut counts = vec![0u32; n];
    let mut total = MoneySum::default();
    for line in &lines.lines {
        if let Some(s) = sums.get_mut(line.client as usize) {
            s.add(line.amount);
        }
        if let Some(c) = counts.get_mut(line.client as usize) {
            *c += 1;
        }
        total.add(line.amount);
    }
    let key_of = |i: usize| lines.clients.get(i).map(|c| c.key.as_str()).unwrap_or("");
    let name_of = |i: usize| lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    let amount_of = |i: usize| sums.get(i).copied().unwrap_or_default();

    // Largest first; ties by folded name.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| amount_of(b).cmp(&amount_of(a)).then_with(|| key_of(a).cmp(key_of(b))));

    let positive_sum: i128 = order.iter().map(|&i| amount_of(i).0).filter(|&a| a > 0).sum();
    let share = |part: i128, whole: i128| if whole > 0 { part as f64 / whole as f64 } else { 0.0 };

    let mut clients = Vec::with_capacity(n);
    let mut before: i128 = 0;
    for (pos, &i) in order.iter().enumerate() {
        let amount = amount_of(i);
        let (cumulative_share, abc) = if amount.0 > 0 {
            let class = if share(before, positive_sum) < t.abc_a {
                "A"
            } else if share(before, positive_sum) < t.abc_b {
                "B"
            } else {
                "C"
            };
            before += amount.0;
            (Some(share(before, positive_sum)), Some(class.to_string()))
        } else {
            (None, None)
        };
        clients.push(ClientShare {
            name: name_of(i),
            amount: amount.to_f64_cents(),
            share: share(amount.0, total.0),
            lines: counts.get(i).copied().unwrap_or(0),
            rank: pos as u32 + 1,
            cumulative_share,
            abc,
            id: lines.clients.get(i).and_then(|c| c.id.clone()),
            names: lines.clients.get(i).map(|c| c.names.clone()).unwrap_or_default(),
        });
    }

    // Company scope: key accounts and the dependency ladder.
    let mut key_accounts = Vec::new();
    let mut findings = Vec::new();
    let company_key: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| amount_of(i).0 > 0 && total.0 > 0 && share(amount_of(i).0, total.0) >= t.key_share)
        .collect();
    for &i in &company_key {
        key_accounts.push(KeyAccount {
            client: name_of(i),
            scope: Scope::Company,
            group: None,
            share: share(amount_of(i).0, total.0),
        });
    }
    let positive_clients: Vec<usize> = order.iter().copied().filter(|&i| amount_of(i).0 > 0).collect();
    if positive_clients.len() == 1 && total.0 > 0 {
        let i = positive_clients.first().copied().unwrap_or(0);
        findings.push(finding("mono_client", Severity::Critical, 1.0, Scope::Company).client(name_of(i)));
    }
    for &i in &positive_clients {
        let s = share(amount_of(i).0, total.0);
        if total.0 <= 0 {
            break;
        }
        if s > t.critical_share {
            findings.push(
                finding(
                    "critical_dependency",
                    Severity::Critical,
                    t.critical_share,
                    Scope::Company,
                )
                .client(name_of(i))
                .share(s),
            );
        } else if let Some(level) = t.dependency_levels.iter().copied().filter(|l| s >= *l).reduce(f64::max) {
            let mut f = finding("dependency", Severity::Warning, level, Scope::Company)
                .client(name_of(i))
                .share(s);
            f.threshold = Some(level);
            findings.push(f);
        }
    }

    // Departments and managers: key accounts within each, and who leads whom.
    let groups = |pick: fn(&crate::core::lines::SalesLine) -> Option<u32>| {
        let mut per: BTreeMap<String, Group> = BTreeMap::new();
        for line in &lines.lines {
            let Some(label) = pick(line).and_then(|l| lines.labels.get(l as usize)) else {
                continue;
            };
            let g = per.entry(label.clone()).or_default();
            g.total.add(line.amount);
            g.by_client.entry(line.client as usize).or_default().add(line.amount);
        }
        per
    };
    let departments_raw = groups(|l| l.department);
    let managers_raw = groups(|l| l.manager);
    for (scope, raw) in [(Scope::Department, &departments_raw), (Scope::Manager, &managers_raw)] {
        for (name, g) in raw {
            if g.total.0 <= 0 {
                continue;
            }
            let mut keys: Vec<(usize, f64)> = g
                .by_client
                .iter()
                .filter(|(_, s)| s.0 > 0)
                .map(|(&c, s)| (c, share(s.0, g.total.0)))
                .filter(|(_, s)| *s >= t.key_share)
                .collect();
            keys.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| key_of(a.0).cmp(key_of(b.0))));
            for (c, s) in keys {
                key_accounts.push(KeyAccount {
                    client: name_of(c),
                    scope,
                    group: Some(name.clone()),
                    share: s,
                });
            }
        }
    }
    let departments_led = led_by(&departments_raw, &company_key);
    let managers_led = led_by(&managers_raw, &company_key);
    let departments = summarize(&departments_raw, &departments_led, total, &share);
    let managers = summarize(&managers_raw, &managers_led, total, &share);

    // Manager load: company key accounts led by each manager.
    for (name, led) in &managers_led {
        if led.len() as u32 > t.max_key_accounts_per_manager {
            let mut f = finding(
                "manager_overload",
                Severity::Warning,
                f64::from(t.max_key_accounts_per_manager),
                Scope::Manager,
            );
            f.manager = Some((*name).clone());
            f.count = Some(led.len() as u32);
            f.clients = Some(led.iter().map(|&c| name_of(c)).collect());
            findings.push(f);
        }
    }

    // Lost key clients.
    match (dates, as_of) {
        (DateSource::NoColumn, _) => {
            let mut f = finding("lost_clients_unchecked", Severity::Info, 0.0, Scope::Company);
            f.reason = Some("no_date_column".into());
            findings.push(f);
        }
        (DateSource::Column, None) => {
            let mut f = finding("lost_clients_unchecked", Severity::Info, 0.0, Scope::Company);
            f.reason = Some("no_dates".into());
            findings.push(f);
        }
        (DateSource::Column, Some(as_of)) => {
            let mut purchases: Vec<BTreeSet<Date>> = vec![BTreeSet::new(); n];
            for line in &lines.lines {
                if let (Some(d), Some(p)) = (line.date, purchases.get_mut(line.client as usize)) {
                    p.insert(d);
                }
            }
            let gaps = |p: &BTreeSet<Date>| -> Vec<f64> {
                p.iter()
                    .zip(p.iter().skip(1))
                    .map(|(a, b)| f64::from(b.0 - a.0))
                    .collect()
            };
            let pooled = median(purchases.iter().flat_map(gaps).collect());
            for &i in &company_key {
                let Some(p) = purchases.get(i) else { continue };
                let Some(last) = p.iter().next_back().copied() else {
                    continue;
                };
                let silent = (as_of.0 - last.0).max(0) as u32;
                let typical = if p.len() as u32 >= t.lost_min_purchases {
                    median(gaps(p))
                } else {
                    pooled
                };
                let long_enough = typical.is_none_or(|g| f64::from(silent) > t.lost_gap_multiplier * g);
                if silent >= t.lost_min_days && long_enough {
                    let mut f = finding(
                        "lost_key_client",
                        Severity::Warning,
                        f64::from(t.lost_min_days),
                        Scope::Company,
                    )
                    .client(name_of(i));
                    f.last_date = Some(last.to_string());
                    f.days_silent = Some(silent);
                    f.share = Some(share(amount_of(i).0, total.0));
                    findings.push(f);
                }
            }
        }
    }

    for k in &key_accounts {
        let mut f = finding("key_account", Severity::Info, t.key_share, k.scope)
            .client(k.client.clone())
            .share(k.share);
        f.scope = Some(k.scope);
        f.group = k.group.clone();
        findings.push(f);
    }
    let non_positive: Vec<String> = order
        .iter()
        .filter(|&&i| amount_of(i).0 <= 0)
        .map(|&i| name_of(i))
        .collect();
    if !non_positive.is_empty() {
        let mut f = finding("non_positive_clients", Severity::Info, 0.0, Scope::Company);
        f.count = Some(non_positive.len() as u32);
        f.clients = Some(non_positive);
        findings.push(f);
    }
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| code_rank(&a.code).cmp(&code_rank(&b.code)))
            .then_with(|| {
                // Key accounts keep the order of `key_accounts` (company, departments, managers).
                if a.code == "key_account" {
                    std::cmp::Ordering::Equal
                } else {
                    b.share.unwrap_or(0.0).total_cmp(&a.share.unwrap_or(0.0))
                }
            })
    });

    let concentration = concentration(&positive_clients.iter().map(|&i| amount_of(i).0).collect::<Vec<_>>(), t);
    Analysis {
        total,
        clients,
        key_accounts,
        managers,
        departments,
        concentration,
        findings,
    }
}

#[derive(Debug, Default)]
struct Group {
    total: MoneySum,
    by_client: BTreeMap<usize, MoneySum>,
}

/// The group (manager, department) with the largest part of a client's sales; ties by name.
fn leader(groups: &BTreeMap<String, Group>, client: usize) -> Option<&String> {
    let mut best: Option<(&String, MoneySum)> = None;
    for (name, g) in groups {
        if let Some(&s) = g.by_client.get(&client)
            && best.is_none_or(|(_, b)| s > b)
        {
            best = Some((name, s));
        }
    }
    best.map(|(name, _)| name)
}

/// Company key accounts per group that leads them, in key-account order.
fn led_by<'a>(groups: &'a BTreeMap<String, Group>, company_key: &[usize]) -> BTreeMap<&'a String, Vec<usize>> {
    let mut led: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
    for &c in company_key {
        if let Some(name) = leader(groups, c) {
            led.entry(name).or_default().push(c);
        }
    }
    led
}

fn summarize(
    groups: &BTreeMap<String, Group>,
    led: &BTreeMap<&String, Vec<usize>>,
    total: MoneySum,
    share: &dyn Fn(i128, i128) -> f64,
) -> Vec<GroupSummary> {
    let mut out: Vec<GroupSummary> = groups
        .iter()
        .map(|(name, g)| GroupSummary {
            name: name.clone(),
            amount: g.total.to_f64_cents(),
            share: share(g.total.0, total.0),
            clients: g.by_client.len() as u32,
            key_accounts: led.get(name).map_or(0, |l| l.len() as u32),
        })
        .collect();
    out.sort_by(|a, b| b.amount.total_cmp(&a.amount).then_with(|| a.name.cmp(&b.name)));
    out
}

fn finding(code: &str, severity: Severity, threshold: f64, scope: Scope) -> Finding {
    Finding {
        code: code.to_string(),
        severity,
        rule: Rule { threshold, scope },
        client: None,
        share: None,
        threshold: None,
        manager: None,
        count: None,
        clients: None,
        last_date: None,
        days_silent: None,
        scope: None,
        group: None,
        reason: None,
    }
}

impl Finding {
    fn client(mut self, name: String) -> Self {
        self.client = Some(name);
        self
    }
    fn share(mut self, share: f64) -> Self {
        self.share = Some(share);
        self
    }
}

codes! {
    /// Every finding's code, in the order the report lists them within one severity.
    pub enum FindingCode {
        /// One client makes all sales.
        MonoClient = "mono_client",
        /// A client above the critical share.
        CriticalDependency = "critical_dependency",
        /// A client at a dependency level.
        Dependency = "dependency",
        /// A manager leading more key accounts than the method allows.
        ManagerOverload = "manager_overload",
        /// A key client that stopped buying.
        LostKeyClient = "lost_key_client",
        /// A key account at some scope.
        KeyAccount = "key_account",
        /// Clients whose net amount is zero or negative.
        NonPositiveClients = "non_positive_clients",
        /// Lost clients could not be checked (no dates).
        LostClientsUnchecked = "lost_clients_unchecked",
    }
}

fn code_rank(code: &str) -> usize {
    FindingCode::ALL
        .iter()
        .position(|c| c.as_str() == code)
        .unwrap_or(FindingCode::ALL.len())
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(mid).copied()
    } else {
        Some((v.get(mid - 1).copied().unwrap_or(0.0) + v.get(mid).copied().unwrap_or(0.0)) / 2.0)
    }
}

/// Rounds away float noise so exact boundaries (HHI 2,500) compare as written.
fn tidy(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn band(hhi: f64, low: f64, high: f64) -> String {
    if hhi < low {
        "unconcentrated"
    } else if hhi <= high {
        "moderately_concentrated"
    } else {
        "highly_concentrated"
    }
    .to_string()
}

/// Indices over positive client amounts, sorted largest first.
fn concentration(amounts: &[i128], t: &Thresholds) -> Option<Concentration> {
    let sum: i128 = amounts.iter().sum();
    if amounts.is_empty() || sum <= 0 {
        return None;
    }
    let shares: Vec<f64> = amounts.iter().map(|&a| a as f64 / sum as f64).collect();
    let hhi = tidy(shares.iter().map(|s| (100.0 * s).powi(2)).sum(), 6);
    let top = |k: usize| tidy(amounts.iter().take(k).sum::<i128>() as f64 / sum as f64, 12);
    let mut before = 0i128;
    let mut a_count = 0u32;
    for &a in amounts {
        if (before as f64 / sum as f64) < t.abc_a {
            a_count += 1;
        }
        before += a;
    }
    let n = amounts.len();
    let gini = (n >= 2).then(|| {
        // Population Gini from amounts sorted ascending: (2 Σ i·x_i)/(n Σ x) − (n+1)/n.
        let weighted: f64 = amounts
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &a)| (i as f64 + 1.0) * (a as f64 / sum as f64))
            .sum();
        tidy(2.0 * weighted / n as f64 - (n as f64 + 1.0) / n as f64, 12)
    });
    Some(Concentration {
        hhi,
        hhi_band_2010: band(hhi, 1500.0, 2500.0),
        hhi_band_2023: band(hhi, 1000.0, 1800.0),
        top1_share: top(1),
        top3_share: top(3),
        top5_share: top(5),
        top10_share: top(10),
        clients_for_80: a_count,
        effective_clients: if hhi > 0.0 { 10_000.0 / hhi } else { 0.0 },
        gini,
        clients: n as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conc(amounts: &[i128]) -> Concentration {
        concentration(amounts, &Thresholds::default()).unwrap()
    }

    #[test]
    fn golden_indices_for_40_30_20_10() {
        let c = conc(&[40, 30, 20, 10]);
        assert_eq!(c.hhi, 3000.0);
        assert!((c.effective_clients - 3.333_333).abs() < 1e-6);
        assert_eq!(c.gini, Some(0.25));
        assert_eq!(c.clients_for_80, 3);
        assert_eq!(c.hhi_band_2010, "highly_concentrated");
        assert_eq!(c.top3_share, 0.9);
    }

    #[test]
    fn equal_clients_have_gini_zero_and_boundary_bands() {
        let c = conc(&[25, 25, 25, 25]);
        assert_eq!(c.gini, Some(0.0));
        assert_eq!(c.hhi, 2500.0);
        assert_eq!(
            c.hhi_band_2010, "moderately_concentrated",
            "2,500 is still moderate under 2010"
        );
        assert_eq!(c.hhi_band_2023, "highly_concentrated");
    }

    #[test]
    fn one_client_is_fully_concentrated() {
        let c = conc(&[7]);
        assert_eq!(c.hhi, 10_000.0);
        assert_eq!(c.gini, None);
        assert_eq!(c.effective_clients, 1.0);
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(vec![30.0, 10.0, 20.0]), Some(20.0));
        assert_eq!(median(vec![30.0, 10.0]), Some(20.0));
        assert_eq!(median(vec![]), None);
    }
}

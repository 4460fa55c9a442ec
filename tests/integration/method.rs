//! The method (issue 3) on fixtures built for it: key accounts at three scopes,
//! the dependency ladder, manager load, concentration and lost key clients.
//!
//! Each `build::method_fixtures()` fixture → `analyze` → (1) the parsing truth
//! (as in `fixtures`), (2) the method's truth the builder computed with exact
//! integer arithmetic, (3) the fixture's hand-written checks, (4) the golden
//! report `tests/golden/<fixture>.json` (`UPDATE_GOLDEN=1` writes it once the
//! truths match).

use crate::build::{self, Check, MethodFixture, MethodTruth, Rules, code_rank};
use crate::common::{Outcome, approx, run};
use crate::fixtures::{check_golden, truth_mismatches};
use keyaccounts::core::report::{
    ClientShare, Concentration, FlatFinding as Finding, GroupSummary, KeyAccount, Scope, Severity,
};
use keyaccounts::core::value::Date;
use keyaccounts::{Options, Report, Thresholds};
use std::sync::OnceLock;

pub fn method_fixtures() -> &'static [MethodFixture] {
    static ALL: OnceLock<Vec<MethodFixture>> = OnceLock::new();
    ALL.get_or_init(build::method_fixtures)
}

fn method_fixture(name: &str) -> &'static MethodFixture {
    method_fixtures()
        .iter()
        .find(|f| f.fixture.name == name)
        .unwrap_or_else(|| panic!("no method fixture named {name}"))
}

/// The analysis part of a report or of a truth, borrowed.
pub struct View<'a> {
    pub as_of: &'a Option<String>,
    pub clients: &'a [ClientShare],
    pub key_accounts: &'a [KeyAccount],
    pub managers: &'a [GroupSummary],
    pub departments: &'a [GroupSummary],
    pub concentration: &'a Option<Concentration>,
    /// Flat, as the JSON has them.
    pub findings: std::borrow::Cow<'a, [Finding]>,
}

impl<'a> From<&'a Report> for View<'a> {
    fn from(r: &'a Report) -> Self {
        View {
            as_of: &r.as_of,
            clients: &r.clients,
            key_accounts: &r.key_accounts,
            managers: &r.managers,
            departments: &r.departments,
            concentration: &r.concentration,
            findings: std::borrow::Cow::Owned(r.flat_findings()),
        }
    }
}

impl<'a> From<&'a MethodTruth> for View<'a> {
    fn from(m: &'a MethodTruth) -> Self {
        View {
            as_of: &m.as_of,
            clients: &m.clients,
            key_accounts: &m.key_accounts,
            managers: &m.managers,
            departments: &m.departments,
            concentration: &m.concentration,
            findings: std::borrow::Cow::Borrowed(&m.findings),
        }
    }
}

fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Company => "company",
        Scope::Department => "department",
        Scope::Manager => "manager",
    }
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

fn opt_close(a: Option<f64>, b: Option<f64>, rel: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => close(a, b, rel),
        _ => false,
    }
}

fn ka_line(k: &KeyAccount) -> String {
    format!(
        "{}{} {:?} {:.6}",
        scope_name(k.scope),
        k.group.as_deref().map(|g| format!("[{g}]")).unwrap_or_default(),
        k.client,
        k.share
    )
}

fn finding_line(f: &Finding) -> String {
    let mut s = format!("{}({:?})", f.code, f.severity);
    for (k, v) in [
        ("client", f.client.clone()),
        ("manager", f.manager.clone()),
        ("group", f.group.clone()),
        ("share", f.share.map(|x| format!("{x:.6}"))),
        ("threshold", f.threshold.map(|x| x.to_string())),
        ("count", f.count.map(|x| x.to_string())),
        ("last_date", f.last_date.clone()),
        ("days_silent", f.days_silent.map(|x| x.to_string())),
        ("reason", f.reason.clone()),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" {k}={v}"));
        }
    }
    s.push_str(&format!(" rule={}/{}", f.rule.threshold, scope_name(f.rule.scope)));
    s
}

fn expected_severity(code: &str) -> Option<Severity> {
    Some(match code {
        "mono_client" | "critical_dependency" => Severity::Critical,
        "dependency"
        | "manager_overload"
        | "lost_key_client"
        | "kam_mixed_with_small_orders"
        | "key_client_no_manager" => Severity::Warning,
        "key_account" | "non_positive_clients" | "lost_clients_unchecked" | "key_client_split" => Severity::Info,
        _ => return None,
    })
}

/// Who a finding is about (to pair the truth's findings with the report's).
fn subject(f: &Finding) -> (Option<&str>, Option<&str>, Option<Scope>, Option<&str>) {
    let scope = if f.code == "key_account" { f.scope } else { None };
    (f.client.as_deref(), f.manager.as_deref(), scope, f.group.as_deref())
}

fn group_mismatches(what: &str, got: &[GroupSummary], want: &[GroupSummary], bad: &mut Vec<String>) {
    let mut got_names: Vec<&str> = got.iter().map(|g| g.name.as_str()).collect();
    let want_names: Vec<&str> = want.iter().map(|g| g.name.as_str()).collect();
    got_names.sort_unstable();
    if got_names != want_names {
        bad.push(format!("{what}: names {got_names:?}, want {want_names:?}"));
        return;
    }
    for w in want {
        let g = got.iter().find(|g| g.name == w.name).expect("same names");
        if !approx(g.amount, w.amount, 0.005)
            || !close(g.share, w.share, 1e-9)
            || g.clients != w.clients
            || g.key_accounts != w.key_accounts
        {
            bad.push(format!(
                "{what} {:?}: got amount {} share {} clients {} key_accounts {}, want {} {} {} {}",
                w.name, g.amount, g.share, g.clients, g.key_accounts, w.amount, w.share, w.clients, w.key_accounts
            ));
        }
    }
}

/// Every way the analysis part of a report disagrees with the method's truth.
/// Findings over time: the method truth here does not model them; the time
/// fixtures (tests/fixtures/shapes/time.rs) pin each with its own truth.
const TIME_FINDINGS: &[&str] = &[
    "slipping_key_client",
    "concentration_rising",
    "loss_making_key_client",
    "new_key_account",
    "unstable_key_client",
    "trends_unchecked",
];

pub fn method_mismatches(report: &Report, want: &MethodTruth) -> Vec<String> {
    let mut found = report.flat_findings();
    found.retain(|f| !TIME_FINDINGS.contains(&f.code.as_str()));
    let mut bad = Vec::new();
    if report.as_of != want.as_of {
        bad.push(format!("as_of: got {:?}, want {:?}", report.as_of, want.as_of));
    }
    // clients: rank order, rank, share, cumulative share, ABC
    let got_order: Vec<&str> = report.clients.iter().map(|c| c.name.as_str()).collect();
    let want_order: Vec<&str> = want.clients.iter().map(|c| c.name.as_str()).collect();
    if got_order != want_order {
        bad.push(format!("clients order: got {got_order:?}, want {want_order:?}"));
    } else {
        for (g, w) in report.clients.iter().zip(&want.clients) {
            if g.rank != w.rank
                || !close(g.share, w.share, 1e-12)
                || !opt_close(g.cumulative_share, w.cumulative_share, 1e-9)
                || g.abc != w.abc
            {
                bad.push(format!(
                    "client {:?}: got rank {} share {} cumulative {:?} abc {:?}, want {} {} {:?} {:?}",
                    w.name, g.rank, g.share, g.cumulative_share, g.abc, w.rank, w.share, w.cumulative_share, w.abc
                ));
            }
        }
    }
    // key accounts, in order
    let same_keys = report.key_accounts.len() == want.key_accounts.len()
        && report.key_accounts.iter().zip(&want.key_accounts).all(|(g, w)| {
            g.client == w.client && g.scope == w.scope && g.group == w.group && close(g.share, w.share, 1e-9)
        });
    if !same_keys {
        bad.push(format!(
            "key_accounts:\n      got  {}\n      want {}",
            report
                .key_accounts
                .iter()
                .map(ka_line)
                .collect::<Vec<_>>()
                .join("\n           "),
            want.key_accounts
                .iter()
                .map(ka_line)
                .collect::<Vec<_>>()
                .join("\n           ")
        ));
    }
    group_mismatches("managers", &report.managers, &want.managers, &mut bad);
    group_mismatches("departments", &report.departments, &want.departments, &mut bad);
    // concentration
    match (&report.concentration, &want.concentration) {
        (None, None) => {}
        (Some(g), Some(w)) => {
            let nums = [
                ("hhi", g.hhi, w.hhi, 1e-9),
                ("top1_share", g.top1_share, w.top1_share, 1e-9),
                ("top3_share", g.top3_share, w.top3_share, 1e-9),
                ("top5_share", g.top5_share, w.top5_share, 1e-9),
                ("top10_share", g.top10_share, w.top10_share, 1e-9),
                ("effective_clients", g.effective_clients, w.effective_clients, 1e-9),
            ];
            for (what, got, want_v, tol) in nums {
                // the engine may round the HHI to 6 decimals
                let ok = if what == "hhi" {
                    (got - want_v).abs() <= 1e-6
                } else {
                    close(got, want_v, tol)
                };
                if !ok {
                    bad.push(format!("concentration.{what}: got {got}, want {want_v}"));
                }
            }
            if !opt_close(g.gini, w.gini, 1e-9) {
                bad.push(format!("concentration.gini: got {:?}, want {:?}", g.gini, w.gini));
            }
            for (what, got, want_v) in [
                ("hhi_band_2010", &g.hhi_band_2010, &w.hhi_band_2010),
                ("hhi_band_2023", &g.hhi_band_2023, &w.hhi_band_2023),
            ] {
                if got != want_v {
                    bad.push(format!("concentration.{what}: got {got}, want {want_v}"));
                }
            }
            if g.clients_for_80 != w.clients_for_80 || g.clients != w.clients {
                bad.push(format!(
                    "concentration: clients_for_80 {} clients {}, want {} {}",
                    g.clients_for_80, g.clients, w.clients_for_80, w.clients
                ));
            }
        }
        (g, w) => bad.push(format!("concentration: got {g:?}, want {w:?}")),
    }
    // findings: the code sequence (severity, then code order), then each finding
    let got_codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).collect();
    let want_codes: Vec<&str> = want.findings.iter().map(|f| f.code.as_str()).collect();
    if got_codes != want_codes {
        bad.push(format!(
            "findings:\n      got  {}\n      want {}",
            found.iter().map(finding_line).collect::<Vec<_>>().join("\n           "),
            want.findings
                .iter()
                .map(finding_line)
                .collect::<Vec<_>>()
                .join("\n           ")
        ));
        return bad;
    }
    for f in &found {
        if expected_severity(f.code.as_str()) != Some(f.severity) {
            bad.push(format!("finding {}: severity {:?}", f.code, f.severity));
        }
    }
    for w in &want.findings {
        let Some(g) = found.iter().find(|g| g.code == w.code && subject(g) == subject(w)) else {
            bad.push(format!("finding missing: {}", finding_line(w)));
            continue;
        };
        let sorted = |v: &Option<Vec<String>>| {
            v.clone().map(|mut v| {
                v.sort();
                v
            })
        };
        let ok = close(g.rule.threshold, w.rule.threshold, 1e-12)
            && g.rule.scope == w.rule.scope
            && (w.share.is_none() || opt_close(g.share, w.share, 1e-9))
            && opt_close(g.threshold, w.threshold, 1e-12)
            && g.count == w.count
            && sorted(&g.clients) == sorted(&w.clients)
            && g.last_date == w.last_date
            && g.days_silent == w.days_silent
            && g.reason == w.reason
            && (w.code != "key_account" || (g.scope == w.scope && g.group == w.group));
        if !ok {
            bad.push(format!(
                "finding:\n      got  {}\n      want {}",
                finding_line(g),
                finding_line(w)
            ));
        }
    }
    // within a code, the most dependent client first
    for w in found.windows(2) {
        if w[0].code == w[1].code
            && w[0].code != "key_account"
            && let (Some(a), Some(b)) = (w[0].share, w[1].share)
            && a < b
        {
            bad.push(format!("findings order: {} share {a} before share {b}", w[0].code));
        }
    }
    bad
}

/// `None` when the check holds in `v`, else what is wrong.
pub fn check_fails(c: &Check, v: &View) -> Option<String> {
    let has_key = |scope: Scope, group: Option<&str>, client: &str| {
        v.key_accounts
            .iter()
            .any(|k| k.scope == scope && k.group.as_deref() == group && k.client == client)
    };
    let about = |f: &Finding, who: Option<&str>| {
        who.is_none_or(|w| f.client.as_deref() == Some(w) || f.manager.as_deref() == Some(w))
    };
    let conc = v.concentration.as_ref();
    let ok = match c {
        Check::Key(s, g, client) => has_key(*s, *g, client),
        Check::NotKey(s, g, client) => !has_key(*s, *g, client),
        Check::Finding(code, who) => v.findings.iter().any(|f| f.code == *code && about(f, *who)),
        Check::NoFinding(code, who) => !v.findings.iter().any(|f| f.code == *code && about(f, *who)),
        Check::Dependency(client, level) => v.findings.iter().any(|f| {
            f.code == "dependency"
                && f.client.as_deref() == Some(*client)
                && f.threshold.is_some_and(|t| close(t, *level, 1e-12))
        }),
        Check::Lost(client, date, days) => v.findings.iter().any(|f| {
            f.code == "lost_key_client"
                && f.client.as_deref() == Some(*client)
                && f.last_date.as_deref() == Some(*date)
                && f.days_silent == Some(*days)
        }),
        Check::Unchecked(reason) => v
            .findings
            .iter()
            .any(|f| f.code == "lost_clients_unchecked" && f.reason.as_deref() == Some(*reason)),
        Check::Index(field, want) => conc.is_some_and(|k| {
            let got = match *field {
                "hhi" => k.hhi,
                "effective_clients" => k.effective_clients,
                "gini" => k.gini.unwrap_or(f64::NAN),
                "top1_share" => k.top1_share,
                "top3_share" => k.top3_share,
                "top5_share" => k.top5_share,
                "top10_share" => k.top10_share,
                "clients" => k.clients as f64,
                other => panic!("no index {other}"),
            };
            (got - want).abs() <= if *field == "hhi" { 1e-6 } else { 1e-9 }
        }),
        Check::GiniNull => conc.is_some_and(|k| k.gini.is_none()),
        Check::Band(year, band) => conc.is_some_and(|k| {
            if *year == 2010 {
                k.hhi_band_2010 == *band
            } else {
                k.hhi_band_2023 == *band
            }
        }),
        Check::ClientsFor80(n) => conc.is_some_and(|k| k.clients_for_80 == *n),
        Check::Abc(client, abc) => v
            .clients
            .iter()
            .any(|c| c.name == *client && c.abc.as_deref() == *abc && c.cumulative_share.is_some() == abc.is_some()),
        Check::Leads(scope, name, n) => {
            let list = if *scope == Scope::Department {
                v.departments
            } else {
                v.managers
            };
            list.iter().any(|g| g.name == *name && g.key_accounts == *n)
        }
        Check::AsOf(d) => v.as_of.as_deref() == *d,
    };
    (!ok).then(|| format!("{c:?}"))
}

fn report_of(name: &str, bytes: &[u8], options: &Options) -> Box<Report> {
    match run(bytes, options) {
        Outcome::Report(r) => r,
        other => panic!("{name}: expected a report, got {}", other.label()),
    }
}

fn check_method_fixture(name: &str) {
    let f = method_fixture(name);
    let report = report_of(name, &f.fixture.bytes, &Options::default());
    let build::Expect::Report(truth) = &f.fixture.expect else {
        panic!("{name}: report expected")
    };
    let mut bad = truth_mismatches(&report, truth);
    bad.extend(method_mismatches(&report, &f.method));
    let view = View::from(&*report);
    bad.extend(
        f.checks
            .iter()
            .filter_map(|c| check_fails(c, &view))
            .map(|c| format!("hand check fails: {c}")),
    );
    bad.extend(crate::invariants::violations(&report, true));
    assert!(bad.is_empty(), "{name} ({}):\n  {}", f.fixture.pins, bad.join("\n  "));
    check_golden(name, &report);
}

macro_rules! method_tests {
    ($($test:ident => $file:literal,)*) => {
        $( #[test] fn $test() { check_method_fixture($file); } )*
        const LISTED: &[&str] = &[$($file),*];
    };
}

method_tests! {
    method_key_share_10pct => "method_key_share_10pct.xlsx",
    method_index_40_30_20_10 => "method_index_40_30_20_10.xlsx",
    method_dependency_50pct_not_critical => "method_dependency_50pct_not_critical.xlsx",
    method_critical_50_01pct => "method_critical_50_01pct.xlsx",
    method_mono_client => "method_mono_client.xlsx",
    method_four_equal_clients => "method_four_equal_clients.xlsx",
    method_hhi_1000 => "method_hhi_1000.xlsx",
    method_hhi_1500 => "method_hhi_1500.xlsx",
    method_hhi_1800 => "method_hhi_1800.xlsx",
    method_manager_3_and_4_key_accounts => "method_manager_3_and_4_key_accounts.xlsx",
    method_key_only_in_department => "method_key_only_in_department.xlsx",
    method_key_only_in_manager_book => "method_key_only_in_manager_book.xlsx",
    method_lost_key_client => "method_lost_key_client.xlsx",
    method_lost_pooled_median => "method_lost_pooled_median.xlsx",
    method_returns_non_positive => "method_returns_non_positive.xlsx",
    method_no_date_column => "method_no_date_column.xlsx",
}

#[test]
fn every_method_fixture_has_a_test() {
    let built: Vec<&str> = method_fixtures().iter().map(|f| f.fixture.name).collect();
    assert_eq!(
        built, LISTED,
        "build::method_fixtures() and the method_tests! list differ"
    );
    let all: Vec<&str> = crate::common::fixtures().iter().map(|f| f.name).collect();
    for name in built {
        assert!(!all.contains(&name), "{name} is also in build::all()");
    }
}

/// The hand-written checks hold in the builder's own truth, and the truth is
/// self-consistent — before the engine is asked anything.
#[test]
fn method_truths_agree_with_their_hand_checks() {
    let mut bad = Vec::new();
    for f in method_fixtures() {
        let m = &f.method;
        let v = View::from(m);
        for c in &f.checks {
            if let Some(fail) = check_fails(c, &v) {
                bad.push(format!("{}: {fail}", f.fixture.name));
            }
        }
        // one key_account finding per key account; findings sorted by severity then code
        let key_findings = m.findings.iter().filter(|x| x.code == "key_account").count();
        if key_findings != m.key_accounts.len() {
            bad.push(format!("{}: {key_findings} key_account findings", f.fixture.name));
        }
        if !m
            .findings
            .windows(2)
            .all(|w| (w[0].severity, code_rank(w[0].code.as_str())) <= (w[1].severity, code_rank(w[1].code.as_str())))
        {
            bad.push(format!("{}: findings not sorted", f.fixture.name));
        }
        if let Some(k) = &m.concentration {
            let abc_a = m.clients.iter().filter(|c| c.abc.as_deref() == Some("A")).count() as u32;
            if abc_a != k.clients_for_80 || !close(k.effective_clients * k.hhi, 10_000.0, 1e-12) {
                bad.push(format!("{}: concentration inconsistent", f.fixture.name));
            }
        }
        if f.checks.is_empty() {
            bad.push(format!("{}: no hand checks", f.fixture.name));
        }
    }
    assert!(bad.is_empty(), "builder truths:\n  {}", bad.join("\n  "));
}

/// `Options.as_of` replaces the latest date as "today".
#[test]
fn as_of_option_moves_today() {
    let f = method_fixture("method_lost_key_client.xlsx");
    let as_of = (2025, 3, 1);
    let mut options = Options::default();
    options.method.as_of = Date::from_ymd(as_of.0, as_of.1, as_of.2);
    let report = report_of(f.fixture.name, &f.fixture.bytes, &options);
    let want = build::method_truth(&f.sheet, Some(as_of), &Rules::default());
    assert_eq!(want.as_of.as_deref(), Some("2025-03-01"));
    assert!(
        want.findings.iter().filter(|x| x.code == "lost_key_client").count() >= 4,
        "the later date loses more clients"
    );
    let bad = method_mismatches(&report, &want);
    assert!(bad.is_empty(), "as_of 2025-03-01:\n  {}", bad.join("\n  "));
}

/// Every threshold is an option: other values move every boundary the same way
/// in the engine as in the builder's truth.
#[test]
fn thresholds_are_options() {
    let thresholds = Thresholds {
        key_share: 0.14,
        dependency_levels: vec![0.145, 0.25, 0.35],
        critical_share: 0.45,
        max_key_accounts_per_manager: 1,
        lost_gap_multiplier: 3.0,
        lost_min_days: 45,
        lost_min_purchases: 9,
        abc_a: 0.7,
        abc_b: 0.9,
        ..Default::default()
    };
    let rules = Rules {
        key: (7, 50),
        levels: vec![(29, 200), (1, 4), (7, 20)],
        critical: (9, 20),
        max_per_manager: 1,
        lost_multiplier: 3,
        lost_min_days: 45,
        lost_min_purchases: 9,
        abc_a: (7, 10),
        abc_b: (9, 10),
    };
    let mut options = Options::default();
    options.method.thresholds = thresholds;
    let mut bad = Vec::new();
    for f in method_fixtures() {
        let report = report_of(f.fixture.name, &f.fixture.bytes, &options);
        let want = build::method_truth(&f.sheet, None, &rules);
        bad.extend(
            method_mismatches(&report, &want)
                .into_iter()
                .map(|m| format!("{}: {m}", f.fixture.name)),
        );
    }
    assert!(bad.is_empty(), "custom thresholds:\n  {}", bad.join("\n  "));
}

/// `cargo test --test integration -- --ignored print_method_truths --nocapture`:
/// the builder's truth for every method fixture, to read.
#[test]
#[ignore]
fn print_method_truths() {
    for f in method_fixtures() {
        let m = &f.method;
        println!("== {} (as_of {:?})", f.fixture.name, m.as_of);
        for c in &m.clients {
            println!(
                "  #{} {} {:.2} share {:.6} cum {:?} abc {:?}",
                c.rank, c.name, c.amount, c.share, c.cumulative_share, c.abc
            );
        }
        for k in &m.key_accounts {
            println!("  key {}", ka_line(k));
        }
        for g in m.managers.iter().chain(&m.departments) {
            println!(
                "  group {} {:.2} share {:.4} clients {} leads {}",
                g.name, g.amount, g.share, g.clients, g.key_accounts
            );
        }
        println!("  {:?}", m.concentration);
        for x in &m.findings {
            println!("  finding {}", finding_line(x));
        }
    }
}

//! The built-in demo workbooks (`examples/make_sample.rs`, Russian and English)
//! show every finding of the method: a dependency above 20%, a manager leading
//! four company key accounts, a client key only within its department, a client
//! key only within a manager's book, and a lost key client.

/// The demo generator; its `main` is unused here.
#[path = "../examples/make_sample.rs"]
#[allow(dead_code)]
mod sample;

use keyaccounts::core::report::Scope;
use keyaccounts::{Options, Report};
use sample::Lang;

fn demo(lang: Lang) -> (Report, sample::Summary) {
    let (bytes, summary) = sample::build_lang(lang).expect("demo workbook");
    let report = keyaccounts::analyze(&bytes, &Options::default()).expect("the demo is analysed");
    (report, summary)
}

fn is_key(report: &Report, client: &str, scope: Scope, group: Option<&str>) -> bool {
    report
        .key_accounts
        .iter()
        .any(|k| k.client == client && k.scope == scope && (group.is_none() || k.group.as_deref() == group))
}

fn check(lang: Lang) {
    let (report, s) = demo(lang);
    let e = &s.expect;
    let findings = report.flat_findings();
    let has = |code: &str, pred: &dyn Fn(&keyaccounts::core::report::FlatFinding) -> bool| {
        findings.iter().any(|f| f.code == code && pred(f))
    };
    let mut bad = Vec::new();

    // What the engine understood: every line, the totals row dropped, all five columns.
    if report.source.rows_used as usize != s.lines {
        bad.push(format!("rows_used {} != {}", report.source.rows_used, s.lines));
    }
    if (report.total - s.total_cents as f64 / 100.0).abs() > 0.005 {
        bad.push(format!("total {} != {}", report.total, s.total_cents as f64 / 100.0));
    }
    if report.clients.len() != 40 || report.managers.len() != 5 || report.departments.len() != 3 {
        bad.push(format!(
            "{} clients, {} managers, {} departments (want 40, 5, 3)",
            report.clients.len(),
            report.managers.len(),
            report.departments.len()
        ));
    }
    for role in ["client", "amount", "date", "manager", "department"] {
        if !report.source.column_letters.contains_key(role) {
            bad.push(format!("no {role} column detected: {:?}", report.source.column_letters));
        }
    }

    // 1. Dependency: a client above 20% (and below the critical 50%).
    let top = &report.clients[0];
    if top.name != e.dependency || !(0.20..0.24).contains(&top.share) {
        bad.push(format!(
            "largest client {} at {:.3}, want {} at 20–24%",
            top.name, top.share, e.dependency
        ));
    }
    if !has("dependency", &|f| {
        f.client.as_deref() == Some(e.dependency) && f.threshold == Some(0.2)
    }) {
        bad.push(format!("no dependency finding (20%) for {}", e.dependency));
    }
    if has("critical_dependency", &|_| true) || has("mono_client", &|_| true) {
        bad.push("unexpected critical dependency".into());
    }

    // 2. Manager overload: four company key accounts led by one manager.
    let mut company: Vec<&str> = report
        .key_accounts
        .iter()
        .filter(|k| k.scope == Scope::Company)
        .map(|k| k.client.as_str())
        .collect();
    company.sort_unstable();
    let mut want = e.overload_clients.clone();
    want.sort_unstable();
    if company != want {
        bad.push(format!(
            "company key accounts {company:?}, want {:?}",
            e.overload_clients
        ));
    }
    let overload = |f: &keyaccounts::core::report::FlatFinding| {
        f.manager.as_deref() == Some(e.overloaded_manager)
            && f.count == Some(4)
            && f.clients.as_ref().is_some_and(|c| {
                let mut got: Vec<&str> = c.iter().map(String::as_str).collect();
                let mut want = e.overload_clients.clone();
                got.sort_unstable();
                want.sort_unstable();
                got == want
            })
    };
    if !has("manager_overload", &overload) {
        bad.push(format!("no manager_overload (4) for {}", e.overloaded_manager));
    }
    if findings.iter().filter(|f| f.code == "manager_overload").count() != 1 {
        bad.push("more than one overloaded manager".into());
    }

    // 3. A client key within its department only.
    let (department, client) = e.department_only;
    if !is_key(&report, client, Scope::Department, Some(department)) || is_key(&report, client, Scope::Company, None) {
        bad.push(format!("{client} should be key within {department} only"));
    }

    // 4. A client key within a manager's book only.
    let (manager, client) = e.manager_only;
    if !is_key(&report, client, Scope::Manager, Some(manager))
        || is_key(&report, client, Scope::Department, None)
        || is_key(&report, client, Scope::Company, None)
    {
        bad.push(format!("{client} should be key within {manager}'s book only"));
    }

    // 5. The lost key client, and only that one.
    let lost: Vec<(&str, u32)> = findings
        .iter()
        .filter(|f| f.code == "lost_key_client")
        .map(|f| (f.client.as_deref().unwrap_or(""), f.days_silent.unwrap_or(0)))
        .collect();
    if lost.len() != 1 || lost[0].0 != e.lost || lost[0].1 < 60 {
        bad.push(format!("lost key clients {lost:?}, want {} silent ≥ 60 days", e.lost));
    }
    if has("lost_clients_unchecked", &|_| true) || has("non_positive_clients", &|_| true) {
        bad.push("unexpected lost_clients_unchecked / non_positive_clients".into());
    }

    // 6. Movement: 2024 against 2023 (the trend windows are the two years).
    let windows = report.time.as_ref().and_then(|t| t.windows.as_ref());
    if windows.map(|w| (w.previous.from.as_str(), w.recent.to.as_str())) != Some(("2023-01-01", "2024-12-31")) {
        bad.push(format!("trend windows {windows:?}, want 2023 against 2024"));
    }
    let rising = findings.iter().find(|f| f.code == "concentration_rising");
    match rising {
        Some(f) if f.client.as_deref() == Some(e.rising) => {
            let (share, before) = (f.share.unwrap_or(0.0), f.share_before.unwrap_or(1.0));
            let (hhi, hhi_before) = (f.hhi.unwrap_or(0.0), f.hhi_before.unwrap_or(f64::MAX));
            if share - before < 0.03 || hhi < 1.15 * hhi_before {
                bad.push(format!(
                    "concentration_rising below its rule: {before}→{share}, HHI {hhi_before}→{hhi}"
                ));
            }
        }
        other => bad.push(format!("concentration_rising {other:?}, want one for {}", e.rising)),
    }
    // The largest client's share rises through 2024: its last quarter above its first.
    let top_of = |p: &str| {
        report
            .time
            .as_ref()
            .and_then(|t| t.quarters.iter().find(|q| q.period == p))
            .and_then(|q| q.top1_share)
            .unwrap_or(0.0)
    };
    if top_of("2024-Q4") <= top_of("2024-Q1") {
        bad.push(format!(
            "top share Q1 {} → Q4 {} does not rise",
            top_of("2024-Q1"),
            top_of("2024-Q3")
        ));
    }
    let new_keys: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "new_key_account")
        .filter_map(|f| f.client.as_deref())
        .collect();
    if new_keys != [e.new_key] {
        bad.push(format!("new key accounts {new_keys:?}, want [{}]", e.new_key));
    }
    let slipping: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "slipping_key_client")
        .filter_map(|f| f.client.as_deref())
        .collect();
    if slipping != [e.slipping] {
        bad.push(format!(
            "slipping key clients {slipping:?}, want [{}] (and not the lost one)",
            e.slipping
        ));
    }
    let comparison = report.comparison.as_ref();
    if comparison.map(|c| (c.before.from.as_deref(), c.after.to.as_deref()))
        != Some((Some("2023-01-01"), Some("2024-12-31")))
    {
        bad.push("the comparison is not 2024 against 2023".into());
    }

    assert!(bad.is_empty(), "demo ({lang:?}):\n  {}", bad.join("\n  "));
}

#[test]
fn russian_demo_shows_every_finding() {
    check(Lang::Ru);
}

#[test]
fn english_demo_shows_every_finding() {
    check(Lang::En);
}

/// Both languages hold the same numbers: only the words differ.
#[test]
fn english_and_russian_demos_have_the_same_numbers() {
    let (ru, _) = demo(Lang::Ru);
    let (en, _) = demo(Lang::En);
    assert_eq!(ru.total, en.total);
    let amounts = |r: &Report| r.clients.iter().map(|c| c.amount).collect::<Vec<_>>();
    assert_eq!(amounts(&ru), amounts(&en));
    assert_eq!(ru.findings.len(), en.findings.len());
}

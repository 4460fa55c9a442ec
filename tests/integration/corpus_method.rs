//! The corpus files' key clients and concentration flags (`*.expected.json`,
//! computed independently with pandas) against the method's report: company
//! key accounts (share ≥ 10 %), the concentration flag, and key accounts
//! within each department where the report has the same department column.
//! The corpus' "lost clients" use another rule and are not compared. Those
//! answers count every row, so a file with cancelled orders is compared on
//! its run with `keep_cancelled`.

use crate::common::Outcome;
use crate::corpus::runs;
use keyaccounts::Report;
use keyaccounts::core::report::Scope;
use std::collections::BTreeSet;

fn names(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str())
                .map(|n| n.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn keys_in(report: &Report, scope: Scope, group: Option<&str>) -> BTreeSet<String> {
    report
        .key_accounts
        .iter()
        .filter(|k| k.scope == scope && k.group.as_deref().map(str::trim) == group)
        .map(|k| k.client.trim().to_string())
        .collect()
}

/// Every way one corpus report disagrees with the method answers in its expected.json.
fn method_mismatches(report: &Report, exp: &serde_json::Value, notes: &mut Vec<String>) -> Vec<String> {
    let mut bad = Vec::new();
    let want = names(&exp["key_clients_company_ge10pct"]);
    let got = keys_in(report, Scope::Company, None);
    if got != want {
        bad.push(format!("company key accounts {got:?}, want {want:?}"));
    }
    let top = exp["top5"][0]["client"].as_str().map(str::trim);
    let findings = report.flat_findings();
    let about_top = |code: &str| {
        findings
            .iter()
            .filter(|f| f.code == code && f.client.as_deref().map(str::trim) == top)
            .collect::<Vec<_>>()
    };
    let dependency_findings: Vec<String> = findings
        .iter()
        .filter(|f| f.code == "dependency" || f.code == "critical_dependency")
        .map(|f| format!("{} {:?} {:?}", f.code, f.client, f.threshold))
        .collect();
    match exp["concentration_flag"].as_str() {
        None => {}
        Some("none") if !dependency_findings.is_empty() => {
            bad.push(format!("flag none, but {dependency_findings:?}"));
        }
        Some("none") => {}
        Some(flag @ ("warn_gt20" | "warn_gt30" | "warn_gt40")) => {
            let level = match flag {
                "warn_gt20" => 0.2,
                "warn_gt30" => 0.3,
                _ => 0.4,
            };
            let ok = about_top("dependency")
                .iter()
                .any(|f| f.threshold.is_some_and(|t| (t - level).abs() < 1e-12));
            if !ok {
                bad.push(format!(
                    "flag {flag}: no dependency {level} for {top:?} (got {dependency_findings:?})"
                ));
            }
        }
        Some("critical_gt50") => {
            if about_top("critical_dependency").is_empty() {
                bad.push(format!("flag critical_gt50: no critical_dependency for {top:?}"));
            }
            if exp["distinct_clients"].as_u64() == Some(1) && about_top("mono_client").is_empty() {
                bad.push(format!("one client: no mono_client for {top:?}"));
            }
        }
        Some(other) => bad.push(format!("unknown concentration_flag {other}")),
    }
    if let Some(depts) = exp["by_department"].as_object() {
        // only when the report took the same department column as the expected JSON
        let expected_col = exp["columns"]["department"]
            .as_str()
            .map(|c| c.split(" (").next().unwrap_or(c).trim().to_lowercase());
        let report_col = report.source.columns.get("department").map(|c| c.trim().to_lowercase());
        if expected_col.is_none() || expected_col != report_col {
            notes.push(format!(
                "department column {report_col:?} is not the expected {expected_col:?}: by_department not compared"
            ));
            return bad;
        }
        for (group, v) in depts {
            if v.get("key_clients_ge10pct_within").is_none() {
                continue;
            }
            if group == "NA" && !report.departments.iter().any(|d| d.name.trim() == "NA") {
                notes.push("department NA (North America) is not a department in the report: skipped".to_string());
                continue;
            }
            let want = names(&v["key_clients_ge10pct_within"]);
            let got = keys_in(report, Scope::Department, Some(group.trim()));
            if got != want {
                bad.push(format!("department {group:?}: key accounts {got:?}, want {want:?}"));
            }
        }
    }
    bad
}

#[test]
fn corpus_key_accounts_and_flags_match_expected_json() {
    let Some(runs) = runs() else { return };
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let mut checked = 0;
    for r in runs {
        let Some(exp) = &r.expected else { continue };
        if exp.get("key_clients_company_ge10pct").is_none() {
            continue;
        }
        checked += 1;
        // The method's answers count every row: compare the run that keeps cancelled orders.
        let outcome = r.kept.as_ref().unwrap_or(&r.outcome);
        let Outcome::Report(report) = outcome else {
            failures.push(format!("{}: expected a report, got {}", r.file, outcome.label()));
            continue;
        };
        let mut file_notes = Vec::new();
        failures.extend(
            method_mismatches(report, exp, &mut file_notes)
                .into_iter()
                .map(|m| format!("{}: {m}", r.file)),
        );
        notes.extend(file_notes.into_iter().map(|n| format!("{}: {n}", r.file)));
    }
    if !notes.is_empty() {
        println!("corpus method notes:\n  {}", notes.join("\n  "));
    }
    assert!(
        checked >= 6,
        "only {checked} corpus files with key_clients_company_ge10pct"
    );
    assert!(failures.is_empty(), "corpus method:\n  {}", failures.join("\n  "));
}

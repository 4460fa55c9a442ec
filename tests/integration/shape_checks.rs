//! Shape fixtures (tests/fixtures/shapes/) → the engine → their builders'
//! truth, then the whole report against `tests/golden/shapes/<name>.json`
//! (`UPDATE_GOLDEN=1` rewrites it). Converted .xls/.ods copies, committed next
//! to the script that made them, run against the same truth.

use crate::common::manifest_dir;
use crate::shapes::{self, ShapeFixture, ShapeTruth};
use keyaccounts::{Options, Report};
use std::collections::{BTreeMap, BTreeSet};

fn run(files: &[(String, Vec<u8>)], options: &Options) -> Result<Report, keyaccounts::Error> {
    match files {
        [(_, bytes)] => keyaccounts::analyze(bytes, options),
        _ => {
            let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            keyaccounts::analyze_files(&refs, options)
        }
    }
}

/// Every way `report` disagrees with `truth`, one line each.
pub fn mismatches(report: &Report, truth: &ShapeTruth, format: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let cents = |x: f64| (x * 100.0).round() as i64;
    if cents(report.total) != truth.total_cents {
        bad.push(format!(
            "total {} != {}",
            report.total,
            truth.total_cents as f64 / 100.0
        ));
    }
    let got: BTreeMap<&str, i64> = report
        .clients
        .iter()
        .map(|c| (c.name.as_str(), cents(c.amount)))
        .collect();
    let want: BTreeMap<&str, i64> = truth.clients.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    if got != want {
        for (n, c) in &want {
            if got.get(n) != Some(c) {
                bad.push(format!("client {n:?}: got {:?}, want {c}", got.get(n)));
            }
        }
        for n in got.keys().filter(|n| !want.contains_key(*n)) {
            bad.push(format!("unexpected client {n:?} ({})", got[n]));
        }
    }
    let keys: BTreeSet<&str> = report
        .key_accounts
        .iter()
        .filter(|k| k.scope == keyaccounts::core::report::Scope::Company)
        .map(|k| k.client.as_str())
        .collect();
    let want_keys: BTreeSet<&str> = truth.company_key_accounts.iter().map(String::as_str).collect();
    if keys != want_keys {
        bad.push(format!("company key accounts {keys:?}, want {want_keys:?}"));
    }
    if !truth.layout.is_empty() && report.source.layout != truth.layout {
        bad.push(format!("layout {} != {}", report.source.layout, truth.layout));
    }
    if !truth.parts.is_empty() {
        let parts: Vec<(Option<String>, String)> = report
            .source
            .parts
            .iter()
            .map(|p| (p.file.clone(), p.sheet.clone()))
            .collect();
        if parts != truth.parts {
            bad.push(format!("parts {parts:?}, want {:?}", truth.parts));
        }
    }
    for (code, n) in &truth.rows_skipped {
        let got = report.source.rows_skipped.get(*code).copied().unwrap_or(0);
        if got != *n {
            bad.push(format!("rows_skipped[{code}] = {got}, want {n}"));
        }
    }
    let codes: BTreeSet<&str> = report.data_quality.iter().map(|q| q.code.as_str()).collect();
    let format_notes = truth.format_notes.iter().filter(|(f, _)| *f == format).map(|(_, c)| c);
    for code in truth.notes.iter().chain(format_notes) {
        if !codes.contains(code) {
            bad.push(format!("data_quality lacks {code} (has {codes:?})"));
        }
    }
    if let Some((from, to)) = &truth.dates {
        let got = (report.source.date_from.clone(), report.source.date_to.clone());
        if got != (Some(from.clone()), Some(to.clone())) {
            bad.push(format!("dates {got:?}, want {from}..{to}"));
        }
    }
    for (role, letter) in &truth.columns {
        let got = report.source.column_letters.get(*role).map(String::as_str);
        if got != Some(*letter) {
            bad.push(format!("column {role}: {got:?}, want {letter}"));
        }
    }
    for (client, names) in &truth.merged_names {
        match report.clients.iter().find(|c| &c.name == client) {
            Some(c) => {
                let got: BTreeSet<&String> = c.names.iter().collect();
                let want: BTreeSet<&String> = names.iter().collect();
                if got != want {
                    bad.push(format!("{client:?}.names {got:?}, want {want:?}"));
                }
            }
            None => bad.push(format!("no client {client:?} for merged names")),
        }
    }
    let suggestions: BTreeSet<BTreeSet<&str>> = report
        .suggestions
        .iter()
        .map(|s| s.names.iter().map(String::as_str).collect())
        .collect();
    for want in &truth.suggestions {
        let want: BTreeSet<&str> = want.iter().map(String::as_str).collect();
        if !suggestions.contains(&want) {
            bad.push(format!("no suggestion {want:?} (has {suggestions:?})"));
        }
    }
    // The row account holds in every part.
    for p in &report.source.parts {
        let skipped: u32 = p.rows_skipped.values().sum();
        if p.rows_used + skipped != p.rows_in_table {
            bad.push(format!(
                "{}: used {} + skipped {skipped} != {}",
                p.sheet, p.rows_used, p.rows_in_table
            ));
        }
    }
    bad
}

fn golden(name: &str, report: &Report) -> Option<String> {
    let path = manifest_dir().join("tests/golden/shapes").join(format!("{name}.json"));
    let pretty = serde_json::to_string_pretty(report).expect("json") + "\n";
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, pretty).expect("write golden");
        return None;
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "golden {} missing; run UPDATE_GOLDEN=1 cargo test --test integration shape",
            path.display()
        ));
    };
    // Compared as text: serde_json's float parsing does not round-trip every value.
    (text != pretty).then(|| {
        format!(
            "report differs from {} (UPDATE_GOLDEN=1 to rewrite, then review the diff)",
            path.display()
        )
    })
}

fn check(f: &ShapeFixture) -> Vec<String> {
    let format = f.name.rsplit('.').next().unwrap_or("");
    if let Some(want) = f.truth.error {
        // A refusal: only its code is checked, and there is no golden.
        return match run(&f.files, &f.options) {
            Err(e) if e.code() == want => vec![],
            Err(e) => vec![format!("{}: error {}, want error {want}: {e}", f.name, e.code())],
            Ok(report) => vec![format!(
                "{}: a report (total {}, {} clients), want error {want}",
                f.name,
                report.total,
                report.clients.len()
            )],
        };
    }
    match run(&f.files, &f.options) {
        Ok(report) => {
            let mut bad = mismatches(&report, &f.truth, format);
            if bad.is_empty() {
                bad.extend(golden(f.name, &report));
            }
            bad.into_iter().map(|b| format!("{}: {b}", f.name)).collect()
        }
        Err(e) => vec![format!("{}: error {}: {e}", f.name, e.code())],
    }
}

#[test]
fn shape_fixtures_match_their_truth_and_goldens() {
    let mut bad = Vec::new();
    let all = shapes::all();
    for f in &all {
        bad.extend(check(f));
    }
    assert!(bad.is_empty(), "{} shape fixtures:\n  {}", all.len(), bad.join("\n  "));
}

#[test]
fn converted_shape_fixtures_match_the_same_truth() {
    let dir = manifest_dir().join("tests/fixtures");
    let mut bad = Vec::new();
    for f in shapes::all().into_iter().filter(|f| f.convert) {
        let stem = f.name.trim_end_matches(".xlsx");
        for ext in ["xls", "ods"] {
            let name = format!("{stem}.{ext}");
            let Ok(bytes) = std::fs::read(dir.join(&name)) else {
                bad.push(format!(
                    "{name} is missing: run tests/fixtures/convert.sh and commit it"
                ));
                continue;
            };
            match run(&[(name.clone(), bytes)], &f.options) {
                Ok(report) => bad.extend(
                    mismatches(&report, &f.truth, ext)
                        .into_iter()
                        .map(|b| format!("{name}: {b}")),
                ),
                Err(e) => bad.push(format!("{name}: error {}: {e}", e.code())),
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

//! The real-world corpus (files nobody on this project wrote) against the
//! answers computed independently with pandas (`FILE.expected.json`).
//!
//! The corpus lives outside the repository: `$KEYACCOUNTS_CORPUS`, by default
//! `../shared/corpus` next to the checkout. Missing, the tests pass with a
//! note — except under `CI=true`, where a missing corpus is a failure.

use crate::common::{Outcome, approx, manifest_dir, run};
use keyaccounts::Options;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A run slower than this is a hang, not a slow file.
const HANG: Duration = Duration::from_secs(10);

/// Files that must fail with a given error code.
const EXPECTED_ERRORS: &[(&str, &str)] = &[
    ("calamine_pass_protected.xlsx", "password_protected"),
    ("calamine_pass_protected.ods", "password_protected"),
    ("calamine_issue252.xlsx", "damaged_file"),
    ("calamine_too_small.xls", "unsupported_format"),
    ("calamine_issue_594_dos.ods", "too_large"),
    ("ru_marketplace_geography_no_client.xlsx", "no_client_column"),
    ("ru_retail_staff_report_no_client.xlsx", "no_client_column"),
    ("ru_wide_products_by_month.xlsx", "no_client_column"),
];

/// Every status, client-ID and parent-company column the engine may find in
/// the corpus: (file, role, header). Any other is a wrong detection (Superstore's
/// US `State` is no order status; Enron's `settle_with_parent_flag` is no parent).
const IDENTITY_COLUMNS: &[(&str, &str, &str)] = &[
    ("sales_data_sample_classicmodels.xlsx", "status", "STATUS"),
    ("superstore_tableau_orders.xls", "client_id", "Customer ID"),
];

/// The statuses left out by default: (file, `status_excluded` detail).
const STATUS_EXCLUDED: &[(&str, &str)] = &[("sales_data_sample_classicmodels.xlsx", "Cancelled")];

pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KEYACCOUNTS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("..").join("shared").join("corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "corpus not found at {} (set KEYACCOUNTS_CORPUS); CI=true requires it",
        dir.display()
    );
    println!("corpus not found at {}, skipping", dir.display());
    None
}

/// One corpus file's run.
pub struct CorpusRun {
    pub file: String,
    pub outcome: Outcome,
    pub elapsed: Duration,
    /// Run again with `keep_cancelled` when the default run left rows out by status.
    pub kept: Option<Outcome>,
    /// The `.expected.json` next to it, if any.
    pub expected: Option<serde_json::Value>,
}

/// Every corpus file, analysed once per test run (shared by the tests here and
/// in `invariants`). `None` when there is no corpus.
pub fn runs() -> Option<&'static [CorpusRun]> {
    static RUNS: OnceLock<Option<Vec<CorpusRun>>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let dir = corpus_dir()?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read corpus dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !name.ends_with(".json") && !name.ends_with(".md")
            })
            .collect();
        files.sort();
        let runs = files
            .iter()
            .map(|path| {
                let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
                let bytes = std::fs::read(path).expect("read corpus file");
                let start = Instant::now();
                let outcome = run(&bytes, &Options::default());
                let elapsed = start.elapsed();
                let kept = (status_excluded(&outcome) > 0).then(|| {
                    let mut options = Options::default();
                    options.identity.keep_cancelled = true;
                    run(&bytes, &options)
                });
                let expected = std::fs::read_to_string(dir.join(format!("{file}.expected.json")))
                    .ok()
                    .and_then(|s| serde_json::from_str(&s).ok());
                CorpusRun {
                    file,
                    outcome,
                    elapsed,
                    kept,
                    expected,
                }
            })
            .collect();
        Some(runs)
    })
    .as_deref()
}

/// `file | outcome | rows | clients | total | top client`, for the closing note.
fn print_table(runs: &[CorpusRun]) {
    use std::fmt::Write;
    // one print, so parallel tests' output cannot interleave with the table
    let mut out = String::from(
        "\n| file | outcome | rows | clients | total | top client | time |\n|---|---|---|---|---|---|---|\n",
    );
    for r in runs {
        let (rows, clients, total, top) = match &r.outcome {
            Outcome::Report(rep) => (
                rep.source.rows_used.to_string(),
                rep.clients.len().to_string(),
                format!("{:.2}", rep.total),
                rep.clients
                    .first()
                    .map(|c| format!("{} {:.2} ({:.2}%)", c.name, c.amount, c.share * 100.0))
                    .unwrap_or_default(),
            ),
            Outcome::Error { message, .. } => (String::new(), String::new(), String::new(), message.clone()),
            Outcome::Panic(msg) => (String::new(), String::new(), String::new(), msg.clone()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {rows} | {clients} | {total} | {} | {:.2} s |",
            r.file,
            r.outcome.label(),
            top.replace('|', "/"),
            r.elapsed.as_secs_f64()
        );
    }
    println!("{out}");
}

/// Rows the report left out because of their status (cancelled, not shipped).
pub fn status_excluded(outcome: &Outcome) -> u32 {
    match outcome {
        Outcome::Report(rep) => rep.source.rows_skipped.get("status_excluded").copied().unwrap_or(0),
        _ => 0,
    }
}

/// Every way a sales-like file's report disagrees with its expected.json
/// (or with the part of it for one variant, such as `excluding_cancelled`).
fn sales_mismatches(outcome: &Outcome, exp: &serde_json::Value) -> Vec<String> {
    let Outcome::Report(rep) = outcome else {
        return vec![format!("expected a report, got {}", outcome.label())];
    };
    let mut bad = Vec::new();
    if let Some(rows) = exp["data_rows"].as_u64()
        && u64::from(rep.source.rows_used) != rows
    {
        bad.push(format!("rows_used {} != data_rows {rows}", rep.source.rows_used));
    }
    if let Some(n) = exp["distinct_clients"].as_u64()
        && rep.clients.len() as u64 != n
    {
        bad.push(format!("{} clients != distinct_clients {n}", rep.clients.len()));
    }
    if let Some(total) = exp["total_amount"].as_f64()
        && !approx(rep.total, total, 0.01)
    {
        bad.push(format!("total {} != total_amount {total}", rep.total));
    }
    let top5: Vec<(String, f64)> = exp["top5"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c["client"].as_str()?.trim().to_string(), c["amount"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    for (i, (want_name, want_amount)) in top5.iter().enumerate() {
        let Some(got) = rep.clients.get(i) else {
            bad.push(format!("top5[{i}]: missing, want {want_name} {want_amount}"));
            continue;
        };
        if !approx(got.amount, *want_amount, 0.01) {
            bad.push(format!(
                "top5[{i}]: {} {} != {want_name} {want_amount}",
                got.name, got.amount
            ));
        }
        // ties may come in any order: the name must be one of the expected names with that amount
        let names_with_amount: Vec<&str> = top5
            .iter()
            .filter(|(_, a)| approx(*a, got.amount, 0.01))
            .map(|(n, _)| n.as_str())
            .collect();
        if !names_with_amount.is_empty() && !names_with_amount.contains(&got.name.trim()) {
            bad.push(format!(
                "top5[{i}]: name {:?}, want one of {names_with_amount:?}",
                got.name
            ));
        }
    }
    bad
}

#[test]
fn corpus_files_match_their_expected_json() {
    let Some(runs) = runs() else { return };
    print_table(runs);
    let mut failures = Vec::new();
    for r in runs {
        if r.elapsed > HANG {
            failures.push(format!(
                "{}: took {:.1} s (hang guard: {} s)",
                r.file,
                r.elapsed.as_secs_f64(),
                HANG.as_secs()
            ));
        }
        if let Outcome::Panic(msg) = &r.outcome {
            failures.push(format!("{}: PANIC {msg}", r.file));
            continue;
        }
        if let Some((_, code)) = EXPECTED_ERRORS.iter().find(|(f, _)| *f == r.file) {
            match &r.outcome {
                Outcome::Error { code: got, .. } if got == code => {}
                other => failures.push(format!("{}: expected error {code}, got {}", r.file, other.label())),
            }
            continue;
        }
        let sales_like = r
            .expected
            .as_ref()
            .filter(|e| e.get("data_rows").is_some() && e.get("total_amount").is_some() && e.get("top5").is_some());
        if let Some(exp) = sales_like {
            // Cancelled orders are left out by default: that run matches `excluding_cancelled`,
            // and the run keeping them matches the main numbers (every row counted).
            let mut compare = |outcome: &Outcome, exp: &serde_json::Value, what: &str| {
                failures.extend(
                    sales_mismatches(outcome, exp)
                        .into_iter()
                        .map(|m| format!("{}{what}: {m}", r.file)),
                );
            };
            match (&r.kept, exp.get("excluding_cancelled")) {
                (Some(kept), Some(excluding)) => {
                    compare(&r.outcome, excluding, " (excluding_cancelled)");
                    compare(kept, exp, " (keep_cancelled)");
                }
                (Some(_), None) => failures.push(format!(
                    "{}: {} rows left out by status, but expected.json has no excluding_cancelled",
                    r.file,
                    status_excluded(&r.outcome)
                )),
                (None, _) => compare(&r.outcome, exp, ""),
            }
        }
        // other stress files: any outcome but a panic (printed in the table above)
    }
    assert!(failures.is_empty(), "corpus:\n  {}", failures.join("\n  "));
}

#[test]
fn corpus_status_id_and_parent_columns_are_only_the_real_ones() {
    let Some(runs) = runs() else { return };
    let mut failures = Vec::new();
    for r in runs {
        let Outcome::Report(rep) = &r.outcome else { continue };
        for role in ["status", "client_id", "parent"] {
            let got = rep.source.columns.get(role).map(String::as_str);
            let want = IDENTITY_COLUMNS
                .iter()
                .find(|(f, ro, _)| *f == r.file && *ro == role)
                .map(|(_, _, h)| *h);
            if got != want {
                failures.push(format!("{}: {role} column {got:?}, want {want:?}", r.file));
            }
        }
        let excluded = rep
            .data_quality
            .iter()
            .find(|q| q.code == "status_excluded")
            .and_then(|q| q.detail.as_deref());
        let want = STATUS_EXCLUDED.iter().find(|(f, _)| *f == r.file).map(|(_, d)| *d);
        if excluded != want {
            failures.push(format!("{}: status_excluded {excluded:?}, want {want:?}", r.file));
        }
    }
    for (file, _, _) in IDENTITY_COLUMNS {
        if !runs.iter().any(|r| r.file == *file) {
            failures.push(format!("{file} is not in the corpus"));
        }
    }
    assert!(failures.is_empty(), "corpus:\n  {}", failures.join("\n  "));
}

#[test]
fn corpus_has_every_file_the_tests_name() {
    let Some(runs) = runs() else { return };
    for (file, _) in EXPECTED_ERRORS {
        assert!(runs.iter().any(|r| r.file == *file), "{file} is not in the corpus");
    }
    let sales = runs
        .iter()
        .filter(|r| r.expected.as_ref().is_some_and(|e| e.get("data_rows").is_some()))
        .count();
    assert!(sales >= 6, "only {sales} sales-like files with data_rows in the corpus");
}

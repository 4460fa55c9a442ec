//! Arithmetic every report must satisfy, whatever the file.

use crate::build;
use crate::common::{Outcome, fixtures, fixtures_dir, run};
use crate::corpus;
use keyaccounts::{Options, Report};

/// Every invariant `report` breaks, one line each. `whole_cents`: every amount in
/// the file is a whole number of cents (true of the built fixtures), so client
/// amounts must add up to the total within 0.01.
pub fn violations(report: &Report, whole_cents: bool) -> Vec<String> {
    let mut bad = Vec::new();
    let src = &report.source;
    let skipped: u32 = src.rows_skipped.values().sum();
    if src.rows_in_table != src.rows_used + skipped {
        bad.push(format!(
            "rows_in_table {} != rows_used {} + Σ rows_skipped {} ({:?})",
            src.rows_in_table, src.rows_used, skipped, src.rows_skipped
        ));
    }
    // Otherwise each client amount and the total are rounded to cents on their
    // own, and the sum of the rounded amounts may drift by half a cent per client.
    let sum: f64 = report.clients.iter().map(|c| c.amount).sum();
    let tolerance = if whole_cents {
        0.01
    } else {
        0.01_f64.max(0.005 * (report.clients.len() as f64 + 1.0))
    };
    if (sum - report.total).abs() > tolerance {
        bad.push(format!(
            "Σ client amounts {sum} != total {} (± {tolerance})",
            report.total
        ));
    }
    let lines: u32 = report.clients.iter().map(|c| c.lines).sum();
    if lines != src.rows_used {
        bad.push(format!("Σ client lines {lines} != rows_used {}", src.rows_used));
    }
    if report.total > 0.0 {
        let shares: f64 = report.clients.iter().map(|c| c.share).sum();
        if (shares - 1.0).abs() > 1e-6 {
            bad.push(format!("Σ shares {shares} != 1"));
        }
    } else if let Some(c) = report.clients.iter().find(|c| c.share != 0.0) {
        bad.push(format!(
            "total {} is not positive but {:?} has share {}",
            report.total, c.name, c.share
        ));
    }
    if let Some(w) = report.clients.windows(2).find(|w| w[0].amount < w[1].amount) {
        bad.push(format!(
            "clients not sorted by amount: {:?} {} before {:?} {}",
            w[0].name, w[0].amount, w[1].name, w[1].amount
        ));
    }
    if let Some(c) = report.clients.iter().find(|c| c.name.trim().is_empty()) {
        bad.push(format!("a client with an empty name ({})", c.amount));
    }
    if report.schema_version != 1 {
        bad.push(format!("schema_version {}", report.schema_version));
    }
    bad
}

#[test]
fn invariants_hold_for_every_fixture_report() {
    let mut files: Vec<(String, Vec<u8>)> = fixtures()
        .iter()
        .map(|f| (f.name.to_string(), f.bytes.clone()))
        .collect();
    // the committed LibreOffice conversions too
    for xlsx in build::CONVERTED {
        for ext in ["xls", "ods"] {
            let name = xlsx.replace(".xlsx", &format!(".{ext}"));
            let bytes = std::fs::read(fixtures_dir().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            files.push((name, bytes));
        }
    }
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        if let Outcome::Report(r) = run(bytes, &Options::default()) {
            failures.extend(violations(&r, true).into_iter().map(|v| format!("{name}: {v}")));
        }
    }
    assert!(failures.is_empty(), "invariants broken:\n  {}", failures.join("\n  "));
}

#[test]
fn invariants_hold_for_every_corpus_report() {
    let Some(runs) = corpus::runs() else { return };
    let mut failures = Vec::new();
    for r in runs {
        if let Outcome::Report(report) = &r.outcome {
            failures.extend(
                violations(report, false)
                    .into_iter()
                    .map(|v| format!("{}: {v}", r.file)),
            );
        }
    }
    assert!(failures.is_empty(), "invariants broken:\n  {}", failures.join("\n  "));
}

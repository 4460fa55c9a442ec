//! Arithmetic every report must satisfy, whatever the file.

use crate::common::{Outcome, fixtures, run};
use crate::corpus;
use keyaccounts::{Options, Report};

/// Every invariant `report` breaks, one line each.
pub fn violations(report: &Report) -> Vec<String> {
    let mut bad = Vec::new();
    let src = &report.source;
    let skipped: u32 = src.rows_skipped.values().sum();
    if src.rows_in_table != src.rows_used + skipped {
        bad.push(format!(
            "rows_in_table {} != rows_used {} + Σ rows_skipped {} ({:?})",
            src.rows_in_table, src.rows_used, skipped, src.rows_skipped
        ));
    }
    let sum: f64 = report.clients.iter().map(|c| c.amount).sum();
    if (sum - report.total).abs() > 0.01 {
        bad.push(format!("Σ client amounts {sum} != total {}", report.total));
    }
    let lines: u32 = report.clients.iter().map(|c| c.lines).sum();
    if lines != src.rows_used {
        bad.push(format!(
            "Σ client lines {lines} != rows_used {}",
            src.rows_used
        ));
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
    if let Some(w) = report
        .clients
        .windows(2)
        .find(|w| w[0].amount < w[1].amount)
    {
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
    let mut failures = Vec::new();
    for f in fixtures() {
        if let Outcome::Report(r) = run(&f.bytes, &Options::default()) {
            failures.extend(
                violations(&r)
                    .into_iter()
                    .map(|v| format!("{}: {v}", f.name)),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "invariants broken:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn invariants_hold_for_every_corpus_report() {
    let Some(runs) = corpus::runs() else { return };
    let mut failures = Vec::new();
    for r in runs {
        if let Outcome::Report(report) = &r.outcome {
            failures.extend(
                violations(report)
                    .into_iter()
                    .map(|v| format!("{}: {v}", r.file)),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "invariants broken:\n  {}",
        failures.join("\n  ")
    );
}

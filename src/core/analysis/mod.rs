//! The key-account method on resolved sales lines — a pure function of
//! (lines, method options): no clock, no I/O, and amounts stay exact until
//! the report rounds them.
//!
//! - `shares.rs`: each client's net amount, share, rank, ABC class;
//! - `scopes.rs`: key accounts within the company, each department and each
//!   manager's book, and who leads each company key account;
//! - `concentration.rs`: HHI, top-N shares, effective clients, Gini;
//! - `rules/`: one file per family of the method's rules (dependency,
//!   manager load, lost key clients, key accounts), each giving findings;
//! - `findings.rs`: the findings, typed per kind, and their order.

mod concentration;
mod findings;
mod rules;
mod scopes;
mod shares;

pub use concentration::Concentration;
pub use findings::{Finding, FindingCode, FindingKind, FlatFinding, Rule, Scope, Severity, Unchecked};
pub use rules::lost::DateSource;
pub use scopes::{GroupTotal, KeyAccount};
pub use shares::{Abc, ClientTotal, Shares};

use crate::core::model::SalesLines;
use crate::core::options::MethodOptions;
use crate::core::value::Date;
use scopes::ScopeGroups;

/// Everything the method derives from the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// "Today": the caller's as-of date, else the latest sale date; `None` without dates.
    pub as_of: Option<Date>,
    /// The net total and each client's totals, largest first.
    pub shares: Shares,
    /// Key accounts: the company's, then each department's, then each manager's.
    pub key_accounts: Vec<KeyAccount>,
    /// Per manager, largest first.
    pub managers: Vec<GroupTotal>,
    /// Per department, largest first.
    pub departments: Vec<GroupTotal>,
    /// Indices over positive client amounts; `None` when there are none.
    pub concentration: Option<Concentration>,
    /// Most severe first.
    pub findings: Vec<Finding>,
}

/// Runs the method. `dates`: whether the table had dates to judge time by.
pub fn analyze(lines: &SalesLines, options: &MethodOptions, dates: DateSource) -> Analysis {
    let t = &options.thresholds;
    let as_of = options
        .as_of
        .or_else(|| lines.lines.iter().filter_map(|l| l.date).max());
    let shares = Shares::of(lines, t);
    let company_key = shares.company_key(t.key_share);
    let departments = ScopeGroups::of(lines, Scope::Department, |l| l.department);
    let managers = ScopeGroups::of(lines, Scope::Manager, |l| l.manager);

    let mut key_accounts = scopes::company_key_accounts(&company_key, lines);
    key_accounts.extend(departments.key_accounts(t.key_share, lines));
    key_accounts.extend(managers.key_accounts(t.key_share, lines));

    let mut findings = rules::dependency::findings(&shares, lines, t);
    findings.extend(rules::load::findings(&managers, &company_key, lines, t));
    findings.extend(rules::lost::findings(&company_key, lines, t, as_of, dates));
    findings.extend(rules::key_accounts::findings(&key_accounts, t));
    findings.extend(rules::key_accounts::non_positive(&shares, lines));
    findings::sort_findings(&mut findings);

    let positive: Vec<i128> = shares.positive().map(|c| c.amount.0).collect();
    Analysis {
        as_of,
        key_accounts,
        managers: managers.summaries(&shares, &company_key),
        departments: departments.summaries(&shares, &company_key),
        concentration: concentration::concentration(&positive, t),
        findings,
        shares,
    }
}

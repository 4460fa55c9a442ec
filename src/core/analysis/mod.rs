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

pub mod actions;
mod concentration;
mod findings;
pub mod judgment;
pub mod new_business;
mod rules;
pub mod scenario;
mod scopes;
mod shares;
pub mod supplier;
pub mod time;
pub(crate) mod view;

pub use concentration::Concentration;
pub use findings::{Finding, FindingCode, FindingKind, FlatFinding, Rule, Scope, Severity, SupplierBreak, Unchecked};
pub use scopes::{Basis, GroupTotal, KeyAccount};
pub use shares::{Abc, ClientTotal, Shares};
pub use time::DateSource;

use crate::core::model::SalesLines;
use crate::core::options::{DateRange, Measure, MethodOptions};
use crate::core::value::{Date, MoneySum};
use scopes::ScopeGroups;
use std::collections::BTreeMap;
use time::compare::{ComparisonBasis, compare, default_periods};
use time::{Comparison, Coverage, Monthly, Rhythm, TimeView, XyzView};

/// Everything the method derives from the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// "Today": the caller's as-of date, else the range's end when the data goes on
    /// beyond it, else the latest sale date; `None` without dates.
    pub as_of: Option<Date>,
    /// What clients were measured by.
    pub measure: Measure,
    /// The measures the lines offer.
    pub measures: Vec<Measure>,
    /// The caller's range.
    pub range: DateRange,
    /// Lines left out of the range for having no date.
    pub undated: u32,
    /// Lines left out for having no value of the measure.
    pub unmeasured: u32,
    /// The net total and each client's totals, largest first.
    pub shares: Shares,
    /// Each client's revenue in the range, by client index.
    pub revenue: Vec<MoneySum>,
    /// Each client's gross profit in the range, by client index; empty without profit.
    pub profit: Vec<MoneySum>,
    /// Key accounts: the company's, then each department's, then each manager's.
    pub key_accounts: Vec<KeyAccount>,
    /// Per manager, largest first.
    pub managers: Vec<GroupTotal>,
    /// Per department, largest first.
    pub departments: Vec<GroupTotal>,
    /// Indices over positive client amounts; `None` when there are none.
    pub concentration: Option<Concentration>,
    /// Periods and trend windows; `None` without dates.
    pub time: Option<TimeView>,
    /// Why `time` is `None`: `no_date_column`, `no_dates` or `periods_without_year`.
    pub time_unavailable: Option<&'static str>,
    /// Each client's purchase rhythm by client index (`None`: no dated line).
    pub rhythms: Vec<Option<Rhythm>>,
    /// XYZ classes and the ABC×XYZ matrix; `None` under three complete months.
    pub xyz: Option<XyzView>,
    /// Two periods side by side.
    pub comparison: Option<Comparison>,
    /// Most severe first.
    pub findings: Vec<Finding>,
    /// Each client's marks, potential and share of wallet.
    pub judgment: judgment::Judgment,
    /// The new business each company key account takes; `None` without any.
    pub new_business: Option<new_business::NewBusiness>,
    /// The supplier conditions that could be checked.
    pub supplier: Vec<supplier::SupplierCheck>,
    /// What to do first, at most seven.
    pub actions: Vec<actions::Action>,
    /// Company key accounts (names) per manager who leads them.
    pub manager_keys: BTreeMap<String, Vec<String>>,
}

/// Each client's sum of `pick` over the lines, by client index.
fn per_client(
    lines: &SalesLines,
    pick: impl Fn(&crate::core::model::SalesLine) -> Option<crate::core::value::Money>,
) -> Vec<MoneySum> {
    let mut out = vec![MoneySum::default(); lines.clients.len()];
    for l in &lines.lines {
        if let (Some(slot), Some(v)) = (out.get_mut(l.client as usize), pick(l)) {
            slot.add(v);
        }
    }
    out
}

/// Runs the method. `dates`: where the lines' dates come from.
pub fn analyze(lines: &SalesLines, options: &MethodOptions, dates: DateSource) -> Analysis {
    let t = &options.thresholds;
    let range = options.range;
    let measures = view::measures(lines);
    // A measure the file lacks is refused by the session before this runs.
    let measured = view::view(lines, range, options.measure);
    let revenue_view = (options.measure != Measure::Revenue).then(|| view::view(lines, range, Measure::Revenue));
    let revenue_lines: &SalesLines = revenue_view.as_ref().map_or(&measured.lines, |v| &v.lines);
    let m: &SalesLines = &measured.lines;

    // The whole file's first and last day: a range's coverage is cut from them.
    let (first, last) = match dates {
        DateSource::Periods { from, to, .. } => (Some(from), Some(to)),
        _ => {
            let d = lines.lines.iter().filter_map(|l| l.date);
            (d.clone().min(), d.max())
        }
    };
    let latest_in_range = m.lines.iter().filter_map(|l| l.date).max();
    let as_of = options.as_of.or_else(|| match (range.to, last) {
        (Some(to), Some(l)) if l > to => Some(to),
        _ => latest_in_range,
    });
    let coverage = match (first, last) {
        (Some(f), Some(l)) => {
            let from = range.from.map_or(f, |r| r.max(f));
            let end = options.as_of.map_or(l, |a| a.max(l));
            let to = range.to.map_or(end, |r| r.min(end));
            (from <= to).then_some(Coverage { from, to })
        }
        _ => None,
    };

    let shares = Shares::of(m, t);
    let company_key = shares.company_key(t.key_share);
    let departments = ScopeGroups::of(m, Scope::Department, |l| {
        l.department.map(crate::core::model::LabelId::index)
    });
    let managers = ScopeGroups::of(m, Scope::Manager, |l| l.manager.map(crate::core::model::LabelId::index));

    let revenue = per_client(revenue_lines, |l| Some(l.amount));
    let judgment = judgment::Judgment::of(m, &options.marks, &revenue, coverage, t);
    let volume_key: Vec<usize> = company_key.iter().map(|c| c.client).collect();
    let mut key_accounts = scopes::company_key_accounts(&company_key, m);
    key_accounts.extend(judgment_keys(&shares, &volume_key, &judgment, m));
    key_accounts.extend(departments.key_accounts(t.key_share, m));
    key_accounts.extend(managers.key_accounts(t.key_share, m));
    let index_of: std::collections::HashMap<&str, usize> = m
        .clients
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    for k in &mut key_accounts {
        if let Some(&i) = index_of.get(k.client.as_str()) {
            k.reasons = judgment.marks(i);
        }
    }
    let name = |i: usize| m.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    let manager_keys: BTreeMap<String, Vec<String>> = managers
        .led(&company_key)
        .into_iter()
        .map(|(k, v)| (k.clone(), v.into_iter().map(name).collect()))
        .collect();

    let monthly = Monthly::of(m);
    let time = time::time_view(m, &monthly, coverage, dates, t);
    let time_unavailable = match (dates, &time) {
        (_, Some(_)) => None,
        (DateSource::PeriodsWithoutYear, None) => Some("periods_without_year"),
        (DateSource::NoColumn, None) => Some("no_date_column"),
        (_, None) => Some("no_dates"),
    };
    let rhythms = time::rhythm::rhythms(m, t, as_of);
    let xyz = time
        .as_ref()
        .and_then(|tv| time::xyz::xyz(&monthly, &tv.complete, &shares, m.clients.len(), t));

    let mut findings = rules::dependency::findings(&shares, m, t);
    findings.extend(rules::load::findings(&managers, &company_key, m, t));
    findings.extend(rules::lost::findings(&company_key, &rhythms, m, t, as_of, dates));
    findings.extend(rules::key_accounts::findings(&key_accounts, t));
    findings.extend(rules::key_accounts::non_positive(&shares, m));
    if let Some(tv) = &time {
        findings.extend(rules::trends::windows(tv, &monthly, m, t));
        findings.extend(rules::trends::slipping(tv, &monthly, &company_key, &rhythms, m, t));
    }
    if let Some(x) = &xyz {
        findings.extend(rules::trends::unstable(x, &company_key, m, t));
    }
    if measures.contains(&Measure::Profit) {
        findings.extend(rules::trends::loss_making(revenue_lines, t));
    }
    findings.extend(rules::practice::findings(&managers, &shares, &company_key, m, t));
    findings.extend(judgment.findings(&shares, &volume_key, m, t));
    let share_of = |i: usize| shares.clients.iter().find(|c| c.client == i).map_or(0.0, |c| c.share);
    let (supplier, supplier_findings) = supplier::check(&options.supplier, revenue_lines, time.as_ref(), share_of);
    findings.extend(supplier_findings);
    findings::sort_findings(&mut findings);
    let actions = actions::actions(&findings, &shares, m, t);
    let new_business = new_business::new_business(&shares, &volume_key, t);

    let comparison = time.as_ref().and_then(|_| {
        let all = view::view(lines, DateRange::default(), options.measure);
        let (periods, basis) = match options.compare {
            Some(p) => (Some(p), ComparisonBasis::Caller),
            None => {
                let end = options.as_of.map_or(last, |a| last.map(|l| a.max(l)));
                (default_periods(&all.lines, end), ComparisonBasis::SamePeriodLastYear)
            }
        };
        periods.map(|p| compare(&all.lines, p, basis, t))
    });

    let positive: Vec<i128> = shares.positive().map(|c| c.amount.0).collect();
    Analysis {
        as_of,
        measure: options.measure,
        range,
        undated: measured.undated,
        unmeasured: measured.unmeasured,
        revenue,
        profit: if measures.contains(&Measure::Profit) {
            per_client(revenue_lines, |l| l.profit.get())
        } else {
            vec![]
        },
        measures,
        key_accounts,
        managers: managers.summaries(&shares, &company_key),
        departments: departments.summaries(&shares, &company_key),
        concentration: concentration::concentration(&positive, t),
        time,
        time_unavailable,
        rhythms,
        xyz,
        comparison,
        findings,
        judgment,
        new_business,
        supplier,
        actions,
        manager_keys,
        shares,
    }
}

/// Company key accounts by judgment: marked clients not key by volume, largest first.
fn judgment_keys(
    shares: &Shares,
    volume_key: &[usize],
    judgment: &judgment::Judgment,
    lines: &SalesLines,
) -> Vec<KeyAccount> {
    shares
        .clients
        .iter()
        .filter(|c| !volume_key.contains(&c.client) && !judgment.marks(c.client).is_empty())
        .map(|c| KeyAccount {
            client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
            scope: Scope::Company,
            group: None,
            share: c.share,
            basis: Basis::Judgment,
            reasons: judgment.marks(c.client),
        })
        .collect()
}

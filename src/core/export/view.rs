//! The report as the exports read it: the fields they show, deserialized from
//! the report's JSON (the contract of `docs/report.md`), so the page's
//! `JSON.stringify(report)` and the command line's report take one path.
//! Fields the exports do not show are not read; a missing optional field reads
//! as empty.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::report::{Report, SCHEMA_VERSION};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A report, as the exports read it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportView {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where the numbers came from.
    #[serde(default)]
    pub source: SourceView,
    /// "Today" (ISO).
    #[serde(default)]
    pub as_of: Option<String>,
    /// The thresholds applied and `as_of_source`, `defaults`.
    #[serde(default)]
    pub rules: serde_json::Map<String, serde_json::Value>,
    /// `revenue`, `profit` or `quantity`.
    #[serde(default)]
    pub measure: String,
    /// The caller's date range.
    #[serde(default)]
    pub range: Option<SpanView>,
    /// Net total.
    #[serde(default)]
    pub total: f64,
    /// Clients, largest first.
    #[serde(default)]
    pub clients: Vec<ClientView>,
    /// Key accounts at every scope.
    #[serde(default)]
    pub key_accounts: Vec<KeyAccountView>,
    /// Per manager.
    #[serde(default)]
    pub managers: Vec<GroupView>,
    /// Per department.
    #[serde(default)]
    pub departments: Vec<GroupView>,
    /// The concentration indices.
    #[serde(default)]
    pub concentration: Option<ConcentrationView>,
    /// The findings, most severe first.
    #[serde(default)]
    pub findings: Vec<FindingView>,
    /// What was skipped, coerced or decided.
    #[serde(default)]
    pub data_quality: Vec<NoteView>,
    /// Periods.
    #[serde(default)]
    pub time: Option<TimeView>,
}

/// `source`: the parts the exports show.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SourceView {
    /// `xlsx`, `csv`…
    pub format: String,
    /// The files analysed together.
    pub files: Vec<String>,
    /// The sheet analysed.
    pub sheet: String,
    /// Rows below the header.
    pub rows_in_table: u32,
    /// Rows that became sales lines.
    pub rows_used: u32,
    /// Rows skipped by reason code.
    pub rows_skipped: BTreeMap<String, u32>,
    /// First sale date.
    pub date_from: Option<String>,
    /// Last sale date.
    pub date_to: Option<String>,
}

/// `{from, to}`, either open.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SpanView {
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
}

/// `clients[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClientView {
    /// The client's name.
    pub name: String,
    /// Net amount.
    pub amount: f64,
    /// Share of the net total.
    pub share: f64,
    /// 1-based rank.
    pub rank: u32,
    /// Running share of the positive sum.
    pub cumulative_share: Option<f64>,
    /// `A`, `B`, `C`.
    pub abc: Option<String>,
    /// `X`, `Y`, `Z`.
    pub xyz: Option<String>,
    /// Coefficient of variation of monthly sales.
    pub cv: Option<f64>,
    /// `active`, `overdue`, `lost`.
    pub rhythm: Option<String>,
    /// Days since the last purchase.
    pub days_silent: Option<u32>,
    /// Mark codes.
    pub marks: Vec<String>,
    /// Purchases per year from all suppliers.
    pub potential: Option<f64>,
    /// Our annual sales ÷ potential.
    pub wallet_share: Option<f64>,
}

/// `key_accounts[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct KeyAccountView {
    /// The client's name.
    pub client: String,
    /// `company`, `department`, `manager`.
    pub scope: String,
    /// The department or manager.
    pub group: Option<String>,
    /// Share within the scope.
    pub share: f64,
    /// `volume` or `judgment`.
    pub basis: String,
    /// Mark codes.
    pub reasons: Vec<String>,
}

/// `managers[]`, `departments[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GroupView {
    /// The name.
    pub name: String,
    /// Net amount.
    pub amount: f64,
    /// Share of the company's total.
    pub share: f64,
    /// Distinct clients.
    pub clients: u32,
    /// Company key accounts it leads.
    pub key_accounts: u32,
}

/// `concentration`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConcentrationView {
    /// HHI in points.
    pub hhi: f64,
    /// The 2023 band.
    pub hhi_band_2023: String,
    /// Top-1 share.
    pub top1_share: f64,
    /// Top-3 share.
    pub top3_share: f64,
    /// Top-5 share.
    pub top5_share: f64,
    /// Top-10 share.
    pub top10_share: f64,
    /// Clients making 80 %.
    pub clients_for_80: u32,
    /// 10,000 / HHI.
    pub effective_clients: f64,
    /// Gini.
    pub gini: Option<f64>,
    /// Clients counted.
    pub clients: u32,
}

/// `findings[].rule`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleView {
    /// The threshold.
    pub threshold: f64,
    /// The scope.
    pub scope: String,
}

/// `findings[]`: the flat form, every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FindingView {
    /// The code.
    pub code: String,
    /// `critical`, `warning`, `info`.
    pub severity: String,
    /// The rule applied.
    pub rule: RuleView,
    /// The client.
    pub client: Option<String>,
    /// The client's share.
    pub share: Option<f64>,
    /// `dependency`: the level reached.
    pub threshold: Option<f64>,
    /// The manager.
    pub manager: Option<String>,
    /// A count.
    pub count: Option<u32>,
    /// Client names.
    pub clients: Option<Vec<String>>,
    /// Last purchase.
    pub last_date: Option<String>,
    /// Days silent.
    pub days_silent: Option<u32>,
    /// `key_account`: the scope.
    pub scope: Option<String>,
    /// `key_account`: the department or manager.
    pub group: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// The share in the previous window.
    pub share_before: Option<f64>,
    /// HHI, recent window.
    pub hhi: Option<f64>,
    /// HHI, previous window.
    pub hhi_before: Option<f64>,
    /// Monthly average, recent months.
    pub monthly_recent: Option<f64>,
    /// Monthly average, months before.
    pub monthly_before: Option<f64>,
    /// Coefficient of variation.
    pub cv: Option<f64>,
    /// Gross profit.
    pub profit: Option<f64>,
    /// Recent months: first day.
    pub from: Option<String>,
    /// Recent months: last day.
    pub to: Option<String>,
    /// Previous window: first day.
    pub from_before: Option<String>,
    /// Previous window: last day.
    pub to_before: Option<String>,
    /// Supplier condition.
    pub condition: Option<String>,
    /// `units` or `money`.
    pub unit: Option<String>,
    /// Monthly volume.
    pub volume: Option<f64>,
    /// The tier.
    pub tier: Option<f64>,
    /// Volume without the client.
    pub volume_without: Option<f64>,
    /// Mark codes.
    pub marks: Option<Vec<String>>,
    /// Share of wallet.
    pub wallet_share: Option<f64>,
    /// Potential.
    pub potential: Option<f64>,
    /// Managers sharing a client.
    pub managers: Option<Vec<String>>,
    /// Their parts.
    pub manager_shares: Option<Vec<f64>>,
}

/// `data_quality[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NoteView {
    /// The code.
    pub code: String,
    /// Rows or values concerned.
    pub count: u32,
    /// The file.
    pub file: Option<String>,
    /// The sheet.
    pub sheet: Option<String>,
    /// The column's header.
    pub column: Option<String>,
    /// The first rows.
    pub rows: Vec<u32>,
    /// The detail.
    pub detail: Option<String>,
}

/// `time`: the periods.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TimeView {
    /// Months.
    pub months: Vec<PeriodView>,
    /// Quarters.
    pub quarters: Vec<PeriodView>,
    /// Years.
    pub years: Vec<PeriodView>,
}

/// One period.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PeriodView {
    /// `2024-03`, `2024-Q1`, `2024`.
    pub period: String,
    /// Partly covered.
    pub partial: bool,
    /// Net total.
    pub total: f64,
    /// Clients with lines.
    pub clients: u32,
    /// Top-1 share.
    pub top1_share: Option<f64>,
    /// Top-3 share.
    pub top3_share: Option<f64>,
    /// HHI.
    pub hhi: Option<f64>,
    /// Effective clients.
    pub effective_clients: Option<f64>,
    /// Key accounts.
    pub key_accounts: Vec<String>,
}

fn bad_report() -> Error {
    Error::new(ErrorKind::BadOptions {
        option: "report",
        reason: "a report as the engine writes it (schema_version 1)",
    })
}

impl ReportView {
    /// Reads a report's JSON text.
    ///
    /// # Errors
    /// `bad_options` (option `report`) when the text is not a report of this schema version.
    pub fn from_json(json: &str) -> Result<ReportView> {
        let view: ReportView = serde_json::from_str(json).map_err(|_| bad_report())?;
        view.checked()
    }

    /// Reads a report through its JSON form (the same path as [`ReportView::from_json`]).
    ///
    /// # Errors
    /// `bad_options` (option `report`) if the report cannot be serialized (never expected).
    pub fn of(report: &Report) -> Result<ReportView> {
        let value = serde_json::to_value(report).map_err(|_| bad_report())?;
        let view: ReportView = serde_json::from_value(value).map_err(|_| bad_report())?;
        view.checked()
    }

    fn checked(self) -> Result<ReportView> {
        if self.schema_version == SCHEMA_VERSION {
            Ok(self)
        } else {
            Err(bad_report())
        }
    }

    /// A number of `rules`, if set.
    pub fn rule(&self, key: &str) -> Option<f64> {
        self.rules.get(key).and_then(serde_json::Value::as_f64)
    }

    /// Periods to show: months, else quarters, else years.
    pub fn periods(&self) -> &[PeriodView] {
        match &self.time {
            Some(t) if !t.months.is_empty() => &t.months,
            Some(t) if !t.quarters.is_empty() => &t.quarters,
            Some(t) => &t.years,
            None => &[],
        }
    }
}

//! The serde Report: the one contract the CLI, the page and the tests share.
//! Documented field by field in docs/report.md; bump [`SCHEMA_VERSION`] on
//! any incompatible change. Assembled from the stages' results by `build.rs`.

pub mod anonymize;
pub(crate) mod build;
pub mod plans;

pub use crate::core::analysis::{Concentration, Finding, FlatFinding, KeyAccount, Rule, Scope, Severity};
pub use crate::core::detect::SheetReason;
pub use crate::core::model::MarkSet;
pub use crate::core::model::SuggestionReason;
use crate::core::options::{Measure, Thresholds};
use crate::core::quality::QualityCode;
use crate::core::role::Role;
use crate::core::table::Visibility;
pub use plans::{ActionReport, NewBusinessReport, ProductReport, ScenarioReport, SupplierReport};
use serde::Serialize;
use std::collections::BTreeMap;

/// The report's schema version: raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of one analysis run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where the numbers came from.
    pub source: Source,
    /// "Today" for time-based findings (ISO): the caller's, else the latest sale date; null without dates.
    pub as_of: Option<String>,
    /// The method's rules this report applied.
    pub rules: Rules,
    /// What `total`, amounts, shares, key accounts and findings measure: `revenue`, `profit` or `quantity`.
    pub measure: Measure,
    /// The measures the file offers (revenue first).
    pub measures: Vec<Measure>,
    /// The caller's date range as applied (an open end is null); null: all data.
    pub range: Option<DateSpan>,
    /// Net total of the used lines (returns subtracted), rounded to cents.
    pub total: f64,
    /// Clients, largest net amount first (ties by folded name).
    pub clients: Vec<ClientShare>,
    /// Key accounts by volume at each scope (company, each department, each manager's book).
    pub key_accounts: Vec<KeyAccount>,
    /// Per manager, when there is a manager column (else empty).
    pub managers: Vec<GroupSummary>,
    /// Per department, when there is a department column (else empty).
    pub departments: Vec<GroupSummary>,
    /// Concentration indices over clients with a positive net amount; null when there are none.
    pub concentration: Option<Concentration>,
    /// The method's findings, most severe first.
    pub findings: Vec<Finding>,
    /// Likely duplicate clients, never merged without the user.
    pub suggestions: Vec<MergeSuggestion>,
    /// What was skipped, coerced or decided, with row references.
    pub data_quality: Vec<QualityNote>,
    /// Periods, trend windows and XYZ; null without dates (see `time_unavailable`).
    pub time: Option<Time>,
    /// Why `time` is null: `no_date_column`, `no_dates` or `periods_without_year`.
    pub time_unavailable: Option<String>,
    /// Two periods side by side; null without dates or without two periods to compare.
    pub comparison: Option<ComparisonReport>,
    /// Marked clients (the caller's marks) that are no client of this file.
    pub marks_unmatched: Vec<String>,
    /// The new business each company key account's share needs; null without key accounts.
    pub new_business: Option<NewBusinessReport>,
    /// The supplier conditions checked.
    pub supplier: Vec<SupplierReport>,
    /// What if some clients left: today against the rest of this report; null without a scenario.
    pub scenario: Option<ScenarioReport>,
    /// What to do first (at most 7), most urgent first.
    pub actions: Vec<ActionReport>,
    /// Every product on the lines (before any scenario), largest first.
    pub products: Vec<ProductReport>,
}

/// Days from `from` to `to` (ISO), either end open (null).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateSpan {
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
}

/// Time: the calendar periods, the trend windows and XYZ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Time {
    /// The days the data covers (within the range).
    pub coverage: DateSpan,
    /// `day` (a date column), or a wide table's `month`, `quarter` or `year` columns.
    pub granularity: String,
    /// Whether clients have a purchase rhythm (false for a wide table: no purchase days).
    pub rhythm: bool,
    /// Months oldest first (empty when the dates are quarters or years).
    pub months: Vec<PeriodReport>,
    /// Quarters oldest first (empty when the dates are years).
    pub quarters: Vec<PeriodReport>,
    /// Years oldest first.
    pub years: Vec<PeriodReport>,
    /// The complete-month windows the trend rules compared; null with too few complete months.
    pub windows: Option<WindowsReport>,
    /// The ABC×XYZ matrix; null under three complete months.
    pub xyz: Option<XyzReport>,
}

/// One calendar period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodReport {
    /// `2024-03`, `2024-Q1` or `2024`.
    pub period: String,
    /// First day (ISO).
    pub from: String,
    /// Last day (ISO).
    pub to: String,
    /// The data misses its first or last days (more than 3): never fed to trend rules.
    pub partial: bool,
    /// Net total, rounded to cents.
    pub total: f64,
    /// Clients with lines in it.
    pub clients: u32,
    /// The largest client's share of the positive sum; null without positive sales.
    pub top1_share: Option<f64>,
    /// The three largest clients' share.
    pub top3_share: Option<f64>,
    /// HHI.
    pub hhi: Option<f64>,
    /// 10,000 / HHI.
    pub effective_clients: Option<f64>,
    /// Clients at or above the key share of the period's total, largest first.
    pub key_accounts: Vec<String>,
}

/// A run of complete months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowReport {
    /// First day (ISO).
    pub from: String,
    /// Last day (ISO).
    pub to: String,
    /// Months in it.
    pub months: u32,
}

/// The two windows of the trend rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowsReport {
    /// The latest complete months.
    pub recent: WindowReport,
    /// As many months before.
    pub previous: WindowReport,
}

/// The ABC×XYZ matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XyzReport {
    /// Complete months the coefficients are taken over.
    pub months: u32,
    /// Nine cells: A..C × X..Z.
    pub cells: Vec<XyzCellReport>,
}

/// One cell of the ABC×XYZ matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XyzCellReport {
    /// `A`, `B` or `C`.
    pub abc: String,
    /// `X`, `Y` or `Z`.
    pub xyz: String,
    /// Clients in it.
    pub clients: u32,
    /// Their net amount, rounded to cents.
    pub amount: f64,
}

/// Two periods side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonReport {
    /// `same_period_last_year` (the default) or `caller`.
    pub basis: String,
    /// The earlier period.
    pub before: ComparisonSide,
    /// The later period.
    pub after: ComparisonSide,
    /// `after.total − before.total`.
    pub change: f64,
    /// `change ÷ before.total`; null when `before.total` is not positive.
    pub change_ratio: Option<f64>,
    /// Clients with lines only after.
    pub gained: u32,
    /// Clients with lines only before.
    pub lost: u32,
    /// Clients with more after.
    pub grown: u32,
    /// Clients with less after.
    pub shrunk: u32,
    /// Every client of either period, top movers (largest |after − before|) first.
    pub clients: Vec<ComparisonClient>,
}

/// One period of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonSide {
    /// First day (ISO).
    pub from: Option<String>,
    /// Last day (ISO).
    pub to: Option<String>,
    /// Net total, rounded to cents.
    pub total: f64,
    /// Clients with lines.
    pub clients: u32,
    /// Key accounts (names), largest first.
    pub key_accounts: Vec<String>,
    /// The largest client's share of the positive sum.
    pub top1_share: Option<f64>,
    /// HHI.
    pub hhi: Option<f64>,
}

/// One client in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonClient {
    /// Its name as in `clients`.
    pub name: String,
    /// Its amounts, rounded to cents.
    pub before: f64,
    /// See `before`.
    pub after: f64,
    /// Its shares of each period's net total.
    pub share_before: f64,
    /// See `share_before`.
    pub share_after: f64,
    /// Key in each period.
    pub key_before: bool,
    /// See `key_before`.
    pub key_after: bool,
    /// `gained`, `lost`, `grown`, `shrunk` or `same`.
    pub movement: String,
}

impl Report {
    /// The findings as the JSON has them (one flat object each), for readers that
    /// compare fields rather than kinds.
    pub fn flat_findings(&self) -> Vec<FlatFinding> {
        self.findings.iter().map(Finding::flat).collect()
    }
}

/// The rules a report applied: the thresholds (the caller's or the method's
/// defaults) and where "today" came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    /// Every threshold, as [`Thresholds`] names it (shares as fractions: 0.1 = 10%).
    #[serde(flatten)]
    pub thresholds: Thresholds,
    /// Where `as_of` came from; null when there is no date.
    pub as_of_source: Option<AsOfSource>,
    /// True when every threshold is the method's default.
    pub defaults: bool,
}

/// Where a report's "today" came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfSource {
    /// The caller set it.
    Option,
    /// The latest sale date in the data.
    LatestDate,
}

/// Where the numbers came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// `xlsx`, `xlsb`, `xls`, `ods` or `csv` (xlsm reads as xlsx); of the first file.
    pub format: String,
    /// Names of the files analysed together (empty when one file was given without a name).
    pub files: Vec<String>,
    /// Every table read (a sheet of a file), in reading order; several when sheets or files were combined.
    pub parts: Vec<PartInfo>,
    /// `rows` (one sale per row) or `wide` (clients in rows, periods in columns, unpivoted).
    pub layout: String,
    /// The period columns of a wide layout, left to right (else empty).
    pub periods: Vec<PeriodColumn>,
    /// The sheet analysed.
    pub sheet: String,
    /// Why this sheet: `requested`, `only_sheet`, `best_table`, or `combined` (several sheets with one header).
    pub sheet_reason: SheetReason,
    /// Every sheet of the file, in file order.
    pub sheets: Vec<SheetInfo>,
    /// 1-based row of the header (the first one, when it spans two rows).
    pub header_row: u32,
    /// How many rows the header spans (1 or 2).
    pub header_rows: u32,
    /// Role → header text as in the file (`client`, `amount`, `date`, `manager`,
    /// `department`, `product`, `quantity`); only roles found are present.
    pub columns: BTreeMap<String, String>,
    /// Role → column letter, same keys as `columns`.
    pub column_letters: BTreeMap<String, String>,
    /// Every column of the header, left to right, for a column picker.
    pub headers: Vec<ColumnHeader>,
    /// Roles whose column was one of several that could hold it (the client:
    /// company over contact person, name over code; the amount: net over gross,
    /// with VAT over without), with the runners-up, so the page can show the
    /// choice and switch it in one click.
    pub choices: Vec<RoleChoice>,
    /// Rows below the header up to the last non-empty row of the sheet.
    pub rows_in_table: u32,
    /// Rows that became sales lines. `rows_in_table = rows_used + Σ skipped`.
    pub rows_used: u32,
    /// Rows skipped, by reason code (the same codes as in `data_quality`).
    pub rows_skipped: BTreeMap<String, u32>,
    /// First and last sale date among used lines (ISO), when there is a date column.
    pub date_from: Option<String>,
    /// See `date_from`.
    pub date_to: Option<String>,
}

/// One table read: a sheet of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartInfo {
    /// The file's name; null when one file was given without a name.
    pub file: Option<String>,
    /// The file's format (`xlsx`, `xls`, `ods`, `csv`…); a `csv` part's `sheet` is only a placeholder.
    pub format: String,
    /// The sheet's name.
    pub sheet: String,
    /// 1-based header row, and how many rows the header spans.
    pub header_row: u32,
    /// See `header_row`.
    pub header_rows: u32,
    /// Rows below the header.
    pub rows_in_table: u32,
    /// Rows that became sales lines.
    pub rows_used: u32,
    /// Rows skipped, by reason code.
    pub rows_skipped: BTreeMap<String, u32>,
}

/// A period column of a wide layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodColumn {
    /// Column letter.
    pub column: String,
    /// Header text as in the file ("янв.24", "2024-01", "Q1 2024").
    pub header: String,
    /// First and last day of the period (ISO).
    pub from: String,
    /// See `from`.
    pub to: String,
}

/// Clients that may be one; merged only when the user accepts (`Options::identity.merges`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeSuggestion {
    /// Client names as in `clients`.
    pub names: Vec<String>,
    /// Their net amounts, same order.
    pub amounts: Vec<f64>,
    /// `lookalike_letters` or `similar_name`.
    pub reason: SuggestionReason,
    /// The letters written in the other script, or the number of edits.
    pub detail: Option<String>,
}

/// A role's column and the other columns that could have held it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleChoice {
    /// `client` or `amount`.
    pub role: Role,
    /// The column taken: letter.
    pub column: String,
    /// Its header as in the file ("" when empty).
    pub header: String,
    /// How it was taken: `caller`, `header` or `values`.
    pub chosen: String,
    /// The runners-up, best first: `{column, header, examples}`.
    pub alternatives: Vec<ColumnAlternative>,
}

/// A column that could hold a role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnAlternative {
    /// Column letter.
    pub column: String,
    /// Header text as in the file ("" when empty).
    pub header: String,
    /// Up to three values from it.
    pub examples: Vec<String>,
}

/// A column of the table's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnHeader {
    /// Column letter ("A", "AB").
    pub column: String,
    /// Header text as in the file (two header rows joined with " / "); "" when empty.
    pub header: String,
}

/// One sheet of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetInfo {
    /// The sheet's name.
    pub name: String,
    /// `visible`, `hidden` or `very_hidden`.
    pub visibility: Visibility,
    /// Number of non-empty rows.
    pub rows: u32,
    /// True for chart sheets (never analysed).
    pub chart: bool,
}

/// A client's net amount and share of the net total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientShare {
    /// The most frequent spelling in the file.
    pub name: String,
    /// Net amount, rounded to cents.
    pub amount: f64,
    /// Fraction of the net total (0.25 = 25%); 0 when the total is not positive.
    pub share: f64,
    /// Number of sales lines.
    pub lines: u32,
    /// The tax ID / client code that grouped its lines, if any.
    pub id: Option<String>,
    /// Other names folded into this client (spellings, subsidiaries, merges the user accepted).
    pub names: Vec<String>,
    /// 1-based position in this list.
    pub rank: u32,
    /// Running share of the positive sum up to and including this client; null for
    /// clients whose net amount is zero or negative.
    pub cumulative_share: Option<f64>,
    /// `A`, `B` or `C`; null for clients whose net amount is zero or negative.
    pub abc: Option<String>,
    /// Its revenue (equal to `amount` when the measure is revenue), rounded to cents.
    pub revenue: f64,
    /// Its gross profit; null when the file has none.
    pub profit: Option<f64>,
    /// First purchase (ISO); null without dates or without a rhythm (`time.rhythm`).
    pub first_date: Option<String>,
    /// Last purchase (ISO); see `first_date`.
    pub last_date: Option<String>,
    /// Distinct purchase days; see `first_date`.
    pub purchase_days: Option<u32>,
    /// Median days between purchase days; null under two.
    pub median_gap: Option<f64>,
    /// The gap its rhythm is judged by: its own median, or all clients' when it bought on
    /// fewer than `rules.lost_min_purchases` days.
    pub usual_gap: Option<f64>,
    /// Days from the last purchase to `as_of`.
    pub days_silent: Option<u32>,
    /// `active`, `overdue` (silent longer than its usual gap) or `lost` (the lost rule).
    pub rhythm: Option<String>,
    /// `X`, `Y` or `Z`: the stability of its monthly sales; null under three complete months.
    pub xyz: Option<String>,
    /// The coefficient of variation of its sales per complete month (zero months counted).
    pub cv: Option<f64>,
    /// Key-by-judgment marks: the caller's and the file's.
    pub marks: MarkSet,
    /// The marks the file's columns give.
    pub file_marks: MarkSet,
    /// Its estimated purchases per year from all suppliers: the caller's, else the file's.
    pub potential: Option<f64>,
    /// Our revenue in the range, per year; null without dates.
    pub annual: Option<f64>,
    /// `annual / potential`.
    pub wallet_share: Option<f64>,
}

/// A manager's or department's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The manager's or department's name.
    pub name: String,
    /// Net amount, rounded to cents.
    pub amount: f64,
    /// Share of the company's net total.
    pub share: f64,
    /// Distinct clients with sales lines in the group.
    pub clients: u32,
    /// Company-level key accounts whose main manager (department) this is: the one
    /// with the largest part of the client's sales.
    pub key_accounts: u32,
}

/// A data-quality note: rows skipped, values coerced, decisions made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityNote {
    /// Stable snake_case code (see docs/report.md for the list).
    pub code: QualityCode,
    /// Rows (or values) concerned.
    pub count: u32,
    /// The file, when several files were analysed together.
    pub file: Option<String>,
    /// The sheet, when the file has sheets.
    pub sheet: Option<String>,
    /// Header text of the column concerned, if any.
    pub column: Option<String>,
    /// The first few 1-based row numbers.
    pub rows: Vec<u32>,
    /// Machine-readable detail (a currency, an encoding, the chosen column…).
    pub detail: Option<String>,
}

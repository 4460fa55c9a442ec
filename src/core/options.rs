//! What the caller can set, split by the stage it steers, so a change re-runs
//! only that stage and what depends on it (see [`crate::Session`]):
//!
//! | options | stage | a change re-runs |
//! |---|---|---|
//! | [`Limits`] | reading the bytes | nothing: set once when the files are opened |
//! | [`ReadOptions`] | finding and extracting the table | extraction, identity, method |
//! | [`IdentityOptions`] | who is who (status, IDs, parents, merges) | identity, method |
//! | [`MethodOptions`] | the key-account method | the method only |
//!
//! Everything has the method's default.

use crate::core::codes::codes;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::role::Role;
use crate::core::table::PACK_AFTER_CELLS;
use crate::core::value::Date;
use std::collections::BTreeMap;

/// Resource limits: beyond any of them the run stops with `too_large`,
/// never an out-of-memory, a hang or a panic.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Most non-empty cells kept over the whole workbook.
    pub max_cells: u64,
    /// Most bytes of cell text kept over the whole workbook.
    pub max_text_bytes: u64,
    /// Most bytes the parts of a zip package (xlsx/xlsb/ods) may inflate to, all together:
    /// declared sizes first, then counted as they inflate.
    pub max_decompressed_bytes: u64,
    /// Longest run of an XML part without `<` or `>` (one text, attribute or stretch of
    /// whitespace, which the XML reader would hold whole).
    pub max_xml_token_bytes: u64,
    /// Most cells an ODS repeat attribute may expand to (checked before calamine expands it).
    pub max_ods_repeat: u64,
    /// Highest row index accepted (0-based); Excel's own maximum by default.
    pub max_rows: u32,
    /// Most distinct strings an xlsx shared-strings table may declare (checked before
    /// calamine reserves room for them).
    pub max_shared_strings: u64,
    /// Most XML elements in an xlsx styles part (each cell format becomes a style object
    /// before any cell is read).
    pub max_style_elements: u64,
    /// Most distinct client names (as written) one analysis reads: each costs identity,
    /// look-alike search, the method and a row of the report's client table.
    pub max_client_names: u64,
    /// Cells a sheet keeps as they are; beyond, its rows are packed (about 19 bytes of wasm
    /// memory for a 7-column row instead of about 136, and each pass over them unpacks them).
    /// Not a limit: tests set it to 0 to read every file packed.
    pub pack_rows_after_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            // ~20 bytes of wasm memory per cell over a whole analysis once the rows are packed (135 MiB
            // for 1M rows × 7 columns, scripts/wasm-memory.mjs), most of it the lines, one per row:
            // 20M cells in 1M rows stay well under 0.5 GiB of wasm32's 4 GiB.
            max_cells: 20_000_000,
            max_text_bytes: 512 * 1024 * 1024,
            // A 1M-row, 7-column sheet (36 MB xlsx) inflates to 273 MB; a GiB of XML takes calamine ~10 s.
            max_decompressed_bytes: 1024 * 1024 * 1024,
            // An Excel cell holds 32,767 characters (~200 KB escaped at worst).
            max_xml_token_bytes: 4 * 1024 * 1024,
            max_ods_repeat: 10_000_000,
            max_rows: 1_048_576,
            // One distinct text per cell of 8M cells; calamine reserves 12 bytes a string in
            // wasm (96 MiB) before reading any.
            max_shared_strings: 8_000_000,
            // Excel keeps at most 64,000 cell formats (a few elements each); calamine builds
            // ~180 bytes of style per format: 4M formats in a 4 MB file took 711 MB.
            max_style_elements: 1_000_000,
            // 200,000 one-line clients take ~6 s and ~880 MiB of the page (the whole client
            // table is drawn); a million took 31 s and 1.26 GiB of wasm memory alone.
            max_client_names: 200_000,
            // ~19 MB of plain rows: a 100,000-row sheet keeps its speed, a million-row one packs.
            pack_rows_after_cells: PACK_AFTER_CELLS as u64,
        }
    }
}

/// The caller's choice of columns by role, each by header text (as in the
/// file, case- and space-insensitive) or by column letter ("C").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ColumnOverrides(BTreeMap<Role, String>);

impl ColumnOverrides {
    /// The column named for `role`, if any.
    pub fn get(&self, role: Role) -> Option<&str> {
        self.0.get(&role).map(String::as_str)
    }
    /// Names the column for `role`.
    pub fn set(&mut self, role: Role, column: impl Into<String>) {
        self.0.insert(role, column.into());
    }
    /// With the column for `role` named (builder style).
    #[must_use]
    pub fn with(mut self, role: Role, column: impl Into<String>) -> Self {
        self.set(role, column);
        self
    }
    /// Forgets the column named for `role`.
    pub fn remove(&mut self, role: Role) {
        self.0.remove(&role);
    }
    /// True when no column is named.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The named columns, in role order.
    pub fn iter(&self) -> impl Iterator<Item = (Role, &str)> {
        self.0.iter().map(|(r, s)| (*r, s.as_str()))
    }
}

impl FromIterator<(Role, String)> for ColumnOverrides {
    fn from_iter<I: IntoIterator<Item = (Role, String)>>(iter: I) -> Self {
        ColumnOverrides(iter.into_iter().collect())
    }
}

/// How to find and read the table: a change extracts the table again from
/// the files already read (never re-reads the bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    /// Sheet to analyse; chosen automatically when `None` (and sheets with the same header combined).
    pub sheet: Option<String>,
    /// Columns named by the caller, by role.
    pub columns: ColumnOverrides,
    /// Read dates like `03/04/2024` as month first (US). `None`: decided from the column.
    pub month_first: Option<bool>,
}

/// Who is who: a change resolves clients again from the extracted lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdentityOptions {
    /// Keep rows whose status says cancelled or not shipped (left out by default, and reported).
    pub keep_cancelled: bool,
    /// Statuses, exactly as written, whose rows are kept though they would be left out
    /// (one switch per status on the page); `keep_cancelled` keeps them all.
    pub keep_statuses: Vec<String>,
    /// Group subsidiaries under the parent-company column when there is one (true).
    pub group_by_parent: bool,
    /// Client merges the user accepted: each list of names (as in `report.clients[].name`
    /// or `report.suggestions[].names`) becomes one client.
    pub merges: Vec<Vec<String>>,
}

impl Default for IdentityOptions {
    fn default() -> Self {
        IdentityOptions {
            keep_cancelled: false,
            keep_statuses: Vec::new(),
            group_by_parent: true,
            merges: Vec::new(),
        }
    }
}

/// The method's thresholds. Boundaries: key ≥, dependency levels ≥,
/// critical >, manager load >, lost: silent > multiplier × median gap and ≥ minimum days.
/// Serialized snake_case (the report's `rules`); read camelCase (the page's options),
/// a missing one keeping its default and an unknown one refused.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all(deserialize = "camelCase"), deny_unknown_fields)]
pub struct Thresholds {
    /// A client at or above this share of a scope's sales is a key account (0.10).
    pub key_share: f64,
    /// Dependency levels on a client's company share, ascending (0.2, 0.3, 0.4).
    pub dependency_levels: Vec<f64>,
    /// Above this company share a client is a critical dependency (0.5).
    pub critical_share: f64,
    /// More company-level key accounts than this per manager is an overload (3).
    pub max_key_accounts_per_manager: u32,
    /// A key client silent for more than this many times its median gap is lost (2.0)…
    pub lost_gap_multiplier: f64,
    /// …and for at least this many days (60).
    pub lost_min_days: u32,
    /// Purchase dates below which a client is judged by all clients' median gap (3).
    pub lost_min_purchases: u32,
    /// ABC class A up to and including the client crossing this cumulative share (0.8)…
    pub abc_a: f64,
    /// …B up to this one (0.95), C the rest.
    pub abc_b: f64,
    /// Trend windows: the last this many complete months against as many before (12)…
    pub trend_window_months: u32,
    /// …or, with fewer than twice as many, half the complete months, at least this many (6).
    pub trend_min_months: u32,
    /// `concentration_rising`: HHI up by at least this fraction (0.15)…
    pub hhi_rise: f64,
    /// …and the top client's share up by at least this much (0.03: 3 percentage points).
    pub top_share_rise: f64,
    /// `slipping_key_client`: its last this many complete months (3)…
    pub slipping_recent_months: u32,
    /// …against its monthly average over up to this many complete months before (12)…
    pub slipping_baseline_months: u32,
    /// …at most this fraction of it (0.5).
    pub slipping_ratio: f64,
    /// XYZ: class X up to this coefficient of variation of monthly sales (0.10)…
    pub xyz_x: f64,
    /// …Y up to this one (0.25), Z above.
    pub xyz_y: f64,
    /// Key by potential: our share of the client's purchases below this (0.2)…
    pub wallet_share_max: f64,
    /// …and its potential at least this share of our annual sales (0.1).
    pub potential_min_share: f64,
    /// More innovators than this share of the clients draws a note (0.05; the method expects about 2.5 %).
    pub innovator_max_share: f64,
    /// `kam_mixed_with_small_orders`: a manager leading key accounts and at least this many class C clients (5).
    pub small_orders_min: u32,
    /// `key_client_split`: managers with at least this share of a key client's sales (0.1) count as sharing it.
    pub split_min_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            key_share: 0.10,
            dependency_levels: vec![0.2, 0.3, 0.4],
            critical_share: 0.5,
            max_key_accounts_per_manager: 3,
            lost_gap_multiplier: 2.0,
            lost_min_days: 60,
            lost_min_purchases: 3,
            abc_a: 0.8,
            abc_b: 0.95,
            trend_window_months: 12,
            trend_min_months: 6,
            hhi_rise: 0.15,
            top_share_rise: 0.03,
            slipping_recent_months: 3,
            slipping_baseline_months: 12,
            slipping_ratio: 0.5,
            xyz_x: 0.10,
            xyz_y: 0.25,
            wallet_share_max: 0.2,
            potential_min_share: 0.1,
            innovator_max_share: 0.05,
            small_orders_min: 5,
            split_min_share: 0.1,
        }
    }
}

impl Thresholds {
    /// Checks that every threshold makes sense (shares in (0, 1], levels
    /// ascending, a multiplier ≥ 1…).
    ///
    /// # Errors
    /// `bad_options`, naming the threshold (`details.option`).
    pub fn validate(&self) -> Result<()> {
        let bad =
            |option: &'static str, reason: &'static str| Err(Error::new(ErrorKind::BadOptions { option, reason }));
        let share = |x: f64| x.is_finite() && x > 0.0 && x <= 1.0;
        if !share(self.key_share) {
            return bad("key_share", "a share above 0 and at most 1");
        }
        if !share(self.critical_share) {
            return bad("critical_share", "a share above 0 and at most 1");
        }
        if self.dependency_levels.len() > 10 || !self.dependency_levels.iter().all(|&l| share(l)) {
            return bad("dependency_levels", "at most 10 shares above 0 and at most 1");
        }
        if self.dependency_levels.windows(2).any(|w| matches!(w, [a, b] if a >= b)) {
            return bad("dependency_levels", "levels in ascending order");
        }
        if !(self.lost_gap_multiplier.is_finite() && self.lost_gap_multiplier >= 1.0) {
            return bad("lost_gap_multiplier", "a number of at least 1");
        }
        if self.lost_min_days > 3650 {
            return bad("lost_min_days", "at most 3650 days");
        }
        if self.max_key_accounts_per_manager > 1000 {
            return bad("max_key_accounts_per_manager", "at most 1000");
        }
        if !(share(self.abc_a) && share(self.abc_b) && self.abc_a < self.abc_b) {
            return bad("abc", "class A's share below class B's, both above 0 and at most 1");
        }
        if !(1..=60).contains(&self.trend_min_months) || self.trend_window_months < self.trend_min_months {
            return bad(
                "trend_window_months",
                "months from 1 to 60, the window at least the minimum",
            );
        }
        if self.trend_window_months > 60 {
            return bad("trend_window_months", "at most 60 months");
        }
        if !(self.hhi_rise.is_finite() && self.hhi_rise >= 0.0 && self.hhi_rise <= 10.0) {
            return bad("hhi_rise", "a fraction from 0 to 10");
        }
        if !(self.top_share_rise.is_finite() && (0.0..=1.0).contains(&self.top_share_rise)) {
            return bad("top_share_rise", "a share from 0 to 1");
        }
        if !(1..=24).contains(&self.slipping_recent_months) || !(1..=60).contains(&self.slipping_baseline_months) {
            return bad(
                "slipping_recent_months",
                "1 to 24 recent months and 1 to 60 months before",
            );
        }
        if !share(self.slipping_ratio) {
            return bad("slipping_ratio", "a share above 0 and at most 1");
        }
        if !(self.xyz_x.is_finite() && self.xyz_x > 0.0 && self.xyz_x < self.xyz_y && self.xyz_y.is_finite()) {
            return bad("xyz", "class X's coefficient below class Y's, both above 0");
        }
        for (option, x) in [
            ("wallet_share_max", self.wallet_share_max),
            ("potential_min_share", self.potential_min_share),
            ("innovator_max_share", self.innovator_max_share),
            ("split_min_share", self.split_min_share),
        ] {
            if !share(x) {
                return bad(option, "a share above 0 and at most 1");
            }
        }
        if !(1..=100_000).contains(&self.small_orders_min) {
            return bad("small_orders_min", "1 to 100000 clients");
        }
        Ok(())
    }
}

codes! {
    /// What the method measures clients by.
    pub enum Measure {
        /// Sales amounts (the amount column).
        Revenue = "revenue",
        /// Gross profit (a profit column, or amount − cost).
        Profit = "profit",
        /// Quantities sold (the quantity column).
        Quantity = "quantity",
    }
}

/// Days from `from` to `to`, both included; an open end reaches the data's end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// First day included.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
}

impl DateRange {
    /// Whether `d` lies in the range.
    pub fn contains(&self, d: Date) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
    /// Whether the range is the whole data.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// What if some clients left, or bought less: the method then runs on the lines without them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    /// Clients (names as in `report.clients[].name`) whose lines are all left out.
    pub remove: Vec<String>,
    /// Clients whose sales are cut by a fraction (0 < by ≤ 1) of each line.
    pub cut: Vec<(String, f64)>,
}

impl Scenario {
    /// True when nothing is removed or cut.
    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.cut.is_empty()
    }
}

/// The owner's judgment of one client: key for reasons the data cannot show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientMark {
    /// The client's name as in `report.clients[].name`.
    pub client: String,
    /// The marks.
    pub marks: crate::core::model::MarkSet,
    /// Its estimated purchases per year from all suppliers.
    pub potential: Option<f64>,
}

codes! {
    /// What a supplier's discount tier is counted in.
    pub enum SupplierUnit {
        /// Units sold (the quantity column).
        Units = "units",
        /// Sales amounts.
        Money = "money",
    }
}

/// A supplier's condition: a monthly volume of some products that keeps a discount.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierCondition {
    /// The caller's name for it ("Скидка Bosch").
    pub name: String,
    /// Product labels it counts, as in the file; empty: all products.
    pub products: Vec<String>,
    /// Units or money.
    pub unit: SupplierUnit,
    /// The volume per calendar month that keeps the discount.
    pub per_month: f64,
    /// The average is over the last this many complete months (3).
    pub months: u32,
}

/// The method's settings: a change re-runs the method only, on lines already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodOptions {
    /// The method's thresholds.
    pub thresholds: Thresholds,
    /// "Today" for time-based findings; defaults to the latest date in the range.
    pub as_of: Option<Date>,
    /// What clients are measured by (revenue).
    pub measure: Measure,
    /// The days analysed (all by default); undated lines are left out of a range.
    pub range: DateRange,
    /// Two periods to compare (before, after); by default the as-of year to date
    /// against the same days a year earlier.
    pub compare: Option<[DateRange; 2]>,
    /// What if some clients left (none by default).
    pub scenario: Scenario,
    /// The owner's marks: key by judgment.
    pub marks: Vec<ClientMark>,
    /// Supplier conditions whose discount a client's departure could lose.
    pub supplier: Vec<SupplierCondition>,
}

impl Default for MethodOptions {
    fn default() -> Self {
        MethodOptions {
            thresholds: Thresholds::default(),
            as_of: None,
            measure: Measure::Revenue,
            range: DateRange::default(),
            compare: None,
            scenario: Scenario::default(),
            marks: Vec::new(),
            supplier: Vec::new(),
        }
    }
}

impl MethodOptions {
    /// Checks the thresholds and that each range runs forward.
    ///
    /// # Errors
    /// `bad_options`, naming the option (`details.option`).
    pub fn validate(&self) -> Result<()> {
        self.thresholds.validate()?;
        let forward = |r: &DateRange| !matches!((r.from, r.to), (Some(f), Some(t)) if f > t);
        if !forward(&self.range) {
            return Err(Error::new(ErrorKind::BadOptions {
                option: "range",
                reason: "from on or before to",
            }));
        }
        if self.compare.as_ref().is_some_and(|c| !c.iter().all(forward)) {
            return Err(Error::new(ErrorKind::BadOptions {
                option: "compare",
                reason: "each period's from on or before its to",
            }));
        }
        let bad =
            |option: &'static str, reason: &'static str| Err(Error::new(ErrorKind::BadOptions { option, reason }));
        if self
            .scenario
            .cut
            .iter()
            .any(|(_, by)| !(by.is_finite() && *by > 0.0 && *by <= 1.0))
        {
            return bad("scenario", "a cut above 0 and at most 1 (100 %)");
        }
        if self.scenario.remove.len() + self.scenario.cut.len() > 10_000 || self.marks.len() > 100_000 {
            return bad("scenario", "at most 10000 clients");
        }
        if self
            .marks
            .iter()
            .any(|m| m.potential.is_some_and(|p| !(p.is_finite() && p > 0.0)))
        {
            return bad("marks", "a potential above 0");
        }
        if self.supplier.len() > 100 {
            return bad("supplier", "at most 100 conditions");
        }
        for c in &self.supplier {
            if !(c.per_month.is_finite() && c.per_month > 0.0) {
                return bad("supplier", "a volume per month above 0");
            }
            if !(1..=36).contains(&c.months) {
                return bad("supplier", "1 to 36 months");
            }
        }
        Ok(())
    }
}

/// Everything one run takes, stage by stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Resource limits for reading the bytes.
    pub limits: Limits,
    /// Which sheet and columns, how to read dates.
    pub read: ReadOptions,
    /// Status, IDs, parent companies, the user's merges.
    pub identity: IdentityOptions,
    /// Thresholds and the as-of date.
    pub method: MethodOptions,
    /// Rename clients, managers, departments and files in the report ([`Anonymize`]);
    /// `None`: real names. Applied to the finished report: no stage re-runs for it.
    pub anonymize: Option<Anonymize>,
}

codes! {
    /// The language of the exports' words and of the pseudonyms.
    pub enum Lang {
        /// Russian (the default).
        Ru = "ru",
        /// English.
        En = "en",
    }
}

/// The words pseudonyms are made of: `Клиент 1`, `Менеджер A`, `Отдел A`, `файл 1.xlsx`.
///
/// Clients are numbered by their rank over the whole file (see
/// `report::anonymize::Pseudonyms`), managers and departments lettered (A…Z, AA…)
/// by their sales over the whole file, files numbered in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anonymize {
    /// Before a client's number.
    pub client: String,
    /// Before a manager's letters.
    pub manager: String,
    /// Before a department's letters.
    pub department: String,
    /// Before a file's number (the extension is kept).
    pub file: String,
}

impl Anonymize {
    /// The words of `lang`.
    pub fn of(lang: Lang) -> Anonymize {
        let (client, manager, department, file) = match lang {
            Lang::Ru => ("Клиент", "Менеджер", "Отдел", "файл"),
            Lang::En => ("Client", "Manager", "Department", "file"),
        };
        Anonymize {
            client: client.to_string(),
            manager: manager.to_string(),
            department: department.to_string(),
            file: file.to_string(),
        }
    }
}

impl Default for Anonymize {
    fn default() -> Self {
        Anonymize::of(Lang::Ru)
    }
}

/// The wire shapes of the scenario, the marks and the supplier conditions, as
/// the page (camelCase JSON) and the CLI's marks file give them.
pub mod wire {
    use super::{ClientMark, Scenario, SupplierCondition, SupplierUnit};
    use crate::core::error::{Error, ErrorKind, Result};
    use crate::core::model::{Mark, MarkSet};
    use serde::Deserialize;

    /// `{remove: [name…], cut: [{client, by}]}`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct ScenarioSpec {
        /// Clients removed.
        pub remove: Vec<String>,
        /// Clients cut.
        pub cut: Vec<CutSpec>,
    }

    /// `{client, by}`: `by` the fraction taken away.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CutSpec {
        /// The client's name.
        pub client: String,
        /// The fraction taken away.
        pub by: f64,
    }

    /// `{client, kinds: [mark…], potential}`.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct MarkSpec {
        /// The client's name.
        pub client: String,
        /// Mark codes.
        #[serde(default)]
        pub kinds: Vec<String>,
        /// Estimated purchases per year.
        #[serde(default)]
        pub potential: Option<f64>,
    }

    /// `{name, products, unit, perMonth, months}`.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct SupplierSpec {
        /// The condition's name.
        #[serde(default)]
        pub name: String,
        /// Products counted; empty: all.
        #[serde(default)]
        pub products: Vec<String>,
        /// `units` or `money`.
        pub unit: String,
        /// Volume per month.
        pub per_month: f64,
        /// Complete months averaged (3).
        #[serde(default)]
        pub months: Option<u32>,
    }

    fn bad(option: &'static str, reason: &'static str) -> Error {
        Error::new(ErrorKind::BadOptions { option, reason })
    }

    impl ScenarioSpec {
        /// The scenario.
        pub fn into_scenario(self) -> Scenario {
            Scenario {
                remove: self.remove,
                cut: self.cut.into_iter().map(|c| (c.client, c.by)).collect(),
            }
        }
    }

    impl MarkSpec {
        /// The mark, refusing unknown kinds.
        ///
        /// # Errors
        /// `bad_options` (option `marks`) for an unknown kind.
        pub fn into_mark(self) -> Result<ClientMark> {
            let mut marks = MarkSet::default();
            for k in &self.kinds {
                let m = Mark::from_code(k).ok_or_else(|| {
                    bad(
                        "marks",
                        "kinds among potential, reference, innovator, partner, demanding",
                    )
                })?;
                marks.insert(m);
            }
            Ok(ClientMark {
                client: self.client,
                marks,
                potential: self.potential,
            })
        }
    }

    impl SupplierSpec {
        /// The condition; an unnamed one is named after its products.
        ///
        /// # Errors
        /// `bad_options` (option `supplier`) for an unknown unit.
        pub fn into_condition(self) -> Result<SupplierCondition> {
            let unit = SupplierUnit::from_code(&self.unit).ok_or_else(|| bad("supplier", "unit units or money"))?;
            let name = if self.name.trim().is_empty() {
                if self.products.is_empty() {
                    "*".to_string()
                } else {
                    self.products.join(", ")
                }
            } else {
                self.name
            };
            Ok(SupplierCondition {
                name,
                products: self.products,
                unit,
                per_month: self.per_month,
                months: self.months.unwrap_or(3),
            })
        }
    }
}

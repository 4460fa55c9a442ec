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

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::role::Role;
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
    /// Most bytes a zip entry (xlsx/ods part) may inflate to.
    pub max_decompressed_bytes: u64,
    /// Most cells an ODS repeat attribute may expand to (checked before calamine expands it).
    pub max_ods_repeat: u64,
    /// Highest row index accepted (0-based); Excel's own maximum by default.
    pub max_rows: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_cells: 30_000_000,
            max_text_bytes: 512 * 1024 * 1024,
            max_decompressed_bytes: 2 * 1024 * 1024 * 1024,
            max_ods_repeat: 10_000_000,
            max_rows: 1_048_576,
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
        Ok(())
    }
}

/// The method's settings: a change re-runs the method only, on lines already resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MethodOptions {
    /// The method's thresholds.
    pub thresholds: Thresholds,
    /// "Today" for time-based findings; defaults to the latest date in the file.
    pub as_of: Option<Date>,
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
}

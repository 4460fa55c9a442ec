//! What the caller can set. Everything has a sane default.

use crate::core::value::Date;

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

/// Caller's choice of columns, each by header text (as in the file, case- and
/// space-insensitive) or by column letter ("C").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnOverrides {
    pub client: Option<String>,
    pub amount: Option<String>,
    pub date: Option<String>,
    pub manager: Option<String>,
    pub department: Option<String>,
    pub product: Option<String>,
    pub quantity: Option<String>,
    pub status: Option<String>,
    pub client_id: Option<String>,
    pub parent: Option<String>,
}

/// The method's thresholds. Boundaries: key ≥, dependency levels ≥,
/// critical >, manager load >, lost: silent > multiplier × median gap and ≥ minimum days.
#[derive(Debug, Clone, PartialEq)]
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

/// How lines are grouped into clients beyond their folded names.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// Group subsidiaries under the parent-company column when there is one (true).
    pub group_by_parent: bool,
    /// Client merges the user accepted: each list of names (as in `report.clients[].name`
    /// or `report.suggestions[].names`) becomes one client.
    pub merges: Vec<Vec<String>>,
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            group_by_parent: true,
            merges: Vec::new(),
        }
    }
}

/// Options for one analysis run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Sheet to analyse; chosen automatically when `None`.
    pub sheet: Option<String>,
    pub columns: ColumnOverrides,
    /// "Today" for time-based findings; defaults to the latest date in the file.
    pub as_of: Option<Date>,
    /// Read dates like `03/04/2024` as month first (US). `None`: decided from the column.
    pub month_first: Option<bool>,
    pub limits: Limits,
    pub thresholds: Thresholds,
    /// Keep rows whose status says cancelled or not shipped (left out by default, and reported).
    pub keep_cancelled: bool,
    pub identity: Identity,
}

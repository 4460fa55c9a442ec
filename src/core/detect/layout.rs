//! What detection finds: where the table is in a sheet ([`Layout`]), what its
//! columns mean ([`ColumnChoice`]), its header ([`Header`]) and, for tables
//! with periods in columns, the periods ([`WideLayout`]). Types only: the
//! finding is done by the sibling modules.

use crate::core::codes::codes;
use crate::core::quality::Note;
use crate::core::role::Role;
use crate::core::value::Date;
use serde::Serialize;

/// How a column got its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chosen {
    /// The caller named it.
    Caller,
    /// Its header matched a synonym.
    Header,
    /// Its values decided (the header said nothing useful).
    Values,
}

/// One column with its role.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChoice {
    pub role: Role,
    /// 0-based column index.
    pub col: u32,
    /// Header text as in the file (two header rows joined with " / ").
    pub header: String,
    pub chosen: Chosen,
    /// Other columns that could hold this role, best first: a contact person
    /// beside the company, gross beside net. The page offers them.
    pub alternatives: Vec<Alternative>,
}

/// A column that could have held a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// 0-based column.
    pub col: u32,
    /// Header text as in the file.
    pub header: String,
    /// A few of its values.
    pub examples: Vec<String>,
}

impl Chosen {
    /// `caller`, `header` or `values`.
    pub fn as_str(self) -> &'static str {
        match self {
            Chosen::Caller => "caller",
            Chosen::Header => "header",
            Chosen::Values => "values",
        }
    }
}

/// Where the table is in a sheet and what its columns mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// 0-based index of the (first) header row.
    pub header_row: u32,
    /// 1, or 2 when the header spans two rows.
    pub header_rows: u32,
    pub columns: Vec<ColumnChoice>,
    /// Decisions the user should see (`amount_vat_choice`, `amount_choice`,
    /// `constant_column_ignored`), each about a column by index.
    pub notes: Vec<Note>,
    /// Every non-empty header column, left to right: (0-based column, text as
    /// shown — two rows joined with " / ", a merged header named in each column it spans).
    pub headers: Vec<(u32, String)>,
    /// Clients in rows, periods in columns: the period columns and the row-total
    /// column (then there is no amount column); `None` for one sale per row.
    pub wide: Option<WideLayout>,
}

impl Layout {
    pub fn column(&self, role: Role) -> Option<&ColumnChoice> {
        self.columns.iter().find(|c| c.role == role)
    }
    /// 0-based index of the first row below the header.
    pub fn first_data_row(&self) -> u32 {
        self.header_row + self.header_rows
    }
}

codes! {
    /// Why a sheet was analysed.
    pub enum SheetReason {
        /// The caller named it.
        Requested = "requested",
        /// The only sheet with cells.
        OnlySheet = "only_sheet",
        /// The best table among several sheets.
        BestTable = "best_table",
        /// Several visible sheets with one header were read together.
        Combined = "combined",
    }
}

/// The sheet chosen and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetChoice {
    /// The sheet's index in the workbook.
    pub index: usize,
    /// Why it was chosen.
    pub reason: SheetReason,
    /// Layouts found while rating the sheets (sheet index, layout), so the caller
    /// need not detect them again; empty when no rating was needed.
    pub layouts: Vec<(usize, Layout)>,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// One period column of a wide table.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumn {
    /// 0-based column.
    pub col: u32,
    /// Header text as shown in the file.
    pub header: String,
    /// `None` when the header names a month or quarter without a year and no
    /// single year is stated above the table: its lines get no date.
    pub period: Option<Period>,
}

/// The period columns of a wide table and its row-total column.
#[derive(Debug, Clone, PartialEq)]
pub struct WideLayout {
    /// Left to right.
    pub periods: Vec<PeriodColumn>,
    /// The "Итого"/"Total" column right of the periods (0-based), with its header:
    /// used only to check each row's sum.
    pub total: Option<(u32, String)>,
    /// The year taken from the title for headers that name none.
    pub year_from_title: Option<i32>,
}

impl WideLayout {
    /// True when every period column has its dates.
    pub fn dated(&self) -> bool {
        self.periods.iter().all(|p| p.period.is_some())
    }
}

/// One column's header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderCol {
    pub col: u32,
    /// As shown to the user: both rows joined with " / ".
    pub joined: String,
    pub top: String,
    pub sub: String,
}

/// The header row(s) found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// 0-based sheet row of the (first) header row.
    pub row: u32,
    pub rows: u32,
    /// Position of the last header row in `sheet.rows`.
    pub last_pos: usize,
    pub cols: Vec<HeaderCol>,
    /// How many header cells matched a role synonym.
    pub synonym_hits: u32,
}

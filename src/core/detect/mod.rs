//! Finding the sales table: which sheet, which row is the header, which
//! column plays which role.
// INTERFACE STUB — replaced by the detect helper.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::ColumnOverrides;
use crate::core::table::{SheetTable, Workbook};
use serde::Serialize;

/// What a column means for the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Client,
    Amount,
    Date,
    Manager,
    Department,
    Product,
    Quantity,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Client,
        Role::Amount,
        Role::Date,
        Role::Manager,
        Role::Department,
        Role::Product,
        Role::Quantity,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Amount => "amount",
            Role::Date => "date",
            Role::Manager => "manager",
            Role::Department => "department",
            Role::Product => "product",
            Role::Quantity => "quantity",
        }
    }
}

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
}

/// A decision the detector made that the user should see
/// (becomes a data-quality note), e.g. which of "с НДС"/"без НДС" it took.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectNote {
    pub code: &'static str,
    /// 0-based column it is about, if any.
    pub col: Option<u32>,
    pub detail: String,
}

/// Where the table is in a sheet and what its columns mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// 0-based index of the (first) header row.
    pub header_row: u32,
    /// 1, or 2 when the header spans two rows.
    pub header_rows: u32,
    pub columns: Vec<ColumnChoice>,
    pub notes: Vec<DetectNote>,
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

/// The sheet chosen and why (`requested`, `only_sheet`, `best_table`).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetChoice {
    pub index: usize,
    pub reason: &'static str,
}

/// Chooses the sheet holding the sales table.
///
/// # Errors
/// `sheet_not_found` for an unknown requested name; `empty_workbook` when no sheet holds cells.
pub fn choose_sheet(wb: &Workbook, requested: Option<&str>, overrides: &ColumnOverrides) -> Result<SheetChoice> {
    let _ = overrides;
    if let Some(name) = requested {
        return wb
            .sheets
            .iter()
            .position(|s| s.name == name)
            .map(|index| SheetChoice {
                index,
                reason: "requested",
            })
            .ok_or_else(|| Error::new(ErrorKind::SheetNotFound { name: name.to_string() }));
    }
    wb.sheets
        .iter()
        .position(|s| !s.rows.is_empty())
        .map(|index| SheetChoice {
            index,
            reason: "best_table",
        })
        .ok_or_else(|| Error::new(ErrorKind::EmptyWorkbook))
}

/// Finds the header row and the role of each column.
///
/// # Errors
/// `no_client_column`, `no_amount_column` (with candidates), `column_not_found` for a bad override.
pub fn detect_layout(sheet: &SheetTable, epoch_1904: bool, overrides: &ColumnOverrides) -> Result<Layout> {
    let _ = (sheet, epoch_1904, overrides);
    Err(Error::new(ErrorKind::NoClientColumn { candidates: vec![] }))
}

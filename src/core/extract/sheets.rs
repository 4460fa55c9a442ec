//! One file's tables: the chosen sheet, plus every other visible sheet with
//! the same header that splits the same body of sales (one sheet per month
//! or per department). A copy or variant of the chosen sheet is not added:
//! it would count the same sales twice.

use super::budget::ClientNames;
use super::table::extract_table;
use crate::core::detect::{Layout, SheetReason, choose_sheet, detect_layout};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::model::{TableInput, TableLines};
use crate::core::options::{ColumnOverrides, ReadOptions};
use crate::core::parse::name::fold_client_name;
use crate::core::role::Role;
use crate::core::table::{Format, SheetTable, Visibility, Workbook, column_letter};
use crate::core::value::Date;
use std::collections::{HashMap, HashSet};

/// One file's tables and what was decided about its sheets.
pub(super) struct FileTables {
    /// Why the first table's sheet was chosen (`combined` when several were).
    pub sheet_reason: SheetReason,
    /// The tables with their layouts, in sheet order.
    pub tables: Vec<(TableInput, Layout)>,
    /// Sheets combined with the chosen one (names; empty for one table).
    pub combined: Vec<String>,
    /// Sheets with the same header that overlap the chosen ones (a variant or copy): not used.
    pub not_combined: Vec<String>,
    /// The combined sheets split the clients over one period: their names were used as departments.
    pub sheet_departments: bool,
    /// Other visible sheets holding a table of their own (another header): not used.
    pub other_tables: Vec<String>,
}

/// What tells whether tables split one body of sales: their date range and client names
/// (folded once per table, then compared pairwise).
pub(super) struct Span {
    dates: Option<(Date, Date)>,
    clients: HashSet<String>,
}

impl Span {
    /// The clients only when other tables may be compared (folding a name per line costs seconds
    /// on a million distinct clients).
    pub(super) fn of(t: &TableLines, with_clients: bool) -> Span {
        let dates = t.lines.iter().filter_map(|l| l.date);
        Span {
            dates: dates.clone().min().zip(dates.max()),
            // Inserted one by one: `collect` would size the set for every line, not every client.
            clients: {
                let mut clients = HashSet::new();
                if with_clients {
                    for l in &t.lines {
                        clients.insert(fold_client_name(&l.client));
                    }
                }
                clients
            },
        }
    }
    fn disjoint_dates(&self, other: &Span) -> bool {
        match (self.dates, other.dates) {
            (Some((a0, a1)), Some((b0, b1))) => a1 < b0 || b1 < a0,
            _ => false,
        }
    }
    /// Other months or other clients: adding the other table cannot count a sale twice.
    fn splits(&self, other: &Span) -> bool {
        self.disjoint_dates(other) || self.clients.is_disjoint(&other.clients)
    }
}

/// Tables (sheets or files) that split the clients over the same period — one per department
/// or branch — name a grouping the table itself lacks.
pub(super) fn split_by_clients_over_one_period(spans: &[&Span]) -> bool {
    let mut by_clients = true;
    let mut same_period = false;
    for (i, a) in spans.iter().enumerate() {
        for b in spans.iter().skip(i + 1) {
            by_clients &= a.clients.is_disjoint(&b.clients);
            same_period |= !a.disjoint_dates(b);
        }
    }
    spans.len() >= 2 && by_clients && same_period
}

/// Labels every line of `input` with `department`.
pub(super) fn set_department(input: &mut TableInput, department: &str) {
    let department: std::sync::Arc<str> = department.into();
    for line in &mut input.table.lines {
        line.department = Some(std::sync::Arc::clone(&department));
    }
}

/// Finds and extracts one file's tables.
///
/// # Errors
/// `empty_workbook`, the sheet choice's errors (`sheet_not_found`, `no_client_column`…)
/// and the extraction's (`mixed_currencies`).
pub(super) fn file_tables(
    wb: &Workbook,
    file: Option<&str>,
    options: &ReadOptions,
    names: &mut ClientNames,
) -> Result<FileTables> {
    if wb.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    }
    let chosen = choose_sheets(wb, options)?;
    // The chosen sheet first, then the others in sheet order.
    let mut tables: Vec<(usize, TableInput, Layout, Span)> = Vec::new();
    let mut not_combined: Vec<String> = Vec::new();
    let merge_records = matches!(wb.format, Format::Xlsx | Format::Xls);
    let several = chosen.layouts.len() > 1;
    for (i, layout) in chosen.layouts {
        let Some(sheet) = wb.sheets.get(i) else { continue };
        let table = extract_table(sheet, &layout, wb.epoch_1904, options.month_first, merge_records, names)?;
        let span = Span::of(&table, several);
        // Another sheet joins only when it splits the data (other months or other clients):
        // a variant or copy of the same sales would count them twice.
        if tables.iter().all(|(_, _, _, s)| s.splits(&span)) {
            let input = TableInput {
                file: file.map(str::to_string),
                sheet: sheet.name.clone(),
                header_row: layout.header_row + 1,
                header_rows: layout.header_rows,
                table,
            };
            tables.push((i, input, layout, span));
        } else {
            not_combined.push(sheet.name.clone());
        }
    }
    tables.sort_by_key(|(i, ..)| *i);
    let has_department = tables.iter().any(|(_, _, l, _)| l.column(Role::Department).is_some());
    let spans: Vec<&Span> = tables.iter().map(|(.., s)| s).collect();
    let sheet_departments = !has_department && split_by_clients_over_one_period(&spans);
    let tables: Vec<(TableInput, Layout)> = tables
        .into_iter()
        .map(|(_, mut t, l, _)| {
            if sheet_departments {
                let name = t.sheet.clone();
                set_department(&mut t, &name);
            }
            (t, l)
        })
        .collect();
    let combined: Vec<String> = if tables.len() > 1 {
        tables.iter().map(|(t, _)| t.sheet.clone()).collect()
    } else {
        vec![]
    };
    let sheet_reason = if combined.is_empty() {
        chosen.reason
    } else {
        SheetReason::Combined
    };
    Ok(FileTables {
        other_tables: chosen.other_tables,
        sheet_reason,
        tables,
        combined,
        not_combined,
        sheet_departments,
    })
}

/// The sheets to read: the chosen one and the visible sheets with its header.
struct ChosenSheets {
    /// (sheet index, layout), the chosen sheet first.
    layouts: Vec<(usize, Layout)>,
    reason: SheetReason,
    /// Sheets with a table of their own.
    other_tables: Vec<String>,
}

fn choose_sheets(wb: &Workbook, options: &ReadOptions) -> Result<ChosenSheets> {
    let mut choice = choose_sheet(wb, options.sheet.as_deref(), &options.columns)?;
    let sheet = wb
        .sheets
        .get(choice.index)
        .ok_or_else(|| Error::new(ErrorKind::EmptyWorkbook))?;
    // Rating the sheets already found their layouts; detect only what it did not.
    let mut rated: HashMap<usize, Layout> = std::mem::take(&mut choice.layouts).into_iter().collect();
    let layout = match rated.remove(&choice.index) {
        Some(l) => l,
        // Its errors name the sheet.
        None => detect_layout(sheet, wb.epoch_1904, &options.columns)?,
    };
    let mut others = Vec::new();
    let mut other_tables = Vec::new();
    // Data split into one sheet per month or department: other visible sheets with the same header,
    // read with the chosen sheet's columns (a month with no manager filled in is still that table).
    if options.sheet.is_none() {
        let same_columns = overrides_from(&layout);
        for (i, other) in wb.sheets.iter().enumerate() {
            if i == choice.index || other.is_chart || other.visibility != Visibility::Visible || other.rows.is_empty() {
                continue;
            }
            if same_header(other, &layout)
                && let Ok(l) = detect_layout(other, wb.epoch_1904, &same_columns)
            {
                others.push((i, l));
            } else if rated.contains_key(&i) {
                other_tables.push(other.name.clone());
            }
        }
    }
    let mut layouts = vec![(choice.index, layout)];
    layouts.extend(others);
    Ok(ChosenSheets {
        layouts,
        reason: choice.reason,
        other_tables,
    })
}

/// Another sheet holds the same table when the chosen layout's header texts stand in the same cells.
fn same_header(other: &SheetTable, layout: &Layout) -> bool {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let text = |row: u32, col: u32| {
        other
            .row(row)
            .and_then(|r| r.get(col).map(|c| norm(&c.to_text())))
            .unwrap_or_default()
    };
    let joined = |col: u32| {
        (layout.header_row..layout.header_row + layout.header_rows)
            .map(|r| text(r, col))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    layout.headers.len() >= 2 && layout.headers.iter().all(|(col, t)| joined(*col) == norm(t))
}

/// The chosen layout's columns as caller overrides (by letter), to read another sheet alike.
fn overrides_from(layout: &Layout) -> ColumnOverrides {
    layout.columns.iter().map(|c| (c.role, column_letter(c.col))).collect()
}

//! The whole run: bytes and options in, a report out. Each step is a pure
//! function of what the previous one produced; nothing reads the clock.

use crate::core::analysis::{DateSource, analyze_lines};
use crate::core::detect::{Layout, Role, choose_sheet, detect_layout};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::lines::{SalesLines, extract_lines};
use crate::core::options::Options;
use crate::core::read::read_workbook;
use crate::core::report::{ColumnHeader, QualityNote, Report, SCHEMA_VERSION, SheetInfo, Source};
use crate::core::table::{Workbook, column_letter};
use std::collections::BTreeMap;

/// Reads a sales file and builds its report.
///
/// # Errors
/// Any [`ErrorKind`]: unreadable, protected or oversized files
/// (`unsupported_format`, `damaged_file`, `password_protected`, `too_large`,
/// `empty_workbook`), a bad sheet or column choice (`sheet_not_found`,
/// `column_not_found`), or a table without a client or amount column
/// (`no_client_column`, `no_amount_column`, with candidates for a picker).
///
/// # Examples
/// ```
/// let csv = "Клиент;Сумма\nООО Ромашка;1 000,50\nИП Петров;500\nРомашка ООО;250\n";
/// let report = keyaccounts::analyze(csv.as_bytes(), &keyaccounts::Options::default()).unwrap();
/// assert_eq!(report.total, 1750.5);
/// assert_eq!(report.clients[0].amount, 1250.5);
/// ```
pub fn analyze(bytes: &[u8], options: &Options) -> Result<Report> {
    if bytes.len() as u64 > options.limits.max_file_bytes {
        return Err(Error::new(ErrorKind::TooLarge {
            limit: "max_file_bytes",
            max: options.limits.max_file_bytes,
        }));
    }
    let workbook = read_workbook(bytes, &options.limits)?;
    analyze_workbook(&workbook, options)
}

/// The steps after reading: choose the sheet, find the table, build lines, report.
///
/// # Errors
/// As [`analyze`], less the reading errors.
pub fn analyze_workbook(workbook: &Workbook, options: &Options) -> Result<Report> {
    if workbook.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    }
    let choice = choose_sheet(workbook, options.sheet.as_deref(), &options.columns)?;
    let sheet = workbook
        .sheets
        .get(choice.index)
        .ok_or_else(|| Error::new(ErrorKind::EmptyWorkbook))?;
    let layout =
        detect_layout(sheet, workbook.epoch_1904, &options.columns).map_err(|e| e.in_sheet(sheet.name.clone()))?;
    let lines = extract_lines(sheet, &layout, workbook.epoch_1904, options.month_first)?;
    Ok(build_report(
        workbook,
        choice.index,
        choice.reason,
        &layout,
        &lines,
        options,
    ))
}

fn build_report(
    wb: &Workbook,
    sheet_index: usize,
    reason: &str,
    layout: &Layout,
    lines: &SalesLines,
    options: &Options,
) -> Report {
    let sheet_name = wb.sheets.get(sheet_index).map(|s| s.name.clone()).unwrap_or_default();

    let dates = lines.lines.iter().filter_map(|l| l.date);
    let date_from = dates.clone().min().map(|d| d.to_string());
    let last_date = dates.max();
    let date_to = last_date.map(|d| d.to_string());
    let as_of = options.as_of.or(last_date);
    let date_source = if layout.column(Role::Date).is_some() {
        DateSource::Column
    } else {
        DateSource::NoColumn
    };
    let analysis = analyze_lines(lines, &options.thresholds, as_of, date_source);

    let mut columns = BTreeMap::new();
    let mut column_letters = BTreeMap::new();
    for c in &layout.columns {
        columns.insert(c.role.as_str().to_string(), c.header.clone());
        column_letters.insert(c.role.as_str().to_string(), column_letter(c.col));
    }
    let header_of = |col: Option<u32>| {
        col.and_then(|col| layout.columns.iter().find(|c| c.col == col).map(|c| c.header.clone()))
            .or_else(|| col.map(column_letter))
    };

    // Every column from the first to the last named one, so a picker can offer them all.
    let headers = match (layout.headers.first(), layout.headers.last()) {
        (Some(&(first, _)), Some(&(last, _))) => (first..=last)
            .map(|c| ColumnHeader {
                column: column_letter(c),
                header: layout
                    .headers
                    .iter()
                    .find(|(col, _)| *col == c)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        _ => vec![],
    };

    let mut data_quality = Vec::new();
    for n in &wb.notes {
        data_quality.push(QualityNote {
            code: n.code.to_string(),
            count: 1,
            sheet: n.sheet.clone(),
            column: None,
            rows: vec![],
            detail: Some(n.detail.clone()),
        });
    }
    for n in &layout.notes {
        data_quality.push(QualityNote {
            code: n.code.to_string(),
            count: 1,
            sheet: Some(sheet_name.clone()),
            column: header_of(n.col),
            rows: vec![],
            detail: Some(n.detail.clone()),
        });
    }
    let mut rows_skipped = BTreeMap::new();
    for (reason, rows) in &lines.skipped {
        rows_skipped.insert(reason.code().to_string(), rows.count);
        data_quality.push(QualityNote {
            code: reason.code().to_string(),
            count: rows.count,
            sheet: Some(sheet_name.clone()),
            column: None,
            rows: rows.first.clone(),
            detail: None,
        });
    }
    for n in &lines.notes {
        data_quality.push(QualityNote {
            code: n.code.to_string(),
            count: n.rows.count,
            sheet: Some(sheet_name.clone()),
            column: n.role.and_then(|r| layout.column(r)).map(|c| c.header.clone()),
            rows: n.rows.first.clone(),
            detail: n.detail.clone(),
        });
    }

    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            format: wb.format.as_str().to_string(),
            sheet: sheet_name,
            sheet_reason: reason.to_string(),
            sheets: wb
                .sheets
                .iter()
                .map(|s| SheetInfo {
                    name: s.name.clone(),
                    visibility: s.visibility,
                    rows: s.rows.len() as u32,
                    chart: s.is_chart,
                })
                .collect(),
            header_row: layout.header_row + 1,
            header_rows: layout.header_rows,
            columns,
            column_letters,
            headers,
            rows_in_table: lines.rows_in_table,
            rows_used: lines.rows_used(),
            rows_skipped,
            date_from,
            date_to,
        },
        as_of: as_of.map(|d| d.to_string()),
        total: analysis.total.to_f64_cents(),
        clients: analysis.clients,
        key_accounts: analysis.key_accounts,
        managers: analysis.managers,
        departments: analysis.departments,
        concentration: analysis.concentration,
        findings: analysis.findings,
        data_quality,
    }
}

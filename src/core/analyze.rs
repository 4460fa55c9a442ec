//! The whole run: bytes and options in, a report out. Each step is a pure
//! function of what the previous one produced; nothing reads the clock.

use crate::core::analysis::{DateSource, analyze_lines};
use crate::core::checks::grand_total;
use crate::core::detect::{Layout, Role, choose_sheet, detect_layout};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::identity::{TableInput, resolve};
use crate::core::lines::{SalesLines, SkipReason, TableLines, extract_table};
use crate::core::options::{ColumnOverrides, Options};
use crate::core::parse::name::fold_client_name;
use crate::core::read::read_workbook;
use crate::core::report::{
    ColumnHeader, MergeSuggestion, PartInfo, PeriodColumn, QualityNote, Report, SCHEMA_VERSION, SheetInfo, Source,
};
use crate::core::table::{Format, SheetTable, Visibility, Workbook, column_letter};
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

/// Reads several files (monthly exports, one per department…) and builds one
/// report over all of them; each line remembers its file. Each file's table is
/// found on its own; the options (sheet, columns) apply to every file.
///
/// # Errors
/// As [`analyze`]; an error in one file names it (`Error::file`).
pub fn analyze_files(files: &[(&str, &[u8])], options: &Options) -> Result<Report> {
    let mut workbooks = Vec::with_capacity(files.len());
    let mut total_bytes: u64 = 0;
    for (name, bytes) in files {
        total_bytes += bytes.len() as u64;
        if total_bytes > options.limits.max_file_bytes {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_file_bytes",
                max: options.limits.max_file_bytes,
            })
            .in_file(*name));
        }
        let wb = read_workbook(bytes, &options.limits).map_err(|e| e.in_file(*name))?;
        workbooks.push((Some(name.to_string()), wb));
    }
    let refs: Vec<(Option<String>, &Workbook)> = workbooks.iter().map(|(n, w)| (n.clone(), w)).collect();
    analyze_workbooks(&refs, options)
}

/// The steps after reading: choose the sheet, find the table, build lines, report.
///
/// # Errors
/// As [`analyze`], less the reading errors.
pub fn analyze_workbook(workbook: &Workbook, options: &Options) -> Result<Report> {
    analyze_workbooks(&[(None, workbook)], options)
}

/// One file's tables: the chosen sheet, plus every other visible sheet with the same header.
struct FileTables {
    sheet_reason: &'static str,
    tables: Vec<(TableInput, Layout)>,
    /// Sheets combined with the chosen one (names), and a sheet left out as the others' sum.
    combined: Vec<String>,
    summary_sheet: Option<String>,
    /// Sheets with the same header that overlap the chosen ones (a variant or copy): not used.
    not_combined: Vec<String>,
    /// The combined sheets split the clients over one period: their names were used as departments.
    sheet_departments: bool,
    /// Other visible sheets holding a table of their own (another header): not used.
    other_tables: Vec<String>,
}

/// Two tables split one body of sales: their dates do not overlap, or they share no client.
fn splits(a: &TableLines, b: &TableLines) -> bool {
    disjoint_dates(a, b) || disjoint_clients(a, b)
}

fn disjoint_dates(a: &TableLines, b: &TableLines) -> bool {
    let range = |t: &TableLines| {
        let dates = t.lines.iter().filter_map(|l| l.date);
        dates.clone().min().zip(dates.max())
    };
    match (range(a), range(b)) {
        (Some((a0, a1)), Some((b0, b1))) => a1 < b0 || b1 < a0,
        _ => false,
    }
}

fn disjoint_clients(a: &TableLines, b: &TableLines) -> bool {
    let names = |t: &TableLines| -> std::collections::HashSet<String> {
        t.lines.iter().map(|l| fold_client_name(&l.client)).collect()
    };
    names(a).is_disjoint(&names(b))
}

/// Sheets (or files) that split the clients over the same period — one per department or
/// branch — name a grouping the table itself lacks: `label` becomes the line's department.
fn split_as_departments(
    tables: &mut [TableInput],
    has_department: bool,
    label: impl Fn(&TableInput) -> String,
) -> bool {
    if tables.len() < 2 || has_department {
        return false;
    }
    let mut by_clients = true;
    let mut same_period = false;
    for (i, a) in tables.iter().enumerate() {
        for b in tables.iter().skip(i + 1) {
            by_clients &= disjoint_clients(&a.table, &b.table);
            same_period |= !disjoint_dates(&a.table, &b.table);
        }
    }
    if !(by_clients && same_period) {
        return false;
    }
    for t in tables.iter_mut() {
        let name = label(t);
        for line in &mut t.table.lines {
            line.department = Some(name.clone());
        }
    }
    true
}

/// A file's name without its extension ("Казань.xlsx" → "Казань").
fn file_stem(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 4 => stem.to_string(),
        _ => name.to_string(),
    }
}

fn file_tables(wb: &Workbook, file: Option<&str>, options: &Options) -> Result<FileTables> {
    if wb.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    }
    let choice = choose_sheet(wb, options.sheet.as_deref(), &options.columns)?;
    let sheet = wb
        .sheets
        .get(choice.index)
        .ok_or_else(|| Error::new(ErrorKind::EmptyWorkbook))?;
    let layout = detect_layout(sheet, wb.epoch_1904, &options.columns).map_err(|e| e.in_sheet(sheet.name.clone()))?;
    let mut chosen = vec![(choice.index, layout)];
    // Data split into one sheet per month or department: other visible sheets with the same header,
    // read with the chosen sheet's columns (a month with no manager filled in is still that table).
    let mut other_tables = Vec::new();
    if options.sheet.is_none() {
        let same_columns = overrides_from(&chosen[0].1);
        for (i, other) in wb.sheets.iter().enumerate() {
            if i == choice.index || other.is_chart || other.visibility != Visibility::Visible || other.rows.is_empty() {
                continue;
            }
            if same_header(other, &chosen[0].1)
                && let Ok(l) = detect_layout(other, wb.epoch_1904, &same_columns)
            {
                chosen.push((i, l));
            } else if detect_layout(other, wb.epoch_1904, &options.columns).is_ok() {
                other_tables.push(other.name.clone());
            }
        }
    }
    // The chosen sheet first, then the others in sheet order.
    let mut tables: Vec<(usize, TableInput, Layout)> = Vec::new();
    let mut not_combined: Vec<String> = Vec::new();
    for (i, layout) in chosen {
        let Some(sheet) = wb.sheets.get(i) else { continue };
        let merge_records = matches!(wb.format, Format::Xlsx | Format::Xls);
        let mut table =
            extract_table(sheet, &layout, wb.epoch_1904, options.month_first, merge_records).map_err(|e| {
                if e.sheet.is_none() {
                    e.in_sheet(sheet.name.clone())
                } else {
                    e
                }
            })?;
        table.notes.extend(grand_total(sheet, &layout, &table));
        let input = TableInput {
            file: file.map(str::to_string),
            sheet: sheet.name.clone(),
            header_row: layout.header_row + 1,
            header_rows: layout.header_rows,
            table,
        };
        // Another sheet joins only when it splits the data (other months or other clients):
        // a variant or copy of the same sales would count them twice.
        if tables.iter().all(|(_, t, _)| splits(&t.table, &input.table)) {
            tables.push((i, input, layout));
        } else {
            not_combined.push(input.sheet);
        }
    }
    tables.sort_by_key(|(i, _, _)| *i);
    let mut tables: Vec<(TableInput, Layout)> = tables.into_iter().map(|(_, t, l)| (t, l)).collect();
    // A sheet whose total equals the sum of all the others is their summary: counting it would double the sales.
    let mut summary_sheet = None;
    if tables.len() >= 3 {
        let totals: Vec<i128> = tables
            .iter()
            .map(|(t, _)| t.table.lines.iter().map(|l| i128::from(l.amount.0)).sum())
            .collect();
        let all: i128 = totals.iter().sum();
        if let Some(pos) = totals.iter().position(|t| *t != 0 && (2 * t - all).abs() <= 100) {
            summary_sheet = Some(tables.remove(pos).0.sheet);
        }
    }
    let has_department = tables.iter().any(|(_, l)| l.column(Role::Department).is_some());
    let mut inputs: Vec<TableInput> = tables.iter().map(|(t, _)| t.clone()).collect();
    let sheet_departments = split_as_departments(&mut inputs, has_department, |t| t.sheet.clone());
    if sheet_departments {
        for ((t, _), input) in tables.iter_mut().zip(inputs) {
            *t = input;
        }
    }
    let combined: Vec<String> = if tables.len() > 1 {
        tables.iter().map(|(t, _)| t.sheet.clone()).collect()
    } else {
        vec![]
    };
    let sheet_reason = if combined.is_empty() { choice.reason } else { "combined" };
    Ok(FileTables {
        other_tables,
        sheet_reason,
        tables,
        combined,
        summary_sheet,
        not_combined,
        sheet_departments,
    })
}

/// Another sheet holds the same table when the chosen layout's header texts stand in the same cells.
fn same_header(other: &SheetTable, layout: &Layout) -> bool {
    let text = |row: u32, col: u32| {
        other
            .row(row)
            .and_then(|r| r.get(col))
            .map(|c| {
                c.to_text()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .unwrap_or_default()
    };
    let joined = |col: u32| {
        (layout.header_row..layout.header_row + layout.header_rows)
            .map(|r| text(r, col))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    layout.headers.len() >= 2 && layout.headers.iter().all(|(col, t)| joined(*col) == norm(t))
}

/// The chosen layout's columns as caller overrides (by letter), to read another sheet alike.
fn overrides_from(layout: &Layout) -> ColumnOverrides {
    let mut o = ColumnOverrides::default();
    for c in &layout.columns {
        let letter = Some(column_letter(c.col));
        match c.role {
            Role::Client => o.client = letter,
            Role::Amount => o.amount = letter,
            Role::Date => o.date = letter,
            Role::Manager => o.manager = letter,
            Role::Department => o.department = letter,
            Role::Product => o.product = letter,
            Role::Quantity => o.quantity = letter,
            Role::Status => o.status = letter,
            Role::ClientId => o.client_id = letter,
            Role::Parent => o.parent = letter,
        }
    }
    o
}

/// The whole run over files already read (a name for each when there are several).
///
/// # Errors
/// As [`analyze`], less the reading errors; an error in one file names it.
pub fn analyze_workbooks(workbooks: &[(Option<String>, &Workbook)], options: &Options) -> Result<Report> {
    let (Some((_, first_wb)), true) = (workbooks.first(), !workbooks.is_empty()) else {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    };
    let mut inputs = Vec::new();
    // (file, format, layout) per table, in the order of the parts.
    let mut layouts = Vec::new();
    let mut run_notes: Vec<QualityNote> = Vec::new();
    let mut sheet_reason = "only_sheet";
    for (n, (name, wb)) in workbooks.iter().enumerate() {
        let ft = file_tables(wb, name.as_deref(), options).map_err(|e| match name {
            Some(f) if workbooks.len() > 1 => e.in_file(f.clone()),
            _ => e,
        })?;
        if n == 0 {
            sheet_reason = ft.sheet_reason;
        }
        for note in &wb.notes {
            run_notes.push(QualityNote {
                code: note.code.to_string(),
                count: 1,
                file: name.clone(),
                sheet: note.sheet.clone(),
                column: None,
                rows: vec![],
                detail: Some(note.detail.clone()),
            });
        }
        if !ft.combined.is_empty() {
            run_notes.push(QualityNote {
                code: "sheets_combined".into(),
                count: ft.combined.len() as u32,
                file: name.clone(),
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(ft.combined.join(", ")),
            });
        }
        if !ft.other_tables.is_empty() {
            run_notes.push(QualityNote {
                code: "other_sheets_not_used".into(),
                count: ft.other_tables.len() as u32,
                file: name.clone(),
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(ft.other_tables.join(", ")),
            });
        }
        if ft.sheet_departments {
            run_notes.push(QualityNote {
                code: "sheet_as_department".into(),
                count: ft.combined.len() as u32,
                file: name.clone(),
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(ft.combined.join(", ")),
            });
        }
        if !ft.not_combined.is_empty() {
            run_notes.push(QualityNote {
                code: "similar_sheets_not_combined".into(),
                count: ft.not_combined.len() as u32,
                file: name.clone(),
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(ft.not_combined.join(", ")),
            });
        }
        if let Some(s) = ft.summary_sheet {
            run_notes.push(QualityNote {
                code: "summary_sheet_skipped".into(),
                count: 1,
                file: name.clone(),
                sheet: Some(s.clone()),
                column: None,
                rows: vec![],
                detail: Some(s),
            });
        }
        for (input, layout) in ft.tables {
            inputs.push(input);
            layouts.push((name.clone(), wb.format, layout));
        }
    }
    // Files that split the clients over one period (one export per branch) are departments too,
    // when each file gave one table and nothing else names a department.
    let labelled = inputs
        .iter()
        .any(|t| t.table.lines.iter().any(|l| l.department.is_some()));
    if workbooks.len() > 1 && inputs.len() == workbooks.len() && !labelled {
        let has_department = layouts.iter().any(|(_, _, l)| l.column(Role::Department).is_some());
        if split_as_departments(&mut inputs, has_department, |t| {
            file_stem(t.file.as_deref().unwrap_or(""))
        }) {
            let names: Vec<String> = inputs.iter().filter_map(|t| t.file.clone()).collect();
            run_notes.push(QualityNote {
                code: "file_as_department".into(),
                count: names.len() as u32,
                file: None,
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(names.join(", ")),
            });
        }
    }
    if workbooks.len() > 1 {
        let names: Vec<String> = workbooks.iter().filter_map(|(n, _)| n.clone()).collect();
        run_notes.insert(
            0,
            QualityNote {
                code: "files_combined".into(),
                count: workbooks.len() as u32,
                file: None,
                sheet: None,
                column: None,
                rows: vec![],
                detail: Some(names.join(", ")),
            },
        );
    }
    let lines = resolve(inputs, options)?;
    Ok(build_report(
        workbooks,
        first_wb,
        sheet_reason,
        &layouts,
        &lines,
        run_notes,
        options,
    ))
}

fn build_report(
    workbooks: &[(Option<String>, &Workbook)],
    wb: &Workbook,
    reason: &str,
    layouts: &[(Option<String>, Format, Layout)],
    lines: &SalesLines,
    run_notes: Vec<QualityNote>,
    options: &Options,
) -> Report {
    let first_part = lines.parts.first();
    let sheet_name = first_part.map(|p| p.sheet.clone()).unwrap_or_default();
    let Some((_, _, layout)) = layouts.first() else {
        return empty_report();
    };

    let dates = lines.lines.iter().filter_map(|l| l.date);
    let date_from = dates.clone().min().map(|d| d.to_string());
    let last_date = dates.max();
    let date_to = last_date.map(|d| d.to_string());
    let as_of = options.as_of.or(last_date);
    let dated_wide = |l: &Layout| l.wide.as_ref().is_some_and(|w| w.dated());
    // Dates come from a date column, dated period columns, or document text (1C reports).
    let date_source = if layouts
        .iter()
        .any(|(_, _, l)| l.column(Role::Date).is_some() || dated_wide(l))
        || last_date.is_some()
    {
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
    let header_of = |layout: &Layout, col: Option<u32>| {
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

    let mut data_quality = run_notes;
    for (part, (file, _, layout)) in lines.parts.iter().zip(layouts) {
        for n in &layout.notes {
            data_quality.push(QualityNote {
                code: n.code.to_string(),
                count: 1,
                file: file.clone(),
                sheet: Some(part.sheet.clone()),
                column: header_of(layout, n.col),
                rows: vec![],
                detail: Some(n.detail.clone()),
            });
        }
    }
    // A line note with a skip reason's code carries that skip's column and detail (status_excluded).
    let is_skip_code = |code: &str| SkipReason::ALL.iter().any(|r| r.code() == code);
    for (p, part) in lines.parts.iter().enumerate() {
        for (reason, rows) in &part.skipped {
            let about = lines
                .notes
                .iter()
                .find(|n| n.code == reason.code() && n.part == Some(p as u32));
            let column = about.and_then(|n| {
                let layout = layouts.get(p).map(|(_, _, l)| l)?;
                Some(layout.column(n.role?)?.header.clone())
            });
            data_quality.push(QualityNote {
                code: reason.code().to_string(),
                count: rows.count,
                file: part.file.clone(),
                sheet: Some(part.sheet.clone()),
                column,
                rows: rows.first.clone(),
                detail: about.and_then(|n| n.detail.clone()),
            });
        }
    }
    for n in lines.notes.iter().filter(|n| !is_skip_code(n.code)) {
        // A note about the whole run belongs to the only table when there is one.
        let part = n
            .part
            .or((lines.parts.len() == 1).then_some(0))
            .and_then(|p| lines.parts.get(p as usize));
        let layout = n
            .part
            .and_then(|p| layouts.get(p as usize))
            .map(|(_, _, l)| l)
            .unwrap_or(layout);
        data_quality.push(QualityNote {
            code: n.code.to_string(),
            count: n.rows.count,
            file: part.and_then(|p| p.file.clone()),
            sheet: part.map(|p| p.sheet.clone()),
            column: n
                .role
                .and_then(|r| layout.column(r))
                .map(|c| c.header.clone())
                .or_else(|| wide_total_header(n.code, layout)),
            rows: n.rows.first.clone(),
            detail: n.detail.clone(),
        });
    }
    // A text file has no sheets: its notes name the file only.
    let text_parts: std::collections::HashSet<(Option<String>, String)> = lines
        .parts
        .iter()
        .zip(layouts)
        .filter(|(_, (_, f, _))| *f == Format::Csv)
        .map(|(p, _)| (p.file.clone(), p.sheet.clone()))
        .collect();
    for q in &mut data_quality {
        if let Some(sheet) = &q.sheet
            && text_parts.contains(&(q.file.clone(), sheet.clone()))
        {
            q.sheet = None;
        }
    }
    let mut rows_skipped = BTreeMap::new();
    for (reason, count) in lines.skipped() {
        rows_skipped.insert(reason.code().to_string(), count);
    }
    let parts = lines
        .parts
        .iter()
        .zip(layouts)
        .map(|(p, (_, format, _))| PartInfo {
            file: p.file.clone(),
            format: format.as_str().to_string(),
            sheet: p.sheet.clone(),
            header_row: p.header_row,
            header_rows: p.header_rows,
            rows_in_table: p.rows_in_table,
            rows_used: p.rows_used,
            rows_skipped: p
                .skipped
                .iter()
                .map(|(r, rows)| (r.code().to_string(), rows.count))
                .collect(),
        })
        .collect();
    let suggestions = lines
        .suggestions
        .iter()
        .map(|s| {
            let clients: Vec<&crate::core::lines::Client> = s
                .clients
                .iter()
                .filter_map(|&c| lines.clients.get(c as usize))
                .collect();
            let amount_of = |name: &str| {
                analysis
                    .clients
                    .iter()
                    .find(|c| c.name == name)
                    .map(|c| c.amount)
                    .unwrap_or(0.0)
            };
            MergeSuggestion {
                names: clients.iter().map(|c| c.name.clone()).collect(),
                amounts: clients.iter().map(|c| amount_of(&c.name)).collect(),
                reason: s.reason.to_string(),
                detail: s.detail.clone(),
            }
        })
        .collect();

    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            format: wb.format.as_str().to_string(),
            files: workbooks.iter().filter_map(|(n, _)| n.clone()).collect(),
            parts,
            layout: if layout.wide.is_some() { "wide" } else { "rows" }.to_string(),
            periods: wide_periods(layout),
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
            header_row: first_part.map(|p| p.header_row).unwrap_or(layout.header_row + 1),
            header_rows: layout.header_rows,
            columns,
            column_letters,
            headers,
            rows_in_table: lines.rows_in_table(),
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
        suggestions,
        data_quality,
    }
}

/// The period columns of a wide layout, when their dates are known.
fn wide_periods(layout: &Layout) -> Vec<PeriodColumn> {
    let Some(w) = &layout.wide else { return vec![] };
    w.periods
        .iter()
        .filter_map(|p| {
            p.period.map(|d| PeriodColumn {
                column: column_letter(p.col),
                header: p.header.clone(),
                from: d.from.to_string(),
                to: d.to.to_string(),
            })
        })
        .collect()
}

/// The total column's header for the wide layout's total check notes.
fn wide_total_header(code: &str, layout: &Layout) -> Option<String> {
    let (_, header) = layout.wide.as_ref()?.total.as_ref()?;
    matches!(code, "total_column_checked" | "total_column_mismatch").then(|| header.clone())
}

fn empty_report() -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            format: String::new(),
            files: vec![],
            parts: vec![],
            layout: "rows".to_string(),
            periods: vec![],
            sheet: String::new(),
            sheet_reason: String::new(),
            sheets: vec![],
            header_row: 0,
            header_rows: 0,
            columns: BTreeMap::new(),
            column_letters: BTreeMap::new(),
            headers: vec![],
            rows_in_table: 0,
            rows_used: 0,
            rows_skipped: BTreeMap::new(),
            date_from: None,
            date_to: None,
        },
        as_of: None,
        total: 0.0,
        clients: vec![],
        key_accounts: vec![],
        managers: vec![],
        departments: vec![],
        concentration: None,
        findings: vec![],
        suggestions: vec![],
        data_quality: vec![],
    }
}

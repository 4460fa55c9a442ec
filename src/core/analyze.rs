//! Tables found in the files read, and the report assembled from them. Each
//! step is a pure function of what the previous one produced; nothing reads the clock.

use crate::core::analysis::{DateSource, analyze_lines};
use crate::core::checks::grand_total;
use crate::core::detect::{Layout, Role, choose_sheet, detect_layout};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::identity::TableInput;
use crate::core::lines::{SalesLines, SkipReason, TableLines, extract_table};
use crate::core::options::{ColumnOverrides, MethodOptions, ReadOptions, Thresholds};
use crate::core::parse::name::fold_client_name;
use crate::core::report::{
    AsOfSource, ColumnHeader, MergeSuggestion, PartInfo, PeriodColumn, QualityNote, Report, Rules, SCHEMA_VERSION,
    SheetInfo, Source,
};
use crate::core::table::{Format, SheetTable, Visibility, Workbook, column_letter};
use crate::core::value::Date;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One file's tables: the chosen sheet, plus every other visible sheet with the same header.
struct FileTables {
    sheet_reason: &'static str,
    tables: Vec<(TableInput, Layout)>,
    /// Sheets combined with the chosen one (names).
    combined: Vec<String>,
    /// Sheets with the same header that overlap the chosen ones (a variant or copy): not used.
    not_combined: Vec<String>,
    /// The combined sheets split the clients over one period: their names were used as departments.
    sheet_departments: bool,
    /// Other visible sheets holding a table of their own (another header): not used.
    other_tables: Vec<String>,
}

/// What tells whether tables split one body of sales: their date range and client names
/// (folded once per table, then compared pairwise).
struct Span {
    dates: Option<(Date, Date)>,
    clients: HashSet<String>,
}

impl Span {
    fn of(t: &TableLines) -> Span {
        let dates = t.lines.iter().filter_map(|l| l.date);
        Span {
            dates: dates.clone().min().zip(dates.max()),
            clients: t.lines.iter().map(|l| fold_client_name(&l.client)).collect(),
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
fn split_by_clients_over_one_period(spans: &[&Span]) -> bool {
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
fn set_department(input: &mut TableInput, department: &str) {
    for line in &mut input.table.lines {
        line.department = Some(department.to_string());
    }
}

/// A file's name without its extension ("Казань.xlsx" → "Казань").
fn file_stem(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 4 => stem.to_string(),
        _ => name.to_string(),
    }
}

fn file_tables(wb: &Workbook, file: Option<&str>, options: &ReadOptions) -> Result<FileTables> {
    if wb.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    }
    let mut choice = choose_sheet(wb, options.sheet.as_deref(), &options.columns)?;
    let sheet = wb
        .sheets
        .get(choice.index)
        .ok_or_else(|| Error::new(ErrorKind::EmptyWorkbook))?;
    // Rating the sheets already found their layouts; detect only what it did not.
    let mut rated: HashMap<usize, Layout> = std::mem::take(&mut choice.layouts).into_iter().collect();
    let layout = match rated.remove(&choice.index) {
        Some(l) => l,
        None => detect_layout(sheet, wb.epoch_1904, &options.columns).map_err(|e| e.in_sheet(sheet.name.clone()))?,
    };
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
            } else if rated.contains_key(&i) {
                other_tables.push(other.name.clone());
            }
        }
    }
    // The chosen sheet first, then the others in sheet order.
    let mut tables: Vec<(usize, TableInput, Layout, Span)> = Vec::new();
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
        let span = Span::of(&table);
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
    let sheet_reason = if combined.is_empty() { choice.reason } else { "combined" };
    Ok(FileTables {
        other_tables,
        sheet_reason,
        tables,
        combined,
        not_combined,
        sheet_departments,
    })
}

/// A note about a list of sheets or files: `count` of them, their names in `detail`.
fn list_note(code: &str, file: Option<String>, names: &[String]) -> QualityNote {
    QualityNote {
        code: code.to_string(),
        count: names.len() as u32,
        file,
        sheet: None,
        column: None,
        rows: vec![],
        detail: Some(names.join(", ")),
    }
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
    layout.columns.iter().map(|c| (c.role, column_letter(c.col))).collect()
}

/// Every table of the files read, with the reading decisions the report shows.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The tables, in reading order (their raw lines).
    pub inputs: Vec<TableInput>,
    /// (file, format, layout) per table, in the order of `inputs`.
    pub layouts: Vec<(Option<String>, Format, Layout)>,
    /// Notes about the run as a whole (files and sheets combined, reader notes).
    pub run_notes: Vec<QualityNote>,
    /// Why the first file's sheet was chosen.
    pub sheet_reason: &'static str,
}

/// Finds and extracts the tables of files already read (a name for each when there are several).
///
/// # Errors
/// Any detection or extraction error (`no_client_column`, `sheet_not_found`…); an error in one file names it.
pub fn extract(workbooks: &[(Option<String>, &Workbook)], options: &ReadOptions) -> Result<Extracted> {
    if workbooks.is_empty() {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    }
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
        let lists = [
            ("sheets_combined", &ft.combined),
            ("other_sheets_not_used", &ft.other_tables),
            ("similar_sheets_not_combined", &ft.not_combined),
        ];
        for (code, names) in lists {
            if !names.is_empty() {
                run_notes.push(list_note(code, name.clone(), names));
            }
        }
        if ft.sheet_departments {
            run_notes.push(list_note("sheet_as_department", name.clone(), &ft.combined));
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
        .any(|t| t.table.lines.iter().any(|l| l.department.is_some()))
        || layouts.iter().any(|(_, _, l)| l.column(Role::Department).is_some());
    if workbooks.len() > 1 && inputs.len() == workbooks.len() && !labelled {
        let spans: Vec<Span> = inputs.iter().map(|t| Span::of(&t.table)).collect();
        if split_by_clients_over_one_period(&spans.iter().collect::<Vec<_>>()) {
            for t in &mut inputs {
                let name = file_stem(t.file.as_deref().unwrap_or(""));
                set_department(t, &name);
            }
            let names: Vec<String> = inputs.iter().filter_map(|t| t.file.clone()).collect();
            run_notes.push(list_note("file_as_department", None, &names));
        }
    }
    if workbooks.len() > 1 {
        let names: Vec<String> = workbooks.iter().filter_map(|(n, _)| n.clone()).collect();
        run_notes.insert(0, list_note("files_combined", None, &names));
    }
    Ok(Extracted {
        inputs,
        layouts,
        run_notes,
        sheet_reason,
    })
}

/// The report of one run: what was read, who is who, and the method's result.
pub fn build_report(
    workbooks: &[(Option<String>, &Workbook)],
    extracted: &Extracted,
    lines: &SalesLines,
    options: &MethodOptions,
) -> Report {
    let Some((_, wb)) = workbooks.first() else {
        return empty_report();
    };
    let reason = extracted.sheet_reason;
    let layouts = &extracted.layouts;
    let run_notes = extracted.run_notes.clone();
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
    let is_skip_code = |code: &str| SkipReason::ALL.iter().any(|r| r.as_str() == code);
    for (p, part) in lines.parts.iter().enumerate() {
        for (reason, rows) in &part.skipped {
            let about = lines
                .notes
                .iter()
                .find(|n| n.code == reason.as_str() && n.part == Some(p as u32));
            let column = about.and_then(|n| {
                let layout = layouts.get(p).map(|(_, _, l)| l)?;
                Some(layout.column(n.role?)?.header.clone())
            });
            data_quality.push(QualityNote {
                code: reason.as_str().to_string(),
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
        rows_skipped.insert(reason.as_str().to_string(), count);
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
                .map(|(r, rows)| (r.as_str().to_string(), rows.count))
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
        rules: Rules {
            thresholds: options.thresholds.clone(),
            as_of_source: match (options.as_of, as_of) {
                (Some(_), _) => Some(AsOfSource::Option),
                (None, Some(_)) => Some(AsOfSource::LatestDate),
                (None, None) => None,
            },
            defaults: options.thresholds == Thresholds::default(),
        },
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
        rules: Rules {
            thresholds: Thresholds::default(),
            as_of_source: None,
            defaults: true,
        },
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

//! Files read → one dataset: every file's tables found on its own, their raw
//! lines, and every reading decision the report shows (which sheets were
//! combined, which files became departments, what the reader repaired).

use super::budget::ClientNames;
use super::sheets::{Span, file_tables, set_department, split_by_clients_over_one_period};
use crate::core::detect::{Layout, SheetReason};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::model::TableInput;
use crate::core::options::ReadOptions;
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::role::Role;
use crate::core::table::{Format, Visibility, Workbook};

/// Where a table came from and how it is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSource {
    /// The file's name, when the caller gave one.
    pub file: Option<String>,
    /// The file's format.
    pub format: Format,
    /// The table's header, columns and roles.
    pub layout: Layout,
}

/// One sheet of the first file, as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSummary {
    /// The sheet's name.
    pub name: String,
    /// Visible, hidden or very hidden.
    pub visibility: Visibility,
    /// Non-empty rows.
    pub rows: u32,
    /// A chart sheet (never analysed).
    pub chart: bool,
}

/// Every table of the files read, with the reading decisions the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The tables' raw lines, in reading order.
    pub inputs: Vec<TableInput>,
    /// Where each table of `inputs` came from, same order.
    pub sources: Vec<TableSource>,
    /// Notes about the run as a whole (files and sheets combined, reader notes).
    pub run_notes: Vec<Note>,
    /// Why the first file's sheet was chosen.
    pub sheet_reason: SheetReason,
    /// The names of the files read (none for one file read without a name).
    pub files: Vec<String>,
    /// The first file's format.
    pub format: Format,
    /// The first file's sheets.
    pub sheets: Vec<SheetSummary>,
}

/// A note about a list of sheets or files: `count` of them, their names in `detail`.
fn list_note(code: QualityCode, file: Option<String>, names: &[String]) -> Note {
    Note::new(code)
        .file(file)
        .rows(RowSet::counted(names.len() as u32))
        .detail(names.join(", "))
}

/// A file's name without its extension ("Казань.xlsx" → "Казань").
fn file_stem(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 4 => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Finds and extracts the tables of files already read (a name for each when there are several).
///
/// # Errors
/// Any detection or extraction error (`no_client_column`, `sheet_not_found`…); with
/// several files the error names its file.
pub fn extract(
    workbooks: &[(Option<String>, &Workbook)],
    options: &ReadOptions,
    max_client_names: u64,
) -> Result<Dataset> {
    let Some((_, first)) = workbooks.first() else {
        return Err(Error::new(ErrorKind::EmptyWorkbook));
    };
    let mut inputs = Vec::new();
    let mut sources = Vec::new();
    let mut run_notes: Vec<Note> = Vec::new();
    let mut sheet_reason = SheetReason::OnlySheet;
    let mut names = ClientNames::new(max_client_names);
    for (n, (name, wb)) in workbooks.iter().enumerate() {
        let ft = file_tables(wb, name.as_deref(), options, &mut names).map_err(|e| match name {
            Some(f) if workbooks.len() > 1 => e.in_file(f.clone()),
            _ => e,
        })?;
        if n == 0 {
            sheet_reason = ft.sheet_reason;
        }
        run_notes.extend(wb.notes.iter().map(|note| note.clone().file(name.clone())));
        let lists = [
            (QualityCode::SheetsCombined, &ft.combined),
            (QualityCode::OtherSheetsNotUsed, &ft.other_tables),
            (QualityCode::SimilarSheetsNotCombined, &ft.not_combined),
        ];
        for (code, names) in lists {
            if !names.is_empty() {
                run_notes.push(list_note(code, name.clone(), names));
            }
        }
        if ft.sheet_departments {
            run_notes.push(list_note(QualityCode::SheetAsDepartment, name.clone(), &ft.combined));
        }
        for (input, layout) in ft.tables {
            inputs.push(input);
            sources.push(TableSource {
                file: name.clone(),
                format: wb.format,
                layout,
            });
        }
    }
    if let Some(note) = files_as_departments(workbooks.len(), &mut inputs, &sources) {
        run_notes.push(note);
    }
    let files: Vec<String> = workbooks.iter().filter_map(|(n, _)| n.clone()).collect();
    if workbooks.len() > 1 {
        run_notes.insert(0, list_note(QualityCode::FilesCombined, None, &files));
    }
    Ok(Dataset {
        inputs,
        sources,
        run_notes,
        sheet_reason,
        files,
        format: first.format,
        sheets: first
            .sheets
            .iter()
            .map(|s| SheetSummary {
                name: s.name.clone(),
                visibility: s.visibility,
                rows: s.rows.len() as u32,
                chart: s.is_chart,
            })
            .collect(),
    })
}

/// Files that split the clients over one period (one export per branch) are departments,
/// when each file gave one table and nothing else names a department.
fn files_as_departments(files: usize, inputs: &mut [TableInput], sources: &[TableSource]) -> Option<Note> {
    let labelled = inputs
        .iter()
        .any(|t| t.table.lines.iter().any(|l| l.department.is_some()))
        || sources.iter().any(|s| s.layout.column(Role::Department).is_some());
    if files < 2 || inputs.len() != files || labelled {
        return None;
    }
    let spans: Vec<Span> = inputs.iter().map(|t| Span::of(&t.table, true)).collect();
    if !split_by_clients_over_one_period(&spans.iter().collect::<Vec<_>>()) {
        return None;
    }
    for t in inputs.iter_mut() {
        let name = file_stem(t.file.as_deref().unwrap_or(""));
        set_department(t, &name);
    }
    let names: Vec<String> = inputs.iter().filter_map(|t| t.file.clone()).collect();
    Some(list_note(QualityCode::FileAsDepartment, None, &names))
}

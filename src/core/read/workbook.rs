//! Spreadsheets through calamine into the engine's sparse table.
//!
//! * xlsx/xlsm and xlsb are **streamed** cell by cell: a sheet that declares
//!   A1:AC1048576 costs what it holds. xlsx sheets go through
//!   [`super::xlsx_fast`] when they keep to the dialect Excel writes, else
//!   through calamine's `worksheet_cells_reader`, as xlsb always does.
//! * xls and ods only offer `worksheet_range` (a dense range over the used
//!   area). ODS repeat counts are checked beforehand by
//!   [`super::ods_guard`]; xls ranges are bounded by BIFF's own 65,536 × 256
//!   grid.
//!
//! Cell mapping: Int/Float → `Number`; DateTime → `DateTime(raw serial)`
//! (durations stay `Number`); DateTimeIso → `DateIso`; DurationIso → `Text`;
//! Error → `Error`; Bool → `Bool`; String → `Text` (whitespace-only kept, the
//! empty string and `Empty` dropped; NUL characters removed).

use super::source::{Source, SourceCursor};
use std::io::Cursor;

use calamine::{
    Data, DataRef, Dimensions, Ods, OdsError, Range, Reader, Sheet, SheetType, SheetVisible, Xls, XlsError, XlsOptions,
    Xlsb, XlsbError, Xlsx, XlsxError,
};

use super::codepage;
use super::ole::OleKind;
use super::progress::{Sink, Tracker};
use super::sink::{Budget, Interner, SheetBuilder, text_cell};
use super::xlsx_merges;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::quality::{Note, QualityCode};
use crate::core::table::{Cell, Format, Merge, SheetTable, Visibility, Workbook};

// ---------------------------------------------------------------- errors

fn damaged(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::DamagedFile).with_detail(format!("{what}: {e}"))
}

fn password() -> Error {
    Error::new(ErrorKind::PasswordProtected)
}

fn map_xlsx(e: XlsxError) -> Error {
    match e {
        XlsxError::Password => password(),
        e => damaged("xlsx", e),
    }
}

fn map_xlsb(e: XlsbError) -> Error {
    match e {
        XlsbError::Password => password(),
        e => damaged("xlsb", e),
    }
}

fn map_xls(e: XlsError) -> Error {
    match e {
        XlsError::Password => password(),
        e => damaged("xls", e),
    }
}

fn map_ods(e: OdsError, limits: &Limits) -> Error {
    match e {
        OdsError::Password => password(),
        OdsError::CellLimitExceeded { requested, max } => Error::new(ErrorKind::TooLarge {
            limit: "max_ods_repeat",
            max: limits.max_ods_repeat,
        })
        .with_detail(format!("calamine: {requested} cells requested, max {max}")),
        e => damaged("ods", e),
    }
}

// ---------------------------------------------------------------- cells

fn convert_ref(texts: &mut Interner, v: &DataRef<'_>) -> Option<Cell> {
    match v {
        DataRef::Int(i) => Some(Cell::number(*i as f64)),
        DataRef::Float(f) => Some(Cell::number(*f)),
        DataRef::String(s) => text_cell(texts, s),
        DataRef::SharedString(s) => text_cell(texts, s),
        DataRef::Bool(b) => Some(Cell::Bool(*b)),
        DataRef::DateTime(dt) if dt.is_duration() => Some(Cell::number(dt.as_f64())),
        DataRef::DateTime(dt) => Some(Cell::date_time(dt.as_f64())),
        DataRef::DateTimeIso(s) => Some(Cell::DateIso(s.as_str().into())),
        DataRef::DurationIso(s) => text_cell(texts, s),
        DataRef::Error(e) => Some(Cell::Error(e.to_string().into())),
        DataRef::Empty => None,
    }
}

fn convert(texts: &mut Interner, v: &Data) -> Option<Cell> {
    match v {
        Data::Int(i) => Some(Cell::number(*i as f64)),
        Data::Float(f) => Some(Cell::number(*f)),
        Data::String(s) => text_cell(texts, s),
        Data::Bool(b) => Some(Cell::Bool(*b)),
        Data::DateTime(dt) if dt.is_duration() => Some(Cell::number(dt.as_f64())),
        Data::DateTime(dt) => Some(Cell::date_time(dt.as_f64())),
        Data::DateTimeIso(s) => Some(Cell::DateIso(s.as_str().into())),
        Data::DurationIso(s) => text_cell(texts, s),
        Data::Error(e) => Some(Cell::Error(e.to_string().into())),
        Data::Empty => None,
    }
}

// ---------------------------------------------------------------- sheets

fn visibility(v: SheetVisible) -> Visibility {
    match v {
        SheetVisible::Visible => Visibility::Visible,
        SheetVisible::Hidden => Visibility::Hidden,
        SheetVisible::VeryHidden => Visibility::VeryHidden,
    }
}

pub(super) fn new_table(meta: &Sheet) -> SheetTable {
    let mut t = SheetTable::new(codepage::strip_nuls(&meta.name).into_owned());
    t.visibility = visibility(meta.visible);
    t.is_chart = !matches!(meta.typ, SheetType::WorkSheet);
    t
}

fn merges(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        })
        .collect()
}

/// Copies the non-empty cells of a dense calamine range.
fn fill_from_range(builder: &mut SheetBuilder, budget: &mut Budget<'_>, range: &Range<Data>) -> Result<()> {
    let Some((r0, c0)) = range.start() else { return Ok(()) };
    for (r, c, v) in range.used_cells() {
        if let Some(cell) = convert(&mut budget.texts, v) {
            let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
            let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
            builder.push(budget, row, col, cell)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- formats

/// xlsx / xlsm: streamed, by [`super::xlsx_fast`] when the sheets are in its
/// dialect, else by calamine's cell reader.
pub fn read_xlsx(
    src: &dyn Source,
    limits: &Limits,
    progress: Sink<'_>,
    mut guard: super::inflate_guard::StreamGuard,
) -> Result<Workbook> {
    let mut budget = Budget::new(limits);
    let mut tracker = Tracker::new(progress, 1, limits.max_rows);
    // calamine opens the workbook only when the fast reader cannot (or for a merge list).
    let mut calamine: Option<Xlsx<SourceCursor<'_>>> = None;
    let fast = super::xlsx_fast::read(src, &new_table, &mut budget, &mut tracker, &mut guard)?;
    let mut scans = guard.scans;
    let (metas, epoch_1904, mut sheets) = match fast {
        Ok(book) => (book.metas, book.epoch_1904, book.sheets),
        Err(super::xlsx_fast::Unsupported) => {
            // calamine buffers what the guard bounds: every part checked before it reads one.
            scans = super::inflate_guard::check_inflation(src, limits)?;
            super::xlsx_fast::refuse_impossible_refs(src)?;
            let mut wb: Xlsx<SourceCursor<'_>> = Xlsx::new(SourceCursor::new(src)).map_err(map_xlsx)?;
            let metas: Vec<Sheet> = wb.sheets_metadata().to_vec();
            budget = Budget::new(limits);
            tracker.restart();
            tracker.set_sheets(metas.len());
            let sheets = calamine_xlsx_sheets(&mut wb, &metas, &mut budget, &mut tracker)?;
            let epoch_1904 = wb.has_1904_epoch();
            calamine = Some(wb);
            (metas, epoch_1904, sheets)
        }
    };
    // Merged areas are informative only: a sheet whose merge list cannot be read
    // keeps its cells. The inflate guard's scan first, a scan of the part's bytes
    // next, calamine otherwise.
    let mut merge_zip = zip::ZipArchive::new(SourceCursor::new(src)).ok();
    let merge_paths = merge_zip.as_mut().and_then(xlsx_merges::sheet_paths);
    for (meta, table) in metas.iter().zip(sheets.iter_mut()) {
        if table.is_chart {
            continue;
        }
        let fast = match (merge_zip.as_mut(), merge_paths.as_ref().and_then(|p| p.get(&meta.name))) {
            (Some(zip), Some(path)) => scans.remove(path).or_else(|| xlsx_merges::scan_sheet(zip, path)),
            _ => None,
        };
        match fast {
            Some(scan) => {
                table.merges = scan.merges;
                table.outline = scan.outline;
            }
            None => {
                if calamine.is_none() {
                    calamine = Xlsx::new(SourceCursor::new(src)).ok();
                }
                if let Some(Ok(dims)) = calamine.as_mut().map(|wb| wb.merge_cells_by_sheet_name(&meta.name)) {
                    table.merges = merges(&dims);
                }
            }
        }
    }
    Ok(Workbook {
        format: Format::Xlsx,
        epoch_1904,
        sheets,
        notes: budget.notes(),
    })
}

/// The sheets through calamine's cell reader.
pub(super) fn calamine_xlsx_sheets(
    wb: &mut Xlsx<SourceCursor<'_>>,
    metas: &[Sheet],
    budget: &mut Budget<'_>,
    tracker: &mut Tracker<'_>,
) -> Result<Vec<SheetTable>> {
    let mut sheets = Vec::with_capacity(metas.len());
    for (index, meta) in metas.iter().enumerate() {
        let table = new_table(meta);
        if table.is_chart {
            sheets.push(table);
            continue;
        }
        let name = table.name.clone();
        let mut builder = SheetBuilder::new(table, budget);
        {
            let mut cells = wb
                .worksheet_cells_reader(&meta.name)
                .map_err(|e| map_xlsx(e).in_sheet(name.clone()))?;
            tracker.sheet(index, Some(cells.dimensions().end.0));
            while let Some(c) = cells.next_cell().map_err(|e| map_xlsx(e).in_sheet(name.clone()))? {
                if let Some(cell) = convert_ref(&mut budget.texts, c.get_value()) {
                    let (row, col) = c.get_position();
                    tracker.row(row);
                    builder.push(budget, row, col, cell)?;
                }
            }
        }
        let table = builder.finish();
        tracker.sheet_done(table.height());
        sheets.push(table);
    }
    Ok(sheets)
}

/// xlsb: streamed.
pub fn read_xlsb(src: &dyn Source, limits: &Limits, progress: Sink<'_>) -> Result<Workbook> {
    let mut wb: Xlsb<SourceCursor<'_>> = Xlsb::new(SourceCursor::new(src)).map_err(map_xlsb)?;
    let epoch_1904 = wb.has_1904_epoch();
    let metas: Vec<Sheet> = wb.sheets_metadata().to_vec();
    let mut budget = Budget::new(limits);
    let mut tracker = Tracker::new(progress, metas.len(), limits.max_rows);
    let mut sheets = Vec::with_capacity(metas.len());
    for (index, meta) in metas.iter().enumerate() {
        let table = new_table(meta);
        if table.is_chart {
            sheets.push(table);
            continue;
        }
        let name = table.name.clone();
        let mut builder = SheetBuilder::new(table, &budget);
        {
            let mut cells = wb
                .worksheet_cells_reader(&meta.name)
                .map_err(|e| map_xlsb(e).in_sheet(name.clone()))?;
            tracker.sheet(index, Some(cells.dimensions().end.0));
            while let Some(c) = cells.next_cell().map_err(|e| map_xlsb(e).in_sheet(name.clone()))? {
                if let Some(cell) = convert_ref(&mut budget.texts, c.get_value()) {
                    let (row, col) = c.get_position();
                    tracker.row(row);
                    builder.push(&mut budget, row, col, cell)?;
                }
            }
        }
        let table = builder.finish();
        tracker.sheet_done(table.height());
        sheets.push(table);
    }
    Ok(Workbook {
        format: Format::Xlsb,
        epoch_1904,
        sheets,
        notes: budget.notes(),
    })
}

fn open_xls(bytes: &[u8], codepage: Option<u16>) -> Result<Xls<Cursor<&[u8]>>> {
    let mut options = XlsOptions::default();
    options.force_codepage = codepage;
    Xls::new_with_options(Cursor::new(bytes), options).map_err(map_xls)
}

/// Strings to judge the text encoding by: sheet names and up to `max`
/// string cells.
fn sample_strings(wb: &mut Xls<Cursor<&[u8]>>, max: usize) -> Vec<String> {
    let metas: Vec<Sheet> = wb.sheets_metadata().to_vec();
    let mut out: Vec<String> = metas.iter().map(|m| m.name.clone()).collect();
    for meta in metas.iter().filter(|m| matches!(m.typ, SheetType::WorkSheet)) {
        if let Ok(range) = wb.worksheet_range(&meta.name) {
            for (_, _, v) in range.used_cells() {
                if out.len() >= max {
                    return out;
                }
                if let Data::String(s) = v {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

/// xls (BIFF8, and BIFF5/7 with the Cyrillic code-page repair).
pub fn read_xls(bytes: &[u8], limits: &Limits, kind: OleKind) -> Result<Workbook> {
    let mut wb = open_xls(bytes, None)?;
    let mut notes = Vec::new();
    if kind == OleKind::Biff5 {
        // Excel 95 without a CODEPAGE record: calamine falls back to cp1252.
        let sample = sample_strings(&mut wb, 2000);
        if codepage::looks_like_cp1251_mojibake(sample.iter().map(String::as_str)) {
            let mut repaired = open_xls(bytes, Some(1251))?;
            let again = sample_strings(&mut repaired, 2000);
            let cyr = again.iter().filter(|s| codepage::cyrillic_share(s) >= 0.6).count();
            // Keep the repair only when it really yields Cyrillic text.
            if cyr >= 2 && cyr * 4 >= again.len() {
                wb = repaired;
                notes.push(Note::new(QualityCode::EncodingRepaired).detail("windows-1251"));
            }
        }
    }
    let epoch_1904 = wb.has_1904_epoch();
    let metas: Vec<Sheet> = wb.sheets_metadata().to_vec();
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::with_capacity(metas.len());
    for meta in &metas {
        let mut table = new_table(meta);
        if table.is_chart {
            sheets.push(table);
            continue;
        }
        if let Ok(dims) = wb.merge_cells_by_sheet_name(&meta.name) {
            table.merges = merges(&dims);
        }
        let name = table.name.clone();
        let range = wb.worksheet_range(&meta.name).map_err(|e| map_xls(e).in_sheet(name))?;
        let mut builder = SheetBuilder::new(table, &budget);
        fill_from_range(&mut builder, &mut budget, &range)?;
        drop(range);
        sheets.push(builder.finish());
    }
    notes.extend(budget.notes());
    Ok(Workbook {
        format: Format::Xls,
        epoch_1904,
        sheets,
        notes,
    })
}

/// ods: repeat counts are checked by the caller before this runs.
pub fn read_ods(src: &dyn Source, limits: &Limits) -> Result<Workbook> {
    let mut wb: Ods<SourceCursor<'_>> = Ods::new(SourceCursor::new(src)).map_err(|e| map_ods(e, limits))?;
    let metas: Vec<Sheet> = wb.sheets_metadata().to_vec();
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::with_capacity(metas.len());
    for meta in &metas {
        let table = new_table(meta);
        if table.is_chart {
            sheets.push(table);
            continue;
        }
        let name = table.name.clone();
        let range = wb
            .worksheet_range(&meta.name)
            .map_err(|e| map_ods(e, limits).in_sheet(name))?;
        let mut builder = SheetBuilder::new(table, &budget);
        fill_from_range(&mut builder, &mut budget, &range)?;
        drop(range);
        sheets.push(builder.finish());
    }
    Ok(Workbook {
        format: Format::Ods,
        epoch_1904: false,
        sheets,
        notes: budget.notes(),
    })
}

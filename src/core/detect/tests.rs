//! Tests for the detector: synthetic tables and the real corpus.

use super::*;
use crate::core::table::{Cell, Format, Merge, Row, SheetTable, Visibility, Workbook};
use calamine::{Data, Reader};
use std::io::Cursor;

const CORPUS: &str = "/work/shared/corpus";

// ---------------------------------------------------------------- corpus helper (test only)

fn data_to_cell(d: &Data) -> Option<Cell> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::DateTime(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::DateIso(s.as_str().into()),
        Data::Error(e) => Cell::Error(format!("{e}").into()),
    })
}

fn range_to_rows(range: &calamine::Range<Data>) -> Vec<Row> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Row> = Vec::new();
    for (r, c, d) in range.used_cells() {
        let Some(cell) = data_to_cell(d) else { continue };
        let ri = r0 + r as u32;
        let ci = c0 + c as u32;
        match rows.last_mut() {
            Some(last) if last.index == ri => last.cells.push((ci, cell)),
            _ => rows.push(Row { index: ri, cells: vec![(ci, cell)] }),
        }
    }
    rows
}

/// Opens a corpus file with calamine directly (the real reader lives elsewhere).
fn open_corpus(name: &str) -> Workbook {
    let bytes = std::fs::read(format!("{CORPUS}/{name}")).expect("corpus file");
    let cursor = Cursor::new(bytes.as_slice());
    let mut sheets_out = Vec::new();
    if name.contains("biff7") {
        let mut opts = calamine::XlsOptions::default();
        opts.force_codepage = Some(1251);
        let mut xls = calamine::Xls::new_with_options(cursor, opts).expect("xls");
        let meta = xls.sheets_metadata().to_vec();
        for m in meta {
            let range = xls.worksheet_range(&m.name).expect("range");
            let merges = xls.merge_cells_by_sheet_name(&m.name).unwrap_or_default();
            sheets_out.push(make_sheet(&m, range_to_rows(&range), &merges));
        }
        return Workbook { format: Format::Xls, epoch_1904: false, sheets: sheets_out, notes: vec![] };
    }
    let mut wb = calamine::open_workbook_auto_from_rs(cursor).expect("open");
    let meta = wb.sheets_metadata().to_vec();
    for m in meta {
        if m.typ != calamine::SheetType::WorkSheet {
            let mut s = SheetTable::new(m.name.clone());
            s.is_chart = true;
            sheets_out.push(s);
            continue;
        }
        let range = wb.worksheet_range(&m.name).expect("range");
        let merges = match &mut wb {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            _ => vec![],
        };
        sheets_out.push(make_sheet(&m, range_to_rows(&range), &merges));
    }
    let format = if name.ends_with(".xls") { Format::Xls } else { Format::Xlsx };
    Workbook { format, epoch_1904: false, sheets: sheets_out, notes: vec![] }
}

fn make_sheet(m: &calamine::Sheet, rows: Vec<Row>, merges: &[calamine::Dimensions]) -> SheetTable {
    let mut s = SheetTable::new(m.name.clone());
    s.visibility = match m.visible {
        calamine::SheetVisible::Visible => Visibility::Visible,
        calamine::SheetVisible::Hidden => Visibility::Hidden,
        calamine::SheetVisible::VeryHidden => Visibility::VeryHidden,
    };
    s.is_chart = m.typ != calamine::SheetType::WorkSheet;
    s.rows = rows;
    s.merges = merges
        .iter()
        .map(|d| Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 })
        .collect();
    s
}

#[test]
#[ignore]
fn dump_corpus_heads() {
    for f in [
        "superstore_tableau_orders.xls",
        "sales_data_sample_classicmodels.xlsx",
        "ru_1c_otgruzka_sector1_2024-10_11.xlsx",
        "ru_1c_otgruzka_sector1_2024-04_biff7_nocodepage.xls",
        "enron_colsale_aug2000_monoclient.xls",
        "calamine_pivots_grand_total.xlsx",
        "ru_marketplace_geography_no_client.xlsx",
        "ru_retail_staff_report_no_client.xlsx",
        "ru_wide_products_by_month.xlsx",
        "calamine_minimal_package.xlsx",
        "calamine_gh548_incorrect_sst_unique_count.xls",
        "calamine_any_sheets.xlsx",
        "calamine_issue444.xls",
    ] {
        let wb = open_corpus(f);
        println!("===== {f}");
        for s in &wb.sheets {
            println!("--- sheet {:?} vis={:?} chart={} rows={} merges={:?}", s.name, s.visibility, s.is_chart, s.rows.len(), s.merges.iter().take(8).collect::<Vec<_>>());
            for r in s.rows.iter().take(14) {
                let cells: Vec<String> = r.cells.iter().map(|(c, v)| format!("{}={:?}", crate::core::table::column_letter(*c), v)).collect();
                let line = cells.join(" | ");
                println!("{}: {}", r.index + 1, line.chars().take(1200).collect::<String>());
            }
        }
    }
}

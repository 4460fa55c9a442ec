//! Tests for the detector: synthetic tables and the real corpus.

use super::layout::Chosen;
use super::sheet::count_data_rows;
use super::*;
use crate::core::error::{ErrorKind, Result};
use crate::core::options::ColumnOverrides;
use crate::core::role::Role;
use crate::core::table::{Cell, Format, Merge, Row, SheetTable, Visibility, Workbook};
use calamine::{Data, Reader};
use std::io::Cursor;

const CORPUS: &str = "/work/shared/corpus";

// ---------------------------------------------------------------- corpus helper (test only)

fn data_to_cell(d: &Data) -> Option<Cell> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Cell::number(*i as f64),
        Data::Float(f) => Cell::number(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::date_time(dt.as_f64()),
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
            _ => rows.push(Row {
                index: ri,
                cells: vec![(ci, cell)],
            }),
        }
    }
    rows
}

fn xlsx_rows<RS: std::io::Read + std::io::Seek>(x: &mut calamine::Xlsx<RS>, name: &str) -> Vec<Row> {
    let mut reader = x.worksheet_cells_reader(name).expect("cells reader");
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    while let Some(c) = reader.next_cell().expect("cell") {
        let (r, col) = c.get_position();
        let cell = match c.get_value() {
            calamine::DataRef::Empty => None,
            calamine::DataRef::Int(i) => Some(Cell::number(*i as f64)),
            calamine::DataRef::Float(f) => Some(Cell::number(*f)),
            calamine::DataRef::String(s) => Some(Cell::Text(s.as_str().into())),
            calamine::DataRef::SharedString(s) => Some(Cell::Text((*s).into())),
            calamine::DataRef::Bool(b) => Some(Cell::Bool(*b)),
            calamine::DataRef::DateTime(dt) => Some(Cell::date_time(dt.as_f64())),
            calamine::DataRef::DateTimeIso(s) | calamine::DataRef::DurationIso(s) => {
                Some(Cell::DateIso(s.as_str().into()))
            }
            calamine::DataRef::Error(e) => Some(Cell::Error(format!("{e}").into())),
        };
        if let Some(cell) = cell {
            cells.push((r, col, cell));
        }
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    let mut rows: Vec<Row> = Vec::new();
    for (ri, ci, cell) in cells {
        match rows.last_mut() {
            Some(last) if last.index == ri => last.cells.push((ci, cell)),
            _ => rows.push(Row {
                index: ri,
                cells: vec![(ci, cell)],
            }),
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
        return Workbook {
            format: Format::Xls,
            epoch_1904: false,
            sheets: sheets_out,
            notes: vec![],
        };
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
        let rows = match &mut wb {
            // Streamed: sales_data_sample declares A1:AC1048576.
            calamine::Sheets::Xlsx(x) => xlsx_rows(x, &m.name),
            _ => range_to_rows(&wb.worksheet_range(&m.name).expect("range")),
        };
        let merges = match &mut wb {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            _ => vec![],
        };
        sheets_out.push(make_sheet(&m, rows, &merges));
    }
    let format = if name.ends_with(".xls") {
        Format::Xls
    } else {
        Format::Xlsx
    };
    Workbook {
        format,
        epoch_1904: false,
        sheets: sheets_out,
        notes: vec![],
    }
}

fn make_sheet(m: &calamine::Sheet, rows: Vec<Row>, merges: &[calamine::Dimensions]) -> SheetTable {
    let mut s = SheetTable::new(m.name.clone());
    s.visibility = match m.visible {
        calamine::SheetVisible::Visible => Visibility::Visible,
        calamine::SheetVisible::Hidden => Visibility::Hidden,
        calamine::SheetVisible::VeryHidden => Visibility::VeryHidden,
    };
    s.is_chart = m.typ != calamine::SheetType::WorkSheet;
    s.rows = rows.into();
    s.merges = merges
        .iter()
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        })
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
            println!(
                "--- sheet {:?} vis={:?} chart={} rows={} merges={:?}",
                s.name,
                s.visibility,
                s.is_chart,
                s.rows.len(),
                s.merges.iter().take(8).collect::<Vec<_>>()
            );
            for r in s.rows.iter().take(14) {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|(c, v)| format!("{}={:?}", crate::core::table::column_letter(*c), v))
                    .collect();
                let line = cells.join(" | ");
                println!("{}: {}", r.index + 1, line.chars().take(1200).collect::<String>());
            }
        }
    }
}

// ---------------------------------------------------------------- corpus expectations

fn detect_file(name: &str) -> (Workbook, Result<(usize, Layout)>) {
    let wb = open_corpus(name);
    let res = choose_sheet(&wb, None, &ColumnOverrides::default()).and_then(|choice| {
        let sheet = &wb.sheets[choice.index];
        detect_layout(sheet, wb.epoch_1904, &ColumnOverrides::default()).map(|l| (choice.index, l))
    });
    (wb, res)
}

#[test]
#[ignore]
fn print_corpus_layouts() {
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
        "calamine_merged_range.xlsx",
        "calamine_biff5-rich-text-string.xls",
        "calamine_sheet_name_parsing.xls",
    ] {
        let (wb, res) = detect_file(f);
        match res {
            Ok((i, l)) => {
                println!(
                    "== {f}: sheet {:?} header_row {} rows {}",
                    wb.sheets[i].name, l.header_row, l.header_rows
                );
                for c in &l.columns {
                    println!(
                        "   {:?} {} {:?} {:?}",
                        c.role,
                        crate::core::table::column_letter(c.col),
                        c.header,
                        c.chosen
                    );
                }
                for n in &l.notes {
                    println!("   note {} {:?} {:?}", n.code, n.column_index(), n.detail);
                }
            }
            Err(e) => println!("== {f}: ERR {} {:?} {}", e.code(), e.sheet, e.details_json()),
        }
    }
}

fn assert_role(layout: &Layout, role: Role, header: &str, col: &str) {
    let c = layout
        .column(role)
        .unwrap_or_else(|| panic!("no {role:?} in {layout:#?}"));
    assert_eq!(c.header, header, "{role:?}");
    assert_eq!(crate::core::table::column_letter(c.col), col, "{role:?}");
}

#[test]
fn corpus_superstore_orders() {
    let (wb, res) = detect_file("superstore_tableau_orders.xls");
    let (i, l) = res.unwrap();
    assert_eq!(wb.sheets[i].name, "Orders");
    assert_eq!((l.header_row, l.header_rows), (0, 1));
    assert_role(&l, Role::Client, "Customer Name", "G");
    assert_role(&l, Role::Amount, "Sales", "R");
    assert_role(&l, Role::Date, "Order Date", "C");
    assert_role(&l, Role::Department, "Region", "M");
    assert_role(&l, Role::Product, "Product Name", "Q");
    assert_role(&l, Role::Quantity, "Quantity", "S");
    assert!(l.column(Role::Manager).is_none());
    assert_eq!(count_data_rows(&wb.sheets[i], &l), 9994);
}

#[test]
fn corpus_sales_data_sample() {
    let (wb, res) = detect_file("sales_data_sample_classicmodels.xlsx");
    let (i, l) = res.unwrap();
    assert_eq!(wb.sheets[i].name, "Sales_Data_Sample");
    assert_eq!(l.header_row, 0);
    assert_role(&l, Role::Client, "CUSTOMERNAME", "N");
    assert_role(&l, Role::Amount, "SALES", "E");
    assert_role(&l, Role::Date, "ORDERDATE", "F");
    assert_role(&l, Role::Department, "TERRITORY", "U");
    assert_role(&l, Role::Quantity, "QUANTITYORDERED", "B");
    assert!(
        l.column(Role::Manager).is_none(),
        "CONTACT* are the customer's contacts"
    );
}

fn check_1c(name: &str) {
    let (wb, res) = detect_file(name);
    let (i, l) = res.unwrap();
    assert_eq!(wb.sheets.len(), 1);
    assert_eq!(i, 0);
    assert_eq!(
        (l.header_row, l.header_rows),
        (3, 2),
        "header on Excel row 4, sub-header on row 5"
    );
    assert_eq!(l.first_data_row(), 5);
    assert_role(&l, Role::Client, "Сектор / Клиент", "A");
    assert_role(&l, Role::Amount, "Сумма с НДС, руб", "G");
    assert_role(&l, Role::Quantity, "Кол-во, уп", "F");
    assert!(l.column(Role::Date).is_none());
    let h = header::find_header(&wb.sheets[0]).unwrap();
    let joined: Vec<&str> = h.cols.iter().map(|c| c.joined.as_str()).collect();
    assert!(joined.contains(&"Сумма НДС, руб / 10%"), "{joined:?}");
    assert!(joined.contains(&"Сумма НДС, руб / 20%"), "{joined:?}");
}

#[test]
fn corpus_1c_otgruzka_xlsx() {
    check_1c("ru_1c_otgruzka_sector1_2024-10_11.xlsx");
}

#[test]
fn corpus_1c_otgruzka_biff7_cp1251() {
    check_1c("ru_1c_otgruzka_sector1_2024-04_biff7_nocodepage.xls");
}

#[test]
fn corpus_enron_monoclient() {
    let (_, res) = detect_file("enron_colsale_aug2000_monoclient.xls");
    let (_, l) = res.unwrap();
    assert_eq!(l.header_row, 0);
    assert_role(&l, Role::Client, "Buyer_Name", "F");
    assert_role(&l, Role::Amount, "Extended_Amount", "AT");
    assert_role(&l, Role::Date, "Statement_Date", "C");
    assert_role(&l, Role::Product, "Item_Description", "AM");
}

#[test]
fn corpus_pivots_data_sheet() {
    let (wb, res) = detect_file("calamine_pivots_grand_total.xlsx");
    let (i, l) = res.unwrap();
    assert_eq!(wb.sheets[i].name, "DataSheet");
    assert_eq!(l.header_row, 0);
    assert_role(&l, Role::Client, "Name", "B");
    assert_eq!(l.column(Role::Client).map(|c| c.chosen), Some(Chosen::Values));
    assert_role(&l, Role::Amount, "Value", "D");
    assert_role(&l, Role::Date, "Date", "F");
    assert_role(&l, Role::Department, "Category", "C");
}

fn assert_no_client(name: &str) {
    let (_, res) = detect_file(name);
    let err = res.unwrap_err();
    assert_eq!(err.code(), "no_client_column", "{name}: {err}");
    match err.kind {
        ErrorKind::NoClientColumn { candidates } => assert!(!candidates.is_empty(), "{name}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn corpus_marketplace_has_no_client() {
    assert_no_client("ru_marketplace_geography_no_client.xlsx");
}

#[test]
fn corpus_retail_staff_has_no_client() {
    assert_no_client("ru_retail_staff_report_no_client.xlsx");
}

#[test]
fn corpus_wide_products_has_no_client() {
    assert_no_client("ru_wide_products_by_month.xlsx");
}

#[test]
fn corpus_minimal_package_header_on_row_3() {
    let wb = open_corpus("calamine_minimal_package.xlsx");
    let h = header::find_header(&wb.sheets[0]).unwrap();
    assert_eq!(h.row, 2);
    assert_eq!(h.cols.first().map(|c| c.joined.as_str()), Some("BKG_NUM"));
}

#[test]
fn corpus_gh548_header_below_title_rows() {
    let wb = open_corpus("calamine_gh548_incorrect_sst_unique_count.xls");
    for s in wb.sheets.iter().filter(|s| s.visibility == Visibility::Visible) {
        let h = header::find_header(s).unwrap();
        let first = s.rows.iter().find(|r| !r.is_blank()).unwrap();
        assert!(h.row > first.index, "{}: header {} is the first row", s.name, h.row);
    }
}

#[test]
fn corpus_any_sheets_skips_chart_and_hidden() {
    let wb = open_corpus("calamine_any_sheets.xlsx");
    let choice = choose_sheet(&wb, None, &ColumnOverrides::default()).unwrap();
    assert_eq!(wb.sheets[choice.index].name, "Visible");
    assert_eq!(choice.reason, "only_sheet");
}

// ---------------------------------------------------------------- synthetic tables

/// A cell from a short spec: "" = none, a plain number = Number, "d:45000" =
/// date cell, anything else = text.
fn cell(v: &str) -> Option<Cell> {
    if v.is_empty() {
        return None;
    }
    if let Some(serial) = v.strip_prefix("d:") {
        return Some(Cell::date_time(serial.parse().unwrap()));
    }
    if let Ok(n) = v.parse::<f64>() {
        return Some(Cell::number(n));
    }
    Some(Cell::Text(v.into()))
}

/// A sheet whose first given row is `first_row` and first column `first_col`.
fn grid(first_row: u32, first_col: u32, rows: &[&[&str]]) -> SheetTable {
    let mut s = SheetTable::new("Sheet1");
    for (r, vals) in rows.iter().enumerate() {
        let cells: Vec<(u32, Cell)> = vals
            .iter()
            .enumerate()
            .filter_map(|(c, v)| cell(v).map(|x| (first_col + c as u32, x)))
            .collect();
        if !cells.is_empty() {
            s.rows.push(Row {
                index: first_row + r as u32,
                cells,
            });
        }
    }
    s
}

fn detect(s: &SheetTable) -> Result<Layout> {
    detect_layout(s, false, &ColumnOverrides::default())
}

const CLIENTS: [&str; 6] = [
    "ООО «Ромашка»",
    "ИП Петров А.А.",
    "АО Вектор",
    "ООО «Ромашка»",
    "ЗАО Север",
    "ИП Петров А.А.",
];

#[test]
fn title_block_and_blank_rows_above_header() {
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Отчет о продажах".into()],
        vec!["Период: 01.10.2024 - 30.11.2024".into()],
        vec!["Отбор:".into(), "Организация = ООО Альфа".into()],
        vec!["Параметры:".into()],
        vec![],
        vec![],
        vec!["Дата".into(), "Клиент".into(), "Менеджер".into(), "Сумма".into()],
    ];
    for (i, c) in CLIENTS.iter().enumerate() {
        rows.push(vec![
            format!("d:{}", 45_500 + i),
            c.to_string(),
            "Иванов".into(),
            format!("{}.5", 1000 + i * 7),
        ]);
    }
    let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let l = detect(&grid(0, 0, &slices)).unwrap();
    assert_eq!((l.header_row, l.header_rows), (6, 1));
    assert_role(&l, Role::Date, "Дата", "A");
    assert_role(&l, Role::Client, "Клиент", "B");
    assert_role(&l, Role::Manager, "Менеджер", "C");
    assert_role(&l, Role::Amount, "Сумма", "D");
    assert!(l.columns.iter().all(|c| c.chosen == Chosen::Header));
}

#[test]
fn table_starting_at_column_c() {
    let s = grid(
        2,
        2,
        &[
            &["Покупатель", "Дата документа", "Выручка", "Регион"],
            &["ООО «Ромашка»", "15.03.2024", "1 234,56 ₽", "Север"],
            &["ИП Петров А.А.", "16.03.2024", "2 000,00 ₽", "Юг"],
            &["АО Вектор", "17.03.2024", "310,10 ₽", "Север"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_eq!(l.header_row, 2);
    assert_role(&l, Role::Client, "Покупатель", "C");
    assert_role(&l, Role::Date, "Дата документа", "D");
    assert_role(&l, Role::Amount, "Выручка", "E");
    assert_role(&l, Role::Department, "Регион", "F");
}

#[test]
fn two_row_header_joins_merged_cells() {
    let mut s = grid(
        0,
        0,
        &[
            &["Отгрузка с 01.10.24 по 30.11.24"],
            &["Клиенты: \"Сектор 1\""],
            &[
                "Сектор / Клиент",
                "Кол-во, уп",
                "Сумма с НДС, руб",
                "Сумма НДС, руб",
                "",
            ],
            &["", "", "", "10%", "20%"],
            &["ООО «Ромашка»", "5", "1200.5", "100", ""],
            &["ИП Петров А.А.", "3", "800", "", "133.33"],
            &["АО Вектор", "7", "2300", "209.09", ""],
        ],
    );
    s.merges.push(Merge {
        first_row: 2,
        first_col: 3,
        last_row: 2,
        last_col: 4,
    });
    let l = detect(&s).unwrap();
    assert_eq!((l.header_row, l.header_rows), (2, 2));
    assert_eq!(l.first_data_row(), 4);
    assert_role(&l, Role::Client, "Сектор / Клиент", "A");
    assert_role(&l, Role::Amount, "Сумма с НДС, руб", "C");
    assert_role(&l, Role::Quantity, "Кол-во, уп", "B");
    let h = header::find_header(&s).unwrap();
    let joined: Vec<&str> = h.cols.iter().map(|c| c.joined.as_str()).collect();
    assert_eq!(
        joined,
        [
            "Сектор / Клиент",
            "Кол-во, уп",
            "Сумма с НДС, руб",
            "Сумма НДС, руб / 10%",
            "Сумма НДС, руб / 20%"
        ]
    );
    // The override can name the joined header or either of its rows.
    let o = ColumnOverrides::default().with(Role::Amount, "сумма ндс, руб / 20%");
    let l = detect_layout(&s, false, &o).unwrap();
    assert_role(&l, Role::Amount, "Сумма НДС, руб / 20%", "E");
}

#[test]
fn placeholder_headers_decided_by_values() {
    let s = grid(
        0,
        0,
        &[
            &["Column1", "Column2", "Column3", "Column4", "Column5"],
            &["1", "ООО «Ромашка»", "d:45500", "1 234,56 ₽", "7701234567"],
            &["2", "ИП Петров А.А.", "d:45501", "2 000,00 ₽", "7701234568"],
            &["3", "АО Вектор", "d:45502", "310,10 ₽", "7701234569"],
            &["4", "ООО «Ромашка»", "d:45503", "99,90 ₽", "7701234567"],
            &["5", "ЗАО Север", "d:45504", "12 345,00 ₽", "7701234570"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Client, "Column2", "B");
    assert_role(&l, Role::Date, "Column3", "C");
    assert_role(&l, Role::Amount, "Column4", "D");
    for role in [Role::Client, Role::Date, Role::Amount] {
        assert_eq!(l.column(role).map(|c| c.chosen), Some(Chosen::Values), "{role:?}");
    }
}

#[test]
fn naimenovanie_with_summa_is_the_client() {
    let s = grid(
        0,
        0,
        &[
            &["Наименование", "Дата", "Сумма"],
            &["ООО «Ромашка»", "15.03.2024", "1200"],
            &["ИП Петров А.А.", "16.03.2024", "800"],
            &["АО Вектор", "17.03.2024", "2300"],
            &["ООО «Ромашка»", "18.03.2024", "500"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Client, "Наименование", "A");
    assert_eq!(l.column(Role::Client).map(|c| c.chosen), Some(Chosen::Values));
    assert_role(&l, Role::Amount, "Сумма", "C");
}

#[test]
fn naimenovanie_next_to_quantity_and_price_is_a_product() {
    let s = grid(
        0,
        0,
        &[
            &["Наименование", "Количество", "Цена", "Сумма"],
            &["Фен", "2", "1500", "3000"],
            &["Утюг", "1", "2000", "2000"],
            &["Телевизор", "1", "30000", "30000"],
        ],
    );
    let err = detect(&s).unwrap_err();
    assert_eq!(err.code(), "no_client_column");
    assert_eq!(err.sheet.as_deref(), Some("Sheet1"));
}

#[test]
fn summa_twice_takes_the_larger_and_notes_it() {
    let s = grid(
        0,
        0,
        &[
            &["Клиент", "Сумма", "Сумма"],
            &["ООО «Ромашка»", "100", "1100"],
            &["ИП Петров А.А.", "50", "550"],
            &["АО Вектор", "10", "110"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Amount, "Сумма", "C");
    let note = l.notes.iter().find(|n| n.code == "amount_choice").unwrap();
    assert_eq!(note.column_index(), Some(2));
    assert_eq!(note.detail.as_deref(), Some("Сумма"));
}

#[test]
fn seller_repeating_own_name_is_not_the_client() {
    let s = grid(
        0,
        0,
        &[
            &["Column1", "Column2", "Column3"],
            &["ООО «Наша Компания»", "ООО «Ромашка»", "1200.50"],
            &["ООО «Наша Компания»", "ИП Петров А.А.", "800.10"],
            &["ООО «Наша Компания»", "АО Вектор", "2300.00"],
            &["ООО «Наша Компания»", "ЗАО Север", "10.00"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Client, "Column2", "B");
    let note = l.notes.iter().find(|n| n.code == "constant_column_ignored").unwrap();
    assert_eq!(note.column_index(), Some(0));

    let named = grid(
        0,
        0,
        &[
            &["Продавец", "Организация", "Покупатель", "Сумма"],
            &["ООО «Наша Компания»", "ООО «Наша Компания»", "ООО «Ромашка»", "1200"],
            &["ООО «Наша Компания»", "ООО «Наша Компания»", "ИП Петров А.А.", "800"],
        ],
    );
    assert_role(&detect(&named).unwrap(), Role::Client, "Покупатель", "C");
}

#[test]
fn contact_person_is_not_the_client() {
    let s = grid(
        0,
        0,
        &[
            &["Контактное лицо", "Контрагент", "Сумма"],
            &["Иванов Иван", "ООО «Ромашка»", "1200"],
            &["Петров Петр", "ИП Петров А.А.", "800"],
        ],
    );
    assert_role(&detect(&s).unwrap(), Role::Client, "Контрагент", "B");

    let en = grid(
        0,
        0,
        &[
            &["CONTACTLASTNAME", "CONTACTFIRSTNAME", "Buyer_Contact_Name", "Amount"],
            &["Young", "Valarie", "Valarie Young", "10.5"],
            &["King", "Julie", "Julie King", "20.5"],
        ],
    );
    assert_eq!(detect(&en).unwrap_err().code(), "no_client_column");
}

#[test]
fn with_vat_amount_is_chosen_and_noted() {
    let s = grid(
        0,
        0,
        &[
            &["Клиент", "Сумма без НДС", "НДС", "Сумма с НДС"],
            &["ООО «Ромашка»", "1000", "200", "1200"],
            &["ИП Петров А.А.", "500", "100", "600"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Amount, "Сумма с НДС", "D");
    let note = l.notes.iter().find(|n| n.code == "amount_vat_choice").unwrap();
    assert_eq!(
        (note.column_index(), note.detail.as_deref()),
        (Some(3), Some("Сумма без НДС"))
    );
}

#[test]
fn summa_twice_under_one_merged_header_prefers_with_vat() {
    let mut s = grid(
        0,
        0,
        &[
            &["Клиент", "Сумма", ""],
            &["", "без НДС", "с НДС"],
            &["ООО «Ромашка»", "1000", "1200"],
            &["ИП Петров А.А.", "500", "600"],
        ],
    );
    s.merges.push(Merge {
        first_row: 0,
        first_col: 1,
        last_row: 0,
        last_col: 2,
    });
    let l = detect(&s).unwrap();
    assert_eq!(l.header_rows, 2);
    assert_role(&l, Role::Amount, "Сумма / с НДС", "C");
    let note = l.notes.iter().find(|n| n.code == "amount_vat_choice").unwrap();
    assert_eq!(note.detail.as_deref(), Some("Сумма / без НДС"));
}

#[test]
fn data_sheet_with_grand_total_row_is_not_a_pivot() {
    let mut data = sales_sheet();
    data.rows.push(Row {
        index: 10,
        cells: vec![(0, Cell::Text("Grand Total".into())), (1, Cell::number(4300.0))],
    });
    let other = grid(0, 0, &[&["Товар", "Сумма"], &["Фен", "10"]]);
    let w = wb(vec![named(other, "Товары"), named(data, "Данные")]);
    assert_eq!(choose_sheet(&w, None, &ColumnOverrides::default()).unwrap().index, 1);
}

fn city_sheet() -> SheetTable {
    grid(
        0,
        0,
        &[
            &["Товар", "Город", "Заказано руб", "Доставлено руб"],
            &["Фен", "Москва", "1000", "900"],
            &["Утюг", "Казань", "500", "500"],
            &["Фен", "Москва", "700", "700"],
        ],
    )
}

#[test]
fn overrides_by_letter_and_header_text() {
    assert_eq!(detect(&city_sheet()).unwrap_err().code(), "no_client_column");
    let o = ColumnOverrides::default()
        .with(Role::Client, "b")
        .with(Role::Amount, "  доставлено   РУБ ");
    let l = detect_layout(&city_sheet(), false, &o).unwrap();
    assert_role(&l, Role::Client, "Город", "B");
    assert_role(&l, Role::Amount, "Доставлено руб", "D");
    assert_eq!(l.column(Role::Client).map(|c| c.chosen), Some(Chosen::Caller));
    assert_eq!(l.column(Role::Amount).map(|c| c.chosen), Some(Chosen::Caller));
    assert_role(&l, Role::Product, "Товар", "A");
    assert!(l.notes.iter().all(|n| n.code != "amount_choice"));
}

#[test]
fn bad_override_is_column_not_found() {
    for spec in ["Нет такого", "ZZ"] {
        let o = ColumnOverrides::default().with(Role::Client, spec);
        let err = detect_layout(&city_sheet(), false, &o).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::ColumnNotFound {
                role: "client",
                spec: spec.into()
            }
        );
    }
}

#[test]
fn ordered_vs_delivered_amount_is_noted() {
    let o = ColumnOverrides::default().with(Role::Client, "Город");
    let l = detect_layout(&city_sheet(), false, &o).unwrap();
    let amount = l.column(Role::Amount).unwrap();
    let note = l.notes.iter().find(|n| n.code == "amount_choice").unwrap();
    assert_eq!(note.column_index(), Some(amount.col));
    assert!(note.detail.as_deref().is_some_and(|d| d.contains("руб")));
}

// ---------------------------------------------------------------- sheet choice

fn wb(sheets: Vec<SheetTable>) -> Workbook {
    Workbook {
        format: Format::Xlsx,
        epoch_1904: false,
        sheets,
        notes: vec![],
    }
}

fn named(mut s: SheetTable, name: &str) -> SheetTable {
    s.name = name.into();
    s
}

fn sales_sheet() -> SheetTable {
    grid(
        0,
        0,
        &[
            &["Клиент", "Сумма"],
            &["ООО «Ромашка»", "1200"],
            &["ИП Петров А.А.", "800"],
            &["АО Вектор", "2300"],
        ],
    )
}

#[test]
fn pivot_sheet_before_the_data_is_skipped() {
    let pivot = grid(
        0,
        0,
        &[
            &["Клиент", "(Multiple Items)"],
            &[],
            &["Row Labels", "Сумма по полю Сумма"],
            &["ООО «Ромашка»", "1200"],
            &["Grand Total", "1200"],
        ],
    );
    let w = wb(vec![named(pivot, "Сводная"), named(sales_sheet(), "Данные")]);
    let c = choose_sheet(&w, None, &ColumnOverrides::default()).unwrap();
    assert_eq!((c.index, c.reason.as_str()), (1, "best_table"));
}

#[test]
fn hidden_sheet_only_when_no_visible_works() {
    let mut hidden = named(sales_sheet(), "Скрытый");
    hidden.visibility = Visibility::Hidden;
    let notes = named(grid(0, 0, &[&["Заметки", "Текст"], &["a", "b"]]), "Заметки");
    let w = wb(vec![hidden.clone(), notes.clone()]);
    assert_eq!(choose_sheet(&w, None, &ColumnOverrides::default()).unwrap().index, 0);
    let w = wb(vec![hidden, named(sales_sheet(), "Видимый"), notes]);
    assert_eq!(choose_sheet(&w, None, &ColumnOverrides::default()).unwrap().index, 1);
}

#[test]
fn requested_sheet_by_name() {
    let w = wb(vec![named(sales_sheet(), "Продажи"), named(sales_sheet(), "Data 2024")]);
    let o = ColumnOverrides::default();
    assert_eq!(choose_sheet(&w, Some("Data 2024"), &o).unwrap().index, 1);
    let c = choose_sheet(&w, Some("  data 2024 "), &o).unwrap();
    assert_eq!((c.index, c.reason.as_str()), (1, "requested"));
    let err = choose_sheet(&w, Some("Нет"), &o).unwrap_err();
    assert_eq!(err.kind, ErrorKind::SheetNotFound { name: "Нет".into() });
}

#[test]
fn empty_workbook_and_best_error() {
    let o = ColumnOverrides::default();
    let mut chart = SheetTable::new("Chart");
    chart.is_chart = true;
    let w = wb(vec![SheetTable::new("Пусто"), chart]);
    assert_eq!(choose_sheet(&w, None, &o).unwrap_err().code(), "empty_workbook");
    let one = wb(vec![named(sales_sheet(), "Лист1")]);
    assert_eq!(choose_sheet(&one, None, &o).unwrap().reason, "only_sheet");
    let no_client = grid(0, 0, &[&["Товар", "Сумма"], &["Фен", "10"], &["Утюг", "20"]]);
    let w = wb(vec![named(no_client.clone(), "A"), named(no_client, "B")]);
    let err = choose_sheet(&w, None, &o).unwrap_err();
    assert_eq!(err.code(), "no_client_column");
    assert_eq!(err.sheet.as_deref(), Some("A"));
}

#[test]
fn date_header_over_plain_serial_numbers_and_month_text() {
    let s = grid(
        0,
        0,
        &[
            &["Дата", "Клиент", "Сумма", "Период"],
            &["45500", "ООО «Ромашка»", "10", "Октябрь 2024"],
            &["45501", "ИП Петров А.А.", "20", "Ноябрь 2024"],
        ],
    );
    assert_role(&detect(&s).unwrap(), Role::Date, "Дата", "A");
    let o = ColumnOverrides::default().with(Role::Date, "D");
    assert_role(&detect_layout(&s, false, &o).unwrap(), Role::Date, "Период", "D");
}

#[test]
fn odd_cells_never_panic() {
    let mut s = SheetTable::new("odd");
    s.rows.push(Row {
        index: 0,
        cells: vec![
            (0, Cell::Error("#REF!".into())),
            (1, Cell::Bool(true)),
            (2, Cell::number(f64::NAN)),
            (3, Cell::Text("".into())),
            (16_383, Cell::Text("Клиент".into())),
        ],
    });
    s.rows.push(Row {
        index: 1_048_575,
        cells: vec![
            (0, Cell::number(f64::INFINITY)),
            (16_383, Cell::Text("(1)".into())),
            (16_382, Cell::DateIso("2024-01-01".into())),
        ],
    });
    let mut rows = s.rows.take_vec();
    rows.sort_by_key(|r| r.index);
    for r in &mut rows {
        r.cells.sort_by_key(|(c, _)| *c);
    }
    s.rows = rows.into();
    let _ = detect(&s);
    let _ = choose_sheet(
        &wb(vec![s.clone(), SheetTable::new("empty")]),
        None,
        &ColumnOverrides::default(),
    );
    for spec in ["", " ", "XFD", "XFE", "AAAA", "1", "Клиент"] {
        let o = ColumnOverrides::default()
            .with(Role::Client, spec)
            .with(Role::Amount, spec);
        let _ = detect_layout(&s, false, &o);
    }
}

#[test]
fn every_corpus_sheet_is_detected_without_panic() {
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let readable = [".xlsx", ".xls"].iter().any(|e| name.ends_with(e))
            && !name.contains("pass_protected")
            && !name.contains("issue252")
            && !name.contains("too_small")
            && !name.starts_with("sales_data_sample")
            && !name.starts_with("superstore");
        if !readable {
            continue;
        }
        let wb = open_corpus(&name);
        for s in &wb.sheets {
            let _ = detect_layout(s, wb.epoch_1904, &ColumnOverrides::default());
        }
        let _ = choose_sheet(&wb, None, &ColumnOverrides::default());
    }
}

#[test]
fn billing_date_and_gross_amount() {
    let s = grid(
        0,
        0,
        &[
            &[
                "Sold-To Party",
                "Billing Date",
                "Net Amount",
                "VAT",
                "Gross Amount",
                "Sales Rep",
            ],
            &["Acme Inc", "03/01/2024", "1,000.50", "200.10", "1,200.60", "John Smith"],
            &["Globex LLC", "03/02/2024", "2,000.00", "400.00", "2,400.00", "Jane Doe"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Client, "Sold-To Party", "A");
    assert_role(&l, Role::Date, "Billing Date", "B");
    assert_role(&l, Role::Amount, "Gross Amount", "E");
    assert_role(&l, Role::Manager, "Sales Rep", "F");
    assert!(
        l.notes
            .iter()
            .any(|n| n.code == "amount_choice" && n.detail.as_deref() == Some("Net Amount"))
    );
}

// Issue 10: the shapes of real exports that fooled the old heuristics.

#[test]
fn a_blank_header_over_the_first_column_of_names_is_the_client() {
    let s = grid(
        0,
        0,
        &[
            &["Sales by Customer Summary"],
            &["", "Total"],
            &["Amy's Bird Sanctuary", "1,250.00"],
            &["Bill's Windsurf Shop", "85.00"],
            &["Cool Cars", "2,194.00"],
            &["Diego Rodriguez", "160.00"],
            &["TOTAL", "3,689.00"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Client, "", "A");
    assert_role(&l, Role::Amount, "Total", "B");
    let codes: Vec<&str> = l.notes.iter().map(|n| n.code.as_str()).collect();
    assert!(
        codes.contains(&"client_column_unnamed") && codes.contains(&"amount_total_header"),
        "{codes:?}"
    );
}

#[test]
fn a_lone_itogo_column_is_the_amount() {
    let s = grid(
        0,
        0,
        &[
            &["Контрагент", "Количество", "Итого"],
            &["ООО Ромашка", "10", "1 000,00"],
            &["ООО Вектор", "5", "2 500,00"],
            &["ИП Петров", "1", "300,00"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Amount, "Итого", "C");
    assert_role(&l, Role::Quantity, "Количество", "B");
}

#[test]
fn the_company_is_the_client_not_the_contact_person() {
    for (person, company) in [("Контактное лицо", "Организация"), ("Customer Name", "Company Name")]
    {
        let s = grid(
            0,
            0,
            &[
                &["Дата", person, company, "Сумма"],
                &["01.03.2024", "Иванов Иван", "ООО Ромашка", "1000"],
                &["02.03.2024", "Петров Пётр", "ООО Ромашка", "2000"],
                &["03.03.2024", "Сидорова Анна", "ООО Вектор", "500"],
                &["04.03.2024", "Кузнецов Олег", "АО Гранит", "3000"],
            ],
        );
        let l = detect(&s).unwrap();
        assert_role(&l, Role::Client, company, "C");
        let c = l.column(Role::Client).unwrap();
        assert_eq!(c.alternatives.first().map(|a| a.header.as_str()), Some(person));
        assert!(l.notes.iter().any(|n| n.code == "client_company_over_contact"));
    }
}

#[test]
fn our_own_firm_in_an_organisation_column_is_not_the_client() {
    let s = grid(
        0,
        0,
        &[
            &["Контрагент", "Организация", "Сумма"],
            &["ООО Ромашка", "ИП Сидоров А.В.", "1000"],
            &["ООО Вектор", "ИП Сидоров А.В.", "2000"],
            &["АО Гранит", "ИП Сидоров А.В.", "500"],
        ],
    );
    assert_role(&detect(&s).unwrap(), Role::Client, "Контрагент", "A");
}

#[test]
fn net_of_discounts_over_gross() {
    let s = grid(
        0,
        0,
        &[
            &["Customer", "Gross Sales", "Discount", "Net Sales"],
            &["Acme Corp", "1000", "100", "900"],
            &["Globex", "2000", "0", "2000"],
            &["Initech", "500", "50", "450"],
        ],
    );
    let l = detect(&s).unwrap();
    assert_role(&l, Role::Amount, "Net Sales", "D");
    assert!(
        l.notes
            .iter()
            .any(|n| n.code == "amount_net_choice" && n.detail.as_deref() == Some("Gross Sales"))
    );
}

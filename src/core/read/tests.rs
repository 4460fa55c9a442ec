//! Unit tests of the reading layer: sniffing, CSV dialects, limits, and the
//! real-world corpus (`KEYACCOUNTS_CORPUS`, default `../shared/corpus`).

use std::path::PathBuf;

use super::read_workbook;
use super::sniff::{Sniffed, sniff_format};
use crate::core::options::Limits;
use crate::core::table::{Cell, Format, SheetTable, Visibility, Workbook};

// ------------------------------------------------------------------ helpers

fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var("KEYACCOUNTS_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("corpus not found at {} (set KEYACCOUNTS_CORPUS)", dir.display());
    }
    eprintln!("corpus not found at {}, skipping", dir.display());
    None
}

/// Reads a corpus file; `None` when the corpus is absent (test skipped).
fn corpus(name: &str) -> Option<Vec<u8>> {
    let dir = corpus_dir()?;
    Some(std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn read_ok(name: &str) -> Option<Workbook> {
    let bytes = corpus(name)?;
    Some(read_workbook(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn err_code(name: &str) -> Option<&'static str> {
    let bytes = corpus(name)?;
    match read_workbook(&bytes, &Limits::default()) {
        Ok(wb) => panic!("{name}: expected an error, got {} sheets", wb.sheets.len()),
        Err(e) => Some(e.code()),
    }
}

fn sheet<'a>(wb: &'a Workbook, name: &str) -> &'a SheetTable {
    wb.sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn text(t: &SheetTable, row: u32, col: u32) -> String {
    t.row(row)
        .and_then(|r| r.get(col).map(|c| c.to_text()))
        .unwrap_or_default()
}

fn csv_of(bytes: &[u8]) -> Result<Workbook, crate::core::error::Error> {
    read_workbook(bytes, &Limits::default())
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn xlsx_bytes(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    build(ws);
    wb.save_to_buffer().unwrap()
}

// ------------------------------------------------------------------ sniffing

#[test]
fn sniffing_uses_magic_bytes() {
    let cases: &[(&[u8], Sniffed)] = &[
        (b"PK\x03\x04rest", Sniffed::Zip),
        (&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], Sniffed::Ole),
        (b"a;b\n1;2\n", Sniffed::Text),
        (b"\xEF\xBB\xBFa,b\n", Sniffed::Text),
        (&[0xFF, 0xFE, b'a', 0, b'\t', 0, b'b', 0], Sniffed::Text),
        (b"MOXCEL\x00\x01\x02\x03", Sniffed::Mxl),
        (b"{\"#\",acf6192e-81ca-46ef-93a6-5a6968b78663,\n", Sniffed::Mxl),
        (b"\xEF\xBB\xBF{8,2,\n{0,0}}", Sniffed::Mxl),
        (b"<html><body><table><tr><td>1</td></tr></table>", Sniffed::Html),
        (b"  <!DOCTYPE html>\n<html>", Sniffed::Html),
        (
            b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
            Sniffed::XmlSpreadsheet,
        ),
        (b"%PDF-1.7\n", Sniffed::Pdf),
        (b"\x00\x01\x02\x03\x04binary", Sniffed::Unknown),
        (b"", Sniffed::Unknown),
    ];
    for (bytes, want) in cases {
        assert_eq!(sniff_format(bytes), *want, "{:?}", String::from_utf8_lossy(bytes));
    }
}

#[test]
fn recognised_unsupported_formats_carry_a_hint() {
    for (bytes, hint) in [
        (&b"MOXCEL\x00\x00"[..], Some("mxl")),
        (b"<html><table><tr><td>x</td></tr></table></html>", Some("html")),
        (b"\x00\x01\x02\x03\xff\xfe\xfd junk", None),
    ] {
        let e = csv_of(bytes).unwrap_err();
        assert_eq!(e.code(), "unsupported_format");
        assert_eq!(e.kind, crate::core::error::ErrorKind::UnsupportedFormat { hint });
    }
}

// ------------------------------------------------------------------ csv

struct CsvCase {
    name: &'static str,
    bytes: Vec<u8>,
    /// Expected dialect note, cells at (row, col) → text.
    dialect: &'static str,
    cells: &'static [(u32, u32, &'static str)],
    width: u32,
}

#[test]
fn csv_dialects_are_detected() {
    let (cp1251, _, _) =
        encoding_rs::WINDOWS_1251.encode("Клиент;Сумма\nАзанов Х.З. ИП;4330,00\nЯнтарь ООО;1 234,50\n");
    let cases = vec![
        CsvCase {
            name: "utf-8 bom, semicolon",
            bytes: "\u{feff}Клиент;Сумма\nАльфа;100,5\nБета;200\n".as_bytes().to_vec(),
            dialect: "encoding=utf-8;bom=yes;delimiter=semicolon",
            cells: &[(0, 0, "Клиент"), (1, 1, "100,5"), (2, 0, "Бета")],
            width: 2,
        },
        CsvCase {
            name: "utf-16le bom, tab (Excel unicode text)",
            bytes: utf16le_bom("Client\tAmount\tDate\r\nAcme\t10.5\t2024-01-02\r\nBeta\t20\t2024-01-03\r\n"),
            dialect: "encoding=utf-16le;bom=yes;delimiter=tab",
            cells: &[(0, 2, "Date"), (1, 0, "Acme"), (2, 1, "20")],
            width: 3,
        },
        CsvCase {
            name: "utf-16be without bom, comma, old Mac CR line ends",
            bytes: utf16be("a,b\r1,2\r3,4\r"),
            dialect: "encoding=utf-16be;bom=no;delimiter=comma",
            cells: &[(0, 0, "a"), (2, 1, "4")],
            width: 2,
        },
        CsvCase {
            name: "windows-1251, semicolon with decimal commas",
            bytes: cp1251.into_owned(),
            dialect: "encoding=windows-1251;bom=no;delimiter=semicolon",
            cells: &[(0, 0, "Клиент"), (1, 0, "Азанов Х.З. ИП"), (2, 1, "1 234,50")],
            width: 2,
        },
        CsvCase {
            name: "comma with quoted delimiters, quotes and a newline",
            bytes:
                b"name,amount,note\n\"Smith, John\",\"1,200.50\",\"said \"\"hi\"\"\"\n\"Multi\nline\",3,x\nLast,4,\n"
                    .to_vec(),
            dialect: "encoding=utf-8;bom=no;delimiter=comma",
            cells: &[
                (1, 0, "Smith, John"),
                (1, 1, "1,200.50"),
                (1, 2, "said \"hi\""),
                (2, 0, "Multi\nline"),
                (3, 0, "Last"),
            ],
            width: 3,
        },
        CsvCase {
            name: "pipe, CRLF, blank line keeps row numbers, spaces kept",
            bytes: b"a|b\r\n\r\n c | d\r\n".to_vec(),
            dialect: "encoding=utf-8;bom=no;delimiter=pipe",
            cells: &[(0, 1, "b"), (2, 0, " c "), (2, 1, " d")],
            width: 2,
        },
        CsvCase {
            name: "Excel sep= hint line",
            bytes: b"sep=,\r\nname;x,amount\r\nA;1,2\r\n".to_vec(),
            dialect: "encoding=utf-8;bom=no;delimiter=comma",
            cells: &[(0, 0, "name;x"), (1, 1, "2")],
            width: 2,
        },
    ];
    for case in cases {
        let wb = csv_of(&case.bytes).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(wb.format, Format::Csv, "{}", case.name);
        assert_eq!(wb.notes.len(), 1, "{}", case.name);
        assert_eq!(wb.notes[0].code, "csv_dialect");
        assert_eq!(wb.notes[0].detail.as_deref(), Some(case.dialect), "{}", case.name);
        let t = &wb.sheets[0];
        assert_eq!(t.width(), case.width, "{}", case.name);
        for &(r, c, want) in case.cells {
            assert_eq!(
                t.row(r).and_then(|row| row.get(c).cloned()),
                Some(Cell::Text(want.into())),
                "{} ({r},{c})",
                case.name
            );
        }
    }
}

#[test]
fn csv_empty_fields_are_absent_cells() {
    let wb = csv_of(b"a;b;c\n1;;3\n").unwrap();
    let row = wb.sheets[0].row(1).unwrap();
    assert_eq!(row.cells.len(), 2);
    assert_eq!(row.get(1), None);
}

#[test]
fn text_that_is_no_table_is_unsupported() {
    let cases: &[(&str, &[u8])] = &[
        ("prose", b"Hello there, this is a letter.\nIt has no table in it; really none.\nRegards, me\nP.S. nothing, really, nothing\n"),
        ("one column", b"alpha\nbeta\ngamma\n"),
        ("inconsistent", b"a,b\nc,d,e,f\ng\nh;i\nj,k,l\n"),
        ("nul bytes", b"a;b\n1;\x002\n3;4\x00\n"),
        ("control byte", b"a;b\n1;\x072\n3;4\n"),
        ("form feed", b"a;b\n1;2\x0c\n3;4\n"),
        ("binary junk", &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]),
        ("68-byte note", b"Attachment f:\\attachcus\\arnold-j\\Summer trading shots.xls not found!"),
    ];
    for (name, bytes) in cases {
        let e = csv_of(bytes).expect_err(name);
        assert_eq!(e.code(), "unsupported_format", "{name}: {e}");
    }
}

#[test]
fn csv_repairs_are_noted_with_the_rows_they_touch() {
    let note_rows = |wb: &Workbook, code: &str| wb.notes.iter().find(|n| n.code == code).map(|n| n.rows.first.clone());
    // After a `sep=` line and a blank line: a bad byte on file line 5 is row 4
    // (the hint line is dropped, the blank line keeps its row).
    let mut bytes = "sep=;\nname;amount\n\nАнна;1\nБорис;2\nВера;3\n".as_bytes().to_vec();
    let at = bytes.windows(2).position(|w| w == b";2").unwrap();
    bytes.insert(at, 0xFF); // a stray byte after «Борис»
    let wb = csv_of(&bytes).unwrap();
    assert_eq!(note_rows(&wb, "csv_invalid_bytes"), Some(vec![4]));
    assert_eq!(text(&wb.sheets[0], 3, 0), "Борис\u{fffd}");
    // A stray quote on row 3 of CR-only text; the rows after it keep their numbers.
    let wb = csv_of(b"a;b\r1;2\r\"x;3\r4;5\r6;7\r").unwrap();
    assert_eq!(note_rows(&wb, "csv_unclosed_quote"), Some(vec![3]));
    assert_eq!(text(&wb.sheets[0], 2, 0), "\"x");
    assert_eq!(text(&wb.sheets[0], 4, 1), "7");
    // Filled fields beyond the header's width.
    let wb = csv_of(b"a;b\n1;2\n3;4;;;x\n5;6;;\n7;8\n9;0\n").unwrap();
    assert_eq!(note_rows(&wb, "csv_extra_fields"), Some(vec![3]));
}

// ------------------------------------------------------------------ limits

#[test]
fn each_limit_stops_with_too_large() {
    let csv = b"a;b;c\n1;2;3\n4;5;6\n7;8;9\n".to_vec();
    let xlsx = xlsx_bytes(|ws| {
        for r in 0..20u32 {
            ws.write_string(r, 0, "client name").unwrap();
            ws.write_number(r, 1, f64::from(r)).unwrap();
        }
    });
    let base = Limits::default();
    let cases: Vec<(&str, Limits, &Vec<u8>)> = vec![
        (
            "max_file_bytes",
            Limits {
                max_file_bytes: 10,
                ..base.clone()
            },
            &csv,
        ),
        (
            "max_cells",
            Limits {
                max_cells: 5,
                ..base.clone()
            },
            &csv,
        ),
        (
            "max_text_bytes",
            Limits {
                max_text_bytes: 8,
                ..base.clone()
            },
            &csv,
        ),
        (
            "max_rows",
            Limits {
                max_rows: 2,
                ..base.clone()
            },
            &csv,
        ),
        (
            "max_cells",
            Limits {
                max_cells: 30,
                ..base.clone()
            },
            &xlsx,
        ),
        (
            "max_text_bytes",
            Limits {
                max_text_bytes: 100,
                ..base.clone()
            },
            &xlsx,
        ),
        (
            "max_rows",
            Limits {
                max_rows: 10,
                ..base.clone()
            },
            &xlsx,
        ),
        (
            "max_decompressed_bytes",
            Limits {
                max_decompressed_bytes: 100,
                ..base.clone()
            },
            &xlsx,
        ),
    ];
    for (limit, limits, bytes) in cases {
        let e = read_workbook(bytes, &limits).expect_err(limit);
        match e.kind {
            crate::core::error::ErrorKind::TooLarge { limit: got, .. } => assert_eq!(got, limit, "{e}"),
            _ => panic!("{limit}: expected too_large, got {e}"),
        }
    }
    // The same files pass under the defaults.
    assert!(read_workbook(&csv, &base).is_ok());
    assert!(read_workbook(&xlsx, &base).is_ok());
}

#[test]
fn ods_repeat_limit_is_checked_before_expansion() {
    let Some(bytes) = corpus("calamine_merged_cells.ods") else {
        return;
    };
    let tiny = Limits {
        max_ods_repeat: 2,
        ..Limits::default()
    };
    let e = read_workbook(&bytes, &tiny).unwrap_err();
    assert_eq!(
        e.kind,
        crate::core::error::ErrorKind::TooLarge {
            limit: "max_ods_repeat",
            max: 2
        }
    );
}

#[test]
fn lone_cell_far_down_is_streamed_not_expanded() {
    let bytes = xlsx_bytes(|ws| {
        ws.write_string(0, 0, "Client").unwrap();
        ws.write_string(0, 1, "Amount").unwrap();
        ws.write_number(1_000_000, 28, 42.0).unwrap();
    });
    // A dense range would be 1,000,001 × 29 cells: more than this budget.
    let limits = Limits {
        max_cells: 10,
        ..Limits::default()
    };
    let start = std::time::Instant::now();
    let wb = read_workbook(&bytes, &limits).unwrap();
    assert!(start.elapsed().as_secs_f64() < 1.0);
    let t = &wb.sheets[0];
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.cell_count(), 3);
    assert_eq!(
        t.row(1_000_000).and_then(|r| r.get(28).cloned()),
        Some(Cell::number(42.0))
    );
}

#[test]
fn xlsx_cells_are_typed_and_merges_kept() {
    let bytes = xlsx_bytes(|ws| {
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        ws.write_string(0, 0, "Title").unwrap();
        ws.merge_range(0, 0, 0, 3, "Title", &rust_xlsxwriter::Format::new())
            .unwrap();
        ws.write_string(1, 0, " ").unwrap();
        ws.write_number(1, 1, 12.5).unwrap();
        ws.write_boolean(1, 2, true).unwrap();
        ws.write_number_with_format(1, 3, 45292.0, &date).unwrap();
    });
    let wb = read_workbook(&bytes, &Limits::default()).unwrap();
    assert_eq!(wb.format, Format::Xlsx);
    assert!(!wb.epoch_1904);
    let t = &wb.sheets[0];
    assert_eq!(t.merges.len(), 1);
    assert_eq!((t.merges[0].first_col, t.merges[0].last_col), (0, 3));
    let row = t.row(1).unwrap();
    assert_eq!(row.get(0), Some(&Cell::Text(" ".into())));
    assert_eq!(row.get(1), Some(&Cell::number(12.5)));
    assert_eq!(row.get(2), Some(&Cell::Bool(true)));
    assert_eq!(row.get(3), Some(&Cell::date_time(45292.0)));
}

// ------------------------------------------------------------------ corpus

const CORPUS: &[&str] = &[
    "calamine_any_sheets.xlsx",
    "calamine_biff5-rich-text-string.xls",
    "calamine_date_1904.xlsb",
    "calamine_gh548_incorrect_sst_unique_count.xls",
    "calamine_issue252.xlsx",
    "calamine_issue444.xls",
    "calamine_issue_594_dos.ods",
    "calamine_merged_cells.ods",
    "calamine_merged_range.xls",
    "calamine_merged_range.xlsx",
    "calamine_minimal_package.xlsx",
    "calamine_pass_protected.ods",
    "calamine_pass_protected.xlsx",
    "calamine_pivots_grand_total.xlsx",
    "calamine_sheet_name_parsing.xls",
    "calamine_too_small.xls",
    "enron_colsale_aug2000_monoclient.xls",
    "ru_1c_otgruzka_sector1_2024-04_biff7_nocodepage.xls",
    "ru_1c_otgruzka_sector1_2024-10_11.xlsx",
    "ru_marketplace_geography_no_client.xlsx",
    "ru_retail_staff_report_no_client.xlsx",
    "ru_wide_products_by_month.xlsx",
    "sales_data_sample_classicmodels.xlsx",
    "superstore_tableau_orders.xls",
];

#[test]
fn every_corpus_file_reads_or_fails_cleanly() {
    let Some(dir) = corpus_dir() else { return };
    let expected_errors = [
        ("calamine_pass_protected.xlsx", "password_protected"),
        ("calamine_pass_protected.ods", "password_protected"),
        ("calamine_issue252.xlsx", "damaged_file"),
        ("calamine_too_small.xls", "unsupported_format"),
        ("calamine_issue_594_dos.ods", "too_large"),
    ];
    for name in CORPUS {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let start = std::time::Instant::now();
        let got = read_workbook(&bytes, &Limits::default());
        let ms = start.elapsed().as_millis();
        match (&got, expected_errors.iter().find(|(n, _)| n == name)) {
            (Err(e), Some((_, code))) => assert_eq!(e.code(), *code, "{name}: {e}"),
            (Ok(_), Some((_, code))) => panic!("{name}: expected {code}"),
            (Err(e), None) => panic!("{name}: {e}"),
            (Ok(wb), None) => {
                assert!(!wb.sheets.is_empty(), "{name}");
                assert!(wb.sheets.iter().any(|s| s.cell_count() > 0), "{name}");
            }
        }
        match got {
            Ok(wb) => {
                let sheets: Vec<String> = wb
                    .sheets
                    .iter()
                    .map(|s| {
                        format!(
                            "{}[{:?}{}]:{}x{} {}c {}m",
                            s.name,
                            s.visibility,
                            if s.is_chart { ",chart" } else { "" },
                            s.rows.last().map_or(0, |r| r.index + 1),
                            s.width(),
                            s.cell_count(),
                            s.merges.len()
                        )
                    })
                    .collect();
                eprintln!(
                    "{name}: {:?} 1904={} notes={:?} {ms}ms :: {}",
                    wb.format,
                    wb.epoch_1904,
                    wb.notes
                        .iter()
                        .map(|n| format!("{}={:?}", n.code, n.detail))
                        .collect::<Vec<_>>(),
                    sheets.join(" | ")
                );
            }
            Err(e) => eprintln!("{name}: ERR {} ({e}) {ms}ms", e.code()),
        }
    }
}

#[test]
fn corpus_expected_errors() {
    for (name, code) in [
        ("calamine_pass_protected.xlsx", "password_protected"),
        ("calamine_pass_protected.ods", "password_protected"),
        ("calamine_issue252.xlsx", "damaged_file"),
        ("calamine_too_small.xls", "unsupported_format"),
        ("calamine_issue_594_dos.ods", "too_large"),
    ] {
        let Some(got) = err_code(name) else { return };
        assert_eq!(got, code, "{name}");
    }
}

#[test]
fn ods_dos_file_fails_fast_on_the_repeat_limit() {
    let Some(bytes) = corpus("calamine_issue_594_dos.ods") else {
        return;
    };
    let start = std::time::Instant::now();
    let e = read_workbook(&bytes, &Limits::default()).unwrap_err();
    assert!(start.elapsed().as_secs_f64() < 1.0);
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge {
                limit: "max_ods_repeat",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn classicmodels_declared_dimension_is_not_expanded() {
    let Some(wb) = read_ok("sales_data_sample_classicmodels.xlsx") else {
        return;
    };
    let t = &wb.sheets[0];
    assert_eq!(t.name, "Sales_Data_Sample");
    // 2,823 data rows + header + the side block, and the lone total far down.
    assert!(t.rows.len() < 3000, "{}", t.rows.len());
    let last = t.rows.last().unwrap();
    assert_eq!(last.index, 1_048_575);
    assert!(t.cell_count() < 2900 * 29);
}

#[test]
fn date_1904_xlsb_keeps_raw_serial_and_flag() {
    let Some(wb) = read_ok("calamine_date_1904.xlsb") else {
        return;
    };
    assert_eq!(wb.format, Format::Xlsb);
    assert!(wb.epoch_1904);
    let a1 = wb.sheets[0].row(0).and_then(|r| r.get(0).cloned());
    // 2021-01-01 is serial 44197 in the 1900 system, 44197 − 1462 = 42735 in 1904's.
    assert_eq!(a1, Some(Cell::date_time(42735.0)));
}

#[test]
fn any_sheets_lists_all_with_visibility() {
    let Some(wb) = read_ok("calamine_any_sheets.xlsx") else {
        return;
    };
    let got: Vec<(&str, Visibility, bool)> = wb
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.visibility, s.is_chart))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Visible", Visibility::Visible, false),
            ("Hidden", Visibility::Hidden, false),
            ("VeryHidden", Visibility::VeryHidden, false),
            ("Chart", Visibility::Visible, true),
        ]
    );
    let v = sheet(&wb, "Visible");
    // 1,2 / 3,4 / 5,6 and a note in row 5.
    assert_eq!(v.cell_count(), 7);
    assert_eq!(v.row(2).and_then(|r| r.get(1).cloned()), Some(Cell::number(6.0)));
    assert!(sheet(&wb, "Chart").rows.is_empty());
}

#[test]
fn biff7_without_codepage_is_repaired_to_cp1251() {
    let Some(wb) = read_ok("ru_1c_otgruzka_sector1_2024-04_biff7_nocodepage.xls") else {
        return;
    };
    assert_eq!(wb.format, Format::Xls);
    assert!(
        wb.notes
            .iter()
            .any(|n| n.code == "encoding_repaired" && n.detail.as_deref() == Some("windows-1251"))
    );
    let t = &wb.sheets[0];
    let all: Vec<String> = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|(_, c)| c.to_text()).collect::<Vec<_>>())
        .collect();
    assert!(
        all.iter().any(|s| s.contains("Сектор") && s.contains("Клиент")),
        "{:?}",
        &all[..all.len().min(20)]
    );
    assert!(all.iter().any(|s| s.contains("Азанов Х.З. ИП")));
    // Column G, rows 11..=147 (1-based): the amounts, whatever calamine typed them as.
    let mut sum = 0.0;
    for r in 10..=146u32 {
        match t.row(r).and_then(|row| row.get(6).cloned()) {
            Some(Cell::Number(n) | Cell::DateTime(n)) => sum += n.get(),
            Some(other) => panic!("G{}: {other:?}", r + 1),
            None => {}
        }
    }
    assert!((sum - 1_759_564.08).abs() < 0.01, "{sum}");
}

#[test]
fn biff5_latin_rich_text_is_not_repaired() {
    let Some(wb) = read_ok("calamine_biff5-rich-text-string.xls") else {
        return;
    };
    assert!(wb.notes.is_empty(), "{:?}", wb.notes);
    assert_eq!(
        text(&wb.sheets[0], 0, 0),
        "ELECTORAL DIVISION OF SOMERSET EAST ; FIELD-CÓRNËTCY No. 5, ZWAGERSHÓÊN."
    );
}

#[test]
fn sheet_name_parsing_has_no_nuls() {
    let Some(wb) = read_ok("calamine_sheet_name_parsing.xls") else {
        return;
    };
    assert_eq!(wb.sheets[0].name, "Sheet1");
    for row in &wb.sheets[0].rows {
        for (_, c) in &row.cells {
            assert!(!c.to_text().contains('\0'), "{c:?}");
        }
    }
    assert!(wb.sheets[0].cell_count() > 0);
}

#[test]
fn superstore_xls_reads_fast() {
    let Some(bytes) = corpus("superstore_tableau_orders.xls") else {
        return;
    };
    let start = std::time::Instant::now();
    let wb = read_workbook(&bytes, &Limits::default()).unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(secs < 2.0, "{secs}s");
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Orders", "Returns", "People"]);
    let orders = sheet(&wb, "Orders");
    assert_eq!(orders.rows.len(), 9_995);
    assert_eq!(text(orders, 0, 0), "Row ID");
}

#[test]
fn merged_ranges_are_reported() {
    for name in ["calamine_merged_range.xlsx", "calamine_merged_range.xls"] {
        let Some(wb) = read_ok(name) else { return };
        assert!(wb.sheets.iter().any(|s| !s.merges.is_empty()), "{name}");
    }
}

#[test]
fn gh548_sst_with_continue_records() {
    let Some(wb) = read_ok("calamine_gh548_incorrect_sst_unique_count.xls") else {
        return;
    };
    assert_eq!(wb.sheets.len(), 7);
    assert_eq!(text(sheet(&wb, "System Level Data"), 9, 2), "11th May 2023");
}

/// Patches the first BIFF8 DIMENSIONS record of a sheet (not the globals).
fn patch_dimensions(bytes: &mut [u8], rf: u32, rl: u32) -> bool {
    let pat = [0x00u8, 0x02, 0x0E, 0x00];
    match bytes.windows(4).position(|w| w == pat) {
        Some(at) => {
            bytes[at + 4..at + 8].copy_from_slice(&rf.to_le_bytes());
            bytes[at + 8..at + 12].copy_from_slice(&rl.to_le_bytes());
            true
        }
        None => false,
    }
}

#[test]
fn forged_xls_dimensions_are_refused_before_calamine() {
    let Some(orig) = corpus("calamine_issue444.xls") else {
        return;
    };
    let mut huge = orig.clone();
    assert!(patch_dimensions(&mut huge, 0, 0xFFFF_FFF0));
    let e = read_workbook(&huge, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge { limit: "max_cells", .. }
        ),
        "{e}"
    );

    let mut inverted = orig.clone();
    assert!(patch_dimensions(&mut inverted, 100, 5));
    assert_eq!(
        read_workbook(&inverted, &Limits::default()).unwrap_err().code(),
        "damaged_file"
    );
}

#[test]
fn xls_dense_ranges_count_against_max_cells() {
    let Some(bytes) = corpus("superstore_tableau_orders.xls") else {
        return;
    };
    // Orders alone is 9,995 × 21 dense cells.
    let limits = Limits {
        max_cells: 100_000,
        ..Limits::default()
    };
    let e = read_workbook(&bytes, &limits).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge { limit: "max_cells", .. }
        ),
        "{e}"
    );
}

#[test]
fn ole_without_workbook_is_unsupported() {
    let Some(bytes) = corpus("calamine_pass_protected.xlsx") else {
        return;
    };
    let names = super::ole::directory_names(&bytes);
    assert!(names.iter().any(|n| n == "EncryptedPackage"), "{names:?}");
}

/// A small deterministic fuzz pass: flipped bytes and truncations of the
/// small corpus files must give `Ok` or a clean error, never a panic.
#[test]
fn mutated_corpus_files_never_panic() {
    let Some(dir) = corpus_dir() else { return };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let rounds: usize = std::env::var("KEYACCOUNTS_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let mut panicked = Vec::new();
    let mut debug_only = 0usize;
    for name in CORPUS {
        let orig = std::fs::read(dir.join(name)).unwrap();
        if orig.len() > 64 * 1024 {
            continue;
        }
        for round in 0..rounds {
            let mut b = orig.clone();
            if round % 5 == 4 {
                let cut = 8 + (next() as usize) % b.len().saturating_sub(8).max(1);
                b.truncate(cut);
            } else {
                for _ in 0..1 + next() % 8 {
                    let at = 8 + (next() as usize) % b.len().saturating_sub(8).max(1);
                    if let Some(x) = b.get_mut(at) {
                        *x ^= 1 << (next() % 8);
                    }
                }
            }
            let r = std::panic::catch_unwind(|| read_workbook(&b, &Limits::default()).map(|_| ()));
            if let Err(payload) = &r {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                // Arithmetic overflow checks exist only in debug builds; the
                // release (wasm) build wraps, e.g. calamine's A1-reference
                // parser on a 9-letter column name. Counted, not failed.
                if msg.starts_with("attempt to") && msg.ends_with("with overflow") {
                    debug_only += 1;
                    continue;
                }
                let _ = std::fs::write(
                    std::env::temp_dir().join(format!("keyaccounts-fuzz-{round}-{name}")),
                    &b,
                );
                panicked.push(format!("{name} round {round}"));
            }
        }
    }
    eprintln!("debug-only overflow panics: {debug_only}");
    assert!(panicked.is_empty(), "panics: {panicked:?}");
}

/// A minimal ODS package around `table_xml` (the body of office:spreadsheet).
fn ods_bytes(table_xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    w.start_file("content.xml", deflated).unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table_xml}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn ods_style_only_repeats_do_not_count_but_value_repeats_do() {
    // LibreOffice pads sheets with style-only cells and rows repeated to the
    // grid's end: empty to calamine, so accepted.
    let padded = ods_bytes(
        r#"<table:table table:name="Data"><table:table-row><table:table-cell office:value-type="string"><text:p>Client</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12.5"><text:p>12.5</text:p></table:table-cell><table:table-cell table:style-name="ce1" table:number-columns-repeated="16382"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
    );
    let wb = read_workbook(&padded, &Limits::default()).unwrap();
    assert_eq!(wb.format, Format::Ods);
    assert_eq!(wb.sheets[0].name, "Data");
    assert_eq!(
        wb.sheets[0].row(0).and_then(|r| r.get(1).cloned()),
        Some(Cell::number(12.5))
    );
    assert_eq!(wb.sheets[0].cell_count(), 2);

    // A value repeated over 4,000 columns × 4,000 rows = 16 M cells.
    let bomb = ods_bytes(
        r#"<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="4000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4000"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let e = read_workbook(&bomb, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge {
                limit: "max_ods_repeat",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn ods_space_counts_are_checked_before_expansion() {
    let cell = |spaces: &str| {
        ods_bytes(&format!(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>Клиент</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Сумма</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>ООО<text:s text:c="{spaces}"/>Ромашка</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row></table:table>"#
        ))
    };
    let wb = read_workbook(&cell("2"), &Limits::default()).unwrap();
    assert_eq!(text(&wb.sheets[0], 1, 0), "ООО  Ромашка");
    // 835 bytes that calamine would expand to a billion spaces (2.9 GB, 7 s): refused first.
    let t = std::time::Instant::now();
    let e = read_workbook(&cell("1000000000"), &Limits::default()).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge {
                limit: "max_text_bytes",
                ..
            }
        ),
        "{e}"
    );
    assert!(t.elapsed().as_secs() < 2, "refused only after {:?}", t.elapsed());
}

/// `bytes` (a zip) with the entry `name` rewritten by `change`.
fn rewrite_entry(bytes: &[u8], name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut body = Vec::new();
        entry.read_to_end(&mut body).unwrap();
        if entry_name == name {
            body = change(String::from_utf8(body).unwrap()).into_bytes();
        }
        w.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn xlsx_shared_string_counts_are_checked_before_calamine_reserves_them() {
    let honest = xlsx_bytes(|ws| {
        ws.write(0, 0, "Клиент").unwrap();
        ws.write(0, 1, "Сумма").unwrap();
        ws.write(1, 0, "ООО Ромашка").unwrap();
        ws.write(1, 1, 5).unwrap();
    });
    assert!(read_workbook(&honest, &Limits::default()).is_ok());
    let declare = |n: &str| {
        rewrite_entry(&honest, "xl/sharedStrings.xml", |xml| {
            let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            format!("{}{n}{}", &xml[..start], &xml[end..])
        })
    };
    // Four billion declared: calamine would reserve 96 GB before reading one string.
    let e = read_workbook(&declare("4000000000"), &Limits::default()).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge {
                limit: "max_shared_strings",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("4000000000"), "{e}");
    // A count that is merely wrong, within the limit, is calamine's to ignore.
    assert!(read_workbook(&declare("7000000"), &Limits::default()).is_ok());
}

#[test]
fn cell_texts_beyond_excels_limit_are_cut_and_said() {
    // A 5-million-character field (CSV) and the same text in an xlsx cell.
    let long = format!("ООО {}", "Я".repeat(5_000_000));
    let csv = format!("Клиент;Сумма\n{long};100\nИП Гамма;300\n");
    // rust_xlsxwriter keeps to Excel's limit: the long text goes into the strings part after;
    // 2 MB there (beyond 4 MiB the part is refused whole: max_xml_token_bytes).
    let long_xml = format!("ООО {}", "Я".repeat(1_000_000));
    let short = xlsx_bytes(|ws| {
        ws.write(0, 0, "Клиент").unwrap();
        ws.write(0, 1, "Сумма").unwrap();
        ws.write(1, 0, "PLACEHOLDER").unwrap();
        ws.write(1, 1, 100).unwrap();
    });
    let xlsx = rewrite_entry(&short, "xl/sharedStrings.xml", |xml| {
        xml.replace("PLACEHOLDER", &long_xml)
    });
    for bytes in [csv.into_bytes(), xlsx] {
        let wb = read_workbook(&bytes, &Limits::default()).unwrap();
        let cut = text(&wb.sheets[0], 1, 0);
        assert_eq!(
            cut.chars().count(),
            crate::core::read::sink::MAX_CELL_CHARS,
            "{:?}",
            wb.format
        );
        assert!(long.starts_with(&cut));
        let note = wb.notes.iter().find(|n| n.code == "cell_text_truncated").expect("said");
        assert_eq!((note.rows.count, note.detail.as_deref()), (1, Some("32767")));
    }
    // At the limit: kept whole, nothing said.
    let exact = "Я".repeat(crate::core::read::sink::MAX_CELL_CHARS);
    let wb = read_workbook(format!("Клиент;Сумма\n{exact};1\n").as_bytes(), &Limits::default()).unwrap();
    assert_eq!(text(&wb.sheets[0], 1, 0), exact);
    assert!(wb.notes.iter().all(|n| n.code != "cell_text_truncated"));
}

/// A CSV line wider than Excel's 16,384 columns keeps the first 16,384 and says how many
/// cells on how many rows were dropped.
#[test]
fn cells_beyond_the_last_column_are_dropped_and_said() {
    let wide = |n: usize| (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>().join(";");
    let mut csv = format!("Клиент;Сумма;{}\nООО Альфа;100;{}\n", wide(20_000), wide(16_383));
    for i in 0..5 {
        csv.push_str(&format!("Клиент {i};{i}\n"));
    }
    let wb = read_workbook(csv.as_bytes(), &Limits::default()).unwrap();
    let sheet = &wb.sheets[0];
    let last = sheet.rows.iter().filter_map(|r| r.cells.last().map(|c| c.0)).max();
    assert_eq!(last, Some(crate::core::read::sink::MAX_COLUMNS - 1));
    let note = wb
        .notes
        .iter()
        .find(|n| n.code == "cells_beyond_last_column")
        .expect("said");
    // Row 1: 20,002 fields, 3,618 beyond; row 2: 16,385 fields, 1 beyond.
    assert_eq!((note.rows.count, note.detail.as_deref()), (2, Some("3619")));
    assert_eq!(note.rows.first, vec![1, 2], "the rows, numbered as in the file");
}

/// Stray NUL bytes in a text file are dropped and their lines named; a text with more than one
/// NUL byte in a hundred is not text.
#[test]
fn stray_nul_bytes_are_dropped_and_their_lines_named() {
    let mut csv = String::from("Клиент;Сумма\n");
    for i in 0..30 {
        csv.push_str(&format!("Клиент {i};{i}\n"));
    }
    csv.push_str("ООО\0 Альфа;1\0\0\n");
    let wb = read_workbook(csv.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(text(&wb.sheets[0], 31, 0), "ООО Альфа");
    assert_eq!(text(&wb.sheets[0], 31, 1), "1");
    let note = wb.notes.iter().find(|n| n.code == "csv_invalid_bytes").expect("said");
    assert_eq!(note.rows.first, vec![32]);
    let binary = "Клиент;Сумма\nА\0\0\0;1\n";
    let e = read_workbook(binary.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(e.code(), "unsupported_format", "{e}");
}

#[test]
fn other_zip_is_unsupported() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"<w:document/>").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert_eq!(
        read_workbook(&bytes, &Limits::default()).unwrap_err().code(),
        "unsupported_format"
    );
}

#[test]
fn fast_xlsx_merge_scan_matches_calamine() {
    use calamine::Reader;
    let Some(dir) = corpus_dir() else { return };
    let generated = xlsx_bytes(|ws| {
        let f = rust_xlsxwriter::Format::new();
        ws.merge_range(0, 0, 0, 3, "Title", &f).unwrap();
        ws.merge_range(2, 1, 5, 1, "Tall", &f).unwrap();
        ws.write_string(10, 0, "mergeCells <mergeCell ref=\"A1:Z9\"/>").unwrap();
    });
    let mut files: Vec<(String, Vec<u8>)> = vec![("generated".into(), generated)];
    for name in CORPUS.iter().filter(|n| n.ends_with(".xlsx")) {
        files.push((name.to_string(), std::fs::read(dir.join(name)).unwrap()));
    }
    let (mut compared, mut by_guard) = (0, 0);
    for (name, bytes) in files {
        let Ok(mut wb) = calamine::Xlsx::new(std::io::Cursor::new(&bytes[..])) else {
            continue;
        };
        let mut zip = zip::ZipArchive::new(super::source::SourceCursor::new(&bytes)).unwrap();
        let paths = super::xlsx_merges::sheet_paths(&mut zip).unwrap_or_else(|| panic!("{name}: no paths"));
        // The inflate guard's scan, made while it inflates every part, is the same scan.
        let guarded = super::inflate_guard::check_inflation(&bytes, &Limits::default()).unwrap();
        for sheet in wb.sheet_names() {
            let Some(path) = paths.get(&sheet) else { continue };
            if path.contains("chartsheets") {
                continue;
            }
            let scan = super::xlsx_merges::scan_sheet(&mut zip, path);
            // Parts outside a worksheets folder (a minimal package's `sheet1.xml`) are left to the reader.
            if let Some(g) = guarded.get(path) {
                assert_eq!(Some(g), scan.as_ref(), "{name}/{sheet}: the guard's scan");
                by_guard += 1;
            }
            let mut fast = scan.map(|s| s.merges).unwrap_or_else(|| panic!("{name}/{sheet}"));
            let mut slow: Vec<_> = wb
                .merge_cells_by_sheet_name(&sheet)
                .unwrap()
                .iter()
                .map(|d| crate::core::table::Merge {
                    first_row: d.start.0,
                    first_col: d.start.1,
                    last_row: d.end.0,
                    last_col: d.end.1,
                })
                .collect();
            let key = |m: &crate::core::table::Merge| (m.first_row, m.first_col, m.last_row, m.last_col);
            fast.sort_by_key(key);
            slow.sort_by_key(key);
            assert_eq!(fast, slow, "{name}/{sheet}");
            compared += 1;
        }
    }
    assert!(compared >= 10 && by_guard >= 10, "{compared} {by_guard}");
}

/// An xlsx's worksheets are inflated once, by the fast reader, through the guard's checks: the
/// scans it leaves are the full pass's, and a part the pass left is checked as it streams.
#[test]
fn streamed_guard_scans_match_the_full_pass() {
    use super::inflate_guard::{StreamGuard, check_inflation, check_inflation_streaming};
    use super::progress::Tracker;
    use super::sink::Budget;
    let bytes = xlsx_bytes(|ws| {
        let f = rust_xlsxwriter::Format::new();
        ws.merge_range(0, 0, 0, 3, "Title", &f).unwrap();
        ws.merge_range(2, 1, 5, 1, "Tall", &f).unwrap();
        ws.write_number(7, 0, 1.0).unwrap();
        ws.group_rows(7, 8).unwrap();
    });
    let limits = Limits::default();
    let full = check_inflation(&bytes, &limits).unwrap();
    assert_eq!(full.len(), 1, "{full:?}");
    let mut guard = check_inflation_streaming(&bytes, &limits).unwrap();
    assert!(
        guard.scans.is_empty(),
        "the worksheet is left to the reader: {:?}",
        guard.scans
    );
    // The fast reader under `limits`, through `guard`.
    let fast = |limits: &Limits, guard: &mut StreamGuard| {
        let mut sink = |_| {};
        let mut tracker = Tracker::new(&mut sink, 1, limits.max_rows);
        super::xlsx_fast::read(
            &bytes,
            &super::workbook::new_table,
            &mut Budget::new(limits),
            &mut tracker,
            guard,
        )
    };
    let book = fast(&limits, &mut guard).unwrap().unwrap();
    assert_eq!(book.sheets.len(), 1);
    assert_eq!(guard.scans, full);
    let scan = full.values().next().unwrap();
    assert_eq!(scan.merges.len(), 2);
    assert_eq!(scan.outline, vec![(7, 1), (8, 1)]);

    // The streamed checks stop a worksheet past the inflate budget with the guard's own error.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let (mut others, mut sheet) = (0, 0);
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        if entry.name().unwrap().contains("worksheets/") {
            sheet += entry.size();
        } else {
            others += entry.size();
        }
    }
    let small = Limits {
        max_decompressed_bytes: others + sheet / 2,
        ..Limits::default()
    };
    let mut guard = check_inflation_streaming(&bytes, &small).unwrap();
    let e = fast(&small, &mut guard).unwrap_err();
    assert_eq!(e.code(), "too_large", "{e:?}");
    assert!(format!("{e:?}").contains("max_decompressed_bytes"), "{e:?}");
}

/// The example the function's documentation gave.
#[test]
fn read_workbook_example() {
    use crate::core::options::Limits;
    use crate::core::read::read_workbook;

    let wb = read_workbook("Клиент;Сумма\nАльфа;100\n".as_bytes(), &Limits::default()).unwrap();
    assert_eq!(wb.sheets[0].cell_count(), 4);
}

/// A part whose text runs past `max_xml_token_bytes` stops before calamine buffers it.
#[test]
fn one_huge_xml_text_is_too_large_before_calamine_reads_it() {
    let bytes = xlsx_bytes(|ws| {
        ws.write_string(0, 0, "Клиент").unwrap();
        ws.write_string(1, 0, "x".repeat(5000)).unwrap();
    });
    assert!(read_workbook(&bytes, &Limits::default()).is_ok());
    let limits = Limits {
        max_xml_token_bytes: 1000,
        ..Limits::default()
    };
    let e = read_workbook(&bytes, &limits).unwrap_err();
    assert!(
        matches!(
            e.kind,
            crate::core::error::ErrorKind::TooLarge {
                limit: "max_xml_token_bytes",
                max: 1000
            }
        ),
        "{e}"
    );
}

/// A package whose part inflates beyond the size it declares lies: `damaged_file` (the zip
/// crate stops the part at its declared size; the declared sizes are what the guards bound).
#[test]
fn a_part_inflating_beyond_its_declared_size_is_damaged() {
    let mut bytes = xlsx_bytes(|ws| {
        ws.write_string(0, 0, "Клиент").unwrap();
        for r in 1..200u32 {
            ws.write_string(r, 0, format!("Клиент номер {r}")).unwrap();
        }
    });
    // Declare 100 bytes for the sheet, in its local header (offset 22) and its central
    // directory record (offset 24).
    let name = b"xl/worksheets/sheet1.xml";
    for (sig, at, name_at) in [(b"PK\x03\x04", 22usize, 30usize), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig) {
            let h = i + p;
            if bytes[h + name_at..].starts_with(name) {
                bytes[h + at..h + at + 4].copy_from_slice(&100u32.to_le_bytes());
            }
            i = h + 4;
        }
    }
    let e = read_workbook(&bytes, &Limits::default()).unwrap_err();
    assert!(matches!(e.kind, crate::core::error::ErrorKind::DamagedFile), "{e:?}");
    assert!(format!("{e:?}").contains("declared"), "{e:?}");
}

/// The sheets of an xlsx as the fast reader and as calamine's cell reader read them:
/// `None` from the fast reader when the file is outside its dialect.
fn both_xlsx_readers(bytes: &[u8]) -> Option<(Option<Vec<SheetTable>>, Vec<SheetTable>)> {
    use super::progress::Tracker;
    use super::sink::Budget;
    use calamine::Reader;
    let limits = Limits::default();
    let mut wb = calamine::Xlsx::new(super::source::SourceCursor::new(&bytes)).ok()?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sink = |_| {};
    let mut budget = Budget::new(&limits);
    let mut tracker = Tracker::new(&mut sink, metas.len(), limits.max_rows);
    let fast = super::xlsx_fast::read(
        &bytes,
        &super::workbook::new_table,
        &mut budget,
        &mut tracker,
        &mut super::inflate_guard::StreamGuard::new(&Limits::default()),
    )
    .unwrap()
    .ok()
    .map(|book| {
        // The sheet list and the date system are calamine's too.
        assert_eq!(book.metas, metas);
        assert_eq!(book.epoch_1904, wb.has_1904_epoch());
        book.sheets
    });
    let mut budget = Budget::new(&limits);
    let slow = super::workbook::calamine_xlsx_sheets(&mut wb, &metas, &mut budget, &mut tracker).ok()?;
    Some((fast, slow))
}

#[test]
fn fast_xlsx_reader_reads_what_calamine_reads() {
    use rust_xlsxwriter::{Format as F, Formula};
    // The cell shapes a sales file holds, written the way Excel writes them.
    let tricky = xlsx_bytes(|ws| {
        let date = F::new().set_num_format("dd.mm.yyyy");
        let stamp = F::new().set_num_format("yyyy-mm-dd hh:mm");
        let duration = F::new().set_num_format("[h]:mm:ss");
        let money = F::new().set_num_format("#,##0.00 \"₽\"");
        let quoted = F::new().set_num_format("\"d\"0");
        ws.write_string(0, 0, "Клиент").unwrap();
        ws.write_string(0, 1, "ООО \"Рога & Копыта\" <опт>").unwrap();
        ws.write_string(0, 2, "  padded  ").unwrap();
        ws.write_string(0, 3, "line\r\nbreak\rcr").unwrap();
        ws.write_string(0, 4, "_x000D_ literal and \u{1F4F7}").unwrap();
        ws.write_number_with_format(1, 0, 45468.0, &date).unwrap();
        ws.write_number_with_format(1, 1, 45468.5, &stamp).unwrap();
        ws.write_number_with_format(1, 2, 1.25, &duration).unwrap();
        ws.write_number_with_format(1, 3, 1234567.891, &money).unwrap();
        ws.write_number_with_format(1, 4, 7.0, &quoted).unwrap();
        ws.write_number(2, 0, -1.5e-7).unwrap();
        ws.write_number(2, 1, 1e21).unwrap();
        ws.write_boolean(2, 2, true).unwrap();
        ws.write_boolean(2, 3, false).unwrap();
        ws.write_formula(3, 0, Formula::new("=A3*2").set_result("-3E-7"))
            .unwrap();
        ws.write_formula(3, 1, Formula::new("=\"a\"&\"b\"").set_result("a & b"))
            .unwrap();
        ws.write_formula(3, 2, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_formula(3, 3, Formula::new("=TRUE()").set_result("TRUE"))
            .unwrap();
        ws.write_string(5, 16383, "last column").unwrap();
        ws.write_string(1_048_575, 0, "last row").unwrap();
        let rich = [(&F::new().set_bold(), "Bold "), (&F::new(), "plain")];
        ws.write_rich_string(4, 0, &rich).unwrap();
    });
    let mut files: Vec<(String, Vec<u8>)> = vec![("generated".into(), tricky)];
    if let Some(dir) = corpus_dir() {
        for name in CORPUS.iter().filter(|n| n.ends_with(".xlsx")) {
            files.push((name.to_string(), std::fs::read(dir.join(name)).unwrap()));
        }
    }
    let mut fell_back = Vec::new();
    for (name, bytes) in &files {
        let Some((fast, slow)) = both_xlsx_readers(bytes) else {
            continue;
        };
        match fast {
            Some(fast) => assert_eq!(fast, slow, "{name}: the fast reader differs from calamine"),
            None => fell_back.push(name.clone()),
        }
    }
    eprintln!("read by calamine (outside the fast reader's dialect): {fell_back:?}");
    assert!(
        !fell_back.contains(&"generated".to_string()),
        "Excel's own shapes stay in the dialect"
    );
}

/// `bytes` (an xlsx) with its first worksheet's XML replaced by `sheet`.
fn with_sheet_xml(bytes: &[u8], sheet: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            out.write_all(sheet.as_bytes()).unwrap();
        } else {
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn fast_xlsx_reader_keeps_to_its_dialect() {
    let base = xlsx_bytes(|ws| {
        ws.write_string(0, 0, "x").unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        ws.write_number_with_format(0, 1, 45000.0, &date).unwrap();
    });
    let sheet = |data: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet \
             xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:C9\"/>\
             <sheetData>{data}</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"
        )
    };
    let inside = [
        // Inline strings, plain and rich, with a phonetic run left out.
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Hi &amp; bye</t></is></c>\
         <c r=\"B1\" t=\"inlineStr\"><is><r><t>a</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> b </t></r>\
         <rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></is></c><c r=\"C1\" t=\"inlineStr\"><is/></c></row>",
        // No `r` on rows or cells; an empty row moves on; a styled empty cell.
        "<row><c><v>1</v></c><c s=\"1\"><v>45000</v></c><c/><c t=\"s\"><v>0</v></c></row>\
         <row r=\"5\"/><row><c><v>2</v></c></row><c r=\"D9\"><v>3</v></c>",
        // Formulas, with and without a cached value; string, boolean, error, ISO date.
        "<row r=\"2\" spans=\"1:6\" ht=\"15\"><c r=\"A2\"><f>1+1</f><v>2</v></c><c r=\"B2\"><f>X</f></c>\
         <c r=\"C2\" t=\"str\"><f>Y</f><v>a&lt;b\r\nc</v></c><c r=\"D2\" t=\"b\"><v>1</v></c>\
         <c r=\"E2\" t=\"e\"><v>#N/A</v></c><c r=\"F2\" t=\"d\"><v>2024-03-01T00:00:00</v></c>\
         <c r=\"G2\" t=\"n\"><v></v></c><c r=\"H2\" t=\"d\"><v/></c></row>",
        // Namespace prefixes, single quotes and spaces inside tags.
        "<x:row r='3' ><x:c r='A3' t='s' ><x:v>0</x:v></x:c ><x:c r=\"b3\"><x:v>-0.5E+2</x:v></x:c></x:row>",
    ];
    for data in inside {
        let bytes = with_sheet_xml(&base, &sheet(data));
        let (fast, slow) = both_xlsx_readers(&bytes).unwrap();
        assert_eq!(fast.as_ref(), Some(&slow), "{data}");
    }
    let outside = [
        "<row r=\"1\"><!-- note --><c r=\"A1\"><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v> 12 </v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>true</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#49;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"x\"><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>.5</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><extLst/></c></row>",
        "<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" s=\"1 > 2\"><v>1</v></c></row>",
    ];
    for data in outside {
        let bytes = with_sheet_xml(&base, &sheet(data));
        let (fast, _) = both_xlsx_readers(&bytes).unwrap_or((None, Vec::new()));
        assert_eq!(fast, None, "{data}: outside the dialect");
    }
}

/// Random worksheets, inside the dialect and just outside it: whenever the fast
/// reader reads one, calamine reads the same cells (and never refuses it).
#[test]
fn fast_xlsx_reader_agrees_with_calamine_on_random_sheets() {
    use super::progress::Tracker;
    use super::sink::Budget;
    use calamine::Reader;
    let base = xlsx_bytes(|ws| {
        for (i, s) in ["Клиент", "ООО «Ромашка»", " x ", "a&b"].iter().enumerate() {
            ws.write_string(0, i as u16, *s).unwrap();
        }
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        ws.write_number_with_format(1, 0, 45000.0, &date).unwrap();
    });
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let types = [
        "",
        " t=\"n\"",
        " t=\"s\"",
        " t=\"b\"",
        " t=\"e\"",
        " t=\"str\"",
        " t=\"d\"",
        " t=\"inlineStr\"",
        " t=\"x\"",
    ];
    let styles = ["", " s=\"0\"", " s=\"1\"", " s=\"2\"", " s=\"99\"", " s=\"x\""];
    let values = [
        "0",
        "1",
        "3",
        "7",
        "-12.5",
        "4.5E-3",
        "1e400",
        "",
        " 1",
        ".5",
        "&#49;",
        "a &amp; b",
        "a\r\nb",
        "#N/A",
        "#DIV/0!",
        "#BAD",
        "true",
        "2024-01-31",
        "_x0041_",
        "Иванов",
        "45000",
    ];
    let refs = [
        "",
        " r=\"A1\"",
        " r=\"B2\"",
        " r=\"c3\"",
        " r=\"XFE4\"",
        " r=\"A0\"",
        " r=\"1\"",
        " r=\"AAAAAA5\"",
    ];
    let (mut read_fast, mut total) = (0, 0);
    for _ in 0..1000 {
        let wild = next(4) == 0;
        let mut data = String::new();
        for _ in 0..1 + next(4) {
            let row_ref = [String::new(), format!(" r=\"{}\"", 1 + next(6)), " r=\"0\"".into()]
                [next(if wild { 3 } else { 2 })]
            .clone();
            if next(8) == 0 {
                data.push_str(&format!("<row{row_ref}/>"));
                continue;
            }
            data.push_str(&format!("<row{row_ref}>"));
            for _ in 0..next(5) {
                // One sheet in four draws from everything; the rest keep each value to its type.
                let (r, s, t, v) = if wild {
                    let t = types[next(types.len())];
                    (
                        refs[next(refs.len())],
                        styles[next(styles.len())],
                        t,
                        values[next(values.len())],
                    )
                } else {
                    let t = types[next(8)];
                    let v = match t {
                        " t=\"s\"" => ["0", "1", "2", "3"][next(4)],
                        " t=\"b\"" => ["0", "1"][next(2)],
                        " t=\"e\"" => ["#N/A", "#DIV/0!", "#REF!"][next(3)],
                        " t=\"str\"" | " t=\"d\"" | " t=\"inlineStr\"" => values[next(values.len())],
                        _ => ["0", "-12.5", "4.5E-3", "45000", ""][next(5)],
                    };
                    (refs[next(5)], styles[next(5)], t, v)
                };
                let body = match next(if wild { 9 } else { 6 }) {
                    0 => String::new(),
                    1 => format!("<f>SUM(A1)</f><v>{v}</v>"),
                    2 => "<f>X</f>".into(),
                    3 => format!("<is><t>{v}</t></is>"),
                    4 => format!("<is><r><t xml:space=\"preserve\"> {v} </t></r><rPh><t>p</t></rPh></is>"),
                    6 => "<v/>".into(),
                    7 => "<!-- c -->".into(),
                    _ => format!("<v>{v}</v>"),
                };
                if body.is_empty() && next(2) == 0 {
                    data.push_str(&format!("<c{r}{s}{t}/>"));
                } else {
                    data.push_str(&format!("<c{r}{s}{t}>{body}</c>"));
                }
            }
            data.push_str("</row>");
        }
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
        );
        let bytes = with_sheet_xml(&base, &xml);
        let limits = Limits::default();
        let mut sink = |_| {};
        let mut tracker = Tracker::new(&mut sink, 1, limits.max_rows);
        let mut budget = Budget::new(&limits);
        let fast = super::xlsx_fast::read(
            &bytes,
            &super::workbook::new_table,
            &mut budget,
            &mut tracker,
            &mut super::inflate_guard::StreamGuard::new(&Limits::default()),
        )
        .unwrap();
        let mut wb = calamine::Xlsx::new(super::source::SourceCursor::new(&bytes)).unwrap();
        let metas = wb.sheets_metadata().to_vec();
        let mut budget = Budget::new(&limits);
        let slow = super::workbook::calamine_xlsx_sheets(&mut wb, &metas, &mut budget, &mut tracker);
        total += 1;
        if let Ok(book) = fast {
            read_fast += 1;
            match slow {
                Ok(slow) => assert_eq!(book.sheets, slow, "{xml}"),
                Err(e) => panic!("calamine refuses what the fast reader read ({e}): {xml}"),
            }
        }
    }
    eprintln!("{read_fast} of {total} random sheets in the dialect");
    assert!(read_fast > total / 5, "the generator reaches the dialect");
}

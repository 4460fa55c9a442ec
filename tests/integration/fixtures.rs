//! Each fixture → `analyze` → the builder's truth, then the golden report.
//!
//! The truth comes from the data the builder wrote (tests/fixtures/build.rs),
//! never from the engine. The golden file pins everything else in the report
//! (shares, notes, sheet list…): `UPDATE_GOLDEN=1 cargo test --test integration`
//! rewrites `tests/golden/<fixture>.json`; review the diff before committing.

use crate::build::{self, Expect, Truth};
use crate::common::{Outcome, approx, cents, fixture, fixtures, fixtures_dir, manifest_dir, run};
use keyaccounts::{Limits, Options, Report};
use std::path::PathBuf;

/// Every way `report` disagrees with `truth`, one line each.
pub fn truth_mismatches(report: &Report, truth: &Truth) -> Vec<String> {
    let mut bad = Vec::new();
    let src = &report.source;
    let mut same = |what: &str, got: String, want: String| {
        if got != want {
            bad.push(format!("{what}: got {got}, want {want}"));
        }
    };
    same("source.format", src.format.clone(), truth.format.to_string());
    if let Some(sheet) = &truth.sheet {
        same("source.sheet", src.sheet.clone(), sheet.clone());
    }
    if let Some(reason) = truth.sheet_reason {
        same("source.sheet_reason", src.sheet_reason.to_string(), reason.to_string());
    }
    same(
        "source.header_row",
        src.header_row.to_string(),
        truth.header_row.to_string(),
    );
    same(
        "source.header_rows",
        src.header_rows.to_string(),
        truth.header_rows.to_string(),
    );
    for col in &truth.columns {
        same(
            &format!("source.column_letters[{}]", col.role),
            format!("{:?}", src.column_letters.get(col.role)),
            format!("{:?}", Some(&col.letter)),
        );
        if let Some(header) = &col.header {
            same(
                &format!("source.columns[{}]", col.role),
                format!("{:?}", src.columns.get(col.role)),
                format!("{:?}", Some(header)),
            );
        }
    }
    same(
        "source.rows_in_table",
        src.rows_in_table.to_string(),
        truth.rows_in_table.to_string(),
    );
    same(
        "source.rows_used",
        src.rows_used.to_string(),
        truth.rows_used.to_string(),
    );
    let skipped: Vec<(String, u32)> = src
        .rows_skipped
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    let want_skipped: Vec<(String, u32)> = truth.rows_skipped.iter().map(|(k, n)| (k.clone(), *n)).collect();
    same(
        "source.rows_skipped",
        format!("{skipped:?}"),
        format!("{want_skipped:?}"),
    );
    same(
        "source.date_from",
        format!("{:?}", src.date_from),
        format!("{:?}", truth.date_from),
    );
    same(
        "source.date_to",
        format!("{:?}", src.date_to),
        format!("{:?}", truth.date_to),
    );
    if !approx(report.total, cents(truth.total_cents), 0.005) {
        bad.push(format!(
            "total: got {}, want {}",
            report.total,
            cents(truth.total_cents)
        ));
    }
    if report.clients.len() != truth.clients.len() {
        bad.push(format!(
            "clients: got {} {:?}, want {} {:?}",
            report.clients.len(),
            report.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            truth.clients.len(),
            truth.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()
        ));
    }
    for want in &truth.clients {
        match report.clients.iter().find(|c| c.name.trim() == want.name) {
            None => bad.push(format!("client {:?} ({}) missing", want.name, cents(want.amount_cents))),
            Some(got) => {
                if !approx(got.amount, cents(want.amount_cents), 0.005) {
                    bad.push(format!(
                        "client {:?}: amount {}, want {}",
                        want.name,
                        got.amount,
                        cents(want.amount_cents)
                    ));
                }
                if got.lines != want.lines {
                    bad.push(format!(
                        "client {:?}: lines {}, want {}",
                        want.name, got.lines, want.lines
                    ));
                }
            }
        }
    }
    for code in &truth.notes {
        if !report.data_quality.iter().any(|n| n.code == *code) {
            bad.push(format!(
                "data_quality: no {code:?} note (got {:?})",
                report.data_quality.iter().map(|n| n.code.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    bad
}

fn golden_path(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("golden").join(format!("{name}.json"))
}

/// Compares the whole serialized report with its golden file
/// (or writes it when `UPDATE_GOLDEN=1`).
pub fn check_golden(name: &str, report: &Report) {
    let actual = serde_json::to_value(report).expect("a report serializes");
    let path = golden_path(name);
    let pretty = serde_json::to_string_pretty(&actual).expect("json") + "\n";
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create tests/golden");
        std::fs::write(&path, pretty).expect("write golden");
        return;
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        panic!(
            "{name}: golden file {} is missing; run `UPDATE_GOLDEN=1 cargo test --test integration` \
             to write it, then review and commit it",
            path.display()
        );
    };
    let golden: serde_json::Value = serde_json::from_str(&text).expect("golden file is JSON");
    // serde_json's default float parsing may be one ULP off: numbers compare within 1e-9
    if text.replace("\r\n", "\n") != pretty && !json_close(&golden, &actual) {
        let out = manifest_dir()
            .join("target")
            .join("golden-actual")
            .join(format!("{name}.json"));
        let _ = std::fs::create_dir_all(out.parent().expect("dir"));
        let _ = std::fs::write(&out, &pretty);
        panic!(
            "{name}: the report differs from {}; the actual report is in {} \
             (diff them; if the change is right, rerun with UPDATE_GOLDEN=1)",
            path.display(),
            out.display()
        );
    }
}

/// Equal JSON, numbers within a relative 1e-9.
fn json_close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
        }
        _ => a == b,
    }
}

/// Runs one fixture's bytes and checks them against `expect`.
fn check(name: &str, bytes: &[u8], expect: &Expect) {
    let outcome = run(bytes, &Options::default());
    match (expect, outcome) {
        (Expect::Report(truth), Outcome::Report(report)) => {
            let bad = truth_mismatches(&report, truth);
            assert!(
                bad.is_empty(),
                "{name}: the report disagrees with the builder's truth:\n  {}",
                bad.join("\n  ")
            );
            check_golden(name, &report);
        }
        (Expect::Error(code), Outcome::Error { code: got, message }) => {
            assert_eq!(&got, code, "{name}: wrong error ({message})");
        }
        (Expect::Report(_), Outcome::Error { code, message }) => {
            panic!("{name}: expected a report, got error {code}: {message}")
        }
        (Expect::Error(code), Outcome::Report(r)) => {
            panic!(
                "{name}: expected error {code}, got a report with {} clients, total {}",
                r.clients.len(),
                r.total
            )
        }
        (_, Outcome::Panic(msg)) => panic!("{name}: the engine panicked: {msg}"),
    }
}

fn check_fixture(name: &str) {
    let f = fixture(name);
    check(f.name, &f.bytes, &f.expect);
}

/// One test per fixture, so a red run lists exactly which shapes fail.
macro_rules! fixture_tests {
    ($($test:ident => $file:literal,)*) => {
        $( #[test] fn $test() { check_fixture($file); } )*
        const LISTED: &[&str] = &[$($file),*];
    };
}

fixture_tests! {
    ru_title_block_itogo => "ru_title_block_itogo.xlsx",
    total_row_spellings => "total_row_spellings.xlsx",
    ru_1c_grouped_report => "ru_1c_grouped_report.xlsx",
    ru_1c_grouped_two_sectors => "ru_1c_grouped_two_sectors.xlsx",
    amounts_text_space_comma => "amounts_text_space_comma.xlsx",
    amounts_text_nbsp_rub_sign => "amounts_text_nbsp_rub_sign.xlsx",
    amounts_text_narrow_nbsp_rub => "amounts_text_narrow_nbsp_rub.xlsx",
    amounts_text_dot_group_comma_decimal => "amounts_text_dot_group_comma_decimal.xlsx",
    amounts_text_comma_group_parens => "amounts_text_comma_group_parens.xlsx",
    amounts_text_dollar_sign => "amounts_text_dollar_sign.xlsx",
    amounts_text_usd_suffix => "amounts_text_usd_suffix.xlsx",
    amounts_text_eur_suffix => "amounts_text_eur_suffix.xlsx",
    amounts_mixed_currencies => "amounts_mixed_currencies.xlsx",
    amount_cells_date_formatted => "amount_cells_date_formatted.xlsx",
    dates_text_dd_mm_yyyy => "dates_text_dd_mm_yyyy.xlsx",
    dates_text_dd_mm_yy => "dates_text_dd_mm_yy.xlsx",
    dates_text_with_time => "dates_text_with_time.xlsx",
    dates_text_ru_words => "dates_text_ru_words.xlsx",
    dates_text_iso => "dates_text_iso.xlsx",
    dates_text_us_month_first => "dates_text_us_month_first.xlsx",
    dates_1904_system => "dates_1904_system.xlsx",
    client_names_folding => "client_names_folding.xlsx",
    returns_negative_amounts => "returns_negative_amounts.xlsx",
    headers_column_n => "headers_column_n.xlsx",
    headers_naimenovanie_summa => "headers_naimenovanie_summa.xlsx",
    headers_summa_twice_vat_subheader => "headers_summa_twice_vat_subheader.xlsx",
    headers_summa_and_vat => "headers_summa_and_vat.xlsx",
    headers_vat_inclusive_and_exclusive => "headers_vat_inclusive_and_exclusive.xlsx",
    headers_seller_organizatsiya => "headers_seller_organizatsiya.xlsx",
    headers_seller_prodavets => "headers_seller_prodavets.xlsx",
    headers_contact_person => "headers_contact_person.xlsx",
    workbook_summary_sheet_first => "workbook_summary_sheet_first.xlsx",
    workbook_hidden_sheet => "workbook_hidden_sheet.xlsx",
    workbook_data_on_second_sheet => "workbook_data_on_second_sheet.xlsx",
    en_crm_export_usd => "en_crm_export_usd.xlsx",
    csv_utf8_bom_semicolon => "csv_utf8_bom_semicolon.csv",
    csv_utf8_comma_quoted => "csv_utf8_comma_quoted.csv",
    csv_utf16le_tab => "csv_utf16le_tab.txt",
    csv_windows1251_semicolon => "csv_windows1251_semicolon.csv",
    text_prose_not_a_table => "text_prose_not_a_table.txt",
    fake_1c_mxl_binary => "fake_1c_mxl_binary.mxl",
    fake_1c_mxl_text => "fake_1c_mxl_text.mxl",
    random_binary => "random_binary.bin",
}

#[test]
fn every_built_fixture_has_a_test() {
    let built: Vec<&str> = fixtures().iter().map(|f| f.name).collect();
    assert_eq!(built, LISTED, "build::all() and the fixture_tests! list differ");
}

/// The builder's truth must hold for its own fixtures before the engine is asked.
#[test]
fn builder_truths_are_consistent() {
    for f in fixtures() {
        if let Expect::Report(t) = &f.expect {
            let sum: i64 = t.clients.iter().map(|c| c.amount_cents).sum();
            assert_eq!(sum, t.total_cents, "{}", f.name);
            let skipped: u32 = t.rows_skipped.values().sum();
            assert_eq!(t.rows_in_table, t.rows_used + skipped, "{}", f.name);
            let lines: u32 = t.clients.iter().map(|c| c.lines).sum();
            assert_eq!(lines, t.rows_used, "{}", f.name);
        }
    }
    // the folding fixture holds what its name says
    let Expect::Report(t) = &fixture("client_names_folding.xlsx").expect else {
        panic!("report expected")
    };
    let names: Vec<&str> = t.clients.iter().map(|c| c.name.as_str()).collect();
    assert!(
        names.contains(&"ООО Ромашка") && names.contains(&"ООО Ромашка-Плюс") && names.contains(&"ИП Гафуров Д.В.")
    );
    assert_eq!(t.clients.len(), 5);
    // one client ends negative in the returns fixture
    let Expect::Report(t) = &fixture("returns_negative_amounts.xlsx").expect else {
        panic!("report expected")
    };
    assert!(t.clients.iter().any(|c| c.name == "АО Вектор" && c.amount_cents < 0));
}

/// Committed `.xls`/`.ods` conversions (tests/fixtures/convert.sh) carry the
/// same truth as the xlsx they came from.
fn check_converted(file: &str) {
    let (stem, ext) = file.rsplit_once('.').expect("an extension");
    let source = format!("{stem}.xlsx");
    assert!(
        build::CONVERTED.contains(&source.as_str()),
        "{source} is not in build::CONVERTED"
    );
    let path = fixtures_dir().join(file);
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run tests/fixtures/convert.sh", path.display()));
    let Expect::Report(truth) = &fixture(&source).expect else {
        panic!("{source}: report expected")
    };
    let mut truth = truth.clone();
    truth.format = if ext == "xls" { "xls" } else { "ods" };
    check(file, &bytes, &Expect::Report(truth));
}

macro_rules! converted_tests {
    ($($test:ident => $file:literal,)*) => {
        $( #[test] fn $test() { check_converted($file); } )*
    };
}

converted_tests! {
    converted_ru_title_block_itogo_xls => "ru_title_block_itogo.xls",
    converted_ru_title_block_itogo_ods => "ru_title_block_itogo.ods",
    converted_amounts_text_space_comma_xls => "amounts_text_space_comma.xls",
    converted_amounts_text_space_comma_ods => "amounts_text_space_comma.ods",
    converted_ru_1c_grouped_report_xls => "ru_1c_grouped_report.xls",
    converted_ru_1c_grouped_report_ods => "ru_1c_grouped_report.ods",
    converted_client_names_folding_xls => "client_names_folding.xls",
    converted_client_names_folding_ods => "client_names_folding.ods",
}

/// Tiny limits stop the run with `too_large`, not an out-of-memory.
fn assert_too_large(fixture_name: &str, limits: Limits) {
    let options = Options {
        limits,
        ..Options::default()
    };
    match run(&fixture(fixture_name).bytes, &options) {
        Outcome::Error { code, .. } => assert_eq!(code, "too_large", "{fixture_name}"),
        other => panic!("{fixture_name}: expected too_large, got {}", other.label()),
    }
}

#[test]
fn tiny_cell_limit_gives_too_large() {
    assert_too_large(
        "ru_title_block_itogo.xlsx",
        Limits {
            max_cells: 10,
            ..Limits::default()
        },
    );
}

#[test]
fn tiny_file_limit_gives_too_large() {
    assert_too_large(
        "csv_utf8_comma_quoted.csv",
        Limits {
            max_file_bytes: 100,
            ..Limits::default()
        },
    );
}

/// The demo's sample workbook (examples/make_sample.rs), with the numbers its
/// generator counted while writing it.
#[test]
fn sample_workbook_from_make_sample() {
    let (bytes, sample) = crate::sample::build().expect("sample workbook");
    let report = match run(&bytes, &Options::default()) {
        Outcome::Report(r) => r,
        other => panic!("ru_sales_sample.xlsx: expected a report, got {}", other.label()),
    };
    let mut bad = Vec::new();
    if report.source.rows_used as usize != sample.lines {
        bad.push(format!("rows_used {} != {}", report.source.rows_used, sample.lines));
    }
    if !approx(report.total, cents(sample.total_cents), 0.005) {
        bad.push(format!("total {} != {}", report.total, cents(sample.total_cents)));
    }
    if report.clients.len() != sample.clients.len() {
        bad.push(format!("{} clients != {}", report.clients.len(), sample.clients.len()));
    }
    for (name, want) in &sample.clients {
        match report.clients.iter().find(|c| c.name == *name) {
            Some(got) if approx(got.amount, cents(*want), 0.005) => {}
            Some(got) => bad.push(format!("{name}: {} != {}", got.amount, cents(*want))),
            None => bad.push(format!("{name} missing")),
        }
    }
    let letters: Vec<(&str, &str)> = [
        ("date", "A"),
        ("client", "C"),
        ("manager", "D"),
        ("department", "E"),
        ("amount", "H"),
    ]
    .into_iter()
    .filter(|(role, letter)| report.source.column_letters.get(*role).map(String::as_str) != Some(*letter))
    .collect();
    if !letters.is_empty() {
        bad.push(format!(
            "column letters differ for {letters:?}: {:?}",
            report.source.column_letters
        ));
    }
    if report.source.header_row != 6 {
        bad.push(format!("header_row {} != 6", report.source.header_row));
    }
    assert!(bad.is_empty(), "ru_sales_sample.xlsx:\n  {}", bad.join("\n  "));
    let top = &report.clients[0];
    assert!(
        (0.20..0.24).contains(&top.share),
        "largest client share {} (~22% by design)",
        top.share
    );
    check_golden("ru_sales_sample.xlsx", &report);
}

/// The CSV fixtures are also committed as files (to open by hand in each
/// encoding); they must stay byte-identical to what the builder makes.
#[test]
fn committed_csv_fixtures_match_the_builder() {
    for name in [
        "csv_utf8_bom_semicolon.csv",
        "csv_utf8_comma_quoted.csv",
        "csv_utf16le_tab.txt",
        "csv_windows1251_semicolon.csv",
    ] {
        let on_disk = std::fs::read(crate::common::fixtures_dir().join(name)).expect("committed CSV fixture");
        assert!(
            on_disk == crate::common::fixture(name).bytes,
            "{name}: committed file differs from the builder; rerun `cargo run --example make_fixtures -- DIR` and copy it"
        );
    }
}

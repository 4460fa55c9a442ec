//! The `keyaccounts` binary: `analyze FILE` prints the report JSON and exits 0;
//! an error prints `{"error":{"code":…,"message":…}}` and exits 2.

use crate::common::fixture;
use crate::corpus::corpus_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keyaccounts"))
}

/// Writes a fixture where the binary can read it (a directory per test: tests run in parallel).
fn fixture_file(test: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-fixtures")
        .join(test);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join(name);
    std::fs::write(&path, &fixture(name).bytes).expect("write fixture");
    path
}

fn analyze(path: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bin()
        .arg("analyze")
        .arg(path)
        .args(extra)
        .output()
        .expect("run keyaccounts");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_report(path: &Path) {
    let (code, stdout, stderr) = analyze(path, &[]);
    assert_eq!(code, 0, "{}: exit code {code}; stderr: {stderr}", path.display());
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}): {stdout}", path.display()));
    assert_eq!(json["schema_version"], 1, "{}: {stdout}", path.display());
    assert!(json["clients"].is_array(), "{}: no clients array", path.display());
}

fn assert_error(path: &Path, extra: &[&str], want: &str) {
    let (code, stdout, stderr) = analyze(path, extra);
    assert_eq!(
        code,
        2,
        "{}: exit code {code}; stdout: {stdout}; stderr: {stderr}",
        path.display()
    );
    // the error object may go to stdout or stderr
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .or_else(|_| serde_json::from_str(&stderr))
        .unwrap_or_else(|_| panic!("{}: no error JSON; stdout: {stdout}; stderr: {stderr}", path.display()));
    assert_eq!(json["error"]["code"], want, "{}: {json}", path.display());
    assert!(
        json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{}: error.message missing: {json}",
        path.display()
    );
}

#[test]
fn cli_analyze_prints_the_report_and_exits_0() {
    assert_report(&fixture_file("ok", "ru_title_block_itogo.xlsx"));
    assert_report(&fixture_file("ok", "csv_windows1251_semicolon.csv"));
    if let Some(dir) = corpus_dir() {
        for f in [
            "ru_1c_otgruzka_sector1_2024-10_11.xlsx",
            "calamine_pivots_grand_total.xlsx",
            "enron_colsale_aug2000_monoclient.xls",
        ] {
            assert_report(&dir.join(f));
        }
    }
}

#[test]
fn cli_errors_print_error_json_and_exit_2() {
    assert_error(&fixture_file("err", "random_binary.bin"), &[], "unsupported_format");
    assert_error(
        &fixture_file("err", "ru_title_block_itogo.xlsx"),
        &["--sheet", "Нет такого листа"],
        "sheet_not_found",
    );
    if let Some(dir) = corpus_dir() {
        assert_error(&dir.join("calamine_too_small.xls"), &[], "unsupported_format");
        assert_error(&dir.join("calamine_pass_protected.xlsx"), &[], "password_protected");
    }
}

/// Every corpus file through the binary gives exactly what the library gives:
/// the same report, or the same error code.
#[test]
fn cli_matches_the_library_on_every_corpus_file() {
    let Some(dir) = corpus_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.to_string_lossy().ends_with(".json") && !p.to_string_lossy().ends_with(".md"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "corpus looks incomplete: {} files", files.len());
    for path in files {
        let bytes = std::fs::read(&path).expect("read corpus file");
        let (code, stdout, stderr) = analyze(&path, &[]);
        let json: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}); stderr: {stderr}", path.display()));
        match keyaccounts::analyze(&bytes, &keyaccounts::Options::default()) {
            Ok(report) => {
                assert_eq!(code, 0, "{}", path.display());
                // Compare the text: parsing floats back is not exact in serde_json.
                let lib = serde_json::to_string_pretty(&report).expect("report to JSON");
                assert!(
                    stdout.trim_end() == lib,
                    "{}: the CLI's report differs from the library's",
                    path.display()
                );
            }
            Err(e) => {
                assert_eq!(code, 2, "{}", path.display());
                assert_eq!(json["error"]["code"], e.code(), "{}", path.display());
            }
        }
    }
}

/// Columns named on the command line, by letter or by header text, win over detection.
#[test]
fn cli_column_overrides_by_letter_and_by_header() {
    let Some(dir) = corpus_dir() else { return };
    let superstore = dir.join("superstore_tableau_orders.xls");
    let (code, stdout, _) = analyze(&superstore, &["--client", "Customer ID", "--amount", "u"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["source"]["columns"]["client"], "Customer ID");
    assert_eq!(json["source"]["column_letters"]["amount"], "U");
    assert_eq!(json["source"]["columns"]["amount"], "Profit");
    assert_error(&superstore, &["--client", "ZZZ"], "column_not_found");
}

#[test]
fn several_files_are_analysed_together_as_the_library_does() {
    let f = crate::shapes::all()
        .into_iter()
        .find(|f| f.files.len() > 1)
        .expect("a multi-file shape fixture");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-fixtures")
        .join("several_files");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let mut paths = Vec::new();
    for (name, bytes) in &f.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        paths.push(path);
    }
    let out = bin().arg("analyze").args(&paths).output().expect("run keyaccounts");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let refs: Vec<(&str, &[u8])> = f.files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let lib = keyaccounts::analyze_files(&refs, &f.options).expect("library report");
    let want = serde_json::to_string_pretty(&lib).expect("json");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        want,
        "CLI and library differ"
    );
}

/// The method's settings as flags (shares in percent) give the library's report with the
/// same thresholds; out-of-range settings are refused with `bad_options`.
#[test]
fn method_settings_as_flags_equal_the_library_s() {
    let path = fixture_file("method_flags", "en_crm_export_usd.xlsx");
    let flags = [
        "--key-share",
        "15",
        "--dependency-levels",
        "25,35",
        "--critical-share",
        "60%",
        "--max-key-per-manager",
        "2",
        "--lost-gap-multiplier",
        "3",
        "--lost-min-days",
        "90",
        "--lost-min-purchases",
        "4",
        "--abc",
        "70/90",
        "--as-of",
        "2030-01-01",
        "--trend-window",
        "9",
        "--trend-min",
        "4",
        "--hhi-rise",
        "20",
        "--top-share-rise",
        "5",
        "--slipping-recent",
        "2",
        "--slipping-baseline",
        "6",
        "--slipping-ratio",
        "40",
        "--xyz",
        "15/30",
        "--wallet-share-max",
        "25",
        "--potential-min-share",
        "5",
        "--innovator-max-share",
        "10",
        "--small-orders-min",
        "3",
        "--split-min-share",
        "20",
    ];
    let (code, stdout, stderr) = analyze(&path, &flags);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let mut options = keyaccounts::Options::default();
    options.method.thresholds = keyaccounts::Thresholds {
        key_share: 0.15,
        dependency_levels: vec![0.25, 0.35],
        critical_share: 0.6,
        max_key_accounts_per_manager: 2,
        lost_gap_multiplier: 3.0,
        lost_min_days: 90,
        lost_min_purchases: 4,
        abc_a: 0.7,
        abc_b: 0.9,
        trend_window_months: 9,
        trend_min_months: 4,
        hhi_rise: 0.2,
        top_share_rise: 0.05,
        slipping_recent_months: 2,
        slipping_baseline_months: 6,
        slipping_ratio: 0.4,
        xyz_x: 0.15,
        xyz_y: 0.3,
        wallet_share_max: 0.25,
        potential_min_share: 0.05,
        innovator_max_share: 0.1,
        small_orders_min: 3,
        split_min_share: 0.2,
    };
    options.method.as_of = keyaccounts::core::value::Date::from_ymd(2030, 1, 1);
    let lib = keyaccounts::analyze(&fixture("en_crm_export_usd.xlsx").bytes, &options).expect("library report");
    assert_eq!(stdout.trim_end(), serde_json::to_string_pretty(&lib).expect("json"));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["rules"]["key_share"], 0.15);
    assert_eq!(json["rules"]["defaults"], false);
    assert_eq!(json["rules"]["as_of_source"], "option");

    for (flags, want) in [
        (&["--key-share", "0"][..], "bad_options"),
        (&["--key-share", "150"], "bad_options"),
        (&["--dependency-levels", "30,20"], "bad_options"),
        (&["--abc", "95/80"], "bad_options"),
        (&["--lost-gap-multiplier", "0.5"], "bad_options"),
        (&["--key-share", "много"], "usage"),
        (&["--max-key-per-manager", "-1"], "usage"),
    ] {
        assert_error(&path, flags, want);
    }
}

#[test]
fn keep_status_keeps_only_the_rows_of_that_status() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-fixtures")
        .join("keep_status");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join("orders.csv");
    let text = "Дата;Покупатель;Сумма;Статус\n\
                01.03.2024;ООО Альфа;100;Выполнен\n\
                02.03.2024;ООО Бета;20;Отменен\n\
                03.03.2024;ООО Гамма;3;Выдано - отказ\n";
    std::fs::write(&path, text).expect("write");
    let total = |extra: &[&str]| {
        let (code, stdout, stderr) = analyze(&path, extra);
        assert_eq!(code, 0, "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        v["total"].as_f64().expect("total")
    };
    assert_eq!(total(&[]), 100.0);
    assert_eq!(total(&["--keep-status", "Отменен"]), 120.0);
    assert_eq!(
        total(&["--keep-status", "Отменен", "--keep-status", "Выдано - отказ"]),
        123.0
    );
    assert_eq!(total(&["--keep-cancelled"]), 123.0);
}

/// A date range, a measure and two periods to compare as flags give the library's report
/// with the same method options.
#[test]
fn range_measure_and_comparison_flags_equal_the_library_s() {
    use keyaccounts::core::value::Date;
    let (bytes, _) = crate::sample::build().expect("demo");
    let dir = std::env::temp_dir().join(format!("keyaccounts-cli-range-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("demo.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let flags = [
        "--from",
        "2024-01-01",
        "--to",
        "2024-06-30",
        "--measure",
        "quantity",
        "--compare",
        "2023-01-01..2023-06-30,2024-01-01..",
    ];
    let (code, stdout, stderr) = analyze(&path, &flags);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let d = |s: &str| Date::parse_iso(s);
    let mut options = keyaccounts::Options::default();
    options.method.range = keyaccounts::DateRange {
        from: d("2024-01-01"),
        to: d("2024-06-30"),
    };
    options.method.measure = keyaccounts::Measure::Quantity;
    options.method.compare = Some([
        keyaccounts::DateRange {
            from: d("2023-01-01"),
            to: d("2023-06-30"),
        },
        keyaccounts::DateRange {
            from: d("2024-01-01"),
            to: None,
        },
    ]);
    let lib = keyaccounts::analyze(&bytes, &options).expect("library report");
    assert_eq!(lib.range.as_ref().and_then(|r| r.to.as_deref()), Some("2024-06-30"));
    assert_eq!(
        lib.as_of.as_deref(),
        Some("2024-06-30"),
        "today is the range's end when the data goes on"
    );
    assert_eq!(lib.comparison.as_ref().map(|c| c.basis.as_str()), Some("caller"));
    assert_eq!(stdout.trim_end(), serde_json::to_string_pretty(&lib).expect("json"));
    let (code, stdout, _) = analyze(&path, &["--measure", "profit"]);
    assert_eq!(code, 2);
    assert!(stdout.contains("bad_options") && stdout.contains("measure"), "{stdout}");
}

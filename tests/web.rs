//! The wasm-bindgen facade (`src/web.rs`) as JavaScript sees it: reports are
//! plain objects (no `Map`, `null` not `undefined`), failures are real `Error`
//! objects with a snake_case `code` and `details`.
//!
//! Runs in Node.js through wasm-bindgen-test-runner (scripts/test):
//!
//! ```text
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web
//! ```
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use keyaccounts::web::{Session, analyze_files, analyze_workbook, engine_codes, engine_version, method_defaults};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SALES_CSV: &str = "Клиент;Сумма\nООО «Альфа»;600\nООО «Бета»;300\nИП Гамма;100\n";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && !value.is_instance_of::<js_sys::Map>()
        && !Array::is_array(value)
        && JsValue::from(Object::get_prototype_of(value)) == JsValue::from(Object::get_prototype_of(&Object::new()))
}

fn code_of(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

/// Options as the page writes them, from JSON text.
fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

#[wasm_bindgen_test]
fn a_small_csv_becomes_a_plain_object() {
    let report = analyze_workbook(SALES_CSV.as_bytes(), JsValue::UNDEFINED).expect("a report");
    assert!(is_plain_object(&report), "the report is a plain Object");
    assert_eq!(get(&report, "total").as_f64(), Some(1000.0));

    let source = get(&report, "source");
    assert!(is_plain_object(&source));
    let columns = get(&source, "columns");
    assert!(is_plain_object(&columns), "source.columns is a plain Object, not a Map");
    assert_eq!(get(&columns, "client").as_string().as_deref(), Some("Клиент"));
    assert_eq!(get(&columns, "amount").as_string().as_deref(), Some("Сумма"));
    assert!(is_plain_object(&get(&source, "column_letters")));
    assert!(Array::is_array(&get(&source, "headers")));

    // No date column: as_of is there, and it is null (not undefined).
    assert!(
        Reflect::has(&report, &"as_of".into()).unwrap_or(false),
        "as_of is present"
    );
    assert!(get(&report, "as_of").is_null(), "as_of is null");

    let clients: Array = get(&report, "clients").dyn_into().expect("clients is an Array");
    assert_eq!(clients.length(), 3);
    let first = clients.get(0);
    assert!(is_plain_object(&first));
    assert_eq!(get(&first, "name").as_string().as_deref(), Some("ООО «Альфа»"));
    assert_eq!(get(&first, "share").as_f64(), Some(0.6));
    // Numbers, not BigInt.
    assert_eq!(get(&first, "rank").js_typeof().as_string().as_deref(), Some("number"));

    let findings: Array = get(&report, "findings").dyn_into().expect("findings is an Array");
    assert!(
        findings
            .iter()
            .any(|f| get(&f, "code").as_string().as_deref() == Some("critical_dependency"))
    );
}

#[wasm_bindgen_test]
fn options_are_read_and_checked() {
    let options = json(r#"{"read": {"columns": {"amount": "B"}}, "method": {"asOf": "2024-12-31"}}"#);
    let report = analyze_workbook(SALES_CSV.as_bytes(), options).expect("a report");
    assert_eq!(get(&report, "total").as_f64(), Some(1000.0));
    assert_eq!(get(&report, "as_of").as_string().as_deref(), Some("2024-12-31"));
    let rules = get(&report, "rules");
    assert!(is_plain_object(&rules));
    assert_eq!(get(&rules, "as_of_source").as_string().as_deref(), Some("option"));

    for bad in [
        r#"{"method": {"asOf": "31.12.2024"}}"#,
        r#"{"method": {"keyShare": 1.5}}"#,
        r#"{"method": {"dependencyLevels": [0.3, 0.2]}}"#,
        r#"{"read": {"columns": {"buyer": "A"}}}"#,
        r#"{"amount": "B"}"#,
        r#"{"method": {"keyshare": 0.2}}"#,
        r#"{"method": {"measure": "margin"}}"#,
        r#"{"method": {"measure": "profit"}}"#,
        r#"{"method": {"from": "2024-02-01", "to": "2024-01-01"}}"#,
        r#"{"method": {"compare": [{"from": "2024-01-01"}]}}"#,
        r#"{"method": {"xyzX": 0.3, "xyzY": 0.2}}"#,
    ] {
        let Err(error) = analyze_workbook(SALES_CSV.as_bytes(), json(bad)) else {
            panic!("accepted: {bad}")
        };
        assert!(error.is_instance_of::<js_sys::Error>(), "{bad}");
        assert_eq!(code_of(&error), "bad_options", "{bad}");
    }
    let error = analyze_workbook(SALES_CSV.as_bytes(), json(r#"{"method": {"keyShare": 0}}"#)).expect_err("0%");
    assert_eq!(
        get(&get(&error, "details"), "option").as_string().as_deref(),
        Some("key_share")
    );
}

const DATED_CSV: &str = "Клиент;Дата;Сумма;Валовая прибыль\nООО «Альфа»;15.01.2023;600;60\n\
ООО «Бета»;20.02.2023;300;-30\nООО «Альфа»;15.01.2024;500;50\nИП Гамма;10.03.2024;100;40\n";

#[wasm_bindgen_test]
fn range_measure_and_comparison_options_reach_the_method() {
    let report = analyze_workbook(
        DATED_CSV.as_bytes(),
        json(r#"{"method": {"from": "2024-01-01", "to": "2024-12-31", "measure": "profit"}}"#),
    )
    .expect("a report");
    assert_eq!(get(&report, "measure").as_string().as_deref(), Some("profit"));
    assert_eq!(get(&report, "total").as_f64(), Some(90.0), "2024's profit only");
    let time = get(&report, "time");
    assert!(is_plain_object(&time));
    assert!(Array::is_array(&get(&time, "months")));
    let report = analyze_workbook(DATED_CSV.as_bytes(), JsValue::NULL).expect("a report");
    let comparison = get(&report, "comparison");
    assert_eq!(
        get(&comparison, "basis").as_string().as_deref(),
        Some("same_period_last_year")
    );
    assert_eq!(get(&get(&comparison, "before"), "total").as_f64(), Some(900.0));
    assert_eq!(get(&get(&comparison, "after"), "total").as_f64(), Some(600.0));
    let measures: Vec<String> = get(&report, "measures")
        .unchecked_into::<Array>()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(measures, ["revenue", "profit"]);
}

#[wasm_bindgen_test]
fn scenario_marks_and_supplier_options_reach_the_method() {
    let report = analyze_workbook(
        DATED_CSV.as_bytes(),
        json(
            r#"{"method": {"scenario": {"remove": ["Нет такого"], "cut": [{"client": "ООО «Альфа»", "by": 0.5}]},
                "marks": [{"client": "ИП Гамма", "kinds": ["reference"], "potential": 100000}],
                "supplier": [{"name": "всё", "unit": "money", "perMonth": 10, "months": 1}],
                "walletShareMax": 0.3}}"#,
        ),
    )
    .expect("a report");
    let scenario = get(&report, "scenario");
    assert!(is_plain_object(&scenario));
    assert_eq!(Array::from(&get(&scenario, "missing")).length(), 1);
    assert!(Array::is_array(&get(&report, "actions")));
    assert!(Array::is_array(&get(&report, "supplier")));
    let rules = get(&report, "rules");
    assert_eq!(get(&rules, "wallet_share_max").as_f64(), Some(0.3));
    for bad in [
        r#"{"method": {"marks": [{"client": "A", "kinds": ["famous"]}]}}"#,
        r#"{"method": {"supplier": [{"unit": "kg", "perMonth": 1}]}}"#,
        r#"{"method": {"scenario": {"cut": [{"client": "A", "by": 2}]}}}"#,
        r#"{"method": {"scenario": {"drop": []}}}"#,
    ] {
        let e = analyze_workbook(DATED_CSV.as_bytes(), json(bad)).expect_err(bad);
        assert_eq!(code_of(&e), "bad_options", "{bad}");
    }
}

#[wasm_bindgen_test]
fn junk_bytes_throw_an_error_with_a_code() {
    let junk: Vec<u8> = (0u8..=255).cycle().take(4096).map(|b| b.wrapping_mul(37)).collect();
    let error = analyze_workbook(&junk, JsValue::NULL).expect_err("junk is refused");
    assert!(error.is_instance_of::<js_sys::Error>(), "an Error, not a string");
    assert_eq!(code_of(&error), "unsupported_format");
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(!message.is_empty(), "an English message for developers");
    assert!(Reflect::has(&error, &"details".into()).unwrap_or(false));
}

#[wasm_bindgen_test]
fn no_client_column_offers_candidates() {
    let csv = "Регион;Сумма\nМосква;100\nКазань;200\nПермь;300\n";
    let error = analyze_workbook(csv.as_bytes(), JsValue::UNDEFINED).expect_err("no client column");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "no_client_column");
    let details = get(&error, "details");
    assert!(is_plain_object(&details), "details is a plain Object");
    let candidates = get(&details, "candidates");
    assert!(Array::is_array(&candidates), "details.candidates is an Array");
    let candidates: Array = candidates.unchecked_into();
    assert!(candidates.length() > 0, "at least one candidate");
    let first = candidates.get(0);
    assert!(get(&first, "column").as_string().is_some_and(|c| !c.is_empty()));
    assert!(Array::is_array(&get(&first, "examples")));
}

#[wasm_bindgen_test]
fn engine_codes_lists_every_code() {
    let codes = engine_codes().expect("codes");
    assert!(is_plain_object(&codes));
    let list = |key: &str| -> Vec<String> {
        let value = get(&codes, key);
        assert!(Array::is_array(&value), "{key} is an Array");
        value
            .unchecked_into::<Array>()
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    };
    let errors = list("errors");
    for code in [
        "unsupported_format",
        "no_client_column",
        "no_amount_column",
        "password_protected",
    ] {
        assert!(errors.iter().any(|c| c == code), "errors lists {code}");
    }
    let findings = list("findings");
    for code in ["dependency", "manager_overload", "lost_key_client", "key_account"] {
        assert!(findings.iter().any(|c| c == code), "findings lists {code}");
    }
    assert!(!list("data_quality").is_empty());
    assert_eq!(engine_version(), env!("CARGO_PKG_VERSION"));
}

fn file(name: &str, bytes: &[u8]) -> JsValue {
    let f = Object::new();
    Reflect::set(&f, &"name".into(), &name.into()).expect("set");
    Reflect::set(&f, &"bytes".into(), &js_sys::Uint8Array::from(bytes)).expect("set");
    f.into()
}

#[wasm_bindgen_test]
fn several_files_are_combined_and_merges_and_switches_are_read() {
    let files = Array::new();
    files.push(&file("январь.csv", SALES_CSV.as_bytes()));
    files.push(&file(
        "февраль.csv",
        "Клиент;Сумма\nООО «Альфа»;400\nИП Дельта;100\n".as_bytes(),
    ));
    let options =
        json(r#"{"identity": {"merges": [["ИП Гамма", "ИП Дельта"]], "keepCancelled": true, "groupByParent": false}}"#);
    let report = analyze_files(files.clone(), options).expect("a report");
    assert_eq!(get(&report, "total").as_f64(), Some(1500.0));
    let source = get(&report, "source");
    let names: Array = get(&source, "files").dyn_into().expect("files");
    assert_eq!(names.length(), 2);
    let parts: Array = get(&source, "parts").dyn_into().expect("parts");
    assert_eq!(get(&parts.get(1), "file").as_string().as_deref(), Some("февраль.csv"));
    // The accepted merge made one client of ИП Гамма (100) and ИП Дельта (100).
    let clients: Array = get(&report, "clients").dyn_into().expect("clients");
    assert_eq!(clients.length(), 3);
    let merged = clients
        .iter()
        .find(|c| get(c, "amount").as_f64() == Some(200.0))
        .expect("the merged client");
    let names: Array = get(&merged, "names").dyn_into().expect("names");
    assert_eq!(names.length(), 1);

    // An error in one file names it.
    let bad = Array::new();
    bad.push(&file("ok.csv", SALES_CSV.as_bytes()));
    bad.push(&file("junk.bin", &[0u8, 1, 2, 3, 255, 254, 0, 7]));
    let error = analyze_files(bad, JsValue::UNDEFINED).expect_err("junk is refused");
    assert_eq!(code_of(&error), "unsupported_format");
    assert_eq!(
        get(&get(&error, "details"), "file").as_string().as_deref(),
        Some("junk.bin")
    );
}

fn stats(session: &Session) -> (f64, f64, f64, f64) {
    let s = session.stats().expect("stats");
    assert!(is_plain_object(&s));
    let n = |k: &str| get(&s, k).as_f64().unwrap_or(-1.0);
    (n("reads"), n("extractions"), n("resolutions"), n("analyses"))
}

#[wasm_bindgen_test]
fn a_session_reads_once_and_reruns_only_what_changed() {
    let files = Array::new();
    files.push(&file("продажи.csv", SALES_CSV.as_bytes()));
    let mut session = Session::new(files, None).expect("a session");
    let report = session.analyze(JsValue::UNDEFINED).expect("a report");
    // One file is analysed on its own, as the CLI does: no file names in the report.
    assert_eq!(
        get(&get(&report, "source"), "files").unchecked_into::<Array>().length(),
        0
    );
    let keys = |r: &JsValue| get(r, "key_accounts").unchecked_into::<Array>().length();
    assert_eq!(keys(&report), 3, "600, 300 and 100 of 1000 are all at least 10%");
    assert_eq!(stats(&session), (1.0, 1.0, 1.0, 1.0));

    // The method only: a higher key share, then the as-of date.
    let report = session
        .analyze(json(r#"{"method": {"keyShare": 0.35}}"#))
        .expect("a report");
    assert_eq!(keys(&report), 1);
    assert_eq!(get(&get(&report, "rules"), "key_share").as_f64(), Some(0.35));
    session
        .analyze(json(r#"{"method": {"asOf": "2025-01-31"}}"#))
        .expect("a report");
    assert_eq!(stats(&session), (1.0, 1.0, 1.0, 3.0));

    // A merge resolves clients again, not the table.
    let merged = session
        .analyze(json(r#"{"identity": {"merges": [["ООО «Бета»", "ИП Гамма"]]}}"#))
        .expect("a report");
    assert_eq!(get(&merged, "clients").unchecked_into::<Array>().length(), 2);
    assert_eq!(stats(&session), (1.0, 1.0, 2.0, 4.0));

    // A bad setting is refused and the session stays usable.
    let error = session
        .analyze(json(r#"{"method": {"criticalShare": -1}}"#))
        .expect_err("refused");
    assert_eq!(code_of(&error), "bad_options");
    let error = session
        .analyze(json(r#"{"read": {"columns": {"client": "Нет такого"}}}"#))
        .expect_err("refused");
    assert_eq!(code_of(&error), "column_not_found");
    session.analyze(JsValue::UNDEFINED).expect("a report again");
    assert_eq!(stats(&session).0, 1.0, "never read again");
}

#[wasm_bindgen_test]
fn a_session_refuses_unreadable_files_and_names_them() {
    let files = Array::new();
    files.push(&file("ok.csv", SALES_CSV.as_bytes()));
    files.push(&file("junk.bin", &[0u8, 1, 2, 3, 255, 254, 0, 7]));
    let error = Session::new(files, None).err().expect("junk is refused");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "unsupported_format");
    assert_eq!(
        get(&get(&error, "details"), "file").as_string().as_deref(),
        Some("junk.bin")
    );
}

#[wasm_bindgen_test]
fn method_defaults_are_the_method_s() {
    let d = method_defaults().expect("defaults");
    assert!(is_plain_object(&d));
    assert_eq!(get(&d, "keyShare").as_f64(), Some(0.1));
    assert_eq!(get(&d, "criticalShare").as_f64(), Some(0.5));
    assert_eq!(get(&d, "maxKeyAccountsPerManager").as_f64(), Some(3.0));
    let levels: Vec<f64> = get(&d, "dependencyLevels")
        .unchecked_into::<Array>()
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    assert_eq!(levels, vec![0.2, 0.3, 0.4]);
    assert!(get(&d, "asOf").is_null());
    assert_eq!(get(&d, "trendWindowMonths").as_f64(), Some(12.0));
    assert_eq!(get(&d, "xyzY").as_f64(), Some(0.25));
    assert_eq!(get(&d, "measure").as_string().as_deref(), Some("revenue"));
}

#[wasm_bindgen_test]
fn a_session_reports_its_reading_progress() {
    let files = Array::new();
    files.push(&file("продажи.csv", SALES_CSV.as_bytes()));
    let seen = Array::new();
    // A plain JS function that keeps what it is given.
    let keep = js_sys::Function::new_with_args("p", "this.push(p)").bind0(&seen);
    let mut session = Session::new(files, Some(keep)).expect("a session");
    assert!(seen.length() >= 1, "at least the end of the file is reported");
    let last = seen.get(seen.length() - 1);
    assert!(is_plain_object(&last));
    assert_eq!(get(&last, "fraction").as_f64(), Some(1.0));
    assert!(get(&last, "rows").as_f64().unwrap_or(0.0) >= 4.0, "the rows read");
    // A progress function that throws does not stop the reading.
    let files = Array::new();
    files.push(&file("продажи.csv", SALES_CSV.as_bytes()));
    let throws = js_sys::Function::new_with_args("p", "throw new Error('no')");
    assert!(Session::new(files, Some(throws)).is_ok());
    assert!(session.analyze(JsValue::UNDEFINED).is_ok());
}

/// The worker posts the report as JSON texts (`analyzeTexts`): parsed and joined they are the
/// report `analyze` gives, clients in order across the chunks of 4,096.
#[wasm_bindgen_test]
fn the_report_as_texts_is_the_report() {
    let mut csv = String::from("Клиент;Сумма\n");
    for i in 0..5000 {
        csv.push_str(&format!("Клиент {i};{}\n", 10_000 - i));
    }
    let files = Array::new();
    files.push(&file("много.csv", csv.as_bytes()));
    let mut session = Session::new(files, None).expect("a session");
    let report = session.analyze(JsValue::UNDEFINED).expect("a report");
    let texts = session.analyze_texts(JsValue::UNDEFINED).expect("texts");
    assert_eq!(texts.length(), 3, "the report, then 5,000 clients in two chunks");
    let parse = |v: JsValue| js_sys::JSON::parse(&v.as_string().expect("a text")).expect("JSON");
    let joined = parse(texts.get(0));
    assert_eq!(get(&joined, "clients").unchecked_into::<Array>().length(), 0);
    let clients = Array::new();
    for i in 1..texts.length() {
        for c in parse(texts.get(i)).unchecked_into::<Array>().iter() {
            clients.push(&c);
        }
    }
    assert_eq!(clients.length(), 5000);
    Reflect::set(&joined, &"clients".into(), &clients).expect("set");
    let text = |v: &JsValue| {
        js_sys::JSON::stringify(v)
            .expect("stringify")
            .as_string()
            .unwrap_or_default()
    };
    assert_eq!(text(&joined), text(&report));
}

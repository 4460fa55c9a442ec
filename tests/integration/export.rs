//! Exports and anonymisation (issue 13, points 4 and 5) on real reports: every
//! built fixture, every shape and method fixture, both demo workbooks (also
//! with a what-if, marks and a supplier condition) and the corpus.
//!
//! - XLSX read back with calamine: the client table's names, amounts and shares,
//!   the findings and the total equal the report's; no formula anywhere;
//! - CSV: byte-order mark, the locale's separator, read back by our own reader
//!   to the same total; text that starts like a formula neutralised, numbers not;
//! - text: the verdict, the top clients and every finding, no unfilled placeholder;
//! - anonymised: no real client, manager, department or file name in the JSON,
//!   CSV, text or XLSX (its XML included), and every number as in the plain report;
//!   pseudonyms stable across a range, a measure and a what-if.

use crate::build::Expect;
use crate::common::{fixtures, manifest_dir};
use crate::corpus::corpus_dir;
use crate::method::method_fixtures;
use crate::shapes;
use calamine::{Data, Reader, Xlsx};
use keyaccounts::core::export::sentences::unfilled;
use keyaccounts::core::export::words::words;
use keyaccounts::core::export::{self, Lang, ReportView};
use keyaccounts::core::options::Anonymize;
use keyaccounts::core::report::anonymize::SHORTEST_SCRUBBED;
use keyaccounts::{ClientMark, MarkSet, Options, Report, Session, SupplierCondition, SupplierUnit};
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::process::Command;

/// A file set to analyse, with the options to analyse it with.
struct Case {
    name: String,
    files: Vec<(String, Vec<u8>)>,
    options: Options,
}

fn analyze(case: &Case, options: &Options) -> Result<Report, keyaccounts::Error> {
    match case.files.as_slice() {
        [(_, bytes)] => keyaccounts::analyze(bytes, options),
        files => {
            let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            keyaccounts::analyze_files(&refs, options)
        }
    }
}

fn demo(lang: crate::sample::Lang) -> Vec<(String, Vec<u8>)> {
    let (bytes, _) = crate::sample::build_lang(lang).expect("demo");
    vec![("demo.xlsx".to_string(), bytes)]
}

/// The demo with a what-if, marks (one for a name that is no client) and a supplier condition.
fn demo_with_plans() -> Case {
    let files = demo(crate::sample::Lang::Ru);
    let plain = keyaccounts::analyze(&files[0].1, &Options::default()).expect("demo");
    let mut options = Options::default();
    options.method.scenario.remove.push(plain.clients[0].name.clone());
    options
        .method
        .scenario
        .remove
        .push("ООО Несуществующая Компания".to_string());
    options.method.scenario.cut.push((plain.clients[2].name.clone(), 0.3));
    options.method.marks.push(ClientMark {
        client: plain.clients[7].name.clone(),
        marks: MarkSet::default().with(keyaccounts::Mark::Partner),
        potential: Some(50_000_000.0),
    });
    options.method.marks.push(ClientMark {
        client: "ЗАО Другой Файл".to_string(),
        marks: MarkSet::default().with(keyaccounts::Mark::Reference),
        potential: None,
    });
    options.method.supplier.push(SupplierCondition {
        name: "Опт".to_string(),
        products: vec![],
        unit: SupplierUnit::Money,
        per_month: 1_000_000.0,
        months: 3,
    });
    Case {
        name: "demo with a what-if, marks and a supplier".to_string(),
        files,
        options,
    }
}

/// Every case that gives a report: built, shape and method fixtures, the demos.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for f in fixtures() {
        if matches!(f.expect, Expect::Report(_)) {
            out.push(Case {
                name: f.name.to_string(),
                files: vec![(f.name.to_string(), f.bytes.clone())],
                options: Options::default(),
            });
        }
    }
    for f in shapes::all() {
        if f.truth.error.is_none() {
            out.push(Case {
                name: f.name.to_string(),
                files: f.files,
                options: f.options,
            });
        }
    }
    for m in method_fixtures() {
        out.push(Case {
            name: m.fixture.name.to_string(),
            files: vec![(m.fixture.name.to_string(), m.fixture.bytes.clone())],
            options: Options::default(),
        });
    }
    for (name, lang) in [
        ("demo-ru", crate::sample::Lang::Ru),
        ("demo-en", crate::sample::Lang::En),
    ] {
        out.push(Case {
            name: name.to_string(),
            files: demo(lang),
            options: Options::default(),
        });
    }
    out.push(demo_with_plans());
    out
}

fn xlsx_of(report: &Report, lang: Lang) -> Vec<u8> {
    export::xlsx(report, lang).expect("xlsx")
}

/// A sheet of an xlsx read by calamine.
fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("the export opens with calamine");
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn number(d: Option<&Data>) -> Option<f64> {
    match d? {
        Data::Float(x) => Some(*x),
        Data::Int(n) => Some(*n as f64),
        _ => None,
    }
}

fn string(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

/// Every entry of a zip (the xlsx's XML), `&amp;`-style escapes undone.
fn zip_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("zip entry");
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("UTF-8 XML");
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            (name, text)
        })
        .collect()
}

/// Every field of a CSV text.
fn csv_fields(text: &str, lang: Lang) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("the CSV starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(export::clients_csv::separator(lang))
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

/// The export's client table and total agree with the report.
fn check_xlsx(case: &str, report: &Report, bytes: &[u8], lang: Lang) -> Vec<String> {
    let w = words(lang);
    let mut bad = Vec::new();
    let clients = sheet(bytes, w.sheet_clients);
    let rows: Vec<&[Data]> = clients.rows().skip(1).collect();
    if rows.len() != report.clients.len() {
        bad.push(format!(
            "{case}: {} client rows, want {}",
            rows.len(),
            report.clients.len()
        ));
    }
    for (row, c) in rows.iter().zip(&report.clients) {
        let amount = number(row.get(2));
        let share = number(row.get(3));
        if string(row.get(1)) != c.name
            || amount.is_none_or(|a| (a - c.amount).abs() > 1e-9)
            || share.is_none_or(|s| (s - c.share).abs() > 1e-12)
            || number(row.first()) != Some(f64::from(c.rank))
        {
            bad.push(format!(
                "{case}: client row {:?} {amount:?} {share:?}, want {:?} {} {}",
                string(row.get(1)),
                c.name,
                c.amount,
                c.share
            ));
        }
    }
    let findings = sheet(bytes, w.sheet_findings);
    let codes: Vec<String> = findings.rows().skip(1).map(|r| string(r.get(1))).collect();
    let want: Vec<String> = report.findings.iter().map(|f| f.code().to_string()).collect();
    if codes != want {
        bad.push(format!("{case}: findings {codes:?}, want {want:?}"));
    }
    let summary = sheet(bytes, w.sheet_summary);
    let total = summary
        .rows()
        .find(|r| string(r.first()) == w.total)
        .and_then(|r| number(r.get(1)));
    if total.is_none_or(|t| (t - report.total).abs() > 1e-9) {
        bad.push(format!("{case}: summary total {total:?}, want {}", report.total));
    }
    let key = sheet(bytes, w.sheet_key_accounts);
    if key.rows().count().saturating_sub(1) != report.key_accounts.len() {
        bad.push(format!("{case}: key account rows differ"));
    }
    for (name, xml) in zip_texts(bytes) {
        if name.starts_with("xl/worksheets/") && xml.contains("<f>") {
            bad.push(format!("{case}: a formula in {name}"));
        }
    }
    bad
}

#[test]
fn xlsx_exports_read_back_with_the_reports_numbers() {
    let mut bad = Vec::new();
    let mut n = 0;
    for (i, case) in cases().iter().enumerate() {
        let report = analyze(case, &case.options).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let lang = if i % 2 == 0 { Lang::Ru } else { Lang::En };
        bad.extend(check_xlsx(&case.name, &report, &xlsx_of(&report, lang), lang));
        n += 1;
    }
    println!("export: {n} reports written as xlsx and read back");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn csv_and_text_exports_say_what_the_report_says() {
    let mut bad = Vec::new();
    for (i, case) in cases().iter().enumerate() {
        let report = analyze(case, &case.options).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let view = ReportView::of(&report).expect("view");
        for lang in [Lang::Ru, Lang::En] {
            let csv = export::clients_csv(&report, lang).expect("csv");
            let rows = csv_fields(&csv, lang);
            if rows.len() != report.clients.len() + 1 || rows.iter().any(|r| r.len() != 16) {
                bad.push(format!("{}: CSV shape {} rows", case.name, rows.len()));
            }
            for (row, c) in rows.iter().skip(1).zip(&report.clients) {
                let amount: Option<f64> = row.get(2).and_then(|a| a.replace(',', ".").parse().ok());
                let name_ok = row
                    .get(1)
                    .is_some_and(|n| n == &export::clients_csv::neutralised(&c.name));
                if !name_ok || amount.is_none_or(|a| (a - c.amount).abs() > 0.005) {
                    bad.push(format!("{}: CSV row {row:?} for {} {}", case.name, c.name, c.amount));
                }
            }
            let text = export::text(&report, lang).expect("text");
            let w = words(lang);
            if !text.contains(w.verdict) || !text.contains(&format!("{} ({})", w.findings, report.findings.len())) {
                bad.push(format!("{}: text without verdict or findings count", case.name));
            }
            for f in &view.findings {
                let missing = unfilled(f, &view, lang);
                if !missing.is_empty() {
                    bad.push(format!("{}: {} lacks {missing:?}", case.name, f.code));
                }
                let t = export::sentences::finding_text(f, &view, lang);
                if !text.contains(t.title.replace(['\t', '\n', '\r'], " ").as_str()) {
                    bad.push(format!("{}: text lacks {:?}", case.name, t.title));
                }
            }
        }
        // Our own reader takes the CSV back: the same clients, the same total.
        if i % 3 == 0 {
            let lang = if i % 2 == 0 { Lang::Ru } else { Lang::En };
            let csv = export::clients_csv(&report, lang).expect("csv");
            let mut options = Options::default();
            let w = words(lang);
            options.read.columns.set(keyaccounts::Role::Client, w.h_client);
            options.read.columns.set(keyaccounts::Role::Amount, w.h_amount);
            options.identity.group_by_parent = false;
            match keyaccounts::analyze(csv.as_bytes(), &options) {
                Ok(back) if (back.total - report.total).abs() <= 0.01 * (report.clients.len() as f64 + 1.0) => {}
                Ok(back) => bad.push(format!(
                    "{}: CSV read back: total {} != {}",
                    case.name, back.total, report.total
                )),
                Err(e) => bad.push(format!("{}: CSV read back: {e}", case.name)),
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A CSV of sales whose client names start like formulas, and one return.
const INJECTION_CSV: &str = "Клиент;Сумма\n\
\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";5000\n\
-cmd;3000\n\
@SUM(1);2000\n\
\"+7 495 123\";1000\n\
ООО Возврат;-500\n";

#[test]
fn names_that_look_like_formulas_stay_text_in_xlsx_and_csv() {
    let report = keyaccounts::analyze(INJECTION_CSV.as_bytes(), &Options::default()).expect("report");
    let names: Vec<&str> = report.clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "=HYPERLINK(\"http://x\",\"y\")",
            "-cmd",
            "@SUM(1)",
            "+7 495 123",
            "ООО Возврат"
        ]
    );
    for lang in [Lang::Ru, Lang::En] {
        let bytes = xlsx_of(&report, lang);
        let clients = sheet(&bytes, words(lang).sheet_clients);
        for (row, c) in clients.rows().skip(1).zip(&report.clients) {
            assert_eq!(row.get(1), Some(&Data::String(c.name.clone())), "a plain string cell");
        }
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).expect("xlsx");
        for name in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&name).expect("formulas");
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{name} has a formula"
            );
        }
        for (entry, xml) in zip_texts(&bytes) {
            assert!(!xml.contains("<f>") && !xml.contains("<f "), "{entry} has a formula");
        }
        assert!(check_xlsx("injection", &report, &bytes, lang).is_empty());

        let csv = export::clients_csv(&report, lang).expect("csv");
        let rows = csv_fields(&csv, lang);
        let column: Vec<&str> = rows
            .iter()
            .skip(1)
            .filter_map(|r| r.get(1))
            .map(String::as_str)
            .collect();
        assert_eq!(
            column,
            [
                "'=HYPERLINK(\"http://x\",\"y\")",
                "'-cmd",
                "'@SUM(1)",
                "'+7 495 123",
                "ООО Возврат"
            ]
        );
        let returned = rows.last().and_then(|r| r.get(2)).cloned().unwrap_or_default();
        assert_eq!(
            returned,
            if lang == Lang::Ru { "-500,00" } else { "-500.00" },
            "a number, not text"
        );
        let sep = char::from(export::clients_csv::separator(lang));
        assert!(
            csv.starts_with(&format!("\u{feff}{}{sep}", words(lang).h_rank)),
            "{csv}"
        );
        assert!(csv.contains("\r\n"), "CRLF line ends");
    }
}

/// Real names in a report: clients (and their other names), managers, departments, files.
fn real_names(report: &Report) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in &report.clients {
        out.insert(c.name.clone());
        out.extend(c.names.iter().cloned());
    }
    out.extend(report.managers.iter().map(|m| m.name.clone()));
    out.extend(report.departments.iter().map(|d| d.name.clone()));
    out.extend(report.source.files.iter().cloned());
    out
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// Where a real name (of more than three characters) shows in the anonymised exports.
fn leaks(names: &BTreeSet<String>, anon: &Report, lang: Lang) -> Vec<String> {
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut json = Vec::new();
    strings(&serde_json::to_value(anon).expect("JSON"), &mut json);
    texts.extend(json.into_iter().map(|s| ("json".to_string(), s)));
    let csv = export::clients_csv(anon, lang).expect("csv");
    for row in csv_fields(&csv, lang) {
        texts.extend(row.into_iter().map(|f| ("csv".to_string(), f)));
    }
    let text = export::text(anon, lang).expect("text");
    texts.push(("text".to_string(), text.clone()));
    for (entry, xml) in zip_texts(&xlsx_of(anon, lang)) {
        texts.push((format!("xlsx {entry}"), xml));
    }
    let mut out = Vec::new();
    for name in names.iter().filter(|n| n.chars().count() >= SHORTEST_SCRUBBED) {
        for (place, t) in &texts {
            if t.contains(name.as_str()) {
                out.push(format!("{name:?} in {place}"));
            }
        }
        // The text summary cuts names after 39 characters.
        let prefix: String = name.chars().take(39).collect();
        if name.chars().count() > 40 && text.contains(&prefix) {
            out.push(format!("{name:?} (cut) in text"));
        }
    }
    out
}

/// Everything but names: the same in both.
fn numbers_differ(plain: &Report, anon: &Report) -> Vec<String> {
    let mut bad = Vec::new();
    let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
    if !same(plain.total, anon.total) || plain.clients.len() != anon.clients.len() {
        bad.push("total or clients".to_string());
    }
    for (p, a) in plain.clients.iter().zip(&anon.clients) {
        if !same(p.amount, a.amount) || !same(p.share, a.share) || p.rank != a.rank || p.abc != a.abc {
            bad.push(format!("client {} {} vs {} {}", p.name, p.amount, a.name, a.amount));
        }
    }
    let f = |r: &Report| -> Vec<(String, String, Option<f64>)> {
        r.flat_findings()
            .into_iter()
            .map(|f| (f.code.to_string(), format!("{:?}", f.severity), f.share))
            .collect()
    };
    if f(plain) != f(anon) {
        bad.push("findings".to_string());
    }
    let k = |r: &Report| -> Vec<(f64, String)> {
        r.key_accounts
            .iter()
            .map(|k| (k.share, format!("{:?}", k.scope)))
            .collect()
    };
    if k(plain) != k(anon) || plain.concentration != anon.concentration {
        bad.push("key accounts or concentration".to_string());
    }
    let g = |r: &Report| -> Vec<f64> { r.managers.iter().chain(&r.departments).map(|g| g.amount).collect() };
    if g(plain) != g(anon) {
        bad.push("managers or departments".to_string());
    }
    let q =
        |r: &Report| -> Vec<(String, u32)> { r.data_quality.iter().map(|n| (n.code.to_string(), n.count)).collect() };
    if q(plain) != q(anon) || plain.source.rows_skipped != anon.source.rows_skipped {
        bad.push("data quality".to_string());
    }
    if plain.actions.len() != anon.actions.len() || plain.scenario.is_some() != anon.scenario.is_some() {
        bad.push("actions or scenario".to_string());
    }
    bad
}

fn anonymized(options: &Options, lang: Lang) -> Options {
    let mut o = options.clone();
    o.anonymize = Some(Anonymize::of(lang));
    o
}

#[test]
fn anonymised_exports_name_no_real_client_manager_department_or_file() {
    let mut bad = Vec::new();
    let mut checked = 0;
    for (i, case) in cases().iter().enumerate() {
        let lang = if i % 2 == 0 { Lang::Ru } else { Lang::En };
        let plain = analyze(case, &case.options).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let anon = analyze(case, &anonymized(&case.options, lang)).expect("anonymised");
        let mut names = real_names(&plain);
        names.extend(case.options.method.marks.iter().map(|m| m.client.clone()));
        names.extend(case.options.method.scenario.remove.iter().cloned());
        checked += names.len();
        bad.extend(
            leaks(&names, &anon, lang)
                .into_iter()
                .map(|l| format!("{}: {l}", case.name)),
        );
        bad.extend(
            numbers_differ(&plain, &anon)
                .into_iter()
                .map(|d| format!("{}: {d}", case.name)),
        );
        // Without a scenario and by revenue, pseudonyms are the ranks.
        if case.options.method.scenario.is_empty() {
            let word = &Anonymize::of(lang).client;
            for c in &anon.clients {
                if c.name != format!("{word} {}", c.rank) {
                    bad.push(format!("{}: {} at rank {}", case.name, c.name, c.rank));
                }
            }
        }
    }
    println!("export: {checked} real names looked for in the anonymised exports");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn pseudonyms_stay_with_their_client_across_a_range_a_measure_and_a_what_if() {
    let files = demo(crate::sample::Lang::Ru);
    let mut session = Session::open(&[(None, files[0].1.as_slice())], &Default::default()).expect("open");
    let plain = session.analyze(&Options::default()).expect("plain");
    let pseudonyms = session
        .pseudonyms(&anonymized(&Options::default(), Lang::Ru))
        .expect("pseudonyms");
    let pairs = pseudonyms.pairs();
    for (i, c) in plain.clients.iter().enumerate() {
        assert_eq!(pseudonyms.real(&format!("Клиент {}", i + 1)), Some(c.name.as_str()));
    }
    assert!(pairs.iter().any(|(p, _)| p == "Менеджер A"));
    assert!(pairs.iter().any(|(p, _)| p == "Отдел C"));
    let to_pseudonym = |real: &str| pairs.iter().find(|(_, r)| r == real).map(|(p, _)| p.clone());

    let mut views = Vec::new();
    let mut range = Options::default();
    range.method.range.from = keyaccounts::core::value::Date::parse_iso("2024-07-01");
    views.push(range);
    let mut what_if = Options::default();
    what_if.method.scenario.remove.push(plain.clients[0].name.clone());
    what_if.method.scenario.cut.push((plain.clients[1].name.clone(), 0.5));
    views.push(what_if);
    let mut small = Options::default();
    small.method.thresholds.key_share = 0.02;
    views.push(small);
    let reads = session.stats().reads;
    for view in views {
        let real = session.analyze(&view).expect("view");
        let anon = session.analyze(&anonymized(&view, Lang::Ru)).expect("anonymised view");
        assert_eq!(real.clients.len(), anon.clients.len());
        for (r, a) in real.clients.iter().zip(&anon.clients) {
            assert_eq!(Some(a.name.clone()), to_pseudonym(&r.name), "{}", r.name);
        }
        for (r, a) in real.key_accounts.iter().zip(&anon.key_accounts) {
            assert_eq!(Some(a.client.clone()), to_pseudonym(&r.client));
        }
        if let (Some(rs), Some(as_)) = (&real.scenario, &anon.scenario) {
            assert_eq!(rs.removed.len(), as_.removed.len());
            assert_eq!(as_.removed[0].client, "Клиент 1");
            assert_eq!(as_.cut[0].client, "Клиент 2");
        }
    }
    assert_eq!(session.stats().reads, reads, "anonymising reads nothing again");
    assert_eq!(
        session.stats().resolutions,
        1,
        "pseudonyms come from the lines already resolved"
    );
}

#[test]
fn corpus_reports_export_and_anonymise() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file() && !n.ends_with(".json") && !n.ends_with(".md")
        })
        .collect();
    files.sort();
    let mut bad = Vec::new();
    let mut exported = 0;
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("read");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let Ok(plain) = keyaccounts::analyze(&bytes, &Options::default()) else {
            continue;
        };
        let lang = if i % 2 == 0 { Lang::Ru } else { Lang::En };
        bad.extend(check_xlsx(&name, &plain, &xlsx_of(&plain, lang), lang));
        let text = export::text(&plain, lang).expect("text");
        if !text.contains(words(lang).verdict) {
            bad.push(format!("{name}: text without a verdict"));
        }
        let anon = keyaccounts::analyze(&bytes, &anonymized(&Options::default(), lang)).expect("anonymised");
        bad.extend(
            leaks(&real_names(&plain), &anon, lang)
                .into_iter()
                .map(|l| format!("{name}: {l}")),
        );
        bad.extend(
            numbers_differ(&plain, &anon)
                .into_iter()
                .map(|d| format!("{name}: {d}")),
        );
        exported += 1;
    }
    println!("export: {exported} corpus reports exported and anonymised");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keyaccounts"))
}

fn tmp(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export").join(test);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

#[test]
fn cli_writes_xlsx_csv_and_text_and_anonymises_them_all() {
    let dir = tmp("cli");
    let input = dir.join("demo.xlsx");
    std::fs::write(&input, &demo(crate::sample::Lang::Ru)[0].1).expect("write demo");
    let plain = keyaccounts::analyze(&std::fs::read(&input).expect("demo"), &Options::default()).expect("report");
    let real = real_names(&plain);

    // The default output is unchanged: the report JSON.
    let out = bin().arg("analyze").arg(&input).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let json: Report = keyaccounts::analyze(&std::fs::read(&input).expect("demo"), &Options::default()).expect("r");
    // Both through the same parser: serde_json's default float parsing may miss the last bit.
    let ours = serde_json::to_string(&json).expect("JSON");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON"),
        serde_json::from_str::<serde_json::Value>(&ours).expect("JSON")
    );

    for (lang, flag) in [(Lang::Ru, "ru"), (Lang::En, "en")] {
        let (xlsx, csv) = (
            dir.join(format!("out-{flag}.xlsx")),
            dir.join(format!("out-{flag}.csv")),
        );
        let out = bin()
            .args(["analyze"])
            .arg(&input)
            .args(["--format", "text", "--lang", flag, "--xlsx"])
            .arg(&xlsx)
            .arg("--csv")
            .arg(&csv)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(text.trim_end(), export::text(&plain, lang).expect("text").trim_end());
        assert!(check_xlsx("cli", &plain, &std::fs::read(&xlsx).expect("xlsx"), lang).is_empty());
        let csv_text = std::fs::read_to_string(&csv).expect("csv");
        assert_eq!(csv_text, export::clients_csv(&plain, lang).expect("csv"));

        // --anonymize: JSON, text, CSV and XLSX without a real name.
        let out = bin()
            .arg("analyze")
            .arg(&input)
            .args(["--anonymize", "--lang", flag, "--xlsx"])
            .arg(&xlsx)
            .arg("--csv")
            .arg(&csv)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        let anon: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let text = bin()
            .arg("analyze")
            .arg(&input)
            .args(["--anonymize", "--format", "text", "--lang", flag])
            .output()
            .expect("run")
            .stdout;
        let mut all = vec![
            String::from_utf8(text).expect("UTF-8"),
            std::fs::read_to_string(&csv).expect("csv"),
        ];
        strings(&anon, &mut all);
        all.extend(
            zip_texts(&std::fs::read(&xlsx).expect("xlsx"))
                .into_iter()
                .map(|(_, t)| t),
        );
        for name in real.iter().filter(|n| n.chars().count() >= SHORTEST_SCRUBBED) {
            assert!(
                all.iter().all(|t| !t.contains(name.as_str())),
                "{name} leaked with --anonymize"
            );
        }
        assert_eq!(anon["clients"][0]["name"], Anonymize::of(lang).client + " 1");
    }

    for (args, code) in [
        (vec!["--format", "yaml"], "usage"),
        (vec!["--lang", "de"], "usage"),
        (vec!["--csv", "/nonexistent-dir/x.csv"], "file_not_writable"),
        (vec!["--xlsx", "/nonexistent-dir/x.xlsx"], "file_not_writable"),
    ] {
        let out = bin().arg("analyze").arg(&input).args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("error JSON");
        assert_eq!(json["error"]["code"], code, "{args:?}");
    }
}

#[test]
fn the_report_view_reads_every_golden_report() {
    // The exports read the contract: every committed golden report parses.
    let mut n = 0;
    for dir in ["tests/golden", "tests/golden/shapes", "tests/golden/judgment"] {
        let Ok(entries) = std::fs::read_dir(manifest_dir().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&path).expect("golden");
                let view = ReportView::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!export::text::text(&view, Lang::En).is_empty());
                n += 1;
            }
        }
    }
    assert!(n > 40, "{n} golden reports");
    assert_eq!(
        ReportView::from_json("{}").expect_err("not a report").code(),
        "bad_options"
    );
}

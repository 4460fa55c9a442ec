//! The only file that knows wasm: a [`Session`] over the files the page
//! dropped (read once, analysed as often as asked), plain report objects out,
//! and thrown `Error`s whose `code` the page translates.
//!
//! Options, as the page sends them (every field optional, unknown fields refused):
//!
//! ```text
//! { read:     { sheet, columns: { client: "B", client_id: "Код", … }, monthFirst },
//!   identity: { keepCancelled, keepStatuses: ["Отменен", …], groupByParent, merges: [["A", "B"], …] },
//!   method:   { asOf: "YYYY-MM-DD", measure: "revenue" | "profit" | "quantity",
//!               from: "YYYY-MM-DD", to: "YYYY-MM-DD", compare: [{from, to}, {from, to}],
//!               keyShare, dependencyLevels: [..], criticalShare, maxKeyAccountsPerManager,
//!               lostGapMultiplier, lostMinDays, lostMinPurchases, abcA, abcB,
//!               trendWindowMonths, trendMinMonths, hhiRise, topShareRise,
//!               slippingRecentMonths, slippingBaselineMonths, slippingRatio, xyzX, xyzY,
//!               walletShareMax, potentialMinShare, innovatorMaxShare, smallOrdersMin, splitMinShare,
//!               scenario: { remove: ["A", …], cut: [{client, by: 0.3}] },
//!               marks: [{client, kinds: ["reference", …], potential: 1200000}],
//!               supplier: [{name, products: [..], unit: "units" | "money", perMonth, months}] } }
//! ```
//! Shares are fractions (0.1 = 10%), as in the report. `anonymize: {lang: "ru" | "en",
//! client, manager, department, file}` (every field optional) names clients, managers,
//! departments and files by pseudonyms (`Клиент 3`, `Менеджер B`); `Session.pseudonyms()`
//! maps them back.
//!
//! Exports take the report as JSON text (`JSON.stringify(report)`, anonymised or not):
//! `exportXlsx(reportJson, lang)`, `exportCsv(reportJson, lang)` and
//! `reportText(reportJson, lang)` (feature `export`).
//!
//! Features: `web` exports the engine (the page's first-load module, `pkg/keyaccounts.js`),
//! `export` the exports (the second module, `pkg/keyaccounts_export.js`, built from the
//! `export/` crate and loaded only when the user asks); tests and clippy build both.

// The export module (feature `export` alone) uses only the error helpers of this file.
#![cfg_attr(not(feature = "web"), allow(dead_code, unused_imports))]

use crate::core::analysis::FindingCode;
use crate::core::analysis::actions::ActionCode;
use crate::core::error::{Error, ErrorCode, ErrorKind};
#[cfg(feature = "export")]
use crate::core::export::{self, ReportView};
use crate::core::model::Mark;
use crate::core::options::wire;
use crate::core::options::{
    Anonymize, DateRange, IdentityOptions, Lang, Limits, Measure, MethodOptions, Options, ReadOptions, Thresholds,
};
use crate::core::quality::QualityCode;
use crate::core::read::progress::Progress;
use crate::core::read::source::Source;
use crate::core::report::Report;
use crate::core::role::Role;
use crate::core::session;
use crate::core::value::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct JsRead {
    sheet: Option<String>,
    /// Role code (`client`, `client_id`…) → header text or column letter.
    columns: BTreeMap<String, String>,
    month_first: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct JsIdentity {
    keep_cancelled: bool,
    keep_statuses: Vec<String>,
    group_by_parent: Option<bool>,
    merges: Vec<Vec<String>>,
}

/// The method's settings besides the thresholds; a missing one keeps the method's default.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct JsMethodRest {
    as_of: Option<String>,
    measure: Option<String>,
    from: Option<String>,
    to: Option<String>,
    compare: Option<Vec<JsRange>>,
    scenario: Option<wire::ScenarioSpec>,
    marks: Vec<wire::MarkSpec>,
    supplier: Vec<wire::SupplierSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsRange {
    from: Option<String>,
    to: Option<String>,
}

/// The options that are not thresholds; every other key of `method` must be one.
const METHOD_REST: [&str; 8] = [
    "asOf", "measure", "from", "to", "compare", "scenario", "marks", "supplier",
];

fn date_option(v: Option<String>, option: &'static str) -> Result<Option<Date>, JsValue> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Date::parse_iso(s)
            .map(Some)
            .ok_or_else(|| bad_option(option, "a date as YYYY-MM-DD")),
        None => Ok(None),
    }
}

fn method_from_js(js: serde_json::Map<String, serde_json::Value>) -> Result<MethodOptions, JsValue> {
    let (rest, thresholds): (serde_json::Map<_, _>, serde_json::Map<_, _>) =
        js.into_iter().partition(|(k, _)| METHOD_REST.contains(&k.as_str()));
    let bad = |e: serde_json::Error| coded_error("bad_options", &e.to_string(), JsValue::NULL);
    let rest: JsMethodRest = serde_json::from_value(serde_json::Value::Object(rest)).map_err(bad)?;
    let thresholds: Thresholds = serde_json::from_value(serde_json::Value::Object(thresholds)).map_err(bad)?;
    let measure = match rest.measure.as_deref().filter(|s| !s.is_empty()) {
        Some(m) => Measure::from_code(m).ok_or_else(|| bad_option("measure", "revenue, profit or quantity"))?,
        None => Measure::Revenue,
    };
    let compare = match rest.compare {
        None => None,
        Some(c) => {
            let mut ranges = Vec::with_capacity(2);
            for r in c {
                ranges.push(DateRange {
                    from: date_option(r.from, "compare")?,
                    to: date_option(r.to, "compare")?,
                });
            }
            Some(
                <[DateRange; 2]>::try_from(ranges)
                    .map_err(|_| bad_option("compare", "two periods: [{from, to}, {from, to}]"))?,
            )
        }
    };
    let method = MethodOptions {
        thresholds,
        as_of: date_option(rest.as_of, "as_of")?,
        measure,
        range: DateRange {
            from: date_option(rest.from, "range")?,
            to: date_option(rest.to, "range")?,
        },
        compare,
        scenario: rest.scenario.map(wire::ScenarioSpec::into_scenario).unwrap_or_default(),
        marks: rest
            .marks
            .into_iter()
            .map(wire::MarkSpec::into_mark)
            .collect::<Result<_, _>>()
            .map_err(|e| engine_error(&e))?,
        supplier: rest
            .supplier
            .into_iter()
            .map(wire::SupplierSpec::into_condition)
            .collect::<Result<_, _>>()
            .map_err(|e| engine_error(&e))?,
    };
    method.validate().map_err(|e| engine_error(&e))?;
    Ok(method)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsOptions {
    read: JsRead,
    identity: JsIdentity,
    method: serde_json::Map<String, serde_json::Value>,
    anonymize: Option<JsAnonymize>,
}

/// `{lang, client, manager, department, file}`: the pseudonyms' words, each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsAnonymize {
    lang: Option<String>,
    client: Option<String>,
    manager: Option<String>,
    department: Option<String>,
    file: Option<String>,
}

impl JsAnonymize {
    fn into_words(self) -> Result<Anonymize, JsValue> {
        let lang = match self.lang.as_deref().filter(|l| !l.is_empty()) {
            Some(code) => Lang::from_code(code).ok_or_else(|| bad_option("anonymize", "lang ru or en"))?,
            None => Lang::Ru,
        };
        let mut words = Anonymize::of(lang);
        let words_given = [
            (self.client, &mut words.client),
            (self.manager, &mut words.manager),
            (self.department, &mut words.department),
            (self.file, &mut words.file),
        ];
        for (given, word) in words_given {
            if let Some(g) = given.filter(|g| !g.trim().is_empty()) {
                *word = g;
            }
        }
        Ok(words)
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // json_compatible: maps become plain objects and None becomes null.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| coded_error("internal", &e.to_string(), JsValue::NULL))
}

/// Clients per JSON text when a report crosses to JS.
const CLIENTS_PER_CHUNK: usize = 4096;

/// The report as JS objects, built by `JSON.parse` from JSON texts of a few thousand clients
/// each. Objects set field by field from wasm (serde-wasm-bindgen) took 4.5 times the memory in
/// V8 (402 MiB against 90 MiB for 200,000 clients) and longer to build; one JSON text of the
/// whole report would grow the wasm memory, which never shrinks, by its size. The values are
/// [`to_js`]'s: plain objects, null for None (and, as in the CLI's JSON, for a non-finite number).
fn report_to_js(report: Report) -> Result<JsValue, JsValue> {
    let internal = |e: String| coded_error("internal", &e, JsValue::NULL);
    let parse = |text: &JsValue| {
        let text = text.as_string().unwrap_or_default();
        js_sys::JSON::parse(&text).map_err(|e| internal(format!("{e:?}")))
    };
    let texts = report_texts(report)?;
    let out = parse(&texts.get(0))?;
    let list = js_sys::Array::new();
    for i in 1..texts.length() {
        let part: js_sys::Array = parse(&texts.get(i))?.into();
        for c in part.iter() {
            list.push(&c);
        }
    }
    js_sys::Reflect::set(&out, &"clients".into(), &list)?;
    Ok(out)
}

/// The report as JSON texts: the report with an empty `clients` list, then the clients a few
/// thousand per text, in order. What [`report_to_js`] parses; the page's worker posts the texts
/// as they are and the page parses them (a text crosses between threads as one copy, where
/// objects are serialized and rebuilt: on the 100k-row bench file that parse and clone took
/// ~15 ms of the worker's time).
fn report_texts(mut report: Report) -> Result<js_sys::Array, JsValue> {
    let internal = |e: String| coded_error("internal", &e, JsValue::NULL);
    let clients = std::mem::take(&mut report.clients);
    let texts = js_sys::Array::new();
    // Serialized with an empty list, which keeps `clients` in its place among the keys.
    let rest = serde_json::to_string(&report).map_err(|e| internal(e.to_string()))?;
    drop(report);
    texts.push(&JsValue::from_str(&rest));
    drop(rest);
    // One buffer for every chunk: the wasm memory grows by one chunk's text at most.
    let mut buf: Vec<u8> = Vec::new();
    for chunk in clients.chunks(CLIENTS_PER_CHUNK) {
        buf.clear();
        serde_json::to_writer(&mut buf, chunk).map_err(|e| internal(e.to_string()))?;
        let text = std::str::from_utf8(&buf).map_err(|e| internal(e.to_string()))?;
        texts.push(&JsValue::from_str(text));
    }
    Ok(texts)
}

fn coded_error(code: &str, message: &str, details: JsValue) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"details".into(), &details);
    error.into()
}

fn engine_error(e: &Error) -> JsValue {
    let details = to_js(&e.details_json()).unwrap_or(JsValue::NULL);
    coded_error(e.code(), &e.to_string(), details)
}

fn bad_option(option: &'static str, reason: &'static str) -> JsValue {
    engine_error(&Error::new(ErrorKind::BadOptions { option, reason }))
}

fn options_from_js(options: JsValue) -> Result<Options, JsValue> {
    let js: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        // Through JSON text: serde-wasm-bindgen reads only the declared fields of a
        // struct, so a misspelt option would pass unnoticed.
        let text = js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| coded_error("bad_options", "options are not JSON", JsValue::NULL))?;
        serde_json::from_str(&text).map_err(|e| coded_error("bad_options", &e.to_string(), JsValue::NULL))?
    };
    let mut columns = crate::core::options::ColumnOverrides::default();
    for (role, spec) in js.read.columns {
        let role = Role::from_code(&role).ok_or_else(|| bad_option("columns", "role codes as in report.columns"))?;
        if !spec.is_empty() {
            columns.set(role, spec);
        }
    }
    Ok(Options {
        limits: Limits::default(),
        read: ReadOptions {
            sheet: js.read.sheet.filter(|s| !s.is_empty()),
            columns,
            month_first: js.read.month_first,
        },
        identity: IdentityOptions {
            keep_cancelled: js.identity.keep_cancelled,
            keep_statuses: js.identity.keep_statuses,
            group_by_parent: js.identity.group_by_parent.unwrap_or(true),
            merges: js.identity.merges,
        },
        method: method_from_js(js.method)?,
        anonymize: js.anonymize.map(JsAnonymize::into_words).transpose()?,
    })
}

/// A file JavaScript holds: the readers copy in the pieces they read (an xlsx part by part),
/// so a large workbook never sits whole in wasm memory, which never shrinks.
struct JsBytes(js_sys::Uint8Array);

impl Source for JsBytes {
    fn size(&self) -> u64 {
        u64::from(self.0.length())
    }
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> usize {
        let len = self.0.length();
        let from = u32::try_from(pos).unwrap_or(u32::MAX).min(len);
        let n = (len - from).min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        if let Some(dst) = buf.get_mut(..n as usize).filter(|_| n > 0) {
            self.0.subarray(from, from + n).copy_to(dst);
        }
        n as usize
    }
}

/// `[{name, bytes: Uint8Array | ArrayBuffer}]` → (name, bytes), the bytes left in JavaScript.
fn files_from_js(files: &js_sys::Array) -> Result<Vec<(String, JsBytes)>, JsValue> {
    let mut named = Vec::new();
    for f in files.iter() {
        let name = js_sys::Reflect::get(&f, &"name".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let bytes = js_sys::Reflect::get(&f, &"bytes".into())
            .map_err(|_| coded_error("bad_options", "file without bytes", JsValue::NULL))?;
        if !bytes.is_instance_of::<js_sys::Uint8Array>() && !bytes.is_instance_of::<js_sys::ArrayBuffer>() {
            return Err(coded_error("bad_options", "bytes must be a Uint8Array", JsValue::NULL));
        }
        named.push((name, JsBytes(js_sys::Uint8Array::new(&bytes))));
    }
    Ok(named)
}

/// Files read once and analysed as often as asked. One file is analysed on
/// its own (its report lists no file names, as the CLI's); several are
/// combined, each line remembering its file.
#[cfg(feature = "web")]
#[wasm_bindgen]
pub struct Session {
    inner: session::Session,
    /// The options of the last `analyze`, for `pseudonyms()` without options.
    last: Options,
}

#[cfg(feature = "web")]
#[wasm_bindgen]
impl Session {
    /// Reads `[{name, bytes}]` once; the bytes may be dropped afterwards. `onProgress`
    /// (optional) is called with `{rows, fraction}` every few thousand rows of a
    /// streamed sheet and when each file is read (`fraction` 0–1 over all the files,
    /// `null` when a file's size is not declared); what it throws is ignored.
    ///
    /// # Errors
    /// A coded `Error` when a file cannot be read (`details.file` names it when several).
    #[wasm_bindgen(constructor)]
    pub fn new(files: js_sys::Array, on_progress: Option<js_sys::Function>) -> Result<Session, JsValue> {
        let named = files_from_js(&files)?;
        let several = named.len() > 1;
        let refs: Vec<(Option<&str>, &dyn Source)> = named
            .iter()
            .map(|(n, b)| (several.then_some(n.as_str()), b as &dyn Source))
            .collect();
        let mut report = |p: Progress| {
            if let (Some(f), Ok(value)) = (on_progress.as_ref(), to_js(&p)) {
                // A progress bar that fails must not stop the reading.
                let _ = f.call1(&JsValue::NULL, &value);
            }
        };
        let inner =
            session::Session::open_sources(&refs, &Limits::default(), &mut report).map_err(|e| engine_error(&e))?;
        Ok(Session {
            inner,
            last: Options::default(),
        })
    }

    /// The report for these options; only the stages whose options changed run again.
    ///
    /// # Errors
    /// A coded `Error` (`no_client_column`, `bad_options`…); the session stays usable.
    pub fn analyze(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_from_js(options)?;
        let result = self.inner.analyze(&options);
        self.last = options;
        report_or_error(result)
    }

    /// [`Session::analyze`]'s report as JSON texts: `[report without clients, clients…]` —
    /// the first text has `"clients": []`, each next one a JSON array of the following clients.
    /// `JSON.parse` the first and set its `clients` to the others parsed and joined in order.
    ///
    /// # Errors
    /// As [`Session::analyze`].
    #[wasm_bindgen(js_name = analyzeTexts)]
    pub fn analyze_texts(&mut self, options: JsValue) -> Result<js_sys::Array, JsValue> {
        let options = options_from_js(options)?;
        let result = self.inner.analyze(&options);
        self.last = options;
        result.map_err(|e| engine_error(&e)).and_then(report_texts)
    }

    /// `[[pseudonym, realName], …]`: clients by rank over the whole file, then managers,
    /// departments and files, for the read and identity options given (by default those
    /// of the last `analyze`) in the words of their `anonymize` (Russian without it).
    /// The page keeps it in memory to map what the user picks back to real names.
    ///
    /// # Errors
    /// A coded `Error`, as `analyze` (`bad_options`, `no_client_column`…).
    pub fn pseudonyms(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let options = if options.is_undefined() || options.is_null() {
            self.last.clone()
        } else {
            options_from_js(options)?
        };
        let pseudonyms = self.inner.pseudonyms(&options).map_err(|e| engine_error(&e))?;
        to_js(&pseudonyms.pairs())
    }

    /// `{reads, extractions, resolutions, analyses}`: how often each stage ran.
    ///
    /// # Errors
    /// `internal` if the counters cannot be converted (never expected).
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.stats())
    }
}

fn report_or_error(result: crate::core::error::Result<Report>) -> Result<JsValue, JsValue> {
    match result {
        Ok(report) => report_to_js(report),
        Err(e) => Err(engine_error(&e)),
    }
}

/// Analyses one sales file once (no session).
///
/// # Errors
/// An `Error` with `code` (and `details`).
#[cfg(feature = "web")]
#[wasm_bindgen(js_name = analyzeWorkbook)]
pub fn analyze_workbook(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    report_or_error(session::analyze(bytes, &options))
}

/// Analyses several files together once (`[{name, bytes: Uint8Array}]`); each line remembers its file.
///
/// # Errors
/// As [`analyze_workbook`]; an error in one file has `details.file`.
#[cfg(feature = "web")]
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(files: js_sys::Array, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    let named: Vec<(String, Vec<u8>)> = files_from_js(&files)?
        .into_iter()
        .map(|(n, b)| (n, b.0.to_vec()))
        .collect();
    let refs: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    report_or_error(session::analyze_files(&refs, &options))
}

/// The method's default settings, in the shape `method` options take (camelCase).
///
/// # Errors
/// `internal` if they cannot be converted (never expected).
#[cfg(feature = "web")]
#[wasm_bindgen(js_name = methodDefaults)]
pub fn method_defaults() -> Result<JsValue, JsValue> {
    let internal = |e: serde_json::Error| coded_error("internal", &e.to_string(), JsValue::NULL);
    let snake = serde_json::to_value(Thresholds::default()).map_err(internal)?;
    let mut out = serde_json::Map::new();
    if let serde_json::Value::Object(m) = snake {
        for (k, v) in m {
            out.insert(camel(&k), v);
        }
    }
    for key in ["asOf", "from", "to", "compare"] {
        out.insert(key.to_string(), serde_json::Value::Null);
    }
    out.insert("measure".to_string(), Measure::Revenue.as_str().into());
    to_js(&out)
}

/// `key_share` → `keyShare`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut up = false;
    for ch in snake.chars() {
        if ch == '_' {
            up = true;
        } else if up {
            out.extend(ch.to_uppercase());
            up = false;
        } else {
            out.push(ch);
        }
    }
    out
}

#[derive(Serialize)]
struct Codes {
    errors: Vec<&'static str>,
    findings: Vec<&'static str>,
    data_quality: Vec<&'static str>,
    actions: Vec<&'static str>,
    marks: Vec<&'static str>,
}

/// Every code the engine can emit, so the page's tests can check its translations.
///
/// # Errors
/// `internal` if they cannot be converted (never expected).
#[cfg(feature = "web")]
#[wasm_bindgen(js_name = engineCodes)]
pub fn engine_codes() -> Result<JsValue, JsValue> {
    to_js(&Codes {
        errors: ErrorCode::codes(),
        findings: FindingCode::codes(),
        data_quality: QualityCode::codes(),
        actions: ActionCode::codes(),
        marks: Mark::codes(),
    })
}

/// The engine's version (the crate's).
#[cfg(feature = "web")]
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The report's JSON text and a language code, read for an export.
#[cfg(feature = "export")]
fn export_input(report_json: &str, lang: &str) -> Result<(ReportView, Lang), JsValue> {
    let lang = export::lang(lang).map_err(|e| engine_error(&e))?;
    let report = ReportView::from_json(report_json).map_err(|e| engine_error(&e))?;
    Ok((report, lang))
}

/// The client table as CSV text for Excel (`lang` `ru`: `;` and decimal commas; `en`:
/// `,` and decimal points), starting with a byte-order mark; text cells that start like
/// a formula get a leading `'`.
///
/// # Errors
/// `bad_options` with `details.option` `report` (not a report's JSON) or `lang`.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = exportCsv)]
pub fn export_csv(report_json: &str, lang: &str) -> Result<String, JsValue> {
    let (report, lang) = export_input(report_json, lang)?;
    Ok(export::clients_csv::clients_csv(&report, lang))
}

/// The report as plain text (verdict, totals, top clients, key accounts, findings).
///
/// # Errors
/// `bad_options` with `details.option` `report` or `lang`.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = reportText)]
pub fn report_text(report_json: &str, lang: &str) -> Result<String, JsValue> {
    let (report, lang) = export_input(report_json, lang)?;
    Ok(export::text::text(&report, lang))
}

/// The report as an Excel workbook: the bytes of an `.xlsx` file (a `Uint8Array`).
///
/// # Errors
/// `bad_options` with `details.option` `report` or `lang`.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = exportXlsx)]
pub fn export_xlsx(report_json: &str, lang: &str) -> Result<Vec<u8>, JsValue> {
    let (report, lang) = export_input(report_json, lang)?;
    export::xlsx::xlsx(&report, lang).map_err(|e| engine_error(&e))
}

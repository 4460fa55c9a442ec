//! The only file that knows wasm: a [`Session`] over the files the page
//! dropped (read once, analysed as often as asked), plain report objects out,
//! and thrown `Error`s whose `code` the page translates.
//!
//! Options, as the page sends them (every field optional, unknown fields refused):
//!
//! ```text
//! { read:     { sheet, columns: { client: "B", client_id: "Код", … }, monthFirst },
//!   identity: { keepCancelled, keepStatuses: ["Отменен", …], groupByParent, merges: [["A", "B"], …] },
//!   method:   { asOf: "YYYY-MM-DD", keyShare, dependencyLevels: [..], criticalShare,
//!               maxKeyAccountsPerManager, lostGapMultiplier, lostMinDays,
//!               lostMinPurchases, abcA, abcB } }
//! ```
//! Shares are fractions (0.1 = 10%), as in the report.

use crate::core::analysis::FindingCode;
use crate::core::error::{Error, ErrorCode, ErrorKind};
use crate::core::options::{IdentityOptions, Limits, MethodOptions, Options, ReadOptions, Thresholds};
use crate::core::quality::QualityCode;
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

/// The method's settings; a missing one keeps the method's default.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct JsMethod {
    as_of: Option<String>,
    key_share: Option<f64>,
    dependency_levels: Option<Vec<f64>>,
    critical_share: Option<f64>,
    max_key_accounts_per_manager: Option<u32>,
    lost_gap_multiplier: Option<f64>,
    lost_min_days: Option<u32>,
    lost_min_purchases: Option<u32>,
    abc_a: Option<f64>,
    abc_b: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsOptions {
    read: JsRead,
    identity: JsIdentity,
    method: JsMethod,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // json_compatible: maps become plain objects and None becomes null.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| coded_error("internal", &e.to_string(), JsValue::NULL))
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

fn method_from_js(js: JsMethod) -> Result<MethodOptions, JsValue> {
    let as_of = match js.as_of.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(Date::parse_iso(s).ok_or_else(|| bad_option("as_of", "a date as YYYY-MM-DD"))?),
        None => None,
    };
    let d = Thresholds::default();
    let thresholds = Thresholds {
        key_share: js.key_share.unwrap_or(d.key_share),
        dependency_levels: js.dependency_levels.unwrap_or(d.dependency_levels),
        critical_share: js.critical_share.unwrap_or(d.critical_share),
        max_key_accounts_per_manager: js
            .max_key_accounts_per_manager
            .unwrap_or(d.max_key_accounts_per_manager),
        lost_gap_multiplier: js.lost_gap_multiplier.unwrap_or(d.lost_gap_multiplier),
        lost_min_days: js.lost_min_days.unwrap_or(d.lost_min_days),
        lost_min_purchases: js.lost_min_purchases.unwrap_or(d.lost_min_purchases),
        abc_a: js.abc_a.unwrap_or(d.abc_a),
        abc_b: js.abc_b.unwrap_or(d.abc_b),
    };
    thresholds.validate().map_err(|e| engine_error(&e))?;
    Ok(MethodOptions { thresholds, as_of })
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
    })
}

/// `[{name, bytes: Uint8Array | ArrayBuffer}]` → owned (name, bytes).
fn files_from_js(files: &js_sys::Array) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
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
        named.push((name, js_sys::Uint8Array::new(&bytes).to_vec()));
    }
    Ok(named)
}

/// Files read once and analysed as often as asked. One file is analysed on
/// its own (its report lists no file names, as the CLI's); several are
/// combined, each line remembering its file.
#[wasm_bindgen]
pub struct Session {
    inner: session::Session,
}

#[wasm_bindgen]
impl Session {
    /// Reads `[{name, bytes}]` once; the bytes may be dropped afterwards.
    ///
    /// # Errors
    /// A coded `Error` when a file cannot be read (`details.file` names it when several).
    #[wasm_bindgen(constructor)]
    pub fn new(files: js_sys::Array) -> Result<Session, JsValue> {
        let named = files_from_js(&files)?;
        let several = named.len() > 1;
        let refs: Vec<(Option<&str>, &[u8])> = named
            .iter()
            .map(|(n, b)| (several.then_some(n.as_str()), b.as_slice()))
            .collect();
        let inner = session::Session::open(&refs, &Limits::default()).map_err(|e| engine_error(&e))?;
        Ok(Session { inner })
    }

    /// The report for these options; only the stages whose options changed run again.
    ///
    /// # Errors
    /// A coded `Error` (`no_client_column`, `bad_options`…); the session stays usable.
    pub fn analyze(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_from_js(options)?;
        report_or_error(self.inner.analyze(&options))
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
        Ok(report) => to_js(&report),
        Err(e) => Err(engine_error(&e)),
    }
}

/// Analyses one sales file once (no session).
///
/// # Errors
/// An `Error` with `code` (and `details`).
#[wasm_bindgen(js_name = analyzeWorkbook)]
pub fn analyze_workbook(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    report_or_error(session::analyze(bytes, &options))
}

/// Analyses several files together once (`[{name, bytes: Uint8Array}]`); each line remembers its file.
///
/// # Errors
/// As [`analyze_workbook`]; an error in one file has `details.file`.
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(files: js_sys::Array, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    let named = files_from_js(&files)?;
    let refs: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    report_or_error(session::analyze_files(&refs, &options))
}

/// The method's default settings, in the shape `method` options take.
///
/// # Errors
/// `internal` if they cannot be converted (never expected).
#[wasm_bindgen(js_name = methodDefaults)]
pub fn method_defaults() -> Result<JsValue, JsValue> {
    let d = Thresholds::default();
    to_js(&JsMethod {
        as_of: None,
        key_share: Some(d.key_share),
        dependency_levels: Some(d.dependency_levels),
        critical_share: Some(d.critical_share),
        max_key_accounts_per_manager: Some(d.max_key_accounts_per_manager),
        lost_gap_multiplier: Some(d.lost_gap_multiplier),
        lost_min_days: Some(d.lost_min_days),
        lost_min_purchases: Some(d.lost_min_purchases),
        abc_a: Some(d.abc_a),
        abc_b: Some(d.abc_b),
    })
}

#[derive(Serialize)]
struct Codes {
    errors: Vec<&'static str>,
    findings: Vec<&'static str>,
    data_quality: Vec<&'static str>,
}

/// Every code the engine can emit, so the page's tests can check its translations.
///
/// # Errors
/// `internal` if they cannot be converted (never expected).
#[wasm_bindgen(js_name = engineCodes)]
pub fn engine_codes() -> Result<JsValue, JsValue> {
    to_js(&Codes {
        errors: ErrorCode::codes(),
        findings: FindingCode::codes(),
        data_quality: QualityCode::codes(),
    })
}

/// The engine's version (the crate's).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

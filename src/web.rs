//! The only file that knows wasm: bytes + options in, a plain report object
//! out, or a thrown `Error` whose `code` the page translates.

use crate::core::analysis::FINDING_CODES;
use crate::core::error::ErrorKind;
use crate::core::options::{ColumnOverrides, Identity, Options};
use crate::core::report::DATA_QUALITY_CODES;
use crate::core::value::Date;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Options as the page sends them; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct JsOptions {
    sheet: Option<String>,
    client: Option<String>,
    amount: Option<String>,
    date: Option<String>,
    manager: Option<String>,
    department: Option<String>,
    product: Option<String>,
    quantity: Option<String>,
    status: Option<String>,
    client_id: Option<String>,
    parent: Option<String>,
    as_of: Option<String>,
    month_first: Option<bool>,
    keep_cancelled: bool,
    group_by_parent: Option<bool>,
    merges: Vec<Vec<String>>,
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

fn options_from_js(options: JsValue) -> Result<Options, JsValue> {
    let js: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| coded_error("bad_options", &e.to_string(), JsValue::NULL))?
    };
    let as_of = match js.as_of.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            Date::parse_iso(s).ok_or_else(|| coded_error("bad_options", "asOf is not YYYY-MM-DD", JsValue::NULL))?,
        ),
        None => None,
    };
    Ok(Options {
        sheet: js.sheet.filter(|s| !s.is_empty()),
        columns: ColumnOverrides {
            client: js.client,
            amount: js.amount,
            date: js.date,
            manager: js.manager,
            department: js.department,
            product: js.product,
            quantity: js.quantity,
            status: js.status,
            client_id: js.client_id,
            parent: js.parent,
        },
        as_of,
        month_first: js.month_first,
        keep_cancelled: js.keep_cancelled,
        identity: Identity {
            group_by_parent: js.group_by_parent.unwrap_or(true),
            merges: js.merges,
        },
        ..Options::default()
    })
}

fn report_or_error(result: crate::core::error::Result<crate::core::report::Report>) -> Result<JsValue, JsValue> {
    match result {
        Ok(report) => to_js(&report),
        Err(e) => {
            let details = to_js(&e.details_json()).unwrap_or(JsValue::NULL);
            Err(coded_error(e.code(), &e.to_string(), details))
        }
    }
}

/// Analyses a sales file. Throws an `Error` with `code` (and `details`) on failure.
#[wasm_bindgen(js_name = analyzeWorkbook)]
pub fn analyze_workbook(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    report_or_error(crate::core::analyze::analyze(bytes, &options))
}

/// Analyses several files together (`[{name, bytes: Uint8Array}]`); each line remembers its file.
/// Throws like [`analyze_workbook`]; an error in one file has `details.file`.
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(files: js_sys::Array, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(options)?;
    let mut named: Vec<(String, Vec<u8>)> = Vec::new();
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
    let refs: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    report_or_error(crate::core::analyze::analyze_files(&refs, &options))
}

#[derive(Serialize)]
struct Codes {
    errors: &'static [&'static str],
    findings: &'static [&'static str],
    data_quality: &'static [&'static str],
}

/// Every code the engine can emit, so the page's tests can check its translations.
#[wasm_bindgen(js_name = engineCodes)]
pub fn engine_codes() -> Result<JsValue, JsValue> {
    to_js(&Codes {
        errors: ErrorKind::ALL_CODES,
        findings: &FINDING_CODES,
        data_quality: DATA_QUALITY_CODES,
    })
}

/// The engine's version (the crate's).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

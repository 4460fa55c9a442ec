//! The only file that knows wasm: bytes + options in, a plain report object
//! out, or a thrown `Error` whose `code` the page translates.

use crate::core::analysis::FINDING_CODES;
use crate::core::error::ErrorKind;
use crate::core::options::{ColumnOverrides, Options};
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
    as_of: Option<String>,
    month_first: Option<bool>,
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

/// Analyses a sales file. Throws an `Error` with `code` (and `details`) on failure.
#[wasm_bindgen(js_name = analyzeWorkbook)]
pub fn analyze_workbook(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
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
    let options = Options {
        sheet: js.sheet.filter(|s| !s.is_empty()),
        columns: ColumnOverrides {
            client: js.client,
            amount: js.amount,
            date: js.date,
            manager: js.manager,
            department: js.department,
            product: js.product,
            quantity: js.quantity,
        },
        as_of,
        month_first: js.month_first,
        ..Options::default()
    };
    match crate::core::analyze::analyze(bytes, &options) {
        Ok(report) => to_js(&report),
        Err(e) => {
            let details = to_js(&e.details_json()).unwrap_or(JsValue::NULL);
            Err(coded_error(e.code(), &e.to_string(), details))
        }
    }
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

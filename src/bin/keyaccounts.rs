//! Command line over the same core the page uses.
//!
//! `keyaccounts analyze FILE... [--sheet NAME] [--client COL] [--amount COL]
//! [--date COL] [--manager COL] [--department COL] [--product COL]
//! [--quantity COL] [--status COL] [--client-id COL] [--parent COL]
//! [--as-of YYYY-MM-DD] [--month-first] [--keep-cancelled] [--no-parent-groups]
//! [--merge "NAME|NAME"]...`
//!
//! Several files are analysed together (monthly exports); each line remembers its file.
//!
//! `keyaccounts codes` prints every error, finding and data-quality code the
//! engine can emit.
//!
//! `analyze` prints the report as JSON and exits 0; on failure prints
//! `{"error":{"code":…,"message":…,"details":…}}` and exits 2.

use keyaccounts::core::value::Date;
use keyaccounts::{Options, analyze, analyze_files};
use std::process::ExitCode;

const USAGE: &str =
    "usage: keyaccounts codes | keyaccounts analyze FILE... [--sheet NAME] [--client COL] [--amount COL] \
[--date COL] [--manager COL] [--department COL] [--product COL] [--quantity COL] \
[--status COL] [--client-id COL] [--parent COL] \
[--as-of YYYY-MM-DD] [--month-first | --day-first] [--keep-cancelled] [--no-parent-groups] [--merge \"NAME|NAME\"]...
COL is a header text as in the file or a column letter (C, AB). Several files are analysed together.";

fn fail(code: &str, message: &str, details: serde_json::Value) -> ExitCode {
    let body = serde_json::json!({ "error": { "code": code, "message": message, "details": details } });
    print_out(&serde_json::to_string_pretty(&body).unwrap_or_default());
    ExitCode::from(2)
}

/// Writes to stdout, ignoring a closed pipe (`keyaccounts analyze f | head` must not panic).
fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

fn parse_args(args: &[String]) -> Result<(Vec<String>, Options), String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("analyze") => {}
        Some("-h" | "--help") | None => return Err(USAGE.to_string()),
        Some(other) => return Err(format!("unknown command {other:?}\n{USAGE}")),
    }
    let mut files = Vec::new();
    let mut options = Options::default();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--sheet" => options.sheet = Some(value()?),
            "--client" => options.columns.client = Some(value()?),
            "--amount" => options.columns.amount = Some(value()?),
            "--date" => options.columns.date = Some(value()?),
            "--manager" => options.columns.manager = Some(value()?),
            "--department" => options.columns.department = Some(value()?),
            "--product" => options.columns.product = Some(value()?),
            "--quantity" => options.columns.quantity = Some(value()?),
            "--status" => options.columns.status = Some(value()?),
            "--client-id" => options.columns.client_id = Some(value()?),
            "--parent" => options.columns.parent = Some(value()?),
            "--keep-cancelled" => options.keep_cancelled = true,
            "--no-parent-groups" => options.identity.group_by_parent = false,
            "--merge" => {
                let names: Vec<String> = value()?.split('|').map(|s| s.trim().to_string()).collect();
                options.identity.merges.push(names);
            }
            "--as-of" => {
                let v = value()?;
                options.as_of = Some(Date::parse_iso(&v).ok_or_else(|| format!("--as-of {v:?} is not YYYY-MM-DD"))?);
            }
            "--month-first" => options.month_first = Some(true),
            "--day-first" => options.month_first = Some(false),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            s => files.push(s.to_string()),
        }
    }
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    Ok((files, options))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("codes") {
        // Every code the engine can emit, for translation checks.
        let codes = serde_json::json!({
            "errors": keyaccounts::ErrorKind::ALL_CODES,
            "findings": keyaccounts::core::analysis::FINDING_CODES,
            "data_quality": keyaccounts::core::report::DATA_QUALITY_CODES,
        });
        print_out(&serde_json::to_string_pretty(&codes).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let (files, options) = match parse_args(&args) {
        Ok(v) => v,
        Err(message) => return fail("usage", &message, serde_json::json!({})),
    };
    let mut contents = Vec::new();
    for file in &files {
        match std::fs::read(file) {
            Ok(b) => contents.push(b),
            Err(e) => {
                return fail(
                    "file_not_readable",
                    &format!("{file}: {e}"),
                    serde_json::json!({ "file": file }),
                );
            }
        }
    }
    let result = match contents.as_slice() {
        [bytes] => analyze(bytes, &options),
        _ => {
            // Files are named by their base name, as the page names dropped files.
            let named: Vec<(String, &[u8])> = files
                .iter()
                .zip(&contents)
                .map(|(f, b)| {
                    let name = std::path::Path::new(f)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| f.clone());
                    (name, b.as_slice())
                })
                .collect();
            let refs: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), *b)).collect();
            analyze_files(&refs, &options)
        }
    };
    match result {
        Ok(report) => match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                print_out(&json);
                ExitCode::SUCCESS
            }
            Err(e) => fail("internal", &e.to_string(), serde_json::json!({})),
        },
        Err(e) => fail(e.code(), &e.to_string(), e.details_json()),
    }
}

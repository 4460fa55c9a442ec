//! Command line over the same core the page uses.
//!
//! `keyaccounts analyze FILE... [--sheet NAME] [--client COL] [--amount COL]
//! [--date COL] [--manager COL] [--department COL] [--product COL]
//! [--quantity COL] [--status COL] [--client-id COL] [--parent COL] [--profit COL] [--cost COL]
//! [--potential COL] [--marks COL] [--mark-reference COL] [--mark-innovator COL]
//! [--mark-partner COL] [--mark-demanding COL]
//! [--month-first] [--keep-cancelled] [--keep-status TEXT]... [--no-parent-groups] [--merge "NAME|NAME"]...
//! [--as-of YYYY-MM-DD] [--key-share PCT] [--dependency-levels PCT,PCT,…]
//! [--critical-share PCT] [--max-key-per-manager N] [--lost-gap-multiplier X]
//! [--lost-min-days N] [--lost-min-purchases N] [--abc PCT/PCT]
//! [--measure revenue|profit|quantity] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//! [--compare FROM..TO,FROM..TO] [--trend-window N] [--trend-min N] [--hhi-rise PCT]
//! [--top-share-rise PP] [--slipping-recent N] [--slipping-baseline N] [--slipping-ratio PCT]
//! [--xyz PCT/PCT] [--wallet-share-max PCT] [--potential-min-share PCT] [--innovator-max-share PCT]
//! [--small-orders-min N] [--split-min-share PCT]
//! [--without NAME]... [--cut NAME=PCT]... [--mark NAME=KIND,KIND,potential:AMOUNT]...
//! [--supplier UNIT:TIER[:MONTHS][:PRODUCT|PRODUCT…]]... [--judgment FILE]`
//!
//! `--without` and `--cut` ask what if a client left or bought PCT less; `--mark` marks a
//! client key by judgment (potential, reference, innovator, partner, demanding); `--supplier`
//! states a supplier's discount tier (`units` or `money` per month); `--judgment` reads the
//! marks and supplier conditions the page exports.
//!
//! The method's settings are the flags after `--as-of`; shares in percent.
//!
//! Several files are analysed together (monthly exports); each line remembers its file.
//!
//! `keyaccounts codes` prints every error, finding and data-quality code the
//! engine can emit.
//!
//! `analyze` prints the report as JSON (or, with `--format text`, as a summary for
//! the terminal in `--lang ru|en`) and exits 0; `--xlsx OUT` and `--csv OUT` also
//! write the report as an Excel workbook and the client table as CSV; `--anonymize`
//! names clients, managers, departments and files by pseudonyms in all of them;
//! `--stats` prints the run's time and peak memory as a JSON line on stderr.
//! On failure it prints `{"error":{"code":…,"message":…,"details":…}}` and exits 2.

use keyaccounts::core::export::{self, Lang};
use keyaccounts::core::options::{Anonymize, ClientMark, DateRange, Measure, SupplierCondition, wire};
use keyaccounts::core::value::Date;
use keyaccounts::{Options, Report, Role, analyze, analyze_files};
use std::process::ExitCode;

const USAGE: &str =
    "usage: keyaccounts codes | keyaccounts analyze FILE... [--sheet NAME] [--client COL] [--amount COL] \
[--date COL] [--manager COL] [--department COL] [--product COL] [--quantity COL] \
[--status COL] [--client-id COL] [--parent COL] [--month-first | --day-first] \
[--keep-cancelled] [--keep-status TEXT]... [--no-parent-groups] [--merge \"NAME|NAME\"]... \
[--as-of YYYY-MM-DD] [--key-share PCT] [--dependency-levels PCT,PCT,...] [--critical-share PCT] \
[--max-key-per-manager N] [--lost-gap-multiplier X] [--lost-min-days N] [--lost-min-purchases N] [--abc PCT/PCT] \
[--measure revenue|profit|quantity] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--compare FROM..TO,FROM..TO] \
[--trend-window N] [--trend-min N] [--hhi-rise PCT] [--top-share-rise PP] [--slipping-recent N] \
[--slipping-baseline N] [--slipping-ratio PCT] [--xyz PCT/PCT] [--profit COL] [--cost COL] [--potential COL] [--marks COL] [--mark-reference COL] \
[--mark-innovator COL] [--mark-partner COL] [--mark-demanding COL] \
[--wallet-share-max PCT] [--potential-min-share PCT] [--innovator-max-share PCT] [--small-orders-min N] \
[--split-min-share PCT] [--without NAME]... [--cut NAME=PCT]... [--mark NAME=KIND,KIND,potential:AMOUNT]... \
[--supplier UNIT:TIER[:MONTHS][:PRODUCT|PRODUCT...]]... [--judgment FILE] \
[--format json|text] [--lang ru|en] [--xlsx OUT.xlsx] [--csv OUT.csv] [--anonymize] [--stats]
COL is a header text as in the file or a column letter (C, AB); PCT a percentage (15 = 15%).
Several files are analysed together. The report goes to stdout as JSON, or with --format text
as a summary in --lang (ru by default); --xlsx and --csv also write it as an Excel workbook and
the client table as CSV (ru: ';' and decimal commas, en: ',' and points); --anonymize names
clients, managers, departments and files by pseudonyms everywhere.";

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

/// A share given in percent ("15", "15%", "12,5") as a fraction.
fn percent(flag: &str, v: &str) -> Result<f64, String> {
    let t = v.trim().trim_end_matches('%').trim().replace(',', ".");
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x / 100.0)
        .ok_or_else(|| format!("{flag} {v:?} is not a percentage (e.g. 15)"))
}

fn date(flag: &str, v: &str) -> Result<Date, String> {
    Date::parse_iso(v).ok_or_else(|| format!("{flag} {v:?} is not YYYY-MM-DD"))
}

/// `FROM..TO`, either end empty (open).
fn range(flag: &str, v: &str) -> Result<DateRange, String> {
    let (a, b) = v
        .split_once("..")
        .ok_or_else(|| format!("{flag} {v:?} is not FROM..TO"))?;
    let end = |x: &str| (!x.trim().is_empty()).then(|| date(flag, x.trim())).transpose();
    Ok(DateRange {
        from: end(a)?,
        to: end(b)?,
    })
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.trim()
        .replace(',', ".")
        .parse::<T>()
        .map_err(|_| format!("{flag} {v:?} is not a number"))
}

/// The column flags, by role.
const COLUMN_FLAGS: [(&str, Role); 18] = [
    ("--client", Role::Client),
    ("--amount", Role::Amount),
    ("--date", Role::Date),
    ("--manager", Role::Manager),
    ("--department", Role::Department),
    ("--product", Role::Product),
    ("--quantity", Role::Quantity),
    ("--status", Role::Status),
    ("--client-id", Role::ClientId),
    ("--parent", Role::Parent),
    ("--profit", Role::Profit),
    ("--cost", Role::Cost),
    ("--potential", Role::Potential),
    ("--marks", Role::Marks),
    ("--mark-reference", Role::MarkReference),
    ("--mark-innovator", Role::MarkInnovator),
    ("--mark-partner", Role::MarkPartner),
    ("--mark-demanding", Role::MarkDemanding),
];

/// `NAME=KIND,KIND,potential:AMOUNT`.
fn mark(v: &str) -> Result<ClientMark, String> {
    let (name, kinds) = v
        .rsplit_once('=')
        .ok_or_else(|| format!("--mark {v:?} is not NAME=KIND,KIND (e.g. \"ООО Ромашка=reference,partner\")"))?;
    let mut spec = wire::MarkSpec {
        client: name.trim().to_string(),
        kinds: vec![],
        potential: None,
    };
    for k in kinds.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        match k.split_once(':') {
            Some(("potential", amount)) => {
                spec.kinds.push("potential".to_string());
                let a = amount.trim().replace([' ', '\u{a0}'], "").replace(',', ".");
                spec.potential = Some(
                    a.parse()
                        .map_err(|_| format!("--mark {v:?}: {amount:?} is not an amount"))?,
                );
            }
            _ => spec.kinds.push(k.to_string()),
        }
    }
    spec.into_mark().map_err(|e| format!("--mark {v:?}: {e}"))
}

/// `UNIT:TIER[:MONTHS][:PRODUCT|PRODUCT…]`.
fn supplier(v: &str) -> Result<SupplierCondition, String> {
    let mut parts = v.splitn(4, ':');
    let unit = parts.next().unwrap_or_default().trim().to_string();
    let tier = parts.next().unwrap_or_default().trim().replace(',', ".");
    let per_month: f64 = tier
        .parse()
        .map_err(|_| format!("--supplier {v:?} is not UNIT:TIER[:MONTHS][:PRODUCTS] (e.g. units:500:3:Дрель)"))?;
    let mut months = None;
    let mut products = vec![];
    for p in parts {
        match p.trim().parse::<u32>() {
            Ok(m) if months.is_none() && products.is_empty() => months = Some(m),
            _ => {
                products = p
                    .split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }
        }
    }
    let spec = wire::SupplierSpec {
        name: String::new(),
        products,
        unit,
        per_month,
        months,
    };
    spec.into_condition().map_err(|e| format!("--supplier {v:?}: {e}"))
}

/// The page's exported marks file: `{marks: {name: {kinds, potential}} or [{client, …}], supplier: […]}`.
fn judgment_file(path: &str) -> Result<(Vec<ClientMark>, Vec<SupplierCondition>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--judgment {path}: {e}"))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("--judgment {path}: {e}"))?;
    let bad = |e: &dyn std::fmt::Display| format!("--judgment {path}: {e}");
    let mut marks = vec![];
    match json.get("marks") {
        Some(serde_json::Value::Object(map)) => {
            for (name, m) in map {
                let mut m = m.clone();
                if let Some(o) = m.as_object_mut() {
                    o.insert("client".to_string(), serde_json::Value::String(name.clone()));
                }
                let spec: wire::MarkSpec = serde_json::from_value(m).map_err(|e| bad(&e))?;
                marks.push(spec.into_mark().map_err(|e| bad(&e))?);
            }
        }
        Some(list @ serde_json::Value::Array(_)) => {
            let specs: Vec<wire::MarkSpec> = serde_json::from_value(list.clone()).map_err(|e| bad(&e))?;
            for spec in specs {
                marks.push(spec.into_mark().map_err(|e| bad(&e))?);
            }
        }
        _ => {}
    }
    let mut conditions = vec![];
    if let Some(list) = json.get("supplier") {
        let specs: Vec<wire::SupplierSpec> = serde_json::from_value(list.clone()).map_err(|e| bad(&e))?;
        for spec in specs {
            conditions.push(spec.into_condition().map_err(|e| bad(&e))?);
        }
    }
    Ok((marks, conditions))
}

/// What to print and write besides the analysis.
#[derive(Debug, Default)]
struct Output {
    /// `--format text`: the terminal summary instead of JSON.
    text: bool,
    lang: Option<Lang>,
    xlsx: Option<String>,
    csv: Option<String>,
}

fn parse_args(args: &[String]) -> Result<(Vec<String>, Options, Output), String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("analyze") => {}
        Some("-h" | "--help") | None => return Err(USAGE.to_string()),
        Some(other) => return Err(format!("unknown command {other:?}\n{USAGE}")),
    }
    let mut files = Vec::new();
    let mut options = Options::default();
    let mut output = Output::default();
    let mut anonymize = false;
    while let Some(arg) = it.next() {
        let flag = arg.as_str();
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        let t = &mut options.method.thresholds;
        if let Some((_, role)) = COLUMN_FLAGS.iter().find(|(f, _)| *f == flag) {
            options.read.columns.set(*role, value()?);
            continue;
        }
        match flag {
            "--sheet" => options.read.sheet = Some(value()?),
            "--month-first" => options.read.month_first = Some(true),
            "--day-first" => options.read.month_first = Some(false),
            "--keep-cancelled" => options.identity.keep_cancelled = true,
            "--keep-status" => options.identity.keep_statuses.push(value()?),
            "--no-parent-groups" => options.identity.group_by_parent = false,
            "--merge" => {
                let names: Vec<String> = value()?.split('|').map(|s| s.trim().to_string()).collect();
                options.identity.merges.push(names);
            }
            "--as-of" => {
                let v = value()?;
                options.method.as_of =
                    Some(Date::parse_iso(&v).ok_or_else(|| format!("--as-of {v:?} is not YYYY-MM-DD"))?);
            }
            "--key-share" => t.key_share = percent(flag, &value()?)?,
            "--dependency-levels" => {
                t.dependency_levels = value()?
                    .split([',', ';', '/', ' '])
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| percent(flag, p))
                    .collect::<Result<_, _>>()?
            }
            "--critical-share" => t.critical_share = percent(flag, &value()?)?,
            "--max-key-per-manager" => t.max_key_accounts_per_manager = number(flag, &value()?)?,
            "--lost-gap-multiplier" => t.lost_gap_multiplier = number(flag, &value()?)?,
            "--lost-min-days" => t.lost_min_days = number(flag, &value()?)?,
            "--lost-min-purchases" => t.lost_min_purchases = number(flag, &value()?)?,
            "--abc" => {
                let v = value()?;
                let (a, b) = v
                    .split_once('/')
                    .ok_or_else(|| format!("--abc {v:?} is not A/B in percent (e.g. 80/95)"))?;
                (t.abc_a, t.abc_b) = (percent(flag, a)?, percent(flag, b)?);
            }
            "--measure" => {
                let v = value()?;
                options.method.measure = Measure::from_code(&v)
                    .ok_or_else(|| format!("--measure {v:?} is not revenue, profit or quantity"))?;
            }
            "--from" => options.method.range.from = Some(date(flag, &value()?)?),
            "--to" => options.method.range.to = Some(date(flag, &value()?)?),
            "--compare" => {
                let v = value()?;
                let ranges: Vec<DateRange> = v.split(',').map(|r| range(flag, r)).collect::<Result<_, _>>()?;
                options.method.compare = Some(
                    <[DateRange; 2]>::try_from(ranges)
                        .map_err(|_| format!("--compare {v:?} is not two periods FROM..TO,FROM..TO"))?,
                );
            }
            "--trend-window" => t.trend_window_months = number(flag, &value()?)?,
            "--trend-min" => t.trend_min_months = number(flag, &value()?)?,
            "--hhi-rise" => t.hhi_rise = percent(flag, &value()?)?,
            "--top-share-rise" => t.top_share_rise = percent(flag, &value()?)?,
            "--slipping-recent" => t.slipping_recent_months = number(flag, &value()?)?,
            "--slipping-baseline" => t.slipping_baseline_months = number(flag, &value()?)?,
            "--slipping-ratio" => t.slipping_ratio = percent(flag, &value()?)?,
            "--xyz" => {
                let v = value()?;
                let (x, y) = v
                    .split_once('/')
                    .ok_or_else(|| format!("--xyz {v:?} is not X/Y in percent (e.g. 10/25)"))?;
                (t.xyz_x, t.xyz_y) = (percent(flag, x)?, percent(flag, y)?);
            }
            "--wallet-share-max" => t.wallet_share_max = percent(flag, &value()?)?,
            "--potential-min-share" => t.potential_min_share = percent(flag, &value()?)?,
            "--innovator-max-share" => t.innovator_max_share = percent(flag, &value()?)?,
            "--small-orders-min" => t.small_orders_min = number(flag, &value()?)?,
            "--split-min-share" => t.split_min_share = percent(flag, &value()?)?,
            "--without" => options.method.scenario.remove.push(value()?),
            "--cut" => {
                let v = value()?;
                let (name, pct) = v
                    .rsplit_once('=')
                    .ok_or_else(|| format!("--cut {v:?} is not NAME=PCT (e.g. \"ООО Ромашка=30\")"))?;
                options
                    .method
                    .scenario
                    .cut
                    .push((name.trim().to_string(), percent(flag, pct)?));
            }
            "--mark" => options.method.marks.push(mark(&value()?)?),
            "--supplier" => options.method.supplier.push(supplier(&value()?)?),
            "--judgment" => {
                let path = value()?;
                let (marks, conditions) = judgment_file(&path)?;
                options.method.marks.extend(marks);
                options.method.supplier.extend(conditions);
            }
            "--format" => {
                output.text = match value()?.as_str() {
                    "json" => false,
                    "text" => true,
                    v => return Err(format!("--format {v:?} is not json or text")),
                }
            }
            "--lang" => {
                let v = value()?;
                output.lang = Some(Lang::from_code(&v).ok_or_else(|| format!("--lang {v:?} is not ru or en"))?);
            }
            "--xlsx" => {
                if !cfg!(feature = "export") {
                    return Err("--xlsx: this build has no XLSX export (feature export)".to_string());
                }
                output.xlsx = Some(value()?);
            }
            "--csv" => output.csv = Some(value()?),
            "--anonymize" => anonymize = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            s => files.push(s.to_string()),
        }
    }
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    if anonymize {
        options.anonymize = Some(Anonymize::of(output.lang.unwrap_or(Lang::Ru)));
    }
    Ok((files, options, output))
}

/// Writes `bytes` to `path`, or says why not.
fn write_file(path: &str, bytes: &[u8]) -> Result<(), ExitCode> {
    std::fs::write(path, bytes).map_err(|e| {
        fail(
            "file_not_writable",
            &format!("{path}: {e}"),
            serde_json::json!({ "file": path }),
        )
    })
}

/// The exports `output` asks for, then the report on stdout.
fn emit(report: &Report, output: &Output) -> ExitCode {
    let lang = output.lang.unwrap_or(Lang::Ru);
    let internal = |e: keyaccounts::Error| fail(e.code(), &e.to_string(), e.details_json());
    if let Some(path) = &output.csv {
        let csv = match export::clients_csv(report, lang) {
            Ok(c) => c,
            Err(e) => return internal(e),
        };
        if let Err(code) = write_file(path, csv.as_bytes()) {
            return code;
        }
    }
    #[cfg(feature = "export")]
    if let Some(path) = &output.xlsx {
        let bytes = match export::xlsx(report, lang) {
            Ok(b) => b,
            Err(e) => return internal(e),
        };
        if let Err(code) = write_file(path, &bytes) {
            return code;
        }
    }
    if output.text {
        return match export::text(report, lang) {
            Ok(text) => {
                print_out(text.trim_end());
                ExitCode::SUCCESS
            }
            Err(e) => internal(e),
        };
    }
    match serde_json::to_string_pretty(report) {
        Ok(json) => {
            print_out(&json);
            ExitCode::SUCCESS
        }
        Err(e) => fail("internal", &e.to_string(), serde_json::json!({})),
    }
}

/// `--stats`: the run's wall time and the process's peak resident memory (Linux's VmHWM; 0
/// elsewhere), as one JSON line on stderr — what the hostile-file test measures each case by.
fn print_stats(started: std::time::Instant) {
    let peak_kib: u64 = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0);
    eprintln!(
        "{}",
        serde_json::json!({ "seconds": started.elapsed().as_secs_f64(), "peak_rss_bytes": peak_kib * 1024 })
    );
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let stats = args.iter().any(|a| a == "--stats");
    args.retain(|a| a != "--stats");
    let code = run(&args);
    if stats {
        print_stats(started);
    }
    code
}

fn run(args: &[String]) -> ExitCode {
    if args.first().map(String::as_str) == Some("codes") {
        // Every code the engine can emit, for translation checks.
        let codes = serde_json::json!({
            "errors": keyaccounts::ErrorCode::codes(),
            "findings": keyaccounts::core::analysis::FindingCode::codes(),
            "data_quality": keyaccounts::core::quality::QualityCode::codes(),
            "actions": keyaccounts::core::analysis::actions::ActionCode::codes(),
            "marks": keyaccounts::Mark::codes(),
        });
        print_out(&serde_json::to_string_pretty(&codes).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let (files, options, output) = match parse_args(args) {
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
        Ok(report) => emit(&report, &output),
        Err(e) => fail(e.code(), &e.to_string(), e.details_json()),
    }
}

//! The hostile-file suite (`tests/hostile/`) through the `keyaccounts` binary: each file ends in
//! its coded error or a report with the right total, within 10 s and 1 GiB of peak memory
//! (the process's own high-water mark, VmHWM, which `--stats` prints). Prints each case's time and memory.
//!
//! And a structure-aware mutation test of the xlsb reader, whose records calamine indexes without
//! checks: the records of a well-formed binary workbook are damaged before it is zipped (the bytes
//! of a zipped file mostly fail their checksum), and the engine must answer, never panic.

use crate::common::{Outcome, run};
use crate::hostile::{self, Expect};
use keyaccounts::Options;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const MAX_TIME: Duration = Duration::from_secs(10);
const MAX_RSS: u64 = 1 << 30;

/// Runs `keyaccounts analyze FILE --stats`: the exit code, stdout and the peak RSS in bytes
/// the process reports for itself (Linux's VmHWM).
fn run_measured(path: &std::path::Path) -> (i32, String, u64) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keyaccounts"))
        .arg("analyze")
        .arg(path)
        .arg("--stats")
        .output()
        .expect("run keyaccounts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|j| j["peak_rss_bytes"].as_u64())
        .unwrap_or_else(|| panic!("{}: no --stats line on stderr: {stderr}", path.display()));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        rss,
    )
}

#[cfg(target_os = "linux")]
#[test]
fn hostile_files_end_in_a_coded_error_or_the_right_report_in_bounded_time_and_memory() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let mut failures = Vec::new();
    println!(
        "\n{:<34} {:>9} {:>8} {:>9}  outcome",
        "hostile file", "size", "time", "peak RSS"
    );
    for case in hostile::cases() {
        let path = dir.join(case.file_name());
        let bytes = case.bytes();
        std::fs::write(&path, &bytes).expect("write case");
        let size = bytes.len();
        drop(bytes);
        let t = Instant::now();
        let (code, stdout, rss) = run_measured(&path);
        let took = t.elapsed();
        let json: Option<serde_json::Value> = serde_json::from_str(&stdout).ok();
        let outcome = match (code, &json) {
            (0, Some(j)) => format!("report, total {}", j["total"]),
            (2, Some(j)) => format!("error {}", j["error"]["code"].as_str().unwrap_or("?")),
            _ => format!("exit {code}, stdout {:?}", stdout.chars().take(200).collect::<String>()),
        };
        println!(
            "{:<34} {:>9} {:>6.2} s {:>5} MiB  {outcome}",
            case.file_name(),
            size,
            took.as_secs_f64(),
            rss >> 20
        );
        let right = match (case.expect, code, &json) {
            (Expect::Total(want), 0, Some(j)) => j["total"].as_f64().is_some_and(|t| (t - want).abs() < 0.005),
            (Expect::Error(want), 2, Some(j)) => j["error"]["code"] == want,
            (Expect::AnyError(codes), 2, Some(j)) => codes.iter().any(|c| j["error"]["code"] == *c),
            _ => false,
        };
        if !right {
            failures.push(format!(
                "{}: {outcome}, expected {:?} ({})",
                case.file_name(),
                case.expect,
                case.about
            ));
        }
        if took > MAX_TIME {
            failures.push(format!(
                "{}: {:.1} s (limit {} s)",
                case.file_name(),
                took.as_secs_f64(),
                MAX_TIME.as_secs()
            ));
        }
        if rss > MAX_RSS {
            failures.push(format!(
                "{}: peak RSS {} MiB (limit {} MiB)",
                case.file_name(),
                rss >> 20,
                MAX_RSS >> 20
            ));
        }
        std::fs::remove_file(&path).ok();
    }
    assert!(failures.is_empty(), "hostile files:\n  {}", failures.join("\n  "));
}

/// Seeded mutations of the binary workbook's records (`KEYACCOUNTS_FUZZ_ROUNDS`, default 3,000):
/// flipped bits, extreme 32-bit values (counts, lengths, string indexes), cut parts and record
/// size bytes. A panic fails, with the input saved next to the test binary's temporary files;
/// an arithmetic-overflow check that only debug builds make (release and wasm wrap) is counted.
#[test]
fn mutated_xlsb_records_never_panic() {
    let rounds: u64 = std::env::var("KEYACCOUNTS_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let good = hostile::good_xlsb_parts();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut reports, mut errors, mut debug_only) = (0, 0, 0);
    let mut panics = Vec::new();
    for round in 0..rounds {
        let mut parts = good.clone();
        let bins: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0.ends_with(".bin")).collect();
        for _ in 0..1 + next() % 3 {
            let body = &mut parts[bins[(next() % bins.len() as u64) as usize]].1;
            if body.is_empty() {
                continue;
            }
            let at = (next() % body.len() as u64) as usize;
            match next() % 4 {
                0 => body[at] ^= 1 << (next() % 8),
                1 => {
                    let v = [0u32, u32::MAX, 0x8000_0000, 0x7FFF_FFFF, 1_000_000, next() as u32][(next() % 6) as usize];
                    for (i, b) in v.to_le_bytes().into_iter().enumerate() {
                        if let Some(x) = body.get_mut(at + i) {
                            *x = b;
                        }
                    }
                }
                2 => body.truncate(at),
                _ => body[at] = [0x00, 0x7F, 0x80, 0xFF][(next() % 4) as usize],
            }
        }
        let bytes = hostile::zip(&parts);
        match run(&bytes, &Options::default()) {
            Outcome::Report(_) => reports += 1,
            Outcome::Error { .. } => errors += 1,
            Outcome::Panic(msg) if msg.starts_with("attempt to") && msg.ends_with("with overflow") => debug_only += 1,
            Outcome::Panic(msg) => {
                let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("xlsb-mutation-{round}.xlsb"));
                std::fs::write(&path, &bytes).ok();
                panics.push(format!("round {round}: {msg} ({})", path.display()));
            }
        }
    }
    println!(
        "xlsb record mutations: {rounds} rounds, {reports} reports, {errors} coded errors, {debug_only} debug-only overflow checks"
    );
    assert!(panics.is_empty(), "{} panics:\n  {}", panics.len(), panics.join("\n  "));
}

/// Seeded mutations of a worksheet's XML (`KEYACCOUNTS_FUZZ_ROUNDS`, default 3,000), read by the
/// engine's own sheet scanner and by calamine when it hands the file over: bytes changed to the
/// characters its dialect turns on (`<`, `>`, `/`, `"`, `&`, `=`, digits, letters, NUL), runs cut
/// out and the part cut short. A panic fails, with the input saved as for the xlsb records.
#[test]
fn mutated_xlsx_sheets_never_panic() {
    let rounds: u64 = std::env::var("KEYACCOUNTS_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let good = hostile::good_xlsx_parts();
    let sheet = good
        .iter()
        .position(|(n, _)| n.ends_with("worksheets/sheet1.xml"))
        .expect("the good xlsx has a worksheet");
    let zip = |parts: &[(String, Vec<u8>)]| {
        let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        hostile::zip(&parts)
    };
    assert!(
        matches!(run(&zip(&good), &Options::default()), Outcome::Report(_)),
        "the unmutated workbook reads"
    );
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut reports, mut errors, mut debug_only) = (0, 0, 0);
    let mut panics = Vec::new();
    for round in 0..rounds {
        let mut parts = good.clone();
        let body = &mut parts[sheet].1;
        for _ in 0..1 + next() % 4 {
            if body.is_empty() {
                break;
            }
            let at = (next() % body.len() as u64) as usize;
            match next() % 5 {
                0 => {
                    let end = (at + 1 + (next() % 40) as usize).min(body.len());
                    body.drain(at..end);
                }
                1 => body.truncate(at),
                2 => body.insert(at, b"<>/\"&=0aZ\0 "[(next() % 11) as usize]),
                _ => body[at] = b"<>/\"&=09AzX\0:-.e'"[(next() % 17) as usize],
            }
        }
        let bytes = zip(&parts);
        match run(&bytes, &Options::default()) {
            Outcome::Report(_) => reports += 1,
            Outcome::Error { .. } => errors += 1,
            Outcome::Panic(msg) if msg.starts_with("attempt to") && msg.ends_with("with overflow") => debug_only += 1,
            Outcome::Panic(msg) => {
                let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("xlsx-mutation-{round}.xlsx"));
                std::fs::write(&path, &bytes).ok();
                panics.push(format!("round {round}: {msg} ({})", path.display()));
            }
        }
    }
    println!(
        "xlsx sheet mutations: {rounds} rounds, {reports} reports, {errors} coded errors, {debug_only} debug-only overflow checks"
    );
    assert!(panics.is_empty(), "{} panics:\n  {}", panics.len(), panics.join("\n  "));
}

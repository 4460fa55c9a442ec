//! Times each engine stage on a file: `cargo run --release --example stage_times -- FILE`.
use keyaccounts::core::{analyze::analyze_workbook, detect, read::read_workbook};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stage_times FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let options = keyaccounts::Options::default();
    let t = Instant::now();
    let wb = match read_workbook(&bytes, &options.limits) {
        Ok(wb) => wb,
        Err(e) => {
            eprintln!("read: {e}");
            std::process::exit(2);
        }
    };
    println!("read      {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let choice = detect::choose_sheet(&wb, None, &options.columns);
    println!(
        "sheet     {:>8.1} ms  {:?}",
        t.elapsed().as_secs_f64() * 1e3,
        choice.as_ref().map(|c| c.index)
    );
    let t = Instant::now();
    let r = analyze_workbook(&wb, &options);
    println!(
        "analysis  {:>8.1} ms  (includes sheet choice) ok={}",
        t.elapsed().as_secs_f64() * 1e3,
        r.is_ok()
    );
}

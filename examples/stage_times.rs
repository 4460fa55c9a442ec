//! Times each stage of a session on a file, natively:
//! `cargo run --release --example stage_times -- FILE [RUNS]`.
//!
//! Prints the read (bytes → workbook), the first analysis (extract + resolve +
//! method), and the medians over RUNS (default 9) of re-analyses that change
//! only the method (key share), only the identity (keep cancelled rows) and
//! the reading (month-first dates: extraction again from the workbook). RUNS 0: the read and the
//! first analysis only (`scripts/bench` measures those, with the process's peak RSS).
use keyaccounts::{Options, Session};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stage_times FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(9);
    let bytes = std::fs::read(&path).unwrap_or_default();
    let options = Options::default();
    let t = Instant::now();
    let mut session = match Session::open(&[(None, &bytes)], &options.limits) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("read: {e}");
            std::process::exit(2);
        }
    };
    println!("read              {:>8.1} ms", ms(t));
    let t = Instant::now();
    let first = session.analyze(&options);
    println!(
        "first analysis    {:>8.1} ms  (extract + resolve + method) ok={}",
        ms(t),
        first
            .as_ref()
            .map(|r| r.source.rows_used)
            .map_err(|e| e.code().to_string())
            .is_ok()
    );
    if let Ok(r) = &first {
        println!(
            "                  rows used {}, clients {}",
            r.source.rows_used,
            r.clients.len()
        );
    }
    if runs == 0 {
        return;
    }
    let mut time = |label: &str, change: &dyn Fn(&mut Options, usize)| {
        let mut times = Vec::new();
        for i in 0..runs {
            let mut o = Options::default();
            change(&mut o, i);
            let t = Instant::now();
            let _ = session.analyze(&o);
            times.push(ms(t));
        }
        println!("{label:<18}{:>8.1} ms  (median of {runs})", median(times));
    };
    time("method only", &|o, i| {
        o.method.thresholds.key_share = if i % 2 == 0 { 0.15 } else { 0.10 };
    });
    time("identity again", &|o, i| o.identity.keep_cancelled = i % 2 == 0);
    time("extract again", &|o, i| o.read.month_first = Some(i % 2 == 0));
    println!("stats             {:?}", session.stats());
}

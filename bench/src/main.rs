//! The native baseline of `scripts/bench`: `bench-calamine FILE` reads FILE, sums the amount per
//! client with calamine's cell reader (as the wasm module does) and prints one JSON line
//! `{"readMs":…,"sumMs":…,"rows":…,"clients":…,"total":…}`; readMs is the file read from disk.
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench-calamine FILE.xlsx");
        std::process::exit(2);
    };
    let t = Instant::now();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("bench-calamine: {path}: {e}");
            std::process::exit(1);
        }
    };
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    match bench_calamine::sum_by_client(&bytes) {
        Ok(s) => println!(
            "{{\"readMs\":{read_ms:.3},\"sumMs\":{:.3},\"rows\":{},\"clients\":{},\"total\":{}}}",
            t.elapsed().as_secs_f64() * 1e3,
            s.rows,
            s.clients,
            s.total
        ),
        Err(e) => {
            eprintln!("bench-calamine: {path}: {e}");
            std::process::exit(1);
        }
    }
}

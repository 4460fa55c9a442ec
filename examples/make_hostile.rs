//! Writes the hostile-file suite (tests/hostile/mod.rs) to a directory, with `manifest.json`:
//! for each file its name, what it is and what it must end in (`{"total": 1000}` or
//! `{"error": ["too_large"]}`). The browser test (tests/e2e/hostile.test.mjs) loads them.
//!
//! ```text
//! cargo run --release --example make_hostile -- target/hostile
//! ```

#[path = "../tests/hostile/mod.rs"]
#[allow(dead_code)] // the parts for mutation tests
mod hostile;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make_hostile DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir)?;
    let mut manifest = Vec::new();
    for case in hostile::cases() {
        let path = dir.join(case.file_name());
        std::fs::write(&path, case.bytes())?;
        let expect = match case.expect {
            hostile::Expect::Total(t) => serde_json::json!({ "total": t }),
            hostile::Expect::Error(code) => serde_json::json!({ "error": [code] }),
            hostile::Expect::AnyError(codes) => serde_json::json!({ "error": codes }),
        };
        manifest.push(serde_json::json!({ "file": case.file_name(), "about": case.about, "expect": expect }));
    }
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    println!("{} hostile files in {}", manifest.len(), dir.display());
    Ok(())
}

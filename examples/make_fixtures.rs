//! Writes every test fixture (tests/fixtures/build.rs) to a directory, with a
//! `FIXTURE.truth.txt` next to each one saying what it pins and what a correct
//! report says about it, and `converted.txt`: the xlsx fixtures
//! `tests/fixtures/convert.sh` turns into committed `.xls`/`.ods` files.
//!
//! ```text
//! cargo run --example make_fixtures -- target/fixtures
//! ```

#[path = "../tests/fixtures/build.rs"]
mod build;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make_fixtures DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir)?;
    let fixtures = build::all();
    for f in &fixtures {
        std::fs::write(dir.join(f.name), &f.bytes)?;
        let truth = match &f.expect {
            build::Expect::Report(t) => format!("{t:#?}"),
            build::Expect::Error(code) => format!("error {code}"),
        };
        std::fs::write(
            dir.join(format!("{}.truth.txt", f.name)),
            format!("{}\n\n{truth}\n", f.pins),
        )?;
    }
    // the list tests/fixtures/convert.sh hands to LibreOffice
    std::fs::write(dir.join("converted.txt"), build::CONVERTED.join("\n") + "\n")?;
    println!("{} fixtures written to {}", fixtures.len(), dir.display());
    Ok(())
}

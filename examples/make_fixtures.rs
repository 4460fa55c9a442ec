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

#[path = "../tests/fixtures/shapes/mod.rs"]
mod shapes;

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
    let shapes = shapes::all();
    for f in &shapes {
        for (name, bytes) in &f.files {
            std::fs::write(dir.join(name), bytes)?;
        }
        std::fs::write(
            dir.join(format!("{}.truth.txt", f.name)),
            format!("{}\n\n{:#?}\n", f.pins, f.truth),
        )?;
    }
    // the list tests/fixtures/convert.sh hands to LibreOffice
    let mut converted: Vec<&str> = build::CONVERTED.to_vec();
    converted.extend(shapes::converted());
    std::fs::write(dir.join("converted.txt"), converted.join("\n") + "\n")?;
    println!(
        "{} fixtures and {} shape fixtures written to {}",
        fixtures.len(),
        shapes.len(),
        dir.display()
    );
    Ok(())
}

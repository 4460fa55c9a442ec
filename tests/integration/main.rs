//! The one integration-test binary.
//!
//! - `fixtures`: every built fixture → `analyze` → the builder's own truth,
//!   then the whole report against a golden JSON in `tests/golden/`
//!   (`UPDATE_GOLDEN=1` rewrites them);
//! - `invariants`: arithmetic every report must satisfy, over every fixture
//!   and every corpus file;
//! - `corpus`: the real-world files in `$KEYACCOUNTS_CORPUS` (default
//!   `../shared/corpus`) against their `*.expected.json`;
//! - `cli`: the `keyaccounts` binary's exit codes and JSON;
//! - `method`: the method's fixtures (`build::method_fixtures()`) → key
//!   accounts, findings, concentration against the builder's truth and goldens;
//! - `properties`: shuffled rows, split lines, blank and totals rows never
//!   change the analysis;
//! - `corpus_method`: the corpus files' key clients and concentration flags;
//! - `shape_checks`: the hard shapes of real exports (`tests/fixtures/shapes/`)
//!   → their builders' truth and goldens in `tests/golden/shapes/`;
//! - `session`: re-analyses in one session equal fresh runs, and each option
//!   re-runs only its stage;
//! - `export`: XLSX (read back with calamine), CSV and text exports of real
//!   reports, formula injection, and anonymised reports and exports that name
//!   no real client, manager, department or file;
//! - `damaged_text`: damaged CSV (a quote that never closes, 50 extra
//!   separators, invalid UTF-8 mid-file, UTF-16 without a BOM) gives the sum
//!   of the rows that are there, each row read alone or left out named by a
//!   data-quality note, or a coded error — never a quietly short total;
//! - `hostile_cli`: the hostile-file suite (`tests/hostile/`) through the binary, each case's
//!   coded error or total, time and peak memory; seeded mutations of an xlsb's records never panic;
//! - `architecture`: the crate's own sources (`src/`) have no import cycle
//!   among modules, and `src/core/` never names the wasm crates.

#[path = "../fixtures/build.rs"]
mod build;

#[path = "../fixtures/shapes/mod.rs"]
mod shapes;

#[path = "../hostile/mod.rs"]
mod hostile;

/// The demo's sample generator; its `main` is unused here.
#[path = "../../examples/make_sample.rs"]
#[allow(dead_code)]
mod sample;

mod architecture;
mod cli;
mod common;
mod corpus;
mod corpus_method;
mod corpus_totals;
mod damaged_text;
mod docs;
mod export;
mod fixtures;
mod hostile_cli;
mod invariants;
mod judgment;
mod method;
mod properties;
mod session;
mod shape_checks;
mod time;

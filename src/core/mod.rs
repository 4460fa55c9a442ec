//! The pure engine, no wasm types here. The stages, top to bottom (each
//! module uses only the ones below it; `tests/integration/architecture.rs`
//! fails on an import cycle):
//!
//! ```text
//! export     a finished report as XLSX, CSV or text, in Russian or English
//! session    Session: files read once, stages re-run by the options that changed
//! report     the Report contract; build.rs assembles it and rounds money; anonymize.rs
//! analysis   the method: shares, scopes, concentration, rules/, typed findings
//! identity   raw lines → clients: status, IDs, parent companies, merges, suggestions
//! extract    workbooks → tables → raw lines: sheets, rows, wide, 1C groups, merged cells, totals
//! detect     where the table is and what each column means (Layout)
//! read       bytes → Workbook (sniff, guards, calamine, csv)
//! parse      text → amounts, dates, names, row labels
//! model      the cleaned data: RawLine, TableLines, SalesLines, Client, Part
//! quality    QualityCode, SkipReason, RowSet, Note — what every stage says it did
//! table · options · role · error · value · codes   vocabulary shared by all
//! ```

// A panic in wasm kills the instance: data-dependent paths must not panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod analysis;
pub(crate) mod codes;
pub(crate) mod detect;
pub mod error;
pub mod export;
pub(crate) mod extract;
pub(crate) mod identity;
pub(crate) mod model;
pub mod options;
pub(crate) mod parse;
pub mod quality;
pub(crate) mod read;
pub mod report;
pub mod role;
pub mod session;
pub(crate) mod table;
pub mod value;

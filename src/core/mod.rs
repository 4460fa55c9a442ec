//! The pure engine: bytes → [`table::Workbook`] → [`detect::Layout`] →
//! [`lines::SalesLines`] → [`report::Report`]. No wasm types here.

pub mod analyze;
pub mod detect;
pub mod error;
pub mod lines;
pub mod options;
pub mod parse;
pub mod read;
pub mod report;
pub mod table;
pub mod value;

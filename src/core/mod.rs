//! The pure engine: bytes → [`table::Workbook`] → [`detect::Layout`] →
//! [`lines::SalesLines`] → [`report::Report`]. No wasm types here.

// A panic in wasm kills the instance: data-dependent paths must not panic.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod analysis;
pub(crate) mod codes;
pub mod detect;
pub mod error;
pub mod extract;
pub mod identity;
pub mod model;
pub mod options;
pub mod parse;
pub mod quality;
pub mod read;
pub mod report;
pub mod role;
pub mod session;
pub mod table;
pub mod value;

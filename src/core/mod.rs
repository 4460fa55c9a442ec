//! The pure engine: bytes → [`table::Workbook`] → [`detect::Layout`] →
//! [`lines::SalesLines`] → [`report::Report`]. No wasm types here.

// A panic in wasm kills the instance: data-dependent paths must not panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod analysis;
pub(crate) mod codes;
pub(crate) mod detect;
pub mod error;
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

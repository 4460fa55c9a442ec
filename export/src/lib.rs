//! The page's second WebAssembly module, the exports of a finished report:
//! `exportXlsx(reportJson, lang)` → `Uint8Array` (an Excel workbook),
//! `exportCsv(reportJson, lang)` → string (the client table, with a BOM) and
//! `reportText(reportJson, lang)` → string. rust_xlsxwriter would add about
//! 1 MB (46 %) to the engine every visitor loads, so the page loads this
//! module only when the user asks for an export.
//!
//! The functions live with the rest of the facade in the engine's `src/web.rs`
//! (feature `export`); this crate links them without the engine's own exports
//! (feature `web` off), so the module holds no analysis code. Built by
//! `scripts/build-web` with
//! `wasm-bindgen --target no-modules --no-modules-global keyaccounts_export`.

#[cfg(target_arch = "wasm32")]
pub use keyaccounts::web::{export_csv, export_xlsx, report_text};

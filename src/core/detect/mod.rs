//! Finding the sales table: which sheet, which row is the header, which
//! column plays which role.
//!
//! The model, in the order things are decided:
//! 1. **Sheet** ([`choose_sheet`]): every non-chart sheet with cells is tried
//!    with [`detect_layout`] and rated; pivot/summary sheets lose, hidden
//!    sheets are used only when no visible sheet works.
//! 2. **Header** (`header.rs`): among the first 50 non-empty rows, the row
//!    that is mostly text, hits header synonyms, does not repeat in the rows
//!    below, and has rows of the same shape under it. A text-only row right
//!    under it, below a merged or spanning cell, is a second header row.
//! 3. **Roles** (`roles.rs`): caller overrides are final; then header
//!    synonyms (`synonyms.rs`, Russian and English, with vetoes such as
//!    contact/seller/VAT/id) checked against the values; then, only for
//!    uninformative headers (`Column1`, empty, `Наименование`), the values
//!    alone (`values.rs`).
//!
//! Decisions the user should see (which amount column was taken, a constant
//! column ignored) come back as [`DetectNote`]s with stable codes:
//! `amount_vat_choice`, `amount_choice`, `constant_column_ignored`.

pub use layout::{Layout, SheetReason, WideLayout};
pub use sheet::choose_sheet;
pub(crate) use synonyms::has_org_marker;
pub use table::detect_layout;

mod header;
pub(crate) mod layout;
pub mod periods;
mod roles;
mod sheet;
mod synonyms;
mod table;
mod values;

#[cfg(test)]
mod tests;

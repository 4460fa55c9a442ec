//! From the workbooks read to raw sales lines, every row accounted for.
//!
//! [`extract`] finds each file's tables (`sheets.rs`: the chosen sheet and the
//! sheets with its header that split the data) and reads each one through
//! one dispatcher (`table.rs`): one sale per row (`rows.rs`, with 1C group rows
//! told apart by `grouped.rs` and merged cells filled by `fill.rs`), or periods
//! in columns (`wide.rs`); then the file's own grand total is checked against
//! the lines (`totals.rs`). Cell values are read by `cells.rs`; what a row's
//! classification asks of a text is worked out once per distinct text (`memo.rs`). Nothing here
//! calls back up: the modules form a tree below `dataset.rs`.

mod budget;
mod cells;
mod dataset;
mod fill;
mod grouped;
mod memo;
mod rows;
mod sheets;
mod table;
#[cfg(test)]
mod testkit;
mod totals;
mod walk;
mod wide;

pub use dataset::{Dataset, TableSource, extract};

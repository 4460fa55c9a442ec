//! Table rows to clean, dated sales lines. Every row below the header is
//! either used or skipped for a counted reason, at the moment it is skipped.
// First cut; fleshed out by the integrator.

use crate::core::value::{Date, Money};

/// One sales line: a client bought for an amount (negative: a return), maybe on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesLine {
    /// Index into [`SalesLines::clients`].
    pub client: u32,
    pub amount: Money,
    pub date: Option<Date>,
    /// Index into [`SalesLines::labels`] for manager / department / product.
    pub manager: Option<u32>,
    pub department: Option<u32>,
    pub product: Option<u32>,
    pub quantity: Option<f64>,
    /// 1-based row in the sheet, for references back to the file.
    pub row: u32,
}

/// A client as grouped by its folded name.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The folded grouping key.
    pub key: String,
    /// The most frequent spelling in the file.
    pub name: String,
}

/// All sales lines of one analysed table, with interned names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SalesLines {
    pub lines: Vec<SalesLine>,
    pub clients: Vec<Client>,
    /// Interned manager / department / product labels.
    pub labels: Vec<String>,
}

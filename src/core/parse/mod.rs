//! Cell values to typed values: locale money text, dates, client names.

pub mod amount;
pub mod date;
pub mod name;

//! Money written as numbers or as locale text (`1 234 567,89 ₽`, `(1,234.56)`).
//! The decimal separator is decided once per column, not per cell.
// INTERFACE STUB — replaced by the parse helper.

use crate::core::value::Money;

/// How a column writes its numbers, decided from all its text cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberStyle {
    /// `1.234,56` / `1 234,56` style (comma is the decimal separator).
    pub decimal_comma: bool,
}

/// A parsed amount and the currency written next to it, if any
/// (ISO code: "RUB", "USD", "EUR", …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedAmount {
    pub value: Money,
    pub currency: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all.
    NotANumber,
    /// A number too large to be money.
    OutOfRange,
}

/// Decides the column's decimal separator from its text cells.
pub fn infer_number_style<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> NumberStyle {
    let _ = samples;
    NumberStyle::default()
}

/// Parses one text cell of a money column.
pub fn parse_amount_text(text: &str, style: NumberStyle) -> Result<ParsedAmount, AmountError> {
    let _ = style;
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let v: f64 = cleaned.parse().map_err(|_| AmountError::NotANumber)?;
    Ok(ParsedAmount {
        value: Money::from_f64(v).ok_or(AmountError::OutOfRange)?,
        currency: None,
    })
}

//! Money written as numbers or as locale text (`1 234 567,89 ₽`, `(1,234.56)`).
//! The decimal separator is decided once per column, not per cell.
//!
//! A cell is read in two steps. First its affixes are peeled from both ends:
//! whitespace, one sign (`+`, `-`, `−` U+2212, `–` U+2013 in front; `-` or
//! `−` behind, as SAP writes `1234-`), accounting parentheses `(…)`, and one
//! currency marker (`₽`, `руб.`, `$`, `USD`, `€`, …) before or after the
//! number, with or without a space. What remains, the body, holds digits,
//! the decimal separator of the column's [`NumberStyle`] and thousands
//! separators (space, NBSP, narrow NBSP, thin space, `'`, and `.` or `,`
//! whichever is not the decimal separator). Thousands groups are checked
//! strictly (1–3 digits, then groups of exactly 3), which is what turns
//! `15.03.2024` and `+7 495 123-45-67` away.
//!
//! Digits are converted exactly into ten-thousandths (no float on the way);
//! beyond four decimals the value is rounded half away from zero.

use crate::core::value::Money;

/// How a column writes its numbers, decided from all its text cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberStyle {
    /// `1.234,56` / `1 234,56` style (comma is the decimal separator).
    pub decimal_comma: bool,
}

/// What [`infer_number_style_with_evidence`] saw in a column, so callers can
/// tell the user when the choice was a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberStyleEvidence {
    /// The style chosen.
    pub style: NumberStyle,
    /// Samples that can only be read with a decimal comma (`12,5`, `1.234.567`, `1.234,56`).
    pub comma_votes: u32,
    /// Samples that can only be read with a decimal point (`12.5`, `1,234,567`, `1,234.56`).
    pub point_votes: u32,
    /// Samples that read either way (`1,234`, `1.234`): a lone separator followed by exactly three digits.
    pub ambiguous: u32,
}

impl NumberStyleEvidence {
    /// True when no sample decided the separator: the style is a guess.
    pub fn is_guess(&self) -> bool {
        self.comma_votes == 0 && self.point_votes == 0
    }
    /// True when samples contradict each other (the column mixes styles);
    /// the cells of the minority style will not parse.
    pub fn is_conflicting(&self) -> bool {
        self.comma_votes > 0 && self.point_votes > 0
    }
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

/// Largest accepted magnitude, in ten-thousandths: 9·10^14 units.
const MAX_ABS_SCALED: i128 = 9_000_000_000_000_000_000;

/// Currency markers, lowercase, longest first so `руб.` wins over `р`.
const CURRENCY_MARKERS: &[(&str, &str)] = &[
    ("руб.", "RUB"),
    ("руб", "RUB"),
    ("rub", "RUB"),
    ("rur", "RUB"),
    ("usd", "USD"),
    ("us$", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("kzt", "KZT"),
    ("тг.", "KZT"),
    ("byn", "BYN"),
    ("р.", "RUB"),
    ("тг", "KZT"),
    ("br", "BYN"),
    ("р", "RUB"),
    ("₽", "RUB"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    // In these files `¥` is far more often yuan than yen.
    ("¥", "CNY"),
    ("₸", "KZT"),
];

/// Decides the column's decimal separator from its text cells.
///
/// Rule, per sample that reads as an amount under the style it points to:
/// * both `.` and `,` present → the last one is the decimal separator
///   (`1.234,56` → comma, `1,234.56` → point);
/// * one kind, repeated → it is the thousands separator (`1.234.567` → comma,
///   `1,234,567` → point);
/// * one kind, once, not followed by exactly three digits, or with more than
///   three digits before it, or after space-grouped digits → it is the decimal
///   separator (`12,5` → comma, `1234.56` → point);
/// * one kind, once, `1–3 digits` + separator + `3 digits` (`1,234`) → ambiguous.
///
/// The majority of decisive samples wins (a tie goes to the comma). With no
/// decisive sample, a lone separator before three digits is taken as a
/// thousands separator (three-decimal money is rare): ambiguous `1,234`
/// samples give a decimal point, ambiguous `1.234` samples a decimal comma.
/// Otherwise the comma (Russian files) is the default.
pub fn infer_number_style<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> NumberStyle {
    infer_number_style_with_evidence(samples).style
}

/// [`infer_number_style`] with the counts that led to the choice.
pub fn infer_number_style_with_evidence<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> NumberStyleEvidence {
    let mut ev = NumberStyleEvidence::default();
    // Ambiguous samples: lone comma + 3 digits, lone dot + 3 digits.
    let (mut amb_comma, mut amb_point) = (0u32, 0u32);
    for text in samples {
        let lower = text.to_lowercase();
        let Ok(affixes) = peel_affixes(&lower) else { continue };
        match classify_body(affixes.body) {
            Some(Vote::Comma) if parse_body(affixes.body, COMMA).is_ok() => ev.comma_votes += 1,
            Some(Vote::Point) if parse_body(affixes.body, POINT).is_ok() => ev.point_votes += 1,
            Some(Vote::AmbiguousComma) if parse_body(affixes.body, POINT).is_ok() => amb_comma += 1,
            Some(Vote::AmbiguousPoint) if parse_body(affixes.body, COMMA).is_ok() => amb_point += 1,
            _ => {}
        }
    }
    ev.ambiguous = amb_comma + amb_point;
    let decimal_comma = if ev.comma_votes > 0 || ev.point_votes > 0 {
        ev.comma_votes >= ev.point_votes
    } else {
        // `1,234` only → comma groups thousands → decimal point.
        !(amb_comma > 0 && amb_point == 0)
    };
    ev.style = NumberStyle { decimal_comma };
    ev
}

/// Parses one text cell of a money column.
///
/// A lone dash (`-`, `−`, `–`, `—`), possibly with a currency marker, is
/// zero: accounting formats show zero that way.
///
/// # Errors
/// [`AmountError::NotANumber`] for text that is not an amount under `style`
/// (`12.5%`, `15.03.2024`, `ИНН 7701234567`, `1,5` under a decimal point);
/// [`AmountError::OutOfRange`] beyond ±9·10^14.
pub fn parse_amount_text(text: &str, style: NumberStyle) -> Result<ParsedAmount, AmountError> {
    let lower = text.to_lowercase();
    let a = peel_affixes(&lower)?;
    if a.open_paren != a.close_paren {
        return Err(AmountError::NotANumber);
    }
    let negatives = u8::from(a.open_paren)
        + u8::from(a.trailing_minus)
        + u8::from(matches!(a.sign, Some(Sign::Minus | Sign::Dash)));
    if a.body.is_empty() {
        // Only a lone dash means zero; `()`, `+`, `$` alone do not.
        return if matches!(a.sign, Some(Sign::Minus | Sign::Dash)) && !a.open_paren && !a.trailing_minus {
            Ok(ParsedAmount {
                value: Money(0),
                currency: a.currency,
            })
        } else {
            Err(AmountError::NotANumber)
        };
    }
    if negatives > 1 || a.sign == Some(Sign::Dash) || (a.sign == Some(Sign::Plus) && negatives > 0) {
        return Err(AmountError::NotANumber);
    }
    let seps = if style.decimal_comma { COMMA } else { POINT };
    let magnitude = parse_body(a.body, seps)?;
    let value = if negatives == 1 { -magnitude } else { magnitude };
    Ok(ParsedAmount {
        value: Money(value),
        currency: a.currency,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Plus,
    Minus,
    /// `—` (em dash): only meaningful alone, as zero.
    Dash,
}

#[derive(Debug)]
struct Affixes<'a> {
    body: &'a str,
    sign: Option<Sign>,
    trailing_minus: bool,
    open_paren: bool,
    close_paren: bool,
    currency: Option<&'static str>,
}

/// Peels sign, parentheses and currency from both ends of lowercased text.
/// Fails only when an affix repeats (`$100$`, `--5`).
fn peel_affixes(lower: &str) -> Result<Affixes<'_>, AmountError> {
    let mut a = Affixes {
        body: "",
        sign: None,
        trailing_minus: false,
        open_paren: false,
        close_paren: false,
        currency: None,
    };
    let mut rest = lower.trim();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('(') {
            if a.open_paren {
                return Err(AmountError::NotANumber);
            }
            a.open_paren = true;
            rest = r;
        } else if let Some((sign, r)) = strip_sign(rest) {
            if a.sign.is_some() {
                return Err(AmountError::NotANumber);
            }
            a.sign = Some(sign);
            rest = r;
        } else if let Some((code, r)) = strip_currency_prefix(rest) {
            if a.currency.is_some() {
                return Err(AmountError::NotANumber);
            }
            a.currency = Some(code);
            rest = r;
        } else {
            break;
        }
    }
    loop {
        rest = rest.trim_end();
        if let Some(r) = rest.strip_suffix(')') {
            if a.close_paren {
                return Err(AmountError::NotANumber);
            }
            a.close_paren = true;
            rest = r;
        } else if let Some(r) = rest.strip_suffix(['-', '\u{2212}']) {
            if a.trailing_minus {
                return Err(AmountError::NotANumber);
            }
            a.trailing_minus = true;
            rest = r;
        } else if let Some((code, r)) = strip_currency_suffix(rest) {
            if a.currency.is_some() {
                return Err(AmountError::NotANumber);
            }
            a.currency = Some(code);
            rest = r;
        } else {
            break;
        }
    }
    a.body = rest;
    Ok(a)
}

fn strip_sign(s: &str) -> Option<(Sign, &str)> {
    let mut chars = s.chars();
    let sign = match chars.next()? {
        '+' => Sign::Plus,
        '-' | '\u{2212}' | '\u{2013}' => Sign::Minus,
        '\u{2014}' => Sign::Dash,
        _ => return None,
    };
    Some((sign, chars.as_str()))
}

fn strip_currency_prefix(s: &str) -> Option<(&'static str, &str)> {
    CURRENCY_MARKERS.iter().find_map(|&(marker, code)| {
        let rest = s.strip_prefix(marker)?;
        // A letter marker must end the word: `р` is not the start of `руб`.
        let ends_word = !marker.chars().last().is_some_and(char::is_alphabetic)
            || !rest.chars().next().is_some_and(char::is_alphabetic);
        ends_word.then_some((code, rest))
    })
}

fn strip_currency_suffix(s: &str) -> Option<(&'static str, &str)> {
    CURRENCY_MARKERS.iter().find_map(|&(marker, code)| {
        let rest = s.strip_suffix(marker)?;
        let starts_word = !marker.chars().next().is_some_and(char::is_alphabetic)
            || !rest.chars().next_back().is_some_and(char::is_alphabetic);
        starts_word.then_some((code, rest))
    })
}

/// Decimal separator and the other of `.`/`,`, which then groups thousands.
#[derive(Clone, Copy)]
struct Seps {
    decimal: char,
    group: char,
}
const COMMA: Seps = Seps {
    decimal: ',',
    group: '.',
};
const POINT: Seps = Seps {
    decimal: '.',
    group: ',',
};

/// Spaces used to group thousands: space, NBSP, figure space, thin space, narrow NBSP.
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}')
}

/// Swiss `1'234.56`, also typed with a typographic apostrophe.
fn is_apostrophe_group(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Which class of thousands separator a char belongs to, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupClass {
    Space,
    Apostrophe,
    Punct,
}

fn group_class(c: char, seps: Seps) -> Option<GroupClass> {
    if is_space_group(c) {
        Some(GroupClass::Space)
    } else if is_apostrophe_group(c) {
        Some(GroupClass::Apostrophe)
    } else if c == seps.group {
        Some(GroupClass::Punct)
    } else {
        None
    }
}

/// Parses an unsigned body into ten-thousandths.
fn parse_body(body: &str, seps: Seps) -> Result<i64, AmountError> {
    let (int_part, frac_part) = match body.split_once(seps.decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut scaled: i128 = 0;
    let mut int_digits = 0usize;
    // Digits in the current thousands group, and the class of separator seen.
    let mut group_len = 0usize;
    let mut class: Option<GroupClass> = None;
    let mut groups = 0usize;
    for c in int_part.chars() {
        if let Some(d) = c.to_digit(10) {
            // 20 digits already exceed the range; stop before i128 overflows.
            if int_digits > 20 {
                return Err(AmountError::OutOfRange);
            }
            scaled = scaled * 10 + i128::from(d);
            int_digits += 1;
            group_len += 1;
        } else if let Some(k) = group_class(c, seps) {
            // First group 1–3 digits, later ones exactly 3; one kind of separator.
            let ok_len = if groups == 0 {
                (1..=3).contains(&group_len)
            } else {
                group_len == 3
            };
            if !ok_len || class.is_some_and(|prev| prev != k) {
                return Err(AmountError::NotANumber);
            }
            class = Some(k);
            groups += 1;
            group_len = 0;
        } else {
            return Err(AmountError::NotANumber);
        }
    }
    if groups > 0 && group_len != 3 {
        return Err(AmountError::NotANumber);
    }
    scaled *= i128::from(Money::SCALE);
    let mut frac_digits = 0usize;
    if let Some(frac) = frac_part {
        if frac.is_empty() {
            return Err(AmountError::NotANumber);
        }
        for c in frac.chars() {
            let d = c.to_digit(10).ok_or(AmountError::NotANumber)?;
            match frac_digits {
                0..=3 => scaled += i128::from(d) * 10i128.pow(3 - frac_digits as u32),
                // Fifth decimal decides rounding, half away from zero (the sign comes later).
                4 if d >= 5 => scaled += 1,
                _ => {}
            }
            frac_digits += 1;
        }
    }
    if int_digits + frac_digits == 0 {
        return Err(AmountError::NotANumber);
    }
    if scaled > MAX_ABS_SCALED {
        return Err(AmountError::OutOfRange);
    }
    i64::try_from(scaled).map_err(|_| AmountError::OutOfRange)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vote {
    Comma,
    Point,
    AmbiguousComma,
    AmbiguousPoint,
}

/// What a body's separators say about the decimal separator (see [`infer_number_style`]).
fn classify_body(body: &str) -> Option<Vote> {
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let last_comma = body.rfind(',');
    let last_point = body.rfind('.');
    match (last_comma, last_point) {
        (None, None) => None,
        (Some(c), Some(p)) => Some(if c > p { Vote::Comma } else { Vote::Point }),
        (Some(i), None) => Some(lone_kind(body, ',', i, Vote::Comma, Vote::Point, Vote::AmbiguousComma)),
        (None, Some(i)) => Some(lone_kind(body, '.', i, Vote::Point, Vote::Comma, Vote::AmbiguousPoint)),
    }
}

/// One kind of separator `sep` in `body`, last at byte `last`: decimal,
/// thousands, or either.
fn lone_kind(body: &str, sep: char, last: usize, decimal: Vote, thousands: Vote, ambiguous: Vote) -> Vote {
    if body.matches(sep).count() > 1 {
        return thousands;
    }
    let after = body.get(last + sep.len_utf8()..).unwrap_or("");
    let before = body.get(..last).unwrap_or("");
    let space_grouped = before.chars().any(|c| is_space_group(c) || is_apostrophe_group(c));
    let digits_before = before.chars().filter(char::is_ascii_digit).count();
    if after.len() == 3
        && after.chars().all(|c| c.is_ascii_digit())
        && (1..=3).contains(&digits_before)
        && !space_grouped
    {
        ambiguous
    } else {
        decimal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example the function's documentation gave.
    #[test]
    fn parse_amount_text_example() {
        use crate::core::parse::amount::{NumberStyle, parse_amount_text};
        let p = parse_amount_text("1\u{a0}234,5 руб.", NumberStyle { decimal_comma: true }).unwrap();
        assert_eq!(p.value.0, 12_345_000);
        assert_eq!(p.currency, Some("RUB"));
    }

    const DC: NumberStyle = NumberStyle { decimal_comma: true };
    const DP: NumberStyle = NumberStyle { decimal_comma: false };

    fn ok(text: &str, style: NumberStyle) -> (i64, Option<&'static str>) {
        match parse_amount_text(text, style) {
            Ok(p) => (p.value.0, p.currency),
            Err(e) => panic!("{text:?} under {style:?}: {e:?}"),
        }
    }

    #[test]
    fn amount_forms_parse_under_decimal_comma() {
        let cases: &[(&str, i64, Option<&str>)] = &[
            ("1 234 567,89", 12_345_678_900, None),
            ("1\u{a0}234\u{a0}567,89", 12_345_678_900, None),
            ("1\u{202f}234\u{202f}567,89", 12_345_678_900, None),
            ("1\u{2009}234,5", 12_345_000, None),
            ("1.234,56", 12_345_600, None),
            ("1.234.567", 12_345_670_000, None),
            ("1234,56", 12_345_600, None),
            ("1234", 12_340_000, None),
            ("−1 234,5", -12_345_000, None),
            ("-1234", -12_340_000, None),
            ("1234-", -12_340_000, None),
            ("+1234,5", 12_345_000, None),
            ("(1.234,56)", -12_345_600, None),
            ("  1 234,56  ", 12_345_600, None),
            ("1'234,56", 12_345_600, None),
            ("0,1", 1_000, None),
            (",5", 5_000, None),
            ("007", 70_000, None),
        ];
        for &(text, want, cur) in cases {
            assert_eq!(ok(text, DC), (want, cur), "{text:?}");
        }
    }

    #[test]
    fn amount_forms_parse_under_decimal_point() {
        let cases: &[(&str, i64)] = &[
            ("1,234.56", 12_345_600),
            ("1234.56", 12_345_600),
            ("1,234,567", 12_345_670_000),
            ("(1,234.56)", -12_345_600),
            ("1'234.56", 12_345_600),
            ("1\u{2019}234.56", 12_345_600),
            ("1 234.56", 12_345_600),
            ("-0.5", -5_000),
            ("1234.56-", -12_345_600),
        ];
        for &(text, want) in cases {
            assert_eq!(ok(text, DP).0, want, "{text:?}");
        }
    }

    #[test]
    fn amount_with_nbsp_and_rouble_sign_parses() {
        assert_eq!(ok("1\u{a0}234\u{a0}567,89\u{a0}₽", DC), (12_345_678_900, Some("RUB")));
    }

    #[test]
    fn currency_markers_before_or_after_with_or_without_space() {
        let cases: &[(&str, &str)] = &[
            ("1 234,5 ₽", "RUB"),
            ("1 234,5₽", "RUB"),
            ("1 234,5 руб.", "RUB"),
            ("1 234,5 руб", "RUB"),
            ("1 234,5 Руб.", "RUB"),
            ("1 234,5 р.", "RUB"),
            ("1 234,5р", "RUB"),
            ("1 234,5 RUB", "RUB"),
            ("RUR 1 234,5", "RUB"),
            ("$1 234,5", "USD"),
            ("1 234,5 USD", "USD"),
            ("€ 1 234,5", "EUR"),
            ("1 234,5 EUR", "EUR"),
            ("£1 234,5", "GBP"),
            ("GBP 1 234,5", "GBP"),
            ("¥1 234,5", "CNY"),
            ("1 234,5 CNY", "CNY"),
            ("1 234,5 ₸", "KZT"),
            ("1 234,5 KZT", "KZT"),
            ("1 234,5 BYN", "BYN"),
            ("1 234,5 Br", "BYN"),
        ];
        for &(text, cur) in cases {
            assert_eq!(ok(text, DC), (12_345_000, Some(cur)), "{text:?}");
        }
        assert_eq!(ok("$1,234.56", DP), (12_345_600, Some("USD")));
        assert_eq!(ok("-$1,234.56", DP), (-12_345_600, Some("USD")));
        assert_eq!(ok("$-1,234.56", DP), (-12_345_600, Some("USD")));
        assert_eq!(ok("($1,234.56)", DP), (-12_345_600, Some("USD")));
        assert_eq!(ok("(1 234,56) руб.", DC), (-12_345_600, Some("RUB")));
    }

    #[test]
    fn lone_dash_is_zero() {
        for text in ["-", "—", "–", "−", " - ", "- ₽", "₽ -", "$ -"] {
            assert_eq!(ok(text, DC).0, 0, "{text:?}");
            assert_eq!(ok(text, DP).0, 0, "{text:?}");
        }
    }

    #[test]
    fn non_amounts_are_not_a_number() {
        for text in [
            "12.5%",
            "15.03.2024",
            "ИНН 7701234567",
            "abc",
            "",
            "   ",
            "()",
            "+",
            "₽",
            "--5",
            "-5-",
            "(5)-",
            "(5",
            "5)",
            "+(5)",
            "—5",
            "$5$",
            "1 23",
            "12 3456",
            "1..2",
            "1,",
            "1e5",
            "+7 495 123-45-67",
            "10-20",
            "1 234.567,89",
            "рубль 5",
            "5 рублей",
            "1.234'567,8",
        ] {
            assert_eq!(parse_amount_text(text, DC), Err(AmountError::NotANumber), "{text:?} DC");
            assert_eq!(parse_amount_text(text, DP), Err(AmountError::NotANumber), "{text:?} DP");
        }
    }

    #[test]
    fn wrong_style_cells_are_not_a_number() {
        // The column's style decides; a cell that contradicts it is not guessed.
        assert_eq!(parse_amount_text("1234,56", DP), Err(AmountError::NotANumber));
        assert_eq!(parse_amount_text("1,234.56", DC), Err(AmountError::NotANumber));
        assert_eq!(parse_amount_text("12.5", DC), Err(AmountError::NotANumber));
        // Ambiguous cells follow the style.
        assert_eq!(ok("1,234", DP).0, 12_340_000);
        assert_eq!(ok("1,234", DC).0, 12_340);
        assert_eq!(ok("1.234", DC).0, 12_340_000);
        assert_eq!(ok("1.234", DP).0, 12_340);
    }

    #[test]
    fn decimals_beyond_four_round_half_away_from_zero() {
        assert_eq!(ok("0,00005", DC).0, 1);
        assert_eq!(ok("0,000049999", DC).0, 0);
        assert_eq!(ok("-0,00005", DC).0, -1);
        assert_eq!(ok("1,23456", DC).0, 12_346);
        assert_eq!(ok("-1,23454", DC).0, -12_345);
        assert_eq!(ok("126631113,15", DC).0, 1_266_311_131_500);
    }

    #[test]
    fn amounts_beyond_nine_times_ten_to_fourteen_are_out_of_range() {
        assert_eq!(ok("900000000000000", DC).0, 9_000_000_000_000_000_000);
        assert_eq!(ok("-900 000 000 000 000", DC).0, -9_000_000_000_000_000_000);
        for text in [
            "900000000000000,0001",
            "900 000 000 000 001",
            "-1000000000000000",
            "1".repeat(40).as_str(),
        ] {
            assert_eq!(parse_amount_text(text, DC), Err(AmountError::OutOfRange), "{text:?}");
        }
    }

    #[test]
    fn sum_of_a_thousand_tenths_is_exact() {
        let mut sum = crate::core::value::MoneySum::default();
        for _ in 0..1000 {
            sum.add(Money(ok("0,1", DC).0));
        }
        assert_eq!(sum.0, 100 * Money::SCALE as i128);
        assert_eq!(sum.to_f64_cents(), 100.0);
    }

    #[test]
    fn style_inference_follows_decisive_samples() {
        let cases: &[(&[&str], bool)] = &[
            (&["1 234,56", "12"], true),
            (&["1.234,56"], true),
            (&["1,234.56"], false),
            (&["1234.56"], false),
            (&["1,234,567"], false),
            (&["1.234.567"], true),
            (&["1,234", "12,5"], true),
            (&["1,234", "12.50"], false),
            (&["1,234", "1.234.567"], true),
            (&["1,234", "1,234,567"], false),
            (&["$1,234.56", "($12.00)"], false),
            (&["1'234.56"], false),
            (&["1 234,567"], true),
            (&["1234,567"], true),
            // No decisive sample: a lone separator before 3 digits groups thousands.
            (&["1,234", "5,678"], false),
            (&["1.234", "5.678"], true),
            (&["1234", "1 234"], true),
            (&[], true),
            // Dates and labels do not vote.
            (&["15.03.2024", "Итого", "1,234"], false),
        ];
        for &(samples, want) in cases {
            assert_eq!(
                infer_number_style(samples.iter().copied()).decimal_comma,
                want,
                "{samples:?}"
            );
        }
    }

    #[test]
    fn style_evidence_reports_guesses_and_conflicts() {
        let ev = infer_number_style_with_evidence(["1,234", "5,678"]);
        assert!(ev.is_guess());
        assert_eq!(ev.ambiguous, 2);
        let ev = infer_number_style_with_evidence(["1,5", "2,5", "3.5"]);
        assert!(ev.is_conflicting());
        assert_eq!((ev.comma_votes, ev.point_votes), (2, 1));
        assert!(ev.style.decimal_comma);
        let ev = infer_number_style_with_evidence(["1,5", "3.5"]);
        assert!(ev.style.decimal_comma, "a tie goes to the comma");
    }

    /// The text contains a digit and reads as an amount under either decimal separator.
    fn looks_like_money_text(text: &str) -> bool {
        text.chars().any(|c| c.is_ascii_digit())
            && [
                NumberStyle { decimal_comma: true },
                NumberStyle { decimal_comma: false },
            ]
            .into_iter()
            .any(|style| parse_amount_text(text, style).is_ok())
    }

    /// The currency marker written at the start or end of `text`.
    fn currency_of(text: &str) -> Option<&'static str> {
        peel_affixes(&text.to_lowercase()).ok()?.currency
    }

    #[test]
    fn money_text_detection() {
        for text in ["1 234,56 ₽", "$1,234.56", "1234", "(12.00)", "1.234,5"] {
            assert!(looks_like_money_text(text), "{text:?}");
        }
        for text in [
            "-",
            "abc",
            "15.03.2024",
            "12.5%",
            "ИНН 7701234567",
            "",
            "₽",
            "(5)-",
            "1e20",
        ] {
            assert!(!looks_like_money_text(text), "{text:?}");
        }
    }

    #[test]
    fn currency_of_reads_cells_and_headers() {
        assert_eq!(currency_of("1 234 ₽"), Some("RUB"));
        assert_eq!(currency_of("Сумма, руб."), Some("RUB"));
        assert_eq!(currency_of("Amount (USD)"), Some("USD"));
        assert_eq!(currency_of("Выручка"), None);
        assert_eq!(currency_of("1234"), None);
        assert_eq!(currency_of("Товар"), None);
    }
}

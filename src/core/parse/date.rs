//! Dates as Excel serials (1900 and 1904 systems) and as text
//! (`15.03.2024`, `15.03.24`, `15.03.2024 0:00:00`, `15 марта 2024 г.`, ISO, `MM/DD/YYYY`).
//!
//! Only whole days count: a time of day is accepted and dropped. Years outside
//! 1900–9999 give `None` — that also drops 1C's "empty date" `01.01.0001`.
//! A month without a day (`март 2024`) is a period, not a date: `None`.

use crate::core::value::Date;

/// Day-first (`03/04/2024` = 3 April) or month-first (US, = 4 March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// What [`infer_date_order_with_evidence`] saw in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateOrderEvidence {
    /// The order chosen.
    pub order: DateOrder,
    /// Slash/dash dates whose first part is above 12 (`15/03/2024`).
    pub day_first_votes: u32,
    /// Slash/dash dates whose second part is above 12 (`03/15/2024`).
    pub month_first_votes: u32,
}

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 9999;

/// A serial day number to a date; `None` outside 1900–9999 or when not finite.
///
/// The 1900 system keeps Lotus 1-2-3's fake 29 February 1900 (serial 60):
/// serials 1–59 are 1900-01-01…1900-02-28, 61 and up are counted from
/// 1899-12-30. Serial 60 names a day that never existed and gives `None`,
/// as an impossible text date does. The 1904 system counts from 1904-01-01
/// (serial 0; negative serials give `None`, as in Excel). The fraction
/// (time of day) is dropped.
pub fn date_from_serial(serial: f64, epoch_1904: bool) -> Option<Date> {
    if !serial.is_finite() || serial.abs() > 1.0e7 {
        return None;
    }
    // In range after the check above, so the cast is exact.
    let days = serial.floor() as i32;
    let date = if epoch_1904 {
        // Excel shows no date for negative serials.
        if days < 0 {
            return None;
        }
        Date(Date::from_ymd(1904, 1, 1)?.0 + days)
    } else {
        match days {
            i32::MIN..=0 => return None,
            1..=59 => Date(Date::from_ymd(1899, 12, 31)?.0 + days),
            60 => return None,
            _ => Date(Date::from_ymd(1899, 12, 30)?.0 + days),
        }
    };
    in_years(date)
}

/// Decides day-first or month-first from a column's text dates.
///
/// Only numeric dates with `/` or `-` vote: a first part above 12 votes
/// day-first, a second part above 12 month-first. Dotted dates are always
/// day-first and do not vote; ISO dates do not vote. The majority wins;
/// with no vote or a tie, day-first (the Russian default).
pub fn infer_date_order<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> DateOrder {
    infer_date_order_with_evidence(samples).order
}

/// [`infer_date_order`] with the counts that led to the choice.
pub fn infer_date_order_with_evidence<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> DateOrderEvidence {
    let mut ev = DateOrderEvidence::default();
    for text in samples {
        let Some(token) = text.split_whitespace().next() else {
            continue;
        };
        let Some((sep, [first, second, _])) = numeric_parts(token) else {
            continue;
        };
        if sep == '.' || first.len() == 4 {
            continue;
        }
        let (Ok(a), Ok(b)) = (first.parse::<u32>(), second.parse::<u32>()) else {
            continue;
        };
        // A vote counts only when the date is valid read that way.
        if a > 12 && parse_date_text(token, DateOrder::DayFirst).is_some() {
            ev.day_first_votes += 1;
        } else if b > 12 && parse_date_text(token, DateOrder::MonthFirst).is_some() {
            ev.month_first_votes += 1;
        }
    }
    ev.order = if ev.month_first_votes > ev.day_first_votes {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    };
    ev
}

/// Parses one text date.
///
/// Accepted: `dd.mm.yyyy`, `d.m.yy`, `yyyy-mm-dd` (also with `/` or `.`),
/// `dd/mm/yyyy` or `mm/dd/yyyy` and `dd-mm-yyyy` by `order`, each optionally
/// followed by a time (`0:00:00`, `12:30`, `T10:00:00Z`, `10:00 PM`);
/// month names in Russian (`15 марта 2024 г.`, `1 января 2024г`) and English
/// (`15 Mar 2024`, `Mar 15, 2024`, `15-Mar-24`). Two-digit years follow
/// Excel: 00–29 → 20xx, 30–99 → 19xx.
pub fn parse_date_text(text: &str, order: DateOrder) -> Option<Date> {
    let lower = text.trim().to_lowercase();
    let without_time = strip_time(&lower)?;
    let date_part = strip_year_word(&without_time);
    if date_part.chars().any(char::is_alphabetic) {
        parse_named_month(date_part)
    } else {
        parse_numeric(date_part, order)
    }
}

fn in_years(date: Date) -> Option<Date> {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.ymd().0).then_some(date)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    in_years(Date::from_ymd(y, m, d)?)
}

/// Removes Russian `г.` / `г` / `года` after the year (`2024 г.`, `2024г`).
fn strip_year_word(s: &str) -> &str {
    for word in ["года", "г.", "г"] {
        if let Some(rest) = s.strip_suffix(word) {
            let rest_trimmed = rest.trim_end();
            if rest_trimmed.ends_with(|c: char| c.is_ascii_digit()) {
                return rest_trimmed;
            }
        }
    }
    s
}

/// Drops a trailing time of day; `None` when what follows the date is not a time.
fn strip_time(s: &str) -> Option<String> {
    // ISO `2024-03-15T10:00:00`: the `t` (lowercased) right after 10 chars.
    if let (Some(head), Some(time)) = (s.get(..10), s.get(10..).and_then(|t| t.strip_prefix('t'))) {
        return is_time(time).then(|| head.to_string());
    }
    let mut tokens: Vec<&str> = s.split_whitespace().collect();
    if tokens.last().is_some_and(|t| matches!(*t, "am" | "pm")) {
        tokens.pop();
        if !tokens.last().is_some_and(|t| is_time(t)) {
            return None;
        }
    }
    if tokens.len() > 1 && tokens.last().is_some_and(|t| is_time(t)) {
        tokens.pop();
    }
    Some(tokens.join(" "))
}

/// `0:00:00`, `12:30`, `10:00:00.000`, `10:00:00z`, `10:00:00+03:00`.
fn is_time(t: &str) -> bool {
    let core = t.trim_end_matches('z');
    let core = match core.find(['+', '-']) {
        Some(i) => core.get(..i).unwrap_or(""),
        None => core,
    };
    let mut fields = core.split(':');
    let hour_ok = fields
        .next()
        .is_some_and(|h| (1..=2).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit()));
    let rest: Vec<&str> = fields.collect();
    hour_ok
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|f| {
            let whole = f.split('.').next().unwrap_or("");
            whole.len() == 2 && f.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}

/// Splits `15.03.2024`, `03/15/24`, `2024-03-15` into three digit runs.
fn numeric_parts(s: &str) -> Option<(char, [&str; 3])> {
    let sep = s.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let mut it = s.split(sep);
    let parts = [it.next()?, it.next()?, it.next()?];
    if it.next().is_some()
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some((sep, parts))
}

fn parse_numeric(s: &str, order: DateOrder) -> Option<Date> {
    let (sep, [a, b, c]) = numeric_parts(s)?;
    if a.len() == 4 {
        // Year first is always year-month-day.
        return ymd(a.parse().ok()?, small(b)?, small(c)?);
    }
    let year = year(c)?;
    let (day, month) = match (sep, order) {
        ('.', _) | (_, DateOrder::DayFirst) => (a, b),
        (_, DateOrder::MonthFirst) => (b, a),
    };
    ymd(year, small(month)?, small(day)?)
}

/// A day or month: one or two digits.
fn small(s: &str) -> Option<u32> {
    if (1..=2).contains(&s.len()) {
        s.parse().ok()
    } else {
        None
    }
}

/// A four-digit year, or two digits by Excel's rule (00–29 → 20xx, 30–99 → 19xx).
fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        4 => Some(y),
        2 if y < 30 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn parse_named_month(s: &str) -> Option<Date> {
    // `15-mar-2024`, `mar 15, 2024`, `15 мар. 2024` → plain tokens.
    let spaced: String = s
        .chars()
        .map(|c| if matches!(c, '-' | ',' | '/') { ' ' } else { c })
        .collect();
    let tokens: Vec<&str> = spaced.split_whitespace().map(|t| t.trim_end_matches('.')).collect();
    let [first, second, third] = tokens.as_slice() else {
        return None;
    };
    let (day, month) = match (month_number(first), month_number(second)) {
        (None, Some(m)) => (first, m),
        (Some(m), None) => (second, m),
        _ => return None,
    };
    ymd(year(third)?, month, small(day)?)
}

/// Russian (genitive, nominative, abbreviated) and English month names.
fn month_number(word: &str) -> Option<u32> {
    const NAMES: [&[&str]; 12] = [
        &["января", "январь", "янв", "january", "jan"],
        &["февраля", "февраль", "фев", "февр", "february", "feb"],
        &["марта", "март", "мар", "march", "mar"],
        &["апреля", "апрель", "апр", "april", "apr"],
        &["мая", "май", "may"],
        &["июня", "июнь", "июн", "june", "jun"],
        &["июля", "июль", "июл", "july", "jul"],
        &["августа", "август", "авг", "august", "aug"],
        &["сентября", "сентябрь", "сен", "сент", "september", "sep", "sept"],
        &["октября", "октябрь", "окт", "october", "oct"],
        &["ноября", "ноябрь", "ноя", "нояб", "november", "nov"],
        &["декабря", "декабрь", "дек", "december", "dec"],
    ];
    (1u32..)
        .zip(NAMES)
        .find_map(|(n, names)| names.contains(&word).then_some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example the function's documentation gave.
    #[test]
    fn parse_date_text_example() {
        use crate::core::parse::date::{DateOrder, parse_date_text};
        let d = parse_date_text("15 марта 2024 г.", DateOrder::DayFirst).map(|d| d.to_string());
        assert_eq!(d.as_deref(), Some("2024-03-15"));
    }

    fn iso(d: Option<Date>) -> Option<String> {
        d.map(|d| d.to_string())
    }

    #[test]
    fn serials_in_the_1900_system_keep_the_fake_leap_day() {
        let cases: &[(f64, Option<&str>)] = &[
            (1.0, Some("1900-01-01")),
            (59.0, Some("1900-02-28")),
            (60.0, None),
            (61.0, Some("1900-03-01")),
            (25_569.0, Some("1970-01-01")),
            (45_366.0, Some("2024-03-15")),
            (45_366.75, Some("2024-03-15")),
            (2_958_465.0, Some("9999-12-31")),
            (2_958_466.0, None),
            (0.0, None),
            (0.5, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (1.0e300, None),
        ];
        for &(serial, want) in cases {
            assert_eq!(iso(date_from_serial(serial, false)).as_deref(), want, "{serial}");
        }
    }

    #[test]
    fn serials_in_the_1904_system_count_from_1904() {
        assert_eq!(iso(date_from_serial(0.0, true)).as_deref(), Some("1904-01-01"));
        assert_eq!(iso(date_from_serial(43_904.0, true)).as_deref(), Some("2024-03-15"));
        assert_eq!(iso(date_from_serial(-1.0, true)), None);
        assert_eq!(iso(date_from_serial(f64::NEG_INFINITY, true)), None);
    }

    #[test]
    fn text_dates_parse_day_first() {
        let cases: &[(&str, &str)] = &[
            ("15.03.2024", "2024-03-15"),
            ("5.3.2024", "2024-03-05"),
            ("15.03.24", "2024-03-15"),
            ("15.03.99", "1999-03-15"),
            ("01.01.29", "2029-01-01"),
            ("01.01.30", "1930-01-01"),
            ("01.01.00", "2000-01-01"),
            ("15.03.2024 0:00:00", "2024-03-15"),
            ("15.03.2024 12:30", "2024-03-15"),
            ("  15.03.2024  ", "2024-03-15"),
            ("2024-03-15", "2024-03-15"),
            ("2024-03-15T10:00:00", "2024-03-15"),
            ("2024-03-15T10:00:00Z", "2024-03-15"),
            ("2024-03-15T10:00:00.000+03:00", "2024-03-15"),
            ("2024-03-15 10:00:00", "2024-03-15"),
            ("2024/03/15", "2024-03-15"),
            ("15/03/2024", "2024-03-15"),
            ("15-03-2024", "2024-03-15"),
            ("15 марта 2024 г.", "2024-03-15"),
            ("15 марта 2024", "2024-03-15"),
            ("1 января 2024г", "2024-01-01"),
            ("1 Января 2024 года", "2024-01-01"),
            ("15 мар. 2024", "2024-03-15"),
            ("15 Mar 2024", "2024-03-15"),
            ("Mar 15, 2024", "2024-03-15"),
            ("March 15, 2024", "2024-03-15"),
            ("15-Mar-2024", "2024-03-15"),
            ("15-Mar-24", "2024-03-15"),
            ("29.02.2024", "2024-02-29"),
            ("15.03.2024 г. 12:00", "2024-03-15"),
        ];
        for &(text, want) in cases {
            assert_eq!(
                iso(parse_date_text(text, DateOrder::DayFirst)).as_deref(),
                Some(want),
                "{text:?}"
            );
        }
    }

    #[test]
    fn text_dates_parse_month_first() {
        let cases: &[(&str, &str)] = &[
            ("03/15/2024", "2024-03-15"),
            ("9/15/2000 00:00:00", "2000-09-15"),
            ("9/15/2000 10:00 PM", "2000-09-15"),
            ("03/04/2024", "2024-03-04"),
            // Dotted dates stay day-first whatever the column order.
            ("04.03.2024", "2024-03-04"),
            ("2024-03-15", "2024-03-15"),
            ("Mar 15, 2024", "2024-03-15"),
        ];
        for &(text, want) in cases {
            assert_eq!(
                iso(parse_date_text(text, DateOrder::MonthFirst)).as_deref(),
                Some(want),
                "{text:?}"
            );
        }
        assert_eq!(
            iso(parse_date_text("03/04/2024", DateOrder::DayFirst)).as_deref(),
            Some("2024-04-03")
        );
    }

    #[test]
    fn non_dates_and_impossible_dates_are_none() {
        for text in [
            "31.02.2024",
            "29.02.2023",
            "32.01.2024",
            "15.13.2024",
            "00.01.2024",
            "01.01.0001",
            "01.01.0001 0:00:00",
            "15/03/2024",
            "март 2024",
            "March 2024",
            "15 марта",
            "15.03",
            "15.03.2024.",
            "15.03.202",
            "123.03.2024",
            "1 234,56",
            "2024",
            "abc",
            "",
            "15.03.2024 abc",
            "15.03.2024 25:61:00x",
            "15 foo 2024",
            "2024-03-15X10:00",
            "15-03/2024",
            "15.03.2024 г. 12:00 pm extra",
        ] {
            assert_eq!(parse_date_text(text, DateOrder::MonthFirst), None, "{text:?}");
            if text != "15/03/2024" {
                assert_eq!(parse_date_text(text, DateOrder::DayFirst), None, "{text:?}");
            }
        }
    }

    #[test]
    fn date_order_inference() {
        let cases: &[(&[&str], DateOrder)] = &[
            (&["15/03/2024", "01/02/2024"], DateOrder::DayFirst),
            (&["03/15/2024", "01/02/2024"], DateOrder::MonthFirst),
            (&["9/15/2000 00:00:00"], DateOrder::MonthFirst),
            (&["01/02/2024"], DateOrder::DayFirst),
            (&["15.03.2024", "03/04/2024"], DateOrder::DayFirst),
            (&["2024-03-15"], DateOrder::DayFirst),
            (&["13-01-2024"], DateOrder::DayFirst),
            (&[], DateOrder::DayFirst),
        ];
        for &(samples, want) in cases {
            assert_eq!(infer_date_order(samples.iter().copied()), want, "{samples:?}");
        }
        let ev = infer_date_order_with_evidence(["01/02/2024"]);
        assert!(ev.day_first_votes == 0 && ev.month_first_votes == 0, "a guess");
        let ev = infer_date_order_with_evidence(["13/01/2024", "01/13/2024", "01/14/2024"]);
        assert_eq!(
            (ev.day_first_votes, ev.month_first_votes, ev.order),
            (1, 2, DateOrder::MonthFirst)
        );
    }

    fn looks_like_date_text(text: &str) -> bool {
        parse_date_text(text, DateOrder::DayFirst).is_some() || parse_date_text(text, DateOrder::MonthFirst).is_some()
    }

    #[test]
    fn date_text_detection() {
        for text in ["15.03.2024", "03/15/2024", "15 марта 2024 г.", "2024-03-15T10:00:00"] {
            assert!(looks_like_date_text(text), "{text:?}");
        }
        for text in ["1 234,56", "Итого", "март 2024", "31.02.2024", "45366"] {
            assert!(!looks_like_date_text(text), "{text:?}");
        }
    }
}

//! Numbers and dates as text, by language: `1 234 567,89` and `26,5 %` in
//! Russian, `1,234,567.89` and `26.5%` in English (for the text summary and
//! the findings' sentences); plain `1234567,89` / `1234567.89` for CSV cells.

use crate::core::options::Lang;

/// Rounds `x` to `decimals` and writes it with `.`, no grouping (`-0` as `0`).
fn fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.decimals$}");
    // "-0.00" → "0.00"
    if s.starts_with('-') && s.chars().skip(1).all(|c| c == '0' || c == '.') {
        return s.trim_start_matches('-').to_string();
    }
    s
}

/// Groups the integer digits of a `fixed` text by three with `sep`.
fn grouped(text: &str, thousands: &str, decimal: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::from(sign);
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(thousands);
        }
        out.push(*d);
    }
    if let Some(f) = frac {
        out.push_str(decimal);
        out.push_str(f);
    }
    out
}

/// `x` with `decimals` decimals and the language's grouping.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    match lang {
        Lang::Ru => grouped(&fixed(x, decimals), " ", ","),
        Lang::En => grouped(&fixed(x, decimals), ",", "."),
    }
}

/// Money: two decimals.
pub fn money(x: f64, lang: Lang) -> String {
    number(x, 2, lang)
}

/// A whole number with grouping.
pub fn integer(n: u64, lang: Lang) -> String {
    number(n as f64, 0, lang)
}

/// A fraction as a percentage with one decimal (`0.265` → `26,5 %` / `26.5%`),
/// dropping `,0` for whole percentages.
pub fn percent(x: f64, lang: Lang) -> String {
    let mut p = number(x * 100.0, 1, lang);
    for tail in [",0", ".0"] {
        if let Some(t) = p.strip_suffix(tail) {
            p = t.to_string();
        }
    }
    match lang {
        Lang::Ru => format!("{p} %"),
        Lang::En => format!("{p}%"),
    }
}

/// A number for a CSV cell: no grouping, `,` decimals in Russian, trailing zeros
/// kept for money (`decimals` = 2) and trimmed otherwise.
pub fn plain(x: f64, decimals: usize, lang: Lang) -> String {
    let mut s = fixed(x, decimals);
    if decimals > 2 && s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Russian plural form for `n`: `one` (1, 21…), `few` (2–4, 22–24…), `many` (the rest).
pub fn plural_ru(n: u64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        one
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        few
    } else {
        many
    }
}

/// `n` and a noun in the right form: `plural(5, lang, ("клиент", "клиента", "клиентов"), ("client", "clients"))`.
pub fn counted(
    n: u64,
    lang: Lang,
    ru: (&'static str, &'static str, &'static str),
    en: (&'static str, &'static str),
) -> String {
    let noun = match lang {
        Lang::Ru => plural_ru(n, ru.0, ru.1, ru.2),
        Lang::En => {
            if n == 1 {
                en.0
            } else {
                en.1
            }
        }
    };
    format!("{} {noun}", integer(n, lang))
}

/// An ISO date (`2024-03-15`) as the language writes it: `15.03.2024` / `2024-03-15`.
pub fn date(iso: &str, lang: Lang) -> String {
    match (lang, iso.get(..4), iso.get(5..7), iso.get(8..10)) {
        (Lang::Ru, Some(y), Some(m), Some(d)) if iso.len() == 10 => format!("{d}.{m}.{y}"),
        _ => iso.to_string(),
    }
}

/// A run of months (`2024-01-01`..`2024-12-31`) as `01.2024–12.2024` / `2024-01–2024-12`.
pub fn months(from: &str, to: &str, lang: Lang) -> String {
    let month = |iso: &str| match (lang, iso.get(..4), iso.get(5..7)) {
        (Lang::Ru, Some(y), Some(m)) => format!("{m}.{y}"),
        (_, Some(y), Some(m)) => format!("{y}-{m}"),
        _ => iso.to_string(),
    };
    format!("{}–{}", month(from), month(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_language() {
        assert_eq!(money(1234567.891, Lang::Ru), "1 234 567,89");
        assert_eq!(money(1234567.891, Lang::En), "1,234,567.89");
        assert_eq!(money(-1234.5, Lang::Ru), "-1 234,50");
        assert_eq!(money(-0.001, Lang::En), "0.00");
        assert_eq!(money(999.0, Lang::En), "999.00");
        assert_eq!(percent(0.2647, Lang::Ru), "26,5 %");
        assert_eq!(percent(0.5, Lang::En), "50%");
        assert_eq!(integer(1610, Lang::Ru), "1 610");
        assert_eq!(plain(-1234.5, 2, Lang::Ru), "-1234,50");
        assert_eq!(plain(0.264_742_521, 6, Lang::En), "0.264743");
        assert_eq!(plain(0.5, 6, Lang::Ru), "0,5");
        assert_eq!(plain(1.0, 6, Lang::Ru), "1");
    }

    #[test]
    fn russian_plurals() {
        let f = |n| counted(n, Lang::Ru, ("клиент", "клиента", "клиентов"), ("client", "clients"));
        assert_eq!(
            [f(1), f(2), f(5), f(11), f(21), f(22), f(112)],
            [
                "1 клиент",
                "2 клиента",
                "5 клиентов",
                "11 клиентов",
                "21 клиент",
                "22 клиента",
                "112 клиентов"
            ]
        );
        assert_eq!(counted(1, Lang::En, ("", "", ""), ("day", "days")), "1 day");
    }

    #[test]
    fn dates_by_language() {
        assert_eq!(date("2024-03-15", Lang::Ru), "15.03.2024");
        assert_eq!(date("2024-03-15", Lang::En), "2024-03-15");
        assert_eq!(months("2024-01-01", "2024-12-31", Lang::Ru), "01.2024–12.2024");
    }
}

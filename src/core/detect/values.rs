//! Small, private value typing for detection: "is this a number like
//! `1 234,56 ₽`", "is this a date like `15.03.2024`", and per-column profiles.
//! Deliberately independent of `core::parse` (that module decides the exact
//! values; here only the kind matters), except for the mark words and yes/no
//! cells, whose vocabulary is one list in `parse::marks`.

use super::synonyms;
use crate::core::parse::marks::{has_marks, parse_yes_no};
use crate::core::parse::memo::{Memo, memoized};
use crate::core::table::Cell;
use rustc_hash::{FxHashMap, FxHashSet};

/// What a cell looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Blank,
    /// A number cell, or text that reads as money/number.
    Num {
        value: f64,
        from_text: bool,
    },
    /// A date-typed cell (raw serial): a date, or a number with a date format.
    DateCell(f64),
    /// Text that reads as a date, or an ISO date cell.
    DateText,
    /// Text that reads as a percentage ("10%").
    Percent,
    Text,
    Other,
}

impl Kind {
    pub(super) fn is_numberish(self) -> bool {
        matches!(self, Kind::Num { .. } | Kind::DateCell(_))
    }
    pub(super) fn is_dateish(self) -> bool {
        matches!(self, Kind::DateCell(_) | Kind::DateText)
    }
}

pub(super) fn classify(cell: &Cell) -> Kind {
    match cell {
        Cell::Number(n) if n.get().is_finite() => Kind::Num {
            value: n.get(),
            from_text: false,
        },
        Cell::Number(_) => Kind::Other,
        Cell::DateTime(n) => Kind::DateCell(n.get()),
        Cell::DateIso(_) => Kind::DateText,
        Cell::Bool(_) | Cell::Error(_) => Kind::Other,
        Cell::Text(s) => classify_text(s),
    }
}

fn classify_text(s: &str) -> Kind {
    thread_local! {
        static KINDS: Memo<Kind> = Memo::default();
    }
    memoized(&KINDS, s, classify_uncached)
}

fn classify_uncached(s: &str) -> Kind {
    let t = s.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if looks_like_date_text(t) || looks_like_time_text(t) {
        return Kind::DateText;
    }
    if t.ends_with('%') && number_text(t.trim_end_matches('%')).is_some() {
        return Kind::Percent;
    }
    match number_text(t) {
        Some(value) => Kind::Num { value, from_text: true },
        None => Kind::Text,
    }
}

const CURRENCY_WORDS: &[&str] = &[
    "руб", "руб.", "р", "р.", "rub", "usd", "eur", "₽", "$", "€", "£", "грн", "тг", "kzt", "byn",
];

/// Reads a number written as text: `1 234,56`, `1,234.56`, `(12.5)`, `-7`, `12 300 ₽`.
/// `None` for anything else (codes with letters, several numbers, dates).
pub(super) fn number_text(s: &str) -> Option<f64> {
    let mut t = s.trim().to_lowercase();
    for sym in ["₽", "$", "€", "£"] {
        t = t.replace(sym, " ");
    }
    let mut t = t.trim().to_string();
    // A currency word after the number.
    if let Some(pos) = t.rfind(|c: char| c.is_ascii_digit() || c == ')') {
        let tail = t.get(pos + 1..).unwrap_or("").trim().to_string();
        if !tail.is_empty() {
            if CURRENCY_WORDS.contains(&tail.as_str()) {
                t.truncate(pos + 1);
            } else {
                return None;
            }
        }
    }
    let t = t.trim();
    let (neg_paren, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, t),
    };
    let mut digits = String::with_capacity(t.len());
    let mut seen_digit = false;
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => {
                seen_digit = true;
                digits.push(c);
            }
            '-' | '+' | '−' if i == 0 => digits.push(if c == '+' { '+' } else { '-' }),
            '.' | ',' => digits.push(c),
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' => {}
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let normal: String = match (commas, dots) {
        (0, 0) => digits,
        (0, 1) => digits,
        (1, 0) => digits.replace(',', "."),
        (_, 0) => digits.replace(',', ""),
        (0, _) => digits.replace('.', ""),
        _ => {
            let last_comma = digits.rfind(',').unwrap_or(0);
            let last_dot = digits.rfind('.').unwrap_or(0);
            if last_comma > last_dot {
                digits.replace('.', "").replace(',', ".")
            } else {
                digits.replace(',', "")
            }
        }
    };
    let v: f64 = normal.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if neg_paren { -v.abs() } else { v })
}

/// `20:25`, `9:05:00`, `12:00 PM`.
fn looks_like_time_text(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

const MONTHS: &[&str] = &[
    "янв", "фев", "мар", "апр", "мая", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек", "jan", "feb", "mar",
    "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `15.03.2024`, `15.03.24`, `9/15/2000 00:00:00`, `2024-03-15`, `15 марта 2024 г.`, `11th May 2023`.
pub(super) fn looks_like_date_text(s: &str) -> bool {
    let t = s.trim();
    let date_part = match t.split_once(' ') {
        Some((d, rest)) if rest.contains(':') || rest.trim() == "г." || rest.trim() == "г" => d,
        Some(_) => return month_name_date(t),
        None => t,
    };
    let date_part = date_part.trim_end_matches('T');
    let date_part = date_part.split('T').next().unwrap_or(date_part);
    for sep in ['.', '/', '-'] {
        let parts: Vec<&str> = date_part.split(sep).collect();
        if parts.len() != 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        if let ([a, b, c], [la, _, lc]) = (nums.as_slice(), lens.as_slice()) {
            if *la == 4 {
                return (1..=12).contains(b) && (1..=31).contains(c);
            }
            if *lc == 4 || *lc == 2 {
                let day_month = (1..=31).contains(a) && (1..=12).contains(b);
                let month_day = (1..=12).contains(a) && (1..=31).contains(b);
                return day_month || month_day;
            }
        }
    }
    false
}

fn month_name_date(t: &str) -> bool {
    let parts: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    // "Октябрь 2024", "октябрь 2024 г.", "March 2022".
    if let [month, year, rest @ ..] = parts.as_slice()
        && rest.len() <= 1
        && rest.iter().all(|r| r == "г." || r == "г")
        && month.chars().all(char::is_alphabetic)
        && MONTHS.iter().any(|m| month.starts_with(m))
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    if parts.len() < 3 || parts.len() > 5 {
        return false;
    }
    let day = parts
        .first()
        .map(|d| d.trim_end_matches(|c: char| c.is_alphabetic()))
        .unwrap_or("");
    let month = parts.get(1).map(String::as_str).unwrap_or("");
    let year = parts.get(2).map(String::as_str).unwrap_or("");
    !day.is_empty()
        && day.len() <= 2
        && day.chars().all(|c| c.is_ascii_digit())
        && MONTHS.iter().any(|m| month.starts_with(m))
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
}

/// Statistics of one column over the profiled data rows.
#[derive(Debug, Clone, Default)]
pub(super) struct Profile {
    pub nonblank: u32,
    pub num: u32,
    pub num_text: u32,
    pub int: u32,
    pub date: u32,
    pub date_cells: u32,
    /// Numbers that could be date serials (whole days, 1955–2119).
    pub serial_like: u32,
    pub text: u32,
    pub percent: u32,
    pub sum_abs: f64,
    /// Consecutive numbers differing by exactly 1 (row ids).
    pub sequential: u32,
    /// Integers stored as text or numbers with at least 5 digits whose length never varies.
    pub min_int_digits: u32,
    pub max_int_digits: u32,
    pub distinct_nums: u32,
    pub distinct_texts: u32,
    pub top_text_count: u32,
    pub org: u32,
    pub words_2_4: u32,
    pub digitish_text: u32,
    pub label_text: u32,
    pub text_len: u64,
    /// Cells reading as yes or no (да/нет, 1/0, ✓, true/false).
    pub yes_no: u32,
    /// Text cells naming at least one key-by-judgment kind («партнёр», "innovator").
    pub mark_text: u32,
    pub examples: Vec<String>,
}

impl Profile {
    pub(super) fn share(&self, n: u32) -> f64 {
        if self.nonblank == 0 {
            0.0
        } else {
            f64::from(n) / f64::from(self.nonblank)
        }
    }
    pub(super) fn text_share(&self) -> f64 {
        self.share(self.text)
    }
    pub(super) fn num_share(&self) -> f64 {
        self.share(self.num + self.date_cells)
    }
    pub(super) fn date_share(&self) -> f64 {
        self.share(self.date)
    }
    /// Integers that identify rather than measure: row ids, codes, phones, years.
    pub(super) fn is_id_like(&self) -> bool {
        let nums = self.num + self.date_cells;
        if nums == 0 || self.int < nums {
            return false;
        }
        let unique = f64::from(self.distinct_nums) >= 0.9 * f64::from(nums);
        let seq = f64::from(self.sequential) >= 0.8 * f64::from(nums.saturating_sub(1)) && nums > 2;
        let fixed = self.min_int_digits >= 5 && self.min_int_digits == self.max_int_digits;
        let year_like = self.min_int_digits == 4 && self.max_int_digits == 4;
        (unique && nums > 3) || seq || fixed || year_like || self.num_text > nums / 2
    }
    pub(super) fn top_share(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            f64::from(self.top_text_count) / f64::from(self.text)
        }
    }
}

const MAX_DISTINCT: usize = 20_000;
const MAX_LABEL_CHECKS: usize = 256;

#[derive(Default)]
pub(super) struct ProfileBuilder {
    p: Profile,
    prev_num: Option<f64>,
    nums: FxHashSet<u64>,
    /// Distinct texts: (count, looks like a header word).
    texts: FxHashMap<String, (u32, bool)>,
}

impl ProfileBuilder {
    pub(super) fn add(&mut self, cell: &Cell) {
        let kind = classify(cell);
        let p = &mut self.p;
        if kind == Kind::Blank {
            return;
        }
        p.nonblank += 1;
        let yes_no = match cell {
            Cell::Number(n) => n.get() == 0.0 || n.get() == 1.0,
            Cell::Bool(_) => true,
            Cell::Text(t) => parse_yes_no(t).is_some(),
            _ => false,
        };
        if yes_no {
            p.yes_no += 1;
        }
        if p.examples.len() < 3 {
            let s = cell.to_text().trim().to_string();
            if !s.is_empty() && !p.examples.contains(&s) {
                p.examples.push(s);
            }
        }
        match kind {
            Kind::Num { value, from_text } => {
                p.num += 1;
                if from_text {
                    p.num_text += 1;
                }
                self.add_number(value, from_text.then(|| cell.to_text()));
            }
            Kind::DateCell(v) => {
                p.date_cells += 1;
                p.date += 1;
                self.add_number(v, None);
            }
            Kind::DateText => p.date += 1,
            Kind::Percent => p.percent += 1,
            Kind::Text => {
                p.text += 1;
                let raw = cell.to_text();
                let t = raw.trim();
                p.text_len += t.chars().count() as u64;
                if synonyms::has_org_marker(t) {
                    p.org += 1;
                }
                let words = t.split_whitespace().count();
                if (2..=4).contains(&words) {
                    p.words_2_4 += 1;
                }
                let digits = t.chars().filter(char::is_ascii_digit).count();
                if digits * 2 >= t.chars().count() {
                    p.digitish_text += 1;
                }
                if !yes_no && has_marks(t) {
                    p.mark_text += 1;
                }
                let key = t.to_lowercase();
                if let Some(entry) = self.texts.get_mut(&key) {
                    entry.0 += 1;
                } else if self.texts.len() < MAX_DISTINCT {
                    // Label columns have few distinct values; past that, skip the costly synonym check.
                    let label =
                        self.texts.len() < MAX_LABEL_CHECKS && synonyms::looks_like_header_word(&synonyms::tokens(t));
                    self.texts.insert(key, (1, label));
                }
            }
            Kind::Blank | Kind::Other => {}
        }
    }

    fn add_number(&mut self, v: f64, text: Option<String>) {
        let p = &mut self.p;
        p.sum_abs += v.abs();
        if v == v.trunc() {
            p.int += 1;
            if (20_000.0..=80_000.0).contains(&v) {
                p.serial_like += 1;
            }
            let digits = match &text {
                Some(t) => t.trim().chars().filter(char::is_ascii_digit).count() as u32,
                // The digits of the integer as written (`as` saturates an absurd value).
                None => (v.abs() as i64).unsigned_abs().checked_ilog10().map_or(1, |d| d + 1),
            };
            if p.int == 1 {
                p.min_int_digits = digits;
                p.max_int_digits = digits;
            } else {
                p.min_int_digits = p.min_int_digits.min(digits);
                p.max_int_digits = p.max_int_digits.max(digits);
            }
        }
        if let Some(prev) = self.prev_num
            && (v - prev - 1.0).abs() < 1e-9
        {
            p.sequential += 1;
        }
        self.prev_num = Some(v);
        if self.nums.len() < MAX_DISTINCT {
            self.nums.insert(v.to_bits());
        }
    }

    pub(super) fn finish(mut self) -> Profile {
        self.p.distinct_nums = self.nums.len() as u32;
        self.p.distinct_texts = self.texts.len() as u32;
        self.p.top_text_count = self.texts.values().map(|(n, _)| *n).max().unwrap_or(0);
        self.p.label_text = self.texts.values().filter(|(_, label)| *label).map(|(n, _)| *n).sum();
        self.p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_text() {
        assert_eq!(number_text("1 234,56 ₽"), Some(1234.56));
        assert_eq!(number_text("47\u{a0}365,00"), Some(47365.0));
        assert_eq!(number_text("1,234.56"), Some(1234.56));
        assert_eq!(number_text("(12.5)"), Some(-12.5));
        assert_eq!(number_text("12 300 руб."), Some(12300.0));
        assert_eq!(number_text("S18_1749"), None);
        assert_eq!(number_text("нал 0"), None);
        assert_eq!(number_text("-"), None);
    }

    #[test]
    fn dates_as_text() {
        assert!(looks_like_date_text("15.03.2024"));
        assert!(looks_like_date_text("15.03.24"));
        assert!(looks_like_date_text("9/15/2000 00:00:00"));
        assert!(looks_like_date_text("2024-03-15"));
        assert!(looks_like_date_text("15 марта 2024 г."));
        assert!(looks_like_date_text("11th May 2023"));
        assert!(looks_like_date_text("Октябрь 2024"));
        assert!(looks_like_date_text("октябрь 2024 г."));
        assert!(!looks_like_date_text("Март"));
        assert!(!looks_like_date_text("1.5"));
        assert!(!looks_like_date_text("Sep-00"));
        assert_eq!(classify(&Cell::Text("10%".into())), Kind::Percent);
    }
}

//! The client table as CSV for Excel: UTF-8 with a byte-order mark (so Excel
//! opens Cyrillic right), CRLF line ends, and the separator and decimal mark
//! each Excel locale expects when it opens a file by double-click — `;` and
//! `1234,56` for Russian, `,` and `1234.56` for English. Numbers carry no
//! thousands separator (any reader, ours included, takes them as numbers).
//!
//! Formula injection (OWASP "CSV injection"): a text cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
//! `'`, so a spreadsheet shows it as text instead of running it. Only text is
//! neutralised — a negative amount is a number and stays `-500,00`.

use super::clients::{Cell, headers, rows};
use super::format::plain;
use super::view::ReportView;
use crate::core::options::Lang;

/// The byte-order mark the CSV starts with.
pub const BOM: char = '\u{feff}';

/// The separator for `lang`: `;` (Russian Excel) or `,` (English Excel).
pub fn separator(lang: Lang) -> u8 {
    match lang {
        Lang::Ru => b';',
        Lang::En => b',',
    }
}

/// `text` made safe to open in a spreadsheet: a leading `'` before `=`, `+`, `-`,
/// `@`, tab or carriage return.
pub fn neutralised(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn cell(c: &Cell, lang: Lang) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => neutralised(t),
        Cell::Money(x) => plain(*x, 2, lang),
        Cell::Quantity(x) => plain(*x, 3, lang),
        Cell::Share(x) => plain(*x, 6, lang),
        Cell::Ratio(x) => plain(*x, 4, lang),
        Cell::Int(n) => n.to_string(),
    }
}

/// The client table of `r` as CSV text (starting with the byte-order mark).
pub fn clients_csv(r: &ReportView, lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(separator(lang))
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail (the csv writer errs only on I/O).
    let _ = w.write_record(headers(lang));
    for row in rows(r, lang) {
        let _ = w.write_record(row.iter().map(|c| cell(c, lang)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push(BOM);
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_starting_like_a_formula_gets_a_quote() {
        for (input, want) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("-cmd", "'-cmd"),
            ("@SUM(1)", "'@SUM(1)"),
            ("+7 495", "'+7 495"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("ООО Ромашка", "ООО Ромашка"),
            ("", ""),
        ] {
            assert_eq!(neutralised(input), want);
        }
    }

    #[test]
    fn numbers_are_never_neutralised() {
        assert_eq!(cell(&Cell::Money(-500.0), Lang::Ru), "-500,00");
        assert_eq!(cell(&Cell::Money(-500.0), Lang::En), "-500.00");
        assert_eq!(cell(&Cell::Share(-0.25), Lang::Ru), "-0,25");
    }
}

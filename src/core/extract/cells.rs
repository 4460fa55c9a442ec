//! Reading one cell's value as a sale needs it: an amount in the column's
//! number style, a date in the column's date order, the currency a header
//! names, the client's potential and marks (key by judgment), and one
//! data-quality note per code and column for what was coerced.

use crate::core::detect::Layout;
use crate::core::model::MarkSet;
use crate::core::parse::amount::{NumberStyle, NumberStyleEvidence, parse_amount_text};
use crate::core::parse::date::{DateOrder, date_from_serial, parse_date_text};
use crate::core::parse::marks::{FLAG_ROLES, flag_mark, parse_marks, parse_yes_no};
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::role::Role;
use crate::core::table::{Cell, Row};
use crate::core::value::{Date, Money};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The number style's name in notes.
pub(super) fn style_name(style: NumberStyle) -> &'static str {
    if style.decimal_comma {
        "decimal_comma"
    } else {
        "decimal_point"
    }
}

/// An amount from a cell, its currency, and a note code when it was coerced.
pub(super) fn read_amount(
    cell: &Cell,
    style: NumberStyle,
) -> Option<(Money, Option<&'static str>, Option<QualityCode>)> {
    match cell {
        Cell::Number(n) => Money::from_f64(n.get()).map(|m| (m, None, None)),
        // A date-formatted cell in a money column is the number it stores.
        Cell::DateTime(n) => Money::from_f64(n.get()).map(|m| (m, None, Some(QualityCode::DateCellAsAmount))),
        Cell::Text(t) => parse_amount_text(t, style)
            .ok()
            .map(|p| (p.value, p.currency, Some(QualityCode::AmountTextParsed))),
        Cell::Bool(_) | Cell::DateIso(_) | Cell::Error(_) => None,
    }
}

/// A date from a cell: date serials, plausible plain serials, date text.
pub(super) fn read_date(cell: &Cell, epoch_1904: bool, order: DateOrder) -> Option<Date> {
    match cell {
        Cell::DateTime(n) => date_from_serial(n.get(), epoch_1904),
        // A plain number in a date column is a serial only in a plausible range (1955–2119).
        Cell::Number(n) if (20_000.0..80_000.0).contains(&n.get()) => date_from_serial(n.get(), epoch_1904),
        Cell::Text(t) | Cell::DateIso(t) => parse_date_text(t, order),
        _ => None,
    }
}

/// The potential column's value in the row: money like an amount (`1 234 567,89 ₽`); blank, zero or unreadable is none.
pub(super) fn read_potential(row: &Row, layout: &Layout, style: NumberStyle) -> Option<f64> {
    let cell = row.get(layout.column(Role::Potential)?.col)?;
    let v = match cell {
        Cell::Number(n) => n.get(),
        Cell::Text(t) => parse_amount_text(t, style).ok()?.value.to_f64(),
        _ => return None,
    };
    (v.is_finite() && v > 0.0).then_some(v)
}

/// The kinds the row's marks column names and its yes/no kind columns set;
/// words naming no kind are noted (`mark_unknown`, the first row's words as detail).
pub(super) fn read_marks(row: &Row, layout: &Layout, tally: &mut Tally) -> MarkSet {
    let mut marks = MarkSet::default();
    if let Some(text) = layout
        .column(Role::Marks)
        .and_then(|c| row.get(c.col))
        .filter(|c| !c.is_blank())
        .map(Cell::to_text)
    {
        let words = parse_marks(&text);
        marks = words.marks;
        if !words.unknown.is_empty() {
            tally.add(
                QualityCode::MarkUnknown,
                Some(Role::Marks),
                row.index + 1,
                Some(words.unknown.join(", ")),
            );
        }
    }
    for role in FLAG_ROLES {
        let yes = layout
            .column(role)
            .and_then(|c| row.get(c.col))
            .is_some_and(|cell| match cell {
                Cell::Number(n) => n.get() == 1.0,
                Cell::Bool(b) => *b,
                Cell::Text(t) => parse_yes_no(t) == Some(true),
                _ => false,
            });
        if let (true, Some(m)) = (yes, flag_mark(role)) {
            marks.insert(m);
        }
    }
    marks
}

/// The text cells of a column, for inferring its number style or date order.
/// A table's data rows, each handed to the closure (a packed sheet's rows unpacked into one buffer).
pub(super) type EachRow<'a> = dyn Fn(&mut dyn FnMut(&Row)) + 'a;

/// The cells of one column (the argument) of a table's data rows, each handed to the closure.
pub(super) type EachCell<'a> = dyn Fn(u32, &mut dyn FnMut(&Cell)) + 'a;

/// A table's data rows, read again by each pass over them.
pub(super) struct DataRows<'a> {
    /// Each row.
    pub each: &'a EachRow<'a>,
    /// The cells of one column (a packed row read only up to it).
    pub column: &'a EachCell<'a>,
}

pub(super) fn column_texts(cells: &EachCell<'_>, col: u32) -> Vec<Arc<str>> {
    let mut out = Vec::new();
    cells(col, &mut |c| out.extend(c.as_shared_text().cloned()));
    out
}

/// The note saying the column's decimal separator was a guess or contested, if it was.
pub(super) fn number_style_note(evidence: &NumberStyleEvidence) -> Option<(QualityCode, RowSet, String)> {
    let detail = style_name(evidence.style).to_string();
    if evidence.is_conflicting() {
        let rows = RowSet::counted(evidence.comma_votes.min(evidence.point_votes));
        Some((QualityCode::NumberStyleConflict, rows, detail))
    } else if evidence.is_guess() && evidence.ambiguous > 0 {
        Some((
            QualityCode::NumberStyleGuessed,
            RowSet::counted(evidence.ambiguous),
            detail,
        ))
    } else {
        None
    }
}

/// A currency named in a header as a word or sign of its own: "Сумма, руб.", "Sales (USD)", "Выручка ₽".
pub(super) fn currency_in_header(header: &str) -> Option<&'static str> {
    const SIGNS: &str = "₽$€₸¥£₴";
    const WORDS: [(&str, &str); 22] = [
        ("руб", "RUB"),
        ("рублей", "RUB"),
        ("rub", "RUB"),
        ("rur", "RUB"),
        ("₽", "RUB"),
        ("usd", "USD"),
        ("$", "USD"),
        ("долл", "USD"),
        ("eur", "EUR"),
        ("€", "EUR"),
        ("евро", "EUR"),
        ("kzt", "KZT"),
        ("₸", "KZT"),
        ("тенге", "KZT"),
        ("byn", "BYN"),
        ("cny", "CNY"),
        ("¥", "CNY"),
        ("юань", "CNY"),
        ("gbp", "GBP"),
        ("£", "GBP"),
        ("uah", "UAH"),
        ("₴", "UAH"),
    ];
    let lower = header.to_lowercase();
    let mut tokens: Vec<String> = Vec::new();
    for t in lower.split(|c: char| !(c.is_alphanumeric() || SIGNS.contains(c))) {
        // A sign glued to a word ("₽/шт", "$USD") still counts on its own.
        tokens.extend(t.chars().filter(|c| SIGNS.contains(*c)).map(String::from));
        tokens.push(t.chars().filter(|c| !SIGNS.contains(*c)).collect());
    }
    let mut found = tokens
        .iter()
        .filter_map(|t| WORDS.iter().find(|(w, _)| w == t).map(|(_, c)| *c));
    let first = found.next()?;
    // Two different currencies in one header say nothing certain.
    found.all(|c| c == first).then_some(first)
}

/// A note's place in a [`Tally`]: its code's text (notes are listed by code), then its column.
type TallyKey = (&'static str, Option<Role>);

/// One note per code and column, gathering rows; listed by code, then column.
#[derive(Debug, Default)]
pub(super) struct Tally(BTreeMap<TallyKey, (QualityCode, RowSet, Option<String>)>);

impl Tally {
    /// Adds `row` to the note `code` about `role`; the first detail given stays.
    pub(super) fn add(&mut self, code: QualityCode, role: Option<Role>, row: u32, detail: Option<String>) {
        self.0
            .entry((code.as_str(), role))
            .or_insert_with(|| (code, RowSet::default(), detail))
            .1
            .add(row);
    }
    /// Sets the note `code` about `role` (replacing one there).
    pub(super) fn set(&mut self, code: QualityCode, role: Option<Role>, rows: RowSet, detail: Option<String>) {
        self.0.insert((code.as_str(), role), (code, rows, detail));
    }
    /// Sets the note unless there is one.
    pub(super) fn set_if_absent(
        &mut self,
        code: QualityCode,
        role: Option<Role>,
        rows: RowSet,
        detail: Option<String>,
    ) {
        self.0.entry((code.as_str(), role)).or_insert((code, rows, detail));
    }
    /// The notes, by code then column.
    pub(super) fn into_notes(self) -> Vec<Note> {
        self.0
            .into_iter()
            .map(|((_, role), (code, rows, detail))| Note::new(code).role(role).rows(rows).maybe_detail(detail))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_named_in_the_amount_header_is_noted() {
        assert_eq!(currency_in_header("Сумма, руб."), Some("RUB"));
        assert_eq!(currency_in_header("Сумма с НДС, руб"), Some("RUB"));
        assert_eq!(currency_in_header("Net Sales (USD)"), Some("USD"));
        assert_eq!(currency_in_header("Выручка, ₽"), Some("RUB"));
        assert_eq!(currency_in_header("Сумма"), None);
        assert_eq!(currency_in_header("Рубеж"), None);
        assert_eq!(currency_in_header("USD / EUR"), None);
    }
}

//! Period headers of wide layouts (clients in rows, periods in columns).
//!
//! A header cell names a period when it is a month (`янв.24`, `янв 2024`,
//! `Январь 2024`, `2024-01`, `01.2024`, `Jan-24`, `Jan 2024`), a quarter
//! (`Q1 2024`, `1 кв. 2024`, `I квартал 2024`), a year written as one
//! (`2024 год`), or a date-typed cell (the month it falls in: exports write
//! the 1st of each month with a format such as `mmm yy`). A two-row header
//! may put the year above the month (`2024 год / Январь`). A month or
//! quarter without a year is kept as such: [`find`] takes the year from the
//! title above the table only when the title names exactly one year.

use super::layout::{Header, Period, PeriodColumn, WideLayout};
use crate::core::parse::date::{DateOrder, date_from_serial, parse_date_text};
use crate::core::parse::labels::is_total_label;
use crate::core::table::{Cell, Row, SheetTable};
use crate::core::value::{Date, days_in_month};

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month,
    Quarter,
    Year,
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderPeriod {
    Dated(Span, Period),
    /// A month (1–12) or quarter (1–4) written without a year.
    Undated(Span, u32),
}

impl HeaderPeriod {
    fn span(self) -> Span {
        match self {
            HeaderPeriod::Dated(s, _) | HeaderPeriod::Undated(s, _) => s,
        }
    }
}

fn month(y: i32, m: u32) -> Option<Period> {
    Some(Period {
        from: Date::from_ymd(y, m, 1)?,
        to: Date::from_ymd(y, m, days_in_month(y, m))?,
    })
}

fn quarter(y: i32, q: u32) -> Option<Period> {
    let first = 3 * q.checked_sub(1)? + 1;
    Some(Period {
        from: Date::from_ymd(y, first, 1)?,
        to: Date::from_ymd(y, first + 2, days_in_month(y, first + 2))?,
    })
}

fn year(y: i32) -> Option<Period> {
    Some(Period {
        from: Date::from_ymd(y, 1, 1)?,
        to: Date::from_ymd(y, 12, 31)?,
    })
}

/// Month stems and the full forms a header word may abbreviate.
const MONTHS: [&[&str]; 12] = [
    &["январь", "января", "january"],
    &["февраль", "февраля", "february"],
    &["март", "марта", "march"],
    &["апрель", "апреля", "april"],
    &["май", "мая", "may"],
    &["июнь", "июня", "june"],
    &["июль", "июля", "july"],
    &["август", "августа", "august"],
    &["сентябрь", "сентября", "september", "sept"],
    &["октябрь", "октября", "october"],
    &["ноябрь", "ноября", "november"],
    &["декабрь", "декабря", "december"],
];

/// `янв`, `январь`, `Jan`, `sept`: a word of at least three letters that starts a month's name.
fn month_word(w: &str) -> Option<u32> {
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|forms| forms.iter().any(|f| f.starts_with(w)))
        .map(|i| i as u32 + 1)
}

fn quarter_word(w: &str) -> bool {
    matches!(w, "q" | "кв" | "квартал" | "quarter" | "qtr")
}

fn roman(w: &str) -> Option<u32> {
    match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

/// Words that may stand around a period without changing it ("Продажи за январь 2024 г.").
fn filler(w: &str) -> bool {
    matches!(
        w,
        "г" | "год"
            | "года"
            | "гг"
            | "year"
            | "fy"
            | "за"
            | "в"
            | "продажи"
            | "выручка"
            | "сумма"
            | "отгрузка"
            | "отгрузки"
            | "руб"
            | "rub"
            | "sales"
            | "revenue"
            | "amount"
    )
}

enum Tok {
    Word(String),
    Num(u32, usize),
}

/// Splits into words and digit runs; anything else separates.
fn toks(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut digits = false;
    let flush = |cur: &mut String, digits: bool, out: &mut Vec<Tok>| {
        if cur.is_empty() {
            return;
        }
        if digits {
            let n = cur.parse().unwrap_or(u32::MAX);
            out.push(Tok::Num(n, cur.len()));
        } else {
            out.push(Tok::Word(cur.clone()));
        }
        cur.clear();
    };
    for ch in s.to_lowercase().replace('ё', "е").chars() {
        if ch.is_ascii_digit() {
            if !digits {
                flush(&mut cur, digits, &mut out);
            }
            digits = true;
            cur.push(ch);
        } else if ch.is_alphabetic() {
            if digits {
                flush(&mut cur, digits, &mut out);
            }
            digits = false;
            cur.push(ch);
        } else {
            flush(&mut cur, digits, &mut out);
        }
    }
    flush(&mut cur, digits, &mut out);
    out
}

/// A year written with 4 digits (1990–2100) or 2 (20xx).
fn year_num(n: u32, len: usize) -> Option<i32> {
    match len {
        4 if (1990..=2100).contains(&n) => Some(n as i32),
        2 => Some(2000 + n as i32),
        _ => None,
    }
}

/// One part of a header (a two-row header is parsed part by part).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Period(HeaderPeriod),
    /// A 4-digit year alone ("2024"): a period only above a month or quarter.
    BareYear(i32),
    /// Only filler words.
    Nothing,
}

fn parse_part(text: &str) -> Option<Part> {
    let mut had_year_word = false;
    let mut nums: Vec<(u32, usize)> = Vec::new();
    let mut month_at: Option<u32> = None;
    let mut quarter_mark = false;
    let mut roman_q: Option<u32> = None;
    // Position of the quarter marker among the numbers seen so far.
    let mut q_pos: Option<usize> = None;
    for t in toks(text) {
        match t {
            Tok::Num(n, len) => nums.push((n, len)),
            Tok::Word(w) => {
                if matches!(w.as_str(), "г" | "год" | "года" | "year") {
                    had_year_word = true;
                } else if filler(&w) {
                } else if quarter_word(&w) && !quarter_mark {
                    quarter_mark = true;
                    q_pos = Some(nums.len());
                } else if let Some(r) = roman(&w).filter(|_| roman_q.is_none() && !quarter_mark) {
                    roman_q = Some(r);
                } else if let Some(m) = month_word(&w).filter(|_| month_at.is_none()) {
                    month_at = Some(m);
                } else {
                    return None;
                }
            }
        }
    }
    let year_of = |rest: &[(u32, usize)]| -> Option<Option<i32>> {
        match rest {
            [] => Some(None),
            [(n, len)] => year_num(*n, *len).map(Some),
            _ => None,
        }
    };
    if quarter_mark {
        if month_at.is_some() {
            return None;
        }
        // The quarter's number: a roman numeral, else the number next to the marker
        // ("1 кв.", "Q1", "2024 Q1", "1Q24").
        let (q, rest): (u32, Vec<(u32, usize)>) = if let Some(r) = roman_q {
            (r, nums.clone())
        } else {
            let at = q_pos.unwrap_or(0);
            let pick = [at.checked_sub(1), Some(at)]
                .into_iter()
                .flatten()
                .find(|&i| nums.get(i).is_some_and(|&(n, len)| len == 1 && (1..=4).contains(&n)))?;
            let (q, _) = *nums.get(pick)?;
            let rest = nums
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != pick)
                .map(|(_, x)| *x)
                .collect();
            (q, rest)
        };
        return Some(Part::Period(match year_of(&rest)? {
            Some(y) => HeaderPeriod::Dated(Span::Quarter, quarter(y, q)?),
            None => HeaderPeriod::Undated(Span::Quarter, q),
        }));
    }
    if roman_q.is_some() {
        return None;
    }
    if let Some(m) = month_at {
        return Some(Part::Period(match year_of(&nums)? {
            Some(y) => HeaderPeriod::Dated(Span::Month, month(y, m)?),
            None => HeaderPeriod::Undated(Span::Month, m),
        }));
    }
    match nums.as_slice() {
        [] => Some(Part::Nothing),
        // "2024 год", or a bare 4-digit year.
        [(n, 4)] => {
            let y = year_num(*n, 4)?;
            Some(if had_year_word {
                Part::Period(HeaderPeriod::Dated(Span::Year, year(y)?))
            } else {
                Part::BareYear(y)
            })
        }
        // "2024-01", "01.2024", "1.2024".
        [(y, 4), (m, 1..=2)] | [(m, 1..=2), (y, 4)] if (1..=12).contains(m) => {
            let y = year_num(*y, 4)?;
            Some(Part::Period(HeaderPeriod::Dated(Span::Month, month(y, *m)?)))
        }
        // A full date: the month it falls in.
        [_, _, _] => {
            let d = parse_date_text(text, DateOrder::DayFirst)?;
            let (y, m, _) = d.ymd();
            Some(Part::Period(HeaderPeriod::Dated(Span::Month, month(y, m)?)))
        }
        _ => None,
    }
}

/// The period a header text names; a two-row header (`"2024 год / Январь"`) is read part by part.
pub fn parse_period_text(text: &str) -> Option<HeaderPeriod> {
    if text.chars().count() > 60 || is_total_label(text) {
        return None;
    }
    let mut parts = Vec::new();
    for part in text.split(" / ") {
        match parse_part(part)? {
            Part::Nothing => {}
            p => parts.push(p),
        }
    }
    let year_of = |p: &Part| match p {
        Part::BareYear(y) => Some(*y),
        Part::Period(HeaderPeriod::Dated(Span::Year, p)) => Some(p.from.ymd().0),
        _ => None,
    };
    match parts.as_slice() {
        [Part::Period(p)] => Some(*p),
        // The year above the month or quarter (either order).
        [a, Part::Period(HeaderPeriod::Undated(span, n))] | [Part::Period(HeaderPeriod::Undated(span, n)), a] => {
            let y = year_of(a)?;
            match span {
                Span::Month => Some(HeaderPeriod::Dated(Span::Month, month(y, *n)?)),
                Span::Quarter => Some(HeaderPeriod::Dated(Span::Quarter, quarter(y, *n)?)),
                Span::Year => None,
            }
        }
        _ => None,
    }
}

/// The period a header cell names: a date-typed cell is the month it falls in.
pub fn cell_period(cell: &Cell, epoch_1904: bool) -> Option<HeaderPeriod> {
    let d = match cell {
        Cell::DateTime(n) => date_from_serial(n.get(), epoch_1904)?,
        Cell::DateIso(s) => Date::parse_iso(s.get(..10)?)?,
        Cell::Text(s) => return parse_period_text(s),
        _ => return None,
    };
    let (y, m, _) = d.ymd();
    Some(HeaderPeriod::Dated(Span::Month, month(y, m)?))
}

/// Columns of a row whose cells name periods, when they name at least `min`
/// distinct ones (for rating header rows: a row of months is a header even
/// when its cells are dates or numbers).
pub(super) fn period_cells(row: &Row, min: usize) -> Vec<u32> {
    let found: Vec<(u32, HeaderPeriod)> = row
        .cells
        .iter()
        .filter_map(|(c, cell)| cell_period(cell, false).map(|p| (*c, p)))
        .collect();
    let mut keys: Vec<i64> = found.iter().map(|(_, p)| key(*p)).collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.len() >= min {
        found.into_iter().map(|(c, _)| c).collect()
    } else {
        vec![]
    }
}

/// The one year named in the rows above the header ("Продажи за 2024 год",
/// "Период: 01.01.2024 – 31.12.2024"); `None` when none or several.
fn year_above(sheet: &SheetTable, header_row: u32) -> Option<i32> {
    let mut years: Vec<i32> = Vec::new();
    for row in sheet.rows.iter().take_while(|r| r.index < header_row) {
        for (_, cell) in &row.cells {
            match cell {
                Cell::Text(s) => {
                    for t in toks(s) {
                        if let Tok::Num(n, 4) = t
                            && let Some(y) = year_num(n, 4)
                        {
                            years.push(y);
                        }
                    }
                }
                Cell::DateTime(_) | Cell::DateIso(_) => {
                    if let Some(HeaderPeriod::Dated(_, p)) = cell_period(cell, false) {
                        years.push(p.from.ymd().0);
                    }
                }
                _ => {}
            }
        }
    }
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// Finds the run of period columns in the header and the total column after it.
///
/// A run is a sequence of header columns that all name periods of one length
/// (months, quarters or years), blank header cells and subtotal columns
/// between them allowed, distinct and in order (ascending or descending), at
/// least two. Several equally long runs are ambiguous: none is taken.
pub(super) fn find(sheet: &SheetTable, header: &Header, epoch_1904: bool) -> Option<WideLayout> {
    let top = sheet.rows.iter().find(|r| r.index == header.row);
    let sub = (header.rows > 1)
        .then(|| sheet.rows.iter().find(|r| r.index == header.row + 1))
        .flatten();
    let typed = |col: u32| {
        [sub.as_deref(), top.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|r| r.get(col))
            .find(|c| matches!(c, Cell::DateTime(_) | Cell::DateIso(_)))
    };
    // Each header column: Some(period) / None (another column) / total label.
    let mut runs: Vec<Vec<(u32, String, HeaderPeriod)>> = vec![vec![]];
    let mut totals: Vec<(u32, String)> = Vec::new();
    for h in &header.cols {
        // A date cell is shown by its date (ISO), not by the serial it stores.
        let (p, text) = match typed(h.col) {
            Some(cell) => {
                let p = cell_period(cell, epoch_1904);
                let shown = match cell {
                    Cell::DateTime(n) => date_from_serial(n.get(), epoch_1904).map(|d| d.to_string()),
                    _ => None,
                };
                (p, shown.unwrap_or_else(|| h.joined.clone()))
            }
            None => (parse_period_text(&h.joined), h.joined.clone()),
        };
        match p {
            Some(p) => {
                if let Some(run) = runs.last_mut() {
                    run.push((h.col, text, p));
                }
            }
            None if is_total_label(&h.joined) || is_total_label(&h.sub) => totals.push((h.col, h.joined.clone())),
            None => runs.push(vec![]),
        }
    }
    let mut valid: Vec<Vec<(u32, String, HeaderPeriod)>> = runs.into_iter().filter(|r| distinct(r)).collect();
    let longest = valid.iter().map(Vec::len).max()?;
    if valid.iter().filter(|r| r.len() == longest).count() != 1 {
        return None;
    }
    let pos = valid.iter().position(|r| r.len() == longest)?;
    let run = valid.swap_remove(pos);
    let last_col = run.last().map(|(c, _, _)| *c)?;
    let first_col = run.first().map(|(c, _, _)| *c)?;
    // The row total: the last total column right of the periods (subtotals between blocks are not it).
    let total = totals
        .iter()
        .rfind(|(c, _)| *c > last_col)
        .or_else(|| totals.iter().find(|(c, _)| *c < first_col))
        .cloned();
    let undated = run.iter().any(|(_, _, p)| matches!(p, HeaderPeriod::Undated(..)));
    let year_from_title = if undated {
        year_above(sheet, header.row).filter(|_| ascending_in_one_year(&run))
    } else {
        None
    };
    let periods = run
        .into_iter()
        .map(|(col, header, p)| PeriodColumn {
            col,
            header,
            period: match p {
                HeaderPeriod::Dated(_, p) => Some(p),
                HeaderPeriod::Undated(Span::Quarter, q) => year_from_title.and_then(|y| quarter(y, q)),
                HeaderPeriod::Undated(_, m) => year_from_title.and_then(|y| month(y, m)),
            },
        })
        .collect();
    Some(WideLayout {
        periods,
        total,
        year_from_title,
    })
}

/// Two or more periods of one length, all dated or all not, distinct
/// (a month named twice means two years or two measures: no run).
fn distinct(run: &[(u32, String, HeaderPeriod)]) -> bool {
    let [(_, _, first), rest @ ..] = run else { return false };
    if rest.is_empty() {
        return false;
    }
    let same = run.iter().all(|(_, _, p)| {
        p.span() == first.span() && matches!(p, HeaderPeriod::Dated(..)) == matches!(first, HeaderPeriod::Dated(..))
    });
    let mut keys: Vec<i64> = run.iter().map(|(_, _, p)| key(*p)).collect();
    keys.sort_unstable();
    keys.dedup();
    same && keys.len() == run.len()
}

fn key(p: HeaderPeriod) -> i64 {
    match p {
        HeaderPeriod::Dated(_, p) => i64::from(p.from.0),
        HeaderPeriod::Undated(_, n) => i64::from(n),
    }
}

/// Undated months or quarters read left to right within one year (so one year from the title fits them all).
fn ascending_in_one_year(run: &[(u32, String, HeaderPeriod)]) -> bool {
    run.windows(2).all(|w| match w {
        [(_, _, HeaderPeriod::Undated(_, a)), (_, _, HeaderPeriod::Undated(_, b))] => a < b,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example the function's documentation gave.
    #[test]
    fn parse_period_text_example() {
        use crate::core::detect::periods::{HeaderPeriod, Span, parse_period_text};
        let Some(HeaderPeriod::Dated(Span::Month, p)) = parse_period_text("янв.24") else {
            panic!()
        };
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2024-01-01".into(), "2024-01-31".into())
        );
        assert_eq!(parse_period_text("Январь"), Some(HeaderPeriod::Undated(Span::Month, 1)));
        assert_eq!(parse_period_text("Клиент"), None);
    }

    fn dated(text: &str) -> Option<(String, String)> {
        match parse_period_text(text) {
            Some(HeaderPeriod::Dated(_, p)) => Some((p.from.to_string(), p.to.to_string())),
            _ => None,
        }
    }

    #[test]
    fn month_headers_in_every_spelling_read_as_their_month() {
        let jan = Some(("2024-01-01".to_string(), "2024-01-31".to_string()));
        for t in [
            "янв.24",
            "янв 24",
            "янв 2024",
            "Январь 2024",
            "январь 2024 г.",
            "Январь 2024 года",
            "2024-01",
            "01.2024",
            "1.2024",
            "2024/01",
            "Jan-24",
            "Jan 2024",
            "January 2024",
            "Продажи за январь 2024",
            "2024 год / Январь",
            "2024 / январь",
            "01.01.2024",
        ] {
            assert_eq!(dated(t), jan, "{t}");
        }
        assert_eq!(
            dated("фев.24"),
            Some(("2024-02-01".to_string(), "2024-02-29".to_string()))
        );
        assert_eq!(
            dated("Sept 2023"),
            Some(("2023-09-01".to_string(), "2023-09-30".to_string()))
        );
        assert_eq!(
            dated("май 2024"),
            Some(("2024-05-01".to_string(), "2024-05-31".to_string()))
        );
    }

    #[test]
    fn quarter_and_year_headers_read_as_their_span() {
        let q1 = Some(("2024-01-01".to_string(), "2024-03-31".to_string()));
        for t in [
            "Q1 2024",
            "Q1-2024",
            "2024 Q1",
            "Q1'24",
            "1Q24",
            "1 кв. 2024",
            "1 кв 2024",
            "1 квартал 2024",
            "I квартал 2024",
            "I кв. 2024 г.",
        ] {
            assert_eq!(dated(t), q1, "{t}");
        }
        assert_eq!(
            dated("IV квартал 2024"),
            Some(("2024-10-01".to_string(), "2024-12-31".to_string()))
        );
        assert_eq!(
            dated("2023 год"),
            Some(("2023-01-01".to_string(), "2023-12-31".to_string()))
        );
    }

    #[test]
    fn months_and_quarters_without_a_year_stay_undated() {
        assert_eq!(parse_period_text("Январь"), Some(HeaderPeriod::Undated(Span::Month, 1)));
        assert_eq!(parse_period_text("дек"), Some(HeaderPeriod::Undated(Span::Month, 12)));
        assert_eq!(
            parse_period_text("2 квартал"),
            Some(HeaderPeriod::Undated(Span::Quarter, 2))
        );
        assert_eq!(parse_period_text("Q3"), Some(HeaderPeriod::Undated(Span::Quarter, 3)));
    }

    #[test]
    fn other_headers_are_not_periods() {
        for t in [
            "Клиент",
            "Сумма",
            "Итого",
            "Итого 2024",
            "Total",
            "Год",
            "Месяц",
            "2024",
            "Менеджер",
            "Кол-во / янв.24",
            "Дата",
            "ИНН",
            "Марина",
            "Маркет ООО",
            "Q5 2024",
            "13.2024",
            "Ма",
            "Цена, шт.",
        ] {
            assert_eq!(parse_period_text(t), None, "{t}");
        }
    }

    #[test]
    fn date_cells_name_the_month_they_fall_in() {
        // 45292 = 2024-01-01 in the 1900 system.
        let p = cell_period(&Cell::date_time(45292.0), false);
        assert_eq!(
            p,
            Some(HeaderPeriod::Dated(
                Span::Month,
                month(2024, 1).unwrap_or(Period {
                    from: Date(0),
                    to: Date(0)
                })
            ))
        );
        assert_eq!(cell_period(&Cell::number(45292.0), false), None);
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<(u32, Vec<(u32, Cell)>)>) -> SheetTable {
        let mut t = SheetTable::new("Лист1");
        t.rows = rows.into_iter().map(|(index, cells)| Row { index, cells }).collect();
        t
    }

    fn header_of(s: &SheetTable, row: u32) -> Header {
        let r = s
            .rows
            .iter()
            .find(|r| r.index == row)
            .map(|r| r.into_owned())
            .unwrap_or_default();
        Header {
            row,
            rows: 1,
            last_pos: s.rows.iter().position(|x| x.index == row).unwrap_or(0),
            cols: r
                .cells
                .iter()
                .map(|(c, cell)| super::super::layout::HeaderCol {
                    col: *c,
                    joined: cell.to_text(),
                    top: cell.to_text(),
                    sub: String::new(),
                })
                .collect(),
            synonym_hits: 0,
        }
    }

    #[test]
    fn the_run_of_months_and_the_total_column_are_found() {
        let s = sheet(vec![(
            0,
            vec![
                (0, text("Клиент")),
                (1, text("Менеджер")),
                (2, text("янв.24")),
                (3, text("фев.24")),
                (4, text("мар.24")),
                (5, text("Итого")),
            ],
        )]);
        let w = find(&s, &header_of(&s, 0), false).expect("wide");
        assert_eq!(w.periods.iter().map(|p| p.col).collect::<Vec<_>>(), vec![2, 3, 4]);
        assert_eq!(w.total, Some((5, "Итого".to_string())));
        assert!(w.dated());
    }

    #[test]
    fn months_without_a_year_take_the_one_year_of_the_title() {
        let row = |i| {
            (
                i,
                vec![
                    (0, text("Клиент")),
                    (1, text("Январь")),
                    (2, text("Февраль")),
                    (3, text("Март")),
                ],
            )
        };
        let s = sheet(vec![(0, vec![(0, text("Продажи за 2024 год"))]), row(2)]);
        let w = find(&s, &header_of(&s, 2), false).expect("wide");
        assert_eq!(w.year_from_title, Some(2024));
        assert_eq!(
            w.periods
                .first()
                .and_then(|p| p.period)
                .map(|p| p.from.to_string())
                .as_deref(),
            Some("2024-01-01")
        );
        // Two years in the title: no guess.
        let s = sheet(vec![(0, vec![(0, text("Продажи с 01.12.2023 по 30.11.2024"))]), row(2)]);
        let w = find(&s, &header_of(&s, 2), false).expect("wide");
        assert!(!w.dated());
        assert_eq!(w.year_from_title, None);
    }

    #[test]
    fn repeated_or_shuffled_months_are_no_run() {
        let s = sheet(vec![(
            0,
            vec![
                (0, text("Товар")),
                (1, text("Январь")),
                (2, text("Февраль")),
                (3, text("Январь")),
                (4, text("Февраль")),
            ],
        )]);
        assert_eq!(find(&s, &header_of(&s, 0), false), None);
        let s = sheet(vec![(
            0,
            vec![(0, text("Клиент")), (1, text("Сумма")), (2, text("Дата"))],
        )]);
        assert_eq!(find(&s, &header_of(&s, 0), false), None);
    }
}

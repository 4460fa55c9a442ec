//! Finding the header row (and a second header row under it).
//!
//! Among the first [`SCAN_ROWS`] non-empty rows, each row with at least two
//! cells is rated: many text cells, synonym hits, known header words, and
//! rows below it filled in the same columns with numbers or dates. Title
//! lines and parameter blocks (`Период: …`, `Title:`) have one or two cells
//! and no table under them, so they lose.

use super::layout::{Header, HeaderCol};
use super::synonyms;
use super::synonyms::tokens;
use super::values::{Kind, classify};
use crate::core::parse::memo::{Memo, memoized};
use crate::core::role::Role;
use crate::core::table::{Row, SheetTable};
use std::collections::BTreeMap;

/// How many non-empty rows from the top may hold the header.
pub(super) const SCAN_ROWS: usize = 50;
/// How many rows below a candidate are looked at for the table's shape.
const SHAPE_ROWS: usize = 10;

fn cell_text(row: &Row, col: u32) -> String {
    row.get(col).map(|c| c.to_text().trim().to_string()).unwrap_or_default()
}

fn nonblank(row: &Row) -> impl Iterator<Item = &(u32, crate::core::table::Cell)> {
    row.cells.iter().filter(|(_, c)| classify(c) != Kind::Blank)
}

thread_local! {
    static HEADER_WORDS: Memo<(bool, bool)> = Memo::default();
}

/// Is `text` a role's synonym, else a known header word of no role? Memoised:
/// a wide sheet rates thousands of cells on each of its first rows, most of them repeats.
fn header_word(text: &str) -> (bool, bool) {
    memoized(&HEADER_WORDS, text, |text| {
        let t = tokens(text);
        let hit = Role::ALL.iter().any(|r| synonyms::role_score(*r, &t) >= 50);
        (hit, !hit && synonyms::is_known_other(&t))
    })
}

fn synonym_hit(text: &str) -> bool {
    header_word(text).0
}

struct Rated {
    pos: usize,
    score: f64,
    hits: u32,
}

fn rate_row(sheet: &SheetTable, pos: usize) -> Option<Rated> {
    let row = sheet.rows.get(pos)?;
    let cells: Vec<_> = nonblank(&row).collect();
    let n = cells.len();
    if n < 2 && !lone_amount_header(sheet, pos) {
        return None;
    }
    let mut n_text = 0u32;
    let mut hits = 0u32;
    let mut known = 0u32;
    let mut colon = 0u32;
    let mut pivot = 0u32;
    // A run of months or quarters is header text even when stored as dates or numbers.
    let period_cols = super::periods::period_cells(&row, 3);
    for (col, c) in &cells {
        if period_cols.contains(col) {
            n_text += 1;
            known += 1;
            continue;
        }
        if classify(c) == Kind::Text {
            n_text += 1;
            let text = c.to_text();
            match header_word(&text) {
                (true, _) => hits += 1,
                (false, true) => known += 1,
                _ => {}
            }
            if text.trim_end().ends_with(':') {
                colon += 1;
            }
            // A pivot table's filter line ("Region | (All)") is never its header; its
            // "Row Labels | Sum of Amount" row is.
            if synonyms::is_pivot_filter(&text) {
                pivot += 1;
            }
        }
    }
    let text_frac = f64::from(n_text) / n as f64;
    let min_col = cells.first().map(|(c, _)| *c).unwrap_or(0);
    let max_col = cells.last().map(|(c, _)| *c).unwrap_or(0);
    // Shape of the rows below.
    let mut shape = 0.0;
    let mut looked = 0usize;
    for below in sheet.rows.iter().skip(pos + 1).take(SHAPE_ROWS) {
        let in_span: Vec<Kind> = nonblank(&below)
            .filter(|(c, _)| *c + 1 >= min_col && *c <= max_col + 1)
            .map(|(_, c)| classify(c))
            .collect();
        if in_span.is_empty() && looked == 0 {
            continue;
        }
        looked += 1;
        let fill = (in_span.len() as f64 / n as f64).min(1.0);
        let data = in_span.iter().any(|k| k.is_numberish() || k.is_dateish());
        shape += fill * if data { 1.0 } else { 0.5 };
    }
    let shape = if looked == 0 { 0.0 } else { shape / looked as f64 };
    // A header's words do not repeat in its own column below; data values do.
    let mut echoed = 0u32;
    for (col, c) in &cells {
        if classify(c) != Kind::Text {
            continue;
        }
        let text = c.to_text();
        let text = text.trim();
        let repeats = sheet.rows.iter().skip(pos + 1).take(SHAPE_ROWS).any(|r| {
            r.get(*col).is_some_and(|b| match b.as_text() {
                Some(s) => s.trim() == text,
                None => b.to_text().trim() == text,
            })
        });
        if repeats {
            echoed += 1;
        }
    }
    let echo = if n_text == 0 {
        0.0
    } else {
        f64::from(echoed) / f64::from(n_text)
    };
    let mut score = 4.0 * f64::from(hits.min(6))
        + 1.5 * f64::from(known.min(10))
        + 3.0 * text_frac
        + 0.25 * f64::from(n_text.min(20))
        + 5.0 * shape
        - 6.0 * echo
        - 0.02 * pos as f64;
    if text_frac < 0.5 {
        score -= 10.0;
    }
    if colon > 0 && n <= 3 {
        score -= 4.0;
    }
    score -= 10.0 * f64::from(pivot);
    Some(Rated { pos, score, hits })
}

/// A header of one cell: "Total" over the amounts of an accounting "sales by
/// customer" summary, whose first header cell (over the names) is left empty.
/// It counts when it names an amount and most rows below carry a text left of
/// it and a number under it.
fn lone_amount_header(sheet: &SheetTable, pos: usize) -> bool {
    let Some(row) = sheet.rows.get(pos) else { return false };
    let mut cells = nonblank(&row);
    let (Some((col, cell)), None) = (cells.next(), cells.next()) else {
        return false;
    };
    let col = *col;
    if col == 0 || classify(cell) != Kind::Text || synonyms::role_score(Role::Amount, &tokens(&cell.to_text())) < 50 {
        return false;
    }
    let below: Vec<_> = sheet
        .rows
        .iter()
        .skip(pos + 1)
        .filter(|r| !r.is_blank())
        .take(SHAPE_ROWS)
        .collect();
    let fits = below
        .iter()
        .filter(|r| {
            let named = r.cells.iter().any(|(c, x)| *c < col && classify(x) == Kind::Text);
            let number = r.get(col).is_some_and(|x| classify(x).is_numberish());
            named && number
        })
        .count();
    below.len() >= 3 && fits * 10 >= below.len() * 6
}

/// Finds the header; `None` when no row has two non-empty cells (or one lone amount header).
pub(super) fn find_header(sheet: &SheetTable) -> Option<Header> {
    let mut best: Option<Rated> = None;
    let mut seen = 0usize;
    for (pos, row) in sheet.rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        seen += 1;
        if seen > SCAN_ROWS {
            break;
        }
        if let Some(r) = rate_row(sheet, pos)
            && best.as_ref().is_none_or(|b| r.score > b.score + 1e-9)
        {
            best = Some(r);
        }
    }
    let best = best?;
    let top = sheet.rows.get(best.pos)?;
    let sub = sheet
        .rows
        .get(best.pos + 1)
        .filter(|r| r.index == top.index + 1 && is_sub_header(sheet, &top, r));
    let mut cols = build_cols(sheet, &top, sub.as_deref());
    cols.retain(|c| !c.joined.is_empty());
    Some(Header {
        row: top.index,
        rows: if sub.is_some() { 2 } else { 1 },
        last_pos: best.pos + usize::from(sub.is_some()),
        cols,
        synonym_hits: best.hits,
    })
}

/// Is the header cell at `col` covered by a horizontal merge starting left of it?
fn merged_from(sheet: &SheetTable, row: u32, col: u32) -> Option<u32> {
    sheet
        .merges
        .iter()
        .find(|m| m.first_row <= row && row <= m.last_row && m.first_col <= col && col <= m.last_col)
        .map(|m| m.first_col)
}

fn is_sub_header(sheet: &SheetTable, top: &Row, sub: &Row) -> bool {
    let cells: Vec<_> = nonblank(sub).collect();
    if cells.is_empty() {
        return false;
    }
    let top_n = nonblank(top).count();
    if cells.len() > top_n + 1 {
        return false;
    }
    let texty = cells
        .iter()
        .all(|(_, c)| matches!(classify(c), Kind::Text | Kind::Percent));
    if !texty {
        return false;
    }
    // Under a merged or spanning header cell, or itself header words.
    cells.iter().any(|(col, c)| {
        let under_merge = merged_from(sheet, top.index, *col).is_some_and(|first| {
            sheet.merges.iter().any(|m| {
                m.first_col == first && m.first_row <= top.index && top.index <= m.last_row && m.last_col > first
            })
        });
        let under_blank_span = top.get(*col).is_none_or(|t| t.is_blank())
            && col
                .checked_sub(1)
                .is_some_and(|left| top.get(left).is_some_and(|t| !t.is_blank()));
        let text = c.to_text();
        under_merge || under_blank_span || synonym_hit(&text)
    })
}

fn build_cols(sheet: &SheetTable, top: &Row, sub: Option<&Row>) -> Vec<HeaderCol> {
    let mut cols: BTreeMap<u32, (String, String)> = BTreeMap::new();
    for (col, c) in nonblank(top) {
        cols.entry(*col).or_default().0 = c.to_text().trim().to_string();
    }
    if let Some(sub) = sub {
        for (col, c) in nonblank(sub) {
            cols.entry(*col).or_default().1 = c.to_text().trim().to_string();
        }
    }
    // A blank top cell under a merged or spanning header inherits its text.
    let keys: Vec<u32> = cols.keys().copied().collect();
    for col in keys {
        let blank_top = cols.get(&col).is_some_and(|(t, _)| t.is_empty());
        if !blank_top {
            continue;
        }
        let inherited = match merged_from(sheet, top.index, col) {
            Some(first) if first != col => Some(cell_text(top, first)),
            _ => col.checked_sub(1).and_then(|left| {
                let (lt, ls) = cols.get(&left)?;
                (!lt.is_empty() && !ls.is_empty()).then(|| lt.clone())
            }),
        };
        if let (Some(text), Some(entry)) = (inherited, cols.get_mut(&col)) {
            entry.0 = text;
        }
    }
    cols.into_iter()
        .map(|(col, (top, sub))| {
            let joined = match (top.is_empty(), sub.is_empty()) {
                (false, false) => format!("{top} / {sub}"),
                (false, true) => top.clone(),
                (true, false) => sub.clone(),
                (true, true) => String::new(),
            };
            HeaderCol { col, joined, top, sub }
        })
        .collect()
}

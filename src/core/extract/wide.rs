//! Wide tables (clients in rows, periods in columns) turned into sales lines.
//!
//! Every client row gives one line per non-empty, non-zero period cell, dated
//! the **first day of its period**: a month's sales are "in" that month, and
//! the first day keeps the line inside the period whatever the as-of date, so
//! time-based findings (a key client silent for months) see the months in
//! order. Periods named without a year (and no single year in the title)
//! give lines without a date, and the report says so (`periods_without_year`).
//!
//! The row-total column ("Итого") is never added: it only checks that each
//! row's periods sum to it. The total row is skipped like in any table. Rows
//! are accounted per row, not per line: `rows_in_table = rows_used + Σ skipped`.

use super::cells::{Tally, number_style_note, read_marks, read_potential, style_name};
use super::memo::TextMemo;
use super::walk::RowWalk;
use super::walk::{TotalLabel, label_columns, total_label};
use crate::core::detect::{Layout, WideLayout};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::model::{LineExtras, RawLine, TableLines};
use crate::core::parse::amount::{NumberStyle, infer_number_style_with_evidence, parse_amount_text};
use crate::core::parse::labels::normalize_label;
use crate::core::parse::name::{clean_name, clean_shared};
use crate::core::quality::{Note, NoteColumn, QualityCode, RowSet, SkipReason};
use crate::core::role::Role;
use crate::core::table::{Cell, Row, SheetTable};
use crate::core::value::Money;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One cent, in ten-thousandths: the tolerance of the total-column check.
const CENT: i128 = 100;

/// What a cell of a period (or total) column holds.
enum Value {
    Empty,
    Amount(Money, Option<&'static str>),
    NotNumber,
}

fn read(cell: Option<&Cell>, style: NumberStyle, note: &mut impl FnMut(QualityCode)) -> Value {
    match cell {
        None => Value::Empty,
        Some(c) if c.is_blank() => Value::Empty,
        Some(Cell::Number(n)) => Money::from_f64(n.get()).map_or(Value::NotNumber, |m| Value::Amount(m, None)),
        Some(Cell::DateTime(n)) => Money::from_f64(n.get()).map_or(Value::NotNumber, |m| {
            note(QualityCode::DateCellAsAmount);
            Value::Amount(m, None)
        }),
        Some(Cell::Text(t)) => match parse_amount_text(t, style) {
            Ok(p) => {
                note(QualityCode::AmountTextParsed);
                Value::Amount(p.value, p.currency)
            }
            Err(_) => Value::NotNumber,
        },
        Some(Cell::Bool(_) | Cell::DateIso(_) | Cell::Error(_)) => Value::NotNumber,
    }
}

/// Builds one wide table's raw sales lines.
///
/// # Errors
/// `no_client_column` without a client column; `mixed_currencies` when the
/// period cells carry several explicit currencies.
pub(super) fn extract_wide(sheet: &SheetTable, layout: &Layout, wide: &WideLayout) -> Result<TableLines> {
    let Some(client_col) = layout.column(Role::Client).map(|c| c.col) else {
        return Err(Error::new(ErrorKind::NoClientColumn { candidates: vec![] }));
    };
    let first = layout.first_data_row();
    let last = if sheet.rows.starting_at(first).len() > 0 {
        sheet.height()
    } else {
        first
    };
    let mut out = TableLines {
        rows_in_table: last.saturating_sub(first),
        ..TableLines::default()
    };
    let mut w = WideWalk::new(layout, wide, client_col, sheet.rows.starting_at(first));
    for row in sheet.rows.starting_at(first) {
        w.row(&row, &mut out);
    }
    w.walk.finish(&mut out);
    if w.currencies.len() > 1 {
        return Err(Error::new(ErrorKind::MixedCurrencies {
            currencies: w.currencies.keys().map(|c| c.to_string()).collect(),
        })
        .in_sheet(sheet.name.clone()));
    }
    out.currency = w.currencies.keys().next().copied();
    out.notes = w.finish_notes(out.currency);
    Ok(out)
}

/// The period cells of one row.
#[derive(Default)]
struct PeriodCells {
    /// (period index, amount, currency written) per non-empty cell.
    amounts: Vec<(usize, Money, Option<&'static str>)>,
    /// How cells were coerced (text, date-formatted), once per code.
    coerced: Vec<QualityCode>,
    /// Cells that are not numbers.
    unreadable: u32,
    sum: i128,
}

/// The walk over a wide table's rows.
struct WideWalk<'a> {
    layout: &'a Layout,
    wide: &'a WideLayout,
    client_col: u32,
    total_col: Option<u32>,
    style: NumberStyle,
    /// Header texts, normalised for comparison with repeated header rows.
    header: HashMap<u32, String>,
    walk: RowWalk,
    /// Client, manager, department, parent: where a total word labels the row.
    label_cols: Vec<u32>,
    memo: TextMemo,
    notes: Tally,
    /// Rows whose periods add up to their total column, and rows where they do not.
    checked: u32,
    mismatch: RowSet,
    currencies: BTreeMap<&'static str, u32>,
}

impl<'a> WideWalk<'a> {
    fn new<'r>(
        layout: &'a Layout,
        wide: &'a WideLayout,
        client_col: u32,
        data_rows: impl Iterator<Item = Cow<'r, Row>>,
    ) -> WideWalk<'a> {
        let total_col = wide.total.as_ref().map(|(c, _)| *c);
        let value_cols: Vec<u32> = wide.periods.iter().map(|p| p.col).chain(total_col).collect();
        // One number style for all the period cells (they are one measure).
        let mut texts: Vec<Arc<str>> = Vec::new();
        for r in data_rows {
            texts.extend(
                value_cols
                    .iter()
                    .filter_map(|c| r.get(*c).and_then(Cell::as_shared_text).cloned()),
            );
        }
        let evidence = infer_number_style_with_evidence(texts.iter().map(|t| &**t));
        let mut notes = Tally::default();
        if let Some((code, rows, detail)) = number_style_note(&evidence) {
            notes.set(code, None, rows, Some(detail));
        }
        WideWalk {
            layout,
            wide,
            client_col,
            total_col,
            style: evidence.style,
            header: layout.headers.iter().map(|(c, t)| (*c, normalize_label(t))).collect(),
            walk: RowWalk::new(layout.first_data_row()),
            label_cols: label_columns(layout),
            memo: TextMemo::default(),
            notes,
            checked: 0,
            mismatch: RowSet::default(),
            currencies: BTreeMap::new(),
        }
    }

    fn period_cells(&self, row: &Row) -> PeriodCells {
        let mut cells = PeriodCells::default();
        for (i, p) in self.wide.periods.iter().enumerate() {
            match read(row.get(p.col), self.style, &mut |c| cells.coerced.push(c)) {
                Value::Empty => {}
                Value::Amount(m, cur) => cells.amounts.push((i, m, cur)),
                Value::NotNumber => cells.unreadable += 1,
            }
        }
        cells.sum = cells.amounts.iter().map(|(_, m, _)| i128::from(m.0)).sum();
        cells.coerced.sort_unstable();
        cells.coerced.dedup();
        cells
    }

    /// Sorts one row: skipped, held for the footer, or one line per non-zero period.
    fn row(&mut self, row: &Row, out: &mut TableLines) {
        self.walk.enter(row.index, out);
        let r1 = row.index + 1;
        if row.is_blank() {
            return out.skip(SkipReason::Blank, r1);
        }
        if is_repeated_header(row, &self.header, self.client_col, self.wide) {
            return out.skip(SkipReason::RepeatedHeader, r1);
        }
        let total = total_label(row, &self.label_cols, self.client_col, &self.memo);
        if total == TotalLabel::Sure {
            return self.walk.total(r1, out);
        }
        let cells = self.period_cells(row);
        if total == TotalLabel::IfSum && self.walk.run_sum(cells.sum).is_some() {
            self.notes.add(QualityCode::SubtotalRows, None, r1, None);
            return self.walk.total(r1, out);
        }
        let client = row
            .get(self.client_col)
            .filter(|c| !c.is_blank())
            .map(|c| clean_name(&c.to_text()));
        let Some(client) = client else {
            return if cells.amounts.is_empty() && cells.unreadable == 0 {
                self.walk.skip_or_hold(SkipReason::NoSalesData, r1, out)
            } else if self.walk.has_sum() && self.walk.is_sum_above(cells.sum) {
                // Sums without a label: the column totals.
                self.walk.total(r1, out)
            } else {
                self.walk.skip_or_hold(SkipReason::NoClient, r1, out)
            };
        };
        if cells.amounts.iter().all(|(_, m, _)| m.0 == 0) {
            let reason = if cells.amounts.is_empty() && cells.unreadable > 0 {
                SkipReason::AmountNotNumber
            } else {
                SkipReason::NoAmount
            };
            return self.walk.skip_or_hold(reason, r1, out);
        }
        self.walk.sale(Some(cells.sum), out);
        for &code in &cells.coerced {
            let detail = (code == QualityCode::AmountTextParsed).then(|| style_name(self.style).to_string());
            self.notes.add(code, None, r1, detail);
        }
        if cells.unreadable > 0 {
            self.notes.add(QualityCode::PeriodCellsUnreadable, None, r1, None);
        }
        self.check_total(row, cells.sum);
        self.emit(row, client, cells, out);
    }

    /// The row total only checks the periods: it is never added.
    fn check_total(&mut self, row: &Row, sum: i128) {
        let Some(tc) = self.total_col else { return };
        match read(row.get(tc), self.style, &mut |_| {}) {
            Value::Empty => {}
            Value::Amount(t, _) if (i128::from(t.0) - sum).abs() <= CENT => self.checked += 1,
            _ => self.mismatch.add(row.index + 1),
        }
    }

    /// One line per non-zero period cell, dated the period's first day.
    fn emit(&mut self, row: &Row, client: String, cells: PeriodCells, out: &mut TableLines) {
        let r1 = row.index + 1;
        let label = |role| {
            self.layout
                .column(role)
                .and_then(|c| row.get(c.col))
                .filter(|c| !c.is_blank())
                .map(|c| clean_shared(&c.to_shared_text()))
        };
        let template = RawLine {
            row: r1,
            client: client.into(),
            client_id: label(Role::ClientId),
            manager: label(Role::Manager),
            department: label(Role::Department),
            product: label(Role::Product),
            extras: LineExtras {
                parent: label(Role::Parent),
                status: label(Role::Status),
                potential: read_potential(row, self.layout, self.style),
                marks: read_marks(row, self.layout, &mut self.notes),
                ..LineExtras::default()
            }
            .boxed(),
            ..RawLine::default()
        };
        let mut negative = false;
        for (i, amount, cur) in cells.amounts {
            if amount.0 == 0 {
                continue;
            }
            negative |= amount.0 < 0;
            if let Some(c) = cur {
                *self.currencies.entry(c).or_default() += 1;
            }
            out.lines.push(RawLine {
                amount,
                date: self.wide.periods.get(i).and_then(|p| p.period).map(|p| p.from),
                ..template.clone()
            });
        }
        if negative {
            self.notes.add(QualityCode::NegativeAmount, None, r1, None);
        }
    }

    /// The table's notes: coerced values, the currency, the periods unpivoted, the total-column check.
    fn finish_notes(mut self, currency: Option<&'static str>) -> Vec<Note> {
        if let Some(c) = currency {
            self.notes
                .set(QualityCode::Currency, None, RowSet::default(), Some(c.to_string()));
        }
        let span = match (self.wide.periods.first(), self.wide.periods.last()) {
            (Some(a), Some(b)) => Some(format!("{} … {}", a.header, b.header)),
            _ => None,
        };
        let n_periods = RowSet::counted(self.wide.periods.len() as u32);
        self.notes
            .set(QualityCode::ColumnsUnpivoted, None, n_periods.clone(), span.clone());
        if !self.wide.dated() {
            self.notes.set(QualityCode::PeriodsWithoutYear, None, n_periods, span);
        }
        if self.total_col.is_some() {
            if self.mismatch.count > 0 {
                self.notes
                    .set(QualityCode::TotalColumnMismatch, None, self.mismatch, None);
            } else if self.checked > 0 {
                self.notes.set(
                    QualityCode::TotalColumnChecked,
                    None,
                    RowSet::counted(self.checked),
                    None,
                );
            }
        }
        let mut notes = self.notes.into_notes();
        // The total-column checks are about that column, which plays no role.
        if let Some((_, header)) = &self.wide.total {
            let about_total = |n: &Note| {
                matches!(
                    n.code,
                    QualityCode::TotalColumnChecked | QualityCode::TotalColumnMismatch
                )
            };
            for n in notes.iter_mut().filter(|n| about_total(n)) {
                n.column = Some(NoteColumn::Header(header.clone()));
            }
        }
        notes
    }
}

/// The header printed again (page breaks): the client column repeats its
/// header text and no period cell holds a plain number.
fn is_repeated_header(row: &Row, header: &HashMap<u32, String>, client_col: u32, wide: &WideLayout) -> bool {
    let client_is_header = match (row.get(client_col), header.get(&client_col)) {
        (Some(cell), Some(h)) => normalize_label(&cell.to_text()) == *h,
        _ => false,
    };
    client_is_header
        && wide
            .periods
            .iter()
            .all(|p| !matches!(row.get(p.col), Some(Cell::Number(_))))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{choice, sheet, text};
    use super::*;
    use crate::core::detect::layout::{Period, PeriodColumn};
    use crate::core::value::Date;

    fn num(n: f64) -> Cell {
        Cell::number(n)
    }

    fn month(m: u32) -> Option<Period> {
        Some(Period {
            from: Date::from_ymd(2024, m, 1)?,
            to: Date::from_ymd(2024, m, 28)?,
        })
    }

    /// Клиент | Менеджер | янв.24 | фев.24 | мар.24 | Итого, header on row 1.
    fn layout(s: &SheetTable, dated: bool) -> Layout {
        let headers: Vec<(u32, String)> = s
            .rows
            .get(0)
            .map(|r| r.cells.iter().map(|(c, cell)| (*c, cell.to_text())).collect())
            .unwrap_or_default();
        let periods = (2..5)
            .map(|c| PeriodColumn {
                col: c,
                header: headers
                    .iter()
                    .find(|(h, _)| *h == c)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
                period: if dated { month(c - 1) } else { None },
            })
            .collect();
        Layout {
            header_row: 0,
            header_rows: 1,
            columns: vec![choice(Role::Client, 0), choice(Role::Manager, 1)],
            notes: vec![],
            headers,
            wide: Some(WideLayout {
                periods,
                total: Some((5, "Итого".into())),
                year_from_title: None,
            }),
        }
    }

    fn table() -> SheetTable {
        sheet(vec![
            (
                0,
                vec![
                    (0, text("Клиент")),
                    (1, text("Менеджер")),
                    (2, text("янв.24")),
                    (3, text("фев.24")),
                    (4, text("мар.24")),
                    (5, text("Итого")),
                ],
            ),
            (
                1,
                vec![
                    (0, text("ООО Ромашка")),
                    (1, text("Иванов")),
                    (2, num(100.0)),
                    (3, num(0.0)),
                    (4, text("50,5")),
                    (5, num(150.5)),
                ],
            ),
            (
                2,
                vec![
                    (0, text("ИП Петров")),
                    (1, text("Петрова")),
                    (3, num(20.0)),
                    (5, num(25.0)),
                ],
            ),
            (3, vec![(0, text("ООО Пусто")), (1, text("Иванов")), (2, num(0.0))]),
            (
                5,
                vec![
                    (0, text("Итого")),
                    (2, num(100.0)),
                    (3, num(20.0)),
                    (4, num(50.5)),
                    (5, num(170.5)),
                ],
            ),
            (6, vec![(0, text("Исполнитель: ____"))]),
        ])
    }

    #[test]
    fn each_non_zero_period_cell_becomes_a_dated_line_and_rows_are_counted_once() {
        let s = table();
        let l = extract_wide(&s, &layout(&s, true), layout(&s, true).wide.as_ref().expect("wide")).expect("lines");
        type Seen = (u32, String, i64, Option<String>, Option<String>);
        let got: Vec<Seen> = l
            .lines
            .iter()
            .map(|x| {
                (
                    x.row,
                    x.client.to_string(),
                    x.amount.0,
                    x.date.map(|d| d.to_string()),
                    x.manager.as_deref().map(str::to_string),
                )
            })
            .collect();
        let s4 = Money::SCALE;
        assert_eq!(
            got,
            vec![
                (
                    2,
                    "ООО Ромашка".into(),
                    100 * s4,
                    Some("2024-01-01".into()),
                    Some("Иванов".into())
                ),
                (
                    2,
                    "ООО Ромашка".into(),
                    505 * s4 / 10,
                    Some("2024-03-01".into()),
                    Some("Иванов".into())
                ),
                (
                    3,
                    "ИП Петров".into(),
                    20 * s4,
                    Some("2024-02-01".into()),
                    Some("Петрова".into())
                ),
            ]
        );
        assert_eq!(l.rows_in_table, 6);
        assert_eq!(l.rows_used(), 2);
        let count = |r| l.skipped.get(&r).map(|x| x.count).unwrap_or(0);
        assert_eq!(count(SkipReason::NoAmount), 1, "a client with only zeros");
        assert_eq!(count(SkipReason::Blank), 1);
        assert_eq!(count(SkipReason::Total), 1);
        assert_eq!(count(SkipReason::Footer), 1);
        assert_eq!(
            l.rows_used() + l.skipped.values().map(|r| r.count).sum::<u32>(),
            l.rows_in_table
        );
        let note = |code: &str| l.notes.iter().find(|n| n.code == code);
        let mismatch = note("total_column_mismatch").expect("mismatch");
        assert_eq!(mismatch.rows.first, vec![3], "ИП Петров: 25 ≠ 20");
        assert!(note("total_column_checked").is_none());
        let unpivoted = note("columns_unpivoted").expect("unpivoted");
        assert_eq!(unpivoted.rows.count, 3);
        assert_eq!(unpivoted.detail.as_deref(), Some("янв.24 … мар.24"));
        assert!(note("periods_without_year").is_none());
    }

    #[test]
    fn periods_without_a_year_give_undated_lines_and_say_so() {
        let s = table();
        let lay = layout(&s, false);
        let l = extract_wide(&s, &lay, lay.wide.as_ref().expect("wide")).expect("lines");
        assert!(l.lines.iter().all(|x| x.date.is_none()));
        assert_eq!(l.lines.len(), 3);
        assert!(l.notes.iter().any(|n| n.code == "periods_without_year"));
    }
}

//! Tables with one sale per row. Every row below the header is either used
//! or skipped for a counted reason, at the moment it is skipped:
//! `rows_in_table = rows_used + Σ skipped`.
//!
//! In three steps, each readable alone:
//! 1. [`Classifier::row`] sorts each row: blank, a repeated header, a total
//!    (labelled, or an unlabelled amount equal to the sum above it), a page
//!    marker, a row without client or amount, or a candidate sale
//!    ([`Pending`]) read by [`RowReader`]. Non-sales rows after a total wait:
//!    if no sale follows, they are the footer.
//! 2. [`grouped::reconcile`] tells group rows (1C hierarchies carrying the sum
//!    of the rows under them) from sales and takes labels from them.
//! 3. [`emit`] turns the remaining candidates into lines.

use super::cells::{
    DataRows, EachRow, Tally, column_texts, currency_in_header, number_style_note, read_amount, read_date, read_marks,
    read_potential, style_name,
};
use super::fill::{self, FILL_ROLES, ShapeFill};
use super::grouped::{self, Pending};
use super::memo::TextMemo;
use super::walk::{RowWalk, TotalLabel, label_columns, total_label};
use crate::core::detect::Layout;
use crate::core::detect::has_org_marker;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::model::{LineExtras, RawLine, TableLines};
use crate::core::parse::amount::{
    NumberStyle, NumberStyleEvidence, infer_number_style_with_evidence, parse_amount_text,
};
use crate::core::parse::date::{DateOrder, infer_date_order};
use crate::core::parse::labels::{is_page_marker, is_total_label, normalize_label, subtotal_name};
use crate::core::parse::name::{clean_name, clean_shared};
use crate::core::quality::{QualityCode, RowSet, SkipReason};
use crate::core::role::Role;
use crate::core::table::{Cell, Row, SheetTable};
use crate::core::value::Money;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Builds one table's raw sales lines from a sheet whose layout is known.
/// `merge_records`: the format keeps merged areas (xlsx, xls), so only those
/// spread a value down; otherwise the shape of blank cells does (see `fill`).
///
/// # Errors
/// `no_client_column` without client or amount column; `mixed_currencies`
/// when the amount column holds several explicit currencies.
pub(super) fn extract_rows(
    sheet: &SheetTable,
    layout: &Layout,
    epoch_1904: bool,
    month_first: Option<bool>,
    merge_records: bool,
) -> Result<TableLines> {
    let col = |role| layout.column(role).map(|c| c.col);
    let (Some(client_col), Some(amount_col)) = (col(Role::Client), col(Role::Amount)) else {
        return Err(Error::new(ErrorKind::NoClientColumn { candidates: vec![] }));
    };
    let first = layout.first_data_row();
    // Values written once in a vertically merged cell apply to every row it spans.
    let fill_cols: Vec<(Role, u32)> = FILL_ROLES.iter().filter_map(|&r| col(r).map(|c| (r, c))).collect();
    let merged = fill::from_merges(sheet, &fill_cols, first);
    // The data rows, read again by each pass below: a packed sheet is never unpacked whole.
    let data_rows = || {
        sheet
            .rows
            .starting_at(first)
            .map(|r| merged.get(&r.index).map_or(r, |(patched, _)| Cow::Borrowed(patched)))
    };
    // The same rows to a closure: a packed sheet's rows unpacked into one buffer.
    let each_data_row = |f: &mut dyn FnMut(&Row)| {
        sheet
            .rows
            .each_from(first, |r| f(merged.get(&r.index).map_or(r, |(patched, _)| patched)));
    };
    // One column of those rows: a packed row is read only up to it.
    let column_cells = |col: u32, f: &mut dyn FnMut(&Cell)| {
        if merged.is_empty() {
            sheet.rows.each_cell_from(first, col, |c| f(c));
        } else {
            each_data_row(&mut |r| {
                if let Some(c) = r.get(col) {
                    f(c);
                }
            });
        }
    };
    let n_data = sheet.rows.len() - sheet.rows.position_from(first);
    let last = if n_data > 0 { sheet.height() } else { first };
    let mut out = TableLines {
        rows_in_table: last.saturating_sub(first),
        ..TableLines::default()
    };

    let data = DataRows {
        each: &each_data_row,
        column: &column_cells,
    };
    let reader = RowReader::new(sheet, layout, &data, client_col, amount_col, epoch_1904, month_first);
    let mut tally = Tally::default();
    // The column's decimal separator was decided once; say so when it was a guess or contested.
    if let Some((code, rows, detail)) = number_style_note(&reader.evidence) {
        tally.set(code, Some(Role::Amount), rows, Some(detail));
    }
    let shape = if merge_records {
        None
    } else {
        Some(ShapeFill::new(data_rows(), &fill_cols, amount_col)).filter(ShapeFill::is_active)
    };
    let mut classifier = Classifier::new(first, shape, n_data);
    each_data_row(&mut |row| {
        let filled: Vec<(Role, QualityCode)> = merged
            .get(&row.index)
            .map(|(_, roles)| roles.iter().map(|r| (*r, QualityCode::MergedCellsFilled)).collect())
            .unwrap_or_default();
        classifier.row(row, filled, &reader, &mut out, &mut tally);
    });
    let mut pending = classifier.finish(&mut out);

    let below = layout
        .column(Role::Client)
        .map_or(grouped::Below::Clients, |c| grouped::below_clients(&c.header));
    let groups = grouped::reconcile(&mut pending, below, |r| col(r).is_some(), &mut tally);
    if col(Role::Parent).is_none() {
        parents_from_job_names(&mut pending, &mut tally);
    }
    let currencies = emit(pending, &groups, &mut out, &mut tally, &reader.memo);
    if currencies.len() > 1 {
        return Err(Error::new(ErrorKind::MixedCurrencies {
            currencies: currencies.keys().map(|c| c.to_string()).collect(),
        })
        .in_sheet(sheet.name.clone()));
    }
    // The currency written in the cells, else the one the amount header names ("Сумма, руб.").
    out.currency = currencies
        .keys()
        .next()
        .copied()
        .or_else(|| layout.column(Role::Amount).and_then(|c| currency_in_header(&c.header)));
    if let Some(c) = out.currency {
        tally.set_if_absent(
            QualityCode::Currency,
            Some(Role::Amount),
            RowSet::default(),
            Some(c.to_string()),
        );
    }
    out.notes = tally.into_notes();
    Ok(out)
}

/// What reading a row's cells needs to know about its table, decided once per table.
struct RowReader<'a> {
    sheet: &'a SheetTable,
    layout: &'a Layout,
    client_col: u32,
    amount_col: u32,
    date_col: Option<u32>,
    epoch_1904: bool,
    /// Header texts, normalised for comparison with repeated header rows.
    header: HashMap<u32, String>,
    evidence: NumberStyleEvidence,
    date_order: DateOrder,
    /// Columns usually filled in sales rows: a row missing most of them may be a group row.
    core_cols: Vec<u32>,
    /// Columns whose text labels a row (client, manager, department, parent):
    /// only there does a total word make a total row.
    label_cols: Vec<u32>,
    memo: TextMemo,
}

impl<'a> RowReader<'a> {
    fn new(
        sheet: &'a SheetTable,
        layout: &'a Layout,
        data: &DataRows<'_>,
        client_col: u32,
        amount_col: u32,
        epoch_1904: bool,
        month_first: Option<bool>,
    ) -> RowReader<'a> {
        let header: HashMap<u32, String> = layout.headers.iter().map(|(c, t)| (*c, normalize_label(t))).collect();
        let texts = column_texts(data.column, amount_col);
        let evidence = infer_number_style_with_evidence(texts.iter().map(|t| &**t));
        let date_col = layout.column(Role::Date).map(|c| c.col);
        let date_order = match (month_first, date_col) {
            (Some(true), _) => DateOrder::MonthFirst,
            (Some(false), _) => DateOrder::DayFirst,
            (None, Some(c)) => infer_date_order(column_texts(data.column, c).iter().map(|t| &**t)),
            (None, None) => DateOrder::DayFirst,
        };
        let label_cols = label_columns(layout);
        let memo = TextMemo::default();
        let core_cols = core_columns(data.each, &header, &label_cols, client_col, amount_col, &memo);
        RowReader {
            sheet,
            layout,
            client_col,
            amount_col,
            date_col,
            epoch_1904,
            header,
            evidence,
            date_order,
            core_cols,
            label_cols,
            memo,
        }
    }

    fn style(&self) -> NumberStyle {
        self.evidence.style
    }

    fn client_text(&self, row: &Row) -> Option<Arc<str>> {
        row.get(self.client_col)
            .filter(|c| !c.is_blank())
            .map(Cell::to_shared_text)
    }

    /// The text of the column playing `role`, cleaned.
    fn label(&self, row: &Row, role: Role) -> Option<Arc<str>> {
        self.layout
            .column(role)
            .and_then(|c| row.get(c.col))
            .filter(|c| !c.is_blank())
            .map(|c| match c.as_shared_text() {
                Some(t) => self.memo.clean(t),
                None => clean_shared(&c.to_shared_text()),
            })
            // Zero-width characters only: as blank as spaces.
            .filter(|s| !s.is_empty())
    }

    /// The row's date, noting an unreadable or missing one.
    fn date(&self, row: &Row, tally: &mut Tally) -> Option<crate::core::value::Date> {
        let r1 = row.index + 1;
        let date = self
            .date_col
            .and_then(|c| row.get(c))
            .filter(|c| !c.is_blank())
            .and_then(|cell| {
                let d = read_date(cell, self.epoch_1904, self.date_order);
                if d.is_none() {
                    tally.add(QualityCode::DateUnreadable, Some(Role::Date), r1, None);
                }
                d
            });
        if date.is_none() && self.date_col.is_some_and(|c| row.get(c).is_none_or(Cell::is_blank)) {
            tally.add(QualityCode::DateMissing, Some(Role::Date), r1, None);
        }
        date
    }

    fn quantity(&self, row: &Row) -> Option<f64> {
        let col = self.layout.column(Role::Quantity)?.col;
        match row.get(col)? {
            Cell::Number(n) => Some(n.get()),
            Cell::Text(t) => parse_amount_text(t, self.style()).ok().map(|p| p.value.to_f64()),
            _ => None,
        }
    }

    /// A money cell of `role`'s column.
    fn money(&self, row: &Row, role: Role) -> Option<Money> {
        let col = self.layout.column(role)?.col;
        match row.get(col)? {
            Cell::Number(n) => Money::from_f64(n.get()),
            Cell::Text(t) => parse_amount_text(t, self.style()).ok().map(|p| p.value),
            _ => None,
        }
    }

    /// The profit column's value, else the amount less the cost (a blank cost cell: no profit known).
    fn profit(&self, row: &Row, amount: Money) -> Option<Money> {
        if self.layout.column(Role::Profit).is_some() {
            return self.money(row, Role::Profit);
        }
        self.money(row, Role::Cost).map(|c| Money(amount.0.saturating_sub(c.0)))
    }

    /// A candidate sale from a row with a client and an amount.
    fn pending(
        &self,
        row: &Row,
        client_text: Arc<str>,
        amount: Money,
        currency: Option<&'static str>,
        tally: &mut Tally,
    ) -> Pending {
        let indent = client_text
            .chars()
            .take_while(|c| c.is_whitespace())
            .count()
            .min(usize::from(u16::MAX)) as u16;
        Pending {
            row: row.index + 1,
            amount,
            currency,
            date: self.date(row, tally),
            manager: self.label(row, Role::Manager),
            department: self.label(row, Role::Department),
            product: self.label(row, Role::Product),
            quantity: self.quantity(row).into(),
            client_id: self.label(row, Role::ClientId),
            extras: LineExtras {
                parent: self.label(row, Role::Parent),
                status: self.label(row, Role::Status),
                profit: self.profit(row, amount),
                potential: read_potential(row, self.layout, self.style()),
                marks: read_marks(row, self.layout, tally),
            }
            .boxed(),
            sparse: is_sparse(row, &self.core_cols),
            indent,
            outline: self.sheet.outline_level(row.index),
            filled: None,
            client_text,
        }
    }
}

/// The walk over a table's rows, gathering candidate sales.
struct Classifier {
    pending: Vec<Pending>,
    walk: RowWalk,
    shape: Option<ShapeFill>,
}

impl Classifier {
    /// `rows`: the table's rows, most of them sales (room once, not grown by copying).
    fn new(first: u32, shape: Option<ShapeFill>, rows: usize) -> Classifier {
        Classifier {
            pending: Vec::with_capacity(rows),
            walk: RowWalk::new(first),
            shape,
        }
    }

    /// Sorts one row: skipped now, held for the footer, or a candidate sale.
    /// `filled`: the roles a merged cell above filled in this row.
    fn row(
        &mut self,
        row: &Row,
        mut filled: Vec<(Role, QualityCode)>,
        reader: &RowReader,
        out: &mut TableLines,
        tally: &mut Tally,
    ) {
        self.walk.enter(row.index, out);
        let r1 = row.index + 1;
        if row.is_blank() {
            return out.skip(SkipReason::Blank, r1);
        }
        if is_repeated_header(row, &reader.header, reader.amount_col) {
            return out.skip(SkipReason::RepeatedHeader, r1);
        }
        let total = total_label(row, &reader.label_cols, reader.client_col, &reader.memo);
        if total == TotalLabel::Sure {
            return self.walk.total(r1, out);
        }
        if is_page_marker_row(row) {
            return out.skip(SkipReason::PageMarker, r1);
        }
        let client_text = reader.client_text(row);
        let Some(cell) = row.get(reader.amount_col).filter(|c| !c.is_blank()) else {
            if total == TotalLabel::IfSum && client_text.as_deref().is_none_or(is_total_label) {
                return self.walk.total(r1, out);
            }
            let reason = if client_text.is_some() {
                SkipReason::NoAmount
            } else {
                SkipReason::NoSalesData
            };
            return self.walk.skip_or_hold(reason, r1, out);
        };
        let Some((amount, currency, coerced)) = read_amount(cell, reader.style()) else {
            return out.skip(SkipReason::AmountNotNumber, r1);
        };
        if let Some(code) = coerced {
            let detail = (code == QualityCode::AmountTextParsed).then(|| style_name(reader.style()).to_string());
            tally.add(code, Some(Role::Amount), r1, detail);
        }
        let value = i128::from(amount.0);
        if total == TotalLabel::IfSum {
            if let Some(k) = self.walk.run_sum(value) {
                tally.add(QualityCode::SubtotalRows, Some(Role::Client), r1, None);
                if let Some(label) = row.get(reader.client_col).and_then(Cell::as_text) {
                    self.label_run(label, k, reader, tally);
                }
                return self.walk.total(r1, out);
            }
            tally.add(QualityCode::TotalWordKept, None, r1, None);
        } else if let Some(word) = row
            .cells
            .iter()
            .find_map(|(_, c)| c.as_shared_text().filter(|t| reader.memo.is_total(t)))
        {
            // «Итого-Плюс», a brand "Total": a total word outside the label columns is data.
            tally.add(QualityCode::TotalWordKept, None, r1, Some(clean_name(word)));
        }
        // An amount with no client: a total when it equals the sum above it.
        let unlabelled_total = client_text.is_none() && !self.pending.is_empty() && self.walk.is_sum_above(value);
        // Blank grouping cells right below a sale, in formats without merge records.
        let shaped = self.shape.as_ref().and_then(|f| f.fill(row, !unlabelled_total));
        let row: &Row = match &shaped {
            Some((patched, roles)) => {
                filled.extend(roles.iter().map(|r| (*r, QualityCode::BlankCellsFilled)));
                patched
            }
            None => row,
        };
        let Some(client_text) = reader.client_text(row) else {
            return if unlabelled_total {
                self.walk.total(r1, out)
            } else {
                self.walk.skip_or_hold(SkipReason::NoClient, r1, out)
            };
        };
        let mut p = reader.pending(row, client_text, amount, currency, tally);
        p.filled = (!filled.is_empty()).then(|| Box::new(filled));
        // Group rows (sparse) do not add to the sums a total is recognised by.
        self.walk.sale((!p.sparse).then_some(value), out);
        if let Some(f) = self.shape.as_mut() {
            f.remember(row);
        }
        self.pending.push(p);
    }

    /// A confirmed subtotal names the group of the `k` sales above it: "Total
    /// Acme Corp" (QuickBooks, Xero: customers under a parent customer) is their
    /// parent company; "Иванов Итог" (an Excel pivot table's outer level) their
    /// manager when it reads as a person's name, else their department, or the
    /// parent when it reads as a company. Only roles the table lacks are filled.
    fn label_run(&mut self, label: &str, k: usize, reader: &RowReader, tally: &mut Tally) {
        let Some((name, total_first)) = subtotal_name(label) else {
            return;
        };
        if name.is_empty() {
            return;
        }
        let role = if total_first || has_org_marker(&name) {
            Role::Parent
        } else if grouped::looks_like_person(&name) {
            Role::Manager
        } else {
            Role::Department
        };
        if reader.layout.column(role).is_some() {
            return;
        }
        let mut left = k;
        let mut labelled = Vec::new();
        for p in self.pending.iter_mut().rev() {
            if left == 0 {
                break;
            }
            if p.sparse {
                continue;
            }
            left -= 1;
            let empty = match role {
                Role::Parent => p.parent().is_none(),
                Role::Manager => p.manager.is_none(),
                _ => p.department.is_none(),
            };
            if empty && clean_name(&p.client_text) != name {
                let label: Arc<str> = name.as_str().into();
                match role {
                    Role::Parent => p.set_parent(label),
                    Role::Manager => p.manager = Some(label),
                    _ => p.department = Some(label),
                }
                labelled.push(p.row);
            }
        }
        for row in labelled.into_iter().rev() {
            tally.add(QualityCode::GroupLevelAs, None, row, Some(role.as_str().to_string()));
        }
    }

    /// The end of the table (the footer said); returns the candidates.
    fn finish(mut self, out: &mut TableLines) -> Vec<Pending> {
        self.walk.finish(out);
        self.pending
    }
}

/// QuickBooks writes a sub-customer as "Customer:Job". When the part before
/// the colon is a client of its own or the prefix of several names, it is the
/// parent of the line (`group_level_as` = `parent`).
fn parents_from_job_names(pending: &mut [Pending], tally: &mut Tally) {
    fn split(text: &str) -> Option<(&str, &str)> {
        let (parent, job) = text.trim().split_once(':')?;
        (parent.chars().count() >= 2 && !parent.ends_with(' ') && !job.trim().is_empty()).then(|| (parent.trim(), job))
    }
    // Most tables have no "Customer:Job" name at all: then there is nothing to collect.
    if !pending.iter().any(|p| split(&p.client_text).is_some()) {
        return;
    }
    // Each distinct spelling cleaned once (a client's name repeats on every line).
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let names: FxHashSet<String> = pending
        .iter()
        .filter(|p| seen.insert(&p.client_text))
        .map(|p| clean_name(&p.client_text))
        .collect();
    let mut jobs: HashMap<String, std::collections::HashSet<String>> = HashMap::default();
    for p in pending.iter() {
        if let Some((parent, job)) = split(&p.client_text) {
            jobs.entry(clean_name(parent)).or_default().insert(clean_name(job));
        }
    }
    for p in pending.iter_mut() {
        if p.parent().is_some() {
            continue;
        }
        let Some((parent, _)) = split(&p.client_text) else {
            continue;
        };
        let parent = clean_name(parent);
        let known = names.contains(&parent) || jobs.get(&parent).is_some_and(|j| j.len() >= 2);
        if known {
            tally.add(
                QualityCode::GroupLevelAs,
                None,
                p.row,
                Some(Role::Parent.as_str().to_string()),
            );
            p.set_parent(parent.into());
        }
    }
}

/// The candidates that are not group rows become lines; returns the currencies seen.
fn emit(
    pending: Vec<Pending>,
    groups: &[bool],
    out: &mut TableLines,
    tally: &mut Tally,
    memo: &TextMemo,
) -> BTreeMap<&'static str, u32> {
    let mut currencies: BTreeMap<&'static str, u32> = BTreeMap::new();
    // `into_iter … collect` writes the lines into the candidates' own allocation (a
    // line is no larger than a candidate): a million rows never hold both at once.
    // The allocation keeps the candidates' size (~30% more than the lines need) until shrunk.
    let mut lines: Vec<RawLine> = pending
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            if groups.get(i).copied().unwrap_or(false) {
                out.skip(SkipReason::Group, p.row);
                return None;
            }
            for (role, code) in p.filled.iter().flat_map(|f| f.iter()) {
                tally.add(*code, Some(*role), p.row, None);
            }
            if let Some(c) = p.currency {
                *currencies.entry(c).or_default() += 1;
            }
            if p.amount.0 < 0 {
                tally.add(QualityCode::NegativeAmount, Some(Role::Amount), p.row, None);
            }
            Some(RawLine {
                row: p.row,
                client: memo.clean(&p.client_text),
                client_id: p.client_id,
                amount: p.amount,
                date: p.date,
                manager: p.manager,
                department: p.department,
                product: p.product,
                quantity: p.quantity,
                extras: p.extras,
            })
        })
        .collect();
    lines.shrink_to_fit();
    if out.lines.is_empty() {
        out.lines = lines;
    } else {
        out.lines.extend(lines);
    }
    currencies
}

/// Half or more of the header's texts appear again in their own columns,
/// the amount column among them.
fn is_repeated_header(row: &Row, header: &HashMap<u32, String>, amount_col: u32) -> bool {
    let amount_is_header = match (row.get(amount_col).and_then(Cell::as_text), header.get(&amount_col)) {
        (Some(t), Some(h)) => {
            let t = normalize_label(t);
            !t.is_empty() && h.starts_with(&t)
        }
        _ => false,
    };
    if header.len() < 2 || !amount_is_header {
        return false;
    }
    let hits = header
        .iter()
        .filter(|(c, h)| {
            row.get(**c).and_then(Cell::as_text).is_some_and(|t| {
                let t = normalize_label(t);
                !t.is_empty() && (h.starts_with(&t) || t == **h)
            })
        })
        .count();
    hits * 2 >= header.len() && hits >= 2
}

/// A row whose only non-blank cell is a page marker.
fn is_page_marker_row(row: &Row) -> bool {
    let mut texts = row.cells.iter().filter(|(_, c)| !c.is_blank());
    match (texts.next(), texts.next()) {
        (Some((_, c)), None) => is_page_marker(&c.to_text()),
        _ => false,
    }
}

/// Columns (besides client and amount) filled in at least half of the rows with a client and an amount.
fn core_columns(
    rows: &EachRow<'_>,
    header: &HashMap<u32, String>,
    label_cols: &[u32],
    client: u32,
    amount: u32,
    memo: &TextMemo,
) -> Vec<u32> {
    let mut filled: HashMap<u32, u32> = HashMap::default();
    let mut n = 0u32;
    rows(&mut |r| {
        let has = |c| r.get(c).is_some_and(|x| !x.is_blank());
        if !has(client) || !has(amount) || total_label(r, label_cols, client, memo) != TotalLabel::None {
            return;
        }
        n += 1;
        for (c, cell) in &r.cells {
            if *c != client && *c != amount && !cell.is_blank() && header.contains_key(c) {
                *filled.entry(*c).or_default() += 1;
            }
        }
    });
    let mut cols: Vec<u32> = filled
        .into_iter()
        .filter(|(_, k)| *k * 2 >= n)
        .map(|(c, _)| c)
        .collect();
    cols.sort_unstable();
    cols
}

/// A row missing at least half of the table's core columns (grouping lines hold only a label and sums).
fn is_sparse(row: &Row, core: &[u32]) -> bool {
    if core.is_empty() {
        return false;
    }
    let missing = core.iter().filter(|c| row.get(**c).is_none_or(Cell::is_blank)).count();
    missing * 2 >= core.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testkit::{layout, sheet, text, used_plus_skipped};
    use crate::core::model::TableLines;
    use crate::core::value::Money;

    fn amounts_by_client(l: &TableLines) -> Vec<(String, i64)> {
        l.lines
            .iter()
            .map(|x| (x.client.to_string(), x.amount.0 / Money::SCALE))
            .collect()
    }

    #[test]
    fn total_words_label_a_row_only_in_label_columns_and_subtotals_by_their_sums() {
        let n = Cell::number;
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Бренд")), (2, text("Сумма"))]),
            (1, vec![(0, text("Acme")), (1, text("Total")), (2, n(10.0))]),
            (2, vec![(0, text("Parent Co"))]),
            (3, vec![(0, text("  Child 1")), (1, text("Shell")), (2, n(20.0))]),
            (4, vec![(0, text("  Child 2")), (1, text("Shell")), (2, n(30.0))]),
            (5, vec![(0, text("Total Parent Co")), (2, n(50.0))]),
            (6, vec![(0, text("Total Energies")), (1, text("Total")), (2, n(40.0))]),
            (7, vec![(0, text("TOTAL")), (2, n(100.0))]),
        ]);
        let l = extract_rows(&s, &layout(&s, 0, 0, 2), false, None, true).unwrap();
        assert_eq!(
            amounts_by_client(&l),
            vec![
                ("Acme".to_string(), 10),
                ("Child 1".to_string(), 20),
                ("Child 2".to_string(), 30),
                ("Total Energies".to_string(), 40)
            ],
            "a brand Total is data; Total Parent Co is the sum of the rows above; Total Energies is not"
        );
        assert_eq!(l.skipped.get(&SkipReason::Total).map(|r| r.count), Some(2));
        let codes: Vec<&str> = l.notes.iter().map(|n| n.code.as_str()).collect();
        assert!(
            codes.contains(&"subtotal_rows") && codes.contains(&"total_word_kept"),
            "{codes:?}"
        );
    }

    #[test]
    fn every_row_below_the_header_is_used_or_skipped_for_a_reason() {
        let s = sheet(vec![
            (0, vec![(0, text("Отчёт о продажах"))]),
            (2, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (3, vec![(0, text("ООО Ромашка")), (1, Cell::number(100.0))]),
            (4, vec![(0, text("  ")), (1, text(" "))]),
            (6, vec![(0, text("ИП Петров")), (1, text("1 000,50"))]),
            (7, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (8, vec![(0, text("Страница 2"))]),
            (9, vec![(0, text("Ромашка ООО")), (1, Cell::number(-20.0))]),
            (10, vec![(0, text("Без суммы"))]),
            (11, vec![(0, text("ООО Бета")), (1, text("н/д"))]),
            (12, vec![(1, Cell::number(7.0))]),
            (13, vec![(0, text("Итого")), (1, Cell::number(1080.5))]),
            (14, vec![(1, Cell::number(1080.5))]),
            (15, vec![(2, text("Примечание"))]),
        ]);
        let l = extract_rows(&s, &layout(&s, 2, 0, 1), false, None, true).unwrap();
        assert_eq!(l.rows_in_table, 13);
        assert_eq!(used_plus_skipped(&l), l.rows_in_table);
        let count = |r| l.skipped.get(&r).map(|x| x.count).unwrap_or(0);
        assert_eq!(l.rows_used(), 3);
        assert_eq!(count(SkipReason::Blank), 2, "row 5 (whitespace) and row 6 (absent)");
        assert_eq!(l.skipped.get(&SkipReason::Blank).unwrap().first, vec![5, 6]);
        assert_eq!(count(SkipReason::RepeatedHeader), 1);
        assert_eq!(count(SkipReason::PageMarker), 1);
        assert_eq!(count(SkipReason::NoAmount), 1);
        assert_eq!(count(SkipReason::AmountNotNumber), 1);
        assert_eq!(count(SkipReason::NoClient), 1, "7 is not the sum above it");
        assert_eq!(count(SkipReason::Total), 2, "the Итого row and the unlabelled total");
        assert_eq!(count(SkipReason::NoSalesData), 0);
        assert_eq!(count(SkipReason::Footer), 1, "the note under the totals");
        let clients: std::collections::BTreeSet<String> = l
            .lines
            .iter()
            .map(|x| crate::core::parse::name::fold_client_name(&x.client))
            .collect();
        assert_eq!(clients.len(), 2, "Ромашка ООО = ООО Ромашка");
    }

    #[test]
    fn grouping_lines_of_a_1c_report_are_skipped_once() {
        let row = |i: u32, name: &str, extra: bool, amount: f64| {
            let mut cells = vec![(0, text(name))];
            if extra {
                cells.push((1, text("договор")));
                cells.push((2, text("адрес")));
            }
            cells.push((3, Cell::number(amount)));
            (i, cells)
        };
        let s = sheet(vec![
            (
                0,
                vec![
                    (0, text("Сектор / Клиент")),
                    (1, text("Договор")),
                    (2, text("Адрес")),
                    (3, text("Сумма")),
                ],
            ),
            row(1, "Покупатели", false, 60.0),
            row(2, "   УПРАВЛЯЮЩИЙ", false, 60.0),
            row(3, "      ГОРОД", false, 60.0),
            row(4, "Азанов ИП", true, 10.0),
            row(5, "Азанов ИП", true, 20.0),
            row(6, "Яшма ООО", true, 30.0),
            row(7, "ИТОГО", false, 60.0),
        ]);
        let l = extract_rows(&s, &layout(&s, 0, 0, 3), false, None, true).unwrap();
        assert_eq!(l.rows_used(), 3);
        assert_eq!(
            l.skipped.get(&SkipReason::Group).map(|r| r.first.clone()),
            Some(vec![2, 3, 4])
        );
        let total: i64 = l.lines.iter().map(|x| x.amount.0).sum();
        assert_eq!(total, 60 * Money::SCALE);
        assert_eq!(used_plus_skipped(&l), l.rows_in_table);
    }

    #[test]
    fn several_explicit_currencies_stop_the_run() {
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("А")), (1, text("100 RUB"))]),
            (2, vec![(0, text("Б")), (1, text("5 USD"))]),
        ]);
        let e = extract_rows(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap_err();
        assert_eq!(e.code(), "mixed_currencies");
    }

    /// Клиент | Сумма with the client written once per block of two sales.
    fn blocks() -> SheetTable {
        sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("Ромашка")), (1, Cell::number(10.0))]),
            (2, vec![(1, Cell::number(20.0))]),
            (3, vec![(0, text("Петров")), (1, Cell::number(30.0))]),
            (4, vec![(1, Cell::number(40.0))]),
            (5, vec![(0, text("Вектор")), (1, Cell::number(5.0))]),
            (6, vec![(1, Cell::number(105.0))]),
        ])
    }

    #[test]
    fn without_merge_records_the_block_shape_fills_blank_clients_but_not_a_total() {
        let s = blocks();
        let l = extract_rows(&s, &layout(&s, 0, 0, 1), false, None, false).unwrap();
        let clients: Vec<(&str, i64)> = l
            .lines
            .iter()
            .map(|x| (&*x.client, x.amount.0 / Money::SCALE))
            .collect();
        assert_eq!(
            clients,
            vec![
                ("Ромашка", 10),
                ("Ромашка", 20),
                ("Петров", 30),
                ("Петров", 40),
                ("Вектор", 5)
            ]
        );
        assert_eq!(
            l.skipped.get(&SkipReason::Total).map(|r| r.first.clone()),
            Some(vec![7])
        );
        let note = l.notes.iter().find(|n| n.code == "blank_cells_filled").unwrap();
        assert_eq!(
            (note.column_role(), note.rows.first.clone()),
            (Some(Role::Client), vec![3, 5])
        );
    }

    #[test]
    fn a_client_row_whose_documents_do_not_add_up_is_said() {
        let doc = |n: u32, d: &str| text(&format!("Реализация товаров и услуг 0000-00000{n} от {d}"));
        let s = sheet(vec![
            (0, vec![(0, text("Контрагент / Документ")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Ромашка")), (1, Cell::number(100.0))]),
            (2, vec![(0, doc(1, "01.02.2024")), (1, Cell::number(60.0))]),
            (3, vec![(0, doc(2, "02.02.2024")), (1, Cell::number(30.0))]),
            (4, vec![(0, text("ИП Петров")), (1, Cell::number(50.0))]),
            (5, vec![(0, doc(3, "03.02.2024")), (1, Cell::number(50.0))]),
        ]);
        let l = extract_rows(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
        let total: i64 = l.lines.iter().map(|x| x.amount.0 / Money::SCALE).sum();
        assert_eq!(total, 140, "the documents are counted, not the group rows");
        let note = l
            .notes
            .iter()
            .find(|n| n.code == "group_sum_differs")
            .expect("the difference is said");
        assert_eq!(note.rows.first, vec![2], "ООО Ромашка's group row (1-based)");
        assert_eq!(note.detail.as_deref(), Some("ООО Ромашка"));
    }

    #[test]
    fn a_sector_above_a_client_that_does_not_add_up_is_not_a_sale() {
        let doc = |n: u32, d: &str| text(&format!("Реализация товаров и услуг 0000-00000{n} от {d}"));
        let s = sheet(vec![
            (0, vec![(0, text("Контрагент / Документ")), (1, text("Сумма"))]),
            (1, vec![(0, text("Сектор 1")), (1, Cell::number(150.0))]),
            (2, vec![(0, text("ООО Ромашка")), (1, Cell::number(100.0))]),
            (3, vec![(0, doc(1, "01.02.2024")), (1, Cell::number(60.0))]),
            (4, vec![(0, doc(2, "02.02.2024")), (1, Cell::number(30.0))]),
            (5, vec![(0, text("ИП Петров")), (1, Cell::number(50.0))]),
            (6, vec![(0, doc(3, "03.02.2024")), (1, Cell::number(50.0))]),
        ]);
        let l = extract_rows(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
        let total: i64 = l.lines.iter().map(|x| x.amount.0 / Money::SCALE).sum();
        assert_eq!(total, 140, "the documents are counted, not the sector or client rows");
        let note = l
            .notes
            .iter()
            .find(|n| n.code == "group_sum_differs")
            .expect("the difference is said");
        assert_eq!(
            note.rows.first,
            vec![2, 3],
            "the sector row and ООО Ромашка's row (1-based)"
        );
    }

    #[test]
    fn with_merge_records_only_merged_areas_fill() {
        let mut s = blocks();
        // Only Ромашка's cell is merged; Петров's second sale really has no client.
        s.merges = vec![crate::core::table::Merge {
            first_row: 1,
            first_col: 0,
            last_row: 2,
            last_col: 0,
        }];
        let l = extract_rows(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
        assert_eq!(l.rows_used(), 4);
        // Row 7 (105) no longer equals the sum above it once row 5 is left out.
        assert_eq!(
            l.skipped.get(&SkipReason::NoClient).map(|r| r.first.clone()),
            Some(vec![5, 7])
        );
        let note = l.notes.iter().find(|n| n.code == "merged_cells_filled").unwrap();
        assert_eq!(
            (note.column_role(), note.rows.first.clone()),
            (Some(Role::Client), vec![3])
        );
        assert!(l.notes.iter().all(|n| n.code != "blank_cells_filled"));
    }
}

//! Table rows to clean, dated sales lines. Every row below the header is
//! either used or skipped for a counted reason, at the moment it is skipped:
//! `rows_in_table = rows_used + Σ skipped`.

use crate::core::detect::{Layout, Role};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::fill::{self, FILL_ROLES, ShapeFill};
use crate::core::grouped;
use crate::core::parse::amount::{NumberStyle, infer_number_style_with_evidence, parse_amount_text};
use crate::core::parse::date::{DateOrder, date_from_serial, infer_date_order, parse_date_text};
use crate::core::parse::name::clean_name;
use crate::core::table::{Cell, Row, SheetTable};
use crate::core::value::{Date, Money};
use std::collections::{BTreeMap, HashMap};

pub use crate::core::quality::{RowSet, SkipReason};

/// One sales line: a client bought for an amount (negative: a return), maybe on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesLine {
    /// Index into [`SalesLines::clients`].
    pub client: u32,
    pub amount: Money,
    pub date: Option<Date>,
    /// Indexes into [`SalesLines::labels`].
    pub manager: Option<u32>,
    pub department: Option<u32>,
    pub product: Option<u32>,
    pub quantity: Option<f64>,
    /// 1-based row in the sheet, for references back to the file.
    pub row: u32,
    /// Index into [`SalesLines::parts`]: the file and sheet the line came from.
    pub part: u32,
}

/// A client as grouped by its folded name, tax ID, parent company or the user's merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The grouping key.
    pub key: String,
    /// The most frequent spelling in the file (the parent's name for a parent group).
    pub name: String,
    /// Distinct spellings seen (≥ 1).
    pub spellings: u32,
    /// The tax ID / client code that grouped its lines, if any.
    pub id: Option<String>,
    /// Other names folded into this client (spellings under one ID, subsidiaries, user merges).
    pub names: Vec<String>,
}

/// A sales line as read from one table, before lines are grouped into clients.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawLine {
    /// 1-based row in the sheet.
    pub row: u32,
    /// Client name as displayed (trimmed, inner spaces collapsed).
    pub client: String,
    pub client_id: Option<String>,
    pub parent: Option<String>,
    pub status: Option<String>,
    pub amount: Money,
    pub date: Option<Date>,
    pub manager: Option<String>,
    pub department: Option<String>,
    pub product: Option<String>,
    pub quantity: Option<f64>,
}

/// The lines of one table (a sheet of a file) with the account of every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableLines {
    pub lines: Vec<RawLine>,
    /// Rows below the header up to the sheet's last non-empty row.
    pub rows_in_table: u32,
    pub skipped: BTreeMap<SkipReason, RowSet>,
    pub notes: Vec<LineNote>,
    /// The currency written in the amount cells or named by its header.
    pub currency: Option<&'static str>,
}

impl TableLines {
    /// Rows that became (at least one) sales line.
    pub fn rows_used(&self) -> u32 {
        let mut rows: Vec<u32> = self.lines.iter().map(|l| l.row).collect();
        rows.dedup();
        rows.len() as u32
    }
}

/// A value coerced or a decision made while building lines (not a skip).
#[derive(Debug, Clone, PartialEq)]
pub struct LineNote {
    pub code: &'static str,
    pub role: Option<Role>,
    pub rows: RowSet,
    pub detail: Option<String>,
    /// The part (file and sheet) it is about; `None` for the whole run.
    pub part: Option<u32>,
}

/// One table read: a sheet of a file, with its own account of rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// The file's name, when the caller gave one.
    pub file: Option<String>,
    pub sheet: String,
    /// 1-based header row and how many rows it spans.
    pub header_row: u32,
    pub header_rows: u32,
    pub rows_in_table: u32,
    pub rows_used: u32,
    pub skipped: BTreeMap<SkipReason, RowSet>,
}

/// All sales lines of the analysed tables, with interned names and the
/// account of every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SalesLines {
    pub lines: Vec<SalesLine>,
    pub clients: Vec<Client>,
    /// Interned manager / department / product labels.
    pub labels: Vec<String>,
    /// The tables the lines came from, in reading order.
    pub parts: Vec<Part>,
    pub notes: Vec<LineNote>,
    /// Likely duplicate clients, never merged without the user.
    pub suggestions: Vec<Suggestion>,
}

/// Two or more clients that may be one (the user decides).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Indexes into [`SalesLines::clients`].
    pub clients: Vec<u32>,
    /// `lookalike_letters`, `similar_name` or `same_id`.
    pub reason: &'static str,
    pub detail: Option<String>,
}

impl SalesLines {
    /// Rows below the header over all parts.
    pub fn rows_in_table(&self) -> u32 {
        self.parts.iter().map(|p| p.rows_in_table).sum()
    }
    /// Rows that became sales lines over all parts.
    pub fn rows_used(&self) -> u32 {
        self.parts.iter().map(|p| p.rows_used).sum()
    }
    /// Skipped rows by reason over all parts.
    pub fn skipped(&self) -> BTreeMap<SkipReason, u32> {
        let mut out = BTreeMap::new();
        for p in &self.parts {
            for (r, rows) in &p.skipped {
                *out.entry(*r).or_default() += rows.count;
            }
        }
        out
    }
}

/// A candidate line before group rows are told apart.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pending {
    pub row: u32,
    pub client_text: String,
    pub amount: Money,
    pub currency: Option<&'static str>,
    pub date: Option<Date>,
    pub manager: Option<String>,
    pub department: Option<String>,
    pub product: Option<String>,
    pub quantity: Option<f64>,
    pub client_id: Option<String>,
    pub parent: Option<String>,
    pub status: Option<String>,
    /// Missing most of the table's usual columns, as grouping lines do.
    pub sparse: bool,
    /// Leading whitespace of the client cell (1C indents hierarchy levels).
    pub indent: usize,
    /// The row's outline level (xlsx only; 0 elsewhere).
    pub outline: u8,
    /// Cells filled from a merged cell above: the role and the note code.
    pub filled: Vec<(Role, &'static str)>,
}

/// A note's code and the column (by role) it is about.
type NoteKey = (&'static str, Option<Role>);

/// Builds one table's raw sales lines from a sheet whose layout is known.
/// `merge_records`: the format keeps merged areas (xlsx, xls), so only those
/// spread a value down; otherwise the shape of blank cells does (see `fill`).
///
/// # Errors
/// `mixed_currencies` when the amount column holds several explicit currencies.
pub fn extract_table(
    sheet: &SheetTable,
    layout: &Layout,
    epoch_1904: bool,
    month_first: Option<bool>,
    merge_records: bool,
) -> Result<TableLines> {
    if let Some(wide) = &layout.wide {
        return crate::core::wide::extract_wide(sheet, layout, wide);
    }
    let col = |role| layout.column(role).map(|c| c.col);
    let (Some(client_col), Some(amount_col)) = (col(Role::Client), col(Role::Amount)) else {
        return Err(Error::new(ErrorKind::NoClientColumn { candidates: vec![] }));
    };
    let first = layout.first_data_row();
    // Values written once in a vertically merged cell apply to every row it spans.
    let fill_cols: Vec<(Role, u32)> = FILL_ROLES.iter().filter_map(|&r| col(r).map(|c| (r, c))).collect();
    let merged = fill::from_merges(sheet, &fill_cols, first);
    let data_rows: Vec<&Row> = sheet
        .rows
        .iter()
        .filter(|r| r.index >= first)
        .map(|r| merged.get(&r.index).map_or(r, |(patched, _)| patched))
        .collect();
    let last = data_rows.last().map(|r| r.index + 1).unwrap_or(first);

    let mut out = TableLines {
        rows_in_table: last.saturating_sub(first),
        ..TableLines::default()
    };
    // Header texts, normalised for comparison with repeated header rows.
    let header: HashMap<u32, String> = layout.headers.iter().map(|(c, t)| (*c, normalize(t))).collect();

    let evidence = infer_number_style_with_evidence(column_texts(&data_rows, amount_col));
    let amount_style = evidence.style;
    let date_col = col(Role::Date);
    let date_order = match (month_first, date_col) {
        (Some(true), _) => DateOrder::MonthFirst,
        (Some(false), _) => DateOrder::DayFirst,
        (None, Some(c)) => infer_date_order(column_texts(&data_rows, c)),
        (None, None) => DateOrder::DayFirst,
    };

    // One note per code and column.
    let mut notes: BTreeMap<NoteKey, (RowSet, Option<String>)> = BTreeMap::new();
    // The column's decimal separator was decided once; say so when it was a guess or contested.
    if evidence.is_conflicting() {
        let rows = RowSet {
            count: evidence.comma_votes.min(evidence.point_votes),
            first: vec![],
        };
        let detail = Some(style_name(amount_style).to_string());
        notes.insert(("number_style_conflict", Some(Role::Amount)), (rows, detail));
    } else if evidence.is_guess() && evidence.ambiguous > 0 {
        let rows = RowSet {
            count: evidence.ambiguous,
            first: vec![],
        };
        notes.insert(
            ("number_style_guessed", Some(Role::Amount)),
            (rows, Some(style_name(amount_style).to_string())),
        );
    }
    let mut note = |code: &'static str, role: Option<Role>, row: u32, detail: Option<String>| {
        let entry = notes.entry((code, role)).or_insert_with(|| (RowSet::default(), detail));
        entry.0.add(row);
    };

    let core_cols = core_columns(&data_rows, &header, client_col, amount_col);
    let mut pending: Vec<Pending> = Vec::new();
    // Sums of likely sales lines so far, to recognise totals that carry no label.
    let mut running: i128 = 0;
    let mut since_total: i128 = 0;
    // Non-sales rows after a total wait here: if no sale follows, they are the footer.
    let mut tail: Vec<(SkipReason, u32)> = Vec::new();
    let mut after_total = false;
    let mut next_index = first;
    let mut shape = if merge_records {
        None
    } else {
        Some(ShapeFill::new(&data_rows, &fill_cols, amount_col)).filter(ShapeFill::is_active)
    };

    for &row in &data_rows {
        // Rows the sheet does not store are blank.
        if row.index > next_index {
            out.skip_many(SkipReason::Blank, next_index + 1, row.index - next_index);
        }
        next_index = row.index + 1;
        let r1 = row.index + 1;
        if row.is_blank() {
            out.skip(SkipReason::Blank, r1);
            continue;
        }
        if is_repeated_header(row, &header, amount_col) {
            out.skip(SkipReason::RepeatedHeader, r1);
            continue;
        }
        if row.cells.iter().any(|(_, c)| c.as_text().is_some_and(is_total_label)) {
            out.flush_tail(&mut tail);
            after_total = true;
            out.skip(SkipReason::Total, r1);
            since_total = 0;
            continue;
        }
        if is_page_marker(row) {
            out.skip(SkipReason::PageMarker, r1);
            continue;
        }
        let client_text = row.get(client_col).filter(|c| !c.is_blank()).map(Cell::to_text);
        let amount_cell = row.get(amount_col).filter(|c| !c.is_blank());
        let (amount, currency) = match amount_cell {
            None => {
                let reason = if client_text.is_some() {
                    SkipReason::NoAmount
                } else {
                    SkipReason::NoSalesData
                };
                out.skip_or_hold(reason, r1, after_total, &mut tail);
                continue;
            }
            Some(cell) => match read_amount(cell, amount_style) {
                Some((m, cur, how)) => {
                    if let Some(code) = how {
                        let detail = (code == "amount_text_parsed").then(|| style_name(amount_style).to_string());
                        note(code, Some(Role::Amount), r1, detail);
                    }
                    (m, cur)
                }
                None => {
                    out.skip(SkipReason::AmountNotNumber, r1);
                    continue;
                }
            },
        };
        // An amount with no client: a total when it equals the sum above it.
        let unlabelled_total = client_text.is_none()
            && !(pending.is_empty() || (amount.0 as i128 != running && amount.0 as i128 != since_total));
        let mut filled: Vec<(Role, &'static str)> = merged
            .get(&row.index)
            .map(|(_, roles)| roles.iter().map(|r| (*r, "merged_cells_filled")).collect())
            .unwrap_or_default();
        // Blank grouping cells right below a sale, in formats without merge records.
        let shaped = shape.as_ref().and_then(|f| f.fill(row, !unlabelled_total));
        let row: &Row = match &shaped {
            Some((patched, roles)) => {
                filled.extend(roles.iter().map(|r| (*r, "blank_cells_filled")));
                patched
            }
            None => row,
        };
        let client_text = row.get(client_col).filter(|c| !c.is_blank()).map(Cell::to_text);
        let Some(client_text) = client_text else {
            let reason = if unlabelled_total {
                SkipReason::Total
            } else {
                SkipReason::NoClient
            };
            if reason == SkipReason::Total {
                since_total = 0;
                out.flush_tail(&mut tail);
                after_total = true;
                out.skip(reason, r1);
            } else {
                out.skip_or_hold(reason, r1, after_total, &mut tail);
            }
            continue;
        };
        let date = date_col
            .and_then(|c| row.get(c))
            .filter(|c| !c.is_blank())
            .and_then(|cell| {
                let d = read_date(cell, epoch_1904, date_order);
                if d.is_none() {
                    note("date_unreadable", Some(Role::Date), r1, None);
                }
                d
            });
        if date.is_none() && date_col.is_some_and(|c| row.get(c).is_none_or(Cell::is_blank)) {
            note("date_missing", Some(Role::Date), r1, None);
        }
        let label = |role| {
            col(role)
                .and_then(|c| row.get(c))
                .filter(|c| !c.is_blank())
                .map(|c| clean_name(&c.to_text()))
        };
        let quantity = col(Role::Quantity).and_then(|c| row.get(c)).and_then(|c| match c {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => parse_amount_text(t, amount_style).ok().map(|p| p.value.to_f64()),
            _ => None,
        });
        let sparse = is_sparse(row, &core_cols);
        let indent = client_text.chars().take_while(|c| c.is_whitespace()).count();
        out.flush_tail(&mut tail);
        after_total = false;
        if let Some(f) = shape.as_mut() {
            f.remember(row);
        }
        if !sparse {
            running += amount.0 as i128;
            since_total += amount.0 as i128;
        }
        pending.push(Pending {
            row: r1,
            client_text,
            amount,
            currency,
            date,
            manager: label(Role::Manager),
            department: label(Role::Department),
            product: label(Role::Product),
            quantity,
            client_id: label(Role::ClientId),
            parent: label(Role::Parent),
            status: label(Role::Status),
            sparse,
            indent,
            outline: sheet.outline_level(row.index),
            filled,
        });
    }

    for (_, row) in tail {
        out.skip(SkipReason::Footer, row);
    }
    let below = layout
        .column(Role::Client)
        .map_or(grouped::Below::Clients, |c| grouped::below_clients(&c.header));
    let shape = grouped::structure(&pending, below, |r| col(r).is_some());
    // A client row whose lines under it do not add up to its own subtotal: the lines are
    // counted (revenue at the deepest level), and the difference is said, not hidden.
    let mut under: HashMap<usize, i128> = HashMap::new();
    for c in shape.client_row.iter().flatten() {
        under.entry(*c).or_default();
    }
    for (i, c) in shape.client_row.iter().enumerate() {
        if let (Some(c), Some(p)) = (c, pending.get(i)) {
            *under.entry(*c).or_default() += i128::from(p.amount.0);
        }
    }
    let mut unbalanced: Vec<usize> = under
        .into_iter()
        .filter(|(c, sum)| {
            pending
                .get(*c)
                .is_some_and(|g| (i128::from(g.amount.0) - sum).abs() > 100)
        })
        .map(|(c, _)| c)
        .chain(shape.upper_unbalanced.iter().copied())
        .collect();
    unbalanced.sort_unstable();
    for c in unbalanced {
        if let Some(g) = pending.get(c) {
            note(
                "group_sum_differs",
                Some(Role::Client),
                g.row,
                Some(clean_name(&g.client_text)),
            );
        }
    }
    let group_text = |i: Option<usize>| i.and_then(|i| pending.get(i)).map(|p| clean_name(&p.client_text));
    let mut lines_from_groups: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
    for i in 0..pending.len() {
        let client = shape.client_row.get(i).copied().flatten();
        let level = shape.level.as_ref().and_then(|(_, l)| l.get(i).copied().flatten());
        if client.is_some() || level.is_some() {
            lines_from_groups.push((i, group_text(client), group_text(level)));
        }
    }
    for (i, client, level) in lines_from_groups {
        let Some(p) = pending.get_mut(i) else { continue };
        if let Some(c) = client {
            note("client_from_group", Some(Role::Client), p.row, Some(c.clone()));
            // "Контрагент / Номенклатура": the leaf names the product bought.
            if below == grouped::Below::Products && p.product.is_none() {
                p.product = Some(clean_name(&p.client_text));
            }
            p.client_text = c;
        }
        if p.date.is_none()
            && let Some(d) = shape.text_date.get(i).copied().flatten()
        {
            note("date_from_text", None, p.row, None);
            p.date = Some(d);
        }
        if let (Some(name), Some((role, _))) = (level, shape.level.as_ref()) {
            let detail = Some(role.as_str().to_string());
            note("group_level_as", None, p.row, detail);
            match role {
                Role::Manager => p.manager = Some(name),
                _ => p.department = Some(name),
            }
        }
    }
    let mut currencies: BTreeMap<&'static str, u32> = BTreeMap::new();
    for (i, p) in pending.into_iter().enumerate() {
        if shape.groups.get(i).copied().unwrap_or(false) {
            out.skip(SkipReason::Group, p.row);
            continue;
        }
        for (role, code) in &p.filled {
            note(code, Some(*role), p.row, None);
        }
        if let Some(c) = p.currency {
            *currencies.entry(c).or_default() += 1;
        }
        if p.amount.0 < 0 {
            note("negative_amount", Some(Role::Amount), p.row, None);
        }
        out.lines.push(RawLine {
            row: p.row,
            client: clean_name(&p.client_text),
            client_id: p.client_id,
            parent: p.parent,
            status: p.status,
            amount: p.amount,
            date: p.date,
            manager: p.manager,
            department: p.department,
            product: p.product,
            quantity: p.quantity,
        });
    }
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
        notes
            .entry(("currency", Some(Role::Amount)))
            .or_insert((RowSet::default(), Some(c.to_string())));
    }
    for ((code, role), (rows, detail)) in notes {
        out.notes.push(LineNote {
            code,
            role,
            rows,
            detail,
            part: None,
        });
    }
    Ok(out)
}

impl TableLines {
    fn skip(&mut self, reason: SkipReason, row: u32) {
        self.skipped.entry(reason).or_default().add(row);
    }
    /// Skips now, or holds the row when it may turn out to be part of the footer.
    fn skip_or_hold(&mut self, reason: SkipReason, row: u32, after_total: bool, tail: &mut Vec<(SkipReason, u32)>) {
        if after_total {
            tail.push((reason, row))
        } else {
            self.skip(reason, row)
        }
    }
    fn flush_tail(&mut self, tail: &mut Vec<(SkipReason, u32)>) {
        for (reason, row) in tail.drain(..) {
            self.skip(reason, row);
        }
    }
    fn skip_many(&mut self, reason: SkipReason, first_row: u32, n: u32) {
        self.skipped.entry(reason).or_default().add_many(first_row, n);
    }
}

/// A currency named in a header as a word or sign of its own: "Сумма, руб.", "Sales (USD)", "Выручка ₽".
fn currency_in_header(header: &str) -> Option<&'static str> {
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

fn style_name(style: NumberStyle) -> &'static str {
    if style.decimal_comma {
        "decimal_comma"
    } else {
        "decimal_point"
    }
}

/// An amount from a cell, its currency, and a note code when it was coerced.
fn read_amount(cell: &Cell, style: NumberStyle) -> Option<(Money, Option<&'static str>, Option<&'static str>)> {
    match cell {
        Cell::Number(n) => Money::from_f64(*n).map(|m| (m, None, None)),
        // A date-formatted cell in a money column is the number it stores.
        Cell::DateTime(n) => Money::from_f64(*n).map(|m| (m, None, Some("date_cell_as_amount"))),
        Cell::Text(t) => parse_amount_text(t, style)
            .ok()
            .map(|p| (p.value, p.currency, Some("amount_text_parsed"))),
        Cell::Bool(_) | Cell::DateIso(_) | Cell::Error(_) => None,
    }
}

fn read_date(cell: &Cell, epoch_1904: bool, order: DateOrder) -> Option<Date> {
    match cell {
        Cell::DateTime(n) => date_from_serial(*n, epoch_1904),
        // A plain number in a date column is a serial only in a plausible range (1955–2119).
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => date_from_serial(*n, epoch_1904),
        Cell::Text(t) | Cell::DateIso(t) => parse_date_text(t, order),
        _ => None,
    }
}

fn column_texts<'a>(rows: &'a [&'a Row], col: u32) -> impl Iterator<Item = &'a str> + 'a {
    rows.iter().filter_map(move |r| r.get(col).and_then(Cell::as_text))
}

fn normalize(s: &str) -> String {
    clean_name(s).to_lowercase()
}

/// Half or more of the header's texts appear again in their own columns,
/// the amount column among them.
fn is_repeated_header(row: &Row, header: &HashMap<u32, String>, amount_col: u32) -> bool {
    let amount_is_header = match (row.get(amount_col).and_then(Cell::as_text), header.get(&amount_col)) {
        (Some(t), Some(h)) => {
            let t = normalize(t);
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
                let t = normalize(t);
                !t.is_empty() && (h.starts_with(&t) || t == **h)
            })
        })
        .count();
    hits * 2 >= header.len() && hits >= 2
}

/// Total and subtotal labels. Unambiguous words match as a prefix
/// ("Итого по менеджеру"); "Total" alone or "Total:"/"Total for …" only,
/// so a client called "Total Energies" stays a client.
pub fn is_total_label(text: &str) -> bool {
    const PREFIX: [&str; 11] = [
        "итого",
        "итог:",
        "всего",
        "общий итог",
        "grand total",
        "subtotal",
        "sub-total",
        "sub total",
        "totals",
        "total sum",
        "сумма итого",
    ];
    const EXACT: [&str; 5] = ["итог", "total", "сумма", "sum", "всего:"];
    const TOTAL_OF: [&str; 5] = ["total:", "total for ", "total of ", "total по ", "total ("];
    let trimmed = text.trim();
    // Cheap reject: labels are short and start with one of few letters.
    if trimmed.len() > 120 || !trimmed.chars().next().is_some_and(|c| "иИвВоОgGsStTсС".contains(c)) {
        return false;
    }
    let t = normalize(trimmed);
    let t = t.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    let word_end = |rest: &str| rest.is_empty() || rest.starts_with([' ', ':']);
    PREFIX.iter().any(|p| t.strip_prefix(p).is_some_and(word_end))
        || EXACT.contains(&t)
        || TOTAL_OF.iter().any(|p| t.starts_with(p))
}

/// "Страница 2", "Стр. 3 из 10", "Page 2 of 5" alone in a row.
fn is_page_marker(row: &Row) -> bool {
    let texts: Vec<String> = row
        .cells
        .iter()
        .filter(|(_, c)| !c.is_blank())
        .map(|(_, c)| normalize(&c.to_text()))
        .collect();
    let [t] = texts.as_slice() else { return false };
    let rest = ["страница", "стр.", "стр", "лист", "page"]
        .iter()
        .find_map(|p| t.strip_prefix(p));
    rest.is_some_and(|r| {
        let r = r.trim();
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || "изof/-".contains(c))
            && r.chars().any(|c| c.is_ascii_digit())
    })
}

/// Columns (besides client and amount) filled in at least half of the rows with a client and an amount.
fn core_columns(rows: &[&Row], header: &HashMap<u32, String>, client: u32, amount: u32) -> Vec<u32> {
    let mut filled: HashMap<u32, u32> = HashMap::new();
    let mut n = 0u32;
    for r in rows {
        let has = |c| r.get(c).is_some_and(|x| !x.is_blank());
        if !has(client) || !has(amount) || r.cells.iter().any(|(_, c)| c.as_text().is_some_and(is_total_label)) {
            continue;
        }
        n += 1;
        for (c, cell) in &r.cells {
            if *c != client && *c != amount && !cell.is_blank() && header.contains_key(c) {
                *filled.entry(*c).or_default() += 1;
            }
        }
    }
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

    #[test]
    fn total_labels_are_recognised_but_client_names_are_not() {
        for t in [
            "Итого",
            "ИТОГО",
            "Итого по менеджеру Иванов",
            "Всего:",
            "Total",
            "Grand Total",
            "Subtotal",
            "Total:",
            "Общий итог",
            "  итого  ",
        ] {
            assert!(is_total_label(t), "{t}");
        }
        for t in ["Total Energies", "Итоговая ООО", "Всеволод ИП", "Ромашка"] {
            assert!(!is_total_label(t), "{t}");
        }
    }

    use crate::core::detect::{Chosen, ColumnChoice};

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<(u32, Vec<(u32, Cell)>)>) -> SheetTable {
        let mut t = SheetTable::new("Лист1");
        t.rows = rows.into_iter().map(|(index, cells)| Row { index, cells }).collect();
        t
    }

    /// The layout the detector would report: header texts from the sheet's header row.
    fn layout(sheet: &SheetTable, header_row: u32, client: u32, amount: u32) -> Layout {
        let choice = |role, col| ColumnChoice {
            role,
            col,
            header: String::new(),
            chosen: Chosen::Header,
        };
        let headers = sheet
            .row(header_row)
            .map(|r| r.cells.iter().map(|(c, cell)| (*c, cell.to_text())).collect())
            .unwrap_or_default();
        Layout {
            header_row,
            header_rows: 1,
            columns: vec![choice(Role::Client, client), choice(Role::Amount, amount)],
            notes: vec![],
            headers,
            wide: None,
        }
    }

    fn used_plus_skipped(l: &TableLines) -> u32 {
        l.rows_used() + l.skipped.values().map(|r| r.count).sum::<u32>()
    }

    #[test]
    fn every_row_below_the_header_is_used_or_skipped_for_a_reason() {
        let s = sheet(vec![
            (0, vec![(0, text("Отчёт о продажах"))]),
            (2, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (3, vec![(0, text("ООО Ромашка")), (1, Cell::Number(100.0))]),
            (4, vec![(0, text("  ")), (1, text(" "))]),
            (6, vec![(0, text("ИП Петров")), (1, text("1 000,50"))]),
            (7, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (8, vec![(0, text("Страница 2"))]),
            (9, vec![(0, text("Ромашка ООО")), (1, Cell::Number(-20.0))]),
            (10, vec![(0, text("Без суммы"))]),
            (11, vec![(0, text("ООО Бета")), (1, text("н/д"))]),
            (12, vec![(1, Cell::Number(7.0))]),
            (13, vec![(0, text("Итого")), (1, Cell::Number(1080.5))]),
            (14, vec![(1, Cell::Number(1080.5))]),
            (15, vec![(2, text("Примечание"))]),
        ]);
        let l = extract_table(&s, &layout(&s, 2, 0, 1), false, None, true).unwrap();
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
            cells.push((3, Cell::Number(amount)));
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
        let l = extract_table(&s, &layout(&s, 0, 0, 3), false, None, true).unwrap();
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
    fn a_currency_named_in_the_amount_header_is_noted() {
        assert_eq!(currency_in_header("Сумма, руб."), Some("RUB"));
        assert_eq!(currency_in_header("Сумма с НДС, руб"), Some("RUB"));
        assert_eq!(currency_in_header("Net Sales (USD)"), Some("USD"));
        assert_eq!(currency_in_header("Выручка, ₽"), Some("RUB"));
        assert_eq!(currency_in_header("Сумма"), None);
        assert_eq!(currency_in_header("Рубеж"), None);
        assert_eq!(currency_in_header("USD / EUR"), None);
    }

    #[test]
    fn several_explicit_currencies_stop_the_run() {
        let s = sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("А")), (1, text("100 RUB"))]),
            (2, vec![(0, text("Б")), (1, text("5 USD"))]),
        ]);
        let e = extract_table(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap_err();
        assert_eq!(e.code(), "mixed_currencies");
    }

    /// Клиент | Сумма with the client written once per block of two sales.
    fn blocks() -> SheetTable {
        sheet(vec![
            (0, vec![(0, text("Клиент")), (1, text("Сумма"))]),
            (1, vec![(0, text("Ромашка")), (1, Cell::Number(10.0))]),
            (2, vec![(1, Cell::Number(20.0))]),
            (3, vec![(0, text("Петров")), (1, Cell::Number(30.0))]),
            (4, vec![(1, Cell::Number(40.0))]),
            (5, vec![(0, text("Вектор")), (1, Cell::Number(5.0))]),
            (6, vec![(1, Cell::Number(105.0))]),
        ])
    }

    #[test]
    fn without_merge_records_the_block_shape_fills_blank_clients_but_not_a_total() {
        let s = blocks();
        let l = extract_table(&s, &layout(&s, 0, 0, 1), false, None, false).unwrap();
        let clients: Vec<(&str, i64)> = l
            .lines
            .iter()
            .map(|x| (x.client.as_str(), x.amount.0 / Money::SCALE))
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
        assert_eq!((note.role, note.rows.first.clone()), (Some(Role::Client), vec![3, 5]));
    }

    #[test]
    fn a_client_row_whose_documents_do_not_add_up_is_said() {
        let doc = |n: u32, d: &str| text(&format!("Реализация товаров и услуг 0000-00000{n} от {d}"));
        let s = sheet(vec![
            (0, vec![(0, text("Контрагент / Документ")), (1, text("Сумма"))]),
            (1, vec![(0, text("ООО Ромашка")), (1, Cell::Number(100.0))]),
            (2, vec![(0, doc(1, "01.02.2024")), (1, Cell::Number(60.0))]),
            (3, vec![(0, doc(2, "02.02.2024")), (1, Cell::Number(30.0))]),
            (4, vec![(0, text("ИП Петров")), (1, Cell::Number(50.0))]),
            (5, vec![(0, doc(3, "03.02.2024")), (1, Cell::Number(50.0))]),
        ]);
        let l = extract_table(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
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
            (1, vec![(0, text("Сектор 1")), (1, Cell::Number(150.0))]),
            (2, vec![(0, text("ООО Ромашка")), (1, Cell::Number(100.0))]),
            (3, vec![(0, doc(1, "01.02.2024")), (1, Cell::Number(60.0))]),
            (4, vec![(0, doc(2, "02.02.2024")), (1, Cell::Number(30.0))]),
            (5, vec![(0, text("ИП Петров")), (1, Cell::Number(50.0))]),
            (6, vec![(0, doc(3, "03.02.2024")), (1, Cell::Number(50.0))]),
        ]);
        let l = extract_table(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
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
        let l = extract_table(&s, &layout(&s, 0, 0, 1), false, None, true).unwrap();
        assert_eq!(l.rows_used(), 4);
        // Row 7 (105) no longer equals the sum above it once row 5 is left out.
        assert_eq!(
            l.skipped.get(&SkipReason::NoClient).map(|r| r.first.clone()),
            Some(vec![5, 7])
        );
        let note = l.notes.iter().find(|n| n.code == "merged_cells_filled").unwrap();
        assert_eq!((note.role, note.rows.first.clone()), (Some(Role::Client), vec![3]));
        assert!(l.notes.iter().all(|n| n.code != "blank_cells_filled"));
    }
}

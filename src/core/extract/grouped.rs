//! Grouped reports (1C "Продажи по контрагентам", "Валовая прибыль",
//! "Отгрузка"): group rows carrying the sum of the rows under them, over
//! client rows, sometimes over document rows.
//!
//! Which rows are groups is decided by the sums (a row equal to the sum of
//! the sales under it, [`confirm_groups`]); indentation, xlsx outline levels,
//! sparse rows and document texts only say which rows may be groups. Revenue
//! is counted once, at the deepest level: the leaves. Bold type would be one
//! more hint, but calamine does not expose cell formats.
//!
//! Hierarchies are printed depth first, a group row above its children, so
//! "the nearest group row above" is a row's parent level:
//! - a document row ("Реализация товаров и услуг 0000-000123 от 15.03.2024")
//!   belongs to the client group row above it, and its date is in its text;
//! - the group level right above the clients (sectors, managers) may be used
//!   as department or manager when the table has no such column.

use super::cells::Tally;
use crate::core::model::LineExtras;
use crate::core::parse::date::{DateOrder, parse_date_text};
use crate::core::parse::name::clean_name;
use crate::core::quality::QualityCode;
use crate::core::role::Role;
use crate::core::value::{Date, MaybeF64, Money};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A candidate line before group rows are told apart.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    /// 1-based row.
    pub row: u32,
    /// The client cell's text as written (with its indentation).
    pub client_text: Arc<str>,
    pub amount: Money,
    pub currency: Option<&'static str>,
    pub date: Option<Date>,
    pub manager: Option<Arc<str>>,
    pub department: Option<Arc<str>>,
    pub product: Option<Arc<str>>,
    pub quantity: MaybeF64,
    pub client_id: Option<Arc<str>>,
    /// Parent, status, profit, potential, marks: boxed, as the line's ([`LineExtras`]).
    pub extras: Option<Box<LineExtras>>,
    /// Missing most of the table's usual columns, as grouping lines do.
    pub sparse: bool,
    /// Leading whitespace of the client cell (1C indents hierarchy levels).
    pub indent: u16,
    /// The row's outline level (xlsx only; 0 elsewhere).
    pub outline: u8,
    /// Cells filled from a merged cell above: the role and the note code.
    /// Boxed and `None` when empty: a candidate is 88 bytes in wasm32, a million of them at once
    /// (a box of a `Vec` is a thin pointer, a `Vec` or a boxed slice two or three words).
    #[allow(clippy::box_collection)]
    pub filled: Option<Box<Vec<(Role, QualityCode)>>>,
}

impl Pending {
    /// The parent company, as written or found above.
    pub fn parent(&self) -> Option<&Arc<str>> {
        self.extras.as_ref().and_then(|e| e.parent.as_ref())
    }
    /// Names the parent company.
    pub fn set_parent(&mut self, parent: Arc<str>) {
        self.extras.get_or_insert_with(Box::default).parent = Some(parent);
    }
}

/// Tells group rows from sales among `pending` and applies what the groups
/// say: a document row takes its client (and date) from the group row above
/// it, the level above the clients names a manager or department the table
/// lacks, and a client row whose lines do not add up to it is said
/// (`group_sum_differs`). Returns, per candidate, whether it is a group row.
pub(super) fn reconcile(
    pending: &mut [Pending],
    below: Below,
    has_role: impl Fn(Role) -> bool,
    tally: &mut Tally,
) -> Vec<bool> {
    let has_parent_column = has_role(Role::Parent);
    let shape = structure(pending, below, has_role);
    note_unbalanced(pending, &shape, tally);
    let group_text = |i: Option<usize>| i.and_then(|i| pending.get(i)).map(|p| clean_name(&p.client_text));
    let mut from_groups: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
    for i in 0..pending.len() {
        let client = shape.client_row.get(i).copied().flatten();
        let level = shape.level.as_ref().and_then(|(_, l)| l.get(i).copied().flatten());
        if client.is_some() || level.is_some() {
            from_groups.push((i, group_text(client), group_text(level)));
        }
    }
    for (i, client, level) in from_groups {
        let Some(p) = pending.get_mut(i) else { continue };
        if let Some(c) = client {
            tally.add(QualityCode::ClientFromGroup, Some(Role::Client), p.row, Some(c.clone()));
            // "Контрагент / Номенклатура": the leaf names the product bought.
            if below == Below::Products && p.product.is_none() {
                p.product = Some(clean_name(&p.client_text).into());
            }
            p.client_text = c.into();
        }
        if p.date.is_none()
            && let Some(d) = shape.text_date.get(i).copied().flatten()
        {
            tally.add(QualityCode::DateFromText, None, p.row, None);
            p.date = Some(d);
        }
        if let (Some(name), Some((role, _))) = (level, shape.level.as_ref()) {
            tally.add(QualityCode::GroupLevelAs, None, p.row, Some(role.as_str().to_string()));
            match role {
                Role::Manager => p.manager = Some(name.into()),
                _ => p.department = Some(name.into()),
            }
        }
    }
    if shape.level.is_none() && below == Below::Clients && !has_parent_column {
        parents_from_hierarchy(pending, &shape.groups, tally);
    }
    shape.groups
}

/// A customer hierarchy (QuickBooks sub-customers, an Excel pivot table's
/// parent items): group rows in the client column with clients indented under
/// them, and clients of their own beside them at the top level. The group is
/// the parent company of the clients under it (`group_level_as` = `parent`),
/// so they are judged together as one account unless the caller turns it off.
fn parents_from_hierarchy(pending: &mut [Pending], groups: &[bool], tally: &mut Tally) {
    if !pending.iter().any(|p| p.indent > 0 || p.outline > 0) {
        return;
    }
    let mut stack: Vec<(u16, u8, String)> = Vec::new();
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut top_level_sales = 0usize;
    for (i, p) in pending.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|(ind, out, _)| p.indent <= *ind && p.outline <= *out)
        {
            stack.pop();
        }
        if groups.get(i).copied().unwrap_or(false) {
            stack.push((p.indent, p.outline, clean_name(&p.client_text)));
        } else if let Some((_, _, name)) = stack.first() {
            found.push((i, name.clone()));
        } else {
            top_level_sales += 1;
        }
    }
    // Without clients of their own at the top, the groups are sectors or one
    // «Покупатели» over everything (1C), not parent companies.
    if top_level_sales == 0 {
        return;
    }
    for (i, name) in found {
        if let Some(p) = pending.get_mut(i)
            && p.parent().is_none()
        {
            tally.add(
                QualityCode::GroupLevelAs,
                None,
                p.row,
                Some(Role::Parent.as_str().to_string()),
            );
            p.set_parent(name.into());
        }
    }
}

/// A client row whose lines under it do not add up to its own subtotal: the lines are
/// counted (revenue at the deepest level), and the difference is said, not hidden.
fn note_unbalanced(pending: &[Pending], shape: &Structure, tally: &mut Tally) {
    let mut under: HashMap<usize, i128> = HashMap::default();
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
            tally.add(
                QualityCode::GroupSumDiffers,
                Some(Role::Client),
                g.row,
                Some(clean_name(&g.client_text)),
            );
        }
    }
}

/// What the structure of a table's candidate lines says.
#[derive(Debug, Clone, PartialEq, Default)]
struct Structure {
    /// Per pending line: a group row (skipped; its amount is its children's sum).
    pub groups: Vec<bool>,
    /// Per pending line: the client group row of a document line (empty when no line
    /// is under a client row).
    pub client_row: Vec<Option<usize>>,
    /// Per pending line: the date in a document line's text (empty as `client_row`).
    pub text_date: Vec<Option<Date>>,
    /// The group level above the clients used as a label: its role and, per
    /// pending line, the group row naming it.
    pub level: Option<(Role, Vec<Option<usize>>)>,
    /// Rows above the clients of a document report taken as groups although their sum is off.
    pub upper_unbalanced: Vec<usize>,
}

/// What the client column's header says its deepest rows are:
/// "Контрагент / Документ продажи", "Контрагент / Номенклатура".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Below {
    /// The leaves are the clients themselves.
    Clients,
    /// Documents (регистратор, документ продажи) under each client.
    Documents,
    /// Products (номенклатура, товар) under each client ("Анализ продаж").
    Products,
}

/// Reads the client column's header: a last level other than the client.
pub(super) fn below_clients(header: &str) -> Below {
    let parts: Vec<String> = header.split('/').map(|p| p.trim().to_lowercase()).collect();
    let [_, .., last] = parts.as_slice() else {
        return Below::Clients;
    };
    let has = |words: &[&str]| words.iter().any(|w| last.contains(w));
    if has(&["документ", "регистратор", "document"]) {
        Below::Documents
    } else if has(&["номенклатур", "товар", "product", "item"]) {
        Below::Products
    } else {
        Below::Clients
    }
}

/// Reads the grouping structure of `pending`. `has_role`: the table has a
/// column for it; `below`: what the header says the deepest rows are.
fn structure(pending: &[Pending], below: Below, has_role: impl Fn(Role) -> bool) -> Structure {
    let n = pending.len();
    let docs: Vec<bool> = pending.iter().map(|p| is_document(&p.client_text)).collect();
    let doc_count = docs.iter().filter(|d| **d).count();
    // A document report: documents make up a good part of the lines, under other rows.
    let doc_report = doc_count >= 2 && doc_count * 3 >= n && doc_count < n;
    let (candidate, fixed) = if doc_report {
        // Every row that is not a document may be a group; one right above a document is one.
        let fixed = (0..n)
            .map(|i| !docs.get(i).copied().unwrap_or(true) && docs.get(i + 1).copied().unwrap_or(false))
            .collect();
        (docs.iter().map(|d| !d).collect(), fixed)
    } else {
        (hinted_candidates(pending), vec![false; n])
    };
    let mut groups = confirm_groups(pending, candidate, &fixed);
    // In a document report, a row right above a group row is a higher level (a sector over its
    // clients) even when its sum is off: taken as a sale it would count that money twice.
    let mut upper_unbalanced = Vec::new();
    if doc_report {
        for i in (0..n.saturating_sub(1)).rev() {
            let next_is_group =
                groups.get(i + 1).copied().unwrap_or(false) && !docs.get(i + 1).copied().unwrap_or(true);
            if next_is_group && !docs.get(i).copied().unwrap_or(true) && !groups.get(i).copied().unwrap_or(true) {
                if let Some(g) = groups.get_mut(i) {
                    *g = true;
                }
                upper_unbalanced.push(i);
            }
        }
        upper_unbalanced.reverse();
    }
    // The leaves sit under their clients: documents by their text, or any leaf
    // when the header names a level below the client and there are groups.
    let under = doc_report || (below != Below::Clients && groups.iter().any(|g| *g));
    // Not under clients: no line has a client row or a text date (empty, read with `get`).
    let (client_row, text_date) = if under {
        leaves_under_clients(pending, &groups, &docs, doc_report)
    } else {
        (Vec::new(), Vec::new())
    };
    // A level above the clients is made of group rows: a flat table (most big ones) has none.
    let level = if groups.iter().any(|g| *g) {
        level_above_clients(pending, &groups, &docs, &client_row, under, has_role)
    } else {
        None
    };
    Structure {
        groups,
        client_row,
        text_date,
        level,
        upper_unbalanced,
    }
}

/// Per line: the client group row above it (the last client-like group row seen
/// so far) and the date a document's text states.
fn leaves_under_clients(
    pending: &[Pending],
    groups: &[bool],
    docs: &[bool],
    doc_report: bool,
) -> (Vec<Option<usize>>, Vec<Option<Date>>) {
    let n = pending.len();
    let is_group = |i: usize| groups.get(i).copied().unwrap_or(false);
    let is_doc = |i: usize| docs.get(i).copied().unwrap_or(false);
    let text = |i: usize| pending.get(i).map_or("", |p| &*p.client_text);
    let mut client_row = vec![None; n];
    let mut text_date = vec![None; n];
    let mut last_client = None;
    for i in 0..n {
        if is_group(i) && !is_doc(i) && !is_contract(text(i)) {
            last_client = Some(i);
        } else if !is_group(i) && (is_doc(i) || !doc_report) {
            if let Some(slot) = client_row.get_mut(i) {
                *slot = last_client;
            }
            if let Some(slot) = text_date.get_mut(i) {
                *slot = document_date(text(i));
            }
        }
    }
    (client_row, text_date)
}

/// The group level right above the clients, when every line has one and it names
/// at least two values: managers (persons' names) or departments, for a table
/// without that column. Per line: the group row naming it.
fn level_above_clients(
    pending: &[Pending],
    groups: &[bool],
    docs: &[bool],
    client_row: &[Option<usize>],
    under: bool,
    has_role: impl Fn(Role) -> bool,
) -> Option<(Role, Vec<Option<usize>>)> {
    let n = pending.len();
    let is_group = |i: usize| groups.get(i).copied().unwrap_or(false);
    let is_doc = |i: usize| docs.get(i).copied().unwrap_or(false);
    let text = |i: usize| pending.get(i).map_or("", |p| &*p.client_text);
    // The client-level row of each line: its client group row, or the line itself.
    let client_level: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if is_group(i) {
                None
            } else if under {
                client_row.get(i).copied().flatten()
            } else {
                Some(i)
            }
        })
        .collect();
    let mut is_client_row = vec![false; n];
    for c in client_level.iter().flatten() {
        if let Some(x) = is_client_row.get_mut(*c) {
            *x = true;
        }
    }
    // The nearest group row above each line that is above the client level.
    let mut upper_before = vec![None; n];
    let mut last_upper = None;
    for (i, before) in upper_before.iter_mut().enumerate() {
        *before = last_upper;
        if is_group(i) && !is_client_row.get(i).copied().unwrap_or(false) && !is_doc(i) && !is_contract(text(i)) {
            last_upper = Some(i);
        }
    }
    // A row no deeper than the group above it (by indentation or outline) is its sibling, not under it.
    let depth = |i: usize| pending.get(i).map_or((0, 0), |p| (p.indent, p.outline));
    let nested = pending.iter().any(|p| p.indent > 0 || p.outline > 0);
    let under_group = |c: usize, g: usize| {
        let ((ci, co), (gi, go)) = (depth(c), depth(g));
        !nested || ci > gi || co > go
    };
    let parents: Vec<Option<usize>> = client_level
        .iter()
        .map(|c| c.and_then(|c| upper_before.get(c).copied().flatten().filter(|&g| under_group(c, g))))
        .collect();
    let mut lines = (0..n).filter(|&i| !is_group(i)).peekable();
    if lines.peek().is_none() || !lines.all(|i| parents.get(i).copied().flatten().is_some()) {
        return None;
    }
    let names: BTreeSet<String> = (0..n)
        .filter(|&i| !is_group(i))
        .filter_map(|i| parents.get(i).copied().flatten())
        .map(|j| clean_name(text(j)).to_lowercase())
        .collect();
    let role = if names.iter().all(|n| looks_like_person(n)) {
        Role::Manager
    } else {
        Role::Department
    };
    // One value says nothing (1C repeats "Покупатели" over everything).
    (names.len() >= 2 && !has_role(role)).then_some((role, parents))
}

/// Lines that may be groups by their look: sparse, indented unlike most
/// lines, or on another outline level than most lines.
fn hinted_candidates(pending: &[Pending]) -> Vec<bool> {
    // The most frequent value (ties: the larger one, the deeper level).
    fn usual<K: Copy + Eq + std::hash::Hash + Ord>(keys: impl Iterator<Item = K>, default: K) -> K {
        let mut counts: HashMap<K, u32> = HashMap::default();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(k, n)| (*n, *k))
            .map(|(k, _)| k)
            .unwrap_or(default)
    }
    // Sales lines share one indentation (0 in some exports, the deepest level in
    // others) and one outline level.
    let indent = usual(pending.iter().map(|p| p.indent), 0);
    let outline = usual(pending.iter().map(|p| p.outline), 0);
    let has_outline = pending.iter().any(|p| p.outline > 0);
    pending
        .iter()
        .map(|p| p.sparse || p.indent != indent || (has_outline && p.outline != outline))
        .collect()
}

/// Tells grouping lines from sales lines: a candidate is a group when its
/// amount equals the sum of the sales lines under it (at least one), found
/// with a stack of open groups; unconfirmed candidates become sales lines and
/// the check repeats until nothing changes. `fixed` lines are groups whatever
/// their sums.
fn confirm_groups(pending: &[Pending], mut candidate: Vec<bool>, fixed: &[bool]) -> Vec<bool> {
    const TOLERANCE: i128 = 100; // one cent, in ten-thousandths
    let is_fixed = |i: usize| fixed.get(i).copied().unwrap_or(false);
    for _ in 0..8 {
        let mut confirmed: Vec<bool> = (0..pending.len()).map(is_fixed).collect();
        // (index, target, accumulated, leaves)
        let mut open: Vec<(usize, i128, i128, u32)> = Vec::new();
        for (i, p) in pending.iter().enumerate() {
            if candidate.get(i).copied().unwrap_or(false) || is_fixed(i) {
                open.push((i, p.amount.0 as i128, 0, 0));
                continue;
            }
            for g in open.iter_mut() {
                g.2 += p.amount.0 as i128;
                g.3 += 1;
            }
            // Close the outermost group whose sum is complete, and everything opened inside it.
            if let Some(pos) = open.iter().position(|g| g.3 > 0 && (g.2 - g.1).abs() <= TOLERANCE) {
                for g in open.drain(pos..) {
                    if g.3 > 0
                        && (g.2 - g.1).abs() <= TOLERANCE
                        && let Some(c) = confirmed.get_mut(g.0)
                    {
                        *c = true;
                    }
                }
            }
        }
        if confirmed == candidate {
            return confirmed;
        }
        candidate = confirmed;
    }
    candidate
}

/// The date of a 1C document title: "… 0000-000123 от 15.03.2024", "… от
/// 01.02.2024 12:00:00" — a date right after " от " that follows a number.
fn document_date(text: &str) -> Option<Date> {
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|r| r.find(" от ")).map(|i| i + from) {
        let before = text.get(..at).unwrap_or("");
        let after = text.get(at + " от ".len()..).unwrap_or("");
        from = at + " от ".len();
        let numbered = before
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
        let token = after.split_whitespace().next().unwrap_or("");
        let token = token.trim_end_matches([',', ';', ')', 'г']).trim_end_matches('.');
        if numbered
            && token.contains('.')
            && token.chars().all(|c| c.is_ascii_digit() || c == '.')
            && let Some(d) = parse_date_text(token, DateOrder::DayFirst)
        {
            return Some(d);
        }
    }
    None
}

/// A 1C document title: a kind, a number, " от <date>" (not a contract).
fn is_document(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() >= 4 && !is_contract(t) && document_date(t).is_some()
}

/// "Договор № 12 от 01.01.2023", "Основной договор": a contract level, not a document.
fn is_contract(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    [
        "договор",
        "контракт",
        "основной договор",
        "доп. соглашение",
        "дополнительное соглашение",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// A person's name as managers are written: "Иванов И.И.", "Петрова Анна",
/// "Сидоров Олег Петрович" (lowercased input).
pub(super) fn looks_like_person(name: &str) -> bool {
    const NOT_PEOPLE: [&str; 16] = [
        "сектор",
        "отдел",
        "регион",
        "филиал",
        "группа",
        "покупатели",
        "ооо",
        "ип",
        "ао",
        "зао",
        "пао",
        "управл",
        "город",
        "район",
        "склад",
        "магазин",
    ];
    const SURNAME_ENDINGS: [&str; 16] = [
        "ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "цкая", "ых", "их",
    ];
    let name = name.trim().to_lowercase();
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if words.iter().any(|w| {
        NOT_PEOPLE
            .iter()
            .any(|n| w.trim_matches(|c: char| !c.is_alphabetic()) == *n)
    }) {
        return false;
    }
    let initials = |w: &str| {
        let body = w.trim_end_matches('.');
        !body.is_empty() && body.split('.').all(|p| p.chars().count() == 1)
    };
    let first = words.first().copied().unwrap_or("");
    let is_word = |w: &str| w.chars().all(|c| c.is_alphabetic() || c == '-');
    is_word(first)
        && first.chars().count() >= 2
        && words.iter().skip(1).all(|w| initials(w) || is_word(w))
        && (words.iter().skip(1).any(|w| initials(w)) || SURNAME_ENDINGS.iter().any(|e| first.ends_with(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(amount: i64, group: bool) -> Pending {
        line("", amount, group, 0)
    }

    fn line(text: &str, amount: i64, sparse: bool, indent: u16) -> Pending {
        Pending {
            client_text: text.into(),
            amount: Money(amount * Money::SCALE),
            sparse,
            indent,
            ..Pending::default()
        }
    }

    fn confirm(rows: &[Pending]) -> Vec<bool> {
        confirm_groups(rows, hinted_candidates(rows), &[])
    }

    #[test]
    fn nested_groups_repeating_the_grand_total_are_confirmed() {
        let rows = vec![p(60, true), p(60, true), p(10, false), p(20, false), p(30, false)];
        assert_eq!(confirm(&rows), vec![true, true, false, false, false]);
    }

    #[test]
    fn sibling_groups_with_their_own_subtotals_are_confirmed() {
        let rows = vec![
            p(100, true),
            p(30, true),
            p(10, false),
            p(20, false),
            p(70, true),
            p(70, false),
        ];
        assert_eq!(confirm(&rows), vec![true, true, false, false, true, false]);
    }

    #[test]
    fn a_sparse_row_that_does_not_sum_is_a_sale() {
        let rows = vec![p(10, false), p(55, true), p(20, false), p(30, false)];
        assert_eq!(confirm(&rows), vec![false, false, false, false]);
    }

    #[test]
    fn document_titles_and_their_dates() {
        let d = |s: &str| document_date(s).map(|d| d.to_string());
        assert_eq!(
            d("Реализация товаров и услуг 0000-000123 от 15.03.2024").as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            d("Реализация (акт, накладная) 00БП-000045 от 01.02.2024 12:00:00").as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(
            d("Возврат товаров от покупателя 0000-000012 от 20.03.2024").as_deref(),
            Some("2024-03-20")
        );
        assert_eq!(
            d("Корректировка реализации 0000-000007 от 05.03.24").as_deref(),
            Some("2024-03-05")
        );
        assert!(is_document("Возврат товаров от покупателя 0000-000012 от 20.03.2024"));
        assert!(is_document("Корректировка реализации 0000-000007 от 05.03.2024"));
        for t in [
            "ООО Ромашка",
            "Договор № 12 от 01.01.2023",
            "Свет от Солнца ООО",
            "Возврат товаров от покупателя",
            "ИП Петров от 2020",
        ] {
            assert!(!is_document(t), "{t}");
        }
    }

    #[test]
    fn managers_are_told_from_sectors() {
        for t in [
            "Смирнов А.А.",
            "Кузнецова Е. В.",
            "Петрова Анна",
            "Сидоров Олег Петрович",
        ] {
            assert!(looks_like_person(t), "{t}");
        }
        for t in [
            "Сектор Север",
            "Покупатели",
            "ООО Ромашка",
            "Москва",
            "Розница Москва",
            "Сектор 1",
            "Гафуров Д.В. ИП",
        ] {
            assert!(!looks_like_person(t), "{t}");
        }
    }

    #[test]
    fn document_lines_take_their_client_row_and_the_level_above() {
        let rows = vec![
            line("Сектор Север", 60, false, 0),
            line("ООО Ромашка", 40, false, 0),
            line("Реализация товаров и услуг 0000-000001 от 15.01.2024", 50, false, 0),
            line("Возврат товаров от покупателя 0000-000002 от 20.01.2024", -10, false, 0),
            line("ИП Петров", 20, false, 0),
            line("Реализация товаров и услуг 0000-000003 от 16.01.2024", 20, false, 0),
            line("Сектор Юг", 5, false, 0),
            line("АО Вектор", 5, false, 0),
            line("Реализация товаров и услуг 0000-000004 от 17.01.2024", 5, false, 0),
        ];
        let s = structure(&rows, Below::Clients, |_| false);
        assert_eq!(s.groups, vec![true, true, false, false, true, false, true, true, false]);
        assert_eq!(s.client_row[2], Some(1));
        assert_eq!(s.client_row[3], Some(1));
        assert_eq!(s.client_row[5], Some(4));
        assert_eq!(s.client_row[8], Some(7));
        assert_eq!(s.text_date[3].map(|d| d.to_string()).as_deref(), Some("2024-01-20"));
        let (role, level) = s.level.clone().unwrap();
        assert_eq!(role, Role::Department);
        assert_eq!((level[2], level[5], level[8]), (Some(0), Some(0), Some(6)));
        // With a department column of its own, the level is not used.
        assert!(
            structure(&rows, Below::Clients, |r| r == Role::Department)
                .level
                .is_none()
        );
    }

    #[test]
    fn a_client_row_whose_documents_do_not_add_up_is_still_a_group() {
        let rows = vec![
            line("ООО Ромашка", 45, false, 0),
            line("Реализация товаров и услуг 0000-000001 от 15.01.2024", 50, false, 0),
            line("ИП Петров", 20, false, 0),
            line("Реализация товаров и услуг 0000-000003 от 16.01.2024", 20, false, 0),
        ];
        let s = structure(&rows, Below::Clients, |_| false);
        assert_eq!(s.groups, vec![true, false, true, false]);
        assert!(s.level.is_none(), "no level above the clients");
    }

    #[test]
    fn outline_levels_say_which_rows_may_be_groups() {
        // No indentation, nothing sparse: only the xlsx outline tells the client rows (level 1) from the sales (2).
        let at = |text: &str, amount: i64, outline: u8| Pending {
            outline,
            ..line(text, amount, false, 0)
        };
        let rows = vec![
            at("ООО Ромашка", 30, 1),
            at("ООО Ромашка", 10, 2),
            at("ООО Ромашка", 20, 2),
            at("ИП Петров", 7, 1),
            at("ИП Петров", 7, 2),
        ];
        assert_eq!(
            structure(&rows, Below::Clients, |_| false).groups,
            vec![true, false, false, true, false]
        );
        let flat: Vec<Pending> = rows
            .iter()
            .map(|p| Pending {
                outline: 0,
                ..p.clone()
            })
            .collect();
        assert_eq!(
            structure(&flat, Below::Clients, |_| false).groups,
            vec![false; 5],
            "without the outline: all sales"
        );
    }

    #[test]
    fn the_header_says_what_the_leaves_are() {
        assert_eq!(below_clients("Контрагент / Документ продажи"), Below::Documents);
        assert_eq!(below_clients("Контрагент / Регистратор"), Below::Documents);
        assert_eq!(below_clients("Контрагент / Номенклатура"), Below::Products);
        assert_eq!(below_clients("Менеджер / Контрагент"), Below::Clients);
        assert_eq!(below_clients("Номенклатура"), Below::Clients);
    }

    #[test]
    fn product_leaves_under_an_indented_client_belong_to_it() {
        // "Анализ продаж": Контрагент / Номенклатура, products indented under their client.
        let rows = vec![
            line("ООО Ромашка", 30, false, 0),
            line("   Бумага А4", 10, false, 3),
            line("   Тонер", 20, false, 3),
            line("ИП Петров", 7, false, 0),
            line("   Бумага А4", 7, false, 3),
        ];
        let s = structure(&rows, Below::Products, |_| false);
        assert_eq!(s.groups, vec![true, false, false, true, false]);
        assert_eq!(s.client_row, vec![None, Some(0), Some(0), None, Some(3)]);
        // The same rows read as clients when the header says nothing.
        assert!(
            structure(&rows, Below::Clients, |_| false)
                .client_row
                .iter()
                .all(Option::is_none)
        );
    }
}

// What the boxes are for: a candidate is 88 bytes in the page's wasm32 build (152 before).
#[cfg(target_arch = "wasm32")]
const _: () = assert!(std::mem::size_of::<Pending>() == 88);

//! From the raw lines of one or more tables to clients: who is who.
//!
//! In order, each step reported as a data-quality note:
//! 1. **Status.** Lines whose status says the order was cancelled or not
//!    shipped ([`is_cancelled_status`]) leave the sales as `status_excluded`
//!    rows of their part, or stay with a `status_kept` note when the caller
//!    keeps them (`IdentityOptions::keep_cancelled`).
//! 2. **Names and IDs.** Lines are grouped by their folded name (case,
//!    quotes, ё, legal forms): several spellings of one name are one client
//!    (`client_names_merged`). A tax ID or client code is stronger: lines with
//!    one ID are one client whatever their names (`clients_grouped_by_id`);
//!    a line without an ID joins the ID its folded name carries elsewhere when
//!    there is exactly one. Two IDs whose names fold alike stay two clients,
//!    told apart by the ID appended to the name: `ООО Ромашка (7701234567)`.
//! 3. **Parent company.** With a parent column, subsidiaries become one client
//!    named after the parent, as accounting treats companies under common
//!    control (`clients_grouped_by_parent`; off with
//!    `IdentityOptions::group_by_parent = false`). One level: a client's declared
//!    parent, or the client itself when another line names it as a parent.
//! 4. **The user's merges** (`IdentityOptions::merges`): each list of names becomes
//!    one client named after its largest member (`clients_merged_by_user`).
//! 5. **Suggestions.** Likely duplicates that are not certain — Latin/Cyrillic
//!    look-alike letters, a one- or two-letter spelling difference — are
//!    offered as [`Suggestion`]s, never merged without the user.

use crate::core::detect::Role;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::lines::{
    Client, LineNote, Part, RawLine, RowSet, SalesLine, SalesLines, SkipReason, Suggestion, TableLines,
};
use crate::core::options::IdentityOptions;
use crate::core::parse::name::{clean_name, fold_client_name, skeleton};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One table to combine: where it came from and its lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableInput {
    pub file: Option<String>,
    pub sheet: String,
    /// 1-based header row and how many rows it spans.
    pub header_row: u32,
    pub header_rows: u32,
    pub table: TableLines,
}

/// Combines tables into sales lines with clients.
///
/// # Errors
/// `mixed_currencies` when the tables are in different currencies.
pub fn resolve(tables: &[TableInput], options: &IdentityOptions) -> Result<SalesLines> {
    let mut currencies: Vec<&'static str> = tables.iter().filter_map(|t| t.table.currency).collect();
    currencies.sort_unstable();
    currencies.dedup();
    if currencies.len() > 1 {
        return Err(Error::new(ErrorKind::MixedCurrencies {
            currencies: currencies.iter().map(|c| c.to_string()).collect(),
        }));
    }

    let mut out = SalesLines::default();
    let mut raws: Vec<(u32, RawLine)> = Vec::new();
    for (part_no, input) in tables.iter().cloned().enumerate() {
        let part_no = part_no as u32;
        let TableInput {
            file,
            sheet,
            header_row,
            header_rows,
            mut table,
        } = input;
        if let Some(mut n) = apply_status(&mut table, options.keep_cancelled) {
            n.part = Some(part_no);
            out.notes.push(n);
        }
        let rows_used = table.rows_used();
        out.parts.push(Part {
            file,
            sheet,
            header_row,
            header_rows,
            rows_in_table: table.rows_in_table,
            rows_used,
            skipped: table.skipped,
        });
        for mut n in table.notes {
            n.part = Some(part_no);
            out.notes.push(n);
        }
        raws.extend(table.lines.into_iter().map(|l| (part_no, l)));
    }

    let ids = identify(&raws, options);
    out.clients = ids.clients;
    out.notes.extend(ids.notes);
    out.suggestions = ids.suggestions;

    let mut label_index: HashMap<String, u32> = HashMap::new();
    for ((part, raw), client) in raws.into_iter().zip(ids.line_client) {
        let mut intern = |s: Option<String>| {
            s.map(|s| {
                let next = out.labels.len() as u32;
                *label_index.entry(s.clone()).or_insert_with(|| {
                    out.labels.push(s);
                    next
                })
            })
        };
        let line = SalesLine {
            client,
            amount: raw.amount,
            date: raw.date,
            manager: intern(raw.manager),
            department: intern(raw.department),
            product: intern(raw.product),
            quantity: raw.quantity,
            row: raw.row,
            part,
        };
        out.lines.push(line);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------

/// Words that alone say an order did not happen (after `ё` → `е`, lowercase).
const CANCEL_WORDS: &[&str] = &[
    "отменен",
    "отменена",
    "отменено",
    "отменены",
    "отмена",
    "аннулирован",
    "аннулирована",
    "аннулировано",
    "аннулированы",
    "отказ",
    "удален",
    "удалена",
    "удалено",
    "cancelled",
    "canceled",
    "cancel",
    "cancellation",
    "void",
    "voided",
    "rejected",
    "annulled",
    "deleted",
];

/// Words that say it only after a negation: `Не проведен`, `Не отгружен`, `Not shipped`.
const NEGATED_WORDS: &[&str] = &[
    "проведен",
    "проведена",
    "проведено",
    "отгружен",
    "отгружена",
    "отгружено",
    "shipped",
];

/// Does this status say the order was cancelled or not shipped?
///
/// Matched on whole folded words: `Отменён`, `Cancelled`, `Аннулирован`,
/// `Не проведен`, `Не отгружено`, `Void`, `Rejected`, `Помечен на удаление`
/// do; `Shipped`, `Проведен`, `On Hold`, `Disputed`, `In Process`,
/// `Resolved`, `Не отменен` (negated) and `Частично отменен` (part of it
/// stands) do not.
pub fn is_cancelled_status(status: &str) -> bool {
    let folded: String = status
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let negation = |w: &str| matches!(w, "не" | "not" | "no" | "un");
    if words
        .iter()
        .any(|w| matches!(*w, "частично" | "partially" | "partial" | "part"))
    {
        return false;
    }
    let mut prev: Option<&str> = None;
    for &w in &words {
        let negated = prev.is_some_and(negation);
        if CANCEL_WORDS.contains(&w) && !negated {
            return true;
        }
        if NEGATED_WORDS.contains(&w) && negated {
            return true;
        }
        if matches!(w, "unshipped" | "непроведен" | "неотгружен") {
            return true;
        }
        if w == "удаление" && words.first() == Some(&"помечен") {
            return true;
        }
        prev = Some(w);
    }
    false
}

/// Moves the table's cancelled lines to its `status_excluded` rows (or keeps
/// them); returns the note saying which statuses (`status_excluded` carries
/// the detail of that skip reason, `status_kept` the kept rows).
fn apply_status(table: &mut TableLines, keep: bool) -> Option<LineNote> {
    if table.lines.iter().all(|l| l.status.is_none()) {
        return None;
    }
    let mut verdicts: HashMap<&str, bool> = HashMap::new();
    let mut cancelled = vec![false; table.lines.len()];
    for (flag, line) in cancelled.iter_mut().zip(&table.lines) {
        if let Some(s) = line.status.as_deref() {
            *flag = *verdicts.entry(s).or_insert_with(|| is_cancelled_status(s));
        }
    }
    if !cancelled.contains(&true) {
        return None;
    }
    let mut statuses: Vec<String> = Vec::new();
    let mut rows = RowSet::default();
    let mut last_row = None;
    let lines = std::mem::take(&mut table.lines);
    for (line, is_cancelled) in lines.into_iter().zip(cancelled) {
        if !is_cancelled {
            table.lines.push(line);
            continue;
        }
        // One row may hold several lines (a wide layout's periods): count it once.
        if last_row != Some(line.row) {
            rows.add(line.row);
            last_row = Some(line.row);
        }
        if let Some(s) = &line.status
            && !statuses.contains(s)
        {
            statuses.push(s.clone());
        }
        if keep {
            table.lines.push(line);
        }
    }
    let code = if keep {
        "status_kept"
    } else {
        table
            .skipped
            .entry(SkipReason::StatusExcluded)
            .or_default()
            .add_rows(&rows);
        // Returns netted into clients: only those still counted.
        recount_negative(table);
        SkipReason::StatusExcluded.as_str()
    };
    Some(LineNote {
        code,
        role: Some(Role::Status),
        rows,
        detail: Some(statuses.join(", ")),
        part: None,
    })
}

/// Rebuilds the `negative_amount` note from the lines that remain (after excluded rows left).
fn recount_negative(table: &mut TableLines) {
    let Some(pos) = table.notes.iter().position(|n| n.code == "negative_amount") else {
        return;
    };
    let mut rows = RowSet::default();
    let mut last_row = None;
    for line in table.lines.iter().filter(|l| l.amount.0 < 0) {
        if last_row != Some(line.row) {
            rows.add(line.row);
            last_row = Some(line.row);
        }
    }
    if rows.count == 0 {
        table.notes.remove(pos);
    } else if let Some(n) = table.notes.get_mut(pos) {
        n.rows = rows;
    }
}

// ---------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------

/// Clients for the lines, in line order.
struct Identified {
    line_client: Vec<u32>,
    clients: Vec<Client>,
    notes: Vec<LineNote>,
    suggestions: Vec<Suggestion>,
}

/// Counts of a text's uses, with the order it was first seen (ties go to the first).
#[derive(Default)]
struct Uses(HashMap<String, (u32, usize)>);

impl Uses {
    fn add(&mut self, s: &str, weight: u32) {
        // Called per line: allocate only for a spelling not seen yet.
        if let Some(e) = self.0.get_mut(s) {
            e.0 += weight;
        } else {
            let seen = self.0.len();
            self.0.insert(s.to_string(), (weight, seen));
        }
    }
    /// Most used first.
    fn ranked(&self) -> Vec<String> {
        let mut v: Vec<(&String, &(u32, usize))> = self.0.iter().collect();
        v.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
        v.into_iter().map(|(s, _)| s.clone()).collect()
    }
}

/// Lines grouped by ID or folded name, before parents and merges.
#[derive(Default)]
struct Base {
    id: Option<String>,
    /// Spellings as written, and the folded names they carry.
    spellings: Uses,
    folds: BTreeMap<String, BTreeSet<String>>,
    parents: Uses,
    amount: i128,
    /// Line indexes.
    lines: Vec<usize>,
    name: String,
    fold: String,
}

/// What a final client is made of.
struct Group {
    bases: Vec<usize>,
    name: String,
    id: Option<String>,
    names: Vec<String>,
    amount: i128,
}

/// A tax ID or code as compared: no spaces, uppercase; the ИНН of an
/// `ИНН/КПП` pair; nothing for placeholders (`0`, `-`, `н/д`).
fn normalize_id(raw: &str) -> Option<String> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let compact = match compact.split_once('/') {
        Some((inn, kpp))
            if matches!(inn.len(), 10 | 12)
                && kpp.len() == 9
                && inn.chars().chain(kpp.chars()).all(|c| c.is_ascii_digit()) =>
        {
            inn.to_string()
        }
        _ => compact,
    };
    let meaningful = compact.chars().any(|c| c.is_alphanumeric() && c != '0');
    let placeholder = matches!(compact.as_str(), "Н/Д" | "НЕТ" | "N/A" | "NA" | "NONE" | "NULL" | "-");
    (meaningful && !placeholder).then_some(compact)
}

fn identify(raws: &[(u32, RawLine)], options: &IdentityOptions) -> Identified {
    let folds: Vec<String> = raws.iter().map(|(_, l)| fold_client_name(&l.client)).collect();
    let ids: Vec<Option<String>> = raws
        .iter()
        .map(|(_, l)| l.client_id.as_deref().and_then(normalize_id))
        .collect();

    // A name carried with exactly one ID lends it to the same name's lines without one.
    let mut ids_of_fold: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (fold, id) in folds.iter().zip(&ids) {
        if let Some(id) = id {
            ids_of_fold.entry(fold.as_str()).or_default().insert(id.as_str());
        }
    }
    let mut bases: Vec<Base> = Vec::new();
    let mut base_of_key: HashMap<(bool, String), usize> = HashMap::new();
    let mut line_base: Vec<usize> = Vec::with_capacity(raws.len());
    for (i, ((_, raw), fold)) in raws.iter().zip(&folds).enumerate() {
        let id = ids.get(i).cloned().flatten().or_else(|| {
            ids_of_fold
                .get(fold.as_str())
                .filter(|s| s.len() == 1)
                .and_then(|s| s.first().map(|s| s.to_string()))
        });
        let key = match &id {
            Some(id) => (true, id.clone()),
            None => (false, fold.clone()),
        };
        let next = bases.len();
        let b = *base_of_key.entry(key).or_insert_with(|| {
            bases.push(Base { id, ..Base::default() });
            next
        });
        line_base.push(b);
        if let Some(base) = bases.get_mut(b) {
            base.spellings.add(&raw.client, 1);
            match base.folds.get_mut(fold.as_str()) {
                Some(set) if set.contains(&raw.client) => {}
                Some(set) => {
                    set.insert(raw.client.clone());
                }
                None => {
                    base.folds.insert(fold.clone(), BTreeSet::from([raw.client.clone()]));
                }
            }
            if let Some(p) = &raw.parent {
                base.parents.add(p, 1);
            }
            base.amount += i128::from(raw.amount.0);
            base.lines.push(i);
        }
    }
    for b in &mut bases {
        b.name = b.spellings.ranked().into_iter().next().unwrap_or_default();
        b.fold = fold_client_name(&b.name);
    }

    let mut notes = Vec::new();
    let row_of = |i: usize| raws.get(i).map(|(p, l)| (*p, l.row));

    // Several spellings of one folded name.
    let spelled: Vec<bool> = bases.iter().map(|b| b.folds.values().any(|s| s.len() > 1)).collect();
    // Several folded names under one ID: the lines not under the client's main name.
    let by_id: Vec<usize> = (0..bases.len())
        .filter(|&b| bases.get(b).is_some_and(|b| b.id.is_some() && b.folds.len() > 1))
        .collect();
    if !by_id.is_empty() {
        let rows = by_id.iter().filter_map(|&b| bases.get(b)).flat_map(|b| {
            b.lines
                .iter()
                .filter(|&&i| folds.get(i) != Some(&b.fold))
                .filter_map(|&i| row_of(i))
        });
        let example = by_id.first().and_then(|&b| bases.get(b)).map(|b| b.name.clone());
        notes.push(note(
            "clients_grouped_by_id",
            Role::ClientId,
            by_id.len(),
            rows,
            example,
        ));
    }

    // Parent groups: a base joins its declared parent, or the parent it is itself.
    let mut group_of_base: Vec<Option<usize>> = vec![None; bases.len()];
    let mut groups: Vec<Group> = Vec::new();
    let mut parent_spellings: Vec<Uses> = Vec::new();
    let mut group_of_fold: HashMap<String, usize> = HashMap::new();
    if options.group_by_parent {
        let declared: Vec<Option<(String, String)>> = bases
            .iter()
            .map(|b| {
                let p = b.parents.ranked().into_iter().next()?;
                let fold = fold_client_name(&p);
                (!fold.is_empty()).then_some((p, fold))
            })
            .collect();
        for (b, d) in declared.iter().enumerate() {
            let Some((_, pfold)) = d else { continue };
            let next = groups.len();
            let g = *group_of_fold.entry(pfold.clone()).or_insert_with(|| {
                groups.push(Group {
                    bases: vec![],
                    name: String::new(),
                    id: None,
                    names: vec![],
                    amount: 0,
                });
                parent_spellings.push(Uses::default());
                next
            });
            if let Some(slot) = group_of_base.get_mut(b) {
                *slot = Some(g);
            }
        }
        // Parent spellings weighted by lines; the parent's own lines as a client count too.
        for (b, base) in bases.iter().enumerate() {
            let Some(g) = group_of_base.get(b).copied().flatten() else {
                continue;
            };
            if let Some(u) = parent_spellings.get_mut(g) {
                for (p, (n, _)) in &base.parents.0 {
                    u.add(p, *n);
                }
            }
        }
        for (b, base) in bases.iter().enumerate() {
            if group_of_base.get(b).copied().flatten().is_none()
                && let Some(&g) = group_of_fold.get(&base.fold)
                && let Some(slot) = group_of_base.get_mut(b)
            {
                *slot = Some(g);
            }
        }
    }
    // Every base without a parent group is a group of its own.
    for slot in group_of_base.iter_mut().filter(|s| s.is_none()) {
        *slot = Some(groups.len());
        groups.push(Group {
            bases: vec![],
            name: String::new(),
            id: None,
            names: vec![],
            amount: 0,
        });
    }
    for (b, g) in group_of_base.iter().enumerate() {
        if let Some(group) = g.and_then(|g| groups.get_mut(g)) {
            group.bases.push(b);
        }
    }
    let mut parent_rows: Vec<(u32, u32)> = Vec::new();
    let mut parent_groups = 0usize;
    let mut parent_example = None;
    for (g, group) in groups.iter_mut().enumerate() {
        group
            .bases
            .sort_by(|a, b| base_amount(&bases, *b).cmp(&base_amount(&bases, *a)).then(a.cmp(b)));
        group.amount = group.bases.iter().map(|&b| base_amount(&bases, b)).sum();
        let parent = parent_spellings.get(g).and_then(|u| u.ranked().into_iter().next());
        match parent {
            Some(pname) => {
                let pfold = fold_client_name(&pname);
                // The parent's own lines give it its ID and its spelling (when it buys too).
                let own = group
                    .bases
                    .iter()
                    .filter_map(|&b| bases.get(b))
                    .find(|b| b.fold == pfold);
                group.id = own.and_then(|b| b.id.clone());
                group.name = own.map(|b| b.name.clone()).unwrap_or(pname);
                let subsidiaries: Vec<&Base> = group
                    .bases
                    .iter()
                    .filter_map(|&b| bases.get(b))
                    .filter(|b| b.fold != pfold)
                    .collect();
                if !subsidiaries.is_empty() {
                    parent_groups += 1;
                    parent_example.get_or_insert_with(|| group.name.clone());
                    parent_rows.extend(
                        subsidiaries
                            .iter()
                            .flat_map(|b| b.lines.iter().filter_map(|&i| row_of(i))),
                    );
                }
            }
            None => {
                let base = group.bases.first().and_then(|&b| bases.get(b));
                group.id = base.and_then(|b| b.id.clone());
                group.name = base.map(|b| b.name.clone()).unwrap_or_default();
            }
        }
        group.names = other_names(group.bases.iter().filter_map(|&b| bases.get(b)), &group.name);
    }
    if parent_groups > 0 {
        parent_rows.sort_unstable();
        notes.push(note(
            "clients_grouped_by_parent",
            Role::Parent,
            parent_groups,
            parent_rows.into_iter(),
            parent_example,
        ));
    }
    distinguish(&mut groups);

    // The user's merges, over the names the user saw.
    let (mut groups, merge_note) = apply_merges(groups, &bases, &options.merges, &row_of);
    notes.extend(merge_note);
    distinguish(&mut groups);

    if spelled.contains(&true) {
        let clients_spelled: Vec<usize> = (0..groups.len())
            .filter(|&g| {
                groups
                    .get(g)
                    .is_some_and(|g| g.bases.iter().any(|&b| spelled.get(b) == Some(&true)))
            })
            .collect();
        let example = clients_spelled
            .first()
            .and_then(|&g| groups.get(g))
            .map(|g| g.name.clone());
        notes.push(LineNote {
            code: "client_names_merged",
            role: Some(Role::Client),
            rows: RowSet {
                count: clients_spelled.len() as u32,
                first: vec![],
            },
            detail: example,
            part: None,
        });
    }

    let mut client_of_base = vec![0u32; bases.len()];
    for (g, group) in groups.iter().enumerate() {
        for &b in &group.bases {
            if let Some(slot) = client_of_base.get_mut(b) {
                *slot = g as u32;
            }
        }
    }
    let line_client: Vec<u32> = line_base
        .iter()
        .map(|&b| client_of_base.get(b).copied().unwrap_or(0))
        .collect();
    let suggestions = suggest(&groups);
    let clients = groups
        .into_iter()
        .map(|g| {
            let spellings: usize = g
                .bases
                .iter()
                .filter_map(|&b| bases.get(b))
                .map(|b| b.spellings.0.len())
                .sum();
            Client {
                key: fold_client_name(&g.name),
                spellings: spellings as u32,
                id: g.id,
                names: g.names,
                name: g.name,
            }
        })
        .collect();
    Identified {
        line_client,
        clients,
        notes,
        suggestions,
    }
}

fn base_amount(bases: &[Base], b: usize) -> i128 {
    bases.get(b).map(|b| b.amount).unwrap_or(0)
}

/// Every name of these bases but `name`: each base's name, then its other spellings, most used first.
fn other_names<'a>(bases: impl Iterator<Item = &'a Base>, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in bases {
        for s in b.spellings.ranked() {
            if s != name && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// A note over the rows concerned: `count` clients, the first rows, the part when they share one.
fn note(
    code: &'static str,
    role: Role,
    count: usize,
    rows: impl Iterator<Item = (u32, u32)>,
    detail: Option<String>,
) -> LineNote {
    let mut first = Vec::new();
    let mut parts = BTreeSet::new();
    for (part, row) in rows {
        parts.insert(part);
        if first.len() < 10 && !first.contains(&row) {
            first.push(row);
        }
    }
    let part = if parts.len() == 1 { parts.first().copied() } else { None };
    LineNote {
        code,
        role: Some(role),
        rows: RowSet {
            count: count as u32,
            first: if part.is_some() { first } else { vec![] },
        },
        detail,
        part,
    }
}

/// Clients whose names fold alike (two IDs, one name) get their ID appended;
/// any name still shown twice gets a number.
fn distinguish(groups: &mut [Group]) {
    let mut by_fold: HashMap<String, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        by_fold.entry(fold_client_name(&group.name)).or_default().push(g);
    }
    for members in by_fold.values().filter(|m| m.len() > 1) {
        for &g in members {
            if let Some(group) = groups.get_mut(g)
                && let Some(id) = &group.id
                && !group.name.ends_with(&format!("({id})"))
            {
                group.name = format!("{} ({id})", group.name);
            }
        }
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    for group in groups.iter_mut() {
        let n = seen.entry(group.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            group.name = format!("{} ({n})", group.name);
        }
    }
}

/// Applies the user's merges: each list's clients become one, named after the
/// largest (ties: the first listed). Names matching no client are ignored; a
/// list with fewer than two known clients does nothing.
fn apply_merges(
    groups: Vec<Group>,
    bases: &[Base],
    merges: &[Vec<String>],
    row_of: &dyn Fn(usize) -> Option<(u32, u32)>,
) -> (Vec<Group>, Option<LineNote>) {
    if merges.is_empty() {
        return (groups, None);
    }
    let find = |name: &str| -> Option<usize> {
        let exact = groups.iter().position(|g| g.name == name);
        let clean = clean_name(name);
        exact
            .or_else(|| groups.iter().position(|g| clean_name(&g.name) == clean))
            .or_else(|| {
                groups
                    .iter()
                    .position(|g| g.names.iter().any(|n| clean_name(n) == clean))
            })
    };
    // Union-find over clients, the representative chosen per merge list.
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while let Some(&p) = parent.get(x) {
            if p == x {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(x) {
                *slot = grand;
            }
            x = p;
        }
        x
    }
    let amount = |g: usize| groups.get(g).map(|g| g.amount).unwrap_or(0);
    let mut applied = 0usize;
    let mut example = None;
    for list in merges {
        let mut members: Vec<usize> = Vec::new();
        for name in list {
            if let Some(g) = find(name) {
                let r = root(&mut parent, g);
                if !members.contains(&r) {
                    members.push(r);
                }
            }
        }
        if members.len() < 2 {
            continue;
        }
        // The largest first listed wins: max_by_key keeps the last maximum, so scan in reverse.
        let Some(&keep) = members.iter().rev().max_by_key(|&&g| amount(g)) else {
            continue;
        };
        for &m in &members {
            if let Some(slot) = parent.get_mut(m) {
                *slot = keep;
            }
        }
        applied += 1;
        example.get_or_insert(keep);
    }
    if applied == 0 {
        return (groups, None);
    }
    let roots: Vec<usize> = (0..groups.len()).map(|g| root(&mut parent, g)).collect();
    let mut merged_rows: Vec<(u32, u32)> = Vec::new();
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    let mut absorbed: HashMap<usize, Vec<Group>> = HashMap::new();
    for (g, &r) in roots.iter().enumerate() {
        if g != r
            && let Some(group) = slots.get_mut(g).and_then(Option::take)
        {
            merged_rows.extend(
                group
                    .bases
                    .iter()
                    .filter_map(|&b| bases.get(b))
                    .flat_map(|b| b.lines.iter().filter_map(|&i| row_of(i))),
            );
            absorbed.entry(r).or_default().push(group);
        }
    }
    let example = example
        .map(|e| root(&mut parent, e))
        .and_then(|r| slots.get(r).and_then(|g| g.as_ref()).map(|g| g.name.clone()));
    let mut out = Vec::new();
    for (g, slot) in slots.into_iter().enumerate() {
        let Some(mut group) = slot else { continue };
        if let Some(mut others) = absorbed.remove(&g) {
            others.sort_by_key(|o| std::cmp::Reverse(o.amount));
            for other in others {
                group.amount += other.amount;
                group.bases.extend(other.bases);
                group.id = group.id.or(other.id);
                for n in std::iter::once(other.name).chain(other.names) {
                    if n != group.name && !group.names.contains(&n) {
                        group.names.push(n);
                    }
                }
            }
        }
        out.push(group);
    }
    merged_rows.sort_unstable();
    let n = note(
        "clients_merged_by_user",
        Role::Client,
        applied,
        merged_rows.into_iter(),
        example,
    );
    (out, Some(n))
}

// ---------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------

/// At most this many suggestions, the largest amounts first.
const MAX_SUGGESTIONS: usize = 50;
/// Clients compared for spelling differences: the largest ones.
const MAX_COMPARED: usize = 5000;
/// Clients compared within one block (same first or last two letters).
const MAX_PER_BLOCK: usize = 400;

/// Likely duplicates among the final clients: look-alike letters (one
/// skeleton, different folded names), then small spelling differences on the
/// folded name — at most 1 edit (Damerau–Levenshtein, adjacent transpositions)
/// for names of 6+ letters, 2 for 12+ — not differing in digits or initials
/// only. Clients with two different IDs are never suggested.
fn suggest(groups: &[Group]) -> Vec<Suggestion> {
    let folds: Vec<String> = groups.iter().map(|g| fold_client_name(&g.name)).collect();
    let different_ids = |a: usize, b: usize| match (groups.get(a), groups.get(b)) {
        (Some(x), Some(y)) => x.id.is_some() && y.id.is_some() && x.id != y.id,
        _ => false,
    };
    let mut out: Vec<(i128, Suggestion)> = Vec::new();
    let amount = |g: usize| groups.get(g).map(|g| g.amount).unwrap_or(0);

    // Look-alike letters.
    let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        let sk = skeleton(&group.name);
        if !sk.is_empty() {
            by_skeleton.entry(sk).or_default().push(g);
        }
    }
    let mut lookalike_pairs: HashSet<(usize, usize)> = HashSet::new();
    for members in by_skeleton.values() {
        let mut keep: Vec<usize> = Vec::new();
        for &g in members {
            let fold = folds.get(g);
            let distinct = keep.iter().all(|&k| folds.get(k) != fold && !different_ids(k, g));
            if distinct {
                keep.push(g);
            }
        }
        if keep.len() < 2 {
            continue;
        }
        keep.sort_by(|a, b| amount(*b).cmp(&amount(*a)).then(a.cmp(b)));
        for (i, &a) in keep.iter().enumerate() {
            for &b in keep.iter().skip(i + 1) {
                lookalike_pairs.insert((a.min(b), a.max(b)));
            }
        }
        let names: Vec<&str> = keep
            .iter()
            .filter_map(|&g| groups.get(g).map(|g| g.name.as_str()))
            .collect();
        let detail = mixed_letters(&names);
        let total = keep.iter().map(|&g| amount(g)).sum();
        out.push((
            total,
            Suggestion {
                clients: keep.iter().map(|&g| g as u32).collect(),
                reason: "lookalike_letters",
                detail,
            },
        ));
    }

    // Small spelling differences, within blocks of the same first or last two letters.
    let chars: Vec<Vec<char>> = folds.iter().map(|f| f.chars().collect()).collect();
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| chars.get(g).is_some_and(|c| c.len() >= 6))
        .collect();
    order.sort_by(|a, b| amount(*b).cmp(&amount(*a)).then(a.cmp(b)));
    order.truncate(MAX_COMPARED);
    let mut blocks: HashMap<(bool, [char; 2]), Vec<usize>> = HashMap::new();
    for &g in &order {
        let Some(c) = chars.get(g) else { continue };
        let (Some(&a), Some(&b)) = (c.first(), c.get(1)) else {
            continue;
        };
        blocks.entry((false, [a, b])).or_default().push(g);
        if let (Some(&y), Some(&z)) = (c.get(c.len() - 2), c.last()) {
            blocks.entry((true, [y, z])).or_default().push(g);
        }
    }
    let mut block_keys: Vec<&(bool, [char; 2])> = blocks.keys().collect();
    block_keys.sort();
    let mut scratch = Scratch::default();
    let mut similar: Vec<(i128, usize, usize, usize)> = Vec::new();
    for key in block_keys {
        let Some(members) = blocks.get(key) else { continue };
        let members = members.get(..members.len().min(MAX_PER_BLOCK)).unwrap_or(&[]);
        for (i, &a) in members.iter().enumerate() {
            let Some(ca) = chars.get(a) else { continue };
            for &b in members.iter().skip(i + 1) {
                let Some(cb) = chars.get(b) else { continue };
                let k = if ca.len().min(cb.len()) >= 12 { 2 } else { 1 };
                // A pair sharing its first two letters was compared in that block already.
                let compared = key.0 && ca.get(..2) == cb.get(..2);
                if ca.len().abs_diff(cb.len()) > k || compared || different_ids(a, b) {
                    continue;
                }
                let pair = (a.min(b), a.max(b));
                if lookalike_pairs.contains(&pair) {
                    continue;
                }
                let Some(d) = osa_within(ca, cb, k, &mut scratch) else {
                    continue;
                };
                if d > 0 && plausible_typo(folds.get(a), folds.get(b)) {
                    similar.push((amount(a) + amount(b), pair.0, pair.1, d));
                }
            }
        }
    }
    similar.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    similar.truncate(MAX_SUGGESTIONS);
    for (total, a, b, d) in similar {
        // The larger first, as in a look-alike suggestion.
        let (a, b) = if amount(b) > amount(a) { (b, a) } else { (a, b) };
        out.push((
            total,
            Suggestion {
                clients: vec![a as u32, b as u32],
                reason: "similar_name",
                detail: Some(d.to_string()),
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.clients.cmp(&b.1.clients)));
    out.truncate(MAX_SUGGESTIONS);
    out.into_iter().map(|(_, s)| s).collect()
}

/// Not a real difference between two clients: the same digits (`Магнит 12` ≠
/// `Магнит 13`) and not only different initials (`Иванов И.И.` ≠ `Иванов И.А.`).
fn plausible_typo(a: Option<&String>, b: Option<&String>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return false };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if digits(a) != digits(b) {
        return false;
    }
    let ta: Vec<&str> = a.split_whitespace().collect();
    let tb: Vec<&str> = b.split_whitespace().collect();
    if ta.len() == tb.len() {
        let differing: Vec<(&&str, &&str)> = ta.iter().zip(&tb).filter(|(x, y)| x != y).collect();
        if !differing.is_empty()
            && differing
                .iter()
                .all(|(x, y)| x.chars().count() <= 2 && y.chars().count() <= 2)
        {
            return false;
        }
    }
    true
}

/// The letters written in the other script than the rest of their name
/// (`P, a` in `OOO Pомашкa`), for the suggestion's detail.
fn mixed_letters(names: &[&str]) -> Option<String> {
    let is_cyr = |c: &char| ('\u{400}'..='\u{4ff}').contains(c);
    let count = |s: &str| {
        (
            s.chars().filter(char::is_ascii_alphabetic).count(),
            s.chars().filter(is_cyr).count(),
        )
    };
    let mut out: Vec<char> = Vec::new();
    for name in names {
        let (latin, cyrillic) = count(name);
        if latin == 0 || cyrillic == 0 {
            continue;
        }
        for word in name.split_whitespace() {
            // In a mixed word its minority letters are odd; a word in one script
            // is odd when that script is the name's minority (`OOO` in `OOO Ромашка`).
            let odd_latin = match count(word) {
                (0, 0) => continue,
                (0, _) => latin > cyrillic,
                (_, 0) => latin <= cyrillic,
                (l, c) => l <= c,
            };
            let odd = word
                .chars()
                .filter(|c| if odd_latin { c.is_ascii_alphabetic() } else { is_cyr(c) });
            for c in odd {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    (!out.is_empty()).then(|| out.iter().map(char::to_string).collect::<Vec<_>>().join(", "))
}

/// Reusable rows for [`osa_within`].
#[derive(Default)]
struct Scratch {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Optimal-string-alignment distance (Damerau–Levenshtein with adjacent
/// transpositions) when it is at most `k`, computed in a band of width `k`.
fn osa_within(a: &[char], b: &[char], k: usize, scratch: &mut Scratch) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    const INF: usize = usize::MAX / 4;
    let at = |v: &[usize], j: usize| v.get(j).copied().unwrap_or(INF);
    let Scratch { prev2, prev, cur } = scratch;
    prev2.clear();
    prev2.resize(m + 1, INF);
    prev.clear();
    prev.extend((0..=m).map(|j| if j <= k { j } else { INF }));
    cur.clear();
    cur.resize(m + 1, INF);
    for i in 1..=n {
        cur.fill(INF);
        if i <= k
            && let Some(c) = cur.first_mut()
        {
            *c = i;
        }
        let mut row_min = at(cur, 0);
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        let ai = a.get(i - 1);
        for j in lo..=hi {
            let bj = b.get(j - 1);
            let cost = usize::from(ai != bj);
            let mut v = (at(prev, j - 1) + cost).min(at(prev, j) + 1).min(at(cur, j - 1) + 1);
            if i > 1 && j > 1 && ai == b.get(j - 2) && a.get(i - 2) == bj {
                v = v.min(at(prev2, j - 2) + 1);
            }
            if let Some(c) = cur.get_mut(j) {
                *c = v;
            }
            row_min = row_min.min(v);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(prev2, prev);
        std::mem::swap(prev, cur);
    }
    let d = at(prev, m);
    (d <= k).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::Money;

    #[test]
    fn cancelled_and_not_shipped_statuses_are_recognised() {
        for s in [
            "Cancelled",
            "Canceled",
            "CANCELLED",
            "Отменен",
            "Отменён",
            "Отменено",
            "отменена клиентом",
            "Аннулирован",
            "Не проведен",
            "Не проведён",
            "Не отгружен",
            "Не отгружено",
            "Void",
            "Voided",
            "Rejected",
            "Order cancelled",
            "Not shipped",
            "Помечен на удаление",
        ] {
            assert!(is_cancelled_status(s), "{s}");
        }
        for s in [
            "Shipped",
            "On Hold",
            "Disputed",
            "In Process",
            "Resolved",
            "Проведен",
            "Проведён",
            "Отгружен",
            "Отгружено",
            "Не отменен",
            "Not cancelled",
            "Частично отменен",
            "Оплачен",
            "Не оплачен",
            "",
            "Выполнен",
        ] {
            assert!(!is_cancelled_status(s), "{s}");
        }
    }

    #[test]
    fn osa_distance_within_a_band() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        let mut scratch = Scratch::default();
        let mut osa_within_ = |a: &[char], b: &[char], k| osa_within(a, b, k, &mut scratch);
        assert_eq!(osa_within_(&c("вектор"), &c("векторр"), 1), Some(1));
        assert_eq!(osa_within_(&c("вектор"), &c("вектро"), 1), Some(1), "transposition");
        assert_eq!(osa_within_(&c("вектор"), &c("вектор"), 1), Some(0));
        assert_eq!(osa_within_(&c("вектор"), &c("сектар"), 1), None);
        assert_eq!(osa_within_(&c("вектор"), &c("сектар"), 2), Some(2));
        assert_eq!(osa_within_(&c("abcdef"), &c("abcdefgh"), 1), None);
        assert_eq!(osa_within_(&c("abcdef"), &c("abcdefgh"), 2), Some(2));
        assert_eq!(osa_within_(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(osa_within_(&c(""), &c("ab"), 2), Some(2));
    }

    #[test]
    fn ids_are_normalised() {
        assert_eq!(normalize_id(" 7701 234567 "), Some("7701234567".into()));
        assert_eq!(normalize_id("7701234567/770101001"), Some("7701234567".into()));
        assert_eq!(normalize_id("cg-12520"), Some("CG-12520".into()));
        assert_eq!(normalize_id("0"), None);
        assert_eq!(normalize_id("-"), None);
        assert_eq!(normalize_id("н/д"), None);
    }

    fn line(row: u32, client: &str, id: Option<&str>, parent: Option<&str>, amount: i64) -> RawLine {
        RawLine {
            row,
            client: client.into(),
            client_id: id.map(str::to_string),
            parent: parent.map(str::to_string),
            amount: Money(amount * Money::SCALE),
            ..RawLine::default()
        }
    }

    fn run(lines: Vec<RawLine>, identity: IdentityOptions) -> SalesLines {
        let table = TableLines {
            rows_in_table: lines.len() as u32,
            lines,
            ..TableLines::default()
        };
        let input = TableInput {
            sheet: "s".into(),
            header_row: 1,
            header_rows: 1,
            table,
            ..TableInput::default()
        };
        resolve(&[input], &identity).unwrap()
    }

    fn amounts(s: &SalesLines) -> BTreeMap<String, i64> {
        let mut m = BTreeMap::new();
        for l in &s.lines {
            let name = s.clients[l.client as usize].name.clone();
            *m.entry(name).or_default() += l.amount.0 / Money::SCALE;
        }
        m
    }

    #[test]
    fn one_id_groups_names_and_lends_itself_to_the_same_name_without_id() {
        let s = run(
            vec![
                line(2, "ООО Ромашка", Some("7701234567"), None, 10),
                line(3, "Ромашка Трейд", Some("7701234567"), None, 20),
                line(4, "ООО Ромашка", Some("7701234567"), None, 5),
                line(5, "Ромашка ООО", None, None, 1),
                line(6, "ИП Петров", None, None, 7),
            ],
            IdentityOptions::default(),
        );
        let got = amounts(&s);
        assert_eq!(got.get("ООО Ромашка"), Some(&36));
        assert_eq!(got.len(), 2);
        let c = s.clients.iter().find(|c| c.name == "ООО Ромашка").unwrap();
        assert_eq!(c.id.as_deref(), Some("7701234567"));
        assert_eq!(c.names, vec!["Ромашка Трейд".to_string(), "Ромашка ООО".to_string()]);
        let n = s.notes.iter().find(|n| n.code == "clients_grouped_by_id").unwrap();
        assert_eq!((n.rows.count, n.rows.first.clone()), (1, vec![3]));
    }

    #[test]
    fn two_ids_under_one_name_stay_two_clients_with_distinct_names() {
        let s = run(
            vec![
                line(2, "ООО Ромашка", Some("7701234567"), None, 10),
                line(3, "ООО Ромашка", Some("5001234567"), None, 20),
                line(4, "ООО Ромашка", None, None, 1),
            ],
            IdentityOptions::default(),
        );
        let got = amounts(&s);
        assert_eq!(got.get("ООО Ромашка (7701234567)"), Some(&10));
        assert_eq!(got.get("ООО Ромашка (5001234567)"), Some(&20));
        assert_eq!(got.get("ООО Ромашка"), Some(&1), "ambiguous without an ID");
        assert!(s.suggestions.is_empty(), "{:?}", s.suggestions);
    }

    #[test]
    fn subsidiaries_group_under_their_parent_unless_turned_off() {
        let lines = || {
            vec![
                line(2, "ООО Альфа-Север", None, Some("АО Альфа Холдинг"), 10),
                line(3, "ООО Альфа-Юг", None, Some("АО Альфа Холдинг"), 20),
                line(4, "АО Альфа Холдинг", Some("7700000001"), None, 5),
                line(5, "ИП Петров", None, None, 7),
            ]
        };
        let s = run(lines(), IdentityOptions::default());
        let got = amounts(&s);
        assert_eq!(got.get("АО Альфа Холдинг"), Some(&35));
        let c = s.clients.iter().find(|c| c.name == "АО Альфа Холдинг").unwrap();
        assert_eq!(c.id.as_deref(), Some("7700000001"));
        let names: BTreeSet<&str> = c.names.iter().map(String::as_str).collect();
        assert_eq!(names, BTreeSet::from(["ООО Альфа-Север", "ООО Альфа-Юг"]));
        assert!(
            s.notes
                .iter()
                .any(|n| n.code == "clients_grouped_by_parent" && n.rows.count == 1)
        );

        let off = IdentityOptions {
            group_by_parent: false,
            ..IdentityOptions::default()
        };
        let s = run(lines(), off);
        assert_eq!(amounts(&s).len(), 4);
        assert!(!s.notes.iter().any(|n| n.code == "clients_grouped_by_parent"));
    }

    #[test]
    fn lookalike_and_similar_names_are_suggested_and_merges_apply_them() {
        let lines = || {
            vec![
                line(2, "ООО Ромашка", None, None, 100),
                line(3, "OOO Pомашка", None, None, 30),
                line(4, "ООО Вектор", None, None, 50),
                line(5, "ООО Векторр", None, None, 5),
                line(6, "Магнит 12", None, None, 5),
                line(7, "Магнит 13", None, None, 5),
                line(8, "Иванов И.И.", None, None, 5),
                line(9, "Иванов И.А.", None, None, 5),
            ]
        };
        let s = run(lines(), IdentityOptions::default());
        let names = |sg: &Suggestion| -> BTreeSet<String> {
            sg.clients.iter().map(|&c| s.clients[c as usize].name.clone()).collect()
        };
        let got: Vec<(BTreeSet<String>, &str)> = s.suggestions.iter().map(|sg| (names(sg), sg.reason)).collect();
        assert_eq!(
            got,
            vec![
                (
                    BTreeSet::from(["ООО Ромашка".to_string(), "OOO Pомашка".to_string()]),
                    "lookalike_letters"
                ),
                (
                    BTreeSet::from(["ООО Вектор".to_string(), "ООО Векторр".to_string()]),
                    "similar_name"
                ),
            ]
        );
        assert_eq!(s.suggestions[0].detail.as_deref(), Some("O, P"));

        let merged = IdentityOptions {
            merges: vec![vec!["OOO Pомашка".into(), "ООО Ромашка".into(), "Нет такого".into()]],
            ..IdentityOptions::default()
        };
        let s = run(lines(), merged);
        assert_eq!(amounts(&s).get("ООО Ромашка"), Some(&130));
        let c = s.clients.iter().find(|c| c.name == "ООО Ромашка").unwrap();
        assert_eq!(c.names, vec!["OOO Pомашка".to_string()]);
        let n = s.notes.iter().find(|n| n.code == "clients_merged_by_user").unwrap();
        assert_eq!((n.rows.count, n.rows.first.clone()), (1, vec![3]));
        assert_eq!(s.suggestions.len(), 1, "the accepted suggestion is gone");
    }

    #[test]
    fn cancelled_rows_are_skipped_or_kept_and_counted_once() {
        let mut lines = vec![
            line(2, "А", None, None, 10),
            line(3, "Б", None, None, 20),
            line(4, "В", None, None, 30),
        ];
        lines[1].status = Some("Отменен".into());
        lines[2].status = Some("Не проведен".into());
        let mut table = TableLines {
            rows_in_table: 3,
            lines: lines.clone(),
            ..TableLines::default()
        };
        let n = apply_status(&mut table, false).unwrap();
        assert_eq!(n.code, "status_excluded");
        assert_eq!(n.detail.as_deref(), Some("Отменен, Не проведен"));
        assert_eq!(table.rows_used(), 1);
        assert_eq!(
            table.skipped.get(&SkipReason::StatusExcluded).unwrap().first,
            vec![3, 4]
        );

        let mut table = TableLines {
            rows_in_table: 3,
            lines,
            ..TableLines::default()
        };
        let n = apply_status(&mut table, true).unwrap();
        assert_eq!((n.code, n.rows.count), ("status_kept", 2));
        assert_eq!(table.rows_used(), 3);
        assert!(table.skipped.is_empty());
    }

    #[test]
    fn a_cancelled_return_is_no_longer_counted_as_a_return() {
        let mut lines = vec![
            line(2, "А", None, None, 10),
            line(3, "Б", None, None, -20),
            line(4, "В", None, None, -30),
        ];
        lines[2].status = Some("Отменен".into());
        let mut negative = RowSet::default();
        negative.add(3);
        negative.add(4);
        let mut table = TableLines {
            rows_in_table: 3,
            lines,
            notes: vec![LineNote {
                code: "negative_amount",
                role: Some(Role::Amount),
                rows: negative,
                detail: None,
                part: None,
            }],
            ..TableLines::default()
        };
        apply_status(&mut table, false).unwrap();
        let n = table.notes.iter().find(|n| n.code == "negative_amount").unwrap();
        assert_eq!((n.rows.count, n.rows.first.clone()), (1, vec![3]));
    }

    #[test]
    fn suggestions_stay_bounded_on_many_similar_names() {
        // 30,000 clients of 8 letters from a 4-letter alphabet: most have many neighbours one edit away.
        let mut x: u64 = 7;
        let lines: Vec<RawLine> = (0..30_000u32)
            .map(|i| {
                let name: String = (0..8)
                    .map(|_| {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        ['а', 'б', 'в', 'г'][(x >> 62) as usize]
                    })
                    .collect();
                line(i + 2, &name, None, None, i64::from(i % 97) + 1)
            })
            .collect();
        let s = run(lines, IdentityOptions::default());
        assert!(s.clients.len() > 20_000, "{}", s.clients.len());
        assert_eq!(s.suggestions.len(), MAX_SUGGESTIONS);
    }
}

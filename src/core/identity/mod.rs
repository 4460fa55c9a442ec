//! From the raw lines of one or more tables to clients: who is who.
//!
//! In order, each step reported as a data-quality note:
//! 1. **Status.** Lines whose status says the order was cancelled or not
//!    shipped (`status.rs`) leave the sales as `status_excluded`
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
//!    offered as suggestions (`suggest.rs`), never merged without the user.
//!
//! Steps 2–4 work on bases (lines of one ID or folded name)
//! gathered into `Group`s (final clients); `names.rs`, `parents.rs`,
//! `merges.rs` and `suggest.rs` each do one step, `groups.rs` holds what they share.

mod groups;
mod line;
mod merges;
mod names;
mod parents;
mod status;
mod suggest;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::model::{Client, LabelId, MarkSet, Part, RawLine, SalesLine, SalesLines, TableInput};
use crate::core::options::IdentityOptions;
use crate::core::quality::{Note, QualityCode, RowSet, SkipReason};
use crate::core::role::Role;
use crate::core::value::Money;
use groups::{Group, distinguish};
use line::Line;
use rustc_hash::FxHashMap;
use status::Status;

/// Combines tables into sales lines with clients.
///
/// # Errors
/// `mixed_currencies` when the tables are in different currencies.
pub fn resolve(tables: &[TableInput], options: &IdentityOptions) -> Result<SalesLines> {
    let Prepared {
        mut out,
        kept,
        line_client,
        ..
    } = prepare(tables, options)?;
    let mut labels = Labels::default();
    out.lines = kept
        .iter()
        .zip(line_client)
        .map(|(&(part, ref raw), client)| labels.line(raw, client, part))
        .collect();
    out.labels = labels.names;
    Ok(out)
}

/// [`resolve`], taking the tables' lines: each raw line becomes its sales line in the raw
/// lines' own memory (a `Vec` mapped in place: same alignment, a smaller element), so a
/// million lines do not need a second vector beside the first (56 MB on wasm32, where memory
/// never shrinks). The tables keep everything but their lines.
///
/// # Errors
/// As [`resolve`].
pub fn resolve_taking(tables: &mut [TableInput], options: &IdentityOptions) -> Result<SalesLines> {
    let Prepared {
        mut out,
        kept,
        line_client,
        statuses,
    } = prepare(tables, options)?;
    // The borrowed lines go before the tables' lines are taken; the statuses say which lines
    // `kept` held and which it turned negative.
    drop(kept);
    let mut labels = Labels::default();
    let mut clients = line_client.into_iter();
    let mut lines: Vec<SalesLine> = Vec::new();
    for (part, (input, status)) in tables.iter_mut().zip(statuses).enumerate() {
        let raws = std::mem::take(&mut input.table.lines);
        let converted: Vec<SalesLine> = raws
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !status.as_ref().is_some_and(|s| s.excluded(*i)))
            .map(|(i, mut raw)| {
                if status.as_ref().is_some_and(|s| s.negated(i, &raw)) {
                    turn(&mut raw);
                }
                labels.line(&raw, clients.next().unwrap_or_default(), part as u32)
            })
            .collect();
        if lines.is_empty() {
            lines = converted;
        } else {
            lines.extend(converted);
        }
    }
    out.lines = lines;
    out.labels = labels.names;
    Ok(out)
}

// What `resolve_taking` relies on to map the lines in place.
const _: () = assert!(std::mem::align_of::<RawLine>() == std::mem::align_of::<SalesLine>());
const _: () = assert!(std::mem::size_of::<RawLine>() >= std::mem::size_of::<SalesLine>());

/// A return written positive, counted negative.
fn turn(l: &mut RawLine) {
    l.amount = Money(-l.amount.0);
    if let Some(e) = l.extras.as_mut() {
        e.profit = e.profit.map(|p| Money(-p.0));
    }
}

/// The lines resolved but for their labels.
struct Prepared<'a> {
    /// Everything but the lines and labels: the parts, notes, clients (with the file's judgment).
    out: SalesLines,
    /// The lines counted, with their part, in line order.
    kept: Vec<(u32, Line<'a>)>,
    /// The client of each line of `kept`.
    line_client: Vec<u32>,
    /// Each table's statuses: which of its lines count and which turn negative.
    statuses: Vec<Option<Status>>,
}

fn prepare<'a>(tables: &'a [TableInput], options: &IdentityOptions) -> Result<Prepared<'a>> {
    let mut currencies: Vec<&'static str> = tables.iter().filter_map(|t| t.table.currency).collect();
    currencies.sort_unstable();
    currencies.dedup();
    if currencies.len() > 1 {
        return Err(Error::new(ErrorKind::MixedCurrencies {
            currencies: currencies.iter().map(|c| c.to_string()).collect(),
        }));
    }
    let mut out = SalesLines::default();
    let mut kept: Vec<(u32, Line<'_>)> = Vec::with_capacity(tables.iter().map(|t| t.table.lines.len()).sum());
    let mut statuses = Vec::with_capacity(tables.len());
    for (part_no, input) in tables.iter().enumerate() {
        let part_no = part_no as u32;
        let (part, notes, lines, status) = part_of(input, options);
        out.parts.push(part);
        statuses.push(status);
        out.notes.extend(notes.into_iter().map(|mut n| {
            n.part = Some(part_no);
            n
        }));
        kept.extend(lines.into_iter().map(|l| (part_no, l)));
    }

    let ids = identify(&kept, options);
    out.clients = ids.clients;
    // Judgment from the file: a client's largest potential, the union of its marks.
    for ((_, raw), &client) in kept.iter().zip(&ids.line_client) {
        if let Some(c) = out.clients.get_mut(client as usize) {
            c.file_marks = c.file_marks.union(raw.marks());
            if let Some(p) = raw.potential().filter(|p| p.is_finite() && *p > 0.0) {
                c.potential = Some(c.potential.map_or(p, |q| q.max(p)));
            }
        }
    }
    out.notes.extend(ids.notes);
    out.suggestions = ids.suggestions;
    Ok(Prepared {
        out,
        kept,
        line_client: ids.line_client,
        statuses,
    })
}

/// The manager, department and product names, each stored once and named by index.
#[derive(Default)]
struct Labels {
    names: Vec<String>,
    index: FxHashMap<String, u32>,
    /// The reader interns cell texts, so a label repeats as one allocation: looked up by its
    /// address first (a pointer's hash, not the text's), by its text when the address is new.
    /// Every text looked up was made before resolution began and is alive while looked up, so
    /// two texts never share an address: none is made here (only `String`s), so a text freed
    /// with the last line taken leaves its address to no other text.
    by_address: FxHashMap<usize, u32>,
}

impl Labels {
    fn id(&mut self, s: &Option<std::sync::Arc<str>>) -> Option<LabelId> {
        let arc = s.as_ref()?;
        let address = std::sync::Arc::as_ptr(arc).cast::<u8>() as usize;
        if let Some(&i) = self.by_address.get(&address) {
            return Some(LabelId::new(i));
        }
        let s: &str = arc;
        let i = match self.index.get(s) {
            Some(&i) => i,
            None => {
                self.names.push(s.to_string());
                let i = self.names.len() as u32 - 1;
                self.index.insert(s.to_string(), i);
                i
            }
        };
        // Bounded as the extraction's text memo: a million distinct labels gain nothing here.
        if self.by_address.len() < 1 << 16 {
            self.by_address.insert(address, i);
        }
        Some(LabelId::new(i))
    }

    fn line(&mut self, raw: &RawLine, client: u32, part: u32) -> SalesLine {
        SalesLine {
            client,
            amount: raw.amount,
            date: raw.date,
            manager: self.id(&raw.manager),
            department: self.id(&raw.department),
            product: self.id(&raw.product),
            quantity: raw.quantity,
            profit: raw.profit().into(),
            row: raw.row,
            part,
        }
    }
}

/// One table's account of rows, its notes and the lines still counted once
/// cancelled orders and deals not won are left out (or kept, as the caller
/// asks) and returns written positive are turned negative; and the statuses that decided it
/// (their notes taken), for [`resolve_taking`] to decide the same of the lines it takes.
fn part_of<'a>(input: &'a TableInput, options: &IdentityOptions) -> (Part, Vec<Note>, Vec<Line<'a>>, Option<Status>) {
    let table = &input.table;
    let mut status = status::status_of(table, options.keep_cancelled, &options.keep_statuses);
    let lines: Vec<Line<'_>> = table
        .lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !status.as_ref().is_some_and(|s| s.excluded(*i)))
        .map(|(i, l)| match &status {
            Some(s) if s.negated(i, l) => {
                let mut l = l.clone();
                turn(&mut l);
                Line::Turned(Box::new(l))
            }
            _ => Line::Table(l),
        })
        .collect();
    let mut skipped = table.skipped.clone();
    let mut notes: Vec<Note> = Vec::new();
    let recount = status.is_some();
    if let Some(s) = status.as_mut() {
        if s.rows.count > 0 {
            skipped.entry(SkipReason::StatusExcluded).or_default().add_rows(&s.rows);
        }
        notes.append(&mut s.notes);
    }
    let mut negative_seen = false;
    for n in &table.notes {
        // Returns netted into clients: only those still counted, and the returns the status turned.
        if recount && n.code == QualityCode::NegativeAmount {
            negative_seen = true;
            notes.extend(status::recount_negative(n, lines.iter().map(|l| l.as_ref())));
        } else {
            notes.push(n.clone());
        }
    }
    if recount && !negative_seen {
        let template = Note::new(QualityCode::NegativeAmount).role(Some(Role::Amount));
        notes.extend(status::recount_negative(&template, lines.iter().map(|l| l.as_ref())));
    }
    // Rows with a line: a wide row's lines are next to each other.
    let mut rows_used = 0u32;
    let mut last_row = None;
    for l in &lines {
        if last_row != Some(l.row) {
            rows_used += 1;
            last_row = Some(l.row);
        }
    }
    let part = Part {
        file: input.file.clone(),
        sheet: input.sheet.clone(),
        header_row: input.header_row,
        header_rows: input.header_rows,
        rows_in_table: table.rows_in_table,
        rows_used,
        skipped,
    };
    (part, notes, lines, status)
}

/// Clients for the lines, in line order.
struct Identified {
    line_client: Vec<u32>,
    clients: Vec<Client>,
    notes: Vec<Note>,
    suggestions: Vec<crate::core::model::Suggestion>,
}

/// Who is who: bases by ID or folded name, groups by parent company, the
/// user's merges, then the suggestions over the final clients.
fn identify(raws: &[(u32, Line<'_>)], options: &IdentityOptions) -> Identified {
    let b = names::bases(raws);
    let row_of = |i: usize| raws.get(i).map(|(p, l)| (*p, l.row));
    let mut notes: Vec<Note> = Vec::new();
    notes.extend(names::grouped_by_id_note(&b, &row_of));
    let (mut groups, parent_note) = parents::group_bases(&b.bases, options.group_by_parent, &row_of);
    notes.extend(parent_note);
    distinguish(&mut groups);
    // The user's merges, over the names the user saw.
    let (mut groups, merge_note) = merges::apply_merges(groups, &b.bases, &options.merges, &row_of);
    notes.extend(merge_note);
    distinguish(&mut groups);
    notes.extend(spellings_note(&b.bases, &groups));

    let mut client_of_base = vec![0u32; b.bases.len()];
    for (g, group) in groups.iter().enumerate() {
        for &base in &group.bases {
            if let Some(slot) = client_of_base.get_mut(base) {
                *slot = g as u32;
            }
        }
    }
    let line_client: Vec<u32> = b
        .line_base
        .iter()
        .map(|&base| client_of_base.get(base).copied().unwrap_or(0))
        .collect();
    let suggestions = suggest::suggest(&groups);
    let clients = groups
        .into_iter()
        .map(|g| {
            let spellings: usize = g
                .bases
                .iter()
                .filter_map(|&base| b.bases.get(base))
                .map(|base| base.spellings.len())
                .sum();
            Client {
                key: g.fold,
                spellings: spellings as u32,
                id: g.id,
                names: g.names,
                name: g.name,
                potential: None,
                file_marks: MarkSet::default(),
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

/// `client_names_merged`: clients written in several spellings of one folded name.
fn spellings_note(bases: &[groups::Base], groups: &[Group]) -> Option<Note> {
    let spelled: Vec<bool> = bases.iter().map(groups::Base::spelled_several_ways).collect();
    if !spelled.contains(&true) {
        return None;
    }
    let clients_spelled: Vec<&Group> = groups
        .iter()
        .filter(|g| g.bases.iter().any(|&b| spelled.get(b) == Some(&true)))
        .collect();
    let example = clients_spelled.first().map(|g| g.name.clone());
    Some(
        Note::new(QualityCode::ClientNamesMerged)
            .role(Some(Role::Client))
            .rows(RowSet::counted(clients_spelled.len() as u32))
            .maybe_detail(example),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::RawLine;

    /// One table of three rows holding these lines.
    fn input(lines: Vec<RawLine>) -> TableInput {
        TableInput {
            table: TableLines {
                rows_in_table: 3,
                lines,
                ..TableLines::default()
            },
            ..TableInput::default()
        }
    }

    #[test]
    fn taking_the_lines_makes_the_sales_lines_in_their_memory() {
        let lines: Vec<RawLine> = (0..1000)
            .map(|i| {
                line(
                    i,
                    if i % 3 == 0 {
                        "ООО Ромашка"
                    } else {
                        "ИП Петров"
                    },
                    None,
                    None,
                    10,
                )
            })
            .collect();
        let mut tables = vec![input(lines)];
        let address = tables[0].table.lines.as_ptr() as usize;
        let kept = resolve(&tables, &IdentityOptions::default()).expect("resolve");
        let taken = resolve_taking(&mut tables, &IdentityOptions::default()).expect("resolve");
        assert_eq!(taken, kept);
        assert!(tables[0].table.lines.is_empty());
        assert_eq!(
            taken.lines.as_ptr() as usize,
            address,
            "mapped in place, no second vector"
        );
    }

    fn keep_all() -> IdentityOptions {
        IdentityOptions {
            keep_cancelled: true,
            ..IdentityOptions::default()
        }
    }
    use crate::core::model::{Suggestion, TableLines};
    use crate::core::value::Money;
    use std::collections::{BTreeMap, BTreeSet};

    fn line(row: u32, client: &str, id: Option<&str>, parent: Option<&str>, amount: i64) -> RawLine {
        RawLine {
            row,
            client: client.into(),
            client_id: id.map(Into::into),
            amount: Money(amount * Money::SCALE),
            extras: crate::core::model::LineExtras {
                parent: parent.map(Into::into),
                ..Default::default()
            }
            .boxed(),
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
        let got: Vec<(BTreeSet<String>, &str)> =
            s.suggestions.iter().map(|sg| (names(sg), sg.reason.as_str())).collect();
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
        lines[1].extras_mut().status = Some("Отменен".into());
        lines[2].extras_mut().status = Some("Не проведен".into());
        let excluded = input(lines.clone());
        let (part, notes, _, _) = part_of(&excluded, &IdentityOptions::default());
        // One note per status as written, each with its rows.
        let got: Vec<(&str, Option<&str>, Vec<u32>)> = notes
            .iter()
            .map(|n| (n.code.as_str(), n.detail.as_deref(), n.rows.first.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("status_excluded", Some("Отменен"), vec![3]),
                ("status_excluded", Some("Не проведен"), vec![4])
            ]
        );
        assert_eq!(part.rows_used, 1);
        assert_eq!(part.skipped.get(&SkipReason::StatusExcluded).unwrap().first, vec![3, 4]);

        let kept = input(lines);
        let (part, notes, _, _) = part_of(&kept, &keep_all());
        let kept_rows: u32 = notes
            .iter()
            .filter(|n| n.code == "status_kept")
            .map(|n| n.rows.count)
            .sum();
        assert_eq!(kept_rows, 2);
        assert_eq!(part.rows_used, 3);
        assert!(part.skipped.is_empty());
    }

    #[test]
    fn returns_written_positive_turn_negative_and_deals_not_won_leave() {
        let mut lines = vec![
            line(2, "А", None, None, 100),
            line(3, "Б", None, None, 30),
            line(4, "В", None, None, 50),
        ];
        lines[0].extras_mut().status = Some("Выполнен".into());
        lines[1].extras_mut().status = Some("Возврат".into());
        let returns = input(lines.clone());
        let (part, notes, kept, _) = part_of(&returns, &IdentityOptions::default());
        let amounts: Vec<i64> = kept.iter().map(|l| l.amount.0 / Money::SCALE).collect();
        assert_eq!(amounts, vec![100, -30, 50]);
        assert_eq!(part.rows_used, 3);
        assert!(
            notes
                .iter()
                .any(|n| n.code == "status_return" && n.rows.first == vec![3])
        );
        assert!(
            notes
                .iter()
                .any(|n| n.code == "negative_amount" && n.rows.first == vec![3])
        );

        let mut deals = lines;
        deals[0].extras_mut().status = Some("Сделка успешна".into());
        deals[1].extras_mut().status = Some("В работе".into());
        deals[2].extras_mut().status = Some("Сделка провалена".into());
        let crm = input(deals);
        let (part, notes, kept, _) = part_of(&crm, &IdentityOptions::default());
        assert_eq!(kept.len(), 1, "only the won deal is a sale");
        assert_eq!(part.skipped.get(&SkipReason::StatusExcluded).unwrap().count, 2);
        assert_eq!(notes.iter().filter(|n| n.code == "status_not_won").count(), 2);
        let (_, _, kept, _) = part_of(&crm, &keep_all());
        assert_eq!(kept.len(), 3, "kept when asked");
        let one = IdentityOptions {
            keep_statuses: vec!["В работе".into()],
            ..IdentityOptions::default()
        };
        let (part, notes, kept, _) = part_of(&crm, &one);
        assert_eq!(kept.len(), 2, "one status kept, the other still left out");
        assert_eq!(part.skipped.get(&SkipReason::StatusExcluded).unwrap().first, vec![4]);
        assert!(
            notes
                .iter()
                .any(|n| n.code == "status_kept" && n.detail.as_deref() == Some("В работе"))
        );
    }

    #[test]
    fn a_cancelled_return_is_no_longer_counted_as_a_return() {
        let mut lines = vec![
            line(2, "А", None, None, 10),
            line(3, "Б", None, None, -20),
            line(4, "В", None, None, -30),
        ];
        lines[2].extras_mut().status = Some("Отменен".into());
        let mut negative = RowSet::default();
        negative.add(3);
        negative.add(4);
        let table = TableLines {
            rows_in_table: 3,
            lines,
            notes: vec![
                Note::new(QualityCode::NegativeAmount)
                    .role(Some(Role::Amount))
                    .rows(negative),
            ],
            ..TableLines::default()
        };
        let input = TableInput {
            table,
            ..TableInput::default()
        };
        let (_, notes, _, _) = part_of(&input, &IdentityOptions::default());
        let n = notes.iter().find(|n| n.code == "negative_amount").unwrap();
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
        assert_eq!(s.suggestions.len(), suggest::MAX_SUGGESTIONS);
    }
}

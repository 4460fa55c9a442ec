//! Anonymised reports: clients, managers, departments and files renamed to
//! pseudonyms (`Клиент 3`, `Менеджер B`, `Отдел A`, `файл 1.xlsx`) everywhere
//! a report names them, so it can be shown or sent without the company's
//! client list.
//!
//! The pseudonyms ([`Pseudonyms`]) come from the session's resolved lines —
//! the whole file: every date, revenue, no scenario — not from the report being
//! renamed, so `Клиент 3` stays client 3 when the caller narrows the range,
//! changes the measure or asks a what-if. They change only when the clients
//! themselves do (another sheet or column, a merge, "keep cancelled").
//! [`anonymize`] is a pure function of a report and the pseudonyms; every
//! number stays as it was. `docs/exports.md` lists what is renamed and what is
//! kept, field by field.

use super::plans::{ActionReport, ScenarioReport};
use super::{ColumnAlternative, ComparisonReport, MergeSuggestion, PeriodReport, QualityNote, Report, Source, Time};
use crate::core::analysis::actions::ActionCode;
use crate::core::analysis::{FindingKind, FlatFinding, Scope, Shares};
use crate::core::model::SalesLines;
use crate::core::options::{Anonymize, Thresholds};
use crate::core::quality::QualityCode;
use std::collections::{HashMap, HashSet};

/// Names this short are replaced only where a field holds exactly the name,
/// never inside other text: a client called `АБВ` or `b` must not turn every
/// `b` of a sheet name into a pseudonym.
pub const SHORTEST_SCRUBBED: usize = 4;

/// What a real name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Client,
    Manager,
    Department,
    File,
}

/// The pseudonym of every client, manager, department and file of a session's
/// lines, and the text scrubber built from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Pseudonyms {
    words: Anonymize,
    /// (pseudonym, real name), clients by rank, then managers, departments, files.
    pairs: Vec<(String, String, Kind)>,
    /// Real name (and every other name of a client) → index into `pairs`, per kind.
    exact: HashMap<(Kind, String), usize>,
    /// Lower-cased names of at least [`SHORTEST_SCRUBBED`] characters by their first
    /// character, longest first, with the pseudonym each becomes inside other text.
    patterns: HashMap<char, Vec<(Vec<char>, String)>>,
}

/// `1 → A`, `26 → Z`, `27 → AA`: bijective base 26.
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// `Отчёт Север.xlsx` → `.xlsx`; `""` without an extension.
fn extension(file: &str) -> &str {
    match file.rfind('.') {
        Some(i) if i > 0 && file.len() - i <= 6 => file.get(i..).unwrap_or(""),
        _ => "",
    }
}

impl Pseudonyms {
    /// The pseudonyms of `lines`' clients (numbered by their net revenue over
    /// all the lines, largest first, ties by folded name: the rank a default
    /// report gives them), managers and departments (lettered by their net
    /// revenue, ties by name) and of `files` (numbered in the order given).
    pub fn of(lines: &SalesLines, files: &[String], words: &Anonymize) -> Pseudonyms {
        let mut p = Pseudonyms {
            words: words.clone(),
            pairs: vec![],
            exact: HashMap::new(),
            patterns: HashMap::new(),
        };
        let shares = Shares::of(lines, &Thresholds::default());
        for (i, total) in shares.clients.iter().enumerate() {
            let Some(c) = lines.clients.get(total.client) else {
                continue;
            };
            let pseudonym = format!("{} {}", words.client, i + 1);
            let at = p.push(Kind::Client, pseudonym, &c.name);
            for other in &c.names {
                p.exact.entry((Kind::Client, other.clone())).or_insert(at);
            }
        }
        for (kind, word) in [(Kind::Manager, &words.manager), (Kind::Department, &words.department)] {
            let mut sums: HashMap<u32, i128> = HashMap::new();
            for l in &lines.lines {
                let label = if kind == Kind::Manager { l.manager } else { l.department };
                if let Some(label) = label {
                    *sums.entry(label.index()).or_default() += i128::from(l.amount.0);
                }
            }
            let mut order: Vec<(i128, &str)> = sums
                .into_iter()
                .filter_map(|(label, sum)| lines.labels.get(label as usize).map(|n| (sum, n.as_str())))
                .collect();
            order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            for (i, (_, name)) in order.into_iter().enumerate() {
                p.push(kind, format!("{word} {}", letters(i + 1)), name);
            }
        }
        for (i, file) in files.iter().enumerate() {
            let pseudonym = format!("{} {}{}", words.file, i + 1, extension(file));
            p.push(Kind::File, pseudonym, file);
        }
        p.build_patterns();
        p
    }

    fn push(&mut self, kind: Kind, pseudonym: String, real: &str) -> usize {
        let at = self.pairs.len();
        self.pairs.push((pseudonym, real.to_string(), kind));
        self.exact.entry((kind, real.to_string())).or_insert(at);
        at
    }

    /// Every real name (clients' other names too) of at least [`SHORTEST_SCRUBBED`]
    /// characters; a file's name also without its extension, unless that is a
    /// department's (files as departments).
    fn build_patterns(&mut self) {
        let mut all: Vec<(Vec<char>, String)> = Vec::new();
        let mut seen: HashSet<Vec<char>> = HashSet::new();
        // Clients first: a name that is also a manager's stays the client's.
        let mut order: Vec<(&(Kind, String), &usize)> = self.exact.iter().collect();
        order.sort_by_key(|((kind, name), at)| (*kind as u8, **at, name.clone()));
        let mut stems = Vec::new();
        for ((kind, name), &at) in order {
            let Some((pseudonym, _, _)) = self.pairs.get(at) else {
                continue;
            };
            if *kind == Kind::File {
                let ext = extension(name);
                if !ext.is_empty()
                    && let Some(stem) = name.get(..name.len() - ext.len())
                {
                    stems.push((stem.to_string(), pseudonym.clone()));
                }
            }
            let key: Vec<char> = name.chars().map(lower).collect();
            if key.len() >= SHORTEST_SCRUBBED && seen.insert(key.clone()) {
                all.push((key, pseudonym.clone()));
            }
        }
        for (stem, pseudonym) in stems {
            let key: Vec<char> = stem.chars().map(lower).collect();
            if key.len() >= SHORTEST_SCRUBBED && seen.insert(key.clone()) {
                all.push((key, pseudonym));
            }
        }
        all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        for (key, pseudonym) in all {
            if let Some(&first) = key.first() {
                self.patterns.entry(first).or_default().push((key, pseudonym));
            }
        }
    }

    /// (pseudonym, real name): clients by rank, then managers, departments and files.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.pairs.iter().map(|(p, r, _)| (p.clone(), r.clone())).collect()
    }

    /// The real name behind a pseudonym, if it is one.
    pub fn real(&self, pseudonym: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(p, _, _)| p == pseudonym)
            .map(|(_, r, _)| r.as_str())
    }

    /// The words the pseudonyms are made of.
    pub fn words(&self) -> &Anonymize {
        &self.words
    }

    fn lookup(&self, kind: Kind, name: &str) -> Option<&str> {
        self.exact
            .get(&(kind, name.to_string()))
            .and_then(|&at| self.pairs.get(at))
            .map(|(p, _, _)| p.as_str())
    }

    fn unknown(&self, kind: Kind) -> String {
        let word = match kind {
            Kind::Client => &self.words.client,
            Kind::Manager => &self.words.manager,
            Kind::Department => &self.words.department,
            Kind::File => &self.words.file,
        };
        format!("{word} ?")
    }

    fn named(&self, kind: Kind, name: &str) -> String {
        match self.lookup(kind, name) {
            Some(p) => p.to_string(),
            None => self.unknown(kind),
        }
    }

    /// A client's pseudonym; `Клиент ?` for a name that is no client of the lines.
    pub fn client(&self, name: &str) -> String {
        self.named(Kind::Client, name)
    }

    /// A manager's pseudonym; `Менеджер ?` for an unknown name.
    pub fn manager(&self, name: &str) -> String {
        self.named(Kind::Manager, name)
    }

    /// A department's pseudonym; `Отдел ?` for an unknown name.
    pub fn department(&self, name: &str) -> String {
        self.named(Kind::Department, name)
    }

    /// A file's pseudonym; `файл ?` for an unknown name.
    pub fn file(&self, name: &str) -> String {
        self.named(Kind::File, name)
    }

    /// A department's or manager's name by the scope it is a group of.
    fn group(&self, scope: Scope, name: &str) -> String {
        match scope {
            Scope::Department => self.department(name),
            Scope::Manager => self.manager(name),
            Scope::Company => self.text(name),
        }
    }

    /// Free text from the file (a sheet name, a header, a note's detail): a field
    /// that is exactly a known name becomes its pseudonym; otherwise every known
    /// name of at least [`SHORTEST_SCRUBBED`] characters inside it does
    /// (case-insensitive, longest first).
    pub fn text(&self, text: &str) -> String {
        for kind in [Kind::Client, Kind::Manager, Kind::Department, Kind::File] {
            if let Some(p) = self.lookup(kind, text) {
                return p.to_string();
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let low: Vec<char> = chars.iter().copied().map(lower).collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let hit = low.get(i).and_then(|first| self.patterns.get(first)).and_then(|cands| {
                cands
                    .iter()
                    .find(|(key, _)| low.get(i..i + key.len()) == Some(key.as_slice()))
            });
            match hit {
                Some((key, pseudonym)) => {
                    out.push_str(pseudonym);
                    i += key.len();
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }
}

/// `report` with every client, manager, department and file renamed by `p`;
/// the numbers, codes and order unchanged. What is renamed, dropped and kept:
/// `docs/exports.md`, "Anonymisation".
pub fn anonymize(report: &Report, p: &Pseudonyms) -> Report {
    let mut r = report.clone();
    anonymize_in_place(&mut r, p);
    r
}

/// [`anonymize`] without the copy: renames in `r` itself.
pub fn anonymize_in_place(r: &mut Report, p: &Pseudonyms) {
    source(&mut r.source, p);
    for c in &mut r.clients {
        c.name = p.client(&c.name);
        c.names.clear();
        c.id = None;
    }
    for k in &mut r.key_accounts {
        k.client = p.client(&k.client);
        k.group = k.group.as_deref().map(|g| p.group(k.scope, g));
    }
    for m in &mut r.managers {
        m.name = p.manager(&m.name);
    }
    for d in &mut r.departments {
        d.name = p.department(&d.name);
    }
    for f in &mut r.findings {
        finding(&mut f.kind, p);
    }
    for s in &mut r.suggestions {
        suggestion(s, p);
    }
    for n in &mut r.data_quality {
        note(n, p);
    }
    if let Some(t) = &mut r.time {
        time(t, p);
    }
    if let Some(c) = &mut r.comparison {
        comparison(c, p);
    }
    r.marks_unmatched = numbered_unknown(&r.marks_unmatched, p);
    if let Some(n) = &mut r.new_business {
        for c in &mut n.clients {
            c.client = p.client(&c.client);
        }
    }
    for s in &mut r.supplier {
        s.name = p.text(&s.name);
        for product in &mut s.products {
            *product = p.text(product);
        }
        for c in &mut s.clients {
            c.client = p.client(&c.client);
        }
    }
    if let Some(s) = &mut r.scenario {
        scenario(s, p);
    }
    for a in &mut r.actions {
        action(a, p);
    }
    for product in &mut r.products {
        product.name = p.text(&product.name);
    }
}

/// Names that are no client of the file (the caller's, misspelt or of another
/// file): `Клиент ?1`, `Клиент ?2`… — their count stays, the text goes.
fn numbered_unknown(names: &[String], p: &Pseudonyms) -> Vec<String> {
    (1..=names.len())
        .map(|i| format!("{}{i}", p.unknown(Kind::Client)))
        .collect()
}

fn source(s: &mut Source, p: &Pseudonyms) {
    for f in &mut s.files {
        *f = p.file(f);
    }
    for part in &mut s.parts {
        part.file = part.file.as_deref().map(|f| p.file(f));
        part.sheet = p.text(&part.sheet);
    }
    for period in &mut s.periods {
        period.header = p.text(&period.header);
    }
    s.sheet = p.text(&s.sheet);
    for sheet in &mut s.sheets {
        sheet.name = p.text(&sheet.name);
    }
    for header in s.columns.values_mut() {
        *header = p.text(header);
    }
    for h in &mut s.headers {
        h.header = p.text(&h.header);
    }
    for c in &mut s.choices {
        c.header = p.text(&c.header);
        for a in &mut c.alternatives {
            alternative(a, p);
        }
    }
}

/// A runner-up column keeps its header; its example values (a contact person's
/// name, an address) are file data no pseudonym covers: dropped.
fn alternative(a: &mut ColumnAlternative, p: &Pseudonyms) {
    a.header = p.text(&a.header);
    a.examples.clear();
}

fn clients(names: &mut [String], p: &Pseudonyms) {
    for n in names {
        *n = p.client(n);
    }
}

fn finding(kind: &mut FindingKind, p: &Pseudonyms) {
    match kind {
        FindingKind::MonoClient { client, .. }
        | FindingKind::Dependency { client, .. }
        | FindingKind::LostKeyClient { client, .. }
        | FindingKind::SlippingKeyClient { client, .. }
        | FindingKind::ConcentrationRising { client, .. }
        | FindingKind::LossMakingKeyClient { client, .. }
        | FindingKind::NewKeyAccount { client, .. }
        | FindingKind::UnstableKeyClient { client, .. }
        | FindingKind::KeyClientNoManager { client, .. }
        | FindingKind::KeyByJudgment { client, .. } => *client = p.client(client),
        FindingKind::CriticalDependency { client, supplier, .. } => {
            *client = p.client(client);
            if let Some(b) = supplier {
                b.condition = p.text(&b.condition);
            }
        }
        FindingKind::ManagerOverload {
            manager,
            clients: names,
        }
        | FindingKind::KamMixedWithSmallOrders {
            manager,
            clients: names,
            ..
        } => {
            *manager = p.manager(manager);
            clients(names, p);
        }
        FindingKind::KeyAccount {
            client, scope, group, ..
        } => {
            *client = p.client(client);
            if let Some(g) = group {
                *g = p.group(*scope, g);
            }
        }
        FindingKind::NonPositiveClients { clients: names } => clients(names, p),
        FindingKind::KeyClientSplit { client, managers, .. } => {
            *client = p.client(client);
            for (m, _) in managers {
                *m = p.manager(m);
            }
        }
        FindingKind::SupplierTierMissed { condition, .. } | FindingKind::SupplierUnchecked { condition, .. } => {
            *condition = p.text(condition);
        }
        FindingKind::LostClientsUnchecked { .. }
        | FindingKind::TrendsUnchecked { .. }
        | FindingKind::InnovatorsOvermarked { .. } => {}
    }
}

/// A finding in its flat form (a scenario's `appeared` and `vanished`).
fn flat(f: &mut FlatFinding, p: &Pseudonyms) {
    if let Some(c) = &mut f.client {
        *c = p.client(c);
    }
    if let Some(m) = &mut f.manager {
        *m = p.manager(m);
    }
    if let Some(names) = &mut f.clients {
        clients(names, p);
    }
    if let Some(g) = &mut f.group {
        *g = p.group(f.scope.unwrap_or(f.rule.scope), g);
    }
    if let Some(ms) = &mut f.managers {
        for m in ms {
            *m = p.manager(m);
        }
    }
    if let Some(c) = &mut f.condition {
        *c = p.text(c);
    }
}

fn suggestion(s: &mut MergeSuggestion, p: &Pseudonyms) {
    clients(&mut s.names, p);
}

/// File, sheet and column like the source; the detail by what it holds: a name
/// becomes its pseudonym; the seller's own name (`constant_column_ignored`), a
/// marks cell's words (`mark_unknown`) and a group row's label
/// (`group_sum_differs`) are file text no pseudonym covers: dropped.
fn note(n: &mut QualityNote, p: &Pseudonyms) {
    n.file = n.file.as_deref().map(|f| p.file(f));
    n.sheet = n.sheet.as_deref().map(|s| p.text(s));
    n.column = n.column.as_deref().map(|c| p.text(c));
    n.detail = match n.code {
        QualityCode::ConstantColumnIgnored | QualityCode::MarkUnknown | QualityCode::GroupSumDiffers => None,
        _ => n.detail.as_deref().map(|d| p.text(d)),
    };
}

fn periods(list: &mut [PeriodReport], p: &Pseudonyms) {
    for period in list {
        clients(&mut period.key_accounts, p);
    }
}

fn time(t: &mut Time, p: &Pseudonyms) {
    periods(&mut t.months, p);
    periods(&mut t.quarters, p);
    periods(&mut t.years, p);
}

fn comparison(c: &mut ComparisonReport, p: &Pseudonyms) {
    clients(&mut c.before.key_accounts, p);
    clients(&mut c.after.key_accounts, p);
    for m in &mut c.clients {
        m.name = p.client(&m.name);
    }
}

fn scenario(s: &mut ScenarioReport, p: &Pseudonyms) {
    for c in s.removed.iter_mut().chain(s.cut.iter_mut()) {
        c.client = p.client(&c.client);
    }
    s.missing = numbered_unknown(&s.missing, p);
    clients(&mut s.before.key_accounts, p);
    clients(&mut s.after.key_accounts, p);
    clients(&mut s.became_key, p);
    clients(&mut s.no_longer_key, p);
    for m in &mut s.managers {
        m.manager = p.manager(&m.manager);
        clients(&mut m.lost, p);
    }
    for f in s.appeared.iter_mut().chain(s.vanished.iter_mut()) {
        flat(f, p);
    }
}

/// `single_owner` lists managers in `clients` (the ones sharing the client).
fn action(a: &mut ActionReport, p: &Pseudonyms) {
    if let Some(c) = &mut a.client {
        *c = p.client(c);
    }
    if let Some(m) = &mut a.manager {
        *m = p.manager(m);
    }
    if let Some(names) = &mut a.clients {
        if a.code == ActionCode::SingleOwner {
            for m in names {
                *m = p.manager(m);
            }
        } else {
            clients(names, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_go_a_to_z_then_aa() {
        let got: Vec<String> = [1, 2, 26, 27, 28, 52, 53, 702, 703]
            .iter()
            .map(|&n| letters(n))
            .collect();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn extensions_are_kept_and_only_short_ones() {
        assert_eq!(extension("Продажи ООО Ромашка.xlsx"), ".xlsx");
        assert_eq!(extension("отчёт"), "");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("ООО Ромашка и партнёры. Филиал"), "");
    }
}

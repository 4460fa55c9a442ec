//! What a client is made of while identity is resolved: lines grouped by ID
//! or folded name ([`Base`]), bases grouped into final clients ([`Group`]),
//! and the helpers every step shares.

use crate::core::parse::name::fold_client_name;
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::role::Role;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Counts of a text's uses, in the order first seen (ties go to the first). A list, indexed
/// once it grows: a base holds one spelling or a few, and there may be a million bases.
#[derive(Default)]
pub(super) struct Uses {
    list: Vec<(Arc<str>, u32)>,
    index: Option<FxHashMap<Arc<str>, usize>>,
}

/// Entries searched in the list before an index is built.
const USES_LISTED: usize = 8;

impl Uses {
    /// Counts a use; true when the text is new.
    pub(super) fn add(&mut self, s: &Arc<str>, weight: u32) -> bool {
        let at = match &self.index {
            Some(index) => index.get(s).copied(),
            None => self.list.iter().position(|(t, _)| t == s),
        };
        if let Some(e) = at.and_then(|i| self.list.get_mut(i)) {
            e.1 += weight;
            return false;
        }
        if let Some(index) = &mut self.index {
            index.insert(Arc::clone(s), self.list.len());
        }
        self.list.push((Arc::clone(s), weight));
        if self.index.is_none() && self.list.len() > USES_LISTED {
            self.index = Some(
                self.list
                    .iter()
                    .enumerate()
                    .map(|(i, (t, _))| (Arc::clone(t), i))
                    .collect(),
            );
        }
        true
    }
    /// Distinct texts.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }
    /// Texts with their counts, in the order first seen.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&Arc<str>, u32)> {
        self.list.iter().map(|(t, n)| (t, *n))
    }
    /// Most used first.
    pub(super) fn ranked(&self) -> Vec<&Arc<str>> {
        let mut v: Vec<&(Arc<str>, u32)> = self.list.iter().collect();
        // Stable: ties keep the order first seen.
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        v.into_iter().map(|(t, _)| t).collect()
    }
    /// The most used text.
    pub(super) fn most_used(&self) -> Option<&Arc<str>> {
        self.list
            .iter()
            .fold(None, |best: Option<&(Arc<str>, u32)>, e| match best {
                Some(b) if b.1 >= e.1 => Some(b),
                _ => Some(e),
            })
            .map(|(t, _)| t)
    }
}

/// Lines grouped by ID or folded name, before parents and merges.
#[derive(Default)]
pub(super) struct Base {
    /// The tax ID or client code that keys it, if any.
    pub id: Option<String>,
    /// Spellings as written, and the folded name of each (same order).
    pub spellings: Uses,
    pub spelling_folds: Vec<Arc<str>>,
    /// Parent companies its lines name.
    pub parents: Uses,
    pub amount: i128,
    /// Line indexes.
    pub lines: Vec<usize>,
    /// The most used spelling, and its folded form.
    pub name: String,
    pub fold: String,
}

/// What a final client is made of.
pub(super) struct Group {
    /// Indexes into the bases.
    pub bases: Vec<usize>,
    pub name: String,
    /// `fold_client_name(name)`, kept with it (folding a million names twice costs seconds).
    pub fold: String,
    pub id: Option<String>,
    /// Other names folded into it.
    pub names: Vec<String>,
    pub amount: i128,
}

impl Group {
    /// Names it, with the fold to match.
    pub(super) fn rename(&mut self, name: String) {
        self.fold = fold_client_name(&name);
        self.name = name;
    }

    /// A group of no base yet.
    pub(super) fn empty() -> Group {
        Group {
            bases: vec![],
            name: String::new(),
            fold: String::new(),
            id: None,
            names: vec![],
            amount: 0,
        }
    }
}

impl Base {
    /// Distinct folded names among its spellings (several under one ID).
    pub(super) fn distinct_folds(&self) -> usize {
        let mut folds: Vec<&str> = self.spelling_folds.iter().map(|f| &**f).collect();
        folds.sort_unstable();
        folds.dedup();
        folds.len()
    }
    /// Whether one folded name is written in several spellings.
    pub(super) fn spelled_several_ways(&self) -> bool {
        self.distinct_folds() < self.spelling_folds.len()
    }
}

pub(super) fn base_amount(bases: &[Base], b: usize) -> i128 {
    bases.get(b).map(|b| b.amount).unwrap_or(0)
}

/// Every name of these bases but `name`: each base's name, then its other spellings, most used first.
pub(super) fn other_names<'a>(bases: impl Iterator<Item = &'a Base>, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in bases {
        for s in b.spellings.ranked() {
            if &**s != name && !out.iter().any(|o| o == &**s) {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// A note over the rows concerned: `count` clients, the first rows, the part when they share one.
pub(super) fn note(
    code: QualityCode,
    role: Role,
    count: usize,
    rows: impl Iterator<Item = (u32, u32)>,
    detail: Option<String>,
) -> Note {
    let mut first = Vec::new();
    let mut parts = BTreeSet::new();
    for (part, row) in rows {
        parts.insert(part);
        if first.len() < 10 && !first.contains(&row) {
            first.push(row);
        }
    }
    let part = if parts.len() == 1 { parts.first().copied() } else { None };
    let rows = RowSet {
        count: count as u32,
        first: if part.is_some() { first } else { vec![] },
    };
    let mut n = Note::new(code).role(Some(role)).rows(rows).maybe_detail(detail);
    n.part = part;
    n
}

/// Clients whose names fold alike (two IDs, one name) get their ID appended;
/// any name still shown twice gets a number.
pub(super) fn distinguish(groups: &mut [Group]) {
    let mut fold_uses: FxHashMap<&str, u32> = FxHashMap::default();
    for g in groups.iter() {
        *fold_uses.entry(g.fold.as_str()).or_insert(0) += 1;
    }
    let shared: Vec<bool> = groups
        .iter()
        .map(|g| fold_uses.get(g.fold.as_str()).is_some_and(|&n| n > 1))
        .collect();
    for (group, shared) in groups.iter_mut().zip(shared) {
        if shared
            && let Some(id) = &group.id
            && !group.name.ends_with(&format!("({id})"))
        {
            group.rename(format!("{} ({id})", group.name));
        }
    }
    // Counted first, so only a name shown twice is copied (a file may hold a million clients).
    let mut uses: FxHashMap<&str, u32> = FxHashMap::default();
    for group in groups.iter() {
        *uses.entry(group.name.as_str()).or_insert(0) += 1;
    }
    let twice: Vec<String> = uses
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(name, _)| name.to_string())
        .collect();
    if twice.is_empty() {
        return;
    }
    let mut seen: FxHashMap<String, u32> = twice.into_iter().map(|name| (name, 0)).collect();
    for group in groups.iter_mut() {
        if let Some(n) = seen.get_mut(&group.name) {
            *n += 1;
            if *n > 1 {
                group.rename(format!("{} ({n})", group.name));
            }
        }
    }
}

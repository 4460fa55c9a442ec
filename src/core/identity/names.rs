//! Names and IDs: lines grouped by their folded name (case, quotes, ё, legal
//! forms), or by a tax ID / client code, which is stronger — lines with one ID
//! are one client whatever their names, and a line without an ID joins the ID
//! its folded name carries elsewhere when there is exactly one.

use super::groups::{Base, note};
use super::line::Line;
use crate::core::parse::name::fold_client_name;
use crate::core::quality::{Note, QualityCode};
use crate::core::role::Role;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A tax ID or code as compared: no spaces, uppercase; the ИНН of an
/// `ИНН/КПП` pair; nothing for placeholders (`0`, `-`, `н/д`).
pub(super) fn normalize_id(raw: &str) -> Option<String> {
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

/// The lines grouped into bases, with the base of each line and each line's folded name.
pub(super) struct Bases {
    pub bases: Vec<Base>,
    /// Per line: index into `bases`.
    pub line_base: Vec<usize>,
    /// Per line: the folded client name (shared by the lines of one spelling).
    pub folds: Vec<Arc<str>>,
}

/// Groups lines by ID or folded name.
pub(super) fn bases(raws: &[(u32, Line<'_>)]) -> Bases {
    // Each spelling folded once, the fold shared by its lines (a client repeats on every line).
    let mut fold_of: FxHashMap<&str, Arc<str>> = FxHashMap::default();
    let folds: Vec<Arc<str>> = raws
        .iter()
        .map(|(_, l)| {
            Arc::clone(
                fold_of
                    .entry(&*l.client)
                    .or_insert_with(|| fold_client_name(&l.client).into()),
            )
        })
        .collect();
    // Per line, only when some line has an ID (12 bytes a line otherwise spent on `None`s).
    let ids: Vec<Option<String>> = if raws.iter().any(|(_, l)| l.client_id.is_some()) {
        raws.iter()
            .map(|(_, l)| l.client_id.as_deref().and_then(normalize_id))
            .collect()
    } else {
        Vec::new()
    };

    // A name carried with exactly one ID lends it to the same name's lines without one.
    let mut ids_of_fold: FxHashMap<&str, BTreeSet<&str>> = FxHashMap::default();
    for (fold, id) in folds.iter().zip(&ids) {
        if let Some(id) = id {
            ids_of_fold.entry(&**fold).or_default().insert(id.as_str());
        }
    }
    let mut bases: Vec<Base> = Vec::new();
    // Keys borrowed from `ids` and `folds`: no copy of a name per line.
    let mut base_of_key: FxHashMap<(bool, &str), usize> = FxHashMap::default();
    let mut line_base: Vec<usize> = Vec::with_capacity(raws.len());
    for (i, ((_, raw), fold_arc)) in raws.iter().zip(&folds).enumerate() {
        let fold: &str = fold_arc;
        let id: Option<&str> = ids.get(i).and_then(|id| id.as_deref()).or_else(|| {
            ids_of_fold
                .get(fold)
                .filter(|s| s.len() == 1)
                .and_then(|s| s.first().copied())
        });
        let key = match id {
            Some(id) => (true, id),
            None => (false, fold),
        };
        let next = bases.len();
        let b = *base_of_key.entry(key).or_insert_with(|| {
            bases.push(Base {
                id: id.map(str::to_string),
                ..Base::default()
            });
            next
        });
        line_base.push(b);
        if let Some(base) = bases.get_mut(b) {
            if base.spellings.add(&raw.client, 1) {
                base.spelling_folds.push(Arc::clone(fold_arc));
            }
            if let Some(p) = raw.parent() {
                base.parents.add(p, 1);
            }
            base.amount += i128::from(raw.amount.0);
            base.lines.push(i);
        }
    }
    for b in &mut bases {
        b.name = b.spellings.most_used().map(|s| s.to_string()).unwrap_or_default();
        b.fold = match fold_of.get(b.name.as_str()) {
            Some(f) => f.to_string(),
            None => fold_client_name(&b.name),
        };
    }

    Bases {
        bases,
        line_base,
        folds,
    }
}

/// Several folded names under one ID: `clients_grouped_by_id` over the lines not under
/// each client's main name.
pub(super) fn grouped_by_id_note(b: &Bases, row_of: &dyn Fn(usize) -> Option<(u32, u32)>) -> Option<Note> {
    let (bases, folds) = (&b.bases, &b.folds);
    // Several folded names under one ID: the lines not under the client's main name.
    let by_id: Vec<usize> = (0..bases.len())
        .filter(|&b| bases.get(b).is_some_and(|b| b.id.is_some() && b.distinct_folds() > 1))
        .collect();
    if by_id.is_empty() {
        return None;
    }
    {
        let rows = by_id.iter().filter_map(|&b| bases.get(b)).flat_map(|b| {
            b.lines
                .iter()
                .filter(|&&i| folds.get(i).map(|f| &**f) != Some(b.fold.as_str()))
                .filter_map(|&i| row_of(i))
        });
        let example = by_id.first().and_then(|&b| bases.get(b)).map(|b| b.name.clone());
        Some(note(
            QualityCode::ClientsGroupedById,
            Role::ClientId,
            by_id.len(),
            rows,
            example,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_normalised() {
        assert_eq!(normalize_id(" 7701 234567 "), Some("7701234567".into()));
        assert_eq!(normalize_id("7701234567/770101001"), Some("7701234567".into()));
        assert_eq!(normalize_id("cg-12520"), Some("CG-12520".into()));
        assert_eq!(normalize_id("0"), None);
        assert_eq!(normalize_id("-"), None);
        assert_eq!(normalize_id("н/д"), None);
    }
}

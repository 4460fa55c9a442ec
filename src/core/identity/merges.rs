//! The user's merges: each list of names the user accepted (from the report's
//! clients or suggestions) becomes one client named after its largest member.

use super::groups::{Base, Group, note};
use crate::core::parse::name::clean_name;
use crate::core::quality::{Note, QualityCode};
use crate::core::role::Role;
use std::collections::HashMap;

/// Applies the user's merges: each list's clients become one, named after the
/// largest (ties: the first listed). Names matching no client are ignored; a
/// list with fewer than two known clients does nothing.
pub(super) fn apply_merges(
    groups: Vec<Group>,
    bases: &[Base],
    merges: &[Vec<String>],
    row_of: &dyn Fn(usize) -> Option<(u32, u32)>,
) -> (Vec<Group>, Option<Note>) {
    let Some(joined) = join(&groups, merges) else {
        return (groups, None);
    };
    let example = joined
        .example
        .and_then(|e| joined.roots.get(e))
        .and_then(|&r| groups.get(r))
        .map(|g| g.name.clone());
    let (out, mut merged_rows) = rebuild(groups, &joined.roots, bases, row_of);
    merged_rows.sort_unstable();
    let n = note(
        QualityCode::ClientsMergedByUser,
        Role::Client,
        joined.applied,
        merged_rows.into_iter(),
        example,
    );
    (out, Some(n))
}

/// Which client each client joins.
struct Joined {
    /// Per client: the client it becomes part of (itself when none).
    roots: Vec<usize>,
    /// Merge lists that joined at least two clients.
    applied: usize,
    /// The client the first applied list kept.
    example: Option<usize>,
}

/// The client a merge list names: by its name as shown, then cleaned, then by one of its other names.
fn find(groups: &[Group], name: &str) -> Option<usize> {
    let exact = groups.iter().position(|g| g.name == name);
    let clean = clean_name(name);
    exact
        .or_else(|| groups.iter().position(|g| clean_name(&g.name) == clean))
        .or_else(|| {
            groups
                .iter()
                .position(|g| g.names.iter().any(|n| clean_name(n) == clean))
        })
}

/// Union-find over clients, the representative chosen per merge list; `None` when no list applies.
fn join(groups: &[Group], merges: &[Vec<String>]) -> Option<Joined> {
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
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    let amount = |g: usize| groups.get(g).map(|g| g.amount).unwrap_or(0);
    let mut applied = 0usize;
    let mut example = None;
    for list in merges {
        let mut members: Vec<usize> = Vec::new();
        for g in list.iter().filter_map(|name| find(groups, name)) {
            let r = root(&mut parent, g);
            if !members.contains(&r) {
                members.push(r);
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
    (applied > 0).then(|| Joined {
        roots: (0..groups.len()).map(|g| root(&mut parent, g)).collect(),
        applied,
        example,
    })
}

/// The clients after the merges: each kept client takes the bases, amounts, IDs and
/// names of those joining it (largest first). Also returns the rows of the joining ones.
fn rebuild(
    groups: Vec<Group>,
    roots: &[usize],
    bases: &[Base],
    row_of: &dyn Fn(usize) -> Option<(u32, u32)>,
) -> (Vec<Group>, Vec<(u32, u32)>) {
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
    (out, merged_rows)
}

//! Parent companies: with a parent column, subsidiaries become one client
//! named after the parent, as accounting treats companies under common
//! control. One level: a client's declared parent, or the client itself when
//! another line names it as a parent. Without grouping every base is a client.

use super::groups::{Base, Group, Uses, base_amount, note, other_names};
use crate::core::parse::name::fold_client_name;
use crate::core::quality::{Note, QualityCode};
use crate::core::role::Role;
use std::collections::HashMap;

/// Groups the bases into clients (by parent company when `group_by_parent`) and
/// names each; the note says how many parent groups hold subsidiaries.
pub(super) fn group_bases(
    bases: &[Base],
    group_by_parent: bool,
    row_of: &dyn Fn(usize) -> Option<(u32, u32)>,
) -> (Vec<Group>, Option<Note>) {
    let (mut groups, parent_spellings) = assign(bases, group_by_parent);
    let mut parent_rows: Vec<(u32, u32)> = Vec::new();
    let mut parent_groups = 0usize;
    let mut parent_example = None;
    for (g, group) in groups.iter_mut().enumerate() {
        group
            .bases
            .sort_by(|a, b| base_amount(bases, *b).cmp(&base_amount(bases, *a)).then(a.cmp(b)));
        group.amount = group.bases.iter().map(|&b| base_amount(bases, b)).sum();
        let parent = parent_spellings
            .get(g)
            .and_then(|u| u.most_used())
            .map(|p| p.to_string());
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
                (group.name, group.fold) = match own {
                    Some(b) => (b.name.clone(), b.fold.clone()),
                    None => (pname, pfold.clone()),
                };
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
                group.fold = base.map(|b| b.fold.clone()).unwrap_or_default();
            }
        }
        group.names = other_names(group.bases.iter().filter_map(|&b| bases.get(b)), &group.name);
    }
    let note = (parent_groups > 0).then(|| {
        parent_rows.sort_unstable();
        note(
            QualityCode::ClientsGroupedByParent,
            Role::Parent,
            parent_groups,
            parent_rows.into_iter(),
            parent_example,
        )
    });
    (groups, note)
}

/// Which group each base joins, and the parent's spellings per group (empty for a base alone).
fn assign(bases: &[Base], group_by_parent: bool) -> (Vec<Group>, Vec<Uses>) {
    // Parent groups: a base joins its declared parent, or the parent it is itself.
    let mut group_of_base: Vec<Option<usize>> = vec![None; bases.len()];
    let mut groups: Vec<Group> = Vec::new();
    let mut parent_spellings: Vec<Uses> = Vec::new();
    let mut group_of_fold: HashMap<String, usize> = HashMap::new();
    if group_by_parent {
        let declared: Vec<Option<(String, String)>> = bases
            .iter()
            .map(|b| {
                let p = b.parents.most_used()?.to_string();
                let fold = fold_client_name(&p);
                (!fold.is_empty()).then_some((p, fold))
            })
            .collect();
        for (b, d) in declared.iter().enumerate() {
            let Some((_, pfold)) = d else { continue };
            let next = groups.len();
            let g = *group_of_fold.entry(pfold.clone()).or_insert_with(|| {
                groups.push(Group::empty());
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
                for (p, n) in base.parents.iter() {
                    u.add(p, n);
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
        groups.push(Group::empty());
    }
    for (b, g) in group_of_base.iter().enumerate() {
        if let Some(group) = g.and_then(|g| groups.get_mut(g)) {
            group.bases.push(b);
        }
    }
    (groups, parent_spellings)
}

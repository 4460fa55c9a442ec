//! Likely duplicates that are not certain — Latin/Cyrillic look-alike
//! letters, a one- or two-letter spelling difference — offered to the user as
//! suggestions, never merged without them.

use super::groups::Group;
use crate::core::model::{Suggestion, SuggestionReason};
use crate::core::parse::name::skeleton_of_fold;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// At most this many suggestions, the largest amounts first.
pub(super) const MAX_SUGGESTIONS: usize = 50;
/// Clients compared for spelling differences: the largest ones.
const MAX_COMPARED: usize = 5000;
/// Clients compared within one block (same first or last two letters).
const MAX_PER_BLOCK: usize = 400;

/// Likely duplicates among the final clients: look-alike letters (one
/// skeleton, different folded names), then small spelling differences on the
/// folded name — at most 1 edit (Damerau–Levenshtein, adjacent transpositions)
/// for names of 6+ letters, 2 for 12+ — not differing in digits or initials
/// only. Clients with two different IDs are never suggested.
pub(super) fn suggest(groups: &[Group]) -> Vec<Suggestion> {
    let c = Clients::new(groups);
    let (mut out, lookalike_pairs) = c.lookalikes();
    out.extend(c.similar_names(&lookalike_pairs));
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.clients.cmp(&b.1.clients)));
    out.truncate(MAX_SUGGESTIONS);
    out.into_iter().map(|(_, s)| s).collect()
}

/// A suggestion with the combined amount it is ranked by.
type Ranked = (i128, Suggestion);

/// The final clients as the suggestions compare them.
struct Clients<'a> {
    groups: &'a [Group],
    folds: Vec<&'a str>,
}

impl<'a> Clients<'a> {
    fn new(groups: &'a [Group]) -> Clients<'a> {
        Clients {
            groups,
            folds: groups.iter().map(|g| g.fold.as_str()).collect(),
        }
    }

    fn amount(&self, g: usize) -> i128 {
        self.groups.get(g).map(|g| g.amount).unwrap_or(0)
    }

    /// Two clients with two different IDs are never one.
    fn different_ids(&self, a: usize, b: usize) -> bool {
        match (self.groups.get(a), self.groups.get(b)) {
            (Some(x), Some(y)) => x.id.is_some() && y.id.is_some() && x.id != y.id,
            _ => false,
        }
    }

    /// Names that are one once Latin look-alike letters are read as Cyrillic (one
    /// skeleton, different folded names); with the pairs they cover.
    fn lookalikes(&self) -> (Vec<Ranked>, HashSet<(usize, usize)>) {
        // Sorted by skeleton rather than mapped: no map entry and list per client.
        let skeletons: Vec<String> = self.folds.iter().map(|f| skeleton_of_fold(f)).collect();
        let sk = |g: &usize| skeletons.get(*g).map_or("", String::as_str);
        let mut order: Vec<usize> = (0..self.groups.len()).filter(|g| !sk(g).is_empty()).collect();
        order.sort_by(|a, b| sk(a).cmp(sk(b)).then(a.cmp(b)));
        let mut out = Vec::new();
        let mut pairs: HashSet<(usize, usize)> = HashSet::default();
        for members in order.chunk_by(|a, b| sk(a) == sk(b)).filter(|m| m.len() > 1) {
            let mut keep: Vec<usize> = Vec::new();
            for &g in members {
                let fold = self.folds.get(g);
                if keep
                    .iter()
                    .all(|&k| self.folds.get(k) != fold && !self.different_ids(k, g))
                {
                    keep.push(g);
                }
            }
            if keep.len() < 2 {
                continue;
            }
            keep.sort_by(|a, b| self.amount(*b).cmp(&self.amount(*a)).then(a.cmp(b)));
            for (i, &a) in keep.iter().enumerate() {
                for &b in keep.iter().skip(i + 1) {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
            let names: Vec<&str> = keep
                .iter()
                .filter_map(|&g| self.groups.get(g).map(|g| g.name.as_str()))
                .collect();
            let suggestion = Suggestion {
                clients: keep.iter().map(|&g| g as u32).collect(),
                reason: SuggestionReason::LookalikeLetters,
                detail: mixed_letters(&names),
            };
            out.push((keep.iter().map(|&g| self.amount(g)).sum(), suggestion));
        }
        (out, pairs)
    }

    /// Small spelling differences among the largest clients, within blocks of the same
    /// first or last two letters (so the comparisons stay bounded).
    fn similar_names(&self, lookalike_pairs: &HashSet<(usize, usize)>) -> Vec<Ranked> {
        let mut order: Vec<usize> = (0..self.groups.len())
            .filter(|&g| self.folds.get(g).is_some_and(|f| f.chars().nth(5).is_some()))
            .collect();
        order.sort_by(|a, b| self.amount(*b).cmp(&self.amount(*a)).then(a.cmp(b)));
        order.truncate(MAX_COMPARED);
        // Letters of the compared clients only: a file may hold a million others.
        let mut chars: Vec<Vec<char>> = vec![Vec::new(); self.groups.len()];
        // Their digits: two names with different digits are never a typo (`plausible_typo`), so
        // such a pair (`Клиент 0012`, `Клиент 0013`) is not measured.
        let mut digits: Vec<String> = vec![String::new(); self.groups.len()];
        for &g in &order {
            if let (Some(c), Some(d), Some(f)) = (chars.get_mut(g), digits.get_mut(g), self.folds.get(g)) {
                *c = f.chars().collect();
                *d = f.chars().filter(char::is_ascii_digit).collect();
            }
        }
        let mut blocks: HashMap<(bool, [char; 2]), Vec<usize>> = HashMap::default();
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
                    let pair = (a.min(b), a.max(b));
                    if ca.len().abs_diff(cb.len()) > k
                        || compared
                        || digits.get(a) != digits.get(b)
                        || self.different_ids(a, b)
                        || lookalike_pairs.contains(&pair)
                    {
                        continue;
                    }
                    let Some(d) = osa_within(ca, cb, k, &mut scratch) else {
                        continue;
                    };
                    if d > 0 && plausible_typo(self.folds.get(a).copied(), self.folds.get(b).copied()) {
                        similar.push((self.amount(a) + self.amount(b), pair.0, pair.1, d));
                    }
                }
            }
        }
        similar.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        similar.truncate(MAX_SUGGESTIONS);
        similar
            .into_iter()
            .map(|(total, a, b, d)| {
                // The larger first, as in a look-alike suggestion.
                let (a, b) = if self.amount(b) > self.amount(a) {
                    (b, a)
                } else {
                    (a, b)
                };
                let suggestion = Suggestion {
                    clients: vec![a as u32, b as u32],
                    reason: SuggestionReason::SimilarName,
                    detail: Some(d.to_string()),
                };
                (total, suggestion)
            })
            .collect()
    }
}

/// Not a real difference between two clients: the same digits (`Магнит 12` ≠
/// `Магнит 13`) and not only different initials (`Иванов И.И.` ≠ `Иванов И.А.`).
fn plausible_typo(a: Option<&str>, b: Option<&str>) -> bool {
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
}

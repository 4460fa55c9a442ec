//! Per-text memos for the pure label and name functions that run on every row:
//! a sales file repeats a few thousand names over a million rows, so each
//! text that repeats is folded or classified twice at most. The memo only remembers what a
//! pure function of the text returns, so callers see no difference but speed.
//! Bounded: long texts are not kept, and a full memo starts over.

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::hash::BuildHasher;
use std::thread::LocalKey;

/// Texts longer than this are computed each time (names are short).
const MAX_KEY_BYTES: usize = 256;
/// Entries before a memo is cleared: about 20 MB at the longest keys.
const MAX_ENTRIES: usize = 65_536;

/// Hashes of texts seen once, before the seen set starts over.
const MAX_SEEN: usize = 1 << 18;

/// One memo: the remembered results, and the hashes of texts seen only once.
/// A text is remembered on its second sighting: a column of order numbers,
/// each on one row, then costs a hash each instead of filling the memo and
/// clearing out the names that do repeat.
#[derive(Debug)]
pub(crate) struct MemoTable<T> {
    map: FxHashMap<Box<str>, T>,
    seen: FxHashSet<u64>,
}

impl<T> Default for MemoTable<T> {
    fn default() -> Self {
        MemoTable {
            map: FxHashMap::default(),
            seen: FxHashSet::default(),
        }
    }
}

/// Fx: a short name hashes in a few nanoseconds (SipHash cost more than the work saved).
pub(crate) type Memo<T> = RefCell<MemoTable<T>>;

/// `f(text)`, from `memo` when this text was seen before.
pub(crate) fn memoized<T: Clone + 'static>(
    memo: &'static LocalKey<Memo<T>>,
    text: &str,
    f: impl FnOnce(&str) -> T,
) -> T {
    if text.len() > MAX_KEY_BYTES {
        return f(text);
    }
    if let Some(v) = memo.with_borrow(|m| m.map.get(text).cloned()) {
        return v;
    }
    // Not borrowed while `f` runs: `f` may use other memos.
    let v = f(text);
    memo.with_borrow_mut(|m| {
        if m.seen.len() >= MAX_SEEN {
            m.seen.clear();
        }
        if m.seen.insert(FxBuildHasher.hash_one(text)) {
            return; // the first sighting
        }
        if m.map.len() >= MAX_ENTRIES {
            m.map.clear();
        }
        m.map.insert(text.into(), v.clone());
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LEN: Memo<usize> = RefCell::default();
    }

    #[test]
    fn remembers_from_the_second_sighting_and_stays_bounded() {
        let mut calls = 0;
        for _ in 0..4 {
            assert_eq!(
                memoized(&LEN, "abc", |t| {
                    calls += 1;
                    t.len()
                }),
                3
            );
        }
        assert_eq!(calls, 2, "computed on the first two sightings, remembered after");
        for i in 0..MAX_ENTRIES + 10 {
            memoized(&LEN, &i.to_string(), str::len);
        }
        assert_eq!(
            LEN.with_borrow(|m| m.map.len()),
            1,
            "texts seen once are not kept (only `abc` is)"
        );
        for _ in 0..2 {
            for i in 0..MAX_ENTRIES + 10 {
                memoized(&LEN, &i.to_string(), str::len);
            }
        }
        assert!(LEN.with_borrow(|m| m.map.len()) <= MAX_ENTRIES);
        assert!(LEN.with_borrow(|m| m.seen.len()) <= MAX_SEEN);
        let long = "x".repeat(MAX_KEY_BYTES + 1);
        for _ in 0..3 {
            assert_eq!(memoized(&LEN, &long, str::len), MAX_KEY_BYTES + 1);
        }
        assert!(LEN.with_borrow(|m| !m.map.contains_key(long.as_str())));
    }
}

//! Per-text memos for the pure label and name functions that run on every row:
//! a sales file repeats a few thousand names over a million rows, so each
//! distinct text is folded or classified once. The memo only remembers what a
//! pure function of the text returns, so callers see no difference but speed.
//! Bounded: long texts are not kept, and a full memo starts over.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::thread::LocalKey;

/// Texts longer than this are computed each time (names are short).
const MAX_KEY_BYTES: usize = 256;
/// Entries before a memo is cleared: about 20 MB at the longest keys.
const MAX_ENTRIES: usize = 65_536;

/// Fx: a short name hashes in a few nanoseconds (SipHash cost more than the work saved).
pub(crate) type Memo<T> = RefCell<FxHashMap<Box<str>, T>>;

/// `f(text)`, from `memo` when this text was seen before.
pub(crate) fn memoized<T: Clone + 'static>(
    memo: &'static LocalKey<Memo<T>>,
    text: &str,
    f: impl FnOnce(&str) -> T,
) -> T {
    if text.len() > MAX_KEY_BYTES {
        return f(text);
    }
    if let Some(v) = memo.with_borrow(|m| m.get(text).cloned()) {
        return v;
    }
    // Not borrowed while `f` runs: `f` may use other memos.
    let v = f(text);
    memo.with_borrow_mut(|m| {
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(text.into(), v.clone());
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
    fn remembers_and_stays_bounded() {
        let mut calls = 0;
        for _ in 0..3 {
            assert_eq!(
                memoized(&LEN, "abc", |t| {
                    calls += 1;
                    t.len()
                }),
                3
            );
        }
        assert_eq!(calls, 1);
        for i in 0..MAX_ENTRIES + 10 {
            memoized(&LEN, &i.to_string(), str::len);
        }
        assert!(LEN.with_borrow(|m| m.len()) <= MAX_ENTRIES);
        let long = "x".repeat(MAX_KEY_BYTES + 1);
        assert_eq!(memoized(&LEN, &long, str::len), MAX_KEY_BYTES + 1);
        assert!(LEN.with_borrow(|m| !m.contains_key(long.as_str())));
    }
}

//! What a row's classification asks of a text — a total word? letters? its
//! cleaned form? — worked out once per distinct text. Cell texts are shared
//! (the reader interns them), so a manager's name on a million rows is one
//! question, not a million.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::core::parse::labels::{is_subtotal_label, is_total_label};
use crate::core::parse::name::clean_shared;

/// Texts remembered; beyond, the answers are worked out each time (a file of a
/// million distinct names gains nothing from the memo and would pay its memory).
const MAX_TEXTS: usize = 1 << 16;

#[derive(Debug, Clone, Copy)]
pub(super) struct Facts {
    pub total: bool,
    pub subtotal: bool,
    pub letters: bool,
}

impl Facts {
    fn of(s: &str) -> Facts {
        Facts {
            total: is_total_label(s),
            subtotal: is_subtotal_label(s),
            letters: s.chars().any(char::is_alphabetic),
        }
    }
}

/// A text (kept, see [`TextMemo`]) and what is remembered of it, by its address.
type ByAddress<T> = RefCell<FxHashMap<usize, (Arc<str>, T)>>;

/// Keyed by the text's address. Each entry keeps its text alive, so no address
/// can be reused by another text while the memo lives.
#[derive(Debug, Default)]
pub(super) struct TextMemo {
    facts: ByAddress<Facts>,
    clean: ByAddress<Arc<str>>,
}

fn key(s: &Arc<str>) -> usize {
    Arc::as_ptr(s).cast::<u8>() as usize
}

impl TextMemo {
    /// Whether the text is a total label, a subtotal label and has letters, in one look-up.
    pub(super) fn facts(&self, s: &Arc<str>) -> Facts {
        let mut map = self.facts.borrow_mut();
        if let Some((_, f)) = map.get(&key(s)) {
            return *f;
        }
        let f = Facts::of(s);
        if map.len() < MAX_TEXTS {
            map.insert(key(s), (Arc::clone(s), f));
        }
        f
    }

    /// [`is_total_label`].
    pub(super) fn is_total(&self, s: &Arc<str>) -> bool {
        self.facts(s).total
    }

    /// [`clean_shared`].
    pub(super) fn clean(&self, s: &Arc<str>) -> Arc<str> {
        let mut map = self.clean.borrow_mut();
        if let Some((_, c)) = map.get(&key(s)) {
            return Arc::clone(c);
        }
        let c = clean_shared(s);
        if map.len() < MAX_TEXTS {
            map.insert(key(s), (Arc::clone(s), Arc::clone(&c)));
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_the_functions_answers() {
        let memo = TextMemo::default();
        for text in [
            "Итого",
            "Итого по менеджеру",
            "ООО  Ромашка ",
            "12345",
            "Total Acme Corp",
            "",
        ] {
            let s: Arc<str> = text.into();
            for _ in 0..2 {
                assert_eq!(memo.is_total(&s), is_total_label(text), "{text}");
                assert_eq!(memo.facts(&s).subtotal, is_subtotal_label(text), "{text}");
                assert_eq!(memo.facts(&s).letters, text.chars().any(char::is_alphabetic), "{text}");
                assert_eq!(memo.clean(&s), clean_shared(&s), "{text}");
            }
        }
        // The same words in another allocation: answered alike.
        let again: Arc<str> = "Итого".into();
        assert!(memo.is_total(&again));
    }
}

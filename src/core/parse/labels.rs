//! Row labels that are not data: totals ("Итого", "Grand Total") and page
//! markers ("Страница 2"), as text. Shared by header detection and
//! extraction, so both read a label the same way.

use crate::core::parse::memo::{Memo, memoized};
use crate::core::parse::name::{clean_name, is_clean};

/// A label as compared: cleaned (trimmed, inner spaces collapsed) and lowercase.
pub fn normalize_label(s: &str) -> String {
    clean_name(s).to_lowercase()
}

/// Total and subtotal labels. Unambiguous words match as a prefix
/// ("Итого по менеджеру"); "Total" alone or "Total:"/"Total for …" only,
/// so a client called "Total Energies" stays a client.
pub fn is_total_label(text: &str) -> bool {
    thread_local! {
        static TOTALS: Memo<bool> = Memo::default();
    }
    // The cheap test first: most texts are names, a million of them distinct.
    may_be_total(text) && memoized(&TOTALS, text, total_uncached)
}

/// False for most texts, without a copy: too long, or a first word not starting like a total word.
/// Runs on every label cell of every row, before the memo: a few nanoseconds for a name.
fn may_be_total(text: &str) -> bool {
    let trimmed = text.trim();
    if trimmed.len() > 120 || !trimmed.chars().next().is_some_and(|c| "иИвВоОgGsStTсС".contains(c)) {
        return false;
    }
    let first = trimmed
        .trim_start_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or_default();
    if first.chars().any(crate::core::parse::name::is_invisible_format) {
        return true;
    }
    // Basic Latin and Cyrillic capitals lowered by hand: the stems' letters are among them.
    let low = |c: char| match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
        _ => c,
    };
    let mut head = first.chars().map(low);
    let two = (head.next(), head.next());
    const STARTS: [(char, char); 7] = [
        ('и', 'т'),
        ('в', 'с'),
        ('о', 'б'),
        ('g', 'r'),
        ('s', 'u'),
        ('t', 'o'),
        ('с', 'у'),
    ];
    if !STARTS.iter().any(|&(a, b)| two == (Some(a), Some(b))) {
        return false;
    }
    // The first five letters lowered (stems are at most five letters).
    let mut head = ['\0'; 5];
    for (slot, c) in head.iter_mut().zip(first.chars().flat_map(char::to_lowercase)) {
        *slot = c;
    }
    let starts = |stem: &str| stem.chars().zip(head).all(|(s, h)| s == h);
    const STEMS: [&str; 8] = ["итог", "всего", "общий", "grand", "sub", "total", "сумма", "sum"];
    STEMS.iter().any(|s| starts(s))
}

/// Total labels: words that start one ("Итого по менеджеру"), whole labels, and "total" with
/// what it totals.
const PREFIX: [&str; 11] = [
    "итого",
    "итог:",
    "всего",
    "общий итог",
    "grand total",
    "subtotal",
    "sub-total",
    "sub total",
    "totals",
    "total sum",
    "сумма итого",
];
const EXACT: [&str; 5] = ["итог", "total", "сумма", "sum", "всего:"];
const TOTAL_OF: [&str; 5] = ["total:", "total for ", "total of ", "total по ", "total ("];

fn total_uncached(text: &str) -> bool {
    let trimmed = text.trim();
    let t = normalize_label(trimmed);
    let t = t.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    let word_end = |rest: &str| rest.is_empty() || rest.starts_with([' ', ':']);
    PREFIX.iter().any(|p| t.strip_prefix(p).is_some_and(word_end))
        || EXACT.contains(&t)
        || TOTAL_OF.iter().any(|p| t.starts_with(p))
}

/// A label that names a subtotal only when the sums agree: "Total Acme Corp"
/// (QuickBooks, Xero), "Acme Corp Total" / "Иванов Итог" (Excel pivot tables),
/// "Итог Иванов". A client may be called "Total Energies", so the caller
/// confirms it by the rows above adding up to its amount.
pub fn is_subtotal_label(text: &str) -> bool {
    thread_local! {
        static SUBTOTALS: Memo<bool> = Memo::default();
    }
    may_be_subtotal(text) && memoized(&SUBTOTALS, text, |t| subtotal_name(t).is_some())
}

/// A total word at either end of a subtotal label.
fn is_total_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| c.is_ascii_punctuation());
    // `total` 5 bytes, `итог` and `subtotal` 8, `итого` and `всего` 10.
    if !matches!(w.len(), 5 | 8 | 10) {
        return false;
    }
    ["total", "итог", "итого", "всего", "subtotal"]
        .iter()
        .any(|t| w.chars().flat_map(char::to_lowercase).eq(t.chars()))
}

/// False for most texts, without a copy: clean names with no total word at either end.
fn may_be_subtotal(text: &str) -> bool {
    text.split(' ').next().is_some_and(is_total_word)
        || text.rsplit(' ').next().is_some_and(is_total_word)
        || !is_clean(text)
}

/// The name a subtotal label totals and whether the total word comes first
/// ("Total Acme Corp" → `("Acme Corp", true)`, "Иванов Итог" → `("Иванов", false)`).
pub fn subtotal_name(text: &str) -> Option<(String, bool)> {
    if text.trim().len() > 200 {
        return None;
    }
    if !may_be_subtotal(text) {
        return None;
    }
    let t = clean_name(text);
    let words: Vec<&str> = t.split(' ').collect();
    let (name, total_first) = match words.as_slice() {
        // "Total for Acme" names Acme.
        [first, rest @ ..] if !rest.is_empty() && is_total_word(first) => match rest {
            [of, name @ ..] if !name.is_empty() && matches!(of.to_lowercase().as_str(), "for" | "of" | "по") => {
                (name.join(" "), true)
            }
            _ => (rest.join(" "), true),
        },
        [rest @ .., last] if !rest.is_empty() && is_total_word(last) => (rest.join(" "), false),
        _ => return None,
    };
    Some((name, total_first))
}

/// "Страница 2", "Стр. 3 из 10", "Page 2 of 5": the text of a row's only non-blank cell.
pub fn is_page_marker(text: &str) -> bool {
    let t = normalize_label(text);
    let rest = ["страница", "стр.", "стр", "лист", "page"]
        .iter()
        .find_map(|p| t.strip_prefix(p));
    rest.is_some_and(|r| {
        let r = r.trim();
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || "изof/-".contains(c))
            && r.chars().any(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_tests_reject_no_label() {
        // Every label the full test knows, with what "total for …" and "total (…" total.
        let words = PREFIX
            .iter()
            .chain(&EXACT)
            .chain(&TOTAL_OF)
            .map(|w| match w.chars().last() {
                Some(' ') => format!("{w}Acme"),
                Some('(') => format!("{w}Acme)"),
                _ => w.to_string(),
            });
        for w in words {
            let title: String = w
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(w.chars().skip(1))
                .collect();
            for t in [w.to_string(), w.to_uppercase(), title, format!("  {w}: ")] {
                assert!(total_uncached(&t) && may_be_total(&t) && is_total_label(&t), "{t:?}");
            }
        }
        for t in [
            "Итого Иванов",
            "Total Acme",
            "Acme Total",
            "Иванов ИТОГ",
            "Acme subtotal",
            "ВСЕГО по складу",
        ] {
            assert!(
                may_be_subtotal(t) && subtotal_name(t).is_some() && is_subtotal_label(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn total_labels_are_recognised_but_client_names_are_not() {
        for t in [
            "Итого",
            "ИТОГО",
            "Итого по менеджеру Иванов",
            "Всего:",
            "Total",
            "Grand Total",
            "Subtotal",
            "Total:",
            "Общий итог",
            "  итого  ",
        ] {
            assert!(is_total_label(t), "{t}");
        }
        for t in ["Total Energies", "Итоговая ООО", "Всеволод ИП", "Ромашка"] {
            assert!(!is_total_label(t), "{t}");
        }
    }

    #[test]
    fn subtotal_labels_need_a_name_beside_the_total_word() {
        for t in [
            "Total Acme Corp",
            "Acme Corp Total",
            "Иванов Итог",
            "Итог Иванов",
            "Total Energies",
        ] {
            assert!(is_subtotal_label(t), "{t}");
        }
        for t in ["Total", "Acme Corp", "Totalizator", "Итоговая ООО"] {
            assert!(!is_subtotal_label(t), "{t}");
        }
        assert_eq!(subtotal_name("Total for  Acme"), Some(("Acme".to_string(), true)));
        assert_eq!(subtotal_name("Иванов Итог"), Some(("Иванов".to_string(), false)));
    }

    #[test]
    fn page_markers_alone_in_a_row() {
        for t in ["Страница 2", "Стр. 3 из 10", "Page 2 of 5", "лист 4"] {
            assert!(is_page_marker(t), "{t}");
        }
        for t in ["Страница", "Page one", "Страховая компания 2"] {
            assert!(!is_page_marker(t), "{t}");
        }
    }
}

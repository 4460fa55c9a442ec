//! Key-by-judgment cells: the words of a marks column («Референтный, партнёр»,
//! "innovator; partner") and the yes/no cells of a column whose header names
//! one kind («Партнёр»: да / нет).

use crate::core::model::{Mark, MarkSet};
use crate::core::parse::memo::{Memo, memoized};
use crate::core::role::Role;

/// Word stems naming each kind, Russian and English (a word names a kind when it starts with one).
const STEMS: &[(&str, Mark)] = &[
    ("референт", Mark::Reference),
    ("референс", Mark::Reference),
    ("известн", Mark::Reference),
    ("имя", Mark::Reference),
    ("reference", Mark::Reference),
    ("famous", Mark::Reference),
    ("инновац", Mark::Innovator),
    ("инновато", Mark::Innovator),
    ("innovat", Mark::Innovator),
    ("adopter", Mark::Innovator),
    ("партн", Mark::Partner),
    ("partner", Mark::Partner),
    ("требоват", Mark::Demanding),
    ("взыскат", Mark::Demanding),
    ("demanding", Mark::Demanding),
    ("потенциал", Mark::Potential),
    ("potential", Mark::Potential),
];

/// Words that qualify a kind or the client without naming a kind
/// («ключевой по потенциалу», «громкое имя», "strategic partner", "early adopter").
const FILLERS: &[&str] = &[
    "ключев",
    "клиент",
    "по",
    "и",
    "с",
    "как",
    "громк",
    "больш",
    "высок",
    "стратегическ",
    "key",
    "client",
    "customer",
    "account",
    "by",
    "for",
    "and",
    "the",
    "a",
    "high",
    "big",
    "strategic",
    "early",
    "бренд",
    "brand",
    "name",
];

/// What a marks cell says: the kinds it names and the words it does not know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MarkWords {
    pub marks: MarkSet,
    /// Words naming no kind, as written (lowercase).
    pub unknown: Vec<String>,
}

/// The kind one lowercase word names, if any.
fn mark_of_word(word: &str) -> Option<Mark> {
    STEMS.iter().find(|(stem, _)| word.starts_with(stem)).map(|(_, m)| *m)
}

fn is_filler(word: &str) -> bool {
    FILLERS.iter().any(|f| {
        // Short fillers are whole words; stems take their endings («ключевого»).
        if f.chars().count() <= 3 {
            word == *f
        } else {
            word.starts_with(f)
        }
    })
}

/// Reads a marks cell: words separated by `,` `;` `/` `|` or spaces; a "no" cell
/// («нет», "-") names nothing.
pub(crate) fn parse_marks(text: &str) -> MarkWords {
    let mut out = MarkWords::default();
    if parse_yes_no(text) == Some(false) {
        return out;
    }
    let lower = text.to_lowercase().replace('ё', "е");
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        match mark_of_word(word) {
            Some(m) => out.marks.insert(m),
            None if is_filler(word) => {}
            None => {
                if !out.unknown.iter().any(|u| u == word) {
                    out.unknown.push(word.to_string());
                }
            }
        }
    }
    out
}

/// A yes/no cell's text: `Some(true)` for да, yes, y, 1, +, x, х, ✓, ✔, true, истина;
/// `Some(false)` for нет, no, n, 0, -, false, ложь and a blank; `None` for anything else.
pub(crate) fn parse_yes_no(text: &str) -> Option<bool> {
    thread_local! {
        static YES_NO: Memo<Option<bool>> = Memo::default();
    }
    memoized(&YES_NO, text, yes_no_uncached)
}

/// True when the text names at least one mark ([`parse_marks`]), remembered per text.
pub(crate) fn has_marks(text: &str) -> bool {
    thread_local! {
        static HAS: Memo<bool> = Memo::default();
    }
    memoized(&HAS, text, |t| !parse_marks(t).marks.is_empty())
}

fn yes_no_uncached(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "да" | "yes" | "y" | "1" | "+" | "x" | "х" | "✓" | "✔" | "✔\u{fe0f}" | "true" | "истина" | "д" => {
            Some(true)
        }
        "нет" | "no" | "n" | "0" | "-" | "–" | "—" | "false" | "ложь" | "н" | "" => Some(false),
        _ => None,
    }
}

/// The kind a yes/no column's role stands for.
pub(crate) fn flag_mark(role: Role) -> Option<Mark> {
    match role {
        Role::MarkReference => Some(Mark::Reference),
        Role::MarkInnovator => Some(Mark::Innovator),
        Role::MarkPartner => Some(Mark::Partner),
        Role::MarkDemanding => Some(Mark::Demanding),
        _ => None,
    }
}

/// The yes/no column roles, one per kind.
pub(crate) const FLAG_ROLES: [Role; 4] = [
    Role::MarkReference,
    Role::MarkInnovator,
    Role::MarkPartner,
    Role::MarkDemanding,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Vec<&'static str> {
        parse_marks(text).marks.iter().map(Mark::as_str).collect()
    }

    #[test]
    fn marks_words_in_russian_and_english_with_any_separator() {
        assert_eq!(marks("Референтный, партнёр"), vec!["reference", "partner"]);
        assert_eq!(marks("инноватор;требовательный"), vec!["innovator", "demanding"]);
        assert_eq!(marks("Известный бренд"), vec!["reference"]);
        assert!(parse_marks("Известный бренд").unknown.is_empty());
        assert_eq!(marks("громкое имя / потенциал"), vec!["potential", "reference"]);
        assert_eq!(marks("Ключевой по потенциалу"), vec!["potential"]);
        assert_eq!(marks("Инновационный|Партнер"), vec!["innovator", "partner"]);
        assert_eq!(
            marks("reference famous innovator partner demanding potential"),
            vec!["potential", "reference", "innovator", "partner", "demanding"]
        );
        assert_eq!(marks("Strategic partner, early adopter"), vec!["innovator", "partner"]);
        assert_eq!(marks("нет"), Vec::<&str>::new());
        assert_eq!(marks(" - "), Vec::<&str>::new());
        assert_eq!(marks(""), Vec::<&str>::new());
    }

    #[test]
    fn unknown_words_are_kept_once() {
        let w = parse_marks("партнёр, VIP, vip, лояльный");
        assert_eq!(w.marks.iter().collect::<Vec<_>>(), vec![Mark::Partner]);
        assert_eq!(w.unknown, vec!["vip", "лояльный"]);
        assert!(parse_marks("Партнёр").unknown.is_empty());
    }

    #[test]
    fn yes_and_no_cells() {
        for y in [
            "да",
            "Да",
            "YES",
            "y",
            "1",
            "+",
            "x",
            "х",
            "✓",
            "✔",
            "true",
            "ИСТИНА",
            " да ",
        ] {
            assert_eq!(parse_yes_no(y), Some(true), "{y}");
        }
        for n in ["нет", "No", "0", "-", "false", "ложь", ""] {
            assert_eq!(parse_yes_no(n), Some(false), "{n}");
        }
        for other in ["может быть", "2", "партнёр"] {
            assert_eq!(parse_yes_no(other), None, "{other}");
        }
    }

    #[test]
    fn each_flag_role_stands_for_its_kind() {
        let kinds: Vec<Mark> = FLAG_ROLES.iter().filter_map(|r| flag_mark(*r)).collect();
        assert_eq!(
            kinds,
            vec![Mark::Reference, Mark::Innovator, Mark::Partner, Mark::Demanding]
        );
        assert_eq!(flag_mark(Role::Marks), None);
    }
}

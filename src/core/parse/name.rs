//! Client names: a clean display form and a folded grouping key.
//!
//! [`fold_client_name`] decides which spellings are one client. It removes
//! only what does not tell clients apart — case, `ё`/`е`, quotes, spacing
//! inside initials, a legal form at either end — and keeps everything that
//! might (`Ромашка` ≠ `Ромашка-Плюс` ≠ `Ромашка 2`). Latin/Cyrillic
//! look-alikes are *not* merged by the key; [`skeleton`] exists to suggest
//! such pairs to the user instead.

use super::memo::{Memo, memoized};

/// Trims and collapses inner whitespace (NBSP, thin spaces, line breaks
/// included); what the user sees. Zero-width and bidirectional formatting
/// characters are dropped (an RLO in a name would reverse the text after it,
/// on the page and in every export), control characters become spaces.
pub fn clean_name(s: &str) -> String {
    // Most cells are clean already: one scan, one copy.
    if is_clean(s) {
        return s.to_string();
    }
    let visible: String = s
        .chars()
        .filter(|c| !is_invisible_format(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`clean_name`] of a shared text, sharing it when it is clean already.
pub fn clean_shared(s: &std::sync::Arc<str>) -> std::sync::Arc<str> {
    if is_clean(s) {
        std::sync::Arc::clone(s)
    } else {
        clean_name(s).into()
    }
}

/// Zero-width characters, bidirectional marks, embeddings, overrides and
/// isolates, the word joiner and invisible operators, the BOM.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// True when [`clean_name`] would return the text unchanged: single inner
/// spaces only, none at either end, no control or zero-width characters.
pub fn is_clean(s: &str) -> bool {
    // Bytes first: no control byte, no lead byte of a non-ASCII space, control or invisible
    // character (U+0080–U+00A0, U+061C, U+1680, U+180E, U+2000–U+206F, U+3000, U+FEFF), no
    // double or edge space — Cyrillic and Latin names pass without decoding a character.
    let mut after_space = true;
    let mut plain = true;
    for &x in s.as_bytes() {
        if x == b' ' {
            plain &= !after_space;
            after_space = true;
        } else {
            plain &= x > 0x20 && !matches!(x, 0x7f | 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xe3 | 0xef);
            after_space = false;
        }
    }
    if plain && (!after_space || s.is_empty()) {
        return true;
    }
    let mut after_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if after_space || c != ' ' {
                return false;
            }
            after_space = true;
        } else if c.is_control() || is_invisible_format(c) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || s.is_empty()
}

/// The grouping key: `ООО Ромашка` = `Ромашка ООО` = `ООО «Ромашка»` =
/// `Общество с ограниченной ответственностью "Ромашка"`;
/// `ИП Гафуров Д. В.` = `Гафуров Д.В. ИП`; `Acme, Inc.` = `Acme Inc`.
///
/// Steps: [`clean_name`], lowercase, `ё` → `е`, quotes to spaces, legal forms
/// removed from the start and the end (also abbreviated with dots, in
/// parentheses or after a comma), stray `,;:` and dashes trimmed at the
/// ends, runs of initials joined without dots (`д. в.` → `дв`). A name that
/// is nothing but a legal form keeps it (`ООО` folds to `ооо`, not to "").
pub fn fold_client_name(s: &str) -> String {
    thread_local! {
        static FOLDS: Memo<String> = Memo::default();
    }
    memoized(&FOLDS, s, fold_uncached)
}

fn fold_uncached(s: &str) -> String {
    // Final sigma depends on its neighbours: only the whole-text lowering knows it.
    let lowered;
    let s = if s.contains('Σ') {
        lowered = s.to_lowercase();
        &lowered
    } else {
        s
    };
    // One pass: lowercase, `ё` → `е`, quotes and control characters to spaces,
    // invisible ones dropped (split_whitespace then collapses as clean_name does).
    let mut lower = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible_format(c) {
            continue;
        }
        if c.is_control() || is_quote(c) {
            lower.push(' ');
        } else if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else if c == 'ё' || c == 'Ё' {
            lower.push('е');
        } else {
            lower.extend(c.to_lowercase());
        }
    }
    let mut tokens: Vec<&str> = lower.split_whitespace().collect();
    strip_legal_forms(&mut tokens);
    let key = merge_initials(&tokens);
    if key.is_empty() {
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        key
    }
}

/// The folded key with Latin letters that look like Cyrillic ones replaced
/// by those (`OOO Pомашкa` → `ооо ромашка`), for "possible duplicate"
/// suggestions. For comparison only: all-Latin names come out mixed-script.
#[cfg(test)]
pub fn skeleton(s: &str) -> String {
    skeleton_of_fold(&fold_client_name(s))
}

/// [`skeleton`] of a name already folded.
pub fn skeleton_of_fold(fold: &str) -> String {
    fold.chars()
        .map(|c| match c {
            'a' => 'а',
            'b' => 'в',
            'c' => 'с',
            'e' => 'е',
            'h' => 'н',
            'k' => 'к',
            'm' => 'м',
            'o' => 'о',
            'p' => 'р',
            't' => 'т',
            'x' => 'х',
            'y' => 'у',
            c => c,
        })
        .collect()
}

fn is_quote(c: char) -> bool {
    const QUOTES: &[char] = &[
        '«', '»', '"', '“', '”', '„', '‟', '\'', '‘', '’', '‚', '‛', '`', '‹', '›', '＂', '″',
    ];
    QUOTES.contains(&c)
}

/// Legal forms as lowercase words, compared with dots, commas and
/// parentheses removed (`l.l.c.`, `(ООО)`, `co.,`). Longest first, so
/// `публичное акционерное общество` is removed whole.
const LEGAL_FORMS: &[&[&str]] = &[
    &["федеральное", "государственное", "унитарное", "предприятие"],
    &["общество", "с", "ограниченной", "ответственностью"],
    &["товарищество", "с", "ограниченной", "ответственностью"],
    &["публичное", "акционерное", "общество"],
    &["закрытое", "акционерное", "общество"],
    &["открытое", "акционерное", "общество"],
    &["непубличное", "акционерное", "общество"],
    &["государственное", "унитарное", "предприятие"],
    &["муниципальное", "унитарное", "предприятие"],
    &["автономная", "некоммерческая", "организация"],
    &["limited", "liability", "company"],
    &["индивидуальный", "предприниматель"],
    &["акционерное", "общество"],
    &["некоммерческая", "организация"],
    &["частное", "предприятие"],
    &["ооо"],
    &["оао"],
    &["зао"],
    &["пао"],
    &["ао"],
    &["нао"],
    &["ип"],
    &["фгуп"],
    &["муп"],
    &["гуп"],
    &["ано"],
    &["нко"],
    &["тоо"],
    &["чп"],
    &["сп"],
    // Belarus and older Russian forms.
    &["одо"],
    &["чуп"],
    &["ичп"],
    &["пбоюл"],
    // Transliterated Russian forms (`OOO Romashka`).
    &["ooo"],
    &["oao"],
    &["zao"],
    &["pao"],
    &["llc"],
    &["ltd"],
    &["limited"],
    &["inc"],
    &["incorporated"],
    &["corp"],
    &["corporation"],
    &["co"],
    &["gmbh"],
    &["ag"],
    &["sa"],
    &["plc"],
    &["llp"],
    &["bv"],
    &["srl"],
    &["pty"],
];

/// A token as compared with legal forms: without `.`, `,`, `(`, `)` (copied only when it has them).
fn form_key(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['.', ',', '(', ')']) {
        token
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | '(' | ')'))
            .collect::<String>()
            .into()
    } else {
        token.into()
    }
}

/// Longest legal form among the first (or last) words, leaving at least one word.
fn legal_form_len(tokens: &[&str], from_end: bool) -> usize {
    let max = tokens.len().saturating_sub(1).min(4);
    let edge = if from_end {
        tokens.get(tokens.len() - max..)
    } else {
        tokens.get(..max)
    };
    let edge = edge.unwrap_or_default();
    // Most names have no legal form at this end: one comparison per form's edge word, no copy.
    let outer = if from_end { edge.last() } else { edge.first() };
    let Some(outer) = outer.map(|t| form_key(t)) else {
        return 0;
    };
    let outer_word = |form: &&[&'static str]| if from_end { form.last() } else { form.first() }.copied();
    LEGAL_FORMS
        .iter()
        .filter(|form| form.len() <= max && outer_word(form) == Some(&*outer))
        .filter(|form| {
            let words = if from_end {
                edge.get(max.saturating_sub(form.len())..)
            } else {
                edge.get(..form.len())
            };
            words.is_some_and(|w| w.iter().zip(form.iter()).all(|(t, f)| form_key(t) == *f))
        })
        .map(|form| form.len())
        .max()
        .unwrap_or(0)
}

/// Removes legal forms from both ends until none is left, never the last word.
fn strip_legal_forms(tokens: &mut Vec<&str>) {
    // Tokens only shrink: an unchanged length in bytes means nothing was removed.
    let size = |t: &[&str]| t.len() + t.iter().map(|t| t.len()).sum::<usize>();
    loop {
        trim_stray_punctuation(tokens);
        let before = size(tokens);
        let n = legal_form_len(tokens, false);
        tokens.drain(..n);
        let n = legal_form_len(tokens, true);
        tokens.truncate(tokens.len() - n);
        trim_stray_punctuation(tokens);
        if size(tokens) == before {
            break;
        }
    }
}

/// Trims `,;:` and dashes off the ends of the name (`Acme, Inc.` leaves `acme,`).
fn trim_stray_punctuation(tokens: &mut Vec<&str>) {
    let stray = |c: char| matches!(c, ',' | ';' | ':' | '-' | '–' | '—');
    if let Some(first) = tokens.first_mut() {
        *first = first.trim_start_matches(stray);
    }
    if let Some(last) = tokens.last_mut() {
        *last = last.trim_end_matches(stray);
    }
    let empty_edge = |t: Option<&&str>| t.is_some_and(|t| t.is_empty());
    while empty_edge(tokens.first()) {
        tokens.remove(0);
        if let Some(first) = tokens.first_mut() {
            *first = first.trim_start_matches(stray);
        }
    }
    while empty_edge(tokens.last()) {
        tokens.pop();
        if let Some(last) = tokens.last_mut() {
            *last = last.trim_end_matches(stray);
        }
    }
}

/// `д.`, `в.`, `д.в.`, `д.в`, and a bare letter right after one of those.
fn is_initials(token: &str) -> bool {
    let body = token.strip_suffix('.').unwrap_or(token);
    !body.is_empty()
        && body
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Joins runs of initials into bare letters (`д. в.` and `д.в.` → `дв`), and the words with spaces.
fn merge_initials(tokens: &[&str]) -> String {
    fn push(out: &mut String, word: &str) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let mut out = String::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut String| {
        // Bare letters without a dot (`группа а`, `и к`) are words, not initials.
        if run.iter().any(|t| t.contains('.')) {
            let letters: String = run.iter().flat_map(|t| t.chars()).filter(|&c| c != '.').collect();
            push(out, &letters);
        } else {
            run.iter().for_each(|t| push(out, t));
        }
        run.clear();
    };
    for &t in tokens {
        if is_initials(t) {
            run.push(t);
        } else {
            flush(&mut run, &mut out);
            push(&mut out, t);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_name_collapses_all_whitespace() {
        let cases: &[(&str, &str)] = &[
            ("  ООО  Ромашка ", "ООО Ромашка"),
            ("ООО\u{a0}Ромашка", "ООО Ромашка"),
            ("ООО\u{202f}\u{2009}Ромашка\t\n", "ООО Ромашка"),
            ("\u{feff}Ромашка\u{200b}", "Ромашка"),
            ("Рома\u{0}шка", "Рома шка"),
            ("\u{202e}акшамоР\u{202c} ООО", "акшамоР ООО"),
            ("\u{2067}Ромашка\u{2069}\u{200e}", "Ромашка"),
            ("\u{200b}\u{200c}\u{2060}", ""),
            ("", ""),
        ];
        for &(raw, want) in cases {
            assert_eq!(clean_name(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn the_byte_test_of_is_clean_misses_no_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let odd = (c.is_whitespace() && c != ' ') || c.is_control() || is_invisible_format(c);
            assert_eq!(is_clean(&format!("a{c}b")), !odd, "{:?}", c);
        }
        assert!(!is_clean(" a") && !is_clean("a ") && !is_clean("a  b") && is_clean("a b") && is_clean(""));
    }

    #[test]
    fn spellings_of_one_client_fold_together() {
        let groups: &[&[&str]] = &[
            &[
                "ООО Ромашка",
                "Ромашка ООО",
                "ООО «Ромашка»",
                "ооо \"ромашка\"",
                "ООО\"Ромашка\"",
                "Общество с ограниченной ответственностью «Ромашка»",
                "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ \u{201c}РОМАШКА\u{201d}",
                "Ромашка (ООО)",
                "Ромашка, ООО",
                "  ООО\u{a0}Ромашка ",
                "«Ромашка»",
                "Ромашка",
            ],
            &[
                "Гафуров Д.В. ИП",
                "ИП Гафуров Д.В.",
                "ИП Гафуров Д. В.",
                "Индивидуальный предприниматель Гафуров Д.В.",
            ],
            &["Ёлка АО", "АО «Елка»", "Акционерное общество Ёлка"],
            &[
                "ПАО Сбербанк",
                "Публичное акционерное общество «Сбербанк»",
                "Сбербанк ПАО",
            ],
            &[
                "Australian Collectors, Co.",
                "Australian Collectors Co",
                "Australian Collectors",
            ],
            &["Acme, Inc.", "Acme Inc", "ACME INC.", "Acme"],
            &["Acme L.L.C.", "Acme LLC", "Acme, LLC"],
            &[
                "Mini Gifts Distributors Ltd.",
                "Mini Gifts Distributors Ltd",
                "Mini Gifts Distributors",
            ],
            &[
                "Euro Shopping Channel",
                "euro  shopping channel",
                "Euro Shopping Channel S.A.",
            ],
            &["Siemens AG", "Siemens"],
            &["ЧУП «Василек»", "Василек ЧУП", "Василек"],
            &["ПБОЮЛ Иванов И.И.", "Иванов И. И."],
            &["Acme Co. Ltd.", "Acme"],
            &["OOO Romashka", "Romashka"],
        ];
        for group in groups {
            let keys: Vec<String> = group.iter().map(|s| fold_client_name(s)).collect();
            for (name, key) in group.iter().zip(&keys) {
                assert_eq!(key, &keys[0], "{name:?} vs {:?}", group[0]);
            }
        }
        assert_eq!(fold_client_name("ООО Ромашка"), "ромашка");
        assert_eq!(fold_client_name("Гафуров Д.В. ИП"), "гафуров дв");
        assert_eq!(
            fold_client_name("Mini Gifts Distributors Ltd."),
            "mini gifts distributors"
        );
        assert_eq!(fold_client_name("Euro Shopping Channel"), "euro shopping channel");
        // Lowered as a whole text: a final sigma stays final.
        assert_eq!(fold_client_name("ΟΔΟΣ LTD"), "οδος");
        assert_eq!(fold_client_name("ООО\u{a0}«Ёлка»\u{200b}"), "елка");
    }

    #[test]
    fn different_clients_stay_apart() {
        let pairs: &[(&str, &str)] = &[
            ("ООО Ромашка", "ООО Ромашка-Плюс"),
            ("Ромашка", "Ромашка 2"),
            ("ООО Ромашка", "ООО Ромашки"),
            ("Гафуров Д.В.", "Гафуров Д.А."),
            ("Группа А", "Группа Б"),
            // Look-alike letters are a suggestion, not a merge.
            ("ООО Ромашка", "OOO Pомашкa"),
            ("Co-op Store", "Store"),
        ];
        for &(a, b) in pairs {
            assert_ne!(fold_client_name(a), fold_client_name(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_name_that_is_only_a_legal_form_keeps_it() {
        assert_eq!(fold_client_name("ООО"), "ооо");
        assert_eq!(fold_client_name("«ООО»"), "ооо");
        assert_eq!(fold_client_name("Ltd."), "ltd.");
        assert_eq!(fold_client_name("ИП ООО"), "ооо");
        assert_eq!(fold_client_name("«»"), "");
        assert_eq!(fold_client_name(""), "");
    }

    #[test]
    fn folding_is_stable() {
        for name in [
            "Euro Shopping Channel",
            "Mini Gifts Distributors Ltd.",
            "ИП Гафуров Д. В.",
            "ООО «Ромашка»",
        ] {
            let once = fold_client_name(name);
            assert_eq!(fold_client_name(&once), once, "{name:?}");
        }
    }

    #[test]
    fn skeleton_maps_latin_look_alikes_to_cyrillic() {
        assert_eq!(skeleton("ООО Ромашка"), skeleton("OOO Pомашкa"));
        assert_eq!(skeleton("ТК Сокол"), skeleton("TK Cokoл"));
        assert_eq!(skeleton("OOO Pомашкa"), "ромашка");
        assert_ne!(skeleton("Ромашка"), skeleton("Ромашка 2"));
    }
}

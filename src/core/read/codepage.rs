//! Text repairs for old Excel files.
//!
//! * Excel 95 (BIFF5/7) stores 8-bit text in the workbook's code page; when
//!   the CODEPAGE record is missing, calamine decodes cp1251 (Cyrillic) bytes
//!   as cp1252, giving mojibake such as `Ñåêòîð / Êëèåíò` for
//!   `Сектор / Клиент`. [`looks_like_cp1251_mojibake`] recognises it.
//! * Some writers store UTF-16 text where 8-bit text is expected, which a
//!   reader returns with NULs between the letters (`T\0i\0t\0l\0e\0`);
//!   [`strip_nuls`] repairs that.

use encoding_rs::{WINDOWS_1251, WINDOWS_1252};

/// Letters of cp1252 that bytes 0xC0–0xFF (the Cyrillic А–я block of cp1251)
/// decode to, plus `¨`/`¸` (Ё/ё).
fn is_high_latin(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{ff}' | '\u{a8}' | '\u{b8}') && c != '\u{d7}' && c != '\u{f7}'
}

/// Per-string verdict: `Some(true)` mojibake-like, `Some(false)` letters but
/// not mojibake, `None` no letters to judge by.
fn string_verdict(s: &str) -> Option<bool> {
    let mut high = 0usize;
    let mut ascii = 0usize;
    for c in s.chars() {
        if is_high_latin(c) {
            high += 1;
        } else if c.is_ascii_alphabetic() {
            ascii += 1;
        } else if c.is_alphabetic() {
            // Real Cyrillic, Greek, CJK…: the text was decoded correctly.
            return Some(false);
        }
    }
    if high + ascii == 0 {
        return None;
    }
    // Cyrillic words decoded as cp1252 are made almost only of À–ÿ letters;
    // French, German or Spanish text has a few accents among ASCII letters.
    Some(high >= 3 && high * 10 >= (high + ascii) * 7)
}

/// True when most strings that hold letters read as cp1251 text decoded with
/// cp1252, and re-decoding them as cp1251 yields Cyrillic.
pub fn looks_like_cp1251_mojibake<'a>(strings: impl IntoIterator<Item = &'a str>) -> bool {
    let mut yes = 0usize;
    let mut judged = 0usize;
    for s in strings {
        match string_verdict(s) {
            Some(true) => {
                if redecode_cp1251(s).is_some_and(|r| cyrillic_share(&r) >= 0.6) {
                    yes += 1;
                }
                judged += 1;
            }
            Some(false) => judged += 1,
            None => {}
        }
    }
    yes >= 2 && yes * 2 > judged
}

/// Re-encodes `s` as the 8-bit bytes it was decoded from and decodes them as
/// cp1251; `None` if `s` holds characters no 8-bit reading produces.
///
/// calamine decodes 8-bit BIFF5 text without a code page as Latin-1 (bytes
/// 0x80–0x9F become U+0080–U+009F), some writers as cp1252 (`€`, `—`…):
/// both are mapped back to their byte.
pub fn redecode_cp1251(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if let Ok(b) = u8::try_from(u32::from(c)) {
            bytes.push(b);
        } else {
            let (enc, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if unmappable || enc.len() != 1 {
                return None;
            }
            bytes.extend_from_slice(&enc);
        }
    }
    let (text, _, _) = WINDOWS_1251.decode(&bytes);
    Some(text.into_owned())
}

/// Share of letters that are Cyrillic.
pub fn cyrillic_share(s: &str) -> f64 {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return 0.0;
    }
    let cyr = s.chars().filter(|c| ('\u{400}'..='\u{4ff}').contains(c)).count();
    cyr as f64 / letters as f64
}

/// Removes NUL characters (UTF-16 text read as 8-bit); borrows when clean.
pub fn strip_nuls(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        std::borrow::Cow::Owned(s.replace('\0', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_mojibake_is_recognised_and_latin_text_is_not() {
        let moji = ["Ñåêòîð / Êëèåíò", "Àçàíîâ Õ.Ç. ÈÏ", "Ñóììà ñ ÍÄÑ"];
        assert!(looks_like_cp1251_mojibake(moji.iter().copied()));
        assert_eq!(redecode_cp1251("Ñåêòîð / Êëèåíò").as_deref(), Some("Сектор / Клиент"));
        let latin = [
            "ELECTORAL DIVISION OF SOMERSET EAST ; FIELD-CÓRNËTCY No. 5, ZWAGERSHÓÊN.",
            "Société Générale",
            "Müller GmbH",
        ];
        assert!(!looks_like_cp1251_mojibake(latin.iter().copied()));
        assert!(!looks_like_cp1251_mojibake(["Сектор", "Клиент"].iter().copied()));
        assert_eq!(strip_nuls("T\0i\0t\0l\0e\0"), "Title");
        // Latin-1 reading of cp1251 "№ — Ёлка": 0xB9 0x97 0xA8.
        assert_eq!(redecode_cp1251("\u{b9} \u{97} \u{a8}ëêà").as_deref(), Some("№ — Ёлка"));
    }
}

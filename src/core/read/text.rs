//! Text-file helpers shared by sniffing and the CSV reader: which characters
//! text may hold, and UTF-16 told by its byte-order mark or its zero bytes.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Characters allowed in delimited text: no control characters other than
/// tab, CR and LF.
pub(crate) fn allowed_char(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\r' | '\n')
}

/// UTF-16 without a BOM, told by zero bytes: returns the body and encoding.
/// With a BOM: the body after it.
pub(crate) fn detect_utf16(bytes: &[u8]) -> Option<(&[u8], &'static Encoding)> {
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Some((body, UTF_16LE));
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Some((body, UTF_16BE));
    }
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    // Per side (even and odd bytes): zero bytes, and bytes 0x04 — the high
    // byte of Cyrillic (U+04xx). Neither occurs in 8-bit or UTF-8 text.
    let (mut even0, mut odd0, mut even4, mut odd4) = (0usize, 0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = *pair {
            even0 += usize::from(a == 0);
            odd0 += usize::from(b == 0);
            even4 += usize::from(a == 4);
            odd4 += usize::from(b == 4);
        }
    }
    // Latin/ASCII text in UTF-16 has a zero in nearly every unit: zeros on
    // one side in at least 30% of units and almost never on the other.
    // Cyrillic text has 0x04 there instead: zeros and 0x04 together on one
    // side in at least 90% of units, some zeros (line breaks, digits).
    let high_side =
        |zeros: usize, fours: usize| zeros * 10 >= pairs * 3 || (zeros > 0 && (zeros + fours) * 10 >= pairs * 9);
    if high_side(odd0, odd4) && even0 * 20 <= pairs {
        Some((bytes, UTF_16LE))
    } else if high_side(even0, even4) && odd0 * 20 <= pairs {
        Some((bytes, UTF_16BE))
    } else {
        None
    }
}

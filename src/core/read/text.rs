//! Text-file helpers shared by sniffing and the CSV reader: which characters
//! text may hold, UTF-16 told by its byte-order mark or its zero bytes, and
//! UTF-8 with some damaged lines decoded line by line.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1251};

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

/// Physical lines of `bytes`, each with its terminator: LF, CRLF or a lone
/// CR ends a line (as the CSV reader counts rows).
pub(crate) fn physical_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, after) = rest.split_at(end.min(rest.len()));
        rest = after;
        Some(line)
    })
}

/// Text that is UTF-8 except on some lines, decoded line by line.
#[derive(Debug)]
pub(crate) struct MostlyUtf8 {
    /// The decoded text, line structure unchanged.
    pub text: String,
    /// 0-based physical lines that held bytes invalid in UTF-8, ascending.
    pub repaired_lines: Vec<u64>,
}

/// Decodes bytes that are not valid UTF-8 throughout but are a UTF-8 file
/// with a few damaged or foreign lines: each valid line as UTF-8; a line
/// with invalid bytes as UTF-8 with U+FFFD replacing them when its valid
/// non-ASCII characters outnumber its invalid sequences (a byte lost or cut
/// in a UTF-8 line), else as Windows-1251 (a line pasted from another
/// export).
///
/// `None` when the bytes read as a Windows-1251 file instead: no more lines
/// hold valid non-ASCII UTF-8 than hold invalid bytes (Cyrillic in
/// Windows-1251 is invalid UTF-8 on nearly every line). `utf8_declared`
/// (a UTF-8 byte-order mark) always decodes line by line.
pub(crate) fn decode_mostly_utf8(bytes: &[u8], utf8_declared: bool) -> Option<MostlyUtf8> {
    let (mut valid_non_ascii, mut invalid) = (0usize, 0usize);
    for line in physical_lines(bytes) {
        match std::str::from_utf8(line) {
            Ok(s) if !s.is_ascii() => valid_non_ascii += 1,
            Ok(_) => {}
            Err(_) => invalid += 1,
        }
    }
    if !utf8_declared && valid_non_ascii <= invalid {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut repaired_lines = Vec::new();
    for (i, line) in physical_lines(bytes).enumerate() {
        if let Ok(s) = std::str::from_utf8(line) {
            text.push_str(s);
            continue;
        }
        repaired_lines.push(i as u64);
        let (mut chars, mut bad) = (0usize, 0usize);
        for chunk in line.utf8_chunks() {
            chars += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            bad += usize::from(!chunk.invalid().is_empty());
        }
        if chars > bad {
            text.push_str(&String::from_utf8_lossy(line));
        } else {
            text.push_str(&WINDOWS_1251.decode_without_bom_handling(line).0);
        }
    }
    Some(MostlyUtf8 { text, repaired_lines })
}

//! Format from magic bytes, never from the file name.
//!
//! This is the cheap first look: it only reads the first bytes. Containers
//! are told apart afterwards by their entries ([`super::zip_guard`] for zip,
//! [`super::ole`] for OLE compound files); text is only accepted as CSV once
//! [`super::csv`] finds a consistent delimited table in it.

use super::text::{allowed_char, detect_utf16};

/// What the first bytes say the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip container (xlsx, xlsm, xlsb, ods — told apart by its entries).
    Zip,
    /// An OLE compound file (xls, or an encrypted xlsx).
    Ole,
    /// Text that may be a delimited table.
    Text,
    /// A 1C:Enterprise spreadsheet document (.mxl), binary or text form.
    Mxl,
    /// An HTML page, often saved with an `.xls` name by 1C and CRMs.
    Html,
    /// Excel 2003 XML Spreadsheet (SpreadsheetML), also often named `.xls`.
    XmlSpreadsheet,
    /// A PDF document.
    Pdf,
    Unknown,
}

/// The bytes [`sniff_format`] looks at.
pub const HEAD: usize = 4096;

/// Classifies `bytes` by their first [`HEAD`] bytes.
///
/// Text is [`Sniffed::Text`] when it starts with a byte-order mark, or when
/// its first 4 KiB hold no control bytes other than tab, CR, LF (UTF-16
/// without a BOM is recognised by its pattern of zero bytes).
pub fn sniff_format(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    if bytes.starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    // 1C binary spreadsheet documents start with the ASCII signature "MOXCEL"
    // (followed by binary data). Also accept it after a few leading bytes.
    let head = bytes.get(..bytes.len().min(HEAD)).unwrap_or(bytes);
    if find(head.get(..head.len().min(16)).unwrap_or(head), b"MOXCEL").is_some() {
        return Sniffed::Mxl;
    }
    let text_head = text_prefix(head);
    if let Some(t) = text_head.as_deref() {
        let trimmed = t.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        // 1C's text serialisation of a spreadsheet document: `{"#",…` or
        // `{8,…` (an internal-format object list). A CSV never starts so.
        if trimmed.starts_with("{\"#\"") || starts_with_1c_object_list(trimmed) {
            return Sniffed::Mxl;
        }
        let lower: String = trimmed.chars().take(1024).collect::<String>().to_ascii_lowercase();
        if lower.starts_with('<') {
            if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && !lower.contains("<html") {
                return Sniffed::XmlSpreadsheet;
            }
            if lower.contains("<html")
                || lower.contains("<!doctype html")
                || lower.contains("<table")
                || lower.contains("<meta")
                || lower.contains("<head")
            {
                return Sniffed::Html;
            }
        }
        return Sniffed::Text;
    }
    Sniffed::Unknown
}

/// `{` + digits + `,` — the start of a 1C internal-format object list.
fn starts_with_1c_object_list(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('{') else { return false };
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(',')
}

/// A lossy text view of the head when it looks like text (UTF-8, an 8-bit
/// code page, or UTF-16 with or without BOM); `None` for binary data.
fn text_prefix(head: &[u8]) -> Option<String> {
    if head.is_empty() {
        return None;
    }
    if let Some(utf16) = detect_utf16(head) {
        let (body, enc) = utf16;
        let (text, _) = enc.decode_without_bom_handling(body);
        return if text.chars().all(allowed_char) {
            Some(text.into_owned())
        } else {
            None
        };
    }
    // A stray NUL (a damaged export) is left to the CSV reader, which drops a few and refuses more.
    if head
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\r' | b'\n'))
    {
        return None;
    }
    // Bytes ≥ 0x80 are fine here (UTF-8 or a legacy code page); decode lossily.
    Some(String::from_utf8_lossy(head).into_owned())
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

//! Looks inside an OLE compound file (MS-CFB) without a full parser: which
//! streams it names. Directory entries are 128-byte records aligned to 128
//! bytes within sectors, holding the name in UTF-16LE, its byte length at
//! offset 64 and the object type at offset 66, so scanning the file at
//! 128-byte steps for well-formed entries finds every stream name. A stray
//! match inside stream data would need an exact, length-consistent name
//! followed by a valid type byte, which is vanishingly unlikely.

/// What an OLE container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OleKind {
    /// BIFF8 (Excel 97–2003): a `Workbook` stream.
    Biff8,
    /// BIFF5/7 (Excel 5.0/95): a `Book` stream and no `Workbook` stream.
    Biff5,
    /// An Office Open XML file encrypted with a password (ECMA-376 agile or
    /// standard encryption): `EncryptionInfo` + `EncryptedPackage` streams.
    EncryptedPackage,
    /// Something else (a .doc, an .msg, an .mxl saved in an OLE wrapper…).
    Other,
}

/// Stream and storage names found in the compound file's directory.
pub fn directory_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut off = 512usize;
    while let Some(entry) = bytes.get(off..off + 128) {
        if let Some(name) = parse_entry(entry) {
            names.push(name);
        }
        off += 128;
    }
    names
}

fn parse_entry(entry: &[u8]) -> Option<String> {
    let name_len = u16::from_le_bytes([*entry.get(64)?, *entry.get(65)?]) as usize;
    let typ = *entry.get(66)?;
    let color = *entry.get(67)?;
    if !(4..=64).contains(&name_len) || !name_len.is_multiple_of(2) || !matches!(typ, 1 | 2 | 5) || color > 1 {
        return None;
    }
    let raw = entry.get(..name_len)?;
    // Terminated by a UTF-16 NUL, no NUL before it.
    if raw.get(name_len - 2..)? != [0, 0] {
        return None;
    }
    let units: Vec<u16> = raw
        .get(..name_len - 2)?
        .chunks_exact(2)
        .filter_map(|c| match *c {
            [a, b] => Some(u16::from_le_bytes([a, b])),
            _ => None,
        })
        .collect();
    if units.contains(&0) {
        return None;
    }
    String::from_utf16(&units).ok()
}

/// Classifies an OLE file by its stream names.
pub fn inspect_ole(bytes: &[u8]) -> OleKind {
    let names = directory_names(bytes);
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        OleKind::EncryptedPackage
    } else if has("Workbook") {
        OleKind::Biff8
    } else if has("Book") {
        OleKind::Biff5
    } else {
        OleKind::Other
    }
}

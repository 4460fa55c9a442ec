//! Pre-check of an xlsb workbook part before calamine reads it.
//!
//! calamine 0.38 reads `xl/workbook.bin` with unchecked indexing: a sheet
//! record (BrtBundleSh) whose relationship id is missing from
//! `xl/_rels/workbook.bin.rels` panics (`relationships[&relid]`), as do
//! records shorter than the fields it reads. This walks the same records
//! first and reports such files as damaged.

use std::collections::HashSet;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::core::error::{Error, ErrorKind, Result};

/// Workbook parts above this are refused (they hold sheet names, not data).
const MAX_WORKBOOK_PART: u64 = 64 << 20;

fn damaged(what: &str) -> Error {
    Error::new(ErrorKind::DamagedFile).with_detail(format!("xlsb: {what}"))
}

fn read_entry(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>> {
    let Some(idx) = zip.index_for_name(name) else {
        return Ok(None);
    };
    let entry = zip.by_index(idx).map_err(|e| damaged(&format!("{name}: {e}")))?;
    if entry.size() > MAX_WORKBOOK_PART {
        return Err(damaged(&format!("{name} is {} bytes", entry.size())));
    }
    let mut out = Vec::new();
    entry
        .take(MAX_WORKBOOK_PART + 1)
        .read_to_end(&mut out)
        .map_err(|e| damaged(&format!("{name}: {e}")))?;
    Ok(Some(out))
}

/// Relationship ids that calamine would keep (elements with Id and Target).
fn relationship_ids(xml: &[u8]) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    let mut reader = Reader::from_reader(BufReader::new(xml));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "Relationship" => {
                let id = e.try_get_attribute("Id").ok().flatten();
                let target = e.try_get_attribute("Target").ok().flatten();
                if let (Some(id), Some(_)) = (id, target) {
                    ids.insert(id.value.to_string());
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(damaged(&format!("workbook relationships: {e}"))),
            _ => {}
        }
        buf.clear();
    }
    Ok(ids)
}

/// One xlsb record header at `pos`: (type, body range).
fn record(b: &[u8], pos: usize) -> Option<(u16, usize, usize)> {
    let mut p = pos;
    let b0 = *b.get(p)?;
    p += 1;
    let typ = if b0 & 0x80 != 0 {
        let b1 = *b.get(p)?;
        p += 1;
        u16::from(b0 & 0x7F) + (u16::from(b1 & 0x7F) << 7)
    } else {
        u16::from(b0)
    };
    let mut c = *b.get(p)?;
    p += 1;
    let mut len = usize::from(c & 0x7F);
    for i in 1..4 {
        if c & 0x80 == 0 {
            break;
        }
        c = *b.get(p)?;
        p += 1;
        len += usize::from(c & 0x7F) << (7 * i);
    }
    let end = p.checked_add(len)?;
    (end <= b.len()).then_some((typ, p, end))
}

/// Checks `xl/workbook.bin` against what calamine indexes without checks.
///
/// # Errors
/// `damaged_file`.
pub fn check_xlsb(bytes: &[u8]) -> Result<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&format!("zip: {e}")))?;
    let rels = match read_entry(&mut zip, "xl/_rels/workbook.bin.rels")? {
        Some(xml) => relationship_ids(&xml)?,
        None => HashSet::new(),
    };
    let Some(wb) = read_entry(&mut zip, "xl/workbook.bin")? else {
        return Err(damaged("no xl/workbook.bin"));
    };
    let mut pos = 0;
    while pos < wb.len() {
        // A truncated record makes calamine return an I/O error: fine.
        let Some((typ, start, end)) = record(&wb, pos) else {
            return Ok(());
        };
        let body = wb.get(start..end).unwrap_or_default();
        match typ {
            0x0099 if body.is_empty() => return Err(damaged("empty workbook properties record")),
            0x009C => {
                let Some(&[a, b, c, d]) = body.get(8..12) else {
                    return Err(damaged("short sheet record"));
                };
                let rel_len = u32::from_le_bytes([a, b, c, d]);
                if rel_len != u32::MAX {
                    let rel_end = 12u64 + 2 * u64::from(rel_len);
                    let Some(raw) = usize::try_from(rel_end).ok().and_then(|e| body.get(12..e)) else {
                        return Err(damaged("sheet record with a truncated relationship id"));
                    };
                    let (relid, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(raw);
                    if !rels.contains(relid.as_ref()) {
                        return Err(damaged(&format!("sheet relationship {relid:?} is missing")));
                    }
                }
            }
            0x0090 => return Ok(()),
            _ => {}
        }
        pos = end;
    }
    Ok(())
}

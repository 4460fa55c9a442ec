//! Pre-check of an xlsb workbook's parts before calamine reads them.
//!
//! calamine 0.38 reads the binary records with unchecked indexing: a sheet record
//! (BrtBundleSh) whose relationship id is missing from `xl/_rels/workbook.bin.rels` panics
//! (`relationships[&relid]`), as do records shorter than the fields it reads (a dimension, a
//! cell, an external-sheet entry, a cell format), a shared-string index beyond the string
//! table (or with no table at all), and a wide string whose length overflows `usize` on
//! wasm32. A record whose size field exceeds what is left of its part makes calamine
//! allocate that size (up to 256 MB) before the read fails. Its reused buffer also means a
//! short record that does not panic reads the previous record's bytes: a silently wrong
//! number. This walks the same records first — the workbook, the string table, the styles
//! and every sheet, streamed — and reports such files as `damaged_file`.

use super::source::{Source, SourceCursor};
use std::collections::HashMap;
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::core::error::{Error, ErrorKind, Result};

/// Workbook parts above this are refused (they hold sheet names, not data).
const MAX_WORKBOOK_PART: u64 = 64 << 20;

fn damaged(what: &str) -> Error {
    Error::new(ErrorKind::DamagedFile).with_detail(format!("xlsb: {what}"))
}

fn read_entry(zip: &mut ZipArchive<SourceCursor<'_>>, name: &str) -> Result<Option<Vec<u8>>> {
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

/// Relationships calamine would keep (elements with Id and Target): id → target.
fn relationship_ids(xml: &[u8]) -> Result<HashMap<String, String>> {
    let mut ids = HashMap::new();
    let mut reader = Reader::from_reader(BufReader::new(xml));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "Relationship" => {
                let id = e.try_get_attribute("Id").ok().flatten();
                let target = e.try_get_attribute("Target").ok().flatten();
                if let (Some(id), Some(target)) = (id, target) {
                    ids.insert(id.value.to_string(), target.value.to_string());
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
    let (typ, at) = read_type(b, pos)?;
    let (len, start) = read_len(b, at)?;
    let end = start.checked_add(len)?;
    (end <= b.len()).then_some((typ, start, end))
}

/// Checks the parts of an xlsb package against what calamine indexes without checks.
///
/// # Errors
/// `damaged_file`.
pub fn check_xlsb(src: &dyn Source) -> Result<()> {
    let mut zip = ZipArchive::new(SourceCursor::new(src)).map_err(|e| damaged(&format!("zip: {e}")))?;
    let rels = match read_entry(&mut zip, "xl/_rels/workbook.bin.rels")? {
        Some(xml) => relationship_ids(&xml)?,
        None => HashMap::new(),
    };
    let Some(wb) = read_entry(&mut zip, "xl/workbook.bin")? else {
        return Err(damaged("no xl/workbook.bin"));
    };
    let sheets = check_workbook(&wb, &rels)?;
    let strings = check_parts(&mut zip, "xl/sharedStrings.bin", Part::Strings)?;
    check_styles(&mut zip)?;
    for path in sheets {
        check_parts(&mut zip, &path, Part::Sheet { strings })?;
    }
    Ok(())
}

/// Walks `xl/workbook.bin`; the paths of the sheets calamine will open.
fn check_workbook(wb: &[u8], rels: &HashMap<String, String>) -> Result<Vec<String>> {
    let mut sheets = Vec::new();
    let mut names = false;
    let mut pos = 0;
    while pos < wb.len() {
        let Some((typ, start, end)) = record(wb, pos) else {
            // calamine would size its buffer to the declared length before failing to read it.
            return Err(damaged("workbook record beyond the end of its part"));
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
                    let Some(target) = rels.get(relid.as_ref()) else {
                        return Err(damaged(&format!("sheet relationship {relid:?} is missing")));
                    };
                    if !wide_string_fits(body, rel_end) {
                        return Err(damaged("sheet record with a truncated name"));
                    }
                    sheets.push(format!("xl/{target}"));
                }
            }
            0x016A => {
                // BrtExternSheet: a count, then 12-byte entries, each read at 4..8.
                let Some(&[a, b, c, d]) = body.get(..4) else {
                    return Err(damaged("short external-sheet record"));
                };
                let count = u64::from(u32::from_le_bytes([a, b, c, d]));
                let entries = body.len() as u64 - 4;
                let read = count.min(entries.div_ceil(12));
                if read > 0 && (read - 1) * 12 + 8 > entries {
                    return Err(damaged("external-sheet record cut inside an entry"));
                }
            }
            // calamine reads the sheet list up to BrtEndBundleShs, then the names up to one
            // of the records that follow them: so far it reads, whatever comes before.
            0x0090 => names = true,
            0x009D | 0x0225 | 0x018D | 0x0180 | 0x009A | 0x0252 | 0x0229 | 0x009B | 0x0084 if names => break,
            _ => {}
        }
        pos = end;
    }
    Ok(sheets)
}

/// Whether the XLWideString at `at` in `body` (a u32 count of UTF-16 units, then the units)
/// lies inside it, counted without overflow.
fn wide_string_fits(body: &[u8], at: u64) -> bool {
    let Some(&[a, b, c, d]) = usize::try_from(at).ok().and_then(|at| body.get(at..at.checked_add(4)?)) else {
        return false;
    };
    at + 4 + 2 * u64::from(u32::from_le_bytes([a, b, c, d])) <= body.len() as u64
}

/// Which part a record walk checks.
#[derive(Clone, Copy)]
enum Part {
    /// `sharedStrings.bin`: its string count is returned.
    Strings,
    /// A worksheet, whose shared-string indexes must be below `strings`.
    Sheet { strings: u64 },
}

/// Where calamine is in a part it reads with `next_skip_blocks`: looking for a record type,
/// skipping a block until its end record, or reading.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    /// The string table's BrtBeginSst; a sheet's BrtWsDim.
    Seek,
    /// A sheet's BrtBeginSheetData (views, AC and column-info blocks skipped whole).
    SeekData,
    /// The string items (future blocks skipped whole); a sheet's cells.
    Read,
}

/// The blocks calamine skips whole while it looks for a sheet's data (start → end record).
const SHEET_BLOCKS: [(u16, u16); 3] = [(0x0085, 0x0086), (0x0025, 0x0026), (0x0186, 0x0187)];

/// The bytes of a record's body calamine reads, at least (0: none), where it reads it.
fn min_len(part: Part, phase: Phase, typ: u16) -> usize {
    match (part, phase, typ) {
        (Part::Strings, Phase::Seek, 0x009F) => 8,       // BrtBeginSst: counts
        (Part::Strings, Phase::Read, 0x0013) => 5,       // BrtSSTItem: flags + string length
        (Part::Sheet { .. }, Phase::Seek, 0x0094) => 16, // BrtWsDim
        (Part::Sheet { .. }, Phase::Read, _) => match typ {
            0x0000 => 4,                             // BrtRowHdr: the row
            0x0003 | 0x0004 | 0x000A => 9,           // error, bool: one byte at 8
            0x0002 | 0x0007 | 0x0006 | 0x0008 => 12, // RK, string index, string length
            0x0005 | 0x0009 => 16,                   // a double at 8
            _ => 0,
        },
        _ => 0,
    }
}

/// Walks the records of the part `name` (if present) as calamine reads them, streamed; for
/// the string table, its string count (what calamine keeps: the declared count, at most the
/// items present).
fn check_parts(zip: &mut ZipArchive<SourceCursor<'_>>, name: &str, part: Part) -> Result<u64> {
    let Some(idx) = find_part(zip, name) else {
        return Ok(0);
    };
    let entry = zip.by_index(idx).map_err(|e| damaged(&format!("{name}: {e}")))?;
    let mut left = entry.size();
    let mut r = BufReader::with_capacity(64 * 1024, entry);
    let mut head = [0u8; 16];
    let mut phase = Phase::Seek;
    let mut skip_until: Option<u16> = None;
    let (mut declared, mut items): (u64, u64) = (0, 0);
    let bad = |what: &str| damaged(&format!("{name}: {what}"));
    while let Some((typ, len, header)) = read_header(&mut r).map_err(|e| bad(&e.to_string()))? {
        left = left.saturating_sub(header);
        if len > left {
            // calamine sizes its buffer to the declared length before the read fails.
            return Err(bad(&format!("record of {len} bytes with {left} left in the part")));
        }
        left -= len;
        let need = if skip_until.is_some() {
            0
        } else {
            min_len(part, phase, typ)
        };
        if (len as usize) < need {
            return Err(bad(&format!("record {typ:#06x} of {len} bytes, {need} read")));
        }
        let keep = (len as usize).min(head.len());
        let body = head.get_mut(..keep).unwrap_or_default();
        r.read_exact(body).map_err(|e| bad(&e.to_string()))?;
        std::io::copy(&mut (&mut r).take(len - keep as u64), &mut std::io::sink()).map_err(|e| bad(&e.to_string()))?;
        let body = &*body;
        let u32_at = |at: usize| match body.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => 0,
        };
        // A string's length, checked against the record's own length (the body is cut to 16
        // bytes here, so its length field is read from `body` and compared with `len`).
        let string_fits = |at: u64| at + 4 + 2 * u64::from(u32_at(at as usize)) <= len;
        if let Some(end) = skip_until {
            if typ == end {
                skip_until = None;
            }
            continue;
        }
        match (part, phase, typ) {
            (Part::Strings, Phase::Seek, 0x009F) => {
                declared = u64::from(u32_at(4));
                phase = Phase::Read;
            }
            (Part::Strings, Phase::Read, 0x0023) => skip_until = Some(0x0024), // a future block
            (Part::Strings, Phase::Read, 0x0013) => {
                if !string_fits(1) {
                    return Err(bad("a string longer than its record"));
                }
                items += 1;
                if items == declared {
                    break;
                }
            }
            (Part::Sheet { .. }, Phase::Seek, 0x0094) => phase = Phase::SeekData,
            (Part::Sheet { .. }, Phase::SeekData, 0x0091) => phase = Phase::Read,
            (Part::Sheet { .. }, Phase::SeekData, _) => {
                skip_until = SHEET_BLOCKS.iter().find(|b| b.0 == typ).map(|b| b.1);
            }
            (Part::Sheet { .. }, Phase::Read, 0x0092) => break,
            (Part::Sheet { .. }, Phase::Read, 0x0006 | 0x0008) if !string_fits(8) => {
                return Err(bad("a text cell longer than its record"));
            }
            (Part::Sheet { strings }, Phase::Read, 0x0007) if u64::from(u32_at(8)) >= strings => {
                return Err(bad(&format!(
                    "a cell refers to shared string {} of {strings}",
                    u32_at(8)
                )));
            }
            _ => {}
        }
    }
    Ok(declared.min(items))
}

/// The index of the part `name`, found as calamine finds parts: without case, `\` read as `/`.
fn find_part(zip: &ZipArchive<SourceCursor<'_>>, name: &str) -> Option<usize> {
    (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| n.is_ok_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(name)))
    })
}

/// Replays calamine's reading of `xl/styles.bin` (MS-XLSB 2.1.7.50), which does not keep to the
/// record structure: a record it does not handle leaves its size and body to be read as the next
/// record types, and its buffer keeps the bytes of longer records before. The walk uses the
/// same buffer and reads, and stops where calamine would index past it.
///
/// # Errors
/// `damaged_file`.
fn check_styles(zip: &mut ZipArchive<SourceCursor<'_>>) -> Result<()> {
    let Some(name) = find_part(zip, "xl/styles.bin").and_then(|i| zip.name_for_index(i)?.ok().map(|n| n.into_owned()))
    else {
        return Ok(());
    };
    let Some(bytes) = read_entry(zip, &name)? else {
        return Ok(());
    };
    let bad = |what: &str| damaged(&format!("{name}: {what}"));
    let mut pos = 0usize;
    // calamine's buffer: `fill_buffer` grows it to a record's size and overwrites its start.
    let mut buf: Vec<u8> = Vec::new();
    let fill = |pos: &mut usize, buf: &mut Vec<u8>| -> Option<usize> {
        let (len, body_at) = read_len(&bytes, *pos)?;
        let body = bytes.get(body_at..body_at.checked_add(len)?)?;
        if buf.len() < len {
            buf.resize(len, 0);
        }
        buf.get_mut(..len)?.copy_from_slice(body);
        *pos = body_at + len;
        Some(len)
    };
    // `next_skip_blocks(typ, &[])`: reads whole records until one of type `typ`; its size.
    let next_of = |want: u16, pos: &mut usize, buf: &mut Vec<u8>| -> Option<usize> {
        loop {
            let (typ, at) = read_type(&bytes, *pos)?;
            *pos = at;
            let len = fill(pos, buf)?;
            if typ == want {
                return Some(len);
            }
        }
    };
    let u32_of = |b: &[u8]| match b.get(..4) {
        Some(&[a, b, c, d]) => Some(u32::from_le_bytes([a, b, c, d])),
        _ => None,
    };
    // Any read past the end is an I/O error calamine reports: not a panic.
    while let Some((typ, at)) = read_type(&bytes, pos) {
        pos = at;
        match typ {
            0x0267 | 0x0269 => {
                // BrtBeginFmts / BrtBeginCellXFs: a count read from a buffer of this record's size.
                buf.clear();
                if fill(&mut pos, &mut buf).is_none() {
                    return Ok(());
                }
                let Some(count) = u32_of(&buf) else {
                    return Err(bad(&format!("record {typ:#06x} shorter than its count")));
                };
                let item = if typ == 0x0267 { 0x002C } else { 0x002F };
                // Each item is checked against its own size, not the buffer's: a short record
                // that does not panic reads the bytes of a longer one before it (a stale number
                // format could turn amounts into dates).
                for _ in 0..count {
                    let Some(len) = next_of(item, &mut pos, &mut buf) else {
                        return Ok(());
                    };
                    if item == 0x002C {
                        // BrtFmt: an id, then a wide string (its length counted without overflow).
                        let n = buf.get(2..len).and_then(u32_of);
                        if n.is_none_or(|n| 6 + 2 * u64::from(n) > len as u64) {
                            return Err(bad("a number format longer than its record"));
                        }
                    } else if len < 4 {
                        return Err(bad("a cell format record too short for its number format"));
                    }
                }
                if typ == 0x0269 {
                    return Ok(());
                }
            }
            // Any other type: calamine reads no size and no body.
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// A record type at `pos` as calamine reads it: (type, position after it).
fn read_type(b: &[u8], pos: usize) -> Option<(u16, usize)> {
    let b0 = *b.get(pos)?;
    if b0 & 0x80 == 0 {
        return Some((u16::from(b0), pos + 1));
    }
    let b1 = *b.get(pos + 1)?;
    Some((u16::from(b0 & 0x7F) + (u16::from(b1 & 0x7F) << 7), pos + 2))
}

/// A record size at `pos`: (size, position of the body).
fn read_len(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let mut p = pos;
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
    Some((len, p))
}

/// One record header from `r`: (type, body length, header bytes), or `None` at the end.
fn read_header(r: &mut impl Read) -> std::io::Result<Option<(u16, u64, u64)>> {
    let mut first = [0u8; 1];
    if r.read(&mut first)? == 0 {
        return Ok(None);
    }
    let b0 = first[0];
    let mut n = 1;
    let mut next = |r: &mut dyn Read| -> std::io::Result<u8> {
        let mut byte = [0u8; 1];
        r.read_exact(&mut byte)?;
        n += 1;
        Ok(byte[0])
    };
    let typ = if b0 & 0x80 != 0 {
        u16::from(b0 & 0x7F) + (u16::from(next(r)? & 0x7F) << 7)
    } else {
        u16::from(b0)
    };
    let mut c = next(r)?;
    let mut len = u64::from(c & 0x7F);
    for i in 1..4 {
        if c & 0x80 == 0 {
            break;
        }
        c = next(r)?;
        len += u64::from(c & 0x7F) << (7 * i);
    }
    Ok(Some((typ, len, n)))
}

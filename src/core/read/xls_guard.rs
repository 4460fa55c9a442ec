//! Pre-scan of an xls workbook stream before calamine parses it.
//!
//! calamine's xls reader (0.38) builds every sheet eagerly: it reserves
//! `rows × cols` cells from each sheet's DIMENSIONS record (BIFF8 rows are
//! 32-bit, so a forged record can ask for billions, and a record with
//! first row > last row underflows) and then a dense range over the bounding
//! box of the cell records. This module extracts the `Workbook`/`Book`
//! stream with a small MS-CFB reader, walks the BIFF records, and refuses
//! the file before calamine allocates anything unreasonable.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;

const FREE_OR_END: u32 = 0xFFFF_FFFA; // ids at or above this are markers

fn damaged(what: &str) -> Error {
    Error::new(ErrorKind::DamagedFile).with_detail(format!("xls: {what}"))
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(off)?, *b.get(off + 1)?]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(off)?, *b.get(off + 1)?, *b.get(off + 2)?, *b.get(off + 3)?]))
}

/// A just-enough MS-CFB reader over the file's bytes.
struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> Option<Self> {
        let shift = u16_at(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector_size = 1usize << shift;
        let num_fat = u32_at(bytes, 0x2C)? as usize;
        let mut cfb = Cfb { bytes, sector_size, fat: Vec::new() };
        // FAT sector ids: 109 in the header, then the DIFAT chain.
        let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let per = sector_size / 4 - 1;
        let mut guard = 0usize;
        while difat < FREE_OR_END && guard <= bytes.len() / sector_size {
            let sec = cfb.sector(difat)?;
            fat_ids.extend((0..per).filter_map(|i| u32_at(sec, 4 * i)));
            difat = u32_at(sec, 4 * per)?;
            guard += 1;
        }
        fat_ids.truncate(num_fat);
        let mut fat = Vec::with_capacity(fat_ids.len() * (sector_size / 4));
        for id in fat_ids.into_iter().filter(|&id| id < FREE_OR_END) {
            let sec = cfb.sector(id)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sec, 4 * i)));
        }
        cfb.fat = fat;
        Some(cfb)
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector_size)?;
        // The last sector may be short in files with "odd OLE sizes".
        let end = start.checked_add(self.sector_size)?.min(self.bytes.len());
        self.bytes.get(start..end)
    }

    /// Sector ids of a chain, stopping at a loop or a bad id.
    fn chain(&self, start: u32, table: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut id = start;
        while id < FREE_OR_END && out.len() <= table.len() {
            out.push(id);
            id = match table.get(id as usize) {
                Some(&next) => next,
                None => break,
            };
        }
        out
    }

    fn read_chain(&self, start: u32, limit: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for id in self.chain(start, &self.fat) {
            if out.len() >= limit {
                break;
            }
            if let Some(sec) = self.sector(id) {
                out.extend_from_slice(sec);
            }
        }
        out.truncate(limit);
        out
    }

    /// The bytes of the first stream named like one of `names`.
    fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let dir_start = u32_at(self.bytes, 0x30)?;
        let dir = self.read_chain(dir_start, self.bytes.len());
        let mini_cutoff = u32_at(self.bytes, 0x38)? as u64;
        let mut root: Option<(u32, u64)> = None;
        let mut found: Option<(u32, u64)> = None;
        for entry in dir.chunks_exact(128) {
            let typ = entry.get(66).copied()?;
            let start = u32_at(entry, 116)?;
            let size = u32_at(entry, 120)? as u64; // v3 files: high half unused
            if typ == 5 {
                root = Some((start, size));
            }
            let name_len = (u16_at(entry, 64)? as usize).min(64);
            let units: Vec<u16> =
                (0..name_len.saturating_sub(2) / 2).filter_map(|i| u16_at(entry, 2 * i)).collect();
            let name = String::from_utf16_lossy(&units);
            if typ == 2 && found.is_none() && names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                found = Some((start, size));
            }
        }
        let (start, size) = found?;
        let size = usize::try_from(size).ok()?.min(self.bytes.len());
        if (size as u64) < mini_cutoff {
            // Small stream: stored in the mini stream (64-byte sectors).
            let (root_start, root_size) = root?;
            let mini = self.read_chain(root_start, usize::try_from(root_size).ok()?.min(self.bytes.len()));
            let minifat_bytes = self.read_chain(u32_at(self.bytes, 0x3C)?, self.bytes.len());
            let minifat: Vec<u32> =
                (0..minifat_bytes.len() / 4).filter_map(|i| u32_at(&minifat_bytes, 4 * i)).collect();
            let mut out = Vec::with_capacity(size);
            for id in self.chain(start, &minifat) {
                let off = (id as usize).checked_mul(64)?;
                out.extend_from_slice(mini.get(off..off.checked_add(64)?.min(mini.len()))?);
                if out.len() >= size {
                    break;
                }
            }
            out.truncate(size);
            Some(out)
        } else {
            Some(self.read_chain(start, size))
        }
    }
}

/// Cell-bearing BIFF8/BIFF5 records whose data starts with row, col (u16).
fn is_cell_record(typ: u16) -> bool {
    matches!(typ, 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD)
}

#[derive(Default)]
struct Bbox {
    any: bool,
    r0: u32,
    r1: u32,
    c0: u32,
    c1: u32,
}

impl Bbox {
    fn add(&mut self, r: u32, c: u32) {
        if !self.any {
            *self = Bbox { any: true, r0: r, r1: r, c0: c, c1: c };
        } else {
            self.r0 = self.r0.min(r);
            self.r1 = self.r1.max(r);
            self.c0 = self.c0.min(c);
            self.c1 = self.c1.max(c);
        }
    }
    fn area(&self) -> u64 {
        if !self.any {
            return 0;
        }
        (u64::from(self.r1 - self.r0) + 1) * (u64::from(self.c1 - self.c0) + 1)
    }
}

/// Estimates what calamine will allocate for this xls and refuses it beyond
/// `max_cells`.
///
/// # Errors
/// `too_large` (`max_cells`) or `damaged_file` (unreadable container, or a
/// DIMENSIONS record calamine would mis-handle).
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<()> {
    let cfb = Cfb::open(bytes).ok_or_else(|| damaged("unreadable compound file header"))?;
    let stream = cfb
        .stream(&["Workbook", "Book"])
        .ok_or_else(|| damaged("no readable Workbook/Book stream"))?;

    let mut pos = 0usize;
    let mut depth = 0usize;
    let mut sheet_index = 0usize; // 0 = workbook globals
    let mut bbox = Bbox::default();
    let mut dense_total: u64 = 0;
    let mut max_reserve: u64 = 0;
    let mut fmla_pos: Option<(u32, u32)> = None;
    let too_large = |cells: u64, what: &str| {
        Error::new(ErrorKind::TooLarge { limit: "max_cells", max: limits.max_cells })
            .with_detail(format!("xls {what}: {cells} cells"))
    };
    while let (Some(typ), Some(len)) = (u16_at(&stream, pos), u16_at(&stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize).unwrap_or_default();
        pos += 4 + len as usize;
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    bbox = Bbox::default();
                }
            }
            0x000A => {
                if depth == 1 {
                    if sheet_index > 0 {
                        dense_total = dense_total.saturating_add(bbox.area());
                    }
                    sheet_index += 1;
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth != 1 || sheet_index == 0 => {}
            0x0200 => {
                // DIMENSIONS, decoded as calamine does.
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u32::from(u16_at(data, 0).unwrap_or(0)),
                        u32::from(u16_at(data, 2).unwrap_or(0)),
                        u32::from(u16_at(data, 4).unwrap_or(0)),
                        u32::from(u16_at(data, 6).unwrap_or(0)),
                    ),
                    14 | 16 => (
                        u32_at(data, 0).unwrap_or(0),
                        u32_at(data, 4).unwrap_or(0),
                        u32::from(u16_at(data, 8).unwrap_or(0)),
                        u32::from(u16_at(data, 10).unwrap_or(0)),
                    ),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    if rl - 1 < rf {
                        return Err(damaged("DIMENSIONS record with first row after last row"));
                    }
                    let rows = u64::from(rl - rf);
                    let cols = u64::from(cl - cf);
                    let reserve = rows.saturating_mul(cols);
                    if reserve > limits.max_cells {
                        return Err(too_large(reserve, "DIMENSIONS record declares"));
                    }
                    max_reserve = max_reserve.max(reserve);
                }
            }
            0x0207 => {
                if let Some((r, c)) = fmla_pos {
                    bbox.add(r, c);
                }
            }
            t if is_cell_record(t) => {
                let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) else { continue };
                let (r, c) = (u32::from(r), u32::from(c));
                if t == 0x0006 {
                    fmla_pos = Some((r, c));
                }
                bbox.add(r, c);
                if t == 0x00BD {
                    // MULRK: the last column is the record's final u16.
                    if let Some(last) = data.len().checked_sub(2).and_then(|o| u16_at(data, o)) {
                        bbox.add(r, u32::from(last));
                    }
                }
            }
            _ => {}
        }
        if dense_total.saturating_add(bbox.area()).saturating_add(max_reserve) > limits.max_cells {
            return Err(too_large(dense_total.saturating_add(bbox.area()), "dense sheet ranges"));
        }
    }
    Ok(())
}

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
    Some(u32::from_le_bytes([
        *b.get(off)?,
        *b.get(off + 1)?,
        *b.get(off + 2)?,
        *b.get(off + 3)?,
    ]))
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// Why calamine's compound-file reader would not give a stream.
enum Fail {
    /// calamine returns an error (it may then try another stream name).
    Error,
    /// calamine would panic, loop forever or exhaust memory: refuse the file.
    Unsafe(&'static str),
}

/// A replay of calamine 0.38's MS-CFB reader (`cfb.rs`) over the file's
/// bytes: same header fields, DIFAT/FAT loading, directory decoding and
/// chain walking, so the stream found here is the stream calamine parses —
/// but every step that would make calamine index out of bounds, loop on a
/// cyclic chain or allocate without bound is reported as [`Fail::Unsafe`].
struct Cfb<'a> {
    /// The file after its header (calamine's sector 0 starts here).
    body: &'a [u8],
    sector_size: usize,
    /// Highest sector id calamine accepts (file length / sector size).
    maxid: usize,
    fat: Vec<u32>,
    /// (name, start, len) of every directory entry.
    dirs: Vec<(String, u32, u64)>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> std::result::Result<Self, Fail> {
        let header = bytes.get(..512).ok_or(Fail::Error)?;
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512usize,
            Some(12) => 4096usize,
            _ => return Err(Fail::Error),
        };
        if u16_at(header, 32) != Some(6) {
            return Err(Fail::Error);
        }
        let body = bytes.get(sector_size..).ok_or(Fail::Error)?;
        let maxid = bytes.len() / sector_size;
        let mut cfb = Cfb {
            body,
            sector_size,
            maxid,
            fat: Vec::new(),
            dirs: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        let version = u16_at(header, 26).unwrap_or(0);
        let dir_start = u32_at(header, 48).ok_or(Fail::Error)?;
        let mini_fat_start = u32_at(header, 60).ok_or(Fail::Error)?;
        let mini_fat_len = u32_at(header, 64).ok_or(Fail::Error)? as usize;
        let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(header, 76 + 4 * i)).collect();
        let mut sector_id = u32_at(header, 68).ok_or(Fail::Error)?;
        let mut difat_sectors = 0usize;
        while sector_id < FREE_OR_END {
            difat_sectors += 1;
            if difat_sectors > maxid.saturating_add(1) {
                return Err(Fail::Error);
            }
            let sec = cfb.words(sector_id)?;
            difat.extend((0..sec.len() / 4).filter_map(|i| u32_at(sec, 4 * i)));
            sector_id = difat.pop().ok_or(Fail::Error)?;
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            let sec = cfb.words(id)?;
            fat.extend((0..sec.len() / 4).filter_map(|i| u32_at(sec, 4 * i)));
        }
        cfb.fat = fat;
        // The directory chain is read with no length bound: a cycle would
        // never end.
        let dir_bytes = cfb.chain(dir_start, usize::MAX)?;
        for entry in dir_bytes.chunks_exact(128) {
            let (name, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(entry.get(..64).unwrap_or_default());
            let name = name.split('\0').next().unwrap_or_default().to_string();
            let start = u32_at(entry, 116).ok_or(Fail::Error)?;
            let len = if sector_size == 512 {
                u64::from(u32_at(entry, 120).ok_or(Fail::Error)?)
            } else {
                let lo = u64::from(u32_at(entry, 120).ok_or(Fail::Error)?);
                let hi = u64::from(u32_at(entry, 124).ok_or(Fail::Error)?);
                // calamine converts with `try_into().unwrap()`: on wasm32 a
                // size above 4 GiB panics.
                if hi != 0 {
                    return Err(Fail::Unsafe("directory entry size above 4 GiB"));
                }
                lo
            };
            cfb.dirs.push((name, start, len));
        }
        let Some(&(_, root_start, root_len)) = cfb.dirs.first() else {
            return Err(Fail::Error);
        };
        if version != 3 && root_start == ENDOFCHAIN {
            return Err(Fail::Error);
        }
        if mini_fat_len > 0 {
            cfb.mini_stream = cfb.chain(root_start, usize::try_from(root_len).unwrap_or(usize::MAX))?;
            let mf = cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(sector_size))?;
            if mf.len() % 4 != 0 {
                return Err(Fail::Unsafe("mini FAT of odd length"));
            }
            cfb.mini_fat = (0..mf.len() / 4).filter_map(|i| u32_at(&mf, 4 * i)).collect();
        }
        Ok(cfb)
    }

    /// calamine's `Sectors::get`: ids up to `maxid`; a sector past the end of
    /// the data comes back short, and one starting beyond it panics there.
    fn sector(&self, id: u32) -> std::result::Result<&'a [u8], Fail> {
        if id as usize > self.maxid {
            return Err(Fail::Error);
        }
        let start = (id as usize).saturating_mul(self.sector_size);
        if start > self.body.len() {
            return Err(Fail::Unsafe("sector starts past the end of the file"));
        }
        let end = start.saturating_add(self.sector_size).min(self.body.len());
        Ok(self.body.get(start..end).unwrap_or_default())
    }

    /// A sector calamine reads as u32 words: its length must be a multiple
    /// of 4 (calamine asserts it).
    fn words(&self, id: u32) -> std::result::Result<&'a [u8], Fail> {
        let sec = self.sector(id)?;
        if sec.len() % 4 != 0 {
            return Err(Fail::Unsafe("truncated FAT sector"));
        }
        Ok(sec)
    }

    /// calamine's `get_chain` over the FAT: up to `len` bytes.
    fn chain(&self, start: u32, len: usize) -> std::result::Result<Vec<u8>, Fail> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid.saturating_add(2) {
                return Err(Fail::Unsafe("cyclic sector chain"));
            }
            let sec = self.sector(id)?;
            let take = sec.len().min(len - out.len());
            out.extend_from_slice(sec.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or(Fail::Unsafe("sector id beyond the FAT"))?;
        }
        Ok(out)
    }

    /// calamine's `get_chain` over the mini FAT (64-byte sectors).
    fn mini_chain(&self, start: u32, len: usize) -> std::result::Result<Vec<u8>, Fail> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.mini_fat.len().saturating_add(2) {
                return Err(Fail::Unsafe("cyclic mini sector chain"));
            }
            if id as usize > self.maxid.saturating_mul(8) {
                return Err(Fail::Error);
            }
            let begin = (id as usize).saturating_mul(64);
            // calamine would read past the mini stream from the file reader.
            let sec = self
                .mini_stream
                .get(begin..begin.saturating_add(64))
                .ok_or(Fail::Unsafe("mini sector beyond the mini stream"))?;
            let take = sec.len().min(len - out.len());
            out.extend_from_slice(sec.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fat
                .get(id as usize)
                .ok_or(Fail::Unsafe("mini sector id beyond the mini FAT"))?;
        }
        Ok(out)
    }

    /// calamine's `get_stream`: the first directory entry with this name.
    fn stream(&self, name: &str) -> std::result::Result<Vec<u8>, Fail> {
        let &(_, start, len) = self
            .dirs
            .iter()
            .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            .ok_or(Fail::Error)?;
        let len = usize::try_from(len).map_err(|_| Fail::Unsafe("stream size"))?;
        if len < 4096 {
            self.mini_chain(start, len)
        } else {
            self.chain(start, len)
        }
    }
}

/// Cell-bearing BIFF8/BIFF5 records whose data starts with row, col (u16).
fn is_cell_record(typ: u16) -> bool {
    matches!(
        typ,
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD
    )
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
            *self = Bbox {
                any: true,
                r0: r,
                r1: r,
                c0: c,
                c1: c,
            };
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

/// BIFF records (type, data) from `pos`, CONTINUE records folded away as
/// calamine does; stops at a truncated record.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8], pos: usize) -> Self {
        Records { stream, pos }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, self.pos)?;
        let len = u16_at(self.stream, self.pos + 2)? as usize;
        let data = self.stream.get(self.pos + 4..self.pos + 4 + len)?;
        self.pos += 4 + len;
        while u16_at(self.stream, self.pos) == Some(0x003C) {
            let clen = u16_at(self.stream, self.pos + 2)? as usize;
            self.stream.get(self.pos + 4..self.pos + 4 + clen)?;
            self.pos += 4 + clen;
        }
        Some((typ, data))
    }
}

/// One sheet's substream as calamine walks it: the bounding box of its cell
/// records and the cells its DIMENSIONS record makes calamine reserve.
fn scan_sheet(stream: &[u8], pos: usize, limits: &Limits) -> Result<(Bbox, u64)> {
    let mut bbox = Bbox::default();
    let mut reserve: u64 = 0;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut fmla_pos: Option<(u32, u32)> = None;
    for (typ, data) in Records::new(stream, pos) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x000A => break,
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
                    let r = u64::from(rl - rf).saturating_mul(u64::from(cl - cf));
                    reserve = reserve.max(r);
                    if reserve > limits.max_cells {
                        return Ok((bbox, reserve));
                    }
                }
            }
            0x00E5 => {
                // MERGECELLS: a count, then 8 bytes an area, read without bounds checks.
                let fits = u16_at(data, 0).is_some_and(|n| 2 + 8 * usize::from(n) <= data.len());
                if !fits {
                    return Err(damaged("MERGECELLS record shorter than its count of areas"));
                }
            }
            0x0207 => {
                if let Some((r, c)) = fmla_pos {
                    bbox.add(r, c);
                }
            }
            t if is_cell_record(t) => {
                let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let (r, c) = (u32::from(r), u32::from(c));
                if t == 0x0006 {
                    fmla_pos = Some((r, c));
                    // calamine slices the formula tokens by their declared size.
                    if data.len() >= 20 {
                        let rgce = data.get(20..).unwrap_or_default();
                        let fits = u16_at(rgce, 0).is_some_and(|cce| 2 + cce as usize <= rgce.len());
                        if !fits {
                            return Err(damaged("FORMULA record with a truncated expression"));
                        }
                    }
                }
                if t == 0x00BD {
                    // MULRK: the last column is the record's final u16;
                    // calamine computes `last - first + 1` in u16.
                    if let Some(last) = data.len().checked_sub(2).and_then(|o| u16_at(data, o)) {
                        if data.len() >= 6 && (u32::from(last) < c || last == u16::MAX) {
                            return Err(damaged("MULRK record with inverted columns"));
                        }
                        bbox.add(r, u32::from(last));
                    }
                }
                bbox.add(r, c);
            }
            _ => {}
        }
    }
    Ok((bbox, reserve))
}

/// Estimates what calamine will allocate for this xls and refuses it beyond
/// `max_cells`.
///
/// # Errors
/// `too_large` (`max_cells`) or `damaged_file` (unreadable container, or a
/// DIMENSIONS record calamine would mis-handle).
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<()> {
    let unsafe_file = |why: &str| damaged(&format!("compound file: {why}"));
    let cfb = match Cfb::open(bytes) {
        Ok(c) => c,
        // calamine reports its own error for these; let it.
        Err(Fail::Error) => return Ok(()),
        Err(Fail::Unsafe(why)) => return Err(unsafe_file(why)),
    };
    // calamine tries "Workbook", and "Book" when that fails.
    let stream = match cfb.stream("Workbook") {
        Ok(s) => s,
        Err(Fail::Unsafe(why)) => return Err(unsafe_file(why)),
        Err(Fail::Error) => match cfb.stream("Book") {
            Ok(s) => s,
            Err(Fail::Error) => return Ok(()),
            Err(Fail::Unsafe(why)) => return Err(unsafe_file(why)),
        },
    };

    // Workbook globals up to the first EOF: where each sheet's records start
    // (BoundSheet8.lbPlyPos), exactly as calamine finds them.
    // calamine reads these globals records without length checks.
    let mut sheet_positions = Vec::new();
    for (typ, data) in Records::new(&stream, 0) {
        let short = |min: usize| data.len() < min;
        let bad = match typ {
            0x002F | 0x0042 | 0x0022 | 0x0809 => short(2),
            0x0085 => short(8),
            0x0018 => short(14),
            0x0017 => u16_at(data, 0).is_some_and(|cxti| {
                // BIFF8 ExternSheet: cxti entries of 6 bytes after the count.
                data.len() >= 2 && (data.len() - 2) % 6 == 0 && 2 + 6 * cxti as usize > data.len()
            }),
            _ => false,
        };
        if bad {
            return Err(damaged(&format!("record 0x{typ:04X} too short ({} bytes)", data.len())));
        }
        // FilePass: the record bodies that follow are encrypted, so nothing
        // below can be judged; calamine reports the password.
        if typ == 0x002F && u16_at(data, 0) != Some(0) {
            return Err(Error::new(ErrorKind::PasswordProtected).with_detail("xls FILEPASS record"));
        }
        match typ {
            0x0085 => {
                if let Some(p) = u32_at(data, 0) {
                    sheet_positions.push(p as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let too_large = |cells: u64, what: &str| {
        Error::new(ErrorKind::TooLarge {
            limit: "max_cells",
            max: limits.max_cells,
        })
        .with_detail(format!("xls {what}: {cells} cells"))
    };
    let mut dense_total: u64 = 0;
    for pos in sheet_positions {
        if pos > stream.len() {
            return Err(damaged("sheet offset beyond the workbook stream"));
        }
        let (bbox, reserve) = scan_sheet(&stream, pos, limits)?;
        if reserve > limits.max_cells {
            return Err(too_large(reserve, "DIMENSIONS record declares"));
        }
        dense_total = dense_total.saturating_add(bbox.area());
        if dense_total.saturating_add(reserve) > limits.max_cells {
            return Err(too_large(dense_total.saturating_add(reserve), "dense sheet ranges"));
        }
    }
    Ok(())
}

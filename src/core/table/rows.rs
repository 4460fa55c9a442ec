//! A sheet's rows, kept as they are while the sheet is small and packed into one byte
//! buffer once it is large.
//!
//! A stored cell costs 16 bytes in the page's wasm32 build, and each row its own allocation:
//! about 136 bytes for a 7-column sales row, 134 MB for a million, held for the session's
//! whole life. Packed, the same row takes about 19: a tag byte per cell, the column only when
//! it does not follow the one before, integers and amounts in cents as variable-length
//! integers, texts as an index into the sheet's own list of shared texts. A packed row is
//! unpacked when it is read, into exactly the cells it was given (a number is packed in cents
//! only when unpacking gives back its very bits), so every stage sees the same table either way.

use super::cell::{Cell, Num, Row};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;

/// Cells a sheet keeps as they are before it is packed: about 19 MB of wasm memory, so a
/// 100,000-row sales sheet stays as fast as it was, and a million-row one is packed.
pub const PACK_AFTER_CELLS: usize = 1_000_000;

/// A sheet's non-empty rows, in the order they were stored.
#[derive(Clone, Default)]
pub struct Rows {
    repr: Repr,
    /// One past the largest column of any row.
    width: u32,
    /// Cells that make the rows packed ([`PACK_AFTER_CELLS`]; tests set it lower).
    pack_after: Option<usize>,
}

#[derive(Clone)]
enum Repr {
    Plain { rows: Vec<Row>, cells: usize },
    Packed(Packed),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Plain {
            rows: Vec::new(),
            cells: 0,
        }
    }
}

impl Rows {
    /// Rows that are packed once they hold more than `cells` cells (tests: 0 packs at once).
    pub fn packing_after(cells: usize) -> Rows {
        Rows {
            repr: Repr::default(),
            width: 0,
            pack_after: Some(cells),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Plain { rows, .. } => rows.len(),
            Repr::Packed(p) => p.len,
        }
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True once the rows are packed.
    pub fn is_packed(&self) -> bool {
        matches!(self.repr, Repr::Packed(_))
    }

    /// The row at position `pos` (not its sheet index).
    pub fn get(&self, pos: usize) -> Option<Cow<'_, Row>> {
        match &self.repr {
            Repr::Plain { rows, .. } => rows.get(pos).map(Cow::Borrowed),
            Repr::Packed(p) => p.row(pos).map(Cow::Owned),
        }
    }

    /// The sheet index (0-based) of the row at position `pos`, without unpacking it.
    pub fn index_at(&self, pos: usize) -> Option<u32> {
        match &self.repr {
            Repr::Plain { rows, .. } => rows.get(pos).map(|r| r.index),
            Repr::Packed(p) => p.index_at(pos),
        }
    }

    /// The position of the first row whose index is at least `index` (rows ascending).
    pub fn position_from(&self, index: u32) -> usize {
        match &self.repr {
            Repr::Plain { rows, .. } => rows.partition_point(|r| r.index < index),
            Repr::Packed(p) => p.position_from(index),
        }
    }

    /// The position of the row with this sheet index (rows ascending).
    pub fn position_of(&self, index: u32) -> Option<usize> {
        let pos = self.position_from(index);
        (self.index_at(pos) == Some(index)).then_some(pos)
    }

    /// The rows, first to last.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            rows: self,
            front: 0,
            back: self.len(),
        }
    }

    /// The rows whose index is at least `index` (rows ascending), first to last.
    pub fn starting_at(&self, index: u32) -> Iter<'_> {
        Iter {
            rows: self,
            front: self.position_from(index),
            back: self.len(),
        }
    }

    /// Calls `f` with each row whose index is at least `index`, in order: borrowed when plain,
    /// unpacked into one buffer when packed (the passes over a large sheet allocate nothing per row).
    pub fn each_from(&self, index: u32, mut f: impl FnMut(&Row)) {
        match &self.repr {
            Repr::Plain { rows, .. } => {
                let from = rows.partition_point(|r| r.index < index);
                for row in rows.get(from..).unwrap_or_default() {
                    f(row);
                }
            }
            Repr::Packed(p) => {
                let mut row = Row::default();
                for pos in p.position_from(index)..p.len {
                    if p.unpack_into(pos, &mut row).is_some() {
                        f(&row);
                    }
                }
            }
        }
    }

    /// Calls `f` with the cell in column `col` of each row whose index is at least `index`
    /// that has one, in order; a packed row is read only up to that column.
    pub fn each_cell_from(&self, index: u32, col: u32, mut f: impl FnMut(&Cell)) {
        match &self.repr {
            Repr::Plain { rows, .. } => {
                let from = rows.partition_point(|r| r.index < index);
                for row in rows.get(from..).unwrap_or_default() {
                    if let Some(cell) = row.get(col) {
                        f(cell);
                    }
                }
            }
            Repr::Packed(p) => {
                for pos in p.position_from(index)..p.len {
                    if let Some(cell) = p.cell(pos, col) {
                        f(&cell);
                    }
                }
            }
        }
    }

    /// The last row.
    pub fn last(&self) -> Option<Cow<'_, Row>> {
        self.len().checked_sub(1).and_then(|pos| self.get(pos))
    }

    /// Number of stored cells.
    pub fn cell_count(&self) -> usize {
        match &self.repr {
            Repr::Plain { cells, .. } => *cells,
            Repr::Packed(p) => p.cells,
        }
    }

    /// One past the largest column index used (the rows' cells sorted by column).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Adds a row after the others, packing the rows once they hold enough cells.
    pub fn push(&mut self, row: Row) {
        if let Some((col, _)) = row.cells.last() {
            self.width = self.width.max(col.saturating_add(1));
        }
        let pack_after = self.pack_after.unwrap_or(PACK_AFTER_CELLS);
        match &mut self.repr {
            Repr::Plain { rows, cells } => {
                *cells += row.cells.len();
                rows.push(row);
                if *cells > pack_after {
                    let mut packed = Packed::default();
                    for r in std::mem::take(rows) {
                        packed.push(&r);
                    }
                    self.repr = Repr::Packed(packed);
                }
            }
            Repr::Packed(p) => p.push(&row),
        }
    }

    /// Takes the rows out as a plain vector (unpacked: as much memory as plain rows take),
    /// leaving none; later rows are packed past the same count.
    pub fn take_vec(&mut self) -> Vec<Row> {
        self.width = 0;
        match std::mem::take(&mut self.repr) {
            Repr::Plain { rows, .. } => rows,
            Repr::Packed(p) => (0..p.len).filter_map(|pos| p.row(pos)).collect(),
        }
    }

    /// Frees what growing left unused.
    pub fn shrink_to_fit(&mut self) {
        match &mut self.repr {
            Repr::Plain { rows, .. } => rows.shrink_to_fit(),
            Repr::Packed(p) => p.shrink_to_fit(),
        }
    }
}

impl From<Vec<Row>> for Rows {
    fn from(rows: Vec<Row>) -> Rows {
        let cells = rows.iter().map(|r| r.cells.len()).sum();
        let width = rows
            .iter()
            .filter_map(|r| r.cells.last().map(|(c, _)| c.saturating_add(1)))
            .max()
            .unwrap_or(0);
        Rows {
            repr: Repr::Plain { rows, cells },
            width,
            pack_after: None,
        }
    }
}

impl FromIterator<Row> for Rows {
    fn from_iter<I: IntoIterator<Item = Row>>(iter: I) -> Rows {
        iter.into_iter().collect::<Vec<Row>>().into()
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = Cow<'a, Row>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The rows in order: borrowed when plain, unpacked one by one when packed.
#[derive(Clone)]
pub struct Iter<'a> {
    rows: &'a Rows,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Cow<'a, Row>;
    fn next(&mut self) -> Option<Cow<'a, Row>> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.rows.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back.saturating_sub(self.front);
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<Cow<'a, Row>> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.rows.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

// ---------------------------------------------------------------- packing

/// The column follows the cell before's (the first cell: column 0); else a varint column follows.
const NEXT_COLUMN: u8 = 0x80;
/// Number forms, added to [`NUMBER`] or [`DATE_TIME`]: an integer, cents, the 8 bytes.
const INTEGER: u8 = 0;
const CENTS: u8 = 1;
const BITS: u8 = 2;
const NUMBER: u8 = 0;
const DATE_TIME: u8 = 3;
const TEXT: u8 = 6;
const DATE_ISO: u8 = 7;
const ERROR: u8 = 8;
const FALSE: u8 = 9;
const TRUE: u8 = 10;

/// Beyond ±2⁵³ an f64 is not every integer: such numbers keep their bits.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Bytes of packed rows per chunk: the rows grow a chunk at a time, never by copying what
/// is packed into a buffer twice as large (which in wasm leaves the old one as a hole that
/// only smaller allocations can use).
const CHUNK: usize = 1 << 20;

#[derive(Clone, Default)]
struct Packed {
    chunks: Vec<Chunk>,
    /// The position of each chunk's first row.
    first_pos: Vec<usize>,
    /// Rows over all chunks.
    len: usize,
    /// The texts the cells point to, each shared text once.
    texts: Vec<Arc<str>>,
    /// A shared text's place in `texts`, by its address.
    ids: FxHashMap<usize, u32>,
    cells: usize,
    /// The row being packed.
    scratch: Vec<u8>,
}

/// Rows packed one after the other, none split between chunks.
#[derive(Clone, Default)]
struct Chunk {
    bytes: Vec<u8>,
    /// Each row's 0-based index in the sheet and where its cells start in `bytes` (they end
    /// where the next row's start).
    rows: Vec<(u32, u32)>,
}

impl Packed {
    fn push(&mut self, row: &Row) {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        self.cells += row.cells.len();
        let mut next = 0u32;
        for (col, cell) in &row.cells {
            let follows = if *col == next { NEXT_COLUMN } else { 0 };
            let at = out.len();
            out.push(follows);
            if follows == 0 {
                varint(&mut out, u64::from(*col));
            }
            let kind = match cell {
                Cell::Number(n) => self.number(&mut out, NUMBER, n.get()),
                Cell::DateTime(n) => self.number(&mut out, DATE_TIME, n.get()),
                Cell::Text(s) => self.text(&mut out, TEXT, s),
                Cell::DateIso(s) => self.text(&mut out, DATE_ISO, s),
                Cell::Error(s) => self.text(&mut out, ERROR, s),
                Cell::Bool(false) => FALSE,
                Cell::Bool(true) => TRUE,
            };
            if let Some(tag) = out.get_mut(at) {
                *tag |= kind;
            }
            next = col.saturating_add(1);
        }
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.bytes.len() + out.len() <= c.bytes.capacity());
        if !fits {
            self.chunks.push(Chunk {
                bytes: Vec::with_capacity(CHUNK.max(out.len())),
                rows: Vec::new(),
            });
            self.first_pos.push(self.len);
        }
        if let Some(chunk) = self.chunks.last_mut() {
            // A chunk holds at most CHUNK bytes (or one larger row): its offsets fit a u32.
            let start = u32::try_from(chunk.bytes.len()).unwrap_or(u32::MAX);
            chunk.rows.push((row.index, start));
            chunk.bytes.extend_from_slice(&out);
        }
        self.len += 1;
        self.scratch = out;
    }

    /// The chunk holding the row at `pos`, and the row's place in it.
    fn locate(&self, pos: usize) -> Option<(&Chunk, usize)> {
        let c = self.first_pos.partition_point(|&p| p <= pos).checked_sub(1)?;
        Some((self.chunks.get(c)?, pos - self.first_pos.get(c)?))
    }

    fn index_at(&self, pos: usize) -> Option<u32> {
        let (chunk, i) = self.locate(pos)?;
        chunk.rows.get(i).map(|r| r.0)
    }

    /// The position of the first row whose index is at least `index`.
    fn position_from(&self, index: u32) -> usize {
        // The first chunk whose last row reaches `index`, then the row in it.
        let c = self
            .chunks
            .partition_point(|ch| ch.rows.last().is_some_and(|r| r.0 < index));
        match (self.chunks.get(c), self.first_pos.get(c)) {
            (Some(chunk), Some(first)) => first + chunk.rows.partition_point(|r| r.0 < index),
            _ => self.len,
        }
    }

    /// Writes a number's payload; returns its kind.
    fn number(&mut self, out: &mut Vec<u8>, base: u8, n: f64) -> u8 {
        // Packed as an integer or in cents only when unpacking gives back the very bits
        // (−0.0 would come back as +0.0; NaN and infinities are no integers).
        if n.abs() < EXACT && ((n as i64) as f64).to_bits() == n.to_bits() {
            varint(out, zigzag(n as i64));
            return base + INTEGER;
        }
        let cents = (n * 100.0).round();
        if cents.abs() < EXACT && ((cents as i64) as f64 / 100.0).to_bits() == n.to_bits() {
            varint(out, zigzag(cents as i64));
            return base + CENTS;
        }
        out.extend_from_slice(&n.to_bits().to_le_bytes());
        base + BITS
    }

    /// Writes a text's place in `texts`; returns its kind.
    fn text(&mut self, out: &mut Vec<u8>, kind: u8, s: &Arc<str>) -> u8 {
        let next = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        // A text the reader did not share (beyond its interning) is held by this cell alone.
        let id = if Arc::strong_count(s) == 1 {
            self.texts.push(Arc::clone(s));
            next
        } else {
            let address = Arc::as_ptr(s).cast::<u8>() as usize;
            *self.ids.entry(address).or_insert_with(|| {
                self.texts.push(Arc::clone(s));
                next
            })
        };
        varint(out, u64::from(id));
        kind
    }

    /// The row at `pos`, unpacked.
    fn row(&self, pos: usize) -> Option<Row> {
        let mut row = Row {
            index: 0,
            cells: Vec::with_capacity(8),
        };
        self.unpack_into(pos, &mut row)?;
        Some(row)
    }

    /// The packed bytes of the row at `pos`, and its index.
    fn bytes_of(&self, pos: usize) -> Option<(u32, &[u8])> {
        let (chunk, i) = self.locate(pos)?;
        let &(index, start) = chunk.rows.get(i)?;
        let end = chunk.rows.get(i + 1).map_or(chunk.bytes.len(), |r| r.1 as usize);
        Some((index, chunk.bytes.get(start as usize..end)?))
    }

    /// Unpacks the row at `pos` into `row`, replacing what it held.
    fn unpack_into(&self, pos: usize, row: &mut Row) -> Option<()> {
        let (index, mut b) = self.bytes_of(pos)?;
        row.index = index;
        row.cells.clear();
        let mut next = 0u32;
        while !b.is_empty() {
            let (col, kind) = read_head(&mut b, next)?;
            let cell = self.read_cell(&mut b, kind)?;
            row.cells.push((col, cell));
            next = col.saturating_add(1);
        }
        Some(())
    }

    /// The cell in column `col` of the row at `pos`, the cells before it skipped.
    fn cell(&self, pos: usize, col: u32) -> Option<Cell> {
        let (_, mut b) = self.bytes_of(pos)?;
        let mut next = 0u32;
        while !b.is_empty() {
            let (c, kind) = read_head(&mut b, next)?;
            if c == col {
                return self.read_cell(&mut b, kind);
            }
            if c > col {
                return None;
            }
            skip_payload(&mut b, kind)?;
            next = c.saturating_add(1);
        }
        None
    }

    /// Reads one cell's payload of this kind.
    fn read_cell(&self, b: &mut &[u8], kind: u8) -> Option<Cell> {
        Some(match kind {
            k if k < TEXT => {
                let (base, form) = if k < DATE_TIME {
                    (NUMBER, k)
                } else {
                    (DATE_TIME, k - DATE_TIME)
                };
                let n = match form {
                    INTEGER => unzigzag(read_varint(b)?) as f64,
                    CENTS => unzigzag(read_varint(b)?) as f64 / 100.0,
                    _ => {
                        let (bits, rest) = b.split_first_chunk::<8>()?;
                        *b = rest;
                        f64::from_bits(u64::from_le_bytes(*bits))
                    }
                };
                if base == NUMBER {
                    Cell::Number(Num(n))
                } else {
                    Cell::DateTime(Num(n))
                }
            }
            TEXT | DATE_ISO | ERROR => {
                let id = usize::try_from(read_varint(b)?).ok()?;
                let s = Arc::clone(self.texts.get(id)?);
                match kind {
                    TEXT => Cell::Text(s),
                    DATE_ISO => Cell::DateIso(s),
                    _ => Cell::Error(s),
                }
            }
            FALSE => Cell::Bool(false),
            TRUE => Cell::Bool(true),
            _ => return None,
        })
    }

    fn shrink_to_fit(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.bytes.shrink_to_fit();
        }
        for chunk in &mut self.chunks {
            chunk.rows.shrink_to_fit();
        }
        self.chunks.shrink_to_fit();
        self.first_pos.shrink_to_fit();
        self.texts.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.scratch = Vec::new();
    }
}

/// A cell's tag: its column (`next` when it follows the one before) and its kind.
fn read_head(b: &mut &[u8], next: u32) -> Option<(u32, u8)> {
    let (&tag, rest) = b.split_first()?;
    *b = rest;
    let col = if tag & NEXT_COLUMN != 0 {
        next
    } else {
        u32::try_from(read_varint(b)?).ok()?
    };
    Some((col, tag & !NEXT_COLUMN))
}

/// Steps over a cell's payload of this kind.
fn skip_payload(b: &mut &[u8], kind: u8) -> Option<()> {
    match kind {
        FALSE | TRUE => {}
        k if k < TEXT && (k == NUMBER + BITS || k == DATE_TIME + BITS) => *b = b.get(8..)?,
        _ => {
            read_varint(b)?;
        }
    }
    Some(())
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(b: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = b.split_first()?;
        *b = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers() -> Vec<f64> {
        vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            45_000.0,
            1234.56,
            -1234.56,
            0.1,
            0.07,
            1e-9,
            1.0 / 3.0,
            45_000.5,
            45_000.123_456,
            123_456_789_012.34,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e300,
            -1e300,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            i64::MAX as f64,
            i64::MIN as f64,
        ]
    }

    #[test]
    fn a_packed_row_gives_back_every_cell_bit_for_bit() {
        let shared: Arc<str> = "ООО Ромашка".into();
        let _interner_copy = Arc::clone(&shared);
        let mut cells: Vec<(u32, Cell)> = Vec::new();
        let mut col = 0;
        for n in numbers() {
            cells.push((col, Cell::number(n)));
            cells.push((col + 1, Cell::date_time(n)));
            col += 3; // a gap: the column is written
        }
        cells.push((col, Cell::Text(Arc::clone(&shared))));
        cells.push((col + 1, Cell::Text(Arc::clone(&shared))));
        cells.push((col + 2, Cell::Text("one cell's own".into())));
        cells.push((col + 3, Cell::DateIso("2024-03-01T10:00:00".into())));
        cells.push((col + 4, Cell::Error("#DIV/0!".into())));
        cells.push((col + 5, Cell::Bool(true)));
        cells.push((16_383, Cell::Bool(false)));
        let row = Row {
            index: 1_048_575,
            cells,
        };
        let mut rows = Rows::packing_after(0);
        rows.push(Row::default());
        rows.push(row.clone());
        assert!(rows.is_packed());
        let back = rows.get(1).unwrap().into_owned();
        assert_eq!(back.index, row.index);
        assert_eq!(back.cells.len(), row.cells.len());
        for ((c1, a), (c2, b)) in back.cells.iter().zip(&row.cells) {
            assert_eq!(c1, c2);
            match (a, b) {
                (Cell::Number(x), Cell::Number(y)) | (Cell::DateTime(x), Cell::DateTime(y)) => {
                    assert_eq!(x.get().to_bits(), y.get().to_bits(), "{:?}", y.get());
                }
                _ => assert_eq!(a, b),
            }
        }
        assert_eq!(rows.get(0).unwrap().into_owned(), Row::default());
        // The shared text is kept once.
        let Repr::Packed(p) = &rows.repr else { unreachable!() };
        assert_eq!(p.texts.iter().filter(|t| &***t == "ООО Ромашка").count(), 1);
    }

    #[test]
    fn rows_are_packed_past_their_cells_and_read_the_same() {
        let row = |index: u32| Row {
            index,
            cells: vec![
                (0, Cell::date_time(45_000.0 + f64::from(index))),
                (1, Cell::Text("ООО Альфа".into())),
                (2, Cell::number(f64::from(index) * 10.25)),
            ],
        };
        let plain: Vec<Row> = (0..100).map(|i| row(i * 2)).collect();
        let mut rows = Rows::packing_after(150);
        for r in plain.clone() {
            rows.push(r);
        }
        assert!(rows.is_packed());
        assert_eq!(rows.len(), 100);
        assert_eq!(rows.cell_count(), 300);
        assert_eq!(rows, Rows::from(plain.clone()));
        assert_eq!(rows.iter().next_back().unwrap().index, 198);
        assert_eq!(rows.starting_at(7).next().unwrap().index, 8);
        assert_eq!(rows.position_of(8), Some(4));
        assert_eq!(rows.position_of(9), None);
        assert_eq!(rows.iter().nth(3).unwrap().index, 6);
        assert_eq!(rows.clone().take_vec(), plain);
        // Past a chunk: rows on both sides of the boundary, found by position and by index.
        let many: Vec<Row> = (0..120_000u32).map(|i| row(i * 2)).collect();
        let mut rows = Rows::packing_after(0);
        for r in many.clone() {
            rows.push(r);
        }
        let Repr::Packed(p) = &rows.repr else { unreachable!() };
        assert!(p.chunks.len() >= 2, "{} chunks", p.chunks.len());
        let boundary = p.first_pos[1];
        for pos in [0, boundary - 1, boundary, boundary + 1, many.len() - 1] {
            assert_eq!(rows.get(pos).as_deref(), many.get(pos), "row at {pos}");
            let index = many[pos].index;
            assert_eq!(rows.position_from(index), pos);
            assert_eq!(rows.position_from(index + 1), pos + 1);
            assert_eq!(rows.index_at(pos), Some(index));
        }
        assert_eq!(rows.position_from(u32::MAX), many.len());
        // The passes read the same rows and cells, packed or plain.
        let plain = Rows::from(many.clone());
        for (from, col) in [(0, 0), (1, 1), (99_999, 2), (239_998, 1), (240_000, 0)] {
            let mut a = Vec::new();
            let mut b = Vec::new();
            rows.each_from(from, |r| a.push(r.clone()));
            plain.each_from(from, |r| b.push(r.clone()));
            assert_eq!(a, b, "rows from {from}");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            rows.each_cell_from(from, col, |c| a.push(c.clone()));
            plain.each_cell_from(from, col, |c| b.push(c.clone()));
            assert_eq!(a, b, "column {col} from {from}");
        }
        assert!(rows.get(many.len()).is_none());
        assert_eq!(rows, Rows::from(many));
        // The small table keeps its rows as they are.
        let mut small = Rows::default();
        small.push(row(0));
        assert!(!small.is_packed());
    }

    #[test]
    fn a_sales_row_packs_into_a_fraction_of_its_cells() {
        let mut rows = Rows::packing_after(0);
        let client: Arc<str> = "ООО Ромашка".into();
        let keep = Arc::clone(&client);
        for i in 0..1000u32 {
            rows.push(Row {
                index: i,
                cells: vec![
                    (0, Cell::date_time(45_000.0 + f64::from(i % 365))),
                    (1, Cell::Text(Arc::clone(&client))),
                    (2, Cell::Text(Arc::clone(&keep))),
                    (3, Cell::number(f64::from(i % 50))),
                    (4, Cell::number(f64::from(i) * 123.45)),
                ],
            });
        }
        let Repr::Packed(p) = &rows.repr else { unreachable!() };
        // 16 bytes a cell, plain: 80 a row before the row's own allocation.
        let bytes: usize = p.chunks.iter().map(|c| c.bytes.len()).sum();
        assert!(bytes <= 20 * 1000, "{bytes} bytes");
    }
}

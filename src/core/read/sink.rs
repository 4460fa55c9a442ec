//! Where streamed cells land: a [`SheetBuilder`] fills a sparse
//! [`SheetTable`] while a [`Budget`] shared by the whole workbook enforces
//! `max_cells`, `max_text_bytes` and `max_rows`, and interns texts: each
//! distinct text is stored once however many cells hold it.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::table::{Cell, Row, Rows, SheetTable};
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// Distinct texts kept for sharing; beyond, new texts are stored per cell
/// (a file of a million distinct order numbers gains nothing from the set).
const MAX_INTERNED: usize = 1 << 20;

/// Excel's own limit on the text of a cell. A longer text (only a broken or hostile file
/// has one: a 50 MB CSV field) is cut here, so that no later pass walks megabytes of one
/// cell (a 50 MB client name took 27 s through detection and identity).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Excel's own width: columns A…XFD. A cell beyond (a CSV line of a million fields) is
/// dropped as it arrives and counted, as Excel does when it opens such a file: a header a
/// million columns wide took minutes through header detection.
pub const MAX_COLUMNS: u32 = 16_384;

/// Each distinct cell text once: a client's name on a million rows is one allocation.
#[derive(Debug, Default)]
pub struct Interner {
    set: FxHashSet<Arc<str>>,
    /// Texts cut at [`MAX_CELL_CHARS`].
    truncated: u32,
}

impl Interner {
    /// The shared copy of `s`, cut at [`MAX_CELL_CHARS`] characters.
    pub fn intern(&mut self, s: &str) -> Arc<str> {
        let s = match s
            .char_indices()
            .nth(MAX_CELL_CHARS)
            .filter(|_| s.len() > MAX_CELL_CHARS)
        {
            Some((cut, _)) => {
                self.truncated = self.truncated.saturating_add(1);
                s.get(..cut).unwrap_or(s)
            }
            None => s,
        };
        if let Some(a) = self.set.get(s) {
            return Arc::clone(a);
        }
        let a: Arc<str> = s.into();
        if self.set.len() < MAX_INTERNED {
            self.set.insert(Arc::clone(&a));
        }
        a
    }

    /// What the reader says about the texts: cells cut at [`MAX_CELL_CHARS`].
    pub fn notes(&self) -> Vec<Note> {
        if self.truncated == 0 {
            return Vec::new();
        }
        vec![
            Note::new(QualityCode::CellTextTruncated)
                .rows(RowSet::counted(self.truncated))
                .detail(MAX_CELL_CHARS.to_string()),
        ]
    }
}

/// A text cell as the readers keep it: NUL characters removed, the empty text dropped, the rest
/// interned.
pub fn text_cell(texts: &mut Interner, s: &str) -> Option<Cell> {
    if s.is_empty() {
        return None;
    }
    let s = super::codepage::strip_nuls(s);
    if s.is_empty() {
        None
    } else {
        Some(Cell::Text(texts.intern(&s)))
    }
}

/// Running totals over the whole workbook.
#[derive(Debug)]
pub struct Budget<'l> {
    limits: &'l Limits,
    cells: u64,
    text_bytes: u64,
    /// Shared by every sheet of the workbook.
    pub texts: Interner,
    /// Cells dropped beyond [`MAX_COLUMNS`], and the rows they were on.
    beyond_columns: u64,
    beyond_rows: u32,
    /// The first of those rows (1-based), and how many sheets had any.
    beyond_first: Vec<u32>,
    beyond_sheets: u32,
}

impl<'l> Budget<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        Budget {
            limits,
            cells: 0,
            text_bytes: 0,
            texts: Interner::default(),
            beyond_columns: 0,
            beyond_rows: 0,
            beyond_first: Vec::new(),
            beyond_sheets: 0,
        }
    }

    /// Counts a cell dropped beyond [`MAX_COLUMNS`] on 0-based `row`, the first on its row if
    /// `new_row`, the first of its sheet if `new_sheet`.
    fn beyond_last_column(&mut self, row: u32, new_row: bool, new_sheet: bool) {
        self.beyond_columns += 1;
        if new_sheet {
            self.beyond_sheets += 1;
        }
        if new_row {
            self.beyond_rows = self.beyond_rows.saturating_add(1);
            if self.beyond_first.len() < RowSet::KEEP {
                self.beyond_first.push(row.saturating_add(1));
            }
        }
    }

    /// What the reader says about the cells: texts cut at [`MAX_CELL_CHARS`], cells dropped
    /// beyond [`MAX_COLUMNS`].
    pub fn notes(&self) -> Vec<Note> {
        let mut notes = self.texts.notes();
        if self.beyond_columns > 0 {
            notes.push(
                Note::new(QualityCode::CellsBeyondLastColumn)
                    .rows(RowSet {
                        count: self.beyond_rows,
                        // Row numbers name their sheet only when there is one.
                        first: if self.beyond_sheets == 1 {
                            self.beyond_first.clone()
                        } else {
                            vec![]
                        },
                    })
                    .detail(self.beyond_columns.to_string()),
            );
        }
        notes
    }

    fn too_large(limit: &'static str, max: u64) -> Error {
        Error::new(ErrorKind::TooLarge { limit, max })
    }

    /// Accounts for one kept cell at 0-based `row`.
    fn take(&mut self, row: u32, cell: &Cell) -> Result<()> {
        if row > self.limits.max_rows {
            return Err(Self::too_large("max_rows", u64::from(self.limits.max_rows))
                .with_detail(format!("cell in row {}", u64::from(row) + 1)));
        }
        self.cells += 1;
        if self.cells > self.limits.max_cells {
            return Err(Self::too_large("max_cells", self.limits.max_cells));
        }
        if let Cell::Text(s) | Cell::DateIso(s) | Cell::Error(s) = cell {
            self.text_bytes += s.len() as u64;
            if self.text_bytes > self.limits.max_text_bytes {
                return Err(Self::too_large("max_text_bytes", self.limits.max_text_bytes));
            }
        }
        Ok(())
    }
}

/// Builds one sheet from cells arriving mostly in row-major order: each row is
/// finished (its cells sorted by column) when the next begins, and stored in the
/// sheet's [`crate::core::table::Rows`], which pack themselves once the sheet is large.
#[derive(Debug)]
pub struct SheetBuilder {
    table: SheetTable,
    /// The row cells are arriving for.
    current: Option<Row>,
    /// The largest row index stored so far.
    last_index: Option<u32>,
    rows_sorted: bool,
    /// The last row a cell beyond [`MAX_COLUMNS`] was dropped from.
    beyond_row: Option<u32>,
}

impl SheetBuilder {
    /// A builder whose rows are packed past the budget's `pack_rows_after_cells`.
    pub fn new(mut table: SheetTable, budget: &Budget<'_>) -> Self {
        let cells = usize::try_from(budget.limits.pack_rows_after_cells).unwrap_or(usize::MAX);
        table.rows = Rows::packing_after(cells);
        SheetBuilder {
            table,
            current: None,
            last_index: None,
            rows_sorted: true,
            beyond_row: None,
        }
    }

    /// Adds a cell at 0-based (`row`, `col`), charging the budget.
    pub fn push(&mut self, budget: &mut Budget<'_>, row: u32, col: u32, cell: Cell) -> Result<()> {
        if col >= MAX_COLUMNS {
            self.drop_beyond(budget, row);
            return Ok(());
        }
        budget
            .take(row, &cell)
            .map_err(|e| e.in_sheet(self.table.name.clone()))?;
        match &mut self.current {
            Some(current) if current.index == row => current.cells.push((col, cell)),
            current => {
                // Rows of a table are alike: room for as many cells as the last one had.
                let width = current.as_ref().map_or(1, |c| c.cells.len());
                let mut cells = Vec::with_capacity(width.clamp(1, 64));
                cells.push((col, cell));
                if let Some(done) = current.replace(Row { index: row, cells }) {
                    self.store(done);
                }
            }
        }
        Ok(())
    }

    /// Stores a finished row: its cells sorted by column, a later duplicate of the same
    /// column kept (as it would be in the spreadsheet's own last write).
    fn store(&mut self, mut row: Row) {
        if self.last_index.is_some_and(|l| l >= row.index) {
            self.rows_sorted = false;
        }
        self.last_index = self.last_index.max(Some(row.index));
        sort_cells(&mut row);
        row.cells.shrink_to_fit();
        self.table.rows.push(row);
    }

    /// Counts a cell on `row` beyond [`MAX_COLUMNS`], not kept (callers that would build
    /// the cell first skip that work).
    pub fn drop_beyond(&mut self, budget: &mut Budget<'_>, row: u32) {
        let new_sheet = self.beyond_row.is_none();
        budget.beyond_last_column(row, self.beyond_row.replace(row) != Some(row), new_sheet);
    }

    /// The sheet, its rows sorted by index: a row whose cells came in several runs is one
    /// row, the later cell of a column kept.
    pub fn finish(mut self) -> SheetTable {
        if let Some(done) = self.current.take() {
            self.store(done);
        }
        if !self.rows_sorted {
            // Only a file that writes its rows out of order comes here; packed rows are
            // unpacked for the sort and packed again.
            let mut plain = self.table.rows.take_vec();
            plain.sort_by_key(|r| r.index);
            let mut merged: Vec<Row> = Vec::with_capacity(plain.len());
            for row in plain {
                match merged.last_mut() {
                    Some(last) if last.index == row.index => last.cells.extend(row.cells),
                    _ => merged.push(row),
                }
            }
            for row in &mut merged {
                sort_cells(row);
                row.cells.shrink_to_fit();
            }
            for row in merged {
                self.table.rows.push(row);
            }
        }
        self.table.rows.shrink_to_fit();
        self.table
    }
}

/// Sorts a row's cells by column; of two cells in one column the later stays.
fn sort_cells(row: &mut Row) {
    if row.cells.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
        return;
    }
    // Stable sort keeps arrival order among equal columns; keep the last.
    row.cells.sort_by_key(|(c, _)| *c);
    let mut dedup: Vec<(u32, Cell)> = Vec::with_capacity(row.cells.len());
    for (c, cell) in std::mem::take(&mut row.cells) {
        match dedup.last_mut() {
            Some(last) if last.0 == c => last.1 = cell,
            _ => dedup.push((c, cell)),
        }
    }
    row.cells = dedup;
}

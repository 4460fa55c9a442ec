//! How far reading has come, for the page's progress bar: rows read so far and,
//! when the file declares its size (an xlsx/xlsb sheet's dimension), the share
//! done. Reported every [`STEP_ROWS`] rows of a streamed sheet and once at the
//! end of every file (`read_source_with`), so a million-row file makes about
//! 200 reports.

use serde::Serialize;

/// Rows between two reports while a sheet streams.
pub const STEP_ROWS: u32 = 5_000;

/// One report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Rows read so far in this file (the largest row index seen + 1, all sheets together).
    pub rows: u64,
    /// The share of the file read, 0–1, when its declared size makes it known.
    pub fraction: Option<f64>,
}

/// Where reports go: a closure, or nowhere.
pub type Sink<'a> = &'a mut dyn FnMut(Progress);

/// Tracks one file's sheets: the rows of finished sheets plus the current one,
/// and the share from the sheet's declared last row.
pub(crate) struct Tracker<'a> {
    sink: Sink<'a>,
    sheets: usize,
    sheet: usize,
    done_rows: u64,
    declared_rows: Option<u32>,
    next: u32,
    max_rows: u32,
}

impl<'a> Tracker<'a> {
    /// A tracker over a file of `sheets` sheets; `max_rows` (the limit) marks a
    /// declared size as a lie that gives no share.
    pub(crate) fn new(sink: Sink<'a>, sheets: usize, max_rows: u32) -> Self {
        Tracker {
            sink,
            sheets: sheets.max(1),
            sheet: 0,
            done_rows: 0,
            declared_rows: None,
            next: STEP_ROWS,
            max_rows,
        }
    }

    /// A sheet starts; `declared_last_row` is its dimension's last 0-based row, if any.
    pub(crate) fn sheet(&mut self, index: usize, declared_last_row: Option<u32>) {
        self.sheet = index;
        self.declared_rows = declared_last_row
            .filter(|r| *r < self.max_rows)
            .map(|r| r.saturating_add(1));
        self.next = STEP_ROWS;
    }

    /// A cell of 0-based `row` of the current sheet was read.
    #[inline]
    pub(crate) fn row(&mut self, row: u32) {
        if row >= self.next {
            self.next = row.saturating_add(STEP_ROWS);
            self.report(row.saturating_add(1));
        }
    }

    fn report(&mut self, rows_in_sheet: u32) {
        let within = self
            .declared_rows
            .map(|d| (f64::from(rows_in_sheet) / f64::from(d.max(1))).min(1.0));
        let fraction = within.map(|w| ((self.sheet as f64 + w) / self.sheets as f64).min(1.0));
        (self.sink)(Progress {
            rows: self.done_rows + u64::from(rows_in_sheet),
            fraction,
        });
    }

    /// The current sheet ended with `rows` rows.
    pub(crate) fn sheet_done(&mut self, rows: u32) {
        self.done_rows += u64::from(rows);
    }

    /// The file is read again from its first sheet (by another reader).
    pub(crate) fn restart(&mut self) {
        self.done_rows = 0;
    }

    /// The file turned out to have `sheets` sheets.
    pub(crate) fn set_sheets(&mut self, sheets: usize) {
        self.sheets = sheets.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_step_with_the_declared_share() {
        let mut seen = Vec::new();
        let mut sink = |p: Progress| seen.push(p);
        let mut t = Tracker::new(&mut sink, 1, 1_000_000);
        t.sheet(0, Some(19_999));
        for r in 0..20_000 {
            t.row(r);
        }
        let rows: Vec<u64> = seen.iter().map(|p| p.rows).collect();
        assert_eq!(rows, vec![5_001, 10_001, 15_001]);
        assert_eq!(seen[1].fraction, Some(10_001.0 / 20_000.0));
    }

    #[test]
    fn a_lying_dimension_gives_no_share() {
        let mut seen = Vec::new();
        let mut sink = |p: Progress| seen.push(p);
        let mut t = Tracker::new(&mut sink, 2, 1_000);
        t.sheet(1, Some(u32::MAX - 1));
        t.row(6_000);
        assert_eq!(seen[0].fraction, None);
        assert_eq!(seen[0].rows, 6_001);
    }
}

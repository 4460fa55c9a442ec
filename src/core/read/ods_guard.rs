//! Pre-scan of an ODS `content.xml` before calamine expands it.
//!
//! ODS compresses runs with `table:number-rows-repeated` and
//! `table:number-columns-repeated`; calamine expands them into a dense range
//! (capped only at 100 million cells). This streaming pass estimates what
//! calamine would materialise — per table, the bounding box from the first to
//! the last row holding a value, times the widest such row — and stops with
//! `too_large` before any of it is allocated.
//!
//! A cell counts when it carries a value (`office:value-type`, a formula, or
//! child content such as `<text:p>`). Style-only cells (`<table:table-cell
//! table:style-name="…"/>`, often repeated 16384 times by LibreOffice) are
//! empty to calamine, so they do not count.

use super::source::{Source, SourceCursor};
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;

/// calamine's own caps on an ODS sheet (rows and columns).
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Checks `content.xml` of the ODS in `bytes` against the limits.
///
/// # Errors
/// `too_large` (`max_ods_repeat`, `max_cells`, `max_decompressed_bytes`) or
/// `damaged_file` when the XML cannot be parsed.
pub fn check_ods_repeats(src: &dyn Source, limits: &Limits) -> Result<()> {
    let damaged = |what: String| Error::new(ErrorKind::DamagedFile).with_detail(what);
    let mut zip = ZipArchive::new(SourceCursor::new(src)).map_err(|e| damaged(format!("zip: {e}")))?;
    let entry = match zip.by_name("content.xml") {
        Ok(e) => e,
        Err(e) => return Err(damaged(format!("content.xml: {e}"))),
    };
    let capped = Capped {
        inner: entry,
        left: limits.max_decompressed_bytes,
    };
    let mut reader = Reader::from_reader(BufReader::new(capped));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(4096);
    let mut scan = Scan::new(limits);
    loop {
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => {
                if e.to_string().contains(CAPPED_MSG) {
                    return Err(Error::new(ErrorKind::TooLarge {
                        limit: "max_decompressed_bytes",
                        max: limits.max_decompressed_bytes,
                    })
                    .with_detail("content.xml inflates beyond its limit"));
                }
                return Err(damaged(format!("content.xml: {e}")));
            }
        };
        match ev {
            Event::Start(e) => scan.start(&e, false)?,
            Event::Empty(e) => scan.start(&e, true)?,
            Event::End(e) => scan.end(e.name().as_ref())?,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    scan.end_table()?;
    Ok(())
}

const CAPPED_MSG: &str = "keyaccounts: entry inflates beyond max_decompressed_bytes";

/// A reader that fails instead of yielding more than `left` bytes.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(CAPPED_MSG)),
            };
        }
        let want = out.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(out.get_mut(..want).unwrap_or_default())?;
        self.left -= n as u64;
        Ok(n)
    }
}

struct Scan<'l> {
    limits: &'l Limits,
    /// Cells estimated for the tables already finished.
    done_cells: u64,
    // Current table.
    row_pos: u64,
    first_row: Option<u64>,
    last_row_end: u64,
    max_width: u64,
    repeat_sum: u64,
    // Current row.
    in_row: bool,
    row_rep: u64,
    col: u64,
    extent: u64,
    /// An open cell element: (start column, repeat, has value so far).
    pending: Option<(u64, u64, bool)>,
    /// Spaces the cells' `text:s` elements expand to, over the whole file.
    spaces: u64,
}

fn attr_u64(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_attr(e: &BytesStart<'_>, name: &str) -> bool {
    e.try_get_attribute(name).ok().flatten().is_some()
}

impl<'l> Scan<'l> {
    fn new(limits: &'l Limits) -> Self {
        Scan {
            limits,
            done_cells: 0,
            row_pos: 0,
            first_row: None,
            last_row_end: 0,
            max_width: 0,
            repeat_sum: 0,
            in_row: false,
            row_rep: 1,
            col: 0,
            extent: 0,
            pending: None,
            spaces: 0,
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<()> {
        let name = e.name();
        let name = name.as_ref();
        if let Some(p) = self.pending.as_mut() {
            // Any child element (text:p, annotation…) makes the cell non-empty.
            p.2 = true;
            if name == "text:s" {
                // `<text:s text:c="N"/>` is N spaces: calamine writes them all out, in every
                // repeated copy of the cell (an 846-byte file asked for a billion).
                let spaces = attr_u64(e, "text:c").saturating_mul(p.1).saturating_mul(self.row_rep);
                self.spaces = self.spaces.saturating_add(spaces);
                if self.spaces > self.limits.max_text_bytes {
                    return Err(Error::new(ErrorKind::TooLarge {
                        limit: "max_text_bytes",
                        max: self.limits.max_text_bytes,
                    })
                    .with_detail(format!("content.xml asks for {} spaces (text:s text:c)", self.spaces)));
                }
            }
            return Ok(());
        }
        match name {
            "table:table" => {
                self.end_table()?;
                if empty {
                    self.end_table()?;
                }
            }
            "table:table-row" => {
                self.in_row = true;
                self.row_rep = attr_u64(e, "table:number-rows-repeated");
                self.col = 0;
                self.extent = 0;
                if empty {
                    self.end_row()?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.in_row => {
                let rep = attr_u64(e, "table:number-columns-repeated");
                let valued = has_attr(e, "office:value-type") || has_attr(e, "table:formula");
                self.pending = Some((self.col, rep, valued));
                if empty {
                    self.end_cell()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<()> {
        match name {
            "table:table-cell" | "table:covered-table-cell" => self.end_cell(),
            // A child element closing inside a cell.
            _ if self.pending.is_some() => Ok(()),
            "table:table-row" => self.end_row(),
            "table:table" => self.end_table(),
            _ => Ok(()),
        }
    }

    fn end_cell(&mut self) -> Result<()> {
        if let Some((start, rep, valued)) = self.pending.take() {
            if valued {
                self.extent = start.saturating_add(rep).min(ODS_MAX_COLUMNS).max(self.extent);
                self.repeat_sum = self.repeat_sum.saturating_add(rep.saturating_mul(self.row_rep));
                self.check()?;
            }
            self.col = start.saturating_add(rep);
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<()> {
        if !self.in_row {
            return Ok(());
        }
        self.in_row = false;
        if self.extent > 0 {
            self.first_row.get_or_insert(self.row_pos);
            self.last_row_end = self.row_pos.saturating_add(self.row_rep);
            self.max_width = self.max_width.max(self.extent);
        }
        self.row_pos = self.row_pos.saturating_add(self.row_rep);
        self.check()
    }

    fn table_estimate(&self) -> u64 {
        match self.first_row {
            Some(first) => self.last_row_end.saturating_sub(first).saturating_mul(self.max_width),
            None => 0,
        }
    }

    fn check(&self) -> Result<()> {
        let est = self.table_estimate();
        if est > self.limits.max_ods_repeat || self.repeat_sum > self.limits.max_ods_repeat {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_ods_repeat",
                max: self.limits.max_ods_repeat,
            })
            .with_detail(format!(
                "repeated rows/columns expand to {} cells",
                est.max(self.repeat_sum)
            )));
        }
        if self.done_cells.saturating_add(est) > self.limits.max_cells {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_cells",
                max: self.limits.max_cells,
            })
            .with_detail("ods repeated cells"));
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.end_row()?;
        self.check()?;
        self.done_cells = self.done_cells.saturating_add(self.table_estimate());
        self.row_pos = 0;
        self.first_row = None;
        self.last_row_end = 0;
        self.max_width = 0;
        self.repeat_sum = 0;
        Ok(())
    }
}

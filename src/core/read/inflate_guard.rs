//! Inflates every part a reader will parse once, counting, before the reader does.
//!
//! [`super::zip_guard`] bounds the parts' declared sizes (the zip crate stops a part that
//! inflates beyond its declared size with an error, which the reader reports as
//! `damaged_file`). What a declared size cannot show is what the bytes are: one 1 GB string
//! or attribute, which quick-xml buffers whole, or a GB of whitespace that costs seconds. So
//! the parts are inflated here into a small buffer and thrown away, and the run stops before
//! any reader starts when
//! - all parts together inflate beyond `max_decompressed_bytes` (`too_large`),
//! - a part inflates beyond the size it declares (`damaged_file`: the package lies),
//! - an XML part holds a run of more than `max_xml_token_bytes` without `<` or `>`: one text,
//!   attribute or stretch of whitespace that quick-xml would buffer whole (`too_large`).
//!   An Excel cell holds at most 32,767 characters, so a real part never comes near;
//! - an xlsx styles part holds more than `max_style_elements` elements (`too_large`): calamine
//!   builds a style object per cell format as it opens the workbook.
//!
//! Costs one more inflate of the package: the 36 MB, 1M-row bench xlsx holds a 273 MB sheet,
//! ~0.2 s to inflate natively. So for an xlsx the worksheet parts are not inflated here: the fast
//! reader streams them through the same checks ([`StreamGuard`]), which stop the part as soon as
//! one fails, before the reader holds more than a chunk of it; calamine, which buffers runs, reads
//! a worksheet only after the whole pass. The checks also scan each worksheet part for its merged
//! areas and row outline levels ([`SheetScanner`]), which took an inflate of their own.

use super::source::{Source, SourceCursor};
use std::io::Read;

use zip::{ZipArchive, ZipReadOptions};

use super::xlsx_merges::{SheetScan, SheetScanner};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use std::collections::{HashMap, HashSet};

/// What the pass found in the worksheet parts (`xl/worksheets/*.xml`), by part path: their
/// merged areas and row outline levels. A part missing here is scanned by the reader.
pub type SheetScans = HashMap<String, SheetScan>;

/// Checks the parts of the zip package in `bytes` that the readers parse (`.xml`, `.rels`,
/// `.bin`; pictures and other media are never read). An entry this cannot open is left to
/// the reader, which says what is wrong with it.
///
/// # Errors
/// `too_large` (`max_decompressed_bytes`, `max_xml_token_bytes`, `max_style_elements`) or `damaged_file` for a
/// part that inflates beyond its declared size.
pub fn check_inflation(src: &dyn Source, limits: &Limits) -> Result<SheetScans> {
    Ok(check_parts(src, limits, false)?.scans)
}

/// [`check_inflation`] for an xlsx whose worksheets the fast reader streams: every part but the
/// worksheet parts (`…worksheets/*.xml`) now; those are checked as they inflate for the reader,
/// through [`StreamGuard::counted`] — one inflate of the largest part instead of two (about a
/// fifth of the read). A reader that falls back to calamine runs [`check_inflation`] first.
///
/// # Errors
/// As [`check_inflation`], for the parts checked now.
pub fn check_inflation_streaming(src: &dyn Source, limits: &Limits) -> Result<StreamGuard> {
    check_parts(src, limits, true)
}

fn is_worksheet(lower: &str) -> bool {
    lower.contains("worksheets/") && lower.ends_with(".xml")
}

fn check_parts(src: &dyn Source, limits: &Limits, defer_worksheets: bool) -> Result<StreamGuard> {
    let mut guard = StreamGuard::new(limits);
    let Ok(mut zip) = ZipArchive::new(SourceCursor::new(src)) else {
        return Ok(guard);
    };
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        // No checksum: this pass bounds sizes; a damaged deflate stream still fails as it inflates.
        let Ok(mut entry) = zip.by_index_with_options(i, ZipReadOptions::new().ignore_crc32(true)) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if defer_worksheets && is_worksheet(&lower) {
            guard.deferred.insert(name);
            continue;
        }
        let Some(mut check) = PartCheck::new(&name, entry.size(), guard.left, limits) else {
            continue;
        };
        let whole = loop {
            match entry.read(&mut buf) {
                Ok(0) => break true,
                Err(_) => break false,
                Ok(n) => check.feed(buf.get(..n).unwrap_or_default())?,
            }
        };
        guard.done(check, whole);
    }
    Ok(guard)
}

/// The checks over one part's bytes as they inflate.
struct PartCheck {
    name: String,
    declared: u64,
    /// The budget of inflated bytes left when the part began.
    left: u64,
    styles: bool,
    xml: bool,
    got: u64,
    run: u64,
    elements: u64,
    scanner: Option<SheetScanner>,
    limits: Limits,
}

impl PartCheck {
    /// `None` for a part no reader parses.
    fn new(name: &str, declared: u64, left: u64, limits: &Limits) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        if !xml && !lower.ends_with(".bin") {
            return None;
        }
        Some(PartCheck {
            name: name.to_string(),
            declared,
            left,
            styles: lower.ends_with("styles.xml"),
            xml,
            got: 0,
            run: 0,
            elements: 0,
            scanner: is_worksheet(&lower).then(SheetScanner::default),
            limits: limits.clone(),
        })
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        let (name, limits) = (&self.name, &self.limits);
        self.got = self.got.saturating_add(chunk.len() as u64);
        if self.got > self.left {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_decompressed_bytes",
                max: limits.max_decompressed_bytes,
            })
            .with_detail(format!("the package's parts inflate beyond the limit (at {name:?})")));
        }
        if self.got > self.declared {
            return Err(Error::new(ErrorKind::DamagedFile).with_detail(format!(
                "zip entry {name:?} inflates beyond the {} bytes it declares",
                self.declared
            )));
        }
        if self.styles {
            self.elements += memchr::memchr_iter(b'<', chunk).count() as u64;
            if self.elements > limits.max_style_elements {
                return Err(Error::new(ErrorKind::TooLarge {
                    limit: "max_style_elements",
                    max: limits.max_style_elements,
                })
                .with_detail(format!("{name:?} holds more cell formats than the limit")));
            }
        }
        if self.xml {
            self.run = longest_run(chunk, self.run, limits.max_xml_token_bytes).map_err(|()| {
                Error::new(ErrorKind::TooLarge {
                    limit: "max_xml_token_bytes",
                    max: limits.max_xml_token_bytes,
                })
                .with_detail(format!("{name:?} holds one text or attribute longer than the limit"))
            })?;
        }
        if let Some(s) = self.scanner.as_mut() {
            s.feed(chunk);
        }
        Ok(())
    }
}

/// The inflate budget and the worksheet parts left to check as they stream (see
/// [`check_inflation_streaming`]), with the scans of the parts checked so far.
#[derive(Debug)]
pub struct StreamGuard {
    limits: Limits,
    left: u64,
    deferred: HashSet<String>,
    /// Merged areas and outline levels of the worksheet parts checked whole.
    pub scans: SheetScans,
}

impl StreamGuard {
    /// A guard with the whole budget and nothing deferred: every part read through it is
    /// taken as checked already.
    pub fn new(limits: &Limits) -> Self {
        StreamGuard {
            limits: limits.clone(),
            left: limits.max_decompressed_bytes,
            deferred: HashSet::new(),
            scans: SheetScans::new(),
        }
    }

    fn done(&mut self, check: PartCheck, whole: bool) {
        self.left -= check.got.min(self.left);
        if let Some(scan) = check.scanner.filter(|_| whole).and_then(SheetScanner::finish) {
            self.scans.insert(check.name, scan);
        }
    }

    /// `inner`, the part `name` (as the package spells it) declaring `declared` bytes, read
    /// through the checks when the part was deferred, else as it is.
    pub fn counted<R: Read>(&mut self, name: &str, declared: u64, inner: R) -> Counted<R> {
        let check = if self.deferred.remove(name) {
            PartCheck::new(name, declared, self.left, &self.limits)
        } else {
            None
        };
        Counted {
            inner,
            check,
            error: None,
            whole: true,
        }
    }

    /// After the reader: the checks' error if they stopped the part (it wins over whatever the
    /// reader made of the stopped stream); else, with `drain`, the rest of the part read through
    /// the checks (the merge list follows the cells) and its scan kept.
    ///
    /// # Errors
    /// The checks' `too_large` or `damaged_file`.
    pub fn finish<R: Read>(&mut self, mut counted: Counted<R>, drain: bool) -> Result<()> {
        if let Some(e) = counted.error.take() {
            return Err(e);
        }
        if !drain || counted.check.is_none() {
            return Ok(());
        }
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match counted.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(_) => {
                    if let Some(e) = counted.error.take() {
                        return Err(e);
                    }
                    counted.whole = false;
                    break;
                }
            }
        }
        if let Some(check) = counted.check {
            self.done(check, counted.whole);
        }
        Ok(())
    }
}

/// A part's reader that runs the inflate guard's checks over the bytes it hands on. A check
/// that fails ends the stream with an I/O error and keeps the real one for [`StreamGuard::finish`].
pub struct Counted<R> {
    inner: R,
    check: Option<PartCheck>,
    error: Option<Error>,
    whole: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Err(std::io::Error::other("stopped by the inflate guard"));
        }
        let n = self.inner.read(buf)?;
        if let Some(check) = self.check.as_mut()
            && let Err(e) = check.feed(buf.get(..n).unwrap_or_default())
        {
            self.error = Some(e);
            return Err(std::io::Error::other("stopped by the inflate guard"));
        }
        Ok(n)
    }
}

/// The length of the run without `<` or `>` at the end of `chunk`, given the run carried in
/// from the chunks before; `Err` as soon as any run exceeds `max`.
fn longest_run(chunk: &[u8], carried: u64, max: u64) -> std::result::Result<u64, ()> {
    // A run between two delimiters of one chunk is shorter than the chunk: when the
    // chunk is no longer than `max`, only the runs at its two edges can exceed it.
    if chunk.len() as u64 <= max {
        return match memchr::memchr2(b'<', b'>', chunk) {
            None if carried + chunk.len() as u64 > max => Err(()),
            None => Ok(carried + chunk.len() as u64),
            Some(first) if carried + first as u64 > max => Err(()),
            Some(_) => {
                let last = memchr::memrchr2(b'<', b'>', chunk).unwrap_or(0);
                Ok((chunk.len() - last - 1) as u64)
            }
        };
    }
    let mut run = carried;
    let mut rest = chunk;
    while let Some(p) = memchr::memchr2(b'<', b'>', rest) {
        if run + p as u64 > max {
            return Err(());
        }
        run = 0;
        rest = rest.get(p + 1..).unwrap_or_default();
    }
    run += rest.len() as u64;
    if run > max { Err(()) } else { Ok(run) }
}

#[cfg(test)]
mod tests {
    use super::longest_run;

    #[test]
    fn runs_are_carried_across_chunks_and_reset_at_delimiters() {
        assert_eq!(longest_run(b"<a>xyz", 0, 10), Ok(3));
        assert_eq!(longest_run(b"abc", 3, 10), Ok(6));
        assert_eq!(longest_run(b"abcde<", 6, 10), Err(()));
        assert_eq!(longest_run(b"abcd<", 6, 10), Ok(0));
        assert_eq!(longest_run(b"", 4, 10), Ok(4));
        // Chunks longer than the limit are walked delimiter by delimiter.
        assert_eq!(longest_run(b"ab<cdefghijkl>", 0, 10), Ok(0));
        assert_eq!(longest_run(b"ab<cdefghijklmn>", 0, 10), Err(()));
        assert_eq!(longest_run(b"<abc>de", 7, 10), Ok(2));
    }
}

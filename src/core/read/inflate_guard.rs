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
//! ~0.2 s to inflate natively. The pass pays for itself in part: it also scans each worksheet part for
//! its merged areas and row outline levels ([`SheetScanner`]), which took an inflate of their own.

use std::io::{Cursor, Read};

use zip::{ZipArchive, ZipReadOptions};

use super::xlsx_merges::{SheetScan, SheetScanner};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use std::collections::HashMap;

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
pub fn check_inflation(bytes: &[u8], limits: &Limits) -> Result<SheetScans> {
    let mut scans = SheetScans::new();
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(scans);
    };
    let mut left = limits.max_decompressed_bytes;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        // No checksum: this pass bounds sizes; a damaged deflate stream still fails as it inflates.
        let Ok(mut entry) = zip.by_index_with_options(i, ZipReadOptions::new().ignore_crc32(true)) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        if !xml && !lower.ends_with(".bin") {
            continue;
        }
        let declared = entry.size();
        let styles = lower.ends_with("styles.xml");
        let mut scanner = (lower.contains("worksheets/") && lower.ends_with(".xml")).then(SheetScanner::default);
        let mut whole = true;
        let mut got: u64 = 0;
        let mut run: u64 = 0;
        let mut elements: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Err(_) => {
                    whole = false;
                    break;
                }
                Ok(n) => n,
            };
            got = got.saturating_add(n as u64);
            if got > left {
                return Err(Error::new(ErrorKind::TooLarge {
                    limit: "max_decompressed_bytes",
                    max: limits.max_decompressed_bytes,
                })
                .with_detail(format!("the package's parts inflate beyond the limit (at {name:?})")));
            }
            if got > declared {
                return Err(Error::new(ErrorKind::DamagedFile).with_detail(format!(
                    "zip entry {name:?} inflates beyond the {declared} bytes it declares"
                )));
            }
            if styles {
                elements += memchr::memchr_iter(b'<', buf.get(..n).unwrap_or_default()).count() as u64;
                if elements > limits.max_style_elements {
                    return Err(Error::new(ErrorKind::TooLarge {
                        limit: "max_style_elements",
                        max: limits.max_style_elements,
                    })
                    .with_detail(format!("{name:?} holds more cell formats than the limit")));
                }
            }
            if xml {
                run = longest_run(buf.get(..n).unwrap_or_default(), run, limits.max_xml_token_bytes).map_err(|()| {
                    Error::new(ErrorKind::TooLarge {
                        limit: "max_xml_token_bytes",
                        max: limits.max_xml_token_bytes,
                    })
                    .with_detail(format!("{name:?} holds one text or attribute longer than the limit"))
                })?;
            }
            if let Some(s) = scanner.as_mut() {
                s.feed(buf.get(..n).unwrap_or_default());
            }
        }
        left -= got;
        if let Some(scan) = scanner.filter(|_| whole).and_then(SheetScanner::finish) {
            scans.insert(name, scan);
        }
    }
    Ok(scans)
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

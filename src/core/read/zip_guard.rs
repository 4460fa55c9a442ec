//! Looks inside a zip container before any reader inflates it: which
//! spreadsheet format it holds, whether an ODS is encrypted, and whether any
//! entry declares an uncompressed size (or a compression ratio) beyond what
//! the caller allows.

use super::source::{Source, SourceCursor};
use std::io::Read;

use zip::ZipArchive;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;

/// What a zip container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// Office Open XML workbook (xlsx, xlsm, xltx, xltm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument spreadsheet whose parts are encrypted.
    OdsEncrypted,
    /// Some other zip (docx, a plain archive…).
    Other,
}

/// Deflate cannot compress better than about 1032:1; a declared ratio above
/// this (for an entry big enough to matter) is a lie or a bomb.
const MAX_RATIO: u64 = 1100;
/// Entries smaller than this are never rejected for their ratio.
const RATIO_MIN_BYTES: u64 = 1 << 20;

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// Opens the archive, checks every entry's declared size and tells the format.
///
/// # Errors
/// `damaged_file` when the zip directory cannot be read; `too_large`
/// (`max_decompressed_bytes`) for an entry declared too big or with an
/// impossible compression ratio.
pub fn inspect_zip(src: &dyn Source, limits: &Limits) -> Result<ZipKind> {
    let mut zip = ZipArchive::new(SourceCursor::new(src))
        .map_err(|e| Error::new(ErrorKind::DamagedFile).with_detail(format!("zip: {e}")))?;
    let too_big = |name: &str, why: &str| {
        Error::new(ErrorKind::TooLarge {
            limit: "max_decompressed_bytes",
            max: limits.max_decompressed_bytes,
        })
        .with_detail(format!("zip entry {name:?}: {why}"))
    };
    let mut names = Vec::with_capacity(zip.len());
    // Declared sizes of the parts a reader parses, together (media are never read).
    let mut parsed: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| Error::new(ErrorKind::DamagedFile).with_detail(format!("zip entry {i}: {e}")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = entry.size();
        let packed = entry.compressed_size();
        if size > limits.max_decompressed_bytes {
            return Err(too_big(&name, &format!("declares {size} bytes uncompressed")));
        }
        if size >= RATIO_MIN_BYTES && size / packed.max(1) > MAX_RATIO {
            return Err(too_big(&name, &format!("compression ratio {size}:{packed}")));
        }
        let lower = name.to_ascii_lowercase();
        if [".xml", ".rels", ".bin"].iter().any(|x| lower.ends_with(x)) {
            parsed = parsed.saturating_add(size);
            if parsed > limits.max_decompressed_bytes {
                return Err(too_big(
                    &name,
                    &format!("the parts declare {parsed} bytes uncompressed together"),
                ));
            }
        }
        names.push(name);
    }
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));

    let is_ods = read_small(&mut zip, "mimetype", 256)
        .is_some_and(|m| String::from_utf8_lossy(&m).trim().starts_with(ODS_MIME))
        || (has("content.xml") && has("META-INF/manifest.xml"));
    if is_ods {
        return Ok(if ods_is_encrypted(&mut zip, limits) {
            ZipKind::OdsEncrypted
        } else {
            ZipKind::Ods
        });
    }
    if has("xl/workbook.bin") {
        return Ok(ZipKind::Xlsb);
    }
    if has("xl/workbook.xml") {
        return Ok(ZipKind::Xlsx);
    }
    // A package whose workbook part lives elsewhere: ask [Content_Types].xml.
    if let Some(ct) = read_small(&mut zip, "[Content_Types].xml", 1 << 20) {
        let ct = String::from_utf8_lossy(&ct);
        if ct.contains("application/vnd.ms-excel.sheet.binary.macroEnabled.main") {
            return Ok(ZipKind::Xlsb);
        }
        if ct.contains("spreadsheetml.sheet.main+xml")
            || ct.contains("spreadsheetml.template.main+xml")
            || ct.contains("application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            || ct.contains("application/vnd.ms-excel.template.macroEnabled.main+xml")
        {
            return Ok(ZipKind::Xlsx);
        }
    }
    Ok(ZipKind::Other)
}

/// Reads a small entry whole, or `None` when it is missing, unreadable or
/// longer than `max`.
fn read_small(zip: &mut ZipArchive<SourceCursor<'_>>, name: &str, max: u64) -> Option<Vec<u8>> {
    let idx = zip.index_for_name(name)?;
    let entry = zip.by_index(idx).ok()?;
    if entry.size() > max {
        return None;
    }
    let mut out = Vec::new();
    entry.take(max + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= max).then_some(out)
}

/// True when META-INF/manifest.xml declares `manifest:encryption-data`.
fn ods_is_encrypted(zip: &mut ZipArchive<SourceCursor<'_>>, limits: &Limits) -> bool {
    let max = limits.max_decompressed_bytes.min(64 << 20);
    read_small(zip, "META-INF/manifest.xml", max).is_some_and(|m| super::sniff::find(&m, b"encryption-data").is_some())
}

//! Merged areas of xlsx worksheets without a second XML parse.
//!
//! calamine's `merge_cells_by_sheet_name` parses the whole worksheet XML
//! again (about 30% of the read time of a large sheet). The merge list sits
//! after `<sheetData>`, so [`SheetScanner`] only scans the part's bytes for the
//! `<mergeCells>` tag and parses the short tail after it; the inflate guard feeds
//! it as it inflates each worksheet part, and [`scan_sheet`] inflates a part the
//! guard did not scan. `None` whenever something is unexpected: the caller then
//! falls back to calamine.

use super::source::SourceCursor;
use std::collections::HashMap;
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::core::table::{Merge, parse_column_letter};

type Zip<'a> = ZipArchive<SourceCursor<'a>>;

/// Bytes of the part after `<mergeCells` we are willing to hold.
const MAX_TAIL: usize = 16 << 20;

fn read_part(zip: &mut Zip<'_>, name: &str, max: u64) -> Option<Vec<u8>> {
    let idx = zip.index_for_name(name)?;
    let entry = zip.by_index(idx).ok()?;
    let mut out = Vec::new();
    entry.take(max).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Resolves a relationship target against the folder `base` ("xl/", or ""
/// for a package with its workbook at the root).
fn resolve(target: &str, base: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Sheet name → zip path of its part, from workbook.xml and its rels.
pub fn sheet_paths(zip: &mut Zip<'_>) -> Option<HashMap<String, String>> {
    // The workbook part, from the package relationships.
    let workbook = read_part(zip, "_rels/.rels", 1 << 20)
        .and_then(|xml| {
            relationships(&xml, "")
                .into_iter()
                .find(|(_, (typ, _))| typ.ends_with("/officeDocument"))
                .map(|(_, (_, target))| target)
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let (base, file) = match workbook.rfind('/') {
        Some(i) => (workbook.get(..=i)?.to_string(), workbook.get(i + 1..)?.to_string()),
        None => (String::new(), workbook.clone()),
    };
    let rels_xml = read_part(zip, &format!("{base}_rels/{file}.rels"), 16 << 20)?;
    let rels: HashMap<String, String> = relationships(&rels_xml, &base)
        .into_iter()
        .map(|(id, (_, target))| (id, target))
        .collect();
    let mut buf = Vec::new();
    let wb_xml = read_part(zip, &workbook, 64 << 20)?;
    let mut out = HashMap::new();
    let mut r = Reader::from_reader(BufReader::new(&wb_xml[..]));
    loop {
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let mut name = None;
                let mut rid = None;
                for a in e.attributes().flatten() {
                    let key = a.key.as_ref();
                    if key == "name" {
                        name = Some(
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()?
                                .into_owned(),
                        );
                    } else if key.ends_with(":id") {
                        rid = Some(
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()?
                                .into_owned(),
                        );
                    }
                }
                if let (Some(name), Some(path)) = (name, rid.and_then(|id| rels.get(&id))) {
                    out.insert(name, path.clone());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// Relationship id → (type, resolved target) of a .rels part.
fn relationships(xml: &[u8], base: &str) -> Vec<(String, (String, String))> {
    let v = quick_xml::XmlVersion::Implicit1_0;
    let mut out = Vec::new();
    let mut r = Reader::from_reader(BufReader::new(xml));
    let mut buf = Vec::new();
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |k: &str| {
                    e.try_get_attribute(k)
                        .ok()
                        .flatten()
                        .and_then(|a| a.normalized_value(v).ok().map(|s| s.into_owned()))
                };
                if let (Some(id), Some(target)) = (get("Id"), get("Target")) {
                    out.push((id, (get("Type").unwrap_or_default(), resolve(&target, base))));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// True when `hay[at..]` starts a tag whose local name is `local`
/// (`<mergeCells`, `<x:mergeCells`), found by looking back from `at`.
fn tag_start_before(hay: &[u8], at: usize) -> bool {
    let mut i = at;
    while i > 0 {
        i -= 1;
        match hay.get(i) {
            Some(b'<') => return true,
            Some(c) if c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.') => {}
            _ => return false,
        }
    }
    false
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// "B2" → (row 1, col 1).
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    let col = parse_column_letter(letters)?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// What one pass over a worksheet part finds besides the cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetScan {
    pub merges: Vec<Merge>,
    /// (0-based row, outline level) of rows with `outlineLevel` above 0, ascending.
    pub outline: Vec<(u32, u8)>,
}

/// Bytes kept between chunks: a `<row …>` tag or a split tag name fits in it.
const OVERLAP: usize = 1024;

/// `outlineLevel="N"` inside `<row r="K" …>` tags of `window`, found from
/// `from` on; `None` past the last complete tag (to look at again with the next chunk).
fn scan_outline(window: &[u8], from: usize, out: &mut std::collections::BTreeMap<u32, u8>) -> usize {
    const ATTR: &[u8] = b"outlineLevel=";
    let mut at = from;
    while let Some(pos) = find(window, ATTR, at) {
        // The tag around it: `<` before (within one tag's length), `>` after.
        let start = window
            .get(pos.saturating_sub(OVERLAP)..pos)
            .and_then(|w| w.iter().rposition(|&c| c == b'<'))
            .map(|i| i + pos.saturating_sub(OVERLAP));
        let Some(end) = find(window, b">", pos) else { return pos };
        if let Some(tag) = start.and_then(|s| window.get(s + 1..end)) {
            let tag = String::from_utf8_lossy(tag);
            let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
            if name.rsplit(':').next() == Some("row") {
                let attr = |key: &str| {
                    tag.split_whitespace()
                        .find_map(|a| a.strip_prefix(key))
                        .and_then(|v| v.get(1..))
                        .and_then(|v| v.split(['"', '\'']).next())
                        .and_then(|v| v.parse::<u32>().ok())
                };
                if let (Some(r), Some(level)) = (attr("r="), attr("outlineLevel=")) {
                    let level = u8::try_from(level.min(7)).unwrap_or(7);
                    if level > 0 && r > 0 {
                        out.insert(r - 1, level);
                    }
                }
            }
        }
        at = end;
    }
    window.len().saturating_sub(OVERLAP).max(at.min(window.len()))
}

/// Merged areas and row outline levels of the worksheet part at `path`, in one pass.
pub fn scan_sheet(zip: &mut Zip<'_>, path: &str) -> Option<SheetScan> {
    let idx = zip.index_for_name(path)?;
    let mut entry = zip.by_index(idx).ok()?;
    let mut chunk = vec![0u8; 1 << 16];
    let mut scanner = SheetScanner::default();
    loop {
        let n = entry.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        scanner.feed(chunk.get(..n)?);
    }
    scanner.finish()
}

/// [`scan_sheet`] fed a part's bytes as they inflate, chunk by chunk (the inflate guard
/// inflates every part anyway: the sheet need not be inflated a third time for this).
#[derive(Debug, Default)]
pub struct SheetScanner {
    window: Vec<u8>,
    /// The bytes from `<mergeCells` on, once found.
    tail: Option<Vec<u8>>,
    outline: std::collections::BTreeMap<u32, u8>,
    /// Where the outline scan resumes in `window`.
    outline_from: usize,
    /// Something unexpected (a merge list too long to hold): the caller falls back.
    failed: bool,
}

impl SheetScanner {
    /// The part's next bytes.
    pub fn feed(&mut self, data: &[u8]) {
        const NEEDLE: &[u8] = b"mergeCells";
        if self.failed {
            return;
        }
        if let Some(t) = self.tail.as_mut() {
            t.extend_from_slice(data);
            self.failed = t.len() > MAX_TAIL;
            return;
        }
        let window = &mut self.window;
        window.extend_from_slice(data);
        let mut from = 0;
        let mut merge_at = None;
        while let Some(at) = find(window, NEEDLE, from) {
            if tag_start_before(window, at) {
                merge_at = Some(at);
                break;
            }
            from = at + 1;
        }
        // Rows come before the merge list: scan them up to it.
        let rows_end = merge_at.unwrap_or(window.len());
        self.outline_from = scan_outline(
            window.get(..rows_end).unwrap_or_default(),
            self.outline_from,
            &mut self.outline,
        );
        if let Some(at) = merge_at {
            self.tail = Some(window.get(at..).unwrap_or_default().to_vec());
        } else {
            // Keep enough to find a tag split across chunks.
            let keep = window.len().saturating_sub(OVERLAP);
            window.drain(..keep);
            self.outline_from = self.outline_from.saturating_sub(keep);
        }
    }

    /// What the part held; `None` when the scan could not tell.
    pub fn finish(self) -> Option<SheetScan> {
        if self.failed {
            return None;
        }
        let (outline, tail) = (self.outline, self.tail);
        let outline: Vec<(u32, u8)> = outline.into_iter().collect();
        let Some(tail) = tail else {
            return Some(SheetScan {
                merges: Vec::new(),
                outline,
            });
        };
        let tail = String::from_utf8_lossy(&tail);
        let mut merges = Vec::new();
        // Walk the tags after <mergeCells: each <mergeCell ref="A1:B2"/> until
        // the closing </mergeCells>.
        for tag in tail.split('<').skip(1) {
            let end = tag.find('>').unwrap_or(tag.len());
            let tag = tag.get(..end)?;
            let closing = tag.starts_with('/');
            let name = tag.trim_start_matches('/');
            let name = name.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
            let local = name.rsplit(':').next().unwrap_or(name);
            if closing && local == "mergeCells" {
                break;
            }
            if local != "mergeCell" {
                continue;
            }
            let r = tag.find("ref=")?;
            let rest = tag.get(r + 4..)?;
            let quote = rest.chars().next()?;
            let value = rest.get(1..)?.split(quote).next()?;
            let (a, b) = value.split_once(':').unwrap_or((value, value));
            let (r0, c0) = parse_cell(a)?;
            let (r1, c1) = parse_cell(b)?;
            merges.push(Merge {
                first_row: r0.min(r1),
                first_col: c0.min(c1),
                last_row: r0.max(r1),
                last_col: c0.max(c1),
            });
        }
        Some(SheetScan { merges, outline })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(bytes: &[u8]) -> SheetScan {
        let src: &[u8] = bytes;
        let mut zip = ZipArchive::new(SourceCursor::new(&src)).unwrap();
        let paths = sheet_paths(&mut zip).unwrap();
        scan_sheet(&mut zip, &paths["Sheet1"]).unwrap()
    }

    #[test]
    fn row_outline_levels_are_read_with_the_merges_across_chunks() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        // Enough text before the groups to cross several 64 KiB chunks.
        for r in 0..3000u32 {
            ws.write_string(r, 0, format!("row {r} with some padding text to fill the part"))
                .unwrap();
            ws.write_number(r, 1, r as f64).unwrap();
        }
        ws.write_string(3000, 0, "<row r=\"1\" outlineLevel=\"3\"> as text")
            .unwrap();
        ws.group_rows(2000, 2010).unwrap();
        ws.group_rows(2002, 2004).unwrap();
        ws.group_columns(3, 4).unwrap();
        ws.merge_range(3001, 0, 3003, 0, "Tall", &rust_xlsxwriter::Format::new())
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let s = scan(&bytes);
        let mut want: Vec<(u32, u8)> = (2000..=2010).map(|r| (r, 1)).collect();
        for r in 2002..=2004 {
            want[(r - 2000) as usize].1 = 2;
        }
        assert_eq!(s.outline, want);
        assert_eq!(
            s.merges,
            vec![Merge {
                first_row: 3001,
                first_col: 0,
                last_row: 3003,
                last_col: 0
            }]
        );
    }
}

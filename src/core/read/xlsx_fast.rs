//! xlsx worksheets read without calamine's cell reader.
//!
//! calamine's `worksheet_cells_reader` drives a general XML parser through four
//! or five events per cell: on the 1M-row bench sheet (273 MB of XML) that is
//! ~2.5 s natively, ten times the inflate. The worksheets Excel and every
//! library write are a narrow dialect — `<row r>`, `<c r s t>`, `<v>`, `<f>`,
//! `<is>` — so this reader scans the part's bytes for exactly that dialect and
//! produces exactly the cells calamine would: same positions (a cell's own `r`,
//! else the running row and column), same values (shared strings, the date
//! formats of `styles.xml` by calamine's rules, booleans, errors, ISO dates,
//! inline and formula strings).
//!
//! Anything outside the dialect — a comment or CDATA in the sheet data, an
//! entity in a number, an unknown cell type, a value calamine would coerce or
//! reject — makes [`read_sheets`] answer `None`, and the caller reads the whole
//! workbook with calamine instead: a rare file is read slower, never
//! differently. A test compares both readers on every xlsx the project has.
//!
//! The workbook part, its relationships, the shared strings and the styles are
//! read the way calamine's `Xlsx::new` reads them; a package it would refuse is
//! outside the dialect too, so calamine refuses it with its own error.

use super::source::{Source, SourceCursor};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use calamine::{Sheet, SheetType, SheetVisible};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::{ZipArchive, ZipReadOptions};

use super::inflate_guard::StreamGuard;
use super::progress::Tracker;
use super::sink::{Budget, SheetBuilder};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::table::{Cell, SheetTable};

type Zip<'a> = ZipArchive<SourceCursor<'a>>;

/// The workbook is outside the dialect: read it with calamine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

type Fast<T> = std::result::Result<T, Unsupported>;

// ---------------------------------------------------------------- package

/// calamine's lookup of a part: case-insensitive, else the path itself.
struct Parts {
    lower: HashMap<String, String>,
}

impl Parts {
    fn new(zip: &Zip<'_>) -> Self {
        let lower = zip
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
            .collect();
        Parts { lower }
    }

    fn name<'a>(&'a self, path: &'a str) -> &'a str {
        self.lower.get(&path.to_ascii_lowercase()).map_or(path, String::as_str)
    }

    /// A small part's bytes (workbook, relationships, styles, shared strings).
    fn read(&self, zip: &mut Zip<'_>, path: &str) -> Fast<Option<Vec<u8>>> {
        let Ok(entry) = zip.by_name(self.name(path)) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 26));
        entry.take(1 << 31).read_to_end(&mut out).map_err(|_| Unsupported)?;
        Ok(Some(out))
    }
}

fn xml(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

fn attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Fast<Option<std::borrow::Cow<'a, str>>> {
    let mut found = None;
    for a in e.attributes() {
        let a = a.map_err(|_| Unsupported)?;
        if a.key.as_ref() == key {
            if found.is_some() {
                return Err(Unsupported);
            }
            found = Some(a.value);
        }
    }
    Ok(found)
}

fn attr_text(e: &BytesStart<'_>, key: &str) -> Fast<Option<String>> {
    Ok(attr(e, key)?.map(std::borrow::Cow::into_owned))
}

/// The decoded value of an attribute (`&quot;` in a number format's code).
fn attr_decoded(e: &BytesStart<'_>, key: &str) -> Fast<Option<String>> {
    attr_text(e, key)?
        .map(|v| {
            quick_xml::escape::unescape(&v)
                .map(|s| s.into_owned())
                .map_err(|_| Unsupported)
        })
        .transpose()
}

/// Where the workbook part lives ("xl/"), as calamine finds it from `_rels/.rels`.
fn workbook_folder(parts: &Parts, zip: &mut Zip<'_>) -> Fast<(String, String)> {
    let rels = parts.read(zip, "_rels/.rels")?.ok_or(Unsupported)?;
    let mut r = xml(&rels);
    let mut target = None;
    loop {
        match r.read_event().map_err(|_| Unsupported)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let typ = attr_text(&e, "Type")?;
                if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                    target = attr_decoded(&e, "Target")?.or(target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let target = target.ok_or(Unsupported)?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() { "workbook.xml" } else { name };
    Ok((dir, name.to_string()))
}

/// The workbook's sheets as calamine lists them, each with its part (a relative
/// target under the workbook's folder, an absolute one as is), and whether
/// dates count from 1904.
fn sheet_parts(parts: &Parts, zip: &mut Zip<'_>, folder: &str, workbook: &str) -> Fast<(Vec<(Sheet, String)>, bool)> {
    let rels = parts
        .read(zip, &format!("{folder}_rels/{workbook}.rels"))?
        .ok_or(Unsupported)?;
    let mut targets: HashMap<String, (String, String)> = HashMap::new();
    let mut r = xml(&rels);
    loop {
        match r.read_event().map_err(|_| Unsupported)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if let Some(id) = attr_text(&e, "Id")? {
                    let target = attr_text(&e, "Target")?.unwrap_or_default();
                    targets.insert(id, (target, attr_text(&e, "Type")?.unwrap_or_default()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let wb = parts.read(zip, &format!("{folder}{workbook}"))?.ok_or(Unsupported)?;
    let mut r = xml(&wb);
    let mut out = Vec::new();
    let mut epoch_1904 = false;
    loop {
        match r.read_event().map_err(|_| Unsupported)? {
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr_decoded(&e, "name")?.unwrap_or_default();
                let visible = match attr_text(&e, "state")?.as_deref() {
                    None | Some("visible") => SheetVisible::Visible,
                    Some("hidden") => SheetVisible::Hidden,
                    Some("veryHidden") => SheetVisible::VeryHidden,
                    Some(_) => return Err(Unsupported),
                };
                let mut id = None;
                for a in e.attributes() {
                    let a = a.map_err(|_| Unsupported)?;
                    let key = a.key.as_ref();
                    if key == "id" || key.ends_with(":id") {
                        id = Some(a.value.into_owned());
                    }
                }
                let (target, typ) = targets.get(&id.ok_or(Unsupported)?).ok_or(Unsupported)?;
                let typ = match typ.rsplit('/').next() {
                    Some("worksheet") => SheetType::WorkSheet,
                    Some("chartsheet") => SheetType::ChartSheet,
                    Some("dialogsheet") => SheetType::DialogSheet,
                    _ => return Err(Unsupported),
                };
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{folder}{target}"),
                };
                out.push((Sheet { name, typ, visible }, path));
            }
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(v) = attr_text(&e, "date1904")? {
                    epoch_1904 = v == "1" || v == "true";
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, epoch_1904))
}

// ---------------------------------------------------------------- styles

/// True for a custom number format calamine reads as a date or time of day
/// (a duration such as `[h]:mm` is not one: its cells stay numbers).
fn is_date_format(format: &str) -> bool {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ampm = false;
    for c in format.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            quoted = c != '"';
        } else if c == '"' {
            quoted = true;
        } else if c == ';' {
            return false;
        } else if c == '[' {
            brackets = brackets.saturating_add(1);
        } else if c == ']' && brackets == 1 && hms {
            return false;
        } else if c == ']' {
            brackets = brackets.saturating_sub(1);
        } else if brackets == 0 && !ampm && matches!(c, 'a' | 'A') {
            ampm = true;
        } else if brackets == 0
            && (if ampm {
                matches!(c, 'p' | 'm' | '/' | 'P' | 'M')
            } else {
                matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'h' | 'y' | 's')
            })
        {
            return true;
        } else if !(hms && c.eq_ignore_ascii_case(&prev)) {
            hms = prev == '[' && matches!(c.to_ascii_lowercase(), 'm' | 'h' | 's');
        }
        prev = c;
    }
    false
}

/// The built-in number formats calamine reads as dates or times of day.
fn is_date_builtin(id: &str) -> bool {
    matches!(
        id,
        "14" | "15"
            | "16"
            | "17"
            | "18"
            | "19"
            | "20"
            | "21"
            | "22"
            | "45"
            | "47"
            | "27"
            | "28"
            | "29"
            | "30"
            | "31"
            | "32"
            | "33"
            | "34"
            | "35"
            | "36"
            | "50"
            | "51"
            | "52"
            | "53"
            | "54"
            | "55"
            | "56"
            | "57"
            | "58"
    )
}

/// For each cell format (`cellXfs`), whether its cells are dates.
fn date_styles(bytes: &[u8]) -> Fast<Vec<bool>> {
    let mut r = xml(bytes);
    let mut formats: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    loop {
        match r.read_event().map_err(|_| Unsupported)? {
            Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                match r.read_event().map_err(|_| Unsupported)? {
                    Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                        if let (Some(id), Some(code)) = (attr_text(&e, "numFmtId")?, attr_decoded(&e, "formatCode")?) {
                            formats.insert(id, code);
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                    Event::Eof => return Err(Unsupported),
                    _ => {}
                }
            },
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                match r.read_event().map_err(|_| Unsupported)? {
                    Event::Start(e) if e.local_name().as_ref() == "xf" => {
                        out.push(attr_text(&e, "numFmtId")?.is_some_and(|id| match formats.get(&id) {
                            Some(code) => is_date_format(code),
                            None => is_date_builtin(&id),
                        }));
                    }
                    Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                    Event::Eof => return Err(Unsupported),
                    _ => {}
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- strings

/// calamine's `_xHHHH_` escapes (Excel's way to store a control character).
fn unescape_excel(s: String) -> String {
    fn unit(b: &[u8], at: usize) -> Option<u16> {
        let e = b.get(at..at + 7)?;
        if e.first() != Some(&b'_') || e.get(1) != Some(&b'x') || e.get(6) != Some(&b'_') {
            return None;
        }
        let hex = e.get(2..6)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }
    let b = s.as_bytes();
    if !b.windows(2).any(|w| w == b"_x") {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let Some(u) = unit(b, i) else {
            i += 1;
            continue;
        };
        out.push_str(s.get(copied..i).unwrap_or_default());
        i += 7;
        match u {
            0xD800..=0xDBFF => match unit(b, i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = i;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

/// The text of an `<si>` or `<is>` whose start tag `r` just read: plain or rich
/// runs joined, phonetic runs left out, each `<t>` trimmed of XML whitespace
/// unless it preserves space — calamine's reading.
fn rich_text(r: &mut Reader<&[u8]>, closing: &str) -> Fast<String> {
    let mut out: Option<String> = None;
    let mut phonetic = false;
    loop {
        match r.read_event().map_err(|_| Unsupported)? {
            Event::Start(e) if e.local_name().as_ref() == "r" && out.is_none() => out = Some(String::new()),
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Ok(out.unwrap_or_default()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = attr(&e, "xml:space")?.is_some_and(|v| v.as_ref() == "preserve");
                let name = e.name().as_ref().to_string();
                let mut value = String::new();
                loop {
                    match r.read_event().map_err(|_| Unsupported)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(g) => entity(&g, &mut value)?,
                        Event::End(end) if end.name().as_ref() == name.as_str() => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                }
                let value = if preserve {
                    value
                } else {
                    value.trim_matches([' ', '\t', '\r', '\n']).to_string()
                };
                let value = unescape_excel(value);
                match out.as_mut() {
                    Some(s) => s.push_str(&value),
                    None => out = Some(value),
                }
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

fn entity(g: &quick_xml::events::BytesRef<'_>, out: &mut String) -> Fast<()> {
    let name = g.as_ref();
    let named = match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    };
    if let Some(s) = named {
        out.push_str(s);
        return Ok(());
    }
    match g.resolve_char_ref() {
        Ok(Some(c)) => {
            out.push(c);
            Ok(())
        }
        _ => Err(Unsupported),
    }
}

/// The shared-string table: every text in one buffer, its cell made on first use.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<u32>,
    /// Per string: 0 before its first use, else 1 + its index in `cells`.
    slot: Vec<u32>,
    cells: Vec<Option<Cell>>,
}

impl Strings {
    fn parse(bytes: &[u8]) -> Fast<Strings> {
        let mut s = Strings::default();
        let mut r = xml(bytes);
        loop {
            match r.read_event().map_err(|_| Unsupported)? {
                Event::Start(e) if e.local_name().as_ref() == "sst" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        loop {
            match r.read_event().map_err(|_| Unsupported)? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    let name = e.name().as_ref().to_string();
                    let t = rich_text(&mut r, &name)?;
                    s.text.push_str(&t);
                    s.ends.push(u32::try_from(s.text.len()).map_err(|_| Unsupported)?);
                }
                Event::End(e) if e.local_name().as_ref() == "sst" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        s.text.shrink_to_fit();
        s.ends.shrink_to_fit();
        s.slot = vec![0; s.ends.len()];
        Ok(s)
    }

    fn cell(&mut self, budget: &mut Budget<'_>, index: u32) -> Fast<Option<Cell>> {
        let i = usize::try_from(index).map_err(|_| Unsupported)?;
        let slot = self.slot.get_mut(i).ok_or(Unsupported)?;
        if *slot > 0 {
            return Ok(self.cells.get(*slot as usize - 1).cloned().flatten());
        }
        let end = *self.ends.get(i).ok_or(Unsupported)?;
        let start = if i == 0 {
            0
        } else {
            *self.ends.get(i - 1).ok_or(Unsupported)?
        };
        let s = self.text.get(start as usize..end as usize).ok_or(Unsupported)?;
        let c = text_cell(budget, s);
        self.cells.push(c.clone());
        *slot = u32::try_from(self.cells.len()).map_err(|_| Unsupported)?;
        Ok(c)
    }
}

fn text_cell(budget: &mut Budget<'_>, s: &str) -> Option<Cell> {
    super::sink::text_cell(&mut budget.texts, s)
}

// ---------------------------------------------------------------- sheet data

/// Bytes read from the part at a time.
const CHUNK: usize = 1 << 20;

/// The part's bytes as they inflate, with the unread rest at `pos`.
struct Feed<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Feed<R> {
    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// More bytes after the rest; `Unsupported` at the end of the part (an unfinished tag).
    fn more(&mut self) -> Fast<()> {
        if self.eof {
            return Err(Unsupported);
        }
        self.buf.drain(..self.pos.min(self.buf.len()));
        self.pos = 0;
        let have = self.buf.len();
        self.buf.resize(have + CHUNK, 0);
        let mut filled = have;
        while filled < self.buf.len() {
            match self.src.read(self.buf.get_mut(filled..).unwrap_or_default()) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(_) => return Err(Unsupported),
            }
        }
        self.buf.truncate(filled);
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Empty,
}

struct Tag<'a> {
    kind: Kind,
    local: &'a [u8],
    attrs: &'a [u8],
}

/// One step of the scanner: done with `len` bytes, or more bytes needed.
enum Step<T> {
    Done(T, usize),
    More,
}

fn local(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

/// The tag at the start of `s` (which starts with `<`). Comments, CDATA,
/// processing instructions and declarations are outside the dialect.
fn tag(s: &[u8]) -> Fast<Step<Tag<'_>>> {
    let Some(end) = memchr::memchr(b'>', s) else {
        return Ok(Step::More);
    };
    let inner = s.get(1..end).ok_or(Unsupported)?;
    let (kind, inner) = match inner.first() {
        Some(b'/') => (Kind::Close, inner.get(1..).unwrap_or_default()),
        Some(b'!' | b'?') | None => return Err(Unsupported),
        _ => match inner.strip_suffix(b"/") {
            Some(i) => (Kind::Empty, i),
            None => (Kind::Open, inner),
        },
    };
    let name_end = inner
        .iter()
        .position(|c| c.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let (name, attrs) = inner.split_at(name_end);
    if name.is_empty() || (kind == Kind::Close && attrs.iter().any(|c| !c.is_ascii_whitespace())) {
        return Err(Unsupported);
    }
    Ok(Step::Done(
        Tag {
            kind,
            local: local(name),
            attrs,
        },
        end + 1,
    ))
}

/// The values of `keys` among `attrs`; a malformed list, an entity or a
/// repeated key is outside the dialect (a `>` inside a value shows as an
/// unclosed quote).
fn attrs<'a, const N: usize>(mut s: &'a [u8], keys: [&[u8]; N]) -> Fast<[Option<&'a [u8]>; N]> {
    let mut out = [None; N];
    loop {
        let start = s.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(s.len());
        s = s.get(start..).unwrap_or_default();
        if s.is_empty() {
            return Ok(out);
        }
        let eq = memchr::memchr(b'=', s).ok_or(Unsupported)?;
        let key = s.get(..eq).ok_or(Unsupported)?.trim_ascii_end();
        let rest = s.get(eq + 1..).ok_or(Unsupported)?.trim_ascii_start();
        let quote = *rest.first().ok_or(Unsupported)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Unsupported);
        }
        let body = rest.get(1..).unwrap_or_default();
        let close = memchr::memchr(quote, body).ok_or(Unsupported)?;
        let value = body.get(..close).ok_or(Unsupported)?;
        if memchr::memchr2(b'&', b'<', value).is_some() {
            return Err(Unsupported);
        }
        for (k, slot) in keys.iter().zip(out.iter_mut()) {
            if key == *k {
                if slot.is_some() {
                    return Err(Unsupported);
                }
                *slot = Some(value);
            }
        }
        s = body.get(close + 1..).unwrap_or_default();
        if s.first().is_some_and(|c| !c.is_ascii_whitespace()) {
            return Err(Unsupported);
        }
    }
}

fn digits(s: &[u8]) -> Fast<u32> {
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        return Err(Unsupported);
    }
    s.iter()
        .try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(u32::from(d - b'0')))
        .ok_or(Unsupported)
}

/// A reference calamine's parser overflows on: a column of seven letters or more (26⁷ > 2³²), a
/// row of ten digits or more. With overflow checks that is a panic; in release builds and wasm
/// it wraps, to a cell somewhere else. A file with one is refused, not handed over.
fn impossible_ref(s: &[u8]) -> bool {
    let letters = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = digit_run(s, letters);
    letters > 6 || digits > 9
}

/// The raw value of the attribute `key` (`r`, `ref`), however malformed the rest of the tag: up
/// to its closing quote, or to the tag's end when the quote never closes.
fn loose_attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(attrs.get(from..)?, key) {
        let at = from + p;
        let starts_word = at == 0 || attrs.get(at - 1).is_some_and(u8::is_ascii_whitespace);
        let rest = attrs.get(at + key.len()..)?;
        if starts_word && rest.first() == Some(&b'=') {
            let body = rest.get(1..)?;
            let quote = *body.first()?;
            let body = body.get(1..)?;
            let end = memchr::memchr(quote, body).unwrap_or(body.len());
            return body.get(..end);
        }
        from = at + 1;
    }
    None
}

/// The (row, column) calamine's parser makes of a reference, 1-based; `None` where it gives an
/// error instead (no row, a byte outside `[A-Za-z0-9]`). Called only on references
/// `impossible_ref` let through, so the sums cannot overflow.
fn loose_cell(s: &[u8]) -> Option<(u32, u32)> {
    let letters = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (col, row) = s.split_at_checked(letters)?;
    if row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = col
        .iter()
        .fold(0u32, |n, c| n * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1);
    let row = row.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((row, col))
}

/// A range whose end comes before its start (`B5:A1`): calamine's parser subtracts the start
/// from the end, which overflows with overflow checks and wraps in release builds.
fn reversed_range(value: &[u8]) -> bool {
    let mut parts = value.split(|c| *c == b':');
    let (Some(start), Some(end), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!((loose_cell(start), loose_cell(end)), (Some(a), Some(b)) if b.0 < a.0 || b.1 < a.1)
}

/// True when the attribute `key` holds a reference calamine's parser overflows on: a cell out of
/// any sheet, or a range that runs backwards.
fn impossible_attr(attrs: &[u8], key: &[u8]) -> Option<Error> {
    let value = loose_attr(attrs, key)?;
    if value.split(|c| *c == b':').any(impossible_ref) {
        return Some(impossible(value));
    }
    reversed_range(value)
        .then(|| Error::new(ErrorKind::DamagedFile).with_detail(format!("range {:?} runs backwards", shown(value))))
}

/// Before calamine reads a workbook the fast reader handed over: a worksheet part with an `r` or
/// `ref` attribute anywhere (a cell, a row, the dimension, a merged area) holding a reference
/// calamine's parser overflows on makes the file `damaged_file`. The parts are inflated in
/// chunks; the inflate guard has bounded them already.
///
/// # Errors
/// `damaged_file`, naming the reference.
pub fn refuse_impossible_refs(src: &dyn Source) -> Result<()> {
    let Ok(mut zip) = ZipArchive::new(SourceCursor::new(src)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else { continue };
        let name = entry.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if !(name.contains("worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        // The last bytes of a chunk are looked at again with the next one, and the bytes before
        // them stay as the context of an `=` found there (its key and the space before it).
        const KEEP: usize = 64;
        const CONTEXT: usize = 16;
        let mut window: Vec<u8> = Vec::with_capacity(CHUNK + KEEP + CONTEXT);
        let mut chunk = vec![0u8; CHUNK];
        // Bytes at the window's start already scanned for `=`.
        let mut scanned = 0;
        loop {
            let n = match entry.read(&mut chunk) {
                Ok(0) | Err(_) => 0,
                Ok(n) => n,
            };
            window.extend_from_slice(chunk.get(..n).unwrap_or_default());
            let last = n == 0;
            let scan_to = if last {
                window.len()
            } else {
                window.len().saturating_sub(KEEP)
            };
            let fresh = window.get(scanned..scan_to).unwrap_or_default();
            for at in memchr::memchr_iter(b'=', fresh).map(|p| p + scanned) {
                let key_start = window
                    .get(..at)
                    .unwrap_or_default()
                    .iter()
                    .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b':'))
                    .map_or(0, |p| p + 1);
                let key = window.get(key_start..at).unwrap_or_default();
                if key != b"r" && key != b"ref" {
                    continue;
                }
                if let Some(e) = impossible_attr(window.get(key_start.saturating_sub(1)..).unwrap_or_default(), key)
                    .filter(|_| key_start > 0)
                {
                    return Err(e);
                }
            }
            if last {
                break;
            }
            let keep_from = scan_to.saturating_sub(CONTEXT);
            window.drain(..keep_from);
            scanned = scan_to - keep_from;
        }
    }
    Ok(())
}

fn impossible(r: &[u8]) -> Error {
    Error::new(ErrorKind::DamagedFile).with_detail(format!("cell reference {:?} is outside any worksheet", shown(r)))
}

fn shown(r: &[u8]) -> String {
    String::from_utf8_lossy(r).chars().take(40).collect()
}

/// "B7" → (row 6, col 1).
fn cell_ref(s: &[u8]) -> Fast<(u32, u32)> {
    let split = s.iter().position(u8::is_ascii_digit).ok_or(Unsupported)?;
    let (letters, number) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.iter().all(u8::is_ascii_alphabetic) {
        return Err(Unsupported);
    }
    let col = letters
        .iter()
        .fold(0u32, |n, c| n * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1);
    let row = digits(number)?.checked_sub(1).ok_or(Unsupported)?;
    Ok((row, col - 1))
}

/// How many ASCII digits `s` holds from `from` on.
fn digit_run(s: &[u8], from: usize) -> usize {
    s.get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// A number as written by a spreadsheet (`-12.5`, `4.5E-3`); calamine's looser forms
/// (`.5`, `inf`, spaces) are outside the dialect.
fn number(s: &[u8]) -> Fast<f64> {
    let mut i = usize::from(s.first() == Some(&b'-'));
    let int = digit_run(s, i);
    if int == 0 {
        return Err(Unsupported);
    }
    i += int;
    if s.get(i) == Some(&b'.') {
        let frac = digit_run(s, i + 1);
        if frac == 0 {
            return Err(Unsupported);
        }
        i += 1 + frac;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digit_run(s, i);
        if exp == 0 {
            return Err(Unsupported);
        }
        i += exp;
    }
    if i != s.len() {
        return Err(Unsupported);
    }
    std::str::from_utf8(s)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(Unsupported)
}

/// Text with entities decoded and line ends normalised, as calamine reads
/// a formula string or an ISO date.
fn decoded(s: &[u8]) -> Fast<String> {
    let s = std::str::from_utf8(s).map_err(|_| Unsupported)?;
    // Line ends first: a `&#13;` stays a carriage return.
    let s = if s.contains('\r') {
        std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    Ok(quick_xml::escape::unescape(&s).map_err(|_| Unsupported)?.into_owned())
}

struct Context<'w> {
    strings: &'w mut Strings,
    dates: &'w [bool],
}

/// A cell's own position (`None` without `r`) and value.
type Placed = (Option<(u32, u32)>, Value);

/// What one `<c>` held.
enum Value {
    Empty,
    Shared(u32),
    Cell(Cell),
    Text(String),
}

/// A `<v>`'s text as calamine reads it for a cell of type `t` and style `s`.
fn value(ctx: &Context<'_>, v: &[u8], s: Option<&[u8]>, t: Option<&[u8]>) -> Fast<Value> {
    Ok(match t {
        Some(b"s") => {
            if v.is_empty() {
                Value::Empty
            } else {
                Value::Shared(digits(v)?)
            }
        }
        Some(b"n") | None => {
            if v.is_empty() {
                return Ok(Value::Empty);
            }
            let n = number(v)?;
            let date = match s {
                None => false,
                Some(s) => ctx
                    .dates
                    .get(usize::try_from(digits(s)?).map_err(|_| Unsupported)?)
                    .copied()
                    .unwrap_or(false),
            };
            Value::Cell(if date { Cell::date_time(n) } else { Cell::number(n) })
        }
        Some(b"b") => match v.trim_ascii() {
            b"" => Value::Empty,
            b"0" => Value::Cell(Cell::Bool(false)),
            b"1" => Value::Cell(Cell::Bool(true)),
            _ => return Err(Unsupported),
        },
        Some(b"e") => {
            const ERRORS: [&str; 7] = ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"];
            let e = ERRORS.iter().find(|e| e.as_bytes() == v).ok_or(Unsupported)?;
            Value::Cell(Cell::Error(Arc::from(*e)))
        }
        Some(b"str") => Value::Text(unescape_excel(decoded(v)?)),
        Some(b"d") => Value::Cell(Cell::DateIso(decoded(v)?.into())),
        _ => return Err(Unsupported),
    })
}

/// The `<c>` element at the start of `s`, up to its `</c>`: its position
/// (`None` without `r`) and value, and its length.
fn cell<'a>(ctx: &Context<'_>, s: &'a [u8], open: &Tag<'a>, open_len: usize) -> Fast<Step<Placed>> {
    let [r, st, t] = attrs(open.attrs, [b"r", b"s", b"t"])?;
    let pos = r.map(cell_ref).transpose()?;
    if open.kind == Kind::Empty {
        return Ok(Step::Done((pos, Value::Empty), open_len));
    }
    let inline = matches!(t, Some(b"inlineStr" | b"is"));
    // calamine takes a plain type's text as one raw event: an entity would cut it.
    let plain = matches!(t, None | Some(b"n" | b"s" | b"b" | b"e"));
    let v_value = |text: &[u8]| -> Fast<Value> {
        if inline || (plain && text.is_empty()) {
            Ok(Value::Empty)
        } else if plain && memchr::memchr(b'&', text).is_some() {
            Err(Unsupported)
        } else {
            value(ctx, text, st, t)
        }
    };
    let mut at = open_len;
    let mut value_of = Value::Empty;
    loop {
        let rest = s.get(at..).unwrap_or_default();
        let Some(lt) = memchr::memchr(b'<', rest) else {
            return Ok(Step::More);
        };
        at += lt;
        let Step::Done(child, len) = tag(s.get(at..).unwrap_or_default())? else {
            return Ok(Step::More);
        };
        match (child.kind, child.local) {
            (Kind::Close, b"c") => return Ok(Step::Done((pos, value_of), at + len)),
            (Kind::Empty, b"v") => {
                value_of = v_value(b"")?;
                at += len;
            }
            (Kind::Empty, b"f") => {
                value_of = Value::Empty;
                at += len;
            }
            (Kind::Empty, b"is") => {
                value_of = Value::Text(String::new());
                at += len;
            }
            (Kind::Open, b"v") => {
                let body = s.get(at + len..).unwrap_or_default();
                let Some(end) = memchr::memchr(b'<', body) else {
                    return Ok(Step::More);
                };
                let text = body.get(..end).unwrap_or_default();
                let Step::Done(close, close_len) = tag(body.get(end..).unwrap_or_default())? else {
                    return Ok(Step::More);
                };
                if close.kind != Kind::Close || close.local != b"v" {
                    return Err(Unsupported);
                }
                value_of = v_value(text)?;
                at += len + end + close_len;
            }
            (Kind::Open, b"f") => {
                let body = s.get(at + len..).unwrap_or_default();
                let Some(end) = memchr::memchr(b'<', body) else {
                    return Ok(Step::More);
                };
                let Step::Done(close, close_len) = tag(body.get(end..).unwrap_or_default())? else {
                    return Ok(Step::More);
                };
                if close.kind != Kind::Close || close.local != b"f" {
                    return Err(Unsupported);
                }
                value_of = Value::Empty;
                at += len + end + close_len;
            }
            (Kind::Open, b"is") => {
                // The inline string up to its `</is>`, read as calamine reads it.
                let body_start = at + len;
                let mut k = body_start;
                let end = loop {
                    let rest = s.get(k..).unwrap_or_default();
                    let Some(lt) = memchr::memchr(b'<', rest) else {
                        return Ok(Step::More);
                    };
                    k += lt;
                    let Step::Done(inner, inner_len) = tag(s.get(k..).unwrap_or_default())? else {
                        return Ok(Step::More);
                    };
                    k += inner_len;
                    if inner.kind == Kind::Close && inner.local == b"is" {
                        break k;
                    }
                };
                let whole = s.get(at..end).unwrap_or_default();
                let mut r = xml(whole);
                let name = loop {
                    match r.read_event().map_err(|_| Unsupported)? {
                        Event::Start(e) => break e.name().as_ref().to_string(),
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                };
                value_of = Value::Text(rich_text(&mut r, &name)?);
                at = end;
            }
            _ => return Err(Unsupported),
        }
    }
}

/// The end row declared by `<dimension ref>`, and the length up to the
/// `<sheetData>` tag's end (`None` for `<sheetData/>`: no cells).
fn prologue(s: &[u8]) -> Fast<Step<(u32, Option<usize>)>> {
    let mut at = 0;
    let mut last_row = 0;
    loop {
        let rest = s.get(at..).unwrap_or_default();
        let Some(lt) = memchr::memchr(b'<', rest) else {
            return Ok(Step::More);
        };
        at += lt;
        let rest = s.get(at..).unwrap_or_default();
        if rest.starts_with(b"<?") {
            let Some(end) = memchr::memmem::find(rest, b"?>") else {
                return Ok(Step::More);
            };
            at += end + 2;
            continue;
        }
        if rest.starts_with(b"<!--") {
            let Some(end) = memchr::memmem::find(rest, b"-->") else {
                return Ok(Step::More);
            };
            at += end + 3;
            continue;
        }
        let Step::Done(t, len) = tag(rest)? else {
            return Ok(Step::More);
        };
        at += len;
        match (t.kind, t.local) {
            // A declared size only feeds the progress bar: one that cannot be is no size.
            (Kind::Open | Kind::Empty, b"dimension") if impossible_attr(t.attrs, b"ref").is_none() => {
                let [r] = attrs(t.attrs, [b"ref"])?;
                let r = r.ok_or(Unsupported)?;
                let last = r.rsplit(|c| *c == b':').next().unwrap_or(r);
                last_row = cell_ref(last)?.0;
            }
            (Kind::Open, b"sheetData") => return Ok(Step::Done((last_row, Some(at)), at)),
            (Kind::Empty, b"sheetData") => return Ok(Step::Done((last_row, None), at)),
            _ => {}
        }
    }
}

/// Streams one worksheet part's cells into `builder`.
fn sheet(
    src: impl Read,
    ctx: &mut Context<'_>,
    builder: &mut SheetBuilder,
    budget: &mut Budget<'_>,
    tracker: &mut Tracker<'_>,
    index: usize,
) -> Result<Fast<()>> {
    let mut feed = Feed {
        src,
        buf: Vec::new(),
        pos: 0,
        eof: false,
    };
    let has_data = loop {
        match prologue(feed.rest()) {
            Err(u) => return Ok(Err(u)),
            Ok(Step::More) => {
                if feed.more().is_err() {
                    return Ok(Err(Unsupported));
                }
            }
            Ok(Step::Done((last_row, data), len)) => {
                feed.pos += len;
                tracker.sheet(index, Some(last_row));
                break data.is_some();
            }
        }
    };
    if !has_data {
        return Ok(Ok(()));
    }
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        let rest = feed.rest();
        let Some(lt) = memchr::memchr(b'<', rest) else {
            if feed.more().is_err() {
                return Ok(Err(Unsupported));
            }
            continue;
        };
        let s = rest.get(lt..).unwrap_or_default();
        let step = match tag(s) {
            Err(u) => return Ok(Err(u)),
            Ok(Step::More) => None,
            Ok(Step::Done(t, len)) => match (t.kind, t.local) {
                (Kind::Open | Kind::Empty, b"c") => match cell(ctx, s, &t, len) {
                    Err(u) => {
                        return match impossible_attr(t.attrs, b"r") {
                            Some(e) => Err(e),
                            None => Ok(Err(u)),
                        };
                    }
                    Ok(Step::More) => None,
                    Ok(Step::Done((pos, v), len)) => {
                        let (r, c) = match pos {
                            Some((r, c)) => {
                                col = c;
                                (r, c)
                            }
                            None => (row, col),
                        };
                        col = col.saturating_add(1);
                        let cell = match v {
                            Value::Empty => None,
                            Value::Cell(c) => Some(c),
                            Value::Text(s) => text_cell(budget, &s),
                            Value::Shared(i) => match ctx.strings.cell(budget, i) {
                                Ok(c) => c,
                                Err(u) => return Ok(Err(u)),
                            },
                        };
                        if let Some(cell) = cell {
                            tracker.row(r);
                            builder.push(budget, r, c, cell)?;
                        }
                        Some(lt + len)
                    }
                },
                (Kind::Open | Kind::Empty, b"row") => {
                    if let Some(e) = impossible_attr(t.attrs, b"r") {
                        return Err(e);
                    }
                    let [r] = match attrs(t.attrs, [b"r"]) {
                        Ok(a) => a,
                        Err(u) => return Ok(Err(u)),
                    };
                    if let Some(r) = r {
                        match digits(r).map(|n| n.checked_sub(1)) {
                            Ok(Some(n)) => row = n,
                            _ => return Ok(Err(Unsupported)),
                        }
                    }
                    if t.kind == Kind::Empty {
                        row = row.saturating_add(1);
                        col = 0;
                    }
                    Some(lt + len)
                }
                (Kind::Close, b"row") => {
                    row = row.saturating_add(1);
                    col = 0;
                    Some(lt + len)
                }
                (Kind::Close, b"sheetData") => return Ok(Ok(())),
                _ => return Ok(Err(Unsupported)),
            },
        };
        match step {
            Some(len) => feed.pos += len,
            None => {
                if feed.more().is_err() {
                    return Ok(Err(Unsupported));
                }
            }
        }
    }
}

/// A workbook the fast reader read.
#[derive(Debug)]
pub struct Book {
    /// The sheets as calamine lists them (`sheets_metadata`).
    pub metas: Vec<Sheet>,
    pub epoch_1904: bool,
    pub sheets: Vec<SheetTable>,
}

/// The sheets of an xlsx, or `Ok(Err(Unsupported))` when the workbook is outside
/// the dialect. Errors are the budget's (`too_large`), the same calamine's cells
/// would meet.
pub fn read(
    src: &dyn Source,
    new_table: &dyn Fn(&Sheet) -> SheetTable,
    budget: &mut Budget<'_>,
    tracker: &mut Tracker<'_>,
    guard: &mut StreamGuard,
) -> Result<Fast<Book>> {
    let Ok(mut zip) = ZipArchive::new(SourceCursor::new(src)) else {
        return Ok(Err(Unsupported));
    };
    let parts = Parts::new(&zip);
    let prepared = (|| -> Fast<_> {
        let (folder, workbook) = workbook_folder(&parts, &mut zip)?;
        let (sheets, epoch_1904) = sheet_parts(&parts, &mut zip, &folder, &workbook)?;
        let strings = match parts.read(&mut zip, &format!("{folder}sharedStrings.xml"))? {
            Some(b) => Strings::parse(&b)?,
            None => Strings::default(),
        };
        let dates = match parts.read(&mut zip, &format!("{folder}styles.xml"))? {
            Some(b) => date_styles(&b)?,
            None => Vec::new(),
        };
        Ok((sheets, epoch_1904, strings, dates))
    })();
    let Ok((listed, epoch_1904, mut strings, dates)) = prepared else {
        return Ok(Err(Unsupported));
    };
    let mut ctx = Context {
        strings: &mut strings,
        dates: &dates,
    };
    let mut sheets = Vec::with_capacity(listed.len());
    tracker.set_sheets(listed.len());
    for (index, (meta, path)) in listed.iter().enumerate() {
        let table = new_table(meta);
        if !matches!(meta.typ, SheetType::WorkSheet) {
            sheets.push(table);
            continue;
        }
        // No checksum, as in the inflate guard: a part that inflates is read (Excel repairs such a
        // file too), and the sum would cost a pass over every inflated byte in wasm.
        let name = parts.name(path);
        let Ok(entry) = zip.by_name_with_options(name, ZipReadOptions::new().ignore_crc32(true)) else {
            return Ok(Err(Unsupported));
        };
        // The inflate guard's checks run over the bytes as they inflate (see `StreamGuard`).
        let declared = entry.size();
        let mut counted = guard.counted(name, declared, entry);
        let mut builder = SheetBuilder::new(table, budget);
        let outcome = sheet(&mut counted, &mut ctx, &mut builder, budget, tracker, index);
        let read = matches!(outcome, Ok(Ok(())));
        // A failed check wins over what the reader made of the stopped stream.
        guard.finish(counted, read)?;
        if let Err(u) = outcome.map_err(|e| e.or_in_sheet(&meta.name))? {
            return Ok(Err(u));
        }
        let table = builder.finish();
        tracker.sheet_done(table.height());
        sheets.push(table);
    }
    Ok(Ok(Book {
        metas: listed.into_iter().map(|(m, _)| m).collect(),
        epoch_1904,
        sheets,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_follow_calamine() {
        for (code, date) in [
            ("dd.mm.yyyy", true),
            ("yyyy-mm-dd hh:mm", true),
            ("mmm-yy", true),
            ("[h]:mm:ss", false),
            ("[mm]:ss", false),
            ("#,##0.00 \"₽\"", false),
            ("#,##0.00\\ [$₽-419]", false),
            ("[$-409]d-mmm-yy", true),
            ("[Red]0.00", false),
            ("0.00;[Red]dd", false),
            ("\"day\" 0", false),
            ("General", false),
            ("AM/PM h", true),
            ("_(* #,##0_)", false),
        ] {
            assert_eq!(is_date_format(code), date, "{code}");
        }
    }

    #[test]
    fn numbers_and_refs() {
        assert_eq!(number(b"-12.5"), Ok(-12.5));
        assert_eq!(number(b"4.5E-3"), Ok(0.0045));
        assert_eq!(number(b".5"), Err(Unsupported));
        assert_eq!(number(b"1 "), Err(Unsupported));
        assert_eq!(cell_ref(b"B7"), Ok((6, 1)));
        assert_eq!(cell_ref(b"xfd1"), Ok((0, 16383)));
        assert_eq!(cell_ref(b"A0"), Err(Unsupported));
        // calamine's parser overflows from seven letters or ten digits on.
        assert!(!impossible_ref(b"AAAAAA1") && !impossible_ref(b"A999999999"));
        assert!(impossible_ref(b"GGGGGGG1") && impossible_ref(b"A1234567890"));
        // Found by the fuzzer: a quote that never closes, running into the next declaration.
        assert!(impossible_attr(br#" r="gggggggggggggggg<?xml version="1.0"?"#, b"r").is_some());
        assert!(impossible_attr(br#" t="s" r="B7""#, b"r").is_none());
        assert!(impossible_attr(br#" ref="A1:GGGGGGG9""#, b"ref").is_some());
        assert!(impossible_attr(br#" ref="B5:A1""#, b"ref").is_some());
        assert!(impossible_attr(br#" ref="a5:B4""#, b"ref").is_some());
        assert!(impossible_attr(br#" ref="A1:XFD1048576""#, b"ref").is_none());
        assert!(impossible_attr(br#" ref="B2:B2""#, b"ref").is_none());
        assert!(impossible_attr(br#" ref="A1""#, b"ref").is_none());
        assert_eq!(unescape_excel("a_x000D_b_xD83D__xDCF7_".into()), "a\rb📷");
    }
}

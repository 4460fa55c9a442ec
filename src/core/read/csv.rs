//! Delimited text (CSV, TSV, Excel's "Unicode text") into a one-sheet
//! [`Workbook`].
//!
//! Text is accepted only when it is a consistent table: no control bytes
//! other than tab/CR/LF, at least two columns, and a majority of the first
//! 50 non-empty records having the same field count for the chosen
//! delimiter. Everything else is `unsupported_format`.
//!
//! Every non-empty field becomes [`Cell::Text`] exactly as written (no
//! trimming; numbers are parsed downstream with the locale rules). Empty
//! fields are absent cells. Row indexes follow the physical lines (blank
//! lines keep their row number, as when Excel opens the file), minus the
//! extra lines taken by quoted multi-line fields.
//!
//! The reader records one [`Note`] with code `csv_dialect` whose detail
//! is `key=value` pairs separated by `;`:
//! `encoding=<WHATWG label>;bom=<yes|no>;delimiter=<semicolon|comma|tab|pipe>`,
//! for example `encoding=windows-1251;bom=no;delimiter=semicolon`. Encoding
//! labels are `utf-8`, `utf-16le`, `utf-16be`, `windows-1251`. An Excel
//! `sep=X` first line sets the delimiter and is dropped (row 0 is the line
//! after it).

use std::borrow::Cow;

use encoding_rs::{UTF_8, WINDOWS_1251};

use super::sink::{Budget, SheetBuilder};
use super::text::{allowed_char, detect_utf16};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::quality::{Note, QualityCode};
use crate::core::table::{Cell, Format, SheetTable, Workbook};

/// Candidate delimiters, in order of preference on a tie (`;` first: it is
/// what Excel writes in locales with a decimal comma).
const DELIMITERS: [(u8, &str); 4] = [(b';', "semicolon"), (b'\t', "tab"), (b',', "comma"), (b'|', "pipe")];

/// Records looked at to choose the delimiter.
const SNIFF_RECORDS: usize = 50;

fn unsupported(detail: &str) -> Error {
    Error::new(ErrorKind::UnsupportedFormat { hint: None }).with_detail(detail.to_string())
}

/// Decodes the text: BOM (UTF-8, UTF-16LE/BE), UTF-16 by its zero bytes,
/// UTF-8, else Windows-1251. Returns (text, encoding label, had BOM).
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str, bool)> {
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok((Cow::Borrowed(s), "utf-8", true)),
            Err(_) => Err(unsupported("invalid UTF-8 after a UTF-8 BOM")),
        };
    }
    let had_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if let Some((body, enc)) = detect_utf16(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(body);
        if malformed {
            return Err(unsupported("malformed UTF-16"));
        }
        return Ok((text, enc.name(), had_bom));
    }
    if bytes.contains(&0) {
        return Err(unsupported("NUL bytes in text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), UTF_8.name(), false)),
        Err(_) => {
            let (text, _) = WINDOWS_1251.decode_without_bom_handling(bytes);
            Ok((text, WINDOWS_1251.name(), false))
        }
    }
}

fn reader_for(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .double_quote(true)
        .from_reader(text.as_bytes())
}

/// How consistently `delimiter` splits the first records: (records with the
/// modal count, records looked at, modal count, first record has the mode).
fn consistency(text: &str, delimiter: u8) -> (usize, usize, usize, bool) {
    let mut counts: Vec<usize> = Vec::with_capacity(SNIFF_RECORDS);
    let mut rdr = reader_for(text, delimiter);
    let mut rec = ::csv::ByteRecord::new();
    while counts.len() < SNIFF_RECORDS {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                counts.push(rec.len());
            }
            Ok(false) | Err(_) => break,
        }
    }
    let n = counts.len();
    let mut best = (0usize, 0usize);
    for &c in &counts {
        let f = counts.iter().filter(|&&x| x == c).count();
        if f > best.0 || (f == best.0 && c > best.1) {
            best = (f, c);
        }
    }
    let first_has_mode = counts.first() == Some(&best.1);
    (best.0, n, best.1, first_has_mode)
}

/// Chooses the delimiter; `None` when the text is no consistent table.
fn sniff_delimiter(text: &str) -> Option<(u8, &'static str)> {
    type Score = (usize, usize, usize, bool);
    let mut best: Option<((u8, &'static str), Score)> = None;
    for (d, name) in DELIMITERS {
        let (f, n, mode, first) = consistency(text, d);
        if mode < 2 || n == 0 || f * 2 <= n {
            continue;
        }
        let better = match &best {
            None => true,
            Some((_, (bf, bn, bmode, bfirst))) => {
                // Higher share of consistent records, then the header agreeing,
                // then more columns; earlier candidates win remaining ties.
                let share = f * bn;
                let bshare = bf * n;
                share > bshare
                    || (share == bshare && first && !bfirst)
                    || (share == bshare && first == *bfirst && mode > *bmode)
            }
        };
        if better {
            best = Some(((d, name), (f, n, mode, first)));
        }
    }
    best.map(|(d, _)| d)
}

/// `sep=X` on the first line: the delimiter and the text after that line.
fn sep_hint(text: &str) -> Option<((u8, &'static str), &str)> {
    let rest = text.strip_prefix("sep=")?;
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let line = line.strip_suffix('\r').unwrap_or(line);
    let d = DELIMITERS.iter().find(|(d, _)| line.as_bytes() == [*d])?;
    Some((*d, after))
}

/// Line breaks in `b`: LF, CRLF and a lone CR each count once.
fn line_breaks(b: &[u8]) -> u64 {
    line_breaks_in(b, 0, b.len())
}

/// Line breaks in `b[from..to]`, looking past `to` to pair a CR with its LF.
fn line_breaks_in(b: &[u8], from: usize, to: usize) -> u64 {
    let mut n = 0;
    for i in from..to.min(b.len()) {
        match b.get(i) {
            Some(b'\n') => n += 1,
            Some(b'\r') if b.get(i + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
    }
    n
}

/// Reads delimited text into a one-sheet workbook named "Sheet1".
///
/// # Errors
/// `unsupported_format` when the bytes are not a consistent delimited table;
/// `too_large` beyond the limits.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Workbook> {
    let (text, encoding, bom) = decode(bytes)?;
    if let Some(c) = text.chars().find(|&c| !allowed_char(c)) {
        return Err(unsupported(&format!("control character U+{:04X} in text", c as u32)));
    }
    // Excel's own hint line `sep=;` names the delimiter and is not data.
    let (text, hinted) = match sep_hint(&text) {
        Some((d, rest)) => (rest, Some(d)),
        None => (text.as_ref(), None),
    };
    let (delimiter, delim_name) = match hinted {
        Some(d) => d,
        None => sniff_delimiter(text).ok_or_else(|| unsupported("not a consistent delimited table"))?,
    };

    let mut budget = Budget::new(limits);
    let mut sheet = SheetBuilder::new(SheetTable::new("Sheet1"));
    let mut rdr = reader_for(text, delimiter);
    let mut rec = ::csv::StringRecord::new();
    let bytes = text.as_bytes();
    // Line breaks before the current record start, counted incrementally.
    let (mut scanned, mut breaks): (usize, u64) = (0, 0);
    // Line breaks inside quoted fields so far (they do not start new rows).
    let mut inner_breaks: u64 = 0;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unsupported(&format!("csv: {e}"))),
        }
        // The csv crate reports where it resumed after the previous record
        // (possibly on its line terminator or on skipped blank lines): the
        // record's first byte is past those.
        let mut start = rec.position().map_or(0, |p| p.byte()).min(bytes.len() as u64) as usize;
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > scanned {
            breaks += line_breaks_in(bytes, scanned, start);
            scanned = start;
        }
        let row = breaks.saturating_sub(inner_breaks);
        let row = u32::try_from(row).map_err(|_| {
            Error::new(ErrorKind::TooLarge {
                limit: "max_rows",
                max: u64::from(limits.max_rows),
            })
        })?;
        for (col, field) in rec.iter().enumerate() {
            inner_breaks += line_breaks(field.as_bytes());
            if field.is_empty() {
                continue;
            }
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            sheet.push(&mut budget, row, col, Cell::Text(field.into()))?;
        }
    }
    let table = sheet.finish();
    Ok(Workbook {
        format: Format::Csv,
        epoch_1904: false,
        sheets: vec![table],
        notes: vec![Note::new(QualityCode::CsvDialect).detail(format!(
            "encoding={};bom={};delimiter={delim_name}",
            encoding.to_ascii_lowercase(),
            if bom { "yes" } else { "no" }
        ))],
    })
}

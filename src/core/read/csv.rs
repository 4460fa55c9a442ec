//! Delimited text (CSV, TSV, Excel's "Unicode text") into a one-sheet
//! [`Workbook`].
//!
//! Text is accepted only when it is a consistent table: no control bytes
//! other than tab/CR/LF, at least two columns, and a majority of the first
//! 50 non-empty records having the same field count for the chosen
//! delimiter (the records as the csv crate reads them, or, when a stray
//! quote spoils those, the lines read alone). Everything else is
//! `unsupported_format`.
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
//!
//! A damaged file never silently loses rows; the reader adds a note with
//! the rows concerned:
//! * `csv_unclosed_quote` — a quote opening a field never closes: the line
//!   is read on its own and the reader resumes on the next line
//!   ([`csv_repair`]); a case it cannot tell from a multi-line cell stops
//!   with `damaged_file`;
//! * `csv_invalid_bytes` — UTF-8 text with lines holding invalid bytes,
//!   decoded line by line (U+FFFD, or Windows-1251 for a foreign line);
//! * `csv_extra_fields` — rows with filled fields beyond the header's width
//!   (the most common field count, or the first record's when larger).

use std::borrow::Cow;

use encoding_rs::{UTF_8, WINDOWS_1251};

use std::iter::Peekable;

use super::csv_repair::{self, RowWidths, Verdict};
use super::sink::{Budget, MAX_COLUMNS, SheetBuilder};
use super::text::{allowed_char, decode_mostly_utf8, detect_utf16};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;
use crate::core::quality::{Note, QualityCode, RowSet};
use crate::core::table::{Cell, Format, SheetTable, Workbook};

/// Candidate delimiters, in order of preference on a tie (`;` first: it is
/// what Excel writes in locales with a decimal comma).
const DELIMITERS: [(u8, &str); 4] = [(b';', "semicolon"), (b'\t', "tab"), (b',', "comma"), (b'|', "pipe")];

/// Records looked at to choose the delimiter.
const SNIFF_RECORDS: usize = 50;

fn unsupported(detail: &str) -> Error {
    Error::new(ErrorKind::UnsupportedFormat { hint: None }).with_detail(detail.to_string())
}

/// Decoded text: the text, its encoding label, whether it had a BOM, and
/// the 0-based physical lines that held invalid bytes (repaired).
struct Decoded<'a> {
    text: Cow<'a, str>,
    encoding: &'static str,
    bom: bool,
    repaired_lines: Vec<u64>,
}

/// Decodes the text: BOM (UTF-8, UTF-16LE/BE), UTF-16 by its zero bytes,
/// UTF-8, UTF-8 with a few damaged lines (repaired line by line), else
/// Windows-1251.
fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    let whole = |text, encoding, bom| Decoded {
        text,
        encoding,
        bom,
        repaired_lines: Vec::new(),
    };
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(match std::str::from_utf8(body) {
            Ok(s) => whole(Cow::Borrowed(s), "utf-8", true),
            Err(_) => match decode_mostly_utf8(body, true) {
                Some(m) => Decoded {
                    text: Cow::Owned(m.text),
                    encoding: "utf-8",
                    bom: true,
                    repaired_lines: m.repaired_lines,
                },
                None => return Err(unsupported("invalid UTF-8 after a UTF-8 BOM")),
            },
        });
    }
    let had_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if let Some((body, enc)) = detect_utf16(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(body);
        if malformed {
            return Err(unsupported("malformed UTF-16"));
        }
        return Ok(whole(text, enc.name(), had_bom));
    }
    if let Some(first) = memchr::memchr(0, bytes) {
        return decode_without_nuls(bytes, first);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(whole(Cow::Borrowed(s), UTF_8.name(), false));
    }
    if let Some(m) = decode_mostly_utf8(bytes, false) {
        return Ok(Decoded {
            text: Cow::Owned(m.text),
            encoding: UTF_8.name(),
            bom: false,
            repaired_lines: m.repaired_lines,
        });
    }
    let (text, _) = WINDOWS_1251.decode_without_bom_handling(bytes);
    Ok(whole(text, WINDOWS_1251.name(), false))
}

/// Stray NUL bytes in a text that is not UTF-16 (a damaged export, a disk error): a few are
/// dropped and their lines reported with the other repaired lines; more than one byte in a
/// hundred is a binary file, not text.
fn decode_without_nuls(bytes: &[u8], first: usize) -> Result<Decoded<'static>> {
    let nuls = memchr::memchr_iter(0, bytes.get(first..).unwrap_or_default()).count();
    if nuls.saturating_mul(100) > bytes.len() {
        return Err(unsupported("NUL bytes in text"));
    }
    let mut lines = Vec::new();
    let mut cleaned = Vec::with_capacity(bytes.len() - nuls);
    let mut line: u64 = 0;
    let mut from = 0;
    for at in memchr::memchr_iter(0, bytes) {
        let piece = bytes.get(from..at).unwrap_or_default();
        cleaned.extend_from_slice(piece);
        line += line_breaks(piece);
        if lines.last() != Some(&line) {
            lines.push(line);
        }
        from = at + 1;
    }
    cleaned.extend_from_slice(bytes.get(from..).unwrap_or_default());
    let d = decode(&cleaned)?;
    let mut repaired_lines = d.repaired_lines;
    repaired_lines.extend(lines);
    repaired_lines.sort_unstable();
    repaired_lines.dedup();
    Ok(Decoded {
        text: Cow::Owned(d.text.into_owned()),
        encoding: d.encoding,
        bom: d.bom,
        repaired_lines,
    })
}

fn reader_for(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .double_quote(true)
        .from_reader(text.as_bytes())
}

/// Field counts of the first non-blank records as the csv crate reads them.
fn record_counts(text: &str, delimiter: u8) -> Vec<usize> {
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
    counts
}

/// Field counts of the first non-blank lines, each read alone (a quote
/// counts only when it closes on its line): the counts a stray quote, which
/// makes the csv crate swallow the lines after it, cannot spoil.
fn line_counts(text: &str, delimiter: u8) -> Vec<usize> {
    text.split(['\r', '\n'])
        .map(|line| csv_repair::split_line(line, delimiter))
        .filter(|fields| !fields.iter().all(|f| f.trim().is_empty()))
        .map(|fields| fields.len())
        .take(SNIFF_RECORDS)
        .collect()
}

/// How consistently one delimiter splits the first records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Consistency {
    /// Records with the modal field count.
    modal: usize,
    /// Records looked at.
    records: usize,
    /// The modal field count (the larger on a tie).
    mode: usize,
    /// The first record's field count.
    first: usize,
}

impl Consistency {
    fn of(counts: &[usize]) -> Consistency {
        let mut best = (0usize, 0usize);
        for &c in counts {
            let f = counts.iter().filter(|&&x| x == c).count();
            if f > best.0 || (f == best.0 && c > best.1) {
                best = (f, c);
            }
        }
        Consistency {
            modal: best.0,
            records: counts.len(),
            mode: best.1,
            first: counts.first().copied().unwrap_or(0),
        }
    }
    /// At least two columns, and most records have the modal count.
    fn is_table(self) -> bool {
        self.mode >= 2 && self.records > 0 && self.modal * 2 > self.records
    }
    fn widths(self) -> RowWidths {
        RowWidths {
            mode: self.mode,
            header: self.first,
        }
    }
}

/// Chooses the delimiter from the records as the csv crate reads them, else
/// (a stray quote swallowing lines) from the lines read alone; `None` when
/// the text is no consistent table.
fn sniff_delimiter(text: &str) -> Option<((u8, &'static str), RowWidths)> {
    sniff_by(text, record_counts).or_else(|| sniff_by(text, line_counts))
}

fn sniff_by(text: &str, counts: fn(&str, u8) -> Vec<usize>) -> Option<((u8, &'static str), RowWidths)> {
    let mut best: Option<((u8, &'static str), Consistency)> = None;
    for (d, name) in DELIMITERS {
        let c = Consistency::of(&counts(text, d));
        if !c.is_table() {
            continue;
        }
        let first = c.first == c.mode;
        let better = match &best {
            None => true,
            Some((_, b)) => {
                // Higher share of consistent records, then the header agreeing,
                // then more columns; earlier candidates win remaining ties.
                let bfirst = b.first == b.mode;
                let share = c.modal * b.records;
                let bshare = b.modal * c.records;
                share > bshare
                    || (share == bshare && first && !bfirst)
                    || (share == bshare && first == bfirst && c.mode > b.mode)
            }
        };
        if better {
            best = Some(((d, name), c));
        }
    }
    best.map(|(d, c)| (d, c.widths()))
}

/// The row widths under a delimiter named by a `sep=` line, if the records
/// (or, failing them, the lines) are a consistent table.
fn widths_for(text: &str, delimiter: u8) -> Option<RowWidths> {
    [record_counts, line_counts]
        .into_iter()
        .map(|counts| Consistency::of(&counts(text, delimiter)))
        .find(|c| c.is_table())
        .map(Consistency::widths)
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

/// Rows the reader recovered or doubts, for its notes.
#[derive(Debug, Default)]
struct Flags {
    /// Lines read alone because a quote opening a field never closed.
    stray_quotes: RowSet,
    /// Rows with filled fields beyond the header's width.
    extra_fields: RowSet,
    /// Rows on lines that held bytes invalid in the file's encoding.
    repaired: RowSet,
    /// What the texts' interner said (cells cut at Excel's limit).
    text_notes: Vec<Note>,
}

/// Reads delimited text into a one-sheet workbook named "Sheet1".
///
/// # Errors
/// `unsupported_format` when the bytes are not a consistent delimited table;
/// `damaged_file` when a quoted field spanning lines may as well be a quote
/// that never closes; `too_large` beyond the limits.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Workbook> {
    let Decoded {
        text,
        encoding,
        bom,
        repaired_lines,
    } = decode(bytes)?;
    if let Some(c) = text.chars().find(|&c| !allowed_char(c)) {
        return Err(unsupported(&format!("control character U+{:04X} in text", c as u32)));
    }
    // Excel's own hint line `sep=;` names the delimiter and is not data.
    let (text, hinted, repaired_lines) = match sep_hint(&text) {
        Some((d, rest)) => (
            rest,
            Some(d),
            repaired_lines.iter().filter_map(|l| l.checked_sub(1)).collect(),
        ),
        None => (text.as_ref(), None, repaired_lines),
    };
    let ((delimiter, delim_name), widths) = match hinted {
        Some(d) => (d, widths_for(text, d.0)),
        None => {
            let (d, w) = sniff_delimiter(text).ok_or_else(|| unsupported("not a consistent delimited table"))?;
            (d, Some(w))
        }
    };

    let mut flags = Flags::default();
    let table = read_rows(text, delimiter, widths, &repaired_lines, limits, &mut flags)?;
    let mut notes = vec![Note::new(QualityCode::CsvDialect).detail(format!(
        "encoding={};bom={};delimiter={delim_name}",
        encoding.to_ascii_lowercase(),
        if bom { "yes" } else { "no" }
    ))];
    for (code, rows) in [
        (QualityCode::CsvUnclosedQuote, flags.stray_quotes),
        (QualityCode::CsvInvalidBytes, flags.repaired),
        (QualityCode::CsvExtraFields, flags.extra_fields),
    ] {
        if rows.count > 0 {
            notes.push(Note::new(code).rows(rows));
        }
    }
    notes.append(&mut flags.text_notes);
    Ok(Workbook {
        format: Format::Csv,
        epoch_1904: false,
        sheets: vec![table],
        notes,
    })
}

/// Reads the records of `text` into a sheet, one row per physical line
/// (minus the extra lines of quoted multi-line fields). A record
/// [`csv_repair::judge`] finds swallowed by a stray quote is replaced by its
/// first line read alone, and the csv reader restarts on the next line.
fn read_rows(
    text: &str,
    delimiter: u8,
    widths: Option<RowWidths>,
    repaired_lines: &[u64],
    limits: &Limits,
    flags: &mut Flags,
) -> Result<SheetTable> {
    let mut budget = Budget::new(limits);
    let mut sheet = SheetBuilder::new(SheetTable::new("Sheet1"), &budget);
    let bytes = text.as_bytes();
    // The reader runs over `text[offset..]`: it restarts after a line read alone.
    let mut offset = 0usize;
    let mut rdr = reader_for(text, delimiter);
    let mut rec = ::csv::StringRecord::new();
    // Line breaks before the current record start, counted incrementally.
    let (mut scanned, mut breaks): (usize, u64) = (0, 0);
    // Line breaks inside quoted fields so far (they do not start new rows).
    let mut inner_breaks: u64 = 0;
    let mut repaired = repaired_lines.iter().copied().peekable();
    let too_large = || {
        Error::new(ErrorKind::TooLarge {
            limit: "max_rows",
            max: u64::from(limits.max_rows),
        })
    };
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unsupported(&format!("csv: {e}"))),
        }
        let absolute = |p: u64| (offset as u64).saturating_add(p).min(bytes.len() as u64) as usize;
        // The csv crate reports where it resumed after the previous record
        // (possibly on its line terminator or on skipped blank lines): the
        // record's first byte is past those.
        let mut start = absolute(rec.position().map_or(0, |p| p.byte()));
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > scanned {
            breaks += line_breaks_in(bytes, scanned, start);
            scanned = start;
        }
        let row = u32::try_from(breaks.saturating_sub(inner_breaks)).map_err(|_| too_large())?;
        let end = absolute(rdr.position().byte()).max(start);
        let span = text.get(start..end).unwrap_or("");
        // Only a quote opens a field that can swallow delimiters and lines.
        if span.contains('"') {
            let at_eof = bytes
                .get(end..)
                .is_none_or(|rest| rest.iter().all(|b| matches!(b, b'\r' | b'\n')));
            match csv_repair::judge(span, delimiter, widths, at_eof) {
                Verdict::Fine => {}
                Verdict::StrayQuote => {
                    let line_end = span.find(['\r', '\n']).map_or(end, |i| start + i);
                    let line = text.get(start..line_end).unwrap_or("");
                    let fields = csv_repair::split_line(line, delimiter);
                    put_row(
                        &mut sheet,
                        &mut budget,
                        row,
                        fields.iter().map(AsRef::as_ref),
                        widths,
                        flags,
                    )?;
                    flags.stray_quotes.add(row.saturating_add(1));
                    mark_repaired(&mut repaired, breaks, 0, row, flags);
                    offset = line_end;
                    rdr = reader_for(text.get(offset..).unwrap_or(""), delimiter);
                    continue;
                }
                Verdict::Ambiguous => {
                    let mut e = Error::new(ErrorKind::DamagedFile).with_detail(format!(
                        "the quoted field starting in row {} spans {} lines that each read as a row: \
                         a quote that never closes, or a cell with line breaks",
                        u64::from(row) + 1,
                        line_breaks(span.trim_end_matches(['\r', '\n']).as_bytes()) + 1
                    ));
                    e.row = Some(row.saturating_add(1));
                    return Err(e);
                }
            }
        }
        let lines_taken: u64 = rec.iter().map(|f| line_breaks(f.as_bytes())).sum();
        put_row(&mut sheet, &mut budget, row, rec.iter(), widths, flags)?;
        mark_repaired(&mut repaired, breaks, lines_taken, row, flags);
        inner_breaks += lines_taken;
    }
    flags.text_notes = budget.notes();
    Ok(sheet.finish())
}

/// Puts one record's non-empty fields in `row`, noting a row with filled
/// fields beyond the header's width (a delimiter inside a value shifts the
/// columns after it).
fn put_row<'f>(
    sheet: &mut SheetBuilder,
    budget: &mut Budget,
    row: u32,
    fields: impl Iterator<Item = &'f str>,
    widths: Option<RowWidths>,
    flags: &mut Flags,
) -> Result<()> {
    let mut last_filled = None;
    for (col, field) in fields.enumerate() {
        if field.is_empty() {
            continue;
        }
        if !field.trim().is_empty() {
            last_filled = Some(col);
        }
        let col = u32::try_from(col).unwrap_or(u32::MAX);
        if col >= MAX_COLUMNS {
            sheet.drop_beyond(budget, row);
            continue;
        }
        let text = budget.texts.intern(field);
        sheet.push(budget, row, col, Cell::Text(text))?;
    }
    if let (Some(w), Some(last)) = (widths, last_filled)
        && last >= w.mode.max(w.header)
    {
        flags.extra_fields.add(row.saturating_add(1));
    }
    Ok(())
}

/// Flags `row` when one of the physical lines `first..=first + taken` held
/// invalid bytes; `lines` are such lines, ascending, consumed up to there.
fn mark_repaired(lines: &mut Peekable<impl Iterator<Item = u64>>, first: u64, taken: u64, row: u32, flags: &mut Flags) {
    let mut hit = false;
    while let Some(&line) = lines.peek() {
        if line > first.saturating_add(taken) {
            break;
        }
        hit |= line >= first;
        lines.next();
    }
    if hit {
        flags.repaired.add(row.saturating_add(1));
    }
}

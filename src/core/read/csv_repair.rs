//! Quotes that never close, told apart from quoted fields that really hold
//! delimiters or span lines.
//!
//! The csv crate (like Excel) opens a quoted field only at a field's start
//! and keeps everything up to the closing quote in it, delimiters and line
//! breaks included. One stray quote (`"ООО Ромашка;100` — the closing quote
//! lost) therefore swallows the following lines into one cell, up to the
//! end of the file or to the next quote: the rows vanish without an error.
//! On one line, a stray quote "closed" by the quote of a later quoted field
//! (`"ИП Лютик,"2,100.00"`) shifts the fields after it. [`judge`] looks at
//! the raw text of each record that holds a quote and decides:
//!
//! * [`Verdict::StrayQuote`] — the quote opening a field is never closed:
//!   the field runs to the end of the file; or a quoted field holding a
//!   delimiter or a line break is "closed" by a quote followed by something
//!   other than a delimiter or a line end (the next stray or in-text quote),
//!   while its first line — or every line after it — is a whole row on its
//!   own. The caller then reads the record's first line alone
//!   ([`split_line`]: a quote that does not close on the line is a
//!   character) and resumes the csv reader on the next line.
//! * [`Verdict::Ambiguous`] — a well-formed quoted field spanning lines
//!   whose every line is a whole row: a stray quote closed by a lone quote
//!   before a delimiter (`Труба 1/2";100`) looks exactly like a multi-line
//!   cell. The caller stops with `damaged_file` rather than guess.
//! * [`Verdict::Fine`] otherwise (sloppy quotes such as 1C's
//!   `"ООО "Ромашка"";100` keep the csv crate's reading).

use std::borrow::Cow;

/// The field counts a whole row may have: the most common count among the
/// first records and the first record's (the header's).
#[derive(Debug, Clone, Copy)]
pub(super) struct RowWidths {
    /// The most common field count.
    pub mode: usize,
    /// The first record's field count.
    pub header: usize,
}

impl RowWidths {
    fn fits(self, n: usize) -> bool {
        n == self.mode || n == self.header
    }
}

/// What the raw text of one record says about its quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Read as the csv crate read it.
    Fine,
    /// A quote that never closed swallowed lines: read the first line alone.
    StrayQuote,
    /// Cannot tell a stray quote from a quoted field spanning lines.
    Ambiguous,
}

/// Quote facts of a record's raw text, scanned as the csv crate reads it.
#[derive(Debug, Default)]
struct QuoteScan {
    /// The text ended inside a quoted field.
    unclosed: bool,
    /// A quoted field holds a line break.
    multiline: bool,
    /// A quoted field holding a line break or a delimiter was ended by a
    /// quote followed by neither a delimiter nor a line end (RFC 4180 would
    /// reject it): a stray quote "closed" by the next one.
    malformed_swallow: bool,
}

fn scan_quotes(span: &[u8], delimiter: u8) -> QuoteScan {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        /// In a quoted field; whether it holds a line break or a delimiter so far.
        Quoted {
            swallowed: bool,
        },
    }
    let mut out = QuoteScan::default();
    let mut state = State::FieldStart;
    let mut i = 0;
    while let Some(&b) = span.get(i) {
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted { swallowed: false },
            State::FieldStart | State::Unquoted if b == delimiter || b == b'\r' || b == b'\n' => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted { swallowed } if b == b'"' => match span.get(i + 1) {
                Some(b'"') => {
                    i += 1;
                    State::Quoted { swallowed }
                }
                Some(&next) if next != delimiter && next != b'\r' && next != b'\n' => {
                    out.malformed_swallow |= swallowed;
                    State::Unquoted
                }
                _ => State::Unquoted,
            },
            State::Quoted { .. } if b == b'\r' || b == b'\n' => {
                out.multiline = true;
                State::Quoted { swallowed: true }
            }
            State::Quoted { .. } if b == delimiter => State::Quoted { swallowed: true },
            quoted @ State::Quoted { .. } => quoted,
        };
        i += 1;
    }
    out.unclosed = matches!(state, State::Quoted { .. });
    out
}

/// Lines of `span` without their terminators, blank ones left out.
fn lines(span: &str) -> impl Iterator<Item = &str> {
    span.split(['\r', '\n']).filter(|l| !l.is_empty())
}

/// Judges one record from its raw text `span` (its first byte to where the
/// reader stopped after it); `at_eof` when nothing but line breaks follows.
/// Without `widths` (no consistent row width) only a quote running to the
/// end of the file counts.
pub(super) fn judge(span: &str, delimiter: u8, widths: Option<RowWidths>, at_eof: bool) -> Verdict {
    let scan = scan_quotes(span.as_bytes(), delimiter);
    if scan.unclosed && at_eof {
        return Verdict::StrayQuote;
    }
    let Some(widths) = widths.filter(|_| scan.multiline || scan.malformed_swallow) else {
        return Verdict::Fine;
    };
    let mut rows = lines(span).map(|l| widths.fits(split_line(l, delimiter).len()));
    let first_is_row = rows.next().unwrap_or(false);
    let mut rest = 0usize;
    let rest_are_rows = rows.all(|r| {
        rest += 1;
        r
    }) && rest > 0;
    match (scan.malformed_swallow, first_is_row, rest_are_rows) {
        (true, true, _) | (true, _, true) => Verdict::StrayQuote,
        (false, true, true) if scan.multiline => Verdict::Ambiguous,
        _ => Verdict::Fine,
    }
}

/// Splits one line on `delimiter`, reading a field as quoted only when its
/// closing quote (followed by a delimiter or the line's end) is on this
/// line; any other quote is a character of the field.
pub(super) fn split_line(line: &str, delimiter: u8) -> Vec<Cow<'_, str>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let (field, next) = quoted_field(line, i, delimiter).unwrap_or_else(|| {
            let end = b
                .iter()
                .skip(i)
                .position(|&c| c == delimiter)
                .map_or(b.len(), |p| i + p);
            (Cow::Borrowed(line.get(i..end).unwrap_or("")), end)
        });
        out.push(field);
        if next >= b.len() {
            return out;
        }
        // `next` is on a delimiter.
        i = next + 1;
    }
}

/// The quoted field starting at byte `at` and the index just after its
/// closing quote, if it closes on this line before a delimiter or the end.
fn quoted_field(line: &str, at: usize, delimiter: u8) -> Option<(Cow<'_, str>, usize)> {
    let b = line.as_bytes();
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let mut value = String::new();
    let mut from = at + 1;
    let mut j = from;
    while let Some(&c) = b.get(j) {
        if c == b'"' {
            value.push_str(line.get(from..j)?);
            match b.get(j + 1) {
                Some(b'"') => {
                    value.push('"');
                    j += 2;
                    from = j;
                    continue;
                }
                None => return Some((Cow::Owned(value), j + 1)),
                Some(&d) if d == delimiter => return Some((Cow::Owned(value), j + 1)),
                Some(_) => return None,
            }
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const W2: Option<RowWidths> = Some(RowWidths { mode: 2, header: 2 });

    #[test]
    fn lines_split_with_quotes_only_when_closed_on_the_line() {
        let cases: &[(&str, &[&str])] = &[
            ("a;b", &["a", "b"]),
            ("a;", &["a", ""]),
            ("", &[""]),
            ("\"ООО Ромашка;100", &["\"ООО Ромашка", "100"]),
            ("\"x;y\";1", &["x;y", "1"]),
            ("\"say \"\"hi\"\"\";2", &["say \"hi\"", "2"]),
            ("ООО \"Ромашка\";3", &["ООО \"Ромашка\"", "3"]),
            ("\"a\"b;4", &["\"a\"b", "4"]),
        ];
        for (line, want) in cases {
            let fields = split_line(line, b';');
            let got: Vec<&str> = fields.iter().map(|c| c.as_ref()).collect();
            assert_eq!(&got, want, "{line}");
        }
    }

    #[test]
    fn records_are_judged_by_their_quotes_and_lines() {
        let cases: &[(&str, bool, Verdict)] = &[
            ("a;1\n", true, Verdict::Fine),
            ("\"a;1\n", true, Verdict::StrayQuote),
            ("\"a;1", true, Verdict::StrayQuote),
            ("\"a;1\nb;2\nc;3\n", true, Verdict::StrayQuote),
            // Closed by the next row's opening quote: malformed, first line a row.
            ("\"a;1\nb;2\n\"c;3", false, Verdict::StrayQuote),
            // On one line: the stray quote closed by the next field's quote.
            ("\"a;\"1;5\"", false, Verdict::StrayQuote),
            // 1C's unescaped inner quotes: no delimiter swallowed.
            ("\"ООО \"Ромашка\"\";100", false, Verdict::Fine),
            ("\"x;y\";1", false, Verdict::Fine),
            // A real multi-line cell.
            ("\"Multi\nline\";3\n", false, Verdict::Fine),
            // Well-formed, every line a row: cannot tell.
            ("\"a;1\nТруба 1/2\";3\n", false, Verdict::Ambiguous),
        ];
        for &(span, at_eof, want) in cases {
            assert_eq!(judge(span, b';', W2, at_eof), want, "{span:?}");
        }
        assert_eq!(judge("\"a;1\nb;2\n\"c;3", b';', None, false), Verdict::Fine);
        // A multi-line cell closed sloppily (a space after the quote), its lines no rows.
        let w3 = Some(RowWidths { mode: 3, header: 3 });
        assert_eq!(judge("x;\"Line1\nLine2\" ;5\n", b';', w3, false), Verdict::Fine);
    }
}

//! Damaged CSV never gives a quietly short total (issue 15, "never a silent
//! wrong number"): a quote that never closes, a quote inside an unquoted
//! field, a row with 50 extra separators, invalid UTF-8 bytes in the middle,
//! UTF-16 without a BOM. Each file is generated here from a table whose sum
//! is known; each run ends in a report whose total is the sum of the rows
//! that are there — every row left out named by a data-quality note — or in
//! a coded error.

use crate::common::{Outcome, run};
use keyaccounts::{Options, Report};

/// Data rows in each generated file.
const ROWS: usize = 40;

const NAMES: [&str; 8] = [
    "ООО Ромашка",
    "ИП Гафуров Д.В.",
    "АО Вектор",
    "Общество с ограниченной ответственностью Метрополис",
    "ООО Янтарь",
    "ИП Чащина С.Ф.",
    "ЗАО Северсталь-Сервис",
    "МБОУ Гимназия № 5",
];

/// Row `i` (0-based data row): client, manager, amount in kopecks.
fn sale(i: usize) -> (&'static str, &'static str, i64) {
    let name = NAMES.get(i % NAMES.len()).copied().unwrap_or("ООО Ромашка");
    let manager = if i.is_multiple_of(2) {
        "Иванов И.И."
    } else {
        "Петрова А.С."
    };
    (name, manager, 10_000 + (i as i64) * 12_345)
}

fn money(kopecks: i64) -> String {
    format!("{},{:02}", kopecks / 100, kopecks % 100)
}

/// The header and `ROWS` lines `Клиент;Менеджер;Сумма`, without line ends.
fn lines() -> Vec<String> {
    let mut out = vec!["Клиент;Менеджер;Сумма".to_string()];
    out.extend((0..ROWS).map(|i| {
        let (name, manager, amount) = sale(i);
        format!("{name};{manager};{}", money(amount))
    }));
    out
}

/// The sum of every data row but those in `except` (0-based data rows), in roubles.
fn total_without(except: &[usize]) -> f64 {
    let kopecks: i64 = (0..ROWS).filter(|i| !except.contains(i)).map(|i| sale(i).2).sum();
    kopecks as f64 / 100.0
}

/// The 1-based file row of data row `i` (after the header).
fn file_row(i: usize) -> u32 {
    i as u32 + 2
}

fn join(lines: &[String], end: &str) -> Vec<u8> {
    let mut text = lines.join(end);
    text.push_str(end);
    text.into_bytes()
}

fn report(name: &str, bytes: &[u8]) -> Report {
    match run(bytes, &Options::default()) {
        Outcome::Report(r) => *r,
        other => panic!("{name}: expected a report, got {} ({other:?})", other.label()),
    }
}

/// The rows of the note with `code`, or `None` when there is no such note.
fn note_rows(r: &Report, code: &str) -> Option<Vec<u32>> {
    r.data_quality.iter().find(|n| n.code == code).map(|n| n.rows.clone())
}

/// Checks that the total is `expected` and that rows used + skipped = rows in the table.
fn assert_total(name: &str, r: &Report, expected: f64) {
    assert!(
        (r.total - expected).abs() < 0.005,
        "{name}: total {} ≠ {expected} (notes {:?})",
        r.total,
        r.data_quality
            .iter()
            .map(|n| (n.code, n.rows.clone()))
            .collect::<Vec<_>>()
    );
    let skipped: u32 = r.source.rows_skipped.values().sum();
    assert_eq!(
        r.source.rows_in_table,
        r.source.rows_used + skipped,
        "{name}: rows reconcile"
    );
}

#[test]
fn unclosed_quote_in_the_middle_is_read_line_by_line_and_reported() {
    let mut l = lines();
    // Data rows 9 and 24 lose their closing quote: before the fix the first
    // swallowed 15 rows into one cell and the total fell silently.
    for i in [9, 24] {
        l[i + 1] = format!("\"{}", l[i + 1]);
    }
    for (end, label) in [("\n", "LF"), ("\r\n", "CRLF")] {
        let name = format!("unclosed quotes, {label}");
        let r = report(&name, &join(&l, end));
        assert_total(&name, &r, total_without(&[]));
        assert_eq!(r.source.rows_used, ROWS as u32, "{name}");
        assert_eq!(
            note_rows(&r, "csv_unclosed_quote"),
            Some(vec![file_row(9), file_row(24)]),
            "{name}"
        );
    }
}

#[test]
fn unclosed_quote_on_the_last_row_is_reported() {
    let mut l = lines();
    l[ROWS] = format!("\"{}", l[ROWS]);
    let with_end = join(&l, "\n");
    let without_end = l.join("\n").into_bytes();
    for (name, bytes) in [("last row, LF", with_end), ("last row, no line end", without_end)] {
        let r = report(name, &bytes);
        assert_total(name, &r, total_without(&[]));
        assert_eq!(
            note_rows(&r, "csv_unclosed_quote"),
            Some(vec![file_row(ROWS - 1)]),
            "{name}"
        );
    }
}

#[test]
fn unclosed_quote_in_the_first_data_row_still_finds_the_delimiter() {
    let mut l = lines();
    // The csv crate sees two records: the delimiter is sniffed from the lines.
    l[1] = format!("\"{}", l[1]);
    let r = report("first data row", &join(&l, "\n"));
    assert_total("first data row", &r, total_without(&[]));
    assert_eq!(note_rows(&r, "csv_unclosed_quote"), Some(vec![file_row(0)]));
}

#[test]
fn stray_quote_closed_by_a_quoted_amount_does_not_shift_the_row() {
    // Comma-separated with quoted amounts ("1,234.56"): the stray quote is
    // "closed" by the amount's opening quote on the same line.
    let mut l = vec!["Client,Amount".to_string()];
    l.extend((0..ROWS).map(|i| {
        let (_, _, amount) = sale(i);
        let roubles = amount / 100;
        let text = if roubles >= 1000 {
            format!("{},{:03}.{:02}", roubles / 1000, roubles % 1000, amount % 100)
        } else {
            format!("{roubles}.{:02}", amount % 100)
        };
        format!("Client {i},\"{text}\"")
    }));
    l[13] = format!("\"{}", l[13]);
    let r = report("comma, quoted amounts", &join(&l, "\n"));
    assert_total("comma, quoted amounts", &r, total_without(&[]));
    assert_eq!(note_rows(&r, "csv_unclosed_quote"), Some(vec![file_row(12)]));
}

#[test]
fn quotes_inside_an_unquoted_field_are_characters() {
    let mut l = lines();
    let (_, manager, amount) = sale(7);
    l[8] = format!("ООО \"Ромашка\";{manager};{}", money(amount));
    l[9] = format!("Труба 1/2\";{manager};{}", money(sale(8).2));
    let r = report("quotes inside", &join(&l, "\n"));
    assert_total("quotes inside", &r, total_without(&[]));
    assert_eq!(note_rows(&r, "csv_unclosed_quote"), None);
    assert!(
        r.clients.iter().any(|c| c.name.contains("Труба 1/2")),
        "the inch mark stays in the name"
    );
}

#[test]
fn real_multi_line_cells_are_kept() {
    let mut l = vec!["Клиент;Комментарий;Сумма".to_string()];
    l.extend((0..ROWS).map(|i| {
        let (name, _, amount) = sale(i);
        format!("{name};\"позвонить\nв пятницу\";{}", money(amount))
    }));
    let r = report("multi-line cells", &join(&l, "\n"));
    assert_total("multi-line cells", &r, total_without(&[]));
    assert_eq!(note_rows(&r, "csv_unclosed_quote"), None);
}

#[test]
fn quote_that_may_be_a_multi_line_cell_stops_with_damaged_file() {
    // A stray quote closed by an inch mark right before a delimiter: exactly
    // a well-formed cell spanning two lines, each line a whole row.
    let mut l = lines();
    l[21] = format!("\"{}", l[21]);
    l[22] = format!("Труба 1/2\";Иванов И.И.;{}", money(sale(21).2));
    match run(&join(&l, "\n"), &Options::default()) {
        Outcome::Error { code, message } => {
            assert_eq!(code, "damaged_file");
            assert!(message.contains("row 22"), "{message}");
        }
        other => panic!("expected damaged_file, got {}", other.label()),
    }
}

#[test]
fn row_with_50_extra_separators_is_reported_never_silently_dropped() {
    let base = lines();
    let (name, manager, amount) = sale(19);
    let cases = [
        // Before the amount: the amount column is empty in that row.
        (
            "inside the row",
            format!("{name};{manager}{};{}", ";".repeat(50), money(amount)),
            vec![19],
        ),
        // Filled fields after the amount: the row is counted, and noted.
        (
            "filled, after the amount",
            format!("{name};{manager};{}{}", money(amount), ";x".repeat(50)),
            vec![],
        ),
    ];
    for (label, line, lost) in cases {
        let mut l = base.clone();
        l[20] = line;
        let r = report(label, &join(&l, "\n"));
        assert_total(label, &r, total_without(&lost));
        assert_eq!(note_rows(&r, "csv_extra_fields"), Some(vec![file_row(19)]), "{label}");
        // A row left out is named by a skip note too.
        for &i in &lost {
            let named = r
                .data_quality
                .iter()
                .any(|n| n.code != "csv_extra_fields" && n.rows.contains(&file_row(i)));
            assert!(named, "{label}: the lost row {} is named by a skip", file_row(i));
        }
    }
    // Empty separators after the amount change nothing and say nothing.
    let mut l = base;
    l[20] = format!("{name};{manager};{}{}", money(amount), ";".repeat(50));
    let r = report("trailing separators", &join(&l, "\n"));
    assert_total("trailing separators", &r, total_without(&[]));
    assert_eq!(note_rows(&r, "csv_extra_fields"), None);
}

#[test]
fn invalid_utf8_bytes_mid_file_are_repaired_on_their_line_only() {
    let l = lines();
    let mut damaged: Vec<Vec<u8>> = l.iter().map(|s| s.clone().into_bytes()).collect();
    // A stray byte inside data row 17's name (ИП Гафуров Д.В.).
    damaged[18].insert(4, 0xFF);
    // Data row 27 (… Метрополис) pasted from a Windows-1251 export.
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&l[28]);
    damaged[28] = cp1251.into_owned();
    let body = damaged.join(&b'\n');
    let with_bom = [&b"\xEF\xBB\xBF"[..], &body, b"\n"].concat();
    let without_bom = [&body[..], b"\n"].concat();
    // Every row of Метрополис, the Windows-1251 one included, in one client.
    let metropolis: i64 = (0..ROWS).filter(|i| i % NAMES.len() == 3).map(|i| sale(i).2).sum();
    for (name, bytes) in [("UTF-8", without_bom), ("UTF-8 with BOM", with_bom)] {
        let r = report(name, &bytes);
        assert_total(name, &r, total_without(&[]));
        assert_eq!(
            note_rows(&r, "csv_invalid_bytes"),
            Some(vec![file_row(17), file_row(27)]),
            "{name}"
        );
        let dialect = r
            .data_quality
            .iter()
            .find(|n| n.code == "csv_dialect")
            .and_then(|n| n.detail.clone());
        assert!(dialect.is_some_and(|d| d.starts_with("encoding=utf-8")), "{name}");
        // The other lines are not turned into mojibake.
        for c in &r.clients {
            assert!(
                !c.name.contains("Р°") && !c.name.contains("РЎ"),
                "{name}: mojibake {}",
                c.name
            );
        }
        let m = r.clients.iter().find(|c| c.name.contains("Метрополис"));
        assert!(
            m.is_some_and(|c| (c.amount - metropolis as f64 / 100.0).abs() < 0.005),
            "{name}: Метрополис {m:?}"
        );
    }
}

#[test]
fn utf16_without_bom_reads_whole() {
    // Long Cyrillic names leave few zero high bytes (fewer than 30% of the
    // units): told by the 0x04 ones.
    let mut l = lines();
    for line in l.iter_mut().skip(1) {
        line.insert_str(0, "Общество с ограниченной ответственностью ");
    }
    let text = l.join("\r\n") + "\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes, encoding) in [("UTF-16LE", le, "utf-16le"), ("UTF-16BE", be, "utf-16be")] {
        let r = report(name, &bytes);
        assert_total(name, &r, total_without(&[]));
        let dialect = r
            .data_quality
            .iter()
            .find(|n| n.code == "csv_dialect")
            .and_then(|n| n.detail.clone());
        assert_eq!(
            dialect,
            Some(format!("encoding={encoding};bom=no;delimiter=semicolon")),
            "{name}"
        );
    }
}

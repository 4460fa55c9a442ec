//! The hostile-file suite (issue 15): files an attacker, a broken exporter or a bad disk would
//! hand the engine, each generated here with what it must end in — a coded error or a report
//! with the right total. The CLI test (`tests/integration/hostile.rs`) runs each through the
//! `keyaccounts` binary with its time and peak memory; `examples/make_hostile.rs` writes them for
//! the browser test (`tests/e2e/hostile.test.mjs`), which loads them one after another in the page.
//!
//! Files are built on demand (`Case::bytes`): the bombs are 13–16 MB each; all of them take
//! about 4 s to generate (release build).

use std::io::Write;

/// What a case must end in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    /// A report whose total is this.
    Total(f64),
    /// This error code.
    Error(&'static str),
    /// One of these error codes.
    AnyError(&'static [&'static str]),
}

pub struct Case {
    /// Stable name, also the file's stem.
    pub name: &'static str,
    /// The extension the file is given (what the user's file would be called).
    pub ext: &'static str,
    pub expect: Expect,
    /// Why the case is here.
    pub about: &'static str,
    build: fn() -> Vec<u8>,
}

impl Case {
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.ext)
    }
    pub fn bytes(&self) -> Vec<u8> {
        (self.build)()
    }
}

/// The three clients of every well-formed case: 500 + 300 + 200.
const TOTAL: f64 = 1000.0;
const ROWS: [(&str, u32); 3] = [("ООО Ромашка", 500), ("ИП Лютик", 300), ("АО Василёк", 200)];
const DAMAGED_OR_UNSUPPORTED: &[&str] = &["damaged_file", "unsupported_format"];
const ANY_REFUSAL: &[&str] = &[
    "damaged_file",
    "unsupported_format",
    "empty_workbook",
    "no_client_column",
    "no_amount_column",
    "too_large",
];

pub fn cases() -> Vec<Case> {
    let c = |name, ext, expect, about, build| Case {
        name,
        ext,
        expect,
        about,
        build,
    };
    use Expect::*;
    vec![
        // --- zip bombs: each part inflating past the limit ---
        c(
            "bomb_sheet",
            "xlsx",
            Error("too_large"),
            "the sheet inflates to 1.2 GB (honest sizes)",
            || streamed("xl/worksheets/sheet1.xml", "</sheetData>", "", "<x/>\n", BOMB, ""),
        ),
        c(
            "bomb_shared_strings",
            "xlsx",
            Error("too_large"),
            "the shared strings inflate to 1.2 GB",
            || streamed("xl/sharedStrings.xml", "</sst>", "", "<x/>\n", BOMB, ""),
        ),
        c(
            "bomb_styles",
            "xlsx",
            Error("too_large"),
            "the styles inflate to 1.2 GB",
            || streamed("xl/styles.xml", "</styleSheet>", "", "<x/>\n", BOMB, ""),
        ),
        c(
            "bomb_ods_content",
            "ods",
            Error("too_large"),
            "an ODS content.xml inflating to 1.2 GB",
            ods_bomb,
        ),
        c(
            "lying_zip_size",
            "xlsx",
            Error("damaged_file"),
            "a 300 MB sheet declaring 1 KB",
            lying_size,
        ),
        c(
            "whitespace_run",
            "xlsx",
            Error("too_large"),
            "one 600 MB stretch of whitespace in the sheet",
            || streamed("xl/worksheets/sheet1.xml", "</sheetData>", "", " ", 600 << 20, ""),
        ),
        c(
            "huge_attribute",
            "xlsx",
            Error("too_large"),
            "one 200 MB attribute value",
            || {
                streamed(
                    "xl/worksheets/sheet1.xml",
                    "</worksheet>",
                    "<extLst a=\"",
                    "A",
                    200 << 20,
                    "\"/>",
                )
            },
        ),
        c(
            "many_small_styles",
            "xlsx",
            Error("too_large"),
            "styles.xml of 4 million cell formats (320 MB)",
            || styles(4_000_000),
        ),
        c(
            "excel_max_styles",
            "xlsx",
            Total(TOTAL),
            "64,000 cell formats, Excel's own most",
            || styles(64_000),
        ),
        // --- xlsb records calamine indexes without checking ---
        c(
            "xlsb_good",
            "xlsb",
            Total(TOTAL),
            "a well-formed binary workbook (the baseline)",
            || xlsb(Xlsb::default()),
        ),
        c(
            "xlsb_no_shared_strings",
            "xlsb",
            Error("damaged_file"),
            "cells point into a string table that is missing",
            || {
                xlsb(Xlsb {
                    no_strings: true,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_string_index_out_of_range",
            "xlsb",
            Error("damaged_file"),
            "a cell points to string 1,000,000 of 5",
            || {
                xlsb(Xlsb {
                    isst_of_first_client: 1_000_000,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_short_dimension",
            "xlsb",
            Error("damaged_file"),
            "a 4-byte dimension record (16 read)",
            || {
                xlsb(Xlsb {
                    dimension_len: 4,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_short_cell",
            "xlsb",
            Error("damaged_file"),
            "a number cell record of 9 bytes (16 read)",
            || {
                xlsb(Xlsb {
                    short_number: true,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_wide_string_overflow",
            "xlsb",
            Error("damaged_file"),
            "a text cell declaring 2^31 characters",
            || {
                xlsb(Xlsb {
                    huge_wide_string: true,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_huge_record",
            "xlsb",
            Error("damaged_file"),
            "a record declaring 200 MB in a 1 KB part",
            || {
                xlsb(Xlsb {
                    huge_record: true,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_short_extern_sheet",
            "xlsb",
            Error("damaged_file"),
            "an external-sheet record cut inside its first entry",
            || {
                xlsb(Xlsb {
                    short_extern_sheet: true,
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_sheets_after_end_of_book",
            "xlsb",
            Error("damaged_file"),
            "a sheet record after BrtEndBook with a 16,384-character id in 38 bytes (fuzzing: xlsb_records crash-c4407109)",
            || {
                xlsb(Xlsb {
                    workbook: Some(&FUZZ_C4407109_WORKBOOK),
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xls_merge_count_beyond_record",
            "xls",
            Error("damaged_file"),
            "a MERGECELLS record counting 38,412 areas in 98 bytes (fuzzing: bytes crash-b659d777)",
            || {
                let mut b = committed_fixture("shapes_merged_cells.xls");
                // The first MERGECELLS record (type 0x00E5, size 2 + 8 × count): its count patched.
                let at = (0..b.len() - 6)
                    .find(|&i| {
                        let u = |o: usize| usize::from(u16::from_le_bytes([b[i + o], b[i + o + 1]]));
                        u(0) == 0x00E5 && u(4) > 0 && u(2) == 2 + 8 * u(4)
                    })
                    .expect("a MERGECELLS record");
                b[at + 4..at + 6].copy_from_slice(&0x960Cu16.to_le_bytes());
                b
            },
        ),
        c(
            "xlsb_styles_out_of_step",
            "xlsb",
            Error("damaged_file"),
            "styles calamine reads out of step: an empty count (fuzzing: xlsb_records crash-66df7fdb)",
            || {
                xlsb(Xlsb {
                    styles: Some(&FUZZ_66DF7FDB_STYLES),
                    ..Xlsb::default()
                })
            },
        ),
        c(
            "xlsb_short_format",
            "xlsb",
            Error("damaged_file"),
            "a cell-format record of 1 byte in the styles",
            || {
                xlsb(Xlsb {
                    short_format: true,
                    ..Xlsb::default()
                })
            },
        ),
        // --- declared sizes and counts ---
        c(
            "huge_declared_dimension",
            "xlsx",
            Total(TOTAL),
            "declares A1:XFD1048576, holds 4 rows",
            || xlsx_with(|p| p.dimension = Some("A1:XFD1048576")),
        ),
        c(
            "cells_far_apart",
            "xlsx",
            Total(TOTAL),
            "the data, then one cell at XFD1048576",
            || {
                xlsx_with(|p| {
                    p.sheet = sheet_xml("", "").replace("</sheetData>", r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>конец</t></is></c></row></sheetData>"#)
                })
            },
        ),
        c(
            "shared_strings_declared_billions",
            "xlsx",
            Error("too_large"),
            "uniqueCount=\"4000000000\"",
            || xlsx_with(|p| p.declared_unique = Some(4_000_000_000)),
        ),
        c(
            "shared_strings_millions",
            "xlsx",
            Total(TOTAL),
            "3 million distinct shared strings, 7 used",
            || xlsx_with(|p| p.extra_strings = 3_000_000),
        ),
        c(
            "ods_repeat_bomb",
            "ods",
            Error("too_large"),
            "a value repeated across a billion columns",
            || {
                ods(&format!(
                    "{}<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"1000000000\"/></table:table-row>",
                    ods_rows()
                ))
            },
        ),
        c(
            "ods_row_repeat_bomb",
            "ods",
            Error("too_large"),
            "a row of values repeated a billion times",
            || {
                ods(&format!(
                    "{}<table:table-row table:number-rows-repeated=\"1000000000\"><table:table-cell office:value-type=\"string\"><text:p>ООО Ромашка</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
                    ods_rows()
                ))
            },
        ),
        c(
            "ods_space_bomb",
            "ods",
            Error("too_large"),
            "<text:s text:c=\"1000000000\"/> in a client name",
            || {
                ods(&format!(
                    "{}<table:table-row><table:table-cell office:value-type=\"string\"><text:p>A<text:s text:c=\"1000000000\"/>B</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
                    ods_rows()
                ))
            },
        ),
        // --- XML tricks ---
        // Found by the xlsx_sheet fuzz target (crash-d99e163e): a 75-letter column overflowed
        // calamine's reference parser (a panic with overflow checks, a wrong cell without).
        c(
            "xlsx_cell_ref_overflow",
            "xlsx",
            Error("damaged_file"),
            "a cell reference 75 letters wide",
            || {
                xlsx_with(|p| {
                    p.sheet = sheet_xml(
                        &format!("<row r=\"9\"><c r=\"{}C9\"><v>1</v></c></row>", "g".repeat(74)),
                        "",
                    );
                })
            },
        ),
        // The same, found next (crash-6f67f93f): the reference's quote never closes.
        c(
            "xlsx_cell_ref_unclosed_quote",
            "xlsx",
            Error("damaged_file"),
            "a 50-letter cell reference whose quote never closes",
            || {
                xlsx_with(|p| {
                    p.sheet = sheet_xml(&format!("<row r=\"9\"><c r=\"{}<v>1</v></c></row>", "g".repeat(50)), "");
                })
            },
        ),
        // And the third (crash-ba49855a): a tag the fast reader does not know hands the file to
        // calamine, which then meets the reference further down.
        c(
            "xlsx_cell_ref_after_fallback",
            "xlsx",
            Error("damaged_file"),
            "an unknown tag, then a cell reference of ten letters",
            || {
                xlsx_with(|p| {
                    p.sheet = sheet_xml(
                        "<row r=\"9\"><c}}} r=\"A9\"><v>1</v></c><c r=\"xmlformats.org/x\"><v>2</v></c></row>",
                        "",
                    );
                })
            },
        ),
        // The fourth (crash-f9520eb8): a dimension that runs backwards. The fast reader takes it
        // for no declared size; calamine subtracts its start from its end, so after a handover the
        // file is refused.
        c(
            "xlsx_reversed_dimension",
            "xlsx",
            Total(TOTAL),
            "a dimension whose end comes before its start",
            || xlsx_with(|p| p.dimension = Some("C9:A1")),
        ),
        c(
            "xlsx_reversed_dimension_after_fallback",
            "xlsx",
            Error("damaged_file"),
            "an unknown tag, and a dimension whose end comes before its start",
            || {
                xlsx_with(|p| {
                    p.dimension = Some("C9:A1");
                    p.sheet = sheet_xml("<row r=\"9\"><c}}} r=\"A9\"><v>1</v></c></row>", "");
                })
            },
        ),
        // The fifth (crash-7f68ec3d): the same range in a part so short that its `ref=` fell in
        // the bytes kept for the next chunk, whose scan had lost the key before the `=`.
        c(
            "xlsx_reversed_dimension_at_part_end",
            "xlsx",
            Error("damaged_file"),
            "a 191-byte sheet whose reversed dimension sits in its last 64 bytes, then an unknown tag",
            || {
                xlsx_with(|p| {
                    p.sheet = concat!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://sghemas.openxmlformats.org/spreadsheetml/2006/main">"#,
                        r#"<dimension ref="C9:A1"/><shee4" t="s"></v></c></row></sheetData></worksheet>"#
                    )
                    .to_string();
                })
            },
        ),
        c(
            "deep_nesting",
            "xlsx",
            Total(TOTAL),
            "a million nested elements after the data",
            || {
                xlsx_with(|p| {
                    p.sheet = sheet_xml(
                        "",
                        &format!(
                            "<extLst>{}{}</extLst>",
                            "<x>".repeat(1_000_000),
                            "</x>".repeat(1_000_000)
                        ),
                    )
                })
            },
        ),
        c(
            "entity_expansion",
            "xlsx",
            AnyError(ANY_REFUSAL),
            "billion laughs in the shared strings",
            || xlsx_with(|p| p.billion_laughs = true),
        ),
        // --- broken and foreign files ---
        c(
            "truncated_xlsx",
            "xlsx",
            AnyError(DAMAGED_OR_UNSUPPORTED),
            "the first half of a workbook",
            || {
                let b = xlsx_with(|_| {});
                b[..b.len() / 2].to_vec()
            },
        ),
        c(
            "truncated_xls",
            "xls",
            AnyError(DAMAGED_OR_UNSUPPORTED),
            "the first half of an Excel 97 file",
            || {
                let b = committed_fixture("amounts_text_space_comma.xls");
                b[..b.len() / 2].to_vec()
            },
        ),
        c(
            "truncated_ods",
            "ods",
            AnyError(DAMAGED_OR_UNSUPPORTED),
            "the first half of an ODS file",
            || {
                let b = ods(&ods_rows());
                b[..b.len() / 2].to_vec()
            },
        ),
        c(
            "random_xlsx",
            "xlsx",
            AnyError(ANY_REFUSAL),
            "random bytes named .xlsx",
            || random(1, 200_000),
        ),
        c(
            "random_xlsb",
            "xlsb",
            AnyError(ANY_REFUSAL),
            "random bytes named .xlsb",
            || random(2, 200_000),
        ),
        c(
            "random_xls",
            "xls",
            AnyError(ANY_REFUSAL),
            "random bytes named .xls",
            || random(3, 200_000),
        ),
        c(
            "random_ods",
            "ods",
            AnyError(ANY_REFUSAL),
            "random bytes named .ods",
            || random(4, 200_000),
        ),
        c(
            "random_csv",
            "csv",
            AnyError(ANY_REFUSAL),
            "random bytes named .csv",
            || random(5, 200_000),
        ),
        c(
            "zip_of_random",
            "xlsx",
            AnyError(DAMAGED_OR_UNSUPPORTED),
            "a zip whose parts are random bytes",
            || {
                zip(&[
                    ("[Content_Types].xml", random(6, 5000)),
                    ("xl/workbook.xml", random(7, 5000)),
                    ("xl/worksheets/sheet1.xml", random(8, 50_000)),
                ])
            },
        ),
        c(
            "pdf_renamed",
            "xls",
            Error("unsupported_format"),
            "a PDF named .xls",
            pdf,
        ),
        c(
            "empty_xlsx",
            "xlsx",
            AnyError(DAMAGED_OR_UNSUPPORTED),
            "0 bytes named .xlsx",
            Vec::new,
        ),
        c(
            "empty_csv",
            "csv",
            AnyError(ANY_REFUSAL),
            "0 bytes named .csv",
            Vec::new,
        ),
        c(
            "zero_rows",
            "xlsx",
            Error("empty_workbook"),
            "a sheet with no rows",
            || xlsx_with(|p| p.sheet = sheet_xml("", "").replace(&sheet_rows(), "")),
        ),
        c(
            "five_thousand_sheets",
            "xlsx",
            Total(TOTAL),
            "5,000 sheets, only the first holds sales",
            five_thousand_sheets,
        ),
        // --- CSV extremes ---
        c(
            "csv_50mb_line",
            "csv",
            Total(TOTAL),
            "a 50 MB comment in one row",
            || csv_with(&format!("{};0;{}\n", "ООО Ромашка", "x".repeat(50 << 20))),
        ),
        c(
            "csv_million_columns",
            "csv",
            Total(TOTAL),
            "one row of a million fields",
            || csv_with(&format!("ООО Ромашка;0{}\n", ";1".repeat(1_000_000))),
        ),
        c(
            "csv_million_column_header",
            "csv",
            Total(TOTAL),
            "a header a million columns wide",
            || {
                let mut s = String::from("Клиент;Сумма");
                for i in 0..1_000_000 {
                    s.push_str(&format!(";c{i}"));
                }
                s.push('\n');
                for (name, amount) in ROWS {
                    s.push_str(&format!("{name};{amount}\n"));
                }
                s.into_bytes()
            },
        ),
        c(
            "csv_nul_bytes",
            "csv",
            Total(TOTAL),
            "stray NUL bytes inside a name and a note",
            || {
                let mut b = csv_with(&format!("ООО\0 Ромашка;0;\0\0\0{}\n", " примечание".repeat(50)));
                b.extend(format!("ИП Лютик;0;{}\n", " примечание".repeat(50)).bytes());
                b
            },
        ),
        c(
            "csv_invalid_utf8",
            "csv",
            Total(TOTAL),
            "invalid UTF-8 in a note mid-file",
            || {
                let mut b = csv_with("");
                let at = b.iter().position(|&x| x == b'\n').unwrap() + 1;
                b.splice(at..at, b"\xff\xfe\xc3\x28 ;0;\x80\x81\n".iter().copied());
                b
            },
        ),
        c(
            "csv_utf16_no_bom",
            "csv",
            Total(TOTAL),
            "UTF-16LE without a byte-order mark",
            || {
                String::from_utf8(csv_with(""))
                    .unwrap()
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect()
            },
        ),
        c(
            "csv_100k_distinct_clients",
            "csv",
            Total(TOTAL + 100_000.0 * 0.37),
            "100,000 clients of one line each, with dates and managers: a file costs per client too (200,000 take 6.0 s and 880 MiB in the page)",
            || {
                let mut s = String::from("Дата;Клиент;Менеджер;Сумма\n");
                for (name, amount) in ROWS {
                    s.push_str(&format!("01.01.2025;{name};Менеджер 0;{amount}\n"));
                }
                for i in 0..100_000u32 {
                    s.push_str(&format!(
                        "{:02}.{:02}.2025;ООО Клиент {i};Менеджер {};0,37\n",
                        1 + i % 28,
                        1 + i % 12,
                        i % 20
                    ));
                }
                s.into_bytes()
            },
        ),
        c(
            "csv_1m_distinct_clients",
            "csv",
            Error("too_large"),
            "a million clients of one line each: past max_client_names (200,000) the run stops at once \
             (it took 31 s and 1.26 GiB of wasm memory to finish)",
            || {
                let mut s = String::from("Дата;Клиент;Менеджер;Сумма\n");
                for i in 0..1_000_000u32 {
                    s.push_str(&format!(
                        "{:02}.{:02}.2025;ООО Клиент {i};Менеджер {};0,37\n",
                        1 + i % 28,
                        1 + i % 12,
                        i % 20
                    ));
                }
                s.into_bytes()
            },
        ),
        c(
            "csv_unclosed_quote",
            "csv",
            Total(TOTAL),
            "a quote that opens on every row and never closes",
            || {
                let mut s = String::from("Клиент;Сумма;Примечание\n");
                for (name, amount) in ROWS {
                    s.push_str(&format!("{name};{amount};\"ок\n"));
                }
                s.into_bytes()
            },
        ),
    ]
}

// ---------- xlsx ----------

struct Parts {
    sheet: String,
    styles: Option<String>,
    dimension: Option<&'static str>,
    declared_unique: Option<u64>,
    extra_strings: usize,
    billion_laughs: bool,
}

fn sheet_rows() -> String {
    let mut s = String::from(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#,
    );
    for (i, (_, amount)) in ROWS.iter().enumerate() {
        let r = i + 2;
        s.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}"><v>{amount}</v></c><c r="C{r}" t="s"><v>6</v></c></row>"#,
            i + 3
        ));
    }
    s
}

/// A worksheet: `pad` between the rows and the end of sheetData, `after` after it.
fn sheet_xml(pad: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{{DIM}}<sheetData>{}{pad}</sheetData>{after}</worksheet>"#,
        sheet_rows()
    )
}

const STRINGS: [&str; 7] = ["Клиент", "Сумма", "Примечание", ROWS[0].0, ROWS[1].0, ROWS[2].0, "ок"];

fn xlsx_with(change: impl FnOnce(&mut Parts)) -> Vec<u8> {
    let mut p = Parts {
        sheet: sheet_xml("", ""),
        styles: None,
        dimension: None,
        declared_unique: None,
        extra_strings: 0,
        billion_laughs: false,
    };
    change(&mut p);
    let dim = p
        .dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    let sheet = p.sheet.replacen("{DIM}", &dim, 1);
    let unique = p.declared_unique.unwrap_or((STRINGS.len() + p.extra_strings) as u64);
    let mut sst = String::new();
    if p.billion_laughs {
        sst.push_str(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#);
        let mut prev = "lol".to_string();
        for i in 1..=9 {
            sst.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10)));
            prev = format!("lol{i}");
        }
        sst.push(']');
        sst.push('>');
    } else {
        sst.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    }
    sst.push_str(&format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{unique}" uniqueCount="{unique}">"#
    ));
    for (i, s) in STRINGS.iter().enumerate() {
        if p.billion_laughs && i == 3 {
            sst.push_str("<si><t>&lol9;</t></si>");
        } else {
            sst.push_str(&format!("<si><t>{s}</t></si>"));
        }
    }
    for i in 0..p.extra_strings {
        sst.push_str(&format!("<si><t>s{i}</t></si>"));
    }
    sst.push_str("</sst>");
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", workbook_xml(1).into_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels(1).into_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
    ];
    if let Some(styles) = p.styles {
        parts.push(("xl/styles.xml", styles.into_bytes()));
    }
    zip(&parts)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn workbook_xml(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for i in 1..=sheets {
        s.push_str(&format!(r#"<sheet name="Лист{i}" sheetId="{i}" r:id="rId{i}"/>"#));
    }
    s.push_str("</sheets></workbook>");
    s
}

fn workbook_rels(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 1..=sheets {
        s.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
        ));
    }
    s.push_str(&format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
        sheets + 1
    ));
    s.push_str(&format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        sheets + 2
    ));
    s.push_str("</Relationships>");
    s
}

fn five_thousand_sheets() -> Vec<u8> {
    let good = xlsx_with(|_| {});
    let mut parts = read_zip(&good);
    parts.retain(|(n, _)| n != "xl/workbook.xml" && n != "xl/_rels/workbook.xml.rels");
    parts.push(("xl/workbook.xml".into(), workbook_xml(5000).into_bytes()));
    parts.push(("xl/_rels/workbook.xml.rels".into(), workbook_rels(5000).into_bytes()));
    let empty = sheet_xml("", "").replace("{DIM}", "").replace(&sheet_rows(), "");
    for i in 2..=5000 {
        parts.push((format!("xl/worksheets/sheet{i}.xml"), empty.clone().into_bytes()));
    }
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zip(&refs)
}

/// What a bomb inflates to: past the 1 GiB all parts may inflate to.
const BOMB: usize = 1200 << 20;

/// The well-formed workbook with `total` bytes of `unit` repeated (after `prefix`, before
/// `suffix`) inserted before the last `marker` of `part`, compressed as it is written: the
/// generator never holds the inflated part. Sizes in the zip are honest.
fn streamed(part: &str, marker: &str, prefix: &str, unit: &str, total: usize, suffix: &str) -> Vec<u8> {
    let good = xlsx_with(|p| p.styles = Some(STYLES.into()));
    let parts = read_zip(&good);
    let chunk = unit.repeat((1 << 20) / unit.len());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in &parts {
        w.start_file(name.as_str(), deflated()).unwrap();
        if name == part {
            let text = std::str::from_utf8(body).unwrap();
            let at = text.rfind(marker).expect("marker");
            w.write_all(&text.as_bytes()[..at]).unwrap();
            w.write_all(prefix.as_bytes()).unwrap();
            for _ in 0..total / chunk.len() {
                w.write_all(chunk.as_bytes()).unwrap();
            }
            w.write_all(suffix.as_bytes()).unwrap();
            w.write_all(&text.as_bytes()[at..]).unwrap();
        } else {
            w.write_all(body).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></styleSheet>"#;

/// A 300 MB sheet whose local and central headers declare 1 KB.
fn lying_size() -> Vec<u8> {
    let row = "<row><c t=\"inlineStr\"><is><t>ООО Ромашка</t></is></c><c><v>1</v></c></row>";
    let mut bytes = streamed("xl/worksheets/sheet1.xml", "</sheetData>", "", row, 300 << 20, "");
    let name = b"xl/worksheets/sheet1.xml";
    for (sig, at, name_at) in [(b"PK\x03\x04", 22usize, 30usize), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig) {
            let h = i + p;
            if bytes[h + name_at..].starts_with(name) {
                bytes[h + at..h + at + 4].copy_from_slice(&1024u32.to_le_bytes());
            }
            i = h + 4;
        }
    }
    bytes
}

/// The workbook with `n` cell formats in its styles.
fn styles(n: usize) -> Vec<u8> {
    let xf = r#"<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>"#;
    streamed(
        "xl/styles.xml",
        "</styleSheet>",
        &format!(r#"<cellXfs count="{n}">"#),
        xf,
        n * xf.len(),
        "</cellXfs>",
    )
}

// ---------- xlsb ----------

/// What is wrong with a generated binary workbook.
#[derive(Default)]
struct Xlsb {
    no_strings: bool,
    isst_of_first_client: u32,
    dimension_len: usize,
    short_number: bool,
    huge_wide_string: bool,
    huge_record: bool,
    short_extern_sheet: bool,
    short_format: bool,
    /// The styles part, whole.
    styles: Option<&'static [u8]>,
    /// The workbook part, whole.
    workbook: Option<&'static [u8]>,
}

/// The workbook part of a crash `scripts/fuzz` found (xlsb_records, crash-c4407109…): BrtEndBook
/// first, then sheet records calamine still reads (it reads up to BrtEndBundleShs), one with
/// a relationship id of 16,384 characters in a 38-byte record — a panic.
const FUZZ_C4407109_WORKBOOK: [u8; 50] = [
    0x84, 0x01, 0x00, 0x8f, 0x01, 0x00, 0x8f, 0x01, 0x00, 0x9c, 0x01, 0x26, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x40, 0x00, 0x00, 0x00, 0x72, 0x00, 0x49, 0x00, 0x29, 0x00, 0x31, 0x00, 0x04, 0x13, 0x15, 0x00, 0x08, 0x00,
    0x00, 0x00, 0x18, 0x04, 0x1f, 0x04, 0x32, 0x00, 0x1b, 0x04, 0x4e, 0x04,
];

/// The styles part of the first crash `scripts/fuzz` found (xlsb_records, crash-66df7fdb…):
/// calamine reads no size or body for a record type it does not handle, so the bytes of
/// BrtBeginStyleSheet's body are read as types and an empty BrtBeginCellXFs (its size byte
/// taken as the type's second byte) is indexed for a count — a panic.
const FUZZ_66DF7FDB_STYLES: [u8; 58] = [
    0xf8, 0x04, 0x04, 0x00, 0x01, 0xe9, 0x04, 0x00, 0x00, 0x00, 0x2f, 0x10, 0x00, 0x00, 0x00, 0x00, 0xc8, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
    0x00,
];

/// One BIFF12 record: type and size as 7-bit varints, then the body.
fn record(out: &mut Vec<u8>, typ: u16, body: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = body.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(body);
}

/// An XLWideString: a u32 character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = (units.len() as u32).to_le_bytes().to_vec();
    v.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    v
}

fn xlsb(x: Xlsb) -> Vec<u8> {
    zip(&xlsb_parts(x))
}

/// The parts of the suite's well-formed xlsx (three clients, shared strings), in package order:
/// the `xlsx_sheet` fuzz target replaces its worksheet.
pub fn good_xlsx_parts() -> Vec<(String, Vec<u8>)> {
    read_zip(&xlsx_with(|_| {}))
}

/// The parts of the well-formed binary workbook (`xlsb_good`), for structure-aware mutation:
/// the records are changed before the package is zipped.
pub fn good_xlsb_parts() -> Vec<(&'static str, Vec<u8>)> {
    xlsb_parts(Xlsb::default())
}

/// The three clients as a binary workbook (MS-XLSB): a header row of shared strings, then
/// each client (a shared string) and its amount (a BrtCellReal), with `x`'s damage.
fn xlsb_parts(x: Xlsb) -> Vec<(&'static str, Vec<u8>)> {
    let cat = |parts: &[&[u8]]| parts.concat();
    let mut wb = Vec::new();
    record(&mut wb, 0x83, &[]); // BrtBeginBook
    record(&mut wb, 0x8F, &[]); // BrtBeginBundleShs
    record(
        &mut wb,
        0x9C,
        &cat(&[
            &0u32.to_le_bytes(),
            &1u32.to_le_bytes(),
            &wide("rId1"),
            &wide("Продажи"),
        ]),
    );
    record(&mut wb, 0x90, &[]); // BrtEndBundleShs
    if x.short_extern_sheet {
        record(&mut wb, 0x16A, &cat(&[&1u32.to_le_bytes(), &[0, 0, 0, 0, 0]])); // BrtExternSheet
    }
    record(&mut wb, 0x84, &[]); // BrtEndBook
    let wb = x.workbook.map_or(wb, <[u8]>::to_vec);

    let mut sheet = Vec::new();
    record(&mut sheet, 0x81, &[]); // BrtBeginSheet
    let dim = cat(&[
        &0u32.to_le_bytes(),
        &3u32.to_le_bytes(),
        &0u32.to_le_bytes(),
        &1u32.to_le_bytes(),
    ]);
    record(
        &mut sheet,
        0x94,
        &dim[..if x.dimension_len > 0 { x.dimension_len } else { 16 }],
    );
    record(&mut sheet, 0x91, &[]); // BrtBeginSheetData
    let row = |out: &mut Vec<u8>, r: u32| record(out, 0x00, &cat(&[&r.to_le_bytes(), &[0; 21]]));
    let isst =
        |out: &mut Vec<u8>, col: u32, i: u32| record(out, 0x07, &cat(&[&col.to_le_bytes(), &[0; 4], &i.to_le_bytes()]));
    row(&mut sheet, 0);
    isst(&mut sheet, 0, 0);
    isst(&mut sheet, 1, 1);
    for (i, (_, amount)) in ROWS.iter().enumerate() {
        let r = i as u32 + 1;
        row(&mut sheet, r);
        let s = if i == 0 && x.isst_of_first_client > 0 {
            x.isst_of_first_client
        } else {
            r + 1
        };
        isst(&mut sheet, 0, s);
        let number = cat(&[&1u32.to_le_bytes(), &[0; 4], &f64::from(*amount).to_le_bytes()]);
        record(
            &mut sheet,
            0x05,
            if i == 2 && x.short_number {
                &number[..9]
            } else {
                &number
            },
        );
    }
    if x.huge_wide_string {
        row(&mut sheet, 4);
        record(
            &mut sheet,
            0x06,
            &cat(&[&2u32.to_le_bytes(), &[0; 4], &0x8000_0000u32.to_le_bytes(), b"AB"]),
        );
    }
    if x.huge_record {
        // A BrtCellReal whose size field says 200 MB, with 16 bytes behind it.
        sheet.extend_from_slice(&[0x05, 0x80, 0x80, 0x80, 0x64]);
        sheet.extend_from_slice(&[0; 16]);
    }
    record(&mut sheet, 0x92, &[]); // BrtEndSheetData
    record(&mut sheet, 0x82, &[]); // BrtEndSheet

    let strings = ["Клиент", "Сумма", ROWS[0].0, ROWS[1].0, ROWS[2].0];
    let mut sst = Vec::new();
    let n = (strings.len() as u32).to_le_bytes();
    record(&mut sst, 0x9F, &cat(&[&n, &n])); // BrtBeginSst
    for s in strings {
        record(&mut sst, 0x13, &cat(&[&[0], &wide(s)])); // BrtSSTItem
    }
    record(&mut sst, 0xA0, &[]); // BrtEndSst

    let mut styles = Vec::new();
    record(&mut styles, 0x0278, &[]); // BrtBeginStyleSheet
    record(&mut styles, 0x0269, &1u32.to_le_bytes()); // BrtBeginCellXFs
    record(&mut styles, 0x2F, if x.short_format { &[0] } else { &[0; 16] }); // BrtXF
    record(&mut styles, 0x026A, &[]); // BrtEndCellXFs
    record(&mut styles, 0x0279, &[]); // BrtEndStyleSheet

    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    rels.push_str(&rel("rId1", "worksheet", "worksheets/sheet1.bin"));
    rels.push_str(&rel("rId2", "styles", "styles.bin"));
    if !x.no_strings {
        rels.push_str(&rel("rId3", "sharedStrings", "sharedStrings.bin"));
    }
    rels.push_str("</Relationships>");
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let root = ROOT_RELS.replace("xl/workbook.xml", "xl/workbook.bin");
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", types.as_bytes().to_vec()),
        ("_rels/.rels", root.into_bytes()),
        ("xl/workbook.bin", wb),
        ("xl/_rels/workbook.bin.rels", rels.into_bytes()),
        ("xl/worksheets/sheet1.bin", sheet),
        ("xl/styles.bin", x.styles.map_or(styles, <[u8]>::to_vec)),
    ];
    if !x.no_strings {
        parts.push(("xl/sharedStrings.bin", sst));
    }
    parts
}

// ---------- ods ----------

fn ods_rows() -> String {
    let cell_s =
        |s: &str| format!("<table:table-cell office:value-type=\"string\"><text:p>{s}</text:p></table:table-cell>");
    let mut s = format!(
        "<table:table-row>{}{}</table:table-row>",
        cell_s("Клиент"),
        cell_s("Сумма")
    );
    for (name, amount) in ROWS {
        s.push_str(&format!(
            "<table:table-row>{}<table:table-cell office:value-type=\"float\" office:value=\"{amount}\"/></table:table-row>",
            cell_s(name)
        ));
    }
    s
}

fn ods_content(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Продажи">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

fn ods_parts(content: Vec<u8>) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
        ),
        ("content.xml", content),
    ]
}

fn ods(rows: &str) -> Vec<u8> {
    zip(&ods_parts(ods_content(rows).into_bytes()))
}

fn ods_bomb() -> Vec<u8> {
    let content = ods_content(&ods_rows());
    let close = content.find("</table:table>").unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, b) in ods_parts(Vec::new()) {
        let stored = name == "mimetype";
        w.start_file(
            name,
            if stored {
                zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
            } else {
                deflated()
            },
        )
        .unwrap();
        if name == "content.xml" {
            w.write_all(&content.as_bytes()[..close]).unwrap();
            let chunk = "<table:table-row/>\n".repeat(1 << 16);
            for _ in 0..(1200 << 20) / chunk.len() {
                w.write_all(chunk.as_bytes()).unwrap();
            }
            w.write_all(&content.as_bytes()[close..]).unwrap();
        } else {
            w.write_all(&b).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

// ---------- csv ----------

/// The three clients as a semicolon CSV with a note column, then `extra` (one or more lines).
fn csv_with(extra: &str) -> Vec<u8> {
    let mut s = String::from("Клиент;Сумма;Примечание\n");
    for (name, amount) in ROWS {
        s.push_str(&format!("{name};{amount};ок\n"));
    }
    s.push_str(extra);
    s.into_bytes()
}

// ---------- others ----------

fn pdf() -> Vec<u8> {
    let mut b = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n".to_vec();
    b.extend(random(9, 20_000));
    b.extend_from_slice(b"\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    b
}

/// `n` seeded pseudo-random bytes (xorshift: the same file every run).
pub fn random(seed: u64, n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn committed_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn deflated() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
}

/// A zip package of `parts`, deflated.
pub fn zip(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        w.start_file(*name, deflated()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let name = e.name().unwrap().to_string();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (name, b)
        })
        .collect()
}

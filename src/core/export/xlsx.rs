//! The report as an Excel workbook (rust_xlsxwriter): Summary (with a Pareto
//! chart of the largest clients), Findings, Clients, Key accounts, Managers,
//! Departments (when the file has them), Periods and Data quality. Real numbers
//! with number formats, a frozen header row, an autofilter and column widths
//! from the content. Sheets and columns: `docs/exports.md`.
//!
//! Every text cell is written with `write_string`: a client called
//! `=HYPERLINK(…)` is a string cell, never a formula (rust_xlsxwriter makes
//! formulas only from its `Formula` type).
//!
//! rust_xlsxwriter reads the clock when a workbook is created (its `wasm`
//! feature takes it from JavaScript's `Date` in the browser); the document's
//! creation time is then set to the report's as-of date (or 2000-01-01), so
//! the same report gives the same file.

use super::clients::{Cell, headers as client_headers, rows as client_rows};
use super::sentences::finding_text;
use super::view::ReportView;
use super::words::{Words, rule_name, words};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Lang;
use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// Excel's last row (0-based) and longest cell text (UTF-16 units).
const MAX_ROW: u32 = 1_048_575;
const MAX_TEXT: usize = 32_767;
/// Clients in the Pareto chart.
const CHART_CLIENTS: u32 = 20;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

fn failed(_: XlsxError) -> Error {
    Error::new(ErrorKind::BadOptions {
        option: "report",
        reason: "a report that fits in an Excel workbook",
    })
}

/// The number formats. `#,##0.00` shows the reader's own separators
/// (`1 234 567,89` in Russian Excel, `1,234,567.89` in English).
struct Formats {
    header: Format,
    money: Format,
    quantity: Format,
    share: Format,
    ratio: Format,
    int: Format,
    wrap: Format,
    bold: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0x00E7_EEF6))
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format("#,##0.00"),
            quantity: Format::new().set_num_format("#,##0.###"),
            share: Format::new().set_num_format("0.0%"),
            ratio: Format::new().set_num_format("0.00"),
            int: Format::new().set_num_format("#,##0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// A worksheet being written, remembering each column's widest cell.
struct Sheet {
    ws: Worksheet,
    widths: Vec<usize>,
    /// Columns whose text wraps (their width is capped lower).
    wrapped: Vec<u16>,
}

/// Text cut to Excel's cell limit.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_TEXT {
        return text.into();
    }
    let mut units = 0;
    let cut: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= MAX_TEXT
        })
        .collect();
    cut.into()
}

impl Sheet {
    fn new(name: &str) -> Result<Sheet> {
        let mut ws = Worksheet::new();
        ws.set_name(name).map_err(failed)?;
        Ok(Sheet {
            ws,
            widths: vec![],
            wrapped: vec![],
        })
    }

    fn widen(&mut self, col: u16, chars: usize) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0);
        }
        if let Some(w) = self.widths.get_mut(i) {
            *w = (*w).max(chars);
        }
    }

    /// Text, always as a string cell (never a formula).
    fn text(&mut self, row: u32, col: u16, text: &str, format: Option<&Format>) -> Result<()> {
        if row > MAX_ROW || text.is_empty() {
            return Ok(());
        }
        let text = fit(text);
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        self.widen(col, longest);
        match format {
            Some(f) => self.ws.write_string_with_format(row, col, text, f),
            None => self.ws.write_string(row, col, text),
        }
        .map(|_| ())
        .map_err(failed)
    }

    fn number(&mut self, row: u32, col: u16, x: f64, format: &Format, chars: usize) -> Result<()> {
        if row > MAX_ROW || !x.is_finite() {
            return Ok(());
        }
        self.widen(col, chars);
        self.ws
            .write_number_with_format(row, col, x, format)
            .map(|_| ())
            .map_err(failed)
    }

    fn cell(&mut self, row: u32, col: u16, cell: &Cell, f: &Formats) -> Result<()> {
        match cell {
            Cell::Empty => Ok(()),
            Cell::Text(t) => self.text(row, col, t, None),
            Cell::Money(x) => self.number(row, col, *x, &f.money, digits(*x) + 4),
            Cell::Quantity(x) => self.number(row, col, *x, &f.quantity, digits(*x) + 4),
            Cell::Share(x) => self.number(row, col, *x, &f.share, 7),
            Cell::Ratio(x) => self.number(row, col, *x, &f.ratio, 5),
            Cell::Int(n) => self.number(row, col, *n as f64, &f.int, digits(*n as f64)),
        }
    }

    fn header(&mut self, row: u32, headers: &[&str], f: &Formats) -> Result<()> {
        for (col, h) in (0u16..).zip(headers) {
            // Headers wrap: count their longest word, not the whole header.
            let longest = h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
            self.text(row, col, h, Some(&f.header))?;
            if let Some(w) = self.widths.get_mut(usize::from(col)) {
                *w = (*w).min(longest.max(h.chars().count().min(16)));
            }
        }
        Ok(())
    }

    fn wrap(&mut self, col: u16) {
        self.wrapped.push(col);
    }

    /// A table's last touches: frozen header, autofilter over `rows` data rows, widths.
    fn finish(mut self, header_row: u32, columns: u16, rows: u32, f: &Formats) -> Result<Worksheet> {
        if columns > 0 {
            self.ws.set_freeze_panes(header_row + 1, 0).map_err(failed)?;
            let last = (header_row + rows).min(MAX_ROW);
            self.ws.autofilter(header_row, 0, last, columns - 1).map_err(failed)?;
        }
        for (col, w) in (0u16..).zip(self.widths.clone()) {
            let cap = if self.wrapped.contains(&col) { 70 } else { MAX_WIDTH };
            let width = (w + 2).clamp(MIN_WIDTH, cap);
            if self.wrapped.contains(&col) {
                self.ws
                    .set_column_width(col, width as f64)
                    .and_then(|ws| ws.set_column_format(col, &f.wrap))
                    .map_err(failed)?;
            } else {
                self.ws.set_column_width(col, width as f64).map_err(failed)?;
            }
        }
        Ok(self.ws)
    }
}

/// Characters a number takes when shown with grouping and decimals.
fn digits(x: f64) -> usize {
    let int = x.abs().max(1.0).log10().floor() as usize + 1;
    int + int / 3 + usize::from(x < 0.0)
}

/// The workbook of `r` in `lang`.
///
/// # Errors
/// `bad_options` (option `report`) if the workbook cannot be written (never
/// expected: texts are cut to Excel's limits and rows beyond its last are left out).
pub fn xlsx(r: &ReportView, lang: Lang) -> Result<Vec<u8>> {
    let w = words(lang);
    let f = Formats::new();
    let mut wb = Workbook::new();
    let created = r
        .as_of
        .as_deref()
        .and_then(|d| {
            let y = d.get(..4)?.parse().ok()?;
            let m = d.get(5..7)?.parse().ok()?;
            let day = d.get(8..10)?.parse().ok()?;
            ExcelDateTime::from_ymd(y, m, day).ok()
        })
        .map_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1), Ok)
        .map_err(failed)?;
    wb.set_properties(&DocProperties::new().set_title(w.title).set_creation_datetime(&created));
    let mut summary = summary(r, lang, &f)?;
    let clients = clients(r, lang, &f)?;
    if let Some(chart) = pareto(r, w) {
        summary.insert_chart(1, 3, &chart).map_err(failed)?;
    }
    wb.push_worksheet(summary);
    wb.push_worksheet(findings(r, lang, &f)?);
    wb.push_worksheet(clients);
    wb.push_worksheet(key_accounts(r, lang, &f)?);
    wb.push_worksheet(groups(r, w, w.sheet_managers, w.h_manager, true, &f)?);
    if !r.departments.is_empty() {
        wb.push_worksheet(groups(r, w, w.sheet_departments, w.h_department, false, &f)?);
    }
    wb.push_worksheet(periods(r, lang, &f)?);
    wb.push_worksheet(quality(r, lang, &f)?);
    wb.save_to_buffer().map_err(failed)
}

/// A rule's value: shares as percentages, lists joined, `true`/`false` as words.
fn rule_value(sheet: &mut Sheet, row: u32, key: &str, v: &serde_json::Value, w: &Words, f: &Formats) -> Result<()> {
    const SHARES: [&str; 11] = [
        "key_share",
        "critical_share",
        "abc_a",
        "abc_b",
        "hhi_rise",
        "top_share_rise",
        "slipping_ratio",
        "wallet_share_max",
        "potential_min_share",
        "innovator_max_share",
        "split_min_share",
    ];
    match v {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            if SHARES.contains(&key) {
                sheet.number(row, 1, x, &f.share, 7)
            } else if key.starts_with("xyz_") {
                sheet.number(row, 1, x, &f.ratio, 5)
            } else {
                sheet.number(row, 1, x, &f.int, digits(x))
            }
        }
        serde_json::Value::Array(items) => {
            let text = items
                .iter()
                .filter_map(serde_json::Value::as_f64)
                .map(|x| format!("{}%", (x * 1000.0).round() / 10.0))
                .collect::<Vec<_>>()
                .join(", ");
            sheet.text(row, 1, &text, None)
        }
        serde_json::Value::Bool(b) => sheet.text(row, 1, if *b { w.yes } else { w.no }, None),
        serde_json::Value::String(s) => sheet.text(row, 1, s, None),
        _ => Ok(()),
    }
}

fn summary(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_summary)?;
    s.text(0, 0, w.title, Some(&f.title))?;
    let mut row = 2;
    let mut line = |s: &mut Sheet, label: &str, value: &dyn Fn(&mut Sheet, u32) -> Result<()>| -> Result<()> {
        s.text(row, 0, label, Some(&f.bold))?;
        value(s, row)?;
        row += 1;
        Ok(())
    };
    let files = if r.source.files.is_empty() {
        w.one_file.to_string()
    } else {
        r.source.files.join(", ")
    };
    line(&mut s, w.file, &|s, row| s.text(row, 1, &files, None))?;
    if !r.source.sheet.is_empty() && r.source.format != "csv" {
        line(&mut s, w.sheet, &|s, row| s.text(row, 1, &r.source.sheet, None))?;
    }
    if let (Some(a), Some(b)) = (&r.source.date_from, &r.source.date_to) {
        let span = format!("{a}{}{b}", w.dash);
        line(&mut s, w.data_period, &|s, row| s.text(row, 1, &span, None))?;
    }
    let range = match &r.range {
        Some(span) => format!(
            "{}{}{}",
            span.from.as_deref().unwrap_or("…"),
            w.dash,
            span.to.as_deref().unwrap_or("…")
        ),
        None => w.all_data.to_string(),
    };
    line(&mut s, w.range, &|s, row| s.text(row, 1, &range, None))?;
    if let Some(a) = &r.as_of {
        line(&mut s, w.as_of, &|s, row| s.text(row, 1, a, None))?;
    }
    line(&mut s, w.measure, &|s, row| {
        s.text(row, 1, w.measure_name(&r.measure), None)
    })?;
    let amount_format = if r.measure == "quantity" { &f.quantity } else { &f.money };
    line(&mut s, w.total, &|s, row| {
        s.number(row, 1, r.total, amount_format, digits(r.total) + 4)
    })?;
    let n = r.clients.len() as f64;
    line(&mut s, w.clients_count, &|s, row| {
        s.number(row, 1, n, &f.int, digits(n))
    })?;
    if let Some(c) = &r.concentration {
        line(&mut s, w.top1, &|s, row| s.number(row, 1, c.top1_share, &f.share, 7))?;
        line(&mut s, w.top3, &|s, row| s.number(row, 1, c.top3_share, &f.share, 7))?;
        line(&mut s, w.top5, &|s, row| s.number(row, 1, c.top5_share, &f.share, 7))?;
        line(&mut s, w.top10, &|s, row| s.number(row, 1, c.top10_share, &f.share, 7))?;
        line(&mut s, w.hhi, &|s, row| s.number(row, 1, c.hhi, &f.int, 6))?;
        line(&mut s, w.hhi_band, &|s, row| {
            s.text(row, 1, w.band(&c.hhi_band_2023), None)
        })?;
        line(&mut s, w.effective, &|s, row| {
            s.number(row, 1, c.effective_clients, &f.ratio, 6)
        })?;
        if let Some(g) = c.gini {
            line(&mut s, w.gini, &|s, row| s.number(row, 1, g, &f.ratio, 5))?;
        }
        let n80 = f64::from(c.clients_for_80);
        line(&mut s, w.clients_for_80, &|s, row| s.number(row, 1, n80, &f.int, 4))?;
    }
    let verdict = match r.findings.first() {
        Some(x) => format!("{}: {}", w.severity(&x.severity), finding_text(x, r, lang).title),
        None => w.no_findings.to_string(),
    };
    line(&mut s, w.verdict, &|s, row| s.text(row, 1, &verdict, Some(&f.wrap)))?;
    row += 1;
    s.text(row, 0, w.rules, Some(&f.title))?;
    row += 1;
    for (key, v) in &r.rules {
        s.text(row, 0, rule_name(lang, key), None)?;
        rule_value(&mut s, row, key, v, w, f)?;
        row += 1;
    }
    // Labels and values: wide enough to read, the verdict wraps.
    s.ws.set_column_width(0, 44).map_err(failed)?;
    s.ws.set_column_width(1, 60).map_err(failed)?;
    Ok(s.ws)
}

/// A column chart of the largest clients' amounts with their cumulative share
/// as a line on the secondary axis, from the Clients sheet; `None` under two
/// clients with positive sales.
fn pareto(r: &ReportView, w: &Words) -> Option<Chart> {
    let positive = r.clients.iter().filter(|c| c.amount > 0.0).count() as u32;
    let n = positive.min(CHART_CLIENTS);
    if n < 2 {
        return None;
    }
    let sheet = w.sheet_clients;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(w.chart_amount)
        .set_categories((sheet, 1, 1, n, 1))
        .set_values((sheet, 1, 2, n, 2));
    chart.title().set_name(w.chart_title);
    chart.y2_axis().set_min(0).set_max(1).set_num_format("0%");
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name(w.chart_cumulative)
        .set_categories((sheet, 1, 1, n, 1))
        .set_values((sheet, 1, 4, n, 4))
        .set_secondary_axis(true);
    chart.combine(&line);
    chart.set_width(760).set_height(420);
    Some(chart)
}

fn findings(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_findings)?;
    let headers = [
        w.h_severity,
        w.h_code,
        w.h_client,
        w.h_manager,
        w.h_share,
        w.h_finding,
        w.h_rule,
        w.h_advice,
    ];
    s.header(0, &headers, f)?;
    for (row, x) in (1u32..).zip(&r.findings) {
        let t = finding_text(x, r, lang);
        s.text(row, 0, w.severity(&x.severity), None)?;
        s.text(row, 1, &x.code, None)?;
        s.text(row, 2, x.client.as_deref().unwrap_or(""), None)?;
        let manager = match (&x.manager, &x.managers) {
            (Some(m), _) => m.clone(),
            (None, Some(ms)) => ms.join(", "),
            (None, None) if x.scope.as_deref() == Some("manager") => x.group.clone().unwrap_or_default(),
            _ => String::new(),
        };
        s.text(row, 3, &manager, None)?;
        if let Some(share) = x.share {
            s.number(row, 4, share, &f.share, 7)?;
        }
        s.text(row, 5, &t.title, None)?;
        s.text(row, 6, &t.rule, None)?;
        s.text(row, 7, &t.advice, None)?;
    }
    for col in 5..8 {
        s.wrap(col);
    }
    s.finish(0, headers.len() as u16, r.findings.len() as u32, f)
}

fn clients(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_clients)?;
    let headers = client_headers(lang);
    s.header(0, &headers, f)?;
    let rows = client_rows(r, lang);
    for (row, cells) in (1u32..).zip(&rows) {
        if row > MAX_ROW {
            break;
        }
        for (col, c) in (0u16..).zip(cells) {
            s.cell(row, col, c, f)?;
        }
    }
    s.finish(0, headers.len() as u16, rows.len() as u32, f)
}

fn key_accounts(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_key_accounts)?;
    let headers = [w.h_scope, w.h_group, w.h_client, w.h_share, w.h_basis, w.h_reasons];
    s.header(0, &headers, f)?;
    for (row, k) in (1u32..).zip(&r.key_accounts) {
        s.text(row, 0, w.scope(&k.scope), None)?;
        s.text(row, 1, k.group.as_deref().unwrap_or(""), None)?;
        s.text(row, 2, &k.client, None)?;
        s.number(row, 3, k.share, &f.share, 7)?;
        s.text(row, 4, w.basis(&k.basis), None)?;
        s.text(row, 5, &w.marks(&k.reasons), None)?;
    }
    s.finish(0, headers.len() as u16, r.key_accounts.len() as u32, f)
}

/// Managers (with "over the limit") or departments.
fn groups(r: &ReportView, w: &Words, name: &str, first: &str, managers: bool, f: &Formats) -> Result<Worksheet> {
    let mut s = Sheet::new(name)?;
    let list = if managers { &r.managers } else { &r.departments };
    let mut headers = vec![first, w.h_amount, w.h_share, w.h_clients, w.h_key_accounts];
    if managers {
        headers.push(w.h_over_limit);
    }
    s.header(0, &headers, f)?;
    let limit = r.rule("max_key_accounts_per_manager");
    let amount_format = if r.measure == "quantity" { &f.quantity } else { &f.money };
    for (row, g) in (1u32..).zip(list) {
        s.text(row, 0, &g.name, None)?;
        s.number(row, 1, g.amount, amount_format, digits(g.amount) + 4)?;
        s.number(row, 2, g.share, &f.share, 7)?;
        s.number(row, 3, f64::from(g.clients), &f.int, 4)?;
        s.number(row, 4, f64::from(g.key_accounts), &f.int, 4)?;
        if managers {
            let over = limit.is_some_and(|l| f64::from(g.key_accounts) > l);
            s.text(row, 5, if over { w.yes } else { w.no }, None)?;
        }
    }
    s.finish(0, headers.len() as u16, list.len() as u32, f)
}

fn periods(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_periods)?;
    let headers = [
        w.h_period,
        w.h_partial,
        w.h_total,
        w.h_clients,
        w.h_top1,
        w.h_top3,
        w.h_hhi,
        w.h_effective,
        w.h_key_accounts,
    ];
    s.header(0, &headers, f)?;
    let amount_format = if r.measure == "quantity" { &f.quantity } else { &f.money };
    let list = r.periods();
    for (row, p) in (1u32..).zip(list) {
        s.text(row, 0, &p.period, None)?;
        s.text(row, 1, if p.partial { w.yes } else { "" }, None)?;
        s.number(row, 2, p.total, amount_format, digits(p.total) + 4)?;
        s.number(row, 3, f64::from(p.clients), &f.int, 4)?;
        if let Some(x) = p.top1_share {
            s.number(row, 4, x, &f.share, 7)?;
        }
        if let Some(x) = p.top3_share {
            s.number(row, 5, x, &f.share, 7)?;
        }
        if let Some(x) = p.hhi {
            s.number(row, 6, x, &f.int, 6)?;
        }
        if let Some(x) = p.effective_clients {
            s.number(row, 7, x, &f.ratio, 6)?;
        }
        s.text(row, 8, &p.key_accounts.join("; "), None)?;
    }
    s.finish(0, headers.len() as u16, list.len() as u32, f)
}

fn quality(r: &ReportView, lang: Lang, f: &Formats) -> Result<Worksheet> {
    let w = words(lang);
    let mut s = Sheet::new(w.sheet_quality)?;
    let headers = [
        w.h_code, w.h_count, w.h_file, w.h_sheet, w.h_column, w.h_rows, w.h_detail,
    ];
    s.header(0, &headers, f)?;
    for (row, n) in (1u32..).zip(&r.data_quality) {
        s.text(row, 0, &n.code, None)?;
        s.number(row, 1, f64::from(n.count), &f.int, 4)?;
        s.text(row, 2, n.file.as_deref().unwrap_or(""), None)?;
        s.text(row, 3, n.sheet.as_deref().unwrap_or(""), None)?;
        s.text(row, 4, n.column.as_deref().unwrap_or(""), None)?;
        let rows = n.rows.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        s.text(row, 5, &rows, None)?;
        s.text(row, 6, n.detail.as_deref().unwrap_or(""), None)?;
    }
    s.wrap(6);
    // The row account below the notes: rows in the table, used, skipped by reason.
    let mut row = r.data_quality.len() as u32 + 2;
    s.text(row, 0, w.rows_skipped, Some(&f.bold))?;
    row += 1;
    s.text(row, 0, w.rows_in_table, None)?;
    s.number(row, 1, f64::from(r.source.rows_in_table), &f.int, 6)?;
    row += 1;
    s.text(row, 0, w.rows_used, None)?;
    s.number(row, 1, f64::from(r.source.rows_used), &f.int, 6)?;
    for (reason, count) in &r.source.rows_skipped {
        row += 1;
        s.text(row, 0, reason, None)?;
        s.number(row, 1, f64::from(*count), &f.int, 6)?;
    }
    s.finish(0, headers.len() as u16, r.data_quality.len() as u32, f)
}

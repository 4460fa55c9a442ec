//! The report as plain text for a terminal: the verdict, the totals and the
//! concentration, the ten largest clients, the key accounts and every finding
//! with its rule and what to do. Columns are aligned by character count
//! (Cyrillic and Latin letters are one column wide each).

use super::format::{date, integer, money, number, percent};
use super::sentences::finding_text;
use super::view::ReportView;
use super::words::words;
use crate::core::options::Lang;

/// How many clients the summary lists.
pub const TOP_CLIENTS: usize = 10;

/// Longest client name shown in the table; longer ones end with `…`.
const NAME_WIDTH: usize = 40;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn truncated(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Control characters in file text (a tab or a newline inside a client name) would break the layout.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Rows of cells as aligned lines; `right[i]`: column `i` is aligned right.
fn table(rows: &[Vec<String>], right: &[bool], indent: &str) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (i, cell) in row.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let pad = " ".repeat(w.saturating_sub(width(cell)));
            if i > 0 {
                line.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The report as text in `lang`.
pub fn text(r: &ReportView, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let push = |out: &mut String, line: &str| {
        out.push_str(line);
        out.push('\n');
    };
    push(&mut out, w.title);
    push(&mut out, &"=".repeat(width(w.title)));

    // Where the numbers came from.
    let mut facts: Vec<String> = Vec::new();
    if !r.source.files.is_empty() {
        facts.push(format!("{}: {}", w.file, clean(&r.source.files.join(", "))));
    }
    if !r.source.sheet.is_empty() && r.source.format != "csv" {
        facts.push(format!("{}: {}", w.sheet, clean(&r.source.sheet)));
    }
    if let (Some(a), Some(b)) = (&r.source.date_from, &r.source.date_to) {
        facts.push(format!(
            "{}: {}{}{}",
            w.data_period,
            date(a, lang),
            w.dash,
            date(b, lang)
        ));
    }
    if let Some(span) = &r.range {
        let end = |d: &Option<String>| d.as_deref().map(|d| date(d, lang)).unwrap_or_else(|| "…".to_string());
        facts.push(format!("{}: {}{}{}", w.range, end(&span.from), w.dash, end(&span.to)));
    }
    if let Some(a) = &r.as_of {
        facts.push(format!("{}: {}", w.as_of, date(a, lang)));
    }
    facts.push(format!("{}: {}", w.measure, w.measure_name(&r.measure)));
    push(&mut out, &facts.join(" · "));
    out.push('\n');

    let verdict = match r.findings.first() {
        Some(f) => format!("[{}] {}", w.severity(&f.severity), finding_text(f, r, lang).title),
        None => w.no_findings.to_string(),
    };
    push(&mut out, &format!("{}: {}", w.verdict, verdict));
    out.push('\n');

    push(
        &mut out,
        &format!(
            "{}: {} · {}: {}",
            w.total,
            amount(r.total, &r.measure, lang),
            w.clients_count,
            integer(r.clients.len() as u64, lang)
        ),
    );
    if let Some(c) = &r.concentration {
        let mut parts = vec![
            format!("{} {}", w.top1, percent(c.top1_share, lang)),
            format!("{} {}", w.top3, percent(c.top3_share, lang)),
            format!(
                "HHI {} ({})",
                integer(c.hhi.round().max(0.0) as u64, lang),
                w.band(&c.hhi_band_2023)
            ),
            format!("{} {}", w.effective, number(c.effective_clients, 1, lang)),
        ];
        if let Some(g) = c.gini {
            parts.push(format!("{} {}", w.gini, number(g, 2, lang)));
        }
        push(&mut out, &format!("{}: {}", w.concentration, parts.join(" · ")));
    }
    out.push('\n');

    // The largest clients.
    let shown = r.clients.len().min(TOP_CLIENTS);
    push(
        &mut out,
        &format!(
            "{} ({} {} {})",
            w.top_clients,
            shown,
            w.of,
            integer(r.clients.len() as u64, lang)
        ),
    );
    let mut rows = vec![vec![
        w.h_rank.to_string(),
        w.h_client.to_string(),
        w.h_amount.to_string(),
        w.h_share.to_string(),
        w.h_cumulative.to_string(),
        w.h_abc.to_string(),
    ]];
    for c in r.clients.iter().take(TOP_CLIENTS) {
        rows.push(vec![
            c.rank.to_string(),
            truncated(&clean(&c.name), NAME_WIDTH),
            amount(c.amount, &r.measure, lang),
            percent(c.share, lang),
            c.cumulative_share.map(|s| percent(s, lang)).unwrap_or_default(),
            c.abc.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&table(&rows, &[true, false, true, true, true, false], "  "));
    out.push('\n');

    // Key accounts, by scope and group.
    push(&mut out, w.key_accounts);
    if r.key_accounts.is_empty() {
        push(&mut out, &format!("  {}", w.no_key_accounts));
    }
    let mut heading: Option<(String, Option<String>)> = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for k in &r.key_accounts {
        let this = (k.scope.clone(), k.group.clone());
        if heading.as_ref() != Some(&this) {
            out.push_str(&table(&rows, &[false, true, false], "    "));
            rows.clear();
            let group = k
                .group
                .as_deref()
                .map(|g| format!(" «{}»", clean(g)))
                .unwrap_or_default();
            let group = if lang == Lang::En {
                group.replace(['«', '»'], "\"")
            } else {
                group
            };
            push(&mut out, &format!("  {}{}", w.scope(&k.scope), group));
            heading = Some(this);
        }
        let mut why = String::new();
        if k.basis == "judgment" {
            why.push_str(w.by_judgment);
        }
        if !k.reasons.is_empty() {
            if !why.is_empty() {
                why.push_str(": ");
            }
            why.push_str(&w.marks(&k.reasons));
        }
        rows.push(vec![
            truncated(&clean(&k.client), NAME_WIDTH),
            percent(k.share, lang),
            why,
        ]);
    }
    out.push_str(&table(&rows, &[false, true, false], "    "));
    out.push('\n');

    // Every finding.
    push(&mut out, &format!("{} ({})", w.findings, r.findings.len()));
    if r.findings.is_empty() {
        push(&mut out, &format!("  {}", w.no_findings));
    }
    for (i, f) in r.findings.iter().enumerate() {
        let t = finding_text(f, r, lang);
        push(
            &mut out,
            &format!("  {}. [{}] {}", i + 1, w.severity(&f.severity), clean(&t.title)),
        );
        let pad = " ".repeat(4 + (i + 1).to_string().len());
        if !t.rule.is_empty() {
            push(&mut out, &format!("{pad}{}: {}", w.rule_label, t.rule));
        }
        if !t.advice.is_empty() {
            push(&mut out, &format!("{pad}{}: {}", w.advice_label, t.advice));
        }
    }
    out
}

/// An amount in the report's measure: money, or a quantity without decimals' noise.
fn amount(x: f64, measure: &str, lang: Lang) -> String {
    if measure == "quantity" {
        let s = number(x, 3, lang);
        let s = s.trim_end_matches('0');
        s.trim_end_matches([',', '.']).to_string()
    } else {
        money(x, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_characters_not_bytes() {
        let rows = vec![
            vec!["1".to_string(), "ООО Ромашка".to_string(), "10,00".to_string()],
            vec!["10".to_string(), "Acme".to_string(), "1 000,00".to_string()],
        ];
        let t = table(&rows, &[true, false, true], "");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines, [" 1  ООО Ромашка     10,00", "10  Acme         1 000,00"]);
    }

    #[test]
    fn long_names_are_cut_and_control_characters_blanked() {
        assert_eq!(truncated("абвгд", 4), "абв…");
        assert_eq!(clean("a\tb\nc"), "a b c");
    }
}

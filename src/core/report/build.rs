//! The report assembled from the stages' results: what was read (the
//! dataset), who is who (the resolved lines) and the method's analysis. Money
//! is rounded to cents here, and only here.

use super::{
    AsOfSource, ClientShare, ColumnAlternative, ColumnHeader, ComparisonClient, ComparisonReport, ComparisonSide,
    DateSpan, GroupSummary, MergeSuggestion, PartInfo, PeriodColumn, PeriodReport, QualityNote, Report, RoleChoice,
    Rules, SCHEMA_VERSION, SheetInfo, Source, Time, WindowReport, WindowsReport, XyzCellReport, XyzReport, plans,
};
use crate::core::analysis::time::{Comparison, Movement, PeriodStats, Side, TimeView, Window, XyzView};
use crate::core::analysis::{Abc, Analysis, GroupTotal};
use crate::core::detect::Layout;
use crate::core::detect::SheetReason;
use crate::core::extract::{Dataset, TableSource};
use crate::core::model::{Part, SalesLines};
use crate::core::options::Measure;
use crate::core::options::{MethodOptions, Thresholds};
use crate::core::quality::QualityCode;
use crate::core::quality::{Note, NoteColumn, SkipReason};
use crate::core::table::{Format, column_letter};
use crate::core::value::MoneySum;
use std::collections::{BTreeMap, HashSet};

/// The report of one run.
pub(crate) fn build_report(
    dataset: &Dataset,
    lines: &SalesLines,
    analysis: &Analysis,
    options: &MethodOptions,
) -> Report {
    let Some(first) = dataset.sources.first() else {
        return empty_report();
    };
    let amounts = client_amounts(lines, analysis);
    Report {
        schema_version: SCHEMA_VERSION,
        source: source(dataset, first, lines),
        as_of: analysis.as_of.map(|d| d.to_string()),
        rules: rules(options, analysis),
        total: analysis.shares.total.to_f64_cents(),
        clients: clients(lines, analysis),
        key_accounts: analysis.key_accounts.clone(),
        managers: analysis.managers.iter().map(group_summary).collect(),
        departments: analysis.departments.iter().map(group_summary).collect(),
        concentration: analysis.concentration.clone(),
        findings: analysis.findings.clone(),
        suggestions: lines
            .suggestions
            .iter()
            .map(|s| {
                let members = s
                    .clients
                    .iter()
                    .filter_map(|&c| Some((lines.clients.get(c as usize)?, c)));
                let (names, amounts): (Vec<String>, Vec<f64>) = members
                    .map(|(client, c)| {
                        let amount = amounts.get(c as usize).copied().unwrap_or_default();
                        (client.name.clone(), amount.to_f64_cents())
                    })
                    .unzip();
                MergeSuggestion {
                    names,
                    amounts,
                    reason: s.reason,
                    detail: s.detail.clone(),
                }
            })
            .collect(),
        data_quality: {
            let mut q = data_quality(dataset, lines);
            q.extend(method_notes(analysis));
            q
        },
        measure: analysis.measure,
        measures: analysis.measures.clone(),
        range: (!analysis.range.is_open()).then(|| DateSpan {
            from: analysis.range.from.map(|d| d.to_string()),
            to: analysis.range.to.map(|d| d.to_string()),
        }),
        time: analysis.time.as_ref().map(|t| time(t, analysis.xyz.as_ref(), lines)),
        time_unavailable: analysis.time_unavailable.map(str::to_string),
        comparison: analysis.comparison.as_ref().map(|c| comparison(c, lines)),
        marks_unmatched: analysis.judgment.unmatched.clone(),
        new_business: analysis.new_business.as_ref().map(|n| plans::new_business(n, lines)),
        supplier: analysis.supplier.iter().map(|s| plans::supplier(s, lines)).collect(),
        scenario: None,
        actions: analysis.actions.iter().map(plans::action).collect(),
        products: plans::products(lines),
    }
}

fn name_of(lines: &SalesLines, c: usize) -> String {
    lines.clients.get(c).map(|x| x.name.clone()).unwrap_or_default()
}

/// Lines the range or the measure left out, counted (they have no rows to list here).
fn method_notes(analysis: &Analysis) -> Vec<QualityNote> {
    let note = |code: QualityCode, count: u32, detail: Option<String>| QualityNote {
        code,
        count,
        file: None,
        sheet: None,
        column: None,
        rows: vec![],
        detail,
    };
    let mut out = Vec::new();
    if analysis.undated > 0 {
        out.push(note(QualityCode::RangeUndated, analysis.undated, None));
    }
    if analysis.unmeasured > 0 {
        let measure = analysis.measure.as_str().to_string();
        out.push(note(QualityCode::MeasureMissing, analysis.unmeasured, Some(measure)));
    }
    out
}

fn period(p: &PeriodStats, lines: &SalesLines) -> PeriodReport {
    let c = p.concentration.as_ref();
    PeriodReport {
        period: p.period.clone(),
        from: p.from.to_string(),
        to: p.to.to_string(),
        partial: p.partial,
        total: p.total.to_f64_cents(),
        clients: p.clients,
        top1_share: c.map(|c| c.top1_share),
        top3_share: c.map(|c| c.top3_share),
        hhi: c.map(|c| c.hhi),
        effective_clients: c.map(|c| c.effective_clients),
        key_accounts: p.key_accounts.iter().map(|&k| name_of(lines, k)).collect(),
    }
}

fn window(w: &Window) -> WindowReport {
    WindowReport {
        from: w.from.to_string(),
        to: w.to.to_string(),
        months: w.months,
    }
}

fn abc_str(a: Abc) -> &'static str {
    match a {
        Abc::A => "A",
        Abc::B => "B",
        Abc::C => "C",
    }
}

fn time(t: &TimeView, xyz: Option<&XyzView>, lines: &SalesLines) -> Time {
    let periods = |v: &[PeriodStats]| v.iter().map(|p| period(p, lines)).collect();
    Time {
        coverage: DateSpan {
            from: Some(t.coverage.from.to_string()),
            to: Some(t.coverage.to.to_string()),
        },
        granularity: t.granularity.as_str().to_string(),
        rhythm: t.rhythm,
        months: periods(&t.months),
        quarters: periods(&t.quarters),
        years: periods(&t.years),
        windows: t.windows.as_ref().map(|w| WindowsReport {
            recent: window(&w.recent),
            previous: window(&w.previous),
        }),
        xyz: xyz.map(|x| XyzReport {
            months: x.months,
            cells: x
                .cells
                .iter()
                .map(|c| XyzCellReport {
                    abc: abc_str(c.abc).to_string(),
                    xyz: c.xyz.as_str().to_string(),
                    clients: c.clients,
                    amount: c.amount.to_f64_cents(),
                })
                .collect(),
        }),
    }
}

fn side(s: &Side, lines: &SalesLines) -> ComparisonSide {
    ComparisonSide {
        from: s.from.map(|d| d.to_string()),
        to: s.to.map(|d| d.to_string()),
        total: s.total.to_f64_cents(),
        clients: s.clients,
        key_accounts: s.key_accounts.iter().map(|&k| name_of(lines, k)).collect(),
        top1_share: s.top1_share,
        hhi: s.hhi,
    }
}

fn comparison(c: &Comparison, lines: &SalesLines) -> ComparisonReport {
    let change = crate::core::value::MoneySum(c.after.total.0 - c.before.total.0);
    ComparisonReport {
        basis: c.basis.as_str().to_string(),
        before: side(&c.before, lines),
        after: side(&c.after, lines),
        change: change.to_f64_cents(),
        change_ratio: (c.before.total.0 > 0).then(|| change.0 as f64 / c.before.total.0 as f64),
        gained: c.count(Movement::Gained),
        lost: c.count(Movement::Lost),
        grown: c.count(Movement::Grown),
        shrunk: c.count(Movement::Shrunk),
        clients: c
            .clients
            .iter()
            .map(|x| ComparisonClient {
                name: name_of(lines, x.client),
                before: x.before.to_f64_cents(),
                after: x.after.to_f64_cents(),
                share_before: x.share_before,
                share_after: x.share_after,
                key_before: x.key_before,
                key_after: x.key_after,
                movement: x.movement.as_str().to_string(),
            })
            .collect(),
    }
}

/// Each client's exact net amount, by client index.
fn client_amounts(lines: &SalesLines, analysis: &Analysis) -> Vec<MoneySum> {
    let mut out = vec![MoneySum::default(); lines.clients.len()];
    for c in &analysis.shares.clients {
        if let Some(slot) = out.get_mut(c.client) {
            *slot = c.amount;
        }
    }
    out
}

fn rules(options: &MethodOptions, analysis: &Analysis) -> Rules {
    Rules {
        thresholds: options.thresholds.clone(),
        as_of_source: match (options.as_of, analysis.as_of) {
            (Some(_), _) => Some(AsOfSource::Option),
            (None, Some(_)) => Some(AsOfSource::LatestDate),
            (None, None) => None,
        },
        defaults: options.thresholds == Thresholds::default(),
    }
}

fn clients(lines: &SalesLines, analysis: &Analysis) -> Vec<ClientShare> {
    analysis
        .shares
        .clients
        .iter()
        .map(|c| {
            let client = lines.clients.get(c.client);
            // A wide table's lines carry their period's first day: no purchase rhythm.
            let rhythm = analysis
                .rhythms
                .get(c.client)
                .and_then(Option::as_ref)
                .filter(|_| analysis.time.as_ref().is_some_and(|t| t.rhythm));
            let judgment = analysis.judgment.clients.get(c.client);
            let xyz = analysis
                .xyz
                .as_ref()
                .and_then(|x| x.clients.get(c.client).copied().flatten());
            ClientShare {
                name: client.map(|x| x.name.clone()).unwrap_or_default(),
                amount: c.amount.to_f64_cents(),
                share: c.share,
                lines: c.lines,
                id: client.and_then(|x| x.id.clone()),
                names: client.map(|x| x.names.clone()).unwrap_or_default(),
                rank: c.rank,
                cumulative_share: c.cumulative_share,
                abc: c.abc.map(|a| abc_str(a).to_string()),
                revenue: analysis
                    .revenue
                    .get(c.client)
                    .copied()
                    .unwrap_or_default()
                    .to_f64_cents(),
                profit: analysis.profit.get(c.client).map(|p| p.to_f64_cents()),
                first_date: rhythm.map(|r| r.first.to_string()),
                last_date: rhythm.map(|r| r.last.to_string()),
                purchase_days: rhythm.map(|r| r.purchase_days),
                median_gap: rhythm.and_then(|r| r.median_gap),
                usual_gap: rhythm.and_then(|r| r.usual_gap),
                days_silent: rhythm.map(|r| r.days_silent),
                rhythm: rhythm.map(|r| r.status.as_str().to_string()),
                xyz: xyz.map(|(_, x)| x.as_str().to_string()),
                cv: xyz.map(|(cv, _)| cv),
                marks: judgment.map(|j| j.marks).unwrap_or_default(),
                file_marks: client.map(|x| x.file_marks).unwrap_or_default(),
                potential: judgment.and_then(|j| j.potential),
                annual: judgment.and_then(|j| j.annual).map(|a| (a * 100.0).round() / 100.0),
                wallet_share: judgment.and_then(|j| j.wallet_share),
            }
        })
        .collect()
}

fn group_summary(g: &GroupTotal) -> GroupSummary {
    GroupSummary {
        name: g.name.clone(),
        amount: g.amount.to_f64_cents(),
        share: g.share,
        clients: g.clients,
        key_accounts: g.key_accounts,
    }
}

fn source(dataset: &Dataset, first: &TableSource, lines: &SalesLines) -> Source {
    let layout = &first.layout;
    let first_part = lines.parts.first();
    let mut columns = BTreeMap::new();
    let mut column_letters = BTreeMap::new();
    for c in &layout.columns {
        columns.insert(c.role.as_str().to_string(), c.header.clone());
        column_letters.insert(c.role.as_str().to_string(), column_letter(c.col));
    }
    let dates = lines.lines.iter().filter_map(|l| l.date);
    Source {
        format: dataset.format.as_str().to_string(),
        files: dataset.files.clone(),
        parts: lines
            .parts
            .iter()
            .zip(&dataset.sources)
            .map(|(p, s)| part_info(p, s.format))
            .collect(),
        layout: if layout.wide.is_some() { "wide" } else { "rows" }.to_string(),
        periods: wide_periods(layout),
        sheet: first_part.map(|p| p.sheet.clone()).unwrap_or_default(),
        sheet_reason: dataset.sheet_reason,
        sheets: dataset
            .sheets
            .iter()
            .map(|s| SheetInfo {
                name: s.name.clone(),
                visibility: s.visibility,
                rows: s.rows,
                chart: s.chart,
            })
            .collect(),
        header_row: first_part.map(|p| p.header_row).unwrap_or(layout.header_row + 1),
        header_rows: layout.header_rows,
        columns,
        column_letters,
        headers: headers(layout),
        choices: layout
            .columns
            .iter()
            .filter(|c| !c.alternatives.is_empty())
            .map(|c| RoleChoice {
                role: c.role,
                column: column_letter(c.col),
                header: c.header.clone(),
                chosen: c.chosen.as_str().to_string(),
                alternatives: c
                    .alternatives
                    .iter()
                    .map(|a| ColumnAlternative {
                        column: column_letter(a.col),
                        header: a.header.clone(),
                        examples: a.examples.clone(),
                    })
                    .collect(),
            })
            .collect(),
        rows_in_table: lines.rows_in_table(),
        rows_used: lines.rows_used(),
        rows_skipped: lines
            .skipped()
            .into_iter()
            .map(|(r, n)| (r.as_str().to_string(), n))
            .collect(),
        date_from: dates.clone().min().map(|d| d.to_string()),
        date_to: dates.max().map(|d| d.to_string()),
    }
}

fn part_info(p: &Part, format: Format) -> PartInfo {
    PartInfo {
        file: p.file.clone(),
        format: format.as_str().to_string(),
        sheet: p.sheet.clone(),
        header_row: p.header_row,
        header_rows: p.header_rows,
        rows_in_table: p.rows_in_table,
        rows_used: p.rows_used,
        rows_skipped: p
            .skipped
            .iter()
            .map(|(r, rows)| (r.as_str().to_string(), rows.count))
            .collect(),
    }
}

/// Every column from the first to the last named one, so a picker can offer them all.
fn headers(layout: &Layout) -> Vec<ColumnHeader> {
    let (Some(&(first, _)), Some(&(last, _))) = (layout.headers.first(), layout.headers.last()) else {
        return vec![];
    };
    // A role column under an empty header cell (the client of a "sales by customer" summary) is offered too.
    let roles = layout.columns.iter().map(|c| c.col);
    let first = roles.clone().fold(first, u32::min);
    let last = roles.fold(last, u32::max);
    (first..=last)
        .map(|c| ColumnHeader {
            column: column_letter(c),
            header: layout
                .headers
                .iter()
                .find(|(col, _)| *col == c)
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The period columns of a wide layout, when their dates are known.
fn wide_periods(layout: &Layout) -> Vec<PeriodColumn> {
    let Some(w) = &layout.wide else { return vec![] };
    w.periods
        .iter()
        .filter_map(|p| {
            p.period.map(|d| PeriodColumn {
                column: column_letter(p.col),
                header: p.header.clone(),
                from: d.from.to_string(),
                to: d.to.to_string(),
            })
        })
        .collect()
}

/// The header naming a note's column in `layout`: a role's column header, an index's
/// role header (else its letter), or the header the note names itself.
fn column_header(column: &Option<NoteColumn>, layout: &Layout) -> Option<String> {
    match column.as_ref()? {
        NoteColumn::Role(r) => layout.column(*r).map(|c| c.header.clone()),
        NoteColumn::Index(i) => Some(
            layout
                .columns
                .iter()
                .find(|c| c.col == *i)
                .map_or_else(|| column_letter(*i), |c| c.header.clone()),
        ),
        NoteColumn::Header(h) => Some(h.clone()),
    }
}

fn quality_note(n: &Note, file: Option<String>, sheet: Option<String>, column: Option<String>) -> QualityNote {
    QualityNote {
        code: n.code,
        count: n.rows.count,
        file,
        sheet,
        column,
        rows: n.rows.first.clone(),
        detail: n.detail.clone(),
    }
}

/// The run's notes, then each table's detection decisions, its skipped rows
/// and its line notes. A text file has no sheets: its notes name the file only.
fn data_quality(dataset: &Dataset, lines: &SalesLines) -> Vec<QualityNote> {
    let Some(first_layout) = dataset.sources.first().map(|s| &s.layout) else {
        return vec![];
    };
    let mut out: Vec<QualityNote> = dataset
        .run_notes
        .iter()
        .map(|n| quality_note(n, n.file.clone(), n.sheet.clone(), None))
        .collect();
    for (part, source) in lines.parts.iter().zip(&dataset.sources) {
        for n in &source.layout.notes {
            let column = column_header(&n.column, &source.layout);
            out.push(quality_note(n, source.file.clone(), Some(part.sheet.clone()), column));
        }
    }
    out.extend(skipped_notes(dataset, lines));
    for n in lines.notes.iter().filter(|n| SkipReason::of_code(n.code).is_none()) {
        // A note about the whole run belongs to the only table when there is one.
        let part = n
            .part
            .or((lines.parts.len() == 1).then_some(0))
            .and_then(|p| lines.parts.get(p as usize));
        let layout = n
            .part
            .and_then(|p| dataset.sources.get(p as usize))
            .map_or(first_layout, |s| &s.layout);
        let column = column_header(&n.column, layout);
        out.push(quality_note(
            n,
            part.and_then(|p| p.file.clone()),
            part.map(|p| p.sheet.clone()),
            column,
        ));
    }
    let text_parts: HashSet<(Option<String>, String)> = lines
        .parts
        .iter()
        .zip(&dataset.sources)
        .filter(|(_, s)| s.format == Format::Csv)
        .map(|(p, _)| (p.file.clone(), p.sheet.clone()))
        .collect();
    for q in &mut out {
        if let Some(sheet) = &q.sheet
            && text_parts.contains(&(q.file.clone(), sheet.clone()))
        {
            q.sheet = None;
        }
    }
    out
}

/// One note per table and skip reason. A line note with the skip reason's code
/// carries that skip's column and detail. Statuses are told one by one: each
/// `status_excluded` line note (one status as written, its rows) is a note of
/// its own, and the rows of deals not won have their `status_not_won` notes.
fn skipped_notes<'a>(dataset: &'a Dataset, lines: &'a SalesLines) -> impl Iterator<Item = QualityNote> + 'a {
    lines.parts.iter().enumerate().flat_map(move |(p, part)| {
        let layout = dataset.sources.get(p).map(|s| &s.layout);
        let column_of = move |n: &Note| layout.and_then(|l| column_header(&n.column, l));
        part.skipped.iter().flat_map(move |(reason, rows)| {
            let of_part = move |n: &&'a Note| n.code == reason.quality_code() && n.part == Some(p as u32);
            if *reason == SkipReason::StatusExcluded {
                return lines
                    .notes
                    .iter()
                    .filter(of_part)
                    .map(|n| quality_note(n, part.file.clone(), Some(part.sheet.clone()), column_of(n)))
                    .collect::<Vec<_>>();
            }
            let about = lines.notes.iter().find(of_part);
            vec![QualityNote {
                code: reason.quality_code(),
                count: rows.count,
                file: part.file.clone(),
                sheet: Some(part.sheet.clone()),
                column: about.and_then(column_of),
                rows: rows.first.clone(),
                detail: about.and_then(|n| n.detail.clone()),
            }]
        })
    })
}

fn empty_report() -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            format: String::new(),
            files: vec![],
            parts: vec![],
            layout: "rows".to_string(),
            periods: vec![],
            sheet: String::new(),
            sheet_reason: SheetReason::OnlySheet,
            sheets: vec![],
            header_row: 0,
            header_rows: 0,
            columns: BTreeMap::new(),
            column_letters: BTreeMap::new(),
            headers: vec![],
            choices: vec![],
            rows_in_table: 0,
            rows_used: 0,
            rows_skipped: BTreeMap::new(),
            date_from: None,
            date_to: None,
        },
        as_of: None,
        rules: Rules {
            thresholds: Thresholds::default(),
            as_of_source: None,
            defaults: true,
        },
        total: 0.0,
        clients: vec![],
        key_accounts: vec![],
        managers: vec![],
        departments: vec![],
        concentration: None,
        findings: vec![],
        suggestions: vec![],
        data_quality: vec![],
        measure: Measure::Revenue,
        measures: vec![Measure::Revenue],
        range: None,
        time: None,
        time_unavailable: None,
        comparison: None,
        marks_unmatched: vec![],
        new_business: None,
        supplier: vec![],
        scenario: None,
        actions: vec![],
        products: vec![],
    }
}

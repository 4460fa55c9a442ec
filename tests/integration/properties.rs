//! Properties of the analysis: shuffling the data rows, splitting a line into
//! two on the same date, or adding blank and totals rows never change it.
//!
//! Sales tables are generated from fixed seeds (the builder's tiny LCG, no
//! crates, no clock) as `;`-separated CSV with decimal commas:
//! Дата;Клиент;Менеджер;Отдел;Сумма. The compared part is the analysis —
//! `as_of`, `total`, `clients`, `key_accounts`, `managers`, `departments`,
//! `concentration`, `findings` — as serialized JSON text, not the source's row
//! counts or the data-quality notes (which rightly change with the rows).
//! One spelling per client, manager and department, so display names cannot
//! depend on the order of the rows.

use crate::build::{Lcg, Ymd, add_days};
use crate::common::{Outcome, run};
use keyaccounts::Options;

const SEEDS: u64 = 20;

const CLIENTS: [&str; 30] = [
    "ООО Ромашка",
    "ИП Гафуров Д.В.",
    "АО Вектор",
    "ООО Метрополис",
    "Туртасская СОШ",
    "ООО Янтарь",
    "ИП Чащина С.Ф.",
    "ООО Новый Тобол",
    "ООО Альфа-Трейд",
    "ЗАО Северсталь-Сервис",
    "ИП Шугурова З.Х.",
    "ООО Лотос",
    "АО Уралхиммаш",
    "ООО Зенит",
    "ИП Каширских Т.В.",
    "ООО Омега",
    "МБОУ Гимназия № 5",
    "ООО Техностиль",
    "ИП Азанов Х.З.",
    "ООО Агроторг",
    "ПАО Камаз",
    "ООО Берёзка",
    "ИП Айтнякова И.П.",
    "ООО СтройМаркет",
    "АО Транснефть-Сервис",
    "ООО Фармация",
    "ИП Соколов А.В.",
    "ООО Гранит",
    "ООО Восход",
    "ГБУЗ Городская больница № 2",
];

const MANAGERS: [&str; 5] = [
    "Иванов И.И.",
    "Петрова А.С.",
    "Сидоров П.П.",
    "Кузнецова Е.В.",
    "Смирнов А.А.",
];
const DEPARTMENTS: [&str; 3] = ["Отдел Москва", "Отдел Регионы", "Отдел Сибирь"];
const TOTAL_LABELS: [&str; 4] = ["Итого", "Итого по менеджеру", "Всего", "Итого по отделу"];

#[derive(Debug, Clone)]
struct Line {
    date: Ymd,
    client: usize,
    manager: Option<usize>,
    department: Option<usize>,
    cents: i64,
}

#[derive(Debug, Clone)]
enum Row {
    Line(Line),
    /// `true`: separators only (`;;;;`); `false`: an empty line.
    Blank(bool),
    /// A label and the sum of the lines since the previous total.
    Total(&'static str, i64),
}

fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

fn csv(rows: &[Row]) -> Vec<u8> {
    let mut out = String::from("Дата;Клиент;Менеджер;Отдел;Сумма\r\n");
    for r in rows {
        match r {
            Row::Line(l) => {
                let (y, m, d) = l.date;
                out.push_str(&format!(
                    "{d:02}.{m:02}.{y:04};{};{};{};{}\r\n",
                    CLIENTS[l.client],
                    l.manager.map_or("", |i| MANAGERS[i]),
                    l.department.map_or("", |i| DEPARTMENTS[i]),
                    amount(l.cents)
                ));
            }
            Row::Blank(true) => out.push_str(";;;;\r\n"),
            Row::Blank(false) => out.push_str("\r\n"),
            Row::Total(label, cents) => out.push_str(&format!(";{label};;;{}\r\n", amount(*cents))),
        }
    }
    out.into_bytes()
}

/// 40–200 lines over 5–30 clients, a few managers and departments, dates over 2024.
fn table(seed: u64) -> Vec<Line> {
    let mut rng = Lcg(seed * 7919 + 17);
    let n_clients = 5 + rng.below(26) as usize;
    let n_lines = 40 + rng.below(161) as usize;
    let n_managers = 2 + rng.below(4) as usize;
    // a few big clients, a long tail
    let weights: Vec<u32> = (0..n_clients)
        .map(|i| if i < 3 { 8 - 2 * i as u32 } else { 1 })
        .collect();
    let total_weight: u32 = weights.iter().sum();
    (0..n_lines)
        .map(|_| {
            let mut pick = rng.below(total_weight);
            let client = weights
                .iter()
                .position(|w| {
                    if pick < *w {
                        true
                    } else {
                        pick -= w;
                        false
                    }
                })
                .expect("a client");
            let manager = match rng.below(20) {
                0 => None,
                1..=4 => Some(rng.below(n_managers as u32) as usize),
                _ => Some(client % n_managers),
            };
            let department = match rng.below(20) {
                0 => None,
                _ => Some((client + rng.below(2) as usize) % DEPARTMENTS.len()),
            };
            let cents = if rng.below(20) == 0 {
                -rng.cents(100, 5_000)
            } else {
                rng.cents(100, 100_000)
            };
            Line {
                date: add_days((2024, 1, 1), rng.below(366) as i64),
                client,
                manager,
                department,
                cents,
            }
        })
        .collect()
}

fn plain(lines: &[Line]) -> Vec<Row> {
    lines.iter().cloned().map(Row::Line).collect()
}

fn shuffled(lines: &[Line], seed: u64) -> Vec<Row> {
    let mut v = lines.to_vec();
    let mut rng = Lcg(seed ^ 0x5eed);
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u32 + 1) as usize;
        v.swap(i, j);
    }
    plain(&v)
}

/// Some lines split 30 % / 70 % (exact cents) into two lines on the same date.
fn split(lines: &[Line], seed: u64) -> Vec<Row> {
    let mut rng = Lcg(seed ^ 0x5_9117);
    let mut out = Vec::new();
    let mut splits = 0;
    for (i, l) in lines.iter().enumerate() {
        let a = l.cents * 3 / 10;
        if (rng.below(5) == 0 || (i == 0 && splits == 0)) && a != 0 && a != l.cents {
            splits += 1;
            out.push(Row::Line(Line { cents: a, ..l.clone() }));
            out.push(Row::Line(Line {
                cents: l.cents - a,
                ..l.clone()
            }));
        } else {
            out.push(Row::Line(l.clone()));
        }
    }
    assert!(splits > 0);
    out
}

/// Blank rows and labelled subtotal rows (with the right sums) between lines,
/// and a grand total at the end.
fn with_blanks_and_totals(lines: &[Line], seed: u64) -> Vec<Row> {
    let mut rng = Lcg(seed ^ 0x7074a1);
    let mut out = Vec::new();
    let mut since = 0i64;
    for l in lines {
        out.push(Row::Line(l.clone()));
        since += l.cents;
        match rng.below(10) {
            0 => {
                out.push(Row::Blank(rng.below(2) == 0));
                if rng.below(3) == 0 {
                    out.push(Row::Blank(true));
                }
            }
            1 => {
                out.push(Row::Total(TOTAL_LABELS[rng.below(4) as usize], since));
                since = 0;
                if rng.below(2) == 0 {
                    out.push(Row::Blank(true));
                }
            }
            _ => {}
        }
    }
    out.push(Row::Total("Итого", lines.iter().map(|l| l.cents).sum()));
    out
}

/// The analysis part of the report, as JSON text. `drop_lines`: leave out
/// `clients[].lines` (splitting a line adds one).
fn analysis(name: &str, bytes: &[u8], drop_lines: bool) -> String {
    let report = match run(bytes, &Options::default()) {
        Outcome::Report(r) => r,
        other => panic!("{name}: expected a report, got {}", other.label()),
    };
    let mut json = serde_json::to_value(&*report).expect("JSON");
    if drop_lines && let Some(clients) = json["clients"].as_array_mut() {
        for c in clients {
            c.as_object_mut().expect("client object").remove("lines");
        }
    }
    let keys = [
        "as_of",
        "total",
        "clients",
        "key_accounts",
        "managers",
        "departments",
        "concentration",
        "findings",
    ];
    let part: serde_json::Map<String, serde_json::Value> =
        keys.iter().map(|k| (k.to_string(), json[*k].clone())).collect();
    serde_json::to_string(&part).expect("JSON")
}

/// First differing key between two analysis texts, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let a: serde_json::Value = serde_json::from_str(a).expect("json");
    let b: serde_json::Value = serde_json::from_str(b).expect("json");
    for (k, v) in a.as_object().expect("object") {
        if b[k] != *v {
            return format!(
                "{k}:\n    before {}\n    after  {}",
                serde_json::to_string(v).unwrap_or_default(),
                serde_json::to_string(&b[k]).unwrap_or_default()
            );
        }
    }
    "no difference".to_string()
}

fn property(what: &str, transform: impl Fn(&[Line], u64) -> Vec<Row>, drop_lines: bool) {
    let mut failures = Vec::new();
    for seed in 0..SEEDS {
        let lines = table(seed);
        let base = analysis(&format!("seed {seed}"), &csv(&plain(&lines)), drop_lines);
        let changed = analysis(
            &format!("seed {seed} {what}"),
            &csv(&transform(&lines, seed)),
            drop_lines,
        );
        if base != changed {
            failures.push(format!("seed {seed}: {}", first_difference(&base, &changed)));
        }
    }
    assert!(
        failures.is_empty(),
        "{what} changed the analysis:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn shuffling_rows_never_changes_the_analysis() {
    property("shuffled", shuffled, false);
}

#[test]
fn splitting_a_line_on_the_same_date_never_changes_the_analysis() {
    property("split", split, true);
}

#[test]
fn blank_and_totals_rows_never_change_the_analysis() {
    property("blanks and totals", with_blanks_and_totals, false);
}

/// The generated tables exercise the method (else the properties prove little),
/// and every line is read.
#[test]
fn generated_tables_exercise_the_method() {
    let (mut keys, mut scoped, mut dependency) = (0, 0, 0);
    for seed in 0..SEEDS {
        let lines = table(seed);
        let report = match run(&csv(&plain(&lines)), &Options::default()) {
            Outcome::Report(r) => r,
            other => panic!("seed {seed}: {}", other.label()),
        };
        assert_eq!(report.source.rows_used as usize, lines.len(), "seed {seed}: rows_used");
        let total: i64 = lines.iter().map(|l| l.cents).sum();
        assert!(
            (report.total - total as f64 / 100.0).abs() < 0.005,
            "seed {seed}: total {} != {}",
            report.total,
            total as f64 / 100.0
        );
        assert_eq!(
            report.source.columns.get("manager").map(String::as_str),
            Some("Менеджер")
        );
        assert_eq!(
            report.source.columns.get("department").map(String::as_str),
            Some("Отдел")
        );
        keys += usize::from(!report.key_accounts.is_empty());
        scoped += usize::from(
            report
                .key_accounts
                .iter()
                .any(|k| k.scope != keyaccounts::core::report::Scope::Company),
        );
        dependency += usize::from(report.findings.iter().any(|f| f.code() == "dependency"));
    }
    assert!(
        keys == SEEDS as usize && scoped == SEEDS as usize && dependency > 0,
        "of {SEEDS} seeds: {keys} with key accounts, {scoped} with department/manager key accounts, \
         {dependency} with a dependency finding"
    );
}

/// The lines of one table, grouped by month (each month's lines in their order).
fn by_month(lines: &[Line]) -> Vec<Vec<Line>> {
    let mut months: std::collections::BTreeMap<(i32, u32), Vec<Line>> = std::collections::BTreeMap::new();
    for l in lines {
        months.entry((l.date.0, l.date.1)).or_default().push(l.clone());
    }
    months.into_values().collect()
}

fn analysis_of(name: &str, report: Result<keyaccounts::Report, keyaccounts::Error>) -> String {
    let report = report.unwrap_or_else(|e| panic!("{name}: {e}"));
    let json = serde_json::to_value(&report).expect("JSON");
    let keys = [
        "as_of",
        "total",
        "clients",
        "key_accounts",
        "managers",
        "departments",
        "concentration",
        "findings",
    ];
    let part: serde_json::Map<String, serde_json::Value> =
        keys.iter().map(|k| (k.to_string(), json[*k].clone())).collect();
    serde_json::to_string(&part).expect("JSON")
}

/// Monthly exports dropped together, or one sheet per month in a workbook, say
/// the same as the whole table.
#[test]
fn splitting_the_table_by_month_into_files_or_sheets_never_changes_the_analysis() {
    use crate::build::{Cell, Sheet, money, t, xlsx};
    let mut failures = Vec::new();
    for seed in 0..SEEDS {
        let lines = table(seed);
        let base = analysis(&format!("seed {seed}"), &csv(&plain(&lines)), false);
        let months = by_month(&lines);
        let files: Vec<(String, Vec<u8>)> = months
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("{i:02}.csv"), csv(&plain(m))))
            .collect();
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        let as_files = analysis_of("files", keyaccounts::analyze_files(&refs, &Options::default()));
        if base != as_files {
            failures.push(format!("seed {seed} files: {}", first_difference(&base, &as_files)));
        }
        let sheets: Vec<Sheet> = months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let roles = [
                    ("date", 0),
                    ("client", 1),
                    ("manager", 2),
                    ("department", 3),
                    ("amount", 4),
                ];
                let mut s = Sheet::new(&format!("Месяц {}", i + 1), &roles);
                s.header(["Дата", "Клиент", "Менеджер", "Отдел", "Сумма"].map(t).to_vec());
                for l in m {
                    let label = |v: Option<usize>, names: &[&str]| v.map(|k| t(names[k])).unwrap_or(Cell::Empty);
                    let cells = vec![
                        Cell::Date(l.date),
                        t(CLIENTS[l.client]),
                        label(l.manager, &MANAGERS),
                        label(l.department, &DEPARTMENTS),
                        money(l.cents),
                    ];
                    s.sale(CLIENTS[l.client], l.cents, Some(l.date), cells);
                }
                s
            })
            .collect();
        let as_sheets = analysis_of("sheets", keyaccounts::analyze(&xlsx(&sheets, 0), &Options::default()));
        if base != as_sheets {
            failures.push(format!("seed {seed} sheets: {}", first_difference(&base, &as_sheets)));
        }
    }
    assert!(
        failures.is_empty(),
        "splitting by month changed the analysis:\n  {}",
        failures.join("\n  ")
    );
}

/// Every part of a report that describes the analysed data: all but where it was
/// read from, the notes on reading it, the scenario itself, the file's product list and
/// the marks that found no client (both stay as before the scenario).
fn whole_analysis(name: &str, bytes: &[u8], options: &Options) -> String {
    let report = match run(bytes, options) {
        Outcome::Report(r) => r,
        other => panic!("{name}: expected a report, got {}", other.label()),
    };
    let mut json = serde_json::to_value(&*report).expect("JSON");
    let object = json.as_object_mut().expect("report object");
    for k in ["source", "data_quality", "scenario", "products", "marks_unmatched"] {
        object.remove(k);
    }
    serde_json::to_string(&json).expect("JSON")
}

/// What if: removing clients in the session equals a fresh analysis of the table
/// without their rows — every number of the report, with marks and a supplier
/// condition on both sides so judgment, supplier and action parts are compared too.
#[test]
fn what_if_equals_a_fresh_analysis_without_the_clients_rows() {
    let mut failures = Vec::new();
    let mut removed_keys = 0;
    for seed in 0..SEEDS {
        let lines = table(seed);
        let mut rng = Lcg(seed ^ 0xfade);
        let present: std::collections::BTreeSet<usize> = lines.iter().map(|l| l.client).collect();
        let present: Vec<usize> = present.into_iter().collect();
        // One to three clients, the largest among them on even seeds.
        let mut gone: Vec<usize> = (0..1 + rng.below(3))
            .map(|_| present[rng.below(present.len() as u32) as usize])
            .collect();
        if seed % 2 == 0 {
            gone.push(0);
        }
        gone.sort_unstable();
        gone.dedup();
        let mut options = Options::default();
        options.method.marks.push(keyaccounts::ClientMark {
            client: CLIENTS[present[present.len() - 1]].to_string(),
            marks: [keyaccounts::Mark::Reference].into_iter().collect(),
            potential: Some(5_000_000.0),
        });
        options.method.supplier.push(keyaccounts::SupplierCondition {
            name: "all".to_string(),
            products: vec![],
            unit: keyaccounts::SupplierUnit::Money,
            per_month: 2_000.0,
            months: 3,
        });
        let mut what_if = options.clone();
        what_if.method.scenario.remove = gone.iter().map(|&c| CLIENTS[c].to_string()).collect();
        let rest: Vec<Line> = lines.iter().filter(|l| !gone.contains(&l.client)).cloned().collect();
        if rest.is_empty() {
            continue;
        }
        let scenario = whole_analysis(&format!("seed {seed} what-if"), &csv(&plain(&lines)), &what_if);
        let fresh = whole_analysis(&format!("seed {seed} without"), &csv(&plain(&rest)), &options);
        if scenario != fresh {
            failures.push(format!("seed {seed}: {}", first_difference(&scenario, &fresh)));
        }
        let report = match run(&csv(&plain(&lines)), &what_if) {
            Outcome::Report(r) => r,
            other => panic!("seed {seed}: {}", other.label()),
        };
        let s = report.scenario.as_ref().expect("a scenario");
        assert_eq!(s.removed.len(), gone.len(), "seed {seed}");
        let gone_cents: i64 = lines.iter().filter(|l| gone.contains(&l.client)).map(|l| l.cents).sum();
        assert!(
            (s.fall - gone_cents as f64 / 100.0).abs() < 0.005,
            "seed {seed}: fall {}",
            s.fall
        );
        removed_keys += usize::from(!s.no_longer_key.is_empty());
    }
    assert!(failures.is_empty(), "the what-if differs:\n  {}", failures.join("\n  "));
    assert!(
        removed_keys > SEEDS as usize / 2,
        "the scenarios removed key accounts in {removed_keys} seeds"
    );
}

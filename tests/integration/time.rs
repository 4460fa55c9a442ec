//! Time (issue 11) on files written here with known answers: each trend
//! finding at and off its rule, a partial last month that must not look like a
//! slip, XYZ classes with designed coefficients, key accounts by gross profit
//! against revenue, two years compared, and files without dates. Each report
//! also has a golden (`tests/golden/time/`).

use crate::fixtures::check_golden;
use keyaccounts::core::report::{FlatFinding, Report};
use keyaccounts::{Measure, Options};

/// Monthly sales on the 1st of each month of `years`, `amount(year, month)` per client;
/// the last month's first client buys on its last day instead, so the data covers whole months.
fn monthly(years: &[i32], amount: impl Fn(i32, u32) -> Vec<(&'static str, i64)>) -> String {
    let mut csv = String::from("Клиент;Дата;Сумма\n");
    let last = years.last().copied().unwrap_or(2024);
    for &y in years {
        for m in 1..=12 {
            for (i, (c, a)) in amount(y, m).into_iter().enumerate() {
                let day = if y == last && m == 12 && i == 0 { 31 } else { 1 };
                if a != 0 {
                    csv.push_str(&format!("{c};{day:02}.{m:02}.{y};{a}\n"));
                }
            }
        }
    }
    csv
}

fn run(name: &str, csv: &str, options: &Options) -> Report {
    let report = keyaccounts::analyze(csv.as_bytes(), options).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_golden(&format!("time/{name}"), &report);
    report
}

fn findings(r: &Report, code: &str) -> Vec<FlatFinding> {
    r.flat_findings().into_iter().filter(|f| f.code == code).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

const SEVEN: [&str; 7] = ["Б", "В", "Г", "Д", "Е", "Ж", "З"];

/// 2023: А 300 of 1,000 a month, seven others 100 each (HHI 1,600);
/// 2024: А 400 of 1,000, six others (HHI 2,200: +37.5%, top share +10 points).
#[test]
fn concentration_rising_when_hhi_and_the_top_share_both_rise() {
    let csv = monthly(&[2023, 2024], |y, _| {
        let mut v = vec![("А", if y == 2023 { 300 } else { 400 })];
        v.extend(SEVEN.iter().take(if y == 2023 { 7 } else { 6 }).map(|c| (*c, 100)));
        v
    });
    let r = run("concentration_rising", &csv, &Options::default());
    let f = findings(&r, "concentration_rising");
    assert_eq!(f.len(), 1, "{f:?}");
    let f = &f[0];
    assert_eq!(f.client.as_deref(), Some("А"));
    assert!(close(f.hhi, 2200.0) && close(f.hhi_before, 1600.0), "{f:?}");
    assert!(close(f.share, 0.4) && close(f.share_before, 0.3), "{f:?}");
    assert_eq!(
        (f.from.as_deref(), f.to_before.as_deref()),
        (Some("2024-01-01"), Some("2023-12-31"))
    );
    let years = &r.time.as_ref().expect("time").years;
    assert_eq!(years.len(), 2);
    assert!(close(years[0].hhi, 1600.0) && close(years[1].top1_share, 0.4));
    assert_eq!(years[1].key_accounts.len(), 7, "every client is ≥ 10% of 2024");
}

/// 2024: А 330 of 1,030 — its share up 2 points only (HHI +5%): no rise.
#[test]
fn concentration_rising_is_absent_just_below_its_rule() {
    let csv = monthly(&[2023, 2024], |y, _| {
        let mut v = vec![("А", if y == 2023 { 300 } else { 330 })];
        v.extend(SEVEN.iter().map(|c| (*c, 100)));
        v
    });
    let r = run("concentration_steady", &csv, &Options::default());
    assert!(findings(&r, "concentration_rising").is_empty());
    assert!(findings(&r, "trends_unchecked").is_empty());
}

/// А buys 300 a month, then 150 from October 2024: exactly half its usual month.
#[test]
fn a_key_client_at_half_its_monthly_average_slips() {
    let csv = monthly(&[2023, 2024], |y, m| {
        let mut v = vec![("А", if y == 2024 && m >= 10 { 150 } else { 300 })];
        v.extend(SEVEN.iter().map(|c| (*c, 100)));
        v
    });
    let r = run("slipping_key_client", &csv, &Options::default());
    let f = findings(&r, "slipping_key_client");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].client.as_deref(), Some("А"));
    assert!(
        close(f[0].monthly_recent, 150.0) && close(f[0].monthly_before, 300.0),
        "{:?}",
        f[0]
    );
    assert_eq!(
        (f[0].from.as_deref(), f[0].to.as_deref()),
        (Some("2024-10-01"), Some("2024-12-31"))
    );
    assert!(findings(&r, "lost_key_client").is_empty(), "it still buys every month");
}

/// The file ends on 9 January 2025 with a small first purchase: January is partial and is
/// neither a slip nor a collapse.
#[test]
fn a_partial_last_month_never_triggers_slipping() {
    let mut csv = monthly(&[2023, 2024], |_, _| {
        let mut v = vec![("А", 300)];
        v.extend(SEVEN.iter().map(|c| (*c, 100)));
        v
    });
    csv.push_str("А;09.01.2025;30\n");
    let r = run("partial_last_month", &csv, &Options::default());
    let time = r.time.as_ref().expect("time");
    let last = time.months.last().expect("months");
    assert_eq!((last.period.as_str(), last.partial), ("2025-01", true));
    assert!(time.months.iter().rev().skip(1).all(|m| !m.partial));
    assert_eq!(time.quarters.last().map(|q| q.partial), Some(true));
    assert_eq!(time.windows.as_ref().map(|w| w.recent.to.as_str()), Some("2024-12-31"));
    assert!(findings(&r, "slipping_key_client").is_empty());
    assert!(findings(&r, "concentration_rising").is_empty());
}

/// Б buys 50 a month in 2023 (5.3% of 950), 300 in 2024 (25% of 1,200).
#[test]
fn a_client_key_in_the_recent_window_only_is_a_new_key_account() {
    let csv = monthly(&[2023, 2024], |y, _| {
        let mut v = vec![("А", 300), ("Б", if y == 2023 { 50 } else { 300 })];
        v.extend(SEVEN.iter().skip(1).map(|c| (*c, 100)));
        v
    });
    let r = run("new_key_account", &csv, &Options::default());
    let f = findings(&r, "new_key_account");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].client.as_deref(), Some("Б"));
    assert!(
        close(f[0].share, 0.25) && close(f[0].share_before, 50.0 / 950.0),
        "{:?}",
        f[0]
    );
}

/// Four clients with 1,200 each over 2024: steady 100 a month (cv 0), 80/120 (cv 0.2),
/// 50/150 (cv 0.5) and 0/200 (cv 1).
#[test]
fn xyz_classes_follow_the_coefficient_of_variation() {
    let csv = monthly(&[2024], |_, m| {
        let odd = m % 2 == 1;
        vec![
            ("Ровный", 100),
            ("Волна", if odd { 80 } else { 120 }),
            ("Качели", if odd { 50 } else { 150 }),
            ("Через месяц", if odd { 0 } else { 200 }),
        ]
    });
    let r = run("xyz_classes", &csv, &Options::default());
    let class = |name: &str| {
        let c = r.clients.iter().find(|c| c.name == name).expect("client");
        (c.xyz.clone().unwrap_or_default(), c.cv.unwrap_or(-1.0))
    };
    for (name, want, cv) in [
        ("Ровный", "X", 0.0),
        ("Волна", "Y", 0.2),
        ("Качели", "Z", 0.5),
        ("Через месяц", "Z", 1.0),
    ] {
        let (got, got_cv) = class(name);
        assert_eq!(got, want, "{name}");
        assert!((got_cv - cv).abs() < 1e-9, "{name}: cv {got_cv}, want {cv}");
    }
    let xyz = r.time.as_ref().and_then(|t| t.xyz.as_ref()).expect("xyz");
    assert_eq!(xyz.months, 12);
    let cell = |abc: &str, x: &str| {
        xyz.cells
            .iter()
            .find(|c| c.abc == abc && c.xyz == x)
            .map(|c| (c.clients, c.amount))
    };
    assert_eq!(cell("A", "X"), Some((1, 1200.0)));
    assert_eq!(cell("A", "Y"), Some((1, 1200.0)));
    assert_eq!(cell("A", "Z"), Some((2, 2400.0)));
    assert_eq!(xyz.cells.iter().map(|c| c.clients).sum::<u32>(), 4);
    let unstable: Vec<String> = findings(&r, "unstable_key_client")
        .into_iter()
        .filter_map(|f| f.client)
        .collect();
    assert_eq!(unstable.len(), 2, "{unstable:?}");
    assert!(unstable.contains(&"Качели".to_string()) && unstable.contains(&"Через месяц".to_string()));
    // Rhythm: «Через месяц» buys every other month (a 61-day median gap), «Ровный» monthly.
    let rhythm = |name: &str| {
        r.clients
            .iter()
            .find(|c| c.name == name)
            .map(|c| (c.purchase_days, c.median_gap))
    };
    assert_eq!(rhythm("Через месяц"), Some((Some(6), Some(61.0))));
    assert_eq!(rhythm("Ровный").and_then(|r| r.0), Some(12));
}

const GROSS_PROFIT: &str = "Контрагент;Дата;Выручка;Себестоимость;Валовая прибыль\n\
ООО «Альфа»;15.03.2024;600;650;-50\n\
ООО «Бета»;15.03.2024;300;150;150\n\
ООО «Вега»;15.03.2024;90;-10;100\n\
ООО «Гамма»;15.03.2024;10;10;0\n";

/// Revenue 1,000: key Альфа (60%) and Бета (30%). Gross profit 200: Бета (75%) and Вега (50%);
/// Альфа, key by revenue, loses money.
#[test]
fn key_accounts_by_gross_profit_differ_from_those_by_revenue() {
    let keys = |r: &Report| {
        let mut k: Vec<String> = r
            .key_accounts
            .iter()
            .filter(|k| k.group.is_none())
            .map(|k| k.client.clone())
            .collect();
        k.sort();
        k
    };
    let revenue = run("gross_profit_revenue", GROSS_PROFIT, &Options::default());
    assert_eq!(revenue.measures, [Measure::Revenue, Measure::Profit]);
    assert_eq!(revenue.total, 1000.0);
    assert_eq!(keys(&revenue), ["ООО «Альфа»", "ООО «Бета»"]);
    let loss = findings(&revenue, "loss_making_key_client");
    assert_eq!(loss.len(), 1, "{loss:?}");
    assert_eq!(
        (loss[0].client.as_deref(), loss[0].profit),
        (Some("ООО «Альфа»"), Some(-50.0))
    );
    let alpha = revenue.clients.iter().find(|c| c.name == "ООО «Альфа»").expect("Альфа");
    assert_eq!((alpha.revenue, alpha.profit), (600.0, Some(-50.0)));

    let mut options = Options::default();
    options.method.measure = Measure::Profit;
    let profit = run("gross_profit_by_margin", GROSS_PROFIT, &options);
    assert_eq!(profit.measure, Measure::Profit);
    assert_eq!(profit.total, 200.0);
    assert_eq!(keys(&profit), ["ООО «Бета»", "ООО «Вега»"]);
    let vega = profit.clients.iter().find(|c| c.name == "ООО «Вега»").expect("Вега");
    assert_eq!((vega.amount, vega.revenue), (100.0, 90.0));
    assert_eq!(
        findings(&profit, "loss_making_key_client").len(),
        1,
        "judged by revenue whatever the measure"
    );

    // Without a profit column, profit is revenue less cost.
    let cost_only = "Контрагент;Выручка;Себестоимость\nООО «Альфа»;600;650\nООО «Бета»;300;150\n";
    let r = keyaccounts::analyze(cost_only.as_bytes(), &options).expect("report");
    assert_eq!(r.total, 100.0);
    assert_eq!(r.clients.iter().map(|c| c.amount).collect::<Vec<_>>(), [150.0, -50.0]);
}

/// 2023: А 500, Б 300, В 200; 2024: А 600, Б 90, Г 310 — the same total.
#[test]
fn two_years_compared_client_by_client() {
    let csv = "Клиент;Дата;Сумма\nА;15.06.2023;500\nБ;15.06.2023;300\nВ;15.06.2023;200\n\
А;15.06.2024;600\nБ;15.06.2024;90\nГ;15.06.2024;310\n";
    let r = run("comparison_two_years", csv, &Options::default());
    let c = r.comparison.as_ref().expect("comparison");
    assert_eq!(c.basis, "same_period_last_year");
    assert_eq!(
        (c.before.from.as_deref(), c.before.to.as_deref()),
        (Some("2023-01-01"), Some("2023-06-15"))
    );
    assert_eq!(
        (c.after.from.as_deref(), c.after.to.as_deref()),
        (Some("2024-01-01"), Some("2024-06-15"))
    );
    assert_eq!(
        (c.before.total, c.after.total, c.change, c.change_ratio),
        (1000.0, 1000.0, 0.0, Some(0.0))
    );
    assert_eq!((c.gained, c.lost, c.grown, c.shrunk), (1, 1, 1, 1));
    assert_eq!(c.before.key_accounts, ["А", "Б", "В"]);
    assert_eq!(c.after.key_accounts, ["А", "Г"]);
    let b = c.clients.iter().find(|x| x.name == "Б").expect("Б");
    assert_eq!(
        (b.share_before, b.share_after, b.key_before, b.key_after),
        (0.3, 0.09, true, false)
    );
    assert_eq!(b.movement, "shrunk");
    // Top movers first: Г +310, Б −210, В −200, А +100.
    let order: Vec<&str> = c.clients.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(order, ["Г", "Б", "В", "А"]);
}

#[test]
fn a_date_range_analyses_only_its_days() {
    let csv = monthly(&[2023, 2024], |y, _| {
        vec![("А", if y == 2023 { 300 } else { 100 }), ("Б", 100)]
    });
    let mut options = Options::default();
    options.method.range.from = keyaccounts::core::value::Date::from_ymd(2024, 1, 1);
    let r = keyaccounts::analyze(csv.as_bytes(), &options).expect("report");
    assert_eq!(r.total, 2400.0);
    assert_eq!(r.time.as_ref().map(|t| t.months.len()), Some(12));
    assert_eq!(r.range.as_ref().and_then(|x| x.from.as_deref()), Some("2024-01-01"));
}

#[test]
fn without_dates_time_is_absent_and_says_why() {
    let r = run("no_dates", "Клиент;Сумма\nА;600\nБ;400\n", &Options::default());
    assert!(r.time.is_none() && r.comparison.is_none());
    assert_eq!(r.time_unavailable.as_deref(), Some("no_date_column"));
    assert!(findings(&r, "trends_unchecked").is_empty());
    assert!(r.clients.iter().all(|c| c.rhythm.is_none() && c.xyz.is_none()));
    // Months in columns without a year: no dates either.
    let wide = "Клиент;Январь;Февраль;Март\nА;100;120;90\nБ;10;0;15\n";
    let r = keyaccounts::analyze(wide.as_bytes(), &Options::default()).expect("report");
    assert_eq!(r.time_unavailable.as_deref(), Some("periods_without_year"));
}

/// Months in columns under a stated year: periods, but no purchase rhythm.
#[test]
fn a_wide_table_has_periods_but_no_rhythm() {
    let wide = "Продажи за 2024 год;;;;\n;;;;\nКлиент;Январь;Февраль;Март;Апрель\nА;100;120;90;110\nБ;10;0;15;12\n";
    let r = keyaccounts::analyze(wide.as_bytes(), &Options::default()).expect("report");
    let t = r.time.as_ref().expect("time");
    assert_eq!((t.granularity.as_str(), t.rhythm, t.months.len()), ("month", false, 4));
    assert!(t.months.iter().all(|m| !m.partial), "whole month columns");
    assert!(r.clients.iter().all(|c| c.rhythm.is_none() && c.last_date.is_none()));
    assert!(r.clients.iter().all(|c| c.xyz.is_some()));
}

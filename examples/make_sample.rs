//! Writes the demo sales file: a 1C-style export (title block above the header,
//! a totals row) of about 4,000 lines over 2023–2024, 40 clients, 5 managers
//! in 3 departments, with returns — in Russian (the default) or English. It is
//! built so that every finding of the method occurs (`tests/demo.rs` checks):
//!
//! - a client above 20% of company sales (`dependency`);
//! - one manager leading 4 company key accounts (`manager_overload`);
//! - a client key only within its department (≥10% there, <10% of the company);
//! - clients key only within a manager's book;
//! - a company key client that stopped buying in September 2024 (`lost_key_client`);
//! - the largest client's share rising through 2024 (`concentration_rising`, 2024 against 2023);
//! - a client key in 2024 that was not in 2023 (`new_key_account`);
//! - a company key client buying a third of its usual volume since October 2024 (`slipping_key_client`).
//!
//! Deterministic: a tiny LCG, no clock, no rand crate.
//!
//! ```text
//! cargo run --example make_sample -- [--lang ru|en] OUT.xlsx
//! ```

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::PathBuf;

/// The demo's language: headers, names, title block and totals row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Russian (the default).
    Ru,
    /// English.
    En,
}

/// When a client buys.
#[derive(Clone, Copy)]
enum Pattern {
    /// All two years.
    Steady,
    /// Until this day (days since 2023-01-01), then never again.
    Until(i64),
    /// From this day on.
    Since(i64),
    /// Its weight in 2023, rising evenly through 2024 to this weight.
    Rising(u32),
    /// Its weight in 2023, then this weight from 2024.
    Newly(u32),
    /// Its weight until this day, then this weight.
    Slipping(i64, u32),
}

/// One client: Russian name, English name, manager (index into `MANAGERS`),
/// weight (its expected part of each day's sales, against the other weights that day), buying pattern.
struct Client {
    ru: &'static str,
    en: &'static str,
    manager: usize,
    weight: u32,
    pattern: Pattern,
}

const fn c(ru: &'static str, en: &'static str, manager: usize, weight: u32, pattern: Pattern) -> Client {
    Client {
        ru,
        en,
        manager,
        weight,
        pattern,
    }
}

use Pattern::{Newly, Rising, Since, Slipping, Steady, Until};

/// Weights of 2023 add up to about 900. Manager books: Ivanov (four company key
/// accounts), Petrova 100, Sidorov 120, Kuznetsova 90, Smirnov 80. Over the two
/// years Polaris makes about 22%, Magnolia, Northern and Prodtorg 11–13% each.
#[rustfmt::skip]
const CLIENTS: [Client; 40] = [
    // Ivanov, Wholesale: the four company key accounts (≥10% each) and two small ones.
    // The largest client grows through 2024: about 20% of 2023, 25% of 2024.
    c("ООО «Гипермаркет Полюс»", "Polaris Hypermarkets Ltd", 0, 170, Rising(330)),
    // Slipping: from October 2024 (day 639) a third of its usual volume.
    c("ООО «Сеть Магнолия»", "Magnolia Stores Ltd", 0, 130, Slipping(639, 40)),
    // A new key account: about 7% of 2023, 16% of 2024.
    c("АО «Северная торговая компания»", "Northern Trading Company plc", 0, 70, Newly(200)),
    // The lost key client: regular until early September 2024, then silence.
    c("ООО «Продторг»", "Prodtorg Foods Ltd", 0, 150, Until(610)),
    c("ИП Гафуров Д.В.", "Gafurov & Sons", 0, 12, Steady),
    c("ООО «Янтарь»", "Amber Grocers Ltd", 0, 8, Steady),
    // Petrova, Wholesale: key accounts of her own book (≥10% of 100‰), not of the department (71‰).
    c("ООО «Метрополис»", "Metropolis Trading Ltd", 1, 18, Steady),
    c("АО «Уральский опт»", "Ural Wholesale plc", 1, 16, Steady),
    c("ООО «Лесная сказка»", "Forest Tale Bakery Ltd", 1, 14, Steady),
    c("ИП Чащина С.Ф.", "Chashchina Deli", 1, 12, Steady),
    c("ООО «Новый Тобол»", "New Tobol Supplies Ltd", 1, 11, Steady),
    c("ООО «Вектор»", "Vector Catering Ltd", 1, 9, Steady),
    c("ИП Каширских Т.В.", "Kashirskikh Farm Shop", 1, 8, Steady),
    c("ООО «Ромашка»", "Camomile Cafe Ltd", 1, 7, Steady),
    c("ООО «Ромашка-Плюс»", "Camomile Plus Ltd", 1, 5, Steady),
    // Sidorov, Retail: the first is key within Retail (≥21‰) but not the company.
    c("ООО «Сибирский двор»", "Siberian Yard Markets Ltd", 2, 30, Steady),
    c("ООО «Кедр»", "Cedar Convenience Ltd", 2, 19, Steady),
    c("ООО «Аргумент»", "Argument Retail Ltd", 2, 18, Steady),
    c("ООО «Оптима»", "Optima Mini-Markets Ltd", 2, 15, Steady),
    c("ООО «Берёзка»", "Birch Tree Shops Ltd", 2, 12, Steady),
    c("ООО «Радуга»", "Rainbow Corner Shops Ltd", 2, 10, Steady),
    c("ООО «Фортуна»", "Fortuna Food Hall Ltd", 2, 9, Since(400)),
    c("ООО «Мечта»", "Dream Kitchen Ltd", 2, 7, Since(450)),
    // Kuznetsova, Retail.
    c("ООО «Тайга-Маркет»", "Taiga Market Ltd", 3, 15, Steady),
    c("ООО «Восход»", "Sunrise Stores Ltd", 3, 13, Steady),
    c("ИП Морозов С.А.", "Morozov Bakery", 3, 12, Steady),
    c("ООО «Колос»", "Golden Ear Bakeries Ltd", 3, 11, Steady),
    c("ИП Лебедев И.П.", "Lebedev Corner Shop", 3, 10, Until(420)),
    c("ООО «Купец»", "Merchant House Ltd", 3, 9, Steady),
    c("ООО «Семейный»", "Family Store Ltd", 3, 8, Until(380)),
    c("ИП Соколова А.В.", "Sokolova Grocery", 3, 7, Steady),
    c("ООО «Магистраль»", "Highway Stops Ltd", 3, 5, Steady),
    // Smirnov, Public sector (his department alone).
    c("МБОУ «Туртасская СОШ»", "Turtas Secondary School", 4, 16, Steady),
    c("ГБУЗ «Городская больница №2»", "City Hospital No. 2", 4, 14, Steady),
    c("МБДОУ «Детский сад №5»", "Nursery School No. 5", 4, 12, Steady),
    c("ИП Шугурова З.Х.", "Shugurova Canteens", 4, 10, Steady),
    c("ИП Азанов Х.З.", "Azanov Catering", 4, 9, Steady),
    c("ООО «Уют»", "Comfort Care Homes Ltd", 4, 8, Steady),
    c("ООО «Заря»", "Dawn Social Services Ltd", 4, 6, Steady),
    c("ИП Волков Д.О.", "Volkov Field Kitchens", 4, 5, Steady),
];

/// A manager and their department.
type Staff = (&'static str, &'static str);

/// Manager and department, in Russian and English.
#[rustfmt::skip]
const MANAGERS: [(Staff, Staff); 5] = [
    (("Иванов Игорь Иванович", "Оптовый отдел"), ("Igor Ivanov", "Wholesale")),
    (("Петрова Анна Сергеевна", "Оптовый отдел"), ("Anna Petrova", "Wholesale")),
    (("Сидоров Павел Петрович", "Розничный отдел"), ("Pavel Sidorov", "Retail")),
    (("Кузнецова Мария Олеговна", "Розничный отдел"), ("Maria Kuznetsova", "Retail")),
    (
        ("Смирнов Алексей Викторович", "Отдел бюджетных продаж"),
        ("Alexey Smirnov", "Public sector"),
    ),
];

/// Product (Russian, English) and list price.
#[rustfmt::skip]
const PRODUCTS: [(&str, &str, i64); 8] = [
    ("Мука пшеничная в/с, 50 кг", "Wheat flour, premium, 50 kg", 2_150),
    ("Сахар-песок, 50 кг", "Granulated sugar, 50 kg", 3_480),
    ("Масло подсолнечное, 5 л", "Sunflower oil, 5 l", 640),
    ("Крупа гречневая, 25 кг", "Buckwheat, 25 kg", 2_290),
    ("Макароны, 5 кг", "Pasta, 5 kg", 520),
    ("Чай чёрный, 100 пак.", "Black tea, 100 bags", 310),
    ("Консервы рыбные, 24 шт.", "Canned fish, 24 pcs", 1_780),
    ("Рис круглозёрный, 25 кг", "Round-grain rice, 25 kg", 2_050),
];

// The generator and the calendar helper repeat tests/fixtures/build.rs so that
// this example reads on its own.
struct Lcg(u64);

impl Lcg {
    fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next_u32() % n
    }
}

/// Days since 1970-01-01 → (year, month, day).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// 2023-01-01 as days since 1970-01-01.
const START: i64 = 19_358;
/// 2023-01-01 ..= 2024-12-31.
const DAYS: i64 = 731;
/// Sales lines written.
const LINES: usize = 4_000;

struct Line {
    day: i64,
    client: usize,
    product: usize,
    qty: i64,
    cents: i64,
}

/// A client's weight on `day` (0: it does not buy then).
fn weight_at(c: &Client, day: i64) -> u32 {
    let year2 = DAYS - 365;
    match c.pattern {
        Steady => c.weight,
        Until(d) if day < d => c.weight,
        Since(d) if day >= d => c.weight,
        Until(_) | Since(_) => 0,
        Rising(to) if day >= 365 => c.weight + ((i64::from(to - c.weight) * (day - 365)) / year2) as u32,
        Newly(to) if day >= 365 => to,
        Slipping(d, to) if day >= d => to,
        Rising(_) | Newly(_) | Slipping(..) => c.weight,
    }
}

fn lines() -> Vec<Line> {
    let mut rng = Lcg(2024);
    let mut out = Vec::with_capacity(LINES);
    while out.len() < LINES {
        // A day, then a client with probability ∝ its weight that day: every day has the
        // same expected sales, so a weight is a share of that day's sales.
        let day = i64::from(rng.below(DAYS as u32));
        let sum: u32 = CLIENTS.iter().map(|c| weight_at(c, day)).sum();
        let mut pick = rng.below(sum);
        let mut client = CLIENTS.len() - 1;
        for (i, c) in CLIENTS.iter().enumerate() {
            let w = weight_at(c, day);
            if pick < w {
                client = i;
                break;
            }
            pick -= w;
        }
        let product = rng.below(PRODUCTS.len() as u32) as usize;
        let qty = 1 + i64::from(rng.below(30));
        let discount = 100 - i64::from(rng.below(12));
        let mut cents = PRODUCTS[product].2 * qty * discount; // kopecks / cents
        let mut qty_signed = qty;
        if rng.below(50) == 0 {
            // a return
            cents = -cents / 2;
            qty_signed = -qty / 2 - 1;
        }
        out.push(Line {
            day,
            client,
            product,
            qty: qty_signed,
            cents,
        });
    }
    out.sort_by_key(|l| (l.day, l.client));
    out
}

/// Which client or manager shows each finding (names in the file's language).
pub struct Expect {
    /// The client above 20% of company sales (`dependency`).
    pub dependency: &'static str,
    /// The manager leading more than 3 company key accounts (`manager_overload`)…
    pub overloaded_manager: &'static str,
    /// …and those key accounts.
    pub overload_clients: Vec<&'static str>,
    /// A department and a client key there but not at company level.
    pub department_only: (&'static str, &'static str),
    /// A manager and a client key in that manager's book only.
    pub manager_only: (&'static str, &'static str),
    /// The company key client that stopped buying (`lost_key_client`).
    pub lost: &'static str,
    /// The largest client, its share rising from 2023 to 2024 (`concentration_rising`).
    pub rising: &'static str,
    /// The client key in 2024 and not in 2023 (`new_key_account`).
    pub new_key: &'static str,
    /// The company key client buying far less since October 2024 (`slipping_key_client`).
    pub slipping: &'static str,
}

/// What the sample holds, computed while writing it (the integration tests
/// include this file to check the engine's report of the sample).
pub struct Summary {
    /// Sales lines written.
    pub lines: usize,
    /// Their net total in cents.
    pub total_cents: i64,
    /// Client name and net amount in kopecks (cents), in `CLIENTS` order.
    pub clients: Vec<(&'static str, i64)>,
    /// Where each finding of the method is meant to appear.
    pub expect: Expect,
}

/// The Russian sample workbook's bytes and what it holds.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
#[allow(dead_code)] // used by tests/integration
pub fn build() -> Result<(Vec<u8>, Summary), XlsxError> {
    build_lang(Lang::Ru)
}

/// The sample workbook in `lang`, and what it holds.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn build_lang(lang: Lang) -> Result<(Vec<u8>, Summary), XlsxError> {
    let ru = lang == Lang::Ru;
    let client_name = |i: usize| if ru { CLIENTS[i].ru } else { CLIENTS[i].en };
    let manager_of = |m: usize| if ru { MANAGERS[m].0 } else { MANAGERS[m].1 };
    let lines = lines();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(if ru { "Продажи" } else { "Sales" })?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format(if ru { "dd.mm.yyyy" } else { "yyyy-mm-dd" });
    let money = Format::new().set_num_format(if ru { "# ##0.00" } else { "#,##0.00" });
    let title: [&str; 4] = if ru {
        [
            "Продажи по контрагентам",
            "ООО «Торговый дом Север»",
            "Период: 01.01.2023 - 31.12.2024",
            "Отбор: Организация Равно \"ООО «Торговый дом Север»\"",
        ]
    } else {
        [
            "Sales by customer",
            "Northern Trading House Ltd",
            "Period: 2023-01-01 - 2024-12-31",
            "Filter: Company = \"Northern Trading House Ltd\"",
        ]
    };
    ws.write_string_with_format(0, 0, title[0], &bold)?;
    for (r, t) in title.iter().enumerate().skip(1) {
        ws.write_string(r as u32, 0, *t)?;
    }
    let header: [&str; 8] = if ru {
        [
            "Дата",
            "Документ",
            "Контрагент",
            "Менеджер",
            "Подразделение",
            "Номенклатура",
            "Количество",
            "Сумма, руб.",
        ]
    } else {
        [
            "Date",
            "Document",
            "Customer",
            "Manager",
            "Department",
            "Product",
            "Quantity",
            "Amount",
        ]
    };
    let header_row = 5;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &bold)?;
    }
    let mut total = 0i64;
    let mut per_client = [0i64; CLIENTS.len()];
    for (i, l) in lines.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let (y, m, d) = civil_from_days(START + l.day);
        let document = match (ru, l.cents < 0) {
            (true, false) => format!("Реализация товаров и услуг ТДС-{:06} от {d:02}.{m:02}.{y}", 1000 + i),
            (true, true) => format!("Возврат товаров от покупателя ТДС-{:06} от {d:02}.{m:02}.{y}", 1000 + i),
            (false, false) => format!("Sales invoice NTH-{:06} of {y}-{m:02}-{d:02}", 1000 + i),
            (false, true) => format!("Customer return NTH-{:06} of {y}-{m:02}-{d:02}", 1000 + i),
        };
        let (manager, department) = manager_of(CLIENTS[l.client].manager);
        let product = if ru {
            PRODUCTS[l.product].0
        } else {
            PRODUCTS[l.product].1
        };
        ws.write_datetime_with_format(r, 0, &ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?, &date)?;
        ws.write_string(r, 1, document)?;
        ws.write_string(r, 2, client_name(l.client))?;
        ws.write_string(r, 3, manager)?;
        ws.write_string(r, 4, department)?;
        ws.write_string(r, 5, product)?;
        ws.write_number(r, 6, l.qty as f64)?;
        ws.write_number_with_format(r, 7, l.cents as f64 / 100.0, &money)?;
        total += l.cents;
        per_client[l.client] += l.cents;
    }
    let r = header_row + 1 + lines.len() as u32;
    ws.write_string_with_format(r, 0, if ru { "Итого" } else { "Total" }, &bold)?;
    ws.write_number_with_format(r, 7, total as f64 / 100.0, &money.clone().set_bold())?;
    for (col, width) in [(0, 12), (1, 48), (2, 34), (3, 30), (4, 26), (5, 30), (7, 16)] {
        ws.set_column_width(col, width)?;
    }
    let clients = (0..CLIENTS.len()).map(client_name).zip(per_client).collect();
    let expect = Expect {
        dependency: client_name(0),
        overloaded_manager: manager_of(0).0,
        overload_clients: (0..4).map(client_name).collect(),
        department_only: (manager_of(2).1, client_name(15)),
        manager_only: (manager_of(1).0, client_name(6)),
        lost: client_name(3),
        rising: client_name(0),
        new_key: client_name(2),
        slipping: client_name(1),
    };
    let summary = Summary {
        lines: lines.len(),
        total_cents: total,
        clients,
        expect,
    };
    Ok((wb.save_to_buffer()?, summary))
}

fn main() {
    let mut lang = Lang::Ru;
    let mut path = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--lang") => match args.next().as_ref().and_then(|a| a.to_str()) {
                Some("ru") => lang = Lang::Ru,
                Some("en") => lang = Lang::En,
                _ => usage(),
            },
            Some(a) if a.starts_with('-') => usage(),
            _ if path.is_none() => path = Some(PathBuf::from(arg)),
            _ => usage(),
        }
    }
    let Some(path) = path else { usage() };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let written = build_lang(lang)
        .map_err(|e| e.to_string())
        .and_then(|(bytes, summary)| {
            std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
            Ok(summary)
        });
    match written {
        Ok(s) => {
            let top = s.clients.iter().map(|c| c.1).max().unwrap_or(0);
            eprintln!(
                "{}: {} lines, total {:.2}, largest client {:.1}%",
                path.display(),
                s.lines,
                s.total_cents as f64 / 100.0,
                top as f64 * 100.0 / s.total_cents as f64
            );
            let e = &s.expect;
            eprintln!(
                "  meant to show: dependency {}; {} leading {}; key only in {}: {}; key only in {}'s book: {}; lost: {}; rising: {}; new key: {}; slipping: {}",
                e.dependency,
                e.overloaded_manager,
                e.overload_clients.join(", "),
                e.department_only.0,
                e.department_only.1,
                e.manager_only.0,
                e.manager_only.1,
                e.lost,
                e.rising,
                e.new_key,
                e.slipping
            );
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: make_sample [--lang ru|en] OUT.xlsx");
    std::process::exit(2);
}

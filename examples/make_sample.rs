//! Writes a realistic sample sales file: a Russian 1C-style export with a title
//! block, about 2,000 lines over 2023–2024, 40 clients with a long tail (the
//! largest is about 22% of sales), 5 managers in 3 departments, returns, and
//! an "Итого" row. Deterministic: a tiny LCG, no clock, no rand crate.
//!
//! ```text
//! cargo run --example make_sample -- target/sample/ru_sales_sample.xlsx
//! ```

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::PathBuf;

const CLIENTS: [&str; 40] = [
    "ООО «Гипермаркет Полюс»",
    "ООО «Сеть Магнолия»",
    "АО «Северная торговая компания»",
    "ООО «Продторг»",
    "ИП Гафуров Д.В.",
    "ООО «Янтарь»",
    "ООО «Метрополис»",
    "АО «Уральский опт»",
    "ООО «Лесная сказка»",
    "ИП Чащина С.Ф.",
    "ООО «Новый Тобол»",
    "ООО «Вектор»",
    "ИП Каширских Т.В.",
    "ООО «Ромашка»",
    "ООО «Ромашка-Плюс»",
    "МБОУ «Туртасская СОШ»",
    "ООО «Аргумент»",
    "ИП Шугурова З.Х.",
    "ООО «Сибирский двор»",
    "ООО «Кедр»",
    "ИП Азанов Х.З.",
    "ООО «Оптима»",
    "ООО «Берёзка»",
    "ООО «Радуга»",
    "ИП Морозов С.А.",
    "ООО «Тайга-Маркет»",
    "ООО «Восход»",
    "ООО «Фортуна»",
    "ИП Лебедев И.П.",
    "ООО «Колос»",
    "ООО «Мечта»",
    "ИП Соколова А.В.",
    "ООО «Купец»",
    "ООО «Семейный»",
    "ООО «Магистраль»",
    "ИП Новикова Е.Ю.",
    "ООО «Уют»",
    "ООО «Заря»",
    "ИП Волков Д.О.",
    "ООО «Горизонт»",
];

/// Manager and department.
const MANAGERS: [(&str, &str); 5] = [
    ("Иванов Игорь Иванович", "Оптовый отдел"),
    ("Петрова Анна Сергеевна", "Оптовый отдел"),
    ("Сидоров Павел Петрович", "Розничный отдел"),
    ("Кузнецова Мария Олеговна", "Розничный отдел"),
    ("Смирнов Алексей Викторович", "Отдел бюджетных продаж"),
];

/// Product and list price in roubles.
const PRODUCTS: [(&str, i64); 8] = [
    ("Мука пшеничная в/с, 50 кг", 2_150),
    ("Сахар-песок, 50 кг", 3_480),
    ("Масло подсолнечное, 5 л", 640),
    ("Крупа гречневая, 25 кг", 2_290),
    ("Макароны, 5 кг", 520),
    ("Чай чёрный, 100 пак.", 310),
    ("Консервы рыбные, 24 шт.", 1_780),
    ("Рис круглозёрный, 25 кг", 2_050),
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
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        self.next_u32() as f64 / (1u64 << 31) as f64
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

struct Line {
    day: i64,
    client: usize,
    product: usize,
    qty: i64,
    cents: i64,
}

fn lines() -> Vec<Line> {
    let mut rng = Lcg(2024);
    // long tail: weight ~ 1/rank^1.15, then the largest client set to ~22% of the total weight
    let mut weights: Vec<f64> = (0..CLIENTS.len()).map(|i| 1.0 / ((i + 1) as f64).powf(1.15)).collect();
    let rest: f64 = weights[1..].iter().sum();
    weights[0] = rest * 0.22 / 0.78;
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::new();
    while out.len() < 2_000 {
        let mut pick = rng.unit() * sum;
        let mut client = CLIENTS.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                client = i;
                break;
            }
            pick -= w;
        }
        let mut day = rng.below(DAYS as u32) as i64;
        // three clients stopped buying in 2024 (lost), two started in 2024 (new)
        if (10..13).contains(&client) && day > 450 {
            day -= 300;
        }
        if (30..32).contains(&client) && day < 365 {
            day += 365;
        }
        let product = rng.below(PRODUCTS.len() as u32) as usize;
        let qty = 1 + rng.below(30) as i64;
        let discount = 100 - rng.below(12) as i64;
        let mut cents = PRODUCTS[product].1 * qty * discount; // kopecks
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

/// What the sample holds, computed while writing it (the integration tests
/// include this file to check the engine's report of the sample).
pub struct Summary {
    pub lines: usize,
    pub total_cents: i64,
    /// Client name and net amount in kopecks, in `CLIENTS` order.
    pub clients: Vec<(&'static str, i64)>,
}

/// The sample workbook's bytes and what it holds.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn build() -> Result<(Vec<u8>, Summary), XlsxError> {
    let lines = lines();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Продажи")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let money = Format::new().set_num_format("# ##0.00");
    ws.write_string_with_format(0, 0, "Продажи по контрагентам", &bold)?;
    ws.write_string(1, 0, "ООО «Торговый дом Север»")?;
    ws.write_string(2, 0, "Период: 01.01.2023 - 31.12.2024")?;
    ws.write_string(3, 0, "Отбор: Организация Равно \"ООО «Торговый дом Север»\"")?;
    let header = [
        "Дата",
        "Документ",
        "Контрагент",
        "Менеджер",
        "Подразделение",
        "Номенклатура",
        "Количество",
        "Сумма, руб.",
    ];
    let header_row = 5;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &bold)?;
    }
    let mut total = 0i64;
    let mut per_client = [0i64; CLIENTS.len()];
    for (i, l) in lines.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let (y, m, d) = civil_from_days(START + l.day);
        let kind = if l.cents < 0 {
            "Возврат товаров от покупателя"
        } else {
            "Реализация товаров и услуг"
        };
        let (manager, department) = MANAGERS[l.client % MANAGERS.len()];
        ws.write_datetime_with_format(r, 0, &ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?, &date)?;
        ws.write_string(r, 1, format!("{kind} ТДС-{:06} от {d:02}.{m:02}.{y}", 1000 + i))?;
        ws.write_string(r, 2, CLIENTS[l.client])?;
        ws.write_string(r, 3, manager)?;
        ws.write_string(r, 4, department)?;
        ws.write_string(r, 5, PRODUCTS[l.product].0)?;
        ws.write_number(r, 6, l.qty as f64)?;
        ws.write_number_with_format(r, 7, l.cents as f64 / 100.0, &money)?;
        total += l.cents;
        per_client[l.client] += l.cents;
    }
    let r = header_row + 1 + lines.len() as u32;
    ws.write_string_with_format(r, 0, "Итого", &bold)?;
    ws.write_number_with_format(r, 7, total as f64 / 100.0, &money.clone().set_bold())?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 48)?;
    ws.set_column_width(2, 34)?;
    ws.set_column_width(3, 30)?;
    ws.set_column_width(4, 26)?;
    ws.set_column_width(5, 30)?;
    ws.set_column_width(7, 16)?;
    let clients = CLIENTS.iter().copied().zip(per_client).collect();
    let summary = Summary {
        lines: lines.len(),
        total_cents: total,
        clients,
    };
    Ok((wb.save_to_buffer()?, summary))
}

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make_sample OUT.xlsx");
        std::process::exit(2);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let written = build().map_err(|e| e.to_string()).and_then(|(bytes, summary)| {
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
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}

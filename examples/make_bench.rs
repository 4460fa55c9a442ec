//! Writes a deterministic sales workbook for benchmarks (`scripts/bench`, `scripts/bench-rerun`):
//! `cargo run --release --example make_bench -- OUT.xlsx [ROWS] [CLIENTS]`
//! (defaults: 100,000 rows, 2,000 clients).
//!
//! One sheet, a plain header in row 1: date, client, manager, department,
//! product, quantity, amount. Dates span 2023–2024; client sizes follow a
//! Zipf-like curve with the three largest lifted (a dependency of about 23 %,
//! two company key accounts, one of them lost in July 2024), each client has
//! one manager, each manager one department, and some clients stop buying
//! during 2024. The same arguments always give the same rows.
use keyaccounts::core::value::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

const MANAGERS: [&str; 12] = [
    "Иванов Игорь",
    "Петрова Анна",
    "Сидоров Павел",
    "Кузнецова Мария",
    "Смирнов Алексей",
    "Попова Елена",
    "Волков Дмитрий",
    "Соколова Ольга",
    "Лебедев Артём",
    "Козлова Ирина",
    "Новиков Сергей",
    "Морозова Татьяна",
];
const DEPARTMENTS: [&str; 4] = [
    "Оптовый отдел",
    "Розничный отдел",
    "Отдел бюджетных продаж",
    "Региональный отдел",
];
const PRODUCTS: [&str; 8] = [
    "Молоко",
    "Сыр",
    "Масло",
    "Кефир",
    "Творог",
    "Йогурт",
    "Сметана",
    "Ряженка",
];

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: make_bench OUT.xlsx [ROWS] [CLIENTS]");
        std::process::exit(2);
    };
    let rows: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let clients: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2_000).max(1);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);

    // Zipf-like weights, client 0 the largest; the cumulative table picks a client per row.
    // The three largest are lifted so that the report has a dependency (~23 %) and two company key accounts.
    let lift = [4.0, 1.8, 1.5];
    let weights: Vec<f64> = (0..clients)
        .map(|i| lift.get(i).copied().unwrap_or(1.0 / (i as f64 + 1.0).powf(0.9)))
        .collect();
    let mut cumulative = Vec::with_capacity(clients);
    let mut sum = 0.0;
    for w in &weights {
        sum += w;
        cumulative.push(sum);
    }
    let manager_of: Vec<usize> = (0..clients).map(|_| rng.below(MANAGERS.len())).collect();
    // About one client in 25 stops buying somewhere in 2024; so does the second largest (a lost key client).
    let start = 19_358i64; // 2023-01-01
    let span = 731i64; // through 2024-12-31
    let last_day: Vec<i64> = (0..clients)
        .map(|i| match i {
            1 => start + 365 + 200,
            _ if i % 25 == 3 => start + 365 + rng.below(300) as i64,
            _ => start + span - 1,
        })
        .collect();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Продажи")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    for (c, h) in [
        "Дата",
        "Контрагент",
        "Менеджер",
        "Подразделение",
        "Номенклатура",
        "Количество",
        "Сумма, руб.",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let names: Vec<String> = (0..clients).map(|i| format!("ООО «Клиент {:04}»", i + 1)).collect();
    let mut total_cents: i64 = 0;
    for r in 0..rows {
        let x = rng.unit() * sum;
        let client = cumulative.partition_point(|&c| c < x).min(clients - 1);
        let first = start;
        let last = last_day[client].max(first);
        let day = first + rng.below((last - first + 1) as usize) as i64;
        let (y, m, d) = Date(day as i32).ymd();
        let qty = 1 + rng.below(40);
        let cents = (qty as i64) * (5_000 + rng.below(95_000) as i64);
        total_cents += cents;
        let manager = manager_of[client];
        let row = r as u32 + 1;
        ws.write_datetime_with_format(row, 0, &ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?, &date)?;
        ws.write_string(row, 1, &names[client])?;
        ws.write_string(row, 2, MANAGERS[manager])?;
        ws.write_string(row, 3, DEPARTMENTS[manager % DEPARTMENTS.len()])?;
        ws.write_string(row, 4, PRODUCTS[rng.below(PRODUCTS.len())])?;
        ws.write_number(row, 5, qty as f64)?;
        ws.write_number_with_format(row, 6, cents as f64 / 100.0, &money)?;
    }
    wb.save(&out)?;
    println!(
        "{out}: {rows} rows, {clients} clients, total {:.2}",
        total_cents as f64 / 100.0
    );
    Ok(())
}

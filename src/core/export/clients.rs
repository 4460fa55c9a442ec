//! The client table both the CSV and the XLSX "Clients" sheet write: one row
//! per client with its rank, amount, shares, classes, rhythm, where it is key
//! and its marks. Cells are typed, so numbers stay numbers and only text from
//! the file is ever neutralised.

use super::view::{ClientView, ReportView};
use super::words::words;
use crate::core::options::Lang;
use std::collections::HashMap;

/// A cell of an export table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text: file data (a name) or a word of ours.
    Text(String),
    /// Money, two decimals.
    Money(f64),
    /// A quantity (the `quantity` measure), up to three decimals.
    Quantity(f64),
    /// A fraction shown as a percentage.
    Share(f64),
    /// A ratio such as a coefficient of variation, two decimals.
    Ratio(f64),
    /// A whole number.
    Int(u64),
}

impl Cell {
    /// Text, or `Empty` when empty.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
    }
}

/// The column headers of the client table.
pub fn headers(lang: Lang) -> Vec<&'static str> {
    let w = words(lang);
    vec![
        w.h_rank,
        w.h_client,
        w.h_amount,
        w.h_share,
        w.h_cumulative,
        w.h_abc,
        w.h_xyz,
        w.h_cv,
        w.h_rhythm,
        w.h_days_silent,
        w.h_key_company,
        w.h_key_departments,
        w.h_key_managers,
        w.h_marks,
        w.h_potential,
        w.h_wallet,
    ]
}

/// Where each client is key: the company's basis, the departments, the managers.
#[derive(Default)]
struct KeyIn<'a> {
    company: Option<&'a str>,
    departments: Vec<&'a str>,
    managers: Vec<&'a str>,
}

/// One row per client, in the report's order.
pub fn rows(r: &ReportView, lang: Lang) -> Vec<Vec<Cell>> {
    let w = words(lang);
    let mut key: HashMap<&str, KeyIn> = HashMap::new();
    for k in &r.key_accounts {
        let entry = key.entry(k.client.as_str()).or_default();
        match (k.scope.as_str(), k.group.as_deref()) {
            ("department", Some(g)) => entry.departments.push(g),
            ("manager", Some(g)) => entry.managers.push(g),
            _ => entry.company = Some(k.basis.as_str()),
        }
    }
    let amount = |x: f64| {
        if r.measure == "quantity" {
            Cell::Quantity(x)
        } else {
            Cell::Money(x)
        }
    };
    r.clients
        .iter()
        .map(|c: &ClientView| {
            let k = key.get(c.name.as_str());
            let company = match k.and_then(|k| k.company) {
                Some("judgment") => w.by_judgment,
                Some(_) => w.yes,
                None => "",
            };
            vec![
                Cell::Int(u64::from(c.rank)),
                Cell::text(c.name.clone()),
                amount(c.amount),
                Cell::Share(c.share),
                c.cumulative_share.map_or(Cell::Empty, Cell::Share),
                Cell::text(c.abc.clone().unwrap_or_default()),
                Cell::text(c.xyz.clone().unwrap_or_default()),
                c.cv.map_or(Cell::Empty, Cell::Ratio),
                Cell::text(c.rhythm.as_deref().map(|x| w.rhythm(x)).unwrap_or_default()),
                c.days_silent.map_or(Cell::Empty, |d| Cell::Int(u64::from(d))),
                Cell::text(company),
                Cell::text(k.map(|k| k.departments.join("; ")).unwrap_or_default()),
                Cell::text(k.map(|k| k.managers.join("; ")).unwrap_or_default()),
                Cell::text(w.marks(&c.marks)),
                c.potential.map_or(Cell::Empty, Cell::Money),
                c.wallet_share.map_or(Cell::Empty, Cell::Share),
            ]
        })
        .collect()
}

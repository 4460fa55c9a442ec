//! calamine's streaming cell reader with a bare per-client sum: the baseline the product is measured
//! against by `scripts/bench` (issue 14). It opens the xlsx bytes, reads the first sheet with
//! `worksheet_cells_reader` / `next_cell` (no range, nothing kept per cell), finds the client and the
//! amount columns by their header in row 1 and adds the amounts per client in a `HashMap` — the least a
//! per-client report has to do. No detection, cleaning, identity or analysis: that is the product's.
//!
//! In wasm (`sumByClient`, built by scripts/bench with `wasm-bindgen --target no-modules
//! --no-modules-global bench_calamine`) it runs in a Web Worker of the benchmark page; natively
//! (`src/main.rs`) on a file.

use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

/// What the sum found: data rows with a client and a number, distinct clients, the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sums {
    /// Data rows (below row 1) that had a client and a numeric amount.
    pub rows: u64,
    /// Distinct clients.
    pub clients: u64,
    /// The sum of all amounts (a plain f64 sum: this is a baseline, not an accountant).
    pub total: f64,
}

/// Is this header the client's (`Контрагент`, `Клиент`, `Client`, `Customer`)?
fn is_client_header(h: &str) -> bool {
    let h = h.to_lowercase();
    ["контрагент", "клиент", "покупатель", "client", "customer"]
        .iter()
        .any(|k| h.contains(k))
}

/// Is this header the amount's (`Сумма`, `Amount`, `Revenue`, `Sales`)?
fn is_amount_header(h: &str) -> bool {
    let h = h.to_lowercase();
    ["сумма", "выручка", "amount", "revenue", "sales"]
        .iter()
        .any(|k| h.contains(k))
}

fn text<'a>(v: &DataRef<'a>) -> Option<Cow<'a, str>> {
    match v {
        DataRef::SharedString(s) => Some(Cow::Borrowed(*s)),
        DataRef::String(s) => Some(Cow::Owned(s.clone())),
        _ => None,
    }
}

fn number(v: &DataRef<'_>) -> Option<f64> {
    match v {
        DataRef::Float(f) => Some(*f),
        DataRef::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Sums the amount per client on the first sheet of an xlsx file.
///
/// # Errors
/// calamine's error text when the bytes are not a readable xlsx, or when row 1 names no client or
/// no amount column.
pub fn sum_by_client(bytes: &[u8]) -> Result<Sums, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let sheet = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| e.to_string())?;
    let (mut client_col, mut amount_col) = (None, None);
    let mut sums: HashMap<String, f64> = HashMap::new();
    let (mut rows, mut total) = (0u64, 0.0f64);
    // The row being read: its client and amount, added when the next row starts.
    let mut current_row = 0u32;
    let mut client: Option<Cow<'_, str>> = None;
    let mut amount: Option<f64> = None;
    let mut flush = |client: &mut Option<Cow<'_, str>>, amount: &mut Option<f64>| {
        if let (Some(c), Some(a)) = (client.take(), amount.take()) {
            match sums.get_mut(c.as_ref()) {
                Some(s) => *s += a,
                None => {
                    sums.insert(c.into_owned(), a);
                }
            }
            rows += 1;
            total += a;
        }
        *amount = None;
    };
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (row, col) = cell.get_position();
        let value = cell.get_value();
        if row == 0 {
            if let Some(h) = text(value) {
                if client_col.is_none() && is_client_header(&h) {
                    client_col = Some(col);
                } else if amount_col.is_none() && is_amount_header(&h) {
                    amount_col = Some(col);
                }
            }
            continue;
        }
        if row != current_row {
            flush(&mut client, &mut amount);
            current_row = row;
        }
        if Some(col) == client_col {
            client = text(value);
        } else if Some(col) == amount_col {
            amount = number(value);
        }
    }
    flush(&mut client, &mut amount);
    if client_col.is_none() {
        return Err("no client column in row 1".into());
    }
    if amount_col.is_none() {
        return Err("no amount column in row 1".into());
    }
    Ok(Sums {
        rows,
        clients: sums.len() as u64,
        total,
    })
}

/// The wasm facade: `bench_calamine.sumByClient(bytes)` → `[rows, clients, total]`.
#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::prelude::*;

    /// `[rows, clients, total]` of [`crate::sum_by_client`].
    ///
    /// # Errors
    /// A JS Error with calamine's message.
    #[wasm_bindgen(js_name = sumByClient)]
    pub fn sum_by_client(bytes: &[u8]) -> Result<Vec<f64>, JsError> {
        let s = crate::sum_by_client(bytes).map_err(|e| JsError::new(&e))?;
        Ok(vec![s.rows as f64, s.clients as f64, s.total])
    }
}

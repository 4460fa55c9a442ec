//! From the raw lines of one or more tables to clients: who is who.
//!
//! Lines are grouped by their folded name (case, quotes, ё, legal forms).
//! Every grouping beyond that is reported: several spellings of one name
//! (`client_names_merged`). Likely duplicates that are not certain are
//! offered as [`Suggestion`]s and merged only when the caller lists them in
//! [`crate::core::options::Identity::merges`].

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::lines::{Client, LineNote, Part, RowSet, SalesLine, SalesLines, TableLines};
use crate::core::options::Options;
use crate::core::parse::name::fold_client_name;
use std::collections::HashMap;

/// One table to combine: where it came from and its lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableInput {
    pub file: Option<String>,
    pub sheet: String,
    /// 1-based header row and how many rows it spans.
    pub header_row: u32,
    pub header_rows: u32,
    pub table: TableLines,
}

/// Combines tables into sales lines with clients.
///
/// # Errors
/// `mixed_currencies` when the tables are in different currencies.
pub fn resolve(tables: Vec<TableInput>, options: &Options) -> Result<SalesLines> {
    let _ = options;
    let mut currencies: Vec<&'static str> = tables.iter().filter_map(|t| t.table.currency).collect();
    currencies.sort_unstable();
    currencies.dedup();
    if currencies.len() > 1 {
        return Err(Error::new(ErrorKind::MixedCurrencies {
            currencies: currencies.iter().map(|c| c.to_string()).collect(),
        }));
    }

    let mut out = SalesLines::default();
    let mut client_index: HashMap<String, u32> = HashMap::new();
    let mut spellings: Vec<HashMap<String, (u32, u32)>> = Vec::new(); // spelling → (count, first seen)
    let mut label_index: HashMap<String, u32> = HashMap::new();

    for (part_no, input) in tables.into_iter().enumerate() {
        let part_no = part_no as u32;
        let TableInput {
            file,
            sheet,
            header_row,
            header_rows,
            table,
        } = input;
        let rows_used = table.rows_used();
        out.parts.push(Part {
            file,
            sheet,
            header_row,
            header_rows,
            rows_in_table: table.rows_in_table,
            rows_used,
            skipped: table.skipped,
        });
        for mut n in table.notes {
            n.part = Some(part_no);
            out.notes.push(n);
        }
        for raw in table.lines {
            let key = fold_client_name(&raw.client);
            let next = client_index.len() as u32;
            let client = *client_index.entry(key.clone()).or_insert_with(|| {
                out.clients.push(Client {
                    key,
                    name: String::new(),
                    spellings: 0,
                    id: None,
                    names: Vec::new(),
                });
                spellings.push(HashMap::new());
                next
            });
            if let Some(s) = spellings.get_mut(client as usize) {
                let seen = s.len() as u32;
                s.entry(raw.client).or_insert((0, seen)).0 += 1;
            }
            let mut intern = |s: Option<String>| {
                s.map(|s| {
                    let next = out.labels.len() as u32;
                    *label_index.entry(s.clone()).or_insert_with(|| {
                        out.labels.push(s);
                        next
                    })
                })
            };
            let line = SalesLine {
                client,
                amount: raw.amount,
                date: raw.date,
                manager: intern(raw.manager),
                department: intern(raw.department),
                product: intern(raw.product),
                quantity: raw.quantity,
                row: raw.row,
                part: part_no,
            };
            out.lines.push(line);
        }
    }

    // Most frequent spelling wins; ties go to the first seen.
    let mut merged = RowSet::default();
    for (client, s) in out.clients.iter_mut().zip(spellings) {
        client.spellings = s.len() as u32;
        let mut by_use: Vec<(String, (u32, u32))> = s.into_iter().collect();
        by_use.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
        let mut names = by_use.into_iter().map(|(name, _)| name);
        client.name = names.next().unwrap_or_default();
        client.names = names.collect();
        if client.spellings > 1 {
            merged.count += 1;
        }
    }
    if merged.count > 0 {
        let example = out.clients.iter().find(|c| c.spellings > 1).map(|c| c.name.clone());
        out.notes.push(LineNote {
            code: "client_names_merged",
            role: Some(crate::core::detect::Role::Client),
            rows: merged,
            detail: example,
            part: None,
        });
    }
    Ok(out)
}

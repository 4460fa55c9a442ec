//! Column roles: caller overrides first, then header synonyms (checked
//! against the values), then the values alone where the header says nothing.

use super::layout::{Alternative, Chosen, ColumnChoice, Header};
use super::synonyms::{self, Discounts, Vat};
use super::values::{Profile, ProfileBuilder};
use crate::core::error::{ColumnCandidate, Error, ErrorKind, Result};
use crate::core::options::ColumnOverrides;
use crate::core::parse::labels::{is_subtotal_label, is_total_label};
use crate::core::quality::{Note, NoteColumn, QualityCode};
use crate::core::role::Role;
use crate::core::table::{SheetTable, column_letter, parse_column_letter};
use std::collections::BTreeMap;

/// Most data rows profiled per column.
const PROFILE_ROWS: usize = 5000;
/// Lowest header score that counts as a synonym hit.
const MIN_HEADER_SCORE: u8 = 30;

/// One column of the table with what is known about it.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub col: u32,
    pub header: String,
    pub top: String,
    pub sub: String,
    pub tokens: Vec<String>,
    pub profile: Profile,
}

impl Column {
    fn candidate(&self) -> ColumnCandidate {
        ColumnCandidate {
            column: column_letter(self.col),
            header: self.header.clone(),
            examples: self.profile.examples.clone(),
        }
    }
    /// Header says nothing about our roles nor about anything else.
    fn uninformative(&self) -> bool {
        synonyms::is_placeholder(&self.tokens)
            || synonyms::is_generic_name(&self.tokens)
            // A pivot table's "Row Labels" says the rows are labels, not what they label.
            || synonyms::is_pivot_marker(&self.header)
    }
}

/// Builds the columns: the header's columns plus any column holding data.
pub(super) fn columns(sheet: &SheetTable, header: &Header) -> Vec<Column> {
    let mut builders: BTreeMap<u32, ProfileBuilder> = BTreeMap::new();
    for h in &header.cols {
        builders.entry(h.col).or_default();
    }
    let mut rows = 0usize;
    for row in sheet.rows.iter().skip(header.last_pos + 1) {
        if row.is_blank() {
            continue;
        }
        let first_text = row
            .cells
            .iter()
            .find_map(|(_, c)| c.as_text().filter(|t| !t.trim().is_empty()));
        if first_text.is_some_and(|t| is_total_label(t) || is_subtotal_label(t)) {
            continue;
        }
        rows += 1;
        if rows > PROFILE_ROWS {
            break;
        }
        for (col, cell) in &row.cells {
            builders.entry(*col).or_default().add(cell);
        }
    }
    let min_fill = (rows.min(PROFILE_ROWS) as f64 * 0.3).max(1.0);
    builders
        .into_iter()
        .filter_map(|(col, b)| {
            let profile = b.finish();
            let h = header.cols.iter().find(|h| h.col == col);
            if h.is_none() && f64::from(profile.nonblank) < min_fill {
                return None;
            }
            let (header_text, top, sub) = h
                .map(|h| (h.joined.clone(), h.top.clone(), h.sub.clone()))
                .unwrap_or_default();
            let tokens = synonyms::tokens(&header_text);
            Some(Column {
                col,
                header: header_text,
                top,
                sub,
                tokens,
                profile,
            })
        })
        .collect()
}

/// "Менеджер / Контрагент", "Сектор / Клиент": the one column of a grouped
/// report naming its levels top-down. The client is the last level; a
/// manager or sector level above it does not veto it.
fn hierarchy_client_score(header: &str) -> u8 {
    let parts: Vec<Vec<String>> = header
        .split('/')
        .map(synonyms::tokens)
        .filter(|t| !t.is_empty())
        .collect();
    let [upper @ .., last] = parts.as_slice() else { return 0 };
    let is_level = |p: &Vec<String>| {
        [Role::Manager, Role::Department]
            .iter()
            .any(|r| synonyms::role_score(*r, p) >= MIN_HEADER_SCORE)
    };
    if upper.is_empty() || !upper.iter().all(is_level) {
        return 0;
    }
    synonyms::role_score(Role::Client, last)
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('ё', "е")
}

/// Finds the column a caller named, by header text or by letter.
pub(super) fn resolve_spec(sheet: &SheetTable, cols: &[Column], spec: &str) -> Option<u32> {
    let want = squash(spec);
    if want.is_empty() {
        return None;
    }
    let by_header = cols
        .iter()
        .find(|c| squash(&c.header) == want)
        .or_else(|| cols.iter().find(|c| squash(&c.top) == want || squash(&c.sub) == want));
    if let Some(c) = by_header {
        return Some(c.col);
    }
    let col = parse_column_letter(spec)?;
    let width = sheet.width().max(cols.iter().map(|c| c.col + 1).max().unwrap_or(0));
    (col < width).then_some(col)
}

/// Do the values fit the role the header suggests?
fn values_fit(role: Role, p: &Profile) -> bool {
    if p.nonblank == 0 {
        return false;
    }
    match role {
        Role::Client | Role::Manager | Role::Department | Role::Product => p.text_share() >= 0.5,
        // A status column holds a few values (Shipped, Cancelled…), not one per row.
        Role::Status => p.text_share() >= 0.5 && p.distinct_texts <= 50,
        // Company names, not Y/N flags.
        Role::Parent => p.text_share() >= 0.5 && p.text_len as f64 >= 3.0 * f64::from(p.text.max(1)),
        // Tax IDs and codes are often stored as numbers.
        Role::ClientId => true,
        Role::Amount | Role::Quantity | Role::Profit | Role::Cost | Role::Potential => p.num_share() >= 0.5,
        // Words naming kinds in most of its texts: ABC letters or segments under «Категория клиента» are not marks.
        Role::Marks => p.text_share() >= 0.5 && p.mark_text * 2 >= p.text,
        // Yes/no cells only: a partner's name under «Партнёр» is the client, not a flag.
        Role::MarkReference | Role::MarkInnovator | Role::MarkPartner | Role::MarkDemanding => p.share(p.yes_no) >= 0.9,
        Role::Date => p.date_share() >= 0.5 || p.share(p.serial_like) >= 0.8,
    }
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::Client => 0,
        Role::Amount => 1,
        Role::Date => 2,
        Role::Quantity => 3,
        Role::Product => 4,
        Role::Manager => 5,
        Role::Department => 6,
        Role::ClientId => 7,
        Role::Parent => 8,
        Role::Status => 9,
        Role::Profit => 10,
        Role::Cost => 11,
        Role::Potential => 12,
        Role::Marks => 13,
        Role::MarkReference => 14,
        Role::MarkInnovator => 15,
        Role::MarkPartner => 16,
        Role::MarkDemanding => 17,
    }
}

/// The outcome of role detection, before it becomes a `Layout`.
pub(super) struct Assigned {
    pub columns: Vec<ColumnChoice>,
    pub notes: Vec<Note>,
}

struct State<'a> {
    cols: &'a [Column],
    /// Columns no role may take automatically (a wide table's periods and total).
    reserved: &'a [u32],
    chosen: BTreeMap<Role, (u32, Chosen)>,
    /// Runner-up columns per role, best first.
    alternatives: BTreeMap<Role, Vec<u32>>,
    notes: Vec<Note>,
}

impl State<'_> {
    fn taken(&self, col: u32) -> bool {
        self.reserved.contains(&col) || self.chosen.values().any(|(c, _)| *c == col)
    }
    fn col(&self, col: u32) -> Option<&Column> {
        self.cols.iter().find(|c| c.col == col)
    }
    fn has(&self, role: Role) -> bool {
        self.chosen.contains_key(&role)
    }
}

/// Assigns roles to columns.
///
/// # Errors
/// `column_not_found` for an override naming no column; `no_client_column` /
/// `no_amount_column` with candidates when a role stays empty.
pub(super) fn assign(sheet: &SheetTable, cols: &[Column], overrides: &ColumnOverrides) -> Result<Assigned> {
    assign_reserving(sheet, cols, overrides, None)
}

/// As [`assign`] for a wide table: the `reserved` period and total columns
/// take no role, and there is no amount column to find.
pub(super) fn assign_wide(
    sheet: &SheetTable,
    cols: &[Column],
    overrides: &ColumnOverrides,
    reserved: &[u32],
) -> Result<Assigned> {
    assign_reserving(sheet, cols, overrides, Some(reserved))
}

fn assign_reserving(
    sheet: &SheetTable,
    cols: &[Column],
    overrides: &ColumnOverrides,
    wide: Option<&[u32]>,
) -> Result<Assigned> {
    let mut st = State {
        cols,
        reserved: wide.unwrap_or(&[]),
        chosen: BTreeMap::new(),
        alternatives: BTreeMap::new(),
        notes: Vec::new(),
    };

    // 1. The caller's choices are final.
    for (role, spec) in overrides.iter() {
        {
            let col = resolve_spec(sheet, cols, spec).ok_or_else(|| {
                Error::new(ErrorKind::ColumnNotFound {
                    role: role.as_str(),
                    spec: spec.to_string(),
                })
            })?;
            st.chosen.insert(role, (col, Chosen::Caller));
        }
    }

    // 2. Header synonyms, greedy by score.
    let mut pairs: Vec<(u8, Role, u32)> = Vec::new();
    for c in cols {
        for &role in Role::ALL {
            let mut s = synonyms::role_score(role, &c.tokens);
            if role == Role::Client {
                s = s.max(hierarchy_client_score(&c.header));
            }
            if s >= MIN_HEADER_SCORE && values_fit(role, &c.profile) {
                pairs.push((s, role, c.col));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(role_rank(a.1).cmp(&role_rank(b.1)))
            .then(a.2.cmp(&b.2))
    });
    let amount_pairs: Vec<(u8, u32)> = pairs
        .iter()
        .filter(|(_, r, _)| *r == Role::Amount)
        .map(|(s, _, c)| (*s, *c))
        .collect();
    for (_, role, col) in &pairs {
        if st.has(*role) || st.taken(*col) {
            continue;
        }
        if *role == Role::Amount && wide.is_some() {
            // A wide table's amounts are its period cells.
            continue;
        } else if *role == Role::Amount {
            choose_amount(&mut st, &amount_pairs);
        } else {
            st.chosen.insert(*role, (*col, Chosen::Header));
        }
    }

    // 3. Key accounts are companies: the company column over a contact person's.
    company_over_person(&mut st);
    // amoCRM names a deal's amount «Бюджет»: an amount only beside a deal stage (elsewhere a plan).
    if !st.has(Role::Amount)
        && wide.is_none()
        && st
            .chosen
            .get(&Role::Status)
            .and_then(|(c, _)| st.col(*c))
            .is_some_and(|c| synonyms::is_deal_stage_header(&c.tokens))
        && let Some(c) = cols.iter().find(|c| {
            !st.taken(c.col) && c.tokens.iter().any(|t| t == "бюджет" || t == "budget") && c.profile.num_share() >= 0.5
        })
    {
        st.chosen.insert(Role::Amount, (c.col, Chosen::Header));
    }
    // 4. Values, where the header said nothing useful.
    if !st.has(Role::Client) {
        client_from_values(&mut st);
    }
    // 5. Xero calls its customers contacts, a shop's buyers are people: a contact
    // column is the client when nothing else names clients.
    if !st.has(Role::Client)
        && let Some(c) = cols
            .iter()
            .find(|c| !st.taken(c.col) && synonyms::is_person_header(&c.tokens) && name_like(&c.profile))
    {
        st.chosen.insert(Role::Client, (c.col, Chosen::Header));
    }
    if !st.has(Role::Amount) && wide.is_none() {
        amount_from_values(&mut st);
    }
    if !st.has(Role::Date) {
        date_from_values(&mut st);
    }

    if !st.has(Role::Client) {
        let mut candidates: Vec<ColumnCandidate> = cols
            .iter()
            .filter(|c| c.profile.text_share() >= 0.5 && c.profile.nonblank > 0)
            .map(Column::candidate)
            .collect();
        candidates.truncate(20);
        return Err(Error::new(ErrorKind::NoClientColumn { candidates }));
    }
    if !st.has(Role::Amount) && wide.is_none() {
        let mut candidates: Vec<ColumnCandidate> = cols
            .iter()
            .filter(|c| c.profile.num_share() >= 0.5 && !st.taken(c.col))
            .map(Column::candidate)
            .collect();
        candidates.truncate(20);
        return Err(Error::new(ErrorKind::NoAmountColumn { candidates }));
    }

    decision_notes(&mut st);
    let mut columns: Vec<ColumnChoice> = st
        .chosen
        .iter()
        .map(|(role, (col, chosen))| ColumnChoice {
            role: *role,
            col: *col,
            header: st.col(*col).map(|c| c.header.clone()).unwrap_or_default(),
            chosen: *chosen,
            alternatives: st
                .alternatives
                .get(role)
                .map(|alts| {
                    alts.iter()
                        .filter_map(|a| st.col(*a))
                        .map(|c| Alternative {
                            col: c.col,
                            header: c.header.clone(),
                            examples: c.profile.examples.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    columns.sort_by_key(|c| role_rank(c.role));
    Ok(Assigned {
        columns,
        notes: st.notes,
    })
}

/// Among the header's amount columns: with VAT over without, the best header,
/// then the larger total; the alternatives are noted.
fn choose_amount(st: &mut State<'_>, amount_pairs: &[(u8, u32)]) {
    let free: Vec<(u8, u32)> = amount_pairs.iter().copied().filter(|(_, c)| !st.taken(*c)).collect();
    let Some(best_score) = free.iter().map(|(s, _)| *s).max() else {
        return;
    };
    let cols = st.cols;
    let find = |col: u32| cols.iter().find(|c| c.col == col);
    let vat = |col: u32| find(col).map_or(Vat::None, |c| synonyms::vat_of(&c.tokens));
    let sum = |col: u32| find(col).map_or(0.0, |c| c.profile.sum_abs);
    let header = |col: u32| find(col).map(|c| c.header.clone()).unwrap_or_default();

    let with: Vec<u32> = free
        .iter()
        .filter(|(s, c)| *s >= 50 && vat(*c) == Vat::With)
        .map(|(_, c)| *c)
        .collect();
    let without: Vec<u32> = free
        .iter()
        .filter(|(s, c)| *s >= 50 && vat(*c) == Vat::Without)
        .map(|(_, c)| *c)
        .collect();
    if let (Some(&w), Some(&wo)) = (with.first(), without.first()) {
        st.chosen.insert(Role::Amount, (w, Chosen::Header));
        st.alternatives.insert(Role::Amount, without.clone());
        st.notes.push(
            Note::new(QualityCode::AmountVatChoice)
                .column(NoteColumn::Index(w))
                .detail(header(wo)),
        );
        return;
    }
    // Net of discounts over gross: revenue is what the client pays.
    let net = |col: u32| find(col).map_or(Discounts::None, |c| synonyms::net_of(&c.tokens));
    let nets: Vec<u32> = free
        .iter()
        .filter(|(s, c)| *s >= 50 && net(*c) == Discounts::Net)
        .map(|(_, c)| *c)
        .collect();
    let grosses: Vec<u32> = free
        .iter()
        .filter(|(s, c)| *s >= 50 && net(*c) == Discounts::Gross)
        .map(|(_, c)| *c)
        .collect();
    // Only beside a discount: "Net/Gross Amount" beside a VAT column are without/with VAT.
    let has_token = |f: &dyn Fn(&str) -> bool| cols.iter().any(|c| c.tokens.iter().any(|t| f(t)));
    let discounts = has_token(&|t| t.starts_with("скидк") || t.starts_with("discount"));
    let taxes = has_token(&|t| matches!(t, "ндс" | "vat" | "tax" | "налог"));
    if let (true, false, Some(&n), Some(&g)) = (discounts, taxes, nets.first(), grosses.first()) {
        st.chosen.insert(Role::Amount, (n, Chosen::Header));
        st.alternatives.insert(Role::Amount, grosses.clone());
        st.notes.push(
            Note::new(QualityCode::AmountNetChoice)
                .column(NoteColumn::Index(n))
                .detail(header(g)),
        );
        return;
    }
    // Close contenders: within 10 points of the best header.
    let mut close: Vec<(u8, u32)> = free
        .iter()
        .copied()
        .filter(|(s, _)| s.saturating_add(10) >= best_score)
        .collect();
    let total = |col: u32| {
        find(col).is_some_and(|c| {
            c.tokens
                .iter()
                .any(|t| matches!(t.as_str(), "итого" | "итог" | "всего" | "total" | "gross"))
        })
    };
    // With VAT, then a "total" header, then the larger sum, then the better header.
    close.sort_by(|a, b| {
        (vat(b.1) == Vat::With)
            .cmp(&(vat(a.1) == Vat::With))
            .then(total(b.1).cmp(&total(a.1)))
            .then(sum(b.1).partial_cmp(&sum(a.1)).unwrap_or(std::cmp::Ordering::Equal))
            .then(b.0.cmp(&a.0))
            .then(a.1.cmp(&b.1))
    });
    let Some(&(_, pick)) = close.first() else { return };
    st.chosen.insert(Role::Amount, (pick, Chosen::Header));
    st.alternatives
        .insert(Role::Amount, close.iter().skip(1).map(|(_, c)| *c).collect());
    if close.len() > 1 {
        let others: Vec<String> = close.iter().skip(1).map(|(_, c)| header(*c)).collect();
        st.notes.push(
            Note::new(QualityCode::AmountChoice)
                .column(NoteColumn::Index(pick))
                .detail(others.join("; ")),
        );
    }
}

/// A column that could hold client names judging by its values.
fn name_like(p: &Profile) -> bool {
    if p.text == 0 || p.text_share() < 0.8 {
        return false;
    }
    let text = f64::from(p.text);
    let avg_len = p.text_len as f64 / text;
    let org = f64::from(p.org) / text;
    let words = f64::from(p.words_2_4) / text;
    let digitish = f64::from(p.digitish_text) / text;
    let labels = f64::from(p.label_text) / text;
    let distinct_ratio = f64::from(p.distinct_texts) / text;
    avg_len >= 2.0
        && digitish < 0.3
        && labels < 0.3
        && p.distinct_texts >= 3
        && (org >= 0.3 || words >= 0.5 || distinct_ratio <= 0.8)
}

fn client_from_values(st: &mut State<'_>) {
    let cols = st.cols;
    // Context: a product, quantity or price next to a generic "Наименование"
    // makes it a product, not a client.
    // When another column is the product already ("Item" beside "Name" in a
    // QuickBooks detail report), the generic name is not.
    let product_is_code = st
        .chosen
        .get(&Role::Product)
        .and_then(|(c, _)| st.col(*c))
        .is_some_and(|c| {
            c.tokens
                .iter()
                .any(|t| t.starts_with("артикул") || matches!(t.as_str(), "sku" | "код" | "code" | "article" | "арт"))
        });
    let product_context = (!st.has(Role::Product) || product_is_code)
        && (st.has(Role::Quantity)
            || cols.iter().any(|c| {
                c.tokens
                    .iter()
                    .any(|t| matches!(t.as_str(), "цена" | "price" | "артикул" | "sku"))
            }));
    let mut best: Option<(f64, u32)> = None;
    let mut generic_candidates = 0u32;
    let fullest = f64::from(cols.iter().map(|c| c.profile.nonblank).max().unwrap_or(0));
    // Columns with a header cell span the table; an unnamed column outside
    // that span is a side block (statistics, notes), not the client.
    let named: Vec<u32> = cols.iter().filter(|c| !c.header.is_empty()).map(|c| c.col).collect();
    let span = (
        named.iter().min().copied().unwrap_or(0),
        named.iter().max().copied().unwrap_or(u32::MAX),
    );
    for c in cols {
        // A blank header over the first column (accounting "sales by customer"
        // summaries) names the rows: it may be the client.
        // Only when it is filled on most rows: a first column holding only section labels names groups.
        let blank_first =
            c.header.trim().is_empty() && c.col < span.0 && f64::from(c.profile.nonblank) >= 0.6 * fullest;
        if st.taken(c.col) || !c.uninformative() || (c.col < span.0 && !blank_first) || c.col > span.1 {
            continue;
        }
        let p = &c.profile;
        if p.text_share() < 0.8 || p.text == 0 {
            continue;
        }
        if p.nonblank >= 3 && p.top_share() >= 0.9 {
            st.notes.push(
                Note::new(QualityCode::ConstantColumnIgnored)
                    .column(NoteColumn::Index(c.col))
                    .detail(p.examples.first().cloned().unwrap_or_default()),
            );
            continue;
        }
        let generic = synonyms::is_generic_name(&c.tokens);
        if generic {
            generic_candidates += 1;
            if product_context {
                continue;
            }
        } else if !name_like(p) {
            continue;
        }
        let text = f64::from(p.text.max(1));
        let score = 2.0 * f64::from(p.org) / text
            + f64::from(p.words_2_4) / text
            + (1.0 - f64::from(p.distinct_texts) / text).max(0.0)
            + if generic { 0.5 } else { 0.0 };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c.col));
        }
    }
    // A generic name column is the client only when it is the only such column.
    if let Some((_, col)) = best {
        let is_generic = st.col(col).is_some_and(|c| synonyms::is_generic_name(&c.tokens));
        if is_generic && generic_candidates > 1 {
            return;
        }
        st.chosen.insert(Role::Client, (col, Chosen::Values));
    }
}

fn amount_from_values(st: &mut State<'_>) {
    let mut best: Option<(bool, f64, u32)> = None;
    for c in st.cols {
        if st.taken(c.col) || !c.uninformative() || synonyms::is_known_other(&c.tokens) {
            continue;
        }
        let p = &c.profile;
        if p.num_share() < 0.8 || p.is_id_like() || p.date_cells > p.num {
            continue;
        }
        let has_fraction = p.int < p.num + p.date_cells;
        let key = (has_fraction, p.sum_abs, c.col);
        if best.is_none_or(|(f, s, _)| (key.0, key.1) > (f, s)) {
            best = Some(key);
        }
    }
    if let Some((_, _, col)) = best {
        st.chosen.insert(Role::Amount, (col, Chosen::Values));
    }
}

fn date_from_values(st: &mut State<'_>) {
    let pick = st
        .cols
        .iter()
        .find(|c| !st.taken(c.col) && c.uninformative() && c.profile.nonblank > 0 && c.profile.date_share() >= 0.8);
    if let Some(c) = pick {
        st.chosen.insert(Role::Date, (c.col, Chosen::Values));
    }
}

/// Does a column hold people's names rather than companies'?
fn person_like(c: &Column) -> bool {
    synonyms::is_person_header(&c.tokens) || person_like_values(&c.profile)
}

/// Two to four words and no legal form: read as people's names.
fn person_like_values(p: &Profile) -> bool {
    let text = f64::from(p.text.max(1));
    p.text > 0 && f64::from(p.org) / text < 0.1 && f64::from(p.words_2_4) / text >= 0.7
}

/// Text values that vary: names of many, not one value repeated (our own firm, a flag).
fn varying_names(p: &Profile) -> bool {
    p.text_share() >= 0.8 && p.distinct_texts >= 2 && p.top_share() < 0.9
}

/// A column naming the client's company, with varying names (not our own firm).
fn company_column<'a>(st: &State<'a>) -> Option<&'a Column> {
    st.cols
        .iter()
        .find(|c| !st.taken(c.col) && synonyms::is_company_header(&c.tokens) && varying_names(&c.profile))
}

/// A free column headed as a contact person's («Контактное лицо», "Contact").
fn person_column<'a>(st: &State<'a>) -> Option<&'a Column> {
    st.cols
        .iter()
        .find(|c| !st.taken(c.col) && synonyms::is_person_header(&c.tokens) && c.profile.text_share() >= 0.8)
}

/// Key accounts are companies: when the client column holds contact persons
/// (or none was found because the only candidates are «Контактное лицо» and
/// «Организация»), the company column is the client; the person's is its
/// runner-up. A company its header chose beside a contact says so too.
fn company_over_person(st: &mut State<'_>) {
    let cols = st.cols;
    let current = st.chosen.get(&Role::Client).copied();
    if current.is_some_and(|(_, how)| how == Chosen::Caller) {
        return;
    }
    let current = current.and_then(|(c, _)| cols.iter().find(|x| x.col == c));
    let (company, person) = match (current, company_column(st)) {
        (Some(c), _) if synonyms::is_company_header(&c.tokens) => (c, person_column(st)),
        (Some(c), Some(co)) if person_like(c) && co.profile.distinct_texts <= c.profile.distinct_texts => (co, Some(c)),
        (None, Some(co)) => (co, person_column(st)),
        _ => return,
    };
    st.chosen.insert(Role::Client, (company.col, Chosen::Header));
    if let Some(p) = person {
        st.alternatives.insert(Role::Client, vec![p.col]);
        st.notes.push(
            Note::new(QualityCode::ClientCompanyOverContact)
                .column(NoteColumn::Index(company.col))
                .detail(p.header.clone()),
        );
    }
}

/// Could this column be the client, judging by its header (whatever vetoes it)?
fn client_ish(c: &Column) -> bool {
    const STEMS: &[&str] = &[
        "клиент",
        "контрагент",
        "покупател",
        "заказчик",
        "получател",
        "плательщик",
        "customer",
        "client",
        "buyer",
        "company",
        "компани",
        "организаци",
        "contact",
        "контакт",
        "account",
        "фио",
        "партнер",
    ];
    c.tokens.iter().any(|t| STEMS.iter().any(|s| t.starts_with(s)))
        || synonyms::is_generic_name(&c.tokens)
        || c.header.trim().is_empty()
}

/// The notes that state a decision about a column the header did not make
/// obvious, and the client column's runners-up.
fn decision_notes(st: &mut State<'_>) {
    let cols = st.cols;
    if let Some(&(col, how)) = st.chosen.get(&Role::Client) {
        if how != Chosen::Caller && st.col(col).is_some_and(|c| c.header.trim().is_empty()) {
            st.notes
                .push(Note::new(QualityCode::ClientColumnUnnamed).column(NoteColumn::Index(col)));
        }
        if !st.alternatives.contains_key(&Role::Client) {
            let others: Vec<u32> = cols
                .iter()
                .filter(|c| {
                    c.col != col
                        && client_ish(c)
                        && !st.chosen.values().any(|(x, _)| *x == c.col)
                        && varying_names(&c.profile)
                })
                .map(|c| c.col)
                .take(3)
                .collect();
            if !others.is_empty() {
                st.alternatives.insert(Role::Client, others);
            }
        }
    }
    if let Some(&(col, how)) = st.chosen.get(&Role::Amount)
        && how != Chosen::Caller
        && st.col(col).is_some_and(|c| synonyms::is_total_word_header(&c.tokens))
    {
        st.notes.push(
            Note::new(QualityCode::AmountTotalHeader)
                .column(NoteColumn::Index(col))
                .maybe_detail(st.col(col).map(|c| c.header.clone())),
        );
    }
}

//! The cleaned data the stages hand on: raw lines as read from one table
//! ([`RawLine`], [`TableLines`], [`TableInput`]), then sales lines grouped
//! into clients ([`SalesLine`], [`Client`], [`SalesLines`]) with the account
//! of every row per table ([`Part`]) and the likely duplicates ([`Suggestion`]).

use crate::core::codes::codes;
use crate::core::quality::{Note, RowSet, SkipReason};
use crate::core::value::{Date, MaybeF64, MaybeMoney, Money};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A sales line as read from one table, before lines are grouped into clients.
///
/// 72 bytes in the page's wasm32 build: a million-row file holds a million of these while the
/// clients are resolved, so the columns most tables lack live in a box ([`LineExtras`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawLine {
    /// 1-based row in the sheet.
    pub row: u32,
    /// Client name as displayed (trimmed, inner spaces collapsed).
    pub client: Arc<str>,
    /// Tax ID or client code, as written.
    pub client_id: Option<Arc<str>>,
    /// The amount (negative: a return).
    pub amount: Money,
    /// The sale's date, when known.
    pub date: Option<Date>,
    /// Manager, department and product labels, as written.
    pub manager: Option<Arc<str>>,
    /// See `manager`.
    pub department: Option<Arc<str>>,
    /// See `manager`.
    pub product: Option<Arc<str>>,
    /// The quantity, when a quantity column holds a number.
    pub quantity: MaybeF64,
    /// Parent, status, profit, potential and marks; `None` when the line has none of them.
    pub extras: Option<Box<LineExtras>>,
}

/// The fields of a line that most sales tables lack.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineExtras {
    /// Parent company, as written.
    pub parent: Option<Arc<str>>,
    /// Order or document status, as written.
    pub status: Option<Arc<str>>,
    /// The gross profit: the profit column's value, else amount − cost when there is a cost column.
    pub profit: Option<Money>,
    /// The client's estimated purchases per year (all suppliers), from a potential column.
    pub potential: Option<f64>,
    /// Key-by-judgment marks from the file's columns (a marks column, or one yes/no column per mark).
    pub marks: MarkSet,
}

impl LineExtras {
    /// Boxed, or `None` when every field is empty (no allocation for the usual line).
    pub fn boxed(self) -> Option<Box<LineExtras>> {
        (self != LineExtras::default()).then(|| Box::new(self))
    }
}

impl RawLine {
    /// Parent company, as written.
    pub fn parent(&self) -> Option<&Arc<str>> {
        self.extras.as_ref().and_then(|e| e.parent.as_ref())
    }
    /// Order or document status, as written.
    pub fn status(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.status.as_deref())
    }
    /// The gross profit, when known.
    pub fn profit(&self) -> Option<Money> {
        self.extras.as_ref().and_then(|e| e.profit)
    }
    /// The client's estimated purchases per year, when the file gives it.
    pub fn potential(&self) -> Option<f64> {
        self.extras.as_ref().and_then(|e| e.potential)
    }
    /// Key-by-judgment marks from the file.
    pub fn marks(&self) -> MarkSet {
        self.extras.as_ref().map(|e| e.marks).unwrap_or_default()
    }
    /// The extras to change, boxed on first use.
    #[cfg(test)]
    pub fn extras_mut(&mut self) -> &mut LineExtras {
        self.extras.get_or_insert_with(Box::default)
    }
}

// What the box and `MaybeF64` are for: a raw line is 72 bytes in the page's wasm32 build (128 inline).
#[cfg(target_arch = "wasm32")]
const _: () = assert!(std::mem::size_of::<RawLine>() == 72);

/// The lines of one table (a sheet of a file) with the account of every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableLines {
    /// The lines, in row order.
    pub lines: Vec<RawLine>,
    /// Rows below the header up to the sheet's last non-empty row.
    pub rows_in_table: u32,
    /// Rows that are not sales, by reason.
    pub skipped: BTreeMap<SkipReason, RowSet>,
    /// Values coerced and decisions made while reading the rows.
    pub notes: Vec<Note>,
    /// The currency written in the amount cells or named by its header.
    pub currency: Option<&'static str>,
}

impl TableLines {
    /// Rows that became (at least one) sales line.
    #[cfg(test)]
    pub fn rows_used(&self) -> u32 {
        let mut rows: Vec<u32> = self.lines.iter().map(|l| l.row).collect();
        rows.dedup();
        rows.len() as u32
    }
    /// Counts `row` as skipped for `reason`.
    pub fn skip(&mut self, reason: SkipReason, row: u32) {
        self.skipped.entry(reason).or_default().add(row);
    }
    /// Counts `n` rows from `first_row` as skipped for `reason`.
    pub fn skip_many(&mut self, reason: SkipReason, first_row: u32, n: u32) {
        self.skipped.entry(reason).or_default().add_many(first_row, n);
    }
}

/// One table to combine with others: where it came from and its lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableInput {
    /// The file's name, when the caller gave one.
    pub file: Option<String>,
    /// The sheet's name (a placeholder for text files).
    pub sheet: String,
    /// 1-based header row and how many rows it spans.
    pub header_row: u32,
    /// See `header_row`.
    pub header_rows: u32,
    /// The table's raw lines and row account.
    pub table: TableLines,
}

/// One sales line: a client bought for an amount (negative: a return), maybe on a date.
///
/// 56 bytes in the page's wasm32 build (88 with `Option`s): the session keeps a million of them.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesLine {
    /// Index into [`SalesLines::clients`].
    pub client: u32,
    /// The amount (negative: a return).
    pub amount: Money,
    /// The sale's date, when known.
    pub date: Option<Date>,
    /// Into [`SalesLines::labels`].
    pub manager: Option<LabelId>,
    /// Into [`SalesLines::labels`].
    pub department: Option<LabelId>,
    /// Into [`SalesLines::labels`].
    pub product: Option<LabelId>,
    /// The quantity, when known.
    pub quantity: MaybeF64,
    /// The gross profit, when known.
    pub profit: MaybeMoney,
    /// 1-based row in the sheet, for references back to the file.
    pub row: u32,
    /// Index into [`SalesLines::parts`]: the file and sheet the line came from.
    pub part: u32,
}

#[cfg(target_arch = "wasm32")]
const _: () = assert!(std::mem::size_of::<SalesLine>() == 56);

/// An index into [`SalesLines::labels`], stored plus one so that an `Option` of it takes 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelId(std::num::NonZeroU32);

impl LabelId {
    /// The label at `index`.
    pub fn new(index: u32) -> LabelId {
        LabelId(std::num::NonZeroU32::MIN.saturating_add(index))
    }
    /// The index into [`SalesLines::labels`].
    pub fn index(self) -> u32 {
        self.0.get() - 1
    }
}

/// A client as grouped by its folded name, tax ID, parent company or the user's merge.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Client {
    /// The grouping key (the folded name).
    pub key: String,
    /// The most frequent spelling in the file (the parent's name for a parent group).
    pub name: String,
    /// Distinct spellings seen (≥ 1).
    pub spellings: u32,
    /// The tax ID / client code that grouped its lines, if any.
    pub id: Option<String>,
    /// Other names folded into this client (spellings under one ID, subsidiaries, user merges).
    pub names: Vec<String>,
    /// The largest potential (estimated purchases per year) its lines give, if any.
    pub potential: Option<f64>,
    /// The marks its lines carry in the file (the union).
    pub file_marks: MarkSet,
}

codes! {
    /// Why a client is key by judgment: what the data cannot show, only the owner knows.
    pub enum Mark {
        /// Buys little from us and a lot elsewhere.
        Potential = "potential",
        /// A famous name others follow.
        Reference = "reference",
        /// Tries new things first (about 2.5 % of clients).
        Innovator = "innovator",
        /// Shares its strategic plans with us.
        Partner = "partner",
        /// Demands quality and so teaches us.
        Demanding = "demanding",
    }
}

/// A set of [`Mark`]s, serialized as their codes in declaration order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MarkSet(u8);

impl MarkSet {
    /// With `mark` added.
    #[must_use]
    pub fn with(self, mark: Mark) -> MarkSet {
        MarkSet(self.0 | Self::bit(mark))
    }
    /// Adds `mark`.
    pub fn insert(&mut self, mark: Mark) {
        self.0 |= Self::bit(mark);
    }
    /// Whether `mark` is in the set.
    pub fn contains(self, mark: Mark) -> bool {
        self.0 & Self::bit(mark) != 0
    }
    /// Both sets' marks.
    #[must_use]
    pub fn union(self, other: MarkSet) -> MarkSet {
        MarkSet(self.0 | other.0)
    }
    /// True without marks.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The marks, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Mark> {
        Mark::ALL.iter().copied().filter(move |m| self.contains(*m))
    }
    fn bit(mark: Mark) -> u8 {
        1 << (mark as u8)
    }
}

impl FromIterator<Mark> for MarkSet {
    fn from_iter<I: IntoIterator<Item = Mark>>(iter: I) -> Self {
        iter.into_iter().fold(MarkSet::default(), MarkSet::with)
    }
}

impl serde::Serialize for MarkSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One table read: a sheet of a file, with its own account of rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// The file's name, when the caller gave one.
    pub file: Option<String>,
    /// The sheet's name.
    pub sheet: String,
    /// 1-based header row.
    pub header_row: u32,
    /// How many rows the header spans.
    pub header_rows: u32,
    /// Rows below the header.
    pub rows_in_table: u32,
    /// Rows that became sales lines.
    pub rows_used: u32,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<SkipReason, RowSet>,
}

codes! {
    /// Why clients may be one.
    pub enum SuggestionReason {
        /// The same name once Latin letters that look Cyrillic are read as Cyrillic.
        LookalikeLetters = "lookalike_letters",
        /// Folded names one or two edits apart.
        SimilarName = "similar_name",
    }
}

/// Two or more clients that may be one (the user decides).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Indexes into [`SalesLines::clients`].
    pub clients: Vec<u32>,
    /// Why they may be one.
    pub reason: SuggestionReason,
    /// Letters in the other script, or the number of edits.
    pub detail: Option<String>,
}

/// All sales lines of the analysed tables, with interned names and the
/// account of every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SalesLines {
    /// Every sales line, table by table in row order.
    pub lines: Vec<SalesLine>,
    /// The clients the lines point to.
    pub clients: Vec<Client>,
    /// Interned manager / department / product labels.
    pub labels: Vec<String>,
    /// The tables the lines came from, in reading order.
    pub parts: Vec<Part>,
    /// What reading the rows and resolving clients did, each about a part or the whole run.
    pub notes: Vec<Note>,
    /// Likely duplicate clients, never merged without the user.
    pub suggestions: Vec<Suggestion>,
}

impl SalesLines {
    /// Rows below the header over all parts.
    pub fn rows_in_table(&self) -> u32 {
        self.parts.iter().map(|p| p.rows_in_table).sum()
    }
    /// Rows that became sales lines over all parts.
    pub fn rows_used(&self) -> u32 {
        self.parts.iter().map(|p| p.rows_used).sum()
    }
    /// Skipped rows by reason over all parts.
    pub fn skipped(&self) -> BTreeMap<SkipReason, u32> {
        let mut out = BTreeMap::new();
        for p in &self.parts {
            for (r, rows) in &p.skipped {
                *out.entry(*r).or_default() += rows.count;
            }
        }
        out
    }
}

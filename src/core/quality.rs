//! The data-quality vocabulary every stage speaks: what was skipped, coerced
//! or decided ([`QualityCode`]), why a row is not a sale ([`SkipReason`]), the
//! rows concerned ([`RowSet`]), and the one [`Note`] type every stage emits
//! (reading, detection, extraction, identity). The report turns notes into
//! its `data_quality` entries, naming the column by its header.

use crate::core::codes::codes;
use crate::core::role::Role;

codes! {
    /// Every `data_quality[].code` the engine can emit (skip reasons first).
    pub enum QualityCode {
        /// Nothing in the row.
        BlankRow = "blank_row",
        /// The header printed again (page breaks).
        RepeatedHeader = "repeated_header",
        /// Итого, Всего, Total… or an unlabelled row equal to the sum above it.
        TotalRow = "total_row",
        /// A grouping row carrying the sum of the rows under it (1C hierarchy).
        GroupRow = "group_row",
        /// "Страница 2", "Page 2 of 5".
        PageMarker = "page_marker",
        /// A client but an empty amount cell.
        NoAmount = "no_amount",
        /// An amount cell that is not a number.
        AmountNotNumber = "amount_not_number",
        /// An amount without a client.
        NoClient = "no_client",
        /// Neither client nor amount (notes).
        NoSalesData = "no_sales_data",
        /// Below the grand total and not a sale (signatures, counts).
        FooterRow = "footer_row",
        /// A cancelled or not-shipped order (status column), left out.
        StatusExcluded = "status_excluded",
        /// Amounts stored as text were read as numbers.
        AmountTextParsed = "amount_text_parsed",
        /// The decimal separator was a guess.
        NumberStyleGuessed = "number_style_guessed",
        /// Amounts disagree on the decimal separator.
        NumberStyleConflict = "number_style_conflict",
        /// A date-formatted cell in the amount column read as its number.
        DateCellAsAmount = "date_cell_as_amount",
        /// Returns (negative amounts) netted into their clients.
        NegativeAmount = "negative_amount",
        /// The currency of the amounts.
        Currency = "currency",
        /// A date cell that could not be read.
        DateUnreadable = "date_unreadable",
        /// A sale without a date.
        DateMissing = "date_missing",
        /// Several spellings of one name counted as one client.
        ClientNamesMerged = "client_names_merged",
        /// Which of the with/without VAT amount columns was taken.
        AmountVatChoice = "amount_vat_choice",
        /// Which of several amount columns was taken.
        AmountChoice = "amount_choice",
        /// A column with one value everywhere was not used for a role.
        ConstantColumnIgnored = "constant_column_ignored",
        /// Cell texts longer than Excel's 32,767 characters, cut to them when read.
        CellTextTruncated = "cell_text_truncated",
        /// Cells beyond Excel's last column (XFD, the 16,384th), dropped when read.
        CellsBeyondLastColumn = "cells_beyond_last_column",
        /// The text file's encoding was repaired.
        EncodingRepaired = "encoding_repaired",
        /// How the text file was split (delimiter, encoding).
        CsvDialect = "csv_dialect",
        /// A quote opening a text file's field never closed: its line was read alone, the quote as a character.
        CsvUnclosedQuote = "csv_unclosed_quote",
        /// Lines of a text file with bytes invalid in its encoding, repaired line by line.
        CsvInvalidBytes = "csv_invalid_bytes",
        /// Rows of a text file with filled fields beyond the header's width (columns may have shifted).
        CsvExtraFields = "csv_extra_fields",
        /// Sheets with one header were read as one table.
        SheetsCombined = "sheets_combined",
        /// Sheets with the same header overlapping the chosen ones (copies) were not added.
        SimilarSheetsNotCombined = "similar_sheets_not_combined",
        /// Sheets splitting the clients over one period became departments.
        SheetAsDepartment = "sheet_as_department",
        /// Files splitting the clients over one period became departments.
        FileAsDepartment = "file_as_department",
        /// Other sheets with tables of their own were not used.
        OtherSheetsNotUsed = "other_sheets_not_used",
        /// The file's own grand total equals the sum of the lines.
        FileTotalMatches = "file_total_matches",
        /// The file's own grand total differs from the sum of the lines.
        FileTotalDiffers = "file_total_differs",
        /// A group row's sum differs from the rows under it.
        GroupSumDiffers = "group_sum_differs",
        /// Several files were read together.
        FilesCombined = "files_combined",
        /// Cancelled or not-shipped orders were kept, as asked.
        StatusKept = "status_kept",
        /// Values of merged cells applied to every row they span.
        MergedCellsFilled = "merged_cells_filled",
        /// Blank grouping cells took the value above them (block shape).
        BlankCellsFilled = "blank_cells_filled",
        /// Document rows took their client from the group row above.
        ClientFromGroup = "client_from_group",
        /// Dates read from the document's text.
        DateFromText = "date_from_text",
        /// The group level above the clients used as manager or department.
        GroupLevelAs = "group_level_as",
        /// Periods in columns turned into dated lines.
        ColumnsUnpivoted = "columns_unpivoted",
        /// Each row's periods add up to its total column.
        TotalColumnChecked = "total_column_checked",
        /// Rows whose periods do not add up to their total column.
        TotalColumnMismatch = "total_column_mismatch",
        /// Period columns named without a year: lines without dates.
        PeriodsWithoutYear = "periods_without_year",
        /// Period cells that are not numbers.
        PeriodCellsUnreadable = "period_cells_unreadable",
        /// Names under one tax ID or client code counted as one client.
        ClientsGroupedById = "clients_grouped_by_id",
        /// Subsidiaries counted under their parent company.
        ClientsGroupedByParent = "clients_grouped_by_parent",
        /// Clients merged as the user accepted.
        ClientsMergedByUser = "clients_merged_by_user",
        /// A column with an empty header, holding names, taken as the client.
        ClientColumnUnnamed = "client_column_unnamed",
        /// The company column taken as the client, not the contact person's.
        ClientCompanyOverContact = "client_company_over_contact",
        /// The only money column, headed «Итого» / "Total", taken as the amount.
        AmountTotalHeader = "amount_total_header",
        /// Net amounts taken, not the gross ones beside them.
        AmountNetChoice = "amount_net_choice",
        /// "Total <name>" rows equal to the rows above them: subtotals of a hierarchy, not clients.
        SubtotalRows = "subtotal_rows",
        /// Rows with a total word outside the label columns (a brand "Total"), kept as sales.
        TotalWordKept = "total_word_kept",
        /// Rows that explain the difference from the file's own total (subtotals among the data), left out.
        FileTotalExplained = "file_total_explained",
        /// Returns written with a positive amount, counted as negative.
        StatusReturn = "status_return",
        /// Deals not won (CRM pipeline, lost deals) left out: only won deals are sales.
        StatusNotWon = "status_not_won",
        /// Lines without a date, left out of the caller's date range.
        RangeUndated = "range_undated",
        /// Lines without a value of the chosen measure (a blank profit or quantity cell), left out.
        MeasureMissing = "measure_missing",
        /// Words in the marks column naming no kind (not референтный, инноватор, партнёр, требовательный, потенциал), ignored.
        MarkUnknown = "mark_unknown",
    }
}

codes! {
    /// Why a row below the header did not become a sales line.
    pub enum SkipReason {
        /// Nothing in the row.
        Blank = "blank_row",
        /// The header repeated (print page breaks).
        RepeatedHeader = "repeated_header",
        /// Итого, Всего, Total, Subtotal… or a row without a client equal to the sum above it.
        Total = "total_row",
        /// A grouping line carrying the sum of the rows under it (1C hierarchy).
        Group = "group_row",
        /// "Страница 2", "Page 2 of 5".
        PageMarker = "page_marker",
        /// A client but an empty amount cell.
        NoAmount = "no_amount",
        /// An amount cell that is not a number.
        AmountNotNumber = "amount_not_number",
        /// An amount without a client.
        NoClient = "no_client",
        /// Neither client nor amount (notes).
        NoSalesData = "no_sales_data",
        /// Below the grand total and not a sale ("Торговых точек АКБ: 109", signatures).
        Footer = "footer_row",
        /// A cancelled or not-shipped order (status column), unless the caller keeps them.
        StatusExcluded = "status_excluded",
    }
}

impl SkipReason {
    /// The data-quality code the report lists this skip under.
    pub fn quality_code(self) -> QualityCode {
        match self {
            SkipReason::Blank => QualityCode::BlankRow,
            SkipReason::RepeatedHeader => QualityCode::RepeatedHeader,
            SkipReason::Total => QualityCode::TotalRow,
            SkipReason::Group => QualityCode::GroupRow,
            SkipReason::PageMarker => QualityCode::PageMarker,
            SkipReason::NoAmount => QualityCode::NoAmount,
            SkipReason::AmountNotNumber => QualityCode::AmountNotNumber,
            SkipReason::NoClient => QualityCode::NoClient,
            SkipReason::NoSalesData => QualityCode::NoSalesData,
            SkipReason::Footer => QualityCode::FooterRow,
            SkipReason::StatusExcluded => QualityCode::StatusExcluded,
        }
    }
    /// The skip reason a data-quality code stands for, if it is one.
    pub fn of_code(code: QualityCode) -> Option<SkipReason> {
        SkipReason::ALL.iter().copied().find(|r| r.quality_code() == code)
    }
}

/// Rows (1-based) that something happened to, with a total count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowSet {
    /// Rows (or values) concerned.
    pub count: u32,
    /// The first few rows, for references back to the file.
    pub first: Vec<u32>,
}

impl RowSet {
    /// Rows listed by number; the rest only counted.
    pub const KEEP: usize = 10;

    /// A count without row numbers.
    pub fn counted(count: u32) -> RowSet {
        RowSet { count, first: vec![] }
    }
    /// Adds one row.
    pub fn add(&mut self, row: u32) {
        self.add_many(row, 1);
    }
    /// Adds `n` consecutive rows from `first_row`.
    pub fn add_many(&mut self, first_row: u32, n: u32) {
        for r in first_row..first_row.saturating_add(n) {
            // Rows come in order, except those a later check adds (subtotals found by the file's total).
            let at = self.first.partition_point(|x| *x <= r);
            if at >= Self::KEEP {
                break;
            }
            self.first.insert(at, r);
            self.first.truncate(Self::KEEP);
        }
        self.count = self.count.saturating_add(n);
    }
    /// Adds every row of `other` (its count, and its first rows while there is room).
    pub fn add_rows(&mut self, other: &RowSet) {
        let listed = other.first.len() as u32;
        for r in &other.first {
            self.add(*r);
        }
        self.count = self.count.saturating_add(other.count.saturating_sub(listed));
    }
}

/// The column a note is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteColumn {
    /// The column playing this role in the note's table.
    Role(Role),
    /// A column by 0-based index (named by its header when it has a role, else by its letter).
    Index(u32),
    /// A column named by its header text as in the file.
    Header(String),
}

/// Something a stage skipped, coerced or decided, with where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// What happened.
    pub code: QualityCode,
    /// The file, when the stage knows it (else the part's).
    pub file: Option<String>,
    /// The sheet, when the stage knows it (else the part's).
    pub sheet: Option<String>,
    /// The table read (index into the parts) the note is about: its file and
    /// sheet, and the layout that names `column`. `None` for the whole run.
    pub part: Option<u32>,
    /// The column concerned, if any.
    pub column: Option<NoteColumn>,
    /// The rows (or values) concerned.
    pub rows: RowSet,
    /// Machine-readable detail (a currency, an encoding, the chosen column…).
    pub detail: Option<String>,
}

impl Note {
    /// A note about one thing (count 1, no rows).
    pub fn new(code: QualityCode) -> Note {
        Note {
            code,
            file: None,
            sheet: None,
            part: None,
            column: None,
            rows: RowSet::counted(1),
            detail: None,
        }
    }
    /// With these rows.
    #[must_use]
    pub fn rows(mut self, rows: RowSet) -> Note {
        self.rows = rows;
        self
    }
    /// With this detail.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Note {
        self.detail = Some(detail.into());
        self
    }
    /// With this detail, if any.
    #[must_use]
    pub fn maybe_detail(mut self, detail: Option<String>) -> Note {
        self.detail = detail;
        self
    }
    /// About this column.
    #[must_use]
    pub fn column(mut self, column: NoteColumn) -> Note {
        self.column = Some(column);
        self
    }
    /// About the column playing `role`, if any.
    #[must_use]
    pub fn role(mut self, role: Option<Role>) -> Note {
        self.column = role.map(NoteColumn::Role);
        self
    }
    /// In this file.
    #[must_use]
    pub fn file(mut self, file: Option<String>) -> Note {
        self.file = file;
        self
    }
    /// The index of the column concerned, if it is named by index.
    #[cfg(test)]
    pub fn column_index(&self) -> Option<u32> {
        match self.column {
            Some(NoteColumn::Index(i)) => Some(i),
            _ => None,
        }
    }
    /// The role of the column concerned, if it is named by role.
    pub fn column_role(&self) -> Option<Role> {
        match self.column {
            Some(NoteColumn::Role(r)) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skip_reason_is_listed_under_its_own_code() {
        for &r in SkipReason::ALL {
            assert_eq!(r.quality_code().as_str(), r.as_str());
            assert_eq!(SkipReason::of_code(r.quality_code()), Some(r));
        }
    }

    #[test]
    fn skip_reasons_come_first_in_the_code_list() {
        let first: Vec<&str> = QualityCode::ALL
            .iter()
            .take(SkipReason::ALL.len())
            .map(|c| c.as_str())
            .collect();
        assert_eq!(first, SkipReason::codes());
    }
}

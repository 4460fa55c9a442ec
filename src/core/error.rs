//! Errors that stop a run. Each has a stable snake_case [`ErrorKind::code`];
//! users see a translation keyed by that code, developers the English `Display`.

use crate::core::codes::codes;
use serde::Serialize;
use std::fmt;

/// A column the engine considered for a role, offered to the user as a picker
/// when it could not decide (`no_client_column`, `no_amount_column`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnCandidate {
    /// Column letter as in the spreadsheet ("A", "AB").
    pub column: String,
    /// Header text as in the file ("" when the header cell is empty).
    pub header: String,
    /// Up to three example values from the column, as text.
    pub examples: Vec<String>,
}

/// What went wrong. `#[non_exhaustive]`: new kinds may appear.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a spreadsheet or delimited text the engine reads. `hint` names a
    /// recognised but unsupported format ("mxl" for a 1C spreadsheet document).
    UnsupportedFormat {
        /// A recognised but unsupported format (`mxl`, `html`, `pdf`…).
        hint: Option<&'static str>,
    },
    /// The format was recognised but its content is broken.
    DamagedFile,
    /// The workbook is encrypted with a password.
    PasswordProtected,
    /// A named limit was exceeded (`limit` is the option's name).
    TooLarge {
        /// The limit's name in [`Limits`](crate::Limits).
        limit: &'static str,
        /// Its value.
        max: u64,
    },
    /// No sheet holds any cell.
    EmptyWorkbook,
    /// The caller asked for a sheet that does not exist.
    SheetNotFound {
        /// The name asked for.
        name: String,
    },
    /// The caller named a column (by header text or letter) that does not exist.
    ColumnNotFound {
        /// The role the column was named for.
        role: &'static str,
        /// The header text or letter given.
        spec: String,
    },
    /// No column could be taken as the client.
    NoClientColumn {
        /// Columns a picker may offer.
        candidates: Vec<ColumnCandidate>,
    },
    /// No column could be taken as the amount.
    NoAmountColumn {
        /// Columns a picker may offer.
        candidates: Vec<ColumnCandidate>,
    },
    /// The amount column holds several currencies; summing them would be wrong.
    MixedCurrencies {
        /// The currencies found (ISO codes).
        currencies: Vec<String>,
    },
    /// An option the caller set makes no sense (a share above 100%, levels out of order…).
    BadOptions {
        /// The option's name (`key_share`, `dependency_levels`, `as_of`…).
        option: &'static str,
        /// What it should be, in English.
        reason: &'static str,
    },
}

impl ErrorKind {
    /// The stable code the page translates and tests match on.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The kind's code as a value of [`ErrorCode`].
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ErrorKind::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            ErrorKind::DamagedFile => ErrorCode::DamagedFile,
            ErrorKind::PasswordProtected => ErrorCode::PasswordProtected,
            ErrorKind::TooLarge { .. } => ErrorCode::TooLarge,
            ErrorKind::EmptyWorkbook => ErrorCode::EmptyWorkbook,
            ErrorKind::SheetNotFound { .. } => ErrorCode::SheetNotFound,
            ErrorKind::ColumnNotFound { .. } => ErrorCode::ColumnNotFound,
            ErrorKind::NoClientColumn { .. } => ErrorCode::NoClientColumn,
            ErrorKind::NoAmountColumn { .. } => ErrorCode::NoAmountColumn,
            ErrorKind::MixedCurrencies { .. } => ErrorCode::MixedCurrencies,
            ErrorKind::BadOptions { .. } => ErrorCode::BadOptions,
        }
    }
}

codes! {
    /// The code of every [`ErrorKind`]: the list the page's translations are checked against.
    pub enum ErrorCode {
        /// Not a format the engine reads.
        UnsupportedFormat = "unsupported_format",
        /// Recognised but broken.
        DamagedFile = "damaged_file",
        /// Encrypted with a password.
        PasswordProtected = "password_protected",
        /// A limit was exceeded.
        TooLarge = "too_large",
        /// No sheet holds a cell.
        EmptyWorkbook = "empty_workbook",
        /// The requested sheet does not exist.
        SheetNotFound = "sheet_not_found",
        /// The requested column does not exist.
        ColumnNotFound = "column_not_found",
        /// No client column.
        NoClientColumn = "no_client_column",
        /// No amount column.
        NoAmountColumn = "no_amount_column",
        /// Several currencies.
        MixedCurrencies = "mixed_currencies",
        /// An option out of range.
        BadOptions = "bad_options",
    }
}

/// An error with its kind and where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// File name, when several files were analysed together.
    pub file: Option<String>,
    /// Sheet name, when known.
    pub sheet: Option<String>,
    /// 1-based row, when known.
    pub row: Option<u32>,
    /// Developer detail (e.g. the underlying reader's message). Not for users.
    pub detail: String,
}

impl Error {
    /// An error of `kind`, located nowhere yet.
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind,
            file: None,
            sheet: None,
            row: None,
            detail: String::new(),
        }
    }
    /// With a developer detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
    /// In this sheet.
    #[must_use]
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }
    /// In this sheet, unless a deeper step already named one.
    #[must_use]
    pub fn or_in_sheet(self, sheet: &str) -> Self {
        if self.sheet.is_none() {
            self.in_sheet(sheet)
        } else {
            self
        }
    }
    /// In this file.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    /// The kind's stable code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
    /// Machine-readable details for the page (candidates, limit name…; the
    /// file and the 1-based row when known).
    pub fn details_json(&self) -> serde_json::Value {
        use serde_json::json;
        let mut details = match &self.kind {
            ErrorKind::UnsupportedFormat { hint } => json!({ "hint": hint }),
            ErrorKind::TooLarge { limit, max } => json!({ "limit": limit, "max": max }),
            ErrorKind::SheetNotFound { name } => json!({ "sheet": name }),
            ErrorKind::ColumnNotFound { role, spec } => json!({ "role": role, "column": spec }),
            ErrorKind::NoClientColumn { candidates } | ErrorKind::NoAmountColumn { candidates } => {
                json!({ "candidates": candidates })
            }
            ErrorKind::MixedCurrencies { currencies } => json!({ "currencies": currencies }),
            ErrorKind::BadOptions { option, reason } => json!({ "option": option, "reason": reason }),
            _ => json!({}),
        };
        if let (Some(file), Some(map)) = (&self.file, details.as_object_mut()) {
            map.insert("file".into(), json!(file));
        }
        if let (Some(row), Some(map)) = (self.row, details.as_object_mut()) {
            map.insert("row".into(), json!(row));
        }
        details
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::UnsupportedFormat { hint: Some("mxl") } => write!(
                f,
                "a 1C spreadsheet document (.mxl) cannot be read; save it from 1C as .xlsx"
            )?,
            ErrorKind::UnsupportedFormat { .. } => {
                write!(f, "not a spreadsheet (xlsx, xlsm, xlsb, xls, ods) or CSV/text table")?
            }
            ErrorKind::DamagedFile => write!(f, "the file is damaged and cannot be read")?,
            ErrorKind::PasswordProtected => write!(f, "the workbook is protected with a password")?,
            ErrorKind::TooLarge { limit, max } => write!(f, "the file exceeds the limit {limit} = {max}")?,
            ErrorKind::EmptyWorkbook => write!(f, "the workbook holds no data")?,
            ErrorKind::SheetNotFound { name } => write!(f, "no sheet named {name:?}")?,
            ErrorKind::ColumnNotFound { role, spec } => write!(f, "the {role} column {spec:?} is not in the table")?,
            ErrorKind::NoClientColumn { .. } => write!(f, "no column with client names was found")?,
            ErrorKind::NoAmountColumn { .. } => write!(f, "no column with sales amounts was found")?,
            ErrorKind::MixedCurrencies { currencies } => {
                write!(f, "the amount column mixes currencies: {}", currencies.join(", "))?
            }
            ErrorKind::BadOptions { option, reason } => write!(f, "option {option}: expected {reason}")?,
        }
        if let Some(file) = &self.file {
            write!(f, " [file {file:?}]")?;
        }
        if let Some(sheet) = &self.sheet {
            write!(f, " (sheet {sheet:?}")?;
            if let Some(row) = self.row {
                write!(f, ", row {row}")?;
            }
            write!(f, ")")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

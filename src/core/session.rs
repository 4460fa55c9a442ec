//! One loaded set of files, analysed as often as asked: the bytes are read
//! once, and each later run re-does only the stages its options changed.
//!
//! ```text
//! open:     bytes ──read──► workbooks                 (Limits; counted in `reads`)
//! analyze:  workbooks ──extract──► tables + decisions  (ReadOptions)
//!                     ──resolve──► clients and lines   (IdentityOptions)
//!                     ──method───► findings ──► report (MethodOptions)
//! ```
//!
//! Each stage is a pure function of its input and its options; the session
//! only remembers the last result of each with the options that produced it.

use crate::core::analyze::{Extracted, build_report, extract};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::identity::resolve;
use crate::core::lines::SalesLines;
use crate::core::options::{IdentityOptions, Limits, Options, ReadOptions};
use crate::core::read::read_workbook;
use crate::core::report::Report;
use crate::core::table::Workbook;

/// How often each stage ran in a session: the proof that a re-analysis did not re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct SessionStats {
    /// Files whose bytes were read (once each, when the session opened).
    pub reads: u32,
    /// Tables found and extracted (a new sheet or column choice).
    pub extractions: u32,
    /// Clients resolved (status, IDs, parents, merges).
    pub resolutions: u32,
    /// Runs of the method (every analysis).
    pub analyses: u32,
}

/// A stage's last result and the options that produced it.
#[derive(Debug)]
struct Cached<O, T> {
    options: O,
    result: Result<T>,
}

/// Files read once, analysed as often as asked.
///
/// # Examples
/// ```
/// use keyaccounts::{Options, Session};
/// let csv = "Клиент;Сумма\nООО Ромашка;900\nИП Петров;100\n";
/// let mut session = Session::open(&[(None, csv.as_bytes())], &Default::default()).unwrap();
/// let mut options = Options::default();
/// assert_eq!(session.analyze(&options).unwrap().key_accounts.len(), 2);
/// options.method.thresholds.key_share = 0.5;
/// assert_eq!(session.analyze(&options).unwrap().key_accounts.len(), 1);
/// assert_eq!(session.stats().reads, 1);
/// assert_eq!(session.stats().extractions, 1);
/// ```
#[derive(Debug)]
pub struct Session {
    /// The files read: a name for each when there are several.
    files: Vec<(Option<String>, Workbook)>,
    extracted: Option<Cached<ReadOptions, Extracted>>,
    resolved: Option<Cached<IdentityOptions, SalesLines>>,
    stats: SessionStats,
}

impl Session {
    /// Reads the files' bytes once. Give no name for a single file analysed on its
    /// own (its report lists no files); name every file when several are combined.
    ///
    /// # Errors
    /// The reading errors: `unsupported_format`, `damaged_file`, `password_protected`,
    /// `too_large`, `empty_workbook`; the error names its file when the file has a name.
    pub fn open(files: &[(Option<&str>, &[u8])], limits: &Limits) -> Result<Session> {
        if files.is_empty() {
            return Err(Error::new(ErrorKind::EmptyWorkbook));
        }
        let mut total_bytes: u64 = 0;
        let mut read = Vec::with_capacity(files.len());
        let mut stats = SessionStats::default();
        for &(name, bytes) in files {
            let in_file = |e: Error| match name {
                Some(n) => e.in_file(n),
                None => e,
            };
            total_bytes = total_bytes.saturating_add(bytes.len() as u64);
            if total_bytes > limits.max_file_bytes {
                return Err(in_file(Error::new(ErrorKind::TooLarge {
                    limit: "max_file_bytes",
                    max: limits.max_file_bytes,
                })));
            }
            let workbook = read_workbook(bytes, limits).map_err(in_file)?;
            stats.reads += 1;
            read.push((name.map(str::to_string), workbook));
        }
        Ok(Session {
            files: read,
            extracted: None,
            resolved: None,
            stats,
        })
    }

    /// A session over workbooks already read (unit tests; the counter of reads stays 0).
    #[cfg(test)]
    pub(crate) fn from_workbooks(files: Vec<(Option<String>, Workbook)>) -> Session {
        Session {
            files,
            extracted: None,
            resolved: None,
            stats: SessionStats::default(),
        }
    }

    /// Analyses the files with `options`, re-running only the stages whose
    /// options changed since the last call (`options.limits` applied when the files were read).
    ///
    /// # Errors
    /// Extraction errors (`no_client_column`, `no_amount_column`, `sheet_not_found`,
    /// `column_not_found`, `mixed_currencies`, `empty_workbook`) and `bad_options` for
    /// thresholds out of range. The session stays usable: call again with other options.
    pub fn analyze(&mut self, options: &Options) -> Result<Report> {
        options.method.thresholds.validate()?;
        let refs: Vec<(Option<String>, &Workbook)> = self.files.iter().map(|(n, w)| (n.clone(), w)).collect();
        if self.extracted.as_ref().is_none_or(|c| c.options != options.read) {
            self.stats.extractions += 1;
            self.extracted = Some(Cached {
                options: options.read.clone(),
                result: extract(&refs, &options.read),
            });
            self.resolved = None;
        }
        let extracted = match self.extracted.as_ref().map(|c| &c.result) {
            Some(Ok(e)) => e,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err(Error::new(ErrorKind::EmptyWorkbook)),
        };
        if self.resolved.as_ref().is_none_or(|c| c.options != options.identity) {
            self.stats.resolutions += 1;
            self.resolved = Some(Cached {
                result: resolve(&extracted.inputs, &options.identity),
                options: options.identity.clone(),
            });
        }
        let lines = match self.resolved.as_ref().map(|c| &c.result) {
            Some(Ok(l)) => l,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err(Error::new(ErrorKind::EmptyWorkbook)),
        };
        self.stats.analyses += 1;
        Ok(build_report(&refs, extracted, lines, &options.method))
    }

    /// How often each stage ran.
    pub fn stats(&self) -> SessionStats {
        self.stats
    }
}

/// Reads a sales file and builds its report: a one-run [`Session`].
///
/// # Errors
/// Any [`ErrorKind`]: unreadable, protected or oversized files
/// (`unsupported_format`, `damaged_file`, `password_protected`, `too_large`,
/// `empty_workbook`), a bad sheet or column choice (`sheet_not_found`,
/// `column_not_found`), a table without a client or amount column
/// (`no_client_column`, `no_amount_column`, with candidates for a picker),
/// thresholds out of range (`bad_options`).
///
/// # Examples
/// ```
/// let csv = "Клиент;Сумма\nООО Ромашка;1 000,50\nИП Петров;500\nРомашка ООО;250\n";
/// let report = keyaccounts::analyze(csv.as_bytes(), &keyaccounts::Options::default()).unwrap();
/// assert_eq!(report.total, 1750.5);
/// assert_eq!(report.clients[0].amount, 1250.5);
/// ```
pub fn analyze(bytes: &[u8], options: &Options) -> Result<Report> {
    Session::open(&[(None, bytes)], &options.limits)?.analyze(options)
}

/// Reads several files (monthly exports, one per department…) and builds one
/// report over all of them; each line remembers its file. Each file's table is
/// found on its own; the options (sheet, columns) apply to every file.
///
/// # Errors
/// As [`analyze`]; an error in one file names it (`Error::file`).
pub fn analyze_files(files: &[(&str, &[u8])], options: &Options) -> Result<Report> {
    let named: Vec<(Option<&str>, &[u8])> = files.iter().map(|&(n, b)| (Some(n), b)).collect();
    Session::open(&named, &options.limits)?.analyze(options)
}

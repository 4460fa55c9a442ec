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

use crate::core::analysis::view::measures;
use crate::core::analysis::{DateSource, analyze as run_method, scenario};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::extract::{Dataset, extract};
use crate::core::identity::{resolve, resolve_taking};
use crate::core::model::SalesLines;
use crate::core::options::{Anonymize, IdentityOptions, Limits, Measure, Options, ReadOptions};
use crate::core::read::progress::Progress;
use crate::core::read::read_source_with;
use crate::core::read::source::Source;
use crate::core::report::Report;
use crate::core::report::anonymize::{Pseudonyms, anonymize_in_place};
use crate::core::report::build::build_report;
use crate::core::report::plans;
use crate::core::role::Role;
use crate::core::table::Workbook;

/// How often each stage ran in a session: the proof that a re-analysis did not re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct SessionStats {
    /// Files whose bytes were read (once each, when the session opened).
    pub reads: u32,
    /// Tables found and extracted (a new sheet or column choice; above [`KEEP_RAW_LINES`] lines,
    /// a change of identity options too).
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
    extracted: Option<Cached<ReadOptions, Dataset>>,
    resolved: Option<Cached<IdentityOptions, SalesLines>>,
    /// The last pseudonyms, for the lines in `resolved`.
    pseudonyms: Option<Cached<Anonymize, Pseudonyms>>,
    /// Most raw lines kept in `extracted` once resolved ([`Session::keep_raw_lines`]).
    keep_raw_lines: usize,
    /// True when `extracted`'s raw lines were taken to make `resolved`'s lines.
    lines_taken: bool,
    stats: SessionStats,
}

/// Raw lines a session keeps by default once they are resolved: a few megabytes.
pub const KEEP_RAW_LINES: usize = 200_000;

impl Session {
    /// Reads the files' bytes once. Give no name for a single file analysed on its
    /// own (its report lists no files); name every file when several are combined.
    ///
    /// # Errors
    /// The reading errors: `unsupported_format`, `damaged_file`, `password_protected`,
    /// `too_large`, `empty_workbook`; the error names its file when the file has a name.
    pub fn open(files: &[(Option<&str>, &[u8])], limits: &Limits) -> Result<Session> {
        Session::open_with(files, limits, &mut |_| {})
    }

    /// [`Session::open`], telling `progress` how far reading has come: rows read
    /// in the file being read, and the share of all the files (a file's share
    /// from its declared size, when known).
    ///
    /// # Errors
    /// As [`Session::open`].
    pub fn open_with(
        files: &[(Option<&str>, &[u8])],
        limits: &Limits,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Session> {
        let sources: Vec<(Option<&str>, &dyn Source)> = files.iter().map(|(n, b)| (*n, b as &dyn Source)).collect();
        Session::open_sources(&sources, limits, progress)
    }

    /// [`Session::open_with`] from [`Source`]s: the page's files stay in JavaScript, and an
    /// xlsx is read from them part by part.
    pub(crate) fn open_sources(
        files: &[(Option<&str>, &dyn Source)],
        limits: &Limits,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Session> {
        if files.is_empty() {
            return Err(Error::new(ErrorKind::EmptyWorkbook));
        }
        let mut total_bytes: u64 = 0;
        let mut read = Vec::with_capacity(files.len());
        let mut stats = SessionStats::default();
        let n_files = files.len();
        for (index, &(name, src)) in files.iter().enumerate() {
            let in_file = |e: Error| match name {
                Some(n) => e.in_file(n),
                None => e,
            };
            total_bytes = total_bytes.saturating_add(src.size());
            if total_bytes > limits.max_file_bytes {
                return Err(in_file(Error::new(ErrorKind::TooLarge {
                    limit: "max_file_bytes",
                    max: limits.max_file_bytes,
                })));
            }
            // Each file is an equal part of the whole bar.
            let mut per_file = |p: Progress| {
                progress(Progress {
                    rows: p.rows,
                    fraction: p.fraction.map(|f| (index as f64 + f) / n_files as f64),
                });
            };
            let workbook = read_source_with(src, limits, &mut per_file).map_err(in_file)?;
            stats.reads += 1;
            read.push((name.map(str::to_string), workbook));
        }
        Ok(Session {
            files: read,
            extracted: None,
            resolved: None,
            pseudonyms: None,
            keep_raw_lines: KEEP_RAW_LINES,
            lines_taken: false,
            stats,
        })
    }

    /// Keeps the raw lines of at most `lines` lines (default [`KEEP_RAW_LINES`]) beside
    /// the resolved ones. Above it, resolving takes the raw lines and makes the sales lines
    /// in their memory: a million-line file needs no second copy of its lines (56 MB of wasm
    /// memory, which never shrinks), and a change of identity options extracts the tables again
    /// (a second or two at a million lines) instead of resolving kept lines. Reports are the same.
    pub fn keep_raw_lines(&mut self, lines: usize) {
        self.keep_raw_lines = lines;
    }

    /// Analyses the files with `options`, re-running only the stages whose
    /// options changed since the last call (`options.limits` applied when the files were read).
    /// With `options.anonymize` the report names clients, managers, departments
    /// and files by their pseudonyms ([`Session::pseudonyms`]).
    ///
    /// # Errors
    /// Extraction errors (`no_client_column`, `no_amount_column`, `sheet_not_found`,
    /// `column_not_found`, `mixed_currencies`, `empty_workbook`) and `bad_options` for
    /// thresholds out of range. The session stays usable: call again with other options.
    pub fn analyze(&mut self, options: &Options) -> Result<Report> {
        options.method.validate()?;
        self.prepare(options)?;
        check_measure(self.prepared()?.1, options.method.measure)?;
        self.stats.analyses += 1;
        let (extracted, lines) = self.prepared()?;
        let today = run_method(lines, &options.method, date_source(extracted, lines));
        let mut report = if options.method.scenario.is_empty() {
            build_report(extracted, lines, &today, &options.method)
        } else {
            // What if: the method on the lines without those clients, beside today's.
            let applied = scenario::apply(lines, &options.method.scenario, &today);
            let after = run_method(&applied.lines, &options.method, date_source(extracted, &applied.lines));
            let diff = scenario::diff(&today, lines, &after, &applied.lines);
            let mut report = build_report(extracted, &applied.lines, &after, &options.method);
            report.scenario = Some(plans::scenario(&applied, &diff));
            report.products = plans::products(lines);
            report.marks_unmatched = today.judgment.unmatched;
            report
        };
        if let Some(words) = &options.anonymize {
            anonymize_in_place(&mut report, &self.pseudonyms_of(words)?);
        }
        Ok(report)
    }

    /// The pseudonyms of the clients, managers, departments and files of these
    /// options' lines (`options.read` and `options.identity`; the method's options
    /// play no part), in the words of `options.anonymize` (Russian without it):
    /// clients numbered by their revenue over the whole file, so a pseudonym
    /// stays the same client whatever range, measure or scenario a report shows.
    /// Runs extraction and identity when they have not run for these options.
    ///
    /// # Errors
    /// As [`Session::analyze`], for the extraction and identity stages.
    pub fn pseudonyms(&mut self, options: &Options) -> Result<Pseudonyms> {
        self.prepare(options)?;
        self.pseudonyms_of(&options.anonymize.clone().unwrap_or_default())
    }

    /// The pseudonyms of the lines prepared last, cached per words.
    fn pseudonyms_of(&mut self, words: &Anonymize) -> Result<Pseudonyms> {
        if let Some(c) = self.pseudonyms.as_ref().filter(|c| &c.options == words)
            && let Ok(p) = &c.result
        {
            return Ok(p.clone());
        }
        let (extracted, lines) = self.prepared()?;
        let p = Pseudonyms::of(lines, &extracted.files, words);
        self.pseudonyms = Some(Cached {
            options: words.clone(),
            result: Ok(p.clone()),
        });
        Ok(p)
    }

    /// Runs extraction and identity when their options changed.
    fn prepare(&mut self, options: &Options) -> Result<()> {
        let refs: Vec<(Option<String>, &Workbook)> = self.files.iter().map(|(n, w)| (n.clone(), w)).collect();
        let identity_changed = self.resolved.as_ref().is_none_or(|c| c.options != options.identity);
        let taken = self.lines_taken && identity_changed;
        if taken || self.extracted.as_ref().is_none_or(|c| c.options != options.read) {
            self.stats.extractions += 1;
            self.lines_taken = false;
            // The old lines go before the new are made: two line sets never coexist.
            self.extracted = None;
            self.resolved = None;
            self.pseudonyms = None;
            self.extracted = Some(Cached {
                options: options.read.clone(),
                result: extract(&refs, &options.read, options.limits.max_client_names),
            });
        }
        let extracted = match self.extracted.as_mut().map(|c| &mut c.result) {
            Some(Ok(e)) => e,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err(Error::new(ErrorKind::EmptyWorkbook)),
        };
        if self.resolved.as_ref().is_none_or(|c| c.options != options.identity) {
            self.stats.resolutions += 1;
            // The old lines go before the new are made.
            self.resolved = None;
            self.pseudonyms = None;
            let lines: usize = extracted.inputs.iter().map(|t| t.table.lines.len()).sum();
            let result = if lines > self.keep_raw_lines {
                let taken = resolve_taking(&mut extracted.inputs, &options.identity);
                // Its one error (mixed currencies) comes before any line is taken.
                self.lines_taken = taken.is_ok();
                taken
            } else {
                resolve(&extracted.inputs, &options.identity)
            };
            self.resolved = Some(Cached {
                result,
                options: options.identity.clone(),
            });
        }
        self.prepared().map(|_| ())
    }

    /// The dataset and lines [`Session::prepare`] left.
    fn prepared(&self) -> Result<(&Dataset, &SalesLines)> {
        let extracted = match self.extracted.as_ref().map(|c| &c.result) {
            Some(Ok(e)) => e,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err(Error::new(ErrorKind::EmptyWorkbook)),
        };
        match self.resolved.as_ref().map(|c| &c.result) {
            Some(Ok(l)) => Ok((extracted, l)),
            Some(Err(e)) => Err(e.clone()),
            None => Err(Error::new(ErrorKind::EmptyWorkbook)),
        }
    }

    /// How often each stage ran.
    pub fn stats(&self) -> SessionStats {
        self.stats
    }
}

/// Dates come from a date column (days of purchases), dated period columns
/// (a wide table: periods, no rhythm), period columns without a year, or nowhere.
fn date_source(dataset: &Dataset, lines: &SalesLines) -> DateSource {
    let has_column = dataset.sources.iter().any(|s| s.layout.column(Role::Date).is_some());
    let wide: Vec<_> = dataset.sources.iter().filter_map(|s| s.layout.wide.as_ref()).collect();
    let periods: Vec<_> = wide
        .iter()
        .flat_map(|w| w.periods.iter().filter_map(|p| p.period))
        .collect();
    if has_column || (wide.is_empty() && lines.lines.iter().any(|l| l.date.is_some())) {
        return DateSource::Column;
    }
    if !wide.is_empty() && wide.iter().all(|w| w.dated()) {
        let (Some(from), Some(to)) = (periods.iter().map(|p| p.from).min(), periods.iter().map(|p| p.to).max()) else {
            return DateSource::NoColumn;
        };
        let months = periods
            .iter()
            .map(|p| ((p.to.0 - p.from.0 + 1) as f64 / 30.4).round() as u32)
            .max()
            .unwrap_or(1)
            .max(1);
        return DateSource::Periods { months, from, to };
    }
    if !wide.is_empty() {
        return DateSource::PeriodsWithoutYear;
    }
    DateSource::NoColumn
}

/// Refuses a measure the lines do not carry.
fn check_measure(lines: &SalesLines, measure: Measure) -> Result<()> {
    if measures(lines).contains(&measure) {
        return Ok(());
    }
    let reason = match measure {
        Measure::Quantity => "a quantity column",
        _ => "a profit column, or amount and cost columns",
    };
    Err(Error::new(ErrorKind::BadOptions {
        option: "measure",
        reason,
    }))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A wide table (months in columns) through the whole engine: header, roles, periods, report.
    fn run(title: Option<&str>, first: &str) -> Result<Report> {
        let mut csv = String::new();
        if let Some(t) = title {
            csv.push_str(&format!("{t};;;;;\n;;;;;\n"));
        }
        csv.push_str(&format!("{first};Январь;Февраль;Март;Апрель;Итого\n"));
        csv.push_str("ООО Ромашка;100;120;0;0;220\nИП Петров;10;0;15;12;37\nООО Лютик;30;35;40;45;150\n");
        analyze(csv.as_bytes(), &Options::default())
    }

    #[test]
    fn month_names_take_the_one_year_the_title_states() {
        let r = run(Some("Продажи за 2024 год"), "Клиент").expect("report");
        assert_eq!(r.source.layout, "wide");
        assert_eq!(r.source.periods.len(), 4);
        assert_eq!(
            (r.source.date_from.as_deref(), r.source.date_to.as_deref()),
            (Some("2024-01-01"), Some("2024-04-01"))
        );
        assert!(r.data_quality.iter().all(|q| q.code != "periods_without_year"));
        assert!((r.total - 407.0).abs() < 1e-9);
    }

    #[test]
    fn month_names_without_any_year_give_undated_lines_and_say_so() {
        let r = run(None, "Клиент").expect("report");
        assert_eq!(r.source.layout, "wide");
        assert!(r.source.periods.is_empty());
        assert_eq!(r.source.date_from, None);
        let q = r
            .data_quality
            .iter()
            .find(|q| q.code == "periods_without_year")
            .expect("note");
        assert_eq!((q.count, q.detail.as_deref()), (4, Some("Январь … Апрель")));
        assert!(r.findings.iter().any(|f| f.code() == "lost_clients_unchecked"));
        assert!((r.total - 407.0).abs() < 1e-9, "the total column is not added");
    }

    #[test]
    fn products_by_month_without_a_client_column_still_fail_with_no_client_column() {
        let e = run(Some("Продажи за 2024 год"), "Товар").expect_err("no client");
        assert_eq!(e.code(), "no_client_column");
    }
}

/// The trend rules through the whole engine (a rule test would otherwise reach up to the crate).
#[cfg(test)]
mod trend_tests {
    use super::analyze;
    use crate::core::options::Options;
    use crate::core::report::Report;

    /// 24 months of 2023–2024; `amounts(year, month)` gives each client's sale on the 15th.
    fn report(amounts: impl Fn(i32, u32) -> Vec<(&'static str, u32)>) -> Report {
        let mut csv = String::from("Клиент;Дата;Сумма\n");
        for y in [2023, 2024] {
            for m in 1..=12 {
                for (c, a) in amounts(y, m) {
                    csv.push_str(&format!("{c};15.{m:02}.{y};{a}\n"));
                }
            }
            // The data covers whole years: a first and a last day of each.
            csv.push_str(&format!("Прочие;01.01.{y};1\nПрочие;31.12.{y};1\n"));
        }
        analyze(csv.as_bytes(), &Options::default()).expect("report")
    }

    const OTHERS: [&str; 7] = ["Б", "В", "Г", "Д", "Е", "Ж", "З"];

    fn codes(r: &Report, code: &str) -> Vec<String> {
        r.flat_findings()
            .into_iter()
            .filter(|f| f.code == code)
            .map(|f| f.client.unwrap_or_default())
            .collect()
    }

    #[test]
    fn concentration_rising_needs_both_the_hhi_and_the_top_share_up() {
        // 2023: А 30 of 100 (HHI 1,600); 2024: А 40 of 100 with one client fewer (HHI 2,200).
        let rising = report(|y, _| {
            let mut v = vec![("А", if y == 2023 { 300 } else { 400 })];
            v.extend(OTHERS.iter().take(if y == 2023 { 7 } else { 6 }).map(|c| (*c, 100)));
            v
        });
        assert_eq!(codes(&rising, "concentration_rising"), ["А"]);
        let w = rising.time.as_ref().and_then(|t| t.windows.as_ref()).expect("windows");
        assert_eq!(
            (w.previous.from.as_str(), w.recent.to.as_str()),
            ("2023-01-01", "2024-12-31")
        );
        // The same shares both years: nothing rises.
        let flat = report(|_, _| {
            let mut v = vec![("А", 300)];
            v.extend(OTHERS.iter().map(|c| (*c, 100)));
            v
        });
        assert!(codes(&flat, "concentration_rising").is_empty());
        assert!(codes(&flat, "new_key_account").is_empty());
    }

    #[test]
    fn a_key_client_at_half_its_usual_months_slips_and_one_newly_key_is_named() {
        let r = report(|y, m| {
            let late = y == 2024 && m >= 10;
            let mut v = vec![("А", if late { 150 } else { 300 })];
            // Б: 50 a month in 2023 (under 10%), 300 in 2024.
            v.push(("Б", if y == 2023 { 50 } else { 300 }));
            v.extend(OTHERS.iter().skip(1).map(|c| (*c, 100)));
            v
        });
        assert_eq!(codes(&r, "slipping_key_client"), ["А"], "150 is half of 300");
        assert_eq!(codes(&r, "new_key_account"), ["Б"]);
        let just_above = report(|y, m| {
            let late = y == 2024 && m >= 10;
            let mut v = vec![("А", if late { 151 } else { 300 })];
            v.extend(OTHERS.iter().map(|c| (*c, 100)));
            v
        });
        assert!(
            codes(&just_above, "slipping_key_client").is_empty(),
            "151 is more than half"
        );
    }
}

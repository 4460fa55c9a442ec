//! # keyaccounts
//!
//! Reads a company's sales file (xlsx, xlsm, xlsb, xls, ods, csv) and tells
//! which clients are key accounts and where the business depends on a few.
//!
//! ## The model
//!
//! A run is a chain of stages, each a pure function of what the previous one
//! produced and of its own options; nothing reads the clock or the network.
//! The **bytes** are read once into workbooks ([`Limits`]); the **table** is
//! found and extracted into raw sales lines with every reading decision
//! ([`ReadOptions`]: sheet, columns by [`Role`], date order); **identity**
//! turns raw lines into clients — cancelled orders, tax IDs, parent
//! companies, the user's merges ([`IdentityOptions`]); the **method** computes
//! shares, key accounts at three scopes, concentration and findings
//! ([`MethodOptions`]: thresholds and the as-of date); the **report** rounds
//! money and says what was done with every row ([`Report`]). A [`Session`]
//! keeps the files read and re-runs only the stages whose options changed, so
//! another threshold costs the method alone. Errors stop a run with a stable
//! code ([`ErrorKind::code`]); what did not stop it is a data-quality note.
//! `docs/architecture.md` maps the modules; `docs/report.md` the report.
//!
//! ## Example
//!
//! ```
//! use keyaccounts::{Options, Session};
//!
//! let csv = "Клиент;Менеджер;Сумма\nООО Ромашка;Иванов;6 000\nИП Петров;Иванов;2 500\nАО Вектор;Петрова;1 500\n";
//! let mut session = Session::open(&[(None, csv.as_bytes())], &Default::default())?;
//!
//! // The method's defaults: a key account brings at least 10% of sales.
//! let mut options = Options::default();
//! let report = session.analyze(&options)?;
//! assert_eq!(report.total, 10_000.0);
//! assert_eq!(report.clients[0].name, "ООО Ромашка");
//! assert!(report.findings.iter().any(|f| f.code() == "critical_dependency"));
//!
//! // Another threshold re-runs the method only: the file is not read again.
//! options.method.thresholds.key_share = 0.2;
//! let report = session.analyze(&options)?;
//! let company_keys = report.key_accounts.iter().filter(|k| k.group.is_none()).count();
//! assert_eq!(company_keys, 2);
//! assert_eq!(session.stats().reads, 1);
//! assert_eq!(session.stats().extractions, 1);
//! # Ok::<(), keyaccounts::Error>(())
//! ```

pub mod core;

pub use crate::core::error::{Error, ErrorCode, ErrorKind};
pub use crate::core::model::{Mark, MarkSet};
pub use crate::core::options::{
    ClientMark, ColumnOverrides, DateRange, IdentityOptions, Limits, Measure, MethodOptions, Options, ReadOptions,
    Scenario, SupplierCondition, SupplierUnit, Thresholds,
};
pub use crate::core::report::Report;
pub use crate::core::role::Role;
pub use crate::core::session::{Session, SessionStats, analyze, analyze_files};

#[cfg(all(target_arch = "wasm32", any(feature = "web", feature = "export")))]
pub mod web;

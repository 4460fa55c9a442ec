//! Helpers shared by the test modules.

use crate::build;
use keyaccounts::{Options, Report};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Every built fixture, built once per test run.
pub fn fixtures() -> &'static [build::Fixture] {
    static ALL: OnceLock<Vec<build::Fixture>> = OnceLock::new();
    ALL.get_or_init(build::all)
}

pub fn fixture(name: &str) -> &'static build::Fixture {
    fixtures()
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture named {name}"))
}

/// What one run gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    Report(Box<Report>),
    Error { code: String, message: String },
    Panic(String),
}

impl Outcome {
    pub fn label(&self) -> String {
        match self {
            Outcome::Report(_) => "report".to_string(),
            Outcome::Error { code, .. } => format!("error {code}"),
            Outcome::Panic(_) => "PANIC".to_string(),
        }
    }
}

/// Runs the engine, turning a panic into an [`Outcome::Panic`].
pub fn run(bytes: &[u8], options: &Options) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| keyaccounts::analyze(bytes, options))) {
        Ok(Ok(report)) => Outcome::Report(Box::new(report)),
        Ok(Err(err)) => Outcome::Error {
            code: err.code().to_string(),
            message: err.to_string(),
        },
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".to_string());
            Outcome::Panic(msg)
        }
    }
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Committed fixture files (the LibreOffice conversions).
pub fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests").join("fixtures")
}

pub fn approx(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

pub fn cents(c: i64) -> f64 {
    c as f64 / 100.0
}

//! The serde Report: the one contract the CLI, the page and the tests share.
//! Documented field by field in docs/report.md.

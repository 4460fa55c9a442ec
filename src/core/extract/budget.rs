//! The run's work budget for clients: a run costs per distinct client name as well as per row
//! (identity, look-alikes, the method, the report's client table), so a table whose client
//! column holds more names than the page handles in seconds stops with `too_large` before any
//! of its rows is classified.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::table::{Cell, SheetTable};
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// Distinct client names met so far in one extraction, over all its tables.
#[derive(Debug)]
pub(super) struct ClientNames {
    seen: FxHashSet<Arc<str>>,
    /// The last name seen: consecutive rows of one client skip the hash.
    last: Option<Arc<str>>,
    max: u64,
}

impl ClientNames {
    pub(super) fn new(max: u64) -> Self {
        ClientNames {
            seen: FxHashSet::default(),
            last: None,
            max,
        }
    }

    #[cfg(test)]
    pub(super) fn unlimited() -> Self {
        ClientNames::new(u64::MAX)
    }

    /// Counts the texts of column `col` from row `first` (0-based) on: every name a line of the
    /// table can take, totals and group rows included.
    ///
    /// # Errors
    /// As [`ClientNames::see`].
    pub(super) fn see_column(&mut self, sheet: &SheetTable, col: u32, first: u32) -> Result<()> {
        let mut seen = Ok(());
        sheet.rows.each_cell_from(first, col, |cell| {
            if seen.is_err() {
                return;
            }
            seen = match cell {
                c if c.is_blank() => Ok(()),
                Cell::Text(t) => self.see(t),
                other => self.see(&other.to_shared_text()),
            };
        });
        seen
    }

    /// Counts `name` as written (before cleaning: spellings, not yet clients).
    ///
    /// # Errors
    /// `too_large` (`max_client_names`) when `name` is new and the budget is spent.
    pub(super) fn see(&mut self, name: &Arc<str>) -> Result<()> {
        if self.last.as_ref().is_some_and(|l| Arc::ptr_eq(l, name)) || self.seen.contains(name) {
            self.last = Some(Arc::clone(name));
            return Ok(());
        }
        if self.seen.len() as u64 >= self.max {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_client_names",
                max: self.max,
            }));
        }
        self.seen.insert(Arc::clone(name));
        self.last = Some(Arc::clone(name));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_past_the_limit_is_refused_and_known_names_still_pass() {
        let mut names = ClientNames::new(2);
        let a: Arc<str> = "ООО Альфа".into();
        let b: Arc<str> = "ООО Бета".into();
        names.see(&a).unwrap();
        names.see(&b).unwrap();
        // The same text in another allocation is the same name.
        names.see(&Arc::from("ООО Альфа")).unwrap();
        names.see(&a).unwrap();
        let e = names.see(&Arc::from("ООО Гамма")).unwrap_err();
        assert_eq!(e.code(), "too_large");
        assert_eq!(
            e.to_string(),
            Error::new(ErrorKind::TooLarge {
                limit: "max_client_names",
                max: 2
            })
            .to_string()
        );
    }
}

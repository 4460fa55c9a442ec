//! A line as identity counts it: borrowed from its table, or turned by its status.

use crate::core::model::RawLine;

/// A line as counted: the table's own, or a copy the status turned negative.
/// Boxed: most lines are borrowed, and inline copies made every entry as large
/// as a whole line (a million lines: ~230 MB of mostly unused room, copied).
pub(super) enum Line<'a> {
    Table(&'a RawLine),
    Turned(Box<RawLine>),
}

impl std::ops::Deref for Line<'_> {
    type Target = RawLine;
    fn deref(&self) -> &RawLine {
        match self {
            Line::Table(l) => l,
            Line::Turned(l) => l,
        }
    }
}

impl AsRef<RawLine> for Line<'_> {
    fn as_ref(&self) -> &RawLine {
        self
    }
}

//! Dates as Excel serials (1900 and 1904 systems) and as text
//! (`15.03.2024`, `15.03.24`, `15.03.2024 0:00:00`, `15 марта 2024 г.`, ISO, `MM/DD/YYYY`).
// INTERFACE STUB — replaced by the parse helper.

use crate::core::value::Date;

/// Day-first (`03/04/2024` = 3 April) or month-first (US, = 4 March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// A serial day number to a date; `None` outside 1900–9999.
pub fn date_from_serial(serial: f64, epoch_1904: bool) -> Option<Date> {
    let base = if epoch_1904 {
        Date::from_ymd(1904, 1, 1)?
    } else {
        Date::from_ymd(1899, 12, 30)?
    };
    Some(Date(base.0 + serial.floor() as i32))
}

/// Decides day-first or month-first from a column's text dates.
pub fn infer_date_order<'a, I: IntoIterator<Item = &'a str>>(samples: I) -> DateOrder {
    let _ = samples;
    DateOrder::DayFirst
}

/// Parses one text date.
pub fn parse_date_text(text: &str, order: DateOrder) -> Option<Date> {
    let _ = order;
    Date::parse_iso(text)
}

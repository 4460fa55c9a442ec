//! Exact money and calendar dates, without a clock.

use serde::{Serialize, Serializer};
use std::fmt;

/// Money in ten-thousandths of a currency unit. Sums are exact integers;
/// rounding happens only for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    /// Ten-thousandths per unit.
    pub const SCALE: i64 = 10_000;

    /// From a spreadsheet number; `None` when not finite or beyond ±9·10^14.
    pub fn from_f64(v: f64) -> Option<Money> {
        let scaled = (v * Self::SCALE as f64).round();
        if scaled.is_finite() && scaled.abs() < 9.0e18 {
            Some(Money(scaled as i64))
        } else {
            None
        }
    }
    /// As a float (for quantities and display).
    pub fn to_f64(self) -> f64 {
        // Integer division first keeps large values exact to the last digit.
        (self.0 / Self::SCALE) as f64 + (self.0 % Self::SCALE) as f64 / Self::SCALE as f64
    }
}

/// An exact running sum of [`Money`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct MoneySum(pub i128);

impl MoneySum {
    /// Adds an amount.
    pub fn add(&mut self, m: Money) {
        self.0 += m.0 as i128;
    }
    /// The sum as a float, rounded to cents (what reports show).
    pub fn to_f64_cents(self) -> f64 {
        let cents = round_div(self.0, (Money::SCALE / 100) as i128);
        (cents / 100) as f64 + (cents % 100) as f64 / 100.0
    }
    /// The sum as a float, unrounded.
    pub fn to_f64(self) -> f64 {
        (self.0 / Money::SCALE as i128) as f64 + (self.0 % Money::SCALE as i128) as f64 / Money::SCALE as f64
    }
}

fn round_div(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d { q + n.signum() } else { q }
}

/// Default (none), equality and debug output of a compact option, through its `get()`.
macro_rules! compact_option {
    ($t:ident) => {
        impl Default for $t {
            fn default() -> $t {
                $t::NONE
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &$t) -> bool {
                self.get() == other.get()
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.get().fmt(f)
            }
        }
    };
}

compact_option!(MaybeF64);
compact_option!(MaybeMoney);

/// An optional number in 8 bytes, 4-byte aligned (an `Option<f64>` takes 16, 8-aligned): NaN
/// stands for none, which no cell read as a number is. Lines keep a million of these.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct MaybeF64(f64);

impl MaybeF64 {
    /// No number.
    pub const NONE: MaybeF64 = MaybeF64(f64::NAN);
    /// The number, if any.
    pub fn get(self) -> Option<f64> {
        let v = self.0;
        (!v.is_nan()).then_some(v)
    }
}

impl From<Option<f64>> for MaybeF64 {
    fn from(v: Option<f64>) -> MaybeF64 {
        MaybeF64(v.unwrap_or(f64::NAN))
    }
}

/// An optional [`Money`] in 8 bytes, 4-byte aligned (an `Option<Money>` takes 16): `i64::MIN`
/// stands for none (a sum that low saturates one above it).
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct MaybeMoney(i64);

impl MaybeMoney {
    /// No amount.
    pub const NONE: MaybeMoney = MaybeMoney(i64::MIN);
    /// The amount, if any.
    pub fn get(self) -> Option<Money> {
        let v = self.0;
        (v != i64::MIN).then_some(Money(v))
    }
}

impl From<Option<Money>> for MaybeMoney {
    fn from(v: Option<Money>) -> MaybeMoney {
        MaybeMoney(v.map_or(i64::MIN, |m| m.0.max(i64::MIN + 1)))
    }
}

/// A calendar date: days since 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    /// From year, month (1–12), day (1–31); `None` if not a real date.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }
    /// Year, month (1–12), day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::from_ymd(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A Gregorian leap year.
pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`; 0 for a month out of range.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-date algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_options_keep_every_value() {
        for v in [None, Some(0.0), Some(-0.0), Some(1.5), Some(-3e15), Some(f64::MAX)] {
            assert_eq!(MaybeF64::from(v).get(), v);
        }
        for v in [None, Some(Money(0)), Some(Money(-1)), Some(Money(i64::MAX))] {
            assert_eq!(MaybeMoney::from(v).get(), v);
        }
        // The one amount that means none saturates one above it.
        assert_eq!(MaybeMoney::from(Some(Money(i64::MIN))).get(), Some(Money(i64::MIN + 1)));
    }

    #[test]
    fn dates_round_trip_through_days() {
        for (y, m, d) in [
            (1970, 1, 1),
            (1900, 3, 1),
            (2000, 2, 29),
            (2024, 12, 31),
            (1899, 12, 30),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(
            Date::parse_iso("2024-03-15").map(|d| d.to_string()),
            Some("2024-03-15".into())
        );
    }

    #[test]
    fn money_sum_is_exact() {
        let mut s = MoneySum::default();
        for _ in 0..1000 {
            s.add(Money::from_f64(0.1).unwrap());
        }
        assert_eq!(s.to_f64_cents(), 100.0);
        let m = Money::from_f64(126_631_113.15).unwrap();
        assert_eq!(m.to_f64(), 126_631_113.15);
        assert_eq!(Money::from_f64(-1234.5).unwrap().to_f64(), -1234.5);
    }
}

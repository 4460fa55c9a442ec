//! Two periods side by side: totals and their change, clients gained, lost,
//! grown and shrunk, shares and key accounts then and now, top movers first.
//! By default the as-of year to date against the same days a year earlier.

use super::calendar::year_before;
use super::sums::Slice;
use crate::core::model::SalesLines;
use crate::core::options::{DateRange, Thresholds};
use crate::core::value::{Date, MoneySum};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Why these two periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComparisonBasis {
    /// The as-of year to date against the same days a year earlier.
    SamePeriodLastYear,
    /// The caller's two periods.
    Caller,
}

impl ComparisonBasis {
    /// `same_period_last_year` or `caller`.
    pub fn as_str(self) -> &'static str {
        match self {
            ComparisonBasis::SamePeriodLastYear => "same_period_last_year",
            ComparisonBasis::Caller => "caller",
        }
    }
}

/// How a client moved from one period to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// No lines before, lines after.
    Gained,
    /// Lines before, none after.
    Lost,
    /// More after.
    Grown,
    /// Less after.
    Shrunk,
    /// The same.
    Same,
}

impl Movement {
    /// The code.
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Gained => "gained",
            Movement::Lost => "lost",
            Movement::Grown => "grown",
            Movement::Shrunk => "shrunk",
            Movement::Same => "same",
        }
    }
}

/// One period of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// First day.
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
    /// Net total.
    pub total: MoneySum,
    /// Clients with lines.
    pub clients: u32,
    /// Key accounts (client indexes, largest first).
    pub key_accounts: Vec<usize>,
    /// The largest client's share of the positive sum.
    pub top1_share: Option<f64>,
    /// HHI.
    pub hhi: Option<f64>,
}

/// One client in both periods.
#[derive(Debug, Clone, PartialEq)]
pub struct SideClient {
    /// Client index.
    pub client: usize,
    /// Its sums.
    pub before: MoneySum,
    /// See `before`.
    pub after: MoneySum,
    /// Its shares of each period's net total.
    pub share_before: f64,
    /// See `share_before`.
    pub share_after: f64,
    /// Key in each period.
    pub key_before: bool,
    /// See `key_before`.
    pub key_after: bool,
    /// How it moved.
    pub movement: Movement,
}

/// Two periods side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Why these periods.
    pub basis: ComparisonBasis,
    /// The earlier period.
    pub before: Side,
    /// The later period.
    pub after: Side,
    /// Every client with lines in either, by |after − before|, largest first.
    pub clients: Vec<SideClient>,
}

impl Comparison {
    /// Clients that moved this way.
    pub fn count(&self, m: Movement) -> u32 {
        self.clients.iter().filter(|c| c.movement == m).count() as u32
    }
}

/// The default periods: the year of `end` up to `end`, and the same days a year
/// earlier — when the data has lines in both.
pub(crate) fn default_periods(lines: &SalesLines, end: Option<Date>) -> Option<[DateRange; 2]> {
    let end = end?;
    let (y, _, _) = end.ymd();
    let after = DateRange {
        from: Date::from_ymd(y, 1, 1),
        to: Some(end),
    };
    let before = DateRange {
        from: Date::from_ymd(y - 1, 1, 1),
        to: Some(year_before(end)),
    };
    let has = |r: &DateRange| lines.lines.iter().any(|l| l.date.is_some_and(|d| r.contains(d)));
    (has(&before) && has(&after)).then_some([before, after])
}

fn sums(lines: &SalesLines, r: &DateRange) -> HashMap<u32, MoneySum> {
    let mut out: HashMap<u32, MoneySum> = HashMap::default();
    for l in &lines.lines {
        if l.date.is_some_and(|d| r.contains(d)) {
            out.entry(l.client).or_default().add(l.amount);
        }
    }
    out
}

/// The two periods compared on the measured lines.
pub(crate) fn compare(
    lines: &SalesLines,
    periods: [DateRange; 2],
    basis: ComparisonBasis,
    t: &Thresholds,
) -> Comparison {
    let [rb, ra] = periods;
    let (sb, sa) = (sums(lines, &rb), sums(lines, &ra));
    let (b, a) = (Slice::of(&sb, lines, t), Slice::of(&sa, lines, t));
    let side = |r: &DateRange, s: &Slice| Side {
        from: r.from,
        to: r.to,
        total: s.total,
        clients: s.clients,
        key_accounts: s.key_accounts(t.key_share),
        top1_share: s.concentration.as_ref().map(|c| c.top1_share),
        hhi: s.concentration.as_ref().map(|c| c.hhi),
    };
    let (before, after) = (side(&rb, &b), side(&ra, &a));
    let key_b: HashSet<usize> = before.key_accounts.iter().copied().collect();
    let key_a: HashSet<usize> = after.key_accounts.iter().copied().collect();
    let share = |s: Option<&MoneySum>, total: MoneySum| {
        s.map_or(0.0, |s| if total.0 > 0 { s.0 as f64 / total.0 as f64 } else { 0.0 })
    };
    let mut ids: Vec<u32> = sb
        .keys()
        .chain(sa.keys())
        .copied()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    ids.sort_unstable();
    let mut clients: Vec<SideClient> = ids
        .into_iter()
        .map(|c| {
            let (x, y) = (sb.get(&c), sa.get(&c));
            let (vb, va) = (x.copied().unwrap_or_default(), y.copied().unwrap_or_default());
            let movement = match (x, y) {
                (None, Some(_)) => Movement::Gained,
                (Some(_), None) => Movement::Lost,
                _ if va > vb => Movement::Grown,
                _ if va < vb => Movement::Shrunk,
                _ => Movement::Same,
            };
            SideClient {
                client: c as usize,
                before: vb,
                after: va,
                share_before: share(x, b.total),
                share_after: share(y, a.total),
                key_before: key_b.contains(&(c as usize)),
                key_after: key_a.contains(&(c as usize)),
                movement,
            }
        })
        .collect();
    let key_of = |i: usize| lines.clients.get(i).map_or("", |c| c.key.as_str());
    clients.sort_by(|p, q| {
        let dp = (p.after.0 - p.before.0).abs();
        let dq = (q.after.0 - q.before.0).abs();
        dq.cmp(&dp).then_with(|| key_of(p.client).cmp(key_of(q.client)))
    });
    Comparison {
        basis,
        before,
        after,
        clients,
    }
}

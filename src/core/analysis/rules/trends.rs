//! The method over time: concentration rising from one window of complete
//! months to the next, a client becoming key, a key client slipping below half
//! its usual monthly volume, a key client buying irregularly (XYZ class Z), and
//! a key client by revenue that loses money by margin.

use super::super::findings::{Finding, FindingKind, Scope, TrendsUnchecked, Windows as Spans};
use super::super::shares::{ClientTotal, ratio};
use super::super::time::{Granularity, Monthly, RhythmStatus, Slice, TimeView, Windows, Xyz, XyzView, rhythm::Rhythm};
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::MoneySum;

fn name(lines: &SalesLines, c: usize) -> String {
    lines.clients.get(c).map(|x| x.name.clone()).unwrap_or_default()
}

fn spans(w: &Windows) -> Spans {
    Spans {
        recent: (w.recent.from, w.recent.to),
        previous: (w.previous.from, w.previous.to),
    }
}

/// `concentration_rising` and `new_key_account` over the two windows, or why they cannot be checked.
pub(crate) fn windows(time: &TimeView, monthly: &Monthly, lines: &SalesLines, t: &Thresholds) -> Vec<Finding> {
    let Some(w) = time.windows else {
        let reason = if matches!(time.granularity, Granularity::Quarter | Granularity::Year) {
            TrendsUnchecked::NotMonthly
        } else {
            TrendsUnchecked::FewMonths
        };
        let kind = FindingKind::TrendsUnchecked {
            reason,
            months: time.complete.len() as u32,
        };
        return vec![Finding::new(kind, f64::from(t.trend_min_months), Scope::Company)];
    };
    let slice = |x: &super::super::time::Window| Slice::of(&monthly.sums(x.first_month, x.last_month()), lines, t);
    let (recent, previous) = (slice(&w.recent), slice(&w.previous));
    let mut out = Vec::new();
    if let (Some(r), Some(p), Some(&(top, _))) = (&recent.concentration, &previous.concentration, recent.ranked.first())
    {
        let rising =
            r.hhi >= p.hhi * (1.0 + t.hhi_rise) - 1e-9 && r.top1_share - p.top1_share >= t.top_share_rise - 1e-12;
        if rising {
            let kind = FindingKind::ConcentrationRising {
                client: name(lines, top),
                share: r.top1_share,
                share_before: p.top1_share,
                hhi: r.hhi,
                hhi_before: p.hhi,
                windows: spans(&w),
            };
            out.push(Finding::new(kind, t.hhi_rise, Scope::Company));
        }
    }
    for c in recent.key_accounts(t.key_share) {
        let before = previous.share(c);
        if before < t.key_share {
            let kind = FindingKind::NewKeyAccount {
                client: name(lines, c),
                share: recent.share(c),
                share_before: before,
                windows: spans(&w),
            };
            out.push(Finding::new(kind, t.key_share, Scope::Company));
        }
    }
    out
}

/// `slipping_key_client`: a company key client, not lost, whose last
/// `slipping_recent_months` complete months average at most `slipping_ratio` of
/// its monthly average over up to `slipping_baseline_months` before (at least
/// `trend_min_months` of them).
pub(crate) fn slipping(
    time: &TimeView,
    monthly: &Monthly,
    company_key: &[&ClientTotal],
    rhythms: &[Option<Rhythm>],
    lines: &SalesLines,
    t: &Thresholds,
) -> Vec<Finding> {
    let n = time.complete.len();
    let r = t.slipping_recent_months as usize;
    if n < r + t.trend_min_months as usize {
        return vec![];
    }
    let (Some(recent), Some(before)) = (
        time.complete.get(n - r..),
        time.complete
            .get(n.saturating_sub(r + t.slipping_baseline_months as usize)..n - r),
    ) else {
        return vec![];
    };
    let (Some(&r0), Some(&r1), Some(&b0), Some(&b1)) = (recent.first(), recent.last(), before.first(), before.last())
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for c in company_key {
        let lost = rhythms
            .get(c.client)
            .and_then(Option::as_ref)
            .is_some_and(|x| x.status == RhythmStatus::Lost);
        if lost {
            continue;
        }
        let sum = |a: i32, b: i32| {
            monthly
                .sums(a, b)
                .get(&(c.client as u32))
                .copied()
                .unwrap_or_default()
                .to_f64()
        };
        let avg_recent = sum(r0, r1) / recent.len() as f64;
        let avg_before = sum(b0, b1) / before.len() as f64;
        if avg_before > 0.0 && avg_recent <= t.slipping_ratio * avg_before + 1e-9 {
            let cents = |x: f64| (x * 100.0).round() / 100.0;
            let kind = FindingKind::SlippingKeyClient {
                client: name(lines, c.client),
                share: c.share,
                monthly_recent: cents(avg_recent),
                monthly_before: cents(avg_before),
                recent: (
                    super::super::time::calendar::month_start(r0),
                    crate::core::value::Date(super::super::time::calendar::month_start(r1 + 1).0 - 1),
                ),
            };
            out.push(Finding::new(kind, t.slipping_ratio, Scope::Company));
        }
    }
    out
}

/// `unstable_key_client`: a company key client in XYZ class Z.
pub(crate) fn unstable(
    xyz: &XyzView,
    company_key: &[&ClientTotal],
    lines: &SalesLines,
    t: &Thresholds,
) -> Vec<Finding> {
    company_key
        .iter()
        .filter_map(|c| {
            let (cv, class) = xyz.clients.get(c.client).copied().flatten()?;
            (class == Xyz::Z).then(|| {
                let kind = FindingKind::UnstableKeyClient {
                    client: name(lines, c.client),
                    share: c.share,
                    cv,
                };
                Finding::new(kind, t.xyz_y, Scope::Company)
            })
        })
        .collect()
}

/// `loss_making_key_client`: key by revenue (on the revenue lines), negative gross profit.
pub(crate) fn loss_making(revenue: &SalesLines, t: &Thresholds) -> Vec<Finding> {
    let n = revenue.clients.len();
    let mut amount = vec![MoneySum::default(); n];
    let mut profit = vec![MoneySum::default(); n];
    let mut total = MoneySum::default();
    for l in &revenue.lines {
        total.add(l.amount);
        if let Some(a) = amount.get_mut(l.client as usize) {
            a.add(l.amount);
        }
        if let (Some(p), Some(x)) = (profit.get_mut(l.client as usize), l.profit.get()) {
            p.add(x);
        }
    }
    if total.0 <= 0 {
        return vec![];
    }
    let mut out: Vec<Finding> = (0..n)
        .filter_map(|c| {
            let (a, p) = (amount.get(c)?, profit.get(c)?);
            let share = ratio(a.0, total.0);
            (a.0 > 0 && share >= t.key_share && p.0 < 0).then(|| {
                let kind = FindingKind::LossMakingKeyClient {
                    client: name(revenue, c),
                    share,
                    profit: p.to_f64_cents(),
                };
                Finding::new(kind, t.key_share, Scope::Company)
            })
        })
        .collect();
    out.sort_by(|a, b| b.share().unwrap_or(0.0).total_cmp(&a.share().unwrap_or(0.0)));
    out
}

//! Lost key clients: a company key client whose rhythm says lost — silent for
//! longer than `lost_gap_multiplier` times its usual gap between purchase days
//! (all clients' median gap when it bought on fewer than `lost_min_purchases`
//! days) and at least `lost_min_days` up to the as-of date (see
//! `time/rhythm.rs`). Without dates the check is said to be impossible.

use super::super::findings::{Finding, FindingKind, Scope, Unchecked};
use super::super::shares::ClientTotal;
use super::super::time::{DateSource, Rhythm, RhythmStatus};
use crate::core::model::SalesLines;
use crate::core::options::Thresholds;
use crate::core::value::Date;

/// The lost-client findings, in key-account order, or the reason they cannot be checked.
pub(crate) fn findings(
    company_key: &[&ClientTotal],
    rhythms: &[Option<Rhythm>],
    lines: &SalesLines,
    t: &Thresholds,
    as_of: Option<Date>,
    dates: DateSource,
) -> Vec<Finding> {
    match (dates, as_of) {
        (DateSource::NoColumn | DateSource::PeriodsWithoutYear, _) => {
            return vec![unchecked(Unchecked::NoDateColumn)];
        }
        (_, None) => return vec![unchecked(Unchecked::NoDates)],
        _ => {}
    }
    company_key
        .iter()
        .filter_map(|c| {
            let r = rhythms.get(c.client)?.as_ref()?;
            (r.status == RhythmStatus::Lost).then(|| {
                let kind = FindingKind::LostKeyClient {
                    client: lines.clients.get(c.client).map(|x| x.name.clone()).unwrap_or_default(),
                    share: c.share,
                    last_date: r.last,
                    days_silent: r.days_silent,
                };
                Finding::new(kind, f64::from(t.lost_min_days), Scope::Company)
            })
        })
        .collect()
}

fn unchecked(reason: Unchecked) -> Finding {
    Finding::new(FindingKind::LostClientsUnchecked { reason }, 0.0, Scope::Company)
}

//! The supplier-discount trap: a supplier keeps a discount while we buy a
//! volume per month of some products. The volume is the calendar-month
//! average of what we sold of them over the last complete months; a client
//! whose departure would drop it below the tier is a critical dependency
//! (reason `supplier_discount`), whatever its share of sales.

use super::findings::{Finding, FindingKind, Scope, SupplierBreak};
use super::time::TimeView;
use super::time::calendar::{Length, Span, month_of};
use crate::core::model::SalesLines;
use crate::core::options::{SupplierCondition, SupplierUnit};
use std::collections::HashMap;

/// One condition checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierCheck {
    /// The condition as given.
    pub condition: SupplierCondition,
    /// First and last day of the months averaged.
    pub from: crate::core::value::Date,
    /// See `from`.
    pub to: crate::core::value::Date,
    /// The monthly average today.
    pub volume: f64,
    /// Each client's monthly average, largest first: (client, volume).
    pub clients: Vec<(usize, f64)>,
}

impl SupplierCheck {
    /// Whether today's volume keeps the discount.
    pub fn met(&self) -> bool {
        self.volume >= self.condition.per_month
    }
    /// The volume without client `c`'s part.
    pub fn without(&self, volume: f64) -> f64 {
        self.volume - volume
    }
    /// Whether losing a client with this volume breaks the tier that is met today.
    pub fn breaks(&self, volume: f64) -> bool {
        self.met() && volume > 0.0 && self.without(volume) < self.condition.per_month
    }
}

/// Checks every condition on the range's lines: the checks that could be made
/// and the findings (`critical_dependency`, `supplier_tier_missed`, `supplier_unchecked`).
pub(crate) fn check(
    conditions: &[SupplierCondition],
    lines: &SalesLines,
    time: Option<&TimeView>,
    share_of: impl Fn(usize) -> f64,
) -> (Vec<SupplierCheck>, Vec<Finding>) {
    let mut checks = Vec::new();
    let mut findings = Vec::new();
    let has_product = lines.lines.iter().any(|l| l.product.is_some());
    let has_quantity = lines.lines.iter().any(|l| l.quantity.get().is_some());
    let name = |i: usize| lines.clients.get(i).map(|c| c.name.clone()).unwrap_or_default();
    for c in conditions {
        let unchecked = |reason: &'static str| {
            let kind = FindingKind::SupplierUnchecked {
                condition: c.name.clone(),
                reason,
            };
            Finding::new(kind, c.per_month, Scope::Company)
        };
        if !c.products.is_empty() && !has_product {
            findings.push(unchecked("no_product"));
            continue;
        }
        if c.unit == SupplierUnit::Units && !has_quantity {
            findings.push(unchecked("no_quantity"));
            continue;
        }
        let Some(tv) = time else {
            findings.push(unchecked("no_dates"));
            continue;
        };
        let n = c.months as usize;
        let Some(months) = tv.complete.len().checked_sub(n).and_then(|s| tv.complete.get(s..)) else {
            findings.push(unchecked("few_months"));
            continue;
        };
        let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
            findings.push(unchecked("few_months"));
            continue;
        };
        let products: Vec<Option<crate::core::model::LabelId>> = c
            .products
            .iter()
            .map(|p| {
                lines
                    .labels
                    .iter()
                    .position(|l| l == p)
                    .map(|i| crate::core::model::LabelId::new(i as u32))
            })
            .collect();
        let counts = |l: &crate::core::model::SalesLine| {
            c.products.is_empty() || (l.product.is_some() && products.contains(&l.product))
        };
        let mut per_client: HashMap<usize, f64> = HashMap::new();
        let mut any = false;
        for l in &lines.lines {
            let Some(d) = l.date else { continue };
            let m = month_of(d);
            if m < first || m > last || !counts(l) {
                continue;
            }
            let v = match c.unit {
                SupplierUnit::Units => l.quantity.get().unwrap_or(0.0),
                SupplierUnit::Money => l.amount.to_f64(),
            };
            any = true;
            *per_client.entry(l.client as usize).or_default() += v;
        }
        if !any {
            findings.push(unchecked("no_sales"));
            continue;
        }
        let months_f = n as f64;
        let mut clients: Vec<(usize, f64)> = per_client.into_iter().map(|(k, v)| (k, v / months_f)).collect();
        clients.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let volume: f64 = clients.iter().map(|(_, v)| v).sum();
        let check = SupplierCheck {
            condition: c.clone(),
            from: Span::holding(first, Length::Month).from,
            to: Span::holding(last, Length::Month).to,
            volume,
            clients,
        };
        if !check.met() {
            let kind = FindingKind::SupplierTierMissed {
                condition: c.name.clone(),
                unit: c.unit,
                volume,
                tier: c.per_month,
            };
            findings.push(Finding::new(kind, c.per_month, Scope::Company));
        }
        for &(client, v) in &check.clients {
            if check.breaks(v) {
                let kind = FindingKind::CriticalDependency {
                    client: name(client),
                    share: share_of(client),
                    supplier: Some(SupplierBreak {
                        condition: c.name.clone(),
                        unit: c.unit,
                        volume,
                        tier: c.per_month,
                        volume_without: check.without(v),
                    }),
                };
                findings.push(Finding::new(kind, c.per_month, Scope::Company));
            }
        }
        checks.push(check);
    }
    (checks, findings)
}

//! Concentration indices over clients with a positive net amount: HHI with
//! its bands, top-N shares, the clients making 80% (ABC class A), the
//! effective number of clients and the Gini coefficient.

use crate::core::options::Thresholds;
use serde::Serialize;

/// Concentration of sales over clients with a positive net amount
/// (shares of the positive sum).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concentration {
    /// Herfindahl–Hirschman index in points: Σ (100 · share)², 0–10,000.
    pub hhi: f64,
    /// `unconcentrated` (< 1,500), `moderately_concentrated` (1,500–2,500), `highly_concentrated` (> 2,500).
    pub hhi_band_2010: String,
    /// `unconcentrated` (< 1,000), `moderately_concentrated` (1,000–1,800), `highly_concentrated` (> 1,800).
    pub hhi_band_2023: String,
    /// The largest client's share of the positive sum.
    pub top1_share: f64,
    /// The three largest clients' share.
    pub top3_share: f64,
    /// The five largest clients' share.
    pub top5_share: f64,
    /// The ten largest clients' share.
    pub top10_share: f64,
    /// Clients in ABC class A: the fewest largest clients reaching 80% of sales.
    pub clients_for_80: u32,
    /// 10,000 / HHI.
    pub effective_clients: f64,
    /// Population Gini coefficient of client amounts; null under two clients.
    pub gini: Option<f64>,
    /// Clients counted (net amount > 0).
    pub clients: u32,
}

/// Rounds away float noise so exact boundaries (HHI 2,500) compare as written.
fn tidy(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn band(hhi: f64, low: f64, high: f64) -> String {
    if hhi < low {
        "unconcentrated"
    } else if hhi <= high {
        "moderately_concentrated"
    } else {
        "highly_concentrated"
    }
    .to_string()
}

/// Indices over positive client amounts, sorted largest first.
pub(super) fn concentration(amounts: &[i128], t: &Thresholds) -> Option<Concentration> {
    let sum: i128 = amounts.iter().sum();
    if amounts.is_empty() || sum <= 0 {
        return None;
    }
    let shares: Vec<f64> = amounts.iter().map(|&a| a as f64 / sum as f64).collect();
    let hhi = tidy(shares.iter().map(|s| (100.0 * s).powi(2)).sum(), 6);
    let top = |k: usize| tidy(amounts.iter().take(k).sum::<i128>() as f64 / sum as f64, 12);
    let mut before = 0i128;
    let mut a_count = 0u32;
    for &a in amounts {
        if (before as f64 / sum as f64) < t.abc_a {
            a_count += 1;
        }
        before += a;
    }
    let n = amounts.len();
    let gini = (n >= 2).then(|| {
        // Population Gini from amounts sorted ascending: (2 Σ i·x_i)/(n Σ x) − (n+1)/n.
        let weighted: f64 = amounts
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &a)| (i as f64 + 1.0) * (a as f64 / sum as f64))
            .sum();
        tidy(2.0 * weighted / n as f64 - (n as f64 + 1.0) / n as f64, 12)
    });
    Some(Concentration {
        hhi,
        hhi_band_2010: band(hhi, 1500.0, 2500.0),
        hhi_band_2023: band(hhi, 1000.0, 1800.0),
        top1_share: top(1),
        top3_share: top(3),
        top5_share: top(5),
        top10_share: top(10),
        clients_for_80: a_count,
        effective_clients: if hhi > 0.0 { 10_000.0 / hhi } else { 0.0 },
        gini,
        clients: n as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conc(amounts: &[i128]) -> Concentration {
        concentration(amounts, &Thresholds::default()).unwrap()
    }

    #[test]
    fn golden_indices_for_40_30_20_10() {
        let c = conc(&[40, 30, 20, 10]);
        assert_eq!(c.hhi, 3000.0);
        assert!((c.effective_clients - 3.333_333).abs() < 1e-6);
        assert_eq!(c.gini, Some(0.25));
        assert_eq!(c.clients_for_80, 3);
        assert_eq!(c.hhi_band_2010, "highly_concentrated");
        assert_eq!(c.top3_share, 0.9);
    }

    #[test]
    fn equal_clients_have_gini_zero_and_boundary_bands() {
        let c = conc(&[25, 25, 25, 25]);
        assert_eq!(c.gini, Some(0.0));
        assert_eq!(c.hhi, 2500.0);
        assert_eq!(
            c.hhi_band_2010, "moderately_concentrated",
            "2,500 is still moderate under 2010"
        );
        assert_eq!(c.hhi_band_2023, "highly_concentrated");
    }

    #[test]
    fn one_client_is_fully_concentrated() {
        let c = conc(&[7]);
        assert_eq!(c.hhi, 10_000.0);
        assert_eq!(c.gini, None);
        assert_eq!(c.effective_clients, 1.0);
    }
}

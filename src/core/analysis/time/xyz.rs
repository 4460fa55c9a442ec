//! XYZ: how steady each client's monthly sales are — the coefficient of
//! variation (population standard deviation ÷ mean) of its sales per complete
//! month of the analysis, months without sales counted as zero. X up to
//! `xyz_x`, Y up to `xyz_y`, Z above; shown with ABC as a 3×3 matrix.

use super::sums::Monthly;
use crate::core::analysis::shares::{Abc, Shares};
use crate::core::options::Thresholds;
use crate::core::value::MoneySum;

/// Complete months XYZ needs: fewer say nothing about stability.
pub const XYZ_MIN_MONTHS: usize = 3;

/// XYZ class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Xyz {
    /// Steady.
    X,
    /// Varying.
    Y,
    /// Irregular.
    Z,
}

impl Xyz {
    /// `X`, `Y` or `Z`.
    pub fn as_str(self) -> &'static str {
        match self {
            Xyz::X => "X",
            Xyz::Y => "Y",
            Xyz::Z => "Z",
        }
    }
}

/// One cell of the ABC×XYZ matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct XyzCell {
    /// The ABC class.
    pub abc: Abc,
    /// The XYZ class.
    pub xyz: Xyz,
    /// Clients in it.
    pub clients: u32,
    /// Their net amount.
    pub amount: MoneySum,
}

/// Each client's coefficient and class, and the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct XyzView {
    /// Complete months the coefficients are taken over.
    pub months: u32,
    /// By client index: (coefficient, class); `None` when its mean is not positive.
    pub clients: Vec<Option<(f64, Xyz)>>,
    /// A..C × X..Z, nine cells in that order.
    pub cells: Vec<XyzCell>,
}

/// XYZ over the complete months; `None` under [`XYZ_MIN_MONTHS`] of them.
pub(crate) fn xyz(
    monthly: &Monthly,
    complete: &[i32],
    shares: &Shares,
    n_clients: usize,
    t: &Thresholds,
) -> Option<XyzView> {
    if complete.len() < XYZ_MIN_MONTHS {
        return None;
    }
    let n = complete.len() as f64;
    let mut clients: Vec<Option<(f64, Xyz)>> = vec![None; n_clients];
    for (c, slot) in clients.iter_mut().enumerate() {
        let values: Vec<f64> = complete
            .iter()
            .map(|&m| monthly.of_client(m, c as u32) as f64)
            .collect();
        let mean = values.iter().sum::<f64>() / n;
        if mean <= 0.0 {
            continue;
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        // Rounded so a designed 10% lands in X, as written.
        let cv = (var.sqrt() / mean * 1e9).round() / 1e9;
        let class = if cv <= t.xyz_x {
            Xyz::X
        } else if cv <= t.xyz_y {
            Xyz::Y
        } else {
            Xyz::Z
        };
        *slot = Some((cv, class));
    }
    let mut cells = Vec::with_capacity(9);
    for abc in [Abc::A, Abc::B, Abc::C] {
        for class in [Xyz::X, Xyz::Y, Xyz::Z] {
            let mut cell = XyzCell {
                abc,
                xyz: class,
                clients: 0,
                amount: MoneySum::default(),
            };
            for c in shares.clients.iter().filter(|c| c.abc == Some(abc)) {
                if clients
                    .get(c.client)
                    .copied()
                    .flatten()
                    .is_some_and(|(_, x)| x == class)
                {
                    cell.clients += 1;
                    cell.amount.0 += c.amount.0;
                }
            }
            cells.push(cell);
        }
    }
    Some(XyzView {
        months: complete.len() as u32,
        clients,
        cells,
    })
}

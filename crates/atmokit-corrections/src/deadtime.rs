//! Photon-counting dead-time correction factors for SigmaSpace MPL detectors.
//!
//! A single-photon avalanche detector misses photons that arrive while it recovers, so the measured
//! count rate `x` must be multiplied by a factor `D(x) >= 1` that grows with `x`. Two sources of
//! `D` are supported, following mpl2nc (peterkuma/mpl2nc v1.4.0, `calc_dtcf_from_count_factor` and
//! `calc_dtcf_from_coeff`) and the units discussion in peterkuma/mpl2nc#1:
//!
//! - a **count/factor table** (the laboratory curve shipped with the instrument; ARM b1 files carry
//!   it as `deadtime_correction_counts` [count/µs] and `deadtime_correction` (unitless)):
//!   `D(x) = exp(interp(x, count, ln factor))`, i.e. linear interpolation of `ln D` in `x`, and
//!   `D = 1` outside `[count_first, count_last]` (mpl2nc warns beyond the table and returns 1);
//! - the **vendor polynomial** of N coefficients in decreasing order, evaluated in kcount/s:
//!   `D(x) = Σ_i c_i · (1000·x)^(N−1−i)` with `x` in count/µs (1 count/µs = 1000 kcount/s).

use atmokit_core::{Error, Result};

/// A dead-time correction model; `factor(x)` takes a count rate in **count/µs**.
#[derive(Clone, Debug, PartialEq)]
pub enum DeadTimeModel {
    /// Count/factor table, log-linear interpolation, factor 1 outside the table.
    Table(DeadTimeTable),
    /// Vendor polynomial coefficients, highest degree first, in kcount/s.
    Polynomial(Vec<f64>),
}

impl DeadTimeModel {
    /// The multiplicative correction `D(x)` for a rate `x` in count/µs; 1 for NaN or non-positive
    /// rates (nothing to correct; NaN signals stay NaN when multiplied).
    pub fn factor(&self, x: f64) -> f64 {
        if x.is_nan() || x <= 0.0 {
            return 1.0;
        }
        match self {
            DeadTimeModel::Table(t) => t.factor(x),
            DeadTimeModel::Polynomial(c) => {
                let k = 1000.0 * x;
                c.iter().fold(0.0, |acc, &ci| acc * k + ci)
            }
        }
    }
}

/// A laboratory dead-time curve: count rates (count/µs, strictly increasing) and factors (> 0).
#[derive(Clone, Debug, PartialEq)]
pub struct DeadTimeTable {
    count: Vec<f64>,
    ln_factor: Vec<f64>,
}

impl DeadTimeTable {
    /// Build from count rates (count/µs) and factors. `what` names the source in errors (e.g. the
    /// variable names). Needs at least two points, finite strictly increasing counts, positive
    /// finite factors.
    pub fn new(count: &[f64], factor: &[f64], what: &str) -> Result<Self> {
        if count.len() != factor.len() || count.len() < 2 {
            return Err(Error::invalid(format!(
                "dead-time table {what}: needs at least 2 points and as many factors as counts (got {} counts, {} factors)",
                count.len(),
                factor.len()
            )));
        }
        if count.iter().any(|c| !c.is_finite()) || count.windows(2).any(|w| w[1] <= w[0]) {
            return Err(Error::invalid(format!(
                "dead-time table {what}: counts must be finite and strictly increasing"
            )));
        }
        if factor.iter().any(|f| !(f.is_finite() && *f > 0.0)) {
            return Err(Error::invalid(format!(
                "dead-time table {what}: factors must be finite and positive"
            )));
        }
        Ok(DeadTimeTable {
            count: count.to_vec(),
            ln_factor: factor.iter().map(|f| f.ln()).collect(),
        })
    }

    /// `exp(interp(x, count, ln factor))` inside the table, 1 outside it.
    pub fn factor(&self, x: f64) -> f64 {
        let n = self.count.len();
        if x.is_nan() || x < self.count[0] || x > self.count[n - 1] {
            return 1.0;
        }
        // First index with count > x (at least 1, at most n-1 for x inside the table).
        let hi = self.count.partition_point(|&c| c <= x).clamp(1, n - 1);
        let (x0, x1) = (self.count[hi - 1], self.count[hi]);
        let (y0, y1) = (self.ln_factor[hi - 1], self.ln_factor[hi]);
        (y0 + (x - x0) * (y1 - y0) / (x1 - x0)).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_log_linear_and_one_outside() {
        let t = DeadTimeTable::new(&[1.0, 3.0], &[1.0, 4.0], "t").unwrap();
        // halfway in count -> halfway in ln: sqrt(1*4) = 2
        assert!((t.factor(2.0) - 2.0).abs() < 1e-12);
        assert_eq!(t.factor(1.0), 1.0);
        assert!((t.factor(3.0) - 4.0).abs() < 1e-12);
        assert_eq!(t.factor(3.5), 1.0);
        assert_eq!(t.factor(0.5), 1.0);
    }

    #[test]
    fn polynomial_in_kcount_per_second() {
        // D = 1e-4*k + 1 with k = 1000 x: x = 2 count/us -> k = 2000 -> 1.2
        let m = DeadTimeModel::Polynomial(vec![1e-4, 1.0]);
        assert!((m.factor(2.0) - 1.2).abs() < 1e-12);
        assert_eq!(m.factor(f64::NAN), 1.0);
    }

    #[test]
    fn bad_tables_are_rejected() {
        assert!(DeadTimeTable::new(&[1.0], &[1.0], "x").is_err());
        assert!(DeadTimeTable::new(&[2.0, 1.0], &[1.0, 1.0], "x").is_err());
        let e = DeadTimeTable::new(&[1.0, 2.0], &[1.0, 0.0], "deadtime_correction").unwrap_err();
        assert!(e.to_string().contains("deadtime_correction"));
    }
}

//! Cubic radial basis function interpolation with the semantics of the legacy
//! `scipy.interpolate.Rbf(x, y, z, function='cubic')` (SciPy reference guide, `Rbf`), which ACT's
//! `ContourDisplay.create_contour` uses to grid station values.
//!
//! With nodes `p_j` and values `z_j`, the interpolant is `s(p) = Σ_j w_j φ(‖p − p_j‖)` with
//! `φ(r) = r³` on the plain Euclidean distance of the coordinates as given (for contour maps
//! degrees of longitude and latitude, unscaled). The weights solve the dense system
//! `Σ_j φ(‖p_i − p_j‖) w_j = z_i` (`smooth = 0`: the interpolant passes through every node; no
//! polynomial term is added, unlike `RBFInterpolator`). The cubic kernel does not use
//! `epsilon`. The surface may overshoot the node values between and beyond the nodes.

use crate::error::{PlotError, Result};
use atmokit_core::linalg::solve_in_place;

/// A fitted cubic Rbf interpolant over 2-D nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct RbfCubic {
    nodes: Vec<(f64, f64)>,
    weights: Vec<f64>,
}

/// φ(r) = r³ at the Euclidean distance of two points.
fn phi(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1).powi(3)
}

impl RbfCubic {
    /// Fit the interpolant through `values` at `nodes` (same length).
    ///
    /// Errors (never a panic or a NaN surface) when the lengths differ, a coordinate or value
    /// is not finite, there are fewer than 2 nodes (one node gives the 1×1 system `0·w = z`,
    /// which SciPy also refuses), or the system is singular to working precision, as when two
    /// nodes coincide (SciPy raises `LinAlgError: Matrix is singular` there).
    pub fn fit(nodes: &[(f64, f64)], values: &[f64]) -> Result<RbfCubic> {
        let n = nodes.len();
        if values.len() != n {
            return Err(PlotError::input(format!(
                "cubic Rbf: {n} nodes but {} values",
                values.len()
            )));
        }
        if n < 2 {
            return Err(PlotError::input(format!(
                "cubic Rbf: needs at least 2 nodes, got {n} (the system of one node is singular)"
            )));
        }
        if let Some(i) = (0..n).find(|&i| !(nodes[i].0.is_finite() && nodes[i].1.is_finite() && values[i].is_finite()))
        {
            return Err(PlotError::input(format!(
                "cubic Rbf: node {i} ({}, {}) = {} is not finite",
                nodes[i].0, nodes[i].1, values[i]
            )));
        }
        let mut a: Vec<f64> = (0..n * n).map(|k| phi(nodes[k / n], nodes[k % n])).collect();
        let mut w = values.to_vec();
        solve_in_place(&mut a, &mut w, n).ok_or_else(|| {
            PlotError::input(format!(
                "cubic Rbf: the system of the {n} nodes is singular (coincident or degenerate nodes)"
            ))
        })?;
        Ok(RbfCubic {
            nodes: nodes.to_vec(),
            weights: w,
        })
    }

    /// The interpolated value at `(x, y)`.
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(&p, w)| w * phi((x, y), p))
            .sum()
    }

    /// The weights `w_j` (SciPy's `Rbf.nodes`).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_nodes_have_the_closed_form_solution() {
        // Nodes 0 and d apart: the system [[0, d³], [d³, 0]] w = (z0, z1) gives w0 = z1/d³,
        // w1 = z0/d³, so s(t) on the segment = (z1 t³ + z0 (d − t)³) / d³: exact at the nodes,
        // below both values in between (the midpoint gets (z0 + z1) / 8).
        let r = RbfCubic::fit(&[(0.0, 0.0), (2.0, 0.0)], &[1.0, 3.0]).unwrap();
        assert_eq!(r.weights(), &[3.0 / 8.0, 1.0 / 8.0]);
        assert_eq!(r.eval(0.0, 0.0), 1.0);
        assert_eq!(r.eval(2.0, 0.0), 3.0);
        assert_eq!(r.eval(1.0, 0.0), 0.5);
    }

    #[test]
    fn coincident_too_few_and_non_finite_nodes_are_errors() {
        let e = RbfCubic::fit(&[(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)], &[1.0, 2.0, 3.0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("singular"), "{e}");
        assert!(RbfCubic::fit(&[(0.0, 0.0)], &[1.0]).is_err());
        assert!(RbfCubic::fit(&[], &[]).is_err());
        assert!(RbfCubic::fit(&[(0.0, 0.0), (1.0, 0.0)], &[1.0]).is_err());
        let e = RbfCubic::fit(&[(0.0, 0.0), (1.0, f64::NAN)], &[1.0, 2.0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("node 1"), "{e}");
    }
}

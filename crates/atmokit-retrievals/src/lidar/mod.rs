//! Lidar and ceilometer retrievals: Sobel cloud-base height, gradient and modified-gradient PBL.

pub mod find_peaks;
pub mod gradient_pbl;
pub mod sobel_cbh;

use atmokit_core::{Dataset, Error, Result};
use ndarray::Array2;
use num_traits::Float;

/// A (time, height) numeric variable as an f64 array with the index of its height axis moved last.
pub(crate) fn profiles(ds: &Dataset, name: &str, height_dim: &str) -> Result<(Array2<f64>, bool)> {
    let var = ds.get(name)?;
    if var.dims().len() != 2 {
        return Err(Error::data(
            name,
            format!("must be 2-D (time, {height_dim}), has dims {:?}", var.dims()),
        ));
    }
    let hax = var
        .axis_of(height_dim)
        .ok_or_else(|| Error::data(name, format!("has no dimension '{height_dim}' (dims {:?})", var.dims())))?;
    let a = var.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
        var: name.into(),
        expected: "numeric".into(),
        found: var.dtype(),
    })?;
    let a = a
        .into_dimensionality::<ndarray::Ix2>()
        .map_err(|e| Error::data(name, e.to_string()))?;
    let a = if hax == 0 {
        a.reversed_axes().as_standard_layout().to_owned()
    } else {
        a
    };
    Ok((a, var.dtype() == atmokit_core::DType::F32))
}

/// Finite-difference derivative of `f` with respect to `x` (numpy `np.gradient(f, x)`): second-order
/// central differences inside (numpy's uniform-spacing formula when all steps are equal, its
/// non-uniform one otherwise), first-order one-sided at both ends.
pub fn gradient(f: &[f64], x: &[f64]) -> Vec<f64> {
    gradient_rounded(f, x, false)
}

/// [`gradient`] in float32 arithmetic when `f32_math` (numpy on float32 arrays): the steps are
/// taken in f64 and stored as f32, as numpy does with float64 coordinates; `f` must hold
/// float32 values then (it does when it came from float32 data).
pub fn gradient_rounded(f: &[f64], x: &[f64], f32_math: bool) -> Vec<f64> {
    if f32_math {
        let f: Vec<f32> = f.iter().map(|&v| v as f32).collect();
        let dx: Vec<f32> = x.windows(2).map(|w| (w[1] - w[0]) as f32).collect();
        gradient_steps(&f, &dx).into_iter().map(f64::from).collect()
    } else {
        let dx: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
        gradient_steps(f, &dx)
    }
}

/// numpy's `gradient` of `f` given the steps `dx` between its points, in `T`'s arithmetic.
fn gradient_steps<T: Float>(f: &[T], dx: &[T]) -> Vec<T> {
    let n = f.len();
    if n < 2 {
        return vec![T::nan(); n];
    }
    let two = T::one() + T::one();
    let mut g = vec![T::zero(); n];
    g[0] = (f[1] - f[0]) / dx[0];
    g[n - 1] = (f[n - 1] - f[n - 2]) / dx[n - 2];
    let uniform = dx.iter().all(|&d| d == dx[0]);
    for i in 1..n - 1 {
        g[i] = if uniform {
            (f[i + 1] - f[i - 1]) / (two * dx[0])
        } else {
            let (h1, h2) = (dx[i - 1], dx[i]);
            let a = -h2 / (h1 * (h1 + h2));
            let b = (h2 - h1) / (h1 * h2);
            let c = h1 / (h2 * (h1 + h2));
            a * f[i - 1] + b * f[i] + c * f[i + 1]
        };
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_exact_for_quadratics() {
        // second-order scheme is exact for x² on uneven grids inside
        let x = [0.0, 1.0, 3.0, 4.0, 7.0];
        let f: Vec<f64> = x.iter().map(|v| v * v).collect();
        let g = gradient(&f, &x);
        for i in 1..4 {
            assert!((g[i] - 2.0 * x[i]).abs() < 1e-12, "{i}: {}", g[i]);
        }
        assert_eq!(g[0], 1.0);
        assert_eq!(g[4], (49.0 - 16.0) / 3.0);
        assert!(gradient(&[1.0], &[0.0])[0].is_nan());
    }
}

//! Small dense linear algebra shared by the crates that fit models (harmonic climatologies,
//! radial basis function interpolation): one solver, no LAPACK dependency.

/// Solve the square system `a x = b` in place (`a` n×n, row-major; the solution replaces `b`) by
/// Gaussian elimination with partial pivoting (LU with row exchanges, as LAPACK's `dgesv`).
///
/// Returns `None`, leaving `a` and `b` in an unspecified state, when the matrix is singular to
/// working precision: a pivot not larger than `1e-12` times the largest absolute entry of `a`
/// (exactly repeated rows, e.g. two identical stations, give a zero pivot), when the sizes
/// disagree, or when an entry is not finite.
pub fn solve_in_place(a: &mut [f64], b: &mut [f64], n: usize) -> Option<()> {
    if a.len() != n.checked_mul(n)? || b.len() != n || a.iter().chain(b.iter()).any(|v| !v.is_finite()) {
        return None;
    }
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(f64::MIN_POSITIVE);
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i * n + c].abs().total_cmp(&a[j * n + c].abs()))?;
        if a[p * n + c].abs() <= 1e-12 * scale {
            return None;
        }
        if p != c {
            for j in 0..n {
                a.swap(p * n + j, c * n + j);
            }
            b.swap(p, c);
        }
        for r in c + 1..n {
            let f = a[r * n + c] / a[c * n + c];
            if f != 0.0 {
                for j in c..n {
                    a[r * n + j] -= f * a[c * n + j];
                }
                b[r] -= f * b[c];
            }
        }
    }
    for c in (0..n).rev() {
        let mut s = b[c];
        for j in c + 1..n {
            s -= a[c * n + j] * b[j];
        }
        b[c] = s / a[c * n + c];
    }
    b.iter().all(|v| v.is_finite()).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_system_that_needs_a_row_exchange() {
        // [0 2 1; 1 1 1; 2 1 0] x = [5, 4, 4] has x = (1, 2, 1) (checked by substitution);
        // the zero first pivot needs a row exchange.
        let mut a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 0.0];
        let mut b = vec![5.0, 4.0, 4.0];
        solve_in_place(&mut a, &mut b, 3).unwrap();
        for (x, e) in b.iter().zip([1.0, 2.0, 1.0]) {
            assert!((x - e).abs() < 1e-14, "{b:?}");
        }
    }

    #[test]
    fn singular_mismatched_and_non_finite_systems_are_refused() {
        // Two equal rows.
        let mut a = vec![1.0, 2.0, 1.0, 2.0];
        assert!(solve_in_place(&mut a, &mut [1.0, 1.0], 2).is_none());
        assert!(solve_in_place(&mut [0.0], &mut [1.0], 1).is_none());
        assert!(solve_in_place(&mut [1.0, 0.0, 0.0], &mut [1.0, 1.0], 2).is_none());
        assert!(solve_in_place(&mut [f64::NAN], &mut [1.0], 1).is_none());
        // The empty system is solved trivially.
        assert!(solve_in_place(&mut [], &mut [], 0).is_some());
    }
}

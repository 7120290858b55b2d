//! Nonlinear least squares: the Levenberg–Marquardt method with a trust region, forward-difference
//! Jacobian and column scaling, following MINPACK's `lmdif` (Moré 1978, "The Levenberg-Marquardt
//! algorithm: implementation and theory", Lecture Notes in Mathematics 630; Moré, Garbow &
//! Hillstrom 1980, "User guide for MINPACK-1", ANL-80-74), which is what SciPy's
//! `curve_fit(method="lm")` / `leastsq` run. Following its step sequence makes a fit stopped at
//! a loose tolerance (PySP2 uses `ftol = 1e-3`, 40 evaluations) land where SciPy's does.

/// Why [`lmdif`] stopped (MINPACK's `info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LmStop {
    /// Relative reduction of the sum of squares at most `ftol` (info 1).
    Ftol,
    /// Relative change of the parameters at most `xtol` (info 2).
    Xtol,
    /// Both (info 3).
    FtolXtol,
    /// Residuals orthogonal to the Jacobian columns within `gtol` (info 4).
    Gtol,
    /// `maxfev` function evaluations reached (info 5; SciPy's `curve_fit` raises).
    MaxFev,
    /// `ftol` too small for machine precision (info 6).
    FtolTooSmall,
    /// `xtol` too small (info 7).
    XtolTooSmall,
    /// `gtol` too small (info 8).
    GtolTooSmall,
}

impl LmStop {
    /// Converged (SciPy's `curve_fit` accepts info 1–4 and raises otherwise).
    pub fn converged(self) -> bool {
        matches!(self, LmStop::Ftol | LmStop::Xtol | LmStop::FtolXtol | LmStop::Gtol)
    }
}

/// Settings of [`lmdif`] with SciPy `leastsq`'s defaults.
#[derive(Clone, Copy, Debug)]
pub struct LmOptions {
    /// Relative tolerance on the sum of squares (1.49012e-8).
    pub ftol: f64,
    /// Relative tolerance on the parameters (1.49012e-8).
    pub xtol: f64,
    /// Orthogonality tolerance (0).
    pub gtol: f64,
    /// Largest number of function evaluations, Jacobian columns included (SciPy: 200·(n+1)).
    pub maxfev: usize,
    /// Initial trust-region bound factor (100).
    pub factor: f64,
}

impl Default for LmOptions {
    fn default() -> Self {
        LmOptions {
            ftol: 1.49012e-8,
            xtol: 1.49012e-8,
            gtol: 0.0,
            maxfev: 0,
            factor: 100.0,
        }
    }
}

/// Euclidean norm (MINPACK's `enorm`, with its scaling against under- and overflow).
fn enorm(x: &[f64]) -> f64 {
    const RDWARF: f64 = 3.834e-20;
    const RGIANT: f64 = 1.304e19;
    let (mut s1, mut s2, mut s3, mut x1max, mut x3max) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let agiant = RGIANT / x.len().max(1) as f64;
    for &v in x {
        let a = v.abs();
        if a > RDWARF && a < agiant {
            s2 += a * a;
        } else if a <= RDWARF {
            if a > x3max {
                s3 = 1.0 + s3 * (x3max / a) * (x3max / a);
                x3max = a;
            } else if a != 0.0 {
                s3 += (a / x3max) * (a / x3max);
            }
        } else if a > x1max {
            s1 = 1.0 + s1 * (x1max / a) * (x1max / a);
            x1max = a;
        } else {
            s1 += (a / x1max) * (a / x1max);
        }
    }
    if s1 != 0.0 {
        x1max * (s1 + (s2 / x1max) / x1max).sqrt()
    } else if s2 != 0.0 {
        if s2 >= x3max {
            (s2 * (1.0 + (x3max / s2) * (x3max * s3))).sqrt()
        } else {
            (x3max * ((s2 / x3max) + (x3max * s3))).sqrt()
        }
    } else {
        x3max * s3.sqrt()
    }
}

/// Householder QR with column pivoting of the m×n column-major `a` (MINPACK's `qrfac`): R's
/// diagonal in `rdiag`, column norms of the input in `acnorm`, the permutation in `ipvt`.
fn qrfac(m: usize, n: usize, a: &mut [f64], ipvt: &mut [usize], rdiag: &mut [f64], acnorm: &mut [f64]) {
    let eps = f64::EPSILON;
    let mut wa = vec![0.0; n];
    for j in 0..n {
        acnorm[j] = enorm(&a[j * m..(j + 1) * m]);
        rdiag[j] = acnorm[j];
        wa[j] = rdiag[j];
        ipvt[j] = j;
    }
    for j in 0..m.min(n) {
        let mut kmax = j;
        for k in j..n {
            if rdiag[k] > rdiag[kmax] {
                kmax = k;
            }
        }
        if kmax != j {
            for i in 0..m {
                a.swap(i + j * m, i + kmax * m);
            }
            rdiag[kmax] = rdiag[j];
            wa[kmax] = wa[j];
            ipvt.swap(j, kmax);
        }
        let mut ajnorm = enorm(&a[j + j * m..(j + 1) * m]);
        if ajnorm != 0.0 {
            if a[j + j * m] < 0.0 {
                ajnorm = -ajnorm;
            }
            for i in j..m {
                a[i + j * m] /= ajnorm;
            }
            a[j + j * m] += 1.0;
            for k in j + 1..n {
                let mut sum = 0.0;
                for i in j..m {
                    sum += a[i + j * m] * a[i + k * m];
                }
                let temp = sum / a[j + j * m];
                for i in j..m {
                    a[i + k * m] -= temp * a[i + j * m];
                }
                if rdiag[k] != 0.0 {
                    let temp = a[j + k * m] / rdiag[k];
                    rdiag[k] *= (1.0 - temp * temp).max(0.0).sqrt();
                    if 0.05 * (rdiag[k] / wa[k]) * (rdiag[k] / wa[k]) <= eps {
                        rdiag[k] = enorm(&a[j + 1 + k * m..(k + 1) * m]);
                        wa[k] = rdiag[k];
                    }
                }
            }
        }
        rdiag[j] = -ajnorm;
    }
}

/// Solve min ‖(A; D)x − (b; 0)‖ given A's QR (MINPACK's `qrsolv`); `r` has leading dimension `ldr`.
#[allow(clippy::too_many_arguments)]
fn qrsolv(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    x: &mut [f64],
    sdiag: &mut [f64],
) {
    let mut wa = vec![0.0; n];
    for j in 0..n {
        for i in j..n {
            r[i + j * ldr] = r[j + i * ldr];
        }
        x[j] = r[j + j * ldr];
        wa[j] = qtb[j];
    }
    for j in 0..n {
        let l = ipvt[j];
        if diag[l] != 0.0 {
            for s in sdiag.iter_mut().take(n).skip(j) {
                *s = 0.0;
            }
            sdiag[j] = diag[l];
            let mut qtbpj = 0.0;
            for k in j..n {
                if sdiag[k] == 0.0 {
                    continue;
                }
                let rkk = r[k + k * ldr];
                let (sin, cos) = if rkk.abs() < sdiag[k].abs() {
                    let cotan = rkk / sdiag[k];
                    let sin = 0.5 / (0.25 + 0.25 * cotan * cotan).sqrt();
                    (sin, sin * cotan)
                } else {
                    let tan = sdiag[k] / rkk;
                    let cos = 0.5 / (0.25 + 0.25 * tan * tan).sqrt();
                    (cos * tan, cos)
                };
                r[k + k * ldr] = cos * rkk + sin * sdiag[k];
                let temp = cos * wa[k] + sin * qtbpj;
                qtbpj = -sin * wa[k] + cos * qtbpj;
                wa[k] = temp;
                for i in k + 1..n {
                    let temp = cos * r[i + k * ldr] + sin * sdiag[i];
                    sdiag[i] = -sin * r[i + k * ldr] + cos * sdiag[i];
                    r[i + k * ldr] = temp;
                }
            }
        }
        sdiag[j] = r[j + j * ldr];
        r[j + j * ldr] = x[j];
    }
    let mut nsing = n;
    for j in 0..n {
        if sdiag[j] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        let mut sum = 0.0;
        for i in j + 1..nsing {
            sum += r[i + j * ldr] * wa[i];
        }
        wa[j] = (wa[j] - sum) / sdiag[j];
    }
    for j in 0..n {
        x[ipvt[j]] = wa[j];
    }
}

/// The Levenberg–Marquardt parameter for trust radius `delta` (MINPACK's `lmpar`); returns the
/// new parameter, the step in `x`.
#[allow(clippy::too_many_arguments)]
fn lmpar(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    delta: f64,
    par0: f64,
    x: &mut [f64],
) -> f64 {
    let dwarf = f64::MIN_POSITIVE;
    let mut sdiag = vec![0.0; n];
    let mut wa1 = vec![0.0; n];
    let mut wa2 = vec![0.0; n];
    let mut nsing = n;
    for j in 0..n {
        wa1[j] = qtb[j];
        if r[j + j * ldr] == 0.0 && nsing == n {
            nsing = j;
        }
        if nsing < n {
            wa1[j] = 0.0;
        }
    }
    for j in (0..nsing).rev() {
        wa1[j] /= r[j + j * ldr];
        let temp = wa1[j];
        for i in 0..j {
            wa1[i] -= r[i + j * ldr] * temp;
        }
    }
    for j in 0..n {
        x[ipvt[j]] = wa1[j];
    }
    for j in 0..n {
        wa2[j] = diag[j] * x[j];
    }
    let mut dxnorm = enorm(&wa2);
    let mut fp = dxnorm - delta;
    if fp <= 0.1 * delta {
        return 0.0;
    }
    let mut parl = 0.0;
    if nsing >= n {
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            let mut sum = 0.0;
            for i in 0..j {
                sum += r[i + j * ldr] * wa1[i];
            }
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
        }
        let temp = enorm(&wa1);
        parl = ((fp / delta) / temp) / temp;
    }
    for j in 0..n {
        let mut sum = 0.0;
        for i in 0..=j {
            sum += r[i + j * ldr] * qtb[i];
        }
        wa1[j] = sum / diag[ipvt[j]];
    }
    let gnorm = enorm(&wa1);
    let mut paru = gnorm / delta;
    if paru == 0.0 {
        paru = dwarf / delta.min(0.1);
    }
    let mut par = par0.max(parl).min(paru);
    if par == 0.0 {
        par = gnorm / dxnorm;
    }
    let mut iter = 0;
    loop {
        iter += 1;
        if par == 0.0 {
            par = dwarf.max(0.001 * paru);
        }
        let temp = par.sqrt();
        for j in 0..n {
            wa1[j] = temp * diag[j];
        }
        qrsolv(n, r, ldr, ipvt, &wa1, qtb, x, &mut sdiag);
        for j in 0..n {
            wa2[j] = diag[j] * x[j];
        }
        dxnorm = enorm(&wa2);
        let temp = fp;
        fp = dxnorm - delta;
        if fp.abs() <= 0.1 * delta || (parl == 0.0 && fp <= temp && temp < 0.0) || iter == 10 {
            break;
        }
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            wa1[j] /= sdiag[j];
            let temp = wa1[j];
            for i in j + 1..n {
                wa1[i] -= r[i + j * ldr] * temp;
            }
        }
        let temp = enorm(&wa1);
        let parc = ((fp / delta) / temp) / temp;
        if fp > 0.0 {
            parl = parl.max(par);
        }
        if fp < 0.0 {
            paru = paru.min(par);
        }
        par = parl.max(par + parc);
    }
    par
}

/// Minimise Σ fᵢ(x)² over `x` (started from its value) by Levenberg–Marquardt, as MINPACK's
/// `lmdif` with `mode = 1` (scaling from the Jacobian's column norms) and a forward-difference
/// Jacobian with step √ε·|xⱼ|. `f(x, out)` writes the `m` residuals. Returns why it stopped and
/// the number of evaluations; `x` holds the last accepted point.
///
/// ```
/// use atmokit_retrievals::least_squares::{lmdif, LmOptions};
/// // Fit y = a·exp(b·t) to exact data with a = 2, b = −0.5.
/// let t: Vec<f64> = (0..10).map(|i| i as f64).collect();
/// let y: Vec<f64> = t.iter().map(|t| 2.0 * (-0.5 * t).exp()).collect();
/// let mut p = [1.0, -0.1];
/// let opts = LmOptions { maxfev: 600, ..Default::default() };
/// let (stop, _) = lmdif(|p, out| for i in 0..10 { out[i] = p[0] * (p[1] * t[i]).exp() - y[i] }, 10, &mut p, &opts);
/// assert!(stop.converged());
/// assert!((p[0] - 2.0).abs() < 1e-8 && (p[1] + 0.5).abs() < 1e-8);
/// ```
pub fn lmdif(mut f: impl FnMut(&[f64], &mut [f64]), m: usize, x: &mut [f64], opts: &LmOptions) -> (LmStop, usize) {
    let n = x.len();
    let eps = f64::EPSILON;
    let maxfev = if opts.maxfev == 0 { 200 * (n + 1) } else { opts.maxfev };
    let (mut fvec, mut wa4) = (vec![0.0; m], vec![0.0; m]);
    let mut fjac = vec![0.0; m * n];
    let (mut diag, mut qtf) = (vec![0.0; n], vec![0.0; n]);
    let (mut wa1, mut wa2, mut wa3) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut ipvt = vec![0usize; n];
    f(x, &mut fvec);
    let mut nfev = 1;
    let mut fnorm = enorm(&fvec);
    let (mut par, mut delta, mut xnorm) = (0.0f64, 0.0f64, 0.0f64);
    let mut iter = 1;
    let h_eps = eps.sqrt();
    loop {
        // Forward-difference Jacobian.
        for j in 0..n {
            let temp = x[j];
            let mut h = h_eps * temp.abs();
            if h == 0.0 {
                h = h_eps;
            }
            x[j] = temp + h;
            f(x, &mut wa4);
            x[j] = temp;
            for i in 0..m {
                fjac[i + j * m] = (wa4[i] - fvec[i]) / h;
            }
        }
        nfev += n;
        qrfac(m, n, &mut fjac, &mut ipvt, &mut wa1, &mut wa2);
        if iter == 1 {
            for j in 0..n {
                diag[j] = if wa2[j] == 0.0 { 1.0 } else { wa2[j] };
                wa3[j] = diag[j] * x[j];
            }
            xnorm = enorm(&wa3);
            delta = opts.factor * xnorm;
            if delta == 0.0 {
                delta = opts.factor;
            }
        }
        wa4.copy_from_slice(&fvec);
        for j in 0..n {
            if fjac[j + j * m] != 0.0 {
                let mut sum = 0.0;
                for i in j..m {
                    sum += fjac[i + j * m] * wa4[i];
                }
                let temp = -sum / fjac[j + j * m];
                for i in j..m {
                    wa4[i] += fjac[i + j * m] * temp;
                }
            }
            fjac[j + j * m] = wa1[j];
            qtf[j] = wa4[j];
        }
        let mut gnorm = 0.0f64;
        if fnorm != 0.0 {
            for j in 0..n {
                let l = ipvt[j];
                if wa2[l] != 0.0 {
                    let mut sum = 0.0;
                    for i in 0..=j {
                        sum += fjac[i + j * m] * (qtf[i] / fnorm);
                    }
                    gnorm = gnorm.max((sum / wa2[l]).abs());
                }
            }
        }
        if gnorm <= opts.gtol {
            return (LmStop::Gtol, nfev);
        }
        for j in 0..n {
            diag[j] = diag[j].max(wa2[j]);
        }
        loop {
            par = lmpar(n, &mut fjac, m, &ipvt, &diag, &qtf, delta, par, &mut wa1);
            for j in 0..n {
                wa1[j] = -wa1[j];
                wa2[j] = x[j] + wa1[j];
                wa3[j] = diag[j] * wa1[j];
            }
            let pnorm = enorm(&wa3);
            if iter == 1 {
                delta = delta.min(pnorm);
            }
            f(&wa2, &mut wa4);
            nfev += 1;
            let fnorm1 = enorm(&wa4);
            let actred = if 0.1 * fnorm1 < fnorm {
                1.0 - (fnorm1 / fnorm) * (fnorm1 / fnorm)
            } else {
                -1.0
            };
            for j in 0..n {
                wa3[j] = 0.0;
                let temp = wa1[ipvt[j]];
                for i in 0..=j {
                    wa3[i] += fjac[i + j * m] * temp;
                }
            }
            let temp1 = enorm(&wa3) / fnorm;
            let temp2 = par.sqrt() * pnorm / fnorm;
            let prered = temp1 * temp1 + temp2 * temp2 / 0.5;
            let dirder = -(temp1 * temp1 + temp2 * temp2);
            let ratio = if prered != 0.0 { actred / prered } else { 0.0 };
            if ratio <= 0.25 {
                let mut temp = if actred >= 0.0 {
                    0.5
                } else {
                    0.5 * dirder / (dirder + 0.5 * actred)
                };
                if 0.1 * fnorm1 >= fnorm || temp < 0.1 {
                    temp = 0.1;
                }
                delta = temp * delta.min(pnorm / 0.1);
                par /= temp;
            } else if par == 0.0 || ratio >= 0.75 {
                delta = pnorm / 0.5;
                par *= 0.5;
            }
            if ratio >= 1e-4 {
                for j in 0..n {
                    x[j] = wa2[j];
                    wa2[j] = diag[j] * x[j];
                }
                fvec.copy_from_slice(&wa4);
                xnorm = enorm(&wa2);
                fnorm = fnorm1;
                iter += 1;
            }
            let ftol_ok = actred.abs() <= opts.ftol && prered <= opts.ftol && 0.5 * ratio <= 1.0;
            let xtol_ok = delta <= opts.xtol * xnorm;
            match (ftol_ok, xtol_ok) {
                (true, true) => return (LmStop::FtolXtol, nfev),
                (true, false) => return (LmStop::Ftol, nfev),
                (false, true) => return (LmStop::Xtol, nfev),
                _ => {}
            }
            if nfev >= maxfev {
                return (LmStop::MaxFev, nfev);
            }
            if actred.abs() <= eps && prered <= eps && 0.5 * ratio <= 1.0 {
                return (LmStop::FtolTooSmall, nfev);
            }
            if delta <= eps * xnorm {
                return (LmStop::XtolTooSmall, nfev);
            }
            if gnorm <= eps {
                return (LmStop::GtolTooSmall, nfev);
            }
            if ratio >= 1e-4 {
                break;
            }
        }
    }
}

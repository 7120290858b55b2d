//! Net radiation (ACT `calculate_net_radiation`).

use crate::smooth::rolling_mean_trailing;
use atmokit_core::{DType, Dataset, Error, Result, Variable};

/// The variables of [`calculate_net_radiation`] (ACT's keywords and defaults) and the smoothing.
///
/// ```
/// let o = atmokit_retrievals::radiation::net::NetRadiationOptions { smooth: Some(5), ..Default::default() };
/// assert_eq!((o.ush.as_str(), o.dlhs.as_str()), ("up_short_hemisp", "down_long_hemisp_shaded"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NetRadiationOptions {
    /// Upwelling shortwave (ACT `ush`, default `up_short_hemisp`).
    pub ush: String,
    /// Upwelling longwave (ACT `ulh`, default `up_long_hemisp`).
    pub ulh: String,
    /// Downwelling shortwave (ACT `dsh`, default `down_short_hemisp`).
    pub dsh: String,
    /// Downwelling longwave, shaded (ACT `dlhs`, default `down_long_hemisp_shaded`).
    pub dlhs: String,
    /// Also a trailing rolling mean over this many samples (ACT `smooth`, default none).
    pub smooth: Option<usize>,
}

impl Default for NetRadiationOptions {
    fn default() -> Self {
        NetRadiationOptions {
            ush: "up_short_hemisp".into(),
            ulh: "up_long_hemisp".into(),
            dsh: "down_short_hemisp".into(),
            dlhs: "down_long_hemisp_shaded".into(),
            smooth: None,
        }
    }
}

/// Net radiation `−SW↑ + SW↓ − LW↑ + LW↓` (W m⁻²) as `net_radiation`, and with `smooth = Some(n)`
/// its trailing n-sample mean `net_radiation_smoothed` (first n−1 NaN, as xarray `rolling`).
/// Names default in ACT to `up_short_hemisp`, `up_long_hemisp`, `down_short_hemisp`,
/// `down_long_hemisp_shaded`. float32 inputs give float32 outputs computed in float32 order.
pub fn calculate_net_radiation(ds: &Dataset, o: &NetRadiationOptions) -> Result<Dataset> {
    let (ush, ulh, dsh, dlhs, smooth) = (
        o.ush.as_str(),
        o.ulh.as_str(),
        o.dsh.as_str(),
        o.dlhs.as_str(),
        o.smooth,
    );
    let get = |n: &str| -> Result<(Vec<f64>, bool)> {
        let d = ds.values_f64(n)?;
        Ok((d, ds.get(n)?.dtype() == DType::F32))
    };
    let (a, fa) = get(ush)?;
    let (b, fb) = get(ulh)?;
    let (c, fc) = get(dsh)?;
    let (d, fd) = get(dlhs)?;
    let n = a.len();
    if b.len() != n || c.len() != n || d.len() != n {
        return Err(Error::invalid(format!(
            "net radiation: '{ush}', '{ulh}', '{dsh}', '{dlhs}' lengths differ"
        )));
    }
    let f32m = fa && fb && fc && fd;
    // In float32 when every input is float32 (numpy's arithmetic), as f64 otherwise.
    let net: Vec<f64> = if f32m {
        let f = |v: &[f64], i: usize| v[i] as f32;
        (0..n)
            .map(|i| f64::from(-f(&a, i) + f(&c, i) - f(&b, i) + f(&d, i)))
            .collect()
    } else {
        (0..n).map(|i| -a[i] + c[i] - b[i] + d[i]).collect()
    };
    let tdim = ds.get(ush)?.dims().first().cloned().unwrap_or_else(|| "time".into());
    let mk = |v: Vec<f64>, long: &str| -> Result<Variable> {
        let var = if f32m {
            Variable::new([tdim.clone()], v.iter().map(|&x| x as f32).collect::<Vec<f32>>())?
        } else {
            Variable::new([tdim.clone()], v)?
        };
        Ok(var.with_attr("long_name", long).with_attr("units", "W/m^2"))
    };
    let mut out = Dataset::new();
    if let Some(w) = smooth {
        if w == 0 || w > net.len() {
            return Err(Error::parameter(
                "smooth",
                w,
                format!("net radiation: must lie in 1..={}, the samples (--smooth)", net.len()),
            ));
        }
        let sm = rolling_mean_trailing(&net, w, w, f32m);
        out.insert(
            "net_radiation_smoothed",
            mk(sm, &format!("Net Radiation Smoothed by {w}"))?,
        )?;
    }
    out.insert("net_radiation", mk(net, "Calculated Net Radiation")?)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(smooth: Option<usize>) -> NetRadiationOptions {
        NetRadiationOptions {
            ush: "ush".into(),
            ulh: "ulh".into(),
            dsh: "dsh".into(),
            dlhs: "dlh".into(),
            smooth,
        }
    }

    #[test]
    fn balance_by_hand() {
        let mut ds = Dataset::new();
        for (n, v) in [("ush", 100.0), ("ulh", 400.0), ("dsh", 600.0), ("dlh", 300.0)] {
            ds.insert(n, Variable::new(["time"], vec![v; 4]).unwrap()).unwrap();
        }
        let out = calculate_net_radiation(&ds, &names(Some(2))).unwrap();
        assert_eq!(out.get("net_radiation").unwrap().data().to_f64().unwrap()[[0]], 400.0);
        let s = out.get("net_radiation_smoothed").unwrap().data().to_f64().unwrap();
        assert!(s[[0]].is_nan() && s[[1]] == 400.0);
    }

    #[test]
    fn smooth_window_is_bound_by_the_samples() {
        let mut ds = Dataset::new();
        for n in ["ush", "ulh", "dsh", "dlh"] {
            ds.insert(n, Variable::new(["time"], vec![1.0; 4]).unwrap()).unwrap();
        }
        for w in [0, 5, 100_000] {
            let e = calculate_net_radiation(&ds, &names(Some(w))).unwrap_err();
            assert!(e.to_string().contains("1..=4"), "{e}");
        }
        calculate_net_radiation(&ds, &names(Some(4))).unwrap();
    }
}

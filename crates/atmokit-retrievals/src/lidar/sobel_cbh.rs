//! Cloud-base height from a Sobel edge filter (ACT `generic_sobel_cbh`).

use super::profiles;
use atmokit_core::{Dataset, Error, Result, Variable};
use ndarray::Array2;

/// Options of [`generic_sobel_cbh`].
#[derive(Clone, Debug, PartialEq)]
pub struct SobelOptions {
    /// Values ≤ this are treated as clear air (replaced by `fill_na`); None keeps all values.
    pub var_thresh: Option<f64>,
    /// Replacement for clear air, NaN and weak edges; defaults to `var_thresh`.
    pub fill_na: Option<f64>,
    /// Edge strength (and jump) that marks a cloud base, default 5.
    pub edge_thresh: f64,
    /// Smooth the edge field with a 3×3 mean (ACT `filter_type='uniform'`), default true.
    pub uniform_filter: bool,
    /// Reproduce ACT 2.3.4's test values: with the xarray ACT was tested against,
    /// `diff(dim=1)` silently did nothing, so the first strong *edge* (not the first jump of the
    /// edge) selects the level, one gate higher. Default false (the documented algorithm).
    pub act_noop_diff: bool,
}

impl Default for SobelOptions {
    fn default() -> Self {
        SobelOptions {
            var_thresh: None,
            fill_na: None,
            edge_thresh: 5.0,
            uniform_filter: true,
            act_noop_diff: false,
        }
    }
}

/// `scipy.ndimage` 'reflect' boundary index (half-sample symmetric: `d c b a | a b c d | d c b a`).
fn reflect(i: isize, n: usize) -> usize {
    let n = n as isize;
    let period = 2 * n;
    let mut m = i.rem_euclid(period);
    if m >= n {
        m = period - 1 - m;
    }
    m as usize
}

/// 'nearest' boundary index (edge value repeated).
fn nearest(i: isize, n: usize) -> usize {
    i.clamp(0, n as isize - 1) as usize
}

/// Sobel derivative along axis 1 (height) smoothed [1, 2, 1] along axis 0 (time), 'reflect' mode
/// (`scipy.ndimage.sobel(a)`, default axis −1).
pub fn sobel_last_axis(a: &Array2<f64>) -> Array2<f64> {
    let (nt, nh) = a.dim();
    let mut d = Array2::<f64>::zeros((nt, nh));
    for t in 0..nt {
        for h in 0..nh {
            d[[t, h]] = a[[t, reflect(h as isize + 1, nh)]] - a[[t, reflect(h as isize - 1, nh)]];
        }
    }
    let mut out = Array2::<f64>::zeros((nt, nh));
    for t in 0..nt {
        for h in 0..nh {
            out[[t, h]] = d[[reflect(t as isize - 1, nt), h]] + 2.0 * d[[t, h]] + d[[reflect(t as isize + 1, nt), h]];
        }
    }
    out
}

/// 3×3 mean with 'nearest' boundaries (`scipy.ndimage.uniform_filter(a, 3, mode='nearest')`).
pub fn uniform3(a: &Array2<f64>) -> Array2<f64> {
    let (nt, nh) = a.dim();
    let mut tmp = Array2::<f64>::zeros((nt, nh));
    for t in 0..nt {
        for h in 0..nh {
            let s: f64 = (-1..=1).map(|k| a[[nearest(t as isize + k, nt), h]]).sum();
            tmp[[t, h]] = s / 3.0;
        }
    }
    let mut out = Array2::<f64>::zeros((nt, nh));
    for t in 0..nt {
        for h in 0..nh {
            let s: f64 = (-1..=1).map(|k| tmp[[t, nearest(h as isize + k, nh)]]).sum();
            out[[t, h]] = s / 3.0;
        }
    }
    out
}

/// Cloud-base height of each profile of a (time, height) field, e.g. ceilometer backscatter.
///
/// 1. values ≤ `var_thresh` and NaN become `fill_na`;
/// 2. Sobel edge along height (`scipy.ndimage.sobel`, [1, 2, 1] smoothing across time), then a
///    3×3 mean (`uniform_filter`, 'nearest');
/// 3. edges ≤ `edge_thresh` become `fill_na`;
/// 4. `Δ = edge[j+1] − edge[j]` along height; CBH = `height[j+1]` for the first `j` with
///    `Δ > edge_thresh`, NaN if none.
///
/// `height_dim` names the height variable: 1-D (its dim must be the field's second dim) or 2-D
/// like the field. Returns a new Dataset with `cbh_sobel_<variable>` (time) in the height's units.
///
/// Difference from ACT: ACT's `diff(dim=1)` is a no-op with the xarray it was tested with (and
/// an error with current xarray), so ACT returns the gate above the first strong edge; set
/// [`SobelOptions::act_noop_diff`] to reproduce that.
/// Reference: ACT `act.retrievals.cbh.generic_sobel_cbh`; Sobel & Feldman (1968) operator.
pub fn generic_sobel_cbh(ds: &Dataset, variable: &str, height_dim: &str, opts: &SobelOptions) -> Result<Dataset> {
    for (name, flag, v) in [
        ("edge_thresh", "--edge-thresh", Some(opts.edge_thresh)),
        ("var_thresh", "--var-thresh", opts.var_thresh),
    ] {
        if v.is_some_and(|x| !x.is_finite()) {
            return Err(Error::parameter(
                name,
                v.unwrap_or_default(),
                format!("must be finite ({flag})"),
            ));
        }
    }
    let hvar = ds.get(height_dim)?;
    let var = ds.get(variable)?;
    let hname = var.dims().get(1).cloned().unwrap_or_default();
    let (a, _) = profiles(ds, variable, &hname)?;
    let (nt, nh) = a.dim();
    let height = hvar.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
        var: height_dim.into(),
        expected: "numeric".into(),
        found: hvar.dtype(),
    })?;
    let height_2d = match height.ndim() {
        1 if height.len() == nh => None,
        2 if height.shape() == [nt, nh] => Some(()),
        _ => {
            return Err(Error::data(
                height_dim,
                format!(
                    "height has shape {:?}; expected ({nh}) or ({nt}, {nh}) to match '{variable}'",
                    height.shape()
                ),
            ));
        }
    };
    let fill = opts.fill_na.or(opts.var_thresh).unwrap_or(f64::NAN);
    let data = a.mapv(|v| match opts.var_thresh {
        Some(th) if v.is_nan() || v <= th => fill,
        _ if v.is_nan() => fill,
        _ => v,
    });
    let mut edge = sobel_last_axis(&data);
    if opts.uniform_filter {
        edge = uniform3(&edge);
    }
    edge.mapv_inplace(|e| if e > opts.edge_thresh { e } else { fill });
    let mut cbh = Vec::with_capacity(nt);
    for t in 0..nt {
        let row = edge.row(t);
        let j = if opts.act_noop_diff {
            (0..nh.saturating_sub(1)).find(|&j| row[j] > opts.edge_thresh)
        } else {
            (0..nh.saturating_sub(1)).find(|&j| row[j + 1] - row[j] > opts.edge_thresh)
        };
        cbh.push(j.map_or(f64::NAN, |j| {
            let idx: Vec<usize> = if height_2d.is_some() {
                vec![t, j + 1]
            } else {
                vec![j + 1]
            };
            height[ndarray::IxDyn(&idx)]
        }));
    }
    let time_dim = var.dims()[0].clone();
    let mut out = Dataset::new();
    let mut v = Variable::new([time_dim], cbh)?.with_attr(
        "long_name",
        format!("CBH calculated from {variable} using sobel filter").as_str(),
    );
    if let Some(u) = hvar.units() {
        v = v.with_attr("units", u);
    }
    out.insert(&format!("cbh_sobel_{variable}"), v)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn sobel_matches_scipy_small() {
        // scipy 1.17.1: ndimage.sobel([[1,2,4],[0,1,1]]) = [[4, 10, 6], [4, 6, 2]]
        let a = array![[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]];
        assert_eq!(sobel_last_axis(&a), array![[4.0, 10.0, 6.0], [4.0, 6.0, 2.0]]);
    }

    #[test]
    fn cloud_layer_found_at_its_base() {
        let (nt, nh) = (4usize, 20usize);
        let mut ds = Dataset::new();
        let mut b = vec![0.0f32; nt * nh];
        for t in 0..nt {
            for h in 10..14 {
                b[t * nh + h] = 5000.0;
            }
        }
        let arr = ndarray::Array2::from_shape_vec((nt, nh), b).unwrap().into_dyn();
        ds.insert("bs", Variable::new(["time", "range"], arr).unwrap()).unwrap();
        let hts: Vec<f32> = (0..nh).map(|i| 15.0 + 30.0 * i as f32).collect();
        ds.insert("range", Variable::new(["range"], hts).unwrap().with_attr("units", "m"))
            .unwrap();
        let opts = SobelOptions {
            var_thresh: Some(1000.0),
            fill_na: Some(0.0),
            ..Default::default()
        };
        let out = generic_sobel_cbh(&ds, "bs", "range", &opts).unwrap();
        let c = out.get("cbh_sobel_bs").unwrap().data().to_f64().unwrap();
        // the smoothed edge first exceeds the threshold one gate below the cloud (index 8:
        // the 3-point mean reaches down there); the jump is at j = 7 → height[8]
        assert_eq!(c[[0]], 15.0 + 30.0 * 8.0);
        let act = generic_sobel_cbh(
            &ds,
            "bs",
            "range",
            &SobelOptions {
                act_noop_diff: true,
                ..opts
            },
        )
        .unwrap();
        assert_eq!(
            act.get("cbh_sobel_bs").unwrap().data().to_f64().unwrap()[[0]],
            15.0 + 30.0 * 9.0
        );
        assert_eq!(out.get("cbh_sobel_bs").unwrap().units(), Some("m"));
        assert!(generic_sobel_cbh(&ds, "nope", "range", &opts).is_err());
        for bad in [
            SobelOptions {
                edge_thresh: f64::NAN,
                ..opts.clone()
            },
            SobelOptions {
                var_thresh: Some(f64::INFINITY),
                ..opts.clone()
            },
        ] {
            let e = generic_sobel_cbh(&ds, "bs", "range", &bad).unwrap_err().to_string();
            assert!(e.contains("thresh") && e.contains("finite"), "{e}");
        }
        // one profile: no panic, same base
        let one = ds.isel("time", &[0]).unwrap();
        let c1 = generic_sobel_cbh(&one, "bs", "range", &opts).unwrap();
        assert_eq!(
            c1.get("cbh_sobel_bs").unwrap().data().to_f64().unwrap()[[0]],
            15.0 + 30.0 * 8.0
        );
        // height of the wrong length is an error naming it
        ds.insert("h2", Variable::new(["x"], vec![1.0f32; 3]).unwrap()).unwrap();
        let e = generic_sobel_cbh(&ds, "bs", "h2", &opts).unwrap_err().to_string();
        assert!(e.contains("h2"), "{e}");
    }
}

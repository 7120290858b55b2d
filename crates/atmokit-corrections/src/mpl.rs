//! Micropulse lidar (MPL) correction (ACT `act.corrections.mpl.correct_mpl`), plus the dead-time
//! correction and energy normalisation ACT does not apply.

use crate::deadtime::{DeadTimeModel, DeadTimeTable};
use atmokit_core::{DType, Data, Dataset, Error, Numeric, Result, Variable, with_float};
use ndarray::{ArrayView2, ArrayViewD, ArrayViewMut2, Axis, Ix2};
use num_traits::Float;

/// Variable names used by [`correct_mpl`]; `Default` gives ACT's defaults (ARM `mplpolfs` b1).
#[derive(Clone, Debug, PartialEq)]
pub struct MplNames {
    /// Co-polarised signal, count/µs, (time, range_bins). ACT: `signal_return_co_pol`.
    pub co_pol: String,
    /// Cross-polarised signal, count/µs. ACT: `signal_return_cross_pol`.
    pub cross_pol: String,
    /// Co-pol afterpulse, count/µs, (time, range_bins), reversed dims or 1-D (range_bins) accepted.
    pub co_pol_afterpulse: String,
    /// Cross-pol afterpulse, count/µs.
    pub cross_pol_afterpulse: String,
    /// Overlap correction factor (unitless); the first profile's table is used if 2-D.
    pub overlap: String,
    /// Heights of the overlap table, km (first profile if 2-D).
    pub overlap_heights: String,
    /// Range-gate dimension. ACT: `range_bins`.
    pub range_bins: String,
    /// Height of each gate, km, (range_bins) or (time, range_bins) (then the median over time).
    pub height: String,
    /// Name of the cross/co ratio variable to create, `None` for none. ACT: `cross_co_ratio`.
    pub ratio: Option<String>,
}

impl Default for MplNames {
    fn default() -> Self {
        MplNames {
            co_pol: "signal_return_co_pol".into(),
            cross_pol: "signal_return_cross_pol".into(),
            co_pol_afterpulse: "afterpulse_correction_co_pol".into(),
            cross_pol_afterpulse: "afterpulse_correction_cross_pol".into(),
            overlap: "overlap_correction".into(),
            overlap_heights: "overlap_correction_heights".into(),
            range_bins: "range_bins".into(),
            height: "height".into(),
            ratio: Some("cross_co_ratio".into()),
        }
    }
}

/// Where the dead-time correction comes from (ACT applies none).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum DeadTime {
    /// No dead-time correction (ACT's behaviour; the default).
    #[default]
    None,
    /// The file's own per-profile table: count rates (count/µs) and factors, each (time, n) or (n).
    /// ARM b1 names: `deadtime_correction_counts`, `deadtime_correction`.
    FileTable {
        /// Variable of count rates, count/µs.
        counts: String,
        /// Variable of factors (unitless).
        factors: String,
    },
    /// One model for all profiles (a table or the vendor polynomial), see [`DeadTimeModel`].
    Model(DeadTimeModel),
}

impl DeadTime {
    /// The ARM b1 table (`deadtime_correction_counts`, `deadtime_correction`).
    pub fn arm_file_table() -> Self {
        DeadTime::FileTable {
            counts: "deadtime_correction_counts".into(),
            factors: "deadtime_correction".into(),
        }
    }
}

/// Options of [`correct_mpl`]. `Default` reproduces ACT exactly (no dead time, no energy
/// normalisation, dB output).
#[derive(Clone, Debug, PartialEq)]
pub struct MplOptions {
    /// Variable names (ACT defaults).
    pub names: MplNames,
    /// Dead-time correction (default none).
    pub dead_time: DeadTime,
    /// Energy normalisation: divide each profile by this variable (µJ per pulse, e.g.
    /// `energy_monitor`), giving normalised relative backscatter. Default `None`.
    pub energy: Option<String>,
    /// Convert to `10·log10` (ACT does; default `true`). `false` keeps the linear values.
    pub decibels: bool,
}

impl Default for MplOptions {
    fn default() -> Self {
        MplOptions {
            names: MplNames::default(),
            dead_time: DeadTime::None,
            energy: None,
            decibels: true,
        }
    }
}

/// MPL correction, **in place**, as ACT's `correct_mpl` plus optional dead time and energy
/// normalisation.
///
/// For profile `i` and gate `j` (signals `S` and afterpulse `AP` in count/µs, height `h` in km):
/// 1. The overlap table `O(z)` and its heights come from the first profile if 2-D; a 2-D `height`
///    is reduced to its median over time.
/// 2. Gates with `h <= 0` (or NaN) are dropped from **every variable on the range dim**; other
///    variables are left untouched (ACT broadcasts them all against the range dim, which is what
///    blows up its memory on long files: e.g. `overlap_correction` becomes (time, 332, gates)).
/// 3. Background `B_i` = mean of the raw signal over gates `[n−50, n−2)` of the kept `n` gates,
///    ignoring values `<= −9998` and NaN (summed in order in the signal's dtype, as numpy does in ACT).
/// 4. `S <= 0` becomes NaN; `S' = S·D(S) − B·D(B) − AP·D(AP)` (`D = 1` unless dead time is on;
///    as mpl2nc, the factor multiplies the raw rate, the background and the afterpulse).
/// 5. `S'' = S'·h²·O(z_k)` with `z_k` the overlap height **nearest** to `h_j` (no interpolation;
///    ACT multiplies by the ARM overlap factor, where mpl2nc divides by an overlap function).
/// 6. With `energy`: `NRB = S''/E_i` (E in µJ), units count/µs·km²/µJ (mpl2nc's NRB formula, §2.1
///    of the reference; there the afterpulse is also energy-scaled, ARM's is already per profile).
/// 7. Ratio variable `100·X/(X+C)` on the linear corrected values (long_name "Cross-pol / Co-pol
///    ratio * 100", units "1", the co-pol attrs otherwise, minus `ancillary_variables` and
///    `description`).
/// 8. `10·log10` of co and cross (non-positive → −inf/NaN); units `"10 * log10(<units>)"`.
///
/// A dead-time option is refused when the file's `dead_time_corrected` flag is set (ARM b1 files
/// carry it; 0 in the sample). Needs at least 50 kept gates (the background window). Errors name the variable at fault and
/// are raised before anything is changed.
pub fn correct_mpl(ds: &mut Dataset, opts: &MplOptions) -> Result<()> {
    let n = &opts.names;
    let plan = Plan::new(ds, opts)?;
    // Drop the gates with height <= 0 from every variable on the range dim, one variable at a
    // time (no whole-dataset copy).
    let taken = std::mem::take(ds);
    *ds = taken.try_map_variables(|name, v| plan.select_gates(name, v))?;

    let mut co = ds.remove(&n.co_pol).ok_or_else(|| Error::not_found(&n.co_pol))?;
    let mut cross = ds.remove(&n.cross_pol).ok_or_else(|| Error::not_found(&n.cross_pol))?;
    let co_units = co.units().unwrap_or("unknown").to_string();
    let x_units = cross.units().unwrap_or("unknown").to_string();
    let result = (|| {
        plan.correct_channel(ds, &mut co, &n.co_pol, &n.co_pol_afterpulse)?;
        plan.correct_channel(ds, &mut cross, &n.cross_pol, &n.cross_pol_afterpulse)?;
        if let Some(rname) = &n.ratio {
            let ratio = ratio_variable(&co, &cross)?;
            ds.insert(rname, ratio)?;
        }
        Ok::<(), Error>(())
    })();
    if opts.decibels {
        to_db(&mut co);
        to_db(&mut cross);
    }
    let (co_u, x_u) = if opts.energy.is_some() {
        (format!("{co_units} * km^2 / uJ"), format!("{x_units} * km^2 / uJ"))
    } else {
        (co_units, x_units)
    };
    let wrap = |u: String| if opts.decibels { format!("10 * log10({u})") } else { u };
    co.attrs_mut().insert("units".into(), wrap(co_u).into());
    cross.attrs_mut().insert("units".into(), wrap(x_u).into());
    ds.insert(&n.co_pol, co)?;
    ds.insert(&n.cross_pol, cross)?;
    result
}

/// Everything computed from the input before it is changed.
struct Plan {
    range_dim: String,
    height_name: String,
    /// Median height per gate (all gates) in the height variable's dtype.
    height_all: Data,
    kept: Vec<usize>,
    /// Kept heights (km) as f64.
    h: Vec<f64>,
    /// Overlap factor for each kept gate.
    overlap: Vec<f64>,
    /// Dead-time model per profile (None = no correction).
    dead_time: Vec<Option<DeadTimeModel>>,
    energy: Option<Vec<f64>>,
    n_time: usize,
}

impl Plan {
    fn new(ds: &Dataset, opts: &MplOptions) -> Result<Plan> {
        let n = &opts.names;
        let co = ds.get(&n.co_pol)?;
        let cross = ds.get(&n.cross_pol)?;
        let rd = n.range_bins.clone();
        if co.dims().len() != 2 || !co.dims().contains(&rd) {
            return Err(Error::data(
                &n.co_pol,
                format!("expected 2 dims including '{rd}', found {:?}", co.dims()),
            ));
        }
        if cross.dims() != co.dims() {
            return Err(Error::invalid(format!(
                "variable '{}' has dims {:?}, '{}' has {:?}; they must match",
                n.cross_pol,
                cross.dims(),
                n.co_pol,
                co.dims()
            )));
        }
        for (name, v) in [(&n.co_pol, co), (&n.cross_pol, cross)] {
            if !matches!(v.dtype(), DType::F32 | DType::F64) {
                return Err(Error::DTypeMismatch {
                    var: name.clone(),
                    expected: "float32 or float64".into(),
                    found: v.dtype(),
                });
            }
        }
        let time_axis = co.dims().iter().position(|d| *d != rd).unwrap_or(0);
        let n_time = co.shape()[time_axis];
        let n_gate = co.shape()[1 - time_axis];

        let height_all = median_height(ds, &n.height, &rd)?;
        let to_km = km_factor(ds, &n.height)?;
        let h_all = height_all
            .to_f64()
            .map(|a| a.iter().map(|&h| h * to_km).collect::<Vec<_>>())
            .unwrap_or_default();
        if h_all.len() != n_gate {
            return Err(Error::data(
                &n.height,
                format!("has {} gates, the signal {n_gate}", h_all.len()),
            ));
        }
        let kept: Vec<usize> = (0..n_gate).filter(|&j| h_all[j] > 0.0).collect();
        if kept.len() < 50 {
            return Err(Error::invalid(format!(
                "variable '{}': only {} gates have height > 0; the background needs at least 50",
                n.height,
                kept.len()
            )));
        }
        let h: Vec<f64> = kept.iter().map(|&j| h_all[j]).collect();

        let op = first_row(ds, &n.overlap)?;
        let op_km = km_factor(ds, &n.overlap_heights)?;
        let op_h: Vec<f64> = first_row(ds, &n.overlap_heights)?.iter().map(|&h| h * op_km).collect();
        if op.len() != op_h.len() || op.is_empty() {
            return Err(Error::invalid(format!(
                "variables '{}' ({}) and '{}' ({}) must have the same non-zero length",
                n.overlap,
                op.len(),
                n.overlap_heights,
                op_h.len()
            )));
        }
        // Nearest overlap height (first of equals, NaN heights never chosen), in the data's precision.
        let f32_math = co.dtype() == DType::F32;
        let overlap = h
            .iter()
            .map(|&hj| {
                let mut best = (f64::INFINITY, 0usize);
                for (k, &z) in op_h.iter().enumerate() {
                    let d = if f32_math {
                        (z as f32 - hj as f32).abs() as f64
                    } else {
                        (z - hj).abs()
                    };
                    if d < best.0 {
                        best = (d, k);
                    }
                }
                op[best.1]
            })
            .collect();

        for ap in [&n.co_pol_afterpulse, &n.cross_pol_afterpulse] {
            check_afterpulse(ds, ap, &rd, co.dims(), n_time, n_gate)?;
        }
        if opts.dead_time != DeadTime::None
            && let Some(flag) = ds.var("dead_time_corrected").and_then(|v| v.data().to_f64())
            && flag.iter().any(|&f| f != 0.0 && !f.is_nan())
        {
            return Err(Error::invalid(
                "variable 'dead_time_corrected' says the signal is already dead-time corrected; \
                 applying the correction again would double it",
            ));
        }
        let dead_time = dead_time_models(ds, &opts.dead_time, n_time)?;
        let energy = match &opts.energy {
            None => None,
            Some(e) => {
                let v = ds.values_f64(e)?;
                if v.len() != n_time {
                    return Err(Error::data(e, format!("has {} values for {n_time} profiles", v.len())));
                }
                Some(v)
            }
        };
        Ok(Plan {
            range_dim: rd,
            height_name: n.height.clone(),
            height_all,
            kept,
            h,
            overlap,
            dead_time,
            energy,
            n_time,
        })
    }

    /// Select the kept gates of a variable on the range dim; the height becomes the 1-D median.
    fn select_gates(&self, name: &str, v: Variable) -> Result<Variable> {
        if name == self.height_name {
            let (_, _, attrs, enc) = v.into_parts();
            let data = self.height_all.select(0, &self.kept)?;
            return Variable::from_parts(vec![self.range_dim.clone()], data, attrs, enc);
        }
        match v.axis_of(&self.range_dim) {
            None => Ok(v),
            Some(axis) => {
                let (dims, data, attrs, enc) = v.into_parts();
                let data = data.select(axis, &self.kept)?;
                Variable::from_parts(dims, data, attrs, enc)
            }
        }
    }

    fn correct_channel(&self, ds: &Dataset, sig: &mut Variable, name: &str, ap_name: &str) -> Result<()> {
        let time_first = sig.dims()[0] != self.range_dim;
        let ap = ds.get(ap_name)?;
        let ap_time_first = ap.dims().first().is_some_and(|d| *d != self.range_dim);
        with_float!(
            sig.data_mut(),
            a => self.correct_typed(two_d(a.view_mut(), time_first, name)?, ap, ap_time_first),
            other => Err(Error::DTypeMismatch {
                var: name.into(),
                expected: "float32 or float64".into(),
                found: other.dtype(),
            })
        )
    }

    fn correct_typed<T: Float + Numeric>(
        &self,
        mut s: ArrayViewMut2<'_, T>,
        ap: &Variable,
        ap_time_first: bool,
    ) -> Result<()> {
        let m = self.kept.len();
        let h2: Vec<T> = self
            .h
            .iter()
            .map(|&h| {
                let h = T::from_f64(h);
                h * h
            })
            .collect();
        let ovl: Vec<T> = self.overlap.iter().map(|&o| T::from_f64(o)).collect();
        let mut ap_row = vec![T::zero(); m];
        for i in 0..self.n_time {
            let mut row = s.row_mut(i);
            let bg = nanmean_sequential(
                row.slice(ndarray::s![m - 50..m - 2])
                    .iter()
                    .map(|&v| if v > T::from_f64(-9998.0) { v } else { T::nan() }),
            );
            fill_afterpulse(ap, ap_time_first, i, &mut ap_row)?;
            let dt = self.dead_time.get(i).and_then(|d| d.as_ref());
            let corr = |x: T| match dt {
                Some(d) => x * T::from_f64(d.factor(x.to_f64())),
                None => x,
            };
            let bg = corr(bg);
            let energy = self.energy.as_ref().map(|e| T::from_f64(e[i]));
            for (j, v) in row.iter_mut().enumerate() {
                let x = if *v > T::zero() { *v } else { T::nan() };
                let mut y = ((corr(x) - bg) - corr(ap_row[j])) * h2[j] * ovl[j];
                if let Some(e) = energy {
                    y = y / e;
                }
                *v = y;
            }
        }
        Ok(())
    }
}

/// NaN-ignoring mean, summed sequentially in the element type. This is the order xarray/numpy
/// use in ACT (the background window is reduced across a non-contiguous axis, so numpy adds the
/// gates one after the other); it reproduces ACT's float32 values to < 1e-6 dB on the oracle file.
fn nanmean_sequential<T: Float>(vals: impl Iterator<Item = T>) -> T {
    let (sum, count) = vals
        .filter(|x| !x.is_nan())
        .fold((T::zero(), 0usize), |(s, c), x| (s + x, c + 1));
    if count == 0 {
        T::nan()
    } else {
        sum / T::from(count).unwrap_or_else(T::nan)
    }
}

/// The (profile, gate) view of a 2-D signal, whichever order its dims are in.
fn two_d<'a, T>(a: ndarray::ArrayViewMutD<'a, T>, time_first: bool, name: &str) -> Result<ArrayViewMut2<'a, T>> {
    let a = a
        .into_dimensionality::<Ix2>()
        .map_err(|_| Error::data(name, "must be 2-D"))?;
    Ok(if time_first { a } else { a.reversed_axes() })
}

/// Copy the afterpulse of profile `i` (all kept gates) into `out`, converting to the signal type.
fn fill_afterpulse<T: Float + Numeric>(ap: &Variable, time_first: bool, i: usize, out: &mut [T]) -> Result<()> {
    fn copy<S: Numeric, T: Numeric>(a: ArrayViewD<'_, S>, time_first: bool, i: usize, out: &mut [T]) {
        if a.ndim() == 1 {
            for (o, &v) in out.iter_mut().zip(a.iter()) {
                *o = T::from_f64(v.to_f64());
            }
        } else if let Ok(a2) = a.into_dimensionality::<Ix2>() {
            let a2: ArrayView2<'_, S> = if time_first { a2 } else { a2.reversed_axes() };
            for (o, &v) in out.iter_mut().zip(a2.row(i).iter()) {
                *o = T::from_f64(v.to_f64());
            }
        }
    }
    match ap.data() {
        Data::F32(a) => copy(a.view(), time_first, i, out),
        Data::F64(a) => copy(a.view(), time_first, i, out),
        d => {
            let a = d
                .to_f64()
                .ok_or_else(|| Error::invalid("afterpulse variable is not numeric"))?;
            copy(a.view(), time_first, i, out)
        }
    }
    Ok(())
}

fn check_afterpulse(
    ds: &Dataset,
    name: &str,
    range_dim: &str,
    sig_dims: &[String],
    n_time: usize,
    n_gate: usize,
) -> Result<()> {
    let v = ds.get(name)?;
    let rev: Vec<String> = sig_dims.iter().rev().cloned().collect();
    let ok = match v.dims().len() {
        1 => v.shape()[0] == n_gate && v.dims()[0] == range_dim,
        2 => (v.dims() == sig_dims || v.dims() == rev.as_slice()) && v.len() == n_time * n_gate,
        _ => false,
    };
    if !ok || v.data().to_f64().is_none() {
        return Err(Error::data(
            name,
            format!(
                "afterpulse dims {:?} do not match the signal's {:?}",
                v.dims(),
                sig_dims
            ),
        ));
    }
    Ok(())
}

/// The height per gate: 1-D as is, 2-D reduced by the median over its non-range axis.
fn median_height(ds: &Dataset, name: &str, range_dim: &str) -> Result<Data> {
    let v = ds.get(name)?;
    let a = v.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
        var: name.into(),
        expected: "numeric".into(),
        found: v.dtype(),
    })?;
    let med: Vec<f64> = match v.dims().len() {
        1 => a.iter().copied().collect(),
        2 => {
            let ax = v
                .axis_of(range_dim)
                .ok_or_else(|| Error::data(name, format!("has no dim '{range_dim}'")))?;
            a.axis_iter(Axis(ax))
                .map(|lane| {
                    let mut l: Vec<f64> = lane.iter().copied().collect();
                    median(&mut l)
                })
                .collect()
        }
        _ => {
            return Err(Error::invalid(format!(
                "variable '{name}' must be 1-D or 2-D, has dims {:?}",
                v.dims()
            )));
        }
    };
    let data = Data::from(ndarray::Array1::from(med).into_dyn());
    if v.dtype() == DType::F32 {
        data.cast(DType::F32)
    } else {
        Ok(data)
    }
}

/// numpy's median: middle value, or the mean of the two middle values; NaN if any NaN.
fn median(l: &mut [f64]) -> f64 {
    if l.is_empty() || l.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    l.sort_by(|a, b| a.total_cmp(b));
    let n = l.len();
    if n % 2 == 1 {
        l[n / 2]
    } else {
        (l[n / 2 - 1] + l[n / 2]) / 2.0
    }
}

/// First row of a 1-D or 2-D numeric variable as f64.
/// The factor turning the height variable `name` into km, from its `units` (none or empty: km, as
/// mpl2nc and ACT assume; a file in m gives 0.001).
fn km_factor(ds: &Dataset, name: &str) -> Result<f64> {
    let Some(u) = ds.get(name)?.units().filter(|u| !u.trim().is_empty()) else {
        return Ok(1.0);
    };
    match atmokit_physics::units::conversion(u, "km") {
        Ok((a, b)) if b == 0.0 && a.is_finite() && a > 0.0 => Ok(a),
        _ => Err(Error::InvalidAttribute {
            var: name.to_string(),
            attr: "units".into(),
            reason: format!("'{u}' is not a length (the range correction needs heights)"),
        }),
    }
}

fn first_row(ds: &Dataset, name: &str) -> Result<Vec<f64>> {
    let v = ds.get(name)?;
    let a = v.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
        var: name.into(),
        expected: "numeric".into(),
        found: v.dtype(),
    })?;
    match a.ndim() {
        1 => Ok(a.iter().copied().collect()),
        2 if a.shape()[0] > 0 => Ok(a.index_axis(Axis(0), 0).iter().copied().collect()),
        _ => Err(Error::data(
            name,
            format!("must be 1-D or non-empty 2-D, has shape {:?}", a.shape()),
        )),
    }
}

/// One dead-time model per profile, from the option.
fn dead_time_models(ds: &Dataset, dt: &DeadTime, n_time: usize) -> Result<Vec<Option<DeadTimeModel>>> {
    match dt {
        DeadTime::None => Ok(vec![None; n_time]),
        DeadTime::Model(m) => Ok(vec![Some(m.clone()); n_time]),
        DeadTime::FileTable { counts, factors } => {
            let c = ds.array_f64(counts)?;
            let f = ds.array_f64(factors)?;
            if c.shape() != f.shape() || c.ndim() == 0 || c.ndim() > 2 {
                return Err(Error::data(
                    counts,
                    format!(
                        "dead-time counts {:?} and '{factors}' {:?} must have the same 1-D or (time, n) shape",
                        c.shape(),
                        f.shape()
                    ),
                ));
            }
            let what = format!("'{counts}'/'{factors}'");
            if c.ndim() == 1 {
                let t = DeadTimeTable::new(
                    &c.iter().copied().collect::<Vec<_>>(),
                    &f.iter().copied().collect::<Vec<_>>(),
                    &what,
                )?;
                return Ok(vec![Some(DeadTimeModel::Table(t)); n_time]);
            }
            if c.shape()[0] != n_time {
                return Err(Error::data(
                    counts,
                    format!("dead-time counts: {} rows for {n_time} profiles", c.shape()[0]),
                ));
            }
            (0..n_time)
                .map(|i| {
                    let ci: Vec<f64> = c.index_axis(Axis(0), i).iter().copied().collect();
                    let fi: Vec<f64> = f.index_axis(Axis(0), i).iter().copied().collect();
                    DeadTimeTable::new(&ci, &fi, &format!("{what} profile {i}")).map(|t| Some(DeadTimeModel::Table(t)))
                })
                .collect()
        }
    }
}

/// `100·X/(X+C)` with the co-pol's dims and attrs (minus ancillary_variables and description).
fn ratio_variable(co: &Variable, cross: &Variable) -> Result<Variable> {
    let data = match (co.data(), cross.data()) {
        (Data::F32(c), Data::F32(x)) => {
            Data::F32(ndarray::Zip::from(x).and(c).map_collect(|&x, &c| x / (x + c) * 100.0))
        }
        (Data::F64(c), Data::F64(x)) => {
            Data::F64(ndarray::Zip::from(x).and(c).map_collect(|&x, &c| x / (x + c) * 100.0))
        }
        _ => {
            let c = co
                .data()
                .to_f64()
                .ok_or_else(|| Error::invalid("co-pol signal is not numeric"))?;
            let x = cross
                .data()
                .to_f64()
                .ok_or_else(|| Error::invalid("cross-pol signal is not numeric"))?;
            Data::F64(ndarray::Zip::from(&x).and(&c).map_collect(|&x, &c| x / (x + c) * 100.0))
        }
    };
    let mut attrs = co.attrs().clone();
    attrs.shift_remove("ancillary_variables");
    attrs.shift_remove("description");
    attrs.insert("long_name".into(), "Cross-pol / Co-pol ratio * 100".into());
    attrs.insert("units".into(), "1".into());
    Variable::from_parts(co.dims().to_vec(), data, attrs, Default::default())
}

/// `10·log10(x)` in place.
fn to_db(v: &mut Variable) {
    with_float!(v.data_mut(), a => a.mapv_inplace(|x| 10.0 * x.log10()), _other => {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// One profile, 60 gates: 2 pre-trigger gates (height <= 0), then 58 gates at 0.1·k km.
    /// Signal 10 count/µs on gates 2..10, 1 elsewhere (the far gates give background 1).
    fn synthetic() -> Dataset {
        let g = 60;
        let mut ds = Dataset::new();
        let h: Vec<f32> = (0..g).map(|j| (j as f32 - 1.0) * 0.1).collect();
        let s: Vec<f32> = (0..g).map(|j| if (2..10).contains(&j) { 10.0 } else { 1.0 }).collect();
        let ap = vec![0.5f32; g];
        let a2 = |v: Vec<f32>| Array2::from_shape_vec((1, g), v).unwrap().into_dyn();
        ds.insert("time", Variable::time("time", vec![0])).unwrap();
        ds.insert("height", Variable::new(["range_bins"], h).unwrap()).unwrap();
        for n in ["signal_return_co_pol", "signal_return_cross_pol"] {
            ds.insert(
                n,
                Variable::new(["time", "range_bins"], a2(s.clone()))
                    .unwrap()
                    .with_attr("units", "count/us"),
            )
            .unwrap();
        }
        for n in ["afterpulse_correction_co_pol", "afterpulse_correction_cross_pol"] {
            ds.insert(n, Variable::new(["time", "range_bins"], a2(ap.clone())).unwrap())
                .unwrap();
        }
        ds.insert(
            "overlap_correction",
            Variable::new(["num_overlap_corr"], vec![2.0f32, 1.0]).unwrap(),
        )
        .unwrap();
        ds.insert(
            "overlap_correction_heights",
            Variable::new(["num_overlap_corr"], vec![0.0f32, 0.35]).unwrap(),
        )
        .unwrap();
        ds.insert("energy_monitor", Variable::new(["time"], vec![4.0f32]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn hand_worked_profile() {
        let mut ds = synthetic();
        correct_mpl(
            &mut ds,
            &MplOptions {
                decibels: false,
                ..MplOptions::default()
            },
        )
        .unwrap();
        assert_eq!(ds.dim_len("range_bins"), Some(58));
        let v = ds.view::<f32>("signal_return_co_pol").unwrap();
        // gate 0 kept = original gate 2, h = 0.1 km: (10 - 1 - 0.5) * 0.01 * O(nearest 0.1 -> 0.0) 2 = 0.17
        assert!((v[[0, 0]] - 0.17).abs() < 1e-6, "{}", v[[0, 0]]);
        // kept gate 3 = h 0.4 km, nearest overlap height 0.35 -> 1: 8.5 * 0.16 = 1.36
        assert!((v[[0, 3]] - 1.36).abs() < 1e-5);
        // far gate: (1 - 1 - 0.5) * h^2 < 0 -> negative linear value
        assert!(v[[0, 20]] < 0.0);
        let r = ds.view::<f32>("cross_co_ratio").unwrap();
        assert!((r[[0, 0]] - 50.0).abs() < 1e-4);
    }

    /// Heights in metres give the same corrected signal as in km (the range correction works
    /// in km); a height without a length unit is refused.
    #[test]
    fn heights_in_metres_are_converted() {
        let lin = MplOptions {
            decibels: false,
            ..MplOptions::default()
        };
        let mut km = synthetic();
        correct_mpl(&mut km, &lin).unwrap();
        let mut m = synthetic();
        for name in ["height", "overlap_correction_heights"] {
            let v = m.get_mut(name).unwrap();
            v.view_mut::<f32>().unwrap().mapv_inplace(|h| h * 1000.0);
            v.attrs_mut().insert("units".into(), "m".into());
        }
        correct_mpl(&mut m, &lin).unwrap();
        let (a, b) = (
            km.view::<f32>("signal_return_co_pol").unwrap(),
            m.view::<f32>("signal_return_co_pol").unwrap(),
        );
        assert!(
            a.iter()
                .zip(b.iter())
                .all(|(x, y)| (x - y).abs() <= 1e-5 * x.abs().max(1.0))
        );
        assert!((b[[0, 3]] - 1.36).abs() < 1e-5);
        let mut bad = synthetic();
        bad.get_mut("height")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "degree".into());
        let e = correct_mpl(&mut bad, &lin).unwrap_err().to_string();
        assert!(e.contains("'height'") && e.contains("degree"), "{e}");
    }

    #[test]
    fn decibels_dead_time_polynomial_and_energy() {
        let mut a = synthetic();
        correct_mpl(&mut a, &MplOptions::default()).unwrap();
        let v = a.view::<f32>("signal_return_co_pol").unwrap();
        assert!((v[[0, 0]] - 10.0 * 0.17f32.log10()).abs() < 1e-4);
        assert!(v[[0, 20]].is_nan(), "log of a negative value");
        assert_eq!(
            a.get("signal_return_co_pol").unwrap().units(),
            Some("10 * log10(count/us)")
        );
        // D(x) = 1 + 1e-5·k with k = 1000·x kcount/s: D(10) = 1.1, D(1) = 1.01, D(0.5) = 1.005.
        let mut b = synthetic();
        let opts = MplOptions {
            dead_time: DeadTime::Model(DeadTimeModel::Polynomial(vec![1e-5, 1.0])),
            energy: Some("energy_monitor".into()),
            decibels: false,
            ..MplOptions::default()
        };
        correct_mpl(&mut b, &opts).unwrap();
        let v = b.view::<f32>("signal_return_co_pol").unwrap();
        let want = (10.0 * 1.1 - 1.0 * 1.01 - 0.5 * 1.005) * 0.01 * 2.0 / 4.0;
        assert!((f64::from(v[[0, 0]]) - want).abs() < 1e-6, "{} vs {want}", v[[0, 0]]);
    }

    #[test]
    fn errors_before_any_change() {
        let mut ds = synthetic();
        ds.remove("afterpulse_correction_cross_pol");
        let e = correct_mpl(&mut ds, &MplOptions::default()).unwrap_err();
        assert!(e.to_string().contains("afterpulse_correction_cross_pol"));
        assert_eq!(ds.dim_len("range_bins"), Some(60), "dataset unchanged");
        // Too few positive heights for the background window.
        let mut ds = synthetic();
        let h: Vec<f32> = (0..60).map(|j| if j < 20 { -1.0 } else { 1.0 }).collect();
        ds.insert("height", Variable::new(["range_bins"], h).unwrap()).unwrap();
        assert!(
            correct_mpl(&mut ds, &MplOptions::default())
                .unwrap_err()
                .to_string()
                .contains("at least 50")
        );
        // Missing dead-time table variables are named.
        let mut ds = synthetic();
        let opts = MplOptions {
            dead_time: DeadTime::arm_file_table(),
            ..MplOptions::default()
        };
        assert!(
            correct_mpl(&mut ds, &opts)
                .unwrap_err()
                .to_string()
                .contains("deadtime_correction")
        );
    }
}

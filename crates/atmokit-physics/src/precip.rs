//! Accumulated precipitation and weighted time-series averages (ACT `data_utils`
//! `accumulate_precip`, `ts_weighted_average`).

use crate::time_utils::modal_step_ns;
use crate::units::{conversion, parse};
use atmokit_core::{Data, Dataset, Error, Result, Variable};

/// The time step in seconds: `time_delta_s`, else the most common step of the time coordinate.
fn time_step_s(ds: &Dataset, variable: &str, time_delta_s: Option<f64>) -> Result<f64> {
    match time_delta_s {
        Some(dt) => Ok(dt),
        None => modal_step_ns(&ds.time()?.to_vec())
            .map(|ns| ns as f64 / 1e9)
            .ok_or_else(|| Error::data(variable, "accumulate_precip: cannot find a time step; pass time_delta")),
    }
}

/// Adds `<variable>_accumulated` (mm) in place: the running sum of precipitation, NaN counted
/// as zero — ACT `accumulate_precip(ds, variable, time_delta=None)`.
///
/// The variable's `units` decide how a sample turns into millimetres:
/// - a depth (`mm`, `in`, `cm`, …): converted to mm and summed;
/// - a rate (`mm/hr`, `mm/h`, `in/hr`, `mm/s`, …): × Δt, with Δt = `time_delta_s` or the modal
///   time step, then converted to mm.
///
/// **Differs from ACT**, which recognises only the exact string `mm/hr` and treats every other
/// unit as mm per sample (an `in` gauge or `mm/h` rate gives wrong totals there); for `mm` and
/// `mm/hr` the numbers are ACT's. Sums run in f64; float32 input gives a float32 result (ACT
/// accumulates in float32, so its totals differ by float32 rounding, ~1e-6 relative).
///
/// # Errors
/// Missing variable or `units`, units that are neither a length nor a length per time, no time
/// step (fewer than two times and no `time_delta_s`), non-numeric data.
pub fn accumulate_precip(ds: &mut Dataset, variable: &str, time_delta_s: Option<f64>) -> Result<()> {
    let var = ds.get(variable)?;
    let units = var.units().ok_or_else(|| Error::MissingAttribute {
        var: variable.into(),
        attr: "units".into(),
    })?;
    let unit = parse(units)?;
    let factor = match unit.dims {
        [1, 0, 0, 0, 0, 0] => conversion(units, "mm")?.0,
        [1, 0, -1, 0, 0, 0] => {
            let dt = time_step_s(ds, variable, time_delta_s)?;
            conversion(units, "mm/s")?.0 * dt
        }
        _ => {
            return Err(Error::Units(format!(
                "accumulate_precip: '{variable}' has units '{units}', neither a depth nor a rate"
            )));
        }
    };
    let values = var
        .data()
        .to_f64()
        .ok_or_else(|| Error::not_numeric(variable, var.dtype()))?;
    let mut sum = 0.0;
    let acc: Vec<f64> = values
        .iter()
        .map(|&v| {
            if v.is_finite() {
                sum += v * factor;
            }
            sum
        })
        .collect();
    let shape = values.shape().to_vec();
    let data = if matches!(var.data(), Data::F32(_)) {
        Data::F32(
            ndarray::ArrayD::from_shape_vec(shape, acc.iter().map(|&v| v as f32).collect())
                .map_err(|e| Error::invalid(e.to_string()))?,
        )
    } else {
        Data::F64(ndarray::ArrayD::from_shape_vec(shape, acc).map_err(|e| Error::invalid(e.to_string()))?)
    };
    let out = Variable::new(var.dims().to_vec(), data)?
        .with_attr("long_name", "Accumulated precipitation")
        .with_attr("units", "mm");
    ds.insert(&format!("{variable}_accumulated"), out)?;
    Ok(())
}

/// ACT 2.3.4's [`accumulate_precip`] (`act_compat`): only the exact units `mm/hr` are a rate
/// (× Δt / 3600 s); any other units are taken as millimetres per sample, unconverted. The sum
/// runs in the data's precision like numpy's `nancumsum`: float32 data accumulate in float32,
/// except a `mm/hr` rate with the automatic time step, which numpy promotes to float64 (a
/// float64 scalar factor); with `time_delta_s` given it stays float32.
///
/// # Errors
/// Missing variable or `units`, no time step for a `mm/hr` rate, non-numeric data.
pub fn accumulate_precip_act_compat(ds: &mut Dataset, variable: &str, time_delta_s: Option<f64>) -> Result<()> {
    let var = ds.get(variable)?;
    let units = var.units().ok_or_else(|| Error::MissingAttribute {
        var: variable.into(),
        attr: "units".into(),
    })?;
    let rate = units == "mm/hr";
    let factor = if rate {
        let dt = time_step_s(ds, variable, time_delta_s)?;
        Some(dt / 60.0 / 60.0)
    } else {
        None
    };
    let values = var
        .data()
        .to_f64()
        .ok_or_else(|| Error::not_numeric(variable, var.dtype()))?;
    let shape = values.shape().to_vec();
    let in_f32 = matches!(var.data(), Data::F32(_)) && !(rate && time_delta_s.is_none());
    let data = if in_f32 {
        let f = factor.map(|f| f as f32);
        let mut sum = 0.0f32;
        let acc: Vec<f32> = values
            .iter()
            .map(|&v| {
                let x = f.map_or(v as f32, |f| v as f32 * f);
                if !x.is_nan() {
                    sum += x;
                }
                sum
            })
            .collect();
        Data::F32(ndarray::ArrayD::from_shape_vec(shape, acc).map_err(|e| Error::invalid(e.to_string()))?)
    } else {
        let mut sum = 0.0f64;
        let acc: Vec<f64> = values
            .iter()
            .map(|&v| {
                let x = factor.map_or(v, |f| v * f);
                if !x.is_nan() {
                    sum += x;
                }
                sum
            })
            .collect();
        Data::F64(ndarray::ArrayD::from_shape_vec(shape, acc).map_err(|e| Error::invalid(e.to_string()))?)
    };
    let out = Variable::new(var.dims().to_vec(), data)?
        .with_attr("long_name", "Accumulated precipitation")
        .with_attr("units", "mm");
    ds.insert(&format!("{variable}_accumulated"), out)?;
    Ok(())
}

/// One weighted input of [`ts_weighted_average`].
#[derive(Debug, Clone, Copy)]
pub struct WeightedSeries<'a> {
    /// Dataset holding the variable.
    pub ds: &'a Dataset,
    /// Variable name.
    pub variable: &'a str,
    /// Weight (the weights should sum to 1).
    pub weight: f64,
}

/// Σ wᵢ·xᵢ over several series, NaN ignored (numpy `nansum`: all-NaN gives 0) — ACT
/// `ts_weighted_average({datastream: {'variable': [...], 'weight': [...], 'ds': ds}})`.
///
/// All series must have the same shape; ACT aligns on time with `xr.merge`, here the times must
/// already agree (checked when every dataset has a `time` variable). Returns float64.
///
/// # Errors
/// No inputs, missing variables, shapes or times that differ, non-numeric data.
pub fn ts_weighted_average(inputs: &[WeightedSeries<'_>]) -> Result<Data> {
    let first = inputs
        .first()
        .ok_or_else(|| Error::invalid("ts_weighted_average: no inputs"))?;
    let base = first.ds.array_f64(first.variable)?;
    let time0 = first.ds.time().ok().map(|t| t.to_vec());
    let mut out = ndarray::ArrayD::<f64>::zeros(base.shape());
    for s in inputs {
        let x = s.ds.array_f64(s.variable)?;
        if x.shape() != out.shape() {
            return Err(Error::data(
                s.variable,
                format!("ts_weighted_average: shape {:?}, expected {:?}", x.shape(), out.shape()),
            ));
        }
        if let (Some(t0), Ok(t)) = (&time0, s.ds.time())
            && t.iter().ne(t0.iter())
        {
            return Err(Error::data(
                s.variable,
                "ts_weighted_average: times differ from the first series",
            ));
        }
        out.zip_mut_with(&x, |o, &v| {
            if !v.is_nan() {
                *o += v * s.weight;
            }
        });
    }
    Ok(Data::F64(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000_000_000;

    fn ds_with(units: &str, values: Vec<f32>) -> Dataset {
        let mut ds = Dataset::new();
        let n = values.len() as i64;
        ds.insert("time", Variable::time("time", (0..n).map(|i| i * MIN).collect()))
            .unwrap();
        ds.insert("p", Variable::new(["time"], values).unwrap().with_attr("units", units))
            .unwrap();
        ds
    }

    #[test]
    fn depth_rate_and_nan() {
        let mut ds = ds_with("mm", vec![1.0, f32::NAN, 2.0]);
        accumulate_precip(&mut ds, "p", None).unwrap();
        assert_eq!(
            ds.view::<f32>("p_accumulated")
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![1.0, 1.0, 3.0]
        );
        // 6 mm/hr for one minute is 0.1 mm.
        let mut ds = ds_with("mm/hr", vec![6.0, 6.0]);
        accumulate_precip(&mut ds, "p", None).unwrap();
        let v = ds.view::<f32>("p_accumulated").unwrap();
        assert!((v[[1]] - 0.2).abs() < 1e-6);
        // An inch gauge is 25.4 mm per inch (ACT would call it mm).
        let mut ds = ds_with("in", vec![1.0]);
        accumulate_precip(&mut ds, "p", None).unwrap();
        assert!((ds.view::<f32>("p_accumulated").unwrap()[[0]] - 25.4).abs() < 1e-5);
        let mut ds = ds_with("degC", vec![1.0]);
        assert!(accumulate_precip(&mut ds, "p", None).is_err());
        // One sample of a rate has no time step unless given.
        let mut ds = ds_with("mm/hr", vec![60.0]);
        assert!(accumulate_precip(&mut ds, "p", None).is_err());
        accumulate_precip(&mut ds, "p", Some(30.0)).unwrap();
        assert!((ds.view::<f32>("p_accumulated").unwrap()[[0]] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn weighted_sum_ignores_nan() {
        let a = ds_with("mm", vec![1.0, f32::NAN]);
        let b = ds_with("mm", vec![3.0, 4.0]);
        let r = ts_weighted_average(&[
            WeightedSeries {
                ds: &a,
                variable: "p",
                weight: 0.75,
            },
            WeightedSeries {
                ds: &b,
                variable: "p",
                weight: 0.25,
            },
        ])
        .unwrap();
        assert_eq!(r.to_f64().unwrap().into_raw_vec_and_offset().0, vec![1.5, 1.0]);
        assert!(ts_weighted_average(&[]).is_err());
    }
}

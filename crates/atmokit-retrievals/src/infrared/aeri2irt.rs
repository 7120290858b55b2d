//! AERI radiances to an IRT-equivalent brightness temperature (ACT `aeri2irt`).

use super::irt_band_radiance;
use super::planck::WnumUnits;
use super::response::IRT_RESPONSE;
use crate::roots::brentq;
use atmokit_core::{Dataset, Error, Result, Variable};

/// Options of [`aeri2irt`] (ACT's defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct Aeri2IrtOptions {
    /// Wavenumber variable (cm⁻¹), `wnum`.
    pub wnum_name: String,
    /// Radiance variable (time, wnum) in mW m⁻² sr⁻¹ (cm⁻¹)⁻¹, `mean_rad`.
    pub rad_name: String,
    /// Hatch flag variable (`hatchOpen`); samples whose flag is not the value meaning "open" are NaN.
    /// None skips the check.
    pub hatch_name: Option<String>,
    /// Brent tolerance (K), 0.1.
    pub tolerance: f64,
    /// Bracket (K), 150–320.
    pub temp_low: f64,
    /// Upper bracket (K).
    pub temp_high: f64,
    /// Iteration limit, 200.
    pub maxiter: usize,
}

impl Default for Aeri2IrtOptions {
    fn default() -> Self {
        Aeri2IrtOptions {
            wnum_name: "wnum".into(),
            rad_name: "mean_rad".into(),
            hatch_name: Some("hatchOpen".into()),
            tolerance: 0.1,
            temp_low: 150.0,
            temp_high: 320.0,
            maxiter: 200,
        }
    }
}

/// The flag value whose meaning is "open" (case-insensitive) from `flag_values`/`flag_meanings`
/// (numbers or a space-separated string, as ARM writes them).
fn open_value(ds: &Dataset, name: &str) -> Result<f64> {
    let v = ds.get(name)?;
    let meanings = v
        .attrs()
        .get("flag_meanings")
        .and_then(|a| a.as_strings())
        .ok_or_else(|| Error::MissingAttribute {
            var: name.into(),
            attr: "flag_meanings".into(),
        })?;
    let meanings: Vec<String> = meanings
        .iter()
        .flat_map(|m| m.split_whitespace().map(str::to_lowercase))
        .collect();
    let fv = v.attrs().get("flag_values").ok_or_else(|| Error::MissingAttribute {
        var: name.into(),
        attr: "flag_values".into(),
    })?;
    let values: Vec<f64> = match fv.as_f64_vec() {
        Some(x) => x,
        None => fv
            .as_strings()
            .unwrap_or_default()
            .iter()
            .flat_map(|s| s.split_whitespace().map(|t| t.parse::<f64>()).collect::<Vec<_>>())
            .collect::<std::result::Result<Vec<f64>, _>>()
            .map_err(|e| Error::InvalidAttribute {
                var: name.into(),
                attr: "flag_values".into(),
                reason: e.to_string(),
            })?,
    };
    let k = meanings
        .iter()
        .position(|m| m == "open")
        .ok_or_else(|| Error::InvalidAttribute {
            var: name.into(),
            attr: "flag_meanings".into(),
            reason: "no meaning 'open'".into(),
        })?;
    values.get(k).copied().ok_or_else(|| Error::InvalidAttribute {
        var: name.into(),
        attr: "flag_values".into(),
        reason: "fewer values than meanings".into(),
    })
}

/// IRT-equivalent brightness temperature (K) from AERI spectra.
///
/// AERI channels within 0.001 cm⁻¹ of the IRT response wavenumbers are weighted by the response
/// and summed (`L = Σ rad·rf`, NaN ignored); `T` solves `Σ B(ν, T)·rf = L` by Brent's method on
/// `[temp_low, temp_high]` with `tolerance` (as ACT, so results agree with ACT to its ~0.1 K
/// tolerance and usually much better). NaN where the hatch is not open or no root is bracketed.
/// Returns a new Dataset with `aeri_irt_equiv_temperature` (time, K).
///
/// Reference: ACT `act.retrievals.aeri.aeri2irt`; Planck's law ([`super::planck`]).
pub fn aeri2irt(ds: &Dataset, o: &Aeri2IrtOptions) -> Result<Dataset> {
    let wvar = ds.get(&o.wnum_name)?;
    let wnum = ds.values_f64(&o.wnum_name)?;
    let rvar = ds.get(&o.rad_name)?;
    let rad = ds.array_f64(&o.rad_name)?;
    if rad.ndim() != 2 || rvar.dims()[1] != wvar.dims().first().cloned().unwrap_or_default() {
        return Err(Error::data(
            &o.rad_name,
            format!("must be (time, {}), has dims {:?}", o.wnum_name, rvar.dims()),
        ));
    }
    let rad = rad
        .into_dimensionality::<ndarray::Ix2>()
        .map_err(|e| Error::invalid(e.to_string()))?;
    // channel ↔ response index pairs
    let pairs: Vec<(usize, f32)> = wnum
        .iter()
        .enumerate()
        .filter_map(|(i, &w)| {
            let (k, d) = IRT_RESPONSE
                .iter()
                .enumerate()
                .map(|(k, r)| (k, (w - r.0 as f64).abs()))
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            (d <= 0.001 + 1e-5 * (IRT_RESPONSE[k].0 as f64).abs()).then_some((i, IRT_RESPONSE[k].1))
        })
        .collect();
    if pairs.is_empty() {
        return Err(Error::data(
            &o.wnum_name,
            "aeri2irt: no wavenumber matches the IRT response (847–1064 cm⁻¹)",
        ));
    }
    let open = match &o.hatch_name {
        Some(h) => {
            let val = open_value(ds, h)?;
            let flags = ds.values_f64(h)?;
            if flags.len() != rad.nrows() {
                return Err(Error::invalid(format!(
                    "'{h}' length {} differs from '{}' times {}",
                    flags.len(),
                    o.rad_name,
                    rad.nrows()
                )));
            }
            Some(flags.into_iter().map(|f| f == val).collect::<Vec<bool>>())
        }
        None => None,
    };
    let f32_rad = rvar.dtype() == atmokit_core::DType::F32;
    let out: Vec<f64> = (0..rad.nrows())
        .map(|t| {
            if open.as_ref().is_some_and(|o| !o[t]) {
                return f64::NAN;
            }
            // ACT multiplies and sums in the radiance dtype
            let mut l = 0.0;
            for &(i, rf) in &pairs {
                let v = if f32_rad {
                    (rad[[t, i]] as f32 * rf) as f64
                } else {
                    rad[[t, i]] * rf as f64
                };
                if !v.is_nan() {
                    l += v;
                }
            }
            brentq(
                |x| irt_band_radiance(x, WnumUnits::PerCm) - l,
                o.temp_low,
                o.temp_high,
                o.tolerance,
                o.maxiter,
            )
            .unwrap_or(f64::NAN)
        })
        .collect();
    let tdim = rvar.dims()[0].clone();
    let mut res = Dataset::new();
    res.insert(
        "aeri_irt_equiv_temperature",
        Variable::new([tdim], out)?
            .with_attr("long_name", "Derived IRT equivalent temperatures from AERI")
            .with_attr("units", "K"),
    )?;
    Ok(res)
}

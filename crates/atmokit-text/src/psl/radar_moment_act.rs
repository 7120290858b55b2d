//! The PSL radar moment dataset labelled as ACT 2.3.4's `read_psl_radar_fmcw_moment` /
//! `read_psl_radar_sband_moment` return it ([`super::radar_moment::RadarMomentOptions::act_compat`]):
//!
//! * every header value is the token as written (`lat` "3894", `hour` "06"), so `lat`/`lon` stay
//!   × 100 and `freq` is the raw GHz × 10⁵ value, labelled Hz;
//! * header line 2 is read as azimuth, elevation, beam direction code (PSL documents beam
//!   index, azimuth, elevation);
//! * `interpulse_period` is labelled "ms", `n_coherent_integration` "Number of cohrent
//!   integration", and `reflectivity_uncalibrated` has the long name "Range" and is
//!   snr − 20·log10(1/r²) at every range (−inf at range 0).

use atmokit_core::{Dataset, Result, Variable};

/// ACT's header variables on `file`: name, long name, units (None: no units attr).
const ON_FILE: [(&str, &str, Option<&str>); 5] = [
    ("site", "NOAA site code", None),
    ("lat", "North Latitude", Some("degree_N")),
    ("lon", "East Longitude", Some("degree_E")),
    ("alt", "Altitude above mean sea level", Some("m")),
    ("freq", "Operating Frequency; Ignore for FMCW", Some("Hz")),
];

/// ACT's header variables on `time`, in the order of the tokens of header lines 2 and 3.
const ON_TIME: [(&str, &str, &str); 17] = [
    ("azimuth", "Azimuth angle", "deg"),
    ("elevation", "Elevation angle", "deg"),
    ("beam_direction_code", "Beam direction code", ""),
    ("year", "2-digit year", ""),
    ("day_of_year", "Day of the year", ""),
    ("hour", "Hour of the day", ""),
    ("minute", "Minutes", ""),
    ("second", "Seconds", ""),
    ("interpulse_period", "Interpulse Period", "ms"),
    ("pulse_width", "Pulse width", "ns"),
    ("first_range_gate", "Range to first range gate", "m"),
    ("range_between_gates", "Distance between range gates", "m"),
    ("n_gates", "Number of range gates", "count"),
    ("n_coherent_integration", "Number of cohrent integration", "count"),
    ("n_averaged_spectra", "Number of average spectra", "count"),
    ("n_points_spectrum", "Number of points in spectra", "count"),
    ("n_code_bits", "Number of code bits", "count"),
];

/// Relabel `ds` (read by the moment reader) from the header tokens of each file (`sites`, 5
/// each) and each dwell (`dwells`, 17 each).
pub(crate) fn relabel(ds: &mut Dataset, sites: &[Vec<String>], dwells: &[Vec<String>]) -> Result<()> {
    for (k, (name, long, units)) in ON_FILE.iter().enumerate() {
        let vals: Vec<String> = sites.iter().map(|r| r.get(k).cloned().unwrap_or_default()).collect();
        let mut v = Variable::new(["file"], vals)?.with_attr("long_name", *long);
        if let Some(u) = units {
            v = v.with_attr("units", *u);
        }
        ds.insert(name, v)?;
    }
    for (k, (name, long, units)) in ON_TIME.iter().enumerate() {
        let vals: Vec<String> = dwells.iter().map(|r| r.get(k).cloned().unwrap_or_default()).collect();
        ds.insert(
            name,
            Variable::new(["time"], vals)?
                .with_attr("long_name", *long)
                .with_attr("units", *units),
        )?;
    }
    let range = ds.values_f64("range")?;
    let snr = ds.values_f64("snr")?;
    let n_r = range.len().max(1);
    let refl: Vec<f64> = snr
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let r_km = range[j % n_r] / 1000.0;
            s - 20.0 * (1.0 / (r_km * r_km)).log10()
        })
        .collect();
    let shape = ds.get("snr")?.shape().to_vec();
    let refl = ndarray::ArrayD::from_shape_vec(shape, refl)
        .map_err(|e| atmokit_core::Error::invalid(format!("reflectivity_uncalibrated: {e}")))?;
    ds.insert(
        "reflectivity_uncalibrated",
        Variable::new(["time", "range"], refl)?
            .with_attr("long_name", "Range")
            .with_attr("units", "dB"),
    )?;
    Ok(())
}

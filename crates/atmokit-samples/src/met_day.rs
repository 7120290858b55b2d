//! An ARM-like surface meteorology day (`atkmetS1.b1`): 1-minute data with a diurnal cycle,
//! a data gap, missing values and ARM's on-disk QC (`qc_*` int32 variables whose bit meanings are
//! global `qc_bit_N_description` / `qc_bit_N_assessment` attributes).

use crate::rng::SplitMix64;
use atmokit_core::time::{NS_PER_S, parse_datetime};
use atmokit_core::{AttrValue, Dataset, Encoding, Result, Variable};
use std::f64::consts::PI;

/// ARM's missing value.
pub const MISSING: f32 = -9999.0;

/// The date of day `day` (0-based) of the sample series, as `YYYYMMDD`.
pub fn date_of(day: u32) -> String {
    format!("202506{:02}", 19 + day)
}

/// File name of day `day`: `atkmetS1.b1.<date>.000000.cdf`.
pub fn file_name(day: u32) -> String {
    format!("atkmetS1.b1.{}.000000.cdf", date_of(day))
}

struct Spec {
    name: &'static str,
    long_name: &'static str,
    units: &'static str,
    valid: Option<(f32, f32, f32)>,
}

const VARS: [Spec; 7] = [
    Spec {
        name: "atmos_pressure",
        long_name: "Atmospheric pressure",
        units: "kPa",
        valid: Some((80.0, 110.0, 1.0)),
    },
    Spec {
        name: "temp_mean",
        long_name: "Temperature mean",
        units: "degC",
        valid: Some((-40.0, 50.0, 20.0)),
    },
    Spec {
        name: "rh_mean",
        long_name: "Relative humidity mean",
        units: "%",
        valid: Some((-2.0, 104.0, 30.0)),
    },
    Spec {
        name: "wspd_vec_mean",
        long_name: "Wind speed vector mean",
        units: "m/s",
        valid: Some((0.0, 60.0, 20.0)),
    },
    Spec {
        name: "wdir_vec_mean",
        long_name: "Wind direction vector mean",
        units: "degree",
        valid: Some((0.0, 360.0, 0.0)),
    },
    Spec {
        name: "tbrg_precip_total",
        long_name: "TBRG precipitation total",
        units: "mm",
        valid: Some((0.0, 10.0, 0.0)),
    },
    Spec {
        name: "logger_temp",
        long_name: "Logger temperature",
        units: "degC",
        valid: None,
    },
];

/// One day of the sample met series (`day` 0, 1, 2 … continue the same weather).
///
/// The physics is simple but realistic in shape: temperature peaks at 15 LT (UTC−6) with a 12 K
/// range and a day-to-day trend; relative humidity follows from a slowly varying dew point;
/// pressure has a semidiurnal tide; wind speed is Weibull-like; a shower falls in the afternoon
/// of day 1. Between 13:00 and 13:19 UTC there are no records (a logger gap), and a few values
/// are -9999 with QC bit 1 set; values outside `valid_min`/`valid_max` get bits 2/3.
pub fn met_day(day: u32) -> Result<Dataset> {
    let mut rng = SplitMix64::new(0xA7E0_0000 + u64::from(day));
    let date = date_of(day);
    let t0 = parse_datetime(&format!("{}-{}-{} 00:00:00", &date[..4], &date[4..6], &date[6..]))?;
    let minutes: Vec<i64> = (0..1440).filter(|m| !(780..800).contains(m)).collect();
    let n = minutes.len();
    let secs: Vec<f64> = minutes.iter().map(|&m| (m * 60) as f64).collect();

    let mut ds = Dataset::new();
    let units = format!(
        "seconds since {}-{}-{} 00:00:00 0:00",
        &date[..4],
        &date[4..6],
        &date[6..]
    );
    let base = Variable::scalar((t0 / NS_PER_S) as i32)
        .with_attr(
            "string",
            format!("{}-{}-{} 00:00:00 0:00", &date[..4], &date[4..6], &date[6..]).as_str(),
        )
        .with_attr("long_name", "Base time in Epoch")
        .with_attr("units", "seconds since 1970-1-1 0:00:00 0:00")
        .with_attr("ancillary_variables", "time_offset");
    ds.insert("base_time", base)?;
    ds.insert(
        "time_offset",
        Variable::new(["time"], secs.clone())?
            .with_attr("long_name", "Time offset from base_time")
            .with_attr("units", units.as_str())
            .with_attr("ancillary_variables", "base_time"),
    )?;
    ds.insert(
        "time",
        Variable::new(["time"], secs)?
            .with_attr("long_name", "Time offset from midnight")
            .with_attr("units", units.as_str())
            .with_attr("standard_name", "time"),
    )?;

    let d = f64::from(day);
    let mut dew = 8.0 + 1.5 * d;
    let mut dir = 180.0 + 20.0 * d;
    let mut rain = vec![0f32; n];
    let mut series: Vec<Vec<f32>> = vec![Vec::with_capacity(n); VARS.len()];
    for (i, &m) in minutes.iter().enumerate() {
        let h = m as f64 / 60.0;
        // Local solar time at ~97.5 W is UTC − 6.5 h.
        let lt = (h - 6.5).rem_euclid(24.0);
        let temp = 24.0 + 1.2 * d + 6.0 * (2.0 * PI * (lt - 9.0) / 24.0).sin() + 0.15 * rng.normal();
        dew += 0.02 * rng.normal();
        let es = |t: f64| 0.6112 * (17.67 * t / (t + 243.5)).exp();
        let rh = (100.0 * es(dew.min(temp)) / es(temp)).min(100.0);
        let p = 97.2 - 0.15 * d + 0.12 * (4.0 * PI * h / 24.0).cos() + 0.005 * rng.normal();
        let wspd = (2.5 + 2.0 * (2.0 * PI * (lt - 10.0) / 24.0).sin().max(0.0) + 1.2 * rng.normal().abs()).max(0.0);
        dir = (dir + 3.0 * rng.normal()).rem_euclid(360.0);
        if day == 1 && (900..960).contains(&m) {
            rain[i] = (0.254 * ((m - 900) % 3 == 0) as i32 as f64) as f32;
        }
        let logger = temp + 8.0 + 0.1 * rng.normal();
        for (k, v) in [p, temp, rh, wspd, dir, f64::from(rain[i]), logger]
            .into_iter()
            .enumerate()
        {
            series[k].push((v * 1000.0).round() as f32 / 1000.0);
        }
    }
    // Missing values (ARM -9999) and a few out-of-range spikes, at fixed places.
    for (k, idx) in [(1usize, 100usize), (1, 101), (2, 500), (3, 1200), (0, 700)] {
        series[k][idx] = MISSING;
    }
    series[1][300] = 55.5; // above valid_max
    series[2][900] = -3.0; // below valid_min

    for (k, spec) in VARS.iter().enumerate() {
        let vals = &series[k];
        let mut v = Variable::new(["time"], vals.clone())?
            .with_attr("long_name", spec.long_name)
            .with_attr("units", spec.units)
            .with_attr("missing_value", MISSING);
        let mut qc: Vec<i32> = vec![0; n];
        if let Some((lo, hi, delta)) = spec.valid {
            v = v.with_attr("valid_min", lo).with_attr("valid_max", hi);
            if delta > 0.0 {
                v = v.with_attr("valid_delta", delta);
            }
            for i in 0..n {
                let x = vals[i];
                if x == MISSING {
                    qc[i] |= 1;
                } else if x < lo {
                    qc[i] |= 2;
                } else if x > hi {
                    qc[i] |= 4;
                }
                if delta > 0.0 && i > 0 && x != MISSING && vals[i - 1] != MISSING && (x - vals[i - 1]).abs() > delta {
                    qc[i] |= 8;
                }
            }
            v = v.with_attr("ancillary_variables", format!("qc_{}", spec.name).as_str());
        }
        *v.encoding_mut() = Encoding::default();
        ds.insert(spec.name, v)?;
        if spec.valid.is_some() {
            let q = Variable::new(["time"], qc)?
                .with_attr(
                    "long_name",
                    format!("Quality check results on field: {}", spec.long_name).as_str(),
                )
                .with_attr("units", "unitless")
                .with_attr("description", "See global attributes for individual bit descriptions.");
            ds.insert(&format!("qc_{}", spec.name), q)?;
        }
    }
    ds.insert(
        "lat",
        Variable::scalar(36.605f32)
            .with_attr("long_name", "North latitude")
            .with_attr("units", "degree_N"),
    )?;
    ds.insert(
        "lon",
        Variable::scalar(-97.485f32)
            .with_attr("long_name", "East longitude")
            .with_attr("units", "degree_E"),
    )?;
    ds.insert(
        "alt",
        Variable::scalar(318.0f32)
            .with_attr("long_name", "Altitude above mean sea level")
            .with_attr("units", "m"),
    )?;
    ds.set_unlimited("time", true);

    let g = ds.attrs_mut();
    let mut put = |k: &str, v: AttrValue| {
        g.insert(k.to_string(), v);
    };
    put("command_line", "atmokit-samples".into());
    put("Conventions", "ARM-1.3".into());
    put("process_version", "atmokit-samples 1".into());
    put("dod_version", "met-b1-7.5".into());
    put(
        "input_source",
        "synthetic: generated by atmokit-samples (not real data)".into(),
    );
    put("site_id", "atk".into());
    put("platform_id", "met".into());
    put("facility_id", "S1".into());
    put("data_level", "b1".into());
    put(
        "location_description",
        "atmokit synthetic site (an ARM-like example, not a real site)".into(),
    );
    put("datastream", "atkmetS1.b1".into());
    put("sampling_interval", "1 minute".into());
    put("qc_standards_version", "1.0".into());
    put("qc_method", "Standard Mentor QC".into());
    put("qc_comment", "The QC field values are a bit packed representation of true/false values for the tests that may have been performed. A QC value of zero means that none of the tests performed on the value failed.".into());
    for (bit, desc, assess) in [
        (1, "Value is equal to missing_value.", "Bad"),
        (2, "Value is less than the valid_min.", "Bad"),
        (3, "Value is greater than the valid_max.", "Bad"),
        (
            4,
            "Difference between current and previous values exceeds valid_delta.",
            "Indeterminate",
        ),
    ] {
        put(&format!("qc_bit_{bit}_description"), desc.into());
        put(&format!("qc_bit_{bit}_assessment"), assess.into());
    }
    put(
        "history",
        "created by atmokit-samples (deterministic synthetic data)".into(),
    );
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_gap_and_qc() {
        let ds = met_day(0).unwrap();
        assert_eq!(ds.dim_len("time"), Some(1420), "20-minute gap");
        let qc = ds.view::<i32>("qc_temp_mean").unwrap();
        let t = ds.view::<f32>("temp_mean").unwrap();
        assert_eq!(t[[100]], MISSING);
        assert_eq!(qc[[100]] & 1, 1);
        assert_eq!(qc[[300]] & 4, 4, "55.5 degC is above valid_max");
        // Diurnal cycle: afternoon (21 UTC) warmer than dawn (12 UTC).
        assert!(t[[1200]] > t[[700]] + 5.0, "{} vs {}", t[[1200]], t[[700]]);
        // Same seed, same data; another day differs.
        assert!(met_day(0).unwrap().identical(&ds));
        assert!(!met_day(1).unwrap().identical(&ds));
    }
}

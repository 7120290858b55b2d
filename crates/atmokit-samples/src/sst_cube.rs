//! A small gridded sea-surface-temperature sample for feature tracking (`atmokit track`).
//!
//! `sst_cube.nc`: 60 monthly steps (2000-01-15 … 2004-12-15) on a global 2° grid (90 latitudes
//! −89…89, 180 longitudes −179…179, so the 180° meridian is the grid's seam), variable `sst`
//! (float32, degC, NaN on land) and `mask` (int8, 1 = ocean). Clearly synthetic:
//!
//! - climatology `28 − 26·sin²φ` (≥ −1.8 °C), a seasonal cycle of amplitude `3·|sin φ|` opposite
//!   in the two hemispheres, a trend of 0.02 K/yr;
//! - weather: deterministic white noise (σ = 0.15 K) plus three travelling large-scale waves;
//! - five marine heatwaves (Gaussian bumps of +2.5 K, σ ≈ 8°) built to exercise the tracker:
//!   one crossing the dateline (months 10–16), two merging (months 24–32), one splitting
//!   (months 40–48), one tiny and brief (month 30, σ = 2°, under a size cut) and one that
//!   vanishes and returns at the same place (months 6–9 and 18–21);
//! - land: four elliptical continents, Antarctica south of 70°S and the sea-ice-covered Arctic
//!   north of 70°N (both masked, as SST products mask sea ice).

use atmokit_core::{Dataset, Encoding, Result, Variable};
use ndarray::{Array2, Array3};

/// Number of monthly steps.
pub const NT: usize = 60;
/// Number of latitudes.
pub const NY: usize = 90;
/// Number of longitudes.
pub const NX: usize = 180;

/// Sample file name in `data/`.
pub const FILE_NAME: &str = "sst_cube.nc";

/// SplitMix64 step (Steele, Lea & Flood 2014), local so the module stands alone.
fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Great-circle-ish distance in degrees for small bumps: longitude difference wrapped to ±180
/// and scaled by cos(latitude).
fn dist_deg(lat: f64, lon: f64, lat0: f64, lon0: f64) -> f64 {
    let dlon = (lon - lon0 + 540.0).rem_euclid(360.0) - 180.0;
    let dx = dlon * lat0.to_radians().cos();
    (dx * dx + (lat - lat0) * (lat - lat0)).sqrt()
}

/// A heatwave bump: centre at month `m` (None when inactive) and width in degrees.
struct Bump {
    months: std::ops::RangeInclusive<usize>,
    centre: fn(f64) -> (f64, f64),
    sigma: f64,
}

fn bumps() -> Vec<Bump> {
    vec![
        // Crossing the dateline, drifting east 2°/month.
        Bump {
            months: 10..=16,
            centre: |m| (10.0, 174.0 + 2.0 * (m - 10.0)),
            sigma: 8.0,
        },
        // Two that approach each other and merge around month 28.
        Bump {
            months: 24..=32,
            centre: |m| (-30.0, -150.0 + 3.0 * (m - 24.0)),
            sigma: 6.0,
        },
        Bump {
            months: 24..=32,
            centre: |m| (-30.0, -100.0 - 3.0 * (m - 24.0)),
            sigma: 6.0,
        },
        // One that splits after month 44: two halves moving apart in latitude, 12° a month.
        Bump {
            months: 40..=48,
            centre: |m| (35.0 + 6.0 * (m - 44.0).max(0.0), -40.0),
            sigma: 6.0,
        },
        Bump {
            months: 40..=48,
            centre: |m| (35.0 - 6.0 * (m - 44.0).max(0.0), -40.0),
            sigma: 6.0,
        },
        // Tiny and brief.
        Bump {
            months: 30..=30,
            centre: |_| (-10.0, 70.0),
            sigma: 2.0,
        },
        // Vanishes and returns.
        Bump {
            months: 6..=9,
            centre: |_| (-45.0, 20.0),
            sigma: 7.0,
        },
        Bump {
            months: 18..=21,
            centre: |_| (-45.0, 20.0),
            sigma: 7.0,
        },
    ]
}

fn is_land(lat: f64, lon: f64) -> bool {
    let ellipse = |lat0: f64, lon0: f64, rlat: f64, rlon: f64| {
        let dlon = (lon - lon0 + 540.0).rem_euclid(360.0) - 180.0;
        (dlon / rlon).powi(2) + ((lat - lat0) / rlat).powi(2) <= 1.0
    };
    lat.abs() > 70.0
        || ellipse(45.0, -100.0, 20.0, 30.0)
        || ellipse(10.0, 20.0, 30.0, 18.0)
        || ellipse(-25.0, 135.0, 12.0, 18.0)
        || ellipse(50.0, 90.0, 18.0, 45.0)
}

/// The sample dataset (deterministic: identical on every run and machine).
pub fn sst_cube() -> Result<Dataset> {
    let lat: Vec<f64> = (0..NY).map(|i| -89.0 + 2.0 * i as f64).collect();
    let lon: Vec<f64> = (0..NX).map(|i| -179.0 + 2.0 * i as f64).collect();
    // Mid-month times: days since 2000-01-01 of the 15th of each month.
    let mut days = Vec::with_capacity(NT);
    for m in 0..NT {
        let (y, mo) = (2000 + (m / 12) as i32, (m % 12) as u32 + 1);
        let d = chrono_days(y, mo, 15);
        days.push(d);
    }
    // 2000-01-01 is day 10 957 since 1970-01-01.
    let ns: Vec<i64> = days.iter().map(|d| (d + 10_957) * 86_400 * 1_000_000_000).collect();
    let mut mask = Array2::<i8>::zeros((NY, NX));
    for (y, la) in lat.iter().enumerate() {
        for (x, lo) in lon.iter().enumerate() {
            mask[[y, x]] = i8::from(!is_land(*la, *lo));
        }
    }
    let bumps = bumps();
    let mut rng = 0x5_57C0_BE00_u64;
    let mut sst = Array3::<f32>::zeros((NT, NY, NX));
    for t in 0..NT {
        let years = (days[t] - days[0]) as f64 / 365.2425;
        let phase = 2.0 * std::f64::consts::PI * ((t % 12) as f64 - 1.5) / 12.0;
        for (y, la) in lat.iter().enumerate() {
            let s = la.to_radians().sin();
            let base = (28.0 - 26.0 * s * s).max(-1.8);
            let seas = -3.0 * s * phase.cos();
            for (x, lo) in lon.iter().enumerate() {
                let noise = (splitmix(&mut rng) - 0.5) * 0.52; // uniform, σ = 0.15
                if mask[[y, x]] == 0 {
                    sst[[t, y, x]] = f32::NAN;
                    continue;
                }
                let waves = 0.2 * ((lo.to_radians() * 3.0 + 0.7 * t as f64).sin() * la.to_radians().cos())
                    + 0.15 * ((lo.to_radians() * 5.0 - 0.4 * t as f64 + 1.0).sin())
                    + 0.1 * ((la.to_radians() * 4.0 + 0.3 * t as f64).cos());
                let mut hw = 0.0;
                for b in &bumps {
                    if b.months.contains(&t) {
                        let (la0, lo0) = (b.centre)(t as f64);
                        let d = dist_deg(*la, *lo, la0, lo0);
                        hw += 2.5 * (-0.5 * (d / b.sigma).powi(2)).exp();
                    }
                }
                sst[[t, y, x]] = (base + seas + 0.02 * years + waves + noise + hw) as f32;
            }
        }
    }
    let mut ds = Dataset::new();
    let enc = Encoding {
        units: Some("days since 2000-01-01 00:00:00".into()),
        calendar: Some("standard".into()),
        ..Default::default()
    };
    ds.insert(
        "time",
        Variable::time("time", ns)
            .with_attr("standard_name", "time")
            .with_encoding(enc),
    )?;
    ds.insert(
        "lat",
        Variable::new(["lat"], lat)?
            .with_attr("units", "degrees_north")
            .with_attr("standard_name", "latitude"),
    )?;
    ds.insert(
        "lon",
        Variable::new(["lon"], lon)?
            .with_attr("units", "degrees_east")
            .with_attr("standard_name", "longitude"),
    )?;
    ds.insert(
        "sst",
        Variable::new(["time", "lat", "lon"], sst.into_dyn())?
            .with_attr(
                "long_name",
                "Sea surface temperature (synthetic, with five marine heatwaves)",
            )
            .with_attr("units", "degC")
            .with_attr("standard_name", "sea_surface_temperature")
            // Stored packed (0.02 K steps in int16, well below the 0.15 K noise) and deflated, so the file stays under 2 MB.
            .with_encoding(Encoding {
                dtype: Some(atmokit_core::DType::I16),
                scale_factor: Some(0.02f32.into()),
                add_offset: Some(0.0f32.into()),
                fill_value: Some((-32768i16).into()),
                deflate_level: Some(5),
                ..Default::default()
            }),
    )?;
    ds.insert(
        "mask",
        Variable::new(["lat", "lon"], mask.into_dyn())?
            .with_attr("long_name", "Ocean mask")
            .with_attr("flag_values", vec![0i8, 1])
            .with_attr("flag_meanings", "land ocean"),
    )?;
    ds.attrs_mut().insert(
        "title".into(),
        "atmokit synthetic gridded SST sample for feature tracking".into(),
    );
    ds.attrs_mut().insert(
        "source".into(),
        "atmokit-samples sst_cube (deterministic generator)".into(),
    );
    Ok(ds)
}

/// Days since 2000-01-01 of a date (proleptic Gregorian), without a date library.
fn chrono_days(y: i32, m: u32, d: u32) -> i64 {
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 - 10_957
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_shape() {
        assert_eq!(chrono_days(2000, 1, 1), 0);
        assert_eq!(chrono_days(2000, 3, 1), 60); // 2000 is a leap year
        assert_eq!(chrono_days(2004, 12, 15), 1810);
        let ds = sst_cube().unwrap();
        assert_eq!(ds.get("sst").unwrap().shape(), &[NT, NY, NX]);
        // First step 2000-01-15T00:00 = 946 684 800 s + 14 days.
        assert_eq!(ds.time().unwrap()[0], (946_684_800 + 14 * 86_400) * 1_000_000_000);
        let sst = ds.view::<f32>("sst").unwrap();
        let mask = ds.view::<i8>("mask").unwrap();
        // Land is NaN, ocean finite and within physical bounds.
        for ((t, y, x), v) in sst.indexed_iter().map(|(i, v)| ((i[0], i[1], i[2]), *v)) {
            let _ = t;
            if mask[[y, x]] == 0 {
                assert!(v.is_nan());
            } else {
                assert!(v.is_finite() && (-3.0..=35.0).contains(&v), "{v}");
            }
        }
    }
}

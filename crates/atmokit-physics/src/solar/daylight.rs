//! Day/night flags: `is_sun_visible`, twilight classes and ACT's `add_solar_variable`.

use super::events::SUNRISE_ELEVATION;
use super::position::for_each_position;
use atmokit_core::{AttrValue, Dataset, Error, Result, Variable};

/// Whether the Sun is up at each time — ACT `is_sun_visible(latitude, longitude, date_time)`.
///
/// Up means the geometric apparent elevation of the Sun's centre is ≥ −0.8333° (top limb on the
/// horizon under standard refraction; Skyfield `almanac.sunrise_sunset`). `NAT` gives `false`.
///
/// # Errors
/// An invalid site (latitude outside [−90, 90], non-finite longitude).
pub fn is_sun_visible(latitude: f64, longitude: f64, times_ns: &[i64]) -> Result<Vec<bool>> {
    let mut out = vec![false; times_ns.len()];
    for_each_position(times_ns, latitude, longitude, false, |i, e, _, _, _| {
        out[i] = e >= SUNRISE_ELEVATION
    })?;
    Ok(out)
}

/// Twilight class from a geometric solar elevation (degrees): 0 dark (< −18°), 1 astronomical
/// (−18 … −12), 2 nautical (−12 … −6), 3 civil (−6 … −0.8333), 4 Sun up — Skyfield
/// `almanac.dark_twilight_day`. NaN gives 0.
pub fn twilight_class(elevation: f64) -> u8 {
    [-18.0, -12.0, -6.0, SUNRISE_ELEVATION]
        .iter()
        .filter(|&&lim| elevation >= lim)
        .count() as u8
}

/// Twilight classes for each time — ACT `is_sun_visible(..., dawn_dusk=True)`; see [`twilight_class`].
///
/// # Errors
/// An invalid site.
pub fn dark_twilight_day(latitude: f64, longitude: f64, times_ns: &[i64]) -> Result<Vec<u8>> {
    let mut out = vec![0u8; times_ns.len()];
    for_each_position(times_ns, latitude, longitude, false, |i, e, _, _, _| {
        out[i] = twilight_class(e)
    })?;
    Ok(out)
}

/// Day/night indicator for each time: 0 night, 1 Sun up, and with `dawn_dusk` 2 dawn / 3 dusk
/// for twilight (Sun between −18° and −0.8333°) before / after local solar noon (topocentric hour
/// angle < 0 / ≥ 0).
///
/// **Differs from ACT** (`add_solar_variable(dawn_dusk=True)`), which labels as dawn everything
/// from the *last dark sample of the whole series* to the first sunlit one, and as dusk from the
/// last sunlit sample to the first dark one: that marks one dark sample as dawn, and with more
/// than one day (or a series starting in daylight) it mislabels whole days. Here each sample is
/// classified on its own, so a single-day series differs from ACT by that one sample
/// ([`sun_indicator_act`] reproduces ACT).
///
/// # Errors
/// An invalid site.
pub fn sun_indicator(latitude: f64, longitude: f64, times_ns: &[i64], dawn_dusk: bool) -> Result<Vec<i64>> {
    let mut out = vec![0i64; times_ns.len()];
    for_each_position(times_ns, latitude, longitude, dawn_dusk, |i, e, _, _, h| {
        out[i] = match (twilight_class(e), dawn_dusk) {
            (4, _) => 1,
            (0, _) | (_, false) => 0,
            _ if h < 0.0 => 2,
            _ => 3,
        };
    })?;
    Ok(out)
}

/// ACT 2.3.4's labels from twilight classes ([`dark_twilight_day`]): with no sunlit sample every
/// twilight sample is dusk (3); with no dark sample twilight is dawn (2); otherwise dawn runs
/// from the series' last dark sample to its first sunlit one and dusk from its last sunlit
/// sample to its first dark one (wrapping around the series' ends), sunlit samples are 1, and
/// twilight samples outside those two runs keep their class (1–3), as in ACT.
pub fn sun_indicator_act(classes: &[u8]) -> Vec<i64> {
    let mut r: Vec<i64> = classes.iter().map(|&c| i64::from(c)).collect();
    let n = r.len();
    let dark: Vec<usize> = (0..n).filter(|&i| classes[i] == 0).collect();
    let sun: Vec<usize> = (0..n).filter(|&i| classes[i] == 4).collect();
    let twilight = |i: usize| (1..4).contains(&classes[i]);
    let (Some(&first_sun), Some(&last_sun)) = (sun.first(), sun.last()) else {
        (0..n).filter(|&i| twilight(i)).for_each(|i| r[i] = 3);
        return r;
    };
    let (Some(&first_dark), Some(&last_dark)) = (dark.first(), dark.last()) else {
        (0..n).filter(|&i| twilight(i)).for_each(|i| r[i] = 2);
        sun.iter().for_each(|&i| r[i] = 1);
        return r;
    };
    // [from, to), wrapping past the end when `to` comes first.
    let mut set = |from: usize, to: usize, v: i64| {
        let idx: Vec<usize> = if from < to {
            (from..to).collect()
        } else {
            (from..n).chain(0..to).collect()
        };
        idx.into_iter().for_each(|i| r[i] = v);
    };
    set(last_dark, first_sun, 2);
    set(last_sun, first_dark, 3);
    sun.iter().for_each(|&i| r[i] = 1);
    r
}

/// Options of [`add_solar_variable_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SolarVariableOptions {
    /// Also label twilight: 2 dawn, 3 dusk (ACT's `dawn_dusk`).
    pub dawn_dusk: bool,
    /// With `dawn_dusk`, label as ACT 2.3.4 does ([`sun_indicator_act`]) instead of each sample
    /// on its own ([`sun_indicator`]). Default off.
    pub act_compat: bool,
}

/// First value of the first variable whose name contains `long` (else `short`), as ACT looks up
/// `latitude`/`lat` and `longitude`/`lon`.
fn site_coordinate(ds: &Dataset, long: &str, short: &str) -> Result<f64> {
    let name = ds
        .names()
        .find(|n| n.contains(long))
        .or_else(|| ds.names().find(|n| n.contains(short)))
        .ok_or_else(|| {
            Error::invalid(format!(
                "add_solar_variable: no '{long}' or '{short}' variable; pass it explicitly"
            ))
        })?;
    let var = ds.get(name)?;
    var.data()
        .iter_f64()
        .and_then(|mut it| it.find(|v| v.is_finite()))
        .ok_or_else(|| Error::data(name, "add_solar_variable: has no finite value"))
}

/// Adds `sun_variable(time)` (int64) to the dataset in place — ACT
/// `geo_utils.add_solar_variable(ds, latitude=None, longitude=None, dawn_dusk=False)`.
///
/// `latitude`/`longitude` in degrees; `None` takes the first value of the first variable whose
/// name contains "latitude" (else "lat") / "longitude" (else "lon"). Values as
/// [`sun_indicator`]; attributes `long_name` (ACT's text) and `units = " "`.
///
/// # Errors
/// No time variable, no usable latitude/longitude, or an invalid site.
pub fn add_solar_variable(
    ds: &mut Dataset,
    latitude: Option<f64>,
    longitude: Option<f64>,
    dawn_dusk: bool,
) -> Result<()> {
    let opts = SolarVariableOptions {
        dawn_dusk,
        act_compat: false,
    };
    add_solar_variable_with(ds, latitude, longitude, &opts)
}

/// [`add_solar_variable`] with options (ACT's labels: [`SolarVariableOptions::act_compat`]).
///
/// # Errors
/// As [`add_solar_variable`].
pub fn add_solar_variable_with(
    ds: &mut Dataset,
    latitude: Option<f64>,
    longitude: Option<f64>,
    opts: &SolarVariableOptions,
) -> Result<()> {
    let dawn_dusk = opts.dawn_dusk;
    let lat = match latitude {
        Some(v) => v,
        None => site_coordinate(ds, "latitude", "lat")?,
    };
    let lon = match longitude {
        Some(v) => v,
        None => site_coordinate(ds, "longitude", "lon")?,
    };
    let times = ds.time()?.to_vec();
    let flags = if dawn_dusk && opts.act_compat {
        sun_indicator_act(&dark_twilight_day(lat, lon, &times)?)
    } else {
        sun_indicator(lat, lon, &times, dawn_dusk)?
    };
    let mut long_name = String::from("Daylight indicator; 0-Night; 1-Sun");
    if dawn_dusk {
        long_name.push_str("; 2-Dawn; 3-Dusk; 4-Twilight");
    }
    let var = Variable::new(["time"], flags)?
        .with_attr("long_name", AttrValue::from(long_name.as_str()))
        .with_attr("units", " ");
    ds.insert("sun_variable", var)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T2019: i64 = 1_546_300_800_000_000_000;
    const H: i64 = 3_600_000_000_000;

    /// ACT's labelling worked by hand: dark at 3..=4, sun at 0, 1, 6 → dawn wraps from the last
    /// dark sample (4) past the end to the first sunlit one (0), dusk from the last sunlit (6)
    /// past the end to the first dark one (3); then sunlit samples are 1.
    #[test]
    fn act_labels_by_hand() {
        assert_eq!(sun_indicator_act(&[4, 4, 3, 0, 0, 1, 4]), [1, 1, 3, 0, 2, 2, 1]);
        assert_eq!(sun_indicator_act(&[0, 2, 0]), [0, 3, 0]);
        assert_eq!(sun_indicator_act(&[4, 2, 4]), [1, 2, 1]);
        // One day, dark at both ends: ACT's dawn starts at the *last* dark sample (5) and wraps
        // to the start, its dusk runs from the last sunlit sample to the end: both dark ends are
        // mislabelled. (Checked against ACT 2.3.4's branch logic run on these classes.)
        assert_eq!(sun_indicator_act(&[0, 1, 4, 4, 3, 0]), [2, 2, 1, 1, 3, 3]);
        assert!(sun_indicator_act(&[]).is_empty());
    }

    #[test]
    fn classes_at_limits() {
        assert_eq!(twilight_class(-18.0001), 0);
        assert_eq!(twilight_class(-18.0), 1);
        assert_eq!(twilight_class(-12.0), 2);
        assert_eq!(twilight_class(-6.0), 3);
        assert_eq!(twilight_class(-0.8333), 4);
        assert_eq!(twilight_class(f64::NAN), 0);
    }

    #[test]
    fn polar_day_and_night() {
        // 80°N: Sun up all day at the June solstice, down all day at the December solstice
        // (declination ±23.4° vs co-latitude 10°).
        let june: Vec<i64> = (0..24).map(|h| T2019 + 171 * 24 * H + h * H).collect();
        assert!(is_sun_visible(80.0, 0.0, &june).unwrap().iter().all(|&v| v));
        let dec: Vec<i64> = (0..24).map(|h| T2019 + 354 * 24 * H + h * H).collect();
        assert!(is_sun_visible(80.0, 0.0, &dec).unwrap().iter().all(|&v| !v));
        // At 80°N in December the Sun never rises above −13.4°: never civil twilight.
        assert!(dark_twilight_day(80.0, 0.0, &dec).unwrap().iter().all(|&c| c <= 2));
    }

    #[test]
    fn every_day_gets_its_own_dawn_and_dusk() {
        // Three days at 10-minute steps: each day has one dawn run before its sunlit run and one
        // dusk run after it (ACT labels by the first/last indices of the whole series instead).
        let t: Vec<i64> = (0..3 * 144).map(|k| T2019 + k * 600_000_000_000).collect();
        let v = sun_indicator(36.605, -97.485, &t, true).unwrap();
        let runs: Vec<i64> = v.iter().copied().fold(Vec::new(), |mut r, x| {
            if r.last() != Some(&x) {
                r.push(x);
            }
            r
        });
        // Starts at dusk (00 UTC = 18 CST), then night, dawn, day, dusk … for three days.
        assert_eq!(runs, vec![3, 0, 2, 1, 3, 0, 2, 1, 3, 0, 2, 1, 3]);
    }

    #[test]
    fn dataset_variable_and_missing_site() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", (0..24).map(|h| T2019 + h * H).collect()))
            .unwrap();
        assert!(add_solar_variable(&mut ds, None, None, false).is_err());
        ds.insert("lat", Variable::scalar(36.605f32)).unwrap();
        ds.insert("lon", Variable::scalar(-97.485f32)).unwrap();
        add_solar_variable(&mut ds, None, None, true).unwrap();
        let v = ds.view::<i64>("sun_variable").unwrap();
        // SGP, 1 January: 00 UTC is dusk (18 CST), 06 UTC night, 18 UTC day, 13 UTC dawn.
        assert_eq!((v[[0]], v[[6]], v[[18]], v[[13]]), (3, 0, 1, 2));
    }
}

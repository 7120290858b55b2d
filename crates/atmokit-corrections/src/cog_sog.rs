//! Course and speed over ground from positions (ACT `act.utils.ship_utils.calc_cog_sog`).

use atmokit_core::{Dataset, Error, NAT, Result, Variable};
use geographiclib_rs::{Geodesic, InverseGeodesic};

const NS_PER_S: i64 = 1_000_000_000;
const NS_PER_MIN: i64 = 60 * NS_PER_S;

/// Add `course_over_ground` (deg, [0, 360)) and `speed_over_ground` (m/s) to a navigation dataset,
/// **in place**, from its `lat`/`lon` (or `latitude`/`longitude`, degrees) on `time`.
///
/// As ACT does: the track is sampled on a 1-minute grid (from the first time floored to the minute
/// to the last, each grid time taking the nearest fix, ties to the later one); for each consecutive
/// pair of grid fixes the WGS84 geodesic inverse problem (Karney 2013, via `geographiclib-rs`, the
/// same algorithm as pyproj's `Geod.inv`) gives the forward azimuth and distance; `sog = dist / 60 s`,
/// `cog = azimuth mod 360`, and `cog = NaN` where `sog < 0.5 m/s` (the azimuth of a ship at rest
/// is noise). The last value is repeated for the last grid time. Each original time then takes the
/// value of the nearest grid minute (ties to the later one); times that are not whole seconds get
/// NaN, as ACT's 1-second resampling leaves them unmatched.
///
/// Errors when the dataset has no time or no latitude/longitude (ACT silently returns a resampled
/// copy without the new variables), or fewer than two distinct minutes of data.
pub fn calc_cog_sog(ds: &mut Dataset) -> Result<()> {
    let lat_name = ["lat", "latitude"]
        .into_iter()
        .find(|n| ds.contains(n))
        .ok_or_else(|| Error::not_found("lat (or latitude)"))?;
    let lon_name = ["lon", "longitude"]
        .into_iter()
        .find(|n| ds.contains(n))
        .ok_or_else(|| Error::not_found("lon (or longitude)"))?;
    let time: Vec<i64> = ds.time()?.to_vec();
    let lat = ds.values_f64(lat_name)?;
    let lon = ds.values_f64(lon_name)?;
    if lat.len() != time.len() || lon.len() != time.len() {
        return Err(Error::data(
            lat_name,
            format!("it and '{lon_name}' must be 1-D on 'time'"),
        ));
    }
    let valid: Vec<usize> = (0..time.len()).filter(|&i| time[i] != NAT).collect();
    if valid.windows(2).any(|w| time[w[1]] < time[w[0]]) {
        return Err(Error::data("time", "calc_cog_sog: must be sorted"));
    }
    let (Some(&first), Some(&last)) = (valid.first(), valid.last()) else {
        return Err(Error::data("time", "calc_cog_sog: has no valid values"));
    };
    let t0 = time[first].div_euclid(NS_PER_MIN) * NS_PER_MIN;
    let t1 = time[last].div_euclid(NS_PER_MIN) * NS_PER_MIN;
    let m = ((t1 - t0) / NS_PER_MIN) as usize + 1;
    if m < 2 {
        return Err(Error::data(
            "time",
            "calc_cog_sog: needs positions spanning at least two minutes",
        ));
    }
    let vt: Vec<i64> = valid.iter().map(|&i| time[i]).collect();
    // Nearest fix for each grid minute.
    let grid: Vec<(f64, f64)> = (0..m)
        .map(|k| {
            let t = t0 + k as i64 * NS_PER_MIN;
            let i = valid[nearest(&vt, t)];
            (lat[i], lon[i])
        })
        .collect();
    let geod = Geodesic::wgs84();
    let mut sog = Vec::with_capacity(m + 1);
    let mut cog = Vec::with_capacity(m + 1);
    for w in grid.windows(2) {
        let ((la1, lo1), (la2, lo2)) = (w[0], w[1]);
        let (dist, azi1, _azi2, _a12): (f64, f64, f64, f64) = geod.inverse(la1, lo1, la2, lo2);
        let s = dist / 60.0;
        let c = if azi1 < 0.0 { 360.0 + azi1 } else { azi1 };
        sog.push(s);
        cog.push(if s < 0.5 { f64::NAN } else { c });
    }
    // ACT appends the last value twice (one more minute than the grid) before resampling to 1 s.
    for _ in 0..2 {
        sog.push(sog[m - 2]);
        cog.push(cog[m - 2]);
    }
    let (mut out_cog, mut out_sog) = (Vec::with_capacity(time.len()), Vec::with_capacity(time.len()));
    for &t in &time {
        let end = t0 + m as i64 * NS_PER_MIN;
        if t == NAT || t.rem_euclid(NS_PER_S) != 0 || t < t0 || t > end {
            out_cog.push(f64::NAN);
            out_sog.push(f64::NAN);
            continue;
        }
        let off = t - t0;
        let mut k = (off / NS_PER_MIN) as usize;
        if off % NS_PER_MIN >= NS_PER_MIN / 2 {
            k += 1; // ties go to the later minute, as pandas' nearest reindexing does
        }
        out_cog.push(cog[k.min(m)]);
        out_sog.push(sog[k.min(m)]);
    }
    let cog_v = Variable::new(["time"], out_cog)?
        .with_attr("long_name", "Course over ground")
        .with_attr("units", "deg");
    let sog_v = Variable::new(["time"], out_sog)?
        .with_attr("long_name", "Speed over ground")
        .with_attr("units", "m/s");
    ds.insert("course_over_ground", cog_v)?;
    ds.insert("speed_over_ground", sog_v)?;
    Ok(())
}

/// Index of the sorted `ts` value nearest to `t` (ties to the later one).
fn nearest(ts: &[i64], t: i64) -> usize {
    let j = ts.partition_point(|&x| x < t);
    if j == 0 {
        return 0;
    }
    if j == ts.len() {
        return ts.len() - 1;
    }
    if t - ts[j - 1] < ts[j] - t { j - 1 } else { j }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav(lat: Vec<f64>, lon: Vec<f64>, minutes: Vec<i64>) -> Dataset {
        let mut d = Dataset::new();
        d.insert(
            "time",
            Variable::time("time", minutes.iter().map(|m| m * NS_PER_MIN).collect()),
        )
        .unwrap();
        d.insert("lat", Variable::new(["time"], lat).unwrap()).unwrap();
        d.insert("lon", Variable::new(["time"], lon).unwrap()).unwrap();
        d
    }

    #[test]
    fn due_north_on_the_equator() {
        // 0.01 deg of latitude at the equator on WGS84 = 1105.74 m (meridian arc, published
        // value 110574 m per degree at the equator), so sog = 18.43 m/s, course 0.
        let mut d = nav(vec![0.0, 0.01, 0.02], vec![0.0; 3], vec![0, 1, 2]);
        calc_cog_sog(&mut d).unwrap();
        let s = d.view::<f64>("speed_over_ground").unwrap();
        assert!((s[0] - 1105.74 / 60.0).abs() < 0.01, "{}", s[0]);
        assert_eq!(s[2], s[1]);
        let c = d.view::<f64>("course_over_ground").unwrap();
        assert!(c[0].abs() < 1e-9);
    }

    #[test]
    fn slow_ship_has_no_course_and_west_is_270() {
        let mut d = nav(vec![0.0, 0.0, 0.0], vec![0.0, -0.01, -0.0100001], vec![0, 1, 2]);
        calc_cog_sog(&mut d).unwrap();
        let c = d.view::<f64>("course_over_ground").unwrap();
        assert!((c[0] - 270.0).abs() < 1e-6);
        assert!(c[1].is_nan() && c[2].is_nan());
    }

    #[test]
    fn missing_position_is_an_error() {
        let mut d = nav(vec![0.0, 1.0], vec![0.0, 0.0], vec![0, 1]);
        d.remove("lon");
        assert!(calc_cog_sog(&mut d).unwrap_err().to_string().contains("lon"));
    }
}

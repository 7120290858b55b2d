//! Great-circle destination point (ACT `geo_utils.destination_azimuth_distance`).

use atmokit_core::{Error, Result};

/// Sphere radius ACT uses, in metres (6378.0 km).
pub const EARTH_RADIUS_M: f64 = 6_378_000.0;

/// Destination (latitude, longitude) in degrees after travelling `distance` along the great
/// circle starting at `(lat, lon)` (degrees) with initial azimuth `azimuth` (degrees clockwise
/// from north), on a sphere of radius 6378 km as ACT does.
///
/// `dist_units` is any length unit [`crate::units`] understands ("m", "km", "mile", …).
/// Formula (Sinnott / Williams' Aviation Formulary), with δ = distance / R and θ = azimuth:
/// φ₂ = asin(sin φ₁ cos δ + cos φ₁ sin δ cos θ),
/// λ₂ = λ₁ + atan2(sin θ sin δ cos φ₁, cos δ − sin φ₁ sin φ₂).
///
/// # Errors
/// Non-finite inputs, a latitude outside [−90, 90], or a units string that is not a length.
pub fn destination_azimuth_distance(
    lat: f64,
    lon: f64,
    azimuth: f64,
    distance: f64,
    dist_units: &str,
) -> Result<(f64, f64)> {
    if !(lat.is_finite() && lon.is_finite() && azimuth.is_finite() && distance.is_finite()) || lat.abs() > 90.0 {
        return Err(Error::parameter(
            "lat, lon, azimuth, distance",
            format!("{lat}, {lon}, {azimuth}, {distance}"),
            "destination_azimuth_distance: all finite, |lat| <= 90",
        ));
    }
    let metres = crate::units::convert_value(distance, dist_units, "m")?;
    let delta = metres / EARTH_RADIUS_M;
    let (phi1, lambda1, theta) = (lat.to_radians(), lon.to_radians(), azimuth.to_radians());
    let phi2 = (phi1.sin() * delta.cos() + phi1.cos() * delta.sin() * theta.cos())
        .clamp(-1.0, 1.0)
        .asin();
    let lambda2 = lambda1 + (theta.sin() * delta.sin() * phi1.cos()).atan2(delta.cos() - phi1.sin() * phi2.sin());
    Ok((phi2.to_degrees(), lambda2.to_degrees()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_north_adds_arc_length() {
        // 1000 m north is 1000 / 6 378 000 rad of latitude.
        let (la, lo) = destination_azimuth_distance(10.0, 20.0, 0.0, 1.0, "km").unwrap();
        assert!((la - (10.0 + (1000.0f64 / 6_378_000.0).to_degrees())).abs() < 1e-12);
        assert!((lo - 20.0).abs() < 1e-12);
        assert!(destination_azimuth_distance(10.0, 20.0, 0.0, 1.0, "s").is_err());
        assert!(destination_azimuth_distance(f64::NAN, 20.0, 0.0, 1.0, "m").is_err());
    }
}

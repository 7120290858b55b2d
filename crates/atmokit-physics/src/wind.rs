//! Wind vectors.

/// `(u, v)` in the units of `speed` from a speed and the meteorological direction the wind
/// comes from (degrees clockwise from north): `u = −speed·sin(d)`, `v = −speed·cos(d)`
/// (MetPy's `wind_components`; a wind from the west, 270°, blows towards +u).
///
/// ```
/// use atmokit_physics::wind::wind_components;
/// let (u, v) = wind_components(10.0, 270.0);
/// assert!((u - 10.0).abs() < 1e-12 && v.abs() < 1e-12);
/// let (u, v) = wind_components(5.0, 0.0);
/// assert!(u.abs() < 1e-12 && (v + 5.0).abs() < 1e-12);
/// ```
pub fn wind_components(speed: f64, direction_deg: f64) -> (f64, f64) {
    let d = direction_deg.to_radians();
    (-speed * d.sin(), -speed * d.cos())
}

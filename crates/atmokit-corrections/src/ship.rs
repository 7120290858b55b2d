//! Wind speed and direction corrected for ship motion (ACT
//! `act.corrections.ship.correct_wind_for_ship_motion`).

use atmokit_core::{DType, Dataset, Error, Result, Variable};

/// Variable names for [`correct_wind_for_ship_motion`]; `Default` gives ACT's.
#[derive(Clone, Debug, PartialEq)]
pub struct ShipNames {
    /// Relative (ship-frame) wind speed. ACT: `wind_speed`.
    pub wind_speed: String,
    /// Relative wind direction, degrees from the bow. ACT: `wind_direction`.
    pub wind_direction: String,
    /// Ship heading, degrees clockwise from north. ACT: `yaw`.
    pub heading: String,
    /// Course over ground, degrees. ACT: `course_over_ground` (see [`crate::calc_cog_sog`]).
    pub course_over_ground: String,
    /// Speed over ground, in the units of the wind speed. ACT: `speed_over_ground`.
    pub speed_over_ground: String,
}

impl Default for ShipNames {
    fn default() -> Self {
        ShipNames {
            wind_speed: "wind_speed".into(),
            wind_direction: "wind_direction".into(),
            heading: "yaw".into(),
            course_over_ground: "course_over_ground".into(),
            speed_over_ground: "speed_over_ground".into(),
        }
    }
}

/// Remove the ship's velocity from a ship-borne wind measurement, **in place** (adds variables).
///
/// Formula (NOAA Tech. Memo. PSD-311, Bradley & Fairall 2007, as coded in ACT), angles in degrees,
/// speeds in consistent units (m/s for ARM data):
/// `relsn = rels·cos(head + reld)`, `relse = rels·sin(head + reld)`, `sogn = sog·cos(cog)`,
/// `soge = sog·sin(cog)`, `un = relsn − sogn`, `ue = relse − soge`;
/// corrected direction `(atan2(ue, un)·180/π + 360) mod 360`, speed `√(un² + ue²)`.
///
/// Writes `<wind_speed>_corrected` and `<wind_direction>_corrected` (float64, on the wind speed's
/// dims) with the input attrs and long_names "Wind speed corrected to ship motion" / "Wind direction
/// corrected to ship motion". NaN in any input gives NaN (e.g. outside the navigation period after
/// an outer merge). When speed, direction and heading are float32 the ship-frame components are
/// computed in float32, as numpy does in ACT.
pub fn correct_wind_for_ship_motion(ds: &mut Dataset, names: &ShipNames) -> Result<()> {
    let n = names;
    let rels = ds.values_f64(&n.wind_speed)?;
    let reld = ds.values_f64(&n.wind_direction)?;
    let head = ds.values_f64(&n.heading)?;
    let cog = ds.values_f64(&n.course_over_ground)?;
    let sog = ds.values_f64(&n.speed_over_ground)?;
    let len = rels.len();
    for (name, v) in [
        (&n.wind_direction, &reld),
        (&n.heading, &head),
        (&n.course_over_ground, &cog),
        (&n.speed_over_ground, &sog),
    ] {
        if v.len() != len {
            return Err(Error::data(
                name.as_str(),
                format!("has {} values, '{}' has {len}", v.len(), n.wind_speed),
            ));
        }
    }
    let f32_math = [&n.wind_speed, &n.wind_direction, &n.heading]
        .iter()
        .all(|v| ds.var(v).is_some_and(|v| v.dtype() == DType::F32));
    let mut speed = Vec::with_capacity(len);
    let mut dir = Vec::with_capacity(len);
    for i in 0..len {
        let (relsn, relse) = if f32_math {
            let a = (head[i] as f32 + reld[i] as f32) * (std::f32::consts::PI / 180.0);
            let r = rels[i] as f32;
            ((r * a.cos()) as f64, (r * a.sin()) as f64)
        } else {
            let a = (head[i] + reld[i]).to_radians();
            (rels[i] * a.cos(), rels[i] * a.sin())
        };
        let c = cog[i].to_radians();
        let un = relsn - sog[i] * c.cos();
        let ue = relse - sog[i] * c.sin();
        dir.push((ue.atan2(un).to_degrees() + 360.0) % 360.0);
        speed.push((un * un + ue * ue).sqrt());
    }
    for (src, vals, long) in [
        (&n.wind_speed, speed, "Wind speed corrected to ship motion"),
        (&n.wind_direction, dir, "Wind direction corrected to ship motion"),
    ] {
        let v = ds.get(src)?;
        let shape = v.shape().to_vec();
        let arr = ndarray::ArrayD::from_shape_vec(shape, vals).map_err(|e| Error::invalid(e.to_string()))?;
        let mut out = Variable::new(v.dims().to_vec(), arr)?;
        *out.attrs_mut() = v.attrs().clone();
        out.attrs_mut().shift_remove("missing_value");
        out.attrs_mut().shift_remove("_FillValue");
        out.attrs_mut().shift_remove("ancillary_variables");
        out.attrs_mut().insert("long_name".into(), long.into());
        ds.insert(&format!("{src}_corrected"), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(rels: f64, reld: f64, head: f64, cog: f64, sog: f64) -> Dataset {
        let mut d = Dataset::new();
        for (k, v) in [
            ("wind_speed", rels),
            ("wind_direction", reld),
            ("yaw", head),
            ("course_over_ground", cog),
            ("speed_over_ground", sog),
        ] {
            d.insert(k, Variable::new(["time"], vec![v]).unwrap().with_attr("units", "x"))
                .unwrap();
        }
        d
    }

    #[test]
    fn ship_at_rest_keeps_the_wind() {
        // Heading 90 + relative 0 -> from the east; sog 0.
        let mut d = ds(5.0, 0.0, 90.0, 0.0, 0.0);
        correct_wind_for_ship_motion(&mut d, &ShipNames::default()).unwrap();
        assert!((d.view::<f64>("wind_speed_corrected").unwrap()[0] - 5.0).abs() < 1e-12);
        assert!((d.view::<f64>("wind_direction_corrected").unwrap()[0] - 90.0).abs() < 1e-9);
        let a = d.get("wind_speed_corrected").unwrap();
        assert_eq!(a.long_name(), Some("Wind speed corrected to ship motion"));
    }

    #[test]
    fn hand_worked_vector_subtraction() {
        // rels 10 at 0 deg (north), ship 3 towards 90 (east):
        // un = 10 - 0 = 10, ue = 0 - 3 = -3 -> speed sqrt(109), dir atan2(-3,10) = -16.699 -> 343.301
        let mut d = ds(10.0, 0.0, 0.0, 90.0, 3.0);
        correct_wind_for_ship_motion(&mut d, &ShipNames::default()).unwrap();
        assert!((d.view::<f64>("wind_speed_corrected").unwrap()[0] - 109f64.sqrt()).abs() < 1e-12);
        let want = 360.0 - (3.0f64 / 10.0).atan().to_degrees();
        assert!((d.view::<f64>("wind_direction_corrected").unwrap()[0] - want).abs() < 1e-9);
    }

    #[test]
    fn nan_propagates_and_missing_var_is_named() {
        let mut d = ds(10.0, 0.0, f64::NAN, 90.0, 3.0);
        correct_wind_for_ship_motion(&mut d, &ShipNames::default()).unwrap();
        assert!(d.view::<f64>("wind_speed_corrected").unwrap()[0].is_nan());
        d.remove("yaw");
        let e = correct_wind_for_ship_motion(&mut d, &ShipNames::default()).unwrap_err();
        assert!(e.to_string().contains("yaw"));
    }
}

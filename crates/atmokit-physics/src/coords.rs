//! Assigning coordinates: ACT's `act.utils.data_utils.assign_coordinates`.

use atmokit_core::{Dataset, Error, Result, Variable};

/// Makes variables the coordinates of dimensions — ACT `assign_coordinates(ds, {var: dim})`.
///
/// For each `(variable, dim)` pair the coordinate variable of `dim` (the variable named `dim`)
/// becomes a copy of `variable`: its values and attributes. `variable` stays in the dataset.
/// Everything else (other variables, their attributes, the global attributes, the `time`
/// coordinate) is kept; ACT 2.3.4 rebuilds the Dataset and loses all of those, which atmokit
/// does not reproduce.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_physics::coords::assign_coordinates;
/// let mut ds = Dataset::new();
/// ds.insert("height", Variable::new(["bin"], vec![100.0, 200.0])?.with_attr("units", "m"))?;
/// ds.insert("power", Variable::new(["bin"], vec![1.0, 2.0])?)?;
/// let out = assign_coordinates(&ds, &[("height", "bin")])?;
/// assert_eq!(out.view::<f64>("bin")?.iter().copied().collect::<Vec<_>>(), [100.0, 200.0]);
/// assert_eq!(out.get("bin")?.units(), Some("m"));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::VariableNotFound`] for a variable not in the dataset (ACT's `KeyError`),
/// [`Error::DimensionNotFound`] for an unknown dimension, [`Error::DimensionMismatch`] when the
/// variable is not one-dimensional with the dimension's length (ACT's `IndexError`).
pub fn assign_coordinates(ds: &Dataset, coords: &[(&str, &str)]) -> Result<Dataset> {
    for &(name, dim) in coords {
        let var = ds.get(name)?;
        let expected = ds
            .dim_len(dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.into() })?;
        if var.dims().len() != 1 || var.len() != expected {
            return Err(Error::DimensionMismatch {
                var: name.into(),
                dim: dim.into(),
                found: var.shape().first().copied().unwrap_or(0),
                expected,
            });
        }
    }
    let mut out = ds.clone();
    for &(name, dim) in coords {
        let var = ds.get(name)?;
        let coord = Variable::from_parts(
            vec![dim.to_string()],
            var.data().clone(),
            var.attrs().clone(),
            var.encoding().clone(),
        )?;
        out.insert(dim, coord)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))
            .unwrap();
        ds.insert(
            "wl",
            Variable::new(["wl"], vec![415.0, 500.0])
                .unwrap()
                .with_attr("units", "nm"),
        )
        .unwrap();
        let p = ndarray::arr2(&[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]).into_dyn();
        ds.insert("p", Variable::new(["time", "wl"], p).unwrap().with_attr("units", "W"))
            .unwrap();
        ds.insert("q", Variable::new(["time"], vec![0.0, 1.0, 2.0]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn assign_coordinates_keeps_everything_else() {
        let mut ds = sample();
        ds.insert(
            "hgt",
            Variable::new(["wl"], vec![100.0, 200.0])
                .unwrap()
                .with_attr("units", "m"),
        )
        .unwrap();
        ds.attrs_mut().insert("site".into(), "sgp".into());
        let out = assign_coordinates(&ds, &[("hgt", "wl")]).unwrap();
        assert_eq!(
            out.view::<f64>("wl").unwrap().iter().copied().collect::<Vec<_>>(),
            [100.0, 200.0]
        );
        assert_eq!(out.get("wl").unwrap().units(), Some("m"));
        assert_eq!(
            out.view::<f64>("hgt").unwrap().iter().copied().collect::<Vec<_>>(),
            [100.0, 200.0]
        );
        assert_eq!(out.attr_str("site"), Some("sgp"));
        assert_eq!(out.get("p").unwrap().units(), Some("W"));
        assert!(out.time().is_ok());
        let e = assign_coordinates(&ds, &[("nope", "wl")]).unwrap_err();
        assert!(matches!(e, Error::VariableNotFound { .. }));
        let e = assign_coordinates(&ds, &[("q", "wl")]).unwrap_err();
        assert!(matches!(e, Error::DimensionMismatch { .. }), "{e}");
        let e = assign_coordinates(&ds, &[("hgt", "nope")]).unwrap_err();
        assert!(matches!(e, Error::DimensionNotFound { .. }));
    }
}

//! The Dataset: named dims, an ordered set of variables, and global attrs.

use crate::variable::check_rank;
use crate::{AttrValue, Attrs, Data, Element, Error, Result, Variable};
use indexmap::IndexMap;
use ndarray::{ArrayView1, ArrayViewD, ArrayViewMutD, Ix1};
use std::collections::HashMap;

/// Named dims with sizes, an ordered map of variables and global attributes.
///
/// Coordinate variables are the 1-D variables named after their dim (CF); time is a
/// [`crate::Data::Time`] coordinate of i64 ns since 1970. Every variable's shape agrees with the
/// dim sizes: [`Dataset::insert`] checks it.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// let mut ds = Dataset::new();
/// ds.insert("time", Variable::time("time", vec![0, 60_000_000_000]))?;
/// ds.insert("temp", Variable::new(["time"], vec![1.0f32, 2.0])?.with_attr("units", "degC"))?;
/// assert_eq!(ds.dim_len("time"), Some(2));
/// assert_eq!(ds.view::<f32>("temp")?[[1]], 2.0);
/// assert!(ds.insert("bad", Variable::new(["time"], vec![1.0f32])?).is_err());
/// # Ok::<(), atmokit_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    dims: IndexMap<String, usize>,
    unlimited: Vec<String>,
    vars: IndexMap<String, Variable>,
    attrs: Attrs,
    /// How many (variable, axis) pairs use each dim: lets [`Dataset::insert`] run in time
    /// independent of the number of variables.
    dim_uses: HashMap<String, usize>,
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Dims and their sizes, in order of first use.
    pub fn dims(&self) -> &IndexMap<String, usize> {
        &self.dims
    }
    /// Size of a dim.
    pub fn dim_len(&self, dim: &str) -> Option<usize> {
        self.dims.get(dim).copied()
    }
    /// Dims marked unlimited (netCDF record dims).
    pub fn unlimited_dims(&self) -> &[String] {
        &self.unlimited
    }
    /// Mark a dim unlimited (or not) for writing.
    pub fn set_unlimited(&mut self, dim: &str, unlimited: bool) {
        self.unlimited.retain(|d| d != dim);
        if unlimited {
            self.unlimited.push(dim.to_string());
        }
    }

    /// Global attributes.
    pub fn attrs(&self) -> &Attrs {
        &self.attrs
    }
    /// Mutable global attributes.
    pub fn attrs_mut(&mut self) -> &mut Attrs {
        &mut self.attrs
    }
    /// A text global attribute.
    pub fn attr_str(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(AttrValue::as_str)
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.vars.len()
    }
    /// True when there are no variables.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
    /// True when the dataset holds data: some variable with at least one axis has at least one
    /// element, and no `time` dim is empty. A reader whose file gives a dataset without values
    /// (empty, header-only or truncated) reports an error instead of returning it.
    pub fn has_values(&self) -> bool {
        self.dim_len("time") != Some(0) && self.vars.values().any(|v| !v.shape().is_empty() && !v.is_empty())
    }
    /// Variables in order.
    pub fn variables(&self) -> impl Iterator<Item = (&str, &Variable)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v))
    }
    /// Variable names in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }
    /// True when a variable exists.
    pub fn contains(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }
    /// A variable, if present.
    pub fn var(&self, name: &str) -> Option<&Variable> {
        self.vars.get(name)
    }
    /// A variable, or [`Error::VariableNotFound`].
    pub fn get(&self, name: &str) -> Result<&Variable> {
        self.vars.get(name).ok_or_else(|| Error::not_found(name))
    }
    /// A mutable variable, or [`Error::VariableNotFound`]. Keep its shape (see [`Variable::data_mut`]).
    pub fn get_mut(&mut self, name: &str) -> Result<&mut Variable> {
        self.vars.get_mut(name).ok_or_else(|| Error::not_found(name))
    }

    /// Insert or replace a variable. Its dims are added; a dim that exists must have the same size.
    /// Returns the replaced variable.
    ///
    /// Inserting a new name costs time proportional to the variable's rank, not to the number of
    /// variables already present.
    pub fn insert(&mut self, name: &str, var: Variable) -> Result<Option<Variable>> {
        check_rank(name, var.dims(), var.data()).map_err(|_| Error::RankMismatch {
            var: name.to_string(),
            dims: var.dims().to_vec(),
            n_dims: var.dims().len(),
            n_axes: var.data().ndim(),
        })?;
        let old = self.vars.get(name);
        for (i, (dim, &n)) in var.dims().iter().zip(var.shape()).enumerate() {
            // A dim repeated within the variable must have one size.
            let earlier = var.dims()[..i].iter().position(|d| d == dim).map(|j| var.shape()[j]);
            let known = earlier.or_else(|| {
                // A variable being replaced may be the only user of the dim.
                let own = old.map_or(0, |o| o.dims().iter().filter(|d| *d == dim).count());
                let only_user = own > 0 && self.dim_uses.get(dim) == Some(&own);
                if only_user { None } else { self.dims.get(dim).copied() }
            });
            if let Some(known) = known.filter(|&k| k != n) {
                return Err(Error::DimensionMismatch {
                    var: name.to_string(),
                    dim: dim.clone(),
                    expected: known,
                    found: n,
                });
            }
        }
        if let Some(slot) = self.vars.get_mut(name) {
            let same_layout = slot.dims() == var.dims() && slot.shape() == var.shape();
            let prev = std::mem::replace(slot, var);
            if !same_layout {
                self.sync_dims();
            }
            return Ok(Some(prev));
        }
        for (dim, &n) in var.dims().iter().zip(var.shape()) {
            *self.dim_uses.entry(dim.clone()).or_insert(0) += 1;
            self.dims.entry(dim.clone()).or_insert(n);
        }
        self.vars.insert(name.to_string(), var);
        Ok(None)
    }

    /// Remove a variable (dims no longer used disappear).
    pub fn remove(&mut self, name: &str) -> Option<Variable> {
        let v = self.vars.shift_remove(name);
        self.sync_dims();
        v
    }

    /// Rename a variable, keeping its position.
    pub fn rename(&mut self, old: &str, new: &str) -> Result<()> {
        if old == new {
            return self.get(old).map(|_| ());
        }
        if self.vars.contains_key(new) {
            return Err(Error::data(old, format!("cannot rename to '{new}': '{new}' exists")));
        }
        let idx = self.vars.get_index_of(old).ok_or_else(|| Error::not_found(old))?;
        let var = self.vars.shift_remove(old).expect("index found above");
        self.vars.shift_insert(idx, new.to_string(), var);
        Ok(())
    }

    /// Rename a dim in the dataset and every variable.
    pub fn rename_dim(&mut self, old: &str, new: &str) -> Result<()> {
        if !self.dims.contains_key(old) {
            return Err(Error::DimensionNotFound { name: old.to_string() });
        }
        if old != new && self.dims.contains_key(new) {
            return Err(Error::invalid(format!(
                "cannot rename dim '{old}' to '{new}': '{new}' exists"
            )));
        }
        for v in self.vars.values_mut() {
            let dims = v
                .dims()
                .iter()
                .map(|d| if d == old { new.to_string() } else { d.clone() })
                .collect();
            v.set_dims_unchecked(dims);
        }
        for d in &mut self.unlimited {
            if d == old {
                *d = new.to_string();
            }
        }
        self.sync_dims();
        Ok(())
    }

    /// Keep only the named variables (and the coordinates of their dims).
    pub fn keep(&mut self, names: &[&str]) -> Result<()> {
        if let Some(missing) = names.iter().find(|n| !self.vars.contains_key(**n)) {
            return Err(Error::not_found(*missing));
        }
        let mut keep_dims: Vec<String> = Vec::new();
        for n in names {
            keep_dims.extend(self.vars[*n].dims().iter().cloned());
        }
        self.vars
            .retain(|k, _| names.contains(&k.as_str()) || keep_dims.contains(k));
        self.sync_dims();
        Ok(())
    }

    /// Names of coordinate variables (1-D, named after their dim).
    pub fn coord_names(&self) -> Vec<&str> {
        self.vars
            .iter()
            .filter(|(k, v)| v.dims().len() == 1 && v.dims()[0] == **k)
            .map(|(k, _)| k.as_str())
            .collect()
    }
    /// Names of data (non-coordinate) variables.
    pub fn data_var_names(&self) -> Vec<&str> {
        self.vars
            .iter()
            .filter(|(k, v)| !(v.dims().len() == 1 && v.dims()[0] == **k))
            .map(|(k, _)| k.as_str())
            .collect()
    }
    /// True when `name` is a coordinate variable.
    pub fn is_coord(&self, name: &str) -> bool {
        self.vars
            .get(name)
            .is_some_and(|v| v.dims().len() == 1 && v.dims()[0] == name)
    }

    /// Borrow a variable's data as `T`; errors name the variable and the dtype found.
    pub fn view<T: Element>(&self, name: &str) -> Result<ArrayViewD<'_, T>> {
        let v = self.get(name)?;
        v.data().view::<T>().ok_or_else(|| Error::DTypeMismatch {
            var: name.to_string(),
            expected: T::DTYPE.name().to_string(),
            found: v.dtype(),
        })
    }

    /// Borrow a variable's data mutably as `T`; errors as [`Dataset::view`]. The shape cannot
    /// change through the view, so the dataset's dims stay right.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let mut ds = Dataset::new();
    /// ds.insert("temp", Variable::new(["time"], ndarray::arr1(&[1.0f32, 2.0]))?)?;
    /// ds.view_mut::<f32>("temp")?.mapv_inplace(|t| t + 273.15);
    /// assert_eq!(ds.view::<f32>("temp")?[[0]], 274.15);
    /// assert!(ds.view_mut::<f64>("temp").is_err());
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn view_mut<T: Element>(&mut self, name: &str) -> Result<ArrayViewMutD<'_, T>> {
        let v = self.vars.get_mut(name).ok_or_else(|| Error::not_found(name))?;
        let found = v.dtype();
        v.data_mut().view_mut::<T>().ok_or_else(|| Error::DTypeMismatch {
            var: name.to_string(),
            expected: T::DTYPE.name().to_string(),
            found,
        })
    }

    /// A numeric variable's values as f64 in logical (row-major) order, whatever its dtype (a
    /// copy): the one "read a variable as f64" of atmokit. Time gives ns with NaT as NaN.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let mut ds = Dataset::new();
    /// ds.insert("n", Variable::new(["time"], vec![1i16, -2])?)?;
    /// assert_eq!(ds.values_f64("n")?, vec![1.0, -2.0]);
    /// ds.insert("s", Variable::new(["time"], vec!["a".to_string(), "b".into()])?)?;
    /// assert!(ds.values_f64("s").unwrap_err().to_string().contains("'s'"));
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn values_f64(&self, name: &str) -> Result<Vec<f64>> {
        let v = self.get(name)?;
        let it = v.data().iter_f64().ok_or_else(|| Error::not_numeric(name, v.dtype()))?;
        Ok(it.collect())
    }

    /// A numeric variable's values as an f64 array of its shape (a copy), whatever its dtype:
    /// [`Dataset::values_f64`] keeping the dimensions. Time gives ns with NaT as NaN.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let mut ds = Dataset::new();
    /// ds.insert("n", Variable::new(["time"], vec![1i16, -2])?)?;
    /// assert_eq!(ds.array_f64("n")?.shape(), [2]);
    /// assert!(ds.array_f64("nope").is_err());
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn array_f64(&self, name: &str) -> Result<ndarray::ArrayD<f64>> {
        let v = self.get(name)?;
        v.data().to_f64().ok_or_else(|| Error::not_numeric(name, v.dtype()))
    }

    /// The `time` coordinate as ns since 1970.
    pub fn time(&self) -> Result<ArrayView1<'_, i64>> {
        self.time_of("time")
    }

    /// A 1-D time variable as ns since 1970.
    pub fn time_of(&self, name: &str) -> Result<ArrayView1<'_, i64>> {
        let v = self.get(name)?;
        let t = v.data().as_time().ok_or_else(|| Error::DTypeMismatch {
            var: name.to_string(),
            expected: "datetime64[ns]".into(),
            found: v.dtype(),
        })?;
        t.into_dimensionality::<Ix1>()
            .map_err(|_| Error::data(name, "a time variable must be 1-D"))
    }

    /// Check every invariant: ranks and dim sizes agree. Useful after mutating variables in place.
    pub fn validate(&self) -> Result<()> {
        let mut sizes: IndexMap<&str, usize> = IndexMap::new();
        for (name, v) in &self.vars {
            check_rank(name, v.dims(), v.data()).map_err(|_| Error::RankMismatch {
                var: name.clone(),
                dims: v.dims().to_vec(),
                n_dims: v.dims().len(),
                n_axes: v.data().ndim(),
            })?;
            for (d, &n) in v.dims().iter().zip(v.shape()) {
                let e = *sizes.entry(d).or_insert(n);
                if e != n {
                    return Err(Error::DimensionMismatch {
                        var: name.clone(),
                        dim: d.clone(),
                        expected: e,
                        found: n,
                    });
                }
            }
        }
        Ok(())
    }

    /// Same dims, variables (bit-identical data, equal attrs, same order) and global attrs.
    pub fn identical(&self, other: &Dataset) -> bool {
        self.dims == other.dims
            && crate::attrs::attrs_identical(&self.attrs, &other.attrs)
            && self.vars.len() == other.vars.len()
            && self
                .vars
                .iter()
                .zip(&other.vars)
                .all(|((ka, a), (kb, b))| ka == kb && a.identical(b))
    }

    /// Iterate mutably over variables.
    pub fn variables_mut(&mut self) -> impl Iterator<Item = (&str, &mut Variable)> {
        self.vars.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// Apply a fallible function to every variable, rebuilding the dims afterwards.
    pub fn try_map_variables(self, mut f: impl FnMut(&str, Variable) -> Result<Variable>) -> Result<Dataset> {
        let Dataset {
            unlimited, vars, attrs, ..
        } = self;
        let mut out = Dataset {
            dims: IndexMap::new(),
            unlimited,
            vars: IndexMap::with_capacity(vars.len()),
            attrs,
            dim_uses: HashMap::new(),
        };
        for (k, v) in vars {
            let nv = f(&k, v)?;
            out.vars.insert(k, nv);
        }
        out.sync_dims();
        out.validate()?;
        Ok(out)
    }

    /// A new dataset whose variables are `f(name, &variable)`, the same dims bookkeeping, attrs and
    /// unlimited dims; nothing is copied that `f` does not copy.
    pub fn try_map_ref(&self, mut f: impl FnMut(&str, &Variable) -> Result<Variable>) -> Result<Dataset> {
        let mut out = Dataset {
            dims: IndexMap::new(),
            unlimited: self.unlimited.clone(),
            vars: IndexMap::with_capacity(self.vars.len()),
            attrs: self.attrs.clone(),
            dim_uses: HashMap::new(),
        };
        for (k, v) in &self.vars {
            out.vars.insert(k.clone(), f(k, v)?);
        }
        out.sync_dims();
        out.validate()?;
        Ok(out)
    }

    /// Replace a variable's data, checking its shape against the dataset's dims.
    pub fn replace_data(&mut self, name: &str, data: Data) -> Result<()> {
        let old = self.get(name)?;
        let v = Variable::from_parts(old.dims().to_vec(), data, old.attrs().clone(), old.encoding().clone())?;
        self.insert(name, v).map(|_| ())
    }

    /// Move a variable to the front of the order (coordinates first, as xarray lists them).
    pub fn move_to_front(&mut self, name: &str) -> Result<()> {
        let idx = self.vars.get_index_of(name).ok_or_else(|| Error::not_found(name))?;
        self.vars.move_index(idx, 0);
        self.sync_dims();
        Ok(())
    }

    /// Take the variables out in order, without copying (for handing buffers to another owner).
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let mut ds = Dataset::new();
    /// ds.insert("a", Variable::new(["time"], vec![1.0f64])?)?;
    /// let names: Vec<String> = ds.into_variables().map(|(k, _)| k).collect();
    /// assert_eq!(names, ["a"]);
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn into_variables(self) -> impl Iterator<Item = (String, Variable)> {
        self.vars.into_iter()
    }

    /// Recompute dim sizes from the variables, in order of first use.
    pub(crate) fn sync_dims(&mut self) {
        let mut dims = IndexMap::new();
        let mut uses = HashMap::new();
        for v in self.vars.values() {
            for (d, &n) in v.dims().iter().zip(v.shape()) {
                dims.entry(d.clone()).or_insert(n);
                *uses.entry(d.clone()).or_insert(0) += 1;
            }
        }
        self.unlimited.retain(|d| dims.contains_key(d));
        self.dims = dims;
        self.dim_uses = uses;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 1, 2])).unwrap();
        ds.insert("height", Variable::new(["height"], vec![10.0f32, 20.0]).unwrap())
            .unwrap();
        ds.insert("t", Variable::new(["time"], vec![1i32, 2, 3]).unwrap())
            .unwrap();
        ds.insert(
            "b",
            Variable::new(
                ["time", "height"],
                Data::F64(ndarray::ArrayD::zeros(ndarray::IxDyn(&[3, 2]))),
            )
            .unwrap(),
        )
        .unwrap();
        ds.attrs_mut().insert("datastream".into(), "x.b1".into());
        ds
    }

    #[test]
    fn insert_remove_rename() {
        let mut ds = sample();
        assert_eq!(ds.dims().len(), 2);
        assert_eq!(ds.coord_names(), vec!["time", "height"]);
        assert_eq!(ds.data_var_names(), vec!["t", "b"]);
        ds.rename("t", "temp").unwrap();
        assert_eq!(ds.names().collect::<Vec<_>>(), vec!["time", "height", "temp", "b"]);
        assert!(ds.rename("temp", "b").is_err());
        assert!(matches!(ds.get("nope"), Err(Error::VariableNotFound { .. })));
        ds.remove("b");
        ds.remove("height");
        assert_eq!(ds.dim_len("height"), None);
        ds.rename_dim("time", "t").unwrap();
        assert_eq!(ds.get("temp").unwrap().dims(), &["t".to_string()]);
        // Replacing the only user of a dim may change its size.
        ds.insert("temp", Variable::new(["x"], vec![1i32]).unwrap()).unwrap();
        ds.insert("time", Variable::time("x", vec![5])).unwrap();
        assert_eq!(ds.dims().len(), 1);
        ds.validate().unwrap();
    }

    #[test]
    fn errors_name_the_variable() {
        let mut ds = sample();
        let e = ds
            .insert("bad", Variable::new(["time"], vec![1i32]).unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("bad") && e.to_string().contains("time"), "{e}");
        let e = ds.view::<f32>("t").unwrap_err();
        assert!(e.to_string().contains("'t'") && e.to_string().contains("int32"), "{e}");
        assert!(ds.keep(&["missing"]).is_err());
        ds.keep(&["t"]).unwrap();
        assert_eq!(ds.names().collect::<Vec<_>>(), vec!["time", "t"]);
    }

    /// Issue 17 ("Quadratic time"): each insert rescanned every variable, so 40,000 columns took
    /// tens of seconds. Linear construction does 40,000 in well under a second even unoptimized.
    #[test]
    fn insert_is_linear() {
        // Scaling, not wall time (the machine may be loaded): 8× the inserts must cost far less
        // than the 64× a per-insert rescan of all variables gives. Best of three runs each.
        fn fill(n: usize) -> (Dataset, f64) {
            let mut best = f64::INFINITY;
            let mut out = Dataset::new();
            for _ in 0..3 {
                let mut ds = Dataset::new();
                ds.insert("time", Variable::time("time", vec![0, 1])).unwrap();
                let start = std::time::Instant::now();
                for i in 0..n {
                    ds.insert(&format!("v{i}"), Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
                        .unwrap();
                }
                best = best.min(start.elapsed().as_secs_f64());
                out = ds;
            }
            (out, best)
        }
        let n = 40_000;
        let (_, small) = fill(n / 8);
        let (mut ds, large) = fill(n);
        assert_eq!(ds.len(), n + 1);
        assert!(
            large < 24.0 * small.max(1e-4),
            "{} inserts took {large:.3} s, {} took {small:.3} s",
            n,
            n / 8
        );
        ds.validate().unwrap();
        // Removing all users of a dim still drops it; the fast path kept the counts right.
        ds.insert("h", Variable::new(["height"], vec![1.0f32]).unwrap())
            .unwrap();
        ds.remove("h");
        assert_eq!(ds.dim_len("height"), None);
    }

    #[test]
    fn repeated_dim_must_agree_within_a_variable() {
        let mut ds = Dataset::new();
        let data = Data::F64(ndarray::ArrayD::zeros(ndarray::IxDyn(&[2, 3])));
        let e = ds.insert("m", Variable::new(["x", "x"], data).unwrap()).unwrap_err();
        assert!(
            matches!(
                e,
                Error::DimensionMismatch {
                    expected: 2,
                    found: 3,
                    ..
                }
            ),
            "{e}"
        );
        let square = Data::F64(ndarray::ArrayD::zeros(ndarray::IxDyn(&[2, 2])));
        ds.insert("m", Variable::new(["x", "x"], square).unwrap()).unwrap();
        // The only user of a dim may resize it by replacement, even when it uses it twice.
        let bigger = Data::F64(ndarray::ArrayD::zeros(ndarray::IxDyn(&[3, 3])));
        ds.insert("m", Variable::new(["x", "x"], bigger).unwrap()).unwrap();
        assert_eq!(ds.dim_len("x"), Some(3));
        ds.validate().unwrap();
    }
}

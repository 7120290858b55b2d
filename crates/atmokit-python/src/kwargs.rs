//! Keyword arguments from Python, read by name, with every unknown name refused.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::BTreeSet;

/// A kwargs dict being consumed: each `get` marks its key used; [`Kwargs::finish`] refuses the rest.
pub struct Kwargs<'a, 'py> {
    dict: Option<&'a Bound<'py, PyDict>>,
    used: BTreeSet<String>,
    func: &'a str,
}

impl<'a, 'py> Kwargs<'a, 'py> {
    /// Wrap `dict` (None = no kwargs) for the function `func` (named in errors).
    pub fn new(dict: Option<&'a Bound<'py, PyDict>>, func: &'a str) -> Self {
        Kwargs {
            dict,
            used: BTreeSet::new(),
            func,
        }
    }

    /// The value of `key` when given and not None.
    pub fn get<T: FromPyObjectOwned<'py>>(&mut self, key: &str) -> PyResult<Option<T>> {
        self.used.insert(key.to_string());
        let Some(d) = self.dict else { return Ok(None) };
        match d.get_item(key)? {
            Some(v) if !v.is_none() => v.extract::<T>().map(Some).map_err(|e| {
                let e: PyErr = e.into();
                PyTypeError::new_err(format!("{}: argument '{key}': {e}", self.func))
            }),
            _ => Ok(None),
        }
    }

    /// A name or a list of names under `key` (ACT accepts both), when given and not None.
    pub fn get_names(&mut self, key: &str) -> PyResult<Option<Vec<String>>> {
        if let Ok(Some(one)) = self.get::<String>(key) {
            return Ok(Some(vec![one]));
        }
        self.get::<Vec<String>>(key)
    }

    /// The value of `key`, or `default`.
    pub fn get_or<T: FromPyObjectOwned<'py>>(&mut self, key: &str, default: T) -> PyResult<T> {
        Ok(self.get(key)?.unwrap_or(default))
    }

    /// The value of a required `key`.
    pub fn require<T: FromPyObjectOwned<'py>>(&mut self, key: &str) -> PyResult<T> {
        self.get(key)?
            .ok_or_else(|| PyTypeError::new_err(format!("{}: missing required argument '{key}'", self.func)))
    }

    /// Whether `key` was passed at all, even as None (for arguments where None means "none").
    pub fn given(&self, key: &str) -> PyResult<bool> {
        match self.dict {
            Some(d) => d.contains(key),
            None => Ok(false),
        }
    }

    /// Accept `key` and ignore it (arguments that only steer ACT's implementation, like `use_dask`).
    pub fn ignore(&mut self, key: &str) {
        self.used.insert(key.to_string());
    }

    /// Refuse any key not read.
    pub fn finish(self) -> PyResult<()> {
        let Some(d) = self.dict else { return Ok(()) };
        for k in d.keys() {
            let k: String = k.extract()?;
            if !self.used.contains(&k) {
                return Err(PyValueError::new_err(format!(
                    "{}: unsupported argument '{k}' (accepted: {})",
                    self.func,
                    self.used.iter().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        Ok(())
    }
}

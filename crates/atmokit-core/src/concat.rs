//! Concatenation along a dim (multi-file reads).

use crate::{Data, Dataset, Encoding, Error, Result, Variable, time::NAT};

impl Dataset {
    /// Concatenate datasets along `dim`, in the order given.
    ///
    /// Semantics follow ACT's `open_mfdataset(data_vars='all')`:
    /// - variables with `dim` are joined along it;
    /// - coordinates of other dims (e.g. `height`) are taken from the first part and must be equal
    ///   in every part;
    /// - other variables without `dim` (ARM's `base_time`, `lat`, `lon`) gain `dim` as their
    ///   first axis, each part's value repeated over its length, so per-file values are kept;
    /// - a variable missing from some parts is filled with NaN (floats) or NaT (time); for other
    ///   types it is an error;
    /// - global attrs and encodings come from the first part.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let part = |t0: i64| -> atmokit_core::Result<Dataset> {
    ///     let mut ds = Dataset::new();
    ///     ds.insert("time", Variable::time("time", vec![t0, t0 + 1]))?;
    ///     ds.insert("x", Variable::new(["time"], vec![1.0f32, 2.0])?)?;
    ///     Ok(ds)
    /// };
    /// let all = Dataset::concat(&[part(0)?, part(10)?], "time")?;
    /// assert_eq!(all.dim_len("time"), Some(4));
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn concat(parts: &[Dataset], dim: &str) -> Result<Dataset> {
        let first = parts.first().ok_or_else(|| Error::Concat {
            reason: "no datasets given".into(),
        })?;
        if parts.len() == 1 {
            return Ok(first.clone());
        }
        let lens: Vec<usize> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.dim_len(dim).ok_or_else(|| Error::Concat {
                    reason: format!("part {i} has no dimension '{dim}'"),
                })
            })
            .collect::<Result<_>>()?;
        // Variable order: first part's, then any new names in later parts.
        let mut names: Vec<&str> = Vec::new();
        for p in parts {
            for n in p.names() {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let mut out = Dataset::new();
        *out.attrs_mut() = first.attrs().clone();
        for name in names {
            let template = parts.iter().find_map(|p| p.var(name)).expect("name comes from a part");
            let var = if template.axis_of(dim).is_some() {
                concat_along(parts, &lens, name, dim, template)?
            } else if template.dims().len() == 1 && template.dims()[0] == name {
                // A coordinate of another dim: must agree across parts.
                for (i, p) in parts.iter().enumerate() {
                    if let Some(v) = p.var(name)
                        && !v.data().identical(template.data())
                    {
                        return Err(Error::Concat {
                            reason: format!("coordinate '{name}' differs between part 0 and part {i}"),
                        });
                    }
                }
                template.clone()
            } else {
                let expanded: Vec<Variable> = parts
                    .iter()
                    .zip(&lens)
                    .map(|(p, &n)| {
                        let v = p.var(name).unwrap_or(template);
                        let data = v.data().broadcast_new_axis(0, n)?;
                        let mut dims = vec![dim.to_string()];
                        dims.extend(v.dims().iter().cloned());
                        Variable::from_parts(dims, data, v.attrs().clone(), v.encoding().clone())
                    })
                    .collect::<Result<_>>()?;
                let refs: Vec<&Data> = expanded.iter().map(Variable::data).collect();
                let data = Data::concat(0, &refs).map_err(|e| Error::Concat {
                    reason: format!("variable '{name}': {e}"),
                })?;
                let (dims, _, attrs, enc) = expanded.into_iter().next().expect("at least two parts").into_parts();
                Variable::from_parts(dims, data, attrs, enc)?
            };
            out.insert(name, var)?;
        }
        for d in first.unlimited_dims() {
            out.set_unlimited(d, true);
        }
        Ok(out)
    }
}

fn concat_along(parts: &[Dataset], lens: &[usize], name: &str, dim: &str, template: &Variable) -> Result<Variable> {
    let axis = template.axis_of(dim).expect("checked by caller");
    // Borrow each part's data; only a part that lacks the variable gets a filled array.
    let mut pieces: Vec<std::borrow::Cow<'_, Data>> = Vec::with_capacity(parts.len());
    for (p, &n) in parts.iter().zip(lens) {
        match p.var(name) {
            Some(v) => {
                if v.dims() != template.dims() {
                    return Err(Error::Concat {
                        reason: format!(
                            "variable '{name}' has dims {:?} in one part and {:?} in another",
                            template.dims(),
                            v.dims()
                        ),
                    });
                }
                pieces.push(std::borrow::Cow::Borrowed(v.data()));
            }
            None => {
                let mut shape = template.shape().to_vec();
                shape[axis] = n;
                let data = match template.data() {
                    Data::F32(_) => Data::F32(ndarray::ArrayD::from_elem(ndarray::IxDyn(&shape), f32::NAN)),
                    Data::F64(_) => Data::F64(ndarray::ArrayD::from_elem(ndarray::IxDyn(&shape), f64::NAN)),
                    Data::Time(_) => Data::Time(ndarray::ArrayD::from_elem(ndarray::IxDyn(&shape), NAT)),
                    other => {
                        return Err(Error::Concat {
                            reason: format!(
                                "variable '{name}' ({}) is missing from some parts and has no missing value",
                                other.dtype()
                            ),
                        });
                    }
                };
                pieces.push(std::borrow::Cow::Owned(data));
            }
        }
    }
    let refs: Vec<&Data> = pieces.iter().map(AsRef::as_ref).collect();
    let data = Data::concat(axis, &refs).map_err(|e| Error::Concat {
        reason: format!("variable '{name}': {e}"),
    })?;
    let enc: Encoding = template.encoding().clone();
    Variable::from_parts(template.dims().to_vec(), data, template.attrs().clone(), enc)
}

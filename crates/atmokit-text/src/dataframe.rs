//! Dataset ↔ polars `DataFrame` for 1-D time series. It lives here, at the edge with the text
//! readers that need polars anyway, so that the core and the science crates never build polars.
//!
//! The xarray counterpart is `ds.to_dataframe()` / `xr.Dataset.from_dataframe(df)` restricted to
//! one dimension:
//!
//! - [`to_dataframe`] puts the coordinate of `dim` first, then every variable whose only dim is
//!   `dim`, in Dataset order (variables on other dims are left out). Numbers keep their native
//!   type (f32 stays `Float32`, i32 stays `Int32`) except i8/u8/i16/u16, which become `Int32`
//!   (the workspace builds polars without its small-integer dtype features); [`Data::Time`] becomes
//!   `Datetime(Nanoseconds, None)` with [`NAT`] as null; strings become `String`.
//! - [`from_dataframe`] is the inverse: each column becomes a variable on `dim`. Nulls become NaN
//!   in float columns; an integer column holding nulls becomes float64 with NaN (as pandas/xarray
//!   do); null strings become `""`; `Datetime` of any unit becomes nanoseconds ([`NAT`] for
//!   null); `Date` becomes midnight UTC; `Boolean` becomes `u8` 0/1.
//!
//! Attributes are not carried by a DataFrame: [`to_dataframe`] drops them and
//! [`from_dataframe`] returns variables without attrs.

use atmokit_core::{Data, Dataset, Error, NAT, Result, Variable};
use ndarray::ArrayD;
use polars::prelude::{
    BooleanChunked, ChunkedArray, Column, DataFrame, DataType, DatetimeChunked, Float32Chunked, Float64Chunked,
    IntoColumn, NamedFrom, PlSmallStr, PolarsNumericType, Series, StringChunked, TimeUnit,
};

fn perr(what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(format!("polars: {what}: {e}"))
}

fn flat<T: Clone>(name: &str, a: &ArrayD<T>) -> Result<Vec<T>> {
    if a.ndim() != 1 {
        return Err(Error::invalid(format!("variable '{name}' is not 1-D")));
    }
    Ok(a.iter().cloned().collect())
}

fn column_of(name: &str, data: &Data) -> Result<Option<Column>> {
    let n = PlSmallStr::from(name);
    let s = match data {
        Data::I8(a) => Series::new(n, flat(name, a)?.into_iter().map(i32::from).collect::<Vec<i32>>()),
        Data::U8(a) => Series::new(n, flat(name, a)?.into_iter().map(i32::from).collect::<Vec<i32>>()),
        Data::I16(a) => Series::new(n, flat(name, a)?.into_iter().map(i32::from).collect::<Vec<i32>>()),
        Data::U16(a) => Series::new(n, flat(name, a)?.into_iter().map(i32::from).collect::<Vec<i32>>()),
        Data::I32(a) => Series::new(n, flat(name, a)?),
        Data::U32(a) => Series::new(n, flat(name, a)?),
        Data::I64(a) => Series::new(n, flat(name, a)?),
        Data::U64(a) => Series::new(n, flat(name, a)?),
        Data::F32(a) => Series::new(n, flat(name, a)?),
        Data::F64(a) => Series::new(n, flat(name, a)?),
        Data::Str(a) => Series::new(n, flat(name, a)?),
        Data::Time(a) => {
            let v: Vec<Option<i64>> = flat(name, a)?.into_iter().map(|t| (t != NAT).then_some(t)).collect();
            Series::new(n, v).into_datetime(TimeUnit::Nanoseconds, None)
        }
        Data::Char(_) => return Ok(None),
    };
    Ok(Some(s.into_column()))
}

/// Convert the 1-D variables on `dim` to a DataFrame: the coordinate `dim` (if present) first,
/// then the other variables whose dims are exactly `[dim]`. Char variables are skipped.
///
/// Errors when `dim` is not a dimension of `ds`.
pub fn to_dataframe(ds: &Dataset, dim: &str) -> Result<DataFrame> {
    let height = ds
        .dim_len(dim)
        .ok_or_else(|| Error::DimensionNotFound { name: dim.to_string() })?;
    let mut cols = Vec::new();
    if let Some(c) = ds.var(dim).filter(|v| v.dims().len() == 1) {
        cols.extend(column_of(dim, c.data())?);
    }
    for (name, v) in ds.variables() {
        if name != dim && v.dims().len() == 1 && v.dims()[0] == dim {
            cols.extend(column_of(name, v.data())?);
        }
    }
    DataFrame::new(height, cols).map_err(|e| perr("building DataFrame", e))
}

fn num_data<T, E>(ca: &ChunkedArray<T>, wrap: impl Fn(Vec<E>) -> Data) -> Data
where
    T: PolarsNumericType<Native = E>,
    E: Copy + Default + Into<f64>,
{
    if ca.null_count() == 0 {
        wrap(ca.into_no_null_iter().collect())
    } else {
        Data::F64(
            ArrayD::from_shape_vec(
                ndarray::IxDyn(&[ca.len()]),
                ca.iter().map(|v| v.map_or(f64::NAN, Into::into)).collect(),
            )
            .expect("1-D"),
        )
    }
}

/// 64-bit integers: native when complete, float64 with NaN for nulls (exact below 2^53).
fn wide_data<T: PolarsNumericType>(
    ca: &ChunkedArray<T>,
    wrap: impl Fn(Vec<T::Native>) -> Data,
    to_f64: impl Fn(T::Native) -> f64,
) -> Data {
    if ca.null_count() == 0 {
        wrap(ca.into_no_null_iter().collect())
    } else {
        Data::from(ca.iter().map(|v| v.map_or(f64::NAN, &to_f64)).collect::<Vec<f64>>())
    }
}

fn f32_data(ca: &Float32Chunked) -> Data {
    Data::from(ca.iter().map(|v| v.unwrap_or(f32::NAN)).collect::<Vec<f32>>())
}
fn f64_data(ca: &Float64Chunked) -> Data {
    Data::from(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect::<Vec<f64>>())
}
fn str_data(ca: &StringChunked) -> Data {
    Data::from(ca.iter().map(|v| v.unwrap_or("").to_string()).collect::<Vec<String>>())
}
fn bool_data(ca: &BooleanChunked) -> Data {
    Data::from(ca.iter().map(|v| u8::from(v.unwrap_or(false))).collect::<Vec<u8>>())
}
fn time_data(ca: &DatetimeChunked) -> Data {
    let mult = match ca.time_unit() {
        TimeUnit::Nanoseconds => 1,
        TimeUnit::Microseconds => 1_000,
        TimeUnit::Milliseconds => 1_000_000,
    };
    let v: Vec<i64> = ca
        .physical()
        .iter()
        .map(|v| v.and_then(|x| x.checked_mul(mult)).unwrap_or(NAT))
        .collect();
    Data::Time(ArrayD::from_shape_vec(ndarray::IxDyn(&[v.len()]), v).expect("1-D"))
}

/// The [`Data`] of one polars column (see the module docs for the type mapping).
///
/// Errors naming the column for types without a counterpart (lists, structs, ...).
pub fn column_to_data(col: &Column) -> Result<Data> {
    let name = col.name().as_str();
    let bad = |e| perr(&format!("column '{name}'"), e);
    Ok(match col.dtype() {
        DataType::Int8 => num_data(col.i8().map_err(bad)?, Data::from),
        DataType::Int16 => num_data(col.i16().map_err(bad)?, Data::from),
        DataType::Int32 => num_data(col.i32().map_err(bad)?, Data::from),
        DataType::Int64 => wide_data(col.i64().map_err(bad)?, Data::from, |v| v as f64),
        DataType::UInt32 => num_data(col.u32().map_err(bad)?, Data::from),
        DataType::UInt64 => wide_data(col.u64().map_err(bad)?, Data::from, |v| v as f64),
        DataType::Float32 => f32_data(col.f32().map_err(bad)?),
        DataType::Float64 => f64_data(col.f64().map_err(bad)?),
        DataType::String => str_data(col.str().map_err(bad)?),
        DataType::Boolean => bool_data(col.bool().map_err(bad)?),
        DataType::Datetime(_, _) => time_data(col.datetime().map_err(bad)?),
        DataType::Date => {
            let days = col.date().map_err(bad)?;
            let v: Vec<i64> = days
                .physical()
                .iter()
                .map(|d| d.map_or(NAT, |d| i64::from(d) * 86_400_000_000_000))
                .collect();
            Data::Time(ArrayD::from_shape_vec(ndarray::IxDyn(&[v.len()]), v).expect("1-D"))
        }
        other => {
            return Err(Error::invalid(format!(
                "polars column '{name}' has unsupported type {other}"
            )));
        }
    })
}

/// Convert every column of `df` to a variable on `dim`, in column order.
///
/// Errors naming the column when its type has no counterpart.
pub fn from_dataframe(df: &DataFrame, dim: &str) -> Result<Dataset> {
    let mut ds = Dataset::new();
    for col in df.columns() {
        let data = column_to_data(col)?;
        let name = col.name().as_str();
        ds.insert(name, Variable::new([dim], data)?)?;
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::NamedFrom;

    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, NAT]))
            .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![1.5f32, f32::NAN, -2.0])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        ds.insert("qc", Variable::new(["time"], vec![0i32, 1, 4]).unwrap())
            .unwrap();
        ds.insert(
            "name",
            Variable::new(["time"], vec!["a".to_string(), "b".into(), "".into()]).unwrap(),
        )
        .unwrap();
        ds.insert("height", Variable::new(["height"], vec![10.0f64, 20.0]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn round_trip_keeps_types_and_values() {
        let ds = sample();
        let df = to_dataframe(&ds, "time").unwrap();
        assert_eq!(df.height(), 3);
        let names: Vec<&str> = df.columns().iter().map(|c| c.name().as_str()).collect();
        assert_eq!(names, ["time", "temp", "qc", "name"], "height is on another dim");
        assert_eq!(df.column("temp").unwrap().dtype(), &DataType::Float32);
        assert_eq!(df.column("qc").unwrap().dtype(), &DataType::Int32);
        assert_eq!(
            df.column("time").unwrap().dtype(),
            &DataType::Datetime(TimeUnit::Nanoseconds, None)
        );
        assert_eq!(df.column("time").unwrap().null_count(), 1, "NaT becomes null");
        let back = from_dataframe(&df, "time").unwrap();
        assert_eq!(back.time().unwrap().to_vec(), vec![0, 60_000_000_000, NAT]);
        let t = back.view::<f32>("temp").unwrap();
        assert_eq!(t[[0]], 1.5);
        assert!(t[[1]].is_nan());
        assert_eq!(
            back.view::<i32>("qc").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![0, 1, 4]
        );
        assert_eq!(back.view::<String>("name").unwrap()[[1]], "b");
    }

    #[test]
    fn nulls_follow_pandas() {
        let df = DataFrame::new(
            3,
            vec![
                Series::new("i".into(), [Some(1i64), None, Some(3)]).into_column(),
                Series::new("f".into(), [Some(1.0f64), None, Some(3.0)]).into_column(),
                Series::new("s".into(), [Some("x"), None, Some("z")]).into_column(),
                Series::new("b".into(), [true, false, true]).into_column(),
            ],
        )
        .unwrap();
        let ds = from_dataframe(&df, "index").unwrap();
        let i = ds.view::<f64>("i").unwrap();
        assert_eq!((i[[0]], i[[2]]), (1.0, 3.0));
        assert!(i[[1]].is_nan(), "int with nulls becomes float64 NaN");
        assert!(ds.view::<f64>("f").unwrap()[[1]].is_nan());
        assert_eq!(ds.view::<String>("s").unwrap()[[1]], "");
        assert_eq!(
            ds.view::<u8>("b").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![1, 0, 1]
        );
    }

    #[test]
    fn missing_dim_is_an_error() {
        let e = to_dataframe(&sample(), "range").unwrap_err();
        assert!(e.to_string().contains("range"), "{e}");
    }
}

//! HYSPLIT trajectory endpoint files (`tdump`): ACT's `act.io.hysplit.read_hysplit`.
//!
//! Layout (HYSPLIT User's Guide, "Trajectory endpoints file"): line 1 `<n_grids> <format>`;
//! `n_grids` lines `<model> <yy> <mm> <dd> <hh> <forecast hour>`; a line `<n_traj> <direction>
//! <vertical motion method>`; `n_traj` start lines `<yy> <mm> <dd> <hh> <lat> <lon> <alt>`; a line
//! `<n_diag> <diag names...>`; then rows `traj# grid# yy mm dd hh min forecast_hour age lat lon alt
//! <diagnostics>`. Two-digit years are `base_year + yy`.
//!
//! Output on `time`: `trajectory_number`, `grid_number`, `forecast_hour` (int64), `age` (h),
//! `lat`, `lon` (degree), `alt` (m) and one float64 variable per diagnostic (e.g. `PRESSURE`);
//! on `num_grids`: `grid_forecast_hour`, `grid_times`; on `num_trajectories`: `start_latitude`,
//! `start_longitude`, `start_altitude`. Global attrs `trajectory_direction`,
//! `vertical_motion_calculation_method`, `datastream = "hysplit"`.
//!
//! Differences from ACT (act-atmos 2.3.4): ACT skips the first endpoint (age 0, the start
//! point), stores the start latitude as `start_longitude`, gives `start_altitude` the unit
//! "degree" and labels `age` "Grid number". atmokit keeps every endpoint and fixes the three.

use crate::error::Result;
use crate::util::{Ctx, civil_ns, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// Read a HYSPLIT trajectory file; two-digit years are added to `base_year` (ACT default 2000).
pub fn read_hysplit(path: &Path, base_year: i64) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let mut next = |what: &str| {
        lines
            .next()
            .map(|(i, l)| (i + 1, split_ws(l)))
            .ok_or_else(|| ctx.err(0, format!("file ends before {what}")))
    };
    let year = |y: i64| if y < 100 { base_year + y } else { y };
    let count = |ln: usize, t: &[&str], what: &str| -> Result<usize> {
        let n = ctx.i64(ln, ctx.tok(ln, t, 0, what)?, what)?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= 10_000)
            .ok_or_else(|| ctx.err(ln, format!("{what}: {n} out of range")))
    };
    let (ln, t) = next("the grid count")?;
    let n_grids = count(ln, &t, "number of grids")?;
    let (mut grid_times, mut grid_fh) = (Vec::new(), Vec::new());
    for _ in 0..n_grids {
        let (ln, t) = next("a grid line")?;
        if t.len() < 6 {
            return Err(ctx.err(ln, format!("grid line has {} fields, expected 6", t.len())));
        }
        let g = |k: usize, w: &str| ctx.i64(ln, t[k], w);
        grid_times.push(ctx.civil(
            ln,
            year(g(1, "year")?),
            g(2, "month")?,
            g(3, "day")?,
            g(4, "hour")?,
            0,
            0.0,
        )?);
        grid_fh.push(ctx.f64(ln, t[5], "forecast hour")?);
    }
    let (ln, t) = next("the trajectory count")?;
    let n_traj = count(ln, &t, "number of trajectories")?;
    let direction = ctx.tok(ln, &t, 1, "trajectory direction")?.to_string();
    let method = ctx.tok(ln, &t, 2, "vertical motion method")?.to_string();
    let (mut slat, mut slon, mut salt) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n_traj {
        let (ln, t) = next("a trajectory start line")?;
        if t.len() < 7 {
            return Err(ctx.err(ln, format!("start line has {} fields, expected 7", t.len())));
        }
        slat.push(ctx.f64(ln, t[4], "start latitude")?);
        slon.push(ctx.f64(ln, t[5], "start longitude")?);
        salt.push(ctx.f64(ln, t[6], "start altitude")?);
    }
    let (ln, t) = next("the diagnostic variable line")?;
    let n_diag = count(ln, &t, "number of diagnostic variables")?;
    if t.len() != n_diag + 1 {
        return Err(ctx.err(ln, format!("{} diagnostic names, expected {n_diag}", t.len() - 1)));
    }
    let diag_names: Vec<String> = t[1..].iter().map(|s| s.to_string()).collect();
    let width = 12 + n_diag;
    let (mut traj, mut grid, mut fh, mut time) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut floats: Vec<Vec<f64>> = vec![Vec::new(); 4 + n_diag];
    while let Ok((ln, t)) = next("end") {
        if t.len() != width {
            return Err(ctx.err(ln, format!("{} fields, expected {width}", t.len())));
        }
        let g = |k: usize, w: &str| ctx.i64(ln, t[k], w);
        traj.push(g(0, "trajectory number")?);
        grid.push(g(1, "grid number")?);
        let ns = civil_ns(
            year(g(2, "year")?),
            g(3, "month")?,
            g(4, "day")?,
            g(5, "hour")?,
            g(6, "minute")?,
            0.0,
        )
        .ok_or_else(|| ctx.err(ln, "invalid date"))?;
        time.push(ns);
        fh.push(g(7, "forecast hour")?);
        for (k, col) in floats.iter_mut().enumerate() {
            let name = match k {
                0 => "age",
                1 => "lat",
                2 => "lon",
                3 => "alt",
                _ => &diag_names[k - 4],
            };
            col.push(ctx.f64(ln, t[8 + k], name)?);
        }
    }
    let mut ds = Dataset::new();
    let ins = |ds: &mut Dataset, n: &str, v: Variable| ds.insert(n, v).map(|_| ()).map_err(|e| ctx.ds(e));
    ins(&mut ds, "time", Variable::time("time", time))?;
    let f = |dim: &str, v: Vec<f64>, units: &str, long: &str| {
        Variable::new([dim], v)
            .expect("1-D")
            .with_attr("long_name", long)
            .with_attr("units", units)
    };
    ins(
        &mut ds,
        "grid_forecast_hour",
        f("num_grids", grid_fh, "hour", "Grid forecast hour"),
    )?;
    ins(
        &mut ds,
        "grid_times",
        Variable::time("num_grids", grid_times).with_attr("long_name", "Grid start time"),
    )?;
    ins(
        &mut ds,
        "start_latitude",
        f("num_trajectories", slat, "degree", "Trajectory start latitude"),
    )?;
    ins(
        &mut ds,
        "start_longitude",
        f("num_trajectories", slon, "degree", "Trajectory start longitude"),
    )?;
    ins(
        &mut ds,
        "start_altitude",
        f("num_trajectories", salt, "m", "Trajectory start altitude"),
    )?;
    let iv = |v: Vec<i64>, long: &str, units: &str| {
        Variable::new(["time"], v)
            .expect("1-D")
            .with_attr("long_name", long)
            .with_attr("units", units)
    };
    ins(&mut ds, "trajectory_number", iv(traj, "Trajectory number", "1"))?;
    ins(&mut ds, "grid_number", iv(grid, "Grid number", "1"))?;
    ins(&mut ds, "forecast_hour", iv(fh, "Forecast hour", "hour"))?;
    let mut cols = floats.into_iter();
    let meta = [
        ("age", "hour", "Trajectory age"),
        ("lat", "degree", "Latitude"),
        ("lon", "degree", "Longitude"),
        ("alt", "m", "Altitude"),
    ];
    for (name, units, long) in meta {
        ins(&mut ds, name, f("time", cols.next().unwrap_or_default(), units, long))?;
    }
    for (name, col) in diag_names.iter().zip(cols) {
        ins(
            &mut ds,
            name,
            Variable::new(["time"], col)
                .expect("1-D")
                .with_attr("long_name", name.as_str()),
        )?;
    }
    let a = ds.attrs_mut();
    a.insert("trajectory_direction".into(), AttrValue::Str(direction));
    a.insert("vertical_motion_calculation_method".into(), AttrValue::Str(method));
    a.insert("datastream".into(), "hysplit".into());
    crate::util::require_values(path, ds)
}

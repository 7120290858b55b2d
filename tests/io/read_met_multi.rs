//! `io_read_met_multi`: seven daily met files read as one dataset.

use atmokit_core::NAT;
use atmokit_core::time::format_ns;
use atmokit_tests::{assert_attrs_contain, assert_close, check_summary, data_file, expected};

fn seven_files() -> Vec<std::path::PathBuf> {
    (1..=7)
        .map(|d| data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf")))
        .collect()
}

#[test]
fn io_read_met_multi_matches_act() {
    let want = expected("io_read_met_multi");
    // Given in reverse order: the reader orders files by their first time, as by_coords does.
    let mut files = seven_files();
    files.reverse();
    let ds = atmokit_netcdf::read_arm_netcdf(&files, &Default::default()).unwrap();
    assert_eq!(
        ds.dim_len("time"),
        Some(want["dims"]["time"].as_u64().unwrap() as usize)
    );
    assert_eq!(
        ds.data_var_names().len(),
        want["n_data_vars"].as_u64().unwrap() as usize
    );
    check_summary("time", ds.get("time").unwrap(), &want["time"], 0.0);
    let t = ds.time().unwrap();
    assert_eq!(
        t.windows(2).into_iter().all(|w| w[1] > w[0]),
        want["time_strictly_increasing"].as_bool().unwrap()
    );
    assert_attrs_contain("global", ds.attrs(), &want["global_attrs"]);

    // base_time gains the time dim: each file's own value repeated over its times.
    let bt = ds.get("base_time").unwrap();
    let dims: Vec<&str> = want["base_time_dims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(bt.dims(), dims.as_slice());
    let btv = bt.data().as_time().unwrap();
    assert_eq!(format_ns(btv[[0]]), "2019-01-01T00:00:00.000000000");
    assert_eq!(format_ns(btv[[1440]]), "2019-01-02T00:00:00.000000000");
    assert_eq!(format_ns(btv[[10079]]), "2019-01-07T00:00:00.000000000");

    for (name, s) in want["summaries"].as_object().unwrap() {
        check_summary(name, ds.get(name).unwrap(), s, 0.0);
    }
    // Daily means of temp_mean (f64 over stored f32 values, NaN ignored).
    let temp = ds.view::<f32>("temp_mean").unwrap();
    for (day, mean) in want["daily_mean_temp_mean"].as_object().unwrap() {
        let vals: Vec<f64> = t
            .iter()
            .zip(temp.iter())
            .filter(|&(&tt, v)| tt != NAT && format_ns(tt).starts_with(day.as_str()) && !v.is_nan())
            .map(|(_, &v)| f64::from(v))
            .collect();
        let got = atmokit_core::summary::pairwise_sum(&vals) / vals.len() as f64;
        assert_close(&format!("daily mean {day}"), got, mean.as_f64().unwrap(), 1e-12, 0.0);
    }
}

#[test]
fn keep_variables_apply_to_every_file() {
    let files = seven_files();
    let ds = atmokit_netcdf::read_arm_netcdf(
        &files[..2],
        &atmokit_netcdf::ReadOptions::default().keep(&["temp_mean"]),
    )
    .unwrap();
    assert_eq!(ds.names().collect::<Vec<_>>(), vec!["time", "temp_mean"]);
    assert_eq!(ds.dim_len("time"), Some(2880));
}

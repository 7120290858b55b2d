//! `io_read_met_netcdf`: one ARM met file, every dim, variable, dtype, summary and attr.

use atmokit_core::time::format_ns;
use atmokit_tests::{assert_attrs_contain, assert_attrs_equal, check_summary, expected, read_oracle};

#[test]
fn io_read_met_netcdf_matches_act() {
    let want = expected("io_read_met_netcdf");
    let ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");

    // dims and coords
    let dims = want["dims"].as_object().unwrap();
    assert_eq!(ds.dims().len(), dims.len());
    for (k, v) in dims {
        assert_eq!(ds.dim_len(k), Some(v.as_u64().unwrap() as usize), "dim {k}");
    }
    let coords: Vec<&str> = want["coords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ds.coord_names(), coords);

    // every data variable: dims, dtype, shape
    let vars = want["data_vars"].as_object().unwrap();
    assert_eq!(
        ds.data_var_names().len(),
        want["n_data_vars"].as_u64().unwrap() as usize
    );
    for (name, spec) in vars {
        let v = ds.get(name).unwrap_or_else(|e| panic!("{e}"));
        let dims: Vec<&str> = spec[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(v.dims(), dims.as_slice(), "{name} dims");
        assert_eq!(v.dtype().name(), spec[1].as_str().unwrap(), "{name} dtype");
        let shape: Vec<usize> = spec[2]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(v.shape(), shape.as_slice(), "{name} shape");
    }
    // data variables in file order, as xarray lists them
    let order: Vec<&str> = vars.keys().map(String::as_str).collect();
    assert_eq!(ds.data_var_names(), order);

    check_summary("time", ds.get("time").unwrap(), &want["time"], 0.0);
    let bt = ds.get("base_time").unwrap().data().as_time().unwrap()[[]];
    assert_eq!(format_ns(bt), want["base_time"].as_str().unwrap());
    for (k, v) in want["scalars"].as_object().unwrap() {
        let got = ds.view::<f32>(k).unwrap()[[]] as f64;
        assert_eq!(got, v.as_f64().unwrap(), "{k}");
    }
    assert_attrs_contain("global", ds.attrs(), &want["global_attrs"]);
    assert_eq!(
        ds.attrs().len(),
        want["n_global_attrs"].as_u64().unwrap() as usize,
        "number of global attrs"
    );

    for (name, s) in want["summaries"].as_object().unwrap() {
        let v = ds.get(name).unwrap();
        check_summary(name, v, s, 0.0);
        assert_attrs_equal(name, v.attrs(), &s["attrs"]);
    }
}

/// The same numbers through the binary's JSON summary come from `atmokit_core::summary`, which is
/// what this test exercises; the CLI test checks the wiring.
#[test]
fn missing_values_are_nan_and_qc_stays_integer() {
    let ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let qc = ds.get("qc_temp_mean").unwrap();
    assert_eq!(qc.dtype(), atmokit_core::DType::I32);
    let t = ds.get("temp_mean").unwrap();
    assert_eq!(
        t.encoding().missing_value.as_ref().and_then(|v| v.as_f64()),
        Some(-9999.0)
    );
    assert_eq!(t.encoding().dtype, Some(atmokit_core::DType::F32));
}

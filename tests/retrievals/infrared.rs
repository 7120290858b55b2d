//! AERI / IRT retrievals against `ret_aeri_irt.json` and `utils_misc.json` (planck_converter).

use atmokit_retrievals::infrared::aeri2irt::{Aeri2IrtOptions, aeri2irt};
use atmokit_retrievals::infrared::planck::{WnumUnits, planck_converter};
use atmokit_retrievals::infrared::response::IRT_RESPONSE;
use atmokit_retrievals::infrared::sst::{SstOptions, sst_from_irt};
use atmokit_tests::{assert_close, expected, json_f64, read_oracle};

#[test]
fn response_table_matches_act() {
    let want = &expected("ret_aeri_irt")["irt_response_function"];
    for (key, pick) in [("wnum", 0usize), ("rf", 1)] {
        let v: Vec<f64> = IRT_RESPONSE
            .iter()
            .map(|r| if pick == 0 { r.0 as f64 } else { r.1 as f64 })
            .collect();
        for s in want[key]["samples"].as_array().unwrap() {
            let i = s[0][0].as_u64().unwrap() as usize;
            assert_eq!(v[i], json_f64(&s[1]), "{key}[{i}]");
        }
        assert_close(
            &format!("{key} sum"),
            v.iter().sum(),
            json_f64(&want[key]["sum"]),
            1e-12,
            0.0,
        );
    }
}

#[test]
fn aeri2irt_matches_act() {
    let want = &expected("ret_aeri_irt")["aeri2irt"];
    let ds = read_oracle("sgpaerich1C1.b1.20190501.000342.nc");
    let out = aeri2irt(&ds, &Aeri2IrtOptions::default()).unwrap();
    let var = out.get("aeri_irt_equiv_temperature").unwrap();
    assert_eq!(var.units(), Some("K"));
    let v: Vec<f64> = var.data().iter_f64().unwrap().collect();
    let s = &want["aeri_irt_equiv_temperature"];
    assert_eq!(
        v.iter().filter(|x| x.is_nan()).count() as u64,
        s["n_nan"].as_u64().unwrap()
    );
    // Same Brent iterate sequence as SciPy: agreement far inside the 0.1 K tolerance.
    for smp in s["samples"].as_array().unwrap() {
        let i = smp[0][0].as_u64().unwrap() as usize;
        assert_close(&format!("T[{i}]"), v[i], json_f64(&smp[1]), 0.0, 1e-3);
    }
    let nansum: f64 = v.iter().filter(|x| x.is_finite()).sum();
    assert_close("nansum", nansum, json_f64(&s["nansum"]), 0.0, 1e-2);
    assert_eq!(nansum.round(), 17372.0);
    let n = v.len();
    assert_close("ACT test [7]", v[7], 286.081, 0.0, 1e-3);
    assert_close("ACT test [-10]", v[n - 10], 285.366, 0.0, 1e-3);
}

#[test]
fn sst_from_irt_matches_act() {
    let want = &expected("ret_aeri_irt")["sst_from_irt"];
    let ds = read_oracle("marirtsstM1.b1.20190320.000000.nc");
    let out = sst_from_irt(&ds, &SstOptions::default()).unwrap();
    let v: Vec<f64> = out
        .get("sea_surface_temperature")
        .unwrap()
        .data()
        .iter_f64()
        .unwrap()
        .collect();
    let s = &want["sea_surface_temperature"];
    for smp in s["samples"].as_array().unwrap() {
        let i = smp[0][0].as_u64().unwrap() as usize;
        assert_close(&format!("sst[{i}]"), v[i], json_f64(&smp[1]), 0.0, 1e-3);
    }
    assert_close(
        "nansum",
        v.iter().filter(|x| x.is_finite()).sum(),
        json_f64(&s["nansum"]),
        0.0,
        1e-2,
    );
    assert_close("ACT test [0]", v[0], 278.901, 0.0, 1e-3);
    assert_close("ACT test [-1]", v[v.len() - 1], 279.291, 0.0, 1e-3);
}

#[test]
fn planck_converter_matches_act() {
    for case in expected("utils_misc")["planck_converter"].as_array().unwrap() {
        let kw = &case["kwargs"];
        let wn: Vec<f64> = match &kw["wnum"] {
            serde_json::Value::Array(a) => a.iter().map(json_f64).collect(),
            v => vec![json_f64(v)],
        };
        let res: Vec<f64> = match &case["result"] {
            serde_json::Value::Array(a) => a.iter().map(json_f64).collect(),
            v => vec![json_f64(v)],
        };
        let rad = kw.get("radiance").map(json_f64);
        let temp = kw.get("temperature").map(json_f64);
        for (w, r) in wn.iter().zip(&res) {
            let got = planck_converter(*w, rad, temp, WnumUnits::PerCm).unwrap();
            assert_close(&format!("planck {kw}"), got, *r, 1e-12, 0.0);
        }
    }
}

#[test]
fn sst_wrong_units_error() {
    let mut ds = read_oracle("marirtsstM1.b1.20190320.000000.nc");
    ds.get_mut("sky_ir_temp")
        .unwrap()
        .attrs_mut()
        .insert("units".into(), "W/m^2".into());
    let e = sst_from_irt(&ds, &SstOptions::default()).unwrap_err().to_string();
    assert!(e.contains("sky_ir_temp"), "{e}");
}

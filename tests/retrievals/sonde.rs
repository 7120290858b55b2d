//! Sonde retrievals against `ret_sonde.json` (ACT 2.3.4 + MetPy 1.7.1).

use atmokit_retrievals::sonde::pwv::{PwvMethod, calculate_precipitable_water};
use atmokit_retrievals::sonde::stability::{
    StabilityOptions, calculate_stability_indices, calculate_stability_indicies,
};
use atmokit_tests::{assert_close, expected, json_f64, read_oracle};

const SGP: &str = "sgpsondewnpnC1.b1.20190101.053200.cdf";

fn scalar(ds: &atmokit_core::Dataset, name: &str) -> f64 {
    atmokit_tests::first_f64(ds, name)
}

#[test]
fn precipitable_water_matches_act() {
    let want = expected("ret_sonde");
    let ds = read_oracle(SGP);
    let act = json_f64(&want["precipitable_water"]["value_cm"]);
    let got = calculate_precipitable_water(&ds, "tdry", "rh", "pres", PwvMethod::ActCompatible).unwrap();
    // ACT accumulates float32 numpy scalars (~1e-5 relative rounding); f64 here.
    assert_close("pwv act-compatible", got, act, 5e-5, 0.0);
    assert_close("pwv ACT unit test", got, 0.8028, 0.0, 5e-5);
    // The consistent method differs only by the kPa/hPa mix and the skipped top level (< 1 %).
    let fixed = calculate_precipitable_water(&ds, "tdry", "rh", "pres", PwvMethod::Consistent).unwrap();
    assert_close("pwv consistent", fixed, act, 1e-2, 0.0);
    assert!(fixed != got);
}

#[test]
fn stability_indices_match_act_with_acts_level_drop() {
    let want = &expected("ret_sonde")["stability_indices"];
    let ds = read_oracle(SGP);
    // ACT drops the lowest-pressure level (the last one of this sonde); reproduce that input.
    let n = ds.dim_len("time").unwrap();
    let keep: Vec<usize> = (0..n - 1).collect();
    let cut = ds.isel("time", &keep).unwrap();
    let out = calculate_stability_indicies(&cut, &StabilityOptions::sondewnpn()).unwrap();
    let sc = &want["scalars"];
    for name in [
        "surface_based_cape",
        "surface_based_cin",
        "most_unstable_cape",
        "most_unstable_cin",
        "lifted_index",
        "lifted_condensation_level_temperature",
        "lifted_condensation_level_pressure",
    ] {
        let w = json_f64(&sc[name]["value"]);
        assert_close(name, scalar(&out, name), w, 1e-3, 1e-9);
        assert_eq!(
            out.get(name).unwrap().units(),
            sc[name]["units"].as_str(),
            "{name} units"
        );
        assert_eq!(
            out.get(name).unwrap().long_name(),
            sc[name]["long_name"].as_str(),
            "{name} long_name"
        );
    }
    // parcel temperature samples (K)
    let parcel = out.get("parcel_temperature").unwrap().data().to_f64().unwrap();
    assert_eq!(parcel.len(), 4175);
    for s in want["parcel_temperature"]["samples"].as_array().unwrap() {
        let i = s[0][0].as_u64().unwrap() as usize;
        assert_close(
            &format!("parcel_temperature[{i}]"),
            parcel[[i]],
            json_f64(&s[1]),
            1e-5,
            0.0,
        );
    }
    // ACT's unit-test values
    for (i, v) in [269.85, 269.745276, 269.678006, 269.622444, 269.572331]
        .iter()
        .enumerate()
    {
        assert_close("ACT test parcel", parcel[[i]], *v, 0.0, 1e-5);
    }
}

#[test]
fn stability_indices_full_profile_and_real_lfc() {
    let ds = read_oracle(SGP);
    let out = calculate_stability_indices(&ds, &StabilityOptions::sondewnpn()).unwrap();
    assert_eq!(out.get("parcel_temperature").unwrap().len(), 4176, "all levels kept");
    // MetPy 1.7.1 on the full sorted profile (computed independently in a venv):
    // lfc = 927.137486 hPa (equal to the LCL), surface_based_cape = 0.98451972 J/kg,
    // parcel temperature at the top level 97.38320942674736 K.
    assert_close("lfc", scalar(&out, "level_of_free_convection"), 927.137486, 1e-6, 0.0);
    assert_close("sbcape full", scalar(&out, "surface_based_cape"), 0.98451972, 1e-3, 0.0);
    let parcel = out.get("parcel_temperature").unwrap().data().to_f64().unwrap();
    assert_close("parcel top", parcel[[4175]], 97.38320942674736, 1e-5, 0.0);
}

#[test]
fn stability_wrong_units_and_missing_variable_are_errors() {
    let mut ds = read_oracle(SGP);
    ds.get_mut("tdry")
        .unwrap()
        .attrs_mut()
        .insert("units".into(), "furlong".into());
    let e = calculate_stability_indices(&ds, &StabilityOptions::sondewnpn())
        .unwrap_err()
        .to_string();
    assert!(e.contains("tdry") && e.contains("furlong"), "{e}");
    let e = calculate_stability_indices(&ds, &StabilityOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("temperature"), "{e}");
}

mod pbl {
    use atmokit_retrievals::sonde::heffter::calculate_pbl_heffter;
    use atmokit_retrievals::sonde::liu_liang::{LiuLiangOptions, calculate_pbl_liu_liang};
    use atmokit_retrievals::sonde::preprocess::SondeNames;
    use atmokit_tests::{assert_close, expected, json_f64, read_oracle};

    fn scalar(ds: &atmokit_core::Dataset, name: &str) -> f64 {
        atmokit_tests::first_f64(ds, name)
    }

    fn regime(ds: &atmokit_core::Dataset) -> String {
        match ds.get("pblht_regime_liu_liang").unwrap().data() {
            atmokit_core::Data::Str(a) => a.iter().next().unwrap().clone(),
            other => panic!("regime not text: {other:?}"),
        }
    }

    /// ACT's test sets tdry units to 'degree_Celsius' (the TWP files say 'C').
    fn read(name: &str) -> atmokit_core::Dataset {
        read_oracle(name)
    }

    #[test]
    fn liu_liang_land_five_sondes() {
        let want = expected("ret_sonde");
        let opts = LiuLiangOptions {
            smooth_height: 10,
            ..Default::default()
        };
        for r in want["pbl_liu_liang"]["results"].as_array().unwrap() {
            let f = r["file"].as_str().unwrap();
            let out = calculate_pbl_liu_liang(&read(f), &opts).unwrap();
            assert_close(
                f,
                scalar(&out, "pblht_liu_liang"),
                json_f64(&r["pblht_liu_liang"]),
                0.0,
                1e-3,
            );
            assert_eq!(regime(&out), r["regime"].as_str().unwrap(), "{f}");
        }
    }

    #[test]
    fn liu_liang_ocean_parameters() {
        let want = expected("ret_sonde");
        let opts = LiuLiangOptions {
            land_parameter: false,
            ..Default::default()
        };
        for r in want["pbl_liu_liang"]["water"].as_array().unwrap() {
            let f = r["file"].as_str().unwrap();
            let out = calculate_pbl_liu_liang(&read(f), &opts).unwrap();
            assert_eq!(regime(&out), r["regime"].as_str().unwrap(), "{f}");
            assert_close(
                f,
                scalar(&out, "pblht_liu_liang"),
                json_f64(&r["pblht_liu_liang"]),
                0.0,
                1e-3,
            );
        }
    }

    #[test]
    fn heffter_matches_act() {
        let want = &expected("ret_sonde")["pbl_heffter"];
        let f = want["file"].as_str().unwrap();
        let out = calculate_pbl_heffter(&read(f), &SondeNames::default(), 3, 5.0).unwrap();
        assert_close(
            "pblht_heffter",
            scalar(&out, "pblht_heffter"),
            json_f64(&want["pblht_heffter"]),
            0.0,
            1e-3,
        );
        for name in ["bottom_inversion", "top_inversion"] {
            let got = out.get(name).unwrap().data().to_f64().unwrap();
            let w: Vec<f64> = want[name]["samples"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| json_f64(&s[1]))
                .collect();
            assert_eq!(got.iter().copied().collect::<Vec<_>>(), w, "{name}");
        }
        for name in ["atm_pres_ss", "potential_temperature_ss"] {
            let got = out.get(name).unwrap().data().to_f64().unwrap();
            assert_eq!(
                got.len(),
                want[name]["shape"][0].as_u64().unwrap() as usize,
                "{name} length"
            );
            for s in want[name]["samples"].as_array().unwrap() {
                let i = s[0][0].as_u64().unwrap() as usize;
                assert_close(&format!("{name}[{i}]"), got[[i]], json_f64(&s[1]), 1e-6, 0.0);
            }
        }
    }

    #[test]
    fn too_short_sonde_is_an_error() {
        let ds = read_oracle("twpsondewnpnC3.b1.20060121.171600.custom.cdf");
        let keep: Vec<usize> = (0..40).collect();
        let short = ds.isel("time", &keep).unwrap();
        let e = calculate_pbl_heffter(&short, &SondeNames::default(), 3, 5.0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("1000 m") || e.contains("monotonic"), "{e}");
        let one = ds.isel("time", &[0]).unwrap();
        assert!(calculate_pbl_liu_liang(&one, &LiuLiangOptions::default()).is_err());
    }
}

#[test]
fn sonde_with_nans_still_retrieves() {
    let mut ds = read_oracle(SGP);
    {
        let v = ds.get_mut("tdry").unwrap();
        let mut a = v.data_mut().view_mut::<f32>().unwrap();
        for i in 100..110 {
            a[[i]] = f32::NAN;
        }
    }
    let out = calculate_stability_indices(&ds, &StabilityOptions::sondewnpn()).unwrap();
    assert_eq!(out.get("parcel_temperature").unwrap().len(), 4166, "NaN levels dropped");
    // the surface parcel is unchanged, so LCL and the ACT-reference LCL agree
    assert_close(
        "lcl p",
        scalar(&out, "lifted_condensation_level_pressure"),
        927.1374061544744,
        1e-6,
        0.0,
    );
    let pw = calculate_precipitable_water(&ds, "tdry", "rh", "pres", PwvMethod::Consistent).unwrap();
    assert!(pw.is_finite() && (pw - 0.8028).abs() < 0.01, "{pw}");
    // ACT's formula lets NaN through
    let act = calculate_precipitable_water(&ds, "tdry", "rh", "pres", PwvMethod::ActCompatible).unwrap();
    assert!(act.is_nan());
    // one level: errors, no panic
    let one = ds.isel("time", &[0]).unwrap();
    assert!(calculate_stability_indices(&one, &StabilityOptions::sondewnpn()).is_err());
    assert!(calculate_precipitable_water(&one, "tdry", "rh", "pres", PwvMethod::Consistent).is_err());
}

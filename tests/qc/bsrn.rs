//! BSRN limit, comparison and normalized-irradiance (K) tests on the BRS day
//! `sgpbrsC1.b1.20190705`, data modified as in ACT's `test_bsrn_limits_test` /
//! `test_normalized_rradiance_test`. Expected counts: ACT 2.3.4 run on this file (they equal the
//! values ACT's current unit tests assert; ACT's older unit tests list an older variant for the
//! diffuse tests 2 and 4). The closure test uses the corrected formula; its expected count was
//! computed with numpy from global / (diffuse + DNI·μ0) on the same modified data.

use atmokit_core::{Dataset, Variable};
use atmokit_physics::solar::{Refraction, get_solar_azimuth_elevation};
use atmokit_qc::bsrn::{BsrnLevel, BsrnVariables, bsrn_limits_test};
use atmokit_qc::bsrn_compare::{ComparisonTest, LwComponents, bsrn_comparison_tests};
use atmokit_qc::bsrn_normalized::{NormalizedInputs, NormalizedTest, normalized_irradiance_test};
use atmokit_qc::{TestOptions, get_qc_test_index, get_qc_test_mask};
use atmokit_tests::read_oracle;

const FILE: &str = "sgpbrsC1.b1.20190705.000000.cdf";

/// Solar zenith (deg, standard refraction as ACT) and mean Sun–Earth distance (AU).
fn solar(ds: &Dataset) -> (Vec<f64>, f64) {
    let scalar = |n: &str| atmokit_tests::first_f64(ds, n);
    let t: Vec<i64> = ds.time().unwrap().to_vec();
    let g = get_solar_azimuth_elevation(scalar("lat"), scalar("lon"), &t, Refraction::Standard).unwrap();
    let d = g.distance_au.iter().sum::<f64>() / g.distance_au.len() as f64;
    (g.elevation.iter().map(|e| 90.0 - e).collect(), d)
}

fn add(ds: &mut Dataset, v: &str, edits: &[(usize, usize, f32)]) {
    let mut d = ds.get_mut(v).unwrap().data_mut().view_mut::<f32>().unwrap();
    for &(a, b, x) in edits {
        (a..b).for_each(|i| d[[i]] += x);
    }
}

fn counts(ds: &Dataset, v: &str, n: u32) -> Vec<usize> {
    (1..=n)
        .map(|t| {
            get_qc_test_mask(ds, &format!("qc_{v}"), t)
                .unwrap()
                .iter()
                .filter(|&&b| b)
                .count()
        })
        .collect()
}

#[test]
fn brs_limits_and_comparisons() {
    let mut ds = read_oracle(FILE);
    let qcs: Vec<String> = ds.names().filter(|n| n.starts_with("qc_")).map(String::from).collect();
    qcs.iter().for_each(|n| {
        ds.remove(n);
    });
    let nt = ds.dim_len("time").unwrap();
    ds.insert(
        "temp_mean",
        Variable::new(["time"], vec![13.5f64; nt])
            .unwrap()
            .with_attr("units", "degC"),
    )
    .unwrap();
    let mut sd = ds.get("short_direct_normal").unwrap().clone();
    sd.data_mut().view_mut::<f32>().unwrap().mapv_inplace(|x| x * 0.5);
    sd.attrs_mut()
        .insert("ancillary_variables".into(), "qc_short_direct".into());
    ds.insert("short_direct", sd).unwrap();
    let lwd = ds.get("down_long_hemisp_shaded").unwrap().data().clone();
    *ds.get_mut("up_long_hemisp").unwrap().data_mut() = lwd;
    let swd = ds.get("down_short_hemisp").unwrap().data().clone();
    *ds.get_mut("up_short_hemisp").unwrap().data_mut() = swd;
    add(
        &mut ds,
        "down_short_hemisp",
        &[(200, 300, -10.0), (800, 850, 330.0), (1340, 1380, 600.0)],
    );
    let neg = [(200, 250, -1.9), (250, 300, -3.9)];
    let e = |a: f32, b: f32| [neg[0], neg[1], (800, 850, a), (1340, 1380, b)];
    add(&mut ds, "down_short_diffuse_hemisp", &e(330.0, 600.0));
    add(&mut ds, "short_direct_normal", &e(600.0, 800.0));
    add(&mut ds, "short_direct", &e(300.0, 800.0));
    let lw = |a: f32, b: f32| [(200, 250, -355.0), (250, 300, -400.0), (800, 850, a), (1340, 1380, b)];
    add(&mut ds, "down_long_hemisp_shaded", &lw(200.0, 400.0));
    add(&mut ds, "up_long_hemisp", &lw(300.0, 500.0));

    let (sza, d) = solar(&ds);
    let s = |x: &str| Some(x.to_string());
    let vars = BsrnVariables {
        gbl_sw_dn: s("down_short_hemisp"),
        glb_diffuse_sw_dn: s("down_short_diffuse_hemisp"),
        direct_normal_sw_dn: s("short_direct_normal"),
        direct_sw_dn: s("short_direct"),
        glb_sw_up: s("up_short_hemisp"),
        glb_lw_dn: s("down_long_hemisp_shaded"),
        glb_lw_up: s("up_long_hemisp"),
    };
    let o = TestOptions::default();
    bsrn_limits_test(&mut ds, BsrnLevel::PhysicallyPossible, &vars, &sza, d, 1366.0, &o).unwrap();
    bsrn_limits_test(&mut ds, BsrnLevel::ExtremelyRare, &vars, &sza, d, 1366.0, &o).unwrap();
    assert_eq!(counts(&ds, "down_short_hemisp", 4), vec![100, 26, 337, 66]);
    assert_eq!(counts(&ds, "down_short_diffuse_hemisp", 4), vec![50, 56, 100, 90]);
    assert_eq!(counts(&ds, "short_direct_normal", 4), vec![46, 26, 94, 38]);
    assert_eq!(counts(&ds, "short_direct", 4), vec![41, 607, 89, 79]);
    assert_eq!(counts(&ds, "up_short_hemisp", 4), vec![0, 0, 337, 0]);
    assert_eq!(counts(&ds, "down_long_hemisp_shaded", 4), vec![50, 40, 89, 90]);
    assert_eq!(counts(&ds, "up_long_hemisp", 4), vec![50, 40, 89, 90]);

    add(
        &mut ds,
        "down_short_diffuse_hemisp",
        &[(0, 100, 100.0), (714, 814, 50.0)],
    );
    add(&mut ds, "up_long_hemisp", &[(0, 100, -200.0)]);
    let cmp = BsrnVariables {
        direct_sw_dn: None,
        ..vars
    };
    let tests = [
        "Global over Sum SW Ratio",
        "Diffuse Ratio",
        "SW up",
        "LW down to air temp",
        "LW up to air temp",
        "LW down to LW up",
    ]
    .map(|t| ComparisonTest::parse(t).unwrap());
    let r = bsrn_comparison_tests(
        &mut ds,
        &tests,
        &cmp,
        Some("temp_mean"),
        &sza,
        LwComponents::default(),
        &o,
    )
    .unwrap();
    assert_eq!(r.len(), 12);
    assert_eq!(counts(&ds, "down_short_hemisp", 6)[4..], [276, 103]);
    assert_eq!(counts(&ds, "down_short_diffuse_hemisp", 7)[4..], [276, 103, 226]);
    assert_eq!(counts(&ds, "short_direct_normal", 6)[4..], [276, 226]);
    assert_eq!(counts(&ds, "up_short_hemisp", 5)[4..], [226]);
    assert_eq!(counts(&ds, "down_long_hemisp_shaded", 6)[4..], [976, 100]);
    assert_eq!(counts(&ds, "up_long_hemisp", 6)[4..], [290, 100]);
    assert_eq!(
        r[0].test_meaning,
        "Ratio of Global over Sum shortwave larger than expected"
    );

    // Corrected closure: numpy on the same data gives 276 samples, index sum 165614.
    let r = bsrn_comparison_tests(
        &mut ds,
        &[ComparisonTest::Closure],
        &cmp,
        None,
        &sza,
        LwComponents::default(),
        &o,
    )
    .unwrap();
    let idx = get_qc_test_index(&ds, "qc_down_short_hemisp", r[2].test_number).unwrap();
    assert_eq!((idx.len(), idx.iter().sum::<usize>()), (276, 165614));
}

#[test]
fn brs_normalized_irradiance() {
    let mut ds = read_oracle(FILE);
    add(&mut ds, "short_direct_normal", &[(1050, 1100, 400.0)]);
    let (sza, d) = solar(&ds);
    let alt = ds
        .get("alt")
        .unwrap()
        .data()
        .to_f64()
        .unwrap()
        .iter()
        .next()
        .copied()
        .unwrap();
    assert_eq!(ds.get("alt").unwrap().attr_str("units"), Some("m"));
    let inp = NormalizedInputs {
        dni: Some("short_direct_normal".into()),
        dhi: Some("down_short_diffuse_hemisp".into()),
        ghi: Some("down_short_hemisp".into()),
        altitude_m: alt,
        sun_earth_au: d,
        upper_total: 1.4,
        upper_diffuse: 0.6,
    };
    let tests = [
        "Clearness index",
        "Upper total transmittance",
        "Upper direct transmittance",
        "Upper diffuse transmittance",
    ]
    .map(|t| NormalizedTest::parse(t).unwrap());
    // ACT reads with keep_variables (no qc_* variables): start from fresh QC variables.
    for v in ["short_direct_normal", "down_short_diffuse_hemisp"] {
        ds.remove(&format!("qc_{v}"));
    }
    let r = normalized_irradiance_test(&mut ds, &tests, &inp, &sza, &TestOptions::default()).unwrap();
    let idxsum = |i: usize| -> usize {
        get_qc_test_index(&ds, &r[i].qc_variable_name, r[i].test_number)
            .unwrap()
            .iter()
            .sum()
    };
    // Order: clearness (dni, dhi), total (dni, dhi), direct (dni), diffuse (dhi).
    assert_eq!([idxsum(0), idxsum(2), idxsum(4)], [15780, 789, 18547]);
    assert_eq!([idxsum(1), idxsum(3), idxsum(5)], [15780, 789, 2367]);
    assert_eq!(r[3].test_meaning, "Total transmittance greater than 1.4");
    assert_eq!(r[5].test_meaning, "Diffuse transmittance greater than 0.6");
}

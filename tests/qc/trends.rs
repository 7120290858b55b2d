//! `compare_time_series_trends` on the MET1 day. Expected meanings and flag counts from Python ACT
//! 2.3.4 on the same data: a copy 1 h later in K → "off by 3600 seconds" (threshold 600), all
//! 1440 flagged; a copy 1230 s earlier → "off by -1200 seconds" (nearest-time ties go to the
//! later sample), all flagged.

use atmokit_core::Data;
use atmokit_qc::trends::{TrendOptions, compare_time_series_trends};
use atmokit_qc::{TestOptions, get_qc_test_index};
use atmokit_tests::read_oracle;

fn shifted(ds: &atmokit_core::Dataset, s: i64) -> atmokit_core::Dataset {
    let mut c = ds.clone();
    let t = c.get_mut("time").unwrap().data_mut();
    if let Data::Time(a) = t {
        a.mapv_inplace(|v| v + s * 1_000_000_000);
    }
    c
}

#[test]
fn met_time_shift() {
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    // ACT's run read only temp_mean and atmos_pressure (no qc_* variables).
    let qcs: Vec<String> = ds.names().filter(|n| n.starts_with("qc_")).map(String::from).collect();
    for n in &qcs {
        ds.remove(n);
    }
    let mut later = shifted(&ds, 3600);
    {
        let v = later.get_mut("temp_mean").unwrap();
        v.data_mut().view_mut::<f32>().unwrap().mapv_inplace(|x| x + 273.15);
        v.attrs_mut().insert("units".into(), "K".into());
    }
    let o = TrendOptions {
        time_qc_threshold: 600,
        ..Default::default()
    };
    let r = compare_time_series_trends(&mut ds, "temp_mean", Some(&later), None, &o, &TestOptions::default()).unwrap();
    assert_eq!(
        r.test_meaning,
        "Time shift detected with Minimum Difference test. Comparison of temp_mean with temp_mean off by 3600 \
         seconds exceeding absolute threshold of 600 seconds."
    );
    assert_eq!((r.test_number, r.test_assessment.as_str()), (1, "Indeterminate"));
    assert_eq!(
        get_qc_test_index(&ds, &r.qc_variable_name, r.test_number)
            .unwrap()
            .len(),
        1440
    );

    let earlier = shifted(&ds, -1230);
    let o = TrendOptions::default();
    let r = compare_time_series_trends(
        &mut ds,
        "atmos_pressure",
        Some(&earlier),
        None,
        &o,
        &TestOptions::default(),
    )
    .unwrap();
    assert!(
        r.test_meaning
            .ends_with("off by -1200 seconds exceeding absolute threshold of 900 seconds.")
    );
    assert_eq!(
        get_qc_test_index(&ds, &r.qc_variable_name, r.test_number)
            .unwrap()
            .len(),
        1440
    );
}

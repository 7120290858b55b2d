//! FFT shading test on the MFRSR file after cleanup (ACT 2.3.4's unit tests: nansum(QC) = 7164).
//! Flagged count / index sum and the `fft` / `fft_freq` nansums were computed with Python ACT
//! 2.3.4 on the same file (756 samples, index sum 1137240; 4188.853681112949; 1652.1258333333333).

use atmokit_physics::solar::is_sun_visible;
use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_qc::radiometer::{FftShadingOptions, fft_shading_test};
use atmokit_qc::{TestOptions, get_qc_test_index};
use atmokit_tests::read_oracle;

#[test]
fn mfrsr_fft_shading() {
    let mut ds = read_oracle("sgpmfrsr7nchE11.b1.20210329.070000.nc");
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    let v = "diffuse_hemisp_narrowband_filter4";
    let scalar = |n: &str| atmokit_tests::first_f64(&ds, n);
    let t: Vec<i64> = ds.time().unwrap().to_vec();
    let sun = is_sun_visible(scalar("lat"), scalar("lon"), &t).unwrap();
    let r = fft_shading_test(&mut ds, v, &sun, &FftShadingOptions::default(), &TestOptions::default()).unwrap();
    assert_eq!(
        (r.test_number, r.test_meaning.as_str(), r.test_assessment.as_str()),
        (4, "FFT Shading Test", "Bad")
    );
    let idx = get_qc_test_index(&ds, "qc_diffuse_hemisp_narrowband_filter4", 4).unwrap();
    assert_eq!((idx.len(), idx.iter().sum::<usize>()), (756, 1137240));
    assert_eq!(&idx[..4], &[1107, 1108, 1110, 1111]);
    let q = ds
        .get("qc_diffuse_hemisp_narrowband_filter4")
        .unwrap()
        .data()
        .to_f64()
        .unwrap();
    assert_eq!(q.iter().sum::<f64>(), 7164.0);
    let nansum = |n: &str| -> f64 {
        ds.get(n)
            .unwrap()
            .data()
            .to_f64()
            .unwrap()
            .iter()
            .filter(|x| x.is_finite())
            .sum()
    };
    atmokit_tests::assert_close("fft nansum", nansum("fft"), 4188.853681112949, 1e-6, 0.0);
    atmokit_tests::assert_close("fft_freq nansum", nansum("fft_freq"), 1652.1258333333333, 1e-9, 0.0);
}

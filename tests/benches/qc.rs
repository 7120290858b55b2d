//! Benchmarks: QC tests, as ACT's `bench_act.py` runs them (missing value, less than the 5th
//! percentile, greater than the 95th, outside 10th–90th, delta ≥ std of the differences) on new
//! QC variables.
//!
//! - `qc_5_tests_10_vars_2.59M`: ten float32 variables × 2,592,000 samples (30 days at 1 s, a
//!   diurnal sine + noise, 0.1 % NaN) built in memory; ACT 18.8 s, target ≤ 0.2 s on one core;
//! - `qc_5_tests_met_day_all_vars`: every 1-D float variable of `sgpmetE13.b1.20190101` (ACT
//!   171 ms, target ≤ 2 ms).
//!
//! - `fft_shading_mfrsr_day`, `gesd_irt_day`: the FFT shading test on the MFRSR file and the GESD
//!   test on the IRT file.
//!
//! Each iteration starts from a copy without QC variables (the copy is not timed).

use atmokit_core::{Dataset, Variable};
use atmokit_qc::*;
use criterion::{BatchSize, Criterion};

const N: usize = 30 * 86_400;

fn synthetic() -> Dataset {
    let mut ds = Dataset::new();
    let secs: Vec<i64> = (0..N as i64)
        .map(|i| i * 1_000_000_000 + 1_546_300_800_000_000_000)
        .collect();
    ds.insert("time", Variable::time("time", secs)).unwrap();
    let specs = [
        ("temp_mean", 10.0, 8.0),
        ("rh_mean", 60.0, 20.0),
        ("atmos_pressure", 98.0, 1.0),
        ("wspd_arith_mean", 5.0, 3.0),
        ("wspd_vec_mean", 4.8, 3.0),
        ("wdir_vec_mean", 180.0, 90.0),
        ("vapor_pressure_mean", 1.0, 0.3),
        ("org_precip_rate_mean", 0.2, 0.5),
        ("logger_temp", 15.0, 8.0),
        ("logger_volt", 12.5, 0.3),
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for (k, (name, mean, amp)) in specs.iter().enumerate() {
        let phase = k as f64 * 0.6;
        let x: Vec<f32> = (0..N)
            .map(|i| {
                if uniform() < 0.001 {
                    return f32::NAN;
                }
                let day = 2.0 * std::f64::consts::PI * i as f64 / 86_400.0;
                let noise = (uniform() + uniform() + uniform() - 1.5) * amp * 0.1;
                (mean + amp * (day + phase).sin() + noise) as f32
            })
            .collect();
        let v = Variable::new(["time"], x)
            .unwrap()
            .with_attr("long_name", name.replace('_', " "))
            .with_attr("units", "1");
        ds.insert(name, v).unwrap();
    }
    ds
}

/// (p5, p95, p10, p90, std of differences) per variable, as `qc_limits` of bench_act.py.
fn limits(ds: &Dataset, names: &[String]) -> Vec<(f64, f64, f64, f64, f64)> {
    names
        .iter()
        .map(|n| {
            let x: Vec<f64> = ds.get(n).unwrap().data().to_f64().unwrap().iter().copied().collect();
            let mut f: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
            f.sort_by(f64::total_cmp);
            let p = |q: f64| {
                if f.is_empty() {
                    0.0
                } else {
                    f[((f.len() - 1) as f64 * q) as usize]
                }
            };
            let d: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).filter(|v| v.is_finite()).collect();
            let m = d.iter().sum::<f64>() / d.len().max(1) as f64;
            let sd = (d.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / d.len().max(1) as f64).sqrt();
            (p(0.05), p(0.95), p(0.10), p(0.90), if sd > 0.0 { sd } else { 1.0 })
        })
        .collect()
}

fn five_tests(ds: &mut Dataset, names: &[String], lim: &[(f64, f64, f64, f64, f64)]) {
    let o = TestOptions::default();
    for (n, &(lo5, hi95, lo10, hi90, d)) in names.iter().zip(lim) {
        add_missing_value_test(ds, n, None, &o).unwrap();
        add_less_test(ds, n, lo5, &o).unwrap();
        add_greater_test(ds, n, hi95, &o).unwrap();
        add_outside_test(ds, n, lo10, hi90, &o).unwrap();
        add_delta_test(ds, n, d, &o).unwrap();
    }
}

fn float_1d_vars(ds: &Dataset) -> Vec<String> {
    ds.variables()
        .filter(|(n, v)| !n.starts_with("qc_") && v.dims() == ["time"] && v.dtype().is_float())
        .map(|(n, _)| n.to_string())
        .collect()
}

fn main() {
    let mut c = Criterion::default().sample_size(10).configure_from_args();

    let big = synthetic();
    let names = float_1d_vars(&big);
    let lim = limits(&big, &names);
    c.bench_function("qc_5_tests_10_vars_2.59M", |b| {
        b.iter_batched_ref(|| big.clone(), |ds| five_tests(ds, &names, &lim), BatchSize::LargeInput)
    });
    drop(big);

    let mut day = atmokit_tests::read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let qcs: Vec<String> = day
        .names()
        .filter(|n| n.starts_with("qc_"))
        .map(str::to_string)
        .collect();
    for q in qcs {
        day.remove(&q);
    }
    let names: Vec<String> = float_1d_vars(&day);
    for n in &names {
        day.get_mut(n).unwrap().attrs_mut().shift_remove("ancillary_variables");
    }
    let lim = limits(&day, &names);
    eprintln!("met day: {} float variables", names.len());
    c.bench_function("qc_5_tests_met_day_all_vars", |b| {
        b.iter_batched_ref(|| day.clone(), |ds| five_tests(ds, &names, &lim), BatchSize::SmallInput)
    });

    // FFT shading test on the MFRSR day after cleanup (sun-up flags computed once, not timed).
    // Python ACT 2.3.4: 3.8 s on this machine (dask, 2 cores).
    let mut mfrsr = atmokit_tests::read_oracle("sgpmfrsr7nchE11.b1.20210329.070000.nc");
    atmokit_qc::cleanup::cleanup(&mut mfrsr, &atmokit_qc::cleanup::CleanupOptions::default()).unwrap();
    let scalar = |d: &Dataset, n: &str| atmokit_tests::first_f64(d, n);
    let t: Vec<i64> = mfrsr.time().unwrap().to_vec();
    let sun = atmokit_physics::solar::is_sun_visible(scalar(&mfrsr, "lat"), scalar(&mfrsr, "lon"), &t).unwrap();
    let fo = atmokit_qc::radiometer::FftShadingOptions::default();
    c.bench_function("fft_shading_mfrsr_day", |b| {
        b.iter_batched_ref(
            || mfrsr.clone(),
            |ds| {
                let v = "diffuse_hemisp_narrowband_filter4";
                atmokit_qc::radiometer::fft_shading_test(ds, v, &sun, &fo, &TestOptions::default()).unwrap()
            },
            BatchSize::SmallInput,
        )
    });

    // GESD (5 outliers) on the IRT day (4320 samples).
    let irt = atmokit_tests::read_oracle("sgpirt25m20sC1.a0.20190601.000000.cdf");
    c.bench_function("gesd_irt_day", |b| {
        b.iter_batched_ref(
            || irt.clone(),
            |ds| {
                add_gesd_test(
                    ds,
                    "inst_up_long_dome_resist",
                    &GesdOptions::default(),
                    &TestOptions::default(),
                )
                .unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    c.final_summary();
}

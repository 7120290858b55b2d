//! Benchmarks: retrievals on real ARM files from the oracle folder.
//!
//! - `stability_indices_sgp_sonde`: `calculate_stability_indices` on
//!   `sgpsondewnpnC1.b1.20190101.053200` (4176 levels: parcel profile, SB and MU CAPE/CIN, LCL,
//!   LFC, LI);
//! - `vad_winds_ppi_file`: `compute_winds_from_ppi` on `sgpdlppiC1.b1.20191015.120023`
//!   (8 rays × 4000 gates);
//! - `liu_liang_sgp_sonde`, `aeri2irt_day`: smaller companions.
//!
//! ACT 2.3.4 times on the same files (same machine, `timeit` in a venv) are in the crate docs
//! and the lead's report.

use atmokit_retrievals::doppler::vad::{PpiOptions, compute_winds_from_ppi};
use atmokit_retrievals::infrared::aeri2irt::{Aeri2IrtOptions, aeri2irt};
use atmokit_retrievals::sonde::liu_liang::{LiuLiangOptions, calculate_pbl_liu_liang};
use atmokit_retrievals::sonde::stability::{StabilityOptions, calculate_stability_indices};
use atmokit_tests::read_oracle;
use criterion::Criterion;

fn benches(c: &mut Criterion) {
    let sonde = read_oracle("sgpsondewnpnC1.b1.20190101.053200.cdf");
    let opts = StabilityOptions::sondewnpn();
    c.bench_function("stability_indices_sgp_sonde", |b| {
        b.iter(|| calculate_stability_indices(&sonde, &opts).unwrap())
    });
    let ll = LiuLiangOptions {
        smooth_height: 10,
        ..Default::default()
    };
    c.bench_function("liu_liang_sgp_sonde", |b| {
        b.iter(|| calculate_pbl_liu_liang(&sonde, &ll).unwrap())
    });
    let ppi = read_oracle("sgpdlppiC1.b1.20191015.120023.cdf");
    let popts = PpiOptions {
        intensity_name: Some("intensity".into()),
        ..Default::default()
    };
    c.bench_function("vad_winds_ppi_file", |b| {
        b.iter(|| compute_winds_from_ppi(&ppi, &popts).unwrap())
    });
    let aeri = read_oracle("sgpaerich1C1.b1.20190501.000342.nc");
    c.bench_function("aeri2irt_68_spectra", |b| {
        b.iter(|| aeri2irt(&aeri, &Aeri2IrtOptions::default()).unwrap())
    });
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}

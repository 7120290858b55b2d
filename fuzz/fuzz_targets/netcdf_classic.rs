//! libFuzzer target: arbitrary bytes starting with the classic magic `CDF`, read by atmokit's
//! classic netCDF reader through the public API (the reader takes a path, so each input is
//! written to a per-thread temporary file first).
//!
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run netcdf_classic fuzz/corpus/netcdf_classic` (seed the corpus
//! with the classic oracle files). Without cargo-fuzz, build with the coverage flags it passes:
//!
//! ```text
//! cd fuzz && RUSTC_BOOTSTRAP=1 RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
//!   -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
//!   -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares \
//!   -Coverflow-checks -Cdebug-assertions" \
//!   cargo build --release --target x86_64-unknown-linux-gnu --bin netcdf_classic
//! target/x86_64-unknown-linux-gnu/release/netcdf_classic -max_total_time=600 -rss_limit_mb=2048 corpus/
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

thread_local! {
    static DIR: tempfile::TempDir = tempfile::tempdir().expect("a temporary folder");
}

fuzz_target!(|data: &[u8]| {
    // Other inputs go to libnetcdf (netCDF-4), which the netcdf4 target covers.
    if !data.starts_with(b"CDF") {
        return;
    }
    DIR.with(|d| {
        let p = d.path().join("case.cdf");
        std::fs::write(&p, data).expect("writable temporary folder");
        let _ = atmokit_netcdf::read(&p);
    });
});

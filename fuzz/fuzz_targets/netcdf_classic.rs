//! libFuzzer target: arbitrary bytes starting with the classic magic `CDF`, read by atmokit's
//! classic netCDF reader through the public API (the reader takes a path, so each input is
//! written to a per-thread temporary file first).
//!
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run netcdf_classic fuzz/corpus/netcdf_classic` (seed the corpus
//! with the classic oracle files).

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

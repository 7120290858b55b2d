//! QC integration tests on real ARM files against the ACT oracle (`qc_tests_met_*.json`,
//! `qc_cleanup.json`) and the numbers of ACT 2.3.4's unit tests.
mod act_numbers;
mod bsrn;
mod cleanup;
mod common_qc;
mod dqr;
mod gesd;
mod limits_guard;
mod radiometer;
mod roundtrip;
mod seri;
mod stream;
mod tests_met;
mod trends;

//! QC integration tests on real ARM files against the ACT oracle (`qc_tests_met_*.json`,
//! `qc_cleanup.json`) and the §8.2 numbers of act-reference.
mod act_numbers;
mod bsrn;
mod cleanup;
mod common_qc;
mod dqr;
mod gesd;
mod radiometer;
mod roundtrip;
mod seri;
mod tests_met;
mod trends;

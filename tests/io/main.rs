//! Integration tests: reading and writing netCDF against the ACT oracle.

mod bad_input;
mod classic_bad;
mod classic_build;
mod classic_equal;
mod direct_chunks;
mod hdf5_gate;
mod hdf5_variants;
mod mmcr;
mod netcdf_lock;
mod read_arm_options;
mod read_met_multi;
mod read_met_netcdf;
mod roundtrip;
mod samples;
mod summary_fast;
mod write_act_compat;

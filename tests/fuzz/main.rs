//! Fuzzing the netCDF readers on stable Rust: oracle files mutated in their headers, read
//! in-process under an allocator that refuses any single allocation over 1 GB, for a bounded
//! time (`ATMOKIT_FUZZ_SECS`, default 20 s; `ATMOKIT_FUZZ_SEED` picks the first seed).
//!
//! `cargo test -p atmokit-tests --features fuzz --test fuzz --release -- --nocapture`

mod alloc_limit;
mod classic;
mod netcdf4;

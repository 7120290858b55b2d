//! Integration tests: physics utilities against the ACT oracle (`utils_*.json`).

mod misc;
mod other;
mod percentages;
mod precip;
mod sites;
mod solar;
mod units;

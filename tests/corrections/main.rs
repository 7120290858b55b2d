//! Integration tests: corrections (atmokit-corrections against the ACT oracle
//! `../shared/oracle/expected/corr_*.json` on the real ARM files).

mod ceil;
mod doppler;
mod mpl;
mod mpl_deadtime;
mod raman;
mod ship;

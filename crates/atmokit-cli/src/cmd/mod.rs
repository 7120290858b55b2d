//! One module per subcommand.

pub mod convert;
pub mod correct;
pub mod info;
pub mod plot;
pub mod qc;
pub mod quicklook;
pub mod retrieve;
pub mod track;

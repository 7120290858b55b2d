//! One module per subcommand.

pub mod convert;
pub mod correct;
pub mod info;
pub mod retrieve;

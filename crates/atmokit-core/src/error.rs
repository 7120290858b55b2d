//! The one error type of the data model.

use crate::DType;

/// Result alias used throughout atmokit's science crates.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong in a data-model operation.
///
/// Variants say *what* is wrong, not which module noticed it. IO crates wrap this
/// type in their own error, which adds the file name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dataset has no variable of this name; check the spelling or the keep/drop lists.
    #[error("variable '{name}' not found")]
    VariableNotFound {
        /// The name asked for.
        name: String,
    },
    /// The dataset has no dimension of this name.
    #[error("dimension '{name}' not found")]
    DimensionNotFound {
        /// The name asked for.
        name: String,
    },
    /// A variable's shape disagrees with its dims or with the dataset's dim sizes.
    #[error("variable '{var}': dimension '{dim}' has length {found}, expected {expected}")]
    DimensionMismatch {
        /// Variable being inserted or checked.
        var: String,
        /// The dimension whose size disagrees.
        dim: String,
        /// Size already known for the dimension.
        expected: usize,
        /// Size found on the variable.
        found: usize,
    },
    /// A variable has a different number of dims than axes in its data.
    #[error("variable '{var}': {n_dims} dims {dims:?} but data has {n_axes} axes")]
    RankMismatch {
        /// The variable.
        var: String,
        /// Its dims.
        dims: Vec<String>,
        /// Number of dims named.
        n_dims: usize,
        /// Number of axes in the data.
        n_axes: usize,
    },
    /// The data of a variable is not of the type an operation needs.
    #[error("variable '{var}': expected dtype {expected}, found {found}")]
    DTypeMismatch {
        /// The variable.
        var: String,
        /// What the operation needs (a dtype name or a family such as "numeric").
        expected: String,
        /// The variable's dtype.
        found: DType,
    },
    /// A required attribute is missing.
    #[error("variable '{var}': attribute '{attr}' is missing")]
    MissingAttribute {
        /// The variable ("" for a global attribute).
        var: String,
        /// The attribute name.
        attr: String,
    },
    /// An attribute exists but its value cannot be used.
    #[error("variable '{var}': attribute '{attr}' is invalid: {reason}")]
    InvalidAttribute {
        /// The variable ("" for a global attribute).
        var: String,
        /// The attribute name.
        attr: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A CF time unit string (`"seconds since 2019-01-01 00:00:00 0:00"`) or date could not be parsed.
    #[error("cannot parse time '{text}': {reason}")]
    TimeParse {
        /// The text that failed to parse.
        text: String,
        /// Why.
        reason: String,
    },
    /// A time value does not fit in i64 nanoseconds since 1970 (years 1678–2262).
    #[error("variable '{var}': time value {value} is out of the representable range (1678-2262)")]
    TimeOutOfRange {
        /// The variable.
        var: String,
        /// The offending value in the file's units.
        value: f64,
    },
    /// Datasets cannot be concatenated.
    #[error("cannot concatenate: {reason}")]
    Concat {
        /// Why.
        reason: String,
    },
    /// Datasets cannot be merged (conflicting variables or attributes, times that cannot be
    /// aligned).
    #[error("cannot merge: {reason}")]
    Merge {
        /// Why, naming the variable, attribute or dataset.
        reason: String,
    },
    /// A parameter of a function (or a command-line option) has a value it cannot take.
    #[error("{name} = {value}: {expected}")]
    InvalidParameter {
        /// The parameter, as the function or ACT names it (`alpha`, `percentile`).
        name: String,
        /// The value given, as text.
        value: String,
        /// What the parameter accepts (`must lie in (0, 1)`).
        expected: String,
    },
    /// A variable's values or layout do not suit the operation (not 1-D along time, unsorted,
    /// no valid sample).
    #[error("variable '{var}': {reason}")]
    InvalidData {
        /// The variable.
        var: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An argument is out of its valid range or inconsistent with the data, where no single
    /// parameter or variable is at fault (prefer [`Error::InvalidParameter`] and
    /// [`Error::InvalidData`] when one is).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// Units cannot be converted or are not understood.
    #[error("units: {0}")]
    Units(String),
}

impl Error {
    /// Shorthand for [`Error::VariableNotFound`].
    pub fn not_found(name: impl Into<String>) -> Self {
        Error::VariableNotFound { name: name.into() }
    }
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidArgument(msg.into())
    }
    /// [`Error::InvalidParameter`]: parameter `name` cannot take `value`; `expected` says what
    /// it accepts.
    ///
    /// ```
    /// use atmokit_core::Error;
    /// let e = Error::parameter("alpha", 1.5, "must lie in (0, 1)");
    /// assert_eq!(e.to_string(), "alpha = 1.5: must lie in (0, 1)");
    /// ```
    pub fn parameter(name: impl Into<String>, value: impl std::fmt::Display, expected: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name: name.into(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }
    /// [`Error::InvalidData`]: variable `var` does not suit the operation, for `reason`.
    ///
    /// ```
    /// use atmokit_core::Error;
    /// let e = Error::data("time", "must be sorted");
    /// assert_eq!(e.to_string(), "variable 'time': must be sorted");
    /// ```
    pub fn data(var: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidData {
            var: var.into(),
            reason: reason.into(),
        }
    }
    /// [`Error::InvalidData`] for a variable that must have `want` dims and has `got`.
    ///
    /// ```
    /// use atmokit_core::Error;
    /// assert_eq!(Error::rank("ozone", 1, 2).to_string(), "variable 'ozone': must be 1-D, has 2 dims");
    /// ```
    pub fn rank(var: impl Into<String>, want: usize, got: usize) -> Self {
        Error::data(var, format!("must be {want}-D, has {got} dims"))
    }
    /// [`Error::DTypeMismatch`] for a variable that must be numeric and is of type `found`.
    ///
    /// ```
    /// use atmokit_core::{DType, Error};
    /// let e = Error::not_numeric("station", DType::Str);
    /// assert!(e.to_string().contains("'station'") && e.to_string().contains("numeric"));
    /// ```
    pub fn not_numeric(var: impl Into<String>, found: crate::DType) -> Self {
        Error::DTypeMismatch {
            var: var.into(),
            expected: "numeric".into(),
            found,
        }
    }
}

//! The float element types a tracked field may have (f32 or f64), kept native.

use atmokit_core::Element;

/// A floating-point element type (`f32` or `f64`) with lossless conversion to `f64`.
pub trait Real: Element + Copy + Send + Sync + PartialOrd {
    /// Widen to f64.
    fn to_f64(self) -> f64;
    /// Narrow from f64 (rounding to nearest for f32).
    fn from_f64(v: f64) -> Self;
}

impl Real for f32 {
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(v: f64) -> Self {
        v as f32
    }
}

impl Real for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> Self {
        v
    }
}

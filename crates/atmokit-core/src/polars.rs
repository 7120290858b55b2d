//! Dataset ↔ polars DataFrame for 1-D time series.

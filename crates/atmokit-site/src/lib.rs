//! # atmokit-site: the mentor's static quicklook site
//!
//! `atmokit quicklook INPUTS --out DIR` builds a static site that opens from disk and loads
//! nothing from the network: per datastream a data-availability calendar (fraction of valid
//! samples per day, and a second view with the fraction flagged Bad/Suspect), long-range panels
//! (daily min/mean/max with the flagged fraction under them), month pages, day pages with the
//! quicklook images of `atmokit_plot::quicklook` and previous/next links, interactive plots
//! (uPlot, vendored) with zoom, pan and a read-out of time, value and QC tests, and a
//! datastream-by-day matrix. Re-runs are incremental through a manifest.
//!
//! ARM's Data Quality Office works from a plot browser and a data-availability calendar; this
//! crate is atmokit's version of both. ACT has no counterpart (its `act.plotting` draws single
//! figures).
//!
//! | concept | module |
//! |---|---|
//! | build or update a site | [`builder::build_site`] |
//! | valid / flagged counts and daily statistics | [`stats`] |
//! | incremental manifest | [`manifest`] |
//! | calendars | [`calendar`] |
//! | long-range SVG panels | [`longrange`] |
//! | top, datastream, month and day pages | [`pages`] |
//! | interactive plots (data files, `plot.html`) | [`interactive`] |
//! | vendored style sheet, script and uPlot | [`assets`] |
//! | HTML helpers and colour scales | [`html`] |
//!
//! ## Cost
//! A year of SGP met days (365 files, 25 variables, 9,125 images; `benches/site_year.rs`,
//! release build) on this project's 2-core machine, idle: the whole site in 23.4 s wall (38.4 s
//! of CPU on 2 threads, ~9,900 atomic writes); a re-run after one changed day in 0.16 s (one day
//! read and drawn, unchanged pages left alone). The largest page is a month page, 128 KB. About a quarter of the
//! CPU is the day/night shading's solar positions, computed again for every variable's image.

pub mod assets;
pub mod builder;
pub mod calendar;
pub mod error;
pub mod html;
pub mod interactive;
pub mod longrange;
pub mod manifest;
pub mod pages;
pub mod stats;

pub use builder::{BuildReport, SiteOptions, build_site};
pub use error::{Result, SiteError};

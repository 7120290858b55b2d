//! # atmokit-plot: plots and quicklooks for instrument mentors
//!
//! Built on plotters (PNG and SVG through one [`Figure`] trait; the DejaVu Sans font is embedded so
//! output never depends on system fonts). 2-D data are rasterised at the output's pixel resolution
//! ([`mesh`]), so a day of ceilometer (5401 × 252) renders in ~20 ms instead of ACT's 3.3 s.
//!
//! | ACT (`act.plotting`) | atmokit |
//! |---|---|
//! | `TimeSeriesDisplay(ds).plot(field)` (1-D line, `add_nan` gaps) | [`TimeSeriesDisplay`] + [`Panel`] ([`line_panel`]) |
//! | `TimeSeriesDisplay.plot` on 2-D data (`pcolormesh` + colorbar) | [`PanelKind::Mesh`] ([`mesh_panel`], [`mesh`]; samples per pixel combined by [`Aggregate`], [`mesh_bins`]) |
//! | several `plot` calls on one `subplot_index` (legend) | [`Panel::with_var`] |
//! | `plot(..., secondary_y=True)` | [`Panel::secondary`] |
//! | `display.axes[0].plot(...)` over a mesh or line (custom layers) | [`Panel::overlay`] with a [`Series`] ([`series`]) |
//! | `plot(..., assessment_overplot=True)` | [`Panel::qc`] |
//! | `plot(..., y_axis_flag_meanings=True)` (state variables) | automatic for `flag_values` + `flag_meanings` ([`line_panel::state_labels`]) |
//! | `qc_flag_block_plot(field)` | [`PanelKind::FlagBlock`] ([`flag_block`]; 2-D QC: [`flag_mesh`]) |
//! | `day_night_background()` | [`Panel::day_night`] ([`daynight`]; sun times from `atmokit_physics::solar`) |
//! | `plot_barbs_from_spd_dir` / `plot_barbs_from_u_v` on time-height data, matplotlib `quiver` | [`Panel::barbs`], [`Panel::barbs_uv`], [`Panel::quiver`] ([`wind_layer`]); `atmokit plot --barbs SPD,DIR`, `--barbs-uv U,V`, `--quiver U,V` |
//! | `time_height_scatter(data_field, alt_field=)` | [`Panel::time_height_scatter`] ([`time_height_scatter`]); `atmokit plot --kind time-height-scatter --var FIELD,ALT` |
//! | matplotlib `fill_between` on a display's axis (to zero, between two variables, ±σ from a std variable) | [`Panel::band`] ([`band`]); `atmokit plot --fill-between zero\|VAR`, `--std VAR` |
//! | `match_axes_ylimits()` | [`TimeSeriesDisplay::match_axes_ylimits`]; `atmokit plot --match-ylimits` |
//! | `set_xrng` / `set_yrng` | [`TimeSeriesDisplay::xrange_ns`] / [`Panel::yrange`] |
//! | `plot_stripes(field, reference_period)` | [`stripes::ClimateStripes`] |
//! | `WindRoseDisplay.plot(dir, spd)` | [`windrose::WindRose`] |
//! | `DistributionDisplay.plot_stacked_bar` / histograms | [`histogram::HistogramPlot`] |
//! | `DistributionDisplay.plot_size_distribution` | [`size_distribution::SizeDistribution`] |
//! | `DistributionDisplay.plot_stairstep` | [`stairstep::StairstepPlot`] |
//! | `DistributionDisplay.plot_pie_chart` (`act.utils.calculate_percentages`) | [`pie::PieChart`] ([`atmokit_physics::percentages`]) |
//! | `DistributionDisplay.plot_heatmap` | [`heatmap::HeatMap`] |
//! | `DistributionDisplay.plot_scatter` + `set_ratio_line` | [`scatter::ScatterPlot`] |
//! | `DistributionDisplay.plot_violin` | [`violin::ViolinPlot`] |
//! | vertical profiles (`ax.plot(t, alt)`) | [`profile::VerticalProfile`] |
//! | `SkewTDisplay.plot_from_spd_and_dir` + parcel, CAPE/CIN shading, `add_stability_info` | [`skewt::SkewT`] (parcel, shading, table from `atmokit_retrievals::sonde` via [`skewt_parcel`]) |
//! | `SkewTDisplay.plot_hodograph(spd, dir, color_field, component_range)` | [`hodograph::Hodograph`] |
//! | `SkewTDisplay.plot_enhanced_skewt` (skew-T, hodograph, indices) | [`skewt_enhanced::EnhancedSkewT`] |
//! | `ContourDisplay.create_contour` + `plot_station` | [`contour::ContourMap`] |
//! | `Display.fig.savefig(path)` | [`save`] (PNG/SVG by extension), [`render_rgb`], [`render_png`], [`render_svg`] |
//! | `act.utils.generate_movie(images, write_filename, fps)` (GIF natively; MP4 and others through ffmpeg) | [`movie::generate_movie`] |
//! | colormaps (matplotlib, `cmweather`) | [`Colormap`] |
//! | QC attribute conventions (`ds.qcfilter`) read for plotting | [`qc_flags`] |
//! | (new, issue 8) map of `atmokit track` labels at one step | [`label_map::LabelMap`] |
//! | (new, issue 8) map of object centroid tracks (labels or tracks CSV) | [`track_map::TrackMap`] |
//! | (new) a (time, lat, lon) field at one step (`atmokit plot --time-index`) | [`field_map::FieldMap`], [`field_map::grid_map`] |
//! | (new) `atmokit plot` options (`--var a+b,c`, `--secondary`, `--overlay`, `--aggregate`) | [`spec::PlotSpec`] |
//! | (new) `atmokit quicklook` pages and `index.html` | [`quicklook`] |
//! | `GeographicPlotDisplay.geoplot(data_field, lat_field, lon_field, plot_buffer)` (track coloured by a value, coastlines and borders) | [`geo_track::GeographicPlotDisplay`] (base map: [`basemap`], Natural Earth 1:110m) |
//! | `Display.group_by(units).plot_group('plot', ...)` | [`group_by::GroupedDisplay`] (calendar periods); `atmokit plot --group-by day --columns 3` |
//! | `XSectionDisplay.plot_xsection(...)`, `plot_xsection_map(...)` | [`xsection::XSectionDisplay`]; `atmokit plot --kind xsection\|xsection-map` |
//! | `TimeSeriesDisplay.plot_time_height_xsection_from_1d_data(field, pres, num_time_periods, num_y_levels)` | [`time_height_regrid::TimeHeightFrom1d`] ([`time_height_regrid::nearest_regrid`]); `atmokit plot --kind time-height-xsection` |
//!
//! Not ported: `GeographicPlotDisplay`'s cartopy projections and image tiles (maps here are
//! plain longitude/latitude). Barbs from speed and direction or from u and v, and
//! quiver arrows, over time-height meshes are [`wind_layer`] ([`Panel::barbs`],
//! [`Panel::barbs_uv`], [`Panel::quiver`]).
//!
//! ```no_run
//! # fn demo(ds: &atmokit_core::Dataset) -> atmokit_plot::Result<()> {
//! use atmokit_plot::{Panel, PanelKind, TimeSeriesDisplay, save};
//! let fig = TimeSeriesDisplay::new(ds)
//!     .panel(Panel::new("temp_mean").qc(true).day_night(true))
//!     .panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock));
//! save(&fig, "temp.png")?;
//! # Ok(()) }
//! ```
pub mod band;
pub mod barbs;
pub mod basemap;
pub mod chart2d;
pub mod colormap;
pub mod contour;
pub mod daynight;
pub mod error;
pub mod extract;
pub mod field_map;
pub mod figure;
pub mod flag_block;
pub mod flag_mesh;
pub mod geo_track;
pub mod glyphs;
pub mod group_by;
pub mod heatmap;
pub mod histogram;
pub mod hodograph;
pub mod label_map;
pub mod line_panel;
pub mod mesh;
pub mod mesh_bins;
pub mod mesh_panel;
pub mod movie;
pub mod panel;
pub mod pie;
pub mod profile;
pub mod qc_flags;
pub mod quicklook;
pub mod rbf;
pub mod scatter;
pub mod series;
pub mod size_distribution;
pub mod skewt;
pub mod skewt_enhanced;
pub mod skewt_parcel;
pub mod spec;
pub mod stairstep;
pub mod stripes;
pub mod style;
pub mod ticks;
pub mod time_axis;
pub mod time_height_regrid;
pub mod time_height_scatter;
pub mod timeseries;
pub mod track_map;
pub mod violin;
pub mod wind_layer;
pub mod windrose;
pub mod xsection;

pub use colormap::Colormap;
pub use error::{PlotError, Result};
pub use figure::{Figure, Format, MAX_PIXELS, RgbImage, png_size, render_png, render_rgb, render_svg, save, save_with};
pub use mesh_bins::Aggregate;
pub use panel::{Panel, PanelGeometry, PanelKind};
/// plotters' RGB colour, re-exported for [`Series::color`].
pub use plotters::style::RGBColor;
pub use series::Series;
pub use timeseries::TimeSeriesDisplay;

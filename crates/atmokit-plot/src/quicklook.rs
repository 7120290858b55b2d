//! `atmokit quicklook`: what an instrument mentor checks every morning. For each datastream and
//! day, one image per plottable variable (1-D lines with QC over-plotting and day/night, 2-D
//! meshes), each followed by its QC flag block plot when a QC test is set on the day, and a flat
//! `index.html` gallery linking every page (the `atmokit-site` crate builds the navigable site
//! from [`render_day`]). Reading files is the caller's job (the CLI uses
//! atmokit-netcdf and rayon); this module groups file names, renders and indexes.

use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::extract::{datastream, times_s};
use crate::field_map::{grid_map, is_grid_map};
use crate::figure::{output_err, save_with};
use crate::flag_block;
use crate::panel::{Panel, PanelKind};
use crate::time_axis::{span, yyyymmdd};
use crate::timeseries::TimeSeriesDisplay;
use atmokit_core::Dataset;
use atmokit_core::output::{OutputOptions, write_atomic};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Files of one datastream and day (ARM names `<datastream>.<YYYYMMDD>.<hhmmss>.<ext>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileGroup {
    /// Datastream, e.g. `sgpmetE13.b1` (the file stem for non-ARM names).
    pub datastream: String,
    /// Day `YYYYMMDD` (empty for non-ARM names).
    pub date: String,
    /// The files, sorted.
    pub files: Vec<PathBuf>,
}

/// Group netCDF paths by datastream and day from their ARM file names
/// ([`atmokit_core::arm_name::parse_arm_file_name`]); another name is a group of its own.
pub fn group_files(paths: &[PathBuf]) -> Vec<FileGroup> {
    let mut groups: BTreeMap<(String, String), Vec<PathBuf>> = BTreeMap::new();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let key = if let Some(arm) = atmokit_core::arm_name::parse_arm_file_name(name) {
            (arm.datastream, arm.date)
        } else {
            (
                p.file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_string(),
                String::new(),
            )
        };
        groups.entry(key).or_default().push(p.clone());
    }
    groups
        .into_iter()
        .map(|((datastream, date), mut files)| {
            files.sort();
            FileGroup {
                datastream,
                date,
                files,
            }
        })
        .collect()
}

/// netCDF files (`.nc`, `.cdf`, `.nc4`) among `inputs`, expanding folders (one level).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let is_nc = |p: &Path| matches!(p.extension().and_then(|e| e.to_str()), Some("nc" | "cdf" | "nc4"));
    let mut out = Vec::new();
    for i in inputs {
        if i.is_dir() {
            let rd = std::fs::read_dir(i).map_err(|source| PlotError::Io {
                path: i.display().to_string(),
                source,
            })?;
            for e in rd.flatten() {
                let p = e.path();
                if p.is_file() && is_nc(&p) {
                    out.push(p);
                }
            }
        } else if i.is_file() {
            out.push(i.clone());
        } else {
            return Err(PlotError::input(format!(
                "'{}' is neither a file nor a folder",
                i.display()
            )));
        }
    }
    out.sort();
    Ok(out)
}

/// Variables worth a quicklook page: numeric data variables over time with 1 or 2 dimensions,
/// except QC variables (shown as flag blocks under their field), time bookkeeping and bounds.
pub fn plottable_variables(ds: &Dataset) -> Vec<String> {
    ds.data_var_names()
        .into_iter()
        .filter(|name| {
            let Some(v) = ds.var(name) else { return false };
            let numeric = v.data().to_f64().is_some() && !matches!(v.dtype(), atmokit_core::DType::Time);
            let nd = v.dims().len();
            !name.starts_with("qc_")
                && !matches!(*name, "base_time" | "time_offset" | "time_bounds")
                && !v.dims().iter().any(|d| d.contains("bound") || d.contains("string"))
                && numeric
                && (nd == 1 || nd == 2)
                && times_s(ds, name).is_ok()
        })
        .map(str::to_string)
        .collect()
}

/// Gridded variables worth a map page: numeric (time, y, x) data variables, except QC. The
/// page shows the first time step (`atmokit plot FILE --var VAR --time-index N` draws others).
pub fn map_variables(ds: &Dataset) -> Vec<String> {
    ds.data_var_names()
        .into_iter()
        .filter(|name| {
            let Some(v) = ds.var(name) else { return false };
            !name.starts_with("qc_")
                && is_grid_map(ds, name)
                && v.dims().first().is_some_and(|d| d == "time")
                && v.data().to_f64().is_some()
                && !matches!(v.dtype(), atmokit_core::DType::Time)
        })
        .map(str::to_string)
        .collect()
}

/// One rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Datastream.
    pub datastream: String,
    /// Day `YYYYMMDD`.
    pub date: String,
    /// Variable shown.
    pub variable: String,
    /// Path of the image relative to the output folder.
    pub file: String,
}

/// One image of a day: a variable's quicklook, and a note on its QC when no flag block was drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayImage {
    /// Variable shown.
    pub variable: String,
    /// File name of the PNG inside the day's folder (`<var>.png`).
    pub file: String,
    /// `QC: 3 tests, none set` when the variable has QC tests but none is set on the day (the
    /// all-green flag block is then left out of the image); empty otherwise.
    pub qc_note: String,
}

/// The flag block is drawn only when a test is set somewhere: an all-green block took half of
/// every page and said nothing a one-line note cannot. Returns (draw the block, note).
fn flag_block_choice(ds: &Dataset, var: &str) -> (bool, String) {
    let Ok(info) = flag_block::resolve(ds, var) else {
        return (false, String::new());
    };
    let any_set = crate::qc_flags::qc_values(ds, &info.qc_var)
        .map(|vals| vals.iter().any(|&v| info.tests.iter().any(|t| t.is_set(v))))
        .unwrap_or(true);
    if any_set {
        (true, String::new())
    } else {
        let n = info.tests.len();
        (
            false,
            format!("QC: {n} test{}, none set", if n == 1 { "" } else { "s" }),
        )
    }
}

/// Render every plottable variable of `ds` into `dir` (created) as `<var>.png`: time series and
/// time-height plots with their QC flag blocks (left out, with a note, when no test is set), and
/// maps of the first time step of gridded (time, y, x) variables. The dataset should have had
/// its ARM QC cleaned up (`atmokit_qc::cleanup::cleanup`), so that the tests shown are the ones
/// that ran, named as `atmokit qc --cleanup` names them.
/// Variables that fail to draw (e.g. all missing) are skipped and reported in the second value;
/// an image that cannot be written (a full disk) is an error.
pub fn render_day(ds: &Dataset, dir: &Path, width: u32) -> Result<(Vec<DayImage>, Vec<String>)> {
    render_day_with(ds, dir, width, &OutputOptions::default())
}

/// [`render_day`] writing the images with `opts` (`allow_special`: the command line's `--force`).
pub fn render_day_with(
    ds: &Dataset,
    dir: &Path,
    width: u32,
    opts: &OutputOptions,
) -> Result<(Vec<DayImage>, Vec<String>)> {
    std::fs::create_dir_all(dir).map_err(|source| PlotError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut images = Vec::new();
    let mut skipped = Vec::new();
    let mut write_failure = None;
    let mut record = |var: &str, note: String, drawn: Result<()>| match drawn {
        Ok(()) => images.push(DayImage {
            variable: var.to_string(),
            file: format!("{var}.png"),
            qc_note: note,
        }),
        // A page that was drawn but could not be written (a full disk) fails the whole run.
        Err(e @ PlotError::Io { .. }) => {
            write_failure.get_or_insert(e);
        }
        Err(e) => skipped.push(format!("{var}: {e}")),
    };
    for var in plottable_variables(ds) {
        let two_d = ds.var(&var).is_some_and(|v| v.dims().len() == 2);
        let mut fig = TimeSeriesDisplay::new(ds)
            .panel(Panel::new(&var).qc(true).day_night(!two_d))
            .with_size(width, if two_d { 360 } else { 300 });
        let (block, note) = flag_block_choice(ds, &var);
        if block {
            fig = fig.panel(Panel::new(&var).kind(PanelKind::FlagBlock));
        }
        record(&var, note, save_with(&fig, dir.join(format!("{var}.png")), opts));
    }
    for var in map_variables(ds) {
        let drawn = grid_map(ds, &var, 0, Colormap::Viridis, None)
            .map(|m| m.with_size(width, width * 11 / 20))
            .and_then(|m| save_with(&m, dir.join(format!("{var}.png")), opts));
        record(&var, String::new(), drawn);
    }
    match write_failure {
        Some(e) => Err(e),
        None => Ok((images, skipped)),
    }
}

/// [`render_day`] into `out_dir/<datastream>/<date>/` (datastream from the attributes, day of
/// the first time), as [`Page`]s for [`write_index`].
pub fn render_pages(ds: &Dataset, out_dir: &Path, width: u32) -> Result<(Vec<Page>, Vec<String>)> {
    let stream = {
        let s = datastream(ds);
        if s.is_empty() { "dataset".to_string() } else { s }
    };
    let t = ds.time().map(|t| t.to_vec()).unwrap_or_default();
    let date = span(&t).map(|(a, _)| yyyymmdd(a)).unwrap_or_default();
    let (images, skipped) = render_day(ds, &out_dir.join(&stream).join(&date), width)?;
    let pages = images
        .into_iter()
        .map(|im| Page {
            datastream: stream.clone(),
            date: date.clone(),
            file: format!("{stream}/{date}/{}", im.file),
            variable: im.variable,
        })
        .collect();
    let skipped = skipped.into_iter().map(|s| format!("{stream} {date} {s}")).collect();
    Ok((pages, skipped))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Write `out_dir/index.html` (atomically): one section per datastream and day, thumbnails
/// linking to pages.
pub fn write_index(out_dir: &Path, pages: &[Page]) -> Result<PathBuf> {
    let mut by: BTreeMap<(&str, &str), Vec<&Page>> = BTreeMap::new();
    for p in pages {
        by.entry((&p.datastream, &p.date)).or_default().push(p);
    }
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>atmokit quicklooks</title>\n<style>body{font-family:sans-serif;margin:1em}figure{display:inline-block;margin:4px;text-align:center}img{width:320px;border:1px solid #ccc}figcaption{font-size:12px}</style></head><body>\n<h1>atmokit quicklooks</h1>\n",
    );
    for ((ds, date), list) in &by {
        html.push_str(&format!("<h2>{} — {}</h2>\n<div>\n", escape(ds), escape(date)));
        for p in list {
            let f = escape(&p.file);
            html.push_str(&format!(
                "<figure><a href=\"{f}\"><img src=\"{f}\" alt=\"{v}\" loading=\"lazy\"></a><figcaption>{v}</figcaption></figure>\n",
                v = escape(&p.variable)
            ));
        }
        html.push_str("</div>\n");
    }
    html.push_str("</body></html>\n");
    let path = out_dir.join("index.html");
    write_atomic(&path, html.as_bytes(), &OutputOptions::default()).map_err(output_err)?;
    Ok(path)
}

/// A thread-safe progress bar on stderr: `[#####     ] 3/7 files`.
#[derive(Debug)]
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    label: String,
}

impl Progress {
    /// A bar over `total` items called `label`.
    pub fn new(total: usize, label: &str) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            label: label.to_string(),
        }
    }

    /// Count one item as done and redraw.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let width = 30;
        let filled = (done * width).checked_div(self.total).unwrap_or(width).min(width);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{} {}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total,
            self.label
        );
        if done >= self.total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }

    /// Items done so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn groups_arm_names_by_datastream_and_day() {
        let p = |s: &str| PathBuf::from(s);
        let g = group_files(&[
            p("d/sgpmetE13.b1.20190102.000000.cdf"),
            p("d/sgpmetE13.b1.20190101.000000.cdf"),
            p("d/sgpmetE13.b1.20190101.120000.cdf"),
            p("d/other.nc"),
        ]);
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].datastream, "sgpmetE13.b1");
        assert_eq!(g[1].date, "20190101");
        assert_eq!(g[1].files.len(), 2);
        assert_eq!(g[0].datastream, "other");
    }

    #[test]
    fn picks_time_variables_and_skips_qc_and_bookkeeping() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000]))
            .unwrap();
        ds.insert("temp", Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
            .unwrap();
        ds.insert("qc_temp", Variable::new(["time"], vec![0i32, 1]).unwrap())
            .unwrap();
        ds.insert("time_offset", Variable::new(["time"], vec![0.0f64, 60.0]).unwrap())
            .unwrap();
        ds.insert("lat", Variable::scalar(36.6f32)).unwrap();
        assert_eq!(plottable_variables(&ds), vec!["temp"]);
    }

    #[test]
    fn index_links_every_page_and_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let pages = vec![Page {
            datastream: "a<b".into(),
            date: "20190101".into(),
            variable: "t".into(),
            file: "a<b/20190101/t.png".into(),
        }];
        let path = write_index(dir.path(), &pages).unwrap();
        let html = std::fs::read_to_string(path).unwrap();
        assert!(html.contains("href=\"a&lt;b/20190101/t.png\""));
        assert!(!html.contains("a<b"));
        let pr = Progress::new(2, "files");
        pr.tick();
        pr.tick();
        assert_eq!(pr.done(), 2);
    }
}

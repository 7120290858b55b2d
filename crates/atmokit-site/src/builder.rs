//! Building the site: group the inputs by datastream and day, rebuild the days whose files or
//! options changed (in parallel, `jobs` threads, a progress bar on stderr), then rewrite the day
//! pages whose neighbours changed and every summary page from the manifest.
//!
//! A day whose files cannot be read is recorded as failed: its page shows the error, its
//! calendar cell is marked, the other days are still built, and [`BuildReport::failed`] lists
//! it (the CLI exits non-zero). A page that cannot be written (a full disk) stops the build.

use crate::assets::write_assets;
use crate::error::{Result, SiteError};
use crate::interactive::{is_interactive, write_data, write_plot_page};
use crate::manifest::{DayEntry, FileStamp, Manifest, VarPage, options_hash};
use crate::pages::{streams, write_day_page, write_stream_pages, write_top};
use crate::stats::day_stats;
use atmokit_core::output::OutputOptions;
use atmokit_plot::quicklook::{FileGroup, Progress, collect_inputs, group_files, render_day_with};
use atmokit_plot::time_axis::{span, yyyymmdd};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Options of [`build_site`].
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Width of the quicklook images in pixels.
    pub width: u32,
    /// Worker threads (0: as many as cores).
    pub jobs: usize,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// How files are written (`allow_special`: the command line's `--force`, writing through
    /// symbolic links and into special files instead of refusing them).
    pub output: OutputOptions,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            width: 1000,
            jobs: 0,
            progress: false,
            output: OutputOptions::default(),
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildReport {
    /// The top page.
    pub index: PathBuf,
    /// Datastream-days read and drawn in this run.
    pub rebuilt: Vec<String>,
    /// Datastream-days kept from an earlier run (inputs and options unchanged).
    pub reused: usize,
    /// Failed datastream-days with their error (unreadable files).
    pub failed: Vec<String>,
    /// Problems that did not fail a day (a variable that could not be drawn, QC cleanup).
    pub problems: Vec<String>,
}

/// The manifest key of a file group.
fn key_of(g: &FileGroup) -> String {
    if g.date.is_empty() {
        format!("{}/{}", safe_name(&g.datastream), "undated")
    } else {
        format!("{}/{}", safe_name(&g.datastream), g.date)
    }
}

/// A datastream name usable as a folder next to `assets/` and `index.html`.
fn safe_name(s: &str) -> String {
    match s {
        "assets" | "index.html" | "atmokit-site.json" | "." | ".." | "" => format!("{s}_"),
        _ => s.to_string(),
    }
}

/// Build (or update) the site for `inputs` (files and folders of netCDF files) in `out`.
pub fn build_site(inputs: &[PathBuf], out: &Path, opts: &SiteOptions) -> Result<BuildReport> {
    let files = collect_inputs(inputs)?;
    if files.is_empty() {
        return Err(SiteError::Input(
            "no netCDF files (.nc, .cdf, .nc4) among the inputs".into(),
        ));
    }
    if opts.width < 200 || opts.width > 8000 {
        return Err(SiteError::Input(format!(
            "width {} is outside 200..=8000 pixels",
            opts.width
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| SiteError::io(out, e))?;
    let mut manifest = Manifest::load(out, &options_hash(&format!("width={}", opts.width)));
    let groups = group_files(&files);
    let mut todo = Vec::new();
    let mut reused = 0;
    for g in &groups {
        let key = key_of(g);
        let stamps: Option<Vec<FileStamp>> = g.files.iter().map(|f| FileStamp::of(f).ok()).collect();
        let same = manifest
            .days
            .get(&key)
            .is_some_and(|e| stamps.as_ref() == Some(&e.files) && out.join(&e.dir).join("index.html").is_file());
        if same {
            reused += 1;
        } else {
            todo.push((key, g));
        }
    }
    // Days of earlier runs whose files are gone leave the site.
    manifest
        .days
        .retain(|_, e| e.files.iter().all(|f| Path::new(&f.path).is_file()));

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| SiteError::Input(format!("--jobs {}: {e}", opts.jobs)))?;
    let progress = opts.progress.then(|| Progress::new(todo.len(), "datastream-days"));
    let built: Vec<Result<(String, DayEntry)>> = pool.install(|| {
        todo.par_iter()
            .map(|(key, g)| {
                let r = build_day(g, key, out, opts).map(|e| (key.clone(), e));
                if let Some(p) = &progress {
                    p.tick();
                }
                r
            })
            .collect()
    });
    let mut rebuilt = Vec::new();
    for r in built {
        let (key, entry) = r?;
        manifest.days.insert(key.clone(), entry);
        rebuilt.push(key);
    }
    let o = &opts.output;
    write_assets(out, o)?;
    pool.install(|| write_neighbour_pages(out, &mut manifest, &rebuilt, o))?;
    let by_stream = streams(manifest.days.values());
    for (name, days) in &by_stream {
        write_stream_pages(out, name, days, o)?;
    }
    let index = write_top(out, &by_stream, o)?;
    manifest.save(out, o)?;
    let failed = manifest
        .days
        .values()
        .filter(|e| e.failed)
        .map(|e| format!("{} {}: {}", e.datastream, e.date, e.problems.join("; ")))
        .collect();
    let problems = manifest
        .days
        .values()
        .filter(|e| !e.failed)
        .flat_map(|e| {
            e.problems
                .iter()
                .map(move |p| format!("{} {}: {p}", e.datastream, e.date))
        })
        .collect();
    Ok(BuildReport {
        index,
        rebuilt,
        reused,
        failed,
        problems,
    })
}

/// Rewrite the day pages whose previous or next day changed (and every rebuilt day), in parallel.
fn write_neighbour_pages(out: &Path, manifest: &mut Manifest, rebuilt: &[String], o: &OutputOptions) -> Result<()> {
    let mut order: Vec<(String, String, String)> = manifest
        .days
        .iter()
        .map(|(k, e)| (e.datastream.clone(), e.date.clone(), k.clone()))
        .collect();
    order.sort();
    let mut changed = Vec::new();
    for (i, (stream, _, key)) in order.iter().enumerate() {
        let dir_of = |j: usize| manifest.days.get(&order[j].2).map(|e| e.dir.clone());
        let prev = (i > 0 && order[i - 1].0 == *stream).then(|| dir_of(i - 1)).flatten();
        let next = (i + 1 < order.len() && order[i + 1].0 == *stream)
            .then(|| dir_of(i + 1))
            .flatten();
        let Some(e) = manifest.days.get_mut(key) else { continue };
        if e.neighbours != (prev.clone(), next.clone()) || rebuilt.contains(key) {
            e.neighbours = (prev, next);
            changed.push(key.clone());
        }
    }
    let days = &manifest.days;
    changed.par_iter().try_for_each(|key| {
        let e = &days[key];
        write_day_page(out, e, e.neighbours.0.as_deref(), e.neighbours.1.as_deref(), o)
    })
}

/// Read, clean up, measure and draw one datastream-day.
fn build_day(g: &FileGroup, key: &str, out: &Path, opts: &SiteOptions) -> Result<DayEntry> {
    let files: Vec<FileStamp> = g.files.iter().filter_map(|f| FileStamp::of(f).ok()).collect();
    let datastream = safe_name(&g.datastream);
    let mut entry = DayEntry {
        datastream: datastream.clone(),
        date: key.rsplit('/').next().unwrap_or("").to_string(),
        dir: key.to_string(),
        files,
        stats: None,
        pages: Vec::new(),
        problems: Vec::new(),
        failed: false,
        neighbours: (None, None),
    };
    let dir = out.join(key);
    std::fs::create_dir_all(&dir).map_err(|e| SiteError::io(&dir, e))?;
    let mut ds = match atmokit_netcdf::read_arm_netcdf(&g.files, &Default::default()) {
        Ok(ds) => ds,
        Err(e) => {
            entry.failed = true;
            entry.problems.push(e.to_string());
            return Ok(entry);
        }
    };
    if g.date.is_empty() {
        let t = ds.time().map(|t| t.to_vec()).unwrap_or_default();
        if let Some((a, _)) = span(&t) {
            entry
                .problems
                .push(format!("file names carry no date; data start on {}", yyyymmdd(a)));
        }
    }
    // Raw ARM files: the tests shown are the ones that ran, named as `atmokit qc --cleanup` does.
    if let Err(e) = atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()) {
        entry.problems.push(format!("ARM QC cleanup: {e} (QC shown as stored)"));
    }
    entry.stats = Some(day_stats(&ds));
    let (images, skipped) = render_day_with(&ds, &dir, opts.width, &opts.output)?;
    entry.problems.extend(skipped);
    let interactive: Vec<String> = images
        .iter()
        .filter(|im| is_interactive(&ds, &im.variable))
        .map(|im| im.variable.clone())
        .collect();
    let written = write_data(&ds, &interactive, &dir, &datastream, &entry.date, &opts.output)?;
    write_plot_page(&dir, &datastream, &entry.date, &written, &opts.output)?;
    entry.pages = images
        .into_iter()
        .map(|im| VarPage {
            interactive: written.contains(&im.variable),
            variable: im.variable,
            qc_note: im.qc_note,
        })
        .collect();
    Ok(entry)
}

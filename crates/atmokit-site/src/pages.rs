//! The site's pages, all built from the manifest's day entries (so an incremental run rebuilds
//! them without reading the data again):
//! - `index.html`: every datastream with its period and availability, and the
//!   datastream-by-day matrix when there are several datastreams;
//! - `<datastream>/index.html`: the availability calendar (valid / flagged views), the
//!   long-range panels (`longrange/<var>.svg`) and links to the months;
//! - `<datastream>/<YYYYMM>.html`: that month's calendar and every day's thumbnails;
//! - `<datastream>/<YYYYMMDD>/index.html`: the day's statistics, problems, thumbnails linking to
//!   the interactive plots, and previous/next links.
//!
//! Every page is written through `atmokit_core::output::write_atomic` with the caller's
//! [`OutputOptions`] (`--force`).

use crate::calendar::{calendars, cell_look, months_spanned, parse_date};
use crate::error::{Result, SiteError};
use crate::html::{escape, href, num, page, pct};
use crate::longrange::{DayPoint, panel_svg};
use crate::manifest::DayEntry;
use atmokit_core::output::{OutputOptions, write_atomic};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Days of each datastream, by `YYYYMMDD` (or the file stem for undated names).
pub type Streams<'a> = BTreeMap<&'a str, BTreeMap<&'a str, &'a DayEntry>>;

/// Group day entries by datastream and date.
pub fn streams<'a>(days: impl Iterator<Item = &'a DayEntry>) -> Streams<'a> {
    let mut out: Streams<'a> = BTreeMap::new();
    for e in days {
        out.entry(e.datastream.as_str()).or_default().insert(e.date.as_str(), e);
    }
    out
}

/// Write a page atomically, unless the file already holds exactly this text (an incremental run
/// then leaves unchanged month pages alone instead of syncing them to disk again).
fn write(path: &Path, text: &str, o: &OutputOptions) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| SiteError::io(dir, e))?;
    }
    write_atomic(path, text.as_bytes(), o)?;
    Ok(())
}

fn month_file(date: &str) -> String {
    format!("{}.html", &date[..6.min(date.len())])
}

/// The day page of `e`, with links to `prev` and `next` (folders relative to the output folder).
pub fn day_page(e: &DayEntry, prev: Option<&str>, next: Option<&str>) -> String {
    let ds = escape(&e.datastream);
    let mut b = String::new();
    let _ = write!(
        b,
        "<nav><a href=\"../../index.html\">all datastreams</a><a href=\"../index.html\">{ds}</a>"
    );
    if parse_date(&e.date).is_some() {
        let _ = write!(b, "<a href=\"../{}\">month {}</a>", month_file(&e.date), &e.date[..6]);
    }
    match prev {
        Some(p) => {
            let _ = write!(
                b,
                "<a rel=\"prev\" href=\"../../{}/index.html\">&larr; previous day</a>",
                href(p)
            );
        }
        None => b.push_str("<span>&larr; previous day</span> "),
    }
    match next {
        Some(n) => {
            let _ = write!(
                b,
                "<a rel=\"next\" href=\"../../{}/index.html\">next day &rarr;</a>",
                href(n)
            );
        }
        None => b.push_str("<span>next day &rarr;</span>"),
    }
    let _ = write!(b, "</nav>\n<h1>{ds} — {}</h1>\n", escape(&e.date));
    if !e.problems.is_empty() {
        b.push_str("<div class=\"problems\"><strong>Problems</strong><ul>");
        for p in &e.problems {
            let _ = write!(b, "<li>{}</li>", escape(p));
        }
        b.push_str("</ul></div>\n");
    }
    let files: Vec<String> = e
        .files
        .iter()
        .map(|f| {
            escape(
                Path::new(&f.path)
                    .file_name()
                    .map_or(f.path.as_str(), |n| n.to_str().unwrap_or("")),
            )
        })
        .collect();
    let _ = writeln!(b, "<p>Files: {}</p>", files.join(", "));
    // The images first (what a mentor looks at), the statistics table under them.
    let mut table = String::new();
    if let Some(s) = &e.stats {
        let _ = writeln!(
            b,
            "<p>{} records of {} expected at the median time step; valid samples {}; flagged Bad/Suspect {}. \
             Valid = finite (not fill, not NaN) over expected; flagged = a Bad/Incorrect/Suspect/Indeterminate test set, \
             over the samples present.</p>",
            s.records,
            s.expected,
            pct(Some(s.valid_fraction())),
            pct(s.flagged_fraction())
        );
        table.push_str(
            "<h2>Per variable</h2>\n<table class=\"stats\"><tr><th>variable</th><th>units</th><th>valid</th>\
             <th>flagged</th><th>min</th><th>mean</th><th>max</th></tr>\n",
        );
        for v in &s.vars {
            let _ = writeln!(
                table,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&v.name),
                escape(&v.units),
                pct(Some(v.valid_fraction(s))),
                pct(v.has_qc.then(|| v.flagged_fraction(s))),
                num(v.min),
                num(v.mean),
                num(v.max)
            );
        }
        table.push_str("</table>\n");
    }
    b.push_str("<div>\n");
    for p in &e.pages {
        let png = format!("{}.png", p.variable);
        let target = if p.interactive {
            format!("plot.html#{}", href(&p.variable))
        } else {
            href(&png)
        };
        let _ = writeln!(
            b,
            "<figure><a href=\"{target}\"><img src=\"{}\" alt=\"{v}\" loading=\"lazy\"></a><figcaption>{v}{}{} · <a href=\"{}\">PNG</a></figcaption></figure>",
            href(&png),
            if p.interactive { " (interactive)" } else { "" },
            if p.qc_note.is_empty() {
                String::new()
            } else {
                format!(" · {}", escape(&p.qc_note))
            },
            href(&png),
            v = escape(&p.variable),
        );
    }
    b.push_str("</div>\n");
    b.push_str(&table);
    page(&format!("{} {}", e.datastream, e.date), "../../", &b)
}

/// Write the day page of `e` into `out`.
pub fn write_day_page(
    out: &Path,
    e: &DayEntry,
    prev: Option<&str>,
    next: Option<&str>,
    o: &OutputOptions,
) -> Result<()> {
    write(&out.join(&e.dir).join("index.html"), &day_page(e, prev, next), o)
}

fn day_link_from_stream(e: &DayEntry) -> String {
    format!("{}/index.html", e.date)
}

/// Write `<datastream>/index.html`, its month pages and its long-range panels.
pub fn write_stream_pages(out: &Path, name: &str, days: &BTreeMap<&str, &DayEntry>, o: &OutputOptions) -> Result<()> {
    let dir = out.join(name);
    let months = months_spanned(days.keys().copied());
    let mut b = format!(
        "<nav><a href=\"../index.html\">all datastreams</a></nav>\n<h1>{}</h1>\n",
        escape(name)
    );
    let failed = days.values().filter(|e| e.failed).count();
    let _ = writeln!(
        b,
        "<p>{} days{}.</p>",
        days.len(),
        if failed > 0 {
            format!(", {failed} could not be read")
        } else {
            String::new()
        }
    );
    b.push_str(&calendars(&months, days, &day_link_from_stream));
    // Undated days (non-ARM file names) are listed instead.
    let undated: Vec<&&DayEntry> = days.values().filter(|e| parse_date(&e.date).is_none()).collect();
    if !undated.is_empty() {
        b.push_str("<h2>Other files</h2><ul>");
        for e in undated {
            let _ = write!(
                b,
                "<li><a href=\"{}\">{}</a></li>",
                href(&day_link_from_stream(e)),
                escape(&e.date)
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str("<h2>Months</h2><p>");
    for &(y, m) in &months {
        let _ = write!(b, "<a href=\"{y}{m:02}.html\">{y}-{m:02}</a> ");
    }
    b.push_str("</p>\n");
    let panels = write_long_range(&dir, days, o)?;
    if !panels.is_empty() {
        b.push_str("<h2>Long-range panels</h2><div class=\"panels\">\n");
        for v in panels {
            let _ = writeln!(
                b,
                "<div><img src=\"longrange/{}.svg\" alt=\"{}\" loading=\"lazy\"></div>",
                href(&v),
                escape(&v)
            );
        }
        b.push_str("</div>\n");
    }
    write(&dir.join("index.html"), &page(name, "../", &b), o)?;
    for &(y, m) in &months {
        write_month_page(&dir, name, y, m, days, o)?;
    }
    Ok(())
}

fn write_month_page(
    dir: &Path,
    name: &str,
    y: i32,
    m: u32,
    days: &BTreeMap<&str, &DayEntry>,
    o: &OutputOptions,
) -> Result<()> {
    let prefix = format!("{y}{m:02}");
    let mut b = format!(
        "<nav><a href=\"../index.html\">all datastreams</a><a href=\"index.html\">{n}</a></nav>\n<h1>{n} — {y}-{m:02}</h1>\n",
        n = escape(name)
    );
    b.push_str(&calendars(&[(y, m)], days, &day_link_from_stream));
    for (date, e) in days
        .range(prefix.as_str()..)
        .take_while(|(d, _)| d.starts_with(&prefix))
    {
        let (_, _, title) = cell_look(e);
        let _ = write!(
            b,
            "<h3><a href=\"{d}/index.html\">{d}</a></h3><p>{}</p><div>",
            escape(&title),
            d = escape(date)
        );
        for p in &e.pages {
            let _ = write!(
                b,
                "<a href=\"{d}/index.html\"><img src=\"{d}/{f}.png\" alt=\"{v}\" title=\"{v}\" loading=\"lazy\" style=\"width:160px\"></a>",
                d = escape(date),
                f = href(&p.variable),
                v = escape(&p.variable)
            );
        }
        b.push_str("</div>\n");
    }
    write(
        &dir.join(format!("{prefix}.html")),
        &page(&format!("{name} {y}-{m:02}"), "../", &b),
        o,
    )
}

/// Write one long-range SVG per variable into `<dir>/longrange/`; returns the variables drawn.
fn write_long_range(dir: &Path, days: &BTreeMap<&str, &DayEntry>, o: &OutputOptions) -> Result<Vec<String>> {
    let dated: Vec<(chrono::NaiveDate, &DayEntry)> = days
        .values()
        .filter_map(|e| parse_date(&e.date).map(|d| (d, *e)))
        .collect();
    let (Some(first), Some(last)) = (dated.first().map(|x| x.0), dated.last().map(|x| x.0)) else {
        return Ok(Vec::new());
    };
    // Variables in order of first appearance.
    let mut vars: Vec<(String, String, String)> = Vec::new();
    for (_, e) in &dated {
        for v in e.stats.iter().flat_map(|s| &s.vars) {
            if v.per_time >= 1 && !vars.iter().any(|(n, _, _)| *n == v.name) {
                vars.push((v.name.clone(), v.units.clone(), v.long_name.clone()));
            }
        }
    }
    let n_days = (last - first).num_days() + 1;
    let mut drawn = Vec::new();
    for (name, units, long) in vars {
        let points: Vec<DayPoint> = dated
            .iter()
            .filter_map(|(d, e)| {
                let s = e.stats.as_ref()?;
                let v = s.var(&name)?;
                let range = match (v.min, v.mean, v.max) {
                    (Some(a), Some(b), Some(c)) => Some((a, b, c)),
                    _ => None,
                };
                Some(DayPoint {
                    day: (*d - first).num_days(),
                    range,
                    flagged: v.has_qc.then(|| v.flagged_fraction(s)),
                })
            })
            .collect();
        let title = if long.is_empty() {
            name.clone()
        } else {
            format!("{name} — {long}")
        };
        let svg = panel_svg(
            &title,
            &units,
            &first.format("%Y-%m-%d").to_string(),
            &last.format("%Y-%m-%d").to_string(),
            n_days,
            &points,
        );
        write(&dir.join("longrange").join(format!("{name}.svg")), &svg, o)?;
        drawn.push(name);
    }
    Ok(drawn)
}

/// Write the top page `index.html`: each datastream with its period, valid and flagged
/// fractions, and (with several datastreams) the datastream-by-day matrix.
pub fn write_top(out: &Path, streams: &Streams, o: &OutputOptions) -> Result<std::path::PathBuf> {
    let mut b = String::from(
        "<h1>atmokit quicklooks</h1>\n<table class=\"stats\"><tr><th>datastream</th><th>first day</th><th>last day</th><th>days</th><th>unreadable</th><th>valid</th><th>flagged</th></tr>\n",
    );
    for (name, days) in streams {
        let stats: Vec<_> = days.values().filter_map(|e| e.stats.as_ref()).collect();
        let (mut valid, mut expected, mut flagged, mut present) = (0u64, 0u64, 0u64, 0u64);
        for s in &stats {
            for v in &s.vars {
                valid += v.valid;
                expected += s.expected * v.per_time;
                if v.has_qc {
                    flagged += v.flagged;
                    present += s.records * v.per_time;
                }
            }
        }
        let frac = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let _ = writeln!(
            b,
            "<tr><td><a href=\"{}/index.html\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            href(name),
            escape(name),
            escape(days.keys().next().copied().unwrap_or("")),
            escape(days.keys().next_back().copied().unwrap_or("")),
            days.len(),
            days.values().filter(|e| e.failed).count(),
            pct(frac(valid, expected)),
            pct(frac(flagged, present))
        );
    }
    b.push_str("</table>\n");
    if streams.len() > 1 {
        b.push_str(&matrix(out, streams, o)?);
    }
    let path = out.join("index.html");
    write(&path, &page("atmokit quicklooks", "", &b), o)?;
    Ok(path)
}

/// Largest size of the matrix kept on the top page; a larger one (many datastreams) moves to one
/// page per month (`matrix-YYYYMM.html`) so that no page grows past ~300 KB.
pub const MAX_INLINE_MATRIX: usize = 200 * 1024;

/// The datastream-by-day matrix: one table per month, one row per datastream, one cell per day.
fn matrix_tables(streams: &Streams) -> Vec<((i32, u32), String)> {
    let months = months_spanned(streams.values().flat_map(|d| d.keys().copied()));
    let mut out = Vec::new();
    for (y, m) in months {
        let Some(first) = chrono::NaiveDate::from_ymd_opt(y, m, 1) else {
            continue;
        };
        let mut b = format!("<table class=\"matrix\"><caption>{y}-{m:02}</caption>");
        for (name, days) in streams {
            let _ = write!(b, "<tr><th>{}</th>", escape(name));
            let mut d = first;
            while chrono::Datelike::month(&d) == m {
                let key = d.format("%Y%m%d").to_string();
                match days.get(key.as_str()) {
                    Some(e) => {
                        let (vc, _, title) = cell_look(e);
                        let _ = write!(
                            b,
                            "<td class=\"{vc}\"><a href=\"{}/{key}/index.html\" title=\"{}\"></a></td>",
                            href(name),
                            escape(&title)
                        );
                    }
                    None => b.push_str("<td class=\"a0\"></td>"),
                }
                d = match d.succ_opt() {
                    Some(n) => n,
                    None => break,
                };
            }
            b.push_str("</tr>");
        }
        b.push_str("</table>\n");
        out.push(((y, m), b));
    }
    out
}

/// The matrix section of the top page: the tables themselves, or (too large) links to one
/// page per month, written here.
fn matrix(out: &Path, streams: &Streams, o: &OutputOptions) -> Result<String> {
    let tables = matrix_tables(streams);
    let mut b = String::from("<h2>Datastreams by day</h2>\n");
    b.push_str(crate::html::legends());
    if tables.iter().map(|(_, t)| t.len()).sum::<usize>() <= MAX_INLINE_MATRIX {
        for (_, t) in &tables {
            b.push_str(t);
        }
        return Ok(b);
    }
    b.push_str("<p>");
    for ((y, m), t) in &tables {
        let name = format!("matrix-{y}{m:02}.html");
        let body = format!(
            "<nav><a href=\"index.html\">all datastreams</a></nav>\n<h1>Datastreams by day, {y}-{m:02}</h1>\n{}{t}",
            crate::html::legends()
        );
        write(
            &out.join(&name),
            &page(&format!("datastreams {y}-{m:02}"), "", &body),
            o,
        )?;
        let _ = write!(b, "<a href=\"{name}\">{y}-{m:02}</a> ");
    }
    b.push_str("</p>\n");
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::DayStats;

    fn entry(stream: &str, date: &str) -> DayEntry {
        DayEntry {
            datastream: stream.into(),
            date: date.into(),
            dir: format!("{stream}/{date}"),
            files: vec![],
            stats: Some(DayStats {
                records: 1,
                expected: 1,
                vars: vec![],
            }),
            pages: vec![],
            problems: vec![],
            failed: false,
            neighbours: (None, None),
        }
    }

    #[test]
    fn a_large_matrix_moves_to_month_pages() {
        // 40 datastreams × 365 days: far over the inline limit.
        let days: Vec<DayEntry> = (0..40)
            .flat_map(|k| {
                (0..365).map(move |d| {
                    let date = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(d);
                    entry(&format!("s{k:02}.b1"), &date.format("%Y%m%d").to_string())
                })
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let o = OutputOptions::default();
        let top = write_top(dir.path(), &streams(days.iter()), &o).unwrap();
        let html = std::fs::read_to_string(top).unwrap();
        assert!(html.len() < 300 * 1024, "{}", html.len());
        assert!(html.contains("href=\"matrix-201901.html\"") && html.contains("href=\"matrix-201912.html\""));
        let jan = std::fs::read_to_string(dir.path().join("matrix-201901.html")).unwrap();
        assert!(jan.len() < 300 * 1024, "{}", jan.len());
        assert_eq!(jan.matches("<a href=\"s").count(), 40 * 31);
        // Two datastreams over a few days stay on the top page.
        let few: Vec<DayEntry> = vec![entry("a.b1", "20190101"), entry("b.b1", "20190102")];
        let dir = tempfile::tempdir().unwrap();
        let html = std::fs::read_to_string(write_top(dir.path(), &streams(few.iter()), &o).unwrap()).unwrap();
        assert!(html.contains("<table class=\"matrix\">") && !html.contains("matrix-2019"));
    }
}

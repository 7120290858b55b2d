//! NOAA PSL OTT Parsivel disdrometer statistics files (`sssYYJJJHH_stats.txt`): ACT's
//! `read_psl_parsivel`.
//!
//! # Format
//!
//! As described by NOAA PSL ("Data Format for DisdrometerOTTParsivel Stats", published with the
//! PSL Parsivel data sets, e.g. <https://zenodo.org/record/10372120>, and on the PSL data-type
//! page <https://psl.noaa.gov/data/obs/data/view_data_type_info.php?SiteID=ctd&DataOperationalID=5890>):
//!
//! * line 1: `InstrumentModel (SN: SerialNumber) Time (YYJJJHH): <YYJJJHH> UTC` — the hour the
//!   file starts (two-digit year, day of year, hour); the start time is the last token of
//!   exactly seven digits on the line;
//! * lines 2 and 3: column titles, skipped (as ACT skips them);
//! * then one whitespace-separated record per averaging interval, 57 fields:
//!   `MM:SS:mmm-MM:SS:mmm` (begin and end of the interval, minute, second and fraction of a
//!   second within the file's hour), the 32 drop counts `B1`..`B32` per size class, and the
//!   24 state fields of [`STATE_FIELDS`].
//!
//! # Output (ACT's layout)
//!
//! * `time` (interval begin), `interval_end_time` (time; the end);
//! * `B1`..`B32` (time), each size class's count as its own variable, as ACT keeps them;
//! * `number_density_drops` (time, particle_size): the same counts as one 2-D array,
//!   units `count`;
//! * `particle_size` (particle_size): the class centres [`PARTICLE_SIZE_MM`] (mm) and
//!   `class_size_width` (particle_size): the class widths [`CLASS_SIZE_WIDTH_MM`] (mm);
//! * the 24 state fields on time with ACT's long names and units.
//!
//! Integer-valued columns are `int64` and the others `float64`, as pandas infers them for ACT
//! (pandas' missing-value markers such as `NaN` or `NA` are read as NaN and make the column
//! float). Several files are concatenated on time in the order given.
//!
//! # Differences from ACT
//!
//! * An interval ending on the next hour (`59:00:000-00:00:000`) ends one hour after the file's
//!   start hour; ACT dates it at the start of the file's own hour, before the interval begins.
//! * `particle_size` is labelled "Particle class size average" and `class_size_width` "Class
//!   size width"; ACT swaps the two long names.
//!
//! [`ParsivelOptions::act_compat`] reproduces both.

use crate::error::{Result, TextError};
use crate::psl::numeric::{NumColumn, side_by_side};
use crate::util::{Ctx, day_of_year_ns, read_text, split_ws};
use atmokit_core::{Dataset, Variable};
use std::path::Path;

/// Centres of the 32 OTT Parsivel volume-equivalent diameter classes (mm).
///
/// Source: the OTT Parsivel class table as published by NOAA PSL in "Data Format for
/// DisdrometerOTTParsivel Stats" (ClassAverage column; <https://zenodo.org/record/10372120>),
/// which is the table of the OTT Parsivel operating instructions. Classes 1 and 2 are below the
/// instrument's measuring range and are not evaluated.
pub const PARTICLE_SIZE_MM: [f64; 32] = [
    0.062, 0.187, 0.312, 0.437, 0.562, 0.687, 0.812, 0.937, 1.062, 1.187, 1.375, 1.625, 1.875, 2.125, 2.375, 2.75,
    3.25, 3.75, 4.25, 4.75, 5.5, 6.5, 7.5, 8.5, 9.5, 11.0, 13.0, 15.0, 17.0, 19.0, 21.5, 24.5,
];

/// Widths of the 32 OTT Parsivel diameter classes (mm); same source as [`PARTICLE_SIZE_MM`]
/// (ClassSpread column).
pub const CLASS_SIZE_WIDTH_MM: [f64; 32] = [
    0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.25, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5,
    0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0,
];

/// The 24 state fields that follow the drop counts in each record, in file order:
/// (variable name, `long_name`, `units`) as ACT names them.
pub const STATE_FIELDS: [(&str, &str, &str); 24] = [
    ("blackout", "Number of samples excluded during PC clock sync", "count"),
    ("good", "Number of samples that passed QC checks", "count"),
    ("bad", "Number of samples that failed QC checks", "count"),
    (
        "number_detected_particles",
        "Total number of detected particles",
        "count",
    ),
    ("precip_rate", "Precipitation rate", "mm/hr"),
    ("precip_amount", "Interval accumulation", "mm"),
    ("precip_accumulation", "Event accumulation", "mm"),
    ("equivalent_radar_reflectivity", "Radar Reflectivity", "dB"),
    (
        "number_in_error",
        "Number of samples that were reported dirt, very dirty, or damaged",
        "count",
    ),
    (
        "dirty",
        "Laser glass is dirty but measurement is still possible",
        "unitless",
    ),
    (
        "very_dirty",
        "Laser glass is dirty, partially covered no further measurements are possible",
        "unitless",
    ),
    ("damaged", "Laser damaged", "unitless"),
    (
        "laserband_amplitude",
        "Average signal amplitude of the laser strip",
        "unitless",
    ),
    (
        "laserband_amplitude_stdev",
        "Standard deviation of the signal amplitude of the laser strip",
        "unitless",
    ),
    ("sensor_temperature", "Average sensor temperature", "degC"),
    (
        "sensor_temperature_stdev",
        "Standard deviation of sensor temperature",
        "degC",
    ),
    ("sensor_voltage", "Sensor power supply voltage", "V"),
    (
        "sensor_voltage_stdev",
        "Standard deviation of the sensor power supply voltage",
        "V",
    ),
    ("heating_current", "Average heating system current", "A"),
    (
        "heating_current_stdev",
        "Standard deviation of heating system current",
        "A",
    ),
    (
        "number_rain_particles",
        "Number of particles detected as rain",
        "unitless",
    ),
    (
        "number_non_rain_particles",
        "Number of particles detected not as rain",
        "unitless",
    ),
    (
        "number_ambiguous_particles",
        "Number of particles detected as ambiguous",
        "unitless",
    ),
    (
        "precip_type",
        "Precipitation type (1=rain; 2=mixed; 3=snow)",
        "unitless",
    ),
];

/// Fields per record: the interval, 32 counts, 24 state fields.
const N_FIELDS: usize = 1 + 32 + STATE_FIELDS.len();

const NS: i64 = 1_000_000_000;

/// Everything read from the files, column by column.
struct Columns {
    start: Vec<i64>,
    end: Vec<i64>,
    bins: Vec<NumColumn>,
    state: Vec<NumColumn>,
}

/// Options of [`read_psl_parsivel_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsivelOptions {
    /// Reproduce ACT 2.3.4: an interval ending on the next hour (`59:00:000-00:00:000`) ends at
    /// the start of the file's own hour, and the long names of `particle_size` and
    /// `class_size_width` are swapped. Default off.
    pub act_compat: bool,
}

/// Read one or more PSL Parsivel stats files, concatenated on time (see the module docs).
///
/// Errors: an unreadable file, a header without the `YYJJJHH` start time, a record with other
/// than 57 fields or a malformed field (named with file and 1-based line), or no record at all.
pub fn read_psl_parsivel<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    read_psl_parsivel_with(paths, &ParsivelOptions::default())
}

/// [`read_psl_parsivel`] with options.
pub fn read_psl_parsivel_with<P: AsRef<Path>>(paths: &[P], opts: &ParsivelOptions) -> Result<Dataset> {
    let first = paths
        .first()
        .ok_or_else(|| TextError::Invalid("read_psl_parsivel: no files given".into()))?
        .as_ref();
    let mut cols = Columns {
        start: Vec::new(),
        end: Vec::new(),
        bins: (0..32).map(|_| NumColumn::new()).collect(),
        state: (0..STATE_FIELDS.len()).map(|_| NumColumn::new()).collect(),
    };
    for p in paths {
        read_one(p.as_ref(), &mut cols, opts.act_compat)?;
    }
    let n = cols.start.len();
    if n == 0 {
        return Err(TextError::parse(first, 0, "no data records"));
    }
    let ctx = Ctx::new(first);
    // (particle_size, class_size_width) long names; ACT swaps them.
    let mut size_long = ["Particle class size average", "Class size width"];
    if opts.act_compat {
        size_long.reverse();
    }
    let mut ds = Dataset::new();
    let mut put = |name: &str, v: Variable| ds.insert(name, v).map(|_| ()).map_err(|e| ctx.ds(e));
    put("time", Variable::time("time", cols.start))?;
    put(
        "particle_size",
        Variable::new(["particle_size"], PARTICLE_SIZE_MM.to_vec())
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", size_long[0])
            .with_attr("units", "mm"),
    )?;
    // The (time, particle_size) table first, then each bin column moves into its own B<k>.
    let dsd = side_by_side(&cols.bins).into_data(first, &[n, 32])?;
    for (k, c) in cols.bins.into_iter().enumerate() {
        put(
            &format!("B{}", k + 1),
            Variable::new(["time"], c.into_data(first, &[n])?).map_err(|e| ctx.ds(e))?,
        )?;
    }
    for ((name, long, units), c) in STATE_FIELDS.iter().zip(cols.state) {
        let v = Variable::new(["time"], c.into_data(first, &[n])?)
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", *long)
            .with_attr("units", *units);
        put(name, v)?;
    }
    put(
        "number_density_drops",
        Variable::new(["time", "particle_size"], dsd)
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", "Drop Size Distribution")
            .with_attr("units", "count"),
    )?;
    put(
        "class_size_width",
        Variable::new(["particle_size"], CLASS_SIZE_WIDTH_MM.to_vec())
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", size_long[1])
            .with_attr("units", "mm"),
    )?;
    put(
        "interval_end_time",
        Variable::time("time", cols.end).with_attr("long_name", "End time of averaging interval"),
    )?;
    Ok(ds)
}

fn read_one(path: &Path, cols: &mut Columns, act_compat: bool) -> Result<()> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(ctx.err(0, "empty file"));
    }
    let bin_names: Vec<String> = (1..=32).map(|k| format!("B{k}")).collect();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let (hl, header) = lines.next().ok_or_else(|| ctx.err(0, "empty file"))?;
    let hour_start = file_hour(&ctx, hl, header)?;
    for (ln, line) in lines.skip(2) {
        let toks = split_ws(line);
        if toks.is_empty() {
            continue;
        }
        if toks.len() != N_FIELDS {
            return Err(ctx.err(
                ln,
                format!(
                    "{} fields, expected {N_FIELDS} (interval, B1..B32, {} state fields)",
                    toks.len(),
                    STATE_FIELDS.len()
                ),
            ));
        }
        let (begin, end) = toks[0]
            .split_once('-')
            .ok_or_else(|| ctx.err(ln, format!("interval '{}' is not 'MM:SS:mmm-MM:SS:mmm'", toks[0])))?;
        let b = offset_in_hour(&ctx, ln, begin, "interval begin")?;
        let mut e = offset_in_hour(&ctx, ln, end, "interval end")?;
        if e < b && !act_compat {
            // The interval runs into the next hour (ACT leaves it in the file's own hour).
            e += 3600 * NS;
        }
        for (k, c) in cols.bins.iter_mut().enumerate() {
            c.push(&ctx, ln, toks[1 + k], &bin_names[k])?;
        }
        for (k, c) in cols.state.iter_mut().enumerate() {
            c.push(&ctx, ln, toks[33 + k], STATE_FIELDS[k].0)?;
        }
        cols.start.push(hour_start + b);
        cols.end.push(hour_start + e);
    }
    Ok(())
}

/// Nanoseconds since 1970 of the hour a file starts, from the `YYJJJHH` token of its header.
fn file_hour(ctx: &Ctx<'_>, line: usize, header: &str) -> Result<i64> {
    let tok = split_ws(header)
        .into_iter()
        .rev()
        .find(|t| t.len() == 7 && t.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            ctx.err(
                line,
                "header has no start time 'YYJJJHH' (expected '... Time (YYJJJHH): <YYJJJHH> UTC')",
            )
        })?;
    // Seven ASCII digits: the slices are on character boundaries and parse.
    let num = |r: std::ops::Range<usize>| tok[r].parse::<i64>().unwrap_or(-1);
    let (yy, doy, hh) = (num(0..2), num(2..5), num(5..7));
    // Two-digit years as strptime's %y: 69-99 → 1900s, 00-68 → 2000s.
    let year = if yy >= 69 { 1900 + yy } else { 2000 + yy };
    let day = day_of_year_ns(year, doy)
        .filter(|_| (0..24).contains(&hh))
        .ok_or_else(|| {
            ctx.err(
                line,
                format!("start time '{tok}': invalid day of year {doy} or hour {hh}"),
            )
        })?;
    Ok(day + hh * 3600 * NS)
}

/// Nanoseconds into the hour of `MM:SS:f` (f: 1 to 9 digits, the fraction of a second).
fn offset_in_hour(ctx: &Ctx<'_>, line: usize, tok: &str, what: &str) -> Result<i64> {
    let bad = || ctx.err(line, format!("{what} '{tok}' is not 'MM:SS:mmm'"));
    let mut parts = tok.split(':');
    let (Some(m), Some(s), Some(f), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let digits = |x: &str, max_len: usize| !x.is_empty() && x.len() <= max_len && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(m, 2) || !digits(s, 2) || !digits(f, 9) {
        return Err(bad());
    }
    let (m, s) = (
        m.parse::<i64>().map_err(|_| bad())?,
        s.parse::<i64>().map_err(|_| bad())?,
    );
    if m >= 60 || s >= 60 {
        return Err(ctx.err(line, format!("{what} '{tok}': minute or second out of range")));
    }
    // Fraction digits right-padded to nanoseconds ("250" → 0.250 s).
    let frac_ns = f.parse::<i64>().map_err(|_| bad())? * 10_i64.pow(9 - f.len() as u32);
    Ok((m * 60 + s) * NS + frac_ns)
}

/// True when `tok` is a Parsivel interval `MM:SS:mmm-MM:SS:mmm` (used by the format sniffer).
pub(crate) fn is_interval(tok: &str) -> bool {
    let ok = |p: &str| {
        let f: Vec<&str> = p.split(':').collect();
        f.len() == 3 && f.iter().all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
    };
    tok.split_once('-').is_some_and(|(a, b)| ok(a) && ok(b))
}

/// True when the file looks like a PSL Parsivel stats file: named `sssYYJJJHH_stats.txt`, or
/// its fourth line is a 57-field record starting with an interval.
pub(crate) fn sniff(name: &str, lines: &[&str]) -> bool {
    let b = name.to_ascii_lowercase().into_bytes();
    let by_name = b.len() == 20
        && b[..3].iter().all(u8::is_ascii_lowercase)
        && b[3..10].iter().all(u8::is_ascii_digit)
        && &b[10..] == b"_stats.txt";
    let by_content = lines.get(3).is_some_and(|l| {
        let t = split_ws(l);
        t.len() == N_FIELDS && is_interval(t[0])
    });
    by_name || by_content
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::civil_ns;

    #[test]
    fn tables_match_the_published_class_limits() {
        // Each class spans centre ± width/2; consecutive classes touch (published table).
        for k in 10..31 {
            let upper = PARTICLE_SIZE_MM[k] + CLASS_SIZE_WIDTH_MM[k] / 2.0;
            let lower_next = PARTICLE_SIZE_MM[k + 1] - CLASS_SIZE_WIDTH_MM[k + 1] / 2.0;
            assert!((upper - lower_next).abs() < 1e-9, "class {}", k + 1);
        }
        assert_eq!(PARTICLE_SIZE_MM[31] + CLASS_SIZE_WIDTH_MM[31] / 2.0, 26.0);
        assert_eq!(STATE_FIELDS[23].0, "precip_type");
    }

    #[test]
    fn times_by_hand() {
        let p = Path::new("x");
        let ctx = Ctx::new(p);
        // 2022 day 213 is 1 August; 22 h.
        let h = file_hour(&ctx, 1, "OTT Parsivel2 (SN: 450620) Time (YYJJJHH): 2221322 UTC").unwrap();
        assert_eq!(Some(h), civil_ns(2022, 8, 1, 22, 0, 0.0));
        assert_eq!(offset_in_hour(&ctx, 4, "01:30:250", "b").unwrap(), 90_250_000_000);
        assert_eq!(offset_in_hour(&ctx, 4, "00:00:5", "b").unwrap(), 500_000_000);
        assert!(offset_in_hour(&ctx, 4, "61:00:000", "b").is_err());
        assert!(offset_in_hour(&ctx, 4, "1:2", "b").is_err());
        assert!(
            file_hour(&ctx, 1, "OTT Parsivel2 2236622 UTC").is_err(),
            "2022 has 365 days"
        );
        assert!(is_interval("59:00:000-00:00:000"));
        assert!(!is_interval("59:00:000"));
    }
}

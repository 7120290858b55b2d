//! NOAA PSL FMCW snow-level radar and S-band precipitation profiler moment files: ACT's
//! `read_psl_radar_fmcw_moment` and `read_psl_radar_sband_moment` (one parser, as in ACT).
//!
//! # Format
//!
//! As described by NOAA PSL ("Data Format for Radar FMCW Moments", published with the PSL
//! data sets, e.g. <https://zenodo.org/records/10552807>); the S-band (`Radar3000/PopMoments`)
//! files share the layout. Whitespace-separated text:
//!
//! * header line 1, once per file: site identifier (three letters), latitude (degrees × 100),
//!   longitude (degrees × 100), altitude (m), operating frequency (GHz × 10⁵);
//! * then, for each radar dwell (one profile):
//!   * header line 2: beam index, azimuth (deg), elevation (deg), two-digit year, day of year,
//!     hour, minute, second (start of the dwell, UTC);
//!   * header line 3: inter-pulse period (µs), pulse width (ns), range to the first gate (m),
//!     distance between gates (m), number of range gates *N*, number of coherent integrations,
//!     number of averaged spectra, number of FFT points, number of code bits;
//!   * *N* data rows, one per range gate: radial velocity (m/s), signal-to-noise ratio (dB,
//!     not range corrected), signal power (dB, not range corrected), spectral width (m/s),
//!     noise amplitude (dB), QC value (unused, zeros).
//!
//! # Output (ACT's names and attrs)
//!
//! * on `file`: `site`, `lat` (degree_N), `lon` (degree_E), `alt` (m), `freq` (Hz);
//! * on `time` (dwell start): `azimuth`, `elevation`, `beam_direction_code`, `year` (two
//!   digits), `day_of_year`, `hour`, `minute`, `second`, `interpulse_period`, `pulse_width`,
//!   `first_range_gate`, `range_between_gates`, `n_gates`, `n_coherent_integration`,
//!   `n_averaged_spectra`, `n_points_spectrum`, `n_code_bits`;
//! * `range` (m) = first_range_gate + k · range_between_gates, k = 0, 1, …;
//! * on (time, range): `radial_velocity`, `snr`, `signal_power`, `spectral_width`,
//!   `noise_amplitude`, `qc_variable`, and
//!   `reflectivity_uncalibrated` (dB) = snr − 20·log10(1 / r²) = snr + 40·log10(r), r the range
//!   in km: the SNR corrected for the 1/r² fall-off of a volume target's power (Johnston et al.
//!   2017, J. Atmos. Oceanic Technol. 34, 249–267); uncalibrated, so comparable only within one
//!   radar. NaN where r ≤ 0.
//!
//! The six moment columns are `int64` when every value is an integer (`qc_variable`, all
//! zeros) and `float64` otherwise, as pandas infers them for ACT; `NaN`, `NA` and pandas' other
//! missing markers read as NaN. Several files are concatenated on time; every dwell of every
//! file must have the same gates.
//!
//! # Differences from ACT
//!
//! * Every dwell is read. ACT's block offsets skip the second dwell of each file, and it reads
//!   N − 1 rows per dwell, dropping the last gate: on a file of T ≥ 2 dwells of N gates ACT
//!   returns T − 1 times and N − 1 ranges, this reader T and N. (A file whose every dwell has
//!   N − 1 rows is accepted too.)
//! * Header values are numbers (ACT keeps the header tokens as strings), `lat`/`lon` are in
//!   degrees (ACT means to divide by 100 but compares the token with the text `'lat'`, so never
//!   does), `freq` is converted to Hz (ACT labels the raw GHz × 10⁵ value Hz).
//! * The first three fields of header line 2 are beam index, azimuth, elevation as PSL
//!   documents them; ACT reads them as azimuth, elevation, beam direction code.
//! * `interpulse_period` is in µs (`us`; ACT says `ms`), `reflectivity_uncalibrated` is
//!   labelled as such (ACT's long name is "Range"), "cohrent" is spelt "coherent".

use crate::error::{Result, TextError};
use crate::psl::numeric::{NumColumn, is_na};
use crate::util::{Ctx, civil_ns, day_of_year_ns, read_text, split_ws};
use atmokit_core::{Dataset, Variable};
use std::path::Path;

/// The six data columns of a dwell: (variable name, `long_name`, `units`), in file order.
pub const MOMENTS: [(&str, &str, &str); 6] = [
    ("radial_velocity", "Radial velocity", "m/s"),
    ("snr", "Signal-to-noise ratio - not range corrected", "dB"),
    ("signal_power", "Signal Power - not range corrected", "dB"),
    ("spectral_width", "Spectral width", "m/s"),
    ("noise_amplitude", "noise_amplitude", "dB"),
    ("qc_variable", "QC Value - not used", ""),
];

/// Options of the radar moment readers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RadarMomentOptions {
    /// Label the dataset as ACT 2.3.4 does ([`crate::psl::radar_moment_act`]): header values
    /// as text (so `lat`/`lon` × 100 and the raw frequency), header line 2 read as azimuth,
    /// elevation, beam code, `interpulse_period` in "ms", `reflectivity_uncalibrated` named
    /// "Range" and −inf at range 0. (ACT's skipped dwell and gate are not reproduced.) Default off.
    pub act_compat: bool,
}

/// Read one or more PSL FMCW radar moment files, concatenated on time (see the module docs).
pub fn read_psl_radar_fmcw_moment<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    read_moments(paths, "read_psl_radar_fmcw_moment", &RadarMomentOptions::default())
}

/// Read one or more PSL S-band radar moment files, concatenated on time (see the module docs).
pub fn read_psl_radar_sband_moment<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    read_moments(paths, "read_psl_radar_sband_moment", &RadarMomentOptions::default())
}

/// [`read_psl_radar_fmcw_moment`] with options.
pub fn read_psl_radar_fmcw_moment_with<P: AsRef<Path>>(paths: &[P], opts: &RadarMomentOptions) -> Result<Dataset> {
    read_moments(paths, "read_psl_radar_fmcw_moment", opts)
}

/// [`read_psl_radar_sband_moment`] with options.
pub fn read_psl_radar_sband_moment_with<P: AsRef<Path>>(paths: &[P], opts: &RadarMomentOptions) -> Result<Dataset> {
    read_moments(paths, "read_psl_radar_sband_moment", opts)
}

/// Header line 1 of a file.
struct Site {
    /// The line's tokens as written (ACT keeps them as text).
    raw: Vec<String>,
    site: String,
    lat: f64,
    lon: f64,
    alt: f64,
    freq: f64,
}

/// Header lines 2 and 3 of a dwell.
struct Dwell {
    /// Header lines 2 and 3 as written (ACT keeps them as text).
    raw: Vec<String>,
    time: i64,
    beam: i64,
    az: f64,
    el: f64,
    /// Two-digit year, day of year, hour, minute, second.
    ymdhms: [i64; 5],
    /// Inter-pulse period, pulse width, first gate, gate spacing.
    pulse: [f64; 4],
    /// Gates, coherent integrations, averaged spectra, FFT points, code bits.
    counts: [i64; 5],
}

/// Everything read so far.
struct Acc {
    sites: Vec<Site>,
    dwells: Vec<Dwell>,
    moments: Vec<NumColumn>,
    /// Rows per dwell, first gate and spacing, fixed by the first dwell read.
    gates: Option<(usize, f64, f64)>,
}

fn read_moments<P: AsRef<Path>>(paths: &[P], who: &str, opts: &RadarMomentOptions) -> Result<Dataset> {
    let first = paths
        .first()
        .ok_or_else(|| TextError::Invalid(format!("{who}: no files given")))?
        .as_ref();
    let mut acc = Acc {
        sites: Vec::new(),
        dwells: Vec::new(),
        moments: (0..MOMENTS.len()).map(|_| NumColumn::new()).collect(),
        gates: None,
    };
    for p in paths {
        read_one(p.as_ref(), &mut acc)?;
    }
    let Some((n_r, r0, dr)) = acc.gates else {
        return Err(TextError::parse(first, 0, "no radar dwell in the file(s)"));
    };
    let raw = opts.act_compat.then(|| {
        (
            acc.sites.iter().map(|s| s.raw.clone()).collect::<Vec<_>>(),
            acc.dwells.iter().map(|d| d.raw.clone()).collect::<Vec<_>>(),
        )
    });
    let mut ds = build(first, acc, n_r, r0, dr)?;
    if let Some((sites, dwells)) = raw {
        crate::psl::radar_moment_act::relabel(&mut ds, &sites, &dwells).map_err(|e| Ctx::new(first).ds(e))?;
    }
    Ok(ds)
}

fn read_one(path: &Path, acc: &mut Acc) -> Result<()> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let lines: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, split_ws(l)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let (l1, h1) = lines.first().ok_or_else(|| ctx.err(0, "empty file"))?;
    if h1.len() != 5 {
        return Err(ctx.err(
            *l1,
            format!(
                "{} fields: expected the site line 'site lat*100 lon*100 altitude freq' (5 fields)",
                h1.len()
            ),
        ));
    }
    acc.sites.push(Site {
        raw: h1.iter().map(|t| t.to_string()).collect(),
        site: h1[0].to_string(),
        lat: ctx.f64(*l1, h1[1], "latitude")? / 100.0,
        lon: ctx.f64(*l1, h1[2], "longitude")? / 100.0,
        alt: ctx.f64(*l1, h1[3], "altitude")?,
        // GHz × 1e5 → Hz.
        freq: ctx.f64(*l1, h1[4], "frequency")? * 1e4,
    });
    let mut i = 1;
    while i < lines.len() {
        let (l2, t2) = (lines[i].0, &lines[i].1);
        if t2 == h1 {
            // A repeated site line is tolerated.
            i += 1;
            continue;
        }
        if t2.len() != 8 {
            return Err(ctx.err(
                l2,
                format!(
                    "{} fields: expected a dwell header 'beam azimuth elevation yy ddd hh mm ss' (8 fields)",
                    t2.len()
                ),
            ));
        }
        let (l3, t3) = lines
            .get(i + 1)
            .map(|(l, t)| (*l, t))
            .ok_or_else(|| ctx.err(l2, "dwell header at the end of the file: the gate line is missing"))?;
        if t3.len() != 9 {
            return Err(ctx.err(
                l3,
                format!(
                    "{} fields: expected the gate line 'ipp pulse_width first_gate spacing n_gates n_coh n_spec n_fft n_code' (9 fields)",
                    t3.len()
                ),
            ));
        }
        let dwell = parse_dwell(&ctx, l2, t2, l3, t3)?;
        let n_gates = dwell.counts[0];
        if n_gates < 1 {
            return Err(ctx.err(l3, format!("number of range gates {n_gates} must be at least 1")));
        }
        let n_gates = n_gates as usize;
        // Data rows: the 6-field lines that follow, at most n_gates of them.
        let start = i + 2;
        let mut end = start;
        while end < lines.len() && lines[end].1.len() == MOMENTS.len() && end - start < n_gates {
            end += 1;
        }
        let rows = end - start;
        if let Some((ln, t)) = lines.get(end) {
            if t.len() == MOMENTS.len() {
                return Err(ctx.err(
                    *ln,
                    format!("more data rows than the {n_gates} range gates of the dwell header at line {l3}"),
                ));
            }
            if t.len() != 8 && t != h1 {
                return Err(ctx.err(
                    *ln,
                    format!(
                        "{} fields: expected a data row (6 fields) or the next dwell's header (8 fields)",
                        t.len()
                    ),
                ));
            }
        }
        // PSL's description: n_gates rows; ACT's reader: n_gates - 1 rows. Either is accepted,
        // and every dwell must then have the first dwell's gates.
        if rows != n_gates && !(rows + 1 == n_gates && rows > 0) {
            return Err(ctx.err(
                l2,
                format!(
                    "truncated dwell: {rows} data rows, expected {n_gates} (the number of range gates at line {l3})"
                ),
            ));
        }
        let (r0, dr) = (dwell.pulse[2], dwell.pulse[3]);
        match acc.gates {
            None => acc.gates = Some((rows, r0, dr)),
            Some((n, g0, gd)) if n != rows || g0 != r0 || gd != dr => {
                return Err(ctx.err(
                    l2,
                    format!(
                        "dwell gates ({rows} rows, first {r0} m, spacing {dr} m) differ from the first dwell's ({n} rows, first {g0} m, spacing {gd} m)"
                    ),
                ));
            }
            Some(_) => {}
        }
        for (ln, t) in &lines[start..end] {
            for (k, c) in acc.moments.iter_mut().enumerate() {
                c.push(&ctx, *ln, t[k], MOMENTS[k].0)?;
            }
        }
        acc.dwells.push(dwell);
        i = end;
    }
    Ok(())
}

fn parse_dwell(ctx: &Ctx<'_>, l2: usize, t2: &[&str], l3: usize, t3: &[&str]) -> Result<Dwell> {
    let int2 = |k: usize, what: &str| ctx.i64(l2, t2[k], what);
    let beam = int2(0, "beam index")?;
    let az = ctx.f64(l2, t2[1], "azimuth")?;
    let el = ctx.f64(l2, t2[2], "elevation")?;
    let ymdhms = [
        int2(3, "year")?,
        int2(4, "day of year")?,
        int2(5, "hour")?,
        int2(6, "minute")?,
        int2(7, "second")?,
    ];
    let [yy, doy, hh, mi, ss] = ymdhms;
    if !(0..100).contains(&yy) {
        return Err(ctx.err(l2, format!("year {yy} is not two digits")));
    }
    let date = day_of_year_ns(2000 + yy, doy)
        .filter(|_| (0..24).contains(&hh))
        .ok_or_else(|| ctx.err(l2, format!("invalid day of year {doy} or hour {hh}")))?;
    let day = civil_ns(1970, 1, 1, hh, mi, ss as f64)
        .filter(|_| (0..60).contains(&ss))
        .ok_or_else(|| ctx.err(l2, format!("invalid time {hh:02}:{mi:02}:{ss:02}")))?;
    let time = date + day;
    let f3 = |k: usize, what: &str| ctx.f64(l3, t3[k], what);
    let i3 = |k: usize, what: &str| ctx.i64(l3, t3[k], what);
    Ok(Dwell {
        raw: t2.iter().chain(t3).map(|t| t.to_string()).collect(),
        time,
        beam,
        az,
        el,
        ymdhms,
        pulse: [
            f3(0, "inter-pulse period")?,
            f3(1, "pulse width")?,
            f3(2, "range to first gate")?,
            f3(3, "distance between gates")?,
        ],
        counts: [
            i3(4, "number of range gates")?,
            i3(5, "number of coherent integrations")?,
            i3(6, "number of averaged spectra")?,
            i3(7, "number of FFT points")?,
            i3(8, "number of code bits")?,
        ],
    })
}

/// Reflectivity (dB) from the SNR (dB) at range `r_m` (m): snr − 20·log10(1/r_km²), written as
/// ACT writes it; NaN where r ≤ 0.
pub fn range_corrected_snr(snr: f64, r_m: f64) -> f64 {
    if r_m > 0.0 {
        let r_km = r_m / 1000.0;
        snr - 20.0 * (1.0 / (r_km * r_km)).log10()
    } else {
        f64::NAN
    }
}

fn build(path: &Path, acc: Acc, n_r: usize, r0: f64, dr: f64) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let n_t = acc.dwells.len();
    let mut ds = Dataset::new();
    let mut put = |name: &str, v: Variable, long: &str, units: Option<&str>| {
        let mut v = v.with_attr("long_name", long);
        if let Some(u) = units {
            v = v.with_attr("units", u);
        }
        ds.insert(name, v).map(|_| ()).map_err(|e| ctx.ds(e))
    };
    let var = |dims: &[&str], data: atmokit_core::Data| Variable::new(dims.to_vec(), data).map_err(|e| ctx.ds(e));
    let on_file = |f: &dyn Fn(&Site) -> f64| acc.sites.iter().map(f).collect::<Vec<f64>>();
    put(
        "site",
        var(
            &["file"],
            acc.sites.iter().map(|s| s.site.clone()).collect::<Vec<_>>().into(),
        )?,
        "NOAA site code",
        None,
    )?;
    put(
        "lat",
        var(&["file"], on_file(&|s| s.lat).into())?,
        "North Latitude",
        Some("degree_N"),
    )?;
    put(
        "lon",
        var(&["file"], on_file(&|s| s.lon).into())?,
        "East Longitude",
        Some("degree_E"),
    )?;
    put(
        "alt",
        var(&["file"], on_file(&|s| s.alt).into())?,
        "Altitude above mean sea level",
        Some("m"),
    )?;
    put(
        "freq",
        var(&["file"], on_file(&|s| s.freq).into())?,
        "Operating Frequency; Ignore for FMCW",
        Some("Hz"),
    )?;
    put(
        "time",
        Variable::time("time", acc.dwells.iter().map(|d| d.time).collect()),
        "Datetime",
        None,
    )?;
    let on_time_f = |f: &dyn Fn(&Dwell) -> f64| acc.dwells.iter().map(f).collect::<Vec<f64>>().into();
    let on_time_i = |f: &dyn Fn(&Dwell) -> i64| acc.dwells.iter().map(f).collect::<Vec<i64>>().into();
    put(
        "azimuth",
        var(&["time"], on_time_f(&|d| d.az))?,
        "Azimuth angle",
        Some("deg"),
    )?;
    put(
        "elevation",
        var(&["time"], on_time_f(&|d| d.el))?,
        "Elevation angle",
        Some("deg"),
    )?;
    put(
        "beam_direction_code",
        var(&["time"], on_time_i(&|d| d.beam))?,
        "Beam direction code",
        Some(""),
    )?;
    let dates = [
        ("year", "2-digit year"),
        ("day_of_year", "Day of the year"),
        ("hour", "Hour of the day"),
        ("minute", "Minutes"),
        ("second", "Seconds"),
    ];
    for (k, (name, long)) in dates.iter().enumerate() {
        put(name, var(&["time"], on_time_i(&|d| d.ymdhms[k]))?, long, Some(""))?;
    }
    let pulse = [
        ("interpulse_period", "Interpulse Period", "us"),
        ("pulse_width", "Pulse width", "ns"),
        ("first_range_gate", "Range to first range gate", "m"),
        ("range_between_gates", "Distance between range gates", "m"),
    ];
    for (k, (name, long, units)) in pulse.iter().enumerate() {
        put(name, var(&["time"], on_time_f(&|d| d.pulse[k]))?, long, Some(units))?;
    }
    let counts = [
        ("n_gates", "Number of range gates"),
        ("n_coherent_integration", "Number of coherent integrations"),
        ("n_averaged_spectra", "Number of average spectra"),
        ("n_points_spectrum", "Number of points in spectra"),
        ("n_code_bits", "Number of code bits"),
    ];
    for (k, (name, long)) in counts.iter().enumerate() {
        put(name, var(&["time"], on_time_i(&|d| d.counts[k]))?, long, Some("count"))?;
    }
    let range: Vec<f64> = (0..n_r).map(|k| r0 + k as f64 * dr).collect();
    let snr = acc.moments[1].values();
    let refl: Vec<f64> = snr
        .iter()
        .enumerate()
        .map(|(j, &s)| range_corrected_snr(s, range[j % n_r]))
        .collect();
    let refl = ndarray::Array2::from_shape_vec((n_t, n_r), refl)
        .map_err(|e| ctx.err(0, format!("internal shape mismatch: {e}")))?
        .into_dyn();
    for ((name, long, units), col) in MOMENTS.iter().zip(acc.moments) {
        put(
            name,
            var(&["time", "range"], col.into_data(path, &[n_t, n_r])?)?,
            long,
            Some(units),
        )?;
    }
    put("range", var(&["range"], range.into())?, "Range", Some("m"))?;
    put(
        "reflectivity_uncalibrated",
        var(&["time", "range"], refl.into())?,
        "Uncalibrated reflectivity (range-corrected signal-to-noise ratio)",
        Some("dB"),
    )?;
    Ok(ds)
}

/// True when the first four non-blank lines look like a PSL radar moment file: a 5-field site
/// line starting with letters, an 8-field and a 9-field numeric header, a 6-field data row.
pub(crate) fn sniff(lines: &[&str]) -> bool {
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| split_ws(l))
        .filter(|t| !t.is_empty())
        .take(4)
        .collect();
    let num = |t: &&str| t.parse::<f64>().is_ok();
    let numeric = |r: &Vec<&str>, n: usize| r.len() == n && r.iter().all(num);
    rows.len() == 4
        && rows[0].len() == 5
        && rows[0][0].bytes().all(|b| b.is_ascii_alphabetic())
        && rows[0][1..].iter().all(num)
        && numeric(&rows[1], 8)
        && numeric(&rows[2], 9)
        && rows[3].len() == 6
        && rows[3].iter().all(|t| num(t) || is_na(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflectivity_by_hand() {
        // r = 1 km: no correction; r = 100 m: 40·log10(0.1) = −40 dB.
        assert_eq!(range_corrected_snr(7.5, 1000.0), 7.5);
        assert!((range_corrected_snr(12.4, 100.0) - (12.4 - 40.0)).abs() < 1e-12);
        assert!(range_corrected_snr(1.0, 0.0).is_nan());
    }

    #[test]
    fn sniff_needs_the_header_shapes() {
        let good = [
            "kps 3894 -10697 2860 283500",
            "1 0.0 90.0 22 227 06 00 12",
            "200 500 100 100 4 1 32 256 0",
            "-0.52 12.40 -118.60 0.35 -131.00 0",
        ];
        assert!(sniff(&good));
        let mut bad = good;
        bad[2] = "200 500 100 100 4 1 32 256";
        assert!(!sniff(&bad));
    }
}

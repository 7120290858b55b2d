//! SP2 size distributions and concentrations over averaging intervals: PySP2's
//! `process_psds(particle_ds, hk_ds, config, deltaSize, num_bins, avg_interval,
//! deadtime_correction)` (ACT 2.3.4's `act.retrievals.sp2.process_sp2_psds`).
//!
//! Method (Schwarz et al. 2006; PySP2's documentation). The intervals start at the first
//! housekeeping time and step by `avg_interval` seconds (times in seconds since 1904, the SP2
//! clock). In each interval (both ends included):
//! - every accepted particle counts `OneOfEvery` times (the instrument saves one particle in
//!   N; divided by 1 + its dead-time relative bias with `deadtime_correction`): scattering
//!   particles (a finite `Scatter`) into the scattering number and mass distributions by
//!   `ScatDiaSO4` (and into the black-carbon-core distribution by `ScatDiaBC50`), incandescent
//!   ones (a finite `sootMass`) into the incandescence number and mass distributions by
//!   `sootDiam`; sizes are in µm, bins of width `deltaSize` centred on 0.01 + i·deltaSize, or
//!   `num_bins` logarithmic bins from 0.01 to 1 µm; sizes past the last bin are left out;
//! - the sampled volume is the trapezoidal sum over the interval's housekeeping records of
//!   flow · P / T (the `Sample Flow LFE` in cm³/min, a zero replaced by the previous record's,
//!   over 60 and times the `Duty Cycle` in %, then 2 where still 0; `Chamber Pressure` and
//!   `Chamber Temp` in °C), reduced to STP (`TempSTP`, `PressSTP`);
//! - number concentrations (cm⁻³) are counts over that volume, mass concentrations 1000 ×
//!   mass over it (PySP2's scaling; masses in fg give ng m⁻³), split into saturated and
//!   non-saturated by the high-gain peak heights (`PkHt_ch0` / `PkHt_ch1` above
//!   `ScatMaxPeakHt1` / `IncanMaxPeakHt1`).
//!
//! Differences from PySP2 1.8 ([`PsdOptions::act_compat`] reproduces them): PySP2 divides the
//! black-carbon number fraction `NumFracBC` by the sampled volume (a fraction in cm⁻³), where
//! atmokit gives the fraction (0 below 5 counted particles, as PySP2); with logarithmic bins a
//! particle smaller than the first edge (0.01 µm) lands in PySP2's *last* bin (a −1 index),
//! where atmokit leaves it out. PySP2 also overwrites the particle dataset's `PkPos_ch1` /
//! `PkPos_ch0` with the low-gain positions of saturated particles (unused); atmokit changes no
//! input.

use atmokit_core::{Dataset, Error, Result, Variable};
use ndarray::Array2;

use super::globals::Sp2Globals;

/// Seconds from the SP2's epoch (1904-01-01) to 1970-01-01.
const EPOCH_1904_S: f64 = 2_082_844_800.0;

/// How the size bins are laid out (PySP2's `deltaSize`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SizeBins {
    /// Bins this wide (µm), centred on 0.01 + i·width (PySP2's float `deltaSize`, 0.005).
    Linear(f64),
    /// `num_bins` bins evenly spaced in log10 from 0.01 to 1 µm (PySP2's `deltaSize='log'`);
    /// each bin is reported at the geometric mean of its edges.
    Log,
}

/// Options of [`process_sp2_psds`], with PySP2's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct PsdOptions {
    /// Size bins (default `Linear(0.005)`).
    pub bins: SizeBins,
    /// Number of size bins (default 199).
    pub num_bins: usize,
    /// Averaging interval in seconds (default 10).
    pub avg_interval_s: f64,
    /// Divide `OneOfEvery` by 1 + `DeadtimeRelativeBias` (default off).
    pub deadtime_correction: bool,
    /// The `.ini`'s `[Acquisition] 1 of Every`, used when the particles have no `OneofEvery`
    /// (default 1: PySP2 warns that concentrations may be far too low then).
    pub one_of_every: f64,
    /// Criteria and STP (`ScatMaxPeakHt1`, `IncanMaxPeakHt1`, `TempSTP`, `PressSTP`).
    pub globals: Sp2Globals,
    /// PySP2 1.8's `NumFracBC` and log-bin slips (see the module docs).
    pub act_compat: bool,
}

impl Default for PsdOptions {
    fn default() -> Self {
        PsdOptions {
            bins: SizeBins::Linear(0.005),
            num_bins: 199,
            avg_interval_s: 10.0,
            deadtime_correction: false,
            one_of_every: 1.0,
            globals: Sp2Globals::default(),
            act_compat: false,
        }
    }
}

/// The interval starts: numpy's `arange(first, last, step)`, or one interval from the first
/// particle when the housekeeping spans less than a step.
fn interval_edges(hk_time: &[f64], first_particle: f64, step: f64) -> Vec<f64> {
    let (a, b) = (hk_time[0], hk_time[hk_time.len() - 1]);
    let n = ((b - a) / step).ceil();
    let edges: Vec<f64> = if n.is_finite() && n > 0.0 {
        (0..n as usize).map(|i| a + i as f64 * step).collect()
    } else {
        Vec::new()
    };
    if edges.is_empty() {
        vec![first_particle, first_particle + step]
    } else {
        edges
    }
}

/// The bin edges the sizes are sorted by and the reported bin sizes (µm).
fn size_bins(bins: SizeBins, n: usize) -> (Vec<f64>, Vec<f64>) {
    match bins {
        SizeBins::Linear(w) => {
            let centres: Vec<f64> = (0..n).map(|i| 0.01 + i as f64 * w).collect();
            (centres.iter().map(|c| c + w / 2.0).collect(), centres)
        }
        SizeBins::Log => {
            let (lo, hi) = (0.01f64.log10(), 1.0f64.log10());
            let step = (hi - lo) / n as f64;
            let edges: Vec<f64> = (0..=n)
                .map(|i| 10f64.powf(if i == n { hi } else { lo + i as f64 * step }))
                .collect();
            let centres = (0..n).map(|i| (edges[i] * edges[i + 1]).sqrt()).collect();
            (edges, centres)
        }
    }
}

/// The bin of `size` (None when it is NaN or past the last bin): numpy's
/// `searchsorted(edges, size, side='right')`, minus one for logarithmic edges.
fn bin_of(size: f64, edges: &[f64], bins: SizeBins, n: usize, act_compat: bool) -> Option<usize> {
    let top = match bins {
        SizeBins::Linear(_) => edges[n - 1],
        SizeBins::Log => edges[n],
    };
    if size.is_nan() || size >= top {
        return None;
    }
    let i = edges.partition_point(|&e| e <= size);
    match bins {
        SizeBins::Linear(_) => Some(i),
        SizeBins::Log if i > 0 => Some(i - 1),
        SizeBins::Log => act_compat.then_some(n - 1),
    }
}

/// The particle columns used, as f64 (sizes in µm).
struct Particles {
    time: Vec<f64>,
    scatter_ok: Vec<bool>,
    incand_ok: Vec<bool>,
    dia_bc50: Vec<f64>,
    dia_so4: Vec<f64>,
    mass_so4: Vec<f64>,
    soot_mass: Vec<f64>,
    soot_dia: Vec<f64>,
    scat_sat: Vec<bool>,
    incan_sat: Vec<bool>,
    weight: Vec<f64>,
}

impl Particles {
    fn read(ds: &Dataset, o: &PsdOptions) -> Result<Particles> {
        let col = |n: &str| ds.values_f64(n);
        let time = col("DateTimeWaveUTC")?;
        let n = time.len();
        let um = |n: &str| -> Result<Vec<f64>> { Ok(col(n)?.into_iter().map(|v| v / 1000.0).collect()) };
        let soot_mass = col("sootMass")?;
        let mut weight = match ds.contains("OneofEvery") {
            true => col("OneofEvery")?,
            false => vec![o.one_of_every; n],
        };
        if o.deadtime_correction {
            let bias = col("DeadtimeRelativeBias")?;
            weight.iter_mut().zip(&bias).for_each(|(w, b)| *w /= 1.0 + b);
        }
        let p = Particles {
            scatter_ok: col("Scatter")?.iter().map(|v| !v.is_nan()).collect(),
            incand_ok: soot_mass.iter().map(|v| !v.is_nan()).collect(),
            dia_bc50: um("ScatDiaBC50")?,
            dia_so4: um("ScatDiaSO4")?,
            mass_so4: col("ScatMassSO4")?,
            soot_dia: um("sootDiam")?,
            scat_sat: col("PkHt_ch0")?.iter().map(|&h| h > o.globals.ScatMaxPeakHt1).collect(),
            incan_sat: col("PkHt_ch1")?
                .iter()
                .map(|&h| h > o.globals.IncanMaxPeakHt1)
                .collect(),
            soot_mass,
            weight,
            time,
        };
        let lens = [
            p.scatter_ok.len(),
            p.dia_bc50.len(),
            p.dia_so4.len(),
            p.mass_so4.len(),
            p.soot_dia.len(),
            p.scat_sat.len(),
            p.incan_sat.len(),
            p.weight.len(),
        ];
        if lens.iter().any(|&l| l != n) {
            return Err(Error::data(
                "DateTimeWaveUTC",
                format!("process_sp2_psds: the particle variables differ in length ({n} times, {lens:?})"),
            ));
        }
        Ok(p)
    }
}

/// Per-interval totals (the counts weighted by `OneOfEvery`).
#[derive(Default)]
struct Totals {
    incan: f64,
    total: f64,
    scat: f64,
    scat_sat: f64,
    incan_scat: f64,
    incan_sat: f64,
    mass_scat: f64,
    mass_scat_sat: f64,
    mass_incan: f64,
    mass_incan_sat: f64,
}

/// Size distributions and concentrations of the SP2 particles `particles` (PySP2's particle
/// dataset after `calc_diams_masses`: `DateTimeWaveUTC`, `Scatter`, `ScatDiaSO4`, `ScatMassSO4`,
/// `ScatDiaBC50`, `sootMass`, `sootDiam`, `PkHt_ch0`, `PkHt_ch1`, optional `OneofEvery`)
/// with the housekeeping `hk` (`Timestamp`, `Sample Flow LFE`, `Duty Cycle`, `Chamber
/// Pressure`, `Chamber Temp`); see the module docs. The result has dims `time` (interval
/// starts) and `num_bins` (bin sizes, µm) and PySP2's variable names and attributes.
///
/// # Errors
/// A missing variable (named), no particles, no housekeeping records, a non-positive or
/// non-finite interval, no bins.
pub fn process_sp2_psds(particles: &Dataset, hk: &Dataset, o: &PsdOptions) -> Result<Dataset> {
    if !(o.avg_interval_s.is_finite() && o.avg_interval_s > 0.0) {
        return Err(Error::parameter(
            "avg_interval",
            o.avg_interval_s,
            "must be a positive number of seconds",
        ));
    }
    if o.num_bins == 0 || o.num_bins > 100_000 {
        return Err(Error::parameter("num_bins", o.num_bins, "must lie in 1..=100000"));
    }
    if let SizeBins::Linear(w) = o.bins
        && !(w.is_finite() && w > 0.0)
    {
        return Err(Error::parameter(
            "deltaSize",
            w,
            "must be a positive width in µm, or 'log'",
        ));
    }
    let p = Particles::read(particles, o)?;
    if p.time.is_empty() {
        return Err(Error::data("DateTimeWaveUTC", "process_sp2_psds: no particles"));
    }
    let hk_time = hk.values_f64("Timestamp")?;
    if hk_time.is_empty() {
        return Err(Error::data("Timestamp", "process_sp2_psds: no housekeeping records"));
    }
    let flow = sample_flow(hk)?;
    let press = hk.values_f64("Chamber Pressure")?;
    let temp = hk.values_f64("Chamber Temp")?;
    if [flow.len(), press.len(), temp.len()]
        .iter()
        .any(|&l| l != hk_time.len())
    {
        return Err(Error::data(
            "Timestamp",
            "process_sp2_psds: housekeeping variables differ in length",
        ));
    }
    let starts = interval_edges(&hk_time, p.time[0], o.avg_interval_s);
    if starts.len() > 10_000_000 {
        return Err(Error::parameter(
            "avg_interval",
            o.avg_interval_s,
            "gives more than 10 million intervals",
        ));
    }
    let nt = starts.len() - 1;
    let nb = o.num_bins;
    let (edges, centres) = size_bins(o.bins, nb);
    let bin = |size: f64| bin_of(size, &edges, o.bins, nb, o.act_compat);
    let mut dist: [Array2<f64>; 5] = std::array::from_fn(|_| Array2::zeros((nt, nb)));
    let mut series: [Vec<f64>; 10] = std::array::from_fn(|_| vec![0.0; nt]);
    // Particles in time order, to find each interval's by bisection; within an interval they
    // are counted in file order, as numpy's `add.at` counts them.
    let mut by_time: Vec<usize> = (0..p.time.len()).filter(|&i| !p.time[i].is_nan()).collect();
    by_time.sort_by(|&a, &b| p.time[a].total_cmp(&p.time[b]));
    for t in 0..nt {
        let (lo, hi) = (starts[t], starts[t + 1]);
        let a = by_time.partition_point(|&i| p.time[i] < lo);
        let b = by_time.partition_point(|&i| p.time[i] <= hi);
        if a == b {
            continue;
        }
        let hk_a = hk_time.partition_point(|&x| x < lo);
        let hk_b = hk_time.partition_point(|&x| x <= hi);
        // Housekeeping times are assumed sorted (they are the instrument's clock); an unsorted
        // file would only shorten intervals.
        if hk_a >= hk_b {
            continue;
        }
        let mut idx: Vec<usize> = by_time[a..b].to_vec();
        idx.sort_unstable();
        let mut tot = Totals::default();
        for &i in &idx {
            let w = p.weight[i];
            let (scat, incan) = (p.scatter_ok[i], p.incand_ok[i]);
            if scat {
                if let Some(k) = bin(p.dia_bc50[i]) {
                    dist[4][[t, k]] += w;
                }
                if let Some(k) = bin(p.dia_so4[i]) {
                    dist[0][[t, k]] += w;
                    dist[1][[t, k]] += w * p.mass_so4[i];
                }
                tot.scat += w;
                if p.incan_sat[i] {
                    tot.scat_sat += w;
                }
                if p.scat_sat[i] {
                    tot.mass_scat_sat += w * p.mass_so4[i];
                } else {
                    tot.mass_scat += w * p.mass_so4[i];
                }
            }
            if incan {
                if let Some(k) = bin(p.soot_dia[i]) {
                    dist[2][[t, k]] += w;
                    dist[3][[t, k]] += w * p.soot_mass[i];
                }
                tot.incan += w;
                if p.incan_sat[i] {
                    tot.incan_sat += w;
                    tot.mass_incan_sat += w * p.soot_mass[i];
                } else {
                    tot.mass_incan += w * p.soot_mass[i];
                }
            }
            if scat || incan {
                tot.total += w;
            }
            if scat && incan {
                tot.incan_scat += w;
            }
        }
        let volume = sampled_volume(&flow[hk_a..hk_b], &press[hk_a..hk_b], &temp[hk_a..hk_b], &o.globals);
        if volume <= 0.0 {
            continue;
        }
        let frac = if tot.total < 5.0 { 0.0 } else { tot.incan / tot.total };
        let values = [
            tot.incan / volume,
            tot.incan_scat / volume,
            tot.total / volume,
            tot.scat_sat / volume,
            tot.scat / volume,
            1000.0 * tot.mass_incan / volume,
            1000.0 * tot.mass_incan_sat / volume,
            1000.0 * tot.mass_scat / volume,
            1000.0 * (tot.mass_scat_sat + tot.mass_scat) / volume,
            if o.act_compat { frac / volume } else { frac },
        ];
        for (s, v) in series.iter_mut().zip(values) {
            s[t] = v;
        }
        for d in &mut dist {
            d.row_mut(t).mapv_inplace(|x| x / volume);
        }
    }
    let [
        incan,
        incan_scat,
        total,
        scat_sat,
        scat,
        m_incan,
        m_incan_sat,
        m_scat,
        m_scat_total,
        frac,
    ] = series;
    let m_incan_total: Vec<f64> = m_incan.iter().zip(&m_incan_sat).map(|(a, b)| b + a).collect();
    let mut out = Dataset::new();
    let ns: Vec<i64> = starts[..nt]
        .iter()
        .map(|&s| ((s - EPOCH_1904_S) * 1e6).round() as i64 * 1000)
        .collect();
    out.insert("time", Variable::time("time", ns))?;
    out.insert(
        "num_bins",
        attrs(
            Variable::new(["num_bins"], centres)?,
            "Spectra size bin centers",
            "particle_diameter",
            "um",
        ),
    )?;
    out.insert(
        "DateTimeWaveUTC",
        Variable::new(["time"], starts[..nt].to_vec())?
            .with_attr("long_name", "Time")
            .with_attr("units", "seconds since 01-01-1904 00:00:00 UTC"),
    )?;
    let one = |v: Vec<f64>, long: &str, std: &str, units: &str| -> Result<Variable> {
        Ok(attrs(Variable::new(["time"], v)?, long, std, units))
    };
    let number = "cm-3";
    out.insert(
        "NumConcIncan",
        one(
            incan,
            "Total number concentration (incandescence)",
            "incandescence_number_concentration",
            number,
        )?,
    )?;
    out.insert(
        "NumConcIncanScat",
        one(
            incan_scat,
            "Number concentration detected by both incadesence and scatering detectors",
            "number_concentration_detected_by_both",
            number,
        )?,
    )?;
    out.insert(
        "NumConcTotal",
        one(total, "Total number concentration", "number_concentration", number)?,
    )?;
    out.insert(
        "NumConcScatSat",
        one(
            scat_sat,
            "Total number concentration (scattering, saturated)",
            "scatter_number_concentration",
            number,
        )?,
    )?;
    out.insert(
        "NumConcScat",
        one(
            scat,
            "Total number concentration (scattering)",
            "scatter_number_concentration",
            number,
        )?,
    )?;
    let mass = "ng m-3";
    out.insert(
        "MassIncand2",
        one(
            m_incan,
            "Incandescence mass concentration (non-saturated)",
            "mass_concentration",
            mass,
        )?,
    )?;
    out.insert(
        "MassIncand2Sat",
        one(
            m_incan_sat,
            "Incandescence mass concentration (saturated)",
            "mass_concentration",
            mass,
        )?,
    )?;
    out.insert(
        "MassIncand2total",
        one(
            m_incan_total,
            "Incandescence mass concentration (total)",
            "mass_concentration",
            mass,
        )?,
    )?;
    out.insert(
        "MassScat2",
        one(
            m_scat,
            "Scattering mass concentration",
            "scatter_mass_concentration",
            "ng cm-3",
        )?,
    )?;
    out.insert(
        "MassScat2total",
        one(
            m_scat_total,
            "Scattering mass concentration (total)",
            "scatter_mass_concentration",
            "ng cm-3",
        )?,
    )?;
    let [scat_num, scat_mass, incan_num, incan_mass, scat_num_bc] = dist;
    let two = |a: Array2<f64>, long: &str, std: &str, units: &str| -> Result<Variable> {
        Ok(attrs(
            Variable::new(["time", "num_bins"], a.into_dyn())?,
            long,
            std,
            units,
        ))
    };
    out.insert(
        "ScatNumEnsemble",
        two(
            scat_num,
            "Scattering number distribution",
            "scattering_number_distribution",
            "cm-3 per bin",
        )?,
    )?;
    out.insert(
        "ScatMassEnsemble",
        two(
            scat_mass,
            "Scattering mass distribution",
            "scattering_mass_distribution",
            "ug m-3 per bin",
        )?,
    )?;
    out.insert(
        "IncanNumEnsemble",
        two(
            incan_num,
            "Incandescence number distribution",
            "incandescence_number_distribution",
            "cm-3 per bin",
        )?,
    )?;
    out.insert(
        "IncanMassEnsemble",
        two(
            incan_mass,
            "Incandesence mass distribution",
            "incadesence_mass_distribution",
            "ug m-3 per bin",
        )?,
    )?;
    out.insert(
        "ScatNumEnsembleBC",
        two(
            scat_num_bc,
            "Scattering number distribution (black carbon)",
            "scattering_number_distribution (black carbon)",
            "cm-3 per bin",
        )?,
    )?;
    out.insert(
        "NumFracBC",
        one(
            frac,
            "Number fraction of black carbon",
            "number_fraction_black_carbon",
            "1",
        )?,
    )?;
    Ok(out)
}

fn attrs(v: Variable, long: &str, std: &str, units: &str) -> Variable {
    v.with_attr("long_name", long)
        .with_attr("standard_name", std)
        .with_attr("units", units)
}

/// The sample flow in cm³/s: a zero record takes the previous record's flow, then flow / 60 ×
/// duty cycle / 100, and 2 where that is still 0 (PySP2's rules).
fn sample_flow(hk: &Dataset) -> Result<Vec<f64>> {
    let mut flow = hk.values_f64("Sample Flow LFE")?;
    let duty = hk.values_f64("Duty Cycle")?;
    if duty.len() != flow.len() {
        return Err(Error::data("Duty Cycle", "must have one value per housekeeping record"));
    }
    for i in 1..flow.len() {
        if flow[i] == 0.0 {
            flow[i] = flow[i - 1];
        }
    }
    Ok(flow
        .iter()
        .zip(&duty)
        .map(|(f, d)| {
            let v = f / 60.0 * (d / 100.0);
            if v == 0.0 { 2.0 } else { v }
        })
        .collect())
}

/// The volume sampled over housekeeping records (trapezoid: half weight at both ends), at STP.
fn sampled_volume(flow: &[f64], press: &[f64], temp: &[f64], g: &Sp2Globals) -> f64 {
    let n = flow.len();
    let sum: f64 = (0..n)
        .map(|i| {
            let half = if n > 1 && (i == 0 || i == n - 1) { 0.5 } else { 1.0 };
            half * flow[i] * press[i] / (273.15 + temp[i])
        })
        .sum();
    sum * (g.TempSTP / g.PressSTP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_as_numpy_searchsorted() {
        let (edges, centres) = size_bins(SizeBins::Linear(0.005), 4);
        assert_eq!(centres[1], 0.015);
        assert_eq!(bin_of(0.0124, &edges, SizeBins::Linear(0.005), 4, false), Some(0));
        assert_eq!(bin_of(0.0125, &edges, SizeBins::Linear(0.005), 4, false), Some(1));
        assert_eq!(
            bin_of(0.0275, &edges, SizeBins::Linear(0.005), 4, false),
            None,
            "past the last bin"
        );
        assert_eq!(bin_of(f64::NAN, &edges, SizeBins::Linear(0.005), 4, false), None);
        let (edges, centres) = size_bins(SizeBins::Log, 2);
        assert!((edges[1] - 0.1).abs() < 1e-15 && edges[2] == 1.0);
        assert!((centres[0] - (0.01f64 * 0.1).sqrt()).abs() < 1e-15);
        assert_eq!(bin_of(0.005, &edges, SizeBins::Log, 2, false), None);
        assert_eq!(
            bin_of(0.005, &edges, SizeBins::Log, 2, true),
            Some(1),
            "PySP2's −1 index"
        );
    }

    #[test]
    fn one_interval_by_hand() {
        // Records at 100, 110, 120 s give one interval, [100, 110] (numpy's arange stops before
        // the last record), sampled by two records with half weights:
        // volume = (0.5·2·1000/300 + 0.5·2·1000/300) · 273.15/1013.25.
        let mut hk = Dataset::new();
        for (n, v) in [
            ("Timestamp", vec![100.0, 110.0, 120.0]),
            ("Sample Flow LFE", vec![120.0, 0.0, 120.0]),
            ("Duty Cycle", vec![100.0, 100.0, 100.0]),
            ("Chamber Pressure", vec![1000.0, 1000.0, 1000.0]),
            ("Chamber Temp", vec![26.85, 26.85, 26.85]),
        ] {
            hk.insert(n, Variable::new(["t"], v).unwrap()).unwrap();
        }
        let nan = f64::NAN;
        let mut ps = Dataset::new();
        for (n, v) in [
            ("DateTimeWaveUTC", vec![101.0, 105.0, 200.0]),
            ("Scatter", vec![1.0, nan, 1.0]),
            ("ScatDiaSO4", vec![20.0, nan, 20.0]),
            ("ScatMassSO4", vec![2.0, nan, 2.0]),
            ("ScatDiaBC50", vec![20.0, nan, 20.0]),
            ("sootMass", vec![nan, 3.0, nan]),
            ("sootDiam", vec![nan, 16.0, nan]),
            ("PkHt_ch0", vec![100.0, 100.0, 100.0]),
            ("PkHt_ch1", vec![100.0, 100.0, 100.0]),
        ] {
            ps.insert(n, Variable::new(["index"], v).unwrap()).unwrap();
        }
        let o = PsdOptions {
            num_bins: 4,
            one_of_every: 10.0,
            ..Default::default()
        };
        let out = process_sp2_psds(&ps, &hk, &o).unwrap();
        let vol = (0.5 * 2.0 * 1000.0 / 300.0) * 2.0 * (273.15 / 1013.25);
        let v = |n: &str| out.values_f64(n).unwrap();
        assert_eq!(out.dim_len("time"), Some(1));
        assert!((v("NumConcScat")[0] - 10.0 / vol).abs() < 1e-12);
        assert!((v("NumConcTotal")[0] - 20.0 / vol).abs() < 1e-12);
        assert!((v("MassIncand2")[0] - 1000.0 * 30.0 / vol).abs() < 1e-9);
        // 10 of the 20 counted (weighted) particles hold black carbon.
        assert_eq!(v("NumFracBC")[0], 0.5);
        // 0.020 µm: bin 2 of 0.01 + 0.005 i; 0.016 µm: bin 1.
        assert!((v("ScatNumEnsemble")[2] - 10.0 / vol).abs() < 1e-12);
        assert!((v("IncanNumEnsemble")[1] - 10.0 / vol).abs() < 1e-12);
        let e = process_sp2_psds(&Dataset::new(), &hk, &o).unwrap_err().to_string();
        assert!(e.contains("DateTimeWaveUTC"), "{e}");
        let bad = PsdOptions {
            avg_interval_s: 0.0,
            ..o
        };
        assert!(process_sp2_psds(&ps, &hk, &bad).is_err());
    }
}

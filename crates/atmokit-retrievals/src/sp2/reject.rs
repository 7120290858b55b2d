//! SP2 particle rejection codes and the trigger dead-time bias, as PySP2's `gaussian_fit` adds
//! them (`ScatRejectKey`, `IncanRejectKey`, `OneofEvery`, `DeadtimeRelativeBias`).
//!
//! Rejection codes (0 = accepted; the first failed criterion in this order, with the criteria
//! of [`Sp2Globals`]): scattering 1 a missing height, width or position of channel 0, 2 height
//! below `ScatMinPeakHt1`, 3 above `ScatMaxPeakHt1`, 4 width below `ScatMinWidth`, 5 above
//! `ScatMaxWidth`, 6 position before `ScatMinPeakPos`, 7 after `ScatMaxPeakPos`; incandescence 1 a
//! missing height, end, start or position of channel 1, 2 height below `IncanMinPeakHt1`, 3 above
//! `IncanMaxPeakHt1`, 4 width (end − start) below `IncanMinWidth`, 5 above `IncanMaxWidth`,
//! 6 position before `IncanMinPeakPos`, 7 after `IncanMaxPeakPos`, 8 a ch1/ch2 or ch5/ch6 ratio
//! below `IncanMinPeakRatio`, 9 above `IncanMaxPeakRatio`, 10 a ch1→ch2 or ch5→ch6 peak offset
//! above `IncanMaxPeakOffset`.
//!
//! Dead-time bias (Schwarz, Katich, Lee, Thomson and Watts 2022, "'Invisible bias' in the single
//! particle soot photometer due to trigger deadtime", Aerosol Sci. Technol. 56, 623–635): per
//! acquisition buffer (the records sharing a `TimeWave`), the fraction of the buffer the
//! trigger is busy, F_T = (N_S·S + N_I)·P_W / (rate·T_B) with N_S / N_I the records with a
//! scattering / incandescence peak, S the 1-in-S saving, P_W the points per event, T_B the buffer
//! length in seconds; the relative bias is −(pre-trigger points / points per event)·F_T.

use atmokit_core::{Dataset, Error, Result};

use super::globals::Sp2Globals;

/// The `.ini` `[Acquisition]` numbers the dead-time bias needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Acquisition {
    /// `Samples/Sec` (the digitization rate, Hz).
    pub samples_per_sec: f64,
    /// `Scan Length` (points in one acquisition buffer).
    pub scan_length: f64,
    /// `Points per Event`.
    pub points_per_event: f64,
    /// `Pre-Trig Points`.
    pub pre_trig_points: f64,
    /// `1 of Every` (one particle saved in this many).
    pub one_of_every: f64,
}

/// `(ScatRejectKey, IncanRejectKey)` of the records of `stats` (the output of
/// [`super::stats::gaussian_fit`]); see the module docs.
pub fn reject_keys(stats: &Dataset, g: &Sp2Globals) -> Result<(Vec<i64>, Vec<i64>)> {
    let c = |n: &str| stats.values_f64(n);
    let (h0, w0, p0) = (c("PkHt_ch0")?, c("PkFWHM_ch0")?, c("PkPos_ch0")?);
    let (h1, e1, s1, p1) = (c("PkHt_ch1")?, c("PkEnd_ch1")?, c("PkStart_ch1")?, c("PkPos_ch1")?);
    let (r12, r56) = (c("IncanRatioch1ch2")?, c("IncanRatioch5ch6")?);
    let (o12, o56) = (c("IncanPkOffsetch1ch2")?, c("IncanPkOffsetch5ch6")?);
    let n = h0.len();
    if [
        w0.len(),
        p0.len(),
        h1.len(),
        e1.len(),
        s1.len(),
        p1.len(),
        r12.len(),
        r56.len(),
        o12.len(),
        o56.len(),
    ]
    .iter()
    .any(|&l| l != n)
    {
        return Err(Error::data(
            "PkHt_ch0",
            "SP2 reject keys: the peak statistics differ in length",
        ));
    }
    let first = |tests: &[bool]| tests.iter().position(|&t| t).map_or(0, |i| i as i64 + 1);
    let scat = (0..n)
        .map(|i| {
            first(&[
                !(h0[i].is_finite() && w0[i].is_finite() && p0[i].is_finite()),
                h0[i] < g.ScatMinPeakHt1,
                h0[i] > g.ScatMaxPeakHt1,
                w0[i] < g.ScatMinWidth,
                w0[i] > g.ScatMaxWidth,
                p0[i] < g.ScatMinPeakPos,
                p0[i] > g.ScatMaxPeakPos,
            ])
        })
        .collect();
    let incan = (0..n)
        .map(|i| {
            let width = e1[i] - s1[i];
            first(&[
                !(h1[i].is_finite() && e1[i].is_finite() && s1[i].is_finite() && p1[i].is_finite()),
                h1[i] < g.IncanMinPeakHt1,
                h1[i] > g.IncanMaxPeakHt1,
                width < g.IncanMinWidth,
                width > g.IncanMaxWidth,
                p1[i] < g.IncanMinPeakPos,
                p1[i] > g.IncanMaxPeakPos,
                r12[i] < g.IncanMinPeakRatio || r56[i] < g.IncanMinPeakRatio,
                r12[i] > g.IncanMaxPeakRatio || r56[i] > g.IncanMaxPeakRatio,
                o12[i] > g.IncanMaxPeakOffset || o56[i] > g.IncanMaxPeakOffset,
            ])
        })
        .collect();
    Ok((scat, incan))
}

/// `DeadtimeRelativeBias` of every record: `time_wave` is each record's `TimeWave` (records of
/// one buffer share it and come together); see the module docs.
pub fn deadtime_relative_bias(stats: &Dataset, time_wave: &[f64], a: &Acquisition) -> Result<Vec<f64>> {
    for (name, v) in [
        ("Samples/Sec", a.samples_per_sec),
        ("Scan Length", a.scan_length),
        ("Points per Event", a.points_per_event),
    ] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::parameter(name, v, "SP2 dead time: must be positive"));
        }
    }
    let c = |n: &str| stats.values_f64(n);
    let (h0, h4, h1, h5) = (c("PkHt_ch0")?, c("PkHt_ch4")?, c("PkHt_ch1")?, c("PkHt_ch5")?);
    let n = time_wave.len();
    if [h0.len(), h4.len(), h1.len(), h5.len()].iter().any(|&l| l != n) {
        return Err(Error::data("TimeWave", "SP2 dead time: one time per record is needed"));
    }
    let t_b = 1.0 / a.samples_per_sec;
    let buffer_s = a.scan_length / a.samples_per_sec;
    let mut bias = vec![0.0; n];
    let mut start = 0;
    while start < n {
        let end = (start + 1..n).find(|&j| time_wave[j] != time_wave[start]).unwrap_or(n);
        let n_s = (start..end).filter(|&j| h0[j].is_finite() || h4[j].is_finite()).count() as f64;
        let n_i = (start..end).filter(|&j| h1[j].is_finite() || h5[j].is_finite()).count() as f64;
        let busy = (n_s * a.one_of_every + n_i) * a.points_per_event * t_b / buffer_s;
        let b = -(a.pre_trig_points / a.points_per_event) * busy;
        bias[start..end].iter_mut().for_each(|x| *x = b);
        start = end;
    }
    Ok(bias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    /// Records that pass everything, then ones failing one criterion each (hand-made).
    fn stats(edit: &[(usize, &str, f64)], n: usize) -> Dataset {
        let base = [
            ("PkHt_ch0", 1000.0),
            ("PkFWHM_ch0", 20.0),
            ("PkPos_ch0", 40.0),
            ("PkHt_ch4", 100.0),
            ("PkHt_ch1", 5000.0),
            ("PkHt_ch5", 500.0),
            ("PkEnd_ch1", 50.0),
            ("PkStart_ch1", 30.0),
            ("PkPos_ch1", 40.0),
            ("IncanRatioch1ch2", 2.0),
            ("IncanRatioch5ch6", 2.0),
            ("IncanPkOffsetch1ch2", 1.0),
            ("IncanPkOffsetch5ch6", 1.0),
        ];
        let mut ds = Dataset::new();
        for (name, v) in base {
            let mut col = vec![v; n];
            for (i, e, x) in edit {
                if *e == name {
                    col[*i] = *x;
                }
            }
            ds.insert(name, Variable::new(["r"], col).unwrap()).unwrap();
        }
        ds
    }

    #[test]
    fn first_failed_criterion_is_the_code() {
        let g = Sp2Globals::default();
        let ds = stats(
            &[
                (1, "PkFWHM_ch0", f64::NAN),
                (2, "PkHt_ch0", g.ScatMaxPeakHt1 + 1.0),
                (2, "PkFWHM_ch0", 0.0), // also too narrow: the height (3) comes first
                (3, "IncanRatioch5ch6", g.IncanMaxPeakRatio + 1.0),
                (4, "PkStart_ch1", f64::NAN),
            ],
            5,
        );
        let (scat, incan) = reject_keys(&ds, &g).unwrap();
        assert_eq!(scat, vec![0, 1, 3, 0, 0]);
        assert_eq!(incan, vec![0, 0, 0, 9, 1]);
    }

    #[test]
    fn deadtime_bias_per_buffer() {
        // One buffer of 3 records (2 scattering + incandescence, 1 neither), S = 10:
        // F_T = (2·10 + 2)·100 / (5e6 · 0.005) ... with rate 5 MHz, 25 000 points a buffer.
        let ds = stats(
            &[
                (2, "PkHt_ch0", f64::NAN),
                (2, "PkHt_ch4", f64::NAN),
                (2, "PkHt_ch1", f64::NAN),
                (2, "PkHt_ch5", f64::NAN),
            ],
            4,
        );
        let a = Acquisition {
            samples_per_sec: 5e6,
            scan_length: 25_000.0,
            points_per_event: 100.0,
            pre_trig_points: 30.0,
            one_of_every: 10.0,
        };
        let bias = deadtime_relative_bias(&ds, &[1.0, 1.0, 1.0, 2.0], &a).unwrap();
        let busy = (2.0 * 10.0 + 2.0) * 100.0 * (1.0 / 5e6) / (25_000.0 / 5e6);
        assert!((bias[0] - (-0.3 * busy)).abs() < 1e-15 && bias[1] == bias[0] && bias[2] == bias[0]);
        let one = (10.0 + 1.0) * 100.0 / 25_000.0;
        assert!((bias[3] - (-0.3 * one)).abs() < 1e-15);
        let bad = Acquisition {
            samples_per_sec: 0.0,
            ..a
        };
        assert!(deadtime_relative_bias(&ds, &[1.0; 4], &bad).is_err());
    }
}

//! The SP2's raw binary waveform file (`.sp2b`): PySP2's `pysp2.io.read_sp2`
//! (`act.io.read_sp2` in ACT 2.3.4).
//!
//! # Format (Droplet Measurement Technologies SP2, as PySP2 documents it)
//! Big-endian records of one fixed size, one per triggered particle:
//!
//! | bytes | type | content |
//! |---|---|---|
//! | 4 | u32 | number of samples per channel, `ncols` (100) |
//! | 4 | u32 | number of channels, `nch` (8) |
//! | 2·ncols·nch | i16 | the waveforms, sample-major (sample 0 of every channel, then sample 1, ...) |
//! | 2 | i16 | `Flag` |
//! | 4·8 | f32 | `TimeWave` (s since the file's midnight), `Res1`, `EventIndex`, `TimeDiv10000`, `TimeRemainder`, `Res5`, `Res6`, an unused eighth |
//! | 8·2 | f64 | `Res7`, `Res8` |
//!
//! Times: `DateTimeWaveUTC` = `TimeDiv10000`·10000 + `TimeRemainder` (s since 1904-01-01 UTC);
//! `time` is that instant rounded to the microsecond (half to even, as Python's
//! `datetime.fromtimestamp` does); `DateTimeWave` = (file date − 1904-01-01) in s + `TimeWave`,
//! the file date coming from the file name.
//!
//! # Where atmokit differs from PySP2
//! * Every record's header is checked against the first: a file whose length is not a whole
//!   number of records, or whose record headers disagree, is an error naming the file and the
//!   record (PySP2 silently drops a partial last record and reads misaligned bytes otherwise).
//! * An empty file is an error (PySP2 returns `None`).
//! * The waveforms `Data_chN` keep the file's `int16` (PySP2 widens them to `int64`).
//! * Any number of samples per channel is accepted (PySP2 requires 100).

use crate::error::{Result, TextError};
use crate::util::days_from_civil;
use atmokit_core::{Dataset, Variable};
use ndarray::Array2;
use std::path::Path;

/// Bytes of a record that are not waveform samples: the 8-byte header, the i16 flag,
/// eight f32 and two f64.
const RECORD_OVERHEAD: usize = 8 + 2 + 8 * 4 + 2 * 8;
/// Seconds from 1904-01-01 (the LabVIEW epoch the SP2 uses) to 1970-01-01.
pub const SECONDS_1904_TO_1970: f64 = 2_082_844_800.0;

/// How the file date is found in the file name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sp2bNaming {
    /// ARM's names (`mosaossp2M1.00.20191216.130601.raw....sp2b`): the third dot-separated
    /// field is `YYYYMMDD` (PySP2's `arm_convention=True`, the default).
    #[default]
    Arm,
    /// The instrument's own names: the first eight characters are `YYYYMMDD`
    /// (PySP2's `arm_convention=False`).
    Instrument,
}

/// Options of [`read_sp2`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Sp2bOptions {
    /// Where the file date is in the name (default [`Sp2bNaming::Arm`]).
    pub naming: Sp2bNaming,
}

/// Shape of the records of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordLayout {
    /// Samples per channel.
    pub ncols: usize,
    /// Channels.
    pub nch: usize,
}

impl RecordLayout {
    /// Bytes of one record.
    pub fn record_bytes(&self) -> usize {
        2 * self.ncols * self.nch + RECORD_OVERHEAD
    }
}

/// Read an SP2 `.sp2b` file into a Dataset on dims `event_index` (one per record) and
/// `columns` (samples): `time`, `Flag`, `Res1`, `Res5`, `Res6`, `Res7`, `Res8`, `EventIndex`,
/// `DateTimeWaveUTC`, `TimeWave`, `DateTimeWave` and `Data_ch0` … `Data_ch{nch-1}`, as
/// PySP2's `read_sp2` names them (differences listed in the [module docs](self)).
///
/// ```no_run
/// use atmokit_text::sp2::sp2b::{read_sp2, Sp2bOptions};
/// let ds = read_sp2("mosaossp2M1.00.20191216.130601.raw.20191216x193.sp2b", &Sp2bOptions::default())?;
/// println!("{} particles", ds.dim_len("event_index").unwrap_or(0));
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_sp2(path: impl AsRef<Path>, opts: &Sp2bOptions) -> Result<Dataset> {
    let path = path.as_ref();
    let day_s = file_day_seconds_since_1904(path, opts.naming)?;
    let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
    decode(path, &bytes, day_s)
}

/// Seconds from 1904-01-01 to the midnight of the date in the file name.
fn file_day_seconds_since_1904(path: &Path, naming: Sp2bNaming) -> Result<f64> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let field = match naming {
        Sp2bNaming::Arm => name.split('.').nth(2).unwrap_or(""),
        Sp2bNaming::Instrument => name.get(..8).unwrap_or(""),
    };
    let bad = || {
        TextError::parse(
            path,
            0,
            format!("file name: expected a YYYYMMDD date in '{field}' ({naming:?} naming)"),
        )
    };
    if field.len() != 8 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| field[r].parse::<i64>().map_err(|_| bad());
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    if !(1..=12).contains(&m) || d < 1 || d > crate::util::days_in_month(y, m) {
        return Err(bad());
    }
    let days = days_from_civil(y, m, d) - days_from_civil(1904, 1, 1);
    Ok(days as f64 * 86_400.0)
}

fn be_u32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn be_f32(b: &[u8], at: usize) -> f32 {
    f32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn be_f64(b: &[u8], at: usize) -> f64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    f64::from_be_bytes(a)
}

/// The record layout from the first header, checked against the file length.
fn layout(path: &Path, bytes: &[u8]) -> Result<RecordLayout> {
    if bytes.is_empty() {
        return Err(TextError::parse(path, 0, "empty file: no SP2 records"));
    }
    if bytes.len() < 8 {
        return Err(TextError::parse(
            path,
            0,
            format!(
                "record 0 truncated: {} bytes, the 8-byte header is incomplete",
                bytes.len()
            ),
        ));
    }
    let ncols = be_u32(bytes, 0) as usize;
    let nch = be_u32(bytes, 4) as usize;
    let too_big = ncols
        .checked_mul(nch)
        .and_then(|n| n.checked_mul(2))
        .and_then(|n| n.checked_add(RECORD_OVERHEAD))
        .is_none_or(|n| n > bytes.len());
    if ncols == 0 || nch == 0 || nch > 64 || too_big {
        return Err(TextError::parse(
            path,
            0,
            format!(
                "not an SP2 binary file, or record 0 truncated: header says {ncols} samples × \
                 {nch} channels, file has {} bytes",
                bytes.len()
            ),
        ));
    }
    Ok(RecordLayout { ncols, nch })
}

/// Decode the records of a whole `.sp2b` file already in memory.
fn decode(path: &Path, bytes: &[u8], day_s: f64) -> Result<Dataset> {
    let lay = layout(path, bytes)?;
    let rb = lay.record_bytes();
    let n = bytes.len() / rb;
    if !bytes.len().is_multiple_of(rb) {
        return Err(TextError::parse(
            path,
            0,
            format!(
                "record {n} truncated: {} of its {rb} bytes present ({} samples × {} channels per record)",
                bytes.len() % rb,
                lay.ncols,
                lay.nch
            ),
        ));
    }
    let (ncols, nch) = (lay.ncols, lay.nch);
    let mut waves: Vec<Vec<i16>> = (0..nch).map(|_| Vec::with_capacity(n * ncols)).collect();
    let mut flag = Vec::with_capacity(n);
    let (mut res1, mut res5, mut res6, mut event) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut res7, mut res8) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut utc, mut time_wave, mut dtw, mut time) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (r, rec) in bytes.chunks_exact(rb).enumerate() {
        let (c, h) = (be_u32(rec, 0) as usize, be_u32(rec, 4) as usize);
        if (c, h) != (ncols, nch) {
            return Err(TextError::parse(
                path,
                0,
                format!(
                    "record {r}: header says {c} samples × {h} channels, record 0 says \
                     {ncols} × {nch} (corrupt or misaligned file)"
                ),
            ));
        }
        let samples = &rec[8..8 + 2 * ncols * nch];
        for (k, pair) in samples.chunks_exact(2).enumerate() {
            waves[k % nch].push(i16::from_be_bytes([pair[0], pair[1]]));
        }
        let t = 8 + 2 * ncols * nch;
        flag.push(i16::from_be_bytes([rec[t], rec[t + 1]]));
        let f = |i: usize| be_f32(rec, t + 2 + 4 * i);
        let tw = f(0);
        res1.push(f(1));
        event.push(f(2));
        let utc_s = f64::from(f(3)) * 10_000.0 + f64::from(f(4));
        res5.push(f(5));
        res6.push(f(6));
        res7.push(be_f64(rec, t + 34));
        res8.push(be_f64(rec, t + 42));
        utc.push(utc_s);
        time_wave.push(f64::from(tw));
        dtw.push(day_s + f64::from(tw));
        time.push(unix_seconds_to_ns_us_rounded(utc_s - SECONDS_1904_TO_1970));
    }
    let ds_err = |e| TextError::dataset(path, e);
    let ev = ["event_index"];
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("event_index", time)).map_err(ds_err)?;
    ds.insert("Flag", Variable::new(ev, flag).map_err(ds_err)?)
        .map_err(ds_err)?;
    for (name, v) in [("Res1", res1), ("Res5", res5), ("Res6", res6)] {
        ds.insert(name, Variable::new(ev, v).map_err(ds_err)?).map_err(ds_err)?;
    }
    for (name, v) in [("Res7", res7), ("Res8", res8)] {
        ds.insert(name, Variable::new(ev, v).map_err(ds_err)?).map_err(ds_err)?;
    }
    ds.insert("EventIndex", Variable::new(ev, event).map_err(ds_err)?)
        .map_err(ds_err)?;
    for (name, v) in [("DateTimeWaveUTC", utc), ("TimeWave", time_wave), ("DateTimeWave", dtw)] {
        ds.insert(name, Variable::new(ev, v).map_err(ds_err)?).map_err(ds_err)?;
    }
    for (ch, w) in waves.into_iter().enumerate() {
        let arr = Array2::from_shape_vec((n, ncols), w)
            .map_err(|e| TextError::parse(path, 0, format!("Data_ch{ch}: {e}")))?;
        ds.insert(
            &format!("Data_ch{ch}"),
            Variable::new(["event_index", "columns"], arr).map_err(ds_err)?,
        )
        .map_err(ds_err)?;
    }
    Ok(ds)
}

/// Nanoseconds since 1970 of `s` seconds since 1970, rounded to the microsecond as Python's
/// `datetime.fromtimestamp` does (fraction × 10⁶ rounded half to even); NaN or out-of-range
/// values give `NAT`.
pub(crate) fn unix_seconds_to_ns_us_rounded(s: f64) -> i64 {
    if !s.is_finite() || s.abs() > 9.0e9 {
        return atmokit_core::NAT;
    }
    let (mut whole, frac) = (s.trunc(), s.fract());
    let mut us = (frac * 1e6).round_ties_even();
    if us >= 1e6 {
        us -= 1e6;
        whole += 1.0;
    } else if us < 0.0 {
        us += 1e6;
        whole -= 1.0;
    }
    whole as i64 * 1_000_000_000 + us as i64 * 1_000
}

#[cfg(test)]
#[path = "sp2b_tests.rs"]
mod tests;

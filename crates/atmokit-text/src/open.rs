//! One entry point for every text format: recognise a file by content (and name where the
//! content is ambiguous) and read it.
//!
//! Recognition, in order (first 8 KiB of the file):
//! 1. netCDF / HDF5 magic bytes (`CDF\x01`, `CDF\x02`, `\x89HDF`) or a NUL byte → not text
//!    (`Ok(None)`; the netCDF reader handles those);
//! 2. `FORMAT-1` then `MFAS` on line 3 → Scintec sodar;
//! 3. second non-blank line `WINDS rev ...` / `RASS rev ...` → PSL wind profiler / RASS;
//!    a site line (`sss lat lon alt freq`) followed by 8- and 9-field dwell headers and a
//!    6-field row → PSL FMCW / S-band radar moments; a file named `sssYYJJJHH_stats.txt`, or
//!    whose fourth line is a 57-field record starting `MM:SS:mmm-MM:SS:mmm` → PSL Parsivel;
//! 4. first line `<n_grids> <version>` followed by grid lines and a `BACKWARD`/`FORWARD` line →
//!    HYSPLIT;
//! 5. first line `<n>, 1001` or `<n>, 2110` → ICARTT;
//! 6. `AMF_*.csv` / `FLX_*.csv` → AmeriFlux; `NEON.*.csv` (NEON naming) → NEON;
//!    `[a-z]{3}\d{5}.\d{2}m` → PSL surface met;
//! 7. a GML file name ([`GmlType::from_file_name`]; SURFRAD daily files share the GML
//!    radiation pattern and reader);
//! 8. extension `.csv` → comma-separated text.
//!
//! An ARM DOD JSON is not opened here: it needs the length of the unlimited dim
//! ([`crate::dod::read_arm_dod`]).

use crate::error::{Result, TextError};
use crate::gml::GmlType;
use atmokit_core::Dataset;
use std::io::Read;
use std::path::Path;

/// The text formats [`open`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// Delimited text ([`crate::csv::read_csv`]).
    Csv,
    /// A NOAA GML product ([`crate::gml::read_gml`]).
    Gml(GmlType),
    /// PSL wind profiler winds.
    PslWind,
    /// PSL RASS temperature.
    PslRass,
    /// Scintec MFAS sodar.
    Sodar,
    /// HYSPLIT trajectories.
    Hysplit,
    /// ICARTT (FFI 1001 / 2110).
    Icartt,
    /// AmeriFlux BASE / FLUXNET CSV.
    AmeriFlux,
    /// NEON instrument CSV.
    Neon,
    /// PSL surface meteorology.
    PslSurfaceMet,
    /// PSL Parsivel disdrometer statistics.
    PslParsivel,
    /// PSL FMCW or S-band radar moments (one layout, one reader).
    PslRadarMoment,
}

/// Tell the format of `path`; `Ok(None)` when it is not a text format this crate reads.
///
/// Errors only when the file cannot be read.
pub fn sniff(path: &Path) -> Result<Option<TextFormat>> {
    let buf = head_bytes(path, 8192)?;
    if buf.starts_with(b"CDF\x01") || buf.starts_with(b"CDF\x02") || buf.starts_with(b"\x89HDF") || buf.contains(&0) {
        return Ok(None);
    }
    let head = String::from_utf8_lossy(&buf);
    let lines: Vec<&str> = head.lines().take(40).collect();
    let line = |i: usize| lines.get(i).map_or("", |l| l.trim());
    if line(0) == "FORMAT-1" && line(2) == "MFAS" {
        return Ok(Some(TextFormat::Sodar));
    }
    let nonblank: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let l1: Vec<&str> = nonblank.get(1).map_or(Vec::new(), |l| l.split_whitespace().collect());
    if l1.len() >= 3 && l1[1] == "rev" {
        match l1[0] {
            "WINDS" => return Ok(Some(TextFormat::PslWind)),
            "RASS" => return Ok(Some(TextFormat::PslRass)),
            _ => {}
        }
    }
    if crate::psl::radar_moment::sniff(&lines) {
        return Ok(Some(TextFormat::PslRadarMoment));
    }
    let name = crate::util::file_name(path);
    if crate::psl::parsivel::sniff(&name, &lines) {
        return Ok(Some(TextFormat::PslParsivel));
    }
    let l0: Vec<&str> = line(0).split_whitespace().collect();
    if l0.len() == 2 && l0.iter().all(|t| t.parse::<u32>().is_ok()) {
        let n_grids: usize = l0[0].parse().unwrap_or(0);
        let dir = line(n_grids + 1).split_whitespace().nth(1).unwrap_or("");
        if n_grids > 0 && (dir == "BACKWARD" || dir == "FORWARD") {
            return Ok(Some(TextFormat::Hysplit));
        }
    }
    let l0c: Vec<&str> = line(0).split(',').map(str::trim).collect();
    if l0c.len() >= 2 && l0c[0].parse::<u32>().is_ok() && (l0c[1] == "1001" || l0c[1] == "2110") {
        return Ok(Some(TextFormat::Icartt));
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".csv") && (name.starts_with("AMF_") || name.starts_with("FLX_")) {
        return Ok(Some(TextFormat::AmeriFlux));
    }
    if lower.ends_with(".csv") && name.starts_with("NEON.") && crate::neon::name_parts(&name).is_some() {
        return Ok(Some(TextFormat::Neon));
    }
    let b = lower.as_bytes();
    if b.len() == 12
        && b[..3].iter().all(u8::is_ascii_lowercase)
        && b[3..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'.'
        && b[9..11].iter().all(u8::is_ascii_digit)
        && b[11] == b'm'
    {
        return Ok(Some(TextFormat::PslSurfaceMet));
    }
    if let Some(g) = GmlType::from_file_name(&name) {
        return Ok(Some(TextFormat::Gml(g)));
    }
    if name.to_ascii_lowercase().ends_with(".csv") {
        return Ok(Some(TextFormat::Csv));
    }
    Ok(None)
}

/// The first `n` bytes of `path` (fewer when it is shorter), from memory when it is registered
/// there ([`atmokit_core::memory_files`]).
fn head_bytes(path: &Path, n: usize) -> Result<Vec<u8>> {
    if let Some(b) = atmokit_core::memory_files::lookup(path) {
        return Ok(b[..b.len().min(n)].to_vec());
    }
    let f = std::fs::File::open(path).map_err(|e| TextError::io(path, e))?;
    let mut buf = Vec::with_capacity(n);
    f.take(n as u64)
        .read_to_end(&mut buf)
        .map_err(|e| TextError::io(path, e))?;
    Ok(buf)
}

/// Read `path` if it is a text format this crate recognises ([`sniff`]); `Ok(None)` otherwise.
///
/// Defaults follow ACT: GML missing codes become NaN; HYSPLIT two-digit years are 2000+yy. A
/// PSL winds file with two operating modes gives its first mode here; use
/// [`crate::psl::wind_profiler::read_psl_wind_profiler`] for all of them.
pub fn open(path: impl AsRef<Path>) -> Result<Option<Dataset>> {
    let path = path.as_ref();
    let Some(format) = sniff(path)? else { return Ok(None) };
    let ds = match format {
        TextFormat::Csv => crate::csv::read_csv(&[path], &crate::csv::CsvOptions::default())?,
        TextFormat::Gml(g) => crate::gml::read_gml(path, Some(g), true)?,
        TextFormat::PslWind => crate::psl::wind_profiler::read_psl_wind_profiler(path)?
            .into_iter()
            .next()
            .ok_or_else(|| TextError::parse(path, 0, "no data section"))?,
        TextFormat::PslRass => crate::psl::wind_profiler::read_psl_wind_profiler_temperature(path)?,
        TextFormat::Sodar => crate::sodar::read_mfas_sodar(path)?,
        TextFormat::Hysplit => crate::hysplit::read_hysplit(path, 2000)?,
        TextFormat::Icartt => crate::icartt::read_icartt(path)?,
        TextFormat::AmeriFlux => crate::ameriflux::read_ameriflux(path)?,
        TextFormat::Neon => crate::neon::read_neon_csv(&[path], &[], &[])?,
        TextFormat::PslSurfaceMet => crate::psl::surface_met::read_psl_surface_met(&[path])?,
        TextFormat::PslParsivel => crate::psl::parsivel::read_psl_parsivel(&[path])?,
        TextFormat::PslRadarMoment => crate::psl::radar_moment::read_psl_radar_fmcw_moment(&[path])?,
    };
    Ok(Some(ds))
}

//! ARM data as an AmeriFlux table: ACT's `act.io.ameriflux.convert_to_ameriflux`, for the
//! ECOR / SEBS / STAMP / EBBR deliveries ARM sends to AmeriFlux.
//!
//! Each mapped variable is converted to AmeriFlux's units (`atmokit_physics::units`), renamed,
//! and put in a column next to `TIMESTAMP_START` / `TIMESTAMP_END` (`YYYYMMDDHHMM`, the end
//! `interval_minutes` after the start); missing values are −9999. Soil variables get AmeriFlux's
//! positional qualifiers `NAME_H_V_R` (horizontal index, vertical index in `depth_profile`,
//! replicate), as ACT numbers them: `H` counts the variables found for names in a row of the
//! soil mapping with the same AmeriFlux name, `V` is the depth's position in `depth_profile`
//! (from the variable's depth dim, or its `sensor_height` attr `"X cm"`), `R` is 1. Reference:
//! AmeriFlux "Data Variables" (variable names, units, qualifiers), ameriflux.lbl.gov.
//!
//! ```
//! use atmokit::Variable;
//! use atmokit::ameriflux::{AmerifluxOptions, convert_to_ameriflux};
//! let mut ds = atmokit::Dataset::new();
//! // 2019-11-25 00:00 and 00:30 UTC.
//! ds.insert("time", Variable::time("time", vec![1_574_640_000_000_000_000, 1_574_641_800_000_000_000]))?;
//! ds.insert("sensible_heat_flux", Variable::new(["time"], vec![47.5f32, f32::NAN])?.with_attr("units", "W/m^2"))?;
//! let t = convert_to_ameriflux(&ds, &AmerifluxOptions::default())?;
//! assert_eq!(t.to_csv(), "TIMESTAMP_START,TIMESTAMP_END,H\n201911250000,201911250030,47.5\n201911250030,201911250100,-9999\n");
//! # Ok::<(), atmokit::Error>(())
//! ```

use atmokit_core::output::{OutputError, OutputOptions, write_atomic};
use atmokit_core::{Dataset, Error, Result};
use atmokit_physics::units::{ChangeUnitsOptions, change_units};
use std::fmt::Write as _;
use std::path::Path;

/// One mapping: an ARM variable (or, for soil, a name prefix) → an AmeriFlux name and units.
#[derive(Clone, Debug, PartialEq)]
pub struct AmerifluxName {
    /// The ARM variable name (soil mapping: the start of the names it covers).
    pub arm: String,
    /// The AmeriFlux variable name (`FC`, `H`, `TS`, …).
    pub name: String,
    /// AmeriFlux's units for it, as the unit table spells them (`"umol/(m^2 s)"`, `"deg C"`).
    pub units: String,
}

fn names(table: &[(&str, &str, &str)]) -> Vec<AmerifluxName> {
    table
        .iter()
        .map(|&(arm, name, units)| AmerifluxName {
            arm: arm.into(),
            name: name.into(),
            units: units.into(),
        })
        .collect()
}

/// ACT 2.3.4's default mapping of ARM variables (ECOR, SEBS, STAMP, AMC, EBBR) to AmeriFlux.
pub const ARM_VARIABLES: &[(&str, &str, &str)] = &[
    ("co2_flux", "FC", "umol/(m^2 s)"),
    ("co2_molar_fraction", "CO2", "nmol/mol"),
    ("co2_mixing_ratio", "CO2_MIXING_RATIO", "umol/mol"),
    ("h2o_mole_fraction", "H2O", "mmol/mol"),
    ("h2o_mixing_ratio", "H2O_MIXING_RATIO", "mmol/mol"),
    ("ch4_mole_fraction", "CH4", "nmol/mol"),
    ("ch4_mixing_ratio", "CH4_MIXING_RATIO", "nmol/mol"),
    ("momentum_flux", "TAU", "kg/(m s^2)"),
    ("sensible_heat_flux", "H", "W/m^2"),
    ("latent_flux", "LE", "W/m^2"),
    ("air_temperature", "TA", "deg C"),
    ("air_pressure", "PA", "kPa"),
    ("relative_humidity", "RH", "%"),
    ("sonic_temperature", "T_SONIC", "deg C"),
    ("water_vapor_pressure_defecit", "VPD", "hPa"),
    ("Monin_Obukhov_length", "MO_LENGTH", "m"),
    ("Monin_Obukhov_stability_parameter", "ZL", ""),
    ("mean_wind", "WS", "m/s"),
    ("wind_direction_from_north", "WD", "deg"),
    ("friction_velocity", "USTAR", "m/s"),
    ("maximum_instantaneous_wind_speed", "WS_MAX", "m/s"),
    ("down_short_hemisp", "SW_IN", "W/m^2"),
    ("up_short_hemisp", "SW_OUT", "W/m^2"),
    ("down_long", "LW_IN", "W/m^2"),
    ("up_long", "LW_OUT", "W/m^2"),
    ("albedo", "ALB", "%"),
    ("net_radiation", "NETRAD", "W/m^2"),
    ("par_inc", "PPFD_IN", "umol/(m^2 s)"),
    ("par_ref", "PPFD_OUT", "umol/(m^2 s)"),
    ("precip", "P", "mm"),
];

/// ACT 2.3.4's default soil mapping (name prefixes; rows with one AmeriFlux name share `H`).
pub const ARM_SOIL: &[(&str, &str, &str)] = &[
    ("surface_soil_heat_flux", "G", "W/m^2"),
    ("soil_temp", "TS", "deg C"),
    ("temp", "TS", "deg C"),
    ("soil_moisture", "SWC", "%"),
    ("soil_specific_water_content", "SWC", "%"),
    ("vwc", "SWC", "%"),
];

/// Options of [`convert_to_ameriflux`], with ACT's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AmerifluxOptions {
    /// Variables to convert, in column order (default [`ARM_VARIABLES`]).
    pub variables: Vec<AmerifluxName>,
    /// Soil variables by name prefix (default [`ARM_SOIL`]).
    pub soil: Vec<AmerifluxName>,
    /// Soil depths in cm, in the order of AmeriFlux's vertical index (default ACT's
    /// 2.5, 5, 10, 15, 20, 30, 35, 50, 75, 100).
    pub depth_profile: Vec<f64>,
    /// Keep columns of variables that are absent or all missing, as −9999 (default `false`).
    pub include_missing_variables: bool,
    /// Minutes from `TIMESTAMP_START` to `TIMESTAMP_END` (default 30: AmeriFlux's half-hourly
    /// files, and ACT's fixed value).
    pub interval_minutes: i64,
}

impl Default for AmerifluxOptions {
    fn default() -> Self {
        AmerifluxOptions {
            variables: names(ARM_VARIABLES),
            soil: names(ARM_SOIL),
            depth_profile: vec![2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 35.0, 50.0, 75.0, 100.0],
            include_missing_variables: false,
            interval_minutes: 30,
        }
    }
}

/// One column of an [`AmerifluxTable`].
#[derive(Clone, Debug, PartialEq)]
pub struct AmerifluxColumn {
    /// AmeriFlux name with qualifiers (`H`, `TS_2_1_1`).
    pub name: String,
    /// The ARM variable it came from (empty for a column of a missing variable).
    pub source: String,
    /// Values in AmeriFlux units; NaN is missing (−9999 in the CSV).
    pub values: Vec<f64>,
    /// The values are float32 (printed with float32's shortest form, as pandas does).
    pub float32: bool,
}

/// What [`convert_to_ameriflux`] returns: ACT's DataFrame as columns.
#[derive(Clone, Debug, PartialEq)]
pub struct AmerifluxTable {
    /// `TIMESTAMP_START` of each row (`YYYYMMDDHHMM`).
    pub start: Vec<String>,
    /// `TIMESTAMP_END` of each row.
    pub end: Vec<String>,
    /// The data columns, in order.
    pub columns: Vec<AmerifluxColumn>,
}

impl AmerifluxTable {
    /// The table as AmeriFlux CSV: a header, then one row per time; missing values −9999.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("TIMESTAMP_START,TIMESTAMP_END");
        for c in &self.columns {
            s.push(',');
            s.push_str(&c.name);
        }
        s.push('\n');
        for (i, (a, b)) in self.start.iter().zip(&self.end).enumerate() {
            let _ = write!(s, "{a},{b}");
            for c in &self.columns {
                let v = c.values[i];
                let _ = match (v.is_nan(), c.float32) {
                    (true, _) => write!(s, ",-9999"),
                    (false, true) => write!(s, ",{}", v as f32),
                    (false, false) => write!(s, ",{v}"),
                };
            }
            s.push('\n');
        }
        s
    }

    /// Write [`AmerifluxTable::to_csv`] to `path` through the atomic writer.
    ///
    /// # Errors
    /// The target is refused or cannot be written.
    pub fn write_csv(&self, path: impl AsRef<Path>, opts: &OutputOptions) -> std::result::Result<(), OutputError> {
        write_atomic(path, self.to_csv().as_bytes(), opts)
    }
}

/// `YYYYMMDDHHMM` of nanoseconds since 1970 (UTC); empty for NaT.
fn stamp(ns: i64) -> String {
    atmokit_core::time::to_chrono(ns).map_or_else(String::new, |t| t.format("%Y%m%d%H%M").to_string())
}

/// Convert `ds` (ARM data on `time`) to an AmeriFlux table; see the module docs.
///
/// As in ACT, a variable whose units cannot be converted to AmeriFlux's is written in its own
/// units. Differs from ACT on purpose: a soil depth that is not in `depth_profile` takes the
/// nearest depth's index (ACT raises an `IndexError`).
///
/// # Errors
/// No `time`, a mapped variable that is not numeric, not on `time` or of more than two dims, or
/// a non-positive `interval_minutes`.
pub fn convert_to_ameriflux(ds: &Dataset, opts: &AmerifluxOptions) -> Result<AmerifluxTable> {
    if opts.interval_minutes <= 0 {
        return Err(Error::parameter(
            "interval_minutes",
            opts.interval_minutes,
            "convert_to_ameriflux: must be positive",
        ));
    }
    let time = ds.time()?;
    let start: Vec<String> = time.iter().map(|&t| stamp(t)).collect();
    let step = opts.interval_minutes * 60_000_000_000;
    let end: Vec<String> = time.iter().map(|&t| stamp(t.saturating_add(step))).collect();
    let n = time.len();
    // Units first, on copies of the mapped variables only, as ACT's `change_units` does.
    let mut conv = Dataset::new();
    for m in &opts.variables {
        if let Some(v) = ds.var(&m.arm) {
            conv.insert(&m.arm, v.clone())?;
        }
    }
    for m in &opts.variables {
        if conv.contains(&m.arm) && !m.units.is_empty() {
            let o = ChangeUnitsOptions {
                variables: Some(vec![m.arm.clone()]),
                ..ChangeUnitsOptions::default()
            };
            // A unit that cannot be converted leaves the values as they are (ACT's default).
            let _ = change_units(&mut conv, &m.units, &o);
        }
    }
    let mut columns = Vec::new();
    for m in &opts.variables {
        match conv.var(&m.arm) {
            Some(_) => {
                let (values, float32) = series(&conv, &m.arm, None)?;
                if values.iter().all(|v| v.is_nan()) && !opts.include_missing_variables {
                    continue;
                }
                columns.push(AmerifluxColumn {
                    name: m.name.clone(),
                    source: m.arm.clone(),
                    values,
                    float32,
                });
            }
            None if opts.include_missing_variables => columns.push(AmerifluxColumn {
                name: m.name.clone(),
                source: String::new(),
                values: vec![f64::NAN; n],
                float32: false,
            }),
            None => {}
        }
    }
    soil_columns(ds, opts, &mut columns)?;
    Ok(AmerifluxTable { start, end, columns })
}

/// The soil columns, numbered as the module docs say.
fn soil_columns(ds: &Dataset, opts: &AmerifluxOptions, columns: &mut Vec<AmerifluxColumn>) -> Result<()> {
    let data_vars = ds.data_var_names();
    let mut prev = "";
    let mut h = 1;
    for m in &opts.soil {
        if m.name != prev {
            h = 1;
            prev = &m.name;
        }
        let found = data_vars
            .iter()
            .filter(|v| v.starts_with(m.arm.as_str()) && !v.contains("std") && !v.contains("qc") && !v.contains("net"));
        for &var in found {
            if var.contains("avg") || var.contains("average") {
                continue;
            }
            let v = ds.get(var)?;
            if v.dims().len() > 2 {
                return Err(Error::data(
                    var,
                    format!(
                        "convert_to_ameriflux: a soil variable has time and depth at most, not {} dims",
                        v.dims().len()
                    ),
                ));
            }
            if v.dims().len() > 1 {
                let depth_dim = &v.dims()[1];
                let depths = ds
                    .values_f64(depth_dim)
                    .unwrap_or_else(|_| (0..v.shape()[1]).map(|i| i as f64).collect());
                for (k, &depth) in depths.iter().enumerate() {
                    let (values, float32) = series(ds, var, Some(k))?;
                    columns.push(AmerifluxColumn {
                        name: format!("{}_{h}_{}_1", m.name, vertical(&opts.depth_profile, depth)),
                        source: var.to_string(),
                        values,
                        float32,
                    });
                }
            } else {
                let vert = v
                    .attr_str("sensor_height")
                    .and_then(|s| {
                        let mut it = s.split_whitespace();
                        let depth = it.next()?.parse::<f64>().ok()?.abs();
                        (it.next() == Some("cm")).then(|| vertical(&opts.depth_profile, depth))
                    })
                    .unwrap_or(1);
                let (values, float32) = series(ds, var, None)?;
                columns.push(AmerifluxColumn {
                    name: format!("{}_{h}_{vert}_1", m.name),
                    source: var.to_string(),
                    values,
                    float32,
                });
            }
            h += 1;
        }
    }
    Ok(())
}

/// 1-based index of the depth in `profile` nearest to `depth` (cm); 1 for an empty profile.
fn vertical(profile: &[f64], depth: f64) -> usize {
    profile
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - depth).abs().total_cmp(&(b.1 - depth).abs()))
        .map_or(1, |(i, _)| i + 1)
}

/// A variable on `time` as f64 (column `col` of a 2-D one), and whether it is float32.
fn series(ds: &Dataset, var: &str, col: Option<usize>) -> Result<(Vec<f64>, bool)> {
    let v = ds.get(var)?;
    if v.dims().first().map(String::as_str) != Some("time") {
        return Err(Error::data(
            var,
            format!("convert_to_ameriflux: not on time (dims {:?})", v.dims()),
        ));
    }
    let float32 = v.dtype() == atmokit_core::DType::F32;
    let all = ds.values_f64(var)?;
    let values = match col {
        None if v.dims().len() == 1 => all,
        None => return Err(Error::data(var, "convert_to_ameriflux: must be 1-D")),
        Some(k) => {
            let width = v.shape()[1];
            all.chunks(width.max(1))
                .map(|row| row.get(k).copied().unwrap_or(f64::NAN))
                .collect()
        }
    };
    Ok((values, float32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    /// Two times across a year end; soil variables of every kind the numbering handles.
    fn ds() -> Dataset {
        let mut ds = Dataset::new();
        // 2019-12-31 23:30 and 2020-01-01 00:00 UTC.
        let t0 = 1_577_835_000_000_000_000i64;
        ds.insert("time", Variable::time("time", vec![t0, t0 + 1_800_000_000_000]))
            .unwrap();
        ds.insert("depth", Variable::new(["depth"], vec![5.0f32, 12.0]).unwrap())
            .unwrap();
        let v = |x: Vec<f32>| Variable::new(["time"], x).unwrap();
        ds.insert("soil_temp_a", v(vec![10.0, 11.0]).with_attr("sensor_height", "-16 cm"))
            .unwrap();
        ds.insert("soil_temp_std", v(vec![1.0, 1.0])).unwrap();
        ds.insert("qc_soil_temp_a", v(vec![0.0, 0.0])).unwrap();
        ds.insert("soil_temp_avg", v(vec![9.0, 9.0])).unwrap();
        ds.insert("temp_b", v(vec![12.0, f32::NAN])).unwrap();
        ds.insert(
            "vwc",
            Variable::new(
                ["time", "depth"],
                ndarray::arr2(&[[20.0f32, 21.0], [22.0, 23.0]]).into_dyn(),
            )
            .unwrap(),
        )
        .unwrap();
        ds.insert("surface_soil_heat_flux_net", v(vec![5.0, 5.0])).unwrap();
        ds
    }

    /// Hand-derived names: `soil_temp_a` (16 cm → nearest 15 cm, index 4) is TS_1_4_1, `temp_b`
    /// (no sensor_height) continues the TS count as TS_2_1_1; `vwc` on depths 5 and 12 cm (12 is
    /// not in the profile: nearest 10 cm, index 3) gives SWC_1_2_1 and SWC_1_3_1; std, qc, avg
    /// and net variables are left out. The end stamp crosses the year.
    #[test]
    fn soil_numbering_and_stamps() {
        let t = convert_to_ameriflux(&ds(), &AmerifluxOptions::default()).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["TS_1_4_1", "TS_2_1_1", "SWC_1_2_1", "SWC_1_3_1"]);
        assert_eq!(t.start, ["201912312330", "202001010000"]);
        assert_eq!(t.end, ["202001010000", "202001010030"]);
        assert_eq!(t.columns[3].values, [21.0, 23.0]);
        let csv = t.to_csv();
        assert_eq!(csv.lines().nth(2), Some("202001010000,202001010030,11,-9999,22,23"));
    }

    #[test]
    fn bad_inputs() {
        let mut d = ds();
        let o = AmerifluxOptions {
            interval_minutes: 0,
            ..Default::default()
        };
        assert!(convert_to_ameriflux(&d, &o).is_err());
        d.remove("time");
        assert!(convert_to_ameriflux(&d, &AmerifluxOptions::default()).is_err());
        assert_eq!(vertical(&[], 3.0), 1);
        assert_eq!(stamp(0), "197001010000");
        assert_eq!(stamp(-60_000_000_000), "196912312359");
    }
}

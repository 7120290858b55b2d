//! The fixed 163-byte little-endian profile header of SigmaSpace MPL data files (data file
//! version 5), one per profile, followed by `number_bins` float32 values of channel 1 and then of
//! channel 2.
//!
//! Layout source: the field table `HEADER_MPL` of mpl2nc (Peter Kuma, github.com/peterkuma/mpl2nc,
//! v1.4.0, `mpl2nc.py`), itself transcribed from the SigmaMPL 2015 R2.3 manual, "Data file
//! version 5"; the packed size (163 bytes) agrees with the `header_size` field stored in the
//! sample file `201509021500.bi`. Names, long names and units are mpl2nc's, so a Dataset read here
//! has the variable names ACT's `read_sigma_mplv5` (which shells out to mpl2nc) gives.

/// Binary type of a header field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `uint8`
    U8,
    /// `uint16`
    U16,
    /// `int16`
    I16,
    /// `uint32`
    U32,
    /// `int32`
    I32,
    /// `float32`
    F32,
}

impl FieldType {
    /// Size in bytes.
    pub fn size(self) -> usize {
        match self {
            FieldType::U8 => 1,
            FieldType::U16 | FieldType::I16 => 2,
            FieldType::U32 | FieldType::I32 | FieldType::F32 => 4,
        }
    }

    /// mpl2nc's netCDF fill value for this type; a stored value equal to it reads as missing
    /// (ACT opens mpl2nc's output with xarray, which masks it).
    pub fn fill(self) -> f64 {
        match self {
            FieldType::U8 => 255.0,
            FieldType::U16 => 64537.0, // -999 as uint16
            FieldType::I16 => -999.0,
            FieldType::U32 => 4294939996.0,
            FieldType::I32 => 2147483647.0,
            FieldType::F32 => -999.0,
        }
    }

    /// Decode one little-endian value as f64 (exact for all these types).
    pub fn decode(self, b: &[u8]) -> f64 {
        match self {
            FieldType::U8 => f64::from(b[0]),
            FieldType::U16 => f64::from(u16::from_le_bytes([b[0], b[1]])),
            FieldType::I16 => f64::from(i16::from_le_bytes([b[0], b[1]])),
            FieldType::U32 => f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            FieldType::I32 => f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            FieldType::F32 => f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        }
    }
}

/// One header field: name, type, long name, units ("" for none).
pub struct Field {
    /// Variable name (mpl2nc's).
    pub name: &'static str,
    /// Binary type.
    pub ty: FieldType,
    /// long_name attribute.
    pub long_name: &'static str,
    /// units attribute ("" = none).
    pub units: &'static str,
}

const fn f(name: &'static str, ty: FieldType, long_name: &'static str, units: &'static str) -> Field {
    Field {
        name,
        ty,
        long_name,
        units,
    }
}

use FieldType::*;

/// The header fields in file order (packed, no padding).
pub const FIELDS: &[Field] = &[
    f("unit", U16, "unit", ""),
    f("version", U16, "version", ""),
    f("year", U16, "", ""),
    f("month", U16, "", ""),
    f("day", U16, "", ""),
    f("hours", U16, "", ""),
    f("minutes", U16, "", ""),
    f("seconds", U16, "", ""),
    f("shots_sum", U32, "shots sum", "count"),
    f("trigger_frequency", I32, "trigger frequency", "Hz"),
    f("energy_monitor", U32, "energy monitor", "nJ"),
    f("temp_0", U32, "A/D #0 mean", ""),
    f("temp_1", U32, "A/D #1 mean", ""),
    f("temp_2", U32, "A/D #2 mean", ""),
    f("temp_3", U32, "A/D #3 mean", ""),
    f("temp_4", U32, "A/D #4 mean", ""),
    f("background_average", F32, "background average", "count us-1"),
    f("background_stddev", F32, "background standard deviation", "count us-1"),
    f("number_channels", U16, "number of channels", "count"),
    f("number_bins", U32, "", ""),
    f("bin_time", F32, "bin time", "s"),
    f("range_calibration", F32, "range calibration", "m"),
    f("number_data_bins", U16, "number of data bins", "count"),
    f("scan_scenario_flags", U16, "scan scenario flags", ""),
    f("num_background_bins", U16, "number of background bins", "count"),
    f("azimuth_angle", F32, "azimuth angle", "degrees"),
    f("elevation_angle", F32, "elevation angle", "degrees"),
    f("compass_degrees", F32, "compass degrees", "degrees"),
    f("polarization_voltage_0", F32, "polarization voltage 0", ""),
    f("polarization_voltage_1", F32, "polarization voltage 1", ""),
    f("gps_latitude", F32, "GPS latitude", "degrees_north"),
    f("gps_longitude", F32, "GPS longitude", "degrees_east"),
    f("gps_altitude", F32, "GPS altitude", "m"),
    f("ad_data_bad_flag", U8, "A/D data bad flag", ""),
    f("data_file_version", U8, "data file version", ""),
    f(
        "background_average_2",
        F32,
        "background average (channel 2)",
        "count us-1",
    ),
    f(
        "background_stddev_2",
        F32,
        "background standard deviation (channel 2)",
        "count us-1",
    ),
    f("mcs_mode", U8, "MCS mode", ""),
    f("first_data_bin", U16, "first data bin", ""),
    f("system_type", U8, "system type", ""),
    f(
        "sync_pulses_seen_per_second",
        U16,
        "sync pulses seen per second",
        "count s-1",
    ),
    f("first_background_bin", U16, "first background bin", ""),
    f("header_size", U16, "", ""),
    f("ws_used", U8, "weather station used", ""),
    f("ws_inside_temp", F32, "inside temperature", "degree_C"),
    f("ws_outside_temp", F32, "outside temperature", "degree_C"),
    f("ws_inside_humidity", F32, "inside humidity", "percent"),
    f("ws_outside_humidity", F32, "outside humidity", "percent"),
    f("ws_dewpoint", F32, "dewpoint temperature", "degree_C"),
    f("ws_wind_speed", F32, "wind speed", "km h-1"),
    f("ws_wind_direction", I16, "wind direction", "degree"),
    f("ws_barometric_pressure", F32, "barometric pressure", "hPa"),
    f("ws_rain_rate", F32, "rain rate", "mm h-1"),
];

/// Fields used for time and layout, not stored as variables (as mpl2nc).
pub const EXCLUDED: &[&str] = &[
    "year",
    "month",
    "day",
    "hours",
    "minutes",
    "seconds",
    "header_size",
    "number_bins",
];

/// Packed header size in bytes (163).
pub fn header_size() -> usize {
    FIELDS.iter().map(|f| f.ty.size()).sum()
}

/// Decode a whole header (`bytes.len() >= header_size()`): one f64 per field, in [`FIELDS`] order.
pub fn decode(bytes: &[u8]) -> Vec<f64> {
    let mut off = 0;
    FIELDS
        .iter()
        .map(|f| {
            let v = f.ty.decode(&bytes[off..off + f.ty.size()]);
            off += f.ty.size();
            v
        })
        .collect()
}

/// Index of a field in [`FIELDS`].
pub fn index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_is_163_bytes() {
        // The sample file stores header_size = 163 and 102 records of 163 + 2*1000*4 bytes.
        assert_eq!(super::header_size(), 163);
    }
}

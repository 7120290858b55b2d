//! Present-weather codes to text (ACT `inst_utils.decode_present_weather`).
//!
//! Automatic present-weather sensors such as the Vaisala PWD22 report WMO code table 4680
//! ("present weather reported from an automatic weather station", WMO-No. 306 Manual on Codes,
//! Vol. I.1, A-360), plus code 88 from table 4677. The texts are the table's, worded as ACT does
//! so decoded output is the same.

use atmokit_core::{Data, Dataset, Error, Result, Variable};

/// Text of a WMO 4680 (+ 4677 code 88) present-weather code; `None` for codes not in the table.
/// −9999 is "Missing".
pub fn wmo_4680(code: i64) -> Option<&'static str> {
    Some(match code {
        -9999 => "Missing",
        0 => "No significant weather observed",
        1 => "Clouds generally dissolving or becoming less developed during the past hour",
        2 => "State of the sky on the whole unchanged during the past hour",
        3 => "Clouds generally forming or developing during the past hour",
        4 => "Haze or smoke, or dust in suspension in the air, visibility >= 1 km",
        5 => "Haze or smoke, or dust in suspension in the air, visibility < 1 km",
        10 => "Mist",
        11 => "Diamond dust",
        12 => "Distant lightning",
        18 => "Squalls",
        20 | 30 => "Fog",
        21 | 40 => "Precipitation",
        22 => "Drizzle (not freezing) or snow grains",
        23 => "Rain (not freezing)",
        24 => "Snow",
        25 => "Freezing drizzle or freezing rain",
        26 => "Thunderstorm (with or without precipitation)",
        27 => "Blowing or drifting snow or sand",
        28 => "Blowing or drifting snow or sand, visibility >= 1 km",
        29 => "Blowing or drifting snow or sand, visibility < 1 km",
        31 => "Fog or ice fog in patches",
        32 => "Fog or ice fog, has become thinner during the past hour",
        33 => "Fog or ice fog, no appreciable change during the past hour",
        34 => "Fog or ice fog, has begun or become thicker during the past hour",
        35 => "Fog, depositing rime",
        41 => "Precipitation, slight or moderate",
        42 => "Precipitation, heavy",
        43 => "Liquid precipitation, slight or moderate",
        44 => "Liquid precipitation, heavy",
        45 => "Solid precipitation, slight or moderate",
        46 => "Solid precipitation, heavy",
        47 => "Freezing precipitation, slight or moderate",
        48 => "Freezing precipitation, heavy",
        50 => "Drizzle",
        51 => "Drizzle, not freezing, slight",
        52 => "Drizzle, not freezing, moderate",
        53 => "Drizzle, not freezing, heavy",
        54 => "Drizzle, freezing, slight",
        55 => "Drizzle, freezing, moderate",
        56 => "Drizzle, freezing, heavy",
        57 => "Drizzle and rain, slight",
        58 => "Drizzle and rain, moderate or heavy",
        60 => "Rain",
        61 => "Rain, not freezing, slight",
        62 => "Rain, not freezing, moderate",
        63 => "Rain, not freezing, heavy",
        64 => "Rain, freezing, slight",
        65 => "Rain, freezing, moderate",
        66 => "Rain, freezing, heavy",
        67 => "Rain (or drizzle) and snow, slight",
        68 => "Rain (or drizzle) and snow, moderate or heavy",
        70 => "Snow",
        71 => "Snow, light",
        72 => "Snow, moderate",
        73 => "Snow, heavy",
        74 => "Ice pellets, slight",
        75 => "Ice pellets, moderate",
        76 => "Ice pellets, heavy",
        77 => "Snow grains",
        78 => "Ice crystals",
        80 => "Shower(s) or Intermittent Precipitation",
        81 => "Rain shower(s) or intermittent rain, slight",
        82 => "Rain shower(s) or intermittent rain, moderate",
        83 => "Rain shower(s) or intermittent rain, heavy",
        84 => "Rain shower(s) or intermittent rain, violent",
        85 => "Snow shower(s) or intermittent snow, slight",
        86 => "Snow shower(s) or intermittent snow, moderate",
        87 => "Snow shower(s) or intermittent snow, heavy",
        88 => "Shower(s) of snow pellets or small hail, with or without rain or rain and snow mixed, moderate or heavy",
        89 => "Hail",
        90 => "Thunderstorm",
        91 => "Thunderstorm, slight or moderate, with no precipitation",
        92 => "Thunderstorm, slight or moderate, with rain showers and/or snow showers",
        93 => "Thunderstorm, slight or moderate, with hail",
        94 => "Thunderstorm, heavy, with no precipitation",
        95 => "Thunderstorm, heavy, with rain showers and/or snow showers",
        96 => "Thunderstorm, heavy, with hail",
        99 => "Tornado",
        _ => return None,
    })
}

/// Adds `decoded_name` (default `<variable>_decoded`), the text of each present-weather code, to
/// the dataset in place — ACT `decode_present_weather(ds, variable, decoded_name)`.
///
/// Codes may be numbers (NaN is missing) or strings (`"ER"` is missing, others are parsed as
/// integers). Attributes are copied, `long_name` gets " Decoded" appended (or becomes "Decoded
/// present weather values"), `valid_min`/`valid_max` are dropped.
///
/// # Errors
/// Missing variable; a code outside the table or a string that is not a code, naming both.
pub fn decode_present_weather(ds: &mut Dataset, variable: &str, decoded_name: Option<&str>) -> Result<()> {
    let var = ds.get(variable)?;
    let codes: Vec<i64> = match var.data() {
        Data::Str(a) => a
            .iter()
            .map(|s| match s.trim() {
                "ER" | "" => Ok(-9999),
                t => t
                    .parse::<i64>()
                    .map_err(|_| Error::data(variable, format!("decode_present_weather: '{t}' is not a code"))),
            })
            .collect::<Result<_>>()?,
        other => other
            .iter_f64()
            .ok_or_else(|| Error::not_numeric(variable, other.dtype()))?
            .map(|v| if v.is_finite() { v as i64 } else { -9999 })
            .collect(),
    };
    let texts = codes
        .iter()
        .map(|&c| {
            wmo_4680(c).map(str::to_string).ok_or_else(|| {
                Error::data(
                    variable,
                    format!("decode_present_weather: code {c} is not in WMO table 4680"),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let data = Data::Str(
        ndarray::ArrayD::from_shape_vec(var.shape().to_vec(), texts).map_err(|e| Error::invalid(e.to_string()))?,
    );
    let mut attrs = var.attrs().clone();
    let long_name = match var.long_name() {
        Some(l) => format!("{l} Decoded"),
        None => "Decoded present weather values".to_string(),
    };
    attrs.insert("long_name".into(), long_name.as_str().into());
    attrs.shift_remove("valid_min");
    attrs.shift_remove("valid_max");
    let out = Variable::from_parts(var.dims().to_vec(), data, attrs, Default::default())?;
    let name = decoded_name.map_or_else(|| format!("{variable}_decoded"), str::to_string);
    ds.insert(&name, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_numbers_strings_and_missing() {
        let mut ds = Dataset::new();
        ds.insert(
            "pw",
            Variable::new(["time"], vec![0.0f64, 63.0, f64::NAN])
                .unwrap()
                .with_attr("valid_min", 0.0),
        )
        .unwrap();
        decode_present_weather(&mut ds, "pw", None).unwrap();
        let v = ds.get("pw_decoded").unwrap();
        let Data::Str(a) = v.data() else { panic!("not text") };
        assert_eq!(
            a.iter().map(String::as_str).collect::<Vec<_>>(),
            [
                "No significant weather observed",
                "Rain, not freezing, heavy",
                "Missing"
            ]
        );
        assert!(v.attrs().get("valid_min").is_none());
        assert_eq!(v.long_name(), Some("Decoded present weather values"));
        let s = ndarray::ArrayD::from_shape_vec(vec![3], vec!["ER".to_string(), "88".to_string(), " 04".to_string()])
            .unwrap();
        ds.insert("pws", Variable::new(["time"], Data::Str(s)).unwrap())
            .unwrap();
        decode_present_weather(&mut ds, "pws", Some("x")).unwrap();
        let Data::Str(a) = ds.get("x").unwrap().data() else {
            panic!("not text")
        };
        assert_eq!(a[[0]], "Missing");
        assert!(a[[1]].starts_with("Shower(s) of snow pellets"));
        assert!(a[[2]].starts_with("Haze or smoke"));
        ds.insert("bad", Variable::new(["time"], vec![6i32, 0, 0]).unwrap())
            .unwrap();
        let e = decode_present_weather(&mut ds, "bad", None).unwrap_err().to_string();
        assert!(e.contains("code 6") && e.contains("bad"), "{e}");
    }
}

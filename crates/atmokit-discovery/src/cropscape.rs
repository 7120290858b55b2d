//! USDA NASS CropScape Cropland Data Layer (CDL) point lookups
//! (<https://nassgeodata.gmu.edu/CropScape/>), as ACT 2.3.4's
//! `act.discovery.get_crop_type` asks them: the point is projected to the CDL's USGS Albers
//! Equal Area Conic grid and sent to `{base}GetCDLValue?year=…&x=…&y=…`.

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;

/// The CDL web service root used when no base URL is given.
pub const CROPSCAPE_BASE_URL: &str = "https://nassgeodata.gmu.edu/axis2/services/CDLService/";

/// Longest answer accepted, in bytes.
const ANSWER_LIMIT: u64 = 1024 * 1024;

/// GRS 1980 semi-major axis, metres.
const GRS80_A: f64 = 6_378_137.0;
/// GRS 1980 inverse flattening.
const GRS80_INV_F: f64 = 298.257_222_101;

/// Project a NAD83 latitude/longitude (degrees; WGS 84 taken as NAD83, as the CDL's
/// published `TOWGS84[0,0,0,0,0,0,0]` says) to the CDL grid: USGS Albers Equal Area Conic on
/// the GRS 1980 ellipsoid, standard parallels 29.5° and 45.5° N, origin 23° N 96° W, no
/// false easting or northing. Returns `(x, y)` in metres. Formulas: Snyder (1987), *Map
/// Projections — A Working Manual*, USGS PP 1395, eqs. 14-3, 14-12, 3-12 and 14-1, 14-2.
pub fn cdl_albers(lat: f64, lon: f64) -> (f64, f64) {
    let f = 1.0 / GRS80_INV_F;
    let e2 = f * (2.0 - f);
    let e = e2.sqrt();
    let q = |phi: f64| {
        let s = phi.sin();
        (1.0 - e2) * (s / (1.0 - e2 * s * s) - (1.0 / (2.0 * e)) * ((1.0 - e * s) / (1.0 + e * s)).ln())
    };
    let m = |phi: f64| {
        let s = phi.sin();
        phi.cos() / (1.0 - e2 * s * s).sqrt()
    };
    let (p1, p2, p0, l0) = (
        29.5f64.to_radians(),
        45.5f64.to_radians(),
        23f64.to_radians(),
        (-96f64).to_radians(),
    );
    let (m1, m2) = (m(p1), m(p2));
    let (q1, q2, q0) = (q(p1), q(p2), q(p0));
    let n = (m1 * m1 - m2 * m2) / (q2 - q1);
    let c = m1 * m1 + n * q1;
    let rho = |qq: f64| GRS80_A * (c - n * qq).sqrt() / n;
    let theta = n * (lon.to_radians() - l0);
    let r = rho(q(lat.to_radians()));
    (r * theta.sin(), rho(q0) - r * theta.cos())
}

/// One CDL pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct CropType {
    /// The CDL class value (e.g. 1 for corn), when given.
    pub value: Option<i64>,
    /// The class name (e.g. `Corn`).
    pub category: String,
}

/// The CDL class at `lat`, `lon` (degrees) in `year` (`None`: last year, as ACT).
pub fn get_crop_type(
    client: &Client,
    lat: f64,
    lon: f64,
    year: Option<i32>,
    base: Option<&str>,
) -> Result<CropType, DiscoveryError> {
    if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
        return Err(DiscoveryError::Invalid(format!(
            "latitude {lat} / longitude {lon} out of range"
        )));
    }
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()) - 1);
    let base = base_url(Some(base.unwrap_or(CROPSCAPE_BASE_URL)))?;
    let (x, y) = cdl_albers(lat, lon);
    let url = format!("{base}GetCDLValue?year={year}&x={x}&y={y}");
    let body = client.get_bytes(&url, ANSWER_LIMIT)?;
    parse_cdl_value(&String::from_utf8_lossy(&body)).map_err(|message| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    })
}

/// The `value` and `category` of a GetCDLValue answer
/// (`<Result>{x: …, y: …, value: 1, category: "Corn", color: "#ffd300"}</Result>`).
fn parse_cdl_value(text: &str) -> Result<CropType, String> {
    let field = |key: &str| -> Option<&str> {
        let at = text.find(&format!("{key}:"))? + key.len() + 1;
        let rest = text[at..].trim_start();
        Some(match rest.strip_prefix('"') {
            Some(r) => r.split('"').next().unwrap_or(""),
            None => rest.split([',', '}']).next().unwrap_or("").trim(),
        })
    };
    let category = field("category").ok_or("no `category` in the answer")?;
    Ok(CropType {
        value: field("value").and_then(|v| v.parse().ok()),
        category: category.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from PROJ 9 through pyproj 3.7.2, `Transformer.from_crs("EPSG:4326",
    /// <the CDL's published WKT>)`, computed outside this code.
    #[test]
    fn albers_matches_proj() {
        let cases = [
            (36.8172, -97.1709, -103476.94418086052, 1530911.9523469289),
            (41.878, -87.63, 688879.1102543616, 2127620.1591838943),
            (23.0, -96.0, 0.0, 0.0),
            (47.6, -122.3, -1965840.775865007, 3007788.156319796),
            (25.76, -80.19, 1594288.146038446, 434316.23923075304),
        ];
        for (lat, lon, x, y) in cases {
            let (px, py) = cdl_albers(lat, lon);
            assert!(
                (px - x).abs() < 1e-3 && (py - y).abs() < 1e-3,
                "{lat},{lon}: {px},{py} vs {x},{y}"
            );
        }
    }

    #[test]
    fn answers_are_parsed() {
        let a = r##"<ns1:GetCDLValueResponse xmlns:ns1="http://cdlservice"><Result>{x: -103476.9, y: 1530911.9, value: 24, category: "Winter Wheat", color: "#A87000"}</Result></ns1:GetCDLValueResponse>"##;
        assert_eq!(
            parse_cdl_value(a).unwrap(),
            CropType {
                value: Some(24),
                category: "Winter Wheat".into()
            }
        );
        assert!(parse_cdl_value("<html>oops</html>").is_err());
    }
}

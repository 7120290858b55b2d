//! ARM facility locations without a network: a table shipped with atmokit (from the `lat`,
//! `lon` and `alt` variables of real ARM files) plus any table the user saved from the ARM Data
//! Center (`atmokit download arm-sites SITE --save FILE`, or `atmokit_discovery`'s
//! `arm_site_location_search`), which takes precedence. The offline side of ACT's
//! `act.utils.arm_site_location_search(site_code, facility_code)`.
//!
//! Table format (CSV, `#` comment lines allowed): a header starting
//! `site,facility,latitude,longitude`, then one row per facility; an `altitude` column (m) is
//! optional and empty cells mean unknown; further columns are ignored.

use std::sync::OnceLock;

use atmokit_core::{Error, Result};

/// The table shipped with atmokit.
const SHIPPED: &str = include_str!("../data/arm_facilities.csv");

/// One ARM facility's location.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmFacility {
    /// Site code, lower case (`sgp`).
    pub site: String,
    /// Facility code (`E13`, `C1`, `M1`).
    pub facility: String,
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// Metres above mean sea level, when known.
    pub altitude: Option<f64>,
}

/// Parse a facility table; `source` names it in errors (with the line number).
///
/// ```
/// use atmokit_physics::arm_sites::parse_facility_table;
/// let t = parse_facility_table("site,facility,latitude,longitude\nnsa,C1,71.323,-156.609\n", "mine.csv")?;
/// assert_eq!(t[0].facility, "C1");
/// assert_eq!(t[0].altitude, None);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn parse_facility_table(text: &str, source: &str) -> Result<Vec<ArmFacility>> {
    let bad = |line: usize, what: String| Error::invalid(format!("{source}:{line}: {what}"));
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let (hline, header) = rows.next().ok_or_else(|| bad(0, "no header".into()))?;
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    if names.len() < 4 || names[..4] != ["site", "facility", "latitude", "longitude"] {
        return Err(bad(
            hline,
            "the header must start site,facility,latitude,longitude".into(),
        ));
    }
    let alt = names.iter().position(|n| *n == "altitude");
    let mut out = Vec::new();
    for (line, row) in rows {
        let cells: Vec<&str> = row.split(',').map(str::trim).collect();
        if cells.len() < 4 {
            return Err(bad(line, format!("{} fields, expected at least 4", cells.len())));
        }
        let num = |i: usize, what: &str, lo: f64, hi: f64| -> Result<f64> {
            cells[i]
                .parse::<f64>()
                .ok()
                .filter(|v| (lo..=hi).contains(v))
                .ok_or_else(|| bad(line, format!("{what} '{}' is not a number in [{lo}, {hi}]", cells[i])))
        };
        if cells[0].is_empty() || cells[1].is_empty() {
            return Err(bad(line, "site and facility must not be empty".into()));
        }
        out.push(ArmFacility {
            site: cells[0].to_ascii_lowercase(),
            facility: cells[1].to_string(),
            latitude: num(2, "latitude", -90.0, 90.0)?,
            longitude: num(3, "longitude", -180.0, 360.0)?,
            altitude: match alt.and_then(|i| cells.get(i)).filter(|c| !c.is_empty()) {
                Some(c) => Some(
                    c.parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| bad(line, format!("altitude '{c}' is not a number")))?,
                ),
                None => None,
            },
        });
    }
    Ok(out)
}

/// The facilities of the table shipped with atmokit.
pub fn shipped_facilities() -> &'static [ArmFacility] {
    static TABLE: OnceLock<Vec<ArmFacility>> = OnceLock::new();
    TABLE.get_or_init(|| parse_facility_table(SHIPPED, "arm_facilities.csv").unwrap_or_default())
}

/// The facilities of `site` (every one when `facility` is `None`, else those named, case as
/// ARM writes them), from `extra` first (a table saved from the ARM Data Center) and then the
/// shipped table; a facility found in both comes from `extra`. Sorted by facility.
///
/// ```
/// use atmokit_physics::arm_sites::arm_site_location;
/// let e13 = arm_site_location("sgp", Some(&["E13"]), &[]);
/// assert_eq!(e13.len(), 1);
/// assert!((e13[0].latitude - 36.605).abs() < 1e-3);
/// ```
pub fn arm_site_location(site: &str, facility: Option<&[&str]>, extra: &[ArmFacility]) -> Vec<ArmFacility> {
    let site = site.to_ascii_lowercase();
    let wanted = |f: &ArmFacility| f.site == site && facility.is_none_or(|list| list.contains(&f.facility.as_str()));
    let mut out: Vec<ArmFacility> = extra.iter().filter(|f| wanted(f)).cloned().collect();
    for f in shipped_facilities().iter().filter(|f| wanted(f)) {
        if !out.iter().any(|o| o.facility == f.facility) {
            out.push(f.clone());
        }
    }
    out.sort_by(|a, b| a.facility.cmp(&b.facility));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_whole() {
        assert_eq!(
            shipped_facilities().len(),
            SHIPPED
                .lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()) && !l.starts_with("site,"))
                .count()
        );
    }

    #[test]
    fn extra_rows_win_and_bad_rows_name_their_line() {
        let extra = parse_facility_table(
            "site,facility,latitude,longitude,altitude\nsgp,E13,36.6,-97.5,\nnsa,C1,71.323,-156.609,8\n",
            "x.csv",
        )
        .unwrap();
        let e13 = arm_site_location("SGP", Some(&["E13"]), &extra);
        assert_eq!((e13[0].latitude, e13[0].altitude), (36.6, None));
        assert_eq!(arm_site_location("nsa", None, &extra)[0].altitude, Some(8.0));
        assert!(arm_site_location("sgp", None, &[]).len() == 8);
        assert!(arm_site_location("xyz", None, &[]).is_empty());
        let e = parse_facility_table("site,facility,latitude,longitude\nsgp,C1,95,1\n", "y.csv").unwrap_err();
        assert!(
            e.to_string().contains("y.csv:2") && e.to_string().contains("latitude"),
            "{e}"
        );
        let e = parse_facility_table("lat,lon\n", "z.csv").unwrap_err();
        assert!(e.to_string().contains("z.csv:1"), "{e}");
        assert!(parse_facility_table("# only a comment\n", "w.csv").is_err());
        let e = parse_facility_table("site,facility,latitude,longitude\nsgp,C1\n", "v.csv").unwrap_err();
        assert!(e.to_string().contains("v.csv:2"), "{e}");
    }
}

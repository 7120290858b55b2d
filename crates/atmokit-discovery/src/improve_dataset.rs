//! IMPROVE answers into a Dataset, as ACT 2.3.4's `act.discovery.get_improve_data` returns it:
//! the FED data service's HTML table (columns `Site`, `POC`, `FactDate`, `Param`, `FactValue`,
//! `UnitAbbr`, …) becomes one variable per parameter on `time` (named as IMPROVE's species:
//! `ALf` → `aluminum_fine`, with `units`, `long_name`, `epa_code`, `comments`), with its
//! `poc_{name}` (parameter occurrence code), and the site summary page
//! (`{adms}Pub/SiteSummary.aspx?dsidse=10001&siidse={site}`) adds `lat` / `lon` and its other
//! rows as global attrs, plus `site_problems` from its last table (`EventDate_EventType_Notes_`
//! lines); `url` and `datastream` (`"{SITE} IMPROVE"`) as in ACT, times sorted.
//!
//! Differences: IMPROVE's missing value −999 is NaN, with `_FillValue` −999 in the encoding
//! (so a written file is the one xarray writes from ACT's dataset, which holds −999 in memory
//! under a `_FillValue` attribute; `act_compat` keeps −999 in the data); a parameter code ACT
//! does not map (ACT stops with a `KeyError`) keeps its code as name and long name; the
//! variables are put on the union of the parameters' dates (ACT aligns each on the first
//! parameter's dates: the same when every parameter has every date). Please acknowledge
//! IMPROVE as its data user guide asks (ACT prints the text).

use std::path::{Path, PathBuf};

use atmokit_core::variable::Encoding;
use atmokit_core::{AttrValue, Dataset, Variable};
use chrono::NaiveDate;

use crate::answer_table::answer_error;
use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::html_table::{HtmlTable, html_tables};
use crate::improve::{IMPROVE_BASE_URL, get_improve_data, improve_url};
use crate::query::{encode, fetch_all, file_name};
use crate::report::Progress;

/// The root of IMPROVE's site summary pages used when no base URL is given.
pub const IMPROVE_SITE_BASE_URL: &str = "https://views.cira.colostate.edu/adms/";

/// IMPROVE's missing value.
const MISSING: f64 = -999.0;

/// One IMPROVE parameter: code, variable name, long name, EPA code, comment.
type Species = (&'static str, &'static str, &'static str, &'static str, &'static str);

/// The IMPROVE species ACT names (IMPROVE data user guide; EPA AQS parameter codes).
const SPECIES: &[Species] = &[
    ("ALf", "aluminum_fine", "Aluminum (Fine)", "88104", ""),
    ("ASf", "arsenic_fine", "Arsenic (Fine)", "88103", ""),
    ("BRf", "bromine_fine", "Bromine (Fine)", "88109", ""),
    ("CAf", "calcium_fine", "Calcium (Fine)", "88111", ""),
    ("CLf", "chlorine_fine", "Chlorine (Fine)", "88115", ""),
    ("CRf", "chromium_fine", "Chromium (Fine)", "88112", ""),
    ("CUf", "copper_fine", "Copper (Fine)", "88114", ""),
    ("FEf", "iron_fine", "Iron (Fine)", "88126", ""),
    ("PBf", "lead_fine", "Lead (Fine)", "88128", ""),
    ("MGf", "magnesium_fine", "Magnesium (Fine)", "88140", ""),
    ("MNf", "manganese_fine", "Manganese (Fine)", "88132", ""),
    ("NIf", "nickel_fine", "Nickel (Fine)", "88136", ""),
    ("Pf", "phosphorus_fine", "Phosphorus (Fine)", "88152", ""),
    ("Kf", "potassium_fine", "Potassium (Fine)", "88180", ""),
    ("RBf", "rubidium_fine", "Rubidium (Fine)", "88176", ""),
    ("SEf", "selenium_fine", "Selenium (Fine)", "88154", ""),
    ("SIf", "silicon_fine", "Silicon (Fine)", "88165", ""),
    ("NAf", "sodium_fine", "Sodium (Fine)", "88184", ""),
    ("SRf", "strontium_fine", "Strontium (Fine)", "88168", ""),
    ("Sf", "sulfur_fine", "Sulfur (Fine)", "88169", ""),
    ("TIf", "titanium_fine", "Titanium (Fine)", "88161", ""),
    ("Vf", "vanadium_fine", "Vanadium (Fine)", "88164", ""),
    ("ZNf", "zinc_fine", "Zinc (Fine)", "88167", ""),
    ("ZRf", "zirconium_fine", "Zirconium (Fine)", "88185", ""),
    ("CHLf", "chloride_fine", "Chloride (Fine)", "88203", ""),
    ("NO3f", "nitrate_fine", "Nitrate (Fine)", "88306", ""),
    ("N2f", "nitrite_fine", "Nitrite (Fine)", "88338", ""),
    ("SO4f", "sulfate_fine", "Sulfate (Fine)", "88403", ""),
    (
        "OC1f",
        "carbon_organic_fraction_1_fine",
        "Carbon, Organic Fraction 1 (Fine)",
        "88324",
        "TOR, pure helium (>99.999%) atmosphere, temperature (T) = 140 °C",
    ),
    (
        "OC2f",
        "carbon_organic_fraction_2_fine",
        "Carbon, Organic Fraction 2 (Fine)",
        "88325",
        "TOR, pure helium (>99.999%) atmosphere, temperature (T) = 280 °C",
    ),
    (
        "OC3f",
        "carbon_organic_fraction_3_fine",
        "Carbon, Organic Fraction 3 (Fine)",
        "88326",
        "TOR, pure helium (>99.999%) atmosphere, temperature (T) = 480 °C",
    ),
    (
        "OC4f",
        "carbon_organic_fraction_4_fine",
        "Carbon, Organic Fraction 4 (Fine)",
        "88327",
        "TOR, pure helium (>99.999%) atmosphere, temperature (T) = 580 °C",
    ),
    (
        "OPf",
        "carbon_organic_reflectance_fine",
        "Carbon, Organic Pyrolized (Fine) by Reflectance",
        "88328",
        "TOR, carbon that is measured after the introduction of helium/oxygen atmosphere at °550 C but beforereflectance returns to initial value",
    ),
    (
        "OPTf",
        "carbon_organic_transmittance_fine",
        "Carbon, Organic Pyrolized (Fine) by Transmittance",
        "88336",
        "TOR, carbon that is measured after the introduction of helium/oxygen atmosphere at °550 C but beforetransmittance returns to initial value",
    ),
    (
        "OCf",
        "carbon_organic_total_fine",
        "Carbon, Organic Total (Fine)",
        "88320",
        "Organic carbon from TOR carbon fractions (OC1f+OC2f+OC3f+OC4f+OPf)",
    ),
    (
        "EC1f",
        "carbon_elemental_fraction_1_fine",
        "Carbon, Elemental Fraction 1 (Fine)",
        "88329",
        "TOR, 98% helium, 2% oxygen atmosphere, temperature (T) = 580° C.",
    ),
    (
        "EC2f",
        "carbon_elemental_fraction_2_fine",
        "Carbon, Elemental Fraction 2 (Fine)",
        "88380",
        "TOR, 98% helium, 2% oxygen atmosphere, temperature (T) = 740° C.",
    ),
    (
        "EC3f",
        "carbon_elemental_fraction_3_fine",
        "Carbon, Elemental Fraction 3 (Fine)",
        "88331",
        "TOR, 98% helium, 2% oxygen atmosphere, temperature (T) = 840° C.",
    ),
    (
        "ECf",
        "carbon_elemental_total_fine",
        "Carbon, Elemental Total (Fine)",
        "88321",
        "Elemental carbon from TOR carbon fractions (E1+E2+E3-OP)",
    ),
    (
        "fAbs",
        "filter_absorption_coeff",
        "Filter Absorption Coefficient",
        "63102",
        "A calibrated absorption coefficient measured from a Teflon filter using a hybrid integrating plate and sphere (HIPS) method",
    ),
    (
        "FlowRate",
        "flow_rate",
        "Flow Rate",
        "63102",
        "The rate of air flow through an air sampling instrument",
    ),
    (
        "MF",
        "mass_pm2_5",
        "Mass, PM2.5 (Fine)",
        "88101",
        "Gravimetric mass measurement for particles with aerodynamic diameters less than 2.5 um",
    ),
    (
        "MT",
        "mass_pm10",
        "Mass, PM10 (Total)",
        "85101",
        "Gravimetric mass measurement for particles with aerodynamic diameters less than 10 um",
    ),
    (
        "SampDur",
        "sample_duration",
        "Sampling Duration",
        "",
        "The duration of a given sampling period in minutes",
    ),
    (
        "ammNO3f",
        "ammonium_nitrate_fine",
        "Ammonium Nitrate (Fine)",
        "",
        "1.29 x  NO3f",
    ),
    (
        "ammSO4f",
        "ammonium_sulfate_fine",
        "Ammonium Sulfate (Fine)",
        "",
        "1.375 x SO4f",
    ),
    (
        "OMCf",
        "carbon_organic_mass_fine",
        "Carbon, Organic Mass (fine)(1.8*OC)",
        "",
        "1.8 X OCf",
    ),
    (
        "TCf",
        "carbon_total_fine",
        "Carbon, Total (fine)",
        "",
        "From TOR carbon fractions (OCf+ECf)",
    ),
    (
        "CM_calculated",
        "CM_calculated",
        "Mass, PM10-PM2.5 (Coarse)",
        "",
        "MT-MF",
    ),
    ("SeaSaltf", "sea_salt_fine", "Sea Salt (Fine)", "", "1.8XCHLf"),
    (
        "SOILf",
        "soil_fine",
        "Soil (Fine)",
        "",
        "2.2 × ALf + 2.49 × SIf + 1.63 × CAf + 2.42 × FEf + 1.94 × TIf",
    ),
    (
        "RCFM",
        "mass_pm2_5_reconstructed",
        "Mass, PM2.5 Reconstructed (Fine)",
        "",
        "Sum of ammSO4f, ammNO3f, OMCf, ECf, soilf, and seasaltf.",
    ),
    (
        "RCTM",
        "mass_pmi10_reconstructed",
        "Mass, PM10 Reconstructed (Total)",
        "",
        "Sum of ammSO4f, ammNO3f, OMCf, ECf, soilf, seasaltf, and CM_calculated.",
    ),
];

/// Laser measurements per wavelength: code prefix, variable name prefix, long name prefix,
/// units (ACT's table; the variables take the service's `UnitAbbr` as for every parameter). Codes are `{prefix}_{wl}` (`RefF_405`), or for the pyrolysed carbon `OP{wl}TR`.
const LASER: &[(&str, &str, &str)] = &[
    ("RefF", "final_laser_reflectance_", "Final laser reflectance at "),
    ("TransF", "final_laser_transmittance_", "Final laser transmittance at "),
    ("RefI", "initial_laser_reflectance_", "Initial laser reflectance at "),
    (
        "TransI",
        "initial_laser_transmittance_",
        "Initial laser transmittance at ",
    ),
    ("RefM", "min_laser_reflectance_", "Minimum laser reflectance at "),
    ("TransM", "min_laser_transmittance_", " Minimum laser transmittance at "),
    (
        "OP_TR",
        "organic_pyrolyzed_carbon_reflectance_",
        "Organic Pyrolyzed Carbon by Reflectance at ",
    ),
    (
        "OP_TT",
        "organic_pyrolyzed_carbon_transmittance_",
        "Organic Pyrolyzed Carbon by Transmittance at ",
    ),
];

/// Laser wavelengths (nm).
const LASER_NM: [&str; 7] = ["405", "445", "532", "635", "780", "808", "980"];

/// The code of a laser parameter at wavelength `wl`: `{prefix}_{wl}`, or `OP{wl}TR` for the
/// pyrolysed carbon prefixes `OP_TR` / `OP_TT`.
fn laser_code(prefix: &str, wl: &str) -> String {
    match prefix.split_once('_') {
        Some((a, b)) if a == "OP" => format!("{a}{wl}{b}"),
        _ => format!("{prefix}_{wl}"),
    }
}

/// Name, long name, EPA code and comment of an IMPROVE parameter code (the code itself as
/// name and long name when unknown).
fn describe(code: &str) -> (String, String, String, String) {
    if let Some(s) = SPECIES.iter().find(|s| s.0 == code) {
        return (s.1.into(), s.2.into(), s.3.into(), s.4.into());
    }
    for (prefix, name, long) in LASER {
        for wl in LASER_NM {
            if laser_code(prefix, wl) == code {
                return (
                    format!("{name}{wl}"),
                    format!("{long} {wl}"),
                    String::new(),
                    String::new(),
                );
            }
        }
    }
    (code.into(), code.into(), String::new(), String::new())
}

/// The column `name` of `t`, or an error naming it.
fn column(t: &HtmlTable, name: &str, path: &Path) -> Result<usize, DiscoveryError> {
    t.header
        .as_ref()
        .and_then(|h| h.iter().position(|c| c == name))
        .ok_or_else(|| answer_error(path, format!("the data table has no `{name}` column")))
}

/// A saved FED data answer (`data`) and, when given, the saved site summary page (`site`) as
/// the Dataset ACT's `get_improve_data` returns (see the module docs); `url` becomes the `url`
/// attr.
pub fn read_improve_html(
    data: &Path,
    site: Option<&Path>,
    url: &str,
    act_compat: bool,
) -> Result<Dataset, DiscoveryError> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| answer_error(p, format!("cannot read: {e}")));
    let html = String::from_utf8_lossy(&read(data)?).into_owned();
    let tables = html_tables(&html);
    let table = tables
        .iter()
        .find(|t| t.header.as_ref().is_some_and(|h| h.iter().any(|c| c == "Param")))
        .ok_or_else(|| answer_error(data, "no table with a `Param` column".into()))?;
    let [c_site, c_poc, c_date, c_param, c_value, c_unit] =
        ["Site", "POC", "FactDate", "Param", "FactValue", "UnitAbbr"].map(|n| column(table, n, data));
    let (c_site, c_poc, c_date, c_param, c_value, c_unit) = (c_site?, c_poc?, c_date?, c_param?, c_value?, c_unit?);
    let cell = |r: &Vec<String>, c: usize| r.get(c).cloned().unwrap_or_default();
    if table.rows.is_empty() {
        return Err(answer_error(data, "the data table has no rows".into()));
    }
    let mut dates: Vec<i64> = Vec::with_capacity(table.rows.len());
    for r in &table.rows {
        let d = cell(r, c_date);
        let day = d.split_whitespace().next().unwrap_or("");
        let t = NaiveDate::parse_from_str(day, "%m/%d/%Y")
            .or_else(|_| NaiveDate::parse_from_str(day, "%Y-%m-%d"))
            .ok()
            .and_then(|x| x.and_hms_opt(0, 0, 0))
            .and_then(|x| x.and_utc().timestamp_nanos_opt())
            .ok_or_else(|| answer_error(data, format!("FactDate {d:?} is not M/D/YYYY")))?;
        dates.push(t);
    }
    let mut times = dates.clone();
    times.sort_unstable();
    times.dedup();
    let mut sites: Vec<String> = table.rows.iter().map(|r| cell(r, c_site)).collect();
    sites.sort();
    sites.dedup();
    if sites.len() > 1 {
        return Err(answer_error(
            data,
            format!("several sites {sites:?}: ask one at a time"),
        ));
    }
    let mut params: Vec<String> = table.rows.iter().map(|r| cell(r, c_param)).collect();
    params.sort();
    params.dedup();

    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", times.clone()))?;
    for p in &params {
        let rows: Vec<usize> = (0..table.rows.len())
            .filter(|&i| cell(&table.rows[i], c_param) == *p)
            .collect();
        let mut units: Vec<String> = rows.iter().map(|&i| cell(&table.rows[i], c_unit)).collect();
        units.dedup();
        if units.len() > 1 {
            return Err(answer_error(data, format!("parameter {p}: several units {units:?}")));
        }
        let (name, long, epa, comment) = describe(p);
        let mut values = vec![f64::NAN; times.len()];
        let mut poc = vec![f64::NAN; times.len()];
        for &i in rows.iter().rev() {
            let at = times.binary_search(&dates[i]).unwrap_or(0);
            let v: f64 = cell(&table.rows[i], c_value).trim().parse().unwrap_or(f64::NAN);
            values[at] = if v == MISSING && !act_compat { f64::NAN } else { v };
            poc[at] = cell(&table.rows[i], c_poc).trim().parse().unwrap_or(f64::NAN);
        }
        let unit = units.first().cloned().unwrap_or_default();
        let mut var = Variable::new(["time"], values)?
            .with_attr("units", unit.as_str())
            .with_attr("long_name", long.as_str())
            .with_encoding(Encoding {
                fill_value: Some(AttrValue::from(MISSING)),
                ..Encoding::default()
            });
        if !comment.is_empty() {
            var = var.with_attr("comments", comment.as_str());
        }
        if !epa.is_empty() {
            var = var.with_attr("epa_code", epa.as_str());
        }
        ds.insert(&name, var)?;
        let poc_data = if poc.iter().all(|x| x.fract() == 0.0) {
            atmokit_core::Data::from(poc.iter().map(|&x| x as i64).collect::<Vec<i64>>())
        } else {
            atmokit_core::Data::from(poc)
        };
        ds.insert(
            &format!("poc_{name}"),
            Variable::new(["time"], poc_data)?
                .with_attr("units", "1")
                .with_attr("long_name", format!("Parameter Occurrence Code for {p}").as_str()),
        )?;
    }
    let attrs = ds.attrs_mut();
    attrs.insert("url".into(), url.into());
    attrs.insert("datastream".into(), format!("{} IMPROVE", sites[0]).into());
    if let Some(site) = site {
        let page = String::from_utf8_lossy(&read(site)?).into_owned();
        add_site_summary(&mut ds, &html_tables(&page), times.len(), site)?;
    }
    Ok(ds)
}

/// The site summary's first table (two columns: field, value) and last table (`EventDate`,
/// `EventType`, `Notes`) into `ds`.
fn add_site_summary(ds: &mut Dataset, tables: &[HtmlTable], n: usize, path: &Path) -> Result<(), DiscoveryError> {
    let first = tables
        .first()
        .ok_or_else(|| answer_error(path, "the site summary has no table".into()))?;
    let rows = first.header.iter().chain(first.rows.iter());
    for r in rows {
        let (Some(k), Some(v)) = (r.first(), r.get(1)) else {
            continue;
        };
        let coord = match k.as_str() {
            "Latitude" => Some(("lat", "North latitude", "degree_N", 90.0, "latitude")),
            "Longitude" => Some(("lon", "East longitude", "degree_E", 180.0, "longitude")),
            _ => None,
        };
        match coord {
            Some((name, long, units, bound, standard)) => {
                let x: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| answer_error(path, format!("{k} {v:?} is not a number")))?;
                let var = Variable::new(["time"], vec![x; n])?
                    .with_attr("long_name", long)
                    .with_attr("units", units)
                    .with_attr("valid_min", -bound)
                    .with_attr("valid_max", bound)
                    .with_attr("standard_name", standard);
                ds.insert(name, var)?;
            }
            None => {
                ds.attrs_mut().insert(k.clone(), v.as_str().into());
            }
        }
    }
    let mut problems = String::new();
    if let Some(last) = tables.last()
        && let Some(h) = &last.header
    {
        let col = |name: &str| h.iter().position(|c| c == name);
        if let (Some(d), Some(t), Some(no)) = (col("EventDate"), col("EventType"), col("Notes")) {
            for r in &last.rows {
                let get = |i: usize| r.get(i).map_or("", String::as_str);
                problems.push_str(&format!("{}_{}_{}_\n", get(d), get(t), get(no)));
            }
        }
    }
    ds.attrs_mut().insert("site_problems".into(), problems.into());
    Ok(())
}

/// ACT's `get_improve_data` returning its Dataset: the data table of `site` (see
/// [`get_improve_data`]) and the site's summary page
/// (`{site_base}Pub/SiteSummary.aspx?dsidse=10001&siidse={site}`, saved as
/// `improve_site_{site}.html`), read with [`read_improve_html`]. Returns the data file and the
/// Dataset.
#[allow(clippy::too_many_arguments)]
pub fn get_improve_dataset(
    client: &Client,
    site: &str,
    parameters: Option<&[String]>,
    start: &str,
    end: &str,
    output: &Path,
    base: Option<&str>,
    site_base: Option<&str>,
    overwrite: bool,
    act_compat: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(PathBuf, Dataset), DiscoveryError> {
    let data = get_improve_data(client, site, parameters, start, end, output, base, overwrite, progress)?;
    let root = base_url(Some(base.unwrap_or(IMPROVE_BASE_URL)))?;
    let url = improve_url(&root, site, parameters, start, end)?;
    let site_root = base_url(Some(site_base.unwrap_or(IMPROVE_SITE_BASE_URL)))?;
    let page_url = format!("{site_root}Pub/SiteSummary.aspx?dsidse=10001&siidse={}", encode(site));
    let name = file_name(&["improve_site", site], "html");
    let report = fetch_all(client, output, &[(name, page_url)], overwrite, &|_| true, progress)?;
    let page = report
        .files
        .into_iter()
        .next()
        .ok_or_else(|| DiscoveryError::Invalid("IMPROVE site summary not written".into()))?;
    let ds = read_improve_html(&data, Some(&page), &url, act_compat)?;
    Ok((data, ds))
}

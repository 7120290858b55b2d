//! AmeriFlux BADM (Biological, Ancillary, Disturbance and Metadata) into global attributes: what
//! ACT's `read_ameriflux(..., metadata_filename=...)` does with the BADM sheet.
//!
//! The sheet is a list of `VARIABLE` / `DATAVALUE` rows. A variable that occurs once becomes
//! an attribute of that name (numbers as numbers). Repeated variables come in groups, each
//! starting with its group's first variable: team members (`TEAM_MEMBER_NAME`, `_EMAIL`,
//! `_INSTITUTION`, `_ROLE`, `_ORCID`, `_ADDRESS`), DOI contributors (`DOI_CONTRIBUTOR_DATAPRODUCT`,
//! `_NAME`, `_ROLE`, `_INSTITUTION`, `_EMAIL`, `_ORCID`, `_DATE_START`, `_DATE_END`, `_ADDRESS`)
//! and flux methods (`FLUX_MEASUREMENTS_METHOD`, `_VARIABLE`, `_DATE_START`, `_DATE_END`,
//! `_OPERATIONS`); each group becomes one `KEY:VALUE, KEY:VALUE` text in the list attributes
//! `TEAM_MEMBERS`, `DOI_CONTRIBUTORS` and `FLUX_MEASUREMENTS_METHODS`.
//!
//! Reading the Excel file is the caller's (Python: `pandas.read_excel`, as ACT); this takes the
//! rows. Differences from ACT 2.3.4 ([`badm_attrs`]' `act_compat` reproduces them): ACT ends
//! the last group of each kind five rows after its start (a team member's sixth field is lost;
//! fewer than five rows left fails with `IndexError`) and spells `DOI CONTRIBUTOR_ADDRESS` with a
//! space (so a contributor's address is never kept); atmokit ends a group at the next group or
//! at the first row of another variable.

use atmokit_core::AttrValue;

/// The three groups: their attribute, first variable and members.
const GROUPS: [(&str, &[&str]); 3] = [
    (
        "TEAM_MEMBERS",
        &[
            "TEAM_MEMBER_NAME",
            "TEAM_MEMBER_EMAIL",
            "TEAM_MEMBER_INSTITUTION",
            "TEAM_MEMBER_ROLE",
            "TEAM_MEMBER_ORCID",
            "TEAM_MEMBER_ADDRESS",
        ],
    ),
    (
        "DOI_CONTRIBUTORS",
        &[
            "DOI_CONTRIBUTOR_DATAPRODUCT",
            "DOI_CONTRIBUTOR_NAME",
            "DOI_CONTRIBUTOR_ROLE",
            "DOI_CONTRIBUTOR_INSTITUTION",
            "DOI_CONTRIBUTOR_EMAIL",
            "DOI_CONTRIBUTOR_ORCID",
            "DOI_CONTRIBUTOR_DATE_START",
            "DOI_CONTRIBUTOR_DATE_END",
            "DOI_CONTRIBUTOR_ADDRESS",
        ],
    ),
    (
        "FLUX_MEASUREMENTS_METHODS",
        &[
            "FLUX_MEASUREMENTS_METHOD",
            "FLUX_MEASUREMENTS_VARIABLE",
            "FLUX_MEASUREMENTS_DATE_START",
            "FLUX_MEASUREMENTS_DATE_END",
            "FLUX_MEASUREMENTS_OPERATIONS",
        ],
    ),
];

/// A value as ACT keeps it: an integer or a float when the text is one, else the text.
fn value(text: &str) -> AttrValue {
    if let Ok(i) = text.parse::<i64>() {
        AttrValue::I64(vec![i])
    } else if let Ok(x) = text.parse::<f64>() {
        AttrValue::F64(vec![x])
    } else {
        AttrValue::Str(text.to_string())
    }
}

/// The global attributes of BADM rows `(VARIABLE, DATAVALUE)` (values as text, `nan` for an
/// empty cell), in ACT's order: the variables that occur once, then `TEAM_MEMBERS`,
/// `DOI_CONTRIBUTORS`, `FLUX_MEASUREMENTS_METHODS`. See the module docs.
///
/// ```
/// use atmokit_text::ameriflux_badm::badm_attrs;
/// let rows: Vec<(String, String)> = [("SITE_ID", "US-A37"), ("TEAM_MEMBER_NAME", "Ann"), ("TEAM_MEMBER_ROLE", "PI"),
///     ("TEAM_MEMBER_NAME", "Bo"), ("TEAM_MEMBER_ROLE", "Tech")]
///     .iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
/// let attrs = badm_attrs(&rows, false);
/// assert_eq!(attrs[0].0, "SITE_ID");
/// let team = attrs.iter().find(|(k, _)| k == "TEAM_MEMBERS").unwrap();
/// assert_eq!(team.1, atmokit_core::AttrValue::Strs(vec![
///     "TEAM_MEMBER_NAME:Ann, TEAM_MEMBER_ROLE:PI".into(), "TEAM_MEMBER_NAME:Bo, TEAM_MEMBER_ROLE:Tech".into()]));
/// ```
pub fn badm_attrs(rows: &[(String, String)], act_compat: bool) -> Vec<(String, AttrValue)> {
    let count = |k: &str| rows.iter().filter(|(r, _)| r == k).count();
    let mut out: Vec<(String, AttrValue)> = Vec::new();
    for (k, v) in rows {
        if count(k) == 1 {
            out.push((k.clone(), value(v)));
        }
    }
    for (attr, members) in GROUPS {
        let first = members[0];
        let starts: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].0 == first).collect();
        let kept = |k: &str| {
            if act_compat && k == "DOI_CONTRIBUTOR_ADDRESS" {
                return false; // ACT lists it as `DOI CONTRIBUTOR_ADDRESS`
            }
            members.contains(&k)
        };
        let mut groups = Vec::new();
        for (n, &s) in starts.iter().enumerate() {
            let end = match starts.get(n + 1) {
                Some(&next) => next,
                None if act_compat => (s + 5).min(rows.len()),
                None => (s + 1..rows.len())
                    .find(|&i| !members.contains(&rows[i].0.as_str()))
                    .unwrap_or(rows.len()),
            };
            let parts: Vec<String> = rows[s..end]
                .iter()
                .filter(|(k, _)| kept(k))
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            groups.push(parts.join(", "));
        }
        out.push((attr.to_string(), AttrValue::Strs(groups)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[(&str, &str)]) -> Vec<(String, String)> {
        r.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn last_group_and_act_window() {
        let r = rows(&[
            ("TEAM_MEMBER_NAME", "Ann"),
            ("TEAM_MEMBER_EMAIL", "a@x"),
            ("TEAM_MEMBER_INSTITUTION", "U"),
            ("TEAM_MEMBER_ROLE", "PI"),
            ("TEAM_MEMBER_ORCID", "0"),
            ("TEAM_MEMBER_ADDRESS", "Road 1"),
            ("LOCATION_LAT", "36.6"),
            ("DOI_CONTRIBUTOR_DATAPRODUCT", "BASE"),
            ("DOI_CONTRIBUTOR_ADDRESS", "Road 2"),
        ]);
        let get = |a: &[(String, AttrValue)], k: &str| a.iter().find(|(n, _)| n == k).unwrap().1.clone();
        let ours = badm_attrs(&r, false);
        assert_eq!(get(&ours, "LOCATION_LAT"), AttrValue::F64(vec![36.6]));
        let AttrValue::Strs(team) = get(&ours, "TEAM_MEMBERS") else {
            panic!()
        };
        assert!(team[0].ends_with("TEAM_MEMBER_ADDRESS:Road 1"), "{team:?}");
        let AttrValue::Strs(doi) = get(&ours, "DOI_CONTRIBUTORS") else {
            panic!()
        };
        assert_eq!(
            doi,
            vec!["DOI_CONTRIBUTOR_DATAPRODUCT:BASE, DOI_CONTRIBUTOR_ADDRESS:Road 2"]
        );
        let act = badm_attrs(&r, true);
        let AttrValue::Strs(team) = get(&act, "TEAM_MEMBERS") else {
            panic!()
        };
        assert!(!team[0].contains("ADDRESS"), "ACT's five-row window: {team:?}");
        let AttrValue::Strs(doi) = get(&act, "DOI_CONTRIBUTORS") else {
            panic!()
        };
        assert_eq!(doi, vec!["DOI_CONTRIBUTOR_DATAPRODUCT:BASE"]);
        // Only one team member, no flux methods: empty lists.
        assert_eq!(get(&ours, "FLUX_MEASUREMENTS_METHODS"), AttrValue::Strs(vec![]));
    }
}

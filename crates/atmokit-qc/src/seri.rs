//! SERI QC (SIRS files processed by NREL's SERI QC, global `qc_method = "DQMS"`): turn the
//! stored integer codes into bit-packed CF tests. Port of ACT `CleanDataset.clean_seri_qc`
//! (ACT API reference, `act.qc.clean.CleanDataset`; checked against ACT 2.3.4's SERI QC unit test), run by [`crate::cleanup::clean_arm_qc`] when no other QC
//! convention is found. Works in place.
//!
//! Per QC variable (long_name "Quality check results on …", data variable `qc_` stripped):
//! test 1 = missing value (NaN in the data); codes map to tests 2.. in the order of the tables
//! below; for shortwave components, codes 10–93 also set one of tests 13–16 by
//! `trunc((v + 2) / 4) mod 4` (3-component low/high, Gompertz low/high).
//!
//! Differs from ACT: ACT matches the diffuse variable only under the name `qc_down_short_diffuse`,
//! so `qc_down_short_diffuse_hemisp` (the name SIRS files use) gets the definitions left over from
//! the previous variable of its loop (the longwave ones) and its codes 3, 8, 10–93 are lost; here
//! both names get the shortwave table. QC variables of unknown fields are left unchanged (ACT
//! reuses the previous table or fails).

use crate::limits::add_missing_value_test;
use crate::model::add_test;
use crate::options::TestOptions;
use atmokit_core::{AttrValue, Data, Dataset, Result, Variable};

const SW_CODES: [(i64, &str, &str); 11] = [
    (
        1,
        "Passed 1-component test; data fall within max-min limits of Kt,Kn, or Kd",
        "Not failing",
    ),
    (
        2,
        "Passed 2-component test; data fall within 0.03 of the Gompertz boundaries",
        "Not failing",
    ),
    (
        3,
        "Passed 3-component test; data come within +/- 0.03 of satifying Kt=Kn+Kd",
        "Not failing",
    ),
    (6, "Value estimated; passes all pertinent SERI QC tests", "Not failing"),
    (7, "Failed 1-component test; lower than allowed minimum", "Bad"),
    (8, "Falied 1-component test; higher than allowed maximum", "Bad"),
    (
        9,
        "Passed 3-component test but failed 2-component test by >0.05",
        "Indeterminate",
    ),
    (
        94,
        "Data fall into a physically impossible region where Kn>Kt by K-space distances of 0.05 to 0.10.",
        "Bad",
    ),
    (
        95,
        "Data fall into a physically impossible region where Kn>Kt by K-space distances of 0.10 to 0.15.",
        "Bad",
    ),
    (
        96,
        "Data fall into a physically impossible region where Kn>Kt by K-space distances of 0.15 to 0.20.",
        "Bad",
    ),
    (
        97,
        "Data fall into a physically impossible region where Kn>Kt by K-space distances of >= 0.20.",
        "Bad",
    ),
];

const LW_CODES: [(i64, &str, &str); 5] = [
    (
        1,
        "Passed 1-component test; data fall within max-min limits of up_long_hemisp and down_long_hemisp_shaded, but short_direct_normal and down_short_hemisp or down_short_diffuse fail the SERI QC tests.",
        "Not failing",
    ),
    (
        2,
        "Passed 2-component test; data fall within max-min limits of up_long_hemisp and down_long_hemisp_shaded, and short_direct_normal, or down_short_hemisp and down_short_diffuse pass the SERI QC tests while the difference between down_short_hemisp and down_short_diffuse is greater than 20 W/m2.",
        "Not failing",
    ),
    (7, "Failed 1-component test; lower than allowed minimum", "Bad"),
    (8, "Failed 1-component test; higher than allowed maximum", "Bad"),
    (31, "Failed 2-component test", "Bad"),
];

const SW_UP_CODES: [(i64, &str, &str); 5] = [
    (1, "Passed 1-component test", "Not failing"),
    (2, "Passed 2-component test", "Not failing"),
    (7, "Failed 1-component test; lower than allowed minimum", "Bad"),
    (8, "Failed 1-component test; higher than allowed maximum", "Bad"),
    (
        31,
        "Failed 2-component test; solar zenith angle is less than 80 degrees and down_short_hemisp is 0 or missing",
        "Bad",
    ),
];

const SW_3COMP: [&str; 4] = [
    "Parameter too low by 3-component test (Kt=Kn+Kd)",
    "Parameter too high by 3-component test (Kt=Kn+Kd)",
    "Parameter too low by 2-component test (Gompertz boundary)",
    "Parameter too high by 2-component test (Gompertz boundary)",
];

/// True when the file's QC is SERI QC: `qc_method = "DQMS"` or a `Command_Line` naming
/// `sirs_seriqc` (ACT's test).
pub fn is_seri(ds: &Dataset) -> bool {
    ds.attr_str("qc_method") == Some("DQMS") || ds.attr_str("Command_Line").is_some_and(|c| c.contains("sirs_seriqc"))
}

/// Convert every SERI QC variable in place; returns the converted QC variable names.
pub fn clean_seri_qc(ds: &mut Dataset) -> Result<Vec<String>> {
    let names: Vec<String> = ds
        .names()
        .filter(|n| n.starts_with("qc_"))
        .filter(|n| {
            ds.get(n)
                .ok()
                .and_then(|v| v.attr_str("long_name"))
                .is_some_and(|l| l.starts_with("Quality check results on"))
        })
        .map(str::to_string)
        .collect();
    let mut done = vec![];
    for qc in names {
        let var = qc.trim_start_matches("qc_").to_string();
        let (table, shortwave): (&[(i64, &str, &str)], bool) = match var.as_str() {
            "down_short_diffuse_hemisp" | "down_short_diffuse" | "short_direct_normal" | "down_short_hemisp" => {
                (&SW_CODES, true)
            }
            "up_long_hemisp" | "down_long_hemisp_shaded" => (&LW_CODES, false),
            "up_short_hemisp" => (&SW_UP_CODES, false),
            _ => continue,
        };
        if ds.var(&var).is_none() {
            continue;
        }
        let old = ds.get(&qc)?;
        let codes: Vec<f64> = old
            .data()
            .to_f64()
            .ok_or_else(|| crate::values::not_numeric(&qc, old.data()))?
            .iter()
            .copied()
            .collect();
        let shape = old.data().shape().to_vec();
        let mut attrs = old.attrs().clone();
        for k in ["flag_masks", "flag_values", "flag_meanings", "flag_assessments"] {
            attrs.shift_remove(k);
        }
        attrs.insert("standard_name".into(), "quality_flag".into());
        let mut nv = Variable::new(
            old.dims().to_vec(),
            Data::I32(ndarray::ArrayD::zeros(ndarray::IxDyn(&shape))),
        )?;
        *nv.attrs_mut() = attrs;
        ds.insert(&qc, nv)?;
        ds.get_mut(&var)?
            .attrs_mut()
            .insert("ancillary_variables".into(), AttrValue::from(qc.as_str()));
        add_missing_value_test(ds, &var, None, &TestOptions::default())?;
        for (i, (code, meaning, assessment)) in table.iter().enumerate() {
            let mask: Vec<bool> = codes.iter().map(|&c| c == *code as f64).collect();
            let o = TestOptions::default().number(i as u32 + 2);
            add_test(ds, &var, Some(&mask), meaning, assessment, &o)?;
        }
        if shortwave {
            for (k, meaning) in SW_3COMP.iter().enumerate() {
                let mask: Vec<bool> = codes
                    .iter()
                    .map(|&c| (10.0..=93.0).contains(&c) && (((c + 2.0) / 4.0) % 4.0).trunc() as usize == k)
                    .collect();
                add_test(ds, &var, Some(&mask), meaning, "Bad", &TestOptions::default())?;
            }
        }
        done.push(qc);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_to_bits_by_hand() {
        let mut ds = Dataset::new();
        ds.attrs_mut().insert("qc_method".into(), "DQMS".into());
        ds.insert(
            "short_direct_normal",
            Variable::new(["time"], vec![1.0f32, 2.0, f32::NAN, 4.0, 5.0]).unwrap(),
        )
        .unwrap();
        // Codes: 1 → test 2; 97 → test 12; 10 → (12/4) mod 4 = 3 → test 16; 14 → 0 → test 13; NaN → none.
        ds.insert(
            "qc_short_direct_normal",
            Variable::new(["time"], vec![1.0f32, 97.0, 10.0, 14.0, f32::NAN])
                .unwrap()
                .with_attr("long_name", "Quality check results on field: DNI"),
        )
        .unwrap();
        assert!(is_seri(&ds));
        assert_eq!(
            clean_seri_qc(&mut ds).unwrap(),
            vec!["qc_short_direct_normal".to_string()]
        );
        let q = ds.view::<i32>("qc_short_direct_normal").unwrap();
        // Sample 2: data NaN → test 1 (1) + code 10 → test 16 (32768).
        assert_eq!(q.iter().copied().collect::<Vec<_>>(), vec![2, 2048, 1 + 32768, 4096, 0]);
        let f = crate::QcFlags::read(&ds, "qc_short_direct_normal").unwrap();
        assert_eq!(f.numbers, (1..=16).collect::<Vec<u32>>());
        // Code 9 (7th entry) is test 8.
        assert_eq!(f.assessments[7], "Indeterminate");
    }
}

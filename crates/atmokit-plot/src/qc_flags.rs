//! Reading QC flag metadata for plotting: ACT's in-memory standard (`flag_masks`,
//! `flag_meanings`, `flag_assessments` on the `qc_<field>` variable), CF integer states
//! (`flag_values`), ARM's per-variable `bit_N_description`/`bit_N_assessment`, and ARM's global
//! `qc_bit_N_description` / `qc_bit_N_assessment` (ARM QC conventions, as ACT documents them).
//! Which variable holds a field's flags is atmokit-qc's decision
//! ([`atmokit_qc::model::find_qc_variable`]: a quality flag linked through `ancillary_variables`,
//! else `qc_<field>`, either with the field's dimensions), so plots draw what `atmokit qc` uses.

use crate::error::{PlotError, Result};
use atmokit_core::{AttrValue, Dataset};

/// How a test is read from the QC integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagMatch {
    /// Bit-packed: the test is set where `value & mask != 0`.
    Mask(u64),
    /// Integer state: the test is set where `value == v`.
    Value(i64),
}

/// Assessment category used for colours (ACT: Bad/Incorrect red, Suspect/Indeterminate orange).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Any other assessment (drawn in a neutral colour).
    Other,
    /// "Suspect" or "Indeterminate".
    Suspect,
    /// "Bad" or "Incorrect".
    Bad,
}

impl Category {
    /// Category of an assessment word (case-insensitive).
    pub fn of(assessment: &str) -> Category {
        match assessment.trim().to_ascii_lowercase().as_str() {
            "bad" | "incorrect" => Category::Bad,
            "suspect" | "indeterminate" => Category::Suspect,
            _ => Category::Other,
        }
    }
}

/// One QC test.
#[derive(Debug, Clone, PartialEq)]
pub struct QcTest {
    /// Test number (1-based bit number for masks; position for states).
    pub number: u32,
    /// How the test is read.
    pub flag: FlagMatch,
    /// What the test means ("Value is less than the valid_min.").
    pub meaning: String,
    /// Its assessment ("Bad", "Indeterminate", …; empty when unknown).
    pub assessment: String,
}

impl QcTest {
    /// True when the test is set in QC value `v`.
    pub fn is_set(&self, v: i64) -> bool {
        match self.flag {
            FlagMatch::Mask(m) => (v as u64) & m != 0,
            FlagMatch::Value(x) => v == x,
        }
    }

    /// True when the meaning is about missing data (drawn dark grey, as ACT).
    pub fn is_missing_test(&self) -> bool {
        self.meaning.to_ascii_lowercase().contains("missing")
    }
}

/// The QC variable of a field and its tests.
#[derive(Debug, Clone, PartialEq)]
pub struct QcInfo {
    /// Name of the QC variable.
    pub qc_var: String,
    /// Its tests in order.
    pub tests: Vec<QcTest>,
}

/// Name of the QC variable of `field`: atmokit-qc's lookup when the field exists; for a field
/// absent from the dataset (a `qc_*` variable plotted on its own), `qc_<field>` if present.
fn qc_variable_of(ds: &Dataset, field: &str) -> Result<Option<String>> {
    if ds.contains(field) {
        return Ok(atmokit_qc::model::find_qc_variable(ds, field)?);
    }
    let name = format!("qc_{field}");
    Ok(ds.contains(&name).then_some(name))
}

fn strings(v: Option<&AttrValue>) -> Vec<String> {
    v.and_then(AttrValue::as_strings).unwrap_or_default()
}

/// QC tests of `field`: `Ok(None)` when the field has no QC variable; an error naming the
/// variable and attribute when the attributes are inconsistent.
pub fn qc_info(ds: &Dataset, field: &str) -> Result<Option<QcInfo>> {
    let Some(qc_var) = qc_variable_of(ds, field)? else {
        return Ok(None);
    };
    let attrs = ds.get(&qc_var)?.attrs();
    let meanings = strings(attrs.get("flag_meanings"));
    let assessments = strings(attrs.get("flag_assessments"));
    let mut tests = Vec::new();
    if let Some(masks) = attrs.get("flag_masks") {
        let masks = masks
            .as_i128_vec()
            .ok_or_else(|| PlotError::input(format!("'{qc_var}': attribute flag_masks is not integer")))?;
        for (i, m) in masks.iter().enumerate() {
            let mask = u64::try_from(*m)
                .map_err(|_| PlotError::input(format!("'{qc_var}': flag_masks[{i}] = {m} is negative or too large")))?;
            tests.push(QcTest {
                number: if mask.is_power_of_two() {
                    mask.trailing_zeros() + 1
                } else {
                    i as u32 + 1
                },
                flag: FlagMatch::Mask(mask),
                meaning: meanings
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("Test {}", i + 1))
                    .replace("__", " "),
                assessment: assessments.get(i).cloned().unwrap_or_default(),
            });
        }
    } else if let Some(values) = attrs.get("flag_values") {
        let values = values
            .as_i128_vec()
            .ok_or_else(|| PlotError::input(format!("'{qc_var}': attribute flag_values is not integer")))?;
        for (i, v) in values.iter().enumerate() {
            tests.push(QcTest {
                number: i as u32 + 1,
                flag: FlagMatch::Value(*v as i64),
                meaning: meanings
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("Value {v}"))
                    .replace("__", " "),
                assessment: assessments.get(i).cloned().unwrap_or_default(),
            });
        }
    } else {
        // ARM raw: bit_N_* on the variable, else qc_bit_N_* globals.
        for n in 1..=63u32 {
            let local = (
                attrs.get(&format!("bit_{n}_description")),
                attrs.get(&format!("bit_{n}_assessment")),
            );
            let global = (
                ds.attrs().get(&format!("qc_bit_{n}_description")),
                ds.attrs().get(&format!("qc_bit_{n}_assessment")),
            );
            let (desc, assess) = if local.0.is_some() { local } else { global };
            let Some(desc) = desc.and_then(AttrValue::as_str) else {
                break;
            };
            tests.push(QcTest {
                number: n,
                flag: FlagMatch::Mask(1u64 << (n - 1)),
                meaning: desc.to_string(),
                assessment: assess.and_then(AttrValue::as_str).unwrap_or("").to_string(),
            });
        }
    }
    Ok(Some(QcInfo { qc_var, tests }))
}

/// QC values of a 1-D or N-D QC variable as i64, flattened in memory order (NaN → 0: not flagged).
pub fn qc_values(ds: &Dataset, qc_var: &str) -> Result<Vec<i64>> {
    let var = ds.get(qc_var)?;
    let a = var
        .data()
        .to_f64()
        .ok_or_else(|| PlotError::input(format!("QC variable '{qc_var}' is not numeric ({})", var.dtype())))?;
    Ok(a.iter().map(|&x| if x.is_finite() { x as i64 } else { 0 }).collect())
}

/// Worst assessment category set in each QC value (`None` where no test is set).
pub fn worst_category(info: &QcInfo, values: &[i64]) -> Vec<Option<Category>> {
    let cats: Vec<Category> = info.tests.iter().map(|t| Category::of(&t.assessment)).collect();
    values
        .iter()
        .map(|&v| {
            info.tests
                .iter()
                .zip(&cats)
                .filter(|(t, _)| t.is_set(v))
                .map(|(_, c)| *c)
                .max()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn ds_with(qc: Variable) -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("t", Variable::new(["time"], vec![1.0f32, 2.0, 3.0]).unwrap())
            .unwrap();
        ds.insert("qc_t", qc).unwrap();
        ds
    }

    #[test]
    fn act_standard_masks() {
        let qc = Variable::new(["time"], vec![0i32, 1, 6])
            .unwrap()
            .with_attr("flag_masks", vec![1i32, 2, 4])
            .with_attr(
                "flag_meanings",
                AttrValue::Strs(vec!["Missing".into(), "Too low".into(), "Jump".into()]),
            )
            .with_attr(
                "flag_assessments",
                AttrValue::Strs(vec!["Bad".into(), "Bad".into(), "Suspect".into()]),
            );
        let ds = ds_with(qc);
        let info = qc_info(&ds, "t").unwrap().unwrap();
        assert_eq!(info.tests.len(), 3);
        assert_eq!(info.tests[2].number, 3);
        assert!(info.tests[0].is_missing_test());
        let v = qc_values(&ds, "qc_t").unwrap();
        assert_eq!(
            worst_category(&info, &v),
            vec![None, Some(Category::Bad), Some(Category::Bad)]
        );
    }

    #[test]
    fn arm_globals_and_states() {
        let mut ds = ds_with(Variable::new(["time"], vec![0i32, 8, 0]).unwrap());
        ds.attrs_mut()
            .insert("qc_bit_1_description".into(), "Value is equal to missing_value.".into());
        ds.attrs_mut().insert("qc_bit_1_assessment".into(), "Bad".into());
        ds.attrs_mut().insert("qc_bit_2_description".into(), "Less".into());
        ds.attrs_mut().insert("qc_bit_2_assessment".into(), "Bad".into());
        ds.attrs_mut()
            .insert("qc_bit_4_description".into(), "skipped: bit 3 absent".into());
        let info = qc_info(&ds, "t").unwrap().unwrap();
        assert_eq!(info.tests.len(), 2, "stops at the first absent bit");
        assert_eq!(Category::of("Indeterminate"), Category::Suspect);
        assert!(
            qc_info(&ds, "qc_t").unwrap().is_none(),
            "a qc variable has no qc_qc_ variable"
        );
    }

    #[test]
    fn bad_masks_are_errors_naming_the_variable() {
        let qc = Variable::new(["time"], vec![0i32, 0, 0])
            .unwrap()
            .with_attr("flag_masks", vec![-1i32]);
        let e = qc_info(&ds_with(qc), "t").unwrap_err().to_string();
        assert!(e.contains("qc_t") && e.contains("flag_masks"), "{e}");
    }
}

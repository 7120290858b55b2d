//! Tests of different variables run at the same time: [`crate::spec::apply_all`] splits its specs
//! by variable when each variable's tests touch only that variable and its QC variable, runs each
//! group on its own thread on a dataset of its own, and puts the results back in place, so the
//! dataset ends as the same tests run one after the other leave it.

use crate::model::TestResult;
use crate::spec::{TestKind, TestSpec};
use atmokit_core::{Dataset, Result, Variable};
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer values than this in all tested variables together: one thread (threads cost more).
const MIN_VALUES: usize = 1 << 16;

/// Each group's results: (spec index, result), in the order run.
type GroupResults = Mutex<Vec<(usize, Result<TestResult>)>>;

/// One variable's tests: the spec indices, in order, and the names its tests may read or write.
struct Group {
    specs: Vec<usize>,
    names: Vec<String>,
}

/// The groups, in the order their variables first appear in `specs`, or None when the tests must
/// run one after the other: a single variable, little data, one thread, a test that reads another
/// variable (difference, atmospheric pressure), or names two groups could both claim (a QC
/// variable shared through `ancillary_variables`, `qc_x_1`-style names, a variable `x_1` next to
/// `x`).
fn groups(ds: &Dataset, specs: &[TestSpec]) -> Option<Vec<Group>> {
    if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        return None;
    }
    let mut order: Vec<&str> = Vec::new();
    for s in specs {
        if matches!(s.kind, TestKind::Difference { .. } | TestKind::AtmosphericPressure(..)) {
            return None;
        }
        if !order.contains(&s.variable.as_str()) {
            order.push(&s.variable);
        }
    }
    if order.len() < 2 || order.iter().map(|v| ds.var(v).map_or(0, Variable::len)).sum::<usize>() < MIN_VALUES {
        return None;
    }
    let mut claimed: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(order.len());
    for v in &order {
        let prefix = format!("{v}_");
        // `qc_x_1`… are the names create_qc_variable picks after `qc_x`: they must not exist,
        // and no other tested variable may be `x_…` (its `qc_x_…` could collide).
        if ds.names().any(|n| n.starts_with(&format!("qc_{prefix}"))) || order.iter().any(|w| w.starts_with(&prefix)) {
            return None;
        }
        let qc = format!("qc_{v}");
        let mut names = vec![v.to_string()];
        if ds.contains(&qc) {
            names.push(qc);
        }
        let anc = ds.var(v)?.attr_str("ancillary_variables").unwrap_or("");
        names.extend(anc.split_whitespace().filter(|a| ds.contains(a)).map(str::to_string));
        let mut unique = Vec::new();
        for n in names {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        // The group's own dataset must hold its variables together (one size per dim).
        let mut sizes: Vec<(&str, usize)> = Vec::new();
        for n in &unique {
            if !claimed.insert(ds.names().find(|m| m == n)?) {
                return None;
            }
            let v = ds.var(n)?;
            for (d, &k) in v.dims().iter().zip(v.shape()) {
                match sizes.iter().find(|(e, _)| e == d) {
                    Some(&(_, m)) if m != k => return None,
                    Some(_) => {}
                    None => sizes.push((d, k)),
                }
            }
        }
        let idx = specs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.variable == *v)
            .map(|(i, _)| i)
            .collect();
        out.push(Group {
            specs: idx,
            names: unique,
        });
    }
    Some(out)
}

/// Run `specs` (validated) by variable on several threads when [`groups`] allows; None when they
/// must run one after the other.
///
/// On an error the other groups' results are still put back, and the error of the earliest
/// failing spec is returned.
pub(crate) fn apply_grouped(ds: &mut Dataset, specs: &[TestSpec]) -> Option<Result<Vec<TestResult>>> {
    let groups = groups(ds, specs)?;
    // Each group's variables move (not copy) into a dataset of its own; a scalar holds their
    // places so that they go back where they were.
    let mut parts: Vec<Mutex<Option<Dataset>>> = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut mine = Dataset::new();
        *mine.attrs_mut() = ds.attrs().clone();
        for n in &g.names {
            let slot = ds.get_mut(n).ok()?;
            let v = std::mem::replace(slot, Variable::scalar(0u8));
            if let Err(e) = mine.insert(n, v) {
                return Some(Err(e));
            }
        }
        parts.push(Mutex::new(Some(mine)));
    }
    let results: Vec<GroupResults> = groups.iter().map(|_| Mutex::new(Vec::new())).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(groups.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(g) = groups.get(k) else { break };
                    let mut guard = parts[k].lock().unwrap_or_else(|e| e.into_inner());
                    let Some(mine) = guard.as_mut() else { continue };
                    let mut got = Vec::with_capacity(g.specs.len());
                    for &i in &g.specs {
                        let r = specs[i].apply(mine);
                        let failed = r.is_err();
                        got.push((i, r));
                        if failed {
                            break;
                        }
                    }
                    *results[k].lock().unwrap_or_else(|e| e.into_inner()) = got;
                }
            });
        }
    });
    // Back in place (new QC variables after the others, in group order, as when run in order).
    for part in parts {
        let mine = part.into_inner().unwrap_or_else(|e| e.into_inner())?;
        for (name, v) in mine.into_variables() {
            if let Err(e) = ds.insert(&name, v) {
                return Some(Err(e));
            }
        }
    }
    let mut all: Vec<(usize, Result<TestResult>)> = results
        .into_iter()
        .flat_map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    all.sort_by_key(|(i, _)| *i);
    Some(all.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::apply_all;

    /// A dataset of five variables on 20,000 times: float32 and float64 with spikes, NaN and a
    /// stuck run, an int16 with a fill value, one variable already linked to a QC variable that
    /// holds a test, and an untested coordinate.
    fn dataset(extra: Option<&str>) -> Dataset {
        let n = 20_000;
        let mut ds = Dataset::new();
        ds.attrs_mut().insert("datastream".into(), "sgpmetE13.b1".into());
        ds.insert(
            "time",
            Variable::new(["time"], (0..n).map(|i| i as f64).collect::<Vec<_>>()).unwrap(),
        )
        .unwrap();
        let wave = |k: usize| -> Vec<f64> {
            (0..n)
                .map(|i| match i % 997 {
                    0 => f64::NAN,
                    5 => -9999.0,
                    100..=140 => 3.0,
                    _ => 10.0 * k as f64 + (i as f64 * 0.01 * (k + 1) as f64).sin() * 4.0,
                })
                .collect()
        };
        let a: Vec<f32> = wave(0).iter().map(|&x| x as f32).collect();
        ds.insert(
            "a",
            Variable::new(["time"], a)
                .unwrap()
                .with_attr("missing_value", -9999.0f32),
        )
        .unwrap();
        ds.insert(
            "b",
            Variable::new(["time"], wave(1)).unwrap().with_attr("units", "degC"),
        )
        .unwrap();
        let c: Vec<i16> = (0..n)
            .map(|i| if i % 500 == 0 { -9999 } else { (i % 300) as i16 })
            .collect();
        ds.insert(
            "c",
            Variable::new(["time"], c).unwrap().with_attr("_FillValue", -9999i16),
        )
        .unwrap();
        ds.insert("d", Variable::new(["time"], wave(3)).unwrap()).unwrap();
        if let Some(name) = extra {
            ds.insert(name, Variable::new(["time"], wave(4)).unwrap()).unwrap();
        }
        // `d` has a QC variable already, with one test in it.
        crate::add_less_test(&mut ds, "d", 25.0, &Default::default()).unwrap();
        ds
    }

    fn specs(extra: Option<&str>) -> Vec<TestSpec> {
        let mut s = vec![
            "a:missing_value",
            "b:outside:-2,13",
            "a:delta:0.5",
            "c:missing_value",
            "d:persistence:10,0.0001",
            "b:persistence:10,0.0001",
            "c:greater:250",
            "d:delta:1",
            "a:outside:-3,3:Suspect",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        if let Some(name) = extra {
            s.push(format!("{name}:outside:0,1"));
        }
        s.iter().map(|t| TestSpec::parse(t).unwrap()).collect()
    }

    /// The grouped run leaves the dataset identical (variable order, attrs, flags) and returns
    /// the same results as the tests run one after the other; so does the fallback that names
    /// which could collide force (`a` and `a_1`).
    #[test]
    fn grouped_equals_in_order() {
        for extra in [None, Some("e"), Some("a_1")] {
            let specs = specs(extra);
            let mut seq = dataset(extra);
            let want: Vec<TestResult> = specs.iter().map(|s| s.apply(&mut seq).unwrap()).collect();
            let mut par = dataset(extra);
            assert_eq!(groups(&par, &specs).is_some(), extra != Some("a_1"), "{extra:?}");
            let got = apply_all(&mut par, &specs).unwrap();
            assert_eq!(got, want, "{extra:?}");
            assert!(par.identical(&seq), "{extra:?}");
            let names: Vec<&str> = par.names().collect();
            let seq_names: Vec<&str> = seq.names().collect();
            assert_eq!(names, seq_names);
            assert!(names.contains(&"qc_a") && names.contains(&"qc_c"));
        }
    }

    /// Little data, one variable, or a test that reads another variable: in order.
    #[test]
    fn falls_back_to_in_order() {
        let ds = dataset(None);
        assert!(groups(&ds, &specs(None)[..1]).is_none());
        let mut small = Dataset::new();
        small
            .insert("x", Variable::new(["time"], vec![1.0f32; 10]).unwrap())
            .unwrap();
        small
            .insert("y", Variable::new(["time"], vec![1.0f32; 10]).unwrap())
            .unwrap();
        let s: Vec<TestSpec> = ["x:less:0", "y:less:0"]
            .iter()
            .map(|t| TestSpec::parse(t).unwrap())
            .collect();
        assert!(groups(&small, &s).is_none());
        let mut s = specs(None);
        s.push(TestSpec::parse("a:difference:b,1,60").unwrap());
        assert!(groups(&ds, &s).is_none());
    }
}

//! NOAA PSL wind profiler and RASS readers against the ACT oracle `io_read_noaa_psl.json`.

mod common;
use atmokit_core::Dataset;
use atmokit_text::psl::wind_profiler::{read_psl_wind_profiler, read_psl_wind_profiler_temperature};
use common::*;
use serde_json::Value;

fn check(ds: &Dataset, want: &Value) {
    for (d, n) in want["dims"].as_object().unwrap() {
        assert_eq!(ds.dim_len(d), Some(n.as_u64().unwrap() as usize), "dim {d}");
    }
    let mut names: Vec<&str> = ds.data_var_names();
    names.sort_unstable();
    let theirs: Vec<&str> = want["data_var_names_sorted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names, theirs);
    check_attrs("global", ds.attrs(), &want["global_attrs"], &[], &[]);
    for (name, w) in want["vars"].as_object().unwrap() {
        let v = ds.get(name).unwrap();
        check_var(name, v, w, 0.0);
        if let Some(dims) = w["dims"].as_array() {
            let dims: Vec<&str> = dims.iter().map(|d| d.as_str().unwrap()).collect();
            assert_eq!(v.dims(), dims.as_slice(), "{name} dims");
            check_attrs(name, v.attrs(), &w["attrs"], &[], &[]);
        }
    }
}

#[test]
fn wind_profiler_two_modes_match_act() {
    let exp = expected("io_read_noaa_psl");
    let modes = read_psl_wind_profiler(&data("ctd21125.15w")).unwrap();
    assert_eq!(modes.len(), 2);
    check(&modes[0], &exp["wind_profiler_mode1"]);
    check(&modes[1], &exp["wind_profiler_mode2"]);
    for (key, want) in exp["first_row_slices"].as_object().unwrap() {
        let (mode, rest) = key.split_once('.').unwrap();
        let var = rest.split('[').next().unwrap();
        let ds = if mode == "mode1" { &modes[0] } else { &modes[1] };
        let a = ds.view::<f64>(var).unwrap();
        for (j, w) in want.as_array().unwrap().iter().enumerate() {
            assert_eq!(a[[0, j]], jf(w), "{key}[{j}]");
        }
    }
}

#[test]
fn rass_temperature_matches_act() {
    let exp = expected("io_read_noaa_psl");
    let ds = read_psl_wind_profiler_temperature(&data("ctd22187.00t.txt")).unwrap();
    check(&ds, &exp["profiler_temperature"]);
    assert_eq!(ds.view::<f64>("T").unwrap()[[0, 0]], 33.2);
}

#[test]
fn short_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(data("ctd22187.00t.txt")).unwrap();
    let mut lines: Vec<&str> = src.lines().collect();
    lines[14] = " 0.300     33.2";
    let p = dir.path().join("bad.00t");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_psl_wind_profiler_temperature(&p).unwrap_err().to_string();
    assert!(e.contains("bad.00t:15:"), "{e}");
}

#[test]
fn surface_met_two_files_match_act() {
    let exp = expected("io_read_noaa_psl");
    let ds =
        atmokit_text::psl::surface_met::read_psl_surface_met(&[data("ayp22199.21m"), data("ayp22200.00m")]).unwrap();
    check(&ds, &exp["surface_met"]);
    // ACT's unit-test values: 2 times, sum of pressure 1446.9 (float32), lat 38.972425.
    let p: f64 = ds.view::<f32>("Pressure").unwrap().iter().map(|&v| f64::from(v)).sum();
    assert_close("pressure sum", p, 1446.9, 1e-7);
}

/// The oracle winds file rewritten with a third operating mode: sections A B C A B C, where C is
/// an A section with another gate configuration (`808 808` on header line 8) and 40 gates
/// 0.05 km higher.
fn three_mode_file(dir: &std::path::Path) -> std::path::PathBuf {
    let src = std::fs::read_to_string(data("ctd21125.15w")).unwrap();
    let mut secs: Vec<Vec<String>> = vec![vec![]];
    for l in src.lines() {
        secs.last_mut().unwrap().push(l.to_string());
        if l.starts_with('$') {
            secs.push(vec![]);
        }
    }
    let third = |sec: &[String]| -> Vec<String> {
        let hdr = sec.iter().position(|l| l.trim_start().starts_with("HT")).unwrap();
        let base = hdr - 9;
        let mut s = sec.to_vec();
        s[base + 4] = s[base + 4].replacen(" 49", " 40", 1);
        s[base + 7] = s[base + 7].replace("49 49 708 708", "40 40 808 808");
        let rows: Vec<String> = s[hdr + 1..hdr + 41]
            .iter()
            .map(|r| {
                let ht = r.split_whitespace().next().unwrap();
                let up = format!("{:.3}", ht.parse::<f64>().unwrap() + 0.05);
                r.replacen(ht, &up, 1)
            })
            .collect();
        let mut out = s[..=hdr].to_vec();
        out.extend(rows);
        out.extend(s[hdr + 50..].iter().cloned());
        out
    };
    let order = [
        secs[0].clone(),
        secs[1].clone(),
        third(&secs[2]),
        secs[4].clone(),
        secs[5].clone(),
        third(&secs[6]),
    ];
    let p = dir.join("three_modes.15w");
    std::fs::write(&p, order.concat().join("\n") + "\n").unwrap();
    p
}

#[test]
fn wind_profiler_three_modes_default_and_act_pair() {
    use atmokit_text::psl::wind_profiler::{WindProfilerOptions, read_psl_wind_profiler_with};
    let dir = tempfile::tempdir().unwrap();
    let p = three_mode_file(dir.path());
    // Default: one Dataset per gate configuration, in order of appearance (A, B, C).
    let modes = read_psl_wind_profiler(&p).unwrap();
    assert_eq!(modes.len(), 3);
    let gates: Vec<usize> = modes.iter().map(|m| m.dim_len("HT").unwrap()).collect();
    let times: Vec<usize> = modes.iter().map(|m| m.dim_len("time").unwrap()).collect();
    assert_eq!(times, [2, 2, 2]);
    assert_eq!(gates[0], 49);
    assert_eq!(gates[2], 40);
    assert_eq!(modes[2].values_f64("HT").unwrap()[0], 0.201);
    assert!(
        modes
            .iter()
            .all(|m| m.values_f64("SPD").unwrap().iter().any(|v| v.is_finite()))
    );

    // act_compat: ACT 2.3.4's pair, printed by `act.io.read_psl_wind_profiler` on this file
    // (sections 1, 3, 5 and 2, 4, 6): 3 times × 139 heights each (the union, 0.151 … 10.334 km),
    // 327 NaN in SPD, SPD sums 997.2 and 957.9, attrs of the first section of each.
    let pair = read_psl_wind_profiler_with(&p, &WindProfilerOptions { act_compat: true }).unwrap();
    assert_eq!(pair.len(), 2);
    let want_sum = [997.2, 957.9];
    let want_gates = [49, 50];
    for (k, m) in pair.iter().enumerate() {
        assert_eq!(m.dim_len("time"), Some(3));
        let ht = m.values_f64("HT").unwrap();
        assert_eq!(ht.len(), 139);
        assert_eq!([ht[0], ht[1], ht[2]], [0.151, 0.201, 0.254]);
        assert_eq!([ht[136], ht[137], ht[138]], [9.925, 10.129, 10.334]);
        let spd = m.values_f64("SPD").unwrap();
        assert_eq!(spd.iter().filter(|v| v.is_nan()).count(), 327, "mode {k}");
        assert_close(
            "SPD sum",
            spd.iter().filter(|v| v.is_finite()).sum(),
            want_sum[k],
            1e-12,
        );
        assert_eq!(
            m.attrs().get("number_of_range_gates").and_then(|a| a.as_f64()),
            Some(want_gates[k] as f64)
        );
    }
    // ACT's first mode, SPD at time 0: 2.5 at 0.151 km, NaN at 0.201 (a C height), 3.3 at 0.254.
    let a = pair[0].view::<f64>("SPD").unwrap();
    assert_eq!(a[[0, 0]], 2.5);
    assert!(a[[0, 1]].is_nan());
    assert_eq!(a[[0, 2]], 3.3);
    // One section is no pair: ACT fails there, and so does the option.
    let one = dir.path().join("one.15w");
    let src = std::fs::read_to_string(data("ctd21125.15w")).unwrap();
    let first: Vec<&str> = src.lines().take_while(|l| !l.starts_with('$')).collect();
    std::fs::write(&one, first.join("\n") + "\n$\n").unwrap();
    let e = read_psl_wind_profiler_with(&one, &WindProfilerOptions { act_compat: true })
        .unwrap_err()
        .to_string();
    assert!(e.contains("one.15w") && e.contains("two sections"), "{e}");
    assert_eq!(read_psl_wind_profiler(&one).unwrap().len(), 1);
}

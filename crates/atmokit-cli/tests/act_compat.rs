//! `--act-compat` reproduces ACT 2.3.4's numbers where atmokit deliberately differs; without it
//! atmokit gives its own (documented in docs/for-act-users.md, "Deviations from ACT").

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn oracle(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracle")
        .join(name)
}

/// Run `atmokit retrieve NAME FILE ARGS...` and return the printed scalar `var`.
fn retrieve_scalar(name: &str, file: &str, args: &[&str], var: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let out_nc = dir.path().join("out.nc");
    let data = oracle(&format!("data/{file}"));
    let out = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["retrieve", name, data.to_str().unwrap(), "-o", out_nc.to_str().unwrap()])
        .args(args)
        .output()
        .expect("run atmokit");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{var} = ")))
        .unwrap_or_else(|| panic!("no {var} in: {stdout}"));
    line.split_whitespace().nth(2).unwrap().parse().unwrap()
}

/// A BNF sonde in the stable regime: ACT's SBL search starts at layer 0 and compares it with
/// the last layer (negative index). Numbers from a fresh ACT 2.3.4 run:
/// `calculate_pbl_liu_liang(ds)` (tdry units set to `degree_Celsius`, smooth_height 3 and 10):
/// pblht 319.4000244 / 322.6500244 m, stable condition the same, shear condition 608.0999756 m.
/// On ACT's own gridded profile the interior-layer search finds 910.15 m, so without
/// `--act-compat` the PBL is the lower of 910.15 and the jet nose: ACT's shear value, 608.1 m.
#[test]
fn liu_liang_sbl_layer_search() {
    let f = "bnfsondewnpnM1.b1.20250619.053000.cdf";
    let tol = 1e-3;
    for (smooth, act) in [("3", 319.400_024_414_062_5), ("10", 322.650_024_414_062_5)] {
        let got = retrieve_scalar(
            "pbl-liu-liang",
            f,
            &["--smooth", smooth, "--act-compat"],
            "pblht_liu_liang",
        );
        assert!(
            (got - act).abs() < tol,
            "smooth {smooth}: --act-compat {got}, ACT {act}"
        );
        let ours = retrieve_scalar("pbl-liu-liang", f, &["--smooth", smooth], "pblht_liu_liang");
        assert!(
            (ours - 608.099_975_585_937_5).abs() < tol,
            "smooth {smooth}: default {ours}"
        );
        let stable = retrieve_scalar("pbl-liu-liang", f, &["--smooth", smooth], "pblht_liu_liang_stable_cond");
        assert!(
            (stable - 910.15).abs() < tol,
            "smooth {smooth}: stable condition {stable}"
        );
    }
}

/// The sondes of ACT's own tests (oracle `ret_sonde`) are unaffected: both modes give ACT's value.
#[test]
fn liu_liang_oracle_sondes_agree_in_both_modes() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(oracle("expected/ret_sonde.json")).unwrap()).unwrap();
    for r in want["pbl_liu_liang"]["results"].as_array().unwrap() {
        let f = r["file"].as_str().unwrap();
        let act = r["pblht_liu_liang"].as_f64().unwrap();
        for extra in [&[][..], &["--act-compat"][..]] {
            let args = [&["--smooth", "10"][..], extra].concat();
            let got = retrieve_scalar("pbl-liu-liang", f, &args, "pblht_liu_liang");
            assert!((got - act).abs() < 1e-3, "{f} {extra:?}: {got} vs ACT {act}");
        }
    }
}

/// Flagged count printed by `atmokit qc FILE --cleanup --test SPEC [ARGS]`.
fn qc_flagged(file: &str, spec: &str, args: &[&str]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let out_nc = dir.path().join("qc.nc");
    let data = oracle(&format!("data/{file}"));
    let out = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "qc",
            data.to_str().unwrap(),
            "--cleanup",
            "--test",
            spec,
            "-o",
            out_nc.to_str().unwrap(),
        ])
        .args(args)
        .output()
        .expect("run atmokit");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tail = stdout
        .split("] ")
        .nth(1)
        .unwrap_or_else(|| panic!("no count in: {stdout}"));
    tail.split_whitespace().next().unwrap().parse().unwrap()
}

/// The delta test on a direction: ACT takes `|d| mod 360`, so every crossing of north is a
/// ~358° step. Counts from a fresh ACT 2.3.4 run on the SGP met day:
/// `ds.clean.cleanup(); ds.qcfilter.add_delta_test('wdir_vec_mean', diff_limit=L)` flags 396
/// samples for L = 10 and 289 for L = 20. Without `--act-compat` the circular step flags fewer.
#[test]
fn qc_delta_on_directions() {
    let f = "sgpmetE13.b1.20190101.000000.cdf";
    for (lim, act) in [("10", 396), ("20", 289)] {
        let spec = format!("wdir_vec_mean:delta:{lim}");
        assert_eq!(qc_flagged(f, &spec, &["--act-compat"]), act, "limit {lim}");
        assert!(qc_flagged(f, &spec, &[]) < act, "limit {lim}");
    }
}

/// Stability indices: ACT drops the lowest-pressure level and its LFC call always fails (NaN).
/// With `--act-compat` every scalar of the oracle (`ret_sonde`, ACT 2.3.4) is reproduced on the
/// whole file; without it the LFC is MetPy's own for the full profile (927.137 hPa, computed
/// independently with MetPy 1.7.1).
#[test]
fn stability_indices_level_drop_and_lfc() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(oracle("expected/ret_sonde.json")).unwrap()).unwrap();
    let sc = &want["stability_indices"]["scalars"];
    let f = "sgpsondewnpnC1.b1.20190101.053200.cdf";
    for (name, s) in sc.as_object().unwrap() {
        let got = retrieve_scalar("stability", f, &["--act-compat"], name);
        match s["value"].as_f64() {
            Some(act) => assert!(
                (got - act).abs() <= 1e-3 * act.abs().max(1e-6),
                "{name}: --act-compat {got}, ACT {act}"
            ),
            None => assert!(got.is_nan(), "{name}: --act-compat {got}, ACT NaN"),
        }
    }
    let lfc = retrieve_scalar("stability", f, &[], "level_of_free_convection");
    assert!((lfc - 927.137_486).abs() < 1e-3, "default LFC {lfc}");
}

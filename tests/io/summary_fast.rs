//! The summary statistics (`atmokit info`) equal a plain computation, bit for bit, on every
//! variable of every netCDF file of the oracle: collect the finite values as f64, then numpy's
//! pairwise sums of them and of their squared deviations.

use atmokit_core::summary::{Summary, pairwise_sum};
use atmokit_core::{Data, Variable};
use atmokit_tests::oracle_dir;

fn plain(data: &Data) -> (usize, Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
    let finite: Vec<f64> = data.iter_f64().unwrap().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return (0, None, None, None, None);
    }
    let n = finite.len() as f64;
    let sum = pairwise_sum(&finite);
    let mean = sum / n;
    let sq: Vec<f64> = finite.iter().map(|v| (v - mean) * (v - mean)).collect();
    let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (
        finite.len(),
        Some(min),
        Some(max),
        Some(sum),
        Some((pairwise_sum(&sq) / n).sqrt()),
    )
}

#[test]
fn summaries_equal_the_plain_computation_on_every_oracle_netcdf_file() {
    let mut files: Vec<_> = std::fs::read_dir(oracle_dir().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            std::fs::read(p)
                .map(|b| b.get(..3) == Some(b"CDF") || b.get(1..4) == Some(b"HDF"))
                .unwrap_or(false)
        })
        .collect();
    files.sort();
    let mut checked = 0;
    for p in &files {
        let Ok(ds) = atmokit_netcdf::read_arm_netcdf(&[p], &Default::default()) else {
            continue;
        };
        let (names, vars): (Vec<&str>, Vec<&Variable>) = ds.variables().unzip();
        let all = Summary::of_all(&vars);
        for ((name, v), s) in names.iter().zip(&vars).zip(all) {
            let one = format!("{:?}", Summary::of(v));
            assert_eq!(
                format!("{s:?}"),
                one,
                "{}: {name}: parallel and one by one",
                p.display()
            );
            let Summary::Numeric(s) = s else { continue };
            let (n, min, max, sum, std) = plain(v.data());
            let at = || format!("{}: {name}", p.display());
            assert_eq!(s.n_finite, n, "{}", at());
            assert_eq!((s.min, s.max), (min, max), "{}", at());
            assert_eq!(s.sum.map(f64::to_bits), sum.map(f64::to_bits), "{}", at());
            assert_eq!(s.std.map(f64::to_bits), std.map(f64::to_bits), "{}", at());
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} numeric variables checked");
}

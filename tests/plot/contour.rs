//! Station contour maps on the four BNF met stations of 2025-06-19 (ACT `create_contour`).

use crate::{read_many, save_bytes, svg_texts};
use atmokit_plot::contour::ContourMap;
use atmokit_plot::render_svg;

fn bnf() -> Vec<atmokit_core::Dataset> {
    ["M1", "S20", "S30", "S40"]
        .iter()
        .map(|s| read_many(&[&format!("bnfmet{s}.b1.20250619.000000.cdf")]))
        .collect()
}

fn at_18() -> i64 {
    atmokit_core::time::parse_datetime("2025-06-19T18:00:00").unwrap()
}

/// Points of ACT's grid (`np.arange(min - 0.1, max + 0.1, 0.01)` in lon and lat) and the
/// values SciPy 1.17.1 gives there: `Rbf(lon, lat, temp_mean, function='cubic')` on the values
/// ACT 2.3.4 reads at 18:00 (19.52, 22.48, 22.65, 20.17 °C at M1, S20, S30, S40).
const SCIPY: [((f64, f64), f64); 4] = [
    ((-87.55390319824218, 34.07879486083984), -56.0506182021702),
    ((-87.48390319824215, 34.12879486083983), 5.1894929827892895),
    ((-87.52390319824217, 34.17879486083982), -11.641495298465415),
    ((-86.83390319824181, 34.74879486083971), -277.1885010024564),
];

#[test]
fn act_compat_contour_is_scipys_cubic_rbf_and_default_stays_within_the_stations() {
    let ds = bnf();
    let refs: Vec<&atmokit_core::Dataset> = ds.iter().collect();
    let map = ContourMap::new(&refs, "temp_mean", at_18()).unwrap();
    let values: Vec<f64> = map.stations().iter().map(|s| s.value).collect();
    assert_eq!(
        values,
        [
            19.520000457763672,
            22.479999542236328,
            22.649999618530273,
            20.170000076293945
        ]
    );
    let points: Vec<(f64, f64)> = SCIPY.iter().map(|p| p.0).collect();
    let compat = map.clone().act_compat(true).interpolate(&points).unwrap();
    for ((p, e), v) in SCIPY.iter().zip(&compat) {
        assert!((v - e).abs() <= 1e-9 * e.abs(), "{p:?}: {v} vs SciPy {e}");
    }
    // ACT's surface reaches -277 °C at the grid corner; IDW stays within 19.52..22.65.
    for v in map.interpolate(&points).unwrap() {
        assert!((19.52..=22.65).contains(&v), "IDW {v}");
    }
    // The colorbar follows the surface in compat mode (matplotlib's contourf levels).
    let ticks = |m: &ContourMap| -> Vec<f64> {
        svg_texts(&render_svg(m).unwrap())
            .iter()
            .filter_map(|t| t.replace('−', "-").parse::<f64>().ok())
            .collect()
    };
    let compat_map = map.clone().act_compat(true);
    assert!(
        ticks(&compat_map).iter().any(|&t| t <= -100.0),
        "{:?}",
        ticks(&compat_map)
    );
    assert!(!ticks(&map).iter().any(|&t| t <= -100.0), "{:?}", ticks(&map));
    save_bytes(&compat_map, "bnf_temp_contour_act_compat.png");
}

#[test]
fn act_compat_contour_of_a_doubled_station_is_an_error_not_a_nan_image() {
    let ds = bnf();
    let refs = [&ds[0], &ds[1], &ds[0]];
    let map = ContourMap::new(&refs, "temp_mean", at_18()).unwrap();
    assert!(render_svg(&map).is_ok(), "IDW copes with a repeated station");
    let e = render_svg(&map.act_compat(true)).unwrap_err().to_string();
    assert!(e.contains("bnfmetM1.b1") && e.contains("singular"), "{e}");
}

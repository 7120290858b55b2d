//! The raw sample `201509021500.bi` of the ACT test data (oracle data folder). Expected header
//! values were decoded independently with Python's `struct` module from the file's bytes using the
//! mpl2nc field table; ACT's own test expects `channel_1` of shape (102, 1000).

use atmokit_mpl::{MplError, parse_mpl, read_sigma_mplv5};
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    let base = std::env::var("ATMOKIT_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"));
    base.join("data/201509021500.bi")
}

fn num(ds: &atmokit_core::Dataset, name: &str, i: usize) -> f64 {
    ds.get(name).unwrap().data().to_f64().unwrap()[[i]]
}

#[test]
fn shape_header_and_range() {
    let ds = read_sigma_mplv5(&[sample()]).unwrap();
    assert_eq!(ds.get("channel_1").unwrap().shape(), &[102, 1000]);
    assert_eq!(ds.get("channel_2").unwrap().shape(), &[102, 1000]);
    let t = ds.time().unwrap();
    assert_eq!(atmokit_core::time::format_ns(t[0]), "2015-09-02T15:00:01.000000000");
    assert_eq!(atmokit_core::time::format_ns(t[1]), "2015-09-02T15:00:36.000000000");
    assert_eq!(atmokit_core::time::format_ns(t[101]), "2015-09-02T15:59:43.000000000");
    assert_eq!(num(&ds, "unit", 0), 5005.0);
    assert_eq!(num(&ds, "version", 0), 414.0);
    assert_eq!(num(&ds, "shots_sum", 0), 75000.0);
    assert_eq!(num(&ds, "trigger_frequency", 0), 2500.0);
    assert_eq!(num(&ds, "energy_monitor", 0), 1753.0);
    assert_eq!(num(&ds, "energy_monitor", 101), 1797.0);
    assert_eq!(num(&ds, "temp_0", 0), 2292.0);
    assert!(
        num(&ds, "temp_1", 0).is_nan(),
        "mpl2nc's uint32 fill 4294939996 reads as missing"
    );
    assert_eq!(num(&ds, "temp_4", 1), 22687.0);
    assert_eq!(num(&ds, "number_channels", 0), 2.0);
    assert_eq!(num(&ds, "data_file_version", 0), 5.0);
    assert_eq!(num(&ds, "background_average", 0), 0.3685024678707123);
    assert_eq!(num(&ds, "gps_latitude", 0), 38.952945709228516);
    assert_eq!(num(&ds, "gps_longitude", 0), -76.836181640625);
    assert!(num(&ds, "ws_rain_rate", 0).is_nan());
    let c1 = ds.view::<f32>("channel_1").unwrap();
    assert_eq!(
        (c1[[0, 0]], c1[[0, 1]], c1[[0, 999]], c1[[101, 2]]),
        (13.700533, 0.8969333, 0.35733333, 1.0213333)
    );
    let c2 = ds.view::<f32>("channel_2").unwrap();
    assert_eq!((c2[[0, 0]], c2[[1, 1]]), (18.542267, 8.8284));
    // range = 0.5 * bin_time * c * (k + 0.5), bin_time = float32(2e-7) s.
    let r = ds.view::<f64>("range").unwrap();
    let half_bt = f64::from(0.5f32 * 2e-7f32);
    assert_eq!(r[0], half_bt * 299_792_458.0 * 0.5);
    assert!((r[0] - 14.98962).abs() < 1e-4);
    assert!((r[999] - 29964.25).abs() < 0.01);
    assert_eq!(ds.attr_str("_datastream"), Some("201509021500.bi"));
}

#[test]
fn truncated_file_is_reported_with_record_and_part() {
    let bytes = std::fs::read(sample()).unwrap();
    let path = Path::new("cut.bi");
    // Cut inside record 3's channel 2.
    let e = parse_mpl(&bytes[..3 * 8163 + 163 + 4000 + 10], path).unwrap_err();
    assert!(
        matches!(
            e,
            MplError::Truncated {
                record: 3,
                what: "channel_2",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("cut.bi"));
    // Cut inside a header.
    let e = parse_mpl(&bytes[..8163 + 20], path).unwrap_err();
    assert!(
        matches!(
            e,
            MplError::Truncated {
                record: 1,
                what: "header",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn other_kinds_of_file_are_rejected() {
    let path = Path::new("x.cdf");
    let nc = std::fs::read(sample().with_file_name("sgpmplpolfsC1.b1.20190502.000000.cdf")).unwrap();
    let e = parse_mpl(&nc, path).unwrap_err();
    assert!(matches!(e, MplError::NotMpl { .. }), "{e}");
    assert!(matches!(parse_mpl(&[], path).unwrap_err(), MplError::NotMpl { .. }));
    let text = vec![b'a'; 400];
    assert!(matches!(parse_mpl(&text, path).unwrap_err(), MplError::NotMpl { .. }));
    let e = read_sigma_mplv5(&["/nonexistent/file.mpl"]).unwrap_err();
    assert!(matches!(e, MplError::Io { .. }) && e.to_string().contains("/nonexistent/file.mpl"));
}

/// `energy_monitor`'s label: "nJ" by default; with `act_compat` mpl2nc's "mJ". mpl2nc 0.4
/// (`mpl2nc 201509021500.bi out.nc`, the converter ACT's reader runs) writes units "mJ" and
/// values 1753, 1751, 1751 for the first three records: the values are the same either way.
#[test]
fn energy_monitor_label_act_compat() {
    use atmokit_mpl::{MplOptions, read_sigma_mplv5_with};
    let ds = read_sigma_mplv5(&[sample()]).unwrap();
    assert_eq!(ds.get("energy_monitor").unwrap().units(), Some("nJ"));
    let act = read_sigma_mplv5_with(&[sample()], &MplOptions { act_compat: true }).unwrap();
    assert_eq!(act.get("energy_monitor").unwrap().units(), Some("mJ"));
    for (i, want) in [1753.0, 1751.0, 1751.0].into_iter().enumerate() {
        assert_eq!(num(&ds, "energy_monitor", i), want);
        assert_eq!(num(&act, "energy_monitor", i), want);
    }
}

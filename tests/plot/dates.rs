//! Dates on multi-day time axes and in the titles of every display (issue 14, defect 2).

use crate::{has_text, read_many, svg_texts};
use atmokit_plot::hodograph::Hodograph;
use atmokit_plot::skewt::SkewT;
use atmokit_plot::windrose::WindRose;
use atmokit_plot::{Panel, TimeSeriesDisplay, render_svg};

fn met_days(n: u32) -> atmokit_core::Dataset {
    let names: Vec<String> = (1..=n).map(|d| format!("sgpmetE13.b1.2019010{d}.000000.cdf")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    read_many(&refs)
}

/// The tick labels of the time axis: texts that look like `HH:MM` or `Mon DD`.
fn time_labels(svg: &str) -> Vec<String> {
    svg_texts(svg)
        .into_iter()
        .filter(|t| {
            let b = t.as_bytes();
            (b.len() == 5 && b[2] == b':') || (b.len() == 6 && b[3] == b' ' && b[0].is_ascii_uppercase())
        })
        .collect()
}

#[test]
fn two_and_three_day_axes_name_their_days_and_years() {
    for (n, last) in [(2, "2019-01-02"), (3, "2019-01-03")] {
        let ds = met_days(n);
        let svg = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean"))).unwrap();
        let labels = time_labels(&svg);
        for d in 2..=n {
            let date = format!("Jan 0{d}");
            assert!(labels.contains(&date), "{n} days: {date} missing from {labels:?}");
        }
        assert!(
            labels.iter().any(|l| l.contains(':')),
            "{n} days: hours too: {labels:?}"
        );
        assert!(
            has_text(&svg, &format!("Time [UTC], 2019-01-01 to {last}")),
            "{n} days: the axis description carries the dates with the year"
        );
        assert!(
            has_text(
                &svg,
                &format!("sgpmetE13.b1 temp_mean from 20190101 to {}", last.replace('-', ""))
            ),
            "{n} days: title gives the date range"
        );
    }
}

#[test]
fn four_day_axis_repeats_no_date() {
    let ds = met_days(4);
    let svg = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean"))).unwrap();
    let dates: Vec<String> = time_labels(&svg).into_iter().filter(|l| !l.contains(':')).collect();
    let mut unique = dates.clone();
    unique.sort();
    unique.dedup();
    assert!(dates.len() >= 3, "{dates:?}");
    assert_eq!(unique.len(), dates.len(), "repeated dates: {dates:?}");
}

#[test]
fn one_day_keeps_hours_and_shows_its_date_with_the_year() {
    let ds = met_days(1);
    let svg = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean"))).unwrap();
    assert!(has_text(&svg, "Time [UTC], 2019-01-01"));
    assert!(has_text(&svg, "sgpmetE13.b1 temp_mean on 20190101"));
    assert!(time_labels(&svg).iter().all(|l| l.contains(':')));
}

#[test]
fn sounding_and_wind_displays_carry_datastream_and_date() {
    let sonde = read_many(&["sgpsondewnpnC1.b1.20190101.053200.cdf"]);
    // The launch is the sonde's first time: 2019-01-01 05:32 (the file name's start time).
    let svg = render_svg(&SkewT::new(&sonde, "pres", "tdry", "dp", "wspd", "deg")).unwrap();
    assert!(
        has_text(&svg, "sgpsondewnpnC1.b1 skew-T log-p, launch 2019-01-01 05:32 UTC"),
        "{:?}",
        svg_texts(&svg).first()
    );
    let svg = render_svg(&Hodograph::new(&sonde, "wspd", "deg")).unwrap();
    assert!(has_text(&svg, "sgpsondewnpnC1.b1 hodograph, 2019-01-01 05:32 UTC"));
    let met = met_days(2);
    let svg = render_svg(&WindRose::new(&met, "wdir_vec_mean", "wspd_vec_mean")).unwrap();
    assert!(
        has_text(
            &svg,
            "sgpmetE13.b1 wind rose of wdir_vec_mean and wspd_vec_mean from 20190101 to 20190102"
        ),
        "{:?}",
        svg_texts(&svg)
    );
}

/// Ticks of a 5-minute span: `%H:%M:%S` by default; with the panel's `act_compat` ACT's
/// `%H:%M` (ACT 2.3.4's `TimeSeriesDisplay(ds.isel(time=slice(600, 606))).plot('temp_mean')`
/// labels its ticks 10:00, 10:01, …, 10:05).
#[test]
fn short_span_ticks_act_compat() {
    let mut ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    ds = ds.isel_range("time", 600..606).unwrap();
    let plain = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean"))).unwrap();
    assert!(has_text(&plain, "10:01:00"), "{:?}", svg_texts(&plain));
    let act = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").act_compat(true))).unwrap();
    let texts = svg_texts(&act);
    assert!(has_text(&act, "10:01") && has_text(&act, "10:05"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.starts_with("10:0") && t.len() == 8),
        "{texts:?}"
    );
}

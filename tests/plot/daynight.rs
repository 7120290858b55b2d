//! Day/night background at a known sunrise (ACT oracle utils_solar.json).

use crate::{dist, read_many, save_bytes, secs};
use atmokit_plot::{Panel, TimeSeriesDisplay, render_rgb};

#[test]
fn background_turns_from_grey_to_yellow_at_the_oracle_sunrise() {
    let ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").day_night(true))
        .with_size(1200, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let sun = atmokit_tests::expected("utils_solar");
    let rise = secs(
        sun["get_sunrise_sunset_noon"]["sgp_20190101"]["sunrise"][0]
            .as_str()
            .unwrap(),
    );
    let set = secs(
        sun["get_sunrise_sunset_noon"]["sgp_20190101"]["sunset"][0]
            .as_str()
            .unwrap(),
    );
    // Sample a row near the bottom of the plot (below the temperature trace).
    let y = g.y.0 + (g.y.1 - g.y.0) * 0.02;
    let colour = |t: f64| {
        let (px, py) = g.to_pixel(t, y);
        img.pixel(px as u32, py as u32).unwrap()
    };
    let night = [217, 217, 217];
    let day = [255, 255, 204];
    assert!(
        dist(colour(rise - 600.0), night) < 4,
        "10 min before sunrise is night: {:?}",
        colour(rise - 600.0)
    );
    assert!(
        dist(colour(rise + 600.0), day) < 4,
        "10 min after sunrise is day: {:?}",
        colour(rise + 600.0)
    );
    assert!(dist(colour(set - 600.0), day) < 4, "before sunset is day");
    assert!(
        dist(colour(6.0 * 3600.0 + rise - 13.7 * 3600.0), night) < 4,
        "early morning night"
    );
    let _ = set;
    save_bytes(&fig, "met_temp_day_night.png");
}

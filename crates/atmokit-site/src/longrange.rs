//! Long-range panels: one SVG per variable over the whole period, the daily minimum–maximum as
//! a band with the daily mean as a line, and under it the fraction of the day's samples flagged
//! Bad/Suspect as bars (0–100 %). Days without data leave a gap.

use crate::html::{escape, num};
use std::fmt::Write as _;

/// One day of a variable: position (days from the first day), and its min, mean, max and
/// flagged fraction when the day had data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayPoint {
    /// Days since the first day of the period.
    pub day: i64,
    /// Daily (min, mean, max) of the valid values.
    pub range: Option<(f64, f64, f64)>,
    /// Fraction flagged Bad/Suspect (`None` without QC).
    pub flagged: Option<f64>,
}

const W: f64 = 900.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 24.0;
const MID: f64 = 180.0;
const BAR_TOP: f64 = 196.0;
const BAR_BOTTOM: f64 = 246.0;
const H: f64 = 270.0;

/// The SVG of one variable over `n_days` days starting at `first` (`YYYY-MM-DD`, for the axis).
pub fn panel_svg(title: &str, units: &str, first: &str, last: &str, n_days: i64, points: &[DayPoint]) -> String {
    let n = n_days.max(1) as f64;
    let dx = (W - LEFT - RIGHT) / n;
    let x = |d: i64| LEFT + (d as f64 + 0.5) * dx;
    let (lo, hi) = points
        .iter()
        .filter_map(|p| p.range)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (mn, _, mx)| {
            (a.min(mn), b.max(mx))
        });
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        if hi > lo { (lo, hi) } else { (lo - 1.0, hi + 1.0) }
    } else {
        (0.0, 1.0)
    };
    let y = |v: f64| MID - (v - lo) / (hi - lo) * (MID - TOP);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"11\">\
         <rect width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>\
         <text x=\"{LEFT}\" y=\"15\" font-size=\"13\">{} ({}): daily min–max, mean</text>",
        escape(title),
        escape(if units.is_empty() { "no units" } else { units })
    );
    // Frame and y labels.
    let _ = write!(
        s,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{MID}\" text-anchor=\"end\">{}</text>",
        W - LEFT - RIGHT,
        MID - TOP,
        LEFT - 4.0,
        TOP + 9.0,
        num(Some(hi)),
        LEFT - 4.0,
        num(Some(lo))
    );
    // Band (one vertical bar per day) and the mean line broken at missing days.
    let bw = dx.max(1.0);
    let mut path = String::new();
    let mut prev: Option<i64> = None;
    for p in points {
        if let Some((mn, mean, mx)) = p.range {
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.2}\" height=\"{:.1}\" fill=\"#9ecae1\"/>",
                x(p.day) - bw / 2.0,
                y(mx),
                (y(mn) - y(mx)).max(0.5)
            );
            let cmd = if prev == Some(p.day - 1) { 'L' } else { 'M' };
            let _ = write!(path, "{cmd}{:.1} {:.1}", x(p.day), y(mean));
            prev = Some(p.day);
        }
    }
    if !path.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{path}\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.2\"/>"
        );
    }
    // Flagged fraction bars.
    let _ = write!(
        s,
        "<rect x=\"{LEFT}\" y=\"{BAR_TOP}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">100 %</text><text x=\"{}\" y=\"{BAR_BOTTOM}\" text-anchor=\"end\">0 %</text>\
         <text x=\"{LEFT}\" y=\"{}\">flagged Bad/Suspect (fraction of the day's samples)</text>",
        W - LEFT - RIGHT,
        BAR_BOTTOM - BAR_TOP,
        LEFT - 4.0,
        BAR_TOP + 9.0,
        LEFT - 4.0,
        BAR_TOP - 3.0
    );
    for p in points {
        if let Some(f) = p.flagged.filter(|f| *f > 0.0) {
            let h = (f.min(1.0) * (BAR_BOTTOM - BAR_TOP)).max(1.0);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.2}\" height=\"{h:.1}\" fill=\"#d73027\"/>",
                x(p.day) - bw / 2.0,
                BAR_BOTTOM - h
            );
        }
    }
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
        H - 8.0,
        escape(first),
        W - RIGHT,
        H - 8.0,
        escape(last)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_gaps_where_the_days_are() {
        let pts = [
            DayPoint {
                day: 0,
                range: Some((0.0, 5.0, 10.0)),
                flagged: Some(0.5),
            },
            DayPoint {
                day: 2,
                range: Some((2.0, 3.0, 4.0)),
                flagged: Some(0.0),
            },
        ];
        let svg = panel_svg("t<", "degC", "2019-01-01", "2019-01-03", 3, &pts);
        assert!(svg.contains("t&lt; (degC)"));
        // Day 2 does not follow day 0: the mean line starts again (two M commands).
        assert_eq!(svg.matches("M").count(), 2, "{svg}");
        // One flagged bar of half the bar height (50 px × 0.5 = 25 px).
        assert_eq!(svg.matches("fill=\"#d73027\"").count(), 1);
        assert!(svg.contains("height=\"25.0\" fill=\"#d73027\""));
        // The y range is the data's: 10 at the top, 0 at the bottom.
        assert!(svg.contains(">10.00</text>") && svg.contains(">0</text>"), "{svg}");
    }
}

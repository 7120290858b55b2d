//! Number formatting for value axes: as few decimals as the axis span needs, scientific notation
//! for very large or very small magnitudes.

/// Format a tick value `v` on an axis spanning `span` (same units).
pub fn format_number(v: f64, span: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let mag = v.abs().max(span.abs());
    if mag != 0.0 && !(1e-3..1e6).contains(&mag) {
        return format!("{v:.1e}");
    }
    let step = span.abs() / 5.0;
    let mut decimals = if step >= 1.0 || step == 0.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    // Nice ticks such as 0.25 need one more digit than the span suggests.
    while decimals < 6 {
        let p = 10f64.powi(decimals as i32);
        if ((v * p).round() / p - v).abs() <= span.abs() * 1e-3 {
            break;
        }
        decimals += 1;
    }
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// "Nice" tick positions (steps of 1, 2, 2.5 or 5 × 10^k) inside [lo, hi], at most `max` of them.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return if lo.is_finite() { vec![lo] } else { Vec::new() };
    }
    let max = max.max(2) as f64;
    let raw = (hi - lo) / max;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| (hi - lo) / s <= max)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{format_number, nice_ticks};

    #[test]
    fn nice_ticks_are_round() {
        assert_eq!(nice_ticks(-3.2, 9.7, 6), vec![-2.5, 0.0, 2.5, 5.0, 7.5]);
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(nice_ticks(5.0, 5.0, 4), vec![5.0]);
    }

    #[test]
    fn decimals_follow_the_span() {
        assert_eq!(format_number(12.0, 30.0), "12");
        assert_eq!(format_number(0.25, 1.0), "0.25");
        assert_eq!(format_number(1013.2, 4.0), "1013.2");
        assert_eq!(format_number(-0.0001, 1.0), "0.0", "no negative zero");
        assert_eq!(format_number(2.5e7, 1e7), "2.5e7");
    }
}

//! Data-availability calendars: one table per month, one cell per day, coloured by the day's
//! valid fraction, with a second view (radio buttons, no script) coloured by the fraction
//! flagged Bad/Suspect. A cell links to the day's page.

use crate::html::{escape, flagged_class, href, pct, valid_class};
use crate::manifest::DayEntry;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The date of a `YYYYMMDD` string.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// Longest span (in months) drawn whole; beyond it only the months holding a day are drawn, so a
/// stray file dated decades away cannot blow a page up to thousands of empty months.
pub const MAX_SPAN_MONTHS: usize = 60;

/// `(year, month)` of every month from the first to the last dated day, in order (only the
/// months holding a day when the span is over [`MAX_SPAN_MONTHS`]).
pub fn months_spanned<'a>(dates: impl Iterator<Item = &'a str>) -> Vec<(i32, u32)> {
    let parsed: Vec<NaiveDate> = dates.filter_map(parse_date).collect();
    let (Some(lo), Some(hi)) = (parsed.iter().min(), parsed.iter().max()) else {
        return Vec::new();
    };
    let span = (hi.year() - lo.year()) as i64 * 12 + hi.month() as i64 - lo.month() as i64 + 1;
    if span > MAX_SPAN_MONTHS as i64 {
        let mut held: Vec<(i32, u32)> = parsed.iter().map(|d| (d.year(), d.month())).collect();
        held.sort_unstable();
        held.dedup();
        return held;
    }
    let mut out = Vec::new();
    let (mut y, mut m) = (lo.year(), lo.month());
    while (y, m) <= (hi.year(), hi.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The tooltip and classes of one day's cell: (valid class, flagged class, title).
pub fn cell_look(e: &DayEntry) -> (&'static str, &'static str, String) {
    match &e.stats {
        Some(s) if !e.failed => {
            let title = format!(
                "{}: valid {}, flagged {}{}",
                e.date,
                pct(Some(s.valid_fraction())),
                pct(s.flagged_fraction()),
                if e.problems.is_empty() {
                    ""
                } else {
                    " (problems: see the day page)"
                }
            );
            (
                valid_class(s.valid_fraction()),
                flagged_class(s.flagged_fraction()),
                title,
            )
        }
        _ => ("err", "err", format!("{}: could not be read", e.date)),
    }
}

/// One month's table. `days` maps `YYYYMMDD` to the day; `link` gives a day's page from the
/// current page.
pub fn month_table(
    year: i32,
    month: u32,
    days: &BTreeMap<&str, &DayEntry>,
    link: &dyn Fn(&DayEntry) -> String,
) -> String {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return String::new();
    };
    let mut html = format!(
        "<table class=\"cal\"><caption>{year}-{month:02}</caption><tr><th>Mo</th><th>Tu</th><th>We</th><th>Th</th><th>Fr</th><th>Sa</th><th>Su</th></tr><tr>"
    );
    let lead = first.weekday().num_days_from_monday();
    for _ in 0..lead {
        html.push_str("<td></td>");
    }
    let mut col = lead;
    let mut d = first;
    while d.month() == month {
        if col == 7 {
            html.push_str("</tr><tr>");
            col = 0;
        }
        let key = d.format("%Y%m%d").to_string();
        match days.get(key.as_str()) {
            Some(e) => {
                let (vc, fc, title) = cell_look(e);
                let _ = write!(
                    html,
                    "<td class=\"{vc}\" data-f><a class=\"{fc}\" href=\"{}\" title=\"{}\">{}</a></td>",
                    href(&link(e)),
                    escape(&title),
                    d.day()
                );
            }
            None => {
                let _ = write!(html, "<td class=\"a0\" title=\"{key}: no file\">{}</td>", d.day());
            }
        }
        col += 1;
        d = match d.succ_opt() {
            Some(n) => n,
            None => break,
        };
    }
    html.push_str("</tr></table>");
    html
}

/// Calendars of the given months with the two views (valid / flagged) and the legends.
pub fn calendars(
    months: &[(i32, u32)],
    days: &BTreeMap<&str, &DayEntry>,
    link: &dyn Fn(&DayEntry) -> String,
) -> String {
    let mut html = String::from(
        "<input type=\"radio\" name=\"view\" id=\"view-valid\" checked><label for=\"view-valid\">valid samples</label> \
         <input type=\"radio\" name=\"view\" id=\"view-flagged\"><label for=\"view-flagged\">flagged Bad/Suspect</label>\n<div>\n",
    );
    html.push_str(crate::html::legends());
    html.push_str("<div class=\"months\">");
    for &(y, m) in months {
        html.push_str(&month_table(y, m, days, link));
        html.push('\n');
    }
    html.push_str("</div></div>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::DayStats;

    fn entry(date: &str, failed: bool) -> DayEntry {
        DayEntry {
            datastream: "x".into(),
            date: date.into(),
            dir: format!("x/{date}"),
            files: vec![],
            stats: (!failed).then(|| DayStats {
                records: 10,
                expected: 10,
                vars: vec![],
            }),
            pages: vec![],
            problems: vec![],
            failed,
            neighbours: (None, None),
        }
    }

    #[test]
    fn month_has_one_cell_per_day_starting_on_the_right_weekday() {
        let a = entry("20190101", false);
        let b = entry("20190102", true);
        let days: BTreeMap<&str, &DayEntry> = [("20190101", &a), ("20190102", &b)].into_iter().collect();
        let html = month_table(2019, 1, &days, &|e| format!("{}/index.html", e.date));
        // 2019-01-01 was a Tuesday: one empty cell first.
        assert!(
            html.contains("<tr><td></td><td class=\"a0\" data-f><a class=\"f0\" href=\"20190101/index.html\""),
            "{html}"
        );
        assert!(html.contains("class=\"err\" data-f><a class=\"err\" href=\"20190102/index.html\""));
        assert_eq!(html.matches("</td>").count(), 31 + 1);
        assert_eq!(
            months_spanned(["20181215", "20190203", "bad"].into_iter()),
            vec![(2018, 12), (2019, 1), (2019, 2)]
        );
        assert_eq!(parse_date("20190230"), None);
        // A stray day decades away: only the months holding a day.
        assert_eq!(
            months_spanned(["20190105", "19700101"].into_iter()),
            vec![(1970, 1), (2019, 1)]
        );
    }
}

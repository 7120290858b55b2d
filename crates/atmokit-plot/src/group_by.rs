//! ACT's `Display.group_by(units)` + `DisplayGroupby.plot_group('plot', ...)`: one time-series
//! subplot per calendar period (year, month, day or hour) of the data, wrapped into a grid of
//! columns, each with that period's time range and its date in the title.
//!
//! ACT groups with xarray's `time.<units>` component (so `'day'` puts the 1st of January and
//! the 1st of February in one group and overlays years); atmokit groups by calendar period
//! (`Day` = one UTC date), so a subplot never spans two months. Periods without data are
//! skipped, as ACT skips them.

use crate::error::{PlotError, Result};
use crate::extract::{datastream, finite_range, padded, times_s};
use crate::figure::Figure;
use crate::panel::{Panel, PanelKind};
use crate::timeseries::TimeSeriesDisplay;
use atmokit_core::Dataset;
use chrono::{DateTime, Datelike, Timelike, Utc};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most subplots one grouped figure draws (a year of hours would be 8760 tiny panels).
pub const MAX_GROUPS: usize = 400;

/// The calendar period of each subplot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One subplot per UTC year.
    Year,
    /// One subplot per UTC month.
    Month,
    /// One subplot per UTC date.
    Day,
    /// One subplot per UTC hour.
    Hour,
}

impl GroupBy {
    /// Parse `year`, `month`, `day` or `hour` (ACT's `units`); the error lists them.
    pub fn parse(text: &str) -> Result<GroupBy> {
        Ok(match text.trim().to_ascii_lowercase().as_str() {
            "year" => GroupBy::Year,
            "month" => GroupBy::Month,
            "day" => GroupBy::Day,
            "hour" => GroupBy::Hour,
            _ => {
                return Err(PlotError::input(format!(
                    "group by '{text}': expected year, month, day or hour"
                )));
            }
        })
    }

    /// The period's key (sortable) and its label in titles (`2019`, `2019-01`, `2019-01-01`,
    /// `2019-01-01 13:00`) for a time in seconds since 1970; `None` for times chrono cannot
    /// represent.
    pub fn key(self, t: f64) -> Option<(i64, String)> {
        let d = DateTime::<Utc>::from_timestamp(t.floor() as i64, 0)?;
        let (y, m) = (i64::from(d.year()), i64::from(d.month()));
        let day = d.timestamp().div_euclid(86_400);
        Some(match self {
            GroupBy::Year => (y, format!("{y:04}")),
            GroupBy::Month => (y * 12 + m, format!("{y:04}-{m:02}")),
            GroupBy::Day => (day, d.format("%Y-%m-%d").to_string()),
            GroupBy::Hour => (day * 24 + i64::from(d.hour()), d.format("%Y-%m-%d %H:00").to_string()),
        })
    }
}

/// One group: its label and the first and last time (seconds) of its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Title label of the period (see [`GroupBy::key`]).
    pub label: String,
    /// First and last sample time in seconds since 1970.
    pub span: (f64, f64),
}

/// The non-empty groups of the times `t` (seconds; NaN = missing), in time order.
///
/// ```
/// use atmokit_plot::group_by::{GroupBy, groups};
/// let t = [0.0, 3600.0, 86_400.0 + 60.0, f64::NAN];
/// let g = groups(&t, GroupBy::Day);
/// assert_eq!(g.len(), 2);
/// assert_eq!(g[1].label, "1970-01-02");
/// assert_eq!(g[0].span, (0.0, 3600.0));
/// ```
pub fn groups(t: &[f64], by: GroupBy) -> Vec<Group> {
    let mut map: std::collections::BTreeMap<i64, Group> = std::collections::BTreeMap::new();
    for &s in t.iter().filter(|s| s.is_finite()) {
        if let Some((k, label)) = by.key(s) {
            map.entry(k)
                .and_modify(|g| g.span = (g.span.0.min(s), g.span.1.max(s)))
                .or_insert(Group { label, span: (s, s) });
        }
    }
    map.into_values().collect()
}

/// A grid of time-series subplots of one panel definition, one per [`GroupBy`] period.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_plot::group_by::{GroupBy, GroupedDisplay};
/// use atmokit_plot::{Panel, render_svg};
/// let mut ds = Dataset::new();
/// let day = 86_400_000_000_000i64;
/// ds.insert("time", Variable::time("time", vec![0, 3_600_000_000_000, day, day + 60_000_000_000]))?;
/// ds.insert("t", Variable::new(["time"], vec![1.0f32, 2.0, 3.0, 4.0])?)?;
/// let fig = GroupedDisplay::new(&ds, Panel::new("t"), GroupBy::Day)?.columns(2);
/// let svg = render_svg(&fig)?;
/// assert!(svg.contains("t on 1970-01-01") && svg.contains("t on 1970-01-02"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct GroupedDisplay<'a> {
    ds: &'a Dataset,
    panel: Panel,
    groups: Vec<Group>,
    columns: usize,
    width: u32,
    cell_height: u32,
    share: bool,
}

impl<'a> GroupedDisplay<'a> {
    /// Group the times of `panel.field`'s first dimension by `by`. Errors when the field has no
    /// time coordinate, when every time is missing, or when there are more than
    /// [`MAX_GROUPS`] groups.
    pub fn new(ds: &'a Dataset, panel: Panel, by: GroupBy) -> Result<Self> {
        let t = times_s(ds, &panel.field)?;
        let groups = groups(&t, by);
        if groups.is_empty() {
            return Err(PlotError::input(format!(
                "'{}': no valid times to group by {by:?}",
                panel.field
            )));
        }
        if groups.len() > MAX_GROUPS {
            return Err(PlotError::input(format!(
                "'{}': {} groups by {by:?}, more than {MAX_GROUPS}; group by a longer period",
                panel.field,
                groups.len()
            )));
        }
        Ok(GroupedDisplay {
            ds,
            panel,
            groups,
            columns: 1,
            width: 1000,
            cell_height: 300,
            share: false,
        })
    }

    /// Number of subplot columns (at least 1; default 1, ACT's `subplot_shape=(n,)`).
    pub fn columns(mut self, n: usize) -> Self {
        self.columns = n.max(1);
        self
    }

    /// Figure width and the height of each grid row in pixels.
    pub fn with_size(mut self, width: u32, cell_height: u32) -> Self {
        self.width = width;
        self.cell_height = cell_height;
        self
    }

    /// Give every subplot the same value-axis range (lines: the union of the data ranges plus
    /// 5 %, as `match_axes_ylimits`) and colour range (meshes: the whole field's default
    /// range), so groups compare at a glance. A panel's own `yrange` / `vrange` win.
    pub fn share_limits(mut self, on: bool) -> Self {
        self.share = on;
        self
    }

    /// The groups drawn, in order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    fn rows(&self) -> usize {
        self.groups.len().div_ceil(self.columns)
    }

    /// The panel of each group, with its title and the shared limits applied.
    fn group_panel(&self, g: &Group) -> Result<Panel> {
        let mut p = self.panel.clone();
        let d = datastream(self.ds);
        let head = if d.is_empty() {
            p.field.clone()
        } else {
            format!("{d} {}", p.field)
        };
        p.title = Some(match &self.panel.title {
            Some(t) => format!("{t} {}", g.label),
            None => format!("{head} on {}", g.label),
        });
        if self.share {
            let is_2d = self.ds.get(&p.field)?.dims().len() == 2;
            if is_2d && p.vrange.is_none() && matches!(p.kind, PanelKind::Auto | PanelKind::Mesh) {
                p.vrange = Some(crate::mesh_panel::default_vrange_with(
                    self.ds,
                    &p.field,
                    p.log_scale,
                    p.act_compat,
                )?);
            } else if !is_2d && p.yrange.is_none() {
                let mut all = Vec::new();
                for f in std::iter::once(&p.field).chain(&p.also) {
                    all.extend(self.ds.values_f64(f)?);
                }
                p.yrange = finite_range(all).map(|r| padded(r, 0.05));
            }
        }
        Ok(p)
    }
}

impl Figure for GroupedDisplay<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = u32::try_from(self.rows()).unwrap_or(u32::MAX);
        (self.width, self.cell_height.saturating_mul(rows))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let areas = root.split_evenly((self.rows(), self.columns));
        for (g, area) in self.groups.iter().zip(&areas) {
            let (w, h) = area.dim_in_pixel();
            let (t0, t1) = if g.span.1 > g.span.0 {
                g.span
            } else {
                (g.span.0 - 30.0, g.span.1 + 30.0)
            };
            // Only the group's samples, so that lines do not run to the neighbouring groups
            // (±1 µs absorbs the seconds → ns round trip; samples are further apart).
            let sub = self.ds.sel_time(
                (g.span.0 * 1e9).round() as i64 - 1000,
                (g.span.1 * 1e9).round() as i64 + 1000,
            )?;
            let fig = TimeSeriesDisplay::new(&sub)
                .with_size(w, h)
                .xrange_ns((t0 * 1e9) as i64, (t1 * 1e9) as i64)
                .panel(self.group_panel(g)?);
            fig.draw(area)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    const DAY: i64 = 86_400_000_000_000;

    fn ds(times: Vec<i64>, values: Vec<f32>) -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", times)).unwrap();
        ds.insert("x", Variable::new(["time"], values).unwrap().with_attr("units", "K"))
            .unwrap();
        ds.attrs_mut().insert("datastream".into(), "sgpmetE13.b1".into());
        ds
    }

    #[test]
    fn keys_of_each_period() {
        // 2019-01-31 23:30 UTC
        let t = 1_548_977_400.0;
        assert_eq!(GroupBy::Year.key(t).unwrap().1, "2019");
        assert_eq!(GroupBy::Month.key(t).unwrap().1, "2019-01");
        assert_eq!(GroupBy::Day.key(t).unwrap().1, "2019-01-31");
        assert_eq!(GroupBy::Hour.key(t).unwrap().1, "2019-01-31 23:00");
        // Half an hour later is the next month and the next day.
        assert_eq!(GroupBy::Month.key(t + 1800.0).unwrap().1, "2019-02");
        assert!(
            GroupBy::parse("week")
                .unwrap_err()
                .to_string()
                .contains("year, month, day or hour")
        );
        assert_eq!(GroupBy::parse(" Hour").unwrap(), GroupBy::Hour);
    }

    #[test]
    fn one_titled_subplot_per_nonempty_day_in_a_grid() {
        // Days 0, 1 and 3 (day 2 empty), three samples each.
        let t: Vec<i64> = [0i64, 1, 3]
            .iter()
            .flat_map(|d| (0..3).map(move |i| d * DAY + i * 3_600_000_000_000))
            .collect();
        let v: Vec<f32> = (0..9).map(|i| i as f32).collect();
        let d = ds(t, v);
        let fig = GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Day)
            .unwrap()
            .columns(2);
        assert_eq!(fig.groups().len(), 3);
        assert_eq!(fig.size(), (1000, 600));
        let svg = render_svg(&fig).unwrap();
        for day in ["1970-01-01", "1970-01-02", "1970-01-04"] {
            assert!(svg.contains(&format!("sgpmetE13.b1 x on {day}")), "{day}");
            assert!(svg.contains(&format!("Time [UTC], {day}")), "{day}");
        }
        assert!(!svg.contains("1970-01-03"));
        assert_eq!(svg.matches("x (K)").count(), 3);
    }

    #[test]
    fn shared_limits_use_the_whole_range() {
        let d = ds(vec![0, DAY], vec![0.0, 10.0]);
        let g = GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Day)
            .unwrap()
            .share_limits(true);
        let p = g.group_panel(&g.groups()[0]).unwrap();
        assert_eq!(p.yrange, Some((-0.5, 10.5)));
        assert_eq!(p.title.as_deref(), Some("sgpmetE13.b1 x on 1970-01-01"));
    }

    #[test]
    fn no_times_or_too_many_groups_are_clear_errors() {
        let d = ds(vec![atmokit_core::NAT; 2], vec![1.0, 2.0]);
        let e = GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Day)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'x'") && e.contains("no valid times"), "{e}");
        let d = ds(vec![], vec![]);
        assert!(GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Day).is_err());
        let t: Vec<i64> = (0..500).map(|i| i * 3_600_000_000_000).collect();
        let d = ds(t, vec![1.0; 500]);
        let e = GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Hour)
            .unwrap_err()
            .to_string();
        assert!(e.contains("500 groups"), "{e}");
        // All-NaN values still draw labelled panels.
        let d = ds(vec![0, DAY], vec![f32::NAN; 2]);
        let fig = GroupedDisplay::new(&d, Panel::new("x"), GroupBy::Day).unwrap();
        assert!(render_rgb(&fig).is_ok());
    }
}

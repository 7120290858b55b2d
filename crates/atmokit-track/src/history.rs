//! Merge and split history of tracked objects.
//!
//! A 3-D object is a set of *parts*: its connected pieces in each time slice (spatial part of
//! the connectivity, periodic in longitude). Part `q` at step `t−1` *feeds* part `p` at step `t`
//! when a cell of `p` and a cell of `q` are neighbours under the 3-D connectivity. At step `t`
//! a **merge** is a part fed by two or more parts of `t−1`; a **split** is a part of `t−1`
//! feeding two or more parts of `t`. Ocetrac gives the same objects but no such history.

use crate::grid::Grid;
use crate::label::{Connectivity, label};
use crate::stats::{centroid, centroid_terms};
use ndarray::Array3;
use std::collections::BTreeSet;

/// Merge or split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// Two or more parts joined.
    Merge,
    /// A part came apart into two or more.
    Split,
}

impl EventKind {
    /// `"merge"` or `"split"`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Merge => "merge",
            EventKind::Split => "split",
        }
    }
}

/// A connected piece of an object at one time step.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Part id, unique over the cube, in time order (1-based).
    pub id: usize,
    /// Time index.
    pub time_index: usize,
    /// Number of cells.
    pub n_cells: usize,
    /// Area-weighted centroid latitude, degrees north.
    pub centroid_lat: f64,
    /// Area-weighted centroid longitude, degrees east.
    pub centroid_lon: f64,
}

/// One merge or split.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Merge or split.
    pub kind: EventKind,
    /// The object (label) it happens in.
    pub object: i32,
    /// Time index of the step after the event (where the joined or separated parts are).
    pub time_index: usize,
    /// Parts at `time_index − 1`.
    pub before: Vec<Part>,
    /// Parts at `time_index`.
    pub after: Vec<Part>,
}

/// Find the merges and splits in `labels` (time, lat, lon; 0 = background), in time order.
pub fn merge_split_history(labels: &Array3<i32>, grid: &Grid, conn: Connectivity) -> Vec<Event> {
    let (nt, ny, nx) = labels.dim();
    let mask = labels.mapv(|l| l > 0);
    let (parts, n) = label(&mask, conn, grid.periodic, false);
    let area = grid.cell_areas_km2();
    // Part summaries.
    let mut acc = vec![(0usize, 0usize, 0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64, 0i32); n];
    for ((t, y, x), &p) in parts.indexed_iter() {
        if p > 0 {
            let a = &mut acc[p as usize - 1];
            let w = area[[y, x]];
            let (lat, lon) = (grid.lat_at(y, x), grid.lon_at(y, x));
            let (ca, cs, cc) = centroid_terms(grid, lat, lon);
            a.0 = t;
            a.1 += 1;
            a.2 += w;
            a.3 += w * ca;
            a.4 += w * cs;
            a.5 += w * cc;
            a.6 += w * lon;
            a.7 = labels[[t, y, x]];
        }
    }
    let part = |id: usize| {
        let a = acc[id - 1];
        let (lat, lon) = centroid(a.2, a.3, a.4, a.5, a.6, grid);
        Part {
            id,
            time_index: a.0,
            n_cells: a.1,
            centroid_lat: lat,
            centroid_lon: lon,
        }
    };
    let offsets: Vec<(isize, isize)> = (-1..=1)
        .flat_map(|dy| (-1..=1).map(move |dx| (dy, dx)))
        .filter(|&(dy, dx)| conn.connects(-1, dy, dx))
        .collect();
    let mut events = Vec::new();
    for t in 1..nt {
        let mut links = BTreeSet::new(); // (before, after)
        for y in 0..ny {
            for x in 0..nx {
                let p = parts[[t, y, x]];
                if p == 0 {
                    continue;
                }
                for &(dy, dx) in &offsets {
                    let yy = y as isize + dy;
                    let mut xx = x as isize + dx;
                    if yy < 0 || yy >= ny as isize {
                        continue;
                    }
                    if xx < 0 || xx >= nx as isize {
                        if !grid.periodic || nx < 3 {
                            continue;
                        }
                        xx = xx.rem_euclid(nx as isize);
                    }
                    let q = parts[[t - 1, yy as usize, xx as usize]];
                    if q > 0 {
                        links.insert((q as usize, p as usize));
                    }
                }
            }
        }
        let mut merges: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        let mut splits: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for &(q, p) in &links {
            merges.entry(p).or_default().push(q);
            splits.entry(q).or_default().push(p);
        }
        for (q, ps) in splits.into_iter().filter(|(_, v)| v.len() >= 2) {
            events.push(Event {
                kind: EventKind::Split,
                object: acc[q - 1].7,
                time_index: t,
                before: vec![part(q)],
                after: ps.into_iter().map(part).collect(),
            });
        }
        for (p, qs) in merges.into_iter().filter(|(_, v)| v.len() >= 2) {
            events.push(Event {
                kind: EventKind::Merge,
                object: acc[p - 1].7,
                time_index: t,
                before: qs.into_iter().map(part).collect(),
                after: vec![part(p)],
            });
        }
    }
    events
}

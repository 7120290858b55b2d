//! Linking objects through time by overlap: Ocetrac's `method="temporal_neighbor"`.
//!
//! Ocetrac 0.1.7's documentation describes the method as: label each 2-D frame on its own, then
//! link a blob at step `t` to a blob at step `t + 1` only when they *spatially overlap* — they
//! share at least one grid cell — and, with a containment threshold `c`,
//! `max(|A∩B| / |A|, |A∩B| / |B|) ≥ c` (`c = 0`: any overlap links). A gap of even one time step
//! starts a new event. Unlike the 3-D labelling ([`crate::label::label`]), a blob that only
//! touches the next step's blob diagonally or side by side is not linked, and a fast object that
//! moves by more than its own size per step breaks into several events.
//!
//! Implemented here from that description: frames are labelled with the spatial part of the
//! connectivity (8 neighbours for [`Connectivity::Full`], as scikit-image's default in 2-D),
//! periodic in longitude when asked; overlapping pairs of consecutive frames are counted cell by
//! cell and joined with union-find; labels are renumbered `1..=n` by first appearance.

use crate::label::{Connectivity, label};
use atmokit_core::{Error, Result};
use ndarray::Array3;
use std::collections::HashMap;

/// How blobs of consecutive steps are joined into one object.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Linking {
    /// Connected components of the (time, lat, lon) volume under the connectivity (Ocetrac's
    /// default `method="3d"`).
    #[default]
    Volume,
    /// Overlap of consecutive frames (Ocetrac's `method="temporal_neighbor"`) with this
    /// containment threshold in 0–1 (Ocetrac's `contain_thresh`, default 0).
    TemporalNeighbor(f64),
}

impl Linking {
    /// Parse `3d` or `temporal_neighbor` (Ocetrac's `method` names) with containment `contain`.
    pub fn parse(method: &str, contain: f64) -> Option<Linking> {
        match method {
            "3d" => Some(Linking::Volume),
            "temporal_neighbor" => Some(Linking::TemporalNeighbor(contain)),
            _ => None,
        }
    }
}

fn find(parent: &mut [usize], mut a: usize) -> usize {
    while parent[a] != a {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    a
}

/// Label `mask` (time, lat, lon) by temporal-neighbour linking with containment threshold
/// `contain` (0–1). Returns the labels (0 = background, `1..=n` by first appearance: time, then
/// row, then column) and `n`. Errors when `contain` is outside 0–1 (naming `contain_thresh`).
pub fn label_temporal_neighbor(
    mask: &Array3<bool>,
    conn: Connectivity,
    periodic: bool,
    contain: f64,
) -> Result<(Array3<i32>, usize)> {
    if !(0.0..=1.0).contains(&contain) {
        return Err(Error::parameter(
            "contain_thresh",
            contain,
            "must lie in 0–1 (--contain-thresh)",
        ));
    }
    let (blobs, nb) = label(mask, conn, periodic, false);
    let (nt, ny, nx) = blobs.dim();
    let mut size = vec![0usize; nb + 1];
    for &b in blobs.iter() {
        size[b as usize] += 1;
    }
    let mut parent: Vec<usize> = (0..=nb).collect();
    for t in 1..nt {
        let mut shared: HashMap<(i32, i32), usize> = HashMap::new();
        for y in 0..ny {
            for x in 0..nx {
                let (a, b) = (blobs[[t - 1, y, x]], blobs[[t, y, x]]);
                if a > 0 && b > 0 {
                    *shared.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        for ((a, b), n) in shared {
            let (a, b) = (a as usize, b as usize);
            let frac = (n as f64 / size[a] as f64).max(n as f64 / size[b] as f64);
            if frac >= contain {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    // Renumber roots by first appearance.
    let mut out = Array3::<i32>::zeros((nt, ny, nx));
    let mut new_id = vec![0i32; nb + 1];
    let mut n = 0;
    for (o, &b) in out.iter_mut().zip(blobs.iter()) {
        if b == 0 {
            continue;
        }
        let r = find(&mut parent, b as usize);
        if new_id[r] == 0 {
            n += 1;
            new_id[r] = n;
        }
        *o = new_id[r];
    }
    Ok((out, n as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(nt: usize, on: &[(usize, usize, usize)]) -> Array3<bool> {
        let mut m = Array3::from_elem((nt, 4, 8), false);
        for &i in on {
            m[i] = true;
        }
        m
    }

    /// A blob moving by one cell per step with overlap stays one event; a blob that jumps
    /// diagonally (touching only at a corner in 3-D) is one object for the 3-D labelling but two
    /// events here; a gap of one step splits an event.
    #[test]
    fn overlap_links_and_touching_does_not() {
        // Object A: columns 0-1 at t0, 1-2 at t1 (overlap at column 1).
        // Object B: (0, 3, 5) at t0 and (1, 2, 6) at t1 — diagonal neighbours only.
        // Object C: (0, 0, 7) at t0 and (2, 0, 7) at t2 — gap.
        let m = cells(
            3,
            &[
                (0, 0, 0),
                (0, 0, 1),
                (1, 0, 1),
                (1, 0, 2),
                (0, 3, 5),
                (1, 2, 6),
                (0, 0, 7),
                (2, 0, 7),
            ],
        );
        let (v, n3) = label(&m, Connectivity::Full, false, true);
        let (l, n) = label_temporal_neighbor(&m, Connectivity::Full, false, 0.0).unwrap();
        // 3-D: A, B (diagonal), C's two pieces = 4 objects; temporal: A, B0, B1, C0, C2 = 5.
        assert_eq!((n3, n), (4, 5));
        assert_eq!(l[[0, 0, 0]], l[[1, 0, 2]]);
        assert_ne!(l[[0, 3, 5]], l[[1, 2, 6]]);
        assert_eq!(v[[0, 3, 5]], v[[1, 2, 6]]);
        assert_ne!(l[[0, 0, 7]], l[[2, 0, 7]]);
        // First appearance: t0 row 0 col 0 → 1, col 7 → 2, row 3 → 3.
        assert_eq!((l[[0, 0, 0]], l[[0, 0, 7]], l[[0, 3, 5]]), (1, 2, 3));
    }

    /// Containment: a 1-cell blob inside a 4-cell blob has max(1/1, 1/4) = 1 and links at any
    /// threshold; two 4-cell blobs sharing 1 cell have max(1/4, 1/4) = 0.25: linked at 0.25,
    /// not at 0.3.
    #[test]
    fn containment_threshold() {
        let m = cells(
            2,
            &[
                (0, 0, 0),
                (0, 0, 1),
                (0, 0, 2),
                (0, 0, 3),
                (1, 0, 3),
                (1, 0, 4),
                (1, 0, 5),
                (1, 0, 6),
            ],
        );
        let n_at = |c| label_temporal_neighbor(&m, Connectivity::Full, false, c).unwrap().1;
        assert_eq!((n_at(0.0), n_at(0.25), n_at(0.3)), (1, 1, 2));
        let m = cells(2, &[(0, 1, 1), (0, 1, 2), (0, 2, 1), (0, 2, 2), (1, 1, 1)]);
        assert_eq!(
            label_temporal_neighbor(&m, Connectivity::Full, false, 1.0).unwrap().1,
            1
        );
        assert!(label_temporal_neighbor(&m, Connectivity::Full, false, 1.5).is_err());
    }

    /// The seam: a blob on the last and first columns is one blob on a periodic grid.
    #[test]
    fn periodic_frames() {
        let m = cells(2, &[(0, 1, 7), (0, 1, 0), (1, 1, 0)]);
        assert_eq!(label_temporal_neighbor(&m, Connectivity::Full, true, 0.0).unwrap().1, 1);
        assert_eq!(
            label_temporal_neighbor(&m, Connectivity::Full, false, 0.0).unwrap().1,
            2
        );
    }
}

//! Outputs of the depth tracker: labels and the event table as a Dataset, the steps as CSV.

use crate::depth::DepthResult;
use atmokit_core::time::format_ns;
use atmokit_core::{Dataset, NAT, Result, Variable};
use std::fmt::Write;

impl DepthResult {
    /// A Dataset with the coordinates of `dims` = (time, depth, lat, lon) names (depth in m; on
    /// a curvilinear grid also `cell_lat`, `cell_lon`, `cell_area`), the variable `labels`
    /// (int32, 0 = no event) with the run's counts as attributes, and the event table on dim
    /// `object`: `object_label`, `start_index`, `end_index`, `duration`, `n_cells`,
    /// `max_volume` (m³), `total_volume` (m³ × steps), `depth_min`, `depth_max` (m).
    pub fn to_dataset(&self, dims: [&str; 4]) -> Result<Dataset> {
        let [td, zd, yd, xd] = dims;
        let g = &self.grid.grid;
        let mut ds = Dataset::new();
        ds.insert(td, Variable::time(td, g.time.clone()))?;
        ds.insert(
            zd,
            Variable::new([zd], self.grid.depth_m.clone())?
                .with_attr("units", "m")
                .with_attr("positive", "down"),
        )?;
        match &g.cells {
            None => {
                ds.insert(
                    yd,
                    Variable::new([yd], g.lat.clone())?.with_attr("units", "degrees_north"),
                )?;
                ds.insert(
                    xd,
                    Variable::new([xd], g.lon.clone())?.with_attr("units", "degrees_east"),
                )?;
            }
            Some(c) => {
                ds.insert(yd, Variable::new([yd], g.lat.clone())?)?;
                ds.insert(xd, Variable::new([xd], g.lon.clone())?)?;
                let v2 = |a: &ndarray::Array2<f64>| Variable::new([yd, xd], a.clone().into_dyn());
                ds.insert("cell_lat", v2(&c.lat)?.with_attr("units", "degrees_north"))?;
                ds.insert("cell_lon", v2(&c.lon)?.with_attr("units", "degrees_east"))?;
                ds.insert("cell_area", v2(&c.area_km2)?.with_attr("units", "km2"))?;
            }
        }
        let o = &self.options;
        let labels = Variable::new([td, zd, yd, xd], self.labels.clone().into_dyn())?
            .with_attr("long_name", "tracked event label")
            .with_attr(
                "comment",
                "0 = no event; per-step objects connected in (depth, lat, lon), linked through time by containment",
            )
            .with_attr("radius", o.radius as i32)
            .with_attr("min_quantile", o.min_size_quantile)
            .with_attr("frac_filter", o.frac_filter)
            .with_attr("contain_thresh", o.contain_thresh)
            .with_attr("alpha", o.alpha)
            .with_attr("connect_z", if o.connect_depth { "true" } else { "false" })
            .with_attr(
                "blobs_2d_before_after_area_filter",
                vec![self.n_blobs.0 as i32, self.n_blobs.1 as i32],
            )
            .with_attr(
                "objects_3d_before_after_volume_filter",
                vec![self.n_step_objects.0 as i32, self.n_step_objects.1 as i32],
            )
            .with_attr("final_events", self.objects.len() as i32)
            .with_attr("periodic_longitude", if g.periodic { "true" } else { "false" });
        ds.insert("labels", labels)?;
        let objs = &self.objects;
        let f = |h: fn(&crate::depth::DepthObject) -> f64| objs.iter().map(h).collect::<Vec<f64>>();
        ds.insert(
            "object_label",
            Variable::new(["object"], objs.iter().map(|s| s.label).collect::<Vec<i32>>())?,
        )?;
        let cols: [(&str, Vec<f64>, &str); 8] = [
            ("start_index", f(|s| s.start_index as f64), "time index"),
            ("end_index", f(|s| s.end_index as f64), "time index"),
            ("duration", f(|s| s.duration_steps as f64), "time steps"),
            ("n_cells", f(|s| s.n_cells as f64), "1"),
            ("max_volume", f(|s| s.max_volume_m3), "m3"),
            ("total_volume", f(|s| s.total_volume_m3), "m3 time_steps"),
            ("depth_min", f(|s| s.depth_min_m), "m"),
            ("depth_max", f(|s| s.depth_max_m), "m"),
        ];
        for (name, vals, units) in cols {
            ds.insert(name, Variable::new(["object"], vals)?.with_attr("units", units))?;
        }
        Ok(ds)
    }

    /// One row per event and time step: `label,time_index,time,n_cells,volume_m3,centroid_lat,
    /// centroid_lon,centroid_depth_m`.
    pub fn steps_csv(&self) -> String {
        let mut s =
            String::from("label,time_index,time,n_cells,volume_m3,centroid_lat,centroid_lon,centroid_depth_m\n");
        for o in &self.objects {
            for p in &o.steps {
                let t = self.grid.grid.time[p.time_index];
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{}",
                    o.label,
                    p.time_index,
                    if t == NAT { String::new() } else { format_ns(t) },
                    p.n_cells,
                    p.volume_m3,
                    p.centroid_lat,
                    p.centroid_lon,
                    p.centroid_depth_m
                );
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use crate::depth::{DepthOptions, track_depth};
    use crate::depth_grid::DepthGrid;
    use crate::grid::Grid;
    use ndarray::Array4;

    #[test]
    fn dataset_and_csv_hold_the_events() {
        let g = Grid::new(
            vec![0, 86_400_000_000_000],
            (0..5).map(f64::from).collect(),
            (0..5).map(f64::from).collect(),
        );
        let dg = DepthGrid::new(g, vec![5.0, 15.0]).unwrap();
        let mut m = Array4::from_elem((2, 2, 5, 5), false);
        for t in 0..2 {
            m[[t, 1, 2, 2]] = true;
            m[[t, 1, 2, 3]] = true;
        }
        let opts = DepthOptions {
            radius: 0,
            min_size_quantile: 0.0,
            frac_filter: 0.0,
            ..Default::default()
        };
        let r = track_depth(m, &dg, None, &opts).unwrap();
        let ds = r.to_dataset(["time", "z", "lat", "lon"]).unwrap();
        assert_eq!(ds.get("labels").unwrap().dims().len(), 4);
        assert_eq!(ds.values_f64("n_cells").unwrap().to_vec(), vec![4.0]);
        assert_eq!(ds.values_f64("depth_min").unwrap()[0], 15.0);
        let csv = r.steps_csv();
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.lines().nth(1).unwrap().starts_with("1,0,1970-01-01"));
    }
}

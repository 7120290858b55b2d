//! Outputs: the labels as a Dataset (with the object table on an `object` dim) and CSV tables.

use crate::pipeline::TrackResult;
use crate::threshold::Threshold;
use atmokit_core::time::format_ns;
use atmokit_core::{AttrValue, Dataset, Result, Variable};
use std::fmt::Write;

fn time_text(ns: i64) -> String {
    if ns == atmokit_core::NAT {
        String::new()
    } else {
        format_ns(ns)
    }
}

impl TrackResult {
    /// A Dataset with coordinates `dims` = (time, lat, lon) names (on a curvilinear grid the
    /// row and column dims, plus `cell_lat`, `cell_lon` and `cell_area` (km²) on them), the variable `labels`
    /// (int32, 0 = no object) and the object table as variables on dim `object`
    /// (`object_label`, `start_time`, `end_time`, `duration`, `n_cells`, `max_area`,
    /// `total_area`, `max_intensity`, `mean_intensity`, `lat_min`, `lat_max`, `lon_west`,
    /// `lon_east`). Global-like diagnostics (Ocetrac's attribute names) go on `labels`.
    pub fn to_dataset(&self, dims: [&str; 3]) -> Result<Dataset> {
        let [td, yd, xd] = dims;
        let mut ds = Dataset::new();
        ds.insert(td, Variable::time(td, self.grid.time.clone()))?;
        match &self.grid.cells {
            None => {
                ds.insert(
                    yd,
                    Variable::new([yd], self.grid.lat.clone())?.with_attr("units", "degrees_north"),
                )?;
                ds.insert(
                    xd,
                    Variable::new([xd], self.grid.lon.clone())?.with_attr("units", "degrees_east"),
                )?;
            }
            Some(c) => {
                ds.insert(yd, Variable::new([yd], self.grid.lat.clone())?)?;
                ds.insert(xd, Variable::new([xd], self.grid.lon.clone())?)?;
                let v2 = |a: &ndarray::Array2<f64>| Variable::new([yd, xd], a.clone().into_dyn());
                ds.insert("cell_lat", v2(&c.lat)?.with_attr("units", "degrees_north"))?;
                ds.insert("cell_lon", v2(&c.lon)?.with_attr("units", "degrees_east"))?;
                ds.insert("cell_area", v2(&c.area_km2)?.with_attr("units", "km2"))?;
            }
        }
        let o = &self.options;
        let (mode, value) = match o.threshold {
            Threshold::Percentile(q) => ("percentile of anomalies", q),
            Threshold::Fixed(v) => ("fixed value of the field", v),
        };
        let labels = Variable::new([td, yd, xd], self.labels.clone().into_dyn())?
            .with_attr("long_name", "tracked object label")
            .with_attr("comment", "0 = no object; objects are connected in (time, lat, lon)")
            .with_attr("threshold_mode", mode)
            .with_attr("threshold", value)
            .with_attr("radius", o.radius as i32)
            .with_attr("size quantile threshold", o.min_size_quantile)
            .with_attr("min area (effective)", self.area.threshold)
            .with_attr("initial objects identified", self.area.n_initial as i32)
            .with_attr("final objects tracked", self.objects.len() as i32)
            .with_attr("percent area reject", self.area.fraction_area_rejected)
            .with_attr("percent area accept", 1.0 - self.area.fraction_area_rejected)
            .with_attr("periodic_longitude", if self.grid.periodic { "true" } else { "false" });
        let labels = if self.grid.cells.is_some() {
            labels.with_attr("coordinates", "cell_lat cell_lon")
        } else {
            labels
        };
        ds.insert("labels", labels)?;
        let objs = &self.objects;
        let f = |g: fn(&crate::stats::ObjectStats) -> f64| objs.iter().map(g).collect::<Vec<f64>>();
        ds.insert(
            "object_label",
            Variable::new(["object"], objs.iter().map(|s| s.label).collect::<Vec<i32>>())?,
        )?;
        let mut st = Variable::time("object", objs.iter().map(|s| s.start_time).collect());
        st.attrs_mut()
            .insert("long_name".into(), AttrValue::from("first time step of the object"));
        ds.insert("start_time", st)?;
        ds.insert(
            "end_time",
            Variable::time("object", objs.iter().map(|s| s.end_time).collect()),
        )?;
        let cols: [(&str, Vec<f64>, &str); 10] = [
            ("duration", f(|s| s.duration_steps as f64), "time steps"),
            ("n_cells", f(|s| s.n_cells as f64), "1"),
            ("max_area", f(|s| s.max_area_km2), "km2"),
            ("total_area", f(|s| s.total_area_km2), "km2 time_steps"),
            ("max_intensity", f(|s| s.max_intensity), "units of the input field"),
            ("mean_intensity", f(|s| s.mean_intensity), "units of the input field"),
            ("lat_min", f(|s| s.lat_min), "degrees_north"),
            ("lat_max", f(|s| s.lat_max), "degrees_north"),
            ("lon_west", f(|s| s.lon_west), "degrees_east"),
            ("lon_east", f(|s| s.lon_east), "degrees_east"),
        ];
        for (name, vals, units) in cols {
            ds.insert(name, Variable::new(["object"], vals)?.with_attr("units", units))?;
        }
        Ok(ds)
    }

    /// One row per object: label, start/end time and index, duration, cells, areas, intensities,
    /// bounding box.
    pub fn objects_csv(&self) -> String {
        let mut s = String::from(
            "label,start_time,end_time,start_index,end_index,duration_steps,n_cells,max_area_km2,total_area_km2,max_intensity,mean_intensity,lat_min,lat_max,lon_west,lon_east\n",
        );
        for o in &self.objects {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                o.label,
                time_text(o.start_time),
                time_text(o.end_time),
                o.start_index,
                o.end_index,
                o.duration_steps,
                o.n_cells,
                o.max_area_km2,
                o.total_area_km2,
                o.max_intensity,
                o.mean_intensity,
                o.lat_min,
                o.lat_max,
                o.lon_west,
                o.lon_east
            );
        }
        s
    }

    /// One row per object and time step: the centroid track and area through time.
    pub fn tracks_csv(&self) -> String {
        let mut s = String::from("label,time_index,time,n_cells,area_km2,centroid_lat,centroid_lon,max_intensity\n");
        for o in &self.objects {
            for p in &o.track {
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{}",
                    o.label,
                    p.time_index,
                    time_text(p.time),
                    p.n_cells,
                    p.area_km2,
                    p.centroid_lat,
                    p.centroid_lon,
                    p.max_intensity
                );
            }
        }
        s
    }

    /// One row per merge or split: kind, object, time, and the parts before and after
    /// (`id:n_cells@lat/lon` separated by `;`).
    pub fn events_csv(&self) -> String {
        let mut s = String::from("kind,object,time_index,time,before,after\n");
        let parts = |ps: &[crate::history::Part]| {
            ps.iter()
                .map(|p| format!("{}:{}@{:.3}/{:.3}", p.id, p.n_cells, p.centroid_lat, p.centroid_lon))
                .collect::<Vec<_>>()
                .join(";")
        };
        for e in &self.events {
            let t = self.grid.time.get(e.time_index).copied().unwrap_or(atmokit_core::NAT);
            let _ = writeln!(
                s,
                "{},{},{},{},{},{}",
                e.kind.name(),
                e.object,
                e.time_index,
                time_text(t),
                parts(&e.before),
                parts(&e.after)
            );
        }
        s
    }
}

//! What `atmokit plot` asks for, parsed and turned into panels (the CLI stays a thin shell).

use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::mesh_bins::Aggregate;
use crate::panel::{Panel, PanelKind};
use crate::qc_flags::qc_info;
use crate::wind_layer::{WindGlyph, WindInput, WindLayer};
use atmokit_core::Dataset;

/// Options of `atmokit plot`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlotSpec {
    /// Panels: one entry per panel; `a+b` draws `b` in `a`'s panel (with a legend; over a mesh,
    /// as a line in the mesh's y units).
    pub vars: Vec<String>,
    /// Over-plot QC assessments and add a flag block panel under each variable with QC.
    pub qc: bool,
    /// Day/night background on line panels.
    pub day_night: bool,
    /// Value-axis (lines) or y-coordinate (meshes) range.
    pub yrange: Option<(f64, f64)>,
    /// Colour range of meshes.
    pub vrange: Option<(f64, f64)>,
    /// Colormap of meshes.
    pub cmap: Colormap,
    /// Logarithmic colour scale of meshes.
    pub log: bool,
    /// Title of the first panel.
    pub title: Option<String>,
    /// A 1-D variable on a secondary y axis of the first line panel.
    pub secondary: Option<String>,
    /// 1-D variables drawn as lines over every mesh panel (e.g. a cloud base over backscatter).
    pub overlay: Vec<String>,
    /// How meshes combine the samples of one pixel.
    pub aggregate: Aggregate,
    /// Reproduce ACT's defaults where atmokit differs ([`Panel::act_compat`]).
    pub act_compat: bool,
    /// Wind barbs (speed, direction) over every mesh panel.
    pub barbs: Option<(String, String)>,
    /// Wind barbs from (u, v) components over every mesh panel.
    pub barbs_uv: Option<(String, String)>,
    /// Quiver arrows over every mesh panel from (u, v), or from (speed, direction) when the
    /// second variable is a direction in degrees ([`crate::series::is_direction`]).
    pub quiver: Option<(String, String)>,
    /// A shaded band under the first line panel's field ([`Panel::band`]).
    pub band: Option<crate::band::Band>,
}

/// Split "a,b, c" into names, rejecting an empty list.
pub fn parse_vars(text: &str) -> Result<Vec<String>> {
    let v: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if v.is_empty() {
        return Err(PlotError::input("--var: give at least one variable name (a,b,c)"));
    }
    Ok(v)
}

/// Parse "lo,hi" into an increasing pair of finite numbers; `what` names the option in errors.
pub fn parse_range(what: &str, text: &str) -> Result<(f64, f64)> {
    let bad = || PlotError::input(format!("{what}: expected 'low,high' with low < high, got '{text}'"));
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    let lo: f64 = a.trim().parse().map_err(|_| bad())?;
    let hi: f64 = b.trim().parse().map_err(|_| bad())?;
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(bad());
    }
    Ok((lo, hi))
}

/// Split `FILE[:VAR]` into the path and the variable (`default_var` when no `:VAR` suffix; a
/// colon followed by a path separator, as in `C:\\data`, is part of the path).
pub fn parse_file_var(text: &str, default_var: &str) -> (std::path::PathBuf, String) {
    match text.rsplit_once(':') {
        Some((f, v)) if !f.is_empty() && !v.is_empty() && !v.contains(['/', '\\']) => (f.into(), v.to_string()),
        _ => (text.into(), default_var.to_string()),
    }
}

/// Split a panel entry `a+b+c` into its variables (empty names are errors).
pub fn parse_panel(text: &str) -> Result<Vec<String>> {
    let v: Vec<String> = text.split('+').map(str::trim).map(str::to_string).collect();
    if v.iter().any(String::is_empty) {
        return Err(PlotError::input(format!(
            "--var: '{text}' has an empty name; join the variables of one panel with '+' (a+b)"
        )));
    }
    Ok(v)
}

impl PlotSpec {
    /// The wind glyphs of `--barbs`, `--barbs-uv` or `--quiver` (at most one of them).
    pub fn wind_layer(&self, ds: &Dataset) -> Result<Option<WindLayer>> {
        let given = [self.barbs.is_some(), self.barbs_uv.is_some(), self.quiver.is_some()];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(PlotError::input(
                "give one of --barbs, --barbs-uv and --quiver (one wind layer per mesh)".to_string(),
            ));
        }
        let pair = |(a, b): &(String, String)| (a.clone(), b.clone());
        Ok(if let Some((s, d)) = self.barbs.as_ref().map(pair) {
            Some(WindLayer {
                input: WindInput::SpeedDirection(s, d),
                glyph: WindGlyph::Barb,
            })
        } else if let Some((u, v)) = self.barbs_uv.as_ref().map(pair) {
            Some(WindLayer {
                input: WindInput::Components(u, v),
                glyph: WindGlyph::Barb,
            })
        } else if let Some((a, b)) = self.quiver.as_ref().map(pair) {
            ds.get(&b)?;
            let input = if crate::series::is_direction(ds, &b) {
                WindInput::SpeedDirection(a, b)
            } else {
                WindInput::Components(a, b)
            };
            Some(WindLayer {
                input,
                glyph: WindGlyph::Quiver,
            })
        } else {
            None
        })
    }

    /// Panels for `ds`; unknown variables are errors naming them.
    pub fn panels(&self, ds: &Dataset) -> Result<Vec<Panel>> {
        let mut out = Vec::new();
        let mut secondary = self.secondary.clone();
        let mut band = self.band.clone();
        let wind = self.wind_layer(ds)?;
        let wind_vars = wind.iter().flat_map(|w| w.input.names()).map(str::to_string);
        for f in self
            .secondary
            .iter()
            .cloned()
            .chain(self.overlay.iter().cloned())
            .chain(wind_vars)
        {
            ds.get(&f)?;
        }
        for (i, entry) in self.vars.iter().enumerate() {
            let names = parse_panel(entry)?;
            for n in &names {
                ds.get(n)?;
            }
            let v = &names[0];
            let mut p = Panel::new(v)
                .cmap(self.cmap)
                .log(self.log)
                .qc(self.qc)
                .day_night(self.day_night)
                .aggregate(self.aggregate)
                .act_compat(self.act_compat);
            p.also = names[1..].to_vec();
            p.yrange = self.yrange;
            p.vrange = self.vrange;
            if i == 0 {
                p.title.clone_from(&self.title);
            }
            let ndim = ds.get(v)?.dims().len();
            if ndim == 2 {
                p.also.extend(self.overlay.iter().cloned());
                p.wind.clone_from(&wind);
            } else if ndim == 1 && !v.starts_with("qc_") {
                p.secondary = secondary.take();
                p.band = band.take();
            }
            out.push(p);
            if self.qc && !v.starts_with("qc_") && qc_info(ds, v)?.is_some_and(|q| !q.tests.is_empty()) {
                out.push(Panel::new(v).kind(PanelKind::FlagBlock).act_compat(self.act_compat));
            }
        }
        if let Some(b) = band {
            return Err(PlotError::input(format!(
                "--fill-between/--std ({b:?}): no line panel to shade (meshes and flag blocks have no band)"
            )));
        }
        if let Some(s) = secondary {
            return Err(PlotError::input(format!(
                "--secondary {s}: no line panel to put it on (meshes and flag blocks have no secondary axis)"
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_ranges() {
        assert_eq!(parse_vars("a, b,,c").unwrap(), vec!["a", "b", "c"]);
        assert!(parse_vars(" , ").is_err());
        assert_eq!(parse_range("--yrange", "-5,10.5").unwrap(), (-5.0, 10.5));
        let e = parse_range("--yrange", "3,1").unwrap_err().to_string();
        assert!(e.contains("--yrange") && e.contains("3,1"), "{e}");
        assert!(parse_range("--yrange", "x,1").is_err());
    }

    #[test]
    fn panel_entries_join_variables_with_plus() {
        assert_eq!(parse_panel("temp_mean+dp_mean").unwrap(), vec!["temp_mean", "dp_mean"]);
        assert_eq!(parse_panel(" a ").unwrap(), vec!["a"]);
        let e = parse_panel("a++b").unwrap_err().to_string();
        assert!(e.contains("a++b"), "{e}");
    }

    #[test]
    fn spec_puts_secondary_on_the_first_line_panel_and_overlays_on_meshes() {
        use atmokit_core::Variable;
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000]))
            .unwrap();
        for n in ["a", "b", "c", "cbh"] {
            ds.insert(n, Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
                .unwrap();
        }
        let z = ndarray::Array2::<f32>::zeros((2, 3)).into_dyn();
        ds.insert("z", Variable::new(["time", "h"], z).unwrap()).unwrap();
        let spec = PlotSpec {
            vars: vec!["z".into(), "a+b".into(), "c".into()],
            secondary: Some("c".into()),
            overlay: vec!["cbh".into()],
            aggregate: Aggregate::Max,
            ..PlotSpec::default()
        };
        let p = spec.panels(&ds).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].also, vec!["cbh"]);
        assert_eq!(p[0].aggregate, Aggregate::Max);
        assert_eq!((p[1].field.as_str(), p[1].also.clone()), ("a", vec!["b".to_string()]));
        assert_eq!(p[1].secondary.as_deref(), Some("c"));
        assert_eq!(p[2].secondary, None);
        let e = PlotSpec {
            vars: vec!["a+nope".into()],
            ..PlotSpec::default()
        }
        .panels(&ds)
        .unwrap_err()
        .to_string();
        assert!(e.contains("nope"), "{e}");
        let e = PlotSpec {
            vars: vec!["z".into()],
            secondary: Some("a".into()),
            ..PlotSpec::default()
        }
        .panels(&ds)
        .unwrap_err()
        .to_string();
        assert!(e.contains("--secondary a"), "{e}");
    }

    #[test]
    fn file_var_pairs() {
        assert_eq!(
            parse_file_var("a/sst.nc:ocean", "mask"),
            ("a/sst.nc".into(), "ocean".to_string())
        );
        assert_eq!(
            parse_file_var("a/sst.nc", "mask"),
            ("a/sst.nc".into(), "mask".to_string())
        );
        assert_eq!(
            parse_file_var("C:\\d\\x.nc", "mask"),
            ("C:\\d\\x.nc".into(), "mask".to_string())
        );
        assert_eq!(parse_file_var("x.nc:", "mask"), ("x.nc:".into(), "mask".to_string()));
    }
}

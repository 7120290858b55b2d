//! What `atmokit plot` asks for, parsed and turned into panels (the CLI stays a thin shell).

use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::panel::{Panel, PanelKind};
use crate::qc_flags::qc_info;
use atmokit_core::Dataset;

/// Options of `atmokit plot`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotSpec {
    /// Variables, one panel each.
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

impl PlotSpec {
    /// Panels for `ds`; unknown variables are errors naming them.
    pub fn panels(&self, ds: &Dataset) -> Result<Vec<Panel>> {
        let mut out = Vec::new();
        for (i, v) in self.vars.iter().enumerate() {
            ds.get(v)?;
            let mut p = Panel::new(v)
                .cmap(self.cmap)
                .log(self.log)
                .qc(self.qc)
                .day_night(self.day_night);
            p.yrange = self.yrange;
            p.vrange = self.vrange;
            if i == 0 {
                p.title.clone_from(&self.title);
            }
            out.push(p);
            if self.qc && !v.starts_with("qc_") && qc_info(ds, v)?.is_some_and(|q| !q.tests.is_empty()) {
                out.push(Panel::new(v).kind(PanelKind::FlagBlock));
            }
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

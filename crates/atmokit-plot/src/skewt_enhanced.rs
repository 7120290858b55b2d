//! ACT's `SkewTDisplay.plot_enhanced_skewt`: the skew-T log-p diagram, the hodograph of the same
//! sounding and the stability indices in one figure.

use crate::error::{Result, draw_err};
use crate::figure::Figure;
use crate::hodograph::Hodograph;
use crate::skewt::SkewT;
use crate::skewt_parcel::stability_rows;
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Skew-T (left), hodograph coloured by pressure (top right) and stability indices (bottom right).
#[derive(Debug, Clone)]
pub struct EnhancedSkewT<'a> {
    skewt: SkewT<'a>,
    size: (u32, u32),
}

impl<'a> EnhancedSkewT<'a> {
    /// Enhanced skew-T of pressure `p`, temperature `t`, dew point `td`, wind speed `spd` and
    /// direction `dir` (ARM sonde: `pres`, `tdry`, `dp`, `wspd`, `deg`).
    pub fn new(ds: &'a Dataset, p: &str, t: &str, td: &str, spd: &str, dir: &str) -> Self {
        EnhancedSkewT {
            skewt: SkewT::new(ds, p, t, td, spd, dir).table(false),
            size: (1400, 800),
        }
    }

    /// Adjust the skew-T (ranges) with `f`.
    pub fn map_skewt(mut self, f: impl FnOnce(SkewT<'a>) -> SkewT<'a>) -> Self {
        self.skewt = f(self.skewt).table(false);
        self
    }

    /// Set the figure size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// The skew-T part (its `layout()` after a render).
    pub fn skewt(&self) -> &SkewT<'a> {
        &self.skewt
    }
}

impl Figure for EnhancedSkewT<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (w, h) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w * 9 / 14);
        self.skewt.draw(&left)?;
        let [p, t, td, spd, dir] = self.skewt.names();
        let ds = self.skewt.dataset();
        let (top, bottom) = right.split_vertically(h * 5 / 8);
        Hodograph::new(ds, spd, dir)
            .color_by(p)
            .draw(&top.margin(0, 0, 0, 10))?;
        let rows = stability_rows(ds, p, t, td, self.skewt.is_act_compat())?;
        bottom
            .draw(&Text::new(
                "Stability indices (surface parcel)",
                (20, 10),
                style::axis_desc(),
            ))
            .map_err(draw_err)?;
        for (k, r) in rows.iter().enumerate() {
            bottom
                .draw(&Text::new(r.clone(), (30, 36 + 20 * k as i32), style::tick()))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

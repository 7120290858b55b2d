//! Colormaps for meshes, heat maps and stripes: perceptually uniform viridis family (van der Walt &
//! Smith, matplotlib 2.0), cividis (Nuñez et al. 2018), diverging blue-white-red and greys.
//!
//! Each map is a list of evenly spaced colour stops (the matplotlib map sampled at
//! `linspace(0, 1, n)`), interpolated linearly in RGB and cached as a 256-entry table, as
//! matplotlib does.

use crate::error::{PlotError, Result};
use plotters::style::RGBColor;

/// A named colormap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colormap {
    /// matplotlib `viridis` (default for meshes).
    #[default]
    Viridis,
    /// matplotlib `magma`.
    Magma,
    /// matplotlib `inferno`.
    Inferno,
    /// matplotlib `plasma`.
    Plasma,
    /// matplotlib `cividis` (colour-vision-deficiency friendly).
    Cividis,
    /// matplotlib `bwr` (blue-white-red, diverging; default for climate stripes).
    Bwr,
    /// matplotlib `Greys` (white to black).
    Greys,
}

const VIRIDIS: [u32; 9] = [
    0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
];
const MAGMA: [u32; 9] = [
    0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55964, 0xfb8761, 0xfec287, 0xfcfdbf,
];
const INFERNO: [u32; 9] = [
    0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09, 0xf9cb35, 0xfcffa4,
];
const PLASMA: [u32; 9] = [
    0x0d0887, 0x4c02a1, 0x7e03a8, 0xa92395, 0xcc4778, 0xe56b5d, 0xf89540, 0xfdc527, 0xf0f921,
];
const CIVIDIS: [u32; 10] = [
    0x00224e, 0x123570, 0x3b496c, 0x575d6d, 0x707173, 0x8a8678, 0xa59c74, 0xc3b369, 0xe1cc55, 0xfee838,
];
const BWR: [u32; 3] = [0x0000ff, 0xffffff, 0xff0000];
const GREYS: [u32; 2] = [0xffffff, 0x000000];

impl Colormap {
    /// Every map, for `--cmap` help and tests.
    pub const ALL: [Colormap; 7] = [
        Colormap::Viridis,
        Colormap::Magma,
        Colormap::Inferno,
        Colormap::Plasma,
        Colormap::Cividis,
        Colormap::Bwr,
        Colormap::Greys,
    ];

    /// The matplotlib name of the map.
    pub fn name(self) -> &'static str {
        match self {
            Colormap::Viridis => "viridis",
            Colormap::Magma => "magma",
            Colormap::Inferno => "inferno",
            Colormap::Plasma => "plasma",
            Colormap::Cividis => "cividis",
            Colormap::Bwr => "bwr",
            Colormap::Greys => "greys",
        }
    }

    /// Parse a matplotlib name (case-insensitive); the error lists the known names.
    pub fn parse(name: &str) -> Result<Colormap> {
        let lower = name.to_ascii_lowercase();
        Colormap::ALL.into_iter().find(|c| c.name() == lower).ok_or_else(|| {
            let known: Vec<&str> = Colormap::ALL.iter().map(|c| c.name()).collect();
            PlotError::input(format!("unknown colormap '{name}'; known: {}", known.join(", ")))
        })
    }

    fn stops(self) -> &'static [u32] {
        match self {
            Colormap::Viridis => &VIRIDIS,
            Colormap::Magma => &MAGMA,
            Colormap::Inferno => &INFERNO,
            Colormap::Plasma => &PLASMA,
            Colormap::Cividis => &CIVIDIS,
            Colormap::Bwr => &BWR,
            Colormap::Greys => &GREYS,
        }
    }

    /// Colour at `t` in [0, 1] (clamped; NaN gives the lowest colour), interpolated between stops.
    pub fn at(self, t: f64) -> RGBColor {
        let stops = self.stops();
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let pos = t * (stops.len() - 1) as f64;
        let i = (pos.floor() as usize).min(stops.len() - 2);
        let f = pos - i as f64;
        let (a, b) = (rgb(stops[i]), rgb(stops[i + 1]));
        let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// 256-entry lookup table (entry k is `at(k / 255)`), what the mesh rasteriser uses.
    pub fn lut(self) -> Vec<[u8; 3]> {
        (0..256)
            .map(|k| self.at(k as f64 / 255.0))
            .map(|c| [c.0, c.1, c.2])
            .collect()
    }
}

fn rgb(hex: u32) -> RGBColor {
    RGBColor((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_matches_matplotlib_published_values() {
        // matplotlib viridis(0.0), viridis(0.5), viridis(1.0) = #440154, #21918c, #fde725.
        assert_eq!(Colormap::Viridis.at(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(Colormap::Viridis.at(0.5), RGBColor(0x21, 0x91, 0x8c));
        assert_eq!(Colormap::Viridis.at(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(Colormap::Viridis.at(7.0), Colormap::Viridis.at(1.0), "clamped above");
    }

    #[test]
    fn bwr_is_white_in_the_middle_and_interpolates() {
        assert_eq!(Colormap::Bwr.at(0.5), RGBColor(255, 255, 255));
        // Halfway between blue and white: (127.5 → 128, 128, 255).
        assert_eq!(Colormap::Bwr.at(0.25), RGBColor(128, 128, 255));
    }

    #[test]
    fn parse_names_and_reject_unknown() {
        assert_eq!(Colormap::parse("Magma").unwrap(), Colormap::Magma);
        let e = Colormap::parse("jet").unwrap_err().to_string();
        assert!(e.contains("jet") && e.contains("viridis"), "{e}");
    }

    #[test]
    fn lut_has_256_entries_from_first_to_last_stop() {
        let lut = Colormap::Greys.lut();
        assert_eq!(lut.len(), 256);
        assert_eq!(lut[0], [255, 255, 255]);
        assert_eq!(lut[255], [0, 0, 0]);
    }
}

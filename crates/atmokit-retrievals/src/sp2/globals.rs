//! The SP2 particle criteria and calibration: PySP2's `DMTGlobals` (ACT 2.3.4's
//! `act.qc.sp2.SP2ParticleCriteria`), with its defaults.

/// Thresholds that accept or reject a particle, and the calibration of peak heights into
/// scattering and black-carbon mass. Peak heights and widths are in digitizer counts and
/// samples (one sample = 0.4 µs at 2.5 MHz); densities in g cm⁻³.
///
/// The defaults are PySP2's (the Brookhaven SP2 unit 24 calibration of 2010-11-17):
/// `mass (fg) = c0Mass1 + c1Mass1·PkHt_ch1 + c2Mass1·PkHt_ch1²` for the high-gain channel,
/// the same with `*Mass2` and `PkHt_ch5` for the low-gain one, and the scattering signal
/// `1e-18·(c0Scat + c1Scat·PkHt + c2Scat·PkHt²)` from channel 0 (`*Scat1`) or 4 (`*Scat2`).
#[derive(Clone, Debug, PartialEq)]
#[allow(non_snake_case)]
pub struct Sp2Globals {
    /// Largest accepted peak height of scattering channel 0 (counts); above it channel 4 is used.
    pub ScatMaxPeakHt1: f64,
    /// Smallest accepted peak height of scattering channel 0 (counts).
    pub ScatMinPeakHt1: f64,
    /// Largest peak height of scattering channel 4 (counts); a wave reaching it is clipped.
    pub ScatMaxPeakHt2: f64,
    /// Smallest peak height of scattering channel 4 (counts).
    pub ScatMinPeakHt2: f64,
    /// Smallest accepted scattering peak FWHM (samples).
    pub ScatMinWidth: f64,
    /// Largest accepted scattering peak FWHM (samples).
    pub ScatMaxWidth: f64,
    /// Smallest accepted scattering fit position (sample).
    pub ScatMinPeakPos: f64,
    /// Largest accepted scattering fit position (sample).
    pub ScatMaxPeakPos: f64,
    /// Smallest accepted incandescence peak height, channels 1 and 2 (counts).
    pub IncanMinPeakHt1: f64,
    /// Smallest accepted incandescence peak height, channel 5 (counts).
    pub IncanMinPeakHt2: f64,
    /// Saturation of the high-gain incandescence channel 1 (counts).
    pub IncanMaxPeakHt1: f64,
    /// Saturation of the low-gain incandescence channel 5 (counts).
    pub IncanMaxPeakHt2: f64,
    /// Smallest accepted incandescence width `PkEnd − PkStart` (samples).
    pub IncanMinWidth: f64,
    /// Largest accepted incandescence width (samples).
    pub IncanMaxWidth: f64,
    /// Smallest accepted incandescence peak position (sample).
    pub IncanMinPeakPos: f64,
    /// Largest accepted incandescence peak position (sample).
    pub IncanMaxPeakPos: f64,
    /// Smallest accepted broad/narrow-band incandescence ratio.
    pub IncanMinPeakRatio: f64,
    /// Largest accepted broad/narrow-band incandescence ratio.
    pub IncanMaxPeakRatio: f64,
    /// Largest accepted offset between broad- and narrow-band peak positions (samples).
    pub IncanMaxPeakOffset: f64,
    /// High-gain mass calibration, constant term (fg).
    pub c0Mass1: f64,
    /// High-gain mass calibration, linear term (fg per count).
    pub c1Mass1: f64,
    /// High-gain mass calibration, quadratic term (fg per count²).
    pub c2Mass1: f64,
    /// Low-gain mass calibration, constant term (fg).
    pub c0Mass2: f64,
    /// Low-gain mass calibration, linear term (fg per count).
    pub c1Mass2: f64,
    /// Low-gain mass calibration, quadratic term (fg per count²).
    pub c2Mass2: f64,
    /// Channel 0 scattering calibration, constant term.
    pub c0Scat1: f64,
    /// Channel 0 scattering calibration, linear term.
    pub c1Scat1: f64,
    /// Channel 0 scattering calibration, quadratic term.
    pub c2Scat1: f64,
    /// Channel 4 scattering calibration, constant term.
    pub c0Scat2: f64,
    /// Channel 4 scattering calibration, linear term.
    pub c1Scat2: f64,
    /// Channel 4 scattering calibration, quadratic term.
    pub c2Scat2: f64,
    /// Density of sulfate used for scattering-equivalent masses (g cm⁻³).
    pub densitySO4: f64,
    /// Density of black carbon (g cm⁻³).
    pub densityBC: f64,
    /// Standard temperature (K).
    pub TempSTP: f64,
    /// Standard pressure (hPa).
    pub PressSTP: f64,
}

impl Default for Sp2Globals {
    fn default() -> Self {
        Sp2Globals {
            ScatMaxPeakHt1: 60000.0,
            ScatMinPeakHt1: 250.0,
            ScatMaxPeakHt2: 60000.0,
            ScatMinPeakHt2: 250.0,
            ScatMinWidth: 10.0,
            ScatMaxWidth: 90.0,
            ScatMinPeakPos: 20.0,
            ScatMaxPeakPos: 90.0,
            IncanMinPeakHt1: 200.0,
            IncanMinPeakHt2: 200.0,
            IncanMaxPeakHt1: 60000.0,
            IncanMaxPeakHt2: 60000.0,
            IncanMinWidth: 5.0,
            IncanMaxWidth: f64::INFINITY,
            IncanMinPeakPos: 20.0,
            IncanMaxPeakPos: 90.0,
            IncanMinPeakRatio: 0.1,
            IncanMaxPeakRatio: 25.0,
            IncanMaxPeakOffset: 11.0,
            c0Mass1: 0.0,
            c1Mass1: 0.0001896,
            c2Mass1: 0.0,
            c0Mass2: 0.0,
            c1Mass2: 0.0016815,
            c2Mass2: 0.0,
            c0Scat1: 0.0,
            c1Scat1: 78.141,
            c2Scat1: 0.0,
            c0Scat2: 0.0,
            c1Scat2: 752.53,
            c2Scat2: 0.0,
            densitySO4: 1.8,
            densityBC: 1.8,
            TempSTP: 273.15,
            PressSTP: 1013.25,
        }
    }
}

impl Sp2Globals {
    /// Set one value by PySP2's attribute name (as a PySP2 calibration file's `CalName` /
    /// `CalValue` rows do); an unknown name is an error naming it.
    ///
    /// ```
    /// use atmokit_retrievals::sp2::globals::Sp2Globals;
    /// let mut g = Sp2Globals::default();
    /// g.set("c1Mass1", 0.0002).unwrap();
    /// assert_eq!(g.c1Mass1, 0.0002);
    /// assert!(g.set("c9Mass1", 1.0).is_err());
    /// ```
    pub fn set(&mut self, name: &str, value: f64) -> atmokit_core::Result<()> {
        let slot = match name {
            "ScatMaxPeakHt1" => &mut self.ScatMaxPeakHt1,
            "ScatMinPeakHt1" => &mut self.ScatMinPeakHt1,
            "ScatMaxPeakHt2" => &mut self.ScatMaxPeakHt2,
            "ScatMinPeakHt2" => &mut self.ScatMinPeakHt2,
            "ScatMinWidth" => &mut self.ScatMinWidth,
            "ScatMaxWidth" => &mut self.ScatMaxWidth,
            "ScatMinPeakPos" => &mut self.ScatMinPeakPos,
            "ScatMaxPeakPos" => &mut self.ScatMaxPeakPos,
            "IncanMinPeakHt1" => &mut self.IncanMinPeakHt1,
            "IncanMinPeakHt2" => &mut self.IncanMinPeakHt2,
            "IncanMaxPeakHt1" => &mut self.IncanMaxPeakHt1,
            "IncanMaxPeakHt2" => &mut self.IncanMaxPeakHt2,
            "IncanMinWidth" => &mut self.IncanMinWidth,
            "IncanMaxWidth" => &mut self.IncanMaxWidth,
            "IncanMinPeakPos" => &mut self.IncanMinPeakPos,
            "IncanMaxPeakPos" => &mut self.IncanMaxPeakPos,
            "IncanMinPeakRatio" => &mut self.IncanMinPeakRatio,
            "IncanMaxPeakRatio" => &mut self.IncanMaxPeakRatio,
            "IncanMaxPeakOffset" => &mut self.IncanMaxPeakOffset,
            "c0Mass1" => &mut self.c0Mass1,
            "c1Mass1" => &mut self.c1Mass1,
            "c2Mass1" => &mut self.c2Mass1,
            "c0Mass2" => &mut self.c0Mass2,
            "c1Mass2" => &mut self.c1Mass2,
            "c2Mass2" => &mut self.c2Mass2,
            "c0Scat1" => &mut self.c0Scat1,
            "c1Scat1" => &mut self.c1Scat1,
            "c2Scat1" => &mut self.c2Scat1,
            "c0Scat2" => &mut self.c0Scat2,
            "c1Scat2" => &mut self.c1Scat2,
            "c2Scat2" => &mut self.c2Scat2,
            "densitySO4" => &mut self.densitySO4,
            "densityBC" => &mut self.densityBC,
            "TempSTP" => &mut self.TempSTP,
            "PressSTP" => &mut self.PressSTP,
            _ => {
                return Err(atmokit_core::Error::InvalidArgument(format!(
                    "SP2 globals: unknown parameter '{name}'"
                )));
            }
        };
        *slot = value;
        Ok(())
    }
}

//! House style: the embedded DejaVu Sans font and every text style set explicitly
//! (plotters' defaults give unreadably small labels).

use plotters::style::{FontStyle, IntoFont, RGBColor, TextStyle};
use std::sync::Once;

/// DejaVu Sans (Bitstream Vera licence, redistributable; see `fonts/LICENSE-DejaVu.txt`).
pub(crate) static DEJAVU: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

/// Font family name every style of this crate uses.
pub const FAMILY: &str = "sans-serif";

/// Register the embedded font once per process; output never depends on system fonts.
pub fn ensure_font() {
    REGISTER.call_once(|| {
        // The embedded font is a valid TrueType file, so registration cannot fail at run time;
        // if it ever did, plotters would report a font error on the first text drawn.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, DEJAVU);
    });
}

/// Title text (16 px).
pub fn title() -> TextStyle<'static> {
    (FAMILY, 16).into_font().into()
}

/// Axis description text (14 px).
pub fn axis_desc() -> TextStyle<'static> {
    (FAMILY, 14).into_font().into()
}

/// Tick label text (12 px).
pub fn tick() -> TextStyle<'static> {
    (FAMILY, 12).into_font().into()
}

/// Small annotation text (11 px).
pub fn small() -> TextStyle<'static> {
    (FAMILY, 11).into_font().into()
}

/// Line colour of the first series (matplotlib's C0 blue, #1f77b4).
pub const LINE: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
/// Cycle of series colours (matplotlib tab10 order).
pub const CYCLE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
];
/// Colours of lines drawn over colour meshes (red, black, white: visible on every colormap).
pub const OVERLAY: [RGBColor; 3] = [RGBColor(0xd6, 0x27, 0x28), RGBColor(0, 0, 0), RGBColor(255, 255, 255)];
/// QC "Bad"/"Incorrect" colour (pure red, as ACT).
pub const BAD: RGBColor = RGBColor(255, 0, 0);
/// QC "Suspect"/"Indeterminate" colour (matplotlib "orange", #FFA500).
pub const SUSPECT: RGBColor = RGBColor(255, 165, 0);
/// QC "Not failing" colour of the flag block plot (matplotlib "green", #008000).
pub const PASS: RGBColor = RGBColor(0, 128, 0);
/// QC "Missing" colour (matplotlib "darkgray", #A9A9A9).
pub const MISSING: RGBColor = RGBColor(169, 169, 169);
/// Night background (grey 0.85 as ACT, #D9D9D9).
pub const NIGHT: RGBColor = RGBColor(217, 217, 217);
/// Day background (#FFFFCC as ACT).
pub const DAY: RGBColor = RGBColor(255, 255, 204);
/// Solar noon line colour (yellow).
pub const NOON: RGBColor = RGBColor(230, 200, 0);

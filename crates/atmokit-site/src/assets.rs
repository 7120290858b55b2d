//! Files every site carries in `assets/`: the style sheet, the interactive plot script, and
//! uPlot 1.6.32 (MIT licence, by Leon Sorokin; `npm pack uplot`, files `dist/uPlot.iife.min.js`,
//! `dist/uPlot.min.css` and `LICENSE` unchanged), so that pages open from disk and load nothing
//! from the network.

use crate::error::Result;
use atmokit_core::output::{OutputOptions, write_atomic};
use std::path::Path;

/// Folder of the assets inside the output folder.
pub const ASSETS_DIR: &str = "assets";

/// The assets: file name and bytes.
pub const ASSETS: &[(&str, &[u8])] = &[
    ("site.css", include_bytes!("../assets/site.css")),
    ("plot.js", include_bytes!("../assets/plot.js")),
    ("uPlot.iife.min.js", include_bytes!("../assets/uPlot.iife.min.js")),
    ("uPlot.min.css", include_bytes!("../assets/uPlot.min.css")),
    ("uPlot.LICENSE", include_bytes!("../assets/uPlot.LICENSE")),
];

/// Write the assets into `out_dir/assets/`, leaving files that already hold the same bytes.
pub fn write_assets(out_dir: &Path, o: &OutputOptions) -> Result<()> {
    let dir = out_dir.join(ASSETS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::SiteError::io(&dir, e))?;
    for (name, bytes) in ASSETS {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        write_atomic(&path, bytes, o)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_asset_once() {
        let dir = tempfile::tempdir().unwrap();
        write_assets(dir.path(), &OutputOptions::default()).unwrap();
        for (name, bytes) in ASSETS {
            assert_eq!(std::fs::read(dir.path().join(ASSETS_DIR).join(name)).unwrap(), *bytes);
        }
        let css = dir.path().join("assets/site.css");
        let before = std::fs::metadata(&css).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_assets(dir.path(), &OutputOptions::default()).unwrap();
        assert_eq!(std::fs::metadata(&css).unwrap().modified().unwrap(), before);
        let lic = String::from_utf8(std::fs::read(dir.path().join("assets/uPlot.LICENSE")).unwrap()).unwrap();
        assert!(lic.contains("MIT License") && lic.contains("Leon Sorokin"));
    }
}

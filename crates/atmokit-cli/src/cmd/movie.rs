//! `atmokit movie FRAMES... -o OUT [--fps N]`: an animated GIF (natively) or an MP4 (through
//! ffmpeg) from PNG frames, as ACT's `act.utils.generate_movie`.

use anyhow::{Context, Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_plot::movie::{MovieOptions, generate_movie};
use std::path::PathBuf;

/// Arguments of `atmokit movie`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// PNG frames, folders of them (their `.png` files in name order) or glob patterns; frames
    /// are shown in the order given, each folder's or pattern's files sorted by name.
    #[arg(required = true)]
    pub frames: Vec<PathBuf>,
    /// The movie: `.gif` (written natively) or `.mp4` and other formats ffmpeg writes.
    #[arg(short, long)]
    pub out: PathBuf,
    /// Frames per second (GIF: at most 100).
    #[arg(long, default_value_t = 10.0)]
    pub fps: f64,
}

/// Run `atmokit movie`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    let frames: Vec<PathBuf> = atmokit::open::expand(&args.frames)?
        .into_iter()
        .filter(|p| {
            // From folders and patterns only PNG files; a file named explicitly is kept (and
            // reported if it is not a PNG).
            args.frames.contains(p) || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"))
        })
        .collect();
    if frames.is_empty() {
        bail!("no PNG frames among the inputs");
    }
    let opts = MovieOptions {
        fps: args.fps,
        output: *out,
        ..MovieOptions::default()
    };
    let r = generate_movie(&frames, &args.out, &opts).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{}: {} frames of {} × {} px, {:.0} ms each",
        args.out.display(),
        r.frames,
        r.size.0,
        r.size.1,
        r.frame_ms
    );
    Ok(())
}

//! Movies from a series of images: ACT's `act.utils.generate_movie(images, write_filename, fps)`.
//!
//! An animated GIF is written natively (colours reduced per frame with NeuQuant, loops forever);
//! any other extension (`.mp4`, `.webm`, …) is encoded by `ffmpeg` when it is installed, fed raw
//! frames on a pipe. Frames are PNG files of one size, read one at a time, so memory stays at a
//! frame or two whatever the number of frames. The output goes through the atomic writer: a
//! failure leaves no partial movie.
//!
//! ```no_run
//! use atmokit_plot::movie::{MovieOptions, generate_movie};
//! let frames = vec!["day1.png".into(), "day2.png".into(), "day3.png".into()];
//! let report = generate_movie(&frames, "week.gif", &MovieOptions::default())?;
//! assert_eq!(report.frames, 3);
//! # Ok::<(), atmokit_plot::PlotError>(())
//! ```

use crate::error::{PlotError, Result};
use crate::figure::output_err;
use atmokit_core::output::{OutputOptions, check_target, write_atomic_with};
use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbaImage};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Frames larger than this (width × height) are refused before they are decoded.
const MAX_PIXELS: u64 = 1 << 26;

/// Options of [`generate_movie`].
#[derive(Clone, Debug, PartialEq)]
pub struct MovieOptions {
    /// Frames per second (ACT's default 10). A GIF stores each frame's delay in hundredths of a
    /// second, so GIFs take 0 < fps <= 100 and the delay is rounded to 10 ms.
    pub fps: f64,
    /// Output options of the atomic writer.
    pub output: OutputOptions,
    /// The `ffmpeg` program for formats other than GIF (default `ffmpeg`, found on `PATH`).
    pub ffmpeg: PathBuf,
}

impl Default for MovieOptions {
    fn default() -> Self {
        MovieOptions {
            fps: 10.0,
            output: OutputOptions::default(),
            ffmpeg: PathBuf::from("ffmpeg"),
        }
    }
}

/// What [`generate_movie`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct MovieReport {
    /// Frames written.
    pub frames: usize,
    /// Frame size in pixels (width, height).
    pub size: (u32, u32),
    /// The delay between frames as stored, in milliseconds.
    pub frame_ms: f64,
}

/// Write the PNG `frames` (in the order given) as a movie at `path`: a `.gif` natively, other
/// extensions through `ffmpeg` (H.264 in `.mp4`, or what ffmpeg picks for the extension).
///
/// # Errors
/// No frames; fps not in (0, 100] for a GIF or not positive; a frame that is not a readable
/// PNG, too large, or of another size than the first (the error names the frame); ffmpeg
/// missing or failing (its message is included); the output cannot be written.
pub fn generate_movie(frames: &[PathBuf], path: impl AsRef<Path>, opts: &MovieOptions) -> Result<MovieReport> {
    let path = path.as_ref();
    let Some(first) = frames.first() else {
        return Err(PlotError::input("generate_movie: no frames"));
    };
    let gif = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
    let fps = opts.fps;
    if !(fps.is_finite() && fps > 0.0) || (gif && fps > 100.0) {
        return Err(PlotError::input(format!(
            "generate_movie: fps {fps} is out of range ({})",
            if gif { "0 < fps <= 100 for a GIF" } else { "fps > 0" }
        )));
    }
    let inputs: Vec<&Path> = frames.iter().map(PathBuf::as_path).collect();
    check_target(path, &inputs, &opts.output).map_err(output_err)?;
    let size = frame_size(first)?;
    let report = if gif {
        let cs = (100.0 / fps).round().max(1.0) as u32;
        write_atomic_with(path, &opts.output, |w| write_gif(frames, size, cs, w)).map_err(output_err)?;
        MovieReport {
            frames: frames.len(),
            size,
            frame_ms: f64::from(cs) * 10.0,
        }
    } else {
        write_atomic_with(path, &opts.output, |w| {
            write_ffmpeg(frames, size, fps, path, &opts.ffmpeg, w)
        })
        .map_err(output_err)?;
        MovieReport {
            frames: frames.len(),
            size,
            frame_ms: 1000.0 / fps,
        }
    };
    Ok(report)
}

/// The frame's size from its header, refused when too large.
fn frame_size(frame: &Path) -> Result<(u32, u32)> {
    let (w, h) =
        image::image_dimensions(frame).map_err(|e| PlotError::input(format!("frame '{}': {e}", frame.display())))?;
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PlotError::input(format!(
            "frame '{}': {w} × {h} pixels is empty or larger than {MAX_PIXELS} pixels",
            frame.display()
        )));
    }
    Ok((w, h))
}

/// Frame `k` decoded as RGBA, checked against the first frame's size.
fn read_frame(frame: &Path, size: (u32, u32)) -> std::io::Result<RgbaImage> {
    let err = |m: String| std::io::Error::other(format!("frame '{}': {m}", frame.display()));
    let got = frame_size(frame).map_err(|e| std::io::Error::other(e.to_string()))?;
    if got != size {
        return Err(err(format!(
            "{} × {} pixels, but the first frame is {} × {}",
            got.0, got.1, size.0, size.1
        )));
    }
    let img = image::open(frame).map_err(|e| err(e.to_string()))?;
    Ok(img.into_rgba8())
}

/// An animated GIF that loops forever, each frame shown `cs` hundredths of a second.
fn write_gif(frames: &[PathBuf], size: (u32, u32), cs: u32, w: &mut dyn Write) -> std::io::Result<()> {
    let mut enc = GifEncoder::new_with_speed(w, 10);
    enc.set_repeat(Repeat::Infinite).map_err(std::io::Error::other)?;
    for f in frames {
        let img = read_frame(f, size)?;
        let frame = Frame::from_parts(img, 0, 0, Delay::from_numer_denom_ms(cs * 10, 1));
        enc.encode_frame(frame).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Raw RGBA frames into `ffmpeg` on its stdin, the encoded movie from its stdout into `w`.
fn write_ffmpeg(
    frames: &[PathBuf],
    size: (u32, u32),
    fps: f64,
    path: &Path,
    ffmpeg: &Path,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut cmd = Command::new(ffmpeg);
    cmd.args([
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
    ])
    .args([
        "-s",
        &format!("{}x{}", size.0, size.1),
        "-framerate",
        &fps.to_string(),
        "-i",
        "pipe:0",
    ])
    // Encoders for yuv420p need even sizes.
    .args(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p"]);
    if ext == "mp4" || ext == "mov" {
        // A pipe cannot seek back to write the index: fragmented MP4.
        cmd.args(["-movflags", "frag_keyframe+empty_moov", "-f", "mp4"]);
    } else {
        cmd.args(["-f", if ext.is_empty() { "mp4" } else { &ext }]);
    }
    cmd.arg("pipe:1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        std::io::Error::other(format!(
            "'{}' is needed for .{ext} movies (GIFs need nothing): {e}",
            ffmpeg.display()
        ))
    })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(std::io::Error::other("ffmpeg's pipes could not be opened"));
    };
    let (fed, copied, message) = std::thread::scope(|s| {
        let feeder = s.spawn(move || -> std::io::Result<()> {
            for f in frames {
                stdin.write_all(read_frame(f, size)?.as_raw())?;
            }
            Ok(())
        });
        let errors = s.spawn(move || {
            let mut text = String::new();
            // At most 64 kB of ffmpeg's messages are kept.
            let _ = (&mut stderr).take(1 << 16).read_to_string(&mut text);
            text
        });
        let copied = std::io::copy(&mut stdout, w);
        let fed = feeder.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        let message = errors.join().unwrap_or_default();
        (fed, copied, message)
    });
    let status = child.wait()?;
    // A frame error is the cause when there is one (ffmpeg then sees its input end early).
    fed?;
    copied?;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "ffmpeg failed ({status}): {}",
            message.trim()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::AnimationDecoder;
    use image::codecs::gif::GifDecoder;

    /// Three 40 × 30 frames: red, green and blue, each with a white square whose corner moves
    /// 5 px right per frame.
    fn frames(dir: &Path) -> Vec<PathBuf> {
        let colours = [[220u8, 20, 20], [20, 200, 40], [30, 40, 210]];
        colours
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let img = image::RgbImage::from_fn(40, 30, |x, y| {
                    let sq = (x as usize) >= 5 + 5 * k && (x as usize) < 15 + 5 * k && (10..20).contains(&y);
                    image::Rgb(if sq { [255, 255, 255] } else { *c })
                });
                let p = dir.join(format!("f{k}.png"));
                img.save(&p).unwrap();
                p
            })
            .collect()
    }

    #[test]
    fn gif_has_every_frame_its_delay_and_colours() {
        let dir = tempfile::tempdir().unwrap();
        let fr = frames(dir.path());
        let out = dir.path().join("m.gif");
        let opts = MovieOptions {
            fps: 4.0,
            ..Default::default()
        };
        let r = generate_movie(&fr, &out, &opts).unwrap();
        assert_eq!((r.frames, r.size, r.frame_ms), (3, (40, 30), 250.0));
        let dec = GifDecoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap())).unwrap();
        let got = dec.into_frames().collect_frames().unwrap();
        assert_eq!(got.len(), 3);
        let want = [[220u8, 20, 20], [20, 200, 40], [30, 40, 210]];
        for (k, f) in got.iter().enumerate() {
            let (n, d) = f.delay().numer_denom_ms();
            assert_eq!(f64::from(n) / f64::from(d), 250.0);
            let px = |x, y| {
                let p = f.buffer().get_pixel(x, y).0;
                [p[0], p[1], p[2]]
            };
            let close = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 8);
            assert!(close(px(1, 1), want[k]), "frame {k} background {:?}", px(1, 1));
            // The white square starts at x = 5 + 5k.
            let x = 5 + 5 * k as u32;
            assert!(
                close(px(x, 12), [255, 255, 255]) && !close(px(x - 1, 12), [255, 255, 255]),
                "frame {k}"
            );
        }
        // No temporary file is left next to the movie.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 4, "{left:?}");
    }

    #[test]
    fn bad_inputs_are_errors_naming_the_frame() {
        let dir = tempfile::tempdir().unwrap();
        let mut fr = frames(dir.path());
        let out = dir.path().join("m.gif");
        let e = generate_movie(&[], &out, &MovieOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no frames"), "{e}");
        for fps in [0.0, -1.0, f64::NAN, 101.0] {
            let o = MovieOptions {
                fps,
                ..Default::default()
            };
            assert!(generate_movie(&fr, &out, &o).is_err(), "fps {fps}");
        }
        // Another size.
        let odd = dir.path().join("odd.png");
        image::RgbImage::new(20, 30).save(&odd).unwrap();
        fr.push(odd);
        let e = generate_movie(&fr, &out, &MovieOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("odd.png") && e.contains("first frame is 40 × 30"), "{e}");
        // Not a PNG.
        let txt = dir.path().join("notes.png");
        std::fs::write(&txt, "not an image").unwrap();
        fr.pop();
        fr.push(txt);
        let e = generate_movie(&fr, &out, &MovieOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("notes.png"), "{e}");
        assert!(!out.exists(), "no partial movie");
        // An input as the output is refused.
        let e = generate_movie(&fr[..1], &fr[0], &MovieOptions::default());
        assert!(e.is_err());
    }

    /// Without ffmpeg an MP4 is a clear error naming what is missing, and nothing is written.
    #[test]
    fn mp4_without_ffmpeg_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let fr = frames(dir.path());
        let out = dir.path().join("m.mp4");
        let o = MovieOptions {
            ffmpeg: dir.path().join("no-such-ffmpeg"),
            ..Default::default()
        };
        let e = generate_movie(&fr, &out, &o).unwrap_err().to_string();
        assert!(e.contains("no-such-ffmpeg") && e.contains(".mp4"), "{e}");
        assert!(!out.exists());
    }

    /// With ffmpeg installed, an MP4 of the frames is written (skipped, saying so, without it).
    #[test]
    fn mp4_with_ffmpeg() {
        if Command::new("ffmpeg").arg("-version").output().is_err() {
            eprintln!("ffmpeg is not installed: MP4 output not tested here");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let fr = frames(dir.path());
        let out = dir.path().join("m.mp4");
        let r = generate_movie(&fr, &out, &MovieOptions::default()).unwrap();
        assert_eq!(r.frames, 3);
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(&bytes[4..8], b"ftyp", "an MP4 file");
    }
}

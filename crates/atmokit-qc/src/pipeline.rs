//! Streaming QC with reads and writes on their own threads: part `k + 1` is read and part
//! `k - 1` written while part `k` is tested.
//!
//! [`qc_parts`] drives a [`QcStream`] over a list of parts (daily files, time blocks) with the
//! reader and the writer you give it, so an instrument team's pipeline gets the overlap of
//! `atmokit qc FILES --out-dir DIR` (which is built on it) without writing threads itself. Memory
//! stays bounded by the parts in flight: `read_ahead` parts read and waiting, the part being tested
//! with its context, and one part waiting to be written.
//!
//! ```
//! use atmokit_core::{Dataset, Variable};
//! use atmokit_qc::pipeline::{PipelineOptions, qc_parts};
//! use atmokit_qc::spec::TestSpec;
//! let days = [vec![1.0f32, 1.0], vec![9.0, 9.0]];
//! let read = |d: &Vec<f32>| -> atmokit_core::Result<Dataset> {
//!     let mut ds = Dataset::new();
//!     ds.insert("temp", Variable::new(["time"], d.clone())?)?;
//!     Ok(ds)
//! };
//! let mut flags = Vec::new();
//! let write = |_: &Vec<f32>, ds: atmokit_core::Result<Dataset>| -> atmokit_core::Result<()> {
//!     flags.push(ds?.view::<i32>("qc_temp")?.iter().copied().collect::<Vec<_>>());
//!     Ok(())
//! };
//! let specs = vec![TestSpec::parse("temp:delta:5")?];
//! qc_parts(&days, specs, false, &PipelineOptions::default(), read, write)?;
//! assert_eq!(flags, [vec![0, 1], vec![1, 0]]);
//! # Ok::<(), atmokit_core::Error>(())
//! ```

use crate::spec::TestSpec;
use crate::stream::QcStream;
use atmokit_core::{Dataset, Error};
use std::sync::mpsc::sync_channel;

/// How many parts [`qc_parts`] keeps in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineOptions {
    /// Parts read and waiting for the tests (at least 1). Default 2.
    pub read_ahead: usize,
    /// Tested parts waiting for the writer (at least 1). Default 1.
    pub write_behind: usize,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            read_ahead: 2,
            write_behind: 1,
        }
    }
}

/// Run `specs` over `parts` in order (the ARM → CF cleanup first when `cleanup` is set): `read`
/// runs on a reader thread, the tests on the calling thread and `write` on a writer thread, each
/// part handed on as soon as it is ready. `write` gets each part with its quality-controlled
/// dataset, in order, or with the error its tests gave (to name the part in it; the run stops
/// after that part). Flags equal those of the concatenated series (see [`QcStream`]).
///
/// # Errors
/// A test that cannot be streamed ([`crate::stream::context_of`]); otherwise the first error of
/// `read`, the tests or `write`. Parts after a failed one are neither tested nor written; parts
/// before it are written.
pub fn qc_parts<P, R, W, E>(
    parts: &[P],
    specs: Vec<TestSpec>,
    cleanup: bool,
    opts: &PipelineOptions,
    read: R,
    mut write: W,
) -> Result<(), E>
where
    P: Sync,
    R: Fn(&P) -> Result<Dataset, E> + Send,
    W: FnMut(&P, Result<Dataset, E>) -> Result<(), E> + Send,
    E: From<Error> + Send,
{
    // Refuse a whole-series test before anything is read.
    for s in &specs {
        crate::stream::context_of(s)?;
    }
    let (tx, rx) = sync_channel::<Result<Dataset, E>>(opts.read_ahead.max(1));
    let (wtx, wrx) = sync_channel::<(Result<Dataset, E>, &P)>(opts.write_behind.max(1));
    std::thread::scope(|s| {
        s.spawn(move || {
            for p in parts {
                let failed = {
                    let ds = read(p);
                    let failed = ds.is_err();
                    if tx.send(ds).is_err() {
                        break; // the tests stopped
                    }
                    failed
                };
                if failed {
                    break;
                }
            }
        });
        let writer = s.spawn(move || -> Result<(), E> {
            for (ds, p) in wrx {
                write(p, ds)?;
            }
            Ok(())
        });
        let tested = (|| -> Result<(), E> {
            let stream = QcStream::new(rx.into_iter(), specs, cleanup)?;
            for (part, p) in stream.zip(parts) {
                let failed = part.is_err();
                if wtx.send((part, p)).is_err() || failed {
                    break; // the writer stopped on an error, returned below
                }
            }
            Ok(())
        })();
        drop(wtx);
        let written = writer.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        // A write error comes first: it is why the tests stopped early.
        written.and(tested)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::apply_all;
    use atmokit_core::Variable;

    fn part(xs: &[f32]) -> atmokit_core::Result<Dataset> {
        let mut ds = Dataset::new();
        ds.insert("t", Variable::new(["time"], xs.to_vec())?)?;
        Ok(ds)
    }

    /// Deterministic values with jumps and a stuck run, split into parts of uneven length
    /// (one of them empty): the flags written part by part equal those of the whole series.
    #[test]
    fn parts_equal_whole() {
        let xs: Vec<f32> = (0..500)
            .map(|i| match i {
                120..=140 => 3.0,
                _ if i % 37 == 0 => 50.0,
                _ => (i as f32 * 0.1).sin(),
            })
            .collect();
        let cuts = [0, 7, 7, 130, 131, 300, 500];
        let parts: Vec<&[f32]> = cuts.windows(2).map(|w| &xs[w[0]..w[1]]).collect();
        let specs = || {
            ["t:delta:2", "t:persistence:10,0.0001", "t:outside:-2,2"]
                .iter()
                .map(|s| TestSpec::parse(s).unwrap())
                .collect::<Vec<_>>()
        };
        let mut got = Vec::new();
        for opts in [
            PipelineOptions::default(),
            PipelineOptions {
                read_ahead: 1,
                write_behind: 3,
            },
        ] {
            let mut flags: Vec<i32> = Vec::new();
            let mut n = 0;
            qc_parts(
                &parts,
                specs(),
                false,
                &opts,
                |p| part(p),
                |_, ds: atmokit_core::Result<Dataset>| {
                    n += 1;
                    flags.extend(ds?.view::<i32>("qc_t")?.iter());
                    Ok::<(), Error>(())
                },
            )
            .unwrap();
            assert_eq!(n, parts.len());
            got.push(flags);
        }
        let mut whole = part(&xs).unwrap();
        apply_all(&mut whole, &specs()).unwrap();
        let want: Vec<i32> = whole.view::<i32>("qc_t").unwrap().iter().copied().collect();
        assert!(want.iter().any(|&f| f != 0) && want.contains(&0));
        assert_eq!(got[0], want);
        assert_eq!(got[1], want);
    }

    /// A read error stops the run: earlier parts are written, the error comes back, and the
    /// reader stops reading.
    #[test]
    fn read_error_stops() {
        let parts = [1usize, 2, 3, 4, 5];
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let mut written = Vec::new();
        let r = qc_parts(
            &parts,
            vec![TestSpec::parse("t:outside:0,1").unwrap()],
            false,
            &PipelineOptions::default(),
            |&p| {
                reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if p == 3 {
                    Err(Error::invalid("part 3 is damaged"))
                } else {
                    part(&[p as f32])
                }
            },
            |&p, ds| {
                ds?;
                written.push(p);
                Ok(())
            },
        );
        assert!(r.unwrap_err().to_string().contains("part 3"));
        assert_eq!(written, [1, 2]);
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    /// A write error stops the run and is the error returned.
    #[test]
    fn write_error_stops() {
        let parts = [1usize, 2, 3, 4, 5, 6, 7, 8];
        let r = qc_parts(
            &parts,
            vec![TestSpec::parse("t:outside:0,1").unwrap()],
            false,
            &PipelineOptions::default(),
            |&p| part(&[p as f32]),
            |&p, ds| {
                if p == 2 {
                    Err(Error::invalid("disk full at part 2"))
                } else {
                    ds.map(drop)
                }
            },
        );
        assert!(r.unwrap_err().to_string().contains("disk full at part 2"));
    }

    /// A test that needs the whole series is refused before anything is read.
    #[test]
    fn whole_series_test_refused() {
        let parts = [1usize];
        let r = qc_parts(
            &parts,
            vec![TestSpec::parse("t:iqr").unwrap()],
            false,
            &PipelineOptions::default(),
            |_| -> atmokit_core::Result<Dataset> { panic!("read before the specs were checked") },
            |_, ds| ds.map(drop),
        );
        assert!(r.is_err());
    }
}

//! netCDF outputs whose disk part runs on a background thread: [`BackgroundWriter`] encodes
//! each dataset on the caller's thread (libnetcdf and HDF5 are not thread-safe, and this keeps
//! them on one thread) and hands the finished file image to a committer thread, which writes it
//! through [`atmokit_core::output::write_atomic`] (temporary file, `fsync`, rename, folder
//! `fsync`). Encoding part `k + 1` overlaps the disk work of part `k`, which is what a day-by-day
//! pipeline (`atmokit qc FILES --out-dir DIR`) waits on.
//!
//! Outputs are committed in the order given. After a failed commit nothing more is committed:
//! the next [`BackgroundWriter::write_netcdf`] or [`BackgroundWriter::finish`] returns that
//! error. Memory is bounded by `queue` encoded images waiting plus the one being committed.

use crate::error::{Error, Result};
use crate::memory::Image;
use crate::write::{WriteOptions, encode_for};
use atmokit_core::Dataset;
use atmokit_core::output::{OutputOptions, write_atomic};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

/// What runs once a file is on disk (e.g. a progress line).
type AfterCommit = Box<dyn FnOnce() + Send>;

/// One encoded file waiting for the disk.
struct Job {
    path: PathBuf,
    image: Image,
    out: OutputOptions,
    after: Option<AfterCommit>,
}

/// Writes netCDF files with the disk part on a background thread (see the module docs).
///
/// ```no_run
/// use atmokit_netcdf::{BackgroundWriter, WriteOptions, read};
/// let mut w = BackgroundWriter::new(2);
/// for day in ["day1.nc", "day2.nc"] {
///     let ds = read(day)?;
///     w.write_netcdf(&ds, format!("out/{day}"), &WriteOptions::default())?;
/// }
/// w.finish()?; // waits for the last files; reports a failed commit
/// # Ok::<(), atmokit_netcdf::Error>(())
/// ```
pub struct BackgroundWriter {
    tx: Option<SyncSender<Job>>,
    committer: Option<JoinHandle<Result<()>>>,
}

impl BackgroundWriter {
    /// A writer whose committer holds at most `queue` encoded files waiting (at least 1).
    pub fn new(queue: usize) -> Self {
        Self::with_commit(queue, |job| {
            Ok(write_atomic(&job.path, job.image.as_bytes(), &job.out)?)
        })
    }

    /// A writer whose committer runs `commit` on each file in order, stopping at its first error.
    fn with_commit(queue: usize, commit: impl Fn(&Job) -> Result<()> + Send + 'static) -> Self {
        let (tx, rx) = sync_channel::<Job>(queue.max(1));
        let committer = std::thread::spawn(move || -> Result<()> {
            for mut job in rx {
                commit(&job)?;
                if let Some(after) = job.after.take() {
                    after();
                }
            }
            Ok(())
        });
        BackgroundWriter {
            tx: Some(tx),
            committer: Some(committer),
        }
    }

    /// Encode `ds` now (as [`crate::write_netcdf`] does) and queue the file for `path`; waits
    /// while the queue is full. Returns an earlier file's commit error, if one failed (this
    /// dataset is then not written).
    ///
    /// # Errors
    /// A bad target or an encoding error of this dataset, or an earlier commit error.
    pub fn write_netcdf(&mut self, ds: &Dataset, path: impl AsRef<Path>, opts: &WriteOptions) -> Result<()> {
        self.queue(ds, path.as_ref(), opts, None)
    }

    /// [`BackgroundWriter::write_netcdf`], running `after` on the committer thread once the file
    /// is on disk (not when its commit fails).
    ///
    /// # Errors
    /// As [`BackgroundWriter::write_netcdf`].
    pub fn write_netcdf_then(
        &mut self,
        ds: &Dataset,
        path: impl AsRef<Path>,
        opts: &WriteOptions,
        after: impl FnOnce() + Send + 'static,
    ) -> Result<()> {
        self.queue(ds, path.as_ref(), opts, Some(Box::new(after)))
    }

    fn queue(&mut self, ds: &Dataset, path: &Path, opts: &WriteOptions, after: Option<AfterCommit>) -> Result<()> {
        let (image, out) = encode_for(ds, path, opts)?;
        let job = Job {
            path: path.to_path_buf(),
            image,
            out,
            after,
        };
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(job).is_ok());
        if sent {
            return Ok(());
        }
        // The committer stopped: it failed, and its error says why.
        self.join()?;
        Err(Error::Invalid {
            path: path.to_path_buf(),
            reason: "the background writer has stopped".into(),
        })
    }

    /// Wait until every queued file is on disk.
    ///
    /// # Errors
    /// The first commit that failed.
    pub fn finish(mut self) -> Result<()> {
        self.join()
    }

    fn join(&mut self) -> Result<()> {
        self.tx = None;
        match self.committer.take() {
            Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            None => Ok(()),
        }
    }
}

impl Drop for BackgroundWriter {
    /// Queued files are still committed when the writer is dropped without [`finish`]; their
    /// errors are then lost, so call [`BackgroundWriter::finish`].
    ///
    /// [`finish`]: BackgroundWriter::finish
    fn drop(&mut self) {
        let _ = self.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn day(k: i32) -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![k, k + 1, k + 2]).unwrap())
            .unwrap();
        ds
    }

    /// Files land in order with the same bytes as `write_netcdf`; a failed commit stops the
    /// rest and is reported.
    #[test]
    fn commits_in_order_and_reports_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let o = WriteOptions::default();
        let mut w = BackgroundWriter::new(1);
        for k in 0..5 {
            w.write_netcdf(&day(k), dir.path().join(format!("{k}.nc")), &o).unwrap();
        }
        w.finish().unwrap();
        for k in 0..5 {
            let ds = crate::read(dir.path().join(format!("{k}.nc"))).unwrap();
            assert_eq!(
                ds.view::<i32>("x").unwrap().iter().copied().collect::<Vec<_>>(),
                [k, k + 1, k + 2]
            );
        }
        let direct = dir.path().join("direct.nc");
        crate::write_netcdf(&day(0), &direct, &o).unwrap();
        let a = std::fs::read(&direct).unwrap();
        let b = std::fs::read(dir.path().join("0.nc")).unwrap();
        assert_eq!(a.len(), b.len(), "the same encoding as write_netcdf");

        // A commit that fails (here on "b.nc"): the files queued after it are not committed, and
        // the error comes back from the next write or from finish.
        let done = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = done.clone();
        let mut w = BackgroundWriter::with_commit(8, move |job| {
            let name = job.path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "b.nc" {
                return Err(Error::Invalid {
                    path: job.path.clone(),
                    reason: "disk full".into(),
                });
            }
            seen.lock().unwrap().push(name);
            Ok(())
        });
        let mut results = Vec::new();
        let announced = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        for name in ["a.nc", "b.nc", "c.nc", "d.nc"] {
            let said = announced.clone();
            let then = move || said.lock().unwrap().push(name);
            results.push(w.write_netcdf_then(&day(1), dir.path().join(name), &o, then));
        }
        let end = w.finish();
        let errors: Vec<String> = results
            .into_iter()
            .chain([end])
            .filter_map(|r| r.err().map(|e| e.to_string()))
            .collect();
        // The failed commit's error comes first (from a later write or from finish); any write
        // after that is refused as stopped.
        assert!(!errors.is_empty(), "the failure is reported");
        assert!(
            errors[0].contains("b.nc") && errors[0].contains("disk full"),
            "{errors:?}"
        );
        assert!(errors[1..].iter().all(|e| e.contains("stopped")), "{errors:?}");
        assert_eq!(*done.lock().unwrap(), ["a.nc"]);
        assert_eq!(
            *announced.lock().unwrap(),
            ["a.nc"],
            "only committed files are announced"
        );
    }
}

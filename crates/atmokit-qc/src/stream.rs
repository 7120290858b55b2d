//! Streaming QC: run tests over a series of datasets (daily files, time blocks) one at a time,
//! with flags equal to those of the concatenated series.
//!
//! ARM processes data day by day: daily files in, daily files out. [`QcStream`] takes the parts
//! of a series in time order (any iterator of datasets: files as they are read, blocks of a long
//! file) and yields one quality-controlled dataset per part, keeping in memory only the part being
//! tested, the few parts read ahead to fill the context after it, and the context before it.
//!
//! Windowed tests look across part boundaries: each part is tested together with the samples
//! around it that its tests can see (one sample each side for the delta test, the window each
//! side for the persistence test), and only the part's own samples are kept. So the flags equal
//! those of [`crate::spec::apply_all`] on the concatenated series, also across a gap in time
//! (neighbours are neighbouring samples, as in the concatenated series) and around a part with no
//! samples. Tests whose flags depend on the whole series (`iqr`, `gesd`, `step_change`) cannot be
//! streamed and are refused by [`QcStream::new`].
//!
//! ```
//! use atmokit_core::{Dataset, Variable};
//! use atmokit_qc::spec::TestSpec;
//! use atmokit_qc::stream::QcStream;
//! let day = |xs: Vec<f32>| -> atmokit_core::Result<Dataset> {
//!     let mut ds = Dataset::new();
//!     ds.insert("temp", Variable::new(["time"], xs)?)?;
//!     Ok(ds)
//! };
//! // The jump from 1 to 9 is between the two days: both samples around it are flagged.
//! let days = vec![day(vec![1.0, 1.0]), day(vec![9.0, 9.0])];
//! let specs = vec![TestSpec::parse("temp:delta:5")?];
//! let out: Vec<Dataset> = QcStream::new(days.into_iter(), specs, false)?.collect::<atmokit_core::Result<_>>()?;
//! assert_eq!(out[0].view::<i32>("qc_temp")?.as_slice().unwrap(), &[0, 1]);
//! assert_eq!(out[1].view::<i32>("qc_temp")?.as_slice().unwrap(), &[1, 0]);
//! # Ok::<(), atmokit_core::Error>(())
//! ```

use crate::cleanup::{CleanupOptions, cleanup};
use crate::spec::{TestKind, TestSpec, apply_all};
use atmokit_core::{Dataset, Error, Result};
use std::collections::{HashSet, VecDeque};

/// The dim the series runs along.
const TIME: &str = "time";

/// Samples of context a test needs before and after each sample, or an error for a test whose
/// flags depend on the whole series.
pub fn context_of(spec: &TestSpec) -> Result<(usize, usize)> {
    Ok(match &spec.kind {
        TestKind::Delta(_) => (1, 1),
        // The centred window reaches window/2 back and the rest ahead; taking the whole window
        // on both sides also keeps every tested block at least one window long.
        TestKind::Persistence { window, .. } => (*window, *window),
        TestKind::Iqr(_) | TestKind::Gesd(..) | TestKind::StepChange(..) => {
            return Err(Error::data(
                &spec.variable,
                format!(
                    "test {:?} uses the whole series: it cannot be run file by file",
                    spec.kind
                ),
            ));
        }
        _ => (0, 0),
    })
}

/// The quality-controlled parts of a series, one per input part, in order; see the module docs.
pub struct QcStream<I> {
    source: I,
    specs: Vec<TestSpec>,
    cleanup: bool,
    before: usize,
    after: usize,
    /// The last `before` samples of the parts already yielded (cleaned, untested).
    tail: Option<Dataset>,
    /// Parts read ahead (cleaned, untested); the first is the next to test.
    queue: VecDeque<Dataset>,
    exhausted: bool,
}

impl<I, E> QcStream<I>
where
    I: Iterator<Item = std::result::Result<Dataset, E>>,
    E: From<Error>,
{
    /// Stream `specs` over the parts `source` yields (in time order), running the ARM → CF
    /// cleanup on each part first when `cleanup` is set.
    ///
    /// # Errors
    /// A test that cannot be streamed (see [`context_of`]).
    pub fn new(source: I, specs: Vec<TestSpec>, cleanup: bool) -> Result<Self> {
        let (mut before, mut after) = (0, 0);
        for s in &specs {
            let (b, a) = context_of(s)?;
            before = before.max(b);
            after = after.max(a);
        }
        Ok(QcStream {
            source,
            specs,
            cleanup,
            before,
            after,
            tail: None,
            queue: VecDeque::new(),
            exhausted: false,
        })
    }

    /// Read the next part (cleaned), or None at the end.
    fn pull(&mut self) -> Option<std::result::Result<Dataset, E>> {
        if self.exhausted {
            return None;
        }
        match self.source.next() {
            None => {
                self.exhausted = true;
                None
            }
            Some(Err(e)) => Some(Err(e)),
            Some(Ok(mut ds)) => {
                if self.cleanup
                    && let Err(e) = cleanup(&mut ds, &CleanupOptions::default())
                {
                    return Some(Err(e.into()));
                }
                Some(Ok(ds))
            }
        }
    }

    fn step(&mut self) -> Option<std::result::Result<Dataset, E>> {
        if self.queue.is_empty() {
            match self.pull()? {
                Ok(ds) => self.queue.push_back(ds),
                Err(e) => return Some(Err(e)),
            }
        }
        // Read ahead until the parts after the current one hold `after` samples.
        while self.queue.iter().skip(1).map(time_len).sum::<usize>() < self.after {
            match self.pull() {
                None => break,
                Some(Ok(ds)) => self.queue.push_back(ds),
                Some(Err(e)) => return Some(Err(e)),
            }
        }
        let cur = self.queue.pop_front()?;
        Some(self.test(cur).map_err(E::from))
    }

    /// Test one part with its context; keep its samples; update the context before the next.
    fn test(&mut self, cur: Dataset) -> Result<Dataset> {
        let n = time_len(&cur);
        // Context for the next part (the last `before` samples so far), taken before testing.
        let next_tail = if self.before > 0 && cur.dim_len(TIME).is_some() {
            let keep_cur = along_time(cur.isel_range(TIME, n.saturating_sub(self.before)..n)?)?;
            let joined = match &self.tail {
                Some(t) if n < self.before => concat(vec![t.clone(), keep_cur])?,
                _ => keep_cur,
            };
            let len = time_len(&joined);
            Some(if len > self.before {
                joined.isel_range(TIME, len - self.before..len)?
            } else {
                joined
            })
        } else {
            self.tail.clone()
        };
        let head = self.tail.as_ref().map_or(0, time_len);
        let mut ahead_parts = Vec::new();
        let mut ahead = 0;
        for p in &self.queue {
            if ahead >= self.after {
                break;
            }
            let k = (self.after - ahead).min(time_len(p));
            if k > 0 {
                ahead_parts.push(along_time(p.isel_range(TIME, 0..k)?)?);
                ahead += k;
            }
        }
        let out = if head == 0 && ahead_parts.is_empty() {
            let mut block = cur;
            apply_all(&mut block, &self.specs)?;
            block
        } else {
            let mut parts: Vec<Dataset> = Vec::with_capacity(2 + ahead_parts.len());
            parts.extend(self.tail.take().filter(|t| time_len(t) > 0));
            parts.push(cur);
            parts.extend(ahead_parts);
            let known: HashSet<String> = parts.iter().flat_map(|p| p.names().map(str::to_string)).collect();
            let mut block = Dataset::concat(&parts, TIME)?;
            apply_all(&mut block, &self.specs)?;
            let cur = parts.swap_remove(usize::from(head > 0));
            keep_part(&cur, &block, head..head + n, &known)?
        };
        self.tail = next_tail;
        Ok(out)
    }
}

/// The part `cur` after testing: its variables with the tested values of `block` over `range`
/// where they run along time (the others as they are), plus the variables the tests created.
fn keep_part(
    cur: &Dataset,
    block: &Dataset,
    range: std::ops::Range<usize>,
    known: &HashSet<String>,
) -> Result<Dataset> {
    let mine = block.isel_range(TIME, range)?;
    let mut out = Dataset::new();
    *out.attrs_mut() = cur.attrs().clone();
    for (name, v) in cur.variables() {
        let keep = match mine.var(name) {
            Some(t) if v.axis_of(TIME).is_some() => t.clone(),
            _ => v.clone(),
        };
        out.insert(name, keep)?;
    }
    for (name, v) in mine.variables() {
        if !known.contains(name) {
            out.insert(name, v.clone())?;
        }
    }
    for d in cur.unlimited_dims() {
        out.set_unlimited(d, true);
    }
    Ok(out)
}

impl<I, E> Iterator for QcStream<I>
where
    I: Iterator<Item = std::result::Result<Dataset, E>>,
    E: From<Error>,
{
    type Item = std::result::Result<Dataset, E>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step()
    }
}

/// Samples along time (0 for a part without a time dim).
fn time_len(ds: &Dataset) -> usize {
    ds.dim_len(TIME).unwrap_or(0)
}

/// Only the variables that run along time: context parts lend their samples, while the tested
/// part's other variables (ARM's `base_time`, `lat`, `lon`) stand for the whole block.
fn along_time(mut ds: Dataset) -> Result<Dataset> {
    let names: Vec<String> = ds
        .variables()
        .filter(|(_, v)| v.axis_of(TIME).is_some())
        .map(|(n, _)| n.to_string())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    ds.keep(&names)?;
    Ok(ds)
}

/// Join parts along time, as the concatenated read does.
fn concat(parts: Vec<Dataset>) -> Result<Dataset> {
    Dataset::concat(&parts, TIME)
}

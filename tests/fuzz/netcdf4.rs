//! Mutation fuzzing of the netCDF-4 (HDF5) read path: the gate (`atmokit_hdf5::check_file`)
//! then libnetcdf, in-process.
//!
//! Each case is a netCDF-4 oracle file mutated deterministically from a seed, near the
//! signatures of its metadata blocks (object headers, B-trees, heaps, symbol nodes) or anywhere
//! in its first 64 KiB: bits flipped, bytes or 8-byte fields set to boundary values, bytes
//! inserted, deleted or cut. A panic, a read slower than 5 s or a single allocation over 1 GB
//! fails the run; a read that has not returned after `ATMOKIT_FUZZ_HANG_SECS` (default 30 s)
//! is a hang: a watchdog thread prints its seed, keeps the case file and aborts the process (a
//! thread stuck inside libhdf5 cannot be stopped otherwise). A crash inside libhdf5 kills the
//! process; with `ATMOKIT_FUZZ_STATE` set, the seed of each case is written to that file first,
//! so a driver loop can record it and restart at the next seed (`tests/fuzz/netcdf4-long.sh`).
//! `ATMOKIT_FUZZ_WRITE=FILE` writes the case of `ATMOKIT_FUZZ_SEED` to FILE without reading it.

use crate::alloc_limit;
use atmokit_netcdf::{ReadOptions, read_arm_netcdf};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// splitmix64: a small, deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Signatures of HDF5 metadata blocks.
const SIGNATURES: [&[u8; 4]; 19] = [
    b"\x89HDF", b"OHDR", b"OCHK", b"TREE", b"HEAP", b"SNOD", b"FRHP", b"FHDB", b"FHIB", b"BTHD", b"BTLF", b"BTIN",
    b"GCOL", b"FAHD", b"FADB", b"EAHD", b"EAIB", b"EASB", b"EADB",
];

/// Offsets of metadata block signatures in `b`.
fn block_starts(b: &[u8]) -> Vec<usize> {
    b.windows(4)
        .enumerate()
        .filter(|(_, w)| SIGNATURES.iter().any(|s| &s[..] == *w))
        .map(|(i, _)| i)
        .collect()
}

const VALUES: [u64; 16] = [
    0,
    1,
    2,
    255,
    256,
    257,
    0xFFFF,
    0x7FFF_FFFF,
    0xFFFF_FFFF,
    1 << 32,
    1 << 40,
    i64::MAX as u64,
    u64::MAX,
    u64::MAX - 1,
    8,
    4096,
];

/// A position to mutate: near a block signature most of the time.
fn position(b: &[u8], starts: &[usize], rng: &mut Rng) -> usize {
    if !starts.is_empty() && rng.below(4) != 0 {
        let s = starts[rng.below(starts.len())];
        (s + rng.below(256)).min(b.len().saturating_sub(1))
    } else {
        rng.below(b.len().min(65_536))
    }
}

/// One mutated case from `base`: 1 to 3 mutations chosen by `rng`.
fn mutate(base: &[u8], starts: &[usize], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(3) {
        if b.is_empty() {
            break;
        }
        let i = position(&b, starts, rng);
        match rng.below(10) {
            0..=2 => b[i] ^= 1 << rng.below(8),
            3 | 4 => b[i] = [0, 0xFF, 0x80, 0x7F, 1, rng.next() as u8][rng.below(6)],
            5 | 6 => {
                let width = [2usize, 4, 8][rng.below(3)];
                let v = VALUES[rng.below(VALUES.len())].to_le_bytes();
                let end = (i + width).min(b.len());
                b[i..end].copy_from_slice(&v[..end - i]);
            }
            7 => {
                let n = 1 + rng.below(8);
                let fill = rng.next() as u8;
                b.splice(i..i, std::iter::repeat_n(fill, n));
            }
            8 => {
                let n = (1 + rng.below(8)).min(b.len() - i);
                b.drain(i..i + n);
            }
            _ => b.truncate(i),
        }
    }
    b
}

/// netCDF-4 oracle files, with their names, a file of our writer with a string variable
/// (variable-length values in a global heap, which no oracle file has) and dense attributes,
/// and the seeds of `tests/fuzz/seeds` (made by its `make_seeds.py` with h5py): the fixed-array,
/// extensible-array and version-2 B-tree chunk indexes and huge fractal-heap objects.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = atmokit_tests::oracle_dir().join("data");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut files: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .filter_map(|p| {
            let b = std::fs::read(&p).ok()?;
            (b.starts_with(b"\x89HDF\r\n\x1a\n") && b.len() <= 2_500_000)
                .then(|| (p.file_name().unwrap().to_string_lossy().into_owned(), b))
        })
        .collect();
    files.push(("written_strings.nc".into(), written_strings()));
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for name in ["v4_indexes.h5", "huge_attrs.h5"] {
        let b = std::fs::read(seeds.join(name)).unwrap_or_else(|e| panic!("seed {name}: {e}"));
        files.push((name.into(), b));
    }
    files
}

fn written_strings() -> Vec<u8> {
    use atmokit_core::{Dataset, Variable};
    let mut ds = Dataset::new();
    let names: Vec<String> = ["alpha", "", "gamma delta", "epsilon"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let names = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[4]), names).unwrap();
    let mut v = Variable::new(["station"], names).unwrap();
    for i in 0..12 {
        v = v.with_attr(&format!("attr_{i:02}"), format!("value {i}"));
    }
    ds.insert("station_name", v).unwrap();
    let t = Variable::new(["station"], vec![1.5f32, 2.5, 3.5, 4.5])
        .unwrap()
        .with_attr("units", "K");
    ds.insert("temp", t).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("strings.nc");
    let opts = atmokit_netcdf::WriteOptions {
        format: atmokit_netcdf::Format::Netcdf4,
        ..Default::default()
    };
    atmokit_netcdf::write_netcdf(&ds, &p, &opts).unwrap();
    std::fs::read(&p).unwrap()
}

/// The case being read, shared with the watchdog: its seed and when its read started
/// (milliseconds since `t0`, plus one; 0 while no read runs).
struct Current {
    t0: Instant,
    seed: AtomicU64,
    since: AtomicU64,
}

impl Current {
    fn new() -> Self {
        Current {
            t0: Instant::now(),
            seed: AtomicU64::new(0),
            since: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        self.t0.elapsed().as_millis() as u64 + 1
    }

    /// Mark the start of the read of `seed`.
    fn start(&self, seed: u64) {
        self.seed.store(seed, Ordering::SeqCst);
        self.since.store(self.now(), Ordering::SeqCst);
    }

    /// Mark the end of the read.
    fn done(&self) {
        self.since.store(0, Ordering::SeqCst);
    }
}

/// Start a thread that aborts the process, naming the seed and keeping a copy of the case
/// file, when one read runs longer than `limit`.
fn watchdog(current: Arc<Current>, case: PathBuf, limit: Duration) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let since = current.since.load(Ordering::SeqCst);
            if since != 0 && current.now().saturating_sub(since) > limit.as_millis() as u64 {
                let seed = current.seed.load(Ordering::SeqCst);
                let keep = std::env::temp_dir().join(format!("atmokit-fuzz-hang-seed{seed}.nc"));
                let _ = std::fs::copy(&case, &keep);
                // Straight to stderr: the test harness's capture would be lost on abort.
                let _ = writeln!(
                    std::io::stderr(),
                    "fuzz netcdf4: seed {seed} hangs (read still running after {limit:?}); \
                     case kept as {}; rerun with ATMOKIT_FUZZ_SEED={seed}",
                    keep.display()
                );
                std::process::abort();
            }
        }
    });
}

fn read_case(p: &Path) -> Result<(), String> {
    read_arm_netcdf(&[p], &ReadOptions::default()).map(|_| ()).map_err(|e| {
        let d = format!("{e:?}");
        d.split([' ', '{', '(']).next().unwrap_or("").to_string()
    })
}

#[test]
fn netcdf4_files() {
    let env = |k: &str| std::env::var(k).ok().and_then(|s| s.parse::<u64>().ok());
    let secs = env("ATMOKIT_FUZZ_SECS").unwrap_or(20);
    let first_seed = env("ATMOKIT_FUZZ_SEED").unwrap_or(1);
    let state = std::env::var("ATMOKIT_FUZZ_STATE").ok();
    let corpus = corpus();
    assert!(corpus.len() >= 13, "{} netCDF-4 files", corpus.len());
    let starts: Vec<Vec<usize>> = corpus.iter().map(|(_, b)| block_starts(b)).collect();
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let case = dir.path().join("case.nc");
    eprintln!("fuzz netcdf4: {} files, case file {}", corpus.len(), case.display());
    let hang = Duration::from_secs(env("ATMOKIT_FUZZ_HANG_SECS").unwrap_or(30));
    let current = Arc::new(Current::new());
    watchdog(current.clone(), case.clone(), hang);
    let start = Instant::now();
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    let mut panics = Vec::new();
    let (mut max_alloc, mut slowest) = (0usize, Duration::ZERO);
    let mut seed = first_seed;
    let mut report = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if report.elapsed() > Duration::from_secs(60) {
            eprintln!("fuzz netcdf4: {} executions, outcomes {outcomes:?}", seed - first_seed);
            report = Instant::now();
        }
        let mut rng = Rng(seed);
        let k = rng.below(corpus.len());
        let bytes = mutate(&corpus[k].1, &starts[k], &mut rng);
        std::fs::write(&case, &bytes).unwrap();
        if let Some(out) = std::env::var_os("ATMOKIT_FUZZ_WRITE") {
            std::fs::write(&out, &bytes).unwrap();
            eprintln!(
                "fuzz netcdf4: seed {seed} ({}) written to {out:?}, not read",
                corpus[k].0
            );
            return;
        }
        if let Some(s) = &state {
            std::fs::write(s, format!("{seed} {}\n", corpus[k].0)).unwrap();
        }
        alloc_limit::reset();
        let t = Instant::now();
        current.start(seed);
        let outcome = std::panic::catch_unwind(|| read_case(&case));
        current.done();
        match outcome {
            Ok(Ok(())) => *outcomes.entry("Ok".into()).or_default() += 1,
            Ok(Err(kind)) => *outcomes.entry(kind).or_default() += 1,
            Err(_) => {
                let _ = std::fs::copy(&case, dir.path().join(format!("panic-{seed}.nc")));
                panics.push(format!("seed {seed} ({})", corpus[k].0));
            }
        }
        let took = t.elapsed();
        assert!(
            took < Duration::from_secs(5),
            "seed {seed} ({}): read took {took:?}",
            corpus[k].0
        );
        slowest = slowest.max(took);
        max_alloc = max_alloc.max(alloc_limit::max_alloc());
        seed += 1;
    }
    let execs = seed - first_seed;
    eprintln!(
        "fuzz netcdf4: {execs} executions in {:.1} s (seeds {first_seed}..{seed}), outcomes {outcomes:?}, \
         largest single allocation {max_alloc} bytes, slowest read {slowest:?}, panics {}",
        start.elapsed().as_secs_f64(),
        panics.len()
    );
    if !panics.is_empty() {
        let _ = dir.keep();
    }
    assert!(panics.is_empty(), "panics: {panics:?}");
    assert!(max_alloc <= alloc_limit::LIMIT);
    assert!(execs > 0);
}

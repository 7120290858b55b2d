//! Structured fuzzing of the classic netCDF reader (CDF-1, CDF-2, CDF-5).
//!
//! Each case is a classic oracle file whose header is mutated deterministically from a seed: the
//! header's fields are located (names, dimension lengths, counts, types, attribute lengths,
//! record count, offsets, list tags) and set to boundary values, or bytes are flipped, inserted,
//! deleted or cut. Each case is read through the public API (`read`, sometimes with a keep list)
//! in-process; a panic, a read slower than 5 s or a single allocation over 1 GB fails the run.

use crate::alloc_limit;
use atmokit_netcdf::{ReadOptions, read_arm_netcdf};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

/// What a header field holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Numrecs,
    Tag,
    Count,
    NameLen,
    DimLen,
    NDims,
    DimId,
    Type,
    AttrLen,
    VSize,
    Begin,
}

#[derive(Clone, Copy, Debug)]
struct Field {
    off: usize,
    width: usize,
    kind: Kind,
}

/// Where the fields and names of a header are (found by a tolerant walk that stops at the first
/// inconsistency).
#[derive(Default)]
struct Layout {
    fields: Vec<Field>,
    names: Vec<(usize, usize)>,
    end: usize,
}

struct Walk<'a> {
    b: &'a [u8],
    pos: usize,
    cw: usize,
    ow: usize,
    out: Layout,
}

impl Walk<'_> {
    fn num(&mut self, width: usize, kind: Kind) -> Option<u64> {
        let s = self.b.get(self.pos..self.pos + width)?;
        let v = s.iter().fold(0u64, |a, &x| (a << 8) | u64::from(x));
        self.out.fields.push(Field {
            off: self.pos,
            width,
            kind,
        });
        self.pos += width;
        Some(v)
    }
    fn skip(&mut self, n: u64) -> Option<()> {
        let n = usize::try_from(n.checked_add(3)? / 4 * 4).ok()?;
        self.pos = self.pos.checked_add(n).filter(|&p| p <= self.b.len())?;
        Some(())
    }
    fn name(&mut self) -> Option<()> {
        let n = self.num(self.cw, Kind::NameLen)?;
        self.out.names.push((self.pos, n.min(4096) as usize));
        self.skip(n)
    }
    fn list(&mut self) -> Option<u64> {
        self.num(4, Kind::Tag)?;
        let n = self.num(self.cw, Kind::Count)?;
        (n < 1_000_000).then_some(n)
    }
    fn attrs(&mut self) -> Option<()> {
        for _ in 0..self.list()? {
            self.name()?;
            let ty = self.num(4, Kind::Type)?;
            let n = self.num(self.cw, Kind::AttrLen)?;
            let size = match ty {
                1 | 2 | 7 => 1,
                3 | 8 => 2,
                4 | 5 | 9 => 4,
                _ => 8,
            };
            self.skip(n.checked_mul(size)?)?;
        }
        Some(())
    }
    fn header(&mut self) -> Option<()> {
        self.num(self.cw, Kind::Numrecs)?;
        for _ in 0..self.list()? {
            self.name()?;
            self.num(self.cw, Kind::DimLen)?;
        }
        self.attrs()?;
        for _ in 0..self.list()? {
            self.name()?;
            let nd = self.num(self.cw, Kind::NDims)?;
            for _ in 0..nd.min(2048) {
                self.num(self.cw, Kind::DimId)?;
            }
            self.attrs()?;
            self.num(4, Kind::Type)?;
            self.num(self.cw, Kind::VSize)?;
            self.num(self.ow, Kind::Begin)?;
        }
        Some(())
    }
}

fn layout(b: &[u8]) -> Layout {
    let version = b.get(3).copied().unwrap_or(1);
    let mut w = Walk {
        b,
        pos: 4,
        cw: if version == 5 { 8 } else { 4 },
        ow: if version == 1 { 4 } else { 8 },
        out: Layout::default(),
    };
    let _ = w.header();
    w.out.end = w.pos.min(b.len());
    w.out
}

/// A boundary value for a field of `kind` currently holding `cur` in a file of `len` bytes.
fn interesting(rng: &mut Rng, kind: Kind, cur: u64, len: u64) -> u64 {
    const COMMON: [u64; 20] = [
        0,
        1,
        2,
        3,
        4,
        255,
        256,
        257,
        4000,
        0x7FFF,
        0xFFFF,
        0x7FFF_FFFF,
        0x8000_0000,
        0xFFFF_FFFE,
        0xFFFF_FFFF,
        1 << 32,
        1 << 40,
        1 << 62,
        i64::MAX as u64,
        u64::MAX,
    ];
    match rng.below(6) {
        0 => COMMON[rng.below(COMMON.len())],
        1 => cur.wrapping_add(1 + rng.next() % 4),
        2 => cur.wrapping_sub(1 + rng.next() % 4),
        3 => match kind {
            Kind::Type => rng.next() % 14,
            Kind::Tag => [0, 10, 11, 12, 13][rng.below(5)],
            Kind::DimId | Kind::NDims => rng.next() % 8,
            Kind::Begin => len.wrapping_add(rng.next() % 64).wrapping_sub(32),
            _ => cur.wrapping_mul(2 + rng.next() % 1000),
        },
        4 => len.wrapping_add(rng.next() % 9).wrapping_sub(4),
        _ => rng.next() >> rng.below(64),
    }
}

fn put(b: &mut [u8], f: Field, v: u64) {
    let bytes = v.to_be_bytes();
    b[f.off..f.off + f.width].copy_from_slice(&bytes[8 - f.width..]);
}

/// One mutated case from `base`: 1 to 3 mutations chosen by `rng`.
fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(3) {
        let lay = layout(&b);
        let head = lay.end.max(4);
        match rng.below(20) {
            0..=9 if !lay.fields.is_empty() => {
                let f = lay.fields[rng.below(lay.fields.len())];
                let cur = b[f.off..f.off + f.width]
                    .iter()
                    .fold(0u64, |a, &x| (a << 8) | u64::from(x));
                let v = interesting(rng, f.kind, cur, b.len() as u64);
                put(&mut b, f, v);
            }
            10 | 11 => {
                let i = rng.below(head);
                b[i] ^= 1 << rng.below(8);
            }
            12 => {
                let i = rng.below(head);
                b[i] = [0, 0xFF, 0x80, 0x7F, rng.next() as u8][rng.below(5)];
            }
            13 => {
                let n = rng.below(b.len() + 1);
                b.truncate(n);
            }
            14 => {
                let n = (head + rng.below(64)).min(b.len());
                b.truncate(n);
            }
            15 => {
                let i = rng.below(head);
                let n = 1 + rng.below(8);
                let fill = rng.next() as u8;
                b.splice(i..i, std::iter::repeat_n(fill, n));
            }
            16 => {
                let i = rng.below(head);
                let n = (1 + rng.below(8)).min(b.len() - i);
                b.drain(i..i + n);
            }
            17 if !lay.names.is_empty() => {
                let (at, n) = lay.names[rng.below(lay.names.len())];
                let end = (at + n).min(b.len());
                for x in &mut b[at..end] {
                    if rng.below(3) == 0 {
                        *x = [0xFF, 0xC3, 0x80, 0][rng.below(4)];
                    }
                }
            }
            18 => {
                if b.len() > 3 {
                    b[3] = [1, 2, 5, 0, 3, 0xFF][rng.below(6)];
                }
            }
            _ => {
                let n = rng.below(32);
                b.extend((0..n).map(|_| rng.next() as u8));
            }
        }
    }
    b
}

/// Classic oracle files up to 2.5 MB, with their names.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = atmokit_tests::oracle_dir().join("data");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let b = std::fs::read(&p).ok()?;
            (b.starts_with(b"CDF") && b.len() <= 2_500_000)
                .then(|| (p.file_name().unwrap().to_string_lossy().into_owned(), b))
        })
        .collect()
}

fn read_case(p: &Path, keep: bool) -> Result<(), String> {
    let mut opts = ReadOptions::default();
    if keep {
        opts = opts.keep(&["time", "temp_mean", "base_time"]);
    }
    read_arm_netcdf(&[p], &opts).map(|_| ()).map_err(|e| {
        let d = format!("{e:?}");
        d.split([' ', '{', '(']).next().unwrap_or("").to_string()
    })
}

#[test]
fn classic_headers() {
    let secs: u64 = std::env::var("ATMOKIT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let first_seed: u64 = std::env::var("ATMOKIT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let corpus = corpus();
    assert!(corpus.len() >= 30, "{} classic oracle files", corpus.len());
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let case = dir.path().join("case.cdf");
    eprintln!("fuzz classic: {} files, case file {}", corpus.len(), case.display());
    let start = Instant::now();
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    let mut panics = Vec::new();
    let (mut max_alloc, mut slowest) = (0usize, Duration::ZERO);
    let mut seed = first_seed;
    let mut report = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if report.elapsed() > Duration::from_secs(60) {
            eprintln!("fuzz classic: {} executions, outcomes {outcomes:?}", seed - first_seed);
            report = Instant::now();
        }
        let mut rng = Rng(seed);
        let (name, base) = &corpus[rng.below(corpus.len())];
        let bytes = mutate(base, &mut rng);
        std::fs::write(&case, &bytes).unwrap();
        alloc_limit::reset();
        let t = Instant::now();
        let keep = rng.below(8) == 0;
        match std::panic::catch_unwind(|| read_case(&case, keep)) {
            Ok(Ok(())) => *outcomes.entry("Ok".into()).or_default() += 1,
            Ok(Err(kind)) => *outcomes.entry(kind).or_default() += 1,
            Err(_) => {
                let keep_as = dir.path().join(format!("panic-{seed}.cdf"));
                let _ = std::fs::copy(&case, &keep_as);
                panics.push(format!("seed {seed} ({name})"));
            }
        }
        let took = t.elapsed();
        assert!(
            took < Duration::from_secs(5),
            "seed {seed} ({name}): read took {took:?}"
        );
        slowest = slowest.max(took);
        max_alloc = max_alloc.max(alloc_limit::max_alloc());
        seed += 1;
    }
    let execs = seed - first_seed;
    eprintln!(
        "fuzz classic: {execs} executions in {:.1} s (seeds {first_seed}..{seed}), outcomes {outcomes:?}, \
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

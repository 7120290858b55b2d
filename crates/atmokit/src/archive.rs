//! Archives as inputs: the members of a `.tar`, `.tar.gz` / `.tgz`, `.gz` or `.zip` file, read
//! into memory (never unpacked into the archive's folder) for [`crate::open::open_paths`].
//! Nothing is written to disk: netCDF members (classic and netCDF-4) are decoded from memory;
//! text and raw MPL members are read by the text and MPL readers from memory, registered under
//! their `archive/member` names ([`crate::core::memory_files`]).
//!
//! Reading is bounded: a member's declared size (tar header, zip central directory) is checked
//! against [`Limits`] before anything is allocated for it, and decompression stops one byte past
//! the limit, so a small archive that inflates to gigabytes (a "zip bomb") is refused with an
//! error naming the archive and the member. Directories, links and hidden members (a name part
//! starting with `.`) are skipped; members come back sorted by name, as a folder's files do.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Bounds on what one archive may expand to in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes one member may hold once decompressed.
    pub max_member_bytes: u64,
    /// Most bytes all members of one archive may hold together once decompressed.
    pub max_total_bytes: u64,
    /// Most members one archive may hold (directories and skipped entries included).
    pub max_members: usize,
}

impl Default for Limits {
    /// 1 GiB a member, 4 GiB an archive, 100 000 entries.
    fn default() -> Self {
        Limits {
            max_member_bytes: 1 << 30,
            max_total_bytes: 4 << 30,
            max_members: 100_000,
        }
    }
}

/// One member of an archive, held whole in memory.
#[derive(Clone, Debug)]
pub struct Member {
    /// `archive/member` (`met.tar.gz/sgpmetE13.b1.20190101.000000.cdf`): the name used in
    /// messages and for ARM file-name parsing (its last part is the member's own file name).
    pub name: PathBuf,
    /// The member's bytes.
    pub bytes: Arc<[u8]>,
}

/// Why an archive could not be read; names the archive and, when there is one, the member.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {reason}", archive.display(), member.as_ref().map(|m| format!(": member '{m}'")).unwrap_or_default())]
pub struct ArchiveError {
    /// The archive.
    pub archive: PathBuf,
    /// The member being read, if any.
    pub member: Option<String>,
    /// What went wrong.
    pub reason: String,
}

/// The kinds of archive recognised, by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// POSIX / GNU tar.
    Tar,
    /// gzip-compressed tar (`.tar.gz`, `.tgz`).
    TarGz,
    /// One gzip-compressed file (`.gz`, not `.tar.gz`).
    Gz,
    /// Zip (stored or deflated members).
    Zip,
}

/// The archive format of `path` by its name (any case), or None for a plain file.
pub fn format(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Some(Format::TarGz)
    } else if name.ends_with(".tar") {
        Some(Format::Tar)
    } else if name.ends_with(".gz") {
        Some(Format::Gz)
    } else if name.ends_with(".zip") {
        Some(Format::Zip)
    } else {
        None
    }
}

/// Read the members of the archive at `path` (of [`format()`]) into memory within `limits`.
///
/// # Errors
/// A file that cannot be opened, a damaged or truncated archive, a member over
/// [`Limits::max_member_bytes`] or an archive over [`Limits::max_total_bytes`] /
/// [`Limits::max_members`]; each names the archive and the member.
pub fn read_members(path: &Path, limits: &Limits) -> Result<Vec<Member>, ArchiveError> {
    let err = |member: Option<&str>, reason: String| ArchiveError {
        archive: path.to_path_buf(),
        member: member.map(str::to_string),
        reason,
    };
    let fmt = format(path).ok_or_else(|| err(None, "not an archive (.tar, .tar.gz, .tgz, .gz, .zip)".into()))?;
    // An archive held in memory (a download, see `crate::core::memory_files`) or on disk.
    let file: Box<dyn ReadSeek> = match crate::core::memory_files::lookup(path) {
        Some(bytes) => Box::new(std::io::Cursor::new(bytes)),
        None => {
            let f = std::fs::File::open(path).map_err(|e| err(None, e.to_string()))?;
            Box::new(std::io::BufReader::new(f))
        }
    };
    let mut out = match fmt {
        Format::Tar => read_tar(path, file, limits)?,
        Format::TarGz => read_tar(path, flate2::read::MultiGzDecoder::new(file), limits)?,
        Format::Gz => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("member")
                .to_string();
            let mut gz = flate2::read::MultiGzDecoder::new(file);
            let limit = limits.max_member_bytes.min(limits.max_total_bytes);
            let bytes = read_bounded(&mut gz, limit, 0).map_err(|r| err(Some(&stem), r))?;
            vec![member(path, &stem, bytes)]
        }
        Format::Zip => read_zip(path, file, limits)?,
    };
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// A source an archive can be read from: zip needs to seek.
trait ReadSeek: Read + std::io::Seek {}
impl<T: Read + std::io::Seek> ReadSeek for T {}

fn member(archive: &Path, name: &str, bytes: Vec<u8>) -> Member {
    Member {
        name: archive.join(name),
        bytes: bytes.into(),
    }
}

/// Read all of `r`, refusing more than `limit` bytes; `hint` (a declared size, at most `limit`)
/// is reserved up front.
fn read_bounded(r: &mut dyn Read, limit: u64, hint: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::with_capacity(usize::try_from(hint.min(limit)).unwrap_or(0));
    let n = r
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| format!("damaged or truncated: {e}"))?;
    if n as u64 > limit {
        return Err(format!("expands to more than the limit of {limit} bytes; refused"));
    }
    Ok(buf)
}

/// A member name worth reading: a regular file, no part hidden, no `..`.
fn wanted(name: &str) -> bool {
    !name.is_empty() && !name.ends_with('/') && name.split('/').all(|p| !p.starts_with('.') || p.is_empty())
}

/// Bookkeeping of the limits across an archive's members.
struct Budget<'a> {
    limits: &'a Limits,
    entries: usize,
    total: u64,
}

impl Budget<'_> {
    /// Count one more entry; an error once there are too many.
    fn entry(&mut self) -> Result<(), String> {
        self.entries += 1;
        if self.entries > self.limits.max_members {
            return Err(format!("more than {} members; refused", self.limits.max_members));
        }
        Ok(())
    }

    /// The most bytes the next member may take, after checking its declared size against it.
    fn allow(&self, declared: u64) -> Result<u64, String> {
        let limit = self
            .limits
            .max_member_bytes
            .min(self.limits.max_total_bytes.saturating_sub(self.total));
        if declared > limit {
            return Err(format!(
                "declares {declared} bytes, more than the limit of {limit} bytes left for it; refused"
            ));
        }
        Ok(limit)
    }
}

fn read_tar(path: &Path, r: impl Read, limits: &Limits) -> Result<Vec<Member>, ArchiveError> {
    let err = |member: Option<&str>, reason: String| ArchiveError {
        archive: path.to_path_buf(),
        member: member.map(str::to_string),
        reason,
    };
    let mut ar = tar::Archive::new(r);
    let mut budget = Budget {
        limits,
        entries: 0,
        total: 0,
    };
    let mut out = Vec::new();
    let entries = ar.entries().map_err(|e| err(None, format!("damaged tar: {e}")))?;
    for entry in entries {
        budget.entry().map_err(|r| err(None, r))?;
        let mut entry = entry.map_err(|e| err(None, format!("damaged or truncated tar: {e}")))?;
        let name = entry
            .path()
            .map_err(|e| err(None, format!("member name: {e}")))?
            .to_string_lossy()
            .into_owned();
        // GNU sparse members (tar writers store files with holes, such as some netCDF-4
        // files, that way) are regular files too; the reader expands their holes.
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_gnu_sparse()) || !wanted(&name) {
            continue;
        }
        let declared = entry
            .header()
            .size()
            .map_err(|e| err(Some(&name), format!("size: {e}")))?;
        let limit = budget.allow(declared).map_err(|r| err(Some(&name), r))?;
        let bytes = read_bounded(&mut entry, limit, declared).map_err(|r| err(Some(&name), r))?;
        if (bytes.len() as u64) < declared {
            return Err(err(
                Some(&name),
                format!("truncated: {} of {declared} bytes", bytes.len()),
            ));
        }
        budget.total += bytes.len() as u64;
        out.push(member(path, &name, bytes));
    }
    Ok(out)
}

fn read_zip(path: &Path, r: impl Read + std::io::Seek, limits: &Limits) -> Result<Vec<Member>, ArchiveError> {
    let err = |member: Option<&str>, reason: String| ArchiveError {
        archive: path.to_path_buf(),
        member: member.map(str::to_string),
        reason,
    };
    let mut zip = zip::ZipArchive::new(r).map_err(|e| err(None, format!("damaged zip: {e}")))?;
    let mut budget = Budget {
        limits,
        entries: 0,
        total: 0,
    };
    let mut out = Vec::new();
    for i in 0..zip.len() {
        budget.entry().map_err(|r| err(None, r))?;
        let mut f = zip
            .by_index(i)
            .map_err(|e| err(None, format!("damaged zip (entry {i}): {e}")))?;
        let name = f.name().to_string();
        if !f.is_file() || !wanted(&name) {
            continue;
        }
        let declared = f.size();
        let limit = budget.allow(declared).map_err(|r| err(Some(&name), r))?;
        // The declared size bounds the read too: a member inflating past it is damaged.
        let bytes = read_bounded(&mut f, limit, declared).map_err(|r| err(Some(&name), r))?;
        budget.total += bytes.len() as u64;
        out.push(member(path, &name, bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn formats_by_name() {
        assert_eq!(format(Path::new("a/met.TAR.GZ")), Some(Format::TarGz));
        assert_eq!(format(Path::new("met.tgz")), Some(Format::TarGz));
        assert_eq!(format(Path::new("met.tar")), Some(Format::Tar));
        assert_eq!(format(Path::new("x.cdf.gz")), Some(Format::Gz));
        assert_eq!(format(Path::new("x.zip")), Some(Format::Zip));
        assert_eq!(format(Path::new("x.cdf")), None);
    }

    #[test]
    fn hidden_directories_and_parents_are_skipped() {
        assert!(wanted("a/b.cdf") && wanted("b.cdf"));
        assert!(!wanted("dir/") && !wanted(".hidden") && !wanted("a/.b") && !wanted("../x"));
    }

    #[test]
    fn a_gzip_bomb_is_refused_naming_archive_and_member() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.cdf.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            gz.write_all(&zeros).unwrap();
        }
        let packed = gz.finish().unwrap();
        assert!(packed.len() < 200_000, "{}", packed.len());
        std::fs::write(&path, &packed).unwrap();
        let limits = Limits {
            max_member_bytes: 8 << 20,
            ..Limits::default()
        };
        let e = read_members(&path, &limits).unwrap_err().to_string();
        assert!(
            e.contains("bomb.cdf.gz") && e.contains("member 'bomb.cdf'") && e.contains("8388608"),
            "{e}"
        );
        // Within the limit the same file reads whole.
        let big = Limits {
            max_member_bytes: 64 << 20,
            ..Limits::default()
        };
        let m = read_members(&path, &big).unwrap();
        assert_eq!(m[0].bytes.len(), 64 << 20);
    }

    #[test]
    fn a_tar_member_declaring_too_much_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.tar");
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(3000);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, "day.cdf", &vec![7u8; 3000][..]).unwrap();
        std::fs::write(&path, b.into_inner().unwrap()).unwrap();
        let limits = Limits {
            max_total_bytes: 1000,
            ..Limits::default()
        };
        let e = read_members(&path, &limits).unwrap_err().to_string();
        assert!(
            e.contains("big.tar: member 'day.cdf'") && e.contains("declares 3000 bytes"),
            "{e}"
        );
        let m = read_members(&path, &Limits::default()).unwrap();
        assert_eq!(m[0].name, path.join("day.cdf"));
        assert_eq!(&m[0].bytes[..], &vec![7u8; 3000][..]);
    }

    fn data(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)
    }

    fn met_days() -> Vec<PathBuf> {
        ["19", "20", "21"]
            .iter()
            .map(|d| data(&format!("atkmetS1.b1.202506{d}.000000.cdf")))
            .collect()
    }

    fn tar_of(files: &[PathBuf]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for f in files {
            b.append_path_with_name(f, f.file_name().unwrap()).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn zip_of(files: &[PathBuf]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.add_directory("day/", opts).unwrap();
        for f in files {
            z.start_file(format!("day/{}", f.file_name().unwrap().to_str().unwrap()), opts)
                .unwrap();
            z.write_all(&std::fs::read(f).unwrap()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    /// Every archive format (and a glob of archives) reads as the plain files it holds.
    #[test]
    fn archives_read_as_the_plain_files() {
        let opts = crate::netcdf::ReadOptions::default();
        let days = met_days();
        let plain = crate::open::open_paths(&days, &opts).unwrap();
        assert!(plain.dim_len("time").unwrap_or(0) > 1440, "three days of met data");
        let dir = tempfile::tempdir().unwrap();
        let tar = tar_of(&days);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("met.tar", tar.clone()),
            ("met.tar.gz", gzip(&tar)),
            ("met.tgz", gzip(&tar)),
            ("met.zip", zip_of(&days)),
        ];
        for (name, bytes) in &cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let ds = crate::open::open_paths(&[&path], &opts).unwrap();
            assert!(ds.identical(&plain), "{name} differs from the plain read");
        }
        // One gzip file per day, picked by a glob: the same again.
        let gz_dir = dir.path().join("gz");
        std::fs::create_dir(&gz_dir).unwrap();
        for f in &days {
            let name = format!("{}.gz", f.file_name().unwrap().to_str().unwrap());
            std::fs::write(gz_dir.join(name), gzip(&std::fs::read(f).unwrap())).unwrap();
        }
        let ds = crate::open::open_paths(&[gz_dir.join("atkmetS1.*.cdf.gz")], &opts).unwrap();
        assert!(ds.identical(&plain), "a glob of .gz files differs from the plain read");
        // Keep lists apply to members as to files.
        let keep = opts.clone().keep(&["temp_mean"]);
        let a = crate::open::open_paths(&[dir.path().join("met.zip")], &keep).unwrap();
        let b = crate::open::open_paths(&days, &keep).unwrap();
        assert!(a.identical(&b));
        assert!(a.contains("temp_mean") && !a.contains("rh_mean"));
    }

    #[test]
    fn a_damaged_archive_names_archive_and_member() {
        let days = met_days();
        let dir = tempfile::tempdir().unwrap();
        let opts = crate::netcdf::ReadOptions::default();
        // A tar.gz cut inside its second member.
        let tar = tar_of(&days);
        let gz = gzip(&tar);
        let path = dir.path().join("cut.tar.gz");
        std::fs::write(&path, &gz[..gz.len() / 2]).unwrap();
        let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
        assert!(
            e.contains("cut.tar.gz") && e.contains("member 'atkmetS1.b1.202506"),
            "{e}"
        );
        // A member whose netCDF header is damaged: the reader names archive/member.
        let mut bad = std::fs::read(&days[0]).unwrap();
        bad.truncate(100);
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(bad.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, "atkmetS1.b1.20250619.000000.cdf", &bad[..])
            .unwrap();
        let path = dir.path().join("bad.tar");
        std::fs::write(&path, b.into_inner().unwrap()).unwrap();
        let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
        assert!(e.contains("bad.tar/atkmetS1.b1.20250619.000000.cdf"), "{e}");
        // A damaged text member (a sodar file cut inside its first data block) and a raw MPL
        // member cut inside a record: the readers name archive/member, from memory.
        for (name, keep) in [("sodar.20230404.mnd", 0.5), ("201509021500.bi", 0.3)] {
            let mut cut = std::fs::read(oracle(name)).unwrap();
            cut.truncate((cut.len() as f64 * keep) as usize);
            let path = dir.path().join("cut-member.tar");
            std::fs::write(&path, tar_members(&[(name, &cut)])).unwrap();
            let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
            assert!(e.contains(&format!("cut-member.tar/{name}")), "{name}: {e}");
        }
        // A zip that is not a zip.
        let path = dir.path().join("junk.zip");
        std::fs::write(&path, b"PK not really").unwrap();
        let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
        assert!(e.contains("junk.zip") && e.contains("damaged zip"), "{e}");
        // A netCDF-4 member with damaged HDF5 metadata is refused by the HDF5 gate (on the
        // member's bytes, before libnetcdf sees them), named as archive/member.
        let mut h5 = std::fs::read(oracle("sgpco2flx4mC1.b1.20201007.001500.nc")).unwrap();
        for b in &mut h5[8..200] {
            *b = 0xff;
        }
        let path = dir.path().join("h5.tar");
        std::fs::write(&path, tar_members(&[("sgpco2flx4mC1.b1.20201007.001500.nc", &h5)])).unwrap();
        let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
        assert!(
            e.contains("h5.tar/sgpco2flx4mC1.b1.20201007.001500.nc") && !e.contains("atmokit-member-"),
            "{e}"
        );
        // netCDF and text members together are refused by name.
        let path = dir.path().join("mixed.tar");
        let met = std::fs::read(&days[0]).unwrap();
        std::fs::write(&path, tar_members(&[("a.cdf", &met), ("b.csv", b"a,b\n1,2\n")])).unwrap();
        let e = crate::open::open_paths(&[&path], &opts).unwrap_err().to_string();
        assert!(e.contains("mixed.tar/b.csv") && e.contains("cannot mix"), "{e}");
    }

    fn oracle(name: &str) -> PathBuf {
        std::env::var("ATMOKIT_ORACLE")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"))
            .join("data")
            .join(name)
    }

    fn tar_members(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, bytes) in members {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *bytes).unwrap();
        }
        b.into_inner().unwrap()
    }

    /// netCDF-4 members (checked by the HDF5 gate and opened by libnetcdf from memory), text
    /// and raw MPL members read as the plain files.
    #[test]
    fn netcdf4_text_and_mpl_members_read_as_the_plain_files() {
        let opts = crate::netcdf::ReadOptions::default();
        let dir = tempfile::tempdir().unwrap();
        let cases: &[&[&str]] = &[
            &["sgpmetE40.b1.20190508.000000.cdf"],
            &["maraosmetM1.a1.20180201.000000.nc"],
            &["sgpco2flx4mC1.b1.20201007.001500.nc"],
            &["sodar.20230404.mnd"],
            &["sgpmetE13.b1.20210401.000000.csv"],
            &["ayp22199.21m", "ayp22200.00m"],
            &["brw21001.dat"],
            &["201509021500.bi"],
        ];
        for names in cases {
            let files: Vec<PathBuf> = names.iter().map(|n| oracle(n)).collect();
            let plain = crate::open::open_paths(&files, &opts).unwrap();
            let members: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|f| {
                    (
                        f.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read(f).unwrap(),
                    )
                })
                .collect();
            let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            let path = dir.path().join("m.tar.gz");
            std::fs::write(&path, gzip(&tar_members(&refs))).unwrap();
            let ds = crate::open::open_paths(&[&path], &opts).unwrap();
            assert!(
                ds.identical(&plain),
                "{names:?}: the archive read differs from the plain read"
            );
        }
    }

    /// No member is written to a temporary file: in a child process whose `TMPDIR` names a
    /// folder that does not exist (so any temporary file would fail), netCDF-4, text and raw MPL
    /// members of a `.tar.gz` read equal to the plain files.
    #[test]
    fn members_need_no_temporary_folder() {
        const CHILD: &str = "ATMOKIT_TEST_READ_WITHOUT_TMP";
        let opts = crate::netcdf::ReadOptions::default();
        if let Some(path) = std::env::var_os(CHILD) {
            let path = PathBuf::from(path);
            let plain = std::env::var_os("ATMOKIT_TEST_PLAIN").map(PathBuf::from).unwrap();
            match crate::open::open_paths(&[&path], &opts) {
                Ok(ds) => {
                    let want = crate::open::open_paths(&[&plain], &opts).unwrap();
                    assert!(ds.identical(&want), "the archive read differs from the plain read");
                    println!("READ-OK");
                }
                Err(e) => println!("READ-ERR {e}"),
            }
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let run = |name: &str| -> String {
            let plain = oracle(name);
            let bytes = std::fs::read(&plain).unwrap();
            let path = dir.path().join(format!("{name}.tar.gz"));
            std::fs::write(&path, gzip(&tar_members(&[(name, &bytes)]))).unwrap();
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "archive::tests::members_need_no_temporary_folder",
                    "--exact",
                    "--nocapture",
                ])
                .env(CHILD, &path)
                .env("ATMOKIT_TEST_PLAIN", &plain)
                .env("TMPDIR", dir.path().join("no-such-folder"))
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        for name in [
            "sgpco2flx4mC1.b1.20201007.001500.nc",
            "sodar.20230404.mnd",
            "sgpmetE13.b1.20210401.000000.csv",
            "201509021500.bi",
        ] {
            let out = run(name);
            assert!(out.contains("READ-OK"), "{name}: {out}");
        }
    }

    /// A file with holes, stored by the tar writer as a GNU sparse member, is read whole.
    #[test]
    fn gnu_sparse_members_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("holes.bin");
        let mut file = std::fs::File::create(&f).unwrap();
        file.write_all(b"head").unwrap();
        file.set_len(4 << 20).unwrap();
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start((4 << 20) - 4)).unwrap();
        file.write_all(b"tail").unwrap();
        drop(file);
        let mut b = tar::Builder::new(Vec::new());
        b.append_path_with_name(&f, "holes.bin").unwrap();
        let bytes = b.into_inner().unwrap();
        // Byte 156 is the entry type: 'S' where the file system reports the holes.
        let sparse = bytes[156] == b'S';
        let path = dir.path().join("h.tar");
        std::fs::write(&path, &bytes).unwrap();
        let m = read_members(&path, &Limits::default()).unwrap();
        assert_eq!(m.len(), 1, "sparse stored: {sparse}");
        assert_eq!(&m[0].bytes[..], &std::fs::read(&f).unwrap()[..]);
    }
}

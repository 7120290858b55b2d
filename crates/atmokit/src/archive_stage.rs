//! Archive members that are read from a file, not from memory: text and raw MPL members are
//! written to a private temporary folder (mode 0700, one numbered sub-folder per member so
//! equal names never clash, each file under the member's own file name so readers that parse
//! names see the same one) and read from there; the folder and its files are removed when the
//! [`Staged`] value is dropped, on success, error or panic alike.
//!
//! Why a file: the text readers and the raw MPL reader take a path. netCDF members (classic and
//! netCDF-4) are never staged: they are read from memory (`atmokit_netcdf::Input::Memory`).
//! Members are bounded by [`crate::archive::Limits`] before anything is written.

use std::path::{Path, PathBuf};

use crate::archive::{ArchiveError, Member};

/// Members written to a private temporary folder; removed on drop.
pub(crate) struct Staged {
    dir: tempfile::TempDir,
    /// `(file in the temporary folder, archive/member name)` of each staged member.
    map: Vec<(PathBuf, PathBuf)>,
    /// The archive the members came from.
    archive: PathBuf,
}

impl Staged {
    /// An empty private folder for members of `archive`.
    pub(crate) fn new(archive: &Path) -> Result<Self, ArchiveError> {
        let err = |reason: String| ArchiveError {
            archive: archive.to_path_buf(),
            member: None,
            reason,
        };
        let dir = tempfile::Builder::new()
            .prefix("atmokit-member-")
            .tempdir()
            .map_err(|e| err(format!("cannot create a private temporary folder: {e}")))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
                .map_err(|e| err(format!("cannot make the temporary folder private: {e}")))?;
        }
        Ok(Staged {
            dir,
            map: Vec::new(),
            archive: archive.to_path_buf(),
        })
    }

    /// Write `m` into the folder; returns the file to read.
    pub(crate) fn add(&mut self, m: &Member) -> Result<PathBuf, ArchiveError> {
        let file_name = m
            .name
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "member".into());
        let sub = self.dir.path().join(self.map.len().to_string());
        let path = sub.join(&file_name);
        let write = || -> std::io::Result<()> {
            std::fs::create_dir(&sub)?;
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
            std::io::Write::write_all(&mut f, &m.bytes)?;
            Ok(())
        };
        write().map_err(|e| ArchiveError {
            archive: self.archive.clone(),
            member: Some(file_name.to_string_lossy().into_owned()),
            reason: format!("cannot write the member to a temporary file: {e}"),
        })?;
        self.map.push((path.clone(), m.name.clone()));
        Ok(path)
    }

    /// `text` with every staged file's path replaced by its archive/member name, and the first
    /// member named, when any staged path occurs in it.
    pub(crate) fn rename(&self, text: &str) -> Option<(String, String)> {
        let mut out = text.to_string();
        let mut first = None;
        for (p, n) in &self.map {
            let p = p.display().to_string();
            if out.contains(&p) {
                out = out.replace(&p, &n.display().to_string());
                first.get_or_insert_with(|| {
                    n.file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
            }
        }
        let dir = self.dir.path().display().to_string();
        if out.contains(&dir) {
            out = out.replace(&dir, &self.archive.display().to_string());
        }
        first.map(|m| (out, m))
    }

    /// The archive.
    pub(crate) fn archive(&self) -> &Path {
        &self.archive
    }

    /// The temporary folder (for tests: it must be gone after the read).
    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }
}

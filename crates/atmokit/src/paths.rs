//! File names, folders and glob patterns → the files they stand for: the one expansion every
//! reader of the facade ([`crate::read_arm_netcdf`], `atmokit::open::open_paths`) and the command
//! line use.

use std::path::{Path, PathBuf};

/// Why a list of inputs gave no files; every variant names the path or pattern.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// No input was given (or the folders given are empty).
    #[error("no input files")]
    NoInput,
    /// A glob pattern is malformed or matches no file.
    #[error("{}: {reason}", pattern.display())]
    Pattern {
        /// The pattern as given.
        pattern: PathBuf,
        /// Why it gave no files.
        reason: String,
    },
    /// A folder or a glob match cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

/// True when `path` does not exist as given and holds a glob character (`*`, `?`, `[`).
fn is_pattern(path: &Path) -> bool {
    !path.exists() && path.to_string_lossy().contains(['*', '?', '['])
}

/// The regular files a glob pattern matches (`*`, `?`, `[...]`, `**` for any depth), sorted;
/// wildcards do not match a leading dot. No match is an error naming the pattern.
fn glob_files(pattern: &Path) -> Result<Vec<PathBuf>, PathError> {
    let err = |reason: String| PathError::Pattern {
        pattern: pattern.to_path_buf(),
        reason,
    };
    let text = pattern.to_str().ok_or_else(|| err("not valid UTF-8".into()))?;
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let mut files = Vec::new();
    for entry in glob::glob_with(text, opts).map_err(|e| err(e.to_string()))? {
        let path = entry.map_err(|e| PathError::Io {
            path: e.path().to_path_buf(),
            source: e.into(),
        })?;
        if path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(err("no file matches".into()));
    }
    files.sort();
    Ok(files)
}

/// Expand folders into the files they hold (sorted, hidden files skipped) and glob patterns
/// (`data/sgpmetE13.b1.2019*.cdf`; a path that exists is never taken as a pattern) into the
/// files they match; keep files as given (a missing one is left for the reader to report).
pub fn expand<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>, PathError> {
    let mut out = Vec::new();
    for p in inputs {
        let p = p.as_ref();
        if is_pattern(p) {
            out.extend(glob_files(p)?);
        } else if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|source| PathError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.to_path_buf());
        }
    }
    if out.is_empty() {
        return Err(PathError::NoInput);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)
    }

    #[test]
    fn globs_folders_and_files() {
        let plain: Vec<PathBuf> = ["19", "20", "21"]
            .iter()
            .map(|d| data(&format!("atkmetS1.b1.202506{d}.000000.cdf")))
            .collect();
        assert_eq!(expand(&[data("atkmetS1.b1.202506*.cdf")]).unwrap(), plain);
        assert_eq!(expand(&[data("atkmetS1.b1.2025061?.000000.cdf")]).unwrap(), plain[..1]);
        let dir = expand(&[data("")]).unwrap();
        assert!(plain.iter().all(|p| dir.contains(p)), "{dir:?}");
        assert_eq!(expand(&[&plain[0]]).unwrap(), plain[..1]);
    }

    #[test]
    fn no_input_no_match_and_malformed_patterns_are_errors() {
        assert!(matches!(expand::<&Path>(&[]), Err(PathError::NoInput)));
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(expand(&[empty.path()]), Err(PathError::NoInput)));
        let none = data("nothing*.cdf");
        let e = expand(&[&none]).unwrap_err().to_string();
        assert!(e.contains("nothing*.cdf") && e.contains("no file matches"), "{e}");
        let e = expand(&[data("atkmet[.cdf")]).unwrap_err().to_string();
        assert!(e.contains("atkmet[.cdf"), "{e}");
    }
}

//! Writing a crate to disk, or checking that the disk already matches.
//!
//! A crate is written into a fresh sibling directory and swapped in with
//! renames, so a crate directory is either entirely old or entirely new.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The files of one crate, as (path relative to the crate, contents).
pub type Files = Vec<(String, String)>;

/// Replaces `dir` with exactly `files`.
pub fn write_crate(dir: &Path, files: &Files) -> io::Result<()> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("crate");
    let staging = parent.join(format!(".{name}.new"));
    let backup = parent.join(format!(".{name}.old"));
    for stale in [&staging, &backup] {
        if stale.exists() {
            fs::remove_dir_all(stale)?;
        }
    }
    let staged = stage(&staging, files);
    if let Err(error) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    let had_old = dir.exists();
    if had_old {
        fs::rename(dir, &backup)?;
    }
    if let Err(error) = fs::rename(&staging, dir) {
        if had_old {
            fs::rename(&backup, dir)?;
        }
        return Err(error);
    }
    if had_old {
        fs::remove_dir_all(&backup)?;
    }
    Ok(())
}

fn stage(staging: &Path, files: &Files) -> io::Result<()> {
    for (path, contents) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, contents)?;
    }
    Ok(())
}

/// How `dir` differs from `files`: paths that are missing, differ, or should not be there.
pub fn stale_files(dir: &Path, files: &Files) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        let on_disk = fs::read_to_string(dir.join(path)).ok().map(|s| s.replace("\r\n", "\n"));
        if on_disk.as_deref() != Some(contents.as_str()) {
            stale.push(dir.join(path));
        }
    }
    let expected: BTreeSet<PathBuf> = files.iter().map(|(path, _)| dir.join(path)).collect();
    if dir.exists() {
        for extra in walk(dir)? {
            if !expected.contains(&extra) {
                stale.push(extra);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

/// Every file under `dir`, skipping build output.
fn walk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                out.extend(walk(&path)?);
            }
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

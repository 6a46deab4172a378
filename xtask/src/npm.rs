//! Node tools the checks run, each installed with npm at a pinned version into
//! `.tools/<dir>` (gitignored), so a bare machine with Node.js needs nothing else.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The executable `bin` of `package@version`, installed into `.tools/<dir>` first if missing or at another version.
pub fn tool(root: &Path, dir: &str, package: &str, version: &str, bin: &str) -> Result<PathBuf> {
    let prefix = root.join(".tools").join(dir);
    let manifest = prefix.join("node_modules").join(package).join("package.json");
    let installed = std::fs::read_to_string(&manifest).unwrap_or_default();
    if !installed.contains(&format!("\"version\": \"{version}\"")) {
        std::fs::create_dir_all(&prefix)?;
        let status = Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&prefix)
            .args(["--no-audit", "--no-fund", "--loglevel=error"])
            .arg(format!("{package}@{version}"))
            .status()
            .context("running npm (Node.js and npm must be installed)")?;
        if !status.success() {
            bail!("npm could not install {package}@{version}");
        }
    }
    Ok(prefix.join("node_modules/.bin").join(bin))
}

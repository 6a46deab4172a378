//! OpenAPI 3.0 → standalone Rust client crate.
//!
//! A straight line of stages, one module each: [`parse`] → [`lower`] (into
//! [`ir`]) → [`emit`] (Rust via quote and prettyplease) → [`render`] (the
//! non-Rust files and the shared runtime, from `templates/`) → [`write`](mod@write).

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod parse;
pub mod render;
pub mod runtime;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Location, Warning};
pub use write::Files;

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    pub files: Files,
    pub warnings: Vec<Warning>,
    /// The spec's `openapi` version, as written.
    pub openapi_version: String,
    /// How many client operations the crate has.
    pub operations: usize,
}

/// Why a crate could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The spec is broken: the fault's file and JSON pointer, and what is wrong.
    #[error("{location}: {message}")]
    Spec { location: Location, message: String },
    #[error("`{0}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter")]
    InvalidCrateName(String),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
}

/// The OpenAPI files (`.yaml`, `.yml`, `.json`) directly inside `dir`, sorted.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}

/// Reads the spec at `path` and generates the crate `crate_name` from it.
pub fn generate_file(path: &Path, crate_name: &str) -> Result<Generated, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { file: path.to_path_buf(), source })?;
    generate(&bytes, path, crate_name)
}

/// Generates the crate `crate_name` from spec bytes; `path` names the spec in diagnostics.
pub fn generate(bytes: &[u8], path: &Path, crate_name: &str) -> Result<Generated, Error> {
    let valid_name = crate_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && crate_name.len() <= 64
        && crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(Error::InvalidCrateName(crate_name.to_string()));
    }
    let spec_error = |pointer: &str, message: String| Error::Spec {
        location: Location { file: path.to_path_buf(), pointer: pointer.to_string() },
        message,
    };
    let doc = parse::parse(bytes).map_err(|e| spec_error(e.pointer(), e.to_string()))?;
    let (api, lowered_warnings) =
        lower::lower(&doc).map_err(|e| spec_error(&doc.original_pointer(&e.pointer), e.message))?;
    // Diagnostics name the file as written, not the normalized tree.
    let warnings = doc
        .warnings
        .iter()
        .chain(&lowered_warnings)
        .map(|w| Warning { pointer: doc.original_pointer(&w.pointer), message: w.message.clone() })
        .collect();
    let mut files = emit::emit(&api)?;
    let rendered = render::render(&api, crate_name, &files)?;
    files.extend(rendered);
    files.sort();
    Ok(Generated { files, warnings, openapi_version: doc.openapi.openapi.clone(), operations: api.operations.len() })
}

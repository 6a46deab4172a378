//! Problems found in a spec, located by file and JSON pointer.

use std::fmt;
use std::path::{Path, PathBuf};

/// A location in a spec: the file and an RFC 6901 JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub pointer: String,
}

impl Location {
    /// The place `pointer` names in `file` of a spec whose entry file is
    /// `spec`: the entry itself when `file` is `None`, else `file` (relative
    /// to the entry's folder) joined to that folder, as a user can open it.
    pub fn in_spec(spec: &Path, file: Option<&str>, pointer: &str) -> Location {
        let file = match file {
            Some(file) => spec.parent().unwrap_or(Path::new("")).join(file),
            None => spec.to_path_buf(),
        };
        Location { file, pointer: pointer.to_string() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.pointer)
    }
}

/// Something the generator could not represent exactly and worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file of a spec split across files, relative to the entry file's
    /// folder (`components/schemas/Thing.yaml`); `None` for the entry file.
    pub file: Option<String>,
    pub pointer: String,
    pub message: String,
}

impl Warning {
    /// A warning about the part at `pointer` of the entry file (or of the
    /// document bundled from it, until parse maps it back to its file).
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: None, pointer: pointer.into(), message: message.into() }
    }

    /// The location, naming the file as the entry `spec` path is written.
    pub fn location(&self, spec: &Path) -> Location {
        Location::in_spec(spec, self.file.as_deref(), &self.pointer)
    }

    /// Whether what the warning worked around cost a part: something left
    /// out, or typed as any JSON value or raw bytes. Every stage words the
    /// outcome of a warning with these phrases; a keyword that is ignored or a
    /// value read another way loses nothing a caller uses.
    pub fn loses_a_part(&self) -> bool {
        const LOSSES: &[&str] = &["left out", "any JSON value", "serde_json::Value", "raw bytes", "are not sent", "taken as a required string"];
        LOSSES.iter().any(|loss| self.message.contains(loss))
    }

    /// `spec-or-its-file#/pointer: message`.
    pub fn in_spec(&self, spec: &Path) -> String {
        format!("{}: {}", self.location(spec), self.message)
    }
}

/// `#/pointer: message` for the entry file, `file#/pointer: message` for any other.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file.as_deref().unwrap_or_default(), self.pointer, self.message)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    // One allocation: every node of a large spec gets a pointer.
    let mut pushed = String::with_capacity(pointer.len() + 1 + token.len());
    pushed.push_str(pointer);
    pushed.push('/');
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => pushed.push_str("~0"),
                '/' => pushed.push_str("~1"),
                c => pushed.push(c),
            }
        }
    } else {
        pushed.push_str(token);
    }
    pushed
}

/// The reference tokens of a JSON pointer, unescaped.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

//! Bytes → `openapiv3::OpenAPI`, keeping the raw tree for `$ref` resolution and
//! turning every deserialization fault into a JSON pointer.

use openapiv3::OpenAPI;
use serde_path_to_error::Segment;

use crate::diagnostic::push_pointer;

/// A parsed spec: the typed document plus the raw JSON tree it came from.
pub struct Document {
    pub openapi: OpenAPI,
    pub raw: serde_json::Value,
}

/// Why a spec could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not valid YAML or JSON{}: {message}", line_col(*.line, *.column))]
    Syntax {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    #[error("{message}")]
    Schema { pointer: String, message: String },
}

fn line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(" at line {line}, column {column}"),
        _ => String::new(),
    }
}

impl ParseError {
    /// JSON pointer of the fault, when it is known.
    pub fn pointer(&self) -> &str {
        match self {
            ParseError::Syntax { .. } => "",
            ParseError::Schema { pointer, .. } => pointer,
        }
    }
}

/// Parses a YAML or JSON OpenAPI 3.0 document.
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    let raw: serde_json::Value = serde_yaml::from_slice(bytes).map_err(|err| {
        let location = err.location();
        ParseError::Syntax {
            message: err.to_string(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
        }
    })?;
    check_version(&raw)?;
    let openapi = serde_path_to_error::deserialize(&raw).map_err(|err| {
        let pointer = err.path().iter().fold(String::new(), |pointer, segment| match segment {
            Segment::Seq { index } => push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => push_pointer(&pointer, key),
            Segment::Enum { variant } => push_pointer(&pointer, variant),
            Segment::Unknown => pointer,
        });
        ParseError::Schema {
            pointer,
            message: err.into_inner().to_string(),
        }
    })?;
    Ok(Document { openapi, raw })
}

fn check_version(raw: &serde_json::Value) -> Result<(), ParseError> {
    let version = raw.get("openapi").and_then(|v| v.as_str());
    match version {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(ParseError::Schema {
            pointer: "/openapi".into(),
            message: format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
        }),
        None => Err(ParseError::Schema {
            pointer: "/openapi".into(),
            message: match raw.get("swagger") {
                Some(_) => "Swagger 2.0 is not supported; convert the spec to OpenAPI 3.0".into(),
                None => "missing `openapi` version field".into(),
            },
        }),
    }
}

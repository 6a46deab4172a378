//! Bytes → `openapiv3::OpenAPI`, keeping the raw tree for `$ref` resolution and
//! turning every deserialization fault into a JSON pointer.

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;
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
    match try_at::<OpenAPI>(&raw, "") {
        Ok(openapi) => Ok(Document { openapi, raw }),
        // serde loses the path inside `#[serde(flatten)]` (openapiv3 flattens
        // `x-` extensions nearly everywhere), so look for the innermost piece
        // that fails on its own.
        Err(whole) => Err(locate(&raw).unwrap_or(whole)),
    }
}

/// Deserializes `value` (found at `pointer`) as `T`, locating any fault.
fn try_at<T: DeserializeOwned>(value: &Value, pointer: &str) -> Result<T, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let pointer = err.path().iter().fold(pointer.to_string(), |pointer, segment| match segment {
            Segment::Seq { index } => push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => push_pointer(&pointer, key),
            Segment::Enum { variant } => push_pointer(&pointer, variant),
            Segment::Unknown => pointer,
        });
        ParseError::Schema { pointer, message: err.into_inner().to_string() }
    })
}

/// The innermost part of the document that does not deserialize, if any.
fn locate(raw: &Value) -> Option<ParseError> {
    let entries = |value: &Value, pointer: &str| -> Vec<(String, Value)> {
        match value {
            Value::Object(map) => map.iter().map(|(k, v)| (push_pointer(pointer, k), v.clone())).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (push_pointer(pointer, &i.to_string()), v.clone())).collect(),
            _ => Vec::new(),
        }
    };
    let first_error = |results: Vec<Option<ParseError>>| results.into_iter().flatten().next();
    let mut found = Vec::new();
    for (path_pointer, item) in entries(raw.get("paths")?, "/paths") {
        for (key_pointer, value) in entries(&item, &path_pointer) {
            let key = key_pointer.rsplit('/').next().unwrap_or_default();
            if key == "parameters" {
                found.extend(entries(&value, &key_pointer).iter().map(|(p, v)| try_at::<ReferenceOr<Parameter>>(v, p).err()));
                continue;
            }
            if !matches!(key, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                continue;
            }
            for (part_pointer, part) in entries(&value, &key_pointer) {
                match part_pointer.rsplit('/').next().unwrap_or_default() {
                    "parameters" => found.extend(
                        entries(&part, &part_pointer).iter().map(|(p, v)| try_at::<ReferenceOr<Parameter>>(v, p).err()),
                    ),
                    "requestBody" => found.push(try_at::<ReferenceOr<RequestBody>>(&part, &part_pointer).err()),
                    "responses" => found.extend(
                        entries(&part, &part_pointer).iter().map(|(p, v)| try_at::<ReferenceOr<Response>>(v, p).err()),
                    ),
                    _ => {}
                }
            }
            found.push(try_at::<Operation>(&value, &key_pointer).err());
        }
        found.push(try_at::<ReferenceOr<PathItem>>(&item, &path_pointer).err());
    }
    if let Some(error) = first_error(std::mem::take(&mut found)) {
        return Some(error);
    }
    let components = raw.get("components")?;
    for (kind_pointer, kind) in entries(components, "/components") {
        for (pointer, value) in entries(&kind, &kind_pointer) {
            let error = match kind_pointer.as_str() {
                "/components/schemas" => try_at::<ReferenceOr<Schema>>(&value, &pointer).err(),
                "/components/responses" => try_at::<ReferenceOr<Response>>(&value, &pointer).err(),
                "/components/parameters" => try_at::<ReferenceOr<Parameter>>(&value, &pointer).err(),
                "/components/requestBodies" => try_at::<ReferenceOr<RequestBody>>(&value, &pointer).err(),
                "/components/securitySchemes" => try_at::<ReferenceOr<SecurityScheme>>(&value, &pointer).err(),
                _ => None,
            };
            found.push(error);
        }
    }
    first_error(found)
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

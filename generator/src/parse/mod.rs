//! Bytes → `openapiv3::OpenAPI`, keeping the raw tree for `$ref` resolution and
//! turning every deserialization fault into a JSON pointer.
//!
//! JSON is read with a JSON parser and YAML with a YAML parser. OpenAPI 3.1 is
//! brought into the 3.0 model by `normalize`, and a part that still does not
//! deserialize is dropped by `repair` with a warning, so one bad key does not
//! cost the whole spec.

mod normalize;
mod repair;

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::diagnostic::{Warning, push_pointer};

/// A parsed spec: the typed document plus the raw JSON tree it came from.
pub struct Document {
    pub openapi: OpenAPI,
    /// The tree `openapi` was read from, after normalization: `$ref`s resolve in it.
    pub raw: Value,
    /// What reading the file found and worked around.
    pub warnings: Vec<Warning>,
    /// (pointer into `raw`, pointer into the file) for the parts normalization moved.
    moved: Vec<(String, String)>,
}

impl Document {
    /// The pointer into the original file that `pointer` (into `raw`) stands for.
    pub fn original_pointer(&self, pointer: &str) -> String {
        let mut pointer = pointer.to_string();
        // Later rewrites are nested in earlier ones, so undo them last first.
        for (now, before) in self.moved.iter().rev() {
            if let Some(rest) = pointer.strip_prefix(now.as_str())
                && (rest.is_empty() || rest.starts_with('/'))
            {
                pointer = format!("{before}{rest}");
            }
        }
        pointer
    }
}

/// Why a spec could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not valid {format}{}: {message}", line_col(*.line, *.column))]
    Syntax {
        format: &'static str,
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

/// Parses a YAML or JSON OpenAPI 3.0 or 3.1 document.
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    let (mut raw, mut warnings) = read(bytes)?;
    check_version(&mut raw, &mut warnings)?;
    let normalized = normalize::normalize(&mut raw);
    warnings.extend(normalized.warnings);
    let mut moved = normalized.moved;
    let openapi = repair::deserialize_repairing(&mut raw, &mut warnings, &mut moved)?;
    Ok(Document { openapi, raw, warnings, moved })
}

/// The document tree: JSON when the file starts like JSON, else YAML.
fn read(bytes: &[u8]) -> Result<(Value, Vec<Warning>), ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let looks_like_json = text.trim_start().starts_with('{');
    if looks_like_json {
        let json_error = match read_numbers_as_text(&text, Format::Json) {
            Ok(read) => return Ok(read),
            Err(error) => error,
        };
        // YAML flow style also starts with `{`.
        return read_numbers_as_text(&text, Format::Yaml).map_err(|_| json_error);
    }
    read_numbers_as_text(&text, Format::Yaml)
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    Yaml,
}

/// Parses `text`; a number too large for the tree (`1e400`, or an integer
/// beyond 64 bits in YAML) is read as its text, with a warning: such numbers
/// only occur in bounds and examples.
fn read_numbers_as_text(text: &str, format: Format) -> Result<(Value, Vec<Warning>), ParseError> {
    let mut text = text.to_string();
    let mut warnings = Vec::new();
    loop {
        let (message, line, column) = match format {
            Format::Json => match serde_json::from_str::<Value>(&text) {
                Ok(raw) => return Ok((raw, warnings)),
                Err(error) => (error.to_string(), Some(error.line()), Some(error.column())),
            },
            Format::Yaml => match serde_yaml::from_str::<Value>(&text) {
                Ok(raw) => return Ok((raw, warnings)),
                Err(error) => {
                    let location = error.location();
                    (error.to_string(), location.as_ref().map(|l| l.line()), location.as_ref().map(|l| l.column()))
                }
            },
        };
        let syntax = ParseError::Syntax {
            format: match format {
                Format::Json => "JSON",
                Format::Yaml => "YAML",
            },
            message: message.clone(),
            line,
            column,
        };
        let (Some(line), Some(column)) = (line, column) else { return Err(syntax) };
        if !message.contains("number out of range") || warnings.len() >= 1000 {
            return Err(syntax);
        }
        // serde_json points just past the number, serde_yaml at its start.
        let found = match format {
            Format::Json => number_at(&text, line, column.saturating_sub(1)),
            Format::Yaml => number_at(&text, line, column),
        };
        let Some((start, end)) = found else { return Err(syntax) };
        let number = text[start..end].to_string();
        warnings.push(Warning {
            pointer: String::new(),
            message: format!("line {line}: the number {number} is too large to read as a number; read as a string"),
        });
        text.replace_range(start..end, &format!("\"{number}\""));
    }
}

/// The byte range of the number token at (`line`, `column`), both 1-based.
fn number_at(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let is_number_byte = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let bytes = text.as_bytes();
    let at = (line_start + column.checked_sub(1)?).min(bytes.len());
    let mut end = at;
    while end < bytes.len() && is_number_byte(bytes[end]) {
        end += 1;
    }
    let mut start = at;
    while start > line_start && is_number_byte(bytes[start - 1]) {
        start -= 1;
    }
    (start < end).then_some((start, end))
}

/// Deserializes `value` (found at `pointer`) as `T`, locating any fault.
pub(super) fn try_at<T: DeserializeOwned>(value: &Value, pointer: &str) -> Result<T, ParseError> {
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
pub(super) fn locate(raw: &Value) -> Option<ParseError> {
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

/// OpenAPI 3.0.x and 3.1.x are read; anything else is refused in one line.
fn check_version(raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<(), ParseError> {
    let refuse = |message: String| Err(ParseError::Schema { pointer: "/openapi".into(), message });
    let Some(document) = raw.as_object_mut() else {
        return Err(ParseError::Schema { pointer: String::new(), message: "not an OpenAPI document: the file is not a map".into() });
    };
    // `openapi: 3.1` unquoted in YAML is a number.
    let version = match document.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(Value::Number(version)) => version.to_string(),
        Some(other) => return refuse(format!("`openapi` must be a version string, not {}", normalize::describe(other))),
        None => {
            return match document.get("swagger") {
                Some(version) => refuse(format!(
                    "Swagger {} is not supported; convert the spec to OpenAPI 3 first",
                    version.as_str().map_or_else(|| version.to_string(), String::from)
                )),
                None => refuse("not an OpenAPI document: the `openapi` version field is missing".into()),
            };
        }
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return refuse(format!("OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"));
    }
    document.insert("openapi".into(), Value::String(version));
    if let Some(dialect) = document.get("jsonSchemaDialect").and_then(Value::as_str)
        && !dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect")
    {
        warnings.push(Warning {
            pointer: "/jsonSchemaDialect".into(),
            message: format!("schemas are read as OpenAPI 3.1's JSON Schema dialect, not `{dialect}`"),
        });
    }
    Ok(())
}

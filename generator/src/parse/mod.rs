//! Bytes (and the files they refer to) → `openapiv3::OpenAPI`, keeping the raw
//! tree for `$ref` resolution and turning every deserialization fault into a
//! file and JSON pointer.
//!
//! JSON is read with a JSON parser and YAML with a YAML parser. A spec split
//! across files is made one document by `bundle`, Swagger 2.0 is rewritten into
//! OpenAPI 3.0 by `swagger2`, OpenAPI 3.1 is brought into the 3.0 model by
//! `normalize`, and a part that still does not deserialize is dropped by
//! `repair` with a warning, so one bad key does not cost the whole spec.

mod bundle;
mod normalize;
mod repair;
mod swagger2;

use std::path::Path;

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::diagnostic::{Warning, push_pointer};

/// The keys of a path item that hold operations.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A parsed spec: the typed document plus the raw JSON tree it came from.
pub struct Document {
    pub openapi: OpenAPI,
    /// The tree `openapi` was read from, after normalization: `$ref`s resolve in it.
    pub raw: Value,
    /// The version the file declares (`2.0`, `3.0.3`, `3.1.0`).
    pub source_version: String,
    /// How many operations the spec declares, before any was left out.
    pub declared_operations: usize,
    /// What reading the files found and worked around, located in the files.
    pub warnings: Vec<Warning>,
    /// What reading the files inferred that a user may want to know, located in the files.
    pub notes: Vec<Warning>,
    /// The parts that bundling, conversion and normalization moved, in the order moved.
    moved: Vec<Move>,
}

/// A part now at `now` in the tree that was written at `before`: in the file
/// `file` when it was copied from one, else in the tree as it was before.
#[derive(Debug, Clone)]
pub(crate) struct Move {
    now: String,
    before: String,
    file: Option<String>,
    /// Moves of one batch were made at once: of those that match a pointer,
    /// only the most specific applies. `None`: a move on its own.
    batch: Option<u32>,
}

impl From<(String, String)> for Move {
    fn from((now, before): (String, String)) -> Self {
        Move { now, before, file: None, batch: None }
    }
}

impl Document {
    /// The file (`None` for the entry file) and pointer that `pointer` (into `raw`) stands for.
    pub fn origin(&self, pointer: &str) -> (Option<String>, String) {
        origin(&self.moved, pointer)
    }

    /// `warning` about the document as parsed, located in the file it is about.
    pub fn locate(&self, warning: &Warning) -> Warning {
        locate_warning(&self.moved, warning)
    }
}

fn locate_warning(moved: &[Move], warning: &Warning) -> Warning {
    let (file, pointer) = origin(moved, &warning.pointer);
    Warning { file: warning.file.clone().or(file), pointer, message: warning.message.clone() }
}

fn origin(moved: &[Move], pointer: &str) -> (Option<String>, String) {
    let mut pointer = pointer.to_string();
    let rest_of = |pointer: &str, now: &str| -> Option<String> {
        let rest = pointer.strip_prefix(now)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| rest.to_string())
    };
    // Later moves are nested in earlier ones, so undo them last first, until
    // one leads out of the bundled tree into the file it was copied from.
    let mut end = moved.len();
    while end > 0 {
        let batch = moved[end - 1].batch;
        let start = match batch {
            None => end - 1,
            Some(_) => moved[..end].iter().rposition(|m| m.batch != batch).map_or(0, |i| i + 1),
        };
        let most_specific = moved[start..end]
            .iter()
            .filter_map(|m| Some((m, rest_of(&pointer, &m.now)?)))
            .max_by_key(|(m, _)| m.now.len());
        if let Some((Move { before, file, .. }, rest)) = most_specific {
            pointer = format!("{before}{rest}");
            if file.is_some() {
                return (file.clone(), pointer);
            }
        }
        end = start;
    }
    (None, pointer)
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
    /// A fault in another file of a split spec.
    #[error("{message}")]
    InFile { file: String, pointer: String, message: String },
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
            ParseError::Schema { pointer, .. } | ParseError::InFile { pointer, .. } => pointer,
        }
    }

    /// The file of a split spec the fault is in, relative to the entry file's folder; `None` for the entry file.
    pub fn file(&self) -> Option<&str> {
        match self {
            ParseError::InFile { file, .. } => Some(file),
            _ => None,
        }
    }
}

/// Parses a YAML or JSON Swagger 2.0, OpenAPI 3.0 or 3.1 document. `path`
/// names the file, so that refs to other files resolve next to it.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Document, ParseError> {
    let (mut raw, mut warnings) = read(bytes)?;
    let source_version = check_version(&mut raw, &mut warnings)?;
    let swagger2 = source_version == "2.0";
    // Each stage's warnings point into the tree as that stage saw it, so each
    // is mapped back to its file with the moves made up to that stage.
    let mut moved = Vec::new();
    let mut notes = Vec::new();
    bundle::bundle(&mut raw, path, swagger2, &mut warnings, &mut notes, &mut moved);
    if swagger2 {
        let mut converted = Vec::new();
        let before_conversion = moved.len();
        swagger2::convert(&mut raw, &mut converted, &mut moved);
        warnings.extend(converted.iter().map(|w| locate_warning(&moved[..before_conversion], w)));
    }
    let normalized = normalize::normalize(&mut raw);
    moved.extend(normalized.moved.into_iter().map(Move::from));
    warnings.extend(normalized.warnings.iter().map(|w| locate_warning(&moved, w)));
    let declared_operations = count_operations(&raw);
    let (mut repaired, mut repairs) = (Vec::new(), Vec::new());
    let openapi = repair::deserialize_repairing(&mut raw, &mut repairs, &mut repaired);
    moved.extend(repaired.into_iter().map(Move::from));
    warnings.extend(repairs.iter().map(|w| locate_warning(&moved, w)));
    let openapi = openapi.map_err(|error| match error {
        ParseError::Schema { pointer, message } => match origin(&moved, &pointer) {
            (Some(file), pointer) => ParseError::InFile { file, pointer, message },
            (None, pointer) => ParseError::Schema { pointer, message },
        },
        other => other,
    })?;
    Ok(Document { openapi, raw, source_version, declared_operations, warnings, notes, moved })
}

/// The operations under `paths`, following path items that are local refs.
fn count_operations(raw: &Value) -> usize {
    let Some(Value::Object(paths)) = raw.get("paths") else { return 0 };
    let operations = |item: &Value| METHODS.iter().filter(|method| item.get(**method).is_some_and(Value::is_object)).count();
    paths.values().filter_map(|item| follow_local_refs(raw, item, "")).map(|(item, _)| operations(item)).sum()
}

/// `value` (at `at`), or what the chain of local `$ref`s it starts names in
/// `root`, with that part's pointer; `None` if a ref points at nothing or the
/// chain loops.
pub fn follow_local_refs<'a>(root: &'a Value, mut value: &'a Value, at: &str) -> Option<(&'a Value, String)> {
    let mut at = at.to_string();
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return Some((value, at)) };
        let pointer = reference.strip_prefix('#')?;
        value = root.pointer(pointer)?;
        at = pointer.to_string();
    }
    None
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
        warnings.push(Warning::at("", format!("line {line}: the number {number} is too large to read as a number; read as a string")));
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
    // Tracking the path costs a third of the read; it is only needed to say
    // where a fault is, so it is paid only when there is one.
    if let Ok(item) = T::deserialize(value) {
        return Ok(item);
    }
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
            if !METHODS.contains(&key) {
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

/// OpenAPI 3.2 is read as 3.1 is, plus the `itemSchema` of sequential media
/// types; its `query` and `additionalOperations` operations are not, and say so.
fn warn_unread_3_2_operations(document: &serde_json::Map<String, Value>, warnings: &mut Vec<Warning>) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        for key in ["query", "additionalOperations"] {
            if item.get(key).is_some() {
                let pointer = crate::diagnostic::push_pointer(&crate::diagnostic::push_pointer("/paths", path), key);
                warnings.push(Warning::at(&pointer, format!("OpenAPI 3.2's `{key}` operations are not supported; left out")));
            }
        }
    }
}

/// Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x are read; anything else is
/// refused in one line. Returns the version as written.
fn check_version(raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<String, ParseError> {
    let Some(document) = raw.as_object_mut() else {
        return Err(ParseError::Schema { pointer: String::new(), message: "not an OpenAPI document: the file is not a map".into() });
    };
    // `openapi: 3.1` and `swagger: 2.0` unquoted in YAML are numbers.
    let (key, version) = match (document.get("openapi"), document.get("swagger")) {
        (Some(version), _) => ("openapi", version),
        (None, Some(version)) => ("swagger", version),
        (None, None) => {
            return Err(ParseError::Schema { pointer: "/openapi".into(), message: "not an OpenAPI document: the `openapi` version field is missing".into() });
        }
    };
    let refuse = |message: String| Err(ParseError::Schema { pointer: format!("/{key}"), message });
    let version = match version {
        Value::String(version) => version.clone(),
        Value::Number(version) if key == "swagger" && version.as_f64() == Some(2.0) => "2.0".to_string(),
        Value::Number(version) => version.to_string(),
        other => return refuse(format!("`{key}` must be a version string, not {}", normalize::describe(other))),
    };
    let supported = match key {
        "swagger" => version == "2.0",
        _ => ["3.0", "3.1", "3.2"].iter().any(|minor| version.starts_with(minor)),
    };
    if !supported {
        return refuse(format!("{} {version} is not supported; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x", if key == "swagger" { "Swagger" } else { "OpenAPI" }));
    }
    if version.starts_with("3.2") {
        warn_unread_3_2_operations(document, warnings);
    }
    document.insert(key.into(), Value::String(version.clone()));
    if let Some(dialect) = document.get("jsonSchemaDialect").and_then(Value::as_str)
        && !dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect")
    {
        warnings.push(Warning::at("/jsonSchemaDialect", format!("schemas are read as OpenAPI 3.1's JSON Schema dialect, not `{dialect}`")));
    }
    Ok(version)
}

//! What each value of a document is, so a ref is followed as the part it
//! stands for: hoisted into a components section, or copied in place.

use serde_json::{Value, json};

/// What a value in the document is, which decides where a ref to it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Tag,
    /// Text whose `$ref` names a file to read as it is (a tag's description).
    Text,
    /// A map of `Kind`s: the sections of `components`, `paths`, `responses`.
    MapOf(&'static Kind),
    ListOf(&'static Kind),
    Components,
}

use Kind::*;

/// Every kind a components section holds.
pub(super) const HOISTED: &[Kind] = &[Schema, Parameter, Response, RequestBody, Header, Example, Link, Callback, SecurityScheme];

impl Kind {
    /// The components section a ref to this kind is hoisted into, if any.
    pub(super) fn section(self, swagger2: bool) -> Option<&'static str> {
        match (self, swagger2) {
            (Schema, false) => Some("schemas"),
            (Schema, true) => Some("definitions"),
            (Parameter, _) => Some("parameters"),
            (Response, _) => Some("responses"),
            (RequestBody, false) => Some("requestBodies"),
            (Header, false) => Some("headers"),
            (Example, false) => Some("examples"),
            (Link, false) => Some("links"),
            (Callback, false) => Some("callbacks"),
            (SecurityScheme, false) => Some("securitySchemes"),
            _ => None,
        }
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            Schema => "the schema is read as any JSON value",
            Parameter => "the parameter is left out",
            Response => "the response body is kept as raw bytes",
            RequestBody => "the body is left out",
            PathItem => "the path and its operations are left out",
            Operation => "the operation is left out",
            Text => "the text is left out",
            _ => "it is left out",
        }
    }

    /// What a part becomes when its ref cannot be followed: `None` removes it.
    pub(super) fn fallback(self) -> Option<Value> {
        match self {
            Schema => Some(json!({})),
            Response => Some(json!({"description": ""})),
            _ => None,
        }
    }
}


/// The kind of each key of an object of kind `kind`; `None` for keys whose
/// values hold no refs this bundler follows (examples, extensions, scalars).
pub(super) fn child_kind(kind: Kind, key: &str, swagger2: bool) -> Option<Kind> {
    if key.starts_with("x-") {
        return None;
    }
    Some(match (kind, key) {
        (Document, "paths" | "webhooks") => MapOf(&PathItem),
        (Document, "components") => Components,
        (Document, "definitions") if swagger2 => MapOf(&Schema),
        (Document, "parameters") if swagger2 => MapOf(&Parameter),
        (Document, "responses") if swagger2 => MapOf(&Response),
        (Document, "securityDefinitions") if swagger2 => MapOf(&SecurityScheme),
        (Document, "tags") => ListOf(&Tag),
        (Components, "schemas") => MapOf(&Schema),
        (Components, "responses") => MapOf(&Response),
        (Components, "parameters") => MapOf(&Parameter),
        (Components, "examples") => MapOf(&Example),
        (Components, "requestBodies") => MapOf(&RequestBody),
        (Components, "headers") => MapOf(&Header),
        (Components, "securitySchemes") => MapOf(&SecurityScheme),
        (Components, "links") => MapOf(&Link),
        (Components, "callbacks") => MapOf(&Callback),
        (Components, "pathItems") => MapOf(&PathItem),
        (Tag, "description") => Text,
        (PathItem, "parameters") | (Operation, "parameters") => ListOf(&Parameter),
        (PathItem, method) if crate::parse::METHODS.contains(&method) => Operation,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => MapOf(&Response),
        (Operation, "callbacks") => MapOf(&Callback),
        (Callback, _) => PathItem,
        (Parameter | Header, "schema") => Schema,
        (Parameter | Header, "items") if swagger2 => Schema,
        (Parameter | Header | MediaType, "content") => MapOf(&MediaType),
        (Parameter | Header | MediaType, "examples") if !swagger2 => MapOf(&Example),
        (RequestBody | Response, "content") => MapOf(&MediaType),
        (Response, "headers") | (Encoding, "headers") => MapOf(&Header),
        (Response, "links") => MapOf(&Link),
        (Response, "schema") if swagger2 => Schema,
        (MediaType, "schema") => Schema,
        (MediaType, "encoding") => MapOf(&Encoding),
        (Schema, "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => MapOf(&Schema),
        (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => ListOf(&Schema),
        (Schema, "items") => Schema,
        (Schema, "not" | "additionalProperties" | "contains" | "propertyNames" | "if" | "then" | "else") => Schema,
        (Schema, "unevaluatedItems" | "unevaluatedProperties" | "additionalItems") => Schema,
        _ => return None,
    })
}

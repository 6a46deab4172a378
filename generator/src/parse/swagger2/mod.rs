//! Swagger 2.0 → OpenAPI 3.0, on the raw tree, so every later stage reads one model.
//!
//! The rules are the ones swagger2openapi and the OpenAPI 3.0 migration guide
//! give: `definitions`, `parameters`, `responses` and `securityDefinitions`
//! become components; `host`, `basePath` and `schemes` the servers; a `body`
//! parameter the request body and `formData` parameters one form body
//! (multipart when a file is sent or `consumes` says so); parameter and header
//! keywords a schema; `collectionFormat` a style; a response `schema` one
//! content entry per `produces` type, `examples` their examples. Each part that
//! moves records the 2.0 pointer it came from, so diagnostics name the file as
//! written. Keywords only OpenAPI 3 has (`nullable`, `oneOf`, a list `type`) are
//! read as OpenAPI 3 reads them, with a warning.

use serde_json::{Map, Value, json};

mod parts;

use super::Move;
use crate::diagnostic::{Warning, push_pointer};

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
/// The keywords a 2.0 parameter, header or `items` shares with a schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type", "format", "items", "enum", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "x-nullable", "x-isnullable", "example",
];
/// Every move of the conversion happens at once: of several that match a
/// pointer, only the most specific applies.
const BATCH: u32 = 2;

/// Rewrites the Swagger 2.0 document `root` into OpenAPI 3.0.
pub(super) fn convert(root: &mut Value, warnings: &mut Vec<Warning>, moved: &mut Vec<Move>) {
    let Value::Object(old) = std::mem::take(root) else { return };
    let mut converter = Converter { old, warnings: Vec::new(), moved: Vec::new() };
    *root = converter.document();
    rewrite_refs(root);
    warnings.append(&mut converter.warnings);
    moved.append(&mut converter.moved);
}

struct Converter {
    old: Map<String, Value>,
    warnings: Vec<Warning>,
    moved: Vec<Move>,
}

/// A `body` or `formData` parameter, with the pointer it was written at.
struct Payload {
    param: Map<String, Value>,
    at: String,
}

impl Converter {
    fn moved(&mut self, now: impl Into<String>, before: impl Into<String>) {
        self.moved.push(Move { now: now.into(), before: before.into(), file: None, batch: Some(BATCH) });
    }

    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Warning::at(pointer, message));
    }

    fn document(&mut self) -> Value {
        let mut new = Map::new();
        new.insert("openapi".into(), json!("3.0.3"));
        for key in ["info", "tags", "externalDocs", "security"] {
            if let Some(value) = self.old.get(key) {
                new.insert(key.into(), value.clone());
            }
        }
        for (key, value) in &self.old {
            if key.starts_with("x-") {
                new.insert(key.clone(), value.clone());
            }
        }
        if let Some(servers) = self.servers() {
            new.insert("servers".into(), servers);
        }
        let mut paths = Map::new();
        if let Some(Value::Object(old_paths)) = self.old.get("paths").cloned() {
            for (path, item) in old_paths {
                let at = push_pointer("/paths", &path);
                paths.insert(path, self.path_item(item, &at));
            }
        }
        new.insert("paths".into(), Value::Object(paths));
        let components = self.components();
        if !components.is_empty() {
            new.insert("components".into(), Value::Object(components));
        }
        Value::Object(new)
    }

    /// `schemes` × `host` + `basePath`: a host-less spec is served from its base path.
    fn servers(&mut self) -> Option<Value> {
        let host = self.old.get("host").and_then(Value::as_str).map(String::from);
        let base_path = self.old.get("basePath").and_then(Value::as_str).unwrap_or_default().trim_end_matches('/').to_string();
        let Some(host) = host else {
            if base_path.is_empty() {
                return None;
            }
            self.moved("/servers/0/url", "/basePath");
            return Some(json!([{ "url": base_path }]));
        };
        let schemes: Vec<String> = match self.old.get("schemes").and_then(Value::as_array) {
            Some(schemes) if !schemes.is_empty() => schemes.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
            _ => vec!["https".into()],
        };
        let servers: Vec<Value> = schemes.iter().map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") })).collect();
        for index in 0..servers.len() {
            self.moved(format!("/servers/{index}/url"), "/host");
        }
        Some(Value::Array(servers))
    }

    fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = self.old.get("definitions").cloned() {
            let mut schemas = Map::new();
            for (name, mut schema) in definitions {
                self.schema(&mut schema, &push_pointer("/definitions", &name));
                schemas.insert(name, schema);
            }
            self.moved("/components/schemas", "/definitions");
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(Value::Object(parameters)) = self.old.get("parameters").cloned() {
            let mut plain = Map::new();
            let mut bodies = Map::new();
            for (name, param) in parameters {
                let at = push_pointer("/parameters", &name);
                let Value::Object(param) = param else { continue };
                match param.get("in").and_then(Value::as_str) {
                    // Form fields are merged into each operation's form body that names them.
                    Some("formData") => {}
                    Some("body") => {
                        let consumes = self.media_types("consumes", None);
                        let body = self.body(Payload { param, at: at.clone() }, &consumes, &push_pointer("/components/requestBodies", &name));
                        bodies.insert(name, body);
                    }
                    _ => {
                        plain.insert(name.clone(), self.parameter(param, &at, &push_pointer("/components/parameters", &name)));
                    }
                }
            }
            if !plain.is_empty() {
                components.insert("parameters".into(), Value::Object(plain));
            }
            if !bodies.is_empty() {
                components.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(Value::Object(responses)) = self.old.get("responses").cloned() {
            let produces = self.media_types("produces", None);
            let mut converted = Map::new();
            for (name, response) in responses {
                let at = push_pointer("/responses", &name);
                let now = push_pointer("/components/responses", &name);
                converted.insert(name, self.response(response, &produces, &at, &now));
            }
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(definitions)) = self.old.get("securityDefinitions").cloned() {
            let schemes: Map<String, Value> = definitions.into_iter().map(|(name, scheme)| {
                let at = push_pointer("/securityDefinitions", &name);
                (name, self.security_scheme(scheme, &at))
            }).collect();
            self.moved("/components/securitySchemes", "/securityDefinitions");
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        components
    }

    fn security_scheme(&mut self, scheme: Value, at: &str) -> Value {
        let Value::Object(mut scheme) = scheme else { return scheme };
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                scheme.insert("type".into(), json!("http"));
                scheme.insert("scheme".into(), json!("basic"));
            }
            Some("oauth2") => {
                let flow = scheme.remove("flow");
                let mut settings = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = scheme.remove(key) {
                        settings.insert(key.into(), url);
                    }
                }
                settings.insert("scopes".into(), scheme.remove("scopes").unwrap_or_else(|| json!({})));
                let flow = match flow.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        self.warn(&push_pointer(at, "flow"), format!("OAuth 2 flow {other:?} is not one of implicit, password, application, accessCode; read as `implicit`"));
                        "implicit"
                    }
                };
                scheme.insert("flows".into(), json!({ flow: settings }));
            }
            _ => {}
        }
        Value::Object(scheme)
    }

    /// The `consumes` or `produces` of an operation, else of the document, else JSON.
    fn media_types(&self, key: &str, operation: Option<&Map<String, Value>>) -> Vec<String> {
        let listed = |value: Option<&Value>| -> Option<Vec<String>> {
            let types: Vec<String> = value?.as_array()?.iter().filter_map(Value::as_str).map(String::from).collect();
            (!types.is_empty()).then_some(types)
        };
        listed(operation.and_then(|op| op.get(key))).or_else(|| listed(self.old.get(key))).unwrap_or_else(|| vec!["application/json".into()])
    }

    fn path_item(&mut self, item: Value, at: &str) -> Value {
        let Value::Object(item) = item else { return item };
        let mut new = Map::new();
        let mut shared_payloads = Vec::new();
        let mut shared_params = Vec::new();
        if let Some(Value::Array(params)) = item.get("parameters") {
            for (index, param) in params.iter().enumerate() {
                let param_at = push_pointer(&push_pointer(at, "parameters"), &index.to_string());
                match self.payload(param, &param_at) {
                    Some(payload) => shared_payloads.push(payload),
                    None => shared_params.push((param.clone(), param_at)),
                }
            }
        }
        if !shared_params.is_empty() {
            let converted = self.parameter_list(shared_params, &push_pointer(at, "parameters"));
            new.insert("parameters".into(), Value::Array(converted));
        }
        for (key, value) in item {
            if super::METHODS.contains(&key.as_str()) {
                let op_at = push_pointer(at, &key);
                let shared = shared_payloads.iter().map(|p| Payload { param: p.param.clone(), at: p.at.clone() }).collect();
                let op = self.operation(value, shared, &op_at);
                new.insert(key, op);
            } else if key != "parameters" {
                new.insert(key, value);
            }
        }
        Value::Object(new)
    }

    /// The parameter (or the top-level one its `$ref` names) if it is sent in the body.
    fn payload(&self, param: &Value, at: &str) -> Option<Payload> {
        let (param, at) = match param.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.strip_prefix("#/parameters/")?;
                let name = name.replace("~1", "/").replace("~0", "~");
                (self.old.get("parameters")?.get(&name)?, push_pointer("/parameters", &name))
            }
            None => (param, at.to_string()),
        };
        let located = param.get("in").and_then(Value::as_str);
        matches!(located, Some("body" | "formData")).then(|| Payload { param: param.as_object().cloned().unwrap_or_default(), at })
    }

    fn operation(&mut self, op: Value, shared: Vec<Payload>, at: &str) -> Value {
        let Value::Object(mut op) = op else { return op };
        let consumes = self.media_types("consumes", Some(&op));
        let produces = self.media_types("produces", Some(&op));
        let mut payloads = shared;
        let mut params = Vec::new();
        if let Some(Value::Array(list)) = op.remove("parameters") {
            for (index, param) in list.into_iter().enumerate() {
                let param_at = push_pointer(&push_pointer(at, "parameters"), &index.to_string());
                match self.payload(&param, &param_at) {
                    Some(payload) => {
                        // An operation's own parameter replaces the path's of that name and place.
                        let key = |p: &Payload| (p.param.get("name").cloned(), p.param.get("in").cloned());
                        payloads.retain(|p| key(p) != key(&payload) && !(is_body(p) && is_body(&payload)));
                        payloads.push(payload);
                    }
                    None => params.push((param, param_at)),
                }
            }
        }
        let mut new = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "responses" => {
                    let responses_at = push_pointer(at, "responses");
                    let Value::Object(responses) = value else {
                        new.insert(key, value);
                        continue;
                    };
                    let converted: Map<String, Value> = responses
                        .into_iter()
                        .map(|(code, response)| {
                            let response_at = push_pointer(&responses_at, &code);
                            let converted = self.response(response, &produces, &response_at, &response_at);
                            (code, converted)
                        })
                        .collect();
                    new.insert(key, Value::Object(converted));
                }
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if !params.is_empty() {
            let converted = self.parameter_list(params, &push_pointer(at, "parameters"));
            new.insert("parameters".into(), Value::Array(converted));
        }
        let body_at = push_pointer(at, "requestBody");
        if let Some(body) = payloads.iter().position(is_body) {
            let body = payloads.swap_remove(body);
            if !payloads.is_empty() {
                self.warn(&payloads[0].at, "`formData` parameters beside a `body` parameter cannot both be sent; the form fields are left out".into());
            }
            new.insert("requestBody".into(), self.body(body, &consumes, &body_at));
        } else if !payloads.is_empty() {
            new.insert("requestBody".into(), self.form(payloads, &consumes, &body_at));
        }
        Value::Object(new)
    }
}

fn is_body(payload: &Payload) -> bool {
    payload.param.get("in").and_then(Value::as_str) == Some("body")
}

fn is_form(media_type: &str) -> bool {
    media_type == FORM || media_type == MULTIPART
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// `#/definitions/X` → `#/components/schemas/X`, and likewise for parameters and
/// responses, everywhere but in example values and extensions.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (old, new) in [("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"), ("#/responses/", "#/components/responses/")] {
                    if let Some(rest) = reference.strip_prefix(old) {
                        *reference = format!("{new}{rest}");
                        break;
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" && !key.starts_with("x-") {
                    rewrite_refs(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

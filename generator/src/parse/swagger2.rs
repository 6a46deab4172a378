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

use super::Move;
use crate::diagnostic::{Warning, push_pointer};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
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
            if METHODS.contains(&key.as_str()) {
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

    /// Parameters sent in the path, query, header or cookie, converted in order;
    /// `$ref`s stay refs (to `components.parameters`).
    fn parameter_list(&mut self, params: Vec<(Value, String)>, list_at: &str) -> Vec<Value> {
        let mut converted = Vec::new();
        for (param, at) in params {
            let now = push_pointer(list_at, &converted.len().to_string());
            match param {
                Value::Object(param) if !param.contains_key("$ref") => converted.push(self.parameter(param, &at, &now)),
                other => {
                    self.moved(now, at);
                    converted.push(other);
                }
            }
        }
        converted
    }

    /// A path, query or header parameter: its schema keywords become its `schema`.
    fn parameter(&mut self, param: Map<String, Value>, at: &str, now: &str) -> Value {
        let mut new = Map::new();
        let mut schema = Map::new();
        let array = param.get("type").and_then(Value::as_str) == Some("array");
        let location = param.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
        for (key, value) in param {
            if SCHEMA_KEYWORDS.contains(&key.as_str()) && key != "example" {
                schema.insert(key, value);
            } else if key == "collectionFormat" {
                if array {
                    self.collection_format(&value, &location, &mut new, at);
                }
            } else {
                new.insert(key, value);
            }
        }
        if array && !new.contains_key("style") && location == "query" {
            // 2.0's default is `csv`, which 3.0's `form` style writes only unexploded.
            new.insert("explode".into(), json!(false));
        }
        if location == "path" {
            new.insert("required".into(), json!(true));
        }
        let mut schema = Value::Object(schema);
        self.schema(&mut schema, at);
        new.insert("schema".into(), schema);
        self.moved(now, at);
        self.moved(push_pointer(now, "schema"), at);
        Value::Object(new)
    }

    fn collection_format(&mut self, format: &Value, location: &str, param: &mut Map<String, Value>, at: &str) {
        let (style, explode) = match format.as_str() {
            Some("csv") | None => (if location == "query" || location == "formData" { "form" } else { "simple" }, false),
            Some("multi") => ("form", true),
            Some("ssv") => ("spaceDelimited", false),
            Some("pipes") => ("pipeDelimited", false),
            Some(other) => {
                self.warn(&push_pointer(at, "collectionFormat"), format!("`collectionFormat: {other}` has no OpenAPI 3 style; the values are sent comma-separated"));
                (if location == "query" { "form" } else { "simple" }, false)
            }
        };
        param.insert("style".into(), json!(style));
        param.insert("explode".into(), json!(explode));
    }

    /// A `body` parameter → a request body, one content entry per consumed type.
    fn body(&mut self, payload: Payload, consumes: &[String], now: &str) -> Value {
        let Payload { param, at } = payload;
        let mut schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
        self.schema(&mut schema, &push_pointer(&at, "schema"));
        let types: Vec<&String> = consumes.iter().filter(|t| !is_form(t)).collect();
        let types = if types.is_empty() { vec![&consumes[0]] } else { types };
        let mut content = Map::new();
        for media_type in types {
            let schema_at = push_pointer(&push_pointer(&push_pointer(now, "content"), media_type), "schema");
            self.moved(schema_at, push_pointer(&at, "schema"));
            content.insert(media_type.clone(), json!({ "schema": schema }));
        }
        let mut body = Map::new();
        for (key, value) in &param {
            if key == "description" || key == "required" || key.starts_with("x-") {
                body.insert(key.clone(), value.clone());
            }
        }
        body.insert("content".into(), Value::Object(content));
        self.moved(now, at);
        Value::Object(body)
    }

    /// `formData` parameters → one object schema, multipart when a file is sent
    /// or only multipart is consumed, else urlencoded.
    fn form(&mut self, payloads: Vec<Payload>, consumes: &[String], now: &str) -> Value {
        let has_file = payloads.iter().any(|p| p.param.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if has_file || (consumes.iter().any(|t| t == MULTIPART) && !consumes.iter().any(|t| t == FORM)) { MULTIPART } else { FORM };
        let media_at = push_pointer(&push_pointer(now, "content"), media_type);
        let schema_at = push_pointer(&media_at, "schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for Payload { param, at } in payloads {
            let Some(name) = param.get("name").and_then(Value::as_str).map(String::from) else { continue };
            if param.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            let array = param.get("type").and_then(Value::as_str) == Some("array");
            if array && let Some(format) = param.get("collectionFormat") {
                let mut style = Map::new();
                self.collection_format(format, "formData", &mut style, &at);
                encoding.insert(name.clone(), Value::Object(style));
            }
            let mut schema: Map<String, Value> = param.iter().filter(|(k, _)| SCHEMA_KEYWORDS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
            if let Some(description) = param.get("description") {
                schema.insert("description".into(), description.clone());
            }
            let mut schema = Value::Object(schema);
            self.schema(&mut schema, &at);
            let property_at = push_pointer(&push_pointer(&schema_at, "properties"), &name);
            self.moved(property_at, at);
            properties.insert(name, schema);
        }
        let required_any = !required.is_empty();
        let mut schema = json!({ "type": "object", "properties": properties });
        if required_any {
            schema["required"] = Value::Array(required);
        }
        let mut media = json!({ "schema": schema });
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
        let mut content = Map::new();
        content.insert(media_type.into(), media);
        json!({ "required": required_any, "content": content })
    }

    /// A response: its `schema` once per produced type, `examples` by type, headers as schemas.
    fn response(&mut self, response: Value, produces: &[String], at: &str, now: &str) -> Value {
        let Value::Object(response) = response else { return response };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let mut new = Map::new();
        new.insert("description".into(), response.get("description").cloned().unwrap_or_else(|| json!("")));
        let mut examples = match response.get("examples") {
            Some(Value::Object(examples)) => examples.clone(),
            _ => Map::new(),
        };
        if let Some(schema) = response.get("schema") {
            let mut schema = schema.clone();
            let file = schema.get("type").and_then(Value::as_str) == Some("file");
            self.schema(&mut schema, &push_pointer(at, "schema"));
            let mut types: Vec<String> = produces.iter().filter(|t| !file || !is_json(t)).cloned().collect();
            if types.is_empty() {
                types.push("application/octet-stream".into());
            }
            let mut content = Map::new();
            for media_type in types {
                let media_at = push_pointer(&push_pointer(now, "content"), &media_type);
                self.moved(push_pointer(&media_at, "schema"), push_pointer(at, "schema"));
                let mut media = json!({ "schema": schema });
                if let Some(example) = examples.shift_remove(&media_type) {
                    self.moved(push_pointer(&media_at, "example"), push_pointer(&push_pointer(at, "examples"), &media_type));
                    media["example"] = example;
                }
                content.insert(media_type, media);
            }
            new.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = response.get("headers") {
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_at = push_pointer(&push_pointer(at, "headers"), name);
                let header_now = push_pointer(&push_pointer(now, "headers"), name);
                let Value::Object(header) = header else { continue };
                let mut schema: Map<String, Value> = header.iter().filter(|(k, _)| SCHEMA_KEYWORDS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
                schema.remove("example");
                let mut schema = Value::Object(schema);
                self.schema(&mut schema, &header_at);
                let mut new_header = Map::new();
                if let Some(description) = header.get("description") {
                    new_header.insert("description".into(), description.clone());
                }
                new_header.insert("schema".into(), schema);
                self.moved(push_pointer(&header_now, "schema"), header_at);
                converted.insert(name.clone(), Value::Object(new_header));
            }
            new.insert("headers".into(), Value::Object(converted));
        }
        for (key, value) in &response {
            if key.starts_with("x-") {
                new.insert(key.clone(), value.clone());
            }
        }
        Value::Object(new)
    }

    /// 2.0's schema dialect in place: `type: file`, `x-nullable`, a string
    /// `discriminator`; OpenAPI 3's own keywords are read with a warning.
    fn schema(&mut self, value: &mut Value, at: &str) {
        let Value::Object(schema) = value else { return };
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        for key in ["x-nullable", "x-isnullable"] {
            if let Some(Value::Bool(nullable)) = schema.get(key).cloned() {
                schema.insert("nullable".into(), json!(nullable));
            }
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
            schema.insert("discriminator".into(), json!({ "propertyName": property }));
        }
        for key in ["nullable", "oneOf", "anyOf", "not", "const", "$defs"] {
            if schema.contains_key(key) && !(key == "nullable" && (schema.contains_key("x-nullable") || schema.contains_key("x-isnullable"))) {
                self.warn(&push_pointer(at, key), format!("`{key}` is OpenAPI 3, not Swagger 2.0; read as OpenAPI 3 reads it"));
            }
        }
        if schema.get("type").is_some_and(Value::is_array) {
            self.warn(&push_pointer(at, "type"), "a list of types is OpenAPI 3.1, not Swagger 2.0; read as OpenAPI 3.1 reads it".into());
        }
        for key in ["properties", "patternProperties", "definitions"] {
            if let Some(Value::Object(children)) = schema.get_mut(key) {
                let base = push_pointer(at, key);
                for (name, child) in children.iter_mut() {
                    self.schema(child, &push_pointer(&base, name));
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = schema.get_mut(key) {
                let base = push_pointer(at, key);
                for (index, member) in members.iter_mut().enumerate() {
                    self.schema(member, &push_pointer(&base, &index.to_string()));
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = schema.get_mut(key) {
                self.schema(child, &push_pointer(at, key));
            }
        }
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

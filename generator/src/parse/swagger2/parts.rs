//! The parts of a 2.0 operation that change shape: parameters (their schema
//! keywords become a `schema`), bodies and forms, responses, and the schema
//! dialect itself.

use serde_json::{Map, Value, json};

use super::{Converter, FORM, MULTIPART, Payload, SCHEMA_KEYWORDS, is_form, is_json};
use crate::diagnostic::push_pointer;

impl Converter {
    /// Parameters sent in the path, query, header or cookie, converted in order;
    /// `$ref`s stay refs (to `components.parameters`).
    pub(super) fn parameter_list(&mut self, params: Vec<(Value, String)>, list_at: &str) -> Vec<Value> {
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
    pub(super) fn parameter(&mut self, param: Map<String, Value>, at: &str, now: &str) -> Value {
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
    pub(super) fn body(&mut self, payload: Payload, consumes: &[String], now: &str) -> Value {
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
    pub(super) fn form(&mut self, payloads: Vec<Payload>, consumes: &[String], now: &str) -> Value {
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
            let mut schema = schema_keywords(&param);
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
    pub(super) fn response(&mut self, response: Value, produces: &[String], at: &str, now: &str) -> Value {
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
                let mut schema = schema_keywords(header);
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
    pub(super) fn schema(&mut self, value: &mut Value, at: &str) {
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

/// The keywords a 2.0 parameter or header shares with a schema, as a schema.
fn schema_keywords(item: &Map<String, Value>) -> Map<String, Value> {
    item.iter().filter(|(key, _)| SCHEMA_KEYWORDS.contains(&key.as_str())).map(|(key, value)| (key.clone(), value.clone())).collect()
}

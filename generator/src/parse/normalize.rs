//! Brings a raw document into the shape `openapiv3` (an OpenAPI 3.0 model) reads.
//!
//! OpenAPI 3.1 / JSON Schema 2020-12 keywords are rewritten into their 3.0
//! equivalents, and schema keywords of the wrong JSON type are dropped, each with
//! a warning at the exact key. The same rules apply to 3.0 files, which often
//! carry 3.1 habits (`$ref` with siblings, `type: null` members). Rewrites happen
//! in place so pointers keep naming the original file; the few that nest a schema
//! record which original pointer the new one stands for.

use serde_json::{Map, Value, json};

use crate::diagnostic::{Warning, push_pointer};

use super::METHODS;

/// What normalization did.
#[derive(Debug, Default)]
pub struct Normalized {
    pub warnings: Vec<Warning>,
    /// (pointer after normalization, pointer in the file), in the order made.
    pub moved: Vec<(String, String)>,
}

pub(super) fn normalize(root: &mut Value) -> Normalized {
    let mut normalizer = Normalized::default();
    normalizer.document(root);
    normalizer
}

/// Calls `each` on every value of the object at `value[key]`, if it is one.
fn for_entries(this: &mut Normalized, value: &mut Map<String, Value>, key: &str, at: &str, each: fn(&mut Normalized, &mut Value, &str)) {
    let base = || push_pointer(at, key);
    match value.get_mut(key) {
        Some(Value::Object(entries)) => {
            let base = base();
            for (name, entry) in entries.iter_mut() {
                each(this, entry, &push_pointer(&base, name));
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            this.warn(&base(), format!("`{key}` must be a map, not {}; it is ignored", describe(other)));
            value.remove(key);
        }
    }
}

/// Calls `each` on every item of the array at `value[key]`, if it is one.
fn for_items(this: &mut Normalized, value: &mut Map<String, Value>, key: &str, at: &str, each: fn(&mut Normalized, &mut Value, &str)) {
    let base = || push_pointer(at, key);
    match value.get_mut(key) {
        Some(Value::Array(items)) => {
            let base = base();
            for (index, item) in items.iter_mut().enumerate() {
                each(this, item, &push_pointer(&base, &index.to_string()));
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            this.warn(&base(), format!("`{key}` must be a list, not {}; it is ignored", describe(other)));
            value.remove(key);
        }
    }
}

impl Normalized {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning::at(pointer, message));
    }

    fn document(&mut self, root: &mut Value) {
        let Some(doc) = root.as_object_mut() else { return };
        // 3.1 makes `paths` optional (a file may hold only webhooks or components).
        if !doc.get("paths").is_some_and(Value::is_object) {
            doc.insert("paths".into(), json!({}));
        }
        // `x-webhooks` is the extension that preceded 3.1's `webhooks`.
        for key in ["webhooks", "x-webhooks"] {
            if let Some(webhooks) = doc.get(key).and_then(Value::as_object).filter(|w| !w.is_empty()) {
                let count = counted(webhooks.len(), "webhook");
                self.warn(&push_pointer("", key), format!("{count}: requests the API sends, not operations a client calls; left out"));
            }
        }
        if let Some(security) = doc.get_mut("security") {
            self.security(security, "/security");
        }
        for_entries(self, doc, "paths", "", Self::path_item);
        if let Some(Value::Object(components)) = doc.get_mut("components") {
            let at = "/components";
            for_entries(self, components, "schemas", at, Self::schema);
            for_entries(self, components, "parameters", at, Self::parameter);
            for_entries(self, components, "requestBodies", at, Self::content_holder);
            for_entries(self, components, "responses", at, Self::response);
            for_entries(self, components, "headers", at, Self::parameter);
            for_entries(self, components, "pathItems", at, Self::path_item);
            for_entries(self, components, "callbacks", at, Self::callback);
        }
    }

    /// Each requirement maps scheme names to scope lists; `null` scopes mean none.
    fn security(&mut self, value: &mut Value, at: &str) {
        let Value::Array(requirements) = value else {
            self.warn(at, format!("security must be a list of requirements, not {}; it is ignored", describe(value)));
            *value = json!([]);
            return;
        };
        for (index, requirement) in requirements.iter_mut().enumerate() {
            let at = push_pointer(at, &index.to_string());
            let Value::Object(schemes) = requirement else {
                self.warn(&at, "a security requirement must be a map of scheme names to scopes; read as none");
                *requirement = json!({});
                continue;
            };
            for (scheme, scopes) in schemes.iter_mut() {
                let scope_list = scopes.as_array().is_some_and(|s| s.iter().all(Value::is_string));
                if !scope_list {
                    self.warn(&push_pointer(&at, scheme), format!("scopes must be a list of strings, not {}; read as none", describe(scopes)));
                    *scopes = json!([]);
                }
            }
        }
    }

    fn path_item(&mut self, value: &mut Value, at: &str) {
        let Some(item) = value.as_object_mut().filter(|item| !item.contains_key("$ref")) else { return };
        for_items(self, item, "parameters", at, Self::parameter);
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(*method) {
                let at = push_pointer(at, method);
                // 3.1 makes `responses` optional.
                operation.entry("responses").or_insert_with(|| json!({}));
                for_items(self, operation, "parameters", &at, Self::parameter);
                if let Some(body) = operation.get_mut("requestBody") {
                    self.content_holder(body, &push_pointer(&at, "requestBody"));
                }
                for_entries(self, operation, "responses", &at, Self::response);
                for_entries(self, operation, "callbacks", &at, Self::callback);
                if let Some(callbacks) = operation.get("callbacks").and_then(Value::as_object).filter(|c| !c.is_empty()) {
                    let count = counted(callbacks.len(), "callback");
                    let message = format!("{count}: requests the API sends back, not part of the call; left out");
                    self.warn(&push_pointer(&at, "callbacks"), message);
                }
                if let Some(security) = operation.get_mut("security") {
                    self.security(security, &push_pointer(&at, "security"));
                }
            }
        }
    }

    fn callback(&mut self, value: &mut Value, at: &str) {
        if let Some(callback) = value.as_object_mut().filter(|c| !c.contains_key("$ref")) {
            for (expression, item) in callback.iter_mut() {
                self.path_item(item, &push_pointer(at, expression));
            }
        }
    }

    /// Parameters and headers: a schema, or content.
    fn parameter(&mut self, value: &mut Value, at: &str) {
        let Some(parameter) = value.as_object_mut().filter(|p| !p.contains_key("$ref")) else { return };
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &push_pointer(at, "schema"));
        }
        for_entries(self, parameter, "content", at, Self::media_type);
    }

    /// Request bodies: content.
    fn content_holder(&mut self, value: &mut Value, at: &str) {
        if let Some(holder) = value.as_object_mut().filter(|b| !b.contains_key("$ref")) {
            for_entries(self, holder, "content", at, Self::media_type);
        }
    }

    fn response(&mut self, value: &mut Value, at: &str) {
        if let Some(response) = value.as_object_mut().filter(|r| !r.contains_key("$ref")) {
            for_entries(self, response, "headers", at, Self::parameter);
            for_entries(self, response, "content", at, Self::media_type);
        }
    }

    fn media_type(&mut self, value: &mut Value, at: &str) {
        let Some(media) = value.as_object_mut() else { return };
        if let Some(schema) = media.get_mut("schema") {
            self.schema(schema, &push_pointer(at, "schema"));
        }
        if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
            let base = push_pointer(at, "encoding");
            for (name, encoding) in encodings.iter_mut() {
                if let Some(encoding) = encoding.as_object_mut() {
                    for_entries(self, encoding, "headers", &push_pointer(&base, name), Self::parameter);
                }
            }
        }
    }

    /// One schema and, after it is rewritten, every schema inside it.
    pub(super) fn schema(&mut self, value: &mut Value, at: &str) {
        let schema = match value {
            Value::Bool(true) => return *value = json!({}),
            Value::Bool(false) => return *value = json!({"not": {}}),
            Value::Object(schema) => schema,
            _ => {
                self.warn(at, format!("a schema must be a map, not {}; read as any JSON value", describe(value)));
                return *value = json!({});
            }
        };
        if self.reference(schema, at) {
            return;
        }
        // Each rewrite runs only where the keywords it reads (or that an
        // earlier rewrite turns into them) are present: looking a keyword up
        // hashes it, and most schemas have none of these.
        let keys = Keywords::of(schema);
        self.keyword_types(schema, at);
        if keys.any(Keywords::TYPE) {
            self.type_keyword(schema, at);
        }
        if keys.any(Keywords::CONST) {
            self.constant(schema);
        }
        if keys.any(Keywords::ENUM | Keywords::CONST) {
            self.enumeration(schema, at);
        }
        if keys.any(Keywords::BOUNDS) {
            self.bounds(schema);
        }
        if keys.any(Keywords::ITEMS | Keywords::PREFIX_ITEMS) {
            self.tuples(schema, at);
        }
        if keys.any(Keywords::CONTENT) {
            self.content_encoding(schema);
        }
        if keys.any(Keywords::PATTERNS) {
            self.pattern_properties(schema, at);
        }
        if keys.any(Keywords::INEXPRESSIBLE) {
            for key in ["if", "dependentSchemas", "dependentRequired"] {
                if schema.remove(key).is_some() {
                    self.warn(&push_pointer(at, key), format!("`{key}` cannot be expressed in Rust types; it is ignored"));
                }
            }
        }
        if keys.any(Keywords::ONE_OF | Keywords::ANY_OF) {
            self.null_members(schema, at);
        }
        if keys.any(Keywords::ALL_OF) {
            self.annotation_members(schema, at);
        }
        if keys.any(Keywords::ONE_OF | Keywords::ANY_OF) {
            self.value_members(schema);
        }
        if keys.any(Keywords::TYPE) {
            self.split_types(schema, at);
        }
        self.subschemas(schema, at);
    }

    /// A `$ref` with nothing beside it stays a reference. With siblings (3.1
    /// allows them; many 3.0 files have them) it becomes `allOf: [{$ref}]` next
    /// to them, so `nullable` and `description` are kept. Returns whether the
    /// schema is a plain reference.
    fn reference(&mut self, schema: &mut Map<String, Value>, at: &str) -> bool {
        let Some(reference) = schema.get("$ref") else { return false };
        if !reference.is_string() {
            self.warn(&push_pointer(at, "$ref"), format!("`$ref` must be a string, not {}; it is ignored", describe(reference)));
            schema.remove("$ref");
            return false;
        }
        let inert = |key: &str| matches!(key, "$ref" | "$comment" | "summary") || key.starts_with("x-");
        if schema.keys().all(|key| inert(key)) {
            return true;
        }
        let reference = schema.remove("$ref").unwrap_or_default();
        let all_of = schema.entry("allOf").or_insert_with(|| json!([]));
        if let Value::Array(members) = all_of {
            let index = members.len();
            members.push(json!({ "$ref": reference }));
            self.moved.push((push_pointer(&push_pointer(at, "allOf"), &index.to_string()), at.to_string()));
        }
        false
    }

    /// Drops keywords whose value has the wrong JSON type, with a warning.
    fn keyword_types(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let mut wrong = Vec::new();
        for (key, value) in schema.iter_mut() {
            let expected = match key.as_str() {
                "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => (value.is_boolean(), "true or false"),
                "exclusiveMinimum" | "exclusiveMaximum" => (value.is_boolean() || value.is_number(), "a boolean or a number"),
                "title" | "description" | "format" | "pattern" | "contentEncoding" | "contentMediaType" => (value.is_string(), "a string"),
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => (value.is_u64(), "a non-negative integer"),
                "minimum" | "maximum" | "multipleOf" => (value.is_number(), "a number"),
                "type" => (value.is_string() || value.as_array().is_some_and(|t| t.iter().all(Value::is_string)), "a type name or a list of them"),
                "enum" | "prefixItems" => (value.is_array(), "a list"),
                "allOf" | "oneOf" | "anyOf" => (value.as_array().is_some_and(|m| !m.is_empty()), "a non-empty list of schemas"),
                "properties" | "patternProperties" | "$defs" | "definitions" => (value.is_object(), "a map of schemas"),
                "items" | "not" | "propertyNames" => (value.is_object() || value.is_boolean() || (key == "items" && value.is_array()), "a schema"),
                "additionalProperties" => (value.is_object() || value.is_boolean(), "a schema or a boolean"),
                "externalDocs" => (value.get("url").is_some_and(Value::is_string), "a map with a `url`"),
                "discriminator" => (discriminator_ok(value), "a map with a `propertyName` and string `mapping` values"),
                "required" => {
                    if let Value::Array(names) = value {
                        names.retain(Value::is_string);
                    }
                    (value.is_array(), "a list of property names (a property is required by listing it in its parent's `required`)")
                }
                _ => (true, ""),
            };
            if let (false, expected) = expected {
                wrong.push((key.clone(), format!("`{key}` must be {expected}, not {}; it is ignored", describe(value))));
            }
        }
        for (key, message) in wrong {
            schema.remove(&key);
            self.warn(&push_pointer(at, &key), message);
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; `type: "null"` → nullable
    /// any value; a name that is not a JSON Schema type is read as the type it
    /// obviously means, or dropped.
    fn type_keyword(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let Some(typ) = schema.get("type") else { return };
        let mut names: Vec<String> = match typ {
            Value::String(name) => vec![name.clone()],
            Value::Array(names) => names.iter().filter_map(Value::as_str).map(String::from).collect(),
            _ => return,
        };
        if names.iter().any(|n| n == "null") {
            names.retain(|n| n != "null");
            schema.insert("nullable".into(), Value::Bool(true));
        }
        let mut kept = Vec::new();
        for name in names {
            let (canonical, format) = match name.as_str() {
                "string" | "integer" | "number" | "boolean" | "object" | "array" => (name.as_str(), None),
                "long" | "int64" => ("integer", Some("int64")),
                "int" | "int32" => ("integer", Some("int32")),
                "double" | "decimal" => ("number", Some("double")),
                "float" => ("number", Some("float")),
                "bool" => ("boolean", None),
                "str" | "text" => ("string", None),
                "date" | "date-time" | "uuid" => ("string", Some(name.as_str())),
                "file" | "binary" => ("string", Some("binary")),
                _ => {
                    self.warn(&push_pointer(at, "type"), format!("`{name}` is not a JSON Schema type; the value is read as any JSON value"));
                    continue;
                }
            };
            if canonical != name {
                self.warn(&push_pointer(at, "type"), format!("`{name}` is not a JSON Schema type; read as `{canonical}`"));
                if let Some(format) = format {
                    schema.entry("format").or_insert_with(|| json!(format));
                }
            }
            if !kept.contains(&canonical.to_string()) {
                kept.push(canonical.to_string());
            }
        }
        match kept.len() {
            0 => schema.remove("type"),
            1 => schema.insert("type".into(), json!(kept[0])),
            _ => schema.insert("type".into(), json!(kept)),
        };
    }

    /// `const: v` → `enum: [v]`, typed after its value.
    fn constant(&mut self, schema: &mut Map<String, Value>) {
        let Some(value) = schema.remove("const") else { return };
        if !schema.contains_key("type") {
            let typ = match &value {
                Value::String(_) => Some("string"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                Value::Bool(_) => Some("boolean"),
                _ => None,
            };
            if let Some(typ) = typ {
                schema.insert("type".into(), json!(typ));
            }
        }
        if value.is_null() {
            schema.insert("nullable".into(), Value::Bool(true));
        }
        schema.entry("enum").or_insert_with(|| json!([value]));
    }

    /// `null` in an enum is nullability; values of another type than the enum's
    /// are read as the enum's type when that is obvious (`4.1` in a string enum
    /// is `"4.1"`), else dropped.
    fn enumeration(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let typ = schema.get("type").and_then(Value::as_str).map(String::from);
        let Some(Value::Array(values)) = schema.get_mut("enum") else { return };
        let had_null = values.iter().any(Value::is_null);
        values.retain(|v| !v.is_null());
        let mut changed = Vec::new();
        let kept: Vec<Value> = values
            .drain(..)
            .filter_map(|value| {
                let fitted = match (typ.as_deref(), &value) {
                    (Some("string"), Value::String(_)) => Some(value.clone()),
                    (Some("string"), Value::Number(_) | Value::Bool(_)) => Some(Value::String(value.to_string())),
                    (Some("integer"), Value::Number(n)) if n.is_i64() => Some(value.clone()),
                    (Some("integer"), Value::Number(n)) => n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| json!(f as i64)),
                    (Some("number"), Value::Number(_)) => Some(value.clone()),
                    (Some("boolean"), Value::Bool(_)) => Some(value.clone()),
                    (Some("string" | "integer" | "number" | "boolean"), _) => None,
                    _ => Some(value.clone()),
                };
                if fitted.as_ref() != Some(&value) {
                    changed.push(value.to_string());
                }
                fitted
            })
            .collect();
        if !changed.is_empty() {
            let typ = typ.unwrap_or_default();
            self.warn(&push_pointer(at, "enum"), format!("values {} are not of type `{typ}`; read as `{typ}` where possible, else left out", changed.join(", ")));
        }
        if had_null {
            schema.insert("nullable".into(), Value::Bool(true));
        }
        if kept.is_empty() {
            schema.remove("enum");
        } else {
            schema.insert("enum".into(), Value::Array(kept));
        }
    }

    /// Numeric `exclusiveMinimum: n` (3.1) → `minimum: n, exclusiveMinimum: true`.
    fn bounds(&mut self, schema: &mut Map<String, Value>) {
        for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() {
                schema.insert(inclusive.into(), bound);
                schema.insert(exclusive.into(), Value::Bool(true));
            }
        }
        // openapiv3 reads integer bounds as i64: a bound beyond it constrains nothing a Rust integer can hold.
        if schema.get("type").and_then(Value::as_str) == Some("integer") {
            for key in ["minimum", "maximum", "multipleOf"] {
                if schema.get(key).is_some_and(|v| !v.is_i64()) {
                    schema.remove(key);
                }
            }
        }
    }

    /// Tuples (`prefixItems`, or a list under `items`) are read as arrays of any value.
    fn tuples(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let list_items = schema.get("items").is_some_and(Value::is_array);
        if schema.remove("prefixItems").is_some() || list_items {
            let key = if list_items { "items" } else { "prefixItems" };
            self.warn(&push_pointer(at, key), "tuples cannot be typed item by item; read as a list of any JSON value");
            schema.insert("items".into(), json!({}));
        } else if schema.get("items") == Some(&Value::Bool(false)) {
            schema.insert("items".into(), json!({}));
        }
    }

    /// `contentEncoding: base64` is `format: byte`; binary content is `format: binary`.
    fn content_encoding(&mut self, schema: &mut Map<String, Value>) {
        let encoding = schema.remove("contentEncoding");
        let media = schema.remove("contentMediaType");
        let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref().and_then(Value::as_str)) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (Some(_), _) => Some("binary"),
            (None, Some(media)) if !media.starts_with("text/") && !media.contains("json") && !media.contains("xml") => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            schema.entry("format").or_insert_with(|| json!(format));
        }
    }

    /// `patternProperties` → `additionalProperties` (one pattern: its schema;
    /// several: any value); `propertyNames` constrains keys, which are strings.
    fn pattern_properties(&mut self, schema: &mut Map<String, Value>, at: &str) {
        schema.remove("propertyNames");
        let Some(Value::Object(patterns)) = schema.remove("patternProperties") else { return };
        if schema.get("additionalProperties").is_some_and(|a| a != &Value::Bool(true)) {
            return;
        }
        let value = match patterns.len() {
            1 => {
                let (pattern, value) = patterns.into_iter().next().unwrap_or_default();
                let from = push_pointer(&push_pointer(at, "patternProperties"), &pattern);
                self.moved.push((push_pointer(at, "additionalProperties"), from));
                value
            }
            _ => json!({}),
        };
        schema.insert("additionalProperties".into(), value);
    }

    /// `{type: null}` members of `oneOf`/`anyOf` make the schema nullable.
    fn null_members(&mut self, schema: &mut Map<String, Value>, at: &str) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get_mut(key) else { continue };
            let is_null = |m: &Value| {
                m.get("type") == Some(&json!("null"))
                    || m.get("type") == Some(&json!(["null"]))
                    || m.get("enum") == Some(&json!([null]))
                    || m.get("const") == Some(&Value::Null)
            };
            if !members.iter().any(is_null) || members.len() < 2 {
                continue;
            }
            let base = push_pointer(at, key);
            let original: Vec<usize> = (0..members.len()).filter(|i| !is_null(&members[*i])).collect();
            members.retain(|m| !is_null(m));
            for (now, before) in original.into_iter().enumerate() {
                if now != before {
                    self.moved.push((push_pointer(&base, &now.to_string()), push_pointer(&base, &before.to_string())));
                }
            }
            schema.insert("nullable".into(), Value::Bool(true));
        }
    }

    /// An `allOf` member that constrains nothing (`{nullable: true}`, a lone
    /// `description`) is the idiom for annotating a `$ref`: its annotations
    /// move to the schema (`nullable` always, the others where the schema has
    /// none), and the member goes, so `allOf: [$ref, {nullable: true}]` is
    /// that type, nullable (Together's `usage`).
    fn annotation_members(&mut self, schema: &mut Map<String, Value>, at: &str) {
        const ANNOTATIONS: &[&str] = &["nullable", "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "externalDocs"];
        let is_annotation = |member: &Value| {
            member.as_object().is_some_and(|m| !m.is_empty() && m.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")))
        };
        let Some(Value::Array(members)) = schema.get("allOf") else { return };
        if !members.iter().any(is_annotation) || members.iter().all(is_annotation) {
            return;
        }
        let Some(Value::Array(members)) = schema.remove("allOf") else { return };
        let base = push_pointer(at, "allOf");
        let mut kept = Vec::new();
        for (before, member) in members.into_iter().enumerate() {
            if !is_annotation(&member) {
                if kept.len() != before {
                    self.moved.push((push_pointer(&base, &kept.len().to_string()), push_pointer(&base, &before.to_string())));
                }
                kept.push(member);
                continue;
            }
            let Value::Object(annotations) = member else { continue };
            for (key, value) in annotations {
                if key == "nullable" {
                    if value == Value::Bool(true) {
                        schema.insert(key, value);
                    }
                } else {
                    schema.entry(key).or_insert(value);
                }
            }
        }
        schema.insert("allOf".into(), Value::Array(kept));
    }

    /// A `oneOf`/`anyOf` whose members each allow one value (`const`, or an
    /// `enum` of one), all strings or all integers, is an enumeration that names
    /// and documents its values: `enum` with openapi-generator's
    /// `x-enum-varnames` (from the members' titles) and `x-enum-descriptions`.
    fn value_members(&mut self, schema: &mut Map<String, Value>) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get(key) else { continue };
            let Some(values) = members.iter().map(single_value).collect::<Option<Vec<&Value>>>() else { continue };
            let typ = if values.iter().all(|v| v.is_string()) {
                "string"
            } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                "integer"
            } else {
                continue;
            };
            if values.is_empty() || schema.get("type").is_some_and(|t| t != typ) || schema.contains_key("enum") {
                continue;
            }
            let text = |member: &Value, key: &str| member.get(key).and_then(Value::as_str).map(String::from);
            let titles: Option<Vec<String>> = members.iter().map(|m| text(m, "title")).collect();
            let descriptions: Vec<String> = members.iter().map(|m| text(m, "description").unwrap_or_default()).collect();
            let values: Vec<Value> = values.into_iter().cloned().collect();
            schema.remove(key);
            schema.insert("type".into(), json!(typ));
            schema.insert("enum".into(), Value::Array(values));
            if let Some(titles) = titles {
                schema.insert("x-enum-varnames".into(), json!(titles));
            }
            if descriptions.iter().any(|d| !d.is_empty()) {
                schema.insert("x-enum-descriptions".into(), json!(descriptions));
            }
            return;
        }
    }

    /// `type: [string, integer]` → `oneOf` of one schema per type, each with the
    /// keywords that apply to it.
    fn split_types(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let Some(Value::Array(types)) = schema.get("type").cloned() else { return };
        let key = if schema.contains_key("oneOf") { "anyOf" } else { "oneOf" };
        if schema.contains_key(key) {
            self.warn(&push_pointer(at, "type"), "a list of types beside both oneOf and anyOf; only the first type is kept");
            schema.insert("type".into(), types[0].clone());
            return;
        }
        schema.remove("type");
        let mut members = Vec::new();
        for (index, typ) in types.iter().enumerate() {
            let typ = typ.as_str().unwrap_or_default();
            let mut member = Map::new();
            member.insert("type".into(), json!(typ));
            for keyword in keywords_of(typ) {
                if let Some(value) = schema.get(*keyword) {
                    member.insert(keyword.to_string(), value.clone());
                }
            }
            // `format` is the string's when there is one (`date-time`), else the number's (`int64`).
            let format_owner = typ == "string" || (matches!(typ, "integer" | "number") && !types.contains(&json!("string")));
            if let Some(format) = schema.get("format").filter(|_| format_owner) {
                member.insert("format".into(), format.clone());
            }
            if let Some(Value::Array(values)) = schema.get("enum") {
                let fitting: Vec<Value> = values.iter().filter(|v| json_type_is(v, typ)).cloned().collect();
                if !fitting.is_empty() {
                    member.insert("enum".into(), Value::Array(fitting));
                }
            }
            self.moved.push((push_pointer(&push_pointer(at, key), &index.to_string()), at.to_string()));
            members.push(Value::Object(member));
        }
        for typ in &types {
            for keyword in keywords_of(typ.as_str().unwrap_or_default()) {
                schema.remove(*keyword);
            }
        }
        schema.remove("enum");
        schema.remove("format");
        schema.insert(key.into(), Value::Array(members));
    }

    fn subschemas(&mut self, schema: &mut Map<String, Value>, at: &str) {
        // Taken after the rewrites, which add `oneOf`, `items` and `additionalProperties`.
        let keys = Keywords::of(schema);
        for (key, bit) in [("properties", Keywords::PROPERTIES), ("$defs", Keywords::DEFS), ("definitions", Keywords::DEFINITIONS)] {
            if keys.any(bit) {
                for_entries(self, schema, key, at, Self::schema);
            }
        }
        for (key, bit) in [("allOf", Keywords::ALL_OF), ("oneOf", Keywords::ONE_OF), ("anyOf", Keywords::ANY_OF)] {
            if keys.any(bit) {
                for_items(self, schema, key, at, Self::schema);
            }
        }
        for (key, bit) in [("items", Keywords::ITEMS), ("not", Keywords::NOT), ("additionalProperties", Keywords::ADDITIONAL_PROPERTIES)] {
            if keys.any(bit)
                && let Some(sub) = schema.get_mut(key).filter(|s| s.is_object())
            {
                self.schema(sub, &push_pointer(at, key));
            }
        }
    }
}

/// The keywords of a schema that some rewrite reads, found in one pass over
/// its keys.
#[derive(Clone, Copy)]
struct Keywords(u32);

impl Keywords {
    const TYPE: u32 = 1;
    const CONST: u32 = 1 << 1;
    const ENUM: u32 = 1 << 2;
    const BOUNDS: u32 = 1 << 3;
    const ITEMS: u32 = 1 << 4;
    const PREFIX_ITEMS: u32 = 1 << 5;
    const CONTENT: u32 = 1 << 6;
    const PATTERNS: u32 = 1 << 7;
    const INEXPRESSIBLE: u32 = 1 << 8;
    const ONE_OF: u32 = 1 << 9;
    const ANY_OF: u32 = 1 << 10;
    const ALL_OF: u32 = 1 << 11;
    const PROPERTIES: u32 = 1 << 12;
    const DEFS: u32 = 1 << 13;
    const DEFINITIONS: u32 = 1 << 14;
    const NOT: u32 = 1 << 15;
    const ADDITIONAL_PROPERTIES: u32 = 1 << 16;

    fn of(schema: &Map<String, Value>) -> Self {
        Keywords(schema.keys().fold(0, |found, key| {
            found
                | match key.as_str() {
                    "type" => Self::TYPE,
                    "const" => Self::CONST,
                    "enum" => Self::ENUM,
                    "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => Self::BOUNDS,
                    "items" => Self::ITEMS,
                    "prefixItems" => Self::PREFIX_ITEMS,
                    "contentEncoding" | "contentMediaType" => Self::CONTENT,
                    "patternProperties" | "propertyNames" => Self::PATTERNS,
                    "if" | "dependentSchemas" | "dependentRequired" => Self::INEXPRESSIBLE,
                    "oneOf" => Self::ONE_OF,
                    "anyOf" => Self::ANY_OF,
                    "allOf" => Self::ALL_OF,
                    "properties" => Self::PROPERTIES,
                    "$defs" => Self::DEFS,
                    "definitions" => Self::DEFINITIONS,
                    "not" => Self::NOT,
                    "additionalProperties" => Self::ADDITIONAL_PROPERTIES,
                    _ => 0,
                }
        }))
    }

    fn any(self, bits: u32) -> bool {
        self.0 & bits != 0
    }
}

/// `1 webhook`, `3 webhooks`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// The one value a schema allows, if it allows one and says nothing else about it.
fn single_value(member: &Value) -> Option<&Value> {
    let member = member.as_object()?;
    let describes = |key: &str| matches!(key, "title" | "description" | "type" | "deprecated" | "$comment") || key.starts_with("x-");
    let value = match (member.get("const"), member.get("enum")) {
        (Some(value), None) => value,
        (None, Some(Value::Array(values))) if values.len() == 1 => &values[0],
        _ => return None,
    };
    let only_describes = member.keys().all(|key| key == "const" || key == "enum" || describes(key));
    let typed_alike = member.get("type").is_none_or(|typ| json_type_is(value, typ.as_str().unwrap_or_default()));
    (only_describes && typed_alike && !value.is_null()).then_some(value)
}

/// The keywords that apply only to values of JSON type `typ`.
fn keywords_of(typ: &str) -> &'static [&'static str] {
    match typ {
        "string" => &["pattern", "minLength", "maxLength"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

fn json_type_is(value: &Value, typ: &str) -> bool {
    match typ {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn discriminator_ok(value: &Value) -> bool {
    value.get("propertyName").is_some_and(Value::is_string)
        && value.get("mapping").is_none_or(|m| m.as_object().is_some_and(|m| m.values().all(Value::is_string)))
}

/// A short description of a value for messages: its type and, when short, the value.
pub(super) fn describe(value: &Value) -> String {
    let text = value.to_string();
    match value {
        Value::Object(_) => "a map".into(),
        Value::Array(_) => "a list".into(),
        _ if text.len() <= 40 => format!("`{text}`"),
        _ => "a long value".into(),
    }
}

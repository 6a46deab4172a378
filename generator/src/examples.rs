//! The values a spec shows of its own data, each paired with the Rust type the
//! generated client decodes it into and the schema it must satisfy: component
//! schema `example`/`examples`, and the `example`/`examples` of each JSON
//! request body and response (Swagger 2.0 response `examples` arrive here as
//! media-type examples). `cargo xtask examples` checks that every valid one
//! decodes and re-encodes.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostic::{Warning, push_pointer};
use crate::emit::{Scope, type_tokens};
use crate::ir::{Api, BodyEncoding, StatusMatch, TypeKind, TypeRef};
use crate::parse::{Document, follow_local_refs};

/// One value to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The file the value is written in (`None` for the entry file) and its pointer there.
    pub file: Option<String>,
    pub pointer: String,
    /// What it is the value of: `schema Thing`, `request createThing`, `response 200 getThing`.
    pub role: String,
    /// The Rust type it decodes into, as a path from the crate root (`Vec<crate::types::Thing>`).
    pub rust_type: String,
    /// The schema it must satisfy; its local `$ref`s resolve in [`Examples::components`].
    pub schema: Value,
    pub value: Value,
}

/// A component schema and the Rust type the client has for it: what samples are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaType {
    /// The schema's key under `components/schemas`.
    pub component: String,
    /// The file it is written in (`None` for the entry file) and its pointer there.
    pub file: Option<String>,
    pub pointer: String,
    /// As in [`Example::rust_type`].
    pub rust_type: String,
}

/// Every example of a spec.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub examples: Vec<Example>,
    /// Every component schema with a type of its own, in type-name order.
    pub schema_types: Vec<SchemaType>,
    /// The document's `components`, as parse left them (OpenAPI 3.0 dialect).
    pub components: Value,
    /// Examples not checked, and why (an `externalValue` is not fetched).
    pub skipped: Vec<Warning>,
}

pub(crate) fn collect(doc: &Document, api: &Api) -> Examples {
    let names: BTreeSet<String> = api.types.keys().cloned().collect();
    let collector = Collector { doc, names: &names };
    let mut examples = Examples { components: doc.raw.get("components").cloned().unwrap_or_default(), ..Examples::default() };
    for ty in api.types.values() {
        let Some(component) = ty.origin.strip_prefix("/components/schemas/").filter(|rest| !rest.contains('/')) else { continue };
        // A type that only renames a primitive says nothing a primitive does not.
        if matches!(&ty.kind, TypeKind::Alias(target) if !matches!(target, TypeRef::Named(_) | TypeRef::Array(_) | TypeRef::Map(_))) {
            continue;
        }
        let Some(schema) = doc.raw.pointer(&ty.origin) else { continue };
        if let Some(rust_type) = collector.rust_type(&TypeRef::Named(ty.name.clone())) {
            let (file, pointer) = doc.origin(&ty.origin);
            examples.schema_types.push(SchemaType { component: component.to_string(), file, pointer, rust_type });
        }
        let role = format!("schema {component}");
        collector.schema_examples(&mut examples, schema, &ty.origin, &TypeRef::Named(ty.name.clone()), &role);
    }
    for op in &api.operations {
        let Some((operation, at)) = collector.operation(&op.origin) else { continue };
        let name = op.operation_id.clone().unwrap_or_else(|| op.rust_name.clone());
        if let Some(body) = op.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json)
            && let Some((request, at)) = collector.follow(operation.get("requestBody"), &push_pointer(&at, "requestBody"))
        {
            collector.media_examples(&mut examples, request, &at, &body.media_type, &body.ty, &format!("request {name}"));
        }
        for response in &op.responses {
            let Some(body) = response.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) else { continue };
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else { continue };
            let wanted = match response.status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(class) => format!("{class}XX"),
                StatusMatch::Default => "default".into(),
            };
            let Some((key, raw)) = responses.iter().find(|(key, _)| key.eq_ignore_ascii_case(&wanted)) else { continue };
            let at = push_pointer(&push_pointer(&at, "responses"), key);
            if let Some((raw, at)) = collector.follow(Some(raw), &at) {
                collector.media_examples(&mut examples, raw, &at, &body.media_type, &body.ty, &format!("response {key} {name}"));
            }
        }
    }
    examples
}

struct Collector<'a> {
    doc: &'a Document,
    names: &'a BTreeSet<String>,
}

impl<'a> Collector<'a> {
    /// `value`, following local refs, with the pointer of what it is.
    fn follow(&self, value: Option<&'a Value>, at: &str) -> Option<(&'a Value, String)> {
        follow_local_refs(&self.doc.raw, value?, at)
    }

    /// The operation at `origin` (`/paths/{path}/{method}`), through a path item that is a ref.
    fn operation(&self, origin: &str) -> Option<(&'a Value, String)> {
        let (item_at, method) = origin.rsplit_once('/')?;
        let (item, item_at) = self.follow(self.doc.raw.pointer(item_at), item_at)?;
        Some((item.get(method)?, push_pointer(&item_at, method)))
    }

    fn rust_type(&self, ty: &TypeRef) -> Option<String> {
        fn is_json(ty: &TypeRef) -> bool {
            match ty {
                TypeRef::Bytes | TypeRef::File => false,
                TypeRef::Array(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => is_json(item),
                _ => true,
            }
        }
        let imported = BTreeSet::new();
        is_json(ty).then(|| type_tokens(ty, Scope { shadowed: Some(self.names), imported: &imported }).to_string())
    }

    fn push(&self, examples: &mut Examples, at: &str, role: &str, ty: &TypeRef, schema: &Value, value: &Value) {
        let Some(rust_type) = self.rust_type(ty) else { return };
        let (file, pointer) = self.doc.origin(at);
        examples.examples.push(Example {
            file,
            pointer,
            role: role.to_string(),
            rust_type,
            schema: schema.clone(),
            value: value.clone(),
        });
    }

    /// A schema's own `example`, and each of its `examples` (a list, as JSON Schema has it).
    fn schema_examples(&self, examples: &mut Examples, schema: &Value, at: &str, ty: &TypeRef, role: &str) {
        let reference = serde_json::json!({ "$ref": format!("#{at}") });
        if let Some(value) = schema.get("example") {
            self.push(examples, &push_pointer(at, "example"), role, ty, &reference, value);
        }
        if let Some(Value::Array(values)) = schema.get("examples") {
            for (index, value) in values.iter().enumerate() {
                let at = push_pointer(&push_pointer(at, "examples"), &index.to_string());
                self.push(examples, &at, role, ty, &reference, value);
            }
        }
    }

    /// A media type's `example` and named `examples` (each a value, a ref to one, or an external value).
    fn media_examples(&self, examples: &mut Examples, holder: &Value, at: &str, media_type: &str, ty: &TypeRef, role: &str) {
        let at = push_pointer(&push_pointer(at, "content"), media_type);
        let Some(media) = holder.get("content").and_then(|c| c.get(media_type)) else { return };
        let schema = media.get("schema").cloned().unwrap_or_else(|| serde_json::json!({}));
        if let Some(value) = media.get("example") {
            self.push(examples, &push_pointer(&at, "example"), role, ty, &schema, value);
        }
        let Some(Value::Object(named)) = media.get("examples") else { return };
        for (name, example) in named {
            let Some((example, example_at)) = self.follow(Some(example), &push_pointer(&push_pointer(&at, "examples"), name)) else { continue };
            match (example.get("value"), example.get("externalValue")) {
                (Some(value), _) => self.push(examples, &push_pointer(&example_at, "value"), role, ty, &schema, value),
                (None, Some(url)) => examples.skipped.push(self.doc.locate(&Warning::at(
                    example_at,
                    format!("`externalValue: {}` is not fetched; the example is not checked", url.as_str().unwrap_or_default()),
                ))),
                (None, None) => {}
            }
        }
    }
}

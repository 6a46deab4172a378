//! Streamed success bodies: which operations stream, what each item is, and
//! how a caller asks for the stream.
//!
//! The rules, in order:
//! - A success response listing `text/event-stream` streams server-sent
//!   events; else one listing `application/x-ndjson`, `application/jsonl`,
//!   `application/json-seq` (or another `…jsonl`/`…ndjson`) streams JSON
//!   lines; else a binary success body can also stream its bytes.
//! - When the stream is the response's only representation, `send` streams;
//!   when JSON is listed too, `send` reads the JSON and a `stream` method asks
//!   for the stream, setting the request field `x-speakeasy-stream-request-field`
//!   names (on the operation or its request body), else the body's boolean
//!   `stream` property, to true (and `send` sets it to false).
//! - An event's `data` type: OpenAPI 3.2's `itemSchema`, else the media
//!   type's `schema`. When that schema is an object whose properties are only
//!   the event's fields (`event`, `data`, `id`, `retry`) with `data` among
//!   them, it describes the whole event and `data`'s schema is the type; a
//!   `oneOf` of such objects is a union of their `data`. A string `data` is
//!   text; anything else is JSON.
//! - The sentinel: `x-speakeasy-sse-sentinel` (on the media type or the
//!   operation); else a `oneOf` member whose `data` is a one-value string
//!   enum (`[DONE]`) — both promised, so a stream without it was cut; else,
//!   for JSON data, `[DONE]` ends a stream if it comes.

use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::Lowerer;
use super::LowerError;
use crate::diagnostic::push_pointer;
use crate::ir::{
    Arm, ArmAction, Body, BodyEncoding, EventData, Method, Operation, Outcome, Response, Sentinel, StreamFormat, Streaming, TypeDef,
    TypeKind, TypeRef, resolve_alias,
};

const SENTINEL_EXTENSION: &str = "x-speakeasy-sse-sentinel";
const SWITCH_EXTENSION: &str = "x-speakeasy-stream-request-field";
/// The event fields an event-shaped schema may list.
const EVENT_FIELDS: [&str; 4] = ["event", "data", "id", "retry"];
/// What OpenAI-style JSON event streams end with.
const CONVENTIONAL_SENTINEL: &str = "[DONE]";

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Events,
    JsonLines,
    Bytes,
}

fn kind_of(media_type: &str) -> Option<Kind> {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(Kind::Events),
        "application/json-seq" => Some(Kind::JsonLines),
        _ if essence.ends_with("ndjson") || essence.ends_with("jsonl") || essence.ends_with("jsonlines") => {
            Some(Kind::JsonLines)
        }
        _ => None,
    }
}

/// Whether a media type is one that streams (events, JSON lines).
pub(super) fn is_streamed(media_type: &str) -> bool {
    kind_of(media_type).is_some()
}

/// The stream media type of one success response, if it lists one.
struct Found {
    media_type: String,
    kind: Kind,
    media: MediaType,
    pointer: String,
    status: crate::ir::StatusMatch,
}

impl Lowerer<'_> {
    /// How `op`'s success body streams, if it can. `lowered` is the operation
    /// as lowered so far (responses, body, outcomes, arms).
    pub(super) fn streaming(&mut self, spec: &openapiv3::Operation, pointer: &str, lowered: &Operation) -> Result<Option<Streaming>, LowerError> {
        let Some(found) = self.find_stream(spec, pointer, &lowered.responses)? else { return Ok(None) };
        let picked = lowered.responses.iter().find(|r| r.status == found.status).and_then(|r| r.body.as_ref());
        let answers_whole = picked.is_some_and(|body| body.media_type != found.media_type);
        if !answers_whole && found.kind != Kind::Bytes && !matches!(lowered.success, Outcome::Type(_)) {
            self.warn(&found.pointer, "the stream is one of several success answers; it is read whole");
            return Ok(None);
        }
        let hint = format!("{}Event", lowered.builder_name);
        let (format, item) = match found.kind {
            Kind::Events => {
                let (item, data, sentinel) = self.event_item(spec, &found, &hint)?;
                (StreamFormat::Events { data, sentinel }, item)
            }
            Kind::JsonLines => {
                let item = match self.item_schema(&found) {
                    Some((schema, at)) => self.schema(&schema, &at, &format!("{}Item", lowered.builder_name))?.ty,
                    None => TypeRef::Json,
                };
                (StreamFormat::JsonLines, item)
            }
            Kind::Bytes => (StreamFormat::Bytes, TypeRef::Bytes),
        };
        let only = !answers_whole && found.kind != Kind::Bytes;
        let switch = if answers_whole && found.kind != Kind::Bytes { self.switch(spec, pointer, lowered.body.as_ref()) } else { None };
        let mut accept = vec![found.media_type.clone()];
        for media in lowered.responses.iter().filter(|r| !r.is_success()).filter_map(|r| r.body.as_ref()) {
            if !accept.contains(&media.media_type) {
                accept.push(media.media_type.clone());
            }
        }
        let repeatable = matches!(lowered.method, Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options)
            || lowered.idempotency_header.is_some();
        let arms: Vec<Arm> =
            lowered.arms.iter().filter(|arm| !matches!(arm.action, ArmAction::Succeed { .. })).cloned().collect();
        Ok(Some(Streaming {
            resumable: repeatable && found.kind == Kind::Events,
            format,
            item,
            accept: accept.join(", "),
            only,
            switch,
            arms,
        }))
    }

    /// The first success response that lists a stream media type, or whose
    /// chosen body is binary.
    fn find_stream(&mut self, spec: &openapiv3::Operation, pointer: &str, responses: &[Response]) -> Result<Option<Found>, LowerError> {
        let base = push_pointer(pointer, "responses");
        for (code, response) in &spec.responses.responses {
            let StatusCode::Code(status @ 200..=299) = code else { continue };
            let (response, at) = self.resolve(response, &push_pointer(&base, &code.to_string()))?;
            let status = crate::ir::StatusMatch::Code(*status);
            let streamed = [Kind::Events, Kind::JsonLines]
                .into_iter()
                .find_map(|kind| response.content.iter().find(|(media_type, _)| kind_of(media_type) == Some(kind)).map(|(m, media)| (m, media, kind)));
            let picked = responses.iter().find(|r| r.status == status).and_then(|r| r.body.as_ref());
            let found = match (streamed, picked) {
                (Some((media_type, media, kind)), _) => Some((media_type.clone(), media.clone(), kind)),
                (None, Some(body)) if body.encoding == BodyEncoding::Binary => {
                    response.content.get(&body.media_type).map(|media| (body.media_type.clone(), media.clone(), Kind::Bytes))
                }
                _ => None,
            };
            if let Some((media_type, media, kind)) = found {
                let pointer = push_pointer(&push_pointer(&at, "content"), &media_type);
                return Ok(Some(Found { media_type, kind, media, pointer, status }));
            }
        }
        Ok(None)
    }

    /// OpenAPI 3.2's `itemSchema`, else the media type's `schema`, with its pointer.
    fn item_schema(&self, found: &Found) -> Option<(ReferenceOr<Schema>, String)> {
        self.raw_schema(&push_pointer(&found.pointer, "itemSchema"))
            .or_else(|| Some((found.media.schema.clone()?, push_pointer(&found.pointer, "schema"))))
    }

    /// The schema at `pointer` of the document as written, if one is there.
    fn raw_schema(&self, pointer: &str) -> Option<(ReferenceOr<Schema>, String)> {
        let value = self.raw.pointer(pointer)?;
        Some((serde_json::from_value(value.clone()).ok()?, pointer.to_string()))
    }

    /// The type of each event's `data`, how it is read, and the sentinel.
    fn event_item(&mut self, spec: &openapiv3::Operation, found: &Found, hint: &str) -> Result<(TypeRef, EventData, Sentinel), LowerError> {
        let declared = [&found.media.extensions, &spec.extensions]
            .into_iter()
            .find_map(|extensions| extensions.get(SENTINEL_EXTENSION)?.as_str().map(String::from));
        let Some((schema, schema_pointer)) = self.item_schema(found) else {
            return Ok((TypeRef::String, EventData::Text, declared.map_or(Sentinel::None, Sentinel::Promised)));
        };
        let (resolved, at) = self.resolve(&schema, &schema_pointer)?;
        let mut sentinel = declared.map(Sentinel::Promised);
        let (ty, data) = match &resolved.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let mut payloads = Vec::new();
                let mut rest = Vec::new();
                for (index, member) in members.iter().enumerate() {
                    let (member_schema, member_at) = self.resolve(member, &push_pointer(&push_pointer(&at, "oneOf"), &index.to_string()))?;
                    match self.sentinel_of(&member_schema, &member_at)? {
                        Some(text) => {
                            sentinel.get_or_insert(Sentinel::Promised(text));
                        }
                        None => match event_data(&member_schema) {
                            Some(data) => payloads.push((data, push_pointer(&push_pointer(&member_at, "properties"), "data"))),
                            None => rest.push(member.clone()),
                        },
                    }
                }
                match (payloads.len(), rest.is_empty()) {
                    (1, true) => {
                        let (data, data_at) = payloads.remove(0);
                        self.payload_type(&data, &data_at, hint)?
                    }
                    (0, _) if rest.len() == 1 => self.payload_type(&rest[0], &schema_pointer, hint)?,
                    (_, true) => {
                        let union = Schema {
                            schema_data: Default::default(),
                            schema_kind: SchemaKind::OneOf { one_of: payloads.into_iter().map(|(data, _)| data).collect() },
                        };
                        (self.schema(&ReferenceOr::Item(union), &schema_pointer, hint)?.ty, EventData::Json)
                    }
                    _ => self.payload_type(&schema, &schema_pointer, hint)?,
                }
            }
            _ => match event_data(&resolved) {
                Some(data) => self.payload_type(&data, &push_pointer(&push_pointer(&at, "properties"), "data"), hint)?,
                None => self.payload_type(&schema, &schema_pointer, hint)?,
            },
        };
        let sentinel = match (sentinel, data) {
            (Some(sentinel), _) => sentinel,
            (None, EventData::Json) => Sentinel::Conventional(CONVENTIONAL_SENTINEL.to_string()),
            (None, EventData::Text) => Sentinel::None,
        };
        Ok((ty, data, sentinel))
    }

    /// The type of `data`, or of an event's whole `data` schema: text when it
    /// is a string, else JSON. A string whose `contentSchema` (JSON Schema
    /// 2019-09, as OpenAPI 3.2 writes events) describes it is that schema's JSON.
    fn payload_type(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, hint: &str) -> Result<(TypeRef, EventData), LowerError> {
        if let Some((content, at)) = self.raw_schema(&push_pointer(pointer, "contentSchema")) {
            return Ok((self.schema(&content, &at, hint)?.ty, EventData::Json));
        }
        let ty = self.schema(schema, pointer, hint)?.ty;
        let text = matches!(resolve_alias(&self.types, &ty), TypeRef::String);
        Ok((ty, if text { EventData::Text } else { EventData::Json }))
    }

    /// The text of an event-shaped member whose `data` is a one-value string
    /// enum: the stream's closing event.
    fn sentinel_of(&self, member: &Schema, at: &str) -> Result<Option<String>, LowerError> {
        let Some(data) = event_data(member) else { return Ok(None) };
        let (data, _) = self.resolve(&data, &push_pointer(&push_pointer(at, "properties"), "data"))?;
        Ok(match &data.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => string.enumeration[0].clone(),
            _ => None,
        })
    }

    /// The body field that switches the answer to a stream.
    fn switch(&self, spec: &openapiv3::Operation, pointer: &str, body: Option<&Body>) -> Option<String> {
        let on_body = self.raw.pointer(&push_pointer(pointer, "requestBody")).and_then(|body| body.get(SWITCH_EXTENSION));
        let declared = spec.extensions.get(SWITCH_EXTENSION).or(on_body).and_then(|value| value.as_str());
        if let Some(field) = declared {
            return Some(field.to_string());
        }
        let body = body.filter(|body| body.encoding == BodyEncoding::Json)?;
        let TypeRef::Named(name) = resolve_alias(&self.types, &body.ty) else { return None };
        let Some(TypeDef { kind: TypeKind::Struct(fields), .. }) = self.types.get(name) else { return None };
        fields
            .fields
            .iter()
            .find(|field| field.wire_name == "stream" && matches!(resolve_alias(&self.types, &field.ty), TypeRef::Bool))
            .map(|field| field.wire_name.clone())
    }
}

/// The `data` schema of an object whose properties are only event fields,
/// `data` among them.
fn event_data(schema: &Schema) -> Option<ReferenceOr<Schema>> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        _ => return None,
    };
    let only_event_fields = properties.keys().all(|key| EVENT_FIELDS.contains(&key.as_str()));
    let data = properties.get("data").filter(|_| only_event_fields)?;
    Some(super::schema::unbox(data))
}

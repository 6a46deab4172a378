//! Paths and operations → `ir::Operation`s.

use indexmap::IndexMap;
use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, StatusCode};

use super::{LowerError, Lowerer, encoding, outcome};
use crate::diagnostic::push_pointer;
use crate::ir::{Outcome, 
    Body, BodyEncoding, Method, Operation, Param, ParamEncoding, ParamLocation, ParamStyle, PathPart, PathSegment,
    Response, ResponseBody, SecurityScheme, StatusMatch, TextEncoding, TypeRef,
};
use crate::naming::{self, Namespace};
use crate::client_runtime;

const METHODS: [(Method, &str); 8] = [
    (Method::Get, "get"),
    (Method::Put, "put"),
    (Method::Post, "post"),
    (Method::Delete, "delete"),
    (Method::Options, "options"),
    (Method::Head, "head"),
    (Method::Patch, "patch"),
    (Method::Trace, "trace"),
];

fn operation_of(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

/// The method and builder names an operation was given.
struct OperationNames {
    rust_name: String,
    builder_name: String,
}

/// Builder methods a parameter must not be named after.
const BUILDER_RESERVED: &[&str] =
    &["body", "client", "into_future", "into_stream", "pages", "send", "send_with_response", "with_options"];

impl Lowerer<'_> {
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Result<Vec<Operation>, LowerError> {
        // Operations are methods of `Client`, beside the runtime's own.
        let mut method_names = Namespace::with_reserved(client_runtime::CLIENT_METHODS);
        let mut items = Vec::new();
        for (path, item) in &self.openapi.paths.paths {
            let (item, _) = self.resolve::<PathItem>(item, &push_pointer("/paths", path))?;
            items.push((path, item));
        }
        let mut found = Vec::new();
        for (path, item) in &items {
            for (method, key) in METHODS {
                let Some(op) = operation_of(item, method) else { continue };
                let base = match &op.operation_id {
                    Some(id) => naming::snake(id),
                    None => naming::snake(&format!("{key} {path}")),
                };
                found.push((*path, item, op, method, key, method_names.claim(&base)));
            }
        }
        // The operations module holds every builder and then the per-operation enums,
        // so the builders claim their names first. It imports the crate's items and
        // uses the prelude's unqualified, so those names stay free.
        let reserved: Vec<&str> = naming::RESERVED_TYPE_NAMES.iter().chain(naming::CRATE_ITEM_NAMES).copied().collect();
        let mut module_names = Namespace::with_reserved(&reserved);
        let builder_names: Vec<String> =
            found.iter().map(|(.., rust_name)| module_names.claim(&naming::camel(rust_name))).collect();
        let mut operations = Vec::new();
        for ((path, item, op, method, key, rust_name), builder_name) in found.into_iter().zip(builder_names) {
            let pointer = push_pointer(&push_pointer("/paths", path), key);
            let names = OperationNames { rust_name, builder_name };
            operations.push(self.operation(path, item, op, method, &pointer, names, schemes, &mut module_names)?);
        }
        Ok(operations)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &openapiv3::Operation,
        method: Method,
        pointer: &str,
        names: OperationNames,
        schemes: &[SecurityScheme],
        module_names: &mut Namespace,
    ) -> Result<Operation, LowerError> {
        let OperationNames { rust_name, builder_name } = names;
        let params = self.params(item, op, pointer, &builder_name)?;
        let (path_segments, params) = self.path_template(path, params, pointer);
        let body = match &op.request_body {
            Some(body) => self.body(body, &push_pointer(pointer, "requestBody"), &builder_name)?,
            None => None,
        };
        let responses = self.responses(op, pointer, &builder_name)?;
        let classified = outcome::classify(&builder_name, &rust_name, &responses, module_names);
        let mut accept: Vec<String> = Vec::new();
        for response in &responses {
            if let Some(body) = &response.body
                && !accept.contains(&body.media_type)
            {
                accept.push(body.media_type.clone());
            }
        }
        let requirements = op.security.as_ref().or(self.openapi.security.as_ref());
        let security = requirements
            .map(|alternatives| {
                alternatives
                    .iter()
                    .filter(|requirement| requirement.keys().all(|key| schemes.iter().any(|s| &s.key == key)))
                    .map(|requirement| requirement.keys().cloned().collect())
                    .collect()
            })
            .unwrap_or_default();
        let idempotency_header = params
            .iter()
            .find(|p| p.location == ParamLocation::Header && naming::is_idempotency_key(&p.wire_name))
            .map(|p| p.wire_name.clone());
        let mut operation = Operation {
            rust_name,
            builder_name,
            operation_id: op.operation_id.clone(),
            method,
            path: path_segments,
            path_template: path.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            responses,
            security,
            accept,
            success: classified.success,
            error: classified.error,
            arms: classified.arms,
            idempotency_header,
            pagination: None,
            streaming: None,
            feature: op.tags.first().map(|tag| format!("tag `{tag}`")),
            origin: pointer.to_string(),
        };
        operation.streaming = self.streaming(op, pointer, &operation)?;
        if let Some(streaming) = &operation.streaming {
            if streaming.only {
                operation.success = Outcome::Type(streaming.item.clone());
            }
            // The builder's streaming methods take their names from a
            // parameter's setter that had them.
            let methods: Vec<&str> = [(!streaming.only, "stream"), (!streaming.only, "stream_with_response"), (streaming.resumable, "resume")]
                .into_iter()
                .filter_map(|(has, name)| has.then_some(name))
                .collect();
            let mut names = Namespace::with_reserved(&[BUILDER_RESERVED, methods.as_slice()].concat());
            for param in &operation.params {
                names.claim(&param.rust_name);
            }
            for param in operation.params.iter_mut().filter(|param| methods.contains(&param.rust_name.as_str())) {
                param.rust_name = names.claim(&param.rust_name);
            }
        }
        Ok(operation)
    }

    /// Path-level parameters overridden by operation-level ones, by (name, location).
    fn params(&mut self, item: &PathItem, op: &openapiv3::Operation, pointer: &str, builder: &str) -> Result<Vec<Param>, LowerError> {
        let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or_default();
        let mut merged: IndexMap<(String, &'static str), (Parameter, String)> = IndexMap::new();
        let sources = [(&item.parameters, push_pointer(path_pointer, "parameters")), (&op.parameters, push_pointer(pointer, "parameters"))];
        for (list, base) in sources {
            for (index, param) in list.iter().enumerate() {
                let at = push_pointer(&base, &index.to_string());
                // The operation works without a parameter nobody can find; a
                // path parameter it needs is then taken as a string.
                let (param, at) = match self.resolve(param, &at) {
                    Ok(resolved) => resolved,
                    Err(error) => {
                        self.warn(&error.pointer, format!("{}; the parameter is left out", error.message));
                        continue;
                    }
                };
                let key = (param.parameter_data_ref().name.clone(), location_key(&param));
                merged.insert(key, ((*param).clone(), at));
            }
        }
        let mut names = Namespace::with_reserved(BUILDER_RESERVED);
        let mut params = Vec::new();
        for (_, (param, at)) in merged {
            let (location, style, explode_default) = match &param {
                Parameter::Path { style, .. } => {
                    let style = match style {
                        openapiv3::PathStyle::Simple => ParamStyle::Simple,
                        openapiv3::PathStyle::Label => ParamStyle::Label,
                        openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                    };
                    (ParamLocation::Path, style, false)
                }
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, false),
                Parameter::Query { style, .. } => {
                    let style = match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    };
                    (ParamLocation::Query, style, style == ParamStyle::Form || style == ParamStyle::DeepObject)
                }
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, true),
            };
            let data = param.parameter_data();
            // A parameter shared by several operations names its type after itself.
            let shared = !at.starts_with(pointer);
            let hint = match shared {
                true => naming::camel(&data.name),
                false => format!("{builder}{}", naming::camel(&data.name)),
            };
            let (ty, default) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let lowered = self.schema(schema, &push_pointer(&at, "schema"), &hint)?;
                    let default = match schema {
                        ReferenceOr::Item(s) => s.schema_data.default.clone(),
                        ReferenceOr::Reference { .. } => None,
                    };
                    (lowered.ty, default)
                }
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media, MediaType { schema: Some(schema), .. })) => {
                        let at = push_pointer(&push_pointer(&push_pointer(&at, "content"), media), "schema");
                        self.warn(&at, "parameters with `content` are sent as their JSON text");
                        (self.schema(schema, &at, &hint)?.ty, None)
                    }
                    _ => (TypeRef::String, None),
                },
            };
            let explode = data.explode.unwrap_or(explode_default);
            let encoding = encoding::param_encoding(&self.types, &ty, location, style, explode, &data.name);
            let path_prefix = encoding::path_prefix(style, &data.name);
            params.push(Param {
                rust_name: names.claim(&naming::snake(&data.name)),
                wire_name: data.name,
                location,
                doc: data.description,
                ty,
                required: data.required || location == ParamLocation::Path,
                deprecated: data.deprecated.unwrap_or(false),
                default,
                encoding,
                path_prefix,
            });
        }
        Ok(params)
    }

    /// Splits the template into segments and checks it against the path parameters.
    fn path_template(&mut self, path: &str, mut params: Vec<Param>, pointer: &str) -> (Vec<PathSegment>, Vec<Param>) {
        let mut segments = Vec::new();
        let mut used = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let mut parts = Vec::new();
            let mut rest = raw;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| c + open) else { break };
                if open > 0 {
                    parts.push(PathPart::Literal(rest[..open].to_string()));
                }
                let name = &rest[open + 1..close];
                let index = match params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                    Some(index) => index,
                    None => {
                        self.warn(pointer, format!("path parameter `{name}` is not declared; it is taken as a required string"));
                        let mut names = Namespace::with_reserved(BUILDER_RESERVED);
                        for p in &params {
                            names.claim(&p.rust_name);
                        }
                        params.push(Param {
                            rust_name: names.claim(&naming::snake(name)),
                            wire_name: name.to_string(),
                            location: ParamLocation::Path,
                            doc: None,
                            ty: TypeRef::String,
                            required: true,
                            deprecated: false,
                            default: None,
                            encoding: ParamEncoding::Scalar(TextEncoding::Str),
                            path_prefix: String::new(),
                        });
                        params.len() - 1
                    }
                };
                used.push(index);
                parts.push(PathPart::Param(index));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                parts.push(PathPart::Literal(rest.to_string()));
            }
            segments.push(PathSegment { parts });
        }
        let unused: Vec<String> = params
            .iter()
            .enumerate()
            .filter(|(index, p)| p.location == ParamLocation::Path && !used.contains(index))
            .map(|(_, p)| p.wire_name.clone())
            .collect();
        if !unused.is_empty() {
            for name in &unused {
                self.warn(pointer, format!("path parameter `{name}` does not appear in the path; it is left out"));
            }
            // Drop them and renumber the template's references.
            let keep: Vec<usize> = (0..params.len())
                .filter(|i| !(params[*i].location == ParamLocation::Path && unused.contains(&params[*i].wire_name)))
                .collect();
            for segment in &mut segments {
                for part in &mut segment.parts {
                    if let PathPart::Param(index) = part {
                        *index = keep.iter().position(|k| k == index).expect("used parameters are kept");
                    }
                }
            }
            params = keep.into_iter().map(|i| params[i].clone()).collect();
        }
        (segments, params)
    }

    fn body(&mut self, body: &ReferenceOr<openapiv3::RequestBody>, pointer: &str, builder: &str) -> Result<Option<Body>, LowerError> {
        let (body, at) = self.resolve(body, pointer)?;
        let Some((media_type, encoding, media)) = pick_media(&body.content) else {
            if !body.content.is_empty() {
                self.warn(&at, "no request media type is supported; the body is left out");
            }
            return Ok(None);
        };
        let media_pointer = push_pointer(&push_pointer(&at, "content"), &media_type);
        let hint = format!("{builder}Request");
        let (encoding, ty) = match encoding {
            BodyEncoding::Multipart => match self.form(media, &media_pointer, &hint)? {
                Some(ty) => (encoding, ty),
                None => {
                    self.warn(&media_pointer, "the multipart body's schema is not an object with properties; the operation takes the encoded body as raw bytes");
                    (BodyEncoding::Binary, TypeRef::Bytes)
                }
            },
            _ => (encoding, self.media_type(media, encoding, &media_pointer, &hint)?),
        };
        let alternatives = body.content.keys().filter(|m| **m != media_type).cloned().collect();
        Ok(Some(Body { media_type, encoding, ty, required: body.required, doc: body.description.clone(), alternatives }))
    }

    fn media_type(&mut self, media: &MediaType, encoding: BodyEncoding, pointer: &str, hint: &str) -> Result<TypeRef, LowerError> {
        Ok(match (encoding, &media.schema) {
            // A multipart response is read whole; its parts are not split.
            (BodyEncoding::Binary | BodyEncoding::Multipart, _) => TypeRef::Bytes,
            (BodyEncoding::Text, _) => TypeRef::String,
            (_, Some(schema)) => self.schema(schema, &push_pointer(pointer, "schema"), hint)?.ty,
            (_, None) => TypeRef::Json,
        })
    }

    fn responses(&mut self, op: &openapiv3::Operation, pointer: &str, builder: &str) -> Result<Vec<Response>, LowerError> {
        let base = push_pointer(pointer, "responses");
        let declared = op.responses.responses.iter().map(|(code, r)| {
            let status = match code {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(class) => StatusMatch::Range(*class),
            };
            (status, r, code.to_string())
        });
        let default = op.responses.default.iter().map(|r| (StatusMatch::Default, r, "default".to_string()));
        let all: Vec<_> = declared.chain(default).collect();
        let inline_successes = all.iter().filter(|(s, _, _)| s.is_success()).count();
        let mut responses = Vec::new();
        for (status, response, key) in all {
            let (response, at) = self.resolve(response, &push_pointer(&base, &key))?;
            let hint = match status {
                s if s.is_success() && inline_successes == 1 => format!("{builder}Response"),
                s if s.is_success() => naming::camel(&format!("{builder} response {key}")),
                _ => naming::camel(&format!("{builder} error {key}")),
            };
            let body = match pick_media(&response.content) {
                Some((media_type, encoding, media)) => {
                    let media_pointer = push_pointer(&push_pointer(&at, "content"), &media_type);
                    let ty = self.media_type(media, encoding, &media_pointer, &hint)?;
                    Some(ResponseBody { media_type, encoding, ty })
                }
                None => {
                    if !response.content.is_empty() {
                        self.warn(&at, "no response media type is supported; the body is kept as raw bytes");
                    }
                    None
                }
            };
            let headers = response.headers.keys().cloned().collect();
            responses.push(Response { status, description: response.description.clone(), body, headers });
        }
        // A spec that declares no success still means one: `default` covers the
        // 2xx statuses too, and with no `default` a 2xx carries no known body.
        if !responses.iter().any(Response::is_success) {
            let default = responses.iter().find(|r| r.status == StatusMatch::Default);
            let success = Response {
                status: StatusMatch::Range(2),
                description: default.map_or_else(|| "Success (the spec declares no success response).".into(), |d| d.description.clone()),
                body: default.and_then(|d| d.body.clone()),
                headers: default.map(|d| d.headers.clone()).unwrap_or_default(),
            };
            responses.insert(0, success);
        }
        Ok(responses)
    }
}

fn location_key(param: &Parameter) -> &'static str {
    match param {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// How a media type is encoded, or `None` if the generator cannot send or read it.
fn encoding_of(media_type: &str) -> Option<BodyEncoding> {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    Some(match (kind, subtype) {
        (_, "json") => BodyEncoding::Json,
        (_, s) if s.ends_with("+json") => BodyEncoding::Json,
        ("application", "x-www-form-urlencoded") => BodyEncoding::Form,
        ("multipart", "form-data") => BodyEncoding::Multipart,
        ("text", _) => BodyEncoding::Text,
        ("*", "*") => BodyEncoding::Json,
        _ => BodyEncoding::Binary,
    })
}

/// The preferred media type: JSON, then forms, then text, then bytes, then a
/// stream (events, JSON lines), which is read whole only when nothing else is
/// listed: `streaming` offers it as a stream.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(String, BodyEncoding, &MediaType)> {
    let rank = |media: &str, e: BodyEncoding| match e {
        _ if super::streaming::is_streamed(media) => 5,
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Binary => 4,
    };
    content
        .iter()
        .filter_map(|(media, item)| encoding_of(media).map(|e| (media.clone(), e, item)))
        .min_by_key(|(media, e, _)| rank(media, *e))
}


//! `src/operations.rs`: a `Client` method and a request builder per operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Scope, doc_attrs, ident, resolve_alias, type_tokens};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPart, Response, StatusMatch,
    TypeKind, TypeRef,
};
use crate::naming::Namespace;

pub(super) fn operations_rs(api: &Api) -> TokenStream {
    let mut names = Namespace::new();
    for op in &api.operations {
        names.claim(&op.builder_name);
    }
    let items = api.operations.iter().map(|op| operation(api, op, &mut names));
    quote! {
        #![doc = " One request builder per operation; start one from a [`Client`](crate::Client) method."]
        #(#items)*
    }
}

fn operation(api: &Api, op: &Operation, names: &mut Namespace) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = ident(&op.rust_name);
    let success = success_type(op, names);
    let error = error_type(op, names);
    let success_ty = &success.ty;
    let error_ty = &error.ty;
    let output = quote!(Result<#success_ty, crate::Error<#error_ty>>);

    // Required values are arguments of the `Client` method, in path order first.
    let mut required: Vec<&Param> = op.path.iter().flat_map(|s| &s.parts).filter_map(|part| match part {
        PathPart::Param(index) => Some(&op.params[*index]),
        PathPart::Literal(_) => None,
    }).collect();
    required.extend(op.params.iter().filter(|p| p.required && p.location != ParamLocation::Path));
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);

    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    for param in &required {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, Scope::Crate);
        args.push(quote!(#name: impl Into<#ty>));
        inits.push(quote!(#name: #name.into()));
        fields.push(quote!(#name: #ty));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        if body.required {
            args.push(quote!(body: impl Into<#ty>));
            inits.push(quote!(body: body.into()));
            fields.push(quote!(body: #ty));
        } else {
            inits.push(quote!(body: None));
            fields.push(quote!(body: Option<#ty>));
        }
    }
    for param in &optional {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, Scope::Crate);
        inits.push(quote!(#name: None));
        fields.push(quote!(#name: Option<#ty>));
    }

    let setters = optional.iter().map(|param| {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, Scope::Crate);
        let doc = doc_attrs(&param_doc(param));
        quote! {
            #doc
            pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                self.#name = Some(value.into());
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = type_tokens(&body.ty, Scope::Crate);
        let doc = doc_attrs(body.doc.as_deref().unwrap_or("The request body."));
        quote! {
            #doc
            pub fn body(mut self, value: impl Into<#ty>) -> Self {
                self.body = Some(value.into());
                self
            }
        }
    });

    let method_doc = doc_attrs(&method_doc(op));
    let how = if optional.is_empty() && body_required == op.body.is_some() {
        "`.await` it or call [`send`](Self::send)"
    } else {
        "set optional values with its methods, then `.await` it or call [`send`](Self::send)"
    };
    let builder_doc = doc_attrs(&format!("Request builder for [`Client::{0}`](crate::Client::{0}): {how}.", op.rust_name));
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let send_body = send_body(api, op, &success, &error, body_required);
    let extra_items = success.item.iter().chain(error.item.iter());

    quote! {
        impl crate::Client {
            #method_doc
            #many_args
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #builder {
                    client: self,
                    #(#inits,)*
                }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            #(#fields,)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            /// Sends the request and decodes the response.
            pub async fn send(self) -> #output {
                #send_body
            }
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = #output;
            type IntoFuture = crate::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #(#extra_items)*
    }
}

fn method_doc(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(summary.trim().to_string());
    }
    let same = |a: &str, b: &str| a.trim().trim_end_matches('.') == b.trim().trim_end_matches('.');
    if let Some(description) = &op.description
        && !op.summary.as_deref().is_some_and(|summary| same(summary, description))
    {
        parts.push(description.trim().to_string());
    }
    if op.deprecated {
        parts.push("**Deprecated** by the API.".into());
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.alternatives.is_empty()) {
        let others = body.alternatives.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
        parts.push(format!("Sends the body as `{}`; the API also accepts {others}.", body.media_type));
    }
    let id = op.operation_id.as_deref().map(|id| format!(" (operation `{id}`)")).unwrap_or_default();
    parts.push(format!("`{} {}`{id}", op.method.as_str(), op.path_template));
    parts.join("\n\n")
}

fn param_doc(param: &Param) -> String {
    let mut doc = param.doc.clone().unwrap_or_else(|| format!("The `{}` parameter.", param.wire_name));
    if let Some(default) = &param.default {
        doc.push_str(&format!("\n\nThe server uses `{default}` when this is not set."));
    }
    if param.deprecated {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    doc
}

/// A type an operation returns or fails with, and the item that defines it if any.
struct Outcome {
    ty: TokenStream,
    item: Option<TokenStream>,
    /// Per response: the enum variant wrapping its body, if the outcome is an enum.
    variants: Vec<(StatusMatch, Option<proc_macro2::Ident>)>,
    /// No response declares a body: any error body is read as untyped JSON.
    untyped: bool,
}

fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritativeInformation".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(code) => format!("Status{code}"),
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn distinct_types<'a>(responses: impl Iterator<Item = &'a Response>) -> Vec<&'a TypeRef> {
    let mut types: Vec<&TypeRef> = Vec::new();
    for response in responses {
        if let Some(body) = &response.body
            && !types.contains(&&body.ty)
        {
            types.push(&body.ty);
        }
    }
    types
}

fn success_type(op: &Operation, names: &mut Namespace) -> Outcome {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    let types = distinct_types(successes.iter().copied());
    let all_have_body = successes.iter().all(|r| r.body.is_some());
    if types.is_empty() {
        return Outcome { ty: quote!(()), item: None, variants: Vec::new(), untyped: false };
    }
    if types.len() == 1 && all_have_body {
        return Outcome { ty: type_tokens(types[0], Scope::Crate), item: None, variants: Vec::new(), untyped: false };
    }
    let name = names.claim(&format!("{}Response", op.builder_name));
    let doc = format!("The successful responses of [`Client::{0}`](crate::Client::{0}).", op.rust_name);
    status_enum(&name, &doc, &successes, true)
}

fn error_type(op: &Operation, names: &mut Namespace) -> Outcome {
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let types = distinct_types(errors.iter().copied());
    match types.len() {
        0 => Outcome { ty: quote!(serde_json::Value), item: None, variants: Vec::new(), untyped: true },
        1 => Outcome { ty: type_tokens(types[0], Scope::Crate), item: None, variants: Vec::new(), untyped: false },
        _ => {
            let name = names.claim(&format!("{}Error", op.builder_name));
            let doc = format!("The error bodies of [`Client::{0}`](crate::Client::{0}), by status.", op.rust_name);
            status_enum(&name, &doc, &errors, false)
        }
    }
}

/// An enum with a variant per response status, wrapping each body. A response
/// without a body gets a unit variant if `unit_for_empty`, else no variant.
fn status_enum(name: &str, doc: &str, responses: &[&Response], unit_for_empty: bool) -> Outcome {
    let name = ident(name);
    let mut variant_names = Namespace::new();
    let mut variants = Vec::new();
    let mut items = Vec::new();
    for response in responses {
        if response.body.is_none() && !unit_for_empty {
            variants.push((response.status, None));
            continue;
        }
        let variant = ident(&variant_names.claim(&status_variant(response.status)));
        let variant_doc = doc_attrs(&format!("{}: {}", status_label(response.status), response.description.trim()));
        items.push(match &response.body {
            Some(body) => {
                let ty = type_tokens(&body.ty, Scope::Crate);
                quote!(#variant_doc #variant(#ty),)
            }
            None => quote!(#variant_doc #variant,),
        });
        variants.push((response.status, Some(variant)));
    }
    let doc = doc_attrs(doc);
    let item = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#items)*
        }
    };
    Outcome { ty: quote!(#name), item: Some(item), variants, untyped: false }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(class) => format!("`{class}XX`"),
        StatusMatch::Default => "Any other status".into(),
    }
}

fn send_body(api: &Api, op: &Operation, success: &Outcome, error: &Outcome, body_required: bool) -> TokenStream {
    let segments = op.path.iter().map(|segment| match segment.parts.as_slice() {
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(index)] => {
            let param = &op.params[*index];
            let name = ident(&param.rust_name);
            match resolve_alias(api, &param.ty) {
                TypeRef::String => quote!(self.#name.as_str()),
                _ => {
                    let text = to_text(api, quote!(self.#name), &param.ty);
                    quote!(&#text)
                }
            }
        }
        parts => {
            let pieces = parts.iter().map(|part| match part {
                PathPart::Literal(text) => quote!(#text),
                PathPart::Param(index) => {
                    let param = &op.params[*index];
                    let name = ident(&param.rust_name);
                    let text = to_text(api, quote!(self.#name), &param.ty);
                    match resolve_alias(api, &param.ty) {
                        TypeRef::String => text,
                        _ => quote!(&#text),
                    }
                }
            });
            quote!(&[#(#pieces),*].concat())
        }
    });
    let query_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Query).collect();
    let url_mut = (!query_params.is_empty()).then(|| quote!(mut));
    let query = (!query_params.is_empty()).then(|| {
        let pushes = query_params.iter().map(|param| with_value(param, |value| query_push(api, param, value)));
        quote! {
            let mut query = crate::runtime::Query::default();
            #(#pushes)*
            query.apply_to(&mut url);
        }
    });
    let method = format_ident!("{}", op.method.as_str());
    let security = op.security.iter().map(|alternative| quote!(&[#(#alternative),*]));
    let accept = (!op.accept.is_empty()).then(|| {
        let accept = op.accept.join(", ");
        quote!(let request = request.header(reqwest::header::ACCEPT, #accept);)
    });
    // Each step rebinds `request`, so no binding is `mut` without need.
    let headers = op.params.iter().filter(|p| p.location == ParamLocation::Header).map(|param| {
        let wire = &param.wire_name;
        let name = ident(&param.rust_name);
        if param.required {
            let text = to_text(api, quote!(self.#name), &param.ty);
            quote!(let request = request.header(#wire, #text);)
        } else {
            let text = to_text(api, quote!(value), &param.ty);
            quote! {
                let request = match &self.#name {
                    Some(value) => request.header(#wire, #text),
                    None => request,
                };
            }
        }
    });
    let body = op.body.as_ref().map(|body| {
        let with_body = with_body(body);
        if body_required {
            quote!(let body = &self.body; let request = #with_body;)
        } else {
            quote! {
                let request = match &self.body {
                    Some(body) => #with_body,
                    None => request,
                };
            }
        }
    });
    let arms = response_arms(op, success, error);
    quote! {
        let #url_mut url = self.client.url(&[#(#segments),*])?;
        #query
        let request = self.client.request(reqwest::Method::#method, url, &[#(#security),*]);
        #accept
        #(#headers)*
        #body
        let response = request.send().await?;
        match response.status().as_u16() {
            #(#arms)*
        }
    }
}

/// Runs `emit` with an expression for the parameter's value, unwrapping it if optional.
fn with_value(param: &Param, emit: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let name = ident(&param.rust_name);
    if param.required {
        emit(quote!(self.#name))
    } else {
        let inner = emit(quote!(value));
        quote!(if let Some(value) = &self.#name { #inner })
    }
}

/// A `String` expression with the wire text of a scalar value.
fn to_text(api: &Api, value: TokenStream, ty: &TypeRef) -> TokenStream {
    match resolve_alias(api, ty) {
        TypeRef::String | TypeRef::Base64 => quote!(#value.as_str()),
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        TypeRef::Json | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Bytes => quote!(crate::runtime::json_text(&#value)),
        TypeRef::Named(name) => match api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => quote!(#value.to_string()),
            _ => quote!(crate::runtime::json_text(&#value)),
        },
        _ => quote!(#value.to_string()),
    }
}

fn query_push(api: &Api, param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let resolved = resolve_alias(api, &param.ty);
    let is_object = match resolved {
        TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(name) => !matches!(api.types.get(name).map(|d| &d.kind), Some(TypeKind::Enum(_))),
        _ => false,
    };
    if is_object && (param.style == ParamStyle::DeepObject || param.explode) {
        return quote!(query.push_deep_object(#wire, &#value);)
    }
    if let TypeRef::Array(item) = resolved {
        let text = to_text(api, quote!(item), item);
        if param.explode {
            return quote! {
                for item in #value.iter() {
                    query.append(#wire, #text);
                }
            };
        }
        let delimiter = match param.style {
            ParamStyle::SpaceDelimited => " ",
            ParamStyle::PipeDelimited => "|",
            _ => ",",
        };
        return quote!(query.append(#wire, #value.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter));)
    }
    let text = to_text(api, value, &param.ty);
    quote!(query.append(#wire, #text);)
}

/// The request with `body` set on it, as an expression.
fn with_body(body: &Body) -> TokenStream {
    let media = &body.media_type;
    match body.encoding {
        BodyEncoding::Json => quote!(crate::runtime::json_body(request, #media, body)?),
        BodyEncoding::Form => quote!(crate::runtime::form_body(request, body)?),
        BodyEncoding::Text | BodyEncoding::Binary => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body.clone()))
        }
    }
}

fn response_arms(op: &Operation, success: &Outcome, error: &Outcome) -> Vec<TokenStream> {
    let pattern = |status: StatusMatch| match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(class * 100);
            let high = Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    };
    // Exact codes before ranges before `default`, as OpenAPI specifies.
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    // (pattern, body) pairs; exact codes with the same body share one arm.
    let mut arms: Vec<(Vec<TokenStream>, TokenStream)> = Vec::new();
    let mut push = |status: StatusMatch, pat: TokenStream, body: TokenStream| {
        let mergeable = matches!(status, StatusMatch::Code(_));
        match arms.iter_mut().find(|(pats, b)| mergeable && pats.len() < 8 && b.to_string() == body.to_string()) {
            Some((pats, _)) => pats.push(pat),
            None => arms.push((vec![pat], body)),
        }
    };
    // An error arm that would read exactly like the catch-all is left to the
    // catch-all: a range always, a code unless a range that reads otherwise
    // would claim it first.
    let default = ordered.iter().find(|r| r.status == StatusMatch::Default);
    // Without a `default` response, what other statuses fall to.
    let fallback_parse = if error.untyped {
        quote!(crate::runtime::parse_json)
    } else {
        quote!(crate::runtime::unparsed)
    };
    let catch_all = match default {
        Some(default) if default.is_success() => None,
        Some(default) => Some(error_parse(default, error).to_string()),
        None => Some(fallback_parse.to_string()),
    };
    let repeats_catch_all =
        |r: &Response| !r.is_success() && catch_all.as_ref().is_some_and(|c| *c == error_parse(r, error).to_string());
    let claimed_by_other_range = |code: u16| {
        op.responses.iter().any(|r| matches!(r.status, StatusMatch::Range(class) if class == code / 100) && !repeats_catch_all(r))
    };
    for response in &ordered {
        let pat = pattern(response.status);
        let folded = match response.status {
            StatusMatch::Code(code) => repeats_catch_all(response) && !claimed_by_other_range(code),
            StatusMatch::Range(_) => repeats_catch_all(response),
            StatusMatch::Default => false,
        };
        if folded {
            continue;
        }
        if response.is_success() {
            let decode = match &response.body {
                Some(body) => decode_call(body.encoding),
                None => quote!(crate::runtime::empty(response).await),
            };
            let variant = success.variants.iter().find(|(s, _)| *s == response.status).and_then(|(_, v)| v.as_ref());
            let ty = &success.ty;
            let body = match (variant, &response.body) {
                (Some(variant), Some(_)) => quote!(#decode.map(#ty::#variant)),
                (Some(variant), None) => quote!(#decode.map(|()| #ty::#variant)),
                (None, _) => decode,
            };
            push(response.status, pat, body);
        } else {
            let parse = error_parse(response, error);
            push(response.status, pat, quote!(Err(crate::runtime::api_error(response, #parse).await)));
        }
    }
    if default.is_none() {
        push(StatusMatch::Default, quote!(_), quote!(Err(crate::runtime::api_error(response, #fallback_parse).await)));
    }
    arms.into_iter().map(|(pats, body)| quote!(#(#pats)|* => #body,)).collect()
}

fn decode_call(encoding: BodyEncoding) -> TokenStream {
    match encoding {
        BodyEncoding::Json | BodyEncoding::Form => quote!(crate::runtime::json(response).await),
        BodyEncoding::Text => quote!(crate::runtime::text(response).await),
        BodyEncoding::Binary => quote!(crate::runtime::bytes(response).await),
    }
}

/// The closure that turns an error body into the operation's error type.
fn error_parse(response: &Response, error: &Outcome) -> TokenStream {
    let Some(body) = &response.body else {
        if error.untyped {
            return quote!(crate::runtime::parse_json);
        }
        return quote!(crate::runtime::unparsed);
    };
    let variant = error.variants.iter().find(|(s, _)| *s == response.status).and_then(|(_, v)| v.as_ref());
    let decode = match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form if variant.is_none() => return quote!(crate::runtime::parse_json),
        BodyEncoding::Json | BodyEncoding::Form => quote!(crate::runtime::parse_json(body)),
        BodyEncoding::Text => quote!(String::from_utf8(body.to_vec()).ok()),
        BodyEncoding::Binary => quote!(Some(body.to_vec())),
    };
    match variant {
        Some(variant) => {
            let ty = &error.ty;
            quote!(|body| #decode.map(#ty::#variant))
        }
        None => quote!(|body| #decode),
    }
}

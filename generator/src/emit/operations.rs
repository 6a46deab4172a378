//! `src/operations.rs`: a `Client` method and a request builder per operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Part, Scope, doc_attrs, feature_cfg, foreign_uses, gated, ident, owned_text, to_text, type_tokens};
use crate::ir::{
    Api, Argument, Arm, ArmAction, Body, BodyEncoding, Decode, ErrorParse, Foreign, Operation, Outcome, Param, ParamEncoding,
    ParamLocation, PathPart, StatusEnum, StatusMatch, StatusVariant, TextEncoding, TypeRef,
};

/// Operations per part of `operations.rs` after the first (see [`Part`]).
const BUILDERS_PER_PART: usize = 32;

/// `src/operations.rs`, in parts: the imports, constants and the `Client`
/// methods, then the builders, a run of operations at a time.
pub(super) fn operations_parts(api: &Api) -> Vec<Part<'_>> {
    let mut parts: Vec<Part<'_>> = vec![Box::new(move || operations_head(api))];
    for run in api.operations.chunks(BUILDERS_PER_PART) {
        parts.push(Box::new(move || {
            let imports = &api.operations_imports;
            let scope = Scope { shadowed: Some(&imports.by_path), imported: &imports.foreign };
            let items = run.iter().map(|op| builder_items(api, op, scope));
            quote!(#(#items)*)
        }));
    }
    parts
}

fn operations_head(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return quote!(#![doc = " The API declares no operations."]);
    }
    let imports = &api.operations_imports;
    let scope = Scope { shadowed: Some(&imports.by_path), imported: &imports.foreign };
    let [std_uses, crate_uses, local_uses] = foreign_uses(&imports.foreign, None);
    let methods = api.operations.iter().map(|op| client_method(api, op, scope));
    let types_import = api.operations_imports.types_glob.then(|| quote!(use crate::types::*;));
    let media_constants = api.media_constants.iter().map(|(value, name)| {
        let name = format_ident!("{}", name);
        quote!(const #name: &str = #value;)
    });
    let security_constants = api.security_constants.iter().map(|(alternatives, name)| {
        let name = format_ident!("{}", name);
        let alternatives = alternatives.iter().map(|schemes| quote!(&[#(#schemes),*]));
        quote!(const #name: &[&[&str]] = &[#(#alternatives),*];)
    });
    let mut crate_names: Vec<String> = ["BoxFuture", "Client", "Error", "RequestOptions", "Response"].map(String::from).to_vec();
    if api.paginates() {
        crate_names.push("BoxStream".into());
    }
    crate_names.extend(super::streaming::used_stream_types(api));
    if api.sends_binary() {
        crate_names.push("BinaryBody".into());
    }
    crate_names.sort();
    let crate_names = crate_names.iter().map(|name| ident(name));
    let crate_items = quote!(use crate::{#(#crate_names,)* runtime};);
    quote! {
        #![doc = " One request builder per operation; start one from a [`Client`] method."]
        #std_uses
        use std::future::IntoFuture;

        #crate_uses
        #local_uses
        #types_import
        #crate_items

        #(#media_constants)*
        #(#security_constants)*

        impl Client {
            #(#methods)*
        }
    }
}

/// The operation's `Client` method: it encodes the required values onto the
/// request and returns the builder.
fn client_method(api: &Api, op: &Operation, scope: Scope<'_>) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = ident(&op.rust_name);
    // Every value is encoded onto the request as soon as it is given: required
    // ones by the `Client` method, optional ones by the builder's setters.
    let mut args = Vec::new();
    let mut sets = Vec::new();
    if let Some(name) = api.security_constants.get(&op.security) {
        let name = format_ident!("{}", name);
        sets.push(quote!(set_security(#name)));
    }
    if !op.accept.is_empty() {
        let accept = media_constant(api, &op.accept.join(", "));
        sets.push(quote!(set_accept(#accept)));
    }
    if let Some(header) = &op.idempotency_header {
        sets.push(quote!(set_idempotency_header(#header)));
    }
    for argument in op.arguments() {
        match argument {
            Argument::Param(param) => {
                let name = ident(&param.rust_name);
                let ty = type_tokens(&param.ty, scope);
                args.push(quote!(#name: impl Into<#ty>));
                // Path values go into the path `prepare` is given.
                sets.extend(set_param(param, quote!(#name.into())));
            }
            Argument::Body(body) => {
                let ty = body_type(body, scope);
                args.push(quote!(body: impl Into<#ty>));
                sets.push(set_body(api, body, quote!(body.into())));
            }
        }
    }
    let method_doc = doc_attrs(&method_doc(op));
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let prepare = prepare(op, scope);
    let construct = if sets.is_empty() {
        quote!(#builder(#prepare))
    } else {
        quote! {
            let request = #prepare #(.#sets)*;
            #builder(request)
        }
    };
    let cfg = operation_cfg(op);
    quote! {
        #method_doc
        #cfg
        #many_args
        pub fn #method(&self, #(#args),*) -> #builder {
            #construct
        }
    }
}

/// The operation's builder, with the items that go with it.
fn builder_items(api: &Api, op: &Operation, scope: Scope<'_>) -> TokenStream {
    let builder = ident(&op.builder_name);
    let error = outcome_type(&op.error, scope);
    // `Error`'s body type defaults to untyped JSON.
    let (error_type, error_body) = match &op.error {
        Outcome::UntypedJson => (quote!(Error), None),
        _ => (quote!(Error<#error>), Some(&error)),
    };
    let streamed = op.streaming.as_ref().filter(|streaming| streaming.only);
    let success = match streamed {
        Some(streaming) => super::streaming::stream_type(streaming, error_body, scope),
        None => outcome_type(&op.success, scope),
    };
    let output = quote!(Result<#success, #error_type>);
    let output_with_response = quote!(Result<Response<#success>, #error_type>);

    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let setters = optional.iter().filter_map(|param| {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, scope);
        let doc = doc_attrs(&param_doc(param));
        let set = set_param(param, quote!(value.into()));
        set.map(|set| quote! {
            #doc
            pub fn #name(self, value: impl Into<#ty>) -> Self {
                Self(self.0.#set)
            }
        })
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = body_type(body, scope);
        let doc = doc_attrs(body.doc.as_deref().unwrap_or("The request body."));
        let set = set_body(api, body, quote!(value.into()));
        quote! {
            #doc
            pub fn body(self, value: impl Into<#ty>) -> Self {
                Self(self.0.#set)
            }
        }
    });

    let how = if optional.is_empty() && body_required == op.body.is_some() {
        "`.await` it or call [`send`](Self::send)"
    } else {
        "set optional values with its methods, then `.await` it or call [`send`](Self::send)"
    };
    let builder_doc = doc_attrs(&format!("Request builder for [`Client::{}`]: {how}.", op.rust_name));
    let send_with_response = match streamed {
        Some(streaming) => super::streaming::send_with_response(streaming, &success, &error),
        None => {
            let arms = op.arms.iter().map(|arm| response_arm(arm, &success, &error, &quote!(&response)));
            let request = super::streaming::whole_request(api, op);
            quote! {
                let response = #request.send().await?;
                let value = match response.status().as_u16() {
                    #(#arms)*
                };
                response.respond(value)
            }
        }
    };
    let send_doc = doc_attrs(&streamed.map_or_else(|| "Sends the request and decodes the response.".to_string(), super::streaming::send_doc));
    let stream_methods = super::streaming::methods(api, op, error_body, &error_type, scope);
    let paging = op.pagination.as_ref().map(|pagination| super::paging::methods(pagination, &success, &error_type, scope));
    let extra_items = [&op.success, &op.error].into_iter().filter_map(|outcome| {
        let Outcome::Enum(status_enum) = outcome else { return None };
        let items = self::status_enum(api, outcome, scope)?;
        Some(gated(feature_cfg(api.item_features.get(&status_enum.name)), items))
    });

    let builder_items = quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder(runtime::Request);

        impl #builder {
            #(#setters)*
            #body_setter

            /// Overrides the client's timeout, retries, headers or query for this request.
            pub fn with_options(self, options: RequestOptions) -> Self {
                Self(self.0.with_options(options))
            }

            #send_doc
            pub async fn send(self) -> #output {
                self.send_with_response().await.map(Response::into_inner)
            }

            /// Sends the request; the decoded response keeps its status and headers.
            pub async fn send_with_response(self) -> #output_with_response {
                #send_with_response
            }

            #stream_methods
            #paging
        }

        impl IntoFuture for #builder {
            type Output = #output;
            type IntoFuture = BoxFuture<'static, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
    let builder_items = gated(operation_cfg(op), builder_items);
    quote!(#builder_items #(#extra_items)*)
}

/// The `cfg` of the group feature an operation belongs to, if the API has them.
pub(super) fn operation_cfg(op: &Operation) -> Option<TokenStream> {
    op.feature.as_ref().map(|feature| quote!(#[cfg(feature = #feature)]))
}

/// `self.prepare(method, template, parts)`: the operation's request, its path
/// as static text and parameter values by wire name, and as the spec writes
/// it for the tracing span.
fn prepare(op: &Operation, scope: Scope<'_>) -> TokenStream {
    let mut parts = Vec::new();
    let mut text = String::new();
    for segment in &op.path {
        text.push('/');
        for part in &segment.parts {
            match part {
                PathPart::Literal(literal) => text.push_str(literal),
                PathPart::Param(index) => {
                    let param = &op.params[*index];
                    if !text.is_empty() {
                        parts.push(quote!(runtime::PathPart::Static(#text)));
                        text.clear();
                    }
                    let wire = &param.wire_name;
                    let name = ident(&param.rust_name);
                    let value = path_value(param, quote!(#name.into()));
                    parts.push(quote!(runtime::PathPart::Param(#wire, &#value)));
                }
            }
        }
    }
    let template = &op.path_template;
    // A path without parameters that reads as the template needs no parts:
    // the template is the path.
    if !text.is_empty() && (!parts.is_empty() || text != *template) {
        parts.push(quote!(runtime::PathPart::Static(#text)));
    }
    let verb = format_ident!("{}", op.method.as_str());
    let method = if scope.imported.contains(&Foreign::Method) {
        quote!(Method::#verb)
    } else {
        quote!(reqwest::Method::#verb)
    };
    quote!(self.prepare(#method, #template, &[#(#parts),*]))
}

/// The request method call that sets a parameter to `value` (an expression of
/// the parameter's type); none for a path parameter, whose value is part of
/// the path `prepare` is given.
fn set_param(param: &Param, value: TokenStream) -> Option<TokenStream> {
    let wire = &param.wire_name;
    Some(match param.location {
        ParamLocation::Path => return None,
        ParamLocation::Header => {
            let text = owned_text(value, scalar(param));
            quote!(set_header(#wire, #text))
        }
        ParamLocation::Cookie => {
            let text = owned_text(value, scalar(param));
            quote!(set_cookie(#wire, #text))
        }
        ParamLocation::Query => match &param.encoding {
            ParamEncoding::DeepObject => quote!(set_query_deep_object(#wire, &#value)),
            ParamEncoding::Repeated(TextEncoding::Str) => quote!(set_query_each(#wire, #value)),
            ParamEncoding::Repeated(item) => {
                let text = to_text(quote!(item), *item);
                quote!(set_query_each(#wire, #value.iter().map(|item| #text)))
            }
            ParamEncoding::Delimited { item, delimiter } => {
                let text = delimited_text(value, *item, delimiter);
                quote!(set_query(#wire, #text))
            }
            ParamEncoding::Scalar(encoding) => {
                let text = owned_text(value, *encoding);
                quote!(set_query(#wire, #text))
            }
        },
    })
}

/// The request method call that sets the body to `value`.
fn set_body(api: &Api, body: &Body, value: TokenStream) -> TokenStream {
    let media = media_constant(api, &body.media_type);
    match body.encoding {
        BodyEncoding::Json => quote!(json_body(#media, &#value)),
        BodyEncoding::Form => quote!(form_body(&#value)),
        BodyEncoding::Multipart => quote!(multipart_body(#value)),
        BodyEncoding::Text => quote!(bytes_body(#media, #value)),
        BodyEncoding::Binary => quote!(binary_body(#media, #value)),
    }
}

/// The type a body argument converts into: a binary body may also be a
/// stream or a file.
fn body_type(body: &Body, scope: Scope<'_>) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(BinaryBody),
        _ => type_tokens(&body.ty, scope),
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
    if op.body.as_ref().is_some_and(|body| body.encoding == BodyEncoding::Binary) {
        parts.push(
            "The body is bytes, sent again if the request is retried, or a stream or a file (see [`BinaryBody`](crate::BinaryBody)), read as it is sent and so never retried."
                .into(),
        );
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.alternatives.is_empty()) {
        let others = body.alternatives.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
        parts.push(format!("Sends the body as `{}`; the API also accepts {others}.", body.media_type));
    }
    let id = op.operation_id.as_deref().map(|id| format!(" (operation `{id}`)")).unwrap_or_default();
    parts.push(format!("`{} {}`{id}", op.method.as_str(), op.path_template));
    parts.push(responses_doc(op));
    parts.join("\n\n")
}

/// The `# Responses` section: what each declared status decodes to, then
/// what any other does.
fn responses_doc(op: &Operation) -> String {
    let error_enum = match &op.error {
        Outcome::Enum(error_enum) => Some(error_enum),
        _ => None,
    };
    let arms: Vec<&Arm> =
        op.arms.iter().filter(|arm| arm.action != ArmAction::ReadError).chain(error_enum.into_iter().flat_map(|e| &e.arms)).collect();
    // The arm a status falls to, as the generated `match` picks it.
    let arm_of = |status: StatusMatch| {
        let code_range = match status {
            StatusMatch::Code(code) => Some(StatusMatch::Range(code / 100)),
            _ => None,
        };
        [Some(status), code_range, Some(StatusMatch::Default)]
            .into_iter()
            .flatten()
            .find_map(|wanted| arms.iter().find(|arm| arm.statuses.contains(&wanted)))
    };
    let mut lines: Vec<(String, String)> = Vec::new();
    // Sorted, as the arms are: the docs do not depend on the order the spec
    // lists its responses in.
    let mut statuses: Vec<StatusMatch> = op.responses.iter().map(|r| r.status).collect();
    if !statuses.contains(&StatusMatch::Default) {
        statuses.push(StatusMatch::Default);
    }
    statuses.sort();
    for status in statuses {
        let Some(arm) = arm_of(status) else { continue };
        let read = arm_doc(op, &arm.action);
        match lines.last_mut() {
            Some((label, last)) if *last == read && status != StatusMatch::Default => label.push_str(&format!(", {}", status_text(status))),
            _ => lines.push((status_text(status), read)),
        }
    }
    let list = lines.iter().map(|(label, read)| format!("- {label}: {read}")).collect::<Vec<_>>().join("\n");
    format!("# Responses\n\n{list}\n\nAn error body that does not match its schema is kept as bytes all the same.")
}

fn arm_doc(op: &Operation, action: &ArmAction) -> String {
    let api_error = "[`Error::Api`](crate::Error::Api)";
    match action {
        ArmAction::Succeed { decode: Decode::Empty, variant: None } => "success, without a body".to_string(),
        ArmAction::Succeed { variant: Some(variant), .. } => variant_doc(&op.success, variant),
        ArmAction::Succeed { variant: None, .. } => match op.streaming.as_ref().filter(|streaming| streaming.only) {
            Some(streaming) => super::streaming::success_doc(streaming, &outcome_doc(&op.success)),
            None => outcome_doc(&op.success),
        },
        ArmAction::Fail(ErrorParse::Unparsed) => format!("{api_error}, the body kept as bytes"),
        ArmAction::Fail(ErrorParse::Decode { variant: Some(variant), .. }) => format!("{api_error} with {}", variant_doc(&op.error, variant)),
        ArmAction::Fail(ErrorParse::Decode { variant: None, .. }) => format!("{api_error} with {}", outcome_doc(&op.error)),
        ArmAction::ReadError => format!("{api_error} with {}", outcome_doc(&op.error)),
    }
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(class) => format!("`{class}XX`"),
        StatusMatch::Default => "any other status".into(),
    }
}

fn variant_doc(outcome: &Outcome, variant: &str) -> String {
    match outcome {
        Outcome::Enum(status_enum) => format!("[`{0}::{variant}`]({0}::{variant})", status_enum.name),
        _ => format!("`{variant}`"),
    }
}

fn outcome_doc(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Unit => "no body".into(),
        Outcome::Type(ty) => type_doc(ty),
        Outcome::UntypedJson => "any JSON (`serde_json::Value`)".into(),
        Outcome::Enum(status_enum) => format!("[`{0}`]({0})", status_enum.name),
    }
}

/// A type in a doc comment: linked when it is one of the crate's.
fn type_doc(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("[`{name}`](crate::types::{name})"),
        TypeRef::Array(item) => format!("a list of {}", type_doc(item)),
        other => {
            let text = type_tokens(other, Scope { shadowed: None, imported: &Default::default() }).to_string();
            format!("`{}`", text.replace(" :: ", "::").replace(" < ", "<").replace(" >", ">").replace(" ,", ","))
        }
    }
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

fn outcome_type(outcome: &Outcome, scope: Scope<'_>) -> TokenStream {
    match outcome {
        Outcome::Unit => quote!(()),
        Outcome::Type(ty) => type_tokens(ty, scope),
        Outcome::UntypedJson => quote!(serde_json::Value),
        Outcome::Enum(status_enum) => {
            let name = ident(&status_enum.name);
            quote!(#name)
        }
    }
}

fn status_enum(api: &Api, outcome: &Outcome, scope: Scope<'_>) -> Option<TokenStream> {
    let Outcome::Enum(status_enum) = outcome else { return None };
    let name = ident(&status_enum.name);
    if let Some(same_as) = &status_enum.same_as {
        let doc = doc_attrs(&status_enum.doc);
        let same_as = ident(same_as);
        return Some(quote!(#doc pub type #name = #same_as;));
    }
    let doc = doc_attrs(&status_enum.doc);
    let variants = status_enum.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let doc = doc_attrs(&variant.doc);
        match &variant.body {
            Some(ty) => {
                let ty = type_tokens(ty, scope);
                quote!(#doc #name(#ty),)
            }
            None => quote!(#doc #name,),
        }
    });
    // Only an error enum reads failures.
    let reader = (!status_enum.arms.is_empty()).then(|| {
        let arms = status_enum.arms.iter().map(|arm| response_arm(arm, &quote!(Self), &quote!(Self), &quote!(response)));
        let message = error_enum_message(api, status_enum);
        quote! {
            impl runtime::FromFailure for #name {
                fn from_failure<T>(response: &runtime::Received) -> Result<T, Error<Self>> {
                    match response.status().as_u16() {
                        #(#arms)*
                    }
                }
            }

            #message
        }
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #reader
    })
}

/// `impl ErrorMessage` for an error enum: each variant's body's message.
fn error_enum_message(api: &Api, status_enum: &StatusEnum) -> TokenStream {
    let name = ident(&status_enum.name);
    let has_message = |ty: &TypeRef| api.error_message_support(ty) == Some(true);
    let (with, without): (Vec<&StatusVariant>, Vec<&StatusVariant>) =
        status_enum.variants.iter().partition(|variant| variant.body.as_ref().is_some_and(has_message));
    let arms = with.iter().map(|variant| {
        let variant = ident(&variant.name);
        quote!(Self::#variant(body) => crate::ErrorMessage::message(body),)
    });
    let body = match (with.is_empty(), without.is_empty()) {
        (true, _) => quote!(None),
        (false, true) => quote!(match self { #(#arms)* }),
        (false, false) => quote!(match self { #(#arms)* _ => None, }),
    };
    quote! {
        impl crate::ErrorMessage for #name {
            fn message(&self) -> Option<&str> {
                #body
            }
        }
    }
}

/// A `String` expression with the text of a path value (`value`, an
/// expression of the parameter's type): one value, or a list joined by its
/// delimiter, after the prefix of its style.
fn path_value(param: &Param, value: TokenStream) -> TokenStream {
    let text = match &param.encoding {
        ParamEncoding::Delimited { item, delimiter } => delimited_text(value, *item, delimiter),
        _ => owned_text(value, scalar(param)),
    };
    let prefix = &param.path_prefix;
    if prefix.is_empty() { text } else { quote!([#prefix, &#text].concat()) }
}

/// A `String` expression with a list's items joined by `delimiter`.
fn delimited_text(list: TokenStream, item: TextEncoding, delimiter: &str) -> TokenStream {
    let text = to_text(quote!(item), item);
    quote!(#list.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter))
}

/// How a header or cookie value is written: as one value, whatever its query layout.
fn scalar(param: &Param) -> TextEncoding {
    match param.encoding {
        ParamEncoding::Scalar(encoding) => encoding,
        _ => TextEncoding::Json,
    }
}

/// The constant `lower` named for a media type value.
pub(super) fn media_constant(api: &Api, value: &str) -> TokenStream {
    match api.media_constants.get(value) {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        None => quote!(#value),
    }
}

pub(super) fn response_arm(arm: &Arm, success: &TokenStream, error: &TokenStream, response: &TokenStream) -> TokenStream {
    let patterns = arm.statuses.iter().map(|status| match *status {
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
    });
    let body = arm_body(arm, success, error, response);
    quote!(#(#patterns)|* => #body,)
}

/// What an arm evaluates to: the decoded success or the error.
pub(super) fn arm_body(arm: &Arm, success: &TokenStream, error: &TokenStream, response: &TokenStream) -> TokenStream {
    match &arm.action {
        ArmAction::Succeed { decode, variant } => {
            let call = match decode {
                Decode::Json => quote!(runtime::json(#response)),
                Decode::Text => quote!(runtime::text(#response)),
                Decode::Bytes => quote!(runtime::bytes(#response)),
                Decode::Empty => quote!(runtime::empty(#response)),
            };
            match (variant, decode) {
                (Some(variant), Decode::Empty) => {
                    let variant = ident(variant);
                    quote!(#call.map(|()| #success::#variant))
                }
                (Some(variant), _) => {
                    let variant = ident(variant);
                    quote!(#call.map(#success::#variant))
                }
                (None, _) => call,
            }
        }
        ArmAction::ReadError => quote!(runtime::read_error(#response)),
        ArmAction::Fail(parse) => error_call(parse, error, response),
    }
}

/// The runtime call that turns a failure response into the operation's error.
fn error_call(parse: &ErrorParse, error: &TokenStream, response: &TokenStream) -> TokenStream {
    let ErrorParse::Decode { decode, variant } = parse else {
        return quote!(runtime::api_error(#response));
    };
    let wrap = match variant {
        Some(variant) => {
            let variant = ident(variant);
            quote!(#error::#variant)
        }
        None => quote!(std::convert::identity),
    };
    match decode {
        Decode::Json => quote!(runtime::json_error(#response, #wrap)),
        Decode::Text => quote!(runtime::text_error(#response, #wrap)),
        Decode::Bytes | Decode::Empty => quote!(runtime::bytes_error(#response, #wrap)),
    }
}

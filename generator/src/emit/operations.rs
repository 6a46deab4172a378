//! `src/operations.rs`: a `Client` method and a request builder per operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Scope, doc_attrs, foreign_uses, ident, to_text, type_tokens};
use crate::ir::{
    Api, Arm, ArmAction, Body, BodyEncoding, Decode, ErrorParse, Operation, Outcome, Param, ParamEncoding,
    ParamLocation, PathPart, StatusMatch, TextEncoding,
};

pub(super) fn operations_rs(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return quote!(#![doc = " The API declares no operations."]);
    }
    let imports = &api.operations_imports;
    let scope = Scope { shadowed: Some(&imports.by_path), imported: &imports.foreign };
    let (std_uses, crate_uses) = foreign_uses(&imports.foreign, None);
    let (methods, items): (Vec<_>, Vec<_>) = api.operations.iter().map(|op| operation(api, op, scope)).unzip();
    let types_import = api.operations_imports.types_glob.then(|| quote!(use crate::types::*;));
    let constants = api.media_constants.iter().map(|(value, name)| {
        let name = format_ident!("{}", name);
        quote!(const #name: &str = #value;)
    });
    quote! {
        #![doc = " One request builder per operation; start one from a [`Client`] method."]
        #std_uses
        use std::future::IntoFuture;

        #crate_uses
        #types_import
        use crate::{BoxFuture, Client, Error, runtime};

        #(#constants)*

        impl Client {
            #(#methods)*
        }

        #(#items)*
    }
}

/// The operation's `Client` method, and its builder with the items that go with it.
fn operation(api: &Api, op: &Operation, scope: Scope<'_>) -> (TokenStream, TokenStream) {
    let builder = ident(&op.builder_name);
    let method = ident(&op.rust_name);
    let success_ty = outcome_type(&op.success, scope);
    let output = match &op.error {
        // `Error`'s body type defaults to untyped JSON.
        Outcome::UntypedJson => quote!(Result<#success_ty, Error>),
        error => {
            let error_ty = outcome_type(error, scope);
            quote!(Result<#success_ty, Error<#error_ty>>)
        }
    };

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
        let ty = type_tokens(&param.ty, scope);
        args.push(quote!(#name: impl Into<#ty>));
        inits.push(quote!(#name: #name.into()));
        fields.push(quote!(#name: #ty));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, scope);
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
        let ty = type_tokens(&param.ty, scope);
        inits.push(quote!(#name: None));
        fields.push(quote!(#name: Option<#ty>));
    }

    let setters = optional.iter().map(|param| {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, scope);
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
        let ty = type_tokens(&body.ty, scope);
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
    let builder_doc = doc_attrs(&format!("Request builder for [`Client::{}`]: {how}.", op.rust_name));
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let send_body = send_body(api, op, body_required, scope);
    let extra_items = [&op.success, &op.error].into_iter().filter_map(|outcome| status_enum(outcome, scope));

    let client_method = quote! {
        #method_doc
        #many_args
        pub fn #method(&self, #(#args),*) -> #builder<'_> {
            #builder {
                client: self,
                #(#inits,)*
            }
        }
    };
    let items = quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a Client,
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

        impl<'a> IntoFuture for #builder<'a> {
            type Output = #output;
            type IntoFuture = BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #(#extra_items)*
    };
    (client_method, items)
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

fn status_enum(outcome: &Outcome, scope: Scope<'_>) -> Option<TokenStream> {
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
    let reader = (!status_enum.arms.is_empty()).then(|| {
        let arms = status_enum.arms.iter().map(|arm| response_arm(arm, &quote!(Self), &quote!(Self)));
        quote! {
            impl runtime::FromFailure for #name {
                async fn from_failure<T>(response: reqwest::Response) -> Result<T, Error<Self>> {
                    match response.status().as_u16() {
                        #(#arms)*
                    }
                }
            }
        }
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        #reader
    })
}

fn send_body(api: &Api, op: &Operation, body_required: bool, scope: Scope<'_>) -> TokenStream {
    let segments = op.path.iter().map(|segment| {
        let mut pieces = Vec::new();
        for part in &segment.parts {
            match part {
                PathPart::Literal(text) => pieces.push(quote!(#text)),
                PathPart::Param(index) => {
                    let param = &op.params[*index];
                    let prefix = &param.path_prefix;
                    if !prefix.is_empty() {
                        pieces.push(quote!(#prefix));
                    }
                    pieces.push(path_value(param));
                }
            }
        }
        match pieces.as_slice() {
            [single] => single.clone(),
            _ => quote!(&[#(#pieces),*].concat()),
        }
    });
    let query_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Query).collect();
    let url_mut = (!query_params.is_empty()).then(|| quote!(mut));
    let query = (!query_params.is_empty()).then(|| {
        let pushes = query_params.iter().map(|param| with_value(param, |value| query_push(param, value)));
        quote! {
            let mut query = runtime::Query::default();
            #(#pushes)*
            query.apply_to(&mut url);
        }
    });
    let method = format_ident!("{}", op.method.as_str());
    let security = op.security.iter().map(|alternative| quote!(&[#(#alternative),*]));
    let accept = (!op.accept.is_empty()).then(|| {
        let accept = media_constant(api, &op.accept.join(", "));
        quote!(let request = request.header(reqwest::header::ACCEPT, #accept);)
    });
    // Each step rebinds `request`, so no binding is `mut` without need.
    let headers = op.params.iter().filter(|p| p.location == ParamLocation::Header).map(|param| {
        let wire = &param.wire_name;
        let name = ident(&param.rust_name);
        if param.required {
            let text = to_text(quote!(self.#name), scalar(param));
            quote!(let request = request.header(#wire, #text);)
        } else {
            let text = to_text(quote!(value), scalar(param));
            quote! {
                let request = match &self.#name {
                    Some(value) => request.header(#wire, #text),
                    None => request,
                };
            }
        }
    });
    let cookie_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Cookie).collect();
    let cookies = (!cookie_params.is_empty()).then(|| {
        let appends = cookie_params.iter().map(|param| {
            let wire = &param.wire_name;
            with_value(param, |value| {
                let text = to_text(value, scalar(param));
                quote!(cookies.append(#wire, #text);)
            })
        });
        quote! {
            let mut cookies = runtime::Cookies::default();
            #(#appends)*
            let request = cookies.set_on(request);
        }
    });
    let body = op.body.as_ref().map(|body| {
        // A form takes its files by value: nothing is copied.
        let source = if body.encoding == BodyEncoding::Multipart { quote!(self.body) } else { quote!(&self.body) };
        if body_required {
            let with_body = with_body(api, body, source);
            quote!(let request = #with_body;)
        } else {
            let with_body = with_body(api, body, quote!(body));
            quote! {
                let request = match #source {
                    Some(body) => #with_body,
                    None => request,
                };
            }
        }
    });
    let success = outcome_type(&op.success, scope);
    let error = outcome_type(&op.error, scope);
    let arms = op.arms.iter().map(|arm| response_arm(arm, &success, &error));
    quote! {
        let #url_mut url = self.client.url(&[#(#segments),*])?;
        #query
        let request = self.client.request(reqwest::Method::#method, url, &[#(#security),*]);
        #accept
        #(#headers)*
        #cookies
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

/// A `&str` expression with the text of a path value: one value, or a list joined by
/// its delimiter.
fn path_value(param: &Param) -> TokenStream {
    let name = ident(&param.rust_name);
    match &param.encoding {
        ParamEncoding::Scalar(TextEncoding::Str) => quote!(self.#name.as_str()),
        ParamEncoding::Delimited { item, delimiter } => {
            let text = to_text(quote!(item), *item);
            quote!(&self.#name.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter))
        }
        _ => {
            let text = to_text(quote!(self.#name), scalar(param));
            quote!(&#text)
        }
    }
}

/// How a header or cookie value is written: as one value, whatever its query layout.
fn scalar(param: &Param) -> TextEncoding {
    match param.encoding {
        ParamEncoding::Scalar(encoding) => encoding,
        _ => TextEncoding::Json,
    }
}

fn query_push(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    match &param.encoding {
        ParamEncoding::DeepObject => quote!(query.push_deep_object(#wire, &#value);),
        ParamEncoding::Repeated(item) => {
            let text = to_text(quote!(item), *item);
            quote! {
                for item in #value.iter() {
                    query.append(#wire, #text);
                }
            }
        }
        ParamEncoding::Delimited { item, delimiter } => {
            let text = to_text(quote!(item), *item);
            quote!(query.append(#wire, #value.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter));)
        }
        ParamEncoding::Scalar(encoding) => {
            let text = to_text(value, *encoding);
            quote!(query.append(#wire, #text);)
        }
    }
}

/// The constant `lower` named for a media type value.
fn media_constant(api: &Api, value: &str) -> TokenStream {
    match api.media_constants.get(value) {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        None => quote!(#value),
    }
}

/// The request with the body `value` set on it, as an expression.
fn with_body(api: &Api, body: &Body, value: TokenStream) -> TokenStream {
    let media = media_constant(api, &body.media_type);
    match body.encoding {
        BodyEncoding::Json => quote!(runtime::json_body(request, #media, #value)?),
        BodyEncoding::Form => quote!(runtime::form_body(request, #value)?),
        BodyEncoding::Multipart => quote!(request.multipart(#value.into_form()?)),
        BodyEncoding::Text | BodyEncoding::Binary => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(#value.clone()))
        }
    }
}

fn response_arm(arm: &Arm, success: &TokenStream, error: &TokenStream) -> TokenStream {
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
    let body = match &arm.action {
        ArmAction::Succeed { decode, variant } => {
            let call = match decode {
                Decode::Json => quote!(runtime::json(response).await),
                Decode::Text => quote!(runtime::text(response).await),
                Decode::Bytes => quote!(runtime::bytes(response).await),
                Decode::Empty => quote!(runtime::empty(response).await),
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
        ArmAction::ReadError => quote!(runtime::read_error(response).await),
        ArmAction::Fail(parse) => {
            let call = error_call(parse, error);
            quote!(#call.await)
        }
    };
    quote!(#(#patterns)|* => #body,)
}

/// The runtime call that turns a failure response into the operation's error.
fn error_call(parse: &ErrorParse, error: &TokenStream) -> TokenStream {
    let ErrorParse::Decode { decode, variant } = parse else {
        return quote!(runtime::api_error(response));
    };
    let wrap = match variant {
        Some(variant) => {
            let variant = ident(variant);
            quote!(#error::#variant)
        }
        None => quote!(std::convert::identity),
    };
    match decode {
        Decode::Json => quote!(runtime::json_error(response, #wrap)),
        Decode::Text => quote!(runtime::text_error(response, #wrap)),
        Decode::Bytes | Decode::Empty => quote!(runtime::bytes_error(response, #wrap)),
    }
}

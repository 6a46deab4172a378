//! `src/lib.rs`: the module tree, what the crate re-exports from
//! `openapi-client-runtime`, and what the runtime is told about the API.

use proc_macro2::TokenStream;
use quote::quote;

use crate::client_runtime::{RUNTIME_MODULE, RuntimeSource};
use crate::ir::{Api, RuntimeFeature};

pub(super) fn lib_rs(api: &Api, runtime: &RuntimeSource) -> TokenStream {
    let module = quote::format_ident!("{}", RUNTIME_MODULE);
    let vendored = matches!(runtime, RuntimeSource::Vendored).then(|| {
        quote! {
            #[doc(hidden)]
            pub mod #module;
        }
    });
    let features = api.runtime_features();
    let box_stream = features.contains(&RuntimeFeature::Paginate).then(|| quote!(BoxStream,));
    let file_part = features.contains(&RuntimeFeature::Multipart).then(|| quote!(FilePart,));
    let timestamp = features.contains(&RuntimeFeature::Timestamp).then(|| quote!(Timestamp, TimestampError,));
    let streams = features.contains(&RuntimeFeature::Stream);
    let byte_stream = streams.then(|| quote!(BinaryBody, ByteStream,));
    let event_stream = streams.then(|| quote!(Event, EventStream,));
    let json_lines = streams.then(|| quote!(JsonLines,));
    let base_url = option(api.default_server.as_deref());
    let request_id = api.request_id_header.as_ref().map(|header| header.to_ascii_lowercase());
    let request_id = option(request_id.as_deref());
    // With only some group features on, imports and constants that the
    // left-out operations use go unused.
    let partial = (!api.features.is_empty()).then(|| quote!(#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]));
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #partial
        #![allow(clippy::large_enum_variant, reason = "enums hold the spec's responses and union members as they are")]

        mod client;
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod operations;
        pub mod types;
        #vendored

        pub use client::{Client, ClientBuilder};
        pub use #module::{
            ApiError, BoxError, BoxFuture, #box_stream BuildError, #byte_stream CredentialError, DeadlineError, DecodeError, Error, ErrorMessage, #event_stream #file_part #json_lines MiddlewareError, Nullable, PaginationError,
            RefreshingToken, RequestOptions, Response, RetryPolicy, StaticToken, StatusCode, StreamError, #timestamp Token, TokenProvider, TransportError, install_tls_provider, reqwest,
        };
        #[cfg(feature = "middleware")]
        pub use #module::reqwest_middleware;
        #[cfg(feature = "mock")]
        use #module::mock as runtime_mock;

        use #module::__private as runtime;

        /// What the runtime is told about the API: the spec's first server,
        /// this crate's user agent and the header the server puts request ids in.
        const API: runtime::ApiInfo = runtime::ApiInfo {
            default_base_url: #base_url,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            request_id_header: #request_id,
        };
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

//! `src/lib.rs` (module tree and re-exports) and `src/auth.rs` (one
//! `ClientBuilder` method per security scheme).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Api, SecurityKind};

pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let multipart = api.uses_files().then(|| quote!(mod multipart;));
    let file_part = api.uses_files().then(|| quote!(pub use multipart::FilePart;));
    let auth = (!api.security_schemes.is_empty()).then(|| quote!(mod auth;));
    let paginate = api.paginates().then(|| quote!(mod paginate;));
    let box_stream = api.paginates().then(|| quote!(pub use futures::stream::BoxStream;));
    let timestamp = api.uses_timestamps().then(|| quote!(mod timestamp;));
    let timestamp_types = api.uses_timestamps().then(|| quote!(pub use timestamp::{Timestamp, TimestampError};));
    let base_url = match &api.default_server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let request_id = api.request_id_header.as_deref().map(request_id_accessors);
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![allow(clippy::large_enum_variant, reason = "enums hold the spec's responses and union members as they are")]

        #auth
        mod client;
        mod error;
        #multipart
        mod nullable;
        pub mod operations;
        mod options;
        #paginate
        mod retry;
        mod runtime;
        #timestamp
        pub mod types;

        pub use client::{BoxFuture, BuildError, Client, ClientBuilder};
        pub use error::{ApiError, DecodeError, Error, PaginationError, TransportError};
        #file_part
        #box_stream
        pub use nullable::Nullable;
        pub use options::{RequestOptions, Response};
        #timestamp_types

        /// The base URL used when none is given: the spec's first server.
        const DEFAULT_BASE_URL: Option<&str> = #base_url;

        #request_id
    }
}

/// `request_id()` on successes and errors, reading the header the spec
/// declares for it.
fn request_id_accessors(header: &str) -> TokenStream {
    let doc = format!(" The server's id for the request: its `{header}` header.");
    let lower = header.to_ascii_lowercase();
    quote! {
        impl<T> Response<T> {
            #[doc = #doc]
            pub fn request_id(&self) -> Option<&str> {
                self.headers().get(#lower).and_then(|value| value.to_str().ok())
            }
        }

        impl<E> Error<E> {
            #[doc = #doc]
            pub fn request_id(&self) -> Option<&str> {
                self.headers()?.get(#lower).and_then(|value| value.to_str().ok())
            }
        }
    }
}

pub(super) fn auth_rs(api: &Api) -> TokenStream {
    let methods = api.security_schemes.iter().map(|scheme| {
        let name = ident(&scheme.rust_name);
        let key = &scheme.key;
        let about = scheme.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
        match &scheme.kind {
            SecurityKind::Bearer { format } => {
                let format = format.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
                let doc = doc_attrs(&format!("Authenticates with `{key}`: `Authorization: Bearer <token>`{format}.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, token: impl Into<String>) -> Self {
                        self.credential(#key, Credential::bearer(token.into()))
                    }
                }
            }
            SecurityKind::Basic => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: HTTP basic credentials.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credential(#key, Credential::basic(username.into(), password.into()))
                    }
                }
            }
            SecurityKind::ApiKeyHeader { name: header } => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{header}` header.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, key: impl Into<String>) -> Self {
                        self.credential(#key, Credential::api_key_header(#header, key.into()))
                    }
                }
            }
            SecurityKind::ApiKeyQuery { name: param } => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{param}` query parameter.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, key: impl Into<String>) -> Self {
                        self.credential(#key, Credential::api_key_query(#param, key.into()))
                    }
                }
            }
        }
    });
    quote! {
        #![doc = " Credentials, one method per security scheme of the API."]
        use crate::ClientBuilder;
        use crate::client::Credential;

        impl ClientBuilder {
            #(#methods)*
        }
    }
}

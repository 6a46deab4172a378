//! `src/lib.rs` (module tree and re-exports) and `src/auth.rs` (one
//! `ClientBuilder` method per security scheme).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Api, SecurityKind};

pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let multipart = api.uses_files().then(|| quote!(mod multipart;));
    let file_part = api.uses_files().then(|| quote!(pub use multipart::FilePart;));
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![allow(clippy::large_enum_variant, reason = "enums hold the spec's responses and union members as they are")]

        mod auth;
        mod client;
        mod error;
        #multipart
        mod nullable;
        pub mod operations;
        mod runtime;
        pub mod types;

        pub use client::{BoxFuture, BuildError, Client, ClientBuilder};
        pub use error::{ApiError, DecodeError, Error};
        #file_part
        pub use nullable::Nullable;
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
                        self.credential(#key, crate::client::Credential::Bearer(token.into()))
                    }
                }
            }
            SecurityKind::Basic => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: HTTP basic credentials.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credential(
                            #key,
                            crate::client::Credential::Basic {
                                username: username.into(),
                                password: password.into(),
                            },
                        )
                    }
                }
            }
            SecurityKind::ApiKeyHeader { name: header } => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{header}` header.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, key: impl Into<String>) -> Self {
                        self.credential(#key, crate::client::Credential::Header { name: #header, value: key.into() })
                    }
                }
            }
            SecurityKind::ApiKeyQuery { name: param } => {
                let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{param}` query parameter.{about}"));
                quote! {
                    #doc
                    pub fn #name(self, key: impl Into<String>) -> Self {
                        self.credential(#key, crate::client::Credential::Query { name: #param, value: key.into() })
                    }
                }
            }
        }
    });
    quote! {
        #![doc = " Credentials, one method per security scheme of the API."]
        impl crate::ClientBuilder {
            #(#methods)*
        }
    }
}

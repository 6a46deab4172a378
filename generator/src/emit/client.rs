//! `src/client.rs`: the crate's `Client` and `ClientBuilder`, thin wrappers
//! around `openapi-client-runtime`'s, with one builder method per security
//! scheme of the API.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::client_runtime::CLIENT_BUILDER_METHODS;
use crate::ir::{Api, SecurityKind};

pub(super) fn client_rs(api: &Api) -> TokenStream {
    let forwarders = builder_forwarders();
    let credentials = api.security_schemes.iter().map(credential_methods);
    let title = &api.title;
    // Without operations nothing prepares a request.
    let prepare = (!api.operations.is_empty()).then(|| {
        quote! {
            /// The request of an operation: `method` to the base URL plus the
            /// path `parts` make; `template` is the path as the spec writes it.
            pub(crate) fn prepare(
                &self,
                method: reqwest::Method,
                template: &'static str,
                parts: &[runtime::PathPart<'_>],
            ) -> runtime::Request {
                self.inner.prepare(method, template, parts)
            }
        }
    });
    let client_doc = doc_attrs(&format!(
        "A client for the {title}. Cheap to clone: clones share one connection pool.\n\nIts methods, one per operation, are in [`operations`](crate::operations)."
    ));
    quote! {
        #![doc = " The client and its builder: base URL, HTTP client, credentials, timeouts and retries."]
        use std::time::Duration;

        use crate::{BuildError, Error, runtime};

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// A client for the default server, with no credentials.
            pub fn new() -> Result<Self, BuildError> {
                Self::builder().build()
            }

            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &reqwest::Url {
                self.inner.base_url()
            }

            /// A request to an endpoint the spec does not describe, prepared as
            /// every operation's is: the base URL plus `segments` (each
            /// percent-encoded as one path segment), the user agent, the
            /// timeout and every credential set on the builder. Add what it
            /// needs with reqwest's methods, then `send()` it; it is sent once,
            /// without the client's retries.
            pub fn raw_request(&self, method: reqwest::Method, segments: &[&str]) -> Result<reqwest::RequestBuilder, Error> {
                self.inner.raw_request(method, segments)
            }

            #prepare
        }

        /// Configures a [`Client`]. A runtime `ClientBuilder` configured once
        /// (HTTP client, timeouts, retries) converts into this one with `From`,
        /// so several APIs' clients can share that configuration.
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct ClientBuilder {
            inner: runtime::ClientBuilder,
        }

        impl ClientBuilder {
            #(#forwarders)*
            #(#credentials)*

            /// Builds the client.
            pub fn build(self) -> Result<Client, BuildError> {
                Ok(Client { inner: self.inner.build_for(&crate::API)? })
            }
        }

        impl From<runtime::ClientBuilder> for ClientBuilder {
            fn from(inner: runtime::ClientBuilder) -> Self {
                Self { inner }
            }
        }
    }
}

/// The runtime builder's settings, each passed through.
fn builder_forwarders() -> Vec<TokenStream> {
    CLIENT_BUILDER_METHODS.iter().filter_map(|name| forwarder(name)).collect()
}

/// The builder method that passes the runtime builder's setting `name`
/// through; none for a name it does not know (a test catches that).
fn forwarder(name: &str) -> Option<TokenStream> {
    let (doc, params, args) = match name {
        "base_url" => ("Sends requests to `url` instead of the spec's first server.", quote!(url: impl Into<String>), quote!(url)),
        "http_client" => (
            "Sends requests through this `reqwest::Client` (proxies, TLS, pools, middleware). Build it after calling [`Client::builder`]: with the `rustls` feature, reqwest needs the crypto provider that call installs.",
            quote!(client: reqwest::Client),
            quote!(client),
        ),
        "middleware" => (
            "Runs `middleware` on every attempt of every request: it sees the finished request (credentials included) and its response, and may change either or answer itself, as `reqwest-middleware` lets it (tracing, metrics, caching, signing). The first added sees the request first. It applies with the HTTP client of `http_client` too. Needs the `middleware` feature.",
            quote!(middleware: impl crate::reqwest_middleware::Middleware),
            quote!(middleware),
        ),
        "root_certificate" => (
            "Trusts `certificate` as a certificate authority, besides the platform's: for a private CA or a TLS-inspecting proxy. It applies to the HTTP client this builder creates, not to one given with `http_client`. Needs a TLS feature (`rustls`, `rustls-aws-lc-rs` or `native-tls`).",
            quote!(certificate: reqwest::Certificate),
            quote!(certificate),
        ),
        "user_agent" => (
            "Sets the `User-Agent` header (this crate's name and version unless set).",
            quote!(user_agent: impl Into<String>),
            quote!(user_agent),
        ),
        "timeout" => (
            "Sets how long one attempt may take, from connecting to the last byte of the response (60 seconds unless set); `None` waits as long as the HTTP client does. A request's `RequestOptions::timeout` overrides it.",
            quote!(timeout: impl Into<Option<Duration>>),
            quote!(timeout),
        ),
        "deadline" => (
            "Sets how long a whole call may take, every attempt and every wait between retries included (none unless set). A retry that would start after it is not made; an attempt still running when it passes ends in `Error::Deadline`. A request's `RequestOptions::deadline` overrides it.",
            quote!(deadline: impl Into<Option<Duration>>),
            quote!(deadline),
        ),
        "retry_policy" => (
            "Sets the whole retry policy: attempts, the statuses retried, backoff and the longest `Retry-After` obeyed.",
            quote!(policy: crate::RetryPolicy),
            quote!(policy),
        ),
        "connect_timeout" => (
            "Sets how long connecting may take (10 seconds unless set), for the HTTP client this builder creates.",
            quote!(timeout: Duration),
            quote!(timeout),
        ),
        "max_retries" => (
            "Sets how many times a failed request is retried (2 unless set; `0` turns retries off). Only requests that are safe to repeat are retried.",
            quote!(retries: u32),
            quote!(retries),
        ),
        "retry_backoff" => (
            "Sets the backoff between retries: a random wait of up to `initial`, doubling with each retry up to `max` (0.5 s and 8 s unless set).",
            quote!(initial: Duration, max: Duration),
            quote!(initial, max),
        ),
        "max_retry_wait" => (
            "Sets the longest wait a `Retry-After` header is obeyed for (60 s unless set); a longer one is cut to it.",
            quote!(wait: Duration),
            quote!(wait),
        ),
        _ => return None,
    };
    let method = ident(name);
    let doc = doc_attrs(doc);
    // The generated crate has the runtime's features, under their names.
    let gate = match name {
        "root_certificate" => {
            let features = crate::client_runtime::TLS_FEATURES.iter().copied();
            Some(quote!(#[cfg(any(#(feature = #features),*))]))
        }
        "middleware" => Some(quote!(#[cfg(feature = "middleware")])),
        _ => None,
    };
    Some(quote! {
        #doc
        #gate
        pub fn #method(self, #params) -> Self {
            Self { inner: self.inner.#method(#args) }
        }
    })
}

/// The builder methods of one security scheme: its fixed credential, and a
/// token provider where the scheme sends one token.
fn credential_methods(scheme: &crate::ir::SecurityScheme) -> TokenStream {
    let fixed = credential_method(scheme);
    let provider = provider_method(scheme);
    quote!(#fixed #provider)
}

/// The builder method that sets a token provider for a scheme, if `lower`
/// gave it one.
fn provider_method(scheme: &crate::ir::SecurityScheme) -> Option<TokenStream> {
    let method = scheme.provider_method.as_deref()?;
    let key = &scheme.key;
    let fixed = &scheme.rust_name;
    let (place, credential) = match &scheme.kind {
        SecurityKind::Bearer { .. } => ("`Authorization: Bearer <token>`".to_string(), quote!(runtime::Credential::bearer_provider(provider))),
        SecurityKind::ApiKeyHeader { name } => (format!("the `{name}` header"), quote!(runtime::Credential::api_key_header_provider(#name, provider))),
        SecurityKind::ApiKeyQuery { name } => (format!("the `{name}` query parameter"), quote!(runtime::Credential::api_key_query_provider(#name, provider))),
        SecurityKind::Basic => return None,
    };
    let doc = doc_attrs(&format!(
        "Authenticates with `{key}` by a token `provider` gives, in {place}: for tokens that expire, such as a `RefreshingToken`. Each attempt asks the provider for its token; when the server answers `401 Unauthorized`, the provider is told the token was refused and the request is sent once more with its next one. (`{fixed}` sets a token that never changes.)"
    ));
    let method = ident(method);
    Some(quote! {
        #doc
        pub fn #method(self, provider: impl crate::TokenProvider) -> Self {
            Self { inner: self.inner.credential(#key, #credential) }
        }
    })
}

/// The builder method that sets the fixed credential of one security scheme.
fn credential_method(scheme: &crate::ir::SecurityScheme) -> TokenStream {
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
                    Self { inner: self.inner.credential(#key, runtime::Credential::bearer(token.into())) }
                }
            }
        }
        SecurityKind::Basic => {
            let doc = doc_attrs(&format!("Authenticates with `{key}`: HTTP basic credentials.{about}"));
            quote! {
                #doc
                pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    Self { inner: self.inner.credential(#key, runtime::Credential::basic(username.into(), password.into())) }
                }
            }
        }
        SecurityKind::ApiKeyHeader { name: header } => {
            let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{header}` header.{about}"));
            quote! {
                #doc
                pub fn #name(self, key: impl Into<String>) -> Self {
                    Self { inner: self.inner.credential(#key, runtime::Credential::api_key_header(#header, key.into())) }
                }
            }
        }
        SecurityKind::ApiKeyQuery { name: param } => {
            let doc = doc_attrs(&format!("Authenticates with `{key}`: the key in the `{param}` query parameter.{about}"));
            quote! {
                #doc
                pub fn #name(self, key: impl Into<String>) -> Self {
                    Self { inner: self.inner.credential(#key, runtime::Credential::api_key_query(#param, key.into())) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_runtime_setting_has_a_forwarder() {
        for name in super::CLIENT_BUILDER_METHODS {
            assert!(super::forwarder(name).is_some(), "no signature for `{name}`");
        }
    }
}

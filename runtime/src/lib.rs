//! The runtime every generated client depends on: the HTTP client and its
//! configuration, retries, errors that keep the server's answer, per-request
//! options, `Nullable`, and the request and response plumbing generated
//! operations are written against.
//!
//! Applications use it through a generated crate, which re-exports what they
//! name (`Error`, `Response`, `RequestOptions`, `Nullable`, …). Because every
//! client shares these types, one error handler or one retry configuration
//! serves them all: configure a [`ClientBuilder`] once and turn it into each
//! API's builder with `From`.
//!
//! Generated code reaches the plumbing through `__private`; it follows the
//! generator, not this crate's semver promise to hand-written code.
//!
//! # Features
//!
//! TLS, one of them on by default:
//!
//! - `rustls` (default): rustls with the ring crypto provider, the lighter
//!   build of rustls's two providers. It makes ring the process's default
//!   provider when none is set.
//! - `rustls-aws-lc-rs`: rustls with aws-lc-rs (a large C build, with
//!   FIPS-capable crypto).
//! - `native-tls`: the platform's TLS library (OpenSSL on Linux).
//!
//! With none of them, only `http://` URLs can be reached.
//!
//! - `mock`: the `mock` module, typed stubs of a generated client's operations on a
//!   wiremock server, for testing code that uses the client.
//! - `middleware`: `ClientBuilder::middleware`, which runs
//!   [`reqwest-middleware`](https://docs.rs/reqwest-middleware) middleware on
//!   every attempt, and re-exports that crate as `reqwest_middleware`.
//!
//! For the API's shapes
//! (generated crates turn these on as their API needs):
//!
//! - `multipart`: `multipart/form-data` bodies and `FilePart`.
//! - `paginate`: page streams for list operations (`BoxStream`).
//! - `stream`: streamed bodies, read as they arrive: server-sent events
//!   (`EventStream`), JSON lines (`JsonLines`) and bytes (`ByteStream`); and
//!   binary request bodies (`BinaryBody`) from bytes, a stream or a file.
//! - `timestamp`: `Timestamp`, for `date-time` values (with `chrono`).
//!
//! This file is also the `mod.rs` of the copy a vendored client carries, with
//! each `#[cfg(feature = …)]` resolved for that client: it holds no
//! crate-level attribute and names its modules relative to itself.

#![forbid(unsafe_code)]

mod client;
mod credential;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "multipart")]
mod multipart;
mod nullable;
mod options;
#[cfg(feature = "paginate")]
mod paginate;
mod request;
mod response;
mod retry;
mod serde_helpers;
#[cfg(feature = "stream")]
mod sse;
#[cfg(feature = "stream")]
mod sse_parser;
#[cfg(feature = "stream")]
mod stream;
#[cfg(feature = "timestamp")]
mod timestamp;
mod tls;
mod transport;
mod union;
#[cfg(feature = "stream")]
mod upload;

pub use client::{BoxFuture, BuildError, Client, ClientBuilder};
pub use credential::{BoxError, RefreshingToken, StaticToken, Token, TokenProvider};
pub use error::{
    ApiError, CredentialError, DeadlineError, DecodeError, Error, ErrorMessage, MiddlewareError, PaginationError, StreamError,
    TransportError,
};
#[cfg(feature = "paginate")]
pub use futures::stream::BoxStream;
#[cfg(feature = "multipart")]
pub use multipart::FilePart;
pub use nullable::Nullable;
pub use options::{RequestOptions, Response};
pub use retry::RetryPolicy;
#[cfg(feature = "stream")]
pub use sse::{Event, EventStream};
#[cfg(feature = "stream")]
pub use stream::{ByteStream, JsonLines};
#[cfg(feature = "stream")]
pub use upload::BinaryBody;
pub use tls::install_tls_provider;
/// The HTTP client crate the runtime is built on, for its types
/// (`StatusCode`, `HeaderMap`, `Method`) at the version the clients use.
pub use reqwest;
pub use reqwest::StatusCode;
/// The middleware crate `ClientBuilder::middleware` takes, at the version the
/// clients use.
#[cfg(feature = "middleware")]
pub use reqwest_middleware;
#[cfg(feature = "timestamp")]
pub use timestamp::{Timestamp, TimestampError};

/// What generated operations and types are written against. Not for
/// hand-written code: it changes with the generator.
#[doc(hidden)]
pub mod __private {
    pub use super::client::{ApiInfo, Client, ClientBuilder};
    pub use super::credential::Credential;
    #[cfg(feature = "multipart")]
    pub use super::multipart::{IntoForm, deep_object_parts, json_part};
    #[cfg(feature = "paginate")]
    pub use super::paginate::{NextPage, PageInfo, Paging, items, pages};
    pub use super::request::{PathPart, Request, RequestError, json_text};
    pub use super::response::{
        FromFailure, Received, api_error, bytes, bytes_error, empty, json, json_error, read_error, text, text_error,
    };
    pub use super::serde_helpers::{enum_from_str, keep_null};
    pub use super::response::{Answer, Opened};
    #[cfg(feature = "stream")]
    pub use super::sse::{Sentinel, json_data, text_data};
    pub use super::union::{Shape, is_any, is_integer, tagged_variant, union_candidates};
}

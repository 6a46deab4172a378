//! The runtime of every generated client, as one crate that compiles and is
//! tested on its own.
//!
//! Every file in `src/` except this one is copied verbatim into each generated
//! crate (the generator only drops the `pub(crate)` items a crate does not
//! reach). A generated crate's `lib.rs` declares the same modules and holds the
//! per-API facts this file stands in for: the default base URL, the security
//! schemes (`auth.rs`) and the operations.

#![forbid(unsafe_code)]
// This crate holds every helper; each generated crate keeps only the ones it
// uses and is compiled with `-D warnings`, which is where dead code is caught.
#![allow(dead_code, reason = "the helpers are used by generated crates, not by this one")]

mod client;
mod error;
mod multipart;
mod nullable;
mod options;
mod paginate;
mod retry;
mod runtime;
mod timestamp;

pub use client::{BoxFuture, BuildError, Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error, PaginationError, TransportError};
pub use multipart::FilePart;
pub use nullable::Nullable;
pub use options::{RequestOptions, Response};
pub use timestamp::{Timestamp, TimestampError};

/// Stands in for the spec's first server, which a generated `lib.rs` holds.
const DEFAULT_BASE_URL: Option<&str> = None;

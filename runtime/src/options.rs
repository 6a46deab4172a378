//! What a caller can change for one request, and what a success carries
//! besides its value.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Options for one request, overriding the client's:
/// `.with_options(RequestOptions::new().timeout(Duration::from_secs(5)).header("x-trace", "1"))`.
///
/// They are the escape hatches for what a spec leaves out: a header or query
/// parameter it forgot, an operation that is slower than most, or a `POST` the
/// caller knows is safe to repeat.
#[derive(Clone, Default)]
#[must_use]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) deadline: Option<Option<Duration>>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) retry_unsafe: bool,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long each attempt may take, from connecting to the last byte of the
    /// response; `None` waits as long as the HTTP client does.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = Some(timeout.into());
        self
    }

    /// How long the whole call may take, every attempt and every wait between
    /// them included; `None` sets no deadline. Overrides the client's
    /// [`ClientBuilder::deadline`](super::ClientBuilder::deadline).
    pub fn deadline(mut self, deadline: impl Into<Option<Duration>>) -> Self {
        self.deadline = Some(deadline.into());
        self
    }

    /// How many times this request is retried; `0` sends it once. Requests
    /// are retried only when repeating them is safe: `GET`, `HEAD`, `PUT`,
    /// `DELETE` and `OPTIONS`, and `POST` or `PATCH` when the operation takes
    /// an idempotency key or [`retry_non_idempotent`](Self::retry_non_idempotent) is set.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Retries this request even though its method is not idempotent, for a
    /// `POST` or `PATCH` the caller knows is safe to repeat.
    pub fn retry_non_idempotent(mut self) -> Self {
        self.retry_unsafe = true;
        self
    }

    /// Sends a header, replacing any value the request would have had.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter, replacing any value the request would have had.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
}

impl fmt::Debug for RequestOptions {
    // Header values are left out: an extra header may carry a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("retry_non_idempotent", &self.retry_unsafe)
            .field("headers", &self.headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("query", &self.query)
            .finish()
    }
}

/// A decoded success with the status and headers it came with, from a
/// builder's `send_with_response()`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    request_id_header: Option<&'static str>,
    value: T,
}

impl<T> Response<T> {
    /// A success as a client would return it, for tests that need no server.
    pub fn new(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Response { status, headers, attempts: 1, request_id_header: None, value }
    }

    pub(crate) fn from_parts(
        status: StatusCode,
        headers: HeaderMap,
        attempts: u32,
        request_id_header: Option<&'static str>,
        value: T,
    ) -> Self {
        Response { status, headers, attempts, request_id_header, value }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many times the request was sent, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The server's id for the request, from the header the API declares for
    /// it.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get(self.request_id_header?).and_then(|value| value.to_str().ok())
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, without the status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }
}

//! What can go wrong with a request, keeping everything the server sent.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The error of an operation. `E` is the type of the error bodies the spec
/// declares for it (`serde_json::Value` when it declares none).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status the operation does not treat as success.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered with success, but the body is not what the spec says.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request could not be sent, or no complete response came back.
    #[error("{0}")]
    Transport(Box<TransportError>),
    /// The request could not be built from the values given.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A page stream stopped because the server's next page would loop or
    /// lead elsewhere.
    #[error("{0}")]
    Pagination(PaginationError),
    /// The call's deadline passed while an attempt was still waiting for its
    /// answer. (An attempt's own timeout is a [`Error::Transport`] for which
    /// [`is_timeout`](Self::is_timeout) holds.)
    #[error("{0}")]
    Deadline(DeadlineError),
    /// A token provider could not give a token, so the request was not sent.
    #[error("{0}")]
    Credential(Box<CredentialError>),
    /// A middleware added with `ClientBuilder::middleware` failed the request.
    #[error("{0}")]
    Middleware(Box<MiddlewareError>),
    /// A streamed response (events, JSON lines) went wrong where no other
    /// variant fits: it ended without the sentinel the API promises, or it
    /// did not start within the timeout.
    #[error("{0}")]
    Stream(StreamError),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) | Error::Deadline(_) | Error::Credential(_) | Error::Middleware(_) | Error::Stream(_) => None,
        }
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(error) => Some(&error.headers),
            Error::Decode(error) => Some(&error.headers),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) | Error::Deadline(_) | Error::Credential(_) | Error::Middleware(_) | Error::Stream(_) => None,
        }
    }

    /// How many times the request was sent, retries included (0 when it
    /// could not be built).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(error) => error.attempts,
            Error::Decode(error) => error.attempts,
            Error::Transport(error) => error.attempts,
            Error::Deadline(error) => error.attempts,
            Error::Credential(error) => error.attempts,
            Error::Middleware(error) => error.attempts,
            Error::Stream(error) => error.attempts(),
            Error::InvalidRequest(_) | Error::Pagination(_) => 0,
        }
    }

    /// Whether the last attempt ran out of time: connecting, or waiting for
    /// the whole response (for a stream, for its start).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(error) => error.source.is_timeout(),
            Error::Stream(error) => matches!(error, StreamError::NotStarted { .. }),
            _ => false,
        }
    }

    /// Whether sending the same request again later might succeed: the
    /// failures the client itself retries (connection failures, timeouts, and
    /// the statuses 408, 429, 500, 502, 503 and 504), whether or not it was
    /// allowed to retry this request.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) => super::retry::is_retryable_status(error.status),
            Error::Transport(error) => super::retry::is_retryable_transport(&error.source),
            Error::Decode(_) | Error::InvalidRequest(_) | Error::Pagination(_) | Error::Deadline(_) | Error::Credential(_) | Error::Middleware(_) | Error::Stream(_) => {
                false
            }
        }
    }

    /// The server's id for the request, from the header the API declares for
    /// it, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        let (header, headers) = match self {
            Error::Api(error) => (error.request_id_header?, &error.headers),
            Error::Decode(error) => (error.request_id_header?, &error.headers),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) | Error::Deadline(_) | Error::Credential(_) | Error::Middleware(_) | Error::Stream(_) => return None,
        };
        headers.get(header).and_then(|value| value.to_str().ok())
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(error) => Some(&error.body),
            Error::Decode(error) => Some(&error.body),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) | Error::Deadline(_) | Error::Credential(_) | Error::Middleware(_) | Error::Stream(_) => None,
        }
    }

    /// The error body decoded as the spec declares it for this status.
    pub fn parsed(&self) -> Option<&E> {
        match self {
            Error::Api(error) => error.parsed.as_ref(),
            _ => None,
        }
    }

    /// The body of the server's answer decoded as JSON into `T`, whatever
    /// the spec declares for its status: for a status the spec forgot, or a
    /// body richer than its schema. `None` when the server did not answer.
    pub fn parse_as<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.body().map(serde_json::from_slice)
    }
}

impl<E: ErrorMessage> Error<E> {
    /// The server's message, from the decoded error body, when its schema
    /// has an obvious message field (`message`, `detail`, `error`, …) and the
    /// body matched it.
    pub fn message(&self) -> Option<&str> {
        self.parsed()?.message()
    }
}

/// An error body that can carry a human-readable message. Generated crates
/// implement it for their error schemas that have an obvious message field;
/// for any JSON it looks for the usual keys.
pub trait ErrorMessage {
    /// The message, if this body has one.
    fn message(&self) -> Option<&str>;
}

/// The keys error bodies usually carry their message in, most telling first.
const MESSAGE_KEYS: [&str; 7] = ["message", "error_message", "msg", "detail", "error_description", "error", "title"];

/// Where a body keeps its error objects when they are not the body itself: an
/// `error` object, or the first of a list of them.
const NESTED_ERRORS: [&str; 3] = ["error", "errors", "details"];

impl ErrorMessage for serde_json::Value {
    /// The first usual message key holding text, at the top level, else in
    /// an `error` object (`{"error": {"message": …}}`) or the first of a list
    /// of errors (`{"errors": [{"detail": …}]}`).
    fn message(&self) -> Option<&str> {
        fn text_at(object: &serde_json::Value) -> Option<&str> {
            MESSAGE_KEYS.iter().find_map(|key| object.get(key)?.as_str())
        }
        text_at(self).or_else(|| {
            NESTED_ERRORS.iter().find_map(|key| {
                let nested = self.get(key)?;
                text_at(nested.get(0).unwrap_or(nested))
            })
        })
    }
}

impl ErrorMessage for String {
    fn message(&self) -> Option<&str> {
        Some(self).filter(|text| !text.is_empty()).map(String::as_str)
    }
}

/// The deadline of a whole call passed during an attempt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the call's deadline of {deadline:?} passed during attempt {attempts}")]
#[non_exhaustive]
pub struct DeadlineError {
    /// The deadline set on the client or the request.
    pub deadline: std::time::Duration,
    /// How many attempts were started, the cut-off one included.
    pub attempts: u32,
}

/// What went wrong with a streamed response, besides a cut connection (an
/// [`Error::Transport`]) and an item that does not decode (an
/// [`Error::Decode`] holding the item's text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The stream ended without the sentinel the API sends last, so the
    /// connection was cut before the end.
    #[error("the stream ended without its closing `{sentinel}`: it was cut short")]
    Truncated { sentinel: String },
    /// The server did not start answering within the request's timeout.
    /// (A stream's timeout bounds the wait for its start, not its length.)
    #[error("the server did not start the stream within {timeout:?} (attempt {attempts})")]
    NotStarted { timeout: std::time::Duration, attempts: u32 },
}

impl StreamError {
    fn attempts(&self) -> u32 {
        match self {
            StreamError::Truncated { .. } => 1,
            StreamError::NotStarted { attempts, .. } => *attempts,
        }
    }
}

/// A token provider failed to give a token.
#[derive(Debug, thiserror::Error)]
#[error("no credential for attempt {attempts}: {source}")]
#[non_exhaustive]
pub struct CredentialError {
    /// What the provider reported.
    #[source]
    pub source: super::BoxError,
    /// The attempt that needed the token.
    pub attempts: u32,
}

/// A middleware failed an attempt.
#[derive(Debug, thiserror::Error)]
#[error("a middleware failed attempt {attempts}: {source}")]
#[non_exhaustive]
pub struct MiddlewareError {
    /// What the middleware reported.
    #[source]
    pub source: super::BoxError,
    /// The attempt it failed.
    pub attempts: u32,
}

/// A response with a failure status.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The body decoded as the spec's error schema for `status`, if it declares
    /// one and the body matches it.
    pub parsed: Option<E>,
    /// How many times the request was sent, retries included.
    pub attempts: u32,
    pub(crate) request_id_header: Option<&'static str>,
}

impl<E> ApiError<E> {
    /// A failure response as a client would report it, for tests that need
    /// no server: `parsed` is the body decoded as the operation's error type.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Vec<u8>>, parsed: Option<E>) -> Self {
        ApiError { status, headers, body: body.into(), parsed, attempts: 1, request_id_header: None }
    }

    /// The body decoded as JSON into `T`, whatever the spec declares.
    pub fn parse_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl<E: ErrorMessage> ApiError<E> {
    /// The server's message, from the decoded body (see [`Error::message`]).
    pub fn message(&self) -> Option<&str> {
        self.parsed.as_ref()?.message()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", abbreviate(&self.body_text()))?;
        }
        Ok(())
    }
}

/// A success response whose body could not be decoded.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// What was wrong with it.
    pub source: serde_json::Error,
    /// How many times the request was sent, retries included.
    pub attempts: u32,
    pub(crate) request_id_header: Option<&'static str>,
}

impl DecodeError {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The `Content-Type` the server declared, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response", self.status)?;
        if let Some(content_type) = self.content_type() {
            write!(f, " ({content_type})")?;
        }
        write!(f, ": {}", self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// No complete response came back: the connection failed or was cut off, or
/// an attempt ran out of time.
#[derive(Debug, thiserror::Error)]
#[error("request failed after {attempts} attempt(s): {source}")]
#[non_exhaustive]
pub struct TransportError {
    /// What went wrong on the last attempt.
    #[source]
    pub source: reqwest::Error,
    /// How many times the request was sent, retries included.
    pub attempts: u32,
}

/// Why a page stream stopped before the end of the data. The pages before
/// were yielded; the one that would have followed is never requested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// The server answered with a cursor it had already given: following it
    /// would fetch the same pages again, forever.
    #[error("the server repeated the page cursor `{0}`; paging stopped instead of looping")]
    RepeatedCursor(String),
    /// The server linked to a page already fetched.
    #[error("the server linked again to the page `{0}`; paging stopped instead of looping")]
    RepeatedLink(String),
    /// The next-page link is not on the server that sent it, so it is not
    /// followed: the request would carry the client's credentials there.
    #[error("the next-page link `{0}` leads to another server; it was not followed")]
    ForeignLink(String),
    /// The next-page link is not a URL.
    #[error("the next-page link `{link}` is not a valid URL: {reason}")]
    InvalidLink { link: String, reason: String },
}

/// At most 200 characters of a body, for messages.
fn abbreviate(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(200) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Problem {
        message: String,
    }

    #[test]
    fn an_error_built_for_a_test_reads_like_one_from_the_wire() {
        let body = br#"{"status": false, "message": "Invalid plan"}"#;
        let error: Error<Problem> = Error::Api(Box::new(ApiError::new(
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            body.to_vec(),
            Some(Problem { message: "Invalid plan".into() }),
        )));
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(error.parsed().map(|p| p.message.as_str()), Some("Invalid plan"));
        assert_eq!(error.attempts(), 1);
        assert_eq!(error.request_id(), None);
    }

    #[test]
    fn a_message_is_found_in_any_json_error_body() {
        let message = |body: serde_json::Value| {
            let error: Error = Error::Api(Box::new(ApiError::new(StatusCode::BAD_REQUEST, HeaderMap::new(), Vec::new(), Some(body))));
            error.message().map(str::to_owned)
        };
        assert_eq!(message(serde_json::json!({"status": false, "message": "Invalid plan"})).as_deref(), Some("Invalid plan"));
        assert_eq!(message(serde_json::json!({"error": {"type": "invalid", "message": "No such plan"}})).as_deref(), Some("No such plan"));
        assert_eq!(message(serde_json::json!({"type": "about:blank", "title": "Bad", "detail": "Plan missing"})).as_deref(), Some("Plan missing"));
        assert_eq!(message(serde_json::json!({"errors": [{"status": "422", "detail": "Plan taken"}]})).as_deref(), Some("Plan taken"));
        assert_eq!(message(serde_json::json!({"code": 7})), None);
        let unparsed: Error = Error::Api(Box::new(ApiError::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), b"<html>".to_vec(), None)));
        assert_eq!(unparsed.message(), None);
    }

    #[test]
    fn parse_as_decodes_any_answered_body_and_nothing_else() {
        let error: Error = Error::Api(Box::new(ApiError::new(StatusCode::CONFLICT, HeaderMap::new(), br#"{"message": "taken"}"#.to_vec(), None)));
        let problem: Problem = error.parse_as().expect("answered").expect("JSON");
        assert_eq!(problem, Problem { message: "taken".into() });
        let unsent: Error = Error::InvalidRequest("bad header".into());
        assert!(unsent.parse_as::<Problem>().is_none());
        let not_json: Error = Error::Api(Box::new(ApiError::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), b"<html>".to_vec(), None)));
        assert!(not_json.parse_as::<Problem>().expect("answered").is_err());
    }
}

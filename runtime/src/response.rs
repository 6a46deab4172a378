//! Reading a whole response into an operation's result or error.

/// A whole response, read within its attempt.
pub struct Received {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    /// How many times the request was sent, retries included.
    pub(crate) attempts: u32,
    /// The header the API carries its request ids in, if it declares one.
    pub(crate) request_id_header: Option<&'static str>,
}

impl Received {
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The operation's result from its decoded `value`, with the status and
    /// headers when it is a success.
    pub fn respond<T, E>(self, value: Result<T, super::Error<E>>) -> Result<super::Response<T>, super::Error<E>> {
        value.map(|value| super::Response::from_parts(self.status, self.headers, self.attempts, self.request_id_header, value))
    }
}

/// What an attempt got back: the whole response, or a success whose body is
/// still to be streamed.
pub enum Answer {
    Whole(Received),
    Streaming(Box<Opened>),
}

impl Answer {
    pub fn status(&self) -> reqwest::StatusCode {
        match self {
            Answer::Whole(received) => received.status,
            Answer::Streaming(opened) => opened.head.status,
        }
    }
}

/// The head of a response whose body is streamed, kept to build the
/// errors of its items and the `Response` around the stream.
#[derive(Clone)]
pub(crate) struct Head {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) attempts: u32,
    pub(crate) request_id_header: Option<&'static str>,
}

/// A success response whose body has not been read: a streamed operation's.
pub struct Opened {
    pub(crate) head: Head,
    pub(crate) response: reqwest::Response,
    /// The request, to send again when the stream may resume. (Read by the
    /// `stream` feature's modules only.)
    #[allow(dead_code)]
    pub(crate) resume: Option<super::request::Request>,
}

impl Opened {
    /// Reads the rest of the body, for a caller that wants it whole.
    pub(crate) async fn read_whole(self) -> Result<Received, super::request::SendError> {
        let Opened { head: Head { status, headers, attempts, request_id_header }, response, .. } = self;
        match response.bytes().await {
            Ok(body) => Ok(Received { status, headers, body: body.into(), attempts, request_id_header }),
            Err(source) => Err(super::request::SendError::Transport { source, attempts }),
        }
    }
}

/// Decodes a JSON success body; any failure keeps the status, headers and body.
pub fn json<T: serde::de::DeserializeOwned, E>(response: &Received) -> Result<T, super::Error<E>> {
    serde_json::from_slice(&response.body).map_err(|source| {
        super::Error::Decode(Box::new(super::DecodeError {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
            source,
            attempts: response.attempts,
            request_id_header: response.request_id_header,
        }))
    })
}

pub fn text<E>(response: &Received) -> Result<String, super::Error<E>> {
    Ok(String::from_utf8_lossy(&response.body).into_owned())
}

pub fn bytes<E>(response: &Received) -> Result<Vec<u8>, super::Error<E>> {
    Ok(response.body.clone())
}

/// A success response without a declared body: the body is dropped.
pub fn empty<E>(_response: &Received) -> Result<(), super::Error<E>> {
    Ok(())
}

// The failure helpers return a `Result` that is always `Err`, so each match arm
// of an operation reads as one call, whatever the success type.

/// An operation's error enum: reads a failure response into the variant for
/// its status.
pub trait FromFailure: Sized {
    fn from_failure<T>(response: &Received) -> Result<T, super::Error<Self>>;
}

/// A failure response, read by the operation's error enum (inferred from the
/// operation's result type).
pub fn read_error<T, E: FromFailure>(response: &Received) -> Result<T, super::Error<E>> {
    E::from_failure(response)
}

/// A failure response whose body the spec does not declare: kept as bytes.
pub fn api_error<T, E>(response: &Received) -> Result<T, super::Error<E>> {
    failure(response, |_| None)
}

/// A failure response with a JSON body, decoded and wrapped by `wrap` (an
/// error enum's variant) when it matches the declared schema.
pub fn json_error<T, B: serde::de::DeserializeOwned, E>(
    response: &Received,
    wrap: impl FnOnce(B) -> E,
) -> Result<T, super::Error<E>> {
    failure(response, |body| serde_json::from_slice(body).ok().map(wrap))
}

/// A failure response with a text body, wrapped by `wrap` when it is UTF-8.
pub fn text_error<T, E>(
    response: &Received,
    wrap: impl FnOnce(String) -> E,
) -> Result<T, super::Error<E>> {
    failure(response, |body| String::from_utf8(body.to_vec()).ok().map(wrap))
}

/// A failure response with a binary body, wrapped by `wrap`.
pub fn bytes_error<T, E>(
    response: &Received,
    wrap: impl FnOnce(Vec<u8>) -> E,
) -> Result<T, super::Error<E>> {
    failure(response, |body| Some(wrap(body.to_vec())))
}

/// A failure response, with its body decoded by `parse` when possible.
fn failure<T, E>(response: &Received, parse: impl FnOnce(&[u8]) -> Option<E>) -> Result<T, super::Error<E>> {
    Err(super::Error::Api(Box::new(super::ApiError {
        status: response.status,
        headers: response.headers.clone(),
        parsed: parse(&response.body),
        body: response.body.clone(),
        attempts: response.attempts,
        request_id_header: response.request_id_header,
    })))
}


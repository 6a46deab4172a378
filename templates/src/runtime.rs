//! Request and response plumbing shared by every operation.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{ApiError, DecodeError, Error};

/// A request that could not be built; becomes [`Error::InvalidRequest`].
#[derive(Debug)]
pub(crate) struct RequestError(pub(crate) String);

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        Error::InvalidRequest(error.0)
    }
}

/// Query parameters in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Query(Vec<(String, String)>);

#[allow(dead_code, reason = "each API uses the parameter styles its spec declares")]
impl Query {
    pub(crate) fn push(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_string(), value.into()));
    }

    /// `name[key]=value` for each property, nested as deep as the value goes.
    pub(crate) fn push_deep_object(&mut self, name: &str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => self.push_json(name.to_string(), &value),
            Err(_) => self.push(name, ""),
        }
    }

    fn push_json(&mut self, name: String, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    self.push_json(format!("{name}[{key}]"), value);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    self.push_json(format!("{name}[{index}]"), value);
                }
            }
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => self.0.push((name, text.clone())),
            other => self.0.push((name, other.to_string())),
        }
    }

    pub(crate) fn apply_to(self, url: &mut reqwest::Url) {
        if !self.0.is_empty() {
            url.query_pairs_mut().extend_pairs(self.0);
        }
    }
}

/// The JSON text of a value, for parameters whose schema is not a scalar.
#[allow(dead_code, reason = "used only by APIs with object-valued parameters")]
pub(crate) fn json_text(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[allow(dead_code, reason = "used only by APIs with JSON request bodies")]
pub(crate) fn json_body(
    request: reqwest::RequestBuilder,
    media_type: &str,
    body: &impl Serialize,
) -> Result<reqwest::RequestBuilder, RequestError> {
    let bytes = serde_json::to_vec(body).map_err(|e| RequestError(format!("body is not valid JSON: {e}")))?;
    Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes))
}

#[allow(dead_code, reason = "used only by APIs with form request bodies")]
pub(crate) fn form_body(
    request: reqwest::RequestBuilder,
    body: &impl Serialize,
) -> Result<reqwest::RequestBuilder, RequestError> {
    let text = serde_urlencoded::to_string(body).map_err(|e| RequestError(format!("body cannot be form-encoded: {e}")))?;
    Ok(request
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(text))
}

/// Decodes a JSON success body; any failure keeps the status, headers and body.
pub(crate) async fn json<T: DeserializeOwned, E>(response: reqwest::Response) -> Result<T, Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    serde_json::from_slice(&body).map_err(|source| {
        Error::Decode(Box::new(DecodeError { status, headers, body: body.to_vec(), source }))
    })
}

#[allow(dead_code, reason = "used only by APIs with text responses")]
pub(crate) async fn text<E>(response: reqwest::Response) -> Result<String, Error<E>> {
    let body = response.bytes().await?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

#[allow(dead_code, reason = "used only by APIs with binary responses")]
pub(crate) async fn bytes<E>(response: reqwest::Response) -> Result<Vec<u8>, Error<E>> {
    Ok(response.bytes().await?.to_vec())
}

/// A success response without a declared body: the body is read and dropped.
#[allow(dead_code, reason = "used only by APIs with body-less responses")]
pub(crate) async fn empty<E>(response: reqwest::Response) -> Result<(), Error<E>> {
    response.bytes().await?;
    Ok(())
}

/// Decodes an error body as the spec's error schema; `None` if it does not match.
pub(crate) fn parse_json<E: DeserializeOwned>(body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

/// For statuses whose error body the spec does not declare.
#[allow(dead_code, reason = "unused when every error status declares its body")]
pub(crate) fn unparsed<E>(_body: &[u8]) -> Option<E> {
    None
}

/// A failure response, with its body decoded by `parse` when possible.
pub(crate) async fn api_error<E>(response: reqwest::Response, parse: impl FnOnce(&[u8]) -> Option<E>) -> Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    match response.bytes().await {
        Ok(body) => Error::Api(Box::new(ApiError { status, headers, parsed: parse(&body), body: body.to_vec() })),
        Err(error) => Error::Transport(error),
    }
}

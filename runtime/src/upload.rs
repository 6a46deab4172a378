//! Binary request bodies: bytes, which a retry sends again, or a stream or a
//! file, read as the request is sent and so sent once: a request with a
//! streamed body is never retried, not even with a refreshed token.

use bytes::Bytes;

/// The body of an operation that sends bytes (`application/octet-stream`,
/// images, archives). Bytes, a `Vec<u8>`, a string or a slice are held and
/// can be sent again; a stream ([`BinaryBody::from_stream`]) or a
/// [`tokio::fs::File`] is read while it is sent, without being held in
/// memory, and so is sent at most once.
pub struct BinaryBody(Kind);

enum Kind {
    Held(Bytes),
    Streamed(reqwest::Body),
}

impl BinaryBody {
    /// A body read from `stream` as it is sent. The request is not retried.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: futures::TryStream + Send + 'static,
        Bytes: From<S::Ok>,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        BinaryBody(Kind::Streamed(reqwest::Body::wrap_stream(stream)))
    }

    /// Whether the body is read while it is sent, and so sent only once.
    pub fn is_streamed(&self) -> bool {
        matches!(self.0, Kind::Streamed(_))
    }
}

impl From<Bytes> for BinaryBody {
    fn from(bytes: Bytes) -> Self {
        BinaryBody(Kind::Held(bytes))
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        Bytes::copy_from_slice(bytes).into()
    }
}

impl<const N: usize> From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        Bytes::copy_from_slice(bytes).into()
    }
}

impl From<String> for BinaryBody {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&str> for BinaryBody {
    fn from(text: &str) -> Self {
        Bytes::copy_from_slice(text.as_bytes()).into()
    }
}

/// The file's content, read as it is sent.
impl From<tokio::fs::File> for BinaryBody {
    fn from(file: tokio::fs::File) -> Self {
        BinaryBody(Kind::Streamed(reqwest::Body::from(file)))
    }
}

impl std::fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Kind::Held(bytes) => write!(f, "BinaryBody({} bytes)", bytes.len()),
            Kind::Streamed(_) => f.write_str("BinaryBody(streamed)"),
        }
    }
}

impl super::request::Request {
    /// Sets a binary body of `media_type`.
    pub fn binary_body(mut self, media_type: &'static str, body: impl Into<BinaryBody>) -> Self {
        self.json = None;
        match body.into().0 {
            Kind::Held(bytes) => {
                self.body = Some(std::sync::Arc::new(move |request| {
                    Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes.clone()))
                }));
            }
            Kind::Streamed(body) => {
                let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(body)));
                self.one_shot = true;
                self.body = Some(std::sync::Arc::new(move |request| {
                    let body = slot.lock().ok().and_then(|mut slot| slot.take()).ok_or_else(|| {
                        super::request::RequestError("a streamed body is sent once, and this one was sent already".into())
                    })?;
                    Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(body))
                }));
            }
        }
        self
    }
}

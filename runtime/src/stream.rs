//! Streamed success bodies: raw bytes and JSON lines, read as they arrive.
//! (Server-sent events are in `sse`.)
//!
//! Every stream ends after its first error: a cut connection is an
//! [`Error::Transport`](super::Error::Transport) item, never a silent end.
//! An item that does not decode is an [`Error::Decode`](super::Error::Decode)
//! item holding the item's text, and the stream goes on.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures::stream::{self, BoxStream, Stream, StreamExt};

use super::response::{Head, Opened};

impl Head {
    /// An item of the body that does not decode, kept as its text.
    pub(crate) fn decode_error<E>(&self, item: &[u8], source: serde_json::Error) -> super::Error<E> {
        super::Error::Decode(Box::new(super::DecodeError {
            status: self.status,
            headers: self.headers.clone(),
            body: item.to_vec(),
            source,
            attempts: self.attempts,
            request_id_header: self.request_id_header,
        }))
    }

    pub(crate) fn transport_error<E>(&self, source: reqwest::Error) -> super::Error<E> {
        super::Error::Transport(Box::new(super::TransportError { source, attempts: self.attempts }))
    }

    pub(crate) fn respond<T>(self, value: T) -> super::Response<T> {
        super::Response::from_parts(self.status, self.headers, self.attempts, self.request_id_header, value)
    }
}

impl Opened {
    /// Splits the response into its head and its body's chunks.
    pub(crate) fn into_parts(self) -> (Head, BoxStream<'static, reqwest::Result<Bytes>>, Option<super::request::Request>) {
        let Opened { head, response, resume } = self;
        (head, response.bytes_stream().boxed(), resume)
    }

    /// The body as it arrives, chunk by chunk, without buffering it.
    pub fn bytes<E: Send + 'static>(self) -> super::Response<ByteStream<E>> {
        let (head, chunks, _) = self.into_parts();
        let errors = head.clone();
        // The stream ends after its first error.
        let chunks = chunks
            .scan(false, move |failed, chunk| {
                if *failed {
                    return std::future::ready(None);
                }
                let chunk = chunk.map_err(|source| errors.transport_error(source));
                *failed = chunk.is_err();
                std::future::ready(Some(chunk))
            })
            .boxed();
        head.respond(ByteStream(chunks))
    }

    /// The body as JSON values, one per line (`application/x-ndjson`,
    /// `application/jsonl`) or record (`application/json-seq`, whose records
    /// start with the RS character), each decoded as `T`.
    pub fn json_lines<T, E>(self) -> super::Response<JsonLines<T, E>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        E: Send + 'static,
    {
        let (head, chunks, _) = self.into_parts();
        let reader = LineReader { chunks: Some(chunks), buffer: BytesMut::new(), head: head.clone() };
        let items = stream::unfold(reader, |mut reader| async move {
            let item = reader.next_item().await?;
            Some((item, reader))
        });
        head.respond(JsonLines(items.boxed()))
    }
}

/// Reads JSON lines from the chunks of a body.
struct LineReader {
    /// `None` once the body has ended or failed.
    chunks: Option<BoxStream<'static, reqwest::Result<Bytes>>>,
    buffer: BytesMut,
    head: Head,
}

/// The record separator that starts each record of `application/json-seq`.
const RECORD_SEPARATOR: u8 = 0x1e;

impl LineReader {
    async fn next_item<T: serde::de::DeserializeOwned, E>(&mut self) -> Option<Result<T, super::Error<E>>> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&byte| byte == b'\n' || byte == RECORD_SEPARATOR) {
                let line = self.buffer.split_to(end);
                self.buffer.advance(1);
                if let Some(item) = self.decode(&line) {
                    return Some(item);
                }
                continue;
            }
            let Some(chunks) = &mut self.chunks else {
                // The last line may have no line end.
                let rest = std::mem::take(&mut self.buffer);
                return self.decode(&rest);
            };
            match chunks.next().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(source)) => {
                    self.chunks = None;
                    self.buffer.clear();
                    return Some(Err(self.head.transport_error(source)));
                }
                None => self.chunks = None,
            }
        }
    }

    /// A line's value; `None` for a blank line.
    fn decode<T: serde::de::DeserializeOwned, E>(&self, line: &[u8]) -> Option<Result<T, super::Error<E>>> {
        let line = line.trim_ascii();
        if line.is_empty() {
            return None;
        }
        Some(serde_json::from_slice(line).map_err(|source| self.head.decode_error(line, source)))
    }
}

/// A binary body as it arrives: chunks of bytes, in order. Ends after an
/// error item.
#[must_use = "a stream does nothing unless polled"]
pub struct ByteStream<E = serde_json::Value>(BoxStream<'static, Result<Bytes, super::Error<E>>>);

/// A body of JSON lines, each decoded as `T` as it arrives. A line that does
/// not decode is an error item and the stream goes on; a cut connection is
/// the last item.
#[must_use = "a stream does nothing unless polled"]
pub struct JsonLines<T, E = serde_json::Value>(BoxStream<'static, Result<T, super::Error<E>>>);

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, super::Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_next_unpin(cx)
    }
}

impl<T, E> Stream for JsonLines<T, E> {
    type Item = Result<T, super::Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_next_unpin(cx)
    }
}

impl<E> std::fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl<T, E> std::fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines").finish_non_exhaustive()
    }
}

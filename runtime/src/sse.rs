//! Server-sent events (`text/event-stream`), typed: each event's `data`
//! decoded as the operation's event type, with its `event`, `id` and `retry`.
//!
//! The wire format is parsed by [`sseer`](https://docs.rs/sseer), which
//! follows the WHATWG rules: `data` over several lines, comments and
//! keep-alives skipped, fields with or without a space after the colon, CR,
//! LF or CRLF line ends, and chunks split anywhere, even inside a UTF-8
//! character.
//!
//! A stream ends cleanly when the server closes it or sends the API's
//! sentinel (`data: [DONE]`). An event whose `data` does not decode is an
//! [`Error::Decode`](super::Error::Decode) item holding the text, and the
//! stream goes on. A cut connection is an
//! [`Error::Transport`](super::Error::Transport) item and the end, unless the
//! stream resumes (see `resume` on the operation's builder): it is then sent
//! again with `Last-Event-ID`, after the server's `retry` delay.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use sseer::errors::EventStreamError;

use super::response::{Answer, Opened};
use super::stream::Head;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's type: its `event` field, `message` when it has none.
    pub event: String,
    /// Its `data`, decoded.
    pub data: T,
    /// The last event id the server set, if any (the `id` field of this
    /// event or an earlier one): what a resumed stream sends back.
    pub id: Option<String>,
    /// The reconnection delay the event asks for, if any.
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// An event, as a test double of the server's.
    pub fn new(event: impl Into<String>, data: T) -> Self {
        Event { event: event.into(), data, id: None, retry: None }
    }
}

/// How an event's `data` becomes its item: generated code passes
/// [`json_data`] or [`text_data`].
pub type DecodeData<T> = fn(&str) -> Result<T, serde_json::Error>;

/// `data` holding JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// `data` as text.
pub fn text_data(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// The `data` that ends a stream, if the API has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentinel {
    /// The API ends every stream with it: a stream that ends without it was
    /// cut, and its last item is [`StreamError::Truncated`](super::StreamError::Truncated).
    Promised(&'static str),
    /// A common convention (`[DONE]`, which is not JSON, so no event is
    /// lost): it ends the stream when it comes, and need not.
    Conventional(&'static str),
    None,
}

impl Sentinel {
    fn text(self) -> Option<&'static str> {
        match self {
            Sentinel::Promised(text) | Sentinel::Conventional(text) => Some(text),
            Sentinel::None => None,
        }
    }
}

/// The events of a `text/event-stream` response, each `data` decoded as `T`.
#[must_use = "a stream does nothing unless polled"]
pub struct EventStream<T, E = serde_json::Value>(BoxStream<'static, Result<Event<T>, super::Error<E>>>);

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, super::Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_next_unpin(cx)
    }
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

type Parser = sseer::EventStream<BoxStream<'static, reqwest::Result<Bytes>>>;

/// The delay before resuming when the server has set none.
const DEFAULT_RETRY: Duration = Duration::from_secs(1);

impl Opened {
    /// The body as server-sent events, each `data` decoded by `decode`.
    pub fn events<T, E>(self, decode: DecodeData<T>, sentinel: Sentinel) -> super::Response<EventStream<T, E>>
    where
        T: Send + 'static,
        E: Send + 'static,
    {
        let (head, chunks, resume) = self.into_parts();
        let reader = EventReader {
            parser: Some(sseer::EventStream::new(chunks)),
            head: head.clone(),
            decode,
            sentinel,
            resume,
            last_id: None,
            retry: None,
            resumes: 0,
        };
        let events = stream::unfold(reader, |mut reader| async move {
            let item = reader.next_event::<E>().await?;
            Some((item, reader))
        });
        head.respond(EventStream(events.boxed()))
    }
}

struct EventReader<T> {
    /// `None` once the stream has ended.
    parser: Option<Parser>,
    head: Head,
    decode: DecodeData<T>,
    sentinel: Sentinel,
    /// The request, to send again when a cut stream resumes.
    resume: Option<super::request::Request>,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// Resumes since the last event.
    resumes: u32,
}

impl<T> EventReader<T> {
    async fn next_event<E>(&mut self) -> Option<Result<Event<T>, super::Error<E>>> {
        loop {
            let parsed = self.parser.as_mut()?.next().await;
            let event = match parsed {
                Some(Ok(event)) => event,
                Some(Err(EventStreamError::Utf8Error(error))) => {
                    let source = <serde_json::Error as serde::de::Error>::custom(format!("an event is not UTF-8: {error}"));
                    return Some(Err(self.head.decode_error(&[], source)));
                }
                Some(Err(EventStreamError::Transport(source))) => match self.resume().await {
                    Ok(()) => continue,
                    Err(Some(error)) => return self.end(error),
                    Err(None) => return self.end(self.head.transport_error(source)),
                },
                None => {
                    self.parser = None;
                    return match self.sentinel {
                        Sentinel::Promised(sentinel) => {
                            Some(Err(super::Error::Stream(super::StreamError::Truncated { sentinel: sentinel.to_string() })))
                        }
                        _ => None,
                    };
                }
            };
            self.resumes = 0;
            if !event.id.is_empty() {
                self.last_id = Some(event.id.to_string());
            }
            if event.retry.is_some() {
                self.retry = event.retry;
            }
            if self.sentinel.text().is_some_and(|sentinel| event.data.trim() == sentinel) {
                self.parser = None;
                return None;
            }
            let data = match (self.decode)(&event.data) {
                Ok(data) => data,
                Err(source) => return Some(Err(self.head.decode_error(event.data.as_bytes(), source))),
            };
            let event = Event { event: event.event.to_string(), data, id: self.last_id.clone(), retry: event.retry };
            return Some(Ok(event));
        }
    }

    /// The stream's last item.
    fn end<E>(&mut self, error: super::Error<E>) -> Option<Result<Event<T>, super::Error<E>>> {
        self.parser = None;
        Some(Err(error))
    }

    /// Sends the request again with `Last-Event-ID`, after the server's
    /// delay, and reads the new stream. `Err(None)` when it may not resume
    /// (not asked for, or out of retries), `Err(Some(_))` when the new request
    /// failed.
    async fn resume<E>(&mut self) -> Result<(), Option<super::Error<E>>> {
        let Some(request) = &self.resume else { return Err(None) };
        let limit = request.client.retry_policy().max_retries;
        if self.resumes >= limit {
            return Err(None);
        }
        self.resumes += 1;
        tokio::time::sleep(self.retry.unwrap_or(DEFAULT_RETRY)).await;
        let mut request = request.clone();
        if let Some(id) = &self.last_id {
            request = request.set_header("last-event-id", id.clone());
        }
        tracing::debug!(resumes = self.resumes, "the event stream was cut; resuming");
        match request.open().await {
            Ok(Answer::Streaming(opened)) => {
                let (head, chunks, _) = (*opened).into_parts();
                self.head = head;
                self.parser = Some(sseer::EventStream::new(chunks));
                Ok(())
            }
            Ok(Answer::Whole(received)) => Err(super::response::api_error::<(), E>(&received).err()),
            Err(error) => Err(Some(error.into())),
        }
    }
}

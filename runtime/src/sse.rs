//! Server-sent events (`text/event-stream`), typed: each event's `data`
//! decoded as the operation's event type, with its `event`, `id` and `retry`.
//!
//! The wire format is read as the WHATWG rules say (see `sse_parser`):
//! `data` over several lines, comments and keep-alives skipped, fields with
//! or without a space after the colon, CR, LF or CRLF line ends, and chunks
//! split anywhere, even inside a UTF-8 character.
//!
//! A stream ends cleanly when the server closes it or sends the API's
//! sentinel (`data: [DONE]`). An event whose `data` does not decode is an
//! [`Error::Decode`](super::Error::Decode) item holding the text, and the
//! stream goes on. A cut connection is an
//! [`Error::Transport`](super::Error::Transport) item and the end, unless the
//! stream resumes (see `resume` on the operation's builder): it is then sent
//! again with `Last-Event-ID`, after the server's `retry` delay.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, Stream, StreamExt};

use super::response::{Answer, Head, Opened};
use super::sse_parser::Parser;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's type: its `event` field, `message` when it has none
    /// (compare it with a `&str`, or take `.as_ref()`).
    pub event: Cow<'static, str>,
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
        Event { event: Cow::Owned(event.into()), data, id: None, retry: None }
    }
}

/// How an event's `data` becomes its item: generated code passes
/// [`json_data`] or [`text_data`].
pub type DecodeData<T> = fn(&[u8]) -> Result<T, serde_json::Error>;

/// `data` holding JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(data: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(data)
}

/// `data` as text, which must be UTF-8.
pub fn text_data(data: &[u8]) -> Result<String, serde_json::Error> {
    std::str::from_utf8(data)
        .map(str::to_owned)
        .map_err(|error| <serde_json::Error as serde::de::Error>::custom(format!("the event's data is not UTF-8: {error}")))
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
pub struct EventStream<T, E = serde_json::Value> {
    chunks: Option<BoxStream<'static, reqwest::Result<Bytes>>>,
    parser: Parser,
    head: Head,
    decode: DecodeData<T>,
    sentinel: Sentinel,
    /// The request, to send again when a cut stream resumes.
    resume: Option<super::request::Request>,
    /// A resume under way.
    resuming: Option<Pin<Box<dyn Future<Output = Resumed<E>> + Send>>>,
    /// Resumes since the last event.
    resumes: u32,
}

/// What sending the request again gave: a new body, or the stream's last item.
type Resumed<E> = Result<(Head, BoxStream<'static, reqwest::Result<Bytes>>), super::Error<E>>;

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
        let events = EventStream {
            chunks: Some(chunks),
            parser: Parser::default(),
            head: head.clone(),
            decode,
            sentinel,
            resume,
            resuming: None,
            resumes: 0,
        };
        head.respond(events)
    }
}

impl<T, E: Send + 'static> EventStream<T, E> {
    /// The next event the parser holds, decoded, unless it is the sentinel.
    fn parsed(&mut self) -> Option<Result<Event<T>, super::Error<E>>> {
        let event = self.parser.next_event()?;
        if self.sentinel.text().is_some_and(|sentinel| event.data.trim_ascii() == sentinel.as_bytes()) {
            self.chunks = None;
            self.resume = None;
            return None;
        }
        self.resumes = 0;
        Some(match (self.decode)(event.data) {
            Ok(data) => Ok(Event {
                event: event.event.map_or(Cow::Borrowed("message"), |name| Cow::Owned(name.to_string())),
                data,
                id: event.id.map(str::to_string),
                retry: event.retry,
            }),
            Err(source) => Err(self.head.decode_error(event.data, source)),
        })
    }

    /// Sends the request again, if the stream may resume, with
    /// `Last-Event-ID`, after the server's delay.
    fn resume(&mut self) -> Option<Pin<Box<dyn Future<Output = Resumed<E>> + Send>>> {
        let request = self.resume.clone()?;
        if self.resumes >= request.client.retry_policy().max_retries {
            return None;
        }
        self.resumes += 1;
        let delay = self.parser.reconnect().unwrap_or(DEFAULT_RETRY);
        let last_id = self.parser.last_id().map(str::to_string);
        let resumes = self.resumes;
        Some(Box::pin(async move {
            tokio::time::sleep(delay).await;
            let request = match last_id {
                Some(id) => request.set_header("last-event-id", id),
                None => request,
            };
            tracing::debug!(resumes, "the event stream was cut; resuming");
            match request.open().await {
                Ok(Answer::Streaming(opened)) => {
                    let (head, chunks, _) = (*opened).into_parts();
                    Ok((head, chunks))
                }
                Ok(Answer::Whole(received)) => Err(super::response::api_error::<(), E>(&received).unwrap_err()),
                Err(error) => Err(error.into()),
            }
        }))
    }
}

impl<T, E: Send + 'static> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, super::Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin`.
        let this = self.get_mut();
        loop {
            if let Some(resuming) = &mut this.resuming {
                let resumed = ready!(resuming.as_mut().poll(cx));
                this.resuming = None;
                match resumed {
                    Ok((head, chunks)) => {
                        // The last id and delay carry over; the cut event is dropped.
                        this.parser = this.parser.resumed();
                        this.head = head;
                        this.chunks = Some(chunks);
                    }
                    Err(error) => {
                        this.resume = None;
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            if let Some(item) = this.parsed() {
                return Poll::Ready(Some(item));
            }
            let Some(chunks) = &mut this.chunks else { return Poll::Ready(None) };
            match ready!(chunks.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => this.parser.push(&chunk),
                Some(Err(source)) => {
                    this.chunks = None;
                    match this.resume() {
                        Some(resuming) => this.resuming = Some(resuming),
                        None => return Poll::Ready(Some(Err(this.head.transport_error(source)))),
                    }
                }
                None => {
                    this.chunks = None;
                    this.parser.end();
                    if let Some(item) = this.parsed() {
                        return Poll::Ready(Some(item));
                    }
                    return Poll::Ready(match this.sentinel {
                        Sentinel::Promised(sentinel) => {
                            Some(Err(super::Error::Stream(super::StreamError::Truncated { sentinel: sentinel.to_string() })))
                        }
                        _ => None,
                    });
                }
            }
        }
    }
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("sentinel", &self.sentinel).finish_non_exhaustive()
    }
}

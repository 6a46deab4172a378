//! The `text/event-stream` wire format, as the WHATWG HTML standard
//! ("Server-sent events", "Interpreting an event stream") reads it: lines
//! ended by CRLF, LF or CR; a leading byte-order mark dropped; comments
//! (`:`) skipped; `field: value` with or without the space; `data` lines
//! joined by LF; an event dispatched at a blank line when it has data; `id`
//! kept until the server sets another (never with a NUL); `retry` in ASCII
//! digits only. Chunks may split the stream anywhere, even inside a UTF-8
//! character or between the CR and LF of a line end.
//!
//! Written here rather than taken from `eventsource-stream` or `sseer`:
//! both drop a `retry` sent without data, and on this crate's bench each
//! costs more per event than decoding the event's JSON (see
//! `clients/benches/streaming.rs`). This one finds line ends with `memchr`,
//! reads lines in place and keeps `data` in one reused buffer.

use bytes::{Buf, BytesMut};

/// One dispatched event. `data` is only valid until the next call.
pub(crate) struct RawEvent<'a> {
    /// The `event` field, if the event had one.
    pub(crate) event: Option<&'a str>,
    pub(crate) data: &'a [u8],
    /// The last event id, if the server has set one.
    pub(crate) id: Option<&'a str>,
    /// The `retry` the event carried.
    pub(crate) retry: Option<std::time::Duration>,
}

#[derive(Default)]
pub(crate) struct Parser {
    buffer: BytesMut,
    /// Where the unread lines of `buffer` start.
    read: usize,
    /// The BOM check is done.
    started: bool,
    /// The body has ended: a final CR ends its line.
    ended: bool,
    event: EventFields,
    /// An event was handed out: its fields are cleared before the next.
    dispatched: bool,
}

/// The fields of the event being read, and what outlives it.
#[derive(Default)]
struct EventFields {
    event: String,
    has_event: bool,
    /// The `data` lines, joined by LF.
    data: Vec<u8>,
    has_data: bool,
    id: String,
    /// The `retry` of the event being read.
    retry: Option<std::time::Duration>,
    /// The reconnection delay the stream last set, with or without data.
    reconnect: Option<std::time::Duration>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Parser {
    /// A parser for a resumed stream: the last event id and reconnection
    /// delay carry over.
    pub(crate) fn resumed(&self) -> Self {
        let event = EventFields { id: self.event.id.clone(), reconnect: self.event.reconnect, ..EventFields::default() };
        Parser { event, ..Parser::default() }
    }

    pub(crate) fn push(&mut self, chunk: &[u8]) {
        // What was read goes first, so the buffer only holds a partial line.
        self.buffer.advance(std::mem::take(&mut self.read));
        self.buffer.extend_from_slice(chunk);
    }

    /// No more chunks will come.
    pub(crate) fn end(&mut self) {
        self.ended = true;
    }

    /// The reconnection delay the stream last set, with or without data.
    pub(crate) fn reconnect(&self) -> Option<std::time::Duration> {
        self.event.reconnect
    }

    /// The last event id the server set.
    pub(crate) fn last_id(&self) -> Option<&str> {
        (!self.event.id.is_empty()).then_some(self.event.id.as_str())
    }

    /// The next complete event, if the chunks so far hold one.
    pub(crate) fn next_event(&mut self) -> Option<RawEvent<'_>> {
        if std::mem::take(&mut self.dispatched) {
            self.event.clear();
        }
        if !self.started {
            let known = self.buffer.len().min(BOM.len());
            if self.buffer[..known] != BOM[..known] {
                self.started = true;
            } else if known == BOM.len() {
                self.read = BOM.len();
                self.started = true;
            } else if !self.ended {
                return None;
            }
        }
        while let Some((line_len, end_len)) = self.line_end() {
            let start = self.read;
            self.read += line_len + end_len;
            if line_len > 0 {
                self.event.field(&self.buffer[start..start + line_len]);
            } else if self.event.dispatch() {
                self.dispatched = true;
                let event = &self.event;
                return Some(RawEvent {
                    event: event.has_event.then_some(event.event.as_str()),
                    data: &event.data,
                    id: (!event.id.is_empty()).then_some(event.id.as_str()),
                    retry: event.retry,
                });
            }
        }
        None
    }

    /// The length of the first unread complete line and of its end, if there is one.
    fn line_end(&self) -> Option<(usize, usize)> {
        let unread = &self.buffer[self.read..];
        let at = memchr::memchr2(b'\n', b'\r', unread)?;
        if unread[at] == b'\n' {
            return Some((at, 1));
        }
        match unread.get(at + 1) {
            Some(b'\n') => Some((at, 2)),
            Some(_) => Some((at, 1)),
            // A CR last in the buffer may be the start of a CRLF.
            None if self.ended => Some((at, 1)),
            None => None,
        }
    }
}

impl EventFields {
    fn field(&mut self, line: &[u8]) {
        if line[0] == b':' {
            return;
        }
        let (name, value) = match memchr::memchr(b':', line) {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"data" => {
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(&String::from_utf8_lossy(value));
                self.has_event = true;
            }
            b"id" if !value.contains(&0) => {
                self.id.clear();
                self.id.push_str(&String::from_utf8_lossy(value));
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                let millis = std::str::from_utf8(value).ok().and_then(|digits| digits.parse().ok());
                self.retry = millis.map(std::time::Duration::from_millis);
                self.reconnect = self.retry.or(self.reconnect);
            }
            _ => {}
        }
    }

    /// Ends the event being read at a blank line: whether it has data to
    /// dispatch. Without data, its `event` and `retry` are dropped.
    fn dispatch(&mut self) -> bool {
        let dispatch = std::mem::take(&mut self.has_data);
        if !dispatch {
            self.clear();
        }
        dispatch
    }

    /// Forgets the event once dispatched; the id and delay stay.
    fn clear(&mut self) {
        self.data.clear();
        self.has_event = false;
        self.retry = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of `body` fed `chunk` bytes at a time, as
    /// `event|data|id|retry` lines.
    fn events(body: &[u8], chunk: usize) -> Vec<String> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        let mut collect = |parser: &mut Parser| {
            while let Some(event) = parser.next_event() {
                out.push(format!(
                    "{}|{}|{}|{:?}",
                    event.event.unwrap_or("message"),
                    String::from_utf8_lossy(event.data),
                    event.id.unwrap_or("-"),
                    event.retry.map(|r| r.as_millis())
                ));
            }
        };
        for piece in body.chunks(chunk) {
            parser.push(piece);
            collect(&mut parser);
        }
        parser.end();
        collect(&mut parser);
        out
    }

    #[test]
    fn the_standards_examples_read_the_same_in_any_chunking() {
        let body = "\u{FEFF}: comment\r\n\r\ndata: YHOO\ndata: +2\ndata: 10\n\nevent: add\nid: 7\ndata:73857293\r\rdata\n\ndata: é日本\r\nretry: 250\n\nretry: x1\nid\ndata:  two spaces\n\n";
        let expected = [
            "message|YHOO\n+2\n10|-|None",
            "add|73857293|7|None",
            "message||7|None",
            "message|é日本|7|Some(250)",
            "message| two spaces|-|None",
        ];
        for chunk in [1, 2, 3, 5, 7, 1000] {
            assert_eq!(events(body.as_bytes(), chunk), expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn an_event_without_data_is_not_dispatched_but_its_retry_counts() {
        let mut parser = Parser::default();
        parser.push(b"retry: 3000\nevent: ping\n\ndata: x\n\n");
        let event = parser.next_event().unwrap();
        assert_eq!((event.event, event.data, event.retry), (None, &b"x"[..], None));
        assert_eq!(parser.reconnect(), Some(std::time::Duration::from_millis(3000)));
    }

    #[test]
    fn an_unfinished_event_at_the_end_is_dropped() {
        assert_eq!(events(b"data: a\n\ndata: b", 4), ["message|a|-|None"]);
        assert_eq!(events(b"data: a\r", 1), Vec::<String>::new());
    }

    #[test]
    fn a_crlf_split_between_chunks_is_one_line_end() {
        assert_eq!(events(b"data: a\r\n\r\ndata: b\r\n\r\n", 8), ["message|a|-|None", "message|b|-|None"]);
    }
}

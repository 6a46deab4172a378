//! Streamed answers (server-sent events, JSON lines, bytes) against a
//! loopback server that writes each answer in small chunks, split anywhere:
//! inside a line end, inside a UTF-8 character.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use streams_client::types::{ChatRequest, Message, PullRequest};
use streams_client::{BinaryBody, Client, Error, StreamError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One answer of the server: its status, `Content-Type` and body, written
/// `chunk` bytes at a time, and whether the connection is cut before the end.
#[derive(Clone)]
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    chunk: usize,
    cut: bool,
}

impl Answer {
    fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Answer { status: 200, content_type, body: body.into(), chunk: 3, cut: false }
    }

    fn cut(self) -> Self {
        Answer { cut: true, ..self }
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Received {
    head: String,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_string())
        })
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON request body")
    }
}

/// Serves the `answers` in turn, one per connection (the last again after
/// that), with chunked transfer encoding; returns its URL and what it received.
async fn serve(answers: Vec<Answer>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        for number in 0.. {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let answer = answers[number.min(answers.len() - 1)].clone();
            let log = log.clone();
            tokio::spawn(async move {
                let Some(request) = read_request(&mut socket).await else { return };
                log.lock().unwrap().push(request);
                let head = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
                    answer.status, answer.content_type
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for piece in answer.body.chunks(answer.chunk) {
                    let framed = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
                    if socket.write_all(&framed).await.is_err() || socket.flush().await.is_err() {
                        return;
                    }
                    tokio::task::yield_now().await;
                }
                if !answer.cut {
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, received)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let mut request = Received { head, body: Vec::new() };
    let mut rest = data[end + 4..].to_vec();
    if request.header("transfer-encoding").as_deref() == Some("chunked") {
        // A streamed body: chunks until the empty one.
        while !rest.ends_with(b"0\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => rest.extend_from_slice(&buffer[..n]),
            }
        }
        let mut at = 0;
        loop {
            let line_end = at + rest[at..].windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[at..line_end]).unwrap(), 16).unwrap();
            if size == 0 {
                break;
            }
            request.body.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            at = line_end + 2 + size + 2;
        }
        return Some(request);
    }
    let length: usize = request.header("content-length").map_or(0, |v| v.parse().unwrap());
    while rest.len() < length {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => rest.extend_from_slice(&buffer[..n]),
        }
    }
    request.body = rest;
    Some(request)
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).retry_backoff(Duration::from_millis(1), Duration::from_millis(5)).build().unwrap()
}

fn chat() -> ChatRequest {
    ChatRequest::new("tiny", vec![Message::new("user", "Say hello")])
}

const PROBLEM: &str = r#"{"message": "slow down"}"#;

#[tokio::test]
async fn events_decode_across_chunks_with_every_wire_form() {
    // Comments, CRLF and LF line ends, `data` over two lines and without a
    // space after the colon, a named event, ids, `retry`, UTF-8 characters,
    // and events after the sentinel, never read.
    let body = concat!(
        ": keep-alive\r\n\r\n",
        "retry: 2500\r\nid: 1\r\n",
        "data:{\"id\": \"c1\",\r\n",
        "data: \"delta\": \"Bonjour é 日本\"}\r\n\r\n",
        "event: chunk\n",
        "data: {\"id\": \"c2\", \"delta\": \"!\"}\n\n",
        ":\n",
        "data: [DONE]\n\n",
        "data: {\"id\": \"c3\", \"delta\": \"after the end\"}\n\n",
    );
    // One byte per chunk: every multi-byte character is split.
    let (url, received) = serve(vec![Answer { chunk: 1, ..Answer::ok("text/event-stream", body) }]).await;
    let events: Vec<_> = client(&url).create_chat_completion(chat()).stream().await.unwrap().collect().await;
    let events: Vec<_> = events.into_iter().map(Result::unwrap).collect();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!((events[0].event.as_ref(), events[0].data.id.as_str(), events[0].data.delta.as_str()), ("message", "c1", "Bonjour é 日本"));
    assert_eq!(events[0].id.as_deref(), Some("1"));
    assert_eq!(events[0].retry, Some(Duration::from_millis(2500)));
    assert_eq!((events[1].event.as_ref(), events[1].data.delta.as_str(), events[1].retry), ("chunk", "!", None));
    // The last event id stays until the server sets another.
    assert_eq!(events[1].id.as_deref(), Some("1"));

    let request = received.lock().unwrap()[0].clone();
    assert_eq!(request.json()["stream"], true);
    assert_eq!(request.header("accept").as_deref(), Some("text/event-stream, application/json"));
}

#[tokio::test]
async fn send_asks_the_same_operation_for_json() {
    let (url, received) = serve(vec![Answer::ok("application/json", r#"{"id": "c1", "content": "Hello"}"#)]).await;
    let completion = client(&url).create_chat_completion(chat()).send().await.unwrap();
    assert_eq!(completion.content, "Hello");
    let request = received.lock().unwrap()[0].clone();
    assert_eq!(request.json()["stream"], false);
    assert_eq!(request.header("accept").as_deref(), Some("application/json"));
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_item_and_the_stream_goes_on() {
    let body = concat!(
        "event: created\nid: n1\ndata: {\"subject\": \"first\"}\n\n",
        "event: created\nid: n2\ndata: {\"subject\": \n\n",
        "event: updated\nid: n3\ndata: {\"subject\": \"third\", \"body\": \"ok\"}\n\n",
    );
    let (url, _) = serve(vec![Answer::ok("text/event-stream", body)]).await;
    let items: Vec<_> = client(&url).stream_notifications().topic("billing").await.unwrap().collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().data.subject, "first");
    match &items[1] {
        Err(Error::Decode(error)) => assert_eq!(error.body_text(), "{\"subject\": "),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let third = items[2].as_ref().unwrap();
    assert_eq!((third.event.as_ref(), third.id.as_deref(), third.data.body.as_deref()), ("updated", Some("n3"), Some("ok")));
}

#[tokio::test]
async fn a_cut_connection_ends_the_stream_with_a_transport_error() {
    let body = "data: {\"subject\": \"first\"}\n\ndata: {\"subject\": \"sec";
    let (url, _) = serve(vec![Answer::ok("text/event-stream", body).cut()]).await;
    let items: Vec<_> = client(&url).stream_notifications().await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data.subject, "first");
    assert!(matches!(&items[1], Err(Error::Transport(_))), "{:?}", items[1]);
}

#[tokio::test]
async fn a_promised_sentinel_that_never_comes_means_the_stream_was_cut() {
    let body = "data: {\"id\": \"c1\", \"delta\": \"Hel\"}\n\n";
    let (url, _) = serve(vec![Answer::ok("text/event-stream", body)]).await;
    let items: Vec<_> = client(&url).create_chat_completion(chat()).stream().await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    match &items[1] {
        Err(Error::Stream(StreamError::Truncated { sentinel })) => assert_eq!(sentinel, "[DONE]"),
        other => panic!("expected a truncated stream, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_status_before_the_stream_is_the_operations_typed_error() {
    let answer = Answer { status: 429, ..Answer::ok("application/json", PROBLEM) };
    let (url, received) = serve(vec![answer]).await;
    let client = Client::builder().base_url(&url).max_retries(0).build().unwrap();
    let error = client.stream_notifications().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.parsed().map(|p| p.message.as_str()), Some("slow down"));
    assert_eq!(error.body(), Some(PROBLEM.as_bytes()));
    let error = client.create_chat_completion(chat()).stream().await.unwrap_err();
    assert_eq!(error.parsed().map(|p| p.message.as_str()), Some("slow down"));
    assert_eq!(received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_resumed_stream_sends_the_last_event_id_after_the_servers_retry() {
    let first = "retry: 40\nid: 7\ndata: {\"subject\": \"seven\"}\n\ndata: {\"subj";
    let second = "id: 8\ndata: {\"subject\": \"eight\"}\n\n";
    let (url, received) =
        serve(vec![Answer::ok("text/event-stream", first).cut(), Answer::ok("text/event-stream", second)]).await;
    let started = Instant::now();
    let items: Vec<_> = client(&url).stream_notifications().topic("billing").resume().await.unwrap().collect().await;
    let subjects: Vec<String> = items.into_iter().map(|item| item.unwrap().data.subject).collect();
    assert_eq!(subjects, ["seven", "eight"]);
    assert!(started.elapsed() >= Duration::from_millis(40), "the server's retry delay was not honoured");
    let requests = received.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("last-event-id"), None);
    assert_eq!(requests[1].header("last-event-id").as_deref(), Some("7"));
    assert!(requests[1].head.starts_with("GET /notifications?topic=billing "), "{}", requests[1].head);
}

#[tokio::test]
async fn a_stream_without_resume_is_not_sent_again() {
    let (url, received) = serve(vec![Answer::ok("text/event-stream", "id: 1\ndata: {\"subject\": \"a\"}\n\ndata: {").cut()]).await;
    let items: Vec<_> = client(&url).stream_notifications().await.unwrap().collect().await;
    assert!(matches!(items.last(), Some(Err(Error::Transport(_)))));
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn text_events_keep_their_lines() {
    let body = "data: GET /health 200\ndata: GET /ready 200\n\n: ping\n\ndata: POST /jobs 201\n\n";
    let (url, _) = serve(vec![Answer { chunk: 1, ..Answer::ok("text/event-stream", body) }]).await;
    let lines: Vec<String> = client(&url).tail_logs().await.unwrap().map(|event| event.unwrap().data).collect().await;
    assert_eq!(lines, ["GET /health 200\nGET /ready 200", "POST /jobs 201"]);
}

#[tokio::test]
async fn json_lines_decode_one_value_per_line_across_chunks() {
    // CRLF and LF ends, a blank line, a line that does not decode, and a
    // last line without an end.
    let body = "{\"line\": 1, \"text\": \"é\"}\r\n\n{\"line\": \"two\"}\n{\"line\": 3}\n{\"line\": 4}";
    let (url, received) = serve(vec![Answer { chunk: 2, ..Answer::ok("application/x-ndjson", body) }]).await;
    let items: Vec<_> = client(&url).export_records("exp 1").await.unwrap().collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!((items[0].as_ref().unwrap().line, items[0].as_ref().unwrap().text.as_deref()), (1, Some("é")));
    assert!(matches!(&items[1], Err(Error::Decode(error)) if error.body_text() == "{\"line\": \"two\"}"));
    assert_eq!(items[2].as_ref().unwrap().line, 3);
    assert_eq!(items[3].as_ref().unwrap().line, 4);
    let request = received.lock().unwrap()[0].clone();
    assert!(request.head.starts_with("GET /exports/exp%201/records "), "{}", request.head);
    assert_eq!(request.header("accept").as_deref(), Some("application/x-ndjson, application/json"));
}

#[tokio::test]
async fn cut_json_lines_end_with_a_transport_error() {
    let (url, _) = serve(vec![Answer::ok("application/x-ndjson", "{\"line\": 1}\n{\"line\": 2").cut()]).await;
    let items: Vec<_> = client(&url).export_records("e").await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().line, 1);
    assert!(matches!(&items[1], Err(Error::Transport(_))));
}

#[tokio::test]
async fn a_json_or_json_lines_operation_switches_with_its_stream_field() {
    let body = "{\"status\": \"pulling\", \"completed\": 1, \"total\": 2}\n{\"status\": \"success\"}\n";
    let (url, received) = serve(vec![Answer::ok("application/x-ndjson", body), Answer::ok("application/json", "{\"status\": \"success\"}")]).await;
    let client = client(&url);
    let statuses: Vec<String> = client.pull_model(PullRequest::new("tiny")).stream().await.unwrap().map(|s| s.unwrap().status).collect().await;
    assert_eq!(statuses, ["pulling", "success"]);
    let last = client.pull_model(PullRequest::new("tiny")).send().await.unwrap();
    assert_eq!(last.status, "success");
    let requests = received.lock().unwrap().clone();
    // The server streams by default, so `send` says it does not want that.
    assert_eq!((requests[0].json()["stream"].clone(), requests[1].json()["stream"].clone()), (true.into(), false.into()));
    assert_eq!(requests[0].header("accept").as_deref(), Some("application/x-ndjson"));
}

#[tokio::test]
async fn a_download_streams_its_bytes_in_order_or_reads_them_whole() {
    let content: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let answer = Answer { chunk: 4096, ..Answer::ok("application/octet-stream", content.clone()) };
    let (url, _) = serve(vec![answer]).await;
    let client = client(&url);
    let mut streamed = Vec::new();
    let mut chunks = client.download_file("f1").stream().await.unwrap();
    let mut count = 0;
    while let Some(chunk) = chunks.next().await {
        streamed.extend_from_slice(&chunk.unwrap());
        count += 1;
    }
    assert_eq!(streamed, content);
    assert!(count > 1, "the body came in one piece");
    assert_eq!(client.download_file("f1").send().await.unwrap(), content);
}

#[tokio::test]
async fn a_download_that_fails_or_is_cut_says_so() {
    let missing = Answer { status: 404, ..Answer::ok("application/json", r#"{"message": "no such file"}"#) };
    let (url, _) = serve(vec![missing]).await;
    let error = client(&url).download_file("f0").stream().await.unwrap_err();
    assert_eq!(error.parsed().map(|p| p.message.as_str()), Some("no such file"));

    let (url, _) = serve(vec![Answer::ok("application/octet-stream", vec![7u8; 1000]).cut()]).await;
    let chunks: Vec<_> = client(&url).download_file("f1").stream().await.unwrap().collect().await;
    assert!(matches!(chunks.last(), Some(Err(Error::Transport(_)))), "{chunks:?}");
    assert_eq!(chunks.iter().filter_map(|c| c.as_ref().ok()).map(|c| c.len()).sum::<usize>(), 1000);
}

fn unavailable() -> Answer {
    Answer { status: 503, ..Answer::ok("application/json", PROBLEM) }
}

fn stored() -> Answer {
    Answer::ok("application/json", r#"{"id": "f1", "size": 5}"#)
}

#[tokio::test]
async fn held_upload_bytes_are_sent_again_on_a_retry() {
    let (url, received) = serve(vec![unavailable(), stored()]).await;
    let response = client(&url).upload_file("f1", b"hello").send_with_response().await.unwrap();
    assert_eq!((response.attempts(), response.into_inner().size), (2, 5));
    let requests = received.lock().unwrap().clone();
    assert!(requests.iter().all(|r| r.body == b"hello"), "{requests:?}");
    assert_eq!(requests[0].header("content-type").as_deref(), Some("application/octet-stream"));
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_never_retried() {
    let (url, received) = serve(vec![unavailable(), stored()]).await;
    let pieces = futures_util::stream::iter(["hel", "lo"].map(|piece| Ok::<_, std::io::Error>(bytes::Bytes::from(piece))));
    let body = BinaryBody::from_stream(pieces);
    assert!(body.is_streamed());
    let error = client(&url).upload_file("f1", body).send().await.unwrap_err();
    assert_eq!((error.status().map(|s| s.as_u16()), error.attempts()), (Some(503), 1));
    let requests = received.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body, b"hello");
    assert_eq!(requests[0].header("transfer-encoding").as_deref(), Some("chunked"));
}

#[tokio::test]
async fn a_file_uploads_without_being_read_first() {
    let path = std::env::temp_dir().join(format!("streams-upload-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    let (url, received) = serve(vec![stored()]).await;
    let file = tokio::fs::File::open(&path).await.unwrap();
    client(&url).upload_file("f1", file).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(received.lock().unwrap()[0].body, content);
}

#[tokio::test]
async fn the_mock_kit_answers_with_typed_events_and_lines() {
    use streams_client::mock::{MockApi, Reply};
    use streams_client::types::{Notification, Record};

    let mock = MockApi::start().await;
    let notifications = [Notification::new("first"), Notification::new("second")];
    mock.stream_notifications().respond_in_turn([Reply::events(&notifications, None)]).await;
    let records = [Record::new(1), Record::new(2)];
    mock.export_records().respond_in_turn([Reply::json_lines(&records)]).await;
    let client = mock.client();

    let events: Vec<_> = client.stream_notifications().await.unwrap().map(|event| event.unwrap().data).collect().await;
    assert_eq!(events, notifications);
    let lines: Vec<_> = client.export_records("e1").await.unwrap().map(|line| line.unwrap()).collect().await;
    assert_eq!(lines, records);
}

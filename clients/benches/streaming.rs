//! `cargo bench -p client-tests --bench streaming`: what a generated event
//! stream costs over reading the same bytes, against one server on 127.0.0.1.
//!
//! The server answers every request with the same 50,000 server-sent events
//! (a chat completion's chunks, about 90 bytes each). Four readers take
//! turns, so drift on a shared machine hits them alike:
//!
//! - raw: reqwest's byte stream, bytes counted and nothing parsed;
//! - by hand: the byte stream split at blank lines, `data: ` cut off and
//!   each chunk decoded with serde_json, as code without typed streams does;
//! - text events: the generated `tail_logs()`, events parsed, data kept as text;
//! - typed events: the generated `create_chat_completion(..).stream()`, each
//!   `data` decoded into `CompletionChunk`.
//!
//! It prints the median events per second of each and the ratios, and
//! asserts nothing about time.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use streams_client::Client;
use streams_client::types::{ChatRequest, CompletionChunk, Message};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

mod support;

const EVENTS: usize = 50_000;
const ROUNDS: usize = 20;
const WARM_UP: usize = 3;

fn events_body() -> Vec<u8> {
    let mut body = String::new();
    for n in 0..EVENTS {
        body.push_str(&format!("data: {{\"id\": \"chatcmpl-8f2a61d0\", \"delta\": \"token {n} of the answer\"}}\n\n"));
    }
    body.push_str("data: [DONE]\n\n");
    body.into_bytes()
}

/// Answers every request with `body` as `text/event-stream`.
async fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = std::sync::Arc::new(body);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let body = body.clone();
            tokio::spawn(async move {
                // A small request body comes with its head.
                if support::read_head(&mut socket).await.is_none() {
                    return;
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

async fn raw(http: &reqwest::Client, url: &str) -> usize {
    let mut bytes = http.get(format!("{url}/logs/tail")).send().await.unwrap().bytes_stream();
    let mut total = 0;
    while let Some(chunk) = bytes.next().await {
        total += chunk.unwrap().len();
    }
    assert!(total > EVENTS * 50);
    EVENTS
}

async fn by_hand(http: &reqwest::Client, url: &str) -> usize {
    let mut bytes = http.get(format!("{url}/logs/tail")).send().await.unwrap().bytes_stream();
    let mut buffer: Vec<u8> = Vec::new();
    let mut count = 0;
    while let Some(chunk) = bytes.next().await {
        buffer.extend_from_slice(&chunk.unwrap());
        let mut start = 0;
        while let Some(end) = buffer[start..].windows(2).position(|w| w == b"\n\n") {
            let event = &buffer[start..start + end];
            start += end + 2;
            let Some(data) = event.strip_prefix(b"data: ") else { continue };
            if data == b"[DONE]" {
                continue;
            }
            let _chunk: CompletionChunk = serde_json::from_slice(data).unwrap();
            count += 1;
        }
        buffer.drain(..start);
    }
    count
}

async fn text_events(client: &Client) -> usize {
    let events = client.tail_logs().await.unwrap();
    // Text events have no sentinel: `[DONE]` is one more line of text.
    events.fold(0, |count, event| async move { count + usize::from(event.is_ok()) }).await - 1
}

async fn typed_events(client: &Client) -> usize {
    let request = ChatRequest::new("tiny", vec![Message::new("user", "Hi")]);
    let events = client.create_chat_completion(request).stream().await.unwrap();
    events.fold(0, |count, event| async move { count + usize::from(event.is_ok()) }).await
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let body = events_body();
        let size = body.len();
        let url = serve(body).await;
        streams_client::install_tls_provider();
        let http = reqwest::Client::new();
        let client = Client::builder().base_url(&url).build().unwrap();

        let mut times: [Vec<Duration>; 4] = Default::default();
        for round in 0..ROUNDS + WARM_UP {
            let mut took = [Duration::ZERO; 4];
            for (reader, time) in took.iter_mut().enumerate() {
                let start = Instant::now();
                let count = match reader {
                    0 => raw(&http, &url).await,
                    1 => by_hand(&http, &url).await,
                    2 => text_events(&client).await,
                    _ => typed_events(&client).await,
                };
                *time = start.elapsed();
                assert_eq!(count, EVENTS, "reader {reader}");
            }
            if round >= WARM_UP {
                for (all, time) in times.iter_mut().zip(took) {
                    all.push(time);
                }
            }
        }
        let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
        let rate = |time: Duration| EVENTS as f64 / time.as_secs_f64();
        println!("{EVENTS} events, {:.1} MB, median of {ROUNDS} rounds each", size as f64 / 1e6);
        for (name, time) in ["raw bytes", "by hand (split + serde_json)", "generated, text events", "generated, typed events"].iter().zip(&medians) {
            println!("{name:<30} {:>8.1} ms {:>12.0} events/s", time.as_secs_f64() * 1e3, rate(*time));
        }
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        println!("typed events / raw bytes: {:.2}x", ratio(medians[3], medians[0]));
        println!("typed events / by hand:   {:.2}x", ratio(medians[3], medians[1]));
        println!("text events / raw bytes:  {:.2}x", ratio(medians[2], medians[0]));
    });
}

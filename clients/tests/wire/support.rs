//! What every wire test needs: a loopback server that records, and ways to
//! read back what the client sent.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Starts a server on 127.0.0.1 that answers every request with `response`.
pub async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

/// A JSON answer with the given status and `Content-Type`.
pub fn json_response(status: u16, content_type: &str, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(serde_json::to_vec(body).unwrap(), content_type)
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:?}");
    requests.remove(0)
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

pub fn body_json(request: &Request) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    serde_json::from_slice(&request.body).expect("request body is JSON")
}

/// The decoded query string, in order, so that names and repeats are checked too.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Asserts the method and the raw (still percent-encoded) path.
pub fn assert_request_line(request: &Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method, "method of {}", request.url);
    assert_eq!(request.url.path(), path);
}

/// A realistic body from `tests/fixtures`.
pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The decoded value, written back as JSON, is exactly the body that was
/// served: every field landed in the right place and none was dropped.
pub fn assert_round_trip(decoded: &impl Serialize, served: &Value) {
    let written = serde_json::to_value(decoded).unwrap();
    assert_eq!(&written, served, "decoded value does not round-trip to the served body");
}


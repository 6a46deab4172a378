//! Each request is a `tracing` span. In a process of its own, so that the
//! subscriber is the only one and sees every callsite from the start (with
//! other tests on other threads, a callsite they reach first may have cached
//! that nobody listens).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use paystack_client::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_a_span_with_method_path_attempt_status_and_time_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    let page = serde_json::json!({"status": true, "message": "ok", "data": [], "meta": {"total": 0, "skipped": 0, "perPage": 50, "page": 1, "pageCount": 1}});
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(page)).with_priority(2).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_auth("sk_live_secret_token")
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    client.subscription_list().customer("CUS_private").await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let closed = log.lines().find(|line| line.contains("close")).unwrap_or_else(|| panic!("no span closed:\n{log}"));
    for field in ["method=GET", "path=\"/subscription\"", "attempt=2", "status=200", "elapsed_ms="] {
        assert!(closed.contains(field), "no `{field}` in {closed}");
    }
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains("sk_live_secret_token") && !log.contains("CUS_private"), "{log}");
}

//! What production sends: failing and slow servers, rate limits, cut-off
//! bodies. Each test starts its own server on 127.0.0.1 and counts what it
//! receives; the client is Paystack's (a curated API), or the wire-shapes
//! client where an operation must declare an idempotency key or a request id.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use paystack_client::types::SubscriptionCreate;
use paystack_client::{Client, Error, RequestOptions};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Retries that wait a millisecond or so, so the tests do not sleep for the
/// default half-second backoff.
fn client(uri: &str) -> Client {
    Client::builder()
        .base_url(uri)
        .bearer_auth("sk_live_secret_token")
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

fn list_body() -> serde_json::Value {
    fixture("paystack/list.json")
}

fn create_body() -> SubscriptionCreate {
    SubscriptionCreate::new("CUS_xnxdt6s1zg1f4nx", "PLN_gx2wn530m0i3w3m")
}

/// A server that answers the first `times` requests with `first`, then `then`.
async fn answering_in_turn(first: ResponseTemplate, times: u64, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(&server).await;
    Mock::given(any()).respond_with(then).with_priority(2).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

fn ok_list() -> ResponseTemplate {
    json_response(200, "application/json", &list_body())
}

#[tokio::test]
async fn a_get_succeeds_on_the_third_attempt_after_two_503s() {
    let server = answering_in_turn(ResponseTemplate::new(503), 2, ok_list()).await;
    let response = client(&server.uri()).subscription_list().send_with_response().await.unwrap();
    assert_eq!(response.attempts(), 3);
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner().data.len(), list_body()["data"].as_array().unwrap().len());
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn three_503s_with_two_retries_are_an_api_error_after_three_attempts() {
    let server = serve(json_response(503, "application/json", &json!({"status": false, "message": "down"}))).await;
    let error = client(&server.uri()).subscription_list().with_options(RequestOptions::new().max_retries(2)).await.unwrap_err();
    let Error::Api(api) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api.status, 503);
    assert_eq!(api.attempts, 3);
    assert_eq!(error.attempts(), 3);
    assert!(error.is_retryable());
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn zero_retries_on_the_client_sends_once() {
    let server = serve(ResponseTemplate::new(503)).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().unwrap();
    let error = client.subscription_list().await.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_waits_that_long() {
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let server = answering_in_turn(limited, 1, ok_list()).await;
    let started = Instant::now();
    let response = client(&server.uri()).subscription_list().send_with_response().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_as_an_http_date_waits_until_then() {
    // HTTP dates have whole seconds: three seconds ahead is more than two away
    // when written, so still more than one when the client reads it.
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    let limited = ResponseTemplate::new(429).insert_header("retry-after", date.as_str());
    let server = answering_in_turn(limited, 1, ok_list()).await;
    let started = Instant::now();
    let response = client(&server.uri()).subscription_list().send_with_response().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_maximum_wait_is_cut_to_it() {
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "3600");
    let server = answering_in_turn(limited, 1, ok_list()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retry_wait(Duration::from_millis(50))
        .build()
        .unwrap();
    let started = Instant::now();
    client.subscription_list().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(30), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_never_retried() {
    let server = serve(ResponseTemplate::new(503)).await;
    let error = client(&server.uri()).subscription_create(create_body()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests(&server).await.len(), 1);
    assert!(header(&requests(&server).await[0], "idempotency-key").is_none());
}

#[tokio::test]
async fn a_post_the_caller_marks_safe_is_retried() {
    let server = answering_in_turn(ResponseTemplate::new(502), 1, json_response(200, "application/json", &fixture("paystack/create.json"))).await;
    let created = client(&server.uri())
        .subscription_create(create_body())
        .with_options(RequestOptions::new().retry_non_idempotent())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.attempts(), 2);
}

mod keyed {
    use wire_shapes_client::types::ChargeRequest;
    use wire_shapes_client::{Client, Error, RequestOptions};

    use super::*;

    fn client(uri: &str) -> Client {
        Client::builder().base_url(uri).retry_backoff(Duration::from_millis(1), Duration::from_millis(5)).build().unwrap()
    }

    fn charged() -> ResponseTemplate {
        json_response(201, "application/json", &json!({"id": "ch_1", "status": "paid"})).insert_header("x-request-id", "req_42")
    }

    #[tokio::test]
    async fn a_post_that_declares_an_idempotency_key_is_retried_with_the_same_key() {
        let server = answering_in_turn(ResponseTemplate::new(503), 2, charged()).await;
        let response = client(&server.uri()).create_charge(ChargeRequest::new(500)).send_with_response().await.unwrap();
        assert_eq!(response.attempts(), 3);
        assert_eq!(response.request_id(), Some("req_42"));
        let sent = requests(&server).await;
        let keys: Vec<&str> = sent.iter().map(|r| header(r, "idempotency-key").expect("a key on every attempt")).collect();
        assert_eq!(keys.len(), 3);
        assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
        assert_eq!(keys[0].len(), 36, "a UUID: {}", keys[0]);
        assert!(sent.iter().all(|r| body_json(r) == json!({"amount": 500})));
    }

    #[tokio::test]
    async fn each_logical_request_gets_a_fresh_key_and_a_given_key_is_kept() {
        let server = serve(charged()).await;
        let client = client(&server.uri());
        client.create_charge(ChargeRequest::new(1)).await.unwrap();
        client.create_charge(ChargeRequest::new(2)).await.unwrap();
        client.create_charge(ChargeRequest::new(3)).idempotency_key("mine-1").await.unwrap();
        let sent = requests(&server).await;
        let keys: Vec<&str> = sent.iter().map(|r| header(r, "idempotency-key").unwrap()).collect();
        assert_ne!(keys[0], keys[1]);
        assert_eq!(keys[2], "mine-1");
    }

    #[tokio::test]
    async fn an_error_carries_the_request_id() {
        let server = serve(ResponseTemplate::new(503).insert_header("x-request-id", "req_failed")).await;
        let error = client(&server.uri()).create_charge(ChargeRequest::new(1)).with_options(RequestOptions::new().max_retries(0)).await.unwrap_err();
        assert!(matches!(error, Error::Api(_)), "{error:?}");
        assert_eq!(error.request_id(), Some("req_failed"));
    }
}

/// A server that, on its first connection, sends the headers and half the
/// body and then drops the connection; on later ones, the whole body.
async fn cutting_off_the_first_body(body: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let number = counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let sent = if number == 0 { &body[..body.len() / 2] } else { &body[..] };
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(sent).await;
                let _ = socket.flush().await;
            });
        }
    });
    (uri, connections)
}

#[tokio::test]
async fn a_get_whose_body_is_cut_off_is_retried() {
    let (uri, connections) = cutting_off_the_first_body(serde_json::to_vec(&list_body()).unwrap()).await;
    let response = client(&uri).subscription_list().send_with_response().await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_cut_off_body_is_a_retryable_transport_error_once_retries_run_out() {
    let (uri, connections) = cutting_off_the_first_body(serde_json::to_vec(&list_body()).unwrap()).await;
    let error = client(&uri).subscription_list().with_options(RequestOptions::new().max_retries(0)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 1);
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_slow_server_trips_the_per_request_timeout() {
    let server = serve(ok_list().set_delay(Duration::from_secs(10))).await;
    let started = Instant::now();
    let options = RequestOptions::new().timeout(Duration::from_millis(200)).max_retries(1);
    let error = client(&server.uri()).subscription_list().with_options(options).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 2, "a timeout is retried");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn the_client_timeout_applies_when_a_request_sets_none() {
    let server = serve(ok_list().set_delay(Duration::from_secs(10))).await;
    let client = Client::builder().base_url(server.uri()).timeout(Duration::from_millis(200)).max_retries(0).build().unwrap();
    let error = client.subscription_list().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn extra_headers_and_query_parameters_go_on_the_wire() {
    let server = serve(ok_list()).await;
    let options = RequestOptions::new().header("x-trace", "t-1").header("accept", "application/vnd.test+json").query("expand", "plan").query("page", "3");
    client(&server.uri()).subscription_list().page(2).per_page(10).with_options(options).await.unwrap();
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "x-trace"), Some("t-1"));
    assert_eq!(header(&sent, "accept"), Some("application/vnd.test+json"), "an extra header replaces the operation's");
    assert_eq!(header(&sent, "authorization"), Some("Bearer sk_live_secret_token"));
    // An extra parameter replaces the operation's own of the same name.
    assert_eq!(query_pairs(&sent), pairs(&[("perPage", "10"), ("expand", "plan"), ("page", "3")]));
}

#[tokio::test]
async fn send_with_response_exposes_the_status_and_headers() {
    let server = serve(ok_list().insert_header("x-ratelimit-remaining", "42")).await;
    let response = client(&server.uri()).subscription_list().send_with_response().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-ratelimit-remaining"], "42");
    assert_eq!(response.attempts(), 1);
    assert!(!response.value().data.is_empty());
}

#[tokio::test]
async fn no_debug_output_contains_the_token() {
    let server = serve(json_response(401, "application/json", &json!({"status": false, "message": "Invalid key"}))).await;
    let client = client(&server.uri());
    let builder = client.subscription_list().with_options(RequestOptions::new().header("x-api-secret", "hush-hush"));
    let error = builder.clone().await.unwrap_err();
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "authorization"), Some("Bearer sk_live_secret_token"), "the token was sent");
    for debug in [format!("{client:?}"), format!("{builder:?}"), format!("{error:?}"), format!("{error}"), format!("{:?}", Client::builder().bearer_auth("sk_live_secret_token"))] {
        assert!(!debug.contains("sk_live_secret_token"), "{debug}");
        assert!(!debug.contains("hush-hush"), "{debug}");
    }
}

#[tokio::test]
async fn a_connection_refused_is_retried_and_counted() {
    // Bind and drop a listener: nothing listens on the port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = client(&format!("http://127.0.0.1:{port}")).subscription_list().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(!error.is_timeout());
    assert_eq!(error.attempts(), 3);
}


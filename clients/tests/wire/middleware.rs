//! Code on every request and response, through `reqwest-middleware` (the
//! `middleware` feature): a middleware sees each attempt's finished request,
//! credentials included, and its response; it can sign, count, fail or answer
//! a request itself.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use subscription_service_client::reqwest_middleware::{self, Middleware, Next};
use subscription_service_client::{Client, Error, reqwest};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const ID: &str = "d87e0973-980a-4485-a39d-682184a8988a";

/// An attempt as a middleware saw it: its `Authorization` and the status
/// that came back.
type Seen = (Option<String>, u16);

/// Signs each request with what it carries, and records what came back.
#[derive(Default, Clone)]
struct SignAndRecord {
    seen: Arc<Mutex<Vec<Seen>>>,
}

#[async_trait::async_trait]
impl Middleware for SignAndRecord {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let authorization = request.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let signature = format!("sig({} {})", request.method(), request.url().path());
        request.headers_mut().insert("x-signature", signature.parse().unwrap());
        let response = next.run(request, extensions).await?;
        self.seen.lock().unwrap().push((authorization, response.status().as_u16()));
        Ok(response)
    }
}

#[tokio::test]
async fn a_middleware_sees_every_attempt_with_its_credentials_and_signs_it() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    let subscription = fixture("subscription-service/subscription.json");
    Mock::given(any()).respond_with(json_response(200, "application/json", &subscription)).with_priority(2).mount(&server).await;
    let recorder = SignAndRecord::default();
    let client = Client::builder()
        .base_url(server.uri())
        .jwt("jwt-1")
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .middleware(recorder.clone())
        .build()
        .unwrap();

    client.get_subscription(ID).await.unwrap();

    let seen = recorder.seen.lock().unwrap().clone();
    assert_eq!(seen, [(Some("Bearer jwt-1".to_string()), 503), (Some("Bearer jwt-1".to_string()), 200)]);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(header(request, "x-signature"), Some(format!("sig(GET /subscriptions/{ID})").as_str()));
    }
}

struct Refuse;

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(&self, _: reqwest::Request, _: &mut http::Extensions, _: Next<'_>) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(std::io::Error::other("blocked by policy")))
    }
}

#[tokio::test]
async fn a_middleware_that_fails_a_request_is_error_middleware_and_nothing_is_sent() {
    let server = serve(ResponseTemplate::new(200)).await;
    let client = Client::builder().base_url(server.uri()).middleware(Refuse).build().unwrap();
    let error = client.get_subscription(ID).await.unwrap_err();
    let Error::Middleware(failure) = &error else { panic!("{error:?}") };
    assert!(failure.source.to_string().contains("blocked by policy"), "{failure}");
    assert_eq!(failure.attempts, 1);
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Answers every request itself, as a cache would.
struct Cached(serde_json::Value);

#[async_trait::async_trait]
impl Middleware for Cached {
    async fn handle(&self, _: reqwest::Request, _: &mut http::Extensions, _: Next<'_>) -> reqwest_middleware::Result<reqwest::Response> {
        let response = http::Response::builder().status(200).header("content-type", "application/json").body(self.0.to_string()).unwrap();
        Ok(reqwest::Response::from(response))
    }
}

#[tokio::test]
async fn a_middleware_can_answer_and_the_client_decodes_its_answer() {
    let server = serve(ResponseTemplate::new(500)).await;
    let subscription = fixture("subscription-service/subscription.json");
    let client = Client::builder().base_url(server.uri()).middleware(Cached(subscription.clone())).build().unwrap();
    let decoded = client.get_subscription(ID).await.unwrap();
    assert_round_trip(&decoded, &subscription);
    assert!(server.received_requests().await.unwrap().is_empty());
}

//! Credentials that expire, as the Subscription Service issues them: a JWT
//! from `POST /iam/tokens` that lasts 300 s. The application fetches tokens
//! with its own code in a `RefreshingToken`; the client asks it for a token
//! on each attempt and, when the server refuses one, for a new one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use subscription_service_client::{Client, Error, RefreshingToken, StaticToken, Token, reqwest};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const SUBSCRIPTION: &str = "/subscriptions/d87e0973-980a-4485-a39d-682184a8988a";

/// The IAM endpoint, as the application calls it: client credentials in,
/// `{access_token, expires_in}` out.
async fn fetch_token(http: reqwest::Client, iam: String) -> Result<Token, subscription_service_client::BoxError> {
    let grant = json!({"grant_type": "client_credentials", "client_id": "svc", "client_secret": "s3cret", "realm": "nexway"});
    let response = http.post(iam).header("content-type", "application/json").body(grant.to_string()).send().await?;
    let body: Value = serde_json::from_slice(&response.error_for_status()?.bytes().await?)?;
    let token = body["access_token"].as_str().ok_or("no access_token")?;
    Ok(Token::new(token).expires_in(Duration::from_secs(body["expires_in"].as_u64().unwrap_or(300))))
}

/// A server that issues `token-1` then `token-2`, and accepts `token-1` for
/// one call only (then it has expired) and `token-2` always.
async fn iam_and_api() -> MockServer {
    let server = MockServer::start().await;
    for token in ["token-1", "token-2"] {
        Mock::given(method("POST"))
            .and(path("/iam/tokens"))
            .respond_with(json_response(200, "application/json", &json!({"access_token": token, "expires_in": 300, "token_type": "bearer"})))
            .up_to_n_times(1)
            .with_priority(if token == "token-1" { 1 } else { 2 })
            .mount(&server)
            .await;
    }
    let subscription = fixture("subscription-service/subscription.json");
    Mock::given(method("GET"))
        .and(path(SUBSCRIPTION))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(json_response(200, "application/json", &subscription))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let expired = json!({"error": "Unauthorized", "message": "Token expired", "status": 401});
    Mock::given(method("GET"))
        .and(path(SUBSCRIPTION))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(json_response(401, "application/json", &expired))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SUBSCRIPTION))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(json_response(200, "application/json", &subscription))
        .mount(&server)
        .await;
    server
}

fn refreshing_client(server: &MockServer, fetches: Arc<AtomicU32>) -> Client {
    let iam = format!("{}/iam/tokens", server.uri());
    // Built first: it installs the TLS provider the application's own
    // reqwest client needs.
    let builder = Client::builder().base_url(server.uri());
    let http = reqwest::Client::new();
    let provider = RefreshingToken::new(move || {
        fetches.fetch_add(1, Ordering::SeqCst);
        fetch_token(http.clone(), iam.clone())
    });
    builder.jwt_provider(provider).build().unwrap()
}

#[tokio::test]
async fn an_expired_token_is_refused_refreshed_and_the_call_succeeds() {
    let server = iam_and_api().await;
    let fetches = Arc::new(AtomicU32::new(0));
    let client = refreshing_client(&server, fetches.clone());
    let id = "d87e0973-980a-4485-a39d-682184a8988a";

    client.get_subscription(id).await.expect("token 1 is still good");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // Token 1 has expired now: 401, a new token, the same request again.
    let response = client.get_subscription(id).send_with_response().await.expect("token 2 is accepted");
    assert_eq!(response.status(), 200);
    assert_eq!(response.attempts(), 1, "a refresh is not a retry");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);

    let sent = server.received_requests().await.unwrap();
    let calls: Vec<(String, Option<&str>)> = sent
        .iter()
        .filter(|request| request.url.path() == SUBSCRIPTION)
        .map(|request| (request.method.to_string(), request.headers.get("authorization").and_then(|v| v.to_str().ok())))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET".to_string(), Some("Bearer token-1")),
            ("GET".to_string(), Some("Bearer token-1")),
            ("GET".to_string(), Some("Bearer token-2")),
        ]
    );
    // Later calls keep token 2 without fetching again.
    client.get_subscription(id).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_refused_again_after_the_refresh_is_the_callers_401() {
    let refused = json!({"error": "Unauthorized", "message": "Client disabled", "status": 401});
    let server = serve(json_response(401, "application/json", &refused)).await;
    let fetches = Arc::new(AtomicU32::new(0));
    let counter = fetches.clone();
    let provider = RefreshingToken::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(Token::new(format!("token-{n}"))) }
    });
    let client = Client::builder().base_url(server.uri()).jwt_provider(provider).build().unwrap();
    let error = client.get_subscription("sub_1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.message(), Some("Client disabled"));
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "one refresh, not a loop");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_provider_that_cannot_give_a_token_fails_the_call_before_sending() {
    let server = serve(ResponseTemplate::new(200)).await;
    let provider = RefreshingToken::new(|| async { Err("IAM is down".into()) });
    let client = Client::builder().base_url(server.uri()).jwt_provider(provider).build().unwrap();
    let error = client.get_subscription("sub_1").await.unwrap_err();
    let Error::Credential(credential) = &error else { panic!("{error:?}") };
    assert_eq!(credential.source.to_string(), "IAM is down");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_static_token_is_a_provider_too() {
    let server = serve(json_response(200, "application/json", &fixture("subscription-service/subscription.json"))).await;
    let client = Client::builder().base_url(server.uri()).jwt_provider(StaticToken::new("fixed")).build().unwrap();
    client.get_subscription("sub_1").await.unwrap();
    let sent = only_request(&server).await;
    assert_eq!(crate::support::header(&sent, "authorization"), Some("Bearer fixed"));
}

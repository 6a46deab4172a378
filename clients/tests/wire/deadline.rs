//! A deadline for the whole call, across attempts and the waits between them,
//! apart from the timeout of each attempt, and an error that says which fired;
//! and a retry policy users set.

use std::time::Duration;

use paystack_client::{Client, Error, RequestOptions};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

fn client(server: &MockServer) -> paystack_client::ClientBuilder {
    Client::builder().base_url(server.uri()).bearer_auth("sk_test_deadline")
}

#[tokio::test]
async fn a_deadline_cuts_off_an_attempt_the_attempt_timeout_would_let_run() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = answering(slow).await;
    let client = client(&server).timeout(Duration::from_secs(30)).deadline(Duration::from_millis(200)).build().unwrap();
    let error = client.subscription_fetch("SUB_1").await.unwrap_err();
    let Error::Deadline(deadline) = &error else { panic!("expected the deadline to fire, got {error:?}") };
    assert_eq!(deadline.deadline, Duration::from_millis(200));
    assert_eq!(error.attempts(), 1);
    assert!(!error.is_timeout(), "the attempt's own timeout did not fire");
}

#[tokio::test]
async fn an_attempt_timeout_is_told_apart_from_the_deadline() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = answering(slow).await;
    let client = client(&server).timeout(Duration::from_millis(100)).max_retries(0).deadline(Duration::from_secs(30)).build().unwrap();
    let error = client.subscription_fetch("SUB_1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_retry_that_would_start_after_the_deadline_is_not_made() {
    // The server asks for a wait of a second; the deadline leaves less.
    let busy = ResponseTemplate::new(503).insert_header("retry-after", "1");
    let server = answering(busy).await;
    let client = client(&server).max_retries(5).deadline(Duration::from_millis(500)).build().unwrap();
    let error = client.subscription_fetch("SUB_1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "the last answer is kept: {error:?}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn a_request_sets_its_own_deadline_over_the_clients() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = answering(slow).await;
    let patient = client(&server).deadline(Duration::from_secs(60)).build().unwrap();
    let options = RequestOptions::new().deadline(Duration::from_millis(150));
    let error = patient.subscription_fetch("SUB_1").with_options(options).await.unwrap_err();
    assert!(matches!(&error, Error::Deadline(d) if d.deadline == Duration::from_millis(150)), "{error:?}");
    // And without one, the client's deadline (none by default) lets a fast call through.
    let fast = answering(json_response(200, "application/json", &fixture("paystack/fetch.json"))).await;
    assert!(client(&fast).build().unwrap().subscription_fetch("SUB_1").await.is_ok());
}

#[tokio::test]
async fn a_retry_policy_names_the_statuses_it_retries() {
    use paystack_client::RetryPolicy;
    // A 409 is not retried by default; this policy retries it, and only it.
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(409)).up_to_n_times(2).mount(&server).await;
    Mock::given(any()).respond_with(json_response(200, "application/json", &fixture("paystack/fetch.json"))).mount(&server).await;
    let policy = RetryPolicy::default().retry_statuses([409]).max_retries(3).backoff(Duration::from_millis(1), Duration::from_millis(2));
    let fetched = client(&server).retry_policy(policy).build().unwrap().subscription_fetch("SUB_1").send_with_response().await.unwrap();
    assert_eq!(fetched.attempts(), 3);

    let busy = answering(ResponseTemplate::new(503)).await;
    let only_conflicts = RetryPolicy::default().retry_statuses([409]);
    let error = client(&busy).retry_policy(only_conflicts).build().unwrap().subscription_fetch("SUB_1").await.unwrap_err();
    assert_eq!(error.attempts(), 1, "503 is not in this policy");
}

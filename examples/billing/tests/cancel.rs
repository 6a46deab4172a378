//! `Billing::cancel` tested with the Paystack client's test kit: each test
//! starts a `MockApi`, stubs the operations the code calls with typed bodies,
//! runs the code against it, and checks what the code sent.

use billing::{Billing, BillingError, Cancellation};
use paystack_client::mock::{MockApi, Reply};
use paystack_client::types::{ErrorBody, SubscriptionDisableResponse, SubscriptionFetchResponse, SubscriptionToggle};
use paystack_client::{Client, RetryPolicy};

const CODE: &str = "SUB_6phdx225bavuwtb";

/// Paystack's documented answer to a fetch, with the subscription's status.
fn fetched(status: &str) -> SubscriptionFetchResponse {
    let mut fetched: SubscriptionFetchResponse =
        serde_json::from_str(include_str!("fixtures/subscription-fetch.json")).expect("the fixture is a fetch response");
    fetched.data.status = status.to_string();
    fetched
}

fn billing(mock: &MockApi) -> Billing {
    Billing::new(mock.client_builder().bearer_auth("sk_test_billing").build().unwrap())
}

#[tokio::test]
async fn an_active_subscription_is_disabled_with_its_email_token() {
    let mock = MockApi::start().await;
    mock.subscription_fetch().path_param("code", CODE).respond(&fetched("active")).await;
    mock.subscription_disable().respond(&SubscriptionDisableResponse::new(true, "Subscription disabled successfully")).await;

    assert_eq!(billing(&mock).cancel(CODE).await, Ok(Cancellation::Cancelled));

    let sent = mock.subscription_disable().received().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body().unwrap(), SubscriptionToggle::new(CODE, "ore84lyuwoi84pc"));
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk_test_billing"));
    let fetches = mock.subscription_fetch().received().await;
    assert_eq!(fetches.iter().map(|sent| sent.path_param("code")).collect::<Vec<_>>(), [Some(CODE)]);
}

#[tokio::test]
async fn an_inactive_subscription_is_left_alone() {
    let mock = MockApi::start().await;
    mock.subscription_fetch().respond(&fetched("complete")).await;

    let cancelled = billing(&mock).cancel(CODE).await;

    assert_eq!(cancelled, Ok(Cancellation::AlreadyInactive { status: "complete".into() }));
    assert!(mock.subscription_disable().received().await.is_empty(), "nothing is disabled");
}

#[tokio::test]
async fn an_unknown_subscription_is_not_found() {
    let mock = MockApi::start().await;
    let missing = ErrorBody { status: Some(false), message: Some("Subscription not found".into()), ..ErrorBody::default() };
    mock.subscription_fetch().fail(404, &missing).await;

    assert_eq!(billing(&mock).cancel("SUB_missing").await, Err(BillingError::NotFound("SUB_missing".into())));
}

#[tokio::test]
async fn a_refusal_carries_paystacks_message() {
    let mock = MockApi::start().await;
    mock.subscription_fetch().respond(&fetched("active")).await;
    // Paystack's spec declares no 400 for disabling; the client reads it
    // with the operation's error schema all the same.
    let refused = ErrorBody { status: Some(false), message: Some("Invalid email token".into()), ..ErrorBody::default() };
    mock.subscription_disable().fail(400, &refused).await;

    assert_eq!(billing(&mock).cancel(CODE).await, Err(BillingError::Refused(Some("Invalid email token".into()))));
}

#[tokio::test]
async fn a_fetch_that_fails_once_is_retried_by_the_client() {
    let mock = MockApi::start().await;
    mock.subscription_fetch()
        .respond_in_turn([Reply::status(503).header("retry-after", "0"), Reply::ok(&fetched("active"))])
        .await;
    mock.subscription_disable().respond(&SubscriptionDisableResponse::new(true, "Subscription disabled successfully")).await;

    assert_eq!(billing(&mock).cancel(CODE).await, Ok(Cancellation::Cancelled));
    assert_eq!(mock.subscription_fetch().received().await.len(), 2);
}

#[tokio::test]
async fn an_outage_is_unavailable() {
    let mock = MockApi::start().await;
    mock.subscription_fetch().respond_in_turn([Reply::status(503)]).await;
    let client: Client = mock.client_builder().retry_policy(RetryPolicy::default().max_retries(0)).build().unwrap();

    let Err(BillingError::Unavailable(reason)) = Billing::new(client).cancel(CODE).await else { panic!("an outage") };
    assert!(reason.contains("503"), "{reason}");
}

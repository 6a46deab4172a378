//! The test kit each generated crate has with its `mock` feature, on the
//! wire: stubs narrowed by query and body, raw answers for what the spec does
//! not describe, and requests read back typed. (`examples/billing` uses it
//! as a downstream crate would.)

use paystack_client::mock::{MockApi, Reply};
use paystack_client::types::{ErrorBody, SubscriptionCreate, SubscriptionCreateResponse, SubscriptionListResponse};
use paystack_client::{Error, StatusCode};

use crate::support::*;

fn list() -> SubscriptionListResponse {
    serde_json::from_value(fixture("paystack/list.json")).unwrap()
}

#[tokio::test]
async fn stubs_narrowed_by_query_answer_only_their_requests() {
    let mock = MockApi::start().await;
    // Mounted first, but a narrowed stub answers before it.
    let unknown = ErrorBody { message: Some("Customer not found".into()), ..ErrorBody::default() };
    mock.subscription_list().fail(404, &unknown).await;
    mock.subscription_list().query("customer", "CUS_1").respond(&list()).await;
    let client = mock.client();

    let page = client.subscription_list().customer("CUS_1").per_page(20).await.unwrap();
    assert_eq!(page, list());
    let error = client.subscription_list().customer("CUS_2").await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.message(), Some("Customer not found"));

    let sent = mock.subscription_list().query("customer", "CUS_1").received().await;
    assert_eq!(sent.len(), 1, "only the first request is CUS_1's");
    assert_eq!(sent[0].query("perPage").as_deref(), Some("20"));
    assert_eq!(mock.subscription_list().received().await.len(), 2);
}

#[tokio::test]
async fn stubs_narrowed_by_body_and_requests_read_back_as_the_request_type() {
    let mock = MockApi::start().await;
    let created: SubscriptionCreateResponse = serde_json::from_value(fixture("paystack/create.json")).unwrap();
    let gold = SubscriptionCreate::new("CUS_1", "PLN_gold");
    mock.subscription_create().body(&gold).respond(&created).await;
    mock.subscription_create().respond_in_turn([Reply::raw(422, "text/plain", "plan retired")]).await;
    let client = mock.client();

    assert_eq!(client.subscription_create(gold.clone()).await.unwrap(), created);
    let error = client.subscription_create(SubscriptionCreate::new("CUS_1", "PLN_old")).await.unwrap_err();
    let Error::Api(refused) = &error else { panic!("{error:?}") };
    assert_eq!((refused.status.as_u16(), refused.body_text().as_ref()), (422, "plan retired"));
    assert!(refused.parsed.is_none(), "plain text is not an ErrorBody");

    let bodies: Vec<SubscriptionCreate> = mock.subscription_create().received().await.iter().map(|sent| sent.body().unwrap()).collect();
    assert_eq!(bodies, [gold, SubscriptionCreate::new("CUS_1", "PLN_old")]);
}

#[tokio::test]
async fn a_sequence_answers_in_order_and_its_last_answer_repeats() {
    let mock = MockApi::start().await;
    mock.subscription_fetch()
        .path_param("code", "SUB_1")
        .respond_in_turn([Reply::status(429).header("retry-after", "0"), Reply::raw(200, "application/json", fixture("paystack/fetch.json").to_string())])
        .await;
    let client = mock.client();

    let response = client.subscription_fetch("SUB_1").send_with_response().await.unwrap();
    assert_eq!(response.attempts(), 2, "the 429 was retried");
    client.subscription_fetch("SUB_1").await.unwrap();
    // Another code is not stubbed: wiremock answers 404.
    assert_eq!(client.subscription_fetch("SUB_2").await.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
    let codes: Vec<Option<String>> =
        mock.subscription_fetch().received().await.iter().map(|sent| sent.path_param("code").map(str::to_owned)).collect();
    assert_eq!(codes, [Some("SUB_1".into()), Some("SUB_1".into()), Some("SUB_1".into()), Some("SUB_2".into())]);
}

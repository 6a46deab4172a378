//! Conekta: bearer auth, the versioned `Accept` media type on every request,
//! optional `Accept-Language` / `X-Child-Company-Id` headers.

use conekta_client::types::{
    AcceptLanguage, ErrorBody, SubscriptionEventsResponse, SubscriptionRequest,
    SubscriptionUpdateRequest,
};
use conekta_client::{Client, Error, Nullable};
use serde_json::{Value, json};
use wiremock::{MockServer, Request};

use crate::support::*;

const MEDIA_TYPE: &str = "application/vnd.conekta-v2.1.0+json";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_auth("key_test_123").build().unwrap()
}

async fn answering(status: u16, body: &Value) -> MockServer {
    serve(json_response(status, MEDIA_TYPE, body)).await
}

/// What every Conekta request carries.
fn assert_common_headers(sent: &Request) {
    assert_eq!(header(sent, "authorization"), Some("Bearer key_test_123"));
    assert_eq!(header(sent, "accept"), Some(MEDIA_TYPE));
}

#[tokio::test]
async fn get_subscription() {
    let served = fixture("conekta/subscription.json");
    let server = answering(200, &served).await;
    let subscription = client(&server).get_subscription("cus_2tKcHxhTz7xU5SymF").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/cus_2tKcHxhTz7xU5SymF/subscription");
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "accept-language"), None, "unset optional headers are not sent");
    assert_eq!(header(&sent, "x-child-company-id"), None);
    assert!(sent.body.is_empty());

    assert_eq!(subscription.status.as_deref(), Some("past_due"));
    assert_eq!(subscription.canceled_at, Nullable::Null);
    assert_eq!(subscription.billing_cycle_end, Nullable::Value(1680218827));
    assert_eq!(subscription.canceled_reason, None);
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn get_subscription_percent_encodes_the_id_and_sends_the_language() {
    let server = answering(200, &fixture("conekta/subscription.json")).await;
    client(&server).get_subscription("a/b c?d").accept_language(AcceptLanguage::En).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/a%2Fb%20c%3Fd/subscription");
    assert_eq!(sent.url.query(), None, "`?` in an id must not start a query");
    assert_eq!(header(&sent, "accept-language"), Some("en"));
}

#[tokio::test]
async fn create_subscription() {
    let served = fixture("conekta/subscription.json");
    let server = answering(200, &served).await;
    let request = SubscriptionRequest {
        plan_id: "plan_2tXx672QLQ68CkmMn".into(),
        card_id: Some("src_2qUCNd5AyQqfPMBuV".into()),
        trial_end: Some(1484040996),
    };
    let subscription = client(&server)
        .create_subscription("cus_2tKcHxhTz7xU5SymF", request)
        .accept_language("es")
        .x_child_company_id("6441b6376b60c3a638da80af")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/customers/cus_2tKcHxhTz7xU5SymF/subscription");
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "accept-language"), Some("es"));
    assert_eq!(header(&sent, "x-child-company-id"), Some("6441b6376b60c3a638da80af"));
    assert_eq!(
        body_json(&sent),
        json!({"plan_id": "plan_2tXx672QLQ68CkmMn", "card_id": "src_2qUCNd5AyQqfPMBuV", "trial_end": 1484040996})
    );
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn create_subscription_leaves_unset_fields_out_of_the_body() {
    let server = answering(200, &fixture("conekta/subscription.json")).await;
    let request = SubscriptionRequest { plan_id: "plan_1".into(), card_id: None, trial_end: None };
    client(&server).create_subscription("cus_1", request).await.unwrap();

    assert_eq!(body_json(&only_request(&server).await), json!({"plan_id": "plan_1"}));
}

#[tokio::test]
async fn update_subscription() {
    let served = fixture("conekta/subscription.json");
    let server = answering(200, &served).await;
    let update = SubscriptionUpdateRequest { plan_id: Some("plan_2tXx672QLQ68CkmMn".into()), ..Default::default() };
    let subscription = client(&server)
        .update_subscription("../x", update)
        .x_child_company_id("6441b6376b60c3a638da80af")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "PUT", "/customers/..%2Fx/subscription");
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "x-child-company-id"), Some("6441b6376b60c3a638da80af"));
    assert_eq!(header(&sent, "accept-language"), None);
    assert_eq!(body_json(&sent), json!({"plan_id": "plan_2tXx672QLQ68CkmMn"}));
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn cancel_subscription() {
    let served = fixture("conekta/subscription-canceled.json");
    let server = answering(200, &served).await;
    let subscription = client(&server).cancel_subscription("cus_2tKcHxhTz7xU5SymF").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/customers/cus_2tKcHxhTz7xU5SymF/subscription/cancel");
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "content-type"), None, "cancel has no body");
    assert!(sent.body.is_empty());

    assert_eq!(subscription.canceled_at, Nullable::Value(1678258162));
    assert_eq!(subscription.canceled_reason.as_deref(), Some("user_cancelation"));
    assert_eq!(subscription.charge_id, Nullable::Null);
    assert_eq!(subscription.customer_custom_reference, None);
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn get_all_events_from_subscription() {
    let served = fixture("conekta/events.json");
    let server = answering(200, &served).await;
    let events: SubscriptionEventsResponse = client(&server)
        .get_all_events_from_subscription("cus_2tKcHxhTz7xU5SymF")
        .accept_language("en")
        .x_child_company_id("6441b6376b60c3a638da80af")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/cus_2tKcHxhTz7xU5SymF/subscription/events");
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "accept-language"), Some("en"));
    assert_eq!(header(&sent, "x-child-company-id"), Some("6441b6376b60c3a638da80af"));

    assert!(!events.has_more);
    assert_eq!(events.previous_page_url, Nullable::Null);
    let event = &events.data.as_ref().unwrap()[0];
    assert_eq!(event.r#type.as_deref(), Some("webhook_ping"));
    assert_eq!(event.webhook_logs.as_ref().unwrap()[0].last_http_response_status, Some(200));
    assert_round_trip(&events, &served);
}

#[tokio::test]
async fn pause_subscription() {
    let mut served = fixture("conekta/subscription.json");
    served["status"] = json!("paused");
    served["paused_at"] = json!(1678258162);
    let server = answering(200, &served).await;
    let subscription = client(&server).pause_subscription("cus_2tKcHxhTz7xU5SymF").accept_language("en").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/customers/cus_2tKcHxhTz7xU5SymF/subscription/pause");
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
    assert_eq!(subscription.paused_at, Nullable::Value(1678258162));
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn resume_subscription() {
    let mut served = fixture("conekta/subscription.json");
    served["status"] = json!("active");
    let server = answering(200, &served).await;
    let subscription = client(&server)
        .resume_subscription("cus_2tKcHxhTz7xU5SymF")
        .x_child_company_id("6441b6376b60c3a638da80af")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/customers/cus_2tKcHxhTz7xU5SymF/subscription/resume");
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "x-child-company-id"), Some("6441b6376b60c3a638da80af"));
    assert!(sent.body.is_empty());
    assert_eq!(subscription.status.as_deref(), Some("active"));
    assert_round_trip(&subscription, &served);
}

/// Every operation, called with valid arguments, with the error statuses the
/// vendor documents for it.
#[tokio::test]
async fn every_documented_error_body_decodes() {
    let bodies = fixture("conekta/errors.json");
    let mut checked = 0;
    for status in [401_u16, 402, 404, 422, 500] {
        let served = &bodies[status.to_string()];
        let server = answering(status, served).await;
        let client = client(&server);
        for operation in contract::conekta::every_operation(&client) {
            let name = operation.name;
            if !operation.error_statuses.contains(&status) {
                continue;
            }
            let Err(Error::Api(error)) = operation.call.await else { panic!("{name} {status}: expected an API error") };
            assert_eq!(error.status.as_u16(), status, "{name}");
            assert_eq!(error.body, serde_json::to_vec(served).unwrap(), "{name} {status}: raw body kept");
            let parsed: &ErrorBody = error.parsed.as_ref().unwrap_or_else(|| panic!("{name} {status}: body not parsed"));
            assert_round_trip(parsed, served);
            checked += 1;
        }
    }
    assert_eq!(checked, 28, "every documented (operation, status) pair");
}

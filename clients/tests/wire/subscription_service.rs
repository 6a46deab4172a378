//! Nexway Subscription Service: JWT bearer, zero-based `page`/`size` paging,
//! 201 on create, 204 on delete, PATCH to update, POST actions.
//! Bodies are the samples of the vendor's page (seed 003) in `tests/fixtures`.

use subscription_service_client::types::Subscription;
use subscription_service_client::{Client, Error};
use serde_json::{Value, json};
use wiremock::{MockServer, Request, ResponseTemplate};

use crate::support::*;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdmMifQ.c2lnbmF0dXJl";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).jwt(TOKEN).build().unwrap()
}

async fn answering(status: u16, body: &Value) -> MockServer {
    serve(json_response(status, "application/json", body)).await
}

fn assert_common_headers(sent: &Request) {
    assert_eq!(header(sent, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(header(sent, "accept"), Some("application/json"));
}

fn sample_subscription() -> Subscription {
    serde_json::from_value(fixture("subscription-service/subscription.json")).unwrap()
}

const SUBSCRIPTION_ID: &str = "d87e0973-980a-4485-a39d-682184a8988a";

#[tokio::test]
async fn get_all_subscriptions_pages() {
    let served = fixture("subscription-service/subscriptions-page.json");
    let server = answering(200, &served).await;
    let page = client(&server).get_all_subscriptions().size(10).page(41).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscriptions");
    assert_eq!(query_pairs(&sent), pairs(&[("size", "10"), ("page", "41")]));
    assert_common_headers(&sent);
    assert_eq!(page.total_items, Some(100523));
    assert_eq!(page.items.as_ref().unwrap()[0].mandate_value, Some(0.1));
    assert_round_trip(&page, &served);
}

#[tokio::test]
async fn get_all_subscriptions_leaves_defaults_to_the_server() {
    let server = answering(200, &fixture("subscription-service/subscriptions-page.json")).await;
    client(&server).get_all_subscriptions().await.unwrap();
    assert_eq!(only_request(&server).await.url.query(), None);
}

#[tokio::test]
async fn create_subscription_answers_201() {
    let served = fixture("subscription-service/subscription.json");
    let server = answering(201, &served).await;
    let created = client(&server).create_subscription(sample_subscription()).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/subscriptions");
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), served, "the seed's request sample goes out field for field");
    assert_eq!(created.id.as_deref(), Some(SUBSCRIPTION_ID));
    assert_round_trip(&created, &served);
}

#[tokio::test]
async fn get_all_subscriptions_models() {
    let served = fixture("subscription-service/models-page.json");
    let server = answering(200, &served).await;
    let page = client(&server).get_all_subscriptions_models().page(0).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscriptions/models");
    assert_eq!(query_pairs(&sent), pairs(&[("page", "0")]));
    assert_common_headers(&sent);
    let model = &page.items.as_ref().unwrap()[0];
    assert_eq!(model.term.as_ref().unwrap().value.as_deref(), Some("string"));
    assert_round_trip(&page, &served);
}

#[tokio::test]
async fn get_subscription_model() {
    let served = json!({
        "customerId": "e0436791-5866-406d-b0c8-3ba32ead438a",
        "durationUntilTrialEnd": 1209600000,
        "id": "5f7c3ad1c3a1d20001a7bd12",
        "name": "monthly-premium",
        "term": {"unit": "month", "value": "1"}
    });
    let server = answering(200, &served).await;
    let model = client(&server).get_subscription_model("monthly premium/eu").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscriptions/models/monthly%20premium%2Feu");
    assert_common_headers(&sent);
    assert_eq!(model.name.as_deref(), Some("monthly-premium"));
    assert_round_trip(&model, &served);
}

#[tokio::test]
async fn delete_subscription_answers_204() {
    let server = serve(ResponseTemplate::new(204)).await;
    client(&server).delete_subscription(SUBSCRIPTION_ID).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "DELETE", &format!("/subscriptions/{SUBSCRIPTION_ID}"));
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
}

#[tokio::test]
async fn get_subscription() {
    let served = fixture("subscription-service/subscription.json");
    let server = answering(200, &served).await;
    let subscription = client(&server).get_subscription("../x").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscriptions/..%2Fx");
    assert_common_headers(&sent);
    let lifecycle = subscription.lifecycle.as_ref().unwrap();
    assert_eq!(lifecycle.prebilling_date, Some(0));
    assert_eq!(subscription.decoded_external_context.as_ref().unwrap()["property1"], Value::Null);
    assert_round_trip(&subscription, &served);
}

#[tokio::test]
async fn update_subscription_is_a_patch() {
    let served = fixture("subscription-service/subscription.json");
    let server = answering(200, &served).await;
    let change = Subscription { name: Some("renamed".into()), db_version: Some(0), ..Default::default() };
    let updated = client(&server).update_subscription(SUBSCRIPTION_ID, change).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "PATCH", &format!("/subscriptions/{SUBSCRIPTION_ID}"));
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), json!({"name": "renamed", "dbVersion": 0}));
    assert_round_trip(&updated, &served);
}

/// The POST actions without a body: `/subscriptions/{id}/{action}`.
async fn assert_action(action: &str, run: impl AsyncFnOnce(&Client) -> Value) {
    let server = answering(200, &fixture("subscription-service/subscription.json")).await;
    let decoded = run(&client(&server)).await;

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", &format!("/subscriptions/a%2Fb%20c%3Fd/{action}"));
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert_eq!(header(&sent, "content-type"), None, "{action} has no body");
    assert!(sent.body.is_empty());
    assert_eq!(decoded, fixture("subscription-service/subscription.json"));
}

#[tokio::test]
async fn cancel_subscription() {
    assert_action("cancel", async |c| json!(c.cancel_subscription("a/b c?d").await.unwrap())).await;
}

#[tokio::test]
async fn reactivate_subscription() {
    assert_action("reactivate", async |c| json!(c.reactivate_subscription("a/b c?d").await.unwrap())).await;
}

#[tokio::test]
async fn suspend_subscription() {
    assert_action("suspend", async |c| json!(c.suspend_subscription("a/b c?d").await.unwrap())).await;
}

#[tokio::test]
async fn prebill_subscription() {
    let served = fixture("subscription-service/prebill.json");
    let server = answering(200, &served).await;
    let prebilled = client(&server).prebill_subscription(SUBSCRIPTION_ID).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", &format!("/subscriptions/{SUBSCRIPTION_ID}/prebill"));
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
    assert_eq!(prebilled.line_items.as_ref().unwrap().len(), 1);
    assert_round_trip(&prebilled, &served);
}

#[tokio::test]
async fn upgrade_subscription() {
    let served = fixture("subscription-service/subscription.json");
    let server = answering(200, &served).await;
    let upgraded = client(&server).upgrade_subscription(SUBSCRIPTION_ID, sample_subscription()).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", &format!("/subscriptions/{SUBSCRIPTION_ID}/upgrade"));
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), served);
    assert_round_trip(&upgraded, &served);
}

#[tokio::test]
async fn every_documented_error_body_decodes() {
    let error = |status: u16, label: &str, message: &str| {
        json!({
            "error": label, "message": message, "path": "/subscriptions/d87e0973-980a-4485-a39d-682184a8988a",
            "status": status, "timestamp": 1593769514607_i64
        })
    };
    let documented = [
        (400, fixture("subscription-service/bad-request.json")),
        (401, error(401, "Unauthorized", "error: invalid or expired token")),
        (403, error(403, "Forbidden", "error: access to this resource is forbidden")),
        (412, error(412, "Precondition Failed", "error: dbVersion mismatch")),
        (500, error(500, "Internal Server Error", "invalid memory address or nil pointer dereference")),
    ];
    let mut checked = 0;
    for (status, served) in &documented {
        let server = answering(*status, served).await;
        let client = client(&server);
        for operation in contract::subscription_service::every_operation(&client) {
            let name = operation.name;
            if !operation.error_statuses.contains(status) {
                continue;
            }
            let Err(Error::Api(error)) = operation.call.await else { panic!("{name} {status}: expected an API error") };
            assert_eq!(error.status.as_u16(), *status);
            assert_eq!(error.body, serde_json::to_vec(served).unwrap());
            let parsed = error.parsed.as_ref().unwrap_or_else(|| panic!("{name} {status}: body not parsed"));
            assert_eq!(parsed.status, Some(i64::from(*status)));
            assert_round_trip(parsed, served);
            checked += 1;
        }
    }
    assert_eq!(checked, 12 + 12 + 8 + 1 + 8);
}

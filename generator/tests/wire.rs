//! End-to-end: each generated client against a real HTTP server on 127.0.0.1.
//!
//! Every test answers one request and then checks what the client put on the
//! wire (method, path, query, headers, body) and what it made of the answer.

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Starts a server that answers every request with `response`.
async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:?}");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

fn body_json(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("request body is JSON")
}

#[tokio::test]
async fn conekta_create_subscription() {
    use conekta_client::types::{SubscriptionRequest, SubscriptionResponse};
    let server = serve(
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/vnd.conekta-v2.1.0+json")
            .set_body_json(json!({
                "id": "gold-plan", "status": "active", "plan_id": "plan_2tXx672QLQ68CkmMn",
                "customer_id": "cus_2tKcHxhTz7xU5SymF", "created_at": 1677626837,
                "canceled_at": null, "billing_cycle_start": 1677626827
            })),
    )
    .await;
    let client = conekta_client::Client::builder().base_url(server.uri()).bearer_auth("key_test").build().unwrap();
    let request = SubscriptionRequest { plan_id: "plan_2tXx672QLQ68CkmMn".into(), card_id: None, trial_end: Some(1484040996) };
    let subscription: SubscriptionResponse = client
        .create_subscription("cus_2tKcHxhTz7xU5SymF", request)
        .accept_language("en")
        .x_child_company_id("6441b6376b60c3a638da80af")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/customers/cus_2tKcHxhTz7xU5SymF/subscription");
    assert_eq!(sent.url.query(), None);
    assert_eq!(header(&sent, "authorization"), Some("Bearer key_test"));
    assert_eq!(header(&sent, "accept"), Some("application/vnd.conekta-v2.1.0+json"));
    assert_eq!(header(&sent, "accept-language"), Some("en"));
    assert_eq!(header(&sent, "x-child-company-id"), Some("6441b6376b60c3a638da80af"));
    assert_eq!(header(&sent, "content-type"), Some("application/json"));
    assert_eq!(body_json(&sent), json!({"plan_id": "plan_2tXx672QLQ68CkmMn", "trial_end": 1484040996}));

    assert_eq!(subscription.id.as_deref(), Some("gold-plan"));
    assert_eq!(subscription.canceled_at, conekta_client::Nullable::Null);
    assert_eq!(subscription.billing_cycle_start, conekta_client::Nullable::Value(1677626827));
    assert_eq!(subscription.paused_at, conekta_client::Nullable::Absent);
}

#[tokio::test]
async fn paystack_list_subscriptions() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!({
        "status": true,
        "message": "Subscriptions retrieved",
        "data": [{"id": 1374, "subscription_code": "SUB_6phdx225bavuwtb", "status": "active", "amount": 50000,
                  "authorization": {"reusable": 1}, "customer": {"metadata": ""}}],
        "meta": {"total": 1, "skipped": 0, "perPage": 50, "page": 1, "pageCount": 1}
    })))
    .await;
    let client = paystack_client::Client::builder().base_url(server.uri()).bearer_auth("sk_test_x").build().unwrap();
    let from = chrono::DateTime::parse_from_rfc3339("2016-09-21T00:00:00+01:00").unwrap();
    let list = client.subscription_list().per_page(50).page(2).plan(2697466).from(from).await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), "/subscription");
    assert_eq!(sent.url.query(), Some("perPage=50&page=2&plan=2697466&from=2016-09-21T00%3A00%3A00%2B01%3A00"));
    assert_eq!(header(&sent, "authorization"), Some("Bearer sk_test_x"));
    assert_eq!(header(&sent, "accept"), Some("application/json"));

    assert_eq!(list.meta.page_count, 1);
    assert_eq!(list.data[0].subscription_code, "SUB_6phdx225bavuwtb");
    assert_eq!(
        list.data[0].authorization.as_ref().unwrap().reusable,
        Some(paystack_client::types::AuthorizationReusable::Integer(1))
    );
}

#[tokio::test]
async fn pepgate_find_subscriptions() {
    use pepgate_client::types::{BillingCycleType, SubscriptionStatus};
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([{
        "id": 70021, "planId": 3001, "amount": 1999, "billingCycleType": "M", "type": "P", "status": "X",
        "createDate": "2024-01-15 10:24:31", "nextBillingDate": "2024-04-01"
    }])))
    .await;
    let client = pepgate_client::Client::builder().base_url(server.uri()).basic_auth("svc", "s3cret").build().unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let found = client
        .find_subscriptions("10045")
        .limit(10)
        .billing_cycle_type(BillingCycleType::M)
        .create_date_from(from)
        .status("C")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), "/customers/10045/subscriptions");
    assert_eq!(sent.url.query(), Some("limit=10&billingCycleType=M&createDateFrom=2024-01-01&status=C"));
    // base64("svc:s3cret")
    assert_eq!(header(&sent, "authorization"), Some("Basic c3ZjOnMzY3JldA=="));

    assert_eq!(found[0].billing_cycle_type, Some(BillingCycleType::M));
    assert_eq!(found[0].status, Some(SubscriptionStatus::Unknown("X".into())));
    assert_eq!(found[0].create_date.as_deref(), Some("2024-01-15 10:24:31"));
    assert_eq!(found[0].next_billing_date, chrono::NaiveDate::from_ymd_opt(2024, 4, 1));
}

#[tokio::test]
async fn subscription_service_delete_and_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": "Forbidden", "message": "error: access to this resource is forbidden",
            "path": "/subscriptions/a", "status": 403, "timestamp": 1593769514607_i64
        })))
        .mount(&server)
        .await;
    let client = subscription_service_client::Client::builder().base_url(server.uri()).jwt("eyJ.token").build().unwrap();

    client.delete_subscription("d87e0973/..?x").await.unwrap();
    let error = client.get_subscription("a").await.unwrap_err();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/subscriptions/d87e0973%2F..%3Fx");
    assert_eq!(header(&requests[0], "authorization"), Some("Bearer eyJ.token"));
    let subscription_service_client::Error::Api(api) = error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(api.parsed.as_ref().unwrap().message.as_deref(), Some("error: access to this resource is forbidden"));
    assert!(api.body_text().contains("Forbidden"));
}

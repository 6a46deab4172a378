//! PepGate (UniPay Management API): HTTP Basic service user, PUT creates,
//! GET finds with fifteen optional filters, dates as `yyyy-MM-dd`.

use chrono::NaiveDate;
use pepgate_client::types::{BillingCycleType, PaymentPlanType, PendingAdjustmentType, Subscription, SubscriptionStatus};
use pepgate_client::{Client, Error};
use serde_json::{Value, json};
use wiremock::{MockServer, Request};

use crate::support::*;

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).basic_auth("svc-user", "p@ss:word").build().unwrap()
}

async fn answering(status: u16, body: &Value) -> MockServer {
    serve(json_response(status, "application/json", body)).await
}

fn assert_common_headers(sent: &Request) {
    // base64("svc-user:p@ss:word"); only the first colon separates user and password.
    assert_eq!(header(sent, "authorization"), Some("Basic c3ZjLXVzZXI6cEBzczp3b3Jk"));
    assert_eq!(header(sent, "accept"), Some("application/json"));
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[tokio::test]
async fn create_subscription_is_a_put() {
    let served = fixture("pepgate/subscription.json");
    let server = answering(200, &served).await;
    let new = Subscription {
        plan_id: Some(3001),
        amount: Some(1999),
        billing_cycle_type: Some(BillingCycleType::M),
        r#type: Some(PaymentPlanType::F),
        length: Some(12),
        first_billing_date: Some(date("2024-02-01")),
        note: Some("Upgraded from silver".into()),
        ..Default::default()
    };
    let created = client(&server).create_subscription("10045", new).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "PUT", "/customers/10045/subscriptions");
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert_eq!(
        body_json(&sent),
        json!({
            "planId": 3001, "amount": 1999, "billingCycleType": "M", "type": "F", "length": 12,
            "firstBillingDate": "2024-02-01", "note": "Upgraded from silver"
        })
    );
    assert_eq!(created.id, Some(70021));
    assert_eq!(created.status, Some(SubscriptionStatus::C));
    assert_eq!(created.pending_adjustment_type, Some(PendingAdjustmentType::P));
    assert_eq!(created.next_invoicing_date, Some(date("2024-03-25")));
    assert_round_trip(&created, &served);
}

#[tokio::test]
async fn find_subscriptions_with_every_filter() {
    let served = json!([fixture("pepgate/subscription.json")]);
    let server = answering(200, &served).await;
    let found = client(&server)
        .find_subscriptions("10045")
        .offset(200)
        .limit(100)
        .billing_cycle_type(BillingCycleType::Q)
        .create_date_from(date("2024-01-01"))
        .create_date_to(date("2024-01-31"))
        .last_billing_date_from(date("2024-02-01"))
        .last_billing_date_to(date("2024-02-29"))
        .next_billing_date_from(date("2024-03-01"))
        .next_billing_date_to(date("2024-03-31"))
        .amount_from(1000)
        .amount_to(5000)
        .plan_id(3001)
        .r#type(PaymentPlanType::P)
        .status(SubscriptionStatus::C)
        .name("Gold & Silver monthly")
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/10045/subscriptions");
    assert_eq!(
        query_pairs(&sent),
        pairs(&[
            ("offset", "200"),
            ("limit", "100"),
            ("billingCycleType", "Q"),
            ("createDateFrom", "2024-01-01"),
            ("createDateTo", "2024-01-31"),
            ("lastBillingDateFrom", "2024-02-01"),
            ("lastBillingDateTo", "2024-02-29"),
            ("nextBillingDateFrom", "2024-03-01"),
            ("nextBillingDateTo", "2024-03-31"),
            ("amountFrom", "1000"),
            ("amountTo", "5000"),
            ("planId", "3001"),
            ("type", "P"),
            ("status", "C"),
            ("name", "Gold & Silver monthly"),
        ])
    );
    assert!(sent.url.query().unwrap().ends_with("name=Gold+%26+Silver+monthly"), "`&` is escaped");
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
    assert_eq!(found.len(), 1);
    assert_round_trip(&found, &served);
}

#[tokio::test]
async fn find_subscriptions_without_filters_sends_no_query() {
    let server = answering(200, &json!([])).await;
    let found = client(&server).find_subscriptions("a/b c?d").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/a%2Fb%20c%3Fd/subscriptions");
    assert_eq!(sent.url.query(), None);
    assert!(found.is_empty());
}

#[tokio::test]
async fn load_subscription() {
    let served = fixture("pepgate/subscription.json");
    let server = answering(200, &served).await;
    let loaded = client(&server).load_subscription("10045", "70021").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/customers/10045/subscriptions/70021");
    assert_common_headers(&sent);
    assert_eq!(loaded.create_date.as_deref(), Some("2024-01-15 10:24:31"));
    assert_round_trip(&loaded, &served);
}

#[tokio::test]
async fn load_subscription_keeps_both_ids_inside_their_segments() {
    let server = answering(200, &fixture("pepgate/subscription.json")).await;
    client(&server).load_subscription("../x", "a/b c?d").await.unwrap();
    assert_request_line(&only_request(&server).await, "GET", "/customers/..%2Fx/subscriptions/a%2Fb%20c%3Fd");
}

#[tokio::test]
async fn modify_subscription_sends_only_the_fields_set() {
    let mut served = fixture("pepgate/subscription.json");
    served["paymentOptionId"] = json!(55013);
    served["note"] = json!("Card replaced");
    let server = answering(200, &served).await;
    let change = Subscription { payment_option_id: Some(55013), note: Some("Card replaced".into()), ..Default::default() };
    let modified = client(&server).modify_subscription("10045", "70021", change).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/customers/10045/subscriptions/70021");
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), json!({"paymentOptionId": 55013, "note": "Card replaced"}));
    assert_eq!(modified.payment_option_id, Some(55013));
    assert_round_trip(&modified, &served);
}

/// PepGate documents no error body, so an error keeps the body as raw bytes
/// and as whatever JSON it holds.
#[tokio::test]
async fn errors_keep_status_and_body() {
    let served = json!({"code": "E401", "message": "Service user is not authorized"});
    let server = answering(401, &served).await;
    let client = client(&server);
    for operation in contract::pepgate::every_operation(&client) {
        let name = operation.name;
        let Err(Error::Api(error)) = operation.call.await else { panic!("{name}: expected an API error") };
        assert_eq!(error.status.as_u16(), 401);
        assert_eq!(error.body, serde_json::to_vec(&served).unwrap());
        assert_eq!(error.parsed.as_ref(), Some(&served), "{name}");
    }
}

//! Hostile and surprising answers: every operation of every client must turn
//! them into a value or a typed error that keeps the status and the body.
//! A panic anywhere fails the test.

use contract::Outcome;
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// Runs all 30 operations of the four clients against `server`.
async fn every_outcome(server: &MockServer) -> Vec<(String, Outcome)> {
    // The HTTP client is built before any generated client's.
    paystack_client::install_tls_provider();
    let mut outcomes = Vec::new();
    for api in contract::APIS {
        for ran in contract::run(api, &server.uri(), reqwest::Client::new(), |_| true).await {
            outcomes.push((format!("{api} {}", ran.name), ran.outcome));
        }
    }
    assert_eq!(outcomes.len(), 30);
    outcomes
}

/// Operations whose success status is not 200.
fn succeeds_with(name: &str) -> u16 {
    match name {
        "subscription-service create_subscription" => 201,
        "subscription-service delete_subscription" => 204,
        _ => 200,
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_body() {
    let body = br#"{"id": "gold-plan", "status": "#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json")).await;
    for (name, outcome) in every_outcome(&server).await {
        match outcome {
            Outcome::Decode { status: 200, body: kept, .. } => assert_eq!(kept, body, "{name}"),
            // A 200 where the spec says 201 or 204 is not a success.
            Outcome::Api { status: 200, body: kept, .. } if succeeds_with(&name) != 200 => assert_eq!(kept, body),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_html_500_page_is_an_api_error_with_the_page() {
    let page = "<html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></body></html>";
    let server = serve(ResponseTemplate::new(500).set_body_raw(page, "text/html")).await;
    for (name, outcome) in every_outcome(&server).await {
        let Outcome::Api { status: 500, body, content_type, parsed: false, .. } = outcome else {
            panic!("{name}: {outcome:?}")
        };
        assert_eq!(body, page.as_bytes(), "{name}");
        assert_eq!(content_type.as_deref(), Some("text/html"));
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_a_decode_error_that_names_it() {
    let page = "<html><body>Please log in</body></html>";
    let server = serve(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=utf-8")).await;
    for (name, outcome) in every_outcome(&server).await {
        match outcome {
            Outcome::Decode { status: 200, body, content_type, .. } => {
                assert_eq!(body, page.as_bytes(), "{name}");
                assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            }
            Outcome::Api { status: 200, .. } if succeeds_with(&name) != 200 => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_empty_200_is_a_decode_error() {
    let server = serve(ResponseTemplate::new(200).insert_header("content-type", "application/json")).await;
    for (name, outcome) in every_outcome(&server).await {
        match outcome {
            Outcome::Decode { status: 200, body, .. } => assert!(body.is_empty(), "{name}"),
            Outcome::Api { status: 200, .. } if succeeds_with(&name) != 200 => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_undeclared_status_is_an_api_error_with_the_body_decoded() {
    let body = json!({"message": "slow down"});
    let server = serve(json_response(429, "application/json", &body)).await;
    for (name, outcome) in every_outcome(&server).await {
        let Outcome::Api { status: 429, body: kept, parsed, .. } = outcome else { panic!("{name}: {outcome:?}") };
        assert_eq!(kept, serde_json::to_vec(&body).unwrap());
        // Each operation reads it with its one error schema (PepGate's errors
        // are any JSON); every field of each of them is optional.
        assert!(parsed, "{name}");
    }
}

#[tokio::test]
async fn a_success_status_the_spec_does_not_list_keeps_the_body() {
    let body = json!({"accepted": true});
    let server = serve(json_response(202, "application/json", &body)).await;
    for (name, outcome) in every_outcome(&server).await {
        let Outcome::Api { status: 202, body: kept, .. } = outcome else { panic!("{name}: {outcome:?}") };
        assert_eq!(kept, serde_json::to_vec(&body).unwrap());
    }
}

/// Adds `field` with `value` to every object in `body`, however deep.
fn add_everywhere(body: &mut Value, field: &str, value: &Value) {
    match body {
        Value::Object(fields) => {
            fields.values_mut().for_each(|v| add_everywhere(v, field, value));
            fields.insert(field.into(), value.clone());
        }
        Value::Array(items) => items.iter_mut().for_each(|v| add_everywhere(v, field, value)),
        _ => {}
    }
}

#[tokio::test]
async fn conekta_tolerates_new_values_new_fields_missing_and_null_fields() {
    use conekta_client::Nullable;
    let mut served = fixture("conekta/subscription.json");
    served["status"] = json!("in_grace_period");
    add_everywhere(&mut served, "x_new_field", &json!({"nested": [1, 2]}));
    served.as_object_mut().unwrap().remove("card_id");
    served.as_object_mut().unwrap().remove("trial_end");
    served["billing_cycle_start"] = Value::Null;
    let server = serve(json_response(200, "application/vnd.conekta-v2.1.0+json", &served)).await;
    let client = conekta_client::Client::builder().base_url(server.uri()).build().unwrap();

    let subscription = client.get_subscription("cus_1").await.unwrap();
    assert_eq!(subscription.status.as_deref(), Some("in_grace_period"));
    assert_eq!(subscription.card_id, None);
    assert_eq!(subscription.trial_end, Nullable::Absent);
    assert_eq!(subscription.billing_cycle_start, Nullable::Null);
    assert_eq!(subscription.plan_id.as_deref(), Some("plan_2tXx672QLQ68CkmMn"));
}

#[tokio::test]
async fn paystack_tolerates_new_values_new_fields_missing_and_null_fields() {
    use paystack_client::types::ErrorBodyCode;
    let mut served = fixture("paystack/list.json");
    add_everywhere(&mut served, "x_new_field", &json!("surprise"));
    let subscription = &mut served["data"][0];
    subscription["status"] = json!("attention");
    subscription["authorization"]["bin"] = Value::Null;
    subscription["cron_expression"] = Value::Null;
    let server = serve(json_response(200, "application/json", &served)).await;
    let client = paystack_client::Client::builder().base_url(server.uri()).build().unwrap();

    let list = client.subscription_list().await.unwrap();
    let subscription = &list.data[0];
    assert_eq!(subscription.status, "attention");
    assert_eq!(subscription.authorization.bin, None);
    assert_eq!(subscription.cron_expression, None);

    // An error code the spec does not list is kept, not rejected, and a missing optional
    // field (`status`) is `None`.
    let body = json!({"message": "Too many requests", "code": "rate_limit_error"});
    let server = serve(json_response(401, "application/json", &body)).await;
    let client = paystack_client::Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.subscription_fetch("SUB_1").await.unwrap_err();
    let parsed = error.parsed().unwrap();
    assert_eq!(parsed.code, Some(ErrorBodyCode::Unknown("rate_limit_error".into())));
    assert_eq!(parsed.status, None);
}

#[tokio::test]
async fn paystack_missing_required_field_is_a_decode_error() {
    let mut served = fixture("paystack/fetch.json");
    served["data"].as_object_mut().unwrap().remove("subscription_code");
    let server = serve(json_response(200, "application/json", &served)).await;
    let client = paystack_client::Client::builder().base_url(server.uri()).build().unwrap();

    let paystack_client::Error::Decode(error) = client.subscription_fetch("SUB_1").await.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(error.status.as_u16(), 200);
    assert_eq!(error.body, serde_json::to_vec(&served).unwrap());
    assert!(error.to_string().contains("subscription_code"), "{error}");
}

#[tokio::test]
async fn pepgate_tolerates_new_values_new_fields_missing_and_null_fields() {
    use pepgate_client::types::{BillingCycleType, SubscriptionStatus};
    let mut served = fixture("pepgate/subscription.json");
    served["status"] = json!("X");
    served["billingCycleType"] = json!("D");
    add_everywhere(&mut served, "customerId", &json!(10045));
    served.as_object_mut().unwrap().remove("planName");
    served["note"] = Value::Null;
    let server = serve(json_response(200, "application/json", &json!([served]))).await;
    let client = pepgate_client::Client::builder().base_url(server.uri()).build().unwrap();

    let found = client.find_subscriptions("10045").await.unwrap();
    assert_eq!(found[0].status, Some(SubscriptionStatus::Unknown("X".into())));
    assert_eq!(found[0].billing_cycle_type, Some(BillingCycleType::Unknown("D".into())));
    assert_eq!(found[0].plan_name, None);
    assert_eq!(found[0].note, None);
    assert_eq!(found[0].amount, Some(1999));
}

#[tokio::test]
async fn pepgate_wrong_date_format_is_a_decode_error() {
    let mut served = fixture("pepgate/subscription.json");
    served["nextBillingDate"] = json!("04/01/2024");
    let server = serve(json_response(200, "application/json", &served)).await;
    let client = pepgate_client::Client::builder().base_url(server.uri()).build().unwrap();

    let error = client.load_subscription("1", "2").await.unwrap_err();
    assert!(matches!(error, pepgate_client::Error::Decode(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.body(), Some(serde_json::to_vec(&served).unwrap().as_slice()));
}

#[tokio::test]
async fn subscription_service_tolerates_new_values_new_fields_missing_and_null_fields() {
    let mut served = fixture("subscription-service/subscriptions-page.json");
    add_everywhere(&mut served, "v2", &json!(true));
    let item = &mut served["items"][0];
    item["lifecycle"]["status"] = json!("TrialConversion");
    item.as_object_mut().unwrap().remove("discountPlan");
    item["currency"] = Value::Null;
    let server = serve(json_response(200, "application/json", &served)).await;
    let client = subscription_service_client::Client::builder().base_url(server.uri()).build().unwrap();

    let page = client.get_all_subscriptions().await.unwrap();
    let item = &page.items.as_ref().unwrap()[0];
    assert_eq!(item.lifecycle.as_ref().unwrap().status.as_deref(), Some("TrialConversion"));
    assert_eq!(item.discount_plan, None);
    assert_eq!(item.currency, None);
    assert_eq!(page.total_pages, Some(10053));
}

#[tokio::test]
async fn subscription_service_body_on_204_is_ignored() {
    let server = serve(ResponseTemplate::new(204).set_body_raw("unexpected", "text/plain")).await;
    let client = subscription_service_client::Client::builder().base_url(server.uri()).build().unwrap();
    client.delete_subscription("d87e0973").await.unwrap();
}

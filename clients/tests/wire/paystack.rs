//! Paystack: bearer secret key, JSON in and out, `perPage`/`page` paging and
//! the `{status, message, data}` envelope.

use chrono::DateTime;
use paystack_client::types::{ErrorBodyCode, SubscriptionCreate, SubscriptionToggle};
use paystack_client::{Client, Error};
use serde_json::{Value, json};
use wiremock::{MockServer, Request};

use crate::support::*;

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_auth("sk_test_abc").build().unwrap()
}

async fn answering(status: u16, body: &Value) -> MockServer {
    serve(json_response(status, "application/json; charset=utf-8", body)).await
}

fn assert_common_headers(sent: &Request) {
    assert_eq!(header(sent, "authorization"), Some("Bearer sk_test_abc"));
    assert_eq!(header(sent, "accept"), Some("application/json"));
}

fn toggle() -> SubscriptionToggle {
    SubscriptionToggle { code: "SUB_vsyqdmlzble3uii".into(), token: "d7gofp6yppn3qz7".into() }
}

#[tokio::test]
async fn subscription_list_with_every_filter() {
    let served = fixture("paystack/list.json");
    let server = answering(200, &served).await;
    // A chrono value, and a timestamp parsed from text that is sent as written.
    let from = DateTime::parse_from_rfc3339("2016-09-21T00:00:00+01:00").unwrap();
    let to: paystack_client::Timestamp = "2016-12-31T23:59:59.000+00:00".parse().unwrap();
    let list = client(&server)
        .subscription_list()
        .per_page(50)
        .page(2)
        .plan(2697466)
        .customer("CUS_xnxdt6s1zg1f4nx")
        .from(from)
        .to(to)
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscription");
    assert_eq!(
        query_pairs(&sent),
        pairs(&[
            ("perPage", "50"),
            ("page", "2"),
            ("plan", "2697466"),
            ("customer", "CUS_xnxdt6s1zg1f4nx"),
            ("from", "2016-09-21T00:00:00+01:00"),
            ("to", "2016-12-31T23:59:59.000+00:00"),
        ])
    );
    // `+` must be escaped, or the server reads the offset as a space.
    assert!(sent.url.query().unwrap().contains("from=2016-09-21T00%3A00%3A00%2B01%3A00"));
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());

    assert_eq!(list.meta.per_page, 50);
    let subscription = &list.data[0];
    assert_eq!(subscription.subscription_code, "SUB_6phdx225bavuwtb");
    assert_eq!(subscription.open_invoice, Value::Null);
    // The list call sends a customer's metadata as a string and `reusable` as 0 or 1.
    assert_eq!(subscription.customer.metadata, "");
    assert_eq!(subscription.authorization.reusable, 1);
    assert_round_trip(&list, &served);
}

#[tokio::test]
async fn subscription_list_sends_no_query_when_no_filter_is_set() {
    let server = answering(200, &fixture("paystack/list.json")).await;
    client(&server).subscription_list().await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscription");
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn subscription_create() {
    let served = fixture("paystack/create.json");
    let server = answering(200, &served).await;
    let body = SubscriptionCreate {
        customer: "CUS_xnxdt6s1zg1f4nx".into(),
        plan: "PLN_gx2wn530m0i3w3m".into(),
        authorization: Some("AUTH_6tmt288t0o".into()),
        start_date: Some(DateTime::parse_from_rfc3339("2017-05-16T00:30:13+01:00").unwrap().into()),
    };
    let created = client(&server).subscription_create(body).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/subscription");
    assert_common_headers(&sent);
    assert_eq!(
        body_json(&sent),
        json!({
            "customer": "CUS_xnxdt6s1zg1f4nx", "plan": "PLN_gx2wn530m0i3w3m",
            "authorization": "AUTH_6tmt288t0o", "start_date": "2017-05-16T00:30:13+01:00"
        })
    );
    assert_eq!(created.data.subscription_code, "SUB_vsyqdmlzble3uii");
    assert_eq!(created.data.authorization, 1069309917);
    assert_eq!(created.data.easy_cron_id, None);
    assert_round_trip(&created, &served);
}

#[tokio::test]
async fn subscription_create_with_required_fields_only() {
    let server = answering(200, &fixture("paystack/create.json")).await;
    let body = SubscriptionCreate {
        customer: "ada@example.com".into(),
        plan: "PLN_gx2wn530m0i3w3m".into(),
        authorization: None,
        start_date: None,
    };
    client(&server).subscription_create(body).await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(body_json(&sent), json!({"customer": "ada@example.com", "plan": "PLN_gx2wn530m0i3w3m"}));
}

#[tokio::test]
async fn subscription_fetch() {
    let served = fixture("paystack/fetch.json");
    let server = answering(200, &served).await;
    let fetched = client(&server).subscription_fetch("SUB_6phdx225bavuwtb").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscription/SUB_6phdx225bavuwtb");
    assert_common_headers(&sent);

    let subscription = &fetched.data;
    assert_eq!(subscription.id, 9);
    // The fetch call sends `reusable` as a boolean and a customer's metadata as an object.
    assert!(subscription.authorization.reusable);
    assert_eq!(subscription.customer.metadata["photos"][0]["type"], "twitter");
    assert_eq!(subscription.plan.description, Value::Null);
    assert_round_trip(&fetched, &served);
}

#[tokio::test]
async fn subscription_fetch_keeps_an_id_inside_its_segment() {
    let server = answering(200, &fixture("paystack/fetch.json")).await;
    client(&server).subscription_fetch("../x").await.unwrap();
    assert_request_line(&only_request(&server).await, "GET", "/subscription/..%2Fx");
}

#[tokio::test]
async fn subscription_disable() {
    let served = json!({"status": true, "message": "Subscription disabled successfully"});
    let server = answering(200, &served).await;
    let disabled = client(&server).subscription_disable(toggle()).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/subscription/disable");
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), json!({"code": "SUB_vsyqdmlzble3uii", "token": "d7gofp6yppn3qz7"}));
    assert!(disabled.status);
    assert_round_trip(&disabled, &served);
}

#[tokio::test]
async fn subscription_enable() {
    let served = json!({"status": true, "message": "Subscription enabled successfully"});
    let server = answering(200, &served).await;
    let enabled = client(&server).subscription_enable(toggle()).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/subscription/enable");
    assert_common_headers(&sent);
    assert_eq!(body_json(&sent), json!({"code": "SUB_vsyqdmlzble3uii", "token": "d7gofp6yppn3qz7"}));
    assert_eq!(enabled.message.as_deref(), Some("Subscription enabled successfully"));
    assert_round_trip(&enabled, &served);
}

#[tokio::test]
async fn subscription_manage_link_is_a_get() {
    let served = json!({
        "status": true,
        "message": "Link generated",
        "data": {"link": "https://paystack.com/manage/subscriptions/qlgwhpyq1ts9nsw?subscription_token=uqaw9s6r"}
    });
    let server = answering(200, &served).await;
    let link = client(&server).subscription_manage_link("a/b c?d").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "GET", "/subscription/a%2Fb%20c%3Fd/manage/link");
    assert_eq!(sent.url.query(), None);
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
    // Paystack's spec leaves `data` an untyped object, so the link is read by name.
    let data = link.data.as_ref().unwrap();
    assert!(data["link"].as_str().unwrap().starts_with("https://paystack.com/manage/subscriptions/"));
    assert_round_trip(&link, &served);
}

#[tokio::test]
async fn subscription_manage_email() {
    let served = json!({"status": true, "message": "Email successfully sent"});
    let server = answering(200, &served).await;
    let sent_email = client(&server).subscription_manage_email("SUB_6phdx225bavuwtb").await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/subscription/SUB_6phdx225bavuwtb/manage/email");
    assert_common_headers(&sent);
    assert!(sent.body.is_empty());
    assert_round_trip(&sent_email, &served);
}

#[tokio::test]
async fn every_documented_error_body_decodes() {
    let documented = [
        (401, json!({"status": false, "message": "Invalid key"})),
        (401, json!({"status": false, "message": "Format is Authorization Bearer [secret key]"})),
        (404, json!({"status": false, "message": "Entity not found"})),
        // The current spec's richer error body.
        (
            401,
            json!({
                "status": false, "message": "Invalid key", "meta": {"nextStep": "Check your secret key"},
                "type": "validation_error", "code": "validation_error", "errorCodeMappingNotFound": false
            }),
        ),
        // `default` declares no body: it is read with the operations' one
        // error schema, like any other status they do not declare.
        (
            400,
            json!({
                "status": false, "message": "Invalid plan", "meta": {"nextStep": "Check the plan code"},
                "type": "validation_error", "code": "validation_error"
            }),
        ),
    ];
    let mut checked = 0;
    for (status, served) in &documented {
        let server = answering(*status, served).await;
        let client = client(&server);
        for operation in contract::paystack::every_operation(&client) {
            let name = operation.name;
            if *status != 400 && !operation.error_statuses.contains(status) {
                continue;
            }
            let Err(Error::Api(error)) = operation.call.await else { panic!("{name} {status}: expected an API error") };
            assert_eq!(error.status.as_u16(), *status);
            assert_eq!(error.body, serde_json::to_vec(served).unwrap());
            let parsed = error.parsed.as_ref().unwrap_or_else(|| panic!("{name} {status}: body not parsed"));
            assert_eq!(parsed.status, Some(false));
            assert_round_trip(parsed, served);
            assert_eq!(error.message(), served["message"].as_str(), "{name} {status}");
            if served.get("code").is_some() {
                assert_eq!(parsed.code, Some(ErrorBodyCode::ValidationError));
            }
            if served.get("errorCodeMappingNotFound").is_some() {
                assert_eq!(parsed.error_code_mapping_not_found, Some(false));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 7 + 7 + 2 + 7 + 7);
}

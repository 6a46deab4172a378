//! What a downstream crate can do with an error: read any answered body as
//! its own type, name statuses without a reqwest dependency of its own, and
//! build errors and responses in unit tests that need no server.

use paystack_client::types::{ErrorBody, SubscriptionCreate};
use paystack_client::{ApiError, Client, Error, Response, StatusCode, reqwest};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_status_the_spec_forgot_is_read_with_the_operations_error_schema() {
    // Paystack declares only 200 and 401 for creating a subscription.
    let answer = json!({"status": false, "message": "This subscription is already in place."});
    let server = serve(json_response(409, "application/json", &answer)).await;
    let client = Client::builder().base_url(server.uri()).bearer_auth("sk_test_errors").build().unwrap();
    let error = client.subscription_create(SubscriptionCreate::new("CUS_1", "PLN_1")).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert_eq!(error.parsed().and_then(|body| body.status), Some(false));
    assert_eq!(error.message(), Some("This subscription is already in place."));
    assert_eq!(error.body(), Some(serde_json::to_vec(&answer).unwrap().as_slice()), "the raw body is kept too");
}

#[tokio::test]
async fn a_body_richer_than_its_schema_is_read_with_parse_as() {
    let answer = json!({"status": false, "message": "Plan is archived", "plan": {"code": "PLN_1", "archived_at": "2026-11-01"}});
    let server = serve(json_response(400, "application/json", &answer)).await;
    let client = Client::builder().base_url(server.uri()).bearer_auth("sk_test_errors").build().unwrap();
    let error = client.subscription_create(SubscriptionCreate::new("CUS_1", "PLN_1")).await.unwrap_err();

    #[derive(serde::Deserialize)]
    struct ArchivedPlan {
        plan: Plan,
    }
    #[derive(serde::Deserialize)]
    struct Plan {
        archived_at: String,
    }
    let body: ArchivedPlan = error.parse_as().expect("the server answered").expect("the body has a plan");
    assert_eq!(body.plan.archived_at, "2026-11-01");
    let Error::Api(api) = error else { panic!("an API error") };
    assert_eq!(api.parse_as::<ErrorBody>().unwrap().message.as_deref(), Some("Plan is archived"));
    assert_eq!(api.message(), Some("Plan is archived"));
}

#[tokio::test]
async fn message_reads_each_apis_error_schema() {
    // Conekta keeps its message in the first of its `details`.
    let answer = json!({"object": "error", "type": "parameter_validation_error",
        "details": [{"code": "conekta.errors.parameter_validation.plan", "message": "The plan does not exist."}]});
    let server = serve(json_response(422, "application/json", &answer)).await;
    let conekta = conekta_client::Client::builder().base_url(server.uri()).bearer_auth("key_errors").build().unwrap();
    let error = conekta.get_subscription("cus_1").await.unwrap_err();
    assert_eq!(error.message(), Some("The plan does not exist."));

    // The Subscription Service's body has a top-level `message`.
    let answer = json!({"code": "plan_missing", "message": "No such plan"});
    let server = serve(json_response(404, "application/json", &answer)).await;
    let service = subscription_service_client::Client::builder().base_url(server.uri()).build().unwrap();
    let error = service.get_subscription("sub_1").await.unwrap_err();
    assert_eq!(error.message(), Some("No such plan"));

    // PepGate declares no error body: any JSON, searched for the usual keys.
    let answer = json!({"error": {"message": "Invalid wallet"}});
    let server = serve(json_response(400, "application/json", &answer)).await;
    let pepgate = pepgate_client::Client::builder().base_url(server.uri()).build().unwrap();
    let error = pepgate.load_subscription("cus_1", "sub_1").await.unwrap_err();
    assert_eq!(error.message(), Some("Invalid wallet"));
}

/// Code of a downstream crate under test: what it tells its user about a failure.
fn explain(result: Result<Response<String>, Error<ErrorBody>>) -> String {
    match result {
        Ok(response) => format!("{} {}", response.status(), response.value()),
        Err(Error::Api(error)) => match &error.parsed {
            Some(body) => format!("{}: {}", error.status, body.message.as_deref().unwrap_or("?")),
            None => format!("{}: {}", error.status, error.body_text()),
        },
        Err(other) => other.to_string(),
    }
}

#[test]
fn errors_and_responses_can_be_built_without_a_server() {
    let parsed = ErrorBody { message: Some("Invalid key".into()), ..serde_json::from_value(json!({})).unwrap() };
    let error = ApiError::new(StatusCode::UNAUTHORIZED, reqwest::header::HeaderMap::new(), "{}", Some(parsed));
    assert_eq!(explain(Err(Error::Api(Box::new(error)))), "401 Unauthorized: Invalid key");
    let response = Response::new(StatusCode::OK, reqwest::header::HeaderMap::new(), "done".to_string());
    assert_eq!(explain(Ok(response)), "200 OK done");
}

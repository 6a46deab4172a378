//! What a downstream crate can do with an error: read any answered body as
//! its own type, name statuses without a reqwest dependency of its own, and
//! build errors and responses in unit tests that need no server.

use paystack_client::types::{ErrorBody, SubscriptionCreate};
use paystack_client::{ApiError, Client, Error, Response, StatusCode, reqwest};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_body_for_a_status_the_spec_forgot_is_read_with_parse_as() {
    // A status the spec does not declare for the operation.
    let answer = json!({"status": false, "message": "This subscription is already in place."});
    let server = serve(json_response(409, "application/json", &answer)).await;
    let client = Client::builder().base_url(server.uri()).bearer_auth("sk_test_errors").build().unwrap();
    let error = client.subscription_create(SubscriptionCreate::new("CUS_1", "PLN_1")).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert!(error.parsed().is_none(), "no schema is declared for 409");
    let body: ErrorBody = error.parse_as().expect("the server answered").expect("the body is an ErrorBody");
    assert_eq!(body.message.as_deref(), Some("This subscription is already in place."));
    let Error::Api(api) = error else { panic!("an API error") };
    assert_eq!(api.parse_as::<ErrorBody>().unwrap().status, Some(false));
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

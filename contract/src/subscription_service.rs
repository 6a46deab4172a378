use subscription_service_client::types::{ErrorBody, Subscription};
use subscription_service_client::{Client, Error};

use crate::{Operation, operation};

const SUBSCRIPTION: &str = "d87e0973-980a-4485-a39d-682184a8988a";
const EVERY_ERROR: &[u16] = &[400, 401, 403, 500];
/// The actions document only these two.
const ACTION_ERRORS: &[u16] = &[400, 401];
/// An update also answers 412 to a stale `dbVersion`.
const UPDATE_ERRORS: &[u16] = &[400, 401, 403, 412, 500];

pub fn client(base_url: &str, http: reqwest::Client) -> Client {
    Client::builder().base_url(base_url).http_client(http).jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").build().unwrap()
}

fn subscription() -> Subscription {
    Subscription {
        customer_id: Some("e0436791-5866-406d-b0c8-3ba32ead438a".into()),
        model_id: Some("5f7c3ad1c3a1d20001a7bd12".into()),
        name: Some("monthly-premium".into()),
        store_id: Some("store-eu".into()),
        db_version: Some(0),
        ..Default::default()
    }
}

pub fn every_operation(client: &Client) -> Vec<Operation<'_, Error<ErrorBody>>> {
    vec![
        operation("get_all_subscriptions", EVERY_ERROR, client.get_all_subscriptions().size(10).page(0)),
        operation("create_subscription", EVERY_ERROR, client.create_subscription(subscription())),
        operation("get_all_subscriptions_models", EVERY_ERROR, client.get_all_subscriptions_models().size(10).page(1)),
        operation("get_subscription_model", EVERY_ERROR, client.get_subscription_model("monthly-premium")),
        operation("delete_subscription", EVERY_ERROR, client.delete_subscription(SUBSCRIPTION)),
        operation("get_subscription", EVERY_ERROR, client.get_subscription(SUBSCRIPTION)),
        operation("update_subscription", UPDATE_ERRORS, client.update_subscription(SUBSCRIPTION, subscription())),
        operation("cancel_subscription", ACTION_ERRORS, client.cancel_subscription(SUBSCRIPTION)),
        operation("prebill_subscription", EVERY_ERROR, client.prebill_subscription(SUBSCRIPTION)),
        operation("reactivate_subscription", ACTION_ERRORS, client.reactivate_subscription(SUBSCRIPTION)),
        operation("suspend_subscription", ACTION_ERRORS, client.suspend_subscription(SUBSCRIPTION)),
        operation("upgrade_subscription", ACTION_ERRORS, client.upgrade_subscription(SUBSCRIPTION, subscription())),
    ]
}

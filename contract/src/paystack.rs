use chrono::DateTime;
use paystack_client::types::{ErrorBody, SubscriptionCreate, SubscriptionToggle};
use paystack_client::{Client, Error};

use crate::{Operation, operation};

const SUBSCRIPTION: &str = "SUB_vsyqdmlzble3uii";

pub fn client(base_url: &str, http: reqwest::Client) -> Client {
    Client::builder().base_url(base_url).http_client(http).bearer_auth("sk_test_contract").build().unwrap()
}

fn toggle() -> SubscriptionToggle {
    SubscriptionToggle { code: SUBSCRIPTION.into(), token: "d7gofp6yppn3qz7".into() }
}

pub fn every_operation(client: &Client) -> Vec<Operation<'_, Error<ErrorBody>>> {
    let create = SubscriptionCreate {
        customer: "CUS_xnxdt6s1zg1f4nx".into(),
        plan: "PLN_gx2wn530m0i3w3m".into(),
        authorization: Some("AUTH_6tmt288t0o".into()),
        start_date: Some(DateTime::parse_from_rfc3339("2017-05-16T00:30:13+01:00").unwrap().into()),
    };
    let list = client
        .subscription_list()
        .per_page(50)
        .page(2)
        .plan(2697466)
        .customer("CUS_xnxdt6s1zg1f4nx")
        .from(DateTime::parse_from_rfc3339("2016-09-21T00:00:00+01:00").unwrap())
        .to(DateTime::parse_from_rfc3339("2016-12-31T23:59:59Z").unwrap());
    vec![
        operation("subscription_list", &[401, 404], list),
        operation("subscription_create", &[401], client.subscription_create(create)),
        operation("subscription_fetch", &[401, 404], client.subscription_fetch(SUBSCRIPTION)),
        operation("subscription_disable", &[401], client.subscription_disable(toggle())),
        operation("subscription_enable", &[401], client.subscription_enable(toggle())),
        operation("subscription_manage_link", &[401], client.subscription_manage_link(SUBSCRIPTION)),
        operation("subscription_manage_email", &[401], client.subscription_manage_email(SUBSCRIPTION)),
    ]
}

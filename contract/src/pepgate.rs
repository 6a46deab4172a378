use chrono::NaiveDate;
use pepgate_client::types::{BillingCycleType, PaymentPlanType, Subscription, SubscriptionStatus};
use pepgate_client::{Client, Error};

use crate::{Operation, operation};

const CUSTOMER: &str = "10045";
const SUBSCRIPTION: &str = "70021";

pub fn client(base_url: &str, http: reqwest::Client) -> Client {
    Client::builder().base_url(base_url).http_client(http).basic_auth("svc-contract", "s3cret").build().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// PepGate documents no error statuses.
pub fn every_operation(client: &Client) -> Vec<Operation<'_, Error>> {
    let new = Subscription {
        plan_id: Some(3001),
        amount: Some(1999),
        billing_cycle_type: Some(BillingCycleType::M),
        r#type: Some(PaymentPlanType::F),
        length: Some(12),
        first_billing_date: Some(date("2024-02-01")),
        note: Some("Created by the contract run".into()),
        ..Default::default()
    };
    let change = Subscription { payment_option_id: Some(55013), note: Some("Card replaced".into()), ..Default::default() };
    let find = client
        .find_subscriptions(CUSTOMER)
        .offset(0)
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
        .name("Gold & Silver monthly");
    vec![
        operation("create_subscription", &[], client.create_subscription(CUSTOMER, new)),
        operation("find_subscriptions", &[], find),
        operation("load_subscription", &[], client.load_subscription(CUSTOMER, SUBSCRIPTION)),
        operation("modify_subscription", &[], client.modify_subscription(CUSTOMER, SUBSCRIPTION, change)),
    ]
}

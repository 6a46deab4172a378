use conekta_client::types::{AcceptLanguage, ErrorBody, SubscriptionRequest, SubscriptionUpdateRequest};
use conekta_client::{Client, Error};

use crate::{Operation, operation};

const CUSTOMER: &str = "cus_2tKcHxhTz7xU5SymF";
const CHILD_COMPANY: &str = "6441b6376b60c3a638da80af";

pub fn client(base_url: &str, http: reqwest::Client) -> Client {
    Client::builder().base_url(base_url).http_client(http).bearer_auth("key_test_contract").build().unwrap()
}

pub fn every_operation(client: &Client) -> Vec<Operation<'_, Error<ErrorBody>>> {
    let create = SubscriptionRequest {
        plan_id: "plan_2tXx672QLQ68CkmMn".into(),
        card_id: Some("src_2qUCNd5AyQqfPMBuV".into()),
        trial_end: Some(1484040996),
    };
    let update = SubscriptionUpdateRequest { plan_id: Some("plan_2tXx672QLQ68CkmMn".into()), ..Default::default() };
    vec![
        operation(
            "get_subscription",
            &[401, 404, 500],
            client.get_subscription(CUSTOMER).accept_language(AcceptLanguage::En),
        ),
        operation(
            "create_subscription",
            &[401, 404, 422, 500],
            client.create_subscription(CUSTOMER, create).accept_language("es").x_child_company_id(CHILD_COMPANY),
        ),
        operation(
            "update_subscription",
            &[401, 404, 422, 500],
            client.update_subscription(CUSTOMER, update).accept_language("en").x_child_company_id(CHILD_COMPANY),
        ),
        operation(
            "cancel_subscription",
            &[401, 404, 500],
            client.cancel_subscription(CUSTOMER).accept_language("en").x_child_company_id(CHILD_COMPANY),
        ),
        operation(
            "get_all_events_from_subscription",
            &[401, 402, 404, 422, 500],
            client.get_all_events_from_subscription(CUSTOMER).accept_language("en").x_child_company_id(CHILD_COMPANY),
        ),
        operation(
            "pause_subscription",
            &[401, 402, 404, 500],
            client.pause_subscription(CUSTOMER).accept_language("en").x_child_company_id(CHILD_COMPANY),
        ),
        operation(
            "resume_subscription",
            &[401, 402, 404, 422, 500],
            client.resume_subscription(CUSTOMER).accept_language("en").x_child_company_id(CHILD_COMPANY),
        ),
    ]
}

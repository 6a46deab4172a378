//! Unions (`specs/shapes/unions.yaml`): every member of every union decodes to
//! its own variant, whether serde could tell the members apart in order or the
//! client has to pick one by its shape.

use serde_json::{Value, json};
use unions_client::Client;
use unions_client::types::{CreatedFilter, EmailNotification, Event, Notification, Payment, PaymentBank, PaymentCard, Quantity, RangeQuerySpecs, WalletPayment};
use wiremock::MockServer;

use crate::support::*;

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

async fn answering(body: &Value) -> MockServer {
    serve(json_response(200, "application/json", body)).await
}

#[tokio::test]
async fn each_payment_method_decodes_by_the_fields_it_has() {
    // Every field is optional: in order, the first member (card) would take them all.
    let cases = [
        (json!({"number": "4242", "expiry": "12/30"}), Payment::Card(PaymentCard { number: Some("4242".into()), expiry: Some("12/30".into()) })),
        (json!({"iban": "DE89370400440532013000", "bic": "COBADEFFXXX"}), Payment::Bank(PaymentBank { iban: Some("DE89370400440532013000".into()), bic: Some("COBADEFFXXX".into()) })),
        (json!({"wallet_id": "w_1"}), Payment::Wallet(WalletPayment { wallet_id: Some("w_1".into()) })),
    ];
    for (served, expected) in cases {
        let server = answering(&served).await;
        let decoded = client(&server).create_payment(expected.clone()).await.unwrap();
        assert_eq!(decoded, expected, "{served}");
        // The request carried the variant's own fields, with no wrapper.
        assert_eq!(body_json(&only_request(&server).await), served);
    }
}

#[tokio::test]
async fn events_with_the_same_required_fields_decode_by_their_constant_type() {
    let served = json!([
        {"id": "ev_1", "type": "customer.deleted", "reason": "closed"},
        {"id": "ev_2", "type": "customer.created", "email": "ada@example.com"},
        {"id": "ev_3", "sequence": 7},
    ]);
    let server = answering(&served).await;
    let events = client(&server).list_events().await.unwrap();
    assert!(matches!(&events[0], Event::CustomerDeleted(e) if e.id == "ev_1" && e.reason.as_deref() == Some("closed")), "{:?}", events[0]);
    assert!(matches!(&events[1], Event::CustomerCreated(e) if e.email.as_deref() == Some("ada@example.com")), "{:?}", events[1]);
    assert!(matches!(&events[2], Event::Heartbeat(h) if h.sequence == Some(7)), "{:?}", events[2]);
    assert_round_trip(&events, &served);
}

#[tokio::test]
async fn a_tag_the_client_does_not_know_is_kept_with_the_tag_readable() {
    let served = json!([
        {"kind": "email", "to": "ada@example.com", "subject": "Receipt"},
        {"kind": "push", "to": "device_1", "badge": 3},
        {"to": "no kind at all"},
    ]);
    let server = answering(&served).await;
    let notifications = client(&server).list_notifications().await.unwrap();
    let email = EmailNotification { kind: "email".into(), to: "ada@example.com".into(), subject: Some("Receipt".into()) };
    assert_eq!(notifications[0], Notification::Email(email));
    assert_eq!(notifications[0].unknown_tag(), None);
    // Not the first member, nor any other: the data as it came, its tag readable.
    assert_eq!(notifications[1], Notification::Unknown(served[1].clone()));
    assert_eq!(notifications[1].unknown_tag(), Some("push"));
    assert_eq!(notifications[2], Notification::Unknown(served[2].clone()));
    assert_eq!(notifications[2].unknown_tag(), None);
    assert_round_trip(&notifications, &served);
}

#[tokio::test]
async fn an_integer_is_not_taken_by_the_number_member_before_it() {
    for (served, expected) in [(json!(12), Quantity::Integer(12)), (json!(2.5), Quantity::Number(2.5)), (json!("dozen"), Quantity::String("dozen".into()))] {
        let server = answering(&served).await;
        assert_eq!(client(&server).get_quantity("q").await.unwrap(), expected, "{served}");
    }
}

#[test]
fn members_of_different_kinds_decode_in_order() {
    let range: CreatedFilter = serde_json::from_value(json!({"gte": 1, "lt": 9})).unwrap();
    assert_eq!(range, CreatedFilter::RangeQuerySpecs(RangeQuerySpecs { gt: None, gte: Some(1), lt: Some(9), lte: None }));
    let exact: CreatedFilter = serde_json::from_value(json!(1700000000)).unwrap();
    assert_eq!(exact, CreatedFilter::Integer(1700000000));
}

#[tokio::test]
async fn an_event_of_a_kind_no_member_describes_is_kept_not_guessed() {
    // `customer.updated` is no member's `type`: not a heartbeat, though it has the heartbeat's `id`.
    let served = json!([
        {"id": "ev_4", "type": "customer.updated", "changes": {"email": "ada@example.com"}},
        {"id": "ev_5", "sequence": 8},
        {"object": "mystery"},
    ]);
    let server = answering(&served).await;
    let events = client(&server).list_events().await.unwrap();
    assert_eq!(events[0], Event::Unknown(served[0].clone()));
    assert!(matches!(&events[1], Event::Heartbeat(h) if h.sequence == Some(8)), "{:?}", events[1]);
    assert_eq!(events[2], Event::Unknown(served[2].clone()), "an object with none of a member's properties is no member");
    // What was kept is sent back exactly as it came.
    assert_round_trip(&events, &served);
}

#[test]
fn a_value_no_member_takes_in_order_is_kept_as_it_came() {
    let text: CreatedFilter = serde_json::from_value(json!("yesterday")).unwrap();
    assert_eq!(text, CreatedFilter::Unknown(json!("yesterday")));
    assert_eq!(serde_json::to_value(&text).unwrap(), json!("yesterday"));
    let payment: Payment = serde_json::from_value(json!({"token": "tok_1"})).unwrap();
    assert_eq!(payment, Payment::Unknown(json!({"token": "tok_1"})), "no payment method declares `token`");
}

#[tokio::test]
async fn a_union_query_parameter_is_written_as_its_member() {
    let server = answering(&json!([])).await;
    let range = CreatedFilter::RangeQuerySpecs(RangeQuerySpecs { gt: Some(5), ..Default::default() });
    client(&server).list_events().created(range).await.unwrap();
    client(&server).list_events().created(CreatedFilter::Integer(3)).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_pairs(&requests[0]), pairs(&[("created[gt]", "5")]));
    assert_eq!(query_pairs(&requests[1]), pairs(&[("created", "3")]));
}

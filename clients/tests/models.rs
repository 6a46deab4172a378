//! What the generated models promise, checked on the generated crates themselves.

use serde_json::json;

#[test]
fn unknown_enum_values_decode_and_reserialize_unchanged() {
    use pepgate_client::types::{BillingCycleType, SubscriptionStatus};
    let status: SubscriptionStatus = serde_json::from_value(json!("Z")).unwrap();
    assert_eq!(status, SubscriptionStatus::Unknown("Z".into()));
    assert_eq!(serde_json::to_value(&status).unwrap(), json!("Z"));
    let known: BillingCycleType = serde_json::from_value(json!("A")).unwrap();
    assert_eq!(known, BillingCycleType::A);
    assert_eq!(known.as_str(), "A");
    assert_eq!(BillingCycleType::from("Q"), BillingCycleType::Q);
    assert_eq!(BillingCycleType::from("weekly").to_string(), "weekly");
}

#[test]
fn enum_values_follow_the_rename_rule_both_ways() {
    use paystack_client::types::ErrorBodyCode;
    // `rename_all = "snake_case"` spells every value once; decoding, encoding,
    // `as_str` and `From<&str>` all agree on it.
    for (value, variant) in [
        ("validation_error", ErrorBodyCode::ValidationError),
        ("processor_error", ErrorBodyCode::ProcessorError),
        ("api_error", ErrorBodyCode::ApiError),
        ("ValidationError", ErrorBodyCode::Unknown("ValidationError".into())),
    ] {
        assert_eq!(serde_json::from_value::<ErrorBodyCode>(json!(value)).unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(value));
        assert_eq!(variant.as_str(), value);
        assert_eq!(ErrorBodyCode::from(value), variant);
    }
}

#[test]
fn nullable_fields_tell_absent_null_and_value_apart() {
    use conekta_client::Nullable;
    use conekta_client::types::SubscriptionResponse;
    let decoded: SubscriptionResponse = serde_json::from_value(json!({"canceled_at": null, "paused_at": 5})).unwrap();
    assert_eq!(decoded.canceled_at, Nullable::Null);
    assert_eq!(decoded.paused_at, Nullable::Value(5));
    assert_eq!(decoded.trial_end, Nullable::Absent);
    assert_eq!(decoded.paused_at.value(), Some(&5));

    let encoded = serde_json::to_value(SubscriptionResponse {
        canceled_at: Nullable::Null,
        paused_at: 7.into(),
        id: Some("gold-plan".into()),
        ..Default::default()
    })
    .unwrap();
    // Absent and unset optional fields are left out; an explicit null is sent.
    assert_eq!(encoded, json!({"canceled_at": null, "paused_at": 7, "id": "gold-plan"}));
}

#[test]
fn required_fields_are_required_and_unknown_fields_are_ignored() {
    use paystack_client::types::ListMeta;
    let meta: ListMeta = serde_json::from_value(json!({
        "total": 3, "skipped": 0, "perPage": 50, "page": 1, "pageCount": 1, "added_later": true
    }))
    .unwrap();
    assert_eq!(meta.per_page, 50);
    let missing = serde_json::from_value::<ListMeta>(json!({"total": 3}));
    assert!(missing.unwrap_err().to_string().contains("missing field `skipped`"));
}

#[test]
fn paystack_list_and_fetch_keep_their_own_shapes() {
    use paystack_client::types::{Authorization, ListedAuthorization};
    let listed = json!({
        "authorization_code": "AUTH_1", "bin": null, "last4": "4081", "exp_month": "12", "exp_year": "2030",
        "channel": "card", "card_type": null, "bank": "TEST BANK", "country_code": "NG", "brand": "visa",
        "reusable": 1, "signature": null, "account_name": null
    });
    let decoded: ListedAuthorization = serde_json::from_value(listed.clone()).unwrap();
    assert_eq!((decoded.reusable, decoded.bin), (1, None));
    // The fetch call's authorization has a boolean `reusable` and no null `bin`.
    assert!(serde_json::from_value::<Authorization>(listed).is_err());
}

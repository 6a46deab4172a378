//! Deserialization helpers that generated types name in serde attributes.

/// The variant of an open string enum that `value` names, read through the
/// enum's own serde derive, so each value is spelled once (in its `rename`);
/// `unknown` keeps any other value.
pub fn enum_from_str<'de, T: serde::Deserialize<'de>>(value: &'de str, unknown: fn(String) -> T) -> T {
    let deserializer = serde::de::value::BorrowedStrDeserializer::<serde::de::value::Error>::new(value);
    T::deserialize(deserializer).unwrap_or_else(|_| unknown(value.to_string()))
}

/// For optional fields of any JSON value: a `null` that is present is kept as
/// `Some(Value::Null)`, distinct from a missing field (`None`).
pub fn keep_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde::Deserialize::deserialize(deserializer).map(Some)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_null_tells_null_from_missing() {
        #[derive(serde::Deserialize)]
        struct Invoice {
            #[serde(default, deserialize_with = "keep_null")]
            last: Option<serde_json::Value>,
        }
        let missing: Invoice = serde_json::from_str("{}").unwrap();
        let null: Invoice = serde_json::from_str(r#"{"last": null}"#).unwrap();
        assert_eq!(missing.last, None);
        assert_eq!(null.last, Some(serde_json::Value::Null));
    }

}

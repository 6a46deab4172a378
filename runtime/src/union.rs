//! Picking the member of a union a JSON value was meant for.

/// A tagged union's `value`, decoded as the member its tag names and wrapped in
/// that member's variant.
pub fn tagged_variant<T: serde::de::DeserializeOwned, U, E: serde::de::Error>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> U,
) -> Result<U, E> {
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

/// A JSON number without a fraction, as an integer union member accepts.
pub fn is_integer(value: &serde_json::Value) -> bool {
    value.is_i64() || value.is_u64()
}

/// Any JSON value, as an untyped union member accepts.
pub fn is_any(_value: &serde_json::Value) -> bool {
    true
}

/// What a union member looks like on the wire: enough to pick the member a
/// value was meant for when trying members in order would pick the wrong one.
pub struct Shape {
    /// Whether the value is of the member's JSON kind.
    kind: fn(&serde_json::Value) -> bool,
    /// Properties the member requires.
    required: &'static [&'static str],
    /// The other properties it declares.
    optional: &'static [&'static str],
    /// Properties whose string value is one of a closed set, with the set.
    enumerated: &'static [(&'static str, &'static [&'static str])],
    /// The same, for properties of its object properties, by JSON pointer (`/definition/type`).
    nested: &'static [(&'static str, &'static [&'static str])],
}

impl Shape {
    /// An object member, by the properties it requires and the others it declares.
    pub const fn object(required: &'static [&'static str], optional: &'static [&'static str]) -> Self {
        Shape { kind: serde_json::Value::is_object, required, optional, enumerated: &[], nested: &[] }
    }

    /// A member that is not an object: any value `kind` accepts.
    pub const fn of_kind(kind: fn(&serde_json::Value) -> bool) -> Self {
        Shape { kind, required: &[], optional: &[], enumerated: &[], nested: &[] }
    }

    /// The same member, with properties that allow only the values listed.
    pub const fn with_values(self, enumerated: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Shape { enumerated, ..self }
    }

    /// The same member, with properties of its properties that allow only the values listed.
    pub const fn with_nested_values(self, nested: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Shape { nested, ..self }
    }

    /// How well `value` fits, or `None` if it cannot be this member: enumerated
    /// properties present count first, then declared properties present. An
    /// object fits only with the member's required properties, enumerated
    /// properties that hold one of their values, none of the
    /// union's `tags` the member does not declare (a `type` no member allows
    /// is an unknown kind, not the member without a `type`), and, unless it is
    /// empty, at least one property the member declares.
    fn fit(&self, value: &serde_json::Value, tags: &[&str]) -> Option<(usize, usize)> {
        use serde_json::Value;
        if !(self.kind)(value) {
            return None;
        }
        // `null` is no value of the enum, and no sign of another member either: a nullable enum holds it.
        let allowed = |value: &Value, values: &[&str]| value.is_null() || value.as_str().is_some_and(|text| values.contains(&text));
        if !self.nested.iter().all(|(pointer, values)| value.pointer(pointer).is_none_or(|value| allowed(value, values))) {
            return None;
        }
        let nested = self.nested.iter().filter(|(pointer, _)| value.pointer(pointer).is_some()).count();
        let Value::Object(map) = value else { return Some((nested, 0)) };
        let declares = |name: &str| self.required.contains(&name) || self.optional.contains(&name) || self.enumerated.iter().any(|(c, _)| *c == name);
        if !self.required.iter().all(|name| map.contains_key(*name)) {
            return None;
        }
        if !self.enumerated.iter().all(|(name, values)| map.get(*name).is_none_or(|value| allowed(value, values))) {
            return None;
        }
        // A member whose properties are not known (a nested union) declares nothing and is not ruled out.
        let declared_any = self.required.len() + self.optional.len() + self.enumerated.len() > 0;
        if declared_any && tags.iter().any(|tag| map.contains_key(*tag) && !declares(tag)) {
            return None;
        }
        if declared_any && !map.is_empty() && !map.keys().any(|key| declares(key)) {
            return None;
        }
        let enumerated = self.enumerated.iter().filter(|(name, _)| map.contains_key(*name)).count() + nested;
        let optional = self.optional.iter().filter(|name| map.contains_key(**name)).count();
        Some((enumerated, self.required.len() + optional))
    }
}

/// The members `value` fits, best fit first (by `Shape::fit`, ties in
/// declaration order). None fitting means the value is of a kind the spec does
/// not describe; the union keeps it as it is rather than guess a member.
pub fn union_candidates(value: &serde_json::Value, shapes: &[Shape]) -> Vec<usize> {
    // A property some member fixes to one value is a tag.
    let mut tags: Vec<&str> =
        shapes.iter().flat_map(|shape| shape.enumerated.iter()).filter(|(_, values)| values.len() == 1).map(|(name, _)| *name).collect();
    tags.sort_unstable();
    tags.dedup();
    let mut fitting: Vec<(usize, (usize, usize))> =
        shapes.iter().enumerate().filter_map(|(index, shape)| shape.fit(value, &tags).map(|fit| (index, fit))).collect();
    fitting.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    fitting.into_iter().map(|(index, _)| index).collect()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_candidates_are_the_members_a_value_fits_best_first() {
        const SHAPES: &[Shape] = &[
            Shape::object(&[], &["a"]),
            Shape::object(&["id"], &["type", "b"]).with_values(&[("type", &["x"])]),
            Shape::object(&["id"], &["type"]).with_values(&[("type", &["y"])]),
            Shape::of_kind(super::is_integer),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"id": "1", "type": "y"})), [2]);
        assert_eq!(order(serde_json::json!({"id": "1", "type": "x", "b": 1})), [1]);
        assert_eq!(order(serde_json::json!({"a": 1})), [0]);
        assert_eq!(order(serde_json::json!({})), [0]);
        assert_eq!(order(serde_json::json!(7)), [3]);
        // A float is no integer, a `type` no member allows is no member's, and
        // an object with none of a member's properties is not that member.
        assert!(order(serde_json::json!(1.5)).is_empty());
        assert!(order(serde_json::json!({"id": "1", "type": "z"})).is_empty());
        assert!(order(serde_json::json!({"a": 1, "type": "z"})).is_empty());
        assert!(order(serde_json::json!({"c": 1})).is_empty());
    }

    /// Found by samples on Figma's `Action`: a member whose `type` is one of
    /// `BACK` and `CLOSE` took every action that has a `type`.
    #[test]
    fn a_value_outside_a_members_enum_is_another_members() {
        const SHAPES: &[Shape] = &[
            Shape::object(&["type"], &[]).with_values(&[("type", &["BACK", "CLOSE"])]),
            Shape::object(&["type", "url"], &[]).with_values(&[("type", &["URL"])]),
            Shape::of_kind(super::is_any),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"type": "CLOSE"})), [0, 2]);
        assert_eq!(order(serde_json::json!({"type": "URL", "url": "https://example.com"})), [1, 2]);
        assert_eq!(order(serde_json::json!({"type": "UPDATE_MEDIA_RUNTIME", "mediaAction": "PLAY"})), [2]);
        // Found on Stripe's card options: a nullable enum sent as `null` rules nothing out.
        assert_eq!(order(serde_json::json!({"type": null})), [0, 2]);
    }

    /// Found by samples on Datadog's notebook cells: members alike but for
    /// the `type` of their `definition`.
    #[test]
    fn members_alike_at_the_top_differ_by_a_nested_value() {
        const SHAPES: &[Shape] = &[
            Shape::object(&["definition"], &["time"]).with_nested_values(&[("/definition/type", &["timeseries"])]),
            Shape::object(&["definition"], &["time"]).with_nested_values(&[("/definition/type", &["toplist"])]),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"definition": {"type": "toplist", "style": {}}})), [1]);
        assert_eq!(order(serde_json::json!({"definition": {"type": "timeseries"}})), [0]);
        assert_eq!(order(serde_json::json!({"definition": {}})), [0, 1]);
    }

    /// Found on Intercom's search filters: lists alike but for their items' enums.
    #[test]
    fn lists_alike_differ_by_their_first_items_values() {
        const SHAPES: &[Shape] = &[
            Shape::of_kind(serde_json::Value::is_array).with_nested_values(&[("/0/operator", &["AND", "OR"])]),
            Shape::of_kind(serde_json::Value::is_array).with_nested_values(&[("/0/operator", &["=", ">"])]),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!([{"field": "created_at", "operator": ">"}])), [1]);
        assert_eq!(order(serde_json::json!([{"operator": "OR", "value": []}])), [0]);
        assert_eq!(order(serde_json::json!([])), [0, 1]);
    }

}

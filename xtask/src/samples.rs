//! Samples: values made from a schema, for the schemas whose spec shows no
//! example of them and for the cases an example rarely shows.
//!
//! Deterministic and small. Each component schema gets:
//! - `all-fields`: every property, numbers at their upper bound;
//! - `required-only`: only the required properties, numbers at their lower bound;
//! - `nulls`: every property, each one that may be `null` set to `null`;
//! - `member N`: each member of a top-level `oneOf`/`anyOf`;
//! - `enum value N`: the Nth value of every enum, for each N past the first.
//!
//! Formats get valid values (`date-time`, `date`, `uuid`, `byte`, …). A sample
//! is validated against its schema like an example, so one the maker got
//! wrong (a `pattern` it cannot satisfy, say) is counted apart, never against
//! the client.

use serde_json::{Map, Value, json};

/// How one sample is made.
#[derive(Clone, Copy, Debug, Default)]
struct Recipe {
    /// Optional properties too, not only the required ones.
    all_fields: bool,
    /// Properties that may be `null` are `null`.
    nulls: bool,
    /// Numbers at their upper bound rather than their lower one.
    high: bool,
    /// The member a top-level `oneOf`/`anyOf` takes.
    member: usize,
    /// Which value each enum takes (modulo its length).
    enum_value: usize,
}

/// Deeper than this, only required properties are made; past `GIVE_UP`, none.
const SHALLOW: usize = 4;
const GIVE_UP: usize = 12;
/// At most this many `enum value N` and `member N` samples per schema.
const MOST_VARIANTS: usize = 8;

/// The samples of the schema at `pointer` in `root`, each with what it is.
pub fn samples(root: &Value, pointer: &str) -> Vec<(String, Value)> {
    let Some(schema) = root.pointer(pointer) else { return Vec::new() };
    let everything = Recipe { all_fields: true, high: true, ..Recipe::default() };
    let mut recipes = vec![
        ("all-fields".to_string(), everything),
        ("required-only".to_string(), Recipe::default()),
        ("nulls".to_string(), Recipe { nulls: true, ..everything }),
    ];
    let members = top_members(schema, root);
    recipes.extend((1..members.min(MOST_VARIANTS)).map(|member| (format!("member {member}"), Recipe { member, ..everything })));
    let widest = widest_enum(schema, root, 0).min(MOST_VARIANTS);
    recipes.extend((1..widest).map(|enum_value| (format!("enum value {enum_value}"), Recipe { enum_value, ..everything })));
    let mut made: Vec<(String, Value)> = Vec::new();
    for (name, recipe) in recipes {
        if let Some(value) = (Maker { root, recipe }).instance(schema, 0)
            && !made.iter().any(|(_, earlier)| *earlier == value)
        {
            made.push((name, value));
        }
    }
    made
}

struct Maker<'a> {
    root: &'a Value,
    recipe: Recipe,
}

impl Maker<'_> {
    fn instance(&self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > GIVE_UP {
            return None;
        }
        let schema = resolve(schema, self.root);
        let Value::Object(map) = schema else { return Some(json!("sample")) };
        // The schema's own `nullable` belongs to where it is used, not to its type.
        let nullable = map.get("nullable") == Some(&Value::Bool(true))
            || map.get("x-nullable") == Some(&Value::Bool(true))
            || map.get("type").and_then(Value::as_array).is_some_and(|types| types.contains(&json!("null")));
        if self.recipe.nulls && nullable && depth > 0 {
            return Some(Value::Null);
        }
        if let Some(value) = map.get("const") {
            return Some(value.clone());
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            return values.get(self.recipe.enum_value % values.len().max(1)).map(|v| (*v).clone());
        }
        // What the members make: an object's fields merge, anything else stands alone.
        let mut object = Map::new();
        let mut made_object = false;
        let mut other = None;
        let mut take = |value: Value| match value {
            Value::Object(fields) => {
                made_object = true;
                object.extend(fields);
            }
            value => other = Some(value),
        };
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.get(key).filter(|m| m.as_array().is_some_and(|m| !m.is_empty())) {
                let choice = if depth == 0 { self.recipe.member.min(members.len() - 1) } else { 0 };
                let mut value = self.instance(&members[choice], depth + 1)?;
                // A discriminated member carries its own tag.
                if let (Some((property, mut tags)), Value::Object(fields)) = (discriminator_tags(map, &members[choice]), &mut value) {
                    fields.insert(property, Value::String(tags.swap_remove(0)));
                }
                take(value);
            }
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            for member in members {
                take(self.instance(member, depth + 1)?);
            }
        }
        let typ = map.get("type").and_then(|t| match t {
            Value::String(t) => Some(t.as_str()),
            Value::Array(types) => types.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            _ => None,
        });
        let is_object = typ == Some("object") || (typ.is_none() && (map.contains_key("properties") || map.contains_key("additionalProperties")));
        if is_object {
            object.extend(self.object(map, depth)?);
            return Some(Value::Object(object));
        }
        if let Some(value) = other {
            return Some(value);
        }
        if made_object {
            return Some(Value::Object(object));
        }
        Some(match typ {
            Some("string") => self.string(map),
            Some("integer") => self.integer(map),
            Some("number") => self.number(map),
            Some("boolean") => Value::Bool(self.recipe.high),
            Some("array") => {
                let count = map.get("minItems").and_then(Value::as_u64).unwrap_or(1).clamp(1, 3);
                let item = map.get("items").cloned().unwrap_or(json!({}));
                let items: Option<Vec<Value>> = (0..count).map(|_| self.instance(&item, depth + 1)).collect();
                Value::Array(items?)
            }
            _ => json!("sample"),
        })
    }

    fn object(&self, map: &Map<String, Value>, depth: usize) -> Option<Map<String, Value>> {
        let required: Vec<&str> = map.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let mut object = Map::new();
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                let wanted = required.contains(&name.as_str()) || (self.recipe.all_fields && depth < SHALLOW);
                let read_only = resolve(property, self.root).get("readOnly") == Some(&Value::Bool(true));
                if wanted && !(read_only && !required.contains(&name.as_str()) && !self.recipe.all_fields) {
                    object.insert(name.clone(), self.instance(property, depth + 1)?);
                }
            }
        }
        if self.recipe.all_fields
            && depth < SHALLOW
            && let Some(additional) = map.get("additionalProperties").filter(|a| a.is_object())
        {
            object.insert("additional_key".into(), self.instance(additional, depth + 1)?);
        }
        Some(object)
    }

    fn string(&self, map: &Map<String, Value>) -> Value {
        let text = match map.get("format").and_then(Value::as_str).unwrap_or_default() {
            "date-time" if self.recipe.high => "2024-02-29T23:59:59.999+05:30",
            "date-time" => "1970-01-01T00:00:00Z",
            "date" => "2024-02-29",
            "time" => "23:59:59",
            "uuid" => "123e4567-e89b-42d3-a456-426614174000",
            "byte" => "c2FtcGxl",
            "email" => "ada@example.com",
            "uri" | "url" => "https://example.com/sample",
            "hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            _ => "sample",
        };
        if let Some(matching) = map.get("pattern").and_then(Value::as_str).and_then(matching) {
            return Value::String(matching);
        }
        let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = map.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
        let mut text = text.to_string();
        if text.len() < min {
            text.push_str(&"s".repeat(min - text.len()));
        }
        text.truncate(max.max(min));
        Value::String(text)
    }

    fn integer(&self, map: &Map<String, Value>) -> Value {
        let int32 = map.get("format").and_then(Value::as_str) == Some("int32");
        // Past 32 bits unless the format says otherwise: the width real APIs outgrow.
        let (floor, ceiling) = if int32 { (i64::from(i32::MIN), i64::from(i32::MAX)) } else { (-(1 << 40), 1 << 40) };
        let low = bound(map, "minimum", "exclusiveMinimum").map(|(min, exclusive)| min.ceil() as i64 + i64::from(exclusive && min.fract() == 0.0));
        let high = bound(map, "maximum", "exclusiveMaximum").map(|(max, exclusive)| max.floor() as i64 - i64::from(exclusive && max.fract() == 0.0));
        Value::from(if self.recipe.high { high.unwrap_or(ceiling.max(low.unwrap_or(floor))) } else { low.unwrap_or(floor.min(high.unwrap_or(ceiling))) })
    }

    fn number(&self, map: &Map<String, Value>) -> Value {
        // Exact in an f32 too, so a `format: float` field gives them back unchanged.
        let (floor, ceiling): (f64, f64) = (-1024.5, 1_048_576.25);
        let low = bound(map, "minimum", "exclusiveMinimum");
        let high = bound(map, "maximum", "exclusiveMaximum");
        let value = match (self.recipe.high, low, high) {
            (true, _, Some((max, false))) => max,
            (false, Some((min, false)), _) => min,
            (_, Some((min, _)), Some((max, _))) => (min + max) / 2.0,
            (true, Some((min, _)), None) => ceiling.max(min + 1.0),
            (false, None, Some((max, _))) => floor.min(max - 1.0),
            (true, None, Some((max, _))) => max - 1.0,
            (false, Some((min, _)), None) => min + 1.0,
            (true, None, None) => ceiling,
            (false, None, None) => floor,
        };
        json!(value)
    }
}

/// A string `pattern` matches, from a generator seeded the same every time;
/// ASCII where the pattern allows it, so it reads well in a report.
fn matching(pattern: &str) -> Option<String> {
    use rand::{Rng, SeedableRng};
    // The generator takes no anchors; a string the whole pattern matches satisfies them.
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = pattern.strip_suffix('$').filter(|p| !p.ends_with('\\')).unwrap_or(pattern);
    let ascii = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok();
    let hir = ascii.or_else(|| regex_syntax::Parser::new().parse(pattern).ok())?;
    let generator = rand_regex::Regex::with_hir(hir, 4).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    rng.sample::<Result<String, _>, _>(&generator).ok()
}

/// A numeric bound and whether it is exclusive: draft 4 marks that with a
/// boolean beside the bound, later drafts give the exclusive bound itself.
fn bound(map: &Map<String, Value>, key: &str, exclusive: &str) -> Option<(f64, bool)> {
    match (map.get(key).and_then(Value::as_f64), map.get(exclusive)) {
        (Some(value), Some(Value::Bool(true))) => Some((value, true)),
        (Some(value), _) => Some((value, false)),
        (None, Some(Value::Number(value))) => Some((value.as_f64()?, true)),
        _ => None,
    }
}

/// The discriminator property of a schema and the tags of one of its members
/// (a `$ref`): the mapping's keys for it (by ref or by schema name), or else
/// the name of its schema.
pub fn discriminator_tags(schema: &Map<String, Value>, member: &Value) -> Option<(String, Vec<String>)> {
    let discriminator = schema.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let reference = member.get("$ref")?.as_str()?;
    let name = reference.rsplit('/').next().unwrap_or_default();
    let names_member = |target: &Value| target.as_str().is_some_and(|t| t == reference || t == name);
    let mut tags: Vec<String> = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, target)| names_member(target))
        .map(|(tag, _)| tag.clone())
        .collect();
    if tags.is_empty() {
        tags.push(name.to_string());
    }
    Some((property.to_string(), tags))
}

/// `schema`, following local `$ref`s.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    generator::parse::follow_local_refs(root, schema, "").map_or(schema, |(schema, _)| schema)
}

/// How many members a top-level `oneOf`/`anyOf` has.
fn top_members(schema: &Value, root: &Value) -> usize {
    let schema = resolve(schema, root);
    ["oneOf", "anyOf"].iter().filter_map(|key| schema.get(key).and_then(Value::as_array)).map(Vec::len).max().unwrap_or(0)
}

/// The most values any enum has among the schema's properties (and the schema itself), a level or two down.
fn widest_enum(schema: &Value, root: &Value, depth: usize) -> usize {
    let schema = resolve(schema, root);
    let own = schema.get("enum").and_then(Value::as_array).map_or(0, |values| values.iter().filter(|v| !v.is_null()).count());
    if depth >= 2 {
        return own;
    }
    let nested = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|properties| properties.values())
        .chain(schema.get("items"))
        .chain(["allOf", "oneOf", "anyOf"].iter().filter_map(|key| schema.get(key).and_then(Value::as_array)).flatten())
        .map(|child| widest_enum(child, root, depth + 1))
        .max()
        .unwrap_or(0);
    own.max(nested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(schemas: Value) -> Value {
        json!({ "components": { "schemas": schemas } })
    }

    #[test]
    fn all_fields_required_only_and_nulls() {
        let root = root(json!({
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "count": { "type": "integer", "format": "int32", "minimum": 1 },
                    "note": { "type": "string", "nullable": true },
                    "at": { "type": "string", "format": "date-time" }
                }
            }
        }));
        let made = samples(&root, "/components/schemas/Thing");
        let by_name = |name: &str| made.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(
            by_name("all-fields"),
            json!({"id": "123e4567-e89b-42d3-a456-426614174000", "count": i32::MAX, "note": "sample", "at": "2024-02-29T23:59:59.999+05:30"})
        );
        assert_eq!(by_name("required-only"), json!({"id": "123e4567-e89b-42d3-a456-426614174000"}));
        assert_eq!(by_name("nulls")["note"], Value::Null);
    }

    #[test]
    fn each_member_and_each_enum_value() {
        let root = root(json!({
            "Pet": { "oneOf": [ { "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" } ] },
            "Cat": { "type": "object", "required": ["kind"], "properties": { "kind": { "enum": ["cat"] }, "lives": { "type": "integer" } } },
            "Dog": { "type": "object", "required": ["kind", "size"], "properties": { "kind": { "enum": ["dog"] }, "size": { "enum": ["s", "m", "l"] } } }
        }));
        let made = samples(&root, "/components/schemas/Pet");
        let names: Vec<&str> = made.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"member 1"), "{names:?}");
        let dog = &made.iter().find(|(n, _)| n == "member 1").unwrap().1;
        assert_eq!(dog["kind"], "dog");
        let sizes: Vec<Value> = samples(&root, "/components/schemas/Dog").into_iter().map(|(_, v)| v["size"].clone()).collect();
        for size in ["s", "m", "l"] {
            assert!(sizes.contains(&json!(size)), "{sizes:?}");
        }
    }

    #[test]
    fn a_pattern_is_matched() {
        let root = root(json!({ "Stamp": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$" } }));
        for (_, value) in samples(&root, "/components/schemas/Stamp") {
            let text = value.as_str().unwrap();
            assert!(text.len() == 16 && text.as_bytes()[10] == b' ', "{text}");
        }
    }

    #[test]
    fn recursion_ends_and_bounds_hold() {
        let root = root(json!({
            "Node": { "type": "object", "required": ["next"], "properties": { "next": { "$ref": "#/components/schemas/Node" } } },
            "Ratio": { "type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": true }
        }));
        assert!(samples(&root, "/components/schemas/Node").is_empty(), "a required cycle has no finite instance");
        for (_, value) in samples(&root, "/components/schemas/Ratio") {
            let ratio = value.as_f64().unwrap();
            assert!((0.0..1.0).contains(&ratio), "{ratio}");
        }
    }
}

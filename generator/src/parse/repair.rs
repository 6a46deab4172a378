//! Deserializes the normalized tree, dropping the smallest part around each
//! fault that is left (a parameter, a response, an operation, a component)
//! with a warning, instead of refusing the whole spec.

use openapiv3::{Components, OpenAPI};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ParseError, locate, try_at};
use crate::diagnostic::{Warning, pointer_tokens, push_pointer};

/// More faults than this and the file is not an OpenAPI document worth reading.
const MAX_REPAIRS: usize = 200;

pub(super) fn deserialize_repairing(
    raw: &mut Value,
    warnings: &mut Vec<Warning>,
    moved: &mut Vec<(String, String)>,
) -> Result<OpenAPI, ParseError> {
    if let Some(openapi) = read_in_two(raw) {
        return Ok(openapi);
    }
    for _ in 0..MAX_REPAIRS {
        let whole = match try_at::<OpenAPI>(raw, "") {
            Ok(openapi) => return Ok(openapi),
            Err(error) => error,
        };
        let fault = locate(raw).unwrap_or(whole);
        let ParseError::Schema { pointer, message } = &fault else { return Err(fault) };
        let Some(outcome) = drop_part(raw, pointer, moved) else { return Err(fault) };
        warnings.push(Warning::at(pointer.clone(), format!("{message}; {outcome}")));
    }
    Err(ParseError::Schema { pointer: String::new(), message: format!("more than {MAX_REPAIRS} faults; not read") })
}

/// Components with fewer entries than this are read on the calling thread:
/// a second thread would cost more than it saves.
const SECOND_THREAD_FROM_COMPONENTS: usize = 16;

/// The document read on two threads, its `components` (most of a large spec)
/// beside the rest; `None` if either part has a fault, which the caller then
/// locates reading the document whole, or if the components are too few to
/// be worth a thread. `raw` is left as it was.
fn read_in_two(raw: &mut Value) -> Option<OpenAPI> {
    let doc = raw.as_object_mut()?;
    let at = doc.keys().position(|key| key == "components")?;
    let entries: usize = doc.get("components")?.as_object()?.values().filter_map(Value::as_object).map(|kind| kind.len()).sum();
    if entries < SECOND_THREAD_FROM_COMPONENTS {
        return None;
    }
    let components = doc.shift_remove("components")?;
    let (rest, parts) = std::thread::scope(|scope| {
        let parts = scope.spawn(|| Components::deserialize(&components).ok());
        (OpenAPI::deserialize(&*raw).ok(), parts.join().ok().flatten())
    });
    raw.as_object_mut()?.shift_insert(at, "components".to_string(), components);
    let mut openapi = rest?;
    openapi.components = Some(parts?);
    Some(openapi)
}

/// Takes the smallest part holding the fault at `pointer` out of `raw`, saying what became of it.
fn drop_part(raw: &mut Value, pointer: &str, moved: &mut Vec<(String, String)>) -> Option<&'static str> {
    let tokens = pointer_tokens(pointer);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let is_method = |t: &str| super::METHODS.contains(&t);
    let (part, outcome): (&[&str], _) = match tokens.as_slice() {
        ["paths", _, "parameters", _, ..] => (&tokens[..4], Replacement::Remove("the parameter is left out")),
        ["paths", _, m, "parameters", _, ..] if is_method(m) => (&tokens[..5], Replacement::Remove("the parameter is left out")),
        ["paths", _, m, "responses", _, ..] if is_method(m) => (&tokens[..5], Replacement::Remove("the response is left out")),
        ["paths", _, m, "requestBody", ..] if is_method(m) => (&tokens[..4], Replacement::Remove("the body is left out")),
        ["paths", _, m, ..] if is_method(m) => (&tokens[..3], Replacement::Remove("the operation is left out")),
        ["paths", _, ..] => (&tokens[..2], Replacement::Remove("the path is left out")),
        ["components", "schemas", _, ..] => (&tokens[..3], Replacement::With(json!({}), "the schema is read as any JSON value")),
        ["components", "requestBodies", _, ..] => (
            &tokens[..3],
            Replacement::With(json!({"content": {"application/json": {}}}), "the body is sent as any JSON value"),
        ),
        ["components", "responses", _, ..] => (
            &tokens[..3],
            Replacement::With(json!({"description": ""}), "the response body is kept as raw bytes"),
        ),
        ["components", _, _, ..] => (&tokens[..3], Replacement::Remove("the component is left out")),
        ["servers", _, ..] => (&tokens[..2], Replacement::Remove("the server is left out")),
        ["security", ..] => (&tokens[..1], Replacement::With(json!([]), "no security requirement applies")),
        ["tags" | "externalDocs", ..] => (&tokens[..1], Replacement::Remove("it is left out")),
        ["info", ..] => {
            let title = raw.pointer("/info/title").and_then(Value::as_str).unwrap_or("API").to_string();
            let version = raw.pointer("/info/version").and_then(Value::as_str).unwrap_or("0.0.0").to_string();
            (&tokens[..1], Replacement::With(json!({"title": title, "version": version}), "only the title and version are kept"))
        }
        _ => return None,
    };
    let (last, parent_tokens) = part.split_last()?;
    let parent_pointer: String = parent_tokens.iter().fold(String::new(), |p, t| push_pointer(&p, t));
    let parent = raw.pointer_mut(&parent_pointer)?;
    match outcome {
        Replacement::With(value, outcome) => {
            let slot = match parent {
                Value::Array(items) => items.get_mut(last.parse::<usize>().ok()?)?,
                other => other.get_mut(*last)?,
            };
            *slot = value;
            Some(outcome)
        }
        Replacement::Remove(outcome) => {
            match parent {
                Value::Object(map) => {
                    map.shift_remove(*last)?;
                }
                Value::Array(items) => {
                    let index: usize = last.parse().ok().filter(|i| *i < items.len())?;
                    items.remove(index);
                    // Later items moved up by one.
                    for later in index..items.len() {
                        moved.push((push_pointer(&parent_pointer, &later.to_string()), push_pointer(&parent_pointer, &(later + 1).to_string())));
                    }
                }
                _ => return None,
            }
            Some(outcome)
        }
    }
}

enum Replacement {
    Remove(&'static str),
    With(Value, &'static str),
}

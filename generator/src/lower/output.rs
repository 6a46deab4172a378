//! The crate's output space: structurally identical inline types become one,
//! types nothing public reaches are not emitted, `operations.rs` imports the
//! types it can, and every media type the operations send is one named constant.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::SCHEMAS_PREFIX;
use heck::ToShoutySnakeCase;

use crate::ir::{visit, Arm, BodyEncoding, StatusVariant, Foreign, Operation, OperationsImports, Outcome, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// Whether a type is a component schema (named by the spec) rather than inline.
fn is_component(def: &TypeDef) -> bool {
    def.origin.strip_prefix(SCHEMAS_PREFIX).is_some_and(|rest| !rest.contains('/'))
}

/// Replaces every inline type by the first (shortest, then alphabetical) name of
/// the group of inline types identical to it in shape and docs, until no two
/// are alike: merging members can make their parents alike too.
///
/// Each type's shape is hashed once; a round re-hashes only the types whose
/// members it renamed, and types are compared whole only when their hashes meet.
pub(super) fn merge_identical(types: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation]) {
    let mut hashes: BTreeMap<String, u64> =
        types.values().filter(|def| !is_component(def)).map(|def| (def.name.clone(), shape_hash(def))).collect();
    loop {
        let mut buckets: HashMap<u64, Vec<&String>> = HashMap::new();
        for (name, hash) in &hashes {
            buckets.entry(*hash).or_default().push(name);
        }
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for mut names in buckets.into_values().filter(|names| names.len() > 1) {
            names.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
            // Equal hashes, not yet equal shapes: each name joins the first
            // earlier one it equals.
            let mut firsts: Vec<&String> = Vec::new();
            for name in names {
                let shape = |name: &String| types.get(name).map(|def| (&def.doc, &def.kind));
                match firsts.iter().find(|first| shape(first) == shape(name)) {
                    Some(first) => {
                        renames.insert(name.clone(), (*first).clone());
                    }
                    None => firsts.push(name),
                }
            }
        }
        if renames.is_empty() {
            return;
        }
        types.retain(|name, _| !renames.contains_key(name));
        hashes.retain(|name, _| !renames.contains_key(name));
        let changed = std::cell::Cell::new(false);
        let mut rename = |ty: &mut TypeRef| {
            if let TypeRef::Named(name) = ty
                && let Some(canonical) = renames.get(name)
            {
                *name = canonical.clone();
                changed.set(true);
            }
        };
        for def in types.values_mut() {
            visit::in_type_mut(&mut def.kind, &mut rename);
            if changed.take()
                && let Some(hash) = hashes.get_mut(&def.name)
            {
                *hash = shape_hash(def);
            }
        }
        for op in operations.iter_mut() {
            visit::in_operation_mut(op, &mut rename);
        }
    }
}

/// A hash of what makes two inline types the same: their docs and shape.
fn shape_hash(def: &TypeDef) -> u64 {
    use std::hash::{Hash, Hasher};
    // Fx: deterministic and several times faster than SipHash on the long
    // doc strings; a collision only costs a comparison.
    let mut hasher = rustc_hash::FxHasher::default();
    (&def.doc, &def.kind).hash(&mut hasher);
    hasher.finish()
}

/// An operation whose success or error enum has the same variants (statuses,
/// bodies and docs) and arms as an earlier operation's gets a type alias of the
/// first such enum instead of a copy: APIs that share their error responses
/// across operations would otherwise repeat them per operation.
pub(super) fn share_status_enums(operations: &mut [Operation]) {
    let mut first: HashMap<(Vec<StatusVariant>, Vec<Arm>), String> = HashMap::new();
    for op in operations.iter_mut() {
        for outcome in [&mut op.success, &mut op.error] {
            let Outcome::Enum(status_enum) = outcome else { continue };
            let key = (status_enum.variants.clone(), status_enum.arms.clone());
            match first.get(&key) {
                Some(name) => {
                    status_enum.doc = format!("{} The same type as [`{name}`].", status_enum.doc);
                    status_enum.same_as = Some(name.clone());
                }
                None => {
                    first.insert(key, status_enum.name.clone());
                }
            }
        }
    }
}

/// Drops the types no operation reaches, except component schemas nothing
/// absorbed: a spec names those for its users (webhook payloads, say), while a
/// component that only lent its properties to others (an allOf mixin, a
/// multipart body's schema) has nothing left to say.
pub(super) fn prune_unreached(types: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation], absorbed: &HashSet<String>) {
    let mut reached = BTreeSet::new();
    let mut pending: Vec<String> = types
        .values()
        .filter(|def| is_component(def) && !absorbed.contains(&def.name))
        .map(|def| def.name.clone())
        .collect();
    for op in operations.iter_mut() {
        visit::in_operation(op, &mut |ty| collect_name(ty, &mut pending));
    }
    while let Some(name) = pending.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(def) = types.get(&name) {
            visit::in_type(&def.kind, &mut |ty| collect_name(ty, &mut pending));
        }
    }
    types.retain(|name, _| reached.contains(name));
}

/// The visitors below already reach inside lists and maps.
fn collect_name(ty: &TypeRef, names: &mut Vec<String>) {
    if let TypeRef::Named(name) = ty {
        names.push(name.clone());
    }
}

/// How `operations.rs` names the types: a type named like a builder or an
/// outcome enum of the module is shadowed by that item, so it is named by path;
/// the glob import is there only if some signature names another type.
pub(super) fn operations_imports(types: &BTreeMap<String, TypeDef>, operations: &[Operation]) -> OperationsImports {
    let module_items: BTreeSet<String> = operations
        .iter()
        .flat_map(|op| [Some(op.builder_name.as_str()), outcome_name(&op.success), outcome_name(&op.error)])
        .flatten()
        .map(String::from)
        .collect();
    let by_path: BTreeSet<String> = module_items.iter().filter(|name| types.contains_key(*name)).cloned().collect();
    let mut types_glob = false;
    let mut used = BTreeSet::new();
    if !operations.is_empty() {
        used.insert(Foreign::Method);
    }
    for op in operations.iter() {
        visit::in_signature(op, &mut |ty| {
            types_glob |= matches!(ty, TypeRef::Named(name) if !by_path.contains(name));
            used.extend(Foreign::of(ty));
        });
    }
    let foreign = importable(used, |name| types.contains_key(name) || module_items.contains(name));
    OperationsImports { types_glob, by_path, foreign }
}

fn outcome_name(outcome: &Outcome) -> Option<&str> {
    match outcome {
        Outcome::Enum(status_enum) => Some(&status_enum.name),
        _ => None,
    }
}

/// The foreign types `types.rs` names (a map for every struct that keeps
/// unlisted properties) and can import.
pub(super) fn types_imports(types: &BTreeMap<String, TypeDef>) -> BTreeSet<Foreign> {
    let mut used = BTreeSet::new();
    for def in types.values() {
        if let TypeKind::Struct(s) = &def.kind
            && s.additional.is_some()
        {
            used.insert(Foreign::Map);
        }
        visit::in_type(&def.kind, &mut |ty| used.extend(Foreign::of(ty)));
    }
    importable(used, |name| types.contains_key(name))
}

/// The used foreign types whose names no item of the module takes.
fn importable(used: BTreeSet<Foreign>, taken: impl Fn(&str) -> bool) -> BTreeSet<Foreign> {
    used.into_iter().filter(|foreign| !foreign.names().iter().any(|name| taken(name))).collect()
}

/// A constant name for every `Accept` value and body media type the
/// operations write, keyed by the value: `application/json` → `JSON`,
/// `application/json, text/plain` → `JSON_OR_TEXT_PLAIN`.
pub(super) fn name_media_types(operations: &[Operation], names: &mut Namespace) -> BTreeMap<String, String> {
    let mut values = BTreeSet::new();
    for op in operations {
        if !op.accept.is_empty() {
            values.insert(op.accept.join(", "));
        }
        if let Some(streaming) = &op.streaming {
            values.insert(streaming.accept.clone());
        }
        if let Some(body) = &op.body
            && matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Text | BodyEncoding::Binary)
        {
            values.insert(body.media_type.clone());
        }
    }
    values
        .into_iter()
        .map(|value| {
            let name = value.split(',').map(|media| media_name(media.trim())).collect::<Vec<_>>().join("_OR_");
            let name = names.claim(&name);
            (value, name)
        })
        .collect()
}

/// A constant name for every security requirement the operations name, keyed
/// by its alternatives: `[[HTTPBearer]]` → `HTTP_BEARER`, `[[], [key]]` →
/// `NONE_OR_KEY`, `[[a, b]]` → `A_AND_B`.
pub(super) fn name_security_requirements(operations: &[Operation], names: &mut Namespace) -> BTreeMap<Vec<Vec<String>>, String> {
    let requirements: BTreeSet<&Vec<Vec<String>>> = operations.iter().map(|op| &op.security).filter(|s| !s.is_empty()).collect();
    requirements
        .into_iter()
        .map(|alternatives| {
            let name = alternatives.iter().map(|schemes| requirement_name(schemes)).collect::<Vec<_>>().join("_OR_");
            let name = names.claim(&name);
            (alternatives.clone(), name)
        })
        .collect()
}

fn requirement_name(schemes: &[String]) -> String {
    if schemes.is_empty() {
        return "NONE".to_string();
    }
    let name = schemes.iter().map(|scheme| scheme.to_shouty_snake_case()).collect::<Vec<_>>().join("_AND_");
    match name.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => name,
        _ => format!("SCHEME_{name}"),
    }
}

fn media_name(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or(media).trim();
    let short = essence.strip_prefix("application/").unwrap_or(essence);
    let name = short.to_shouty_snake_case();
    match name.chars().next() {
        None => "MEDIA_TYPE".to_string(),
        Some(first) if !first.is_ascii_alphabetic() => format!("MEDIA_{name}"),
        Some(_) => name,
    }
}

/// The request-id header the responses declare most often (the first in name
/// order on a tie), as the spec first spells it.
pub(super) fn request_id_header(operations: &[Operation]) -> Option<String> {
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let declared = operations.iter().flat_map(|op| &op.responses).flat_map(|response| &response.headers);
    for name in declared.filter(|name| naming::is_request_id(name)) {
        counts.entry(name.to_ascii_lowercase()).or_insert_with(|| (0, name.clone())).0 += 1;
    }
    let most = counts.values().map(|(count, _)| *count).max()?;
    counts.into_values().find(|(count, _)| *count == most).map(|(_, name)| name)
}

//! The API-wide error rules: what a status no response of an operation
//! declares is read as, and where each error body keeps its message.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{
    self, Arm, ArmAction, BodyEncoding, Decode, ErrorParse, Operation, Outcome, PathStep, StatusMatch, StatusVariant,
    TypeDef, TypeKind, TypeRef, ValuePath,
};

/// The keys an error body usually carries its message in, most telling
/// first. The runtime's `ErrorMessage for serde_json::Value` looks for the
/// same (a test checks the two lists agree).
const MESSAGE_KEYS: [&str; 7] = ["message", "error_message", "msg", "detail", "error_description", "error", "title"];

/// The API's common error body: the named JSON error schema the most
/// operations declare, when at least two do and no other ties with it.
pub(super) fn common_error(operations: &[Operation]) -> Option<TypeRef> {
    let mut uses: HashMap<&TypeRef, usize> = HashMap::new();
    for op in operations {
        let declared: Vec<&TypeRef> = op
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .filter_map(|r| r.body.as_ref())
            .filter(|body| body.encoding == BodyEncoding::Json && matches!(body.ty, TypeRef::Named(_)))
            .map(|body| &body.ty)
            .collect();
        for (index, ty) in declared.iter().enumerate() {
            if declared[..index].contains(ty) {
                continue;
            }
            *uses.entry(ty).or_default() += 1;
        }
    }
    let most = *uses.values().max()?;
    let mut leaders = uses.into_iter().filter(|&(_, count)| count == most);
    let (leader, _) = leaders.next()?;
    (most >= 2 && leaders.next().is_none()).then(|| leader.clone())
}

/// Reads the statuses an operation leaves undeclared as the API's common
/// error body where the operation has no error schema of its own to read
/// them with: operations that declare no error body take it as their error
/// type, and error enums get a variant for every other status. (An
/// operation with exactly one error schema reads them with that, decided
/// when its responses were classified.)
pub(super) fn read_undeclared_as_common(operations: &mut [Operation], common: &TypeRef) {
    for op in operations {
        match &mut op.error {
            Outcome::UntypedJson => op.error = Outcome::Type(common.clone()),
            Outcome::Enum(error_enum) => {
                // `Default` is the variant of a declared `default` response;
                // with one, no status is left undeclared.
                let name = "Default".to_string();
                let Some(catch_all) = error_enum.arms.iter_mut().find(|arm| is_unparsed_catch_all(arm)) else { continue };
                if error_enum.variants.iter().any(|v| v.name == name) {
                    continue;
                }
                catch_all.action = ArmAction::Fail(ErrorParse::Decode { decode: Decode::Json, variant: Some(name.clone()) });
                error_enum.variants.push(StatusVariant {
                    status: StatusMatch::Default,
                    name,
                    doc: "Any other status: the operation does not declare it, so its body is read as the API's common error body."
                        .into(),
                    body: Some(common.clone()),
                });
            }
            Outcome::Unit | Outcome::Type(_) => {}
        }
    }
}

fn is_unparsed_catch_all(arm: &Arm) -> bool {
    arm.statuses == [StatusMatch::Default] && arm.action == ArmAction::Fail(ErrorParse::Unparsed)
}

/// Every type that is an error body and can carry the impl of the runtime's
/// `ErrorMessage` (a struct, enum or union of the crate), with the path to
/// its message when its schema has an obvious message field.
pub(super) fn error_messages(types: &BTreeMap<String, TypeDef>, operations: &[Operation]) -> BTreeMap<String, Option<ValuePath>> {
    let mut bodies: Vec<&TypeRef> = Vec::new();
    for op in operations {
        match &op.error {
            Outcome::Type(ty) => bodies.push(ty),
            Outcome::Enum(error_enum) => bodies.extend(error_enum.variants.iter().filter_map(|v| v.body.as_ref())),
            Outcome::Unit | Outcome::UntypedJson => {}
        }
    }
    let mut messages = BTreeMap::new();
    for ty in bodies {
        let TypeRef::Named(name) = ir::resolve_alias(types, ty) else { continue };
        if matches!(types.get(name).map(|def| &def.kind), Some(TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_))) {
            messages.entry(name.clone()).or_insert_with(|| message_path(types, name));
        }
    }
    messages
}

/// Where the error objects of a body usually are, when they are not the body
/// itself: an `error` object, or the first of a list of them (as the runtime's
/// `NESTED_ERRORS`).
const NESTED_ERRORS: [&str; 3] = ["error", "errors", "details"];

/// `$.message` (or another usual key) holding text, else such a field of an
/// `error` object (`$.error.message`) or of the first of a list of errors
/// (`$.errors[0].detail`).
fn message_path(types: &BTreeMap<String, TypeDef>, name: &str) -> Option<ValuePath> {
    if let Some((step, key)) = text_field(types, name) {
        return Some(ValuePath { text: format!("$.{key}"), steps: vec![step], ty: TypeRef::String });
    }
    NESTED_ERRORS.iter().find_map(|&outer| {
        let (outer_step, outer_type) = field(types, name, outer)?;
        let (inner, first) = match ir::resolve_alias(types, outer_type) {
            TypeRef::Array(item) => (ir::resolve_alias(types, item), Some(PathStep::FirstItem)),
            other => (other, None),
        };
        let TypeRef::Named(inner) = inner else { return None };
        let (step, key) = text_field(types, inner)?;
        let text = format!("$.{outer}{}.{key}", if first.is_some() { "[0]" } else { "" });
        let steps = std::iter::once(outer_step).chain(first).chain([step]).collect();
        Some(ValuePath { text, steps, ty: TypeRef::String })
    })
}

/// The first field of the struct `name` with a usual message key and text.
fn text_field(types: &BTreeMap<String, TypeDef>, name: &str) -> Option<(PathStep, &'static str)> {
    MESSAGE_KEYS.iter().find_map(|&key| {
        let (step, ty) = field(types, name, key)?;
        (ir::resolve_alias(types, ty) == &TypeRef::String).then_some((step, key))
    })
}

fn field<'a>(types: &'a BTreeMap<String, TypeDef>, name: &str, wire_name: &str) -> Option<(PathStep, &'a TypeRef)> {
    let Some(TypeKind::Struct(s)) = types.get(name).map(|def| &def.kind) else { return None };
    let field = s.fields.iter().find(|field| field.wire_name == wire_name)?;
    Some((PathStep::Field { rust_name: field.rust_name.clone(), presence: field.presence() }, &field.ty))
}

#[cfg(test)]
mod tests {
    /// A generated `ErrorMessage` impl finds a message where the runtime's
    /// for any JSON would.
    #[test]
    fn the_message_keys_are_the_runtimes() {
        let runtime = include_str!("../../../runtime/src/error.rs");
        assert!(runtime.contains(&format!("const MESSAGE_KEYS: [&str; 7] = {:?};", super::MESSAGE_KEYS)));
        assert!(runtime.contains(&format!("const NESTED_ERRORS: [&str; 3] = {:?};", super::NESTED_ERRORS)));
    }
}

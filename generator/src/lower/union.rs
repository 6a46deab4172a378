//! oneOf / anyOf → a [`Union`]: its variants' names, and how a value finds its
//! variant (a discriminator, serde's in-order trial, or each member's shape).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{ObjectParts, variant_name};
use super::{LowerError, Lowerer};
use crate::diagnostic::push_pointer;
use crate::ir::{Discriminator, JsonKind, Shape, TypeRef, Union, UnionVariant};
use crate::naming::{self, Namespace};

impl Lowerer<'_> {
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        schema: &Schema,
        pointer: &str,
        type_name: &str,
        any_of: bool,
    ) -> Result<Union, LowerError> {
        let key = if any_of { "anyOf" } else { "oneOf" };
        let base = push_pointer(pointer, key);
        // Discriminated unions keep unlisted tags in `Unknown`; a member may not take the name.
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            let shape = self.shape(member, &at);
            let label = member_label(member, &shape);
            let hint = match &label {
                Some(Label::Title(title)) => title.clone(),
                Some(Label::Constant(value)) => format!("{type_name}{value}"),
                None => format!("{type_name}Variant{index}"),
            };
            let lowered = self.schema(member, &at, &hint)?;
            // A member listed twice could never be chosen the second time.
            if variants.iter().any(|v| v.ty == lowered.ty) {
                continue;
            }
            let mut tags = Vec::new();
            if let (Some(discriminator), ReferenceOr::Reference { reference }) = (discriminator, member) {
                tags.extend(discriminator.mapping.iter().filter(|(_, target)| *target == reference).map(|(tag, _)| tag.clone()));
                if tags.is_empty() {
                    tags.push(reference.rsplit('/').next().unwrap_or_default().to_string());
                }
            }
            // A `$ref` member has no label: it is named after its type.
            let base_name = match (&lowered.ty, label) {
                (_, Some(Label::Title(title) | Label::Constant(title))) => title,
                (TypeRef::Named(name), None) => without_stutter(name, type_name),
                (ty, None) => variant_name(ty, index),
            };
            variants.push(UnionVariant { rust_name: names.claim(&base_name), ty: lowered.ty, boxed: false, tags, shape });
        }
        let discriminator = match discriminator {
            Some(d) if variants.iter().all(|v| !v.tags.is_empty()) => Some(Discriminator { property: d.property_name.clone() }),
            Some(_) => {
                self.warn(pointer, "discriminator ignored: every oneOf member must be a $ref for it to apply");
                None
            }
            None => None,
        };
        let by_shape = discriminator.is_none()
            && variants.iter().enumerate().any(|(i, earlier)| variants[i + 1..].iter().any(|later| earlier.shape.shadows(&later.shape)));
        // A whole number is the integer member's, not the number member's.
        if variants.iter().any(|v| v.shape.kind == JsonKind::Integer) {
            for variant in variants.iter_mut().filter(|v| v.shape.kind == JsonKind::Number) {
                variant.shape.kind = JsonKind::Fraction;
            }
        }
        Ok(Union { variants, discriminator, any_of, by_shape })
    }

    /// The JSON kind, properties and constants of a member, as far as they can be read.
    fn shape(&mut self, member: &ReferenceOr<Schema>, pointer: &str) -> Shape {
        let Ok((schema, at)) = self.resolve(member, pointer) else { return Shape::default() };
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => JsonKind::String,
            SchemaKind::Type(Type::Integer(_)) => JsonKind::Integer,
            SchemaKind::Type(Type::Number(_)) => JsonKind::Number,
            SchemaKind::Type(Type::Boolean(_)) => JsonKind::Bool,
            SchemaKind::Type(Type::Array(_)) => JsonKind::Array,
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => JsonKind::Object,
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => JsonKind::Object,
            _ => return Shape::default(),
        };
        if kind != JsonKind::Object {
            return Shape { kind, ..Shape::default() };
        }
        let mut parts = ObjectParts::default();
        if !matches!(self.gather_member(&ReferenceOr::Item(schema), &at, &mut parts), Ok(true)) {
            return Shape::default();
        }
        let constants = parts
            .properties
            .iter()
            .filter_map(|(name, (property, at))| Some((name.clone(), self.constant(property, at)?)))
            .collect();
        let optional = parts.properties.keys().filter(|name| !parts.required.contains(name)).cloned().collect();
        Shape { kind, required: parts.required, optional, constants }
    }

    /// The one string a property allows, from a one-value enum (`const` is one).
    fn constant(&self, property: &ReferenceOr<Schema>, pointer: &str) -> Option<String> {
        let (schema, _) = self.resolve(property, pointer).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            },
            SchemaKind::Any(any) => match any.enumeration.as_slice() {
                [serde_json::Value::String(only)] => Some(only.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// What names an inline member: its `title`, or the value of its constant property.
enum Label {
    Title(String),
    Constant(String),
}

fn member_label(member: &ReferenceOr<Schema>, shape: &Shape) -> Option<Label> {
    let ReferenceOr::Item(schema) = member else { return None };
    let named = |text: &str| Some(naming::camel(text)).filter(|name| !name.is_empty());
    if let Some(title) = schema.schema_data.title.as_deref().and_then(named) {
        return Some(Label::Title(title));
    }
    match shape.constants.as_slice() {
        [(_, value)] => named(value).map(Label::Constant),
        _ => None,
    }
}

/// `PaymentSourceCard` in `PaymentSource` is the variant `Card`, and so is `CardPaymentSource`.
fn without_stutter(member: &str, union: &str) -> String {
    let rest = member.strip_prefix(union).or_else(|| member.strip_suffix(union));
    match rest {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => member.to_string(),
    }
}

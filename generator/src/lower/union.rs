//! oneOf / anyOf → a [`Union`]: its variants' names, and how a value finds its
//! variant (a discriminator, serde's in-order trial, or each member's shape).

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{Lowered, ObjectParts, placeholder, schema_doc, unbox, variant_name};
use super::{LowerError, Lowerer};
use crate::diagnostic::push_pointer;
use crate::ir::{Discriminator, JsonKind, Shape, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::{self, Namespace};

impl Lowerer<'_> {
    /// `beside` is the schema itself when it declares properties next to its
    /// members: those hold in every member, so each variant carries them too.
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        schema: &Schema,
        pointer: &str,
        type_name: &str,
        any_of: bool,
        beside: Option<&AnySchema>,
    ) -> Result<Union, LowerError> {
        let key = if any_of { "anyOf" } else { "oneOf" };
        let base = push_pointer(pointer, key);
        // Discriminated unions keep unlisted tags in `Unknown`; a member may not take the name.
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants: Vec<UnionVariant> = Vec::new();
        let beside = beside.map(|own| (own, pointer));
        for (index, member) in members.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            let shape = self.shape(member, &at, beside);
            let label = member_label(member, &shape);
            let hint = match (&label, member) {
                (Some(Label::Title(title)), _) => title.clone(),
                (Some(Label::Constant(value)), _) => format!("{type_name}{value}"),
                (None, ReferenceOr::Reference { reference }) if beside.is_some() => {
                    format!("{type_name}{}", naming::camel(reference.rsplit('/').next().unwrap_or_default()))
                }
                (None, _) => format!("{type_name}Variant{index}"),
            };
            let lowered = match beside {
                Some(beside) => self.member_with_beside(member, beside, &at, &hint)?,
                None => self.schema(member, &at, &hint)?,
            };
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

    /// A member merged with the properties `beside` it into a struct of its
    /// own, the member's definition of a property winning over the one beside
    /// it. A member that is not an object cannot take them and is used alone.
    fn member_with_beside(
        &mut self,
        member: &ReferenceOr<Schema>,
        (beside, beside_at): (&AnySchema, &str),
        pointer: &str,
        hint: &str,
    ) -> Result<Lowered, LowerError> {
        let Some(parts) = self.gather_with_beside(member, pointer, Some((beside, beside_at)))? else {
            self.warn(pointer, "member is not an object, so the properties beside the oneOf/anyOf do not apply to it");
            return self.schema(member, pointer, hint);
        };
        let name = self.claim_type_name(hint);
        self.types.insert(name.clone(), placeholder(&name, pointer));
        let kind = TypeKind::Struct(self.object_struct(parts, &name)?);
        let doc = match member {
            ReferenceOr::Item(schema) => schema_doc(schema),
            ReferenceOr::Reference { .. } => None,
        };
        self.types.insert(name.clone(), TypeDef { name: name.clone(), doc, origin: pointer.into(), kind });
        Ok(Lowered { ty: TypeRef::Named(name), nullable: false })
    }

    /// The properties of `member` and of the schema `beside` it, the member's
    /// definition of a property winning; `None` if the member is not an object.
    fn gather_with_beside(
        &mut self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        beside: Option<(&AnySchema, &str)>,
    ) -> Result<Option<ObjectParts>, LowerError> {
        let mut own = ObjectParts::default();
        if !self.gather_member(member, pointer, &mut own)? {
            return Ok(None);
        }
        Ok(Some(self.with_beside(own, beside)))
    }

    /// `own` properties and those `beside` them, `own`'s definition of a property winning.
    fn with_beside(&mut self, own: ObjectParts, beside: Option<(&AnySchema, &str)>) -> ObjectParts {
        let Some((beside, beside_at)) = beside else { return own };
        let mut parts = ObjectParts::default();
        self.gather_object(&beside.properties, &beside.required, beside.additional_properties.as_ref(), beside_at, &mut parts);
        parts.properties.extend(own.properties);
        for key in own.required {
            if !parts.required.contains(&key) {
                parts.required.push(key);
            }
        }
        parts.additional = own.additional.or(parts.additional);
        parts
    }

    /// The JSON kind, properties and enumerated values of a member (with the
    /// properties beside it, if any), as far as they can be read.
    fn shape(&mut self, member: &ReferenceOr<Schema>, pointer: &str, beside: Option<(&AnySchema, &str)>) -> Shape {
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
        if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
            // Arrays alike but for what their items hold differ by the first item's enumerated values.
            let nested = array.items.as_ref().map(|items| self.first_item_values(&unbox(items), &push_pointer(&at, "items"))).unwrap_or_default();
            return Shape { kind, nested, ..Shape::default() };
        }
        if kind != JsonKind::Object {
            return Shape { kind, ..Shape::default() };
        }
        let mut own = ObjectParts::default();
        if !matches!(self.gather_schema(&schema, &at, &mut own), Ok(true)) {
            return Shape::default();
        }
        let parts = self.with_beside(own, beside);
        let enumerated = parts
            .properties
            .iter()
            .filter_map(|(name, (property, at))| Some((name.clone(), self.enumerated(property, at)?)))
            .collect();
        let mut nested = Vec::new();
        for (name, (property, at)) in &parts.properties {
            let mut inner = ObjectParts::default();
            if !matches!(self.gather_member(property, at, &mut inner), Ok(true)) {
                continue;
            }
            for (inner_name, (inner_property, inner_at)) in &inner.properties {
                if let Some(values) = self.enumerated(inner_property, inner_at).filter(|values| values.len() == 1) {
                    nested.push((push_pointer(&push_pointer("", name), inner_name), values));
                }
            }
        }
        let optional = parts.properties.keys().filter(|name| !parts.required.contains(name)).cloned().collect();
        let required_nullable = parts
            .required
            .iter()
            .filter(|name| parts.properties.get(*name).is_some_and(|(property, at)| self.admits_null(property, at)))
            .cloned()
            .collect();
        Shape { kind, required: parts.required, required_nullable, optional, enumerated, nested }
    }

    /// The enumerated properties of an array's items, as pointers into its first item
    /// (`/0/operator`): Intercom's filter lists differ only there.
    fn first_item_values(&mut self, items: &ReferenceOr<Schema>, pointer: &str) -> Vec<(String, Vec<String>)> {
        let mut parts = ObjectParts::default();
        if !matches!(self.gather_member(items, pointer, &mut parts), Ok(true)) {
            return Vec::new();
        }
        parts
            .properties
            .iter()
            .filter_map(|(name, (property, at))| Some((push_pointer("/0", name), self.enumerated(property, at)?)))
            .collect()
    }

    /// The strings a property allows, from an enum of strings (`const` is a
    /// one-value enum); not a long list, which would tell members apart no
    /// better than its first values and weigh on every decode.
    fn enumerated(&self, property: &ReferenceOr<Schema>, pointer: &str) -> Option<Vec<String>> {
        const MOST_VALUES: usize = 16;
        let (schema, _) = self.resolve(property, pointer).ok()?;
        let values: Vec<String> = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
            SchemaKind::Any(any) if any.enumeration.iter().all(|v| v.is_string() || v.is_null()) => {
                any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            _ => return None,
        };
        (!values.is_empty() && values.len() <= MOST_VALUES).then_some(values)
    }
}

/// What names an inline member: its `title`, or the one value its enumerated property allows.
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
    match shape.enumerated.as_slice() {
        [(_, values)] if values.len() == 1 => named(&values[0]).map(Label::Constant),
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

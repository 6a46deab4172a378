//! Schemas → `TypeRef`s and named `TypeDef`s.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{LowerError, Lowerer, SCHEMAS_PREFIX, ref_pointer};
use crate::diagnostic::push_pointer;
use crate::ir::{
    AdditionalField, Enum, EnumRepr, EnumVariant, Field, IntWidth, RenameRule, Struct, TypeDef, VariantRule,
    TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// A lowered schema use: its type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Properties gathered from an object schema or the members of an allOf.
#[derive(Default)]
pub(super) struct ObjectParts {
    pub(super) properties: IndexMap<String, (ReferenceOr<Schema>, String)>,
    pub(super) required: Vec<String>,
    pub(super) additional: Option<(AdditionalProperties, String)>,
}

impl Lowerer<'_> {
    /// Lowers a schema use. `hint` names an inline type that needs a name.
    pub(super) fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Result<Lowered, LowerError> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_schema(schema, pointer, hint),
        }
    }

    /// [`schema`](Self::schema) of a boxed schema (an array's items),
    /// lowered where it is rather than from a copy.
    pub(super) fn boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Result<Lowered, LowerError> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_schema(schema, pointer, hint),
        }
    }

    fn schema_ref(&mut self, reference: &str, pointer: &str) -> Result<Lowered, LowerError> {
        let resolved = ref_pointer(reference, pointer).and_then(|_| self.resolve_ref::<Schema>(reference, pointer));
        // Any value can stand in for a schema that cannot be found.
        let (schema, target) = match resolved {
            Ok(resolved) => resolved,
            Err(error) => {
                self.warn(&error.pointer, format!("{}; using serde_json::Value", error.message));
                return Ok(Lowered { ty: TypeRef::Json, nullable: false });
            }
        };
        if target.starts_with(SCHEMAS_PREFIX) && !target[SCHEMAS_PREFIX.len()..].contains('/') {
            let name = self.named_schema(&target)?;
            let nullable = schema.schema_data.nullable || self.a_member_admits_null(&schema, &target);
            return Ok(Lowered { ty: TypeRef::Named(name), nullable });
        }
        // A pointer into the middle of something: lower it where it stands,
        // named after its last token.
        let hint = naming::camel(target.rsplit('/').next().unwrap_or("Value"));
        self.inline_schema(&schema, &target, &hint)
    }

    /// Whether a property's schema admits `null`, as its field's type will.
    pub(super) fn admits_null(&self, property: &ReferenceOr<Schema>, pointer: &str) -> bool {
        let Ok((schema, at)) = self.resolve(property, pointer) else { return false };
        let single_all_of = match &schema.schema_kind {
            SchemaKind::Any(any) if any.all_of.len() == 1 => self.resolve(&any.all_of[0], &at).is_ok_and(|(inner, _)| inner.schema_data.nullable),
            _ => false,
        };
        schema.schema_data.nullable || single_all_of || self.a_member_admits_null(&schema, &at)
    }

    /// Whether a `oneOf`/`anyOf` admits `null` through a member that does
    /// (Datadog's `NotebookGlobalTime` through a nullable member): a field of
    /// the union's type then tells `null` from absent, as a nullable one does.
    fn a_member_admits_null(&self, schema: &Schema, pointer: &str) -> bool {
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members,
            SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
            SchemaKind::Any(any) => &any.any_of,
            _ => return false,
        };
        members.iter().any(|member| self.resolve(member, pointer).is_ok_and(|(member, _)| member.schema_data.nullable))
    }

    /// The Rust name of the component schema at `pointer`, lowering it on first use.
    pub(super) fn named_schema(&mut self, pointer: &str) -> Result<String, LowerError> {
        let name = self
            .named
            .get(pointer)
            .cloned()
            .ok_or_else(|| LowerError::new(pointer, "not a component schema"))?;
        if self.types.contains_key(&name) {
            return Ok(name);
        }
        let schema = match self.resolve_ref::<Schema>(&format!("#{pointer}"), pointer) {
            Ok((schema, _)) => schema,
            // A component that is a reference nobody can follow stands for any value.
            Err(error) => {
                self.warn(&error.pointer, format!("{}; using serde_json::Value", error.message));
                let kind = TypeKind::Alias(TypeRef::Json);
                self.types.insert(name.clone(), TypeDef { name: name.clone(), doc: None, origin: pointer.into(), kind });
                return Ok(name);
            }
        };
        // Reserve the slot before lowering so that a recursive use finds it.
        self.types.insert(name.clone(), placeholder(&name, pointer));
        let warned = self.warnings.len();
        let kind = match self.named_kind(&schema, pointer, &name)? {
            Some(kind) => kind,
            None => match self.inline_schema(&schema, pointer, &name)?.ty {
                // Neither a named type nor a use of another: nothing to alias.
                TypeRef::Named(target) if target == name => {
                    if self.warnings.len() == warned {
                        self.warn(pointer, "schema shape not representable; using serde_json::Value");
                    }
                    TypeKind::Alias(TypeRef::Json)
                }
                ty => TypeKind::Alias(ty),
            },
        };
        let doc = schema_doc(&schema);
        self.types.insert(name.clone(), TypeDef { name: name.clone(), doc, origin: pointer.into(), kind });
        Ok(name)
    }

    /// A new named type for an inline schema.
    fn define(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Option<TypeRef>, LowerError> {
        if let Some(name) = self.named.get(pointer) {
            return Ok(Some(TypeRef::Named(name.clone())));
        }
        let name = self.claim_type_name(hint);
        self.named.insert(pointer.to_string(), name.clone());
        self.types.insert(name.clone(), placeholder(&name, pointer));
        match self.named_kind(schema, pointer, &name)? {
            Some(kind) => {
                let doc = schema_doc(schema);
                self.types.insert(name.clone(), TypeDef { name: name.clone(), doc, origin: pointer.into(), kind });
                Ok(Some(TypeRef::Named(name)))
            }
            None => {
                self.types.remove(&name);
                self.named.remove(pointer);
                Ok(None)
            }
        }
    }

    /// The kind of named type a schema needs, or `None` if it is a plain type use.
    fn named_kind(&mut self, schema: &Schema, pointer: &str, name: &str) -> Result<Option<TypeKind>, LowerError> {
        Ok(Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values = s.enumeration.iter().flatten().cloned().collect();
                TypeKind::Enum(self.enumeration(values, EnumRepr::String, schema))
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values = i.enumeration.iter().flatten().map(|v| v.to_string()).collect();
                TypeKind::Enum(self.enumeration(values, EnumRepr::Integer, schema))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let mut parts = ObjectParts::default();
                self.gather_object(&o.properties, &o.required, o.additional_properties.as_ref(), pointer, &mut parts);
                TypeKind::Struct(self.object_struct(parts, name)?)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => match self.merge_all_of(all_of, None, pointer)? {
                Some(parts) => TypeKind::Struct(self.object_struct(parts, name)?),
                None => return Ok(None),
            },
            SchemaKind::OneOf { one_of } if one_of.len() > 1 => {
                TypeKind::Union(self.union(one_of, schema, pointer, name, false, None)?)
            }
            SchemaKind::AnyOf { any_of } if any_of.len() > 1 => {
                TypeKind::Union(self.union(any_of, schema, pointer, name, true, None)?)
            }
            SchemaKind::Any(any) if is_single_all_of(any) => return Ok(None),
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    let own = (!any.properties.is_empty()).then_some((any, pointer));
                    match self.merge_all_of(&any.all_of, own, pointer)? {
                        Some(parts) => TypeKind::Struct(self.object_struct(parts, name)?),
                        None => return Ok(None),
                    }
                } else if any.one_of.len() > 1 || any.any_of.len() > 1 {
                    let (members, any_of) = if any.one_of.len() > 1 { (&any.one_of, false) } else { (&any.any_of, true) };
                    // Properties beside the members hold in every one of them.
                    let beside = (!any.properties.is_empty()).then_some(any);
                    TypeKind::Union(self.union(members, schema, pointer, name, any_of, beside)?)
                } else if !any.properties.is_empty() {
                    let mut parts = ObjectParts::default();
                    self.gather_object(&any.properties, &any.required, any.additional_properties.as_ref(), pointer, &mut parts);
                    TypeKind::Struct(self.object_struct(parts, name)?)
                } else if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
                    let values = any.enumeration.iter().filter_map(|v| v.as_str().map(String::from)).collect();
                    TypeKind::Enum(self.enumeration(values, EnumRepr::String, schema))
                } else {
                    return Ok(None);
                }
            }
            _ => return Ok(None),
        }))
    }

    fn inline_schema(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered, LowerError> {
        let nullable = schema.schema_data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().all(Option::is_none) => string_type(&s.format),
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().all(Option::is_none) => TypeRef::Integer(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntWidth::I32,
                _ => IntWidth::I64,
            }),
            // `format: float` too: seven significant digits are too few for
            // what APIs mark `float` (Recurly's amounts reach 9999999999999.99).
            SchemaKind::Type(Type::Number(_)) => TypeRef::Float,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), pointer, hint)?,
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.map(o.additional_properties.as_ref(), pointer, hint)?
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } | SchemaKind::AllOf { all_of: members }
                if members.len() == 1 =>
            {
                let inner = self.schema(&members[0], &push_pointer(&push_pointer(pointer, kind_key(&schema.schema_kind)), "0"), hint)?;
                return Ok(Lowered { ty: inner.ty, nullable: nullable || inner.nullable });
            }
            // `{type: string, allOf: [$ref]}`, `{allOf: [$ref], nullable, description}`: that one type.
            SchemaKind::Any(any) if is_single_all_of(any) => {
                let inner = self.schema(&any.all_of[0], &push_pointer(&push_pointer(pointer, "allOf"), "0"), hint)?;
                return Ok(Lowered { ty: inner.ty, nullable: nullable || inner.nullable });
            }
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` schemas cannot be expressed in Rust types; using serde_json::Value");
                TypeRef::Json
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() && any.one_of.len() <= 1 && any.any_of.len() <= 1 => {
                if let Some(only) = any.one_of.first().or(any.any_of.first()) {
                    let key = if any.one_of.is_empty() { "anyOf" } else { "oneOf" };
                    let inner = self.schema(only, &push_pointer(&push_pointer(pointer, key), "0"), hint)?;
                    return Ok(Lowered { ty: inner.ty, nullable: nullable || inner.nullable });
                }
                // The declared type wins over keywords that belong to another
                // (Paystack's `has_invoice` is a boolean with `items`).
                let scalar = matches!(any.typ.as_deref(), Some("string" | "integer" | "number" | "boolean"));
                if !any.enumeration.is_empty() && !matches!(any.typ.as_deref(), Some("array" | "object")) {
                    match self.define(schema, pointer, hint)? {
                        Some(ty) => ty,
                        None => TypeRef::Json,
                    }
                } else if scalar {
                    match any.typ.as_deref() {
                        Some("string") => string_format(any.format.as_deref().unwrap_or_default()),
                        Some("integer") => TypeRef::Integer(if any.format.as_deref() == Some("int32") { IntWidth::I32 } else { IntWidth::I64 }),
                        Some("number") => TypeRef::Float,
                        _ => TypeRef::Bool,
                    }
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    self.array(any.items.as_ref(), pointer, hint)?
                } else if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
                    self.map(any.additional_properties.as_ref(), pointer, hint)?
                } else {
                    TypeRef::Json
                }
            }
            _ => match self.define(schema, pointer, hint)? {
                Some(ty) => ty,
                None => {
                    self.warn(pointer, "schema shape not representable; using serde_json::Value");
                    TypeRef::Json
                }
            },
        };
        let nullable = nullable || self.a_member_admits_null(schema, pointer);
        Ok(Lowered { ty, nullable })
    }

    fn array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, pointer: &str, hint: &str) -> Result<TypeRef, LowerError> {
        let item = match items {
            Some(items) => {
                let at = push_pointer(pointer, "items");
                let item = nullable_element(self.boxed_schema(items, &at, &format!("{hint}Item"))?);
                self.name_if_deep(item, &at, &format!("{hint}Item"))
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    fn map(&mut self, additional: Option<&AdditionalProperties>, pointer: &str, hint: &str) -> Result<TypeRef, LowerError> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let at = push_pointer(pointer, "additionalProperties");
                let value = nullable_element(self.schema(schema, &at, &format!("{hint}Value"))?);
                self.name_if_deep(value, &at, &format!("{hint}Value"))
            }
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    /// Containers nested two deep inside another get a name of their own
    /// (`pub type …Value = BTreeMap<String, Vec<Item>>;`), so no field type is
    /// a wall of brackets.
    fn name_if_deep(&mut self, ty: TypeRef, pointer: &str, hint: &str) -> TypeRef {
        fn depth(ty: &TypeRef) -> usize {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => 1 + depth(inner),
                _ => 0,
            }
        }
        if depth(&ty) < 2 {
            return ty;
        }
        let name = self.claim_type_name(hint);
        let def = TypeDef { name: name.clone(), doc: None, origin: pointer.into(), kind: TypeKind::Alias(ty) };
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    /// Variant names and docs come from `x-enum-varnames` / `x-enum-descriptions`
    /// (openapi-generator's extensions, which `parse` also fills from a `oneOf`
    /// of titled constants) where they cover every value, else from the values.
    fn enumeration(&mut self, values: Vec<String>, repr: EnumRepr, schema: &Schema) -> Enum {
        let extension = |key: &str| -> Option<Vec<String>> {
            let list = schema.schema_data.extensions.get(key)?.as_array()?;
            let list: Option<Vec<String>> = list.iter().map(|v| v.as_str().map(String::from)).collect();
            list.filter(|list| list.len() == values.len())
        };
        let names = extension("x-enum-varnames");
        let docs = extension("x-enum-descriptions");
        // The catch-all is always `Unknown`, so users can rely on the name.
        let unknown_variant = "Unknown".to_string();
        let mut namespace = Namespace::with_reserved(&[unknown_variant.as_str()]);
        let mut variants = Vec::new();
        for (index, value) in values.into_iter().enumerate() {
            if variants.iter().any(|v: &EnumVariant| v.value == value) {
                continue;
            }
            let base = match (&names, repr) {
                (Some(names), _) => naming::camel(&names[index]),
                (None, EnumRepr::String) if value.is_empty() => "Empty".to_string(),
                (None, EnumRepr::String) => naming::camel(&value),
                (None, EnumRepr::Integer) => format!("V{}", value.replace('-', "Minus")),
            };
            let doc = docs.as_ref().map(|docs| docs[index].trim().to_string()).filter(|doc| !doc.is_empty());
            variants.push(EnumVariant { rust_name: namespace.claim(&base), value, doc, renamed: false });
        }
        let rename_all = match repr {
            EnumRepr::String => variant_rule(&variants),
            EnumRepr::Integer => None,
        };
        if repr == EnumRepr::String {
            for variant in &mut variants {
                variant.renamed = variant.serde_name(rename_all) != variant.value;
            }
        }
        Enum { repr, variants, unknown_variant, rename_all }
    }

    pub(super) fn gather_object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        parts: &mut ObjectParts,
    ) {
        let base = push_pointer(pointer, "properties");
        for (key, schema) in properties {
            parts
                .properties
                .entry(key.clone())
                .or_insert_with(|| (unbox(schema), push_pointer(&base, key)));
        }
        for key in required {
            if !parts.required.contains(key) {
                parts.required.push(key.clone());
            }
        }
        if let Some(additional) = additional
            && !matches!(additional, AdditionalProperties::Any(false))
        {
            parts.additional = Some((additional.clone(), push_pointer(pointer, "additionalProperties")));
        }
    }

    /// Merges allOf members into one object, or `None` if a member is not an object.
    fn merge_all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        own: Option<(&openapiv3::AnySchema, &str)>,
        pointer: &str,
    ) -> Result<Option<ObjectParts>, LowerError> {
        let mut parts = ObjectParts::default();
        let base = push_pointer(pointer, "allOf");
        for (index, member) in members.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            if !self.gather_member(member, &at, &mut parts)? {
                self.warn(&at, "allOf member is not an object and cannot be merged; using serde_json::Value");
                return Ok(None);
            }
        }
        if let Some((any, at)) = own {
            self.gather_object(&any.properties, &any.required, any.additional_properties.as_ref(), at, &mut parts);
        }
        Ok(Some(parts))
    }

    pub(super) fn gather_member(&mut self, member: &ReferenceOr<Schema>, pointer: &str, parts: &mut ObjectParts) -> Result<bool, LowerError> {
        let (schema, at) = self.resolve(member, pointer)?;
        if let (ReferenceOr::Reference { .. }, Some(name)) = (member, self.named.get(&at)) {
            self.absorbed.insert(name.clone());
        }
        self.gather_schema(&schema, &at, parts)
    }

    /// The properties of `schema` (at `at`) and of its allOf members into
    /// `parts`; false if it or a member is not an object.
    pub(super) fn gather_schema(&mut self, schema: &Schema, at: &str, parts: &mut ObjectParts) -> Result<bool, LowerError> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.gather_object(&o.properties, &o.required, o.additional_properties.as_ref(), at, parts);
                true
            }
            SchemaKind::AllOf { all_of } => {
                let base = push_pointer(at, "allOf");
                for (index, inner) in all_of.iter().enumerate() {
                    if !self.gather_member(inner, &push_pointer(&base, &index.to_string()), parts)? {
                        return Ok(false);
                    }
                }
                true
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.items.is_none() => {
                for (index, inner) in any.all_of.iter().enumerate() {
                    if !self.gather_member(inner, &push_pointer(&push_pointer(at, "allOf"), &index.to_string()), parts)? {
                        return Ok(false);
                    }
                }
                self.gather_object(&any.properties, &any.required, any.additional_properties.as_ref(), at, parts);
                true
            }
            _ => false,
        })
    }

    pub(super) fn object_struct(&mut self, parts: ObjectParts, type_name: &str) -> Result<Struct, LowerError> {
        let mut names = Namespace::new();
        let mut fields = Vec::new();
        for (key, (schema, at)) in &parts.properties {
            let hint = format!("{type_name}{}", naming::camel(key));
            let lowered = self.schema(schema, at, &hint)?;
            let data = match schema {
                ReferenceOr::Item(schema) => Some(&schema.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                rust_name: names.claim(&naming::snake(key)),
                wire_name: key.clone(),
                doc: data.and_then(|d| d.description.clone().or_else(|| d.title.clone())),
                ty: lowered.ty,
                required: parts.required.contains(key),
                nullable: lowered.nullable,
                read_only: data.is_some_and(|d| d.read_only),
                write_only: data.is_some_and(|d| d.write_only),
                deprecated: data.is_some_and(|d| d.deprecated),
                default: data.and_then(|d| d.default.as_ref()).map(ToString::to_string),
                boxed: false,
                renamed: false,
            });
        }
        let additional_ty = match &parts.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.schema(schema, at, &format!("{type_name}Value"))?.ty)
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            _ => None,
        };
        let additional = additional_ty.map(|ty| AdditionalField { rust_name: names.claim("additional_properties"), ty });
        let rename_all = rename_rule(&fields);
        for field in &mut fields {
            field.renamed = field.serde_name(rename_all) != field.wire_name;
        }
        Ok(Struct { fields, additional, rename_all })
    }
}

/// The `rename_all` rule that leaves the fewest fields needing their own
/// `rename`, if it saves at least two.
fn rename_rule(fields: &[Field]) -> Option<RenameRule> {
    let renames = |rule: Option<RenameRule>| fields.iter().filter(|f| f.serde_name(rule) != f.wire_name).count();
    fewest_renames(RenameRule::ALL, renames, 2)
}

/// The `rename_all` rule that leaves the fewest variants needing their own
/// `rename`, if it saves any.
fn variant_rule(variants: &[EnumVariant]) -> Option<VariantRule> {
    let renames = |rule: Option<VariantRule>| variants.iter().filter(|v| v.serde_name(rule) != v.value).count();
    fewest_renames(VariantRule::ALL, renames, 1)
}

/// Of `rules`, the one under which `renames` counts the fewest names serde
/// would get wrong, if that saves at least `min_saving` over no rule.
fn fewest_renames<R: Copy>(
    rules: impl IntoIterator<Item = R>,
    renames: impl Fn(Option<R>) -> usize,
    min_saving: usize,
) -> Option<R> {
    let plain = renames(None);
    rules
        .into_iter()
        .map(|rule| (renames(Some(rule)), rule))
        .min_by_key(|(count, _)| *count)
        .filter(|(count, _)| count + min_saving <= plain)
        .map(|(_, rule)| rule)
}

/// `allOf` of one member beside no properties of its own, nor other members.
fn is_single_all_of(any: &openapiv3::AnySchema) -> bool {
    any.all_of.len() == 1 && any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()
}

pub(super) fn placeholder(name: &str, pointer: &str) -> TypeDef {
    TypeDef { name: name.into(), doc: None, origin: pointer.into(), kind: TypeKind::Alias(TypeRef::Json) }
}

pub(super) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.clone().or_else(|| data.title.clone())
}

pub(super) fn kind_key(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::AnyOf { .. } => "anyOf",
        _ => "allOf",
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        VariantOrUnknownOrEmpty::Unknown(format) => string_format(format),
        _ => TypeRef::String,
    }
}

/// The type of a string with the given `format` (`""` for none). A `uuid` is
/// text: APIs mark ids `uuid` that are not (Intercom's `req_…` request ids),
/// and a `Uuid` field would fail the first response that carries one.
fn string_format(format: &str) -> TypeRef {
    match format {
        "date" => TypeRef::Date,
        "date-time" => TypeRef::DateTime,
        "byte" => TypeRef::Base64,
        _ => TypeRef::String,
    }
}

/// An array item or map value as its Rust type: `Option<T>` where the schema
/// allows `null` (a field says so through its presence instead).
fn nullable_element(lowered: Lowered) -> TypeRef {
    match lowered.ty {
        TypeRef::Json => TypeRef::Json,
        ty if lowered.nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

pub(super) fn variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String | TypeRef::Base64 => "String".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Float => "Number".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Nullable(inner) => variant_name(inner, index),
        TypeRef::Json | TypeRef::Bytes | TypeRef::File => format!("Variant{index}"),
    }
}

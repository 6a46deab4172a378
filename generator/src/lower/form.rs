//! `multipart/form-data` bodies → a [`Form`] type whose fields say how each
//! becomes parts.

use openapiv3::{MediaType, QueryStyle, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::encoding::text_encoding;
use super::schema::{ObjectParts, schema_doc, unbox};
use super::{LowerError, Lowerer};
use crate::diagnostic::push_pointer;
use crate::ir::{Form, FormField, PartKind, TextEncoding, TypeDef, TypeKind, TypeRef, resolve_alias};
use crate::naming::{self, Namespace};

/// What a file part is labelled with when neither the caller nor the spec says.
const DEFAULT_FILE_TYPE: &str = "application/octet-stream";

impl Lowerer<'_> {
    /// A new form type named after `hint` for a multipart body, or `None` if its
    /// schema is not an object.
    pub(super) fn form(&mut self, media: &MediaType, pointer: &str, hint: &str) -> Result<Option<TypeRef>, LowerError> {
        let Some(schema) = &media.schema else { return Ok(None) };
        let schema_at = push_pointer(pointer, "schema");
        let mut parts = ObjectParts::default();
        if !self.gather_member(schema, &schema_at, &mut parts)? || parts.properties.is_empty() {
            return Ok(None);
        }
        if let Some((_, at)) = &parts.additional {
            self.warn(at, "additional properties of a multipart body are not sent; only the declared parts are");
        }
        let name = self.claim_type_name(hint);
        let mut names = Namespace::new();
        let mut fields = Vec::new();
        for (key, (property, at)) in &parts.properties {
            let encoding = media.encoding.get(key);
            let content_type = encoding.and_then(|e| e.content_type.clone());
            // OpenAPI 3.0 reserves `style` for urlencoded bodies, but APIs that
            // declare it on multipart (Stripe) expect bracketed parts.
            let deep_object = encoding.is_some_and(|e| e.style == Some(QueryStyle::DeepObject));
            let (ty, part) = match self.file_shape(property, at, 0) {
                Some(many) => {
                    let content_type = content_type
                        .filter(|t| !t.contains('*') && !t.contains(','))
                        .unwrap_or_else(|| DEFAULT_FILE_TYPE.into());
                    if many {
                        (TypeRef::Array(Box::new(TypeRef::File)), PartKind::Files { content_type })
                    } else {
                        (TypeRef::File, PartKind::File { content_type })
                    }
                }
                None => {
                    let ty = self.schema(property, at, &format!("{name}{}", naming::camel(key)))?.ty;
                    let part = match self.text_part(&ty) {
                        _ if content_type.is_some_and(|t| t.contains("json")) => PartKind::Json,
                        PartKind::Json | PartKind::Texts(_) if deep_object => PartKind::DeepObject,
                        part => part,
                    };
                    (ty, part)
                }
            };
            let doc = match property {
                ReferenceOr::Item(schema) => schema_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(FormField {
                rust_name: names.claim(&naming::snake(key)),
                wire_name: key.clone(),
                doc,
                ty,
                required: parts.required.contains(key),
                part,
            });
        }
        let doc = self.resolve(schema, &schema_at).ok().and_then(|(schema, _)| schema_doc(&schema));
        let kind = TypeKind::Form(Form { fields });
        self.types.insert(name.clone(), TypeDef { name: name.clone(), doc, origin: schema_at, kind });
        Ok(Some(TypeRef::Named(name)))
    }

    /// `Some(false)` for one binary string, `Some(true)` for an array of them,
    /// looking through refs and single-member compositions (a nullable file).
    /// A reference that cannot be followed is not a file; `schema` warns about it.
    fn file_shape(&self, schema: &ReferenceOr<Schema>, pointer: &str, depth: usize) -> Option<bool> {
        let Ok((schema, at)) = self.resolve(schema, pointer) else { return None };
        if depth > 8 {
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                matches!(&s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)).then_some(false)
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = unbox(array.items.as_ref()?);
                matches!(self.file_shape(&items, &push_pointer(&at, "items"), depth + 1), Some(false)).then_some(true)
            }
            SchemaKind::AllOf { all_of: members } | SchemaKind::AnyOf { any_of: members } | SchemaKind::OneOf { one_of: members } => {
                let [only] = members.as_slice() else { return None };
                self.file_shape(only, &at, depth + 1)
            }
            _ => None,
        }
    }

    /// A non-file field: text for scalars and lists of them, JSON for the rest.
    fn text_part(&self, ty: &TypeRef) -> PartKind {
        let encoding = |ty: &TypeRef| text_encoding(&self.types, ty);
        match resolve_alias(&self.types, ty) {
            TypeRef::Array(item) if encoding(item) != TextEncoding::Json => PartKind::Texts(encoding(item)),
            other => match encoding(other) {
                TextEncoding::Json => PartKind::Json,
                scalar => PartKind::Text(scalar),
            },
        }
    }
}

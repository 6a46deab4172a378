//! One item per named type (`type_files` says which file each goes in).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Scope, doc_attrs, ident, owned_text, type_tokens};
use crate::ir::{
    Enum, EnumRepr, Field, Form, JsonKind, PartKind, PathStep, Presence, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant,
    ValuePath,
};

/// `impl ErrorMessage` for an error body: its message field, or none.
pub(super) fn error_message(name: &str, path: Option<&ValuePath>) -> TokenStream {
    let name = ident(name);
    let message = path.map_or_else(|| quote!(None), message_expr);
    quote! {
        impl crate::ErrorMessage for #name {
            fn message(&self) -> Option<&str> {
                #message
            }
        }
    }
}

/// The `Option<&str>` at `path` (a `String` field) from `self`.
fn message_expr(path: &ValuePath) -> TokenStream {
    let Some((PathStep::Field { rust_name, presence }, parents)) = path.steps.split_last() else { return quote!(None) };
    let parent = ValuePath { steps: parents.to_vec(), ..path.clone() };
    let (base, optional) = super::reach(quote!(self), &parent, true);
    let field = ident(rust_name);
    let text = |base: TokenStream| match presence {
        Presence::Required => quote!(Some(#base.#field.as_str())),
        Presence::Optional | Presence::RequiredNullable => quote!(#base.#field.as_deref()),
        Presence::OptionalNullable => quote!(#base.#field.value().map(String::as_str)),
    };
    match (optional, presence) {
        (true, Presence::Required) => quote!(#base.map(|value| value.#field.as_str())),
        (true, _) => {
            let text = text(quote!(value));
            quote!(#base.and_then(|value| #text))
        }
        (false, _) => text(base),
    }
}

pub(super) fn type_def(def: &TypeDef, scope: Scope<'_>) -> TokenStream {
    let note = match &def.kind {
        TypeKind::Union(u) => Some(union_note(u)),
        _ => None,
    };
    let doc = match (def.doc.as_deref(), note) {
        (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
        (doc, note) => doc.map(str::to_string).or(note),
    };
    let doc = doc.as_deref().map(doc_attrs);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_item(&name, s, scope),
        TypeKind::Enum(e) => enum_item(&name, e),
        TypeKind::Union(u) => union_item(&name, u, scope),
        TypeKind::Form(form) => form_item(&name, form, scope),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, scope);
            quote!(pub type #name = #target;)
        }
    };
    quote! {
        #doc
        #body
    }
}

fn struct_item(name: &proc_macro2::Ident, s: &Struct, scope: Scope<'_>) -> TokenStream {
    let all_optional = s.fields.iter().all(|f| f.presence() != Presence::Required);
    let default = all_optional.then(|| quote!(Default,));
    let skips_none = s.skips_none();
    let fields = s.fields.iter().map(|field| field_item(field, skips_none, scope));
    let rename_all = s.rename_all.map(|rule| {
        let rule = rule.serde_name();
        quote!(#[serde(rename_all = #rule)])
    });
    let additional = s.additional.as_ref().map(|additional| {
        let field = ident(&additional.rust_name);
        let map = type_tokens(&TypeRef::Map(Box::new(additional.ty.clone())), scope);
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub #field: #map,
        }
    });
    let constructor = (!all_optional).then(|| {
        let unset = s.additional.as_ref().map(|additional| {
            let field = ident(&additional.rust_name);
            quote!(#field: Default::default())
        });
        constructor(name, s.fields.iter().map(|field| {
            let value = match field.presence() {
                Presence::Required => None,
                Presence::RequiredNullable | Presence::Optional => Some(quote!(None)),
                Presence::OptionalNullable => Some(quote!(crate::Nullable::Absent)),
            };
            (field.rust_name.as_str(), &field.ty, field.boxed, value)
        }), unset, scope)
    });
    let skip_none = skips_none.then(|| quote!(#[serde_with::skip_serializing_none]));
    quote! {
        #skip_none
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #rename_all
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor
    }
}

/// `new`, taking the required fields in order (numbers and booleans as they are,
/// anything else as whatever converts into it)
/// and leaving the rest unset: `(name, type, boxed, unset value or None if required)`.
fn constructor<'a>(
    name: &proc_macro2::Ident,
    fields: impl Iterator<Item = (&'a str, &'a TypeRef, bool, Option<TokenStream>)>,
    extra_unset: Option<TokenStream>,
    scope: Scope<'_>,
) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (rust_name, ty, boxed, unset) in fields {
        let field = ident(rust_name);
        match unset {
            Some(value) => inits.push(quote!(#field: #value)),
            None if matches!(ty, TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float) && !boxed => {
                let ty = type_tokens(ty, scope);
                args.push(quote!(#field: #ty));
                inits.push(quote!(#field));
            }
            None => {
                let ty = type_tokens(ty, scope);
                args.push(quote!(#field: impl Into<#ty>));
                inits.push(if boxed { quote!(#field: Box::new(#field.into())) } else { quote!(#field: #field.into()) });
            }
        }
    }
    inits.extend(extra_unset);
    let many_args = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            /// A value with the required fields set and the optional ones unset.
            #many_args
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
        }
    }
}

/// A multipart body: plain fields (nothing here is serialized as a whole) and
/// the conversion into reqwest's form, one part per field or list item.
fn form_item(name: &proc_macro2::Ident, form: &Form, scope: Scope<'_>) -> TokenStream {
    let all_optional = form.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let fields = form.fields.iter().map(|field| {
        let doc = field.doc.as_deref().map(doc_attrs);
        let name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, scope);
        let ty = if field.required { ty } else { quote!(Option<#ty>) };
        quote!(#doc pub #name: #ty,)
    });
    let appends = form.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let append = |value: TokenStream| match &field.part {
            PartKind::File { content_type } => quote!(form = form.part(#wire, #value.into_part(#wire, #content_type)?);),
            PartKind::Files { content_type } => quote! {
                for file in #value {
                    form = form.part(#wire, file.into_part(#wire, #content_type)?);
                }
            },
            PartKind::Text(encoding) => {
                let text = owned_text(value, *encoding);
                quote!(form = form.text(#wire, #text);)
            }
            PartKind::Texts(encoding) => {
                let text = owned_text(quote!(item), *encoding);
                quote! {
                    for item in #value {
                        form = form.text(#wire, #text);
                    }
                }
            }
            PartKind::Json => quote!(form = form.part(#wire, crate::runtime::json_part(&#value)?);),
            PartKind::DeepObject => quote!(form = crate::runtime::deep_object_parts(form, #wire, &#value);),
        };
        if field.required {
            append(quote!(self.#name))
        } else {
            let append = append(quote!(value));
            quote!(if let Some(value) = self.#name { #append })
        }
    });
    let build = if form.fields.is_empty() {
        quote!(Ok(reqwest::multipart::Form::new()))
    } else {
        quote! {
            let mut form = reqwest::multipart::Form::new();
            #(#appends)*
            Ok(form)
        }
    };
    let constructor = (!all_optional).then(|| {
        let fields = form.fields.iter().map(|field| {
            (field.rust_name.as_str(), &field.ty, false, (!field.required).then(|| quote!(None)))
        });
        constructor(name, fields, None, scope)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        #constructor

        impl crate::runtime::IntoForm for #name {
            /// The body as `multipart/form-data` parts, in field order.
            fn into_form(self) -> Result<reqwest::multipart::Form, crate::runtime::RequestError> {
                #build
            }
        }
    }
}

/// A struct field; `skips_none` says the struct leaves out `None` fields
/// through serde_with, so a plain optional field needs no attribute.
fn field_item(field: &Field, skips_none: bool, scope: Scope<'_>) -> TokenStream {
    let mut doc = field.doc.clone().unwrap_or_default();
    let mut note = |text: String| {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&text);
    };
    if let Some(default) = &field.default {
        note(format!("Defaults to `{default}` when not sent."));
    }
    if field.read_only {
        note("Read-only: set by the server.".into());
    }
    if field.write_only {
        note("Write-only: never returned by the server.".into());
    }
    if field.deprecated {
        note("**Deprecated.**".into());
    }
    let doc = (!doc.is_empty()).then(|| doc_attrs(&doc));
    let name = ident(&field.rust_name);
    let rename = field.renamed.then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let inner = type_tokens(&field.ty, scope);
    let inner = if field.boxed { quote!(Box<#inner>) } else { inner };
    let (ty, attr) = match field.presence() {
        Presence::Required => (inner, None),
        // Sent even when `None`, as `null`.
        Presence::RequiredNullable => (quote!(Option<#inner>), skips_none.then(|| quote!(#[serialize_always]))),
        // `Option<Value>` would read an explicit `null` as absent and drop it
        // when written back; an untyped schema allows `null` as a value.
        Presence::Optional if matches!(field.ty, TypeRef::Json) => (
            quote!(Option<#inner>),
            Some(quote!(#[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::runtime::keep_null"
            )])),
        ),
        // serde reads a missing `Option` field as `None` without `default`.
        Presence::Optional if skips_none => (quote!(Option<#inner>), None),
        Presence::Optional => (
            quote!(Option<#inner>),
            Some(quote!(#[serde(skip_serializing_if = "Option::is_none")])),
        ),
        Presence::OptionalNullable => (
            quote!(crate::Nullable<#inner>),
            Some(quote!(#[serde(default, skip_serializing_if = "crate::Nullable::is_absent")])),
        ),
    };
    quote! {
        #doc
        #rename
        #attr
        pub #name: #ty,
    }
}

fn enum_item(name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    // The wire value is in `as_str`/`value` beside the name; only the spec's
    // own words about a value are worth a doc line.
    let variant_docs: Vec<_> = e.variants.iter().map(|v| v.doc.as_deref().map(doc_attrs)).collect();
    let unknown_doc = quote!(#[doc = " A value this version of the client does not know, kept as sent."]);
    match e.repr {
        EnumRepr::String => {
            let values: Vec<_> = e.variants.iter().map(|v| v.value.as_str()).collect();
            let rename_all = e.rename_all.map(|rule| {
                let rule = rule.serde_name();
                quote!(#[serde(rename_all = #rule)])
            });
            let renames = e.variants.iter().map(|v| {
                let value = &v.value;
                v.renamed.then(|| quote!(#[serde(rename = #value)]))
            });
            quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #rename_all
                #[non_exhaustive]
                pub enum #name {
                    #(#variant_docs #renames #variants,)*
                    #unknown_doc
                    #[serde(untagged)]
                    #unknown(String),
                }

                impl #name {
                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#variants => #values,)*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        crate::runtime::enum_from_str(value, Self::#unknown)
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        EnumRepr::Integer => {
            let values: Vec<_> = e
                .variants
                .iter()
                .map(|v| Literal::i64_unsuffixed(v.value.parse().unwrap_or_default()))
                .collect();
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #[serde(from = "i64", into = "i64")]
                #[non_exhaustive]
                pub enum #name {
                    #(#variant_docs #variants,)*
                    #unknown_doc
                    #unknown(i64),
                }

                impl #name {
                    /// The value as it is sent on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #(Self::#variants => #values,)*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#values => Self::#variants,)*
                            other => Self::#unknown(other),
                        }
                    }
                }

                impl From<#name> for i64 {
                    fn from(value: #name) -> Self {
                        value.value()
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "{}", self.value())
                    }
                }
            }
        }
    }
}

fn union_note(u: &Union) -> String {
    let keeps_unknown = if u.keeps_unknown() { ", and data none matches is kept as `Unknown`" } else { "" };
    match &u.discriminator {
        Some(d) => format!("Chosen by the `{}` property; an unlisted value is kept as `Unknown`.", d.property),
        None if u.by_shape => format!("One of several shapes; the data goes to the variant whose required properties and enumerated values it has, and then the one that declares most of its properties{keeps_unknown}."),
        None if u.any_of => format!("One of several shapes (anyOf); the first variant that matches the data wins{keeps_unknown}."),
        None => format!("One of several shapes (oneOf); the first variant that matches the data wins{keeps_unknown}."),
    }
}

/// The catch-all of an untagged union.
const UNKNOWN_MEMBER_DOC: &str = " A value no variant describes, kept as it came so it is never taken for another.";

/// A union whose members serde's in-order trial would confuse: each value is
/// decoded as the member its shape fits best (see the runtime's `Shape`).
fn shape_union_item(name: &proc_macro2::Ident, u: &Union, variants: &[(proc_macro2::Ident, TokenStream, &UnionVariant)]) -> TokenStream {
    let items = variants.iter().map(|(variant, ty, _)| quote!(#variant(#ty),));
    let shapes = u.variants.iter().map(|v| {
        let shape = match v.shape.kind {
            JsonKind::Object => {
                let required = &v.shape.required;
                let optional = &v.shape.optional;
                quote!(Shape::object(&[#(#required),*], &[#(#optional),*]))
            }
            JsonKind::Any => quote!(Shape::of_kind(crate::runtime::is_any)),
            JsonKind::Array => quote!(Shape::of_kind(serde_json::Value::is_array)),
            JsonKind::String => quote!(Shape::of_kind(serde_json::Value::is_string)),
            JsonKind::Integer => quote!(Shape::of_kind(crate::runtime::is_integer)),
            JsonKind::Number => quote!(Shape::of_kind(serde_json::Value::is_number)),
            JsonKind::Fraction => quote!(Shape::of_kind(serde_json::Value::is_f64)),
            JsonKind::Bool => quote!(Shape::of_kind(serde_json::Value::is_boolean)),
        };
        let shape = if v.shape.enumerated.is_empty() {
            shape
        } else {
            let enumerated = v.shape.enumerated.iter().map(|(property, values)| quote!((#property, &[#(#values),*])));
            quote!(#shape.with_values(&[#(#enumerated),*]))
        };
        if v.shape.nested.is_empty() {
            shape
        } else {
            let nested = v.shape.nested.iter().map(|(pointer, values)| quote!((#pointer, &[#(#values),*])));
            quote!(#shape.with_nested_values(&[#(#nested),*]))
        }
    });
    let arms = variants.iter().enumerate().map(|(index, (variant, _, _))| {
        let index = Literal::usize_unsuffixed(index);
        quote!(#index => serde_json::from_value(value.clone()).map(Self::#variant),)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            #[doc = #UNKNOWN_MEMBER_DOC]
            Unknown(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::runtime::{Shape, union_candidates};
                const SHAPES: &[Shape] = &[#(#shapes),*];
                let value = serde_json::Value::deserialize(deserializer)?;
                for index in union_candidates(&value, SHAPES) {
                    let decoded = match index {
                        #(#arms)*
                        _ => continue,
                    };
                    if let Ok(decoded) = decoded {
                        return Ok(decoded);
                    }
                }
                Ok(Self::Unknown(value))
            }
        }
    }
}

fn union_item(name: &proc_macro2::Ident, u: &Union, scope: Scope<'_>) -> TokenStream {
    let variants: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let ty = type_tokens(&v.ty, scope);
            let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
            (variant, ty, v)
        })
        .collect();
    match &u.discriminator {
        None if u.by_shape => shape_union_item(name, u, &variants),
        None => {
            let items = variants.iter().map(|(variant, ty, _)| quote!(#variant(#ty),));
            // Tried in order, last: what no member takes is kept as it came.
            let unknown = u.keeps_unknown().then(|| {
                quote! {
                    #[doc = #UNKNOWN_MEMBER_DOC]
                    Unknown(serde_json::Value),
                }
            });
            let non_exhaustive = unknown.as_ref().map(|_| quote!(#[non_exhaustive]));
            quote! {
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(untagged)]
                #non_exhaustive
                pub enum #name {
                    #(#items)*
                    #unknown
                }
            }
        }
        Some(discriminator) => {
            let property = &discriminator.property;
            let items = variants.iter().map(|(variant, ty, v)| {
                let tags = v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
                let tag_doc = format!(" `{property}`: {tags}");
                quote!(#[doc = #tag_doc] #variant(#ty),)
            });
            let arms = variants.iter().map(|(variant, _, v)| {
                let tags = &v.tags;
                quote!(Some(#(#tags)|*) => crate::runtime::tagged_variant(value, Self::#variant),)
            });
            let unknown_doc = format!(" A `{property}` value this version of the client does not know, kept as sent.");
            let tag_doc = format!(" The `{property}` of data no variant describes: a tag this version of the client does not know.");
            // Untagged, serde writes each variant as the value it holds, tag included.
            quote! {
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#items)*
                    #[doc = #unknown_doc]
                    Unknown(serde_json::Value),
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        match value.get(#property).and_then(serde_json::Value::as_str) {
                            #(#arms)*
                            _ => Ok(Self::Unknown(value)),
                        }
                    }
                }

                impl #name {
                    #[doc = #tag_doc]
                    pub fn unknown_tag(&self) -> Option<&str> {
                        match self {
                            Self::Unknown(value) => value.get(#property).and_then(serde_json::Value::as_str),
                            _ => None,
                        }
                    }
                }
            }
        }
    }
}

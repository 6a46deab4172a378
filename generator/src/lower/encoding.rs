//! Parameter encoding: how each parameter's value is written on the wire,
//! from its type, where it goes, its `style` and `explode`. Decided here once;
//! emit prints what `ParamEncoding` and `TextEncoding` say.

use std::collections::BTreeMap;

use crate::ir::{ParamEncoding, ParamLocation, ParamStyle, TextEncoding, TypeDef, TypeKind, TypeRef, resolve_alias};

/// How a parameter of type `ty` is written, given where it goes, its style and `explode`.
pub(super) fn param_encoding(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
    wire_name: &str,
) -> ParamEncoding {
    let resolved = resolve_alias(types, ty);
    let is_object = match resolved {
        TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(name) => !matches!(types.get(name).map(|d| &d.kind), Some(TypeKind::Enum(_))),
        _ => false,
    };
    let in_query = location == ParamLocation::Query;
    if in_query && is_object && (style == ParamStyle::DeepObject || explode) {
        return ParamEncoding::DeepObject;
    }
    if let TypeRef::Array(item) = resolved
        && location != ParamLocation::Cookie
    {
        let item = text_encoding(types, item);
        if in_query && explode {
            return ParamEncoding::Repeated(item);
        }
        // RFC 6570 as OpenAPI uses it: `.a.b` (label) and `;id=a;id=b` (matrix) when
        // exploded, and commas otherwise.
        let delimiter = match (style, explode) {
            (ParamStyle::SpaceDelimited, _) => " ".to_string(),
            (ParamStyle::PipeDelimited, _) => "|".to_string(),
            (ParamStyle::Label, true) => ".".to_string(),
            (ParamStyle::Matrix, true) => format!(";{wire_name}="),
            _ => ",".to_string(),
        };
        return ParamEncoding::Delimited { item, delimiter };
    }
    ParamEncoding::Scalar(text_encoding(types, ty))
}

/// What a path value is preceded by in its segment: `.` (label), `;name=` (matrix) or nothing.
pub(super) fn path_prefix(style: ParamStyle, wire_name: &str) -> String {
    match style {
        ParamStyle::Label => ".".to_string(),
        ParamStyle::Matrix => format!(";{wire_name}="),
        _ => String::new(),
    }
}

/// How one value of type `ty` is written as text.
pub(super) fn text_encoding(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TextEncoding {
    match resolve_alias(types, ty) {
        TypeRef::String | TypeRef::Base64 => TextEncoding::Str,
        TypeRef::Json | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Nullable(_) | TypeRef::Bytes => TextEncoding::Json,
        TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => TextEncoding::Display,
            _ => TextEncoding::Json,
        },
        _ => TextEncoding::Display,
    }
}

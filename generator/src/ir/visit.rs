//! The one walk over the type references of the IR, written once for shared
//! and for mutable references: `f` sees each reference before the ones nested
//! in it (a list's items, a map's values, a nullable's value).

use super::{Operation, Outcome, TypeKind, TypeRef};

macro_rules! visitors {
    ($in_type:ident, $in_operation:ident, $in_signature:ident, $in_ref:ident $(, $mut:tt)?) => {
        /// Calls `f` on every type reference a type holds, nested ones included.
        pub fn $in_type(kind: &$($mut)? TypeKind, f: &mut impl FnMut(&$($mut)? TypeRef)) {
            match kind {
                TypeKind::Struct(s) => {
                    for field in &$($mut)? s.fields {
                        $in_ref(&$($mut)? field.ty, f);
                    }
                    if let Some(additional) = &$($mut)? s.additional {
                        $in_ref(&$($mut)? additional.ty, f);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &$($mut)? u.variants {
                        $in_ref(&$($mut)? variant.ty, f);
                    }
                }
                TypeKind::Form(form) => {
                    for field in &$($mut)? form.fields {
                        $in_ref(&$($mut)? field.ty, f);
                    }
                }
                TypeKind::Alias(ty) => $in_ref(ty, f),
                TypeKind::Enum(_) => {}
            }
        }

        /// Calls `f` on every type reference of an operation: its signature
        /// and every response body.
        pub fn $in_operation(op: &$($mut)? Operation, f: &mut impl FnMut(&$($mut)? TypeRef)) {
            $in_signature(op, f);
            for response in &$($mut)? op.responses {
                if let Some(body) = &$($mut)? response.body {
                    $in_ref(&$($mut)? body.ty, f);
                }
            }
        }

        /// Calls `f` on the type references `operations.rs` prints:
        /// parameters, body, outcomes and stream items.
        pub fn $in_signature(op: &$($mut)? Operation, f: &mut impl FnMut(&$($mut)? TypeRef)) {
            for param in &$($mut)? op.params {
                $in_ref(&$($mut)? param.ty, f);
            }
            if let Some(body) = &$($mut)? op.body {
                $in_ref(&$($mut)? body.ty, f);
            }
            for outcome in [&$($mut)? op.success, &$($mut)? op.error] {
                match outcome {
                    Outcome::Type(ty) => $in_ref(ty, f),
                    Outcome::Enum(status_enum) => {
                        for variant in &$($mut)? status_enum.variants {
                            if let Some(ty) = &$($mut)? variant.body {
                                $in_ref(ty, f);
                            }
                        }
                    }
                    Outcome::Unit | Outcome::UntypedJson => {}
                }
            }
            if let Some(streaming) = &$($mut)? op.streaming {
                $in_ref(&$($mut)? streaming.item, f);
            }
        }

        /// Calls `f` on `ty`, then on every reference inside it.
        pub fn $in_ref(ty: &$($mut)? TypeRef, f: &mut impl FnMut(&$($mut)? TypeRef)) {
            f(ty);
            if let TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) = ty {
                $in_ref(inner, f);
            }
        }
    };
}

visitors!(in_type, in_operation, in_signature, in_ref);
visitors!(in_type_mut, in_operation_mut, in_signature_mut, in_ref_mut, mut);

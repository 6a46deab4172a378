//! The files the types go in: `src/types.rs`, or `src/types/mod.rs` with a
//! file per module `lower::layout` chose (see there for why).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{error_message, type_def};
use super::{Part, Scope, feature_cfg, foreign_uses, gated, ident};
use crate::ir::{Api, TypeDef, TypeKind, TypeModule, TypeRef, visit};

/// Types per part of a file (see [`Part`]).
const TYPES_PER_PART: usize = 64;

const MODULE_DOC: &str = " Models: the schemas of the API as Rust types.";

/// Each types file, as (path in the crate, its parts).
pub(super) fn type_files(api: &Api) -> Vec<(String, Vec<Part<'_>>)> {
    if api.type_modules.is_empty() {
        let mut parts: Vec<Part<'_>> = vec![Box::new(move || imports(api, TokenStream::new()))];
        parts.extend(type_runs(api, api.types.values().collect(), true));
        parts.push(Box::new(move || error_messages(api)));
        return vec![("src/types.rs".to_string(), parts)];
    }
    let head: Part<'_> = Box::new(move || {
        let modules = api.type_modules.iter().map(|module| {
            let name = ident(&module.name);
            let cfg = module.feature.as_ref().map(|feature| quote!(#[cfg(feature = #feature)]));
            quote! {
                #cfg
                mod #name;
                #cfg
                pub use #name::*;
            }
        });
        imports(api, quote!(#(#modules)*))
    });
    let mut files = vec![("src/types/mod.rs".to_string(), vec![head, Box::new(move || error_messages(api)) as Part<'_>])];
    for module in &api.type_modules {
        let defs: Vec<&TypeDef> = module.types.iter().filter_map(|name| api.types.get(name)).collect();
        // A group's file is compiled with its feature as a whole.
        let runs = type_runs(api, defs.clone(), module.feature.is_none());
        let mut parts: Vec<Part<'_>> = vec![Box::new(move || module_head(module, &defs))];
        parts.extend(runs);
        files.push((format!("src/types/{}.rs", module.name), parts));
    }
    files
}

/// The module docs and the foreign imports, then `rest`.
fn imports(api: &Api, rest: TokenStream) -> TokenStream {
    let uses_serde = api.types.values().any(|def| !matches!(def.kind, TypeKind::Alias(_) | TypeKind::Form(_)));
    let serde = uses_serde.then(|| quote!(use serde::{Deserialize, Serialize};));
    let [std_uses, crate_uses, local_uses] = foreign_uses(&api.types_imports, serde);
    quote! {
        #![doc = #MODULE_DOC]
        #std_uses
        #crate_uses
        #local_uses
        #rest
    }
}

/// A module file's docs, and its view of `types` (the imports and every
/// other type) when its items name anything beyond the prelude.
fn module_head(module: &TypeModule, defs: &[&TypeDef]) -> TokenStream {
    let doc = match &module.feature {
        Some(feature) => format!(" The types only the `{feature}` feature's operations use."),
        None => " The types more than one group of operations uses, and those every build has.".to_string(),
    };
    let needs_types = defs.iter().any(|def| match &def.kind {
        TypeKind::Alias(target) => !prelude_only(target),
        _ => true,
    });
    let view = needs_types.then(|| quote!(use super::*;));
    quote! {
        #![doc = #doc]
        #view
    }
}

/// Whether `ty` is written with the prelude and full paths alone.
fn prelude_only(ty: &TypeRef) -> bool {
    let mut alone = true;
    visit::in_ref(ty, &mut |inner| {
        alone &= matches!(inner, TypeRef::String | TypeRef::Integer(_) | TypeRef::Float | TypeRef::Bool | TypeRef::Json | TypeRef::Array(_) | TypeRef::Nullable(_));
    });
    alone
}

/// The types a run at a time; `cfg` on each item when `gate_items`.
fn type_runs<'a>(api: &'a Api, defs: Vec<&'a TypeDef>, gate_items: bool) -> Vec<Part<'a>> {
    defs.chunks(TYPES_PER_PART)
        .map(|run| {
            let run = run.to_vec();
            Box::new(move || {
                let scope = Scope { shadowed: None, imported: &api.types_imports };
                let items = run.iter().map(|def| {
                    let cfg = if gate_items { feature_cfg(api.item_features.get(&def.name)) } else { None };
                    gated(cfg, type_def(def, scope))
                });
                quote!(#(#items)*)
            }) as Part<'a>
        })
        .collect()
}

/// `impl ErrorMessage` for each error body.
fn error_messages(api: &Api) -> TokenStream {
    let messages = api
        .error_messages
        .iter()
        .map(|(name, path)| gated(feature_cfg(api.item_features.get(name)), error_message(name, path.as_ref())));
    quote!(#(#messages)*)
}

//! IR → Rust source: `TokenStream`s via quote, then `syn::File` → prettyplease.

mod client;
mod lib_rs;
mod mock;
mod operations;
mod paging;
mod streaming;
mod types;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::client_runtime::RuntimeSource;
use crate::ir::{Api, Foreign, IntWidth, PathStep, Presence, TextEncoding, TypeRef, ValuePath};
use crate::naming;

pub(crate) use crate::docs::doc_attrs;

/// The Rust files of a crate, as (path relative to the crate, contents).
pub fn emit(api: &Api, runtime: &RuntimeSource) -> Result<Vec<(String, String)>, EmitError> {
    Ok(vec![
        ("src/lib.rs".into(), format_file(lib_rs::lib_rs(api, runtime))?),
        ("src/client.rs".into(), format_file(client::client_rs(api))?),
        ("src/types.rs".into(), format_file(types::types_rs(api))?),
        ("src/operations.rs".into(), format_file(operations::operations_rs(api))?),
        ("src/mock.rs".into(), format_file(mock::mock_rs(api))?),
    ])
}

/// Generated tokens did not parse as Rust: a generator bug, reported, not panicked on.
#[derive(Debug, thiserror::Error)]
#[error("generated code does not parse ({0}); this is a generator bug")]
pub struct EmitError(#[from] syn::Error);


fn format_file(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(format!("{}\n{}", crate::HEADER, space_items(&prettyplease::unparse(&file))))
}

/// prettyplease prints items back to back; this puts a blank line between
/// consecutive items (after a closing brace, a `use` group or the module docs),
/// as rustfmt'd hand-written code has them.
fn space_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "impl", "fn ", "async fn ", "struct ", "enum ", "type ", "const ", "mod ", "use ",
    ];
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        let current = line.trim_start();
        if let Some(prev) = previous {
            let prev_trimmed = prev.trim_start();
            let starts_item = ITEM_STARTS.iter().any(|start| current.starts_with(start));
            let after_block = matches!(prev_trimmed, "}" | "};") && indent(prev) == indent(line);
            let after_uses = prev_trimmed.trim_start_matches("pub ").starts_with("use ")
                && use_group(current.trim_start_matches("pub ")) != use_group(prev_trimmed.trim_start_matches("pub "));
            let is_mod = |line: &str| line.trim_start_matches("pub ").starts_with("mod ") && line.ends_with(';');
            let after_mods = is_mod(prev_trimmed) && !is_mod(current);
            let after_consts = prev_trimmed.starts_with("const ") && !current.starts_with("const ");
            // A one-line type alias or tuple struct at module level, not an associated type.
            let after_alias = (prev.starts_with("pub type ") || prev.starts_with("pub struct ")) && prev.ends_with(';');
            let after_module_docs = prev_trimmed.starts_with("//!") && !current.starts_with("//!");
            if (starts_item && (after_block || after_uses || after_mods || after_consts || after_alias)) || after_module_docs {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// `use` lines come in groups, std, other crates, then this crate, as rustfmt'd
/// code has them; anything else is a group of its own.
fn use_group(line: &str) -> Option<u8> {
    let path = line.strip_prefix("use ")?;
    Some(match path.split("::").next()? {
        "std" | "core" | "alloc" => 0,
        "crate" | "super" | "self" => 2,
        _ => 1,
    })
}

/// An identifier, raw (`r#type`) when it is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if naming::is_raw_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// How a module names types: the ones its own items shadow by path
/// (`crate::types::X`), the foreign ones it imports without theirs.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub shadowed: Option<&'a BTreeSet<String>>,
    pub imported: &'a BTreeSet<Foreign>,
}

pub(crate) fn type_tokens(ty: &TypeRef, scope: Scope<'_>) -> TokenStream {
    let imported = |foreign: Foreign| scope.imported.contains(&foreign);
    match ty {
        TypeRef::String | TypeRef::Base64 => quote!(String),
        TypeRef::Date if imported(Foreign::Date) => quote!(NaiveDate),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::DateTime if imported(Foreign::Timestamp) => quote!(Timestamp),
        TypeRef::DateTime => quote!(crate::Timestamp),
        TypeRef::Integer(IntWidth::I32) => quote!(i32),
        TypeRef::Integer(IntWidth::I64) => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            if imported(Foreign::Map) { quote!(BTreeMap<String, #value>) } else { quote!(std::collections::BTreeMap<String, #value>) }
        }
        TypeRef::Named(name) => {
            let shadowed = scope.shadowed.is_some_and(|shadowed| shadowed.contains(name));
            let name = ident(name);
            if shadowed { quote!(crate::types::#name) } else { quote!(#name) }
        }
    }
}

/// The `use` lines that bring the imported foreign types into scope: those
/// from std, those from other crates with `more` among them, and the crate's
/// own, each group in the order rustfmt sorts it.
pub(crate) fn foreign_uses(imported: &BTreeSet<Foreign>, more: Option<TokenStream>) -> [TokenStream; 3] {
    let mut std = TokenStream::new();
    let mut local = TokenStream::new();
    let mut crates: Vec<TokenStream> = more.into_iter().collect();
    for foreign in imported {
        match foreign {
            Foreign::Method => crates.push(quote!(use reqwest::Method;)),
            Foreign::Map => std.extend(quote!(use std::collections::BTreeMap;)),
            Foreign::Date => crates.push(quote!(use chrono::NaiveDate;)),
            Foreign::Timestamp => local.extend(quote!(use crate::Timestamp;)),
        }
    }
    crates.sort_by_key(|tokens| tokens.to_string());
    [std, quote!(#(#crates)*), local]
}

/// An owned `String` with the wire text of a scalar value: the value itself
/// when it already is one.
pub(crate) fn owned_text(value: TokenStream, encoding: TextEncoding) -> TokenStream {
    match encoding {
        TextEncoding::Str => value,
        other => to_text(value, other),
    }
}

/// A `String` expression with the wire text of a scalar value.
pub(crate) fn to_text(value: TokenStream, encoding: TextEncoding) -> TokenStream {
    match encoding {
        TextEncoding::Str => quote!(#value.as_str()),
        TextEncoding::Json => quote!(crate::runtime::json_text(&#value)),
        TextEncoding::Display => quote!(#value.to_string()),
    }
}

/// An expression reaching the value at `path` from `root` (a place), and whether it is
/// an `Option` rather than a place: borrowed (`Option<&T>`) when `by_ref`,
/// else moved out of it (`Option<T>`).
pub(super) fn reach(root: TokenStream, path: &ValuePath, by_ref: bool) -> (TokenStream, bool) {
    let mut expr = root;
    let mut optional = false;
    for step in &path.steps {
        // The step taken from `base`, a place of the value that holds it, and
        // whether it gives an `Option`.
        let take = |base: TokenStream| match step {
            PathStep::LastItem if by_ref => (quote!(#base.last()), true),
            PathStep::LastItem => (quote!(#base.into_iter().last()), true),
            PathStep::FirstItem if by_ref => (quote!(#base.first()), true),
            PathStep::FirstItem => (quote!(#base.into_iter().next()), true),
            PathStep::Field { rust_name, presence } => {
                let name = ident(rust_name);
                match presence {
                    Presence::Required => (quote!(#base.#name), false),
                    Presence::RequiredNullable | Presence::Optional if by_ref => (quote!(#base.#name.as_ref()), true),
                    Presence::RequiredNullable | Presence::Optional => (quote!(#base.#name), true),
                    Presence::OptionalNullable if by_ref => (quote!(#base.#name.value()), true),
                    Presence::OptionalNullable => (quote!(#base.#name.into_option()), true),
                }
            }
        };
        let (taken, gives_option) = take(if optional { quote!(value) } else { expr.clone() });
        expr = match (optional, gives_option) {
            (false, _) => taken,
            (true, true) => quote!(#expr.and_then(|value| #taken)),
            (true, false) if by_ref => quote!(#expr.map(|value| &#taken)),
            (true, false) => quote!(#expr.map(|value| #taken)),
        };
        optional |= gives_option;
    }
    (expr, optional)
}

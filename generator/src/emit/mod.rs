//! IR → Rust source: `TokenStream`s via quote, then `syn::File` → prettyplease.

mod client;
mod lib_rs;
mod mock;
mod operations;
mod paging;
mod streaming;
mod type_files;
mod types;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::client_runtime::RuntimeSource;
use crate::ir::{Api, Foreign, IntWidth, PathStep, Presence, TextEncoding, TypeRef, ValuePath};
use crate::naming;

pub(crate) use crate::docs::doc_attrs;

/// A run of whole items of a file, built and formatted on its own. A file's
/// parts are built and formatted in parallel, on as many threads as the
/// machine has cores, then joined in order; parts are cut by item counts,
/// never by thread counts, so the output is the same on any machine.
pub(crate) type Part<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// The Rust files of a crate, as (path relative to the crate, contents).
pub fn emit(api: &Api, runtime: &RuntimeSource) -> Result<Vec<(String, String)>, EmitError> {
    let mut files: Vec<(String, Vec<Part<'_>>)> = vec![
        ("src/lib.rs".into(), vec![Box::new(move || lib_rs::lib_rs(api, runtime))]),
        ("src/client.rs".into(), vec![Box::new(move || client::client_rs(api))]),
    ];
    files.extend(type_files::type_files(api));
    files.push(("src/operations.rs".into(), operations::operations_parts(api)));
    files.push(("src/mock.rs".into(), vec![Box::new(move || mock::mock_rs(api))]));
    let work: Vec<&Part<'_>> = files.iter().flat_map(|(_, parts)| parts).collect();
    // The parts that hold one long `impl` (the `Client` methods, the mock
    // stubs) start first, so no thread is left with one at the end.
    let first_part_of = |path: &str| {
        let file = files.iter().position(|(file, _)| file == path).unwrap_or_default();
        files[..file].iter().map(|(_, parts)| parts.len()).sum::<usize>()
    };
    let long = [first_part_of("src/operations.rs"), first_part_of("src/mock.rs")];
    let order: Vec<usize> = long.into_iter().chain((0..work.len()).filter(|i| !long.contains(i))).collect();
    let small = api.types.len() + api.operations.len() < PARALLEL_FROM_ITEMS;
    let threads = if small { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
    let mut formatted = format_in_parallel(&work, &order, threads).into_iter();
    files
        .iter()
        .map(|(path, parts)| {
            let text: String = formatted.by_ref().take(parts.len()).collect::<Result<Vec<String>, EmitError>>()?.concat();
            Ok((path.clone(), format!("{}\n{}", crate::HEADER, space_items(&text))))
        })
        .collect()
}

/// Below this many types and operations, a crate is formatted on the calling
/// thread alone: the work takes about a millisecond, and a thread of its own
/// would spend a good part of that starting and warming its heap.
const PARALLEL_FROM_ITEMS: usize = 32;

/// Each part built and formatted on `threads` threads, taken in `order`,
/// returned in place.
fn format_in_parallel(parts: &[&Part<'_>], order: &[usize], threads: usize) -> Vec<Result<String, EmitError>> {
    let threads = threads.min(parts.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::OnceLock<Result<String, EmitError>>> = parts.iter().map(|_| std::sync::OnceLock::new()).collect();
    let work = || {
        while let Some(&index) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            let _ = done[index].set(format_part(parts[index]));
        }
    };
    if threads == 1 {
        work();
    } else {
        // The calling thread only waits: taking parts itself made the
        // median run slower (langchain-agent-protocol, 14.7 against 16.4 ms).
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(work);
            }
        });
    }
    done.into_iter().map(|slot| slot.into_inner().unwrap_or_else(|| Err(EmitError("a part was not formatted".into())))).collect()
}

/// The `cfg` of an item the group features `features` need (see
/// `lower::features`); none for an item always compiled.
pub(crate) fn feature_cfg(features: Option<&Vec<String>>) -> Option<TokenStream> {
    match features.map(Vec::as_slice) {
        None | Some([]) => None,
        Some([feature]) => Some(quote!(#[cfg(feature = #feature)])),
        Some(features) => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    }
}

/// `items` with `cfg` on each of them. The items are the generator's own, so
/// they are told apart by their tokens alone, without a parse: an item ends
/// at a `;` outside any group, or at a `{ … }` not followed by `;`.
pub(crate) fn gated(cfg: Option<TokenStream>, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let Some(cfg) = cfg else { return items };
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut start = true;
    for (index, token) in tokens.iter().enumerate() {
        if start {
            out.extend(cfg.clone());
        }
        let ends = match token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && !matches!(tokens.get(index + 1), Some(TokenTree::Punct(next)) if next.as_char() == ';')
            }
            _ => false,
        };
        out.extend([token.clone()]);
        start = ends;
    }
    out
}

/// Generated tokens did not parse as Rust: a generator bug, reported, not panicked on.
#[derive(Debug, thiserror::Error)]
#[error("generated code does not parse ({0}); this is a generator bug")]
pub struct EmitError(String);

fn format_part(part: &Part<'_>) -> Result<String, EmitError> {
    let (tokens, docs) = crate::docs::held_back(part);
    let file: syn::File = syn::parse2(tokens).map_err(|error| EmitError(error.to_string()))?;
    crate::docs::restore_docs(&prettyplease::unparse(&file), &docs)
        .ok_or_else(|| EmitError("a doc comment's stand-in was not printed as one".into()))
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

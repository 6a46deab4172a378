//! A paging builder's `pages()` and `into_stream()`: the runtime's page stream,
//! told how the operation pages and how to read its page type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::{IntWidth, NextPage, Pagination, PaginationSource, PathStep, Presence, TypeRef, ValuePath};

/// The two methods, for a builder whose page type is `page` and whose error
/// type is `error`.
pub(super) fn methods(pagination: &Pagination, page: &TokenStream, error: &TokenStream, scope: Scope<'_>) -> TokenStream {
    let item = type_tokens(&pagination.item, scope);
    let paging = paging(pagination);
    let read = page_info(pagination);
    let items = move_items(&pagination.items);
    let pages_doc = doc_attrs(&pages_doc(pagination));
    quote! {
        #pages_doc
        pub fn pages(self) -> BoxStream<'static, Result<#page, #error>> {
            runtime::pages(self.0, #paging, |request| Self(request).into_future(), |page| #read)
        }

        /// Every item of every page, in order: [`pages`](Self::pages), one item at a time.
        pub fn into_stream(self) -> BoxStream<'static, Result<#item, #error>> {
            runtime::items(self.pages(), #items)
        }
    }
}

fn paging(pagination: &Pagination) -> TokenStream {
    let next = match &pagination.next {
        NextPage::Page { param, first } => {
            let first = Literal::i64_unsuffixed(*first);
            quote!(runtime::NextPage::Page { param: #param, first: #first })
        }
        NextPage::Offset { param } => quote!(runtime::NextPage::Offset { param: #param }),
        NextPage::Cursor { param } => quote!(runtime::NextPage::Cursor { param: #param }),
        NextPage::Link => quote!(runtime::NextPage::Link),
    };
    let short_page = match &pagination.short_page {
        Some(size) => {
            let param = &size.param;
            let default = match size.default {
                Some(default) => {
                    let default = Literal::i64_unsuffixed(default);
                    quote!(Some(#default))
                }
                None => quote!(None),
            };
            quote!(Some((#param, #default)))
        }
        None => quote!(None),
    };
    quote!(runtime::Paging { next: #next, short_page: #short_page })
}

/// `runtime::PageInfo { … }` read from `page`, a `&Page`.
fn page_info(pagination: &Pagination) -> TokenStream {
    let (items, optional) = borrow(&pagination.items);
    let mut fields = vec![if optional { quote!(items: #items.map_or(0, Vec::len)) } else { quote!(items: #items.len()) }];
    if let Some(next) = &pagination.next_value {
        let value = leaf(next, Read::Text);
        fields.push(quote!(next: #value));
    }
    let signs = [
        ("has_more", &pagination.has_more, Read::Bool),
        ("last", &pagination.last_page, Read::Bool),
        ("total_pages", &pagination.total_pages, Read::Count),
    ];
    for (name, path, read) in signs {
        if let Some(path) = path {
            let name = ident(name);
            let value = leaf(path, read);
            fields.push(quote!(#name: #value));
        }
    }
    // `PageInfo` has five fields; those the API does not give stay unset.
    let rest = (fields.len() < 5).then(|| quote!(..runtime::PageInfo::default()));
    quote!(runtime::PageInfo { #(#fields,)* #rest })
}

/// An expression borrowing the value at `path` from `page`, and whether it is
/// an `Option<&T>` (some step may be missing) rather than a place.
fn borrow(path: &ValuePath) -> (TokenStream, bool) {
    reach(path, true)
}

/// An expression reaching the value at `path` from `page`, and whether it is
/// an `Option` rather than a place (see [`super::reach`]).
fn reach(path: &ValuePath, by_ref: bool) -> (TokenStream, bool) {
    super::reach(quote!(page), path, by_ref)
}

/// How a `PageInfo` field reads its value.
#[derive(Clone, Copy)]
enum Read {
    /// A cursor or link, as text.
    Text,
    Bool,
    /// A page count, as `i64`.
    Count,
}

/// The value at `path` as the `Option` a `PageInfo` field holds.
fn leaf(path: &ValuePath, read: Read) -> TokenStream {
    let widen = matches!((read, &path.ty), (Read::Count, TypeRef::Integer(IntWidth::I32)));
    // An `Option` of a number or boolean in a field reached without a missing
    // step is already the value wanted.
    if let (Read::Bool | Read::Count, [init @ .., PathStep::Field { rust_name, presence }]) = (read, &path.steps[..])
        && matches!(presence, Presence::Optional | Presence::RequiredNullable)
    {
        let prefix = ValuePath { steps: init.to_vec(), ..path.clone() };
        if let (prefix, false) = borrow(&prefix) {
            let name = ident(rust_name);
            return if widen { quote!(#prefix.#name.map(i64::from)) } else { quote!(#prefix.#name) };
        }
    }
    // A required field of something that may be missing is read in place.
    if let [init @ .., PathStep::Field { rust_name, presence: Presence::Required }] = &path.steps[..] {
        let prefix = ValuePath { steps: init.to_vec(), ..path.clone() };
        if let (prefix, true) = borrow(&prefix) {
            let name = ident(rust_name);
            let value = match read {
                Read::Bool | Read::Count if widen => quote!(i64::from(value.#name)),
                Read::Bool | Read::Count => quote!(value.#name),
                Read::Text if path.ty == TypeRef::String => quote!(value.#name.clone()),
                Read::Text => quote!(value.#name.to_string()),
            };
            return quote!(#prefix.map(|value| #value));
        }
    }
    let (expr, optional) = borrow(path);
    match (read, optional) {
        (Read::Bool | Read::Count, false) if widen => quote!(Some(i64::from(#expr))),
        (Read::Bool | Read::Count, true) if widen => quote!(#expr.copied().map(i64::from)),
        (Read::Bool | Read::Count, false) => quote!(Some(#expr)),
        (Read::Bool | Read::Count, true) => quote!(#expr.copied()),
        (Read::Text, false) if path.ty == TypeRef::String => quote!(Some(#expr.clone())),
        (Read::Text, true) if path.ty == TypeRef::String => quote!(#expr.cloned()),
        (Read::Text, false) => quote!(Some(#expr.to_string())),
        (Read::Text, true) => quote!(#expr.map(ToString::to_string)),
    }
}

/// The function that takes a page's items out of it.
fn move_items(path: &ValuePath) -> TokenStream {
    match reach(path, false) {
        _ if path.steps.is_empty() => quote!(std::convert::identity),
        (expr, true) => quote!(|page| #expr.unwrap_or_default()),
        (expr, false) => quote!(|page| #expr),
    }
}

/// What `pages()` does, in the words of the spec's own names.
fn pages_doc(pagination: &Pagination) -> String {
    let next = match &pagination.next {
        NextPage::Page { param, first } => format!("sets `{param}` to the next page number (pages count from {first})"),
        NextPage::Offset { param } => format!("sets `{param}` past the items received so far"),
        NextPage::Cursor { param } => {
            let from = pagination.next_value.as_ref().map_or("", |path| path.text.as_str());
            format!("sets `{param}` to the cursor in `{from}`")
        }
        NextPage::Link => {
            let from = pagination.next_value.as_ref().map_or("", |path| path.text.as_str());
            format!("follows the link in `{from}`, which must be on the same server")
        }
    };
    let mut ends = Vec::new();
    if let Some(path) = &pagination.has_more {
        ends.push(format!("`{}` is false", path.text));
    }
    if let Some(path) = &pagination.last_page {
        ends.push(format!("`{}` is true", path.text));
    }
    if let Some(path) = &pagination.total_pages {
        ends.push(format!("`{}` pages have been read", path.text));
    }
    if let Some(size) = &pagination.short_page {
        let default = size.default.map(|default| format!(" ({default} unless set)")).unwrap_or_default();
        ends.push(format!("a page holds fewer items than `{}`{default}", size.param));
    }
    match &pagination.next {
        NextPage::Page { .. } | NextPage::Offset { .. } => ends.push("a page is empty".into()),
        NextPage::Cursor { .. } | NextPage::Link => ends.push("there is no next one".into()),
    }
    let source = match &pagination.source {
        PaginationSource::Extension => String::new(),
        PaginationSource::Detected(rule) => format!("\n\nDetected from the spec: this operation {rule}."),
    };
    format!(
        "Every page from the one this request asks for, as a stream. Each page is \
         requested when the stream is polled for it, with this request's parameters \
         and options and the client's retries.\n\n\
         The next request {next}. The pages end when {}. A failed page is the \
         stream's last item; a cursor or link that repeats ends it with \
         [`Error::Pagination`].{source}",
        join_or(&ends)
    )
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

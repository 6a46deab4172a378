//! Spec prose → `#[doc]` attributes that rustdoc renders and never runs.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

/// Starts the value of a doc attribute that stands for a held-back doc text:
/// a private-use character and a word, which no spec text holds.
const HELD_BACK: &str = "\u{E000}held-doc-";
/// The same, as a string literal prints it outside a doc comment.
const HELD_BACK_ESCAPED: &str = "\\u{e000}held-doc-";

thread_local! {
    /// The doc texts held back from the tokens being built on this thread,
    /// while [`held_back`] runs.
    static HELD: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `build` with each doc text kept out of its tokens: one short
/// attribute stands for it, and [`restore_docs`] prints it after formatting.
/// Spec prose is a third of a large crate's tokens, and parsing it back out
/// of attributes was half of the time syn took (Stripe: 150 of 310 ms).
pub fn held_back(build: impl FnOnce() -> TokenStream) -> (TokenStream, Vec<String>) {
    HELD.with(|held| *held.borrow_mut() = Some(Vec::new()));
    let tokens = build();
    let docs = HELD.with(|held| held.borrow_mut().take()).unwrap_or_default();
    (tokens, docs)
}

/// Formatted `text` with each held-back doc printed where its stand-in is,
/// at its indentation, one `///` line per line, as prettyplease prints a
/// `#[doc]` attribute per line. `None` if a stand-in is left anywhere else
/// (inside a macro's tokens, say).
pub fn restore_docs(text: &str, docs: &[String]) -> Option<String> {
    if docs.is_empty() {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len() + docs.iter().map(|doc| doc.len() + 16 * doc.lines().count()).sum::<usize>());
    for line in text.split_inclusive('\n') {
        let content = line.trim_start();
        let Some(index) = content.strip_prefix("///").and_then(|rest| rest.strip_prefix(HELD_BACK)) else {
            out.push_str(line);
            continue;
        };
        let doc = docs.get(index.trim_end().parse::<usize>().ok()?)?;
        let indent = &line[..line.len() - content.len()];
        for doc_line in doc.lines() {
            out.push_str(indent);
            out.push_str("///");
            if !doc_line.is_empty() {
                out.push(' ');
                out.push_str(doc_line);
            }
            out.push('\n');
        }
    }
    (!out.contains(HELD_BACK) && !out.contains(HELD_BACK_ESCAPED)).then_some(out)
}

/// One `#[doc]` attribute per line of `text`, after [`sanitize`]; inside
/// [`held_back`], one stand-in attribute for all of them.
pub fn doc_attrs(text: &str) -> TokenStream {
    let text = sanitize(text);
    let held = HELD.with(|held| {
        let mut held = held.borrow_mut();
        let docs = held.as_mut()?;
        docs.push(text.clone());
        Some(docs.len() - 1)
    });
    if let Some(index) = held {
        if text.is_empty() {
            return TokenStream::new();
        }
        let stand_in = format!("{HELD_BACK}{index}");
        return quote!(#[doc = #stand_in]);
    }
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes spec Markdown safe as rustdoc:
/// - code fences without a language become `text`, so doctests never run them;
/// - indentation outside fences is capped at three spaces, so no line becomes
///   an indented code block (which rustdoc would compile as a doctest);
/// - bare URLs are wrapped in `<…>`, as rustdoc asks;
/// - trailing whitespace and surrounding blank lines are dropped.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    let mut out = Vec::new();
    let mut in_fence = false;
    // Inside a list item: the column its text starts at. Its continuation lines
    // are indented to it, as rustdoc asks, instead of continuing lazily.
    let mut item_indent: Option<usize> = None;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                out.push("```".to_string());
            } else {
                in_fence = true;
                let lang = info.trim();
                let lang = if lang.is_empty() || lang == "rust" { "text" } else { lang };
                out.push(format!("```{lang}"));
            }
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        let indent = (line.len() - trimmed.len()).min(3);
        let indent = match (list_marker(trimmed), item_indent) {
            _ if trimmed.is_empty() => {
                item_indent = None;
                0
            }
            (Some(marker), _) => {
                item_indent = Some(indent + marker);
                indent
            }
            // Deeper would be overindented (clippy's doc_overindented_list_items).
            (None, Some(item)) => item,
            (None, None) => indent,
        };
        out.push(format!("{}{}", " ".repeat(indent), wrap_urls(trimmed)));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// The width of a list marker starting `line` (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// Wraps `http(s)://…` runs that are not already in a link, code span or `<…>`.
fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        let next_tick = rest.find('`');
        let next_url = find_url(rest);
        match (next_tick, next_url) {
            (Some(tick), url) if url.is_none_or(|u| tick < u) => {
                out.push_str(&rest[..=tick]);
                in_code = !in_code;
                rest = &rest[tick + 1..];
            }
            (_, Some(start)) if !in_code => {
                let before = rest[..start].chars().last();
                let end = start
                    + rest[start..]
                        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']' | '\''))
                        .unwrap_or(rest.len() - start);
                let mut url_end = end;
                while url_end > start && rest[..url_end].ends_with(['.', ',', ';', ':']) {
                    url_end -= 1;
                }
                out.push_str(&rest[..start]);
                let url = &rest[start..url_end];
                if matches!(before, Some('<' | '(' | '"' | '[' | '=')) {
                    out.push_str(url);
                } else {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
                rest = &rest[url_end..];
            }
            (_, Some(start)) => {
                // Inside a code span: copy through the URL untouched.
                let skip = start + "http".len();
                out.push_str(&rest[..skip]);
                rest = &rest[skip..];
            }
            (None, None) | (Some(_), None) => {
                out.push_str(rest);
                rest = "";
            }
        }
    }
    out
}

fn find_url(text: &str) -> Option<usize> {
    match (text.find("https://"), text.find("http://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::{doc_attrs, held_back, restore_docs, sanitize};
    use quote::quote;

    fn formatted(tokens: proc_macro2::TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn held_back_docs_print_as_the_attributes_would() {
        let item = || {
            let doc = doc_attrs("A customer.\n\nSee <https://example.com>.");
            let field_doc = doc_attrs("Its `id`.");
            quote! {
                #doc
                pub struct Customer {
                    #field_doc
                    pub id: String,
                }
            }
        };
        let (tokens, docs) = held_back(item);
        assert_eq!(docs.len(), 2);
        let restored = restore_docs(&formatted(tokens), &docs).unwrap();
        assert_eq!(restored, formatted(item()));
        assert!(restored.contains("    /// Its `id`.\n    pub id: String,"));
    }

    #[test]
    fn a_stand_in_printed_anywhere_else_is_refused() {
        let (tokens, docs) = held_back(|| {
            let doc = doc_attrs("Inside a macro.");
            quote!(macro_rules! m { () => { #doc struct S; }; })
        });
        assert_eq!(restore_docs(&formatted(tokens), &docs), None);
    }

    #[test]
    fn fences_become_text_and_indentation_is_capped() {
        let doc = sanitize("Example:\n\n```\nlet x = 1;\n```\n\n        indented code\n");
        assert_eq!(doc, "Example:\n\n```text\nlet x = 1;\n```\n\n   indented code");
    }

    #[test]
    fn list_items_continue_indented_and_tabs_become_spaces() {
        let doc = sanitize("Modes:\n- first mode,\nstill the first\n10. tenth\nmore\n\nAfter\tthe list");
        assert_eq!(doc, "Modes:\n- first mode,\n  still the first\n10. tenth\n    more\n\nAfter    the list");
    }

    #[test]
    fn list_item_continuations_are_never_overindented() {
        let doc = sanitize("- `not found`: an ID that did not match\n   an organization.");
        assert_eq!(doc, "- `not found`: an ID that did not match\n  an organization.");
    }

    #[test]
    fn bare_urls_are_wrapped_once() {
        assert_eq!(sanitize("See https://a.io/x."), "See <https://a.io/x>.");
        assert_eq!(sanitize("See <https://a.io/x>"), "See <https://a.io/x>");
        assert_eq!(sanitize("See [a](https://a.io)"), "See [a](https://a.io)");
        assert_eq!(sanitize("Call `https://a.io` now"), "Call `https://a.io` now");
    }
}

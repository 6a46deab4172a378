//! The runtime every generated crate carries: the `client-runtime` crate's
//! files (`runtime/src/`, all but its `lib.rs`), compiled into the generator.
//!
//! Two facts about it are read from its source rather than kept in lists that
//! could drift: which method names `Client` and `ClientBuilder` already have
//! (operations and security schemes must not take them), and which of its
//! crate-private items a crate uses (only those are copied, so nothing is dead
//! code).

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

const CLIENT: &str = include_str!("../../runtime/src/client.rs");
const HELPERS: &str = include_str!("../../runtime/src/runtime.rs");

/// The runtime's files, as (path in the crate, source). Each is copied as it
/// is, less the crate-private items the crate does not reach.
pub const FILES: &[(&str, &str)] = &[
    ("src/client.rs", CLIENT),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/nullable.rs", include_str!("../../runtime/src/nullable.rs")),
    ("src/options.rs", include_str!("../../runtime/src/options.rs")),
    ("src/retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("src/runtime.rs", HELPERS),
];

/// Copied only into crates whose multipart bodies have file fields.
pub const MULTIPART_FILE: (&str, &str) = ("src/multipart.rs", include_str!("../../runtime/src/multipart.rs"));

/// Copied only into crates with a `date-time` value.
pub const TIMESTAMP_FILE: (&str, &str) = ("src/timestamp.rs", include_str!("../../runtime/src/timestamp.rs"));

/// Copied only into crates with an operation that pages.
pub const PAGINATE_FILE: (&str, &str) = ("src/paginate.rs", include_str!("../../runtime/src/paginate.rs"));

/// Whether `path` is a file copied from the runtime.
pub fn is_runtime_file(path: &str) -> bool {
    FILES.iter().chain([&MULTIPART_FILE, &PAGINATE_FILE, &TIMESTAMP_FILE]).any(|(p, _)| *p == path)
}

/// The runtime's files for a crate, each under the generated-file header;
/// `multipart.rs` only where a multipart body has a file field, `paginate.rs`
/// only where an operation pages, `timestamp.rs` only where a value is a date-time.
pub fn copies(api: &crate::ir::Api) -> Vec<(String, String)> {
    let multipart = api.uses_files().then_some(&MULTIPART_FILE);
    let paginate = api.paginates().then_some(&PAGINATE_FILE);
    let timestamp = api.uses_timestamps().then_some(&TIMESTAMP_FILE);
    FILES
        .iter()
        .chain(multipart)
        .chain(paginate)
        .chain(timestamp)
        .map(|(path, source)| (path.to_string(), format!("{}\n{source}", crate::HEADER)))
        .collect()
}

/// Removes from each runtime file of `files` the crate-private items that
/// nothing else in the crate reaches, until no file changes: an item used only
/// by a removed item of another file goes too.
pub fn prune(files: &mut [(String, String)]) {
    loop {
        let mut changed = false;
        for index in 0..files.len() {
            if !is_runtime_file(&files[index].0) {
                continue;
            }
            let users = files.iter().enumerate().filter(|(other, (path, _))| *other != index && path.ends_with(".rs"));
            let pruned = pruned_helpers(&files[index].1, users.map(|(_, (_, text))| text.as_str()));
            if pruned != files[index].1 {
                files[index].1 = pruned;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Method names of `type_name` in `client.rs` and `runtime.rs` (inherent and
/// trait methods), plus the derived `clone`.
pub fn methods_of(type_name: &str) -> Vec<String> {
    let mut names = vec!["clone".to_string()];
    let files = [CLIENT, HELPERS].into_iter().filter_map(|text| syn::parse_file(text).ok());
    for item in files.flat_map(|file| file.items) {
        if let syn::Item::Impl(block) = &item
            && self_type_name(block).as_deref() == Some(type_name)
        {
            names.extend(block.items.iter().filter_map(|item| match item {
                syn::ImplItem::Fn(method) => Some(method.sig.ident.to_string()),
                _ => None,
            }));
        }
    }
    names
}

fn self_type_name(block: &syn::ItemImpl) -> Option<String> {
    match &*block.self_ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `helpers` (the text of a runtime file) with only its public items and the
/// crate-private ones that `users` (the crate's other files) reach, directly
/// or through other kept items. Whole
/// lines are removed, so what is kept reads exactly as written.
pub fn pruned_helpers<'a>(helpers_text: &str, users: impl IntoIterator<Item = &'a str>) -> String {
    let Ok(file) = syn::parse_file(helpers_text) else { return helpers_text.to_string() };
    let mut outside = Uses::default();
    for text in users {
        outside.extend(uses_in_text(text));
    }
    let mut helpers = Vec::new();
    let mut trait_impls = Vec::new();
    let mut tests = Vec::new();
    // Public items are the crate's API: they stay, and what they use stays.
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    for item in &file.items {
        match item {
            syn::Item::Fn(f) => helpers.push(Helper::new(f.sig.ident.to_string(), None, item, public(&f.vis))),
            syn::Item::Struct(s) => helpers.push(Helper::new(s.ident.to_string(), None, item, public(&s.vis))),
            syn::Item::Enum(e) => helpers.push(Helper::new(e.ident.to_string(), None, item, public(&e.vis))),
            syn::Item::Trait(t) => helpers.push(Helper::new(t.ident.to_string(), None, item, public(&t.vis))),
            syn::Item::Type(t) => helpers.push(Helper::new(t.ident.to_string(), None, item, public(&t.vis))),
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let owner = self_type_name(block);
                for member in &block.items {
                    if let syn::ImplItem::Fn(method) = member {
                        let root = public(&method.vis);
                        helpers.push(Helper::new(method.sig.ident.to_string(), owner.clone(), member, root));
                    }
                }
            }
            // A trait impl uses what its methods call for as long as the types
            // and traits it names are kept.
            syn::Item::Impl(block) => {
                let mut named = Uses::default();
                uses_in_tokens(block.self_ty.to_token_stream(), &mut named);
                if let Some((path, _)) = &block.trait_ {
                    uses_in_tokens(path.to_token_stream(), &mut named);
                }
                let mut body = Uses::default();
                for member in &block.items {
                    uses_in_tokens(member.to_token_stream(), &mut body);
                }
                // Its own signatures name its types; that is no use of them.
                body.paths.retain(|name| !named.paths.contains(name));
                trait_impls.push((named.paths, body));
            }
            syn::Item::Mod(module) => {
                for inner in module.content.iter().flat_map(|(_, items)| items) {
                    if let syn::Item::Fn(test) = inner {
                        tests.push(Helper::new(test.sig.ident.to_string(), None, inner, false));
                    }
                }
            }
            _ => {}
        }
    }
    // Drop helpers nothing kept uses, until nothing changes.
    loop {
        let unused: Vec<usize> = (0..helpers.len())
            .filter(|&i| helpers[i].kept && !helpers[i].public)
            .filter(|&i| {
                let helper = &helpers[i];
                let owner_gone = helper.owner.as_ref().is_some_and(|owner| {
                    helpers.iter().any(|h| h.owner.is_none() && &h.name == owner && !h.kept)
                });
                let live_impl = |named: &BTreeSet<String>| {
                    !helpers.iter().any(|h| h.owner.is_none() && !h.kept && named.contains(&h.name))
                };
                let used = outside.reach(helper)
                    || helpers.iter().enumerate().any(|(j, other)| j != i && other.kept && other.uses.reach(helper))
                    || trait_impls.iter().any(|(named, body)| live_impl(named) && body.reach(helper));
                owner_gone || !used
            })
            .collect();
        if unused.is_empty() {
            break;
        }
        for i in unused {
            helpers[i].kept = false;
        }
    }
    // Tests (and their own helpers) that use a removed helper go with it.
    let mut removed: BTreeSet<String> = helpers.iter().filter(|h| !h.kept).map(|h| h.name.clone()).collect();
    loop {
        let before = removed.len();
        for test in tests.iter_mut().filter(|t| t.kept) {
            if removed.iter().any(|name| test.uses.paths.contains(name) || test.uses.methods.contains(name) || test.text.contains(&format!("\"{name}\""))) {
                test.kept = false;
                removed.insert(test.name.clone());
            }
        }
        if removed.len() == before {
            break;
        }
    }
    let mut drop_lines: Vec<(usize, usize)> = helpers.iter().chain(&tests).filter(|h| !h.kept).map(|h| h.lines).collect();
    for item in &file.items {
        let gone = match item {
            // An impl of a removed type goes with it, and so does a trait impl
            // that names one (`impl From<Removed> for crate::Error`).
            syn::Item::Impl(block) => {
                let mut names = Uses::default();
                if let Some((path, _)) = &block.trait_ {
                    uses_in_tokens(path.to_token_stream(), &mut names);
                }
                let owner = self_type_name(block);
                // An inherent impl left without methods goes too.
                let emptied = block.trait_.is_none()
                    && block.items.iter().all(|member| match member {
                        syn::ImplItem::Fn(method) => helpers.iter().any(|h| {
                            !h.kept && h.owner == owner && method.sig.ident == h.name
                        }),
                        _ => false,
                    });
                owner.is_some_and(|n| removed.contains(&n))
                    || emptied
                    || (block.trait_.is_some() && names.paths.iter().any(|name| removed.contains(name)))
            }
            // So does a test module left without tests.
            syn::Item::Mod(_) => tests.iter().all(|t| !t.kept),
            _ => false,
        };
        if gone {
            drop_lines.push(lines_of(item.to_token_stream()));
        }
    }
    remove_lines(helpers_text, &drop_lines)
}

/// Names an item reaches: as paths or calls (`json(..)`, `runtime::json`,
/// `RequestError`), and as methods (`.push(..)`).
#[derive(Default)]
struct Uses {
    paths: BTreeSet<String>,
    methods: BTreeSet<String>,
}

impl Uses {
    fn extend(&mut self, other: Uses) {
        self.paths.extend(other.paths);
        self.methods.extend(other.methods);
    }

    fn reach(&self, helper: &Helper) -> bool {
        match helper.owner {
            None => self.paths.contains(&helper.name),
            Some(_) => self.methods.contains(&helper.name) || self.paths.contains(&helper.name),
        }
    }
}

struct Helper {
    name: String,
    /// The type whose `impl` block holds the method, for methods.
    owner: Option<String>,
    uses: Uses,
    text: String,
    /// First and last line (1-based), attributes and doc comments included.
    lines: (usize, usize),
    /// Part of the crate's API, so never removed.
    public: bool,
    kept: bool,
}

impl Helper {
    fn new(name: String, owner: Option<String>, item: &impl ToTokens, public: bool) -> Self {
        let tokens = item.to_token_stream();
        let lines = lines_of(tokens.clone());
        let text = tokens.to_string();
        let mut uses = Uses::default();
        uses_in_tokens(tokens, &mut uses);
        uses.paths.remove(&name);
        Helper { name, owner, uses, text, lines, public, kept: true }
    }
}

/// First and last line (1-based) that `tokens` span.
fn lines_of(tokens: TokenStream) -> (usize, usize) {
    tokens.into_iter().fold((usize::MAX, 0), |(first, last), token| {
        let span = token.span();
        (first.min(span.start().line), last.max(span.end().line))
    })
}

/// Lower-case names count when called or written as a path (`json(..)`,
/// `runtime::json`), so a local variable `bytes` is not taken for the helper
/// `bytes`; type names count wherever they appear.
fn uses_in_tokens(tokens: TokenStream, uses: &mut Uses) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let is_punct = |index: usize, c: char| matches!(tokens.get(index), Some(TokenTree::Punct(p)) if p.as_char() == c);
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let after_dot = index > 0 && is_punct(index - 1, '.');
                let after_path = index > 1 && is_punct(index - 1, ':') && is_punct(index - 2, ':');
                let called = matches!(tokens.get(index + 1), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis);
                let before_path = is_punct(index + 1, ':') && is_punct(index + 2, ':');
                if after_dot {
                    uses.methods.insert(name);
                } else if after_path && is_external(&path_root(&tokens, index)) {
                    // `reqwest::multipart::Part::bytes` is not the helper `bytes`.
                } else if after_path || called || before_path || name.starts_with(char::is_uppercase) {
                    uses.paths.insert(name);
                }
            }
            TokenTree::Group(group) => uses_in_tokens(group.stream(), uses),
            TokenTree::Literal(literal) => uses.extend(uses_in_text(&literal.to_string())),
            TokenTree::Punct(_) => {}
        }
    }
}

/// The first segment of the path whose segment `tokens[index]` is.
fn path_root(tokens: &[TokenTree], mut index: usize) -> String {
    let is_colon = |i: usize| matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    while index >= 3 && is_colon(index - 1) && is_colon(index - 2) && matches!(tokens[index - 3], TokenTree::Ident(_)) {
        index -= 3;
    }
    tokens[index].to_string()
}

/// Crates a generated crate depends on: nothing in their paths is a helper.
fn is_external(root: &str) -> bool {
    matches!(
        root,
        "std" | "reqwest" | "serde" | "serde_json" | "url" | "chrono" | "uuid" | "tokio" | "tracing" | "fastrand" | "httpdate"
    )
}

/// Helper names a crate file reaches: paths into a runtime module
/// (`runtime::name`, `crate::retry::name`, in code or in a `deserialize_with`
/// string), method calls `.name(` and associated function calls `Type::name(`.
fn uses_in_text(text: &str) -> Uses {
    let ident_at = |rest: &str| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    let mut uses = Uses::default();
    for (index, _) in text.match_indices("::") {
        let module = text[..index].chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
        let module: String = module.chars().rev().collect();
        if !is_runtime_file(&format!("src/{module}.rs")) {
            continue;
        }
        let rest = &text[index + 2..];
        match rest.strip_prefix('{').and_then(|list| list.split_once('}')) {
            // `use crate::runtime::{Shape, union_candidates};`
            Some((list, _)) => uses.paths.extend(list.split(',').map(|name| ident_at(name.trim()))),
            None => {
                uses.paths.insert(ident_at(rest));
            }
        }
    }
    // Associated functions (`Shape::object(..)`) count like methods.
    for (index, _) in text.match_indices("::") {
        let before = text[..index].chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
        let name = ident_at(&text[index + 2..]);
        if before.ends_with(char::is_uppercase) && !name.is_empty() && text[index + 2 + name.len()..].starts_with('(') {
            uses.methods.insert(name);
        }
    }
    for (index, _) in text.match_indices('.') {
        let name = ident_at(&text[index + 1..]);
        if !name.is_empty() && text[index + 1 + name.len()..].starts_with('(') {
            uses.methods.insert(name);
        }
    }
    uses
}

/// `text` without the given 1-based inclusive line ranges, and without the blank
/// line that would be left doubled.
fn remove_lines(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_blank = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if ranges.iter().any(|(first, last)| (*first..=*last).contains(&number)) {
            continue;
        }
        let blank = line.trim().is_empty();
        if blank && previous_blank {
            continue;
        }
        previous_blank = blank;
        out.push_str(line);
        out.push('\n');
    }
    out
}


#[cfg(test)]
mod tests {
    #[test]
    fn a_removed_helper_takes_its_trait_impls_and_emptied_impls_along() {
        let helpers = "
pub(crate) struct Kept;

pub(crate) struct Gone;

impl From<Gone> for Kept {
    fn from(_: Gone) -> Self {
        Kept
    }
}

impl Kept {
    pub(crate) fn unused(&self) {}
}

pub(crate) type Alias = Gone;
";
        let pruned = super::pruned_helpers(helpers, ["let kept = runtime::Kept;"]);
        assert!(pruned.contains("pub(crate) struct Kept;"), "{pruned}");
        assert!(!pruned.contains("Gone"), "{pruned}");
        assert!(!pruned.contains("impl Kept"), "{pruned}");
        assert!(!pruned.contains("Alias"), "{pruned}");
    }
}

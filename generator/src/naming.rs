//! Rust names from wire names: heck casing, keyword escaping, and a
//! deterministic resolution when two spellings land on one name.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
    "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Type names a generated module must not shadow: the prelude items and
/// imports that generated code uses unqualified.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Deserialize", "Err", "None", "Ok", "Option", "Result", "Self", "Serialize", "Some",
    "String", "Vec",
];

/// Items of a generated crate that its modules name unqualified: the crate
/// root's exports and what `operations.rs` imports. A schema with one of these
/// names would read as that item.
pub const CRATE_ITEM_NAMES: &[&str] = &[
    "ApiError", "BoxFuture", "BoxStream", "BuildError", "Client", "ClientBuilder", "DecodeError", "Error",
    "FilePart", "IntoFuture", "Nullable", "PaginationError", "RequestOptions", "Response", "TransportError",
];

/// A header name lower-cased, without an `x-` prefix and with only its
/// letters and digits: `X-Idempotency-Key`, `Idempotency_Key` and
/// `idempotencykey` all read `idempotencykey`.
fn header_key(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    let name = name.strip_prefix("x-").or_else(|| name.strip_prefix("x_")).unwrap_or(&name);
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Whether a header carries an idempotency key, in any of its common spellings.
pub fn is_idempotency_key(header: &str) -> bool {
    header_key(header) == "idempotencykey"
}

/// Whether a header carries the server's id of a request (`X-Request-Id`,
/// `Request-Id`, `X-Amzn-RequestId`, `X-Correlation-Id`).
pub fn is_request_id(header: &str) -> bool {
    let key = header_key(header);
    key == "correlationid" || key.ends_with("requestid")
}

/// The type name for a schema called `base`: the name of a crate item gets a
/// suffix (`Error` → `ErrorBody`, `Client` → `ClientModel`), so `types::Error`
/// can never be mistaken for `crate::Error`.
pub fn type_name(base: &str) -> String {
    match base {
        base if !CRATE_ITEM_NAMES.contains(&base) => base.to_string(),
        base if base.ends_with("Error") => format!("{base}Body"),
        base => format!("{base}Model"),
    }
}

/// snake_case identifier text (may need `r#` when emitted; see [`is_raw_keyword`]).
pub fn snake(name: &str) -> String {
    remembered(&SNAKE, name, |name| fix_identifier(name.to_snake_case(), "value"))
}

/// UpperCamelCase identifier.
pub fn camel(name: &str) -> String {
    remembered(&CAMEL, name, |name| fix_identifier(name.to_upper_camel_case(), "Value"))
}

type Cased = std::cell::RefCell<rustc_hash::FxHashMap<String, String>>;

thread_local! {
    // A large spec cases the same few hundred words (`id`, `object`,
    // `created`) tens of thousands of times, and heck allocates per word.
    static SNAKE: Cased = Cased::default();
    static CAMEL: Cased = Cased::default();
}

/// `case(name)`, computed once per word and thread.
fn remembered(cache: &'static std::thread::LocalKey<Cased>, name: &str, case: fn(&str) -> String) -> String {
    cache.with(|cache| {
        if let Some(cased) = cache.borrow().get(name) {
            return cased.clone();
        }
        let cased = case(name);
        cache.borrow_mut().insert(name.to_string(), cased.clone());
        cased
    })
}

/// Makes a cased word a legal identifier: non-empty, not starting with a digit,
/// not a keyword that cannot be raw.
fn fix_identifier(cased: String, empty: &str) -> String {
    let cleaned: String = cased
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut name = if cleaned.is_empty() { empty.to_string() } else { cleaned };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        let prefix = if empty.starts_with(char::is_uppercase) { "V" } else { "n" };
        name = format!("{prefix}{name}");
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Whether an identifier must be written `r#name`.
pub fn is_raw_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name)
}

/// One scope of names (a module, a struct's fields, an enum's variants).
/// The first claimant of a name keeps it; later ones get `2`, `3`, … appended
/// (`_2` for snake_case), so the result depends only on claim order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `base`, or the first free numbered form of it.
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let separator = if base.starts_with(char::is_lowercase) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_keywords() {
        assert_eq!(snake("perPage"), "per_page");
        assert_eq!(snake("X-Child-Company-Id"), "x_child_company_id");
        assert_eq!(snake("type"), "type");
        assert!(is_raw_keyword("type"));
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("3ds"), "n3ds");
        assert_eq!(snake("$"), "value");
        assert_eq!(camel("subscription_request"), "SubscriptionRequest");
        assert_eq!(camel("non-renewing"), "NonRenewing");
        assert_eq!(camel("1st"), "V1st");
        assert_eq!(camel(""), "Value");
    }

    #[test]
    fn collisions_resolve_in_claim_order() {
        let mut fields = Namespace::new();
        assert_eq!(fields.claim(&snake("accountId")), "account_id");
        assert_eq!(fields.claim(&snake("account_id")), "account_id_2");
        let mut variants = Namespace::new();
        assert_eq!(variants.claim(&camel("Annual")), "Annual");
        assert_eq!(variants.claim(&camel("annual")), "Annual2");
        let mut types = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(types.claim("Result"), "Result2");
        assert_eq!(type_name("Error"), "ErrorBody");
        assert_eq!(type_name("Client"), "ClientModel");
        assert_eq!(type_name("Errors"), "Errors");
    }
}

//! The intermediate model between an OpenAPI document and Rust code.
//!
//! Plain owned data: no openapiv3 types appear here. Every name is already a
//! valid, collision-free Rust identifier; every wire name is kept verbatim.

pub mod visit;

use std::collections::{BTreeMap, BTreeSet};

/// One API: everything `emit` and `render` need to write a client crate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, used as the client's default base URL.
    pub default_server: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types, keyed (and therefore emitted) by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in spec order (path order, then method order).
    pub operations: Vec<Operation>,
    /// How `operations.rs` names the types.
    pub operations_imports: OperationsImports,
    /// The foreign types `types.rs` imports, to name them without their path.
    pub types_imports: BTreeSet<Foreign>,
    /// The constant name of every `Accept` value (the joined list) and body
    /// media type the operations send, keyed by that value.
    pub media_constants: BTreeMap<String, String>,
    /// The constant name of every security requirement the operations name
    /// (their alternatives), keyed by it.
    pub security_constants: BTreeMap<Vec<Vec<String>>, String>,
    /// The response header that carries the server's request id, if the spec
    /// declares one: the most common request-id-like header name.
    pub request_id_header: Option<String>,
    /// The error body most operations declare: statuses an operation without
    /// an error schema of its own does not declare are read as it.
    pub common_error: Option<TypeRef>,
    /// The crate's types that are error bodies, each with the path to its
    /// message when its schema has an obvious message field.
    pub error_messages: BTreeMap<String, Option<ValuePath>>,
    /// The cargo features that each compile one group of operations (a tag),
    /// in name order; none when the API has a single group.
    pub features: Vec<GroupFeature>,
    /// The features that need each type, for the types some feature does
    /// not need (the others are always compiled); also the per-operation
    /// enums, by name.
    pub item_features: BTreeMap<String, Vec<String>>,
    /// The files of `types/`, each with the types it holds; none when every
    /// type is in one `types.rs` (see `lower::layout`).
    pub type_modules: Vec<TypeModule>,
}

/// One file of `types/`: the types one group feature needs alone (the file
/// is compiled with that feature), or, without a feature, all the others.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeModule {
    pub name: String,
    pub feature: Option<String>,
    /// Names of the types it holds, in name order.
    pub types: Vec<String>,
}

/// A cargo feature that compiles one group of operations and the types they reach.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupFeature {
    pub name: String,
    /// What the group is: its tag, or its path segment.
    pub source: String,
    pub operations: usize,
}

/// How `operations.rs` names the types: through `use crate::types::*`, except
/// those its own items shadow.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct OperationsImports {
    /// Whether some operation names a type through the glob import.
    pub types_glob: bool,
    /// Types named by path (`crate::types::X`), because a builder or outcome
    /// enum of the module has the same name.
    pub by_path: BTreeSet<String>,
    /// The foreign types the module imports, to name them without their path.
    pub foreign: BTreeSet<Foreign>,
}

/// A type from std or a dependency that a module may import (`use
/// std::collections::BTreeMap;`) instead of naming it by path everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Foreign {
    /// `reqwest::Method`, which every operation names.
    Method,
    Map,
    Date,
    /// The crate's own `Timestamp`, for `date-time`.
    Timestamp,
}

impl Foreign {
    /// The foreign type a reference names itself, not counting what it holds.
    pub fn of(ty: &TypeRef) -> Option<Foreign> {
        match ty {
            TypeRef::Map(_) => Some(Foreign::Map),
            TypeRef::Date => Some(Foreign::Date),
            TypeRef::DateTime => Some(Foreign::Timestamp),
            _ => None,
        }
    }

    /// The names its import brings into scope.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Foreign::Method => &["Method"],
            Foreign::Map => &["BTreeMap"],
            Foreign::Date => &["NaiveDate"],
            Foreign::Timestamp => &["Timestamp"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    /// snake_case form of `key`, used for builder method names.
    pub rust_name: String,
    /// The builder method that sets a token provider for the scheme, for
    /// the kinds that send one token (not HTTP basic).
    pub provider_method: Option<String>,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SecurityKind {
    Bearer { format: Option<String> },
    Basic,
    ApiKeyHeader { name: String },
    ApiKeyQuery { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// JSON pointer of the schema this type came from.
    pub origin: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// A `multipart/form-data` request body: fields sent as parts, not serialized.
    Form(Form),
}

/// The fields of a `multipart/form-data` body, each with how it becomes parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Form {
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormField {
    pub rust_name: String,
    /// The part's name.
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub part: PartKind,
}

/// How a form field becomes parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// One file part; `content_type` is sent when the caller gives none.
    File { content_type: String },
    /// One file part per item, all under the field's name.
    Files { content_type: String },
    /// One text part.
    Text(TextEncoding),
    /// One text part per item, all under the field's name.
    Texts(TextEncoding),
    /// One `application/json` part.
    Json,
    /// A text part per leaf, named with brackets (`meta[plan]`, `expand[0]`), where
    /// the spec's `encoding` asks for `style: deepObject`.
    DeepObject,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to declared properties, as a flattened map.
    pub additional: Option<AdditionalField>,
    /// The serde `rename_all` rule that turns most field names into wire names.
    pub rename_all: Option<RenameRule>,
}

impl Struct {
    /// Whether serde_with's `skip_serializing_none` writes the struct's
    /// "leave out when `None`" rule once, instead of once per optional field.
    pub fn skips_none(&self) -> bool {
        self.fields.iter().any(|field| field.presence() == Presence::Optional && field.ty != TypeRef::Json)
    }
}

/// serde's `rename_all` rules that real specs' property names follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenameRule {
    CamelCase,
    PascalCase,
    ScreamingSnakeCase,
    KebabCase,
}

impl RenameRule {
    pub const ALL: [RenameRule; 4] = [Self::CamelCase, Self::PascalCase, Self::ScreamingSnakeCase, Self::KebabCase];

    /// The name serde gives it.
    pub fn serde_name(self) -> &'static str {
        match self {
            Self::CamelCase => "camelCase",
            Self::PascalCase => "PascalCase",
            Self::ScreamingSnakeCase => "SCREAMING_SNAKE_CASE",
            Self::KebabCase => "kebab-case",
        }
    }

    /// What serde makes of a snake_case field name under this rule.
    pub fn apply(self, field: &str) -> String {
        let pascal = || {
            let mut out = String::new();
            let mut capitalize = true;
            for c in field.chars() {
                if c == '_' {
                    capitalize = true;
                } else if capitalize {
                    out.push(c.to_ascii_uppercase());
                    capitalize = false;
                } else {
                    out.push(c);
                }
            }
            out
        };
        match self {
            Self::PascalCase => pascal(),
            Self::CamelCase => {
                let pascal = pascal();
                let mut chars = pascal.chars();
                chars.next().map(|first| first.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
            }
            Self::ScreamingSnakeCase => field.to_ascii_uppercase(),
            Self::KebabCase => field.replace('_', "-"),
        }
    }
}

/// The map field that holds properties beyond the declared ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdditionalField {
    /// `additional_properties`, unless a declared property took that name.
    pub rust_name: String,
    /// Type of each value.
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// The spec's default, as JSON text, for the docs.
    pub default: Option<String>,
    /// Set by cycle detection: the field sits on a containment cycle.
    pub boxed: bool,
    /// Whether serde's name for the field under the struct's `rename_all`
    /// differs from its wire name, so that it needs its own `rename`. Decided
    /// with `rename_all`.
    pub renamed: bool,
}

impl Field {
    /// The wire name serde derives from the Rust name, under the struct's rule.
    pub fn serde_name(&self, rule: Option<RenameRule>) -> String {
        let unraw = self.rust_name.trim_start_matches("r#");
        rule.map_or_else(|| unraw.to_string(), |rule| rule.apply(unraw))
    }

    /// How the field is stored, from `required` and `nullable`.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// The four combinations of required and nullable, each with its own Rust shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// `T`
    Required,
    /// `Option<T>`, always sent, `None` as `null`.
    RequiredNullable,
    /// `Option<T>`, omitted when `None`.
    Optional,
    /// `Nullable<T>`: absent, `null` or a value.
    OptionalNullable,
}

/// A closed set of values on the wire, open in Rust: unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds values the spec does not list.
    pub unknown_variant: String,
    /// For a string enum: the serde `rename_all` rule that turns most variant
    /// names into their values.
    pub rename_all: Option<VariantRule>,
}

/// serde's `rename_all` rules for enum variants, from a PascalCase variant name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VariantRule {
    Lowercase,
    Uppercase,
    CamelCase,
    SnakeCase,
    ScreamingSnakeCase,
    KebabCase,
    ScreamingKebabCase,
}

impl VariantRule {
    pub const ALL: [VariantRule; 7] = [
        Self::Lowercase,
        Self::Uppercase,
        Self::CamelCase,
        Self::SnakeCase,
        Self::ScreamingSnakeCase,
        Self::KebabCase,
        Self::ScreamingKebabCase,
    ];

    /// The name serde gives it.
    pub fn serde_name(self) -> &'static str {
        match self {
            Self::Lowercase => "lowercase",
            Self::Uppercase => "UPPERCASE",
            Self::CamelCase => "camelCase",
            Self::SnakeCase => "snake_case",
            Self::ScreamingSnakeCase => "SCREAMING_SNAKE_CASE",
            Self::KebabCase => "kebab-case",
            Self::ScreamingKebabCase => "SCREAMING-KEBAB-CASE",
        }
    }

    /// What serde makes of a variant name under this rule (serde's own algorithm:
    /// a separator before every uppercase letter but the first).
    pub fn apply(self, variant: &str) -> String {
        let snake = || {
            let mut out = String::new();
            for (i, c) in variant.char_indices() {
                if i > 0 && c.is_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        };
        match self {
            Self::Lowercase => variant.to_ascii_lowercase(),
            Self::Uppercase => variant.to_ascii_uppercase(),
            // serde slices off the first byte; a name that does not start with an
            // ASCII letter never takes this rule.
            Self::CamelCase if !variant.starts_with(|c: char| c.is_ascii()) => String::new(),
            Self::CamelCase => variant[..1].to_ascii_lowercase() + &variant[1..],
            Self::SnakeCase => snake(),
            Self::ScreamingSnakeCase => snake().to_ascii_uppercase(),
            Self::KebabCase => snake().replace('_', "-"),
            Self::ScreamingKebabCase => snake().to_ascii_uppercase().replace('_', "-"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    pub rust_name: String,
    /// The wire value: a string, or an integer's decimal text.
    pub value: String,
    pub doc: Option<String>,
    /// Whether serde's value for the variant under the enum's `rename_all`
    /// differs from its wire value, so that it needs its own `rename`. Decided
    /// with `rename_all`.
    pub renamed: bool,
}

impl EnumVariant {
    /// The value serde derives from the variant name, under the enum's rule.
    pub fn serde_name(&self, rule: Option<VariantRule>) -> String {
        rule.map_or_else(|| self.rust_name.clone(), |rule| rule.apply(&self.rust_name))
    }
}

/// oneOf / anyOf.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<Discriminator>,
    /// anyOf: the first variant that matches wins, like oneOf without a discriminator.
    pub any_of: bool,
    /// Without a discriminator: members are picked by their [`Shape`]s, because
    /// trying them in order would let an earlier one take a later one's data.
    pub by_shape: bool,
}

impl Union {
    /// Whether the union keeps what no member takes in an `Unknown` variant:
    /// always, unless it is tried in order and a member takes any JSON value.
    pub fn keeps_unknown(&self) -> bool {
        self.discriminator.is_some() || self.by_shape || !self.variants.iter().any(|v| v.ty == TypeRef::Json)
    }
}

/// What a union member looks like on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Shape {
    pub kind: JsonKind,
    /// Properties the member requires.
    pub required: Vec<String>,
    /// Those of them that may be `null`: their field is an `Option`, which
    /// serde also fills when the property is absent.
    pub required_nullable: Vec<String>,
    /// The other properties it declares.
    pub optional: Vec<String>,
    /// Properties whose string value is one of a closed set (a `const` or an
    /// enum), with the set: a value outside it is another member's.
    pub enumerated: Vec<(String, Vec<String>)>,
    /// The one-value properties of its object properties, as JSON pointers
    /// into the value (`/definition/type`): members alike at the top differ here.
    pub nested: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum JsonKind {
    #[default]
    Any,
    Object,
    Array,
    String,
    Integer,
    Number,
    /// A number with a fraction: a number member beside an integer member.
    Fraction,
    Bool,
}

impl Shape {
    /// Whether serde, trying `self` first, would take data meant for `later`.
    pub fn shadows(&self, later: &Shape) -> bool {
        let kinds = match (self.kind, later.kind) {
            (JsonKind::Any, _) => true,
            (JsonKind::Number, JsonKind::Integer | JsonKind::Fraction) => true,
            (a, b) => a == b,
        };
        if !kinds || self.kind != JsonKind::Object {
            return kinds;
        }
        // Enumerated values do not count: enums are open, so serde takes any
        // string for them; nor do required properties that may be null, which
        // serde takes absent (Qdrant's `ContextQuery` took every query).
        self.required
            .iter()
            .filter(|name| !self.required_nullable.contains(name))
            .all(|name| later.required.contains(name) || later.optional.contains(name))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Set by cycle detection: the variant sits on a containment cycle.
    pub boxed: bool,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Discriminator {
    pub property: String,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    /// `format: byte`: base64 text.
    Base64,
    Date,
    /// `format: date-time`: the crate's `Timestamp`.
    DateTime,
    Integer(IntWidth),
    /// Every `number`, `format: float` included: `f64`.
    Float,
    Bool,
    /// Anything: `serde_json::Value`.
    Json,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// A file in a multipart form: bytes, file name and content type.
    File,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// An array item or map value that may be `null`: `Option<T>`.
    Nullable(Box<TypeRef>),
    Named(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntWidth {
    I32,
    I64,
}

impl Api {
    /// Follows aliases to the type a name stands for.
    pub fn resolve_alias<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        resolve_alias(&self.types, ty)
    }

    /// Whether `ty` implements the runtime's `ErrorMessage` (`None` when it
    /// does not), and whether its impl can give a message: the runtime's does
    /// for any JSON and text, the crate's error bodies do where they have a
    /// message field.
    pub fn error_message_support(&self, ty: &TypeRef) -> Option<bool> {
        match self.resolve_alias(ty) {
            TypeRef::Named(name) => self.error_messages.get(name).map(Option::is_some),
            TypeRef::String | TypeRef::Json => Some(true),
            _ => None,
        }
    }

    /// Whether the crate needs its `Timestamp`: something holds a date-time.
    pub fn uses_timestamps(&self) -> bool {
        self.uses_type(|ty| matches!(ty, TypeRef::DateTime))
    }

    /// Whether some type or operation holds a type `wanted` picks, at any depth.
    fn uses_type(&self, wanted: impl Fn(&TypeRef) -> bool) -> bool {
        let mut found = false;
        let mut look = |ty: &TypeRef| found |= wanted(ty);
        for def in self.types.values() {
            visit::in_type(&def.kind, &mut look);
        }
        for op in &self.operations {
            visit::in_operation(op, &mut look);
        }
        found
    }

    /// Whether some request body is `multipart/form-data`.
    pub fn uses_multipart(&self) -> bool {
        self.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Multipart))
    }

    /// Whether some operation streams its pages.
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// Whether some operation streams its success body or takes a binary
    /// body (which may be a stream or a file).
    pub fn streams(&self) -> bool {
        self.operations.iter().any(|op| op.streaming.is_some()) || self.sends_binary()
    }

    /// Whether some operation takes a binary body.
    pub fn sends_binary(&self) -> bool {
        self.operations.iter().any(|op| op.body.as_ref().is_some_and(|body| body.encoding == BodyEncoding::Binary))
    }

    /// Whether some struct leaves out its `None` fields through serde_with.
    pub fn uses_serde_with(&self) -> bool {
        self.types.values().any(|def| matches!(&def.kind, TypeKind::Struct(s) if s.skips_none()))
    }

    /// Whether something holds a calendar date, which generated code names as `chrono::NaiveDate`.
    pub fn uses_dates(&self) -> bool {
        self.uses_type(|ty| matches!(ty, TypeRef::Date))
    }

    /// The features of `openapi-client-runtime` the crate needs, in order.
    pub fn runtime_features(&self) -> Vec<RuntimeFeature> {
        let needed = [self.uses_multipart(), self.paginates(), self.streams(), self.uses_timestamps()];
        RuntimeFeature::ALL.into_iter().zip(needed).filter_map(|(feature, needed)| needed.then_some(feature)).collect()
    }

}

/// Follows aliases among `types` to the type a name stands for.
pub fn resolve_alias<'a>(types: &'a BTreeMap<String, TypeDef>, ty: &'a TypeRef) -> &'a TypeRef {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Operation {
    /// snake_case method name.
    pub rust_name: String,
    /// UpperCamelCase name of the request builder.
    pub builder_name: String,
    pub operation_id: Option<String>,
    pub method: Method,
    pub path: Vec<PathSegment>,
    /// The path as written in the spec, for docs.
    pub path_template: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives, each a set of scheme keys that must all be applied.
    pub security: Vec<Vec<String>>,
    /// Media types for `Accept`, from the responses.
    pub accept: Vec<String>,
    /// What a success decodes to.
    pub success: Outcome,
    /// What an error body is parsed into.
    pub error: Outcome,
    /// How each status is handled, in match order: exact codes, ranges, then the rest.
    pub arms: Vec<Arm>,
    /// The header parameter that carries an idempotency key, if the operation
    /// takes one: the request may then be retried, and carries a fresh key
    /// unless the caller sets one.
    pub idempotency_header: Option<String>,
    /// How a list operation pages, if it does: its builder then streams pages
    /// and items.
    pub pagination: Option<Pagination>,
    /// How its success body streams, if it can.
    pub streaming: Option<Streaming>,
    /// The cargo feature of its group (see `lower::features`), if the API
    /// has several groups.
    pub feature: Option<String>,
    pub origin: String,
}

/// A success body read as it arrives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Streaming {
    pub format: StreamFormat,
    /// The type of each item: of each event's `data`, of each JSON line; bytes
    /// for a byte stream.
    pub item: TypeRef,
    /// The `Accept` value that asks for the stream.
    pub accept: String,
    /// Whether the stream is the only success answer: `send` then streams.
    /// Otherwise `send` reads the whole answer and a `stream` method streams.
    pub only: bool,
    /// For an operation that answers either way, the top-level body field
    /// that asks for the stream: `stream` sets it to true and `send` to
    /// false.
    pub switch: Option<String>,
    /// Whether a cut stream may be sent again to resume it (the operation is
    /// safe to repeat): the builder then has `resume`.
    pub resumable: bool,
    /// How a failure status is read, as in [`Operation::arms`] without the
    /// successes, which stream.
    pub arms: Vec<Arm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StreamFormat {
    /// `text/event-stream`.
    Events { data: EventData, sentinel: Sentinel },
    /// One JSON value per line or record.
    JsonLines,
    /// Raw chunks of a binary body.
    Bytes,
}

/// How an event's `data` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventData {
    Json,
    Text,
}

/// The `data` that ends an event stream.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sentinel {
    /// The spec says the stream ends with it.
    Promised(String),
    /// The usual `[DONE]` of JSON streams, honoured if it comes.
    Conventional(String),
    None,
}

/// A value the operation's `Client` method takes as an argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Argument<'a> {
    Param(&'a Param),
    Body(&'a Body),
}

impl Operation {
    /// The arguments of the operation's `Client` method, in order: the path
    /// parameters in path order, the other required parameters as declared,
    /// then the body when it is required. Everything else is a builder setter.
    pub fn arguments(&self) -> Vec<Argument<'_>> {
        let path = self.path.iter().flat_map(|segment| &segment.parts).filter_map(|part| match part {
            PathPart::Param(index) => self.params.get(*index),
            PathPart::Literal(_) => None,
        });
        let others = self.params.iter().filter(|p| p.required && p.location != ParamLocation::Path);
        let body = self.body.as_ref().filter(|body| body.required);
        path.chain(others).map(Argument::Param).chain(body.map(Argument::Body)).collect()
    }
}

/// How a list operation asks for its next page and reads each page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pagination {
    pub next: NextPage,
    /// Where a page holds its items: an array of `item`.
    pub items: ValuePath,
    pub item: TypeRef,
    /// The cursor or link to the next page, for [`NextPage::Cursor`] and
    /// [`NextPage::Link`].
    pub next_value: Option<ValuePath>,
    /// A boolean that is false on the last page.
    pub has_more: Option<ValuePath>,
    /// A boolean that is true on the last page.
    pub last_page: Option<ValuePath>,
    /// The number of pages in all.
    pub total_pages: Option<ValuePath>,
    /// Set when a page shorter than the page size is the last one: only where
    /// the API gives no other sign of the end.
    pub short_page: Option<PageSize>,
    /// How the generator knows the operation pages, for its docs and notes.
    pub source: PaginationSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NextPage {
    /// The page number, in a query parameter, counted from `first`.
    Page { param: String, first: i64 },
    /// The index of the first item, in a query parameter.
    Offset { param: String },
    /// The cursor the previous page gave, in a query parameter.
    Cursor { param: String },
    /// The link to the next page the previous page gave.
    Link,
}

/// The query parameter that sets the page size, and its declared default.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageSize {
    pub param: String,
    pub default: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaginationSource {
    /// The operation's `x-speakeasy-pagination` extension.
    Extension,
    /// Detected from the parameters and the response: the rule, in words.
    Detected(String),
}

/// A value inside a page, reached field by field from the page's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValuePath {
    /// As the spec writes it: `$.meta.pageCount`.
    pub text: String,
    pub steps: Vec<PathStep>,
    /// The type of the value it reaches.
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    Field { rust_name: String, presence: Presence },
    /// The last item of an array (`[-1]`).
    LastItem,
    /// The first item of an array (`[0]`).
    FirstItem,
}

/// The Rust type of an operation's successes or of its error bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// No response declares a body.
    Unit,
    /// Every response with a body has this type.
    Type(TypeRef),
    /// Error bodies no response describes: any JSON.
    UntypedJson,
    /// Several types: an enum with a variant per status.
    Enum(StatusEnum),
}

/// A per-operation enum with a variant per response status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusEnum {
    pub name: String,
    pub doc: String,
    pub variants: Vec<StatusVariant>,
    /// For an error enum: how it reads a failure response into its variants;
    /// the operation leaves every failure to it ([`ArmAction::ReadError`]).
    /// Empty for a success enum.
    pub arms: Vec<Arm>,
    /// An earlier operation's enum with the same variants and arms, which this
    /// name aliases instead of repeating them.
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusVariant {
    /// The response status whose body it holds.
    pub status: StatusMatch,
    pub name: String,
    pub doc: String,
    pub body: Option<TypeRef>,
}

/// One `match` arm over the response status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arm {
    /// Sorted; `Default` only alone, as the last arm.
    pub statuses: Vec<StatusMatch>,
    pub action: ArmAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArmAction {
    /// Decode the body as the success, wrapped in the enum variant if there is one.
    Succeed { decode: Decode, variant: Option<String> },
    /// Return an API error that keeps the body, parsed as described.
    Fail(ErrorParse),
    /// Return the API error that the error enum reads from the response.
    ReadError,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decode {
    Json,
    Text,
    Bytes,
    /// No body is expected; any is ignored.
    Empty,
}

/// How an error body becomes the operation's error type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorParse {
    /// Kept as bytes only.
    Unparsed,
    /// Read as `decode`, wrapped in the enum variant if there is one.
    Decode { decode: Decode, variant: Option<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One `/`-separated segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathSegment {
    pub parts: Vec<PathPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub deprecated: bool,
    pub default: Option<serde_json::Value>,
    /// How its value is written on the wire (from its type, `style` and `explode`).
    pub encoding: ParamEncoding,
    /// What precedes a path value in its segment: `.` (label style), `;name=` (matrix).
    pub path_prefix: String,
}

/// How one value becomes wire text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// Already a string.
    Str,
    /// Its `Display` form (numbers, booleans, dates, date-times as they were spelled, enums).
    Display,
    /// Compact JSON (objects and anything untyped).
    Json,
}

/// How a parameter's value is laid out: in the query, any of these; in a path, a scalar
/// or a delimited list; in a header or cookie, a scalar.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamEncoding {
    Scalar(TextEncoding),
    /// One key per item (`explode`).
    Repeated(TextEncoding),
    /// One value, items joined by the delimiter.
    Delimited { item: TextEncoding, delimiter: String },
    /// `name[key]=value` pairs.
    DeepObject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    Simple,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Label,
    Matrix,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Body {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// Media types the spec also accepts, not chosen.
    pub alternatives: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyEncoding {
    Json,
    Form,
    /// `multipart/form-data`, from a [`TypeKind::Form`] type.
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Response {
    pub status: StatusMatch,
    pub description: String,
    pub body: Option<ResponseBody>,
    /// The names of the headers it declares, as the spec writes them.
    pub headers: Vec<String>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// 2xx codes and the `2XX` range; `default` counts as an error.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseBody {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
}

/// A cargo feature of `openapi-client-runtime`: a part of it some crates do not need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuntimeFeature {
    /// `multipart/form-data` bodies and `FilePart`.
    Multipart,
    /// Page streams.
    Paginate,
    /// Streamed bodies: events, JSON lines, bytes, and binary request bodies.
    Stream,
    /// `Timestamp`, for `date-time` values.
    Timestamp,
}

impl RuntimeFeature {
    pub const ALL: [RuntimeFeature; 4] =
        [RuntimeFeature::Multipart, RuntimeFeature::Paginate, RuntimeFeature::Stream, RuntimeFeature::Timestamp];

    /// The feature's name in the runtime's Cargo.toml.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeFeature::Multipart => "multipart",
            RuntimeFeature::Paginate => "paginate",
            RuntimeFeature::Stream => "stream",
            RuntimeFeature::Timestamp => "timestamp",
        }
    }
}

//! OpenAPI → IR: resolve `$ref`s, name types, pick media types, classify responses.
//!
//! Only a reference that cannot be resolved is an error; anything else the IR
//! cannot say exactly falls back (to `serde_json::Value` or bytes) with a warning.

mod cycles;
mod encoding;
mod errors;
mod features;
mod form;
mod layout;
mod operation;
mod output;
mod outcome;
mod paging;
mod schema;
mod streaming;
mod union;

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Warning, push_pointer};
use crate::ir::{Api, SecurityKind, SecurityScheme, TypeDef};
use crate::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use crate::parse::Document;
use crate::client_runtime;

/// A fault that stops lowering.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct LowerError {
    pub pointer: String,
    pub message: String,
}

impl LowerError {
    fn new(pointer: &str, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }
}

/// Lowers a parsed document, returning the IR and the warnings it produced.
pub fn lower(doc: &Document) -> Result<(Api, Vec<Warning>), LowerError> {
    let mut lowerer = Lowerer::new(doc);
    let api = lowerer.api()?;
    Ok((api, lowerer.warnings))
}

const SCHEMAS_PREFIX: &str = "/components/schemas/";

struct Lowerer<'a> {
    openapi: &'a OpenAPI,
    raw: &'a serde_json::Value,
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Pointer of a schema → the Rust name of its named type.
    named: HashMap<String, String>,
    /// Components whose properties were merged into another type (allOf mixins,
    /// multipart bodies): public only if something else uses them.
    absorbed: HashSet<String>,
    warnings: Vec<Warning>,
    /// What each `$ref` target read as, by its pointer and the type it was
    /// read into: a component used a thousand times is read once.
    resolved: RefCell<HashMap<(TypeId, String), Rc<dyn Any>>>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document) -> Self {
        Self {
            openapi: &doc.openapi,
            raw: &doc.raw,
            types: BTreeMap::new(),
            type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            named: HashMap::new(),
            absorbed: HashSet::new(),
            warnings: Vec::new(),
            resolved: RefCell::new(HashMap::new()),
        }
    }

    /// A free type name for `hint`, never one of the crate's own items.
    fn claim_type_name(&mut self, hint: &str) -> String {
        self.type_names.claim(&naming::type_name(hint))
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning::at(pointer, message));
    }

    fn api(&mut self) -> Result<Api, LowerError> {
        // Component schemas claim their names first, in spec order, so an inline
        // type can never take a name a component would have had.
        if let Some(components) = &self.openapi.components {
            for key in components.schemas.keys() {
                let pointer = push_pointer("/components/schemas", key);
                let name = self.claim_type_name(&naming::camel(key));
                self.named.insert(pointer, name);
            }
            for key in components.schemas.keys() {
                let pointer = push_pointer("/components/schemas", key);
                self.named_schema(&pointer)?;
            }
        }
        let security_schemes = self.security_schemes()?;
        let mut operations = self.operations(&security_schemes)?;
        output::merge_identical(&mut self.types, &mut operations);
        output::prune_unreached(&mut self.types, &mut operations, &self.absorbed);
        let common_error = errors::common_error(&operations);
        if let Some(common) = &common_error {
            errors::read_undeclared_as_common(&mut operations, common);
        }
        let error_messages = errors::error_messages(&self.types, &operations);
        output::share_status_enums(&mut operations);
        let (features, item_features) = features::group_features(&mut operations, &self.types);
        cycles::box_cycles(&mut self.types);
        paging::paginate(&self.types, &mut operations, self.raw, &mut self.warnings);
        let operations_imports = output::operations_imports(&self.types, &operations);
        // One namespace: both kinds are constants of `operations.rs`.
        let mut constant_names = Namespace::new();
        let media_constants = output::name_media_types(&operations, &mut constant_names);
        let security_constants = output::name_security_requirements(&operations, &mut constant_names);
        let types_imports = output::types_imports(&self.types);
        let request_id_header = output::request_id_header(&operations);
        let type_modules = layout::type_modules(operations.len(), &features, &item_features, &self.types);
        let info = &self.openapi.info;
        Ok(Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            default_server: self.default_server(),
            security_schemes,
            types: std::mem::take(&mut self.types),
            operations,
            operations_imports,
            types_imports,
            media_constants,
            security_constants,
            request_id_header,
            common_error,
            error_messages,
            features,
            item_features,
            type_modules,
        })
    }

    /// The first server's URL, if it is absolute: a relative one (`/v1`) has no
    /// host to default to, so clients must be given a base URL.
    fn default_server(&mut self) -> Option<String> {
        let url = server_url(self.openapi.servers.first()?);
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url)
        } else {
            self.warn("/servers/0/url", format!("server URL `{url}` is relative; clients must set a base URL"));
            None
        }
    }

    /// Follows `$ref` chains to the item, returning it with its own pointer.
    /// An inline item is lent, not copied.
    fn resolve<'i, T: Component>(&self, item: &'i ReferenceOr<T>, pointer: &str) -> Result<(Resolved<'i, T>, String), LowerError>
    where
        'a: 'i,
    {
        match item {
            ReferenceOr::Item(item) => Ok((Resolved::Lent(item), pointer.to_string())),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, pointer),
        }
    }

    /// Follows a `$ref` chain from `reference` (found at `pointer`) to its
    /// item. A component is lent from the document's model; any other target
    /// is read from the raw tree once per target and type, and shared.
    fn resolve_ref<T: Component>(&self, reference: &str, pointer: &str) -> Result<(Resolved<'a, T>, String), LowerError> {
        let mut reference = reference.to_string();
        for _ in 0..32 {
            let target = ref_pointer(&reference, pointer)?;
            match self.component::<T>(&target) {
                Some(ReferenceOr::Item(item)) => return Ok((Resolved::Lent(item), target)),
                Some(ReferenceOr::Reference { reference: next }) => {
                    reference = next.clone();
                    continue;
                }
                None => {}
            }
            let value = self.raw.pointer(&target).ok_or_else(|| {
                LowerError::new(pointer, format!("`$ref: {reference}` points at nothing"))
            })?;
            if let Some(next) = value.get("$ref").and_then(|r| r.as_str()) {
                reference = next.to_string();
                continue;
            }
            let key = (TypeId::of::<T>(), target);
            if let Some(item) = self.resolved.borrow().get(&key).and_then(|item| item.clone().downcast::<T>().ok()) {
                return Ok((Resolved::Shared(item), key.1));
            }
            let item = Rc::new(T::deserialize(value).map_err(|err| {
                LowerError::new(&key.1, format!("`$ref: {reference}` target is invalid: {err}"))
            })?);
            self.resolved.borrow_mut().insert(key.clone(), item.clone());
            return Ok((Resolved::Shared(item), key.1));
        }
        Err(LowerError::new(pointer, format!("`$ref: {reference}` is part of a reference loop")))
    }

    /// The component at `target` (`/components/<section>/<key>`), as the
    /// document's model read it.
    fn component<T: Component>(&self, target: &str) -> Option<&'a ReferenceOr<T>> {
        let key = target.strip_prefix("/components/")?.strip_prefix(T::SECTION?)?.strip_prefix('/')?;
        // A pointer into a component (`…/Pet/properties/id`) is not one.
        if key.contains('/') {
            return None;
        }
        let key = key.replace("~1", "/").replace("~0", "~");
        T::section(self.openapi.components.as_ref()?)?.get(&key)
    }

    fn security_schemes(&mut self) -> Result<Vec<SecurityScheme>, LowerError> {
        let Some(components) = &self.openapi.components else {
            return Ok(Vec::new());
        };
        // Scheme methods live on `ClientBuilder` beside its own methods.
        let builder_methods: Vec<&str> = client_runtime::client_builder_methods().collect();
        let mut names = Namespace::with_reserved(&builder_methods);
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let pointer = push_pointer("/components/securitySchemes", key);
            let (scheme, _) = self.resolve(scheme, &pointer)?;
            let scheme = (*scheme).clone();
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::HTTP { scheme, bearer_format, description, .. } => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => (SecurityKind::Bearer { format: bearer_format }, description),
                        "basic" => (SecurityKind::Basic, description),
                        other => {
                            self.warn(&pointer, format!("HTTP auth scheme `{other}` is not supported; it is ignored"));
                            continue;
                        }
                    }
                }
                openapiv3::SecurityScheme::APIKey { location, name, description, .. } => match location {
                    openapiv3::APIKeyLocation::Header => (SecurityKind::ApiKeyHeader { name }, description),
                    openapiv3::APIKeyLocation::Query => (SecurityKind::ApiKeyQuery { name }, description),
                    openapiv3::APIKeyLocation::Cookie => {
                        self.warn(&pointer, "cookie API keys are not supported; the scheme is ignored");
                        continue;
                    }
                },
                // An OAuth 2 or OpenID Connect access token is sent as a bearer token;
                // obtaining it is left to the caller.
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer { format: None }, description)
                }
            };
            schemes.push(SecurityScheme { key: key.clone(), rust_name: names.claim(&naming::snake(key)), provider_method: None, kind, description });
        }
        // Each scheme's own method claims its name before any provider method.
        for scheme in schemes.iter_mut().filter(|scheme| scheme.kind != SecurityKind::Basic) {
            scheme.provider_method = Some(names.claim(&format!("{}_provider", scheme.rust_name)));
        }
        Ok(schemes)
    }
}

/// The pointer part of a local `$ref`.
fn ref_pointer(reference: &str, at: &str) -> Result<String, LowerError> {
    match reference.strip_prefix('#') {
        Some(pointer) => Ok(decode_pointer_uri(pointer)),
        None => Err(LowerError::new(
            at,
            format!("`$ref: {reference}` refers to another document; only local references (`#/...`) are supported"),
        )),
    }
}

/// `$ref` values are URI fragments: undo percent-encoding (`%7B` → `{`).
fn decode_pointer_uri(pointer: &str) -> String {
    percent_encoding::percent_decode_str(pointer)
        .decode_utf8_lossy()
        .into_owned()
}

/// A server URL with its `{variables}` replaced by their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    url
}

/// An item `resolve` found: lent from the document's model (an inline item, a
/// component), or shared from the cache of other `$ref` targets read from the
/// raw tree.
enum Resolved<'i, T> {
    Lent(&'i T),
    Shared(Rc<T>),
}

impl<T> std::ops::Deref for Resolved<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Resolved::Lent(item) => item,
            Resolved::Shared(item) => item,
        }
    }
}

/// What a `$ref` can name: the section of `components` that holds it, if any.
trait Component: DeserializeOwned + 'static {
    const SECTION: Option<&'static str>;
    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
}

macro_rules! component {
    ($($ty:ty: $section:literal => $field:ident),* $(,)?) => {$(
        impl Component for $ty {
            const SECTION: Option<&'static str> = Some($section);
            fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
                Some(&components.$field)
            }
        }
    )*};
}

component! {
    openapiv3::Schema: "schemas" => schemas,
    openapiv3::Parameter: "parameters" => parameters,
    openapiv3::RequestBody: "requestBodies" => request_bodies,
    openapiv3::Response: "responses" => responses,
    openapiv3::SecurityScheme: "securitySchemes" => security_schemes,
}

impl Component for openapiv3::PathItem {
    const SECTION: Option<&'static str> = None;
    fn section(_: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        None
    }
}

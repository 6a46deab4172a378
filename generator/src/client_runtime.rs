//! How a generated crate gets `openapi-client-runtime`, the crate in
//! `runtime/`: as a dependency, or as a vendored copy in
//! `src/openapi_client_runtime/`. Also the names the generated `Client` and
//! `ClientBuilder` already take, which operations and security schemes must not.

use std::collections::BTreeMap;

use crate::ir::{Api, RuntimeFeature};

/// The runtime's package name.
pub const RUNTIME_CRATE: &str = "openapi-client-runtime";

/// The name generated code reaches the runtime by: the crate's library name,
/// and the module a vendored copy is.
pub const RUNTIME_MODULE: &str = "openapi_client_runtime";

const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");
const LIB: &str = include_str!("../../runtime/src/lib.rs");

/// The runtime's modules, each with the feature it needs, if any.
const MODULES: &[(&str, Option<RuntimeFeature>, &str)] = &[
    ("client.rs", None, include_str!("../../runtime/src/client.rs")),
    ("credential.rs", None, include_str!("../../runtime/src/credential.rs")),
    ("error.rs", None, include_str!("../../runtime/src/error.rs")),
    ("mock.rs", None, include_str!("../../runtime/src/mock.rs")),
    ("multipart.rs", Some(RuntimeFeature::Multipart), include_str!("../../runtime/src/multipart.rs")),
    ("nullable.rs", None, include_str!("../../runtime/src/nullable.rs")),
    ("options.rs", None, include_str!("../../runtime/src/options.rs")),
    ("paginate.rs", Some(RuntimeFeature::Paginate), include_str!("../../runtime/src/paginate.rs")),
    ("request.rs", None, include_str!("../../runtime/src/request.rs")),
    ("response.rs", None, include_str!("../../runtime/src/response.rs")),
    ("retry.rs", None, include_str!("../../runtime/src/retry.rs")),
    ("serde_helpers.rs", None, include_str!("../../runtime/src/serde_helpers.rs")),
    ("sse.rs", Some(RuntimeFeature::Stream), include_str!("../../runtime/src/sse.rs")),
    ("sse_parser.rs", Some(RuntimeFeature::Stream), include_str!("../../runtime/src/sse_parser.rs")),
    ("stream.rs", Some(RuntimeFeature::Stream), include_str!("../../runtime/src/stream.rs")),
    ("timestamp.rs", Some(RuntimeFeature::Timestamp), include_str!("../../runtime/src/timestamp.rs")),
    ("tls.rs", None, include_str!("../../runtime/src/tls.rs")),
    ("transport.rs", None, include_str!("../../runtime/src/transport.rs")),
    ("union.rs", None, include_str!("../../runtime/src/union.rs")),
    ("upload.rs", Some(RuntimeFeature::Stream), include_str!("../../runtime/src/upload.rs")),
];

/// Where a generated crate gets its runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A dependency on `openapi-client-runtime`, by version, and by `path`
    /// (relative to the generated crate) when given.
    Dependency { path: Option<String> },
    /// A copy in the crate itself, which then stands alone.
    Vendored,
}

/// The runtime `ClientBuilder`'s settings, which the generated builder passes
/// through, in the order it lists them. A test checks this against the
/// runtime's source, and `emit` writes each one's signature and docs.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "http_client",
    "root_certificate",
    "middleware",
    "user_agent",
    "timeout",
    "deadline",
    "retry_policy",
    "connect_timeout",
    "max_retries",
    "retry_backoff",
    "max_retry_wait",
];

/// The runtime's features that choose its TLS backend.
pub const TLS_FEATURES: [&str; 3] = ["rustls", "rustls-aws-lc-rs", "native-tls"];

/// The runtime's features for the application to choose (TLS, middleware),
/// as opposed to those the API's shapes need. Every generated crate has them
/// too, under the same names, so that code gated on them (in the runtime, a
/// vendored copy of it, or the generated builder) reads the same.
pub const CRATE_FEATURES: [&str; 5] = [TLS_FEATURES[0], TLS_FEATURES[1], TLS_FEATURES[2], "middleware", "mock"];

/// A `[features]` entry of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateFeature {
    pub name: String,
    /// What it turns on, as Cargo.toml writes it.
    pub enables: Vec<String>,
}

/// The features of a generated crate: the runtime's default ones, then each
/// of [`CRATE_FEATURES`], passed to the runtime (or, for a vendored copy, to
/// what the runtime's manifest says the feature turns on).
pub fn crate_features(source: &RuntimeSource) -> Vec<CrateFeature> {
    let manifest = RuntimeManifest::read();
    let default = manifest.features.get("default").cloned().unwrap_or_default();
    let chosen = CRATE_FEATURES.iter().map(|&name| CrateFeature {
        name: name.to_string(),
        enables: match source {
            RuntimeSource::Dependency { .. } => vec![format!("{RUNTIME_CRATE}/{name}")],
            RuntimeSource::Vendored => manifest.features.get(name).cloned().unwrap_or_default(),
        },
    });
    std::iter::once(CrateFeature { name: "default".into(), enables: default }).chain(chosen).collect()
}

/// Methods the generated `Client` has besides its operations (derived ones
/// included), and those of the test kit's `MockApi`, which has a method per
/// operation too.
pub const CLIENT_METHODS: &[&str] =
    &["new", "builder", "base_url", "raw_request", "prepare", "clone", "fmt", "start", "client", "client_builder", "server"];

/// Every method name the generated `ClientBuilder` has besides its credentials.
pub fn client_builder_methods() -> impl Iterator<Item = &'static str> {
    CLIENT_BUILDER_METHODS.iter().copied().chain(["build", "from", "default", "clone", "fmt"])
}

/// The vendored copy's files, under the generated-file header: each module the
/// API's features need, and the runtime's `lib.rs` as the copy's `mod.rs`
/// with its `#[cfg(feature = …)]` lines resolved.
pub fn vendored_files(api: &Api) -> Vec<(String, String)> {
    let features = api.runtime_features();
    let enabled = |feature: &Option<RuntimeFeature>| feature.as_ref().is_none_or(|f| features.contains(f));
    let dir = format!("src/{RUNTIME_MODULE}");
    let mut files = vec![(format!("{dir}/mod.rs"), with_header(&resolve_features(LIB, &features)))];
    files.extend(
        MODULES
            .iter()
            .filter(|(_, feature, _)| enabled(feature))
            .map(|(name, _, source)| (format!("{dir}/{name}"), with_header(source))),
    );
    files
}

fn with_header(source: &str) -> String {
    format!("{}\n{source}", crate::HEADER)
}

/// `lib` with each `#[cfg(feature = "…")]` line of an API feature resolved:
/// dropped with the line after it when the feature is off, dropped alone
/// when it is on. A gate on one of the [`CRATE_FEATURES`] stays, for the
/// crate's own feature of that name.
fn resolve_features(lib: &str, features: &[RuntimeFeature]) -> String {
    let mut out = String::with_capacity(lib.len());
    let mut skip_next = false;
    for line in lib.lines() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let gated = line.trim().strip_prefix("#[cfg(feature = \"").and_then(|rest| rest.strip_suffix("\")]"));
        match gated.filter(|name| !CRATE_FEATURES.contains(name)) {
            Some(name) => skip_next = !features.iter().any(|f| f.name() == name),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// A `[dependencies]` entry of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    version: String,
    path: Option<String>,
    default_features: bool,
    features: Vec<String>,
    /// Turned on by a feature of the crate (for a vendored runtime: a TLS
    /// backend, middleware).
    optional: bool,
}

impl Dependency {
    /// The entry's value, as Cargo.toml writes it.
    pub fn spec(&self) -> String {
        if self.path.is_none() && self.default_features && self.features.is_empty() && !self.optional {
            return format!("{:?}", self.version);
        }
        let mut fields = vec![format!("version = {:?}", self.version)];
        if let Some(path) = &self.path {
            fields.push(format!("path = {path:?}"));
        }
        if !self.default_features {
            fields.push("default-features = false".into());
        }
        if !self.features.is_empty() {
            let features: Vec<String> = self.features.iter().map(|f| format!("{f:?}")).collect();
            fields.push(format!("features = [{}]", features.join(", ")));
        }
        if self.optional {
            fields.push("optional = true".into());
        }
        format!("{{ {} }}", fields.join(", "))
    }

    fn merge(&mut self, other: Dependency) {
        self.default_features |= other.default_features;
        self.optional &= other.optional;
        self.features.extend(other.features);
        self.features.sort();
        self.features.dedup();
    }
}

/// The dependencies of a generated crate, sorted by name: those its own code
/// names, and the runtime, as a dependency or as what its vendored copy needs.
/// Versions come from the runtime's manifest, so they agree with it.
pub fn dependencies(api: &Api, source: &RuntimeSource) -> Vec<Dependency> {
    let manifest = RuntimeManifest::read();
    let features = api.runtime_features();
    let mut deps: BTreeMap<String, Dependency> = BTreeMap::new();
    let mut add = |dep: Dependency| match deps.get_mut(&dep.name) {
        Some(existing) => existing.merge(dep),
        None => {
            deps.insert(dep.name.clone(), dep);
        }
    };
    add(manifest.dependency("serde"));
    add(manifest.dependency("serde_json"));
    let mut reqwest = manifest.dependency("reqwest");
    reqwest.features = [(RuntimeFeature::Multipart, "multipart"), (RuntimeFeature::Stream, "stream")]
        .into_iter()
        .filter(|(feature, _)| features.contains(feature))
        .map(|(_, name)| name.to_string())
        .collect();
    add(reqwest);
    if api.uses_dates() {
        add(manifest.dependency("chrono"));
    }
    if api.uses_serde_with() {
        add(Dependency {
            name: "serde_with".into(),
            version: "3.12.0".into(),
            path: None,
            default_features: false,
            features: vec!["macros".into()],
            optional: false,
        });
    }
    match source {
        // The crate's own features choose the TLS backend.
        RuntimeSource::Dependency { path } => add(Dependency {
            name: RUNTIME_CRATE.into(),
            version: manifest.version.clone(),
            path: path.clone(),
            default_features: false,
            features: features.iter().map(|f| f.name().to_string()).collect(),
            optional: false,
        }),
        RuntimeSource::Vendored => {
            for dep in manifest.vendored(&features) {
                add(dep);
            }
            for dep in manifest.feature_dependencies() {
                add(dep);
            }
        }
    }
    deps.into_values().collect()
}

/// What the generator reads from `runtime/Cargo.toml`.
struct RuntimeManifest {
    version: String,
    dependencies: BTreeMap<String, (Dependency, bool)>,
    /// Each feature's `dep:name` and `name/feature` entries.
    features: BTreeMap<String, Vec<String>>,
}

impl RuntimeManifest {
    /// The manifest is compiled in and checked by the runtime's own build and
    /// by this module's tests, so a field missing here is empty, not an error.
    fn read() -> Self {
        let table: toml::Table = MANIFEST.parse().unwrap_or_default();
        let string = |value: Option<&toml::Value>| value.and_then(toml::Value::as_str).unwrap_or_default().to_string();
        let strings = |value: Option<&toml::Value>| -> Vec<String> {
            value.and_then(toml::Value::as_array).into_iter().flatten().filter_map(toml::Value::as_str).map(String::from).collect()
        };
        let version = string(table.get("package").and_then(|p| p.get("version")));
        let mut dependencies = BTreeMap::new();
        for (name, value) in table.get("dependencies").and_then(toml::Value::as_table).into_iter().flatten() {
            let (dep, optional) = match value {
                toml::Value::String(version) => (
                    Dependency {
                        name: name.clone(),
                        version: version.clone(),
                        path: None,
                        default_features: true,
                        features: Vec::new(),
                        optional: false,
                    },
                    false,
                ),
                other => (
                    Dependency {
                        name: name.clone(),
                        version: string(other.get("version")),
                        path: None,
                        default_features: other.get("default-features").and_then(toml::Value::as_bool).unwrap_or(true),
                        features: strings(other.get("features")),
                        optional: false,
                    },
                    other.get("optional").and_then(toml::Value::as_bool).unwrap_or(false),
                ),
            };
            dependencies.insert(name.clone(), (dep, optional));
        }
        let features = table
            .get("features")
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
            .map(|(name, value)| (name.clone(), strings(Some(value))))
            .collect();
        RuntimeManifest { version, dependencies, features }
    }

    /// The runtime's entry for `name`, as a dependency of generated code.
    fn dependency(&self, name: &str) -> Dependency {
        self.dependencies.get(name).map(|(dep, _)| dep.clone()).unwrap_or_else(|| Dependency {
            name: name.into(),
            version: "*".into(),
            path: None,
            default_features: true,
            features: Vec::new(),
            optional: false,
        })
    }

    /// The optional dependencies the [`CRATE_FEATURES`] turn on (`dep:name`),
    /// as optional dependencies of a crate that vendors the runtime.
    fn feature_dependencies(&self) -> Vec<Dependency> {
        CRATE_FEATURES
            .iter()
            .flat_map(|name| self.features.get(*name))
            .flatten()
            .filter_map(|entry| entry.strip_prefix("dep:"))
            .filter_map(|name| self.dependencies.get(name))
            .map(|(dep, _)| Dependency { optional: true, ..dep.clone() })
            .collect()
    }

    /// What a vendored copy with `features` depends on: every required
    /// dependency, and the optional ones those features turn on, with the
    /// dependency features they add.
    fn vendored(&self, features: &[RuntimeFeature]) -> Vec<Dependency> {
        let mut deps: BTreeMap<&str, Dependency> =
            self.dependencies.iter().filter(|(_, (_, optional))| !optional).map(|(name, (dep, _))| (name.as_str(), dep.clone())).collect();
        for entry in features.iter().flat_map(|f| self.features.get(f.name())).flatten() {
            if let Some(name) = entry.strip_prefix("dep:") {
                if let Some((dep, _)) = self.dependencies.get(name) {
                    deps.entry(name).or_insert_with(|| dep.clone());
                }
            } else if let Some((name, feature)) = entry.split_once('/')
                && let Some(dep) = deps.get_mut(name)
            {
                dep.features.push(feature.to_string());
                dep.features.sort();
            }
        }
        deps.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_lines_are_resolved_and_nothing_else_is_touched() {
        let lib = "mod client;\n#[cfg(feature = \"paginate\")]\nmod paginate;\n#[cfg(feature = \"multipart\")]\npub use multipart::FilePart;\n#[cfg(feature = \"middleware\")]\npub use reqwest_middleware;\nmod union;\n";
        assert_eq!(
            resolve_features(lib, &[RuntimeFeature::Paginate]),
            "mod client;\nmod paginate;\n#[cfg(feature = \"middleware\")]\npub use reqwest_middleware;\nmod union;\n"
        );
    }

    /// Every `#[cfg(feature)]` of the runtime that names an API feature gates
    /// one line of its `lib.rs`, which is what `resolve_features` can
    /// resolve; its other files gate only on the [`CRATE_FEATURES`], which a
    /// crate that vendors the runtime has under the same names.
    #[test]
    fn only_the_runtime_lib_gates_by_api_feature_and_only_single_lines() {
        let lines: Vec<&str> = LIB.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("#[cfg(feature") {
                let next = lines.get(index + 1).copied().unwrap_or_default();
                assert!(next.trim_end().ends_with(';'), "`{line}` gates `{next}`, which is not one line");
            }
        }
        let crate_gate = |rest: &str| {
            CRATE_FEATURES.iter().any(|feature| {
                rest.strip_prefix(&format!("{feature:?}")).is_some_and(|after| after.starts_with([')', ',']))
            })
        };
        for (name, _, source) in MODULES {
            for (_, rest) in source.match_indices("feature = ").map(|(at, _)| source[at..].split_at("feature = ".len())) {
                assert!(crate_gate(rest), "{name} gates by an API feature; only lib.rs may: {}", &rest[..rest.len().min(40)]);
            }
        }
    }

    #[test]
    fn every_module_of_the_runtime_is_vendored() {
        let declared: Vec<String> = LIB
            .lines()
            .filter_map(|line| line.trim().trim_start_matches("pub ").strip_prefix("mod ")?.strip_suffix(';').map(|name| format!("{name}.rs")))
            .collect();
        let vendored: Vec<String> = MODULES.iter().map(|(name, ..)| name.to_string()).collect();
        assert_eq!(declared, vendored);
    }

    #[test]
    fn every_feature_of_the_manifest_is_one_the_generator_knows() {
        let manifest = RuntimeManifest::read();
        let mut known: Vec<&str> = RuntimeFeature::ALL.iter().map(|f| f.name()).chain(CRATE_FEATURES.iter().copied()).collect();
        known.push("default");
        known.sort();
        assert_eq!(manifest.features.keys().map(String::as_str).collect::<Vec<_>>(), known);
        assert!(!manifest.version.is_empty());
        assert!(manifest.dependencies.contains_key("reqwest"));
    }

    /// The builder passes through every public setting of the runtime's
    /// `ClientBuilder`, and nothing else.
    #[test]
    fn the_builder_passes_through_every_runtime_setting() {
        let file = syn::parse_file(include_str!("../../runtime/src/client.rs")).unwrap();
        let mut settings = Vec::new();
        for item in file.items {
            if let syn::Item::Impl(block) = item
                && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("ClientBuilder"))
            {
                for item in block.items {
                    if let syn::ImplItem::Fn(method) = item
                        && matches!(method.vis, syn::Visibility::Public(_))
                        && !method.attrs.iter().any(|a| a.path().is_ident("doc") && quote::quote!(#a).to_string().contains("hidden"))
                        && method.sig.receiver().is_some()
                    {
                        settings.push(method.sig.ident.to_string());
                    }
                }
            }
        }
        settings.retain(|name| name != "build");
        let forwarded: Vec<String> = CLIENT_BUILDER_METHODS.iter().map(|name| name.to_string()).collect();
        assert_eq!(forwarded, settings);
    }
}

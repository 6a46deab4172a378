//! The files that are not Rust: Cargo.toml and README.md, from minijinja
//! templates.

use minijinja::{Environment, context};

use crate::client_runtime::{self, RuntimeSource};
use crate::ir::{Api, Argument, Outcome, TypeKind, TypeRef};

/// Templates are compiled in, so the generator works from any directory.
const TEMPLATES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../templates/Cargo.toml.j2")),
    ("README.md", include_str!("../../templates/README.md.j2")),
];

#[derive(Debug, thiserror::Error)]
#[error("template `{template}` failed to render: {source}")]
pub struct RenderError {
    template: String,
    #[source]
    source: minijinja::Error,
}

/// Renders the Cargo.toml and README.md of the crate named `crate_name`.
pub fn render(api: &Api, crate_name: &str, runtime: &RuntimeSource) -> Result<Vec<(String, String)>, RenderError> {
    let env = Environment::new();
    let description = api.description.as_deref().map(str::trim).unwrap_or_default();
    let first_paragraph = description.split("\n\n").next().unwrap_or_default().replace('\n', " ");
    let crate_description = if first_paragraph.is_empty() {
        format!("Typed async client for the {} (version {}).", api.title, api.version)
    } else {
        format!("Typed async client for the {} (version {}): {first_paragraph}", api.title, api.version)
    };
    let operations: Vec<_> = api
        .operations
        .iter()
        .map(|op| {
            context! {
                name => &op.rust_name,
                method => op.method.as_str(),
                path => &op.path_template,
                summary => op.summary.as_deref().unwrap_or_default().replace('|', "\\|").replace('\n', " "),
            }
        })
        .collect();
    let module = crate_name.replace('-', "_");
    let ctx = context! {
        crate_name,
        module => &module,
        title => &api.title,
        version => &api.version,
        description => crate::docs::sanitize(description),
        crate_description,
        dependencies => client_runtime::dependencies(api, runtime)
            .iter()
            .map(|dep| context! { name => &dep.name, spec => dep.spec() })
            .collect::<Vec<_>>(),
        features => client_runtime::crate_features(runtime)
            .iter()
            .map(|feature| {
                let mut enables: Vec<String> = feature.enables.iter().map(|entry| format!("{entry:?}")).collect();
                if feature.name == "default" && !api.features.is_empty() {
                    enables.push("\"full\"".into());
                }
                context! { name => &feature.name, enables => enables.join(", ") }
            })
            .collect::<Vec<_>>(),
        groups => api
            .features
            .iter()
            .map(|group| context! { name => &group.name, source => &group.source, operations => group.operations })
            .collect::<Vec<_>>(),
        full => api.features.iter().map(|group| format!("{:?}", group.name)).collect::<Vec<_>>().join(", "),
        vendored => *runtime == RuntimeSource::Vendored,
        paginates => api.paginates(),
        streams => api.streams(),
        operations,
        example => example(api, &module),
        paged_example => paged_example(api, &module),
        stream_example => stream_example(api, &module),
        spawn_example => spawn_example(api, &module),
        errors_example => errors_example(api, &module),
        tls_example => tls_example(api, &module),
        mock_example => mock_example(api, &module),
    };
    let mut files = Vec::new();
    for (path, source) in TEMPLATES {
        let rendered = env
            .render_str(source, ctx.clone())
            .map_err(|source| RenderError { template: path.to_string(), source })?;
        // minijinja drops the final newline; every file ends with exactly one.
        files.push((path.to_string(), format!("{}\n", rendered.trim_end())));
    }
    Ok(files)
}

/// A README example: build a client, call one simple operation, handle its error.
fn example(api: &Api, module: &str) -> String {
    let call = api.operations.iter().find_map(|op| call_of(api, op));
    let mut out = format!("use {module}::{{Client, Error}};\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n");
    out.push_str(&build_client(api, module));
    match call {
        Some(call) => out.push_str(&format!(
            "    match {call}.await {{\n        Ok(response) => println!(\"{{response:#?}}\"),\n        Err(Error::Api(error)) => eprintln!(\"{{}}: {{:?}}\", error.status, error.parsed),\n        Err(other) => return Err(other.into()),\n    }}\n"
        )),
        None => out.push_str("    println!(\"{}\", client.base_url());\n"),
    }
    out.push_str("    Ok(())\n}");
    out
}

/// A README example that handles a failure by status and by the server's
/// message, for an operation whose error type can give one.
fn errors_example(api: &Api, module: &str) -> Option<String> {
    let call = api.operations.iter().filter(|op| error_has_message(api, op)).find_map(|op| call_of(api, op))?;
    let client = build_client(api, module);
    Some(format!(
        "use {module}::{{Client, StatusCode}};\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{client}    match {call}.await {{\n        Ok(value) => println!(\"{{value:#?}}\"),\n        Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => println!(\"not there\"),\n        Err(error) => {{\n            let message = error.message().unwrap_or(\"no message\");\n            eprintln!(\"{{error}} (request {{:?}}): {{message}}\", error.request_id());\n            return Err(error.into());\n        }}\n    }}\n    Ok(())\n}}"
    ))
}

/// Whether `Error::message()` is there for the operation's error type: the
/// runtime's `ErrorMessage` covers any JSON and text, and the crate's own
/// error bodies and error enums implement it.
fn error_has_message(api: &Api, op: &crate::ir::Operation) -> bool {
    match &op.error {
        Outcome::UntypedJson | Outcome::Enum(_) => true,
        Outcome::Type(ty) => api.error_message_support(ty).is_some(),
        Outcome::Unit => false,
    }
}

/// A README example of the test kit: a stub that answers 503, the error the
/// client makes of it, and what the stub received. It runs as a doctest when
/// the crate is tested with its `mock` feature.
fn mock_example(api: &Api, module: &str) -> Option<String> {
    let (op, call) = api.operations.iter().find_map(|op| Some((op, call_of(api, op)?)))?;
    let name = &op.rust_name;
    Some(format!(
        "# #[cfg(feature = \"mock\")]\n# #[tokio::main]\n# async fn main() -> Result<(), Box<dyn std::error::Error>> {{\nuse {module}::mock::{{MockApi, Reply}};\nuse {module}::{{RetryPolicy, StatusCode}};\n\nlet mock = MockApi::start().await;\nmock.{name}().respond_in_turn([Reply::status(503)]).await;\nlet client = mock.client_builder().retry_policy(RetryPolicy::default().max_retries(0)).build()?;\n\nlet error = {call}.await.unwrap_err();\nassert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));\nassert_eq!(mock.{name}().received().await.len(), 1);\n# Ok(())\n# }}\n# #[cfg(not(feature = \"mock\"))]\n# fn main() {{}}"
    ))
}

/// A README example that trusts a private certificate authority.
fn tls_example(api: &Api, module: &str) -> String {
    let auth = credentials_line(api, module);
    format!(
        "use {module}::{{Client, reqwest}};\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n    let ca = reqwest::Certificate::from_pem(&std::fs::read(\"corporate-ca.pem\")?)?;\n    let client = Client::builder()\n{auth}        .root_certificate(ca)\n        .build()?;\n    println!(\"{{}}\", client.base_url());\n    Ok(())\n}}"
    )
}

/// A README example that spawns a request on its own task.
fn spawn_example(api: &Api, module: &str) -> Option<String> {
    let call = api.operations.iter().find_map(|op| call_of(api, op))?;
    let client = build_client(api, module);
    Some(format!(
        "use {module}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{client}    let task = tokio::spawn({call}.send());\n    drop(client); // the request holds its own handle\n    println!(\"{{:#?}}\", task.await??);\n    Ok(())\n}}"
    ))
}

/// A README example of a paging operation: every item, one page at a time.
fn paged_example(api: &Api, module: &str) -> Option<String> {
    let call = api.operations.iter().filter(|op| op.pagination.is_some()).find_map(|op| call_of(api, op))?;
    let client = build_client(api, module);
    Some(format!(
        "use futures::TryStreamExt;\nuse {module}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{client}    let mut items = {call}.into_stream();\n    while let Some(item) = items.try_next().await? {{\n        println!(\"{{item:?}}\");\n    }}\n    Ok(())\n}}"
    ))
}

/// A README example of a streamed answer, events first: each item as it
/// arrives, failures (a bad item, a cut connection) as items.
fn stream_example(api: &Api, module: &str) -> Option<String> {
    let streams = |wanted: fn(&crate::ir::StreamFormat) -> bool| {
        api.operations.iter().filter(move |op| op.streaming.as_ref().is_some_and(|s| wanted(&s.format)))
    };
    let events = streams(|format| matches!(format, crate::ir::StreamFormat::Events { .. }));
    let lines = streams(|format| *format == crate::ir::StreamFormat::JsonLines);
    let (op, call) = events.chain(lines).find_map(|op| Some((op, call_of(api, op)?)))?;
    let streaming = op.streaming.as_ref()?;
    let start = if streaming.only { format!("{call}.await?") } else { format!("{call}.stream().await?") };
    let client = build_client(api, module);
    let (name, print) = match streaming.format {
        crate::ir::StreamFormat::Events { .. } => ("events", "println!(\"{}: {:?}\", event.event, event.data)"),
        _ => ("lines", "println!(\"{event:?}\")"),
    };
    Some(format!(
        "use futures::StreamExt;\nuse {module}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{client}    let mut {name} = {start};\n    while let Some(event) = {name}.next().await {{\n        match event {{\n            Ok(event) => {print},\n            // An item that does not decode comes as an error and the stream goes on;\n            // a cut connection is the last item.\n            Err(error) => eprintln!(\"{{error}}\"),\n        }}\n    }}\n    Ok(())\n}}"
    ))
}

/// The example's `let client = …;`, with the first security scheme's
/// credentials read from the environment.
fn build_client(api: &Api, module: &str) -> String {
    let auth = credentials_line(api, module);
    format!("    let client = Client::builder()\n{auth}        .build()?;\n")
}

/// The builder call that sets the first security scheme's credentials from
/// the environment, as a line of a builder chain; empty without a scheme.
fn credentials_line(api: &Api, module: &str) -> String {
    let upper = module.to_uppercase();
    match api.security_schemes.first().map(|scheme| (&scheme.rust_name, &scheme.kind)) {
        Some((method, crate::ir::SecurityKind::Basic)) => {
            format!("        .{method}(std::env::var(\"{upper}_USER\")?, std::env::var(\"{upper}_PASSWORD\")?)\n")
        }
        Some((method, _)) => format!("        .{method}(std::env::var(\"{upper}_TOKEN\")?)\n"),
        None => String::new(),
    }
}

/// `client.op(args…)` with a placeholder for each required value, if every
/// one has a simple placeholder and the body is optional.
fn call_of(api: &Api, op: &crate::ir::Operation) -> Option<String> {
    let mut args = Vec::new();
    for argument in op.arguments() {
        match argument {
            Argument::Param(param) => args.push(placeholder(api, &param.ty, &param.wire_name)?),
            Argument::Body(_) => return None,
        }
    }
    Some(format!("client.{}({})", op.rust_name, args.join(", ")))
}

fn placeholder(api: &Api, ty: &TypeRef, name: &str) -> Option<String> {
    match api.resolve_alias(ty) {
        TypeRef::String => Some(format!("{name:?}")),
        TypeRef::Integer(_) => Some("1".into()),
        TypeRef::Bool => Some("true".into()),
        TypeRef::Named(type_name) => match api.types.get(type_name).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) if e.repr == crate::ir::EnumRepr::String => {
                e.variants.first().map(|v| format!("{:?}", v.value))
            }
            _ => None,
        },
        _ => None,
    }
}

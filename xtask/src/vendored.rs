//! `cargo xtask vendored`: the vendored runtime, proven. Generates the Paystack
//! client with `--runtime vendored` into `target/vendored/`, outside the
//! workspace, then denies every compiler, clippy and rustdoc warning in it and
//! runs its Paystack wire tests (the same files as `clients/tests/wire/`)
//! against it.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

const SPEC: &str = "specs/paystack.yaml";
const CRATE: &str = "paystack-client";
/// The wire tests that drive the crate, and the helpers and fixtures they read.
const WIRE_TESTS: &str = "clients/tests/wire/paystack.rs";
const WIRE_SUPPORT: &str = "clients/tests/wire/support.rs";
const FIXTURES: &str = "clients/tests/fixtures/paystack";
/// The Paystack table of every operation the wire tests call, and the row type it names.
const CONTRACT_TABLE: &str = "contract/src/paystack.rs";
const CONTRACT_ROW: &str = "contract/src/operation.rs";

const WORKSPACE: &str = "[workspace]\nresolver = \"3\"\nmembers = [\"contract\", \"paystack-client\", \"wire\"]\n\n[profile.dev]\ndebug = false\n";

const WIRE_MANIFEST: &str = r#"[package]
name = "wire"
version = "0.0.0"
edition = "2024"
publish = false

[dev-dependencies]
paystack-client = { path = "../paystack-client" }
contract = { path = "../contract" }
chrono = { version = "0.4", default-features = false, features = ["std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
"#;

/// The Paystack half of the `contract` crate, built against the vendored client.
const CONTRACT_MANIFEST: &str = r#"[package]
name = "contract"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
paystack-client = { path = "../paystack-client" }
chrono = { version = "0.4", default-features = false, features = ["std"] }
reqwest = { version = "0.13.1", default-features = false }
"#;

pub fn vendored(root: &Path) -> Result<bool> {
    let dir = root.join("target/vendored");
    let generated = generator::generate_file_with(&root.join(SPEC), CRATE, &generator::RuntimeSource::Vendored)?;
    anyhow::ensure!(
        generated.files.iter().any(|(path, _)| path.starts_with("src/openapi_client_runtime/")),
        "the vendored crate has no copy of the runtime"
    );
    generator::write::write_crate(&dir.join(CRATE), &generated.files)?;
    std::fs::write(dir.join("Cargo.toml"), WORKSPACE)?;
    let wire = dir.join("wire");
    let tests = wire.join("tests");
    std::fs::create_dir_all(tests.join("fixtures/paystack"))?;
    std::fs::write(wire.join("Cargo.toml"), WIRE_MANIFEST)?;
    std::fs::create_dir_all(wire.join("src"))?;
    std::fs::write(wire.join("src/lib.rs"), "//! Runs the Paystack wire tests against the vendored crate.\n")?;
    let harness = format!(
        "//! The Paystack wire tests of `clients/`, against the vendored crate.\n\
         #![allow(dead_code, reason = \"the helpers also serve the other clients' tests\")]\n\n\
         #[path = {support:?}]\nmod support;\n\n#[path = {tests:?}]\nmod paystack;\n",
        support = root.join(WIRE_SUPPORT).display().to_string(),
        tests = root.join(WIRE_TESTS).display().to_string(),
    );
    std::fs::write(tests.join("wire.rs"), harness)?;
    let contract = dir.join("contract/src");
    std::fs::create_dir_all(&contract)?;
    std::fs::write(dir.join("contract/Cargo.toml"), CONTRACT_MANIFEST)?;
    let contract_lib = format!(
        "//! The Paystack table of `contract/`, against the vendored crate.\n\n\
         #[path = {row:?}]\nmod operation;\n\npub use operation::{{Call, Operation, operation}};\n\n\
         #[path = {table:?}]\npub mod paystack;\n",
        row = root.join(CONTRACT_ROW).display().to_string(),
        table = root.join(CONTRACT_TABLE).display().to_string(),
    );
    std::fs::write(contract.join("lib.rs"), contract_lib)?;
    for entry in std::fs::read_dir(root.join(FIXTURES))? {
        let entry = entry?;
        std::fs::copy(entry.path(), tests.join("fixtures/paystack").join(entry.file_name()))?;
    }
    let cargo = |args: &[&str], envs: &[(&str, &str)]| -> Result<bool> {
        println!("==> cargo {}", args.join(" "));
        let status = Command::new(crate::cargo_path())
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .envs(envs.iter().copied())
            .status()
            .with_context(|| format!("running cargo {}", args.join(" ")))?;
        Ok(status.success())
    };
    // The copy's gates on the crate's own features hold with them off and on.
    let ok = cargo(&["clippy", "--package", CRATE, "--all-targets", "--", "-D", "warnings"], &[])?
        && cargo(&["clippy", "--package", CRATE, "--no-default-features", "--", "-D", "warnings"], &[])?
        && cargo(&["clippy", "--package", CRATE, "--features", "middleware,mock", "--", "-D", "warnings"], &[])?
        && cargo(&["doc", "--package", CRATE, "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?
        && cargo(&["test", "--package", CRATE, "--package", "wire"], &[])?;
    if ok {
        println!("the vendored {CRATE} compiles warning-free and passes its wire tests");
    }
    Ok(ok)
}

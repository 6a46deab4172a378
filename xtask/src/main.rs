//! `cargo xtask`: the project's developer commands.

mod compare;
mod contract;
mod corpus;
mod drift;
mod examples;
mod heap;
mod npm;
mod samples;
mod vendored;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use generator::Generated;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]
      Regenerate every client in generated/ from specs/*.yaml and specs/shapes/*.yaml.
      --check: write nothing; fail and name the stale files if generated/ is out of date.
  cargo xtask generate --spec FILE --out DIR [--name CRATE] [--runtime RUNTIME] [--strict | --allow-partial]
      Generate one crate from a Swagger 2.0, OpenAPI 3.0 or 3.1 file (refs to other files are
      followed; CRATE defaults to DIR's name). Ends with a summary line. Writes nothing and
      fails if most operations lost a part or were left out, unless --allow-partial; --strict
      fails if any did. RUNTIME is where the crate gets openapi-client-runtime:
        vendored   a copy inside the crate, which then stands alone (the default)
        path=DIR   a dependency on the runtime crate in DIR (this repository's runtime/)
        registry   a dependency by version only, from crates.io
  cargo xtask contract
      Drive every operation of every generated client against Prism mock servers of specs/
      (installs a pinned @stoplight/prism-cli with npm into .tools/prism); fail on any violation.
  cargo xtask corpus [FILTER...]
      Generate every spec in corpus/ (or those whose file name contains a FILTER) into
      target/corpus/ and compile each crate with clippy; fail on any error or warning.
  cargo xtask compare
      Compare our crates from each split spec and each Swagger 2.0 spec of corpus/ with the
      crates from Redocly's bundle and swagger2openapi's conversion of the same spec (installs
      pinned @redocly/cli and swagger2openapi with npm into .tools/compare); fail on any
      difference xtask/src/compare.rs does not explain.
  cargo xtask examples [FILTER...] | --spec FILE
      Check that every example a spec gives of its data (component schemas, request bodies,
      responses) that its own schema accepts decodes into the generated type and encodes back
      to the same JSON; for the corpus specs whose path contains a FILTER, or any spec file.
  cargo xtask vendored
      Generate the Paystack client with --runtime vendored into target/vendored/, deny every
      warning in it (compiler, clippy, rustdoc) and run its wire tests against it.
  cargo xtask drift
      Compare each curated spec with its vendor's spec (specs/deviations/*.yaml lists the
      deliberate differences, each with its reason); fail on any other difference.";

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["generate", rest @ ..] => generate(rest),
        ["contract"] => contract::contract(&root()),
        ["corpus", filters @ ..] => corpus::corpus(&root(), filters),
        ["drift"] => drift::drift(&root()),
        ["compare"] => compare::compare(&root()),
        ["examples", rest @ ..] => examples::examples(&root(), rest),
        ["vendored"] => vendored::vendored(&root()),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, whatever directory `cargo xtask` was run from.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `specs/<name>.yaml` → `generated/<name>-client`, for every curated spec.
fn curated_specs(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    client_specs(&root.join("specs"))
}

/// Every spec whose client is checked in: the curated APIs, and the test-only
/// specs of `specs/shapes/` (request shapes the wire tests drive).
fn generated_specs(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut specs = curated_specs(root)?;
    specs.extend(client_specs(&root.join("specs/shapes"))?);
    Ok(specs)
}

/// `<dir>/<name>.yaml` → `<name>-client`.
fn client_specs(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut specs = Vec::new();
    for path in generator::spec_files(dir).with_context(|| format!("reading {}", dir.display()))? {
        let stem = path.file_stem().and_then(|s| s.to_str()).context("spec file name is not UTF-8")?;
        let name = format!("{stem}-client");
        specs.push((path, name));
    }
    Ok(specs)
}

fn print_warnings(spec: &Path, generated: &Generated) {
    for warning in &generated.warnings {
        eprintln!("warning: {}", warning.in_spec(spec));
    }
    for note in &generated.notes {
        eprintln!("note: {}", note.in_spec(spec));
    }
}

fn codegen(check: bool) -> Result<bool> {
    let root = root();
    // Generate everything in memory first: a broken spec leaves generated/ untouched.
    let mut crates = Vec::new();
    for (spec, name) in generated_specs(&root)? {
        // Diagnostics name the spec relative to the workspace, as a reviewer sees it.
        let relative = spec.strip_prefix(&root).unwrap_or(&spec);
        let bytes = std::fs::read(&spec).with_context(|| format!("reading {}", spec.display()))?;
        let generated = generator::generate_with(&bytes, relative, &name, &workspace_runtime())?;
        print_warnings(relative, &generated);
        crates.push((root.join("generated").join(&name), generated));
    }
    let expected: Vec<PathBuf> = crates.iter().map(|(dir, _)| dir.clone()).collect();
    let orphans = orphan_crates(&root.join("generated"), &expected);
    if check {
        let mut stale = Vec::new();
        for (dir, generated) in &crates {
            stale.extend(generator::write::stale_files(dir, &generated.files)?);
        }
        stale.extend(orphans);
        if stale.is_empty() {
            println!("generated/ is up to date ({} crates)", crates.len());
            return Ok(true);
        }
        eprintln!("generated/ is out of date; run `cargo xtask codegen` and commit. Stale:");
        for path in stale {
            eprintln!("  {}", path.strip_prefix(&root).unwrap_or(&path).display());
        }
        return Ok(false);
    }
    for (dir, generated) in &crates {
        generator::write::write_crate(dir, &generated.files).with_context(|| format!("writing {}", dir.display()))?;
        println!("wrote {} ({} files)", dir.strip_prefix(&root).unwrap_or(dir).display(), generated.files.len());
    }
    for orphan in orphans {
        std::fs::remove_dir_all(&orphan).with_context(|| format!("removing {}", orphan.display()))?;
        println!("removed {} (its spec is gone)", orphan.strip_prefix(&root).unwrap_or(&orphan).display());
    }
    Ok(true)
}

/// Crate directories under `generated/` whose spec no longer exists.
fn orphan_crates(generated: &Path, expected: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(generated) else { return Vec::new() };
    let mut orphans: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir() && !expected.contains(path))
        .filter(|path| !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    orphans.sort();
    orphans
}

/// The cargo that runs xtask, for the cargo commands it runs in turn.
fn cargo_path() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// How the crates in `generated/` get the runtime: the workspace's `runtime/`.
fn workspace_runtime() -> generator::RuntimeSource {
    generator::RuntimeSource::Dependency { path: Some("../../runtime".into()) }
}

/// The runtime of crates generated outside `generated/` for checks (corpus,
/// examples): the workspace's `runtime/`, by absolute path.
fn checked_runtime() -> generator::RuntimeSource {
    generator::RuntimeSource::Dependency { path: Some(root().join("runtime").display().to_string()) }
}

/// `--runtime`'s value: `vendored`, `registry` or `path=DIR`, with DIR
/// written relative to the crate at `out` when both are relative.
fn runtime_source(value: &str, out: &Path) -> Result<generator::RuntimeSource> {
    Ok(match value {
        "vendored" => generator::RuntimeSource::Vendored,
        "registry" => generator::RuntimeSource::Dependency { path: None },
        other => {
            let Some(dir) = other.strip_prefix("path=") else {
                bail!("`--runtime {other}`: expected `vendored`, `registry` or `path=DIR`\n{USAGE}")
            };
            let dir = Path::new(dir);
            let path = if dir.is_relative() && out.is_relative() { relative_to(dir, out) } else { dir.to_path_buf() };
            generator::RuntimeSource::Dependency { path: Some(path.display().to_string().replace('\\', "/")) }
        }
    })
}

/// `target` (relative to the current directory) as seen from `base` (also
/// relative to it): `runtime` from `out/my-client` is `../../runtime`.
fn relative_to(target: &Path, base: &Path) -> PathBuf {
    use std::path::Component;
    fn normal(path: &Path) -> Vec<Component<'_>> {
        path.components().filter(|c| !matches!(c, Component::CurDir)).collect()
    }
    let (target, base) = (normal(target), normal(base));
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..base.len() {
        path.push("..");
    }
    for component in &target[common..] {
        path.push(component.as_os_str());
    }
    path
}

fn generate(args: &[&str]) -> Result<bool> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut strict = false;
    let mut allow_partial = false;
    let mut runtime = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match *flag {
            "--strict" => {
                strict = true;
                continue;
            }
            "--allow-partial" => {
                allow_partial = true;
                continue;
            }
            _ => {}
        }
        let value = rest.next().with_context(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        match *flag {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--name" => name = Some(value.to_string()),
            "--runtime" => runtime = Some(value.to_string()),
            other => bail!("unknown option `{other}`\n{USAGE}"),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else { bail!("`--spec` and `--out` are required\n{USAGE}") };
    let name = match name {
        Some(name) => name,
        None => out.file_name().and_then(|n| n.to_str()).context("--out has no directory name; pass --name")?.to_string(),
    };
    if strict && allow_partial {
        bail!("`--strict` and `--allow-partial` contradict each other\n{USAGE}");
    }
    heap::fit_to(&spec);
    let runtime = runtime_source(runtime.as_deref().unwrap_or("vendored"), &out)?;
    let generated = generator::generate_file_with(&spec, &name, &runtime)?;
    print_warnings(&spec, &generated);
    let summary = generated.summary;
    if (strict && summary.lost_any()) || (summary.is_hollow() && !allow_partial) {
        let why = if strict { "--strict: an operation lost a part" } else { "most operations lost a part or were left out (--allow-partial writes them anyway)" };
        eprintln!("error: {summary}; {why}; nothing written");
        return Ok(false);
    }
    generator::write::write_crate(&out, &generated.files).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} files)", out.display(), generated.files.len());
    println!("{summary}");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_is_up_to_date() {
        assert!(codegen(true).unwrap(), "generated/ is stale: run `cargo xtask codegen` and commit");
    }

    #[test]
    fn output_is_deterministic() {
        for (spec, name) in generated_specs(&root()).unwrap() {
            let first = generator::generate_file(&spec, &name).unwrap();
            let second = generator::generate_file(&spec, &name).unwrap();
            assert_eq!(first.files, second.files, "{} differs between runs", spec.display());
        }
    }

    #[test]
    fn broken_spec_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("xtask-broken-{}", std::process::id()));
        let spec = dir.join("broken.yaml");
        let out = dir.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/nope'}\n").unwrap();
        let error = generate(&["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]).unwrap_err();
        let message = format!("{error:#}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(message.ends_with("broken.yaml#/paths/~1a/get/responses/200: `$ref: #/nope` points at nothing"), "{message}");
        assert!(!out.exists(), "nothing may be written for a broken spec");
    }

    #[test]
    fn a_hollow_spec_writes_nothing_unless_allowed() {
        let dir = std::env::temp_dir().join(format!("xtask-hollow-{}", std::process::id()));
        let spec = dir.join("hollow.yaml");
        let out = dir.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        let missing = "parameters: [{$ref: '#/components/parameters/Gone'}]";
        std::fs::write(
            &spec,
            format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      {missing}\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      {missing}\n      responses: {{'204': {{description: ok}}}}\n"),
        )
        .unwrap();
        let args = ["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()];
        let refused = generate(&args).unwrap();
        let written_when_refused = out.exists();
        let allowed = generate(&[&args[..], &["--allow-partial"]].concat()).unwrap();
        let written_when_allowed = out.join("src/operations.rs").exists();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!refused && !written_when_refused, "a hollow spec must fail and write nothing");
        assert!(allowed && written_when_allowed, "--allow-partial writes it anyway");
    }

    /// The full public vendor specs in `corpus/vendors/` generate without error.
    #[test]
    fn large_vendor_specs_generate() {
        let specs = generator::spec_files(&root().join("corpus/vendors")).unwrap();
        assert_eq!(specs.len(), 4, "{specs:?}");
        for spec in specs {
            let generated = generator::generate_file(&spec, "large").unwrap_or_else(|e| panic!("{e}"));
            let operations = generated.files.iter().find(|(p, _)| p == "src/operations.rs").unwrap();
            assert!(operations.1.matches("pub async fn send").count() >= 97, "{}", spec.display());
        }
    }
}

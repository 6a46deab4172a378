//! `cargo xtask corpus`: the gate on real specs. Every spec in `corpus/`,
//! `corpus/vendors/` and `corpus/handwritten/` (the keywords and defects no
//! real spec in the corpus happens to have), and every split spec whose entry
//! file `corpus/split-specs.txt` names, is generated into `target/corpus/crates/`, then each crate
//! is built with clippy's lints on and warnings counted as failures, all crates
//! sharing one target directory. A spec also fails when it is hollow (most
//! operations lost a part or were left out) or when operations are left out
//! without a warning saying so. Then its examples and the samples made from
//! its schemas are checked as `cargo xtask examples` does (`examples.rs`):
//! one that its schema accepts and the types do not decode fails the spec.
//! One row per spec; any failure exits 1.
//!
//! The build runs `clippy-driver` as the workspace's compiler wrapper (what
//! `cargo clippy` does, but in a build rather than a check), so one front-end
//! pass gives the compiler's diagnostics (reported as the check's), clippy's
//! lints, and the binary that decodes the examples: the front end is most of
//! the cost, and a `cargo clippy` then a build would pay it twice.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result};

/// One spec's outcome.
struct Row {
    spec: String,
    version: String,
    operations: usize,
    complete: usize,
    generation_warnings: usize,
    lines: usize,
    check: Diagnostics,
    clippy: Diagnostics,
    values: crate::examples::Row,
    seconds: f64,
    failure: Option<String>,
}

#[derive(Default)]
struct Diagnostics {
    errors: usize,
    warnings: usize,
}

/// Runs the gate over the corpus specs whose file name contains one of `filters` (all if none).
pub fn corpus(root: &Path, filters: &[&str]) -> Result<bool> {
    let specs = corpus_specs(root, filters)?;
    let workspace = root.join("target/corpus");
    let crates = workspace.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).with_context(|| format!("clearing {}", crates.display()))?;
    }
    std::fs::create_dir_all(&crates)?;
    // A workspace of its own, so the generated crates are not taken for members
    // of this repository's workspace, and all of them share one target directory.
    std::fs::write(workspace.join("Cargo.toml"), crate::examples::WORKSPACE_MANIFEST)?;

    let mut rows = Vec::new();
    let mut generation_warnings = Vec::new();
    let mut generation_notes = Vec::new();
    for (spec, name) in &specs {
        let (spec, name) = (spec.as_path(), name.clone());
        let started = Instant::now();
        let relative = spec.strip_prefix(root).unwrap_or(spec);
        let file = spec.strip_prefix(root.join("corpus")).unwrap_or(spec).to_string_lossy().into_owned();
        let mut row = Row {
            spec: file.clone(),
            version: String::new(),
            operations: 0,
            complete: 0,
            generation_warnings: 0,
            lines: 0,
            check: Diagnostics::default(),
            clippy: Diagnostics::default(),
            values: crate::examples::Row::default(),
            seconds: 0.0,
            failure: None,
        };
        let mut details = None;
        match generator::generate_with_examples(relative, &name, &crate::checked_runtime()) {
            Err(error) => row.failure = Some(format!("generation: {error}")),
            Ok((generated, examples)) => {
                row.version = generated.openapi_version.clone();
                row.operations = generated.operations;
                row.complete = generated.summary.complete;
                row.generation_warnings = generated.warnings.len();
                row.lines = generated.files.iter().map(|(_, contents)| contents.lines().count()).sum();
                generation_warnings.extend(generated.warnings.iter().map(|w| w.in_spec(relative)));
                generation_notes.extend(generated.notes.iter().map(|note| note.in_spec(relative)));
                let prepared = crate::examples::prepare(&workspace, relative, &name, &generated, &examples)
                    .with_context(|| format!("writing {name} and its examples"))?;
                compile(&workspace, &name, prepared.harness.as_deref(), &mut row)?;
                for group in sampled_groups(&generated) {
                    check_group(&workspace, &name, &group, &mut row)?;
                }
                let output = match (&prepared.harness, &row.failure) {
                    (Some(harness), None) => crate::examples::run_harness(&workspace, harness)?,
                    _ => String::new(),
                };
                let tally = prepared.finish(relative, &output);
                row.values = crate::examples::Row::of(&tally);
                if !tally.failures.is_empty() && row.failure.is_none() {
                    row.failure = Some(format!("{} valid values do not decode", tally.failures.len()));
                }
                details = Some(tally);
                let summary = generated.summary;
                let told = |w: &generator::Warning| w.message.contains("operation is left out") || w.message.contains("operations are left out");
                if summary.is_hollow() {
                    row.failure = Some(format!("hollow: {summary}"));
                } else if summary.left_out > 0 && !generated.warnings.iter().any(told) {
                    row.failure = Some(format!("operations left out in silence: {summary}"));
                }
            }
        }
        row.seconds = started.elapsed().as_secs_f64();
        print_row(&row, rows.is_empty());
        if let Some(tally) = &details {
            crate::examples::print_details(tally);
        }
        rows.push(row);
    }
    let log = workspace.join("generation-warnings.txt");
    std::fs::write(&log, generation_warnings.join("\n") + "\n")?;
    let notes = workspace.join("generation-notes.txt");
    std::fs::write(&notes, generation_notes.join("\n") + "\n")?;

    let mut values = crate::examples::Row::default();
    rows.iter().for_each(|row| values.add(&row.values));
    let failed: Vec<&Row> = rows.iter().filter(|r| r.failure.is_some()).collect();
    let total: f64 = rows.iter().map(|r| r.seconds).sum();
    println!(
        "\n{} of {} specs generate and compile with no warning ({total:.0} s); generation warnings in {}, notes (such as detected pagination) in {}",
        rows.len() - failed.len(),
        rows.len(),
        log.strip_prefix(root).unwrap_or(&log).display(),
        notes.strip_prefix(root).unwrap_or(&notes).display()
    );
    println!("{}", values.summary());
    for row in &failed {
        println!("FAILED {}: {}", row.spec, row.failure.as_deref().unwrap_or_default());
    }
    Ok(failed.is_empty())
}

/// Every corpus spec whose path under `corpus/` contains one of `filters` (all
/// if none), with the name of the crate generated from it.
pub fn corpus_specs(root: &Path, filters: &[&str]) -> Result<Vec<(std::path::PathBuf, String)>> {
    let mut specs = Vec::new();
    for dir in ["corpus/vendors", "corpus", "corpus/handwritten"] {
        specs.extend(generator::spec_files(&root.join(dir))?.into_iter().map(|spec| (crate_name(&spec, false), spec)));
    }
    specs.extend(split_specs(root)?.into_iter().map(|spec| (crate_name(&spec, true), spec)));
    specs.retain(|(_, spec)| {
        let name = spec.strip_prefix(root.join("corpus")).unwrap_or(spec).to_string_lossy();
        filters.is_empty() || filters.iter().any(|f| name.contains(f))
    });
    Ok(specs.into_iter().map(|(name, spec)| (spec, name)).collect())
}

/// The entry files `corpus/split-specs.txt` names: specs split across files.
pub fn split_specs(root: &Path) -> Result<Vec<std::path::PathBuf>> {
    let index = root.join("corpus/split-specs.txt");
    let text = std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let entries = text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'));
    Ok(entries.map(|entry| root.join("corpus").join(entry)).collect())
}

/// `Polar API.json` → `corpus-polar-api`; a split spec is named after its
/// folder (`multifile/hatchet/openapi.yaml` → `corpus-hatchet`).
pub fn crate_name(spec: &Path, split: bool) -> String {
    let named_by = if split { spec.parent().and_then(Path::file_name) } else { spec.file_stem() };
    let stem = named_by.unwrap_or_default().to_string_lossy().to_ascii_lowercase();
    let words: Vec<&str> = stem.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("corpus-{}", words.join("-"))
}

/// Builds one crate (and its examples harness) with clippy's lints, counting
/// the crate's diagnostics from cargo's JSON messages.
/// The group features a large API's crate is also checked with, alone: the
/// largest group and the smallest.
fn sampled_groups(generated: &generator::Generated) -> Vec<String> {
    if generated.operations < 100 || generated.groups.len() < 2 {
        return Vec::new();
    }
    let largest = generated.groups.iter().max_by_key(|(_, operations)| *operations);
    let smallest = generated.groups.iter().min_by_key(|(_, operations)| *operations);
    let mut sampled: Vec<String> = [largest, smallest].into_iter().flatten().map(|(name, _)| name.clone()).collect();
    sampled.dedup();
    sampled
}

/// Checks the crate with only `group` among its group features (and the
/// test kit), warnings denied as for the whole crate.
fn check_group(workspace: &Path, name: &str, group: &str, row: &mut Row) -> Result<()> {
    let features = format!("{name}/rustls,{name}/mock,{name}/{group}");
    let args = ["check", "--quiet", "--message-format=json", "--package", name, "--no-default-features", "--features", &features];
    let before = row.failure.is_some();
    run_cargo(workspace, name, &args, row)?;
    if !before && let Some(failure) = &mut row.failure {
        *failure = format!("with only the `{group}` feature: {failure}");
    }
    Ok(())
}

fn compile(workspace: &Path, name: &str, harness: Option<&str>, row: &mut Row) -> Result<()> {
    // With the test kit, whose stubs name every operation's body types.
    let mock = format!("{name}/mock");
    let mut args = vec!["build", "--quiet", "--message-format=json", "--package", name, "--features", &mock];
    if let Some(harness) = harness {
        args.extend(["--package", harness]);
    }
    run_cargo(workspace, name, &args, row)
}

/// Runs cargo with clippy as the compiler of `name`, counting its diagnostics into `row`.
fn run_cargo(workspace: &Path, name: &str, args: &[&str], row: &mut Row) -> Result<()> {
    let mut child = Command::new(crate::cargo_path())
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("RUSTC_WORKSPACE_WRAPPER", clippy_driver()?)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running cargo build")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut first_messages = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        if message["reason"] != "compiler-message" || message["target"]["name"] != name.replace('-', "_") {
            continue;
        }
        let diagnostic = &message["message"];
        let is_clippy = diagnostic["code"]["code"].as_str().is_some_and(|c| c.starts_with("clippy::"));
        let counts = if is_clippy { &mut row.clippy } else { &mut row.check };
        match diagnostic["level"].as_str() {
            Some("error") => counts.errors += 1,
            Some("warning") => counts.warnings += 1,
            _ => continue,
        }
        if first_messages.len() < 3
            && let Some(rendered) = diagnostic["rendered"].as_str()
        {
            first_messages.push(rendered.lines().take(6).collect::<Vec<_>>().join("\n"));
        }
    }
    let stderr = std::io::read_to_string(child.stderr.take().context("no stderr")?)?;
    let status = child.wait()?;
    let diagnostics = row.check.errors + row.check.warnings + row.clippy.errors + row.clippy.warnings;
    if diagnostics > 0 {
        row.failure = Some(format!("{diagnostics} diagnostics, first:\n{}", first_messages.join("\n")));
    } else if !status.success() {
        row.failure = Some(format!("the build failed:\n{}", stderr.lines().rev().take(8).collect::<Vec<_>>().join("\n")));
    }
    Ok(())
}

/// `clippy-driver` of the toolchain that builds: beside its `rustc`.
fn clippy_driver() -> Result<std::path::PathBuf> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc).args(["--print", "sysroot"]).output().context("asking rustc for its sysroot")?;
    let driver = std::path::PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()).join("bin/clippy-driver");
    anyhow::ensure!(driver.exists(), "no clippy-driver at {} (rustup component add clippy)", driver.display());
    Ok(driver)
}

fn print_row(row: &Row, header: bool) {
    if header {
        println!(
            "{:<52} {:>7} {:>5} {:>8} {:>8} {:>8} {:>12} {:>13} {:>8} {:>7} {:>6} {:>7} {:>6} {:>7}",
            "spec", "openapi", "ops", "complete", "gen-warn", "lines", "check err/w", "clippy err/w", "examples", "samples", "valid", "decoded", "exact", "seconds"
        );
    }
    let (examples, samples) = (&row.values.examples, &row.values.samples);
    println!(
        "{:<52} {:>7} {:>5} {:>8} {:>8} {:>8} {:>12} {:>13} {:>8} {:>7} {:>6} {:>7} {:>6} {:>7.1}{}",
        row.spec,
        row.version,
        row.operations,
        row.complete,
        row.generation_warnings,
        row.lines,
        format!("{}/{}", row.check.errors, row.check.warnings),
        format!("{}/{}", row.clippy.errors, row.clippy.warnings),
        examples.found,
        samples.found,
        examples.found + samples.found - examples.invalid - samples.invalid,
        examples.decoded + samples.decoded,
        examples.round_tripped + samples.round_tripped,
        row.seconds,
        if row.failure.is_some() { "  FAIL" } else { "" }
    );
}

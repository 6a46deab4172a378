//! `cargo xtask compare`: our reading of split specs and of Swagger 2.0, checked
//! against the tools users already trust.
//!
//! - **Bundling.** `redocly bundle` makes each split spec of `corpus/multifile/`
//!   one file; the crate we generate from the split files must be byte-identical
//!   to the one we generate from Redocly's bundle.
//! - **Conversion.** `swagger2openapi` converts each Swagger 2.0 spec of `corpus/`
//!   to OpenAPI 3.0; the crate we generate from the 2.0 file must be the one we
//!   generate from the converted file.
//!
//! A difference passes only where `EXPLAINED` says why it exists and which side
//! is right, and an explanation that no longer matches a difference fails, so
//! the list stays true. The hand-written specs of `corpus/handwritten/` are left
//! out on purpose: they carry defects (a cycle of files, `collectionFormat:
//! tsv`) that these tools refuse; `generator/tests/` checks them instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const REDOCLY_VERSION: &str = "2.77.0";
const SWAGGER2OPENAPI_VERSION: &str = "7.0.8";

/// A known difference between the two crates of one spec.
struct Explained {
    spec: &'static str,
    /// What is left out of both crates before they are compared.
    ignore: Ignore,
    why: &'static str,
}

#[derive(Clone, Copy)]
enum Ignore {
    /// Rustdoc lines (`///`, `//!`).
    Docs,
}

const EXPLAINED: &[Explained] = &[Explained {
    spec: "swagger2-argo-workflows.json",
    ignore: Ignore::Docs,
    why: "352 `$ref`s carry a `description` beside them (and 194 a `title`). Swagger 2.0 says siblings of `$ref` \
          are ignored, and swagger2openapi drops them; we keep them as the field's rustdoc, as we do for OpenAPI 3 \
          files. Only documentation differs, never a type; ours is the more useful reading, theirs the letter of the spec.",
}];

pub fn compare(root: &Path) -> Result<bool> {
    let redocly = crate::npm::tool(root, "compare", "@redocly/cli", REDOCLY_VERSION, "redocly")?;
    let swagger2openapi = crate::npm::tool(root, "compare", "swagger2openapi", SWAGGER2OPENAPI_VERSION, "swagger2openapi")?;
    let out = root.join("target/compare");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    let mut pairs = Vec::new();
    for entry in crate::corpus::split_specs(root)? {
        let Some(name) = entry.strip_prefix(root.join("corpus/multifile")).ok().and_then(|p| p.iter().next()) else { continue };
        let name = name.to_string_lossy().into_owned();
        let bundle = out.join(format!("{name}.bundle.yaml"));
        run(Command::new(&redocly).arg("bundle").arg(&entry).arg("-o").arg(&bundle))?;
        pairs.push(Pair { label: format!("{name}: split files vs redocly bundle"), spec: name, ours: entry, theirs: bundle });
    }
    for spec in generator::spec_files(&root.join("corpus"))? {
        if !is_swagger2(&spec)? {
            continue;
        }
        let file = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let converted = out.join(format!("{file}.openapi3.json"));
        run(Command::new(&swagger2openapi).args(["--patch", "--warnOnly"]).arg(&spec).arg("-o").arg(&converted))?;
        pairs.push(Pair { label: format!("{file}: Swagger 2.0 vs swagger2openapi"), spec: file, ours: spec, theirs: converted });
    }
    if pairs.is_empty() {
        bail!("no split or Swagger 2.0 spec found in corpus/");
    }

    let mut failures = 0;
    for pair in &pairs {
        let verdict = pair.verdict()?;
        println!("{:<60} {verdict}", pair.label);
        failures += usize::from(verdict.starts_with("DIFFERS") || verdict.starts_with("STALE"));
    }
    println!("\n{} of {} comparisons pass", pairs.len() - failures, pairs.len());
    Ok(failures == 0)
}

struct Pair {
    label: String,
    spec: String,
    ours: PathBuf,
    theirs: PathBuf,
}

impl Pair {
    fn verdict(&self) -> Result<String> {
        let ours = generator::generate_file(&self.ours, "compared").with_context(|| self.ours.display().to_string())?;
        let theirs = generator::generate_file(&self.theirs, "compared").with_context(|| self.theirs.display().to_string())?;
        let explained = EXPLAINED.iter().find(|e| e.spec == self.spec);
        let differing = differing_files(&ours.files, &theirs.files, None);
        let Some(explained) = explained else {
            return Ok(match differing.as_slice() {
                [] => "identical".into(),
                files => format!("DIFFERS in {}", describe(files)),
            });
        };
        if differing.is_empty() {
            return Ok("STALE: identical, but EXPLAINED still lists a difference".into());
        }
        let left = differing_files(&ours.files, &theirs.files, Some(explained.ignore));
        Ok(match left.as_slice() {
            [] => format!("identical but for what EXPLAINED says: {}", explained.why.split(". ").next().unwrap_or_default()),
            files => format!("DIFFERS beyond what EXPLAINED says, in {}", describe(files)),
        })
    }
}

/// The files that differ, with the first differing line of each.
fn differing_files(ours: &generator::Files, theirs: &generator::Files, ignore: Option<Ignore>) -> Vec<(String, String)> {
    let kept = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| match ignore {
                Some(Ignore::Docs) => !(line.trim_start().starts_with("///") || line.trim_start().starts_with("//!")),
                None => true,
            })
            .map(String::from)
            .collect()
    };
    let mut paths: Vec<&String> = ours.iter().chain(theirs.iter()).map(|(path, _)| path).collect();
    paths.sort();
    paths.dedup();
    let text = |files: &generator::Files, path: &str| files.iter().find(|(p, _)| p == path).map(|(_, t)| kept(t)).unwrap_or_default();
    paths
        .into_iter()
        .filter_map(|path| {
            let (a, b) = (text(ours, path), text(theirs, path));
            let first = a.iter().zip(&b).position(|(x, y)| x != y).or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))?;
            let line = |lines: &[String]| lines.get(first).map_or("(end)".to_string(), |l| l.trim().to_string());
            Some((path.clone(), format!("line {}: ours `{}`, theirs `{}`", first + 1, line(&a), line(&b))))
        })
        .collect()
}

fn describe(files: &[(String, String)]) -> String {
    files.iter().map(|(path, first)| format!("{path} ({first})")).collect::<Vec<_>>().join("; ")
}

fn is_swagger2(spec: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let head: String = text.chars().take(2000).collect();
    Ok(head.contains("\"swagger\"") || head.lines().any(|line| line.starts_with("swagger:")))
}

fn run(command: &mut Command) -> Result<()> {
    let output = command.output().with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!("{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

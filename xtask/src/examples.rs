//! `cargo xtask examples`: the spec's own examples decode into the generated
//! types and encode back to what they were.
//!
//! Every example (`generator::examples`) is first validated against its own
//! schema with the `jsonschema` crate, OpenAPI 3.0's dialect turned into
//! JSON Schema draft 4 (`nullable` becomes a `null` type; draft 4 already has
//! boolean exclusive bounds; `format` stays an annotation, as JSON Schema
//! says). An example its own schema rejects is a defect of the spec, reported
//! and not counted against the client. Each valid one goes to a small binary
//! beside the generated crate that decodes it as the type the client uses for
//! it, encodes it again and prints both; the round trip must give the value
//! back. A valid example that does not decode fails the run.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use generator::examples::{Example, Examples};
use serde_json::{Value, json};

/// The workspace of generated crates and their harnesses: one target
/// directory, and builds made to run once (no debug info, no incremental
/// state), which roughly halves what the harnesses cost.
pub const WORKSPACE_MANIFEST: &str = "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n\n[profile.dev]\ndebug = false\nincremental = false\n";

/// What happened to one kind of value (the spec's examples, or the samples made from its schemas).
#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub found: usize,
    /// Rejected by their own schema: the spec's defect (an example) or the sample maker's (a sample).
    pub invalid: usize,
    /// Whose schema the validator could not compile; checked anyway.
    pub unvalidated: usize,
    pub decoded: usize,
    pub round_tripped: usize,
    /// Of those round-tripped, how many came back without fields their schema does not declare.
    pub undeclared_dropped: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, more: Counts) {
        self.found += more.found;
        self.invalid += more.invalid;
        self.unvalidated += more.unvalidated;
        self.decoded += more.decoded;
        self.round_tripped += more.round_tripped;
        self.undeclared_dropped += more.undeclared_dropped;
    }
}

/// What happened to one spec's examples and samples.
#[derive(Default)]
pub struct Tally {
    pub examples: Counts,
    pub samples: Counts,
    /// Why the validator could not compile a schema (the first reason per spec).
    pub unvalidated_because: Option<String>,
    /// Each valid value that did not decode, and each that came back different.
    pub failures: Vec<String>,
    /// Samples their schema rejects (the sample maker's shortfall), and why.
    pub invalid_samples: Vec<String>,
    pub mismatches: Vec<String>,
    pub skipped: Vec<String>,
}

/// `cargo xtask examples [FILTER...]` over the corpus, or `--spec FILE` for any spec.
pub fn examples(root: &Path, args: &[&str]) -> Result<bool> {
    let specs: Vec<(PathBuf, String)> = match args {
        ["--spec", file] => {
            let path = PathBuf::from(file);
            let name = crate::corpus::crate_name(&path, false);
            vec![(path, name)]
        }
        filters => crate::corpus::corpus_specs(root, filters)?,
    };
    let workspace = root.join("target/examples");
    let mut ok = true;
    println!("{:<46} {}", "spec", Row::HEADER);
    let mut total = Row::default();
    for (spec, name) in specs {
        let label = spec.strip_prefix(root.join("corpus")).unwrap_or(&spec).display().to_string();
        let tally = match check_spec(&workspace, &spec, &name) {
            Ok(tally) => tally,
            Err(error) => {
                println!("{label:<46} FAILED: {error:#}");
                ok = false;
                continue;
            }
        };
        let row = Row::of(&tally);
        total.add(&row);
        println!("{label:<46} {row}");
        print_details(&tally);
        ok &= tally.failures.is_empty();
    }
    println!("{:<46} {total}", "total");
    println!("{}", total.summary());
    Ok(ok)
}

/// A spec's line in the table: examples and samples, each found, invalid by
/// their own schema, decoded and round-tripped.
#[derive(Default, Clone, Copy)]
pub struct Row {
    pub examples: Counts,
    pub samples: Counts,
}

impl Row {
    pub const HEADER: &str = "examples  invalid  decoded    exact | samples  invalid  decoded    exact";

    pub fn of(tally: &Tally) -> Row {
        Row { examples: tally.examples, samples: tally.samples }
    }

    pub fn add(&mut self, other: &Row) {
        self.examples += other.examples;
        self.samples += other.samples;
    }
}

impl Row {
    /// One line over many specs: how many of the valid values decoded and came back exactly.
    pub fn summary(&self) -> String {
        let (e, s) = (self.examples, self.samples);
        let valid = e.found + s.found - e.invalid - s.invalid;
        let percent = |part: usize| if valid == 0 { 100.0 } else { part as f64 * 100.0 / valid as f64 };
        let (decoded, exact) = (e.decoded + s.decoded, e.round_tripped + s.round_tripped);
        format!(
            "examples {} ({} invalid by their own schema), samples {} ({} the maker got wrong); of the {valid} valid, {decoded} decode ({:.2} %) and {exact} round-trip ({:.2} %, {} of them less undeclared properties)",
            e.found,
            e.invalid,
            s.found,
            s.invalid,
            percent(decoded),
            percent(exact),
            e.undeclared_dropped + s.undeclared_dropped
        )
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (e, s) = (self.examples, self.samples);
        write!(
            f,
            "{:>8} {:>8} {:>8} {:>8} | {:>7} {:>8} {:>8} {:>8}",
            e.found, e.invalid, e.decoded, e.round_tripped, s.found, s.invalid, s.decoded, s.round_tripped
        )
    }
}

/// The lines under a spec's row: what was not validated, each failure, each difference, each skip.
pub fn print_details(tally: &Tally) {
    if let Some(why) = &tally.unvalidated_because {
        let count = tally.examples.unvalidated + tally.samples.unvalidated;
        println!("    {count} values not validated: the validator could not compile their schema: {why}");
    }
    for line in tally.failures.iter().chain(&tally.mismatches).chain(&tally.skipped) {
        println!("    {line}");
    }
    const SHOWN: usize = 3;
    for line in tally.invalid_samples.iter().take(SHOWN) {
        println!("    {line}");
    }
    if tally.invalid_samples.len() > SHOWN {
        println!("    … and {} more samples their schema rejects", tally.invalid_samples.len() - SHOWN);
    }
}

/// Generates `spec` into `workspace`, makes samples from its schemas,
/// validates them and its examples, and decodes the valid ones.
pub fn check_spec(workspace: &Path, spec: &Path, name: &str) -> Result<Tally> {
    let (generated, examples) = generator::generate_with_examples(spec, name, &crate::checked_runtime())?;
    check_generated(workspace, spec, name, &generated, &examples)
}

/// [`check_spec`] for a spec already generated.
pub fn check_generated(workspace: &Path, spec: &Path, name: &str, generated: &generator::Generated, examples: &Examples) -> Result<Tally> {
    let prepared = prepare(workspace, spec, name, generated, examples)?;
    let Some(harness) = &prepared.harness else { return Ok(prepared.finish(spec, "")) };
    let output = Command::new(crate::cargo_path())
        .args(["build", "--quiet", "--package", harness])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .output()
        .context("building the examples harness")?;
    if !output.status.success() {
        bail!("the harness failed to build:\n{}", String::from_utf8_lossy(&output.stderr).lines().take(20).collect::<Vec<_>>().join("\n"));
    }
    let results = run_harness(workspace, harness)?;
    Ok(prepared.finish(spec, &results))
}

/// A spec's values, validated, with the harness that decodes the valid ones
/// written beside its crate (none when no value is valid).
pub struct Prepared {
    tally: Tally,
    /// The valid examples, then the valid samples.
    valid: Vec<Example>,
    valid_examples: usize,
    components: Value,
    /// The harness package's name.
    pub harness: Option<String>,
}

/// Makes the samples, validates them and the examples, and writes the generated
/// crate and its harness into `workspace` (whose manifest is [`WORKSPACE_MANIFEST`]).
pub fn prepare(workspace: &Path, spec: &Path, name: &str, generated: &generator::Generated, examples: &Examples) -> Result<Prepared> {
    let samples = make_samples(examples);
    let skipped = examples.skipped.iter().map(|w| format!("skipped {}", w.in_spec(spec))).collect();
    let mut tally = Tally { skipped, ..Tally::default() };
    let mut validator = Validator::new(&examples.components);
    let valid_examples = validator.valid(&examples.examples, &mut tally.examples, &mut tally.unvalidated_because, &mut Vec::new());
    let valid_samples = validator.valid(&samples, &mut tally.samples, &mut tally.unvalidated_because, &mut tally.invalid_samples);
    let valid: Vec<Example> = valid_examples.iter().chain(&valid_samples).map(|e| (*e).clone()).collect();
    let crates = workspace.join("crates");
    std::fs::create_dir_all(&crates)?;
    std::fs::write(workspace.join("Cargo.toml"), WORKSPACE_MANIFEST)?;
    generator::write::write_crate(&crates.join(name), &generated.files)?;
    let harness = (!valid.is_empty()).then(|| format!("{name}-examples"));
    if let Some(harness) = &harness {
        write_harness(&crates.join(harness), name, generated, &valid)?;
    }
    let components = examples.components.clone();
    Ok(Prepared { tally, valid, valid_examples: valid_examples.len(), components, harness })
}

/// Runs a built harness; its output, one JSON line per value.
pub fn run_harness(workspace: &Path, harness: &str) -> Result<String> {
    let binary = workspace.join("target/debug").join(harness);
    let output = Command::new(&binary).output().with_context(|| format!("running {}", binary.display()))?;
    if !output.status.success() {
        bail!("the harness failed:\n{}", String::from_utf8_lossy(&output.stderr).lines().take(20).collect::<Vec<_>>().join("\n"));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

impl Prepared {
    /// The tally, given what the harness printed.
    pub fn finish(mut self, spec: &Path, output: &str) -> Tally {
        let results: Vec<Value> = output.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        let root = json!({ "components": self.components });
        let tally = &mut self.tally;
        for (index, (example, result)) in self.valid.iter().zip(&results).enumerate() {
            let counts = if index < self.valid_examples { &mut tally.examples } else { &mut tally.samples };
            let at = format!("{} ({})", generator::Location::in_spec(spec, example.file.as_deref(), &example.pointer), example.role);
            match (result.get("back"), result.get("error").and_then(Value::as_str)) {
                (Some(back), _) => {
                    counts.decoded += 1;
                    let mut declared = example.value.clone();
                    keep_declared(&mut declared, &example.schema, &root, 0);
                    if same(back, &example.value) {
                        counts.round_tripped += 1;
                    } else if same(back, &declared) {
                        counts.round_tripped += 1;
                        counts.undeclared_dropped += 1;
                    } else {
                        let difference = first_difference(&example.value, back, "").unwrap_or_default();
                        tally.mismatches.push(format!("differs {at}: {difference}"));
                    }
                }
                (None, error) => tally.failures.push(format!(
                    "FAILED {at} as `{}`: {}; the value: {}",
                    example.rust_type,
                    error.unwrap_or("no result"),
                    brief(&example.value)
                )),
            }
        }
        // A value the harness printed nothing for (it stopped) did not decode either.
        for example in self.valid.iter().skip(results.len()) {
            tally.failures.push(format!("FAILED {} ({}): the harness gave no result", example.pointer, example.role));
        }
        self.tally
    }
}

/// The samples of every component schema that has a type, each an [`Example`] of that type.
fn make_samples(examples: &Examples) -> Vec<Example> {
    let root = json!({ "components": examples.components });
    let mut made = Vec::new();
    for schema_type in &examples.schema_types {
        let at = format!("/components/schemas/{}", schema_type.component);
        for (recipe, value) in crate::samples::samples(&root, &at) {
            made.push(Example {
                file: schema_type.file.clone(),
                pointer: schema_type.pointer.clone(),
                role: format!("sample {recipe} of {}", schema_type.component),
                rust_type: schema_type.rust_type.clone(),
                schema: json!({ "$ref": format!("#{at}") }),
                value,
            });
        }
    }
    made
}

/// Validates values against their schemas, each compiled once.
struct Validator {
    components: Value,
    compiled: HashMap<String, Result<jsonschema::Validator, String>>,
}

impl Validator {
    fn new(components: &Value) -> Validator {
        let mut components = components.clone();
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(json_schema_dialect);
        }
        Validator { components, compiled: HashMap::new() }
    }

    /// The values their own schema accepts; the others are counted as
    /// invalid, each with where and why in `rejected`.
    fn valid<'a>(&mut self, values: &'a [Example], counts: &mut Counts, unvalidated_because: &mut Option<String>, rejected: &mut Vec<String>) -> Vec<&'a Example> {
        counts.found += values.len();
        let mut valid = Vec::new();
        for example in values {
            match self.compiled(&example.schema).as_ref().map(|validator| validator.validate(&example.value)) {
                Ok(Err(error)) => {
                    counts.invalid += 1;
                    rejected.push(format!("invalid {} at {}: {error}; the value: {}", example.role, error.instance_path(), brief(&example.value)));
                }
                Ok(Ok(())) => valid.push(example),
                // Not validated, so still checked: a failure to decode then counts.
                Err(why) => {
                    counts.unvalidated += 1;
                    unvalidated_because.get_or_insert_with(|| why.clone());
                    valid.push(example);
                }
            }
        }
        valid
    }

    fn compiled(&mut self, schema: &Value) -> &Result<jsonschema::Validator, String> {
        let components = &self.components;
        self.compiled.entry(schema.to_string()).or_insert_with(|| {
            let mut schema = schema.clone();
            json_schema_dialect(&mut schema);
            let mut root = json!({ "allOf": [schema] });
            root["components"] = components.clone();
            jsonschema::draft4::options().should_validate_formats(false).build(&root).map_err(|e| e.to_string())
        })
    }
}

/// OpenAPI 3.0's schema dialect → JSON Schema draft 4, in place: `nullable`
/// admits `null`, and a schema with `properties` but no `type` is an object,
/// as the generator reads it (so InfluxDB's example that is a JSON text in a
/// string is the spec's defect, not a value the struct must take).
fn json_schema_dialect(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    // Only where a schema holds schemas: never inside `example`, `enum` or `default`.
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "definitions" | "$defs" => {
                if let Value::Object(schemas) = child {
                    schemas.values_mut().for_each(json_schema_dialect);
                }
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(schemas) = child {
                    schemas.iter_mut().for_each(json_schema_dialect);
                }
            }
            "items" | "additionalProperties" | "not" => json_schema_dialect(child),
            _ => {}
        }
    }
    discriminated_members(map);
    let untyped_object = map.get("properties").is_some_and(Value::is_object) && !map.contains_key("type") && !map.contains_key("$ref");
    if untyped_object {
        map.insert("type".into(), json!("object"));
    }
    if map.get("nullable") != Some(&Value::Bool(true)) {
        map.remove("nullable");
        return;
    }
    map.remove("nullable");
    match map.get("type") {
        Some(Value::String(typ)) => {
            let typ = typ.clone();
            map.insert("type".into(), json!([typ, "null"]));
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.push(Value::Null);
            }
        }
        _ => {
            let inner = Value::Object(std::mem::take(map));
            map.insert("anyOf".into(), json!([inner, { "type": "null" }]));
        }
    }
}

/// OpenAPI's `discriminator` as JSON Schema: each `$ref` member of the
/// `oneOf`/`anyOf` requires the discriminator property to hold one of its tags
/// (the mapping's keys for it, or its schema's name), so a value matches the
/// member its tag names and no other, as the client decodes it.
fn discriminated_members(map: &mut serde_json::Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(key) else { continue };
        let tags: Vec<_> = members.iter().map(|member| crate::samples::discriminator_tags(map, member)).collect();
        let Some(Value::Array(members)) = map.get_mut(key) else { continue };
        for (member, tags) in members.iter_mut().zip(tags) {
            let Some((property, tags)) = tags else { continue };
            let tagged = json!({ "required": [property], "properties": { property.clone(): { "enum": tags } } });
            *member = json!({ "allOf": [member.clone(), tagged] });
        }
    }
}

/// `value` without the object properties `schema` does not declare: the
/// generated types keep what the spec describes and drop the rest, so a round
/// trip may leave out exactly these. A property counts as declared by any
/// `allOf`, `oneOf` or `anyOf` member; an object with `additionalProperties`,
/// or whose schema declares no properties, keeps every key.
fn keep_declared(value: &mut Value, schema: &Value, root: &Value, depth: usize) {
    let Some(schema) = resolve(schema, root) else { return };
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            let mut properties: Vec<(&String, &Value)> = Vec::new();
            let mut open = false;
            collect_properties(schema, root, &mut properties, &mut open, 0);
            if !open && !properties.is_empty() {
                map.retain(|key, _| properties.iter().any(|(name, _)| *name == key));
            }
            for (key, child) in map.iter_mut() {
                for (_, property) in properties.iter().filter(|(name, _)| *name == key) {
                    keep_declared(child, property, root, depth + 1);
                }
                if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                    keep_declared(child, additional, root, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                items.iter_mut().for_each(|child| keep_declared(child, item, root, depth + 1));
            }
        }
        _ => {}
    }
}

/// The properties `schema` and its `allOf`/`oneOf`/`anyOf` members declare;
/// `open` when any of them admits other keys.
fn collect_properties<'a>(schema: &'a Value, root: &'a Value, properties: &mut Vec<(&'a String, &'a Value)>, open: &mut bool, depth: usize) {
    let Some(schema) = resolve(schema, root) else { return };
    if depth > 32 {
        return;
    }
    if let Some(Value::Object(declared)) = schema.get("properties") {
        properties.extend(declared.iter());
    }
    if schema.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false)) {
        *open = true;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = schema.get(key) {
            for member in members {
                collect_properties(member, root, properties, open, depth + 1);
            }
        }
    }
}

/// `schema`, following local `$ref`s.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> Option<&'a Value> {
    generator::parse::follow_local_refs(root, schema, "").map(|(schema, _)| schema)
}

/// Equal as JSON values, a number compared by its value (`1.0` is `1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

/// Where `sent` and `back` first differ, and how: `/charges/0/expires_at: sent 1677196303, back absent`.
fn first_difference(sent: &Value, back: &Value, at: &str) -> Option<String> {
    match (sent, back) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .find_map(|(key, value)| {
                let at = format!("{at}/{key}");
                match y.get(key) {
                    Some(other) => first_difference(value, other, &at),
                    None => Some(format!("{at}: sent {}, back absent", brief(value))),
                }
            })
            .or_else(|| y.iter().find(|(key, _)| !x.contains_key(*key)).map(|(key, value)| format!("{at}/{key}: sent absent, back {}", brief(value)))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(index, (a, b))| first_difference(a, b, &format!("{at}/{index}")))
        }
        _ if same(sent, back) => None,
        _ => Some(format!("{}: sent {}, back {}", if at.is_empty() { "/" } else { at }, brief(sent), brief(back))),
    }
}

fn brief(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 160 { format!("{}…", &text[..text.char_indices().nth(160).map_or(text.len(), |(i, _)| i)]) } else { text }
}

/// A binary crate that decodes each example as its type and prints the value encoded back.
fn write_harness(dir: &Path, client: &str, generated: &generator::Generated, examples: &[Example]) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let client_toml = generated.files.iter().find(|(p, _)| p == "Cargo.toml").map(|(_, c)| c.as_str()).unwrap_or_default();
    let mut dependencies = format!("{client} = {{ path = \"../{client}\" }}\n");
    for line in client_toml.lines() {
        if ["chrono ", "serde ", "serde_json "].iter().any(|dep| line.starts_with(dep)) {
            dependencies.push_str(line);
            dependencies.push('\n');
        }
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{client}-examples\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dependencies}"),
    )?;
    let crate_path = client.replace('-', "_");
    let mut types: Vec<&str> = examples.iter().map(|e| e.rust_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let mut arms = String::new();
    for (index, ty) in types.iter().enumerate() {
        let ty = ty.replace("crate ::", &format!("{crate_path} ::"));
        writeln!(arms, "            {index} => round_trip::<{ty}>(value),")?;
    }
    let cases: Vec<Value> = examples.iter().map(|e| json!([types.binary_search(&e.rust_type.as_str()).unwrap_or_default(), e.value])).collect();
    std::fs::write(dir.join("cases.json"), serde_json::to_string(&cases)?)?;
    let main = format!(
        "//! Decodes each example as its type and prints it encoded back, one JSON line each.\n\
         #![allow(unused_imports, clippy::all)]\n\
         /// Bytes in and out, as the client decodes responses and encodes bodies.\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: serde_json::Value) -> serde_json::Value {{\n\
         \x20   let sent = serde_json::to_vec(&value).expect(\"a JSON value encodes\");\n\
         \x20   match serde_json::from_slice::<T>(&sent) {{\n\
         \x20       Ok(decoded) => match serde_json::to_vec(&decoded).map(|back| serde_json::from_slice::<serde_json::Value>(&back)) {{\n\
         \x20           Ok(Ok(back)) => serde_json::json!({{ \"back\": back }}),\n\
         \x20           Ok(Err(error)) => serde_json::json!({{ \"error\": format!(\"encoding: {{error}}\") }}),\n\
         \x20           Err(error) => serde_json::json!({{ \"error\": format!(\"encoding: {{error}}\") }}),\n\
         \x20       }},\n\
         \x20       Err(error) => serde_json::json!({{ \"error\": error.to_string() }}),\n\
         \x20   }}\n\
         }}\n\n\
         fn main() {{\n\
         \x20   let cases: Vec<(usize, serde_json::Value)> = serde_json::from_str(include_str!(\"../cases.json\")).expect(\"cases\");\n\
         \x20   for (ty, value) in cases {{\n\
         \x20       let result = match ty {{\n{arms}\
         \x20           _ => serde_json::json!({{ \"error\": \"no such type\" }}),\n\
         \x20       }};\n\
         \x20       println!(\"{{result}}\");\n\
         \x20   }}\n\
         }}\n"
    );
    std::fs::write(dir.join("src/main.rs"), main)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_admits_null_in_json_schema() {
        let mut schema = json!({"type": "object", "properties": {
            "a": {"type": "string", "nullable": true},
            "b": {"type": "string", "enum": ["x"], "nullable": true},
            "c": {"allOf": [{"$ref": "#/components/schemas/C"}], "nullable": true},
            "d": {"type": "string", "nullable": false},
            "e": {"properties": {"x": {}}}
        }});
        json_schema_dialect(&mut schema);
        assert_eq!(schema["properties"]["a"], json!({"type": ["string", "null"]}));
        assert_eq!(schema["properties"]["b"], json!({"type": ["string", "null"], "enum": ["x", null]}));
        assert_eq!(schema["properties"]["c"], json!({"anyOf": [{"allOf": [{"$ref": "#/components/schemas/C"}]}, {"type": "null"}]}));
        assert_eq!(schema["properties"]["d"], json!({"type": "string"}));
        assert_eq!(schema["properties"]["e"], json!({"type": "object", "properties": {"x": {}}}));
    }

    #[test]
    fn a_discriminated_member_requires_its_tag() {
        let mut schema = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "kitten": "#/components/schemas/Cat"}}
        });
        json_schema_dialect(&mut schema);
        let tagged = |tags: Value| json!({"required": ["kind"], "properties": {"kind": {"enum": tags}}});
        assert_eq!(schema["oneOf"][0], json!({"allOf": [{"$ref": "#/components/schemas/Cat"}, tagged(json!(["cat", "kitten"]))]}));
        assert_eq!(schema["oneOf"][1], json!({"allOf": [{"$ref": "#/components/schemas/Dog"}, tagged(json!(["Dog"]))]}));
    }

    #[test]
    fn only_undeclared_properties_are_left_out_of_the_comparison() {
        let root = json!({"components": {"schemas": {
            "Base": {"properties": {"id": {"type": "string"}}},
            "Order": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"lines": {"type": "array", "items": {"properties": {"sku": {}}}}}}]},
            "Bag": {"type": "object", "additionalProperties": {"type": "integer"}}
        }}});
        let mut order = json!({"id": "o1", "extra": true, "lines": [{"sku": "a", "note": "x"}]});
        keep_declared(&mut order, &json!({"$ref": "#/components/schemas/Order"}), &root, 0);
        assert_eq!(order, json!({"id": "o1", "lines": [{"sku": "a"}]}));
        let mut bag = json!({"any": 1, "key": 2});
        keep_declared(&mut bag, &json!({"$ref": "#/components/schemas/Bag"}), &root, 0);
        assert_eq!(bag, json!({"any": 1, "key": 2}), "a map keeps every key");
    }

    #[test]
    fn a_round_trip_difference_names_its_pointer() {
        let sent = json!({"charges": [{"amount": 4, "expires_at": 7}], "total": 1.0});
        assert_eq!(first_difference(&sent, &json!({"charges": [{"amount": 4}], "total": 1}), "").unwrap(), "/charges/0/expires_at: sent 7, back absent");
        assert_eq!(first_difference(&sent, &json!({"charges": [{"amount": 4, "expires_at": 7}], "total": 1}), ""), None, "1.0 is 1");
        assert!(same(&json!(1.0), &json!(1)));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": null})));
    }
}

//! `cargo xtask drift`: each curated spec against its vendor's own machine-readable spec,
//! or, for an API without one, against the facts of its seed (`specs/seeds/*.facts.yaml`:
//! what the seed states, written as OpenAPI, each fact citing its seed line).
//!
//! Both specs are flattened into facts, one per `key`: an operation's method and path,
//! its summary and description, every parameter, request body, response, response header
//! and schema field, with its type, format, `nullable`, `required`, enum, default and
//! description; the response examples; the security schemes and tags. Only what the
//! curated spec describes is compared: the vendor's other operations are out of scope.
//!
//! A fact that differs is drift, unless `specs/deviations/<spec>` lists its key with a
//! reason. A listed key that no longer differs is an error too, so the list stays true.
//! Descriptions are compared loosely: the curated text may extend the vendor's (to say
//! why it deviates), and where the vendor has none it may say that it is inferred. An
//! example is checked only where the vendor gives one. A seed speaks only for what it
//! states: only the facts of its file are compared, and each of its citations must be
//! found in a line of the seed's text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::{Map, Value};

/// `specs/deviations/<name>.yaml`: where a curated spec comes from and where it departs from it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deviations {
    /// The curated spec, relative to the workspace root.
    spec: String,
    /// The vendor's spec it is checked against, or the facts of a seed written
    /// as one (`specs/seeds/*.facts.yaml`), relative to the workspace root.
    source: String,
    /// For facts of a seed: the seed's text, relative to the workspace root. Only
    /// what the seed states is compared, and every citation of it must be one of
    /// its lines.
    #[serde(default)]
    seed: Option<String>,
    #[serde(default)]
    deviations: Vec<Deviation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deviation {
    at: String,
    reason: String,
}

/// Runs every `specs/deviations/*.yaml`; prints the drift and returns whether there was none.
pub fn drift(root: &Path) -> Result<bool> {
    let report = report(root)?;
    print!("{report}");
    Ok(report.lines().all(|line| !line.starts_with("  ")))
}

/// One line per checked spec, followed by an indented line per problem.
fn report(root: &Path) -> Result<String> {
    let dir = root.join("specs/deviations");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.sort();
    let mut out = String::new();
    for file in files {
        let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        let list: Deviations = serde_yaml::from_str(&text).with_context(|| format!("reading {}", file.display()))?;
        let problems = check(root, &list)?;
        let name = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        writeln!(out, "{}: {} against {}: {} deviations listed, {} problems", name, list.spec, list.source, list.deviations.len(), problems.len())?;
        for problem in problems {
            writeln!(out, "  {problem}")?;
        }
    }
    Ok(out)
}

fn check(root: &Path, list: &Deviations) -> Result<Vec<String>> {
    let curated = facts(&load(&root.join(&list.spec))?)?;
    let source = load(&root.join(&list.source))?;
    let vendor = facts(&source)?;
    let mut problems = Vec::new();
    let keys: BTreeSet<&String> = match &list.seed {
        // A seed speaks only for what it states.
        Some(seed) => {
            let text = std::fs::read_to_string(root.join(seed)).with_context(|| format!("reading {seed}"))?;
            problems.extend(uncited(&source, &text, seed));
            vendor.keys().collect()
        }
        None => {
            let in_scope = curated_scope(&curated);
            curated.keys().chain(vendor.keys()).filter(|key| in_scope.iter().any(|scope| key.starts_with(scope.as_str()))).collect()
        }
    };
    let mut drifted = BTreeMap::new();
    for key in keys {
        let ours = curated.get(key).map(String::as_str);
        let theirs = vendor.get(key).map(String::as_str);
        if !agrees(key, ours, theirs) {
            drifted.insert(key.clone(), (ours, theirs));
        }
    }
    let mut listed = BTreeSet::new();
    for deviation in &list.deviations {
        if deviation.reason.trim().is_empty() {
            problems.push(format!("{}: a deviation needs a reason", deviation.at));
        }
        if !listed.insert(deviation.at.as_str()) {
            problems.push(format!("{}: listed twice", deviation.at));
        }
        if !drifted.contains_key(&deviation.at) {
            problems.push(format!("{}: listed as a deviation, but the specs agree here", deviation.at));
        }
    }
    for (key, (ours, theirs)) in drifted {
        if !listed.contains(key.as_str()) {
            problems.push(format!("{key}: curated {} / vendor {}", shown(ours), shown(theirs)));
        }
    }
    Ok(problems)
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "(absent)".to_string(), |v| format!("`{v}`"))
}

/// The problems with the citations of a seed's facts: each operation, parameter,
/// request body and response cites (`x-seed`, a string or a list) the lines of the
/// seed it comes from, and every citation, wherever it is, is found within one line
/// of `text`.
fn uncited(facts: &Value, text: &str, seed: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(normalize).collect();
    let mut problems = Vec::new();
    let mut citations = Vec::new();
    collect_citations(facts, "", &mut citations);
    for (at, citation) in citations {
        let citation = normalize(citation);
        if !lines.iter().any(|line| line.contains(&citation)) {
            problems.push(format!("{at}: `{citation}` is not in a line of {seed}"));
        }
    }
    let mut needs_citation = |at: String, node: &Value| {
        if node.get("x-seed").is_none() {
            problems.push(format!("{at}: cites no line of {seed} (x-seed)"));
        }
    };
    for (path, item) in object(facts.get("paths")) {
        needs_citation(path.clone(), item);
        for (index, parameter) in item.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
            needs_citation(format!("{path} parameters[{index}]"), parameter);
        }
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = format!("{method} {path}");
            needs_citation(at.clone(), op);
            for parameter in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                needs_citation(format!("{at} parameter {}", parameter.get("name").and_then(Value::as_str).unwrap_or("?")), parameter);
            }
            if let Some(body) = op.get("requestBody") {
                needs_citation(format!("{at} body"), body);
            }
            for (status, response) in object(op.get("responses")) {
                needs_citation(format!("{at} response {status}"), response);
            }
        }
    }
    problems
}

/// Every `x-seed` citation under `node`, with the pointer of the node that makes it.
fn collect_citations<'v>(node: &'v Value, at: &str, out: &mut Vec<(String, &'v str)>) {
    match node {
        Value::Object(map) => {
            match map.get("x-seed") {
                Some(Value::String(one)) => out.push((at.to_string(), one)),
                Some(Value::Array(many)) => out.extend(many.iter().filter_map(Value::as_str).map(|one| (at.to_string(), one))),
                _ => {}
            }
            for (key, value) in map.iter().filter(|(key, _)| *key != "x-seed") {
                collect_citations(value, &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_citations(item, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// The key prefixes the curated spec speaks for: its operations, schemes and tags.
fn curated_scope(curated: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut scope = BTreeSet::new();
    for mut words in curated.keys().map(|key| key.split(' ')) {
        if let (Some(kind), Some(name)) = (words.next(), words.next()) {
            scope.insert(format!("{kind} {name} "));
        }
    }
    scope
}

fn agrees(key: &str, ours: Option<&str>, theirs: Option<&str>) -> bool {
    // An example is only checked against the vendor's own: without one, ours illustrates.
    if key.ends_with(" example") && theirs.is_none() {
        return true;
    }
    if !key.ends_with(" description") && !key.ends_with(" summary") {
        return ours == theirs;
    }
    match (ours.map(normalize), theirs.map(normalize)) {
        (None, None) => true,
        (Some(ours), Some(theirs)) => ours.starts_with(&theirs),
        (Some(ours), None) => ours.to_lowercase().contains("inferred"),
        (None, Some(_)) => false,
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches('.').to_string()
}

fn load(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| format!("reading {}", path.display()))
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// Every fact of a document, keyed as `op <operationId> …`, `scheme <name> …` or `tag <name> …`.
fn facts(doc: &Value) -> Result<BTreeMap<String, String>> {
    let mut out = Facts { doc, facts: BTreeMap::new() };
    for (path, item) in object(doc.get("paths")) {
        let item = out.resolve(item);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                bail!("{method} {path} has no operationId");
            };
            let at = format!("op {id}");
            out.set(&format!("{at} route"), Some(format!("{} {path}", method.to_uppercase())));
            out.text(&at, op, "summary");
            out.text(&at, op, "description");
            out.set(&format!("{at} tags"), op.get("tags").map(compact));
            let shared = item.get("parameters").and_then(Value::as_array).into_iter().flatten();
            for parameter in shared.chain(op.get("parameters").and_then(Value::as_array).into_iter().flatten()) {
                out.parameter(&at, parameter);
            }
            if let Some(body) = op.get("requestBody") {
                let body = out.resolve(body);
                let at = format!("{at} body");
                out.flag(&at, body, "required");
                out.text(&at, body, "description");
                out.content(&at, body);
            }
            for (status, response) in object(op.get("responses")) {
                out.response(&format!("{at} response {status}"), response);
            }
        }
    }
    let components = doc.get("components");
    for (name, scheme) in object(components.and_then(|c| c.get("securitySchemes"))) {
        let at = format!("scheme {name}");
        for key in ["type", "scheme", "in", "name", "bearerFormat"] {
            out.set(&format!("{at} {key}"), scheme.get(key).map(compact));
        }
        out.text(&at, scheme, "description");
    }
    for tag in doc.get("tags").and_then(Value::as_array).into_iter().flatten() {
        let name = tag.get("name").and_then(Value::as_str).unwrap_or_default();
        out.text(&format!("tag {name}"), tag, "description");
        out.set(&format!("tag {name} declared"), Some("yes".to_string()));
    }
    Ok(out.facts)
}

fn object(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

struct Facts<'a> {
    doc: &'a Value,
    facts: BTreeMap<String, String>,
}

impl<'a> Facts<'a> {
    fn set(&mut self, key: &str, value: Option<String>) {
        if let Some(value) = value {
            self.facts.insert(key.to_string(), value);
        }
    }

    fn text(&mut self, at: &str, node: &Value, key: &str) {
        let text = node.get(key).and_then(Value::as_str).filter(|t| !t.trim().is_empty());
        self.set(&format!("{at} {key}"), text.map(str::to_string));
    }

    fn flag(&mut self, at: &str, node: &Value, key: &str) {
        let on = node.get(key).and_then(Value::as_bool).unwrap_or(false);
        self.set(&format!("{at} {key}"), on.then(|| "true".to_string()));
    }

    /// Follows `$ref`s within the document; a ref that leads nowhere reads as an empty schema.
    fn resolve<'v>(&self, mut node: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        static EMPTY: Value = Value::Null;
        for _ in 0..32 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else { return node };
            let pointer = reference.strip_prefix('#').unwrap_or(reference);
            node = self.doc.pointer(pointer).unwrap_or(&EMPTY);
        }
        node
    }

    fn parameter(&mut self, at: &str, parameter: &Value) {
        let parameter = self.resolve(parameter);
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
        let at = format!("{at} parameter {location} {name}");
        self.flag(&at, parameter, "required");
        self.text(&at, parameter, "description");
        if let Some(schema) = parameter.get("schema") {
            self.schema(&format!("{at} schema"), schema, false, 0);
        }
    }

    fn response(&mut self, at: &str, response: &Value) {
        let response = self.resolve(response);
        self.text(at, response, "description");
        for (name, header) in object(response.get("headers")) {
            let header = self.resolve(header);
            let at = format!("{at} header {}", name.to_lowercase());
            self.text(&at, header, "description");
            if let Some(schema) = header.get("schema") {
                self.schema(&format!("{at} schema"), schema, false, 0);
            }
        }
        self.content(at, response);
    }

    fn content(&mut self, at: &str, node: &Value) {
        let media: Vec<&str> = object(node.get("content")).map(|(name, _)| name.as_str()).collect();
        self.set(&format!("{at} content"), Some(if media.is_empty() { "none".to_string() } else { media.join(", ") }));
        for (media, content) in object(node.get("content")) {
            let at = format!("{at} {media}");
            if let Some(example) = content.get("example") {
                self.set(&format!("{at} example"), Some(example.to_string()));
            }
            if let Some(schema) = content.get("schema") {
                self.schema(&format!("{at} schema"), schema, false, 0);
            }
        }
    }

    fn schema(&mut self, at: &str, schema: &Value, required: bool, depth: usize) {
        if depth > 12 {
            return;
        }
        // A mixin's own description says what the mixin is; it is compared by position.
        let members = self.resolve(schema).get("allOf").and_then(Value::as_array).into_iter().flatten();
        for (index, member) in members.enumerate() {
            self.text(&format!("{at} allOf[{index}]"), self.resolve(member), "description");
        }
        let schema = self.merged(schema);
        for key in ["type", "format", "enum", "default"] {
            self.set(&format!("{at} {key}"), schema.get(key).map(compact));
        }
        // `nullable` means nothing without `type` in OpenAPI 3.0: an untyped schema admits
        // null already, and validators reject the pair.
        if schema.get("type").is_some() {
            self.flag(at, &schema, "nullable");
        }
        self.flag(at, &schema, "readOnly");
        self.set(&format!("{at} required"), required.then(|| "true".to_string()));
        self.text(at, &schema, "description");
        let required: BTreeSet<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        for (name, property) in object(schema.get("properties")) {
            self.schema(&format!("{at}/{name}"), property, required.contains(name.as_str()), depth + 1);
        }
        if let Some(items) = schema.get("items") {
            self.schema(&format!("{at}[]"), items, false, depth + 1);
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            self.schema(&format!("{at}{{}}"), extra, false, depth + 1);
        }
        for keyword in ["oneOf", "anyOf"] {
            for (index, member) in schema.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema(&format!("{at} {keyword}[{index}]"), member, false, depth + 1);
            }
        }
    }

    /// The schema with its `$ref` followed and its `allOf` members folded in: their
    /// properties and required lists join; of their other keywords only `type` and
    /// `nullable` count, and the outer schema's own keywords win.
    fn merged(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        let Some(members) = schema.get("allOf").and_then(Value::as_array) else { return schema.clone() };
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required = Vec::new();
        let parts = members.iter().map(|member| (self.merged(member), false)).chain([(schema.clone(), true)]);
        for (part, outer) in parts {
            for (key, value) in part.as_object().into_iter().flatten() {
                match key.as_str() {
                    "allOf" => {}
                    "properties" => properties.extend(value.as_object().cloned().unwrap_or_default()),
                    "required" => required.extend(value.as_array().cloned().unwrap_or_default()),
                    "type" | "nullable" => {
                        merged.insert(key.clone(), value.clone());
                    }
                    _ if outer => {
                        merged.insert(key.clone(), value.clone());
                    }
                    _ => {}
                }
            }
        }
        merged.insert("properties".to_string(), Value::Object(properties));
        merged.insert("required".to_string(), Value::Array(required));
        Value::Object(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The curated specs say what their vendors' specs say, or list why not.
    #[test]
    fn curated_specs_match_their_sources() {
        let report = report(&crate::root()).unwrap();
        assert!(report.lines().all(|line| !line.starts_with("  ")), "curated specs drifted from their sources:\n{report}");
        assert!(report.lines().count() >= 2, "{report}");
    }

    fn facts_of(yaml: &str) -> BTreeMap<String, String> {
        facts(&serde_yaml::from_str(yaml).unwrap()).unwrap()
    }

    const SPEC: &str = "
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Base'
                  - properties: {extra: {type: string, nullable: true}}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: integer, format: int64}}}
";

    #[test]
    fn facts_follow_refs_and_fold_all_of() {
        let facts = facts_of(SPEC);
        let at = "op a response 200 application/json schema";
        assert_eq!(facts[&format!("{at}/id type")], "integer");
        assert_eq!(facts[&format!("{at}/id format")], "int64");
        assert_eq!(facts[&format!("{at}/id required")], "true");
        assert_eq!(facts[&format!("{at}/extra nullable")], "true");
        assert!(!facts.contains_key(&format!("{at}/extra required")));
        assert_eq!(facts["op a route"], "GET /a");
    }

    /// Drift is reported with both values, a listed deviation silences it, and a listed
    /// deviation that no longer differs is reported as stale.
    #[test]
    fn drift_is_reported_unless_listed_and_stale_entries_are_reported() {
        let dir = std::env::temp_dir().join(format!("xtask-drift-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("vendor.yaml"), SPEC).unwrap();
        std::fs::write(dir.join("curated.yaml"), SPEC.replace("format: int64", "format: int32")).unwrap();
        let key = "op a response 200 application/json schema/id format";
        let list = |ats: &[&str]| Deviations {
            spec: "curated.yaml".into(),
            source: "vendor.yaml".into(),
            seed: None,
            deviations: ats.iter().map(|at| Deviation { at: at.to_string(), reason: "because".into() }).collect(),
        };
        let unlisted = check(&dir, &list(&[])).unwrap();
        let listed = check(&dir, &list(&[key])).unwrap();
        let stale = check(&dir, &list(&[key, "op a route"])).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(unlisted, [format!("{key}: curated `int32` / vendor `int64`")]);
        assert!(listed.is_empty(), "{listed:?}");
        assert_eq!(stale, ["op a route: listed as a deviation, but the specs agree here"]);
    }

    #[test]
    fn descriptions_may_extend_the_vendors_or_say_they_are_inferred() {
        let key = "op a description";
        assert!(agrees(key, Some("Plan ID. The live API wants an integer."), Some("Plan ID")));
        assert!(agrees(key, Some("Inferred: no source names it."), None));
        assert!(!agrees(key, Some("A made-up description."), None));
        assert!(!agrees(key, None, Some("The vendor's text")));
        assert!(!agrees("op a x type", Some("string"), None));
    }

    const SEED: &str = "Method: GET | Returns: A *\nReturns one a.\n01 | limit | Integer | No | 10 |\n";

    const SEED_FACTS: &str = "
paths:
  /a:
    x-seed: 'Method: GET'
    get:
      operationId: a
      x-seed: ['Method: GET | Returns: A *', 'Returns one a.']
      description: Returns one a.
      parameters:
        - {name: limit, in: query, x-seed: '01 | limit | Integer | No | 10 |', schema: {type: integer, default: 10}}
";

    /// Facts of a seed: only what the seed states is compared, and each fact
    /// cites a line of the seed.
    #[test]
    fn a_seed_speaks_only_for_what_it_states_and_every_fact_cites_it() {
        let dir = std::env::temp_dir().join(format!("xtask-seed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("seed.txt"), SEED).unwrap();
        std::fs::write(dir.join("facts.yaml"), SEED_FACTS).unwrap();
        // The curated spec adds a summary and a parameter the seed does not state.
        let curated = "
paths:
  /a:
    get:
      operationId: a
      summary: Get an a
      description: Returns one a, by its limit.
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32, default: 10}}
        - {name: sort, in: query, schema: {type: string}}
";
        std::fs::write(dir.join("curated.yaml"), curated).unwrap();
        std::fs::write(dir.join("drifted.yaml"), curated.replace("default: 10", "default: 20")).unwrap();
        let list = |spec: &str| Deviations {
            spec: spec.into(),
            source: "facts.yaml".into(),
            seed: Some("seed.txt".into()),
            deviations: Vec::new(),
        };
        let agreeing = check(&dir, &list("curated.yaml")).unwrap();
        let drifted = check(&dir, &list("drifted.yaml")).unwrap();
        std::fs::write(dir.join("facts.yaml"), SEED_FACTS.replace("'Returns one a.'", "'Returns two.'").replace("    x-seed: 'Method: GET'\n", "")).unwrap();
        let miscited = check(&dir, &list("curated.yaml")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(agreeing.is_empty(), "{agreeing:?}");
        assert_eq!(drifted, ["op a parameter query limit schema default: curated `20` / vendor `10`"]);
        assert_eq!(miscited, ["/paths/~1a/get: `Returns two` is not in a line of seed.txt", "/a: cites no line of seed.txt (x-seed)"]);
    }
}

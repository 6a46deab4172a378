//! The classes of problems real specs have, one small hand-written spec each
//! (`corpus/handwritten/`, which `cargo xtask corpus` also compiles with
//! warnings denied): OpenAPI 3.1 keywords, small defects that must degrade only
//! their own part, and JSON that only a JSON parser reads.

use std::path::Path;

struct Output {
    warnings: Vec<String>,
    files: Vec<(String, String)>,
    operations: usize,
}

impl Output {
    fn file(&self, path: &str) -> &str {
        self.files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {path}"))
    }
}

fn generate(name: &str) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/handwritten").join(name);
    let generated = generator::generate_file(&path, "handwritten").unwrap_or_else(|e| panic!("{e}"));
    Output {
        warnings: generated.warnings.iter().map(ToString::to_string).collect(),
        files: generated.files,
        operations: generated.operations,
    }
}

#[test]
fn openapi_3_1_keywords_are_read_into_the_same_model() {
    let output = generate("openapi31-keywords.yaml");
    assert_eq!(
        output.warnings,
        [
            "#/jsonSchemaDialect: schemas are read as OpenAPI 3.1's JSON Schema dialect, not `https://json-schema.org/draft/2020-12/schema`",
            "#/webhooks: 1 webhook: requests the API sends, not operations a client calls; left out",
            "#/components/schemas/Thing/properties/point/prefixItems: tuples cannot be typed item by item; read as a list of any JSON value",
            "#/components/schemas/Thing/properties/shape/if: `if` cannot be expressed in Rust types; it is ignored",
            "#/components/schemas/Thing/properties/shape/dependentRequired: `dependentRequired` cannot be expressed in Rust types; it is ignored",
        ]
    );
    // A path item from `components.pathItems`, and an operation without `responses`.
    assert_eq!(output.operations, 2);
    let operations = output.file("src/operations.rs");
    assert!(operations.contains("pub fn get_thing(") && operations.contains("pub fn ping("), "{operations}");
    insta::assert_snapshot!(output.file("src/types.rs"));
}

#[test]
fn small_defects_degrade_only_their_own_part() {
    let output = generate("small-defects.yaml");
    let listing = "#/components/schemas/Listing/properties";
    assert_eq!(
        output.warnings,
        [
            "#: line 66: the number -9223372036854776000 is too large to read as a number; read as a string".to_string(),
            "#/security/0/apiKey: scopes must be a list of strings, not `null`; read as none".into(),
            format!("{listing}/required_flag/required: `required` must be a list of property names (a property is required by listing it in its parent's `required`), not `true`; it is ignored"),
            format!("{listing}/size/type: `long` is not a JSON Schema type; read as `integer`"),
            format!("{listing}/version/enum: values 4.1, 4 are not of type `string`; read as `string` where possible, else left out"),
            format!("{listing}/big/minimum: `minimum` must be a number, not `\"-9223372036854776000\"`; it is ignored"),
            format!("{listing}/missing: `$ref: #/components/schemas/Nowhere` points at nothing; using serde_json::Value"),
            "#/components/schemas/Mixed/allOf/0: allOf member is not an object and cannot be merged; using serde_json::Value".into(),
            "#/paths/~1things/get/parameters/0: `$ref: #/components/parameters/Missing` points at nothing; the parameter is left out".into(),
        ]
    );
    assert_eq!(output.operations, 4, "every operation survives its defects");
    let types = output.file("src/types.rs");
    assert!(!types.lines().any(|l| l.starts_with("pub type ") && l.split_whitespace().nth(2) == l.split_whitespace().nth(4).map(|t| t.trim_end_matches(';'))), "a type aliases itself:\n{types}");
    insta::assert_snapshot!("small_defects_types", types);
}

#[test]
fn names_the_runtime_owns_are_not_taken_by_operations() {
    let output = generate("small-defects.yaml");
    let operations = output.file("src/operations.rs");
    // `new` is `Client`'s own; `execute` and `url` are free.
    for method in ["pub fn execute(", "pub fn url(", "pub fn new_2(", "pub fn list_things("] {
        assert!(operations.contains(method), "no `{method}` in\n{operations}");
    }
}

#[test]
fn inline_formats_in_bodies_and_responses_add_their_crates() {
    let output = generate("small-defects.yaml");
    let manifest = output.file("Cargo.toml");
    // A `date-time` needs the runtime's `timestamp` feature, which brings chrono. A
    // `uuid` is text (real APIs mark ids `uuid` that are not), so it needs no crate.
    assert!(manifest.contains("\nchrono = ") && !manifest.contains("\nuuid = "), "{manifest}");
    let lib = output.file("src/lib.rs");
    assert!(lib.contains(" Timestamp,") && lib.contains(" TimestampError,"), "{lib}");
}

#[test]
fn a_spec_without_a_success_response_still_has_one() {
    let output = generate("small-defects.yaml");
    let operations = output.file("src/operations.rs");
    // `default` alone answers 2xx too; no response at all means a 2xx without a body.
    assert!(operations.contains("200..=299 => runtime::json(&response)"), "{operations}");
    assert!(operations.contains("200..=299 => runtime::empty(&response)"), "{operations}");
}

#[test]
fn list_items_in_docs_continue_indented() {
    let output = generate("small-defects.yaml");
    let operations = output.file("src/operations.rs");
    assert!(operations.contains("/// - fast: the default\n    ///   and the most common one."), "{operations}");
    assert!(!operations.contains('\t'));
}

#[test]
fn json_is_read_by_a_json_parser() {
    let output = generate("json-escapes.json");
    assert_eq!(
        output.warnings,
        [
            "#: line 3: the number 1e400 is too large to read as a number; read as a string",
            "#/paths/~1n/get/responses/200/content/application~1json/schema/maximum: `maximum` must be a number, not `\"1e400\"`; it is ignored",
        ]
    );
    // The surrogate pair `\ud83d\udc4d` is one character.
    assert!(output.file("README.md").contains("Escapes 👍"));
}

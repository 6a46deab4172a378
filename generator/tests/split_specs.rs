//! Specs split across files are read as one document: relative refs (nested,
//! shared, into other files' fragments) resolve next to the file they are
//! written in, and every diagnostic names the file its fault is in.

use std::path::{Path, PathBuf};

fn split_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/handwritten/split")
}

fn file<'a>(generated: &'a generator::Generated, path: &str) -> &'a str {
    generated.files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {path}"))
}

fn strings(items: &[generator::Warning]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

#[test]
fn every_fault_is_named_in_the_file_it_is_in() {
    let generated = generator::generate_file(&split_dir().join("openapi.yaml"), "split").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        strings(&generated.warnings),
        [
            "paths/things.yaml#/get/responses/404: `$ref: ../responses/gone.yaml`: there is no file `responses/gone.yaml`; the response body is kept as raw bytes",
            "paths/loop-b.yaml#: `$ref: loop-a.yaml` is part of a reference cycle through files; the path and its operations are left out",
            "models/thing.yaml#/properties/size/type: `long` is not a JSON Schema type; read as `integer`",
        ]
    );
    assert_eq!(
        strings(&generated.notes),
        [
            "#/tags/0/description: `$ref: docs/things.md`: a text given as a reference, which OpenAPI does not allow, is read from that file",
            "paths/widgets.yaml#/collection/post: `$ref: #/createWidget`: an operation given as a reference, which OpenAPI does not allow, is read as the operation it names",
        ]
    );
    // The location joins the file to the entry's folder, as a user can open it.
    let location = generated.warnings[2].location(Path::new("specs/split/openapi.yaml"));
    assert_eq!(location.to_string(), "specs/split/models/thing.yaml#/properties/size/type");
}

#[test]
fn a_type_several_files_reach_is_one_type() {
    let generated = generator::generate_file(&split_dir().join("openapi.yaml"), "split").unwrap();
    let types = file(&generated, "src/types.rs");
    let items: Vec<&str> = types.lines().filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum ")).collect();
    assert_eq!(items, ["pub struct Part {", "pub enum PartKind {", "pub struct Thing {", "pub struct Widget {"], "{types}");
    // thing.yaml refers to itself: a recursive type, boxed, not a cycle of copies.
    assert!(types.contains("pub parent: Option<Box<Thing>>"), "{types}");
    assert!(types.contains("pub thing: Option<Thing>") && types.contains("pub part: Option<Part>"), "{types}");
    let operations = file(&generated, "src/operations.rs");
    for method in ["pub fn list_things(", "pub fn list_widgets(", "pub fn create_widget(&self, body: impl Into<Widget>)"] {
        assert!(operations.contains(method), "no `{method}` in\n{operations}");
    }
    assert!(operations.contains("pub fn limit(self, value: impl Into<i64>)"), "the parameter file is read");
    assert_eq!(
        generated.summary.to_string(),
        "3 operations generated: 2 complete, 1 lost a part; 0 left out; 3 warnings"
    );
}

#[test]
fn bundling_is_deterministic() {
    let first = generator::generate_file(&split_dir().join("openapi.yaml"), "split").unwrap();
    let second = generator::generate_file(&split_dir().join("openapi.yaml"), "split").unwrap();
    assert_eq!(first.files, second.files);
    assert_eq!(first.warnings, second.warnings);
}

#[test]
fn refs_that_cannot_be_followed_degrade_their_own_part() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '../../outside.yaml'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'https://example.com/schemas/thing.json'}\n  /b:\n    $ref: 'paths/nowhere.yaml'\n";
    // The entry names a file in the split folder, so refs resolve next to it.
    let generated = generator::generate(spec.as_bytes(), &split_dir().join("inline.yaml"), "inline").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        strings(&generated.warnings),
        [
            "#/paths/~1a/get/parameters/0: `$ref: ../../outside.yaml`: `../../outside.yaml` is outside the spec's folder, so it is not read; the parameter is left out",
            "#/paths/~1a/get/responses/200/content/application~1json/schema: `$ref: https://example.com/schemas/thing.json` is a remote reference, which is not fetched; the schema is read as any JSON value",
            "#/paths/~1b: `$ref: paths/nowhere.yaml`: there is no file `paths/nowhere.yaml`; the path and its operations are left out",
        ]
    );
    assert_eq!(generated.operations, 1);
    assert!(file(&generated, "src/operations.rs").contains("Result<serde_json::Value, Error>"));
}

#[test]
fn a_swagger_2_0_spec_split_across_files_is_bundled_before_it_is_converted() {
    let dir = std::env::temp_dir().join(format!("split-swagger2-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("definitions")).unwrap();
    let entry = dir.join("swagger.yaml");
    std::fs::write(
        &entry,
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters: [{$ref: 'parameters.yaml#/Limit'}]\n      responses:\n        '200': {description: ok, schema: {type: array, items: {$ref: 'definitions/thing.yaml'}}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("parameters.yaml"), "Limit: {name: limit, in: query, type: integer, format: int32}\n").unwrap();
    std::fs::write(dir.join("definitions/thing.yaml"), "type: object\nproperties:\n  id: {type: string}\n  size: {type: long}\n").unwrap();
    let generated = generator::generate_file(&entry, "split2").unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).unwrap();
    // Hoisted into 2.0's own sections, then converted: the warning still names the file.
    assert_eq!(strings(&generated.warnings), ["definitions/thing.yaml#/properties/size/type: `long` is not a JSON Schema type; read as `integer`"]);
    assert!(file(&generated, "src/types.rs").contains("pub struct Thing {"));
    let operations = file(&generated, "src/operations.rs");
    assert!(operations.contains("pub fn limit(self, value: impl Into<i32>)") && operations.contains("Result<Vec<Thing>, Error>"), "{operations}");
}

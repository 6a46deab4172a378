//! Broken specs fail with the file and the JSON pointer of the fault; shapes the
//! generator cannot express fall back with a warning. Nothing panics.

use std::path::Path;

fn error_of(spec: &str) -> String {
    match generator::generate(spec.as_bytes(), Path::new("specs/broken.yaml"), "broken") {
        Ok(_) => panic!("expected the spec to be rejected"),
        Err(error) => error.to_string(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let error = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
    assert!(error.starts_with("specs/broken.yaml#: not valid YAML at line 3, column 1"), "{error}");
}

fn warnings_of(spec: &str) -> Vec<String> {
    let generated = generator::generate(spec.as_bytes(), Path::new("x.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
    generated.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn a_part_of_the_wrong_type_is_left_out_and_named_by_pointer() {
    let warnings = warnings_of(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n        '404': {{description: gone}}\n"
    ));
    assert_eq!(
        warnings,
        ["#/paths/~1a/get/responses/200: invalid type: integer `5`, expected a string; the response is left out"]
    );
}

#[test]
fn unresolvable_ref_names_where_it_is_used() {
    let error = error_of(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Missing'\n"
    ));
    assert_eq!(
        error,
        "specs/broken.yaml#/paths/~1a/get/responses/200: `$ref: #/components/responses/Missing` points at nothing"
    );
}

#[test]
fn a_schema_that_cannot_be_found_becomes_any_value() {
    let warnings = warnings_of(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'other.yaml#/B'}}\n    C: {{type: object, properties: {{d: {{$ref: '#/components/schemas/Nope'}}}}}}\n"
    ));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/A: `$ref: other.yaml#/B`: there is no file `other.yaml`; the schema is read as any JSON value",
            "#/components/schemas/C/properties/d: `$ref: #/components/schemas/Nope` points at nothing; using serde_json::Value",
        ]
    );
}

#[test]
fn a_reference_loop_is_a_warning_not_a_hang() {
    let warnings = warnings_of(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    ));
    assert!(warnings.iter().any(|w| w.contains("reference loop")), "{warnings:?}");
}

#[test]
fn unsupported_versions_are_named() {
    assert_eq!(
        error_of("swagger: '1.2'\ninfo: {title: T, version: '1'}\npaths: {}\n"),
        "specs/broken.yaml#/swagger: Swagger 1.2 is not supported; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"
    );
    assert_eq!(
        error_of("openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n"),
        "specs/broken.yaml#/openapi: OpenAPI 4.0.0 is not supported; this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"
    );
    assert_eq!(error_of("[1, 2]\n"), "specs/broken.yaml#: not an OpenAPI document: the file is not a map");
}

#[test]
fn unrepresentable_shapes_fall_back_with_located_warnings() {
    let spec = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                not: {{type: string}}\ncomponents:\n  schemas:\n    Mixed:\n      allOf:\n        - {{type: string}}\n        - {{type: object, properties: {{a: {{type: string}}}}}}\n"
    );
    let generated = generator::generate(spec.as_bytes(), Path::new("x.yaml"), "x").unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.contains(&"#/components/schemas/Mixed/allOf/0: allOf member is not an object and cannot be merged; using serde_json::Value".to_string()), "{warnings:?}");
    assert!(warnings.contains(&"#/paths/~1a~1{id}/get: path parameter `id` is not declared; it is taken as a required string".to_string()), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.starts_with("#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema: `not`")),
        "{warnings:?}"
    );
}

#[test]
fn crate_names_are_validated() {
    let spec = format!("{HEAD}paths: {{}}\n");
    let error = generator::generate(spec.as_bytes(), Path::new("a.yaml"), "my client").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`my client` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
    );
}

#[test]
fn relative_servers_warn_and_leave_no_default() {
    let spec = format!("{HEAD}servers: [{{url: /v1}}]\npaths: {{}}\n");
    let generated = generator::generate(spec.as_bytes(), Path::new("a.yaml"), "a").unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["#/servers/0/url: server URL `/v1` is relative; clients must set a base URL"]);
    let lib = generated.files.iter().find(|(p, _)| p == "src/lib.rs").unwrap();
    assert!(lib.1.contains("default_base_url: None,"), "{}", lib.1);
}

#[test]
fn the_summary_counts_operations_that_lost_a_part_or_were_left_out() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/components/parameters/Gone'}}]\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: integer, maximum: big}}}}}}}}}}\n  /c:\n    get:\n      parameters: [{{name: q, in: nowhere}}]\n      responses: {{'204': {{description: ok}}}}\n    post:\n      responses: {{'204': {{description: 5}}}}\n"
    );
    let generated = generator::generate(spec.as_bytes(), Path::new("x.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
    // /a lost its parameter; /b only had a keyword ignored; /c's GET lost its
    // parameters; /c's POST lost its only response.
    let summary = generated.summary;
    assert_eq!(summary.to_string(), "4 operations generated: 1 complete, 3 lost a part; 0 left out; 4 warnings", "{:?}", generated.warnings);
    assert!(summary.is_hollow() && summary.lost_any());
}

#[test]
fn an_operation_left_out_counts_against_the_spec() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses: {{'204': {{description: ok}}}}\n    post:\n      requestBody: 5\n      operationId: [not, a, string]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let generated = generator::generate(spec.as_bytes(), Path::new("x.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.summary.left_out, 1, "{:?}", generated.warnings);
    assert_eq!(generated.summary.to_string(), "1 operations generated: 1 complete, 0 lost a part; 1 left out; 2 warnings");
    assert!(!generated.summary.is_hollow(), "half is not most");
}

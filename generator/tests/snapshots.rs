//! Snapshots of generated code: small specs that each pin one schema shape,
//! operation shape or naming rule. The curated clients are pinned by
//! `cargo xtask codegen --check` instead.
//! Review changes with `cargo insta review`.

use std::path::Path;

/// Generates a crate from an inline spec and returns one of its files.
fn generate_file(spec: &str, file: &str) -> String {
    let generated = generator::generate(spec.as_bytes(), Path::new("inline.yaml"), "inline-client")
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    generated
        .files
        .into_iter()
        .find(|(path, _)| path == file)
        .map(|(_, contents)| contents)
        .unwrap_or_else(|| panic!("no {file}"))
}

/// Wraps schemas in a minimal spec.
fn with_schemas(schemas: &str) -> String {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}")
}

/// The curated specs generate without a warning. Their output is pinned byte
/// for byte by `cargo xtask codegen --check`, not snapshotted again here.
#[test]
fn curated_specs_generate_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let specs = generator::spec_files(&root.join("specs")).unwrap();
    assert_eq!(specs.len(), 4);
    for spec in specs {
        let generated = generator::generate_file(&spec, "curated-client").unwrap();
        assert!(generated.warnings.is_empty(), "{}: {:?}", spec.display(), generated.warnings);
    }
}

#[test]
fn all_of_merges_members() {
    let spec = with_schemas(
        "Base: {type: object, required: [id], properties: {id: {type: string}}}
Page: {type: object, properties: {next: {type: string, nullable: true}}}
Listing:
  description: A page of bases.
  allOf:
    - $ref: '#/components/schemas/Base'
    - $ref: '#/components/schemas/Page'
    - type: object
      required: [items]
      properties: {items: {type: array, items: {$ref: '#/components/schemas/Base'}}}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

#[test]
fn one_of_with_and_without_discriminator() {
    let spec = with_schemas(
        "Card: {type: object, required: [kind], properties: {kind: {type: string}, last4: {type: string}}}
Bank: {type: object, required: [kind], properties: {kind: {type: string}, iban: {type: string}}}
PaymentMethod:
  oneOf: [{$ref: '#/components/schemas/Card'}, {$ref: '#/components/schemas/Bank'}]
  discriminator: {propertyName: kind, mapping: {card: '#/components/schemas/Card', bank_account: '#/components/schemas/Bank'}}
Amount:
  anyOf: [{type: integer}, {type: string}]",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

/// Properties declared beside a oneOf hold in every member (found by
/// `cargo xtask examples` on Intercom's data attributes, whose `name` and
/// `model` sit beside a oneOf over `data_type`): each variant carries them,
/// the member's own definition of a property winning.
#[test]
fn properties_beside_one_of_are_in_every_variant() {
    let spec = with_schemas(
        "Attribute:
  type: object
  required: [name, data_type]
  properties:
    name: {type: string}
    data_type: {type: string}
  oneOf:
    - title: list attribute
      required: [options]
      properties:
        data_type: {enum: [options]}
        options: {type: array, items: {type: string}}
    - $ref: '#/components/schemas/Plain'
Plain:
  properties:
    data_type: {enum: [string, integer]}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

/// Found by samples on real specs: a `type` wins over keywords of another
/// type (Paystack's boolean `has_invoice` carries `items`), and `format: float`
/// is an `f64` (Recurly's `float` amounts reach 9999999999999.99, which an
/// `f32` rounds to 9999999827968).
#[test]
fn declared_types_win_and_every_number_is_f64() {
    let spec = with_schemas(
        "Invoice:
  type: object
  properties:
    has_invoice: {type: boolean, items: {type: object}}
    ending_amount: {type: number, format: float, maximum: 9999999999999.99}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

/// Found by samples on real specs: `allOf: [$ref, {nullable: true}]` is that
/// type, nullable (Together's `usage`), and a union with a nullable member
/// admits `null` (Datadog's `NotebookGlobalTime`); both fields keep a `null`.
#[test]
fn nullable_through_an_annotation_member_or_a_union_member() {
    let spec = with_schemas(
        "Chunk:
  type: object
  properties:
    usage: {allOf: [{$ref: '#/components/schemas/Usage'}, {nullable: true}]}
    time: {$ref: '#/components/schemas/Time'}
Usage: {type: object, properties: {total: {type: integer}}}
Time: {oneOf: [{$ref: '#/components/schemas/Relative'}, {$ref: '#/components/schemas/Absolute'}]}
Relative: {type: object, nullable: true, required: [span], properties: {span: {type: string}}}
Absolute: {type: object, required: [start], properties: {start: {type: string}}}",
    );
    let types = generate_file(&spec, "src/types.rs");
    assert!(types.contains("pub usage: crate::Nullable<Usage>"), "{types}");
    assert!(types.contains("pub time: crate::Nullable<Time>"), "{types}");
}

#[test]
fn enums_stay_open_and_variant_names_do_not_collide() {
    let spec = with_schemas(
        "Interval: {type: string, enum: [Annual, annual, monthly, non-renewing, '', 3d, Unknown]}
Priority: {type: integer, enum: [1, 2, -1]}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

#[test]
fn nullable_optional_required_and_recursion() {
    let spec = with_schemas(
        "Node:
  type: object
  required: [name, parent]
  properties:
    name: {type: string}
    parent: {type: string, nullable: true}
    note: {type: string}
    cleared_at: {type: string, format: date-time, nullable: true}
    child: {$ref: '#/components/schemas/Node'}
    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    labels: {type: object, additionalProperties: {type: integer, format: int32}}
    id: {type: string, format: uuid, readOnly: true}
    day: {type: string, format: date, default: '2024-01-01'}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

/// Untyped fields accept any JSON, `null` included: an optional one must keep
/// a `null` that was sent apart from a field that was not (found on the wire:
/// Paystack's `most_recent_invoice: null` vanished on a round trip).
#[test]
fn untyped_fields_keep_an_explicit_null() {
    let spec = with_schemas(
        "Invoice:
  type: object
  required: [payload]
  properties:
    payload: {description: Any value; required.}
    last: {description: Anything or nothing.}
    list: {type: array, items: {}}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

/// Array items and map values that may be `null` are `Option`s (found by
/// `cargo xtask examples`: Intercom's `reactions: [null, …]` did not decode).
#[test]
fn nullable_items_and_values_are_options() {
    let spec = with_schemas(
        "Post:
  type: object
  properties:
    reactions: {type: array, items: {type: string, nullable: true}}
    scores: {type: object, additionalProperties: {type: integer, nullable: true}}
    anything: {type: array, items: {nullable: true}}",
    );
    let types = generate_file(&spec, "src/types.rs");
    let post: Vec<&str> = types.lines().filter(|l| l.trim_start().starts_with("pub ") && l.contains(':')).map(str::trim).collect();
    assert_eq!(
        post,
        [
            "pub reactions: Option<Vec<Option<String>>>,",
            "pub scores: Option<BTreeMap<String, Option<i64>>>,",
            "pub anything: Option<Vec<serde_json::Value>>,",
        ]
    );
}

#[test]
fn field_and_type_names_collide_deterministically() {
    let spec = with_schemas(
        "account: {type: object, properties: {accountId: {type: string}, account_id: {type: integer}, type: {type: string}, self: {type: boolean}}}
Account: {type: object, properties: {id: {type: string}}}
Result: {type: string}",
    );
    insta::assert_snapshot!(generate_file(&spec, "src/types.rs"));
}

const OPERATION_SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Problem: {type: object, properties: {detail: {type: string}}}
    Invalid: {type: object, properties: {fields: {type: array, items: {type: string}}}}
paths:
  /accounts/{accountId}/items/{itemId}.json:
    parameters:
      - {name: accountId, in: path, required: true, schema: {type: string}}
    put:
      security: [{key: []}]
      summary: Put an item
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: integer}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}, explode: false}
        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200': {description: Updated, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
        '201': {description: Created, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
        '204': {description: Unchanged}
        '422': {description: Invalid, content: {application/problem+json: {schema: {$ref: '#/components/schemas/Invalid'}}}}
        4XX: {description: Client error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        default: {description: Anything else}
  /health:
    get:
      responses:
        '200': {description: OK, content: {text/plain: {schema: {type: string}}}}
"#;

#[test]
fn operation_with_every_parameter_kind_and_many_responses() {
    insta::assert_snapshot!(generate_file(OPERATION_SPEC, "src/operations.rs"));
}

#[test]
fn security_schemes_become_builder_methods() {
    insta::assert_snapshot!(generate_file(OPERATION_SPEC, "src/client.rs"));
}

/// Error arms that would repeat the catch-all are left to it (Paystack's
/// `401`/`404` and `default` share one body), ranges included; a code whose
/// body differs keeps its own arm.
#[test]
fn error_arms_that_repeat_the_catch_all_are_folded_into_it() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '401': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '409': {description: conflict}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        4XX: {description: client, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
components:
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
"##;
    let operations = generate_file(spec, "src/operations.rs");
    let matches: Vec<&str> = operations
        .match_indices("match response.status()")
        .map(|(start, _)| {
            let end = start + operations[start..].find("\n        }").expect("end of the match");
            &operations[start..end]
        })
        .collect();
    insta::assert_snapshot!(matches.join("\n\n"));
}

#[test]
fn label_matrix_and_cookie_parameters() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/handwritten/parameter-styles.yaml"),
    )
    .unwrap();
    let operations = generate_file(&spec, "src/operations.rs");
    // Parameters are encoded as they are given: required ones by the `Client`
    // method, optional ones by the builder's setters.
    let start = operations.find("impl Client {").expect("the client methods");
    let end = start + operations[start..].find("    /// Overrides the client's").expect("the options method");
    insta::assert_snapshot!(&operations[start..end]);
}

#[test]
fn multipart_body_becomes_a_form_with_one_part_per_field() {
    let spec = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              description: An upload.
              required: [file]
              properties:
                file: {type: string, format: binary}
                pages: {type: array, items: {type: string, format: binary}}
                title: {type: string}
                labels: {type: array, items: {type: integer}}
                meta: {type: object, properties: {source: {type: string}}}
            encoding:
              file: {contentType: application/pdf}
      responses:
        '204': {description: done}
"#;
    let types = generate_file(spec, "src/types.rs");
    let start = types.find("/// An upload.").expect("the form type");
    let end = start + types[start..].find("\n}\n\n#[derive").unwrap_or(types.len() - start);
    insta::assert_snapshot!(&types[start..end]);
}

/// `operations.rs` imports what it names: the types by glob (a type its own
/// builder shadows by path), the crate's items, one constant per media type,
/// and one `impl Client` for every operation.
#[test]
fn operations_module_imports_and_shadowed_types() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/CreateThing'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    get:
      operationId: listThings
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}}
components:
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
    Thing: {type: object, required: [id, size], properties: {id: {type: string}, size: {type: integer}, name: {type: string}}}
    CreateThing: {type: object, required: [name], properties: {name: {type: string}}}
"##;
    insta::assert_snapshot!(generate_file(spec, "src/operations.rs"));
    insta::assert_snapshot!("operations_module_types_constructors", generate_file(spec, "src/types.rs"));
}

/// `ErrorMessage` for each place an error body keeps its message: a field,
/// a required field of an optional `error` object, the first of a list of
/// errors, and none.
#[test]
fn error_message_impls_read_each_place_a_message_can_be() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        '400': {description: flat, content: {application/json: {schema: {$ref: '#/components/schemas/Flat'}}}}
        '401': {description: nested, content: {application/json: {schema: {$ref: '#/components/schemas/Nested'}}}}
        '409': {description: listed, content: {application/json: {schema: {$ref: '#/components/schemas/Listed'}}}}
        '500': {description: none, content: {application/json: {schema: {$ref: '#/components/schemas/Silent'}}}}
components:
  schemas:
    Flat: {type: object, required: [message], properties: {message: {type: string}}}
    Nested:
      type: object
      properties:
        error: {type: object, required: [detail], properties: {detail: {type: string}}}
    Listed:
      type: object
      properties:
        errors: {type: array, items: {type: object, properties: {msg: {type: string}, code: {type: integer}}}}
    Silent: {type: object, properties: {code: {type: integer}}}
"##;
    let types = generate_file(spec, "src/types.rs");
    let impls: Vec<&str> = types.match_indices("impl crate::ErrorMessage").map(|(start, _)| {
        let end = types[start..].find("\n}\n").map_or(types.len(), |end| start + end + 2);
        &types[start..end]
    }).collect();
    insta::assert_snapshot!(impls.join("\n\n"));
    let operations = generate_file(spec, "src/operations.rs");
    let start = operations.find("impl crate::ErrorMessage").expect("the error enum's impl");
    insta::assert_snapshot!("error_message_of_an_error_enum", &operations[start..]);
}

/// The test kit's stub of each operation names its success, error and
/// request body types: JSON ones as they are, none as `()`, anything else
/// (several error schemas, a text body) as `serde_json::Value`; `respond`
/// answers with the first declared success.
#[test]
fn mock_stubs_are_typed_by_the_operations_bodies() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
        '422': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /things/{id}:
    delete:
      operationId: deleteThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '204': {description: gone}
        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '409': {description: busy, content: {text/plain: {schema: {type: string}}}}
    put:
      operationId: renameThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody: {content: {text/plain: {schema: {type: string}}}}
      responses:
        '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
    Problem: {type: object, properties: {detail: {type: string}}}
"##;
    let mock = generate_file(spec, "src/mock.rs");
    let start = mock.find("    /// Stubs").expect("a stub");
    insta::assert_snapshot!(&mock[start..]);
}

//! What `lower` decides, read from the IR itself: outcomes, match arms and encodings.
//! `emit` only prints these, so each rule is pinned here once, not in token text.

use generator::ir::{
    Api, Arm, ArmAction, Decode, ErrorParse, Outcome, ParamEncoding, StatusMatch, TextEncoding, TypeRef,
};

fn lower(spec: &str) -> Api {
    let doc = generator::parse::parse(spec.as_bytes(), std::path::Path::new("spec.yaml")).unwrap();
    generator::lower::lower(&doc).unwrap().0
}

/// A spec of no operations with these component schemas (YAML, indented under `schemas:`).
fn lower_schemas(schemas: &str) -> Api {
    lower(&format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"))
}

const RESPONSES: &str = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      responses:
        '201': {description: made, content: {application/json: {schema: {type: string}}}}
        '204': {description: nothing}
        '422': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '401': {description: who, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '500': {description: oops, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '409': {description: clash, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
"##;

#[test]
fn codes_that_read_alike_share_one_arm_with_sorted_statuses() {
    let api = lower(RESPONSES);
    let op = &api.operations[0];
    let fail_json = |variant: &str| {
        ArmAction::Fail(ErrorParse::Decode { decode: Decode::Json, variant: Some(variant.to_string()) })
    };
    assert_eq!(
        op.arms,
        [
            Arm {
                statuses: vec![StatusMatch::Code(201)],
                action: ArmAction::Succeed { decode: Decode::Json, variant: Some("Created".into()) },
            },
            Arm {
                statuses: vec![StatusMatch::Code(204)],
                action: ArmAction::Succeed { decode: Decode::Empty, variant: Some("NoContent".into()) },
            },
            Arm { statuses: vec![StatusMatch::Default], action: ArmAction::ReadError },
        ]
    );
    let Outcome::Enum(success) = &op.success else { panic!("{:?}", op.success) };
    assert_eq!(success.name, "CreateThingResponse");
    assert!(success.arms.is_empty());
    let Outcome::Enum(error) = &op.error else { panic!("{:?}", op.error) };
    assert_eq!(error.name, "CreateThingError");
    // The error enum reads every failure itself, so operations sharing it share that too.
    assert_eq!(
        error.arms,
        [
            Arm { statuses: vec![StatusMatch::Code(401)], action: fail_json("Status401") },
            Arm { statuses: vec![StatusMatch::Code(404)], action: fail_json("Status404") },
            Arm {
                statuses: vec![StatusMatch::Code(409)],
                action: ArmAction::Fail(ErrorParse::Decode { decode: Decode::Text, variant: Some("Status409".into()) }),
            },
            Arm { statuses: vec![StatusMatch::Code(422)], action: fail_json("Status422") },
            Arm { statuses: vec![StatusMatch::Code(500)], action: fail_json("Status500") },
            Arm { statuses: vec![StatusMatch::Default], action: ArmAction::Fail(ErrorParse::Unparsed) },
        ]
    );
}

#[test]
fn operations_with_the_same_error_responses_share_one_enum() {
    let spec = RESPONSES.replace(
        "components:",
        "  /other:\n    get:\n      operationId: getOther\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: integer}}}}\n        '422': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n        '401': {description: who, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n        '500': {description: oops, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n        '409': {description: clash, content: {text/plain: {schema: {type: string}}}}\ncomponents:",
    );
    let api = lower(&spec);
    let errors: Vec<_> = api
        .operations
        .iter()
        .map(|op| match &op.error {
            Outcome::Enum(e) => (e.name.as_str(), e.same_as.as_deref()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(errors, [("CreateThingError", None), ("GetOtherError", Some("CreateThingError"))]);
    // A different description is a different enum.
    let api = lower(&spec.replacen("'404': {description: gone", "'404': {description: missing", 1));
    assert!(api.operations.iter().all(|op| matches!(&op.error, Outcome::Enum(e) if e.same_as.is_none())));
}

#[test]
fn a_one_of_of_titled_constants_is_one_enum_with_named_documented_variants() {
    let api = lower(
        r##"
openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Kind:
      type: integer
      oneOf:
        - {title: ACTION_ROW, description: Container for other components, const: 1}
        - {title: BUTTON, const: 2}
    Untitled:
      oneOf:
        - {const: red, description: Warm}
        - {enum: [blue]}
"##,
    );
    let Some(generator::ir::TypeKind::Enum(kind)) = api.types.get("Kind").map(|d| &d.kind) else { panic!("{:?}", api.types) };
    let variants: Vec<_> = kind.variants.iter().map(|v| (v.rust_name.as_str(), v.value.as_str(), v.doc.as_deref())).collect();
    assert_eq!(variants, [("ActionRow", "1", Some("Container for other components")), ("Button", "2", None)]);
    let Some(generator::ir::TypeKind::Enum(untitled)) = api.types.get("Untitled").map(|d| &d.kind) else { panic!("{:?}", api.types) };
    let variants: Vec<_> = untitled.variants.iter().map(|v| (v.rust_name.as_str(), v.value.as_str(), v.doc.as_deref())).collect();
    assert_eq!(variants, [("Red", "red", Some("Warm")), ("Blue", "blue", None)]);
}

#[test]
fn one_error_type_reads_every_failure_status_undeclared_ones_too() {
    let api = lower(&RESPONSES.replace("text/plain: {schema: {type: string}}", "application/json: {schema: {$ref: '#/components/schemas/Problem'}}"));
    let op = &api.operations[0];
    assert_eq!(op.error, Outcome::Type(TypeRef::Named("Problem".into())));
    // Declared or not, every failure reads the same, so one arm reads them all.
    let fail = ArmAction::Fail(ErrorParse::Decode { decode: Decode::Json, variant: None });
    assert_eq!(op.arms.last(), Some(&Arm { statuses: vec![StatusMatch::Default], action: fail }));
    assert!(op.arms.iter().all(|arm| !matches!(arm.action, ArmAction::Fail(_)) || arm.statuses == [StatusMatch::Default]), "{:#?}", op.arms);
}

/// Three operations: two declare `Problem` for their failures, `plain`
/// declares none and `mixed` declares two error schemas.
const COMMON_ERROR: &str = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /plain:
    get:
      operationId: plain
      responses: {'200': {description: ok}}
  /mixed:
    get:
      operationId: mixed
      responses:
        '200': {description: ok}
        '409': {description: clash, content: {application/json: {schema: {$ref: '#/components/schemas/Conflict'}}}}
        '410': {description: gone, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    Problem: {type: object, properties: {title: {type: string}, detail: {type: string}}}
    Conflict:
      type: object
      properties:
        errors: {type: array, items: {type: object, properties: {code: {type: string}, message: {type: string}}}}
"##;

#[test]
fn undeclared_statuses_of_operations_without_one_error_schema_read_as_the_apis_common_one() {
    let api = lower(COMMON_ERROR);
    assert_eq!(api.common_error, Some(TypeRef::Named("Problem".into())));
    let plain = api.operations.iter().find(|op| op.rust_name == "plain").unwrap();
    assert_eq!(plain.error, Outcome::Type(TypeRef::Named("Problem".into())));
    let mixed = api.operations.iter().find(|op| op.rust_name == "mixed").unwrap();
    let Outcome::Enum(error) = &mixed.error else { panic!("{:?}", mixed.error) };
    let other = error.variants.last().unwrap();
    assert_eq!((other.status, other.name.as_str(), other.body.as_ref()), (StatusMatch::Default, "Default", Some(&TypeRef::Named("Problem".into()))));
    let read_as_other = ArmAction::Fail(ErrorParse::Decode { decode: Decode::Json, variant: Some("Default".into()) });
    assert_eq!(error.arms.last(), Some(&Arm { statuses: vec![StatusMatch::Default], action: read_as_other }));
}

#[test]
fn no_schema_is_common_when_two_tie_or_only_one_operation_declares_it() {
    // `Problem` for `getA` and `mixed`, `Conflict` for `getB` and `mixed`.
    let tie = COMMON_ERROR
        .replace("'400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}", "'400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Conflict'}}}}")
        .replace("'410': {description: gone, content: {text/plain: {schema: {type: string}}}}", "'410': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}");
    let api = lower(&tie);
    assert_eq!(api.common_error, None);
    let plain = api.operations.iter().find(|op| op.rust_name == "plain").unwrap();
    assert_eq!(plain.error, Outcome::UntypedJson);
    let lone = COMMON_ERROR.replace("'400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}", "'400': {description: bad}");
    assert_eq!(lower(&lone).common_error, None);
}

#[test]
fn an_error_bodys_message_is_its_usual_message_field_or_that_of_its_first_error() {
    let api = lower(COMMON_ERROR);
    let messages: Vec<(&str, Option<&str>)> =
        api.error_messages.iter().map(|(name, path)| (name.as_str(), path.as_ref().map(|p| p.text.as_str()))).collect();
    // `detail` says more than `title`.
    assert_eq!(messages, [("Conflict", Some("$.errors[0].message")), ("Problem", Some("$.detail"))]);
    let api = lower(&COMMON_ERROR.replace("detail: {type: string}", "detail: {type: integer}").replace("title: {type: string}", "kind: {type: string}"));
    assert_eq!(api.error_messages.get("Problem"), Some(&None), "no text field with a usual name");
}

#[test]
fn enum_names_never_take_a_builders_name() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '201': {description: ok, content: {application/json: {schema: {type: integer}}}}
  /b:
    get:
      operationId: getAResponse
      responses: {'200': {description: ok}}
"##;
    let api = lower(spec);
    let Outcome::Enum(success) = &api.operations[0].success else { panic!() };
    assert_eq!(api.operations[1].builder_name, "GetAResponse");
    assert_eq!(success.name, "GetAResponse2");
}

#[test]
fn parameter_encodings_follow_type_style_and_explode() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: listThings
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: piped, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: kind, in: query, schema: {type: string, enum: [a, b]}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Id: {type: string}
"##;
    let api = lower(spec);
    let encodings: Vec<(&str, &ParamEncoding)> =
        api.operations[0].params.iter().map(|p| (p.wire_name.as_str(), &p.encoding)).collect();
    assert_eq!(
        encodings,
        [
            ("id", &ParamEncoding::Scalar(TextEncoding::Str)),
            ("tags", &ParamEncoding::Repeated(TextEncoding::Str)),
            ("ids", &ParamEncoding::Delimited { item: TextEncoding::Display, delimiter: ",".into() }),
            ("piped", &ParamEncoding::Delimited { item: TextEncoding::Str, delimiter: "|".into() }),
            ("filter", &ParamEncoding::DeepObject),
            ("since", &ParamEncoding::Scalar(TextEncoding::Display)),
            ("kind", &ParamEncoding::Scalar(TextEncoding::Display)),
        ]
    );
}

#[test]
fn path_styles_and_cookies_are_encoded_as_the_spec_says() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things/{label}/{matrix}/{ids}/{points}:
    get:
      operationId: getThing
      parameters:
        - {name: label, in: path, required: true, style: label, schema: {type: string}}
        - {name: matrix, in: path, required: true, style: matrix, schema: {type: integer}}
        - {name: ids, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: points, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: session, in: cookie, schema: {type: string}}
      responses: {'200': {description: ok}}
"##;
    let api = lower(spec);
    let params = &api.operations[0].params;
    let shown: Vec<(&str, &str, &ParamEncoding)> =
        params.iter().map(|p| (p.wire_name.as_str(), p.path_prefix.as_str(), &p.encoding)).collect();
    assert_eq!(
        shown,
        [
            ("label", ".", &ParamEncoding::Scalar(TextEncoding::Str)),
            ("matrix", ";matrix=", &ParamEncoding::Scalar(TextEncoding::Display)),
            ("ids", ";ids=", &ParamEncoding::Delimited { item: TextEncoding::Display, delimiter: ";ids=".into() }),
            ("points", "", &ParamEncoding::Delimited { item: TextEncoding::Str, delimiter: ",".into() }),
            ("session", "", &ParamEncoding::Scalar(TextEncoding::Str)),
        ]
    );
}

#[test]
fn multipart_fields_become_file_text_or_json_parts() {
    use generator::ir::{BodyEncoding, PartKind, TypeKind};
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /uploads:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
            encoding:
              scan: {contentType: 'image/png, image/jpeg'}
              note: {contentType: application/json}
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        '204': {description: done}
components:
  schemas:
    File: {type: string, format: binary}
    Upload:
      type: object
      required: [scan]
      properties:
        scan: {$ref: '#/components/schemas/File'}
        maybe: {anyOf: [{$ref: '#/components/schemas/File'}, {type: 'null'}]}
        pages: {type: array, items: {$ref: '#/components/schemas/File'}}
        count: {type: integer}
        kind: {type: string, enum: [a, b]}
        words: {type: array, items: {type: string}}
        note: {type: string}
        meta: {type: object, properties: {x: {type: string}}}
"##,
    );
    let body = api.operations[0].body.as_ref().unwrap();
    // multipart ranks above raw bytes, and the body is a form type of its own.
    assert_eq!(body.encoding, BodyEncoding::Multipart);
    let TypeRef::Named(name) = &body.ty else { panic!("{:?}", body.ty) };
    assert_eq!(name, "UploadRequest");
    let TypeKind::Form(form) = &api.types[name].kind else { panic!("not a form") };
    let octet = || "application/octet-stream".to_string();
    let parts: Vec<(&str, &PartKind, &TypeRef, bool)> =
        form.fields.iter().map(|f| (f.wire_name.as_str(), &f.part, &f.ty, f.required)).collect();
    assert_eq!(
        parts,
        [
            // A list of types is no single content type to label the part with.
            ("scan", &PartKind::File { content_type: octet() }, &TypeRef::File, true),
            ("maybe", &PartKind::File { content_type: octet() }, &TypeRef::File, false),
            ("pages", &PartKind::Files { content_type: octet() }, &TypeRef::Array(Box::new(TypeRef::File)), false),
            ("count", &PartKind::Text(TextEncoding::Display), &TypeRef::Integer(generator::ir::IntWidth::I64), false),
            ("kind", &PartKind::Text(TextEncoding::Display), &TypeRef::Named("UploadKind".into()), false),
            ("words", &PartKind::Texts(TextEncoding::Str), &TypeRef::Array(Box::new(TypeRef::String)), false),
            // `encoding` asks for JSON, even for a string.
            ("note", &PartKind::Json, &TypeRef::String, false),
            ("meta", &PartKind::Json, &TypeRef::Named("UploadMeta".into()), false),
        ]
    );
}

#[test]
fn unions_are_named_from_refs_and_titles_and_dispatched_when_order_cannot_tell() {
    use generator::ir::{JsonKind, TypeKind};
    let api = lower_schemas(
        r##"
    Source:
      oneOf:
        - $ref: '#/components/schemas/SourceCard'
        - $ref: '#/components/schemas/BankSource'
        - {title: cash_payment, type: object, properties: {till: {type: string}}}
        - {type: object, required: [kind], properties: {kind: {type: string, enum: [voucher]}}}
    SourceCard: {type: object, properties: {number: {type: string}}}
    BankSource: {type: object, properties: {iban: {type: string}}}
    Kinds:
      anyOf: [{type: string}, {type: integer}, {type: array, items: {type: string}}]
    Amount:
      oneOf: [{type: number}, {type: integer}]
    Query:
      anyOf:
        - {type: object, required: [context], properties: {context: {type: string, nullable: true}}}
        - {type: object, required: [order_by], properties: {order_by: {type: string}}}
"##,
    );
    let union = |name: &str| match &api.types[name].kind {
        TypeKind::Union(union) => union.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let source = union("Source");
    let names: Vec<&str> = source.variants.iter().map(|v| v.rust_name.as_str()).collect();
    // No `Source::SourceCard`, no `Variant2`: the ref without the union's name, the title, the constant.
    assert_eq!(names, ["Card", "Bank", "CashPayment", "Voucher"]);
    assert_eq!(source.variants[2].ty, TypeRef::Named("CashPayment".into()));
    assert_eq!(source.variants[3].shape.enumerated, [("kind".to_string(), vec!["voucher".to_string()])]);
    // All-optional objects: the first would take every object, so shapes decide.
    assert!(source.by_shape);
    // Different JSON kinds: serde's in-order trial already tells them apart.
    assert!(!union("Kinds").by_shape);
    // A number first would take every integer; whole numbers go to the integer member.
    let amount = union("Amount");
    assert!(amount.by_shape);
    let kinds: Vec<JsonKind> = amount.variants.iter().map(|v| v.shape.kind).collect();
    assert_eq!(kinds, [JsonKind::Fraction, JsonKind::Integer]);
    // A required property that may be null is an `Option` serde fills when it
    // is absent: the first member would take every object (Qdrant's queries).
    let query = union("Query");
    assert_eq!(query.variants[0].shape.required_nullable, ["context"]);
    assert!(query.by_shape);
}

#[test]
fn identical_inline_types_are_one_and_mixins_no_operation_uses_are_gone() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /charges:
    get:
      operationId: listCharges
      parameters:
        - {name: created, in: query, schema: {type: object, properties: {gt: {type: integer}, lt: {type: integer}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Charge'}}}}
  /refunds:
    get:
      operationId: listRefunds
      parameters:
        - {name: created, in: query, schema: {type: object, properties: {gt: {type: integer}, lt: {type: integer}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
components:
  schemas:
    Timestamps: {type: object, properties: {created: {type: integer}}}
    Charge: {allOf: [{$ref: '#/components/schemas/Timestamps'}, {type: object, properties: {id: {type: string}}}]}
    WebhookPayload: {type: object, properties: {kind: {type: string}}}
"##,
    );
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    // One `created` filter for both operations; the mixin went into `Charge`;
    // `WebhookPayload`, which no operation uses, is the spec's to name and stays.
    assert_eq!(names, ["Charge", "ListChargesCreated", "ListRefundsResponse", "WebhookPayload"]);
    let filter = |index: usize| &api.operations[index].params[0].ty;
    assert_eq!(filter(0), &TypeRef::Named("ListChargesCreated".into()));
    assert_eq!(filter(1), filter(0));
}

#[test]
fn one_rename_all_rule_covers_a_struct_and_the_odd_field_keeps_its_own() {
    use generator::ir::{RenameRule, TypeKind};
    let api = lower_schemas(
        r##"
    Plan: {type: object, properties: {planCode: {type: string}, intervalCount: {type: integer}, id: {type: string}, URL: {type: string}}}
    Pair: {type: object, properties: {firstName: {type: string}, id: {type: string}}}
"##,
    );
    let rule = |name: &str| match &api.types[name].kind {
        TypeKind::Struct(s) => (s.rename_all, s.fields.iter().filter(|f| f.serde_name(s.rename_all) != f.wire_name).map(|f| f.wire_name.clone()).collect::<Vec<_>>()),
        other => panic!("{other:?}"),
    };
    assert_eq!(rule("Plan"), (Some(RenameRule::CamelCase), vec!["URL".to_string()]));
    // One rename saved is not worth a rule a reader has to apply in their head.
    assert_eq!(rule("Pair"), (None, vec!["firstName".to_string()]));
}

#[test]
fn crate_item_names_and_builder_clashes_are_decided_in_lower() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/CreateThing'}}}}
      responses:
        '200': {description: ok, content: {application/vnd.things+json: {schema: {$ref: '#/components/schemas/Client'}}}}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
components:
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
    Client: {type: object, properties: {id: {type: string}}}
    CreateThing: {type: object, properties: {name: {type: string}}}
"##,
    );
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    // `types::Error` would read as `crate::Error`, and `Client` as the client.
    assert_eq!(names, ["ClientModel", "CreateThing", "ErrorBody"]);
    // The builder `CreateThing` shadows the glob-imported type, so that type is named by path.
    assert_eq!(api.operations[0].builder_name, "CreateThing");
    assert_eq!(api.operations_imports.by_path.iter().collect::<Vec<_>>(), ["CreateThing"]);
    assert!(api.operations_imports.types_glob);
    // Each media type the operations write is one constant.
    let constants: Vec<(&str, &str)> =
        api.media_constants.iter().map(|(value, name)| (value.as_str(), name.as_str())).collect();
    assert_eq!(
        constants,
        [("application/json", "JSON"), ("application/vnd.things+json, application/json", "VND_THINGS_JSON_OR_JSON")]
    );
}

#[test]
fn string_enums_take_the_rename_rule_that_spells_most_values() {
    use generator::ir::{TypeKind, VariantRule};
    let api = lower_schemas(
        r##"
    Snake: {type: string, enum: [past_due, active, incomplete_expired]}
    Screaming: {type: string, enum: [PAST_DUE, ACTIVE]}
    Mixed: {type: string, enum: [Annual, monthly]}
    Level: {type: integer, enum: [1, 2]}
"##,
    );
    let rule = |name: &str| match &api.types[name].kind {
        TypeKind::Enum(e) => e.rename_all,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(rule("Snake"), Some(VariantRule::SnakeCase));
    assert_eq!(rule("Screaming"), Some(VariantRule::ScreamingSnakeCase));
    // Every rule leaves one of `Annual` and `monthly` to rename: none is worth it.
    assert_eq!(rule("Mixed"), None);
    assert_eq!(rule("Level"), None);
}

#[test]
fn a_ref_into_a_component_reads_that_part_not_a_component_named_like_the_path() {
    let api = lower_schemas(
        r##"
    Pet: {type: object, properties: {id: {type: integer, format: int64}}}
    Pet/properties/id: {type: string}
    Owner: {type: object, properties: {pet_id: {$ref: '#/components/schemas/Pet/properties/id'}, odd: {$ref: '#/components/schemas/Pet~1properties~1id'}}}
"##,
    );
    let generator::ir::TypeKind::Struct(owner) = &api.types["Owner"].kind else { panic!("Owner is a struct") };
    let field = |name: &str| owner.fields.iter().find(|field| field.rust_name == name).unwrap().ty.clone();
    assert_eq!(field("pet_id"), TypeRef::Integer(generator::ir::IntWidth::I64));
    assert_ne!(field("odd"), TypeRef::Integer(generator::ir::IntWidth::I64));
}

//! The cargo feature per group of operations, as `lower` decides it: which
//! group each operation is in and which features need each type.

use generator::ir::Api;

fn lower(spec: &str) -> Api {
    let doc = generator::parse::parse(spec.as_bytes(), std::path::Path::new("spec.yaml")).unwrap();
    generator::lower::lower(&doc).unwrap().0
}

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /v1/customers:
    get:
      tags: [Customers]
      operationId: listCustomers
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
  /v1/invoices/{id}:
    get:
      tags: [Invoices]
      operationId: getInvoice
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}}
  /v1/refunds:
    post:
      operationId: createRefund
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Money'}}}}
components:
  schemas:
    Money: {type: object, properties: {amount: {type: integer}}}
    Customer: {type: object, properties: {balance: {$ref: '#/components/schemas/Money'}}}
    Invoice: {type: object, properties: {customer: {$ref: '#/components/schemas/Customer'}, total: {$ref: '#/components/schemas/Money'}}}
    Audit: {type: object, properties: {invoice: {$ref: '#/components/schemas/Invoice'}}}
    Note: {type: object, properties: {text: {type: string}}}
"#;

#[test]
fn each_tag_or_path_segment_is_a_feature_that_compiles_the_types_it_reaches() {
    let api = lower(SPEC);
    let features: Vec<(String, String, usize)> = api.features.iter().map(|f| (f.name.clone(), f.source.clone(), f.operations)).collect();
    assert_eq!(
        features,
        [
            ("customers".to_string(), "tag `Customers`".to_string(), 1),
            ("invoices".into(), "tag `Invoices`".into(), 1),
            // Untagged: the first segment after `/v1`, which every path starts with.
            ("refunds".into(), "path `/refunds`".into(), 1),
        ]
    );
    let needs = |name: &str| api.item_features.get(name).cloned();
    // Every group reaches `Money`: always compiled.
    assert_eq!(needs("Money"), None);
    assert_eq!(needs("Customer"), Some(vec!["customers".to_string(), "invoices".to_string()]));
    assert_eq!(needs("Invoice"), Some(vec!["invoices".to_string()]));
    // No operation reaches these: `Audit` uses a gated type, so it needs them all.
    assert_eq!(needs("Audit"), Some(vec!["full".to_string()]));
    assert_eq!(needs("Note"), None);
    let feature = |id: &str| api.operations.iter().find(|op| op.operation_id.as_deref() == Some(id)).unwrap().feature.clone();
    assert_eq!(feature("getInvoice").as_deref(), Some("invoices"));
}

#[test]
fn an_api_of_one_group_has_no_features() {
    let spec = SPEC.replace("tags: [Invoices]", "tags: [Customers]").replace("operationId: createRefund", "operationId: createRefund\n      tags: [customers]");
    let api = lower(&spec);
    assert!(api.features.is_empty() && api.item_features.is_empty());
    assert!(api.operations.iter().all(|op| op.feature.is_none()));
}

/// `SPEC` with `count` more operations in a `widgets` group, each reaching a
/// type of its own.
fn with_widgets(count: usize) -> String {
    let mut spec = SPEC.to_string();
    let paths: String = (0..count)
        .map(|n| {
            format!(
                "  /v1/widgets/w{n}:\n    get:\n      operationId: getWidget{n}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{w{n}: {{type: integer}}}}}}}}}}}}\n"
            )
        })
        .collect();
    spec = spec.replace("components:\n", &format!("{paths}components:\n"));
    spec
}

#[test]
fn an_api_of_hundreds_of_operations_gets_a_types_file_per_group() {
    let api = lower(&with_widgets(100));
    let modules: Vec<(&str, Option<&str>)> = api.type_modules.iter().map(|m| (m.name.as_str(), m.feature.as_deref())).collect();
    // `customers` needs no type alone (its `Customer` is shared with `invoices`): no file.
    assert_eq!(modules, [("shared", None), ("invoices", Some("invoices")), ("widgets", Some("widgets"))]);
    let holds = |module: &str| api.type_modules.iter().find(|m| m.name == module).unwrap().types.clone();
    assert_eq!(holds("invoices"), ["Invoice"]);
    assert!(holds("shared").contains(&"Customer".to_string()) && holds("shared").contains(&"Money".to_string()));
    assert_eq!(holds("widgets").len(), 100);

    let generated = generator::generate(with_widgets(100).as_bytes(), std::path::Path::new("spec.yaml"), "widgets-client").unwrap();
    let paths: Vec<&str> = generated.files.iter().map(|(path, _)| path.as_str()).filter(|path| path.contains("types")).collect();
    assert_eq!(paths, ["src/types/invoices.rs", "src/types/mod.rs", "src/types/shared.rs", "src/types/widgets.rs"]);
    let text = |path: &str| generated.files.iter().find(|(p, _)| p == path).unwrap().1.clone();
    assert!(text("src/types/mod.rs").contains("#[cfg(feature = \"invoices\")]\nmod invoices;"));
    assert!(text("src/types/invoices.rs").contains("pub struct Invoice"));
    // The file is compiled with its feature, so its items carry no `cfg` of their own.
    assert!(!text("src/types/invoices.rs").contains("#[cfg("));
}

#[test]
fn an_api_of_fewer_operations_keeps_one_types_file() {
    let api = lower(&with_widgets(90));
    assert!(api.type_modules.is_empty());
    let generated = generator::generate(with_widgets(90).as_bytes(), std::path::Path::new("spec.yaml"), "widgets-client").unwrap();
    assert!(generated.files.iter().any(|(path, _)| path == "src/types.rs"));
}

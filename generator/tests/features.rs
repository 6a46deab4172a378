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

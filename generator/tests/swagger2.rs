//! Swagger 2.0 is read into the same model as OpenAPI 3: one small spec per
//! construct, each checked in the generated crate, and every diagnostic
//! pointing into the 2.0 file as written.

use std::path::Path;

const HEAD: &str = "swagger: '2.0'\ninfo: {title: T, version: '1'}\n";

struct Output {
    warnings: Vec<String>,
    files: Vec<(String, String)>,
    raw: serde_json::Value,
}

impl Output {
    fn file(&self, path: &str) -> &str {
        self.files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {path}"))
    }

    fn contains(&self, path: &str, text: &str) {
        let file = self.file(path);
        assert!(file.contains(text), "no `{text}` in {path}:\n{file}");
    }
}

fn generate(body: &str) -> Output {
    let spec = format!("{HEAD}{body}");
    let generated = generator::generate(spec.as_bytes(), Path::new("v2.yaml"), "v2").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.openapi_version, "2.0");
    let raw = generator::parse::parse(spec.as_bytes(), Path::new("v2.yaml")).unwrap().raw;
    Output { warnings: generated.warnings.iter().map(ToString::to_string).collect(), files: generated.files, raw }
}

#[test]
fn definitions_parameters_and_responses_become_components() {
    let output = generate(
        "parameters:\n  Limit: {name: limit, in: query, type: integer, format: int32}\nresponses:\n  NotFound: {description: Gone, schema: {$ref: '#/definitions/Problem'}}\ndefinitions:\n  Problem: {type: object, properties: {message: {type: string}}}\n  Thing: {type: object, required: [id], properties: {id: {type: string}}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters: [{$ref: '#/parameters/Limit'}]\n      responses:\n        '200': {description: ok, schema: {type: array, items: {$ref: '#/definitions/Thing'}}}\n        '404': {$ref: '#/responses/NotFound'}\n",
    );
    assert_eq!(output.warnings, Vec::<String>::new());
    output.contains("src/types.rs", "pub struct Thing {");
    output.contains("src/operations.rs", "pub fn limit(self, value: impl Into<i32>) -> Self");
    output.contains("src/operations.rs", "pub async fn send(self) -> Result<Vec<Thing>, Error<Problem>>");
}

#[test]
fn host_base_path_and_schemes_become_the_servers() {
    let output = generate("host: api.example.com:8443\nbasePath: /v2/\nschemes: [https, http]\npaths: {}\n");
    output.contains("src/lib.rs", "Some(\"https://api.example.com:8443/v2\")");
    assert_eq!(output.raw["servers"][1]["url"], "http://api.example.com:8443/v2");
    // Without a host the base path is relative, and the warning names `basePath`.
    let output = generate("basePath: /api\npaths: {}\n");
    assert_eq!(output.warnings, ["#/basePath: server URL `/api` is relative; clients must set a base URL"]);
}

#[test]
fn consumes_and_produces_apply_globally_and_per_operation() {
    let output = generate(
        "produces: [application/json]\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok, schema: {type: object, properties: {x: {type: string}}}}}\n  /b:\n    get:\n      operationId: getB\n      produces: [text/plain]\n      responses: {'200': {description: ok, schema: {type: string}}}\n",
    );
    output.contains("src/operations.rs", ".set_accept(JSON)");
    output.contains("src/operations.rs", ".set_accept(TEXT_PLAIN)");
    output.contains("src/operations.rs", "pub async fn send(self) -> Result<String, Error>");
}

#[test]
fn a_body_parameter_becomes_the_request_body() {
    let output = generate(
        "consumes: [application/json, application/xml]\ndefinitions:\n  Thing: {type: object, properties: {id: {type: string}}}\npaths:\n  /things:\n    post:\n      operationId: createThing\n      parameters: [{name: thing, in: body, required: true, description: The thing., schema: {$ref: '#/definitions/Thing'}}]\n      responses: {'204': {description: ok}}\n",
    );
    output.contains("src/operations.rs", "pub fn create_thing(&self, body: impl Into<Thing>)");
    output.contains("src/operations.rs", ".json_body(JSON, &body.into())");
    let body = &output.raw["paths"]["/things"]["post"]["requestBody"];
    assert_eq!(body["description"], "The thing.");
    assert_eq!(body["content"]["application/xml"]["schema"]["$ref"], "#/components/schemas/Thing");
}

#[test]
fn form_data_becomes_a_urlencoded_or_multipart_body() {
    let output = generate(
        "paths:\n  /form/{id}:\n    parameters: [{name: id, in: path, required: true, type: string}]\n    post:\n      operationId: sendForm\n      consumes: [application/x-www-form-urlencoded]\n      parameters:\n        - {name: name, in: formData, required: true, type: string}\n        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}\n      responses: {'204': {description: ok}}\n  /upload:\n    post:\n      operationId: upload\n      parameters:\n        - {name: file, in: formData, required: true, type: file}\n        - {name: note, in: formData, type: string}\n      responses: {'204': {description: ok}}\n",
    );
    output.contains("src/types.rs", "pub struct SendFormRequest {\n    pub name: String,\n    pub tags: Option<Vec<String>>,");
    output.contains("src/operations.rs", ".form_body(&body.into())");
    output.contains("src/types.rs", "pub struct UploadRequest {\n    pub file: crate::FilePart,");
    output.contains("src/operations.rs", ".multipart_body(body.into())");
    let form = &output.raw["paths"]["/form/{id}"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert_eq!(form["encoding"]["tags"], serde_json::json!({"style": "form", "explode": true}));
}

#[test]
fn collection_formats_become_styles() {
    let output = generate(
        "paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: csv, in: query, type: array, items: {type: string}}\n        - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}\n        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}\n        - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}\n        - {name: tsv, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n      responses: {'204': {description: ok}}\n",
    );
    assert_eq!(
        output.warnings,
        ["#/paths/~1a/get/parameters/4/collectionFormat: `collectionFormat: tsv` has no OpenAPI 3 style; the values are sent comma-separated"]
    );
    let params = &output.raw["paths"]["/a"]["get"]["parameters"];
    let styles: Vec<(String, bool)> = (0..5)
        .map(|i| (params[i]["style"].as_str().unwrap_or("form").to_string(), params[i]["explode"].as_bool().unwrap_or(true)))
        .collect();
    let expected = [("form", false), ("form", true), ("spaceDelimited", false), ("pipeDelimited", false), ("form", false)];
    assert_eq!(styles, expected.map(|(s, e)| (s.to_string(), e)));
    output.contains("src/operations.rs", "set_query_each(\"multi\"");
    output.contains("src/operations.rs", ".join(\"|\")");
    output.contains("src/operations.rs", ".join(\" \")");
}

#[test]
fn responses_keep_their_headers_and_examples_by_media_type() {
    let output = generate(
        "produces: [application/json]\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          headers: {X-Request-Id: {type: string, description: The request.}}\n          schema: {type: object, properties: {id: {type: string}}}\n          examples: {application/json: {id: a-1}}\n",
    );
    let response = &output.raw["paths"]["/a"]["get"]["responses"]["200"];
    assert_eq!(response["headers"]["X-Request-Id"], serde_json::json!({"description": "The request.", "schema": {"type": "string"}}));
    assert_eq!(response["content"]["application/json"]["example"], serde_json::json!({"id": "a-1"}));
    // The declared request-id header is read like a 3.0 one.
    output.contains("src/lib.rs", "x-request-id");
}

#[test]
fn security_definitions_become_security_schemes() {
    let output = generate(
        "securityDefinitions:\n  basic: {type: basic}\n  key: {type: apiKey, name: X-Key, in: header}\n  query: {type: apiKey, name: key, in: query}\n  oauth: {type: oauth2, flow: application, tokenUrl: 'https://auth.example.com/token', scopes: {read: Read}}\nsecurity: [{oauth: [read]}]\npaths: {}\n",
    );
    assert_eq!(output.warnings, Vec::<String>::new());
    for method in ["pub fn basic(", "pub fn key(", "pub fn query(", "pub fn oauth("] {
        output.contains("src/client.rs", method);
    }
    let oauth = &output.raw["components"]["securitySchemes"]["oauth"];
    assert_eq!(oauth["flows"]["clientCredentials"]["tokenUrl"], "https://auth.example.com/token");
    assert_eq!(output.raw["components"]["securitySchemes"]["basic"], serde_json::json!({"type": "http", "scheme": "basic"}));
}

#[test]
fn x_nullable_and_x_isnullable_make_fields_nullable() {
    let output = generate(
        "definitions:\n  Thing:\n    type: object\n    required: [a]\n    properties:\n      a: {type: string, x-nullable: true}\n      b: {type: integer, x-isnullable: true}\n      c: {type: string}\npaths: {}\n",
    );
    output.contains("src/types.rs", "pub a: Option<String>,");
    output.contains("src/types.rs", "pub b: crate::Nullable<i64>,");
    output.contains("src/types.rs", "pub c: Option<String>,");
}

#[test]
fn a_discriminator_property_name_is_read_as_a_discriminator() {
    let output = generate(
        "definitions:\n  Pet:\n    type: object\n    discriminator: kind\n    required: [kind]\n    properties: {kind: {type: string}}\npaths:\n  /pet:\n    get:\n      operationId: getPet\n      responses: {'200': {description: ok, schema: {$ref: '#/definitions/Pet'}}}\n",
    );
    assert_eq!(output.warnings, Vec::<String>::new());
    assert_eq!(output.raw["components"]["schemas"]["Pet"]["discriminator"], serde_json::json!({"propertyName": "kind"}));
    output.contains("src/types.rs", "pub struct Pet {\n    pub kind: String,");
}

#[test]
fn file_responses_become_bytes() {
    let output = generate(
        "produces: [application/json]\npaths:\n  /download:\n    get:\n      operationId: download\n      responses: {'200': {description: The file., schema: {type: file}}}\n",
    );
    output.contains("src/operations.rs", "pub async fn send(self) -> Result<Vec<u8>, Error>");
    output.contains("src/operations.rs", ".set_accept(OCTET_STREAM)");
}

#[test]
fn openapi_3_keywords_in_a_2_0_file_are_read_with_a_warning() {
    let output = generate(
        "definitions:\n  Thing:\n    type: object\n    properties:\n      a: {type: [string, 'null']}\n      b: {oneOf: [{type: string}, {type: integer}]}\npaths: {}\n",
    );
    assert_eq!(
        output.warnings,
        [
            "#/definitions/Thing/properties/a/type: a list of types is OpenAPI 3.1, not Swagger 2.0; read as OpenAPI 3.1 reads it",
            "#/definitions/Thing/properties/b/oneOf: `oneOf` is OpenAPI 3, not Swagger 2.0; read as OpenAPI 3 reads it",
        ]
    );
    output.contains("src/types.rs", "pub a: crate::Nullable<String>,");
}

#[test]
fn faults_are_named_by_their_pointer_in_the_2_0_file() {
    let output = generate(
        "definitions:\n  Thing: {type: object, properties: {size: {type: long}}}\npaths:\n  /a/{id}:\n    post:\n      operationId: postA\n      parameters:\n        - {name: id, in: path, required: true, type: string}\n        - {name: body, in: body, schema: {type: object, properties: {when: {type: datetime}}}}\n        - {name: q, in: query, type: int}\n      responses: {'204': {description: ok}}\n",
    );
    assert_eq!(
        output.warnings,
        [
            // The query parameter is the second of the converted operation's list, but the third as written.
            "#/paths/~1a~1{id}/post/parameters/2/type: `int` is not a JSON Schema type; read as `integer`",
            "#/paths/~1a~1{id}/post/parameters/1/schema/properties/when/type: `datetime` is not a JSON Schema type; the value is read as any JSON value",
            "#/definitions/Thing/properties/size/type: `long` is not a JSON Schema type; read as `integer`",
        ]
    );
}

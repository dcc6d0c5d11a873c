//! `cargo xtask diff`: one small document pair per rule of the table, the
//! output formats, exit statuses, reading revisions, and the real published
//! pair in `QUO_SPEC_CORPUS`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use serde_json::{Value, json};
use tempfile::TempDir;
use xtask::diff::{
    self, Classification, DiffArgs, Document, Format, JSON_VERSION, Kind, Place, RULES, Report,
};

const LIST: &str = "/paths/~1v1~1users/get";
const CREATE: &str = "/paths/~1v1~1users/post";
const DELETE: &str = "/paths/~1v1~1users~1{id}/delete";
const USER: &str = "/components/schemas/User";
const BODY: &str = "/paths/~1v1~1users/post/requestBody/content/application~1json/schema";
const NOT_FOUND: &str =
    "/paths/~1v1~1users/get/responses/404/content/application~1json/schema/properties";

/// Three operations using parameters, a request body, a referenced response
/// schema, enums, bounds and an error body with a `code` constant.
fn base() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Users", "version": "1" },
        "paths": {
            "/v1/users": {
                "get": {
                    "operationId": "listUsers_v1",
                    "parameters": [
                        { "in": "query", "name": "maxResults", "required": false,
                          "schema": { "type": "integer", "minimum": 1, "maximum": 50 } },
                        { "in": "query", "name": "role",
                          "schema": { "type": "string", "enum": ["owner", "admin"] } }
                    ],
                    "responses": {
                        "200": { "description": "ok", "content": { "application/json": { "schema": {
                            "type": "object",
                            "required": ["data"],
                            "properties": { "data": { "type": "array", "items": { "$ref": "#/components/schemas/User" } } }
                        } } } },
                        "404": { "description": "not found", "content": { "application/json": { "schema": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": { "type": "string", "const": "0100404" },
                                "docs": { "type": "string", "const": "https://quo.com/docs" },
                                "message": { "type": "string" }
                            }
                        } } } }
                    }
                },
                "post": {
                    "operationId": "createUser_v1",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object",
                        "required": ["email"],
                        "properties": {
                            "email": { "type": "string", "format": "email", "maxLength": 100 },
                            "name": { "type": ["string", "null"] },
                            "role": { "type": "string", "enum": ["owner", "admin"] }
                        }
                    } } } },
                    "responses": {
                        "201": { "description": "created", "content": { "application/json": { "schema": {
                            "type": "object", "properties": { "id": { "type": "string" } }
                        } } } }
                    }
                }
            },
            "/v1/users/{id}": {
                "delete": {
                    "operationId": "deleteUser_v1",
                    "parameters": [{ "in": "path", "name": "id", "required": true, "schema": { "type": "string" } }],
                    "responses": { "204": { "description": "deleted" } }
                }
            }
        },
        "components": { "schemas": {
            "User": {
                "type": "object",
                "required": ["id", "email", "role"],
                "properties": {
                    "id": { "type": "string", "pattern": "^US(.*)$" },
                    "email": { "type": "string" },
                    "role": { "type": "string", "enum": ["owner", "admin"] },
                    "name": { "anyOf": [{ "type": "string" }, { "type": "null" }] },
                    "createdAt": { "type": "string", "format": "date-time" }
                }
            }
        } }
    })
}

/// `base()` after `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut doc = base();
    edit(&mut doc);
    doc
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the base document has no {pointer}"))
}

fn insert(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    at(doc, pointer)
        .as_object_mut()
        .expect("an object")
        .insert(key.to_owned(), value);
}

fn remove(doc: &mut Value, pointer: &str, key: &str) {
    at(doc, pointer)
        .as_object_mut()
        .expect("an object")
        .shift_remove(key)
        .unwrap_or_else(|| panic!("{pointer} has no {key}"));
}

fn push(doc: &mut Value, pointer: &str, value: Value) {
    at(doc, pointer)
        .as_array_mut()
        .expect("an array")
        .push(value);
}

fn compare(old: &Value, new: &Value) -> Report {
    diff::compare(
        Document {
            label: "old",
            spec: old,
        },
        Document {
            label: "new",
            spec: new,
        },
    )
    .unwrap()
}

/// The report has exactly one change, and it is this one.
fn assert_only_change(
    old: &Value,
    new: &Value,
    kind: Kind,
    place: Place,
    classification: Classification,
    operation: &str,
) {
    let report = compare(old, new);
    let found: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.place, c.classification, c.operation.id.as_str()))
        .collect();
    assert_eq!(found, [(kind, place, classification, operation)]);
}

fn add_get_user(doc: &mut Value) {
    insert(
        doc,
        "/paths/~1v1~1users~1{id}",
        "get",
        json!({
            "operationId": "getUser_v1",
            "parameters": [{ "in": "path", "name": "id", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/User" }
            } } } }
        }),
    );
}

fn require(doc: &mut Value, pointer: &str, name: &str) {
    push(doc, &format!("{pointer}/required"), json!(name));
}

fn unrequire(doc: &mut Value, pointer: &str, name: &str) {
    let required = at(doc, &format!("{pointer}/required"))
        .as_array_mut()
        .unwrap();
    required.retain(|r| r != name);
}

/// One test per rule (`name: kind at place is classification in operation,
/// old => new;`), and a check that every row of the table has one.
macro_rules! rule_tests {
    ($($name:ident: $kind:ident at $place:ident is $class:ident in $op:literal, $old:expr => $new:expr;)*) => {
        $(
            #[test]
            fn $name() {
                assert_only_change(
                    &$old, &$new, Kind::$kind, Place::$place, Classification::$class, $op,
                );
            }
        )*

        #[test]
        fn every_rule_of_the_table_has_a_test() {
            let tested = [$((Kind::$kind, Place::$place, Classification::$class)),*];
            for rule in RULES {
                assert!(
                    tested.contains(&(rule.kind, rule.place, rule.classification)),
                    "no test for {} at {}",
                    rule.kind,
                    rule.place
                );
            }
        }
    };
}

rule_tests! {
    operation_added: OperationAdded at Operation is Compatible in "getUser_v1",
        base() => edited(add_get_user);
    operation_removed: OperationRemoved at Operation is Breaking in "getUser_v1",
        edited(add_get_user) => base();
    operation_moved: OperationMoved at Operation is Compatible in "createUser_v1",
        base() => edited(|d| {
            let post = at(d, CREATE).take();
            remove(d, "/paths/~1v1~1users", "post");
            insert(d, "/paths", "/v2/users", json!({ "post": post }));
        });

    required_parameter_added: RequiredParameterAdded at Request is Breaking in "listUsers_v1",
        base() => edited(|d| push(d, &format!("{LIST}/parameters"),
            json!({ "in": "query", "name": "teamId", "required": true, "schema": { "type": "string" } })));
    optional_parameter_added: OptionalParameterAdded at Request is Compatible in "listUsers_v1",
        base() => edited(|d| push(d, &format!("{LIST}/parameters"),
            json!({ "in": "query", "name": "teamId", "schema": { "type": "string" } })));
    parameter_removed: ParameterRemoved at Request is Breaking in "listUsers_v1",
        base() => edited(|d| { at(d, &format!("{LIST}/parameters")).as_array_mut().unwrap().pop(); });
    parameter_made_required: ParameterMadeRequired at Request is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{LIST}/parameters/0/required")) = json!(true));
    parameter_made_optional: ParameterMadeOptional at Request is Compatible in "listUsers_v1",
        edited(|d| *at(d, &format!("{LIST}/parameters/0/required")) = json!(true)) => base();

    request_body_added: RequestBodyAdded at Request is Breaking in "deleteUser_v1",
        base() => edited(|d| insert(d, DELETE, "requestBody",
            json!({ "content": { "application/json": { "schema": { "type": "object" } } } })));
    request_body_removed: RequestBodyRemoved at Request is Breaking in "createUser_v1",
        base() => edited(|d| remove(d, CREATE, "requestBody"));

    required_field_added_to_a_request: RequiredFieldAdded at Request is Breaking in "createUser_v1",
        base() => edited(|d| {
            insert(d, &format!("{BODY}/properties"), "phone", json!({ "type": "string" }));
            require(d, BODY, "phone");
        });
    optional_field_added_to_a_request: OptionalFieldAdded at Request is Compatible in "createUser_v1",
        base() => edited(|d| insert(d, &format!("{BODY}/properties"), "phone", json!({ "type": "string" })));
    required_field_added_to_a_response: RequiredFieldAdded at Response is Compatible in "listUsers_v1",
        base() => edited(|d| {
            insert(d, &format!("{USER}/properties"), "phone", json!({ "type": "string" }));
            require(d, USER, "phone");
        });
    optional_field_added_to_a_response: OptionalFieldAdded at Response is Compatible in "listUsers_v1",
        base() => edited(|d| insert(d, &format!("{USER}/properties"), "phone", json!({ "type": "string" })));
    field_removed_from_a_request: FieldRemoved at Request is Breaking in "createUser_v1",
        base() => edited(|d| remove(d, &format!("{BODY}/properties"), "role"));
    field_removed_from_a_response: FieldRemoved at Response is Breaking in "listUsers_v1",
        base() => edited(|d| remove(d, &format!("{USER}/properties"), "createdAt"));

    field_made_required_in_a_request: FieldMadeRequired at Request is Breaking in "createUser_v1",
        base() => edited(|d| require(d, BODY, "name"));
    field_made_required_in_a_response: FieldMadeRequired at Response is Breaking in "listUsers_v1",
        base() => edited(|d| require(d, USER, "createdAt"));
    field_made_optional_in_a_request: FieldMadeOptional at Request is Compatible in "createUser_v1",
        base() => edited(|d| unrequire(d, BODY, "email"));
    field_made_optional_in_a_response: FieldMadeOptional at Response is Breaking in "listUsers_v1",
        base() => edited(|d| unrequire(d, USER, "email"));
    field_made_nullable_in_a_request: FieldMadeNullable at Request is Compatible in "createUser_v1",
        base() => edited(|d| *at(d, &format!("{BODY}/properties/email/type")) = json!(["string", "null"]));
    field_made_nullable_in_a_response: FieldMadeNullable at Response is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{USER}/properties/email/type")) = json!(["string", "null"]));
    field_made_non_nullable_in_a_request: FieldMadeNonNullable at Request is Breaking in "createUser_v1",
        base() => edited(|d| *at(d, &format!("{BODY}/properties/name/type")) = json!("string"));
    field_made_non_nullable_in_a_response: FieldMadeNonNullable at Response is Breaking in "listUsers_v1",
        edited(|d| require(d, USER, "name")) => edited(|d| {
            require(d, USER, "name");
            *at(d, &format!("{USER}/properties/name")) = json!({ "type": "string" });
        });

    type_changed_in_a_request: TypeChanged at Request is Breaking in "createUser_v1",
        base() => edited(|d| *at(d, &format!("{BODY}/properties/name/type")) = json!(["integer", "null"]));
    type_changed_in_a_response: TypeChanged at Response is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{USER}/properties/id/type")) = json!("integer"));
    format_changed_in_a_request: FormatChanged at Request is Breaking in "createUser_v1",
        base() => edited(|d| *at(d, &format!("{BODY}/properties/email/format")) = json!("idn-email"));
    format_changed_in_a_response: FormatChanged at Response is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{USER}/properties/createdAt/format")) = json!("date"));

    enum_value_added_to_a_request: EnumValueAdded at Request is Compatible in "createUser_v1",
        base() => edited(|d| push(d, &format!("{BODY}/properties/role/enum"), json!("member")));
    enum_value_added_to_a_response: EnumValueAdded at Response is Compatible in "listUsers_v1",
        base() => edited(|d| push(d, &format!("{USER}/properties/role/enum"), json!("member")));
    enum_value_removed_from_a_request: EnumValueRemoved at Request is Breaking in "createUser_v1",
        edited(|d| push(d, &format!("{BODY}/properties/role/enum"), json!("member"))) => base();
    enum_value_removed_from_a_response: EnumValueRemoved at Response is Breaking in "listUsers_v1",
        edited(|d| push(d, &format!("{USER}/properties/role/enum"), json!("member"))) => base();

    bounds_narrowed_in_a_request: BoundsNarrowed at Request is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{LIST}/parameters/0/schema/maximum")) = json!(20));
    bounds_widened_in_a_request: BoundsWidened at Request is Compatible in "createUser_v1",
        base() => edited(|d| *at(d, &format!("{BODY}/properties/email/maxLength")) = json!(200));

    constant_changed_in_a_response: ConstantChanged at Response is Compatible in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{NOT_FOUND}/docs/const")) = json!("https://quo.com/api"));
    error_code_changed: ErrorCodeChanged at Response is Breaking in "listUsers_v1",
        base() => edited(|d| *at(d, &format!("{NOT_FOUND}/code/const")) = json!("0100405"));
    response_status_added: ResponseStatusAdded at Response is Compatible in "deleteUser_v1",
        base() => edited(|d| insert(d, &format!("{DELETE}/responses"), "404", json!({ "description": "not found" })));
    response_status_removed: ResponseStatusRemoved at Response is Breaking in "listUsers_v1",
        base() => edited(|d| remove(d, &format!("{LIST}/responses"), "404"));
}

// --- What is not a change. ---

#[test]
fn a_schema_moved_between_inline_and_components_is_no_change() {
    let moved = edited(|d| {
        // The response's referenced User goes inline...
        let user = at(d, USER).take();
        *at(
            d,
            &format!("{LIST}/responses/200/content/application~1json/schema/properties/data/items"),
        ) = user;
        remove(d, "/components/schemas", "User");
        // ...the inline request body moves into components, referenced with a description...
        let body = at(d, BODY).take();
        insert(d, "/components/schemas", "CreateUser", body);
        *at(d, BODY) =
            json!({ "$ref": "#/components/schemas/CreateUser", "description": "A new user." });
        // ...and a parameter moves to components/parameters.
        let parameter = at(d, &format!("{LIST}/parameters/0")).take();
        insert(
            d,
            "/components",
            "parameters",
            json!({ "MaxResults": parameter }),
        );
        *at(d, &format!("{LIST}/parameters/0")) =
            json!({ "$ref": "#/components/parameters/MaxResults" });
    });
    assert_eq!(compare(&base(), &moved).changes, []);
    assert_eq!(compare(&moved, &base()).changes, []);
}

#[test]
fn a_union_member_moved_into_components_is_no_change() {
    let contact = |member: Value| {
        edited(move |d| {
            insert(
                d,
                &format!("{USER}/properties"),
                "contact",
                json!({ "oneOf": [member, { "type": "integer" }] }),
            );
            insert(
                d,
                "/components/schemas",
                "Email",
                json!({ "type": "object", "properties": { "address": { "type": "string" } } }),
            );
        })
    };
    let inline =
        contact(json!({ "type": "object", "properties": { "address": { "type": "string" } } }));
    let referenced = contact(json!({ "$ref": "#/components/schemas/Email" }));
    assert_eq!(compare(&inline, &referenced).changes, []);
}

#[test]
fn openapi_30_and_31_spellings_of_the_same_schema_are_no_change() {
    let spelled_30 = edited(|d| {
        *at(d, "/openapi") = json!("3.0.3");
        *at(d, &format!("{USER}/properties/name")) = json!({ "type": "string", "nullable": true });
        *at(d, &format!("{BODY}/properties/name")) = json!({ "type": "string", "nullable": true });
        *at(d, &format!("{NOT_FOUND}/code")) = json!({ "type": "string", "enum": ["0100404"] });
        *at(d, &format!("{NOT_FOUND}/docs")) =
            json!({ "type": "string", "enum": ["https://quo.com/docs"] });
    });
    assert_eq!(compare(&base(), &spelled_30).changes, []);
}

#[test]
fn response_constraints_the_client_does_not_check_are_no_change() {
    let relaxed = edited(|d| {
        remove(d, &format!("{USER}/properties/id"), "pattern");
        insert(
            d,
            &format!("{USER}/properties/email"),
            "maxLength",
            json!(10),
        );
    });
    assert_eq!(compare(&base(), &relaxed).changes, []);
}

#[test]
fn a_response_field_that_was_already_optional_may_become_nullable() {
    let nullable = edited(|d| {
        *at(d, &format!("{USER}/properties/createdAt/type")) = json!(["string", "null"]);
    });
    assert_eq!(compare(&base(), &nullable).changes, []);
}

#[test]
fn recursive_schemas_are_walked_once() {
    let recursive = |d: &mut Value| {
        insert(
            d,
            &format!("{USER}/properties"),
            "manager",
            json!({ "$ref": "#/components/schemas/User" }),
        );
    };
    let grown = edited(|d| {
        recursive(d);
        insert(
            d,
            &format!("{USER}/properties"),
            "phone",
            json!({ "type": "string" }),
        );
    });
    let report = compare(&edited(recursive), &grown);
    let fields: Vec<_> = report.changes.iter().map(|c| c.field.as_deref()).collect();
    assert_eq!(fields, [Some("data[].phone")]);
}

#[test]
fn changes_name_the_parameter_or_field_and_say_what_changed() {
    let report = compare(
        &base(),
        &edited(|d| {
            *at(d, &format!("{LIST}/parameters/0/schema/maximum")) = json!(20);
            *at(d, &format!("{USER}/properties/id/type")) = json!("integer");
            push(d, &format!("{USER}/properties/role/enum"), json!("member"));
        }),
    );
    let json = serde_json::to_value(&report.changes).unwrap();
    assert_eq!(
        json,
        json!([
            {
                "classification": "breaking", "kind": "bounds-narrowed", "place": "request",
                "operation": { "id": "listUsers_v1", "method": "GET", "path": "/v1/users" },
                "location": { "part": "parameter", "in": "query", "name": "maxResults" },
                "field": null, "detail": "maximum 50 → 20"
            },
            {
                "classification": "breaking", "kind": "type-changed", "place": "response",
                "operation": { "id": "listUsers_v1", "method": "GET", "path": "/v1/users" },
                "location": { "part": "response", "status": "200" },
                "field": "data[].id", "detail": "`string` → `integer`"
            },
            {
                "classification": "compatible", "kind": "enum-value-added", "place": "response",
                "operation": { "id": "listUsers_v1", "method": "GET", "path": "/v1/users" },
                "location": { "part": "response", "status": "200" },
                "field": "data[].role", "detail": "`\"member\"`"
            }
        ])
    );
}

// --- Output formats. ---

/// Two breaking changes to `listUsers_v1`, a compatible one to `createUser_v1`
/// and a new operation.
fn mixed() -> Report {
    compare(
        &base(),
        &edited(|d| {
            add_get_user(d);
            insert(
                d,
                &format!("{BODY}/properties"),
                "phone",
                json!({ "type": "string" }),
            );
            remove(d, &format!("{LIST}/responses"), "404");
            at(d, &format!("{LIST}/parameters"))
                .as_array_mut()
                .unwrap()
                .pop();
        }),
    )
}

#[test]
fn markdown_starts_with_the_counts_and_lists_breaking_changes_first_by_operation() {
    let markdown = diff::render(&mixed(), Format::Markdown);
    let expected = "\
**2 breaking, 2 compatible** API changes from `old` to `new`

### Breaking

**`listUsers_v1`** `GET /v1/users`

- query parameter `role`: parameter removed
- response 404: response status removed

### Compatible

**`createUser_v1`** `POST /v1/users`

- request body `phone`: optional field added

**`getUser_v1`** `GET /v1/users/{id}`

- operation added

<details><summary>Why these are breaking or compatible</summary>

| kind | where | classification | why |
|---|---|---|---|
| `operation-added` | operation | compatible | A new method on the client; existing calls are untouched. |
| `parameter-removed` | request | breaking | Its builder method is gone: calls that set it stop compiling. |
| `optional-field-added` | request | compatible | The type builder leaves it unset; bodies built before still serialize the same. |
| `response-status-removed` | response | breaking | The operation's error enum loses the variant (code that matches it stops compiling), or a success the caller relied on is no longer documented. |

</details>
";
    assert_eq!(markdown, expected);
}

#[test]
fn text_lists_the_same_changes_for_a_terminal() {
    let text = diff::render(&mixed(), Format::Text);
    let expected = "\
2 breaking, 2 compatible: old → new

breaking:
  listUsers_v1 (GET /v1/users)
    query parameter `role`: parameter removed
    response 404: response status removed

compatible:
  createUser_v1 (POST /v1/users)
    request body `phone`: optional field added
  getUser_v1 (GET /v1/users/{id})
    operation added
";
    assert_eq!(text, expected);
}

#[test]
fn json_has_the_documented_shape() {
    let json: Value = serde_json::from_str(&diff::render(&mixed(), Format::Json)).unwrap();
    let keys = |value: &Value| -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&json),
        ["breaking", "changes", "compatible", "new", "old", "version"]
    );
    assert_eq!(json["version"], json!(JSON_VERSION));
    assert_eq!(JSON_VERSION, 1);
    assert_eq!(
        (
            &json["old"],
            &json["new"],
            &json["breaking"],
            &json["compatible"]
        ),
        (&json!("old"), &json!("new"), &json!(2), &json!(2))
    );
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 4);
    for change in changes {
        assert_eq!(
            keys(change),
            [
                "classification",
                "detail",
                "field",
                "kind",
                "location",
                "operation",
                "place"
            ]
        );
        assert_eq!(keys(&change["operation"]), ["id", "method", "path"]);
    }
    assert_eq!(
        changes[0]["location"],
        json!({ "part": "parameter", "in": "query", "name": "role" })
    );
    assert_eq!(
        changes[1]["location"],
        json!({ "part": "response", "status": "404" })
    );
    assert_eq!(changes[2]["location"], json!({ "part": "request-body" }));
    assert_eq!(changes[3]["location"], json!({ "part": "operation" }));
    let classifications: Vec<&Value> = changes.iter().map(|c| &c["classification"]).collect();
    assert_eq!(
        classifications,
        ["breaking", "breaking", "compatible", "compatible"]
    );
}

#[test]
fn one_change_to_every_error_body_is_one_line() {
    let with_errors = edited(|d| {
        let not_found = at(d, &format!("{LIST}/responses/404")).clone();
        insert(d, &format!("{LIST}/responses"), "500", not_found);
    });
    let changed = {
        let mut d = with_errors.clone();
        for status in ["404", "500"] {
            let pointer = format!(
                "{LIST}/responses/{status}/content/application~1json/schema/properties/message/type"
            );
            *at(&mut d, &pointer) = json!("integer");
        }
        d
    };
    let report = compare(&with_errors, &changed);
    assert_eq!(report.breaking, 2);
    let text = diff::render(&report, Format::Text);
    assert!(
        text.contains("\n    responses 404, 500 `message`: type changed (`string` → `integer`)\n"),
        "{text}"
    );
}

#[test]
fn fetch_summarizes_the_api_changes_of_a_new_document() {
    let new = edited(|d| remove(d, &format!("{LIST}/responses"), "404"));
    let summary = xtask::fetch::describe(Some(&base()), &new, "https://example.test/spec.json");
    assert_eq!(
        summary,
        "operations: 0 added, 0 removed; schemas: 0 added, 0 removed \
         (the change is inside existing operations or schemas)\n\
         API changes: 1 breaking, 0 compatible\n  \
         breaking: listUsers_v1: response 404: response status removed"
    );
    let first = xtask::fetch::describe(None, &new, "https://example.test/spec.json");
    assert!(!first.contains("API changes"), "{first}");
}

// --- The command: files, revisions, exit statuses. ---

/// A temporary workspace root with files written into it.
struct Workspace {
    root: TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("openapi")).unwrap();
        Workspace { root }
    }

    fn write(&self, name: &str, doc: &Value) -> String {
        let path = self.root.path().join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
        path.display().to_string()
    }

    fn run(&self, old: Option<&str>, new: Option<&str>) -> Result<ExitCode, String> {
        let args = DiffArgs {
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            format: Format::Text,
        };
        diff::run(&args, self.root.path()).map_err(|err| format!("{err:#}"))
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(self.root.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }
}

#[test]
fn exit_status_is_0_without_breaking_changes_and_1_with() {
    let workspace = Workspace::new();
    let old = workspace.write("old.json", &base());
    let same = workspace.write("same.json", &base());
    let grown = workspace.write("grown.json", &edited(add_get_user));
    assert_eq!(
        workspace.run(Some(&old), Some(&same)),
        Ok(ExitCode::SUCCESS)
    );
    assert_eq!(
        workspace.run(Some(&old), Some(&grown)),
        Ok(ExitCode::SUCCESS)
    );
    assert_eq!(
        workspace.run(Some(&grown), Some(&old)),
        Ok(ExitCode::from(1))
    );
}

/// `cargo xtask` prints these after `error: ` and exits 2.
#[test]
fn unreadable_documents_are_one_line_errors_naming_the_document() {
    let workspace = Workspace::new();
    let old = workspace.write("old.json", &base());
    let missing = workspace.root.path().join("missing.json");
    let missing = missing.display().to_string();
    let message = workspace.run(Some(&old), Some(&missing)).unwrap_err();
    assert!(
        message.starts_with(&format!(
            "{missing}: no such file, and `git show {missing}:"
        )),
        "{message}"
    );

    let not_json = workspace.root.path().join("page.html");
    std::fs::write(&not_json, "<html>").unwrap();
    let not_json = not_json.display().to_string();
    assert_eq!(
        workspace.run(Some(&old), Some(&not_json)).unwrap_err(),
        format!("{not_json}: not JSON: expected value at line 1 column 1")
    );

    let refused = workspace.write(
        "refused.json",
        &edited(|d| *at(d, &format!("{BODY}/properties/name/type")) = json!(["null"])),
    );
    assert_eq!(
        workspace.run(Some(&old), Some(&refused)).unwrap_err(),
        format!(
            "{refused}: the code generator cannot translate it: \
             /paths/~1v1~1users/post/requestBody/content/application~1json/schema/properties/name/type: \
             type-list: a schema whose only type is null carries no value"
        )
    );
    for message in [missing, not_json, refused] {
        assert!(!message.contains('\n'));
    }
}

#[test]
fn old_defaults_to_head_and_new_to_the_working_copy() {
    let workspace = Workspace::new();
    workspace.git(&["init", "--quiet"]);
    workspace.write("openapi/quo-public-api-v1.json", &edited(add_get_user));
    workspace.git(&["add", "openapi"]);
    workspace.git(&["commit", "--quiet", "-m", "spec"]);
    assert_eq!(workspace.run(None, None), Ok(ExitCode::SUCCESS));

    workspace.write("openapi/quo-public-api-v1.json", &base());
    assert_eq!(workspace.run(None, None), Ok(ExitCode::from(1)));
    assert_eq!(workspace.run(Some("HEAD"), None), Ok(ExitCode::from(1)));
    let committed = "HEAD:openapi/quo-public-api-v1.json";
    assert_eq!(
        workspace.run(Some(committed), Some("HEAD")),
        Ok(ExitCode::SUCCESS)
    );

    let message = workspace.run(Some("nope"), None).unwrap_err();
    assert!(
        message.starts_with(
            "nope: no such file, and `git show nope:openapi/quo-public-api-v1.json` failed: fatal: "
        ),
        "{message}"
    );
}

// --- The real published documents in `QUO_SPEC_CORPUS`. ---

#[test]
fn the_published_2025_pair_reports_the_removed_operations_and_conflicts() {
    let Some(folder) = std::env::var_os("QUO_SPEC_CORPUS") else {
        println!("skipped: QUO_SPEC_CORPUS is not set");
        return;
    };
    let folder = xtask::workspace_root().join(folder);
    let read = |name: &str| -> Value {
        let path: PathBuf = folder.join(name);
        serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    };
    let old = read("openphone-public-api-v1-2025-06.json");
    let new = read("openphone-public-api-v1-2025-12.json");
    let report = compare(&old, &new);

    let of_kind = |kind: Kind| -> BTreeSet<(String, Classification)> {
        report
            .changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| (c.operation.id.clone(), c.classification))
            .collect()
    };
    let removed = of_kind(Kind::OperationRemoved);
    assert_eq!(
        removed,
        BTreeSet::from([
            ("listContacts_v1".to_owned(), Classification::Breaking),
            ("listConversations_v1".to_owned(), Classification::Breaking),
        ])
    );
    let conflicts: BTreeSet<String> = report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResponseStatusRemoved)
        .filter(|c| matches!(&c.location, diff::Location::Response { status } if status == "409"))
        .map(|c| c.operation.id.clone())
        .collect();
    let contacts: BTreeSet<String> = [
        "createContact_v1",
        "getContactById_v1",
        "updateContactById_v1",
        "deleteContact_v1",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(conflicts, contacts);

    // Counted straight from the documents, independently of the walk.
    let ids = |doc: &Value| -> BTreeSet<String> {
        let paths = doc["paths"].as_object().unwrap();
        paths
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|op| op.get("operationId").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    };
    let (before, after) = (ids(&old), ids(&new));
    let names = |set: BTreeSet<(String, Classification)>| -> BTreeSet<String> {
        set.into_iter().map(|(id, _)| id).collect()
    };
    assert_eq!(
        names(removed),
        before.difference(&after).cloned().collect::<BTreeSet<_>>()
    );
    assert_eq!(
        names(of_kind(Kind::OperationAdded)),
        after.difference(&before).cloned().collect::<BTreeSet<_>>()
    );
    assert!(report.breaking > 0);
    assert_eq!(report.breaking + report.compatible, report.changes.len());
}

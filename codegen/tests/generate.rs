//! `generate` end to end: deterministic output, one-line errors with pointers.

use quo_api_codegen::{Options, generate};
use serde_json::{Value, json};

fn committed_spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/quo-public-api-v1.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_same_spec_gives_byte_identical_code() {
    let spec = committed_spec();
    let first = generate(&spec, &Options::default()).unwrap();
    for _ in 0..3 {
        assert_eq!(generate(&spec, &Options::default()).unwrap(), first);
    }
}

#[test]
fn the_list_users_client_and_its_error_type_are_generated() {
    let code = generate(&committed_spec(), &Options::default())
        .unwrap()
        .client;
    assert!(code.contains("pub fn list_users_v1(&self) -> builder::ListUsersV1<'_>"));
    assert!(code.contains("Error<crate::generated::types::ListUsersV1Error>"));
    assert!(code.contains("pub enum ListUsersV1Error {"));
    assert!(!code.contains("Error<types::ListUsersV1Response>"));
    assert!(!code.contains("deny_unknown_fields"));
    assert!(code.contains("pub const DEFAULT_BASE_URL: &str = \"https://api.quo.com\";"));
}

#[test]
fn a_construct_no_rule_handles_fails_with_one_line_naming_pointer_and_rule() {
    let mut spec = committed_spec();
    spec["paths"]["/v1/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        ["properties"]["data"]["items"]["if"] = json!({ "type": "object" });
    let err = generate(&spec, &Options::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "/paths/~1v1~1users/get/responses/200/content/application~1json/schema/properties/data/items/if: \
         unsupported-keyword: JSON Schema keyword `if` has no OpenAPI 3.0 form"
    );
}

#[test]
fn a_document_progenitor_cannot_read_names_the_member() {
    let mut spec = committed_spec();
    spec["paths"]["/v1/users"]["get"]["parameters"][0]["in"] = json!("body");
    let err = generate(&spec, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("/paths/~1v1~1users/get/parameters/0"),
        "{err}"
    );
    assert!(!err.contains('\n'), "{err}");
}

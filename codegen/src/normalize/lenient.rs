//! Schemas the client reads stop constraining what the server may send.
//!
//! A constraint in a response schema is a promise about the server, not a
//! request to the client: rejecting a whole page because one user has a new
//! role or a new field breaks every caller the day Quo ships it. For every
//! component reachable from a success or error body this pass:
//!
//! - drops `additionalProperties: false` (progenitor emits `deny_unknown_fields`);
//! - lets nullable properties also be absent (a reader cannot tell the two apart);
//! - drops string and array constraints (`pattern`, lengths, item counts),
//!   which progenitor turns into validating newtypes;
//! - turns one-value enums (OpenAPI 3.1 `const`) into their plain type;
//! - moves enums of two or more strings into their own component and records
//!   them as [`OpenEnum`]s, which the generator emits with an `Unknown(String)`
//!   variant. Request-only schemas keep their closed enums, so requests still
//!   send only listed values.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::{
    NormalizeError, component_schemas, escape, for_each_operation, hoist::is_error,
    hoist::is_success, members, ref_target, schema_ref, walk,
};

/// Constraints that describe valid input, dropped from read schemas.
const INPUT_CONSTRAINTS: [&str; 6] = [
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// A string enum read from responses, generated with an `Unknown(String)` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEnum {
    /// Component (and Rust type) name, e.g. `ListUsersV1ItemRole`.
    pub name: String,
    /// The values the spec lists, in document order.
    pub values: Vec<String>,
    /// The schema's description, if any.
    pub description: Option<String>,
}

/// Runs the pass; returns the enums to generate open.
pub(crate) fn relax_responses(
    root: &mut Map<String, Value>,
) -> Result<Vec<OpenEnum>, NormalizeError> {
    let mut read = BTreeSet::new();
    let mut roots = Vec::new();
    for_each_operation(root, |_, _, op| {
        let responses = members(op.get("responses"));
        for (status, response) in responses {
            if (is_success(status) || is_error(status))
                && let Some(name) = response
                    .pointer("/content/application~1json/schema")
                    .and_then(ref_target)
            {
                roots.push(name.to_owned());
            }
        }
        Ok(())
    })?;
    let schemas = component_schemas(root);
    while let Some(name) = roots.pop() {
        if !read.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&name) {
            collect_refs(schema, &mut roots);
        }
    }
    let mut open = Vec::new();
    let mut extracted = Vec::new();
    for name in &read {
        let Some(schema) = schemas.get_mut(name) else {
            continue;
        };
        let base = format!("/components/schemas/{}", escape(name));
        walk::schema_tree(schema, &base, &mut |node, pointer| {
            relax(node);
            let Some(found) = open_enum(node, &type_name(name, &pointer[base.len()..])) else {
                return Ok(());
            };
            if pointer == base {
                // The component itself is the enum: generate it open under its own name.
                open.push(found);
                return Ok(());
            }
            let reference = schema_ref(&found.name);
            *node = if node.get("nullable") == Some(&Value::Bool(true)) {
                serde_json::json!({ "nullable": true, "allOf": [reference] })
            } else {
                reference
            }
            .as_object()
            .cloned()
            .expect("built as an object");
            extracted.push((found, pointer.to_owned()));
            Ok(())
        })?;
    }
    for (found, pointer) in extracted {
        if schemas.contains_key(&found.name) || open.iter().any(|o: &OpenEnum| o.name == found.name)
        {
            return Err(NormalizeError::new(
                &pointer,
                "name-collision",
                format!(
                    "component {} already exists; rename it in the document",
                    found.name
                ),
            ));
        }
        let mut schema = serde_json::json!({ "type": "string", "enum": found.values });
        if let Some(description) = &found.description {
            schema["description"] = Value::String(description.clone());
        }
        schemas.insert(found.name.clone(), schema);
        open.push(found);
    }
    Ok(open)
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = ref_target(value) {
                into.push(target.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(list) => list.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// Drops what would make a valid-but-new server value fail to decode.
fn relax(node: &mut Map<String, Value>) {
    if node.get("additionalProperties") == Some(&Value::Bool(false)) {
        node.remove("additionalProperties");
    }
    for key in INPUT_CONSTRAINTS {
        node.remove(key);
    }
    let nullable: Vec<String> = members(node.get("properties"))
        .filter(|(_, p)| p.get("nullable") == Some(&Value::Bool(true)))
        .map(|(name, _)| name.clone())
        .collect();
    if let Some(Value::Array(required)) = node.get_mut("required") {
        required.retain(|r| r.as_str().is_none_or(|r| !nullable.iter().any(|n| n == r)));
    }
    let values = node
        .get("enum")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter(|v| !v.is_null()).count());
    let is_string = node.get("type").and_then(Value::as_str) == Some("string");
    if values.is_some_and(|n| n < 2 || !is_string) {
        node.remove("enum");
    }
}

/// A string enum of two or more values becomes an [`OpenEnum`] named `name`.
fn open_enum(node: &Map<String, Value>, name: &str) -> Option<OpenEnum> {
    let values = node.get("enum")?.as_array()?;
    let values: Vec<String> = values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    Some(OpenEnum {
        name: name.to_owned(),
        values,
        description: node
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// `ListUsersV1Item` + `/properties/role` → `ListUsersV1ItemRole`.
fn type_name(component: &str, relative_pointer: &str) -> String {
    let mut name = component.to_owned();
    let mut segments = relative_pointer.split('/').skip(1).peekable();
    while let Some(segment) = segments.next() {
        match segment {
            "properties" => {
                if let Some(prop) = segments.next() {
                    name.push_str(
                        &prop
                            .replace("~1", "/")
                            .replace("~0", "~")
                            .to_upper_camel_case(),
                    );
                }
            }
            "items" => name.push_str("Item"),
            "additionalProperties" => name.push_str("Value"),
            "allOf" | "anyOf" | "oneOf" => {
                if let Some(index) = segments.next() {
                    name.push_str(&format!("Variant{index}"));
                }
            }
            other => name.push_str(&other.to_upper_camel_case()),
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(response: Value, request: Value) -> Value {
        json!({
            "paths": { "/v1/users": { "post": {
                "operationId": "createUser_v1",
                "requestBody": { "content": { "application/json": { "schema": schema_ref("CreateUserV1Body") } } },
                "responses": { "201": { "content": { "application/json": { "schema": schema_ref("CreateUserV1Response") } } } }
            } } },
            "components": { "schemas": { "CreateUserV1Response": response, "CreateUserV1Body": request } }
        })
    }

    fn run(response: Value, request: Value) -> (Value, Vec<OpenEnum>) {
        let mut d = doc(response, request);
        let open = relax_responses(d.as_object_mut().unwrap()).unwrap();
        (d["components"]["schemas"].clone(), open)
    }

    #[test]
    fn closed_objects_in_responses_accept_unknown_fields() {
        let (schemas, _) = run(
            json!({ "type": "object", "additionalProperties": false, "properties": { "a": { "type": "object", "additionalProperties": false } } }),
            json!({ "type": "object", "additionalProperties": false }),
        );
        assert_eq!(
            schemas["CreateUserV1Response"],
            json!({ "type": "object", "properties": { "a": { "type": "object" } } })
        );
        assert_eq!(
            schemas["CreateUserV1Body"]["additionalProperties"],
            json!(false)
        );
    }

    #[test]
    fn response_enums_become_open_enum_components_and_request_enums_stay() {
        let role =
            json!({ "type": "string", "enum": ["owner", "admin"], "description": "The role." });
        let (schemas, open) = run(
            json!({ "type": "object", "properties": { "data": { "type": "array", "items": { "type": "object", "properties": { "role": role } } } } }),
            json!({ "type": "object", "properties": { "role": role } }),
        );
        assert_eq!(
            open,
            [OpenEnum {
                name: "CreateUserV1ResponseDataItemRole".into(),
                values: vec!["owner".into(), "admin".into()],
                description: Some("The role.".into()),
            }]
        );
        assert_eq!(
            schemas["CreateUserV1Response"]["properties"]["data"]["items"]["properties"]["role"],
            schema_ref("CreateUserV1ResponseDataItemRole")
        );
        assert_eq!(schemas["CreateUserV1Body"]["properties"]["role"], role);
    }

    #[test]
    fn one_value_enums_and_input_constraints_are_dropped_from_responses() {
        let (schemas, open) = run(
            json!({ "type": "object", "properties": {
                "code": { "type": "string", "enum": ["1100400"] },
                "status": { "type": "number", "enum": [400] },
                "id": { "type": "string", "pattern": "^US(.*)$", "minLength": 1 }
            } }),
            json!({ "type": "object" }),
        );
        assert!(open.is_empty());
        assert_eq!(
            schemas["CreateUserV1Response"]["properties"],
            json!({ "code": { "type": "string" }, "status": { "type": "number" }, "id": { "type": "string" } })
        );
    }

    #[test]
    fn nullable_properties_may_be_absent_in_responses() {
        let (schemas, _) = run(
            json!({ "type": "object", "required": ["a", "b"], "properties": {
                "a": { "type": "string" },
                "b": { "type": "string", "nullable": true }
            } }),
            json!({}),
        );
        assert_eq!(schemas["CreateUserV1Response"]["required"], json!(["a"]));
    }

    #[test]
    fn components_reached_through_refs_are_relaxed_too() {
        let mut d = doc(json!({ "$ref": "#/components/schemas/User" }), json!({}));
        d["components"]["schemas"]["User"] =
            json!({ "type": "object", "additionalProperties": false });
        relax_responses(d.as_object_mut().unwrap()).unwrap();
        assert_eq!(
            d["components"]["schemas"]["User"],
            json!({ "type": "object" })
        );
    }

    #[test]
    fn nullable_response_enums_stay_optional() {
        let (schemas, open) = run(
            json!({ "type": "object", "properties": { "dir": { "type": "string", "nullable": true, "enum": ["in", "out", null] } } }),
            json!({}),
        );
        assert_eq!(open[0].values, ["in", "out"]);
        assert_eq!(
            schemas["CreateUserV1Response"]["properties"]["dir"],
            json!({ "nullable": true, "allOf": [schema_ref("CreateUserV1ResponseDir")] })
        );
    }

    #[test]
    fn type_names_follow_the_path() {
        assert_eq!(
            type_name("A", "/properties/data/items/properties/call~1type"),
            "ADataItemCallType"
        );
        assert_eq!(type_name("A", "/anyOf/1/properties/kind"), "AVariant1Kind");
    }
}

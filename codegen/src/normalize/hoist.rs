//! Inline operation schemas → named components, and one error schema per operation.
//!
//! progenitor names every inline schema of an operation after the operation,
//! so the success body and the error bodies collide, and it needs all error
//! responses of an operation to share one schema. This pass gives each body a
//! readable name (`ListUsersV1Body`, `ListUsersV1Response`,
//! `ListUsersV1BadRequest`, ...) and points every error response at one
//! aggregate (`ListUsersV1Error`), which the generator turns into an enum with
//! a variant per documented status.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value, json};

use super::{
    NormalizeError, component_schemas, escape, for_each_operation, ref_target, schema_ref,
};

/// The typed error enum of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEnum {
    /// Component (and Rust type) name, e.g. `ListUsersV1Error`.
    pub name: String,
    /// The operation it belongs to, e.g. `listUsers_v1`.
    pub operation_id: String,
    /// One variant per documented error status, in document order.
    pub variants: Vec<ErrorVariant>,
}

/// One documented error status of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorVariant {
    /// The response key: `"404"`, `"4XX"` or `"default"`.
    pub status: String,
    /// Variant name, from the status: `NotFound`, `ClientError`, `Default`.
    pub name: String,
    /// Component holding the body schema, e.g. `ListUsersV1NotFound`.
    pub body: String,
}

/// Runs the pass; returns the error enums to generate.
pub(crate) fn hoist(root: &mut Map<String, Value>) -> Result<Vec<ErrorEnum>, NormalizeError> {
    let mut hoisted: Vec<(String, Value, String)> = Vec::new();
    let mut enums = Vec::new();
    let mut type_names: Vec<(String, String)> = Vec::new();
    for_each_operation(root, |pointer, id, op| {
        let name = id.to_upper_camel_case();
        if let Some((other, _)) = type_names.iter().find(|(_, n)| *n == name) {
            return Err(NormalizeError::new(
                &format!("{pointer}/operationId"),
                "operation-name",
                format!("operationId {id:?} and {other:?} both become the Rust name {name}"),
            ));
        }
        type_names.push((id.to_owned(), name.clone()));
        if let Some(body) = op.get_mut("requestBody") {
            hoist_content(
                body,
                &format!("{pointer}/requestBody"),
                &format!("{name}Body"),
                &mut hoisted,
            )?;
        }
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        let mut success: Option<String> = None;
        let mut variants = Vec::new();
        for (status, response) in responses.iter_mut() {
            let response_ptr = format!("{pointer}/responses/{}", escape(status));
            if is_success(status) {
                if let Some(schema) = hoist_content(
                    response,
                    &response_ptr,
                    &format!("{name}Response"),
                    &mut hoisted,
                )? {
                    match &success {
                        Some(seen) if *seen != schema => {
                            return Err(NormalizeError::new(
                                &response_ptr,
                                "one-success-schema",
                                format!(
                                    "a second success body ({schema}) besides {seen}; the client has one success type per operation"
                                ),
                            ));
                        }
                        _ => success = Some(schema),
                    }
                }
            } else if is_error(status) {
                let variant = variant_name(status);
                if variants.iter().any(|v: &ErrorVariant| v.name == variant) {
                    return Err(NormalizeError::new(
                        &response_ptr,
                        "error-variant",
                        format!("two error statuses both become the variant {variant}"),
                    ));
                }
                if let Some(body) = hoist_content(
                    response,
                    &response_ptr,
                    &format!("{name}{variant}"),
                    &mut hoisted,
                )? {
                    variants.push(ErrorVariant {
                        status: status.clone(),
                        name: variant,
                        body,
                    });
                }
            }
        }
        if variants.is_empty() {
            return Ok(());
        }
        let error_name = format!("{name}Error");
        // Every error response, body or not, now points at the one aggregate schema.
        for (status, response) in responses.iter_mut() {
            if is_error(status)
                && let Some(response) = response.as_object_mut()
            {
                response.insert(
                    "content".into(),
                    json!({ "application/json": { "schema": schema_ref(&error_name) } }),
                );
            }
        }
        let mut members: Vec<Value> = variants.iter().map(|v| schema_ref(&v.body)).collect();
        members.push(json!({ "description": "Any other body, kept as JSON." }));
        hoisted.push((
            error_name.clone(),
            json!({
                "description": format!("An error response of `{id}`: one variant per documented status."),
                "oneOf": members,
            }),
            format!("{pointer}/responses"),
        ));
        enums.push(ErrorEnum {
            name: error_name,
            operation_id: id.to_owned(),
            variants,
        });
        Ok(())
    })?;
    let schemas = component_schemas(root);
    for (name, schema, pointer) in hoisted {
        if schemas.contains_key(&name) {
            return Err(NormalizeError::new(
                &pointer,
                "name-collision",
                format!("component {name} already exists; rename it in the document"),
            ));
        }
        schemas.insert(name, schema);
    }
    Ok(enums)
}

/// Moves the JSON schema of `holder.content` into `hoisted` under `name`
/// (unless it already is a `$ref`) and returns the component it now names.
fn hoist_content(
    holder: &mut Value,
    pointer: &str,
    name: &str,
    hoisted: &mut Vec<(String, Value, String)>,
) -> Result<Option<String>, NormalizeError> {
    let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
        return Ok(None);
    };
    let mut named = None;
    for (media, item) in content.iter_mut() {
        if !is_json(media) {
            continue;
        }
        let Some(schema) = item.get_mut("schema") else {
            continue;
        };
        let target = match ref_target(schema) {
            Some(existing) => existing.to_owned(),
            None => {
                if hoisted.iter().any(|(n, _, _)| n == name) {
                    return Err(NormalizeError::new(
                        &format!("{pointer}/content/{}/schema", escape(media)),
                        "name-collision",
                        format!("two inline schemas would both be named {name}"),
                    ));
                }
                let inline = std::mem::replace(schema, schema_ref(name));
                hoisted.push((
                    name.to_owned(),
                    inline,
                    format!("{pointer}/content/{}/schema", escape(media)),
                ));
                name.to_owned()
            }
        };
        named = Some(target);
    }
    Ok(named)
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

pub(crate) fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

pub(crate) fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

/// `"404"` → `NotFound`, `"4XX"` → `ClientError`, `"default"` → `Default`, `"499"` → `Status499`.
fn variant_name(status: &str) -> String {
    match status {
        "4XX" | "4xx" => "ClientError".into(),
        "5XX" | "5xx" => "ServerError".into(),
        "default" => "Default".into(),
        code => code
            .parse::<u16>()
            .ok()
            .and_then(|c| http::StatusCode::from_u16(c).ok())
            .and_then(|c| c.canonical_reason())
            .map(|reason| reason.to_upper_camel_case())
            .unwrap_or_else(|| format!("Status{code}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_body(code: &str) -> Value {
        json!({ "type": "object", "properties": { "code": { "type": "string", "enum": [code] } } })
    }

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": { "/v1/users": {
                "get": {
                    "operationId": "listUsers_v1",
                    "responses": {
                        "200": { "content": { "application/json": { "schema": { "type": "object" } } } },
                        "400": { "content": { "application/json": { "schema": error_body("1100400") } } },
                        "500": { "content": { "application/json": { "schema": error_body("1101500") } } }
                    }
                },
                "post": {
                    "operationId": "createUser_v1",
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                    "responses": { "201": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } } }
                }
            } },
            "components": { "schemas": { "User": { "type": "object" } } }
        })
    }

    #[test]
    fn inline_bodies_get_names_from_operation_and_role() {
        let mut d = doc();
        hoist(d.as_object_mut().unwrap()).unwrap();
        let schemas = d["components"]["schemas"].as_object().unwrap();
        let names: Vec<_> = schemas.keys().cloned().collect();
        assert_eq!(
            names,
            [
                "User",
                "ListUsersV1Response",
                "ListUsersV1BadRequest",
                "ListUsersV1InternalServerError",
                "ListUsersV1Error",
                "CreateUserV1Body"
            ]
        );
        let get = &d["paths"]["/v1/users"]["get"]["responses"];
        assert_eq!(
            get["200"]["content"]["application/json"]["schema"],
            schema_ref("ListUsersV1Response")
        );
        assert_eq!(schemas["ListUsersV1BadRequest"], error_body("1100400"));
    }

    #[test]
    fn all_error_responses_share_one_aggregate_and_the_enum_lists_each_status() {
        let mut d = doc();
        let enums = hoist(d.as_object_mut().unwrap()).unwrap();
        let get = &d["paths"]["/v1/users"]["get"]["responses"];
        for status in ["400", "500"] {
            assert_eq!(
                get[status]["content"]["application/json"]["schema"],
                schema_ref("ListUsersV1Error")
            );
        }
        assert_eq!(
            enums,
            [ErrorEnum {
                name: "ListUsersV1Error".into(),
                operation_id: "listUsers_v1".into(),
                variants: vec![
                    ErrorVariant {
                        status: "400".into(),
                        name: "BadRequest".into(),
                        body: "ListUsersV1BadRequest".into()
                    },
                    ErrorVariant {
                        status: "500".into(),
                        name: "InternalServerError".into(),
                        body: "ListUsersV1InternalServerError".into()
                    },
                ],
            }]
        );
        assert_eq!(
            d["components"]["schemas"]["ListUsersV1Error"]["oneOf"][0],
            schema_ref("ListUsersV1BadRequest")
        );
    }

    #[test]
    fn referenced_bodies_keep_their_component() {
        let mut d = doc();
        hoist(d.as_object_mut().unwrap()).unwrap();
        let post = &d["paths"]["/v1/users"]["post"];
        assert_eq!(
            post["responses"]["201"]["content"]["application/json"]["schema"],
            schema_ref("User")
        );
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"],
            schema_ref("CreateUserV1Body")
        );
    }

    #[test]
    fn an_existing_component_with_a_generated_name_is_a_collision() {
        let mut d = doc();
        d["components"]["schemas"]["ListUsersV1Response"] = json!({});
        let err = hoist(d.as_object_mut().unwrap()).unwrap_err();
        assert_eq!(err.rule, "name-collision");
        assert_eq!(
            err.pointer,
            "/paths/~1v1~1users/get/responses/200/content/application~1json/schema"
        );
    }

    #[test]
    fn operation_ids_that_become_the_same_rust_name_are_refused() {
        let mut d = doc();
        d["paths"]["/v1/users"]["post"]["operationId"] = json!("list_users_v1");
        let err = hoist(d.as_object_mut().unwrap()).unwrap_err();
        assert_eq!(err.rule, "operation-name");
    }

    #[test]
    fn variant_names_follow_the_status() {
        assert_eq!(variant_name("402"), "PaymentRequired");
        assert_eq!(variant_name("409"), "Conflict");
        assert_eq!(variant_name("5XX"), "ServerError");
        assert_eq!(variant_name("default"), "Default");
        assert_eq!(variant_name("499"), "Status499");
    }
}

//! Published OpenAPI 3.1 document → progenitor-ready OpenAPI 3.0.3 document.
//!
//! The passes run in a fixed order, each in its own module with its own tests:
//!
//! 1. [`dialect`]: OpenAPI 3.1 / JSON Schema 2020-12 → OpenAPI 3.0.3.
//! 2. [`unions`]: unions of plain strings become one string.
//! 3. [`hoist`]: inline request, response and error schemas become named
//!    components, and each operation gets one error schema (progenitor needs
//!    one error type per operation).
//! 4. [`paginate`]: operations that page with `pageToken`/`nextPageToken`;
//!    their items get a named component.
//! 5. [`lenient`]: schemas the client *reads* stop constraining what the
//!    server may send (unknown fields, unknown enum values, patterns).
//! 6. [`parameters`]: parameter types the builders can express and that
//!    take plain integer literals.

mod dialect;
mod hoist;
mod lenient;
mod paginate;
mod parameters;
mod unions;
mod walk;

use serde_json::{Map, Value};

pub use hoist::{ErrorEnum, ErrorVariant};
pub use lenient::OpenEnum;
pub use paginate::{PAGE_SIZE, PAGE_TOKEN, PageSize, PaginatedOperation};

/// A construct no rule can translate. Displays as one line:
/// `<json pointer>: <rule>: <what is wrong>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {rule}: {message}")]
pub struct NormalizeError {
    /// JSON pointer (RFC 6901) of the offending node in the document.
    pub pointer: String,
    /// Name of the rule that refused it.
    pub rule: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl NormalizeError {
    pub(crate) fn new(pointer: &str, rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            pointer: if pointer.is_empty() {
                "/".into()
            } else {
                pointer.into()
            },
            rule,
            message: message.into(),
        }
    }
}

/// The result of [`normalize`].
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The OpenAPI 3.0.3 document handed to progenitor.
    pub spec: Value,
    /// What the generator adds on top of progenitor's output.
    pub plan: CodegenPlan,
}

/// What the generator adds on top of progenitor's output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodegenPlan {
    /// One typed error enum per operation.
    pub error_enums: Vec<ErrorEnum>,
    /// Enums read from responses, which must accept values the spec does not list.
    pub open_enums: Vec<OpenEnum>,
    /// Operations that page with `pageToken` / `nextPageToken`.
    pub paginated: Vec<PaginatedOperation>,
}

/// Normalizes a published document; see the module docs for the passes.
pub fn normalize(spec: &Value) -> Result<Normalized, NormalizeError> {
    let mut spec = translate_dialect(spec)?;
    let root = spec
        .as_object_mut()
        .expect("translate_dialect returns an object");
    let error_enums = hoist::hoist(root)?;
    let paginated = paginate::find(root)?;
    let open_enums = lenient::relax_responses(root)?;
    parameters::builder_friendly(root)?;
    Ok(Normalized {
        spec,
        plan: CodegenPlan {
            error_enums,
            open_enums,
            paginated,
        },
    })
}

/// Only the first two passes of [`normalize`] (OpenAPI 3.1 → 3.0.3, and
/// string unions): the document in 3.0.3 form with every schema still where
/// the document put it and every constraint kept. For tools that compare
/// documents as published (`cargo xtask diff`), which must see the constants
/// and constraints the later passes drop from responses.
pub fn translate_dialect(spec: &Value) -> Result<Value, NormalizeError> {
    let mut spec = spec.clone();
    let root = spec
        .as_object_mut()
        .ok_or_else(|| NormalizeError::new("", "document", "the document is not a JSON object"))?;
    dialect::translate(root)?;
    unions::merge_string_unions(root)?;
    Ok(spec)
}

/// HTTP methods that carry an operation in a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Escapes one JSON-pointer reference token (RFC 6901).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Calls `f` for every operation: its JSON pointer, its `operationId` and the operation object.
pub(crate) fn for_each_operation(
    root: &mut Map<String, Value>,
    mut f: impl FnMut(&str, &str, &mut Map<String, Value>) -> Result<(), NormalizeError>,
) -> Result<(), NormalizeError> {
    let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let pointer = format!("/paths/{}/{method}", escape(path));
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    NormalizeError::new(&pointer, "operation-id", "operation has no operationId")
                })?
                .to_owned();
            f(&pointer, &id, op)?;
        }
    }
    Ok(())
}

/// The members of an object; none when it is missing or not an object.
pub(crate) fn members(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// Every operation of a document, read-only: its JSON pointer and the operation object.
pub(crate) fn operations(spec: &Value) -> impl Iterator<Item = (String, &Value)> {
    let paths = members(spec.get("paths"));
    paths.flat_map(|(path, item)| {
        METHODS.iter().filter_map(move |method| {
            let op = item.get(*method)?;
            Some((format!("/paths/{}/{method}", escape(path)), op))
        })
    })
}

/// The `components/schemas` map, created when missing.
pub(crate) fn component_schemas(root: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let schemas = components
        .as_object_mut()
        .expect("just made an object")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    schemas.as_object_mut().expect("just made an object")
}

/// The component name a local `$ref` points at (`#/components/schemas/Name`).
pub(crate) fn ref_target(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// A `$ref` to a component schema.
pub(crate) fn schema_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn translate_dialect_runs_the_dialect_and_union_passes_only() {
        let error = json!({ "type": "object", "properties": {
            "code": { "type": "string", "const": "0800409" },
            "id": { "type": ["string", "null"], "pattern": "^CT" },
            "to": { "anyOf": [{ "type": "string", "pattern": "^PN" }, { "type": "string", "pattern": "^\\+" }] }
        } });
        let spec = json!({
            "openapi": "3.1.0",
            "paths": { "/v1/contacts": { "post": {
                "operationId": "createContact_v1",
                "responses": { "409": { "content": { "application/json": { "schema": error } } } }
            } } }
        });
        let translated = translate_dialect(&spec).unwrap();
        assert_eq!(translated["openapi"], "3.0.3");
        assert!(translated.get("components").is_none(), "nothing is hoisted");
        let body = &translated["paths"]["/v1/contacts"]["post"]["responses"]["409"]["content"]["application/json"]
            ["schema"]["properties"];
        assert_eq!(
            body["code"],
            json!({ "type": "string", "enum": ["0800409"] })
        );
        assert_eq!(
            body["id"],
            json!({ "type": "string", "nullable": true, "pattern": "^CT" })
        );
        assert_eq!(
            body["to"],
            json!({ "type": "string", "pattern": "(?:^PN)|(?:^\\+)" })
        );
        let err = translate_dialect(&json!([])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/: document: the document is not a JSON object"
        );
    }
}

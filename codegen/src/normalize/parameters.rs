//! Parameter schemas tuned for the builder API.
//!
//! An optional parameter whose schema is an object or a union becomes a
//! struct builder, which progenitor cannot make optional (it stops with an
//! internal error); such a parameter is refused here with its pointer.
//!
//! progenitor types an integer with `minimum: 1` as `NonZeroU64`, and
//! `.max_results(50)` then fails to compile (an `i32` literal has no
//! conversion to it). A positive minimum on an integer parameter moves into
//! its description, so the parameter is a plain `i64`; the server still
//! enforces the documented bound.

use serde_json::{Map, Value, json};

use super::{NormalizeError, for_each_operation};

/// Runs both rules over every operation parameter.
pub(crate) fn builder_friendly(root: &mut Map<String, Value>) -> Result<(), NormalizeError> {
    for_each_operation(root, |pointer, _, op| {
        let params = op.get_mut("parameters").and_then(Value::as_array_mut);
        for (i, param) in params.into_iter().flatten().enumerate() {
            let required = param.get("required") == Some(&Value::Bool(true));
            let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
                continue;
            };
            if !required && is_structured(schema) {
                return Err(NormalizeError::new(
                    &format!("{pointer}/parameters/{i}/schema"),
                    "parameter-type",
                    "an optional parameter must be a plain value or a list of plain values, not an object or union",
                ));
            }
            plain_integer(schema);
        }
        Ok(())
    })
}

fn is_structured(schema: &Map<String, Value>) -> bool {
    schema.get("type") == Some(&json!("object"))
        || ["anyOf", "oneOf", "allOf"]
            .iter()
            .any(|k| schema.contains_key(*k))
}

/// `minimum: n > 0` on an integer → no minimum, the bound kept in the description.
fn plain_integer(schema: &mut Map<String, Value>) {
    let positive = schema
        .get("minimum")
        .and_then(Value::as_f64)
        .is_some_and(|m| m > 0.0);
    if schema.get("type") != Some(&json!("integer")) || !positive {
        return;
    }
    let minimum = schema.remove("minimum").expect("checked");
    let note = format!("At least {minimum}.");
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(text) => format!("{text} {note}"),
        None => note,
    };
    schema.insert("description".into(), json!(description));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_structured_parameters_are_refused_with_their_pointer() {
        let mut doc = json!({ "paths": { "/v1/x": { "get": {
            "operationId": "x",
            "parameters": [{ "name": "f", "in": "query", "schema": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } }]
        } } } });
        let err = builder_friendly(doc.as_object_mut().unwrap()).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1v1~1x/get/parameters/0/schema");
        assert_eq!(err.rule, "parameter-type");
    }

    #[test]
    fn positive_integer_minimums_move_into_the_description() {
        let mut doc = json!({ "paths": { "/v1/users": { "get": {
            "operationId": "listUsers_v1",
            "parameters": [
                { "name": "maxResults", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 50, "description": "Page size." } },
                { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": -5 } }
            ]
        } } } });
        builder_friendly(doc.as_object_mut().unwrap()).unwrap();
        let params = &doc["paths"]["/v1/users"]["get"]["parameters"];
        assert_eq!(
            params[0]["schema"],
            json!({ "type": "integer", "maximum": 50, "description": "Page size. At least 1." })
        );
        assert_eq!(params[1]["schema"]["minimum"], json!(-5));
    }
}

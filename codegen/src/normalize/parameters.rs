//! Parameter schemas tuned for the builder API.
//!
//! progenitor types an integer with `minimum: 1` as `NonZeroU64`, and
//! `.max_results(50)` then fails to compile (an `i32` literal has no
//! conversion to it). Integer parameters with a positive minimum take the
//! unsigned form instead (`minimum: 0`, so `u64`); the server still enforces
//! the documented bound, and the spec's own bound stays in the description.

use serde_json::{Map, Value, json};

use super::{NormalizeError, for_each_operation};

/// Runs the rule over every operation parameter.
pub(crate) fn plain_integers(root: &mut Map<String, Value>) -> Result<(), NormalizeError> {
    for_each_operation(root, |_, _, op| {
        let params = op
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten();
        for schema in params
            .filter_map(|p| p.get_mut("schema"))
            .filter_map(Value::as_object_mut)
        {
            let positive = schema
                .get("minimum")
                .and_then(Value::as_f64)
                .is_some_and(|m| m > 0.0);
            if schema.get("type") == Some(&json!("integer")) && positive {
                let minimum = schema.insert("minimum".into(), json!(0)).expect("checked");
                let note = format!("At least {minimum}.");
                let description = match schema.get("description").and_then(Value::as_str) {
                    Some(text) => format!("{text} {note}"),
                    None => note,
                };
                schema.insert("description".into(), json!(description));
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_integer_minimums_become_unsigned() {
        let mut doc = json!({ "paths": { "/v1/users": { "get": {
            "operationId": "listUsers_v1",
            "parameters": [
                { "name": "maxResults", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 50, "description": "Page size." } },
                { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": -5 } }
            ]
        } } } });
        plain_integers(doc.as_object_mut().unwrap()).unwrap();
        let params = &doc["paths"]["/v1/users"]["get"]["parameters"];
        assert_eq!(
            params[0]["schema"],
            json!({ "type": "integer", "minimum": 0, "maximum": 50, "description": "Page size. At least 1." })
        );
        assert_eq!(params[1]["schema"]["minimum"], json!(-5));
    }
}

//! OpenAPI 3.1 (JSON Schema 2020-12) → OpenAPI 3.0.3, one rule per function.

use serde_json::{Map, Value, json};

use super::{NormalizeError, walk};

/// JSON Schema keywords with no OpenAPI 3.0 equivalent and no safe rewrite.
const UNSUPPORTED: [&str; 12] = [
    "prefixItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$defs",
];

/// Annotations that 3.0 does not know and that carry no type information.
const DROPPED: [&str; 6] = [
    "$id",
    "$schema",
    "$comment",
    "$anchor",
    "contentMediaType",
    "contentEncoding",
];

/// Runs every dialect rule over the whole document.
pub(crate) fn translate(root: &mut Map<String, Value>) -> Result<(), NormalizeError> {
    version(root)?;
    walk::all_schemas(root, &mut |schema, pointer| {
        unsupported(schema, pointer)?;
        for key in DROPPED {
            schema.remove(key);
        }
        type_list(schema, pointer)?;
        const_to_enum(schema, pointer)?;
        examples_to_example(schema);
        exclusive_bounds(schema, pointer)?;
        ref_with_siblings(schema);
        null_member(schema, pointer)
    })
}

/// `openapi: 3.1.x` → `3.0.3`; 3.0.x is kept; anything else is refused.
fn version(root: &mut Map<String, Value>) -> Result<(), NormalizeError> {
    let version = root.get("openapi").and_then(Value::as_str).unwrap_or("");
    if version.starts_with("3.1.") {
        root.insert("openapi".into(), json!("3.0.3"));
        // 3.1-only top-level members progenitor would not understand.
        root.remove("webhooks");
        root.remove("jsonSchemaDialect");
        Ok(())
    } else if version.starts_with("3.0.") {
        Ok(())
    } else {
        Err(NormalizeError::new(
            "/openapi",
            "version",
            format!("openapi version {version:?} is not 3.0.x or 3.1.x"),
        ))
    }
}

fn unsupported(schema: &Map<String, Value>, pointer: &str) -> Result<(), NormalizeError> {
    match UNSUPPORTED.iter().find(|k| schema.contains_key(**k)) {
        Some(key) => Err(NormalizeError::new(
            &format!("{pointer}/{key}"),
            "unsupported-keyword",
            format!("JSON Schema keyword `{key}` has no OpenAPI 3.0 form"),
        )),
        None => Ok(()),
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → `anyOf`.
fn type_list(schema: &mut Map<String, Value>, pointer: &str) -> Result<(), NormalizeError> {
    let Some(Value::Array(types)) = schema.get("type") else {
        return Ok(());
    };
    let mut names = Vec::new();
    let mut nullable = false;
    for t in types {
        match t.as_str() {
            Some("null") => nullable = true,
            Some(name) => names.push(name.to_owned()),
            None => {
                return Err(NormalizeError::new(
                    &format!("{pointer}/type"),
                    "type-list",
                    "`type` list holds a value that is not a string",
                ));
            }
        }
    }
    match names.as_slice() {
        [] => {
            return Err(NormalizeError::new(
                &format!("{pointer}/type"),
                "type-list",
                "a schema whose only type is null carries no value",
            ));
        }
        [one] => {
            schema.insert("type".into(), json!(one));
        }
        many => {
            schema.remove("type");
            let members = many.iter().map(|t| json!({ "type": t })).collect();
            schema.insert("anyOf".into(), Value::Array(members));
        }
    }
    if nullable {
        schema.insert("nullable".into(), json!(true));
    }
    Ok(())
}

/// `const: v` → `enum: [v]`.
fn const_to_enum(schema: &mut Map<String, Value>, pointer: &str) -> Result<(), NormalizeError> {
    let Some(value) = schema.remove("const") else {
        return Ok(());
    };
    if let Some(list) = schema.get("enum").and_then(Value::as_array)
        && !list.contains(&value)
    {
        return Err(NormalizeError::new(
            &format!("{pointer}/const"),
            "const",
            "`const` is not among the schema's `enum` values: no value can match",
        ));
    }
    schema.insert("enum".into(), json!([value]));
    Ok(())
}

/// `examples: [a, ...]` → `example: a` (3.0 schemas have a single example).
fn examples_to_example(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = schema.remove("examples")
        && !schema.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        schema.insert("example".into(), first);
    }
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and the same for maximum).
fn exclusive_bounds(schema: &mut Map<String, Value>, pointer: &str) -> Result<(), NormalizeError> {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() else {
            continue;
        };
        if schema.contains_key(inclusive) {
            return Err(NormalizeError::new(
                &format!("{pointer}/{exclusive}"),
                "exclusive-bound",
                format!("both `{exclusive}` and `{inclusive}` are set; OpenAPI 3.0 has one bound"),
            ));
        }
        schema.insert(inclusive.into(), bound);
        schema.insert(exclusive.into(), json!(true));
    }
    Ok(())
}

/// `{$ref, description, ...}` → `{allOf: [{$ref}], description, ...}`: 3.0 ignores `$ref` siblings.
fn ref_with_siblings(schema: &mut Map<String, Value>) {
    if schema.len() > 1
        && let Some(reference) = schema.remove("$ref")
    {
        schema.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
}

/// `anyOf`/`oneOf` with a `{type: null}` member → the other members, `nullable: true`.
/// A single remaining member is merged into the schema itself.
fn null_member(schema: &mut Map<String, Value>, pointer: &str) -> Result<(), NormalizeError> {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = schema.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        let mut members = match schema.remove(key) {
            Some(Value::Array(members)) => members,
            _ => unreachable!("checked above"),
        };
        schema.insert("nullable".into(), json!(true));
        match members.len() {
            0 => {
                return Err(NormalizeError::new(
                    &format!("{pointer}/{key}"),
                    "null-member",
                    format!("every `{key}` member is null: the schema carries no value"),
                ));
            }
            1 => merge_member(schema, members.remove(0)),
            _ => {
                schema.insert(key.into(), Value::Array(members));
            }
        }
    }
    Ok(())
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("null"))
        || schema.get("enum") == Some(&json!([null]))
        || schema.get("const") == Some(&Value::Null)
}

/// Folds the one non-null member into its parent; the parent's own annotations win.
fn merge_member(parent: &mut Map<String, Value>, member: Value) {
    let Value::Object(member) = member else {
        return;
    };
    if member.contains_key("$ref") {
        parent.insert("allOf".into(), json!([member]));
        return;
    }
    for (key, value) in member {
        parent.entry(key).or_insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(schema: Value) -> Result<Value, NormalizeError> {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": { "schemas": { "S": schema } }
        });
        translate(doc.as_object_mut().unwrap())?;
        Ok(doc["components"]["schemas"]["S"].clone())
    }

    #[test]
    fn version_31_becomes_303_and_30_is_kept() {
        let mut doc = json!({ "openapi": "3.1.0", "webhooks": {} });
        translate(doc.as_object_mut().unwrap()).unwrap();
        assert_eq!(doc, json!({ "openapi": "3.0.3" }));
        let mut doc = json!({ "openapi": "3.0.1" });
        translate(doc.as_object_mut().unwrap()).unwrap();
        assert_eq!(doc["openapi"], "3.0.1");
    }

    #[test]
    fn other_versions_are_refused_at_openapi() {
        let mut doc = json!({ "openapi": "2.0" });
        let err = translate(doc.as_object_mut().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/openapi: version: openapi version \"2.0\" is not 3.0.x or 3.1.x"
        );
    }

    #[test]
    fn any_of_with_null_becomes_nullable() {
        let s =
            one(json!({ "anyOf": [{ "type": "string", "description": "d" }, { "type": "null" }] }));
        assert_eq!(
            s.unwrap(),
            json!({ "nullable": true, "type": "string", "description": "d" })
        );
    }

    #[test]
    fn parent_annotations_win_over_the_merged_member() {
        let s = one(json!({
            "description": "outer",
            "oneOf": [{ "type": "null" }, { "type": "integer", "description": "inner" }]
        }));
        assert_eq!(
            s.unwrap(),
            json!({ "description": "outer", "nullable": true, "type": "integer" })
        );
    }

    #[test]
    fn nullable_ref_becomes_all_of() {
        let s = one(json!({ "anyOf": [{ "$ref": "#/components/schemas/T" }, { "type": "null" }] }));
        assert_eq!(
            s.unwrap(),
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
    }

    #[test]
    fn several_members_stay_a_union_marked_nullable() {
        let s = one(
            json!({ "anyOf": [{ "type": "string" }, { "type": "number" }, { "type": "null" }] }),
        );
        assert_eq!(
            s.unwrap(),
            json!({ "nullable": true, "anyOf": [{ "type": "string" }, { "type": "number" }] })
        );
    }

    #[test]
    fn only_null_members_are_refused() {
        let err = one(json!({ "anyOf": [{ "type": "null" }] })).unwrap_err();
        assert_eq!(err.pointer, "/components/schemas/S/anyOf");
        assert_eq!(err.rule, "null-member");
    }

    #[test]
    fn type_list_with_null_becomes_nullable() {
        assert_eq!(
            one(json!({ "type": ["string", "null"] })).unwrap(),
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            one(json!({ "type": ["string", "integer"] })).unwrap(),
            json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] })
        );
    }

    #[test]
    fn const_becomes_one_value_enum() {
        assert_eq!(
            one(json!({ "type": "string", "const": "1100400" })).unwrap(),
            json!({ "type": "string", "enum": ["1100400"] })
        );
        let err = one(json!({ "const": "a", "enum": ["b"] })).unwrap_err();
        assert_eq!(err.rule, "const");
    }

    #[test]
    fn examples_become_the_first_example() {
        assert_eq!(
            one(json!({ "type": "string", "examples": ["a", "b"] })).unwrap(),
            json!({ "type": "string", "example": "a" })
        );
        assert_eq!(
            one(json!({ "type": "string", "examples": ["a"], "example": "z" })).unwrap(),
            json!({ "type": "string", "example": "z" })
        );
    }

    #[test]
    fn numeric_exclusive_bounds_take_the_30_form() {
        assert_eq!(
            one(json!({ "type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10 }))
                .unwrap(),
            json!({ "type": "integer", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10 })
        );
        let err = one(json!({ "exclusiveMinimum": 0, "minimum": 1 })).unwrap_err();
        assert_eq!(err.rule, "exclusive-bound");
    }

    #[test]
    fn ref_with_siblings_is_wrapped() {
        assert_eq!(
            one(json!({ "$ref": "#/components/schemas/T", "description": "d" })).unwrap(),
            json!({ "description": "d", "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
    }

    #[test]
    fn unknown_annotations_are_dropped_and_unsupported_keywords_refused() {
        assert_eq!(
            one(json!({ "$id": "S", "type": "object" })).unwrap(),
            json!({ "type": "object" })
        );
        let err = one(json!({ "type": "object", "properties": { "a": { "prefixItems": [] } } }))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "/components/schemas/S/properties/a/prefixItems: unsupported-keyword: JSON Schema keyword `prefixItems` has no OpenAPI 3.0 form"
        );
    }

    #[test]
    fn nested_schemas_in_operations_are_translated() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": { "/v1/x": { "get": {
                "parameters": [{ "name": "q", "in": "query", "schema": { "const": 1 } }],
                "responses": { "200": { "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": { "a": { "type": "array", "items": { "type": ["string", "null"] } } }
                } } } } }
            } } }
        });
        translate(doc.as_object_mut().unwrap()).unwrap();
        let op = &doc["paths"]["/v1/x"]["get"];
        assert_eq!(op["parameters"][0]["schema"], json!({ "enum": [1] }));
        let items = &op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
            ["a"]["items"];
        assert_eq!(items, &json!({ "type": "string", "nullable": true }));
    }
}

//! Unions of plain strings become one string schema.
//!
//! The document often says "a phone number ID *or* an E.164 number" as
//! `anyOf: [{type: string, pattern: A}, {type: string, pattern: B}]`.
//! progenitor turns any `anyOf` into a struct of optional parts, which is
//! awkward to build and cannot be an optional parameter at all (it stops with
//! an internal error). A union of strings is a string: this pass writes it as
//! one, keeping the members' patterns as one alternation (`(?:A)|(?:B)`), or
//! none when a member accepts any string.

use serde_json::{Map, Value, json};

use super::{NormalizeError, walk};

/// Keywords that make a member more than a plain string.
const NOT_PLAIN: [&str; 6] = ["enum", "$ref", "anyOf", "oneOf", "allOf", "format"];

/// Runs the rule over every schema.
pub(crate) fn merge_string_unions(root: &mut Map<String, Value>) -> Result<(), NormalizeError> {
    walk::all_schemas(root, &mut |schema, _| {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = schema.get(key) else {
                continue;
            };
            if members.len() < 2 || !members.iter().all(is_plain_string) {
                continue;
            }
            let patterns: Option<Vec<&str>> = members
                .iter()
                .map(|m| m.get("pattern").and_then(Value::as_str))
                .collect();
            let pattern = patterns.map(|p| {
                p.iter()
                    .map(|p| format!("(?:{p})"))
                    .collect::<Vec<_>>()
                    .join("|")
            });
            let members = members.clone();
            schema.remove(key);
            schema.insert("type".into(), json!("string"));
            if let Some(pattern) = pattern {
                schema.insert("pattern".into(), json!(pattern));
            }
            // The union's own annotations win, then the first member's that has one.
            for annotation in ["description", "example"] {
                if let Some(value) = members.iter().find_map(|m| m.get(annotation))
                    && !schema.contains_key(annotation)
                {
                    schema.insert(annotation.into(), value.clone());
                }
            }
        }
        Ok(())
    })
}

fn is_plain_string(member: &Value) -> bool {
    member.get("type") == Some(&json!("string"))
        && NOT_PLAIN.iter().all(|k| member.get(*k).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(schema: Value) -> Value {
        let mut doc = json!({ "components": { "schemas": { "S": schema } } });
        merge_string_unions(doc.as_object_mut().unwrap()).unwrap();
        doc["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn patterned_string_unions_become_one_alternation() {
        let s = one(json!({
            "description": "ID or number",
            "anyOf": [{ "type": "string", "pattern": "^PN(.*)$" }, { "type": "string", "pattern": "^\\+[1-9]\\d{1,14}$", "description": "E.164" }]
        }));
        assert_eq!(
            s,
            json!({ "description": "ID or number", "type": "string", "pattern": "(?:^PN(.*)$)|(?:^\\+[1-9]\\d{1,14}$)" })
        );
    }

    #[test]
    fn a_member_without_pattern_makes_the_union_any_string() {
        let s = one(
            json!({ "anyOf": [{ "type": "string", "pattern": "^PN" }, { "type": "string", "description": "E.164" }] }),
        );
        assert_eq!(s, json!({ "type": "string", "description": "E.164" }));
    }

    #[test]
    fn unions_with_other_members_are_left_alone() {
        let union = json!({ "anyOf": [{ "type": "string" }, { "type": "number" }] });
        assert_eq!(one(union.clone()), union);
        let enums = json!({ "oneOf": [{ "type": "string", "enum": ["a"] }, { "type": "string" }] });
        assert_eq!(one(enums.clone()), enums);
    }
}

//! Parsing and checking the document, and its canonical form.

use std::collections::HashMap;

use serde_json::Value;

/// The operation keys of an OpenAPI path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Parses the body as JSON; the error says where and shows how the body starts,
/// which is what tells an HTML error page from a cut-off document.
pub(crate) fn parse(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|err| {
        let (line, column) = (err.line(), err.column());
        let text = err.to_string();
        let reason = text
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&text);
        format!(
            "not JSON at line {line} column {column}: {reason} (body starts with {:?})",
            start_of(body)
        )
    })
}

/// The first line of the body, at most 40 characters.
fn start_of(body: &[u8]) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(160)]);
    head.lines().next().unwrap_or("").chars().take(40).collect()
}

/// Checks what every later step relies on: an OpenAPI 3.0/3.1 object with
/// `info`, a non-empty `paths`, and a unique `operationId` on every operation
/// (the generated client names its methods after them).
pub(crate) fn check(doc: &Value) -> Result<(), String> {
    let Some(top) = doc.as_object() else {
        return Err("not an OpenAPI document: the top level is not a JSON object".into());
    };
    match top.get("openapi") {
        Some(Value::String(version)) if is_supported_version(version) => {}
        Some(version) => return Err(format!("openapi version {version} is not 3.0.x or 3.1.x")),
        None => match top.get("swagger") {
            Some(version) => {
                return Err(format!(
                    "swagger version {version} is not OpenAPI 3.0.x or 3.1.x"
                ));
            }
            None => return Err(r#"no "openapi" version field"#.into()),
        },
    }
    match top.get("info") {
        Some(Value::Object(_)) => {}
        Some(_) => return Err(r#""info" is not an object"#.into()),
        None => return Err(r#"no "info" object"#.into()),
    }
    match top.get("paths") {
        Some(Value::Object(paths)) if paths.is_empty() => return Err(r#""paths" is empty"#.into()),
        Some(Value::Object(paths)) => {
            if let Some((path, _)) = paths.iter().find(|(_, item)| !item.is_object()) {
                return Err(format!("path item {path:?} is not an object"));
            }
        }
        Some(_) => return Err(r#""paths" is not an object"#.into()),
        None => return Err(r#"no "paths" object"#.into()),
    }
    check_operation_ids(doc)
}

fn is_supported_version(version: &str) -> bool {
    let patch = version
        .strip_prefix("3.0.")
        .or_else(|| version.strip_prefix("3.1."));
    patch.is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn check_operation_ids(doc: &Value) -> Result<(), String> {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for operation in operations(doc) {
        let label = operation.label();
        let id = match operation.body.get("operationId") {
            Some(Value::String(id)) if !id.is_empty() => id,
            Some(Value::String(_)) => return Err(format!("{label} has an empty operationId")),
            Some(_) => return Err(format!("{label} has an operationId that is not a string")),
            None => return Err(format!("{label} has no operationId")),
        };
        if let Some(first) = seen.insert(id, label.clone()) {
            return Err(format!(
                "operationId {id:?} is used by both {first} and {label}"
            ));
        }
    }
    Ok(())
}

/// One operation of the document.
pub(crate) struct Operation<'a> {
    pub method: &'static str,
    pub path: &'a str,
    pub body: &'a Value,
}

impl Operation<'_> {
    /// `GET /v1/users`, as people name operations.
    fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    pub fn id(&self) -> Option<&str> {
        self.body.get("operationId")?.as_str()
    }
}

/// Every operation under `paths`, in document order.
pub(crate) fn operations(doc: &Value) -> impl Iterator<Item = Operation<'_>> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    paths.flat_map(|(path, item)| {
        METHODS.into_iter().filter_map(move |method| {
            let body = item.get(method)?;
            Some(Operation { method, path, body })
        })
    })
}

/// The bytes committed for a document: two-space pretty JSON in published key
/// order with one trailing newline, so diffs show only real changes.
pub(crate) fn canonical_bytes(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("a serde_json::Value always serializes");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn minimal() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a": { "get": { "operationId": "getA" } } }
        })
    }

    #[test]
    fn a_minimal_document_passes() {
        assert_eq!(check(&minimal()), Ok(()));
    }

    #[test]
    fn versions_outside_3_0_and_3_1_are_refused() {
        for version in ["3.0.3", "3.1.0", "3.1.12"] {
            assert!(is_supported_version(version), "{version}");
        }
        for version in ["2.0", "3.2.0", "3.1", "3.1.", "3.1.0-rc1", "4.0.0"] {
            assert!(!is_supported_version(version), "{version}");
        }
        let mut doc = minimal();
        doc["openapi"] = json!(3.1);
        assert_eq!(
            check(&doc),
            Err("openapi version 3.1 is not 3.0.x or 3.1.x".into())
        );
    }

    #[test]
    fn swagger_documents_are_named_as_such() {
        let mut doc = minimal();
        doc.as_object_mut().unwrap().remove("openapi");
        doc["swagger"] = json!("2.0");
        assert_eq!(
            check(&doc),
            Err(r#"swagger version "2.0" is not OpenAPI 3.0.x or 3.1.x"#.into())
        );
    }

    #[test]
    fn operations_need_a_string_operation_id() {
        let mut doc = minimal();
        doc["paths"]["/a"]["get"]["operationId"] = json!(7);
        assert_eq!(
            check(&doc),
            Err("GET /a has an operationId that is not a string".into())
        );
    }

    #[test]
    fn non_operation_keys_of_a_path_item_are_ignored() {
        let mut doc = minimal();
        doc["paths"]["/a"]["parameters"] = json!([]);
        doc["paths"]["/a"]["summary"] = json!("not an operation");
        assert_eq!(check(&doc), Ok(()));
    }

    #[test]
    fn parse_errors_give_position_and_body_start() {
        assert_eq!(
            parse(b"<!DOCTYPE html>\n<html></html>").unwrap_err(),
            r#"not JSON at line 1 column 1: expected value (body starts with "<!DOCTYPE html>")"#
        );
        assert_eq!(
            parse(b"{\n  \"a\": [1,\n").unwrap_err(),
            r#"not JSON at line 3 column 0: EOF while parsing a value (body starts with "{")"#
        );
    }
}

//! What changed between two documents: names added and removed, in numbers a
//! reviewer can check, then the API changes `cargo xtask diff` finds.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::{SPEC_FILE, document};
use crate::diff::{self, Document};

/// API changes listed under the counts; `cargo xtask diff` lists the rest.
const LISTED_CHANGES: usize = 12;

/// What fetch prints about a document that differs from the committed one
/// (`None` before the first fetch): the name counts, then the API changes,
/// breaking first.
pub fn describe(committed: Option<&Value>, fetched: &Value, source: &str) -> String {
    let counts = summarize(committed, fetched);
    let Some(committed) = committed else {
        return counts.to_string();
    };
    let old = Document {
        label: SPEC_FILE,
        spec: committed,
    };
    let new = Document {
        label: source,
        spec: fetched,
    };
    match diff::compare(old, new) {
        Ok(report) => format!("{counts}\n{}", diff::brief(&report, LISTED_CHANGES)),
        Err(err) => format!("{counts}\nno API diff: {err:#}"),
    }
}

/// Operations (by `operationId`) and schemas (by `components.schemas` key)
/// added and removed, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSummary {
    pub operations_added: Vec<String>,
    pub operations_removed: Vec<String>,
    pub schemas_added: Vec<String>,
    pub schemas_removed: Vec<String>,
}

/// Compares `old` (absent before the first fetch) with `new`.
pub fn summarize(old: Option<&Value>, new: &Value) -> ChangeSummary {
    let (old_operations, old_schemas) = old
        .map(|old| (operation_ids(old), schema_names(old)))
        .unwrap_or_default();
    let (new_operations, new_schemas) = (operation_ids(new), schema_names(new));
    ChangeSummary {
        operations_added: difference(&new_operations, &old_operations),
        operations_removed: difference(&old_operations, &new_operations),
        schemas_added: difference(&new_schemas, &old_schemas),
        schemas_removed: difference(&old_schemas, &new_schemas),
    }
}

fn operation_ids(doc: &Value) -> BTreeSet<String> {
    document::operations(doc)
        .filter_map(|operation| operation.id().map(str::to_string))
        .collect()
}

fn schema_names(doc: &Value) -> BTreeSet<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

fn difference(left: &BTreeSet<String>, right: &BTreeSet<String>) -> Vec<String> {
    left.difference(right).cloned().collect()
}

impl fmt::Display for ChangeSummary {
    /// `operations: 1 added (createUser_v1), 0 removed; schemas: 0 added, 0 removed`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("operations: ")?;
        write_counts(f, &self.operations_added, &self.operations_removed)?;
        f.write_str("; schemas: ")?;
        write_counts(f, &self.schemas_added, &self.schemas_removed)?;
        if *self == ChangeSummary::default() {
            f.write_str(" (the change is inside existing operations or schemas)")?;
        }
        Ok(())
    }
}

fn write_counts(f: &mut fmt::Formatter<'_>, added: &[String], removed: &[String]) -> fmt::Result {
    for (index, (names, verb)) in [(added, "added"), (removed, "removed")]
        .into_iter()
        .enumerate()
    {
        if index > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{} {verb}", names.len())?;
        if !names.is_empty() {
            write!(f, " ({})", names.join(", "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(operations: &[(&str, &str)], schemas: &[&str]) -> Value {
        let mut paths = serde_json::Map::new();
        for (path, id) in operations {
            paths.insert(path.to_string(), json!({ "get": { "operationId": id } }));
        }
        let schemas: serde_json::Map<String, Value> = schemas
            .iter()
            .map(|name| (name.to_string(), json!({})))
            .collect();
        json!({ "paths": paths, "components": { "schemas": schemas } })
    }

    #[test]
    fn counts_added_and_removed_by_name() {
        let old = doc(&[("/a", "getA"), ("/b", "getB")], &["A", "B"]);
        let new = doc(&[("/a", "getA"), ("/c", "getC"), ("/d", "getD")], &["B"]);
        let summary = summarize(Some(&old), &new);
        assert_eq!(
            summary.to_string(),
            "operations: 2 added (getC, getD), 1 removed (getB); schemas: 0 added, 1 removed (A)"
        );
    }

    #[test]
    fn a_first_fetch_adds_everything() {
        let new = doc(&[("/a", "getA")], &[]);
        assert_eq!(
            summarize(None, &new).to_string(),
            "operations: 1 added (getA), 0 removed; schemas: 0 added, 0 removed"
        );
    }

    #[test]
    fn same_names_say_where_the_change_is() {
        let old = doc(&[("/a", "getA")], &["A"]);
        assert_eq!(
            summarize(Some(&old), &old).to_string(),
            "operations: 0 added, 0 removed; schemas: 0 added, 0 removed \
             (the change is inside existing operations or schemas)"
        );
    }
}

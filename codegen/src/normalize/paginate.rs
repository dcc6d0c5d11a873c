//! Operations that page with `pageToken` in and `{data, nextPageToken}` out.
//!
//! Their items get a named component (`ListUsersV1Item`) so the generated
//! `stream()` method can name the type it yields.

use serde_json::{Map, Value};

use super::{
    NormalizeError, component_schemas, for_each_operation, hoist::is_success, members, ref_target,
    schema_ref,
};

/// The query parameter that asks for the next page.
pub const PAGE_TOKEN: &str = "pageToken";
/// The query parameter that sets the page size.
pub const PAGE_SIZE: &str = "maxResults";

/// An operation the generator gives a `stream()` method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginatedOperation {
    /// e.g. `listUsers_v1`.
    pub operation_id: String,
    /// Component of the page body, e.g. `ListUsersV1Response`.
    pub page: String,
    /// Component of one item of `data`, e.g. `ListUsersV1Item`.
    pub item: String,
    /// The `maxResults` parameter, when the operation has one.
    pub page_size: Option<PageSize>,
}

/// What the spec says of an operation's `maxResults` parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSize {
    /// The largest page size allowed (`maximum`), used when the caller sets none.
    pub max: Option<u64>,
    /// Whether the parameter is required.
    pub required: bool,
}

/// Finds the paginated operations and names their item schemas.
pub(crate) fn find(
    root: &mut Map<String, Value>,
) -> Result<Vec<PaginatedOperation>, NormalizeError> {
    let mut found = Vec::new();
    let schemas = component_schemas(root).clone();
    for_each_operation(root, |_, id, op| {
        let params = op.get("parameters").and_then(Value::as_array);
        let param = |name: &str| {
            params.and_then(|ps| {
                ps.iter().find(|p| {
                    p.get("name").and_then(Value::as_str) == Some(name)
                        && p.get("in").and_then(Value::as_str) == Some("query")
                })
            })
        };
        if param(PAGE_TOKEN).is_none() {
            return Ok(());
        }
        let page = members(op.get("responses"))
            .filter(|(status, _)| is_success(status))
            .find_map(|(_, r)| {
                r.pointer("/content/application~1json/schema")
                    .and_then(ref_target)
            });
        let Some(page) = page.map(str::to_owned) else {
            return Ok(());
        };
        let Some(props) = schemas.get(&page).and_then(|s| s.get("properties")) else {
            return Ok(());
        };
        if props.get("nextPageToken").is_none() || props.pointer("/data/items").is_none() {
            return Ok(());
        }
        let page_size = param(PAGE_SIZE).map(|p| PageSize {
            max: p.pointer("/schema/maximum").and_then(Value::as_u64),
            required: p.get("required") == Some(&Value::Bool(true)),
        });
        found.push(PaginatedOperation {
            operation_id: id.to_owned(),
            item: page.trim_end_matches("Response").to_owned() + "Item",
            page,
            page_size,
        });
        Ok(())
    })?;
    let schemas = component_schemas(root);
    for op in &mut found {
        let items = schemas
            .get_mut(&op.page)
            .and_then(|s| s.pointer_mut("/properties/data/items"))
            .expect("checked while finding");
        if let Some(existing) = ref_target(items) {
            op.item = existing.to_owned();
            continue;
        }
        let inline = std::mem::replace(items, schema_ref(&op.item));
        if schemas.contains_key(&op.item) {
            return Err(NormalizeError::new(
                &format!("/components/schemas/{}/properties/data/items", op.page),
                "name-collision",
                format!(
                    "component {} already exists; rename it in the document",
                    op.item
                ),
            ));
        }
        schemas.insert(op.item.clone(), inline);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(params: Value) -> Value {
        json!({
            "paths": { "/v1/users": { "get": {
                "operationId": "listUsers_v1",
                "parameters": params,
                "responses": { "200": { "content": { "application/json": { "schema": schema_ref("ListUsersV1Response") } } } }
            } } },
            "components": { "schemas": { "ListUsersV1Response": {
                "type": "object",
                "properties": {
                    "data": { "type": "array", "items": { "type": "object" } },
                    "nextPageToken": { "type": "string", "nullable": true }
                }
            } } }
        })
    }

    fn token_and_size() -> Value {
        json!([
            { "name": "maxResults", "in": "query", "required": true, "schema": { "type": "integer", "maximum": 50 } },
            { "name": "pageToken", "in": "query", "schema": { "type": "string" } }
        ])
    }

    #[test]
    fn a_token_list_is_paginated_and_its_items_named() {
        let mut d = doc(token_and_size());
        let found = find(d.as_object_mut().unwrap()).unwrap();
        assert_eq!(
            found,
            [PaginatedOperation {
                operation_id: "listUsers_v1".into(),
                page: "ListUsersV1Response".into(),
                item: "ListUsersV1Item".into(),
                page_size: Some(PageSize {
                    max: Some(50),
                    required: true
                }),
            }]
        );
        let schemas = &d["components"]["schemas"];
        assert_eq!(
            schemas["ListUsersV1Response"]["properties"]["data"]["items"],
            schema_ref("ListUsersV1Item")
        );
        assert_eq!(schemas["ListUsersV1Item"], json!({ "type": "object" }));
    }

    #[test]
    fn without_a_page_token_parameter_nothing_is_paginated() {
        let mut d =
            doc(json!([{ "name": "maxResults", "in": "query", "schema": { "type": "integer" } }]));
        assert!(find(d.as_object_mut().unwrap()).unwrap().is_empty());
    }

    #[test]
    fn without_next_page_token_in_the_body_nothing_is_paginated() {
        let mut d = doc(token_and_size());
        d["components"]["schemas"]["ListUsersV1Response"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("nextPageToken");
        assert!(find(d.as_object_mut().unwrap()).unwrap().is_empty());
    }
}

//! Finding every schema in a document.

use serde_json::{Map, Value};

use super::{METHODS, NormalizeError, escape};

/// Keywords whose value is one subschema.
const SINGLE: [&str; 3] = ["items", "additionalProperties", "not"];
/// Keywords whose value is a list of subschemas.
const LISTS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

/// Visits `schema` and all its subschemas, children before parents, with their pointers.
pub(crate) fn schema_tree(
    schema: &mut Value,
    pointer: &str,
    f: &mut impl FnMut(&mut Map<String, Value>, &str) -> Result<(), NormalizeError>,
) -> Result<(), NormalizeError> {
    let Some(obj) = schema.as_object_mut() else {
        return Ok(());
    };
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, sub) in props.iter_mut() {
            schema_tree(sub, &format!("{pointer}/properties/{}", escape(name)), f)?;
        }
    }
    for key in SINGLE {
        if let Some(sub) = obj.get_mut(key).filter(|s| s.is_object()) {
            schema_tree(sub, &format!("{pointer}/{key}"), f)?;
        }
    }
    for key in LISTS {
        if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for (i, sub) in list.iter_mut().enumerate() {
                schema_tree(sub, &format!("{pointer}/{key}/{i}"), f)?;
            }
        }
    }
    f(obj, pointer)
}

/// Visits every schema of the document (components, parameters, bodies,
/// responses, headers), children before parents.
pub(crate) fn all_schemas(
    root: &mut Map<String, Value>,
    f: &mut impl FnMut(&mut Map<String, Value>, &str) -> Result<(), NormalizeError>,
) -> Result<(), NormalizeError> {
    for_each_root(root, &mut |schema, pointer| schema_tree(schema, pointer, f))
}

/// Calls `f` on each schema root of the document: the places where a schema
/// starts (not the subschemas inside it).
pub(crate) fn for_each_root(
    root: &mut Map<String, Value>,
    f: &mut impl FnMut(&mut Value, &str) -> Result<(), NormalizeError>,
) -> Result<(), NormalizeError> {
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for (name, schema) in schemas.iter_mut() {
                f(schema, &format!("/components/schemas/{}", escape(name)))?;
            }
        }
        for (kind, walker) in [
            ("parameters", parameter_roots as Walker<_>),
            ("requestBodies", content_roots),
            ("responses", response_roots),
            ("headers", parameter_roots),
        ] {
            if let Some(items) = components.get_mut(kind).and_then(Value::as_object_mut) {
                for (name, item) in items.iter_mut() {
                    walker(item, &format!("/components/{kind}/{}", escape(name)), f)?;
                }
            }
        }
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            let item_ptr = format!("/paths/{}", escape(path));
            parameter_list(
                item.get_mut("parameters"),
                &format!("{item_ptr}/parameters"),
                f,
            )?;
            for method in METHODS {
                let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                    continue;
                };
                let op_ptr = format!("{item_ptr}/{method}");
                parameter_list(op.get_mut("parameters"), &format!("{op_ptr}/parameters"), f)?;
                if let Some(body) = op.get_mut("requestBody") {
                    content_roots(body, &format!("{op_ptr}/requestBody"), f)?;
                }
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for (status, response) in responses.iter_mut() {
                        response_roots(response, &format!("{op_ptr}/responses/{status}"), f)?;
                    }
                }
            }
        }
    }
    Ok(())
}

type Walker<F> = fn(&mut Value, &str, &mut F) -> Result<(), NormalizeError>;

fn parameter_list<F>(
    list: Option<&mut Value>,
    pointer: &str,
    f: &mut F,
) -> Result<(), NormalizeError>
where
    F: FnMut(&mut Value, &str) -> Result<(), NormalizeError>,
{
    if let Some(list) = list.and_then(Value::as_array_mut) {
        for (i, param) in list.iter_mut().enumerate() {
            parameter_roots(param, &format!("{pointer}/{i}"), f)?;
        }
    }
    Ok(())
}

/// A parameter or header: `schema`, or `content/*/schema`.
fn parameter_roots<F>(param: &mut Value, pointer: &str, f: &mut F) -> Result<(), NormalizeError>
where
    F: FnMut(&mut Value, &str) -> Result<(), NormalizeError>,
{
    if let Some(schema) = param.get_mut("schema") {
        f(schema, &format!("{pointer}/schema"))?;
    }
    content_roots(param, pointer, f)
}

/// A response: its content and its headers.
fn response_roots<F>(response: &mut Value, pointer: &str, f: &mut F) -> Result<(), NormalizeError>
where
    F: FnMut(&mut Value, &str) -> Result<(), NormalizeError>,
{
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, header) in headers.iter_mut() {
            parameter_roots(header, &format!("{pointer}/headers/{}", escape(name)), f)?;
        }
    }
    content_roots(response, pointer, f)
}

/// Anything with `content/<media type>/schema`.
fn content_roots<F>(holder: &mut Value, pointer: &str, f: &mut F) -> Result<(), NormalizeError>
where
    F: FnMut(&mut Value, &str) -> Result<(), NormalizeError>,
{
    if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
        for (media, item) in content.iter_mut() {
            if let Some(schema) = item.get_mut("schema") {
                f(
                    schema,
                    &format!("{pointer}/content/{}/schema", escape(media)),
                )?;
            }
        }
    }
    Ok(())
}

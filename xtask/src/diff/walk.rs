//! Walks two translated documents side by side, operation by operation,
//! following `$ref`s, and lists what changed.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::rules::{Kind, Place};
use super::{Change, Location, Operation};

/// The operation keys of an OpenAPI path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How many `$ref` hops or nested `allOf`s are followed before giving up;
/// only a document whose references loop gets near it.
const MAX_HOPS: usize = 32;

/// The schema `true`: anything. Stands in for a body without a JSON schema.
static ANY: Value = Value::Bool(true);

/// Lower bounds (with their 3.0 exclusive flag) and upper bounds compared in requests.
const LOWER_BOUNDS: [(&str, Option<&str>); 3] = [
    ("minimum", Some("exclusiveMinimum")),
    ("minLength", None),
    ("minItems", None),
];
const UPPER_BOUNDS: [(&str, Option<&str>); 3] = [
    ("maximum", Some("exclusiveMaximum")),
    ("maxLength", None),
    ("maxItems", None),
];

/// The changes from `old` to `new`, both already in OpenAPI 3.0 form, in
/// document order within each operation.
pub(super) fn changes(old: &Value, new: &Value) -> Vec<Change> {
    let mut walker = Walker {
        old,
        new,
        open: Vec::new(),
        changes: Vec::new(),
    };
    let old_ops = operations(old);
    let new_ops = operations(new);
    for (id, before) in &old_ops {
        match new_ops.get(id) {
            None => {
                let at = At::new(&before.operation, Location::Operation);
                walker.record(&at, "", Kind::OperationRemoved, None);
            }
            Some(after) => walker.operation(before, after),
        }
    }
    for (id, after) in &new_ops {
        if !old_ops.contains_key(id) {
            let at = At::new(&after.operation, Location::Operation);
            walker.record(&at, "", Kind::OperationAdded, None);
        }
    }
    walker.changes
}

/// One operation of a document.
struct Op<'a> {
    operation: Operation,
    item: &'a Value,
    body: &'a Value,
}

/// Operations by `operationId` (or `METHOD path` when a document has none).
fn operations(doc: &Value) -> BTreeMap<String, Op<'_>> {
    let mut found = BTreeMap::new();
    let paths = doc.get("paths").and_then(Value::as_object).into_iter();
    for (path, item) in paths.flatten() {
        let item = resolve(doc, item);
        for method in METHODS {
            let Some(body) = item.get(method).filter(|op| op.is_object()) else {
                continue;
            };
            let method = method.to_uppercase();
            let id = match body.get("operationId").and_then(Value::as_str) {
                Some(id) => id.to_owned(),
                None => format!("{method} {path}"),
            };
            let operation = Operation {
                id: id.clone(),
                method,
                path: path.clone(),
            };
            found.insert(
                id,
                Op {
                    operation,
                    item,
                    body,
                },
            );
        }
    }
    found
}

/// Where in an operation the walk is, and on which side of the call.
struct At<'a> {
    operation: &'a Operation,
    location: Location,
    /// An error response, whose `code` is the error's identity.
    error: bool,
}

impl At<'_> {
    fn new(operation: &Operation, location: Location) -> At<'_> {
        let error = matches!(&location, Location::Response { status } if is_error(status));
        At {
            operation,
            location,
            error,
        }
    }

    fn place(&self) -> Place {
        self.location.place()
    }
}

struct Walker<'a> {
    old: &'a Value,
    new: &'a Value,
    /// The `$ref` pairs being compared further up: meeting one again means
    /// the schemas recurse, and everything below was already compared.
    open: Vec<(Option<String>, Option<String>)>,
    changes: Vec<Change>,
}

impl<'a> Walker<'a> {
    fn record(&mut self, at: &At<'_>, field: &str, kind: Kind, detail: Option<String>) {
        let operation = at.operation.clone();
        let change = Change::new(kind, operation, at.location.clone(), field, detail);
        self.changes.push(change);
    }

    fn operation(&mut self, old: &Op<'a>, new: &Op<'a>) {
        let operation = &new.operation;
        if (&old.operation.method, &old.operation.path) != (&operation.method, &operation.path) {
            let detail = format!(
                "`{} {}` → `{} {}`",
                old.operation.method, old.operation.path, operation.method, operation.path
            );
            let at = At::new(operation, Location::Operation);
            self.record(&at, "", Kind::OperationMoved, Some(detail));
        }
        self.parameters(old, new);
        self.request_body(old, new);
        self.responses(old, new);
    }

    fn parameters(&mut self, old: &Op<'a>, new: &Op<'a>) {
        let before = parameters(self.old, old);
        let after = parameters(self.new, new);
        for ((place, name), old_param) in &before {
            let location = Location::Parameter {
                r#in: place.clone(),
                name: name.clone(),
            };
            let at = At::new(&new.operation, location);
            let Some(new_param) = find(&after, place, name) else {
                self.record(&at, "", Kind::ParameterRemoved, None);
                continue;
            };
            match (is_required(old_param), is_required(new_param)) {
                (false, true) => self.record(&at, "", Kind::ParameterMadeRequired, None),
                (true, false) => self.record(&at, "", Kind::ParameterMadeOptional, None),
                _ => {}
            }
            let schema = |param: &'a Value| param.get("schema").unwrap_or(&ANY);
            self.schema(schema(old_param), schema(new_param), &at, "", true);
        }
        for ((place, name), new_param) in &after {
            if find(&before, place, name).is_some() {
                continue;
            }
            let kind = if is_required(new_param) {
                Kind::RequiredParameterAdded
            } else {
                Kind::OptionalParameterAdded
            };
            let location = Location::Parameter {
                r#in: place.clone(),
                name: name.clone(),
            };
            self.record(&At::new(&new.operation, location), "", kind, None);
        }
    }

    fn request_body(&mut self, old: &Op<'a>, new: &Op<'a>) {
        let before = old.body.get("requestBody").map(|b| resolve(self.old, b));
        let after = new.body.get("requestBody").map(|b| resolve(self.new, b));
        let at = At::new(&new.operation, Location::RequestBody);
        match (before, after) {
            (None, None) => {}
            (Some(_), None) => self.record(&at, "", Kind::RequestBodyRemoved, None),
            (None, Some(_)) => self.record(&at, "", Kind::RequestBodyAdded, None),
            (Some(before), Some(after)) => {
                let before = json_schema(before).unwrap_or(&ANY);
                let after = json_schema(after).unwrap_or(&ANY);
                self.schema(before, after, &at, "", true);
            }
        }
    }

    fn responses(&mut self, old: &Op<'a>, new: &Op<'a>) {
        let responses = |doc: &'a Value, op: &Op<'a>| -> Vec<(&'a String, &'a Value)> {
            op.body
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, response)| (status, resolve(doc, response)))
                .collect()
        };
        let before = responses(self.old, old);
        let after = responses(self.new, new);
        for (status, old_response) in &before {
            let location = Location::Response {
                status: status.to_string(),
            };
            let at = At::new(&new.operation, location);
            let Some((_, new_response)) = after.iter().find(|(s, _)| s == status) else {
                self.record(&at, "", Kind::ResponseStatusRemoved, None);
                continue;
            };
            match (json_schema(old_response), json_schema(new_response)) {
                (None, None) => {}
                (Some(before), Some(after)) => self.schema(before, after, &at, "", true),
                (before, after) => {
                    let describe = |doc: &Value, schema: Option<&Value>| match schema {
                        Some(schema) => label(doc, &flatten(doc, schema, 0), at.place()),
                        None => "no body".to_owned(),
                    };
                    let detail = arrow(&describe(self.old, before), &describe(self.new, after));
                    self.record(&at, "", Kind::TypeChanged, Some(detail));
                }
            }
        }
        for (status, _) in &after {
            if !before.iter().any(|(s, _)| s == status) {
                let location = Location::Response {
                    status: status.to_string(),
                };
                let at = At::new(&new.operation, location);
                self.record(&at, "", Kind::ResponseStatusAdded, None);
            }
        }
    }

    /// Compares two schemas at `field` (`""` for the root of a body or
    /// parameter). `own_nullability` is false for properties, whose
    /// nullability their parent reports together with their required-ness.
    fn schema(
        &mut self,
        old: &Value,
        new: &Value,
        at: &At<'_>,
        field: &str,
        own_nullability: bool,
    ) {
        let key = (ref_name(old), ref_name(new));
        let tracked = key != (None, None);
        if tracked {
            if self.open.contains(&key) {
                return;
            }
            self.open.push(key);
        }
        self.schema_once(old, new, at, field, own_nullability);
        if tracked {
            self.open.pop();
        }
    }

    fn schema_once(
        &mut self,
        old: &Value,
        new: &Value,
        at: &At<'_>,
        field: &str,
        own_nullability: bool,
    ) {
        let before = flatten(self.old, old, 0);
        let after = flatten(self.new, new, 0);
        let place = at.place();
        let (old_type, new_type) = (
            label(self.old, &before, place),
            label(self.new, &after, place),
        );
        if old_type != new_type {
            self.record(
                at,
                field,
                Kind::TypeChanged,
                Some(arrow(&old_type, &new_type)),
            );
            return;
        }
        let format = |view: &Map<String, Value>| {
            view.get("format")
                .and_then(Value::as_str)
                .map_or_else(|| "no format".to_owned(), |f| format!("`{f}`"))
        };
        if before.get("format") != after.get("format") {
            let detail = format!("{} → {}", format(&before), format(&after));
            self.record(at, field, Kind::FormatChanged, Some(detail));
        }
        if own_nullability {
            match (is_nullable(&before), is_nullable(&after)) {
                (false, true) => self.record(at, field, Kind::FieldMadeNullable, None),
                (true, false) => self.record(at, field, Kind::FieldMadeNonNullable, None),
                _ => {}
            }
        }
        self.enums(&before, &after, at, field);
        if place == Place::Request {
            self.bounds(&before, &after, at, field);
        }
        self.properties(&before, &after, at, field);
        if let (Some(old_items), Some(new_items)) = (before.get("items"), after.get("items")) {
            let path = format!("{field}[]");
            self.schema(old_items, new_items, at, &path, true);
        }
        if let (Some(old_values), Some(new_values)) = (
            before.get("additionalProperties").filter(|s| s.is_object()),
            after.get("additionalProperties").filter(|s| s.is_object()),
        ) {
            let path = join(field, "*");
            self.schema(old_values, new_values, at, &path, true);
        }
        for key in ["anyOf", "oneOf"] {
            let members = |view: &Map<String, Value>| {
                view.get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            // Same label, so the same number of members of the same types.
            for (index, (old_member, new_member)) in
                members(&before).iter().zip(&members(&after)).enumerate()
            {
                let path = join(field, &format!("{key}[{index}]"));
                self.schema(old_member, new_member, at, &path, true);
            }
        }
    }

    fn properties(
        &mut self,
        before: &Map<String, Value>,
        after: &Map<String, Value>,
        at: &At<'_>,
        field: &str,
    ) {
        let (old_props, new_props) = (properties(before), properties(after));
        for (name, old_prop) in &old_props {
            let path = join(field, name);
            let Some(new_prop) = new_props.get(name) else {
                self.record(at, &path, Kind::FieldRemoved, None);
                continue;
            };
            let presence = |view: &Map<String, Value>, doc: &Value, prop: &Value| Presence {
                required: is_listed_required(view, name),
                nullable: is_nullable(&flatten(doc, prop, 0)),
            };
            let old_presence = presence(before, self.old, old_prop);
            let new_presence = presence(after, self.new, new_prop);
            for kind in presence_changes(old_presence, new_presence, at.place()) {
                self.record(at, &path, kind, None);
            }
            self.schema(old_prop, new_prop, at, &path, false);
        }
        for name in new_props.keys() {
            if old_props.contains_key(name) {
                continue;
            }
            let kind = if is_listed_required(after, name) {
                Kind::RequiredFieldAdded
            } else {
                Kind::OptionalFieldAdded
            };
            self.record(at, &join(field, name), kind, None);
        }
    }

    fn enums(
        &mut self,
        before: &Map<String, Value>,
        after: &Map<String, Value>,
        at: &At<'_>,
        field: &str,
    ) {
        let place = at.place();
        let (old_values, new_values) = (enum_values(before), enum_values(after));
        if is_enum_type(before, place) {
            // The labels matched, so `after` is an enum too.
            let listed = |values: &[&Value], from: &[&Value]| -> Vec<String> {
                values
                    .iter()
                    .filter(|value| !from.contains(value))
                    .map(|value| format!("`{value}`"))
                    .collect()
            };
            let removed = listed(&old_values, &new_values);
            if !removed.is_empty() {
                self.record(at, field, Kind::EnumValueRemoved, Some(removed.join(", ")));
            }
            let added = listed(&new_values, &old_values);
            if !added.is_empty() {
                self.record(at, field, Kind::EnumValueAdded, Some(added.join(", ")));
            }
            return;
        }
        if place != Place::Response {
            return;
        }
        let constant = |values: &[&Value]| match values {
            [one] => Some(format!("`{one}`")),
            _ => None,
        };
        let (old_constant, new_constant) = (constant(&old_values), constant(&new_values));
        if old_constant != new_constant {
            let kind = if at.error && field == "code" {
                Kind::ErrorCodeChanged
            } else {
                Kind::ConstantChanged
            };
            let show = |constant: Option<String>| constant.unwrap_or_else(|| "any value".into());
            let detail = format!("{} → {}", show(old_constant), show(new_constant));
            self.record(at, field, kind, Some(detail));
        }
    }

    fn bounds(
        &mut self,
        before: &Map<String, Value>,
        after: &Map<String, Value>,
        at: &At<'_>,
        field: &str,
    ) {
        for (bounds, lower) in [(LOWER_BOUNDS, true), (UPPER_BOUNDS, false)] {
            for (key, exclusive) in bounds {
                let (old_bound, new_bound) = (
                    Bound::read(before, key, exclusive),
                    Bound::read(after, key, exclusive),
                );
                let Some(narrowed) = Bound::narrowed(old_bound.as_ref(), new_bound.as_ref(), lower)
                else {
                    continue;
                };
                let kind = if narrowed {
                    Kind::BoundsNarrowed
                } else {
                    Kind::BoundsWidened
                };
                let show = |bound: Option<Bound>| bound.map_or_else(|| "none".into(), |b| b.text);
                let detail = format!("{key} {} → {}", show(old_bound), show(new_bound));
                self.record(at, field, kind, Some(detail));
            }
        }
        let pattern = |view| text(view, "pattern");
        let kind = match (pattern(before), pattern(after)) {
            (old, new) if old == new => return,
            // A different pattern may reject values the old one accepted.
            (_, Some(_)) => Kind::BoundsNarrowed,
            (Some(_), None) => Kind::BoundsWidened,
            (None, None) => return,
        };
        let show = |p: Option<&str>| p.map_or_else(|| "none".to_owned(), |p| format!("`{p}`"));
        let detail = format!(
            "pattern {} → {}",
            show(pattern(before)),
            show(pattern(after))
        );
        self.record(at, field, kind, Some(detail));
    }
}

/// Whether a property must be present and whether it may be null.
#[derive(Clone, Copy)]
struct Presence {
    required: bool,
    nullable: bool,
}

impl Presence {
    /// Whether the client reads it as `Option<T>`.
    fn optional(self) -> bool {
        !self.required || self.nullable
    }
}

/// Requests report required-ness and nullability as they are; responses
/// only when they change the field between `T` and `Option<T>`.
fn presence_changes(old: Presence, new: Presence, place: Place) -> Vec<Kind> {
    let mut kinds = Vec::new();
    if place == Place::Response {
        match (old.optional(), new.optional()) {
            (false, true) if new.nullable => kinds.push(Kind::FieldMadeNullable),
            (false, true) => kinds.push(Kind::FieldMadeOptional),
            (true, false) if old.nullable => kinds.push(Kind::FieldMadeNonNullable),
            (true, false) => kinds.push(Kind::FieldMadeRequired),
            _ => {}
        }
        return kinds;
    }
    match (old.required, new.required) {
        (false, true) => kinds.push(Kind::FieldMadeRequired),
        (true, false) => kinds.push(Kind::FieldMadeOptional),
        _ => {}
    }
    match (old.nullable, new.nullable) {
        (false, true) => kinds.push(Kind::FieldMadeNullable),
        (true, false) => kinds.push(Kind::FieldMadeNonNullable),
        _ => {}
    }
    kinds
}

/// A numeric bound and how it reads in a report.
struct Bound {
    value: f64,
    exclusive: bool,
    text: String,
}

impl Bound {
    fn read(view: &Map<String, Value>, key: &str, exclusive: Option<&str>) -> Option<Bound> {
        let raw = view.get(key)?;
        let value = raw.as_f64()?;
        let exclusive = exclusive.is_some_and(|flag| view.get(flag) == Some(&Value::Bool(true)));
        let text = if exclusive {
            format!("{raw} (exclusive)")
        } else {
            raw.to_string()
        };
        Some(Bound {
            value,
            exclusive,
            text,
        })
    }

    /// `Some(true)` when `new` accepts less than `old`, `Some(false)` when
    /// more, `None` when the same. `lower` says which end of the range.
    fn narrowed(old: Option<&Bound>, new: Option<&Bound>, lower: bool) -> Option<bool> {
        match (old, new) {
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(old), Some(new)) => {
                let (old_key, new_key) = ((old.value, old.exclusive), (new.value, new.exclusive));
                if old_key == new_key {
                    return None;
                }
                let tighter = if old.value == new.value {
                    new.exclusive
                } else {
                    (new.value > old.value) == lower
                };
                Some(tighter)
            }
        }
    }
}

/// The path item's parameters overlaid with the operation's, keyed by `(in, name)`.
fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<((String, String), &'a Value)> {
    let mut found: Vec<((String, String), &Value)> = Vec::new();
    for holder in [op.item, op.body] {
        let list = holder.get("parameters").and_then(Value::as_array);
        for param in list.into_iter().flatten() {
            let param = resolve(doc, param);
            let text = |key: &str| param.get(key).and_then(Value::as_str).unwrap_or("");
            let key = (text("in").to_owned(), text("name").to_owned());
            found.retain(|(existing, _)| *existing != key);
            found.push((key, param));
        }
    }
    found
}

fn find<'a>(
    params: &[((String, String), &'a Value)],
    place: &str,
    name: &str,
) -> Option<&'a Value> {
    params
        .iter()
        .find(|((p, n), _)| p == place && n == name)
        .map(|(_, param)| *param)
}

fn is_required(param: &Value) -> bool {
    param.get("required") == Some(&Value::Bool(true))
        || param.get("in").and_then(Value::as_str) == Some("path")
}

fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

/// The schema of the JSON content of a request body or response, if any.
fn json_schema(holder: &Value) -> Option<&Value> {
    let content = holder.get("content")?.as_object()?;
    content.iter().find_map(|(media, item)| {
        let essence = media.split(';').next().unwrap_or("").trim();
        let json = essence == "application/json" || essence.ends_with("+json");
        json.then(|| item.get("schema").unwrap_or(&ANY))
    })
}

/// Follows local `$ref`s (`#/...`) to the object they name.
fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..MAX_HOPS {
        let target = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| doc.pointer(pointer));
        match target {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// The schema with its `$ref` followed and its `allOf` members merged in:
/// properties and required lists are united, other keywords kept from the
/// first place that sets them (the schema itself, then each member in order).
fn flatten(doc: &Value, schema: &Value, depth: usize) -> Map<String, Value> {
    let mut view = resolve(doc, schema)
        .as_object()
        .cloned()
        .unwrap_or_default();
    let Some(Value::Array(members)) = view.remove("allOf") else {
        return view;
    };
    if depth > MAX_HOPS {
        return view;
    }
    for member in &members {
        for (key, value) in flatten(doc, member, depth + 1) {
            match (view.get_mut(&key), value) {
                (Some(Value::Object(props)), Value::Object(more)) if key == "properties" => {
                    for (name, prop) in more {
                        props.entry(name).or_insert(prop);
                    }
                }
                (Some(Value::Array(required)), Value::Array(more)) if key == "required" => {
                    for name in more {
                        if !required.contains(&name) {
                            required.push(name);
                        }
                    }
                }
                (Some(_), _) => {}
                (None, value) => {
                    view.insert(key, value);
                }
            }
        }
    }
    view
}

/// The `$ref` of a schema, direct or as the one member of an `allOf` (the
/// 3.0 spelling of a `$ref` with siblings).
fn ref_name(schema: &Value) -> Option<String> {
    let reference = match schema.get("allOf").and_then(Value::as_array) {
        Some(members) if members.len() == 1 => members[0].get("$ref"),
        _ => schema.get("$ref"),
    }?;
    reference.as_str().map(str::to_owned)
}

/// What decides the Rust type: `string`, `integer enum`, `object | array`, ...
/// (the members of a union are compared one by one after this matches).
fn label(doc: &Value, view: &Map<String, Value>, place: Place) -> String {
    for key in ["anyOf", "oneOf"] {
        if let Some(members) = view.get(key).and_then(Value::as_array) {
            let members: Vec<String> = members
                .iter()
                .map(|member| label_of_one(&flatten(doc, member, 0), place))
                .collect();
            return members.join(" | ");
        }
    }
    label_of_one(view, place)
}

fn label_of_one(view: &Map<String, Value>, place: Place) -> String {
    let base = match view.get("type").and_then(Value::as_str) {
        Some(name) => name,
        None if view.contains_key("properties") => "object",
        None if view.contains_key("items") => "array",
        None if view.contains_key("anyOf") || view.contains_key("oneOf") => "union",
        None => "any",
    };
    if is_enum_type(view, place) {
        format!("{base} enum")
    } else {
        base.to_owned()
    }
}

/// Whether the client has an enum type for this schema. Responses follow the
/// code generator's lenient pass: only string enums of two or more values
/// stay enums there; a one-value enum (a 3.1 `const`) is read as its plain type.
fn is_enum_type(view: &Map<String, Value>, place: Place) -> bool {
    let count = enum_values(view).len();
    match place {
        Place::Response => count >= 2 && view.get("type") == Some(&Value::from("string")),
        Place::Request | Place::Operation => count > 0,
    }
}

/// The listed enum values, without `null` (which is nullability, reported apart).
fn enum_values(view: &Map<String, Value>) -> Vec<&Value> {
    view.get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|value| !value.is_null())
        .collect()
}

fn text<'v>(view: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    view.get(key).and_then(Value::as_str)
}

fn is_nullable(view: &Map<String, Value>) -> bool {
    view.get("nullable") == Some(&Value::Bool(true))
}

fn properties(view: &Map<String, Value>) -> Map<String, Value> {
    view.get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn is_listed_required(view: &Map<String, Value>, name: &str) -> bool {
    view.get("required")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|r| r.as_str() == Some(name)))
}

/// `data[].role`: a property under a field path.
fn join(field: &str, name: &str) -> String {
    if field.is_empty() {
        name.to_owned()
    } else {
        format!("{field}.{name}")
    }
}

fn arrow(old: &str, new: &str) -> String {
    format!("`{old}` → `{new}`")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn all_of_members_merge_into_one_view() {
        let doc = json!({ "components": { "schemas": { "Base": {
            "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } }
        } } } });
        let schema = json!({
            "nullable": true,
            "allOf": [
                { "$ref": "#/components/schemas/Base" },
                { "required": ["name"], "properties": { "name": { "type": "string" } } }
            ]
        });
        let view = flatten(&doc, &schema, 0);
        assert_eq!(
            Value::Object(view),
            json!({
                "nullable": true,
                "type": "object",
                "required": ["id", "name"],
                "properties": { "id": { "type": "string" }, "name": { "type": "string" } }
            })
        );
    }

    #[test]
    fn labels_follow_the_lenient_rules_for_responses() {
        let doc = json!({ "x": { "type": "object" } });
        let constant = json!({ "type": "string", "enum": ["0800409"] });
        let constant = constant.as_object().unwrap();
        assert_eq!(label(&doc, constant, Place::Request), "string enum");
        assert_eq!(label(&doc, constant, Place::Response), "string");
        let union = json!({ "anyOf": [{ "type": "string" }, { "$ref": "#/x" }] });
        assert_eq!(
            label(&doc, union.as_object().unwrap(), Place::Response),
            "string | object"
        );
    }

    #[test]
    fn bounds_compare_by_value_then_exclusivity() {
        let bound = |value: f64, exclusive: bool| Bound {
            value,
            exclusive,
            text: String::new(),
        };
        let narrowed = |old: Option<Bound>, new: Option<Bound>, lower| {
            Bound::narrowed(old.as_ref(), new.as_ref(), lower)
        };
        assert_eq!(
            narrowed(Some(bound(1.0, false)), Some(bound(2.0, false)), true),
            Some(true)
        );
        assert_eq!(
            narrowed(Some(bound(1.0, false)), Some(bound(2.0, false)), false),
            Some(false)
        );
        assert_eq!(
            narrowed(Some(bound(1.0, false)), Some(bound(1.0, true)), false),
            Some(true)
        );
        assert_eq!(
            narrowed(Some(bound(1.0, true)), Some(bound(1.0, false)), true),
            Some(false)
        );
        assert_eq!(narrowed(None, Some(bound(1.0, false)), true), Some(true));
        assert_eq!(narrowed(Some(bound(1.0, false)), None, false), Some(false));
        assert_eq!(
            narrowed(Some(bound(1.0, false)), Some(bound(1.0, false)), true),
            None
        );
    }

    #[test]
    fn response_presence_changes_only_when_the_rust_type_does() {
        let p = |required, nullable| Presence { required, nullable };
        let response = |old, new| presence_changes(old, new, Place::Response);
        assert_eq!(
            response(p(true, false), p(true, true)),
            [Kind::FieldMadeNullable]
        );
        assert_eq!(
            response(p(true, false), p(false, false)),
            [Kind::FieldMadeOptional]
        );
        assert_eq!(
            response(p(true, true), p(true, false)),
            [Kind::FieldMadeNonNullable]
        );
        assert_eq!(
            response(p(false, false), p(true, false)),
            [Kind::FieldMadeRequired]
        );
        assert!(response(p(false, false), p(false, true)).is_empty());
        assert!(response(p(true, true), p(false, true)).is_empty());
        let request = presence_changes(p(false, false), p(true, true), Place::Request);
        assert_eq!(request, [Kind::FieldMadeRequired, Kind::FieldMadeNullable]);
    }
}

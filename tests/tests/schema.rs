//! The generated types describe themselves (schemars) as the spec describes them.

use std::collections::BTreeSet;

use quo_api::types::ListUsersV1Item;
use serde_json::Value;

fn committed_spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/quo-public-api-v1.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn names(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(list) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

#[test]
fn the_user_type_has_the_spec_properties_and_required_set() {
    let spec = committed_spec();
    let user = spec
        .pointer("/paths/~1v1~1users/get/responses/200/content/application~1json/schema/properties/data/items")
        .unwrap();
    let reported = serde_json::to_value(schemars::schema_for!(ListUsersV1Item)).unwrap();

    assert_eq!(names(&reported["properties"]), names(&user["properties"]));

    // The client reads nullable properties leniently: null and absent are the
    // same to a reader, so those leave the required set and nothing else does.
    let nullable: BTreeSet<String> = user["properties"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| {
            p["anyOf"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m["type"] == "null"))
        })
        .map(|(name, _)| name.clone())
        .collect();
    assert_eq!(
        nullable,
        BTreeSet::from(["firstName".into(), "lastName".into(), "pictureUrl".into()])
    );
    let spec_required = names(&user["required"]);
    let reported_required = names(&reported["required"]);
    assert_eq!(reported_required, &spec_required - &nullable);
}

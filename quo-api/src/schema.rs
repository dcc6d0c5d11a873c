//! JSON Schema helpers for the generated enums' `JsonSchema` impls.

pub use schemars::r#gen::SchemaGenerator;
pub use schemars::schema::Schema;
use schemars::schema::{SchemaObject, SubschemaValidation};

/// `anyOf` the documented bodies, or any JSON at all (what `Other` keeps).
pub fn any_of_or_any_json(mut documented: Vec<Schema>) -> Schema {
    documented.push(Schema::Bool(true));
    Schema::Object(SchemaObject {
        subschemas: Some(Box::new(SubschemaValidation {
            any_of: Some(documented),
            ..Default::default()
        })),
        ..Default::default()
    })
}

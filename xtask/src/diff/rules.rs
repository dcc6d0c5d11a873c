//! The classification table: what each kind of change means for code that
//! uses the generated Rust client, in one place.

use std::fmt;

use serde::{Serialize, Serializer};

/// What changed, as a fact about the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    RequiredParameterAdded,
    OptionalParameterAdded,
    ParameterRemoved,
    ParameterMadeRequired,
    ParameterMadeOptional,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequiredFieldAdded,
    OptionalFieldAdded,
    FieldRemoved,
    FieldMadeRequired,
    FieldMadeOptional,
    FieldMadeNullable,
    FieldMadeNonNullable,
    TypeChanged,
    FormatChanged,
    EnumValueAdded,
    EnumValueRemoved,
    BoundsNarrowed,
    BoundsWidened,
    ConstantChanged,
    ErrorCodeChanged,
    ResponseStatusAdded,
    ResponseStatusRemoved,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 27] = [
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::OperationMoved,
        Kind::RequiredParameterAdded,
        Kind::OptionalParameterAdded,
        Kind::ParameterRemoved,
        Kind::ParameterMadeRequired,
        Kind::ParameterMadeOptional,
        Kind::RequestBodyAdded,
        Kind::RequestBodyRemoved,
        Kind::RequiredFieldAdded,
        Kind::OptionalFieldAdded,
        Kind::FieldRemoved,
        Kind::FieldMadeRequired,
        Kind::FieldMadeOptional,
        Kind::FieldMadeNullable,
        Kind::FieldMadeNonNullable,
        Kind::TypeChanged,
        Kind::FormatChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::BoundsNarrowed,
        Kind::BoundsWidened,
        Kind::ConstantChanged,
        Kind::ErrorCodeChanged,
        Kind::ResponseStatusAdded,
        Kind::ResponseStatusRemoved,
    ];

    /// The name used in reports and JSON: `operation-removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::OperationMoved => "operation-moved",
            Kind::RequiredParameterAdded => "required-parameter-added",
            Kind::OptionalParameterAdded => "optional-parameter-added",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::ParameterMadeRequired => "parameter-made-required",
            Kind::ParameterMadeOptional => "parameter-made-optional",
            Kind::RequestBodyAdded => "request-body-added",
            Kind::RequestBodyRemoved => "request-body-removed",
            Kind::RequiredFieldAdded => "required-field-added",
            Kind::OptionalFieldAdded => "optional-field-added",
            Kind::FieldRemoved => "field-removed",
            Kind::FieldMadeRequired => "field-made-required",
            Kind::FieldMadeOptional => "field-made-optional",
            Kind::FieldMadeNullable => "field-made-nullable",
            Kind::FieldMadeNonNullable => "field-made-non-nullable",
            Kind::TypeChanged => "type-changed",
            Kind::FormatChanged => "format-changed",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::BoundsNarrowed => "bounds-narrowed",
            Kind::BoundsWidened => "bounds-widened",
            Kind::ConstantChanged => "constant-changed",
            Kind::ErrorCodeChanged => "error-code-changed",
            Kind::ResponseStatusAdded => "response-status-added",
            Kind::ResponseStatusRemoved => "response-status-removed",
        }
    }
}

/// Which side of the call a change is on; the same fact can mean opposite
/// things for what the client sends and what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// The operation as a whole.
    Operation,
    /// Parameters and the request body: what the client sends.
    Request,
    /// Success and error bodies: what the client reads.
    Response,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Operation => "operation",
            Place::Request => "request",
            Place::Response => "response",
        }
    }
}

/// Whether code written against the old client keeps working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classification {
    /// Code stops compiling, or a call that worked now fails or misbehaves.
    Breaking,
    /// Code keeps compiling and working.
    Compatible,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Breaking => "breaking",
            Classification::Compatible => "compatible",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub kind: Kind,
    pub place: Place,
    pub classification: Classification,
    /// Why, for a user of the Rust client.
    pub why: &'static str,
}

const fn row(kind: Kind, place: Place, classification: Classification, why: &'static str) -> Rule {
    Rule {
        kind,
        place,
        classification,
        why,
    }
}

use Classification::{Breaking, Compatible};
use Place::{Operation, Request, Response};

/// Every classification `cargo xtask diff` makes, and why.
///
/// Response rules follow what the generated client does with what it reads:
/// unknown fields are ignored, unknown enum values arrive as `Unknown(..)`,
/// and string and array constraints are not checked, so those are never
/// reported for responses. A response field's Rust type is `Option<T>` when
/// it may be absent or null, so its required-ness and nullability are
/// reported when, and only when, that changes.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    row(Kind::OperationAdded, Operation, Compatible,
        "A new method on the client; existing calls are untouched."),
    row(Kind::OperationRemoved, Operation, Breaking,
        "The method is gone from the client: calls to it stop compiling."),
    row(Kind::OperationMoved, Operation, Compatible,
        "Same `operationId`, new method or path: the method keeps its name and sends to the new place."),
    row(Kind::RequiredParameterAdded, Request, Breaking,
        "Calls that do not set it fail: the builder reports the missing value."),
    row(Kind::OptionalParameterAdded, Request, Compatible,
        "A new builder method; calls without it send what they sent before."),
    row(Kind::ParameterRemoved, Request, Breaking,
        "Its builder method is gone: calls that set it stop compiling."),
    row(Kind::ParameterMadeRequired, Request, Breaking,
        "Calls that do not set it now fail."),
    row(Kind::ParameterMadeOptional, Request, Compatible,
        "The builder method is unchanged; leaving it out is now allowed."),
    row(Kind::RequestBodyAdded, Request, Breaking,
        "The builder needs a body that existing calls do not set."),
    row(Kind::RequestBodyRemoved, Request, Breaking,
        "The builder's body methods are gone: calls that set a body stop compiling."),
    row(Kind::RequiredFieldAdded, Request, Breaking,
        "Bodies built without it fail: the type builder reports the missing field."),
    row(Kind::OptionalFieldAdded, Request, Compatible,
        "The type builder leaves it unset; bodies built before still serialize the same."),
    row(Kind::RequiredFieldAdded, Response, Compatible,
        "A new field to read; unknown fields were ignored before."),
    row(Kind::OptionalFieldAdded, Response, Compatible,
        "A new field to read; unknown fields were ignored before."),
    row(Kind::FieldRemoved, Request, Breaking,
        "The struct field and its builder method are gone: code that sets it stops compiling."),
    row(Kind::FieldRemoved, Response, Breaking,
        "The struct field is gone: code that reads it stops compiling."),
    row(Kind::FieldMadeRequired, Request, Breaking,
        "Bodies that leave it out now fail."),
    row(Kind::FieldMadeRequired, Response, Breaking,
        "Its type goes from `Option<T>` to `T`: code that handles `None` stops compiling."),
    row(Kind::FieldMadeOptional, Request, Compatible,
        "Leaving it out is now allowed; the type builder still takes a plain value."),
    row(Kind::FieldMadeOptional, Response, Breaking,
        "Its type goes from `T` to `Option<T>`: code that reads it stops compiling."),
    row(Kind::FieldMadeNullable, Request, Compatible,
        "`null` is now accepted too; the type builder still takes a plain value."),
    row(Kind::FieldMadeNullable, Response, Breaking,
        "Its type goes from `T` to `Option<T>`: code that reads it stops compiling."),
    row(Kind::FieldMadeNonNullable, Request, Breaking,
        "`null` is no longer accepted: code that sends `None` stops compiling or is rejected."),
    row(Kind::FieldMadeNonNullable, Response, Breaking,
        "Its type goes from `Option<T>` to `T`: code that handles `None` stops compiling."),
    row(Kind::TypeChanged, Request, Breaking,
        "The Rust type of the value changes: code that sets it stops compiling."),
    row(Kind::TypeChanged, Response, Breaking,
        "The Rust type of the value changes: code that reads it stops compiling."),
    row(Kind::FormatChanged, Request, Breaking,
        "The format picks the Rust type (`date-time` is a `chrono::DateTime`) and what the server accepts."),
    row(Kind::FormatChanged, Response, Breaking,
        "The format picks the Rust type the value decodes into."),
    row(Kind::EnumValueAdded, Request, Compatible,
        "A new variant to send; the old ones are unchanged."),
    row(Kind::EnumValueAdded, Response, Compatible,
        "The value used to arrive as `Unknown(..)`; it now has its own variant."),
    row(Kind::EnumValueRemoved, Request, Breaking,
        "The variant is gone: code that sends it stops compiling."),
    row(Kind::EnumValueRemoved, Response, Breaking,
        "The variant is gone from the open enum: code that matches it stops compiling."),
    row(Kind::BoundsNarrowed, Request, Breaking,
        "Values that were accepted (range, length, item count, pattern) may now be rejected."),
    row(Kind::BoundsWidened, Request, Compatible,
        "Every value accepted before still is."),
    row(Kind::ConstantChanged, Response, Compatible,
        "The client reads the field as a plain value; only its documented value changed."),
    row(Kind::ErrorCodeChanged, Response, Breaking,
        "`code` is a plain `String` in the client: code that compares it with the old constant still compiles and silently stops matching."),
    row(Kind::ResponseStatusAdded, Response, Compatible,
        "An error status that arrived as `Other` gets its own variant of the operation's error enum."),
    row(Kind::ResponseStatusRemoved, Response, Breaking,
        "The operation's error enum loses the variant (code that matches it stops compiling), or a success the caller relied on is no longer documented."),
];

/// The row for `kind` at `place`.
///
/// # Panics
///
/// When the table has no such row: the comparison only makes changes the
/// table classifies, and the tests hold it to that.
pub fn rule(kind: Kind, place: Place) -> &'static Rule {
    RULES
        .iter()
        .find(|rule| rule.kind == kind && rule.place == place)
        .unwrap_or_else(|| panic!("no rule classifies {kind} at {place}"))
}

/// The rows as a markdown table, for the README and pull-request comments.
pub fn markdown_table<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> String {
    let mut table = String::from("| kind | where | classification | why |\n|---|---|---|---|\n");
    for rule in rules {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.kind, rule.place, rule.classification, rule.why
        ));
    }
    table
}

macro_rules! named {
    ($($type:ty),*) => {$(
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )*};
}

named!(Kind, Place, Classification);

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_kind_has_a_rule_and_no_pair_has_two() {
        for kind in Kind::ALL {
            assert!(
                RULES.iter().any(|rule| rule.kind == kind),
                "{kind} has no rule"
            );
        }
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(
                seen.insert((rule.kind, rule.place)),
                "{} at {} has two rules",
                rule.kind,
                rule.place
            );
        }
    }

    #[test]
    fn names_are_kebab_case_and_unique() {
        let names: HashSet<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
        assert!(
            names
                .iter()
                .all(|name| name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
    }

    #[test]
    fn the_table_has_a_line_per_rule() {
        let table = markdown_table(RULES);
        assert_eq!(table.lines().count(), RULES.len() + 2);
        assert!(table.contains(
            "| `operation-removed` | operation | breaking | The method is gone from the client: calls to it stop compiling. |"
        ));
    }
}

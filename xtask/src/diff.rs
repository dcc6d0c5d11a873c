//! `cargo xtask diff`: what changed in the API between two documents, and
//! whether it breaks code written against the generated client.
//!
//! Both documents go through the code generator's first two passes only
//! ([`quo_api_codegen::translate_dialect`]: OpenAPI 3.1 → 3.0 and string
//! unions), so a 3.1 spelling and its 3.0 equivalent compare equal. The
//! later passes are left out on purpose: hoisting only moves inline schemas
//! into `components`, and the walk follows every `$ref` anyway, so a schema
//! moved between the two is not a change; the lenient pass drops constants
//! and constraints from responses, and the error-code rule needs them. What
//! that pass means for the client is written into the rule table instead
//! ([`rules::RULES`]).
//!
//! `--format json` prints a [`Report`]; its shape is versioned by
//! [`JSON_VERSION`] and documented in `cargo xtask diff --help`.

mod input;
mod render;
pub mod rules;
mod walk;

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use serde::Serialize;
use serde_json::Value;

pub use render::{brief, render};
pub use rules::{Classification, Kind, Place, RULES, Rule};

/// Version of the JSON output's shape: bumped when a field is removed or
/// changes meaning, not when one is added.
pub const JSON_VERSION: u32 = 1;

/// Shown by `cargo xtask diff --help`.
const HELP: &str = "\
OLD and NEW are each a file or a git revision. An argument that names an
existing file is read from disk (a relative path is relative to the current
folder). Anything else is a revision of the workspace's repository: `REV`
means openapi/quo-public-api-v1.json as committed at REV, and `REV:PATH` any
file at REV, as `git show` reads it. To read a revision that is also the name
of a file, write it as `REV:openapi/quo-public-api-v1.json`.

Exit status: 0 when nothing breaks, 1 when something does, 2 when a document
cannot be read or translated.

--format json prints one object:
  { \"version\": 1, \"old\": LABEL, \"new\": LABEL, \"breaking\": N, \"compatible\": N,
    \"changes\": [ { \"classification\": \"breaking\" | \"compatible\",
                   \"kind\": a kind of xtask/src/diff/rules.rs, e.g. \"operation-removed\",
                   \"place\": \"operation\" | \"request\" | \"response\",
                   \"operation\": { \"id\", \"method\", \"path\" },
                   \"location\": { \"part\": \"operation\" }
                             | { \"part\": \"parameter\", \"in\", \"name\" }
                             | { \"part\": \"request-body\" }
                             | { \"part\": \"response\", \"status\" },
                   \"field\": e.g. \"data[].role\" or null,
                   \"detail\": text or null } ] }
Breaking changes come first, then by operationId.";

/// Arguments of `cargo xtask diff`.
#[derive(clap::Args, Debug, Clone)]
#[command(
    after_help = "An argument naming an existing file is read from disk; anything else is a git revision (more with '--help').",
    after_long_help = HELP
)]
pub struct DiffArgs {
    /// The document before: a file or a git revision [default: HEAD]
    pub old: Option<String>,
    /// The document after: a file or a git revision [default: the working
    /// copy of openapi/quo-public-api-v1.json]
    pub new: Option<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// For scripts; see `--help` for the shape.
    Json,
}

/// Runs the command in the workspace at `root`: prints the report and exits
/// 1 when a change is breaking.
pub fn run(args: &DiffArgs, root: &Path) -> anyhow::Result<ExitCode> {
    let old = match &args.old {
        Some(arg) => input::load(arg, root)?,
        None => input::committed(root)?,
    };
    let new = match &args.new {
        Some(arg) => input::load(arg, root)?,
        None => input::working_copy(root)?,
    };
    let report = compare(old.document(), new.document())?;
    print!("{}", render(&report, args.format));
    Ok(if report.breaking > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A document to compare and the name the report gives it.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub label: &'a str,
    pub spec: &'a Value,
}

/// Compares two published documents. Fails, naming the document and the
/// JSON pointer, when one uses a construct the code generator cannot translate.
pub fn compare(old: Document<'_>, new: Document<'_>) -> anyhow::Result<Report> {
    let translate = |doc: Document<'_>| {
        quo_api_codegen::translate_dialect(doc.spec).map_err(|err| {
            anyhow!(
                "{}: the code generator cannot translate it: {err}",
                doc.label
            )
        })
    };
    let changes = walk::changes(&translate(old)?, &translate(new)?);
    Ok(Report::new(old.label, new.label, changes))
}

/// Everything `cargo xtask diff` found; `--format json` prints it as is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Label of the document before.
    pub old: String,
    /// Label of the document after.
    pub new: String,
    /// How many changes are breaking.
    pub breaking: usize,
    /// How many changes are compatible.
    pub compatible: usize,
    /// Breaking changes first, then by `operationId`, then in document order.
    pub changes: Vec<Change>,
}

impl Report {
    /// Orders and counts `changes`.
    pub fn new(old: &str, new: &str, mut changes: Vec<Change>) -> Report {
        changes.sort_by(|a, b| {
            (a.classification, &a.operation.id).cmp(&(b.classification, &b.operation.id))
        });
        let breaking = changes
            .iter()
            .filter(|change| change.classification == Classification::Breaking)
            .count();
        Report {
            version: JSON_VERSION,
            old: old.to_owned(),
            new: new.to_owned(),
            breaking,
            compatible: changes.len() - breaking,
            changes,
        }
    }
}

/// One change, classified by [`RULES`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub classification: Classification,
    pub kind: Kind,
    /// Which side of the call; with `kind`, picks the rule.
    pub place: Place,
    pub operation: Operation,
    pub location: Location,
    /// Path of the field inside the body or parameter, e.g. `data[].role`;
    /// `None` for the body or parameter itself.
    pub field: Option<String>,
    /// What changed, e.g. ``"`string` → `integer`"``.
    pub detail: Option<String>,
}

impl Change {
    pub(crate) fn new(
        kind: Kind,
        operation: Operation,
        location: Location,
        field: &str,
        detail: Option<String>,
    ) -> Change {
        let place = location.place();
        Change {
            classification: rules::rule(kind, place).classification,
            kind,
            place,
            operation,
            location,
            field: (!field.is_empty()).then(|| field.to_owned()),
            detail,
        }
    }

    /// The rule that classified it.
    pub fn rule(&self) -> &'static Rule {
        rules::rule(self.kind, self.place)
    }
}

/// An operation as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// `operationId`, the client method's name.
    pub id: String,
    /// Upper case: `GET`.
    pub method: String,
    pub path: String,
}

/// Where in an operation a change is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "part", rename_all = "kebab-case")]
pub enum Location {
    /// The operation as a whole.
    Operation,
    /// A parameter, by where it goes (`query`, `path`, `header`, `cookie`) and name.
    Parameter { r#in: String, name: String },
    /// The JSON request body.
    RequestBody,
    /// The response with this status key (`200`, `4XX`, `default`).
    Response { status: String },
}

impl Location {
    /// The side of the call, which the rules are keyed on.
    pub fn place(&self) -> Place {
        match self {
            Location::Operation => Place::Operation,
            Location::Parameter { .. } | Location::RequestBody => Place::Request,
            Location::Response { .. } => Place::Response,
        }
    }
}

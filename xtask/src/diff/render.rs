//! The report as text, markdown or JSON, and the short form `cargo xtask fetch` prints.

use std::fmt::Write as _;

use super::rules::{self, Classification, RULES};
use super::{Change, Format, Location, Report};

/// The report in `format`, ending with a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(report).expect("a report always serializes");
            json.push('\n');
            json
        }
    }
}

/// `1 breaking, 2 compatible`
fn counts(report: &Report) -> String {
    format!(
        "{} breaking, {} compatible",
        report.breaking, report.compatible
    )
}

fn text(report: &Report) -> String {
    let mut out = format!("{}: {} → {}\n", counts(report), report.old, report.new);
    for (classification, changes) in sections(report) {
        let _ = write!(out, "\n{classification}:\n");
        for group in by_operation(changes) {
            let op = &group[0].operation;
            let _ = writeln!(out, "  {} ({} {})", op.id, op.method, op.path);
            for change in group {
                let _ = writeln!(out, "    {}", line(change));
            }
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    let mut out = format!(
        "**{}** API changes from `{}` to `{}`\n",
        counts(report),
        report.old,
        report.new
    );
    for (classification, changes) in sections(report) {
        let title = match classification {
            Classification::Breaking => "Breaking",
            Classification::Compatible => "Compatible",
        };
        let _ = write!(out, "\n### {title}\n");
        for group in by_operation(changes) {
            let op = &group[0].operation;
            let _ = write!(out, "\n**`{}`** `{} {}`\n\n", op.id, op.method, op.path);
            for change in group {
                let _ = writeln!(out, "- {}", line(change));
            }
        }
    }
    if !report.changes.is_empty() {
        let used = RULES
            .iter()
            .filter(|rule| report.changes.iter().any(|change| change.rule() == *rule));
        let _ = write!(
            out,
            "\n<details><summary>Why these are breaking or compatible</summary>\n\n{}\n</details>\n",
            rules::markdown_table(used)
        );
    }
    out
}

/// What `cargo xtask fetch` prints when the document changed: the counts,
/// then at most `max_lines` changes, breaking first.
pub fn brief(report: &Report, max_lines: usize) -> String {
    let mut out = format!("API changes: {}", counts(report));
    for change in report.changes.iter().take(max_lines) {
        let _ = write!(
            out,
            "\n  {}: {}: {}",
            change.classification,
            change.operation.id,
            line(change)
        );
    }
    if report.changes.len() > max_lines {
        let _ = write!(
            out,
            "\n  … and {} more: `cargo xtask diff` lists them all",
            report.changes.len() - max_lines
        );
    }
    out
}

/// One change, without its operation: ``response 200 `data[].role`: enum value added (`"guest"`)``.
fn line(change: &Change) -> String {
    let phrase = change.kind.as_str().replace('-', " ");
    let mut place = match &change.location {
        Location::Operation => String::new(),
        Location::Parameter { r#in, name } => format!("{in} parameter `{name}`"),
        Location::RequestBody => "request body".to_owned(),
        Location::Response { status } => format!("response {status}"),
    };
    if let Some(field) = &change.field {
        let _ = write!(place, " `{field}`");
    }
    let mut line = if place.is_empty() {
        phrase
    } else {
        format!("{place}: {phrase}")
    };
    if let Some(detail) = &change.detail {
        let _ = write!(line, " ({detail})");
    }
    line
}

/// The non-empty sections, breaking first (the report is sorted that way).
fn sections(report: &Report) -> Vec<(Classification, &[Change])> {
    let split = report.breaking;
    [
        (Classification::Breaking, &report.changes[..split]),
        (Classification::Compatible, &report.changes[split..]),
    ]
    .into_iter()
    .filter(|(_, changes)| !changes.is_empty())
    .collect()
}

/// Runs of changes to the same operation (the report is sorted by operation).
fn by_operation(changes: &[Change]) -> impl Iterator<Item = &[Change]> {
    changes.chunk_by(|a, b| a.operation.id == b.operation.id)
}

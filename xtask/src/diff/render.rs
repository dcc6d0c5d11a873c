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
            for line in lines(group) {
                let _ = writeln!(out, "    {line}");
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
            for line in lines(group) {
                let _ = writeln!(out, "- {line}");
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
/// then at most `max_lines` lines of changes, breaking first.
pub fn brief(report: &Report, max_lines: usize) -> String {
    let mut out = format!("API changes: {}", counts(report));
    let all: Vec<String> = sections(report)
        .into_iter()
        .flat_map(|(classification, changes)| {
            by_operation(changes).flat_map(move |group| {
                let id = &group[0].operation.id;
                lines(group)
                    .into_iter()
                    .map(move |line| format!("{classification}: {id}: {line}"))
            })
        })
        .collect();
    for line in all.iter().take(max_lines) {
        let _ = write!(out, "\n  {line}");
    }
    if all.len() > max_lines {
        let _ = write!(
            out,
            "\n  … and {} more: `cargo xtask diff` lists them all",
            all.len() - max_lines
        );
    }
    out
}

/// The lines for one operation's changes. The same change in several
/// responses (every error body shares its shape) makes one line.
fn lines(group: &[Change]) -> Vec<String> {
    let mut merged: Vec<(&Change, Vec<&str>)> = Vec::new();
    for change in group {
        let Location::Response { status } = &change.location else {
            merged.push((change, Vec::new()));
            continue;
        };
        let same = merged.iter_mut().find(|(seen, _)| {
            matches!(seen.location, Location::Response { .. })
                && (seen.kind, &seen.field, &seen.detail)
                    == (change.kind, &change.field, &change.detail)
        });
        match same {
            Some((_, statuses)) => statuses.push(status),
            None => merged.push((change, vec![status])),
        }
    }
    merged
        .into_iter()
        .map(|(change, statuses)| line(change, &statuses))
        .collect()
}

/// One change, without its operation: ``response 200 `data[].role`: enum value added (`"guest"`)``.
/// `statuses` lists every response it applies to.
fn line(change: &Change, statuses: &[&str]) -> String {
    // `field made non nullable` reads wrong without its hyphen.
    let phrase = change
        .kind
        .as_str()
        .replace('-', " ")
        .replace("non nullable", "non-nullable");
    let mut field = change.field.as_deref();
    let mut place = match &change.location {
        Location::Operation => String::new(),
        Location::Parameter { r#in, name } => match field.take() {
            Some(inner) if inner.starts_with('[') => format!("{in} parameter `{name}{inner}`"),
            Some(inner) => format!("{in} parameter `{name}.{inner}`"),
            None => format!("{in} parameter `{name}`"),
        },
        Location::RequestBody => "request body".to_owned(),
        Location::Response { .. } if statuses.len() > 1 => {
            format!("responses {}", statuses.join(", "))
        }
        Location::Response { status } => format!("response {status}"),
    };
    if let Some(field) = field {
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

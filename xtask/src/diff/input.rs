//! Reading OLD and NEW: a file, or a document at a git revision.

use std::path::Path;
use std::process::Command;

use anyhow::anyhow;
use serde_json::Value;

use super::Document;
use crate::fetch::SPEC_FILE;

/// A document read for comparison, with the label the report shows.
pub(super) struct Loaded {
    label: String,
    spec: Value,
}

impl Loaded {
    pub fn document(&self) -> Document<'_> {
        Document {
            label: &self.label,
            spec: &self.spec,
        }
    }
}

/// An argument: an existing file wins; otherwise a revision (`REV` for the
/// committed document at REV, or `REV:PATH`).
pub(super) fn load(arg: &str, root: &Path) -> anyhow::Result<Loaded> {
    let path = Path::new(arg);
    if path.is_file() {
        return read_file(path, arg);
    }
    let object = if arg.contains(':') {
        arg.to_owned()
    } else {
        format!("{arg}:{SPEC_FILE}")
    };
    let bytes = git_show(root, &object).map_err(|why| anyhow!("{arg}: no such file, and {why}"))?;
    parse(&object, &bytes)
}

/// The document as committed at `HEAD`.
pub(super) fn committed(root: &Path) -> anyhow::Result<Loaded> {
    let object = format!("HEAD:{SPEC_FILE}");
    let bytes = git_show(root, &object).map_err(|why| anyhow!("{why}"))?;
    parse(&object, &bytes)
}

/// The document in the working tree.
pub(super) fn working_copy(root: &Path) -> anyhow::Result<Loaded> {
    read_file(&root.join(SPEC_FILE), SPEC_FILE)
}

fn read_file(path: &Path, label: &str) -> anyhow::Result<Loaded> {
    let bytes = std::fs::read(path).map_err(|err| anyhow!("{label}: {err}"))?;
    parse(label, &bytes)
}

/// The bytes of `git show REV:PATH` in the workspace; the error quotes git's first line.
fn git_show(root: &Path, object: &str) -> Result<Vec<u8>, String> {
    if object.starts_with('-') {
        // git would read it as an option.
        return Err(format!("`{object}` is not a revision"));
    }
    let output = Command::new("git")
        .arg("show")
        .arg(object)
        .current_dir(root)
        .output()
        .map_err(|err| format!("`git show {object}` could not run: {err}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr.lines().next().unwrap_or("no message").trim();
        return Err(format!("`git show {object}` failed: {why}"));
    }
    Ok(output.stdout)
}

fn parse(label: &str, bytes: &[u8]) -> anyhow::Result<Loaded> {
    let spec = serde_json::from_slice(bytes).map_err(|err| anyhow!("{label}: not JSON: {err}"))?;
    Ok(Loaded {
        label: label.to_owned(),
        spec,
    })
}

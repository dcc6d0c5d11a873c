//! `cargo xtask fetch`: bring the published document into `openapi/` safely.
//!
//! The document is read in full within size and time limits, checked (JSON,
//! OpenAPI 3.0/3.1, unique operation ids, and the code generator's own
//! normalizer, so a document the build would reject never gets committed),
//! then written in canonical form together with a provenance lock. Files are
//! replaced by renaming a finished temporary file over them, and only after
//! every check passed: a failed fetch leaves `openapi/` exactly as it was.

mod document;
mod lock;
mod source;
mod summary;

use std::fs::{self, Permissions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use serde_json::Value;
use tempfile::NamedTempFile;

use lock::Lock;
use source::Source;
pub use source::{Limits, USER_AGENT};
pub use summary::{ChangeSummary, describe, summarize};

/// Where Quo publishes the document.
pub const PUBLISHED_URL: &str = "https://openphone-public-api-prod.s3.us-west-2.amazonaws.com/public/openphone-public-api-v1-prod.json";

/// The committed document, relative to the workspace root.
pub const SPEC_FILE: &str = "openapi/quo-public-api-v1.json";

/// The committed provenance lock, relative to the workspace root.
pub const LOCK_FILE: &str = "openapi/quo-public-api-v1.lock";

/// Arguments of `cargo xtask fetch`.
#[derive(clap::Args, Debug, Clone)]
pub struct FetchArgs {
    /// Where to fetch from: an http(s) URL, a file:// URL or a path.
    #[arg(long, value_name = "URL_OR_PATH", default_value = PUBLISHED_URL)]
    pub url: String,
    /// Compare with the committed document and write nothing: exit 0 when
    /// equal, 1 when different, 2 when the fetch fails.
    #[arg(long)]
    pub check: bool,
    /// Size and time limits; not on the command line, tests lower them.
    #[arg(skip)]
    pub limits: Limits,
}

impl FetchArgs {
    /// Arguments for fetching `url` with the default limits.
    pub fn new(url: impl Into<String>) -> FetchArgs {
        FetchArgs {
            url: url.into(),
            check: false,
            limits: Limits::default(),
        }
    }
}

/// Runs the command against the `openapi/` folder under `root`.
pub fn run(args: &FetchArgs, root: &Path) -> anyhow::Result<ExitCode> {
    let spec_path = root.join(SPEC_FILE);
    let lock_path = root.join(LOCK_FILE);
    let committed = read_if_present(&spec_path)?;

    let source = Source::parse(&args.url)?;
    let fetched = source.fetch(&args.limits)?;
    let doc = accept(&source, &fetched.body)?;
    let canonical = document::canonical_bytes(&doc);

    let committed_doc = committed
        .as_deref()
        .and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok());
    let summary = || describe(committed_doc.as_ref(), &doc, source.as_str());

    if args.check {
        return Ok(if committed.as_deref() == Some(&canonical[..]) {
            println!("{SPEC_FILE} matches {source}");
            ExitCode::SUCCESS
        } else {
            println!("{SPEC_FILE} differs from {source}: {}", summary());
            ExitCode::from(1)
        });
    }

    let old_lock = Lock::read(&lock_path)?;
    let sha256 = lock::sha256_hex(&canonical);
    let lock_matches = old_lock.as_ref().is_some_and(|lock| lock.sha256 == sha256);
    let content_unchanged = committed.as_deref() == Some(&canonical[..]);
    if content_unchanged && lock_matches {
        println!("{SPEC_FILE} is up to date with {source} (sha256 {sha256})");
        return Ok(ExitCode::SUCCESS);
    }

    let new_lock = Lock {
        content_changed_at: match old_lock {
            Some(lock) if lock_matches => lock.content_changed_at,
            _ => lock::now_rfc3339(),
        },
        source: source.as_str().to_string(),
        sha256,
        etag: fetched.etag,
        last_modified: fetched.last_modified,
    };
    let lock_bytes = new_lock.to_bytes();
    if content_unchanged {
        Staged::new(&lock_path, &lock_bytes)?.replace()?;
        println!(
            "{SPEC_FILE} is up to date with {source}; rewrote {LOCK_FILE}, which did not match it"
        );
        return Ok(ExitCode::SUCCESS);
    }
    replace_both(
        &spec_path,
        &canonical,
        committed.as_deref(),
        &lock_path,
        &lock_bytes,
    )?;
    println!(
        "updated {SPEC_FILE} from {source} (sha256 {}): {}",
        new_lock.sha256,
        summary()
    );
    Ok(ExitCode::SUCCESS)
}

/// Parses and checks a fetched body; errors name the source.
fn accept(source: &Source, body: &[u8]) -> anyhow::Result<Value> {
    let doc = document::parse(body).map_err(|problem| anyhow!("{source}: {problem}"))?;
    document::check(&doc).map_err(|problem| anyhow!("{source}: {problem}"))?;
    quo_api_codegen::normalize(&doc)
        .map_err(|err| anyhow!("{source}: the code generator would reject it: {err}"))?;
    Ok(doc)
}

fn read_if_present(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
        Err(err) => Err(anyhow!("read {}: {err}", path.display())),
    }
}

/// Replaces the document, then the lock; if the lock cannot be replaced the
/// document is put back, so the pair never disagrees.
fn replace_both(
    spec_path: &Path,
    spec: &[u8],
    old_spec: Option<&[u8]>,
    lock_path: &Path,
    lock: &[u8],
) -> anyhow::Result<()> {
    let staged_spec = Staged::new(spec_path, spec)?;
    let staged_lock = Staged::new(lock_path, lock)?;
    staged_spec.replace()?;
    if let Err(err) = staged_lock.replace() {
        let restored = match old_spec {
            Some(old) => Staged::new(spec_path, old).and_then(Staged::replace),
            None => fs::remove_file(spec_path).map_err(Into::into),
        };
        return Err(match restored {
            Ok(()) => err,
            Err(restore_err) => err.context(format!(
                "and restoring {} failed too ({restore_err:#})",
                spec_path.display()
            )),
        });
    }
    Ok(())
}

/// New bytes for a file, fully written to a temporary file in the same
/// folder (so the final rename is atomic) and not yet in place.
struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
}

impl Staged {
    fn new(target: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
        let folder = target
            .parent()
            .context("a target file has a parent folder")?;
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let write = || -> std::io::Result<NamedTempFile> {
            let mut temp = tempfile::Builder::new()
                .prefix(&format!(".{name}."))
                .suffix(".tmp")
                .tempfile_in(folder)?;
            temp.write_all(bytes)?;
            if let Some(permissions) = permissions_for(target) {
                temp.as_file().set_permissions(permissions)?;
            }
            temp.as_file().sync_all()?;
            Ok(temp)
        };
        let temp = write()
            .map_err(|err| anyhow!("write a temporary file in {}: {err}", folder.display()))?;
        Ok(Staged {
            temp,
            target: target.to_path_buf(),
        })
    }

    fn replace(self) -> anyhow::Result<()> {
        self.temp
            .persist(&self.target)
            .map_err(|err| anyhow!("replace {}: {}", self.target.display(), err.error))?;
        Ok(())
    }
}

/// The replaced file's permissions, or the usual ones for a new file;
/// temporary files start owner-only, which is wrong for committed files.
fn permissions_for(target: &Path) -> Option<Permissions> {
    match fs::metadata(target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => default_permissions(),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<Permissions> {
    None
}

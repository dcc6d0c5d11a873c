//! `cargo xtask codegen [--check]`: keep the committed snapshot of the
//! generated client equal to what `quo-api/build.rs` generates, so pull
//! requests show the Rust API change next to the spec change.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// The committed document, relative to the workspace root.
pub const SPEC: &str = "openapi/quo-public-api-v1.json";
/// The committed snapshot of the generated code, relative to the workspace root.
pub const SNAPSHOT: &str = "quo-api/generated/quo_api.rs";

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args, Debug)]
pub struct CodegenArgs {
    /// Compare instead of writing; exit 1 when the snapshot is stale.
    #[arg(long)]
    pub check: bool,
}

/// Runs the command against the workspace at `root`.
pub fn run(args: &CodegenArgs, root: &Path) -> anyhow::Result<ExitCode> {
    let code = generate(root)?;
    let snapshot = root.join(SNAPSHOT);
    let current = std::fs::read_to_string(&snapshot).ok();
    if current.as_deref() == Some(code.as_str()) {
        println!("{SNAPSHOT} is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        eprintln!("{SNAPSHOT} is stale: run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::from(1));
    }
    std::fs::create_dir_all(snapshot.parent().expect("the snapshot has a folder"))
        .with_context(|| format!("creating the folder of {SNAPSHOT}"))?;
    std::fs::write(&snapshot, &code).with_context(|| format!("writing {SNAPSHOT}"))?;
    println!("wrote {SNAPSHOT} ({} lines)", code.lines().count());
    Ok(ExitCode::SUCCESS)
}

/// The code build.rs generates for the committed document.
pub fn generate(root: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("reading {SPEC}"))?;
    let spec: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{SPEC}: not JSON"))?;
    quo_api_codegen::generate(&spec, &quo_api_codegen::Options::default())
        .with_context(|| SPEC.to_owned())
}

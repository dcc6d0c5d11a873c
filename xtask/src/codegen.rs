//! `cargo xtask codegen [--check]`: keep the committed snapshots of the
//! generated code equal to what `quo-api/build.rs` generates, so pull
//! requests show the Rust API change next to the spec change.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::fetch::SPEC_FILE as SPEC;

/// The committed snapshot of the generated client, relative to the workspace root.
pub const CLIENT_SNAPSHOT: &str = "quo-api/generated/quo_api.rs";
/// The committed snapshot of the generated typed mocks.
pub const MOCK_SNAPSHOT: &str = "quo-api/generated/quo_api_mock.rs";

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args, Debug)]
pub struct CodegenArgs {
    /// Compare instead of writing; exit 1 when a snapshot is stale.
    #[arg(long)]
    pub check: bool,
}

/// Runs the command against the workspace at `root`.
pub fn run(args: &CodegenArgs, root: &Path) -> anyhow::Result<ExitCode> {
    let generated = generate(root)?;
    let mut stale = false;
    for (snapshot, code) in [
        (CLIENT_SNAPSHOT, generated.client),
        (MOCK_SNAPSHOT, generated.mock),
    ] {
        let path = root.join(snapshot);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(code.as_str()) {
            println!("{snapshot} is up to date");
        } else if args.check {
            eprintln!("{snapshot} is stale: run `cargo xtask codegen` and commit the result");
            stale = true;
        } else {
            std::fs::create_dir_all(path.parent().expect("a snapshot has a folder"))
                .with_context(|| format!("creating the folder of {snapshot}"))?;
            std::fs::write(&path, &code).with_context(|| format!("writing {snapshot}"))?;
            println!("wrote {snapshot} ({} lines)", code.lines().count());
        }
    }
    Ok(if stale {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The code build.rs generates for the committed document.
pub fn generate(root: &Path) -> anyhow::Result<quo_api_codegen::Generated> {
    let text =
        std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("reading {SPEC}"))?;
    let spec: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{SPEC}: not JSON"))?;
    quo_api_codegen::generate(&spec, &quo_api_codegen::Options::default())
        .with_context(|| SPEC.to_owned())
}

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Maintainer commands for the quo-api workspace.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch the published OpenAPI document into `openapi/`.
    Fetch(xtask::fetch::FetchArgs),
    /// Write the generated client source to its committed snapshot.
    Codegen(xtask::codegen::CodegenArgs),
    /// Report API changes between two documents, breaking ones first.
    Diff(xtask::diff::DiffArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    let result = match cli.command {
        Command::Fetch(args) => xtask::fetch::run(&args, &root),
        Command::Codegen(args) => xtask::codegen::run(&args, &root),
        Command::Diff(args) => xtask::diff::run(&args, &root),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

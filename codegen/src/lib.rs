//! Spec → code for the `quo-api` crate.
//!
//! Two steps, both pure functions of the document:
//!
//! 1. [`normalize`] translates the OpenAPI 3.1 document Quo publishes into the
//!    OpenAPI 3.0.3 subset progenitor understands, and records what the
//!    generator must add on top (typed error enums, open enums, paginated
//!    operations) in a [`CodegenPlan`]. Every rule lives in `normalize/` with
//!    its own unit tests.
//! 2. [`generate`] runs progenitor on the normalized document and emits the
//!    plan's extras, returning formatted Rust source.
//!
//! `quo-api/build.rs` and `cargo xtask` both call these, so a document the
//! build would reject is rejected before a maintainer can commit it.

mod generate;
mod normalize;

pub use generate::{GenerateError, Generated, Options, generate};
pub use normalize::{
    CodegenPlan, ErrorEnum, ErrorVariant, NormalizeError, Normalized, OpenEnum, PageSize,
    PaginatedOperation, normalize, translate_dialect,
};

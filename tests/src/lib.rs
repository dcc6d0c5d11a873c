//! Behaviour tests for the workspace live in `tests/`. This library holds
//! the clients generated from the real published documents in
//! `QUO_SPEC_CORPUS` (see `build.rs`): that it compiles is part of the test.

/// Clients generated from the corpus documents, one module each.
#[allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

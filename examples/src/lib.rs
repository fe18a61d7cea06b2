//! The demo API: `#[cors]`-annotated handlers a browser page calls across origins.
//!
//! Run it with `cargo run -p examples --example demo`; the browser tests start the same
//! services on free ports.

pub mod api;
pub mod page;

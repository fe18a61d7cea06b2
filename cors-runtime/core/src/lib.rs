//! The rule book and the policy model of [`cors-runtime`](https://docs.rs/cors-runtime),
//! shared by its `#[cors]` macros (which run the rules at compile time) and its runtime
//! (which runs them at start-up and answers requests with the checked policy).
//!
//! **Internal.** Everything here may change in any release; depend on `cors-runtime`, which
//! re-exports what users need. This crate exists so that the rules are written once without
//! a dependency cycle between `cors-runtime` and `cors-macros`, as `sqlx-core` sits under
//! `sqlx` and `sqlx-macros`.
//!
//! Imports run one way: `violation` (what a finding is) ← `header_name`, `method`, `host`,
//! `public_suffix`, `origin`, `request_origin` (the syntax rules) ← `check` (the rule book over one input) ←
//! `policy` (the checked model, built only through `check`; `forged`, the decision about forged
//! requests, stands apart: it needs only header bytes) ← `written` (the model as the
//! one line of text `#[cors]` writes into the user's crate).
#![forbid(unsafe_code)]
#![doc(hidden)]

pub mod check;
pub mod forged;
pub mod header_name;
pub mod host;
pub mod method;
pub mod origin;
pub mod policy;
pub mod public_suffix;
pub mod request_origin;
pub mod violation;
pub mod written;

pub use policy::{
    ask, AllowedHeaders, AllowedOrigins, ByOrigin, ByText, OriginFn, OriginList, OriginMatch,
    OriginPredicate, Policy, PolicyBuilder, Text, TextList,
};
pub use request_origin::{Origin, ParseOriginError};
pub use violation::{Field, PolicyError, Problem, Rule, Severity, Violation};

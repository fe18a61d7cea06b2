//! The form in which `#[cors]` writes a checked policy into the user's crate: one string
//! literal (`cors_runtime_core::written`), the deployment's `env(...)` entries and the
//! `origin_fn`, turned into a [`Policy`] once, when the route is registered.
//!
//! Plain `'static` data because the compiler pays for every `#[cors]` route: a `static`
//! `Policy` built by const fns cost a 200-handler crate about a sixth of its type-check
//! time, a struct literal of every field about a quarter of the macro's time
//! (`BENCHMARKS.md`); a string literal is one token. The text stays `'static`, so the header
//! values built from it at start-up are `from_static` copies.

use cors_runtime_core::written;
use cors_runtime_core::Problem;

use crate::policy::{OriginFn, Policy};

/// One `env(...)` in a policy's `origins`, as `#[cors]` writes it. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct EnvOrigins {
    /// The variable's name.
    pub var: &'static str,
    /// `default = [...]`, checked at compile time: used when the variable is not set.
    pub default: Option<&'static [&'static str]>,
}

/// A policy the `#[cors]` macro has checked and normalised: exact origins lowercase and in
/// matching order, header names lowercase, the header values already joined. Not a public
/// API.
#[doc(hidden)]
#[derive(Debug)]
pub struct StaticPolicy {
    /// Everything literal, as `cors_runtime_core::written::write` writes it; the origins are
    /// the literal entries only.
    pub text: &'static str,
    /// `env(...)` entries of `origins`, read when the app starts.
    pub deployed: &'static [EnvOrigins],
    /// `origin_fn`.
    pub origin_fn: Option<OriginFn>,
}

impl StaticPolicy {
    /// The policy with nothing: what a `cors_policy!` that failed its checks stands for, so
    /// that uses of it report nothing more.
    pub const DEFAULT: StaticPolicy = StaticPolicy {
        text: "",
        deployed: &[],
        origin_fn: None,
    };

    /// The policy with its literal origins only, read straight from the `'static` text,
    /// borrowing every value. An origin entry the text holds that does not parse (text
    /// `#[cors]` did not write) is the error, never skipped.
    pub fn policy(&self) -> Result<Policy, Problem> {
        written::read(self.text).map(|policy| policy.with_origin_fn(self.origin_fn))
    }
}

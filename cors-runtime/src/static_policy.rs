//! The form in which `#[cors]` writes a checked policy into the user's crate: plain
//! `'static` data, turned into a [`Policy`] once, when the route is registered.
//!
//! Plain data because the compiler pays for every `#[cors]` route: a `static` `Policy` built
//! by const fns cost a 200-handler crate about a sixth of its type-check time
//! (`BENCHMARKS.md`), and a borrowed struct literal costs next to nothing. The text stays
//! `'static`, so the header values built from it at start-up are `from_static` copies.

use std::borrow::Cow;

use crate::origin::SubdomainPattern;
use crate::policy::{AllowedHeaders, AllowedOrigins, OriginFn, OriginList, Policy, TextList};

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
/// matching order, header names lowercase, the header values already joined.
#[doc(hidden)]
#[derive(Debug)]
// The flags mirror the attribute's own flags one to one; an enum per flag would only
// lengthen the literal the macro writes.
#[allow(clippy::struct_excessive_bools)]
pub struct StaticPolicy {
    /// `origins = ["*"]`; the three origin fields below are then empty.
    pub any_origin: bool,
    /// Exact origins, in the order `OriginList` matches them in.
    pub exact: &'static [&'static str],
    /// Subdomain patterns, as (prefix, suffix) around the `*.` label.
    pub patterns: &'static [(&'static str, &'static str)],
    /// Whether `null` is allowed.
    pub null: bool,
    /// `credentials`.
    pub credentials: bool,
    /// The route's methods.
    pub methods: &'static [&'static str],
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: &'static str,
    /// `headers = ["*"]`; `headers` is then empty.
    pub any_header: bool,
    /// `"authorization"` named beside `"*"`.
    pub authorization: bool,
    /// The allowed request headers, lowercase.
    pub headers: &'static [&'static str],
    /// `Access-Control-Allow-Headers`.
    pub allow_headers: Option<&'static str>,
    /// `Access-Control-Expose-Headers`.
    pub expose: Option<&'static str>,
    /// `Access-Control-Max-Age`, in seconds.
    pub max_age: Option<u32>,
    /// `private_network`.
    pub private_network: bool,
    /// `env(...)` entries of `origins`, read when the app starts; the origin fields above
    /// hold the literal entries only.
    pub deployed: &'static [EnvOrigins],
    /// `origin_fn`.
    pub origin_fn: Option<OriginFn>,
}

impl StaticPolicy {
    /// Every field empty, false or `None`: the generated literal names only the fields that
    /// differ, which keeps what the compiler reads per route short.
    pub const DEFAULT: StaticPolicy = StaticPolicy {
        any_origin: false,
        exact: &[],
        patterns: &[],
        null: false,
        credentials: false,
        methods: &[],
        allow_methods: "",
        any_header: false,
        authorization: false,
        headers: &[],
        allow_headers: None,
        expose: None,
        max_age: None,
        private_network: false,
        deployed: &[],
        origin_fn: None,
    };

    /// The literal entries of `origins`, as written (normalised): what the rule book sees
    /// beside the deployment's entries at start-up.
    pub(crate) fn literal_origins(&self) -> Vec<String> {
        if self.any_origin {
            return vec!["*".to_owned()];
        }
        let exact = self.exact.iter().map(|s| (*s).to_owned());
        let patterns = self.patterns.iter().map(|(p, s)| format!("{p}*{s}"));
        let null = self.null.then(|| "null".to_owned());
        exact.chain(patterns).chain(null).collect()
    }
}

fn texts(list: &'static [&'static str]) -> TextList {
    list.iter().map(|text| Cow::Borrowed(*text)).collect()
}

impl StaticPolicy {
    /// The policy with its literal origins only, borrowing every text.
    pub fn policy(&self) -> Policy {
        let origins = if self.any_origin {
            AllowedOrigins::Any
        } else {
            let patterns = self
                .patterns
                .iter()
                .map(|(prefix, suffix)| SubdomainPattern::from_static(prefix, suffix))
                .collect();
            AllowedOrigins::Listed(OriginList::from_parts(
                texts(self.exact),
                patterns,
                self.null,
            ))
        };
        let headers = if self.any_header {
            AllowedHeaders::Any {
                authorization: self.authorization,
            }
        } else {
            AllowedHeaders::Listed(texts(self.headers))
        };
        Policy::from_parts(
            origins,
            self.credentials,
            texts(self.methods),
            Cow::Borrowed(self.allow_methods),
            headers,
            self.allow_headers.map(Cow::Borrowed),
            self.expose.map(Cow::Borrowed),
            self.max_age,
            self.private_network,
        )
        .with_origin_fn(self.origin_fn)
    }
}

//! A checked policy as one line of text: how `#[cors]` writes it into the user's crate, and
//! how the runtime reads it back, borrowing every value.
//!
//! One string literal because the compiler pays for every token the macro emits, on every
//! `#[cors]` route: the struct literal this replaces cost about a hundred tokens, a quarter
//! of the macro's own time and more type-checking (`BENCHMARKS.md`). The text is `'static`
//! in the user's binary, so the values read from it are `'static` too and the header values
//! built from them at start-up are `from_static` copies.
//!
//! The format, private to this module: fields in a fixed order separated by `\n`, list
//! items by `\x1f`. The rules admit neither byte in any value (origins and header names have
//! no control characters), so the text needs no escaping.

use std::borrow::Cow;

use crate::origin::OriginPattern;
use crate::policy::{AllowedHeaders, AllowedOrigins, OriginList, Policy, Text};

const FIELD: char = '\n';
const ITEM: char = '\x1f';
const FIELDS: usize = 9;

/// The text `#[cors]` writes for a checked policy.
pub fn write(policy: &Policy) -> String {
    let mut flags = String::new();
    let (mut exact, mut patterns): (Vec<&str>, Vec<String>) = (Vec::new(), Vec::new());
    match policy.origins() {
        AllowedOrigins::Any => flags.push('a'),
        AllowedOrigins::Listed(list) => {
            exact = list.exact().iter().map(AsRef::as_ref).collect();
            patterns = list.patterns().iter().map(ToString::to_string).collect();
            if list.allows_null() {
                flags.push('n');
            }
        }
    }
    if policy.credentials() {
        flags.push('c');
    }
    let headers: Vec<&str> = match policy.headers() {
        AllowedHeaders::Any { authorization } => {
            flags.push('h');
            if *authorization {
                flags.push('z');
            }
            Vec::new()
        }
        AllowedHeaders::Listed(list) => list.iter().map(AsRef::as_ref).collect(),
    };
    if policy.private_network() {
        flags.push('p');
    }
    let methods: Vec<&str> = policy.methods().iter().map(AsRef::as_ref).collect();
    let fields: [String; FIELDS] = [
        flags,
        join(&exact),
        patterns.join(&ITEM.to_string()),
        join(&methods),
        policy.allow_methods().to_owned(),
        join(&headers),
        policy.allow_headers().unwrap_or_default().to_owned(),
        policy.expose().unwrap_or_default().to_owned(),
        policy.max_age().map(|s| s.to_string()).unwrap_or_default(),
    ];
    fields.join(&FIELD.to_string())
}

fn join(list: &[&str]) -> String {
    list.join(&ITEM.to_string())
}

/// A policy read back from its text, every value borrowed from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
// The flags mirror the attribute's own flags one to one.
#[allow(clippy::struct_excessive_bools)]
pub struct Written<'a> {
    /// `origins = ["*"]`; the three origin fields below are then empty.
    pub any_origin: bool,
    /// Exact origins, in the order `OriginList` matches them in.
    pub exact: Vec<&'a str>,
    /// Origin patterns, as written (`https://*.example.com`, `http://localhost:*`).
    pub patterns: Vec<&'a str>,
    /// Whether `null` is allowed.
    pub null: bool,
    /// `credentials`.
    pub credentials: bool,
    /// The methods answered (none for a `cors_policy!` without `methods`).
    pub methods: Vec<&'a str>,
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: &'a str,
    /// `headers = ["*"]`; `headers` is then empty.
    pub any_header: bool,
    /// `"authorization"` named beside `"*"`.
    pub authorization: bool,
    /// The allowed request headers, lowercase.
    pub headers: Vec<&'a str>,
    /// `Access-Control-Allow-Headers`.
    pub allow_headers: Option<&'a str>,
    /// `Access-Control-Expose-Headers`.
    pub expose: Option<&'a str>,
    /// `Access-Control-Max-Age`, in seconds.
    pub max_age: Option<u32>,
    /// `private_network`.
    pub private_network: bool,
}

/// Reads text [`write()`] wrote. Text it did not write reads as far as it goes: a missing
/// field is empty, a bad number is no number; nothing panics.
pub fn read(text: &str) -> Written<'_> {
    fn list(field: &str) -> Vec<&str> {
        if field.is_empty() {
            Vec::new()
        } else {
            field.split(ITEM).collect()
        }
    }
    fn some(field: &str) -> Option<&str> {
        (!field.is_empty()).then_some(field)
    }
    let mut fields = text.split(FIELD);
    let mut next = || fields.next().unwrap_or_default();
    let flags = next();
    let exact = list(next());
    let patterns = list(next());
    let methods = list(next());
    let allow_methods = next();
    let headers = list(next());
    let allow_headers = some(next());
    let expose = some(next());
    let max_age = next().parse().ok();
    let flag = |c: char| flags.contains(c);
    Written {
        any_origin: flag('a'),
        exact,
        patterns,
        null: flag('n'),
        credentials: flag('c'),
        methods,
        allow_methods,
        any_header: flag('h'),
        authorization: flag('z'),
        headers,
        allow_headers,
        expose,
        max_age,
        private_network: flag('p'),
    }
}

impl Written<'_> {
    /// The literal entries of `origins`, as written (normalised), `*` and `null` included:
    /// what the rule book sees beside the deployment's entries at start-up.
    pub fn literal_origins(&self) -> Vec<&str> {
        if self.any_origin {
            return vec!["*"];
        }
        let null = self.null.then_some("null");
        let listed = self.exact.iter().chain(&self.patterns).copied();
        listed.chain(null).collect()
    }
}

impl Written<'static> {
    /// The origin patterns (subdomains, any port), ready to match, borrowing their parts.
    pub fn origin_patterns(&self) -> Vec<OriginPattern> {
        self.patterns
            .iter()
            .filter_map(|pattern| OriginPattern::from_written(pattern))
            .collect()
    }

    /// The policy, borrowing every text.
    pub fn policy(&self) -> Policy {
        let borrowed = |list: &[&'static str]| -> Cow<'static, [Text]> {
            list.iter().map(|text| Cow::Borrowed(*text)).collect()
        };
        let origins = if self.any_origin {
            AllowedOrigins::Any
        } else {
            AllowedOrigins::Listed(OriginList::from_parts(
                borrowed(&self.exact),
                self.origin_patterns().into(),
                self.null,
            ))
        };
        let headers = if self.any_header {
            AllowedHeaders::Any {
                authorization: self.authorization,
            }
        } else {
            AllowedHeaders::Listed(borrowed(&self.headers))
        };
        Policy::from_parts(
            origins,
            self.credentials,
            borrowed(&self.methods),
            Cow::Borrowed(self.allow_methods),
            headers,
            self.allow_headers.map(Cow::Borrowed),
            self.expose.map(Cow::Borrowed),
            self.max_age,
            self.private_network,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(policy: &Policy) -> Policy {
        let text: &'static str = Box::leak(write(policy).into_boxed_str());
        read(text).policy()
    }

    #[test]
    fn every_policy_reads_back_as_written() {
        let policies = [
            Policy::builder()
                .origins([
                    "https://b.example",
                    "https://a.example",
                    "https://*.example.org:8443",
                    "https://*.example.net:*",
                    "http://localhost:*",
                    "http://[::1]:*",
                    "null",
                ])
                .methods(["GET", "PUT"])
                .headers(["Content-Type", "x-api-key"])
                .expose(["x-request-id", "etag"])
                .max_age(600)
                .private_network(true)
                .build()
                .unwrap(),
            Policy::builder()
                .origins(["*"])
                .headers(["*", "authorization"])
                .expose(["*"])
                .build()
                .unwrap(),
            Policy::builder()
                .origins(["https://app.example.com"])
                .credentials(true)
                .build()
                .unwrap(),
        ];
        for policy in &policies {
            assert_eq!(
                &round_trip(policy),
                policy,
                "{}",
                write(policy).escape_debug()
            );
        }
    }

    #[test]
    fn text_it_did_not_write_reads_without_panicking() {
        for text in [
            "",
            "\n\n\n",
            "acz",
            "\n\x1f\x1f\nno-star\n\n\n\n\n\nnot a number",
            "\u{e9}\n\n",
        ] {
            let _ = read(text);
        }
        assert_eq!(read("").max_age, None);
        assert!(read("").exact.is_empty());
    }
}

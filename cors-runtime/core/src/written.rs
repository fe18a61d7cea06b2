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
use crate::policy::{AllowedHeaders, AllowedOrigins, Policy, Text};
use crate::violation::Problem;

const FIELD: char = '\n';
const ITEM: char = '\x1f';
const FIELDS: usize = 9;

/// The text `#[cors]` writes for a checked policy: each origin entry as written, the rest as
/// the policy keeps it.
pub fn write(policy: &Policy) -> String {
    let mut flags = String::new();
    let (mut exact, mut patterns): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    match policy.origins() {
        AllowedOrigins::Any => flags.push('a'),
        AllowedOrigins::Listed(list) => {
            exact = list.exact().iter().map(AsRef::as_ref).collect();
            patterns = list.patterns().iter().map(OriginPattern::as_str).collect();
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
    if policy.csrf_exempt() {
        flags.push('x');
    }
    let methods: Vec<&str> = policy.methods().iter().map(AsRef::as_ref).collect();
    let fields: [String; FIELDS] = [
        flags,
        join(&exact),
        join(&patterns),
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

/// Reads text [`write()`] wrote straight into the [`Policy`], every text borrowed from it.
///
/// The origin entries go through the same parser as the rule book's; one that does not
/// parse (text `write` did not write) is an error, never skipped. Any other field that is
/// missing reads as empty and a bad number as none: nothing panics.
pub fn read(text: &'static str) -> Result<Policy, Problem> {
    fn list(field: &'static str) -> Vec<&'static str> {
        if field.is_empty() {
            Vec::new()
        } else {
            field.split(ITEM).collect()
        }
    }
    fn borrowed(list: &[&'static str]) -> Cow<'static, [Text]> {
        list.iter().map(|text| Cow::Borrowed(*text)).collect()
    }
    let mut fields = text.split(FIELD);
    let mut next = || fields.next().unwrap_or_default();
    let flags = next();
    let flag = |c: char| flags.contains(c);
    let mut entries = list(next());
    entries.extend(list(next()));
    if flag('n') {
        entries.push("null");
    }
    if flag('a') {
        entries = vec!["*"];
    }
    let origins = Policy::origins_of(&entries, Cow::Borrowed)?;
    let methods = borrowed(&list(next()));
    let allow_methods = Cow::Borrowed(next());
    let headers = if flag('h') {
        next();
        AllowedHeaders::Any {
            authorization: flag('z'),
        }
    } else {
        AllowedHeaders::Listed(borrowed(&list(next())))
    };
    let some = |field: &'static str| (!field.is_empty()).then_some(Cow::Borrowed(field));
    let allow_headers = some(next());
    let expose = some(next());
    let max_age = next().parse().ok();
    Ok(Policy::from_parts(
        origins,
        flag('c'),
        methods,
        allow_methods,
        headers,
        allow_headers,
        expose,
        max_age,
        flag('p'),
        flag('x'),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(policy: &Policy) -> Policy {
        let text: &'static str = Box::leak(write(policy).into_boxed_str());
        read(text).expect("it wrote the text")
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
            Policy::builder()
                .origins(["https://app.example.com"])
                .methods(["POST"])
                .csrf_exempt(true)
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
    fn text_it_did_not_write_reads_without_panicking_and_bad_origins_are_errors() {
        for text in ["", "\n\n\n", "acz", "\n\n\n\n\n\n\n\nnot a number"] {
            let policy = read(text).expect("no origin entry to refuse");
            assert_eq!(policy.max_age(), None);
        }
        assert!(read("").unwrap().origin_entries().is_empty());
        for text in [
            "\n\x1f\x1f\nno-star",
            "\u{e9}\nhttps://a.example/\n",
            "\n\nhttps://*.com",
        ] {
            assert!(read(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn origin_entries_read_back_as_written() {
        let policy = Policy::builder()
            .origins([
                "https://b.example",
                "http://localhost:*",
                "https://*.example.org",
                "null",
            ])
            .build()
            .unwrap();
        let text: &'static str = Box::leak(write(&policy).into_boxed_str());
        assert_eq!(
            read(text).unwrap().origin_entries(),
            [
                "https://b.example",
                "http://localhost:*",
                "https://*.example.org",
                "null"
            ]
        );
    }
}

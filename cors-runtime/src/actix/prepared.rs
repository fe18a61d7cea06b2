//! Header values that depend only on the policy, built once per route when the app is
//! built, from `'static` text (`from_static`, no copy) for a `#[cors]` route.

use std::borrow::Cow;

use actix_web::http::header::HeaderValue;

use crate::policy::{AllowedOrigins, OriginMatch, Policy, Text};

/// A policy with every response-header value ready to insert.
///
/// Built once per route and worker, when the app is built: from a `#[cors]` route's
/// `'static` policy text, or when a run-time policy's middleware is made. The request path
/// only clones these values, which for `from_static` values is a copy of two pointers.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) policy: Policy,
    exact: Cow<'static, [HeaderValue]>,
    pub(crate) allow_methods: HeaderValue,
    pub(crate) allow_headers: Option<HeaderValue>,
    pub(crate) expose: Option<HeaderValue>,
    pub(crate) max_age: Option<HeaderValue>,
    pub(crate) preflight_vary: HeaderValue,
}

pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");
pub(crate) const ANY: HeaderValue = HeaderValue::from_static("*");
pub(crate) const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

const fn preflight_vary(private_network: bool) -> HeaderValue {
    if private_network {
        HeaderValue::from_static("Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network")
    } else {
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        )
    }
}

impl Prepared {
    pub(crate) fn new(policy: Policy) -> Self {
        let exact = match policy.origins() {
            AllowedOrigins::Any => Cow::Borrowed(&[][..]),
            AllowedOrigins::Listed(list) => list.exact().iter().map(value).collect(),
        };
        let (allow_methods, allow_headers, expose) = policy.header_texts();
        let (allow_methods, allow_headers, expose) = (
            value(allow_methods),
            allow_headers.map(value),
            expose.map(value),
        );
        Self {
            exact,
            allow_methods,
            allow_headers,
            expose,
            max_age: policy.max_age().map(HeaderValue::from),
            preflight_vary: preflight_vary(policy.private_network()),
            policy,
        }
    }

    /// The `Access-Control-Allow-Origin` value for a match: the prepared exact origin, `*`,
    /// or the request's own value (a pattern or `null`), which is a reference-count bump.
    pub(crate) fn allow_origin(
        &self,
        matched: OriginMatch,
        request_origin: &HeaderValue,
    ) -> Option<HeaderValue> {
        match matched {
            OriginMatch::Any => Some(ANY),
            OriginMatch::Exact(i) => self.exact.get(i).cloned(),
            OriginMatch::Echo => Some(request_origin.clone()),
            OriginMatch::Refused => None,
        }
    }
}

/// A header value for checked policy text: `from_static` when the text is `'static`.
fn value(text: &Text) -> HeaderValue {
    // The rules admit only visible ASCII and spaces here; the fallback keeps a hand-built
    // policy with anything else from panicking, at the cost of an empty value.
    let valid = text.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    match text {
        Text::Borrowed(s) if valid => HeaderValue::from_static(s),
        _ => HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("")),
    }
}

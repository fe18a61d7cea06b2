//! Reading what a request asks for, and deciding whether a policy grants it.
//!
//! Everything here works on raw header bytes and returns a verdict, with no web framework
//! in sight, so the same code serves actix-web, the fuzzers and the tests. Malformed input is
//! an ordinary refusal: nothing here can panic or allocate.

use crate::policy::{OriginMatch, Policy};

/// Why a request gets no grant. The text is what a refused preflight's body says and what
/// the `debug` log line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The request has no `Origin`.
    NoOrigin,
    /// The request has several `Origin` headers, or one that is not visible ASCII.
    MalformedOrigin,
    /// The origin is not in the policy.
    OriginNotAllowed,
    /// The preflight asks for a method the route does not serve.
    MethodNotAllowed,
    /// The preflight asks for a request header the policy does not list.
    HeaderNotAllowed,
    /// `Access-Control-Request-Headers` is not a list of header names.
    MalformedRequestHeaders,
    /// The preflight has no single `Access-Control-Request-Method`.
    MalformedRequestMethod,
}

impl Refusal {
    /// Whether the refusal is about what the request asks for rather than who asks: a
    /// method or a header the policy does not list. A refused preflight from an allowed
    /// origin then says what is allowed, so the browser's console names the cause.
    pub fn is_about_request(self) -> bool {
        matches!(self, Refusal::MethodNotAllowed | Refusal::HeaderNotAllowed)
    }

    /// A short, fixed description, such as `origin not allowed`.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NoOrigin => "no Origin header",
            Refusal::MalformedOrigin => "malformed Origin header",
            Refusal::OriginNotAllowed => "origin not allowed",
            Refusal::MethodNotAllowed => "method not allowed",
            Refusal::HeaderNotAllowed => "request header not allowed",
            Refusal::MalformedRequestHeaders => "malformed Access-Control-Request-Headers",
            Refusal::MalformedRequestMethod => "malformed Access-Control-Request-Method",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

/// Picks the one `Origin` value out of every `Origin` header on a request.
///
/// Two headers (which a browser never sends, and which would combine into `a, b`) are
/// malformed. The value's bytes are judged by [`match_origin`], which needs to look at them
/// only when it refuses.
///
/// ```
/// use cors_runtime::__private::request::{single_origin, Refusal};
///
/// assert_eq!(single_origin([&b"https://a.com"[..]]), Ok(&b"https://a.com"[..]));
/// assert_eq!(single_origin(Vec::<&[u8]>::new()), Err(Refusal::NoOrigin));
/// assert_eq!(single_origin([&b"https://a.com"[..], b"https://b.com"]), Err(Refusal::MalformedOrigin));
/// ```
pub fn single_origin<'a, I: IntoIterator<Item = &'a [u8]>>(values: I) -> Result<&'a [u8], Refusal> {
    let mut values = values.into_iter();
    let origin = values.next().ok_or(Refusal::NoOrigin)?;
    if values.next().is_some() {
        return Err(Refusal::MalformedOrigin);
    }
    Ok(origin)
}

/// Matches a request's origin, refusing what the policy does not allow and anything that is
/// not an origin a browser could send.
///
/// ```
/// use cors_runtime::__private::request::{match_origin, Refusal};
/// use cors_runtime::{__private::core::OriginMatch, Policy};
///
/// let any = Policy::builder().origins(["*"]).build().unwrap();
/// assert_eq!(match_origin(&any, b"https://a.com"), Ok(OriginMatch::Any));
/// assert_eq!(match_origin(&any, "https://\u{e9}.com".as_bytes()), Err(Refusal::MalformedOrigin));
/// let one = Policy::builder().origins(["https://a.com"]).build().unwrap();
/// assert_eq!(match_origin(&one, b"https://b.com"), Err(Refusal::OriginNotAllowed));
/// assert_eq!(match_origin(&one, b""), Err(Refusal::MalformedOrigin));
/// ```
pub fn match_origin(policy: &Policy, origin: &[u8]) -> Result<OriginMatch, Refusal> {
    let well_formed = || !origin.is_empty() && origin.iter().all(u8::is_ascii_graphic);
    match policy.match_origin(origin) {
        // An exact origin, a pattern or `null` matches only visible ASCII, so the bytes of a
        // granted origin need no second look: the hot path is the comparison alone.
        granted @ (OriginMatch::Exact(_) | OriginMatch::Echo) => Ok(granted),
        OriginMatch::Any if well_formed() => Ok(OriginMatch::Any),
        OriginMatch::Refused if well_formed() => Err(Refusal::OriginNotAllowed),
        OriginMatch::Any | OriginMatch::Refused => Err(Refusal::MalformedOrigin),
    }
}

/// The header names in `Access-Control-Request-Headers` values, trimmed of spaces and tabs.
///
/// Browsers send one value, lowercase, sorted and joined by `,`; other clients add spaces,
/// mixed case, or several headers. Empty list elements are skipped, as HTTP list syntax
/// allows.
///
/// ```
/// use cors_runtime::__private::request::request_header_names;
///
/// let names: Vec<&[u8]> = request_header_names([&b"content-type, X-Api-Key ,,"[..]]).collect();
/// assert_eq!(names, [&b"content-type"[..], b"X-Api-Key"]);
/// ```
pub fn request_header_names<'a, I: IntoIterator<Item = &'a [u8]>>(
    values: I,
) -> impl Iterator<Item = &'a [u8]> {
    values
        .into_iter()
        .flat_map(|value| value.split(|&b| b == b','))
        .map(<[u8]>::trim_ascii)
        .filter(|name| !name.is_empty())
}

/// Decides a preflight: the origin, then the method, then every requested header.
///
/// Returns the origin match to answer with, or the first reason to refuse.
///
/// ```
/// use cors_runtime::__private::request::{preflight, Refusal};
/// use cors_runtime::{__private::core::OriginMatch, Policy};
///
/// let policy = Policy::builder()
///     .origins(["https://app.example.com"])
///     .methods(["PUT"])
///     .headers(["content-type"])
///     .build()?;
/// let origin = b"https://app.example.com";
/// assert_eq!(preflight(&policy, origin, b"PUT", [&b"Content-Type"[..]]), Ok(OriginMatch::Exact(0)));
/// assert_eq!(preflight(&policy, origin, b"PUT", [&b"x-other"[..]]), Err(Refusal::HeaderNotAllowed));
/// assert_eq!(preflight(&policy, origin, b"put", None), Err(Refusal::MethodNotAllowed));
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
pub fn preflight<'a, I: IntoIterator<Item = &'a [u8]>>(
    policy: &Policy,
    origin: &[u8],
    method: &[u8],
    request_headers: I,
) -> Result<OriginMatch, Refusal> {
    let granted = match_origin(policy, origin)?;
    admits(policy, method, request_headers)?;
    Ok(granted)
}

/// Whether the policy admits what a preflight asks for once its origin is allowed: the
/// method, then every requested header, in the order Chromium checks them, so the first
/// refusal is the one the browser's console will name.
///
/// ```
/// use cors_runtime::__private::request::{admits, Refusal};
/// use cors_runtime::Policy;
///
/// let policy = Policy::builder().origins(["https://a.com"]).methods(["PUT"]).build()?;
/// assert_eq!(admits(&policy, b"PUT", None), Ok(()));
/// assert_eq!(admits(&policy, b"DELETE", [&b"x-debug"[..]]), Err(Refusal::MethodNotAllowed));
/// assert_eq!(admits(&policy, b"PUT", [&b"x-debug"[..]]), Err(Refusal::HeaderNotAllowed));
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
pub fn admits<'a, I: IntoIterator<Item = &'a [u8]>>(
    policy: &Policy,
    method: &[u8],
    request_headers: I,
) -> Result<(), Refusal> {
    if !policy.allows_method(method) {
        return Err(Refusal::MethodNotAllowed);
    }
    for name in request_header_names(request_headers) {
        if !crate::header_name::is_token(name) {
            return Err(Refusal::MalformedRequestHeaders);
        }
        if !policy.headers().allows(name) {
            return Err(Refusal::HeaderNotAllowed);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::builder()
            .origins(["https://a.com", "https://*.b.com"])
            .methods(["GET", "PUT"])
            .headers(["content-type", "x-api-key"])
            .build()
            .unwrap()
    }

    #[test]
    fn origin_header_must_be_single_visible_ascii() {
        assert_eq!(
            single_origin([&b"https://a.com"[..], b"https://a.com"]),
            Err(Refusal::MalformedOrigin)
        );
        let any = Policy::builder().origins(["*"]).build().unwrap();
        for bad in [
            &b""[..],
            b"https://a.com ",
            "https://\u{e9}.com".as_bytes(),
            b"https://a.com\x7f",
        ] {
            assert_eq!(match_origin(&policy(), bad), Err(Refusal::MalformedOrigin));
            assert_eq!(match_origin(&any, bad), Err(Refusal::MalformedOrigin));
        }
    }

    #[test]
    fn preflight_checks_origin_then_method_then_headers() {
        let p = policy();
        assert_eq!(
            preflight(&p, b"https://evil.com", b"PUT", None),
            Err(Refusal::OriginNotAllowed)
        );
        assert_eq!(
            preflight(&p, b"https://a.com", b"DELETE", None),
            Err(Refusal::MethodNotAllowed)
        );
        assert_eq!(
            preflight(&p, b"https://x.b.com", b"PUT", None),
            Ok(OriginMatch::Echo)
        );
        let spaced = [&b" Content-Type ,\tX-API-KEY"[..], b"content-type"];
        assert_eq!(
            preflight(&p, b"https://a.com", b"GET", spaced),
            Ok(OriginMatch::Exact(0))
        );
        assert_eq!(
            preflight(
                &p,
                b"https://a.com",
                b"GET",
                [&b"content-type,authorization"[..]]
            ),
            Err(Refusal::HeaderNotAllowed)
        );
        assert_eq!(
            preflight(&p, b"https://a.com", b"GET", [&b"content type"[..]]),
            Err(Refusal::MalformedRequestHeaders)
        );
        assert_eq!(
            preflight(&p, b"https://a.com", b"GET", [&b"x-\xffa"[..]]),
            Err(Refusal::MalformedRequestHeaders)
        );
    }

    #[test]
    fn every_refusal_has_a_reason() {
        for r in [
            Refusal::NoOrigin,
            Refusal::MalformedOrigin,
            Refusal::OriginNotAllowed,
            Refusal::MethodNotAllowed,
            Refusal::HeaderNotAllowed,
            Refusal::MalformedRequestHeaders,
            Refusal::MalformedRequestMethod,
        ] {
            assert!(!r.reason().is_empty());
            assert_eq!(r.to_string(), r.reason());
        }
    }
}

//! Method names as the Fetch standard treats them: which need no preflight, which `fetch`
//! upper-cases, which it refuses to send. One list each, for the rule book, the request
//! path and the test kit.

/// The CORS-safelisted methods (Fetch, "CORS-safelisted method"): a cross-origin request
/// with one of them needs no preflight.
pub const SAFELISTED: [&str; 3] = ["GET", "HEAD", "POST"];

/// The methods `fetch` upper-cases (Fetch, "normalize a method"); any other is sent as
/// written and compared case-sensitively.
pub const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// The forbidden methods (Fetch, "forbidden method"), in any case: `fetch` throws before
/// sending one.
pub const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Whether `method` is CORS-safelisted (compared byte for byte, as browsers compare).
///
/// ```
/// use cors_runtime_core::method::is_safelisted;
///
/// assert!(is_safelisted(b"POST"));
/// assert!(!is_safelisted(b"post") && !is_safelisted(b"PUT"));
/// ```
#[inline]
pub fn is_safelisted(method: &[u8]) -> bool {
    SAFELISTED.iter().any(|m| m.as_bytes() == method)
}

/// The forbidden method `method` is, in its upper-case spelling, if it is one.
///
/// ```
/// use cors_runtime_core::method::forbidden;
///
/// assert_eq!(forbidden("trace"), Some("TRACE"));
/// assert_eq!(forbidden("PATCH"), None);
/// ```
pub fn forbidden(method: &str) -> Option<&'static str> {
    FORBIDDEN
        .into_iter()
        .find(|forbidden| method.eq_ignore_ascii_case(forbidden))
}

/// `method` as `fetch` sends it: upper-cased when it is one of [`NORMALIZED`], else as
/// written.
///
/// ```
/// use cors_runtime_core::method::normalize;
///
/// assert_eq!(normalize("delete"), "DELETE");
/// assert_eq!(normalize("patch"), "patch");
/// ```
pub fn normalize(method: &str) -> &str {
    NORMALIZED
        .into_iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .unwrap_or(method)
}

//! What a browser does with a response, after the Fetch standard: the CORS check, the
//! CORS-preflight check, and which response headers a script may read.
//!
//! Independent of the library on purpose: it reads only the request a browser would send
//! and the response's headers, as a browser does, and shares no code with `cors-runtime`.
//! References are to <https://fetch.spec.whatwg.org/>.

/// The response headers the oracle needs: every `(name, value)` pair, names any case.
pub type Headers = [(String, Vec<u8>)];

/// "Get, decode, and split" simplified to what CORS headers use: every value of `name`,
/// combined with `, ` as a browser's header list combines them.
fn combined(headers: &Headers, name: &str) -> Option<Vec<u8>> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone());
    let first = values.next()?;
    Some(values.fold(first, |mut acc, v| {
        acc.extend_from_slice(b", ");
        acc.extend_from_slice(&v);
        acc
    }))
}

/// "Extracting header list values": the comma-separated items, trimmed of HTTP whitespace.
fn list(headers: &Headers, name: &str) -> Vec<Vec<u8>> {
    combined(headers, name)
        .map(|v| {
            v.split(|&b| b == b',')
                .map(|item| item.trim_ascii().to_vec())
                .filter(|item| !item.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The CORS check (§4.9): may a script from `origin` read this response?
pub fn cors_check(origin: &[u8], include_credentials: bool, headers: &Headers) -> bool {
    let Some(allow_origin) = combined(headers, "access-control-allow-origin") else {
        return false;
    };
    if !include_credentials && allow_origin == b"*" {
        return true;
    }
    if allow_origin != origin {
        return false;
    }
    if !include_credentials {
        return true;
    }
    combined(headers, "access-control-allow-credentials").as_deref() == Some(b"true")
}

/// A CORS-safelisted method (§2.2.1).
fn safelisted_method(method: &[u8]) -> bool {
    matches!(method, b"GET" | b"HEAD" | b"POST")
}

/// The CORS-preflight fetch's checks (§4.8, steps after the response arrives): may the
/// actual request, `method` with the non-safelisted `request_headers`, go ahead?
pub fn preflight_check(
    status: u16,
    origin: &[u8],
    include_credentials: bool,
    method: &[u8],
    request_headers: &[&str],
    headers: &Headers,
) -> bool {
    if !(200..300).contains(&status) || !cors_check(origin, include_credentials, headers) {
        return false;
    }
    let methods = list(headers, "access-control-allow-methods");
    let names = list(headers, "access-control-allow-headers");
    // Methods compare byte for byte, case-sensitively.
    let method_ok = safelisted_method(method)
        || methods.iter().any(|m| m == method)
        || (!include_credentials && methods.iter().any(|m| m == b"*"));
    if !method_ok {
        return false;
    }
    let listed = |h: &str| names.iter().any(|n| n.eq_ignore_ascii_case(h.as_bytes()));
    let star = !include_credentials && names.iter().any(|n| n == b"*");
    request_headers.iter().all(|h| {
        // `Authorization` is a CORS non-wildcard request-header name: `*` never covers it.
        listed(h) || (star && !h.eq_ignore_ascii_case("authorization"))
    })
}

/// The CORS-safelisted response-header names (§2.2.6), readable without exposure.
const SAFELISTED_RESPONSE: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Whether a script may read response header `name` of a response that passed the CORS
/// check (the CORS-filtered response, §2.2.6 and §4.1 step 14).
pub fn readable(name: &str, include_credentials: bool, headers: &Headers) -> bool {
    let name = name.to_ascii_lowercase();
    if name == "set-cookie" || name == "set-cookie2" {
        return false;
    }
    if SAFELISTED_RESPONSE.contains(&name.as_str()) {
        return true;
    }
    let exposed = list(headers, "access-control-expose-headers");
    exposed
        .iter()
        .any(|e| e.eq_ignore_ascii_case(name.as_bytes()))
        || (!include_credentials && exposed.iter().any(|e| e == b"*"))
}

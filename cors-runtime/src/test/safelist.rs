//! What a browser lets through without asking: the Fetch standard's CORS-safelisted
//! methods, request headers and response headers, and the names a script may not set.

/// The methods a cross-origin request sends without a preflight (Fetch §2.2.1): the rule
/// book's list.
pub(super) fn is_safelisted_method(method: &str) -> bool {
    crate::method::is_safelisted(method.as_bytes())
}

/// The methods `fetch` normalises to upper case (Fetch "normalize a method"): any other
/// method is sent as written, and compared case-sensitively.
pub(super) fn normalize_method(method: &str) -> String {
    crate::method::normalize(method).to_owned()
}

/// Methods `fetch` refuses to send.
pub(super) fn is_forbidden_method(method: &str) -> bool {
    crate::method::forbidden(method).is_some()
}

/// Request headers a script cannot set: `fetch` drops them silently (Fetch "forbidden
/// request-header"): the Fetch standard's names, which the rule book keeps too, and the
/// `x-http-method*` names when their value names a forbidden method.
pub(super) fn is_forbidden_request_header(name: &str, value: &[u8]) -> bool {
    if crate::header_name::is_forbidden_request_header(name) {
        return true;
    }
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) && value
        .split(|&b| b == b',')
        .any(|m| std::str::from_utf8(m.trim_ascii()).is_ok_and(is_forbidden_method))
}

/// A CORS-unsafe request-header byte (Fetch §2.2.2).
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t')
        || matches!(
            b,
            b'"' | b'('
                | b')'
                | b':'
                | b'<'
                | b'>'
                | b'?'
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'{'
                | b'}'
                | 0x7f
        )
}

/// The essence of a MIME type (`type/subtype`, lower-cased), if `value` parses as one.
fn mime_essence(value: &[u8]) -> Option<String> {
    let value = std::str::from_utf8(value).ok()?;
    let essence = value
        .split(';')
        .next()?
        .trim_matches([' ', '\t', '\n', '\r']);
    let (kind, sub) = essence.split_once('/')?;
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    (token(kind) && token(sub)).then(|| essence.to_ascii_lowercase())
}

/// A simple range header value: `bytes=N-` or `bytes=N-M` with `N <= M`.
fn is_simple_range(value: &[u8]) -> bool {
    let Some(range) = value.strip_prefix(b"bytes=") else {
        return false;
    };
    let Some(dash) = range.iter().position(|&b| b == b'-') else {
        return false;
    };
    let (start, end) = (&range[..dash], &range[dash + 1..]);
    let number = |digits: &[u8]| -> Option<u64> {
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    match (number(start), end.is_empty()) {
        (Some(_), true) => true,
        (Some(start), false) => number(end).is_some_and(|end| start <= end),
        (None, _) => false,
    }
}

/// A CORS-safelisted request header (Fetch §2.2.2), judged alone.
pub(super) fn is_safelisted_header(name: &str, value: &[u8]) -> bool {
    if value.len() > 128 {
        return false;
    }
    match name {
        "accept" => !value.iter().copied().any(is_unsafe_byte),
        "accept-language" | "content-language" => value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => {
            !value.iter().copied().any(is_unsafe_byte)
                && mime_essence(value).is_some_and(|essence| {
                    matches!(
                        essence.as_str(),
                        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                    )
                })
        }
        "range" => is_simple_range(value),
        _ => false,
    }
}

/// The CORS-unsafe request-header names of a header list (Fetch §2.2.2): lower-cased,
/// deduplicated and sorted, as a preflight's `Access-Control-Request-Headers` lists them.
/// Safelisted values that add up to more than 1,024 bytes make their names unsafe too, when
/// `limit_total` (WebKit has no such limit).
pub(super) fn unsafe_names(headers: &[(String, Vec<u8>)], limit_total: bool) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut safelisted = Vec::new();
    let mut total = 0;
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if is_safelisted_header(&name, value) {
            total += value.len();
            safelisted.push(name);
        } else {
            unsafe_names.push(name);
        }
    }
    if limit_total && total > 1024 {
        unsafe_names.append(&mut safelisted);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

/// Response headers a script may read without `Access-Control-Expose-Headers` (Fetch
/// §2.2.6).
pub(super) fn is_safelisted_response_header(name: &str) -> bool {
    [
        "cache-control",
        "content-language",
        "content-length",
        "content-type",
        "expires",
        "last-modified",
        "pragma",
    ]
    .iter()
    .any(|safe| safe.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(headers: &[(&str, &str)]) -> Vec<String> {
        let owned: Vec<(String, Vec<u8>)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.as_bytes().to_vec()))
            .collect();
        unsafe_names(&owned, true)
    }

    #[test]
    fn content_type_is_safelisted_for_three_types_only() {
        assert!(names(&[("Content-Type", "text/plain;charset=UTF-8")]).is_empty());
        assert!(names(&[("content-type", "multipart/form-data; boundary=x")]).is_empty());
        assert_eq!(
            names(&[("content-type", "application/json")]),
            ["content-type"]
        );
        assert_eq!(
            names(&[("content-type", "text/plain; x=\"(\"")]),
            ["content-type"]
        );
    }

    #[test]
    fn value_limits_make_safelisted_names_unsafe() {
        let long = "a".repeat(129);
        assert_eq!(names(&[("accept", &long)]), ["accept"]);
        let near = "a".repeat(128);
        let many: Vec<(&str, &str)> = (0..9)
            .map(|i| (["accept", "accept-language"][i % 2], near.as_str()))
            .collect();
        assert_eq!(names(&many), ["accept", "accept-language"]);
        assert!(
            names(&many[..8]).is_empty(),
            "exactly 1,024 bytes is still safelisted"
        );
        // WebKit judges each header alone (`isSimpleCrossOriginAccessRequest`).
        let owned: Vec<(String, Vec<u8>)> = many
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.as_bytes().to_vec()))
            .collect();
        assert!(unsafe_names(&owned, false).is_empty());
    }

    #[test]
    fn names_are_lowercase_sorted_and_once() {
        assert_eq!(
            names(&[("X-B", "1"), ("x-a", "2"), ("x-b", "3"), ("accept", "*/*")]),
            ["x-a", "x-b"]
        );
    }

    #[test]
    fn ranges_and_languages() {
        assert!(names(&[("range", "bytes=0-")]).is_empty());
        assert!(names(&[("range", "bytes=5-9")]).is_empty());
        assert_eq!(names(&[("range", "bytes=9-5")]), ["range"]);
        assert_eq!(names(&[("range", "bytes=0-1,3-4")]), ["range"]);
        assert!(names(&[("accept-language", "en-US,en;q=0.9")]).is_empty());
        assert_eq!(
            names(&[("content-language", "en_US")]),
            ["content-language"]
        );
    }

    #[test]
    fn forbidden_names_and_methods() {
        assert!(is_forbidden_request_header("Cookie", b"a=1"));
        assert!(is_forbidden_request_header("sec-fetch-mode", b"cors"));
        assert!(is_forbidden_request_header(
            "x-http-method-override",
            b"TRACE"
        ));
        assert!(!is_forbidden_request_header(
            "x-http-method-override",
            b"PATCH"
        ));
        assert!(is_forbidden_method("trace"));
        assert_eq!(normalize_method("delete"), "DELETE");
        assert_eq!(normalize_method("patch"), "patch");
    }
}

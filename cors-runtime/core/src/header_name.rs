//! Header-name syntax for `headers` and `expose`.

use crate::violation::Problem;

/// Whether `b` may appear in an HTTP token (RFC 9110 `tchar`).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `name` is a valid header name: a non-empty HTTP token.
#[inline]
pub fn is_token(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| is_tchar(b))
}

/// Checks one entry of `headers` or `expose` (other than `*`).
pub fn check_name(name: &str) -> Result<(), Problem> {
    if name.is_empty() {
        return Err(Problem::new(
            "header name is empty",
            "write a header name such as `content-type`, or remove the entry",
        ));
    }
    if let Some(c) = name.chars().find(|&c| !(c.is_ascii() && is_tchar(c as u8))) {
        let shown = if c.is_whitespace() {
            "whitespace".to_owned()
        } else {
            format!("`{c}`")
        };
        return Err(Problem::new(
            format!("header name `{}` contains {shown}", name.escape_debug()),
            "a header name has letters, digits and ``!#$%&'*+-.^_`|~`` only; list each header separately",
        ));
    }
    Ok(())
}

/// The Fetch standard's forbidden request-header names
/// (<https://fetch.spec.whatwg.org/#forbidden-request-header>), lowercase: the browser sets
/// them itself and a script cannot, so a preflight never asks for them. Names starting with
/// `proxy-` or `sec-` are forbidden too. (`x-http-method`, `x-http-method-override` and
/// `x-method-override` are forbidden only with a forbidden method as their value, so the
/// names themselves stay allowed.)
const FORBIDDEN_REQUEST_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "permissions-policy",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether `name` (any case) is a forbidden request-header name, which no script can set.
pub fn is_forbidden_request_header(name: &str) -> bool {
    let starts_with = |prefix: &str| {
        name.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    starts_with("proxy-")
        || starts_with("sec-")
        || FORBIDDEN_REQUEST_HEADERS
            .iter()
            .any(|forbidden| forbidden.eq_ignore_ascii_case(name))
}

/// Response headers a browser never exposes to scripts, whatever the server says.
pub fn never_exposed(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

/// A header the server sends in a CORS answer, which no page sends: every
/// `access-control-allow-*`, `access-control-expose-headers` and `access-control-max-age`.
pub fn is_cors_response_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("access-control-allow-")
        || name == "access-control-expose-headers"
        || name == "access-control-max-age"
}

/// A header a browser sends in a preflight, which no response carries:
/// `access-control-request-*`.
pub fn is_cors_request_header(name: &str) -> bool {
    name.to_ascii_lowercase()
        .starts_with("access-control-request-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert!(is_token(b"content-type"));
        assert!(is_token(b"X-Api-Key"));
        assert!(!is_token(b""));
        assert!(!is_token(b"x key"));
        assert!(!is_token(b"x:y"));
        assert!(!is_token("é".as_bytes()));
        assert!(check_name("a,b").unwrap_err().message.contains("`,`"));
        assert!(check_name("a b")
            .unwrap_err()
            .message
            .contains("whitespace"));
        assert!(check_name("").unwrap_err().message.contains("empty"));
        // Fetch, "forbidden request-header": the fixed names and the two prefixes, in any case.
        for name in [
            "Cookie",
            "host",
            "ORIGIN",
            "Content-Length",
            "Proxy-Authorization",
            "sec-fetch-mode",
            "Sec-CH-UA",
            "permissions-policy",
            "te",
        ] {
            assert!(is_forbidden_request_header(name), "{name}");
        }
        // Set by scripts: `authorization`, `user-agent` (no longer forbidden), the
        // method-override names (forbidden only with a forbidden method as value).
        for name in [
            "authorization",
            "user-agent",
            "x-http-method-override",
            "x-method-override",
            "content-type",
            "proxy",
            "secret",
            "tex",
            "x-sec-token",
        ] {
            assert!(!is_forbidden_request_header(name), "{name}");
        }
        assert!(
            never_exposed("Set-Cookie")
                && never_exposed("set-cookie2")
                && !never_exposed("x-set-cookie")
        );
    }
}

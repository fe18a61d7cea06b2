//! Header-name syntax for `headers` and `expose`.

use crate::violation::Problem;

/// Whether `b` may appear in an HTTP token (RFC 9110 `tchar`).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `name` is a valid header name: a non-empty HTTP token.
pub fn is_token(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| is_tchar(b))
}

/// Checks one entry of `headers` or `expose` (other than `*`).
pub(crate) fn check_name(name: &str) -> Result<(), Problem> {
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

/// Response headers a browser never exposes to scripts, whatever the server says.
pub(crate) fn never_exposed(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
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
        assert!(
            never_exposed("Set-Cookie")
                && never_exposed("set-cookie2")
                && !never_exposed("x-set-cookie")
        );
    }
}

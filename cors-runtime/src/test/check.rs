//! The checks a browser runs on a cross-origin response, in Chromium's order, each failure
//! worded as Chromium's console words it.

use std::fmt;

use super::exchange::Exchange;

/// Why a browser refused to let the page read a response, as Chromium's console says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Blocked {
    /// `fetch` threw before sending anything.
    TypeError(String),
    /// The CORS check failed on the actual response.
    Response(Access),
    /// The CORS check failed on the preflight's answer.
    Preflight(Access),
    /// The preflight's answer was a redirect.
    PreflightRedirect,
    /// The preflight's answer passed the CORS check but its status was not 2xx.
    PreflightStatus,
    /// `Access-Control-Allow-Methods` is not a list of tokens.
    AllowMethodsUnparsable,
    /// `Access-Control-Allow-Headers` is not a list of tokens.
    AllowHeadersUnparsable,
    /// The method is not in `Access-Control-Allow-Methods`.
    Method(String),
    /// A request header is not in `Access-Control-Allow-Headers`.
    Header(String),
}

/// A failed CORS check (Fetch §4.9), with what the response said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Access {
    MissingAllowOrigin,
    MultipleAllowOrigin(String),
    InvalidAllowOrigin(String),
    AllowOriginMismatch(String),
    WildcardWithCredentials,
    InvalidAllowCredentials(String),
}

/// What Chromium adds when `Access-Control-Allow-Origin` is there but wrong.
const VALID: &str = "Have the server send the header with a valid value.";

impl Access {
    // Chromium 156's words, checked by the browser suite: a value that is there but wrong
    // ends with what to do; the no-cors hint older versions added is gone.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Access::MissingAllowOrigin => f.write_str(
                "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            ),
            Access::MultipleAllowOrigin(value) => {
                write!(
                    f,
                    "The 'Access-Control-Allow-Origin' header contains multiple values \
                     '{value}', but only one is allowed. {VALID}"
                )
            }
            Access::InvalidAllowOrigin(value) => {
                write!(
                    f,
                    "The 'Access-Control-Allow-Origin' header contains the invalid value \
                     '{value}'. {VALID}"
                )
            }
            Access::AllowOriginMismatch(value) => {
                write!(
                    f,
                    "The 'Access-Control-Allow-Origin' header has a value '{value}' that is \
                     not equal to the supplied origin. {VALID}"
                )
            }
            Access::WildcardWithCredentials => f.write_str(
                "The value of the 'Access-Control-Allow-Origin' header in the response must \
                 not be the wildcard '*' when the request's credentials mode is 'include'.",
            ),
            Access::InvalidAllowCredentials(value) => write!(
                f,
                "The value of the 'Access-Control-Allow-Credentials' header in the response \
                 is '{value}' which must be 'true' when the request's credentials mode is \
                 'include'."
            ),
        }
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const PREFLIGHT: &str = "Response to preflight request doesn't pass access control \
                                 check: ";
        match self {
            Blocked::TypeError(message) => f.write_str(message),
            Blocked::Response(access) => access.describe(f),
            Blocked::Preflight(access) => {
                f.write_str(PREFLIGHT)?;
                access.describe(f)
            }
            Blocked::PreflightRedirect => {
                write!(
                    f,
                    "{PREFLIGHT}Redirect is not allowed for a preflight request."
                )
            }
            Blocked::PreflightStatus => write!(f, "{PREFLIGHT}It does not have HTTP ok status."),
            Blocked::AllowMethodsUnparsable => f.write_str(
                "Cannot parse Access-Control-Allow-Methods response header field in preflight \
                 response.",
            ),
            Blocked::AllowHeadersUnparsable => f.write_str(
                "Cannot parse Access-Control-Allow-Headers response header field in preflight \
                 response.",
            ),
            Blocked::Method(method) => write!(
                f,
                "Method {method} is not allowed by Access-Control-Allow-Methods in preflight \
                 response."
            ),
            Blocked::Header(name) => write!(
                f,
                "Request header field {name} is not allowed by Access-Control-Allow-Headers in \
                 preflight response."
            ),
        }
    }
}

/// The CORS check (Fetch §4.9) as Chromium words its failures: may a page on `origin` read
/// a response with these headers?
pub(super) fn access(origin: &str, credentials: bool, response: &Exchange) -> Result<(), Access> {
    let Some(allow_origin) = response.header("access-control-allow-origin") else {
        return Err(Access::MissingAllowOrigin);
    };
    if allow_origin == "*" {
        return if credentials {
            Err(Access::WildcardWithCredentials)
        } else {
            Ok(())
        };
    }
    if allow_origin != origin {
        let value = allow_origin.to_owned();
        return Err(if allow_origin.contains([' ', ',']) {
            Access::MultipleAllowOrigin(value)
        } else if allow_origin != "null" && !looks_like_url(allow_origin) {
            Access::InvalidAllowOrigin(value)
        } else {
            Access::AllowOriginMismatch(value)
        });
    }
    if credentials {
        let allow_credentials = response
            .header("access-control-allow-credentials")
            .unwrap_or("");
        if allow_credentials != "true" {
            return Err(Access::InvalidAllowCredentials(
                allow_credentials.to_owned(),
            ));
        }
    }
    Ok(())
}

/// Chromium tells a mismatched origin from an invalid one by whether it parses as a URL;
/// a scheme and something after it is the part of that test that matters here.
fn looks_like_url(value: &str) -> bool {
    value.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.bytes().enumerate().all(|(i, b)| {
                b.is_ascii_alphabetic()
                    || (i > 0 && b"+-.".contains(&b))
                    || (i > 0 && b.is_ascii_digit())
            })
    })
}

/// An `Access-Control-Allow-Methods` or `-Headers` value as Chromium parses it: a list of
/// tokens, or `None` when an item is not one.
pub(super) fn token_list(value: Option<&str>) -> Option<Vec<String>> {
    let Some(value) = value else {
        return Some(Vec::new());
    };
    value
        .split(',')
        .map(|item| item.trim_matches([' ', '\t']))
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                .then(|| item.to_owned())
        })
        .collect()
}

/// What a passed preflight allows, as the preflight cache keeps it.
#[derive(Debug, Clone)]
pub(super) struct Allowed {
    /// `Access-Control-Allow-Credentials: true` was on the answer.
    pub(super) credentials: bool,
    pub(super) methods: Vec<String>,
    /// Lower-cased.
    pub(super) headers: Vec<String>,
}

impl Allowed {
    /// Whether the method is allowed: safelisted, listed (case-sensitively), or `*` without
    /// credentials.
    pub(super) fn method(&self, method: &str, credentials: bool) -> Result<(), Blocked> {
        let ok = super::safelist::is_safelisted_method(method)
            || self.methods.iter().any(|m| m == method)
            || (!credentials && self.methods.iter().any(|m| m == "*"));
        if ok {
            Ok(())
        } else {
            Err(Blocked::Method(method.to_owned()))
        }
    }

    /// Whether every unsafe request header is allowed, reporting the first (in sorted order)
    /// that is not. `*` covers every name without credentials; Chromium lets it cover
    /// `authorization` too.
    pub(super) fn headers(&self, names: &[String], credentials: bool) -> Result<(), Blocked> {
        let star = !credentials && self.headers.iter().any(|h| h == "*");
        match names
            .iter()
            .find(|name| !star && !self.headers.contains(name))
        {
            Some(name) => Err(Blocked::Header(name.clone())),
            None => Ok(()),
        }
    }

    /// Whether this grant, made with or without credentials, covers a request.
    pub(super) fn covers(&self, method: &str, names: &[String], credentials: bool) -> bool {
        (self.credentials || !credentials)
            && self.method(method, credentials).is_ok()
            && self.headers(names, credentials).is_ok()
    }
}

/// The checks on a preflight's answer, in Chromium's order: the CORS check, then the
/// status, then parsing the lists, then the method, then each header.
pub(super) fn preflight(
    origin: &str,
    credentials: bool,
    method: &str,
    names: &[String],
    answer: &Exchange,
) -> Result<Allowed, Blocked> {
    if (300..400).contains(&answer.status()) {
        return Err(Blocked::PreflightRedirect);
    }
    access(origin, credentials, answer).map_err(Blocked::Preflight)?;
    if !(200..300).contains(&answer.status()) {
        return Err(Blocked::PreflightStatus);
    }
    let methods = token_list(answer.header("access-control-allow-methods"))
        .ok_or(Blocked::AllowMethodsUnparsable)?;
    let headers = token_list(answer.header("access-control-allow-headers"))
        .ok_or(Blocked::AllowHeadersUnparsable)?
        .into_iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let allowed = Allowed {
        credentials: answer.header("access-control-allow-credentials") == Some("true"),
        methods,
        headers,
    };
    allowed.method(method, credentials)?;
    allowed.headers(names, credentials)?;
    Ok(allowed)
}

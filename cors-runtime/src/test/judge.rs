//! How a browser judges a cross-origin response: the checks it runs, in Chromium's order, each failure
//! worded as Chromium's console words it.

use super::blocked::{Access, Blocked};
use super::exchange::Exchange;

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

/// Chromium tells a mismatched origin from an invalid one by whether the value parses as a
/// URL (`GURL::is_valid`), which the URL standard's parser answers here.
fn looks_like_url(value: &str) -> bool {
    url::Url::parse(value).is_ok()
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
pub(super) struct Granted {
    /// `Access-Control-Allow-Credentials: true` was on the answer.
    pub(super) credentials: bool,
    pub(super) methods: Vec<String>,
    /// Lower-cased.
    pub(super) headers: Vec<String>,
}

impl Granted {
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
) -> Result<Granted, Blocked> {
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
    let allowed = Granted {
        credentials: answer.header("access-control-allow-credentials") == Some("true"),
        methods,
        headers,
    };
    allowed.method(method, credentials)?;
    allowed.headers(names, credentials)?;
    Ok(allowed)
}

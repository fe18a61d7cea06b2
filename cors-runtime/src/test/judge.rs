//! How a browser judges a cross-origin response: the checks it runs, in the order its
//! engine runs them ([`Engine::preflight_steps`]), each failure a [`Blocked`] cause.

use super::blocked::{Access, Blocked};
use super::engine::{Engine, Step};
use super::exchange::Exchange;

/// The CORS check (Fetch §4.9) as `engine` runs it and names its failures: may a page on
/// `origin` read a response with these headers? The engines agree on the verdict and differ
/// on the cause they name for a wrong `Access-Control-Allow-Origin` (see
/// [`Engine::several_allow_origins`], [`Engine::tells_invalid_from_mismatch`]).
pub(super) fn access(
    engine: Engine,
    origin: &str,
    credentials: bool,
    response: &Exchange,
) -> Result<(), Access> {
    let Some(allow_origin) = response.header("access-control-allow-origin") else {
        return Err(Access::MissingAllowOrigin);
    };
    let value = || allow_origin.to_owned();
    if engine.several_allow_origins(response, allow_origin) {
        return Err(Access::MultipleAllowOrigin(value()));
    }
    if allow_origin == "*" {
        return if credentials {
            Err(Access::WildcardWithCredentials)
        } else {
            Ok(())
        };
    }
    if allow_origin != origin {
        return Err(
            if engine.tells_invalid_from_mismatch()
                && allow_origin != "null"
                && !looks_like_url(allow_origin)
            {
                Access::InvalidAllowOrigin(value())
            } else {
                Access::AllowOriginMismatch(value())
            },
        );
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

    /// Whether every unsafe request header is allowed, reporting the first of `names` (in
    /// the order and spelling the engine reports them) that is not. `*` covers every name
    /// without credentials; all three engines let it cover `authorization` too.
    pub(super) fn headers(&self, names: &[String], credentials: bool) -> Result<(), Blocked> {
        let star = !credentials && self.headers.iter().any(|h| h == "*");
        match names
            .iter()
            .find(|name| !star && !self.headers.contains(&name.to_ascii_lowercase()))
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

/// What a preflight's answer decided: a grant, or the first failed check; and, when the
/// engine caches what it read even though a check refused the call
/// ([`Engine::caches_refused_preflight`]), what it read.
pub(super) struct Verdict {
    pub(super) result: Result<Granted, Blocked>,
    pub(super) cacheable: Option<Granted>,
}

/// The checks on a preflight's answer, in `engine`'s order ([`Engine::preflight_steps`]):
/// the first that fails is the one reported. `names` are the unsafe request-header names
/// in the order and spelling the engine reports them.
pub(super) fn preflight(
    engine: Engine,
    origin: &str,
    credentials: bool,
    method: &str,
    names: &[String],
    answer: &Exchange,
) -> Verdict {
    let mut methods = None;
    let mut headers = None;
    let mut refused = None;
    for step in engine.preflight_steps() {
        let checked = match step {
            // A `3xx` is a redirect only with somewhere to go: without `Location` the network
            // stack hands it on as an answer, which then fails the status check.
            Step::Redirect => {
                if (300..400).contains(&answer.status()) && answer.header("location").is_some() {
                    Err(if engine.calls_redirected_preflight_a_status() {
                        Blocked::PreflightStatus
                    } else {
                        Blocked::PreflightRedirect
                    })
                } else {
                    Ok(())
                }
            }
            Step::Access => access(engine, origin, credentials, answer).map_err(Blocked::Preflight),
            Step::Status => {
                if (200..300).contains(&answer.status()) {
                    Ok(())
                } else {
                    Err(Blocked::PreflightStatus)
                }
            }
            Step::ParseMethods => token_list(answer.header("access-control-allow-methods"))
                .map(|list| methods = Some(list))
                .ok_or(Blocked::AllowMethodsUnparsable),
            Step::ParseHeaders => token_list(answer.header("access-control-allow-headers"))
                .map(|list| {
                    headers = Some(list.into_iter().map(|h| h.to_ascii_lowercase()).collect());
                })
                .ok_or(Blocked::AllowHeadersUnparsable),
            Step::Method | Step::Headers => {
                let granted = Granted {
                    credentials: answer.header("access-control-allow-credentials") == Some("true"),
                    methods: methods.clone().unwrap_or_default(),
                    headers: headers.clone().unwrap_or_default(),
                };
                if step == Step::Method {
                    granted.method(method, credentials)
                } else {
                    granted.headers(names, credentials)
                }
            }
        };
        if let Err(blocked) = checked {
            // Only a refusal after both lists were read leaves something to cache.
            if !matches!(step, Step::Method | Step::Headers)
                || methods.is_none()
                || headers.is_none()
            {
                return Verdict {
                    result: Err(blocked),
                    cacheable: None,
                };
            }
            refused = Some(blocked);
            break;
        }
    }
    let granted = Granted {
        credentials: answer.header("access-control-allow-credentials") == Some("true"),
        methods: methods.unwrap_or_default(),
        headers: headers.unwrap_or_default(),
    };
    match refused {
        Some(blocked) => Verdict {
            result: Err(blocked),
            cacheable: engine.caches_refused_preflight().then_some(granted),
        },
        None => Verdict {
            result: Ok(granted.clone()),
            cacheable: Some(granted),
        },
    }
}

//! Where the three browser engines differ, and nowhere else: each difference is a small
//! function over [`Engine`], with where it comes from. Everything the engines share (the
//! Fetch standard's rules) lives in the other modules and asks here only what differs.
//!
//! | difference | Chromium | Firefox | WebKit | source |
//! |---|---|---|---|---|
//! | `Access-Control-Max-Age` cap | 7,200 s | 86,400 s | 600 s | Chromium `cors/preflight_result.cc`; Gecko `nsCORSListenerProxy.cpp` (`AddResultToCache`); WebKit `CrossOriginPreflightResultCache.cpp` (measured: WebKitGTK 2.50 re-preflights between 590 and 615 s) |
//! | a `max-age` that is not a number | 5 s | not cached | 5 s | same files |
//! | a grant made with credentials serves calls without | yes | no (the cache key holds the credentials flag) | yes | Gecko `nsPreflightCache::GetEntry`; WebKit `CrossOriginPreflightResultCacheItem::allowsRequest` |
//! | a preflight refused for its method or a header is still cached | no | no | yes | WebKit `validatePreflightResponse` (`appendEntry` before the error) |
//! | the 1,024-byte total of safelisted values | yes | yes | no | WebKit `isSimpleCrossOriginAccessRequest` checks each header alone |
//! | preflight checks, in order (a `3xx` with `Location` is a redirect) | redirect, CORS check, status, parse both lists, method, headers | CORS check, redirect, status, parse methods, method, parse headers, headers | status (a redirect is a status), CORS check, parse both lists, method, headers | Chromium `cors_url_loader.cc`/`preflight_controller.cc`; Gecko `nsCORSListenerProxy::CheckRequestApproved` then `nsCORSPreflightListener::CheckPreflightRequestApproved`; WebKit `validatePreflightResponse` |
//! | `Access-Control-Allow-Origin` holds several values | a space or a comma | two header lines | a comma | Chromium `cors.cc`; Gecko `CheckOriginHeader`; WebKit `passesAccessControlCheck` |
//! | a value that is no URL, told from another origin | yes | no | no | same |
//! | the header a refused preflight names | first in sorted order, lower case | first in sorted order, lower case | first as sent (names WebKit knows first), as the script wrote it | WebKit `validateCrossOriginHeaders` over `HTTPHeaderMap` |
//! | `Sec-Fetch-*` on a WebSocket handshake | none | site, mode, dest | site, mode, dest | measured (`docs/notes/issue-24-engines.md`) |
//! | console words | `Access to fetch at …` | `Cross-Origin Request Blocked: …` | a security line, then `Fetch API cannot load … due to access control checks.` | Blink `cors_error_string.cc` (measured: Chromium 156); Gecko `security.properties`; WebKit `CrossOriginAccessControl.cpp`, `CrossOriginPreflightResultCache.cpp`, `ThreadableLoader.cpp` |
//!
//! All three let `Access-Control-Allow-Headers: *` (without credentials) cover
//! `Authorization`, which the Fetch standard says it must not: Chromium, Gecko (behind
//! `network.cors_preflight.authorization_covered_by_wildcard`, on, with a deprecation
//! warning) and WebKit (`validateCrossOriginHeaders` has no exception). All three safelist
//! the same request headers and methods otherwise.

use std::fmt::Write as _;
use std::time::Duration;

use super::blocked::{Access, Blocked};
use super::exchange::Exchange;

/// The browser engine a [`Page`](super::Page) answers as: its preflight cache, the order of
/// its checks, and its console's words.
///
/// ```
/// use cors_runtime::test::{Engine, Page};
///
/// let page = Page::at("https://app.example.com").engine(Engine::WebKit);
/// # let _ = page;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Engine {
    /// Chromium (Chrome, Edge, Opera), the default.
    #[default]
    Chromium,
    /// Gecko (Firefox).
    Firefox,
    /// WebKit (Safari, WebKitGTK).
    WebKit,
}

/// Which script API made a call: what the request carries, and how the console names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Api {
    Fetch,
    Xhr,
    EventSource,
    Beacon,
}

/// A step of a preflight answer's checks, in [`Engine::preflight_steps`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// A `3xx` answer.
    Redirect,
    /// The CORS check (`Access-Control-Allow-Origin`, `-Credentials`).
    Access,
    /// A status outside `200..300`.
    Status,
    /// `Access-Control-Allow-Methods` is a list of tokens.
    ParseMethods,
    /// `Access-Control-Allow-Headers` is a list of tokens.
    ParseHeaders,
    /// The method is allowed.
    Method,
    /// Every unsafe header is allowed.
    Headers,
}

/// How long an answer without `Access-Control-Max-Age` is kept, in every engine.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5);

impl Engine {
    /// The most an engine honours of `Access-Control-Max-Age`.
    pub(super) fn max_age_cap(self) -> Duration {
        Duration::from_secs(match self {
            Engine::Chromium => 7200,
            Engine::Firefox => 86_400,
            Engine::WebKit => 600,
        })
    }

    /// How long this engine keeps a preflight answer with this `Access-Control-Max-Age`:
    /// `None` when it keeps none (`0`, negative; in Firefox, anything but digits).
    pub(super) fn preflight_lifetime(self, max_age: Option<&str>) -> Option<Duration> {
        let Some(value) = max_age else {
            return Some(DEFAULT_MAX_AGE);
        };
        let seconds = match self {
            // Gecko reads digits only, and caches nothing for anything else.
            Engine::Firefox => {
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                value.parse::<u64>().unwrap_or(u64::MAX)
            }
            Engine::Chromium | Engine::WebKit => {
                match value.trim_matches([' ', '\t']).parse::<i64>() {
                    Ok(seconds) if seconds <= 0 => return None,
                    Ok(seconds) => seconds.unsigned_abs(),
                    Err(_) => return Some(DEFAULT_MAX_AGE),
                }
            }
        };
        (seconds > 0).then(|| Duration::from_secs(seconds).min(self.max_age_cap()))
    }

    /// Whether a cached grant made with credentials serves a call made without them.
    pub(super) fn credentialed_grant_serves_others(self) -> bool {
        !matches!(self, Engine::Firefox)
    }

    /// Whether a preflight that passed the CORS check but refused the method or a header is
    /// cached all the same (for the calls it does cover).
    pub(super) fn caches_refused_preflight(self) -> bool {
        matches!(self, Engine::WebKit)
    }

    /// Whether a redirected preflight is reported as a status (WebKit counts a `3xx` among
    /// the statuses a preflight must not have) rather than as a redirect.
    pub(super) fn calls_redirected_preflight_a_status(self) -> bool {
        matches!(self, Engine::WebKit)
    }

    /// Whether safelisted header values that add up to more than 1,024 bytes make their
    /// names unsafe.
    pub(super) fn limits_safelisted_total(self) -> bool {
        !matches!(self, Engine::WebKit)
    }

    /// The checks on a preflight's answer, in this engine's order; the first that fails is
    /// the one reported.
    pub(super) fn preflight_steps(self) -> [Step; 7] {
        use Step::{Access, Headers, Method, ParseHeaders, ParseMethods, Redirect, Status};
        match self {
            Engine::Chromium => [
                Redirect,
                Access,
                Status,
                ParseMethods,
                ParseHeaders,
                Method,
                Headers,
            ],
            Engine::Firefox => [
                Access,
                Redirect,
                Status,
                ParseMethods,
                Method,
                ParseHeaders,
                Headers,
            ],
            Engine::WebKit => [
                Redirect,
                Status,
                Access,
                ParseMethods,
                ParseHeaders,
                Method,
                Headers,
            ],
        }
    }

    /// Whether this `Access-Control-Allow-Origin` (`value`, combined) holds several values.
    pub(super) fn several_allow_origins(self, response: &Exchange, value: &str) -> bool {
        match self {
            Engine::Chromium => value.contains([' ', ',']),
            Engine::Firefox => response.lines("access-control-allow-origin") > 1,
            Engine::WebKit => value.contains(','),
        }
    }

    /// Whether the engine tells a value that is no URL from another origin's.
    pub(super) fn tells_invalid_from_mismatch(self) -> bool {
        matches!(self, Engine::Chromium)
    }

    /// The unsafe request-header names a refused preflight may name, in the order the
    /// engine looks at them and spelled as it reports them. `written` holds the names as
    /// the script set them, in order; `sorted` the lower-case, sorted ones.
    pub(super) fn header_report_order(self, written: &[String], sorted: &[String]) -> Vec<String> {
        match self {
            Engine::Chromium | Engine::Firefox => sorted.to_vec(),
            Engine::WebKit => {
                let mut known = Vec::new();
                let mut other: Vec<String> = Vec::new();
                for name in written {
                    let lower = name.to_ascii_lowercase();
                    if !sorted.contains(&lower) {
                        continue;
                    }
                    let canonical = WEBKIT_KNOWN_NAMES
                        .iter()
                        .find(|known| known.eq_ignore_ascii_case(name));
                    if let Some(canonical) = canonical {
                        if !known.iter().any(|k| k == canonical) {
                            known.push((*canonical).to_owned());
                        }
                    } else if !other.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                        other.push(name.clone());
                    }
                }
                known.extend(other);
                known
            }
        }
    }

    /// Whether a WebSocket handshake carries `Sec-Fetch-*` (to a potentially trustworthy
    /// URL): Chromium sends none on handshakes.
    pub(super) fn fetch_metadata_on_websocket(self) -> bool {
        !matches!(self, Engine::Chromium)
    }

    /// `Sec-WebSocket-Extensions` as the engine offers it.
    pub(super) fn websocket_extensions(self) -> &'static str {
        match self {
            Engine::Chromium | Engine::WebKit => "permessage-deflate; client_max_window_bits",
            Engine::Firefox => "permessage-deflate",
        }
    }

    /// The headers an `EventSource` adds to its GET.
    pub(super) fn event_source_headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Engine::Chromium | Engine::WebKit => &[
                ("accept", "text/event-stream"),
                ("cache-control", "no-cache"),
            ],
            // Gecko's `EventSourceImpl::SetupHttpChannel` sets `Accept` and loads with
            // `LOAD_BYPASS_CACHE`, for which `nsHttpChannel` adds `Pragma` and
            // `Cache-Control`; Blink's and WebKit's `EventSource::connect` set the two above.
            Engine::Firefox => &[
                ("accept", "text/event-stream"),
                ("cache-control", "no-cache"),
                ("pragma", "no-cache"),
            ],
        }
    }
}

/// Header names WebKit knows (`HTTPHeaderNames.in`) among those a script may set, in
/// WebKit's spelling: a request header map keeps them apart from the others, first.
const WEBKIT_KNOWN_NAMES: &[&str] = &[
    "Accept",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "Content-Language",
    "Content-Type",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Last-Event-ID",
    "Pragma",
    "Range",
    "X-Requested-With",
];

/// Why a script's call threw before anything was sent.
#[derive(Debug, Clone, Copy)]
pub(super) enum Thrown<'a> {
    /// The URL does not parse.
    Url(&'a str),
    /// The URL has a user name or password.
    UrlCredentials(&'a str),
    /// Not `http` or `https`.
    Scheme(&'a str),
    /// `CONNECT`, `TRACE`, `TRACK`.
    ForbiddenMethod(&'a str),
    /// Not a token.
    InvalidMethod(&'a str),
    /// A method other than `GET`, `HEAD`, `POST` in `no-cors` mode.
    NoCorsMethod(&'a str),
}

impl Engine {
    /// The message of the exception the call throws (its name first, as `String(e)`
    /// prints it).
    pub(super) fn thrown(self, api: Api, why: Thrown<'_>) -> String {
        use Thrown::{ForbiddenMethod, InvalidMethod, NoCorsMethod, Scheme, Url, UrlCredentials};
        match (self, api) {
            (Engine::Chromium, Api::Fetch | Api::Beacon) => {
                let head = "TypeError: Failed to execute 'fetch' on 'Window':";
                match why {
                    Url(url) => format!("{head} Failed to parse URL from {url}"),
                    UrlCredentials(url) => format!(
                        "{head} Request cannot be constructed from a URL that includes \
                         credentials: {url}"
                    ),
                    Scheme(_) => "TypeError: Failed to fetch".to_owned(),
                    ForbiddenMethod(m) => format!("{head} '{m}' HTTP method is unsupported."),
                    InvalidMethod(m) => format!("{head} '{m}' is not a valid HTTP method."),
                    NoCorsMethod(m) => format!("{head} '{m}' is unsupported in no-cors mode."),
                }
            }
            (Engine::Chromium, Api::Xhr) => {
                let head = "Failed to execute 'open' on 'XMLHttpRequest':";
                match why {
                    Url(_) | UrlCredentials(_) | Scheme(_) => {
                        format!("SyntaxError: {head} Invalid URL")
                    }
                    ForbiddenMethod(m) | NoCorsMethod(m) => {
                        format!("SecurityError: {head} '{m}' HTTP method is unsupported.")
                    }
                    InvalidMethod(m) => {
                        format!("SyntaxError: {head} '{m}' is not a valid HTTP method.")
                    }
                }
            }
            (Engine::Chromium, Api::EventSource) => match why {
                Url(url) | UrlCredentials(url) | Scheme(url) => format!(
                    "SyntaxError: Failed to construct 'EventSource': Cannot open an \
                     EventSource to '{url}'. The URL is invalid."
                ),
                ForbiddenMethod(m) | InvalidMethod(m) | NoCorsMethod(m) => {
                    format!("SyntaxError: {m}")
                }
            },
            (Engine::Firefox, Api::Fetch | Api::Beacon) => match why {
                Url(url) => format!("TypeError: Window.fetch: {url} is not a valid URL."),
                UrlCredentials(url) => {
                    format!("TypeError: Window.fetch: {url} is an url with embedded credentials.")
                }
                Scheme(_) => {
                    "TypeError: NetworkError when attempting to fetch resource.".to_owned()
                }
                ForbiddenMethod(m) | InvalidMethod(m) => {
                    format!("TypeError: Window.fetch: Invalid request method {m}.")
                }
                NoCorsMethod(m) => {
                    format!("TypeError: Window.fetch: Invalid request method {m} for no-cors mode.")
                }
            },
            (Engine::Firefox, Api::Xhr) => match why {
                Url(_) | UrlCredentials(_) | Scheme(_) | InvalidMethod(_) => {
                    "SyntaxError: An invalid or illegal string was specified".to_owned()
                }
                ForbiddenMethod(_) | NoCorsMethod(_) => {
                    "SecurityError: The operation is insecure.".to_owned()
                }
            },
            (Engine::Firefox, Api::EventSource) => {
                "SyntaxError: An invalid or illegal string was specified".to_owned()
            }
            (Engine::WebKit, Api::Fetch | Api::Beacon) => match why {
                Url(_) => "TypeError: Type error".to_owned(),
                UrlCredentials(_) => {
                    "TypeError: URL is not valid or contains user credentials.".to_owned()
                }
                Scheme(_) => "TypeError: Load failed".to_owned(),
                ForbiddenMethod(_) => "TypeError: Method is forbidden.".to_owned(),
                InvalidMethod(_) => "TypeError: Method is not a valid HTTP token.".to_owned(),
                NoCorsMethod(_) => {
                    "TypeError: Method must be GET, POST or HEAD in no-cors mode.".to_owned()
                }
            },
            (Engine::WebKit, Api::Xhr) => match why {
                Url(_) | UrlCredentials(_) | Scheme(_) | InvalidMethod(_) => {
                    "SyntaxError: The string did not match the expected pattern.".to_owned()
                }
                ForbiddenMethod(_) | NoCorsMethod(_) => {
                    "SecurityError: The operation is insecure.".to_owned()
                }
            },
            (Engine::WebKit, Api::EventSource) => {
                "SyntaxError: The string did not match the expected pattern.".to_owned()
            }
        }
    }
}

/// What a console message names besides the cause: the page, the URL, and the exchange
/// whose check failed (its status, its header values).
pub(super) struct Context<'a> {
    pub(super) api: Api,
    pub(super) page: &'a str,
    pub(super) url: &'a str,
    /// The preflight's answer for a preflight cause, else the response.
    pub(super) exchange: Option<&'a Exchange>,
}

impl Context<'_> {
    fn status(&self) -> String {
        self.exchange
            .map_or_else(|| "(null)".to_owned(), |e| e.status().to_string())
    }

    fn header(&self, name: &str) -> &str {
        self.exchange.and_then(|e| e.header(name)).unwrap_or("")
    }
}

/// The first item of an `Access-Control-Allow-*` list that is not a token, as Gecko names it.
fn first_invalid_token(value: &str) -> &str {
    value
        .split(',')
        .map(|item| item.trim_matches([' ', '\t']))
        .find(|item| {
            !item.is_empty()
                && !item
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        })
        .unwrap_or("")
}

impl Engine {
    /// The cause in this engine's words: what Chromium prints after `has been blocked by
    /// CORS policy:`, what Firefox prints in `(Reason: …)`, WebKit's security line.
    pub(super) fn reason(self, blocked: &Blocked, cx: &Context<'_>) -> String {
        match self {
            Engine::Chromium => chromium_reason(blocked, cx.api),
            Engine::Firefox => firefox_reason(blocked, cx),
            Engine::WebKit => webkit_reason(blocked, cx),
        }
    }

    /// The console's lines for a blocked call, in order. Chromium prints one; Firefox the
    /// specific reason (for a refused preflight it adds `(Reason: CORS request did not
    /// succeed). Status code: (null).`, which names nothing and is left out); WebKit a
    /// security line and then the API's `… cannot load … due to access control checks.`
    /// A call that threw before it was sent has one line: the exception.
    pub(super) fn console(self, blocked: &Blocked, cx: &Context<'_>) -> Vec<String> {
        if let Blocked::TypeError(message) = blocked {
            return vec![match cx.api {
                Api::Fetch | Api::Beacon => format!("TypeError: {message}"),
                Api::Xhr | Api::EventSource => message.clone(),
            }];
        }
        let reason = self.reason(blocked, cx);
        match self {
            Engine::Chromium => {
                let noun = match cx.api {
                    Api::Fetch => "fetch",
                    Api::Xhr => "XMLHttpRequest",
                    Api::EventSource | Api::Beacon => "resource",
                };
                vec![format!(
                    "Access to {noun} at '{}' from origin '{}' has been blocked by CORS \
                     policy: {reason}",
                    cx.url, cx.page
                )]
            }
            Engine::Firefox => {
                let url = if matches!(
                    blocked,
                    Blocked::Response(Access::WildcardWithCredentials)
                        | Blocked::Preflight(Access::WildcardWithCredentials)
                ) {
                    format!("‘{}’", cx.url)
                } else {
                    cx.url.to_owned()
                };
                let tail = match blocked {
                    Blocked::Response(Access::MissingAllowOrigin)
                    | Blocked::Preflight(Access::MissingAllowOrigin)
                    | Blocked::PreflightStatus => format!(" Status code: {}.", cx.status()),
                    _ => String::new(),
                };
                vec![format!(
                    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading \
                     the remote resource at {url}. (Reason: {reason}).{tail}"
                )]
            }
            Engine::WebKit => {
                let second = match cx.api {
                    Api::Fetch => format!(
                        "Fetch API cannot load {} due to access control checks.",
                        cx.url
                    ),
                    Api::Xhr => format!(
                        "XMLHttpRequest cannot load {} due to access control checks.",
                        cx.url
                    ),
                    Api::EventSource => format!(
                        "EventSource cannot load {} due to access control checks.",
                        cx.url
                    ),
                    // Measured: a beacon's second line repeats the reason.
                    Api::Beacon => format!("Beacon API cannot load {}. {reason}", cx.url),
                };
                vec![reason, second]
            }
        }
    }
}

/// Chromium's words (Blink `cors_error_string.cc`, as Chromium 156 prints them): the
/// `Display` of [`Blocked`], which is `fetch`'s. Only `fetch` adds "Have the server send
/// the header with a valid value." to a wrong `Access-Control-Allow-Origin`; only
/// XMLHttpRequest adds a sentence about `withCredentials` to a credentials cause.
fn chromium_reason(blocked: &Blocked, api: Api) -> String {
    let mut words = blocked.to_string();
    let access = match blocked {
        Blocked::Response(access) | Blocked::Preflight(access) => Some(access),
        _ => None,
    };
    match access {
        Some(
            Access::MultipleAllowOrigin(_)
            | Access::InvalidAllowOrigin(_)
            | Access::AllowOriginMismatch(_),
        ) if api != Api::Fetch => {
            if let Some(stripped) =
                words.strip_suffix(" Have the server send the header with a valid value.")
            {
                words = stripped.to_owned();
            }
        }
        Some(Access::WildcardWithCredentials | Access::InvalidAllowCredentials(_))
            if api == Api::Xhr =>
        {
            words.push_str(
                " The credentials mode of requests initiated by the XMLHttpRequest is \
                 controlled by the withCredentials attribute.",
            );
        }
        _ => {}
    }
    words
}

/// Gecko's words (`dom/locales/en-US/chrome/security/security.properties`), the text inside
/// `(Reason: …)`.
fn firefox_reason(blocked: &Blocked, cx: &Context<'_>) -> String {
    let access = |access: &Access| match access {
        Access::MissingAllowOrigin => {
            "CORS header ‘Access-Control-Allow-Origin’ missing".to_owned()
        }
        Access::MultipleAllowOrigin(_) => {
            "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed".to_owned()
        }
        Access::InvalidAllowOrigin(value) | Access::AllowOriginMismatch(value) => {
            format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’")
        }
        Access::WildcardWithCredentials => {
            "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’"
                .to_owned()
        }
        Access::InvalidAllowCredentials(_) => {
            "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’".to_owned()
        }
    };
    match blocked {
        Blocked::TypeError(message) => message.clone(),
        Blocked::Response(a) | Blocked::Preflight(a) => access(a),
        Blocked::PreflightRedirect => "CORS request external redirect not allowed".to_owned(),
        Blocked::PreflightStatus => "CORS preflight response did not succeed".to_owned(),
        Blocked::AllowMethodsUnparsable => format!(
            "invalid token ‘{}’ in CORS header ‘Access-Control-Allow-Methods’",
            first_invalid_token(cx.header("access-control-allow-methods"))
        ),
        Blocked::AllowHeadersUnparsable => format!(
            "invalid token ‘{}’ in CORS header ‘Access-Control-Allow-Headers’",
            first_invalid_token(cx.header("access-control-allow-headers"))
        ),
        Blocked::Method(_) => {
            "Did not find method in CORS header ‘Access-Control-Allow-Methods’".to_owned()
        }
        Blocked::Header(name) => format!(
            "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ \
             from CORS preflight response"
        ),
    }
}

/// WebKit's words (`CrossOriginAccessControl.cpp`, `CrossOriginPreflightResultCache.cpp`):
/// its security line.
fn webkit_reason(blocked: &Blocked, cx: &Context<'_>) -> String {
    let access = |access: &Access| match access {
        Access::MissingAllowOrigin
        | Access::InvalidAllowOrigin(_)
        | Access::AllowOriginMismatch(_) => format!(
            "Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {}",
            cx.page,
            cx.status()
        ),
        Access::MultipleAllowOrigin(_) => {
            "Access-Control-Allow-Origin cannot contain more than one origin.".to_owned()
        }
        Access::WildcardWithCredentials => {
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                .to_owned()
        }
        Access::InvalidAllowCredentials(_) => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                .to_owned()
        }
    };
    let mut words = String::new();
    let _ = match blocked {
        Blocked::TypeError(message) => words.write_str(message),
        Blocked::Response(a) | Blocked::Preflight(a) => words.write_str(&access(a)),
        Blocked::PreflightRedirect | Blocked::PreflightStatus => write!(
            words,
            "Preflight response is not successful. Status code: {}",
            cx.status()
        ),
        Blocked::AllowMethodsUnparsable => write!(
            words,
            "Header Access-Control-Allow-Methods has an invalid value: {}",
            cx.header("access-control-allow-methods")
        ),
        Blocked::AllowHeadersUnparsable => write!(
            words,
            "Header Access-Control-Allow-Headers has an invalid value: {}",
            cx.header("access-control-allow-headers")
        ),
        Blocked::Method(method) => write!(
            words,
            "Method {method} is not allowed by Access-Control-Allow-Methods."
        ),
        Blocked::Header(name) => write!(
            words,
            "Request header field {name} is not allowed by Access-Control-Allow-Headers."
        ),
    };
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_caps_max_age_at_its_own_limit() {
        let day = Some("86400");
        assert_eq!(
            Engine::Chromium.preflight_lifetime(day),
            Some(Duration::from_secs(7200))
        );
        assert_eq!(
            Engine::Firefox.preflight_lifetime(day),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(
            Engine::WebKit.preflight_lifetime(day),
            Some(Duration::from_secs(600))
        );
        for engine in [Engine::Chromium, Engine::Firefox, Engine::WebKit] {
            assert_eq!(
                engine.preflight_lifetime(None),
                Some(Duration::from_secs(5))
            );
            assert_eq!(engine.preflight_lifetime(Some("0")), None);
            assert_eq!(engine.preflight_lifetime(Some("-1")), None);
            assert_eq!(
                engine.preflight_lifetime(Some("60")),
                Some(Duration::from_secs(60))
            );
        }
    }

    #[test]
    fn firefox_caches_nothing_for_a_max_age_that_is_not_digits() {
        assert_eq!(Engine::Firefox.preflight_lifetime(Some(" 60")), None);
        assert_eq!(Engine::Firefox.preflight_lifetime(Some("ten")), None);
        assert_eq!(
            Engine::Chromium.preflight_lifetime(Some("ten")),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            Engine::WebKit.preflight_lifetime(Some("ten")),
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn webkit_names_the_header_as_written_known_names_first() {
        let written = [
            "X-Debug".to_owned(),
            "content-type".to_owned(),
            "x-debug".to_owned(),
        ];
        let sorted = ["content-type".to_owned(), "x-debug".to_owned()];
        assert_eq!(
            Engine::WebKit.header_report_order(&written, &sorted),
            ["Content-Type", "X-Debug"]
        );
        assert_eq!(
            Engine::Firefox.header_report_order(&written, &sorted),
            sorted
        );
    }

    #[test]
    fn gecko_names_the_first_item_that_is_not_a_token() {
        assert_eq!(first_invalid_token("GET, PUT DELETE, (x)"), "PUT DELETE");
        assert_eq!(first_invalid_token("GET"), "");
    }
}

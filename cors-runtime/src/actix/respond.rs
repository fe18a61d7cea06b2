//! What goes on the wire: the grant on actual responses and the answer to a preflight.

use actix_web::dev::{RequestHead, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::HttpResponse;

use super::prepared::{Prepared, ANY, ORIGIN, TRUE};
use crate::forged::{self, Forged, Header, Sent};
use crate::request::{self, Refusal};

const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// The single `Origin` header of a request, if it has exactly one.
fn origin(headers: &HeaderMap) -> Result<&HeaderValue, Refusal> {
    let mut all = headers.get_all(header::ORIGIN);
    let first = all.next().ok_or(Refusal::NoOrigin)?;
    request::single_origin(
        std::iter::once(first.as_bytes()).chain(all.map(HeaderValue::as_bytes)),
    )?;
    Ok(first)
}

/// The `Access-Control-Allow-Origin` an actual request earns, or why it earns none.
pub(crate) fn actual_grant(prep: &Prepared, headers: &HeaderMap) -> Result<HeaderValue, Refusal> {
    if prep.policy.varies_by_origin() {
        let origin = origin(headers)?;
        let matched = request::match_origin(&prep.policy, origin.as_bytes())?;
        prep.allow_origin(matched, origin)
            .ok_or(Refusal::OriginNotAllowed)
    } else {
        // An any-origin policy answers every request the same way, `Origin` or not, so the
        // response is the same for everyone and caches need no `Vary: Origin`.
        Ok(ANY)
    }
}

/// The grant an actual request earned ([`actual_grant`]), saying at `debug` level why there
/// is none.
pub(crate) fn logged(grant: Result<HeaderValue, Refusal>, path: &str) -> Option<HeaderValue> {
    match grant {
        Ok(value) => Some(value),
        Err(refusal) => {
            log_refusal(path, refusal);
            None
        }
    }
}

/// Whether a request is a forged one the policy refuses before the route runs
/// (`core::forged`, Go 1.25's `CrossOriginProtection` with the policy's origins as the
/// trusted list), given the grant its origin earned.
///
/// The grant is the policy's one origin match, computed once for both: a request it grants
/// (any request, under a policy for `*`) is settled here by one test of the result. A
/// request it does not grant costs a flag and a method comparison; a `GET`, `HEAD` or
/// `OPTIONS` with an `Origin` also a look for `Upgrade` (a WebSocket handshake). Without
/// `Origin` a safe method is settled without it: a browser's handshake always carries
/// `Origin` (RFC 6455 section 4.1, and Fetch sets it on every WebSocket request), so one
/// without is not a browser's, which is all the protection is about. Only a state-changing
/// request from an origin the policy does not allow reads `Sec-Fetch-Site`, `Origin` and
/// `Host`. Nothing allocates.
pub(crate) fn forged(
    prep: &Prepared,
    head: &RequestHead,
    secure: bool,
    grant: &Result<HeaderValue, Refusal>,
) -> Option<Forged> {
    if grant.is_ok() || prep.policy.csrf_exempt() {
        return None;
    }
    let headers = &head.headers;
    // `forged::changes_state`, on the parsed method: `GET`, `HEAD` and `OPTIONS` are the
    // methods whose text is exactly that (an extension method is never spelled so).
    let method = &head.method;
    let safe = *method == Method::GET || *method == Method::HEAD || *method == Method::OPTIONS;
    if safe
        && (matches!(grant, Err(Refusal::NoOrigin))
            || !forged::asks_for_websocket(
                headers.get_all(header::UPGRADE).map(HeaderValue::as_bytes),
            ))
    {
        return None;
    }
    let one = |name| Header::of(headers.get_all(name).map(HeaderValue::as_bytes));
    // HTTP/1.1 names the host in `Host`; HTTP/2 in `:authority`, which actix-web keeps in
    // the URI. Never `Forwarded` or `X-Forwarded-Host`: any client can write them.
    let host = match one(header::HOST) {
        Header::One(host) => Some(host),
        Header::Absent => head.uri.authority().map(|a| a.as_str().as_bytes()),
        Header::Many => None,
    };
    let scheme: &[u8] = match head.uri.scheme_str() {
        Some(scheme) => scheme.as_bytes(),
        None if secure => b"https",
        None => b"http",
    };
    let sent = Sent {
        sec_fetch_site: one(SEC_FETCH_SITE),
        origin: one(header::ORIGIN),
        scheme,
        host,
    };
    forged::cross_origin(&sent).err()
}

/// The answer to a forged request: `403`, a short `text/plain` reason that names no allowed
/// origin, no `Access-Control-*` header, the route's `Vary`; and a `debug` line with the
/// route, the origin and the rule.
pub(crate) fn refuse_forged(prep: &Prepared, head: &RequestHead, forged: Forged) -> HttpResponse {
    log::debug!(
        "CORS refused a forged {} request to {} from origin {:?}: {forged} (Sec-Fetch-Site {:?}); add the origin to `origins`, or `csrf_exempt` to the route, to accept it",
        head.method,
        head.uri.path(),
        head.headers
            .get(header::ORIGIN)
            .map(|v| String::from_utf8_lossy(v.as_bytes())),
        head.headers
            .get(SEC_FETCH_SITE)
            .map(|v| String::from_utf8_lossy(v.as_bytes())),
    );
    let mut res =
        HttpResponse::with_body(StatusCode::FORBIDDEN, forged::REFUSED).map_into_boxed_body();
    res.headers_mut().insert(header::CONTENT_TYPE, TEXT);
    decorate(prep, None, res.headers_mut());
    res
}

/// Says at `debug` level why an actual request got no grant.
pub(crate) fn log_refusal(path: &str, refusal: Refusal) {
    // A request without `Origin` is not a CORS request: nothing was refused.
    if refusal != Refusal::NoOrigin {
        log::debug!("CORS request to {path} gets no grant: {refusal}");
    }
}

/// A `debug` line about a refusal, formatted only when `debug` is on (so the request path
/// allocates nothing for it otherwise), and said only once the refusal is the answer:
/// middleware that defers to the routes under it decides before they run, and a route's
/// own answer must not be logged as the middleware's refusal.
#[derive(Debug, Default)]
#[must_use]
pub(crate) struct Said(Option<String>);

impl Said {
    pub(crate) const NOTHING: Said = Said(None);

    fn debug(line: impl FnOnce() -> String) -> Self {
        Said(log::log_enabled!(log::Level::Debug).then(line))
    }

    /// Logs the line, if there is one.
    pub(crate) fn say(self) {
        if let Some(line) = self.0 {
            log::debug!("{line}");
        }
    }
}

/// Adds the grant to an actual response, and `Vary: Origin` where the answer depends on it.
///
/// Headers the handler set stay: `Vary` is appended to (a second `Origin` token, when the
/// handler already named it, is harmless and cheaper than looking), and a handler that
/// wrote its own `Access-Control-Allow-Origin` keeps it.
pub(crate) fn decorate(prep: &Prepared, grant: Option<HeaderValue>, headers: &mut HeaderMap) {
    if prep.policy.varies_by_origin() {
        headers.append(header::VARY, ORIGIN);
    }
    let Some(allow_origin) = grant else { return };
    // Insert first and look at what it replaced: one map lookup instead of two, in the
    // common case where the handler set no `Access-Control-Allow-Origin` of its own.
    let mut own = headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if let Some(first) = own.next() {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, first);
        for value in own {
            headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        return;
    }
    if prep.policy.credentials() {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(expose) = &prep.expose {
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
    }
}

/// Who answers a request for CORS: the innermost CORS it went through. Each `Cors`
/// middleware and each `#[cors]` route's resource leaves one on the requests that reach it,
/// as request data (a data container built once, which a request carries as a reference
/// count: no map insert, and no allocation while it carries at most four containers), so
/// that `Cors::from(NAME)` middleware outside a more specific answer adds nothing to it.
///
/// A marker the crate owns, never a header: a handler that sets `Vary: Origin` or its own
/// `Access-Control-Allow-Origin` has not answered for CORS, and still gets the grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AnsweredBy(u64);

impl AnsweredBy {
    /// A `#[cors]` route's own resource.
    pub(crate) const ROUTE: AnsweredBy = AnsweredBy(0);

    /// A new middleware's identity, taken once when the middleware is built.
    pub(crate) fn next() -> AnsweredBy {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        AnsweredBy(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    /// The data container that carries it.
    pub(crate) fn container(self) -> std::rc::Rc<actix_web::dev::Extensions> {
        let mut container = actix_web::dev::Extensions::new();
        container.insert(self);
        std::rc::Rc::new(container)
    }

    /// Whether something more specific than `self` answered `res`: a route's resource or a
    /// `Cors` middleware inside this one.
    pub(crate) fn deferred_to<B>(self, res: &ServiceResponse<B>) -> bool {
        res.request()
            .app_data::<AnsweredBy>()
            .is_some_and(|by| *by != self)
    }

    /// The same for an error turned into a response inside, which no longer has its
    /// request: the CORS that rendered it left its mark on the response.
    pub(crate) fn deferred_to_response(self, res: &HttpResponse) -> bool {
        res.extensions()
            .get::<AnsweredBy>()
            .is_some_and(|by| *by != self)
    }
}

/// Whether a request is a CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
pub(crate) fn is_preflight(method: &actix_web::http::Method, headers: &HeaderMap) -> bool {
    method == actix_web::http::Method::OPTIONS
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// What a preflight asks for: its single `Origin` and `Access-Control-Request-Method`.
fn asked(headers: &HeaderMap) -> Result<(&HeaderValue, &[u8]), Refusal> {
    let origin = origin(headers)?;
    let mut methods = headers.get_all(header::ACCESS_CONTROL_REQUEST_METHOD);
    match (methods.next(), methods.next()) {
        (Some(method), None) => Ok((origin, method.as_bytes())),
        _ => Err(Refusal::MalformedRequestMethod),
    }
}

/// The `Access-Control-Allow-Origin` a preflight's origin earns, whatever it asks for.
fn origin_grant(prep: &Prepared, origin: &HeaderValue) -> Result<HeaderValue, Refusal> {
    let matched = request::match_origin(&prep.policy, origin.as_bytes())?;
    prep.allow_origin(matched, origin)
        .ok_or(Refusal::OriginNotAllowed)
}

/// Whether a preflight comes from an origin the policy allows, one that may be told what
/// is allowed when the preflight asks for more. `null` is never told under `credentials`:
/// any page can send it.
pub(crate) fn may_be_told(prep: &Prepared, headers: &HeaderMap) -> bool {
    asked(headers).is_ok_and(|(origin, _)| {
        !null_with_credentials(prep, origin) && origin_grant(prep, origin).is_ok()
    })
}

/// `null` under `credentials`, which is never told what is allowed.
fn null_with_credentials(prep: &Prepared, origin: &HeaderValue) -> bool {
    prep.policy.credentials() && origin.as_bytes() == b"null"
}

/// The answer to a preflight.
///
/// - Granted: `204` with the grant and what the policy allows, `Access-Control-Max-Age`
///   included.
/// - From an allowed origin, for a method or a header the policy does not list: `200` with
///   the grant and what is allowed (the methods served under the path when no route there serves
///   the method), and no `Access-Control-Max-Age`. The browser's own check then fails on
///   the real cause, which its console names (`Method DELETE is not allowed by
///   Access-Control-Allow-Methods in preflight response.`), and nothing is cached, so a
///   fixed server is seen at once. The origin learns only what it is allowed.
/// - The same, where the lists cannot make the browser fail on the cause (a safelisted
///   method, or `*` in the lists): `403` with the grant and no lists, so the browser fails
///   on the status.
/// - Anything else (an origin the policy does not list, `null` under `credentials`, a
///   malformed request): `403` with a short reason and no `Access-Control-*` header.
pub(crate) fn preflight(
    prep: &Prepared,
    path: &str,
    headers: &HeaderMap,
    served_here: &dyn Fn() -> HeaderValue,
) -> HttpResponse {
    let (res, said) = decide_preflight(prep, path, headers, served_here);
    said.say();
    res
}

/// The answer to a preflight ([`preflight`]), and the line to log if it is sent.
pub(crate) fn decide_preflight(
    prep: &Prepared,
    path: &str,
    headers: &HeaderMap,
    served_here: &dyn Fn() -> HeaderValue,
) -> (HttpResponse, Said) {
    let (origin, method) = match asked(headers) {
        Ok(asked) => asked,
        Err(refusal) => return forbidden(prep, path, refusal, headers, None),
    };
    let allow_origin = match origin_grant(prep, origin) {
        Ok(allow_origin) => allow_origin,
        Err(refusal) => return forbidden(prep, path, refusal, headers, None),
    };
    let requested = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .map(HeaderValue::as_bytes);
    let refusal = match request::admits(&prep.policy, method, requested) {
        Ok(()) => return (granted(prep, allow_origin, headers), Said::NOTHING),
        Err(refusal) => refusal,
    };
    if !refusal.is_about_request() || null_with_credentials(prep, origin) {
        return forbidden(prep, path, refusal, headers, None);
    }
    let allow_methods = if refusal == Refusal::MethodNotAllowed {
        served_here()
    } else {
        prep.allow_methods.clone()
    };
    // The lists must make the browser's own check fail on the cause: a safelisted method
    // needs no listing, and `*` covers what the policy refused (Chromium lets it cover
    // `authorization`). Then the grant with a `403` fails it on the status instead.
    let lists_fail = match refusal {
        Refusal::MethodNotAllowed => {
            !crate::method::is_safelisted(method) && !has_star(&allow_methods)
        }
        _ => prep.allow_headers.as_ref().is_none_or(|h| !has_star(h)),
    };
    if !lists_fail {
        return forbidden(prep, path, refusal, headers, Some(allow_origin));
    }
    let said = preflight_refusal(path, refusal, headers);
    let mut res = HttpResponse::with_body(StatusCode::OK, refusal.reason()).map_into_boxed_body();
    let out = res.headers_mut();
    out.insert(header::CONTENT_TYPE, TEXT);
    allowances(prep, allow_origin, allow_methods, out);
    (res, said)
}

/// Whether a list header's value has the item `*`.
fn has_star(value: &HeaderValue) -> bool {
    value
        .as_bytes()
        .split(|&b| b == b',')
        .any(|item| item.trim_ascii() == b"*")
}

const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");

/// What a preflight answer says the origin may do: the grant, credentials, methods and
/// headers, and what the answer varies by.
fn allowances(
    prep: &Prepared,
    allow_origin: HeaderValue,
    allow_methods: HeaderValue,
    out: &mut HeaderMap,
) {
    out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if prep.policy.credentials() {
        out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, allow_methods);
    if let Some(allow_headers) = &prep.allow_headers {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
    }
    out.insert(header::VARY, prep.preflight_vary.clone());
}

/// `204` with the grant, what the policy allows and how long to remember it.
fn granted(prep: &Prepared, allow_origin: HeaderValue, headers: &HeaderMap) -> HttpResponse {
    let mut res = HttpResponse::new(StatusCode::NO_CONTENT);
    let out = res.headers_mut();
    allowances(prep, allow_origin, prep.allow_methods.clone(), out);
    if let Some(max_age) = &prep.max_age {
        out.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    if prep.policy.private_network()
        && headers
            .get(REQUEST_PRIVATE_NETWORK)
            .is_some_and(|v| v.as_bytes() == b"true")
    {
        out.insert(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    res
}

/// `403` with a short reason, and the grant only for an allowed origin (whose browser then
/// says the preflight "does not have HTTP ok status", and the body says why).
fn forbidden(
    prep: &Prepared,
    path: &str,
    refusal: Refusal,
    headers: &HeaderMap,
    allow_origin: Option<HeaderValue>,
) -> (HttpResponse, Said) {
    let said = preflight_refusal(path, refusal, headers);
    let mut res =
        HttpResponse::with_body(StatusCode::FORBIDDEN, refusal.reason()).map_into_boxed_body();
    let out = res.headers_mut();
    out.insert(header::CONTENT_TYPE, TEXT);
    if let Some(allow_origin) = allow_origin {
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if prep.policy.credentials() {
            out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
    }
    out.insert(header::VARY, prep.preflight_vary.clone());
    (res, said)
}

/// Which rule refused a preflight, and what it asked for, as a `debug` line.
fn preflight_refusal(path: &str, refusal: Refusal, headers: &HeaderMap) -> Said {
    let shown = |name| {
        headers
            .get_all(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Said::debug(|| {
        format!(
            "CORS preflight for {path} refused: {refusal} (origin {:?}, method {:?}, headers {:?})",
            shown(header::ORIGIN),
            shown(header::ACCESS_CONTROL_REQUEST_METHOD),
            shown(header::ACCESS_CONTROL_REQUEST_HEADERS),
        )
    })
}

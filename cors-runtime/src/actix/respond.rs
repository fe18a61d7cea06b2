//! What goes on the wire: the grant on actual responses and the answer to a preflight.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;

use super::prepared::{Prepared, ANY, ORIGIN, TRUE};
use crate::request::{self, Refusal};

const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

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
fn actual_grant(prep: &Prepared, headers: &HeaderMap) -> Result<HeaderValue, Refusal> {
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

/// The grant for an actual request, saying at `debug` level why there is none.
pub(crate) fn grant_for(prep: &Prepared, path: &str, headers: &HeaderMap) -> Option<HeaderValue> {
    match actual_grant(prep, headers) {
        Ok(value) => Some(value),
        Err(refusal) => {
            log_refusal(path, refusal);
            None
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

/// Whether a response already carries CORS of its own: a route's `#[cors]` answered it
/// (its grant, or `Vary: Origin` where it refused or saw no `Origin`), or its handler did.
pub(crate) fn has_own_cors(headers: &HeaderMap) -> bool {
    headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        || headers.get_all(header::VARY).any(|vary| {
            vary.as_bytes()
                .split(|&b| b == b',')
                .any(|token| token.trim_ascii().eq_ignore_ascii_case(b"origin"))
        })
}

/// Whether a request is a CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
pub(crate) fn is_preflight(method: &actix_web::http::Method, headers: &HeaderMap) -> bool {
    method == actix_web::http::Method::OPTIONS
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The answer to a preflight: `204` with the grant, or `403` with a short reason.
pub(crate) fn preflight(prep: &Prepared, path: &str, headers: &HeaderMap) -> HttpResponse {
    match decide_preflight(prep, headers) {
        Ok(allow_origin) => {
            let mut res = HttpResponse::new(StatusCode::NO_CONTENT);
            let out = res.headers_mut();
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            if prep.policy.credentials() {
                out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            out.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                prep.allow_methods.clone(),
            );
            if let Some(allow_headers) = &prep.allow_headers {
                out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
            }
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
            out.insert(header::VARY, prep.preflight_vary.clone());
            res
        }
        Err(refusal) => {
            log::debug!("CORS preflight for {path} refused: {refusal}");
            let mut res = HttpResponse::with_body(StatusCode::FORBIDDEN, refusal.reason())
                .map_into_boxed_body();
            let out = res.headers_mut();
            out.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            out.insert(header::VARY, prep.preflight_vary.clone());
            res
        }
    }
}

fn decide_preflight(prep: &Prepared, headers: &HeaderMap) -> Result<HeaderValue, Refusal> {
    let origin = origin(headers)?;
    let mut methods = headers.get_all(header::ACCESS_CONTROL_REQUEST_METHOD);
    let method = match (methods.next(), methods.next()) {
        (Some(method), None) => method.as_bytes(),
        _ => return Err(Refusal::MethodNotAllowed),
    };
    let requested = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .map(HeaderValue::as_bytes);
    let matched = request::preflight(&prep.policy, origin.as_bytes(), method, requested)?;
    prep.allow_origin(matched, origin)
        .ok_or(Refusal::OriginNotAllowed)
}

/// Says at `debug` level why an actual request got no grant.
fn log_refusal(path: &str, refusal: Refusal) {
    // A request without `Origin` is not a CORS request: nothing was refused.
    if refusal != Refusal::NoOrigin {
        log::debug!("CORS request to {path} gets no grant: {refusal}");
    }
}

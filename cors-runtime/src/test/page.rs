//! A page on one origin, and what its `fetch` calls do: the Fetch standard's main fetch for
//! a cross-origin request, with Chromium's preflight cache and cookie rules.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::test::TestRequest;

use super::blocked::Blocked;
use super::cache::{self, Cache};
use super::check;
use super::exchange::{combine, Exchange};
use super::fetch::{Credentials, Fetch};
use super::outcome::Outcome;
use super::safelist;

/// Where a path without scheme and host is sent: the host `actix_web::test` requests carry.
const DEFAULT_BASE: &str = "http://localhost:8080";

/// A page on one origin that calls an actix-web service with `fetch`, as Chromium would.
///
/// The page keeps what a browser keeps between calls: the preflight cache (so two calls
/// within `max_age` send one preflight) and cookies the service set on credentialed calls.
/// It works with any actix-web service: `#[cors]` routes, the `Cors` middleware,
/// actix-cors, or none.
///
/// ```
/// use actix_web::http::StatusCode;
/// use actix_web::{test, App, HttpResponse, Responder};
/// use cors_runtime::cors;
/// use cors_runtime::test::{Blocked, Credentials, Fetch, Page};
///
/// #[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
/// #[actix_web::put("/api/profile")]
/// async fn profile() -> impl Responder {
///     HttpResponse::Ok().insert_header(("x-request-id", "42")).body("saved")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(profile)).await;
/// let page = Page::at("https://app.example.com");
///
/// let put = Fetch::put("/api/profile")
///     .header("content-type", "application/json")
///     .credentials(Credentials::Include);
/// let outcome = page.fetch(&app, put.clone()).await;
/// assert!(outcome.is_readable(), "{outcome}");
/// assert!(outcome.preflight().is_some());
/// assert_eq!(outcome.status(), Some(StatusCode::OK));
/// assert_eq!(outcome.header("x-request-id"), None, "not exposed");
///
/// // A header the policy does not list: blocked, and the message says which.
/// let outcome = page.fetch(&app, put.header("x-debug", "1")).await;
/// assert_eq!(outcome.blocked(), Some(&Blocked::Header("x-debug".into())));
/// assert!(outcome.to_string().ends_with(
///     "Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response."
/// ));
/// # });
/// ```
#[derive(Debug)]
pub struct Page {
    origin: String,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    cache: Cache,
    /// `(name, value)` of each cookie the service set.
    cookies: Vec<(String, String)>,
    /// The page's clock, which only [`Page::advance`] moves: nothing depends on how fast
    /// the test runs.
    now: Duration,
}

/// A URL split into what the request needs.
struct Target {
    /// `scheme://host[:port]`, as an `Origin` header would say it.
    origin: String,
    /// `Host`, when the URL named one.
    host: Option<String>,
    path: String,
    url: String,
}

fn target(url: &str) -> Target {
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    let full = if absolute {
        url.to_owned()
    } else {
        format!("{DEFAULT_BASE}{url}")
    };
    let (scheme, rest) = full.split_once("://").unwrap_or(("http", &full));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let path = path.split('#').next().unwrap_or("");
    let path = if path.is_empty() || path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    let authority = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let origin_authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Target {
        origin: format!("{scheme}://{origin_authority}"),
        host: absolute.then(|| authority.clone()),
        url: format!("{scheme}://{origin_authority}{path}"),
        path,
    }
}

impl Page {
    /// A page whose origin is `origin` (`https://app.example.com`, or `null` for a
    /// sandboxed iframe or a `data:` document).
    pub fn at(origin: &str) -> Self {
        Self {
            origin: origin.to_owned(),
            state: Mutex::new(State::default()),
        }
    }

    /// The page's origin, as its requests send it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Lets time pass on the page's clock, so cached preflight answers expire (five
    /// seconds without `Access-Control-Max-Age`, at most two hours with it).
    pub fn advance(&self, by: Duration) {
        self.state().now += by;
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Calls `service` as `fetch` on this page would, and returns what the script gets.
    ///
    /// `service` is what `actix_web::test::init_service` returns. A cross-origin call is
    /// preflighted when the Fetch standard says so (a method other than `GET`, `HEAD`,
    /// `POST`; a header that is not CORS-safelisted) and no cached answer covers it; the
    /// preflight's answer and the response go through Chromium's checks, in Chromium's
    /// order. The page and the service are taken to be on one site, so cookies travel
    /// with `Credentials::Include`. Redirects are not followed: a `3xx` is the response.
    pub async fn fetch<S, B, E>(&self, service: &S, fetch: Fetch) -> Outcome
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
    {
        let target = target(&fetch.url);
        let cross_origin = target.origin != self.origin;
        let credentials = match fetch.credentials {
            Credentials::Include => true,
            Credentials::SameOrigin => !cross_origin,
            Credentials::Omit => false,
        };
        let mut outcome = Outcome {
            page: self.origin.clone(),
            url: target.url.clone(),
            credentialed_cors: cross_origin && credentials,
            cross_origin,
            preflight: None,
            response: None,
            body: Vec::new(),
            blocked: None,
        };
        let method = safelist::normalize_method(&fetch.method);
        if safelist::is_forbidden_method(&method) {
            outcome.blocked = Some(Blocked::TypeError(format!(
                "Failed to execute 'fetch' on 'Window': '{method}' HTTP method is unsupported."
            )));
            return outcome;
        }
        if Method::from_bytes(method.as_bytes()).is_err() {
            outcome.blocked = Some(Blocked::TypeError(format!(
                "Failed to execute 'fetch' on 'Window': '{method}' is not a valid HTTP method."
            )));
            return outcome;
        }
        let headers: Vec<(String, Vec<u8>)> = fetch
            .headers
            .into_iter()
            .filter(|(name, value)| !safelist::is_forbidden_request_header(name, value))
            .collect();

        if cross_origin {
            let names = safelist::unsafe_names(&headers);
            let needs_preflight = !(safelist::is_safelisted_method(&method) && names.is_empty());
            let covered = {
                let state = self.state();
                state.cache.covers(
                    &self.origin,
                    &target.url,
                    &method,
                    &names,
                    credentials,
                    state.now,
                )
            };
            if needs_preflight && !covered {
                let mut sent = vec![
                    ("origin".to_owned(), self.origin.clone().into_bytes()),
                    (
                        "access-control-request-method".to_owned(),
                        method.clone().into_bytes(),
                    ),
                ];
                if !names.is_empty() {
                    sent.push((
                        "access-control-request-headers".to_owned(),
                        names.join(",").into_bytes(),
                    ));
                }
                sent.push(("accept".to_owned(), b"*/*".to_vec()));
                let (answer, _) = send(service, "OPTIONS", &target, &sent, Vec::new()).await;
                let checked = check::preflight(&self.origin, credentials, &method, &names, &answer);
                outcome.preflight = Some(answer);
                match checked {
                    Ok(allowed) => {
                        let lifetime = cache::lifetime(
                            outcome
                                .preflight
                                .as_ref()
                                .and_then(|p| p.header("access-control-max-age")),
                        );
                        let mut state = self.state();
                        let now = state.now;
                        state
                            .cache
                            .store(&self.origin, &target.url, allowed, lifetime, now);
                    }
                    Err(blocked) => {
                        outcome.blocked = Some(blocked);
                        return outcome;
                    }
                }
            }
        }

        let mut sent = headers;
        if cross_origin || !matches!(method.as_str(), "GET" | "HEAD") {
            sent.push(("origin".to_owned(), self.origin.clone().into_bytes()));
        }
        if credentials {
            let cookies = self.state().cookies.clone();
            if !cookies.is_empty() {
                let cookie: Vec<String> = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
                sent.push(("cookie".to_owned(), cookie.join("; ").into_bytes()));
            }
        }
        let (response, body) = send(service, &method, &target, &sent, fetch.body).await;
        if credentials {
            // A browser stores cookies from a credentialed response even when the script
            // may not read it.
            self.keep_cookies(&response);
        }
        if cross_origin {
            if let Err(access) = check::access(&self.origin, credentials, &response) {
                outcome.blocked = Some(Blocked::Response(access));
            }
        }
        outcome.response = Some(response);
        outcome.body = body;
        outcome
    }

    fn keep_cookies(&self, response: &Exchange) {
        let mut state = self.state();
        for (name, value) in &response.headers {
            if name != "set-cookie" {
                continue;
            }
            for cookie in value.split(", ") {
                let mut parts = cookie.split(';');
                let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                    continue;
                };
                let name = name.trim().to_owned();
                let expired = parts.any(|attr| {
                    attr.trim().split_once('=').is_some_and(|(k, v)| {
                        k.eq_ignore_ascii_case("max-age")
                            && v.trim().parse::<i64>().is_ok_and(|s| s <= 0)
                    })
                });
                state.cookies.retain(|(n, _)| *n != name);
                if !expired {
                    state.cookies.push((name, value.trim().to_owned()));
                }
            }
        }
    }
}

/// A response's status, headers and body, as the browser receives them.
async fn parts<B: MessageBody>(
    res: actix_web::HttpResponse<B>,
) -> (u16, Vec<(String, Vec<u8>)>, Vec<u8>) {
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    let body = actix_web::body::to_bytes(res.into_body())
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    (status, headers, body)
}

/// Sends one request to the service and records the exchange. An error the service returns
/// is answered as actix-web's server answers it: with the error's response.
async fn send<S, B, E>(
    service: &S,
    method: &str,
    target: &Target,
    headers: &[(String, Vec<u8>)],
    body: Vec<u8>,
) -> (Exchange, Vec<u8>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
    B: MessageBody,
    E: Into<actix_web::Error>,
{
    let mut request = TestRequest::default()
        .method(Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET))
        .uri(&target.path);
    let mut request_headers = Vec::new();
    if let Some(host) = &target.host {
        request = request.insert_header(("host", host.as_str()));
        combine(&mut request_headers, "host", host.as_bytes());
    }
    for (name, value) in headers {
        let (Ok(name), Ok(value)) = (
            actix_web::http::header::HeaderName::from_bytes(name.as_bytes()),
            actix_web::http::header::HeaderValue::from_bytes(value),
        ) else {
            continue;
        };
        combine(&mut request_headers, name.as_str(), value.as_bytes());
        request = request.append_header((name, value));
    }
    let request = request.set_payload(body).to_request();
    let (status, response_headers, body) = match service.call(request).await {
        Ok(res) => parts(res.into_parts().1).await,
        Err(err) => parts(err.into().error_response()).await,
    };
    let mut headers = Vec::new();
    for (name, value) in &response_headers {
        combine(&mut headers, name, value);
    }
    let exchange = Exchange {
        method: method.to_owned(),
        url: target.url.clone(),
        request_headers,
        status,
        headers,
    };
    (exchange, body)
}

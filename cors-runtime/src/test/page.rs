//! A page on one origin, and what its script's calls do: the Fetch standard's main fetch for
//! a cross-origin request, with its engine's preflight cache, and cookie rules.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, HttpDate};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use url::Url;

use super::blocked::Blocked;
use super::cache::{Cache, Key};
use super::call::{Call, Script};
use super::engine::{Api, Engine, Thrown};
use super::exchange::{combine, decode, Exchange};
use super::fetch::{Credentials, Mode};
use super::judge;
use super::metadata;
use super::outcome::Outcome;
use super::safelist;

/// Where a path without scheme and host is sent: the host `actix_web::test` requests carry.
pub(super) const DEFAULT_BASE: &str = "http://localhost:8080";

/// The longest a cookie lives, however far its `Expires` or `Max-Age` says: 400 days, as
/// Chromium caps it (RFC 6265bis, "Cookie Lifetime Limits").
const COOKIE_MAX_LIFETIME: Duration = Duration::from_secs(400 * 24 * 60 * 60);

/// A page on one origin that calls an actix-web service as a browser would: with `fetch`,
/// `XMLHttpRequest`, `EventSource` or `sendBeacon` ([`Page::fetch`]), a form
/// ([`Page::submit`]) or a WebSocket ([`Page::websocket`]), as Chromium, Firefox or WebKit
/// ([`Page::engine`]).
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
    engine: Engine,
    /// The wall-clock time the page opened, where the page's clock starts: what a cookie's
    /// `Expires` date is measured against.
    opened: SystemTime,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    cache: Cache,
    /// The cookies the service set, in the order set.
    cookies: Vec<Cookie>,
    /// The page's clock, which only [`Page::advance`] moves: nothing depends on how fast
    /// the test runs.
    now: Duration,
}

/// A cookie the service set (RFC 6265 §5.3, as far as one site needs it: by name).
#[derive(Debug, Clone)]
struct Cookie {
    name: String,
    value: String,
    /// When it expires on the page's clock; `None` for a session cookie, which lives as
    /// long as the page.
    expires: Option<Duration>,
}

impl Cookie {
    /// One `Set-Cookie` line read as RFC 6265 §5.2 says, with `now` on the page's clock and
    /// `opened` where that clock started; `None` when a browser ignores the line (no `=` in
    /// the name-value pair, or an empty name).
    fn parse(line: &str, now: Duration, opened: SystemTime) -> Option<Self> {
        let mut parts = line.split(';');
        let (name, value) = parts.next()?.split_once('=')?;
        let name = name.trim_matches([' ', '\t']);
        if name.is_empty() {
            return None;
        }
        let (mut max_age, mut expires) = (None, None);
        for attribute in parts {
            let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            let (key, value) = (
                key.trim_matches([' ', '\t']),
                value.trim_matches([' ', '\t']),
            );
            if key.eq_ignore_ascii_case("max-age") {
                max_age = max_age_at(value, now).or(max_age);
            } else if key.eq_ignore_ascii_case("expires") {
                expires = expires_at(value, opened).or(expires);
            }
        }
        // `Max-Age` wins over `Expires`, wherever each is written (§5.3 step 3).
        let cap = now.saturating_add(COOKIE_MAX_LIFETIME);
        let expires = max_age.or(expires).map(|at| at.min(cap));
        Some(Self {
            name: name.to_owned(),
            value: value.trim_matches([' ', '\t']).to_owned(),
            expires,
        })
    }

    /// Whether the cookie has expired at `now`, on the page's clock.
    fn expired(&self, now: Duration) -> bool {
        self.expires.is_some_and(|at| at <= now)
    }
}

/// When a cookie with this `Max-Age` (RFC 6265 §5.2.2) expires, on the page's clock where
/// `now` is: at once for zero or less, `None` when it is not a number and the attribute is
/// ignored.
fn max_age_at(value: &str, now: Duration) -> Option<Duration> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if value.starts_with('-') {
        return Some(Duration::ZERO);
    }
    // More digits than a `u64` holds is past the cap anyway.
    let seconds = digits.parse::<u64>().unwrap_or(u64::MAX);
    Some(if seconds == 0 {
        Duration::ZERO
    } else {
        now.saturating_add(Duration::from_secs(seconds))
    })
}

/// An `Expires` date (RFC 6265 §5.2.1) on the page's clock: a date before the page opened is
/// its start, so the cookie is expired; `None` when the date does not parse and the
/// attribute is ignored. The date is read as an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`
/// and the two obsolete forms), as actix-web reads `Date` and `Last-Modified`.
fn expires_at(value: &str, opened: SystemTime) -> Option<Duration> {
    let date = SystemTime::from(value.parse::<HttpDate>().ok()?);
    Some(date.duration_since(opened).unwrap_or(Duration::ZERO))
}

/// Where a call goes, read from its URL.
pub(super) struct Target {
    /// The URL as parsed, without its fragment.
    pub(super) parsed: Url,
    /// `scheme://host[:port]`, as an `Origin` header would say it.
    pub(super) origin: String,
    /// `Host`, when the URL named one.
    pub(super) host: Option<String>,
    /// The path and query: what the request line carries.
    pub(super) path: String,
    /// The URL without its fragment, as the console names it.
    pub(super) url: String,
}

/// Why a URL cannot be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadUrl {
    /// It does not parse.
    Unparsable,
    /// It has a user name or password.
    Credentials,
    /// Its scheme is not one of `schemes`.
    Scheme,
}

impl BadUrl {
    /// What the script's call throws for it.
    pub(super) fn thrown(self, url: &str) -> Thrown<'_> {
        match self {
            BadUrl::Unparsable => Thrown::Url(url),
            BadUrl::Credentials => Thrown::UrlCredentials(url),
            BadUrl::Scheme => Thrown::Scheme(url),
        }
    }
}

/// Reads a call's URL as the URL standard parses it. A path (no scheme) is resolved against
/// `base` (`http://localhost:8080`, the host `actix_web::test` requests carry, in its
/// `ws:` twin for a WebSocket); a URL with user info, or whose scheme is not in `schemes`,
/// cannot be called.
pub(super) fn target(url: &str, base: &str, schemes: &[&str]) -> Result<Target, BadUrl> {
    let (mut full, absolute) = match Url::parse(url) {
        Ok(full) => (full, true),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let base = Url::parse(base).map_err(|_| BadUrl::Unparsable)?;
            (base.join(url).map_err(|_| BadUrl::Unparsable)?, false)
        }
        Err(_) => return Err(BadUrl::Unparsable),
    };
    if !full.username().is_empty() || full.password().is_some() {
        return Err(BadUrl::Credentials);
    }
    if !schemes.contains(&full.scheme()) {
        return Err(BadUrl::Scheme);
    }
    full.set_fragment(None);
    let host = full.host_str().unwrap_or_default();
    let host = match full.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let path = match full.query() {
        Some(query) => format!("{}?{query}", full.path()),
        None => full.path().to_owned(),
    };
    Ok(Target {
        origin: full.origin().ascii_serialization(),
        host: absolute.then_some(host),
        path,
        url: full.to_string(),
        parsed: full,
    })
}

/// Why `origin` is not an origin as a browser serializes it, and how to write it; `None`
/// when it is one.
fn not_an_origin(origin: &str) -> Option<String> {
    const SHAPE: &str = "an origin is `scheme://host[:port]`, or `null`";
    if origin == "null" {
        return None;
    }
    if origin.eq_ignore_ascii_case("null") {
        return Some(format!(
            "`{origin}` is not an origin: write `null` in lower case"
        ));
    }
    let url = match Url::parse(origin) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let fix = Url::parse(&format!("https://{origin}"))
                .map(|url| url.origin().ascii_serialization())
                .ok()
                .filter(|fixed| fixed.as_str() != "null")
                .map_or_else(
                    || SHAPE.to_owned(),
                    |fixed| format!("add the scheme (write `{fixed}`)"),
                );
            return Some(format!("`{origin}` is not an origin: {fix}"));
        }
        Err(error) => {
            return Some(format!(
                "`{origin}` is not an origin: it is not a URL ({error}); {SHAPE}"
            ))
        }
    };
    let serialized = url.origin().ascii_serialization();
    if serialized == origin {
        return None;
    }
    if !url.origin().is_tuple() {
        return Some(format!(
            "`{origin}` is not an origin: a `{}:` page's origin is opaque, which a browser \
             sends as `null` (write `null`)",
            url.scheme()
        ));
    }
    let default_port = url
        .port_or_known_default()
        .filter(|port| url.port().is_none() && origin.ends_with(&format!(":{port}")));
    let fix = if origin.trim() != origin {
        "remove the spaces".to_owned()
    } else if !url.username().is_empty() || url.password().is_some() {
        "remove the user name and password".to_owned()
    } else if let Some(query) = url.query() {
        format!("remove the query `?{query}`")
    } else if let Some(fragment) = url.fragment() {
        format!("remove the fragment `#{fragment}`")
    } else if url.path() != "/" {
        format!("remove the path `{}`", url.path())
    } else if origin.ends_with('/') {
        "remove the trailing `/`".to_owned()
    } else if let Some(port) = default_port {
        format!("remove `:{port}`, the scheme's default port, which a browser leaves out")
    } else if origin.to_ascii_lowercase() == serialized {
        "write the scheme and host in lower case".to_owned()
    } else {
        "a browser sends the host as the URL standard serializes it".to_owned()
    };
    Some(format!(
        "`{origin}` is not an origin: {fix} (write `{serialized}`)"
    ))
}

/// A call as the browser sends it, once the script's API has decided to send it.
struct Request {
    mode: Mode,
    target: Target,
    /// Normalised as `fetch` normalises it.
    method: String,
    /// The headers the script set that the API lets through.
    headers: Vec<(String, Vec<u8>)>,
    /// Headers the browser adds itself (an `EventSource`'s `Accept`): never a reason to
    /// preflight.
    agent_headers: Vec<(String, Vec<u8>)>,
    /// The names among them a preflight must ask about: lower case, sorted, once each.
    unsafe_names: Vec<String>,
    /// The same names as the engine reports a refused one: in its order and spelling.
    report_names: Vec<String>,
    cross_origin: bool,
    /// Whether cookies go with it: the credentials mode applied to this URL.
    credentials: bool,
    body: Vec<u8>,
}

impl Request {
    /// Whether the Fetch standard sends a preflight first: a cross-origin call in CORS mode
    /// with a method or a header that is not CORS-safelisted.
    fn needs_preflight(&self) -> bool {
        self.cross_origin
            && self.mode == Mode::Cors
            && !(safelist::is_safelisted_method(&self.method) && self.unsafe_names.is_empty())
    }

    /// Whether the script gets an opaque answer: a cross-origin call in `no-cors` mode.
    fn opaque(&self) -> bool {
        self.cross_origin && self.mode == Mode::NoCors
    }
}

impl Page {
    /// A page whose origin is `origin`: `scheme://host[:port]` as a browser sends it in
    /// `Origin` (`https://app.example.com`, `http://localhost:3000`), or `null` for a
    /// sandboxed iframe or a `data:` document. It answers as Chromium until
    /// [`engine`](Self::engine) says otherwise.
    ///
    /// # Panics
    ///
    /// When `origin` is not an origin a browser could send, as a mistake in the test
    /// itself: a trailing `/`, a path, a query, upper case, the scheme's default port
    /// (`https://app.example.com:443` is sent as `https://app.example.com`). The message
    /// says what to write instead:
    ///
    /// ```should_panic
    /// use cors_runtime::test::Page;
    ///
    /// // panics: `https://app.example.com/` is not an origin: remove the trailing `/`
    /// // (write `https://app.example.com`)
    /// let page = Page::at("https://app.example.com/");
    /// ```
    #[track_caller]
    pub fn at(origin: &str) -> Self {
        if let Some(mistake) = not_an_origin(origin) {
            panic!("{mistake}");
        }
        Self {
            origin: origin.to_owned(),
            engine: Engine::default(),
            opened: SystemTime::now(),
            state: Mutex::new(State::default()),
        }
    }

    /// The browser engine this page answers as: its preflight cache, the order of its
    /// checks, what it sends, and its console's words. [`Engine::Chromium`] when not set.
    ///
    /// ```
    /// use cors_runtime::test::{Engine, Page};
    ///
    /// let safari = Page::at("https://app.example.com").engine(Engine::WebKit);
    /// # let _ = safari;
    /// ```
    #[must_use]
    pub fn engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }

    /// The page's origin, as its requests send it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Lets time pass on the page's clock, so cached preflight answers expire (five
    /// seconds without `Access-Control-Max-Age`, at most the engine's cap with it: two
    /// hours in Chromium, a day in Firefox, ten minutes in WebKit), and so do cookies
    /// (`Max-Age`, `Expires`).
    pub fn advance(&self, by: Duration) {
        let mut state = self.state();
        state.now = state.now.saturating_add(by);
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes `call` as the page's script would, against `service`, and returns what the
    /// script gets: [`Fetch`](super::Fetch) is `fetch`, [`Xhr`](super::Xhr) an `XMLHttpRequest`,
    /// [`EventSource`](super::EventSource) `new EventSource`, [`Beacon`](super::Beacon)
    /// `navigator.sendBeacon`.
    ///
    /// `service` is what `actix_web::test::init_service` returns. A cross-origin call in
    /// CORS mode is preflighted when the Fetch standard says so (a method other than `GET`,
    /// `HEAD`, `POST`; a header that is not CORS-safelisted) and no cached answer covers
    /// it; the preflight's answer and the response go through the engine's checks, in the
    /// engine's order. Every request carries `Sec-Fetch-Site`, `-Mode` and `-Dest` when its
    /// URL is potentially trustworthy (https, loopback). The page and the service are
    /// taken to share one cookie jar, whatever their sites, so cookies travel with
    /// credentials (`SameSite` is not modelled). Redirects are not followed: a `3xx` is
    /// the response.
    pub async fn fetch<S, B, E, C>(&self, service: &S, call: C) -> Outcome
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
        C: Call,
    {
        let script = call.script();
        let mut outcome = Outcome {
            engine: self.engine,
            api: script.api,
            page: self.origin.clone(),
            url: script.url.clone(),
            credentialed_cors: false,
            cross_origin: false,
            opaque: false,
            preflight: None,
            response: None,
            body: Vec::new(),
            blocked: None,
        };
        let request = match self.prepare(script) {
            Ok(request) => request,
            Err(thrown) => {
                // A `TypeError` is kept without its name, as the variant says.
                let message = thrown
                    .strip_prefix("TypeError: ")
                    .map_or_else(|| thrown.clone(), str::to_owned);
                outcome.blocked = Some(Blocked::TypeError(message));
                return outcome;
            }
        };
        outcome.url.clone_from(&request.target.url);
        outcome.cross_origin = request.cross_origin;
        outcome.credentialed_cors = request.cross_origin && request.credentials;
        outcome.opaque = request.opaque();

        if let Some((answer, verdict)) = self.preflight(service, &request).await {
            outcome.preflight = Some(answer);
            if let Err(blocked) = verdict {
                outcome.blocked = Some(blocked);
                return outcome;
            }
        }
        let (response, body) = self.send_actual(service, &request).await;
        outcome.blocked = self.judge(&request, &response);
        outcome.response = Some(response);
        outcome.body = body;
        outcome
    }

    /// What the API decides before anything goes out: a call it refuses throws here (the
    /// message is the exception's), so the server never sees it.
    fn prepare(&self, script: Script) -> Result<Request, String> {
        let engine = self.engine;
        let api = script.api;
        let thrown = |why: Thrown<'_>| engine.thrown(api, why);
        let target = target(&script.url, DEFAULT_BASE, &["http", "https"])
            .map_err(|bad| thrown(bad.thrown(&script.url)))?;
        let method = safelist::normalize_method(&script.method);
        if safelist::is_forbidden_method(&method) {
            return Err(thrown(Thrown::ForbiddenMethod(&method)));
        }
        if Method::from_bytes(method.as_bytes()).is_err() {
            return Err(thrown(Thrown::InvalidMethod(&method)));
        }
        if script.mode == Mode::NoCors && !matches!(method.as_str(), "GET" | "HEAD" | "POST") {
            return Err(thrown(Thrown::NoCorsMethod(&method)));
        }
        let cross_origin = target.origin != self.origin;
        let credentials = match script.credentials {
            Credentials::Include => true,
            Credentials::SameOrigin => !cross_origin,
            Credentials::Omit => false,
        };
        let headers: Vec<(String, Vec<u8>)> = script
            .headers
            .into_iter()
            .filter(|(name, value)| !safelist::is_forbidden_request_header(name, value))
            // A `no-cors` request keeps only CORS-safelisted headers (Fetch, "no-CORS
            // safelisted request-header").
            .filter(|(name, value)| {
                script.mode == Mode::Cors
                    || safelist::is_safelisted_header(&name.to_ascii_lowercase(), value)
            })
            .collect();
        let unsafe_names = if script.mode == Mode::Cors {
            safelist::unsafe_names(&headers, engine.limits_safelisted_total())
        } else {
            Vec::new()
        };
        let written: Vec<String> = headers.iter().map(|(name, _)| name.clone()).collect();
        let agent_headers = match api {
            Api::EventSource => engine
                .event_source_headers()
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.as_bytes().to_vec()))
                .collect(),
            Api::Fetch | Api::Xhr | Api::Beacon => Vec::new(),
        };
        Ok(Request {
            report_names: engine.header_report_order(&written, &unsafe_names),
            unsafe_names,
            mode: script.mode,
            target,
            method,
            headers,
            agent_headers,
            cross_origin,
            credentials,
            body: script.body,
        })
    }

    /// `Sec-Fetch-Site`, `-Mode` and `-Dest` for a request to `url`, or none when the URL is
    /// not potentially trustworthy.
    pub(super) fn fetch_metadata(
        &self,
        url: &Url,
        mode: &str,
        dest: &str,
    ) -> Vec<(String, Vec<u8>)> {
        if !metadata::is_potentially_trustworthy(url) {
            return Vec::new();
        }
        vec![
            (
                "sec-fetch-site".to_owned(),
                metadata::fetch_site(&self.origin, url).as_bytes().to_vec(),
            ),
            ("sec-fetch-mode".to_owned(), mode.as_bytes().to_vec()),
            ("sec-fetch-dest".to_owned(), dest.as_bytes().to_vec()),
        ]
    }

    fn cache_key<'a>(&'a self, request: &'a Request) -> Key<'a> {
        Key {
            engine: self.engine,
            origin: &self.origin,
            url: &request.target.url,
            credentials: request.credentials,
        }
    }

    /// The preflight, when the call needs one and the cache cannot answer: the exchange and
    /// whether its answer lets the call go. What the engine caches of the answer is cached,
    /// so the next call can skip the round trip.
    async fn preflight<S, B, E>(
        &self,
        service: &S,
        request: &Request,
    ) -> Option<(Exchange, Result<(), Blocked>)>
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
    {
        if !request.needs_preflight() || self.cached(request) {
            return None;
        }
        let mut sent = vec![
            ("origin".to_owned(), self.origin.clone().into_bytes()),
            (
                "access-control-request-method".to_owned(),
                request.method.clone().into_bytes(),
            ),
        ];
        if !request.unsafe_names.is_empty() {
            sent.push((
                "access-control-request-headers".to_owned(),
                request.unsafe_names.join(",").into_bytes(),
            ));
        }
        sent.push(("accept".to_owned(), b"*/*".to_vec()));
        sent.extend(self.fetch_metadata(&request.target.parsed, "cors", "empty"));
        let (answer, _) = send(service, "OPTIONS", &request.target, &sent, Vec::new()).await;
        let verdict = judge::preflight(
            self.engine,
            &self.origin,
            request.credentials,
            &request.method,
            &request.report_names,
            &answer,
        );
        if let Some(granted) = verdict.cacheable {
            let lifetime = self
                .engine
                .preflight_lifetime(answer.header("access-control-max-age"));
            let key = self.cache_key(request);
            let mut state = self.state();
            let now = state.now;
            state.cache.store(&key, granted, lifetime, now);
        }
        Some((answer, verdict.result.map(|_| ())))
    }

    /// Whether a cached preflight answer covers the call, so the browser sends none.
    fn cached(&self, request: &Request) -> bool {
        let state = self.state();
        state.cache.covers(
            &self.cache_key(request),
            &request.method,
            &request.unsafe_names,
            state.now,
        )
    }

    /// The actual request, with `Origin`, the page's cookies and Fetch Metadata as the
    /// browser adds them. Cookies it sets are kept even when the script may not read the
    /// response: a browser stores them before the CORS check.
    async fn send_actual<S, B, E>(&self, service: &S, request: &Request) -> (Exchange, Vec<u8>)
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
    {
        let mut sent = request.headers.clone();
        sent.extend(request.agent_headers.iter().cloned());
        // Fetch sends `Origin` on every cross-origin call in CORS mode, and on any call that
        // may change state (any method but `GET` and `HEAD`).
        if (request.cross_origin && request.mode == Mode::Cors)
            || !matches!(request.method.as_str(), "GET" | "HEAD")
        {
            sent.push(("origin".to_owned(), self.origin.clone().into_bytes()));
        }
        if request.credentials {
            if let Some(cookie) = self.cookie_header() {
                sent.push(("cookie".to_owned(), cookie.into_bytes()));
            }
        }
        let mode = match request.mode {
            Mode::Cors => "cors",
            Mode::NoCors => "no-cors",
        };
        sent.extend(self.fetch_metadata(&request.target.parsed, mode, "empty"));
        let (response, body) = send(
            service,
            &request.method,
            &request.target,
            &sent,
            request.body.clone(),
        )
        .await;
        if request.credentials {
            self.keep_cookies(&response);
        }
        (response, body)
    }

    /// The CORS check on the response: only a cross-origin response in CORS mode needs the
    /// server's permission to be read (a `no-cors` one is opaque instead).
    fn judge(&self, request: &Request, response: &Exchange) -> Option<Blocked> {
        if !request.cross_origin || request.mode == Mode::NoCors {
            return None;
        }
        judge::access(self.engine, &self.origin, request.credentials, response)
            .err()
            .map(Blocked::Response)
    }

    /// The `Cookie` header: every cookie not expired on the page's clock, `None` when there
    /// is none.
    pub(super) fn cookie_header(&self) -> Option<String> {
        let state = self.state();
        let cookies: Vec<String> = state
            .cookies
            .iter()
            .filter(|cookie| !cookie.expired(state.now))
            .map(|cookie| format!("{}={}", cookie.name, cookie.value))
            .collect();
        (!cookies.is_empty()).then(|| cookies.join("; "))
    }

    /// Stores the cookies of a response, one `Set-Cookie` line at a time: a cookie replaces
    /// the one of its name, and one already expired (`Max-Age=0`, an `Expires` date in the
    /// past) deletes it.
    pub(super) fn keep_cookies(&self, response: &Exchange) {
        let mut state = self.state();
        let now = state.now;
        for line in &response.set_cookies {
            let Some(cookie) = Cookie::parse(line, now, self.opened) else {
                continue;
            };
            state.cookies.retain(|kept| kept.name != cookie.name);
            if !cookie.expired(now) {
                state.cookies.push(cookie);
            }
        }
    }

    /// The engine this page answers as.
    pub(super) fn engine_of(&self) -> Engine {
        self.engine
    }
}

/// A response's status, headers (a line each, as received) and body. A `101 Switching
/// Protocols` answer has no body to read (its stream is the new protocol's), so none is
/// read.
async fn parts<B: MessageBody>(
    res: actix_web::HttpResponse<B>,
) -> (u16, Vec<(String, Vec<u8>)>, Vec<u8>) {
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    if status == 101 {
        return (status, headers, Vec::new());
    }
    let body = actix_web::body::to_bytes(res.into_body())
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    (status, headers, body)
}

/// Sends one request to the service and records the exchange. An error the service returns
/// is answered as actix-web's server answers it: with the error's response.
pub(super) async fn send<S, B, E>(
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
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
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
    let mut set_cookies = Vec::new();
    let mut line_counts: Vec<(String, usize)> = Vec::new();
    for (name, value) in &response_headers {
        combine(&mut headers, name, value);
        let lower = name.to_ascii_lowercase();
        match line_counts.iter_mut().find(|(n, _)| *n == lower) {
            Some((_, count)) => *count += 1,
            None => line_counts.push((lower, 1)),
        }
        if name.eq_ignore_ascii_case("set-cookie") {
            set_cookies.push(decode(value));
        }
    }
    let exchange = Exchange {
        method: method.to_owned(),
        url: target.url.clone(),
        request_headers,
        status,
        headers,
        set_cookies,
        line_counts,
    };
    (exchange, body)
}

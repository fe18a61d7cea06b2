//! What the page's script asks for: the arguments of one `fetch` call.

use super::call::{private, Script};
use super::engine::Api;

/// The `credentials` option of `fetch`: whether cookies (and `Authorization`) go with a
/// request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credentials {
    /// `"omit"`: never.
    Omit,
    /// `"same-origin"`, `fetch`'s default: only to the page's own origin, so a
    /// cross-origin request carries no cookies.
    #[default]
    SameOrigin,
    /// `"include"`: always, and then the response must name the origin and say
    /// `Access-Control-Allow-Credentials: true`.
    Include,
}

/// The `mode` of a request. Kept out of the public API: `Fetch::no_cors` sets it (a public
/// variant named `Cors` would make rustc print `cors_runtime::actix::Cors` in full in users'
/// error messages, since trimmed paths need a unique name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Mode {
    /// `"cors"`, `fetch`'s default: a cross-origin answer is readable only if the server
    /// allows it, and a call that is not CORS-safelisted is preflighted.
    #[default]
    Cors,
    /// `"no-cors"`: only `GET`, `HEAD` and `POST` with CORS-safelisted headers (any other
    /// header is dropped), never preflighted, and the answer is opaque.
    NoCors,
}

/// One `fetch(url, init)` call: the method, the URL, the headers, `credentials` and `mode`.
///
/// The URL is a path (`/api/items?page=2`), which the page calls on
/// `http://localhost:8080` (the host `actix_web::test` requests carry), or an absolute
/// URL (`https://api.example.com/api/items`), whose host is sent as `Host`.
///
/// ```
/// use cors_runtime::test::{Credentials, Fetch};
///
/// let call = Fetch::put("/api/profile")
///     .header("content-type", "application/json")
///     .credentials(Credentials::Include);
/// # let _ = call;
/// ```
#[derive(Debug, Clone)]
pub struct Fetch {
    pub(super) method: String,
    pub(super) url: String,
    pub(super) headers: Vec<(String, Vec<u8>)>,
    pub(super) credentials: Credentials,
    pub(super) body: Vec<u8>,
    pub(super) mode: Mode,
}

impl Fetch {
    /// `fetch(url, {method})`. The method is normalised as `fetch` does: `delete`, `get`,
    /// `head`, `options`, `post` and `put` are upper-cased, any other is sent as written
    /// (`patch` stays `patch`, which `PATCH` in `Access-Control-Allow-Methods` does not
    /// match).
    pub fn new(method: &str, url: &str) -> Self {
        Self {
            method: method.to_owned(),
            url: url.to_owned(),
            headers: Vec::new(),
            credentials: Credentials::default(),
            body: Vec::new(),
            mode: Mode::default(),
        }
    }

    /// `fetch(url)`.
    pub fn get(url: &str) -> Self {
        Self::new("GET", url)
    }

    /// `fetch(url, {method: "POST"})`.
    pub fn post(url: &str) -> Self {
        Self::new("POST", url)
    }

    /// `fetch(url, {method: "PUT"})`.
    pub fn put(url: &str) -> Self {
        Self::new("PUT", url)
    }

    /// `fetch(url, {method: "PATCH"})`.
    pub fn patch(url: &str) -> Self {
        Self::new("PATCH", url)
    }

    /// `fetch(url, {method: "DELETE"})`.
    pub fn delete(url: &str) -> Self {
        Self::new("DELETE", url)
    }

    /// A request header the script sets. Names a script may not set (`cookie`, `origin`,
    /// `sec-*`, ...) are dropped, as `fetch` drops them.
    #[must_use]
    pub fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Self {
        self.headers
            .push((name.to_owned(), value.as_ref().to_vec()));
        self
    }

    /// The `credentials` option; [`Credentials::SameOrigin`] when not set, as in `fetch`.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The request body. A body does not make a request preflighted; its `content-type`
    /// header does, unless it is one of the three safelisted types.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// `mode: "no-cors"` (the default is `"cors"`): only `GET`, `HEAD` and `POST`, only
    /// CORS-safelisted headers (any other is dropped), never preflighted, and the answer is
    /// opaque: the request arrives, the script reads nothing
    /// ([`Outcome::is_opaque`](super::Outcome::is_opaque)).
    ///
    /// ```
    /// use cors_runtime::test::Fetch;
    ///
    /// // fetch(url, {method: "POST", mode: "no-cors", body: "hi"}): sent, never read.
    /// let call = Fetch::post("https://api.example.com/log")
    ///     .header("content-type", "text/plain")
    ///     .body("hi")
    ///     .no_cors();
    /// # let _ = call;
    /// ```
    #[must_use]
    pub fn no_cors(mut self) -> Self {
        self.mode = Mode::NoCors;
        self
    }
}

impl private::Sealed for Fetch {
    fn script(self) -> Script {
        Script {
            api: Api::Fetch,
            method: self.method,
            url: self.url,
            headers: self.headers,
            credentials: self.credentials,
            body: self.body,
            mode: self.mode,
        }
    }
}

impl super::Call for Fetch {}

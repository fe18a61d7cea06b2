//! The script APIs besides `fetch` that make a CORS request: `XMLHttpRequest`,
//! `EventSource` and `navigator.sendBeacon`, each reduced to what `fetch` would be asked
//! ([`Script`]), so one page judges them all.

use super::engine::Api;
use super::fetch::{Credentials, Mode};

/// A call a page's script makes: [`Fetch`](super::Fetch), [`Xhr`], [`EventSource`] or
/// [`Beacon`], what [`Page::fetch`](super::Page::fetch) takes. Sealed: the kit knows what
/// each API sends.
pub trait Call: private::Sealed {}

pub(super) mod private {
    /// What a call comes to, as the Fetch standard's request.
    pub trait Sealed {
        fn script(self) -> super::Script;
    }
}

/// One call as the Fetch standard's request: what every API comes to.
#[derive(Debug, Clone)]
pub struct Script {
    pub(super) api: Api,
    pub(super) method: String,
    pub(super) url: String,
    pub(super) headers: Vec<(String, Vec<u8>)>,
    pub(super) credentials: Credentials,
    pub(super) body: Vec<u8>,
    pub(super) mode: Mode,
}

/// `xhr.open(method, url); xhr.withCredentials = …; xhr.setRequestHeader(…); xhr.send(body)`.
///
/// Without `withCredentials` a cross-origin request carries no cookies (credentials mode
/// `same-origin`); with it, it does (`include`), and the answer must then name the origin
/// and allow credentials. Preflights, the CORS check and the console's words are
/// XMLHttpRequest's (`Access to XMLHttpRequest at …` in Chromium).
///
/// ```
/// use cors_runtime::test::Xhr;
///
/// let call = Xhr::put("https://api.example.com/profile")
///     .header("content-type", "application/json")
///     .body(r#"{"name":"Ada"}"#)
///     .with_credentials(true);
/// # let _ = call;
/// ```
#[derive(Debug, Clone)]
pub struct Xhr {
    method: String,
    url: String,
    headers: Vec<(String, Vec<u8>)>,
    with_credentials: bool,
    body: Vec<u8>,
}

impl Xhr {
    /// `xhr.open(method, url)`; the method is normalised as `fetch` normalises it.
    pub fn new(method: &str, url: &str) -> Self {
        Self {
            method: method.to_owned(),
            url: url.to_owned(),
            headers: Vec::new(),
            with_credentials: false,
            body: Vec::new(),
        }
    }

    /// `xhr.open("GET", url)`.
    pub fn get(url: &str) -> Self {
        Self::new("GET", url)
    }

    /// `xhr.open("POST", url)`.
    pub fn post(url: &str) -> Self {
        Self::new("POST", url)
    }

    /// `xhr.open("PUT", url)`.
    pub fn put(url: &str) -> Self {
        Self::new("PUT", url)
    }

    /// `xhr.open("DELETE", url)`.
    pub fn delete(url: &str) -> Self {
        Self::new("DELETE", url)
    }

    /// `xhr.setRequestHeader(name, value)`; names a script may not set are dropped.
    #[must_use]
    pub fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Self {
        self.headers
            .push((name.to_owned(), value.as_ref().to_vec()));
        self
    }

    /// `xhr.withCredentials`; `false` when not set.
    #[must_use]
    pub fn with_credentials(mut self, with_credentials: bool) -> Self {
        self.with_credentials = with_credentials;
        self
    }

    /// `xhr.send(body)`.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

impl private::Sealed for Xhr {
    fn script(self) -> Script {
        Script {
            api: Api::Xhr,
            method: self.method,
            url: self.url,
            headers: self.headers,
            credentials: if self.with_credentials {
                Credentials::Include
            } else {
                Credentials::SameOrigin
            },
            body: self.body,
            mode: Mode::Cors,
        }
    }
}

impl Call for Xhr {}

/// `new EventSource(url, {withCredentials})`: a `GET` in CORS mode that sends
/// `Accept: text/event-stream` and `Cache-Control: no-cache` (Firefox adds
/// `Pragma: no-cache`), which the browser adds itself, so it is never preflighted.
/// Without `withCredentials` a cross-origin stream carries no cookies.
///
/// The kit judges the CORS check; it reads the body whole, so give it a stream that ends.
///
/// ```
/// use cors_runtime::test::EventSource;
///
/// let stream = EventSource::new("https://api.example.com/events").with_credentials(true);
/// # let _ = stream;
/// ```
#[derive(Debug, Clone)]
pub struct EventSource {
    url: String,
    with_credentials: bool,
}

impl EventSource {
    /// `new EventSource(url)`.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            with_credentials: false,
        }
    }

    /// The `withCredentials` option; `false` when not set.
    #[must_use]
    pub fn with_credentials(mut self, with_credentials: bool) -> Self {
        self.with_credentials = with_credentials;
        self
    }
}

impl private::Sealed for EventSource {
    fn script(self) -> Script {
        Script {
            api: Api::EventSource,
            method: "GET".to_owned(),
            url: self.url,
            // The engine's own headers are added when the page sends it.
            headers: Vec::new(),
            credentials: if self.with_credentials {
                Credentials::Include
            } else {
                Credentials::SameOrigin
            },
            body: Vec::new(),
            mode: Mode::Cors,
        }
    }
}

impl Call for EventSource {}

/// `navigator.sendBeacon(url, text)`: a `POST` with `Content-Type: text/plain;charset=UTF-8`,
/// credentials `include`, mode `no-cors`: never preflighted, and nothing of the answer
/// reaches the script ([`Outcome::is_opaque`](super::Outcome::is_opaque)).
///
/// ```
/// use cors_runtime::test::Beacon;
///
/// let beacon = Beacon::new("https://api.example.com/collect", "clicked");
/// # let _ = beacon;
/// ```
#[derive(Debug, Clone)]
pub struct Beacon {
    url: String,
    text: String,
}

impl Beacon {
    /// `navigator.sendBeacon(url, text)`.
    pub fn new(url: &str, text: &str) -> Self {
        Self {
            url: url.to_owned(),
            text: text.to_owned(),
        }
    }
}

impl private::Sealed for Beacon {
    fn script(self) -> Script {
        Script {
            api: Api::Beacon,
            method: "POST".to_owned(),
            url: self.url,
            headers: vec![(
                "content-type".to_owned(),
                b"text/plain;charset=UTF-8".to_vec(),
            )],
            credentials: Credentials::Include,
            body: self.text.into_bytes(),
            mode: Mode::NoCors,
        }
    }
}

impl Call for Beacon {}

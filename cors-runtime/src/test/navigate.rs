//! What a page sends outside CORS: a form submission (a navigation) and a WebSocket
//! handshake. No CORS check applies to either, so the server must decide for itself
//! whether to act on them; these show what it gets.

use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use url::form_urlencoded;

use super::exchange::Exchange;
use super::page::{send, target, Page, DEFAULT_BASE};

/// A `<form method=… action=…>` the page's script submits (`form.submit()`): a navigation,
/// so no CORS check and no preflight, whatever site it goes to.
///
/// A `POST` sends its fields as `application/x-www-form-urlencoded` with `Origin` (the
/// page's; a POST navigation carries it even same-origin), the page's cookies, and Fetch
/// Metadata `Sec-Fetch-Mode: navigate`, `Sec-Fetch-Dest: document`; a `GET` puts its
/// fields in the query and sends no `Origin`.
///
/// ```
/// use cors_runtime::test::Form;
///
/// let transfer = Form::post("https://bank.example/transfer")
///     .field("to", "mallory")
///     .field("amount", "1000");
/// # let _ = transfer;
/// ```
#[derive(Debug, Clone)]
pub struct Form {
    post: bool,
    url: String,
    fields: Vec<(String, String)>,
}

impl Form {
    /// `<form method="post" action="url">`.
    pub fn post(url: &str) -> Self {
        Self {
            post: true,
            url: url.to_owned(),
            fields: Vec::new(),
        }
    }

    /// `<form method="get" action="url">`.
    pub fn get(url: &str) -> Self {
        Self {
            post: false,
            ..Self::post(url)
        }
    }

    /// An `<input name=… value=…>`, in document order.
    #[must_use]
    pub fn field(mut self, name: &str, value: &str) -> Self {
        self.fields.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// What a form submission did: the navigation happened (there is no CORS check to fail),
/// so this is the answer the server gave it, as the new document.
///
/// Redirects are not followed: a `303 See Other` is the answer, with its `Location`.
#[derive(Debug, Clone)]
pub struct Submission {
    exchange: Option<Exchange>,
    body: Vec<u8>,
    refused: Option<String>,
}

impl Submission {
    /// The request that went over the wire and its answer; `None` when the browser would
    /// not send it (a URL that does not parse, or is not `http`/`https`).
    pub fn exchange(&self) -> Option<&Exchange> {
        self.exchange.as_ref()
    }

    /// The answer's status, `None` when nothing was sent.
    pub fn status(&self) -> Option<StatusCode> {
        self.exchange
            .as_ref()
            .and_then(|e| StatusCode::from_u16(e.status()).ok())
    }

    /// A header of the answer (a navigation reads them all), `None` when absent or nothing
    /// was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.exchange.as_ref()?.header(name)
    }

    /// The answer's body: the document the page navigated to.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Why nothing was sent, `None` when it was.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }
}

/// What a WebSocket handshake did: the `GET` with `Upgrade: websocket` that
/// `new WebSocket(url)` sends, and whether the server accepted it.
#[derive(Debug, Clone)]
pub struct Handshake {
    exchange: Option<Exchange>,
    refused: Option<String>,
}

impl Handshake {
    /// Whether the server accepted the handshake: it answered `101 Switching Protocols`.
    /// Any other answer is a failed connection (the page's `error` and `close` events).
    pub fn is_accepted(&self) -> bool {
        self.exchange.as_ref().is_some_and(|e| e.status() == 101)
    }

    /// The answer's status, `None` when nothing was sent.
    pub fn status(&self) -> Option<StatusCode> {
        self.exchange
            .as_ref()
            .and_then(|e| StatusCode::from_u16(e.status()).ok())
    }

    /// The handshake request and its answer; `None` when the browser would not send it.
    pub fn exchange(&self) -> Option<&Exchange> {
        self.exchange.as_ref()
    }

    /// Why nothing was sent (`new WebSocket` threw), `None` when it was.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }
}

/// Each handshake's `Sec-WebSocket-Key` differs, as a browser's nonce does.
static HANDSHAKES: AtomicU64 = AtomicU64::new(0);

/// Sixteen bytes, base64: a `Sec-WebSocket-Key` (RFC 6455 §4.1).
fn websocket_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let n = HANDSHAKES.fetch_add(1, Ordering::Relaxed);
    let mut bytes = *b"the cors kit key";
    for (byte, count) in bytes.iter_mut().zip(n.to_le_bytes()) {
        *byte ^= count;
    }
    let mut key = String::with_capacity(24);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                key.push(char::from(ALPHABET[((v >> (18 - 6 * k)) & 63) as usize]));
            } else {
                key.push('=');
            }
        }
    }
    key
}

impl Page {
    /// Submits `form` from this page, as `form.submit()` does: a navigation, sent whatever
    /// the server's CORS policy says, with the page's cookies, `Origin` on a `POST`, and
    /// `Sec-Fetch-Site` (`same-origin`, `same-site` or `cross-site` from the page to the
    /// URL), `Sec-Fetch-Mode: navigate`, `Sec-Fetch-Dest: document` to a potentially
    /// trustworthy URL. The same in all three engines. Cookies the answer sets are kept.
    /// `SameSite` is not modelled: the page's cookies go as `SameSite=None` cookies would,
    /// the worst case for a server that must refuse a forged post.
    ///
    /// ```
    /// use actix_web::{test, web, App, HttpResponse};
    /// use cors_runtime::test::{Form, Page};
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let app = test::init_service(App::new().route(
    ///     "/transfer",
    ///     web::post().to(|| async { HttpResponse::Ok().body("sent") }),
    /// ))
    /// .await;
    ///
    /// // A page on another site posts a form to the API: no CORS check stops it.
    /// let forged = Page::at("https://evil.example")
    ///     .submit(&app, Form::post("/transfer").field("to", "mallory"))
    ///     .await;
    /// assert_eq!(forged.body(), b"sent");
    /// let sent = forged.exchange().unwrap();
    /// assert_eq!(sent.request_header("sec-fetch-site"), Some("cross-site"));
    /// assert_eq!(sent.request_header("origin"), Some("https://evil.example"));
    /// # });
    /// ```
    pub async fn submit<S, B, E>(&self, service: &S, form: Form) -> Submission
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
    {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&form.fields)
            .finish();
        let mut url = form.url.clone();
        if !form.post && !form.fields.is_empty() {
            // A GET form replaces the action's query with its fields.
            url = format!("{}?{encoded}", url.split(['?', '#']).next().unwrap_or(""));
        }
        let target = match target(&url, DEFAULT_BASE, &["http", "https"]) {
            Ok(target) => target,
            Err(bad) => {
                return Submission {
                    exchange: None,
                    body: Vec::new(),
                    refused: Some(format!("the browser does not navigate to {url} ({bad:?})")),
                }
            }
        };
        let mut sent = Vec::new();
        let (method, body) = if form.post {
            sent.push((
                "content-type".to_owned(),
                b"application/x-www-form-urlencoded".to_vec(),
            ));
            sent.push(("origin".to_owned(), self.origin().as_bytes().to_vec()));
            ("POST", encoded.into_bytes())
        } else {
            ("GET", Vec::new())
        };
        if let Some(cookie) = self.cookie_header() {
            sent.push(("cookie".to_owned(), cookie.into_bytes()));
        }
        sent.push(("upgrade-insecure-requests".to_owned(), b"1".to_vec()));
        sent.extend(self.fetch_metadata(&target.parsed, "navigate", "document"));
        let (exchange, body) = send(service, method, &target, &sent, body).await;
        self.keep_cookies(&exchange);
        Submission {
            exchange: Some(exchange),
            body,
            refused: None,
        }
    }

    /// Opens a WebSocket to `url` from this page (`new WebSocket(url)`): the handshake
    /// `GET` with `Upgrade: websocket`, `Connection: Upgrade`, `Sec-WebSocket-Version: 13`,
    /// a `Sec-WebSocket-Key`, `Origin` and the page's cookies. No CORS check applies: the
    /// server alone decides, by answering `101 Switching Protocols` or not. Firefox and
    /// WebKit add `Sec-Fetch-Site`, `Sec-Fetch-Mode: websocket` and `Sec-Fetch-Dest:
    /// websocket` (to a potentially trustworthy URL); Chromium sends no Fetch Metadata on a
    /// handshake.
    ///
    /// `url` is `ws://`, `wss://` (sent to the service as `http`/`https`), `http(s)://`, or
    /// a path, which goes to `ws://localhost:8080`. The kit reads no frames: a `101`
    /// answer's stream is left alone.
    ///
    /// ```
    /// use actix_web::{test, web, App, HttpRequest, HttpResponse};
    /// use cors_runtime::test::{Engine, Page};
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// // Accepts only handshakes from its own page (an upgrade needs a real server, so
    /// // this stand-in answers 101 without one).
    /// let app = test::init_service(App::new().route(
    ///     "/ws",
    ///     web::get().to(|req: HttpRequest| async move {
    ///         match req.headers().get("origin").and_then(|o| o.to_str().ok()) {
    ///             Some("https://app.example.com") => HttpResponse::SwitchingProtocols().finish(),
    ///             _ => HttpResponse::Forbidden().finish(),
    ///         }
    ///     }),
    /// ))
    /// .await;
    ///
    /// assert!(Page::at("https://app.example.com").websocket(&app, "/ws").await.is_accepted());
    /// let stranger = Page::at("https://evil.example").engine(Engine::Firefox);
    /// let handshake = stranger.websocket(&app, "/ws").await;
    /// assert!(!handshake.is_accepted());
    /// let sent = handshake.exchange().unwrap();
    /// assert_eq!(sent.request_header("sec-fetch-mode"), Some("websocket"));
    /// # });
    /// ```
    pub async fn websocket<S, B, E>(&self, service: &S, url: &str) -> Handshake
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = E>,
        B: MessageBody,
        E: Into<actix_web::Error>,
    {
        let base = DEFAULT_BASE.replacen("http", "ws", 1);
        let mut target = match target(url, &base, &["ws", "wss", "http", "https"]) {
            Ok(target) => target,
            Err(bad) => {
                return Handshake {
                    exchange: None,
                    refused: Some(format!(
                        "SyntaxError: the URL '{url}' is invalid for a WebSocket ({bad:?})"
                    )),
                }
            }
        };
        let metadata = if self.engine_of().fetch_metadata_on_websocket() {
            self.fetch_metadata(&target.parsed, "websocket", "websocket")
        } else {
            Vec::new()
        };
        // The handshake is an HTTP request: `ws:` goes as `http:`, `wss:` as `https:`.
        for (from, to) in [("wss", "https"), ("ws", "http")] {
            if target.parsed.scheme() == from {
                let _ = target.parsed.set_scheme(to);
                target.url = target.parsed.to_string();
            }
        }
        let mut sent = vec![
            ("connection".to_owned(), b"Upgrade".to_vec()),
            ("upgrade".to_owned(), b"websocket".to_vec()),
            ("origin".to_owned(), self.origin().as_bytes().to_vec()),
            ("sec-websocket-version".to_owned(), b"13".to_vec()),
            ("sec-websocket-key".to_owned(), websocket_key().into_bytes()),
            (
                "sec-websocket-extensions".to_owned(),
                self.engine_of().websocket_extensions().as_bytes().to_vec(),
            ),
        ];
        if let Some(cookie) = self.cookie_header() {
            sent.push(("cookie".to_owned(), cookie.into_bytes()));
        }
        sent.extend(metadata);
        let (exchange, _) = send(service, "GET", &target, &sent, Vec::new()).await;
        self.keep_cookies(&exchange);
        Handshake {
            exchange: Some(exchange),
            refused: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::websocket_key;

    #[test]
    fn a_websocket_key_is_sixteen_bytes_in_base64() {
        let (a, b) = (websocket_key(), websocket_key());
        assert_eq!(a.len(), 24);
        assert!(a.ends_with("=="));
        assert_ne!(a, b);
    }
}

//! What the page's script gets back from one call.

use std::fmt;

use actix_web::http::StatusCode;

use super::blocked::Blocked;
use super::engine::{Api, Context, Engine};
use super::exchange::Exchange;
use super::judge::token_list;
use super::safelist::is_safelisted_response_header;

/// What a call did, as the browser would have done it: whether the script can read the
/// response, what it can read, and the requests that went over the wire.
///
/// Its `Display` is what the page's engine prints in the console for a blocked call, so a
/// failed assertion names the cause the browser would name, one console line per line:
///
/// - Chromium: `Access to fetch at '…' from origin '…' has been blocked by CORS policy: …`
///   (`Access to XMLHttpRequest at …` for an [`Xhr`](super::Xhr), `Access to resource at …`
///   for an [`EventSource`](super::EventSource));
/// - Firefox: `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the
///   remote resource at …. (Reason: …).`, the specific reason only: the `CORS request did
///   not succeed` entry it adds after a refused preflight names nothing and is left out;
/// - WebKit: two lines, its security line (`Origin … is not allowed by
///   Access-Control-Allow-Origin. Status code: 200`) and then `Fetch API cannot load … due
///   to access control checks.` (`XMLHttpRequest cannot load …`, `EventSource cannot load
///   …`).
///
/// A call that threw before it was sent prints the exception (`TypeError: …`).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub(super) engine: Engine,
    pub(super) api: Api,
    pub(super) page: String,
    pub(super) url: String,
    /// Whether the request was cross-origin and sent with credentials: then `*` in
    /// `Access-Control-Expose-Headers` exposes nothing.
    pub(super) credentialed_cors: bool,
    pub(super) cross_origin: bool,
    /// A cross-origin call in `no-cors` mode: sent, and nothing of its answer readable.
    pub(super) opaque: bool,
    pub(super) preflight: Option<Exchange>,
    pub(super) response: Option<Exchange>,
    pub(super) body: Vec<u8>,
    pub(super) blocked: Option<Blocked>,
}

impl Outcome {
    /// Whether the script can read the response: `fetch` resolved instead of rejecting with
    /// `TypeError: Failed to fetch` (an XMLHttpRequest's `load`, an `EventSource`'s `open`),
    /// and the answer is not opaque.
    pub fn is_readable(&self) -> bool {
        self.blocked.is_none() && !self.opaque
    }

    /// Whether the answer is opaque: a cross-origin call in `no-cors` mode (a
    /// [`Fetch::no_cors`](super::Fetch::no_cors) `fetch`, a [`Beacon`](super::Beacon)) went out
    /// and nothing of its answer reaches the script, which no CORS header changes. It is
    /// not [`blocked`](Self::blocked): the request arrived ([`response`](Self::response)).
    pub fn is_opaque(&self) -> bool {
        self.blocked.is_none() && self.opaque
    }

    /// The status the script sees (`response.status`), `None` when the call was blocked.
    ///
    /// A status no `StatusCode` holds cannot come from an actix-web service, so it is `None`
    /// too.
    pub fn status(&self) -> Option<StatusCode> {
        self.readable()
            .and_then(|response| StatusCode::from_u16(response.status()).ok())
    }

    /// A response header as `response.headers.get(name)` returns it: `None` when the call
    /// was blocked, the header is absent, or the script may not read it (it is neither
    /// CORS-safelisted nor exposed by `Access-Control-Expose-Headers`; `set-cookie` never is).
    pub fn header(&self, name: &str) -> Option<&str> {
        let response = self.readable()?;
        let value = response.header(name)?;
        self.may_read(name, response).then_some(value)
    }

    /// The response body as the script reads it, `None` when the call was blocked.
    pub fn body(&self) -> Option<&[u8]> {
        self.readable().map(|_| self.body.as_slice())
    }

    /// The preflight the browser sent and its answer, `None` when none was sent (the
    /// request is CORS-safelisted, same-origin, or a cached answer covered it).
    pub fn preflight(&self) -> Option<&Exchange> {
        self.preflight.as_ref()
    }

    /// The actual request and its response, `None` when it was never sent (a preflight
    /// refused it, or `fetch` threw). A blocked simple request was sent: CORS stops the
    /// script from reading, not the request from arriving.
    pub fn response(&self) -> Option<&Exchange> {
        self.response.as_ref()
    }

    /// Why the script cannot read the response, to match on; `None` when it is readable
    /// or opaque. Its `Display` is Chromium's words for `fetch`; [`reason`](Self::reason)
    /// is the page's engine's.
    ///
    /// ```
    /// # use cors_runtime::test::{Access, Blocked, Outcome};
    /// fn refused_for_its_origin(outcome: &Outcome) -> bool {
    ///     matches!(
    ///         outcome.blocked(),
    ///         Some(Blocked::Response(Access::MissingAllowOrigin | Access::AllowOriginMismatch(_)))
    ///     )
    /// }
    /// ```
    pub fn blocked(&self) -> Option<&Blocked> {
        self.blocked.as_ref()
    }

    /// The cause of a blocked call in the page's engine's words; `None` when it is not
    /// blocked. Chromium: the message without its `Access to fetch at …` prefix (`Method
    /// DELETE is not allowed by Access-Control-Allow-Methods in preflight response.`);
    /// Firefox: the text in `(Reason: …)` (`Did not find method in CORS header
    /// ‘Access-Control-Allow-Methods’`); WebKit: its security line (`Method DELETE is not
    /// allowed by Access-Control-Allow-Methods.`). For a call that threw, the exception.
    pub fn reason(&self) -> Option<String> {
        let blocked = self.blocked.as_ref()?;
        Some(match blocked {
            Blocked::TypeError(message) => message.clone(),
            _ => self.engine.reason(blocked, &self.context(blocked)),
        })
    }

    /// The console's lines for a blocked call, in the page's engine's words (what
    /// `Display` joins with `\n`); empty when it is not blocked.
    pub fn console(&self) -> Vec<String> {
        self.blocked.as_ref().map_or_else(Vec::new, |blocked| {
            self.engine.console(blocked, &self.context(blocked))
        })
    }

    /// What the console names besides the cause: the exchange whose check failed.
    fn context(&self, blocked: &Blocked) -> Context<'_> {
        let exchange = match blocked {
            Blocked::Response(_) | Blocked::TypeError(_) => self.response.as_ref(),
            _ => self.preflight.as_ref(),
        };
        Context {
            api: self.api,
            page: &self.page,
            url: &self.url,
            exchange,
        }
    }

    fn readable(&self) -> Option<&Exchange> {
        if !self.is_readable() {
            return None;
        }
        self.response.as_ref()
    }

    fn may_read(&self, name: &str, response: &Exchange) -> bool {
        if name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2") {
            return false;
        }
        if !self.cross_origin || is_safelisted_response_header(name) {
            return true;
        }
        let exposed =
            token_list(response.header("access-control-expose-headers")).unwrap_or_default();
        exposed.iter().any(|e| e.eq_ignore_ascii_case(name))
            || (!self.credentialed_cors && exposed.iter().any(|e| e == "*"))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.blocked, &self.response) {
            (Some(_), _) => f.write_str(&self.console().join("\n")),
            (None, Some(response)) if self.opaque => write!(
                f,
                "{} {} answered {}, opaque to origin '{}' (no-cors)",
                response.method(),
                self.url,
                response.status(),
                self.page
            ),
            (None, Some(response)) => write!(
                f,
                "{} {} answered {}, readable from origin '{}'",
                response.method(),
                self.url,
                response.status(),
                self.page
            ),
            (None, None) => write!(f, "{} was not sent", self.url),
        }
    }
}

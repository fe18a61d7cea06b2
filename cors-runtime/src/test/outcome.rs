//! What the page's script gets back from one `fetch`.

use std::fmt;

use actix_web::http::StatusCode;

use super::blocked::Blocked;
use super::exchange::Exchange;
use super::judge::token_list;
use super::safelist::is_safelisted_response_header;

/// What a `fetch` did, as the browser would have done it: whether the script can read the
/// response, what it can read, and the requests that went over the wire.
///
/// Its `Display` is what Chromium's console prints for a blocked call (`Access to fetch at
/// '…' from origin '…' has been blocked by CORS policy: …`), so a failed assertion names
/// the cause the browser would name.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub(super) page: String,
    pub(super) url: String,
    /// Whether the request was cross-origin and sent with credentials: then `*` in
    /// `Access-Control-Expose-Headers` exposes nothing.
    pub(super) credentialed_cors: bool,
    pub(super) cross_origin: bool,
    pub(super) preflight: Option<Exchange>,
    pub(super) response: Option<Exchange>,
    pub(super) body: Vec<u8>,
    pub(super) blocked: Option<Blocked>,
}

impl Outcome {
    /// Whether the script can read the response: `fetch` resolved instead of rejecting with
    /// `TypeError: Failed to fetch`.
    pub fn is_readable(&self) -> bool {
        self.blocked.is_none()
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

    /// Why the script cannot read the response, to match on; `None` when it is readable.
    /// Its `Display` is [`reason`](Self::reason).
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

    /// The console message of a blocked call, without the `Access to fetch at …` prefix
    /// (`Method DELETE is not allowed by Access-Control-Allow-Methods in preflight
    /// response.`); `None` when it is readable.
    pub fn reason(&self) -> Option<String> {
        self.blocked.as_ref().map(ToString::to_string)
    }

    fn readable(&self) -> Option<&Exchange> {
        if self.blocked.is_some() {
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
            (Some(blocked @ Blocked::TypeError(_)), _) => write!(f, "TypeError: {blocked}"),
            (Some(blocked), _) => write!(
                f,
                "Access to fetch at '{}' from origin '{}' has been blocked by CORS policy: \
                 {blocked}",
                self.url, self.page
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

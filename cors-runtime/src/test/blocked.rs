//! Why a browser refused a call, as values a test can match on, each printed in the words
//! Chromium's console uses.

use std::fmt::{self, Write as _};

/// Why the page's script cannot read a response: [`Outcome::blocked`](super::Outcome::blocked).
///
/// Its `Display` is Chromium's console message without the `Access to fetch at '…' from
/// origin '…' has been blocked by CORS policy:` prefix, so a variant and the message a
/// developer reads in the browser name the same cause; [`Outcome::reason`](super::Outcome::reason)
/// says it in the page's engine's words. The checks run in the engine's order and the
/// first that fails is the one reported, as in the browser, so the cause can differ by
/// engine: a 403 preflight without `Access-Control-Allow-Origin` is
/// `Preflight(MissingAllowOrigin)` in Chromium and Firefox and `PreflightStatus` in
/// WebKit, which checks the status first.
///
/// ```
/// use actix_web::{test, App, HttpResponse, Responder};
/// use cors_runtime::cors;
/// use cors_runtime::test::{Blocked, Credentials, Fetch, Page};
///
/// #[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
/// #[actix_web::put("/api/profile")]
/// async fn profile() -> impl Responder {
///     HttpResponse::Ok().body("saved")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(profile)).await;
/// let put = Fetch::put("/api/profile")
///     .header("x-debug", "1")
///     .credentials(Credentials::Include);
/// let outcome = Page::at("https://app.example.com").fetch(&app, put).await;
///
/// assert_eq!(outcome.blocked(), Some(&Blocked::Header("x-debug".into())));
/// assert!(outcome.response().is_none(), "the preflight stopped the PUT");
/// # });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Blocked {
    /// The call threw before sending anything (a forbidden or malformed method, a URL that
    /// does not parse); the message is the `TypeError`'s, in the page's engine's words. For
    /// an [`Xhr`](super::Xhr) or [`EventSource`](super::EventSource), which throw a
    /// `DOMException`, its name comes first (`SyntaxError: …`).
    TypeError(String),
    /// The CORS check failed on the actual response: the request was sent and arrived,
    /// but the script cannot read the answer.
    Response(Access),
    /// The CORS check failed on the preflight's answer, so the request was never sent.
    Preflight(Access),
    /// The preflight's answer was a redirect (`3xx` with `Location`), which a preflight
    /// may not follow (WebKit calls it [`PreflightStatus`](Self::PreflightStatus)).
    PreflightRedirect,
    /// The preflight's answer's status was not `2xx` (checked after the CORS check in
    /// Chromium and Firefox, before it in WebKit).
    PreflightStatus,
    /// The preflight's `Access-Control-Allow-Methods` is not a list of tokens.
    AllowMethodsUnparsable,
    /// The preflight's `Access-Control-Allow-Headers` is not a list of tokens.
    AllowHeadersUnparsable,
    /// The method, as `fetch` sent it, is not in the preflight's
    /// `Access-Control-Allow-Methods`.
    Method(String),
    /// A request header is not in the preflight's `Access-Control-Allow-Headers`: in
    /// Chromium and Firefox the first such name in sorted order, lower case; in WebKit the
    /// first as the request holds them (names WebKit knows, such as `Content-Type`, first),
    /// spelled as the script wrote it.
    Header(String),
}

/// A failed CORS check (Fetch "CORS check"), on the actual response
/// ([`Blocked::Response`]) or the preflight's answer ([`Blocked::Preflight`]), with what
/// the response said.
///
/// Its `Display` is Chromium's words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Access {
    /// No `Access-Control-Allow-Origin` header.
    MissingAllowOrigin,
    /// `Access-Control-Allow-Origin` holds a list (a comma or a space), such as two
    /// headers combined: the value as received.
    MultipleAllowOrigin(String),
    /// `Access-Control-Allow-Origin` is neither `*`, `null` nor a URL: the value.
    InvalidAllowOrigin(String),
    /// `Access-Control-Allow-Origin` names another origin than the page's (a trailing `/`
    /// or another case is another origin): the value.
    AllowOriginMismatch(String),
    /// `Access-Control-Allow-Origin: *` on a call made with credentials.
    WildcardWithCredentials,
    /// A call made with credentials, and `Access-Control-Allow-Credentials` is not exactly
    /// `true`: the value, empty when the header is absent.
    InvalidAllowCredentials(String),
}

/// A value from the response as Chromium prints it (`EncodeHint`): printable ASCII as is,
/// anything else as `\uXXXX`.
fn hint(value: &str) -> String {
    let mut printed = String::with_capacity(value.len());
    for c in value.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            printed.push(c);
        } else {
            let _ = write!(printed, "\\u{:04X}", u32::from(c));
        }
    }
    printed
}

/// What Chromium adds when `Access-Control-Allow-Origin` is there but wrong.
const VALID: &str = "Have the server send the header with a valid value.";

/// What Chromium puts before a failed check on a preflight's answer.
const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check: ";

impl fmt::Display for Access {
    // Chromium 156's words, checked by the browser suite: a value that is there but wrong
    // ends with what to do; the no-cors hint older versions added is gone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Access::MissingAllowOrigin => f.write_str(
                "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            ),
            Access::MultipleAllowOrigin(value) => write!(
                f,
                "The 'Access-Control-Allow-Origin' header contains multiple values '{}', \
                 but only one is allowed. {VALID}",
                hint(value)
            ),
            Access::InvalidAllowOrigin(value) => write!(
                f,
                "The 'Access-Control-Allow-Origin' header contains the invalid value \
                 '{}'. {VALID}",
                hint(value)
            ),
            Access::AllowOriginMismatch(value) => write!(
                f,
                "The 'Access-Control-Allow-Origin' header has a value '{}' that is not \
                 equal to the supplied origin. {VALID}",
                hint(value)
            ),
            Access::WildcardWithCredentials => f.write_str(
                "The value of the 'Access-Control-Allow-Origin' header in the response must \
                 not be the wildcard '*' when the request's credentials mode is 'include'.",
            ),
            Access::InvalidAllowCredentials(value) => write!(
                f,
                "The value of the 'Access-Control-Allow-Credentials' header in the response \
                 is '{}' which must be 'true' when the request's credentials mode is \
                 'include'.",
                hint(value)
            ),
        }
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::TypeError(message) => f.write_str(message),
            Blocked::Response(access) => access.fmt(f),
            Blocked::Preflight(access) => write!(f, "{PREFLIGHT}{access}"),
            Blocked::PreflightRedirect => {
                write!(
                    f,
                    "{PREFLIGHT}Redirect is not allowed for a preflight request."
                )
            }
            Blocked::PreflightStatus => write!(f, "{PREFLIGHT}It does not have HTTP ok status."),
            Blocked::AllowMethodsUnparsable => f.write_str(
                "Cannot parse Access-Control-Allow-Methods response header field in preflight \
                 response.",
            ),
            Blocked::AllowHeadersUnparsable => f.write_str(
                "Cannot parse Access-Control-Allow-Headers response header field in preflight \
                 response.",
            ),
            Blocked::Method(method) => write!(
                f,
                "Method {method} is not allowed by Access-Control-Allow-Methods in preflight \
                 response."
            ),
            Blocked::Header(name) => write!(
                f,
                "Request header field {name} is not allowed by Access-Control-Allow-Headers in \
                 preflight response."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_prints_what_is_not_printable_ascii_as_an_escape() {
        assert_eq!(hint("https://a.example"), "https://a.example");
        assert_eq!(hint("a\tb\u{e9}"), "a\\u0009b\\u00E9");
        let cause = Access::AllowOriginMismatch("x\u{7f}".into());
        assert!(cause.to_string().contains("'x\\u007F'"), "{cause}");
    }
}

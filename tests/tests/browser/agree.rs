//! Each `fetch` case of the browser suite, run twice: in a real browser (each engine in
//! turn), and through `cors_runtime::test`, answering as that engine, against the same app
//! in process. They must agree on everything a
//! developer sees: readable or blocked, how many preflights went out, whether the request
//! itself was sent, the readable headers, and the console message.

use std::fmt::Write as _;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use cors_runtime::test::{Credentials, EventSource, Fetch, Outcome, Page, Xhr};
use serde_json::{json, Value};

use crate::app::{Log, API};
use crate::harness::Browser;
use crate::Verdicts;

/// `XMLHttpRequest`: `open(method, url)`, `withCredentials`, the headers, `send(body)`;
/// resolves as [`FETCH`] does.
pub(crate) const XHR: &str = r#"
const [url, method, headers, body, withCredentials, read, done] = arguments;
const xhr = new XMLHttpRequest();
xhr.open(method, url);
xhr.withCredentials = withCredentials;
for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
xhr.onload = () => done({ outcome: "readable", status: xhr.status, body: xhr.responseText,
  headers: Object.fromEntries(read.map((h) => [h, xhr.getResponseHeader(h)])) });
xhr.onerror = () => done({ outcome: "blocked" });
xhr.send(body);
"#;

/// `new EventSource(url, {withCredentials})`; resolves with the first message's data, or
/// `blocked` (a script never sees an event stream's status or headers).
pub(crate) const EVENT_SOURCE: &str = r#"
const [url, withCredentials, done] = arguments;
const source = new EventSource(url, { withCredentials });
source.onmessage = (e) => { source.close(); done({ outcome: "readable", body: e.data }); };
source.onerror = () => { source.close(); done({ outcome: "blocked" }); };
"#;

/// Which script API a case calls with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    Fetch,
    /// `XMLHttpRequest`; `withCredentials` when the case's credentials are `Include`.
    Xhr,
    /// `EventSource` (a `GET`); `withCredentials` when the case's credentials are `Include`.
    EventSource,
}

/// `fetch(url, init)`; resolves with what the page could read, or `blocked`.
pub(crate) const FETCH: &str = r#"
const [url, init, read, done] = arguments;
fetch(url, init).then(
  async (r) => done({ outcome: "readable", status: r.status, body: await r.text(),
                      headers: Object.fromEntries(read.map((h) => [h, r.headers.get(h)])) }),
  (e) => done({ outcome: "blocked", error: String(e) }));
"#;

/// The app as the kit calls it: what `actix_web::test::init_service` returns.
pub(crate) trait KitApp<B>:
    Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>
{
}

impl<S, B> KitApp<B> for S where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>
{
}

/// One `fetch` a page makes.
pub(crate) struct Case<'a> {
    /// What the verdicts call it.
    pub(crate) name: &'a str,
    pub(crate) api: Api,
    pub(crate) path: &'a str,
    pub(crate) method: &'a str,
    pub(crate) headers: &'a [(&'a str, &'a str)],
    pub(crate) credentials: Credentials,
    pub(crate) body: Option<&'a str>,
    /// Response headers the script tries to read.
    pub(crate) read: &'a [&'a str],
}

impl Case<'_> {
    /// The `init` argument of `fetch`.
    fn init(&self) -> Value {
        let mut init = json!({ "method": self.method });
        init["credentials"] = json!(match self.credentials {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        });
        if !self.headers.is_empty() {
            init["headers"] = json!(self
                .headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), json!(v)))
                .collect::<serde_json::Map<_, _>>());
        }
        if let Some(body) = self.body {
            init["body"] = json!(body);
        }
        init
    }

    fn with_credentials(&self) -> bool {
        self.credentials == Credentials::Include
    }

    /// The script and its arguments that make this call in a browser.
    fn script(&self) -> (&'static str, Vec<Value>) {
        let url = json!(format!("{API}{}", self.path));
        match self.api {
            Api::Fetch => (FETCH, vec![url, self.init(), json!(self.read)]),
            Api::Xhr => (
                XHR,
                vec![
                    url,
                    json!(self.method),
                    json!(self
                        .headers
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), json!(v)))
                        .collect::<serde_json::Map<_, _>>()),
                    json!(self.body),
                    json!(self.with_credentials()),
                    json!(self.read),
                ],
            ),
            Api::EventSource => (EVENT_SOURCE, vec![url, json!(self.with_credentials())]),
        }
    }

    /// The same call through the kit.
    async fn kit<S, B>(&self, page: &Page, app: &S) -> Outcome
    where
        S: KitApp<B>,
        B: MessageBody,
    {
        let url = format!("{API}{}", self.path);
        match self.api {
            Api::Fetch => {
                let mut fetch = Fetch::new(self.method, &url).credentials(self.credentials);
                for (name, value) in self.headers {
                    fetch = fetch.header(name, value);
                }
                if let Some(body) = self.body {
                    fetch = fetch.body(body);
                }
                page.fetch(app, fetch).await
            }
            Api::Xhr => {
                let mut xhr = Xhr::new(self.method, &url).with_credentials(self.with_credentials());
                for (name, value) in self.headers {
                    xhr = xhr.header(name, value);
                }
                if let Some(body) = self.body {
                    xhr = xhr.body(body);
                }
                page.fetch(app, xhr).await
            }
            Api::EventSource => {
                page.fetch(
                    app,
                    EventSource::new(&url).with_credentials(self.with_credentials()),
                )
                .await
            }
        }
    }
}

/// What the browser did with one case.
pub(crate) struct Seen {
    /// What the page's script got.
    pub(crate) result: Value,
    /// The console's message for it, if it was blocked.
    pub(crate) message: Option<String>,
}

/// Runs `case` in the browser (on the page it has open, whose origin is `page`'s) and through
/// the kit, and records in `v` whether they agree.
pub(crate) async fn judge<S, B>(
    browser: &Browser,
    log: &Log,
    page: &Page,
    app: &S,
    case: &Case<'_>,
    v: &mut Verdicts,
) -> Seen
where
    S: KitApp<B>,
    B: MessageBody,
{
    let before = log.to(case.path).len();
    browser.console().await; // what came before is not this case's
    let (script, args) = case.script();
    let result = browser.run(script, args).await;
    let message = if result["outcome"] == "readable" {
        // Only a line naming this call counts: an earlier call's can arrive late.
        let url = format!("{API}{}", case.path);
        browser
            .console()
            .await
            .into_iter()
            .find(|line| line.contains(&url))
    } else {
        browser
            .message_for_blocked(&format!("{API}{}", case.path))
            .await
    };
    let sent: Vec<String> = log
        .to(case.path)
        .into_iter()
        .skip(before)
        .map(|s| s.method)
        .collect();
    let kit = case.kit(page, app).await;

    let browser_readable = result["outcome"] == "readable";
    let preflights = sent.iter().filter(|m| *m == "OPTIONS").count();
    let actual_sent = sent.iter().any(|m| m != "OPTIONS");
    let mut disagreements = String::new();
    if kit.is_readable() != browser_readable {
        let _ = write!(
            disagreements,
            " verdict: kit readable={} browser readable={browser_readable};",
            kit.is_readable()
        );
    }
    if usize::from(kit.preflight().is_some()) != preflights {
        let _ = write!(
            disagreements,
            " preflights: kit {} browser {preflights};",
            usize::from(kit.preflight().is_some())
        );
    }
    if kit.response().is_some() != actual_sent {
        let _ = write!(
            disagreements,
            " request sent: kit {} browser {actual_sent};",
            kit.response().is_some()
        );
    }
    // A script never sees an event stream's status.
    if browser_readable && case.api != Api::EventSource {
        let kit_status = kit.status().map(|status| u64::from(status.as_u16()));
        if kit_status != result["status"].as_u64() {
            let _ = write!(
                disagreements,
                " status: kit {kit_status:?} browser {};",
                result["status"]
            );
        }
        for name in case.read {
            let browser_value = result["headers"][name].as_str();
            if kit.header(name) != browser_value {
                let _ = write!(
                    disagreements,
                    " header {name}: kit {:?} browser {browser_value:?};",
                    kit.header(name)
                );
            }
        }
    }
    let kit_message = (!kit.is_readable()).then(|| kit.to_string());
    if kit_message != message {
        let _ = write!(
            disagreements,
            "\n    console: kit     {kit_message:?}\n             browser {message:?}"
        );
    }
    v.check(
        &format!("the kit agrees with {:?}: {}", browser.engine, case.name),
        disagreements.is_empty(),
        if disagreements.is_empty() {
            format!(
                "{} ({preflights} preflight(s))",
                message.as_deref().unwrap_or("readable")
            )
        } else {
            disagreements
        },
    );
    Seen { result, message }
}

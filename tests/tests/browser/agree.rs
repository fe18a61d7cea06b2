//! Each `fetch` case of the browser suite, run twice: in a real browser (each engine in
//! turn), and through `cors_runtime::test`, answering as that engine, against the same app
//! in process. They must agree on everything a
//! developer sees: readable or blocked, how many preflights went out, whether the request
//! itself was sent, the readable headers, and the console message.

use std::fmt::Write as _;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use cors_runtime::test::{Credentials, Fetch, Page};
use serde_json::{json, Value};

use crate::app::{Log, API};
use crate::harness::Browser;
use crate::Verdicts;

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

    fn fetch(&self) -> Fetch {
        let mut fetch =
            Fetch::new(self.method, &format!("{API}{}", self.path)).credentials(self.credentials);
        for (name, value) in self.headers {
            fetch = fetch.header(name, value);
        }
        if let Some(body) = self.body {
            fetch = fetch.body(body);
        }
        fetch
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
    let result = browser
        .run(
            FETCH,
            vec![
                json!(format!("{API}{}", case.path)),
                case.init(),
                json!(case.read),
            ],
        )
        .await;
    let mut messages = browser.console().await;
    // The console's entry can trail the rejected promise by an event or two: ask again
    // (each ask is a round trip to the driver), a bounded number of times.
    for _ in 0..50 {
        if result["outcome"] == "readable" || !messages.is_empty() {
            break;
        }
        messages = browser.console().await;
    }
    let sent: Vec<String> = log
        .to(case.path)
        .into_iter()
        .skip(before)
        .map(|s| s.method)
        .collect();
    let kit = page.fetch(app, case.fetch()).await;

    let browser_readable = result["outcome"] == "readable";
    let preflights = sent.iter().filter(|m| *m == "OPTIONS").count();
    let actual_sent = sent.iter().any(|m| m != "OPTIONS");
    let message = messages.first().cloned();
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
    if browser_readable {
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

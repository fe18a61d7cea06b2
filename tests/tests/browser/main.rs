//! A real browser is the judge: Chromium, Firefox ESR and WebKitGTK each call `#[cors]`
//! routes across origins, and each case checks what the page could do and what the server
//! received, and that the test kit, answering as that engine, says the same.
//!
//! Needs Debian's `chromium` and `chromium-driver`, `firefox-esr` with `geckodriver` (built by
//! `cargo install geckodriver`), and `webkit2gtk-driver` with `xvfb` and `python3-gi`
//! (`.ci/run` installs them all). Without an engine its tests say so loudly and pass, except
//! in CI (`CI` set), where a missing engine fails.

mod agree;
mod app;
mod forged;
mod harness;
mod proxy;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use agree::{Api, Case, FETCH};
use app::{Log, API, ENV_API, ENV_VAR, PAGE, STRANGER};
use cors_runtime::test::{Credentials, Fetch, Page};
use harness::{Browser, Engine};
use serde_json::{json, Value};

/// A `fetch` from a sandboxed iframe, whose origin is `null`.
const SANDBOXED: &str = r#"
const [url, done] = arguments;
window.addEventListener("message", (e) => done(e.data), { once: true });
const frame = document.createElement("iframe");
frame.sandbox = "allow-scripts";
frame.srcdoc = "<script>fetch(" + JSON.stringify(url) + ").then("
  + "(r) => parent.postMessage({ outcome: 'readable', status: r.status }, '*'),"
  + "(e) => parent.postMessage({ outcome: 'blocked', error: String(e) }, '*'));<\/script>";
document.body.appendChild(frame);
"#;

/// The cases' verdicts, reported all at once at the end.
#[derive(Default)]
struct Verdicts {
    failures: Vec<String>,
    /// Cases run through both Chromium and the kit, and how many they agreed on.
    judged: usize,
    agreed: usize,
}

impl Verdicts {
    fn check(&mut self, case: &str, ok: bool, detail: impl std::fmt::Display) {
        if case.starts_with("the kit agrees with ") {
            self.judged += 1;
            self.agreed += usize::from(ok);
        }
        println!("{} {case}: {detail}", if ok { "pass" } else { "FAIL" });
        if !ok {
            self.failures.push(format!("{case}: {detail}"));
        }
    }
}

fn outcome(result: &Value) -> &str {
    result["outcome"].as_str().unwrap_or("?")
}

/// Requests to `path` that carried a cookie, by method.
fn with_cookie(log: &Log, path: &str) -> Vec<(String, bool)> {
    log.to(path)
        .into_iter()
        .map(|s| (s.method, s.cookie))
        .collect()
}

/// Serves the API whose origins come from the process environment, for
/// [`a_real_browser_does_what_the_policies_say`], which runs this test binary again with
/// `BROWSER_API_ORIGINS` set: a variable is read once per process, so it must be in the
/// environment of a process of its own. Prints `SERVING <port> <source>`, then serves until
/// its standard input closes.
#[test]
#[ignore = "run as a child process by the browser test"]
fn env_api_child() {
    if std::env::var_os("BROWSER_ENV_CHILD").is_none() {
        return;
    }
    let served = actix_web::rt::System::new().block_on(async {
        let (port, source, server) = app::env_api()?;
        println!("SERVING {port} {source:?}");
        // The parent closes our standard input when it is done, or by dying.
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            std::process::exit(0);
        });
        server.await
    });
    if let Err(err) = served {
        println!("FAILED {err}");
    }
}

/// The process serving the env API.
struct EnvApi {
    child: Child,
    /// The port it serves on and where it says its origins came from (`Environment`), or
    /// what it printed instead.
    served: Result<(u16, String), String>,
}

/// Starts [`env_api_child`] with `origins` in `BROWSER_API_ORIGINS`.
fn start_env_api(origins: &str) -> std::io::Result<EnvApi> {
    let mut child = Command::new(std::env::current_exe()?)
        .args([
            "--exact",
            "env_api_child",
            "--include-ignored",
            "--nocapture",
        ])
        .env("BROWSER_ENV_CHILD", "1")
        .env(ENV_VAR, origins)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().expect("piped");
    let mut said = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(rest) = line.strip_prefix("SERVING ") {
            let (port, source) = rest.split_once(' ').unwrap_or((rest, ""));
            let served = port
                .parse()
                .map(|port| (port, source.to_owned()))
                .map_err(|_| line.clone());
            return Ok(EnvApi { child, served });
        }
        said.push(line);
    }
    Ok(EnvApi {
        child,
        served: Err(said.join("\n")),
    })
}

/// A `fetch` case with the defaults: `GET`, no headers, `credentials: "same-origin"`.
fn case<'a>(name: &'a str, path: &'a str) -> Case<'a> {
    Case {
        name,
        api: Api::Fetch,
        path,
        method: "GET",
        headers: &[],
        credentials: Credentials::SameOrigin,
        body: None,
        read: &[],
    }
}

#[actix_web::test]
async fn chromium_does_what_the_policies_say() -> std::io::Result<()> {
    the_policies_in(Engine::Chromium).await
}

#[actix_web::test]
async fn firefox_does_what_the_policies_say() -> std::io::Result<()> {
    the_policies_in(Engine::Firefox).await
}

#[actix_web::test]
async fn webkit_does_what_the_policies_say() -> std::io::Result<()> {
    the_policies_in(Engine::WebKit).await
}

/// The whole suite in one engine: each case in the browser, and through the kit answering
/// as that engine.
// One script, case after case, in the order a reader follows the README.
#[allow(clippy::too_many_lines)]
async fn the_policies_in(engine: Engine) -> std::io::Result<()> {
    if !harness::available(engine) {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let (api_port, api, log) = app::start_api()?;
    let (page_port, page) = app::start_page()?;
    // The same app in process, for the test kit to call as the browser calls the server.
    let kit_app = actix_web::test::init_service(actix_web::App::new().configure(app::routes)).await;
    let kit_page = Page::at(PAGE).engine(engine);
    // The page's origin reaches this API through the process environment only.
    let EnvApi {
        child: mut env_child,
        served: env_served,
    } = start_env_api(&format!("{PAGE}, https://other.example"))?;
    let env_port = env_served.as_ref().map_or(0, |(port, _)| *port);
    let hosts = [
        ("page.site.example.com:80", page_port),
        ("stranger.example:80", page_port),
        ("api.site.example.com:80", api_port),
        ("env.site.example.com:80", env_port),
        ("fqdn.site.example.com.:80", page_port),
        ("a.sub.site.example.com.:80", page_port),
    ];
    let browser = Browser::start(engine, &hosts).await;
    browser
        .client
        .goto(&format!("{PAGE}/"))
        .await
        .expect("open the page");
    let mut v = Verdicts::default();
    macro_rules! judge {
        ($page:expr, $case:expr) => {
            agree::judge(&browser, &log, $page, &kit_app, &$case, &mut v).await
        };
    }

    // Credentialed fetch from an allowed origin: readable, and the cookie travels.
    let login = judge!(
        &kit_page,
        Case {
            method: "POST",
            credentials: Credentials::Include,
            ..case("login", "/login")
        }
    )
    .result;
    v.check("login sets a cookie", outcome(&login) == "readable", &login);
    let me = judge!(
        &kit_page,
        Case {
            credentials: Credentials::Include,
            ..case("credentialed GET", "/me/credentialed")
        }
    )
    .result;
    v.check(
        "credentialed fetch from an allowed origin is readable",
        outcome(&me) == "readable" && me["body"] == "you are browser-test",
        &me,
    );
    v.check(
        "the cookie reached the server",
        with_cookie(&log, "/me/credentialed") == [("GET".to_owned(), true)],
        format!("{:?}", log.to("/me/credentialed")),
    );

    // Origins from the process environment: the child serving this API was started with the
    // page's origin in `BROWSER_API_ORIGINS`; the policy's default grants no page here.
    v.check(
        "the env API read its origins from the environment",
        env_served
            .as_ref()
            .is_ok_and(|(_, source)| source == "Environment"),
        format!("{env_served:?}"),
    );
    let env_url = json!(format!("{ENV_API}/env/me"));
    let from_env = browser
        .run(
            FETCH,
            vec![
                env_url.clone(),
                json!({"credentials": "include"}),
                json!([]),
            ],
        )
        .await;
    v.check(
        "a credentialed fetch from an origin the environment lists is readable",
        outcome(&from_env) == "readable" && from_env["body"] == "allowed by the environment",
        &from_env,
    );

    // Any-origin route: readable without credentials; with them the spec blocks `*`.
    let plain = judge!(&kit_page, case("any origin", "/public/plain")).result;
    v.check(
        "any-origin without credentials is readable",
        outcome(&plain) == "readable",
        &plain,
    );
    let cred = judge!(
        &kit_page,
        Case {
            credentials: Credentials::Include,
            ..case("any origin with credentials", "/public/credentialed")
        }
    )
    .result;
    v.check(
        "any-origin with credentials is blocked",
        outcome(&cred) == "blocked",
        &cred,
    );

    // A JSON PUT with a custom header: one preflight, then the request with the cookie.
    let json_put = |name, path| Case {
        method: "PUT",
        credentials: Credentials::Include,
        headers: &[("content-type", "application/json"), ("x-csrf-token", "t")],
        body: Some("{\"n\":1}"),
        ..case(name, path)
    };
    let put = judge!(&kit_page, json_put("JSON PUT", "/items/put-json")).result;
    v.check(
        "preflighted JSON PUT is readable",
        outcome(&put) == "readable",
        &put,
    );
    v.check(
        "one preflight without cookies, then the PUT with them",
        with_cookie(&log, "/items/put-json")
            == [("OPTIONS".to_owned(), false), ("PUT".to_owned(), true)],
        format!("{:?}", log.to("/items/put-json")),
    );

    // A request header the policy does not allow: the preflight is refused, no PUT is sent.
    let refused = judge!(
        &kit_page,
        Case {
            method: "PUT",
            credentials: Credentials::Include,
            headers: &[("content-type", "application/json"), ("x-debug", "1")],
            body: Some("{}"),
            ..case("a header not listed", "/items/bad-header")
        }
    );
    v.check(
        "a header the policy does not list is blocked",
        outcome(&refused.result) == "blocked",
        &refused.result,
    );
    v.check(
        "the refused PUT never reaches the server",
        log.methods("/items/bad-header") == ["OPTIONS"],
        format!("{:?}", log.methods("/items/bad-header")),
    );

    // max_age = 600: the second call reuses the cached preflight. max_age = 0: it does not.
    for _ in 0..2 {
        judge!(&kit_page, json_put("max_age = 600", "/items/cached"));
    }
    v.check(
        "max_age caches the preflight",
        log.methods("/items/cached") == ["OPTIONS", "PUT", "PUT"],
        format!("{:?}", log.methods("/items/cached")),
    );
    for _ in 0..2 {
        judge!(
            &kit_page,
            Case {
                method: "PUT",
                credentials: Credentials::Include,
                headers: &[("content-type", "application/json")],
                body: Some("{}"),
                ..case("max_age = 0", "/uncached/twice")
            }
        );
    }
    v.check(
        "max_age = 0 preflights every time",
        log.methods("/uncached/twice") == ["OPTIONS", "PUT", "OPTIONS", "PUT"],
        format!("{:?}", log.methods("/uncached/twice")),
    );

    // Exposed response headers are readable; others are not.
    let report = judge!(
        &kit_page,
        Case {
            read: &["x-report-id", "x-internal", "content-type"],
            ..case("exposed headers", "/report/headers")
        }
    )
    .result;
    v.check(
        "an exposed header is readable and an unexposed one is not",
        report["headers"]["x-report-id"] == "r-42" && report["headers"]["x-internal"].is_null(),
        &report,
    );

    // XMLHttpRequest and EventSource, with and without credentials.
    let xhr = judge!(
        &kit_page,
        Case {
            api: Api::Xhr,
            credentials: Credentials::Include,
            ..case("XMLHttpRequest withCredentials", "/me/xhr")
        }
    )
    .result;
    v.check(
        "XMLHttpRequest withCredentials is readable",
        outcome(&xhr) == "readable" && xhr["body"] == "you are browser-test",
        &xhr,
    );
    let anonymous = judge!(
        &kit_page,
        Case {
            api: Api::Xhr,
            ..case(
                "XMLHttpRequest without withCredentials",
                "/me/xhr-anonymous"
            )
        }
    )
    .result;
    v.check(
        "XMLHttpRequest without withCredentials sends no cookie",
        anonymous["status"] == 401
            && with_cookie(&log, "/me/xhr-anonymous") == [("GET".to_owned(), false)],
        &anonymous,
    );
    judge!(
        &kit_page,
        Case {
            api: Api::Xhr,
            method: "PUT",
            credentials: Credentials::Include,
            headers: &[("content-type", "application/json")],
            body: Some("{\"n\":3}"),
            ..case("a preflighted XMLHttpRequest PUT", "/items/xhr-put")
        }
    );
    judge!(
        &kit_page,
        Case {
            api: Api::Xhr,
            credentials: Credentials::Include,
            ..case(
                "XMLHttpRequest withCredentials to any origin",
                "/public/xhr-credentialed"
            )
        }
    );
    let sse = judge!(
        &kit_page,
        Case {
            api: Api::EventSource,
            credentials: Credentials::Include,
            ..case("EventSource withCredentials", "/events/sse")
        }
    )
    .result;
    v.check(
        "EventSource withCredentials receives the event",
        outcome(&sse) == "readable" && sse["body"] == "hello browser-test",
        &sse,
    );
    v.check(
        "EventSource sent the cookie",
        log.to("/events/sse").first().is_some_and(|s| s.cookie),
        format!("{:?}", log.to("/events/sse")),
    );
    let anonymous_sse = judge!(
        &kit_page,
        Case {
            api: Api::EventSource,
            ..case("EventSource without withCredentials", "/events/anonymous")
        }
    )
    .result;
    v.check(
        "EventSource without withCredentials sends no cookie",
        anonymous_sse["body"] == "hello nobody",
        &anonymous_sse,
    );

    // An error response from an allowed origin is still readable.
    let missing = judge!(
        &kit_page,
        Case {
            credentials: Credentials::Include,
            ..case("a 404 with the grant", "/missing/error")
        }
    )
    .result;
    v.check(
        "a 404 from an allowed origin is readable",
        outcome(&missing) == "readable"
            && missing["status"] == 404
            && missing["body"] == "no such item",
        &missing,
    );

    // A sandboxed iframe sends `Origin: null`, which the policy does not allow.
    browser.console().await; // what came before is not this case's
    let sandboxed = browser
        .run(SANDBOXED, vec![json!(format!("{API}/page-only/sandboxed"))])
        .await;
    v.check(
        "a sandboxed iframe (Origin: null) is blocked",
        outcome(&sandboxed) == "blocked",
        &sandboxed,
    );
    // The same call through the kit, from a page whose origin is `null`: the same verdict,
    // no preflight, the request sent. (The driver's log holds the top page's console only,
    // so the iframe's message cannot be compared here.)
    let kit_null = Page::at("null")
        .engine(engine)
        .fetch(&kit_app, Fetch::get(&format!("{API}/page-only/sandboxed")))
        .await;
    v.check(
        &format!("the kit agrees with {engine:?}: a sandboxed iframe (Origin: null)"),
        !kit_null.is_readable()
            && kit_null.preflight().is_none()
            && kit_null.response().is_some()
            && log.methods("/page-only/sandboxed") == ["GET"],
        &kit_null,
    );
    v.check(
        "the sandboxed request said Origin: null",
        log.to("/page-only/sandboxed")
            .first()
            .and_then(|s| s.origin.clone())
            .as_deref()
            == Some("null"),
        format!("{:?}", log.to("/page-only/sandboxed")),
    );

    // The "When the browser says no" rows, in each form a policy is written in.
    console_rows(&browser, &log, &kit_page, &kit_app, &mut v).await;
    raw_cases(&browser, &log, &kit_page, &kit_app, &mut v).await;

    // The same credentialed call from an origin the policy does not list.
    browser
        .client
        .goto(&format!("{STRANGER}/"))
        .await
        .expect("open the stranger's page");
    let stranger_page = Page::at(STRANGER).engine(engine);
    let stranger = judge!(
        &stranger_page,
        Case {
            credentials: Credentials::Include,
            ..case("an origin not in the policy", "/me/stranger")
        }
    )
    .result;
    v.check(
        "an origin the policy does not list is blocked",
        outcome(&stranger) == "blocked",
        &stranger,
    );
    v.check(
        "the stranger's simple request still arrived (CORS guards reading, not sending)",
        log.to("/me/stranger")
            .first()
            .and_then(|s| s.origin.clone())
            .as_deref()
            == Some(STRANGER),
        format!("{:?}", log.to("/me/stranger")),
    );
    for (api, path) in [
        (Api::Xhr, "/me/xhr-stranger"),
        (Api::EventSource, "/events/stranger"),
    ] {
        let seen = judge!(
            &stranger_page,
            Case {
                api,
                credentials: Credentials::Include,
                ..case(&format!("{api:?} from an origin not in the policy"), path)
            }
        );
        v.check(
            &format!("{api:?} from an origin not in the policy is blocked"),
            outcome(&seen.result) == "blocked",
            &seen.result,
        );
    }
    for form in ["attr", "named", "mw"] {
        let path = format!("/form/{form}/stranger");
        let seen = judge!(
            &stranger_page,
            Case {
                method: "PUT",
                credentials: Credentials::Include,
                headers: &[("content-type", "application/json")],
                ..case(&format!("an origin not in the policy ({form})"), &path)
            }
        );
        v.check(
            &format!("a stranger's preflight gets no grant ({form})"),
            seen.message.as_deref().is_some_and(|m| {
                m.contains(match engine {
                    Engine::Firefox => "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.",
                    // WebKit checks the preflight's status before its headers (Chromium and
                    // Firefox the other way round), so it names the 403, not the origin.
                    Engine::WebKit => "Preflight response is not successful. Status code: 403",
                    _ => "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                })
            }),
            format!("{:?}", seen.message),
        );
    }

    let env_stranger = browser
        .run(
            FETCH,
            vec![env_url, json!({"credentials": "include"}), json!([])],
        )
        .await;
    v.check(
        "an origin the environment does not list is blocked",
        outcome(&env_stranger) == "blocked",
        &env_stranger,
    );

    // A plain actix-web scope under `Cors::from(LEGACY)` middleware: the JSON PUT is
    // preflighted, the middleware answers, and the PUT goes with the cookie.
    browser
        .client
        .goto(&format!("{PAGE}/"))
        .await
        .expect("open the page again");
    let legacy = judge!(
        &kit_page,
        Case {
            method: "PUT",
            credentials: Credentials::Include,
            headers: &[("content-type", "application/json")],
            body: Some("{\"n\":2}"),
            ..case("Cors::from middleware", "/legacy/item/json")
        }
    )
    .result;
    v.check(
        "a preflighted PUT through Cors::from scope middleware is readable",
        outcome(&legacy) == "readable" && legacy["body"] == "legacy stored {\"n\":2}",
        &legacy,
    );
    v.check(
        "the middleware answered the preflight and the PUT carried the cookie",
        with_cookie(&log, "/legacy/item/json")
            == [("OPTIONS".to_owned(), false), ("PUT".to_owned(), true)],
        format!("{:?}", with_cookie(&log, "/legacy/item/json")),
    );

    // A page on a fully qualified name (`http://fqdn.site.example.com./`) sends its origin with the
    // trailing dot, as the URL standard serialises it; the exact entry and the pattern
    // written with the dot both match it.
    for (page_origin, case_name) in [
        ("http://fqdn.site.example.com.", "exact"),
        ("http://a.sub.site.example.com.", "pattern"),
    ] {
        browser
            .client
            .goto(&format!("{page_origin}/"))
            .await
            .expect("open the fully qualified page");
        let path = format!("/fqdn/{case_name}");
        let fqdn_page = Page::at(page_origin).engine(engine);
        let read = judge!(
            &fqdn_page,
            case(&format!("a fully qualified page ({case_name})"), &path)
        )
        .result;
        let sent = log.to(&path).first().and_then(|s| s.origin.clone());
        v.check(
            &format!("a page on a fully qualified name sends its trailing dot ({case_name})"),
            sent.as_deref() == Some(page_origin),
            format!("{sent:?}"),
        );
        v.check(
            &format!("an entry with the trailing dot grants that page ({case_name})"),
            outcome(&read) == "readable",
            &read,
        );
    }

    // Forged requests: from two kinds of other site they never run a handler; from the
    // page and from the API's own page they do.
    let loopback_api = format!("http://localhost:{api_port}");
    let pages = [
        forged::From {
            what: "another site, no Sec-Fetch-Site",
            origin: STRANGER.to_owned(),
            path: "/",
            api: API.to_owned(),
            runs: false,
        },
        forged::From {
            what: "another site, Sec-Fetch-Site",
            origin: format!("http://127.0.0.1:{page_port}"),
            path: "/",
            api: loopback_api.clone(),
            runs: false,
        },
        forged::From {
            what: "the allowed page",
            origin: PAGE.to_owned(),
            path: "/",
            api: API.to_owned(),
            runs: true,
        },
        forged::From {
            what: "the API's own page",
            origin: API.to_owned(),
            path: "/forged/self",
            api: API.to_owned(),
            runs: true,
        },
        forged::From {
            what: "the API's own page on loopback",
            origin: loopback_api.clone(),
            path: "/forged/self",
            api: loopback_api,
            runs: true,
        },
    ];
    forged::forged_cases(&browser, &log, &kit_app, &pages, &mut v).await;

    let _ = browser.client.close().await;
    api.stop(true).await;
    page.stop(true).await;
    // Closing its standard input stops the env API's process.
    drop(env_child.stdin.take());
    let _ = env_child.wait();
    println!(
        "browser suite in {engine:?} took {:.1} s; the kit agreed on {} of {} cases",
        started.elapsed().as_secs_f64(),
        v.agreed,
        v.judged
    );
    assert!(
        v.failures.is_empty(),
        "browser cases failed:\n{}",
        v.failures.join("\n")
    );
    Ok(())
}

/// A hand-written handler's answers (`app::raw`), for the test kit's every other message and
/// rule: each must agree with Chromium.
// Mostly the table of cases.
#[allow(clippy::too_many_lines)]
async fn raw_cases<S, B>(
    browser: &Browser,
    log: &Log,
    kit_page: &Page,
    kit_app: &S,
    v: &mut Verdicts,
) where
    S: agree::KitApp<B>,
    B: actix_web::body::MessageBody,
{
    let json = &[("content-type", "application/json")][..];
    let long_accept = "a".repeat(129);
    let cases = [
        case("ACAO for another origin", "/raw/mismatch/1"),
        case("two origins in ACAO", "/raw/multiple/1"),
        case("ACAO that is no origin", "/raw/invalid/1"),
        Case {
            method: "PUT",
            headers: json,
            ..case("a preflight's ACAO for another origin", "/raw/mismatch/2")
        },
        Case {
            method: "PUT",
            headers: json,
            ..case("a preflight's two origins in ACAO", "/raw/multiple/2")
        },
        Case {
            credentials: Credentials::Include,
            ..case("ACAC: True", "/raw/true-case/1")
        },
        Case {
            method: "PUT",
            headers: json,
            ..case("a 403 preflight with the grant", "/raw/preflight-403/1")
        },
        Case {
            method: "DELETE",
            credentials: Credentials::Include,
            ..case("ACAM * with credentials", "/raw/star-methods/1")
        },
        Case {
            method: "DELETE",
            credentials: Credentials::Include,
            ..case("ACAM * with credentials", "/raw/star-methods/1")
        },
        Case {
            method: "DELETE",
            ..case("ACAM * without credentials", "/raw/star-methods/2")
        },
        Case {
            headers: &[("authorization", "Bearer x")],
            ..case("ACAH * and authorization", "/raw/star-headers/1")
        },
        Case {
            headers: &[("x-foo", "1")],
            ..case("ACAH * and a custom header", "/raw/star-headers/2")
        },
        Case {
            method: "PUT",
            ..case("an unparsable ACAM", "/raw/bad-methods/1")
        },
        Case {
            read: &["x-custom", "content-type"],
            ..case("ACEH * without credentials", "/raw/expose-star/1")
        },
        Case {
            read: &["x-custom", "content-type"],
            credentials: Credentials::Include,
            ..case("ACEH * with credentials", "/raw/expose-star/2")
        },
        Case {
            method: "PUT",
            headers: json,
            ..case("a redirected preflight", "/raw/redirect/1")
        },
        Case {
            method: "POST",
            headers: &[("content-type", "text/plain;charset=UTF-8")],
            body: Some("hi"),
            ..case("a safelisted content-type", "/raw/plain/1")
        },
        Case {
            method: "POST",
            headers: &[("content-type", "text/plain; charset=\"utf-8\"")],
            body: Some("hi"),
            ..case("a content-type with a quote", "/raw/plain/2")
        },
        Case {
            headers: &[("range", "bytes=0-")],
            ..case("a simple range", "/raw/plain/3")
        },
        Case {
            headers: &[("accept", &long_accept)],
            ..case("a 129-byte accept", "/raw/plain/4")
        },
        Case {
            method: "patch",
            ..case("a lower-case patch", "/raw/methods/1")
        },
        Case {
            method: "PATCH",
            ..case("an upper-case PATCH", "/raw/methods/2")
        },
    ];
    for row in &cases {
        let seen = agree::judge(browser, log, kit_page, kit_app, row, v).await;
        if row.path == "/raw/star-headers/1" {
            // The Fetch standard never lets `*` cover `Authorization`; all three engines
            // still do (Firefox with a deprecation warning), and the kit answers as each.
            v.check(
                &format!(
                    "{:?} lets `Access-Control-Allow-Headers: *` cover authorization",
                    browser.engine
                ),
                outcome(&seen.result) == "readable",
                &seen.result,
            );
        }
    }
}

/// Every row of "When the browser says no", in each form a policy is written in: Chromium's
/// console must name the real cause, and the kit must say the same.
async fn console_rows<S, B>(
    browser: &Browser,
    log: &Log,
    kit_page: &Page,
    kit_app: &S,
    v: &mut Verdicts,
) where
    S: agree::KitApp<B>,
    B: actix_web::body::MessageBody,
{
    // Each engine's words for each cause: what a developer reads in that engine's console.
    let (wildcard, no_credentials, header, method) = match browser.engine {
        Engine::Firefox => (
            "(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
            "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
            "(Reason: header ‘x-debug’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
            "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
        ),
        Engine::WebKit => (
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            "Request header field x-debug is not allowed by Access-Control-Allow-Headers.",
            "Method DELETE is not allowed by Access-Control-Allow-Methods.",
        ),
        _ => (
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
            "Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response.",
            "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
        ),
    };
    let mut rows = Vec::new();
    for form in ["attr", "named", "mw", "actix-cors"] {
        let header_path = format!("/form/{form}/x-debug");
        let method_path = format!("/form/{form}/delete");
        let nocred_path = format!("/form/{form}-nocred/credentials");
        let any_path = format!("/form/{form}-any/credentials");
        let mut cases = vec![
            (
                Case {
                    method: "PUT",
                    credentials: Credentials::Include,
                    headers: &[("content-type", "application/json"), ("x-debug", "1")],
                    ..case("", &header_path)
                },
                header,
            ),
            (
                Case {
                    method: "DELETE",
                    credentials: Credentials::Include,
                    ..case("", &method_path)
                },
                method,
            ),
        ];
        if form != "actix-cors" {
            cases.push((
                Case {
                    credentials: Credentials::Include,
                    ..case("", &nocred_path)
                },
                no_credentials,
            ));
            cases.push((
                Case {
                    credentials: Credentials::Include,
                    ..case("", &any_path)
                },
                wildcard,
            ));
        }
        for (mut row, cause) in cases {
            let name = format!("{} {} ({form})", row.method, row.path);
            row.name = &name;
            let seen = agree::judge(browser, log, kit_page, kit_app, &row, v).await;
            let said = seen.message.unwrap_or_default();
            rows.push(format!("| {form} | {} {} | {said} |", row.method, row.path));
            if form == "actix-cors" {
                // actix-cors refuses with a bare 400: Chromium blames the origin, and the
                // kit must say so too (the agreement above).
                continue;
            }
            v.check(
                &format!("the console names the cause: {name}"),
                said.contains(cause),
                &said,
            );
        }
    }
    println!("console messages, per form:\n{}", rows.join("\n"));
}
/// Where the demo test serves the page: not the policies' default, so the grant can only
/// come from the deployment value.
const DEMO_PAGE_ORIGIN: &str = "http://localhost:9001";

/// The demo's rows: eleven CORS calls, the four calls CORS does not stop from the page
/// (each runs its handler), and the same four from another site (each refused).
const DEMO_ROWS: usize = 19;

/// What the deployment hands the API's policies for the page (`DEMO_PAGE_ORIGIN`).
const SUPPLIED_PAGE_ORIGIN: &str = DEMO_PAGE_ORIGIN;

/// The README's demo, opened in each engine on free ports, with every row as its policy
/// says, the page's origin supplied by the deployment. Writes the screenshot to `demo.png` in `CARGO_TARGET_TMPDIR`, and to `docs/demo.png` with
/// `UPDATE_SCREENSHOT=1`.
#[actix_web::test]
async fn the_demo_page_shows_every_call_doing_what_its_policy_says() -> std::io::Result<()> {
    use actix_web::{App, HttpServer};
    // The page is served on port 9001, not the 8081 of the policies' default: its origin
    // reaches the API's policies as `demo -- --page-port 9001` hands it over, through
    // `DEMO_PAGE_ORIGINS`, checked before the API serves.
    cors_runtime::env::supply(examples::api::PAGE_ORIGINS_VAR, [SUPPLIED_PAGE_ORIGIN])
        .expect("supplied before anything reads it");
    cors_runtime::env::check().expect("the demo's deployment is valid");
    let api = HttpServer::new(|| App::new().configure(examples::api::routes))
        .workers(1)
        .bind(("127.0.0.1", 0))?;
    let api_port = api.addrs()[0].port();
    let api = api.run();
    let api_handle = api.handle();
    actix_web::rt::spawn(api);
    // The API on its real port (WebKitGTK opens a WebSocket to `localhost` past any proxy,
    // so a made-up port there would not reach it).
    let api_base = format!("http://localhost:{api_port}");
    let forged_html = examples::page::forged_html(&api_base);
    let forged =
        HttpServer::new(move || App::new().configure(examples::page::routes(forged_html.clone())))
            .workers(1)
            .bind(("127.0.0.1", 0))?;
    // Another site, on its real loopback port: `127.0.0.1` is a different site from the
    // page's `localhost`, and the engines send it `Sec-Fetch-Site`.
    let forged_origin = format!("http://127.0.0.1:{}", forged.addrs()[0].port());
    let forged = forged.run();
    let forged_handle = forged.handle();
    actix_web::rt::spawn(forged);
    let html = examples::page::html(&api_base, &forged_origin);
    let page = HttpServer::new(move || App::new().configure(examples::page::routes(html.clone())))
        .workers(1)
        .bind(("127.0.0.1", 0))?;
    let page_port = page.addrs()[0].port();
    let page = page.run();
    let page_handle = page.handle();
    actix_web::rt::spawn(page);

    let hosts = [("localhost:9001", page_port)];
    let mut wrong_rows = Vec::new();
    for engine in [Engine::Chromium, Engine::Firefox, Engine::WebKit] {
        if !harness::available(engine) {
            continue;
        }
        let browser = Browser::start(engine, &hosts).await;
        browser
            .client
            .goto(DEMO_PAGE_ORIGIN)
            .await
            .expect("open the demo page");
        let results = browser
            .run(
                "const done = arguments[0];
                 const wait = () => document.body.dataset.done ? done(window.demoResults) : setTimeout(wait, 20);
                 wait();",
                vec![],
            )
            .await;
        if engine == Engine::Chromium {
            // Tall enough for the forged requests' section too.
            let _ = browser.client.set_window_size(1300, 1500).await;
            let png = browser.client.screenshot().await.expect("screenshot");
            // Scratch output goes where Cargo says integration tests may write, wherever
            // the target directory is.
            let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo.png");
            std::fs::write(&target, &png)?;
            if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
                std::fs::write(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/demo.png"),
                    &png,
                )?;
            }
        }
        let _ = browser.client.close().await;
        let rows = results.as_array().cloned().unwrap_or_default();
        println!("demo in {engine:?}: {} rows", rows.len());
        if rows.len() != DEMO_ROWS {
            wrong_rows.push(format!(
                "{engine:?}: {} rows, not {DEMO_ROWS}: {results}",
                rows.len()
            ));
        }
        wrong_rows.extend(
            rows.iter()
                .filter(|r| r["outcome"] != r["expect"])
                .map(|r| format!("{engine:?}: {r}")),
        );
    }
    api_handle.stop(true).await;
    page_handle.stop(true).await;
    forged_handle.stop(true).await;
    assert!(
        wrong_rows.is_empty(),
        "demo rows that did not do what their policy says:\n{}",
        wrong_rows.join("\n")
    );
    Ok(())
}

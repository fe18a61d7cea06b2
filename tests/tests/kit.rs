//! `cors_runtime::test` on its own (the browser suite checks it against real browsers): the
//! preflight cache and its clock, cookies by credentials mode and by `Set-Cookie` line,
//! same-origin calls, what `fetch` refuses to send, URLs, the causes a test can match on,
//! the origins a page can have, services that are not `#[cors]` routes; and what a user
//! notices per engine (cache caps, check order, console words), XMLHttpRequest,
//! EventSource, no-cors fetches and beacons, Fetch Metadata, forms and WebSocket
//! handshakes.

use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use actix_web::test::init_service;
use actix_web::{web, App, HttpRequest, HttpResponse};
use cors_runtime::test::{
    Access, Beacon, Blocked, Credentials, Engine, EventSource, Fetch, Form, Outcome, Page, Xhr,
};

const PAGE: &str = "https://app.example.com";

/// Answers every request as a permissive CORS server would, echoing the origin, with
/// `Access-Control-Max-Age` from the `max_age` query (none when absent); `/login` sets a
/// cookie, `/logout` clears it, `/two` sets two in two `Set-Cookie` lines (the first with an
/// `Expires` date, comma and all), `/forget` deletes one with an `Expires` date in the past,
/// `/brief` sets one for a minute, and every answer says which cookies it got.
async fn echo(req: HttpRequest) -> HttpResponse {
    let origin = req
        .headers()
        .get("origin")
        .and_then(|o| o.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut res = if req.method() == Method::OPTIONS {
        HttpResponse::NoContent()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(("access-control-allow-origin", origin))
        .insert_header(("access-control-allow-credentials", "true"))
        .insert_header(("access-control-allow-methods", "GET, PUT, DELETE"))
        .insert_header(("access-control-allow-headers", "content-type, x-a"))
        .insert_header(("x-hidden", "1"));
    if let Some(age) = req.query_string().strip_prefix("max_age=") {
        res.insert_header(("access-control-max-age", age.to_owned()));
    }
    match req.path() {
        "/login" => {
            res.insert_header(("set-cookie", "session=abc; Path=/; HttpOnly"));
        }
        "/logout" => {
            res.insert_header(("set-cookie", "session=; Max-Age=0"));
        }
        "/two" => {
            res.append_header((
                "set-cookie",
                "theme=dark; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/",
            ))
            .append_header(("set-cookie", "lang=en; Path=/"));
        }
        "/forget" => {
            res.insert_header((
                "set-cookie",
                "theme=; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/",
            ));
        }
        "/brief" => {
            res.insert_header(("set-cookie", "otp=123456; Max-Age=60"));
        }
        _ => {}
    }
    let cookie = req
        .headers()
        .get("cookie")
        .and_then(|c| c.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    res.body(format!("{} cookie={cookie}", req.method()))
}

macro_rules! app {
    () => {
        init_service(App::new().default_service(web::to(echo))).await
    };
}

fn put(url: &str) -> Fetch {
    Fetch::put(url).header("content-type", "application/json")
}

/// The body the script read, as text.
fn body(outcome: &Outcome) -> String {
    String::from_utf8_lossy(outcome.body().unwrap_or_default()).into_owned()
}

/// A credentialed `fetch(url, {method, credentials: "include"})`.
fn with_cookies(method: &str, url: &str) -> Fetch {
    Fetch::new(method, url).credentials(Credentials::Include)
}

#[actix_web::test]
async fn the_preflight_cache_is_per_origin_url_and_credentials_and_runs_on_the_pages_clock() {
    let app = app!();
    let page = Page::at(PAGE);
    assert!(page.fetch(&app, put("/a")).await.preflight().is_some());
    // Within 5 s (no Max-Age), the same origin and URL: no preflight.
    assert!(page.fetch(&app, put("/a")).await.preflight().is_none());
    // Another URL, another page: their own preflights.
    assert!(page.fetch(&app, put("/b")).await.preflight().is_some());
    assert!(Page::at("https://other.example")
        .fetch(&app, put("/a"))
        .await
        .preflight()
        .is_some());
    // A method or header the entry does not cover.
    assert!(page
        .fetch(&app, put("/a").header("x-b", "1"))
        .await
        .preflight()
        .is_some());
    page.advance(Duration::from_secs(6));
    assert!(
        page.fetch(&app, put("/a")).await.preflight().is_some(),
        "5 s passed"
    );
    // Chromium caps Max-Age at two hours.
    assert!(page
        .fetch(&app, put("/c?max_age=86400"))
        .await
        .preflight()
        .is_some());
    page.advance(Duration::from_secs(7199));
    assert!(page
        .fetch(&app, put("/c?max_age=86400"))
        .await
        .preflight()
        .is_none());
    page.advance(Duration::from_secs(2));
    assert!(page
        .fetch(&app, put("/c?max_age=86400"))
        .await
        .preflight()
        .is_some());
    // Max-Age 0 caches nothing.
    assert!(page
        .fetch(&app, put("/d?max_age=0"))
        .await
        .preflight()
        .is_some());
    assert!(page
        .fetch(&app, put("/d?max_age=0"))
        .await
        .preflight()
        .is_some());
}

#[actix_web::test]
async fn a_grant_with_credentials_serves_calls_without_them_but_not_the_reverse() {
    let app = app!();
    let page = Page::at(PAGE);
    let with = || put("/e").credentials(Credentials::Include);
    assert!(page.fetch(&app, with()).await.preflight().is_some());
    assert!(page.fetch(&app, put("/e")).await.preflight().is_none());
    // The answer carried `Access-Control-Allow-Credentials: true`, so it serves both.
    assert!(page.fetch(&app, with()).await.preflight().is_none());
}

#[actix_web::test]
async fn cookies_travel_only_with_credentials_include_across_origins() {
    let app = app!();
    let page = Page::at(PAGE);
    let login = page
        .fetch(
            &app,
            Fetch::post("/login").credentials(Credentials::Include),
        )
        .await;
    assert!(login.is_readable(), "{login}");
    assert_eq!(login.header("set-cookie"), None, "never readable");
    let with = page
        .fetch(&app, Fetch::get("/me").credentials(Credentials::Include))
        .await;
    assert_eq!(body(&with), "GET cookie=session=abc");
    let same_origin_mode = page.fetch(&app, Fetch::get("/me")).await;
    assert_eq!(body(&same_origin_mode), "GET cookie=none");
    let omit = page
        .fetch(&app, Fetch::get("/me").credentials(Credentials::Omit))
        .await;
    assert_eq!(body(&omit), "GET cookie=none");
    page.fetch(
        &app,
        Fetch::post("/logout").credentials(Credentials::Include),
    )
    .await;
    let after = page
        .fetch(&app, Fetch::get("/me").credentials(Credentials::Include))
        .await;
    assert_eq!(body(&after), "GET cookie=none");
}

#[actix_web::test]
async fn a_same_origin_call_needs_no_cors() {
    // Paths go to `http://localhost:8080`; a page there is same-origin.
    let app = init_service(
        App::new().default_service(web::to(|req: HttpRequest| async move {
            HttpResponse::Ok()
                .insert_header(("x-hidden", "1"))
                .body(format!("origin={:?}", req.headers().get("origin")))
        })),
    )
    .await;
    let page = Page::at("http://localhost:8080");
    let get = page.fetch(&app, Fetch::get("/x")).await;
    assert!(get.is_readable() && get.preflight().is_none());
    assert_eq!(get.header("x-hidden"), Some("1"));
    assert_eq!(get.body(), Some(&b"origin=None"[..]));
    let put = page.fetch(&app, put("/x")).await;
    assert!(put.is_readable() && put.preflight().is_none());
    assert_eq!(
        put.body(),
        Some(&b"origin=Some(\"http://localhost:8080\")"[..])
    );
}

#[actix_web::test]
async fn what_fetch_will_not_send() {
    let app = app!();
    let page = Page::at(PAGE);
    let trace = page.fetch(&app, Fetch::new("TRACE", "/x")).await;
    assert!(trace.response().is_none() && trace.preflight().is_none());
    assert_eq!(
        trace.to_string(),
        "TypeError: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported."
    );
    // Forbidden names are dropped: no preflight for them, and they never arrive.
    let sneaky = page
        .fetch(
            &app,
            Fetch::get("/x")
                .header("cookie", "session=forged")
                .header("origin", "https://bank.example")
                .header("sec-fetch-site", "same-origin"),
        )
        .await;
    assert!(sneaky.preflight().is_none());
    let sent = sneaky.response().expect("sent");
    assert_eq!(sent.request_header("cookie"), None);
    assert_eq!(sent.request_header("origin"), Some(PAGE));
    // Safelisted headers whose values add up to more than 1,024 bytes are preflighted.
    let long = "a".repeat(120);
    let mut heavy = Fetch::get("/y");
    for name in ["accept", "accept-language", "content-language"] {
        for _ in 0..3 {
            heavy = heavy.header(name, &long);
        }
    }
    let heavy = page.fetch(&app, heavy).await;
    let preflight = heavy.preflight().expect("over 1,024 bytes");
    assert_eq!(
        preflight.request_header("access-control-request-headers"),
        Some("accept,accept-language,content-language")
    );
}

#[actix_web::test]
async fn an_actix_cors_setup_is_judged_as_chromium_judges_it() {
    let app = init_service(
        App::new().service(
            web::resource("/legacy")
                .wrap(
                    actix_cors::Cors::default()
                        .allowed_origin(PAGE)
                        .allowed_methods(["GET", "PUT"])
                        .allowed_header("content-type")
                        .supports_credentials(),
                )
                .route(web::put().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let page = Page::at(PAGE);
    let ok = page
        .fetch(&app, put("/legacy").credentials(Credentials::Include))
        .await;
    assert!(ok.is_readable(), "{ok}");
    let refused = page
        .fetch(&app, put("/legacy").header("x-debug", "1"))
        .await;
    assert_eq!(
        refused.reason().as_deref(),
        Some("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
    );
}

// Bug pinned: the kit joined repeated `Set-Cookie` headers with `, ` and split them again,
// so an `Expires` date (`Wed, 21 Oct ...`) cut its cookie in two and an `Expires` date in
// the past deleted nothing.
#[actix_web::test]
async fn each_set_cookie_line_is_a_cookie_and_its_expires_date_is_read() {
    let app = app!();
    let page = Page::at(PAGE);
    let two = page.fetch(&app, with_cookies("POST", "/two")).await;
    assert!(two.is_readable(), "{two}");
    // An `Expires` date in the future keeps the cookie, its value whole.
    let me = page.fetch(&app, with_cookies("GET", "/me")).await;
    assert_eq!(body(&me), "GET cookie=theme=dark; lang=en");
    // An `Expires` date in the past deletes it, and only it.
    page.fetch(&app, with_cookies("POST", "/forget")).await;
    let me = page.fetch(&app, with_cookies("GET", "/me")).await;
    assert_eq!(body(&me), "GET cookie=lang=en");
}

#[actix_web::test]
async fn a_cookie_with_max_age_expires_on_the_pages_clock() {
    let app = app!();
    let page = Page::at(PAGE);
    page.fetch(&app, with_cookies("POST", "/brief")).await;
    let me = page.fetch(&app, with_cookies("GET", "/me")).await;
    assert_eq!(body(&me), "GET cookie=otp=123456");
    page.advance(Duration::from_secs(61));
    let me = page.fetch(&app, with_cookies("GET", "/me")).await;
    assert_eq!(body(&me), "GET cookie=none");
}

#[actix_web::test]
async fn a_refusal_is_a_cause_to_match_on_whose_display_is_chromiums_message() {
    let app = app!();
    let page = Page::at(PAGE);
    let header = page.fetch(&app, put("/f").header("x-debug", "1")).await;
    assert_eq!(header.blocked(), Some(&Blocked::Header("x-debug".into())));
    assert_eq!(
        header.blocked().map(ToString::to_string),
        header.reason(),
        "Display is the console's words"
    );
    let method = page.fetch(&app, Fetch::new("PATCH", "/f")).await;
    assert_eq!(method.blocked(), Some(&Blocked::Method("PATCH".into())));
    let trace = page.fetch(&app, Fetch::new("TRACE", "/f")).await;
    assert!(
        matches!(trace.blocked(), Some(Blocked::TypeError(message)) if message.contains("'TRACE'")),
        "{trace}"
    );
    let readable = page.fetch(&app, put("/f")).await;
    assert_eq!(readable.blocked(), None, "{readable}");
}

#[actix_web::test]
async fn the_cors_check_says_what_the_response_got_wrong() {
    // Answers with the `Access-Control-Allow-*` headers its query names, and no others.
    let app = init_service(
        App::new().default_service(web::to(|req: HttpRequest| async move {
            let mut res = HttpResponse::Ok();
            for pair in req.query_string().split('&').filter(|p| !p.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                res.append_header((
                    format!("access-control-allow-{name}"),
                    value.replace("%20", " "),
                ));
            }
            res.finish()
        })),
    )
    .await;
    let page = Page::at(PAGE);
    let cases = [
        ("/a", Credentials::Omit, Access::MissingAllowOrigin),
        (
            "/a?origin=https://app.example.com/",
            Credentials::Omit,
            Access::AllowOriginMismatch("https://app.example.com/".into()),
        ),
        (
            "/a?origin=app.example.com",
            Credentials::Omit,
            Access::InvalidAllowOrigin("app.example.com".into()),
        ),
        (
            "/a?origin=https://app.example.com&origin=https://other.example",
            Credentials::Omit,
            Access::MultipleAllowOrigin("https://app.example.com, https://other.example".into()),
        ),
        (
            "/a?origin=*",
            Credentials::Include,
            Access::WildcardWithCredentials,
        ),
        (
            "/a?origin=https://app.example.com",
            Credentials::Include,
            Access::InvalidAllowCredentials(String::new()),
        ),
        (
            "/a?origin=https://app.example.com&credentials=True",
            Credentials::Include,
            Access::InvalidAllowCredentials("True".into()),
        ),
    ];
    for (url, credentials, access) in cases {
        let outcome = page
            .fetch(&app, Fetch::get(url).credentials(credentials))
            .await;
        assert!(
            outcome.response().is_some(),
            "a simple request is sent: {url}"
        );
        assert_eq!(outcome.blocked(), Some(&Blocked::Response(access)), "{url}");
    }
    // On a preflight's answer, the same causes say it was the preflight.
    let outcome = page.fetch(&app, Fetch::delete("/a")).await;
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::Preflight(Access::MissingAllowOrigin))
    );
    assert!(outcome.response().is_none(), "the DELETE is never sent");
    let readable = page
        .fetch(&app, Fetch::get("/a?origin=https://app.example.com"))
        .await;
    assert_eq!(readable.status(), Some(StatusCode::OK), "{readable}");
}

#[actix_web::test]
async fn urls_are_parsed_as_a_browser_parses_them() {
    let app = app!();
    let page = Page::at(PAGE);
    // A path goes to `http://localhost:8080`; the fragment never leaves the page.
    let path = page.fetch(&app, Fetch::get("/items?page=2#top")).await;
    let sent = path.response().expect("sent");
    assert_eq!(sent.url(), "http://localhost:8080/items?page=2");
    assert_eq!(sent.request_header("host"), None, "actix's test host");
    // An absolute URL sends its host, without the scheme's default port; a page on that
    // origin calls it same-origin.
    let absolute = Page::at("https://api.example.com")
        .fetch(&app, Fetch::get("https://API.example.com:443/items"))
        .await;
    let sent = absolute.response().expect("sent");
    assert_eq!(sent.url(), "https://api.example.com/items");
    assert_eq!(sent.request_header("host"), Some("api.example.com"));
    assert_eq!(sent.request_header("origin"), None, "a same-origin GET");
    let other_port = page
        .fetch(&app, Fetch::get("http://localhost:3000/items"))
        .await;
    assert_eq!(
        other_port.response().and_then(|r| r.request_header("host")),
        Some("localhost:3000")
    );
    // What `fetch` cannot request, it throws on, and nothing is sent.
    for (url, thrown) in [
        (
            "http://[::1",
            "Failed to execute 'fetch' on 'Window': Failed to parse URL from http://[::1",
        ),
        (
            "https://user:secret@api.example.com/",
            "Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL \
             that includes credentials: https://user:secret@api.example.com/",
        ),
        ("ftp://files.example.com/a", "Failed to fetch"),
    ] {
        let outcome = page.fetch(&app, Fetch::get(url)).await;
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::TypeError(thrown.to_owned())),
            "{url}"
        );
        assert!(outcome.response().is_none() && outcome.preflight().is_none());
    }
}

#[test]
fn a_page_is_on_any_origin_a_browser_sends() {
    for origin in [
        "https://app.example.com",
        "http://localhost:8080",
        "https://app.example.com:8443",
        "http://[::1]:3000",
        "http://fqdn.example.",
        "https://xn--bcher-kva.example",
        "null",
    ] {
        assert_eq!(Page::at(origin).origin(), origin);
    }
}

#[test]
#[should_panic(
    expected = "`https://app.example.com/` is not an origin: remove the trailing `/` (write `https://app.example.com`)"
)]
fn a_page_origin_with_a_trailing_slash_panics_with_the_fix() {
    let _ = Page::at("https://app.example.com/");
}

#[test]
#[should_panic(
    expected = "`https://app.example.com/app` is not an origin: remove the path `/app` (write `https://app.example.com`)"
)]
fn a_page_origin_with_a_path_panics_with_the_fix() {
    let _ = Page::at("https://app.example.com/app");
}

#[test]
#[should_panic(
    expected = "`https://app.example.com:443` is not an origin: remove `:443`, the scheme's default port, which a browser leaves out (write `https://app.example.com`)"
)]
fn a_page_origin_with_the_default_port_panics_with_the_fix() {
    let _ = Page::at("https://app.example.com:443");
}

#[test]
#[should_panic(
    expected = "`https://App.Example.com` is not an origin: write the scheme and host in lower case (write `https://app.example.com`)"
)]
fn a_page_origin_in_upper_case_panics_with_the_fix() {
    let _ = Page::at("https://App.Example.com");
}

#[test]
#[should_panic(
    expected = "`app.example.com` is not an origin: add the scheme (write `https://app.example.com`)"
)]
fn a_page_origin_without_a_scheme_panics_with_the_fix() {
    let _ = Page::at("app.example.com");
}

#[test]
#[should_panic(
    expected = "`https://app.example.com?x=1` is not an origin: remove the query `?x=1` (write `https://app.example.com`)"
)]
fn a_page_origin_with_a_query_panics_with_the_fix() {
    let _ = Page::at("https://app.example.com?x=1");
}

#[test]
#[should_panic(expected = "`Null` is not an origin: write `null` in lower case")]
fn a_null_page_origin_in_another_case_panics_with_the_fix() {
    let _ = Page::at("Null");
}

#[test]
#[should_panic(
    expected = "`file:///home/me/index.html` is not an origin: a `file:` page's origin is opaque, which a browser sends as `null` (write `null`)"
)]
fn a_page_url_with_an_opaque_origin_panics_with_the_fix() {
    let _ = Page::at("file:///home/me/index.html");
}

// ---------------------------------------------------------------------------------------
// Engines, APIs, Fetch Metadata, forms and WebSockets.

/// A service whose answers carry the `Access-Control-Allow-*` headers its query names
/// (`%20` for a space), and nothing else; `/forbidden` answers 403, `/moved` 307 without a
/// `Location`, `/gone` 307 with one.
async fn answering(req: HttpRequest) -> HttpResponse {
    let mut res = match req.path() {
        "/forbidden" => HttpResponse::Forbidden(),
        "/moved" => HttpResponse::TemporaryRedirect(),
        "/gone" => {
            let mut res = HttpResponse::TemporaryRedirect();
            res.insert_header(("location", "/elsewhere"));
            res
        }
        _ => HttpResponse::Ok(),
    };
    for pair in req.query_string().split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        res.append_header((
            format!("access-control-allow-{name}"),
            value.replace("%20", " "),
        ));
    }
    let cookie = req
        .headers()
        .get("cookie")
        .and_then(|c| c.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    res.body(format!("cookie={cookie}"))
}

macro_rules! answering {
    () => {
        init_service(App::new().default_service(web::to(answering))).await
    };
}

const ENGINES: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

#[actix_web::test]
async fn webkit_preflights_again_after_ten_minutes_firefox_and_chromium_do_not() {
    let app = app!();
    for (engine, again) in [
        (Engine::Chromium, false),
        (Engine::Firefox, false),
        (Engine::WebKit, true),
    ] {
        let page = Page::at(PAGE).engine(engine);
        assert!(page
            .fetch(&app, put("/m?max_age=86400"))
            .await
            .preflight()
            .is_some());
        page.advance(Duration::from_secs(599));
        assert!(
            page.fetch(&app, put("/m?max_age=86400"))
                .await
                .preflight()
                .is_none(),
            "{engine:?} within 600 s"
        );
        page.advance(Duration::from_secs(2));
        assert_eq!(
            page.fetch(&app, put("/m?max_age=86400"))
                .await
                .preflight()
                .is_some(),
            again,
            "{engine:?} after 601 s"
        );
    }
    // Past Chromium's two hours, Firefox still has its day.
    for (engine, again) in [(Engine::Chromium, true), (Engine::Firefox, false)] {
        let page = Page::at(PAGE).engine(engine);
        page.fetch(&app, put("/n?max_age=86400")).await;
        page.advance(Duration::from_secs(7201));
        assert_eq!(
            page.fetch(&app, put("/n?max_age=86400"))
                .await
                .preflight()
                .is_some(),
            again,
            "{engine:?}"
        );
    }
}

#[actix_web::test]
async fn each_engine_words_the_wildcard_with_credentials_cause_its_own_way() {
    let app = answering!();
    let url = "http://localhost:8080/star?origin=*";
    let expected = [
        (
            Engine::Chromium,
            "Access to fetch at 'http://localhost:8080/star?origin=*' from origin \
             'https://app.example.com' has been blocked by CORS policy: The value of the \
             'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' \
             when the request's credentials mode is 'include'.",
        ),
        (
            Engine::Firefox,
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at ‘http://localhost:8080/star?origin=*’. (Reason: Credential is not \
             supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        ),
        (
            Engine::WebKit,
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\n\
             Fetch API cannot load http://localhost:8080/star?origin=* due to access control \
             checks.",
        ),
    ];
    for (engine, words) in expected {
        let outcome = Page::at(PAGE)
            .engine(engine)
            .fetch(&app, Fetch::get(url).credentials(Credentials::Include))
            .await;
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::Response(Access::WildcardWithCredentials))
        );
        assert_eq!(outcome.to_string(), words, "{engine:?}");
        assert_eq!(outcome.console().join("\n"), words);
    }
}

#[actix_web::test]
async fn each_engine_words_a_missing_allow_origin_with_the_status() {
    let app = answering!();
    let expected = [
        (
            Engine::Firefox,
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at http://localhost:8080/none. (Reason: CORS header \
             ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
            "CORS header ‘Access-Control-Allow-Origin’ missing",
        ),
        (
            Engine::WebKit,
            "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. \
             Status code: 200\nFetch API cannot load http://localhost:8080/none due to access \
             control checks.",
            "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. \
             Status code: 200",
        ),
    ];
    for (engine, words, reason) in expected {
        let outcome = Page::at(PAGE)
            .engine(engine)
            .fetch(&app, Fetch::get("/none"))
            .await;
        assert_eq!(outcome.to_string(), words, "{engine:?}");
        assert_eq!(outcome.reason().as_deref(), Some(reason), "{engine:?}");
    }
}

#[actix_web::test]
async fn webkit_checks_a_preflights_status_before_its_allow_origin() {
    let app = answering!();
    for (engine, cause) in [
        (
            Engine::Chromium,
            Blocked::Preflight(Access::MissingAllowOrigin),
        ),
        (
            Engine::Firefox,
            Blocked::Preflight(Access::MissingAllowOrigin),
        ),
        (Engine::WebKit, Blocked::PreflightStatus),
    ] {
        let outcome = Page::at(PAGE)
            .engine(engine)
            .fetch(&app, Fetch::delete("/forbidden"))
            .await;
        assert_eq!(outcome.blocked(), Some(&cause), "{engine:?}");
    }
    let webkit = Page::at(PAGE)
        .engine(Engine::WebKit)
        .fetch(&app, Fetch::delete("/forbidden"))
        .await;
    assert_eq!(
        webkit.reason().as_deref(),
        Some("Preflight response is not successful. Status code: 403")
    );
    // With the origin allowed, every engine names the status; Firefox in its words.
    let firefox = Page::at(PAGE)
        .engine(Engine::Firefox)
        .fetch(
            &app,
            Fetch::delete("/forbidden?origin=https://app.example.com"),
        )
        .await;
    assert_eq!(firefox.blocked(), Some(&Blocked::PreflightStatus));
    assert!(
        firefox
            .to_string()
            .ends_with("(Reason: CORS preflight response did not succeed). Status code: 403."),
        "{firefox}"
    );
}

#[actix_web::test]
async fn the_engines_tell_several_allow_origin_values_apart_differently() {
    let app = answering!();
    // One header line with a space: Chromium calls it several values, the others another
    // origin.
    let spaced = "/s?origin=https://app.example.com%20https://other.example";
    for (engine, multiple) in [
        (Engine::Chromium, true),
        (Engine::Firefox, false),
        (Engine::WebKit, false),
    ] {
        let outcome = Page::at(PAGE)
            .engine(engine)
            .fetch(&app, Fetch::get(spaced))
            .await;
        assert_eq!(
            matches!(
                outcome.blocked(),
                Some(Blocked::Response(Access::MultipleAllowOrigin(_)))
            ),
            multiple,
            "{engine:?}: {outcome}"
        );
    }
    // Two lines: several values in all three.
    let two = "/t?origin=https://app.example.com&origin=https://app.example.com";
    for engine in ENGINES {
        let outcome = Page::at(PAGE)
            .engine(engine)
            .fetch(&app, Fetch::get(two))
            .await;
        assert!(
            matches!(
                outcome.blocked(),
                Some(Blocked::Response(Access::MultipleAllowOrigin(_)))
            ),
            "{engine:?}: {outcome}"
        );
    }
    // A value that is no URL: only Chromium says so.
    let firefox = Page::at(PAGE)
        .engine(Engine::Firefox)
        .fetch(&app, Fetch::get("/u?origin=app.example.com"))
        .await;
    assert_eq!(
        firefox.reason().as_deref(),
        Some("CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example.com’")
    );
}

#[actix_web::test]
async fn a_refused_header_is_named_as_each_engine_names_it() {
    let app = answering!();
    let call = || {
        Fetch::put("/h?origin=https://app.example.com&methods=PUT")
            .header("X-Debug", "1")
            .header("Content-Type", "application/json")
    };
    for (engine, name, reason) in [
        (
            Engine::Chromium,
            "content-type",
            "Request header field content-type is not allowed by Access-Control-Allow-Headers \
             in preflight response.",
        ),
        (
            Engine::Firefox,
            "content-type",
            "header ‘content-type’ is not allowed according to header \
             ‘Access-Control-Allow-Headers’ from CORS preflight response",
        ),
        (
            Engine::WebKit,
            "Content-Type",
            "Request header field Content-Type is not allowed by Access-Control-Allow-Headers.",
        ),
    ] {
        let outcome = Page::at(PAGE).engine(engine).fetch(&app, call()).await;
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::Header(name.into())),
            "{engine:?}"
        );
        assert_eq!(outcome.reason().as_deref(), Some(reason), "{engine:?}");
    }
}

#[actix_web::test]
async fn firefox_keeps_a_credentialed_grant_for_credentialed_calls_only() {
    let app = app!();
    for (engine, serves) in [
        (Engine::Chromium, true),
        (Engine::Firefox, false),
        (Engine::WebKit, true),
    ] {
        let page = Page::at(PAGE).engine(engine);
        let with = page
            .fetch(&app, put("/k").credentials(Credentials::Include))
            .await;
        assert!(with.is_readable(), "{with}");
        let without = page.fetch(&app, put("/k")).await;
        assert_eq!(without.preflight().is_none(), serves, "{engine:?}");
    }
}

#[actix_web::test]
async fn an_event_source_is_never_preflighted_and_asks_for_an_event_stream() {
    let app = app!();
    let page = Page::at(PAGE);
    page.fetch(&app, with_cookies("POST", "/login")).await;
    let stream = page.fetch(&app, EventSource::new("/events")).await;
    assert!(stream.is_readable(), "{stream}");
    assert!(stream.preflight().is_none());
    let sent = stream.response().expect("sent");
    assert_eq!(sent.method(), "GET");
    assert_eq!(sent.request_header("accept"), Some("text/event-stream"));
    assert_eq!(sent.request_header("cache-control"), Some("no-cache"));
    assert_eq!(sent.request_header("origin"), Some(PAGE));
    assert_eq!(
        body(&stream),
        "GET cookie=none",
        "no withCredentials, no cookie"
    );
    let credentialed = page
        .fetch(&app, EventSource::new("/events").with_credentials(true))
        .await;
    assert_eq!(body(&credentialed), "GET cookie=session=abc");
    let firefox = Page::at(PAGE)
        .engine(Engine::Firefox)
        .fetch(&app, EventSource::new("/events"))
        .await;
    let sent = firefox.response().expect("sent");
    assert_eq!(sent.request_header("pragma"), Some("no-cache"));
}

#[actix_web::test]
async fn a_refused_event_source_and_xhr_are_worded_for_their_api() {
    let app = answering!();
    let chromium = Page::at(PAGE).fetch(&app, EventSource::new("/es")).await;
    assert_eq!(
        chromium.to_string(),
        "Access to resource at 'http://localhost:8080/es' from origin 'https://app.example.com' \
         has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on \
         the requested resource."
    );
    let webkit = Page::at(PAGE)
        .engine(Engine::WebKit)
        .fetch(&app, EventSource::new("/es"))
        .await;
    assert_eq!(
        webkit.console()[1],
        "EventSource cannot load http://localhost:8080/es due to access control checks."
    );
    let xhr = Page::at(PAGE)
        .fetch(&app, Xhr::get("/x?origin=*").with_credentials(true))
        .await;
    assert_eq!(
        xhr.to_string(),
        "Access to XMLHttpRequest at 'http://localhost:8080/x?origin=*' from origin \
         'https://app.example.com' has been blocked by CORS policy: The value of the \
         'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when \
         the request's credentials mode is 'include'. The credentials mode of requests \
         initiated by the XMLHttpRequest is controlled by the withCredentials attribute."
    );
    // Only `fetch` is told to "have the server send the header with a valid value".
    let mismatch = "/x?origin=https://other.example";
    let xhr = Page::at(PAGE).fetch(&app, Xhr::get(mismatch)).await;
    assert!(
        xhr.to_string().ends_with(
            "has a value 'https://other.example' that is not equal to the supplied origin."
        ),
        "{xhr}"
    );
    let fetch = Page::at(PAGE).fetch(&app, Fetch::get(mismatch)).await;
    assert!(
        fetch
            .to_string()
            .ends_with("Have the server send the header with a valid value."),
        "{fetch}"
    );
    let webkit = Page::at(PAGE)
        .engine(Engine::WebKit)
        .fetch(&app, Xhr::get("/x"))
        .await;
    assert_eq!(
        webkit.console()[1],
        "XMLHttpRequest cannot load http://localhost:8080/x due to access control checks."
    );
}

#[actix_web::test]
async fn an_xhr_sends_cookies_only_with_credentials() {
    let app = app!();
    let page = Page::at(PAGE);
    page.fetch(&app, with_cookies("POST", "/login")).await;
    let plain = page.fetch(&app, Xhr::get("/me")).await;
    assert_eq!(body(&plain), "GET cookie=none");
    let with = page
        .fetch(&app, Xhr::get("/me").with_credentials(true))
        .await;
    assert_eq!(body(&with), "GET cookie=session=abc");
    // Preflighted as `fetch` would be.
    let put = page
        .fetch(
            &app,
            Xhr::put("/me").header("content-type", "application/json"),
        )
        .await;
    assert!(put.preflight().is_some() && put.is_readable(), "{put}");
}

#[actix_web::test]
async fn every_call_to_a_trustworthy_url_carries_fetch_metadata() {
    let app = app!();
    let cross = Page::at(PAGE).fetch(&app, put("/meta")).await;
    for exchange in [
        cross.preflight().expect("preflight"),
        cross.response().expect("sent"),
    ] {
        assert_eq!(
            exchange.request_header("sec-fetch-site"),
            Some("cross-site")
        );
        assert_eq!(exchange.request_header("sec-fetch-mode"), Some("cors"));
        assert_eq!(exchange.request_header("sec-fetch-dest"), Some("empty"));
    }
    let same_site = Page::at("http://localhost:3000")
        .fetch(&app, Fetch::get("/meta"))
        .await;
    assert_eq!(
        same_site
            .response()
            .and_then(|r| r.request_header("sec-fetch-site")),
        Some("same-site")
    );
    let same_origin = Page::at("http://localhost:8080")
        .fetch(&app, Fetch::get("/meta"))
        .await;
    assert_eq!(
        same_origin
            .response()
            .and_then(|r| r.request_header("sec-fetch-site")),
        Some("same-origin")
    );
    // Plain http to a host that is not loopback gets none.
    let plain = Page::at("http://app.example.com")
        .fetch(&app, Fetch::get("http://api.example.com/meta"))
        .await;
    let sent = plain.response().expect("sent");
    assert_eq!(sent.request_header("sec-fetch-site"), None);
    assert_eq!(sent.request_header("sec-fetch-mode"), None);
}

#[actix_web::test]
async fn a_no_cors_fetch_and_a_beacon_are_sent_and_opaque() {
    let app = app!();
    let page = Page::at(PAGE);
    page.fetch(&app, with_cookies("POST", "/login")).await;
    let no_cors = page
        .fetch(
            &app,
            Fetch::post("/log")
                .header("content-type", "text/plain")
                .header("x-debug", "1")
                .body("hi")
                .no_cors(),
        )
        .await;
    assert!(no_cors.preflight().is_none());
    assert!(no_cors.is_opaque() && !no_cors.is_readable() && no_cors.blocked().is_none());
    assert_eq!(no_cors.body(), None);
    let sent = no_cors.response().expect("the request arrives");
    assert_eq!(sent.request_header("x-debug"), None, "dropped in no-cors");
    assert_eq!(sent.request_header("sec-fetch-mode"), Some("no-cors"));
    assert_eq!(
        sent.request_header("cookie"),
        None,
        "same-origin credentials"
    );
    let put = page.fetch(&app, Fetch::put("/log").no_cors()).await;
    assert_eq!(
        put.to_string(),
        "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode."
    );
    let beacon = page.fetch(&app, Beacon::new("/collect", "clicked")).await;
    assert!(beacon.is_opaque() && beacon.preflight().is_none());
    let sent = beacon.response().expect("sent");
    assert_eq!(sent.method(), "POST");
    assert_eq!(
        sent.request_header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
    assert_eq!(sent.request_header("cookie"), Some("session=abc"));
    assert_eq!(sent.request_header("origin"), Some(PAGE));
    assert_eq!(sent.request_header("sec-fetch-mode"), Some("no-cors"));
}

#[actix_web::test]
async fn a_form_post_from_another_site_is_a_cross_site_navigation() {
    let app = app!();
    let page = Page::at("https://evil.example");
    page.fetch(&app, with_cookies("POST", "/login")).await;
    let submitted = page
        .submit(
            &app,
            Form::post("/transfer")
                .field("to", "mallory")
                .field("note", "a b&c"),
        )
        .await;
    assert_eq!(submitted.status(), Some(StatusCode::OK));
    assert_eq!(submitted.body(), b"POST cookie=session=abc");
    let sent = submitted.exchange().expect("sent");
    assert_eq!(sent.request_header("sec-fetch-site"), Some("cross-site"));
    assert_eq!(sent.request_header("sec-fetch-mode"), Some("navigate"));
    assert_eq!(sent.request_header("sec-fetch-dest"), Some("document"));
    assert_eq!(sent.request_header("sec-fetch-user"), None, "script submit");
    assert_eq!(sent.request_header("origin"), Some("https://evil.example"));
    assert_eq!(
        sent.request_header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // A GET form: fields in the query, no Origin.
    let search = page
        .submit(&app, Form::get("/search?old=1").field("q", "cors kit"))
        .await;
    let sent = search.exchange().expect("sent");
    assert_eq!(sent.url(), "http://localhost:8080/search?q=cors+kit");
    assert_eq!(sent.request_header("origin"), None);
    let nowhere = page.submit(&app, Form::post("ftp://files.example/")).await;
    assert!(nowhere.exchange().is_none() && nowhere.refused().is_some());
}

#[actix_web::test]
async fn a_websocket_handshake_carries_origin_and_its_engines_fetch_metadata() {
    let app = init_service(
        App::new().default_service(web::to(|req: HttpRequest| async move {
            let upgrade = req.headers().get("upgrade").and_then(|u| u.to_str().ok());
            if upgrade == Some("websocket") && req.path() == "/ws" {
                HttpResponse::SwitchingProtocols().finish()
            } else {
                HttpResponse::BadRequest().finish()
            }
        })),
    )
    .await;
    for (engine, metadata) in [
        (Engine::Chromium, false),
        (Engine::Firefox, true),
        (Engine::WebKit, true),
    ] {
        let handshake = Page::at(PAGE).engine(engine).websocket(&app, "/ws").await;
        assert!(handshake.is_accepted(), "{engine:?}");
        assert_eq!(handshake.status(), Some(StatusCode::SWITCHING_PROTOCOLS));
        let sent = handshake.exchange().expect("sent");
        assert_eq!(sent.method(), "GET");
        assert_eq!(sent.url(), "http://localhost:8080/ws");
        assert_eq!(sent.request_header("upgrade"), Some("websocket"));
        assert_eq!(sent.request_header("connection"), Some("Upgrade"));
        assert_eq!(sent.request_header("sec-websocket-version"), Some("13"));
        assert_eq!(
            sent.request_header("sec-websocket-key").map(str::len),
            Some(24)
        );
        assert_eq!(sent.request_header("origin"), Some(PAGE));
        assert_eq!(
            sent.request_header("sec-fetch-site"),
            metadata.then_some("cross-site"),
            "{engine:?}"
        );
        assert_eq!(
            sent.request_header("sec-fetch-mode"),
            metadata.then_some("websocket")
        );
        assert_eq!(
            sent.request_header("sec-fetch-dest"),
            metadata.then_some("websocket")
        );
    }
    let refused = Page::at(PAGE)
        .websocket(&app, "ws://localhost:8080/other")
        .await;
    assert!(!refused.is_accepted());
    assert_eq!(refused.status(), Some(StatusCode::BAD_REQUEST));
}

#[actix_web::test]
async fn a_preflight_answered_with_a_redirect_is_refused_in_each_engines_words() {
    let app = answering!();
    let allowed = "?origin=https://app.example.com&methods=DELETE";
    for (engine, cause, reason) in [
        (
            Engine::Chromium,
            Blocked::PreflightRedirect,
            "Response to preflight request doesn't pass access control check: Redirect is not \
             allowed for a preflight request.",
        ),
        (
            Engine::Firefox,
            Blocked::PreflightRedirect,
            "CORS request external redirect not allowed",
        ),
        (
            Engine::WebKit,
            Blocked::PreflightStatus,
            "Preflight response is not successful. Status code: 307",
        ),
    ] {
        let page = Page::at(PAGE).engine(engine);
        let outcome = page
            .fetch(&app, Fetch::delete(&format!("/gone{allowed}")))
            .await;
        assert_eq!(outcome.blocked(), Some(&cause), "{engine:?}");
        assert_eq!(outcome.reason().as_deref(), Some(reason), "{engine:?}");
        // Without `Location` a 307 is no redirect, just not an ok status.
        let outcome = page
            .fetch(&app, Fetch::delete(&format!("/moved{allowed}")))
            .await;
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::PreflightStatus),
            "{engine:?}"
        );
    }
    // Firefox runs the CORS check before it refuses the redirect.
    let firefox = Page::at(PAGE)
        .engine(Engine::Firefox)
        .fetch(&app, Fetch::delete("/gone"))
        .await;
    assert_eq!(
        firefox.blocked(),
        Some(&Blocked::Preflight(Access::MissingAllowOrigin))
    );
}

//! `cors_runtime::test` on its own (the browser suite checks it against Chromium): the
//! preflight cache and its clock, cookies by credentials mode and by `Set-Cookie` line,
//! same-origin calls, what `fetch` refuses to send, URLs, the causes a test can match on,
//! the origins a page can have, and services that are not `#[cors]` routes.

use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use actix_web::test::init_service;
use actix_web::{web, App, HttpRequest, HttpResponse};
use cors_runtime::test::{Access, Blocked, Credentials, Fetch, Outcome, Page};

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

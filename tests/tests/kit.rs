//! `cors_runtime::test` on its own (the browser suite checks it against Chromium): the
//! preflight cache and its clock, cookies by credentials mode, same-origin calls, what
//! `fetch` refuses to send, the causes a test can match on, and services that are not
//! `#[cors]` routes.

use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use actix_web::test::init_service;
use actix_web::{web, App, HttpRequest, HttpResponse};
use cors_runtime::test::{Access, Blocked, Credentials, Fetch, Outcome, Page};

const PAGE: &str = "https://app.example.com";

/// Answers every request as a permissive CORS server would, echoing the origin, with
/// `Access-Control-Max-Age` from the `max_age` query (none when absent); `/login` sets a
/// cookie, `/logout` clears it, and every answer says which cookies it got.
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

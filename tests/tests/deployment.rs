//! Origins that belong to the deployment: `env("VAR")`, defaults, values supplied from the
//! app's configuration, `origin_fn`, `env::check()` and `report()`, in a binary whose
//! deployment values are all good. (`deployment_invalid.rs` holds the bad ones: `check()`
//! sees the whole binary.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service};
use actix_web::{get, put, App, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::env::{self, Source};
use cors_runtime::{cors, cors_policy};
use cors_runtime::{Allowed, RowKind};
use tests::{actual, cors_header_names, header, preflight, values};

/// What the deployment supplies, from the app's configuration rather than the process
/// environment (tests share one process; `supply` is the config-crate path).
fn deploy() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        env::supply(
            "DEPLOY_APP_ORIGINS",
            ["https://app.example.com", "https://*.example.org"],
        )
        .unwrap();
        env::supply(
            "DEPLOY_EXTRA_ORIGINS",
            ["https://partner.example.net", "null"],
        )
        .unwrap();
        env::supply("DEPLOY_MIDDLEWARE_ORIGINS", ["https://legacy.example.com"]).unwrap();
    });
}

#[cors(origins = env("DEPLOY_APP_ORIGINS"), credentials, headers = ["content-type"], max_age = 600)]
#[get("/env/me")]
async fn env_me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

/// The same policy written out: what the env route must equal, header for header.
#[cors(origins = ["https://app.example.com", "https://*.example.org"], credentials, headers = ["content-type"], max_age = 600)]
#[get("/literal/me")]
async fn literal_me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com", env("DEPLOY_EXTRA_ORIGINS")])]
#[put("/mixed")]
async fn mixed() -> impl Responder {
    HttpResponse::Ok().body("mixed")
}

cors_policy! {
    /// Unset in every test: the default is what the route serves with.
    DEFAULTED = (origins = env("DEPLOY_NEVER_SET", default = ["http://localhost:3000"]), credentials);
    /// Middleware whose origins come from the deployment.
    MIDDLEWARE = (origins = env("DEPLOY_MIDDLEWARE_ORIGINS"), methods = ["GET"]);
}

#[cors(DEFAULTED)]
#[get("/defaulted")]
async fn defaulted() -> impl Responder {
    HttpResponse::Ok().body("defaulted")
}

static ASKED: AtomicUsize = AtomicUsize::new(0);

/// A tenant directory: every subdomain-free `.customer.test` site is a customer.
fn is_customer_origin(origin: &str) -> bool {
    ASKED.fetch_add(1, Ordering::SeqCst);
    origin
        .strip_prefix("https://")
        .and_then(|host| host.strip_suffix(".customer.test"))
        .is_some_and(|name| !name.contains('.'))
}

#[cors(origins = ["https://app.example.com"], origin_fn = is_customer_origin, credentials)]
#[get("/tenant")]
async fn tenant() -> impl Responder {
    HttpResponse::Ok().body("tenant")
}

cors_policy! {
    /// Literal origins: its routes are reported once mounted.
    REVIEWED = (origins = ["https://reviewed.example"]);
}

/// Mounted by the report test alone, with a `wrap` of its own: it must appear in the report
/// once an `App` mounts it, and not before.
#[cors(REVIEWED)]
#[get("/mounted/late", wrap = "actix_web::middleware::DefaultHeaders::new()")]
async fn mounted_late() -> impl Responder {
    HttpResponse::Ok().body("late")
}

macro_rules! app {
    () => {{
        deploy();
        init_service(
            App::new()
                .service(env_me)
                .service(literal_me)
                .service(mixed)
                .service(defaulted)
                .service(tenant)
                .service(
                    actix_web::web::resource("/legacy")
                        .wrap(Cors::from(MIDDLEWARE))
                        .route(actix_web::web::get().to(|| async { "legacy" })),
                ),
        )
        .await
    }};
}

#[actix_web::test]
async fn an_env_route_answers_as_the_literal_route_does() {
    let app = app!();
    let origins = [
        Some("https://app.example.com"),
        Some("https://a.b.example.org"),
        Some("https://example.org"),
        Some("https://app.example.com.evil.test"),
        Some("null"),
        Some("HTTPS://APP.EXAMPLE.COM"),
        None,
    ];
    for origin in origins {
        let env = call_service(&app, actual(Method::GET, "/env/me", origin).to_request()).await;
        let lit = call_service(
            &app,
            actual(Method::GET, "/literal/me", origin).to_request(),
        )
        .await;
        assert_eq!(env.status(), lit.status(), "{origin:?}");
        assert_eq!(
            cors_header_names(&env),
            cors_header_names(&lit),
            "{origin:?}"
        );
        for name in cors_header_names(&lit) {
            assert_eq!(
                values(&env, &name),
                values(&lit, &name),
                "{origin:?} {name}"
            );
        }
        for headers in ["", "content-type", "x-other"] {
            let origin = origin.unwrap_or("https://app.example.com");
            let env = call_service(
                &app,
                preflight("/env/me", origin, "GET", headers).to_request(),
            )
            .await;
            let lit = call_service(
                &app,
                preflight("/literal/me", origin, "GET", headers).to_request(),
            )
            .await;
            assert_eq!(env.status(), lit.status(), "{origin} {headers}");
            assert_eq!(cors_header_names(&env), cors_header_names(&lit));
            for name in cors_header_names(&lit) {
                assert_eq!(values(&env, &name), values(&lit, &name), "{origin} {name}");
            }
        }
    }
    let granted = call_service(
        &app,
        actual(Method::GET, "/env/me", Some("https://a.b.example.org")).to_request(),
    )
    .await;
    assert_eq!(
        header(&granted, "access-control-allow-origin").as_deref(),
        Some("https://a.b.example.org")
    );
    assert_eq!(
        header(&granted, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
}

#[actix_web::test]
async fn literal_and_deployment_entries_together() {
    let app = app!();
    for (origin, granted) in [
        ("https://app.example.com", true),
        ("https://partner.example.net", true),
        ("null", true),
        ("https://other.example.net", false),
    ] {
        let res = call_service(&app, preflight("/mixed", origin, "PUT", "").to_request()).await;
        let allow = header(&res, "access-control-allow-origin");
        assert_eq!(allow.as_deref() == Some(origin), granted, "{origin}");
    }
}

#[actix_web::test]
async fn an_unset_variable_with_a_default_serves_the_default() {
    let app = app!();
    let res = call_service(
        &app,
        actual(Method::GET, "/defaulted", Some("http://localhost:3000")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    let res = call_service(
        &app,
        actual(Method::GET, "/defaulted", Some("http://localhost:3001")).to_request(),
    )
    .await;
    assert_eq!(header(&res, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn middleware_from_a_named_policy_with_env_origins() {
    let app = app!();
    let res = call_service(
        &app,
        preflight("/legacy", "https://legacy.example.com", "GET", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://legacy.example.com")
    );
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy", Some("https://app.example.com")).to_request(),
    )
    .await;
    assert_eq!(header(&res, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn origin_fn_is_asked_only_about_what_the_list_does_not_name() {
    let app = app!();
    // One test touches ASKED, so the counts are this test's own.
    let asked = |before: usize| ASKED.load(Ordering::SeqCst) - before;

    let before = ASKED.load(Ordering::SeqCst);
    let res = call_service(
        &app,
        actual(Method::GET, "/tenant", Some("https://app.example.com")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://app.example.com")
    );
    assert_eq!(asked(before), 0, "a listed origin never reaches origin_fn");

    for never in [
        "null",
        "https://shop.customer.test/",
        "https://shop.customer.test/?x",
        "https://user@shop.customer.test",
        "HTTPS://SHOP.CUSTOMER.TEST",
        "https://shop.customer.test, https://evil.test",
        "",
        // Under `credentials`, plain http outside loopback.
        "http://shop.customer.test",
    ] {
        let before = ASKED.load(Ordering::SeqCst);
        let res = call_service(
            &app,
            actual(Method::GET, "/tenant", Some(never)).to_request(),
        )
        .await;
        assert_eq!(header(&res, "access-control-allow-origin"), None, "{never}");
        assert_eq!(asked(before), 0, "asked about {never:?}");
    }

    let before = ASKED.load(Ordering::SeqCst);
    let res = call_service(
        &app,
        actual(Method::GET, "/tenant", Some("https://shop.customer.test")).to_request(),
    )
    .await;
    assert_eq!(asked(before), 1, "asked once per request");
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://shop.customer.test")
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&res, "vary"), ["Origin"]);

    let before = ASKED.load(Ordering::SeqCst);
    let res = call_service(
        &app,
        preflight("/tenant", "https://shop.customer.test", "GET", "").to_request(),
    )
    .await;
    assert_eq!(asked(before), 1);
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://shop.customer.test")
    );

    let before = ASKED.load(Ordering::SeqCst);
    let res = call_service(
        &app,
        actual(Method::GET, "/tenant", Some("https://a.shop.customer.test")).to_request(),
    )
    .await;
    assert_eq!(asked(before), 1);
    assert_eq!(header(&res, "access-control-allow-origin"), None);
    assert_eq!(header(&res, "access-control-allow-credentials"), None);
    assert_eq!(values(&res, "vary"), ["Origin"]);
}

#[test]
fn check_lists_every_variable_and_where_it_came_from() {
    deploy();
    let deployment = env::check().expect("every deployment value is good");
    let mut vars: Vec<(&str, Source, Vec<String>)> = deployment
        .vars()
        .map(|(var, source, entries)| (var, source, entries.to_vec()))
        .collect();
    vars.sort_by_key(|(var, ..)| *var);
    let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        vars,
        [
            (
                "DEPLOY_APP_ORIGINS",
                Source::Supplied,
                owned(&["https://app.example.com", "https://*.example.org"])
            ),
            (
                "DEPLOY_EXTRA_ORIGINS",
                Source::Supplied,
                owned(&["https://partner.example.net", "null"])
            ),
            (
                "DEPLOY_MIDDLEWARE_ORIGINS",
                Source::Supplied,
                owned(&["https://legacy.example.com"])
            ),
            (
                "DEPLOY_NEVER_SET",
                Source::Default,
                owned(&["http://localhost:3000"])
            ),
        ]
    );
    // The default is loopback `http://`, which the rules allow with credentials.
    assert!(deployment.warnings().is_empty());
}

#[test]
fn a_variable_supplied_twice_is_refused() {
    deploy();
    let err = env::supply("DEPLOY_APP_ORIGINS", ["https://other.example"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid CORS deployment origins (1 error)\nerror: DEPLOY_APP_ORIGINS: DEPLOY_APP_ORIGINS was already read\n  help: call `cors_runtime::env::supply` once per variable, before `cors_runtime::env::check()` and before the server starts"
    );
}

#[actix_web::test]
async fn the_report_lists_every_route_and_policy_and_agrees_with_check() {
    deploy();
    let deployment = env::check().unwrap();
    // A literal route is in the report once an `App` mounts it: a handler no app serves
    // exposes nothing. Routes with `env(...)` and the policies are there from the start.
    let before = cors_runtime::report();
    assert!(before.rows().iter().all(|r| r.handler != "mounted_late"));
    for handler in ["env_me", "mixed", "defaulted"] {
        assert!(
            before.rows().iter().any(|r| r.handler == handler),
            "{handler}"
        );
    }
    let _app = app!();
    let _late = init_service(App::new().service(mounted_late)).await;
    // Mounted again, as each worker does: still one row.
    let _again = init_service(App::new().service(mounted_late)).await;
    let report = cors_runtime::report();
    let rows: Vec<(RowKind, String, &str)> = report
        .rows()
        .iter()
        .map(|r| (r.kind, r.name.clone(), r.handler))
        .collect();
    // Every `#[cors]` route and `cors_policy!` in this file, and nothing else: a route
    // added is a row added.
    assert_eq!(
        rows,
        [
            (RowKind::Policy, "DEFAULTED".to_owned(), ""),
            (RowKind::Policy, "MIDDLEWARE".to_owned(), ""),
            (RowKind::Policy, "REVIEWED".to_owned(), ""),
            (RowKind::Route, "/defaulted".to_owned(), "defaulted"),
            (RowKind::Route, "/env/me".to_owned(), "env_me"),
            (RowKind::Route, "/literal/me".to_owned(), "literal_me"),
            (RowKind::Route, "/mixed".to_owned(), "mixed"),
            (RowKind::Route, "/mounted/late".to_owned(), "mounted_late"),
            (RowKind::Route, "/tenant".to_owned(), "tenant"),
        ]
    );
    let row = |handler: &str| report.rows().iter().find(|r| r.handler == handler).unwrap();
    assert_eq!(row("defaulted").named, Some("DEFAULTED"));
    assert_eq!(row("mounted_late").named, Some("REVIEWED"));
    assert_eq!(row("mounted_late").module, "deployment");
    assert_eq!(
        row("mounted_late").origins,
        [Allowed::Literal("https://reviewed.example".to_owned())]
    );
    assert_eq!(row("env_me").policy.methods(), ["GET"]);
    assert_eq!(row("env_me").policy.max_age(), Some(600));
    assert_eq!(row("env_me").policy.allow_headers(), Some("content-type"));
    assert!(row("tenant").policy.credentials());
    assert_eq!(
        row("tenant").origins,
        [
            Allowed::Literal("https://app.example.com".to_owned()),
            Allowed::Function("is_customer_origin"),
        ]
    );
    // Each variable's row shows what `check()` found.
    for (var, source, entries) in deployment.vars() {
        let shown = report
            .rows()
            .iter()
            .flat_map(|r| &r.origins)
            .find_map(|a| match a {
                Allowed::Env { var: v, value } if *v == var => Some(value.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(shown, Ok((source, entries.to_vec())), "{var}");
    }
    let table = report.to_string();
    assert!(table.starts_with("ROUTE / POLICY"), "{table}");
    assert_eq!(table.lines().count(), 2 + rows.len(), "{table}");
    assert!(table
        .contains("$DEPLOY_APP_ORIGINS (supplied): https://app.example.com https://*.example.org"));
    assert!(table.contains("origin_fn is_customer_origin"));
}

//! Each refused preflight is logged at `debug`, naming the route's path and the rule that
//! refused it, and never at `error`: a refusal is an ordinary answer.

use actix_web::{put, test, web, App, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::{cors, cors_policy};
use tests::logged::{record, records};
use tests::preflight;

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
#[put("/logged/items")]
async fn items() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    SITE = (origins = ["https://site.example"], methods = ["GET"]);
}

#[cors(origins = ["https://other.example"])]
#[put("/own/items")]
async fn own() -> impl Responder {
    HttpResponse::Ok()
}

/// Regression: `Cors::from(NAME)` middleware decided its own answer to every preflight
/// before the route under it answered, and logged it as refused even when the route
/// granted it.
#[actix_web::test]
async fn middleware_logs_a_preflight_as_refused_only_when_it_was_refused() {
    record();
    let app = test::init_service(
        App::new()
            .wrap(Cors::from(SITE))
            .service(own)
            .route("/plain", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let req = preflight("/own/items", "https://other.example", "PUT", "").to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 204, "the route grants its own preflight");
    let req = preflight("/plain", "https://evil.example", "GET", "").to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 403, "the middleware refuses a stranger");
    let records = records();
    assert!(
        !records
            .iter()
            .any(|(_, message)| message.contains("/own/items")),
        "a granted preflight was logged as refused: {records:?}"
    );
    assert!(
        records
            .iter()
            .any(|(level, message)| *level == log::Level::Debug
                && message.starts_with("CORS preflight for /plain refused: origin not allowed")),
        "{records:?}"
    );
}

#[actix_web::test]
async fn each_refused_preflight_is_logged_at_debug_with_its_rule_and_route() {
    record();
    let app = test::init_service(App::new().service(items)).await;
    for (origin, method, headers, rule) in [
        (
            "https://app.example.com",
            "PUT",
            "x-debug",
            "request header not allowed",
        ),
        (
            "https://app.example.com",
            "DELETE",
            "",
            "method not allowed",
        ),
        ("https://evil.example", "PUT", "", "origin not allowed"),
    ] {
        let req = preflight("/logged/items", origin, method, headers).to_request();
        test::call_service(&app, req).await;
        let records = records();
        let line = format!("CORS preflight for /logged/items refused: {rule}");
        assert!(
            records
                .iter()
                .any(|(level, message)| *level == log::Level::Debug
                    && message.starts_with(&line)
                    && message.contains(origin)),
            "no debug line {line:?} in {records:?}"
        );
        // (The run-time policies' warnings below are this binary's only `warn` lines.)
        assert!(
            records
                .iter()
                .filter(|(_, message)| !message.starts_with("CORS policy: `csrf_exempt`"))
                .all(|(level, _)| *level > log::Level::Warn),
            "{records:?}"
        );
    }
}

/// `csrf_exempt`'s two warnings reach a policy built at run time as `warn` lines, in the
/// attribute's words, from the builder and from configuration alike; the policy is built.
#[actix_web::test]
async fn csrf_exempt_warnings_are_logged_for_run_time_policies() {
    record();
    let warned = |needle: &str| {
        records()
            .iter()
            .any(|(level, message)| *level == log::Level::Warn && message.contains(needle))
    };
    let built = cors_runtime::Policy::builder()
        .origins(["https://builder.example"])
        .credentials(true)
        .methods(["POST"])
        .csrf_exempt(true)
        .build();
    assert!(built.is_ok_and(|policy| policy.csrf_exempt()));
    assert!(warned(
        "`csrf_exempt` with `credentials` accepts forged `POST` requests that carry the user's cookies"
    ));
    let config: cors_runtime::config::PolicyConfig =
        toml::from_str("origins = [\"*\"]\nmethods = [\"GET\"]\ncsrf_exempt = true")
            .expect("valid configuration");
    assert!(config.build().is_ok());
    assert!(warned(
        "`csrf_exempt` changes nothing: `origins = [\"*\"]` refuses no forged request"
    ));
}

//! A policy built at start-up: the same rules, the same words, the same answers.

use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service};
use actix_web::{web, App, HttpResponse};
use cors_runtime::actix::Cors;
use cors_runtime::Policy;
use tests::{actual, assert_explained, cors_header_names, header, preflight, values};

const APP: &str = "https://app.example.com";

#[test]
fn a_bad_policy_is_an_err_listing_every_problem() {
    let err = Policy::builder()
        .origins(["*", "https://app.example.com/", "null"])
        .credentials(true)
        .expose(["set-cookie"])
        .build()
        .unwrap_err();
    let messages: Vec<&str> = err
        .violations()
        .iter()
        .map(|v| v.problem.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`*` cannot be used with `credentials`",
            "`*` is mixed with other entries in `origins`",
            "origin `https://app.example.com/` has a trailing `/`",
            "`null` cannot be used with `credentials`",
            "`set-cookie` is never exposed to scripts",
        ]
    );
}

#[actix_web::test]
async fn the_middleware_answers_preflights_and_grants_actual_requests() {
    let policy = Policy::builder()
        .origins([APP])
        .credentials(true)
        .methods(["GET", "PUT"])
        .headers(["content-type"])
        .max_age(60)
        .build()
        .unwrap();
    let app = init_service(
        App::new().service(
            web::resource("/thing")
                .wrap(Cors::new(policy))
                .route(web::get().to(|| async { HttpResponse::Ok().body("thing") }))
                .route(web::put().to(|| async { HttpResponse::Ok().body("put") })),
        ),
    )
    .await;
    let res = call_service(
        &app,
        preflight("/thing", APP, "PUT", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("GET, PUT")
    );
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("60")
    );
    let res = call_service(&app, preflight("/thing", APP, "DELETE", "").to_request()).await;
    assert_explained(&res, APP, "DELETE", &[]);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("GET, PUT")
    );
    let res = call_service(
        &app,
        preflight("/thing", "https://evil.example", "DELETE", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty());
    let res = call_service(&app, actual(Method::GET, "/thing", Some(APP)).to_request()).await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&res, "vary"), ["Origin"]);
    let res = call_service(
        &app,
        actual(Method::GET, "/thing", Some("https://evil.example")).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

#[test]
fn any_port_entries_work_in_every_run_time_form() {
    let policy = cors_runtime::Policy::builder()
        .origins(["http://localhost:*", "https://*.preview.example.com:*"])
        .credentials(true)
        .build()
        .expect("valid");
    for allowed in [
        "http://localhost",
        "http://localhost:5173",
        "https://pr-7.preview.example.com:8443",
        "https://pr-7.preview.example.com",
    ] {
        assert!(policy.allows_origin(allowed), "{allowed}");
    }
    for refused in [
        "https://localhost:5173",
        "http://localhost:5173.evil.com",
        "http://localhost:123456",
        "https://preview.example.com:8443",
    ] {
        assert!(!policy.allows_origin(refused), "{refused}");
    }
    let err = cors_runtime::Policy::builder()
        .origins(["http://localhost:51*"])
        .build()
        .expect_err("a partial wildcard");
    assert!(
        err.to_string().contains("partial port wildcard `51*`"),
        "{err}"
    );
}

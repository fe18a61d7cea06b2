//! `origin_fn` taking the parsed origin: asked only where it may decide, and the classic
//! predicate bugs have no place to hide.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::Method;
use actix_web::test::{call_service, init_service};
use actix_web::{get, App, HttpResponse, Responder};
use cors_runtime::cors;
use tests::{actual, header};

static PARTNER_ASKED: AtomicUsize = AtomicUsize::new(0);

/// A partner directory, deciding by the parsed origin's parts.
fn is_partner(origin: &cors_runtime::Origin<'_>) -> bool {
    PARTNER_ASKED.fetch_add(1, Ordering::SeqCst);
    origin.is_subdomain_of("partner.test")
}

#[cors(origins = [], origin_fn = is_partner, credentials)]
#[get("/partner")]
async fn partner() -> impl Responder {
    HttpResponse::Ok().body("partner")
}

#[cors(origins = [], origin_fn = is_partner)]
#[get("/partner/open")]
async fn partner_open() -> impl Responder {
    HttpResponse::Ok().body("partner")
}

#[actix_web::test]
async fn a_parsed_origin_predicate_is_never_asked_about_plain_http_under_credentials() {
    let app = init_service(App::new().service(partner).service(partner_open)).await;
    // One test touches PARTNER_ASKED.
    let ask = |path: &'static str, origin: &'static str| {
        let app = &app;
        async move {
            let before = PARTNER_ASKED.load(Ordering::SeqCst);
            let res = call_service(app, actual(Method::GET, path, Some(origin)).to_request()).await;
            let granted = header(&res, "access-control-allow-origin").is_some();
            (PARTNER_ASKED.load(Ordering::SeqCst) - before, granted)
        }
    };
    assert_eq!(
        ask("/partner", "https://shop.partner.test").await,
        (1, true)
    );
    assert_eq!(
        ask("/partner", "https://shop.partner.test:8443").await,
        (1, true)
    );
    // The classic bugs: a look-alike and the bare domain are asked, and refused.
    assert_eq!(
        ask("/partner", "https://evilpartner.test").await,
        (1, false)
    );
    assert_eq!(ask("/partner", "https://partner.test").await, (1, false));
    assert_eq!(
        ask("/partner", "https://partner.test.evil.net").await,
        (1, false)
    );
    // Under credentials: plain http outside loopback is never asked; loopback is.
    assert_eq!(
        ask("/partner", "http://shop.partner.test").await,
        (0, false)
    );
    assert_eq!(ask("/partner", "http://localhost:3000").await, (1, false));
    assert_eq!(ask("/partner", "http://127.0.0.1:3000").await, (1, false));
    // Without credentials the same http origin is the predicate's to decide.
    assert_eq!(
        ask("/partner/open", "http://shop.partner.test").await,
        (1, true)
    );
    // Never what no browser sends.
    for never in [
        "null",
        "https://shop.partner.test/",
        "https://shop.partner.test:0",
    ] {
        assert_eq!(ask("/partner", never).await, (0, false), "{never}");
    }
}

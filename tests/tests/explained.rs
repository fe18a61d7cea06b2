//! A refused preflight from an allowed origin is explained (the grant and what is allowed,
//! no `Max-Age`, a browser still refusing) in every form a policy is written in, and a
//! stranger's gets nothing: the route's own attribute, a named policy, a module's, `env(...)`
//! origins, `origin_fn`, `Cors::new` and `Cors::from`.

use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service};
use actix_web::{get, put, web, App, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::{cors, cors_policy, Policy};
use tests::{allowed_methods, assert_explained, cors_header_names, header, preflight};

const PAGE: &str = "https://app.example.com";
const STRANGER: &str = "https://evil.example";

cors_policy! {
    APP = (origins = ["https://app.example.com"], credentials, headers = ["content-type"]);
    APP_MIDDLEWARE = (origins = ["https://app.example.com"], credentials, headers = ["content-type"], methods = ["GET", "PUT"]);
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
#[put("/attr")]
async fn attr() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(APP)]
#[put("/named")]
async fn named() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(APP)]
mod module {
    use actix_web::{put, HttpResponse, Responder};

    #[put("/module")]
    pub(super) async fn handler() -> impl Responder {
        HttpResponse::Ok()
    }
}

#[cors(origins = env("EXPLAINED_ORIGINS", default = ["https://app.example.com"]), credentials, headers = ["content-type"])]
#[put("/env")]
async fn env_route() -> impl Responder {
    HttpResponse::Ok()
}

fn is_app(origin: &cors_runtime::Origin<'_>) -> bool {
    origin.host() == "app.example.com"
}

#[cors(origins = [], origin_fn = is_app, credentials, headers = ["content-type"])]
#[put("/origin-fn")]
async fn origin_fn_route() -> impl Responder {
    HttpResponse::Ok()
}

/// A second route on `/attr`'s neighbour path, so the path serves two methods.
#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/two")]
async fn two_get() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
#[put("/two")]
async fn two_put() -> impl Responder {
    HttpResponse::Ok()
}

/// A route whose policy does not allow the page, before one that does, on one path: the
/// router tries the first, which lets the preflight pass, and the second explains.
#[cors(origins = ["https://other.example"])]
#[get("/three")]
async fn three_get() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[put("/three")]
async fn three_put() -> impl Responder {
    HttpResponse::Ok()
}

/// Two scopes that serve the same route path, each its own method.
mod scoped {
    use actix_web::{delete, get, HttpResponse, Responder};
    use cors_runtime::cors;

    #[cors(origins = ["https://app.example.com"], credentials)]
    #[get("/items")]
    pub(super) async fn a_items() -> impl Responder {
        HttpResponse::Ok()
    }

    #[cors(origins = ["https://app.example.com"], credentials)]
    #[delete("/items")]
    pub(super) async fn b_items() -> impl Responder {
        HttpResponse::Ok()
    }
}

fn run_time() -> Cors {
    Cors::new(
        Policy::builder()
            .origins([PAGE])
            .credentials(true)
            .headers(["content-type"])
            .methods(["GET", "PUT"])
            .build()
            .expect("valid"),
    )
}

#[actix_web::test]
async fn every_form_explains_to_an_allowed_origin_and_tells_a_stranger_nothing() {
    let app = init_service(
        App::new()
            .service(attr)
            .service(named)
            .service(module::handler)
            .service(env_route)
            .service(origin_fn_route)
            .service(two_get)
            .service(two_put)
            .service(three_get)
            .service(three_put)
            .service(web::scope("/a").service(scoped::a_items))
            .service(web::scope("/b").service(scoped::b_items))
            .service(
                web::resource("/cors-new")
                    .wrap(run_time())
                    .route(web::put().to(HttpResponse::Ok)),
            )
            .service(
                web::scope("/cors-from")
                    .wrap(Cors::from(APP_MIDDLEWARE))
                    .route("/x", web::put().to(HttpResponse::Ok)),
            ),
    )
    .await;
    for path in [
        "/attr",
        "/named",
        "/module",
        "/env",
        "/origin-fn",
        "/cors-new",
        "/cors-from/x",
    ] {
        // A header the policy does not list.
        let res = call_service(
            &app,
            preflight(path, PAGE, "PUT", "content-type,x-debug").to_request(),
        )
        .await;
        assert_explained(&res, PAGE, "PUT", &["content-type", "x-debug"]);
        assert_eq!(
            header(&res, "access-control-allow-credentials").as_deref(),
            Some("true"),
            "{path}"
        );
        // A method nothing on the path serves.
        let res = call_service(&app, preflight(path, PAGE, "DELETE", "").to_request()).await;
        assert_explained(&res, PAGE, "DELETE", &[]);
        // The grant itself still works, with its cache.
        let res = call_service(
            &app,
            preflight(path, PAGE, "PUT", "content-type").to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        // A stranger learns nothing, whatever it asks.
        for (method, headers) in [("PUT", "x-debug"), ("DELETE", ""), ("PUT", "content-type")] {
            let res = call_service(
                &app,
                preflight(path, STRANGER, method, headers).to_request(),
            )
            .await;
            // `403`, or the router's `404` when no route on the path takes the method.
            assert!(res.status().is_client_error(), "{path} {method}");
            assert!(cors_header_names(&res).is_empty(), "{path} {method}");
        }
    }
    // Two routes on one path, both for the page: the first the router tries answers a
    // method neither serves, with what it serves.
    let res = call_service(&app, preflight("/two", PAGE, "DELETE", "").to_request()).await;
    assert_explained(&res, PAGE, "DELETE", &[]);
    assert_eq!(allowed_methods(&res), ["GET"]);
    // The first not for the page: it lets the preflight pass, and the second names both.
    let res = call_service(&app, preflight("/three", PAGE, "DELETE", "").to_request()).await;
    assert_explained(&res, PAGE, "DELETE", &[]);
    assert_eq!(allowed_methods(&res), ["GET", "PUT"]);
}

/// Regression: the methods "served on the path" were every method of every route written
/// with the same route path, in any scope or app of the process, so `/a/items` told a page
/// of `/b/items`' `DELETE`.
#[actix_web::test]
async fn a_scope_is_never_told_another_scopes_methods() {
    let app = init_service(
        App::new()
            .service(web::scope("/a").service(scoped::a_items))
            .service(web::scope("/b").service(scoped::b_items)),
    )
    .await;
    // A method neither scope serves: `/a/items` explains with its own.
    let res = call_service(&app, preflight("/a/items", PAGE, "PATCH", "").to_request()).await;
    assert_explained(&res, PAGE, "PATCH", &[]);
    assert_eq!(allowed_methods(&res), ["GET"]);
    // `/b/items`' method, asked of `/a/items`: never told that `DELETE` is served there.
    let res = call_service(&app, preflight("/a/items", PAGE, "DELETE", "").to_request()).await;
    assert!(res.status().is_client_error());
    assert!(!allowed_methods(&res).contains(&"DELETE".to_owned()));
    assert_eq!(header(&res, "access-control-allow-origin"), None);
    // Each scope grants its own.
    for (path, method) in [("/a/items", "GET"), ("/b/items", "DELETE")] {
        let res = call_service(&app, preflight(path, PAGE, method, "").to_request()).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(allowed_methods(&res), [method], "{path}");
    }
}

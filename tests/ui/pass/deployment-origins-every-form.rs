//! Every accepted form of deployment origins: `env("VAR")`, with a default, beside literal
//! entries, in a module and a `cors_policy!`, and `origin_fn`, with and without `origins`.
//! The registrations `check()` and `report()` read compile under `forbid(unsafe_code)`.
#![forbid(unsafe_code)]
#![deny(warnings)]

use actix_web::{get, post, put, App, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

mod tenants {
    /// Trusted with the grant for every origin the list does not name.
    pub fn is_customer_origin(origin: &str) -> bool {
        origin.ends_with(".customer.example")
    }

    /// The same, deciding by the parsed origin's parts.
    pub fn is_customer(origin: &cors_runtime::Origin<'_>) -> bool {
        origin.scheme() == "https" && origin.is_subdomain_of("customer.example")
    }
}

#[cors(origins = ["https://app.example.com"], origin_fn = tenants::is_customer, credentials)]
#[get("/api/parsed")]
async fn parsed() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    /// Origins from the deployment, localhost by default.
    pub APP = (origins = env("APP_ORIGINS", default = ["http://localhost:3000"]), credentials, headers = ["content-type"]);
    MIDDLEWARE = (origins = ["https://app.example.com", env("LEGACY_ORIGINS")], methods = ["GET"]);
}

#[cors(origins = env("APP_ORIGINS"), credentials, headers = ["content-type"])]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com", env("EXTRA_ORIGINS")])]
#[post("/api/upload")]
async fn upload() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [env("A_ORIGINS", default = []), env("B_ORIGINS", default = ["https://b.example.com"],)],)]
#[get("/api/two")]
async fn two() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(APP)]
#[get("/api/feed")]
async fn feed() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(APP, origins = env("FEED_ORIGINS"))]
#[put("/api/feed")]
async fn feed_put() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], origin_fn = tenants::is_customer_origin, credentials)]
#[get("/api/tenant")]
async fn tenant() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origin_fn = crate::tenants::is_customer_origin)]
#[get("/api/tenant-only")]
async fn tenant_only() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = env("ADMIN_ORIGINS"), credentials)]
mod admin {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/admin/users")]
    pub async fn users() -> impl Responder {
        HttpResponse::Ok()
    }
}

fn main() -> std::io::Result<()> {
    let _ = App::new()
        .service(me)
        .service(parsed)
        .service(upload)
        .service(two)
        .service(feed)
        .service(feed_put)
        .service(tenant)
        .service(tenant_only)
        .service(admin::users)
        .wrap(cors_runtime::actix::Cors::from(MIDDLEWARE));
    let _ = cors_runtime::report().to_string();
    if std::env::var_os("NEVER_SET_IN_UI_TESTS").is_some() {
        cors_runtime::env::check()?;
    }
    Ok(())
}

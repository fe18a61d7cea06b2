//! Every actix-web route attribute, by short and full path, takes `#[cors]`, and the
//! imports of the attributes stay used: not a single warning.
#![deny(warnings)]

use actix_web::{delete, get, head, patch, post, put, query, route, App, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/get")]
async fn by_get() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[post("/post")]
async fn by_post() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[put("/put")]
async fn by_put() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[patch("/patch")]
async fn by_patch() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[delete("/delete")]
async fn by_delete() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[query("/search")]
async fn by_query() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[head("/head")]
async fn by_head() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[route("/route", method = "GET", method = "PUT", method = "CUSTOM")]
async fn by_route() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::get("/full")]
async fn by_full_path() -> impl Responder {
    HttpResponse::Ok()
}

/// Several paths and methods on one handler (actix-web 4.2+).
#[cors(origins = ["https://app.example.com"], credentials)]
#[actix_web::routes]
#[get("/many")]
#[post("/many")]
#[delete("/many/{id}")]
async fn by_routes() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new()
        .service(by_routes)
        .service(by_get)
        .service(by_post)
        .service(by_put)
        .service(by_patch)
        .service(by_delete)
        .service(by_head)
        .service(by_query)
        .service(by_route)
        .service(by_full_path);
}

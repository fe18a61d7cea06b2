//! `csrf_exempt` with `credentials` on a route that serves a state-changing method: any
//! site's form can act as the signed-in user. A warning at `csrf_exempt`, at the route and
//! where a `cors_policy!` that claims such methods is defined.
#![deny(deprecated)]

use actix_web::{post, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

#[cors(origins = ["https://app.example.com"], credentials, csrf_exempt)]
#[post("/transfer")]
async fn transfer() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    LEGACY = (origins = ["https://app.example.com"], credentials, methods = ["GET", "PUT"], csrf_exempt);
}

fn main() {
    let _ = actix_web::App::new().wrap(cors_runtime::actix::Cors::from(LEGACY));
}

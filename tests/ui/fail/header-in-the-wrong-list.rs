//! A CORS response header in `headers`, a CORS request header in `expose`: each an error at
//! its entry, all at once.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    headers = ["content-type", "access-control-allow-origin", "Access-Control-Allow-Credentials", "access-control-expose-headers", "access-control-max-age"],
    expose = ["x-request-id", "access-control-request-method", "Access-Control-Request-Headers"],
)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(a);
}

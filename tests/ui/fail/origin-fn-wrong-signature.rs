use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

fn allowed(origin: String) -> bool {
    origin.ends_with(".example.com")
}

#[cors(origins = ["https://app.example.com"], origin_fn = allowed, credentials)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

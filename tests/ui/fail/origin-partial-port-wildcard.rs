use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

// `*` stands for a whole port or nothing: each of these is an error at its entry.
#[cors(origins = ["http://localhost:80*", "http://localhost:*80", "http://localhost:[*]", "https://*.example.com:5*"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://*.com", "https://*.co.uk", "https://*.github.io"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"], expose = ["Set-Cookie"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

use actix_web::{get, post, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"])]
#[get("/x")]
#[post("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

// The route attribute must be in scope, as without `#[cors]`; the error names it.
use actix_web::{HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/items")]
async fn items() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(items);
}

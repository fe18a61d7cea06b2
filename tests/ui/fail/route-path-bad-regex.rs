// A route path actix-router cannot compile is still a compile error, in actix-web's words,
// though `#[cors]` registers the route itself.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/items/{id:[0-9+}")]
async fn item() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(item);
}

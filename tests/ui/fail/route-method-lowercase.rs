// A lower-case method is the rule book's error, with the spelling to use; actix-web's
// attribute, emitted unchanged beside it, says it too, in its words.
use actix_web::{route, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
#[route("/items", method = "get")]
async fn items() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(items);
}

// A method actix-web does not take is reported by actix-web's attribute, in its words,
// though `#[cors]` registers well-formed routes itself.
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

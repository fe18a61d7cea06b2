use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(NO_SUCH_POLICY)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}

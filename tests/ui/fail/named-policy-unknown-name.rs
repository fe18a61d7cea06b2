//! A name no `cors_policy!` defines: one error, at the name. The handler stays, so using it
//! (`.service(a)`) is no second error; a warning there says what was expected.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(NO_SUCH_POLICY)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(a);
}

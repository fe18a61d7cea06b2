//! Handlers keep their extractors, `Result` returns, visibility, docs and other attributes.

use actix_web::{get, post, web, App, HttpRequest, HttpResponse, Responder};
use cors_runtime::cors;

#[derive(serde::Deserialize)]
struct Input {
    name: String,
}

/// Documented handler; the docs move to the generated service struct.
#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"],)]
#[post("/items/{id}")]
#[allow(clippy::unused_async)]
pub async fn create(
    path: web::Path<u32>,
    body: web::Json<Input>,
    req: HttpRequest,
) -> Result<HttpResponse, actix_web::Error> {
    let _ = req.method();
    Ok(HttpResponse::Ok().body(format!("{} {}", path.into_inner(), body.name)))
}

pub(crate) mod nested {
    use super::*;

    #[cors(origins = ["https://app.example.com"])]
    #[get("/nested")]
    pub(crate) async fn inner(data: web::Data<u8>) -> impl Responder {
        HttpResponse::Ok().body(data.to_string())
    }
}

fn main() {
    let _ = App::new()
        .app_data(web::Data::new(1u8))
        .service(create)
        .service(nested::inner)
        .service(web::scope("/v1").service(nested::inner));
}

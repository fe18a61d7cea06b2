//! The page half of the demo, on `http://localhost:8081` by default: one HTML page whose
//! script calls every API route across origins and tabulates what the browser allowed.

use actix_web::http::header::ContentType;
use actix_web::web::{self, ServiceConfig};
use actix_web::HttpResponse;

const PAGE: &str = include_str!("page.html");

/// The page, with the API's base URL filled in once.
pub fn html(api_base: &str) -> String {
    PAGE.replace("{{API}}", api_base)
}

/// Serves the page at `/`; pass to `App::configure`.
pub fn routes(page: String) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(page)).route(
            "/",
            web::get().to(|page: web::Data<String>| async move {
                HttpResponse::Ok()
                    .content_type(ContentType::html())
                    .body(page.get_ref().clone())
            }),
        );
    }
}

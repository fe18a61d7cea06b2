//! The page half of the demo, on `http://localhost:8081` by default: one HTML page whose
//! script calls every API route across origins and tabulates what the browser allowed, and
//! another site's page (`http://127.0.0.1:8082` by default: `localhost` and `127.0.0.1` are
//! different sites) that tries the calls CORS does not stop, framed beside it.

use actix_web::http::header::ContentType;
use actix_web::web::{self, ServiceConfig};
use actix_web::HttpResponse;

const PAGE: &str = include_str!("page.html");
const FORGED_PAGE: &str = include_str!("forged.html");
/// The forged calls, shared by both pages.
const FORGED_JS: &str = include_str!("forged.js");

/// The page, with the API's base URL and the other site's origin filled in once.
pub fn html(api_base: &str, forged_origin: &str) -> String {
    PAGE.replace("{{API}}", api_base)
        .replace("{{FORGED}}", forged_origin)
}

/// The other site's page, with the API's base URL filled in once.
pub fn forged_html(api_base: &str) -> String {
    FORGED_PAGE.replace("{{API}}", api_base)
}

/// Serves `page` at `/` and the forged calls' script at `/forged.js`; pass to
/// `App::configure`, with [`html`] for the demo page or [`forged_html`] for the other site.
pub fn routes(page: String) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(page))
            .route(
                "/",
                web::get().to(|page: web::Data<String>| async move {
                    HttpResponse::Ok()
                        .content_type(ContentType::html())
                        .body(page.get_ref().clone())
                }),
            )
            .route(
                "/forged.js",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .content_type("text/javascript; charset=utf-8")
                        .body(FORGED_JS)
                }),
            );
    }
}

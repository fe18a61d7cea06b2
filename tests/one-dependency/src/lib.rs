//! A service that depends on `cors-runtime` alone (see `Cargo.toml`): if anything the macros
//! generate named another crate of ours, this crate would not compile. Its tests check that
//! what it compiled to answers as the policy says.

use actix_web::{get, put, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

/// The README's quick start.
#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/me")]
pub async fn me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

cors_policy! {
    /// For the module's routes.
    pub APP = (origins = ["https://app.example.com"], headers = ["content-type"]);
    /// As middleware: it lists its methods.
    pub LEGACY = (origins = ["https://legacy.example.com"], methods = ["GET"]);
}

/// Every route in it under `APP`.
#[cors(APP)]
pub mod api {
    use actix_web::{put, HttpResponse, Responder};

    #[put("/api/profile")]
    pub async fn profile() -> impl Responder {
        HttpResponse::Ok().body("saved")
    }
}

/// Origins from the deployment, with a default for development.
#[cors(origins = [env("ONE_DEPENDENCY_ORIGINS", default = ["http://localhost:3000"])])]
#[put("/api/settings")]
pub async fn settings() -> impl Responder {
    HttpResponse::Ok().body("settings")
}

/// A route without `#[cors]`, which only the middleware answers for.
#[get("/legacy")]
async fn legacy() -> impl Responder {
    HttpResponse::Ok().body("legacy")
}

/// Every route, registered as a service's `main` registers them.
pub fn routes(config: &mut actix_web::web::ServiceConfig) {
    config
        .service(me)
        .service(api::profile)
        .service(settings)
        .service(legacy);
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderMap, ACCESS_CONTROL_ALLOW_ORIGIN};
    use actix_web::test::{call_service, init_service, TestRequest};
    use actix_web::App;
    use cors_runtime::actix::Cors;

    fn allow_origin(headers: &HeaderMap) -> Option<&str> {
        headers
            .get(ACCESS_CONTROL_ALLOW_ORIGIN)
            .and_then(|v| v.to_str().ok())
    }

    #[actix_web::test]
    async fn every_form_answers_with_its_policy() {
        cors_runtime::env::check().expect("the default is a valid list");
        let app = init_service(
            App::new()
                .configure(super::routes)
                .wrap(Cors::from(super::LEGACY)),
        )
        .await;
        let cases = [
            ("GET", "/api/me", "https://app.example.com", true),
            ("GET", "/api/me", "https://evil.example", false),
            ("PUT", "/api/profile", "https://app.example.com", true),
            ("PUT", "/api/settings", "http://localhost:3000", true),
            ("PUT", "/api/settings", "https://app.example.com", false),
            ("GET", "/legacy", "https://legacy.example.com", true),
            ("GET", "/legacy", "https://app.example.com", false),
        ];
        for (method, path, origin, granted) in cases {
            let preflight = TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri(path)
                .insert_header(("origin", origin))
                .insert_header(("access-control-request-method", method))
                .to_request();
            let res = call_service(&app, preflight).await;
            let expected = granted.then_some(origin);
            assert_eq!(
                allow_origin(res.headers()),
                expected,
                "{method} {path} from {origin}"
            );
        }
    }
}

//! A service that depends on `cors-runtime` as `web_cors` and re-exports it as
//! `platform::cors`, as a company's platform crate would. `::cors_runtime` names nothing
//! here, so this compiles only if every form's generated code follows `crate = "..."`.

use actix_web::{get, post, put, HttpResponse, Responder};
use web_cors::{cors, cors_policy};

/// The platform crate's re-export, which services name instead of `web_cors`.
pub mod platform {
    pub use web_cors as cors;
}

/// A route, through the re-export.
#[cors(crate = "crate::platform::cors", origins = ["https://app.example.com"], credentials)]
#[get("/api/me")]
pub async fn me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

/// A route with an attribute macro between `#[cors]` and the route attribute.
#[cors(crate = "::web_cors", origins = ["https://app.example.com"])]
#[tracing::instrument]
#[post("/api/events")]
pub async fn events() -> impl Responder {
    HttpResponse::Ok().body("event")
}

/// A route with a `wrap` of its own, which keeps actix-web's attribute.
#[cors(crate = "web_cors", origins = ["https://app.example.com"])]
#[put("/api/wrapped", wrap = "actix_web::middleware::DefaultHeaders::new()")]
pub async fn wrapped() -> impl Responder {
    HttpResponse::Ok().body("wrapped")
}

/// The tenants' sites.
fn is_tenant(origin: &str) -> bool {
    origin == "https://tenant.example.net"
}

cors_policy! {
    /// A named policy: its `crate` reaches every route that uses it.
    pub APP = (crate = "web_cors", origins = ["https://app.example.com"], methods = ["GET", "PUT"]);
    /// Deployment origins and a predicate.
    pub TENANTS = (
        crate = "crate::platform::cors",
        origins = [env("RENAMED_DEPENDENCY_ORIGINS", default = ["https://tenant.example.com"])],
        origin_fn = is_tenant,
    );
}

/// A module under a named policy.
#[cors(APP)]
pub mod api {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/api/items")]
    pub async fn items() -> impl Responder {
        HttpResponse::Ok().body("items")
    }
}

/// A module with a policy of its own.
#[cors(crate = "web_cors", origins = ["https://admin.example.com"])]
pub mod admin {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/admin/users")]
    pub async fn users() -> impl Responder {
        HttpResponse::Ok().body("users")
    }
}

/// A route under the deployment's origins.
#[cors(TENANTS)]
#[get("/tenant")]
pub async fn tenant() -> impl Responder {
    HttpResponse::Ok().body("tenant")
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::ACCESS_CONTROL_ALLOW_ORIGIN;
    use actix_web::test::{call_service, init_service, TestRequest};
    use actix_web::App;

    use crate::platform::cors::actix::Cors;

    #[actix_web::test]
    async fn every_form_serves_its_policy_through_the_renamed_crate() {
        crate::platform::cors::env::check().expect("the default is a valid list");
        let app = init_service(
            App::new()
                .service(super::me)
                .service(super::events)
                .service(super::wrapped)
                .service(super::api::items)
                .service(super::admin::users)
                .service(super::tenant)
                .wrap(Cors::from(super::APP)),
        )
        .await;
        let cases = [
            ("GET", "/api/me", "https://app.example.com", true),
            ("POST", "/api/events", "https://app.example.com", true),
            ("PUT", "/api/wrapped", "https://app.example.com", true),
            ("PUT", "/api/wrapped", "https://admin.example.com", false),
            ("GET", "/api/items", "https://app.example.com", true),
            ("GET", "/admin/users", "https://admin.example.com", true),
            ("GET", "/admin/users", "https://app.example.com", false),
            ("GET", "/tenant", "https://tenant.example.com", true),
            ("GET", "/tenant", "https://tenant.example.net", true),
            ("GET", "/tenant", "https://app.example.com", false),
        ];
        for (method, path, origin, granted) in cases {
            let req = TestRequest::default()
                .method(method.parse().unwrap())
                .uri(path)
                .insert_header(("origin", origin))
                .to_request();
            let res = call_service(&app, req).await;
            let allowed = res
                .headers()
                .get(ACCESS_CONTROL_ALLOW_ORIGIN)
                .and_then(|v| v.to_str().ok());
            assert_eq!(
                allowed,
                granted.then_some(origin),
                "{method} {path} from {origin}"
            );
        }
    }
}

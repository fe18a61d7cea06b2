//! Registering an annotated route beside the resource that answers its preflights.

use std::future::{ready, Ready};

use actix_web::dev::{fn_service, AppService, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::{header, Method};
use actix_web::Resource;

use super::middleware::Cors;
use super::prepared::Prepared;
use super::respond;

/// Matches a preflight asking for one of the methods this route serves.
///
/// A preflight for a method the route does not serve falls through to the next resource on
/// the same path, which is how `GET /feed` and `POST /feed` with different policies each
/// answer their own preflights.
struct PreflightFor(&'static Prepared);

impl Guard for PreflightFor {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        head.method == Method::OPTIONS
            && head
                .headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .is_some_and(|m| self.0.policy.allows_method(m.as_bytes()))
    }
}

/// Registers `route` (which already grants actual requests) and a resource on the same
/// `path` that answers its preflights without running the handler.
///
/// The preflight resource goes after the route, so actual requests, which the route's
/// method guard takes, never pay for its path match and guard. A route that serves
/// `OPTIONS` itself would take preflights too; then the preflight resource goes first.
pub(crate) fn register<F: HttpServiceFactory>(
    config: &mut AppService,
    path: &'static str,
    prepared: &'static Prepared,
    route: F,
) {
    let preflight = Resource::new(path)
        .guard(PreflightFor(prepared))
        .default_service(fn_service(
            move |req: ServiceRequest| -> Ready<Result<ServiceResponse, actix_web::Error>> {
                let res = respond::preflight(prepared, req.path(), req.headers());
                ready(Ok(req.into_response(res)))
            },
        ));
    if prepared.policy.allows_method(b"OPTIONS") {
        HttpServiceFactory::register(preflight, config);
        route.register(config);
    } else {
        route.register(config);
        HttpServiceFactory::register(preflight, config);
    }
}

/// The middleware for a `#[cors]` route that has `wrap`s of its own: it goes outermost, so
/// the responses and errors those middlewares produce carry the grant too.
pub(crate) fn middleware(prepared: &'static Prepared) -> Cors {
    // Cloning values built from `'static` text copies pointers; nothing is allocated.
    Cors::from_prepared(prepared.clone())
}

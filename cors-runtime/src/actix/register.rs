//! Registering an annotated route: its preflight answer first, then the route itself.

use std::future::{ready, Ready};
use std::rc::Rc;

use actix_web::dev::{fn_service, AppService, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::header;
use actix_web::Resource;

use super::middleware::Cors;
use super::prepared::Prepared;
use super::respond;
use crate::policy::Policy;

/// Matches a preflight asking for one of the methods this route serves.
///
/// A preflight for a method the route does not serve falls through to the next resource on
/// the same path, which is how `GET /feed` and `POST /feed` with different policies each
/// answer their own preflights.
struct PreflightFor(Rc<Prepared>);

impl Guard for PreflightFor {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        respond::is_preflight(&head.method, &head.headers)
            && head
                .headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .is_some_and(|m| self.0.policy.allows_method(m.as_bytes()))
    }
}

/// Registers `route` (already wrapped in `cors`) and, before it, a resource on the same
/// `path` that answers its preflights without running the handler.
pub(crate) fn register<F: HttpServiceFactory>(
    config: &mut AppService,
    path: &'static str,
    cors: &Cors,
    route: F,
) {
    let prepared = Rc::clone(cors.prepared());
    let answer = Rc::clone(&prepared);
    let preflight = Resource::new(path)
        .guard(PreflightFor(prepared))
        .default_service(fn_service(
            move |req: ServiceRequest| -> Ready<Result<ServiceResponse, actix_web::Error>> {
                let res = respond::preflight(&answer, req.path(), req.headers());
                ready(Ok(req.into_response(res)))
            },
        ));
    HttpServiceFactory::register(preflight, config);
    route.register(config);
}

/// Builds the middleware for a policy the `#[cors]` macro wrote as a `static`.
pub(crate) fn middleware(policy: &'static Policy) -> Cors {
    // Cloning a policy of borrowed `'static` parts copies pointers; nothing is allocated.
    Cors::new(policy.clone())
}

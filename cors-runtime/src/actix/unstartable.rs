//! What a route or middleware becomes when the deployment's origins break a rule and
//! `env::check()` was not called first: a service that refuses to start, so the app is
//! never served with a half-valid policy, and says why.

use std::future::{ready, Ready};
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::HttpResponse;

use crate::env::DeploymentError;

/// Says why the app cannot start (`error`, one policy's problems, worded as
/// `env::check()` words the whole binary's) once per process: at `error` level through `log`, or on standard error when
/// no logger is installed, since a server that will not start without saying why helps no
/// one.
pub(crate) fn say_once(error: &DeploymentError) {
    static SAID: AtomicBool = AtomicBool::new(false);
    if SAID.swap(true, Ordering::Relaxed) {
        return;
    }
    // One message for the whole binary, as `env::check()` words it: whoever reads it fixes
    // every variable at once, not one route's per restart.
    let whole = crate::env::check().err();
    let error = whole.as_ref().unwrap_or(error);
    if log::max_level() >= log::LevelFilter::Error {
        log::error!("{error}");
    } else {
        eprintln!("{error}");
    }
}

/// A service factory that fails: building the app stops here (`HttpServer` does not start,
/// `actix_web::test::init_service` panics), after [`say_once`] has said why.
pub(crate) struct Unstartable(pub(crate) std::rc::Rc<DeploymentError>);

impl ServiceFactory<ServiceRequest> for Unstartable {
    type Response = ServiceResponse;
    type Error = actix_web::Error;
    type Config = ();
    type Service = Never;
    type InitError = ();
    type Future = Ready<Result<Never, ()>>;

    fn new_service(&self, (): ()) -> Self::Future {
        say_once(&self.0);
        ready(Err(()))
    }
}

/// The service [`Unstartable`] never makes.
pub(crate) struct Never;

impl Service<ServiceRequest> for Never {
    type Response = ServiceResponse;
    type Error = actix_web::Error;
    type Future = Ready<Result<ServiceResponse, actix_web::Error>>;

    actix_web::dev::always_ready!();

    fn call(&self, req: ServiceRequest) -> Self::Future {
        ready(Ok(req.into_response(HttpResponse::InternalServerError())))
    }
}

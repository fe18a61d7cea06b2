//! The middleware that puts the grant on every response of a route, error responses too.

use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::HeaderValue;
use actix_web::Error;

use super::prepared::Prepared;
use super::respond;
use crate::policy::Policy;

/// CORS for everything it wraps: answers preflights and adds the grant to actual responses.
///
/// This is the run-time way in, for a [`Policy`] built at start-up; the `#[cors]` attribute
/// attaches the same middleware to its route for you.
///
/// ```
/// use actix_web::{web, App, HttpResponse};
/// use cors_runtime::{actix::Cors, Policy};
///
/// # fn main() -> Result<(), cors_runtime::PolicyError> {
/// let policy = Policy::builder()
///     .origins(["https://app.example.com"])
///     .credentials(true)
///     .methods(["GET"])
///     .build()?;
/// let app = App::new().service(
///     web::resource("/api/me")
///         .wrap(Cors::new(policy))
///         .route(web::get().to(|| async { HttpResponse::Ok().body("me") })),
/// );
/// # let _ = app;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Cors {
    prepared: Rc<Prepared>,
}

impl Cors {
    /// Wraps a checked policy.
    pub fn new(policy: Policy) -> Self {
        Self::from_prepared(Prepared::new(policy))
    }

    pub(crate) fn from_prepared(prepared: Prepared) -> Self {
        Self {
            prepared: Rc::new(prepared),
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware {
            service,
            prepared: Rc::clone(&self.prepared),
        }))
    }
}

/// The service [`Cors`] wraps around a route.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    prepared: Rc<Prepared>,
}

impl<S, B> Service<ServiceRequest> for CorsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if respond::is_preflight(req.method(), req.headers()) {
            let res = respond::preflight(&self.prepared, req.path(), req.headers());
            return CorsFuture {
                state: State::Preflight {
                    response: Some(req.into_response(res)),
                },
            };
        }
        let grant = respond::grant_for(&self.prepared, req.path(), req.headers());
        CorsFuture {
            state: State::Actual {
                inner: self.service.call(req),
                prepared: Rc::clone(&self.prepared),
                grant,
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`CorsMiddleware`]: no boxing, no allocation.
    pub struct CorsFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F> {
        // The route runs; the grant goes on its response.
        Actual {
            #[pin]
            inner: F,
            prepared: Rc<Prepared>,
            grant: Option<HeaderValue>,
        },
        // A preflight, answered without running the route.
        Preflight {
            response: Option<ServiceResponse<actix_web::body::BoxBody>>,
        },
    }
}

impl<F, B> Future for CorsFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Actual {
                inner,
                prepared,
                grant,
            } => match inner.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(mut res)) => {
                    respond::decorate(prepared, grant.take(), res.headers_mut());
                    Poll::Ready(Ok(res.map_into_left_body()))
                }
                // An error from an inner middleware would become a response after this one
                // has run, without the grant, and the frontend could not read it. Render it
                // here instead, with the grant on.
                Poll::Ready(Err(err)) => {
                    let mut response = err.error_response();
                    respond::decorate(prepared, grant.take(), response.headers_mut());
                    Poll::Ready(Err(actix_web::error::InternalError::from_response(
                        err, response,
                    )
                    .into()))
                }
            },
            StateProj::Preflight { response } => match response.take() {
                Some(res) => Poll::Ready(Ok(res.map_into_right_body())),
                None => Poll::Pending,
            },
        }
    }
}

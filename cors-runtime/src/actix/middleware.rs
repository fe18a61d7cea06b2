//! The middleware that puts the grant on every response of a route, error responses too.

use std::cell::OnceCell;
use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};

use super::prepared::Prepared;
use super::respond::{self, AnsweredBy, Said};
use crate::env::DeploymentError;
use crate::named::{ForMiddleware, NamedPolicy};
use crate::policy::Policy;
use crate::request::Refusal;
use crate::static_policy::StaticPolicy;

impl From<NamedPolicy<ForMiddleware>> for Cors {
    fn from(policy: NamedPolicy<ForMiddleware>) -> Self {
        Cors::from_named(policy)
    }
}

/// CORS for everything it wraps: answers preflights, adds the grant to actual responses, and
/// refuses forged requests (state-changing requests and WebSocket handshakes a browser sends
/// from an origin the policy does not allow) with `403` before anything it wraps runs.
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
    /// The policy ready to answer with, or why the deployment's origins cannot be used:
    /// then the middleware refuses to start.
    prepared: Result<Rc<Prepared>, Rc<DeploymentError>>,
    /// Whether routes under it answer for themselves when they have CORS of their own.
    defer_to_routes: bool,
}

impl Cors {
    /// Wraps a checked policy.
    pub fn new(policy: Policy) -> Self {
        Self::from_prepared(Prepared::new(policy))
    }

    /// The middleware for a policy `cors_policy!` defined with `methods`: answers
    /// preflights for every path under it (paths with no resource too) and grants actual
    /// responses, errors and `404`s included.
    ///
    /// Most specific wins: a `#[cors]` route under it answers its own preflights and actual
    /// requests with its own policy, and so does a `Cors` middleware inside it; this one adds
    /// nothing to their answers. They tell it so with a marker of this crate's in the
    /// request data (on the error response, for an error), never a header: a handler that
    /// sets `Vary: Origin` itself still gets the middleware's grant (and one that sets its
    /// own `Access-Control-Allow-Origin` keeps it). A preflight goes to the
    /// route first, so a plain resource's own `OPTIONS` handler would run before the
    /// middleware answers it: give such routes `#[cors]`.
    ///
    /// A forged request (a state-changing request or a WebSocket handshake a browser sends
    /// from an origin this policy does not allow; see the crate's "Forged requests") is the
    /// same: this middleware refuses it with `403` before anything under it runs, unless the
    /// request goes to a `#[cors]` route mounted on the `App` itself (not in a scope) with
    /// exactly the pattern the app's route map says it matches and serving its method, which then decides by its own origins
    /// before its `wrap`s and handler run. Anything else under it, a `Cors` middleware or a
    /// `#[cors]` route inside a scope included, is refused by this policy's origins: list
    /// there the origins that must act on them.
    ///
    /// A policy with `env(...)` origins reads them here (once per process): when they break
    /// a rule, building the app fails with [`crate::env::check`]'s message.
    pub fn from_named(policy: NamedPolicy<ForMiddleware>) -> Self {
        Self::resolving(policy.static_policy(), true)
    }

    pub(crate) fn resolving(policy: &'static StaticPolicy, defer_to_routes: bool) -> Self {
        Self {
            prepared: crate::env::resolve(policy)
                .map(|resolved| Rc::new(Prepared::new(resolved)))
                .map_err(Rc::new),
            defer_to_routes,
        }
    }

    pub(crate) fn from_prepared(prepared: Prepared) -> Self {
        Self {
            prepared: Ok(Rc::new(prepared)),
            defer_to_routes: false,
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
        let by = AnsweredBy::next();
        ready(match &self.prepared {
            Ok(prepared) => Ok(CorsMiddleware {
                service,
                prepared: Rc::clone(prepared),
                defer_to_routes: self.defer_to_routes,
                by,
                marker: by.container(),
                routes: OnceCell::new(),
            }),
            Err(error) => {
                super::unstartable::say_once(error);
                Err(())
            }
        })
    }
}

/// The service [`Cors`] wraps around a route.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    prepared: Rc<Prepared>,
    defer_to_routes: bool,
    /// Who this middleware is, and the request data that says so.
    by: AnsweredBy,
    marker: Rc<actix_web::dev::Extensions>,
    /// The `#[cors]` routes' paths and methods, read from the registry at the first forged
    /// request a deferring middleware sees (after every `App` is built).
    routes: OnceCell<Vec<crate::registry::RouteMethods>>,
}

impl<S> CorsMiddleware<S> {
    /// Whether a `#[cors]` route takes `req`, by the pattern the app's route map says it
    /// matches (the one allocation on this path, and only when such routes exist).
    fn route_takes(&self, req: &ServiceRequest) -> bool {
        let routes = self.routes.get_or_init(crate::registry::route_methods);
        !routes.is_empty()
            && req.match_pattern().is_some_and(|pattern| {
                crate::registry::route_serves(routes, &pattern, req.method().as_str().as_bytes())
            })
    }
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

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        // The innermost CORS a request goes through answers it: what `Cors::from(NAME)`
        // outside this one reads to leave this one's answer alone.
        req.add_data_container(Rc::clone(&self.marker));
        if respond::is_preflight(req.method(), req.headers()) {
            if self.defer_to_routes {
                // A route with CORS of its own answers its preflights; the middleware
                // answers every other path, and decides (and logs) only then.
                let (answer, said) =
                    respond::decide_preflight(&self.prepared, req.path(), req.headers(), &|| {
                        self.prepared.allow_methods.clone()
                    });
                return CorsFuture {
                    state: State::PreflightAfterRoutes {
                        inner: self.service.call(req),
                        answer: Some((answer, said)),
                        by: self.by,
                    },
                };
            }
            let own = || self.prepared.allow_methods.clone();
            let res = respond::preflight(&self.prepared, req.path(), req.headers(), &own);
            let res = req.into_response(res);
            return CorsFuture {
                state: State::Answered {
                    response: Some(res),
                },
            };
        }
        // Decided now, from the request's headers; a refusal is logged only once the grant is
        // the answer, so that a route's own answer under `Cors::from` is not also logged as
        // this policy's refusal.
        let grant = respond::actual_grant(&self.prepared, req.headers());
        // A forged request is answered here: nothing under this middleware runs, the route's
        // own `wrap`s included. `Cors::from` leaves it to a `#[cors]` route the request
        // goes to, which decides with its own origins (looked up only on this rare path).
        if let Some(forged) = respond::forged(
            &self.prepared,
            req.head(),
            req.app_config().secure(),
            &grant,
        )
        .filter(|_| !(self.defer_to_routes && self.route_takes(&req)))
        {
            let res = respond::refuse_forged(&self.prepared, req.head(), forged);
            return CorsFuture {
                state: State::Answered {
                    response: Some(req.into_response(res)),
                },
            };
        }
        CorsFuture {
            state: State::Actual {
                inner: self.service.call(req),
                prepared: Rc::clone(&self.prepared),
                grant,
                by: self.by,
                defer_to_routes: self.defer_to_routes,
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
            grant: Result<HeaderValue, Refusal>,
            by: AnsweredBy,
            defer_to_routes: bool,
        },
        // A preflight under App or scope middleware: the routes first, then, when none of
        // them answered with CORS of its own, the middleware's answer.
        PreflightAfterRoutes {
            #[pin]
            inner: F,
            answer: Option<(HttpResponse, Said)>,
            by: AnsweredBy,
        },
        // A preflight, or a forged request, answered without running the route.
        Answered {
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
                by,
                defer_to_routes,
            } => match inner.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(mut res)) => {
                    if !(*defer_to_routes && by.deferred_to(&res)) {
                        let grant = take(grant, Some(res.request().path()));
                        respond::decorate(prepared, grant, res.headers_mut());
                    }
                    Poll::Ready(Ok(res.map_into_left_body()))
                }
                // An error from an inner middleware would become a response after this one
                // has run, without the grant, and the frontend could not read it. Render it
                // here instead, with the grant on.
                Poll::Ready(Err(err)) => {
                    let mut response = err.error_response();
                    if !(*defer_to_routes && by.deferred_to_response(&response)) {
                        respond::decorate(prepared, take(grant, None), response.headers_mut());
                        // The error path alone: a CORS outside reads who answered here.
                        response.extensions_mut().insert(*by);
                    }
                    Poll::Ready(Err(actix_web::error::InternalError::from_response(
                        err, response,
                    )
                    .into()))
                }
            },
            StateProj::PreflightAfterRoutes { inner, answer, by } => match inner.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(res)) if by.deferred_to(&res) => {
                    Poll::Ready(Ok(res.map_into_left_body()))
                }
                Poll::Ready(Ok(res)) => match answer.take() {
                    Some((answer, said)) => {
                        said.say();
                        Poll::Ready(Ok(res.into_response(answer).map_into_right_body()))
                    }
                    None => Poll::Pending,
                },
                Poll::Ready(Err(err)) => {
                    // An error rendered by a `Cors` inside this one carries its answer, and
                    // its mark: that answer stands.
                    let rendered = err.error_response();
                    if by.deferred_to_response(&rendered) {
                        return Poll::Ready(Err(actix_web::error::InternalError::from_response(
                            err, rendered,
                        )
                        .into()));
                    }
                    match answer.take() {
                        Some((mut answer, said)) => {
                            said.say();
                            answer.extensions_mut().insert(*by);
                            Poll::Ready(Err(actix_web::error::InternalError::from_response(
                                err, answer,
                            )
                            .into()))
                        }
                        None => Poll::Pending,
                    }
                }
            },
            StateProj::Answered { response } => match response.take() {
                Some(res) => Poll::Ready(Ok(res.map_into_right_body())),
                None => Poll::Pending,
            },
        }
    }
}

/// The grant, now that it is the answer, saying why there is none (on `path`, when known).
fn take(grant: &mut Result<HeaderValue, Refusal>, path: Option<&str>) -> Option<HeaderValue> {
    match std::mem::replace(grant, Err(Refusal::NoOrigin)) {
        Ok(value) => Some(value),
        Err(refusal) => {
            respond::log_refusal(path.unwrap_or("(an error response)"), refusal);
            None
        }
    }
}

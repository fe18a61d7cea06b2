//! Registering an annotated route: as one resource that answers both the route's requests
//! and its preflights, or, for a route with `wrap`s of its own, beside a resource that
//! answers its preflights.

use std::future::{ready, Ready};
use std::rc::Rc;

use actix_web::dev::{
    fn_service, AppService, HttpServiceFactory, ServiceFactory, ServiceRequest, ServiceResponse,
};
use actix_web::guard::{self, Guard, GuardContext};
use actix_web::http::{header, Method};
use actix_web::{FromRequest, Handler, HttpMessage, HttpResponse, Resource, Responder, Route};

use super::at_path::{self, AtPath};
use super::middleware::Cors;
use super::prepared::Prepared;
use super::respond;
use super::unstartable::Unstartable;
use crate::static_policy::StaticPolicy;

/// Whether `head` is a preflight this route answers: one asking for a method it serves, or,
/// from an origin its policy allows, for a method no route on its path serves (then the
/// answer says what the path serves; see [`AtPath`]).
fn is_preflight_for(prepared: &Prepared, at_path: &AtPath, ctx: &GuardContext<'_>) -> bool {
    let head = ctx.head();
    head.method == Method::OPTIONS
        && head
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| takes_preflight(prepared, at_path, m.as_bytes(), ctx))
}

/// Whether the route takes a preflight asking for `method`: the allowed method is the hot
/// path, a comparison; the rest is the rare refusal.
fn takes_preflight(
    prepared: &Prepared,
    at_path: &AtPath,
    method: &[u8],
    ctx: &GuardContext<'_>,
) -> bool {
    // Another route's method is the common case on a shared path: settled by the path's
    // method list before the origin is matched.
    if prepared.policy.allows_method(method) {
        return true;
    }
    if at_path.serves(method) {
        return false;
    }
    if respond::may_be_told(prepared, &ctx.head().headers) {
        return true;
    }
    // On the way to an explanation by a route after this one: it names this one's methods.
    at_path::pass_by(prepared, &mut ctx.req_data_mut());
    false
}

/// Matches a preflight this route answers ([`is_preflight_for`]).
///
/// A preflight for a method the route does not serve falls through to the next resource on
/// the same path, which is how `GET /feed` and `POST /feed` with different policies each
/// answer their own preflights.
struct PreflightFor(Rc<Prepared>, Rc<AtPath>);

impl Guard for PreflightFor {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        is_preflight_for(&self.0, &self.1, ctx)
    }
}

/// The guard of the preflight route inside an annotated route's resource, which [`Admit`]
/// has already let in: there every `OPTIONS` request with `Access-Control-Request-Method` is
/// one of the route's preflights. A plain `OPTIONS` request goes to the handler of a route
/// that serves `OPTIONS`.
struct AdmittedPreflight {
    serves_options: bool,
}

impl Guard for AdmittedPreflight {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        if self.serves_options {
            respond::is_preflight(&head.method, &head.headers)
        } else {
            head.method == Method::OPTIONS
        }
    }
}

/// The guard actix-web's route attribute gets on a route with `wrap`s that serves `OPTIONS`:
/// its preflights are answered by the resource beside it, and another route's preflights
/// must reach that route, so the handler never takes a preflight.
pub(crate) fn not_preflight(ctx: &GuardContext<'_>) -> bool {
    let head = ctx.head();
    !respond::is_preflight(&head.method, &head.headers)
}

/// The resource guard of an annotated route: its preflights, and requests for the methods it
/// serves that pass the route's own `guard`s. Preflights skip those guards, because a
/// browser sends a preflight without the credentials or custom headers they usually test.
/// A preflight for a method the route does not serve is never let in, even when the route
/// serves `OPTIONS`: it belongs to another route on the same path, registered before or
/// after this one.
struct Admit {
    prepared: Rc<Prepared>,
    at_path: Rc<AtPath>,
    /// The route's methods, parsed once: the request's method is compared, not re-read.
    methods: Vec<Method>,
    guards: Vec<Box<dyn Guard>>,
}

impl Guard for Admit {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        if head.method == Method::OPTIONS {
            if let Some(requested) = head.headers.get(header::ACCESS_CONTROL_REQUEST_METHOD) {
                return takes_preflight(&self.prepared, &self.at_path, requested.as_bytes(), ctx);
            }
        }
        let admitted =
            self.methods.contains(&head.method) && self.guards.iter().all(|g| g.check(ctx));
        if !admitted {
            // actix-web's own method guard records the route's methods for the `Allow`
            // header of a later `405`, as on a route without `#[cors]`; only a request
            // turned away pays for that bookkeeping.
            for method in &self.methods {
                guard::Method(method.clone()).check(ctx);
            }
        }
        admitted
    }
}

/// A service as a route takes it.
trait RouteService:
    ServiceFactory<
    ServiceRequest,
    Config = (),
    Response = ServiceResponse,
    Error = actix_web::Error,
    InitError = (),
>
{
}

impl<T> RouteService for T where
    T: ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >
{
}

/// `handler` as a service, as actix-web's `Route::to` makes it, that adds the grant to every
/// response: the handler's answer, and the error of an extractor that failed (a body that is
/// not JSON), so the frontend can read why. This costs a fraction of a middleware layer,
/// which would add a service call and a boxed future per request (see `BENCHMARKS.md`).
///
/// The grant is decided first, from the request's headers, and its origin match also decides
/// whether the request is forged ([`respond::forged`]): a forged one gets its `403` before
/// any extractor reads the request or the handler runs.
fn granting<F, Args>(prepared: Rc<Prepared>, handler: F) -> impl RouteService
where
    F: Handler<Args>,
    Args: FromRequest,
    F::Output: Responder,
{
    fn_service(move |req: ServiceRequest| {
        let handler = handler.clone();
        let prepared = Rc::clone(&prepared);
        async move {
            let grant = respond::actual_grant(&prepared, req.headers());
            if let Some(forged) =
                respond::forged(&prepared, req.head(), req.app_config().secure(), &grant)
            {
                let res = respond::refuse_forged(&prepared, req.head(), forged);
                return Ok(req.into_response(res));
            }
            let (req, mut payload) = req.into_parts();
            let mut res = match Args::from_request(&req, &mut payload).await {
                Err(err) => HttpResponse::from_error(err),
                Ok(args) => handler
                    .call(args)
                    .await
                    .respond_to(&req)
                    .map_into_boxed_body(),
            };
            let grant = respond::logged(grant, req.path());
            respond::decorate(&prepared, grant, res.headers_mut());
            Ok(ServiceResponse::new(req, res))
        }
    })
}

fn preflight_service(prepared: Rc<Prepared>) -> impl RouteService {
    fn_service(
        move |req: ServiceRequest| -> Ready<Result<ServiceResponse, actix_web::Error>> {
            let served_here = || at_path::allow_methods(&prepared, &req.extensions());
            let res = respond::preflight(&prepared, req.path(), req.headers(), &served_here);
            ready(Ok(req.into_response(res)))
        },
    )
}

/// Registers `handler` on `path` under the resource name `name`, as actix-web's route
/// attributes would, in one resource with the route that answers its preflights; the
/// handler's responses carry the grant.
///
/// The preflight route comes first, so a route that serves `OPTIONS` itself still has its
/// preflights answered for it; an actual request passes it after one method comparison.
pub(crate) fn route<F, Args>(
    config: &mut AppService,
    path: &'static str,
    name: &str,
    policy: &'static StaticPolicy,
    guards: Vec<Box<dyn Guard>>,
    handler: F,
) where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let prepared = match crate::env::resolve(policy) {
        Ok(resolved) => Rc::new(Prepared::new(resolved)),
        Err(error) => {
            let refuse = Resource::new(path)
                .name(name)
                .default_service(Unstartable(Rc::new(error)));
            return HttpServiceFactory::register(refuse, config);
        }
    };
    let methods = prepared
        .policy
        .methods()
        .iter()
        .filter_map(|m| Method::from_bytes(m.as_bytes()).ok())
        .collect();
    let at_path = Rc::new(AtPath::new(path));
    let resource = Resource::new(path)
        .name(name)
        .app_data(respond::AnsweredBy::ROUTE)
        .guard(Admit {
            prepared: Rc::clone(&prepared),
            at_path: Rc::clone(&at_path),
            methods,
            guards,
        })
        .route(
            Route::new()
                .guard(AdmittedPreflight {
                    serves_options: prepared.policy.allows_method(b"OPTIONS"),
                })
                .service(preflight_service(Rc::clone(&prepared))),
        )
        .route(Route::new().service(granting(prepared, handler)));
    HttpServiceFactory::register(resource, config);
}

/// Registers `route` (a service made by actix-web's route attribute, with the route's own
/// `wrap`s and the CORS middleware outermost) and a resource on the same `path` that
/// answers its preflights without running the handler or those middlewares.
///
/// The preflight resource goes after the route, so actual requests, which the route's
/// method guard takes, never pay for its path match and guard. A route that serves
/// `OPTIONS` carries the [`not_preflight`] guard, so it lets every preflight through.
pub(crate) fn register<F: HttpServiceFactory>(
    config: &mut AppService,
    path: &'static str,
    policy: &'static StaticPolicy,
    route: F,
) {
    route.register(config);
    preflights(config, path, policy);
}

/// Registers the resource that answers the preflights of the route on `path` with `policy`,
/// after the route: see [`register`].
pub(crate) fn preflights(
    config: &mut AppService,
    path: &'static str,
    policy: &'static StaticPolicy,
) {
    let preflight = match crate::env::resolve(policy) {
        Ok(resolved) => {
            let prepared = Rc::new(Prepared::new(resolved));
            let at_path = Rc::new(AtPath::new(path));
            Resource::new(path)
                .app_data(respond::AnsweredBy::ROUTE)
                .guard(PreflightFor(Rc::clone(&prepared), Rc::clone(&at_path)))
                .default_service(preflight_service(prepared))
        }
        Err(error) => Resource::new(path).default_service(Unstartable(Rc::new(error))),
    };
    HttpServiceFactory::register(preflight, config);
}

/// The middleware for a `#[cors]` route that has `wrap`s of its own: it goes outermost, so
/// the responses and errors those middlewares produce carry the grant too.
pub(crate) fn middleware(policy: &'static StaticPolicy) -> Cors {
    Cors::resolving(policy, false)
}

//! The grant added where the handler's answer becomes a response: what a `#[cors]` route
//! without `wrap`s uses instead of a middleware, because a middleware layer costs more per
//! request than the CORS work itself (see `BENCHMARKS.md`).

use actix_web::body::EitherBody;
use actix_web::{HttpRequest, HttpResponse, Responder};

use super::prepared::Prepared;
use super::respond;

/// What a `#[cors]` handler without extractors returns: its answer, which becomes a response
/// carrying the CORS grant.
#[doc(hidden)]
#[derive(Debug)]
pub struct Granted<R> {
    prepared: &'static Prepared,
    responder: R,
}

impl<R> Granted<R> {
    /// The handler answered `responder`.
    pub fn new(prepared: &'static Prepared, responder: R) -> Self {
        Self {
            prepared,
            responder,
        }
    }
}

impl<R: Responder> Responder for Granted<R> {
    type Body = R::Body;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse<Self::Body> {
        let mut res = self.responder.respond_to(req);
        grant(self.prepared, req, &mut res);
        res
    }
}

/// What a `#[cors]` handler with extractors returns. `Err` is an extractor that failed (a
/// body that is not valid JSON, say): its error response gets the grant too, so the frontend
/// can read why.
#[doc(hidden)]
#[derive(Debug)]
pub struct GrantedResult<R> {
    prepared: &'static Prepared,
    outcome: Result<R, actix_web::Error>,
}

impl<R> GrantedResult<R> {
    /// The handler ran and answered `responder`.
    pub fn new(prepared: &'static Prepared, responder: R) -> Self {
        Self {
            prepared,
            outcome: Ok(responder),
        }
    }

    /// An extractor failed, so the handler did not run.
    pub fn failed(prepared: &'static Prepared, error: actix_web::Error) -> Self {
        Self {
            prepared,
            outcome: Err(error),
        }
    }
}

impl<R: Responder> Responder for GrantedResult<R> {
    type Body = EitherBody<R::Body>;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse<Self::Body> {
        let mut res = match self.outcome {
            Ok(responder) => responder.respond_to(req).map_into_left_body(),
            Err(error) => HttpResponse::from_error(error).map_into_right_body(),
        };
        grant(self.prepared, req, &mut res);
        res
    }
}

fn grant<B>(prepared: &Prepared, req: &HttpRequest, res: &mut HttpResponse<B>) {
    let grant = respond::grant_for(prepared, req.path(), req.headers());
    respond::decorate(prepared, grant, res.headers_mut());
}

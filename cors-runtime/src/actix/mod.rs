//! The actix-web integration: the middleware that answers preflights and grants actual
//! requests, and the registration the `#[cors]` attribute expands to.
//!
//! What a route gets, for a request from an allowed origin:
//! - actual requests: `Access-Control-Allow-Origin` (the origin, or `*` for an any-origin
//!   policy), `Access-Control-Allow-Credentials: true` and `Access-Control-Expose-Headers`
//!   when configured, on every response, error responses included;
//! - preflights (`OPTIONS` with `Access-Control-Request-Method`): `204` with the grant,
//!   `Access-Control-Allow-Methods`, `-Allow-Headers`, `-Max-Age`, and
//!   `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers`; the
//!   handler does not run.
//!
//! A preflight from an allowed origin that asks for a method or a header the policy does not
//! list gets `200` with the grant and what is allowed, without `Access-Control-Max-Age`: the
//! browser still refuses, and its console names the method or header. Anything else gets no
//! `Access-Control-*` header at all (a preflight gets `403` with a short reason), and a
//! `debug` log line says which rule refused it. Every response of a route
//! whose answer depends on the origin carries `Vary: Origin`, appended to the handler's own.

mod at_path;
mod middleware;
mod prepared;
pub(crate) mod register;
mod respond;
mod unstartable;

pub use middleware::{Cors, CorsFuture, CorsMiddleware};

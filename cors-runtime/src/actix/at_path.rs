//! What the `#[cors]` routes on one path serve, for the preflight none of them takes.
//!
//! A preflight for a method no route on its path serves used to fall through to a `404`
//! without CORS headers, and Chromium blamed the origin. The first route on the path whose
//! policy allows the origin takes it instead, and answers with the methods served there, so
//! the browser's console names the method.
//!
//! Two facts, from two places:
//! - Whether any route written with this route path serves a method ([`AtPath::serves`]),
//!   from the registry, read once: a route must never take a preflight another route on its
//!   path would grant. The registry is process-wide and actix-web tells a route neither its
//!   `App` nor its scope, so a route in another scope or app with the same route path counts
//!   too: the cost is a `404` instead of an explanation, never a wrong grant.
//! - What is served under the path the request reached ([`ServedHere`]): the routes the
//!   router tried before the one that takes it, each of which wrote its methods into the
//!   request as it let the preflight pass, and the taker's own. Nothing from another scope
//!   or app is ever named.

use std::cell::OnceCell;

use actix_web::dev::Extensions;
use actix_web::http::header::HeaderValue;

use super::prepared::Prepared;
use crate::policy::Text;

/// The methods every route written with one route path serves, read once, when first
/// needed.
#[derive(Debug)]
pub(crate) struct AtPath {
    pattern: &'static str,
    methods: OnceCell<Vec<Text>>,
}

impl AtPath {
    pub(crate) fn new(pattern: &'static str) -> Self {
        Self {
            pattern,
            methods: OnceCell::new(),
        }
    }

    /// Whether some route written with this route path serves `method` (compared byte for
    /// byte, as a browser compares `Access-Control-Allow-Methods`).
    pub(crate) fn serves(&self, method: &[u8]) -> bool {
        self.methods
            .get_or_init(|| crate::registry::methods_at(self.pattern))
            .iter()
            .any(|served| served.as_bytes() == method)
    }
}

/// The methods of the routes the router tried for this preflight before the one that takes
/// it, kept in the request's extensions. Written only on the way to an explanation (a
/// preflight for a method no route on the path serves), never for a granted request.
#[derive(Debug, Default)]
pub(crate) struct ServedHere(Vec<Text>);

/// Notes that a route with `prepared`'s methods let the preflight in `extensions` pass.
pub(crate) fn pass_by(prepared: &Prepared, extensions: &mut Extensions) {
    if !extensions.contains::<ServedHere>() {
        extensions.insert(ServedHere::default());
    }
    if let Some(ServedHere(served)) = extensions.get_mut::<ServedHere>() {
        for method in prepared.policy.methods() {
            if !served.contains(method) {
                served.push(method.clone());
            }
        }
    }
}

/// `Access-Control-Allow-Methods` for a preflight the route with `prepared` refuses for its
/// method: the methods served under the path it reached, the routes' tried before it and
/// its own.
pub(crate) fn allow_methods(prepared: &Prepared, extensions: &Extensions) -> HeaderValue {
    let Some(ServedHere(before)) = extensions.get::<ServedHere>() else {
        return prepared.allow_methods.clone();
    };
    let mut methods: Vec<&str> = before.iter().map(AsRef::as_ref).collect();
    for method in prepared.policy.methods() {
        if !methods.contains(&method.as_ref()) {
            methods.push(method);
        }
    }
    // Method names are tokens, so the joined list is a valid value; the fallback is the
    // route's own list, never a panic.
    HeaderValue::from_str(&methods.join(", ")).unwrap_or_else(|_| prepared.allow_methods.clone())
}

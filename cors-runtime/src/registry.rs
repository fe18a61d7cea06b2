//! Every `#[cors]` route and `cors_policy!` the binary uses, so that [`crate::env::check`]
//! and [`crate::report()`] see them without the app listing anything.
//!
//! Two ways in, chosen by what must be known before the server starts:
//! - `cors_policy!` definitions and routes with `env(...)` origins register themselves at
//!   link time (`inventory`), so `env::check()` finds every deployment value before any
//!   `App` is built.
//! - Every other route registers itself when an `App` that mounts it is built. A link-time
//!   entry is a `static` that rustc evaluates even under `cargo check`; one per route cost a
//!   200-route crate about a fifth more type-checking time (`BENCHMARKS.md`), for routes
//!   whose policy was already checked when they compiled.

use std::sync::{Mutex, PoisonError};

use crate::policy::Text;
use crate::static_policy::StaticPolicy;

/// One annotated route or named policy. Written by the macros; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Registered {
    /// A route or a policy.
    pub kind: Kind,
    /// `module_path!()` where it was written.
    pub module: &'static str,
    /// Its checked policy.
    pub policy: &'static StaticPolicy,
}

/// What a [`Registered`] is. Not a public API.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `#[cors]` handler.
    Route {
        /// The route attribute's path.
        path: &'static str,
        /// The handler function's name.
        handler: &'static str,
        /// The named policy it starts from, as written (`APP`, `crate::policies::APP`).
        named: Option<&'static str>,
    },
    /// A `cors_policy!`.
    Policy {
        /// The policy's name.
        name: &'static str,
    },
}

/// Where a route was written, handed to its registration when an `App` mounts it: the
/// handler's name, `module_path!()`, and the named policy it starts from as written (empty
/// for none). Written by the macros; not a public API.
///
/// A tuple of literals, because rustc type-checks it for next to nothing, where a struct
/// literal with an `Option` cost a 200-route crate 3 % more instructions to check.
#[doc(hidden)]
pub type WrittenAt = (&'static str, &'static str, &'static str);

inventory::collect!(Registered);

/// Routes registered by the `App`s built so far, each once however many workers mount it.
/// Leaked: one small entry per route the binary has, for the life of the process.
static MOUNTED: Mutex<Vec<&'static Registered>> = Mutex::new(Vec::new());

/// The `#[cors]` routes an `App` mounted on itself, outside any scope: their route path is
/// the whole pattern a request matches, which `Cors::from` compares (`route_serves`).
static AT_ROOT: Mutex<Vec<(&'static str, &'static StaticPolicy)>> = Mutex::new(Vec::new());

/// Records a route an `App` is mounting (`root`: on the `App` itself, not in a scope), unless
/// it registered itself at link time.
#[cfg_attr(not(feature = "actix"), allow(dead_code))]
pub(crate) fn mount(
    path: &'static str,
    site: WrittenAt,
    policy: &'static StaticPolicy,
    root: bool,
) {
    if root {
        let mut at_root = AT_ROOT.lock().unwrap_or_else(PoisonError::into_inner);
        if !at_root
            .iter()
            .any(|(p, known)| *p == path && std::ptr::eq(*known, policy))
        {
            at_root.push((path, policy));
        }
    }
    if at_link_time(policy) {
        return;
    }
    let (handler, module, named) = site;
    let kind = Kind::Route {
        path,
        handler,
        named: Some(named).filter(|named| !named.is_empty()),
    };
    // A panic elsewhere while the lock was held left the list whole: every push completes.
    let mut mounted = MOUNTED.lock().unwrap_or_else(PoisonError::into_inner);
    if !mounted
        .iter()
        .any(|known| known.kind == kind && known.module == module)
    {
        mounted.push(Box::leak(Box::new(Registered {
            kind,
            module,
            policy,
        })));
    }
}

/// Whether a route with this policy registers itself at link time: the same test the
/// macro makes when it decides to emit the registration.
fn at_link_time(policy: &StaticPolicy) -> bool {
    !policy.deployed.is_empty()
}

/// Every registration so far, in no particular order.
pub(crate) fn all() -> Vec<&'static Registered> {
    let mounted = MOUNTED.lock().unwrap_or_else(PoisonError::into_inner);
    inventory::iter::<Registered>
        .into_iter()
        .chain(mounted.iter().copied())
        .collect()
}

/// The methods the routes written with route path `path` serve, each once, in the order
/// they were registered and written: what a preflight none of them takes is told is allowed
/// there. Routes in different scopes with the same route path count together, which only
/// ever adds methods another route serves.
#[cfg_attr(not(feature = "actix"), allow(dead_code))]
pub(crate) fn methods_at(path: &str) -> Vec<Text> {
    let mut methods: Vec<Text> = Vec::new();
    for registered in all() {
        if matches!(registered.kind, Kind::Route { path: p, .. } if p == path) {
            // A policy that does not read serves nothing: its route refuses to start.
            let Ok(policy) = registered.policy.policy() else {
                continue;
            };
            for method in policy.methods() {
                if !methods.contains(method) {
                    methods.push(method.clone());
                }
            }
        }
    }
    methods
}

/// A `#[cors]` route's path, as its route attribute writes it, and the methods it serves.
pub(crate) type RouteMethods = (&'static str, Vec<Text>);

/// The path and methods of every `#[cors]` route an `App` mounted on itself (not in a
/// scope, whose prefix the route's path leaves out), read once by each `Cors::from` that
/// needs them.
#[cfg_attr(not(feature = "actix"), allow(dead_code))]
pub(crate) fn route_methods() -> Vec<RouteMethods> {
    let at_root = AT_ROOT.lock().unwrap_or_else(PoisonError::into_inner);
    at_root
        .iter()
        .filter_map(|(path, policy)| Some((*path, policy.policy().ok()?.methods().to_vec())))
        .collect()
}

/// Whether one of `routes` is written with exactly `pattern`, the full route pattern the
/// request matches, and serves `method`: what a `Cors::from` outside such a route reads
/// before it refuses a forged request, so that route decides with its own, more specific,
/// origins. Exactly, and only routes mounted on an `App` itself: a route's path is written
/// without its scope's prefix, so a scoped `#[cors]` `/orders` must not vouch for a plain
/// root `/orders`, nor a `#[cors]` `/items` for a plain `/v2/items`; those stay refused. A
/// `#[cors]` route inside a scope is not recognised, and the middleware decides for it: it
/// fails closed. (One process serving two `App`s that mount the same path, one with
/// `#[cors]` on it and one without, is the case this cannot tell apart.)
#[cfg_attr(not(feature = "actix"), allow(dead_code))]
pub(crate) fn route_serves(routes: &[RouteMethods], pattern: &str, method: &[u8]) -> bool {
    routes.iter().any(|(path, methods)| {
        *path == pattern && methods.iter().any(|served| served.as_bytes() == method)
    })
}

impl Registered {
    /// How messages and the report name it: ``GET /api/me (`me` in `app::api`)`` or
    /// ``policy `APP` (`app`)``.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            Kind::Route { path, handler, .. } => format!(
                "{} {path} (`{handler}` in `{}`)",
                self.policy
                    .policy()
                    .map(|policy| policy.allow_methods().to_owned())
                    .unwrap_or_default(),
                self.module
            ),
            Kind::Policy { name, .. } => format!("policy `{name}` (`{}`)", self.module),
        }
    }
}

//! Merges a route's arguments over the policy they start from, into the one policy the
//! route ends up with: each key the route writes replaces the policy's (lists whole, as in
//! struct update syntax), every other key is the policy's. One rule for every layer: a
//! handler's own arguments over its module's (`layered`), and the result over a named
//! policy (`merge`). The rule book then sees one finished policy; each value keeps the span
//! of the token that wrote it.

use crate::parse::Args;

/// A handler's own arguments (`__own(...)`, written by a module with `#[cors]`) layered over
/// the module's; arguments without them as they are.
pub(crate) fn layered(mut args: Args) -> Args {
    match args.own.take() {
        Some(own) => merge(args, *own),
        None => args,
    }
}

/// `policy` with every key `route` gives replaced by the route's. The keys given are both
/// layers', so that a named policy under the result sees the module's and the handler's
/// keys as the route's.
pub(crate) fn merge(policy: Args, route: Args) -> Args {
    let given = |key: &str| route.given.contains(&key);
    let mut keys = policy.given.clone();
    keys.extend(route.given.iter().filter(|key| !policy.given.contains(key)));
    Args {
        name: route.name.or(policy.name),
        off: None,
        methods: None,
        origins_unreadable: pick(
            given("origins"),
            route.origins_unreadable,
            policy.origins_unreadable,
        ),
        origins: pick(given("origins"), route.origins, policy.origins),
        origin_fn: pick(given("origin_fn"), route.origin_fn, policy.origin_fn),
        credentials: pick(given("credentials"), route.credentials, policy.credentials),
        headers: pick(given("headers"), route.headers, policy.headers),
        expose: pick(given("expose"), route.expose, policy.expose),
        max_age: pick(given("max_age"), route.max_age, policy.max_age),
        private_network: pick(
            given("private_network"),
            route.private_network,
            policy.private_network,
        ),
        csrf_exempt: pick(given("csrf_exempt"), route.csrf_exempt, policy.csrf_exempt),
        krate: pick(given("crate"), route.krate, policy.krate),
        given: keys,
        own: None,
    }
}

/// The route's value when it wrote the key, else the policy's.
fn pick<T>(route_gives: bool, route: T, policy: T) -> T {
    if route_gives {
        route
    } else {
        policy
    }
}

//! Finds the actix-web route attribute stacked below `#[cors]` and reads what the policy
//! needs from it: the path and the methods it serves.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta, MetaNameValue, Token};

/// Route attributes, by the last segment of their path, and the method each one serves.
const ROUTE_ATTRIBUTES: [(&str, Option<&str>); 11] = [
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("patch", Some("PATCH")),
    ("delete", Some("DELETE")),
    ("head", Some("HEAD")),
    ("options", Some("OPTIONS")),
    ("trace", Some("TRACE")),
    ("connect", Some("CONNECT")),
    // HTTP `QUERY` (actix-web 4.18): not CORS-safelisted, so browsers preflight it.
    ("query", Some("QUERY")),
    ("route", None),
];

/// The route attribute, found and read.
pub(crate) struct Route {
    /// Its position among the handler's attributes.
    pub(crate) index: usize,
    pub(crate) path: LitStr,
    /// The methods it serves, each with the span to blame for it.
    pub(crate) methods: Vec<(String, Span)>,
    /// Whether it wraps the route in middlewares of its own.
    pub(crate) has_wrap: bool,
    /// What `#[cors]` needs to register the route itself, when every argument is one it
    /// reads exactly as actix-web does; `None` leaves registration, and the reporting of
    /// any mistake in the arguments, to actix-web's attribute.
    pub(crate) direct: Option<DirectRoute>,
}

/// A route attribute's arguments, read for `#[cors]` to register the route itself.
pub(crate) struct DirectRoute {
    /// The attribute's path (`get`, `actix_web::route`), kept so that the user's import of
    /// it still counts as used once the attribute is gone.
    pub(crate) attr_path: syn::Path,
    /// The resource name: `name = "..."`, or the handler's name.
    pub(crate) name: Option<LitStr>,
    /// The `guard = "path::to::fn"` functions, in order.
    pub(crate) guards: Vec<syn::Path>,
    /// Whether the path has only `{name}` segments, which actix-router certainly accepts;
    /// regex segments need actix-web's own compile-time check.
    pub(crate) plain_path: bool,
}

/// The largest number of dynamic segments actix-router accepts in one path.
const MAX_DYNAMIC_SEGMENTS: usize = 16;

/// Whether actix-router certainly accepts `path`: static text and `{name}` segments, with an
/// optional `{name}*` tail. Anything else (a regex segment, `{id:\\d+}`) can make
/// actix-router panic when the app starts, so actix-web's attribute checks it at compile time.
fn is_plain_path(path: &str) -> bool {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains(['}', '*']) {
            return false;
        }
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return false;
        };
        let name = &rest[open + 1..close];
        let is_ident = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_ident || names.contains(&name) {
            return false;
        }
        names.push(name);
        rest = &rest[close + 1..];
        if rest == "*" {
            rest = "";
        }
    }
    !rest.contains(['}', '*']) && names.len() <= MAX_DYNAMIC_SEGMENTS
}

/// The arguments read as actix-web reads them, or `None` at the first one that is not
/// plainly valid, or is a `wrap` (which keeps actix-web's attribute and the middleware).
fn direct_route(
    attr: &Attribute,
    kind: &str,
    args: &RouteArgs,
    methods: &[(String, Span)],
) -> Option<DirectRoute> {
    // actix-web takes a method written in uppercase letters; the rule book has already
    // refused a route without methods or with one listed twice.
    let uppercase = |(method, _): &(String, Span)| method.bytes().all(|b| b.is_ascii_uppercase());
    if !methods.iter().all(uppercase) {
        return None;
    }
    let mut direct = DirectRoute {
        attr_path: attr.path().clone(),
        name: None,
        guards: Vec::new(),
        plain_path: is_plain_path(&args.path.value()),
    };
    for option in &args.options {
        let Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) = &option.value
        else {
            return None;
        };
        if option.path.is_ident("name") && direct.name.is_none() {
            direct.name = Some(lit.clone());
        } else if option.path.is_ident("guard") {
            direct.guards.push(lit.parse().ok()?);
        } else if !(option.path.is_ident("method") && kind == "route") {
            return None;
        }
    }
    Some(direct)
}

/// `"/path", key = value, ...`, as actix-web's route attributes take them.
struct RouteArgs {
    path: LitStr,
    options: Punctuated<MetaNameValue, Token![,]>,
}

impl Parse for RouteArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path = input.parse()?;
        let options = if input.is_empty() {
            Punctuated::new()
        } else {
            input.parse::<Token![,]>()?;
            Punctuated::parse_terminated(input)?
        };
        Ok(Self { path, options })
    }
}

fn route_kind(attr: &Attribute) -> Option<(&'static str, Option<&'static str>)> {
    let last = attr.path().segments.last()?.ident.to_string();
    ROUTE_ATTRIBUTES
        .iter()
        .find(|(name, _)| *name == last)
        .copied()
}

/// The position of the first route attribute among `attrs`, or of the `#[routes]` above
/// several: attribute macros above it expand first, and `#[routes]` is `#[cors]`'s to read.
pub(crate) fn position(attrs: &[Attribute]) -> Option<usize> {
    let first = attrs.iter().position(|a| route_kind(a).is_some());
    match attrs.iter().position(is_routes) {
        Some(routes) if first.is_none_or(|first| routes < first) => Some(routes),
        _ => first,
    }
}

/// Whether `attr` is actix-web's `#[routes]`, which serves one handler on several paths and
/// methods (actix-web 4.2+).
fn is_routes(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|last| last.ident == "routes")
}

/// The paths a `#[routes]` handler serves, each with the methods served there.
pub(crate) struct Routes {
    /// Each path once, in the order first written, with its method attributes.
    pub(crate) paths: Vec<PathRoutes>,
}

/// One path of a `#[routes]` handler.
pub(crate) struct PathRoutes {
    pub(crate) path: LitStr,
    /// The methods served on the path, each with the span to blame for it.
    pub(crate) methods: Vec<(String, Span)>,
    /// The positions of the method attributes that name the path.
    pub(crate) attrs: Vec<usize>,
}

/// The route attribute or attributes `#[cors]` stands above.
pub(crate) enum Found {
    /// One route attribute.
    One(Route),
    /// `#[routes]` and the method attributes below it.
    Many(Routes),
}

/// Reads the method attributes below `#[routes]` as actix-web's `#[routes]` does: each one
/// whose path is a bare method name (`#[get("/a")]`), grouped by path.
fn find_routes(attrs: &[Attribute], routes_at: usize) -> syn::Result<Routes> {
    let mut paths: Vec<PathRoutes> = Vec::new();
    for (index, attr) in attrs.iter().enumerate().skip(routes_at + 1) {
        let Some(ident) = attr.path().get_ident() else {
            continue;
        };
        let Some((_, Some(method))) = ROUTE_ATTRIBUTES.iter().find(|(name, _)| ident == name)
        else {
            continue;
        };
        let args: RouteArgs = attr.parse_args()?;
        let served = ((*method).to_owned(), ident.span());
        match paths
            .iter_mut()
            .find(|p| p.path.value() == args.path.value())
        {
            Some(known) => {
                // One method on one path twice is two routes (each with its own guards, as
                // actix-web allows), and one method for the policy.
                if !known.methods.iter().any(|(m, _)| m == method) {
                    known.methods.push(served);
                }
                known.attrs.push(index);
            }
            None => paths.push(PathRoutes {
                path: args.path,
                methods: vec![served],
                attrs: vec![index],
            }),
        }
    }
    if paths.is_empty() {
        return Err(syn::Error::new(
            attrs[routes_at].span(),
            crate::ctxt::with_help(
                "`#[routes]` has no method attribute below it",
                "write one `#[get(\"/path\")]`, `#[post(\"/path\")]`, ... below `#[routes]` for each path and method the handler serves",
            ),
        ));
    }
    Ok(Routes { paths })
}

/// Finds the route attribute among `attrs`, or `#[routes]` and the method attributes below
/// it.
pub(crate) fn find(attrs: &[Attribute], cors: Span) -> syn::Result<Found> {
    match position(attrs) {
        Some(at) if is_routes(&attrs[at]) => find_routes(attrs, at).map(Found::Many),
        _ => find_one(attrs, cors).map(Found::One),
    }
}

/// Finds the one route attribute among `attrs`.
fn find_one(attrs: &[Attribute], cors: Span) -> syn::Result<Route> {
    let mut found = attrs
        .iter()
        .enumerate()
        .filter_map(|(i, a)| route_kind(a).map(|k| (i, a, k)));
    let Some((index, attr, (name, method))) = found.next() else {
        return Err(syn::Error::new(
            cors,
            crate::ctxt::with_help(
                "`#[cors]` must be followed by an actix-web route attribute",
                "place `#[cors(...)]` directly above `#[get(\"/path\")]`, `#[post]`, `#[put]`, `#[patch]`, `#[delete]`, `#[head]` or `#[route]`, not below it",
            ),
        ));
    };
    if let Some((_, extra, _)) = found.next() {
        return Err(syn::Error::new(
            extra.span(),
            crate::ctxt::with_help(
                "a handler can have only one route attribute",
                "use `#[route(\"/path\", method = \"GET\", method = \"POST\")]` to serve several methods, or `#[routes]` above the route attributes to serve several paths",
            ),
        ));
    }
    let args: RouteArgs = attr.parse_args()?;
    let mut methods = Vec::new();
    if let Some(method) = method {
        methods.push((method.to_owned(), crate::parse::path_span(attr.path())));
    }
    if name == "route" {
        for option in &args.options {
            if let (
                true,
                Expr::Lit(ExprLit {
                    lit: Lit::Str(lit), ..
                }),
            ) = (option.path.is_ident("method"), &option.value)
            {
                methods.push((lit.value(), lit.span()));
            }
        }
    }
    let has_wrap = args.options.iter().any(|o| o.path.is_ident("wrap"));
    let direct = direct_route(attr, name, &args, &methods);
    Ok(Route {
        index,
        path: args.path,
        methods,
        has_wrap,
        direct,
    })
}

/// The route attribute with `wrap = "<cors middleware>"` appended to its arguments.
///
/// actix-web applies `wrap`s in order, the last outermost, so the grant is added after
/// every middleware the user wrapped the route in, and covers their error responses too.
///
/// A route that serves `OPTIONS` also gets a guard that turns preflights away: the resource
/// `#[cors]` registers beside it answers the route's own, and another route's must reach
/// that route.
pub(crate) fn with_cors_wrap(
    attr: &Attribute,
    krate: &str,
    middleware: &str,
    serves_options: bool,
) -> Attribute {
    let mut attr = attr.clone();
    if let Meta::List(list) = &mut attr.meta {
        let tokens = &list.tokens;
        let comma = if tokens.to_string().trim_end().ends_with(',') {
            quote!()
        } else {
            quote!(,)
        };
        let not_preflight = format!("{krate}::__private::not_preflight");
        let guard = serves_options.then(|| quote!(, guard = #not_preflight));
        let wrap: TokenStream = quote!(#tokens #comma wrap = #middleware #guard);
        list.tokens = wrap;
    }
    attr
}

#[cfg(test)]
mod tests {
    use super::is_plain_path;
    use actix_web::dev::ResourceDef;

    #[test]
    fn plain_paths_are_the_ones_written_with_names_only() {
        for path in [
            "/",
            "/a/b",
            "/r/{id}",
            "/{a}/{b}",
            "/files/{tail}*",
            "/{_x1}.json",
        ] {
            assert!(is_plain_path(path), "{path}");
        }
        let seventeen = (0..17)
            .map(|i| format!("/{{s{i}}}"))
            .collect::<Vec<_>>()
            .concat();
        for path in [
            r"/{id:\d+}",
            "/{a}/{a}",
            "/x*",
            "/{",
            "/}",
            "/{1a}",
            "/{}",
            "/{a}*/b",
            &seventeen,
        ] {
            assert!(!is_plain_path(path), "{path}");
        }
    }

    /// Every path `is_plain_path` accepts, among all short combinations of the characters
    /// that matter to actix-router, is one actix-router builds without panicking: the
    /// promise that lets `#[cors]` skip actix-web's compile-time check of plain paths.
    #[test]
    fn actix_router_accepts_every_plain_path() {
        let parts = [
            "/", "a", "{id}", "{x}", "*", "{", "}", ":", r"\d+", "{t}*", "{id:", ".",
        ];
        let mut paths = vec![String::new()];
        let mut accepted = 0;
        for _ in 0..4 {
            let mut longer = Vec::new();
            for path in &paths {
                for part in parts {
                    longer.push(format!("{path}{part}"));
                }
            }
            for path in &longer {
                if is_plain_path(path) {
                    accepted += 1;
                    let built = std::panic::catch_unwind(|| ResourceDef::new(path.as_str()));
                    assert!(built.is_ok(), "actix-router rejects {path:?}");
                }
            }
            paths = longer;
        }
        assert!(accepted > 1000, "only {accepted} plain paths tried");
    }
}

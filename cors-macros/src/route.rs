//! Finds the actix-web route attribute stacked below `#[cors]` and reads what the policy
//! needs from it: the path and the methods it serves.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta, MetaNameValue, Token};

/// Route attributes, by the last segment of their path, and the method each one serves.
const ROUTE_ATTRIBUTES: [(&str, Option<&str>); 10] = [
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("patch", Some("PATCH")),
    ("delete", Some("DELETE")),
    ("head", Some("HEAD")),
    ("options", Some("OPTIONS")),
    ("trace", Some("TRACE")),
    ("connect", Some("CONNECT")),
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

/// Finds the one route attribute among `attrs`.
pub(crate) fn find(attrs: &[Attribute], cors: Span) -> syn::Result<Route> {
    let mut found = attrs
        .iter()
        .enumerate()
        .filter_map(|(i, a)| route_kind(a).map(|k| (i, a, k)));
    let Some((index, attr, (name, method))) = found.next() else {
        let routes_attr = attrs.iter().find(|a| a.path().is_ident("routes"));
        if let Some(attr) = routes_attr {
            return Err(syn::Error::new(
                attr.span(),
                crate::ctxt::with_help(
                    "`#[cors]` does not support `#[routes]`",
                    "give each path its own handler, or use one `#[route(\"/path\", method = \"GET\", method = \"POST\")]`",
                ),
            ));
        }
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
                "use `#[route(\"/path\", method = \"GET\", method = \"POST\")]` to serve several methods",
            ),
        ));
    }
    let args: RouteArgs = attr.parse_args()?;
    let mut methods = Vec::new();
    if let Some(method) = method {
        methods.push((method.to_owned(), attr.path().span()));
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
    Ok(Route {
        index,
        path: args.path,
        methods,
        has_wrap,
    })
}

/// The route attribute with `wrap = "<cors middleware>"` appended to its arguments.
///
/// actix-web applies `wrap`s in order, the last outermost, so the grant is added after
/// every middleware the user wrapped the route in, and covers their error responses too.
pub(crate) fn with_cors_wrap(attr: &Attribute, middleware: &str) -> Attribute {
    let mut attr = attr.clone();
    if let Meta::List(list) = &mut attr.meta {
        let tokens = &list.tokens;
        let comma = if tokens.to_string().trim_end().ends_with(',') {
            quote!()
        } else {
            quote!(,)
        };
        let wrap: TokenStream = quote!(#tokens #comma wrap = #middleware);
        list.tokens = wrap;
    }
    attr
}

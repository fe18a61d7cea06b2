//! Lets the attribute macros stacked between `#[cors]` and the route attribute expand first.
//!
//! Attribute macros expand from the top down, and each sees the attributes below it. An
//! attribute such as `#[utoipa::path]` reads the route attribute and defines items beside the
//! handler, so it must expand while the route attribute is still there and the handler is
//! still a plain function: before `#[cors]`, which removes the route attribute and moves the
//! handler into the service it registers. So when such an attribute sits between them,
//! `#[cors]` expands to the same item with itself moved below those attributes, directly
//! above the route attribute; they then expand, and `#[cors]` runs again where it does its
//! work. Attributes below the route attribute are left where they are, as with actix-web's
//! own attributes: they expand on the handler inside the service.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Attribute;

use crate::item::HandlerFn;

/// The built-in attributes that stay on a function as they are, rather than expanding into
/// something: they can stay where the user put them.
const INERT: [&str; 17] = [
    "doc",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "deprecated",
    "must_use",
    "inline",
    "cold",
    "track_caller",
    "no_mangle",
    "export_name",
    "link_section",
    "target_feature",
    "cfg_attr",
    "cfg",
];

/// Tools whose attributes (`#[rustfmt::skip]`, `#[clippy::...]`) the compiler keeps as they
/// are.
const TOOLS: [&str; 4] = ["rustfmt", "clippy", "diagnostic", "rust_analyzer"];

/// Whether `attr` may be an attribute macro still to expand.
pub(crate) fn is_macro(attr: &Attribute) -> bool {
    let path = attr.path();
    match (path.segments.first(), path.segments.len()) {
        (Some(first), 1) => !INERT.iter().any(|name| first.ident == name),
        (Some(first), _) => !TOOLS.iter().any(|name| first.ident == name),
        (None, _) => false,
    }
}

/// Whether attribute macros stand before the route attribute at `route_index`.
pub(crate) fn has_macros_before(attrs: &[Attribute], route_index: usize) -> bool {
    attrs[..route_index].iter().any(is_macro)
}

/// When attribute macros stand between `#[cors]` and the route attribute (at `route_index`
/// among `item`'s attributes), the item with `#[cors]` moved below them; `None` otherwise.
pub(crate) fn defer(
    args: &TokenStream,
    krate: &TokenStream,
    item: &HandlerFn,
    route_index: usize,
) -> Option<TokenStream> {
    let (macros, stay): (Vec<&Attribute>, Vec<&Attribute>) =
        item.attrs[..route_index].iter().partition(|a| is_macro(a));
    if macros.is_empty() {
        return None;
    }
    let rest = &item.attrs[route_index..];
    let (vis, sig, body) = (&item.vis, &item.sig, item.body());
    // The second expansion goes through `__cors_stacked`, which never defers again, so no
    // arrangement of attributes can make the expansion loop.
    Some(quote! {
        #(#macros)*
        #[#krate::__private::__cors_stacked(#args)]
        #(#stay)*
        #(#rest)*
        #vis #sig #body
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_cors_below_macros_and_leaves_inert_attributes() {
        let item: HandlerFn = syn::parse_quote! {
            /// Docs
            #[utoipa::path(get, path = "/a")]
            #[allow(unused)]
            #[tracing::instrument]
            #[get("/a")]
            #[protect("ADMIN")]
            async fn a() -> &'static str { "" }
        };
        let args = quote!(origins = ["*"]);
        let krate = quote!(::cors_runtime);
        let out = defer(&args, &krate, &item, 4).unwrap().to_string();
        let order: Vec<&str> = [
            "utoipa",
            "tracing",
            "__cors_stacked",
            "doc",
            "allow",
            "# [get",
            "protect",
        ]
        .into_iter()
        .collect();
        let positions: Vec<usize> = order.iter().map(|w| out.find(w).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");

        let plain: HandlerFn = syn::parse_quote! {
            #[doc = "x"] #[clippy::cognitive_complexity = "100"] #[get("/a")]
            async fn a() -> &'static str { "" }
        };
        assert!(defer(&args, &krate, &plain, 2).is_none());
    }
}

//! Writes the checked policy and the registration out as actix-web code. Infallible: every
//! check has already run.

use cors_runtime_core::Policy;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::check::{self, SilencedOn, Warning};
use crate::item::HandlerFn;
use crate::parse::Args;
use crate::route::{self, DirectRoute, Route, Routes};

pub(crate) fn expand(
    mut item: HandlerFn,
    route: &Route,
    checked: (&Policy, &Args),
    named: Option<&str>,
    warnings: &[Warning],
) -> TokenStream {
    let (vis, warnings) = moved_into_register(&mut item, warnings);
    // Without `wrap`s, `#[cors]` builds the route's resource itself: one resource for the
    // route and its preflights, the grant added where the handler's answer becomes a
    // response. With `wrap`s, actix-web's attribute builds the route and the CORS middleware
    // goes outermost, so the responses those middlewares make carry the grant too, while a
    // resource of its own answers preflights before any of them runs.
    let service = match &route.direct {
        Some(direct) if !route.has_wrap && item.sig.returns => {
            item.attrs.remove(route.index);
            direct_resource(&item, &vis, (route, direct), checked, named)
        }
        _ => wrapped(item, &vis, route, checked, named),
    };
    quote!(#warnings #service)
}

/// The handler's visibility, for the unit struct that stands in its place, and its warnings
/// as tokens. The handler moves into the service's `register`, where its visibility means
/// nothing (and `pub` there trips `unreachable_pub`); its `#[allow(..)]`s go with its
/// warnings.
fn moved_into_register(
    item: &mut HandlerFn,
    warnings: &[Warning],
) -> (syn::Visibility, TokenStream) {
    let vis = std::mem::replace(&mut item.vis, syn::Visibility::Inherited);
    let lint_allows: Vec<_> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("allow"))
        .collect();
    (
        vis,
        warnings_tokens(warnings, SilencedOn::Handler, &lint_allows),
    )
}

/// The policy's `const` inside the generated `register` body, where no user code but the
/// handler itself can see it.
const POLICY: &str = "__CORS_POLICY";

/// A route with `wrap`s: actix-web's attribute, with the CORS middleware as its outermost
/// `wrap`, and the resource that answers its preflights beside it.
fn wrapped(
    mut item: HandlerFn,
    vis: &syn::Visibility,
    route: &Route,
    (policy, args): (&Policy, &Args),
    named: Option<&str>,
) -> TokenStream {
    let krate = args.krate();
    let shown = krate.to_string().replace(' ', "");
    let middleware = format!("{shown}::__private::middleware({POLICY})");
    let serves_options = route.methods.iter().any(|(m, _)| m == "OPTIONS");
    item.attrs[route.index] = route::with_cors_wrap(
        &item.attrs[route.index],
        &shown,
        &middleware,
        serves_options,
    );
    let (name, path) = (&item.sig.ident, &route.path);
    let policy_ident = format_ident!("{}", POLICY);
    let docs = item.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let policy = policy_tokens(policy, args);
    let link_time = check::deployed(args).then(|| {
        let named = named_option(named);
        quote!(#krate::__private::link_time!(#path, #name, #named, #policy_ident);)
    });
    let named = named.unwrap_or_default();
    let handler = name.to_string();
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types, missing_docs)]
        #vis struct #name;

        impl #krate::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __config: &mut #krate::__private::actix_web::dev::AppService) {
                const #policy_ident: &#krate::__private::StaticPolicy = #policy;
                #link_time
                #item
                #krate::__private::register(
                    __config, #path, #policy_ident,
                    (#handler, ::core::module_path!(), #named), #name,
                );
            }
        }
    }
}

/// A `#[routes]` handler: actix-web's `#[routes]`, each method attribute with the CORS
/// middleware of its path's policy as its outermost `wrap`, and for each path a resource
/// that answers its preflights with the methods served there.
pub(crate) fn expand_routes(
    mut item: HandlerFn,
    routes: &Routes,
    (policies, args): (&[Policy], &Args),
    named: Option<&str>,
    warnings: &[Warning],
) -> TokenStream {
    let (vis, warnings) = moved_into_register(&mut item, warnings);
    let krate = args.krate();
    let shown = krate.to_string().replace(' ', "");
    let name = item.sig.ident.clone();
    let named_shown = named_option(named);
    let (mut consts, mut served) = (TokenStream::new(), Vec::new());
    for (i, (at, policy)) in routes.paths.iter().zip(policies).enumerate() {
        let ident = format_ident!("{}_{}", POLICY, i);
        let middleware = format!("{shown}::__private::middleware({ident})");
        let serves_options = at.methods.iter().any(|(m, _)| m == "OPTIONS");
        for &index in &at.attrs {
            item.attrs[index] =
                route::with_cors_wrap(&item.attrs[index], &shown, &middleware, serves_options);
        }
        let policy = policy_tokens(policy, args);
        let path = &at.path;
        consts.extend(quote!(const #ident: &#krate::__private::StaticPolicy = #policy;));
        if check::deployed(args) {
            consts
                .extend(quote!(#krate::__private::link_time!(#path, #name, #named_shown, #ident);));
        }
        served.push(quote!((#path, #ident)));
    }
    let docs: Vec<_> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    let named = named.unwrap_or_default();
    let handler = name.to_string();
    quote! {
        #warnings
        #(#docs)*
        #[allow(non_camel_case_types, missing_docs)]
        #vis struct #name;

        impl #krate::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __config: &mut #krate::__private::actix_web::dev::AppService) {
                #consts
                #item
                #krate::__private::register_routes(
                    __config, &[#(#served),*],
                    (#handler, ::core::module_path!(), #named), #name,
                );
            }
        }
    }
}

/// `Some("NAME")` for a route that starts from a named policy, else `None`.
fn named_option(named: Option<&str>) -> TokenStream {
    match named {
        Some(named) => quote!(::core::option::Option::Some(#named)),
        None => quote!(::core::option::Option::None),
    }
}

/// A route without `wrap`s, as the runtime's `__cors_resource!` template writes it out:
/// what differs from route to route, and nothing else. The handler keeps its attributes
/// but the route attribute; the resource takes the route attribute's `name` and `guard`s.
///
/// The site (`handler`, `module_path!()`, the named policy) goes to the registration call
/// the route makes anyway when an `App` mounts it, for `cors_runtime::report()`: next to
/// nothing for the compiler, where an item of its own per route cost it measurably.
fn direct_resource(
    item: &HandlerFn,
    vis: &syn::Visibility,
    (route, own): (&Route, &DirectRoute),
    (policy, args): (&Policy, &Args),
    named: Option<&str>,
) -> TokenStream {
    let krate = args.krate();
    let (name, path, attr_path) = (&item.sig.ident, &route.path, &own.attr_path);
    let resource_name = own
        .name
        .as_ref()
        .map_or_else(|| name.to_string(), syn::LitStr::value);
    let guards = &own.guards;
    let docs = item.attrs.iter().filter(|a| a.path().is_ident("doc"));
    // A path with regex segments is checked by actix-web's attribute, on a function no one
    // calls, so a mistake in it is still a compile error in actix-web's words; spanned at
    // the attribute's name, where a missing import or a bad path is reported.
    let span = crate::parse::path_span(attr_path);
    let keep_import = quote_spanned! {span=>
        // The route attribute is gone; this keeps the user's import of it used.
        #[allow(unused_imports)]
        use #attr_path as _;
    };
    let path_check = (!own.plain_path).then(|| {
        quote_spanned! {span=>
            #[allow(dead_code)]
            const _: () = {
                #[#attr_path(#path)]
                async fn __cors_path_check() -> &'static str { "" }
            };
        }
    });
    // The common policy is its text alone; `env(...)` and `origin_fn` need the whole value.
    let deployed = check::deployed(args);
    let policy = if deployed || args.origin_fn.is_some() {
        policy_tokens(policy, args)
    } else {
        let text = cors_runtime_core::written::write(policy);
        quote!(#text)
    };
    let link = deployed.then(|| {
        let named = named_option(named);
        quote!(link(#named))
    });
    let named = named.unwrap_or_default();
    quote! {
        #krate::__private::resource! {
            [#(#docs)*] #vis #name #path #resource_name #named
            policy(#policy) guards(#(#guards),*) #link
            { #keep_import #path_check #item }
        }
    }
}

/// The policy as a `StaticPolicy` literal: its literal part as one string
/// (`cors_runtime_core::written`), one token where a struct literal of every field cost the
/// macro a quarter of its time (`BENCHMARKS.md`), and the deployment's part beside it.
pub(crate) fn policy_tokens(policy: &Policy, args: &Args) -> TokenStream {
    let krate = args.krate();
    let text = cors_runtime_core::written::write(policy);
    let mut fields = quote!(text: #text,);
    let envs = args.origins.iter().flat_map(|l| &l.envs);
    let deployed: Vec<TokenStream> = envs
        .map(|env| {
            let var = &env.var;
            let default = match &env.default {
                Some(entries) => quote!(::core::option::Option::Some(&[#(#entries),*])),
                None => quote!(::core::option::Option::None),
            };
            quote!(#krate::__private::EnvOrigins { var: #var, default: #default })
        })
        .collect();
    if !deployed.is_empty() {
        fields.extend(quote!(deployed: &[#(#deployed),*],));
    }
    if let Some(path) = &args.origin_fn {
        let shown = quote!(#path).to_string().replace(' ', "");
        // Spanned at the path, where a function of the wrong type is reported.
        let krate: TokenStream = krate
            .clone()
            .into_iter()
            .map(|mut token| {
                token.set_span(path.span());
                token
            })
            .collect();
        // A closure that captures nothing becomes a `fn` pointer even in a constant; inside,
        // `ask` takes the user's function of either signature (`&Origin` or `&str`).
        let call = quote_spanned!(path.span()=> #krate::__private::OriginFn::parsed(
            |origin| #krate::__private::ask_origin_fn(#path, origin),
            #shown,
        ));
        fields.extend(quote!(origin_fn: ::core::option::Option::Some(#call),));
    }
    // Only a field left out needs the default (a needless one would trip clippy's
    // `needless_update` in the user's crate).
    let rest = (deployed.is_empty() || args.origin_fn.is_none())
        .then(|| quote!(..#krate::__private::StaticPolicy::DEFAULT));
    quote!(&#krate::__private::StaticPolicy { #fields #rest })
}

/// Each warning as the use of a `#[deprecated]` constant at the offending token: the one way
/// a stable proc macro can warn. `#[allow(deprecated)]` on the handler silences them.
///
/// The use is a `const` item's value rather than a `let`, because it carries the user's span
/// and lints such as clippy's `let_unit_value` would otherwise fire in the user's crate.
pub(crate) fn warnings_tokens(
    warnings: &[Warning],
    on: SilencedOn,
    allows: &[&syn::Attribute],
) -> TokenStream {
    warnings
        .iter()
        .map(|w| {
            let name = Ident::new(w.name, w.span);
            let note = w.note(on);
            let use_it = quote_spanned!(w.span=> #name);
            quote! {
                #(#allows)*
                const _: () = {
                    #[deprecated(note = #note)]
                    #[allow(non_upper_case_globals)]
                    const #name: () = ();
                    #use_it
                };
            }
        })
        .collect()
}

//! `cors_policy! { [attrs] [vis] NAME = (ARGS); ... }`: parse, check once, and define the
//! two things a name stands for: a constant (the policy as a value, for middleware) and, in
//! the macro namespace under the same name, a `macro_rules!` that hands the policy's
//! arguments to `#[cors(NAME, ...)]`. The arguments travel as tokens, so every value keeps
//! the span of the definition that wrote it, and a route's checks can point there.

use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Token, Visibility};

use crate::check::{self, Methods};
use crate::ctxt::Errors;
use crate::parse::{self, Place};

/// One `NAME = (ARGS);`.
struct Definition {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    args: Group,
}

struct Definitions(Vec<Definition>);

impl Parse for Definitions {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut all = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            let vis = input.parse()?;
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let args: Group = input.parse()?;
            if args.delimiter() != Delimiter::Parenthesis {
                return Err(syn::Error::new(
                    args.span(),
                    crate::ctxt::with_help(
                        "a policy's arguments go in parentheses",
                        "write `NAME = (origins = [\"https://app.example.com\"]);`",
                    ),
                ));
            }
            if !input.is_empty() {
                input.parse::<Token![;]>()?;
            }
            all.push(Definition {
                attrs,
                vis,
                name,
                args,
            });
        }
        Ok(Definitions(all))
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<Definitions>(input) {
        Ok(definitions) => definitions.0.iter().map(define).collect(),
        Err(error) => error.to_compile_error(),
    }
}

/// One definition: the constant, its warnings, and the macro `#[cors(NAME)]` calls.
fn define(definition: &Definition) -> TokenStream {
    let Definition {
        attrs,
        vis,
        name,
        args,
    } = definition;
    let mut errors = Errors::default();
    let parsed = parse::parse(args.stream(), Place::Policy, &mut errors);
    let krate = parsed.krate();
    let listed = check::policy_methods(&parsed);
    let methods = Methods {
        list: listed.as_deref(),
        anchor: parsed.methods.as_ref().map_or(name.span(), |m| m.key),
    };
    let checked = check::check(&parsed, &methods, None, name.span(), &mut errors);
    let allows: Vec<&Attribute> = attrs
        .iter()
        .filter(|a| a.path().is_ident("allow"))
        .collect();
    let (value, warnings) = match (&checked, errors.finish()) {
        (Some((policy, warnings)), Ok(())) => (
            crate::expand::policy_tokens(policy, &parsed),
            crate::expand::warnings_tokens(warnings, check::SilencedOn::Definition, &allows),
        ),
        // The constant still exists, so uses of it report nothing more; the build fails on
        // the errors.
        (_, result) => {
            let errors = result.err().map(|e| e.to_compile_error());
            (
                quote!(&#krate::__private::StaticPolicy::DEFAULT),
                quote!(#errors),
            )
        }
    };
    let marker = if parsed.methods.is_some() {
        quote!(ForMiddleware)
    } else {
        quote!(ForRoutes)
    };
    let shown = name.to_string();
    let stream = args.stream();
    // Unique per definition, so that policies of the same name in nested modules never
    // shadow each other's macro.
    let macro_name = format_ident!(
        "__cors_policy_{}_{:x}",
        name,
        fnv(&format!("{name}{stream}"))
    );
    // A `macro_rules!` can be re-exported within its crate only.
    let use_vis = match vis {
        Visibility::Public(_) => quote!(pub(crate)),
        other => quote!(#other),
    };
    quote! {
        #(#attrs)*
        #vis const #name: #krate::__private::NamedPolicy<#krate::__private::#marker> =
            #krate::__private::NamedPolicy::__new(#shown, #value);

        // For `cors_runtime::env::check()` and `cors_runtime::report()`.
        #krate::__private::inventory::submit! {
            #krate::__private::Registered {
                kind: #krate::__private::Kind::Policy { name: #shown },
                module: ::core::module_path!(),
                policy: #name.__static_policy(),
            }
        }

        #warnings

        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! #macro_name {
            ($($input:tt)*) => {
                #krate::__private::__cors_named! { policy #name (#stream) $($input)* }
            };
        }

        #[doc(hidden)]
        #[allow(unused_imports)]
        #use_vis use #macro_name as #name;
    }
}

/// FNV-1a: a stable hash for the macro's name, from the definition's text.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Each definition's name and arguments, as the macro `cors_policy!` defines hands them to
/// `__cors_named!` (for `expansions.rs`).
#[cfg(test)]
pub(crate) fn definitions(input: TokenStream) -> Vec<(Ident, TokenStream)> {
    syn::parse2::<Definitions>(input).map_or_else(
        |_| Vec::new(),
        |all| {
            all.0
                .into_iter()
                .map(|one| (one.name, one.args.stream()))
                .collect()
        },
    )
}

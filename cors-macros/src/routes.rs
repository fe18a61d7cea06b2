//! `#[cors]` above actix-web's `#[routes]`: one handler on several paths and methods. The
//! policy is checked once, over every method the handler serves, so each mistake is
//! reported once; each path then gets the policy with its own methods, so its preflights
//! are answered with what is served there.

use cors_runtime_core::Policy;
use proc_macro2::Span;

use crate::check::{self, Methods, Named, Warning};
use crate::ctxt::Errors;
use crate::parse::Args;
use crate::route::Routes;

/// The policy of each path, in `routes.paths`' order, and the warnings to report once; or
/// `None` when the rule book found an error (reported in `errors`).
pub(crate) fn check(
    args: &Args,
    routes: &Routes,
    named: Option<&Named<'_>>,
    cors: Span,
    errors: &mut Errors,
) -> Option<(Vec<Policy>, Vec<Warning>)> {
    let anchor = routes.paths[0].path.span();
    // Every method once, blamed where first written: `GET` on two paths is no duplicate,
    // `GET` twice on one path is.
    let mut all: Vec<(String, Span)> = Vec::new();
    for (i, path) in routes.paths.iter().enumerate() {
        for (method, span) in &path.methods {
            let elsewhere = routes.paths[..i]
                .iter()
                .any(|earlier| earlier.methods.iter().any(|(m, _)| m == method));
            if !elsewhere {
                all.push((method.clone(), *span));
            }
        }
    }
    let all = Methods {
        list: Some(&all),
        anchor,
    };
    let (_, warnings) = check::check(args, &all, named, cors, errors)?;
    // Each path's methods are among those just accepted, so its own run finds nothing new.
    let mut said_already = Errors::default();
    let policies = routes
        .paths
        .iter()
        .map(|path| {
            let methods = Methods {
                list: Some(&path.methods),
                anchor: path.path.span(),
            };
            check::check(args, &methods, named, cors, &mut said_already).map(|(policy, _)| policy)
        })
        .collect::<Option<Vec<_>>>()?;
    Some((policies, warnings))
}

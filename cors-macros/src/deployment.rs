//! The deployment's part of a policy: `env("VAR")` entries of `origins` and
//! `origin_fn = path`, read with every mistake reported at its token.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr, Meta};

use crate::ctxt::Errors;

const EXAMPLE: &str = "write `env(\"APP_ORIGINS\")`, or `env(\"APP_ORIGINS\", default = [\"http://localhost:3000\"])`";

/// `env("VAR")` or `env("VAR", default = [...])` in `origins`: entries the deployment
/// supplies when the app starts.
#[derive(Clone)]
pub(crate) struct Env {
    pub(crate) var: LitStr,
    /// `default = [...]`: checked now, used when the variable is not set.
    pub(crate) default: Option<Vec<LitStr>>,
}

/// Whether `call` is `env(...)`.
pub(crate) fn is_env(call: &syn::ExprCall) -> bool {
    matches!(&*call.func, Expr::Path(path) if path.path.is_ident("env"))
}

/// Reads an `env(...)` entry of the list `key` into `envs`; false when it could not be read
/// (reported).
pub(crate) fn push(
    call: &syn::ExprCall,
    key: &str,
    example: &str,
    envs: &mut Vec<Env>,
    errors: &mut Errors,
) -> bool {
    if key != "origins" {
        errors.error(
            call.span(),
            &format!("`env(...)` is for `origins` only, not `{key}`"),
            &format!("the deployment supplies origins; write `{key}` as a list of string literals, as in `{example}`"),
        );
        return false;
    }
    match env(call, errors) {
        Some(env) if envs.iter().any(|e| e.var.value() == env.var.value()) => {
            errors.error(
                env.var.span(),
                &format!("`env(\"{}\")` is given twice", env.var.value()),
                "remove one of them",
            );
            true
        }
        Some(env) => {
            envs.push(env);
            true
        }
        None => false,
    }
}

/// Reads `env("VAR")` or `env("VAR", default = [...])`, reporting every mistake.
fn env(call: &syn::ExprCall, errors: &mut Errors) -> Option<Env> {
    let mut args = call.args.iter();
    let var = match args.next() {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(var), ..
        })) => var.clone(),
        Some(other) => {
            errors.error(
                other.span(),
                "`env` takes the variable's name as a string literal",
                &format!(
                    "the name is read when the app starts, so it must be known now; {EXAMPLE}"
                ),
            );
            return None;
        }
        None => {
            errors.error(call.span(), "`env` needs the variable's name", EXAMPLE);
            return None;
        }
    };
    let mut ok = var_name(&var, errors);
    let mut default = None;
    for arg in args {
        match default_arg(arg, errors) {
            Some(entries) if default.is_none() => default = Some(entries),
            Some(_) => {
                ok = false;
                errors.error(arg.span(), "`default` is given twice", "remove one of them");
            }
            None => ok = false,
        }
    }
    ok.then_some(Env { var, default })
}

/// Whether `var` is a portable variable name (reported when not, with the name to write).
fn var_name(var: &LitStr, errors: &mut Errors) -> bool {
    let name = var.value();
    let starts_well = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if starts_well(name.bytes().next())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return true;
    }
    let suggested: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let help = if starts_well(suggested.bytes().next()) {
        format!("use letters, digits and `_`, not starting with a digit: `env(\"{suggested}\")`")
    } else {
        "use letters, digits and `_`, not starting with a digit, as in `env(\"APP_ORIGINS\")`"
            .to_owned()
    };
    errors.error(
        var.span(),
        &format!(
            "`{}` is not a valid environment variable name",
            name.escape_debug()
        ),
        &help,
    );
    false
}

/// Reads `default = [...]`: its entries, or `None` when it is something else (reported).
fn default_arg(arg: &Expr, errors: &mut Errors) -> Option<Vec<LitStr>> {
    let takes =
        format!("`env` takes the variable's name, then optionally `default = [...]`; {EXAMPLE}");
    let Expr::Assign(assign) = arg else {
        errors.error(arg.span(), "unexpected argument in `env(...)`", &takes);
        return None;
    };
    let key = match &*assign.left {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    };
    if key.as_deref() != Some("default") {
        let shown = key.unwrap_or_else(|| "this".to_owned());
        errors.error(
            assign.left.span(),
            &format!("unknown argument `{shown}` in `env(...)`"),
            &takes,
        );
        return None;
    }
    let Expr::Array(array) = &*assign.right else {
        errors.error(
            assign.right.span(),
            "`default` takes a list of origins",
            "write `default = [\"http://localhost:3000\"]`",
        );
        return None;
    };
    let mut entries = Vec::new();
    let mut ok = true;
    for elem in &array.elems {
        if let Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) = elem
        {
            entries.push(s.clone());
        } else {
            ok = false;
            errors.error(
                elem.span(),
                "`default` entries must be string literals",
                "write each entry in double quotes, as in `default = [\"http://localhost:3000\"]`",
            );
        }
    }
    ok.then_some(entries)
}

/// `origin_fn = path`.
pub(crate) fn origin_fn(meta: &Meta, errors: &mut Errors) -> Option<syn::Path> {
    if let Meta::NameValue(syn::MetaNameValue {
        value: Expr::Path(path),
        ..
    }) = meta
    {
        if path.qself.is_none() {
            return Some(path.path.clone());
        }
    }
    let at: Span = match meta {
        Meta::NameValue(nv) => nv.value.span(),
        _ => meta.span(),
    };
    errors.error(
        at,
        "`origin_fn` takes the path of a function",
        "write `origin_fn = crate::tenants::is_customer`, naming a `fn(&cors_runtime::Origin) -> bool` (or a `fn(&str) -> bool`)",
    );
    None
}

//! Parses `#[cors(...)]` arguments into a model that keeps every literal's span.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr, Meta, Token};

use crate::ctxt::Errors;
use crate::deployment::{self, Env};

/// Every key `#[cors]` takes, in the order the docs list them.
pub(crate) const KEYS: [&str; 9] = [
    "origins",
    "origin_fn",
    "credentials",
    "headers",
    "expose",
    "max_age",
    "private_network",
    "csrf_exempt",
    "crate",
];

/// A list argument: its key's span and its string literals.
#[derive(Clone)]
pub(crate) struct List {
    pub(crate) key: Span,
    pub(crate) items: Vec<LitStr>,
    /// Some entries were not string literals (already reported).
    pub(crate) unreadable: bool,
    /// `env(...)` entries (of `origins` only), in the order written.
    pub(crate) envs: Vec<Env>,
}

/// The span of `path`: its one identifier's, as syn's `Spanned` gives it (the join of one
/// token is that token), without walking its tokens, which the user's unoptimised build of
/// the macro pays for on every key of every route.
pub(crate) fn path_span(path: &syn::Path) -> Span {
    match path.get_ident() {
        Some(ident) => ident.span(),
        None => path.span(),
    }
}

impl List {
    /// What the rule book checks at compile time, in order: the literal entries, then each
    /// `env(...)` default's (which only `origins` has).
    pub(crate) fn checked(&self) -> impl Iterator<Item = &LitStr> {
        let defaults = self
            .envs
            .iter()
            .flat_map(|env| env.default.iter().flatten());
        self.items.iter().chain(defaults)
    }
}

/// Where arguments are written: the set of keys differs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// `#[cors(...)]` on a handler or a module: may start with a policy's name, may be `off`.
    Route,
    /// A `cors_policy!` definition: may list `methods`, for use as middleware.
    Policy,
}

/// The arguments as written. Flags keep the span of their key.
#[derive(Default, Clone)]
pub(crate) struct Args {
    /// The named policy these arguments start from: `#[cors(APP, ...)]`.
    pub(crate) name: Option<syn::Path>,
    /// `#[cors(off)]`: opts a handler out of its module's policy.
    pub(crate) off: Option<Span>,
    /// `methods = [..]`, in a `cors_policy!` only.
    pub(crate) methods: Option<List>,
    /// The keys written, in order.
    pub(crate) given: Vec<&'static str>,
    pub(crate) origins: Option<List>,
    pub(crate) credentials: Option<Span>,
    pub(crate) headers: Option<List>,
    pub(crate) expose: Option<List>,
    pub(crate) max_age: Option<(u32, Span)>,
    pub(crate) private_network: Option<Span>,
    /// `csrf_exempt`: forged requests reach the handler.
    pub(crate) csrf_exempt: Option<Span>,
    /// `origin_fn = path`.
    pub(crate) origin_fn: Option<syn::Path>,
    /// `crate = "path"`: where generated code finds `cors_runtime`.
    pub(crate) krate: Option<syn::Path>,
    /// `origins` was written but could not be read (a typo of the key, a value that is not
    /// a list, an entry that is not a string): saying it is missing or empty would only
    /// repeat that error.
    pub(crate) origins_unreadable: bool,
    /// `__own(...)`: a handler's own arguments inside a module with `#[cors]`, which the
    /// module writes beside its own so that `merge` layers them, as it layers a route's
    /// over a named policy. Written by the macro only.
    pub(crate) own: Option<Box<Args>>,
}

struct Raw(Punctuated<Meta, Token![,]>);

impl Parse for Raw {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        Punctuated::parse_terminated(input).map(Raw)
    }
}

/// The arguments, read straight from their token trees when every one has a common shape
/// (`key`, `key = "text"`, `key = 600`, `key = ["a", "b"]`): `None` for anything else, which
/// syn's parser then reads, with its errors.
///
/// Every `#[cors]` route pays for this at compile time, in the user's (unoptimised) debug
/// build of this macro: syn's expression parser cost a fifth of the macro's time, for
/// arguments that are almost always these shapes (`BENCHMARKS.md`).
fn common_shapes(tokens: &proc_macro2::TokenStream) -> Option<Punctuated<Meta, Token![,]>> {
    #[cfg(test)]
    crate::proof::record(crate::proof::Path::Args, tokens);
    read_common_shapes(tokens)
}

fn read_common_shapes(tokens: &proc_macro2::TokenStream) -> Option<Punctuated<Meta, Token![,]>> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut metas = Punctuated::new();
    let mut trees = tokens.clone().into_iter().peekable();
    while let Some(first) = trees.next() {
        // syn's parser reads no keyword as a key, but `crate` (and `self`, `super`, `Self`,
        // `unsafe`, which are no keys here: syn reads them, for the error).
        let TokenTree::Ident(key) = first else {
            return None;
        };
        if key != "crate" && crate::item::is_keyword(&key) {
            return None;
        }
        let path = syn::Path::from(key);
        let meta = match trees.next() {
            None => {
                metas.push_value(Meta::Path(path));
                break;
            }
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {
                metas.push_value(Meta::Path(path));
                metas.push_punct(Token![,](comma.span()));
                continue;
            }
            // `==` and `=>` are not `=` to syn.
            Some(TokenTree::Punct(eq))
                if eq.as_char() == '=' && eq.spacing() == proc_macro2::Spacing::Alone =>
            {
                let value = match trees.next()? {
                    TokenTree::Literal(literal) => literal_expr(literal),
                    TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                        string_array(&group)?
                    }
                    _ => return None,
                };
                Meta::NameValue(syn::MetaNameValue {
                    path,
                    eq_token: Token![=](eq.span()),
                    value,
                })
            }
            Some(_) => return None,
        };
        metas.push_value(meta);
        match trees.next() {
            None => break,
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {
                metas.push_punct(Token![,](comma.span()));
            }
            Some(_) => return None,
        }
    }
    Some(metas)
}

fn literal_expr(literal: proc_macro2::Literal) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::new(literal),
    })
}

/// `["a", "b"]`, string literals only; `None` for anything else.
fn string_array(group: &proc_macro2::Group) -> Option<Expr> {
    use proc_macro2::TokenTree;
    let mut elems = Punctuated::new();
    let mut trees = group.stream().into_iter();
    while let Some(tree) = trees.next() {
        let TokenTree::Literal(literal) = tree else {
            return None;
        };
        let lit = Lit::new(literal);
        if !matches!(lit, Lit::Str(_)) {
            return None;
        }
        elems.push_value(Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit,
        }));
        match trees.next() {
            None => break,
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {
                elems.push_punct(Token![,](comma.span()));
            }
            Some(_) => return None,
        }
    }
    Some(Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: syn::token::Bracket {
            span: group.delim_span(),
        },
        elems,
    }))
}

/// Whether `meta`, the first argument, names a policy rather than a flag: a bare path that
/// is no key and no likely typo of one.
fn is_policy_name(meta: &Meta) -> bool {
    let Meta::Path(path) = meta else { return false };
    match path.get_ident().map(ToString::to_string) {
        Some(ident) => {
            !KEYS.contains(&ident.as_str())
                && ident != "off"
                && ident != "methods"
                && (nearest_key(&ident).is_none() || ident.bytes().any(|b| b.is_ascii_uppercase()))
        }
        None => true,
    }
}

/// Parses the attribute's tokens, reporting every bad argument into `errors`.
// One arm per key, in the order the docs list them: splitting it would scatter the table.
#[allow(clippy::too_many_lines)]
pub(crate) fn parse(tokens: proc_macro2::TokenStream, place: Place, errors: &mut Errors) -> Args {
    let mut args = Args::default();
    let raw = match common_shapes(&tokens) {
        Some(metas) => Raw(metas),
        None => match syn::parse2::<Raw>(tokens) {
            Ok(raw) => raw,
            Err(err) => {
                errors.push(err);
                return args;
            }
        },
    };
    let count = raw.0.len();
    for (position, meta) in raw.0.into_iter().enumerate() {
        if position == 0 && place == Place::Route && is_policy_name(&meta) {
            if let Meta::Path(path) = meta {
                args.name = Some(path);
            }
            continue;
        }
        let Some(key) = meta.path().get_ident().map(ToString::to_string) else {
            let help = if place == Place::Route {
                format!(
                    "a policy's name goes first, as in `#[cors(APP, max_age = 600)]`; {}",
                    valid_keys()
                )
            } else {
                valid_keys()
            };
            errors.error(meta.path().span(), "expected an argument name", &help);
            continue;
        };
        let key_span = path_span(meta.path());
        if let Some(known) = KEYS.iter().chain(&["methods", "off"]).find(|k| **k == key) {
            args.given.push(known);
        }
        match key.as_str() {
            "__own" if place == Place::Route => match &meta {
                Meta::List(list) => {
                    let own = parse(list.tokens.clone(), Place::Route, errors);
                    args.origins_unreadable |= own.origins_unreadable;
                    args.own = Some(Box::new(own));
                }
                _ => errors.error(key_span, "`__own` is written by `#[cors]` only", &valid_keys()),
            },
            "off" if place == Place::Route => {
                if count > 1 {
                    errors.error(
                        key_span,
                        "`off` takes no other arguments",
                        "write `#[cors(off)]` alone to opt this handler out of its module's policy",
                    );
                }
                set(&mut args.off, flag(&meta, errors), &key, key_span, errors);
                // `off` is the whole policy: nothing is missing from it.
                args.origins_unreadable = true;
            }
            "methods" if place == Place::Policy => {
                set(&mut args.methods, list(&meta, key_span, errors), &key, key_span, errors);
            }
            "methods" => errors.error(
                key_span,
                "`#[cors]` takes no `methods`",
                "a route's methods are its route attribute's; remove `methods` (a `cors_policy!` used as middleware lists them)",
            ),
            name if place == Place::Route && position > 0 && is_policy_name(&meta) && name.bytes().any(|b| b.is_ascii_uppercase()) => {
                errors.error(
                    key_span,
                    "a policy's name must come first, before the keys that replace its own",
                    &format!("write `#[cors({name}, ...)]`"),
                );
                args.origins_unreadable = true;
            }
            "origins" => {
                let parsed = list(&meta, key_span, errors);
                args.origins_unreadable |= parsed.as_ref().is_none_or(|l| l.unreadable);
                set(&mut args.origins, parsed, &key, key_span, errors);
            }
            "origin_fn" => set(
                &mut args.origin_fn,
                deployment::origin_fn(&meta, errors),
                &key,
                key_span,
                errors,
            ),
            "headers" => set(
                &mut args.headers,
                list(&meta, key_span, errors),
                &key,
                key_span,
                errors,
            ),
            "expose" => set(
                &mut args.expose,
                list(&meta, key_span, errors),
                &key,
                key_span,
                errors,
            ),
            "credentials" => set(
                &mut args.credentials,
                flag(&meta, errors),
                &key,
                key_span,
                errors,
            ),
            "private_network" => {
                set(
                    &mut args.private_network,
                    flag(&meta, errors),
                    &key,
                    key_span,
                    errors,
                );
            }
            "csrf_exempt" => set(
                &mut args.csrf_exempt,
                flag(&meta, errors),
                &key,
                key_span,
                errors,
            ),
            "crate" => set(
                &mut args.krate,
                crate_path(&meta, errors),
                &key,
                key_span,
                errors,
            ),
            "max_age" => set(
                &mut args.max_age,
                seconds(&meta, errors),
                &key,
                key_span,
                errors,
            ),
            unknown => {
                args.origins_unreadable |= nearest_key(unknown) == Some("origins");
                let help = match nearest_key(unknown) {
                    Some(near) => format!("did you mean `{near}`? {}", valid_keys()),
                    None => valid_keys(),
                };
                errors.error(key_span, &format!("unknown argument `{unknown}`"), &help);
            }
        }
    }
    args
}

impl Args {
    /// The path generated code names the runtime by: `crate = "path"`, else
    /// `::cors_runtime`.
    pub(crate) fn krate(&self) -> proc_macro2::TokenStream {
        match &self.krate {
            Some(path) => quote::quote!(#path),
            None => quote::quote!(::cors_runtime),
        }
    }
}

/// `crate = "path"`: the path, as serde's and tokio's `crate` arguments take it.
fn crate_path(meta: &Meta, errors: &mut Errors) -> Option<syn::Path> {
    if let Meta::NameValue(syn::MetaNameValue {
        value: Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }),
        ..
    }) = meta
    {
        match text.parse::<syn::Path>() {
            Ok(path) => return Some(path),
            Err(_) => {
                errors.error(
                    text.span(),
                    &format!("`{}` is not a path", text.value().escape_debug()),
                    "write the path this crate is reachable by, such as `crate = \"platform::cors\"`",
                );
                return None;
            }
        }
    }
    let at = match meta {
        Meta::NameValue(nv) => nv.value.span(),
        _ => meta.span(),
    };
    errors.error(
        at,
        "`crate` takes a path in a string",
        "write the path this crate is reachable by, such as `crate = \"platform::cors\"`",
    );
    None
}

fn valid_keys() -> String {
    let keys: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
    format!("valid arguments are {}", keys.join(", "))
}

/// Stores a parsed value, reporting a key given twice at its second use.
fn set<T>(slot: &mut Option<T>, value: Option<T>, key: &str, span: Span, errors: &mut Errors) {
    if slot.is_some() {
        errors.error(
            span,
            &format!("`{key}` is given twice"),
            "remove one of them",
        );
    } else if value.is_some() {
        *slot = value;
    }
}

fn list(meta: &Meta, key: Span, errors: &mut Errors) -> Option<List> {
    let name = meta
        .path()
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    let example = match name.as_str() {
        "origins" => "origins = [\"https://app.example.com\"]",
        "headers" => "headers = [\"content-type\"]",
        "methods" => "methods = [\"GET\", \"PUT\"]",
        _ => "expose = [\"x-request-id\"]",
    };
    let value = match meta {
        Meta::NameValue(nv) => &nv.value,
        _ => {
            errors.error(
                meta.span(),
                &format!("`{name}` takes a list of strings"),
                &format!("write `{example}`"),
            );
            return None;
        }
    };
    let origins = name == "origins";
    let elems: Vec<&Expr> = match value {
        Expr::Array(array) => array.elems.iter().collect(),
        // `origins = env("VAR")`: the whole list from the deployment.
        Expr::Call(call) if origins && deployment::is_env(call) => vec![value],
        _ => {
            let help = if matches!(
                value,
                Expr::Lit(ExprLit {
                    lit: Lit::Str(_),
                    ..
                })
            ) {
                format!("put the string in brackets: `{example}`")
            } else {
                format!("write `{example}`")
            };
            errors.error(
                value.span(),
                &format!("`{name}` takes a list of strings"),
                &help,
            );
            return None;
        }
    };
    let mut items = Vec::new();
    let mut envs: Vec<Env> = Vec::new();
    let mut unreadable = false;
    for elem in elems {
        match elem {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => items.push(s.clone()),
            Expr::Call(call) if deployment::is_env(call) => {
                unreadable |= !deployment::push(call, &name, example, &mut envs, errors);
            }
            other => {
                unreadable = true;
                let also = if origins {
                    ", or `env(\"VAR\")` for origins the deployment supplies"
                } else {
                    ""
                };
                errors.error(
                    other.span(),
                    &format!("`{name}` entries must be string literals"),
                    &format!("write each entry in double quotes, as in `{example}`{also}"),
                );
            }
        }
    }
    Some(List {
        key,
        items,
        unreadable,
        envs,
    })
}

fn flag(meta: &Meta, errors: &mut Errors) -> Option<Span> {
    match meta {
        Meta::Path(path) => Some(path_span(path)),
        _ => {
            let name = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            errors.error(
                meta.span(),
                &format!("`{name}` is a flag and takes no value"),
                &format!("write `{name}` alone to turn it on, or leave it out to keep it off"),
            );
            None
        }
    }
}

fn seconds(meta: &Meta, errors: &mut Errors) -> Option<(u32, Span)> {
    let help = "write a whole number of seconds, as in `max_age = 600`";
    let Meta::NameValue(nv) = meta else {
        errors.error(meta.span(), "`max_age` takes a number of seconds", help);
        return None;
    };
    match &nv.value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => match int.base10_parse::<u32>() {
            Ok(secs) if int.suffix().is_empty() => Some((secs, int.span())),
            Ok(_) => {
                errors.error(
                    int.span(),
                    "`max_age` takes a plain number",
                    "remove the type suffix, as in `max_age = 600`",
                );
                None
            }
            Err(_) => {
                errors.error(int.span(), &format!("`max_age` of {} is out of range", int.base10_digits()), "write a number of seconds from 0 to 4294967295; browsers cache for 7200 at most");
                None
            }
        },
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            errors.error(
                s.span(),
                "`max_age` takes a number, not a string",
                &format!("remove the quotes: `max_age = {}`", s.value()),
            );
            None
        }
        Expr::Unary(neg) if matches!(neg.op, syn::UnOp::Neg(_)) => {
            errors.error(nv.value.span(), "`max_age` cannot be negative", "write `max_age = 0` to turn preflight caching off, or leave it out for the browser's default of 5 seconds");
            None
        }
        other => {
            errors.error(other.span(), "`max_age` takes a number of seconds", help);
            None
        }
    }
}

/// The valid key closest to `unknown`, if one is close enough to be a likely typo.
fn nearest_key(unknown: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|key| (edit_distance(unknown, key), *key))
        .filter(|(d, key)| *d <= key.len() / 3 + 1)
        .min()
        .map(|(_, key)| key)
}

/// Levenshtein distance over bytes; keys are short ASCII.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The arguments' fast path beside syn's reading of the same tokens.
#[cfg(test)]
pub(crate) struct CommonShapes;

#[cfg(test)]
impl crate::proof::FastPath for CommonShapes {
    const NAME: &'static str = "parse::common_shapes";

    fn fast(tokens: &proc_macro2::TokenStream) -> Option<crate::proof::Reading> {
        read_common_shapes(tokens).map(|metas| reading(&metas))
    }

    fn general(tokens: &proc_macro2::TokenStream) -> Option<crate::proof::Reading> {
        syn::parse2::<Raw>(tokens.clone())
            .ok()
            .map(|raw| reading(&raw.0))
    }
}

/// Each argument's shape (what `parse` matches on), tokens and spans, and each comma's span.
#[cfg(test)]
fn reading(metas: &Punctuated<Meta, Token![,]>) -> crate::proof::Reading {
    fn shape(expr: &Expr) -> String {
        match expr {
            Expr::Lit(ExprLit { lit, .. }) => match lit {
                Lit::Str(_) => "string".to_owned(),
                Lit::Int(_) => "integer".to_owned(),
                Lit::Float(_) => "float".to_owned(),
                Lit::Bool(_) => "bool".to_owned(),
                _ => "other literal".to_owned(),
            },
            Expr::Array(array) => {
                let elems: Vec<String> = array.elems.iter().map(shape).collect();
                format!("[{}]", elems.join(", "))
            }
            _ => "other expression".to_owned(),
        }
    }
    let mut out = Vec::new();
    for pair in metas.pairs() {
        let meta = pair.value();
        out.push(match meta {
            Meta::Path(_) => "flag".to_owned(),
            Meta::List(_) => "list".to_owned(),
            Meta::NameValue(nv) => format!("key = {}", shape(&nv.value)),
        });
        crate::proof::section(&mut out, "argument", meta);
        if let Some(comma) = pair.punct() {
            out.push(format!(", {}", crate::proof::span(comma.span)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The fast path reads exactly what syn reads, tokens and spans, and leaves every other
    /// shape to syn (the mutation harness checks the same on every input it makes).
    #[test]
    fn common_shapes_read_as_syn_reads_them() {
        use crate::proof::check;
        use std::str::FromStr;
        let read =
            |text: &str| check::<CommonShapes>(&proc_macro2::TokenStream::from_str(text).unwrap());
        for args in [
            r#"origins = ["https://a.example", "https://b.example"],
               credentials, max_age = 600"#,
            r#"crate = "platform::cors", headers = [], expose = ["x-a",],"#,
            "credentials",
            "",
        ] {
            assert_eq!(read(args), Ok(true), "{args}");
        }
        for other in [
            "crate::APP",
            "max_age = -1",
            r#"origins = env("A")"#,
            r#"origins = [env("A")]"#,
            "origins = [1]",
            "origin_fn = is_customer",
            r#"origins = ["a"] credentials"#,
            // Keywords are no keys to syn; `==` and `=>` are no `=`.
            r#"fn = ["a"]"#,
            r#"origins => ["a"]"#,
        ] {
            assert_eq!(read(other), Ok(false), "{other}");
        }
    }

    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(nearest_key("origin"), Some("origins"));
        assert_eq!(nearest_key("credential"), Some("credentials"));
        assert_eq!(nearest_key("maxage"), Some("max_age"));
        assert_eq!(nearest_key("exposed_headers"), None);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn parses_every_form_and_reports_every_error() {
        let mut errors = Errors::default();
        let args = parse(
            quote::quote!(
                origins = ["https://a.com"],
                credentials,
                headers = [],
                max_age = 600,
                private_network,
                csrf_exempt,
            ),
            Place::Route,
            &mut errors,
        );
        assert!(errors.finish().is_ok());
        assert_eq!(args.origins.unwrap().items.len(), 1);
        assert!(args.credentials.is_some() && args.private_network.is_some());
        assert!(args.csrf_exempt.is_some());
        assert_eq!(args.max_age.map(|m| m.0), Some(600));

        let mut errors = Errors::default();
        parse(
            quote::quote!(
                origins = "x",
                credentials = true,
                max_age = -1,
                origin = [],
                credentials,
                max_age = "600"
            ),
            Place::Route,
            &mut errors,
        );
        assert_eq!(errors.finish().unwrap_err().into_iter().count(), 5);
    }
}

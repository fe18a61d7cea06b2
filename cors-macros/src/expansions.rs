//! Every expansion of the UI pass cases (`tests/ui/pass/*.rs`) names only
//! `::cors_runtime::__private::…`, `::core::…` and `::std::…` (tests only). Each file's
//! `#[cors(...)]` items and `cors_policy!` calls are expanded through the macros' own
//! functions, and so is what they expand to, as rustc would: `#[cors]` written onto a
//! module's handlers, `#[cors]` moved below other attributes, and the calls of a named
//! policy's macro (whose arguments are the file's `cors_policy!` definition of that name).
//! Then every path with a leading `::` in the output, string literals included (a `wrap`
//! is code in a string), is checked.

use std::collections::HashMap;
use std::str::FromStr;

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{Attribute, Item};

/// Where generated code may reach outside the user's own names.
const ALLOWED: [&str; 3] = ["::cors_runtime::__private::", "::core::", "::std::"];

/// The one exception: the stand-in that keeps a handler whose `cors_policy!` name is
/// missing (`named::with_stand_in`) names actix-web's trait as the route attribute's own
/// expansion does, because the crate path the policy would give is in the missing policy.
const STAND_IN: [&str; 2] = [
    "::actix_web::dev::HttpServiceFactory",
    "::actix_web::dev::AppService",
];

/// Every path in `stream` that starts with `::`, as text, and whether it is inside a
/// stand-in module (`mod __cors_stand_in_…`).
fn leading_paths(stream: TokenStream, stand_in: bool, out: &mut Vec<(String, bool)>) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => {
                let inside = stand_in
                    || group.delimiter() == Delimiter::Brace
                        && matches!(&trees[..i], [.., TokenTree::Ident(m), TokenTree::Ident(name)]
                            if m == "mod" && name.to_string().starts_with("__cors_stand_in_"));
                leading_paths(group.stream(), inside, out);
            }
            TokenTree::Literal(literal) => {
                // A string that is code, such as actix-web's `wrap = "..."`.
                if let Ok(syn::Lit::Str(text)) = syn::parse2::<syn::Lit>(literal.to_token_stream())
                {
                    if let Ok(code) = TokenStream::from_str(&text.value()) {
                        leading_paths(code, stand_in, out);
                    }
                }
            }
            TokenTree::Punct(colon)
                if colon.as_char() == ':' && colon.spacing() == Spacing::Joint =>
            {
                let second =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                if second && !continues_a_path(&trees[..i]) {
                    out.push((path_at(&trees[i..]), stand_in));
                }
            }
            _ => {}
        }
    }
}

/// Whether a `::` after `before` goes on with a path (`a::b`, `crate::b`, `Vec<T>::new`)
/// rather than starting one (`<T as ::a::B>`, `x: ::a::B`, `(::a::b)`).
fn continues_a_path(before: &[TokenTree]) -> bool {
    match before {
        [.., TokenTree::Ident(word)] => {
            !crate::item::is_keyword(word)
                || ["crate", "self", "super", "Self"].iter().any(|k| word == k)
        }
        [.., TokenTree::Punct(gt)] if gt.as_char() == '>' => true,
        _ => false,
    }
}

/// `::a::b::c` written out, from its leading `::`.
fn path_at(trees: &[TokenTree]) -> String {
    let mut text = String::new();
    let mut at = 0;
    while let [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(segment), ..] =
        &trees[at..]
    {
        if a.as_char() != ':' || b.as_char() != ':' {
            break;
        }
        text.push_str("::");
        text.push_str(&segment.to_string());
        at += 3;
    }
    text.push_str("::");
    text
}

/// The paths in `stream` generated code may not name.
fn violations(stream: TokenStream) -> Vec<String> {
    let mut paths = Vec::new();
    leading_paths(stream, false, &mut paths);
    paths
        .into_iter()
        .filter(|(path, stand_in)| {
            let allowed = ALLOWED.iter().any(|allowed| path.starts_with(allowed));
            let excepted = *stand_in && STAND_IN.iter().any(|s| path.starts_with(s));
            !allowed && !excepted
        })
        .map(|(path, _)| path)
        .collect()
}

/// Expands a file's uses of the macros, and what they expand to, as rustc would.
#[derive(Default)]
struct Expander {
    /// Each `cors_policy!` definition's arguments, by name.
    policies: HashMap<String, TokenStream>,
    /// Every expansion.
    outputs: Vec<TokenStream>,
}

fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

fn attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    match item {
        Item::Fn(f) => Some(&mut f.attrs),
        Item::Mod(m) => Some(&mut m.attrs),
        Item::Struct(s) => Some(&mut s.attrs),
        Item::Const(c) => Some(&mut c.attrs),
        _ => None,
    }
}

impl Expander {
    fn collect(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Macro(m) if last_segment(&m.mac.path) == "cors_policy" => {
                    for (name, args) in crate::define::definitions(m.mac.tokens.clone()) {
                        self.policies.insert(name.to_string(), args);
                    }
                }
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.collect(items);
                    }
                }
                _ => {}
            }
        }
    }

    fn item(&mut self, mut item: Item) {
        if let Some(attrs) = attrs(&mut item) {
            let at = attrs.iter().position(|a| {
                let last = last_segment(a.path());
                last == "cors" || last == "__cors_stacked"
            });
            if let Some(at) = at {
                let attr = attrs.remove(at);
                let stacking = if last_segment(attr.path()) == "cors" {
                    crate::Stacking::Defer
                } else {
                    crate::Stacking::InPlace
                };
                let args = attr
                    .meta
                    .require_list()
                    .map_or_else(|_| TokenStream::new(), |list| list.tokens.clone());
                let input = item.into_token_stream();
                self.output(crate::cors_impl(&args, &input, stacking));
                return;
            }
        }
        match item {
            Item::Macro(m) if last_segment(&m.mac.path) == "cors_policy" => {
                self.output(crate::define::expand(m.mac.tokens));
            }
            Item::Macro(m) => {
                let name = Ident::new(&last_segment(&m.mac.path), proc_macro2::Span::call_site());
                if let Some(args) = self.policies.get(&name.to_string()).cloned() {
                    let input = m.mac.tokens;
                    self.output(crate::named::expand(quote!(policy #name (#args) #input)));
                }
            }
            Item::Mod(m) => {
                for item in m.content.map(|(_, items)| items).unwrap_or_default() {
                    self.item(item);
                }
            }
            _ => {}
        }
    }

    fn output(&mut self, out: TokenStream) {
        self.outputs.push(out.clone());
        if let Ok(file) = syn::parse2::<syn::File>(out) {
            for item in file.items {
                self.item(item);
            }
        }
    }
}

#[test]
fn pass_cases_name_only_the_private_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ui/pass");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/ui/pass")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let (mut expansions, mut paths, mut routes, mut stand_ins) = (0, 0, 0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a pass case");
        let parsed = syn::parse_file(&text).expect("a pass case parses");
        let mut expander = Expander::default();
        expander.collect(&parsed.items);
        for item in parsed.items {
            expander.item(item);
        }
        assert!(
            !expander.outputs.is_empty(),
            "{}: nothing expanded",
            file.display()
        );
        for out in &expander.outputs {
            let mut all = Vec::new();
            leading_paths(out.clone(), false, &mut all);
            paths += all.len();
            let bad = violations(out.clone());
            assert!(
                bad.is_empty(),
                "{}: an expansion names {bad:?}:\n{out}",
                file.display()
            );
            assert!(
                !out.to_string().contains("compile_error"),
                "{}: an expansion failed:\n{out}",
                file.display()
            );
        }
        expansions += expander.outputs.len();
        for out in &expander.outputs {
            let text = out.to_string();
            // A route's service: the template's call, or the registration of a route with
            // `wrap`s.
            routes += text.matches(":: __private :: resource !").count()
                + text.matches(":: __private :: register (").count();
            stand_ins += text.matches("mod __cors_stand_in_").count();
        }
    }
    println!(
        "{} pass cases, {expansions} expansions ({routes} routes, {stand_ins} stand-ins), {paths} paths from `::` checked",
        files.len()
    );
    // Every route of the pass cases was expanded to the end, batches of a named policy
    // included (the fifty routes of `named-policies-every-form.rs`'s module among them).
    assert!(
        files.len() >= 7 && routes >= 80 && stand_ins > 0,
        "{} files, {routes} routes",
        files.len()
    );
}

/// The walker finds a path to anything else, wherever it is written.
#[test]
fn a_path_outside_the_private_module_is_found() {
    let stream = quote! {
        impl ::cors_runtime::__private::actix_web::dev::HttpServiceFactory for a {
            fn f() { let _ = <T as ::cors_macros::x::Y>::new(); ::core::module_path!(); }
        }
        const _: () = ::cors_macros::z;
        fn h(x: ::other::T) {}
        use a::b::c;
        #[get("/", wrap = "::evil::Middleware::new()")]
        fn g() { Vec::<u8>::new(); crate::x::y(); }
    };
    assert_eq!(
        violations(stream),
        [
            "::cors_macros::x::Y::",
            "::cors_macros::z::",
            "::other::T::",
            "::evil::Middleware::new::"
        ]
    );
    // The stand-in's exception is its module's alone.
    let stand_in = quote! {
        mod __cors_stand_in_a { impl ::actix_web::dev::HttpServiceFactory for a {} }
        impl ::actix_web::dev::HttpServiceFactory for b {}
    };
    assert_eq!(
        violations(stand_in),
        ["::actix_web::dev::HttpServiceFactory::"]
    );
}

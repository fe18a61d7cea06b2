//! `#[cors(...)]` on a module: every function directly inside it that has a route attribute
//! gets the module's policy, as actix-web's `#[scope]` covers the functions directly inside
//! it. A handler's own `#[cors(...)]` replaces keys of the module's policy (or, when it names
//! a policy, starts from that one instead); `#[cors(off)]` opts it out.
//!
//! The module's policy is written onto each handler as an ordinary `#[cors(...)]`, so the
//! rule book runs on the policy each route ends up with, with every value's span where it
//! was written. A name written in the module's attribute resolves where the module is
//! declared: inside the module it is read one level up (`APP` becomes `super::APP`).

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::parse::discouraged::Speculative;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, Token, Visibility};

use crate::ctxt::Errors;
use crate::item::{HandlerFn, ItemKind};
use crate::parse::{self, Place};

/// A module, read only as far as `#[cors]` needs: its functions' attributes. Bodies stay
/// unparsed token groups.
pub(crate) struct Module {
    attrs: Vec<Attribute>,
    vis: Visibility,
    mod_token: Token![mod],
    ident: Ident,
    /// `None` for `mod x;`.
    content: Option<(Group, Vec<Attribute>, Vec<ModuleItem>)>,
}

enum ModuleItem {
    Handler(Box<HandlerFn>),
    Other(TokenStream),
}

impl Module {
    /// Reads a module: its common shape (handlers of the common shape and `use`, `const`,
    /// `static` and `type` items) from its token trees, so that no handler's body is walked;
    /// anything else is syn's to read, with its errors.
    pub(crate) fn from_tokens(tokens: &TokenStream) -> syn::Result<Self> {
        match Self::common_shape(tokens) {
            Some(module) => Ok(module),
            None => syn::parse2(tokens.clone()),
        }
    }

    /// The common shape alone: `None` when syn must read it.
    fn common_shape(tokens: &TokenStream) -> Option<Self> {
        #[cfg(test)]
        crate::proof::record(crate::proof::Path::Module, tokens);
        Self::read_common_shape(tokens)
    }

    fn read_common_shape(tokens: &TokenStream) -> Option<Self> {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let (TokenTree::Group(group), head) = trees.split_last()? else {
            return None;
        };
        if group.delimiter() != Delimiter::Brace {
            return None;
        }
        let (attrs, vis, at) = crate::item::attrs_and_vis(head)?;
        let [TokenTree::Ident(mod_token), TokenTree::Ident(ident)] = &head[at..] else {
            return None;
        };
        if mod_token != "mod" || crate::item::is_keyword(ident) {
            return None;
        }
        let body: Vec<TokenTree> = group.stream().into_iter().collect();
        let mut at = 0;
        while let [TokenTree::Punct(pound), TokenTree::Punct(bang), TokenTree::Group(_), ..] =
            &body[at..]
        {
            if pound.as_char() != '#' || bang.as_char() != '!' {
                return None;
            }
            at += 3;
        }
        let inner = body[..at].iter().cloned().collect();
        let inner = syn::parse::Parser::parse2(Attribute::parse_inner, inner).ok()?;
        let mut items = Vec::new();
        while at < body.len() {
            let (len, kind) = crate::item::item_len(&body[at..])?;
            let item: TokenStream = body[at..at + len].iter().cloned().collect();
            items.push(match kind {
                ItemKind::Fn => ModuleItem::handler(HandlerFn::common_shape(&item)?),
                // Small items, read by syn on their own: no handler body is walked.
                ItemKind::Other => {
                    syn::parse2::<syn::Item>(item.clone()).ok()?;
                    ModuleItem::Other(item)
                }
            });
            at += len;
        }
        let mod_token = Token![mod](mod_token.span());
        let content = Some((group.clone(), inner, items));
        Some(Module::new((attrs, vis, mod_token, ident.clone()), content))
    }

    /// The one way both readings build a module.
    fn new(
        (attrs, vis, mod_token, ident): (Vec<Attribute>, Visibility, Token![mod], Ident),
        content: Option<(Group, Vec<Attribute>, Vec<ModuleItem>)>,
    ) -> Self {
        Module {
            attrs,
            vis,
            mod_token,
            ident,
            content,
        }
    }
}

impl ModuleItem {
    fn handler(handler: HandlerFn) -> Self {
        ModuleItem::Handler(Box::new(handler))
    }
}

impl Parse for Module {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let head = (
            input.call(Attribute::parse_outer)?,
            input.parse()?,
            input.parse()?,
            input.parse()?,
        );
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            return Ok(Module::new(head, None));
        }
        let group: Group = input.parse()?;
        if group.delimiter() != Delimiter::Brace {
            return Err(syn::Error::new(group.span(), "expected a module body"));
        }
        let (inner, items) = syn::parse::Parser::parse2(parse_body, group.stream())?;
        Ok(Module::new(head, Some((group, inner, items))))
    }
}

fn parse_body(input: ParseStream<'_>) -> syn::Result<(Vec<Attribute>, Vec<ModuleItem>)> {
    let inner = input.call(Attribute::parse_inner)?;
    let mut items = Vec::new();
    while !input.is_empty() {
        let fork = input.fork();
        if let Ok(handler) = fork.parse::<HandlerFn>() {
            input.advance_to(&fork);
            items.push(ModuleItem::handler(handler));
        } else {
            let item: syn::Item = input.parse()?;
            items.push(ModuleItem::Other(item.into_token_stream()));
        }
    }
    Ok((inner, items))
}

impl ToTokens for Module {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let (attrs, vis, mod_token, ident) = (&self.attrs, &self.vis, &self.mod_token, &self.ident);
        let Some((group, inner, items)) = &self.content else {
            tokens.extend(quote!(#(#attrs)* #vis #mod_token #ident;));
            return;
        };
        let items = items.iter().map(|item| match item {
            ModuleItem::Handler(handler) => handler.to_token_stream(),
            ModuleItem::Other(other) => other.clone(),
        });
        let mut body = Group::new(Delimiter::Brace, quote!(#(#inner)* #(#items)*));
        body.set_span(group.span());
        tokens.extend(quote!(#(#attrs)* #vis #mod_token #ident #body));
    }
}

/// Whether `attr` is `#[cors(...)]`, by any path.
fn is_cors(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "cors")
}

pub(crate) fn expand(args: &TokenStream, mut module: Module, cors: Span) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = parse::parse(args.clone(), Place::Route, &mut errors);
    if let Some(off) = parsed.off {
        errors.error(
            off,
            "`#[cors(off)]` goes on a handler, not on a module",
            "put `#[cors(off)]` on the handler inside a module with `#[cors]` that should have no CORS",
        );
    }
    let (module_name, module_args) = from_parent(args, parsed.name.is_some());
    let krate = parsed.krate();
    let mut routed = 0;
    match &mut module.content {
        None => errors.error(
            cors,
            "`#[cors]` cannot see into a module in another file",
            "a macro sees only the tokens it is given: write the module's items inline (`mod api { ... }`), or put `#[cors]` on each handler in the file",
        ),
        Some((_, _, items)) => {
            let mut keep_used = Vec::new();
            let mut batch = Vec::new();
            // Another attribute macro still to run on the module (`#[scope]`) must see every
            // handler as a function: then each gets its attribute instead.
            let named = parsed.name.is_some()
                && !module.attrs.iter().any(crate::stack::is_macro);
            for item in std::mem::take(items) {
                let ModuleItem::Handler(mut handler) = item else {
                    items.push(item);
                    continue;
                };
                let Some(route_at) = crate::route::position(&handler.attrs) else {
                    items.push(ModuleItem::Handler(handler));
                    continue;
                };
                routed += 1;
                match cover(&mut handler, route_at, (&module_args, &krate), named) {
                    Covered::Attribute => items.push(ModuleItem::Handler(handler)),
                    Covered::Off(path) => {
                        keep_used.push(path);
                        items.push(ModuleItem::Handler(handler));
                    }
                    Covered::Batch(args, path) => {
                        keep_used.extend(path);
                        batch.push(quote!({ [#args] #handler }));
                    }
                }
            }
            if let (false, Some(name)) = (batch.is_empty(), module_name) {
                // One call of the policy's macro for all of them: its arguments are read
                // once, and each handler expands as under `#[cors(NAME, ...)]`.
                items.push(ModuleItem::Other(quote!(#name! { #(#batch)* })));
            }
            if let Some(path) = keep_used.first() {
                items.push(ModuleItem::Other(quote! {
                    #[allow(unused_imports)]
                    use #path as _;
                }));
            }
            if routed == 0 && errors.is_empty() {
                errors.error(
                    cors,
                    "this module has no function with a route attribute for `#[cors]` to cover",
                    "`#[cors]` on a module covers the functions directly inside it that have `#[get]`, `#[post]` or another route attribute; nested modules take their own `#[cors]`",
                );
            }
        }
    }
    let errors = errors.finish().err().map(|e| e.to_compile_error());
    quote!(#errors #module)
}

/// What [`cover`] did with a handler.
enum Covered {
    /// Gave it a `#[cors(...)]` attribute with the policy it ends up with.
    Attribute,
    /// Took its `#[cors(off)]` away: the path it was written with, whose import must stay
    /// used.
    Off(syn::Path),
    /// Nothing to the handler: the module's named policy expands it together with the
    /// module's other handlers, with these arguments; the path of the `#[cors(...)]` it
    /// took away, whose import must stay used.
    Batch(TokenStream, Option<syn::Path>),
}

/// Gives `handler` the module's policy, with its own `#[cors(...)]` as a second layer
/// (`__own(...)`) that `merge::layered` puts over the module's, by the same rule as a
/// route's keys over a named policy.
fn cover(
    handler: &mut HandlerFn,
    route_at: usize,
    (module, krate): (&TokenStream, &TokenStream),
    named: bool,
) -> Covered {
    let own = handler.attrs[..route_at].iter().position(is_cors);
    let own_attr = own.map(|i| handler.attrs.remove(i));
    let own_args = own_attr
        .as_ref()
        .and_then(|attr| attr.meta.require_list().ok())
        .map_or_else(TokenStream::new, |list| list.tokens.clone());
    // The handler's own attribute, by the path the user imported it as, so that import
    // stays used.
    let path = own_attr.as_ref().map_or_else(
        || syn::parse_quote!(#krate::__private::cors),
        |attr| attr.path().clone(),
    );
    let mut own_errors = Errors::default();
    let own_parsed = parse::parse(own_args.clone(), Place::Route, &mut own_errors);
    if own_parsed.off.is_some() && own_errors.is_empty() {
        return Covered::Off(path);
    }
    let combined = if own_parsed.name.is_some() {
        // A handler that names its own policy starts from that one.
        own_args
    } else if own_args.is_empty() {
        module.clone()
    } else {
        quote!(#module, __own(#own_args))
    };
    // The common case, the module's own policy with attribute macros neither between nor
    // left to run: no attribute round trip per handler (`BENCHMARKS.md`, compile time).
    if named
        && own_parsed.name.is_none()
        && own_errors.is_empty()
        && !crate::stack::has_macros_before(&handler.attrs, route_at - usize::from(own.is_some()))
    {
        return Covered::Batch(combined, own_attr.map(|attr| attr.path().clone()));
    }
    let attr: Attribute = syn::parse_quote!(#[#path(#combined)]);
    handler.attrs.insert(own.unwrap_or(0), attr);
    Covered::Attribute
}

/// The module's arguments as read from inside the module: a policy's name written first is
/// rewritten to resolve where the module is declared (`APP` becomes `super::APP`), and
/// returned on its own too, for the batch's macro call.
fn from_parent(args: &TokenStream, named: bool) -> (Option<TokenStream>, TokenStream) {
    if !named {
        return (None, args.clone());
    }
    let mut trees = args.clone().into_iter().peekable();
    let mut name = Vec::new();
    while let Some(tree) =
        trees.next_if(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
    {
        name.push(tree);
    }
    let name = parent_path(&name);
    let rest: TokenStream = trees.collect();
    (Some(name.clone()), quote!(#name #rest))
}

/// A path written at the module's declaration, as read from inside the module.
fn parent_path(path: &[TokenTree]) -> TokenStream {
    let anchored = match path.first() {
        Some(TokenTree::Ident(ident)) => ident == "crate" || ident == "$crate",
        Some(TokenTree::Punct(p)) => p.as_char() == ':',
        _ => false,
    };
    let rest: TokenStream = path.iter().cloned().collect();
    if anchored {
        return rest;
    }
    // `self::X` is the parent's `X`: drop `self`, then read it from the parent.
    if let [TokenTree::Ident(first), TokenTree::Punct(_), TokenTree::Punct(_), tail @ ..] = path {
        if first == "self" {
            let tail: TokenStream = tail.iter().cloned().collect();
            return quote!(super::#tail);
        }
    }
    quote!(super::#rest)
}

/// The module's fast path beside syn's reading of the same module.
#[cfg(test)]
pub(crate) struct CommonShape;

#[cfg(test)]
impl crate::proof::FastPath for CommonShape {
    const NAME: &'static str = "module::Module::common_shape";

    fn fast(tokens: &TokenStream) -> Option<crate::proof::Reading> {
        Module::read_common_shape(tokens).map(|module| module.reading())
    }

    fn general(tokens: &TokenStream) -> Option<crate::proof::Reading> {
        syn::parse2::<Module>(tokens.clone())
            .ok()
            .map(|module| module.reading())
    }
}

#[cfg(test)]
impl Module {
    /// Everything `expand` reads from a module, for `proof.rs`.
    fn reading(&self) -> crate::proof::Reading {
        use crate::proof::section;
        let mut out = Vec::new();
        for attr in &self.attrs {
            section(&mut out, "attribute", attr);
        }
        section(&mut out, "visibility", &self.vis);
        section(&mut out, "mod", &self.mod_token);
        section(&mut out, "name", &self.ident);
        if let Some((group, inner, items)) = &self.content {
            out.push(format!("body {}", crate::proof::span(group.span())));
            for attr in inner {
                section(&mut out, "inner attribute", attr);
            }
            for item in items {
                match item {
                    ModuleItem::Handler(handler) => {
                        out.push("-- handler".to_owned());
                        out.extend(handler.reading());
                    }
                    ModuleItem::Other(other) => section(&mut out, "other item", other),
                }
            }
        }
        out
    }
}

//! The annotated function, read only as far as the expansion needs: attributes, visibility
//! and signature. The body stays one unparsed token group: `#[cors]` never looks inside it,
//! and parsing and re-emitting it token by token would cost every annotated handler
//! compile time (`BENCHMARKS.md`, compile time).

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Signature, Visibility};

/// A function item: `#[attrs] vis sig { body }`.
pub(crate) struct HandlerFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Sig,
    body: Group,
}

/// A function's signature, read only as far as the expansion needs: its name and whether
/// it returns anything; the tokens are re-emitted as written.
pub(crate) struct Sig {
    pub(crate) ident: Ident,
    pub(crate) returns: bool,
    tokens: TokenStream,
}

impl Sig {
    /// `[async] fn name(params) [-> Type]`, the whole signature of a handler whose body
    /// follows, read from its token trees; `None` for anything else (generics, `where`, other
    /// qualifiers), which syn reads. Every `#[cors]` handler pays for this in the user's
    /// unoptimised build of the macro, where syn's full signature parser cost a seventh of
    /// its time (`BENCHMARKS.md`).
    fn from_trees(trees: &[TokenTree]) -> Option<Self> {
        let start = usize::from(matches!(trees.first(), Some(TokenTree::Ident(a)) if a == "async"));
        let [TokenTree::Ident(fn_token), TokenTree::Ident(ident), TokenTree::Group(params), rest @ ..] =
            &trees[start..]
        else {
            return None;
        };
        if fn_token != "fn" || params.delimiter() != Delimiter::Parenthesis {
            return None;
        }
        let returns = match rest {
            [] => false,
            [TokenTree::Punct(dash), TokenTree::Punct(gt), ..]
                if dash.as_char() == '-' && gt.as_char() == '>' =>
            {
                true
            }
            _ => return None,
        };
        if rest
            .iter()
            .any(|tree| matches!(tree, TokenTree::Ident(i) if i == "where"))
        {
            return None;
        }
        Some(Sig {
            ident: ident.clone(),
            returns,
            tokens: trees.iter().cloned().collect(),
        })
    }
}

impl From<Signature> for Sig {
    fn from(sig: Signature) -> Self {
        Sig {
            ident: sig.ident.clone(),
            returns: !matches!(sig.output, syn::ReturnType::Default),
            tokens: sig.into_token_stream(),
        }
    }
}

impl ToTokens for Sig {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.tokens.clone());
    }
}

impl Parse for HandlerFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = Sig::from(input.parse::<Signature>()?);
        let body: Group = input.parse()?;
        if body.delimiter() != Delimiter::Brace {
            return Err(syn::Error::new(body.span(), "expected a function body"));
        }
        Ok(Self {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

impl HandlerFn {
    /// Reads a whole item as a handler. The common shape is read from its token trees, so
    /// the body is never walked: building syn's token buffer descends into every group, and
    /// a handler's body is most of its tokens. Anything else is syn's to read, with its
    /// errors.
    pub(crate) fn from_tokens(tokens: &TokenStream) -> syn::Result<Self> {
        match Self::common_shape(tokens) {
            Some(handler) => Ok(handler),
            None => syn::parse2(tokens.clone()),
        }
    }

    /// The common shape alone: `None` when syn must read it.
    pub(crate) fn common_shape(tokens: &TokenStream) -> Option<Self> {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let (TokenTree::Group(body), head) = trees.split_last()? else {
            return None;
        };
        if body.delimiter() != Delimiter::Brace {
            return None;
        }
        let (attrs, vis, at) = attrs_and_vis(head)?;
        let sig = Sig::from_trees(&head[at..])?;
        Some(Self {
            attrs,
            vis,
            sig,
            body: body.clone(),
        })
    }

    /// The body, as one unparsed group.
    pub(crate) fn body(&self) -> &Group {
        &self.body
    }
}

impl ToTokens for HandlerFn {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(&self.attrs);
        self.vis.to_tokens(tokens);
        self.sig.to_tokens(tokens);
        self.body.to_tokens(tokens);
    }
}

/// An item's outer attributes and visibility, read from its first token trees, and where
/// the rest starts; `None` for a shape syn must read.
pub(crate) fn attrs_and_vis(head: &[TokenTree]) -> Option<(Vec<Attribute>, Visibility, usize)> {
    let mut at = 0;
    let mut attrs = Vec::new();
    while let [TokenTree::Punct(pound), TokenTree::Group(group), ..] = &head[at..] {
        if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            return None;
        }
        let attr: TokenStream = head[at..at + 2].iter().cloned().collect();
        attrs.extend(syn::parse::Parser::parse2(Attribute::parse_outer, attr).ok()?);
        at += 2;
    }
    let vis = match &head[at..] {
        [TokenTree::Ident(public), TokenTree::Group(scope), ..]
            if public == "pub" && scope.delimiter() == Delimiter::Parenthesis =>
        {
            at += 2;
            syn::parse2(head[at - 2..at].iter().cloned().collect()).ok()?
        }
        [TokenTree::Ident(public), ..] if public == "pub" => {
            at += 1;
            Visibility::Public(syn::Token![pub](public.span()))
        }
        _ => Visibility::Inherited,
    };
    Some((attrs, vis, at))
}

/// How many token trees the item at the start of `trees` spans, for the shapes a module of
/// handlers holds: a function of the common shape (`[async] fn name(..) [-> Type] {..}`), or
/// `use`, `const`, `static` or `type` up to its `;`. `None` for anything else.
pub(crate) fn item_len(trees: &[TokenTree]) -> Option<usize> {
    let mut at = 0;
    while let [TokenTree::Punct(pound), TokenTree::Group(_), ..] = &trees[at..] {
        if pound.as_char() != '#' {
            return None;
        }
        at += 2;
    }
    if matches!(&trees[at..], [TokenTree::Ident(p), ..] if p == "pub") {
        at += 1;
        if matches!(&trees[at..], [TokenTree::Group(g), ..] if g.delimiter() == Delimiter::Parenthesis)
        {
            at += 1;
        }
    }
    let TokenTree::Ident(keyword) = trees.get(at)? else {
        return None;
    };
    // `const fn` is a function, not an item that ends at a `;`: syn's to read.
    let qualifies_fn = matches!(trees.get(at + 1), Some(TokenTree::Ident(f)) if f == "fn" || f == "unsafe" || f == "async" || f == "extern");
    if qualifies_fn && keyword == "const" {
        return None;
    }
    if ["use", "const", "static", "type"]
        .iter()
        .any(|k| keyword == k)
    {
        let semi = trees[at..]
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))?;
        return Some(at + semi + 1);
    }
    if keyword == "async" {
        at += 1;
    }
    let [TokenTree::Ident(fn_token), TokenTree::Ident(_), TokenTree::Group(params), ..] =
        &trees[at..]
    else {
        return None;
    };
    if fn_token != "fn" || params.delimiter() != Delimiter::Parenthesis {
        return None;
    }
    at += 3;
    // The body is the first brace group outside the return type's angle brackets.
    let mut depth = 0_u32;
    let mut after_dash = false;
    for (i, tree) in trees.iter().enumerate().skip(at) {
        match tree {
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace && depth == 0 => {
                return Some(i + 1);
            }
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' && !after_dash => {
                depth = depth.saturating_sub(1);
            }
            TokenTree::Ident(w) if w == "where" => return None,
            _ => {}
        }
        after_dash = matches!(tree, TokenTree::Punct(p) if p.as_char() == '-');
    }
    None
}

/// Whether `tokens` is a module item, `#[attrs] [vis] mod name ...`, judged by its first
/// token trees alone.
pub(crate) fn is_module(tokens: &TokenStream) -> bool {
    let mut trees = tokens.clone().into_iter().peekable();
    loop {
        match trees.next() {
            // An attribute: `#` and its bracket group.
            Some(TokenTree::Punct(pound)) if pound.as_char() == '#' => {
                trees.next();
            }
            Some(TokenTree::Ident(public)) if public == "pub" => {
                if matches!(trees.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
                {
                    trees.next();
                }
            }
            Some(TokenTree::Ident(keyword)) => return keyword == "mod",
            _ => return false,
        }
    }
}

/// What an item is, with its article, for a message such as "`#[cors]` cannot be used on a
/// struct".
pub(crate) fn describe(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Const(_) => "a constant",
        syn::Item::Enum(_) => "an enum",
        syn::Item::ExternCrate(_) => "an `extern crate` declaration",
        syn::Item::Fn(_) => "a function",
        syn::Item::ForeignMod(_) => "an `extern` block",
        syn::Item::Impl(_) => "an `impl` block",
        syn::Item::Macro(_) => "a macro invocation",
        syn::Item::Mod(_) => "a module",
        syn::Item::Static(_) => "a static",
        syn::Item::Struct(_) => "a struct",
        syn::Item::Trait(_) | syn::Item::TraitAlias(_) => "a trait",
        syn::Item::Type(_) => "a type alias",
        syn::Item::Union(_) => "a union",
        syn::Item::Use(_) => "a `use` declaration",
        _ => "this item",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// Items of a module split where syn would split them; other shapes are left to syn.
    #[test]
    fn item_lengths() {
        let len = |t: TokenStream| item_len(&t.into_iter().collect::<Vec<_>>());
        // `::` is two trees; a group is one.
        let cases = [
            (
                quote!(
                    use a::{b, c};
                    fn x() {}
                ),
                Some(6),
            ),
            (
                quote!(
                    const X: S = S { a: 1 };
                    use y;
                ),
                Some(8),
            ),
            (
                quote!(
                    #[get("/")]
                    pub(super) async fn h() -> Box<dyn Fn() -> u8> {
                        f
                    }
                    use z;
                ),
                Some(20),
            ),
            (
                quote!(
                    fn arr() -> [u8; { 2 }] {
                        w
                    }
                    fn next() {}
                ),
                Some(7),
            ),
            (
                quote!(
                    const fn c() -> u8 {
                        1
                    }
                    use z;
                ),
                None,
            ),
            (
                quote!(
                    struct S {
                        a: u8,
                    }
                ),
                None,
            ),
            (
                quote!(
                    fn g<T>() {}
                ),
                None,
            ),
            (
                quote!(
                    fn w()
                    where
                        u8: Copy,
                    {
                    }
                ),
                None,
            ),
        ];
        for (item, expected) in cases {
            assert_eq!(len(item.clone()), expected, "{item}");
        }
    }

    /// The fast path reads what syn reads: the name, whether it returns, the same tokens
    /// back, and the body after them; shapes it does not know go to syn.
    #[test]
    fn common_signatures_read_as_syn_reads_them() {
        for item in [
            quote!(
                async fn me() -> impl Responder {
                    body()
                }
            ),
            quote!(
                pub async fn h(id: web::Path<u32>) -> Result<Json<Vec<u8>>, Error> {
                    x
                }
            ),
            quote!(
                async fn cb(f: web::Data<Box<dyn Fn() -> u8>>) -> Box<dyn Fn() -> u8> {
                    y
                }
            ),
            quote!(
                fn plain() {
                    z
                }
            ),
            quote!(
                async fn arr() -> [u8; { 2 }] {
                    w
                }
            ),
            quote!(
                async fn generic<T: Responder>(t: T) -> T {
                    t
                }
            ),
            quote!(
                async fn bounded(t: u8) -> u8
                where
                    u8: Copy,
                {
                    t
                }
            ),
            quote!(
                unsafe fn unsafe_one() {}
            ),
        ] {
            // syn re-emits `>>` as `> >`: the same tokens, spaced apart.
            let bare = |t: TokenStream| t.to_string().replace(' ', "");
            let fast = HandlerFn::from_tokens(&item).unwrap();
            let by_syn: HandlerFn = syn::parse2(item.clone()).unwrap();
            assert_eq!(bare(quote!(#fast)), bare(quote!(#by_syn)), "{item}");
            assert_eq!(fast.sig.returns, by_syn.sig.returns, "{item}");
            let syn_fn: syn::ItemFn = syn::parse2(item.clone()).unwrap();
            assert_eq!(fast.sig.ident, syn_fn.sig.ident);
            assert_eq!(
                fast.sig.returns,
                !matches!(syn_fn.sig.output, syn::ReturnType::Default)
            );
            assert_eq!(bare(quote!(#fast)), bare(quote!(#syn_fn)), "{item}");
        }
    }
}

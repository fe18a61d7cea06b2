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
    /// The common shape, `[async] fn name(params) [-> Type]`, read from its token trees;
    /// `None` for anything else (generics, `where`, other qualifiers), which syn reads.
    /// Every `#[cors]` handler pays for this in the user's unoptimised build of the macro,
    /// where syn's full signature parser cost a seventh of its time (`BENCHMARKS.md`).
    fn common_shape(input: ParseStream<'_>) -> Option<Self> {
        input
            .step(|cursor| {
                let mut rest = *cursor;
                let mut tokens = Vec::new();
                let next = |rest: &mut syn::buffer::Cursor<'_>| {
                    let (tree, after) = rest.token_tree()?;
                    *rest = after;
                    Some(tree)
                };
                let mut tree = next(&mut rest).ok_or_else(|| cursor.error("expected `fn`"))?;
                if matches!(&tree, TokenTree::Ident(i) if i == "async") {
                    tokens.push(tree);
                    tree = next(&mut rest).ok_or_else(|| cursor.error("expected `fn`"))?;
                }
                let TokenTree::Ident(fn_token) = &tree else {
                    return Err(cursor.error("expected `fn`"));
                };
                if fn_token != "fn" {
                    return Err(cursor.error("expected `fn`"));
                }
                tokens.push(tree);
                let Some(TokenTree::Ident(ident)) = next(&mut rest) else {
                    return Err(cursor.error("expected a name"));
                };
                tokens.push(TokenTree::Ident(ident.clone()));
                match next(&mut rest) {
                    Some(TokenTree::Group(params))
                        if params.delimiter() == Delimiter::Parenthesis =>
                    {
                        tokens.push(TokenTree::Group(params));
                    }
                    _ => return Err(cursor.error("expected parameters")),
                }
                // `-> Type` or nothing, up to the body: the first brace group outside the type's
                // angle brackets (`-> Result<Json<T>, Error>`); the `>` of an inner `->` closes
                // nothing.
                let mut returns = false;
                let mut depth = 0_u32;
                let mut after_dash = false;
                loop {
                    let Some((tree, after)) = rest.token_tree() else {
                        return Err(cursor.error("expected a body"));
                    };
                    match &tree {
                        TokenTree::Group(body)
                            if body.delimiter() == Delimiter::Brace && depth == 0 =>
                        {
                            break;
                        }
                        TokenTree::Punct(p)
                            if p.as_char() == '-' && (returns || tokens.len() <= 4) =>
                        {
                            returns = true;
                        }
                        TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
                        TokenTree::Punct(p) if p.as_char() == '>' && !after_dash => {
                            depth = depth.saturating_sub(1);
                        }
                        TokenTree::Ident(i) if i == "where" => {
                            return Err(cursor.error("not the common shape"));
                        }
                        _ if !returns => return Err(cursor.error("not the common shape")),
                        _ => {}
                    }
                    after_dash = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '-');
                    tokens.push(tree);
                    rest = after;
                }
                let sig = Sig {
                    ident,
                    returns,
                    tokens: tokens.into_iter().collect(),
                };
                Ok((sig, rest))
            })
            .ok()
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
        let fork = input.fork();
        let sig = match Sig::common_shape(&fork) {
            Some(sig) => {
                syn::parse::discouraged::Speculative::advance_to(input, &fork);
                sig
            }
            None => Sig::from(input.parse::<Signature>()?),
        };
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
            let fast: HandlerFn = syn::parse2(item.clone()).unwrap();
            let syn_fn: syn::ItemFn = syn::parse2(item.clone()).unwrap();
            assert_eq!(fast.sig.ident, syn_fn.sig.ident);
            assert_eq!(
                fast.sig.returns,
                !matches!(syn_fn.sig.output, syn::ReturnType::Default)
            );
            // syn re-emits `>>` as `> >`: the same tokens, spaced apart.
            let bare = |t: TokenStream| t.to_string().replace(' ', "");
            assert_eq!(bare(quote!(#fast)), bare(quote!(#syn_fn)), "{item}");
        }
    }
}

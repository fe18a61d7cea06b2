//! The annotated function, read only as far as the expansion needs: attributes, visibility
//! and signature. The body stays one unparsed token group: `#[cors]` never looks inside it,
//! and parsing and re-emitting it token by token would cost every annotated handler
//! compile time (`BENCHMARKS.md`, compile time).

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};
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
    /// qualifiers, parameter patterns and types of other shapes), which syn reads. Every
    /// `#[cors]` handler pays for this in the user's unoptimised build of the macro, where
    /// syn's full signature parser cost a seventh of its time (`BENCHMARKS.md`).
    fn from_trees(trees: &[TokenTree]) -> Option<Self> {
        let start = usize::from(matches!(trees.first(), Some(TokenTree::Ident(a)) if a == "async"));
        let [TokenTree::Ident(fn_token), TokenTree::Ident(ident), TokenTree::Group(params), rest @ ..] =
            &trees[start..]
        else {
            return None;
        };
        if fn_token != "fn" || params.delimiter() != Delimiter::Parenthesis || is_keyword(ident) {
            return None;
        }
        let params: Vec<TokenTree> = params.stream().into_iter().collect();
        if !shape::params(&params) {
            return None;
        }
        let returns = returns(rest);
        if returns && !shape::whole_type(&rest[2..]) || !returns && !rest.is_empty() {
            return None;
        }
        Some(Sig {
            ident: ident.clone(),
            returns,
            tokens: trees.iter().cloned().collect(),
        })
    }
}

/// Whether a signature whose parameters are followed by `output` returns anything: the one
/// rule for both readings of a signature.
fn returns(output: &[TokenTree]) -> bool {
    matches!(output, [TokenTree::Punct(dash), TokenTree::Punct(gt), ..]
        if dash.as_char() == '-' && dash.spacing() == Spacing::Joint && gt.as_char() == '>')
}

impl From<Signature> for Sig {
    fn from(sig: Signature) -> Self {
        let output: Vec<TokenTree> = sig.output.to_token_stream().into_iter().collect();
        Sig {
            ident: sig.ident.clone(),
            returns: returns(&output),
            tokens: sig.into_token_stream(),
        }
    }
}

/// Words syn never reads as an identifier (its `accept_as_ident`).
pub(crate) fn is_keyword(ident: &Ident) -> bool {
    is_keyword_text(&ident.to_string())
}

/// [`is_keyword`] of an identifier's text, for a reader that already has it.
pub(crate) fn is_keyword_text(text: &str) -> bool {
    const KEYWORDS: [&str; 52] = [
        "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
        "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if",
        "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
        "pub", "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true",
        "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    KEYWORDS.contains(&text)
}

/// The shapes of parameters and types a handler's signature commonly has, recognised from
/// token trees exactly where syn's parser accepts them (`proof.rs` checks it): paths with
/// generic arguments, `impl` and `dyn` bounds, references, tuples and slices. Anything else
/// is not recognised, and syn reads it.
mod shape {
    use proc_macro2::{Delimiter, Spacing, TokenTree};

    use super::is_keyword_text;

    /// Token trees read one at a time, each identifier's text read once: in the user's
    /// unoptimised build of the macro, every look at an identifier's text is a call into the
    /// compiler and a new `String`.
    struct Cursor<'a> {
        trees: &'a [TokenTree],
        texts: Vec<Option<String>>,
        at: usize,
    }

    impl<'a> Cursor<'a> {
        fn new(trees: &'a [TokenTree]) -> Self {
            let texts = trees
                .iter()
                .map(|tree| match tree {
                    TokenTree::Ident(ident) => Some(ident.to_string()),
                    _ => None,
                })
                .collect();
            Self {
                trees,
                texts,
                at: 0,
            }
        }

        /// The text of the identifier at the cursor, if an identifier is there.
        fn text(&self) -> Option<&str> {
            self.texts.get(self.at).and_then(Option::as_deref)
        }

        fn peek_punct(&self, ch: char) -> bool {
            matches!(self.trees.get(self.at), Some(TokenTree::Punct(p)) if p.as_char() == ch)
        }

        fn punct(&mut self, ch: char) -> bool {
            let found = self.peek_punct(ch);
            self.at += usize::from(found);
            found
        }

        /// A two-character operator: `::` or `->`, its first character joint.
        fn joint(&mut self, first: char, second: char) -> bool {
            let found = matches!(
                &self.trees[self.at.min(self.trees.len())..],
                [TokenTree::Punct(a), TokenTree::Punct(b), ..]
                    if a.as_char() == first && a.spacing() == Spacing::Joint && b.as_char() == second
            );
            self.at += 2 * usize::from(found);
            found
        }

        fn word(&mut self, word: &str) -> bool {
            let found = self.text() == Some(word);
            self.at += usize::from(found);
            found
        }

        /// An identifier that is no keyword.
        fn ident(&mut self) -> bool {
            let found = self.text().is_some_and(|text| !is_keyword_text(text));
            self.at += usize::from(found);
            found
        }

        fn group(&mut self, delimiter: Delimiter) -> Option<Vec<TokenTree>> {
            match self.trees.get(self.at) {
                Some(TokenTree::Group(g)) if g.delimiter() == delimiter => {
                    self.at += 1;
                    Some(g.stream().into_iter().collect())
                }
                _ => None,
            }
        }

        fn done(&self) -> bool {
            self.at >= self.trees.len()
        }

        /// `'a`.
        fn lifetime(&mut self) -> bool {
            let found = matches!(
                &self.trees[self.at.min(self.trees.len())..],
                [TokenTree::Punct(q), TokenTree::Ident(_), ..]
                    if q.as_char() == '\'' && q.spacing() == Spacing::Joint
            );
            self.at += 2 * usize::from(found);
            found
        }
    }

    /// `trees` is exactly one type.
    pub(super) fn whole_type(trees: &[TokenTree]) -> bool {
        let mut cursor = Cursor::new(trees);
        ty(&mut cursor, true) && cursor.done()
    }

    /// `name: Type, ...`, the inside of a parameter list; patterns are `[mut] name`, `_`, or
    /// a tuple struct's, such as `Path(id)`.
    pub(super) fn params(trees: &[TokenTree]) -> bool {
        let mut cursor = Cursor::new(trees);
        while !cursor.done() {
            if !(pattern(&mut cursor) && cursor.punct(':') && ty(&mut cursor, true)) {
                return false;
            }
            if !cursor.done() && !cursor.punct(',') {
                return false;
            }
        }
        true
    }

    fn pattern(cursor: &mut Cursor<'_>) -> bool {
        if cursor.word("_") {
            return true;
        }
        if cursor.word("mut") {
            return cursor.ident();
        }
        if !cursor.ident() {
            return false;
        }
        let Some(inner) = cursor.group(Delimiter::Parenthesis) else {
            // A name alone, not the start of a path (`a::B(x)` is syn's to read).
            return !matches!(cursor.trees.get(cursor.at), Some(TokenTree::Punct(p))
                if p.as_char() == ':' && p.spacing() == Spacing::Joint);
        };
        let mut inner = Cursor::new(&inner);
        while !inner.done() {
            let one = if inner.word("mut") {
                inner.ident()
            } else {
                inner.word("_") || inner.ident()
            };
            if !one || !inner.done() && !inner.punct(',') {
                return false;
            }
        }
        true
    }

    /// One type; `plus`: whether `+` may join bounds here (syn's `Type::without_plus` where
    /// not).
    fn ty(cursor: &mut Cursor<'_>, plus: bool) -> bool {
        if cursor.word("impl") || cursor.word("dyn") {
            return bounds(cursor, plus);
        }
        if cursor.punct('&') {
            cursor.lifetime();
            cursor.word("mut");
            return ty(cursor, false);
        }
        if let Some(inner) = cursor.group(Delimiter::Parenthesis) {
            return list(&inner, |c| ty(c, true));
        }
        if let Some(inner) = cursor.group(Delimiter::Bracket) {
            return whole_type(&inner);
        }
        path(cursor)
    }

    /// `A + B + 'a`, or one bound where `+` may not join them.
    fn bounds(cursor: &mut Cursor<'_>, plus: bool) -> bool {
        loop {
            if !(cursor.lifetime() || path(cursor)) {
                return false;
            }
            if !plus || !cursor.punct('+') {
                return true;
            }
        }
    }

    /// `[::]a::b<Args>` or `Fn(A, B) -> C`.
    fn path(cursor: &mut Cursor<'_>) -> bool {
        cursor.joint(':', ':');
        loop {
            if !cursor.ident() {
                return false;
            }
            if cursor.punct('<') {
                if !generic_args(cursor) {
                    return false;
                }
            } else if let Some(inner) = cursor.group(Delimiter::Parenthesis) {
                if !list(&inner, |c| ty(c, true)) {
                    return false;
                }
                if cursor.joint('-', '>') {
                    return ty(cursor, false);
                }
                return true;
            }
            if !cursor.joint(':', ':') {
                return true;
            }
        }
    }

    /// After `<`: `'a`, types and `Name = Type`, up to the closing `>`.
    fn generic_args(cursor: &mut Cursor<'_>) -> bool {
        loop {
            if cursor.punct('>') {
                return true;
            }
            let binding = matches!(
                &cursor.trees[cursor.at.min(cursor.trees.len())..],
                [TokenTree::Ident(_), TokenTree::Punct(eq), ..] if eq.as_char() == '=' && eq.spacing() == Spacing::Alone
            );
            let arg = if binding {
                cursor.ident() && cursor.punct('=') && ty(cursor, true)
            } else {
                cursor.lifetime() || ty(cursor, true)
            };
            if !arg {
                return false;
            }
            if !cursor.peek_punct('>') && !cursor.punct(',') {
                return false;
            }
        }
    }

    /// `trees` is items read by `one`, separated by commas, with an optional trailing one.
    fn list(trees: &[TokenTree], one: impl Fn(&mut Cursor<'_>) -> bool) -> bool {
        let mut cursor = Cursor::new(trees);
        while !cursor.done() {
            if !one(&mut cursor) || !cursor.done() && !cursor.punct(',') {
                return false;
            }
        }
        true
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
        #[cfg(test)]
        crate::proof::record(crate::proof::Path::Handler, tokens);
        Self::read_common_shape(tokens)
    }

    fn read_common_shape(tokens: &TokenStream) -> Option<Self> {
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

/// Where an item's outer attributes end and where its visibility ends, read from its first
/// token trees: the one reading of an item's head, for functions, modules and the items of a
/// module. `#` before anything but a bracket group ends the attributes.
fn head_ends(trees: &[TokenTree]) -> (usize, usize) {
    let mut at = 0;
    while let [TokenTree::Punct(pound), TokenTree::Group(group), ..] = &trees[at..] {
        if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        at += 2;
    }
    let attrs = at;
    if let [TokenTree::Ident(public), rest @ ..] = &trees[at..] {
        if public == "pub" {
            at += 1;
            if matches!(rest, [TokenTree::Group(scope), ..] if scope.delimiter() == Delimiter::Parenthesis)
            {
                at += 1;
            }
        }
    }
    (attrs, at)
}

/// An item's outer attributes and visibility, read from its first token trees, and where
/// the rest starts; `None` for a shape syn must read.
pub(crate) fn attrs_and_vis(head: &[TokenTree]) -> Option<(Vec<Attribute>, Visibility, usize)> {
    let (attrs_end, vis_end) = head_ends(head);
    // Attributes and a scoped visibility are syn's to read: building them from their trees
    // saved 0.4 % of the 200-route crate's instructions (1.7 % of the named one), too little
    // for a second parser (`BENCHMARKS.md`).
    let attrs: TokenStream = head[..attrs_end].iter().cloned().collect();
    let attrs = syn::parse::Parser::parse2(Attribute::parse_outer, attrs).ok()?;
    let vis = match &head[attrs_end..vis_end] {
        [] => Visibility::Inherited,
        [TokenTree::Ident(public)] => Visibility::Public(syn::Token![pub](public.span())),
        scoped => syn::parse2(scoped.iter().cloned().collect()).ok()?,
    };
    Some((attrs, vis, vis_end))
}

/// How many token trees the item at the start of `trees` spans, for the shapes a module of
/// handlers holds: a function up to its body (the first brace group after its parameters),
/// or `use`, `const`, `static` or `type` up to its `;`, and which of the two it is. `None`
/// for anything else. Only the extent: the caller reads the item.
pub(crate) fn item_len(trees: &[TokenTree]) -> Option<(usize, ItemKind)> {
    let (_, mut at) = head_ends(trees);
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
        return Some((at + semi + 1, ItemKind::Other));
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
    let body = trees[at + 3..]
        .iter()
        .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))?;
    Some((at + 3 + body + 1, ItemKind::Fn))
}

/// What [`item_len`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// A function, to read as a handler.
    Fn,
    /// `use`, `const`, `static` or `type`.
    Other,
}

/// Whether `tokens` is a module item, `#[attrs] [vis] mod name ...`, judged by its first
/// token trees alone.
pub(crate) fn is_module(tokens: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let (_, at) = head_ends(&trees);
    matches!(trees.get(at), Some(TokenTree::Ident(keyword)) if keyword == "mod")
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

/// The handler's fast path beside syn's reading of the same item.
#[cfg(test)]
pub(crate) struct CommonShape;

#[cfg(test)]
impl crate::proof::FastPath for CommonShape {
    const NAME: &'static str = "item::HandlerFn::common_shape";

    fn fast(tokens: &TokenStream) -> Option<crate::proof::Reading> {
        HandlerFn::read_common_shape(tokens).map(|handler| handler.reading())
    }

    fn general(tokens: &TokenStream) -> Option<crate::proof::Reading> {
        syn::parse2::<HandlerFn>(tokens.clone())
            .ok()
            .map(|handler| handler.reading())
    }
}

#[cfg(test)]
impl HandlerFn {
    /// Everything the rest of the crate reads from a handler, for `proof.rs`.
    pub(crate) fn reading(&self) -> crate::proof::Reading {
        use crate::proof::{section, span};
        let mut out = Vec::new();
        for attr in &self.attrs {
            section(&mut out, "attribute", attr);
        }
        section(&mut out, "visibility", &self.vis);
        out.push(format!(
            "name {} {}",
            self.sig.ident,
            span(self.sig.ident.span())
        ));
        out.push(format!("returns {}", self.sig.returns));
        section(&mut out, "signature", &self.sig);
        section(&mut out, "body", &self.body);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// Items of a module split where syn would split them; other shapes are left to syn.
    #[test]
    fn item_lengths() {
        let len = |t: TokenStream| item_len(&t.into_iter().collect::<Vec<_>>()).map(|(n, _)| n);
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
            // The extent only: whether it is a handler syn can read is the reader's to say.
            (
                quote!(
                    fn w()
                    where
                        u8: Copy,
                    {
                    }
                ),
                Some(9),
            ),
        ];
        for (item, expected) in cases {
            assert_eq!(len(item.clone()), expected, "{item}");
        }
    }

    /// The fast path reads what syn reads (the name, whether it returns, the tokens and
    /// their spans, the body after them) where it reads anything; shapes it does not know go
    /// to syn. The mutation harness checks the same on every input it makes.
    #[test]
    fn common_signatures_read_as_syn_reads_them() {
        use crate::proof::check;
        use std::str::FromStr;
        let read = |text: &str| check::<CommonShape>(&TokenStream::from_str(text).unwrap());
        for item in [
            "async fn me() -> impl Responder { body() }",
            "pub async fn h(id: web::Path<u32>) -> Result<Json<Vec<u8>>, Error> { x }",
            "async fn cb(f: web::Data<Box<dyn Fn() -> u8>>) -> Box<dyn Fn() -> u8 + Send> { y }",
            "fn plain(mut a: &'static str, _: (), Json(b): Json<B>,) { z }",
            "#[get(\"/\")] pub(crate) async fn it() -> impl Iterator<Item = &'static [u8]> { w }",
        ] {
            assert_eq!(read(item), Ok(true), "{item}");
        }
        for other in [
            "async fn arr() -> [u8; { 2 }] { w }",
            "async fn generic<T: Responder>(t: T) -> T { t }",
            "async fn bounded(t: u8) -> u8 where u8: Copy { t }",
            "unsafe fn unsafe_one() {}",
            // What syn rejects.
            "async fn no_type() -> { }",
            "async fn fn() {}",
            "async fn plus(x: &dyn A + B) {}",
            "async fn arrow() - > u8 {}",
        ] {
            assert_eq!(read(other), Ok(false), "{other}");
        }
    }
}

//! The fast paths proven against syn's parsers (tests only). Each fast path over token
//! trees implements [`FastPath`]: its reading and syn's reading of the same tokens, both
//! written out as a [`Reading`] (every token with its span's start and end line and column,
//! and the facts the rest of the crate reads from it). Every time a fast path runs under
//! test, its input is recorded; the mutation harness (`mutation_tests` in `lib.rs`) checks
//! every recorded input with [`check`]: wherever the fast path returns a result, syn's is
//! equal.

use std::cell::RefCell;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// A reading, normalized for comparison: one line per token or fact.
pub(crate) type Reading = Vec<String>;

/// A fast path beside the general parser it stands in for.
pub(crate) trait FastPath {
    /// What the fast path is, in a failure message.
    const NAME: &'static str;
    /// The fast path's reading: `None` where it leaves the input to syn.
    fn fast(tokens: &TokenStream) -> Option<Reading>;
    /// syn's reading of the same tokens: `None` where syn rejects them.
    fn general(tokens: &TokenStream) -> Option<Reading>;
}

/// Which fast path an input was recorded for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// `parse::common_shapes`.
    Args,
    /// `item::HandlerFn::common_shape`.
    Handler,
    /// `module::Module::common_shape`.
    Module,
}

thread_local! {
    static SEEN: RefCell<Vec<(Path, TokenStream)>> = const { RefCell::new(Vec::new()) };
}

/// Records `tokens` as an input the fast path `path` was given.
pub(crate) fn record(path: Path, tokens: &TokenStream) {
    SEEN.with(|seen| seen.borrow_mut().push((path, tokens.clone())));
}

/// Every input recorded since the last call.
pub(crate) fn take() -> Vec<(Path, TokenStream)> {
    SEEN.with(|seen| std::mem::take(&mut *seen.borrow_mut()))
}

/// Whether `F` agrees with syn on `tokens`: `Ok(true)` when the fast path gave a result and
/// syn's is equal, `Ok(false)` when the fast path left the input to syn, `Err` (the two
/// readings) otherwise.
pub(crate) fn check<F: FastPath>(tokens: &TokenStream) -> Result<bool, String> {
    let Some(fast) = F::fast(tokens) else {
        return Ok(false);
    };
    match F::general(tokens) {
        Some(general) if general == fast => Ok(true),
        Some(general) => {
            let at = fast
                .iter()
                .zip(&general)
                .position(|(a, b)| a != b)
                .unwrap_or(fast.len().min(general.len()));
            Err(format!(
                "{}: the fast path and syn differ on `{tokens}` at line {at}:\n  fast: {:?}\n  syn:  {:?}",
                F::NAME,
                fast.get(at),
                general.get(at)
            ))
        }
        None => Err(format!(
            "{}: the fast path reads `{tokens}`, which syn rejects",
            F::NAME
        )),
    }
}

/// A span's start and end, line and column.
pub(crate) fn span(span: Span) -> String {
    let (start, end) = (span.start(), span.end());
    format!(
        "{}:{}-{}:{}",
        start.line, start.column, end.line, end.column
    )
}

/// Every token of `stream`, depth first, with its span; groups at their open and close.
/// Spacing is left out: syn writes `>>` back as two `>` tokens, each at its own span.
pub(crate) fn tokens(stream: TokenStream, out: &mut Reading) {
    for tree in stream {
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("«", "»"),
                };
                out.push(format!("{open} {}", span(group.span())));
                tokens(group.stream(), out);
                out.push(close.to_owned());
            }
            TokenTree::Ident(ident) => out.push(format!("{ident} {}", span(ident.span()))),
            TokenTree::Punct(punct) => {
                out.push(format!("{} {}", punct.as_char(), span(punct.span())));
            }
            TokenTree::Literal(literal) => {
                out.push(format!("{literal} {}", span(literal.span())));
            }
        }
    }
}

/// [`tokens`] of anything that writes tokens, under a heading.
pub(crate) fn section(out: &mut Reading, heading: &str, value: &impl quote::ToTokens) {
    out.push(format!("-- {heading}"));
    tokens(value.to_token_stream(), out);
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// Spans carry lines and columns here (`span-locations`), so a token moved is a
    /// difference even when the text is the same.
    #[test]
    fn readings_differ_by_span() {
        let a = TokenStream::from_str("x = [\"a\"]").unwrap();
        let b = TokenStream::from_str("x =  [\"a\"]").unwrap();
        let (mut ra, mut rb) = (Reading::new(), Reading::new());
        tokens(a.clone(), &mut ra);
        tokens(b, &mut rb);
        assert_eq!(ra[0], "x 1:0-1:1");
        assert_eq!(ra[2], "[ 1:4-1:9");
        assert_ne!(ra, rb);
        let mut again = Reading::new();
        tokens(a, &mut again);
        assert_eq!(ra, again);
    }

    /// A fast path that reads what syn rejects, or reads it differently, fails the check.
    #[test]
    fn a_wrong_fast_path_fails() {
        struct Lenient;
        impl FastPath for Lenient {
            const NAME: &'static str = "lenient";
            fn fast(tokens: &TokenStream) -> Option<Reading> {
                let mut out = Reading::new();
                super::tokens(tokens.clone(), &mut out);
                Some(out)
            }
            fn general(tokens: &TokenStream) -> Option<Reading> {
                let expr: syn::Expr = syn::parse2(tokens.clone()).ok()?;
                let mut out = Reading::new();
                section(&mut out, "expr", &expr);
                Some(out)
            }
        }
        let input = TokenStream::from_str("1 +").unwrap();
        assert!(check::<Lenient>(&input)
            .unwrap_err()
            .contains("syn rejects"));
        let input = TokenStream::from_str("1 + 2").unwrap();
        assert!(check::<Lenient>(&input).unwrap_err().contains("differ"));
    }
}

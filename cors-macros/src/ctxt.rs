//! Collects every error of one expansion, so a user sees them all in one build.

use proc_macro2::Span;

/// The errors found so far; turned into one combined `syn::Error` at the end.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// An error in rustc's style: the message, then `= help:` with the fix.
    pub(crate) fn error(&mut self, span: Span, message: &str, help: &str) {
        self.push(syn::Error::new(span, with_help(message, help)));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub(crate) fn finish(self) -> Result<(), syn::Error> {
        self.0.map_or(Ok(()), Err)
    }
}

pub(crate) fn with_help(message: &str, help: &str) -> String {
    format!("{message}\n\n= help: {help}")
}

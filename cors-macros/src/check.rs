//! Runs the shared rule book over the parsed arguments and points each finding at its token.

use cors_runtime::check::PolicyInput;
use cors_runtime::{Field, Policy, Severity, Violation};
use proc_macro2::Span;

use crate::ctxt::Errors;
use crate::parse::{Args, List};
use crate::route::Route;

/// A warning to report at a token.
pub(crate) struct Warning {
    pub(crate) span: Span,
    pub(crate) name: &'static str,
    pub(crate) note: String,
}

/// Checks the policy; returns it, with its warnings, when there is no error.
pub(crate) fn check(
    args: &Args,
    route: &Route,
    cors: Span,
    errors: &mut Errors,
) -> Option<(Policy, Vec<Warning>)> {
    let values = |list: &Option<List>| -> Vec<String> {
        list.iter()
            .flat_map(|l| l.items.iter().map(syn::LitStr::value))
            .collect()
    };
    let (origins, headers, expose) = (
        values(&args.origins),
        values(&args.headers),
        values(&args.expose),
    );
    let input = PolicyInput {
        origins: args.origins.as_ref().map(|_| strs(&origins)),
        credentials: args.credentials.is_some(),
        headers: strs(&headers),
        expose: strs(&expose),
        max_age: args.max_age.map(|(secs, _)| secs),
        private_network: args.private_network.is_some(),
        methods: route.methods.iter().map(|(m, _)| m.as_str()).collect(),
    };
    // One run of the rules: the errors when there are any, else the policy and its warnings.
    let (policy, violations) = match Policy::from_input(&input) {
        Ok((policy, warnings)) => (Some(policy), warnings),
        Err(error) => (None, error.violations().to_vec()),
    };
    let mut warnings = Vec::new();
    for violation in &violations {
        if args.origins_unreadable && violation.field == Field::Origins && violation.index.is_none()
        {
            continue;
        }
        let span = span_of(violation, args, route, cors);
        match violation.severity {
            Severity::Error => {
                errors.error(span, &violation.problem.message, &violation.problem.help);
            }
            Severity::Warning => warnings.push(Warning {
                span,
                name: warning_name(violation),
                note: crate::ctxt::with_help(&violation.problem.message, &violation.problem.help),
            }),
        }
    }
    policy.map(|policy| (policy, warnings))
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// The token to blame: the entry, else the argument's key, else the attribute itself.
fn span_of(v: &Violation, args: &Args, route: &Route, cors: Span) -> Span {
    let in_list = |list: &Option<List>| {
        list.as_ref().map_or(cors, |l| {
            v.index
                .and_then(|i| l.items.get(i))
                .map_or(l.key, syn::LitStr::span)
        })
    };
    match v.field {
        Field::Origins => in_list(&args.origins),
        Field::Headers => in_list(&args.headers),
        Field::Expose => in_list(&args.expose),
        Field::Credentials => args.credentials.unwrap_or(cors),
        Field::MaxAge => args.max_age.map_or(cors, |(_, span)| span),
        Field::PrivateNetwork => args.private_network.unwrap_or(cors),
        Field::Methods => v
            .index
            .and_then(|i| route.methods.get(i))
            .map_or_else(|| route.path.span(), |(_, span)| *span),
    }
}

/// The name the warning shows as the deprecated item, so it reads as the rule.
fn warning_name(v: &Violation) -> &'static str {
    match v.field {
        Field::MaxAge => "max_age_above_browser_cap",
        _ => "plain_http_origin_with_credentials",
    }
}

//! Runs the shared rule book over the parsed arguments and points each finding at its token.

use cors_runtime_core::check::PolicyInput;
use cors_runtime_core::{Field, Policy, Rule, Severity, Violation};
use proc_macro2::Span;

use crate::ctxt::Errors;
use crate::parse::{Args, List};

/// A warning to report at a token: the rule book's words, to which whoever emits it adds
/// the way to silence it that fits where it is written.
pub(crate) struct Warning {
    pub(crate) span: Span,
    pub(crate) name: &'static str,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// Where a warning is silenced: the item `#[allow(deprecated)]` goes on.
#[derive(Clone, Copy)]
pub(crate) enum SilencedOn {
    Handler,
    Definition,
}

impl Warning {
    /// The `#[deprecated]` note: the finding, its fix, and how to keep the policy as written.
    pub(crate) fn note(&self, on: SilencedOn) -> String {
        let item = match on {
            SilencedOn::Handler => "the handler",
            SilencedOn::Definition => "this `cors_policy!` definition",
        };
        crate::ctxt::with_help(
            &self.message,
            &format!(
                "{}, or add `#[allow(deprecated)]` to {item} to keep it",
                self.help
            ),
        )
    }
}

/// The methods the policy answers for, each with the token to blame for it (`None` for a
/// `cors_policy!` without `methods`, which claims none), and the token to blame when there
/// are none.
pub(crate) struct Methods<'a> {
    pub(crate) list: Option<&'a [(String, Span)]>,
    pub(crate) anchor: Span,
}

/// Where a route's policy came from when it names one: the policy's name, its own findings
/// (already reported once, at its definition), the keys the route wrote itself, and the
/// policies already checked for routes that wrote none.
pub(crate) struct Named<'a> {
    pub(crate) shown: String,
    pub(crate) span: Span,
    pub(crate) reported: &'a [Violation],
    pub(crate) route_keys: &'a [&'static str],
    pub(crate) checked: &'a Checked,
}

/// The policy a route that writes no key of its own ends up with depends on its methods
/// alone: a module's hundred handlers under one named policy need the rule book once per
/// set of methods, not once each. Only a policy with nothing to report is kept, since a
/// finding points at the route's own tokens.
#[derive(Default)]
pub(crate) struct Checked(std::cell::RefCell<Vec<(Vec<String>, Policy)>>);

impl Checked {
    fn get(&self, methods: &[String]) -> Option<Policy> {
        let known = self.0.borrow();
        known
            .iter()
            .find(|(m, _)| m == methods)
            .map(|(_, policy)| policy.clone())
    }

    fn keep(&self, methods: Vec<String>, policy: &Policy) {
        self.0.borrow_mut().push((methods, policy.clone()));
    }
}

/// The methods a `cors_policy!` answers for, each with its token: its `methods`, or `None`
/// when it lists none (a policy for routes, which bring their own).
pub(crate) fn policy_methods(args: &Args) -> Option<Vec<(String, Span)>> {
    args.methods
        .as_ref()
        .map(|list| list.items.iter().map(|m| (m.value(), m.span())).collect())
}

/// The strings the rule book's input borrows: `origins` (its literal entries, then every
/// `env` default, so that a default is checked now, with the rest of the policy), `headers`
/// and `expose`.
pub(crate) fn values(args: &Args) -> [Vec<String>; 3] {
    let values = |list: &Option<List>| -> Vec<String> {
        list.iter()
            .flat_map(List::checked)
            .map(syn::LitStr::value)
            .collect()
    };
    [
        values(&args.origins),
        values(&args.headers),
        values(&args.expose),
    ]
}

/// Whether `origins` has `env(...)` entries.
pub(crate) fn deployed(args: &Args) -> bool {
    args.origins.as_ref().is_some_and(|l| !l.envs.is_empty())
}

/// The rule book's input: `values` are [`values`] of `args`.
pub(crate) fn input<'a>(
    args: &Args,
    values: &'a [Vec<String>; 3],
    methods: Option<&'a [(String, Span)]>,
) -> PolicyInput<'a> {
    let strs = |list: &'a [String]| list.iter().map(String::as_str).collect();
    PolicyInput {
        origins: args.origins.as_ref().map(|_| strs(&values[0])),
        credentials: args.credentials.is_some(),
        headers: strs(&values[1]),
        expose: strs(&values[2]),
        max_age: args.max_age.map(|(secs, _)| secs),
        private_network: args.private_network.is_some(),
        methods: methods.map(|list| list.iter().map(|(m, _)| m.as_str()).collect()),
        deployment_origins: deployed(args),
        env_defaults: args.origins.as_ref().map_or(0, |l| {
            l.envs
                .iter()
                .flat_map(|env| env.default.iter().flatten())
                .count()
        }),
        origin_fn: args.origin_fn.is_some(),
        csrf_exempt: args.csrf_exempt.is_some(),
    }
}

/// Checks the policy; returns it, with its warnings, when there is no error.
pub(crate) fn check(
    args: &Args,
    methods: &Methods<'_>,
    named: Option<&Named<'_>>,
    cors: Span,
    errors: &mut Errors,
) -> Option<(Policy, Vec<Warning>)> {
    let reuse = named
        .filter(|named| named.route_keys.is_empty())
        .zip(methods.list)
        .map(|(named, list)| {
            let methods: Vec<String> = list.iter().map(|(m, _)| m.clone()).collect();
            (named.checked, methods)
        });
    if let Some(policy) = reuse.as_ref().and_then(|(checked, m)| checked.get(m)) {
        return Some((policy, Vec::new()));
    }
    let values = values(args);
    let input = input(args, &values, methods.list);
    // One run of the rules: the errors when there are any, else the policy and its warnings.
    let (mut policy, violations) = match Policy::from_input(&input) {
        Ok((policy, warnings)) => (Some(policy), warnings),
        Err(error) => (None, error.violations().to_vec()),
    };
    if let (Some(policy), true) = (&mut policy, deployed(args)) {
        // The defaults were checked with the literal entries; the route carries only the
        // literal ones, and the deployment's (or the defaults) join them at start-up.
        let literal = args
            .origins
            .as_ref()
            .map(|l| l.items.len())
            .unwrap_or_default();
        let mut literal_only = input.clone();
        literal_only.origins = input.origins.as_ref().map(|o| o[..literal].to_vec());
        if let Ok((only, _)) = Policy::from_input(&literal_only) {
            *policy = only;
        }
    }
    let mut warnings = Vec::new();
    let mut reported = false;
    for violation in &violations {
        if args.origins_unreadable && violation.field == Field::Origins && violation.index.is_none()
        {
            continue;
        }
        let mut span = span_of(violation, args, methods, cors);
        let mut help = violation.problem.help.clone();
        if let Some(named) = named {
            let from_route = violation.field == Field::Methods
                || named.route_keys.contains(&violation.field.key());
            if from_route {
                help = format!(
                    "{help}\n= note: this route's policy is `{}` with the keys it writes replaced",
                    named.shown
                );
            } else {
                // Said once, where the policy is defined.
                if named.reported.contains(violation) {
                    continue;
                }
                // The policy's own key breaks a rule only with what this route wrote.
                span = named.span;
                help = format!(
                    "{help}\n= note: `{}` comes from `{}`",
                    violation.field.key(),
                    named.shown
                );
            }
        }
        reported = true;
        match violation.severity {
            Severity::Error => {
                errors.error(span, &violation.problem.message, &help);
            }
            Severity::Warning => warnings.push(Warning {
                span,
                name: warning_name(violation.rule),
                message: violation.problem.message.clone(),
                help,
            }),
        }
    }
    if let (Some(policy), Some((checked, methods)), false) = (&policy, reuse, reported) {
        checked.keep(methods, policy);
    }
    // A named policy's own errors leave `policy` empty too: the route is not expanded, and
    // the errors stand where the policy is defined, once.
    policy.map(|policy| (policy, warnings))
}

/// The token to blame: the entry, else the argument's key, else the attribute itself.
fn span_of(v: &Violation, args: &Args, methods: &Methods<'_>, cors: Span) -> Span {
    let in_list = |list: &Option<List>| {
        list.as_ref().map_or(cors, |l| {
            v.index
                .and_then(|i| l.checked().nth(i))
                .map_or(l.key, syn::LitStr::span)
        })
    };
    if v.rule == Rule::EnvBesideWildcard {
        // Shown at what adds nothing, where the rule book can only point at `*`.
        if let Some(env) = args.origins.as_ref().and_then(|l| l.envs.first()) {
            return env.var.span();
        }
    }
    match v.field {
        Field::Origins => in_list(&args.origins),
        Field::Headers => in_list(&args.headers),
        Field::Expose => in_list(&args.expose),
        Field::Credentials => args.credentials.unwrap_or(cors),
        Field::MaxAge => args.max_age.map_or(cors, |(_, span)| span),
        Field::PrivateNetwork => args.private_network.unwrap_or(cors),
        Field::CsrfExempt => args.csrf_exempt.unwrap_or(cors),
        Field::OriginFn => args
            .origin_fn
            .as_ref()
            .map_or(cors, syn::spanned::Spanned::span),
        Field::Methods => v
            .index
            .and_then(|i| methods.list.and_then(|list| list.get(i)))
            .map_or(methods.anchor, |(_, span)| *span),
    }
}

/// The name the warning shows as the deprecated item, so it reads as the rule.
fn warning_name(rule: Rule) -> &'static str {
    match rule {
        Rule::MaxAgeAboveCap => "max_age_above_browser_cap",
        Rule::PlainHttpWithCredentials => "plain_http_origin_with_credentials",
        Rule::PrivateNetworkRetired => "private_network_retired",
        Rule::CsrfExemptWithCredentials => "csrf_exempt_with_credentials",
        Rule::CsrfExemptChangesNothing => "csrf_exempt_changes_nothing",
        _ => "cors_policy_warning",
    }
}

//! The rule book: every rule a policy must satisfy, run over the raw input.
//!
//! The `#[cors]` macro runs these functions at compile time and [`PolicyBuilder`] runs them
//! at start-up, so a rule is written once and both report it in the same words. Each rule is
//! a small function that appends to one list; nothing stops at the first error, so a user
//! sees every mistake in one build.
//!
//! [`PolicyBuilder`]: crate::PolicyBuilder

use crate::header_name;
use crate::origin::{parse_origin, OriginEntry};
use crate::violation::{Field, Problem, Rule, Severity, Violation};

/// Chromium caches a preflight answer for at most this many seconds.
pub const CHROMIUM_MAX_AGE_CAP: u32 = 7200;

/// A policy as written, before any rule has run.
///
/// ```
/// use cors_runtime_core::check::{check, PolicyInput};
///
/// let input = PolicyInput {
///     origins: Some(vec!["*"]),
///     credentials: true,
///     methods: Some(vec!["GET"]),
///     ..PolicyInput::default()
/// };
/// let violations = check(&input);
/// assert_eq!(violations[0].problem.message, "`*` cannot be used with `credentials`");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
// The flags mirror the attribute's flags and the two origin sources one to one.
#[allow(clippy::struct_excessive_bools)]
pub struct PolicyInput<'a> {
    /// `origins`; `None` when the argument is missing.
    pub origins: Option<Vec<&'a str>>,
    /// `credentials`
    pub credentials: bool,
    /// `headers`: request headers a preflight may ask for.
    pub headers: Vec<&'a str>,
    /// `expose`: response headers scripts may read.
    pub expose: Vec<&'a str>,
    /// `max_age`, in seconds.
    pub max_age: Option<u32>,
    /// `private_network`
    pub private_network: bool,
    /// The methods answered: a route's (the `#[cors]` macro takes them from the route
    /// attribute), or a middleware policy's. `None` for a `cors_policy!` without `methods`:
    /// the routes that use it bring their own, so it claims none.
    pub methods: Option<Vec<&'a str>>,
    /// More origins come from the deployment when the app starts (`env("VAR")`): `origins`
    /// lists only the literal ones and the defaults, so it may be empty here. The rules run
    /// again at start-up on the whole list (`cors_runtime::env::check`).
    pub deployment_origins: bool,
    /// How many entries at the end of `origins` are `env(...)` defaults rather than literal
    /// entries: they stand in for the variable's value, never beside it.
    pub env_defaults: usize,
    /// `origin_fn`: a function decides the origins the list does not name, so the list
    /// may be missing or empty.
    pub origin_fn: bool,
    /// `csrf_exempt`: forged state-changing requests and WebSocket handshakes from origins
    /// the policy does not allow reach the handler (`crate::forged`).
    pub csrf_exempt: bool,
}

/// Runs every rule over `input` and returns every error and warning, in argument order.
pub fn check(input: &PolicyInput<'_>) -> Vec<Violation> {
    check_keeping_origins(input).0
}

/// [`check`], and each entry of `origins` as the rule book parsed it (those that parse), so
/// that building the policy does not parse them again.
pub(crate) fn check_keeping_origins<'a>(
    input: &PolicyInput<'a>,
) -> (Vec<Violation>, Vec<OriginEntry<'a>>) {
    let mut out = Findings::default();
    let parsed = check_origins(input, &mut out);
    check_header_list(Field::Headers, &input.headers, input.credentials, &mut out);
    check_header_list(Field::Expose, &input.expose, input.credentials, &mut out);
    check_never_exposed(&input.expose, &mut out);
    if let Some(methods) = &input.methods {
        check_methods(methods, &mut out);
    }
    check_max_age(input.max_age, &mut out);
    check_private_network(input.private_network, &mut out);
    csrf_exempt_with_credentials(input, &mut out);
    csrf_exempt_changes_nothing(input, &mut out);
    (out.0, parsed)
}

#[derive(Default)]
struct Findings(Vec<Violation>);

impl Findings {
    fn push(&mut self, at: (Rule, Field, Option<usize>), severity: Severity, problem: Problem) {
        let (rule, field, index) = at;
        self.0.push(Violation {
            rule,
            field,
            index,
            severity,
            problem,
        });
    }

    fn error(&mut self, rule: Rule, field: Field, index: Option<usize>, problem: Problem) {
        self.push((rule, field, index), Severity::Error, problem);
    }
}

fn check_origins<'a>(input: &PolicyInput<'a>, out: &mut Findings) -> Vec<OriginEntry<'a>> {
    let decided_elsewhere = input.deployment_origins || input.origin_fn;
    if input.origin_fn && input.origins.as_ref().is_some_and(|o| o.contains(&"*")) {
        out.error(
            Rule::OriginFnNeverAsked,
            Field::OriginFn,
            None,
            Problem::new(
                "`origin_fn` is never asked when `origins` allows `*`",
                "`*` already allows every origin; remove `origin_fn`, or list the origins to allow before it is asked",
            ),
        );
    }
    let Some(origins) = &input.origins else {
        if decided_elsewhere {
            return Vec::new();
        }
        out.error(
            Rule::OriginsMissing,
            Field::Origins,
            None,
            Problem::new(
                "`origins` is missing",
                "add `origins = [\"https://app.example.com\"]`, or `origins = [\"*\"]` to allow any origin without credentials",
            ),
        );
        return Vec::new();
    };
    if origins.is_empty() {
        if decided_elsewhere {
            return Vec::new();
        }
        out.error(
            Rule::OriginsEmpty,
            Field::Origins,
            None,
            Problem::new(
                "`origins` is empty, so no origin is allowed",
                "list at least one origin, such as `origins = [\"https://app.example.com\"]`",
            ),
        );
        return Vec::new();
    }
    env_beside_wildcard(input, origins, out);
    let mut parsed = Vec::with_capacity(origins.len());
    for (i, text) in origins.iter().enumerate() {
        match parse_origin(text) {
            Err(problem) => out.error(Rule::OriginSyntax, Field::Origins, Some(i), problem),
            Ok(entry) => {
                wildcard_with_credentials(Field::Origins, i, text, input.credentials, out);
                wildcard_among_others(Field::Origins, origins, i, out);
                null_with_credentials(&entry, i, input.credentials, out);
                plain_http_with_credentials(&entry, i, input.credentials, out);
                parsed.push(entry);
            }
        }
    }
    duplicates(Field::Origins, origins, str::eq, out);
    parsed
}

/// `env(...)` beside `*`: `*` already allows every origin, so the deployment's entries
/// change nothing. `origins = ["*", env("APP_ORIGINS")]` → error (the attribute shows it at
/// the `env(...)`).
fn env_beside_wildcard(input: &PolicyInput<'_>, origins: &[&str], out: &mut Findings) {
    if !input.deployment_origins {
        return;
    }
    let literal = &origins[..origins.len().saturating_sub(input.env_defaults)];
    if let Some(i) = literal.iter().position(|o| *o == "*") {
        out.error(
            Rule::EnvBesideWildcard,
            Field::Origins,
            Some(i),
            Problem::new(
                "`env(...)` beside `*` adds nothing",
                "`*` already allows every origin; remove `env(...)`, or list the origins instead of `*`",
            ),
        );
    }
}

/// `*` with credentials: the CORS check fails on any credentialed response whose
/// `Access-Control-Allow-Origin` (or `-Allow-Headers`, `-Expose-Headers`) is `*`, so the
/// policy could never work. `origins = ["*"], credentials` → error at `"*"`.
fn wildcard_with_credentials(
    field: Field,
    i: usize,
    text: &str,
    credentials: bool,
    out: &mut Findings,
) {
    if text != "*" || !credentials {
        return;
    }
    let help = match field {
        Field::Origins => "browsers reject `Access-Control-Allow-Origin: *` on credentialed requests; list the allowed origins, or remove `credentials`",
        Field::Headers => "with credentials browsers read `*` as a header literally named `*`; list the allowed request headers, or remove `credentials`",
        _ => "with credentials browsers read `*` as a header literally named `*`; list the headers to expose, or remove `credentials`",
    };
    out.error(
        Rule::WildcardWithCredentials,
        field,
        Some(i),
        Problem::new("`*` cannot be used with `credentials`", help),
    );
}

/// `*` beside other entries: `*` already covers them, so the list says two things at once.
/// The one meaningful mix is `headers = ["*", "authorization"]`: the Fetch standard never lets
/// `*` cover `Authorization`, so it must be named.
fn wildcard_among_others(field: Field, list: &[&str], i: usize, out: &mut Findings) {
    if list[i] != "*" || list.len() == 1 {
        return;
    }
    if field == Field::Headers
        && list
            .iter()
            .all(|h| *h == "*" || h.eq_ignore_ascii_case("authorization"))
    {
        return;
    }
    let (what, keep) = match field {
        Field::Origins => ("origin", "list only the allowed origins"),
        Field::Headers => (
            "request header (except `authorization`)",
            "list only the allowed headers",
        ),
        _ => ("response header", "list only the headers to expose"),
    };
    out.error(
        Rule::WildcardAmongOthers,
        field,
        Some(i),
        Problem::new(
            format!("`*` is mixed with other entries in `{}`", field.key()),
            format!("`*` already allows every {what}; write `[\"*\"]` alone, or {keep}"),
        ),
    );
}

/// `null` with credentials: any page can get the `null` origin (a sandboxed iframe, a `data:`
/// document), so this hands every site on the web a logged-in user's data.
fn null_with_credentials(entry: &OriginEntry<'_>, i: usize, credentials: bool, out: &mut Findings) {
    if *entry == OriginEntry::Null && credentials {
        out.error(
            Rule::NullWithCredentials,
            Field::Origins,
            Some(i),
            Problem::new(
                "`null` cannot be used with `credentials`",
                "any site can send `Origin: null` from a sandboxed iframe, so this allows every site to read users' data; remove `null`",
            ),
        );
    }
}

/// A plain `http://` origin with credentials: the page, and so its cookies and the data it
/// reads, can be read and changed on the network. Loopback is exempt for local development.
/// `origins = ["http://app.example.com"], credentials` → warning.
fn plain_http_with_credentials(
    entry: &OriginEntry<'_>,
    i: usize,
    credentials: bool,
    out: &mut Findings,
) {
    let (scheme, authority) = match entry {
        OriginEntry::Exact(text) => text.split_once("://").unwrap_or_default(),
        OriginEntry::Pattern(p) if p.subdomains() => {
            (p.prefix().trim_end_matches("://"), p.suffix())
        }
        OriginEntry::Pattern(p) => p.prefix().split_once("://").unwrap_or_default(),
        OriginEntry::Any | OriginEntry::Null => return,
    };
    if !credentials
        || !crate::host::is_plain_http_outside_loopback(scheme, authority_host(authority))
    {
        return;
    }
    out.push(
        (Rule::PlainHttpWithCredentials, Field::Origins, Some(i)),
        Severity::Warning,
        Problem::new(
            "plain `http://` origin with `credentials`",
            "anyone on the network can read and change this page and what it reads; use `https://`",
        ),
    );
}

/// The host of `authority` (`host[:port]`, or a pattern's `.domain[:port]`).
fn authority_host(authority: &str) -> &str {
    let host = if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority, |end| &authority[..=end])
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host.strip_prefix('.').unwrap_or(host)
}

fn check_header_list(field: Field, list: &[&str], credentials: bool, out: &mut Findings) {
    for (i, name) in list.iter().enumerate() {
        if *name == "*" {
            wildcard_with_credentials(field, i, name, credentials, out);
            wildcard_among_others(field, list, i, out);
        } else if let Err(problem) = header_name::check_name(name) {
            out.error(Rule::HeaderNameSyntax, field, Some(i), problem);
        } else if field == Field::Headers && header_name::is_forbidden_request_header(name) {
            out.error(
                Rule::ForbiddenRequestHeader,
                field,
                Some(i),
                forbidden_request_header(name),
            );
        } else if field == Field::Headers && header_name::is_cors_response_header(name) {
            out.error(
                Rule::ResponseHeaderInHeaders,
                field,
                Some(i),
                Problem::new(
                    format!("`{name}` is a response header the server sends, not one a page sends"),
                    "`headers` lists the request headers a page's script may send; remove it (`#[cors]` sends the CORS response headers itself)",
                ),
            );
        } else if field == Field::Expose && header_name::is_cors_request_header(name) {
            out.error(
                Rule::RequestHeaderInExpose,
                field,
                Some(i),
                Problem::new(
                    format!("`{name}` is a request header: no response carries it"),
                    "`expose` lists response headers a script may read; remove it",
                ),
            );
        }
    }
    duplicates(field, list, str::eq_ignore_ascii_case, out);
}

/// A forbidden request header in `headers`: the browser sets it, a script never can, so no
/// preflight asks for it and the entry allows nothing. `headers = ["cookie"]` → error at
/// `"cookie"`; cookies travel with `credentials`.
fn forbidden_request_header(name: &str) -> Problem {
    let lower = name.to_ascii_lowercase();
    let help = match lower.as_str() {
        "cookie" => "cookies are sent by the browser, not listed in a preflight; remove it, and add `credentials` to let cookies through".to_owned(),
        "origin" | "host" | "referer" => format!("the browser sets `{lower}` on every request; remove it"),
        _ => "the browser sets it and no preflight asks for it; remove it".to_owned(),
    };
    Problem::new(
        format!("`{name}` is a forbidden request header that scripts cannot set"),
        help,
    )
}

/// `Set-Cookie` is never readable by scripts, whatever `Access-Control-Expose-Headers` says.
fn check_never_exposed(expose: &[&str], out: &mut Findings) {
    for (i, name) in expose.iter().enumerate() {
        if header_name::never_exposed(name) {
            out.error(
            Rule::NeverExposed,
                Field::Expose,
                Some(i),
                Problem::new(
                    format!("`{name}` is never exposed to scripts"),
                    "browsers hide `Set-Cookie` from every response; remove it and read the cookie's effect instead",
                ),
            );
        }
    }
}

fn check_methods(methods: &[&str], out: &mut Findings) {
    if methods.is_empty() {
        out.error(
            Rule::NoMethods,
            Field::Methods,
            None,
            Problem::new(
                "no methods are allowed",
                "list the methods the route serves, such as `[\"GET\", \"POST\"]`",
            ),
        );
    }
    for (i, method) in methods.iter().enumerate() {
        let problem = if *method == "*" {
            (Rule::WildcardMethod, Problem::new(
                "`*` is not a method",
                "list the methods the routes serve, such as `[\"GET\", \"PUT\"]`: preflights ask for one method by name, and `*` in `Access-Control-Allow-Methods` never covers credentialed requests",
            ))
        } else if !header_name::is_token(method.as_bytes()) {
            (
                Rule::MethodSyntax,
                Problem::new(
                    format!(
                        "method `{}` is not a valid method name",
                        method.escape_debug()
                    ),
                    "write a method such as `GET` or `PUT`",
                ),
            )
        } else if let Some(forbidden) = crate::method::forbidden(method) {
            (Rule::ForbiddenMethod, Problem::new(
                format!("`{forbidden}` is a method browsers never send"),
                format!("`fetch` refuses `{forbidden}` (a forbidden method), so no page can call it and a preflight never asks for it; serve it without `#[cors]`, or remove it"),
            ))
        } else if method.bytes().any(|b| b.is_ascii_lowercase()) {
            (Rule::MethodNotUppercase, Problem::new(
                format!("method `{method}` is not in upper case"),
                format!("write `{}`: browsers upper-case `delete`, `get`, `head`, `options`, `post` and `put`, send `patch` as written, and compare methods case-sensitively", method.to_ascii_uppercase()),
            ))
        } else {
            continue;
        };
        let (rule, problem) = problem;
        out.error(rule, Field::Methods, Some(i), problem);
    }
    duplicates(Field::Methods, methods, str::eq, out);
}

/// Chromium caps `Access-Control-Max-Age` at 7200 s; a larger value only misleads.
fn check_max_age(max_age: Option<u32>, out: &mut Findings) {
    if let Some(secs) = max_age.filter(|&s| s > CHROMIUM_MAX_AGE_CAP) {
        out.push(
            (Rule::MaxAgeAboveCap, Field::MaxAge, None),
            Severity::Warning,
            Problem::new(
                format!("`max_age` of {secs} seconds is more than browsers honour"),
                format!("each engine caps it: Chromium at {CHROMIUM_MAX_AGE_CAP} s, Firefox at 86400 s, WebKit at 600 s; write `max_age = {CHROMIUM_MAX_AGE_CAP}` (or 600, which every engine honours in full)"),
            ),
        );
    }
}

/// Private Network Access is retired: Chrome put its preflights on hold (2024) and replaced
/// them with the Local Network Access permission prompt (Chrome 142), Firefox and `WebKit`
/// never shipped it, so `Access-Control-Allow-Private-Network` grants nothing any more.
fn check_private_network(private_network: bool, out: &mut Findings) {
    if private_network {
        out.push(
            (Rule::PrivateNetworkRetired, Field::PrivateNetwork, None),
            Severity::Warning,
            Problem::new(
                "`private_network` answers Private Network Access preflights, which no browser sends any more",
                "Chrome replaced them with the Local Network Access permission prompt (Chrome 142): the user grants a page access to the local network, no response header does; remove `private_network`",
            ),
        );
    }
}

/// `csrf_exempt` with `credentials` on a policy that serves a method other than `GET`, `HEAD`
/// and `OPTIONS`: a request from another site then runs the handler with the user's
/// cookies (a `POST` from any site's form, `fetch` or beacon; a `PUT` or `DELETE` once a
/// preflight lets it, which this policy refuses a stranger today, so the key removes the
/// second of two guards there). `#[cors(origins = [..], credentials, csrf_exempt)] #[post("/x")]` → warning at
/// `csrf_exempt`. A policy with no methods of its own (a `cors_policy!` for routes) is
/// checked at each route that uses it.
fn csrf_exempt_with_credentials(input: &PolicyInput<'_>, out: &mut Findings) {
    let writes = input
        .methods
        .iter()
        .flatten()
        .find(|m| crate::forged::changes_state(m.as_bytes()));
    let (true, true, Some(method)) = (input.csrf_exempt, input.credentials, writes) else {
        return;
    };
    out.push(
        (Rule::CsrfExemptWithCredentials, Field::CsrfExempt, None),
        Severity::Warning,
        Problem::new(
            format!("`csrf_exempt` with `credentials` accepts forged `{method}` requests that carry the user's cookies"),
            "a state-changing request from another site now runs the handler as the signed-in user (a `POST` from any site's form, `fetch` or beacon; other methods once a preflight lets them); remove `csrf_exempt` (same-origin pages and the listed origins are never refused), or remove `credentials` for an endpoint open to other sites",
        ),
    );
}

/// `csrf_exempt` that changes nothing: a policy for any origin (`origins = ["*"]`) refuses no
/// forged request, and a route that serves neither `GET` (a WebSocket handshake is a `GET`,
/// RFC 6455 4.1) nor a state-changing method is never sent one by a browser. A `GET` route
/// is not this case: the key lets other sites' WebSocket handshakes through.
/// `#[cors(origins = ["*"], csrf_exempt)]` → warning at `csrf_exempt`.
fn csrf_exempt_changes_nothing(input: &PolicyInput<'_>, out: &mut Findings) {
    if !input.csrf_exempt {
        return;
    }
    let any_origin = input.origins.as_ref().is_some_and(|o| o.contains(&"*"));
    let no_forgeable_method = input.methods.as_ref().is_some_and(|methods| {
        !methods.is_empty()
            && methods
                .iter()
                .all(|m| *m != "GET" && !crate::forged::changes_state(m.as_bytes()))
    });
    let (message, help) = if any_origin {
        (
            "`csrf_exempt` changes nothing: `origins = [\"*\"]` refuses no forged request",
            "a policy for any origin accepts every request as before; remove `csrf_exempt`",
        )
    } else if no_forgeable_method {
        (
            "`csrf_exempt` changes nothing on a route that serves only `HEAD` or `OPTIONS`",
            "browsers send no forged request to it (only `GET` carries a WebSocket handshake); remove `csrf_exempt`",
        )
    } else {
        return;
    };
    out.push(
        (Rule::CsrfExemptChangesNothing, Field::CsrfExempt, None),
        Severity::Warning,
        Problem::new(message, help),
    );
}

/// Reports every entry equal (by `same`) to an earlier one, at the later entry.
fn duplicates(field: Field, list: &[&str], same: fn(&str, &str) -> bool, out: &mut Findings) {
    for (i, item) in list.iter().enumerate() {
        if list[..i].iter().any(|earlier| same(earlier, item)) {
            out.error(
                Rule::Duplicate,
                field,
                Some(i),
                Problem::new(
                    format!("`{item}` is listed twice in `{}`", field.key()),
                    "remove this entry",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PolicyInput<'static> {
        PolicyInput {
            origins: Some(vec!["https://app.example.com"]),
            methods: Some(vec!["GET"]),
            ..PolicyInput::default()
        }
    }

    fn messages(input: &PolicyInput<'_>) -> Vec<(Field, Option<usize>, Severity, String)> {
        check(input)
            .into_iter()
            .map(|v| (v.field, v.index, v.severity, v.problem.message))
            .collect()
    }

    #[test]
    fn a_plain_credentialed_policy_is_clean() {
        let mut ok = input();
        ok.credentials = true;
        ok.headers = vec!["content-type", "X-Api-Key"];
        ok.expose = vec!["x-request-id"];
        ok.max_age = Some(600);
        assert!(check(&ok).is_empty());
    }

    #[test]
    fn wildcards_with_credentials_are_errors_in_every_list() {
        let mut bad = input();
        bad.origins = Some(vec!["*"]);
        bad.headers = vec!["*"];
        bad.expose = vec!["*"];
        bad.credentials = true;
        let found = messages(&bad);
        let fields: Vec<_> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(
            fields,
            [
                (Field::Origins, Some(0)),
                (Field::Headers, Some(0)),
                (Field::Expose, Some(0))
            ]
        );
        assert!(found
            .iter()
            .all(|f| f.3 == "`*` cannot be used with `credentials`"));
    }

    #[test]
    fn wildcards_without_credentials_are_fine_alone_but_not_mixed() {
        let mut ok = input();
        ok.origins = Some(vec!["*"]);
        ok.headers = vec!["*"];
        ok.expose = vec!["*"];
        assert!(check(&ok).is_empty());
        ok.headers = vec!["*", "Authorization"];
        assert!(
            check(&ok).is_empty(),
            "`*` cannot cover authorization, so naming it is meaningful"
        );
        let mut bad = input();
        bad.origins = Some(vec!["https://a.com", "*"]);
        bad.headers = vec!["*", "x-a"];
        bad.expose = vec!["x-b", "*"];
        let found = messages(&bad);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].3, "`*` is mixed with other entries in `origins`");
        assert_eq!((found[0].0, found[0].1), (Field::Origins, Some(1)));
        assert_eq!((found[2].0, found[2].1), (Field::Expose, Some(1)));
    }

    #[test]
    fn null_is_an_error_only_with_credentials() {
        let mut policy = input();
        policy.origins = Some(vec!["null"]);
        assert!(check(&policy).is_empty());
        policy.credentials = true;
        assert_eq!(
            messages(&policy)[0].3,
            "`null` cannot be used with `credentials`"
        );
    }

    #[test]
    fn missing_empty_and_duplicate_entries() {
        let mut policy = input();
        policy.origins = None;
        assert_eq!(messages(&policy)[0].3, "`origins` is missing");
        policy.origins = Some(vec![]);
        assert_eq!(
            messages(&policy)[0].3,
            "`origins` is empty, so no origin is allowed"
        );
        policy.origins = Some(vec!["https://a.com", "https://b.com", "https://a.com"]);
        policy.headers = vec!["X-A", "x-a"];
        policy.expose = vec!["x-b", "X-B"];
        policy.methods = Some(vec!["GET", "GET"]);
        let found = messages(&policy);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].3, "`https://a.com` is listed twice in `origins`");
        assert_eq!(found[0].1, Some(2));
        assert_eq!(found[1].3, "`x-a` is listed twice in `headers`");
        policy.methods = Some(vec![]);
        assert!(messages(&policy)
            .iter()
            .any(|f| f.3 == "no methods are allowed"));
    }

    #[test]
    fn header_syntax_and_set_cookie() {
        let mut policy = input();
        policy.headers = vec!["x key"];
        policy.expose = vec!["Set-Cookie", ""];
        let found = messages(&policy);
        assert_eq!(found.len(), 3);
        assert!(found[0].3.contains("whitespace"));
        assert!(found[1].3.contains("empty"));
        assert_eq!(found[2].3, "`Set-Cookie` is never exposed to scripts");
    }

    #[test]
    fn forbidden_request_headers_are_errors_in_headers_only() {
        // Fetch, "forbidden request-header": a script cannot set them, so a preflight
        // never lists them.
        let mut policy = input();
        policy.headers = vec![
            "content-type",
            "Cookie",
            "sec-fetch-site",
            "Proxy-Authorization",
            "x-http-method-override",
        ];
        policy.expose = vec!["date", "via"];
        let found = messages(&policy);
        let at: Vec<_> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(
            at,
            [
                (Field::Headers, Some(1)),
                (Field::Headers, Some(2)),
                (Field::Headers, Some(3))
            ]
        );
        assert_eq!(
            found[0].3,
            "`Cookie` is a forbidden request header that scripts cannot set"
        );
    }

    #[test]
    fn loopback_origins_with_credentials_do_not_warn() {
        let mut policy = input();
        policy.credentials = true;
        policy.origins = Some(vec![
            "http://localhost:8081",
            "http://localhost.:8081",
            "http://api.localhost",
            "http://*.localhost:3000",
            "http://127.0.0.1:3000",
            "http://[::1]:3000",
        ]);
        assert!(check(&policy).is_empty(), "{:?}", messages(&policy));
    }

    #[test]
    fn warnings_for_plain_http_with_credentials_and_long_max_age() {
        let mut policy = input();
        policy.credentials = true;
        policy.origins = Some(vec![
            "http://app.example.com",
            "http://localhost:8081",
            "http://127.0.0.1:3000",
            "http://[::1]:3000",
            "http://*.example.com",
        ]);
        policy.max_age = Some(7201);
        let found = messages(&policy);
        let warned: Vec<_> = found.iter().map(|f| (f.0, f.1, f.2)).collect();
        assert_eq!(
            warned,
            [
                (Field::Origins, Some(0), Severity::Warning),
                (Field::Origins, Some(4), Severity::Warning),
                (Field::MaxAge, None, Severity::Warning)
            ]
        );
        policy.credentials = false;
        policy.max_age = Some(7200);
        assert!(check(&policy).is_empty());
    }

    #[test]
    fn methods_browsers_never_send_as_listed_are_errors_at_their_entry() {
        let mut policy = input();
        policy.methods = Some(vec![
            "GET", "*", "delete", "patch", "Put", "TRACE", "connect", "PURGE",
        ]);
        let found = check(&policy);
        let at: Vec<_> = found.iter().map(|v| (v.rule, v.index)).collect();
        assert_eq!(
            at,
            [
                (Rule::WildcardMethod, Some(1)),
                (Rule::MethodNotUppercase, Some(2)),
                (Rule::MethodNotUppercase, Some(3)),
                (Rule::MethodNotUppercase, Some(4)),
                (Rule::ForbiddenMethod, Some(5)),
                (Rule::ForbiddenMethod, Some(6)),
            ]
        );
        assert_eq!(
            found[1].problem.message,
            "method `delete` is not in upper case"
        );
        assert!(found[2].problem.help.starts_with("write `PATCH`: "));
        assert_eq!(
            found[5].problem.message,
            "`CONNECT` is a method browsers never send"
        );
        assert!(found.iter().all(|v| v.severity == Severity::Error));
    }

    #[test]
    fn deployment_origins_beside_the_wildcard_are_an_error_at_the_wildcard() {
        let mut policy = input();
        policy.origins = Some(vec!["*"]);
        policy.deployment_origins = true;
        let found = check(&policy);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].rule, found[0].index),
            (Rule::EnvBesideWildcard, Some(0))
        );
        policy.deployment_origins = false;
        assert!(check(&policy).is_empty());
        // `*` as the variable's default stands in for it: nothing beside it.
        policy.deployment_origins = true;
        policy.env_defaults = 1;
        assert!(check(&policy).is_empty());
    }

    #[test]
    fn csrf_exempt_warns_with_credentials_on_a_state_changing_route() {
        let rules = |input: &PolicyInput<'_>| -> Vec<(Rule, Field, Severity)> {
            check(input)
                .into_iter()
                .map(|v| (v.rule, v.field, v.severity))
                .collect()
        };
        let mut exempt = input();
        exempt.csrf_exempt = true;
        exempt.credentials = true;
        exempt.methods = Some(vec!["GET", "POST"]);
        assert_eq!(
            rules(&exempt),
            [(
                Rule::CsrfExemptWithCredentials,
                Field::CsrfExempt,
                Severity::Warning
            )]
        );
        assert!(check(&exempt)[0].problem.message.contains("`POST`"));
        // Without credentials: an endpoint open to other sites (webhooks, public forms).
        exempt.credentials = false;
        assert!(check(&exempt).is_empty());
        // A `GET` route with credentials: the key lets other sites' WebSocket handshakes
        // through, which is its purpose there; not a state-changing method.
        exempt.credentials = true;
        exempt.methods = Some(vec!["GET"]);
        assert!(check(&exempt).is_empty());
        // A `cors_policy!` for routes claims no methods: its routes are checked.
        exempt.methods = None;
        assert!(check(&exempt).is_empty());
    }

    #[test]
    fn csrf_exempt_that_changes_nothing_warns() {
        let mut any = input();
        any.origins = Some(vec!["*"]);
        any.methods = Some(vec!["POST"]);
        any.csrf_exempt = true;
        let found = check(&any);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::CsrfExemptChangesNothing);
        assert!(found[0].problem.message.contains("`origins = [\"*\"]`"));
        let mut head = input();
        head.methods = Some(vec!["HEAD", "OPTIONS"]);
        head.csrf_exempt = true;
        assert_eq!(check(&head)[0].rule, Rule::CsrfExemptChangesNothing);
        // `GET` gets WebSocket handshakes, which the protection refuses: the key matters.
        head.methods = Some(vec!["GET", "HEAD"]);
        assert!(check(&head).is_empty());
        head.csrf_exempt = false;
        head.methods = Some(vec!["HEAD"]);
        assert!(check(&head).is_empty());
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let bad = PolicyInput {
            origins: Some(vec!["https://a.com/", "HTTPS://b.com", "*"]),
            credentials: true,
            headers: vec!["bad header"],
            expose: vec!["set-cookie"],
            methods: Some(vec!["GET"]),
            ..PolicyInput::default()
        };
        assert_eq!(check(&bad).len(), 6);
    }
}

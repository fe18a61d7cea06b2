//! The checked policy: what the rules accepted, in the canonical form the request path
//! compares against, with every response-header value that depends only on the policy
//! already joined.

use std::borrow::Cow;

use crate::check::{check_keeping_origins, PolicyInput};
use crate::origin::{parse_keeping, OriginEntry, OriginPattern};
use crate::request_origin::Origin;
use crate::violation::{PolicyError, Problem, Severity, Violation};

/// Text that is `'static` when the `#[cors]` macro wrote it and owned when built at run time.
pub type Text = Cow<'static, str>;

/// A list of [`Text`].
pub type TextList = Cow<'static, [Text]>;

/// Which origins a policy allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedOrigins {
    /// Every origin (`origins = ["*"]`); answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// The listed origins.
    Listed(OriginList),
}

/// The allowed origins of a policy that lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginList {
    /// Exact origins, in [`match_order`] so that matching is a binary search.
    exact: TextList,
    patterns: Cow<'static, [OriginPattern]>,
    null: bool,
}

/// The result of matching a request's `Origin` against a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginMatch {
    /// The policy allows any origin: answer `*`.
    Any,
    /// The origin is the exact origin at this index of [`OriginList::exact`]: answer with
    /// that prepared value.
    Exact(usize),
    /// The origin matched a pattern, or is `null`: answer with the request's own value.
    Echo,
    /// The origin is not allowed.
    Refused,
}

/// The order exact origins are kept in: by length, then by bytes. Most probes of a binary
/// search then differ in length, which is one comparison instead of a `memcmp`.
#[inline]
fn match_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl OriginList {
    /// Builds a list from parts already checked, and sorted in `match_order`.
    pub(crate) fn from_parts(
        exact: TextList,
        patterns: Cow<'static, [OriginPattern]>,
        null: bool,
    ) -> Self {
        Self {
            exact,
            patterns,
            null,
        }
    }

    /// The exact origins, shortest first and by bytes among equal lengths.
    pub fn exact(&self) -> &[Text] {
        &self.exact
    }

    /// The subdomain patterns.
    pub fn patterns(&self) -> &[OriginPattern] {
        &self.patterns
    }

    /// Whether `null` is allowed.
    pub fn allows_null(&self) -> bool {
        self.null
    }

    /// Matches a request's `Origin` value: a binary search over the exact origins, then the
    /// patterns; a comparison of bytes throughout.
    #[inline]
    pub fn find(&self, origin: &[u8]) -> OriginMatch {
        if let Ok(i) = self
            .exact
            .binary_search_by(|probe| match_order(probe.as_bytes(), origin))
        {
            return OriginMatch::Exact(i);
        }
        if (self.null && origin == b"null") || self.patterns.iter().any(|p| p.matches(origin)) {
            return OriginMatch::Echo;
        }
        OriginMatch::Refused
    }
}

/// Which request headers a preflight may ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedHeaders {
    /// Any header (`headers = ["*"]`, only without credentials). `Authorization` is covered
    /// only when `authorization` is true (`headers = ["*", "authorization"]`), as in the
    /// Fetch standard.
    Any {
        /// Whether `Authorization` was named beside `*`.
        authorization: bool,
    },
    /// The listed headers, lowercase.
    Listed(TextList),
}

impl AllowedHeaders {
    /// Whether the request header `name` (any case) is allowed.
    #[inline]
    pub fn allows(&self, name: &[u8]) -> bool {
        match self {
            AllowedHeaders::Any { authorization } => {
                *authorization || !name.eq_ignore_ascii_case(b"authorization")
            }
            AllowedHeaders::Listed(list) => list
                .iter()
                .any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name)),
        }
    }
}

/// A function that decides the origins no entry of `origins` names: `origin_fn = path` in
/// `#[cors]`, [`PolicyBuilder::origin_fn`] at run time.
///
/// What it is trusted with: for every request whose `Origin` no listed entry matched, its
/// answer alone decides whether that origin gets the grant, credentials included when the
/// policy has `credentials`. A `true` lets that site's scripts read the response as the
/// user. It is asked at most once per request, only with an origin as a browser serialises
/// it (`scheme://host[:port]`, lowercase, no path, never `null`), and its answer is never
/// cached by this library: cache inside it if asking is slow, and keep it fast, since it
/// runs on the request path.
///
/// Under `credentials` it is never asked about a plain `http://` origin other than loopback
/// (`localhost`, `127.x.x.x`, `[::1]`): anyone on the network can read and change such a
/// page, which is the line the rule book draws for listed origins too.
///
/// Take the origin parsed, [`Origin`], and decide by its parts: `is_subdomain_of` is true
/// only on a label boundary, so the classic bugs of string tests (`ends_with("example.com")`
/// accepting `evilexample.com`) cannot happen. A `fn(&str) -> bool` works too.
///
/// ```
/// # use cors_runtime_core as cors_runtime;
/// use cors_runtime::{Origin, OriginFn, Policy};
///
/// fn is_customer(origin: &Origin) -> bool {
///     origin.scheme() == "https" && origin.is_subdomain_of("customers.example.com")
/// }
///
/// let policy = Policy::builder()
///     .origins(["https://app.example.com"])
///     .origin_fn(OriginFn::parsed(is_customer, "is_customer"))
///     .credentials(true)
///     .build()?;
/// assert!(policy.allows_origin("https://shop.customers.example.com"));
/// assert!(!policy.allows_origin("https://evilcustomers.example.com"));
/// // Never asked about what no browser sends.
/// assert!(!policy.allows_origin("https://shop.customers.example.com/"));
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
#[derive(Clone, Copy)]
pub struct OriginFn {
    call: Call,
    name: &'static str,
}

/// The function, by the signature it was written with.
#[derive(Clone, Copy)]
enum Call {
    Text(fn(&str) -> bool),
    Parsed(for<'a, 'b> fn(&'a Origin<'b>) -> bool),
}

impl OriginFn {
    /// A `fn(&str) -> bool` and the name it is shown by (in `cors_runtime::report()` and
    /// `Debug`).
    pub const fn new(call: fn(&str) -> bool, name: &'static str) -> Self {
        Self {
            call: Call::Text(call),
            name,
        }
    }

    /// A `fn(&Origin) -> bool` and the name it is shown by.
    pub const fn parsed(call: for<'a, 'b> fn(&'a Origin<'b>) -> bool, name: &'static str) -> Self {
        Self {
            call: Call::Parsed(call),
            name,
        }
    }

    /// The name it was given, such as `crate::tenants::is_customer_origin`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Asks the function about `origin`, if `origin` is one a browser could send (which
    /// `null` is not: it has no `://`) and, under `credentials`, is not plain `http://`
    /// outside loopback.
    #[inline]
    fn ask(&self, origin: &[u8], credentials: bool) -> bool {
        let Ok(text) = std::str::from_utf8(origin) else {
            return false;
        };
        let Some(parsed) = Origin::scan(text) else {
            return false;
        };
        // The scheme first: the host is looked at only for the rare plain `http://` origin.
        if credentials
            && parsed.scheme() == "http"
            && crate::host::is_plain_http_outside_loopback("http", parsed.host())
        {
            return false;
        }
        match self.call {
            Call::Text(call) => call(text),
            Call::Parsed(call) => call(&parsed),
        }
    }
}

/// What `origin_fn = path` accepts: a function of the parsed [`Origin`] or of its text.
/// `Marker` tells the two apart, so either signature is inferred from the function alone.
#[diagnostic::on_unimplemented(
    message = "`origin_fn` takes a `fn(&Origin) -> bool` or a `fn(&str) -> bool`",
    label = "this is `{Self}`",
    note = "write `fn is_customer(origin: &cors_runtime::Origin) -> bool`, deciding by `origin.scheme()`, `origin.host()`, `origin.is_subdomain_of(..)`"
)]
pub trait OriginPredicate<Marker> {
    /// Asks the function.
    fn ask(&self, origin: &Origin<'_>) -> bool;
}

/// [`OriginPredicate`]'s marker for `fn(&str) -> bool`.
#[doc(hidden)]
pub enum ByText {}
/// [`OriginPredicate`]'s marker for `fn(&Origin) -> bool`.
#[doc(hidden)]
pub enum ByOrigin {}

impl<F: Fn(&str) -> bool> OriginPredicate<ByText> for F {
    fn ask(&self, origin: &Origin<'_>) -> bool {
        self(origin.as_str())
    }
}

impl<F: for<'a, 'b> Fn(&'a Origin<'b>) -> bool> OriginPredicate<ByOrigin> for F {
    fn ask(&self, origin: &Origin<'_>) -> bool {
        self(origin)
    }
}

/// Calls an `origin_fn` of either signature: what `#[cors]` wraps the user's function in.
#[doc(hidden)]
#[inline]
// By value: the caller names a function item, a zero-sized value.
#[allow(clippy::needless_pass_by_value)]
pub fn ask<Marker, F: OriginPredicate<Marker>>(call: F, origin: &Origin<'_>) -> bool {
    call.ask(origin)
}

impl PartialEq for OriginFn {
    fn eq(&self, other: &Self) -> bool {
        match (self.call, other.call) {
            (Call::Text(a), Call::Text(b)) => std::ptr::fn_addr_eq(a, b),
            (Call::Parsed(a), Call::Parsed(b)) => std::ptr::fn_addr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for OriginFn {}

impl std::fmt::Debug for OriginFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OriginFn({})", self.name)
    }
}

/// A checked CORS policy.
///
/// Build one at run time with [`Policy::builder`]; the `#[cors]` macro builds one at compile
/// time after running the same rules.
///
/// ```
/// # use cors_runtime_core as cors_runtime;
/// use cors_runtime::Policy;
///
/// let policy = Policy::builder()
///     .origins(["https://app.example.com", "https://*.example.org"])
///     .credentials(true)
///     .methods(["GET", "PUT"])
///     .headers(["Content-Type", "x-api-key"])
///     .max_age(600)
///     .build()?;
/// assert_eq!(policy.allow_methods(), "GET, PUT");
/// assert_eq!(policy.allow_headers(), Some("content-type, x-api-key"));
/// assert!(policy.allows_origin("https://app.example.com"));
/// assert!(policy.allows_origin("https://a.example.org"));
/// assert!(!policy.allows_origin("https://example.org"));
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    origins: AllowedOrigins,
    credentials: bool,
    methods: TextList,
    allow_methods: Text,
    headers: AllowedHeaders,
    allow_headers: Option<Text>,
    expose: Option<Text>,
    max_age: Option<u32>,
    private_network: bool,
    csrf_exempt: bool,
    origin_fn: Option<OriginFn>,
    warnings: Warnings,
}

/// What the rule book warned about, kept beside the policy but not part of what it is: two
/// policies that answer every request alike are equal, however each was written.
#[derive(Debug, Clone, Default)]
struct Warnings(Vec<Violation>);

impl PartialEq for Warnings {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Warnings {}

impl Policy {
    /// Starts a policy to be built and checked at run time.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// Assembles a policy from parts the `#[cors]` macro has already checked and prepared.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        origins: AllowedOrigins,
        credentials: bool,
        methods: TextList,
        allow_methods: Text,
        headers: AllowedHeaders,
        allow_headers: Option<Text>,
        expose: Option<Text>,
        max_age: Option<u32>,
        private_network: bool,
        csrf_exempt: bool,
    ) -> Self {
        Self {
            origins,
            credentials,
            methods,
            allow_methods,
            headers,
            allow_headers,
            expose,
            max_age,
            private_network,
            csrf_exempt,
            origin_fn: None,
            warnings: Warnings::default(),
        }
    }

    /// The policy with `origin_fn` deciding the origins its list does not name.
    #[doc(hidden)]
    #[must_use]
    pub fn with_origin_fn(mut self, origin_fn: Option<OriginFn>) -> Self {
        self.origin_fn = origin_fn;
        self
    }

    /// A policy that allows no origin and no method: what stands for one that could not be
    /// read, so that it grants nothing.
    #[doc(hidden)]
    pub fn refusing_all() -> Self {
        Self::from_parts(
            AllowedOrigins::Listed(OriginList::from_parts(
                Cow::Borrowed(&[]),
                Cow::Borrowed(&[]),
                false,
            )),
            false,
            Cow::Borrowed(&[]),
            Cow::Borrowed(""),
            AllowedHeaders::Listed(Cow::Borrowed(&[])),
            None,
            None,
            None,
            false,
            false,
        )
    }

    /// The policy with `entries` (the deployment's, checked by the rule book beside the
    /// policy's own) allowed too, each borrowed.
    #[doc(hidden)]
    pub fn with_added_origins(mut self, entries: &[&'static str]) -> Result<Self, Problem> {
        let AllowedOrigins::Listed(list) = &mut self.origins else {
            return Ok(self);
        };
        let AllowedOrigins::Listed(added) = Self::origins_of(entries, Cow::Borrowed)? else {
            self.origins = AllowedOrigins::Any;
            return Ok(self);
        };
        let mut exact = list.exact.to_vec();
        exact.extend(added.exact.iter().cloned());
        exact.sort_unstable_by(|a, b| match_order(a.as_bytes(), b.as_bytes()));
        exact.dedup();
        list.exact = Cow::Owned(exact);
        list.patterns
            .to_mut()
            .extend(added.patterns.iter().cloned());
        list.null |= added.null;
        Ok(self)
    }

    /// Checks `input` and, when no rule reports an error, builds the policy.
    ///
    /// Warnings do not stop the build; they are in the returned list.
    #[doc(hidden)]
    pub fn from_input(input: &PolicyInput<'_>) -> Result<(Policy, Vec<Violation>), PolicyError> {
        let (violations, origins) = check_keeping_origins(input);
        let (errors, warnings): (Vec<_>, Vec<_>) = violations
            .into_iter()
            .partition(|v| v.severity == Severity::Error);
        if !errors.is_empty() {
            return Err(PolicyError::new(errors));
        }
        let mut policy = Self::assemble(input, origins);
        policy.warnings.0.clone_from(&warnings);
        Ok((policy, warnings))
    }

    /// Builds the canonical form of an input every rule has accepted, its origins as the rule
    /// book parsed them.
    fn assemble(input: &PolicyInput<'_>, origins: Vec<OriginEntry<'_>>) -> Policy {
        let origins = Self::origins_from(origins, |origin| Text::Owned(origin.to_owned()));
        let lower = |list: &[&str]| -> Vec<Text> {
            list.iter()
                .map(|h| Text::Owned(h.to_ascii_lowercase()))
                .collect()
        };
        let headers = if input.headers.contains(&"*") {
            AllowedHeaders::Any {
                authorization: input
                    .headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case("authorization")),
            }
        } else {
            AllowedHeaders::Listed(Cow::Owned(lower(&input.headers)))
        };
        let join = |list: Vec<Text>| (!list.is_empty()).then(|| Text::Owned(list.join(", ")));
        let methods: Vec<Text> = input
            .methods
            .iter()
            .flatten()
            .map(|m| Text::Owned((*m).to_owned()))
            .collect();
        Policy {
            origins,
            credentials: input.credentials,
            allow_methods: Text::Owned(methods.join(", ")),
            methods: Cow::Owned(methods),
            headers,
            allow_headers: join(lower(&input.headers)),
            expose: join(lower(&input.expose)),
            max_age: input.max_age,
            private_network: input.private_network,
            csrf_exempt: input.csrf_exempt,
            origin_fn: None,
            warnings: Warnings::default(),
        }
    }

    /// The allowed origins of `entries`, every one of which the rule book accepted; `keep`
    /// keeps each text (borrowed when it is `'static`, as the policy `#[cors]` wrote is). An
    /// entry that does not parse is an error, never skipped.
    #[doc(hidden)]
    pub fn origins_of<'a>(
        entries: &[&'a str],
        keep: impl Fn(&'a str) -> Text + Copy,
    ) -> Result<AllowedOrigins, Problem> {
        let parsed = entries
            .iter()
            .map(|entry| parse_keeping(entry, keep))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::origins_from(parsed, keep))
    }

    /// The allowed origins of entries already parsed.
    fn origins_from<'a>(
        entries: Vec<OriginEntry<'a>>,
        keep: impl Fn(&'a str) -> Text,
    ) -> AllowedOrigins {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        let mut null = false;
        for entry in entries {
            match entry {
                OriginEntry::Any => return AllowedOrigins::Any,
                OriginEntry::Null => null = true,
                OriginEntry::Exact(origin) => exact.push(keep(origin)),
                OriginEntry::Pattern(pattern) => patterns.push(pattern),
            }
        }
        exact.sort_unstable_by(|a, b| match_order(a.as_bytes(), b.as_bytes()));
        AllowedOrigins::Listed(OriginList {
            exact: Cow::Owned(exact),
            patterns: Cow::Owned(patterns),
            null,
        })
    }

    /// The entries of `origins` as written: `*` alone, or the exact origins (in matching
    /// order), the patterns, and `null`. What a report shows and what the rule book sees
    /// beside the deployment's entries at start-up.
    #[doc(hidden)]
    pub fn origin_entries(&self) -> Vec<&str> {
        match &self.origins {
            AllowedOrigins::Any => vec!["*"],
            AllowedOrigins::Listed(list) => {
                let exact = list.exact.iter().map(AsRef::as_ref);
                let patterns = list.patterns.iter().map(OriginPattern::as_str);
                let null = list.null.then_some("null");
                exact.chain(patterns).chain(null).collect()
            }
        }
    }

    /// The joined `Access-Control-Allow-Methods`, `-Allow-Headers` and `-Expose-Headers`
    /// values as kept, so that `'static` text becomes a header value without a copy.
    #[doc(hidden)]
    pub fn header_texts(&self) -> (&Text, Option<&Text>, Option<&Text>) {
        (
            &self.allow_methods,
            self.allow_headers.as_ref(),
            self.expose.as_ref(),
        )
    }

    /// Which origins are allowed.
    #[doc(hidden)]
    #[inline]
    pub fn origins(&self) -> &AllowedOrigins {
        &self.origins
    }

    /// Whether credentialed requests are allowed (`Access-Control-Allow-Credentials: true`).
    #[inline]
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// The methods the route serves, as written (method names are case-sensitive).
    pub fn methods(&self) -> &[Cow<'static, str>] {
        &self.methods
    }

    /// Whether a preflight may ask for `method` (case-sensitive, as browsers compare it).
    #[inline]
    pub fn allows_method(&self, method: &[u8]) -> bool {
        self.methods.iter().any(|m| m.as_bytes() == method)
    }

    /// The `Access-Control-Allow-Methods` value, such as `GET, PUT`.
    #[inline]
    pub fn allow_methods(&self) -> &str {
        &self.allow_methods
    }

    /// Which request headers a preflight may ask for.
    #[doc(hidden)]
    #[inline]
    pub fn headers(&self) -> &AllowedHeaders {
        &self.headers
    }

    /// The `Access-Control-Allow-Headers` value, if any header is allowed.
    pub fn allow_headers(&self) -> Option<&str> {
        self.allow_headers.as_deref()
    }

    /// The `Access-Control-Expose-Headers` value, if any header is exposed.
    pub fn expose(&self) -> Option<&str> {
        self.expose.as_deref()
    }

    /// Seconds a browser may cache a preflight answer.
    #[inline]
    pub fn max_age(&self) -> Option<u32> {
        self.max_age
    }

    /// Whether preflights asking for private-network access are granted it.
    #[inline]
    pub const fn private_network(&self) -> bool {
        self.private_network
    }

    /// Whether forged requests reach the handler: `csrf_exempt` was written. Without it, a
    /// state-changing request or a WebSocket handshake that a browser sent from an origin
    /// the policy does not allow is refused with `403` before the route runs.
    #[inline]
    pub const fn csrf_exempt(&self) -> bool {
        self.csrf_exempt
    }

    /// Whether the route refuses forged requests: it is not `csrf_exempt`, and it does not
    /// allow any origin (a policy for `*` refuses nothing).
    #[inline]
    pub fn refuses_forged(&self) -> bool {
        !self.csrf_exempt && self.varies_by_origin()
    }

    /// Whether the answer depends on the request's `Origin`, so every response must carry
    /// `Vary: Origin`. Only an any-origin policy answers every request the same way.
    #[inline]
    pub fn varies_by_origin(&self) -> bool {
        !matches!(self.origins, AllowedOrigins::Any)
    }

    /// What the rule book found legal but suspicious in this policy (a plain `http://`
    /// origin under `credentials`, a `max_age` above what browsers honour, ...): the same
    /// findings [`PolicyBuilder::build`] logs at `warn`, for a program that shows them (an
    /// admin page that edits policies, a start-up report). Each names its [`Rule`].
    ///
    /// A `#[cors]` route's policy has none at run time: the compiler already showed them at
    /// their tokens, where `#[allow(deprecated)]` silences them.
    ///
    /// ```
    /// # use cors_runtime_core as cors_runtime;
    /// use cors_runtime::{Policy, Rule};
    ///
    /// let policy = Policy::builder()
    ///     .origins(["http://app.example.com"])
    ///     .credentials(true)
    ///     .max_age(86_400)
    ///     .build()?;
    /// let rules: Vec<Rule> = policy.warnings().iter().map(|w| w.rule).collect();
    /// assert_eq!(rules, [Rule::PlainHttpWithCredentials, Rule::MaxAgeAboveCap]);
    /// assert!(Policy::builder().origins(["https://app.example.com"]).build()?.warnings().is_empty());
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    ///
    /// [`Rule`]: crate::Rule
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings.0
    }

    /// The function asked about origins the list does not name, if any.
    #[inline]
    pub fn origin_fn(&self) -> Option<OriginFn> {
        self.origin_fn
    }

    /// Whether a request with this `Origin` header value gets the grant: an exact entry, a
    /// subdomain pattern, `null`, `*`, or the policy's [`OriginFn`]. Compares bytes as the
    /// request path does, so `origin` must be written as a browser sends it.
    ///
    /// ```
    /// # use cors_runtime_core as cors_runtime;
    /// use cors_runtime::Policy;
    ///
    /// let policy = Policy::builder().origins(["https://*.example.com"]).build()?;
    /// assert!(policy.allows_origin("https://app.example.com"));
    /// assert!(!policy.allows_origin("https://example.com"));
    /// assert!(!policy.allows_origin("https://app.example.com/"));
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    #[inline]
    pub fn allows_origin(&self, origin: &str) -> bool {
        !matches!(self.match_origin(origin.as_bytes()), OriginMatch::Refused)
    }

    /// Matches a request's `Origin` value (see [`OriginList::find`]); when no entry matches,
    /// asks the policy's [`OriginFn`], once.
    #[doc(hidden)]
    #[inline]
    pub fn match_origin(&self, origin: &[u8]) -> OriginMatch {
        match &self.origins {
            AllowedOrigins::Any => OriginMatch::Any,
            AllowedOrigins::Listed(list) => match list.find(origin) {
                OriginMatch::Refused
                    if self
                        .origin_fn
                        .is_some_and(|f| f.ask(origin, self.credentials)) =>
                {
                    OriginMatch::Echo
                }
                matched => matched,
            },
        }
    }
}

/// The methods a policy built at run time answers for when it names none: the
/// CORS-safelisted methods (Fetch, "CORS-safelisted method"), which need no preflight
/// anyway. A `#[cors]` route answers for its route attribute's methods instead, and a
/// `cors_policy!` without `methods` for none (its routes bring theirs).
pub const DEFAULT_METHODS: [&str; 3] = crate::method::SAFELISTED;

/// Builds a [`Policy`] at run time, checked by the same rules as the `#[cors]` attribute.
///
/// ```
/// # use cors_runtime_core as cors_runtime;
/// use cors_runtime::Policy;
///
/// let err = Policy::builder()
///     .origins(["https://app.example.com/"])
///     .methods(["GET"])
///     .build()
///     .unwrap_err();
/// let v = &err.violations()[0];
/// assert_eq!(v.problem.message, "origin `https://app.example.com/` has a trailing `/`");
/// assert_eq!(v.problem.help, "browsers send no path; write `https://app.example.com`");
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PolicyBuilder {
    origins: Option<Vec<String>>,
    credentials: bool,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<u32>,
    private_network: bool,
    csrf_exempt: bool,
    methods: Option<Vec<String>>,
    origin_fn: Option<OriginFn>,
}

fn as_strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

impl PolicyBuilder {
    /// The allowed origins; `["*"]` allows any origin (not with credentials). Required.
    pub fn origins<I: IntoIterator<Item = S>, S: Into<String>>(mut self, origins: I) -> Self {
        self.origins = Some(strings(origins));
        self
    }

    /// Allow credentialed requests (cookies, `Authorization`, client certificates).
    pub fn credentials(mut self, yes: bool) -> Self {
        self.credentials = yes;
        self
    }

    /// The request headers a preflight may ask for; `["*"]` allows any (not with credentials).
    pub fn headers<I: IntoIterator<Item = S>, S: Into<String>>(mut self, headers: I) -> Self {
        self.headers = strings(headers);
        self
    }

    /// The response headers scripts may read; `["*"]` exposes all (not with credentials).
    pub fn expose<I: IntoIterator<Item = S>, S: Into<String>>(mut self, headers: I) -> Self {
        self.expose = strings(headers);
        self
    }

    /// How long, in seconds, a browser may cache a preflight answer. Each engine caps it:
    /// Chromium at 7,200 s, Firefox at 86,400 s, `WebKit` at 600 s (600 is honoured in full
    /// everywhere); above 7,200 the rule book warns.
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Answer `Access-Control-Request-Private-Network` preflights. Retired, with a warning:
    /// Chrome put Private Network Access preflights on hold and replaced them with the Local
    /// Network Access permission prompt (Chrome 142), where the user, not a response header,
    /// grants a page the local network; Firefox and `WebKit` never shipped it.
    pub fn private_network(mut self, yes: bool) -> Self {
        self.private_network = yes;
        self
    }

    /// Let forged requests reach the handler: state-changing requests and WebSocket
    /// handshakes a browser sends from origins the policy does not allow, which are
    /// otherwise refused with `403` (see the crate's "Forged requests"). Right for an
    /// endpoint other sites' pages post to on purpose (a public form, a webhook sent from a
    /// browser); with `credentials` and a state-changing method the rule book warns.
    pub fn csrf_exempt(mut self, yes: bool) -> Self {
        self.csrf_exempt = yes;
        self
    }

    /// A function that decides the origins `origins` does not name (see [`OriginFn`] for
    /// what it is trusted with). With it, `origins` may be left out.
    pub fn origin_fn(mut self, origin_fn: OriginFn) -> Self {
        self.origin_fn = Some(origin_fn);
        self
    }

    /// The methods the policy answers preflights for. Defaults to
    /// `GET`, `HEAD` and `POST`, the CORS-safelisted methods.
    pub fn methods<I: IntoIterator<Item = S>, S: Into<String>>(mut self, methods: I) -> Self {
        self.methods = Some(strings(methods));
        self
    }

    /// Runs every rule and builds the policy, or returns every error at once. Warnings are
    /// logged at `warn` level through `log`.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let methods = self
            .methods
            .unwrap_or_else(|| DEFAULT_METHODS.map(String::from).to_vec());
        let input = PolicyInput {
            origins: self.origins.as_deref().map(as_strs),
            credentials: self.credentials,
            headers: as_strs(&self.headers),
            expose: as_strs(&self.expose),
            max_age: self.max_age,
            private_network: self.private_network,
            csrf_exempt: self.csrf_exempt,
            methods: Some(as_strs(&methods)),
            origin_fn: self.origin_fn.is_some(),
            ..PolicyInput::default()
        };
        let (policy, warnings) = Policy::from_input(&input)?;
        let policy = policy.with_origin_fn(self.origin_fn);
        for w in &warnings {
            // A warning, not an error: the policy is built as written. The attribute's advice
            // (`#[allow(deprecated)]`) means nothing here.
            log::warn!(
                "CORS policy: {}; {} (the policy is built as written)",
                w.problem.message,
                w.problem.help
            );
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins_are_sorted_and_found_by_binary_search() {
        let origins: Vec<String> = (0..100)
            .rev()
            .map(|i| format!("https://site{i}.example"))
            .collect();
        let policy = Policy::builder().origins(origins).build().unwrap();
        let AllowedOrigins::Listed(list) = policy.origins() else {
            panic!()
        };
        assert!(list
            .exact()
            .windows(2)
            .all(|w| (w[0].len(), &w[0]) < (w[1].len(), &w[1])));
        for i in 0..100 {
            let origin = format!("https://site{i}.example");
            let OriginMatch::Exact(at) = policy.match_origin(origin.as_bytes()) else {
                panic!("{origin} not found")
            };
            assert_eq!(list.exact()[at], origin);
        }
        assert_eq!(
            policy.match_origin(b"https://site100.example"),
            OriginMatch::Refused
        );
        assert_eq!(
            policy.match_origin(b"https://site1.example/"),
            OriginMatch::Refused
        );
        assert_eq!(
            policy.match_origin(b"HTTPS://SITE1.EXAMPLE"),
            OriginMatch::Refused
        );
        assert_eq!(policy.match_origin(b""), OriginMatch::Refused);
    }

    #[test]
    fn null_and_any() {
        let policy = Policy::builder().origins(["null"]).build().unwrap();
        assert_eq!(policy.match_origin(b"null"), OriginMatch::Echo);
        assert_eq!(policy.match_origin(b"https://a.com"), OriginMatch::Refused);
        let any = Policy::builder().origins(["*"]).build().unwrap();
        assert_eq!(
            any.match_origin(b"https://anything.example"),
            OriginMatch::Any
        );
        assert!(!any.varies_by_origin());
        assert!(policy.varies_by_origin());
    }

    #[test]
    fn prepared_values_are_joined_and_lowercased() {
        let policy = Policy::builder()
            .origins(["https://a.com"])
            .methods(["PUT", "PATCH"])
            .headers(["Content-Type", "X-Api-Key"])
            .expose(["X-Request-Id"])
            .build()
            .unwrap();
        assert_eq!(policy.allow_methods(), "PUT, PATCH");
        assert!(policy.allows_method(b"PATCH") && !policy.allows_method(b"patch"));
        assert_eq!(policy.allow_headers(), Some("content-type, x-api-key"));
        assert_eq!(policy.expose(), Some("x-request-id"));
        assert!(policy.headers().allows(b"X-API-KEY"));
        assert!(!policy.headers().allows(b"x-other"));
    }

    #[test]
    fn wildcard_headers_never_cover_authorization_unless_named() {
        let any = AllowedHeaders::Any {
            authorization: false,
        };
        assert!(any.allows(b"x-anything"));
        assert!(!any.allows(b"Authorization"));
        assert!(AllowedHeaders::Any {
            authorization: true
        }
        .allows(b"authorization"));
        let policy = Policy::builder()
            .origins(["*"])
            .headers(["*", "Authorization"])
            .build()
            .unwrap();
        assert_eq!(
            policy.headers(),
            &AllowedHeaders::Any {
                authorization: true
            }
        );
        assert_eq!(policy.allow_headers(), Some("*, authorization"));
    }

    #[test]
    fn builder_defaults_and_errors() {
        let policy = Policy::builder()
            .origins(["https://a.com"])
            .build()
            .unwrap();
        assert_eq!(policy.allow_methods(), "GET, HEAD, POST");
        assert_eq!(policy.allow_headers(), None);
        let err = Policy::builder().build().unwrap_err();
        assert_eq!(err.violations()[0].problem.message, "`origins` is missing");
        assert!(err
            .to_string()
            .starts_with("invalid CORS policy (1 error)\nerror: `origins` is missing\n  help: "));
    }
}

//! A deployment variable's text as a list of entries: separated by commas and/or
//! whitespace, with every problem of its shape reported at once. `config` reads
//! environment-shaped list settings with it too.

use crate::violation::Problem;

/// At most this many entries in one variable: a list longer than this is not a list of
/// sites someone maintains by hand; a multi-tenant service asks an `origin_fn` instead.
pub(crate) const MAX_ENTRIES: usize = 10_000;

/// Splits a variable's text into entries: separated by commas and/or whitespace.
///
/// Returns every problem with the text's shape at once (a stray comma, quotes, brackets);
/// whether each entry is an origin the rule book decides, beside the policy's other
/// entries.
///
/// ```
/// use cors_runtime::__private::env_split as split;
///
/// assert_eq!(split("https://a.com, https://*.b.org\nhttp://localhost:3000").unwrap(),
///            ["https://a.com", "https://*.b.org", "http://localhost:3000"]);
/// assert_eq!(split("  ").unwrap(), Vec::<&str>::new());
/// let problems = split("https://a.com,,https://b.com").unwrap_err();
/// assert_eq!(problems[0].message, "stray comma after `https://a.com`");
/// let problems = split(r#""https://a.com""#).unwrap_err();
/// assert_eq!(problems[0].message, r#"entry `"https://a.com"` is in quotes"#);
/// ```
pub fn split(text: &str) -> Result<Vec<&str>, Vec<Problem>> {
    /// What the text had last, spaces aside.
    #[derive(PartialEq)]
    enum Last {
        Nothing,
        Entry,
        Comma,
        /// A comma out of place, already reported with the run of commas it starts.
        StrayComma,
    }
    let mut entries: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    let mut last = Last::Nothing;
    let stray = |entries: &[&str], help: &str| {
        let message = match entries.last() {
            Some(entry) => format!("stray comma after `{entry}`"),
            None => "stray comma at the start".to_owned(),
        };
        Problem::new(message, help)
    };
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == ',' {
            last = match last {
                Last::Entry => Last::Comma,
                Last::StrayComma => Last::StrayComma,
                Last::Nothing | Last::Comma => {
                    problems.push(stray(
                        &entries,
                        "separate entries with one comma and/or whitespace, as in `https://a.example, https://b.example`",
                    ));
                    Last::StrayComma
                }
            };
            rest = &rest[1..];
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(rest.len());
            let entry = &rest[..end];
            problems.extend(shape_problem(entry));
            entries.push(entry);
            last = Last::Entry;
            rest = &rest[end..];
        }
        if problems.len() > 20 {
            break;
        }
    }
    if last == Last::Comma {
        problems.push(stray(&entries, "remove the comma at the end"));
    }
    if entries.len() > MAX_ENTRIES {
        problems.push(Problem::new(
            format!("{} entries, more than {MAX_ENTRIES}", entries.len()),
            "list the sites a person maintains here; for customers' domains known at run time, use `origin_fn`",
        ));
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

/// What is wrong with an entry's shape that the origin rules would word badly: quotes and
/// brackets from a list written in another syntax.
fn shape_problem(entry: &str) -> Option<Problem> {
    if entry.starts_with(['"', '\'']) || entry.ends_with(['"', '\'']) {
        let bare = entry.trim_matches(['"', '\'']);
        return Some(Problem::new(
            format!("entry `{entry}` is in quotes"),
            format!("write entries without quotes: `{bare}`"),
        ));
    }
    // `https://[::1]` ends with a bracket of its own.
    if entry.starts_with('[') || (entry.ends_with(']') && !entry.contains("://[")) {
        return Some(Problem::new(
            format!("entry `{entry}` has a bracket"),
            "write the entries without brackets, separated by commas: `https://a.example, https://b.example`",
        ));
    }
    None
}
#[cfg(test)]
mod tests {
    use super::split;

    /// Each malformed text names its problems once, in order.
    #[test]
    fn split_reports_each_problem_once() {
        let messages = |text: &str| -> Vec<String> {
            split(text).map_or_else(
                |problems| problems.into_iter().map(|p| p.message).collect(),
                |_| Vec::new(),
            )
        };
        let ok: &[&str] = &[];
        assert_eq!(messages("https://a.example , https://b.example\n"), ok);
        assert_eq!(messages("https://[::1]:8080 http://[::1]"), ok);
        assert_eq!(messages(",https://a.example"), ["stray comma at the start"]);
        assert_eq!(
            messages("https://a.example,"),
            ["stray comma after `https://a.example`"]
        );
        assert_eq!(
            messages("https://a.example ,, ,"),
            ["stray comma after `https://a.example`"]
        );
        assert_eq!(
            messages("https://a.example,,https://b.example,"),
            [
                "stray comma after `https://a.example`",
                "stray comma after `https://b.example`"
            ]
        );
        assert_eq!(messages(",,,"), ["stray comma at the start"]);
        assert_eq!(
            messages("'https://a.example' [https://b.example]"),
            [
                "entry `'https://a.example'` is in quotes",
                "entry `[https://b.example]` has a bracket"
            ]
        );
    }
}

//! `WWW-Authenticate` challenges (RFC 7235), read as docker/distribution's client reads
//! them (`registry/client/auth/challenge`): one challenge per header value, its scheme in
//! lower case, then `key=value` parameters (keys in lower case, values a token or a quoted
//! string with `\` escapes) separated by commas. A value that does not parse ends the
//! parameters there; a value without a scheme is no challenge.

/// One challenge: `Bearer realm="https://auth.docker.io/token",service="registry.docker.io"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// In lower case: `bearer`, `basic`.
    pub scheme: String,
    /// Keys in lower case, in the order given; a key given twice keeps its last value.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of parameter `key` (lower case).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The challenges of a response's `WWW-Authenticate` header values.
pub fn parse_challenges(values: &[&str]) -> Vec<Challenge> {
    values.iter().filter_map(|v| parse_one(v)).collect()
}

fn parse_one(header: &str) -> Option<Challenge> {
    let (scheme, rest) = token(header);
    if scheme.is_empty() {
        return None;
    }
    let mut params: Vec<(String, String)> = Vec::new();
    let list = format!(",{}", skip_space(rest));
    let mut rest: &str = &list;
    while let Some(after) = rest.strip_prefix(',') {
        let (key, r) = token(skip_space(after));
        if key.is_empty() {
            break;
        }
        let Some(r) = r.strip_prefix('=') else {
            break;
        };
        let Some((value, r)) = token_or_quoted(r) else {
            break;
        };
        if value.is_empty() {
            break;
        }
        params.push((key.to_ascii_lowercase(), value));
        rest = skip_space(r);
    }
    Some(Challenge {
        scheme: scheme.to_ascii_lowercase(),
        params,
    })
}

/// RFC 2616's separators: not part of a token.
fn is_separator(b: u8) -> bool {
    b"()<>@,;:\\\"/[]?={} \t".contains(&b)
}

fn is_token(b: u8) -> bool {
    b > 0x20 && b < 0x7f && !is_separator(b)
}

fn skip_space(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\r', '\n'])
}

/// The token at the start of `s`, and the rest.
fn token(s: &str) -> (&str, &str) {
    let end = s.bytes().position(|b| !is_token(b)).unwrap_or(s.len());
    s.split_at(end)
}

/// A token or a quoted string at the start of `s` (unescaped), and the rest; `None` for
/// a quoted string that does not end.
fn token_or_quoted(s: &str) -> Option<(String, &str)> {
    let Some(body) = s.strip_prefix('"') else {
        let (t, rest) = token(s);
        return Some((t.to_string(), rest));
    };
    let mut value = String::new();
    let mut escape = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escape => {
                escape = false;
                value.push(c);
            }
            '\\' => escape = true,
            '"' => return Some((value, &body[i + 1..])),
            _ => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hubs_challenge() {
        let c = parse_challenges(&[
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#,
        ]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].scheme, "bearer");
        assert_eq!(c[0].param("realm"), Some("https://auth.docker.io/token"));
        assert_eq!(c[0].param("service"), Some("registry.docker.io"));
        assert_eq!(c[0].param("scope"), Some("repository:library/alpine:pull"));
    }

    #[test]
    fn schemes_keys_tokens_escapes_and_what_ends_the_parameters() {
        let c = parse_challenges(&[
            r#"Basic Realm="Registry Realm""#,
            r#"BEARER realm=tok , error="insufficient_scope",x="a\"b\\c""#,
            "",
            r#"Bearer realm="https://a", broken, service="ignored""#,
            r#"Bearer realm="never ends"#,
        ]);
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].scheme, "basic");
        assert_eq!(c[0].param("realm"), Some("Registry Realm"));
        assert_eq!(c[1].param("realm"), Some("tok"));
        assert_eq!(c[1].param("error"), Some("insufficient_scope"));
        assert_eq!(c[1].param("x"), Some(r#"a"b\c"#));
        assert_eq!(c[2].param("realm"), Some("https://a"));
        assert_eq!(
            c[2].param("service"),
            None,
            "a key without a value ends them"
        );
        assert_eq!(c[3].params, vec![]);
    }
}

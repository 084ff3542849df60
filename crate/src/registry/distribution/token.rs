//! The token a Bearer challenge leads to, as docker/distribution's client gets it
//! (`registry/client/auth/session.go`): a GET of the challenge's realm with `service`,
//! one `scope` per repository and action set, and `account` when credentials are sent
//! (as Basic auth); an answer of `{"token"|"access_token", "expires_in", "issued_at"}`,
//! `access_token` winning, a lifetime of at least 60 seconds counted from `issued_at` (or
//! from now), and the token reused for the same realm, service and scopes until it
//! expires.

use crate::go::url::{query_escape, query_unescape};
use crate::time::Timestamp;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// The shortest lifetime a token is given (the spec's default).
pub const MIN_LIFETIME_SECONDS: i64 = 60;

/// The URL of a token request: `realm` (its own query kept) with `service`, `scopes` and
/// `account`, encoded as Go's `url.Values.Encode` does (keys sorted, values escaped as
/// query components).
pub fn token_request_url(
    realm: &str,
    service: Option<&str>,
    scopes: &[String],
    account: Option<&str>,
) -> String {
    let (base, query) = match realm.split_once('?') {
        Some((b, q)) => (b, q),
        None => (realm, ""),
    };
    let base = base.split('#').next().unwrap_or(base);
    let query = query.split('#').next().unwrap_or(query);
    // Go's `url.ParseQuery` drops a pair with a `;` or a malformed escape.
    let mut params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.contains(';'))
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((query_unescape(k)?, query_unescape(v)?))
        })
        .collect();
    if let Some(s) = service.filter(|s| !s.is_empty()) {
        params.push(("service".into(), s.into()));
    }
    for scope in scopes {
        params.push(("scope".into(), scope.clone()));
    }
    if let Some(a) = account.filter(|a| !a.is_empty()) {
        params.push(("account".into(), a.into()));
    }
    // A stable sort: the values of one key keep their order.
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let encoded: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
        .collect();
    if encoded.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", encoded.join("&"))
    }
}

/// A token and when it stops being used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub token: String,
    pub expires: Timestamp,
}

/// Why a token answer gives no token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The answer is not the JSON object expected.
    Decode(String),
    /// Neither `token` nor `access_token`.
    NoToken,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Decode(why) => write!(f, "unable to decode token response: {why}"),
            TokenError::NoToken => {
                f.write_str("authorization server did not include a token in the response")
            }
        }
    }
}

impl std::error::Error for TokenError {}

impl Token {
    /// Reads a successful token answer's body, received at `now`.
    pub fn parse(body: &[u8], now: Timestamp) -> Result<Token, TokenError> {
        let v: Value =
            serde_json::from_slice(body).map_err(|e| TokenError::Decode(e.to_string()))?;
        let Value::Object(o) = v else {
            return Err(TokenError::Decode("the answer is not a JSON object".into()));
        };
        let text = |k: &str| o.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        let token = text("access_token")
            .or(text("token"))
            .ok_or(TokenError::NoToken)?;
        let lifetime = o
            .get("expires_in")
            .and_then(Value::as_i64)
            .unwrap_or(0)
            .max(MIN_LIFETIME_SECONDS);
        let issued = text("issued_at")
            .and_then(Timestamp::parse_rfc3339)
            .unwrap_or(now);
        Ok(Token {
            token: token.to_string(),
            expires: Timestamp(issued.0 + i128::from(lifetime) * 1_000_000_000),
        })
    }
}

/// Tokens by realm, service and scopes, each until it expires.
#[derive(Clone, Debug, Default)]
pub struct TokenCache {
    tokens: HashMap<(String, String, Vec<String>), Token>,
}

impl TokenCache {
    /// The token for `realm`, `service` and `scopes` that is still good at `now`.
    pub fn get(
        &self,
        realm: &str,
        service: &str,
        scopes: &[String],
        now: Timestamp,
    ) -> Option<&str> {
        self.tokens
            .get(&(realm.to_string(), service.to_string(), scopes.to_vec()))
            .filter(|t| now < t.expires)
            .map(|t| t.token.as_str())
    }

    pub fn put(&mut self, realm: &str, service: &str, scopes: &[String], token: Token) {
        self.tokens.insert(
            (realm.to_string(), service.to_string(), scopes.to_vec()),
            token,
        );
    }

    /// Forgets every token (after a login or a logout).
    pub fn clear(&mut self) {
        self.tokens.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn the_request_url_is_encoded_as_go_encodes_it() {
        let scopes = vec!["repository:library/alpine:pull".to_string()];
        assert_eq!(
            token_request_url("https://auth.docker.io/token", Some("registry.docker.io"), &scopes, None),
            "https://auth.docker.io/token?scope=repository%3Alibrary%2Falpine%3Apull&service=registry.docker.io"
        );
        // Several scopes keep their order; the account comes first; the realm's own query stays.
        let scopes = vec![
            "repository:me/app:pull,push".to_string(),
            "repository:other/base:pull".to_string(),
        ];
        assert_eq!(
            token_request_url("http://127.0.0.1:5001/auth?z=1&a=x+y", Some("reg"), &scopes, Some("me")),
            "http://127.0.0.1:5001/auth?a=x+y&account=me&scope=repository%3Ame%2Fapp%3Apull%2Cpush&scope=repository%3Aother%2Fbase%3Apull&service=reg&z=1"
        );
        assert_eq!(
            token_request_url("https://a/t", None, &[], None),
            "https://a/t"
        );
        // A malformed escape or a `;` drops its pair, as Go's url.ParseQuery does.
        assert_eq!(
            token_request_url("https://a/t?x=%zz&y=1;2&é=%C3%A9", None, &[], None),
            "https://a/t?%C3%A9=%C3%A9"
        );
    }

    #[test]
    fn answers_and_lifetimes() {
        let now = at("2026-01-01T00:00:00Z");
        let t = Token::parse(
            br#"{"token":"abc","expires_in":300,"issued_at":"2026-01-01T00:01:00Z"}"#,
            now,
        )
        .unwrap();
        assert_eq!(t.token, "abc");
        assert_eq!(t.expires, at("2026-01-01T00:06:00Z"));
        // access_token wins; no expires_in (or less than 60) is 60 s from now.
        let t = Token::parse(br#"{"token":"a","access_token":"b","expires_in":5}"#, now).unwrap();
        assert_eq!(
            (t.token.as_str(), t.expires),
            ("b", at("2026-01-01T00:01:00Z"))
        );
        assert_eq!(
            Token::parse(br#"{"token":""}"#, now),
            Err(TokenError::NoToken)
        );
        assert_eq!(
            Token::parse(b"{}", now).unwrap_err().to_string(),
            "authorization server did not include a token in the response"
        );
        assert!(Token::parse(b"<html>", now)
            .unwrap_err()
            .to_string()
            .starts_with("unable to decode token response: "));
    }

    #[test]
    fn a_token_is_reused_until_it_expires() {
        let mut cache = TokenCache::default();
        let scopes = vec!["repository:a:pull".to_string()];
        let now = at("2026-01-01T00:00:00Z");
        let token = Token::parse(br#"{"token":"t","expires_in":120}"#, now).unwrap();
        cache.put("https://auth", "reg", &scopes, token);
        assert_eq!(
            cache.get("https://auth", "reg", &scopes, at("2026-01-01T00:01:59Z")),
            Some("t")
        );
        assert_eq!(
            cache.get("https://auth", "reg", &scopes, at("2026-01-01T00:02:00Z")),
            None
        );
        assert_eq!(
            cache.get("https://auth", "reg", &[], now),
            None,
            "other scopes"
        );
    }
}

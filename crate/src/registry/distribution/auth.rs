//! How requests to one registry are authorized, as docker/distribution's client does it
//! (`registry/client/auth/session.go`, with moby's handlers: Bearer tokens, then Basic).
//! The registry's answer to a ping (`GET /v2/`) gives its challenges; then each request
//! for some scopes (`repository:library/alpine:pull`) is sent as it is (no challenge), with
//! `Authorization: Basic` (a Basic challenge and credentials), or with a Bearer token,
//! fetched first from the challenge's realm unless one for the same scopes is still good.
//! No I/O: the caller makes the requests this module describes.

use super::challenge::{parse_challenges, Challenge};
use super::errors::{error_response, ResponseError};
use super::token::{token_request_url, Token, TokenCache, TokenError};
use crate::time::Timestamp;
use base64::Engine;
use std::fmt;

/// A user name and password for one registry (`docker login`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl Credentials {
    /// The `Authorization` value of Basic auth.
    pub fn basic(&self) -> String {
        let pair = format!("{}:{}", self.username, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    /// Both parts given (Go's handlers ignore credentials with an empty part).
    fn usable(&self) -> Option<&Credentials> {
        (!self.username.is_empty() && !self.password.is_empty()).then_some(self)
    }
}

/// What to do before sending a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authorization {
    /// Send it, with this `Authorization` value if any.
    Send(Option<String>),
    /// First GET `url` (with this `Authorization` value if any) from the token server, and
    /// give its answer to [`Authorizer::token_answer`] with `key`.
    FetchToken {
        url: String,
        authorization: Option<String>,
        key: TokenKey,
    },
}

/// Which token a token request is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenKey {
    realm: String,
    service: String,
    scopes: Vec<String>,
}

/// Why a request cannot be authorized, or a token was not given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// A Basic challenge, and no credentials for it.
    NoBasicCredentials,
    /// A Bearer challenge without a realm.
    NoRealm,
    /// The token server refused (its answer as Docker reads it).
    TokenRefused(ResponseError),
    /// The token server's answer has no token.
    Token(TokenError),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::NoBasicCredentials => f.write_str("no basic auth credentials"),
            AuthError::NoRealm => f.write_str("no realm specified for token auth challenge"),
            AuthError::TokenRefused(e) => write!(f, "{e}"),
            AuthError::Token(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AuthError {}

/// One registry's challenges, the credentials for it, and the tokens it gave.
#[derive(Clone, Debug, Default)]
pub struct Authorizer {
    challenges: Vec<Challenge>,
    credentials: Option<Credentials>,
    tokens: TokenCache,
}

impl Authorizer {
    pub fn new(credentials: Option<Credentials>) -> Authorizer {
        Authorizer {
            credentials,
            ..Authorizer::default()
        }
    }

    /// Learns the registry's challenges from its answer to `GET /v2/`: none unless 401.
    pub fn pinged(&mut self, status: u16, www_authenticate: &[&str]) {
        self.challenges = if status == 401 {
            parse_challenges(www_authenticate)
        } else {
            Vec::new()
        };
    }

    /// How to send a request that needs `scopes`, at `now`.
    pub fn authorize(&self, scopes: &[String], now: Timestamp) -> Result<Authorization, AuthError> {
        let creds = self.credentials.as_ref().and_then(Credentials::usable);
        let mut out = Authorization::Send(None);
        // moby's handlers in order: the token handler, then the basic one; each applies to
        // every challenge of its scheme.
        for c in self.challenges.iter().filter(|c| c.scheme == "bearer") {
            let realm = c.param("realm").ok_or(AuthError::NoRealm)?;
            let service = c.param("service").unwrap_or("");
            if let Some(token) = self.tokens.get(realm, service, scopes, now) {
                out = Authorization::Send(Some(format!("Bearer {token}")));
                continue;
            }
            return Ok(Authorization::FetchToken {
                url: token_request_url(
                    realm,
                    Some(service),
                    scopes,
                    creds.map(|c| c.username.as_str()),
                ),
                authorization: creds.map(Credentials::basic),
                key: TokenKey {
                    realm: realm.to_string(),
                    service: service.to_string(),
                    scopes: scopes.to_vec(),
                },
            });
        }
        if self.challenges.iter().any(|c| c.scheme == "basic") {
            let creds = creds.ok_or(AuthError::NoBasicCredentials)?;
            out = Authorization::Send(Some(creds.basic()));
        }
        Ok(out)
    }

    /// Takes the token server's answer to a [`Authorization::FetchToken`] request: its
    /// status, reason phrase, `Content-Type`, `WWW-Authenticate` values and body, received
    /// at `now`. The token is kept for the next requests with the same scopes.
    pub fn token_answer(
        &mut self,
        key: TokenKey,
        answer: (u16, &str, Option<&str>, &[&str], &[u8]),
        now: Timestamp,
    ) -> Result<(), AuthError> {
        let (status, reason, content_type, www_authenticate, body) = answer;
        if !(200..400).contains(&status) {
            return Err(AuthError::TokenRefused(error_response(
                status,
                reason,
                content_type,
                www_authenticate,
                body,
            )));
        }
        let token = Token::parse(body, now).map_err(AuthError::Token)?;
        self.tokens
            .put(&key.realm, &key.service, &key.scopes, token);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn scopes(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    const HUB: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#;

    #[test]
    fn an_open_registry_needs_nothing() {
        let mut a = Authorizer::new(None);
        a.pinged(200, &[]);
        let now = at("2026-01-01T00:00:00Z");
        assert_eq!(
            a.authorize(&scopes("repository:x:pull"), now),
            Ok(Authorization::Send(None))
        );
    }

    #[test]
    fn basic_auth_with_and_without_credentials() {
        let mut a = Authorizer::new(None);
        a.pinged(401, &[r#"Basic realm="Registry Realm""#]);
        let now = at("2026-01-01T00:00:00Z");
        let err = a.authorize(&[], now).unwrap_err();
        assert_eq!(err.to_string(), "no basic auth credentials");
        let creds = Credentials {
            username: "me".into(),
            password: "secret".into(),
        };
        let mut a = Authorizer::new(Some(creds));
        a.pinged(401, &[r#"Basic realm="Registry Realm""#]);
        // base64("me:secret")
        assert_eq!(
            a.authorize(&[], now),
            Ok(Authorization::Send(Some("Basic bWU6c2VjcmV0".into())))
        );
    }

    #[test]
    fn a_bearer_token_is_fetched_once_per_scopes_until_it_expires() {
        let mut a = Authorizer::new(None);
        a.pinged(401, &[HUB]);
        let now = at("2026-01-01T00:00:00Z");
        let pull = scopes("repository:library/alpine:pull");
        let Ok(Authorization::FetchToken {
            url,
            authorization,
            key,
        }) = a.authorize(&pull, now)
        else {
            panic!("a token first");
        };
        assert_eq!(url, "https://auth.docker.io/token?scope=repository%3Alibrary%2Falpine%3Apull&service=registry.docker.io");
        assert_eq!(authorization, None, "anonymous");
        let body = br#"{"token":"T1","expires_in":300,"issued_at":"2026-01-01T00:00:00Z"}"#;
        a.token_answer(key, (200, "OK", Some("application/json"), &[], body), now)
            .unwrap();
        assert_eq!(
            a.authorize(&pull, at("2026-01-01T00:04:59Z")),
            Ok(Authorization::Send(Some("Bearer T1".into())))
        );
        assert!(matches!(
            a.authorize(&pull, at("2026-01-01T00:05:00Z")),
            Ok(Authorization::FetchToken { .. })
        ));
        assert!(matches!(
            a.authorize(&scopes("repository:library/busybox:pull"), now),
            Ok(Authorization::FetchToken { .. })
        ));
    }

    #[test]
    fn credentials_go_to_the_token_server_and_its_refusals_read_as_docker_prints_them() {
        let creds = Credentials {
            username: "me".into(),
            password: "wrong".into(),
        };
        let mut a = Authorizer::new(Some(creds));
        a.pinged(401, &[HUB]);
        let now = at("2026-01-01T00:00:00Z");
        let Ok(Authorization::FetchToken {
            url,
            authorization,
            key,
        }) = a.authorize(&scopes("repository:me/app:pull,push"), now)
        else {
            panic!("a token first");
        };
        assert!(url.contains("account=me&"), "{url}");
        assert_eq!(authorization.as_deref(), Some("Basic bWU6d3Jvbmc="));
        let body = br#"{"details":"incorrect username or password"}"#;
        let err = a
            .token_answer(
                key.clone(),
                (401, "Unauthorized", Some("application/json"), &[], body),
                now,
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unauthorized: incorrect username or password"
        );
        let err = a
            .token_answer(key, (200, "OK", Some("application/json"), &[], b"{}"), now)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "authorization server did not include a token in the response"
        );
        a.pinged(401, &[r#"Bearer service="x""#]);
        assert_eq!(a.authorize(&[], now), Err(AuthError::NoRealm));
    }
}

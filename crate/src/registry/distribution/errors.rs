//! A registry's error answers, and the text Docker makes of them.
//!
//! A registry answers a failed request with `{"errors": [{"code", "message", "detail"}]}`.
//! docker/distribution's client (`registry/client/errors.go`, `registry/api/errcode`)
//! turns that, the status and the `WWW-Authenticate` header into an error whose text
//! Docker prints after `Error response from daemon: `. The rules kept here:
//! - a code the API does not register reads as `UNKNOWN`;
//! - an error with no detail whose message is empty or the code's own message is the bare
//!   code (`manifest unknown`); otherwise it is `code: message` (`manifest unknown:
//!   manifest unknown` when a `detail` came with it, as the reference registry sends);
//! - several errors read `errors:` then one per line;
//! - a body that is not JSON gives the status's code with the body as its message (401
//!   `unauthorized`, 403 `denied`, 429 `toomanyrequests`, others `unknown`);
//! - a Bearer challenge's `error` (`invalid_token`, `insufficient_scope`) comes first;
//! - a status outside 400–499 is `received unexpected HTTP status: 500 Internal Server Error`.

use crate::go::strconv::quote;
use serde_json::Value;
use std::fmt;

use super::challenge::parse_challenges;

/// The error codes the distribution API registers (errcode's and the v2 API's), by their
/// wire value, with the message each has when none is given.
const CODES: &[(&str, &str)] = &[
    ("UNKNOWN", "unknown error"),
    ("UNSUPPORTED", "The operation is unsupported."),
    ("UNAUTHORIZED", "authentication required"),
    ("DENIED", "requested access to the resource is denied"),
    ("UNAVAILABLE", "service unavailable"),
    ("TOOMANYREQUESTS", "too many requests"),
    (
        "DIGEST_INVALID",
        "provided digest did not match uploaded content",
    ),
    (
        "SIZE_INVALID",
        "provided length did not match content length",
    ),
    ("NAME_INVALID", "invalid repository name"),
    ("TAG_INVALID", "manifest tag did not match URI"),
    ("NAME_UNKNOWN", "repository name not known to registry"),
    ("MANIFEST_UNKNOWN", "manifest unknown"),
    ("MANIFEST_INVALID", "manifest invalid"),
    (
        "MANIFEST_UNVERIFIED",
        "manifest failed signature verification",
    ),
    ("MANIFEST_BLOB_UNKNOWN", "blob unknown to registry"),
    ("BLOB_UNKNOWN", "blob unknown to registry"),
    ("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry"),
    ("BLOB_UPLOAD_INVALID", "blob upload invalid"),
    (
        "PAGINATION_NUMBER_INVALID",
        "invalid number of results requested",
    ),
];

/// A registered error code (one of [`CODES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code(usize);

impl Code {
    pub const UNKNOWN: Code = Code(0);
    pub const UNAUTHORIZED: Code = Code(2);
    pub const DENIED: Code = Code(3);
    pub const TOOMANYREQUESTS: Code = Code(5);
    pub const NAME_UNKNOWN: Code = Code(10);
    pub const MANIFEST_UNKNOWN: Code = Code(11);
    pub const MANIFEST_INVALID: Code = Code(12);
    pub const BLOB_UNKNOWN: Code = Code(15);

    /// The code a registry names; one the API does not register is [`Code::UNKNOWN`].
    pub fn parse(value: &str) -> Code {
        Code(CODES.iter().position(|(v, _)| *v == value).unwrap_or(0))
    }

    /// As sent on the wire: `MANIFEST_UNKNOWN`.
    pub fn value(self) -> &'static str {
        CODES[self.0].0
    }

    /// The message the code has when none is given: `manifest unknown`.
    pub fn message(self) -> &'static str {
        CODES[self.0].1
    }
}

/// As Docker prints a code: lower case, `_` as spaces (`manifest unknown`).
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value().replace('_', " ").to_lowercase())
    }
}

/// One error of a registry's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    /// Whether the error is the bare code (no detail, and no message of its own): it
    /// prints as the code alone, and Docker does not read it as "not found".
    pub bare: bool,
}

impl ApiError {
    /// An error of `code` with `message` (Go's `ErrorCode.WithMessage`).
    pub fn new(code: Code, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            bare: false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bare {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

/// What a failed response means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseError {
    /// The registry's errors, first one first.
    Api(Vec<ApiError>),
    /// A status outside 400–499 (`500 Internal Server Error`).
    UnexpectedStatus(String),
    /// A JSON answer that does not read as errors.
    UnparsableBody {
        status: u16,
        reason: String,
        body: String,
    },
    /// A `Content-Type` that is not a media type.
    ContentType(String),
    /// A Bearer challenge's error, then what the body said (not errors of its own).
    Merged(ApiError, Box<ResponseError>),
}

impl ResponseError {
    /// The first of the registry's errors, if it sent any.
    pub fn first(&self) -> Option<&ApiError> {
        match self {
            ResponseError::Api(errors) => errors.first(),
            ResponseError::Merged(first, _) => Some(first),
            _ => None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api(errors) => match errors.as_slice() {
                [] => f.write_str("<nil>"),
                [one] => write!(f, "{one}"),
                all => {
                    f.write_str("errors:\n")?;
                    for e in all {
                        writeln!(f, "{e}")?;
                    }
                    Ok(())
                }
            },
            ResponseError::UnexpectedStatus(status) => {
                write!(f, "received unexpected HTTP status: {status}")
            }
            ResponseError::UnparsableBody {
                status,
                reason,
                body,
            } => write!(
                f,
                "error parsing HTTP {status} response body: {reason}: {}",
                quote(body)
            ),
            ResponseError::ContentType(reason) => {
                write!(f, "failed parsing content-type: {reason}")
            }
            ResponseError::Merged(first, rest) => write!(f, "errors:\n{first}\n{rest}\n"),
        }
    }
}

impl std::error::Error for ResponseError {}

/// The error a failed response means (Go's `HandleErrorResponse`): its status (`404`),
/// reason phrase (`Not Found`), `Content-Type`, `WWW-Authenticate` values and body.
pub fn error_response(
    status: u16,
    reason: &str,
    content_type: Option<&str>,
    www_authenticate: &[&str],
    body: &[u8],
) -> ResponseError {
    if !(400..500).contains(&status) {
        return ResponseError::UnexpectedStatus(format!("{status} {reason}"));
    }
    if status == 401 {
        for c in parse_challenges(www_authenticate) {
            if c.scheme != "bearer" {
                continue;
            }
            let code = match c.param("error") {
                Some("invalid_token") => Code::UNAUTHORIZED,
                Some("insufficient_scope") => Code::DENIED,
                _ => continue,
            };
            let message = c
                .param("error_description")
                .filter(|d| !d.is_empty())
                .unwrap_or(code.message());
            let first = ApiError::new(code, message);
            return match body_error(status, content_type, body) {
                ResponseError::Api(more) => {
                    ResponseError::Api(std::iter::once(first).chain(more).collect())
                }
                other => ResponseError::Merged(first, Box::new(other)),
            };
        }
    }
    match body_error(status, content_type, body) {
        // A 401 whose body says nothing readable is `unauthorized` with the body as detail.
        ResponseError::UnparsableBody { .. } if status == 401 => {
            ResponseError::Api(vec![ApiError::new(
                Code::UNAUTHORIZED,
                Code::UNAUTHORIZED.message(),
            )])
        }
        other => other,
    }
}

/// The error a response's body gives (Go's `parseHTTPErrorResponse`).
fn body_error(status: u16, content_type: Option<&str>, body: &[u8]) -> ResponseError {
    let text = String::from_utf8_lossy(body);
    let Some(content_type) = content_type.filter(|c| !c.is_empty()) else {
        return ResponseError::Api(vec![status_error(status, &text)]);
    };
    let media = content_type.split(';').next().unwrap_or("").trim();
    if media.is_empty() {
        return ResponseError::ContentType("mime: no media type".into());
    }
    let media = media.to_ascii_lowercase();
    if media != "application/json" && media != "application/vnd.api+json" {
        return ResponseError::Api(vec![status_error(status, &text)]);
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return ResponseError::UnparsableBody {
                status,
                reason: json_reason(body, &e),
                body: text.into_owned(),
            }
        }
    };
    // Old registries sent `{"details": "..."}`.
    if let Some(details) = value.get("details").and_then(Value::as_str) {
        if !details.is_empty() {
            return ResponseError::Api(vec![status_error(status, details)]);
        }
    }
    let errors: Vec<ApiError> = value
        .get("errors")
        .and_then(Value::as_array)
        .map(|all| all.iter().map(api_error).collect())
        .unwrap_or_default();
    if errors.is_empty() {
        return ResponseError::UnparsableBody {
            status,
            reason: "no error details found in HTTP response body".into(),
            body: text.into_owned(),
        };
    }
    ResponseError::Api(errors)
}

/// One entry of `errors` (Go's `Errors.UnmarshalJSON`).
fn api_error(v: &Value) -> ApiError {
    let code = Code::parse(v.get("code").and_then(Value::as_str).unwrap_or(""));
    let message = v
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let detail = v.get("detail").is_some_and(|d| !d.is_null());
    let bare = !detail && (message.is_empty() || message == code.message());
    ApiError {
        code,
        message,
        bare,
    }
}

/// The error a status gives a body that is not JSON (Go's `makeError`).
fn status_error(status: u16, details: &str) -> ApiError {
    let code = match status {
        401 => Code::UNAUTHORIZED,
        403 => Code::DENIED,
        429 => Code::TOOMANYREQUESTS,
        _ => Code::UNKNOWN,
    };
    ApiError::new(code, details)
}

/// Why a body is not JSON, in Go's `encoding/json` words where they are simple to give.
fn json_reason(body: &[u8], e: &serde_json::Error) -> String {
    match body.iter().find(|b| !b" \t\r\n".contains(b)) {
        None => "unexpected end of JSON input".into(),
        Some(b) if !b"{[\"-0123456789tfn".contains(b) => {
            format!(
                "invalid character {} looking for beginning of value",
                go_char(*b)
            )
        }
        _ => e.to_string(),
    }
}

/// A byte as Go's JSON errors quote it (`'<'`).
fn go_char(b: u8) -> String {
    match b {
        b'\'' => r"'\''".into(),
        b'"' => r#"'"'"#.into(),
        0x20..=0x7e => format!("'{}'", b as char),
        _ => crate::go::strconv::quote_rune(char::from(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: Option<&str> = Some("application/json; charset=utf-8");

    fn text(status: u16, reason: &str, ct: Option<&str>, auth: &[&str], body: &str) -> String {
        error_response(status, reason, ct, auth, body.as_bytes()).to_string()
    }

    #[test]
    fn the_named_codes_are_the_registered_ones() {
        for (code, value) in [
            (Code::UNKNOWN, "UNKNOWN"),
            (Code::UNAUTHORIZED, "UNAUTHORIZED"),
            (Code::DENIED, "DENIED"),
            (Code::TOOMANYREQUESTS, "TOOMANYREQUESTS"),
            (Code::NAME_UNKNOWN, "NAME_UNKNOWN"),
            (Code::MANIFEST_UNKNOWN, "MANIFEST_UNKNOWN"),
            (Code::MANIFEST_INVALID, "MANIFEST_INVALID"),
            (Code::BLOB_UNKNOWN, "BLOB_UNKNOWN"),
        ] {
            assert_eq!(code.value(), value);
            assert_eq!(Code::parse(value), code);
        }
    }

    #[test]
    fn docker_registry_2_8_answers_as_captured_here() {
        // Bodies and headers of Debian's docker-registry 2.8.2 on 127.0.0.1 (curl -i).
        // A manifest of a repository that does not exist:
        let body = r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"latest"}}]}"#;
        assert_eq!(
            text(404, "Not Found", JSON, &[], body),
            "manifest unknown: manifest unknown"
        );
        // With htpasswd auth, `/v2/` without credentials (detail null: the bare code):
        let basic = [r#"Basic realm="Registry Realm""#];
        let body = r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#;
        assert_eq!(
            text(401, "Unauthorized", JSON, &basic, body),
            "unauthorized"
        );
        // ...and a manifest with a wrong password (the access it wanted as detail):
        let body = r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Class":"","Name":"x","Action":"pull"}]}]}"#;
        assert_eq!(
            text(401, "Unauthorized", JSON, &basic, body),
            "unauthorized: authentication required"
        );
    }

    #[test]
    fn the_reference_registrys_answers_read_as_docker_prints_them() {
        // registry 2.8 sends a detail with MANIFEST_UNKNOWN and NAME_UNKNOWN.
        let body = r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#;
        let e = error_response(404, "Not Found", JSON, &[], body.as_bytes());
        assert_eq!(e.to_string(), "manifest unknown: manifest unknown");
        assert!(!e.first().unwrap().bare);
        let body = r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#;
        assert_eq!(
            text(404, "Not Found", JSON, &[], body),
            "name unknown: repository name not known to registry"
        );
        // Without a detail, the code's own message leaves the bare code.
        let body = r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#;
        let e = error_response(404, "Not Found", JSON, &[], body.as_bytes());
        assert_eq!(e.to_string(), "manifest unknown");
        assert!(e.first().unwrap().bare);
        // An unregistered code reads as UNKNOWN, with the registry's message.
        let body = r#"{"errors":[{"code":"QUOTA_EXCEEDED","message":"too big"}]}"#;
        assert_eq!(
            text(400, "Bad Request", JSON, &[], body),
            "unknown: too big"
        );
        let body = r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit"}]}"#;
        assert_eq!(
            text(429, "Too Many Requests", JSON, &[], body),
            "toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit"
        );
    }

    #[test]
    fn several_errors_are_listed_and_a_challenge_error_comes_first() {
        let body =
            r#"{"errors":[{"code":"DENIED","message":"no"},{"code":"UNSUPPORTED","message":""}]}"#;
        assert_eq!(
            text(403, "Forbidden", JSON, &[], body),
            "errors:\ndenied: no\nunsupported\n"
        );
        let auth = [
            r#"Bearer realm="https://auth.example/token",service="reg",error="insufficient_scope""#,
        ];
        let body = r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#;
        assert_eq!(
            text(401, "Unauthorized", JSON, &auth, body),
            "errors:\ndenied: requested access to the resource is denied\nunauthorized\n"
        );
    }

    #[test]
    fn bodies_that_are_not_errors() {
        // Not JSON: the status's code with the body as message.
        assert_eq!(
            text(401, "Unauthorized", Some("text/plain"), &[], "go away\n"),
            "unauthorized: go away\n"
        );
        assert_eq!(text(403, "Forbidden", None, &[], "no"), "denied: no");
        assert_eq!(
            text(404, "Not Found", None, &[], "404 page not found\n"),
            "unknown: 404 page not found\n"
        );
        // Said to be JSON but not: Go's parse error and the body, quoted.
        assert_eq!(
            text(404, "Not Found", JSON, &[], "<html>"),
            r#"error parsing HTTP 404 response body: invalid character '<' looking for beginning of value: "<html>""#
        );
        assert_eq!(
            text(400, "Bad Request", JSON, &[], "{}"),
            r#"error parsing HTTP 400 response body: no error details found in HTTP response body: "{}""#
        );
        assert_eq!(
            text(400, "Bad Request", JSON, &[], ""),
            r#"error parsing HTTP 400 response body: unexpected end of JSON input: """#
        );
        // ...except a 401, which is unauthorized whatever its body.
        assert_eq!(
            text(401, "Unauthorized", JSON, &[], "{}"),
            "unauthorized: authentication required"
        );
        // Old registries' `details`.
        assert_eq!(
            text(403, "Forbidden", JSON, &[], r#"{"details":"no pushing"}"#),
            "denied: no pushing"
        );
        assert_eq!(
            text(500, "Internal Server Error", JSON, &[], "{}"),
            "received unexpected HTTP status: 500 Internal Server Error"
        );
        assert_eq!(
            text(404, "Not Found", Some(";x"), &[], "{}"),
            "failed parsing content-type: mime: no media type"
        );
    }
}

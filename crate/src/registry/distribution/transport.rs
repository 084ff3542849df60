//! What the distribution client needs from the network: one HTTP request at a time,
//! answered whole ([`Transport`]). The front ends provide it (natively ureq, in the page
//! the worker's `XMLHttpRequest`); the client never opens a connection itself. A failed
//! exchange prints as Go's `url.Error` does (`Get "http://127.0.0.1:5000/v2/": dial tcp
//! 127.0.0.1:5000: connect: connection refused`), which is what Docker shows.

use bytes::Bytes;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
}

impl Method {
    /// The method on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
        }
    }

    /// As Go's `url.Error` names the operation: `Get`, `Head`...
    fn op(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Head => "Head",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
        }
    }
}

/// One request. `limit` bounds the body the transport may hand back: past it the
/// exchange fails ([`TransportError::TooLarge`]) instead of holding more.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub limit: u64,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Bytes::new(),
            limit: 4 << 20,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn body(mut self, body: Bytes) -> Request {
        self.body = body;
        self
    }

    pub fn limit(mut self, limit: u64) -> Request {
        self.limit = limit;
        self
    }
}

/// A response, its body read whole (within the request's limit).
#[derive(Clone, Debug, Default)]
pub struct Response {
    pub status: u16,
    /// The reason phrase (`Not Found`); the transport fills it from the status when the
    /// wire does not carry it (HTTP/2, `fetch`).
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// The URL that answered, after redirects.
    pub url: String,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header.
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Why an exchange failed before any HTTP status, worded as Go's `net` and `net/http`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// `dial tcp 127.0.0.1:5000: connect: connection refused` (the address dialled).
    Refused { addr: String },
    /// `dial tcp: lookup HOST: no such host`.
    NoSuchHost { host: String },
    /// A plain-HTTP server answered a TLS client.
    HttpToHttps,
    /// The page's browser refused the request (no CORS headers, a blocked port, or the
    /// network is down: `fetch` does not say which).
    Blocked,
    /// The body passed the request's limit.
    TooLarge { limit: u64 },
    /// Anything else, in the transport's words.
    Other(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Refused { addr } => {
                write!(f, "dial tcp {addr}: connect: connection refused")
            }
            TransportError::NoSuchHost { host } => {
                write!(f, "dial tcp: lookup {host}: no such host")
            }
            TransportError::HttpToHttps => {
                f.write_str("http: server gave HTTP response to HTTPS client")
            }
            TransportError::Blocked => f.write_str(
                "the browser blocked the request: the registry does not allow requests from web pages (no CORS headers); put a CORS-enabled mirror in front of it (see the README)",
            ),
            TransportError::TooLarge { limit } => {
                write!(f, "response body larger than {limit} bytes")
            }
            TransportError::Other(s) => f.write_str(s),
        }
    }
}

/// A failed exchange as Go's `url.Error`: `Get "URL": cause`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError {
    pub method: Method,
    pub url: String,
    pub cause: String,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}: {}", self.method.op(), self.url, self.cause)
    }
}

impl std::error::Error for UrlError {}

/// Sends one request and reads its answer. Redirects are followed (without passing
/// `Authorization` to another host); an HTTP error status is an answer, not an error.
pub trait Transport {
    fn send(&mut self, request: &Request) -> Result<Response, TransportError>;
}

/// The reason phrase of a status, as Go's `http.StatusText`.
pub fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Requested Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_go_prints_them() {
        let e = UrlError {
            method: Method::Get,
            url: "http://127.0.0.1:5000/v2/".into(),
            cause: TransportError::Refused {
                addr: "127.0.0.1:5000".into(),
            }
            .to_string(),
        };
        assert_eq!(
            e.to_string(),
            "Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused"
        );
        assert_eq!(
            TransportError::NoSuchHost {
                host: "nowhere.invalid".into()
            }
            .to_string(),
            "dial tcp: lookup nowhere.invalid: no such host"
        );
        let r = Response {
            headers: vec![("Www-Authenticate".into(), "Basic".into())],
            ..Response::default()
        };
        assert_eq!(r.header("WWW-Authenticate"), Some("Basic"));
        assert_eq!(r.headers_named("www-authenticate"), ["Basic"]);
    }
}

//! The native binary's [`Transport`]: blocking HTTP(S) with ureq and rustls (Mozilla's
//! roots), redirects followed without passing `Authorization` on, and ureq's failures
//! worded as Go's `net` errors, which Docker prints.

use crate::registry::distribution::{Method, Request, Response, Transport, TransportError};
use bytes::Bytes;
use std::net::ToSocketAddrs;
use std::time::Duration;

pub struct NativeTransport {
    agent: ureq::Agent,
}

impl Default for NativeTransport {
    fn default() -> Self {
        NativeTransport::new()
    }
}

impl NativeTransport {
    pub fn new() -> NativeTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(10)
            .timeout_connect(Some(Duration::from_secs(30)))
            .user_agent("layerlab")
            .build();
        NativeTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

/// `host:port` of a URL, and the host alone.
fn authority(url: &str) -> (String, String, u16) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let auth = rest.split(['/', '?']).next().unwrap_or(rest);
    let default = if scheme == "http" { 80 } else { 443 };
    if let Some(v6) = auth.strip_prefix('[') {
        let (ip, after) = v6.split_once(']').unwrap_or((v6, ""));
        let port = after
            .strip_prefix(':')
            .and_then(|p| p.parse().ok())
            .unwrap_or(default);
        return (auth.to_string(), ip.to_string(), port);
    }
    match auth.rsplit_once(':') {
        Some((h, p)) => (
            auth.to_string(),
            h.to_string(),
            p.parse().unwrap_or(default),
        ),
        None => (auth.to_string(), auth.to_string(), default),
    }
}

/// What Go's dialer says for a failed connection to `url`.
fn dial_error(url: &str, refused: bool) -> TransportError {
    let (_, host, port) = authority(url);
    match (host.as_str(), port).to_socket_addrs() {
        Err(_) => TransportError::NoSuchHost { host },
        Ok(mut addrs) => match addrs.next() {
            Some(a) if refused => TransportError::Refused {
                addr: a.to_string(),
            },
            Some(a) => {
                TransportError::Other(format!("dial tcp {a}: connect: network is unreachable"))
            }
            None => TransportError::NoSuchHost { host },
        },
    }
}

impl Transport for NativeTransport {
    fn send(&mut self, request: &Request) -> Result<Response, TransportError> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        let http = builder
            .body(request.body.to_vec())
            .map_err(|e| TransportError::Other(e.to_string()))?;
        let result = self.agent.run(http);
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                return Err(match e {
                    ureq::Error::HostNotFound => dial_error(&request.url, false),
                    ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                        dial_error(&request.url, true)
                    }
                    ureq::Error::ConnectionFailed => dial_error(&request.url, true),
                    // A name that does not resolve comes back as an I/O error.
                    ureq::Error::Io(io) => match dial_error(&request.url, false) {
                        e @ TransportError::NoSuchHost { .. } => e,
                        _ => TransportError::Other(io.to_string()),
                    },
                    ureq::Error::Rustls(_) | ureq::Error::Tls(_)
                        if request.url.starts_with("https://") =>
                    {
                        // A plain-HTTP server answers the TLS hello with HTTP.
                        let msg = e.to_string();
                        if msg.contains("corrupt")
                            || msg.contains("InvalidContentType")
                            || msg.contains("content type")
                        {
                            TransportError::HttpToHttps
                        } else {
                            TransportError::Other(format!("tls: {msg}"))
                        }
                    }
                    other => TransportError::Other(other.to_string()),
                });
            }
        };
        let status = response.status().as_u16();
        let reason = response
            .status()
            .canonical_reason()
            .unwrap_or("")
            .to_string();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let url = response
            .extensions()
            .get::<ureq::http::Uri>()
            .map(|u| u.to_string())
            .unwrap_or_else(|| request.url.clone());
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(request.limit)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge {
                        limit: request.limit,
                    },
                    other => TransportError::Other(other.to_string()),
                })?
        };
        Ok(Response {
            status,
            reason,
            headers,
            body: Bytes::from(body),
            url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities() {
        assert_eq!(
            authority("http://127.0.0.1:5000/v2/"),
            ("127.0.0.1:5000".into(), "127.0.0.1".into(), 5000)
        );
        assert_eq!(
            authority("https://ghcr.io/v2/"),
            ("ghcr.io".into(), "ghcr.io".into(), 443)
        );
        assert_eq!(
            authority("http://[::1]:5000/v2/"),
            ("[::1]:5000".into(), "::1".into(), 5000)
        );
    }
}

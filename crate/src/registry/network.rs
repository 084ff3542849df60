//! Real registries, reached through a [`Transport`] the front end provides (`layerlab
//! --network`, the page's `?network=1`): which URLs a host's name leads to (Docker Hub or
//! its mirrors for `docker.io`, plain HTTP for loopback and `--insecure-registry` hosts),
//! the ping and the authorization of each request (`distribution::auth`), and the
//! distribution API's calls that pull and push make. Credentials from `docker login`
//! are kept per host, as Docker's config file keys them.

use super::distribution::{
    error_response, status_text, ApiError, AuthError, Authorization, Authorizer, Code, Credentials,
    Method, Request, Response, ResponseError, Transport, UrlError,
};
use crate::digest::Digest;
use crate::image::manifest::{
    is_index, Index, Manifest, ManifestError, MANIFEST_ACCEPT, MT_DOCKER_LIST, MT_INDEX,
};
use crate::reference::DEFAULT_DOMAIN;
use crate::time::Timestamp;
use bytes::Bytes;
use std::collections::BTreeMap;
use std::fmt;

/// Where `docker.io` names are pulled from.
pub const HUB_REGISTRY: &str = "https://registry-1.docker.io";
/// The key Docker's config file keeps Docker Hub's credentials under.
pub const HUB_INDEX: &str = "https://index.docker.io/v1/";
/// The largest manifest Docker reads (moby's `maxManifestBodySize`).
pub const MAX_MANIFEST: u64 = 4 << 20;
/// The largest config blob read whole.
pub const MAX_CONFIG: u64 = 8 << 20;
/// A blob larger than this is uploaded in PATCHes of this size.
pub const UPLOAD_CHUNK: u64 = 8 << 20;

/// How the session reaches registries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkConfig {
    /// `--registry-mirror` URLs for `docker.io` names, tried in order before Docker Hub.
    pub mirrors: Vec<String>,
    /// `--insecure-registry` hosts: HTTPS, then plain HTTP.
    pub insecure: Vec<String>,
}

/// One base URL a host's requests go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https://registry-1.docker.io`, `http://127.0.0.1:5000`.
    pub base: String,
    /// A mirror: on any failure the next endpoint is tried.
    pub mirror: bool,
}

/// A blob upload the registry opened: where its next bytes go, and how many it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    location: String,
    sent: u64,
}

impl Upload {
    /// The upload an answer opened: at its `Location`, or (as Go resolves an empty one
    /// against the request) at the URL that was asked.
    fn at(endpoint: &Endpoint, r: &Response) -> Upload {
        let location = match r.header("Location").filter(|l| !l.is_empty()) {
            Some(l) => absolute(&endpoint.base, l),
            None => r.url.clone(),
        };
        Upload { location, sent: 0 }
    }

    /// The bytes sent so far in PATCHes.
    pub fn sent(&self) -> u64 {
        self.sent
    }
}

/// What a cross-repository mount did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mounted {
    /// The registry linked the blob into the repository.
    Linked,
    /// It opened an upload instead, for the blob's bytes.
    Opened(Upload),
}

/// A failure talking to a registry, as Docker prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetError {
    /// The exchange failed (`Get "URL": dial tcp ...`).
    Url(UrlError),
    /// The request could not be authorized (`Head "URL": no basic auth credentials`).
    Auth(UrlError, AuthError),
    /// The registry answered with an error.
    Response(ResponseError),
    /// A blob or manifest whose bytes do not have the digest asked for.
    Digest(Digest),
    Manifest(ManifestError),
    /// An index with no manifest for the platform.
    NoMatch {
        platform: String,
    },
    /// `docker login` refused (moby's loginV2).
    Login {
        url: String,
        status: u16,
    },
}

impl NetError {
    /// The registry's first error code, when it sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            NetError::Response(r) => r.first(),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<Code> {
        self.api().map(|a| a.code)
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Url(e) | NetError::Auth(e, _) => write!(f, "{e}"),
            NetError::Response(e) => write!(f, "{e}"),
            NetError::Digest(d) => write!(f, "digest verification failed for {d}"),
            NetError::Manifest(e) => write!(f, "{e}"),
            NetError::NoMatch { platform } => write!(
                f,
                "no matching manifest for {platform} in the manifest list entries"
            ),
            NetError::Login { url, status } => write!(
                f,
                "login attempt to {url} failed with status: {status} {}",
                status_text(*status)
            ),
        }
    }
}

impl std::error::Error for NetError {}

/// A manifest as fetched: its bytes, digest and what kind it is.
pub enum Fetched {
    Image(Manifest),
    Index(Index),
}

/// The network, with what the session learnt of each registry.
pub struct Network {
    transport: Box<dyn Transport>,
    config: NetworkConfig,
    credentials: BTreeMap<String, Credentials>,
    /// By endpoint base URL: its challenges and tokens.
    authorizers: BTreeMap<String, Authorizer>,
}

impl Network {
    pub fn new(transport: Box<dyn Transport>, config: NetworkConfig) -> Network {
        Network {
            transport,
            config,
            credentials: BTreeMap::new(),
            authorizers: BTreeMap::new(),
        }
    }

    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// The key credentials for `host` are kept under (Docker's config file).
    pub fn credentials_key(host: &str) -> String {
        if host == DEFAULT_DOMAIN || host == "index.docker.io" || host == "registry-1.docker.io" {
            HUB_INDEX.to_string()
        } else {
            host.to_string()
        }
    }

    /// Sets (or with `None` forgets) the credentials for `host`; tokens got with the old
    /// ones are dropped.
    pub fn set_credentials(&mut self, host: &str, credentials: Option<Credentials>) {
        let key = Network::credentials_key(host);
        match credentials {
            Some(c) => {
                self.credentials.insert(key, c);
            }
            None => {
                self.credentials.remove(&key);
            }
        }
        self.authorizers.clear();
    }

    pub fn credentials(&self, host: &str) -> Option<&Credentials> {
        self.credentials.get(&Network::credentials_key(host))
    }

    /// Whether `host` is a loopback address or name (plain HTTP, as Docker's default
    /// insecure registries `127.0.0.0/8` and `::1`).
    pub fn is_loopback(host: &str) -> bool {
        let name = host_name(host);
        name == "localhost"
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|a| a.is_loopback())
    }

    /// The URLs tried for `host`, in order.
    pub fn endpoints(&self, host: &str) -> Vec<Endpoint> {
        let mut out = Vec::new();
        if host == DEFAULT_DOMAIN {
            for m in &self.config.mirrors {
                out.push(Endpoint {
                    base: m.trim_end_matches('/').to_string(),
                    mirror: true,
                });
            }
            out.push(Endpoint {
                base: HUB_REGISTRY.to_string(),
                mirror: false,
            });
            return out;
        }
        let plain = Endpoint {
            base: format!("http://{host}"),
            mirror: false,
        };
        if Network::is_loopback(host) {
            return vec![plain];
        }
        out.push(Endpoint {
            base: format!("https://{host}"),
            mirror: false,
        });
        if self.config.insecure.iter().any(|h| h == host) {
            out.push(plain);
        }
        out
    }

    /// Sends a request as it is: an HTTP error status is an answer.
    fn exchange(&mut self, request: &Request) -> Result<Response, NetError> {
        self.transport.send(request).map_err(|e| {
            NetError::Url(UrlError {
                method: request.method,
                url: request.url.clone(),
                cause: e.to_string(),
            })
        })
    }

    /// `GET /v2/` with the credentials for `host`: learns the registry's challenges.
    pub fn ping(&mut self, host: &str, endpoint: &Endpoint) -> Result<(), NetError> {
        let request = Request::new(Method::Get, format!("{}/v2/", endpoint.base));
        let response = self.exchange(&request)?;
        // The tokens got earlier stay (until they expire, or the credentials change).
        let credentials = self.credentials(host).cloned();
        let auth = self
            .authorizers
            .entry(endpoint.base.clone())
            .or_insert_with(|| Authorizer::new(credentials));
        auth.pinged(response.status, &response.headers_named("WWW-Authenticate"));
        Ok(())
    }

    /// Sends `request` authorized for `scopes` (fetching a token first when needed), and
    /// returns any answer the registry gives.
    pub fn send(
        &mut self,
        endpoint: &Endpoint,
        scopes: &[String],
        mut request: Request,
        now: Timestamp,
    ) -> Result<Response, NetError> {
        let url_error = |request: &Request, e: &AuthError| {
            NetError::Auth(
                UrlError {
                    method: request.method,
                    url: request.url.clone(),
                    cause: e.to_string(),
                },
                e.clone(),
            )
        };
        let mut auth = self
            .authorizers
            .get(&endpoint.base)
            .cloned()
            .unwrap_or_default();
        let mut tries = 0;
        let authorization = loop {
            tries += 1;
            match auth.authorize(scopes, now) {
                Ok(Authorization::Send(a)) => break a,
                Ok(Authorization::FetchToken {
                    url,
                    authorization,
                    key,
                }) if tries < 3 => {
                    let mut token_request = Request::new(Method::Get, url);
                    if let Some(a) = authorization {
                        token_request = token_request.header("Authorization", a);
                    }
                    let answer = self.exchange(&token_request)?;
                    let www = answer.headers_named("WWW-Authenticate");
                    let reason = reason(&answer);
                    auth.token_answer(
                        key,
                        (
                            answer.status,
                            &reason,
                            answer.header("Content-Type"),
                            &www,
                            &answer.body,
                        ),
                        now,
                    )
                    .map_err(|e| url_error(&request, &e))?;
                }
                Ok(Authorization::FetchToken { .. }) => break None,
                Err(e) => return Err(url_error(&request, &e)),
            }
        };
        self.authorizers.insert(endpoint.base.clone(), auth);
        if let Some(a) = authorization {
            request = request.header("Authorization", a);
        }
        self.exchange(&request)
    }

    /// [`Network::send`], with an error status turned into the error it means.
    pub fn call(
        &mut self,
        endpoint: &Endpoint,
        scopes: &[String],
        request: Request,
        now: Timestamp,
    ) -> Result<Response, NetError> {
        let response = self.send(endpoint, scopes, request, now)?;
        if (200..400).contains(&response.status) {
            return Ok(response);
        }
        Err(NetError::Response(error_answer(&response)))
    }

    /// Checks `credentials` for `host` as the daemon's loginV2 does: a ping, then `GET
    /// /v2/` authorized with them (a token for no scope, or Basic auth) must answer 200.
    /// Kept for the session when they do.
    pub fn login(
        &mut self,
        host: &str,
        credentials: &Credentials,
        now: Timestamp,
    ) -> Result<(), NetError> {
        let previous = self.credentials(host).cloned();
        self.set_credentials(host, Some(credentials.clone()));
        let mut result = Err(NetError::NoMatch {
            platform: String::new(),
        });
        for endpoint in self.endpoints(host).into_iter().filter(|e| !e.mirror) {
            let url = format!("{}/v2/", endpoint.base);
            result = self.ping(host, &endpoint).and_then(|()| {
                let r = self.send(&endpoint, &[], Request::new(Method::Get, &url), now)?;
                if r.status == 200 {
                    Ok(())
                } else {
                    Err(NetError::Login {
                        url: url.clone(),
                        status: r.status,
                    })
                }
            });
            if result.is_ok() {
                break;
            }
        }
        if result.is_err() {
            self.set_credentials(host, previous);
        }
        result
    }

    /// `GET /v2/<path>/tags/list`, following `Link` pages.
    pub fn tags(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        now: Timestamp,
    ) -> Result<Vec<String>, NetError> {
        let scopes = pull_scope(path);
        let mut url = format!("{}/v2/{path}/tags/list", endpoint.base);
        let mut tags = Vec::new();
        loop {
            let r = self.call(endpoint, &scopes, Request::new(Method::Get, &url), now)?;
            let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            if let Some(list) = v.get("tags").and_then(|t| t.as_array()) {
                tags.extend(list.iter().filter_map(|t| t.as_str().map(str::to_string)));
            }
            match r.header("Link").and_then(next_link) {
                Some(next) if next.starts_with('/') => url = format!("{}{next}", endpoint.base),
                Some(next) => url = next,
                None => break,
            }
        }
        Ok(tags)
    }

    /// `GET /v2/<path>/manifests/<reference>` (a tag or a digest): the manifest, its bytes
    /// and its digest (checked against a digest reference).
    pub fn manifest(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        reference: &str,
        now: Timestamp,
    ) -> Result<(Fetched, Bytes, Digest), NetError> {
        let scopes = pull_scope(path);
        let url = |r: &str| format!("{}/v2/{path}/manifests/{r}", endpoint.base);
        // A tag is resolved with a HEAD first, and the manifest got by its digest (a 404
        // HEAD is asked again as a GET, whose answer says why), as Docker does.
        let mut target = reference.to_string();
        if Digest::parse(reference).is_none() {
            let head = Request::new(Method::Head, url(reference))
                .header("Accept", MANIFEST_ACCEPT.join(", "));
            let r = self.send(endpoint, &scopes, head, now)?;
            if let Some(d) = r
                .header("Docker-Content-Digest")
                .filter(|_| (200..300).contains(&r.status))
                .and_then(Digest::parse)
            {
                target = d.to_string();
            }
        }
        let request = Request::new(Method::Get, url(&target))
            .header("Accept", MANIFEST_ACCEPT.join(", "))
            .limit(MAX_MANIFEST);
        let r = self.call(endpoint, &scopes, request, now)?;
        let reference = target.as_str();
        let digest = Digest::of(&r.body);
        if let Some(want) = Digest::parse(reference) {
            if want != digest {
                return Err(NetError::Digest(want));
            }
        }
        let media_type = r
            .header("Content-Type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let is_index = media_type == MT_INDEX || media_type == MT_DOCKER_LIST || is_index(&r.body);
        let fetched = if is_index {
            Fetched::Index(Index::parse(&r.body).map_err(NetError::Manifest)?)
        } else {
            Fetched::Image(Manifest::parse(&r.body).map_err(NetError::Manifest)?)
        };
        Ok((fetched, r.body, digest))
    }

    /// `GET /v2/<path>/blobs/<digest>` for bytes `range` of a blob of `size` bytes. A
    /// registry that ignores `Range` (a pull-through cache's first read) sends the whole
    /// blob: then everything from the range's start is returned.
    pub fn blob_range(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        digest: &Digest,
        range: std::ops::Range<u64>,
        size: u64,
        now: Timestamp,
    ) -> Result<Bytes, NetError> {
        let request = Request::new(
            Method::Get,
            format!("{}/v2/{path}/blobs/{digest}", endpoint.base),
        )
        .header(
            "Range",
            format!("bytes={}-{}", range.start, range.end.saturating_sub(1)),
        )
        .limit(size.max(range.end));
        let r = self.call(endpoint, &pull_scope(path), request, now)?;
        if r.status == 206 {
            return Ok(r.body);
        }
        let start = (range.start as usize).min(r.body.len());
        Ok(r.body.slice(start..))
    }

    /// A whole small blob (a config), checked against its digest.
    pub fn blob(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        digest: &Digest,
        now: Timestamp,
    ) -> Result<Bytes, NetError> {
        let request = Request::new(
            Method::Get,
            format!("{}/v2/{path}/blobs/{digest}", endpoint.base),
        )
        .limit(MAX_CONFIG);
        let r = self.call(endpoint, &pull_scope(path), request, now)?;
        if Digest::of(&r.body) != *digest {
            return Err(NetError::Digest(*digest));
        }
        Ok(r.body)
    }

    /// `HEAD /v2/<path>/blobs/<digest>`: the blob's size when the repository has it.
    pub fn stat_blob(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        digest: &Digest,
        now: Timestamp,
    ) -> Result<Option<u64>, NetError> {
        let request = Request::new(
            Method::Head,
            format!("{}/v2/{path}/blobs/{digest}", endpoint.base),
        );
        let r = self.send(endpoint, &push_scope(path), request, now)?;
        match r.status {
            200..=299 => Ok(Some(
                r.header("Content-Length")
                    .and_then(|l| l.trim().parse().ok())
                    .unwrap_or(0),
            )),
            404 => Ok(None),
            _ => Err(NetError::Response(error_answer(&r))),
        }
    }

    /// `POST /v2/<path>/blobs/uploads/?mount=<digest>&from=<from>`: the blob linked (201),
    /// or the upload the registry opened instead (202), which the blob then goes to.
    pub fn mount(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        digest: &Digest,
        from: &str,
        now: Timestamp,
    ) -> Result<Mounted, NetError> {
        let mut scopes = push_scope(path);
        scopes.push(format!("repository:{from}:pull"));
        let request = Request::new(
            Method::Post,
            format!(
                "{}/v2/{path}/blobs/uploads/?from={}&mount={digest}",
                endpoint.base,
                crate::go::url::query_escape(from)
            ),
        );
        let r = self.call(endpoint, &scopes, request, now)?;
        Ok(match r.status {
            201 => Mounted::Linked,
            _ => Mounted::Opened(Upload::at(endpoint, &r)),
        })
    }

    /// `POST /v2/<path>/blobs/uploads/`: an upload session, which [`Network::upload_patch`]
    /// and [`Network::upload_finish`] fill and close. Registry 2.8 ignores a body sent with
    /// the POST, so none is.
    pub fn upload_start(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        now: Timestamp,
    ) -> Result<Upload, NetError> {
        let post = Request::new(
            Method::Post,
            format!("{}/v2/{path}/blobs/uploads/", endpoint.base),
        );
        let r = self.call(endpoint, &push_scope(path), post, now)?;
        Ok(Upload::at(endpoint, &r))
    }

    /// `PATCH` of the next bytes of an upload, to the `Location` the last answer gave.
    pub fn upload_patch(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        upload: &mut Upload,
        chunk: Bytes,
        now: Timestamp,
    ) -> Result<(), NetError> {
        let end = upload.sent + chunk.len() as u64;
        let patch = Request::new(Method::Patch, &upload.location)
            .header("Content-Type", "application/octet-stream")
            .header(
                "Content-Range",
                format!("{}-{}", upload.sent, end.saturating_sub(1)),
            )
            .body(chunk);
        let r = self.call(endpoint, &push_scope(path), patch, now)?;
        if let Some(next) = r.header("Location") {
            upload.location = absolute(&endpoint.base, next);
        }
        upload.sent = end;
        Ok(())
    }

    /// The `PUT` that closes an upload and names its digest, with the bytes not yet
    /// sent (a blob no PATCH carried goes whole with it, which registry 2.8 takes).
    pub fn upload_finish(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        upload: Upload,
        digest: &Digest,
        last: Bytes,
        now: Timestamp,
    ) -> Result<(), NetError> {
        let location = upload.location;
        let sep = if location.contains('?') { '&' } else { '?' };
        let put = Request::new(
            Method::Put,
            format!(
                "{location}{sep}digest={}",
                crate::go::url::query_escape(&digest.to_string())
            ),
        )
        .header("Content-Type", "application/octet-stream")
        .body(last);
        self.call(endpoint, &push_scope(path), put, now)?;
        Ok(())
    }

    /// Uploads a blob held whole: POST, PATCHes of at most [`UPLOAD_CHUNK`] when it is
    /// larger than one, then the PUT.
    pub fn upload(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        data: Bytes,
        now: Timestamp,
    ) -> Result<Digest, NetError> {
        let digest = Digest::of(&data);
        let mut upload = self.upload_start(endpoint, path, now)?;
        let last = if data.len() as u64 > UPLOAD_CHUNK {
            let mut at = 0usize;
            while at < data.len() {
                let end = (at + UPLOAD_CHUNK as usize).min(data.len());
                self.upload_patch(endpoint, path, &mut upload, data.slice(at..end), now)?;
                at = end;
            }
            Bytes::new()
        } else {
            data
        };
        self.upload_finish(endpoint, path, upload, &digest, last, now)?;
        Ok(digest)
    }

    /// `PUT /v2/<path>/manifests/<tag>`: the manifest's digest.
    pub fn put_manifest(
        &mut self,
        endpoint: &Endpoint,
        path: &str,
        tag: &str,
        media_type: &str,
        data: Bytes,
        now: Timestamp,
    ) -> Result<Digest, NetError> {
        let digest = Digest::of(&data);
        let put = Request::new(
            Method::Put,
            format!("{}/v2/{path}/manifests/{tag}", endpoint.base),
        )
        .header("Content-Type", media_type)
        .body(data);
        self.call(endpoint, &push_scope(path), put, now)?;
        Ok(digest)
    }
}

/// The scopes a pull of `path` asks for.
pub fn pull_scope(path: &str) -> Vec<String> {
    vec![format!("repository:{path}:pull")]
}

/// The scopes a push to `path` asks for.
pub fn push_scope(path: &str) -> Vec<String> {
    vec![format!("repository:{path}:pull,push")]
}

fn reason(r: &Response) -> String {
    if r.reason.is_empty() {
        status_text(r.status).to_string()
    } else {
        r.reason.clone()
    }
}

/// The error an answer with an error status means.
fn error_answer(r: &Response) -> ResponseError {
    let www = r.headers_named("WWW-Authenticate");
    error_response(
        r.status,
        &reason(r),
        r.header("Content-Type"),
        &www,
        &r.body,
    )
}

/// The host's name without its port: `localhost`, `127.0.0.1`, `::1`.
fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(rest),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    }
}

/// A `Location` resolved against the endpoint (registries may answer with a path).
fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else {
        format!("{base}{location}")
    }
}

/// The `rel="next"` target of a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params.contains("rel=\"next\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lead_to_endpoints() {
        let net = Network::new(
            Box::new(NoNet),
            NetworkConfig {
                mirrors: vec!["http://127.0.0.1:15000/".into()],
                insecure: vec!["reg.example:5000".into()],
            },
        );
        let bases =
            |h: &str| -> Vec<String> { net.endpoints(h).into_iter().map(|e| e.base).collect() };
        assert_eq!(bases("docker.io"), ["http://127.0.0.1:15000", HUB_REGISTRY]);
        assert_eq!(bases("localhost:5000"), ["http://localhost:5000"]);
        assert_eq!(bases("127.0.0.1:5000"), ["http://127.0.0.1:5000"]);
        assert_eq!(bases("[::1]:5000"), ["http://[::1]:5000"]);
        assert_eq!(bases("ghcr.io"), ["https://ghcr.io"]);
        assert_eq!(
            bases("reg.example:5000"),
            ["https://reg.example:5000", "http://reg.example:5000"]
        );
        assert_eq!(Network::credentials_key("docker.io"), HUB_INDEX);
        assert_eq!(Network::credentials_key("localhost:5000"), "localhost:5000");
        assert_eq!(
            next_link(r#"</v2/x/tags/list?last=b&n=2>; rel="next""#),
            Some("/v2/x/tags/list?last=b&n=2".into())
        );
    }

    /// A registry and token server in a closure, with the requests it saw.
    struct Fake<F: FnMut(&Request) -> Response> {
        answer: F,
        seen: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    }

    impl<F: FnMut(&Request) -> Response> Transport for Fake<F> {
        fn send(
            &mut self,
            r: &Request,
        ) -> Result<Response, super::super::distribution::TransportError> {
            let auth = r
                .headers
                .iter()
                .find(|(k, _)| k == "Authorization")
                .map(|(_, v)| format!(" [{v}]"))
                .unwrap_or_default();
            self.seen
                .borrow_mut()
                .push(format!("{} {}{auth}", r.method.as_str(), r.url));
            Ok((self.answer)(r))
        }
    }

    fn answer(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Response {
        Response {
            status,
            reason: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Bytes::copy_from_slice(body),
            url: String::new(),
        }
    }

    #[test]
    fn bearer_tokens_are_fetched_once_and_sent() {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let blob = b"0123456789".to_vec();
        let digest = Digest::of(&blob);
        let served = blob.clone();
        let fake = Fake {
            seen: seen.clone(),
            answer: move |r: &Request| {
                let authed = r
                    .headers
                    .iter()
                    .any(|(k, v)| k == "Authorization" && v == "Bearer T1");
                if r.url.starts_with("https://auth.example/token") {
                    return answer(200, &[], br#"{"token":"T1","expires_in":300}"#);
                }
                if r.url.ends_with("/v2/") || !authed {
                    return answer(
                        401,
                        &[(
                            "WWW-Authenticate",
                            r#"Bearer realm="https://auth.example/token",service="reg.example""#,
                        )],
                        b"",
                    );
                }
                // This registry ignores Range: the whole blob comes back.
                answer(200, &[], &served)
            },
        };
        let mut net = Network::new(Box::new(fake), NetworkConfig::default());
        let ep = &net.endpoints("reg.example")[0].clone();
        let now = Timestamp::from_unix_seconds(1_700_000_000);
        net.ping("reg.example", ep).unwrap();
        let got = net
            .blob_range(ep, "team/app", &digest, 4..8, 10, now)
            .unwrap();
        assert_eq!(&got[..], b"456789");
        net.ping("reg.example", ep).unwrap();
        net.blob(ep, "team/app", &digest, now).unwrap();
        assert_eq!(
            *seen.borrow(),
            [
                "GET https://reg.example/v2/",
                "GET https://auth.example/token?scope=repository%3Ateam%2Fapp%3Apull&service=reg.example",
                format!("GET https://reg.example/v2/team/app/blobs/{digest} [Bearer T1]").as_str(),
                "GET https://reg.example/v2/",
                format!("GET https://reg.example/v2/team/app/blobs/{digest} [Bearer T1]").as_str(),
            ]
        );
    }

    struct NoNet;
    impl Transport for NoNet {
        fn send(
            &mut self,
            _: &Request,
        ) -> Result<Response, super::super::distribution::TransportError> {
            Err(super::super::distribution::TransportError::Blocked)
        }
    }
}

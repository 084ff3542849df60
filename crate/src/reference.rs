//! Image references (`nginx`, `localhost:5000/a/b:1.0`, `x@sha256:...`) parsed and normalised
//! as distribution/reference does: `nginx` is `docker.io/library/nginx:latest`.

use crate::digest::Digest;
use std::fmt;

pub const DEFAULT_DOMAIN: &str = "docker.io";
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const OFFICIAL_PREFIX: &str = "library/";
const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// A fully qualified reference: domain, path, and a tag and/or a digest.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

/// Why a reference did not parse; the Display texts are distribution/reference's.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ParseReferenceError {
    Empty,
    InvalidFormat,
    Uppercase,
    UppercaseRepository(String),
    TooLong,
    HexIdentifier(String),
    InvalidDigest,
}

impl fmt::Display for ParseReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("repository name must have at least one component"),
            Self::InvalidFormat => f.write_str("invalid reference format"),
            Self::Uppercase => f.write_str("repository name must be lowercase"),
            Self::UppercaseRepository(r) => write!(
                f,
                "invalid reference format: repository name ({r}) must be lowercase"
            ),
            Self::TooLong => write!(
                f,
                "repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
            ),
            Self::HexIdentifier(s) => write!(
                f,
                "invalid repository name ({s}), cannot specify 64-byte hexadecimal strings"
            ),
            Self::InvalidDigest => f.write_str("invalid checksum digest format"),
        }
    }
}

impl Reference {
    /// `ParseNormalizedNamed`: the user's short form, made fully qualified (no default tag).
    pub fn parse_normalized(s: &str) -> Result<Reference, ParseReferenceError> {
        if is_hex_identifier(s) {
            return Err(ParseReferenceError::HexIdentifier(s.to_string()));
        }
        let (domain, remainder) = split_docker_domain(s);
        let remote = remainder.split(':').next().unwrap_or("");
        if remote.to_lowercase() != remote {
            return Err(ParseReferenceError::UppercaseRepository(remote.to_string()));
        }
        Reference::parse(&format!("{domain}/{remainder}"))
    }

    /// `ParseNormalizedNamed` followed by `TagNameOnly`: a missing tag becomes `latest`.
    pub fn parse_with_default_tag(s: &str) -> Result<Reference, ParseReferenceError> {
        let mut r = Reference::parse_normalized(s)?;
        if r.tag.is_none() && r.digest.is_none() {
            r.tag = Some("latest".to_string());
        }
        Ok(r)
    }

    /// `Parse`: the anchored reference grammar, no normalisation.
    pub fn parse(s: &str) -> Result<Reference, ParseReferenceError> {
        if s.is_empty() {
            return Err(ParseReferenceError::Empty);
        }
        match parse_grammar(s) {
            Some(r) => {
                if r.domain.len() + 1 + r.path.len() > NAME_TOTAL_LENGTH_MAX {
                    return Err(ParseReferenceError::TooLong);
                }
                Ok(r)
            }
            None if parse_grammar(&s.to_lowercase()).is_some() => {
                Err(ParseReferenceError::Uppercase)
            }
            None => Err(ParseReferenceError::InvalidFormat),
        }
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }
    pub fn digest(&self) -> Option<Digest> {
        self.digest
    }

    /// `docker.io/library/nginx`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// The repository as Docker shows it: `nginx`, `user/app`, `localhost:5000/x`.
    pub fn familiar_name(&self) -> String {
        if self.domain == DEFAULT_DOMAIN {
            match self.path.strip_prefix(OFFICIAL_PREFIX) {
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => self.path.clone(),
            }
        } else {
            self.name()
        }
    }

    /// `nginx:latest`, `user/app@sha256:...`.
    pub fn familiar(&self) -> String {
        let mut s = self.familiar_name();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(&d.to_string());
        }
        s
    }

    /// The same repository pinned to a digest (`nginx@sha256:...`), no tag.
    pub fn with_digest(&self, digest: Digest) -> Reference {
        Reference {
            domain: self.domain.clone(),
            path: self.path.clone(),
            tag: None,
            digest: Some(digest),
        }
    }

    /// The same repository with another tag and no digest.
    pub fn with_tag(&self, tag: &str) -> Reference {
        Reference {
            domain: self.domain.clone(),
            path: self.path.clone(),
            tag: Some(tag.to_string()),
            digest: None,
        }
    }
}

impl fmt::Display for Reference {
    /// The fully qualified form: `docker.io/library/nginx:latest`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.domain, self.path)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

fn is_hex_identifier(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

fn split_docker_domain(name: &str) -> (String, String) {
    let (mut domain, mut remote) = match name.find('/') {
        Some(i) => {
            let first = &name[..i];
            if !first.contains(['.', ':']) && first != "localhost" && first.to_lowercase() == first
            {
                (DEFAULT_DOMAIN.to_string(), name.to_string())
            } else {
                (first.to_string(), name[i + 1..].to_string())
            }
        }
        None => (DEFAULT_DOMAIN.to_string(), name.to_string()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN.to_string();
    }
    if domain == DEFAULT_DOMAIN && !remote.contains('/') {
        remote = format!("{OFFICIAL_PREFIX}{remote}");
    }
    (domain, remote)
}

/// Matches `name[:tag][@digest]` where name = `[domain/]component(/component)*`.
/// The domain is split off the way the anchored regular expression would.
fn parse_grammar(s: &str) -> Option<Reference> {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(parse_digest(d)?)),
        None => (s, None),
    };
    let last_slash = rest.rfind('/');
    let (name, tag) = match rest.rfind(':') {
        Some(i) if last_slash.is_none_or(|sl| i > sl) => {
            // A colon after the last slash is a tag, unless the name has no slash and the
            // part after the colon is a port followed by nothing (then it is not valid anyway).
            (&rest[..i], Some(&rest[i + 1..]))
        }
        _ => (rest, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return None;
        }
    }
    let components: Vec<&str> = name.split('/').collect();
    // The regular expression tries a domain first; a first component that is a valid
    // domain but not a valid path component must be a domain.
    let (domain, path_parts) = if components.len() > 1 && valid_domain(components[0]) {
        if components[1..].iter().all(|c| valid_path_component(c)) {
            (components[0].to_string(), &components[1..])
        } else {
            return None;
        }
    } else if components.iter().all(|c| valid_path_component(c)) {
        (String::new(), &components[..])
    } else {
        return None;
    };
    let path = path_parts.join("/");
    let (domain, path) = if domain.is_empty() {
        // Parse without a domain keeps the first component as the domain for names like
        // "docker.io/library/x" only when it looked like one; otherwise the whole is a path.
        let (d, p) = match path.split_once('/') {
            Some((d, p)) if d.contains(['.', ':']) || d == "localhost" => {
                (d.to_string(), p.to_string())
            }
            _ => (String::new(), path),
        };
        (d, p)
    } else {
        (domain, path)
    };
    Some(Reference {
        domain,
        path,
        tag: tag.map(str::to_string),
        digest,
    })
}

fn parse_digest(d: &str) -> Option<Digest> {
    Digest::parse(d)
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b[1..]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-')
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    let is_alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && is_alnum(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == b.len() {
            return true;
        }
        let sep_start = i;
        while i < b.len() && !is_alnum(b[i]) {
            i += 1;
        }
        let sep = &c[sep_start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
}

/// `host[:port]` where host is a domain name, an IPv4 address or a bracketed IPv6 address.
fn valid_domain(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        let Some(end) = rest.find(']') else {
            return false;
        };
        let ip = &rest[..end];
        if ip.is_empty()
            || !ip
                .bytes()
                .all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        {
            return false;
        }
        let after = &rest[end + 1..];
        if after.is_empty() {
            return true;
        }
        match after.strip_prefix(':') {
            Some(p) => return !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()),
            None => return false,
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty()
        && host.split('.').all(|comp| {
            let b = comp.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Reference::parse_with_default_tag(s).unwrap().to_string()
    }

    #[test]
    fn normalises_like_docker() {
        assert_eq!(norm("nginx"), "docker.io/library/nginx:latest");
        assert_eq!(norm("nginx:1.16"), "docker.io/library/nginx:1.16");
        assert_eq!(norm("user/app"), "docker.io/user/app:latest");
        assert_eq!(
            norm("index.docker.io/nginx"),
            "docker.io/library/nginx:latest"
        );
        assert_eq!(norm("localhost:5000/a/b:v1"), "localhost:5000/a/b:v1");
        assert_eq!(norm("localhost/x"), "localhost/x:latest");
        assert_eq!(
            norm("bazel/v1/tarball:test_image_1"),
            "docker.io/bazel/v1/tarball:test_image_1"
        );
        let r = Reference::parse_with_default_tag("nginx:123").unwrap();
        assert_eq!(r.familiar(), "nginx:123");
        let r = Reference::parse_with_default_tag("localhost:5000/whiteout").unwrap();
        assert_eq!(r.familiar(), "localhost:5000/whiteout:latest");
        let r = Reference::parse_with_default_tag("docker.io/library/busybox").unwrap();
        assert_eq!(r.familiar(), "busybox:latest");
    }

    #[test]
    fn errors_match_distribution() {
        let e = |s: &str| Reference::parse_normalized(s).unwrap_err().to_string();
        assert_eq!(
            e("Foo"),
            "invalid reference format: repository name (library/Foo) must be lowercase"
        );
        assert_eq!(e("a b"), "invalid reference format");
        assert_eq!(e(""), "invalid reference format");
        assert_eq!(e("x:"), "invalid reference format");
        assert_eq!(e("x:-a"), "invalid reference format");
        assert_eq!(
            e(&format!("x:{}", "a".repeat(129))),
            "invalid reference format"
        );
        assert_eq!(
            e(&"a".repeat(64)),
            format!(
                "invalid repository name ({}), cannot specify 64-byte hexadecimal strings",
                "a".repeat(64)
            )
        );
        assert_eq!(
            e(&"a".repeat(300)),
            "repository name must not be more than 255 characters"
        );
        assert!(Reference::parse_normalized("a__b/c-d/e..f").is_err());
        assert!(Reference::parse_normalized("a__b/c--d/e.f").is_ok());
    }

    #[test]
    fn digests() {
        let d = format!("sha256:{}", "a".repeat(64));
        let r = Reference::parse_normalized(&format!("nginx@{d}")).unwrap();
        assert_eq!(r.digest().unwrap().to_string(), d);
        assert_eq!(r.tag(), None);
        assert!(Reference::parse_normalized("nginx@sha256:abc").is_err());
    }
}

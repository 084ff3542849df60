//! Which Docker a session answers as. Docker 28 is its CLI over the classic image store
//! (images keyed by their config's digest, layers unpacked by a graph driver), as the
//! course notes and most tutorials show it. Docker 29 is its CLI (29.5 or later), whose
//! `docker images` prints the collapsed view of `docker/cli` `cli/command/image/tree.go`.
//! A session keeps one engine: switching starts a new session, as switching image stores
//! in Docker hides the other store's images.

use std::fmt;

/// The front ends (the native binary, the page) answer as Docker 29 unless told; a bare
/// [`crate::Session`] answers as Docker 28 (`Default`), which the library's own tests are
/// written against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Engine {
    #[default]
    Docker28,
    Docker29,
}

impl Engine {
    /// `28` or `29` (a leading `v` and a minor version are accepted: `v29.7`).
    pub fn parse(s: &str) -> Option<Engine> {
        let s = s.trim().trim_start_matches('v');
        match s.split('.').next()? {
            "28" => Some(Engine::Docker28),
            "29" => Some(Engine::Docker29),
            _ => None,
        }
    }

    /// The major version: 28 or 29.
    pub fn major(self) -> u32 {
        match self {
            Engine::Docker28 => 28,
            Engine::Docker29 => 29,
        }
    }

    /// Whether images live in containerd's image store (content and snapshots) rather
    /// than the classic store of a graph driver.
    pub fn containerd_store(self) -> bool {
        self >= Engine::Docker29
    }

    /// Whether `docker images` prints Docker 29's collapsed view by default.
    pub fn lists_images_as_tree(self) -> bool {
        self >= Engine::Docker29
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.major())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_by_their_major_number() {
        assert_eq!(Engine::parse("29"), Some(Engine::Docker29));
        assert_eq!(Engine::parse("v28.2.2"), Some(Engine::Docker28));
        assert_eq!(Engine::parse("27"), None);
        assert_eq!(Engine::parse(""), None);
        assert_eq!(Engine::Docker29.to_string(), "29");
    }
}

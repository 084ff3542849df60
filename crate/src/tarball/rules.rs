//! The rules moby applies to every tar it extracts (a layer in `docker load`, `docker
//! import`, `docker cp` into a container, the archive itself): one checker that every
//! reader of a tar feeds, entry by entry, so that a tar Docker would refuse is refused when
//! it comes in, not when something later reads it.
//!
//! moby (vendor/github.com/moby/go-archive, v28.2.2) extracts inside a chroot of the
//! destination (`chrootarchive.UntarUncompressed`, `ApplyUncompressedLayer`), so:
//! - a name is `filepath.Clean`ed and joined to `/`: `..` components stop at the root
//!   (`../../escape.txt` becomes `/escape.txt`; the breakout check of `Unpack` and
//!   `UnpackLayer` never fires under the chroot, and the daemon loads such a layer);
//! - a hardlink's target is joined to the root the same way and `os.Link`ed: it must
//!   already exist in this tar (overlay2 applies a layer to its own diff directory, where
//!   lower layers' files are absent) and must not be a directory, else the extraction
//!   fails with Go's `*LinkError`: `link /TARGET /NAME: no such file or directory`
//!   (`operation not permitted` for a directory), which `docker load` and `docker
//!   import` print as is and `docker cp` after `Error response from daemon: `;
//! - a whiteout `.wh.NAME` becomes a character device NAME (overlay2's whiteout converter,
//!   archive_linux.go): for `.wh..` and `.wh...` that is a directory already there, and the
//!   extraction fails with `failed to mknod('/DIR', S_IFCHR, 0): file exists`. (An empty
//!   `.wh.` is left alone here, as before: overlay2's native diff fails on it, its naive
//!   diff removes the directory.)

pub use crate::error::RuleError;
use std::collections::HashMap;

/// Normalises a tar entry name as `filepath.Join("/", filepath.Clean(name))` does under
/// moby's chroot, without the leading `/`: `.` and empty components dropped, `..` stops at
/// the root.
pub fn clean_name(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Go's `filepath.Clean` on a `/`-separated path: a relative path keeps its leading `..`,
/// a rooted one stops at `/`; empty gives `.`.
pub fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let s = parts.join("/");
    match (rooted, s.is_empty()) {
        (true, _) => format!("/{s}"),
        (false, true) => ".".to_string(),
        (false, false) => s,
    }
}

/// What kind of entry the checker is fed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fed {
    Dir,
    Hardlink,
    Symlink,
    /// Anything else that takes a name (file, device, fifo).
    Other,
}

/// Fed a tar's entries in order (names already cleaned with [`clean_name`]); refuses the
/// first one moby's extraction would fail on. Fed an image's layers one after the other,
/// it sees what each layer is applied over (whiteouts remove what they hide).
#[derive(Default, Debug)]
pub struct Rules {
    /// Names present so far and whether each is a directory.
    seen: HashMap<String, bool>,
    /// One layer alone: a hardlink may name a file of the layers below, unseen here.
    lenient: bool,
    /// Extracting into this directory (cleaned, relative; `""` the root): `docker cp -`.
    dest: String,
}

impl Rules {
    /// Every hardlink must name a file fed before it.
    pub fn new() -> Rules {
        Rules::default()
    }

    /// One layer without the layers below it: only what the layer itself shows is
    /// checked (a hardlink to one of its own directories).
    pub fn layer() -> Rules {
        Rules {
            lenient: true,
            ..Rules::default()
        }
    }

    /// A tar extracted into directory `dir` of a container (`docker cp - C:DIR`): moby's
    /// `Unpack` into `DIR` under the container's root, whose breakout checks fire when
    /// `DIR` is not the root. Feed it with [`Rules::feed_raw`].
    pub fn into_dir(dir: &str) -> Rules {
        Rules {
            dest: clean_name(dir),
            ..Rules::default()
        }
    }

    /// Checks an entry as written in the tar (raw name, raw link target) against the
    /// extraction directory, then feeds it.
    pub fn feed_raw(&mut self, raw: &str, kind: Fed, link: Option<&str>) -> Result<(), RuleError> {
        let dest = format!("/{}", self.dest);
        let under =
            |p: &str| self.dest.is_empty() || p == dest || p.starts_with(&format!("{dest}/"));
        let name = go_clean(raw);
        let path = go_clean(&format!("{dest}/{name}"));
        if !under(&path) {
            return Err(RuleError::Outside { name, dest });
        }
        match (kind, link) {
            (Fed::Hardlink, Some(l)) => {
                let target = go_clean(&format!("{dest}/{l}"));
                if !target.starts_with(&dest) {
                    return Err(RuleError::HardlinkOutside {
                        target,
                        link: l.to_string(),
                    });
                }
            }
            (Fed::Symlink, Some(l)) => {
                let parent = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                let target = go_clean(&format!("{parent}/{l}"));
                if !target.starts_with(&dest) {
                    return Err(RuleError::SymlinkOutside {
                        path,
                        link: l.to_string(),
                    });
                }
            }
            _ => {}
        }
        let target = link.map(|l| clean_name(&format!("{}/{l}", self.dest)));
        let target = if kind == Fed::Hardlink { target } else { None };
        self.feed(&clean_name(&path), kind, target.as_deref())
    }

    /// Checks one entry; `link` is a hardlink's cleaned target.
    pub fn feed(&mut self, name: &str, kind: Fed, link: Option<&str>) -> Result<(), RuleError> {
        if name.is_empty() {
            return Ok(());
        }
        let (dir, base) = match name.rsplit_once('/') {
            Some((d, b)) => (d, b),
            None => ("", name),
        };
        if base == ".wh..wh..opq" {
            self.drop_below(dir);
            return Ok(());
        }
        if let Some(hidden) = base.strip_prefix(".wh.") {
            if hidden == "." || hidden == ".." {
                let path = if hidden == "." {
                    dir.to_string()
                } else {
                    dir.rsplit_once('/')
                        .map(|(d, _)| d)
                        .unwrap_or("")
                        .to_string()
                };
                return Err(RuleError::Whiteout { path });
            }
            if !hidden.starts_with(".wh.") && !hidden.is_empty() {
                let gone = if dir.is_empty() {
                    hidden.to_string()
                } else {
                    format!("{dir}/{hidden}")
                };
                self.seen.remove(&gone);
                self.drop_below(&gone);
            }
            return Ok(());
        }
        if kind == Fed::Hardlink {
            let target = link.unwrap_or("");
            match self.seen.get(target) {
                Some(false) => {}
                None if self.lenient && !target.is_empty() => {}
                found => {
                    return Err(RuleError::Hardlink {
                        target: target.to_string(),
                        name: name.to_string(),
                        target_is_dir: found.is_some() || target.is_empty(),
                    })
                }
            }
        }
        // A non-directory replaces whatever was at its name and below it.
        if kind != Fed::Dir && self.seen.get(name) == Some(&true) {
            self.drop_below(name);
        }
        // Extraction creates missing parents as directories.
        let mut end = 0;
        while let Some(i) = name[end..].find('/') {
            end += i;
            self.seen.insert(name[..end].to_string(), true);
            end += 1;
        }
        self.seen.insert(name.to_string(), kind == Fed::Dir);
        Ok(())
    }

    /// Forgets everything below directory `dir` (`""`: the root).
    fn drop_below(&mut self, dir: &str) {
        if dir.is_empty() {
            self.seen.clear();
            return;
        }
        let below = format!("{dir}/");
        self.seen.retain(|k, _| !k.starts_with(&below));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stop_at_the_root() {
        assert_eq!(clean_name("../../escape.txt"), "escape.txt");
        assert_eq!(clean_name("a/b/../../../../../etc/evil"), "etc/evil");
        assert_eq!(clean_name("./a//b/"), "a/b");
        assert_eq!(clean_name("/.."), "");
    }

    #[test]
    fn hardlinks_need_an_earlier_file() {
        let mut r = Rules::new();
        r.feed("f", Fed::Other, None).unwrap();
        r.feed("d/x", Fed::Other, None).unwrap();
        r.feed("a", Fed::Hardlink, Some("f")).unwrap();
        let e = r.feed("b", Fed::Hardlink, Some("missing")).unwrap_err();
        assert_eq!(e.to_string(), "link /missing /b: no such file or directory");
        let e = r.feed("c", Fed::Hardlink, Some("d")).unwrap_err();
        assert_eq!(e.to_string(), "link /d /c: operation not permitted");
        // A file over a directory drops what was below it.
        r.feed("d", Fed::Other, None).unwrap();
        assert!(r.feed("e", Fed::Hardlink, Some("d/x")).is_err());
        assert!(r.feed("e", Fed::Hardlink, Some("d")).is_ok());
        // Whiteouts and opaque markers remove what they hide.
        r.feed("g/h", Fed::Other, None).unwrap();
        r.feed(".wh.f", Fed::Other, None).unwrap();
        assert!(r.feed("i", Fed::Hardlink, Some("f")).is_err());
        r.feed("g/.wh..wh..opq", Fed::Other, None).unwrap();
        assert!(r.feed("i", Fed::Hardlink, Some("g/h")).is_err());
        // Whiteouts of `.` and `..` land on a directory.
        let e = r.feed("a/b/.wh...", Fed::Other, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to mknod('/a', S_IFCHR, 0): file exists"
        );
        let e = r.feed(".wh...", Fed::Other, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to mknod('/', S_IFCHR, 0): file exists"
        );
        let e = r.feed("a/.wh..", Fed::Other, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to mknod('/a', S_IFCHR, 0): file exists"
        );
        // Into a directory below the root, moby's breakout checks fire.
        let mut c = Rules::into_dir("tmp");
        let e = c
            .feed_raw("../../escape.txt", Fed::Other, None)
            .unwrap_err();
        assert_eq!(e.to_string(), "\"../../escape.txt\" is outside of \"/tmp\"");
        let e = c
            .feed_raw("a", Fed::Hardlink, Some("../../etc/passwd"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid hardlink \"/etc/passwd\" -> \"../../etc/passwd\""
        );
        let e = c
            .feed_raw("s", Fed::Symlink, Some("../../../etc"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid symlink \"/tmp/s\" -> \"../../../etc\""
        );
        let e = c.feed_raw("a", Fed::Hardlink, Some("missing")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "link /tmp/missing /tmp/a: no such file or directory"
        );
        c.feed_raw("./ok/../f", Fed::Other, None).unwrap();
        c.feed_raw("g", Fed::Hardlink, Some("f")).unwrap();
        let mut root = Rules::into_dir("/");
        root.feed_raw("../../escape.txt", Fed::Other, None).unwrap();
        root.feed_raw("s", Fed::Symlink, Some("../../etc")).unwrap();
        // A layer alone may link to a file of the layers below.
        let mut l = Rules::layer();
        assert!(l.feed("a", Fed::Hardlink, Some("bin/busybox")).is_ok());
        l.feed("d", Fed::Dir, None).unwrap();
        assert!(l.feed("b", Fed::Hardlink, Some("d")).is_err());
    }
}

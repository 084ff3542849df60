//! The host's files as the host command line sees them ([`HostView`], a
//! [`crate::sh::fs::Fs`]): the user's files (`crate::host`) at their relative names and
//! under the home directory (`~/a.txt`, `/home/user/a.txt`), Docker's data root mounted
//! read-only at `/var/lib/docker` and, with containerd's image store, containerd's at
//! `/var/lib/containerd` (`crate::dataroot`, which serves `/var/lib`), and the
//! directories that lead to them (`/`, `/home`, `/var`). Any other absolute path does not
//! exist.

use super::docker::inspect::Documents;
use super::runner::HOME;
use crate::containers::Containers;
use crate::dataroot::{volumes::SessionVolumes, DataRoot};
use crate::fs::Snapshots;
use crate::host::{Host, HostFs};
use crate::sh::fs::{Error, Fs, Kind, Result, Stat};
use crate::store::Store;
use crate::time::Timestamp;
use bytes::Bytes;
use std::collections::BTreeMap;

/// The uid the host's files show (`user`); the data root's files are root's.
const USER_UID: u64 = 1000;

pub struct HostView<'a> {
    host: HostFs<'a>,
    root: DataRoot<'a>,
    now: Timestamp,
}

/// Where a path goes.
enum Route {
    /// A host file's name (`""`: the top directory).
    Host(String),
    /// A path relative to `/var/lib`.
    Root(String),
    /// One of the directories leading to the others, with its only entry.
    Between(&'static str),
    Missing,
}

fn route(path: &str) -> Route {
    if !path.starts_with('/') {
        return Route::Host(path.to_string());
    }
    // `.` and `..` are taken lexically: no directory of the view is a symbolic link
    // (those of `overlay2/l` are followed by the data root itself).
    let mut clean: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                clean.pop();
            }
            c => clean.push(c),
        }
    }
    let joined = format!("/{}", clean.join("/"));
    let under = |base: &str| -> Option<String> {
        if joined == base {
            Some(String::new())
        } else {
            joined
                .strip_prefix(base)
                .and_then(|r| r.strip_prefix('/'))
                .map(str::to_string)
        }
    };
    if let Some(rest) = under("/var/lib") {
        return Route::Root(rest);
    }
    if let Some(rest) = under(HOME) {
        return Route::Host(rest);
    }
    match joined.as_str() {
        "/" => Route::Between("home var"),
        "/home" => Route::Between("user"),
        "/var" => Route::Between("lib"),
        _ => Route::Missing,
    }
}

fn dir_stat(now: u64) -> Stat {
    Stat {
        kind: Kind::Dir,
        size: 4096,
        mode: 0o755,
        mtime: now,
        uid: 0,
        gid: 0,
        nlink: 2,
        link: None,
        device: None,
    }
}

/// A host file's stat: the user's.
fn mine(mut s: Stat) -> Stat {
    s.uid = USER_UID;
    s.gid = USER_UID;
    s
}

impl<'a> HostView<'a> {
    pub fn new(
        host: &'a mut dyn Host,
        store: &'a Store,
        containers: &'a Containers,
        snapshots: &'a mut Snapshots,
        now: Timestamp,
        engine: crate::engine::Engine,
    ) -> HostView<'a> {
        let docs = Documents {
            store,
            containers,
            now,
            engine,
        };
        let secs = u64::try_from(now.unix_seconds()).unwrap_or(0);
        HostView {
            host: HostFs(host),
            root: DataRoot::new(
                store,
                containers,
                snapshots,
                Box::new(docs),
                Box::new(SessionVolumes(&containers.volumes)),
                secs,
                engine.containerd_store(),
            ),
            now,
        }
    }

    fn secs(&self) -> u64 {
        u64::try_from(self.now.unix_seconds()).unwrap_or(0)
    }

    /// Where the bytes of a host file are, read nothing yet; `None` for the data root's
    /// files (read them whole with `read`).
    pub fn blob(&self, path: &str) -> Option<crate::sh::fs::Result<crate::content::Blob>> {
        match route(path) {
            Route::Host(rest) => Some(self.host.blob(&Self::host_name(&rest))),
            _ => None,
        }
    }

    /// The host file name for a path under the home directory (`.` for the home itself).
    fn host_name(rest: &str) -> String {
        if rest.is_empty() {
            ".".to_string()
        } else {
            rest.to_string()
        }
    }
}

macro_rules! routed {
    ($self:ident, $path:expr, |$fs:ident, $p:ident| $body:expr, between => $between:expr) => {
        match route($path) {
            Route::Host(rest) => {
                let $p = HostView::host_name(&rest);
                let $fs = &mut $self.host;
                $body
            }
            Route::Root($p) => {
                let $fs = &mut $self.root;
                $body
            }
            Route::Between(_) => $between,
            Route::Missing => Err(Error::NotFound),
        }
    };
}

impl Fs for HostView<'_> {
    fn read(&self, path: &str) -> Result<Bytes> {
        match route(path) {
            Route::Host(rest) => self.host.read(&Self::host_name(&rest)),
            Route::Root(rest) => self.root.read(&rest),
            Route::Between(_) => Err(Error::IsDir),
            Route::Missing => Err(Error::NotFound),
        }
    }
    fn write(&mut self, path: &str, data: Bytes) -> Result<()> {
        routed!(self, path, |fs, p| fs.write(&p, data), between => Err(Error::IsDir))
    }
    fn append(&mut self, path: &str, data: &[u8]) -> Result<()> {
        routed!(self, path, |fs, p| fs.append(&p, data), between => Err(Error::IsDir))
    }
    fn stat(&self, path: &str) -> Result<Stat> {
        match route(path) {
            Route::Host(rest) => self.host.stat(&Self::host_name(&rest)).map(mine),
            Route::Root(rest) => self.root.stat(&rest),
            Route::Between(_) => Ok(dir_stat(self.secs())),
            Route::Missing => Err(Error::NotFound),
        }
    }
    fn lstat(&self, path: &str) -> Result<Stat> {
        match route(path) {
            Route::Host(rest) => self.host.lstat(&Self::host_name(&rest)).map(mine),
            Route::Root(rest) => self.root.lstat(&rest),
            Route::Between(_) => Ok(dir_stat(self.secs())),
            Route::Missing => Err(Error::NotFound),
        }
    }
    fn list(&self, dir: &str) -> Result<Vec<(String, Stat)>> {
        match route(dir) {
            Route::Host(rest) => Ok(self
                .host
                .list(&Self::host_name(&rest))?
                .into_iter()
                .map(|(n, s)| (n, mine(s)))
                .collect()),
            Route::Root(rest) => self.root.list(&rest),
            Route::Between(names) => Ok(names
                .split(' ')
                .map(|n| (n.to_string(), dir_stat(self.secs())))
                .collect()),
            Route::Missing => Err(Error::NotFound),
        }
    }
    fn mkdir(&mut self, path: &str, mode: u32) -> Result<()> {
        routed!(self, path, |fs, p| fs.mkdir(&p, mode), between => Err(Error::Exists))
    }
    fn remove(&mut self, path: &str) -> Result<()> {
        routed!(self, path, |fs, p| fs.remove(&p), between => Err(Error::IsDir))
    }
    fn remove_dir(&mut self, path: &str) -> Result<()> {
        routed!(self, path, |fs, p| fs.remove_dir(&p), between => Err(Error::NotEmpty))
    }
    fn remove_all(&mut self, path: &str) -> std::result::Result<(), (Option<String>, Error)> {
        match route(path) {
            Route::Host(rest) => self.host.remove_all(&Self::host_name(&rest)),
            Route::Root(rest) => self
                .root
                .remove_all(&rest)
                .map_err(|(p, e)| (p.map(|p| format!("/var/lib/{p}")), e)),
            Route::Between(_) => Err((None, Error::ReadOnly)),
            Route::Missing => Err((None, Error::NotFound)),
        }
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        match (route(from), route(to)) {
            (Route::Host(f), Route::Host(t)) => {
                self.host.rename(&Self::host_name(&f), &Self::host_name(&t))
            }
            (Route::Root(f), _) => self.root.rename(&f, ""),
            (Route::Missing, _) => Err(Error::NotFound),
            (_, Route::Root(_) | Route::Between(_)) => Err(Error::ReadOnly),
            _ => Err(Error::CrossDevice),
        }
    }
    fn open_write(&mut self, path: &str, append: bool) -> Result<()> {
        routed!(self, path, |fs, p| fs.open_write(&p, append), between => Err(Error::IsDir))
    }
    fn write_opened(&mut self, path: &str, parts: Vec<Bytes>, append: bool) -> Result<()> {
        routed!(self, path, |fs, p| fs.write_opened(&p, parts, append), between => Err(Error::IsDir))
    }
    fn touch(&mut self, path: &str) -> Result<()> {
        routed!(self, path, |fs, p| fs.touch(&p), between => Ok(()))
    }
    fn chmod(&mut self, path: &str, mode: u32) -> Result<()> {
        routed!(self, path, |fs, p| fs.chmod(&p, mode), between => Err(Error::NotPermitted))
    }
    fn readlink(&self, path: &str) -> Result<String> {
        match route(path) {
            Route::Host(rest) => self.host.readlink(&Self::host_name(&rest)),
            Route::Root(rest) => self.root.readlink(&rest),
            Route::Between(_) => Err(Error::Invalid),
            Route::Missing => Err(Error::NotFound),
        }
    }
    fn owner_names(&self) -> (BTreeMap<u64, String>, BTreeMap<u64, String>) {
        let names = BTreeMap::from([(0, "root".to_string()), (USER_UID, "user".to_string())]);
        (names.clone(), names)
    }
    fn implicit_dirs(&self) -> bool {
        true
    }
}

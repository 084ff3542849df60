//! `docker run`/`create`'s `-v` and `--mount`, and an image's `VOLUME`: docker/cli's
//! parsing (cli/compose/loader/volume.go's ParseVolume for `-v`, opts/mount.go for
//! `--mount`) and moby's (volume/mounts/linux_parser.go; daemon/create_unix.go for image
//! volumes, which are copied from the image the first time they are mounted).
//!
//! Bind mounts in layerlab: the host is the session's flat list of host files, seen from
//! the Docker host as the directory [`HOST_DIR`](crate::host::HOST_DIR) (`./site` is
//! `/home/learner/site`). Binding a host directory mounts a copy of the host files under
//! that prefix, taken when the container is created; what the container writes there stays
//! in that mount (never in its layer, so `docker diff` and `commit` skip it) but is not
//! written back to the host files (layerlab's simplification). Binding one host file mounts
//! its bytes. `-v` of a host path with no files makes an empty directory (Docker creates
//! it on the host); `--mount type=bind` refuses it as Docker does.

use super::lifecycle::DockerError;
use crate::cli::Ctx;
use crate::container::{Meta, Provider, Rootfs, SharedTree, Upper};
use crate::containers::{MountKind, MountPoint};
use serde_json::{json, Map, Value};

/// A mount asked for on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub kind: MountKind,
    /// A volume's name (empty: anonymous) or a bind's absolute host path.
    pub source: String,
    pub target: String,
    pub readonly: bool,
    /// `-v`'s third part as given.
    pub mode: String,
    pub nocopy: bool,
    /// From `--mount` (HostConfig.Mounts) rather than `-v` (HostConfig.Binds).
    pub mount_flag: bool,
    /// The `-v` spec as Binds keeps it (a relative bind source made absolute).
    pub bind: String,
}

/// Why a spec was refused, and who refuses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// docker/cli: `docker: invalid spec: ...` (status 125).
    Cli(String),
    /// A `--mount` flag value: `invalid argument "..." for "--mount" flag: ...`.
    Flag(String),
    /// The daemon's error (`Error response from daemon: ...`).
    Daemon(String),
}

/// docker/cli makes a relative bind source that starts with `.` absolute.
fn absolute(source: &str) -> String {
    if source.starts_with('.') {
        let rest = source.trim_start_matches("./");
        let rest = if rest == "." { "" } else { rest };
        let joined = format!("{}/{rest}", crate::host::HOST_DIR);
        clean(&joined)
    } else {
        source.to_string()
    }
}

/// Go's path.Clean for an absolute path (enough for mount paths).
fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    format!("/{}", out.join("/"))
}

/// moby's linuxValidMountMode: comma-separated, at most one of each kind.
fn valid_mode(mode: &str) -> bool {
    if mode.is_empty() {
        return true;
    }
    let mut counts = [0; 5];
    for o in mode.split(',') {
        let k = match o {
            "rw" | "ro" => 0,
            "z" | "Z" => 1,
            "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate" => 2,
            "nocopy" => 3,
            "consistent" | "cached" | "delegated" => 4,
            _ => return false,
        };
        counts[k] += 1;
    }
    counts.iter().all(|&c| c <= 1)
}

/// `-v SPEC`.
pub fn parse_volume(spec: &str) -> Result<Request, SpecError> {
    // docker/cli's ParseVolume: colon-separated fields.
    let parts: Vec<&str> = spec.split(':').collect();
    if spec.len() > 2 {
        if parts.iter().any(|p| p.is_empty()) {
            return Err(SpecError::Cli(format!(
                "invalid spec: {spec}: empty section between colons"
            )));
        }
        if parts.len() > 3 {
            return Err(SpecError::Cli(format!(
                "invalid spec: {spec}: too many colons"
            )));
        }
    }
    let (source, target, mode) = match parts.as_slice() {
        [t] => ("", *t, ""),
        [s, t] => (*s, *t, ""),
        [s, t, m] => (*s, *t, *m),
        _ => {
            return Err(SpecError::Daemon(format!(
                "invalid volume specification: '{spec}'"
            )))
        }
    };
    if source.is_empty() && target.is_empty() {
        return Err(SpecError::Daemon(format!(
            "invalid volume specification: '{spec}'"
        )));
    }
    if !valid_mode(mode) {
        return Err(SpecError::Daemon(format!("invalid mode: {mode}")));
    }
    let is_bind = source.starts_with(['.', '/', '~']);
    let source = if is_bind {
        absolute(source)
    } else {
        source.to_string()
    };
    let kind = if is_bind {
        MountKind::Bind
    } else {
        MountKind::Volume
    };
    let invalid = |why: String| {
        SpecError::Daemon(format!(
            "invalid volume specification: '{spec}': invalid mount config for type \"{}\": {why}",
            kind.as_str()
        ))
    };
    if !target.starts_with('/') && !source.is_empty() {
        return Err(invalid(format!(
            "invalid mount path: '{target}' mount path must be absolute"
        )));
    }
    if clean(target) == "/" && !source.is_empty() {
        return Err(invalid(
            "invalid specification: destination can't be '/'".into(),
        ));
    }
    let bind = if is_bind {
        match spec.split_once(':') {
            Some((_, rest)) => format!("{source}:{rest}"),
            None => spec.to_string(),
        }
    } else {
        spec.to_string()
    };
    Ok(Request {
        kind,
        source,
        target: target.to_string(),
        readonly: mode.split(',').any(|o| o == "ro"),
        mode: mode.to_string(),
        nocopy: mode.split(',').any(|o| o == "nocopy"),
        mount_flag: false,
        bind,
    })
}

/// `--mount SPEC` (comma-separated key=value fields).
pub fn parse_mount(spec: &str) -> Result<Request, SpecError> {
    let flag = |why: String| {
        SpecError::Flag(format!(
            "invalid argument \"{spec}\" for \"--mount\" flag: {why}"
        ))
    };
    let mut kind = "volume".to_string();
    let (mut source, mut target) = (String::new(), String::new());
    let (mut readonly, mut nocopy) = (false, false);
    let (mut volume_opts, mut bind_opts) = (false, false);
    let parse_bool = |key: &str, v: &str| match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("invalid value for {key}: {v}")),
    };
    for field in spec.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.to_ascii_lowercase(), None),
        };
        match (key.as_str(), val) {
            ("readonly" | "ro", None) => readonly = true,
            ("volume-nocopy", None) => {
                nocopy = true;
                volume_opts = true;
            }
            ("bind-nonrecursive", None) => bind_opts = true,
            (_, None) => {
                return Err(flag(format!(
                    "invalid field '{field}' must be a key=value pair"
                )))
            }
            ("type", Some(v)) => kind = v.to_ascii_lowercase(),
            ("source" | "src", Some(v)) => source = v.to_string(),
            ("target" | "dst" | "destination", Some(v)) => target = v.to_string(),
            ("readonly" | "ro", Some(v)) => readonly = parse_bool(&key, v).map_err(flag)?,
            ("volume-nocopy", Some(v)) => {
                nocopy = parse_bool(&key, v).map_err(flag)?;
                volume_opts = true;
            }
            ("volume-label" | "volume-driver" | "volume-opt" | "volume-subpath", Some(_)) => {
                volume_opts = true
            }
            ("bind-propagation" | "bind-recursive" | "bind-nonrecursive", Some(_)) => {
                bind_opts = true
            }
            ("consistency", Some(_)) => {}
            _ => {
                return Err(flag(format!("unexpected key '{key}' in '{field}'")));
            }
        }
    }
    if kind.is_empty() {
        return Err(flag("type is required".into()));
    }
    if target.is_empty() {
        return Err(flag("target is required".into()));
    }
    if volume_opts && kind != "volume" {
        return Err(flag(format!(
            "cannot mix 'volume-*' options with mount type '{kind}'"
        )));
    }
    if bind_opts && kind != "bind" {
        return Err(flag(format!(
            "cannot mix 'bind-*' options with mount type '{kind}'"
        )));
    }
    let mk = match kind.as_str() {
        "volume" => MountKind::Volume,
        "bind" => MountKind::Bind,
        other => {
            return Err(SpecError::Daemon(format!(
                "invalid mount config for type \"{other}\": mount type unknown"
            )))
        }
    };
    let invalid =
        |why: &str| SpecError::Daemon(format!("invalid mount config for type \"{kind}\": {why}"));
    if mk == MountKind::Bind {
        if source.is_empty() {
            return Err(invalid("field Source must not be empty"));
        }
        source = absolute(&source);
    }
    if !target.starts_with('/') {
        return Err(invalid(&format!(
            "invalid mount path: '{target}' mount path must be absolute"
        )));
    }
    if clean(&target) == "/" {
        return Err(invalid("invalid specification: destination can't be '/'"));
    }
    if mk == MountKind::Volume && source.is_empty() && readonly {
        return Err(invalid(
            "must not set ReadOnly mode when using anonymous volumes",
        ));
    }
    Ok(Request {
        kind: mk,
        source,
        target,
        readonly,
        mode: String::new(),
        nocopy,
        mount_flag: true,
        bind: String::new(),
    })
}

/// HostConfig.Mounts' entry for a `--mount` (moby's mount.Mount, empty fields left out).
fn mount_json(r: &Request) -> Value {
    let mut m = Map::new();
    m.insert("Type".into(), r.kind.as_str().into());
    if !r.source.is_empty() {
        m.insert("Source".into(), r.source.clone().into());
    }
    m.insert("Target".into(), r.target.clone().into());
    if r.readonly {
        m.insert("ReadOnly".into(), true.into());
    }
    if r.nocopy {
        m.insert("VolumeOptions".into(), json!({"NoCopy": true}));
    }
    Value::Object(m)
}

/// The host files a bind source names: a tree of the files under it, or one file's bytes.
enum BindSource {
    Tree(SharedTree),
    File(bytes::Bytes),
    Missing,
}

fn bind_source(cx: &Ctx, abs: &str, now: u64) -> BindSource {
    let meta = |mode| Meta {
        mode,
        uid: 0,
        gid: 0,
        mtime: now,
    };
    let Some(name) = crate::host::host_name(abs) else {
        return BindSource::Missing;
    };
    if !name.is_empty() {
        if let Ok(data) = cx.host.read(&name) {
            return BindSource::File(data);
        }
    }
    let prefix = if name.is_empty() {
        String::new()
    } else {
        format!("{name}/")
    };
    let files: Vec<String> = cx
        .host
        .list()
        .into_iter()
        .filter_map(|(n, _)| n.strip_prefix(&prefix).map(str::to_string))
        .filter(|n| !n.is_empty())
        .collect();
    if files.is_empty() && !name.is_empty() {
        return BindSource::Missing;
    }
    let tree = SharedTree::new(meta(0o755));
    {
        let mut t = tree.lock();
        for rel in files {
            let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
            for k in 1..parts.len() {
                let dir = parts[..k].join("/");
                if t.layer.get(&dir).is_none() {
                    t.layer.insert(
                        &dir,
                        Upper::Dir {
                            meta: meta(0o755),
                            opaque: false,
                        },
                    );
                }
            }
            let path = parts.join("/");
            let data = cx.host.read(&format!("{prefix}{rel}")).unwrap_or_default();
            let ino = t.layer.add_inode(data, meta(0o644));
            t.layer.insert(&path, Upper::File(ino));
        }
    }
    BindSource::Tree(tree)
}

/// What [`attach`] made: the container's MountPoints, HostConfig.Binds and Mounts, and the
/// anonymous volumes' destinations for Config.Volumes.
#[derive(Default)]
pub struct Attached {
    pub mounts: Vec<MountPoint>,
    pub binds: Vec<String>,
    pub specs: Vec<Value>,
}

/// Creates the volumes the requests and the image's `VOLUME`s (`image_volumes`, Config's
/// Volumes keys) need and mounts them, and the binds, into `rootfs`: moby's
/// registerMountPoints (binds and mounts first, then Config.Volumes not already mounted).
pub fn attach(
    cx: &mut Ctx,
    rootfs: &mut Rootfs,
    requests: &[Request],
    image_volumes: &[String],
) -> Result<Attached, DockerError> {
    let now = cx.now;
    let secs = now.unix_seconds().max(0) as u64;
    let mut out = Attached::default();
    let mut all: Vec<Request> = requests.to_vec();
    for dest in image_volumes {
        let taken = all.iter().any(|r| clean(&r.target) == clean(dest));
        if !taken {
            all.push(Request {
                kind: MountKind::Volume,
                source: String::new(),
                target: dest.clone(),
                readonly: false,
                mode: String::new(),
                nocopy: false,
                mount_flag: false,
                bind: String::new(),
            });
        }
    }
    for r in &all {
        let dest = if r.target.starts_with('/') {
            clean(&r.target)
        } else {
            r.target.clone()
        };
        if r.mount_flag {
            out.specs.push(mount_json(r));
        } else if !r.bind.is_empty() {
            out.binds.push(r.bind.clone());
        }
        match r.kind {
            MountKind::Volume => {
                let anonymous = r.source.is_empty();
                let v = cx
                    .containers
                    .volumes
                    .create(
                        (!anonymous).then_some(r.source.as_str()),
                        Vec::new(),
                        anonymous,
                        now,
                    )
                    .map_err(|e| DockerError(e.to_string()))?;
                let (name, tree) = (v.name.clone(), v.data.clone());
                if !r.nocopy {
                    rootfs.populate(&dest, &tree);
                }
                rootfs.mount_tree(&dest, tree, Provider::Volume, r.readonly, secs);
                let mode = if anonymous && !r.mount_flag {
                    String::new()
                } else if r.mode.is_empty() {
                    "z".to_string()
                } else {
                    r.mode.clone()
                };
                out.mounts.push(MountPoint {
                    kind: MountKind::Volume,
                    source: crate::volumes::mountpoint(&name),
                    name,
                    destination: dest,
                    mode,
                    rw: !r.readonly,
                    propagation: String::new(),
                    anonymous,
                });
            }
            MountKind::Bind => {
                match bind_source(cx, &r.source, secs) {
                    BindSource::File(data) => {
                        rootfs.mount_file(&dest, data, r.readonly, secs);
                    }
                    BindSource::Tree(tree) => {
                        rootfs.mount_tree(&dest, tree, Provider::Bind, r.readonly, secs);
                    }
                    BindSource::Missing if r.mount_flag => {
                        return Err(DockerError(format!(
                            "invalid mount config for type \"bind\": bind source path does not exist: {}",
                            r.source
                        )));
                    }
                    BindSource::Missing => {
                        let tree = SharedTree::new(Meta {
                            mode: 0o755,
                            uid: 0,
                            gid: 0,
                            mtime: secs,
                        });
                        rootfs.mount_tree(&dest, tree, Provider::Bind, r.readonly, secs);
                    }
                }
                out.mounts.push(MountPoint {
                    kind: MountKind::Bind,
                    name: String::new(),
                    source: r.source.clone(),
                    destination: dest,
                    mode: r.mode.clone(),
                    rw: !r.readonly,
                    propagation: "rprivate".into(),
                    anonymous: false,
                });
            }
        }
    }
    out.mounts.sort_by(|a, b| a.destination.cmp(&b.destination));
    Ok(out)
}

/// moby's MountPoint JSON, as `docker inspect` shows a container's Mounts.
pub fn mount_point_json(m: &MountPoint) -> Value {
    let mut o = Map::new();
    o.insert("Type".into(), m.kind.as_str().into());
    if m.kind == MountKind::Volume {
        o.insert("Name".into(), m.name.clone().into());
    }
    o.insert("Source".into(), m.source.clone().into());
    o.insert("Destination".into(), m.destination.clone().into());
    if m.kind == MountKind::Volume {
        o.insert("Driver".into(), "local".into());
    }
    o.insert("Mode".into(), m.mode.clone().into());
    o.insert("RW".into(), m.rw.into());
    o.insert("Propagation".into(), m.propagation.clone().into());
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_specs_parse_as_docker_does() {
        let r = parse_volume("data:/data:ro").unwrap();
        assert_eq!(
            (r.kind, r.source.as_str(), r.readonly),
            (MountKind::Volume, "data", true)
        );
        let r = parse_volume("./site:/usr/share/nginx/html").unwrap();
        assert_eq!(r.kind, MountKind::Bind);
        assert_eq!(r.bind, "/home/learner/site:/usr/share/nginx/html");
        assert_eq!(parse_volume("/anon").unwrap().source, "");
        assert_eq!(
            parse_volume("data:").unwrap_err(),
            SpecError::Cli("invalid spec: data:: empty section between colons".into())
        );
        assert_eq!(
            parse_volume("data:/x:ro:z").unwrap_err(),
            SpecError::Cli("invalid spec: data:/x:ro:z: too many colons".into())
        );
        assert_eq!(
            parse_volume("data:/x:bogus").unwrap_err(),
            SpecError::Daemon("invalid mode: bogus".into())
        );
        assert!(matches!(
            parse_volume("data:rel"),
            Err(SpecError::Daemon(_))
        ));
        assert_eq!(
            parse_mount("type=volume").unwrap_err(),
            SpecError::Flag(
                "invalid argument \"type=volume\" for \"--mount\" flag: target is required".into()
            )
        );
        let m = parse_mount("type=volume,src=v,dst=/x,ro=true").unwrap();
        assert!(m.readonly && m.mount_flag && m.source == "v");
        assert!(matches!(
            parse_mount("type=bogus,target=/x"),
            Err(SpecError::Daemon(_))
        ));
    }
}

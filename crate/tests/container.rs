#![cfg(not(target_arch = "wasm32"))]
//! Containers' filesystems: copy-on-write over a shared image, whiteouts and opaque
//! directories, `docker diff` / `commit` / `export`, and the built-in shell.

use bytes::Bytes;
use layerlab::container::{ChangeKind, Errno, Provider, Rootfs, Runtime};
use layerlab::fs::{Kind, LayerIndex, Union};
use std::sync::Arc;

/// One entry of a test layer: name, typeflag, data, link, mode, uid, mtime.
struct E(&'static str, u8, &'static [u8], &'static str, u32, u64, u64);

fn f(name: &'static str, data: &'static [u8]) -> E {
    E(name, b'0', data, "", 0o644, 0, 1_600_000_000)
}
fn d(name: &'static str) -> E {
    E(name, b'5', b"", "", 0o755, 0, 1_600_000_000)
}
fn l(name: &'static str, target: &'static str) -> E {
    E(name, b'2', b"", target, 0o777, 0, 1_600_000_000)
}

fn layer(entries: &[E]) -> Arc<LayerIndex> {
    let mut b = tar::Builder::new(Vec::new());
    for E(name, kind, data, link, mode, uid, mtime) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::new(*kind));
        h.set_size(data.len() as u64);
        h.set_mode(*mode);
        h.set_uid(*uid);
        h.set_gid(*uid);
        h.set_mtime(*mtime);
        if !link.is_empty() {
            h.set_link_name(link).unwrap();
        }
        b.append_data(&mut h, name, &data[..]).unwrap();
    }
    Arc::new(LayerIndex::parse(Bytes::from(b.into_inner().unwrap())).unwrap())
}

/// A small busybox-like image in two layers.
fn image() -> Arc<Union> {
    let base = layer(&[
        d("bin/"),
        f("bin/busybox", b"ELF"),
        l("bin/sh", "busybox"),
        d("etc/"),
        E("etc/passwd", b'0', b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nwww:x:33:33::/var/www:/bin/false\n", "", 0o644, 0, 1_600_000_000),
        f("etc/group", b"root:x:0:\nnogroup:x:65534:\nwww:x:33:\n"),
        d("opt/"),
        d("opt/app/"),
        f("opt/app/a.txt", b"a"),
        f("opt/app/b.txt", b"b"),
        d("tmp/"),
        d("usr/"),
        d("usr/share/"),
        d("usr/share/doc/"),
        f("usr/share/doc/README", b"readme"),
        E("usr/secret", b'0', b"s3cret", "", 0o600, 33, 1_500_000_000),
        l("link-to-opt", "/opt/app"),
    ]);
    let top = layer(&[
        d("etc/"),
        f("etc/motd", b"welcome\n"),
        f("opt/app/c.txt", b"c"),
    ]);
    Arc::new(Union::build([base, top]))
}

const NOW: u64 = 1_700_000_000;

fn text(b: Bytes) -> String {
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn reads_fall_through_and_report_their_layer() {
    let fs = Rootfs::bare(image());
    assert_eq!(text(fs.read_file("/etc/motd").unwrap()), "welcome\n");
    assert_eq!(fs.provider("/etc/motd"), Provider::Image(1));
    assert_eq!(fs.provider("/etc/passwd"), Provider::Image(0));
    assert_eq!(fs.provider("/nope"), Provider::None);
    assert_eq!(text(fs.read_file("/link-to-opt/c.txt").unwrap()), "c");
    assert_eq!(fs.lstat("/bin/sh").unwrap().kind, Kind::Symlink);
    assert_eq!(fs.stat("/bin/sh").unwrap().kind, Kind::File);
    let names: Vec<String> = fs
        .read_dir("/opt/app")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(fs.read_file("/etc").unwrap_err().errno, Errno::IsADirectory);
    assert_eq!(
        fs.read_file("/etc/passwd/x").unwrap_err().errno,
        Errno::NotADirectory
    );
    assert_eq!(
        fs.read_file("/nope").unwrap_err().reason(),
        "No such file or directory"
    );
}

#[test]
fn copy_up_keeps_metadata_and_shares_the_image() {
    let img = image();
    let mut a = Rootfs::new(img.clone(), NOW);
    let b = Rootfs::new(img.clone(), NOW);
    assert!(Arc::ptr_eq(a.image(), b.image()));
    a.chmod("/usr/secret", 0o640).unwrap();
    let s = a.stat("/usr/secret").unwrap();
    assert_eq!(
        (s.mode, s.uid, s.gid, s.mtime),
        (0o640, 33, 33, 1_500_000_000)
    );
    assert_eq!(s.provider, Provider::Container);
    assert_eq!(text(a.read_file("/usr/secret").unwrap()), "s3cret");
    // The parents were copied up with their own metadata, untouched.
    let usr = a.stat("/usr").unwrap();
    assert_eq!(
        (usr.mtime, usr.provider),
        (1_600_000_000, Provider::Container)
    );
    // The other container and the image are unchanged.
    assert_eq!(b.stat("/usr/secret").unwrap().mode, 0o600);
    assert_eq!(img.get("usr/secret").unwrap().mode, 0o600);
    a.append_file("/etc/motd", b"more\n", NOW + 5).unwrap();
    assert_eq!(text(a.read_file("/etc/motd").unwrap()), "welcome\nmore\n");
    assert_eq!(a.stat("/etc/motd").unwrap().mtime, NOW + 5);
    assert_eq!(text(b.read_file("/etc/motd").unwrap()), "welcome\n");
}

#[test]
fn whiteouts_and_opaque_directories() {
    let mut fs = Rootfs::bare(image());
    fs.remove("/etc/motd", NOW).unwrap();
    assert!(!fs.exists("/etc/motd"));
    assert_eq!(fs.provider("/etc/motd"), Provider::None);
    fs.remove_all("/opt/app", NOW).unwrap();
    assert!(!fs.exists("/opt/app/a.txt"));
    fs.mkdir("/opt/app", 0o755, NOW).unwrap();
    assert!(fs.read_dir("/opt/app").unwrap().is_empty());
    assert!(matches!(
        fs.upper().get("opt/app"),
        Some(layerlab::container::Upper::Dir { opaque: true, .. })
    ));
    fs.write_file("/opt/app/new", Bytes::from_static(b"n"), NOW)
        .unwrap();
    let names: Vec<String> = fs
        .read_dir("/opt/app")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["new"]);
    assert_eq!(
        fs.remove_dir("/opt", NOW).unwrap_err().errno,
        Errno::NotEmpty
    );
    assert_eq!(
        fs.mkdir("/opt", 0o755, NOW).unwrap_err().errno,
        Errno::Exists
    );
}

#[test]
fn commit_layer_round_trips_to_the_same_view() {
    let img = image();
    let mut fs = Rootfs::bare(img.clone());
    fs.remove_all("/opt/app", NOW).unwrap();
    fs.mkdir("/opt/app", 0o700, NOW).unwrap();
    fs.write_file("/opt/app/x", Bytes::from_static(b"x"), NOW)
        .unwrap();
    fs.link("/opt/app/x", "/opt/app/y", NOW).unwrap();
    fs.remove("/etc/motd", NOW).unwrap();
    fs.chown("/usr/share/doc/README", Some(33), Some(33), true)
        .unwrap();
    fs.symlink("../bin/busybox", "/usr/ls", NOW).unwrap();
    fs.mkdir_all(&format!("/deep/{}/end", "n".repeat(150)), 0o755, NOW)
        .unwrap();
    fs.rename("/usr/share", "/usr/moved", NOW + 1).unwrap();
    let tar = fs.commit_layer();
    let mut u = (*img).clone();
    u.push(Arc::new(LayerIndex::parse(Bytes::from(tar)).unwrap()));
    let committed = Rootfs::bare(Arc::new(u));
    let view = |r: &Rootfs| {
        r.read_dir("/").unwrap();
        let mut out = Vec::new();
        let mut stack = vec!["/".to_string()];
        while let Some(p) = stack.pop() {
            for (name, s) in r.read_dir(&p).unwrap() {
                let path = format!("{}/{name}", p.trim_end_matches('/'));
                let data = if s.kind == Kind::File {
                    text(r.read_file(&path).unwrap())
                } else {
                    String::new()
                };
                out.push((
                    path.clone(),
                    s.kind,
                    s.mode,
                    s.uid,
                    s.gid,
                    s.mtime,
                    s.link.clone(),
                    data,
                ));
                if s.kind == Kind::Dir {
                    stack.push(path);
                }
            }
        }
        out.sort();
        out
    };
    assert_eq!(view(&committed), view(&fs));
}

#[test]
fn docker_diff_of_a_scripted_session() {
    let mut fs = Rootfs::new(image(), NOW);
    // echo hi > /tmp/hello: a new file in an image directory.
    fs.write_file("/tmp/hello", Bytes::from_static(b"hi\n"), NOW + 1)
        .unwrap();
    // Modify a file in place: the directory's mtime does not change.
    fs.append_file("/etc/passwd", b"x:x:1:1::/:/bin/sh\n", NOW + 2)
        .unwrap();
    // Delete an image file deep down.
    fs.remove("/usr/share/doc/README", NOW + 3).unwrap();
    // rm -rf + mkdir: an opaque directory.
    fs.remove_all("/opt/app", NOW + 4).unwrap();
    fs.mkdir("/opt/app", 0o755, NOW + 4).unwrap();
    fs.write_file("/opt/app/a.txt", Bytes::from_static(b"A"), NOW + 4)
        .unwrap();
    fs.write_file("/opt/app/z.txt", Bytes::from_static(b"Z"), NOW + 4)
        .unwrap();
    // A new tree.
    fs.mkdir_all("/srv/www", 0o755, NOW + 5).unwrap();
    let lines: Vec<String> = fs.changes().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines,
        [
            "C /etc/passwd",
            "C /opt",
            "D /opt/app",
            "C /opt/app/a.txt",
            "A /opt/app/z.txt",
            "A /srv",
            "A /srv/www",
            "C /tmp",
            "A /tmp/hello",
            "C /usr/share/doc",
            "D /usr/share/doc/README",
        ]
    );
    assert_eq!(fs.changes()[0].kind, ChangeKind::Modified);
}

#[test]
fn runtime_mounts_stay_out_of_the_container_layer() {
    let mut fs = Rootfs::new(image(), NOW);
    fs.start(&Runtime::bridge("0123456789ab", "172.17.0.2", NOW));
    assert_eq!(
        text(fs.read_file("/etc/hostname").unwrap()),
        "0123456789ab\n"
    );
    fs.append_file("/etc/hosts", b"10.0.0.1 db\n", NOW).unwrap();
    fs.write_file("/dev/null", Bytes::from_static(b"gone"), NOW)
        .unwrap();
    assert_eq!(fs.read_file("/dev/null").unwrap().len(), 0);
    assert_eq!(
        fs.remove("/etc/hostname", NOW).unwrap_err().errno,
        Errno::Busy
    );
    fs.write_file("/dev/shm/x", Bytes::from_static(b"x"), NOW)
        .unwrap();
    assert!(fs.changes().is_empty(), "{:?}", fs.changes());
    fs.stop();
    assert_eq!(fs.read_file("/etc/hostname").unwrap().len(), 0);
    assert!(!fs.exists("/dev/shm/x"));
}

#[test]
fn export_has_the_init_layer_and_no_whiteouts() {
    let mut fs = Rootfs::new(image(), NOW);
    fs.start(&Runtime::bridge("box", "172.17.0.2", NOW));
    fs.remove("/etc/motd", NOW).unwrap();
    let tar = Bytes::from(layerlab::container::archive::concat_parts(fs.export_tar()));
    let mut names = Vec::new();
    let mut ar = tar::Archive::new(&tar[..]);
    for e in ar.entries().unwrap() {
        let e = e.unwrap();
        let name = String::from_utf8_lossy(&e.path_bytes()).into_owned();
        let h = e.header();
        names.push((
            name,
            h.entry_type().as_byte(),
            h.mode().unwrap(),
            h.size().unwrap(),
            e.link_name_bytes()
                .map(|l| String::from_utf8_lossy(&l).into_owned()),
        ));
    }
    let get = |n: &str| names.iter().find(|x| x.0 == n).cloned();
    assert_eq!(names.first().map(|x| x.0.as_str()), Some(".dockerenv"));
    assert_eq!(get(".dockerenv").unwrap().2, 0o755);
    assert_eq!(
        get("etc/hosts").unwrap().3,
        0,
        "bind-mount targets export empty"
    );
    assert_eq!(get("etc/hostname").unwrap().3, 0);
    assert_eq!(get("etc/resolv.conf").unwrap().3, 0);
    assert_eq!(get("etc/mtab").unwrap().4.as_deref(), Some("/proc/mounts"));
    for dir in ["dev/", "dev/pts/", "dev/shm/", "proc/", "sys/", "bin/"] {
        assert_eq!(get(dir).map(|x| x.1), Some(b'5'), "{dir}");
    }
    assert!(get("dev/console").is_some());
    assert!(get("dev/null").is_none(), "the /dev tmpfs is not exported");
    assert!(get("etc/motd").is_none());
    assert!(names.iter().all(|x| !x.0.contains(".wh.")));
}

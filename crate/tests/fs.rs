#![cfg(not(target_arch = "wasm32"))]
//! The image filesystem: layer indexes, the union rules, per-layer changes, dive's
//! analysis and the `dive` command, against in-memory layers and the reference archives.

mod common;

use bytes::Bytes;
use layerlab::fs::diff::{self, ChangeKind};
use layerlab::fs::efficiency;
use layerlab::fs::{self, Follow, Kind, LayerIndex, PathLookupError, Union};
use std::sync::Arc;

/// One entry of a test layer.
#[derive(Clone)]
struct E {
    name: String,
    kind: u8,
    data: Vec<u8>,
    link: String,
    mode: u32,
}

fn file(name: &str, data: &[u8]) -> E {
    E {
        name: name.into(),
        kind: b'0',
        data: data.to_vec(),
        link: String::new(),
        mode: 0o644,
    }
}
fn dir(name: &str, mode: u32) -> E {
    E {
        name: name.into(),
        kind: b'5',
        data: Vec::new(),
        link: String::new(),
        mode,
    }
}
fn symlink(name: &str, target: &str) -> E {
    E {
        name: name.into(),
        kind: b'2',
        data: Vec::new(),
        link: target.into(),
        mode: 0o777,
    }
}
fn hardlink(name: &str, target: &str) -> E {
    E {
        name: name.into(),
        kind: b'1',
        data: Vec::new(),
        link: target.into(),
        mode: 0o644,
    }
}

/// A tar with the names written raw (`./`, `/`, `..` as given); long ones through GNU
/// long-name entries.
fn tar(entries: &[E]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::new(e.kind));
        h.set_size(e.data.len() as u64);
        h.set_mode(e.mode);
        h.set_mtime(1_600_000_000);
        if e.name.len() <= 100 && e.link.len() <= 100 {
            let old = h.as_old_mut();
            old.name.fill(0);
            old.name[..e.name.len()].copy_from_slice(e.name.as_bytes());
            old.linkname.fill(0);
            old.linkname[..e.link.len()].copy_from_slice(e.link.as_bytes());
            h.set_cksum();
            b.append(&h, &e.data[..]).unwrap();
        } else if e.link.is_empty() {
            b.append_data(&mut h, &e.name, &e.data[..]).unwrap();
        } else {
            b.append_link(&mut h, &e.name, &e.link).unwrap();
        }
    }
    b.into_inner().unwrap()
}

fn index(entries: &[E]) -> Arc<LayerIndex> {
    Arc::new(LayerIndex::parse(Bytes::from(tar(entries))).unwrap())
}

fn union(layers: &[Vec<E>]) -> Union {
    Union::build(layers.iter().map(|l| index(l)))
}

fn paths(u: &Union) -> Vec<String> {
    u.iter().map(|(p, _)| p.to_string()).collect()
}

fn read(u: &Union, p: &str) -> String {
    String::from_utf8_lossy(&u.read(p).unwrap()).into_owned()
}

#[test]
fn layer_index_reads_every_name_form() {
    let long_dir = "d".repeat(120);
    let long_target = format!("/{}/target", "t".repeat(150));
    // A PAX header naming the next entry, as Go tools write for long names.
    let pax_path = format!("{}/pax-file", "p".repeat(180));
    let mut pax_data = Vec::new();
    for (k, v) in [
        ("path", pax_path.as_str()),
        ("uid", "3000000"),
        ("mtime", "1700000000.25"),
    ] {
        let body = format!(" {k}={v}\n");
        let mut len = body.len() + 1;
        while format!("{len}{body}").len() != len {
            len += 1;
        }
        pax_data.extend_from_slice(format!("{len}{body}").as_bytes());
    }
    let mut t = tar(&[
        dir("./etc/", 0o40755),
        file("./etc/hostname", b"box\n"),
        file(&format!("{long_dir}/gnu-long"), b"long"),
        symlink("etc/long-link", &long_target),
        hardlink("etc/hard", "etc/hostname"),
        hardlink("etc/hard2", "./etc/hostname"),
        file("/abs", b"abs"),
        file("etc/hostname", b"last wins\n"),
    ]);
    t.truncate(t.len() - 1024); // drop the end blocks, then append PAX + entry
    let mut b = tar::Builder::new(t);
    let mut x = tar::Header::new_ustar();
    x.set_entry_type(tar::EntryType::XHeader);
    x.set_size(pax_data.len() as u64);
    x.set_path("PaxHeaders/x").unwrap();
    x.set_cksum();
    b.append(&x, &pax_data[..]).unwrap();
    let mut h = tar::Header::new_ustar();
    h.set_size(3);
    h.set_mode(0o644);
    h.set_path("short").unwrap();
    h.set_cksum();
    b.append(&h, &b"pax"[..]).unwrap();
    let t = b.into_inner().unwrap();

    let l = LayerIndex::parse(Bytes::from(t)).unwrap();
    let etc = l.get("etc").unwrap();
    assert_eq!((etc.kind, etc.mode), (Kind::Dir, 0o755), "type bits masked");
    assert_eq!(
        &l.data(l.get("etc/hostname").unwrap()).unwrap()[..],
        b"last wins\n"
    );
    assert_eq!(
        &l.data(l.get(&format!("{long_dir}/gnu-long")).unwrap())
            .unwrap()[..],
        b"long"
    );
    assert_eq!(
        l.get("etc/long-link").unwrap().link.as_deref(),
        Some(long_target.as_str())
    );
    assert_eq!(
        l.get("etc/hard").unwrap().link.as_deref(),
        Some("etc/hostname")
    );
    assert_eq!(
        l.get("etc/hard2").unwrap().link.as_deref(),
        Some("etc/hostname")
    );
    assert!(l.get("abs").is_some());
    let p = l.get(&pax_path).expect("PAX path");
    assert_eq!((p.uid, p.mtime), (3_000_000, 1_700_000_000));
    assert_eq!(&l.data(p).unwrap()[..], b"pax");
    assert!(l.get("short").is_none());
    // The same layer gzip-compressed indexes the same.
    let gz = common::gzip(&l.tar().to_bytes().unwrap());
    let l2 = LayerIndex::from_blob(
        Bytes::from(gz),
        "layer",
        layerlab::budget::Budget::default(),
    )
    .unwrap();
    assert_eq!(l2.entries(), l.entries());
}

#[test]
fn layer_index_keeps_names_inside_and_rejects_truncation() {
    // moby extracts under a chroot: `..` stops at the root.
    let up = LayerIndex::parse(Bytes::from(tar(&[file("../evil", b"x")]))).unwrap();
    assert!(up.get("evil").is_some());
    let up = LayerIndex::parse(Bytes::from(tar(&[file("a/../../evil", b"x")]))).unwrap();
    assert!(up.get("evil").is_some());
    // A layer alone may link to a lower layer's file; extracted alone it may not.
    let l = LayerIndex::parse(Bytes::from(tar(&[hardlink("h", "../../x")]))).unwrap();
    let e = l
        .feed_rules(&mut layerlab::tarball::rules::Rules::new())
        .unwrap_err();
    assert_eq!(e.to_string(), "link /x /h: no such file or directory");
    let ok = LayerIndex::parse(Bytes::from(tar(&[file("a/../b", b"x")]))).unwrap();
    assert!(ok.get("b").is_some());
    let t = tar(&[file("big", &[7u8; 3000])]);
    assert!(LayerIndex::parse(Bytes::from(t[..1500].to_vec())).is_err());
}

#[test]
fn whiteouts_hide_lower_layers_only() {
    let base = vec![file("a/x", b"old"), file("a/y", b"y"), file("keep", b"k")];
    // The whiteout after and before the same layer's entry: the entry stays either way.
    for layer in [
        vec![file("a/x", b"new"), file("a/.wh.x", b"")],
        vec![file("a/.wh.x", b""), file("a/x", b"new")],
    ] {
        let u = union(&[base.clone(), layer]);
        assert_eq!(read(&u, "a/x"), "new");
        assert_eq!(u.get("a/x").unwrap().layer, 1);
        assert!(u.get("a/y").is_some());
    }
    let u = union(&[
        base.clone(),
        vec![file("a/.wh.x", b""), file(".wh.keep", b"")],
    ]);
    assert_eq!(paths(&u), ["a", "a/y"]);
    assert!(matches!(u.read("a/x"), Err(PathLookupError::NotFound(_))));
    // Whiting out a directory removes its subtree; markers are never files, but their
    // directory exists in the layer (extraction creates it).
    let u = union(&[base, vec![file(".wh.a", b""), file("b/.wh.nothing", b"")]]);
    assert_eq!(paths(&u), ["b", "keep"]);
}

#[test]
fn opaque_directories_keep_their_own_layer() {
    let base = vec![
        dir("d", 0o755),
        file("d/old", b"o"),
        file("d/sub/deep", b"d"),
        file("other", b"x"),
    ];
    for layer in [
        vec![file("d/.wh..wh..opq", b""), file("d/new", b"n")],
        vec![file("d/new", b"n"), file("d/.wh..wh..opq", b"")],
        vec![
            dir("d", 0o700),
            file("d/new", b"n"),
            file("d/.wh..wh..opq", b""),
        ],
    ] {
        let u = union(&[base.clone(), layer]);
        assert_eq!(paths(&u), ["d", "d/new", "other"]);
    }
}

#[test]
fn replacing_files_and_directories() {
    // A file over a directory removes the directory's tree.
    let u = union(&[
        vec![file("d/a", b"a"), file("d/b/c", b"c")],
        vec![file("d", b"now a file")],
    ]);
    assert_eq!(paths(&u), ["d"]);
    assert_eq!(u.get("d").unwrap().kind, Kind::File);
    // A directory over a file replaces it; implied parents too.
    let u = union(&[
        vec![
            file("f", b"file"),
            symlink("lib", "usr/lib"),
            file("usr/lib/x", b"x"),
        ],
        vec![dir("f", 0o750), file("f/x", b"x"), file("lib/y", b"y")],
    ]);
    assert_eq!(u.get("f").unwrap().kind, Kind::Dir);
    assert_eq!(u.get("f").unwrap().mode, 0o750);
    let lib = u.get("lib").unwrap();
    assert!(lib.kind.is_dir() && lib.implicit && lib.layer == 1);
    assert_eq!(
        paths(&u),
        ["f", "f/x", "lib", "lib/y", "usr", "usr/lib", "usr/lib/x"]
    );
    // A directory over a directory merges; the upper attributes win.
    let u = union(&[
        vec![dir("d", 0o700), file("d/a", b"a")],
        vec![dir("d", 0o755), file("d/b", b"b")],
        vec![file("d/c", b"c")],
    ]);
    assert_eq!(paths(&u), ["d", "d/a", "d/b", "d/c"]);
    let d = u.get("d").unwrap();
    assert_eq!((d.mode, d.layer, d.implicit), (0o755, 1, false));
    // Duplicates in one layer: the last wins.
    let u = union(&[vec![file("x", b"1"), file("x", b"2")]]);
    assert_eq!(read(&u, "x"), "2");
}

#[test]
fn symlinks_resolve_inside_the_root() {
    let u = union(&[vec![
        file("etc/passwd", b"root:x:0:0"),
        symlink("a/b/up", "../../../../../etc/passwd"),
        symlink("a/abs", "/etc/passwd"),
        symlink("a/dotdot", "/../../etc"),
        symlink("lib", "usr/lib"),
        file("usr/lib/libc.so", b"elf"),
        symlink("loop1", "loop2"),
        symlink("loop2", "loop1"),
        symlink("self", "self"),
        symlink("dangling", "nowhere"),
        symlink("usr/lib/rel", "../../etc/./passwd"),
    ]]);
    assert_eq!(read(&u, "a/b/up"), "root:x:0:0");
    assert_eq!(read(&u, "/a/abs"), "root:x:0:0");
    assert_eq!(read(&u, "a/dotdot/passwd"), "root:x:0:0");
    assert_eq!(read(&u, "lib/libc.so"), "elf");
    assert_eq!(read(&u, "/lib/rel"), "root:x:0:0");
    assert_eq!(read(&u, "/../../usr/../etc/passwd"), "root:x:0:0");
    // `..` after a link goes up from where the link led, as Linux resolves it.
    assert!(matches!(
        u.read("lib/../etc/passwd"),
        Err(PathLookupError::NotFound(_))
    ));
    assert_eq!(read(&u, "lib/../../etc/passwd"), "root:x:0:0");
    let (real, node) = u.lookup("lib/libc.so", Follow::Always).unwrap();
    assert_eq!((real.as_str(), node.kind), ("usr/lib/libc.so", Kind::File));
    let (real, node) = u.lookup("/lib", Follow::ExceptLast).unwrap();
    assert_eq!((real.as_str(), node.kind), ("lib", Kind::Symlink));
    assert_eq!(node.size, 7);
    assert_eq!(u.lookup("lib", Follow::Always).unwrap().0, "usr/lib");
    assert!(matches!(u.read("loop1"), Err(PathLookupError::Loop(_))));
    assert!(matches!(u.read("self/x"), Err(PathLookupError::Loop(_))));
    let e = u.read("loop1").unwrap_err();
    assert_eq!(e.to_string(), "loop1: too many levels of symbolic links");
    assert_eq!(e.reason(), "Too many levels of symbolic links");
    assert!(matches!(
        u.read("dangling"),
        Err(PathLookupError::NotFound(_))
    ));
    assert!(u.lookup("dangling", Follow::ExceptLast).is_ok());
    assert!(matches!(
        u.read("etc/passwd/x"),
        Err(PathLookupError::NotADirectory(_))
    ));
    assert!(matches!(
        u.read("etc"),
        Err(PathLookupError::IsADirectory(_))
    ));
    // 40 links in a row resolve; 41 do not.
    let mut chain = vec![file("end", b"end")];
    for i in 0..41 {
        let target = if i == 0 {
            "end".to_string()
        } else {
            format!("l{}", i - 1)
        };
        chain.push(symlink(&format!("l{i}"), &target));
    }
    let u = union(&[chain]);
    assert_eq!(read(&u, "l39"), "end");
    assert!(matches!(u.read("l40"), Err(PathLookupError::Loop(_))));
    let names: Vec<&str> = u
        .children("/")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names.len(), 42);
}

#[test]
fn hardlinks_resolve_within_and_across_layers() {
    let u = union(&[
        vec![
            file("bin/busybox", b"BUSYBOX"),
            hardlink("bin/ls", "bin/busybox"),
        ],
        vec![
            hardlink("bin/sh", "bin/busybox"),
            hardlink("/bin/cat", "/bin/ls"),
            hardlink("bin/chain", "bin/sh"),
            hardlink("bin/gone", "bin/nothing"),
        ],
        vec![file("bin/busybox", b"NEW")],
    ]);
    assert_eq!(read(&u, "bin/ls"), "BUSYBOX");
    assert_eq!(read(&u, "bin/sh"), "BUSYBOX");
    assert_eq!(read(&u, "bin/cat"), "BUSYBOX");
    assert_eq!(read(&u, "bin/chain"), "BUSYBOX");
    assert_eq!(read(&u, "bin/busybox"), "NEW");
    let sh = u.get("bin/sh").unwrap();
    assert_eq!((sh.kind, sh.size, sh.layer), (Kind::Hardlink, 7, 1));
    assert!(matches!(
        u.read("bin/gone"),
        Err(PathLookupError::NotAFile(_))
    ));
}

#[test]
fn children_list_each_name_once_in_order() {
    let u = union(&[vec![
        file("a", b""),
        file("a-b/x", b""),
        file("a.c", b""),
        file("a0", b""),
        file("b/c/d/e", b""),
    ]]);
    let names: Vec<&str> = u
        .children("")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["a", "a-b", "a.c", "a0", "b"]);
    let u = union(&[vec![
        file("d/a/x", b""),
        file("d/a-b", b""),
        file("d/a.c/y", b""),
    ]]);
    let names: Vec<&str> = u
        .children("d")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["a", "a-b", "a.c"]);
    assert!(u.children("d/a-b").is_err());
}

#[test]
fn layer_changes_as_dive_marks_them() {
    let layers = vec![
        index(&[
            dir("etc", 0o755),
            file("etc/hostname", b"box"),
            file("etc/motd", b"hi"),
            file("tmp/a", b"aaaa"),
            file("tmp/b", b"bb"),
            dir("opt", 0o755),
            file("opt/x", b"x"),
        ]),
        index(&[
            dir("etc", 0o755),
            file("etc/hostname", b"changed"),
            file("etc/motd", b"hi"),
            file("etc/new", b"n"),
            file(".wh.tmp", b""),
            dir("opt", 0o755),
            file("opt/.wh..wh..opq", b""),
        ]),
    ];
    let all = diff::image_changes(&layers);
    assert!(all[0].iter().all(|c| c.kind == ChangeKind::Added));
    let got: Vec<(String, ChangeKind, u64)> = all[1]
        .iter()
        .map(|c| (c.path.clone(), c.kind, c.size))
        .collect();
    let want = [
        ("etc", ChangeKind::Modified, 0),
        ("etc/hostname", ChangeKind::Modified, 7),
        ("etc/motd", ChangeKind::Unchanged, 2),
        ("etc/new", ChangeKind::Added, 1),
        ("opt", ChangeKind::Modified, 0),
        ("opt/x", ChangeKind::Deleted, 1),
        ("tmp", ChangeKind::Deleted, 6),
    ];
    let want: Vec<(String, ChangeKind, u64)> = want
        .iter()
        .map(|(p, k, s)| (p.to_string(), *k, *s))
        .collect();
    assert_eq!(got, want);
    let text = diff::render(&all[1]);
    assert!(text.contains("D        6B  /tmp\n"), "{text}");
    assert!(!text.contains("motd"));
}

/// Loads a reference archive into a session; returns the session and the image's layers.
fn load_fixture(file: &str, name: &str) -> Option<(layerlab::Session, Vec<Arc<LayerIndex>>)> {
    let bytes = std::fs::read(common::shared_fixtures()?.join(file)).unwrap();
    let mut s = common::session_with(&[("f.tar", bytes)]);
    let (_, err, code) = common::run(&mut s, "docker load -i f.tar");
    assert_eq!(code, 0, "{err}");
    let store = s.store();
    let id = store.lookup(name).unwrap();
    let layers = fs::Snapshots::default()
        .image_layers(store, store.image(&id).unwrap())
        .unwrap();
    Some((s, layers))
}

#[test]
fn dive_numbers_on_its_own_test_image() {
    let Some((_, layers)) = load_fixture("dive/test-docker-image.tar", "dive-test:latest") else {
        return;
    };
    let a = efficiency::analyze(&layers);
    assert_eq!(a.efficiency, 0.9844212134184309);
    assert_eq!(a.size_bytes, 1220598);
    assert_eq!(a.user_size_bytes, 66237);
    assert_eq!(a.wasted_bytes, 32025);
    assert_eq!(a.wasted_user_percent, 0.4834911001404049);
    let files: Vec<(&str, usize, u64)> = a
        .inefficiencies
        .iter()
        .rev()
        .map(|f| (f.path.as_str(), f.count, f.size))
        .collect();
    assert_eq!(
        files,
        [
            ("/root/saved.txt", 2, 12810),
            ("/root/example/somefile1.txt", 2, 12810),
            ("/root/example/somefile3.txt", 2, 6405),
        ]
    );
    // The merged tree agrees with the Dockerfile's last steps.
    let u = Union::build(layers.iter().cloned());
    assert!(u.get("root/example").is_none());
    assert_eq!(u.get("root/saved.txt").unwrap().mode, 0o755);
    assert_eq!(u.read("root/.data/saved.again2.txt").unwrap().len(), 6405);
    assert_eq!(u.read("bin/sh").unwrap().len(), 1075464); // a hardlink to bin/[
}

/// dive's export of the test image (dive/runtime/export/export_test.go); dive names
/// layers by their directory in the legacy archive, layerlab by their diffID.
const DIVE_EXPORT: &str = r##"{
  "layer": [
    {
      "index": 0,
      "id": "28cfe03618aa2e914e81fdd90345245c15f4478e35252c06ca52d238fd3cc694",
      "digestId": "sha256:23bc2b70b2014dec0ac22f27bb93e9babd08cdd6f1115d0c955b9ff22b382f5a",
      "sizeBytes": 1154361,
      "command": "#(nop) ADD file:ce026b62356eec3ad1214f92be2c9dc063fe205bd5e600be3492c4dfb17148bd in / "
    },
    {
      "index": 1,
      "id": "1871059774abe6914075e4a919b778fa1561f577d620ae52438a9635e6241936",
      "digestId": "sha256:a65b7d7ac139a0e4337bc3c73ce511f937d6140ef61a0108f7d4b8aab8d67274",
      "sizeBytes": 6405,
      "command": "#(nop) ADD file:139c3708fb6261126453e34483abd8bf7b26ed16d952fd976994d68e72d93be2 in /somefile.txt "
    },
    {
      "index": 2,
      "id": "49fe2a475548bfa4d493fc796fce41f30704e3d4cbff3e45dd3e06f463236d1d",
      "digestId": "sha256:93e208d471756ffbac88cf9c25feb442007f221d3bd73231e27b747a0a68927c",
      "sizeBytes": 0,
      "command": "mkdir -p /root/example/really/nested"
    },
    {
      "index": 3,
      "id": "80cd2ca1ffc89962b9349c80280c2bc551acbd11e09b16badb0669f8e2369020",
      "digestId": "sha256:4abad3abe3cb99ad7a492a9d9f6b3d66287c1646843c74128bbbec4f7be5aa9e",
      "sizeBytes": 6405,
      "command": "cp /somefile.txt /root/example/somefile1.txt"
    },
    {
      "index": 4,
      "id": "c99e2f8d3f6282668f0d30dc1db5e67a51d7a1dcd7ff6ddfa0f90760836778ec",
      "digestId": "sha256:14c9a6ffcb6a0f32d1035f97373b19608e2d307961d8be156321c3f1c1504cbf",
      "sizeBytes": 6405,
      "command": "chmod 444 /root/example/somefile1.txt"
    },
    {
      "index": 5,
      "id": "5eca617bdc3bc06134fe957a30da4c57adb7c340a6d749c8edc4c15861c928d7",
      "digestId": "sha256:778fb5770ef466f314e79cc9dc418eba76bfc0a64491ce7b167b76aa52c736c4",
      "sizeBytes": 6405,
      "command": "cp /somefile.txt /root/example/somefile2.txt"
    },
    {
      "index": 6,
      "id": "f07c3eb887572395408f8e11a07af945e4da5f02b3188bb06b93fad713ca0b99",
      "digestId": "sha256:f275b8a31a71deb521cc048e6021e2ff6fa52bedb25c9b7bbe129a0195ddca5f",
      "sizeBytes": 6405,
      "command": "cp /somefile.txt /root/example/somefile3.txt"
    },
    {
      "index": 7,
      "id": "461885fc22589158dee3c5b9f01cc41c87805439f58b4399d733b51aa305cbf9",
      "digestId": "sha256:dd1effc5eb19894c3e9b57411c98dd1cf30fa1de4253c7fae53c9cea67267d83",
      "sizeBytes": 6405,
      "command": "mv /root/example/somefile3.txt /root/saved.txt"
    },
    {
      "index": 8,
      "id": "a10327f68ffed4afcba78919052809a8f774978a6b87fc117d39c53c4842f72c",
      "digestId": "sha256:8d1869a0a066cdd12e48d648222866e77b5e2814f773bb3bd8774ab4052f0f1d",
      "sizeBytes": 6405,
      "command": "cp /root/saved.txt /root/.saved.txt"
    },
    {
      "index": 9,
      "id": "f2fc54e25cb7966dc9732ec671a77a1c5c104e732bd15ad44a2dc1ac42368f84",
      "digestId": "sha256:bc2e36423fa31a97223fd421f22c35466220fa160769abf697b8eb58c896b468",
      "sizeBytes": 0,
      "command": "rm -rf /root/example/"
    },
    {
      "index": 10,
      "id": "aad36d0b05e71c7e6d4dfe0ca9ed6be89e2e0d8995dafe83438299a314e91071",
      "digestId": "sha256:7f648d45ee7b6de2292162fba498b66cbaaf181da9004fcceef824c72dbae445",
      "sizeBytes": 2187,
      "command": "#(nop) ADD dir:7ec14b81316baa1a31c38c97686a8f030c98cba2035c968412749e33e0c4427e in /root/.data/ "
    },
    {
      "index": 11,
      "id": "3d4ad907517a021d86a4102d2764ad2161e4818bbd144e41d019bfc955434181",
      "digestId": "sha256:a4b8f95f266d5c063c9a9473c45f2f85ddc183e37941b5e6b6b9d3c00e8e0457",
      "sizeBytes": 6405,
      "command": "cp /root/saved.txt /tmp/saved.again1.txt"
    },
    {
      "index": 12,
      "id": "81b1b002d4b4c1325a9cad9990b5277e7f29f79e0f24582344c0891178f95905",
      "digestId": "sha256:22a44d45780a541e593a8862d80f3e14cb80b6bf76aa42ce68dc207a35bf3a4a",
      "sizeBytes": 6405,
      "command": "cp /root/saved.txt /root/.data/saved.again2.txt"
    },
    {
      "index": 13,
      "id": "cfb35bb5c127d848739be5ca726057e6e2c77b2849f588e7aebb642c0d3d4b7b",
      "digestId": "sha256:ba689cac6a98c92d121fa5c9716a1bab526b8bb1fd6d43625c575b79e97300c5",
      "sizeBytes": 6405,
      "command": "chmod +x /root/saved.txt"
    }
  ],
  "image": {
    "sizeBytes": 1220598,
    "inefficientBytes": 32025,
    "efficiencyScore": 0.9844212134184309,
    "fileReference": [
      {
        "count": 2,
        "sizeBytes": 12810,
        "file": "/root/saved.txt"
      },
      {
        "count": 2,
        "sizeBytes": 12810,
        "file": "/root/example/somefile1.txt"
      },
      {
        "count": 2,
        "sizeBytes": 6405,
        "file": "/root/example/somefile3.txt"
      }
    ]
  }
}"##;

#[test]
fn dive_command_json_and_ci() {
    let Some((mut s, _)) = load_fixture("dive/test-docker-image.tar", "dive-test:latest") else {
        return;
    };
    // dive's export, byte for byte, with layer IDs that are diffIDs.
    let lines: Vec<&str> = DIVE_EXPORT.lines().collect();
    let mut fixed = String::new();
    for (i, line) in lines.iter().enumerate() {
        match lines
            .get(i + 1)
            .and_then(|n| n.trim().strip_prefix("\"digestId\": \"sha256:"))
        {
            Some(d) if line.trim_start().starts_with("\"id\": ") => fixed.push_str(&format!(
                "      \"id\": \"{}\",\n",
                d.trim_end_matches("\",")
            )),
            _ => {
                fixed.push_str(line);
                fixed.push('\n');
            }
        }
    }
    let (out, err, code) = common::run(&mut s, "dive dive-test --json");
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(out, fixed);
    let (out, _, code) = common::run(&mut s, "dive --json report.json dive-test");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Image Source: docker://dive-test\nFetching image... (this can take a while for large images)\nAnalyzing image...\nExporting image to 'report.json'...\n"
    );
    let (written, _, _) = common::run(&mut s, "cat report.json");
    assert_eq!(written, fixed.trim_end());

    let (out, err, code) = common::run(&mut s, "dive dive-test --ci");
    assert_eq!(err, "");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "  Using default CI config
Image Source: docker://dive-test
Fetching image... (this can take a while for large images)
Analyzing image...
  efficiency: 98.4421 %
  wastedBytes: 32025 bytes (32 kB)
  userWastedPercent: 48.3491 %
Inefficient Files:
Count  Wasted Space  File Path
    2         13 kB  /root/saved.txt
    2         13 kB  /root/example/somefile1.txt
    2        6.4 kB  /root/example/somefile3.txt
Results:
  FAIL: highestUserWastedPercent: too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=0.4834911001404049 > threshold=0.1)
  SKIP: highestWastedBytes: rule disabled
  PASS: lowestEfficiency
Result:FAIL [Total:3] [Passed:1] [Failed:1] [Warn:0] [Skipped:1]

"
    );
    // dive's own evaluator cases (cmd/dive/cli/internal/command/ci/evaluator_test.go).
    let cases = [
        ("0.99", "1B", "0.01", 1, "[Passed:0] [Failed:3]"),
        ("0.9", "50kB", "0.5", 0, "[Passed:3] [Failed:0]"),
        ("disabled", "disabled", "disabled", 0, "[Skipped:3]"),
        ("0.9", "1B", "0.5", 1, "[Passed:2] [Failed:1]"),
    ];
    for (eff, bytes, pct, want, tally) in cases {
        let line = format!(
            "dive dive-test --ci --lowestEfficiency={eff} --highestWastedBytes {bytes} --highestUserWastedPercent={pct}"
        );
        let (out, _, code) = common::run(&mut s, &line);
        assert_eq!(code, want, "{line}\n{out}");
        assert!(out.contains(tally), "{line}\n{out}");
    }
    let (out, _, code) = common::run(&mut s, "dive dive-test --ci --lowestEfficiency=1.1");
    assert_eq!(code, 1);
    assert!(out.ends_with(
        "Inefficient Files:\nCount  Wasted Space  File Path\nNone\nResults:\n  CONFIGURED   : highestUserWastedPercent: test\n  CONFIGURED   : highestWastedBytes: rule disabled\n  MISCONFIGURED: lowestEfficiency: lowestEfficiency config value is outside allowed range (0-1), given '1.1'\nCI Misconfigured\n\n"
    ), "{out}");
    // A .dive-ci file among the host files drives the rules; flags still win.
    s.host_mut()
        .write(".dive-ci", Bytes::from_static(b"rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.60\n"))
        .unwrap();
    let (out, _, code) = common::run(&mut s, "dive dive-test --ci");
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("  Using CI config: .dive-ci\n"));
    assert!(out.contains("Result:PASS [Total:3] [Passed:3]"));
    let (_, _, code) = common::run(&mut s, "dive dive-test --ci --highestUserWastedPercent=0.1");
    assert_eq!(code, 1);
}

#[test]
fn dive_command_help_and_errors() {
    let mut s = common::session_with(&[]);
    let (out, _, code) = common::run(&mut s, "dive --help");
    assert_eq!(code, 0);
    assert!(out.starts_with("This tool provides a way to discover"));
    assert!(out.contains("  -j, --json string"));
    let (out, err, code) = common::run(&mut s, "dive nosuch --ci");
    assert_eq!(code, 1);
    assert!(out.contains("Image Source: docker://nosuch\n"));
    assert_eq!(
        err,
        "cannot fetch image\nError response from daemon: No such image: nosuch:latest\n"
    );
    let (_, err, code) = common::run(&mut s, "dive nosuch --json");
    assert_eq!(code, 1);
    assert!(err.contains("No such image: nosuch:latest"));
    let (out, _, code) = common::run(&mut s, "dive");
    assert_eq!(code, 1);
    assert!(out.starts_with("No image argument given\n"));
    let (_, err, code) = common::run(&mut s, "dive --bogus x");
    assert_eq!(code, 1);
    assert!(err.starts_with("Error: unknown flag: --bogus\nUsage:\n  dive [IMAGE] [flags]\n"));
    let (_, err, code) = common::run(&mut s, "dive a b");
    assert_eq!(code, 1);
    assert!(err.starts_with("Error: accepts at most 1 arg(s), received 2\n"));
}

#[test]
fn go_containerregistry_whiteout_fixtures() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "ggcr/whiteout_image.tar",
            "bazel/pkg/v1/mutate:whiteout_image",
            &["bar.txt"],
        ),
        (
            "ggcr/whiteout_dir.tar",
            "localhost:5000/whiteout:latest",
            &["a", "a/baz", "b", "b/bar"],
        ),
        (
            "ggcr/overwritten_file.tar",
            "bazel/pkg/v1/mutate:overwritten_file",
            &["bar.txt", "foo.txt"],
        ),
    ];
    for (file, name, want) in cases {
        let Some((_, layers)) = load_fixture(file, name) else {
            return;
        };
        let u = Union::build(layers.iter().cloned());
        assert_eq!(paths(&u), *want, "{file}");
        if file.contains("whiteout_dir") {
            let a = u.get("a").unwrap();
            assert_eq!(a.layer, 3, "the a/ of the last layer, not the first");
        }
        if file.contains("overwritten") {
            let foo = u.get("foo.txt").unwrap();
            assert_eq!(foo.kind, Kind::Symlink);
            assert_eq!(read(&u, "foo.txt"), "bar\n");
        }
    }
}

#[test]
fn kaniko_and_oci_fixtures_analyse() {
    for (file, name) in [
        ("dive/test-kaniko-image.tar", "dive-test:kaniko-latest"),
        (
            "dive/test-oci-zstd-image.tar",
            "sha256:3eaccc100f866490f00ae82727b459a737af031dcf44c791d8aa714a70f24959",
        ),
    ] {
        let Some((_, layers)) = load_fixture(file, name) else {
            return;
        };
        let a = efficiency::analyze(&layers);
        assert!(a.efficiency > 0.0 && a.efficiency <= 1.0, "{file}");
        let u = Union::build(layers.iter().cloned());
        assert!(!u.is_empty(), "{file}");
    }
}

/// 50 layers of 2000 files each, with overwrites, whiteouts and opaque directories: the
/// merged view has the right entries. It asserts no time bound (these machines are too noisy
/// for one); it prints the times it took, and scripts/bench (BENCHMARKS.md) measures speed.
#[test]
fn large_images_merge_with_overwrites_whiteouts_and_opaque_dirs() {
    let started = std::time::Instant::now();
    let mut layers = Vec::new();
    for k in 0..50 {
        let mut entries = Vec::with_capacity(2010);
        for j in 0..2000 {
            entries.push(file(&format!("l{k}/d{}/f{j}", j / 100), b""));
        }
        if k > 0 {
            let prev = k - 1;
            entries.push(file(&format!("l{prev}/d0/f0"), b"over"));
            entries.push(file(&format!("l{prev}/.wh.d19"), b""));
            entries.push(file(&format!("l{prev}/d18/.wh..wh..opq"), b""));
            entries.push(file(&format!("l{prev}/d18/new"), b""));
        }
        layers.push(index(&entries));
    }
    let indexed = started.elapsed();
    let u = Union::build(layers.iter().cloned());
    let merged = started.elapsed() - indexed;
    // Per layer: 2000 files, 20 dirs and its top dir; a layer with one above loses d19
    // (101 paths) and d18's files (100) and gains d18/new.
    assert_eq!(u.len(), 49 * (2021 - 101 - 100 + 1) + 2021);
    assert_eq!(read(&u, "l10/d0/f0"), "over");
    assert!(u.get("l10/d19").is_none());
    assert_eq!(u.children("l10/d18").unwrap().len(), 1);
    assert_eq!(u.get("l49/d19/f1999").unwrap().layer, 49);
    let analysed = std::time::Instant::now();
    let a = efficiency::analyze(&layers);
    assert!(a.efficiency <= 1.0);
    eprintln!(
        "100k files: indexed in {indexed:?}, merged in {merged:?}, dive analysis in {:?}",
        analysed.elapsed()
    );
}

/// Mutated layers never panic: indexing either fails cleanly or gives an index that the
/// union, the lookups, the changes and dive's analysis all accept.
#[test]
fn mutated_layers_never_panic() {
    let long = format!("{}/f", "n".repeat(150));
    let bases = [
        tar(&[
            dir("./etc/", 0o755),
            file("etc/passwd", b"root"),
            symlink("etc/link", "../etc/passwd"),
            hardlink("etc/hard", "etc/passwd"),
            file("etc/.wh.gone", b""),
            file("var/.wh..wh..opq", b""),
            file(&long, b"long name"),
        ]),
        tar(&[
            symlink("a", "b"),
            symlink("b", "/a"),
            file("c/d", &[1u8; 700]),
            file(".wh.x", b""),
        ]),
    ];
    let lower = index(&[
        file("etc/gone", b"g"),
        file("var/lib/x", b"x"),
        file("x", b"x"),
    ]);
    let mut rng = common::Rng(0x5eed_1234_abcd);
    let mut parsed = 0;
    for round in 0..3000 {
        let mut t = bases[round % bases.len()].clone();
        match rng.below(4) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(t.len());
                    t[i] = rng.next() as u8;
                }
            }
            1 => t.truncate(rng.below(t.len())),
            2 => {
                // Rewrite a header field and fix the checksum, so the header is read.
                let block = rng.below(t.len() / 512) * 512;
                let at = block + rng.below(500);
                if let Some(b) = t.get_mut(at) {
                    *b = rng.next() as u8;
                }
                if let Some(h) = t.get_mut(block..block + 512) {
                    let mut header = tar::Header::new_old();
                    header.as_mut_bytes().copy_from_slice(h);
                    header.set_cksum();
                    h.copy_from_slice(header.as_bytes());
                }
            }
            _ => {
                let i = rng.below(t.len());
                let junk: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                t.splice(i..i, junk);
            }
        }
        let Ok(layer) = LayerIndex::parse(Bytes::from(t)) else {
            continue;
        };
        parsed += 1;
        let layer = Arc::new(layer);
        let u = Union::build([lower.clone(), layer.clone()]);
        for (p, _) in u.iter() {
            let _ = u.read(p);
            let _ = u.lookup(p, Follow::ExceptLast);
            let _ = u.children(p);
        }
        let _ = diff::image_changes(&[lower.clone(), layer.clone()]);
        let _ = efficiency::analyze(&[lower.clone(), layer]);
    }
    assert!(parsed > 100, "only {parsed} mutated layers indexed");
}

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
    let tar = fs
        .commit_layer(layerlab::budget::Budget::default())
        .unwrap();
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
    let tar = Bytes::from(layerlab::container::archive::concat_parts(&fs.export_tar()).unwrap());
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

// ---- the shell ---------------------------------------------------------------------

use layerlab::container::sh::{self, Env};

/// A busybox-like image: applets as symlinks to /bin/busybox, users, a program that is
/// not an applet.
fn busybox() -> Arc<Union> {
    let mut entries = vec![
        d("bin/"),
        E("bin/busybox", b'0', b"ELF", "", 0o755, 0, 1_600_000_000),
        d("etc/"),
        f(
            "etc/passwd",
            b"root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\n",
        ),
        f(
            "etc/group",
            b"root:x:0:\nwww-data:x:33:\nstaff:x:50:www-data\n",
        ),
        E("root/", b'5', b"", "", 0o700, 0, 1_600_000_000),
        E("tmp/", b'5', b"", "", 0o1777, 0, 1_600_000_000),
        d("usr/"),
        d("usr/bin/"),
        E("usr/bin/python3", b'0', b"ELF", "", 0o755, 0, 1_600_000_000),
        d("var/"),
        d("var/www/"),
        f("var/www/index.html", b"<h1>hi</h1>\n"),
    ];
    for a in [
        "sh", "ls", "cat", "echo", "mkdir", "rm", "rmdir", "cp", "mv", "touch", "chmod", "chown",
        "ln", "head", "tail", "wc", "grep", "env", "pwd", "test", "[", "printf", "true", "false",
        "sort", "find", "id", "tee", "seq", "basename", "dirname", "readlink", "stat", "uniq",
        "hostname", "cut", "tr",
    ] {
        let name: &'static str = Box::leak(format!("bin/{a}").into_boxed_str());
        entries.push(l(name, "busybox"));
    }
    let base = layer(&entries);
    Arc::new(Union::build([base]))
}

fn docker_env() -> Env {
    Env::new(
        vec![
            ("PATH".into(), sh::DEFAULT_PATH.into()),
            ("HOSTNAME".into(), "0123456789ab".into()),
            ("HOME".into(), "/root".into()),
        ],
        "/",
    )
}

/// A running container and a shell session in it.
struct Session {
    fs: Rootfs,
    env: Env,
    now: u64,
}

impl Session {
    fn new() -> Session {
        let mut fs = Rootfs::new(busybox(), NOW);
        fs.start(&Runtime::bridge("0123456789ab", "172.17.0.2", NOW));
        Session {
            fs,
            env: docker_env(),
            now: NOW,
        }
    }
    fn run(&mut self, line: &str) -> (String, String, i32) {
        self.now += 1;
        let o = sh::run(&mut self.fs, line, &mut self.env, self.now);
        (o.stdout_text(), o.stderr_text(), o.code)
    }
    fn out(&mut self, line: &str) -> String {
        let (o, e, c) = self.run(line);
        assert_eq!((e.as_str(), c), ("", 0), "{line}");
        o
    }
}

#[test]
fn shell_quoting_variables_and_status() {
    let mut s = Session::new();
    assert_eq!(
        s.out("echo 'a  b' \"c  $HOME\" d\\ e"),
        "a  b c  /root d e\n"
    );
    assert_eq!(
        s.out("X='1 2'; echo $X; echo \"$X\"; echo ${X}3 ${Y:-dflt}"),
        "1 2\n1 2\n1 23 dflt\n"
    );
    assert_eq!(s.run("false; echo $?"), ("1\n".into(), String::new(), 0));
    assert_eq!(
        s.run("true && echo yes || echo no"),
        ("yes\n".into(), String::new(), 0)
    );
    assert_eq!(
        s.run("false && echo yes || echo no"),
        ("no\n".into(), String::new(), 0)
    );
    assert_eq!(
        s.run("nosuch arg"),
        (String::new(), "sh: nosuch: not found\n".into(), 127)
    );
    assert_eq!(s.out("echo $?"), "127\n");
    assert_eq!(
        s.run("exit 3; echo never"),
        (String::new(), String::new(), 3)
    );
    assert_eq!(
        s.out("echo -n a; echo -e 'b\\tc'; printf '%s=%d\\n' x 5 y 6"),
        "ab\tc\nx=5\ny=6\n"
    );
    assert_eq!(
        s.out("export A=1; sh -c 'echo $A $0 $1' zero one"),
        "1 zero one\n"
    );
    assert_eq!(
        s.out("echo $(echo inner) `echo back` $((2*21))"),
        "inner back 42\n"
    );
    let (_, err, code) = s.run("echo 'unterminated");
    assert_eq!(
        (err.as_str(), code),
        ("sh: syntax error: unterminated quoted string\n", 2)
    );
    assert_eq!(
        s.out("cd /var/www && pwd && cat index.html"),
        "/var/www\n<h1>hi</h1>\n"
    );
    assert_eq!(s.out("cd; pwd"), "/root\n");
    assert_eq!(
        s.run("cd /nope").1,
        "sh: cd: can't cd to /nope: No such file or directory\n"
    );
    assert_eq!(
        s.run("[ -d /tmp ] && [ ! -f /tmp ] && test -z '' && [ a != b ]")
            .2,
        0
    );
    assert_eq!(s.run("[ -e /nope ]").2, 1);
    assert_eq!(s.run("[ a = a").1, "sh: [: missing ]\n");
}

#[test]
fn shell_redirections_and_pipes_write_the_rootfs() {
    let mut s = Session::new();
    s.out("echo hello > /tmp/a; echo world >> /tmp/a");
    assert_eq!(text(s.fs.read_file("/tmp/a").unwrap()), "hello\nworld\n");
    assert_eq!(s.out("cat /tmp/a | grep -n or | wc -l"), "1\n");
    assert_eq!(s.out("wc -l < /tmp/a"), "2\n");
    assert_eq!(s.out("cat /tmp/a | head -n 1"), "hello\n");
    assert_eq!(s.out("ls /nope 2>/dev/null; echo $?"), "1\n");
    assert_eq!(
        s.out("ls /nope > /tmp/err 2>&1; cat /tmp/err"),
        "ls: /nope: No such file or directory\n"
    );
    assert_eq!(
        s.run("ls /nope 2>&1 >/dev/null"),
        (
            "ls: /nope: No such file or directory\n".into(),
            String::new(),
            1
        )
    );
    assert_eq!(
        s.run("echo x > /nope/dir/f").1,
        "sh: can't create /nope/dir/f: nonexistent directory\n"
    );
    assert_eq!(
        s.run("cat < /nope").1,
        "sh: can't open /nope: no such file\n"
    );
    assert_eq!(
        s.out("echo a > /tmp/g1; echo b > /tmp/g2; cat /tmp/g*"),
        "a\nb\n"
    );
    assert_eq!(s.out("echo '/tmp/g*' \"/tmp/g?\""), "/tmp/g* /tmp/g?\n");
    assert_eq!(s.out("cd /tmp && echo g*"), "g1 g2\n");
    assert_eq!(
        s.out("printf 'b\\na\\nb\\n' | sort | uniq -c"),
        "      1 a\n      2 b\n"
    );
    assert_eq!(
        s.out("cut -d: -f1,3 /etc/passwd | tr a-z A-Z"),
        "ROOT:0\nWWW-DATA:33\n"
    );
    assert_eq!(
        s.run("echo oops >&2; echo fine"),
        ("fine\n".into(), "oops\n".into(), 0)
    );
    assert_eq!(s.out("cd ~ && pwd; cd /"), "/root\n");
    // What the session did is what docker diff reports.
    let changes: Vec<String> = s.fs.changes().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        changes,
        ["C /tmp", "A /tmp/a", "A /tmp/err", "A /tmp/g1", "A /tmp/g2"]
    );
}

#[test]
fn shell_file_commands() {
    let mut s = Session::new();
    s.out("mkdir -p /srv/a/b && touch /srv/a/b/f && cp -r /srv/a /srv/c && mv /srv/c/b/f /srv/c/g");
    assert_eq!(
        s.out("find /srv | sort"),
        "/srv\n/srv/a\n/srv/a/b\n/srv/a/b/f\n/srv/c\n/srv/c/b\n/srv/c/g\n"
    );
    s.out("chmod 4750 /srv/c/g && chown www-data:staff /srv/c/g");
    let st = s.fs.stat("/srv/c/g").unwrap();
    assert_eq!(
        (st.mode, st.uid, st.gid),
        (0o750, 33, 50),
        "chown clears setuid, as Linux does"
    );
    s.out("chmod u+s,o+r /srv/c/g");
    assert_eq!(s.fs.stat("/srv/c/g").unwrap().mode, 0o4754);
    assert_eq!(
        s.run("chown nobody /srv/c/g").1,
        "chown: unknown user nobody\n"
    );
    assert_eq!(
        s.out("ln -s /var/www /srv/web && cat /srv/web/index.html"),
        "<h1>hi</h1>\n"
    );
    assert_eq!(s.out("readlink /srv/web"), "/var/www\n");
    assert_eq!(s.run("rm /srv/a").1, "rm: '/srv/a' is a directory\n");
    assert_eq!(
        s.run("rmdir /srv/a").1,
        "rmdir: '/srv/a': Directory not empty\n"
    );
    assert_eq!(
        s.run("mkdir /srv").1,
        "mkdir: can't create directory '/srv': File exists\n"
    );
    s.out("rm -rf /srv/a /var/www && mkdir /var/www");
    assert_eq!(s.out("ls -a /var/www"), ".\n..\n");
    assert_eq!(
        s.run("cat /nope").1,
        "cat: can't open '/nope': No such file or directory\n"
    );
    assert_eq!(
        s.run("rm /nope").1,
        "rm: can't remove '/nope': No such file or directory\n"
    );
    assert_eq!(s.run("rm -f /nope").2, 0);
    assert_eq!(
        s.out("echo 1 > /x && ln /x /y && echo 2 >> /y && cat /x"),
        "1\n2\n"
    );
    assert_eq!(s.fs.stat("/x").unwrap().nlink, 2);
    // ls -l: busybox's columns, owner names from the rootfs.
    s.out("touch /srv/c/g");
    let ls = s.out("ls -l /srv/c");
    let lines: Vec<&str> = ls.lines().collect();
    assert_eq!(lines[0], "total 4");
    assert!(
        lines[1].starts_with("drwxr-xr-x    2 root     root          4096 Nov 14 22:"),
        "{ls}"
    );
    assert!(
        lines[2].starts_with("-rwsr-xr--    1 www-data staff            0 Nov 14 22:"),
        "{ls}"
    );
    assert!(lines[2].ends_with(" g"));
    assert!(s.out("ls -l /bin/sh").ends_with(" /bin/sh -> busybox\n"));
    assert_eq!(s.out("ls -ld /tmp").get(..10), Some("drwxrwxrwt"));
    assert_eq!(s.out("ls /srv/c"), "b\ng\n");
    assert_eq!(s.out("ls -R /srv/c"), "/srv/c:\nb\ng\n\n/srv/c/b:\n");
    assert!(s
        .out("ls -ln /srv/c/g")
        .starts_with("-rwsr-xr--    1 33       50               0 Nov 14 "));
    assert_eq!(s.out("id"), "uid=0(root) gid=0(root) groups=0(root)\n");
    assert_eq!(
        s.out("cat /etc/hostname; hostname"),
        "0123456789ab\n0123456789ab\n"
    );
    assert_eq!(s.out("sh -c env"), "HOSTNAME=0123456789ab\nSHLVL=2\nHOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/\n");
}

#[test]
fn exec_form_finds_programs_like_docker() {
    let img = busybox();
    let mut fs = Rootfs::new(img, NOW);
    let mut env = docker_env();
    let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let o = sh::exec(&mut fs, &argv(&["echo", "hi"]), &mut env, NOW);
    assert_eq!((o.stdout_text(), o.code), ("hi\n".into(), 0));
    let o = sh::exec(&mut fs, &argv(&["env"]), &mut env.clone(), NOW);
    assert_eq!(o.stdout_text(), "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=0123456789ab\nHOME=/root\n");
    let o = sh::exec(
        &mut fs,
        &argv(&["nginx", "-g", "daemon off;"]),
        &mut env,
        NOW,
    );
    assert_eq!(o.code, 127);
    assert_eq!(o.stderr_text(), "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"nginx\": executable file not found in $PATH: unknown.\n");
    let o = sh::exec(&mut fs, &argv(&["python3"]), &mut env, NOW);
    assert_eq!(o.code, 126);
    assert!(o
        .stderr_text()
        .starts_with("/usr/bin/python3: layerlab does not run programs from images"));
    let o = sh::exec(
        &mut fs,
        &argv(&["sh", "-c", "echo $0; python3 -V; exit 7"]),
        &mut env,
        NOW,
    );
    assert_eq!(o.stdout_text(), "sh\n");
    assert_eq!(o.code, 7);
    assert!(o
        .stderr_text()
        .starts_with("sh: python3: layerlab does not run programs"));
    // bash runs the same interpreter, with bash's messages.
    let mut deb = Rootfs::new(
        Arc::new(Union::build([layer(&[
            d("bin/"),
            E("bin/bash", b'0', b"ELF", "", 0o755, 0, 1_600_000_000),
            E("bin/dash", b'0', b"ELF", "", 0o755, 0, 1_600_000_000),
            l("bin/sh", "dash"),
            E("bin/echo", b'0', b"ELF", "", 0o755, 0, 1_600_000_000),
        ])])),
        NOW,
    );
    let o = sh::exec(
        &mut deb,
        &argv(&["bash", "-c", "echo hi; nope"]),
        &mut env.clone(),
        NOW,
    );
    assert_eq!(
        (o.stdout_text(), o.stderr_text(), o.code),
        (
            "hi\n".into(),
            "bash: line 1: nope: command not found\n".into(),
            127
        )
    );
    let o = sh::exec(
        &mut deb,
        &argv(&["sh", "-c", "nope"]),
        &mut env.clone(),
        NOW,
    );
    assert_eq!(o.stderr_text(), "sh: 1: nope: not found\n");
    // The scratch image has no shell at all.
    let mut empty = Rootfs::new(Arc::new(Union::new()), NOW);
    let o = sh::exec(&mut empty, &argv(&["sh"]), &mut env, NOW);
    assert_eq!(o.code, 127);
    assert!(o
        .stderr_text()
        .contains("exec: \"sh\": executable file not found in $PATH"));
}

/// A tiny deterministic generator (xorshift), so the fuzz test needs no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

#[test]
fn fuzz_random_lines_never_panic() {
    let words = [
        "echo",
        "ls",
        "-l",
        "-la",
        "-R",
        "cat",
        "rm",
        "-rf",
        "mkdir",
        "-p",
        "cp",
        "-a",
        "mv",
        "ln",
        "-s",
        "touch",
        "chmod",
        "755",
        "u+x",
        "chown",
        "root:root",
        "cd",
        "..",
        "/",
        ".",
        "/tmp",
        "/etc",
        "/etc/passwd",
        "a",
        "b/c",
        "x*",
        "*",
        "?",
        "[a-",
        "'q",
        "\"",
        "$",
        "$?",
        "${A:-b}",
        "$((1/0))",
        "$(ls)",
        "`pwd`",
        "|",
        "||",
        "&&",
        ";",
        ">",
        ">>",
        "<",
        "2>&1",
        "2>",
        "/dev/null",
        "grep",
        "-v",
        "head",
        "-n",
        "tail",
        "wc",
        "-c",
        "sort",
        "test",
        "[",
        "]",
        "!",
        "-e",
        "=",
        "sh",
        "-c",
        "exit",
        "export",
        "A=1",
        "env",
        "printf",
        "%s%d%b",
        "\\",
        "find",
        "-name",
        "readlink",
        "-f",
        "/proc",
        "/sys/x",
        "/dev/shm/f",
        "/etc/hosts",
        "../../..",
        "/..",
        "rmdir",
        "seq",
        "3",
        "uniq",
        "stat",
        "-c",
        "%n %s %A",
        "\u{E000}",
        "\u{E001}66\u{E002}",
        "é",
        "#",
        "&",
        "'",
        "$(",
        "${",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = Session::new();
    for _ in 0..6000 {
        let n = 1 + rng.next() % 8;
        let line: Vec<&str> = (0..n).map(|_| rng.pick(&words)).collect();
        let line = line.join(" ");
        let _ = s.run(&line);
        let _ = s.fs.changes();
    }
    let _ =
        s.fs.commit_layer(layerlab::budget::Budget::default())
            .unwrap();
    let _ = s.fs.export_tar();
    // Long and deeply nested inputs stay within the stack.
    let mut s = Session::new();
    for line in [
        format!("echo {}", "${A:-".repeat(5000)),
        format!("echo {}", "$(".repeat(500)),
        format!("echo {}*", "a".repeat(100_000)),
        format!("echo x | grep '{}'", "a*".repeat(5000)),
        format!("echo $(({}1{}))", "(".repeat(3000), ")".repeat(3000)),
        format!("mkdir -p /{}", "d/".repeat(2040)),
        format!("cd /{} && touch f && ls -l && pwd", "d/".repeat(2040)),
        "rm -rf /d".to_string(),
        format!("printf '%{}d' 1", "9".repeat(30)),
    ] {
        let _ = s.run(&line);
    }
}

#[test]
fn rename_moves_a_lower_tree_with_its_metadata() {
    let mut fs = Rootfs::bare(image());
    fs.rename("/usr", "/opt/usr", NOW).unwrap();
    assert!(!fs.exists("/usr"));
    let s = fs.stat("/opt/usr/share/doc").unwrap();
    assert_eq!((s.mtime, s.provider), (1_600_000_000, Provider::Container));
    let s = fs.stat("/opt/usr/secret").unwrap();
    assert_eq!((s.mode, s.uid, s.mtime), (0o600, 33, 1_500_000_000));
    assert_eq!(
        fs.rename("/opt", "/opt/usr/z", NOW).unwrap_err().errno,
        Errno::Invalid
    );
    assert_eq!(
        fs.rename("/opt", "/nope/z", NOW).unwrap_err().errno,
        Errno::NotFound
    );
    let lines: Vec<String> = fs.changes().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines,
        [
            "C /opt",
            "A /opt/usr",
            "A /opt/usr/secret",
            "A /opt/usr/share",
            "A /opt/usr/share/doc",
            "A /opt/usr/share/doc/README",
            "D /usr"
        ]
    );
}

#[test]
fn export_writes_hardlinks_once_and_keeps_file_bytes_as_views() {
    static BIG: [u8; 10_000] = [7u8; 10_000];
    let img = Arc::new(Union::build([layer(&[
        d("data/"),
        E("data/big", b'0', &BIG, "", 0o644, 0, 1_600_000_000),
        E(
            "data/big-link",
            b'1',
            b"",
            "data/big",
            0o644,
            0,
            1_600_000_000,
        ),
    ])]));
    let mut fs = Rootfs::new(img.clone(), NOW);
    fs.write_file("/a", Bytes::from_static(b"shared"), NOW)
        .unwrap();
    fs.link("/a", "/b", NOW).unwrap();
    let parts = fs.export_tar();
    let image_bytes = img.read("data/big").unwrap();
    assert!(
        parts.iter().any(|p| p
            .as_memory()
            .is_some_and(|b| b.as_ptr() == image_bytes.as_ptr())),
        "the big file is a view into the layer"
    );
    let tar = layerlab::container::archive::concat_parts(&parts).unwrap();
    let mut ar = tar::Archive::new(&tar[..]);
    let mut seen = Vec::new();
    for e in ar.entries().unwrap() {
        let e = e.unwrap();
        let name = String::from_utf8_lossy(&e.path_bytes()).into_owned();
        let link = e
            .link_name_bytes()
            .map(|l| String::from_utf8_lossy(&l).into_owned());
        seen.push((name, e.header().entry_type().as_byte(), link));
    }
    let find = |n: &str| seen.iter().find(|x| x.0 == n).cloned().unwrap();
    assert_eq!(find("a"), ("a".into(), b'0', None));
    assert_eq!(find("b"), ("b".into(), b'1', Some("a".into())));
    assert_eq!(find("data/big").1, b'0');
    assert_eq!(
        find("data/big-link"),
        ("data/big-link".into(), b'1', Some("data/big".into()))
    );
    // Deterministic.
    let again = layerlab::container::archive::concat_parts(&fs.export_tar()).unwrap();
    assert_eq!(tar, again);
    assert_eq!(
        fs.commit_layer(layerlab::budget::Budget::default())
            .unwrap(),
        fs.commit_layer(layerlab::budget::Budget::default())
            .unwrap()
    );
}

#[test]
fn ls_human_sizes_and_columns() {
    let mut s = Session::new();
    s.out("printf '%2000s' x > /tmp/two-k");
    let ls = s.out("ls -lh /tmp/two-k");
    assert!(
        ls.starts_with("-rw-r--r--    1 root     root        2.0K "),
        "{ls}"
    );
    s.env.tty = true;
    s.out("mkdir /c && cd /c && touch one two three four");
    assert_eq!(s.out("ls"), "four   one    three  two\n");
    assert_eq!(s.out("ls -1"), "four\none\nthree\ntwo\n");
}

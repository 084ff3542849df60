//! Hostile tars at every door a tar comes in by (`docker load`, `docker import`, `docker cp
//! -`, `ADD` of a local tar, a build context tar), held to moby's extraction rules
//! (vendor/github.com/moby/go-archive at v28.2.2, extracting under a chroot; checked
//! against dockerd 20.10 with crafted tars): `..` stops at the root, a hardlink needs an
//! earlier file of the same tar.

mod common;

use common::{concat_tars, hardlink_tar, legacy, run, session_with, tar};
use layerlab::Session;

const MISSING: &str = "link /missing /a: no such file or directory";

/// A layer whose hardlink `a` names nothing in it.
fn dangling_layer() -> Vec<u8> {
    concat_tars(&[tar(&[("f", b"x")]), hardlink_tar(&[("a", "missing")])])
}

/// A hardlink that climbs out: under the chroot it names `/etc/passwd`, absent from the layer.
fn climbing_layer() -> Vec<u8> {
    hardlink_tar(&[("a", "../../etc/passwd")])
}

fn images(s: &mut Session) -> String {
    run(s, "docker images -a --no-trunc").0
}

#[test]
fn load_refuses_a_dangling_hardlink_and_adds_nothing() {
    let (archive, _) = legacy(&["bad:1"], &[dangling_layer()], "2024-01-01T00:00:00Z");
    let (climb, _) = legacy(&["bad:2"], &[climbing_layer()], "2024-01-01T00:00:00Z");
    let mut s = session_with(&[("bad.tar", archive), ("climb.tar", climb)]);
    let before = images(&mut s);
    assert_eq!(
        run(&mut s, "docker load -i bad.tar"),
        (String::new(), format!("{MISSING}\n"), 1)
    );
    assert_eq!(
        run(&mut s, "docker load -i climb.tar"),
        (
            String::new(),
            "link /etc/passwd /a: no such file or directory\n".into(),
            1
        )
    );
    assert_eq!(images(&mut s), before);
}

#[test]
fn load_keeps_climbing_names_inside_the_root() {
    let layer = tar(&[
        ("../../escape.txt", b"out\n"),
        ("a/b/../../../../../etc/evil", b"evil\n"),
    ]);
    let (archive, _) = legacy(&["climb:1"], &[layer], "2024-01-01T00:00:00Z");
    let mut s = session_with(&[("climb.tar", archive)]);
    let (out, err, code) = run(&mut s, "docker load -i climb.tar");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Loaded image: climb:1\n", "", 0)
    );
    let (_, err, code) = run(&mut s, "docker create --name box climb:1 x");
    assert_eq!(code, 0, "{err}");
    for (path, text) in [("/escape.txt", "out\n"), ("/etc/evil", "evil\n")] {
        let (_, err, code) = run(&mut s, &format!("docker cp box:{path} got.txt"));
        assert_eq!(code, 0, "{err}");
        assert_eq!(run(&mut s, "cat got.txt").0, text);
    }
}

#[test]
fn import_refuses_a_dangling_hardlink() {
    let mut s = session_with(&[
        ("bad.tar", dangling_layer()),
        ("bad.tar.gz", common::gzip(&dangling_layer())),
    ]);
    let before = images(&mut s);
    for line in [
        "docker import bad.tar bad:1",
        "docker import - bad:1 < bad.tar",
        "docker import bad.tar.gz bad:1",
    ] {
        assert_eq!(
            run(&mut s, line),
            (
                String::new(),
                format!("Error response from daemon: {MISSING}\n"),
                1
            ),
            "{line}"
        );
    }
    assert_eq!(images(&mut s), before);
}

#[test]
fn cp_into_a_container_refuses_a_dangling_hardlink() {
    let mut s = session_with(&[("bad.tar", dangling_layer())]);
    let (_, err, code) = run(&mut s, "docker pull -q busybox");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker create --name box busybox");
    assert_eq!(code, 0, "{err}");
    let before = run(&mut s, "docker diff box");
    assert_eq!(
        run(&mut s, "docker cp - box:/tmp < bad.tar"),
        (
            String::new(),
            "Error response from daemon: link /tmp/missing /tmp/a: no such file or directory\n"
                .into(),
            1
        )
    );
    assert_eq!(run(&mut s, "docker diff box"), before);
}

/// Into a directory below the root, moby's `Unpack` checks names and links against it
/// (vendor/github.com/moby/go-archive/archive.go: breakoutError, createTarFile).
#[test]
fn cp_into_a_directory_refuses_what_climbs_out_of_it() {
    let climb = tar(&[("../../escape.txt", b"x")]);
    let deep = tar(&[("a/b/../../../../../etc/evil", b"x")]);
    let link = hardlink_tar(&[("a", "../../etc/passwd")]);
    let mut symlink = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    h.set_mode(0o777);
    symlink.append_link(&mut h, "s", "../../../etc").unwrap();
    let symlink = symlink.into_inner().unwrap();
    let mut s = session_with(&[
        ("climb.tar", climb),
        ("deep.tar", deep),
        ("link.tar", link),
        ("symlink.tar", symlink),
    ]);
    let (_, err, code) = run(&mut s, "docker pull -q busybox");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker create --name box busybox");
    assert_eq!(code, 0, "{err}");
    let before = run(&mut s, "docker diff box");
    for (file, text) in [
        ("climb.tar", r#""../../escape.txt" is outside of "/tmp""#),
        ("deep.tar", r#""../../../etc/evil" is outside of "/tmp""#),
        (
            "link.tar",
            r#"invalid hardlink "/etc/passwd" -> "../../etc/passwd""#,
        ),
        (
            "symlink.tar",
            r#"invalid symlink "/tmp/s" -> "../../../etc""#,
        ),
    ] {
        assert_eq!(
            run(&mut s, &format!("docker cp - box:/tmp < {file}")),
            (
                String::new(),
                format!("Error response from daemon: {text}\n"),
                1
            ),
            "{file}"
        );
    }
    assert_eq!(run(&mut s, "docker diff box"), before);
    // Into the root, `..` stops there.
    let (_, err, code) = run(&mut s, "docker cp - box:/ < climb.tar");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn build_refuses_a_dangling_hardlink_in_add_and_in_the_context() {
    let mut s = session_with(&[("bad.tar", dangling_layer())]);
    let (_, err, code) = run(&mut s, "docker pull -q busybox");
    assert_eq!(code, 0, "{err}");
    s.host_mut()
        .write(
            "Dockerfile",
            b"FROM busybox\nADD bad.tar /x/\n".to_vec().into(),
        )
        .unwrap();
    let before = images(&mut s);
    let (_, err, code) = run(&mut s, "docker build -q -t added .");
    assert_ne!(code, 0);
    assert!(err.contains(MISSING), "{err}");
    // The whole context as a tar: the Dockerfile and the dangling link.
    let ctx = concat_tars(&[
        tar(&[("Dockerfile", b"FROM busybox\n")]),
        hardlink_tar(&[("a", "missing")]),
    ]);
    s.host_mut().write("ctx.tar", ctx.into()).unwrap();
    let (_, err, code) = run(&mut s, "docker build -q -t ctx ctx.tar");
    assert_ne!(code, 0);
    assert!(err.contains(MISSING), "{err}");
    assert_eq!(images(&mut s), before);
}

#[test]
fn load_lets_a_hardlink_name_a_lower_layer_but_not_a_hidden_file() {
    let lower = tar(&[("bin/busybox", b"BB")]);
    let upper = hardlink_tar(&[("bin/sh", "bin/busybox")]);
    let (good, _) = legacy(&["two:1"], &[lower.clone(), upper], "2024-01-01T00:00:00Z");
    let hidden = concat_tars(&[
        tar(&[("bin/.wh.busybox", b"")]),
        hardlink_tar(&[("bin/sh", "bin/busybox")]),
    ]);
    let (bad, _) = legacy(&["two:2"], &[lower, hidden], "2024-01-01T00:00:00Z");
    let mut s = session_with(&[("good.tar", good), ("bad.tar", bad)]);
    assert_eq!(
        run(&mut s, "docker load -i good.tar"),
        ("Loaded image: two:1\n".into(), String::new(), 0)
    );
    let before = images(&mut s);
    assert_eq!(
        run(&mut s, "docker load -i bad.tar"),
        (
            String::new(),
            "link /bin/busybox /bin/sh: no such file or directory\n".into(),
            1
        )
    );
    assert_eq!(images(&mut s), before);
}

/// A name that would clear the screen.
const CLEAR: &str = "a\x1b[2J";

#[test]
fn host_ls_shows_control_characters_as_gnu_quotes_them() {
    let mut s = session_with(&[(CLEAR, b"x".to_vec()), ("plain", b"y".to_vec())]);
    let (out, _, code) = run(&mut s, "ls");
    assert_eq!(code, 0);
    assert_eq!(out, "'a'$'\\033''[2J'\nplain\n");
}

#[test]
fn container_ls_shows_control_characters_as_question_marks() {
    let layer = tar(&[(&format!("x/{CLEAR}")[..], b"x"), ("x/plain", b"y")]);
    let mut s = session_with(&[("evil.tar", layer)]);
    let (_, err, code) = run(&mut s, "docker pull -q busybox");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker create --name box busybox sleep 100");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker cp - box:/ < evil.tar");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker start box");
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(&mut s, "docker exec box ls -1 /x");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("a?[2J\nplain\n", "", 0)
    );
}

#[test]
fn program_output_reaches_the_terminal_unchanged() {
    let mut s = session_with(&[]);
    let (_, err, code) = run(&mut s, "docker pull -q busybox");
    assert_eq!(code, 0, "{err}");
    let (out, _, code) = run(&mut s, "docker run --rm busybox printf '\\033[31mred'");
    assert_eq!((out.as_str(), code), ("\x1b[31mred", 0));
}

#[test]
fn docker_tables_show_control_characters_as_question_marks() {
    let mut s = session_with(&[("flat.tar", tar(&[("f", b"x")]))]);
    let (_, err, code) = run(
        &mut s,
        "docker import -c 'LABEL x=y' -m \"$(printf 'evil\\033[2J')\" flat.tar evil:1",
    );
    assert_eq!(code, 0, "{err}");
    let (out, _, _) = run(&mut s, "docker history evil:1");
    assert!(out.contains("evil?[2J"), "{out:?}");
    assert!(!out.contains('\x1b'), "{out:?}");
    // `inspect` is JSON: encoding/json escapes control characters itself.
    let (out, _, _) = run(&mut s, "docker inspect --format '{{json .Comment}}' evil:1");
    assert_eq!(out, "\"evil\\u001b[2J\"\n");
}

#[test]
fn whiteouts_of_dot_and_dot_dot_fail_the_load_and_the_import() {
    let layer = tar(&[("a/f", b"x"), ("a/.wh...", b"")]);
    let (archive, _) = legacy(
        &["wh:1"],
        std::slice::from_ref(&layer),
        "2024-01-01T00:00:00Z",
    );
    let mut s = session_with(&[("wh.tar", archive), ("flat.tar", layer)]);
    let before = images(&mut s);
    let text = "failed to mknod('/', S_IFCHR, 0): file exists";
    assert_eq!(
        run(&mut s, "docker load -i wh.tar"),
        (String::new(), format!("{text}\n"), 1)
    );
    assert_eq!(
        run(&mut s, "docker import flat.tar wh:2"),
        (
            String::new(),
            format!("Error response from daemon: {text}\n"),
            1
        )
    );
    assert_eq!(images(&mut s), before);
}

/// A tar whose first member is followed by one block of zeros and then another header.
fn lone_zero_block() -> Vec<u8> {
    let mut first = tar(&[("a.txt", b"hi\n")]);
    let second = tar(&[("b.txt", b"yo\n")]);
    // Cut the first tar's end-of-archive blocks down to one.
    while first.len() > 512 && first[first.len() - 512..].iter().all(|b| *b == 0) {
        first.truncate(first.len() - 512);
    }
    first.extend_from_slice(&[0u8; 512]);
    first.extend_from_slice(&second);
    first
}

/// Go's tar reader refuses a block of zeros followed by a header (dockerd 20.10: `docker
/// import` fails with `archive/tar: invalid tar header`), where the `tar` crate stops at
/// the zeros; and it reads octal fields after trimming NULs, so that a mode of
/// `"\00\00755\0"` is 0 and imports (checked with dockerd 20.10).
#[test]
fn tars_end_where_go_says_they_end() {
    let lone = lone_zero_block();
    let (archive, _) = legacy(&["lone:1"], &[lone.clone()], "2024-01-01T00:00:00Z");
    let mut odd_mode = tar(&[("f", b"x")]);
    odd_mode[100..108].copy_from_slice(b"\x000\x000755\x00");
    let sum: u32 = odd_mode[..512]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                *b as u32
            }
        })
        .sum();
    odd_mode[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut s = session_with(&[
        ("lone.tar", lone),
        ("archive.tar", archive),
        ("odd.tar", odd_mode),
    ]);
    let before = images(&mut s);
    let refused = "archive/tar: invalid tar header\n";
    assert_eq!(
        run(&mut s, "docker import lone.tar lone:1"),
        (
            String::new(),
            format!("Error response from daemon: {refused}"),
            1
        )
    );
    let (out, err, code) = run(&mut s, "docker load -i archive.tar");
    assert_eq!((out.as_str(), code), ("", 1), "{err}");
    assert!(err.ends_with(refused), "{err}");
    assert_eq!(images(&mut s), before);
    let (_, err, code) = run(&mut s, "docker import odd.tar odd:1");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker create --name oddbox odd:1 x");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker cp oddbox:/f got.txt");
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(&mut s, "cat got.txt").0, "x");
}

//! Scenarios shared by the native and wasm test suites (included by both).

use super::*;

pub fn loads_legacy_and_oci() {
    let ls = layers();
    let (legacy_tar, id1) = legacy(&["demo:1", "demo:latest"], &ls, "2024-01-01T00:00:00Z");
    let (oci_tar, id2) = oci(None, &ls[..1], "2024-06-01T00:00:00Z");
    let (named_oci, id3) = oci(
        Some("localhost:5000/x/y:2"),
        &ls[..1],
        "2024-06-02T00:00:00Z",
    );
    let mut s = session_with(&[
        ("a.tar", legacy_tar),
        ("b.tar", oci_tar),
        ("c.tar", gzip(&named_oci)),
    ]);
    let (out, err, code) = run(&mut s, "docker load -i a.tar");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Loaded image: demo:1\nLoaded image: demo:latest\n", "", 0)
    );
    let (out, _, code) = run(&mut s, "docker load < b.tar");
    assert_eq!((out, code), (format!("Loaded image ID: {id2}\n"), 0));
    let (out, _, _) = run(&mut s, "docker load -i c.tar");
    assert_eq!(out, "Loaded image: localhost:5000/x/y:2\n");
    let (out, _, _) = run(&mut s, "docker images");
    assert_eq!(
        out,
        format!(
            "REPOSITORY           TAG       IMAGE ID       CREATED         SIZE\n\
             localhost:5000/x/y   2         {}   19 months ago   13B\n\
             <none>               <none>    {}   19 months ago   13B\n\
             demo                 1         {}   2 years ago     21B\n\
             demo                 latest    {}   2 years ago     21B\n",
            id3.short(),
            id2.short(),
            id1.short(),
            id1.short()
        )
    );
    let (out, _, _) = run(&mut s, "docker images -q --no-trunc demo");
    assert_eq!(out, format!("{id1}\n{id1}\n"));
    // A tag that moves prints Docker's renaming line.
    let (moved, id4) = legacy(&["demo:1"], &ls[..1], "2025-01-01T00:00:00Z");
    s.host_mut().write("d.tar", moved.into()).unwrap();
    let (out, _, _) = run(&mut s, "docker load -i d.tar");
    assert_eq!(
        out,
        format!("The image demo:1 already exists, renaming the old one with ID {id1} to empty string\nLoaded image: demo:1\n")
    );
    let (out, _, _) = run(&mut s, "docker inspect demo:1");
    assert!(out.contains(&format!("\"Id\": \"{id4}\"")), "{out}");
}

pub fn save_then_load_roundtrips_and_is_deterministic() {
    let ls = layers();
    let (a, id) = legacy(&["demo:1"], &ls, "2024-01-01T00:00:00Z");
    let (b, id2) = oci(
        Some("docker.io/library/other:2"),
        &ls[..1],
        "2024-06-01T00:00:00Z",
    );
    let mut s = session_with(&[("a.tar", a), ("b.tar", b)]);
    run(&mut s, "docker load -i a.tar; docker load -i b.tar");
    let (_, err, code) = run(
        &mut s,
        "docker save -o out.tar demo:1 other:2 && docker save demo other > out2.tar",
    );
    assert_eq!((err.as_str(), code), ("", 0));
    let saved = layerlab::host::Host::read(s.host(), "out.tar").unwrap();
    let saved2 = layerlab::host::Host::read(s.host(), "out2.tar").unwrap();
    assert_eq!(saved, saved2, "the same store saves to the same bytes");
    let inspect_before = run(&mut s, "docker inspect demo:1 other:2").0;
    let mut fresh = session_with(&[("out.tar", saved.to_vec())]);
    let (out, _, code) = run(&mut fresh, "docker load -i out.tar");
    assert_eq!(
        (out.as_str(), code),
        ("Loaded image: demo:1\nLoaded image: other:2\n", 0)
    );
    let ids = run(&mut fresh, "docker images -q --no-trunc").0;
    assert!(ids.contains(&id.to_string()) && ids.contains(&id2.to_string()));
    assert_eq!(
        run(&mut fresh, "docker inspect demo:1 other:2").0,
        inspect_before
    );
    fresh.run("docker save -o again.tar demo:1 other:2");
    assert_eq!(
        layerlab::host::Host::read(fresh.host(), "again.tar").unwrap(),
        saved
    );
}

pub fn bad_input_changes_nothing() {
    let ls = layers();
    let (good, _) = legacy(&["demo:1"], &ls, "2024-01-01T00:00:00Z");
    for (name, bytes, want) in bad_archives() {
        let mut s = session_with(&[("good.tar", good.clone()), ("bad.tar", bytes)]);
        run(&mut s, "docker load -i good.tar");
        let before = store_view(&mut s);
        let (out, err, code) = run(&mut s, "docker load -i bad.tar");
        assert_eq!(code, 1, "{name}: {out} {err}");
        assert_eq!(out, "", "{name}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        assert!(err.contains(want), "{name}: expected {want:?} in {err:?}");
        assert_eq!(store_view(&mut s), before, "{name}: store changed");
    }
}

pub fn mutated_archives_never_panic() {
    let ls = layers();
    let (legacy_tar, _) = legacy(&["demo:1"], &ls, "2024-01-01T00:00:00Z");
    let (oci_tar, _) = oci(Some("docker.io/library/o:1"), &ls, "2024-01-01T00:00:00Z");
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for base in [legacy_tar, oci_tar.clone(), gzip(&oci_tar)] {
        for i in 0..150 {
            let mut m = base.clone();
            match i % 3 {
                0 => {
                    for _ in 0..1 + rng.below(8) {
                        let p = rng.below(m.len());
                        m[p] = rng.next() as u8;
                    }
                }
                1 => m.truncate(rng.below(m.len())),
                _ => {
                    let p = rng.below(m.len());
                    let n = rng.below(64).min(m.len() - p);
                    m.drain(p..p + n);
                }
            }
            let mut s = session_with(&[("m.tar", m)]);
            let o = s.run("docker load -i m.tar");
            if o.code != 0 {
                assert_eq!(s.run("docker images -q").stdout_text(), "");
            }
            s.run("docker images; docker inspect demo:1; docker save -o x.tar o:1 demo:1");
        }
    }
}

pub fn random_command_lines_never_panic() {
    let words = [
        "docker",
        "images",
        "load",
        "save",
        "inspect",
        "image",
        "ls",
        "-q",
        "-a",
        "--no-trunc",
        "-i",
        "-o",
        "a.tar",
        "x.tar",
        ">",
        "<",
        ">>",
        "2>",
        "|",
        "&&",
        "||",
        ";",
        "'",
        "\"",
        "\\",
        "demo:1",
        "sha256:",
        "--help",
        "--x",
        "-",
        "rm",
        "cat",
        "echo",
        "history",
        "help",
        "nosuch",
        "2>&1",
        "#",
        "e2",
        "--input=a.tar",
        "--output",
        "::",
        "@",
        "Demo",
        "list",
    ];
    let (a, _) = legacy(&["demo:1"], &layers(), "2024-01-01T00:00:00Z");
    let mut s = session_with(&[("a.tar", a)]);
    let mut rng = Rng(42);
    for _ in 0..3000 {
        let n = 1 + rng.below(7);
        let line: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
        let line = line.join(if rng.below(4) == 0 { "" } else { " " });
        let _ = s.run(&line);
    }
}

#![cfg(not(target_arch = "wasm32"))]
//! Image parents as moby's image store keeps them: `docker commit` records the container's
//! image, `docker save` writes it as manifest.json's `Parent` when both images are saved,
//! `docker load` restores it (moby's validatedParentLinks and checkValidParent), and
//! inspect, history, images, rmi and image prune follow it.

use layerlab::host::MemHost;
use layerlab::Session;

fn session() -> Session {
    let mut s = Session::new(Box::new(MemHost::new()));
    s.set_now(layerlab::time::Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    s
}

fn ok(s: &mut Session, line: &str) -> String {
    let o = s.run(line);
    assert_eq!(o.code, 0, "{line}: {}", o.stderr_text());
    o.stdout_text()
}

fn id_of(s: &mut Session, image: &str) -> String {
    ok(s, &format!("docker inspect -f '{{{{.Id}}}}' {image}"))
        .trim()
        .to_string()
}

/// busybox, and `child` committed from a container of it.
fn with_child() -> (Session, String, String) {
    let mut s = session();
    ok(&mut s, "docker pull -q busybox");
    ok(&mut s, "docker run --name box busybox sh -c 'echo hi > /f'");
    ok(&mut s, "docker commit box child");
    let base = id_of(&mut s, "busybox");
    let child = id_of(&mut s, "child");
    (s, base, child)
}

#[test]
fn commit_records_the_parent_for_inspect_and_history() {
    let (mut s, base, child) = with_child();
    assert_eq!(
        ok(&mut s, "docker inspect -f '{{.Parent}}' child").trim(),
        base
    );
    assert_eq!(
        ok(&mut s, "docker inspect -f '{{.Parent}}' busybox").trim(),
        ""
    );
    // The newest row is the child, the next the parent, older rows <missing>.
    let ids: Vec<String> = ok(&mut s, "docker history -q --no-trunc child")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids[0], child);
    assert_eq!(ids[1], base);
    assert!(ids[2..].iter().all(|i| i == "<missing>"), "{ids:?}");
}

#[test]
fn an_untagged_parent_is_an_intermediate_image() {
    let (mut s, base, _) = with_child();
    // A container using the image keeps its only name (moby's isSingleReference).
    let o = s.run("docker rmi busybox");
    assert!(
        o.stderr_text().contains("(must force) - container"),
        "{}",
        o.stderr_text()
    );
    ok(&mut s, "docker rm box");
    let o = s.run("docker rmi busybox");
    // The names go; the image stays, for its child.
    assert!(o.stdout_text().starts_with("Untagged: busybox:latest\n"));
    assert!(!o.stdout_text().contains("Deleted"), "{}", o.stdout_text());
    let short = &base["sha256:".len().."sha256:".len() + 12];
    assert!(!ok(&mut s, "docker images").contains(short));
    assert!(ok(&mut s, "docker images -a").contains(short));
    assert!(!ok(&mut s, "docker images -f dangling=true -q").contains(short));
    // Deleting it by ID is a hard conflict while the child exists.
    let o = s.run(&format!("docker rmi -f {short}"));
    assert_eq!(
        o.stderr_text(),
        format!("Error response from daemon: conflict: unable to delete {short} (cannot be forced) - image has dependent child images\n")
    );
    // Deleting the child deletes the parent too (no name, no other child).
    let out = ok(&mut s, "docker rmi child");
    assert!(out.contains(&format!("Deleted: {base}")), "{out}");
    assert_eq!(ok(&mut s, "docker images -a -q"), "");
}

#[test]
fn no_prune_keeps_the_parent() {
    let (mut s, base, _) = with_child();
    ok(&mut s, "docker rm box");
    ok(&mut s, "docker rmi busybox");
    let out = ok(&mut s, "docker rmi --no-prune child");
    assert!(!out.contains(&base), "{out}");
    assert!(ok(&mut s, "docker images -q --no-trunc").contains(&base));
}

#[test]
fn save_and_load_keep_the_parent_when_both_are_in_the_archive() {
    let (mut s, base, child) = with_child();
    ok(&mut s, "docker save -o both.tar busybox child");
    ok(&mut s, "docker save -o alone.tar child");
    let both = s.host().read("both.tar").unwrap();
    let alone = s.host().read("alone.tar").unwrap();
    let mut t = session();
    t.host_mut().write("both.tar", both).unwrap();
    ok(&mut t, "docker load -i both.tar");
    assert_eq!(
        ok(&mut t, "docker inspect -f '{{.Parent}}' child").trim(),
        base
    );
    let mut u = session();
    u.host_mut().write("alone.tar", alone).unwrap();
    ok(&mut u, "docker load -i alone.tar");
    assert_eq!(
        ok(&mut u, "docker inspect -f '{{.Parent}}' child").trim(),
        ""
    );
    assert_eq!(id_of(&mut u, "child"), child);
}

#[test]
fn image_prune_takes_a_dangling_child_and_then_its_untagged_parent() {
    let mut s = session();
    ok(&mut s, "docker pull -q busybox");
    ok(&mut s, "docker run --name box busybox sh -c 'echo hi > /f'");
    let child = ok(&mut s, "docker commit box").trim().to_string();
    let base = id_of(&mut s, "busybox");
    ok(&mut s, "docker rm box");
    ok(&mut s, "docker rmi busybox");
    // The child is dangling; the parent, untagged with a child, is not.
    assert_eq!(
        ok(&mut s, "docker images -f dangling=true -q --no-trunc").trim(),
        child
    );
    let out = ok(&mut s, "docker image prune -f");
    assert!(out.contains(&format!("deleted: {child}")), "{out}");
    assert!(out.contains(&format!("deleted: {base}")), "{out}");
    assert_eq!(ok(&mut s, "docker images -a -q"), "");
}

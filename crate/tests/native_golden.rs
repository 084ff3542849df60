//! Golden transcripts natively (the wasm suites run the same files).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn images() {
    common::golden::check("images.t", include_str!("golden/images.t"));
}

#[test]
fn tutorial() {
    common::golden::check("tutorial.t", include_str!("golden/tutorial.t"));
}

#[test]
fn notes() {
    common::golden::check("notes.t", include_str!("golden/notes.t"));
}

#[test]
fn containers() {
    common::golden::check("containers.t", include_str!("golden/containers.t"));
}

#[test]
fn everyday() {
    common::golden::check("everyday.t", include_str!("golden/everyday.t"));
}

#[test]
fn processes() {
    common::golden::check("processes.t", include_str!("golden/processes.t"));
}

#[test]
fn volumes() {
    common::golden::check("volumes.t", include_str!("golden/volumes.t"));
}

#[test]
fn wait_top_stats() {
    common::golden::check("wait_top_stats.t", include_str!("golden/wait_top_stats.t"));
}

#[test]
fn interactive() {
    common::golden::check("interactive.t", include_str!("golden/interactive.t"));
}

#[test]
fn varlibdocker() {
    common::golden::check("varlibdocker.t", include_str!("golden/varlibdocker.t"));
}

#[test]
fn push29() {
    common::golden::check("push29.t", include_str!("golden/push29.t"));
}

#[test]
fn notes_docker29() {
    common::golden::check("notes29.t", include_str!("golden/notes29.t"));
}

#[test]
fn tutorial_docker29() {
    common::golden::check("tutorial29.t", include_str!("golden/tutorial29.t"));
}

#[test]
fn everyday_docker29() {
    common::golden::check("everyday29.t", include_str!("golden/everyday29.t"));
}

#[test]
fn containers_docker29() {
    common::golden::check("containers29.t", include_str!("golden/containers29.t"));
}

#[test]
fn volumes_docker29() {
    common::golden::check("volumes29.t", include_str!("golden/volumes29.t"));
}

#[test]
fn processes_docker29() {
    common::golden::check("processes29.t", include_str!("golden/processes29.t"));
}

#[test]
fn wait_top_stats_docker29() {
    common::golden::check(
        "wait_top_stats29.t",
        include_str!("golden/wait_top_stats29.t"),
    );
}

#[test]
fn demo_images_docker29() {
    common::golden::check("demo-images29.t", include_str!("golden/demo-images29.t"));
}

#[test]
fn interactive_docker29() {
    common::golden::check("interactive29.t", include_str!("golden/interactive29.t"));
}

#[test]
fn hardening_docker29() {
    common::golden::check("hardening29.t", include_str!("golden/hardening29.t"));
}

#[test]
fn varlibcontainerd() {
    common::golden::check(
        "varlibcontainerd.t",
        include_str!("golden/varlibcontainerd.t"),
    );
}

#[test]
fn demo_images() {
    common::golden::check("demo-images.t", include_str!("golden/demo-images.t"));
}

#[test]
fn build() {
    common::golden::check("build.t", include_str!("golden/build.t"));
}

/// Every transcript says where its lines come from (see "Provenance" in common/golden.rs):
/// a `# Provenance` header before its first command, and block notes with known keys only.
#[test]
fn every_transcript_says_where_its_lines_come_from() {
    for (name, text) in [
        ("images.t", include_str!("golden/images.t")),
        ("tutorial.t", include_str!("golden/tutorial.t")),
        ("notes.t", include_str!("golden/notes.t")),
        ("containers.t", include_str!("golden/containers.t")),
        ("build.t", include_str!("golden/build.t")),
        ("everyday.t", include_str!("golden/everyday.t")),
        ("processes.t", include_str!("golden/processes.t")),
        ("volumes.t", include_str!("golden/volumes.t")),
        ("wait_top_stats.t", include_str!("golden/wait_top_stats.t")),
        ("varlibdocker.t", include_str!("golden/varlibdocker.t")),
        (
            "varlibcontainerd.t",
            include_str!("golden/varlibcontainerd.t"),
        ),
        ("interactive.t", include_str!("golden/interactive.t")),
        ("demo-images.t", include_str!("golden/demo-images.t")),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        let first = lines.iter().position(|l| l.starts_with("$ ")).unwrap();
        assert!(
            lines[..first].iter().any(|l| l.starts_with("# Provenance")),
            "{name} has no `# Provenance` header before its first command"
        );
        // Each block's notes start with a known key (further lines continue a note).
        for (i, l) in lines.iter().enumerate() {
            if !l.starts_with("$ ") {
                continue;
            }
            let notes = common::golden::notes_before(&lines, i);
            let Some(note) = notes.first() else { continue };
            let body = note.trim_start_matches('#').trim_start();
            assert!(
                common::golden::NOTE_KEYS
                    .iter()
                    .any(|k| body.starts_with(k)),
                "{name}:{}: a note starts with none of {:?}: {note}",
                i + 1 - notes.len(),
                common::golden::NOTE_KEYS
            );
        }
    }
}

/// What `LAYERLAB_BLESS=1` prints when it rewrites a transcript: a unified diff with the
/// file's name and line numbers; nothing for an unchanged one.
#[test]
fn bless_diff_is_unified() {
    use common::golden::unified_diff;
    assert_eq!(unified_diff("x.t", "a\nb\n", "a\nb\n"), "");
    let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
    let new = "1\n2\n3\n4\nfour and a half\n5\n6\n7\n8\n9\n10\n11\n12\n13\nFOURTEEN\n15\n16\n";
    assert_eq!(
        unified_diff("crate/tests/golden/x.t", old, new),
        "--- crate/tests/golden/x.t (before)\n\
         +++ crate/tests/golden/x.t (blessed)\n\
         @@ -2,6 +2,7 @@\n 2\n 3\n 4\n+four and a half\n 5\n 6\n 7\n\
         @@ -11,6 +12,6 @@\n 11\n 12\n 13\n-14\n+FOURTEEN\n 15\n 16\n"
    );
    // Changes closer than twice the context share a hunk; a removal at the end.
    assert_eq!(
        unified_diff("x.t", "a\nb\nc\nd\n", "a\nB\nc\n"),
        "--- x.t (before)\n+++ x.t (blessed)\n@@ -1,4 +1,3 @@\n a\n-b\n+B\n c\n-d\n"
    );
    assert_eq!(
        unified_diff("x.t", "", "new\n"),
        "--- x.t (before)\n+++ x.t (blessed)\n@@ -0,0 +1,1 @@\n+new\n"
    );
}

#[test]
fn hardening() {
    common::golden::check("hardening.t", include_str!("golden/hardening.t"));
}

#[test]
fn images_docker29() {
    common::golden::check("images29.t", include_str!("golden/images29.t"));
}

#[test]
fn pull_docker29() {
    common::golden::check("pull29.t", include_str!("golden/pull29.t"));
}

#[test]
fn store_docker29() {
    common::golden::check("store29.t", include_str!("golden/store29.t"));
}

#[test]
fn build_docker29() {
    common::golden::check("build29.t", include_str!("golden/build29.t"));
}

#![cfg(not(target_arch = "wasm32"))]
//! The shared scenarios natively, plus the reference archives in ../shared/fixtures.

mod common;
use common::scenarios;

#[test]
fn loads_legacy_and_oci() {
    scenarios::loads_legacy_and_oci();
}

#[test]
fn save_then_load_roundtrips_and_is_deterministic() {
    scenarios::save_then_load_roundtrips_and_is_deterministic();
}

#[test]
fn bad_input_changes_nothing() {
    scenarios::bad_input_changes_nothing();
}

#[test]
fn mutated_archives_never_panic() {
    scenarios::mutated_archives_never_panic();
}

#[test]
fn random_command_lines_never_panic() {
    scenarios::random_command_lines_never_panic();
}

/// A missing prerequisite skips outside CI and fails under it, naming what is missing.
#[test]
fn missing_prerequisites_fail_only_under_ci() {
    common::missing_with(false, "nothing really");
    let err = std::panic::catch_unwind(|| common::missing_with(true, "fixtures/x.tar is missing"))
        .unwrap_err();
    let msg = err.downcast_ref::<String>().unwrap();
    assert!(
        msg.starts_with("fixtures/x.tar is missing; under CI"),
        "{msg}"
    );
}

/// Every reference archive loads with the ID its README gives, or fails as it says.
#[test]
fn reference_fixtures() {
    let Some(dir) = common::shared_fixtures() else {
        return;
    };
    let cases: &[(&str, &str, &str)] = &[
        ("dive/test-docker-image.tar", "Loaded image: dive-test:latest\n", "75ae28b8ebf89b203319069ddcbecdf5c3838503bbebc0d0d85e4b8589c5de3a"),
        ("dive/test-kaniko-image.tar", "Loaded image: dive-test:kaniko-latest\n", "ae16a51058a758c7963b2f9b23d1acfa201ce9cbefc8cb93845f8cd934fb144d"),
        ("dive/test-oci-uncompressed-image.tar", "", "3eaccc100f866490f00ae82727b459a737af031dcf44c791d8aa714a70f24959"),
        ("dive/test-oci-gzip-image.tar", "", "3eaccc100f866490f00ae82727b459a737af031dcf44c791d8aa714a70f24959"),
        ("dive/test-oci-zstd-image.tar", "", "3eaccc100f866490f00ae82727b459a737af031dcf44c791d8aa714a70f24959"),
        ("dive/test-oci-estargz-image.tar", "", "5c153971f5feeb018fab88c379f94ef9171ba1990163d32852fd27bf55ed5b74"),
        ("ggcr/hello-world-v25.tar", "", "ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44"),
        ("ggcr/test_image_1.tar", "Loaded image: bazel/v1/tarball:test_image_1\n", "6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e"),
        ("ggcr/test_image_2.tar", "Loaded image: bazel/v1/tarball:test_image_2\n", "930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9"),
        ("ggcr/whiteout_image.tar", "Loaded image: bazel/pkg/v1/mutate:whiteout_image\n", "decb630649c3e1256345d416b228d6c3ceb387a55120ad44dc3ec992976d28b9"),
        ("ggcr/whiteout_dir.tar", "Loaded image: localhost:5000/whiteout:latest\n", "92f1e3d53acdc7e137e73869abc4e87aba6614440a31723423790ca0d5db9111"),
        ("ggcr/overwritten_file.tar", "Loaded image: bazel/pkg/v1/mutate:overwritten_file\n", "68f6eb746cdb287658796ba120849bb77be87040a155fbefb89c96f109c0703a"),
        ("ggcr/source_image_with_empty_layer_history.tar", "Loaded image: bazel/pkg/v1/mutate:source_image\n", "05b5ec1290589606ce19fabb1fb331f004acd9f618b9b4e813721be1a03a0712"),
        (
            "ggcr/test_link.tar",
            "Loaded image: bazel/v1/tarball:test_image_1\nLoaded image: bazel/v1/tarball:test_image_3\n",
            "d4c9adacde69c3d92446e0484cea29493e9fd573cf0c8febfc700d80c46697a4",
        ),
    ];
    for (file, printed, id) in cases {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let mut s = common::session_with(&[("f.tar", bytes)]);
        let (out, err, code) = common::run(&mut s, "docker load -i f.tar");
        let expected = if printed.is_empty() {
            format!("Loaded image ID: sha256:{id}\n")
        } else {
            printed.to_string()
        };
        assert_eq!((out, err, code), (expected, String::new(), 0), "{file}");
        let ids = common::run(&mut s, "docker images -q --no-trunc").0;
        assert!(ids.contains(id), "{file}: {ids}");
    }
    let failing: &[(&str, &str)] = &[
        (
            "ggcr/no_manifest.tar",
            "invalid archive: does not contain a manifest.json\n",
        ),
        (
            "ggcr/null_manifest.tar",
            "invalid manifest, manifest cannot be null (but can be [])\n",
        ),
        // Docker refuses RepoTags without a tag ("test_image_2"); see README.md.
        ("ggcr/test_bundle.tar", "invalid tag \"test_image_2\"\n"),
    ];
    for (file, msg) in failing {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let mut s = common::session_with(&[("f.tar", bytes)]);
        let (out, err, code) = common::run(&mut s, "docker load -i f.tar");
        assert_eq!((out.as_str(), err.as_str(), code), ("", *msg, 1), "{file}");
        assert_eq!(common::run(&mut s, "docker images -q").0, "", "{file}");
    }
}

/// The binary prints as Docker does for where its standard output goes: a pipe here, so
/// `pull` prints each step as its own line, `cp` is quiet and `save` writes the archive to
/// it; `--tty` prints as to a terminal (the page's form: each layer's last state; `save`
/// refuses),
/// and `--no-tty` as to a pipe.
#[test]
fn output_follows_whether_stdout_is_a_terminal_unless_told() {
    let dir = std::env::temp_dir().join(format!("layerlab-tty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let host = dir.to_str().unwrap().to_string();
    let run = |extra: &[&str]| {
        let mut args = vec!["--host", host.as_str(), "--now", "2024-01-01T00:00:00Z"];
        args.extend_from_slice(extra);
        common::binary(
            &args,
            "docker pull busybox\ndocker create --name box busybox >/dev/null\n\
             docker cp box:/bin/busybox bb\ndocker save busybox | wc -c\ndocker save busybox\n",
        )
    };
    let piped = run(&[]);
    assert_eq!(piped, run(&["--no-tty"]));
    let tty = run(&["--tty"]);
    let layer = |out: &str| out.lines().nth(2).unwrap()[..12].to_string();
    let id = layer(&piped.0);
    assert!(piped.0.contains(&format!("{id}: Pulling fs layer\n{id}: Verifying Checksum\n{id}: Download complete\n{id}: Pull complete\n")), "{}", piped.0);
    assert!(
        tty.0.contains(&format!(
            "latest: Pulling from library/busybox\n{id}: Pull complete\nDigest:"
        )),
        "{}",
        tty.0
    );
    // Piped, `docker cp` is quiet and `docker save` writes the archive (counted, then
    // written); at a terminal `cp` says what it copied and `save` refuses, as Docker's CLI.
    assert!(piped.1.is_empty(), "{}", piped.1);
    assert_eq!(piped.2, Some(0));
    assert_eq!(
        tty.1,
        "Successfully copied 2.048kB to bb\n\
         cowardly refusing to save to a terminal. Use the -o flag or redirect\n"
    );
    assert_eq!(tty.2, Some(1));
    let count = |out: &str| {
        out.lines()
            .find(|l| l.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
    };
    assert_eq!(count(&piped.0), count(&tty.0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Without `--docker` the binary answers as Docker 29 with the containerd image store, as a
/// fresh install does; `--docker 28` as the classic store.
#[test]
fn the_binary_answers_as_docker29_unless_told() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = std::env::temp_dir().join(format!("layerlab-default-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |extra: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_layerlab"))
            .arg("--host")
            .arg(&dir)
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"docker version -f '{{.Server.Version}}'\ndocker info -f '{{.Driver}}'\n")
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    assert_eq!(run(&[]), "29.7.2\noverlayfs\n");
    assert_eq!(run(&["--docker", "28"]), "28.2.2\noverlay2\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

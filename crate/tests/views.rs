#![cfg(not(target_arch = "wasm32"))]
//! The view models the page renders, checked against what a user would check: the same
//! numbers as `docker images`, `docker ps`, `docker history`, `docker diff` and dive.

mod common;

use layerlab::views;
use layerlab::Session;
use serde_json::Value;

fn ok(s: &mut Session, line: &str) -> String {
    let (out, err, code) = common::run(s, line);
    assert_eq!(code, 0, "{line}: {err}");
    out
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// The entry named `name` of a `tree` listing.
fn named<'a>(entries: &'a Value, name: &str) -> &'a Value {
    entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {entries}"))
}

fn names(entries: &Value) -> Vec<String> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

fn pulled() -> Session {
    let mut s = common::session_with(&[]);
    ok(&mut s, "docker pull -q nginx");
    ok(&mut s, "docker pull -q busybox");
    s
}

#[test]
fn images_are_the_rows_of_docker_images_one_per_image() {
    let mut s = pulled();
    ok(&mut s, "docker tag nginx web:1");
    let v = views::images(&s);
    let rows = v.as_array().unwrap();
    // docker images lists nginx twice (two tags); the view once, with both tags.
    let ids = ok(&mut s, "docker images --no-trunc --format '{{.ID}}'");
    let mut unique: Vec<&str> = lines(&ids);
    unique.dedup();
    let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, unique);
    let want = ok(
        &mut s,
        "docker images --no-trunc --format '{{.ID}} {{.Size}} {{.CreatedSince}}'",
    );
    for r in rows {
        let id = r["id"].as_str().unwrap();
        let line = lines(&want)
            .into_iter()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string();
        assert_eq!(
            line,
            format!(
                "{id} {} {}",
                r["sizeText"].as_str().unwrap(),
                r["createdSince"].as_str().unwrap()
            )
        );
        let inspect = ok(
            &mut s,
            &format!("docker inspect -f '{{{{.Size}}}} {{{{len .RootFS.Layers}}}} {{{{.Created}}}} {{{{json .RepoTags}}}}' {id}"),
        );
        assert_eq!(
            inspect.trim_end(),
            format!(
                "{} {} {} {}",
                r["size"],
                r["layers"],
                r["created"].as_str().unwrap(),
                r["repoTags"]
            )
        );
        assert_eq!(r["shortId"].as_str().unwrap(), &id[7..19]);
    }
    let nginx = rows
        .iter()
        .find(|r| r["repoTags"][0] == "nginx:latest")
        .unwrap();
    assert_eq!(
        nginx["repoTags"],
        serde_json::json!(["nginx:latest", "web:1"])
    );
}

#[test]
fn containers_are_the_rows_of_docker_ps_a() {
    let mut s = pulled();
    ok(&mut s, "docker run --name once busybox echo hi");
    ok(&mut s, "docker run -d --name web nginx");
    ok(&mut s, "docker create --name fresh busybox");
    let v = views::containers(&s);
    let got: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}|{}|{}",
                c["shortId"].as_str().unwrap(),
                c["name"].as_str().unwrap(),
                c["image"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
                c["state"].as_str().unwrap()
            )
        })
        .collect();
    let want = ok(
        &mut s,
        "docker ps -a --format '{{.ID}}|{{.Names}}|{{.Image}}|{{.Status}}|{{.State}}'",
    );
    assert_eq!(got, lines(&want));
    let states: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["created", "running", "exited"]);
    let web = &v[1];
    let full = ok(&mut s, "docker inspect -f '{{.Id}} {{.Image}}' web");
    assert_eq!(
        full.trim_end(),
        format!(
            "{} {}",
            web["id"].as_str().unwrap(),
            web["imageId"].as_str().unwrap()
        )
    );
    let cmd = ok(&mut s, "docker ps -a --no-trunc --format '{{.Command}}' -l");
    assert_eq!(
        cmd.trim_end(),
        format!("{:?}", v[0]["command"].as_str().unwrap())
    );
    assert_eq!(
        v[2]["status"].as_str().unwrap(),
        "Exited (0) Less than a second ago"
    );
}

#[test]
fn image_layers_and_history_are_docker_historys() {
    let mut s = pulled();
    for image in ["nginx", "busybox"] {
        let v = views::image_overview(&s, image).unwrap();
        let layers = v["layers"].as_array().unwrap();
        let count = ok(
            &mut s,
            &format!("docker inspect -f '{{{{len .RootFS.Layers}}}}' {image}"),
        );
        assert_eq!(layers.len().to_string(), count.trim_end());
        // docker history, oldest first, the entries that made a layer.
        let hist = ok(
            &mut s,
            &format!("docker history --no-trunc -H=false --format '{{{{.Size}}}}\t{{{{.CreatedBy}}}}' {image}"),
        );
        let history = v["history"].as_array().unwrap();
        assert_eq!(history.len(), hist.lines().count());
        let made: Vec<String> = hist
            .lines()
            .rev()
            .zip(history)
            .filter(|(_, h)| h["emptyLayer"] == false)
            .map(|(l, _)| l.to_string())
            .collect();
        let got: Vec<String> = layers
            .iter()
            .map(|l| format!("{}\t{}", l["size"], l["createdBy"].as_str().unwrap()))
            .collect();
        assert_eq!(got, made, "{image}");
        for (i, l) in layers.iter().enumerate() {
            assert_eq!(l["index"], i);
            assert_eq!(
                l["sizeText"].as_str().unwrap(),
                layerlab::format::human_size(l["size"].as_u64().unwrap())
            );
        }
        let diff_ids = ok(
            &mut s,
            &format!("docker inspect -f '{{{{json .RootFS.Layers}}}}' {image}"),
        );
        let got: Vec<&Value> = layers.iter().map(|l| &l["diffId"]).collect();
        assert_eq!(serde_json::to_string(&got).unwrap(), diff_ids.trim_end());
        // The layer tar is the layer: its sha256 is the diffID.
        let tar = views::layer_tar(&s, image, 0).unwrap();
        assert_eq!(
            layerlab::digest::Digest::of(&tar).to_string(),
            layers[0]["diffId"].as_str().unwrap()
        );
    }
    // Layers and history line up as dive's export pairs them.
    let dive = ok(&mut s, "dive nginx --json");
    let export: Value = serde_json::from_str(&dive).unwrap();
    let v = views::image_overview(&s, "nginx").unwrap();
    for (l, d) in v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .zip(export["layer"].as_array().unwrap())
    {
        assert_eq!(l["command"], d["command"]);
        assert_eq!(l["diveSize"], d["sizeBytes"]);
    }
    // Compared as numbers read by Rust's parser: serde_json's default float parsing may be
    // one unit in the last place off (its `float_roundtrip` feature is not enabled).
    let score: f64 = dive
        .split("\"efficiencyScore\": ")
        .nth(1)
        .and_then(|t| t.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(v["efficiency"].as_f64(), Some(score));
    // One layer: no user bytes, and dive's percentage is 0/0.
    let busybox = views::image_overview(&s, "busybox").unwrap();
    assert_eq!(busybox["userWastedPercent"], Value::Null);
    assert_eq!(busybox["efficiency"], 1.0);
    assert_eq!(v["wastedBytes"], export["image"]["inefficientBytes"]);
}

#[test]
fn dive_numbers_of_its_test_image() {
    let Some(dir) = common::shared_fixtures() else {
        return;
    };
    let bytes = std::fs::read(dir.join("dive/test-docker-image.tar")).unwrap();
    let mut s = common::session_with(&[("d.tar", bytes)]);
    ok(&mut s, "docker load -i d.tar");
    let v = views::image_overview(&s, "dive-test").unwrap();
    // dive's own test suite (image_archive_analysis_test.go), per the fixtures README.
    assert_eq!(v["efficiency"].as_f64(), Some(0.9844212134184309));
    assert_eq!(v["imageSize"], 1220598);
    assert_eq!(v["userSize"], 66237);
    assert_eq!(v["wastedBytes"], 32025);
    assert_eq!(v["userWastedPercent"].as_f64(), Some(0.4834911001404049));
    assert_eq!(
        v["id"],
        "sha256:75ae28b8ebf89b203319069ddcbecdf5c3838503bbebc0d0d85e4b8589c5de3a"
    );
    assert_eq!(v["layers"].as_array().unwrap().len(), 14);
    // The inefficient files in dive's order (its export lists them largest first).
    let export: Value = serde_json::from_str(&ok(&mut s, "dive dive-test --json")).unwrap();
    let want: Vec<(Value, Value, Value)> = export["image"]["fileReference"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].clone(),
                f["count"].clone(),
                f["sizeBytes"].clone(),
            )
        })
        .collect();
    let got: Vec<(Value, Value, Value)> = v["wasted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].clone(),
                f["count"].clone(),
                f["totalSize"].clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert!(!got.is_empty());
    let sizes: Vec<u64> = got.iter().map(|g| g.2.as_u64().unwrap()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");

    // `RUN rm -rf /root/example/` (layer 9) left a whiteout: the tree shows it deleted.
    let root = views::tree(&s, "dive-test", None, "/root").unwrap();
    let example = named(&root, "example");
    assert_eq!(example["deleted"], true);
    assert_eq!(example["deletedIn"], 9);
    assert_eq!(example["whiteout"], true);
    assert_eq!(example["type"], "dir");
    // The last layer with an entry for it: `mv` (layer 7) wrote the directory again.
    assert_eq!(example["layer"], 7);
    assert_eq!(
        example["modifiedIn"],
        serde_json::json!([2, 3, 4, 5, 6, 7, 9])
    );
    // Before layer 9 it is there, and `mv` (layer 7) deleted somefile3.txt in it.
    let root8 = views::tree(&s, "dive-test", Some(8), "/root").unwrap();
    assert!(named(&root8, "example").get("deleted").is_none());
    let ex = views::tree(&s, "dive-test", Some(8), "/root/example").unwrap();
    let f3 = named(&ex, "somefile3.txt");
    assert_eq!(
        (f3["deleted"].clone(), f3["deletedIn"].clone()),
        (Value::Bool(true), 7.into())
    );
    assert_eq!(f3["layer"], 6);
    let f1 = named(&ex, "somefile1.txt");
    assert_eq!(f1["modifiedIn"], serde_json::json!([3, 4]));
    assert_eq!(f1["mode"], "-r--r--r--", "chmod 444 in layer 4");
    assert_eq!(
        names(&ex),
        ["really", "somefile1.txt", "somefile2.txt", "somefile3.txt"],
        "directories first"
    );
    assert!(views::tree(&s, "dive-test", None, "/root/example").is_err());
    let changes = views::layer_changes(&s, "dive-test", 9).unwrap();
    let d: Vec<&Value> = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "D")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["path"], "/root/example");
    assert_eq!(d[0]["whiteout"], true);
}

/// A two-layer image: the second whites out `a/x` and makes `dir` opaque.
fn whiteout_image() -> Session {
    let layers = vec![
        common::tar(&[
            ("a/b/file", b"bbb"),
            ("a/x", b"xxxx"),
            ("dir/c1", b"1"),
            ("dir/c2", b"22"),
            ("keep", b"k"),
        ]),
        common::tar(&[
            ("a/.wh.x", b""),
            ("dir/.wh..wh..opq", b""),
            ("dir/new", b"new"),
            ("keep", b"k2"),
        ]),
    ];
    let (archive, _) = common::legacy(&["wh:1"], &layers, "2024-01-01T00:00:00Z");
    let mut s = common::session_with(&[("w.tar", archive)]);
    ok(&mut s, "docker load -i w.tar");
    s
}

#[test]
fn whiteouts_and_opaque_directories_are_visible() {
    let s = whiteout_image();
    let a = views::tree(&s, "wh:1", None, "/a").unwrap();
    assert_eq!(names(&a), ["b", "x"]);
    let x = named(&a, "x");
    assert_eq!(x["deleted"], true);
    assert_eq!(x["deletedIn"], 1);
    assert_eq!(x["whiteout"], true);
    assert_eq!(
        (x["layer"].clone(), x["size"].clone()),
        (0.into(), 4.into())
    );
    assert_eq!(x["modifiedIn"], serde_json::json!([0, 1]));
    // Up to layer 0 nothing is deleted yet.
    let a0 = views::tree(&s, "wh:1", Some(0), "a").unwrap();
    assert!(named(&a0, "x").get("deleted").is_none());
    let root = views::tree(&s, "wh:1", None, "/").unwrap();
    assert_eq!(names(&root), ["a", "dir", "keep"]);
    let dir = named(&root, "dir");
    assert_eq!(dir["opaqueIn"], 1);
    assert_eq!(dir["childCount"], 1);
    assert!(named(&root, "a").get("opaqueIn").is_none());
    let keep = named(&root, "keep");
    assert_eq!(
        (keep["layer"].clone(), keep["modifiedIn"].clone()),
        (1.into(), serde_json::json!([0, 1]))
    );
    assert_eq!(root[0]["size"], 3, "a directory's size is its files' bytes");
    let inside = views::tree(&s, "wh:1", None, "/dir").unwrap();
    assert_eq!(names(&inside), ["c1", "c2", "new"]);
    for n in ["c1", "c2"] {
        let e = named(&inside, n);
        assert_eq!(e["deleted"], true);
        assert_eq!(e["deletedIn"], 1);
        assert_eq!(e["whiteout"], false, "deleted by the opaque directory");
    }
    assert!(named(&inside, "new").get("deleted").is_none());

    let changes = views::layer_changes(&s, "wh:1", 1).unwrap();
    let got: Vec<String> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut flags = String::new();
            for f in ["opaque", "whiteout", "viaOpaque"] {
                if c.get(f) == Some(&Value::Bool(true)) {
                    flags.push_str(&format!(" {f}"));
                }
            }
            format!(
                "{} {} {}{flags}",
                c["change"].as_str().unwrap(),
                c["path"].as_str().unwrap(),
                c["size"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // `/a` is only implied by the marker, over a directory: not a change.
            "D /a/x 4 whiteout",
            "M /dir 0 opaque",
            "D /dir/c1 1 viaOpaque",
            "D /dir/c2 2 viaOpaque",
            "A /dir/new 3",
            "M /keep 2",
        ]
    );
    let base = views::layer_changes(&s, "wh:1", 0).unwrap();
    assert!(base.as_array().unwrap().iter().all(|c| c["change"] == "A"));
    assert_eq!(base[0]["type"], "dir");
    assert_eq!(base[0]["mode"], "drwxr-xr-x");
}

#[test]
fn a_tree_page_is_a_sorted_window_of_the_listing() {
    use views::ListOrder::{Name, Size};
    let s = whiteout_image();
    let page = |dir: &str, order, offset, limit, open: &[&str]| {
        let open: Vec<String> = open.iter().map(|n| n.to_string()).collect();
        views::tree_page(&s, "wh:1", None, dir, order, offset, limit, &open).unwrap()
    };
    // The whole window by name is `tree`'s listing, deleted paths included.
    let all = page("/dir", Name, 0, usize::MAX, &[]);
    assert_eq!(all["total"], 3);
    assert_eq!(
        all["entries"],
        views::tree(&s, "wh:1", None, "/dir").unwrap()
    );
    // A window: the entries at offset..offset+limit, the total of them all.
    let mid = page("/dir", Name, 1, 1, &[]);
    assert_eq!(
        (mid["total"].clone(), names(&mid["entries"])),
        (3.into(), vec!["c2".to_string()])
    );
    let past = page("/dir", Name, 7, 5, &[]);
    assert_eq!(
        (past["total"].clone(), names(&past["entries"]).len()),
        (3.into(), 0)
    );
    // By size: largest first (a directory by its files' bytes, a deleted path by the
    // bytes deleted), ties by name.
    let root = page("/", Size, 0, 10, &[]);
    assert_eq!(
        names(&root["entries"]),
        ["a", "dir", "keep"],
        "3, 3, 2 bytes"
    );
    let dir = page("/dir", Size, 0, 10, &[]);
    assert_eq!(names(&dir["entries"]), ["new", "c2", "c1"]);
    assert_eq!(dir["entries"][1]["deleted"], true);
    // `open` finds named children in the order asked for; missing names are left out.
    let open = page("/", Name, 0, 0, &["keep", "a", "gone"]);
    assert_eq!(open["entries"], serde_json::json!([]));
    assert_eq!(open["open"], serde_json::json!({"a": 0, "keep": 2}));
    let open = page("/dir", Size, 0, 0, &["c1"]);
    assert_eq!(open["open"], serde_json::json!({"c1": 2}));
    // Errors are `tree`'s.
    assert_eq!(
        views::tree_page(&s, "wh:1", None, "/keep", Name, 0, 1, &[])
            .unwrap_err()
            .to_string(),
        views::tree(&s, "wh:1", None, "/keep")
            .unwrap_err()
            .to_string()
    );
}

#[test]
fn a_layer_changes_page_is_a_filtered_sorted_window() {
    use views::ListOrder::{Name, Size};
    let s = whiteout_image();
    let paths = |v: &Value| -> Vec<String> {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["path"].as_str().unwrap().to_string())
            .collect()
    };
    let page = |filter, order, offset, limit| {
        views::layer_changes_page(&s, "wh:1", 1, filter, order, offset, limit).unwrap()
    };
    // Everything by name is `layer_changes`, in path order.
    let all = page("", Name, 0, usize::MAX);
    assert_eq!(all["entries"], views::layer_changes(&s, "wh:1", 1).unwrap());
    assert_eq!(all["total"], 6);
    // The filter is a substring of the path, ignoring case; the window is of what it kept.
    let dir = page("DIR/", Name, 1, 2);
    assert_eq!(dir["total"], 3);
    assert_eq!(paths(&dir), ["/dir/c2", "/dir/new"]);
    // By size: largest first, equal sizes in path order.
    let sized = page("", Size, 0, usize::MAX);
    assert_eq!(
        paths(&sized),
        ["/a/x", "/dir/new", "/dir/c2", "/keep", "/dir/c1", "/dir"]
            .map(String::from)
            .to_vec()
    );
    assert_eq!(page("nothing", Name, 0, 10)["total"], 0);
    assert!(views::layer_changes_page(&s, "wh:1", 2, "", Name, 0, 1).is_err());
}

#[test]
fn files_read_from_the_merged_view() {
    let mut s = pulled();
    let f = views::read_file(&s, "nginx", None, "/etc/nginx/nginx.conf").unwrap();
    let want = ok(
        &mut s,
        "docker run --rm --entrypoint cat nginx /etc/nginx/nginx.conf",
    );
    assert_eq!(String::from_utf8_lossy(&f.data), want);
    let tree = views::tree(&s, "nginx", None, "/etc/nginx").unwrap();
    assert_eq!(named(&tree, "nginx.conf")["layer"], f.layer);
    let info = views::read_file_info(&s, "nginx", None, "etc//nginx/./nginx.conf").unwrap();
    assert_eq!(info["resolved"], "/etc/nginx/nginx.conf");
    assert_eq!(info["binary"], false);
    assert_eq!(info["size"], f.data.len());
    // Through a symlink (busybox: /usr/bin/env is a link to /bin/env).
    let env = views::read_file_info(&s, "busybox", None, "/usr/bin/env").unwrap();
    assert_eq!(env["resolved"], "/bin/env");
    // An earlier view: the layer that added the file is not there yet.
    assert_eq!(
        views::read_file(&s, "nginx", Some(0), "/etc/nginx/nginx.conf")
            .unwrap_err()
            .to_string(),
        "/etc/nginx/nginx.conf: No such file or directory"
    );
    assert_eq!(
        views::read_file(&s, "nginx", None, "/etc")
            .unwrap_err()
            .to_string(),
        "/etc: Is a directory"
    );
    assert_eq!(
        views::read_file(&s, "nginx", None, "")
            .unwrap_err()
            .to_string(),
        "/: Is a directory"
    );
    let found = views::find(&s, "nginx", None, "NGINX", 3).unwrap();
    assert_eq!(found["truncated"], true);
    let entries = found["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries
        .iter()
        .all(|e| e["name"].as_str().unwrap().to_lowercase().contains("nginx")));
    let all = views::find(&s, "nginx", None, "nginx.conf", 100).unwrap();
    assert_eq!(all["truncated"], false);
    assert_eq!(all["entries"][0]["path"], "/etc/nginx/nginx.conf");
    let none = views::find(&s, "nginx", Some(0), "nginx.conf", 100).unwrap();
    assert_eq!(none["entries"], serde_json::json!([]));
}

#[test]
fn a_containers_copy_on_write_layer() {
    let mut s = pulled();
    ok(&mut s, "docker run -d --name web nginx");
    ok(
        &mut s,
        "docker exec web sh -c 'echo x >> /etc/nginx/nginx.conf'",
    );
    ok(
        &mut s,
        "docker exec web sh -c 'echo hello > /etc/nginx/new.conf'",
    );
    ok(&mut s, "docker exec web rm /etc/nginx/mime.types");
    ok(&mut s, "docker exec web rm -rf /etc/nginx/conf.d");
    ok(&mut s, "docker exec web mkdir /etc/nginx/conf.d");
    let v = views::cow(&s, "web", usize::MAX).unwrap();
    let diff = ok(&mut s, "docker diff web");
    let changes = v["changes"].as_array().unwrap();
    // The same paths, in the same order, as docker diff.
    let paths: Vec<&str> = changes
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = diff.lines().map(|l| &l[2..]).collect();
    assert_eq!(paths, want);
    let tree = views::tree(&s, "nginx", None, "/etc/nginx").unwrap();
    let layer_of = |n: &str| named(&tree, n)["layer"].clone();
    let by_path = |p: &str| changes.iter().find(|c| c["path"] == p).unwrap();
    let conf = by_path("/etc/nginx/nginx.conf");
    assert_eq!(conf["kind"], "copied-up");
    assert_eq!(conf["lowerLayer"], layer_of("nginx.conf"));
    assert_eq!(
        conf["size"].as_u64().unwrap(),
        conf["lowerSize"].as_u64().unwrap() + 2,
        "the copy has the appended line"
    );
    let new = by_path("/etc/nginx/new.conf");
    assert_eq!(
        (new["kind"].clone(), new["size"].clone()),
        ("created".into(), 6.into())
    );
    assert!(new.get("lowerLayer").is_none());
    let gone = by_path("/etc/nginx/mime.types");
    assert_eq!(gone["kind"], "deleted");
    assert_eq!(gone["lowerLayer"], layer_of("mime.types"));
    assert_eq!(gone["type"], "file");
    assert_eq!(by_path("/etc/nginx/conf.d")["kind"], "opaque");
    assert_eq!(by_path("/etc/nginx")["kind"], "copied-up");
    assert_eq!(v["name"], "web");
    assert_eq!(v["running"], true);
    let layers = v["imageLayers"].as_array().unwrap();
    assert_eq!(layers.len(), 7);
    assert_eq!(
        layers[2]["createdBy"],
        "COPY docker-entrypoint.sh / # buildkit"
    );

    // Which layer answers a read.
    let look = |p: &str| views::cow_lookup(&s, "web", p).unwrap();
    let l = look("/etc/nginx/nginx.conf");
    assert_eq!(
        (l["found"].clone(), l["answeredBy"].clone()),
        (true.into(), "container".into())
    );
    let l = look("/docker-entrypoint.sh");
    assert_eq!(l["answeredBy"], serde_json::json!({ "layer": 2 }));
    let l = look("/etc/nginx/modules");
    assert_eq!(l["resolved"], "/usr/lib/nginx/modules", "symlinks followed");
    let l = look("/etc/nginx/mime.types");
    assert_eq!(l["found"], false);
    assert_eq!(l["answeredBy"], Value::Null);
    assert_eq!(l["hiddenBy"], "container");
    assert_eq!(l["error"], "No such file or directory");
    let l = look("/etc/nginx/conf.d/default.conf");
    assert_eq!(
        l["found"], false,
        "the opaque directory hides the image's file"
    );
    assert_eq!(look("/etc/hosts")["answeredBy"], "mount");
    assert_eq!(look("/.dockerenv")["answeredBy"], "init");
    assert!(look("/nope").get("hiddenBy").is_none());
    // Once stopped, the init layer answers for /etc/hosts again.
    ok(&mut s, "docker stop web");
    assert_eq!(
        views::cow_lookup(&s, "web", "/etc/hosts").unwrap()["answeredBy"],
        "init"
    );
    // Containers found by ID prefix too; the init layer's files are not changes.
    let id = v["id"].as_str().unwrap();
    let again = views::cow(&s, &id[..6], usize::MAX).unwrap();
    assert_eq!(again["changes"], v["changes"]);
    assert!(!paths.contains(&"/.dockerenv"));
}

/// The paths of a window's entries.
fn paths_of(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect()
}

/// A tar of `n` files below `dir/` (`dir/f000000`...), each `len(i)` bytes.
fn many_files(dir: &str, n: usize, len: impl Fn(usize) -> usize) -> Vec<u8> {
    let names: Vec<String> = (0..n).map(|i| format!("{dir}/f{i:06}")).collect();
    let data: Vec<Vec<u8>> = (0..n).map(|i| vec![b'x'; len(i)]).collect();
    let entries: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&data)
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    common::tar(&entries)
}

#[test]
fn a_cow_changes_page_is_a_window_of_the_containers_changes() {
    let mut s = common::session_with(&[("many.tar", many_files("many", 500, |i| i % 7))]);
    ok(&mut s, "docker pull -q nginx");
    ok(&mut s, "docker run -d --name web nginx");
    ok(
        &mut s,
        "docker exec web sh -c 'echo x >> /etc/nginx/nginx.conf; echo y >> /docker-entrypoint.sh; rm /etc/nginx/mime.types'",
    );
    ok(&mut s, "docker cp - web:/ < many.tar");
    let all = views::cow(&s, "web", usize::MAX).unwrap();
    let diff = ok(&mut s, "docker diff web");
    let total = diff.lines().count();
    assert!(total > 500, "{diff}");
    assert_eq!(all["changeCount"], total);
    let changes = all["changes"].as_array().unwrap();
    assert_eq!(changes.len(), total);
    let page =
        |lower, offset, limit| views::cow_changes_page(&s, "web", lower, offset, limit).unwrap();
    // Every change, in docker diff's order, as `cow` gives them.
    let whole = page(None, 0, usize::MAX);
    assert_eq!(whole["total"], total);
    assert_eq!(&whole["entries"], &all["changes"]);
    // A window: the changes at offset..offset+limit, the total of them all.
    let mid = page(None, 100, 7);
    assert_eq!(mid["total"], total);
    assert_eq!(mid["entries"].as_array().unwrap(), &changes[100..107]);
    let end = page(None, total - 2, 200);
    assert_eq!(end["entries"].as_array().unwrap(), &changes[total - 2..]);
    assert_eq!(page(None, total + 5, 10)["entries"], serde_json::json!([]));
    // `cow` with a limit: the counts of everything, the first window of each list.
    let first = views::cow(&s, "web", 3).unwrap();
    assert_eq!(first["changeCount"], total);
    assert_eq!(first["changes"].as_array().unwrap(), &changes[..3]);
    // Per image layer: the changes whose path it has below the container.
    let layers = all["imageLayers"].as_array().unwrap();
    let mut counted = 0;
    for (i, layer) in layers.iter().enumerate() {
        let want: Vec<&Value> = changes.iter().filter(|c| c["lowerLayer"] == i).collect();
        counted += want.len();
        let got = page(Some(i), 0, usize::MAX);
        assert_eq!(got["total"], want.len(), "layer {i}");
        assert_eq!(layer["lowerCount"], want.len(), "layer {i}");
        assert_eq!(
            got["entries"]
                .as_array()
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            want
        );
        assert_eq!(&layer["lower"], &got["entries"]);
        let two = &first["imageLayers"][i];
        assert_eq!(two["lowerCount"], want.len());
        assert_eq!(two["lower"].as_array().unwrap().len(), want.len().min(3));
    }
    let at = |p: &str| changes.iter().find(|c| c["path"] == p).unwrap();
    let conf = at("/etc/nginx/nginx.conf")["lowerLayer"].as_u64().unwrap() as usize;
    let entry = at("/docker-entrypoint.sh")["lowerLayer"].as_u64().unwrap() as usize;
    assert_ne!(conf, entry, "two image layers have changed paths below");
    assert!(paths_of(&page(Some(conf), 0, 10)["entries"]).contains(&"/etc/nginx/mime.types".into()));
    assert_eq!(
        paths_of(&page(Some(entry), 0, 10)["entries"]),
        ["/docker-entrypoint.sh"]
    );
    // The created files have nothing below; the windows of a layer are of its own list.
    assert!(counted < total - 500);
    assert_eq!(
        page(Some(conf), 1, 1)["entries"][0],
        page(Some(conf), 0, 2)["entries"][1]
    );
    // A layer the image does not have, and a container that does not exist.
    assert_eq!(
        views::cow_changes_page(&s, "web", Some(7), 0, 1)
            .unwrap_err()
            .to_string(),
        "Error: no layer 7: the image has 7 layers (0 to 6)"
    );
    assert_eq!(
        views::cow_changes_page(&s, "nothing", None, 0, 1)
            .unwrap_err()
            .to_string(),
        "Error response from daemon: No such container: nothing"
    );
}

#[test]
fn a_container_layer_of_100000_changes_is_read_a_window_at_a_time() {
    const N: usize = 100_000;
    let mut s = common::session_with(&[("many.tar", many_files("many", N, |i| i % 3))]);
    ok(&mut s, "docker pull -q busybox");
    ok(&mut s, "docker create --name big busybox");
    ok(&mut s, "docker cp - big:/ < many.tar");
    // The image gets the files too: copied over them, every one is a copy-up of layer 1.
    ok(&mut s, "docker commit big many");
    ok(&mut s, "docker create --name over many");
    ok(&mut s, "docker cp - over:/ < many.tar");
    let big = views::cow(&s, "big", 200).unwrap();
    assert_eq!(big["changeCount"], N + 1, "/many and its files");
    assert_eq!(big["changes"].as_array().unwrap().len(), 200);
    assert_eq!(big["changes"][0]["path"], "/many");
    assert_eq!(big["changes"][0]["kind"], "created");
    let last = views::cow_changes_page(&s, "big", None, N - 1, 200).unwrap();
    assert_eq!(last["total"], N + 1);
    assert_eq!(
        paths_of(&last["entries"]),
        [
            format!("/many/f{:06}", N - 2),
            format!("/many/f{:06}", N - 1)
        ]
    );
    let over = views::cow(&s, "over", 200).unwrap();
    assert_eq!(over["changeCount"], N);
    assert_eq!(over["imageLayers"][0]["lowerCount"], 0);
    assert_eq!(over["imageLayers"][1]["lowerCount"], N);
    assert_eq!(
        over["imageLayers"][1]["lower"].as_array().unwrap().len(),
        200
    );
    let end = views::cow_changes_page(&s, "over", Some(1), N - 1, 200).unwrap();
    assert_eq!(end["total"], N);
    assert_eq!(end["entries"][0]["path"], format!("/many/f{:06}", N - 1));
    assert_eq!(end["entries"][0]["kind"], "copied-up");
    assert_eq!(end["entries"][0]["lowerLayer"], 1);
    assert_eq!(end["entries"][0]["size"], (N - 1) % 3);
}

#[test]
fn errors_are_dockers_one_line_texts() {
    let mut s = pulled();
    ok(&mut s, "docker run --name c1 busybox true");
    let no_image = "Error response from daemon: No such image: nosuch:latest";
    assert_eq!(
        views::image_overview(&s, "nosuch").unwrap_err().to_string(),
        no_image
    );
    assert_eq!(
        views::tree(&s, "nosuch", None, "/")
            .unwrap_err()
            .to_string(),
        no_image
    );
    assert_eq!(
        views::layer_changes(&s, "nosuch", 0)
            .unwrap_err()
            .to_string(),
        no_image
    );
    assert_eq!(
        views::image_overview(&s, "nginx:9")
            .unwrap_err()
            .to_string(),
        "Error response from daemon: No such image: nginx:9"
    );
    assert_eq!(
        views::cow(&s, "nothing", 10).unwrap_err().to_string(),
        "Error response from daemon: No such container: nothing"
    );
    assert_eq!(
        views::cow_lookup(&s, "", "/").unwrap_err().to_string(),
        "Error response from daemon: No such container: "
    );
    assert_eq!(
        views::tree(&s, "nginx", None, "/nope/x")
            .unwrap_err()
            .to_string(),
        "/nope/x: No such file or directory"
    );
    assert_eq!(
        views::tree(&s, "nginx", None, "etc/passwd")
            .unwrap_err()
            .to_string(),
        "/etc/passwd: Not a directory"
    );
    assert_eq!(
        views::layer_changes(&s, "nginx", 7)
            .unwrap_err()
            .to_string(),
        "Error: no layer 7: the image has 7 layers (0 to 6)"
    );
    assert_eq!(
        views::tree(&s, "busybox", Some(usize::MAX), "/")
            .unwrap_err()
            .to_string(),
        format!("Error: no layer {}: the image has 1 layer (0)", usize::MAX)
    );
    // By full ID, short ID and digest, as docker inspect finds them.
    let id = views::image_overview(&s, "nginx").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for r in [id.clone(), id[7..19].to_string(), id[7..].to_string()] {
        assert_eq!(views::image_overview(&s, &r).unwrap()["id"], id);
    }
    let digest = ok(&mut s, "docker inspect -f '{{index .RepoDigests 0}}' nginx");
    assert_eq!(
        views::image_overview(&s, digest.trim_end()).unwrap()["id"],
        id
    );
}

#[test]
fn odd_inputs_never_panic() {
    let mut s = pulled();
    ok(&mut s, "docker run -d --name web nginx");
    ok(&mut s, "docker exec web rm -rf /etc/nginx");
    let long = "a/".repeat(3000);
    let mut paths: Vec<String> = [
        "",
        "/",
        ".",
        "..",
        "../..",
        "/../../etc",
        "a//b",
        "//",
        "/etc/",
        "/etc/./nginx/..",
        "/bin",
        "/bin/",
        "/bin/..",
        "/etc/passwd/x",
        "/etc/nginx/nginx.conf",
        "\0",
        "/é/ü",
        ".wh.x",
        "/etc/.wh..wh..opq",
        "*",
        "/proc",
        "/dev/null",
        "/etc/hosts",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(long);
    let mut rng = common::Rng(0x71e5);
    const ALPHABET: &[&str] = &[
        "/", ".", "..", "etc", "nginx", "bin", "usr", "\0", "é", "lib", "sh",
    ];
    for _ in 0..200 {
        let n = rng.below(8);
        paths.push(
            (0..n)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                .collect(),
        );
    }
    let one_line = |r: views::ViewResult| {
        if let Err(e) = r {
            let e = e.to_string();
            assert!(!e.contains('\n'), "{e:?}");
        }
    };
    let images = [
        "nginx",
        "busybox",
        "",
        ":",
        "nginx@sha256:00",
        "sha256:",
        "NGINX",
        "a/b/c:d@e",
    ];
    for image in images {
        one_line(views::image_overview(&s, image));
        for i in [0, 1, 6, 7, usize::MAX] {
            one_line(views::layer_changes(&s, image, i));
            let _ = views::layer_tar(&s, image, i);
        }
    }
    for p in &paths {
        for up_to in [None, Some(0), Some(3), Some(usize::MAX)] {
            one_line(views::tree(&s, "nginx", up_to, p));
            one_line(views::read_file_info(&s, "nginx", up_to, p));
            one_line(views::find(&s, "nginx", up_to, p, 5));
        }
        for c in ["web", "", "zz"] {
            one_line(views::cow_lookup(&s, c, p));
        }
    }
    for limit in [0, 1, usize::MAX] {
        one_line(views::cow(&s, "web", limit));
        for lower in [None, Some(0), Some(6), Some(7), Some(usize::MAX)] {
            for offset in [0, 3, usize::MAX] {
                one_line(views::cow_changes_page(&s, "web", lower, offset, limit));
            }
        }
    }
    one_line(views::find(&s, "busybox", None, "", 0));
    assert_eq!(
        views::find(&s, "busybox", None, "", 0).unwrap()["truncated"],
        true
    );
}

#[test]
fn output_is_deterministic() {
    let render = || {
        let mut s = pulled();
        ok(&mut s, "docker run -d --name web nginx");
        ok(
            &mut s,
            "docker exec web sh -c 'echo x > /tmp/a; echo y > /tmp/b; rm /etc/group'",
        );
        [
            views::images(&s),
            views::containers(&s),
            views::image_overview(&s, "nginx").unwrap(),
            views::layer_changes(&s, "nginx", 1).unwrap(),
            views::tree(&s, "nginx", None, "/").unwrap(),
            views::tree(&s, "nginx", Some(1), "/etc").unwrap(),
            views::find(&s, "nginx", None, "e", 50).unwrap(),
            views::cow(&s, "web", usize::MAX).unwrap(),
        ]
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
    };
    let a = render();
    // Twice in one session (from the cache) and in a fresh one.
    assert_eq!(a, render());
    let s = pulled();
    let first = views::tree(&s, "nginx", None, "/etc").unwrap();
    assert_eq!(first, views::tree(&s, "nginx", None, "/etc").unwrap());
}

#[test]
fn a_loaded_layer_is_indexed_once_the_explorer_reads_the_index_the_load_built() {
    // An uncompressed layer, a small gzip one (inflated into memory when first read, so
    // not kept by the load) and a gzip one over 64 MiB inflated (read as a stream).
    let big = vec![7u8; (65 << 20) + 3];
    let layers = vec![
        common::tar(&[("etc/hostname", b"box\n"), ("bin/sh", b"#!fake\n")]),
        common::tar(&[("big/file", &big), ("big/after", b"after\n")]),
    ];
    let (plain, _) = common::legacy(&["plain:latest"], &layers[..1], "2026-01-01T00:00:00Z");
    let (oci, _) = common::oci(Some("zipped:latest"), &layers, "2026-01-01T00:00:00Z");
    let mut s = common::session_with(&[("plain.tar", plain), ("oci.tar", oci)]);
    ok(&mut s, "docker load -q -i plain.tar");
    let after_plain = s.snapshots().held();
    assert!(after_plain > 0, "the uncompressed layer's index is kept");
    ok(&mut s, "docker load -q -i oci.tar");
    let held = s.snapshots().held();
    // The gzip copy of the first layer has the same diffID (its index is there already);
    // the large gzip layer's index is kept too.
    assert!(held > after_plain, "{held} > {after_plain}");
    // The kept indexes are what indexing the stored layers again gives.
    let ids = ok(
        &mut s,
        "docker image inspect -f '{{json .RootFS.Layers}}' zipped",
    );
    let ids: Vec<String> = serde_json::from_str(ids.trim()).unwrap();
    for id in &ids {
        let d = layerlab::digest::Digest::parse(id).unwrap();
        let layer = s.store().layer(&d).unwrap().clone();
        let kept = s.snapshots().layer(&layer).unwrap();
        let fresh = layerlab::fs::LayerIndex::from_layer(&layer, Default::default()).unwrap();
        assert_eq!(kept.entries(), fresh.entries(), "{id}");
    }
    // Files are read through them: the file after the large one, and the large one's end.
    let after = views::read_file(&s, "zipped", None, "/big/after").unwrap();
    assert_eq!(&after.data[..], b"after\n");
    let file = views::read_file(&s, "zipped", None, "/big/file").unwrap();
    assert_eq!(file.data.len(), big.len());
    assert!(file.data.iter().all(|b| *b == 7));
}

//! `docker system df [-v]`: what the store holds, and what layer sharing saves.

use super::formatting::{self, render, Format};
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{Ctx, Exec};
use crate::format::{human_size, human_size_4, table};
use crate::image::Image;
use crate::time::{human_duration, Timestamp};
use std::collections::HashMap;

pub const USAGE_DF: Usage = Usage {
    command: "docker system df",
    synopsis: "docker system df [OPTIONS]",
    summary: "Show docker disk usage",
    aliases: "",
    options: "      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -v, --verbose         Show detailed information on space usage\n",
};

const SYSTEM_USAGE: &str = "Usage:  docker system COMMAND\n\nManage Docker\n\nCommands:\n  df          Show docker disk usage\n  info        Display system-wide information\n\nRun 'docker system COMMAND --help' for more information on a command.\n";

const SPECS: &[Spec] = &[flag(Some('v'), "verbose"), value(None, "format")];

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    match args.first().map(String::as_str) {
        Some("df") => Exec::Done(df(cx, &args[1..])),
        Some("info") => Exec::Done(super::version::info(
            cx,
            &args[1..],
            &super::version::USAGE_SYSTEM_INFO,
        )),
        None | Some("--help") => {
            cx.io.out(SYSTEM_USAGE);
            Exec::Done(0)
        }
        Some(other) => {
            cx.io.err(&format!(
                "docker: unknown command: docker system {other}\n\nRun 'docker system --help' for more information\n"
            ));
            Exec::Done(1)
        }
    }
}

/// Per image: its size, and how much of it other images share.
struct ImageUsage<'a> {
    image: &'a Image,
    size: u64,
    shared: u64,
}

/// Docker 29's image usage (moby v29.7.2 `daemon/containerd/service.go` ImageDiskUsage,
/// `image_list.go` computeSharedSize): the total counts each stored blob and each
/// unpacked snapshot once; an image's size is its manifests' content and snapshot chains,
/// and what it shares the snapshots and blobs another image uses too.
fn record_usage<'a>(cx: &'a Ctx) -> (Vec<ImageUsage<'a>>, u64) {
    use crate::digest::{chain_ids, Digest};
    /// What an image holds: its blobs and its snapshots, each with its size.
    type Units = (Vec<(Digest, u64)>, Vec<(Digest, u64)>);
    let units = |img: &Image| -> Units {
        let Some(t) = img.target() else {
            return (Vec::new(), Vec::new());
        };
        let blobs = t.blobs().into_iter().map(|d| (d.digest, d.size)).collect();
        let mut snapshots = Vec::new();
        for (_, c) in t.present() {
            for (chain, diff_id) in chain_ids(&c.diff_ids).into_iter().zip(&c.diff_ids) {
                let usage = cx.store.layer(diff_id).map_or(0, |l| l.usage);
                if !snapshots.iter().any(|(s, _)| *s == chain) {
                    snapshots.push((chain, usage));
                }
            }
        }
        (blobs, snapshots)
    };
    let mut images: Vec<(&Image, Units)> = cx.store.images().map(|img| (img, units(img))).collect();
    let mut users: HashMap<Digest, (usize, u64)> = HashMap::new();
    for (_, (blobs, snapshots)) in &images {
        for (d, size) in blobs.iter().chain(snapshots) {
            users.entry(*d).or_insert((0, *size)).0 += 1;
        }
    }
    let total = users.values().map(|(_, size)| size).sum();
    images.sort_by(|(a, _), (b, _)| created_of(b).cmp(&created_of(a)).then(a.id().cmp(&b.id())));
    let rows = images
        .into_iter()
        .map(|(image, (blobs, snapshots))| {
            let shared = blobs
                .iter()
                .chain(&snapshots)
                .filter(|(d, _)| users.get(d).is_some_and(|(n, _)| *n > 1))
                .map(|(_, size)| size)
                .sum();
            ImageUsage {
                image,
                size: cx.store.image_size(image),
                shared,
            }
        })
        .collect();
    (rows, total)
}

fn created_of(i: &Image) -> Option<Timestamp> {
    i.config()
        .created
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
}

fn usage<'a>(cx: &'a Ctx) -> (Vec<ImageUsage<'a>>, u64) {
    if cx.engine >= crate::engine::Engine::Docker29 {
        return record_usage(cx);
    }
    let mut users: HashMap<crate::digest::Digest, usize> = HashMap::new();
    for img in cx.store.images() {
        let unique: std::collections::HashSet<_> = img.diff_ids().iter().collect();
        for d in unique {
            *users.entry(*d).or_default() += 1;
        }
    }
    let layer_size =
        |d: &crate::digest::Digest| cx.store.layer(d).map(|l| l.content_size).unwrap_or(0);
    let total: u64 = users.keys().map(layer_size).sum();
    let mut images: Vec<&Image> = cx.store.images().collect();
    images.sort_by(|a, b| created_of(b).cmp(&created_of(a)).then(a.id().cmp(&b.id())));
    let rows = images
        .into_iter()
        .map(|image| {
            let size = cx.store.image_size(image);
            let shared = image
                .diff_ids()
                .iter()
                .filter(|d| users.get(d).copied().unwrap_or(0) > 1)
                .map(layer_size)
                .sum();
            ImageUsage {
                image,
                size,
                shared,
            }
        })
        .collect();
    (rows, total)
}

fn with_percent(reclaimable: u64, total: u64) -> String {
    match (reclaimable * 100).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", human_size_4(reclaimable)),
        None => human_size_4(reclaimable),
    }
}

fn df(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &USAGE_DF, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, &USAGE_DF, &p, super::Args::None) {
        return code;
    }
    let (images, total) = usage(cx);
    let containers = cx.containers.newest_first();
    let users_of =
        |id: &crate::digest::Digest| containers.iter().filter(|c| c.image == *id).count();
    // Docker: what images used by containers take (less what they share) is not reclaimable.
    let used: u64 = images
        .iter()
        .filter(|u| users_of(&u.image.id()) > 0)
        .map(|u| u.size - u.shared.min(u.size))
        .sum();
    let active_images = images
        .iter()
        .filter(|u| users_of(&u.image.id()) > 0)
        .count();
    // Docker 29.4+ reclaims what unused images do not share (46dba49ec8); the classic
    // store all that used images do not hold.
    let reclaimable = if cx.engine >= crate::engine::Engine::Docker29 {
        images
            .iter()
            .filter(|u| users_of(&u.image.id()) == 0)
            .map(|u| u.size - u.shared.min(u.size))
            .sum()
    } else {
        total - used.min(total)
    };
    let rw_total: u64 = containers.iter().map(|c| c.size_rw()).sum();
    let rw_reclaimable: u64 = containers
        .iter()
        .filter(|c| !c.is_running())
        .map(|c| c.size_rw())
        .sum();
    let running = containers.iter().filter(|c| c.is_running()).count();
    // Volumes: a volume no container mounts is reclaimable (moby's LINKS 0).
    let mut volumes: Vec<(&crate::volumes::Volume, usize, u64)> = cx
        .containers
        .volumes
        .iter()
        .map(|v| (v, cx.containers.volume_users(&v.name).len(), v.size()))
        .collect();
    volumes.sort_by(|a, b| super::port::natural_cmp(&a.0.name, &b.0.name));
    let vol_total: u64 = volumes.iter().map(|v| v.2).sum();
    let vol_reclaimable: u64 = volumes.iter().filter(|v| v.1 == 0).map(|v| v.2).sum();
    let vol_active = volumes.iter().filter(|v| v.1 > 0).count();
    // The build cache: a record's layer is shared while an image still uses it.
    let in_images: std::collections::HashSet<_> = cx
        .store
        .images()
        .flat_map(|i| i.diff_ids().iter().copied())
        .collect();
    let cache: Vec<(&crate::digest::Digest, &crate::store::BuildRecord)> =
        cx.store.build_cache().collect();
    let cache_size = |shared: Option<bool>| -> u64 {
        cache
            .iter()
            .filter_map(|(_, r)| r.layer.as_ref())
            .filter(|l| shared.is_none_or(|s| in_images.contains(&l.diff_id) == s))
            .map(|l| l.content_size)
            .sum()
    };
    if !p.on("verbose") {
        let row = |t: &str, total: usize, active: usize, size: String, reclaimable: String| {
            formatting::row(&[
                ("Active", active.to_string()),
                ("Reclaimable", reclaimable),
                ("Size", size),
                ("TotalCount", total.to_string()),
                ("Type", t.into()),
            ])
        };
        let rows = vec![
            row(
                "Images",
                images.len(),
                active_images,
                human_size_4(total),
                with_percent(reclaimable, total),
            ),
            row(
                "Containers",
                containers.len(),
                running,
                human_size_4(rw_total),
                with_percent(rw_reclaimable, rw_total),
            ),
            row(
                "Local Volumes",
                volumes.len(),
                vol_active,
                human_size_4(vol_total),
                with_percent(vol_reclaimable, vol_total),
            ),
            row(
                "Build Cache",
                cache.len(),
                0,
                human_size_4(cache_size(None)),
                human_size_4(cache_size(Some(false))),
            ),
        ];
        let headers = &[
            ("Active", "ACTIVE"),
            ("Reclaimable", "RECLAIMABLE"),
            ("Size", "SIZE"),
            ("TotalCount", "TOTAL"),
            ("Type", "TYPE"),
        ];
        let format = Format::choose(
            p.value("format"),
            "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}",
        );
        return match render(&format, headers, &rows, "*formatter.diskUsageImagesContext") {
            Ok(text) => {
                cx.io.out(&text);
                0
            }
            Err(e) => {
                cx.io.err(&format!("{e}\n"));
                1
            }
        };
    }
    let ago = |t: Timestamp| format!("{} ago", human_duration(cx.now.0 - t.0));
    let mut rows = vec![vec![
        "REPOSITORY".to_string(),
        "TAG".into(),
        "IMAGE ID".into(),
        "CREATED".into(),
        "SIZE".into(),
        "SHARED SIZE".into(),
        "UNIQUE SIZE".into(),
        "CONTAINERS".into(),
    ]];
    for u in &images {
        let tags = cx.store.tags_of(&u.image.id());
        let (repo, tag) = match tags.first() {
            Some(t) => (t.familiar_name(), t.tag().unwrap_or("<none>").to_string()),
            None => ("<none>".to_string(), "<none>".to_string()),
        };
        let created = u
            .image
            .config()
            .created
            .as_deref()
            .and_then(Timestamp::parse_rfc3339)
            .map(ago)
            .unwrap_or_else(|| "N/A".into());
        rows.push(vec![
            repo,
            tag,
            u.image.id().short(),
            created,
            human_size(u.size),
            human_size_4(u.shared),
            human_size_4(u.size - u.shared.min(u.size)),
            users_of(&u.image.id()).to_string(),
        ]);
    }
    let mut out = String::from("Images space usage:\n\n");
    out.push_str(&table(&rows));
    out.push_str("\nContainers space usage:\n\n");
    let mut rows = vec![vec![
        "CONTAINER ID".into(),
        "IMAGE".into(),
        "COMMAND".into(),
        "LOCAL VOLUMES".into(),
        "SIZE".into(),
        "CREATED".into(),
        "STATUS".into(),
        "NAMES".into(),
    ]];
    for c in &containers {
        rows.push(vec![
            c.id.short(),
            c.image_name.clone(),
            format!("{:?}", crate::format::ellipsis(&c.command(), 20)),
            c.mounts
                .iter()
                .filter(|m| m.kind == crate::containers::MountKind::Volume)
                .count()
                .to_string(),
            human_size(c.size_rw()),
            ago(c.created),
            super::ps::status(c, cx.now),
            c.name.clone(),
        ]);
    }
    out.push_str(&table(&rows));
    out.push_str("\nLocal Volumes space usage:\n\n");
    let mut rows = vec![vec!["VOLUME NAME".into(), "LINKS".into(), "SIZE".into()]];
    for (v, links, size) in &volumes {
        rows.push(vec![v.name.clone(), links.to_string(), human_size(*size)]);
    }
    out.push_str(&table(&rows));
    out.push_str(&format!(
        "\nBuild cache usage: {}\n\n",
        human_size_4(cache_size(None))
    ));
    let mut rows = vec![vec![
        "CACHE ID".into(),
        "CACHE TYPE".into(),
        "SIZE".into(),
        "CREATED".into(),
        "LAST USED".into(),
        "USAGE".into(),
        "SHARED".into(),
    ]];
    for (key, r) in &cache {
        let size = r.layer.as_ref().map_or(0, |l| l.content_size);
        let shared = r
            .layer
            .as_ref()
            .is_some_and(|l| in_images.contains(&l.diff_id));
        rows.push(vec![
            key.hex()[..12].to_string(),
            "regular".into(),
            human_size_4(size),
            ago(r.created),
            ago(r.created),
            "1".into(),
            shared.to_string(),
        ]);
    }
    out.push_str(&table(&rows));
    cx.io.out(&out);
    0
}

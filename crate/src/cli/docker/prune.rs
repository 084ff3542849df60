//! `docker image prune`: removes dangling images (or, with `-a`, every image no container
//! uses), after asking unless `-f`.

use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{Ctx, Exec};
use crate::format::human_size_4;

pub const USAGE: Usage = Usage {
    command: "docker image prune",
    synopsis: "docker image prune [OPTIONS]",
    summary: "Remove unused images",
    aliases: "",
    options: "  -a, --all             Remove all unused images, not just dangling ones\n      --filter filter   Provide filter values (e.g. \"until=<timestamp>\")\n  -f, --force           Do not prompt for confirmation\n",
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "all"),
    flag(Some('f'), "force"),
    value(None, "filter"),
];

const WARNING: &str =
    "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
const WARNING_ALL: &str =
    "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ";

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    let p = match parse_flags(cx, &USAGE, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::check_args(cx, &USAGE, &p, super::Args::None) {
        return Exec::Done(code);
    }
    let all = p.on("all");
    if p.on("force") {
        return Exec::Done(prune(cx, all));
    }
    Exec::Prompt {
        question: (if all { WARNING_ALL } else { WARNING }).to_string(),
        then: Box::new(move |cx: &mut Ctx, answer: &str| {
            // Anything but y cancels; Docker 28 then exits 0 and prints nothing more.
            if answer.trim().eq_ignore_ascii_case("y") {
                prune(cx, all)
            } else {
                0
            }
        }),
    }
}

/// Docker 29 (moby v29.7.2 `daemon/containerd/image_prune.go`): each record no container
/// uses (only dangling ones without `-a`) goes: `untagged:` with its name (a dangling
/// image's is its digest), then `deleted:` for each index and manifest blob that went.
/// The space reclaimed is the blobs' sizes and the snapshots' usage. moby walks a Go map,
/// so the order of images is random; here it is by ID.
fn prune_records(cx: &mut Ctx, all: bool) -> i32 {
    let mut victims: Vec<_> = if all {
        cx.store.images().map(|i| i.id()).collect()
    } else {
        cx.store
            .images()
            .map(|i| i.id())
            .filter(|id| super::rmi::references(cx.store, id).is_empty())
            .collect()
    };
    victims.sort();
    victims.retain(|id| cx.containers.using(id).is_empty());
    let mut lines = String::new();
    let mut reclaimed = 0;
    for id in victims {
        let names = super::rmi::references(cx.store, &id);
        if names.is_empty() {
            lines.push_str(&format!("untagged: {id}\n"));
        }
        for r in names {
            super::rmi::remove_reference(cx.store, &r);
            lines.push_str(&format!("untagged: {}\n", r.familiar()));
        }
        let (deleted, freed) = cx.store.remove_record(&id);
        reclaimed += freed;
        for d in deleted {
            lines.push_str(&format!("deleted: {d}\n"));
        }
    }
    report(cx, &lines, reclaimed)
}

fn prune(cx: &mut Ctx, all: bool) -> i32 {
    if cx.engine >= crate::engine::Engine::Docker29 {
        return prune_records(cx, all);
    }
    // Images a container uses are never pruned.
    let mut victims: Vec<_> = if all {
        let mut v: Vec<_> = cx.store.images().map(|i| i.id()).collect();
        v.sort();
        v
    } else {
        cx.store.dangling()
    };
    victims.retain(|id| cx.containers.using(id).is_empty());
    let mut lines = String::new();
    let mut reclaimed = 0;
    // A parent goes after its children (moby refuses to delete an image with children),
    // and a parent left with no name and no child goes with them, as ImageDelete's prune.
    let mut pending = victims;
    while let Some(i) = pending
        .iter()
        .position(|id| cx.store.children(id).is_empty())
    {
        let id = pending.remove(i);
        if cx.store.image(&id).is_none() {
            continue;
        }
        for r in super::rmi::references(cx.store, &id) {
            super::rmi::remove_reference(cx.store, &r);
            lines.push_str(&format!("untagged: {}\n", r.familiar()));
        }
        let parent = cx.store.parent(&id);
        let removal = cx.store.remove_image(&id);
        reclaimed += removal.reclaimed;
        let mut records = vec![super::rmi::Record::Deleted(id)];
        records.extend(removal.chains.into_iter().map(super::rmi::Record::Deleted));
        reclaimed += super::rmi::prune_parents(cx.store, cx.containers, parent, &mut records);
        for r in records {
            if let super::rmi::Record::Deleted(d) = r {
                lines.push_str(&format!("deleted: {d}\n"));
            }
        }
    }
    report(cx, &lines, reclaimed)
}

/// The CLI's report (docker/cli `image/prune.go`): the deleted images, then the space.
fn report(cx: &mut Ctx, lines: &str, reclaimed: u64) -> i32 {
    if !lines.is_empty() {
        cx.io.out(&format!("Deleted Images:\n{lines}\n"));
    }
    cx.io.out(&format!(
        "Total reclaimed space: {}\n",
        human_size_4(reclaimed)
    ));
    0
}

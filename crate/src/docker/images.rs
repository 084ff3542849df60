//! `docker images` / `docker image ls`: one row per tag, newest first.

use super::{parse_flags, Usage};
use crate::format::{human_size, table};
use crate::image::Image;
use crate::reference::Reference;
use crate::shell::flags::{flag, Spec};
use crate::shell::Ctx;
use crate::time::{human_duration, Timestamp};

pub const USAGE_IMAGES: Usage = Usage {
    command: "docker images",
    synopsis: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
    summary: "List images",
    options: "  -a, --all             Show all images (default hides intermediate images)\n      --digests         Show digests\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only show image IDs\n",
};

pub const USAGE_LS: Usage = Usage {
    command: "docker image ls",
    synopsis: "docker image ls [OPTIONS] [REPOSITORY[:TAG]]",
    ..USAGE_IMAGES
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "all"),
    flag(Some('q'), "quiet"),
    flag(None, "no-trunc"),
    flag(None, "digests"),
];

/// One row of the listing.
struct Row {
    repository: String,
    tag: String,
    id: String,
    created: String,
    size: String,
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if p.args.len() > 1 {
        cx.io.err(&format!(
            "\"{}\" requires at most 1 argument.\nSee '{} --help'.\n\nUsage:  {}\n\n{}\n",
            usage.command, usage.command, usage.synopsis, usage.summary
        ));
        return 1;
    }
    let filter = p.args.first().map(|a| a.as_str());
    let rows = rows(cx, filter, p.on("no-trunc"));
    if p.on("quiet") {
        for r in rows {
            cx.io.out(&format!("{}\n", r.id));
        }
        return 0;
    }
    let mut cells = vec![vec![
        "REPOSITORY".to_string(),
        "TAG".into(),
        "IMAGE ID".into(),
        "CREATED".into(),
        "SIZE".into(),
    ]];
    if p.on("digests") {
        cells[0].insert(2, "DIGEST".into());
    }
    for r in rows {
        let mut c = vec![r.repository, r.tag, r.id, r.created, r.size];
        if p.on("digests") {
            c.insert(2, "<none>".into());
        }
        cells.push(c);
    }
    cx.io.out(&table(&cells));
    0
}

fn created_of(img: &Image) -> Option<Timestamp> {
    img.view
        .created
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
}

fn rows(cx: &Ctx, filter: Option<&str>, no_trunc: bool) -> Vec<Row> {
    let mut images: Vec<&Image> = cx.store.images().collect();
    images.sort_by(|a, b| created_of(b).cmp(&created_of(a)).then(a.id.cmp(&b.id)));
    // `docker images nginx` matches the repository, `nginx:1.16` the tag too.
    let wanted: Option<Reference> = filter.and_then(|f| Reference::parse_normalized(f).ok());
    let mut out = Vec::new();
    for img in images {
        let id = if no_trunc {
            img.id.to_string()
        } else {
            img.id.short()
        };
        let created = match created_of(img) {
            Some(t) => format!("{} ago", human_duration(cx.now.0 - t.0)),
            None => "N/A".to_string(),
        };
        let size = human_size(cx.store.image_size(img));
        let mut tags: Vec<&Reference> = cx.store.tags_of(&img.id);
        if let Some(w) = &wanted {
            tags.retain(|t| t.name() == w.name() && (w.tag().is_none() || w.tag() == t.tag()));
            if tags.is_empty() {
                continue;
            }
        } else if filter.is_some() {
            continue;
        }
        if tags.is_empty() {
            out.push(Row {
                repository: "<none>".into(),
                tag: "<none>".into(),
                id,
                created,
                size,
            });
            continue;
        }
        for t in tags {
            out.push(Row {
                repository: t.familiar_name(),
                tag: t.tag().unwrap_or("<none>").to_string(),
                id: id.clone(),
                created: created.clone(),
                size: size.clone(),
            });
        }
    }
    out
}

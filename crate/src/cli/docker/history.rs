//! `docker history`: the image's history entries, newest first, each with the size of the
//! layer it made.

use super::formatting::{self, render, Format};
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::format::{ellipsis, human_size};
use crate::time::{human_duration, Timestamp};
use serde_json::Value;

pub const USAGE: Usage = Usage {
    command: "docker history",
    synopsis: "docker history [OPTIONS] IMAGE",
    summary: "Show the history of an image",
    aliases: "docker image history, docker history",
    options: "      --format string     Format output using a custom template:\n                          'table':            Print output in table format with column headers (default)\n                          'table TEMPLATE':   Print output in table format using the given Go template\n                          'json':             Print in JSON format\n                          'TEMPLATE':         Print output using the given Go template.\n                          Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -H, --human             Print sizes and dates in human readable format (default true)\n      --no-trunc          Don't truncate output\n      --platform string   Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")\n  -q, --quiet             Only show image IDs\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image history",
    synopsis: "docker image history [OPTIONS] IMAGE",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(Some('H'), "human"),
    flag(Some('q'), "quiet"),
    flag(None, "no-trunc"),
    value(None, "format"),
    value(None, "platform"),
];

/// One history row, as the daemon reports it.
pub struct Row {
    pub id: String,
    pub created: Option<Timestamp>,
    pub created_by: String,
    pub size: u64,
    pub comment: String,
}

pub fn rows(cx: &Ctx, id: &crate::digest::Digest) -> Vec<Row> {
    let Some(img) = cx.store.image(id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Docker 29 shows each layer's snapshot usage (moby v29.7.2
    // daemon/containerd/image_history.go), the classic store its content size.
    let containerd = img.target().is_some();
    for (h, layer) in img.config().history.iter().zip(img.history_layers()) {
        let size = layer
            .and_then(|l| img.diff_ids().get(l))
            .and_then(|d| cx.store.layer(d))
            .map_or(0, |l| if containerd { l.usage } else { l.content_size });
        out.push(Row {
            id: "<missing>".to_string(),
            created: h.created.as_deref().and_then(Timestamp::parse_rfc3339),
            created_by: h.created_by.clone().unwrap_or_default(),
            size,
            comment: h.comment.clone().unwrap_or_default(),
        });
    }
    out.reverse();
    // moby's ImageHistory: the newest row is the image, the next its parent, and so on
    // while the store knows a parent.
    let mut next = Some(*id);
    for row in out.iter_mut() {
        let Some(d) = next else {
            break;
        };
        row.id = d.to_string();
        next = cx.store.parent(&d);
    }
    out
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::Exactly(1)) {
        return code;
    }
    let human = !args
        .iter()
        .any(|a| a.starts_with("-H=") || a.starts_with("--human="))
        || p.on("human");
    let no_trunc = p.on("no-trunc");
    let Some(id) = cx.store.lookup(&p.args[0]) else {
        cx.io.err(&format!(
            "Error response from daemon: No such image: {}\n",
            super::with_latest(&p.args[0])
        ));
        return 1;
    };
    let rows = rows(cx, &id);
    let short = |s: &str| {
        if no_trunc || s == "<missing>" {
            s.to_string()
        } else {
            s.trim_start_matches("sha256:").chars().take(12).collect()
        }
    };
    // Docker shows N/A for times at or before 2000-01-01 (and for none at all).
    let epoch_2000 = Timestamp::from_unix_seconds(946_684_800);
    let values: Vec<Value> = rows
        .iter()
        .map(|r| {
            let t = r.created.unwrap_or_default();
            let created_at = Timestamp::from_unix_seconds(t.unix_seconds()).to_rfc3339();
            let since = if !human {
                created_at.clone()
            } else if t <= epoch_2000 {
                "N/A".to_string()
            } else {
                format!("{} ago", human_duration(cx.now.0 - t.0))
            };
            let by = r.created_by.replace('\t', " ");
            let by = if no_trunc { by } else { ellipsis(&by, 45) };
            let size = if human {
                human_size(r.size)
            } else {
                r.size.to_string()
            };
            formatting::row(&[
                ("Comment", r.comment.clone()),
                ("CreatedAt", created_at),
                ("CreatedBy", by),
                ("CreatedSince", since),
                ("ID", short(&r.id)),
                ("Size", size),
            ])
        })
        .collect();
    let format = match p.value("format") {
        None | Some("table") if p.on("quiet") => Format::Raw("{{.ID}}".into()),
        None | Some("table") if !human => Format::choose(None, TABLE_NON_HUMAN),
        f => Format::choose(f, TABLE),
    };
    match render(&format, HEADERS, &values, "*image.historyContext") {
        Ok(text) => {
            cx.io.out(&text);
            0
        }
        Err(e) => {
            cx.io.err(&format!("{e}\n"));
            1
        }
    }
}

const TABLE: &str = "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";
const TABLE_NON_HUMAN: &str =
    "table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";
const HEADERS: &[(&str, &str)] = &[
    ("Comment", "COMMENT"),
    ("CreatedAt", "CREATED AT"),
    ("CreatedBy", "CREATED BY"),
    ("CreatedSince", "CREATED"),
    ("ID", "IMAGE"),
    ("Size", "SIZE"),
];

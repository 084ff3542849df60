//! `docker images` / `docker image ls`: one row per tag, newest first; in Docker 29, the
//! collapsed view of [`super::images_tree`] unless `-q`, `--no-trunc`, `--digests` or
//! `--format` asks for the table.

use super::formatting::{self, render, Format};
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::format::human_size;
use crate::image::Image;
use crate::reference::Reference;
use crate::time::{human_duration, Timestamp};
use serde_json::Value;
use std::fmt;

pub const USAGE_IMAGES: Usage = Usage {
    command: "docker images",
    synopsis: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
    summary: "List images",
    aliases: "docker image ls, docker image list, docker images",
    options: "  -a, --all             Show all images (default hides intermediate images)\n      --digests         Show digests\n  -f, --filter filter   Filter output based on conditions provided\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only show image IDs\n      --tree            List multi-platform images as a tree (EXPERIMENTAL)\n",
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
    value(Some('f'), "filter"),
    value(None, "format"),
    flag(None, "tree"),
];

/// `--filter` values by key; several values of one key are alternatives.
#[derive(Default)]
struct Filters {
    dangling: Option<bool>,
    references: Vec<String>,
    labels: Vec<String>,
    before: Option<Timestamp>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
}

/// A `--filter` the command line or the daemon refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FilterError {
    /// Not `name=value` (the command line's flag error).
    BadFormat { value: String },
    /// `before=` or `since=` an image the store does not have.
    ImageNotFound { reference: String },
    /// `until=` neither a timestamp nor a number of seconds.
    Timestamp { value: String },
    /// An unknown filter name, or a `dangling` without `true` or `false`.
    InvalidFilter { filter: String },
    /// A reference pattern that is not a valid glob.
    Pattern,
}

impl FilterError {
    /// Whether the daemon reports this (its text then follows `Error response from
    /// daemon: `); otherwise the command line refused the flag.
    fn is_daemons(&self) -> bool {
        !matches!(self, FilterError::BadFormat { .. })
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterError::BadFormat { value } => write!(
                f,
                "invalid argument {value:?} for \"-f, --filter\" flag: bad format of filter (expected name=value)"
            ),
            FilterError::ImageNotFound { reference } => write!(f, "No such image: {reference}"),
            FilterError::Timestamp { value } => {
                write!(f, "failed to parse value {value:?} as a timestamp")
            }
            FilterError::InvalidFilter { filter } => write!(f, "invalid filter '{filter}'"),
            FilterError::Pattern => f.write_str("syntax error in pattern"),
        }
    }
}

fn parse_filters(
    cx: &Ctx,
    values: &[String],
    positional: Option<&str>,
) -> Result<Filters, FilterError> {
    let mut f = Filters::default();
    let mut dangling: Vec<&str> = Vec::new();
    for v in values {
        let Some((key, value)) = v.split_once('=') else {
            return Err(FilterError::BadFormat { value: v.clone() });
        };
        match key.to_lowercase().as_str() {
            "dangling" => dangling.push(value),
            "reference" => f.references.push(value.to_string()),
            "label" => f.labels.push(value.to_string()),
            k @ ("before" | "since") => {
                let id = cx
                    .store
                    .lookup(value)
                    .ok_or_else(|| FilterError::ImageNotFound {
                        reference: value.to_string(),
                    })?;
                let t = cx.store.image(&id).and_then(created_of).unwrap_or_default();
                if k == "before" {
                    f.before = Some(t)
                } else {
                    f.since = Some(t)
                }
            }
            "until" => {
                let t = Timestamp::parse_rfc3339(value)
                    .or_else(|| value.parse::<i64>().ok().map(Timestamp::from_unix_seconds))
                    .ok_or_else(|| FilterError::Timestamp {
                        value: value.to_string(),
                    })?;
                f.until = Some(t);
            }
            _ => {
                return Err(FilterError::InvalidFilter {
                    filter: key.to_string(),
                })
            }
        }
    }
    if !dangling.is_empty() {
        f.dangling = match dangling.as_slice() {
            d if d.contains(&"true") => Some(true),
            d if d.contains(&"false") => Some(false),
            d => {
                return Err(FilterError::InvalidFilter {
                    filter: format!("dangling=[{}]", d.join(" ")),
                })
            }
        };
    }
    if let Some(p) = positional {
        f.references.push(p.to_string());
    }
    for r in &f.references {
        if crate::go::path::path_match(r, "").is_err() {
            return Err(FilterError::Pattern);
        }
    }
    Ok(f)
}

impl Filters {
    /// Whether a reference passes the reference filter (Docker's FamiliarMatch).
    fn reference_ok(&self, r: &Reference) -> bool {
        self.references.is_empty()
            || self.references.iter().any(|p| {
                crate::go::path::path_match(p, &r.familiar()).unwrap_or(false)
                    || crate::go::path::path_match(p, &r.familiar_name()).unwrap_or(false)
            })
    }

    fn image_ok(&self, img: &Image) -> bool {
        let created = created_of(img).unwrap_or_default();
        if self.before.is_some_and(|b| created >= b) || self.since.is_some_and(|s| created <= s) {
            return false;
        }
        if self.until.is_some_and(|u| created >= u) {
            return false;
        }
        self.labels.iter().all(|l| {
            let labels = img
                .config()
                .config
                .get("Labels")
                .and_then(|v| v.as_object());
            let (k, v) = match l.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (l.as_str(), None),
            };
            match labels.and_then(|m| m.get(k)) {
                None => false,
                Some(actual) => v.is_none_or(|v| actual.as_str() == Some(v)),
            }
        })
    }
}

/// One row of the listing.
struct Row {
    repository: String,
    tag: String,
    digest: String,
    id: String,
    /// `2 years ago`, or empty when the image has no creation time.
    created: String,
    /// Go's time.Time String(): `2024-01-01 00:00:00 +0000 UTC`.
    created_at: String,
    size: String,
    virtual_size: String,
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::AtMost(1)) {
        return code;
    }
    let filters = match parse_filters(cx, p.values("filter"), p.args.first().map(String::as_str)) {
        Ok(f) => f,
        Err(e) if e.is_daemons() => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
        // A filter that is not name=value is a flag error: cobra's usage footer.
        Err(e) => {
            cx.io.err(&format!("{e}\n{}", usage.footer("Run")));
            return 125;
        }
    };
    let listed = listed(cx, &filters, p.on("all"));
    if cx.engine.lists_images_as_tree() {
        return match run_29(cx, &p, &filters, listed) {
            Ok((text, shown)) => {
                cx.io.out(&text);
                let name = p.args.first().map(String::as_str).unwrap_or_default();
                if shown == 0 && usage.command == "docker images" && AMBIGUOUS.contains(&name) {
                    cx.io.err(&format!(
                        "No images found matching {name:?}: did you mean \"docker image {name}\"?\n"
                    ));
                }
                0
            }
            Err(e) => {
                cx.io.err(&format!("{e}\n"));
                1
            }
        };
    }
    match table(cx, &p, &listed) {
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

/// The table (docker/cli's imageContext): `-q`, `--digests`, `--no-trunc`, `--format`.
fn table(
    cx: &Ctx,
    p: &super::Parsed,
    listed: &[ListedImage],
) -> Result<String, formatting::FormatError> {
    let rows = rows(cx, listed, p.on("no-trunc"));
    let digests = p.on("digests");
    let format = match p.value("format") {
        None | Some("table") if p.on("quiet") => Format::Raw("{{.ID}}".into()),
        None | Some("table") if digests => Format::choose(None, TABLE_WITH_DIGEST),
        Some(f) if digests && f.starts_with("table") && !f.contains("{{.Digest}}") => {
            Format::choose(Some(&format!("{f}\\t{{{{.Digest}}}}")), TABLE)
        }
        f => Format::choose(f, TABLE),
    };
    let values: Vec<Value> = rows.iter().map(Row::to_value).collect();
    render(&format, HEADERS, &values, "*formatter.imageContext")
}

/// Why Docker 29's listing fails: a template error, or a flag `--tree` does not take yet.
enum ListError {
    Format(formatting::FormatError),
    NotWithTree(&'static str),
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListError::Format(e) => write!(f, "{e}"),
            ListError::NotWithTree(flag) => write!(f, "{flag} is not yet supported with --tree"),
        }
    }
}

const TABLE: &str = "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}";
const TABLE_WITH_DIGEST: &str = "table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}";
const HEADERS: &[(&str, &str)] = &[
    ("Containers", "CONTAINERS"),
    ("CreatedAt", "CREATED AT"),
    ("CreatedSince", "CREATED"),
    ("Digest", "DIGEST"),
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("SharedSize", "SHARED SIZE"),
    ("Size", "SIZE"),
    ("Tag", "TAG"),
    ("UniqueSize", "UNIQUE SIZE"),
    ("VirtualSize", "SIZE"),
];

impl Row {
    /// The fields docker/cli's imageContext offers to templates.
    fn to_value(&self) -> Value {
        formatting::row(&[
            ("Containers", "N/A".into()),
            ("CreatedAt", self.created_at.clone()),
            ("CreatedSince", self.created.clone()),
            ("Digest", self.digest.clone()),
            ("ID", self.id.clone()),
            ("Repository", self.repository.clone()),
            ("SharedSize", "N/A".into()),
            ("Size", self.size.clone()),
            ("Tag", self.tag.clone()),
            ("UniqueSize", "N/A".into()),
            ("VirtualSize", self.virtual_size.clone()),
        ])
    }
}

/// Go's `time.Unix(s, 0).String()` in UTC: `2024-01-01 00:00:00 +0000 UTC`.
fn go_time_string(t: Timestamp) -> String {
    let s = Timestamp::from_unix_seconds(t.unix_seconds()).to_rfc3339();
    format!("{} +0000 UTC", s.trim_end_matches('Z').replace('T', " "))
}

pub(crate) fn created_of(img: &Image) -> Option<Timestamp> {
    img.config()
        .created
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
}

/// The images in the order `docker images` lists them: newest first, then by ID.
pub(crate) fn listing_order(store: &crate::store::Store) -> Vec<&Image> {
    let mut images: Vec<&Image> = store.images().collect();
    images.sort_by(|a, b| created_of(b).cmp(&created_of(a)).then(a.id().cmp(&b.id())));
    images
}

/// The CREATED column: `2 years ago`, or empty when the image has no creation time.
pub(crate) fn created_since(img: &Image, now: Timestamp) -> String {
    match created_of(img) {
        Some(t) => format!("{} ago", human_duration(now.0 - t.0)),
        None => String::new(),
    }
}

/// An image as the daemon lists it: the tags that pass the reference filter (none for a
/// dangling image).
pub(crate) struct ListedImage<'a> {
    img: &'a Image,
    tags: Vec<&'a Reference>,
}

/// moby's image list: an untagged image with children is an intermediate image, shown
/// only with `-a`; `dangling=true` lists only images without children (the store's heads).
fn listed<'a>(cx: &'a Ctx, filters: &Filters, all: bool) -> Vec<ListedImage<'a>> {
    let mut out = Vec::new();
    for img in listing_order(cx.store) {
        if !filters.image_ok(img) {
            continue;
        }
        let all_tags = cx.store.tags_of(&img.id());
        // Docker 29's record named by a digest (a pull by digest) is not dangling, and the
        // reference filter matches that name (moby's FamiliarMatch on the record's name).
        let digest_names = if img.target().is_some() {
            cx.store.digests_of(&img.id())
        } else {
            Vec::new()
        };
        let named_by_digest = !digest_names.is_empty();
        let digest_listed = digest_names.iter().any(|r| filters.reference_ok(r));
        let dangling = all_tags.is_empty() && !named_by_digest;
        let tags: Vec<&Reference> = all_tags
            .into_iter()
            .filter(|t| filters.reference_ok(t))
            .collect();
        let has_children = !cx.store.children(&img.id()).is_empty();
        match filters.dangling {
            Some(true) if !dangling || has_children => continue,
            Some(false) if dangling => continue,
            _ => {}
        }
        if tags.is_empty()
            && !digest_listed
            && (!dangling || !filters.references.is_empty() || (has_children && !all))
        {
            continue;
        }
        out.push(ListedImage { img, tags });
    }
    out
}

/// The table's rows: one per tag, `<none>` for a dangling image.
fn rows(cx: &Ctx, listed: &[ListedImage], no_trunc: bool) -> Vec<Row> {
    let mut out = Vec::new();
    for ListedImage { img, tags } in listed {
        let id = if no_trunc {
            img.id().to_string()
        } else {
            img.id().short()
        };
        let created_time = created_of(img);
        let created = created_since(img, cx.now);
        let created_at = go_time_string(created_time.unwrap_or_default());
        let bytes = cx.store.image_size(img);
        let size = human_size(bytes);
        let virtual_size = crate::format::human_size_4(bytes);
        if tags.is_empty() {
            out.push(Row {
                repository: "<none>".into(),
                tag: "<none>".into(),
                digest: "<none>".into(),
                id,
                created,
                created_at,
                size,
                virtual_size,
            });
            continue;
        }
        // Docker 29 lists one digest reference, the last name's repository at the target
        // (moby v29.7.2 image_list.go singlePlatformImage).
        let digests: Vec<Reference> = match img.target() {
            Some(target) => {
                let names = cx.store.tags_of(&img.id());
                names
                    .last()
                    .map(|t| t.with_digest(target.digest()))
                    .into_iter()
                    .collect()
            }
            None => cx
                .store
                .digests_of(&img.id())
                .into_iter()
                .cloned()
                .collect(),
        };
        for t in tags {
            let digest = digests
                .iter()
                .find(|d| d.name() == t.name())
                .and_then(|d| d.digest())
                .map(|d| d.to_string())
                .unwrap_or_else(|| "<none>".into());
            out.push(Row {
                repository: t.familiar_name(),
                tag: t.tag().unwrap_or("<none>").to_string(),
                digest,
                id: id.clone(),
                created: created.clone(),
                created_at: created_at.clone(),
                size: size.clone(),
                virtual_size: virtual_size.clone(),
            });
        }
    }
    out
}

/// Docker 29's CLI (v29.7.2 `cli/command/image/list.go` runImages): dangling images go
/// unless `-a` or `dangling=true` keeps them; the table when `-q`, `--no-trunc`,
/// `--digests` or `--format` asks for it, else the collapsed view (`--tree`: expanded).
/// An image as Docker 29's daemon lists it (moby v29.7.2 `image_list.go`
/// multiPlatformSummary): sizes over every platform in the store, a container of any
/// platform marking it in use, and its platforms in the index's order, attestations left
/// out. Over the classic store (no target) there are no manifests: CONTENT SIZE is 0.
fn tree_entry(cx: &Ctx, l: &ListedImage) -> super::images_tree::Listed {
    use super::images_tree::{Details, Listed, Platform};
    let id = l.img.id();
    let in_use = !cx.containers.using(&id).is_empty();
    let (content_size, disk_usage) = cx.store.image_usage(l.img);
    let platforms = l
        .img
        .target()
        .map(|t| {
            t.members()
                .iter()
                .filter(|m| m.entry.attests.is_none())
                .map(|m| {
                    let (content, unpacked) = m
                        .content
                        .as_ref()
                        .map_or((0, 0), |c| cx.store.manifest_usage(c));
                    // Containers are made from the image's own (best) platform.
                    let own = m
                        .content
                        .as_ref()
                        .is_some_and(|c| c.config == *l.img.raw_config());
                    Platform {
                        name: m.entry.platform(),
                        available: m.content.is_some(),
                        details: Details {
                            id: m.entry.descriptor.digest,
                            disk_usage: content + unpacked,
                            content_size: content,
                            in_use: in_use && own,
                        },
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Listed {
        // Docker 29 lists a record pulled by digest by that name (`alpine@sha256:...`).
        tags: l
            .tags
            .iter()
            .copied()
            .chain(cx.store.digests_of(&id))
            .map(|t| t.familiar())
            .collect(),
        details: Details {
            id,
            disk_usage,
            content_size,
            in_use,
        },
        platforms,
    }
}

/// `docker image` subcommands and aliases: Docker 29's `docker images NAME` finding nothing
/// under one of these names suggests `docker image NAME` (v29.7.2 `printAmbiguousHint`).
const AMBIGUOUS: &[&str] = &[
    "build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm",
    "save", "tag",
];

/// What it prints and how many images (or rows) it showed, or its one-line error.
fn run_29(
    cx: &Ctx,
    p: &super::Parsed,
    filters: &Filters,
    mut listed: Vec<ListedImage>,
) -> Result<(String, usize), ListError> {
    if !p.on("all") && filters.dangling != Some(true) {
        // A record named by a digest alone (a pull by digest) is named, not dangling.
        listed.retain(|l| !l.tags.is_empty() || !cx.store.digests_of(&l.img.id()).is_empty());
    }
    let tree = p.on("tree");
    let asks_for_table = [
        ("quiet", "--quiet"),
        ("no-trunc", "--no-trunc"),
        ("digests", "--show-digest"),
        ("format", "--format"),
    ]
    .into_iter()
    .find(|(flag, _)| p.on(flag) || (*flag == "format" && p.value("format").is_some()));
    if let Some((_, name)) = asks_for_table {
        if tree {
            return Err(ListError::NotWithTree(name));
        }
        return table(cx, p, &listed)
            .map(|text| (text, listed.len()))
            .map_err(ListError::Format);
    }
    let images: Vec<super::images_tree::Listed> =
        listed.iter().map(|l| tree_entry(cx, l)).collect();
    let screen = super::images_tree::Screen {
        terminal: cx.io.stdout_is_terminal,
        width: cx.columns,
    };
    Ok(super::images_tree::render(&images, tree, screen))
}
